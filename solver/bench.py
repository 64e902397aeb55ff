"""`bench solver`: solve the instances S, M, L, D, N, XL and compare with the greedy fill.

Each instance's time limit is its policy's planning.time_limit_seconds (S 10 s, the others
60 s). Besides the objective, bound and gap, each row gives the week's shape: schedulable
lessons, lessons carried over, the mean distinct start times of a course (L7) and the most new
lessons of one course on one day (L7).
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
from airclass.solver.synthetic import INSTANCES, WEEK, WEEKS, durations, holds


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
    lessons: int
    """Schedulable lessons the week demands (the gate lets them air)."""
    carried_over: int
    """Lessons the week demands that did not air (held ones included)."""
    distinct_starts_per_course: float
    max_course_per_day: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def run_bench(
    names: Iterable[str] = ("S", "M", "L"),
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
) -> list[BenchRow]:
    rows = []
    for name in names:
        world = INSTANCES[name]()
        week = WEEKS.get(name, WEEK)
        began = time.perf_counter()
        instance = build_instance(world, week, durations(world))
        options = options_for(
            world, time_limit=time_limit, workers=workers, seed=seed, deterministic=False
        )
        outcome = solve_instance(instance, world, options)
        total = time.perf_counter() - began
        s = outcome.solution
        plan = plan_from(outcome, holds=holds(world))
        began = time.perf_counter()
        repaired = replan(
            plan,
            world,
            durations(world),
            withdraw=[_lesson_to_withdraw(plan, world)],
            time_limit=time_limit,
            workers=workers,
            holds=holds(world),
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
                lessons=len(instance.lessons),
                carried_over=sum(len(g.carried_over) for g in plan.grades),
                distinct_starts_per_course=round(
                    sum(c.distinct_starts for c in plan.courses) / max(len(plan.courses), 1), 3
                ),
                max_course_per_day=max((c.most_per_day for c in plan.courses), default=0),
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
