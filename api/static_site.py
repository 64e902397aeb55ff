"""Static publishing: every public document of the current schedule, written to a folder that
nginx or a CDN serves. This is the path to millions of subscribers: the service renders once
per publish, the web server answers every poll.

Layout mirrors the service's URLs, so calendar subscriptions and guide links work unchanged
whether the service or the folder answers:

    feeds/grade/1.ics … feeds/grade/12.ics
    feeds/channel/<channel id>.ics
    xmltv.xml
    guide/index.html, guide/grade-3.html, guide/….en.html   (the guide page, per feed and language)

Each file also gets a `.gz` twin (for nginx `gzip_static`). The folder is replaced whole: it is
written as `DIR.tmp` and renamed into place, so a server never sees half a publish.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from airclass.api.db.published import published_channels
from airclass.api.db.versions import load_plan, previous_published
from airclass.api.feeds.feed_config import FeedConfig
from airclass.api.feeds.published_feeds import channel_feed, grade_feed, xmltv_document
from airclass.api.guide import guide_pages
from airclass.config.schema.common import GRADES
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaticSite:
    folder: Path
    files: list[str]
    """Paths relative to `folder`, without the `.gz` twins."""


def publish_static(
    session: Session,
    folder: Path,
    *,
    now: dt.datetime,
    config: FeedConfig,
    base_url: str,
    lang: str = "zh",
) -> StaticSite:
    """Render every feed, XMLTV and the guide pages as of `now`, and swap them into `folder`."""
    documents = _documents(session, now=now, config=config, lang=lang)
    documents.update(_guide(session, now=now, base_url=base_url))
    staging = folder.with_name(folder.name + ".tmp")
    _write_all(staging, documents)
    _swap(staging, folder)
    logger.info("published %d static files to %s", len(documents), folder)
    return StaticSite(folder, sorted(documents))


def _documents(
    session: Session, *, now: dt.datetime, config: FeedConfig, lang: str
) -> dict[str, bytes]:
    documents: dict[str, bytes] = {}
    for grade in GRADES:
        feed = grade_feed(session, grade, now=now, config=config, lang=lang)
        documents[f"feeds/grade/{grade}.ics"] = feed.body
    for channel_id in published_channels(session):
        feed = channel_feed(session, channel_id, now=now, config=config, lang=lang)
        documents[f"feeds/channel/{channel_id}.ics"] = feed.body
    documents["xmltv.xml"] = xmltv_document(session, now=now, config=config).body
    return documents


def _guide(session: Session, *, now: dt.datetime, base_url: str) -> dict[str, bytes]:
    """The guide pages of this week, as the service's /guide shows them."""
    today = now.astimezone(dt.UTC).date()
    monday = today - dt.timedelta(days=today.weekday())
    channels = list(published_channels(session).values())
    version = previous_published(session, monday)
    airings = list(load_plan(session, version.id).airings) if version else []
    pages = guide_pages(channels=channels, airings=airings, base_url=base_url, week=monday)
    return {f"guide/{name}": html.encode("utf-8") for name, html in pages.items()}


def _write_all(staging: Path, documents: dict[str, bytes]) -> None:
    if staging.exists():
        shutil.rmtree(staging)
    for name, body in documents.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        # mtime=0: the same document always compresses to the same bytes.
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(body, mtime=0))


def _swap(staging: Path, folder: Path) -> None:
    """Put `staging` where `folder` is: rename the old one aside, rename the new one in."""
    retired = folder.with_name(folder.name + ".old")
    if retired.exists():
        shutil.rmtree(retired)
    if folder.exists():
        folder.rename(retired)
    staging.rename(folder)
    if retired.exists():
        shutil.rmtree(retired)
