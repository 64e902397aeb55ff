"""A simple greedy priority fill: the baseline the optimiser must beat, and its first hint.

1. For each grade's weekly domain minimum (C1/C2), place that domain's lessons first.
2. Then repeatedly take the next lesson (syllabus order) of the course whose lesson is worth
   most per grain of airtime, and put it at the earliest start that keeps every rule.
3. Finally give repeats, most valuable first, the earliest allowed later start.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from airclass.solver.instance import ALL_DOMAINS, VALUE_SCALE, Instance, LessonItem
from airclass.solver.reading import Placement, below_attainable, score


@dataclass
class _State:
    channel_busy: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    grade_busy: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    day_seconds: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    course_day: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    """(course, day) → first airings placed (L7)."""
    last: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    """Lesson index → (airing, channel, grain) of its latest airing."""
    placements: list[Placement] = field(default_factory=list)


@dataclass(frozen=True)
class GreedyResult:
    placements: list[Placement]
    objective: float
    is_feasible: bool
    """False when the fill could not meet every domain minimum (C1/C2) and they are hard."""


def greedy_plan(instance: Instance) -> GreedyResult:
    state = _State()
    courses = _courses(instance)
    cursor = dict.fromkeys(courses, 0)
    _fill_minimums(instance, state, courses, cursor)
    _fill_priority(instance, state, courses, cursor)
    _fill_repeats(instance, state)
    return _result(instance, state)


def _result(instance: Instance, state: _State) -> GreedyResult:
    points = score(instance, state.placements)
    feasible = instance.soft_minimums or not below_attainable(instance, state.placements)
    return GreedyResult(sorted(state.placements), points.total / (VALUE_SCALE * 60), feasible)


def _courses(instance: Instance) -> dict[str, list[LessonItem]]:
    courses: dict[str, list[LessonItem]] = defaultdict(list)
    for lesson in instance.lessons:
        courses[lesson.course].append(lesson)
    return dict(courses)


def _fill_minimums(
    instance: Instance, state: _State, courses: dict[str, list[LessonItem]], cursor: dict[str, int]
) -> None:
    # Domain by domain across grades, so consecutive placements belong to different grades and
    # pack the channel without break-sized holes.
    # The exam floors (domain "all") come last: the domain minimums already count towards them.
    for grade, domain, need in sorted(
        instance.minimums(), key=lambda m: (m[1] == ALL_DOMAINS, m[1], m[0])
    ):
        mine = [
            c
            for c, lessons in courses.items()
            if lessons[0].grade == grade and domain in (lessons[0].domain, ALL_DOMAINS)
        ]
        got = sum(
            instance.lessons[i].seconds
            for i, a, _, _ in state.placements
            if a == 0
            and instance.lessons[i].grade == grade
            and domain in (instance.lessons[i].domain, ALL_DOMAINS)
        )
        progress = True
        while got < need and progress:
            progress = False
            for course in mine:
                if got < need and cursor[course] < len(courses[course]):
                    lesson = courses[course][cursor[course]]
                    if _place_first(instance, state, lesson, courses[course]):
                        cursor[course] += 1
                        got += lesson.seconds
                        progress = True


def _fill_priority(
    instance: Instance, state: _State, courses: dict[str, list[LessonItem]], cursor: dict[str, int]
) -> None:
    heap: list[tuple[float, int, str]] = []
    placed: dict[int, int] = defaultdict(int)

    def push(course: str) -> None:
        # Equal worth per grain: the grade with fewer airings goes first, so grades alternate.
        if cursor[course] < len(courses[course]):
            lesson = courses[course][cursor[course]]
            heapq.heappush(heap, (-lesson.value / lesson.slot, placed[lesson.grade], course))

    for course in sorted(courses):
        push(course)
    while heap:
        _, count, course = heapq.heappop(heap)
        lesson = courses[course][cursor[course]]
        if count != placed[lesson.grade]:
            push(course)  # stale entry: the grade got airings since it was queued
            continue
        if _place_first(instance, state, lesson, courses[course]):
            cursor[course] += 1
            placed[lesson.grade] += 1
            push(course)


def _place_first(
    instance: Instance, state: _State, lesson: LessonItem, course: list[LessonItem]
) -> bool:
    previous = course[lesson.position - 1] if lesson.position else None
    if previous is not None and previous.index not in state.last:
        return False
    after, same_day_ok = 0, True
    if previous is not None:
        _, _, t = state.last[previous.index]
        after = t + previous.slot
        same_day_ok = previous.slot == lesson.slot
    day_of_previous = instance.day_of(after - 1) if previous is not None else -1
    for t, c in _candidates(instance, lesson):
        day = instance.day_of(t)
        if t < after or (not same_day_ok and day == day_of_previous):
            continue
        if not _day_allows(instance, state, lesson, day):
            continue
        if _fits(instance, state, lesson, c, t):
            _take(instance, state, lesson, 0, c, t)
            return True
    return False


def _day_allows(instance: Instance, state: _State, lesson: LessonItem, day: int) -> bool:
    """The daily cap (L2) and the course's lessons a day (L7) leave room for `lesson`."""
    seconds = state.day_seconds[(lesson.grade, day)] + lesson.seconds
    if seconds > instance.daily_cap_seconds[lesson.grade]:
        return False
    return state.course_day[(lesson.course, day)] < instance.course_cap[lesson.grade]


