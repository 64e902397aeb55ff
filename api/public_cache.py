"""Serve public documents (feeds, XMLTV) from memory while the published schedule is unchanged.

A pure ASGI middleware in front of the app: the first GET of a feed renders it through the
app as usual; later requests get the same bytes, ETag and Last-Modified straight from memory,
and conditional requests get their 304 here. An entry is reused only while its *stamp* holds:
the set of published versions (count and newest id; published versions never change) and
the service clock's minute (feeds move with the clock: rolling window, cancelled airings'
expiry). Reading the stamp is one small query, so every worker process stays correct when
another process publishes. It runs on the event loop over a connection of its own: never
waiting on the app's pool, whose connections are freed only when the loop runs on. One
rendering per document at a time: concurrent misses wait for it instead of piling up.

Memory is bounded whatever clients ask for (`memory_cache_entries` / `memory_cache_bytes` in
`feeds.toml`): the key is the path and the gzip choice, never the query string (no public
document reads one, so it renders without it); only 200s are kept, so unknown paths leave
nothing; and the only per-key state besides the entries is the rendering in flight, gone
when it ends.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from airclass.api.feeds.bounded import BoundedLru
from airclass.api.feeds.feed_config import feed_config
from airclass.config.database import make_engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

_STAMP_SQL = "SELECT count(*), max(id) FROM schedule_version WHERE state = 'PUBLISHED'"
_CONDITIONAL = {b"if-none-match", b"if-modified-since"}
_BODY_HEADERS = {b"content-length", b"content-type", b"content-encoding"}
Stamp = tuple[int, int | None, dt.datetime]
Key = tuple[str, bool]
"""Path, and whether the client accepts gzip."""


@dataclass(frozen=True)
class Entry:
    stamp: Stamp
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    last_modified: dt.datetime | None


class PublishedSet:
    """Reads (count, newest id) of published versions over one autocommit DBAPI connection.

    Going below SQLAlchemy here saves ~0.2 ms a request; autocommit keeps the connection from
    holding a snapshot (or a transaction) between reads.
    """

    def __init__(self, url: str) -> None:
        self._engine = make_engine(url)
        self._connection: Any = None
        self._checked_out: Any = None
        """The pool's handle of the connection: held so the pool never reclaims it."""

    def read(self) -> tuple[int, int | None]:
        try:
            return self._query()
        except Exception:  # a dropped connection (server restart): reconnect once
            logger.warning("re-opening the publish-state connection", exc_info=True)
            self._release(invalidate=True)
            return self._query()

    def close(self) -> None:
        self._release(invalidate=False)
        self._engine.dispose()

    def _release(self, *, invalidate: bool) -> None:
        if self._checked_out is not None and invalidate:
            self._checked_out.invalidate()
        elif self._checked_out is not None:
            self._checked_out.close()
        self._connection = self._checked_out = None

    def _query(self) -> tuple[int, int | None]:
        if self._connection is None:
            self._connection = self._open()
        cursor = self._connection.cursor()
        try:
            cursor.execute(_STAMP_SQL)
            count, newest = cursor.fetchone()
        finally:
            cursor.close()
        return int(count), newest

    def _open(self) -> Any:
        self._checked_out = self._engine.raw_connection()
        raw = self._checked_out.driver_connection
        if self._engine.dialect.name == "sqlite":
            raw.isolation_level = None
        else:
            raw.autocommit = True
        return raw


def close_public_cache(app: Any) -> None:
    """Close the cache's database connection (call at app shutdown)."""
    published: PublishedSet | None = getattr(app.state, "published_set", None)
    if published is not None:
        published.close()
        app.state.published_set = None


_DOCUMENT_PATH = re.compile(r"/feeds/(grade|channel)/[^/]+\.ics|/xmltv\.xml")


def is_public_document(path: str) -> bool:
    """Paths shaped like a feed or XMLTV; anything else passes by without a query."""
    return _DOCUMENT_PATH.fullmatch(path) is not None


