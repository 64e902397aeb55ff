"""`airclass doctor`: which ffmpeg, ffprobe, OR-Tools and database are in use, and whether the
static site (`--static DIR` or AIRCLASS_STATIC_DIR) shows the database's current publication."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from airclass.api.cli.common import (
    JsonOption,
    LangOption,
    err_console,
    language,
    print_json,
    settings,
)
from airclass.config import binaries
from airclass.config.database import make_engine, session_scope
from airclass.config.errors import AirclassError, ExitCode
from airclass.config.i18n import t
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError


def doctor(
    static: Annotated[
        Path | None,
        typer.Option(
            "--static",
            help="Static site folder to check (default: AIRCLASS_STATIC_DIR)",
        ),
    ] = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print the binaries, versions and database URL in use; report a stale static site."""
    lang = language(lang)
    rows: dict[str, dict[str, str]] = {}
    healthy = True
    for name in ("ffmpeg", "ffprobe"):
        try:
            found = binaries.resolve(name)
            rows[name] = {
                "path": str(found.path),
                "origin": found.origin,
                "version": found.version(),
            }
        except AirclassError as exc:
            healthy = False
            rows[name] = {"path": t("doctor.missing", lang), "origin": "", "version": str(exc)}
    from ortools import __version__ as ortools_version

    rows["ortools"] = {"path": "", "origin": "PyPI", "version": ortools_version}
    origin = "AIRCLASS_DATABASE_URL" if "AIRCLASS_DATABASE_URL" in os.environ else "default"
    rows["database"] = {"path": settings().database_url, "origin": origin, "version": ""}
    folder = static or settings().static_dir
    failed = False
    if folder is not None:
        rows["static site"], stale = _static_row(folder, lang)
        failed = stale
    if as_json:
        print_json(rows)
    else:
        table = Table(title=t("doctor.title", lang))
        for column in ("", "path", "origin", "version"):
            table.add_column(column)
        for name, row in rows.items():
            table.add_row(name, row["path"], row["origin"], row["version"])
        err_console.print(table)
    if not healthy:
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    if failed:
        raise typer.Exit(int(ExitCode.CHECKS_FAILED))


def _static_row(folder: Path, lang: str) -> tuple[dict[str, str], bool]:
    """The doctor's line about the static site, and whether it is stale."""
    from airclass.api.static_site import site_state

    url = settings().database_url
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            state = site_state(session, folder)
    except SQLAlchemyError as exc:
        reason = str(exc).splitlines()[0]
        return {"path": str(folder), "origin": "", "version": reason}, True
    finally:
        engine.dispose()
    key = "doctor.static_stale" if state.stale else "doctor.static_current"
    shown = "—" if state.shown is None else state.shown
    text = t(key, lang, shown=shown, current=state.current, folder=folder)
    return {"path": str(folder), "origin": "", "version": text}, state.stale


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command()(doctor)
