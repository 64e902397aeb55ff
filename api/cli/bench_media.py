"""`airclass bench media`: validation speed against ffmpeg's own decode, side by side."""

from __future__ import annotations

from typing import Annotated

import typer
from airclass.api.cli.common import JsonOption, err_console, print_json, settings
from airclass.media.bench import run_bench
from rich.table import Table

_GOALS = {"ratio": "≤ 1.3", "metadata_seconds": "≤ 0.3 s"}


def bench_media(
    as_json: JsonOption = False,
    rounds: Annotated[int, typer.Option("--rounds", min=1, help="Best of this many timings.")] = 2,
    preview: Annotated[
        bool, typer.Option("--preview/--no-preview", help="Also time a 20-minute demo lecture.")
    ] = True,
) -> None:
    """Generate a 1080p25 H.264 file and time full validation, metadata checks and --jobs."""
    folder = settings().home / "bench"
    with err_console.status("bench media …"):
        figures = run_bench(folder, rounds=rounds, preview=preview).to_json()
    if as_json:
        print_json(figures)
        return
    table = Table(title="airclass bench media")
    for column in ("figure", "value", "goal"):
        table.add_column(column)
    for name, value in figures.items():
        table.add_row(name, "-" if value is None else f"{value:g}", _GOALS.get(name, ""))
    err_console.print(table)
