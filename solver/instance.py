"""The planning instance: the world of one week, preprocessed into integer grains.

Time in the model is a count of *grains* (policy.planning.grain_minutes) on one global axis:
grain `t` of the week is `day * grains_per_day + local grain of the day`, local to the channels'
time zone (channels in another zone are shifted by their UTC offset difference). A lesson
occupies `slot` grains: its measured length in frames rounded up to the grain.

Which lessons are demanded (C7, P5, C5): for each course, the first `lessons_per_week` lessons
not aired before, in syllabus order. Only the prefix of those that is approved and has a
measured duration is schedulable; the rest carry over.

P6 (stagger), as a ladder: on one network, the grades the network serves are ranked by grade
number; on each channel and day, the grade of rank r starts no lesson earlier than that
channel's first opening that day plus r × stagger.offset_minutes. Counted from each channel's
own opening, so no two grades of a network open their day at the same minute.

L4: every lesson is followed on its channel by the channel's eye-exercise clip, so an airing
holds its channel for its slot plus `turnaround` grains (the clip rounded up to the grain).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping
from fractions import Fraction
from zoneinfo import ZoneInfo

from airclass.config.schema.channels import Channel
from airclass.config.schema.world import LessonRef, World
from airclass.config.timecode import FrameRate
from airclass.solver.errors import InstanceError
from pydantic import BaseModel, ConfigDict, PrivateAttr

VALUE_SCALE = 100
"""Objective coefficients are weight × factor × VALUE_SCALE per second of airtime.

The objective counts the airtime a lesson is given (its slot, a whole number of grains), not
its exact media length: every grain a grade receives is worth the same to it, so the choice
is about who gets airtime, not a knapsack over lesson lengths, and the LP bound stays tight."""

_MINUTES_PER_DAY = 24 * 60

HELD = "held"
OUTSIDE_WINDOW = "outside_window"
PREDECESSOR = "predecessor"

ALL_DOMAINS = "all"
"""The domain key of a minimum over lessons of every domain (the P1 exam floor)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ChannelInfo(_Frozen):
    id: str
    network: str
    grades: tuple[int, ...]
    zone: str
    turnaround: int = 0
    """Grains the channel stays free after each lesson for its eye-exercise clip (L4)."""


class Day(_Frozen):
    index: int
    date: dt.date
    weekday: str
    """Which weekday's timetable runs (swapped working days run another weekday's)."""


class Span(_Frozen):
    """A stretch of open airtime: channel `channel` on day `day`, grains [start, end)."""

    channel: int
    day: int
    start: int
    end: int


class LessonItem(_Frozen):
    index: int
    id: str
    grade: int
    course: str
    position: int
    """0-based position among the course's schedulable lessons this week (C7 order)."""
    subject: str
    domain: str
    lesson_number: int
    title: str
    asset: str
    task_sheet: str | None
    duration_frames: int
    seconds: int
    """Screen time: the measured length rounded up to a whole second."""
    slot: int
    value: int
    """Objective value of a first airing: weight × voluntary factor × VALUE_SCALE × slot seconds."""
    repeat_value: int


