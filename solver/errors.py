"""Errors of the solver.

SolverError              base of every solver error (AirclassError)
├── InstanceError        the inputs cannot form an instance (bad week, grain, rates) (exit 2)
├── InfeasiblePlanError  the hard rules cannot all hold; carries the conflicts (exit 1)
├── NoSolutionError      the time limit ran out before any plan was found (exit 1)
└── ReplanError          a replan request names an unknown lesson, channel or time (exit 2)
"""

from __future__ import annotations

from dataclasses import dataclass

from airclass.config.errors import AirclassError, ExitCode
from airclass.config.i18n import t


class SolverError(AirclassError):
    """Base of the solver's errors."""


class InstanceError(SolverError):
    """Raised when the world, week or durations cannot be turned into an instance."""

    def __init__(self, key: str, **fields: object) -> None:
        self.key = key
        self.fields = fields
        super().__init__(t(key, "en", **fields))

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.fields)


@dataclass(frozen=True)
class Conflict:
    """One reason the hard rules clash, as a catalogue key and its fields."""

    key: str
    fields: dict[str, object]

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.fields)


class InfeasiblePlanError(SolverError):
    """Raised when no plan satisfies every hard rule; `conflicts` is a small conflicting set."""

    exit_code = ExitCode.CHECKS_FAILED

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        head = t("solver.infeasible", lang, count=len(self.conflicts))
        return head + "\n" + "\n".join(f"  - {c.message(lang)}" for c in self.conflicts)


class NoSolutionError(SolverError):
    """Raised when CP-SAT stops (time limit) without any feasible plan."""

    exit_code = ExitCode.CHECKS_FAILED

    def __init__(self, status: str, seconds: float) -> None:
        self.status = status
        self.seconds = seconds
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return t("solver.no_solution", lang, status=self.status, seconds=f"{self.seconds:.1f}")


class ReplanError(InstanceError):
    """Raised when a replan request names something the plan does not have."""
