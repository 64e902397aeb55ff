"""The plan: the solver's output, written as plan.json and read by playout and api.

Times are local wall-clock (the channel's time zone) and frames at the channel's rate:
`start_frame` counts from local midnight of `date`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from airclass.config.clearance import Hold, Reason
from airclass.config.i18n import t
from pydantic import BaseModel, ConfigDict, Field


def title_after_number(title: str, number: int) -> str:
    """A lesson title without the lesson number it may open with, for headings that print the
    number themselves: ("第1课 我们的好朋友", 1) → "我们的好朋友"; ("Lesson 3: Spring", 3) →
    "Spring"; a title that names another number, or none, is kept whole."""
    pattern = rf"^\s*(?:第\s*{number}\s*课|lesson\s+{number}\b)[\s:：.．、,，-]*"
    return re.sub(pattern, "", title, count=1, flags=re.IGNORECASE).strip()


class Status(StrEnum):
    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Airing(_Frozen):
    """One lesson on one channel at one time.

    `uid` is stable across plan versions: it names the lesson and which airing of it this is,
    never the time or channel, so a moved airing keeps its identity in calendars:
    `g03-yuwen-007.1@airclass` (first airing), `g03-yuwen-007.2@airclass` (the repeat).
    """

    uid: str
    channel: str
    date: dt.date
    start_frame: Annotated[int, Field(ge=0)]
    duration_frames: Annotated[int, Field(gt=0)]
    """True media length of the lesson (from the validated catalogue)."""
    slot_frames: Annotated[int, Field(gt=0)]
    """Airtime the plan reserves: the media length rounded up to the time grain."""
    grade: Annotated[int, Field(ge=1, le=12)]
    course: str
    subject: str
    domain: str
    lesson_id: str
    lesson_number: int
    title: str
    asset: str
    task_sheet: str | None = None
    is_repeat: bool = False


class GradeSummary(_Frozen):
    grade: int
    demanded_minutes: float
    aired_minutes: float
    first_airings: int
    repeats: int
    carried_over: list[str]
    """Lesson ids demanded this week that did not air: they carry over to next week."""


class Shortfall(_Frozen):
    """C1: a grade that could not get a domain's weekly minimum (not enough approved lessons or
    airtime); it got what could air. Domain "all" is an exam grade's P1 weekly floor."""

    grade: int
    domain: str
    need_minutes: float
    aired_minutes: float


class CourseSummary(_Frozen):
    """L7: how a course's new lessons sit in the week."""

    course: str
    grade: int
    first_airings: int
    distinct_starts: int
    """Distinct start times (channel and local clock) of the course's first airings."""
    most_per_day: int
    """Most first airings of the course on one day (policy course_per_day)."""


class WaitReason(StrEnum):
    """Why a schedulable lesson did not air; the gate's reasons are config.clearance.Reason."""

    PREDECESSOR = "predecessor"
    """C7: an earlier lesson of the course waits (held, or not aired)."""
    DAILY_CAP = "daily_cap"
    """L2 or L7: the grade's minutes or the course's lessons a day are used up on every day
    the lesson could air."""
    NO_AIRTIME = "no_airtime"
    """Every start the lesson could take is taken by lessons of equal or lower priority (their
    weekly minimums) or by the grade's own lessons, or the grade has no open airtime."""
    OUTRANKED = "outranked"
    """Every start the lesson could take is taken, some by airings worth more (P1)."""
    SEARCH_STOPPED = "search_stopped"
    """Airtime was free but the search stopped first (the plan is FEASIBLE, not OPTIMAL)."""
    WITHDRAWN = "withdrawn"
    """A replan withdrew it."""


class Waiting(_Frozen):
    """A lesson the week demands that did not air (it carries over), and why."""

    lesson_id: str
    grade: int
    reason: str
    """A WaitReason value, or the gate's reason (config.clearance.Reason value)."""
    level: str | None = None
    """The review level (review_pending, review_rejected)."""
    profile: str | None = None
    """The acceptance profile (not_validated, failed, outside_window)."""
    stage: str | None = None
    lesson: str | None = None
    """The earlier lesson that waits (predecessor)."""
    grades: list[int] = []
    """The grades whose airings outrank this lesson (outranked)."""
    channels: list[str] = []
    """The channels that could carry it (no_airtime, outranked, daily_cap)."""

    def message(self, lang: str = "en") -> str:
        if self.reason in {r.value for r in Reason}:
            hold = Hold(Reason(self.reason), self.level, self.profile, self.stage)
            return hold.message(lang)
        return t(
            f"solver.wait.{self.reason}",
            lang,
            lesson=self.lesson or "-",
            grades=", ".join(map(str, self.grades)) or "-",
            channels=", ".join(self.channels) or "-",
        )


class Plan(_Frozen):
    version: int = 1
    week: dt.date
    """Monday of the planned week."""
    config: str
    """Config directory name the plan was built from."""
    frame_rate: dict[str, str]
    """Channel id → frame rate, e.g. {"cetv4.airclass": "25"}."""
    status: Status
    objective: float
    """Priority-weighted minutes of airtime (P1, P4; repeats at their value factor) less the
    penalties."""
    best_bound: float
    gap: float
    solve_seconds: float
    seed: int
    created_at: dt.datetime
    airings: list[Airing]
    grades: list[GradeSummary]
    courses: list[CourseSummary] = []
    shortfalls: list[Shortfall] = []
    penalties: dict[str, float] = {}
    """Objective minutes taken off for soft rules: "regularity" (L7), "shortfall" (C1).
    objective = priority-weighted airtime − the penalties."""
    waiting: list[Waiting] = []
    """Every carried-over lesson (GradeSummary.carried_over) with the reason it did not air."""

    def write(self, path: Path) -> None:
        """Write atomically: a crash never leaves a half-written plan.json."""
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def read(cls, path: Path) -> Plan:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))
