"""Why each carried-over lesson waits: read from the instance and the placements, after a solve.

The first reason that holds, in this order:

1. the gate holds the lesson's file (review pending or rejected at a level, no passing
   validation under the acceptance profile, …: `holds`, from media.gate), or its measured
   length is outside L3;
2. an earlier lesson of its course waits (C7);
3. on every day it could air, the grade's daily minutes (L2) or the course's lessons a day
   (L7) are used up;
4. every start it could take is taken: by airings worth more per second than it (outranked,
   P1), else by equal or lower ones and the grade's own breaks (no free airtime);
5. otherwise a start was free and the search stopped before using it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

from airclass.config.clearance import Hold, Reason
from airclass.solver.instance import HELD, OUTSIDE_WINDOW, PREDECESSOR, Instance, LessonItem
from airclass.solver.plan import Waiting, WaitReason
from airclass.solver.reading import Placement


class _Week:
    """Who holds each grain of the plan: per channel, and per grade with its break."""

    def __init__(self, instance: Instance, placements: list[Placement]) -> None:
        self.instance = instance
        self.channel: dict[tuple[int, int], Placement] = {}
        self.grade: dict[tuple[int, int], Placement] = {}
        self.first_day: dict[int, int] = {}
        self.day_seconds: dict[tuple[int, int], int] = defaultdict(int)
        self.course_day: dict[tuple[str, int], int] = defaultdict(int)
        for placement in placements:
            index, airing, c, t = placement
            lesson = instance.lessons[index]
            for g in range(t, t + lesson.slot + instance.channels[c].turnaround):
                self.channel[(c, g)] = placement
            for g in range(t, t + lesson.slot + instance.break_grains):
                self.grade[(lesson.grade, g)] = placement
            if airing == 0:
                day = instance.day_of(t)
                self.first_day[index] = day
                self.day_seconds[(lesson.grade, day)] += lesson.seconds
                self.course_day[(lesson.course, day)] += 1

    def worth(self, placement: Placement) -> float:
        """Objective value per second of airtime of an airing (repeats at their factor)."""
        lesson = self.instance.lessons[placement[0]]
        value = lesson.value if placement[1] == 0 else lesson.repeat_value
        return value / lesson.slot

    def blockers(self, lesson: LessonItem, c: int, t: int) -> list[Placement]:
        """The airings that keep `lesson` from starting at grain `t` on channel `c`."""
        inst = self.instance
        found = [
            self.channel[(c, g)]
            for g in range(t, t + lesson.slot + inst.channels[c].turnaround)
            if (c, g) in self.channel
        ]
        # The grade's own airings: their break reaches this start, or this one's reaches them.
        found += [
            self.grade[(lesson.grade, g)]
            for g in range(t - inst.break_grains, t + lesson.slot + inst.break_grains)
            if (lesson.grade, g) in self.grade
            and _meets(inst, self.grade[(lesson.grade, g)], lesson, t)
        ]
        return found


def _meets(inst: Instance, other: Placement, lesson: LessonItem, t: int) -> bool:
    """Do `other` (of the same grade) and `lesson` at `t`, each with its break, overlap?"""
    o = inst.lessons[other[0]]
    start = other[3]
    return start < t + lesson.slot + inst.break_grains and t < start + o.slot + inst.break_grains


def waiting(
    instance: Instance,
    placements: list[Placement],
    *,
    holds: Mapping[str, Hold] | None = None,
    withdrawn: Collection[str] = (),
) -> list[Waiting]:
    """A Waiting for every lesson the week demands that the placements do not air first.
    `holds`: asset id → the gate's reason; `withdrawn`: lesson ids a replan withdrew."""
    week = _Week(instance, placements)
    by_id = {lesson.id: lesson for lesson in instance.lessons}
    result = []
    for grade in sorted(instance.demanded):
        for lesson_id in instance.demanded[grade]:
            lesson = by_id.get(lesson_id)
            if lesson_id in withdrawn:
                reason = WaitReason.WITHDRAWN
                result.append(Waiting(lesson_id=lesson_id, grade=grade, reason=reason))
            elif lesson is None:
                result.append(_unschedulable(instance, lesson_id, grade, holds or {}))
            elif lesson.index not in week.first_day:
                result.append(_not_placed(week, lesson))
    return result


def _unschedulable(
    instance: Instance, lesson_id: str, grade: int, holds: Mapping[str, Hold]
) -> Waiting:
    cause, subject = instance.unschedulable.get(lesson_id, (HELD, ""))
    if cause == PREDECESSOR:
        return Waiting(
            lesson_id=lesson_id, grade=grade, reason=WaitReason.PREDECESSOR, lesson=subject
        )
    if cause == OUTSIDE_WINDOW:
        hold = Hold(Reason.OUTSIDE_WINDOW)
    else:  # no measured length reached the solver: the gate's reason, when the caller gave it
        hold = holds.get(subject, Hold(Reason.NOT_VALIDATED))
    return Waiting(
        lesson_id=lesson_id,
        grade=grade,
        reason=hold.reason.value,
        level=hold.level,
        profile=hold.profile,
        stage=hold.stage,
    )


def _not_placed(week: _Week, lesson: LessonItem) -> Waiting:
    inst = week.instance
    base = {"lesson_id": lesson.id, "grade": lesson.grade}
    channels = [c for c in range(len(inst.channels)) if inst.starts(lesson, c)]
    names = [inst.channels[c].id for c in channels]
    if lesson.position:
        before = next(
            x
            for x in inst.lessons
            if x.course == lesson.course and x.position == lesson.position - 1
        )
        if before.index not in week.first_day:
            return Waiting(**base, reason=WaitReason.PREDECESSOR, lesson=before.id)
        days = _days_after(inst, before, lesson, week.first_day[before.index])
    else:
        days = None
    starts = [
        (c, t)
        for c in channels
        for t in inst.starts(lesson, c)
        if days is None or inst.day_of(t) in days
    ]
    open_days = {inst.day_of(t) for _, t in starts if _day_has_room(week, lesson, inst.day_of(t))}
    if starts and not open_days:
        return Waiting(**base, reason=WaitReason.DAILY_CAP, channels=names)
    blocked = [week.blockers(lesson, c, t) for c, t in starts if inst.day_of(t) in open_days]
    if any(not b for b in blocked):
        return Waiting(**base, reason=WaitReason.SEARCH_STOPPED, channels=names)
    worth = lesson.value / lesson.slot
    above = sorted(
        {
            inst.lessons[p[0]].grade
            for found in blocked
            for p in found
            if inst.lessons[p[0]].grade != lesson.grade and week.worth(p) > worth
        }
    )
    if above:
        return Waiting(**base, reason=WaitReason.OUTRANKED, grades=above, channels=names)
    return Waiting(**base, reason=WaitReason.NO_AIRTIME, channels=names)


def _days_after(inst: Instance, before: LessonItem, lesson: LessonItem, day: int) -> set[int]:
    """C7: the days `lesson` may air after `before` aired on `day` (a later day when their
    slots differ in length)."""
    first = day if before.slot == lesson.slot else day + 1
    return set(range(first, len(inst.days)))


def _day_has_room(week: _Week, lesson: LessonItem, day: int) -> bool:
    inst = week.instance
    minutes = week.day_seconds[(lesson.grade, day)] + lesson.seconds
    if minutes > inst.daily_cap_seconds[lesson.grade]:
        return False
    return week.course_day[(lesson.course, day)] < inst.course_cap[lesson.grade]
