"""Dependencies of the routes, as `Annotated` aliases: settings, engine, session, clock, the
cache of rendered public documents.

Everything comes from `app.state`, set once by `create_app`, so tests build an app with their
own settings and clock instead of overriding dependencies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Annotated

from airclass.api.feeds.document_cache import DocumentCache
from airclass.api.feeds.feed_config import FeedConfig, feed_config
from airclass.config.database import session_scope
from airclass.config.settings import Settings
from fastapi import Depends, Request
from pydantic import Field
from sqlalchemy import Engine
from sqlalchemy.orm import Session

Clock = Callable[[], dt.datetime]
"""Returns the current time, timezone-aware."""

FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2999, 12, 31)
"""Days the service accepts: far inside Python's dates, so a week and the feeds' window around
it never leave them (9999-12-31 would overflow), and any broadcast year fits."""
SupportedDay = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]
MAX_ROW_ID = 2**31 - 1
"""Ids are INTEGER columns: 32-bit signed on PostgreSQL, which refuses larger numbers."""
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    """One session per request: committed when the route returns, before the response is
    sent (SessionDep's scope), rolled back on error."""
    with session_scope(engine) as session:
        yield session


def get_document_cache(request: Request) -> DocumentCache:
    cache: DocumentCache = request.app.state.documents
    return cache


def get_now(request: Request) -> dt.datetime:
    clock: Clock = request.app.state.clock
    return clock()


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
"""Scoped to the route: a client acting on a response (a browser following a 303) must see the
write it answers, and a failed commit must fail the request, not follow a 200."""
NowDep = Annotated[dt.datetime, Depends(get_now)]
FeedConfigDep = Annotated[FeedConfig, Depends(feed_config)]
DocumentCacheDep = Annotated[DocumentCache, Depends(get_document_cache)]
