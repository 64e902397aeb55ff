"""Staff planning: run a plan (job), publish a draft version, replan a version (job)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path as FilePath
from typing import Annotated

from airclass.api.auth import SchedulerToken
from airclass.api.config_dirs import config_directory
from airclass.api.db import versions
from airclass.api.db.job_models import JobKind
from airclass.api.deps import MAX_ROW_ID, NowDep, RowId, SessionDep, SettingsDep, SupportedDay
from airclass.api.jobs import JobRunnerDep
from airclass.api.routes.staff_jobs import JobPublic
from airclass.solver.errors import ReplanError
from airclass.solver.replan import parse_preemption
from fastapi import APIRouter, Path, status
from pydantic import BaseModel, Field

router = APIRouter(prefix="/api/v1", tags=["staff: planning"])

ConfigName = Annotated[str, Field(min_length=1, max_length=100, examples=["demo"])]
PreemptText = Annotated[
    str, Field(min_length=1, max_length=300, examples=["cetv4.airclass@2026-11-23T09:00-10:00"])
]
TimeLimit = Annotated[float, Field(gt=0, le=3600, allow_inf_nan=False)]
LessonId = Annotated[str, Field(min_length=1, max_length=200, examples=["g03-yuwen-007"])]


class PlanCreate(BaseModel):
    config: ConfigName
    """A config directory by name: shipped with airclass (`demo`) or in AIRCLASS_HOME/configs."""
    week: SupportedDay
    """Any day of the week to plan; the plan covers its Monday to Sunday."""
    time_limit_seconds: TimeLimit | None = None
    strict: bool = False
    """C1 domain minimums as hard rules: a week that cannot meet one fails instead of
    reporting the shortfall in the result."""


class ReplanCreate(BaseModel):
    version_id: RowId
    withdraw: Annotated[list[LessonId], Field(max_length=500)] = []
    preempt: Annotated[list[PreemptText], Field(max_length=100)] = []
    """Windows taken by something else, as `CHANNEL@YYYY-MM-DDTHH:MM-HH:MM` (local time)."""
    time_limit_seconds: TimeLimit | None = None


class PublishPublic(BaseModel):
    version_id: int
    week: dt.date
    added: int
    moved: int
    changed: int
    unchanged: int
    cancelled: int


@router.post("/plans", response_model=JobPublic, status_code=status.HTTP_202_ACCEPTED)
def start_plan(
    body: PlanCreate, settings: SettingsDep, runner: JobRunnerDep, token: SchedulerToken
) -> JobPublic:
    """Plan a week as a job; its result names the draft version it saved."""
    monday = body.week - dt.timedelta(days=body.week.weekday())
    params = {
        "config_dir": str(config_directory(body.config, settings)),
        "config": body.config,
        "week": monday.isoformat(),
        "time_limit": body.time_limit_seconds,
        "strict": body.strict,
    }
    return JobPublic.of(
        runner.submit(JobKind.PLAN, params, created_by=token.name, owner_token_id=token.id)
    )


@router.post("/versions/{version_id}/publish", response_model=PublishPublic)
def publish_version(
    version_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)],
    session: SessionDep,
    now: NowDep,
    _token: SchedulerToken,
) -> PublishPublic:
    """Publish a draft version: from now on it is immutable and feeds serve it."""
    result = versions.publish(session, version_id, now=now)
    return PublishPublic(**result.__dict__)


@router.post("/replans", response_model=JobPublic, status_code=status.HTTP_202_ACCEPTED)
def start_replan(
    body: ReplanCreate,
    session: SessionDep,
    settings: SettingsDep,
    runner: JobRunnerDep,
    token: SchedulerToken,
) -> JobPublic:
    """Repair a version after withdrawn lessons or pre-empted windows, moving little."""
    for text in body.preempt:  # a malformed window is a 400 now, not a failed job later
        try:
            parse_preemption(text)
        except ValueError as exc:  # shaped right, but no such day or time (2026-13-40, 25:00)
            raise ReplanError("solver.bad_preempt", text=text) from exc
    plan = versions.load_plan(session, body.version_id)
    params = {
        "version_id": body.version_id,
        "plan_json": plan.model_dump_json(),
        "config_dir": str(config_directory(FilePath(plan.config).name, settings)),
        "withdraw": body.withdraw,
        "preempt": body.preempt,
        "time_limit": body.time_limit_seconds,
    }
    return JobPublic.of(
        runner.submit(JobKind.REPLAN, params, created_by=token.name, owner_token_id=token.id)
    )
