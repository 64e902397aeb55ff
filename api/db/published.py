"""What the public sees: the current published schedule, read for feeds, XMLTV and JSON.

The current schedule is, for every week, the version of that week published last: the highest
`publication` number, which follows commit order (`versions.publish`). Feeds show
its airings on days inside a window, plus cancelled airings until they have been cancelled for
`cancelled_visible_days`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from airclass.api.db.channel_snapshot import DEFAULT_ZONE, ChannelSnapshot
from airclass.api.db.models import AiringStatus, ScheduledAiring, ScheduleVersion, VersionState
from sqlalchemy import or_, select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class DayWindow:
    """Days `first`..`last` inclusive (local dates of airings)."""

    first: dt.date
    last: dt.date

    @classmethod
    def around(cls, today: dt.date, *, past_days: int, future_days: int) -> DayWindow:
        return cls(today - dt.timedelta(days=past_days), today + dt.timedelta(days=future_days))

    @classmethod
    def week_of(cls, day: dt.date) -> DayWindow:
        monday = day - dt.timedelta(days=day.weekday())
        return cls(monday, monday + dt.timedelta(days=6))


@dataclass(frozen=True)
class Selection:
    """Which airings a feed wants: a window, optionally one grade or one channel."""

    window: DayWindow
    now: dt.datetime
    cancelled_visible_days: int
    grade: int | None = None
    channel: str | None = None


def local_today(channels: Sequence[ChannelSnapshot], now: dt.datetime) -> dt.date:
    """The date `now` falls on where the channels air (Monday 00:00–08:00 in Shanghai is still
    Sunday in UTC). Channels of one service share a zone; the first one's is taken."""
    zone = channels[0].timezone if channels else DEFAULT_ZONE
    return now.astimezone(ZoneInfo(zone)).date()


def current_versions(session: Session) -> list[ScheduleVersion]:
    """The last published version of every week, oldest week first."""
    query = (
        select(ScheduleVersion)
        .where(ScheduleVersion.state == VersionState.PUBLISHED)
        .order_by(ScheduleVersion.week, ScheduleVersion.publication)
    )
    latest: dict[dt.date, ScheduleVersion] = {}
    for version in session.scalars(query):
        latest[version.week] = version
    return list(latest.values())


def published_channels(session: Session) -> dict[str, ChannelSnapshot]:
    """Channels of the current schedule by id; a later week's snapshot wins."""
    channels: dict[str, ChannelSnapshot] = {}
    for version in current_versions(session):
        for data in version.channels:
            snapshot = ChannelSnapshot.model_validate(data)
            channels[snapshot.id] = snapshot
    return dict(sorted(channels.items()))


def last_published_at(session: Session) -> dt.datetime | None:
    query = (
        select(ScheduleVersion.published_at)
        .where(ScheduleVersion.state == VersionState.PUBLISHED)
        .order_by(ScheduleVersion.published_at.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def select_airings(session: Session, selection: Selection) -> Sequence[ScheduledAiring]:
    """Airings of the current schedule that `selection` wants, by start time then uid."""
    versions = [v.id for v in current_versions(session)]
    if not versions:
        return []
    horizon = selection.now - dt.timedelta(days=selection.cancelled_visible_days)
    query = (
        select(ScheduledAiring)
        .where(
            ScheduledAiring.version_id.in_(versions),
            ScheduledAiring.date.between(selection.window.first, selection.window.last),
            or_(
                ScheduledAiring.status == AiringStatus.CONFIRMED,
                ScheduledAiring.updated_at > horizon,
            ),
        )
        .order_by(ScheduledAiring.starts_at, ScheduledAiring.uid)
    )
    if selection.grade is not None:
        query = query.where(ScheduledAiring.grade == selection.grade)
    if selection.channel is not None:
        query = query.where(ScheduledAiring.channel == selection.channel)
    return session.scalars(query).all()
