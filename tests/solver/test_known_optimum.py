"""Known optima on tiny weeks: one per L7 rule (course_per_day, regularity) and per L2 cap,
and the levers that change the model (the LP cap, the redundant rows, the complete hint, the
lexicographic solve, the held days of its regularity phase, the probe for a perfect packing,
the LP-guided searches) leave each optimum's objective unchanged; SCIP's bound is the optimum
where the LP's is loose.

Every lesson is 20 min of grade 3 (weight 50, not voluntary): worth 50 × 20 = 1000; each start
time of day (grade, channel) costs the regularity penalty, 5."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from airclass.config.schema.world import World
from airclass.solver import plan_week
from airclass.solver.greedy import sweep_plan
from airclass.solver.instance import VALUE_SCALE, build_instance
from airclass.solver.lp_bound import Interrupt, lp_bound
from airclass.solver.model import PlanModel, SolveOptions
from airclass.solver.plan import Status
from airclass.solver.planner import (
    AIRTIME_LP_SEARCHES,
    AIRTIME_REPEAT_SEARCHES,
    AIRTIME_SHARE,
    PROBE_MIN_SECONDS,
    PROBE_SHARE,
    domain_names,
    solve_instance,
    spare_core,
)
from airclass.solver.synthetic import WEEK, demo_policy

from tests.solver.checker import check_plan
from tests.solver.conftest import FREE_DOMAINS, course_world, durations

TWO_MORNINGS = [(["mon", "tue"], "08:00", "12:00")]


SEARCHES = {"lp_searches": AIRTIME_LP_SEARCHES, "repeat_searches": AIRTIME_REPEAT_SEARCHES}


def _policy(per_day: int, penalty: float = 5) -> object:
    return demo_policy(
        repeats={"max_per_lesson": 0},
        domains=FREE_DOMAINS,
        course_per_day={"max_lessons": {"primary": per_day}},
        regularity={"penalty": penalty},
    )


def _solve(world: World, **levers: bool) -> tuple[str, float]:
    """Solve with the levers on or off: `cap` (the LP bound alongside the search), `redundant`
    (capacity rows), `hint`, and the airtime phase's CP-SAT searches (SEARCHES)."""
    instance = build_instance(world, WEEK, durations(world))
    model = PlanModel(
        instance, domain_names=domain_names(world), redundant=levers.get("redundant", True)
    )
    if levers.get("cap", True):
        model.bound_alongside(seconds=20, head_start=5)
    if levers.get("hint", True):
        model.hint(sweep_plan(instance).placements)
    options = SolveOptions(time_limit=20, workers=1, seed=0)
    for lever, searches in SEARCHES.items():
        if levers.get(lever, False):
            # The airtime phase's own searches run on the wall clock only.
            options = SolveOptions(
                time_limit=20, workers=2, seed=0, deterministic=False, full_searches=searches
            )
    solution = model.solve(options)
    return solution.status.value, solution.objective


@pytest.mark.parametrize(("per_day", "optimum"), [(1, 2 * 1000 - 5), (2, 4 * 1000 - 2 * 5)])
def test_course_per_day_known_optimum(per_day: int, optimum: float) -> None:
    """One course of four lessons, two mornings: at most `per_day` a day air, at the same
    times of day on both days."""
    world = course_world({3: [4]}, TWO_MORNINGS, policy=_policy(per_day))
    plan = plan_week(world, WEEK, durations(world), time_limit=20)
    check_plan(plan, world)
    assert len(plan.airings) == 2 * per_day
    assert plan.status is Status.OPTIMAL
    assert plan.objective == optimum
    assert plan.courses[0].most_per_day == per_day


def test_regularity_known_optimum() -> None:
    """Monday opens 08:00–09:00, Tuesday 08:30–10:00: a 20-minute lesson may start at the same
    time of day on both only between 08:30 and 08:40, so both lessons start there, at one time."""
    windows = [(["mon"], "08:00", "09:00"), (["tue"], "08:30", "10:00")]
    world = course_world({3: [2]}, windows, policy=_policy(1))
    plan = plan_week(world, WEEK, durations(world), time_limit=20)
    check_plan(plan, world)
    assert len(plan.airings) == 2
    assert plan.status is Status.OPTIMAL
    assert plan.objective == 2 * 1000 - 5
    (start,) = {a.start_frame for a in plan.airings}
    assert (8 * 60 + 30) * 60 * 25 <= start <= (8 * 60 + 40) * 60 * 25
    free = course_world({3: [2]}, windows, policy=_policy(1, penalty=0))
    assert plan_week(free, WEEK, durations(free), time_limit=20).objective == 2 * 1000


