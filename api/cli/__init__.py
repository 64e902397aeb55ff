"""The `airclass` command: one module per command group, joined here.

Errors derived from AirclassError are printed once, without a traceback, and set the exit
code (0 ok, 1 checks failed, 2 bad input or usage).
"""

from __future__ import annotations

import logging
import sys

import typer
from airclass.api.cli import (
    bench_api,
    config_cmd,
    demo,
    doctor,
    plan,
    playout,
    publish,
    review,
    serve,
    token,
    validate,
)
from airclass.api.cli.common import LangOption, err_console, lang_before_command, settings
from airclass.config.errors import AirclassError, ExitCode
from airclass.config.i18n import t

from airclass import __version__

app = typer.Typer(
    name="airclass",
    help="Broadcast planner for educational TV (空中课堂).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)
bench = typer.Typer(help="Benchmarks: media, solver, api.", no_args_is_help=True)
app.add_typer(bench, name="bench")

for module in (
    doctor,
    config_cmd,
    demo,
    token,
    review,
    plan,
    publish,
    serve,
    playout,
    bench_api,
    validate,
):
    module.register(app, bench)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"airclass {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show debug logs and tracebacks."),
    lang: LangOption = None,
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version."
    ),
) -> None:
    lang_before_command.set(lang)
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def run(argv: list[str]) -> int:
    """Run the CLI on `argv`; our errors become a message on stderr and an exit code."""
    debug = "--debug" in argv
    lang_before_command.set(None)  # the root callback sets it again; nothing carries over
    lang = settings().lang
    if "--lang" in argv[:-1]:
        lang = argv[argv.index("--lang") + 1]  # type: ignore[assignment]
    try:
        # Without standalone mode click returns a typer.Exit's code instead of raising it.
        code = app(args=argv, prog_name="airclass", standalone_mode=False)
    except AirclassError as exc:
        if debug:
            raise
        err_console.print(
            f"[bold red]{t('cli.error', lang)}:[/] {exc.message(lang)}", highlight=False
        )
        return int(exc.exit_code)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        return 130
    except typer.TyperException as exc:  # usage errors: unknown command, bad option value
        show = getattr(exc, "show", None)
        show() if show else err_console.print(exc.format_message())
        return int(ExitCode.BAD_INPUT)
    except Exception as exc:
        if debug:
            raise
        err_console.print(t("cli.unexpected", lang, error=f"{type(exc).__name__}: {exc}"))
        return 70
    return code if isinstance(code, int) else int(ExitCode.OK)


def main() -> None:
    sys.exit(run(sys.argv[1:]))