def _fill_repeats(instance: Instance, state: _State) -> None:
    for _ in range(instance.max_repeats):
        aired = sorted(
            (i for i in state.last), key=lambda i: (-instance.lessons[i].repeat_value, i)
        )
        days = range(len(instance.days))
        candidates: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for index in aired:
            lesson = instance.lessons[index]
            airing, _, t0 = state.last[index]
            first = instance.day_of(t0)
            later = {d for d in days if instance.repeat_allowed(lesson, first, d)}
            kind = (lesson.grade, lesson.slot)
            if kind not in candidates:
                candidates[kind] = _candidates(instance, lesson)
            for t, c in candidates[kind]:
                if instance.day_of(t) in later and _fits(instance, state, lesson, c, t):
                    _take(instance, state, lesson, airing + 1, c, t)
                    break


def _candidates(instance: Instance, lesson: LessonItem) -> list[tuple[int, int]]:
    return sorted((t, c) for c in range(len(instance.channels)) for t in instance.starts(lesson, c))


def _fits(instance: Instance, state: _State, lesson: LessonItem, c: int, t: int) -> bool:
    own = range(t, t + lesson.slot + instance.channels[c].turnaround)
    if any(g in state.channel_busy[c] for g in own):
        return False
    gap = instance.break_grains
    # An airing covers its slot plus the break after it; two covers of one grade never meet.
    reach = range(t, t + lesson.slot + gap)
    return not any(g in state.grade_busy[lesson.grade] for g in reach)


def _take(
    instance: Instance, state: _State, lesson: LessonItem, airing: int, c: int, t: int
) -> None:
    state.channel_busy[c].update(range(t, t + lesson.slot + instance.channels[c].turnaround))
    state.grade_busy[lesson.grade].update(range(t, t + lesson.slot + instance.break_grains))
    state.last[lesson.index] = (airing, c, t)
    state.placements.append((lesson.index, airing, c, t))
    if airing == 0:
        state.day_seconds[(lesson.grade, instance.day_of(t))] += lesson.seconds
        state.course_day[(lesson.course, instance.day_of(t))] += 1


def sweep_plan(instance: Instance) -> GreedyResult:
    """The better of two sweeps: one where every domain minimum goes first, and one where
    only the minimums a pure priority sweep leaves unmet go first (so, on a shared channel,
    low-priority minimums fill the early rungs of the stagger ladder instead of prime time)."""
    first = _sweep(instance, urgent=None)
    free = _sweep(instance, urgent=set())
    unmet = {key for key, short in free.missing.items() if short > 0}
    second = _sweep(instance, urgent=unmet)
    best = max((first, second), key=lambda r: (r.result.is_feasible, r.result.objective))
    return best.result


@dataclass(frozen=True)
class _Sweep:
    result: GreedyResult
    missing: dict[tuple[int, str], int]


