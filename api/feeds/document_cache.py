"""Reuse of rendered public documents between requests.

Rendering a calendar costs about a millisecond per event (icalendar), and calendar apps poll
all day; the answer only changes when a version is published, when the day (and with it the
window) changes, or when a cancelled airing has been shown long enough. So a rendering is
kept, per document, until one of those happens. One cheap query per request reads the
publish state.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from airclass.api.db.models import ScheduleVersion, VersionState
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
    """At most `max_entries` documents, least recently used dropped first; thread-safe."""

    def __init__(self, max_entries: int = 256) -> None:
        self._entries: OrderedDict[Hashable, tuple[PublishState, Document]] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

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
        with self._lock:
            cached = self._entries.get(key)
            if cached and cached[0] == state and now < cached[1].expires_at:
                self._entries.move_to_end(key)
                return cached[1]
        document = render()
        with self._lock:
            self._entries[key] = (state, document)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return document
