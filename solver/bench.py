"""`bench solver`: solve the synthetic instances S, M, L and compare with the greedy fill.

Each instance's time limit is its policy's planning.time_limit_seconds (S 10 s, M and L 60 s).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from solver.instance import build_instance
from solver.planner import options_for, solve_instance
from solver.synthetic import INSTANCES, WEEK, durations


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
            )
        )
    return rows
