"""The family guide page: a picker of feeds and, per feed, every way to subscribe.

Built with a Jinja2 template (autoescaped); the same function serves `GET /guide` and the
static publisher. For each feed: a `webcal://` link, a QR code (segno, inline SVG) of the
feed URL, a one-off `.ics` download, steps for iPhone / Android (ICSx⁵) / desktop, and a
printable week view.

>>> feed = Feed(FeedKind.GRADE, "3", "3 年级", "Grade 3")
>>> feed.path
'/feeds/grade/3.ics'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

import jinja2
import segno
from airclass.api.db.channel_snapshot import ChannelSnapshot
from airclass.config.i18n import t
from airclass.config.schema.channels import Channel
from airclass.config.settings import Language
from airclass.config.timecode import FrameRate, seconds
from airclass.solver.plan import Airing, title_after_number
from markupsafe import Markup

LANGUAGES: tuple[Language, ...] = ("zh", "en")
DEFAULT_ZONE = Channel.model_fields["timezone"].default
"""The zone of the configured channels' default, for a guide before anything is published."""


class FeedKind(StrEnum):
    GRADE = "grade"
    CHANNEL = "channel"


@dataclass(frozen=True)
class Feed:
    """One subscribable calendar: a grade's lessons on every channel, or one channel."""

    kind: FeedKind
    key: str
    title_zh: str
    title_en: str

    @property
    def path(self) -> str:
        return f"/feeds/{self.kind}/{self.key}.ics"

    @property
    def slug(self) -> str:
        """File-name-safe id, e.g. `grade-3` or `channel-cetv4.airclass`."""
        return f"{self.kind}-{self.key}"

    def title(self, lang: Language) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def includes(self, airing: Airing) -> bool:
        if self.kind is FeedKind.GRADE:
            return airing.grade == int(self.key)
        return airing.channel == self.key


def feeds_of(channels: Sequence[ChannelSnapshot]) -> list[Feed]:
    """Grade feeds for every grade some channel carries, then one feed per channel."""
    grades = sorted({g for c in channels for g in c.grades})
    feeds = [
        Feed(
            FeedKind.GRADE,
            str(g),
            t("api.guide.grade", "zh", grade=g),
            t("api.guide.grade", "en", grade=g),
        )
        for g in grades
    ]
    feeds += [Feed(FeedKind.CHANNEL, c.id, c.label("zh"), c.label("en")) for c in channels]
    return feeds


def find_feed(feeds: Sequence[Feed], kind: FeedKind, key: str) -> Feed | None:
    return next((f for f in feeds if f.kind is kind and f.key == key), None)


@dataclass(frozen=True)
class WeekRow:
    start: str
    end: str
    channel: str
    lesson: str
    is_repeat: bool


@dataclass(frozen=True)
class WeekDay:
    label: str
    rows: list[WeekRow]


def week_view(
    airings: Iterable[Airing],
    channels: Sequence[ChannelSnapshot],
    feed: Feed,
    monday: dt.date,
    lang: Language,
) -> list[WeekDay]:
    """The feed's airings from `monday` to Sunday, grouped by day and sorted by local start."""
    by_id = {c.id: c for c in channels}
    names = t("api.guide.weekdays", lang).split(",")
    days = [WeekDay(f"{names[i]} {monday + dt.timedelta(days=i):%m-%d}", []) for i in range(7)]
    chosen = sorted(
        (a for a in airings if feed.includes(a) and 0 <= (a.date - monday).days < 7),
        key=lambda a: (a.date, a.start_frame, a.channel),
    )
    for airing in chosen:
        channel = by_id.get(airing.channel)
        days[(airing.date - monday).days].rows.append(_row(airing, channel, lang))
    return days


def _row(airing: Airing, channel: ChannelSnapshot | None, lang: Language) -> WeekRow:
    rate = FrameRate.parse(channel.frame_rate if channel else "25")
    start = _clock(airing.start_frame, rate)
    end = _clock(airing.start_frame + airing.duration_frames, rate, round_up=True)
    lesson = t(
        "api.guide.lesson",
        lang,
        subject=airing.subject,
        number=airing.lesson_number,
        title=title_after_number(airing.title, airing.lesson_number),
    )
    label = channel.label(lang) if channel else airing.channel
    return WeekRow(start, end, label, lesson, airing.is_repeat)


def _clock(frames: int, rate: FrameRate, *, round_up: bool = False) -> str:
    """Local HH:MM of a frame count after midnight; ends round up so 08:49:57 shows as 08:50."""
    exact = seconds(frames, rate) / 60
    minutes = math.ceil(exact) if round_up else math.floor(exact)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def feed_url(base_url: str, feed: Feed) -> str:
    return base_url.rstrip("/") + feed.path


