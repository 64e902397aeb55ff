"""`airclass publish [PLAN] [--static DIR]`: publish a schedule version, optionally as static files.

PLAN is a plan.json (saved as a new draft, then published) or the id of a saved draft. Without
PLAN, `--static DIR` only re-renders what is already published: run it daily (cron), since the
feeds' −7…+35 day window rolls with the date. It also brings a stale site (a publish killed after
its database commit) up to the current publication.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from airclass.api.cli.common import (
    JsonOption,
    LangOption,
    err_console,
    language,
    migrated_engine,
    print_json,
    settings,
)
from airclass.api.db import versions
from airclass.api.errors import PlanFileError
from airclass.api.feeds.feed_config import feed_config
from airclass.api.main import clock_on
from airclass.api.static_site import publish_static
from airclass.config.database import session_scope, utcnow
from airclass.config.i18n import t
from airclass.solver.plan import Plan
from pydantic import ValidationError
from sqlalchemy.orm import Session

TodayOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--today",
        formats=["%Y-%m-%d"],
        help="Date the feeds' −7…+35 day window centres on (default: today). For demo weeks.",
    ),
]


def publish(
    plan: Annotated[
        str | None,
        typer.Argument(
            help="plan.json, or the id of a saved draft version; omit it with --static to "
            "re-render what is published (daily, as the feeds' window rolls)"
        ),
    ] = None,
    static: Annotated[
        Path | None,
        typer.Option("--static", help="Also write every feed, XMLTV and the guide here"),
    ] = None,
    today: TodayOption = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", help="Public URL the guide links to (default: AIRCLASS_PUBLIC_BASE_URL)"
        ),
    ] = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Publish PLAN as a schedule version; with --static DIR, write the public site into DIR."""
    lang = language(lang)
    if plan is None and static is None:
        raise typer.BadParameter(t("api.publish.nothing", lang), param_hint="PLAN")
    config = settings()
    output: dict[str, object] = {}
    with migrated_engine() as engine:
        if plan is not None:
            with session_scope(engine) as session:
                result = versions.publish(session, _draft_id(session, plan))
            err_console.print(t("api.publish.published", lang, **dataclasses.asdict(result)))
            output["published"] = _jsonable(dataclasses.asdict(result))
        if static is not None:
            now = clock_on(today.date())() if today else utcnow()
            with session_scope(engine) as session:
                site = publish_static(
                    session,
                    static,
                    now=now,
                    config=feed_config(),
                    base_url=base_url or config.public_base_url,
                    lang=config.lang,
                    on_wait=lambda: err_console.print(
                        t("api.publish.static_waiting", lang, folder=static)
                    ),
                )
            err_console.print(
                t(
                    "api.publish.static",
                    lang,
                    folder=static,
                    files=len(site.files),
                    publication=site.publication,
                    release=site.release.name,
                )
            )
            output["static"] = {
                "folder": str(site.folder),
                "files": site.files,
                "publication": site.publication,
                "release": site.release.name,
            }
    if as_json:
        print_json(output)


def _draft_id(session: Session, plan: str) -> int:
    """The id of the draft to publish: PLAN itself, or a new draft saved from plan.json."""
    if plan.isdigit():
        return int(plan)
    path = Path(plan)
    if not path.is_file():
        raise PlanFileError(plan, "file not found")
    try:
        loaded = Plan.read(path)
    except (ValidationError, UnicodeDecodeError, OSError) as exc:
        raise PlanFileError(plan, str(exc).splitlines()[0]) from exc
    return versions.save_draft(session, loaded)


def _jsonable(data: dict[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command()(publish)
