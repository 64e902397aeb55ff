"""What every CLI command shares: options, the stderr console, JSON output, language."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any

import typer
from airclass.api.db.migrate import upgrade
from airclass.config.database import make_engine, session_scope
from airclass.config.settings import Language, Settings
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy import Engine
from sqlalchemy.orm import Session

PIPE_WIDTH = 200
"""Columns of stderr when it is a file or a pipe (a log, CI): rich would take 80 and cut a
wide table (`bench solver`'s 13 columns) into unreadable stubs. COLUMNS still rules."""

err_console = Console(
    stderr=True,
    width=None if sys.stderr.isatty() or "COLUMNS" in os.environ else PIPE_WIDTH,
)
"""Diagnostics and progress go to stderr; stdout is for data."""

LangOption = Annotated[
    Language | None,
    typer.Option("--lang", help="Language of messages: zh or en (default: AIRCLASS_LANG or zh)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def settings() -> Settings:
    return Settings()


lang_before_command: ContextVar[Language | None] = ContextVar("lang", default=None)
"""`airclass --lang en review status`: set by the root callback on every run."""


def language(lang: Language | None) -> Language:
    """A command's `--lang`, else the one given before the command, else AIRCLASS_LANG."""
    return lang or lang_before_command.get() or settings().lang


def print_json(data: Any) -> None:
    """Deterministic JSON on stdout: sorted keys, UTF-8, no NaN."""
    sys.stdout.write(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False)
    )
    sys.stdout.write("\n")


@contextmanager
def migrated_engine() -> Iterator[Engine]:
    """The configured database, migrated to the newest schema first; disposed on exit."""
    url = settings().database_url
    upgrade(url)
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def database_session() -> Iterator[Session]:
    """One transaction on the migrated database: commits on success, rolls back on error."""
    with migrated_engine() as engine, session_scope(engine) as session:
        yield session


@contextmanager
def counting_bar(label: str, *, transient: bool) -> Iterator[Callable[..., None]]:
    """A progress bar on stderr, done/total with elapsed time and ETA; yields
    `advance(done, total, *_)`, the shape of the media and demo progress callbacks."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    clocks = (TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, *clocks, console=err_console, transient=transient) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int, *_: object) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
