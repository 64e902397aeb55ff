"""An independent checker: reads a plan (plan.json) and the world, never the solver's variables.

One `assert_*` per rule, and `recompute_objective`. `check_plan` runs them all.
"""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction

from airclass.config.schema.world import World
from airclass.solver.plan import Airing, Plan


def _fps(plan: Plan, channel: str) -> Fraction:
    num, _, den = plan.frame_rate[channel].partition("/")
    return Fraction(int(num), int(den or 1))


def _minute(plan: Plan, airing: Airing) -> Fraction:
    """Start of the airing in minutes from Monday 00:00 of the plan's week."""
    day = (airing.date - plan.week).days
    return day * 1440 + Fraction(airing.start_frame) / _fps(plan, airing.channel) / 60


def _slot_minutes(plan: Plan, airing: Airing) -> Fraction:
    return Fraction(airing.slot_frames) / _fps(plan, airing.channel) / 60


def assert_timetable_days(plan: Plan, world: World) -> None:
    """P5: nothing airs before term start, on a holiday or outside the term."""
    for a in plan.airings:
        assert world.term.timetable_day(a.date) is not None, f"{a.uid} airs on {a.date}"


def assert_inside_windows(plan: Plan, world: World) -> None:
    """Every airing lies inside one of its channel's windows and clear of fixed items."""
    for a in plan.airings:
        channel = world.channel(a.channel)
        weekday = world.term.timetable_day(a.date)
        start = Fraction(a.start_frame) / _fps(plan, a.channel) / 60
        end = start + _slot_minutes(plan, a)
        assert any(
            weekday in w.days and w.start <= start and end <= w.end for w in channel.windows
        ), f"{a.uid} at {start} min is outside the windows of {a.channel}"
        for f in channel.fixed:
            if weekday in f.days:
                assert end <= f.start or start >= f.start + f.duration_minutes, a.uid


def assert_channel_serves_grade(plan: Plan, world: World) -> None:
    """P2: a lesson airs only on a channel serving its grade."""
    for a in plan.airings:
        assert a.grade in world.channel(a.channel).grade_set, a.uid


def assert_slots(plan: Plan, world: World) -> None:
    """A slot holds the whole lesson, in whole grains; B1: each airing is one atomic interval."""
    grain = world.policy.planning.grain_minutes
    for a in plan.airings:
        assert a.slot_frames >= a.duration_frames, a.uid
        assert _slot_minutes(plan, a) % grain == 0, a.uid
    uids = [a.uid for a in plan.airings]
    assert len(uids) == len(set(uids)), "an airing is split or duplicated"


def _eye_minutes(world: World, channel: str) -> Fraction:
    """L4: the channel's eye-exercise clip, which follows every lesson (0 without one)."""
    clip = world.channel(channel).clips.eye_exercise
    if not world.policy.min_break.eye_exercise_after_lessons or clip not in world.assets:
        return Fraction(0)
    return Fraction(world.assets[clip].planned_seconds) / 60


def assert_channel_no_overlap(plan: Plan, world: World) -> None:
    """A channel airs one lesson at a time; L4: the eye-exercise clip fits after each."""
    by_channel: dict[str, list[Airing]] = defaultdict(list)
    for a in plan.airings:
        by_channel[a.channel].append(a)
    for channel, airings in by_channel.items():
        eye = _eye_minutes(world, channel)
        airings.sort(key=lambda a: _minute(plan, a))
        for x, y in zip(airings, airings[1:], strict=False):
            end = _minute(plan, x) + Fraction(x.duration_frames) / _fps(plan, x.channel) / 60
            assert max(end + eye, _minute(plan, x) + _slot_minutes(plan, x)) <= _minute(plan, y), (
                x.uid,
                y.uid,
            )