def _sweep(instance: Instance, *, urgent: set[tuple[int, str]] | None) -> _Sweep:
    """Sweep each channel's open time from the left and start, at every free grain, the best
    lesson that may start there, so windows fill without gaps. Lessons of an `urgent` domain
    minimum (None: all) go first; a lesson that would leave a remainder of the window no slot
    length can fill waits if another candidate fits cleanly."""
    state = _State()
    courses = _courses(instance)
    cursor = dict.fromkeys(courses, 0)
    missing = {(grade, domain): need for grade, domain, need in instance.minimums()}
    placed: dict[int, int] = defaultdict(int)
    one_per_kind = {(x.grade, x.slot): x for x in instance.lessons}
    allowed = {
        (grade, slot, c): set(instance.starts(lesson, c))
        for (grade, slot), lesson in one_per_kind.items()
        for c in range(len(instance.channels))
    }
    serving = {
        c: [course for course, lessons in courses.items() if lessons[0].grade in info.grades]
        for c, info in enumerate(instance.channels)
    }
    positions = sorted((t, s.channel, s.end) for s in instance.spans for t in range(s.start, s.end))
    for t, c, end in positions:
        if t in state.channel_busy[c]:
            continue
        best: tuple[tuple[bool, bool, float, bool, int], LessonItem] | None = None
        turnaround = instance.channels[c].turnaround
        lengths = {n + turnaround for n in _next_lengths(courses, cursor, serving[c])}
        fillable = _fillable(end - t, lengths)
        for course in serving[c]:
            lessons = courses[course]
            if cursor[course] >= len(lessons):
                continue
            lesson = lessons[cursor[course]]
            if t not in allowed[(lesson.grade, lesson.slot, c)]:
                continue
            if not _may_follow(instance, state, lesson, lessons, t):
                continue
            if not _fits(instance, state, lesson, c, t):
                continue
            wants = [
                key
                for key in ((lesson.grade, lesson.domain), (lesson.grade, ALL_DOMAINS))
                if missing.get(key, 0) > 0
            ]
            needed = bool(wants)
            is_urgent = needed and (urgent is None or any(key in urgent for key in wants))
            key = (
                is_urgent,
                (end - t - lesson.slot - turnaround) in fillable,
                lesson.value / lesson.slot,
                needed,
                -placed[lesson.grade],
            )
            if best is None or key > best[0]:
                best = (key, lesson)
        if best is not None:
            lesson = best[1]
            _take(instance, state, lesson, 0, c, t)
            cursor[lesson.course] += 1
            placed[lesson.grade] += 1
            for key in ((lesson.grade, lesson.domain), (lesson.grade, ALL_DOMAINS)):
                if key in missing:
                    missing[key] -= lesson.seconds
    _fill_repeats(instance, state)
    return _Sweep(_result(instance, state), missing)


def _may_follow(
    instance: Instance, state: _State, lesson: LessonItem, course: list[LessonItem], t: int
) -> bool:
    """Order (C7), the daily cap (L2) and the course's lessons a day (L7) allow `lesson` to
    start at grain `t`."""
    day = instance.day_of(t)
    if not _day_allows(instance, state, lesson, day):
        return False
    if not lesson.position:
        return True
    previous = course[lesson.position - 1]
    _, _, start = state.last[previous.index]
    if t < start + previous.slot:
        return False
    return previous.slot == lesson.slot or instance.day_of(start) != day


def _next_lengths(
    courses: dict[str, list[LessonItem]], cursor: dict[str, int], serving: list[str]
) -> set[int]:
    """Slot lengths of the lessons that could come next on a channel serving `serving`."""
    return {
        courses[course][cursor[course]].slot
        for course in serving
        if cursor[course] < len(courses[course])
    }


def _fillable(longest: int, lengths: set[int]) -> set[int]:
    """Remainders (in grains, up to `longest`) that slots of `lengths` fill exactly."""
    reachable = {0}
    for total in range(1, longest + 1):
        if any(total - n in reachable for n in lengths):
            reachable.add(total)
    return reachable
