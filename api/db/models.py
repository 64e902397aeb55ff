"""Tables of published schedules: `schedule_version` (draft → published) and `scheduled_airing`.

A version holds the exact plan it was made from and a snapshot of the channels it airs on,
so a published version renders the same feeds forever, whatever happens to the config later.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from airclass.config.database import Base, UTCDateTime, utcnow
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship


class VersionState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class AiringStatus(StrEnum):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class ScheduleVersion(Base):
    __tablename__ = "schedule_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[dt.date] = mapped_column(Date, index=True)
    """Monday of the planned week."""
    config: Mapped[str] = mapped_column(String(500))
    state: Mapped[VersionState] = mapped_column(
        Enum(VersionState, name="version_state", native_enum=False, length=20),
        default=VersionState.DRAFT,
    )
    plan_json: Mapped[str] = mapped_column(Text)
    """The Plan exactly as saved: `load_plan` returns it unchanged."""
    channels: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """Snapshot of the channels the plan airs on (id, name, name_en, number, timezone, …)."""
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    publication: Mapped[int | None] = mapped_column(Integer, unique=True, index=True, default=None)
    """1, 2, 3… across all weeks, in the order publishes committed: the week's current version
    is the one with the highest number (`published_at` is the clock's word, which can tie)."""

    airings: Mapped[list[ScheduledAiring]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="ScheduledAiring.starts_at"
    )


class PublicationCounter(Base):
    """One row: the number of the last publication. A publish increments it first, so the
    row's lock (PostgreSQL) or the write lock (SQLite) lines publishes up in commit order."""

    __tablename__ = "publication_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class ScheduledAiring(Base):
    """One airing of a version, as families see it: its place, its SEQUENCE and its status."""

    __tablename__ = "scheduled_airing"
    __table_args__ = (
        UniqueConstraint("version_id", "uid", name="uq_scheduled_airing_version_uid"),
        Index("ix_scheduled_airing_version_date", "version_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("schedule_version.id", ondelete="CASCADE"))
    uid: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(200))
    grade: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    start_frame: Mapped[int] = mapped_column(Integer)
    duration_frames: Mapped[int] = mapped_column(Integer)
    slot_frames: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    course: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(50))
    lesson_id: Mapped[str] = mapped_column(String(200))
    lesson_number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    asset: Mapped[str] = mapped_column(String(200))
    task_sheet: Mapped[str | None] = mapped_column(String(1000), default=None)
    is_repeat: Mapped[bool] = mapped_column(Boolean, default=False)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[AiringStatus] = mapped_column(
        Enum(AiringStatus, name="airing_status", native_enum=False, length=20),
        default=AiringStatus.CONFIRMED,
    )
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    """When families' calendars last had a reason to change this airing (DTSTAMP, LAST-MODIFIED)."""

    version: Mapped[ScheduleVersion] = relationship(back_populates="airings")

    @property
    def is_cancelled(self) -> bool:
        return self.status is AiringStatus.CANCELLED


def _original_state(version: ScheduleVersion) -> VersionState | None:
    """The state the version had when loaded, before any change in this session."""
    history = inspect(version).attrs.state.history
    return history.deleted[0] if history.deleted else version.state


def _guard_published(session: Session, _context: object, _instances: object) -> None:
    """Refuse any flush that would change, delete or add to a published version."""
    from airclass.api.errors import VersionPublishedError

    touched = [o for o in session.dirty if session.is_modified(o)] + list(session.deleted)
    for obj in [*touched, *session.new]:
        version = obj if isinstance(obj, ScheduleVersion) else getattr(obj, "version", None)
        if not isinstance(version, ScheduleVersion) or version in session.new:
            continue
        if _original_state(version) is VersionState.PUBLISHED:
            raise VersionPublishedError(version.id)


event.listen(Session, "before_flush", _guard_published)
