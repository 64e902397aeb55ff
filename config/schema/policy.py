"""policy.toml: the rules of POLICY.md as data, each value with its POLICY id and source."""

from __future__ import annotations

from typing import Annotated, Literal

from airclass.config.schema.common import GRADES, Cited, DomainKey, Grade, StageName, StrictModel
from pydantic import Field, model_validator

Minutes = Annotated[float, Field(gt=0)]
Fraction01 = Annotated[float, Field(ge=0, le=1)]


class Stage(Cited):
    """A school stage (P1): which grades it holds."""

    grades: list[Grade]
    name_zh: str
    name_en: str


class LectureWindow(Cited):
    """Micro-lecture length window for one stage (L3)."""

    min_minutes: Minutes
    max_minutes: Minutes

    @model_validator(mode="after")
    def _min_not_above_max(self) -> LectureWindow:
        if self.min_minutes > self.max_minutes:
            raise ValueError(
                f"min_minutes ({self.min_minutes}) is above max_minutes ({self.max_minutes})"
            )
        return self


class LectureMax(Cited):
    """Longest single lecture (L1); a stricter local profile, so a warning by default."""

    minutes: Minutes
    severity: Literal["warning", "error"] = "warning"


class DailyCap(Cited):
    """Daily screen-time cap for one stage (L2)."""

    minutes: Minutes


class MinBreak(Cited):
    """Minimum break between two lessons of one grade (L4), opened by eye exercises: every
    lesson is followed on its channel by the channel's eye-exercise clip (clips.eye_exercise)."""

    minutes: Annotated[float, Field(ge=0)]
    eye_exercise_after_lessons: bool = True


class Priority(Cited):
    """Priority weight of each grade (P1): primary first, then the exam cohorts, then the other
    secondary grades (checked by Policy, which knows the stages and voluntary grades)."""

    weights: dict[str, Annotated[int, Field(ge=1, le=1000)]]
    exam_grades: list[Grade]
    """The zhongkao and gaokao cohorts (特别是参加中考、高考学生)."""
    exam_floor_minutes: Annotated[float, Field(ge=0)] = 0
    """Lesson minutes each exam grade gets a week before primary takes the rest: weights
    alone would leave them their domain minimums only, level with grades 7, 8, 10, 11,
    whenever primary demand exceeds the airtime."""

    @model_validator(mode="after")
    def _every_grade_weighted(self) -> Priority:
        missing = [g for g in GRADES if str(g) not in self.weights]
        unknown = [k for k in self.weights if not k.isdigit() or int(k) not in GRADES]
        if missing or unknown:
            raise ValueError(
                f"weights need grades 1–12 exactly; missing {missing}, unknown {unknown}"
            )
        return self

    def weight(self, grade: int) -> int:
        return self.weights[str(grade)]


class CoursePerDay(Cited):
    """L7: at most this many new lessons (first airings) of one course a day, per stage, so a
    subject's lessons spread over the week (repeats are a second chance, not extra load)."""

    max_lessons: dict[StageName, Annotated[int, Field(ge=1)]]


class Regularity(Cited):
    """L7: a course airs at a steady local time on the days it airs. Soft: each extra start
    time of day a grade uses costs `penalty` (priority-weighted minutes) in the objective."""

    penalty: Annotated[float, Field(ge=0)]


class Voluntary(Cited):
    """Grades whose lessons are voluntary (P4): planned at a lower priority, never excluded."""

    grades: list[Grade]
    weight_factor: Fraction01


class Domain(Cited):
    """A whole-person domain of 德智体美劳 with its weekly minimum per grade (C1/C2)."""

    name_zh: str
    name_en: str
    min_weekly_minutes: Annotated[float, Field(ge=0)]


class AdRule(Cited):
    """Adverts (B1): never inside a lesson; between programmes only where a channel allows."""

    inside_lessons: Literal[False] = False
    max_break_minutes: Minutes


class Stagger(Cited):
    """Staggered starts (P6): grades on one network do not all begin at the same minute."""

    offset_minutes: Annotated[int, Field(ge=0)]


