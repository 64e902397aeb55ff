"""XMLTV of published airings, for set-top boxes and IPTV middleware (lxml).

Lessons only: the playout package renders full channel-days (breaks, fixed programmes) from
its rundowns; this file lists what the published schedule promises families. Cancelled
airings are left out: an electronic programme guide shows what will air.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from airclass.api.db.channel_snapshot import ChannelSnapshot
from airclass.api.db.models import ScheduledAiring
from airclass.config.i18n import t
from airclass.solver.plan import title_after_number
from lxml import etree

_LANGUAGES = ("zh", "en")


def render_xmltv(
    airings: Sequence[ScheduledAiring], channels: Mapping[str, ChannelSnapshot], *, generator: str
) -> bytes:
    """An XMLTV document (valid against xmltv.dtd): every channel, then its programmes."""
    tv = etree.Element("tv", {"generator-info-name": generator})
    for channel in channels.values():
        tv.append(_channel(channel))
    for airing in airings:
        if not airing.is_cancelled:
            tv.append(_programme(airing, channels.get(airing.channel)))
    document: bytes = etree.tostring(
        etree.ElementTree(tv),
        xml_declaration=True,
        encoding="UTF-8",
        pretty_print=True,
        doctype='<!DOCTYPE tv SYSTEM "xmltv.dtd">',
    )
    return document


def _channel(channel: ChannelSnapshot) -> etree._Element:
    element = etree.Element("channel", id=channel.id)
    _text(element, "display-name", channel.name, lang="zh")
    _text(element, "display-name", channel.name_en, lang="en")
    if channel.number:
        _text(element, "display-name", channel.number)
    return element


def _programme(airing: ScheduledAiring, channel: ChannelSnapshot | None) -> etree._Element:
    zone = ZoneInfo(channel.timezone) if channel else dt.UTC
    element = etree.Element(
        "programme",
        start=_xmltv_time(airing.starts_at, zone),
        stop=_xmltv_time(airing.ends_at, zone),
        channel=airing.channel,
    )
    for lang in _LANGUAGES:
        summary = t(
            "api.feeds.summary",
            lang,
            subject=airing.subject,
            number=airing.lesson_number,
            title=title_after_number(airing.title, airing.lesson_number),
        )
        _text(element, "title", summary, lang=lang)
    _text(element, "sub-title", airing.title, lang="zh")
    _text(element, "category", airing.subject, lang="zh")
    _text(element, "category", "Education", lang="en")
    if airing.task_sheet:
        _text(element, "url", airing.task_sheet)
    _text(element, "episode-num", f"{airing.course} {airing.lesson_number}")
    if airing.is_repeat:
        etree.SubElement(element, "previously-shown")
    return element


def _text(parent: etree._Element, tag: str, text: str, **attributes: str) -> None:
    etree.SubElement(parent, tag, attributes).text = text


def _xmltv_time(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """`20261123083000 +0800`: local time with its offset, as XMLTV writes times."""
    return moment.astimezone(zone).strftime("%Y%m%d%H%M%S %z")
