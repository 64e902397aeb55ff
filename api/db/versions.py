"""Schedule versions: save a plan as a draft, publish it, read it back.

A published version never changes (the models refuse it at flush). Publishing compares the
draft with the week's previous published version, airing by stable uid:

- same place and content → keeps its SEQUENCE and update time (calendars see no change);
- moved (channel, day, start or length) → SEQUENCE + 1, updated now;
- only texts changed (title, task sheet…) → same SEQUENCE, updated now;
- dropped → kept as a cancelled airing (SEQUENCE + 1), carried into later versions until it has
  been cancelled for `cancelled_days`, so calendars show 【停播】 instead of silently losing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from zoneinfo import ZoneInfo

from airclass.api.db.channel_snapshot import ChannelSnapshot, snapshot_channels
from airclass.api.db.models import (
    AiringStatus,
    PublicationCounter,
    ScheduledAiring,
    ScheduleVersion,
    VersionState,
)
from airclass.api.errors import VersionNotFoundError, VersionPublishedError
from airclass.api.feeds.feed_config import feed_config
from airclass.config.database import utcnow
from airclass.config.schema.channels import Channel
from airclass.config.timecode import FrameRate, seconds
from airclass.solver.plan import Airing, Plan
from sqlalchemy import select, update
from sqlalchemy.orm import Session

_PLACEMENT = ("channel", "date", "start_frame", "duration_frames", "slot_frames")
_TEXTS = (
    "grade",
    "course",
    "subject",
    "domain",
    "lesson_id",
    "lesson_number",
    "title",
    "asset",
    "task_sheet",
    "is_repeat",
)


@dataclass(frozen=True)
class PublishResult:
    version_id: int
    week: dt.date
    added: int
    moved: int
    changed: int
    unchanged: int
    cancelled: int
    """Airings dropped by this version, plus earlier cancellations still shown."""


def save_draft(session: Session, plan: Plan, *, channels: Sequence[Channel] | None = None) -> int:
    """Store `plan` as a new draft version and return its id.

    Channel names come from `channels`, else from the config directory the plan names.
    """
    snapshots = snapshot_channels(plan, channels)
    by_id = {s.id: s for s in snapshots}
    now = utcnow()
    version = ScheduleVersion(
        week=plan.week,
        config=plan.config,
        state=VersionState.DRAFT,
        plan_json=plan.model_dump_json(),
        channels=[s.model_dump() for s in snapshots],
        created_at=now,
    )
    version.airings = [_row(a, by_id[a.channel], now) for a in plan.airings]
    session.add(version)
    session.flush()
    return version.id


def load_plan(session: Session, version_id: int) -> Plan:
    return Plan.model_validate_json(get_version(session, version_id).plan_json)


def get_version(session: Session, version_id: int) -> ScheduleVersion:
    version = session.get(ScheduleVersion, version_id)
    if version is None:
        raise VersionNotFoundError(version_id)
    return version


def publish(session: Session, version_id: int, *, now: dt.datetime | None = None) -> PublishResult:
    """Publish a draft: settle SEQUENCE, status and update time of each airing against the
    week's previous published version, then freeze the version.

    One transaction, and publishes take turns: the first statement takes the next publication
    number, which waits until any other publish has committed. Only then are the draft and the
    previous version read, so a draft is published exactly once (every later attempt gets
    VersionPublishedError, a 409) and SEQUENCE rises in commit order.
    """
    number = _next_publication(session)
    version = session.get(ScheduleVersion, version_id, populate_existing=True)
    if version is None:
        raise VersionNotFoundError(version_id)
    if version.state is VersionState.PUBLISHED:
        raise VersionPublishedError(version_id)
    now = now or utcnow()
    previous = previous_published(session, version.week)
    before = {a.uid: a for a in previous.airings} if previous else {}
    counts = dict.fromkeys(("added", "moved", "changed", "unchanged"), 0)
    for airing in version.airings:
        counts[_settle(airing, before.get(airing.uid), now)] += 1
    kept = {a.uid for a in version.airings}
    dropped = [a for uid, a in before.items() if uid not in kept]
    horizon = now - dt.timedelta(days=feed_config().cancelled_visible_days)
    still_shown = [a for a in dropped if not a.is_cancelled or a.updated_at > horizon]
    cancelled = [_cancelled_copy(a, now) for a in still_shown]
    version.airings.extend(cancelled)
    version.state = VersionState.PUBLISHED
    version.published_at = now
    version.publication = number
    session.flush()
    return PublishResult(version.id, version.week, cancelled=len(cancelled), **counts)


def _next_publication(session: Session) -> int:
    """Increment the publication counter: on PostgreSQL the row lock, on SQLite the database's
    write lock, is held until this transaction ends, so the next publish waits here."""
    counter = PublicationCounter.last_number
    bump = (
        update(PublicationCounter)
        .values(last_number=counter + 1)
        .returning(counter)
        .execution_options(synchronize_session=False)
    )
    return session.execute(bump).scalar_one()


def current_publication(session: Session) -> int:
    """The number of the last publication (0 before the first)."""
    return session.scalar(select(PublicationCounter.last_number)) or 0


def previous_published(session: Session, week: dt.date) -> ScheduleVersion | None:
    """The week's current published version (the last one published)."""
    query = (
        select(ScheduleVersion)
        .where(ScheduleVersion.week == week, ScheduleVersion.state == VersionState.PUBLISHED)
        .order_by(ScheduleVersion.publication.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def _settle(airing: ScheduledAiring, before: ScheduledAiring | None, now: dt.datetime) -> str:
    """Set the airing's SEQUENCE and update time; return which kind of change it is."""
    if before is None:
        airing.sequence, airing.updated_at = 0, now
        return "added"
    if before.is_cancelled or _differs(airing, before, _PLACEMENT):
        airing.sequence, airing.updated_at = before.sequence + 1, now
        return "moved"
    airing.sequence = before.sequence
    if _differs(airing, before, _TEXTS):
        airing.updated_at = now
        return "changed"
    airing.updated_at = before.updated_at
    return "unchanged"


def _differs(a: ScheduledAiring, b: ScheduledAiring, fields: Sequence[str]) -> bool:
    return any(getattr(a, f) != getattr(b, f) for f in fields)


def _cancelled_copy(airing: ScheduledAiring, now: dt.datetime) -> ScheduledAiring:
    """A dropped airing as the new version carries it: cancelled, one SEQUENCE later."""
    copy = ScheduledAiring(**{c: getattr(airing, c) for c in _COPIED})
    if not airing.is_cancelled:
        copy.status = AiringStatus.CANCELLED
        copy.sequence, copy.updated_at = airing.sequence + 1, now
    return copy


_COPIED = (
    "uid",
    *_PLACEMENT,
    *_TEXTS,
    "starts_at",
    "ends_at",
    "sequence",
    "status",
    "updated_at",
)


def _row(airing: Airing, channel: ChannelSnapshot, now: dt.datetime) -> ScheduledAiring:
    starts_at = local_start(airing.date, airing.start_frame, channel)
    length = _duration(airing.duration_frames, FrameRate.parse(channel.frame_rate))
    return ScheduledAiring(
        **airing.model_dump(exclude={"uid"}),
        uid=airing.uid,
        starts_at=starts_at,
        ends_at=starts_at + length,
        sequence=0,
        status=AiringStatus.CONFIRMED,
        updated_at=now,
    )


def local_start(date: dt.date, start_frame: int, channel: ChannelSnapshot) -> dt.datetime:
    """UTC instant of `start_frame` frames after local midnight of `date` on `channel`."""
    midnight = dt.datetime.combine(date, dt.time(0), tzinfo=ZoneInfo(channel.timezone))
    offset = _duration(start_frame, FrameRate.parse(channel.frame_rate))
    return (midnight + offset).astimezone(dt.UTC)


def _duration(frames: int, rate: FrameRate) -> dt.timedelta:
    return dt.timedelta(microseconds=round(Fraction(seconds(frames, rate)) * 1_000_000))
