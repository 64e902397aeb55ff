"""Each way of breaking the hard rules is explained in the user's terms, never a bare INFEASIBLE.

The C1 domain minimums are hard only with `strict_minimums` (`airclass plan --strict`)."""

from __future__ import annotations

import datetime as dt

import pytest
from airclass.config.schema.term import Holiday, Term
from airclass.config.schema.world import World
from airclass.solver import InfeasiblePlanError, plan_week
from airclass.solver.errors import InstanceError
from airclass.solver.synthetic import WEEK, channel, demo_policy

from tests.solver.conftest import durations, tiny_world


def _explain(world, frames=None) -> list[str]:
    with pytest.raises(InfeasiblePlanError) as info:
        plan_week(
            world,
            WEEK,
            durations(world) if frames is None else frames,
            time_limit=10,
            strict_minimums=True,
        )
    assert info.value.conflicts, "an explanation names at least one conflict"
    text = info.value.message("en")
    assert "INFEASIBLE" not in text
    return [c.key for c in info.value.conflicts]


def test_domain_minimum_without_approved_lessons_is_named() -> None:
    world = tiny_world()
    frames = {a: f for a, f in durations(world).items() if "tiyu" not in a}  # C5: not validated
    keys = _explain(world, frames)
    assert keys == ["solver.domain_short"] * 2  # grades 3 and 9 lack 体育


def test_week_before_term_start_is_named() -> None:
    term = Term(region="t", term_start=WEEK + dt.timedelta(days=7), policy="P5", source="t")
    assert _explain(tiny_world(term=term)) == ["solver.no_timetable_day"]


def test_holidays_leave_no_airtime() -> None:
    holidays = [Holiday(date=WEEK, name="h1"), Holiday(date=WEEK + dt.timedelta(days=1), name="h2")]
    term = Term(region="t", term_start=WEEK, holidays=holidays, policy="P5", source="t")
    assert _explain(tiny_world(term=term)) == ["solver.no_timetable_day"]


def test_daily_cap_against_domain_minimum_names_both() -> None:
    policy = demo_policy(
        daily_cap={"primary": {"minutes": 20}, "junior": {"minutes": 25}},
        domains={"ti": {"min_weekly_minutes": 60}},
        repeats={"max_per_lesson": 0},
    )
    world = tiny_world(policy=policy, scale=2.0, lessons=6)
    keys = _explain(world)
    assert "solver.rule.daily_cap" in keys and "solver.rule.domain" in keys
    assert "solver.airtime" in keys


def test_break_against_domain_minimum_names_break() -> None:
    policy = demo_policy(
        min_break={"minutes": 60},
        daily_cap={"primary": {"minutes": 1000}},
        domains={"ti": {"min_weekly_minutes": 60}},
        repeats={"max_per_lesson": 0},
        course_per_day={"max_lessons": {"primary": 6}},
    )
    world = tiny_world(
        grades=(3,), policy=policy, scale=2.0, lessons=6, windows=[(["mon"], "08:00", "11:00")]
    )
    keys = _explain(world)
    assert "solver.rule.break" in keys


def test_course_per_day_against_domain_minimum_names_it() -> None:
    """L7: one day of airtime, 60 min of PE from one course, at most one lesson of it a day."""
    policy = demo_policy(
        daily_cap={"primary": {"minutes": 1000}},
        domains={"ti": {"min_weekly_minutes": 60}},
        repeats={"max_per_lesson": 0},
    )
    world = tiny_world(
        grades=(3,), policy=policy, scale=2.0, lessons=6, windows=[(["mon"], "08:00", "12:00")]
    )
    assert world.curricula[3].course, "the world holds grade 3's courses"
    assert "solver.rule.course_per_day" in _explain(world)


def test_zh_message_is_chinese() -> None:
    term = Term(region="t", term_start=WEEK + dt.timedelta(days=7), policy="P5", source="t")
    with pytest.raises(InfeasiblePlanError) as info:
        plan_week(tiny_world(term=term), WEEK, {}, time_limit=5)
    assert "学期" in info.value.message("zh")


def test_week_not_monday_is_bad_input() -> None:
    world = tiny_world()
    with pytest.raises(InstanceError) as info:
        plan_week(world, WEEK + dt.timedelta(days=1), durations(world))
    assert "Monday" in info.value.message("en") and info.value.exit_code == 2


def test_grade_without_any_open_channel_is_named() -> None:
    """P2: grade 9's only channel opens on a Sunday that is a holiday."""
    world = tiny_world()
    sunday = WEEK + dt.timedelta(days=6)
    term = Term(
        region="t",
        term_start=WEEK,
        holidays=[Holiday(date=sunday, name="h")],
        policy="P5",
        source="t",
    )
    own = channel("g9.test.airclass", [9], [(["sun"], "08:00", "10:00")], network="test")
    shared = channel("g3.test.airclass", [3], [(["mon"], "08:00", "12:00")], network="test")
    world = World(
        root=world.root,
        policy=world.policy,
        channels=(shared, own),
        term=term,
        curricula=world.curricula,
        assets=world.assets,
    )
    with pytest.raises(InfeasiblePlanError) as info:
        plan_week(world, WEEK, durations(world), time_limit=5, strict_minimums=True)
    assert [c.key for c in info.value.conflicts] == ["solver.no_airtime"]
    assert info.value.conflicts[0].fields["grade"] == 9
    assert "grade 9" in info.value.message("en")
