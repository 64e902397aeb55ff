"""The FastAPI application: `create_app()` assembles the routers, middleware and error handlers.

uvicorn --factory airclass.api.main:create_app
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from airclass.api.console import install_console
from airclass.api.db.migrate import upgrade
from airclass.api.deps import Clock
from airclass.api.errors import install_error_handlers
from airclass.api.feeds.document_cache import DocumentCache
from airclass.api.feeds.feed_config import feed_config
from airclass.api.hardening import Hardening
from airclass.api.jobs import start_job_runner, stop_job_runner
from airclass.api.public_cache import PublicDocumentCache, close_public_cache
from airclass.api.routes import feeds, guide, schedule, staff, xmltv
from airclass.config.database import make_engine, utcnow
from airclass.config.settings import Settings
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, migrate: bool = True
) -> FastAPI:
    """The service on `settings` (default: from AIRCLASS_* variables).

    `clock` gives "now" to everything time-dependent (the feeds' rolling window, cancelled
    airings' expiry); by default the real clock, or one on `settings.today`. `migrate=False`
    skips the schema upgrade at startup.
    """
    settings = settings or Settings()
    clock = clock or (clock_on(settings.today) if settings.today else utcnow)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if migrate:
            upgrade(settings.database_url)
        start_job_runner(app)  # recovers jobs a dead server left behind
        yield
        stop_job_runner(app)
        close_public_cache(app)
        app.state.engine.dispose()

    app = FastAPI(
        title="airclass",
        summary="Air-classroom schedules: public feeds and guides, staff API.",
        version="1",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    app.state.clock = clock
    bound = feed_config()
    app.state.documents = DocumentCache(
        max_entries=bound.memory_cache_entries, max_bytes=bound.memory_cache_bytes
    )
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.add_middleware(PublicDocumentCache)  # cached feeds skip the app entirely
    app.add_middleware(Hardening)  # outermost: HEAD, security headers, bounded credentials
    install_error_handlers(app)
    for router in (feeds.router, xmltv.router, schedule.router, guide.router, *staff.routers):
        app.include_router(router)
    install_console(app)  # /console: the staff web console (its own router, static files, CSRF)
    return app


def fixed_clock(moment: dt.datetime) -> Clock:
    """A clock stopped at `moment`: for tests."""
    return lambda: moment


def clock_on(day: dt.date) -> Clock:
    """A running clock that reads `day` today: feeds of a demo week in the past or future show
    what they would show that day (`airclass serve --today`, `airclass publish --today`)."""
    shift = day - utcnow().date()
    return lambda: utcnow() + shift
