"""`bench solver`: solve the synthetic instances S, M, L and compare with the greedy fill.

Each instance's time limit is its policy's planning.time_limit_seconds (S 10 s, M and L 60 s).
Each plan is then repaired after withdrawing one lesson: the last aired lesson (so C7 removes
nothing else) of the course of the week's middle airing in a domain without a weekly minimum
(so the rules still hold). Reported: the replan's seconds and the airings it moved (goal ≤ 2 s,
≤ 5 %).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from airclass.config.schema.world import World
from airclass.solver.instance import build_instance
from airclass.solver.plan import Plan
from airclass.solver.planner import options_for, plan_from, solve_instance
from airclass.solver.replan import replan
from airclass.solver.synthetic import INSTANCES, WEEK, durations


@dataclass(frozen=True)
class BenchRow:
    instance: str
    status: str
    objective: float
    bound: float
    gap: float
    seconds: float
    greedy_objective: float
    airings: int
    build_seconds: float
    replan_seconds: float
    replan_moved: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def run_bench(
    names: Iterable[str] = tuple(INSTANCES),
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
) -> list[BenchRow]:
    rows = []
    for name in names:
        world = INSTANCES[name]()
        began = time.perf_counter()
        instance = build_instance(world, WEEK, durations(world))
        options = options_for(
            world, time_limit=time_limit, workers=workers, seed=seed, deterministic=False
        )
        outcome = solve_instance(instance, world, options)
        total = time.perf_counter() - began
        s = outcome.solution
        plan = plan_from(outcome)
        began = time.perf_counter()
        repaired = replan(
            plan,
            world,
            durations(world),
            withdraw=[_lesson_to_withdraw(plan, world)],
            time_limit=time_limit,
            workers=workers,
        )
        replan_seconds = time.perf_counter() - began
        rows.append(
            BenchRow(
                instance=name,
                status=s.status.value,
                objective=round(s.objective, 2),
                bound=round(s.best_bound, 2),
                gap=round(s.gap, 5),
                seconds=round(total, 2),
                greedy_objective=round(outcome.greedy.objective, 2),
                airings=len(s.placements),
                build_seconds=round(total - s.seconds, 2),
                replan_seconds=round(replan_seconds, 2),
                replan_moved=len(repaired.moved),
            )
        )
    return rows


def _lesson_to_withdraw(plan: Plan, world: World) -> str:
    free = {k for k, d in world.policy.domains.items() if d.min_weekly_minutes == 0}
    firsts = sorted(
        (a for a in plan.airings if a.domain in free and not a.is_repeat),
        key=lambda a: (a.date, a.start_frame, a.channel),
    )
    middle = firsts[len(firsts) // 2]
    course = [a for a in firsts if a.course == middle.course]
    return max(course, key=lambda a: a.lesson_number).lesson_id
