"""The `job` table: long staff work (validation, planning, replanning) run in another process."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from airclass.config.database import Base, UTCDateTime, utcnow
from sqlalchemy import JSON, Boolean, Enum, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class JobKind(StrEnum):
    VALIDATE = "validate"
    PLAN = "plan"
    REPLAN = "replan"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_finished(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)


class Job(Base):
    __tablename__ = "job"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[JobKind] = mapped_column(
        Enum(JobKind, name="job_kind", native_enum=False, length=20)
    )
    state: Mapped[JobState] = mapped_column(
        Enum(JobState, name="job_state", native_enum=False, length=20), default=JobState.QUEUED
    )
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[Any | None] = mapped_column(JSON, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    owner_token_id: Mapped[int | None] = mapped_column(Integer, default=None)
    """The staff token that started the job: it (or an admin) may cancel it."""
    runner: Mapped[str | None] = mapped_column(String(200), default=None)
    """`host/pid/nonce` of the server process holding the job while queued or running."""
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    """Last sign of life of that runner: a job whose runner went quiet is recovered."""
