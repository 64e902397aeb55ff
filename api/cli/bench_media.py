"""`airclass bench media`: validation speed against ffmpeg's own decode, side by side."""

from __future__ import annotations

from typing import Annotated

import typer
from airclass.api.cli.common import JsonOption, err_console, print_json, settings
from airclass.media.bench import GOALS, run_bench
from rich.table import Table


def bench_media(
    as_json: JsonOption = False,
    rounds: Annotated[int, typer.Option("--rounds", min=1, help="Best of this many timings.")] = 2,
) -> None:
    """Time full validation against a plain decode on a 22-minute demo-like lecture and a
    16-minute 1080p25 one, the metadata check, and files per minute with --jobs 1 and 2."""
    folder = settings().home / "bench"
    with err_console.status("bench media …"):
        figures = run_bench(folder, rounds=rounds).to_json()
    if as_json:
        print_json(figures)
        return
    table = Table(title="airclass bench media")
    for column in ("figure", "value", "goal"):
        table.add_column(column)
    for name, value in figures.items():
        goal = GOALS.get(name)
        shown = value if isinstance(value, str) else f"{value:g}"
        table.add_row(name, shown, f"≤ {goal:g}" if goal is not None else "")
    err_console.print(table)
