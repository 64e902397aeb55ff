"""What each kind of job does: the heavy part in the job process, the storing part in the API.

- validate: media checks on files of the media folder; results go to the media catalogue.
- plan: CP-SAT over a config directory for one week; the plan becomes a draft version.
- replan: minimal-change repair of a stored version; the repaired plan becomes a new draft.

Params are plain JSON (they are stored in the `job` row); payloads cross the process
boundary by pickling. Only approved lectures that passed validation are planned (C5): their
measured durations come from the catalogue, read in the job process.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from airclass.api.db.job_models import JobKind
from airclass.api.db.models import ScheduledAiring, ScheduleVersion, VersionState
from airclass.api.jobs import JobEnv, JobSpec, Progress
from airclass.config import World, load_world
from airclass.config.clearance import Hold
from airclass.config.database import make_engine, session_scope
from airclass.solver.plan import Plan
from sqlalchemy import select
from sqlalchemy.orm import Session


def _validate_work(params: dict[str, Any], env: JobEnv, progress: Progress) -> list[dict[str, Any]]:
    from airclass.media import FileReport, validate_paths
    from airclass.media.catalogue import file_checksum
    from airclass.media.gate import lesson_stages

    files = [Path(p) for p in params["files"]]
    progress(0.0, f"validating {len(files)} file(s)")

    def each(done: int, total: int, report: FileReport) -> None:
        progress(0.95 * done / total, f"{done}/{total}: {report.verdict.value}")

    stage, config_dir = params.get("stage"), params.get("config_dir")
    stage_of = None
    if stage is None and config_dir is not None:  # each lesson file at its grade's window (L3)
        stages = lesson_stages(load_world(Path(config_dir)), env.media_root)
        stage_of = lambda path: stages.get(path.resolve())  # noqa: E731
    reports = validate_paths(
        files,
        profile=params.get("profile"),
        stage=stage,
        config_dir=None if config_dir is None else Path(config_dir),
        stage_of=stage_of,
        on_progress=each,
    )
    progress(0.95, "checksums")
    return [
        {"report": r.to_json(), "checksum": file_checksum(f), "timeline": r.timeline}
        for r, f in zip(reports, files, strict=True)
    ]


def _validate_finish(
    session: Session, params: dict[str, Any], done: list[dict[str, Any]]
) -> dict[str, Any]:
    from airclass.media.catalogue import record_validation

    shown = []
    for relative, item in zip(params["paths"], done, strict=True):
        record_validation(
            session,
            item["report"],
            checksum=item["checksum"],
            profile=params.get("profile"),
            timeline=item.get("timeline"),
        )
        public = {k: v for k, v in item["report"].items() if k != "path"}  # no server paths
        shown.append({**public, "path": relative, "sha256": item["checksum"]})
    return {"data": shown, "count": len(shown)}


def _inputs(
    env: JobEnv, config_dir: str, week: dt.date
) -> tuple[World, dict[str, int], set[str], dict[str, Hold]]:
    """The world, the schedulable lectures' durations, lessons already aired before `week`, and
    why the gate holds the other lectures (so the plan names why each waiting lesson waits)."""
    from airclass.media.gate import planning_inputs

    world = load_world(Path(config_dir))
    engine = make_engine(env.database_url)
    try:
        with session_scope(engine) as session:
            durations, holds = planning_inputs(session, world, env.media_root)
            return world, durations, _aired_before(session, week), holds
    finally:
        engine.dispose()


def _aired_before(session: Session, week: dt.date) -> set[str]:
    """Lesson ids first aired in published versions of earlier weeks (C7: the syllabus goes on)."""
    query = (
        select(ScheduledAiring.lesson_id)
        .join(ScheduleVersion)
        .where(ScheduleVersion.state == VersionState.PUBLISHED, ScheduleVersion.week < week)
        .where(ScheduledAiring.is_repeat.is_(False))
    )
    return set(session.scalars(query))


def _plan_work(params: dict[str, Any], env: JobEnv, progress: Progress) -> Plan:
    from airclass.solver.planner import plan_week

    week = dt.date.fromisoformat(params["week"])
    progress(0.0, "reading config and catalogue")
    world, durations, aired, holds = _inputs(env, params["config_dir"], week)
    progress(0.1, f"solving with {len(durations)} schedulable lecture(s)")
    return plan_week(
        world,
        week,
        durations,
        aired_before=aired,
        time_limit=params.get("time_limit"),
        strict_minimums=params.get("strict", False),
        holds=holds,
    )


def _plan_finish(session: Session, params: dict[str, Any], plan: Plan) -> dict[str, Any]:
    from airclass.api.db.versions import save_draft

    channels = load_world(Path(params["config_dir"])).channels
    return {
        "version_id": save_draft(session, plan, channels=channels),
        "week": plan.week.isoformat(),
        "status": str(plan.status),
        "objective": plan.objective,
        "best_bound": plan.best_bound,
        "gap": plan.gap,
        "solve_seconds": plan.solve_seconds,
        "airings": len(plan.airings),
        "shortfalls": [s.model_dump() for s in plan.shortfalls],
        "waiting": [
            {**w.model_dump(), "message": {lang: w.message(lang) for lang in ("zh", "en")}}
            for w in plan.waiting
        ],
    }


def _replan_work(params: dict[str, Any], env: JobEnv, progress: Progress) -> Any:
    from airclass.solver.replan import parse_preemption, replan

    plan = Plan.model_validate_json(params["plan_json"])
    progress(0.0, "reading config and catalogue")
    world, durations, aired, holds = _inputs(env, params["config_dir"], plan.week)
    progress(0.1, "replanning")
    preempt = [parse_preemption(text) for text in params.get("preempt", [])]
    return replan(
        plan,
        world,
        durations,
        withdraw=params.get("withdraw", []),
        preempt=preempt,
        aired_before=aired,
        time_limit=params.get("time_limit"),
        holds=holds,
    )


def _replan_finish(session: Session, params: dict[str, Any], result: Any) -> dict[str, Any]:
    summary = _plan_finish(session, params, result.plan)
    return {
        **summary,
        "replaced_version_id": params["version_id"],
        "moved": result.moved,
        "removed": result.removed,
        "added": result.added,
        "unchanged": result.unchanged,
        "repair": {
            "kind": result.repair.kind,
            "status": result.repair.status.value,
            "objective": result.repair.objective,
            "bound": result.repair.bound,
        },
    }


JOB_SPECS: dict[JobKind, JobSpec] = {
    JobKind.VALIDATE: JobSpec(_validate_work, _validate_finish),
    JobKind.PLAN: JobSpec(_plan_work, _plan_finish),
    JobKind.REPLAN: JobSpec(_replan_work, _replan_finish),
}
