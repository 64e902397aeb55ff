"""iCalendar feeds (RFC 5545 + RFC 7986) of published airings, built with `icalendar`.

Deterministic: every time stamp in the output comes from the data (DTSTAMP and LAST-MODIFIED
are the airing's update time), so two renders of the same airings are byte-identical and the
ETag stays put. icalendar folds lines at 75 octets without splitting a UTF-8 character and
ends them with CRLF.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from airclass.api.db.channel_snapshot import ChannelSnapshot
from airclass.api.db.models import ScheduledAiring
from airclass.api.db.published import DayWindow
from airclass.api.feeds.feed_config import FeedConfig
from airclass.config.i18n import t
from airclass.solver.plan import title_after_number
from icalendar import Calendar, Event, Timezone, vDuration
from icalendar.enums import STATUS, TRANSP


@dataclass(frozen=True)
class CalendarInfo:
    """Who the calendar is: its name (NAME, X-WR-CALNAME) and stable UID."""

    name: str
    uid: str
    language: str = "zh"


def render_calendar(
    info: CalendarInfo,
    airings: Sequence[ScheduledAiring],
    channels: Mapping[str, ChannelSnapshot],
    *,
    window: DayWindow,
    config: FeedConfig,
) -> bytes:
    """The calendar as iCalendar bytes (UTF-8, CRLF, folded)."""
    calendar = _calendar(info, config)
    for airing in airings:
        calendar.add_component(_event(airing, channels.get(airing.channel), info.language))
    _add_timezones(calendar, window, config)
    ical: bytes = calendar.to_ical()
    return ical


def _calendar(info: CalendarInfo, config: FeedConfig) -> Calendar:
    refresh = dt.timedelta(hours=config.refresh_hours)
    description = t(
        "api.feeds.calendar_description", info.language, name=info.name, hours=config.refresh_hours
    )
    calendar = Calendar.new(
        name=info.name,
        description=description,
        prodid=config.prodid,
        uid=info.uid,
        refresh_interval=refresh,
        method="PUBLISH",
        calscale="GREGORIAN",
    )
    # RFC 7986 §5.7 requires VALUE=DURATION; icalendar's helper leaves it out.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("X-PUBLISHED-TTL", vDuration(refresh))
    return calendar


def _event(airing: ScheduledAiring, channel: ChannelSnapshot | None, lang: str) -> Event:
    zone = ZoneInfo(channel.timezone) if channel else dt.UTC
    summary = t(
        "api.feeds.summary",
        lang,
        subject=airing.subject,
        number=airing.lesson_number,
        title=title_after_number(airing.title, airing.lesson_number),
    )
    if airing.is_repeat:
        summary += t("api.feeds.repeat", lang)
    if airing.is_cancelled:
        summary = t("api.feeds.cancelled_prefix", lang) + summary
    return Event.new(
        uid=airing.uid,
        stamp=airing.updated_at,
        last_modified=airing.updated_at,
        start=_whole_seconds(airing.starts_at).astimezone(zone),
        end=_whole_seconds(airing.ends_at).astimezone(zone),
        sequence=airing.sequence,
        status=STATUS.CANCELLED if airing.is_cancelled else STATUS.CONFIRMED,
        summary=summary,
        description=_description(airing, channel, lang),
        location=channel.label(lang) if channel else airing.channel,
        categories=[airing.subject],
        transparency=TRANSP.TRANSPARENT if airing.is_cancelled else TRANSP.OPAQUE,
    )


def _description(airing: ScheduledAiring, channel: ChannelSnapshot | None, lang: str) -> str:
    return t(
        "api.feeds.description",
        lang,
        subject=airing.subject,
        number=airing.lesson_number,
        channel=channel.label(lang) if channel else airing.channel,
        task_sheet=airing.task_sheet or t("api.feeds.no_task_sheet", lang),
    )


def _whole_seconds(moment: dt.datetime) -> dt.datetime:
    """iCalendar has no fractions of a second; a frame-accurate start rounds down."""
    return moment.replace(microsecond=0)


def _add_timezones(calendar: Calendar, window: DayWindow, config: FeedConfig) -> None:
    """A VTIMEZONE for every zone used, covering the window; the default zone when empty,
    so an empty calendar still holds the one component RFC 5545 requires."""
    first, last = window.first - dt.timedelta(days=1), window.last + dt.timedelta(days=1)
    zones = sorted(calendar.get_missing_tzids()) or [config.default_timezone]
    # VTIMEZONE components go before the events that use them.
    calendar.subcomponents[:0] = [_vtimezone(zone, first, last) for zone in zones]


@functools.lru_cache(maxsize=64)
def _vtimezone(zone: str, first: dt.date, last: dt.date) -> Timezone:
    """Built once per zone and window (slow: it walks the zone's transitions); read-only after."""
    return Timezone.from_tzid(zone, first_date=first, last_date=last)
