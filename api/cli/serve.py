"""`airclass serve [--host] [--port]`: the FastAPI service under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn
from airclass.api.cli.common import LangOption, err_console, language, settings
from airclass.api.cli.publish import TodayOption
from airclass.api.loopback import header_limits
from airclass.api.main import clock_on, create_app
from airclass.config.database import utcnow
from airclass.config.i18n import t
from sqlalchemy.engine import make_url


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port", min=1, max=65535)] = 8000,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Serve the guide, the feeds, XMLTV and the staff API (migrates the database first)."""
    config = settings()
    clock = clock_on(today.date()) if today else utcnow
    app = create_app(config, clock=clock)
    database = make_url(config.database_url).render_as_string(hide_password=True)
    message = t("api.serve.listening", language(lang), host=host, port=port, database=database)
    err_console.print(message)
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=True,
        log_level="info",
        **header_limits(config.max_header_bytes),
    )


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command()(serve)
