"""solver.stall: a wall-clock search that finds no better plan for a while is stopped, with
its best plan; a deterministic solve never is."""

from __future__ import annotations

import random
from dataclasses import replace

from airclass.solver.greedy import sweep_plan
from airclass.solver.instance import build_instance
from airclass.solver.model import PlanModel, SolveOptions
from airclass.solver.plan import Status
from airclass.solver.planner import domain_names
from airclass.solver.stall import StallWatch
from airclass.solver.synthetic import WEEK
from ortools.sat.python import cp_model

from tests.solver.conftest import course_world, durations


def _max_sat(variables: int = 300, clauses: int = 1500) -> cp_model.CpModel:
    """Random 3-SAT far past its threshold, as most clauses satisfied: good plans come at once,
    a proof of the best would take hours."""
    rng = random.Random(0)
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(variables)]
    satisfied = []
    for j in range(clauses):
        literals = [x[v] if rng.random() < 0.5 else ~x[v] for v in rng.sample(range(variables), 3)]
        flag = model.new_bool_var(f"c{j}")
        model.add_bool_or(literals).only_enforce_if(flag)
        satisfied.append(flag)
    model.maximize(sum(satisfied))
    return model


def test_a_stalled_search_stops_with_its_best_plan() -> None:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 300
    with StallWatch(solver, seconds=0.5) as watch:
        code = solver.solve(_max_sat(), watch)
    assert watch.stopped
    assert code == cp_model.FEASIBLE
    assert solver.objective_value < solver.best_objective_bound, "not stopped by a proof"


def test_a_deterministic_solve_ignores_the_stall() -> None:
    """The same proven plan with and without a stall limit shorter than the search."""
    world = course_world({3: [3, 2], 7: [3, 1]}, [(["mon", "tue"], "08:00", "09:30")])
    instance = build_instance(world, WEEK, durations(world))
    options = SolveOptions(time_limit=5, workers=2, seed=0)
    plans = []
    for stall in (None, 1e-6):
        model = PlanModel(instance, domain_names=domain_names(world))
        model.hint(sweep_plan(instance).placements)
        solution = model.solve(replace(options, stall=stall))
        assert solution.status is Status.OPTIMAL
        plans.append(solution.placements)
    assert plans[0] == plans[1]
