"""The regularity phase's neighbourhoods (solver.retime): from a scattered plan of a small week
they reach the proven optimum with its airtime held, keep all that airtime, move airings across
days where only that helps, and a deterministic solve gives the same plan twice."""

from __future__ import annotations

from collections import Counter

from airclass.solver.greedy import sweep_plan
from airclass.solver.instance import VALUE_SCALE, Instance, build_instance
from airclass.solver.model import PlanModel, SolveOptions
from airclass.solver.plan import Status
from airclass.solver.planner import domain_names
from airclass.solver.reading import Placement, score
from airclass.solver.retime import neighbourhoods, retime
from airclass.solver.synthetic import WEEK, demo_policy

from tests.solver.conftest import FREE_DOMAINS, course_world, durations

OPTIONS = SolveOptions(time_limit=20, workers=1, seed=0)


def _week() -> tuple[Instance, object]:
    """Grades 3 and 7 share one channel's mornings, which open at 08:00, 07:30 and 08:30; the
    sweep fills each from its opening, so their lessons begin at other times each day."""
    policy = demo_policy(
        repeats={"max_per_lesson": 0},
        domains=FREE_DOMAINS,
        course_per_day={"max_lessons": {"primary": 1, "junior": 1}},
        regularity={"penalty": 5},
    )
    windows = [
        (["mon"], "08:00", "10:00"),
        (["tue"], "07:30", "10:00"),
        (["wed"], "08:30", "10:30"),
    ]
    world = course_world({3: [3, 2], 7: [3, 1]}, windows, policy=policy)
    return build_instance(world, WEEK, durations(world)), world


def _swapped_week() -> tuple[Instance, object]:
    """Grades 3 and 7 share one channel, open Monday and Wednesday 08:00-08:40, Tuesday and
    Thursday 09:00-09:40: room for one lesson each. The sweep airs grade 3 on Monday and
    Tuesday, grade 7 on Wednesday and Thursday, so each grade needs two times of day."""
    policy = demo_policy(
        repeats={"max_per_lesson": 0},
        domains=FREE_DOMAINS,
        course_per_day={"max_lessons": {"primary": 1, "junior": 1}},
        regularity={"penalty": 5},
    )
    windows = [(["mon", "wed"], "08:00", "08:40"), (["tue", "thu"], "09:00", "09:40")]
    world = course_world({3: [2], 7: [2]}, windows, policy=policy)
    return build_instance(world, WEEK, durations(world)), world


def _held(
    instance: Instance, world: object, start: list[Placement], *, days: bool = False
) -> PlanModel:
    """The model with `start`'s airtime held, and its days too when `days`."""
    model = PlanModel(instance, domain_names=domain_names(world))
    model.hold_airtime(score(instance, start).airtime)
    if days:
        model.free_only(start, lambda grade, day: True)
    return model


def _objective(instance: Instance, placements: list[Placement]) -> float:
    return score(instance, placements).total / (VALUE_SCALE * 60)


def _days(instance: Instance, placements: list[Placement]) -> Counter:
    per_day = instance.grains_per_day
    return Counter((i, airing, t // per_day) for i, airing, _, t in placements)


def test_retime_reaches_the_held_optimum() -> None:
    instance, world = _week()
    start = sweep_plan(instance).placements
    exact = _held(instance, world, start).solve(OPTIONS)
    assert exact.status is Status.OPTIMAL
    assert _objective(instance, start) < exact.objective, "the start is not regular"
    retimed = retime(_held(instance, world, start), OPTIONS, start)
    assert _objective(instance, retimed.placements) == exact.objective
    assert score(instance, retimed.placements).airtime == score(instance, start).airtime


def test_held_days_keep_every_airing_on_its_day() -> None:
    instance, world = _week()
    start = sweep_plan(instance).placements
    model = _held(instance, world, start)
    model.free_only(start, lambda grade, day: True)
    held = model.solve(OPTIONS)
    assert held.status is Status.OPTIMAL
    assert _objective(instance, start) < held.objective
    assert _days(instance, held.placements) == _days(instance, start)


def test_retime_moves_days_between_grades_that_share_a_channel() -> None:
    """Only swapping days between the grades helps: grade 3 takes the 08:00 mornings, grade 7
    the 09:00 ones, one time of day each."""
    instance, world = _swapped_week()
    start = sweep_plan(instance).placements
    per_day = instance.grains_per_day
    aired = {(instance.lessons[i].grade, t // per_day) for i, _, _, t in start}
    assert aired == {(3, 0), (3, 1), (7, 2), (7, 3)}, "the sweep splits each grade's days"
    held = _held(instance, world, start, days=True).solve(OPTIONS)
    assert held.status is Status.OPTIMAL
    assert held.objective == _objective(instance, start), "no better plan on the same days"
    retimed = retime(_held(instance, world, start), OPTIONS, start)
    assert score(instance, retimed.placements).regularity == 2 * 5 * VALUE_SCALE * 60
    assert score(instance, retimed.placements).airtime == score(instance, start).airtime
    moved = {(instance.lessons[i].grade, t // per_day) for i, _, _, t in retimed.placements}
    assert moved == {(3, 0), (3, 2), (7, 1), (7, 3)}


def test_retime_is_deterministic() -> None:
    instance, world = _week()
    start = sweep_plan(instance).placements
    plans = [retime(_held(instance, world, start), OPTIONS, start).placements for _ in range(2)]
    assert plans[0] == plans[1]


def test_neighbourhoods_pair_only_grades_that_share_a_channel() -> None:
    """Three days and two grades alone, then the one pair with days held, then with them
    free: grades 3 and 7 share the channel."""
    instance, _ = _week()
    singles, pairs, moving = neighbourhoods(instance)
    assert len(singles) == 3 + 2
    assert [hood.grades for hood in pairs + moving] == [frozenset({3, 7})] * 2
    assert pairs[0].frees(3, 0) and pairs[0].frees(7, 2) and not pairs[0].frees(5, 0)
    assert not pairs[0].moves_days and moving[0].moves_days
