"""The weekly airtime allocation: an OR-Tools CP-SAT model over a preprocessed instance.

Instance (solver.instance: grains, demand, P6 ladder) → variables (solver.variables: per grade
and slot length, time-indexed start booleans; per lesson, day booleans) → one class per rule
family (solver.families) → Solution → Plan (solver.reading). The objective is priority-weighted
minutes of airtime (P1, P4; repeats at their value factor). A greedy fill and a gap-free sweep
(solver.greedy) give the hint; the LP relaxation, solved with GLOP alongside the search
(solver.lp_bound), bounds the objective. The planner solves lexicographically (solver.planner):
the airtime first (from a perfect packing, where a short probe restricted to full stretches
finds one), then the L7 regularity term with that airtime held; the first phase's bound
bounds the week. Every carried-over
lesson gets a reason (solver.waiting). Modelling choices, each documented where made:
two consecutive lessons of a course with different slot lengths never share a day; a repeat
airs on a later day; repeats do not count toward the daily cap.

Imports only `config`. Public API:

    plan_week(world, week, durations, *, aired_before=(), time_limit=None, workers=None,
              seed=None) -> Plan
    replan(plan, world, durations, *, withdraw=(), preempt=(), ...) -> ReplanResult
    run_bench(names=("S", "M", "L"), *, time_limit=None, ...) -> list[BenchRow]
        (also "D", "N", "XL": solver.synthetic.INSTANCES)
"""

from airclass.solver.bench import BenchRow, run_bench
from airclass.solver.errors import InfeasiblePlanError, NoSolutionError, SolverError
from airclass.solver.plan import Airing, GradeSummary, Plan, Status, Waiting, WaitReason
from airclass.solver.planner import plan_week
from airclass.solver.replan import Preemption, ReplanResult, parse_preemption, replan

__all__ = [
    "Airing",
    "BenchRow",
    "GradeSummary",
    "InfeasiblePlanError",
    "NoSolutionError",
    "Plan",
    "Preemption",
    "ReplanResult",
    "SolverError",
    "Status",
    "WaitReason",
    "Waiting",
    "parse_preemption",
    "plan_week",
    "replan",
    "run_bench",
]