def test_held_days_keep_the_regularity_optimum() -> None:
    """The regularity week's two lessons can only air Monday and Tuesday: held on the days of
    any plan (the sweep's), retiming them alone reaches the optimum, one time of day."""
    windows = [(["mon"], "08:00", "09:00"), (["tue"], "08:30", "10:00")]
    world = course_world({3: [2]}, windows, policy=_policy(1))
    instance = build_instance(world, WEEK, durations(world))
    start = sweep_plan(instance).placements
    model = PlanModel(instance, domain_names=domain_names(world))
    model.free_only(start, lambda grade, day: True)  # times of day move, days held
    model.hint(start)
    solution = model.solve(SolveOptions(time_limit=20, workers=1, seed=0))
    assert solution.status is Status.OPTIMAL
    assert solution.objective == 2 * 1000 - 5


@pytest.mark.parametrize(
    "levers",
    [
        {},
        {"cap": False},
        {"redundant": False},
        {"hint": False},
        {"cap": False, "hint": False},
        {"lp_searches": True, "hint": False},
        {"repeat_searches": True, "hint": False},
    ],
)
def test_levers_keep_the_optimum(levers: dict[str, bool]) -> None:
    """Grades 3 and 7 sharing two short mornings, more lessons than fit: the optimum does not
    depend on the levers that only help the search."""
    windows = [(["mon", "tue"], "08:00", "09:30")]
    world = course_world({3: [2, 1, 1], 7: [1, 1]}, windows, policy=_policy(1))
    reference = _solve(world)
    assert reference[0] == "OPTIMAL"
    assert reference[1] > 3 * 1000, "grade 3 fills most of both mornings"
    assert _solve(world, **levers) == reference


@pytest.mark.parametrize("searches", SEARCHES.values())
def test_full_searches_replace_cp_sats_default(
    searches: tuple[str, ...], caplog: pytest.LogCaptureFixture
) -> None:
    """CP-SAT's own log names the full-problem searches it ran: the planner's, not its
    default's; a deterministic solve keeps its interleaved portfolio."""
    windows = [(["mon", "tue"], "08:00", "09:30")]
    world = course_world({3: [2, 1, 1], 7: [1, 1]}, windows, policy=_policy(1))
    instance = build_instance(world, WEEK, durations(world))
    wall = SolveOptions(
        time_limit=5, workers=2, seed=0, deterministic=False, full_searches=searches
    )
    for options in (wall, replace(wall, deterministic=True)):
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="airclass.solver.model"):
            PlanModel(instance, domain_names=domain_names(world)).solve(options)
        full = [
            r.getMessage() for r in caplog.records if "full problem subsolver" in r.getMessage()
        ]
        assert full, "CP-SAT logged its searches"
        ran = all(name in full[0] for name in searches)
        assert ran is not options.deterministic, full[0]


def _cap_world(penalty: float = 5) -> World:
    """Grade 3, one Monday 08:00–13:00, seven one-lesson courses of 18 min: seven would fit
    the window (a lesson and its 20-min break every 40 min) but only six the L2 cap of
    120 min (7 × 18 = 126)."""
    return course_world(
        {3: [1] * 7}, [(["mon"], "08:00", "13:00")], policy=_policy(1, penalty), minutes={3: 18}
    )


def test_daily_cap_known_optimum() -> None:
    """Six lessons, each worth its 20-min slot (1000), at six times of day (5 each)."""
    world = _cap_world()
    plan = plan_week(world, WEEK, durations(world), time_limit=20)
    check_plan(plan, world)
    assert len(plan.airings) == 6
    assert plan.status is Status.OPTIMAL
    assert plan.objective == 6 * 1000 - 6 * 5


