"""Static publishing: every public document of the current schedule, written to a folder that
nginx or a CDN serves. This is the path to millions of subscribers: the service renders once
per publish, the web server answers every poll.

Layout mirrors the service's URLs, so calendar subscriptions and guide links work unchanged
whether the service or the folder answers:

    feeds/grade/1.ics … feeds/grade/12.ics
    feeds/channel/<channel id>.ics
    xmltv.xml
    guide/index.html, guide/grade-3.html, guide/….en.html   (the guide page, per feed and language)
    release.json                                              (the marker: what this site shows)

Each file also gets a `.gz` twin (for nginx `gzip_static`). On disk, for a target DIR:

    DIR -> DIR.releases/r000042-p17     a symlink: the live site
    DIR.releases/.lock                  held while a publish runs: one publish per DIR at a time
    DIR.releases/r000041-p16/           earlier releases, kept a while for readers mid-download
    DIR.releases/r000043-….partial/     a release being written, or left by a killed run (pruned)

A release is written whole under a `.partial` name, renamed, and only then made live by
renaming a new symlink over DIR: rename(2) is atomic, so DIR always exists and always shows
one whole release. Its marker names the publication it shows (`api.db.versions`), so
`site_state` tells a stale site (a run killed after the database committed) from a fresh one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gzip
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from airclass.api.db.published import local_today, published_channels
from airclass.api.db.versions import current_publication, load_plan, previous_published
from airclass.api.errors import ApiError
from airclass.api.feeds.feed_config import FeedConfig
from airclass.api.feeds.published_feeds import channel_feed, grade_feed, xmltv_document
from airclass.api.guide import guide_pages
from airclass.config.errors import ExitCode
from airclass.config.schema.common import GRADES
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

MARKER = "release.json"
KEEP_PREVIOUS = 2
"""Earlier releases kept after a swap: a client mid-download keeps reading its files, and an
operator can point DIR back at one by hand."""
_RENDER_ATTEMPTS = 3
"""Renders tried before giving up when publishes keep committing during the render."""


@dataclass(frozen=True)
class StaticSite:
    folder: Path
    files: list[str]
    """Paths relative to `folder`, without the `.gz` twins and the marker."""
    publication: int
    """The publication the site shows (`api.db.versions.current_publication`)."""
    release: Path


@dataclass(frozen=True)
class SiteState:
    """What a static folder shows, against the database."""

    folder: Path
    shown: int | None
    """Publication in the live release's marker; None when DIR has no marked release."""
    current: int

    @property
    def stale(self) -> bool:
        return self.shown != self.current


class StaticSiteBusyError(ApiError):
    """Publishes kept committing while the site was rendered; the next run catches up."""

    exit_code = ExitCode.CHECKS_FAILED
    key = "api.static.busy"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder=folder, attempts=_RENDER_ATTEMPTS)


def publish_static(
    session: Session,
    folder: Path,
    *,
    now: dt.datetime,
    config: FeedConfig,
    base_url: str,
    lang: str = "zh",
    on_wait: Callable[[], None] | None = None,
) -> StaticSite:
    """Render every feed, XMLTV and the guide pages as of `now`, and make them live at `folder`.

    Runs hold a lock per folder: a second run waits for the first (`on_wait` is called once
    when it has to), then renders what the database holds by then, so the site never goes back.
    """
    folder = folder.absolute()
    releases = releases_of(folder)
    releases.mkdir(parents=True, exist_ok=True)
    with _locked(releases / ".lock", on_wait):
        publication, documents = _render_consistent(
            session, folder, now=now, config=config, lang=lang, base_url=base_url
        )
        marker = {
            "publication": publication,
            "rendered_at": now.isoformat(),
            "files": len(documents),
        }
        release = _write_release(releases, publication, documents, marker)
        _adopt_legacy_folder(folder, releases)
        _swap_link(folder, release)
        _prune(releases, live=release)
    logger.info("published %d static files to %s (%s)", len(documents), folder, release.name)
    return StaticSite(folder, sorted(documents), publication, release)


