"""The rules that shape a week, on tiny instances: P1 as an order (outcome, not weights), L7
(one new lesson of a course a day, steady start times), C1 shortfalls, P6 from each channel's
opening. Each test first asserts that the plan holds the lessons it expects."""

from __future__ import annotations

from collections import Counter, defaultdict

from airclass.config.schema.world import World
from airclass.solver import plan_week
from airclass.solver.plan import Plan
from airclass.solver.synthetic import WEEK, channel, demo_policy

from tests.solver.checker import check_plan
from tests.solver.conftest import durations, tiny_world

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
TWENTY_MINUTES = 20 * 60 * 25


def _minutes(plan: Plan) -> dict[int, float]:
    aired: dict[int, float] = defaultdict(float)
    for a in plan.airings:
        if not a.is_repeat:
            aired[a.grade] += a.duration_frames / 25 / 60
    return aired


def test_p1_primary_first_then_exam_cohort_on_a_scarce_channel() -> None:
    """One channel, two days, four grades wanting more than it holds: primary school gets most
    of the minutes, the exam cohort (grade 9) more than grade 7."""
    days = ["mon", "tue"]
    world = tiny_world(
        grades=(1, 3, 7, 9),
        windows=[(days, "08:00", "12:00"), (days, "13:30", "15:30")],
        scale=1.0,
        lessons=6,
    )
    demand = sum(world.assets[a].planned_seconds / 60 for a in durations(world))
    assert demand > 4 * 720, "far more lessons than two days of airtime"
    plan = plan_week(world, WEEK, durations(world), time_limit=10)
    check_plan(plan, world)
    minutes = _minutes(plan)
    assert set(minutes) == {1, 3, 7, 9}, "every grade airs at least its domain minimums"
    primary = minutes[1] + minutes[3]
    assert primary > sum(minutes.values()) / 2, minutes
    assert minutes[9] > minutes[7], minutes


def _world_frames(world: World) -> dict[str, int]:
    return {asset: TWENTY_MINUTES for asset in durations(world)}


def test_l7_at_most_one_new_lesson_of_a_course_a_day() -> None:
    """Grade 3 alone with room for six lessons a day: without the cap its courses stack."""
    windows = [(["mon", "tue"], "08:00", "12:00")]
    capped = tiny_world(grades=(3,), windows=windows, scale=1.0, lessons=5)
    loose = tiny_world(
        grades=(3,),
        windows=windows,
        scale=1.0,
        lessons=5,
        policy=demo_policy(
            repeats={"max_per_lesson": 0}, course_per_day={"max_lessons": {"primary": 5}}
        ),
    )
    plans = [plan_week(w, WEEK, _world_frames(w), time_limit=10) for w in (capped, loose)]
    for plan, world in zip(plans, (capped, loose), strict=True):
        assert len(plan.airings) >= 8, "two mornings of grade 3 lessons"
        check_plan(plan, world)
    assert max(c.most_per_day for c in plans[0].courses) == 1
    per_day = Counter((a.course, a.date) for a in plans[1].airings)
    assert max(per_day.values()) >= 2, "the loose policy stacks a course on one day"


def test_l7_courses_keep_their_start_time() -> None:
    """Grade 3 on one channel all week: each course airs at one time of day."""
    world = tiny_world(grades=(3,), windows=[(WEEKDAYS, "08:00", "11:00")], scale=1.0, lessons=5)
    plan = plan_week(world, WEEK, _world_frames(world), time_limit=10)
    check_plan(plan, world)
    daily = [c for c in plan.courses if c.first_airings >= 4]
    assert daily, "Chinese and maths air on most days"
    assert all(c.distinct_starts == 1 for c in daily), plan.courses
    starts = {a.start_frame for a in plan.airings}
    assert plan.penalties["regularity"] == len(starts) * world.policy.regularity.penalty


def test_c1_shortfall_reported_when_a_domain_has_no_lessons() -> None:
    """No PE lesson is validated: grades 3 and 9 get everything else, and the plan says which
    minimum each grade misses and by how much."""
    world = tiny_world()
    frames = {a: f for a, f in durations(world).items() if "tiyu" not in a}
    plan = plan_week(world, WEEK, frames, time_limit=10)
    assert {a.grade for a in plan.airings} == {3, 9}
    check_plan(plan, world)
    assert [(s.grade, s.domain, s.aired_minutes) for s in plan.shortfalls] == [
        (3, "ti", 0.0),
        (9, "ti", 0.0),
    ]


def test_p6_ladder_counts_from_each_channel_opening() -> None:
    """A network of three channels: grade 1's opens at 08:00, grades 2's and 4's at 08:30.
    Counted from the network's first opening, grades 2 and 4 would both start at 08:30. Each
    window holds two 20-minute lessons and the break between only from the grade's rung on,
    so every grade's first lesson starts exactly there."""
    base = tiny_world(grades=(1, 2, 4), scale=1.0, lessons=5)
    channels = (
        channel("g1.test.airclass", [1], [(["mon"], "08:00", "09:00")], network="test"),
        channel("g2.test.airclass", [2], [(["mon"], "08:30", "09:35")], network="test"),
        channel("g4.test.airclass", [4], [(["mon"], "08:30", "09:40")], network="test"),
    )
    world = World(
        root=base.root,
        policy=base.policy,
        channels=channels,
        term=base.term,
        curricula=base.curricula,
        assets=base.assets,
    )
    plan = plan_week(world, WEEK, _world_frames(world), time_limit=10)
    assert {a.grade for a in plan.airings} == {1, 2, 4}
    check_plan(plan, world)
    first = {g: min(a.start_frame for a in plan.airings if a.grade == g) for g in (1, 2, 4)}
    minute = {g: frame // 25 // 60 for g, frame in first.items()}
    assert minute == {1: 8 * 60, 2: 8 * 60 + 35, 4: 8 * 60 + 40}
