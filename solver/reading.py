"""Solution reading: give each chosen slot a lesson, then turn placements into a Plan.

The model decides, per grade and slot length, *which slots* air and *which day* each lesson
airs. On each (grade, length, day) the first airings take the slots in time order, sorted by
their position in the course, so a course's lessons air in syllabus order (C7); repeats take
the slots left. With `previous` placements (a replan), a lesson keeps its old slot whenever
that keeps the order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from airclass.solver.instance import Instance, LessonItem
from airclass.solver.plan import Airing, GradeSummary, Plan

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
    placements. Both lists of a key have the same length (the model links them)."""
    placements: list[Placement] = []
    for key, chosen in slots.items():
        ordered = sorted(chosen, key=lambda s: (s[1], s[0]))
        todo = sorted(items.get(key, []), key=lambda it: _order_key(instance, it))
        pairs = _keep_previous(instance, ordered, todo, previous or {})
        placements += [(lesson, airing, c, t) for (lesson, airing), (c, t) in pairs]
    return sorted(placements)


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
) -> Plan:
    airings = sorted(
        (_airing(instance, p) for p in placements),
        key=lambda a: (a.date, a.start_frame, a.channel),
    )
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
    )


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
