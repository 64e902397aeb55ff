"""The feed settings (`feeds.toml` next to this module), typed and checked once."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

_FILE = Path(__file__).with_name("feeds.toml")

PositiveInt = Annotated[int, Field(gt=0)]


class FeedConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    window_past_days: PositiveInt
    window_future_days: PositiveInt
    cancelled_visible_days: PositiveInt
    refresh_hours: PositiveInt
    max_age_seconds: PositiveInt
    stale_if_error_seconds: PositiveInt
    default_timezone: str
    memory_cache_entries: PositiveInt
    memory_cache_bytes: PositiveInt
    prodid: str
    uid_domain: str

    @property
    def cache_control(self) -> str:
        return (
            f"public, max-age={self.max_age_seconds}, stale-if-error={self.stale_if_error_seconds}"
        )


@functools.cache
def feed_config() -> FeedConfig:
    return FeedConfig.model_validate(tomllib.loads(_FILE.read_text(encoding="utf-8")))
