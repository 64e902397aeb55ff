"""Reuse of rendered public documents between requests.

Rendering a calendar costs about a millisecond per event (icalendar), and calendar apps poll
all day; the answer only changes when a version is published, when the day (and with it the
window) changes, or when a cancelled airing has been shown long enough. So a rendering is
kept, per document, until one of those happens. One cheap query per request reads the
publish state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from airclass.api.db.models import ScheduleVersion, VersionState
from airclass.api.feeds.bounded import BoundedLru
from airclass.api.feeds.published_feeds import Document
from sqlalchemy import func, select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class PublishState:
    """Changes whenever any version is published."""

    published: int
    last_published_at: dt.datetime | None

    @classmethod
    def read(cls, session: Session) -> PublishState:
        query = select(func.count(ScheduleVersion.id), func.max(ScheduleVersion.published_at))
        count, last = session.execute(
            query.where(ScheduleVersion.state == VersionState.PUBLISHED)
        ).one()
        return cls(int(count), last)


class DocumentCache:
    """At most `max_entries` documents and `max_bytes` of bodies, least recently used dropped
    first; thread-safe. Only documents that rendered are kept: an unknown grade or channel
    raises in `render` and leaves nothing behind."""

    def __init__(self, *, max_entries: int, max_bytes: int) -> None:
        self._entries: BoundedLru[tuple[PublishState, Document]] = BoundedLru(
            max_entries=max_entries, max_bytes=max_bytes
        )

    def document(
        self,
        session: Session,
        key: Hashable,
        *,
        now: dt.datetime,
        render: Callable[[], Document],
    ) -> Document:
        """The cached document for `key` if still right at `now`, else a fresh rendering."""
        key = (key, now.astimezone(dt.UTC).date())
        state = PublishState.read(session)
        cached = self._entries.get(key)
        if cached and cached[0] == state and now < cached[1].expires_at:
            return cached[1]
        document = render()
        self._entries.put(key, (state, document), size=len(document.body))
        return document
