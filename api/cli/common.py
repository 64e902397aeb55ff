"""What every CLI command shares: options, the stderr console, JSON output, language."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from config.settings import Language, Settings

err_console = Console(stderr=True)
"""Diagnostics and progress go to stderr; stdout is for data."""

LangOption = Annotated[
    Language | None,
    typer.Option("--lang", help="Language of messages: zh or en (default: AIRCLASS_LANG or zh)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def settings() -> Settings:
    return Settings()


def language(lang: Language | None) -> Language:
    return lang or settings().lang


def print_json(data: Any) -> None:
    """Deterministic JSON on stdout: sorted keys, UTF-8, no NaN."""
    sys.stdout.write(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False)
    )
    sys.stdout.write("\n")
