"""What each kind of job does: the heavy part in the job process, the storing part in the API.

- validate: media checks on files of the media folder; results go to the media catalogue.
- plan: CP-SAT over a config directory for one week; the plan becomes a draft version.
- replan: minimal-change repair of a stored version; the repaired plan becomes a new draft.

Params are plain JSON (they are stored in the `job` row); payloads cross the process
boundary by pickling.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from api.db.job_models import JobKind
from api.jobs import JobSpec, Progress
from solver.plan import Plan


def _validate_work(params: dict[str, Any], progress: Progress) -> list[Any]:
    from media import validate_paths

    paths = [Path(p) for p in params["files"]]
    progress(0.0, f"validating {len(paths)} file(s)")
    reports = validate_paths(paths, profile=params.get("profile"), stage=params.get("stage"))
    progress(1.0, "done")
    return list(reports)


def _validate_finish(
    session: Session, params: dict[str, Any], reports: list[Any]
) -> dict[str, Any]:
    from media.catalogue import record_validation

    shown = []
    for relative, report in zip(params["paths"], reports, strict=True):
        record_validation(session, report)
        shown.append({"path": relative, **_report_json(report)})
    return {"reports": shown, "count": len(shown)}


def _report_json(report: Any) -> dict[str, Any]:
    """The report as JSON, without the absolute path of this machine's media folder."""
    data = report.to_json() if hasattr(report, "to_json") else report.model_dump(mode="json")
    data.pop("path", None)
    return data


def _plan_work(params: dict[str, Any], progress: Progress) -> Plan:
    from config import load_world
    from solver import solve

    progress(0.0, "loading config")
    world = load_world(Path(params["config_dir"]))
    progress(0.1, "solving")
    return solve(
        world, week=dt.date.fromisoformat(params["week"]), time_limit=params.get("time_limit")
    )


def _replan_work(params: dict[str, Any], progress: Progress) -> Plan:
    from config import load_world
    from solver import replan

    plan = Plan.model_validate_json(params["plan_json"])
    world = load_world(Path(params["config_dir"]))
    progress(0.1, "replanning")
    return replan(
        world, plan, withdraw=params.get("withdraw", []), preempt=params.get("preempt", [])
    )


def _store_draft(session: Session, params: dict[str, Any], plan: Plan) -> dict[str, Any]:
    from api.db.versions import save_draft

    version_id = save_draft(session, plan)
    return {
        "version_id": version_id,
        "week": plan.week.isoformat(),
        "status": str(plan.status),
        "objective": plan.objective,
        "best_bound": plan.best_bound,
        "gap": plan.gap,
        "airings": len(plan.airings),
    }


JOB_SPECS: dict[JobKind, JobSpec] = {
    JobKind.VALIDATE: JobSpec(_validate_work, _validate_finish),
    JobKind.PLAN: JobSpec(_plan_work, _store_draft),
    JobKind.REPLAN: JobSpec(_replan_work, _store_draft),
}