class Instance(_Frozen):
    week: dt.date
    config: str
    frame_rate: str
    grain_minutes: int
    grains_per_day: int
    break_grains: int
    repeat_gap_grains: int
    max_repeats: int
    channels: tuple[ChannelInfo, ...]
    days: tuple[Day, ...]
    spans: tuple[Span, ...]
    lessons: tuple[LessonItem, ...]
    daily_cap_seconds: dict[int, int]
    course_cap: dict[int, int]
    """Grade → most new lessons of one course a day (L7)."""
    regularity_penalty: int
    """Objective units each extra start time of day of a grade costs (L7, soft)."""
    domain_min_seconds: dict[tuple[int, str], int]
    exam_floor_seconds: dict[int, int] = {}
    """Exam grade → lesson seconds it gets a week before primary takes the rest (P1)."""
    strict_minimums: bool = False
    """C1: True makes every weekly minimum hard as written. False (the default) holds each
    minimum up to what the grade's approved lessons and airtime allow, and the plan reports
    the rest as a shortfall."""
    soft_minimums: bool = False
    """The fallback when even those minimums clash with other rules: each second short costs
    `shortfall_price` in the objective instead."""
    earliest: dict[tuple[int, int, int], int]
    """(grade, channel, day) → first grain a lesson may start (P6 ladder)."""
    shift_minutes: dict[tuple[int, int], int]
    """(channel, day) → minutes added to the channel's local clock to reach the global axis."""
    demanded: dict[int, tuple[str, ...]]
    """Grade → every lesson id demanded this week (schedulable or not)."""
    demanded_seconds: dict[int, int]
    unschedulable: dict[str, tuple[str, str]] = {}
    """Lesson id → (HELD, its asset) when the gate holds it, (OUTSIDE_WINDOW, its asset) when
    its measured length is outside L3, (PREDECESSOR, the lesson id) after such a lesson (C7)."""
    seed: int
    _bounds: dict[tuple[int, int], dict[int, tuple[int, int]]] = PrivateAttr(default_factory=dict)

    @property
    def rate(self) -> FrameRate:
        return FrameRate.parse(self.frame_rate)

    def starts(self, lesson: LessonItem, channel: int) -> list[int]:
        """Every grain where `lesson` may start on `channel`: inside open time, after the ladder."""
        if lesson.grade not in self.channels[channel].grades:
            return []
        result: list[int] = []
        for span in self.spans:
            if span.channel != channel:
                continue
            first = max(span.start, self.earliest.get((lesson.grade, channel, span.day), 0))
            footprint = lesson.slot + self.channels[channel].turnaround
            result.extend(range(first, span.end - footprint + 1))
        return result

    def day_of(self, grain: int) -> int:
        return grain // self.grains_per_day

    def repeat_allowed(self, lesson: LessonItem, first_day: int, later_day: int) -> bool:
        """May a repeat on `later_day` follow an airing on `first_day`, whatever their hours?

        True when it is a later day and its first possible start lies at least
        repeats.min_gap_hours after the last possible start of the earlier day.
        """
        if later_day <= first_day:
            return False
        bounds = self._day_bounds(lesson)
        if first_day not in bounds or later_day not in bounds:
            return False
        return bounds[later_day][0] - bounds[first_day][1] >= self.repeat_gap_grains

    def _day_bounds(self, lesson: LessonItem) -> dict[int, tuple[int, int]]:
        """Day → (first, last) grain where a lesson of this grade and length may start."""
        key = (lesson.grade, lesson.slot)
        if key not in self._bounds:
            bounds: dict[int, tuple[int, int]] = {}
            for c in range(len(self.channels)):
                for t in self.starts(lesson, c):
                    lo, hi = bounds.get(self.day_of(t), (t, t))
                    bounds[self.day_of(t)] = (min(lo, t), max(hi, t))
            self._bounds[key] = bounds
        return self._bounds[key]

    def local_start(self, channel: int, grain: int) -> tuple[dt.date, int]:
        """Global grain on `channel` → (local date, frame from local midnight)."""
        day = grain // self.grains_per_day
        minutes = grain * self.grain_minutes - self.shift_minutes.get((channel, day), 0)
        local_day, local_minutes = divmod(minutes, _MINUTES_PER_DAY)
        date = self.week + dt.timedelta(days=local_day)
        return date, int(Fraction(local_minutes * 60) * self.rate.fps)

    @property
    def shortfall_price(self) -> int:
        """Objective units per second of a shortfall (C1 domain minimum, P1 exam floor): four
        times the most a second of any lesson is worth, so meeting a minimum always beats the
        airtime it takes (a lesson's slot, break and eye exercises stay below four times its
        length)."""
        return 4 * max((-(-x.value // x.seconds) for x in self.lessons), default=1)

    def minimums(self) -> list[tuple[int, str, int]]:
        """(grade, domain key or "all", seconds): every weekly minimum a grade should get: the
        C1 domain minimums and the P1 exam floor (domain "all": lessons of any domain)."""
        floors = [(g, ALL_DOMAINS, need) for g, need in sorted(self.exam_floor_seconds.items())]
        domains = [(g, d, need) for (g, d), need in sorted(self.domain_min_seconds.items())]
        return domains + floors

    def minimum(self, grade: int, domain: str) -> int:
        """Seconds of the weekly minimum of (grade, domain key or "all")."""
        if domain == ALL_DOMAINS:
            return self.exam_floor_seconds.get(grade, 0)
        return self.domain_min_seconds.get((grade, domain), 0)

    def attainable(self, grade: int, domain: str, need: int) -> int:
        """The part of a weekly minimum the model holds: all of it when strict, else at most
        the grade's schedulable lessons of that domain, and nothing without airtime."""
        if self.strict_minimums:
            return need
        if not any(grade in self.channels[s.channel].grades for s in self.spans):
            return 0
        have = sum(
            x.seconds
            for x in self.lessons
            if x.grade == grade and domain in (x.domain, ALL_DOMAINS)
        )
        return min(need, have)

    def slot_frames(self, lesson: LessonItem) -> int:
        return int(Fraction(lesson.slot * self.grain_minutes * 60) * self.rate.fps)


def build_instance(
    world: World,
    week: dt.date,
    durations: Mapping[str, int],
    *,
    aired_before: Collection[str] = (),
    seed: int | None = None,
    strict_minimums: bool = False,
) -> Instance:
    """Preprocess `world` for the week starting Monday `week`.

    `durations` maps asset id → measured length in frames (only lectures the catalogue's gate
    lets air, media.gate); a length outside the grade's L3 window is held here too;
    `aired_before` lists lesson ids aired in earlier weeks, so demand resumes after them.
    `strict_minimums` makes the C1 domain minimums hard rules instead of reported shortfalls.
    """
    if week.weekday() != 0:
        raise InstanceError("solver.week_not_monday", week=week.isoformat())
    planning = world.policy.planning
    grain = planning.grain_minutes
    if _MINUTES_PER_DAY % grain:
        raise InstanceError("solver.bad_grain", grain=grain)
    rate = _common_rate(world.channels)
    grains_per_day = _MINUTES_PER_DAY // grain
    days = _days(world, week)
    channels = tuple(
        ChannelInfo(
            id=c.id,
            network=c.network,
            grades=tuple(sorted(c.grade_set)),
            zone=c.timezone,
            turnaround=_turnaround(world, c, grain),
        )
        for c in world.channels
    )
    spans = _spans(world, days, grain)
    lessons, demanded, demanded_seconds, unschedulable = _lessons(
        world, durations, set(aired_before), rate, grain
    )
    grades_with_demand = {lesson.grade for lesson in lessons} | {
        g for g, ids in demanded.items() if ids
    }
    return Instance(
        week=week,
        config=world.root.name,
        frame_rate=str(rate),
        grain_minutes=grain,
        grains_per_day=grains_per_day,
        break_grains=math.ceil(world.policy.min_break.minutes / grain),
        repeat_gap_grains=math.ceil(world.policy.repeats.min_gap_hours * 60 / grain),
        max_repeats=world.policy.repeats.max_per_lesson,
        channels=channels,
        days=days,
        spans=spans,
        lessons=lessons,
        daily_cap_seconds={
            g: round(world.policy.daily_cap[world.stage_of(g)].minutes * 60) for g in range(1, 13)
        },
        course_cap={
            g: world.policy.course_per_day.max_lessons[world.stage_of(g)] for g in range(1, 13)
        },
        regularity_penalty=round(world.policy.regularity.penalty * VALUE_SCALE * 60),
        strict_minimums=strict_minimums,
        domain_min_seconds={
            (g, key): round(domain.min_weekly_minutes * 60)
            for g in sorted(grades_with_demand)
            for key, domain in world.policy.domains.items()
            if domain.min_weekly_minutes > 0
        },
        exam_floor_seconds={
            g: round(world.policy.priority.exam_floor_minutes * 60)
            for g in world.policy.priority.exam_grades
            if g in grades_with_demand and world.policy.priority.exam_floor_minutes > 0
        },
        earliest=_ladder(world, channels, spans, grain),
        shift_minutes={
            (i, day.index): _zone_shift(channel, world.channels[0], day.date)
            for i, channel in enumerate(world.channels)
            for day in days
        },
        demanded=demanded,
        demanded_seconds=demanded_seconds,
        unschedulable=unschedulable,
        seed=planning.seed if seed is None else seed,
    )


def _turnaround(world: World, channel: Channel, grain: int) -> int:
    """L4: grains after each lesson for the channel's eye-exercise clip (its planned length)."""
    clip = channel.clips.eye_exercise
    if not world.policy.min_break.eye_exercise_after_lessons or clip is None:
        return 0
    asset = world.assets.get(clip)
    return math.ceil(asset.planned_seconds / 60 / grain) if asset else 0


def _common_rate(channels: tuple[Channel, ...]) -> FrameRate:
    rates = {c.frame_rate for c in channels}
    if len(rates) != 1:
        raise InstanceError("solver.mixed_rates", rates=", ".join(sorted(map(str, rates))))
    return rates.pop()


def _days(world: World, week: dt.date) -> tuple[Day, ...]:
    result = []
    for index in range(7):
        date = week + dt.timedelta(days=index)
        weekday = world.term.timetable_day(date)
        result.append(Day(index=index, date=date, weekday=weekday.value if weekday else ""))
    return tuple(result)


def _zone_shift(channel: Channel, reference: Channel, date: dt.date) -> int:
    """Minutes to add to `channel`'s local clock to read it on `reference`'s clock."""
    noon = dt.datetime.combine(date, dt.time(12))
    own = noon.replace(tzinfo=ZoneInfo(channel.timezone)).utcoffset() or dt.timedelta()
    ref = noon.replace(tzinfo=ZoneInfo(reference.timezone)).utcoffset() or dt.timedelta()
    return int((ref - own).total_seconds() // 60)


def _spans(world: World, days: tuple[Day, ...], grain: int) -> tuple[Span, ...]:
    """Open airtime: each window on a timetable day, minus the channel's fixed items."""
    spans: list[Span] = []
    for index, channel in enumerate(world.channels):
        for day in days:
            if not day.weekday:
                continue
            shift = _zone_shift(channel, world.channels[0], day.date)
            for start, end in _open_minutes(channel, day.weekday):
                first = day.index * _MINUTES_PER_DAY + start + shift
                last = day.index * _MINUTES_PER_DAY + end + shift
                lo, hi = math.ceil(first / grain), last // grain
                if hi > lo:
                    spans.append(Span(channel=index, day=day.index, start=lo, end=hi))
    return tuple(spans)


def _open_minutes(channel: Channel, weekday: str) -> list[tuple[int, int]]:
    """Window minutes of `weekday` with the fixed items cut out, sorted."""
    blocked = [
        (f.start, f.start + math.ceil(f.duration_minutes))
        for f in channel.fixed
        if weekday in f.days
    ]
    result: list[tuple[int, int]] = []
    for window in sorted(channel.windows, key=lambda w: w.start):
        if weekday not in window.days:
            continue
        pieces = [(window.start, window.end)]
        for b_start, b_end in blocked:
            pieces = [
                piece
                for s, e in pieces
                for piece in ((s, min(e, b_start)), (max(s, b_end), e))
                if piece[1] > piece[0]
            ]
        result.extend(pieces)
    return sorted(result)


def _lessons(
    world: World,
    durations: Mapping[str, int],
    aired_before: set[str],
    rate: FrameRate,
    grain: int,
) -> tuple[
    tuple[LessonItem, ...], dict[int, tuple[str, ...]], dict[int, int], dict[str, tuple[str, str]]
]:
    policy = world.policy
    grain_seconds = grain * 60
    items: list[LessonItem] = []
    unschedulable: dict[str, tuple[str, str]] = {}
    demanded: dict[int, tuple[str, ...]] = {}
    demanded_seconds: dict[int, int] = {}
    for grade in sorted(world.curricula):
        factor = Fraction(policy.voluntary.weight_factor) if policy.is_voluntary(grade) else 1
        per_second = Fraction(policy.priority.weight(grade)) * factor * VALUE_SCALE
        repeat_per_second = per_second * Fraction(policy.repeats.value_factor)
        window = policy.lecture[policy.stage_of(grade)]  # L3: re-checked, whoever measured
        low, high = window.min_minutes * 60, window.max_minutes * 60
        ids: list[str] = []
        total = 0
        for course in world.curricula[grade].course:
            refs = [LessonRef(grade, course, lesson) for lesson in course.lesson]
            wanted = [r for r in refs if r.id not in aired_before][: course.lessons_per_week]
            ids += [r.id for r in wanted]
            total += sum(
                math.ceil(world.assets[r.lesson.asset].planned_seconds)
                if r.lesson.asset not in durations
                else math.ceil(Fraction(durations[r.lesson.asset]) / rate.fps)
                for r in wanted
            )
            for position, ref in enumerate(wanted):
                frames = durations.get(ref.lesson.asset)
                if frames is None or not low <= Fraction(frames) / rate.fps <= high:
                    # C7: nothing after a lesson the gate holds, or outside L3, may air
                    cause = HELD if frames is None else OUTSIDE_WINDOW
                    unschedulable[ref.id] = (cause, ref.lesson.asset)
                    unschedulable |= {r.id: (PREDECESSOR, ref.id) for r in wanted[position + 1 :]}
                    break
                secs = math.ceil(Fraction(frames) / rate.fps)
                slot = math.ceil(Fraction(frames) / rate.fps / grain_seconds)
                items.append(
                    LessonItem(
                        index=len(items),
                        id=ref.id,
                        grade=grade,
                        course=course.id,
                        position=position,
                        subject=course.subject,
                        domain=course.domain,
                        lesson_number=ref.lesson.number,
                        title=ref.lesson.title,
                        asset=ref.lesson.asset,
                        task_sheet=ref.lesson.task_sheet,
                        duration_frames=frames,
                        seconds=secs,
                        slot=slot,
                        value=round(per_second * slot * grain_seconds),
                        repeat_value=round(repeat_per_second * slot * grain_seconds),
                    )
                )
        demanded[grade] = tuple(ids)
        demanded_seconds[grade] = total
    return tuple(items), demanded, demanded_seconds, unschedulable


def _ladder(
    world: World, channels: tuple[ChannelInfo, ...], spans: tuple[Span, ...], grain: int
) -> dict[tuple[int, int, int], int]:
    """P6: (grade, channel, day) → earliest start grain: the channel's opening that day plus
    the grade's rank on its network × the stagger offset."""
    step = math.ceil(world.policy.stagger.offset_minutes / grain)
    earliest: dict[tuple[int, int, int], int] = {}
    for network in sorted({c.network for c in channels}):
        members = [i for i, c in enumerate(channels) if c.network == network]
        rank = {
            g: r for r, g in enumerate(sorted({g for i in members for g in channels[i].grades}))
        }
        for i in members:
            for day in sorted({s.day for s in spans if s.channel == i}):
                opening = min(s.start for s in spans if s.channel == i and s.day == day)
                for grade in channels[i].grades:
                    earliest[(grade, i, day)] = opening + rank[grade] * step
    return earliest
