"""The public documents of the current schedule: grade and channel calendars, XMLTV.

Routes and the static publisher both call these, so a served feed and a published file of
the same moment are the same bytes. Each document says until when it stays right without a
new publish (`expires_at`: the next day boundary, or a cancelled airing leaving the feed), so
the service can reuse a rendering (see `document_cache`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from airclass.api.db.channel_snapshot import ChannelSnapshot
from airclass.api.db.models import ScheduledAiring
from airclass.api.db.published import (
    DayWindow,
    Selection,
    last_published_at,
    published_channels,
    select_airings,
)
from airclass.api.errors import UnknownChannelError, UnknownGradeError
from airclass.api.feeds.feed_config import FeedConfig
from airclass.api.feeds.ical import CalendarInfo, render_calendar
from airclass.api.feeds.xmltv import render_xmltv
from airclass.config.i18n import t
from airclass.config.schema.common import GRADES
from sqlalchemy.orm import Session

CALENDAR_TYPE = "text/calendar; charset=utf-8"
XMLTV_TYPE = "application/xml; charset=utf-8"


@dataclass(frozen=True)
class Document:
    body: bytes
    media_type: str
    last_modified: dt.datetime
    """The later of the last publish and the start of today (the window moves daily)."""
    expires_at: dt.datetime
    """Until then, and until the next publish, a new rendering gives the same bytes."""


def feed_window(now: dt.datetime, config: FeedConfig) -> DayWindow:
    today = now.astimezone(dt.UTC).date()
    return DayWindow.around(
        today, past_days=config.window_past_days, future_days=config.window_future_days
    )


def grade_feed(
    session: Session, grade: int, *, now: dt.datetime, config: FeedConfig, lang: str = "zh"
) -> Document:
    if grade not in GRADES:
        raise UnknownGradeError(grade)
    info = CalendarInfo(
        name=t("api.feeds.grade_calendar", lang, grade=grade),
        uid=f"grade-{grade}@{config.uid_domain}",
        language=lang,
    )
    return _calendar(session, info, now=now, config=config, grade=grade)


def channel_feed(
    session: Session, channel_id: str, *, now: dt.datetime, config: FeedConfig, lang: str = "zh"
) -> Document:
    channel = require_channel(session, channel_id)
    info = CalendarInfo(
        name=t("api.feeds.channel_calendar", lang, channel=channel.label(lang)),
        uid=f"channel-{channel_id}@{config.uid_domain}",
        language=lang,
    )
    return _calendar(session, info, now=now, config=config, channel=channel_id)


def require_channel(session: Session, channel_id: str) -> ChannelSnapshot:
    """The published channel `channel_id`, or UnknownChannelError listing the known ones."""
    channels = published_channels(session)
    if channel_id not in channels:
        raise UnknownChannelError(channel_id, list(channels))
    return channels[channel_id]


def xmltv_document(session: Session, *, now: dt.datetime, config: FeedConfig) -> Document:
    window = feed_window(now, config)
    airings = select_airings(session, Selection(window, now, config.cancelled_visible_days))
    body = render_xmltv(airings, published_channels(session), generator="airclass")
    return _document(session, body, XMLTV_TYPE, airings, now=now, config=config)


def _calendar(
    session: Session,
    info: CalendarInfo,
    *,
    now: dt.datetime,
    config: FeedConfig,
    grade: int | None = None,
    channel: str | None = None,
) -> Document:
    window = feed_window(now, config)
    selection = Selection(window, now, config.cancelled_visible_days, grade=grade, channel=channel)
    airings = select_airings(session, selection)
    body = render_calendar(info, airings, published_channels(session), window=window, config=config)
    return _document(session, body, CALENDAR_TYPE, airings, now=now, config=config)


def _document(
    session: Session,
    body: bytes,
    media_type: str,
    airings: Sequence[ScheduledAiring],
    *,
    now: dt.datetime,
    config: FeedConfig,
) -> Document:
    start_of_day = dt.datetime.combine(now.astimezone(dt.UTC).date(), dt.time(0), tzinfo=dt.UTC)
    published = last_published_at(session)
    shown_for = dt.timedelta(days=config.cancelled_visible_days)
    leaving = [a.updated_at + shown_for for a in airings if a.is_cancelled]
    return Document(
        body,
        media_type,
        last_modified=max(published, start_of_day) if published else start_of_day,
        expires_at=min([start_of_day + dt.timedelta(days=1), *leaving]),
    )
