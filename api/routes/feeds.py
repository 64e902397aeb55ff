"""Public iCal feeds: `/feeds/grade/{n}.ics` and `/feeds/channel/{id}.ics`.

No login, no cookies, nothing about who asks (D1); responses are cacheable and answer
conditional requests with 304.
"""

from __future__ import annotations

from typing import Any

from airclass.api.deps import DocumentCacheDep, FeedConfigDep, NowDep, SessionDep, SettingsDep
from airclass.api.feeds.http_cache import cached_response
from airclass.api.feeds.published_feeds import CALENDAR_TYPE, Document, channel_feed, grade_feed
from fastapi import APIRouter, Request, Response

router = APIRouter(prefix="/feeds", tags=["feeds"])

_CALENDAR: dict[int | str, dict[str, Any]] = {
    200: {"content": {CALENDAR_TYPE: {}}, "description": "An iCalendar feed."},
    304: {"description": "The client's copy is current (If-None-Match / If-Modified-Since)."},
    404: {"description": "Unknown grade or channel; the body says which ones exist."},
}


@router.get("/grade/{grade}.ics", response_class=Response, responses=_CALENDAR)
def grade_calendar(
    grade: int,
    request: Request,
    session: SessionDep,
    now: NowDep,
    config: FeedConfigDep,
    settings: SettingsDep,
    documents: DocumentCacheDep,
) -> Response:
    """The lessons of one grade on every channel, −7 to +35 days around today."""
    document = documents.document(
        session,
        ("grade", grade, settings.lang),
        now=now,
        render=lambda: grade_feed(session, grade, now=now, config=config, lang=settings.lang),
    )
    return _respond(request, document, config)


@router.get("/channel/{channel_id}.ics", response_class=Response, responses=_CALENDAR)
def channel_calendar(
    channel_id: str,
    request: Request,
    session: SessionDep,
    now: NowDep,
    config: FeedConfigDep,
    settings: SettingsDep,
    documents: DocumentCacheDep,
) -> Response:
    """Everything one channel airs, −7 to +35 days around today."""
    lang = settings.lang
    document = documents.document(
        session,
        ("channel", channel_id, lang),
        now=now,
        render=lambda: channel_feed(session, channel_id, now=now, config=config, lang=lang),
    )
    return _respond(request, document, config)


def _respond(request: Request, document: Document, config: FeedConfigDep) -> Response:
    return cached_response(
        request,
        document.body,
        media_type=document.media_type,
        last_modified=document.last_modified,
        config=config,
    )