@pytest.mark.parametrize("redundant", [True, False])
def test_redundant_rows_keep_the_daily_cap_optimum(redundant: bool) -> None:
    assert _solve(_cap_world(), redundant=redundant) == ("OPTIMAL", 6 * 1000 - 6 * 5)


def _lp(world: World, *, redundant: bool) -> float:
    instance = build_instance(world, WEEK, durations(world))
    model = PlanModel(instance, domain_names=domain_names(world), redundant=redundant)
    bound = lp_bound(model.model)
    assert bound is not None
    return bound / (VALUE_SCALE * 60)


def test_redundant_rows_close_the_lp_gap() -> None:
    """Without the cover row the LP fills the 120-min cap with 6.67 lessons, and without the
    day rows it spreads them over times of day at almost no penalty; with both, the LP bound is
    the optimum."""
    world = _cap_world()
    assert _lp(world, redundant=True) == pytest.approx(6 * 1000 - 6 * 5)
    assert _lp(world, redundant=False) > 6 * 1000 + 500


def test_scip_bound_is_the_optimum_where_the_lp_is_loose() -> None:
    """The same world without the redundant rows: the LP bound lies 500 above the optimum;
    every variable integral, SCIP's dual bound is the optimum (within its tolerance margin)."""
    world = _cap_world()
    instance = build_instance(world, WEEK, durations(world))
    model = PlanModel(instance, domain_names=domain_names(world), redundant=False)
    every = range(len(model.model.proto.variables))
    bound = lp_bound(model.model, seconds=20, integral=every)
    assert bound is not None
    optimum = 6 * 1000 - 6 * 5
    assert bound / (VALUE_SCALE * 60) == pytest.approx(optimum, rel=1e-5)
    assert bound >= optimum * VALUE_SCALE * 60
    assert _lp(world, redundant=False) > optimum + 500


def test_an_interrupted_bound_never_starts() -> None:
    world = _cap_world()
    model = PlanModel(
        build_instance(world, WEEK, durations(world)), domain_names=domain_names(world)
    )
    stop = Interrupt()
    stop.request()
    every = range(len(model.model.proto.variables))
    assert lp_bound(model.model, integral=every, interrupt=stop) is None


def test_scip_week_bound_keeps_the_week_optimum() -> None:
    """The airtime model's week bound with SCIP beside the search (bound_alongside's `mip`) is
    the week's optimum, as the LP's is: a tighter bound never cuts a plan off."""
    world = _cap_world()
    instance = build_instance(world, WEEK, durations(world))
    airtime = instance.model_copy(update={"regularity_penalty": 0})
    model = PlanModel(airtime, domain_names=domain_names(world))
    model.bound_alongside(
        seconds=5, head_start=None, regularity=instance.regularity_penalty, mip=True
    )
    solution = model.solve(SolveOptions(time_limit=5, workers=1, seed=0))
    assert solution.week_bound == 6 * 1000 - 6 * 5
    assert solution.objective == 6 * 1000


def test_scip_runs_only_on_a_spare_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert spare_core(1)
    assert not spare_core(2)


@pytest.mark.parametrize("lexicographic", [True, False])
@pytest.mark.parametrize(
    ("windows", "repeats"),
    [
        ([(["mon", "tue"], "08:00", "09:30")], 0),
        ([(["mon", "tue"], "08:00", "09:30")], 1),
        ([(["mon"], "08:00", "09:00"), (["tue"], "08:30", "10:00")], 0),
    ],
)
def test_lexicographic_keeps_the_optimum(
    lexicographic: bool, windows: list[tuple[list[str], str, str]], repeats: int
) -> None:
    """Airtime first and regularity after it, or both at once: the same proven optimum (with
    repeats, the airtime phase linearises more)."""
    policy = demo_policy(
        repeats={"max_per_lesson": repeats},
        domains=FREE_DOMAINS,
        course_per_day={"max_lessons": {"primary": 1}},
    )
    world = course_world({3: [2, 1, 1], 7: [1, 1]}, windows, policy=policy)
    instance = build_instance(world, WEEK, durations(world))
    options = SolveOptions(time_limit=20, workers=1, seed=0, lexicographic=lexicographic)
    solution = solve_instance(instance, world, options).solution
    reference = solve_instance(
        instance, world, SolveOptions(time_limit=20, workers=1, seed=0, lexicographic=False)
    ).solution
    assert solution.status is Status.OPTIMAL
    assert solution.objective == reference.objective


