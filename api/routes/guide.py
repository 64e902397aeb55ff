"""GET /guide: the family guide page (public, no login, cacheable)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from airclass.api.db.channel_snapshot import ChannelSnapshot
from airclass.api.db.models import ScheduleVersion, VersionState
from airclass.api.db.versions import load_plan, previous_published
from airclass.api.deps import NowDep, SessionDep, SettingsDep, SupportedDay
from airclass.api.errors import UnknownChannelError, UnknownGradeError
from airclass.api.feeds.http_cache import cached_response
from airclass.api.guide import Feed, FeedKind, feeds_of, find_feed, render_guide, this_monday
from airclass.config.settings import Language
from airclass.solver.plan import Airing
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

router = APIRouter(tags=["public: guide"])

_CACHE = "public, max-age=300, stale-if-error=86400"


@router.get(
    "/guide",
    response_class=HTMLResponse,
    responses={
        304: {"description": "The client's copy is current (If-None-Match)."},
        404: {"description": "Unknown grade or channel"},
    },
)
def guide_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    grade: Annotated[int | None, Query(description="Show one grade's feed, 1–12")] = None,
    channel: Annotated[
        str | None, Query(max_length=200, description="Show one channel's feed")
    ] = None,
    week: Annotated[
        SupportedDay | None, Query(description="Any day of the week to print (default: this week)")
    ] = None,
    lang: Annotated[Language | None, Query(description="zh or en")] = None,
) -> Response:
    """The guide: pick a grade or channel; subscribe by webcal link, QR code or .ics download."""
    language = lang or settings.lang
    latest = _latest(session)
    channels = _channels(latest)
    monday = week - dt.timedelta(days=week.weekday()) if week else this_monday(now, channels)
    channels, airings = _published(session, latest, monday)
    empty_week = None
    if week is None and not airings and (later := _next_published_week(session, monday)):
        empty_week, monday = monday, later  # the current week is empty: open on the next one
        channels, airings = _published(session, latest, monday)
    feed = _selected(channels, grade, channel)
    html = render_guide(
        channels=channels,
        airings=airings,
        base_url=settings.public_base_url,
        week=monday,
        feed=feed,
        lang=language,
        empty_week=empty_week,
    )
    return cached_response(
        request,
        html.encode(),
        media_type="text/html; charset=utf-8",
        last_modified=None,
        cache_control=_CACHE,
        headers={"Content-Language": language},
    )


def _latest(session: Session) -> ScheduleVersion | None:
    return session.scalars(
        select(ScheduleVersion)
        .where(ScheduleVersion.state == VersionState.PUBLISHED)
        .order_by(ScheduleVersion.publication.desc())
        .limit(1)
    ).first()


def _channels(version: ScheduleVersion | None) -> list[ChannelSnapshot]:
    return [ChannelSnapshot.model_validate(c) for c in version.channels] if version else []


def _published(
    session: Session, latest: ScheduleVersion | None, monday: dt.date
) -> tuple[list[ChannelSnapshot], list[Airing]]:
    """Channels of the week's version (else the newest), and the airings published for it."""
    if latest is None:
        return [], []
    week_version = previous_published(session, monday)
    channels = _channels(week_version or latest)
    airings = list(load_plan(session, week_version.id).airings) if week_version else []
    return channels, airings


def _next_published_week(session: Session, monday: dt.date) -> dt.date | None:
    """The Monday of the first published week after `monday`'s, if any."""
    return session.scalars(
        select(ScheduleVersion.week)
        .where(ScheduleVersion.state == VersionState.PUBLISHED, ScheduleVersion.week > monday)
        .order_by(ScheduleVersion.week)
        .limit(1)
    ).first()


def _selected(
    channels: list[ChannelSnapshot], grade: int | None, channel: str | None
) -> Feed | None:
    feeds = feeds_of(channels)
    if grade is not None:
        found = find_feed(feeds, FeedKind.GRADE, str(grade))
        if found is None:
            raise UnknownGradeError(grade)
        return found
    if channel is not None:
        found = find_feed(feeds, FeedKind.CHANNEL, channel)
        if found is None:
            raise UnknownChannelError(channel, [c.id for c in channels])
        return found
    return None
