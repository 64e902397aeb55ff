"""`GET /api/v1/schedule[?week=YYYY-MM-DD][&grade=N][&channel=ID]`: one week of the published
schedule as JSON (public, cacheable, like the feeds); without `week`, this week on the
channels' clock."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from zoneinfo import ZoneInfo

from airclass.api.db.channel_snapshot import ChannelSnapshot
from airclass.api.db.models import AiringStatus, ScheduledAiring
from airclass.api.db.published import (
    DayWindow,
    Selection,
    current_versions,
    published_channels,
    select_airings,
)
from airclass.api.deps import FeedConfigDep, NowDep, SessionDep, SupportedDay
from airclass.api.errors import UnknownGradeError
from airclass.api.feeds.http_cache import cached_response
from airclass.api.feeds.published_feeds import require_channel
from airclass.api.guide import this_monday
from airclass.config.schema.common import GRADES
from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

router = APIRouter(prefix="/api/v1", tags=["schedule"])


class ChannelPublic(BaseModel):
    id: str
    name: str
    name_en: str
    number: str
    timezone: str


class AiringPublic(BaseModel):
    uid: str
    channel: str
    grade: int
    start: dt.datetime
    """Local time of the channel, with its UTC offset."""
    end: dt.datetime
    course: str
    subject: str
    lesson_id: str
    lesson_number: int
    title: str
    task_sheet: str | None
    is_repeat: bool
    sequence: int
    status: AiringStatus


class WeekSchedule(BaseModel):
    week: dt.date
    """Monday of the week."""
    versions: list[int]
    """Published schedule versions the week comes from (empty: nothing published)."""
    channels: list[ChannelPublic]
    count: int
    data: list[AiringPublic]


@router.get(
    "/schedule",
    response_model=WeekSchedule,
    responses={
        304: {"description": "The client's copy is current."},
        404: {"description": "Unknown grade or channel; the body says which ones exist."},
    },
)
def week_schedule(
    request: Request,
    session: SessionDep,
    now: NowDep,
    config: FeedConfigDep,
    week: Annotated[
        SupportedDay | None,
        Query(description="Any day of the week, e.g. 2026-11-23 (default: this week)."),
    ] = None,
    grade: Annotated[int | None, Query(description="Only this grade (1–12).")] = None,
    channel: Annotated[str | None, Query(description="Only this channel id.")] = None,
) -> Response:
    """Airings of the week's current published version, by start time; cancelled airings
    appear with `status: cancelled` while feeds still show them."""
    if grade is not None and grade not in GRADES:
        raise UnknownGradeError(grade)
    if channel is not None:
        require_channel(session, channel)
    channels = published_channels(session)
    window = DayWindow.week_of(week or this_monday(now, list(channels.values())))
    selection = Selection(window, now, config.cancelled_visible_days, grade=grade, channel=channel)
    airings = select_airings(session, selection)
    versions = [v.id for v in current_versions(session) if v.week == window.first]
    schedule = WeekSchedule(
        week=window.first,
        versions=versions,
        channels=[ChannelPublic(**c.model_dump()) for c in channels.values()],
        count=len(airings),
        data=[_public(a, channels.get(a.channel)) for a in airings],
    )
    body = schedule.model_dump_json().encode()
    return cached_response(
        request, body, media_type="application/json", last_modified=None, config=config
    )


def _public(airing: ScheduledAiring, channel: ChannelSnapshot | None) -> AiringPublic:
    zone = ZoneInfo(channel.timezone) if channel else dt.UTC
    return AiringPublic(
        uid=airing.uid,
        channel=airing.channel,
        grade=airing.grade,
        start=airing.starts_at.astimezone(zone),
        end=airing.ends_at.astimezone(zone),
        course=airing.course,
        subject=airing.subject,
        lesson_id=airing.lesson_id,
        lesson_number=airing.lesson_number,
        title=airing.title,
        task_sheet=airing.task_sheet,
        is_repeat=airing.is_repeat,
        sequence=airing.sequence,
        status=airing.status,
    )
