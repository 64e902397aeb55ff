"""demo-reviews.toml: who signs each review level in `airclass demo`, and what it holds back.

Demo data only. Real sign-offs come from `airclass review sign` or POST /api/v1/reviews; the
demo records them the same way, as distinct people, one per level (C5: 多级审核 by teams).
"""

from __future__ import annotations

from typing import Annotated, Literal

from airclass.config.schema.common import Cited, StrictModel
from pydantic import Field, model_validator


class HeldLesson(StrictModel):
    """A lesson the demo's reviewers do not pass: pending or rejected at `level`."""

    asset: str
    level: str
    decision: Literal["pending", "rejected"]
    note: str = ""


class DemoReviews(Cited):
    reviewers: Annotated[dict[str, Annotated[str, Field(min_length=1)]], Field(min_length=1)]
    """Review level id → the demo person who signs it."""
    held: list[HeldLesson] = []

    @model_validator(mode="after")
    def _one_person_per_level(self) -> DemoReviews:
        people = [" ".join(name.split()).casefold() for name in self.reviewers.values()]
        if len(set(people)) != len(people):
            raise ValueError(
                "each review level needs a different reviewer (C5: one person signs one level)"
            )
        return self
