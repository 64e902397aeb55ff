"""Solution reading: give each chosen slot a lesson, then turn placements into a Plan.

The model decides, per grade and slot length, *which slots* air and *which day* each lesson
airs. On each (grade, length, day) the first airings take the slots in time order, sorted by
their position in the course, so a course's lessons air in syllabus order (C7); repeats take
the slots left. With `previous` placements (a replan), a lesson keeps its old slot whenever
that keeps the order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from airclass.solver.instance import ALL_DOMAINS, VALUE_SCALE, Instance, LessonItem
from airclass.solver.plan import Airing, CourseSummary, GradeSummary, Plan, Shortfall, Waiting

Placement = tuple[int, int, int, int]
"""(lesson index, airing: 0 first, 1… repeat, channel index, start grain)."""
Item = tuple[int, int]
"""(lesson index, airing)."""


def assign(
    instance: Instance,
    slots: Mapping[tuple[int, int, int], list[tuple[int, int]]],
    items: Mapping[tuple[int, int, int], list[Item]],
    *,
    previous: Mapping[Item, tuple[int, int]] | None = None,
) -> list[Placement]:
    """(grade, length, day) → chosen (channel, grain) slots and the items placed that day →
    placements. Both lists of a key have the same length (the model links them).

    Day by day, a course's first airing takes the slot at its usual time (L7: the channel and
    time of day it aired at most so far) when that slot is free and syllabus order allows. A
    course without a usual time yet takes, if it airs on most days, the times the grade uses
    on most days, so it can keep that time all week."""
    placements: list[Placement] = []
    usual: dict[str, Counter[tuple[int, int]]] = defaultdict(Counter)
    per_day = instance.grains_per_day
    days_used: Counter[tuple[int, int, int, int]] = Counter(
        (grade, length, c, t % per_day)
        for (grade, length, _), chosen in slots.items()
        for c, t in chosen
    )
    airs: Counter[str] = Counter(
        instance.lessons[i].course for placed in items.values() for i, a in placed if a == 0
    )
    for key in sorted(slots, key=lambda k: (k[2], k[0], k[1])):
        ordered = sorted(slots[key], key=lambda s: (s[1], s[0]))
        todo = sorted(items.get(key, []), key=lambda it: _order_key(instance, it))
        if previous:
            pairs = _keep_previous(instance, ordered, todo, previous)
        else:
            often = sorted(
                ordered, key=lambda s: (-days_used[(key[0], key[1], s[0], s[1] % per_day)], s)
            )
            pairs = _keep_usual(instance, ordered, todo, usual, often=often, airs=airs)
        for (lesson, airing), (c, t) in pairs:
            placements.append((lesson, airing, c, t))
            if airing == 0:
                usual[instance.lessons[lesson].course][(c, t % per_day)] += 1
    return sorted(placements)


def _keep_usual(
    instance: Instance,
    slots: list[tuple[int, int]],
    items: list[Item],
    usual: Mapping[str, Counter[tuple[int, int]]],
    *,
    often: list[tuple[int, int]],
    airs: Mapping[str, int],
) -> list[tuple[Item, tuple[int, int]]]:
    """Pairs that give each first airing its course's usual slot where one is free; the other
    items, courses airing most this week first, take the free slots used on most days."""
    per_day = instance.grains_per_day
    free = {(c, t % per_day): (c, t) for c, t in slots}
    kept: list[tuple[Item, tuple[int, int]]] = []
    rest: list[Item] = []
    for item in items:
        habits = usual.get(instance.lessons[item[0]].course, Counter())
        home = next((h for h, _ in habits.most_common() if h in free), None)
        if item[1] == 0 and home is not None:
            kept.append((item, free.pop(home)))
        else:
            rest.append(item)
    left = [s for s in often if s in free.values()]
    rest.sort(key=lambda it: (it[1] > 0, -airs[instance.lessons[it[0]].course]))
    candidate = kept + list(zip(rest, left, strict=True))
    if _in_order(instance, candidate):
        return candidate
    return list(zip(items, slots, strict=True))


def _order_key(instance: Instance, item: Item) -> tuple[int, int, str]:
    lesson = instance.lessons[item[0]]
    return (item[1] > 0, lesson.position, lesson.course)


def _keep_previous(
    instance: Instance,
    slots: list[tuple[int, int]],
    items: list[Item],
    previous: Mapping[Item, tuple[int, int]],
) -> list[tuple[Item, tuple[int, int]]]:
    plain = list(zip(items, slots, strict=True))
    free = list(slots)
    kept: list[tuple[Item, tuple[int, int]]] = []
    rest: list[Item] = []
    for item in items:
        old = previous.get(item)
        if old in free:
            free.remove(old)
            kept.append((item, old))
        else:
            rest.append(item)
    if not kept:
        return plain
    candidate = kept + list(zip(rest, free, strict=True))
    return candidate if _in_order(instance, candidate) else plain


def _in_order(instance: Instance, pairs: list[tuple[Item, tuple[int, int]]]) -> bool:
    firsts = sorted((t, instance.lessons[i]) for (i, airing), (_, t) in pairs if airing == 0)
    seen: dict[str, int] = {}
    for _, lesson in firsts:
        if seen.get(lesson.course, -1) > lesson.position:
            return False
        seen[lesson.course] = lesson.position
    return True


@dataclass(frozen=True)
class Score:
    """The objective of a set of placements, in model units, term by term."""

    airtime: int
    """Priority-weighted airtime: first airings at their value, repeats at theirs (P1, P4)."""
    regularity: int
    """L7: the penalty for each start time of day (grade, channel) used."""
    shortfall: int
    """C1: the price of every second a grade falls short of a domain minimum."""

    @property
    def total(self) -> int:
        return self.airtime - self.regularity - self.shortfall

    def minutes(self, units: int) -> float:
        return units / (VALUE_SCALE * 60)


def score(instance: Instance, placements: list[Placement]) -> Score:
    lessons = instance.lessons
    airtime = sum(
        lessons[i].value if airing == 0 else lessons[i].repeat_value
        for i, airing, _, _ in placements
    )
    per_day = instance.grains_per_day
    times = {(lessons[i].grade, c, t % per_day) for i, _, c, t in placements}
    return Score(
        airtime,
        instance.regularity_penalty * len(times),
        instance.shortfall_price * below_attainable(instance, placements),
    )


def below_attainable(instance: Instance, placements: list[Placement]) -> int:
    """Seconds the placements fall short of the minimums the model holds (only soft ones can)."""
    got = seconds_got(instance, placements)
    return sum(
        max(0, instance.attainable(grade, domain, need) - got[(grade, domain)])
        for grade, domain, need in instance.minimums()
    )


def seconds_got(instance: Instance, placements: list[Placement]) -> dict[tuple[int, str], int]:
    """(grade, domain or "all") → seconds of first airings."""
    got: dict[tuple[int, str], int] = defaultdict(int)
    for i, airing, _, _ in placements:
        if airing == 0:
            lesson = instance.lessons[i]
            got[(lesson.grade, lesson.domain)] += lesson.seconds
            got[(lesson.grade, ALL_DOMAINS)] += lesson.seconds
    return got


def shortfall_seconds(
    instance: Instance, placements: list[Placement]
) -> dict[tuple[int, str], tuple[int, int]]:
    """(grade, domain) → (seconds needed, seconds short) of every weekly minimum not met: C1
    domain minimums, and the P1 exam floor as domain "all"."""
    got = seconds_got(instance, placements)
    return {
        (grade, domain): (need, need - got[(grade, domain)])
        for grade, domain, need in instance.minimums()
        if got[(grade, domain)] < need
    }


def to_plan(
    instance: Instance,
    placements: list[Placement],
    *,
    status: str,
    objective: float,
    best_bound: float,
    gap: float,
    seconds: float,
    created_at: object,
    waiting: list[Waiting] | None = None,
) -> Plan:
    airings = sorted(
        (_airing(instance, p) for p in placements),
        key=lambda a: (a.date, a.start_frame, a.channel),
    )
    points = score(instance, placements)
    return Plan(
        week=instance.week,
        config=instance.config,
        frame_rate={c.id: instance.frame_rate for c in instance.channels},
        status=status,
        objective=round(objective, 4),
        best_bound=round(best_bound, 4),
        gap=round(gap, 6),
        solve_seconds=round(seconds, 3),
        seed=instance.seed,
        created_at=created_at,
        airings=airings,
        grades=summaries(instance, airings),
        courses=course_summaries(airings),
        shortfalls=[
            Shortfall(
                grade=grade,
                domain=domain,
                need_minutes=round(need / 60, 2),
                aired_minutes=round((need - short) / 60, 2),
            )
            for (grade, domain), (need, short) in shortfall_seconds(instance, placements).items()
        ],
        penalties={
            "regularity": round(points.minutes(points.regularity), 4),
            "shortfall": round(points.minutes(points.shortfall), 4),
        },
        waiting=waiting or [],
    )


def course_summaries(airings: list[Airing]) -> list[CourseSummary]:
    """L7 per course: first airings, distinct start times, most first airings on one day."""
    firsts: dict[str, list[Airing]] = defaultdict(list)
    for airing in airings:
        if not airing.is_repeat:
            firsts[airing.course].append(airing)
    return [
        CourseSummary(
            course=course,
            grade=mine[0].grade,
            first_airings=len(mine),
            distinct_starts=len({(a.channel, a.start_frame) for a in mine}),
            most_per_day=max(Counter(a.date for a in mine).values()),
        )
        for course, mine in sorted(firsts.items())
    ]


def _airing(instance: Instance, placement: Placement) -> Airing:
    index, airing, channel, grain = placement
    lesson: LessonItem = instance.lessons[index]
    date, frame = instance.local_start(channel, grain)
    return Airing(
        uid=f"{lesson.id}.{airing + 1}@airclass",
        channel=instance.channels[channel].id,
        date=date,
        start_frame=frame,
        duration_frames=lesson.duration_frames,
        slot_frames=instance.slot_frames(lesson),
        grade=lesson.grade,
        course=lesson.course,
        subject=lesson.subject,
        domain=lesson.domain,
        lesson_id=lesson.id,
        lesson_number=lesson.lesson_number,
        title=lesson.title,
        asset=lesson.asset,
        task_sheet=lesson.task_sheet,
        is_repeat=airing > 0,
    )


def summaries(instance: Instance, airings: list[Airing]) -> list[GradeSummary]:
    """Per grade: minutes demanded, minutes aired (first airings), repeats, lessons carried over."""
    fps = float(instance.rate.fps)
    by_grade: dict[int, list[Airing]] = defaultdict(list)
    for airing in airings:
        by_grade[airing.grade].append(airing)
    result = []
    for grade in sorted(instance.demanded):
        mine = by_grade.get(grade, [])
        firsts = [a for a in mine if not a.is_repeat]
        aired_ids = {a.lesson_id for a in firsts}
        result.append(
            GradeSummary(
                grade=grade,
                demanded_minutes=round(instance.demanded_seconds[grade] / 60, 2),
                aired_minutes=round(sum(a.duration_frames for a in firsts) / fps / 60, 2),
                first_airings=len(firsts),
                repeats=len(mine) - len(firsts),
                carried_over=[i for i in instance.demanded[grade] if i not in aired_ids],
            )
        )
    return result
