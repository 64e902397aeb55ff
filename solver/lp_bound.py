"""The LP relaxation of a CP-SAT model, solved with GLOP: an upper bound on the objective.

CP-SAT adds rows to its own LP lazily and, on the time-indexed model, its reported bound can
stay well above the plain LP optimum (the national-channel week: 70,400 against 61,515 after a
minute). GLOP gives that bound. On the whole model it takes 10–30 s on a real week (2 loaded
cores), most of it for the L7 start-time flags; on the airtime model of a lexicographic solve
(solver.planner), with those flags replaced by a few rows per grade, 0.5–3 s. The planner
solves it in a thread alongside the search (solver.model) and takes it as the bound afterwards.

Constraints the LP does not know (anything but linear rows, at-most-one, exactly-one, clauses
and implications) are left out, which only loosens the relaxation: the bound stays valid.

Keeping some variables integral (`integral`) makes the relaxation a mixed-integer program for
SCIP, whose dual bound is then the bound: on the demo week's week bound (every slot and time of
day integral, the lessons' days fractional) 175,515 at SCIP's root against GLOP's 175,887
(30-45 s on one core; 10 s do not finish the root).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Collection

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

logger = logging.getLogger(__name__)

_INFINITY = 2**62

MIP_TOLERANCE = 1e-6
"""Relative margin added to SCIP's dual bound: it holds only to SCIP's feasibility tolerance,
and a bound must never fall below the true optimum."""


class Interrupt:
    """Ends a running lp_bound early from another thread (one keeping variables integral then
    returns the dual bound SCIP has reached), or keeps one from starting."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._solver: pywraplp.Solver | None = None
        self._requested = False

    def attach(self, solver: pywraplp.Solver) -> bool:
        """Whether `solver` may start."""
        with self._lock:
            self._solver = solver
            return not self._requested

    def request(self) -> None:
        with self._lock:
            self._requested = True
            if self._solver is not None:
                self._solver.InterruptSolve()


def lp_bound(
    model: cp_model.CpModel,
    *,
    seconds: float | None = None,
    integral: Collection[int] = (),
    interrupt: Interrupt | None = None,
) -> float | None:
    """Upper bound on the (maximised) objective, in the model's own units; None if the solver
    fails or takes more than `seconds`. `integral`: indices of variables kept integral (then
    SCIP's dual bound when it stops, provided it found a plan of the relaxation)."""
    proto = model.proto
    lp = pywraplp.Solver.CreateSolver("SCIP" if integral else "GLOP")
    if lp is None or not proto.has_objective():
        return None
    if interrupt is not None and not interrupt.attach(lp):
        return None
    if seconds is not None:
        lp.SetTimeLimit(max(1, int(seconds * 1000)))
    kept = set(integral)
    # The proto's repeated fields do not take negative indices: use len() - 1.
    x = [
        (lp.IntVar if i in kept else lp.NumVar)(
            float(v.domain[0]), float(v.domain[len(v.domain) - 1]), ""
        )
        for i, v in enumerate(proto.variables)
    ]

    def literal(ref: int) -> pywraplp.LinearExpr:
        return x[ref] if ref >= 0 else 1 - x[-ref - 1]

    for c in proto.constraints:
        if c.has_linear():
            if c.enforcement_literal:
                continue
            expr = lp.Sum([k * x[v] for v, k in zip(c.linear.vars, c.linear.coeffs, strict=True)])
            lo, hi = c.linear.domain[0], c.linear.domain[len(c.linear.domain) - 1]
            if lo > -_INFINITY:
                lp.Add(expr >= lo)
            if hi < _INFINITY:
                lp.Add(expr <= hi)
        elif c.has_at_most_one():
            lp.Add(lp.Sum([literal(r) for r in c.at_most_one.literals]) <= 1)
        elif c.has_exactly_one():
            lp.Add(lp.Sum([literal(r) for r in c.exactly_one.literals]) == 1)
        elif c.has_bool_or() and not c.enforcement_literal:
            lp.Add(lp.Sum([literal(r) for r in c.bool_or.literals]) >= 1)
        elif c.has_bool_and() and len(c.enforcement_literal) == 1:
            for r in c.bool_and.literals:
                lp.Add(literal(r) >= literal(c.enforcement_literal[0]))
    objective = proto.objective
    scaling = objective.scaling_factor or 1.0
    terms = lp.Sum([k * x[v] for v, k in zip(objective.vars, objective.coeffs, strict=True)])
    # CP-SAT stores a maximisation as the minimisation of the negated objective (scaling -1).
    lp.Minimize(terms)
    status = lp.Solve()
    # SCIP stopped by its limit or an Interrupt still holds a valid dual bound.
    solved = status == pywraplp.Solver.OPTIMAL
    if not (solved or (integral and status == pywraplp.Solver.FEASIBLE)):
        logger.info("%s did not solve the relaxation (within %s s)", lp.SolverVersion(), seconds)
        return None
    reached = lp.Objective().BestBound() if integral else lp.Objective().Value()
    value = scaling * (reached + objective.offset)
    if integral:
        value += MIP_TOLERANCE * abs(value)
    logger.info("relaxation bound %.1f (%s)", value, lp.SolverVersion())
    return value


def integral_cap(bound: float, coefficients: list[int]) -> int:
    """The largest objective value an integral plan can reach below `bound`: every objective is
    a sum of coefficients, so a multiple of their greatest common divisor."""
    unit = math.gcd(*coefficients) if coefficients else 1
    unit = unit or 1
    return unit * math.floor(bound / unit + 1e-9)