def test_airtime_lp_charges_the_times_of_day() -> None:
    """Solved without the regularity term, the LP bound still charges 5 for each of the six
    times of day six airings on one day need: it bounds the week's objective, here exactly."""
    world = _cap_world()
    instance = build_instance(world, WEEK, durations(world))
    airtime = instance.model_copy(update={"regularity_penalty": 0})
    model = PlanModel(airtime, domain_names=domain_names(world))
    model.bound_alongside(seconds=5, head_start=None, regularity=instance.regularity_penalty)
    solution = model.solve(SolveOptions(time_limit=5, workers=1, seed=0))
    assert model.week_cap == (6 * 1000 - 6 * 5) * VALUE_SCALE * 60
    assert solution.week_bound == 6 * 1000 - 6 * 5
    assert solution.objective == 6 * 1000
    assert solution.status is Status.OPTIMAL  # the airtime's own optimum, above the week bound


def _morning_world(courses: dict[int, list[int]]) -> World:
    return course_world(courses, [(["mon"], "08:00", "09:30")], policy=_policy(1))


def test_filled_stretches_find_the_perfect_packing() -> None:
    """Grades 3 (20 min, worth 1000) and 7 (25 min, 250) share one 90-minute morning, each
    lesson followed by a 20-minute break of its grade: 3, 7, 3, 7 fill it to the minute, the
    airtime optimum, which the model restricted to full stretches finds from no hint."""
    world = _morning_world({3: [1, 1, 1], 7: [1, 1, 1]})
    instance = build_instance(world, WEEK, durations(world))
    airtime = instance.model_copy(update={"regularity_penalty": 0})
    model = PlanModel(airtime, domain_names=domain_names(world))
    assert model.fill_stretches() == 1
    solution = model.solve(SolveOptions(time_limit=20, workers=1, seed=0))
    assert solution.status is Status.OPTIMAL
    assert solution.objective == 2 * 1000 + 2 * 250
    (span,) = instance.spans
    lessons = instance.lessons
    grades = [lessons[i].grade for i, _, _, _ in sorted(solution.placements, key=lambda p: p[3])]
    assert grades == [3, 7, 3, 7]
    assert sum(lessons[i].slot for i, _, _, _ in solution.placements) == span.end - span.start


def test_no_perfect_packing_is_infeasible_at_once() -> None:
    """Grade 3 alone: a lesson and its break take 40 minutes, so no plan fills 90."""
    world = _morning_world({3: [1, 1, 1]})
    instance = build_instance(world, WEEK, durations(world))
    model = PlanModel(instance, domain_names=domain_names(world))
    assert model.fill_stretches() == 1
    solution = model.solve(SolveOptions(time_limit=20, workers=1, seed=0))
    assert solution.status is Status.INFEASIBLE


@pytest.mark.parametrize(
    ("courses", "days"),
    [
        ({3: [1, 1, 1], 7: [1, 1, 1]}, ["mon"]),
        ({3: [1, 1, 1]}, ["mon"]),
        ({3: [2, 1, 1], 7: [1, 1]}, ["mon", "tue"]),
    ],
)
def test_packing_probe_keeps_the_optimum(courses: dict[int, list[int]], days: list[str]) -> None:
    """With or without the probe for a perfect packing first, the same proven optimum, whether
    the best plan packs perfectly (3, 7, 3, 7, on one morning or two) or no plan can."""
    world = course_world(courses, [(days, "08:00", "09:30")], policy=_policy(1))
    instance = build_instance(world, WEEK, durations(world))
    # 40 s: long enough for the probe (PROBE_SHARE of the airtime phase ≥ PROBE_MIN_SECONDS).
    assert AIRTIME_SHARE * PROBE_SHARE * 40 >= PROBE_MIN_SECONDS
    solved = [
        solve_instance(
            instance, world, SolveOptions(time_limit=40, workers=1, seed=0, packing_probe=probe)
        ).solution
        for probe in (True, False)
    ]
    assert [s.status for s in solved] == [Status.OPTIMAL, Status.OPTIMAL]
    assert solved[0].objective == solved[1].objective