def webcal_url(url: str) -> str:
    """`https://host/x.ics` → `webcal://host/x.ics` (calendar apps subscribe to webcal links)."""
    return "webcal://" + url.split("://", 1)[1]


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code of `url`; segno builds the markup, so it is safe to embed."""
    return Markup(segno.make(url, error="m", micro=False).svg_inline(scale=4, border=4))


def page_href(feed: Feed | None, lang: Language, *, static: bool) -> str:
    """Link to a guide page: `?grade=3&lang=en` when served, `grade-3.en.html` when static."""
    if static:
        stem = "index" if feed is None else feed.slug
        return f"{stem}.html" if lang == "zh" else f"{stem}.en.html"
    query = f"lang={lang}" if feed is None else f"{feed.kind}={feed.key}&lang={lang}"
    return f"?{query}"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("airclass.api", "templates"),
        autoescape=jinja2.select_autoescape(["html"], default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_guide(
    *,
    channels: Sequence[ChannelSnapshot],
    airings: Sequence[Airing],
    base_url: str,
    week: dt.date | None = None,
    feed: Feed | None = None,
    lang: Language = "zh",
    static: bool = False,
    empty_week: dt.date | None = None,
) -> str:
    """The guide page as HTML: the picker, and the subscription block of `feed` (or of all feeds).

    `week` is any day of the week to print (default: this week in the first channel's zone);
    `static=True` makes links point at the files `guide_pages` writes; `empty_week` (a Monday)
    says the page shows a later week because that one has nothing published.
    """
    feeds = feeds_of(channels)
    monday = _monday(week, channels)
    shown = [feed] if feed is not None else feeds
    blocks = [_feed_block(f, base_url) for f in shown]
    days = week_view(airings, channels, feed, monday, lang) if feed is not None else []
    other: Language = "en" if lang == "zh" else "zh"
    return (
        _environment()
        .get_template("guide.html")
        .render(
            lang=lang,
            m=_translator(lang),
            feeds=feeds,
            grade_feeds=[f for f in feeds if f.kind is FeedKind.GRADE],
            channel_feeds=[f for f in feeds if f.kind is FeedKind.CHANNEL],
            selected=feed,
            blocks=blocks,
            days=days,
            monday=monday.isoformat(),
            empty_week=empty_week.isoformat() if empty_week else None,
            href=lambda f, language=lang: page_href(f, language, static=static),
            other_lang=other,
        )
    )


def _translator(lang: Language) -> Callable[..., str]:
    """`m("title")` in the template → the `api.guide.title` message in `lang`."""

    def translate(key: str, **fields: object) -> str:
        return t(f"api.guide.{key}", lang, **fields)

    return translate


@dataclass(frozen=True)
class FeedBlock:
    feed: Feed
    url: str
    webcal: str
    qr: Markup
    filename: str


def _feed_block(feed: Feed, base_url: str) -> FeedBlock:
    url = feed_url(base_url, feed)
    return FeedBlock(feed, url, webcal_url(url), qr_svg(url), f"{feed.slug}.ics")


def _monday(week: dt.date | None, channels: Sequence[ChannelSnapshot]) -> dt.date:
    if week is None:
        return this_monday(dt.datetime.now(dt.UTC), channels)
    return week - dt.timedelta(days=week.weekday())


def this_monday(now: dt.datetime, channels: Sequence[ChannelSnapshot]) -> dt.date:
    """Monday of the week `now` falls in, on the channels' clock (not UTC): at 01:00 on a
    Monday in Beijing, UTC still says Sunday.

    >>> this_monday(dt.datetime(2026, 11, 29, 17, 0, tzinfo=dt.UTC), [])  # 01:00 Mon, UTC+8
    datetime.date(2026, 11, 30)
    """
    zone = ZoneInfo(channels[0].timezone if channels else DEFAULT_ZONE)
    today = now.astimezone(zone).date()
    return today - dt.timedelta(days=today.weekday())


def guide_pages(
    *,
    channels: Sequence[ChannelSnapshot],
    airings: Sequence[Airing],
    base_url: str,
    week: dt.date | None = None,
) -> dict[str, str]:
    """Every static guide page, file name → HTML: `index.html`, `grade-3.html`, `….en.html`."""
    pages: dict[str, str] = {}
    for lang in LANGUAGES:
        for feed in [None, *feeds_of(channels)]:
            html = render_guide(
                channels=channels,
                airings=airings,
                base_url=base_url,
                week=week,
                feed=feed,
                lang=lang,
                static=True,
            )
            pages[page_href(feed, lang, static=True)] = html
    return pages
