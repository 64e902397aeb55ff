"""Instance → CP-SAT model → Solution.

The model sums the objective terms of its constraint families (solver.families). Solving uses
the time limit, worker count and seed of policy.planning (callers may override them); the
search log goes to this module's logger at DEBUG.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from airclass.solver.errors import Conflict, NoSolutionError
from airclass.solver.families import (
    AiringLinks,
    CapacityCuts,
    ChannelOccupancy,
    CoursePerDay,
    DailyCap,
    DomainMinimum,
    Family,
    GradeNoOverlap,
    Priority,
    Regularity,
    Repeats,
    SyllabusOrder,
)
from airclass.solver.instance import VALUE_SCALE, Instance
from airclass.solver.lp_bound import Interrupt, integral_cap, lp_bound
from airclass.solver.plan import Status
from airclass.solver.reading import Item, Placement, assign, score, seconds_got
from airclass.solver.stall import StallWatch
from airclass.solver.variables import PlanVariables
from ortools.sat.python import cp_model

logger = logging.getLogger(__name__)


Fallback = tuple[list[Placement], float]
"""A feasible plan and its objective."""

_BOOLEAN = cp_model.Domain(0, 1)

Cell = tuple[int, int]
"""(grade, day): the unit PlanModel.free_only frees or fixes."""


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float
    workers: int
    seed: int
    deterministic: bool = True
    """Stop on CP-SAT's deterministic time (same input + seed → same plan), not the wall clock."""
    lexicographic: bool = True
    """The planner solves the airtime first, then the L7 regularity with that airtime held."""
    linearization_level: int = 1
    """CP-SAT's linearization_level (1 is its default)."""
    packing_probe: bool = True
    """The planner first looks for a perfect packing of the airtime (solver.planner.PROBE_SHARE)."""
    stall: float | None = None
    """On the wall clock, stop when no better plan was found for this many seconds
    (solver.stall); a deterministic solve ignores it."""
    full_searches: tuple[str, ...] = ()
    """On the wall clock, CP-SAT's full-problem searches (names from its portfolio), one
    worker each, in place of its default choice; workers left over run its LNS."""


@dataclass
class Solution:
    status: Status
    objective: float
    """Priority-weighted aired minutes (repeats at their value factor), less the L7 regularity
    and C1 shortfall penalties (solver.reading.score)."""
    best_bound: float
    gap: float
    seconds: float
    placements: list[Placement]
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    search_objective: float = 0.0
    """CP-SAT's own objective and bound of the model as solved (a replan's bonus for each
    airing kept included), in the same minutes."""
    search_bound: float = 0.0
    deterministic_seconds: float = 0.0
    """CP-SAT's deterministic time for the search: on one worker, the same on every run."""
    week_bound: float | None = None
    """With PlanModel.bound_alongside(regularity=...): the LP's bound on the whole week's
    objective (the L7 regularity charged), which this model's own objective may exceed."""


