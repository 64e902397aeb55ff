"""The weekly airtime allocation: an OR-Tools CP-SAT model over a preprocessed instance.

Imports only `config`. Public API:

    plan_week(world, week, durations, *, aired_before=(), time_limit=None, workers=None,
              seed=None) -> Plan
    replan(plan, world, durations, *, withdraw=(), preempt=(), ...) -> ReplanResult
    run_bench(names=("S", "M", "L"), *, time_limit=None, ...) -> list[BenchRow]
"""

from solver.bench import BenchRow, run_bench
from solver.errors import InfeasiblePlanError, NoSolutionError, SolverError
from solver.plan import Airing, GradeSummary, Plan, Status
from solver.planner import plan_week
from solver.replan import Preemption, ReplanResult, parse_preemption, replan

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
    "parse_preemption",
    "plan_week",
    "replan",
    "run_bench",
]
