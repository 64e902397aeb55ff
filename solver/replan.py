"""Minimal-change replanning after a lesson is withdrawn or a window is pre-empted.

    result = replan(plan, world, durations, withdraw=["g09-shuxue-003"],
                    preempt=[parse_preemption("cetv4.airclass@2020-03-02T09:00-10:00")])

Every unaffected airing keeps its place: first they are fixed and only the freed airtime is
refilled; if that cannot satisfy the hard rules (say a withdrawn lesson leaves a domain
minimum short), airings become movable again, with the old plan as a hint and a change
penalty larger than any airing's worth, so as few airings as possible move: first only the
touched grades' airings on the touched days, then every airing on those days, then the week.
A withdrawn lesson's later lessons in its course cannot air either (C7).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction

from airclass.config.clearance import Hold
from airclass.config.schema.world import World
from airclass.solver.errors import ReplanError
from airclass.solver.explain import explain_infeasible, precheck
from airclass.solver.instance import VALUE_SCALE, Instance, build_instance
from airclass.solver.model import PlanModel, Solution, SolveOptions
from airclass.solver.plan import Plan, Status
from airclass.solver.planner import domain_names, options_for
from airclass.solver.reading import Placement, score, to_plan
from airclass.solver.waiting import waiting

REPAIR_WORKERS = 1
"""CP-SAT workers of a repair solve, unless the caller names them. A deterministic search on
several workers runs each full-problem chunk for a whole unit of deterministic time, even once
the optimum is proven: the demo week's withdraw + pre-empt repair (touched grades on the
touched days) took 3.7 s on 2 workers for a search done at 1.7 s, and 0.5 s on one."""

_PREEMPT = re.compile(
    r"^(?P<channel>[^@]+)@(?P<date>\d{4}-\d{2}-\d{2})T(?P<start>\d{2}:\d{2})"
    r"-(?:(?P<end_date>\d{4}-\d{2}-\d{2})T)?(?P<end>\d{2}:\d{2})$"
)


@dataclass(frozen=True)
class Preemption:
    """Channel time taken by something else (an emergency broadcast), local wall clock."""

    channel: str
    start: dt.datetime
    end: dt.datetime


def parse_preemption(text: str) -> Preemption:
    """'cetv4.airclass@2020-03-02T09:00-10:00' → Preemption (end may carry its own date)."""
    m = _PREEMPT.match(text)
    if not m:
        raise ReplanError("solver.bad_preempt", text=text)
    date = dt.date.fromisoformat(m["date"])
    end_date = dt.date.fromisoformat(m["end_date"]) if m["end_date"] else date
    start = dt.datetime.combine(date, dt.time.fromisoformat(m["start"]))
    end = dt.datetime.combine(end_date, dt.time.fromisoformat(m["end"]))
    if end <= start:
        raise ReplanError("solver.bad_preempt", text=text)
    return Preemption(m["channel"], start, end)


@dataclass(frozen=True)
class Repair:
    """The repair solve's own figures, about what it optimised, not the week: either the freed
    airtime with every other airing fixed ("fixed"), or, when that cannot hold the rules, the
    whole week with a bonus for each airing kept in place ("penalised", bonus included), tried
    first with only the touched grades on the touched days movable ("penalised_grades"), then
    every grade on those days ("penalised_days")."""

    kind: str
    status: Status
    objective: float
    bound: float


@dataclass(frozen=True)
class ReplanResult:
    plan: Plan
    """The repaired week: its priority objective against the planning bound (the first plan's
    best bound, still an upper bound: a withdrawal or pre-emption only takes options away)."""
    moved: list[str]
    """uids of airings that kept their lesson but changed channel or time."""
    removed: list[str]
    added: list[str]
    unchanged: int
    repair: Repair


def replan(
    plan: Plan,
    world: World,
    durations: Mapping[str, int],
    *,
    withdraw: Collection[str] = (),
    preempt: Collection[Preemption] = (),
    aired_before: Collection[str] = (),
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    holds: Mapping[str, Hold] | None = None,
) -> ReplanResult:
    limit = world.policy.planning.replan_time_limit_seconds if time_limit is None else time_limit
    options = options_for(
        world,
        time_limit=limit,
        workers=REPAIR_WORKERS if workers is None else workers,
        seed=plan.seed if seed is None else seed,
    )
    withdrawn_assets = _withdrawn_assets(world, withdraw)
    kept_durations = {a: f for a, f in durations.items() if a not in withdrawn_assets}
    instance = build_instance(
        world, plan.week, kept_durations, aired_before=aired_before, seed=options.seed
    )
    precheck(instance, world)
    blocked = [_blocked_grains(instance, p) for p in preempt]
    old = _old_placements(instance, plan)
    kind, solution = _repair(instance, world, options, plan, blocked, old)
    if solution.status is Status.INFEASIBLE:
        explain_infeasible(instance, world, options)
    objective = score(instance, solution.placements).total / (VALUE_SCALE * 60)
    bound = max(plan.best_bound, objective)
    gap = (bound - objective) / bound if bound > 0 else 0.0
    new_plan = to_plan(
        instance,
        solution.placements,
        status=(Status.OPTIMAL if gap <= 1e-12 else Status.FEASIBLE).value,
        objective=objective,
        best_bound=bound,
        gap=gap,
        seconds=solution.seconds,
        created_at=solution.created_at,
        waiting=waiting(instance, solution.placements, holds=holds, withdrawn=withdraw),
    )
    repair = Repair(kind, solution.status, solution.search_objective, solution.search_bound)
    return _compare(plan, new_plan, repair)


def _repair(
    instance: Instance,
    world: World,
    options: SolveOptions,
    plan: Plan,
    blocked: list[tuple[int, int, int]],
    old: dict[str, Placement],
) -> tuple[str, Solution]:
    """The first repair that holds the rules, and its kind (Repair.kind): the unaffected
    airings fixed; then ever larger neighbourhoods movable at a price per airing, the rest
    fixed: the touched grades on the touched days, every grade on those days, the week."""
    unaffected = [p for p in old.values() if not _touches(instance, p, blocked)]
    solution = _solve_fixed(instance, world, options, blocked, old, unaffected)
    if solution.status is not Status.INFEASIBLE:
        return "fixed", solution
    days = _touched_days(instance, plan, old, blocked)
    grades = _touched_grades(instance, plan, old, blocked)
    neighbourhoods: list[tuple[str, Callable[[Placement], bool]]] = [
        (
            "penalised_grades",
            lambda p: instance.day_of(p[3]) in days and instance.lessons[p[0]].grade in grades,
        ),
        ("penalised_days", lambda p: instance.day_of(p[3]) in days),
        ("penalised", lambda p: True),
    ]
    for kind, movable in neighbourhoods:
        fixed = [p for p in unaffected if not movable(p)]
        solution = _solve_penalised(instance, world, options, blocked, old, unaffected, fixed=fixed)
        if solution.status is not Status.INFEASIBLE:
            return kind, solution
    return "penalised", solution


def _withdrawn_assets(world: World, lesson_ids: Collection[str]) -> set[str]:
    assets = set()
    for lesson_id in lesson_ids:
        try:
            assets.add(world.lesson(lesson_id).lesson.asset)
        except KeyError:
            raise ReplanError("solver.unknown_lesson", lesson=lesson_id) from None
    return assets


def _blocked_grains(instance: Instance, preemption: Preemption) -> tuple[int, int, int]:
    ids = [c.id for c in instance.channels]
    if preemption.channel not in ids:
        raise ReplanError(
            "solver.unknown_channel", channel=preemption.channel, channels=", ".join(ids)
        )
    channel = ids.index(preemption.channel)

    def minutes(moment: dt.datetime) -> int:
        day = (moment.date() - instance.week).days
        shift = instance.shift_minutes.get((channel, day), 0)
        return day * 24 * 60 + moment.hour * 60 + moment.minute + shift

    grain = instance.grain_minutes
    return channel, minutes(preemption.start) // grain, math.ceil(minutes(preemption.end) / grain)


def _old_placements(instance: Instance, plan: Plan) -> dict[str, Placement]:
    """uid → placement, for every old airing whose lesson is still schedulable."""
    index = {lesson.id: lesson.index for lesson in instance.lessons}
    channels = [c.id for c in instance.channels]
    fps = instance.rate.fps
    result: dict[str, Placement] = {}
    for airing in plan.airings:
        if airing.lesson_id not in index or airing.channel not in channels:
            continue
        c = channels.index(airing.channel)
        day = (airing.date - instance.week).days
        minute = Fraction(airing.start_frame) / fps / 60 + instance.shift_minutes.get((c, day), 0)
        grain = day * instance.grains_per_day + int(minute // instance.grain_minutes)
        number = int(airing.uid.split("@")[0].rsplit(".", 1)[1])
        result[airing.uid] = (index[airing.lesson_id], number - 1, c, grain)
    return result


def _touches(instance: Instance, placement: Placement, blocked: list[tuple[int, int, int]]) -> bool:
    lesson, _, c, t = placement
    slot = instance.lessons[lesson].slot
    return any(c == bc and t < end and t + slot > start for bc, start, end in blocked)


def _model(
    instance: Instance, world: World, blocked: list[tuple[int, int, int]], old: dict[str, Placement]
) -> PlanModel:
    model = PlanModel(instance, domain_names=domain_names(world), blocked=blocked)
    model.hint(old.values())
    model.previous = {(p[0], p[1]): (p[2], p[3]) for p in old.values()}
    return model


def _solve_fixed(
    instance: Instance,
    world: World,
    options: SolveOptions,
    blocked: list[tuple[int, int, int]],
    old: dict[str, Placement],
    unaffected: list[Placement],
) -> Solution:
    model = _model(instance, world, blocked, old)
    for placement in unaffected:
        literals = model.literals(placement)
        if len(literals) < 2:
            return Solution(Status.INFEASIBLE, 0, 0, 0, 0, [])
        for literal in literals:
            model.model.add(literal == 1)
    return model.solve(options)


def _solve_penalised(
    instance: Instance,
    world: World,
    options: SolveOptions,
    blocked: list[tuple[int, int, int]],
    old: dict[str, Placement],
    unaffected: list[Placement],
    *,
    fixed: list[Placement] | tuple[()] = (),
) -> Solution:
    """Every airing may move, but keeping an unaffected one in place is worth more than any
    airing; `fixed` airings may not move at all."""
    model = _model(instance, world, blocked, old)
    for placement in fixed:
        for literal in model.literals(placement):
            model.model.add(literal == 1)
    penalty = 2 * max((x.value for x in instance.lessons), default=1)
    keep = [literal for p in unaffected for literal in model.literals(p)]
    model.model.maximize(model.objective + penalty * sum(keep))
    return model.solve(options)


def _touched_days(
    instance: Instance,
    plan: Plan,
    old: dict[str, Placement],
    blocked: list[tuple[int, int, int]],
) -> set[int]:
    """Days of the pre-empted windows and of the old airings that can no longer air."""
    days = {instance.day_of(start) for _, start, _ in blocked}
    gone = [a for a in plan.airings if a.uid not in old]
    return days | {(a.date - instance.week).days for a in gone}


def _touched_grades(
    instance: Instance,
    plan: Plan,
    old: dict[str, Placement],
    blocked: list[tuple[int, int, int]],
) -> set[int]:
    """Grades of the old airings that can no longer air: pre-empted, withdrawn, or after a
    withdrawn lesson in its course (C7)."""
    gone = {a.grade for a in plan.airings if a.uid not in old}
    hit = {instance.lessons[p[0]].grade for p in old.values() if _touches(instance, p, blocked)}
    return gone | hit


def _compare(old: Plan, new: Plan, repair: Repair) -> ReplanResult:
    before = {a.uid: (a.channel, a.date, a.start_frame) for a in old.airings}
    after = {a.uid: (a.channel, a.date, a.start_frame) for a in new.airings}
    moved = sorted(u for u in before.keys() & after.keys() if before[u] != after[u])
    return ReplanResult(
        plan=new,
        moved=moved,
        removed=sorted(before.keys() - after.keys()),
        added=sorted(after.keys() - before.keys()),
        unchanged=len(before.keys() & after.keys()) - len(moved),
        repair=repair,
    )
