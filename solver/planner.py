"""Plan a week: world + week + measured durations → Plan (plan.json).

    plan = plan_week(world, dt.date(2020, 3, 2), durations)

Raises InfeasiblePlanError (with the conflicting rules in user terms) when the hard rules
cannot all hold, NoSolutionError when the time limit passes before any plan is found.

Where the gap was (issue 13; 2 workers, loaded machine):
- Bound: the LP is loose on the packing itself. The demo week cut to two days, without
  repeats or regularity: LP 91,850, proven optimum 89,600 (CP-SAT, 8 s). SCIP/HiGHS's root
  cuts on S move the LP bound by 0.01 % (82,546 → 82,541) and find no plan in 300 s.
- Search: the L7 regularity flags stall it. Same two days with regularity: 86,050-87,360 after
  45-90 s, though dropping it loses at most 5 per time of day. Their LP rows also slow GLOP from
  2 s to 30 s on D. Hence the lexicographic solve: airtime, then regularity with it held.
- S at length (load 1-4): the airtime LP is exact, 82,650 (GLOP, 0.7 s), the proven optimum
  (CP-SAT proves it itself at 145-150 s). CP-SAT's default found it at 6.7, 31 or 110 s; its
  LP-guided searches alone (AIRTIME_LP_SEARCHES) find and prove it in 3-7 s in most runs.
  With it held, solver.retime reaches 37-56 times of day, where the week LP (82,545) charges
  21: a gap of 0.10-0.21 %. S cannot be proven in 10 s until that bound knows the times of
  day a near-optimal plan needs.
- N: the airtime reaches 60,800 (83 airings) at 6-9 s and stays there to 40-45 s in all six
  runs (2, 3 or 4 workers alike); one found 61,400 (84) at 64 s. 84 airings fill all ten
  stretches of the national channel to the grain (5 and 6 grains with turnaround into 48 and
  42): a perfect packing. The LP says 61,600. Told to fill every stretch (PROBE_SHARE), one
  CP-SAT worker finds that packing in 5-6.5 s and proves it the best full one (three runs:
  seeds 0 and 3, deterministic and on the wall clock). With quick_restart as the full search
  (AIRTIME_REPEAT_SEARCHES), CP-SAT's own bound on the airtime model alone, unhinted by the
  probe, reaches 61,400 at 21.6 s (seed 0: proven) or 61,470 (seed 1), the default's 70,200.
- D's airtime: every lesson's first airing airs, in the LP and in every plan; the gap lies in
  which repeats air (LP: more of grades 3 and 5). Valid rows that tighten this LP move it
  little: cumulative repeat rows -12, a lesson's earliest day under the L7 course cap -18,
  stretch cardinality and break-window rounding 0 (176,252). SCIP on the week LP with every
  slot and time of day integral: 175,515 at its root (30-45 s, alone). Beside the 2-worker
  search on 2 cores it cost more airtime than it gained bound (gaps 0.37-0.82 % against
  0.41-0.57 %), and one worker alone falls to a 5 % gap: so it runs only on a spare core
  (spare_core).
- S: SCIP solves its week LP with everything integral to 82,525 (42 s), only 20 below GLOP's
  82,545: no cut on that relaxation helps; a better bound must know how times of day align
  across days. Most of a 10 s solve's gap is search: its airtime reaches 81,650 in 7 s, where
  82,650 is the proven airtime optimum.
- N's regularity, its days held: GLOP's bound 30 times of day; CP-SAT finds 36-42 in 10 s,
  37-38 in 60 s, and no plan with 34 or fewer in 10 s. Re-timing one day, one grade or two
  grades at a time, the rest fixed, each solved to optimality (solver.retime), finds 34-42 in
  7-12 s from the same plans, where the held model's CP-SAT found 40-46: the search, not the
  bound, was what kept N's gap at 0.5 %.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from airclass.config.clearance import Hold
from airclass.config.schema.world import World
from airclass.solver.errors import NoSolutionError
from airclass.solver.explain import explain_infeasible, precheck
from airclass.solver.greedy import GreedyResult, greedy_plan, sweep_plan
from airclass.solver.instance import VALUE_SCALE, Instance, build_instance
from airclass.solver.model import PlanModel, Solution, SolveOptions
from airclass.solver.plan import Plan, Status
from airclass.solver.reading import Placement, score, to_plan
from airclass.solver.retime import retime
from airclass.solver.waiting import waiting

logger = logging.getLogger(__name__)

READING_SHARE = 0.05
"""Share of a wall-clock time limit kept for reading the plan and its carry-over reasons."""

LP_HEAD_START = 0.05
"""Share of the time limit a wall-clock search waits for GLOP's LP bound before it starts (then
the bound caps the objective inside the model, so reaching it proves optimality at once); a
slower LP runs alongside (solver.model.PlanModel.bound_alongside). A deterministic search never
waits: whether the LP is done in time must not change its model."""

AIRTIME_SHARE = 0.75
"""Share of the search time a lexicographic solve's first phase (airtime without the L7
regularity term) gets (SolveOptions.lexicographic).