def assert_grade_break(plan: Plan, world: World) -> None:
    """A grade never has two lessons at once; L4: at least the minimum break between them."""
    gap = Fraction(world.policy.min_break.minutes)
    by_grade: dict[int, list[Airing]] = defaultdict(list)
    for a in plan.airings:
        by_grade[a.grade].append(a)
    for airings in by_grade.values():
        airings.sort(key=lambda a: _minute(plan, a))
        for x, y in zip(airings, airings[1:], strict=False):
            end = _minute(plan, x) + _slot_minutes(plan, x)
            assert end + gap <= _minute(plan, y), (x.uid, y.uid)


def assert_daily_cap(plan: Plan, world: World) -> None:
    """L2: first airings of a grade on one day stay within its stage's daily cap."""
    seconds: dict[tuple[int, object], Fraction] = defaultdict(Fraction)
    for a in plan.airings:
        if not a.is_repeat:
            seconds[(a.grade, a.date)] += Fraction(a.duration_frames) / _fps(plan, a.channel)
    for (grade, date), total in seconds.items():
        cap = world.policy.daily_cap[world.stage_of(grade)].minutes * 60
        assert total <= cap + 1, f"grade {grade} on {date}: {total} s > {cap} s"


def assert_syllabus_order(plan: Plan, world: World) -> None:
    """C7: a course's aired lessons are consecutive and air in syllabus order."""
    by_course: dict[str, list[Airing]] = defaultdict(list)
    for a in plan.airings:
        if not a.is_repeat:
            by_course[a.course].append(a)
    for course, airings in by_course.items():
        airings.sort(key=lambda a: _minute(plan, a))
        numbers = [a.lesson_number for a in airings]
        assert numbers == sorted(numbers), f"{course} out of order: {numbers}"
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), (course, numbers)


def _domain_seconds(plan: Plan) -> dict[tuple[int, str], Fraction]:
    seconds: dict[tuple[int, str], Fraction] = defaultdict(Fraction)
    for a in plan.airings:
        if not a.is_repeat:
            seconds[(a.grade, a.domain)] += Fraction(a.duration_frames) / _fps(plan, a.channel)
    return seconds


def assert_domain_minimum(plan: Plan, world: World) -> None:
    """C1/C2: every grade with airings gets each domain's weekly minimum, and P1: each exam
    grade its weekly floor, or the plan reports the shortfall with the minutes that did air."""
    seconds = _domain_seconds(plan)
    reported = {(s.grade, s.domain): s for s in plan.shortfalls}
    grades = {a.grade for a in plan.airings} | {g for g, _ in reported}
    priority = world.policy.priority
    for grade in grades:
        wanted = [
            (key, domain.min_weekly_minutes * 60) for key, domain in world.policy.domains.items()
        ]
        if grade in priority.exam_grades:  # P1: the exam floor, lessons of any domain
            wanted.append(("all", priority.exam_floor_minutes * 60))
            seconds[(grade, "all")] = sum(v for (g, _), v in list(seconds.items()) if g == grade)
        for key, need in wanted:
            got = seconds[(grade, key)]
            if (grade, key) in reported:
                short = reported[(grade, key)]
                assert short.need_minutes * 60 == need, (grade, key)
                assert abs(short.aired_minutes * 60 - got) <= 60, (grade, key, got)
                assert got + 1 < need, f"grade {grade} {key} met, yet reported short"
            else:
                assert got + 1 >= need, f"grade {grade} {key}: {got} s unreported"


def assert_course_per_day(plan: Plan, world: World) -> None:
    """L7: at most the stage's number of new lessons of one course a day."""
    count: dict[tuple[int, str, object], int] = defaultdict(int)
    for a in plan.airings:
        if not a.is_repeat:
            count[(a.grade, a.course, a.date)] += 1
    for (grade, course, date), n in count.items():
        cap = world.policy.course_per_day.max_lessons[world.stage_of(grade)]
        assert n <= cap, f"{course} airs {n} new lessons on {date} (cap {cap})"