def site_state(session: Session, folder: Path) -> SiteState:
    """Which publication the site at `folder` shows, and which one the database has."""
    return SiteState(folder, shown_publication(folder), current_publication(session))


def shown_publication(folder: Path) -> int | None:
    try:
        marker = json.loads((folder / MARKER).read_bytes())
        return int(marker["publication"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def releases_of(folder: Path) -> Path:
    return folder.with_name(folder.name + ".releases")


def _render_consistent(
    session: Session,
    folder: Path,
    *,
    now: dt.datetime,
    config: FeedConfig,
    lang: str,
    base_url: str,
) -> tuple[int, dict[str, bytes]]:
    """Render, and render again if a publish committed meanwhile: every document and the
    marker then come from the same publication."""
    for _ in range(_RENDER_ATTEMPTS):
        publication = current_publication(session)
        documents = _documents(session, now=now, config=config, lang=lang)
        documents.update(_guide(session, now=now, base_url=base_url))
        if current_publication(session) == publication:
            return publication, documents
    raise StaticSiteBusyError(folder)


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
    """The guide pages of this week, as the service's /guide shows them. "This week" is the
    channels' week: Monday 00:00 in Shanghai is still Sunday in UTC."""
    channels = list(published_channels(session).values())
    today = local_today(channels, now)
    monday = today - dt.timedelta(days=today.weekday())
    version = previous_published(session, monday)
    airings = list(load_plan(session, version.id).airings) if version else []
    pages = guide_pages(channels=channels, airings=airings, base_url=base_url, week=monday)
    return {f"guide/{name}": html.encode("utf-8") for name, html in pages.items()}


@contextmanager
def _locked(path: Path, on_wait: Callable[[], None] | None) -> Iterator[None]:
    """An exclusive lock on `path`; the kernel drops it when the process dies, even by SIGKILL."""
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_release(
    releases: Path, publication: int, documents: dict[str, bytes], marker: dict[str, object]
) -> Path:
    """Write the documents, their `.gz` twins and the marker (last) into a new release."""
    serial = max((_serial(p) for p in releases.iterdir()), default=0) + 1
    name = f"r{serial:06d}-p{publication}"
    partial = releases / f"{name}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    for path_name, body in documents.items():
        path = partial / path_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        # mtime=0: the same document always compresses to the same bytes.
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(body, mtime=0))
    (partial / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    return partial.rename(releases / name)


def _serial(release: Path) -> int:
    """The serial in `r000042-p17` (0 for anything else, the legacy folder included)."""
    head = release.name.split("-", 1)[0]
    return int(head[1:]) if head.startswith("r") and head[1:].isdigit() else 0


def _adopt_legacy_folder(folder: Path, releases: Path) -> None:
    """A site published before releases existed is a plain folder: move it among the releases
    (once; DIR is missing until the link below replaces it)."""
    if folder.is_dir() and not folder.is_symlink():
        folder.rename(releases / "r000000-legacy")


def _swap_link(folder: Path, release: Path) -> None:
    """Point `folder` at `release`: a new symlink renamed over the old one, atomically."""
    link = folder.with_name(f".{folder.name}.link")
    link.unlink(missing_ok=True)  # left by a run killed between these two lines
    link.symlink_to(release.relative_to(folder.parent), target_is_directory=True)
    os.replace(link, folder)


def _prune(releases: Path, *, live: Path) -> None:
    """Delete partial releases and all but the newest KEEP_PREVIOUS earlier ones."""
    others = [p for p in releases.iterdir() if p.is_dir() and p != live]
    partial = [p for p in others if p.name.endswith(".partial")]
    earlier = sorted((p for p in others if p not in partial), key=_serial)
    for path in partial + earlier[: max(len(earlier) - KEEP_PREVIOUS, 0)]:
        shutil.rmtree(path, ignore_errors=True)
