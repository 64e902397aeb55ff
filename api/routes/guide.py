"""GET /guide: the family guide page (public, no login, cacheable)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from airclass.api.db.channel_snapshot import ChannelSnapshot
from airclass.api.db.models import ScheduleVersion, VersionState
from airclass.api.db.versions import load_plan, previous_published
from airclass.api.deps import NowDep, SessionDep, SettingsDep
from airclass.api.errors import UnknownChannelError, UnknownGradeError
from airclass.api.guide import Feed, FeedKind, feeds_of, find_feed, render_guide
from airclass.config.settings import Language
from airclass.solver.plan import Airing
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

router = APIRouter(tags=["public: guide"])

_CACHE = "public, max-age=300, stale-if-error=86400"


@router.get(
    "/guide",
    response_class=HTMLResponse,
    responses={404: {"description": "Unknown grade or channel"}},
)
def guide_page(
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    grade: Annotated[int | None, Query(description="Show one grade's feed, 1–12")] = None,
    channel: Annotated[
        str | None, Query(max_length=200, description="Show one channel's feed")
    ] = None,
    week: Annotated[dt.date | None, Query(description="Any day of the week to print")] = None,
    lang: Annotated[Language | None, Query(description="zh or en")] = None,
) -> HTMLResponse:
    """The guide: pick a grade or channel; subscribe by webcal link, QR code or .ics download."""
    language = lang or settings.lang
    today = now.date()
    monday = (week or today) - dt.timedelta(days=(week or today).weekday())
    channels, airings = _published(session, monday)
    empty_week = None
    if week is None and not airings and (later := _next_published_week(session, monday)):
        empty_week, monday = monday, later  # the current week is empty: open on the next one
        channels, airings = _published(session, monday)
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
    return HTMLResponse(html, headers={"Cache-Control": _CACHE, "Content-Language": language})


def _published(session: Session, monday: dt.date) -> tuple[list[ChannelSnapshot], list[Airing]]:
    """Channels of the newest published version, and the airings published for `monday`'s week."""
    latest = session.scalars(
        select(ScheduleVersion)
        .where(ScheduleVersion.state == VersionState.PUBLISHED)
        .order_by(ScheduleVersion.published_at.desc(), ScheduleVersion.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return [], []
    week_version = previous_published(session, monday)
    source = week_version or latest
    channels = [ChannelSnapshot.model_validate(c) for c in source.channels]
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