def assert_course_summaries(plan: Plan, world: World) -> None:
    """L7: the plan reports each course's distinct start times and most lessons a day."""
    firsts: dict[str, list[Airing]] = defaultdict(list)
    for a in plan.airings:
        if not a.is_repeat:
            firsts[a.course].append(a)
    assert {c.course for c in plan.courses} == set(firsts)
    for c in plan.courses:
        mine = firsts[c.course]
        assert c.first_airings == len(mine)
        assert c.distinct_starts == len({(a.channel, a.start_frame) for a in mine}), c.course
        per_day = defaultdict(int)
        for a in mine:
            per_day[a.date] += 1
        assert c.most_per_day == max(per_day.values())


def regularity_penalty(plan: Plan, world: World) -> float:
    """L7: the penalty for every start time of day (grade, channel) the plan uses."""
    times = {(a.grade, a.channel, a.start_frame) for a in plan.airings}
    return world.policy.regularity.penalty * len(times)


def assert_stagger(plan: Plan, world: World) -> None:
    """P6 ladder: the grade of rank r on its network starts no earlier than its channel's first
    window opening that day + r × offset."""
    offset = world.policy.stagger.offset_minutes
    grain = world.policy.planning.grain_minutes
    step = math.ceil(offset / grain) * grain
    for a in plan.airings:
        channel = world.channel(a.channel)
        members = [c for c in world.channels if c.network == channel.network]
        weekday = world.term.timetable_day(a.date)
        opening = min(w.start for w in channel.windows if weekday in w.days)
        rank = sorted({g for c in members for g in c.grade_set}).index(a.grade)
        start = Fraction(a.start_frame) / _fps(plan, a.channel) / 60
        assert start >= opening + rank * step, f"{a.uid} starts before its stagger rung"


def assert_repeats(plan: Plan, world: World) -> None:
    """A repeat follows its lesson's first airing by at least min_gap_hours; at most
    max_per_lesson repeats."""
    rules = world.policy.repeats
    first = {a.lesson_id: a for a in plan.airings if not a.is_repeat}
    count: dict[str, int] = defaultdict(int)
    for a in plan.airings:
        if a.is_repeat:
            count[a.lesson_id] += 1
            assert a.lesson_id in first, f"repeat {a.uid} without a first airing"
            gap = _minute(plan, a) - _minute(plan, first[a.lesson_id])
            assert gap >= rules.min_gap_hours * 60, a.uid
    assert all(n <= rules.max_per_lesson for n in count.values())


def recompute_objective(plan: Plan, world: World) -> float:
    """Priority-weighted minutes of airtime: weight × voluntary factor (× repeat factor),
    before the penalties of soft rules."""
    policy = world.policy
    total = 0.0
    for a in plan.airings:
        weight = policy.priority.weight(a.grade)
        if policy.is_voluntary(a.grade):
            weight *= policy.voluntary.weight_factor
        if a.is_repeat:
            weight *= policy.repeats.value_factor
        total += weight * float(_slot_minutes(plan, a))
    return total


RULES = (
    assert_timetable_days,
    assert_inside_windows,
    assert_channel_serves_grade,
    assert_slots,
    assert_channel_no_overlap,
    assert_grade_break,
    assert_daily_cap,
    assert_syllabus_order,
    assert_domain_minimum,
    assert_course_per_day,
    assert_course_summaries,
    assert_stagger,
    assert_repeats,
)


def check_plan(plan: Plan, world: World) -> None:
    for rule in RULES:
        rule(plan, world)
    regularity = regularity_penalty(plan, world)
    assert math.isclose(plan.penalties.get("regularity", 0), regularity, abs_tol=0.01)
    penalties = regularity + plan.penalties.get("shortfall", 0)
    assert math.isclose(
        recompute_objective(plan, world) - penalties, plan.objective, rel_tol=1e-6, abs_tol=0.01
    )
    assert plan.best_bound + 1e-6 >= plan.objective
