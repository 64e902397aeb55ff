"""`airclass doctor`: which ffmpeg, ffprobe, OR-Tools and database are in use."""

from __future__ import annotations

import os

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
from airclass.config.errors import AirclassError, ExitCode
from airclass.config.i18n import t
from rich.table import Table


def doctor(lang: LangOption = None, as_json: JsonOption = False) -> None:
    """Print the binaries, versions and database URL in use."""
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


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command()(doctor)
