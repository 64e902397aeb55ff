"""The regularity phase's neighbourhoods (solver.retime): from a scattered plan of a small week
they reach the held model's proven optimum, keep every airing on its day and all its airtime,
and a deterministic solve gives the same plan twice."""

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


def _held(instance: Instance, world: object, start: list[Placement]) -> PlanModel:
    model = PlanModel(instance, domain_names=domain_names(world))
    model.hold_days(start)
    model.hold_airtime(score(instance, start).airtime)
    return model


def _days(instance: Instance, placements: list[Placement]) -> Counter:
    per_day = instance.grains_per_day
    return Counter((i, airing, t // per_day) for i, airing, _, t in placements)


def test_retime_reaches_the_held_optimum() -> None:
    instance, world = _week()
    start = sweep_plan(instance).placements
    exact = _held(instance, world, start).solve(OPTIONS)
    assert exact.status is Status.OPTIMAL
    scale = VALUE_SCALE * 60
    assert score(instance, start).total / scale < exact.objective, "the start is not regular"
    retimed = retime(_held(instance, world, start), OPTIONS, start)
    assert score(instance, retimed.placements).total / scale == exact.objective
    assert _days(instance, retimed.placements) == _days(instance, start)
    assert score(instance, retimed.placements).airtime == score(instance, start).airtime


def test_retime_is_deterministic() -> None:
    instance, world = _week()
    start = sweep_plan(instance).placements
    plans = [retime(_held(instance, world, start), OPTIONS, start).placements for _ in range(2)]
    assert plans[0] == plans[1]


def test_neighbourhoods_pair_only_grades_that_share_a_channel() -> None:
    """Three days and two grades alone, then the one pair: grades 3 and 7 share the channel."""
    instance, _ = _week()
    singles, pairs = neighbourhoods(instance)
    assert len(singles) == 3 + 2
    assert len(pairs) == 1
    assert pairs[0](3, 0) and pairs[0](7, 2) and not pairs[0](5, 0)
