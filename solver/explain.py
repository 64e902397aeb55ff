"""Infeasibility in the user's terms, never a bare INFEASIBLE.

Only the weekly domain minimums (C1/C2) demand that something airs; every other rule only
forbids. So a plan is infeasible when some minimum cannot be met under the forbidding rules.

1. `precheck` finds the plain causes before any solve: a grade without enough approved,
   validated lessons of a domain (C5), or without any open airtime that week (windows, P2, P5).
2. `explain_infeasible` re-solves with one assumption literal per relaxable rule (each domain
   minimum, each grade's daily cap and break, each course's order) and asks CP-SAT for a
   sufficient set of assumptions that cannot hold together; it names those rules, plus the
   airtime the grades concerned have that week.
"""

from __future__ import annotations

import logging

from airclass.config.schema.world import World
from airclass.solver.errors import Conflict, InfeasiblePlanError
from airclass.solver.instance import Instance
from airclass.solver.model import PlanModel, SolveOptions
from ortools.sat.python import cp_model

logger = logging.getLogger(__name__)


def _domain_name(world: World, key: str) -> str:
    return world.policy.domains[key].name_zh


def precheck(instance: Instance, world: World) -> None:
    """Raise InfeasiblePlanError for minimums that no solve could meet (when they are hard:
    otherwise they become the plan's shortfalls). A week without any timetable day is an
    error either way: nothing could air."""
    conflicts: list[Conflict] = []
    week = instance.week.isoformat()
    if instance.domain_min_seconds and not instance.spans:
        raise InfeasiblePlanError(
            [
                Conflict(
                    "solver.no_timetable_day",
                    {
                        "week": week,
                        "term_start": world.term.term_start.isoformat(),
                        "term_end": world.term.term_end.isoformat() if world.term.term_end else "-",
                    },
                )
            ]
        )
    if not instance.strict_minimums:
        return
    silent = sorted(
        {g for g, _ in instance.domain_min_seconds if _airtime_minutes(instance, g) == 0}
    )
    for grade in silent:
        need = [
            f"{_domain_name(world, k)} {s // 60}"
            for (g, k), s in sorted(instance.domain_min_seconds.items())
            if g == grade
        ]
        conflicts.append(
            Conflict("solver.no_airtime", {"grade": grade, "need": ", ".join(need), "week": week})
        )
    for (grade, key), need in sorted(instance.domain_min_seconds.items()):
        if grade in silent:
            continue
        lessons = [x for x in instance.lessons if x.grade == grade and x.domain == key]
        fields = {"grade": grade, "domain": _domain_name(world, key), "key": key}
        have = sum(x.seconds for x in lessons)
        if have < need:
            conflicts.append(
                Conflict("solver.domain_short", {**fields, "need": need // 60, "have": have // 60})
            )
    if conflicts:
        raise InfeasiblePlanError(conflicts)


def _airtime_minutes(instance: Instance, grade: int) -> int:
    serving = {i for i, c in enumerate(instance.channels) if grade in c.grades}
    grains = sum(s.end - s.start for s in instance.spans if s.channel in serving)
    return grains * instance.grain_minutes


def explain_infeasible(instance: Instance, world: World, options: SolveOptions) -> None:
    """Always raises InfeasiblePlanError naming a small set of rules that clash."""
    names = {k: d.name_zh for k, d in world.policy.domains.items()}
    model = PlanModel(instance, domain_names=names, explain=True)
    literals = [literal for literal, _ in model.switches]
    model.model.add_assumptions(literals)
    model.model.clear_objective()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = options.time_limit
    solver.parameters.random_seed = options.seed
    status = solver.solve(model.model)
    if status == cp_model.INFEASIBLE:
        core = set(solver.sufficient_assumptions_for_infeasibility())
        conflicts = [c for literal, c in model.switches if literal.index in core]
    else:
        logger.warning(
            "explanation solve ended %s; listing every minimum", solver.status_name(status)
        )
        conflicts = [c for _, c in model.switches if c.key == "solver.rule.domain"]
    raise InfeasiblePlanError(conflicts + _airtime_context(instance, conflicts))


def _airtime_context(instance: Instance, conflicts: list[Conflict]) -> list[Conflict]:
    grades = sorted({int(str(c.fields["grade"])) for c in conflicts if "grade" in c.fields})
    return [
        Conflict(
            "solver.airtime",
            {
                "grade": g,
                "minutes": _airtime_minutes(instance, g),
                "channels": ", ".join(c.id for c in instance.channels if g in c.grades),
            },
        )
        for g in grades
    ]