class PlanModel:
    """The CP-SAT model of one instance.

    With `explain=True`, relaxable hard rules get assumption literals (see `switches`).
    `redundant=False` leaves out the rows that only tighten the LP (CapacityCuts, the
    Regularity day rows): the optimum
    is the same, as the tests check.
    """

    def __init__(
        self,
        instance: Instance,
        *,
        domain_names: dict[str, str],
        explain: bool = False,
        blocked: Iterable[tuple[int, int, int]] = (),
        redundant: bool = True,
    ) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.explain = explain
        self.switches: list[tuple[cp_model.IntVar, Conflict]] = []
        self.cap: int | None = None
        """Integral cap on the objective from the LP relaxation (see solver.lp_bound)."""
        self.week_cap: int | None = None
        """Integral cap on the week's objective, regularity included, from the LP of a model
        solved without it (bound_alongside's `regularity`): never this model's bound."""
        self._lp: threading.Thread | None = None
        self._stop_bound = Interrupt()
        """Stops SCIP's week bound when the search ends (bound_alongside's `mip`)."""
        self.previous: dict[Item, tuple[int, int]] = {}
        """Old placements of a replan: reading keeps a lesson in its old slot when it can."""
        self.vars = PlanVariables(self.model, instance)
        self._cell_state: dict[Cell, tuple[bool, bool, frozenset[int]]] = {}
        """free_only's domains: (grade, day) → (starts free, days free, the true booleans)."""
        self._block(blocked)
        families: list[Family] = [
            AiringLinks(),
            ChannelOccupancy(),
            *([CapacityCuts()] if redundant else []),
            GradeNoOverlap(),
            DailyCap(cuts=redundant),
            CoursePerDay(),
            SyllabusOrder(),
            DomainMinimum(domain_names),
            Repeats(),
            Priority(),
        ]
        self.airtime = sum(f.build(self.model, self.vars, self._switch) for f in families)
        """The objective but the L7 regularity penalty: airtime less C1 shortfalls."""
        regularity = Regularity(cuts=redundant).build(self.model, self.vars, self._switch)
        self.objective = self.airtime + regularity
        self.model.maximize(self.objective)

    def _switch(self, key: str, **fields: object) -> cp_model.IntVar | None:
        if not self.explain:
            return None
        literal = self.model.new_bool_var(f"assume[{key}:{sorted(fields.items())}]")
        self.switches.append((literal, Conflict(key, dict(fields))))
        return literal

    def _block(self, blocked: Iterable[tuple[int, int, int]]) -> None:
        """Forbid airings touching grains [start, end) of a channel (a pre-empted window)."""
        for channel, start, end in blocked:
            for (_, length), slots in self.vars.slot.items():
                for (c, t), var in slots.items():
                    if c == channel and t < end and t + length > start:
                        self.model.add(var == 0)

    def literals(self, placement: Placement) -> list[cp_model.IntVar]:
        """The slot and day booleans that are true when `placement` is in the plan."""
        index, airing, channel, grain = placement
        lesson = self.instance.lessons[index]
        slot = self.vars.slot[(lesson.grade, lesson.slot)].get((channel, grain))
        days = self.vars.first[index] if airing == 0 else self.vars.repeat[index][airing - 1]
        day = days.get(grain // self.instance.grains_per_day)
        return [v for v in (slot, day) if v is not None]

    def bound_alongside(
        self, *, seconds: float, head_start: float | None, regularity: int = 0, mip: bool = False
    ) -> None:
        """Solve the LP relaxation with GLOP on a copy of the model in a thread, while CP-SAT
        searches (GLOP releases the GIL); `solve` takes the best integral value below it as a
        bound. An LP done within `head_start` seconds caps the objective in the model instead,
        so CP-SAT proves optimality, and stops, as soon as it reaches it. None keeps the model
        as it is whatever the LP's speed: a deterministic search then runs the same way.

        `regularity` (the L7 penalty, for a model solved without it) bounds the whole week
        instead: the LP then also pays for the fewest times of day the airings need (see
        `_relax_regularity`), and its bound goes to `week_cap`, never into the model: it may lie
        below this model's (airtime) optimum. With `mip`, SCIP then tightens it, every slot and
        time of day integral (solver.lp_bound), until the search ends: only for a spare core,
        which it would otherwise take from the search."""
        clone = self.model.clone()
        coefficients = [abs(int(k)) for k in self.model.proto.objective.coeffs if k]
        integral: list[int] = []
        if regularity:
            times = self._relax_regularity(clone, regularity)
            coefficients.append(regularity)
            head_start = None
            if mip:
                slots = (v.index for by_start in self.vars.slot.values() for v in by_start.values())
                integral = [*slots, *times]
        began = time.perf_counter()

        def work() -> None:
            bound = lp_bound(clone, seconds=seconds)
            cap = None if bound is None else integral_cap(bound, coefficients)
            if not regularity:
                self.cap = cap
                return
            self.week_cap = cap
            left = seconds - (time.perf_counter() - began)
            if cap is None or not integral or left <= 0:
                return
            tighter = lp_bound(clone, seconds=left, integral=integral, interrupt=self._stop_bound)
            if tighter is not None:
                self.week_cap = min(cap, integral_cap(tighter, coefficients))

        self._lp = threading.Thread(target=work, name="lp-bound", daemon=True)
        self._lp.start()
        if head_start is None:
            return
        self._lp.join(head_start)
        if not self._lp.is_alive():
            self._lp = None
            if self.cap is not None:
                self.model.add(self.objective <= self.cap)

    def _relax_regularity(self, lp_model: cp_model.CpModel, penalty: int) -> list[int]:
        """Charge `penalty` in `lp_model`'s objective for each of `times[g@c]`, at least the
        airings grade g starts on channel c on any one day: those start at distinct times of
        day, each a start-time flag of the whole model. A dozen rows per grade instead of the
        flags, whose LP is weak (S: 104 of a plan's 425) and slow (D: 30 s instead of 2 s).
        Returns the indices of the `times` variables."""
        per_day = self.instance.grains_per_day
        airings: dict[tuple[int, int], dict[int, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for (grade, _), slots in self.vars.slot.items():
            for (c, t), var in slots.items():
                airings[(grade, c)][t // per_day].append(var.index)
        objective = lp_model.proto.objective
        charged: list[int] = []
        for (grade, c), days in sorted(airings.items()):
            most = max(len(indices) for indices in days.values())
            times = lp_model.new_int_var(0, most, f"times[g{grade}@{c}]")
            for indices in days.values():
                starts = [lp_model.get_bool_var_from_proto_index(i) for i in indices]
                lp_model.add(times >= sum(starts))
            objective.vars.append(times.index)
            objective.coeffs.append(penalty)  # stored negated: the model maximises
            charged.append(times.index)
        return charged

    def hold_airtime(self, units: int) -> None:
        """Keep at least `units` of airtime (less shortfalls): a later phase that only makes the
        plan more regular never gives up a child's airtime for it."""
        self.model.add(self.airtime >= units)

    def free_only(
        self,
        placements: Iterable[Placement],
        free: Callable[[int, int], bool],
        *,
        move_days: bool = False,
    ) -> None:
        """Fix every start and day to its value in `placements` but the starts of the grades
        and days where `free(grade, day)` holds, and with `move_days` their airings' days too;
        the next call frees them again (solver.retime's neighbourhoods: one model, its domains
        changed, never rebuilt). Only the domains of (grade, day) cells whose state changed
        are set again: most of a neighbourhood's time went to setting them all."""
        chosen: dict[Cell, set[int]] = defaultdict(set)
        for placement in placements:
            for var in self.literals(placement):
                chosen[self._cell_of[id(var)]].add(id(var))
        for cell, (starts, days) in self._cells.items():
            opened = free(*cell)
            state = (opened, move_days and opened, frozenset(chosen[cell]))
            if self._cell_state.get(cell) == state:
                continue
            self._cell_state[cell] = state
            for var in starts:
                _set(var, opened, id(var) in chosen[cell])
            for var in days:
                _set(var, move_days and opened, id(var) in chosen[cell])

    @cached_property
    def _cells(self) -> dict[Cell, tuple[list[cp_model.IntVar], list[cp_model.IntVar]]]:
        """(grade, day) → its start booleans and its lessons' day booleans."""
        cells: dict[Cell, tuple[list[cp_model.IntVar], list[cp_model.IntVar]]] = defaultdict(
            lambda: ([], [])
        )
        per_day = self.instance.grains_per_day
        for (grade, _), slots in self.vars.slot.items():
            for (_, t), var in slots.items():
                cells[(grade, t // per_day)][0].append(var)
        for lesson in self.instance.lessons:
            i = lesson.index
            for by_day in (self.vars.first[i], *self.vars.repeat[i]):
                for day, var in by_day.items():
                    cells[(lesson.grade, day)][1].append(var)
        return dict(cells)

    @cached_property
    def _cell_of(self) -> dict[int, Cell]:
        """id of a start or day boolean → its (grade, day)."""
        return {id(v): cell for cell, (starts, days) in self._cells.items() for v in starts + days}

    def fill_stretches(self) -> int:
        """Fill every stretch of open airtime that its slots could overfill to its last grain;
        how many such stretches. No rule asks this: it narrows the search to perfect packings,
        which CP-SAT then finds fast where a scarce channel's best plan is one (the planner's
        probe)."""
        full = 0
        for span, load in self.vars.over_demanded():
            self.model.add(load == span.end - span.start)
            full += 1
        return full

    def hint(self, placements: Iterable[Placement]) -> None:
        """Hint a complete assignment: every start, day and aired flag of `placements`."""
        placements = list(placements)
        chosen = {id(v) for p in placements for v in self.literals(p)}
        for var in self._all_booleans():
            self.model.add_hint(var, id(var) in chosen)
        airings = {(p[0], p[1]) for p in placements}
        for i in range(len(self.instance.lessons)):
            self.model.add_hint(self.vars.aired[i], (i, 0) in airings)
            for j, flag in enumerate(self.vars.repeated[i]):
                self.model.add_hint(flag, (i, j + 1) in airings)
        self._hint_penalties(placements)

    def _hint_penalties(self, placements: list[Placement]) -> None:
        """Hint the soft rules' flags too: CP-SAT takes a complete, feasible hint as its first
        solution at once, where an incomplete one may be lost in the search."""
        per_day = self.instance.grains_per_day
        lessons = self.instance.lessons
        used = {(lessons[i].grade, c, t % per_day) for i, _, c, t in placements}
        for key, flag in self.vars.start_time.items():
            self.model.add_hint(flag, key in used)
        got = seconds_got(self.instance, placements)
        for (grade, domain), (short, meets) in self.vars.shortfall.items():
            need = self.instance.attainable(grade, domain, self.instance.minimum(grade, domain))
            missing = max(0, need - got[(grade, domain)])
            self.model.add_hint(short, missing)
            self.model.add_hint(meets, missing == 0)

    def _all_booleans(self) -> Iterable[cp_model.IntVar]:
        for slots in self.vars.slot.values():
            yield from slots.values()
        for i in range(len(self.instance.lessons)):
            yield from self.vars.first[i].values()
            for days in self.vars.repeat[i]:
                yield from days.values()

    def solve(self, options: SolveOptions, *, fallback: Fallback | None = None) -> Solution:
        """Solve; `fallback` (a feasible plan and its objective, e.g. the greedy fill) is
        returned instead when CP-SAT ends without a better one."""
        solver = cp_model.CpSolver()
        _configure(solver.parameters, options)
        solver.log_callback = lambda line: logger.debug("%s", line)
        began = time.perf_counter()
        if options.stall is None or options.deterministic:
            code = solver.solve(self.model)
        else:
            with StallWatch(solver, options.stall) as watch:
                code = solver.solve(self.model, watch)
        if self._lp is not None:
            self._stop_bound.request()  # SCIP's week bound stops with the search
            self._lp.join()  # GLOP's time limit ends it; SCIP's, or the request above
        seconds = time.perf_counter() - began
        name = solver.status_name(code)
        logger.info("CP-SAT %s in %.2fs, objective %s", name, seconds, solver.objective_value)
        found = self._outcome(solver, code, seconds, fallback)
        found.deterministic_seconds = solver.deterministic_time
        scale = VALUE_SCALE * 60
        found.week_bound = None if self.week_cap is None else self.week_cap / scale
        return found

    def _outcome(
        self, solver: cp_model.CpSolver, code: int, seconds: float, fallback: Fallback | None
    ) -> Solution:
        name = solver.status_name(code)
        if code == cp_model.INFEASIBLE:
            return Solution(Status.INFEASIBLE, 0.0, 0.0, 0.0, seconds, [])
        scale = VALUE_SCALE * 60
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solution = self._read(solver, code, seconds)
            if fallback is None or solution.objective >= fallback[1]:
                return solution
        if fallback is None:
            raise NoSolutionError(name, seconds)
        has_bound = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        proven = self._bound(solver) if has_bound else self._trivial_bound()
        bound = max(proven / scale, fallback[1])
        gap = (bound - fallback[1]) / bound if bound > 0 else 0.0
        status = Status.OPTIMAL if gap <= 1e-12 else Status.FEASIBLE
        return Solution(status, fallback[1], bound, gap, seconds, list(fallback[0]))

    def _read(self, solver: cp_model.CpSolver, code: int, seconds: float) -> Solution:
        per_day = self.instance.grains_per_day
        slots: dict[tuple[int, int, int], list[tuple[int, int]]] = defaultdict(list)
        for (grade, length), variables in self.vars.slot.items():
            for (c, t), var in variables.items():
                if solver.boolean_value(var):
                    slots[(grade, length, t // per_day)].append((c, t))
        items: dict[tuple[int, int, int], list[Item]] = defaultdict(list)
        for lesson in self.instance.lessons:
            for airing, days in enumerate(
                (self.vars.first[lesson.index], *self.vars.repeat[lesson.index])
            ):
                for day, var in days.items():
                    if solver.boolean_value(var):
                        items[(lesson.grade, lesson.slot, day)].append((lesson.index, airing))
        placements = assign(self.instance, slots, items, previous=self.previous)
        scale = VALUE_SCALE * 60
        # Read from the plan, not the solver: a penalty flag may sit true with nothing under it.
        objective = score(self.instance, placements).total / scale
        bound = max(self._bound(solver) / scale, objective)
        # The bound met the objective (CP-SAT's own, or the LP cap) even if time ran out first.
        proven = code == cp_model.OPTIMAL or bound <= objective + 1e-9
        status = Status.OPTIMAL if proven else Status.FEASIBLE
        if status is Status.OPTIMAL:
            bound = objective
        gap = (bound - objective) / bound if bound > 0 else 0.0
        found = Solution(status, objective, bound, gap, seconds, placements)
        found.search_objective = solver.objective_value / scale
        found.search_bound = self._bound(solver) / scale
        return found

    def _trivial_bound(self) -> float:
        """Without a bound from the search: the LP cap, else every lesson and repeat aired."""
        if self.cap is not None:
            return self.cap
        lessons = self.instance.lessons
        return sum(x.value + self.instance.max_repeats * x.repeat_value for x in lessons)

    def _bound(self, solver: cp_model.CpSolver) -> float:
        bound = solver.best_objective_bound
        return bound if self.cap is None else min(bound, self.cap)


DETERMINISTIC_SUBSOLVERS = ("default_lp",)
"""The full-problem searches a deterministic (interleaved) solve runs beside CP-SAT's LNS. Its
default eight take turns with the LNS, which find nearly every better plan of a real week:
on D's airtime, after 22.5 deterministic seconds (2 workers, seeds 0/1), 169,170 with all
eight against 172,945/173,330 with the LP search alone (173,420/173,005 with LNS alone, which
could never prove a small week optimal)."""


def _set(var: cp_model.IntVar, free: bool, value: bool) -> None:
    var.with_domain(_BOOLEAN if free else cp_model.Domain(int(value), int(value)))


def _configure(parameters: cp_model.SatParameters, options: SolveOptions) -> None:
    parameters.num_workers = options.workers
    parameters.linearization_level = options.linearization_level
    parameters.random_seed = options.seed
    parameters.log_search_progress = logger.isEnabledFor(logging.DEBUG)
    parameters.log_to_stdout = False
    if options.deterministic:
        parameters.interleave_search = options.workers > 1
        if parameters.interleave_search:
            parameters.subsolvers.extend(DETERMINISTIC_SUBSOLVERS)
        parameters.max_deterministic_time = options.time_limit
        parameters.max_time_in_seconds = options.time_limit * 4
    else:
        parameters.max_time_in_seconds = options.time_limit
        if options.full_searches:
            parameters.subsolvers.extend(options.full_searches)
            parameters.num_full_subsolvers = min(len(options.full_searches), options.workers)
