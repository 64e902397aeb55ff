"""`airclass config check DIR`: load a config directory and print a summary or every problem."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from airclass.api.cli.common import JsonOption, LangOption, err_console, language, print_json
from airclass.config import ConfigError, load_world
from airclass.config.i18n import t

config_app = typer.Typer(help="Inspect config directories.", no_args_is_help=True)


@config_app.command("check")
def check(
    directory: Annotated[Path, typer.Argument(help="Config directory, e.g. config/demo")],
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Load DIR; print a summary, or every problem with file, field and line (exit 2)."""
    lang = language(lang)
    try:
        world = load_world(directory)
    except ConfigError as exc:
        if as_json:
            print_json({"ok": False, "problems": [p.__dict__ for p in exc.problems]})
        raise
    summary = {
        "channels": len(world.channels),
        "grades": len(world.curricula),
        "lessons": sum(1 for _ in world.lessons()),
        "assets": len(world.assets),
    }
    if as_json:
        print_json({"ok": True, **summary})
    else:
        err_console.print(t("config.ok", lang, **summary))


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
