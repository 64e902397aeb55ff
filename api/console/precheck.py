"""The week header's pre-air check: `airclass playout check` on the version on view, now.

It runs when the page is drawn, not as a stored job: its answer depends on the catalogue at
this moment (a review signed, a file replaced or revalidated changes it), and a scheduler
about to publish wants that answer for exactly the version on screen, not one that may have
gone stale. The version's ffplayout playlists (of the rundowns the grid draws) are written to
a temporary folder and checked as `airclass playout check` checks them: lengths and the gate
from the catalogue, ffprobe for a file the catalogue does not know.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from airclass.config import World
from airclass.config.binaries import ffprobe
from airclass.config.errors import AirclassError
from airclass.playout.build import build_rundowns
from airclass.playout.export import ExportContext, FfplayoutExporter
from airclass.playout.precheck import (
    CheckProblem,
    CheckReport,
    catalogue_clearance,
    catalogue_measure,
    check_week,
    probe_measure,
)
from airclass.playout.rundown import clip_frames_for
from airclass.solver.plan import Plan
from sqlalchemy.orm import Session

SHOWN_PROBLEMS = 5
"""The header lists the first few problems; `airclass playout check` lists them all."""


@dataclass(frozen=True)
class PreAirResult:
    checked_at: dt.datetime
    seconds: float
    """How long the check took (it runs with the page)."""
    is_ok: bool = False
    sources: int = 0
    days: int = 0
    problems: tuple[CheckProblem, ...] = ()
    warnings: tuple[CheckProblem, ...] = ()
    error: AirclassError | None = None
    """Why the week could not be checked at all (its rundowns cannot be built)."""

    @property
    def first_problems(self) -> tuple[CheckProblem, ...]:
        return self.problems[:SHOWN_PROBLEMS]


def pre_air_check(
    session: Session,
    plan: Plan,
    world: World,
    media_root: Path,
    *,
    now: dt.datetime,
    timeout: float,
) -> PreAirResult:
    """Check `plan`'s playlists against the files under `media_root` and the catalogue."""
    started = time.perf_counter()
    try:
        report = _check(session, plan, world, media_root.resolve(), timeout=timeout)
    except AirclassError as exc:
        return PreAirResult(checked_at=now, seconds=time.perf_counter() - started, error=exc)
    relative = [_relative(p, media_root.resolve()) for p in report.problems]
    return PreAirResult(
        checked_at=now,
        seconds=time.perf_counter() - started,
        is_ok=report.is_ok,
        sources=report.sources,
        days=report.days,
        problems=tuple(p for p in relative if not p.is_warning),
        warnings=tuple(p for p in relative if p.is_warning),
    )


def _check(
    session: Session, plan: Plan, world: World, media_root: Path, *, timeout: float
) -> CheckReport:
    frames = clip_frames_for(plan, world)  # the grid's rundowns: the check finds the truth
    rundowns = tuple(build_rundowns(plan, world, frames))
    context = ExportContext(plan, world, rundowns, media_root, frames)
    measure = catalogue_measure(session, probe_measure(ffprobe(), timeout=timeout))
    with tempfile.TemporaryDirectory(prefix="airclass-preair-") as folder:
        FfplayoutExporter(context).write(Path(folder))
        return check_week(
            Path(folder), world, measure, clearance=catalogue_clearance(session, world)
        )


def _relative(problem: CheckProblem, media_root: Path) -> CheckProblem:
    """Paths as the media folder names them: the server's own folders stay off the page."""
    path = problem.fields.get("path")
    if not isinstance(path, str) or not Path(path).is_relative_to(media_root):
        return problem
    shown = str(Path(path).relative_to(media_root))
    return replace(problem, fields={**problem.fields, "path": shown})
