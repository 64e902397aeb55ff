"""curricula/grade-N.toml: each grade's courses with their ordered lessons."""

from __future__ import annotations

from typing import Annotated, Any

from airclass.config.schema.common import DomainKey, Grade, StrictModel
from pydantic import Field, model_validator


class Lesson(StrictModel):
    number: Annotated[int, Field(ge=1)]
    title: str
    asset: str
    task_sheet: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_declared_review(cls, data: Any) -> Any:
        """C5 has one gate, the catalogue's sign-offs; a declared review would be a second."""
        if isinstance(data, dict) and "review" in data:
            raise ValueError(
                "`review` is no longer read: a lesson airs once its file is signed at every "
                "review level in the catalogue (`airclass review sign` or POST /api/v1/reviews, "
                "C5); remove this line"
            )
        return data


class Course(StrictModel):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    subject: str
    subject_en: str
    domain: DomainKey
    lessons_per_week: Annotated[int, Field(ge=0)]
    lesson: list[Lesson] = []

    @model_validator(mode="after")
    def _lessons_in_order(self) -> Course:
        numbers = [lesson.number for lesson in self.lesson]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(
                f"lesson numbers must run 1, 2, 3 … in syllabus order (C7), got {numbers}"
            )
        return self


class Curriculum(StrictModel):
    grade: Grade
    course: list[Course] = []