That phase linearises more (CP-SAT linearization_level 2) when repeats may air. Measured on the
airtime model, 2 workers, load 2.6-4.5: with repeats, after 30 s, N 61,400 twice against
58,800-59,800 (bound 61,600) and D 173,810 against 171,705; without (S), after 7 s, 77,650-77,850
against 78,650-79,250. On the whole model (one phase) level 2 had cost D gap before."""

AIRTIME_STALL = 0.4
"""A wall-clock airtime phase that finds no better plan or bound for this share of its time ends
early: the rest goes to the regularity phase (solver.stall).

N's airtime never moved past the probe's perfect packing (61,400 at 5-7 s), nor CP-SAT's bound
(far above the LP's) after 6-16 s: stopped 17 s later, the phase gives regularity 24-32 s
instead of 14. D's airtime search found better plans until its last second, at most 11 s apart
(seed 0). Full planner, seeds 0-5, against the fixed split: N 36, 31, 32, 31, 31, 32 times of
day against 35, 34, 33, 34, 34, 35 (with solver.retime's third tier). Measured with CP-SAT's
default search; with AIRTIME_REPEAT_SEARCHES N's phase may end proven before it stalls."""

AIRTIME_LP_SEARCHES = ("pseudo_costs", "max_lp")
"""CP-SAT's full-problem searches for an airtime phase without repeats, one per worker and no
LNS: both dive by the LP, which there is exact (S: 82,650, the proven optimum).

S's airtime model alone, 7 s, 2 workers, hinted as the planner does: CP-SAT's default
(default_lp and LNS) never reached 82,650 in 8 runs (80,250-81,650); these two did in 10 of 14
runs, proving it at once (max_lp's bound), at 2.8-6.6 s. Full planner and bench: S's gap
0.10-0.21 % in 20 of 27 runs (1.4-6.5 % where both dives fail) against 1.36-6.17 % in 8 of 8
before; M unchanged (0.004 %). With repeats the LP is loose on which repeats air, and
pseudo_costs cost D's airtime phase more than half a percent (gaps 0.88-1.29 %): those weeks
run AIRTIME_REPEAT_SEARCHES."""

AIRTIME_REPEAT_SEARCHES = ("quick_restart",)
"""CP-SAT's full-problem search for an airtime phase with repeats; the other worker runs LNS,
which finds most of a real week's better plans.

D's airtime phase alone (42 s, seeds 0-5): 175,460-175,730 (mean 175,645) against CP-SAT's
default 175,030-175,730 (mean 175,533); reduced_costs 175,550-175,730 (mean 175,635). Full
planner, seeds 0-6: D's gap 0.33-0.38 % in 6 of 7 runs (airtime 175,700-175,730) and 0.54 %
in one (175,370); reduced_costs, seeds 0/3/5: 0.44, 0.38, 0.42 %. Its bound closes where
the default's did not (seed 0): N's airtime proven at 61,400 (gap 0.30 % against 0.46-0.50 %),
L's at 263,105 (0.21 % against 0.48 %); XL unchanged (0.21 %)."""


PROBE_SHARE = 0.25
"""Share of the airtime search first spent, on one worker, looking for a perfect packing
(PlanModel.fill_stretches); a plan found is the search's start. N (one national channel,
every stretch over-demanded): its 84-airing packing, 61,400, in 5-6.5 s (OPTIMAL for the
restriction, seeds 0/3, deterministic), where 42 s of the airtime search alone stop at 60,800
(83 airings). Where no perfect packing exists, presolve says so at once (D: 0.1 s)."""

PROBE_MIN_SECONDS = 5.0
"""A shorter probe only takes time from the search: S's share (1.8 s of a 10 s solve) never
found a packing, and S ended at 1.48-2.70 % against 1.47-1.52 % without it."""


RETIME_SHARE = 0.8
"""Most of a lexicographic solve's second phase spent re-timing one neighbourhood at a time
(solver.retime); the rest of the phase then searches the whole model from its plan.

Measured on the full planner, wall clock, seeds 0-2, at 0.5, side by side with CP-SAT on the
whole held model in that half: N 33, 36, 37 times of day against 44, 36, 35 (gaps 0.455-0.488 %
against 0.471-0.545 %); D 108, 98, 100 against 116, 98, 110. On the same two airtime plans
each of N and D (14 s phase): 0.5 → N 40, 34, D 101, 102; 0.8 → 37, 33, 99, 95; 0.9 → 36, 34,
96, 99 (the neighbourhoods had not met their local optimum). The full planner at 0.8, seeds
0-2: N 34, 41, 33."""


@dataclass(frozen=True)
class Outcome:
    """A solved instance: the solution and the greedy baseline it started from."""

    instance: Instance
    solution: Solution
    greedy: GreedyResult


def options_for(
    world: World,
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    deterministic: bool = True,
) -> SolveOptions:
    """Solve options from policy.planning, each overridable (CLI flags)."""
    planning = world.policy.planning
    return SolveOptions(
        time_limit=planning.time_limit_seconds if time_limit is None else time_limit,
        workers=planning.workers if workers is None else workers,
        seed=planning.seed if seed is None else seed,
        deterministic=deterministic,
    )


def domain_names(world: World, lang: str = "zh") -> dict[str, str]:
    return {k: d.name_zh if lang == "zh" else d.name_en for k, d in world.policy.domains.items()}


def solve_instance(instance: Instance, world: World, options: SolveOptions) -> Outcome:
    """Check, build, hint with the better of the two heuristics and solve; explain
    infeasibility. The outcome's `greedy` is the simple priority fill (the bench baseline)."""
    precheck(instance, world)
    outcome = _solve(instance, world, options)
    relax = not (instance.strict_minimums or instance.soft_minimums)
    if outcome.solution.status is Status.INFEASIBLE and relax:
        # The minimums clash with other rules: trade them against airtime (C1 reported).
        logger.info("weekly minimums clash with other rules; solving with soft minimums")
        return solve_instance(instance.model_copy(update={"soft_minimums": True}), world, options)
    if outcome.solution.status is Status.INFEASIBLE:
        explain_infeasible(instance, world, options)
    return outcome


def _solve(instance: Instance, world: World, options: SolveOptions) -> Outcome:
    began = time.perf_counter()
    greedy = greedy_plan(instance)
    start = max((greedy, sweep_plan(instance)), key=lambda r: (r.is_feasible, r.objective))
    # The heuristics' time, and a share for reading the plan, come out of the search's: the
    # limit holds for the whole solve.
    spent = time.perf_counter() - began
    if not options.deterministic:
        search = options.time_limit * (1 - READING_SHARE) - spent
        options = replace(options, time_limit=max(1.0, search))
    airtime = instance.model_copy(update={"regularity_penalty": 0})
    if not (instance.regularity_penalty and options.lexicographic):
        probe = _packing_probe(airtime, world, options, start)
        rest = replace(options, time_limit=max(1.0, options.time_limit - probe.used))
        solution = _phase(instance, world, rest, probe.placements, probe.is_feasible)
        return Outcome(
            instance, replace(solution, seconds=probe.seconds + solution.seconds), greedy
        )
    # L7's regularity is worth far less than any airing (policy: it never costs a child
    # airtime), and the search stalls on it: first the airtime alone, then, with that
    # airtime held, the most regular plan.
    airtime_options = replace(
        options,
        time_limit=AIRTIME_SHARE * options.time_limit,
        linearization_level=2 if instance.max_repeats else 1,
        full_searches=AIRTIME_REPEAT_SEARCHES if instance.max_repeats else AIRTIME_LP_SEARCHES,
    )
    probe = _packing_probe(airtime, world, airtime_options, start)
    first = _phase(
        airtime,
        world,
        replace(
            airtime_options,
            time_limit=max(1.0, airtime_options.time_limit - probe.used),
            stall=AIRTIME_STALL * airtime_options.time_limit,
        ),
        probe.placements,
        probe.is_feasible,
        regularity=instance.regularity_penalty,
    )
    if first.status is Status.INFEASIBLE:
        return Outcome(instance, first, greedy)
    # A deterministic solve splits its (deterministic) time as set, never by the wall clock.
    left = options.time_limit - (
        airtime_options.time_limit if options.deterministic else probe.seconds + first.seconds
    )
    rest = replace(options, time_limit=max(1.0, left))
    held = score(airtime, first.placements).total
    second = _regularity_phase(instance, world, rest, first.placements, held)
    scale = VALUE_SCALE * 60
    placements = second.placements
    if (
        start.is_feasible
        and score(instance, start.placements).total > score(instance, placements).total
    ):
        # Airtime gained may have cost more regularity than the heuristic's plan had.
        placements = start.placements
    objective = score(instance, placements).total / scale
    # A plan keeping less airtime than the first phase's is worth at most one airtime step
    # less (its regularity costs, never pays); one keeping as much is bounded by the second
    # phase; and any plan by the first phase's airtime bound.
    below = (held - _airtime_step(instance)) / scale
    # The first phase bounds any plan by its airtime bound and by its LP's week bound.
    week = math.inf if first.week_bound is None else first.week_bound
    ceiling = min(first.best_bound, week)
    bound = max(min(ceiling, max(second.best_bound, below)), objective)
    gap = (bound - objective) / bound if bound > 0 else 0.0
    solution = replace(
        second,
        placements=list(placements),
        status=Status.OPTIMAL if gap <= 1e-12 else Status.FEASIBLE,
        objective=objective,
        best_bound=bound,
        gap=gap,
        seconds=probe.seconds + first.seconds + second.seconds,
    )
    return Outcome(instance, solution, greedy)


@dataclass(frozen=True)
class Probe:
    """The search's start after the packing probe, and what the probe cost."""

    placements: list[Placement]
    is_feasible: bool
    used: float
    """Time taken from the search: deterministic where the solve is, so its split stays the
    same on every run."""
    seconds: float
    """Wall seconds."""


def _packing_probe(
    instance: Instance, world: World, options: SolveOptions, start: GreedyResult
) -> Probe:
    """The better airtime of `start` and a perfect packing found on one worker in PROBE_SHARE
    of the time (PlanModel.fill_stretches), for an `instance` without the L7 term (with it,
    N's probe found none in 15 s)."""
    began = time.perf_counter()
    kept = Probe(start.placements, start.is_feasible, 0.0, 0.0)
    probe = replace(
        options, time_limit=PROBE_SHARE * options.time_limit, workers=1, full_searches=()
    )
    if not options.packing_probe or probe.time_limit < PROBE_MIN_SECONDS:
        return kept
    model = PlanModel(instance, domain_names=domain_names(world))
    if not model.fill_stretches():
        return kept
    model.hint(start.placements)
    try:
        found = model.solve(probe)
    except NoSolutionError as exc:
        used = probe.time_limit if options.deterministic else exc.seconds
        return replace(kept, used=used, seconds=time.perf_counter() - began)
    used = found.deterministic_seconds if options.deterministic else found.seconds
    better = found.placements and (
        not start.is_feasible
        or score(instance, found.placements).total > score(instance, start.placements).total
    )
    seconds = time.perf_counter() - began
    if better:
        return Probe(found.placements, True, used, seconds)
    return replace(kept, used=used, seconds=seconds)


def _regularity_phase(
    instance: Instance,
    world: World,
    options: SolveOptions,
    start: list[Placement],
    held: int,
) -> Solution:
    """The most regular plan found keeping `held` airtime, from `start`: first by neighbourhoods
    (solver.retime; at most RETIME_SHARE of the time), then the whole model; the latter's
    bound."""
    model = PlanModel(instance, domain_names=domain_names(world))
    model.hold_airtime(held)
    retimed = retime(model, replace(options, time_limit=RETIME_SHARE * options.time_limit), start)
    rest = replace(options, time_limit=max(1.0, options.time_limit - retimed.used))
    # The same model, every start and day free again: the whole model, from retime's plan.
    model.free_only(retimed.placements, lambda grade, day: True, move_days=True)
    model.hint(retimed.placements)
    objective = score(instance, retimed.placements).total / (VALUE_SCALE * 60)
    whole = model.solve(rest, fallback=(retimed.placements, objective))
    return replace(whole, seconds=retimed.seconds + whole.seconds)


def spare_core(workers: int) -> bool:
    """Whether this process may run on more cores than the search's workers: then SCIP's week
    bound runs beside the search (PlanModel.bound_alongside). On 2 cores it took a third of
    the search's time and cost the demo week more airtime than it gained bound."""
    if hasattr(os, "sched_getaffinity"):  # the cores this process may use (Linux)
        return len(os.sched_getaffinity(0)) > workers
    return (os.cpu_count() or 1) > workers


def _airtime_step(instance: Instance) -> int:
    """The least two different airtimes (less shortfalls) can differ by: the greatest common
    divisor of the values of airings and of a shortfall's second."""
    values = [x.value for x in instance.lessons]
    if instance.max_repeats:
        values += [x.repeat_value for x in instance.lessons]
    if instance.soft_minimums:
        values.append(instance.shortfall_price)
    return math.gcd(*values) or 1


def _phase(
    instance: Instance,
    world: World,
    options: SolveOptions,
    start: list[Placement],
    feasible: bool,
    *,
    regularity: int = 0,
) -> Solution:
    """One solve of `instance` hinted with `start` (also its fallback when `feasible`), with
    GLOP's LP bound alongside; `regularity`: the penalty that bound charges for the times of day
    a plan needs (PlanModel.bound_alongside). The regularity phase, whose airtime is held,
    reports this phase's bound instead (_regularity_phase)."""
    model = PlanModel(instance, domain_names=domain_names(world))
    head_start = None if options.deterministic else LP_HEAD_START * options.time_limit
    model.bound_alongside(
        seconds=options.time_limit,
        head_start=head_start,
        regularity=regularity,
        mip=spare_core(options.workers),
    )
    model.hint(start)
    fallback = (start, score(instance, start).total / (VALUE_SCALE * 60)) if feasible else None
    return model.solve(options, fallback=fallback)


def plan_week(
    world: World,
    week: dt.date,
    durations: Mapping[str, int],
    *,
    aired_before: Collection[str] = (),
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    strict_minimums: bool = False,
    holds: Mapping[str, Hold] | None = None,
) -> Plan:
    """The best plan for the week starting Monday `week` (see module docstring).

    C1 domain minimums a grade cannot meet become the plan's `shortfalls`, unless
    `strict_minimums` makes them hard (then such a week raises InfeasiblePlanError).
    `holds` (asset id → the gate's reason, media.gate.holds) names why a held lesson waits."""
    options = options_for(world, time_limit=time_limit, workers=workers, seed=seed)
    instance = build_instance(
        world,
        week,
        durations,
        aired_before=aired_before,
        seed=options.seed,
        strict_minimums=strict_minimums,
    )
    outcome = solve_instance(instance, world, options)
    return plan_from(outcome, holds=holds)


def plan_from(outcome: Outcome, *, holds: Mapping[str, Hold] | None = None) -> Plan:
    s = outcome.solution
    return to_plan(
        outcome.instance,
        s.placements,
        status=s.status.value,
        objective=s.objective,
        best_bound=s.best_bound,
        gap=s.gap,
        seconds=s.seconds,
        created_at=s.created_at,
        waiting=waiting(outcome.instance, s.placements, holds=holds),
    )