class PublicDocumentCache:
    """ASGI middleware; `state_of(scope)` gives the app state holding `engine` and `clock`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        config = feed_config()
        self.entries: BoundedLru[Entry] = BoundedLru(
            max_entries=config.memory_cache_entries, max_bytes=config.memory_cache_bytes
        )
        self._in_flight: dict[Key, asyncio.Event] = {}
        """Renderings under way: removed when they end, so it holds at most one per request."""
        self._published: PublishedSet | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"  # HEAD arrives as GET (api.hardening)
            or not is_public_document(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = (scope["path"], b"gzip" in headers.get(b"accept-encoding", b""))
        stamp = self._stamp(scope["app"].state)
        entry = await self._fresh_entry(key, stamp)
        if entry is None:
            entry = await self._render_once(key, scope, receive, send, stamp)
            if entry is None:
                return  # not a cacheable 200: the app already answered
        await _answer(entry, headers, send=send)

    async def _fresh_entry(self, key: Key, stamp: Stamp) -> Entry | None:
        """The entry for `key` at `stamp`, after waiting for a rendering of it under way."""
        while (rendering := self._in_flight.get(key)) is not None:
            await rendering.wait()
        entry = self.entries.get(key)
        return entry if entry is not None and entry.stamp == stamp else None

    async def _render_once(
        self, key: Key, scope: Scope, receive: Receive, send: Send, stamp: Stamp
    ) -> Entry | None:
        done = self._in_flight[key] = asyncio.Event()
        try:
            entry = await self._render(scope, receive, send, stamp)
            if entry is not None:
                self.entries.put(key, entry, size=len(entry.body))
            return entry
        finally:
            del self._in_flight[key]
            done.set()

    def _stamp(self, state: Any) -> Stamp:
        if self._published is None:
            self._published = PublishedSet(state.engine.url.render_as_string(hide_password=False))
            state.published_set = self._published  # closed by close_public_cache at shutdown
        clock: Callable[[], dt.datetime] = state.clock
        return (*self._published.read(), clock().replace(second=0, microsecond=0))

    async def _render(
        self, scope: Scope, receive: Receive, send: Send, stamp: Stamp
    ) -> Entry | None:
        """Run the app for a plain GET; keep a 200, pass anything else through unchanged."""
        plain = {
            **scope,
            "query_string": b"",
            "headers": [(k, v) for k, v in scope["headers"] if k not in _CONDITIONAL],
        }
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        await self.app(plain, receive, capture)
        start = messages[0]
        if start["status"] != 200:
            for message in messages:
                await send(message)
            return None
        body = b"".join(m.get("body", b"") for m in messages[1:])
        response_headers = list(start["headers"])
        found = dict(response_headers)
        return Entry(
            stamp,
            response_headers,
            body,
            found.get(b"etag", b""),
            _http_date(found.get(b"last-modified")),
        )


async def _answer(entry: Entry, request: dict[bytes, bytes], *, send: Send) -> None:
    if _is_fresh(entry, request):
        headers = [(k, v) for k, v in entry.headers if k not in _BODY_HEADERS]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
    await send({"type": "http.response.body", "body": entry.body})


def _is_fresh(entry: Entry, request: dict[bytes, bytes]) -> bool:
    """RFC 9110 §13.2.2: If-None-Match (weak comparison) wins over If-Modified-Since."""
    if_none_match = request.get(b"if-none-match")
    if if_none_match is not None:
        wanted = entry.etag.removeprefix(b"W/")
        tags = [tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b",")]
        return b"*" in tags or wanted in tags
    since = _http_date(request.get(b"if-modified-since"))
    return since is not None and entry.last_modified is not None and entry.last_modified <= since


def _http_date(value: bytes | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value.decode("latin-1"))
    except (TypeError, ValueError):
        return None
