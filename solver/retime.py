"""L7 regularity by neighbourhoods: move the airings of one neighbourhood at a time, the rest of
the plan fixed and its airtime held.

A neighbourhood is one day, one grade, or two grades that share a channel, first with every
airing held on its day, last with the two grades' airings free to swap days. With the days
held, days interact only through the regularity flags, and grades only through the channels
they share, so each neighbourhood is a small model that CP-SAT solves to optimality in a
fraction of a second (N: 0.02-0.16 s; a pair moving days 0.05-1 s). The passes end at a plan no
neighbourhood improves, or when the time is up.

Measured on the same airtime plans of N (7-14 s, 2 workers): CP-SAT on the whole held model
ended at 40-46 times of day; days and grades at 35-39; with the grade pairs, 34-42 (GLOP's lower
bound: 30). On D both ended near 100 (solver.planner.RETIME_SHARE). Where those tiers meet their
local optimum, pairs moving days go on: N's plan 1 in 32 s, 38 times of day against 40 (the
whole model's CP-SAT in the time left).
"""

from __future__ import annotations

import itertools
import logging
import random
import time
from dataclasses import dataclass, replace

from airclass.solver.instance import VALUE_SCALE, Instance
from airclass.solver.model import PlanModel, SolveOptions
from airclass.solver.reading import Placement, score

logger = logging.getLogger(__name__)

NEIGHBOURHOOD_SECONDS = 1.0
"""Most a neighbourhood's solve may take: N's days and grades are solved in 0.02-0.16 s; two of
its days together took the whole second without a proof, so days are never paired."""


@dataclass(frozen=True)
class Neighbourhood:
    """The airings that may move: those of `grades` on `day` (every day when None), and with
    `moves_days` to other days too; the rest of the plan stays fixed."""

    grades: frozenset[int]
    day: int | None = None
    moves_days: bool = False

    def frees(self, grade: int, day: int) -> bool:
        return grade in self.grades and self.day in (None, day)


@dataclass(frozen=True)
class Retimed:
    placements: list[Placement]
    seconds: float
    """Wall seconds."""
    used: float
    """Time taken from the phase: deterministic where the solve is."""


def neighbourhoods(instance: Instance) -> list[list[Neighbourhood]]:
    """Three tiers: each day with open airtime and each grade; then each two grades that share
    a channel; then those two grades with their airings free to change day."""
    grades = sorted({x.grade for x in instance.lessons})
    open_days = sorted({span.start // instance.grains_per_day for span in instance.spans})
    every = frozenset(grades)
    days = [Neighbourhood(every, day=day) for day in open_days]
    single = [Neighbourhood(frozenset({grade})) for grade in grades]
    pairs = [
        frozenset(pair)
        for pair in itertools.combinations(grades, 2)
        if any(set(pair) <= set(c.grades) for c in instance.channels)
    ]
    return [
        days + single,
        [Neighbourhood(pair) for pair in pairs],
        [Neighbourhood(pair, moves_days=True) for pair in pairs],
    ]


def retime(model: PlanModel, options: SolveOptions, start: list[Placement]) -> Retimed:
    """The most regular plan the neighbourhoods reach from `start` in `options.time_limit`,
    `model` holding `start`'s airtime (PlanModel.hold_airtime).

    Passes over the first tier until none of it improves the plan, then over the next; a
    better plan sends the search back to the first. Each pass takes its neighbourhoods in an
    order drawn from the seed, so a deterministic solve keeps its plan."""
    began = time.perf_counter()
    instance = model.instance
    tiers = neighbourhoods(instance)
    rng = random.Random(options.seed)
    best, value = start, score(instance, start).total
    used = 0.0
    tier = 0
    while tier < len(tiers):
        order = rng.sample(tiers[tier], len(tiers[tier]))
        improved = False
        for hood in order:
            left = options.time_limit - used
            if left <= 0:
                return Retimed(best, time.perf_counter() - began, used)
            model.free_only(best, hood.frees, move_days=hood.moves_days)
            limit = replace(options, time_limit=min(NEIGHBOURHOOD_SECONDS, left))
            solved = model.solve(limit, fallback=(best, value / (VALUE_SCALE * 60)))
            used = (
                used + solved.deterministic_seconds
                if options.deterministic
                else time.perf_counter() - began
            )
            found = score(instance, solved.placements).total
            if found > value:
                logger.debug("retime: %s gains %d", hood, found - value)
                best, value, improved = solved.placements, found, True
        tier = 0 if improved else tier + 1
    return Retimed(best, time.perf_counter() - began, used)