class Repeats(Cited):
    """Later second airings for one-TV families: worth `value_factor` of a first airing."""

    value_factor: Fraction01
    max_per_lesson: Annotated[int, Field(ge=0)]
    min_gap_hours: Annotated[float, Field(ge=0)]


class ReviewLevel(StrictModel):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    name_zh: str
    name_en: str


class ReviewPolicy(Cited):
    """Multi-level content review (C5): every level, in order, approves a file before it airs."""

    levels: Annotated[list[ReviewLevel], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_levels(self) -> ReviewPolicy:
        ids = [level.id for level in self.levels]
        if len(set(ids)) != len(ids):
            raise ValueError(f"review level ids must be unique, got {ids}")
        return self

    @property
    def level_ids(self) -> list[str]:
        return [level.id for level in self.levels]


class Planning(StrictModel):
    """Engineering parameters of the planner (not policy)."""

    grain_minutes: Annotated[int, Field(ge=1, le=60)] = 5
    time_limit_seconds: Annotated[float, Field(gt=0)] = 30
    replan_time_limit_seconds: Annotated[float, Field(gt=0)] = 2
    """A replan's repair: a scheduler waits for it (the best repair found by then is kept)."""
    workers: Annotated[int, Field(ge=1)] = 2
    seed: int = 0


class Policy(StrictModel):
    stages: dict[StageName, Stage]
    lecture: dict[StageName, LectureWindow]
    lecture_max: LectureMax
    daily_cap: dict[StageName, DailyCap]
    min_break: MinBreak
    priority: Priority
    voluntary: Voluntary
    domains: dict[DomainKey, Domain]
    ads: AdRule
    stagger: Stagger
    repeats: Repeats
    course_per_day: CoursePerDay
    regularity: Regularity
    review: ReviewPolicy
    planning: Planning = Planning()

    @model_validator(mode="after")
    def _stages_partition_grades(self) -> Policy:
        seen = sorted(g for stage in self.stages.values() for g in stage.grades)
        if seen != list(GRADES):
            raise ValueError(f"stages must hold grades 1–12 once each, got {seen}")
        for table, values in (
            ("lecture", self.lecture),
            ("daily_cap", self.daily_cap),
            ("course_per_day.max_lessons", self.course_per_day.max_lessons),
        ):
            missing = set(self.stages) - set(values)
            if missing:
                raise ValueError(f"[{table}] lacks stage(s) {sorted(missing)}")
        return self

    @model_validator(mode="after")
    def _priority_follows_p1(self) -> Policy:
        """P1 is an order: every primary grade (after the P4 voluntary factor) above every exam
        grade, every exam grade above every other secondary grade."""
        primary = self.stages["primary"].grades if "primary" in self.stages else []
        exam = self.priority.exam_grades
        if not primary or set(primary) & set(exam):
            raise ValueError(f"[priority] exam_grades {exam} must be secondary grades")
        rest = [g for g in GRADES if g not in primary and g not in exam]
        bands = [("primary", primary), ("exam_grades", exam), ("other secondary", rest)]
        for (upper, high), (lower, low) in zip(bands, bands[1:], strict=False):
            weakest = min(high, key=self.effective_weight)
            strongest = max(low, key=self.effective_weight, default=None)
            if strongest is not None and self.effective_weight(weakest) <= self.effective_weight(
                strongest
            ):
                raise ValueError(
                    f"[priority] breaks P1: grade {weakest} ({upper}) is worth "
                    f"{self.effective_weight(weakest):g}, not above grade {strongest} ({lower}) "
                    f"at {self.effective_weight(strongest):g}; raise the weights of {upper} "
                    "(for voluntary grades, weight × voluntary.weight_factor counts)"
                )
        return self

    def effective_weight(self, grade: int) -> float:
        """Priority weight of a grade's airtime: its weight, × the P4 factor if voluntary."""
        factor = self.voluntary.weight_factor if self.is_voluntary(grade) else 1.0
        return self.priority.weight(grade) * factor

    def stage_of(self, grade: int) -> StageName:
        for name, stage in self.stages.items():
            if grade in stage.grades:
                return name
        raise KeyError(grade)

    def is_voluntary(self, grade: int) -> bool:
        return grade in self.voluntary.grades
