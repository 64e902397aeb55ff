"""Building blocks shared by the config schemas: strict models, cited rules, clock times."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

GRADES = range(1, 13)
StageName = Literal["primary", "junior", "senior"]
DomainKey = Literal["de", "zhi", "ti", "mei", "lao"]


class StrictModel(BaseModel):
    """Unknown keys are errors; values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


PolicyId = Annotated[str, Field(pattern=r"^[PLCBD][1-9]$")]


class Cited(StrictModel):
    """A rule value that names the POLICY id it enforces and the source text it comes from."""

    policy: PolicyId
    source: Annotated[str, Field(min_length=1)]


def _check_grade(grade: int) -> int:
    if grade not in GRADES:
        raise ValueError(f"grade must be 1–12, got {grade}")
    return grade


Grade = Annotated[int, AfterValidator(_check_grade)]


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def index(self) -> int:
        """Monday = 0, as `date.weekday()`."""
        return list(Weekday).index(self)


_CLOCK = re.compile(r"^(\d{2}):(\d{2})$")


def _parse_clock(value: object) -> int:
    """'HH:MM' → minutes after midnight, 00:00–24:00 inclusive."""
    if not isinstance(value, str) or not (m := _CLOCK.match(value)):
        raise ValueError(f"time must be 'HH:MM' (00:00–24:00), got {value!r}")
    hours, minutes = int(m[1]), int(m[2])
    total = hours * 60 + minutes
    if minutes > 59 or total > 24 * 60:
        raise ValueError(f"time must lie within 00:00–24:00, got {value!r}")
    return total


ClockMinutes = Annotated[int, BeforeValidator(_parse_clock)]
"""Minutes after local midnight, written 'HH:MM' in TOML."""


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
