"""Minimal-change replanning: withdrawal and pre-emption keep every unaffected airing."""

from __future__ import annotations

from fractions import Fraction

import pytest
from airclass.config.schema.world import World
from airclass.solver import parse_preemption, plan_week, replan
from airclass.solver.errors import ReplanError
from airclass.solver.plan import Plan
from airclass.solver.synthetic import WEEK

from tests.solver.checker import check_plan
from tests.solver.conftest import durations, tiny_world


@pytest.fixture(scope="module")
def world() -> World:
    return tiny_world(scale=1.0, lessons=6)


@pytest.fixture(scope="module")
def plan(world: World) -> Plan:
    return plan_week(world, WEEK, durations(world), time_limit=3)


def _places(plan: Plan) -> dict[str, tuple[str, object, int]]:
    return {a.uid: (a.channel, a.date, a.start_frame) for a in plan.airings}


def test_withdraw_keeps_unaffected_airings(world: World, plan: Plan) -> None:
    victim = next(a for a in plan.airings if a.lesson_number == 2)
    result = replan(plan, world, durations(world), withdraw=[victim.lesson_id], time_limit=10)
    check_plan(result.plan, world)
    assert victim.lesson_id not in {a.lesson_id for a in result.plan.airings}
    later = {a.uid for a in plan.airings if a.course == victim.course and a.lesson_number > 2}
    assert set(result.removed) == {victim.uid} | later  # C7: later lessons cannot air
    assert result.moved == []
    before, after = _places(plan), _places(result.plan)
    assert all(after[u] == before[u] for u in before if u in after)


def test_preempt_moves_only_the_preempted_airings(world: World, plan: Plan) -> None:
    hit = plan.airings[0]
    minute = int(Fraction(hit.start_frame, 25) / 60)
    text = (
        f"{hit.channel}@{hit.date}T{minute // 60:02d}:{minute % 60:02d}-"
        f"{(minute + 5) // 60:02d}:{(minute + 5) % 60:02d}"
    )
    result = replan(plan, world, durations(world), preempt=[parse_preemption(text)], time_limit=10)
    check_plan(result.plan, world)
    assert (
        hit.uid not in _places(result.plan)
        or _places(result.plan)[hit.uid] != _places(plan)[hit.uid]
    )
    before, after = _places(plan), _places(result.plan)
    untouched = [u for u in before if u != hit.uid and u in after]
    assert all(after[u] == before[u] for u in untouched)
    assert set(result.moved) <= {hit.uid}


def test_preempt_syntax_error_is_explained() -> None:
    with pytest.raises(ReplanError) as info:
        parse_preemption("cetv4.airclass 09:00")
    assert "CHANNEL@" in info.value.message("en")


def test_withdraw_unknown_lesson(world: World, plan: Plan) -> None:
    with pytest.raises(ReplanError):
        replan(plan, world, durations(world), withdraw=["g99-nothing-001"])


def test_preempt_that_fixed_airings_cannot_absorb_moves_touched_grades_on_that_day(
    world: World, plan: Plan
) -> None:
    last = max(a.date for a in plan.airings)
    text = f"one.test.airclass@{last}T14:00-15:00"
    result = replan(plan, world, durations(world), preempt=[parse_preemption(text)], time_limit=10)
    check_plan(result.plan, world)
    assert result.repair.kind == "penalised_grades"
    gone = {a.grade for a in plan.airings if a.uid in result.removed}
    moved = [a for a in plan.airings if a.uid in result.moved]
    assert moved
    assert all(a.date == last and a.grade in gone for a in moved)
