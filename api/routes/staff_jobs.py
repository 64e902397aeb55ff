"""Staff jobs: poll progress and result, list recent jobs, cancel."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from airclass.api.auth import StaffToken
from airclass.api.db.auth_models import Role
from airclass.api.db.job_models import Job, JobKind, JobState
from airclass.api.deps import SessionDep
from airclass.api.jobs import request_cancel
from airclass.api.staff_errors import JobNotFoundError, JobNotYoursError
from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

router = APIRouter(prefix="/api/v1/jobs", tags=["staff: jobs"])


class JobPublic(BaseModel):
    id: str
    kind: JobKind
    state: JobState
    progress: float
    message: str
    result: Any | None = None
    error: str | None = None
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None

    @classmethod
    def of(cls, job: Job) -> JobPublic:
        return cls(
            id=job.id,
            kind=job.kind,
            state=job.state,
            progress=job.progress,
            message=job.message,
            result=job.result,
            error=job.error,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
        )


class JobsPublic(BaseModel):
    data: list[JobPublic]
    count: int


def get_job(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise JobNotFoundError(job_id)
    return job


@router.get("", response_model=JobsPublic)
def list_jobs(
    session: SessionDep,
    _token: StaffToken,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> JobsPublic:
    """The most recent jobs, newest first."""
    jobs = session.scalars(select(Job).order_by(Job.created_at.desc()).limit(limit)).all()
    total = session.scalar(select(func.count()).select_from(Job)) or 0
    return JobsPublic(data=[JobPublic.of(j) for j in jobs], count=total)


@router.get("/{job_id}", response_model=JobPublic)
def read_job(job_id: str, session: SessionDep, _token: StaffToken) -> JobPublic:
    """Progress (0–1), message, and once finished the result or the error."""
    return JobPublic.of(get_job(session, job_id))


@router.delete(
    "/{job_id}",
    response_model=JobPublic,
    responses={403: {"description": "The job was started by another token (admins may cancel)."}},
)
def cancel_job(job_id: str, session: SessionDep, token: StaffToken) -> JobPublic:
    """Cancel a queued or running job of this token (an admin: any job); a finished job is
    returned unchanged. Its whole process group ends, ffmpeg included."""
    job = get_job(session, job_id)
    if token.role is not Role.ADMIN and job.owner_token_id != token.id:
        raise JobNotYoursError(job_id)
    request_cancel(session, job)
    return JobPublic.of(job)
