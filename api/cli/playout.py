"""`airclass playout verify` and `airclass playout check`.

verify FILE.ffconcat [--from HH:MM --to HH:MM]: render the stretch through ffmpeg's concat
       demuxer to MPEG-TS and check every item starts on its planned frame (exit 0/1).
check  DIR --config CONFIG_DIR [--media DIR]: pre-air check of every source of the week's
       ffplayout playlists under DIR (exit 0/1).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
from airclass.config import World, load_world
from airclass.config.binaries import ffmpeg, ffprobe
from airclass.config.errors import ExitCode
from airclass.config.i18n import t
from airclass.config.schema.common import ClockMinutes
from airclass.config.timecode import timecode
from airclass.playout.precheck import (
    Clearance,
    Measure,
    catalogue_clearance,
    catalogue_measure,
    check_week,
    probe_measure,
)
from airclass.playout.verify import Tools, verify_script
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import OperationalError

playout_app = typer.Typer(help="Playout: verify renders, pre-air checks.", no_args_is_help=True)
_CLOCK = TypeAdapter(ClockMinutes)


def _minutes(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    try:
        return _CLOCK.validate_python(text)
    except ValidationError:
        raise typer.BadParameter(f"expected HH:MM, got {text!r}", param_hint=option) from None


def _tools() -> Tools:
    return Tools(ffmpeg(), ffprobe(), timeout=settings().media_timeout_seconds)


@playout_app.command("verify")
def verify(
    script: Annotated[
        Path, typer.Argument(help="DIR/ffconcat/<channel>/<day>.ffconcat", exists=True)
    ],
    start: Annotated[str | None, typer.Option("--from", help="Local start, HH:MM")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Local end, HH:MM")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Keep the MPEG-TS here")] = None,
    encode: Annotated[
        bool, typer.Option("--encode", help="Encode small instead of stream copy (timing only)")
    ] = False,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Render a stretch of a channel-day to MPEG-TS and check it frame by frame."""
    lang = language(lang)
    report = verify_script(
        script,
        _tools(),
        start_minutes=_minutes(start, "--from"),
        end_minutes=_minutes(end, "--to"),
        output=out,
        encode=encode,
    )
    problems = [p.message(lang) for p in report.problems]
    if as_json:
        print_json(
            {
                "ok": report.is_ok,
                "items": report.items,
                "planned_frames": report.planned_frames,
                "rendered_frames": report.rendered_frames,
                "mode": report.mode.value,
                "probe": report.probe,
                "problems": problems,
            }
        )
    elif report.is_ok:
        length = timecode(report.planned_frames, report.rate)
        err_console.print(
            t(
                "playout.verify.ok",
                lang,
                items=report.items,
                frames=report.planned_frames,
                timecode=length,
            )
        )
    else:
        err_console.print(t("playout.verify.failed", lang, count=len(problems)), highlight=False)
        for problem in problems:
            err_console.print(f"  - {problem}", highlight=False)
    raise typer.Exit(int(ExitCode.OK if report.is_ok else ExitCode.CHECKS_FAILED))


@contextmanager
def _measure(world: World, use_catalogue: bool) -> Iterator[tuple[Measure, Clearance | None]]:
    """Lengths and the gate from the catalogue, else lengths by ffprobe and no gate."""
    probe = probe_measure(ffprobe(), timeout=settings().media_timeout_seconds)
    if not use_catalogue:
        yield probe, None
        return
    from airclass.config.database import session_scope

    engine = _catalogue_engine()
    try:
        with session_scope(engine) as session:
            yield catalogue_measure(session, probe), catalogue_clearance(session, world)
    finally:
        engine.dispose()


def _catalogue_engine() -> Engine:
    """The catalogue's database; without one yet (a fresh machine), an empty catalogue in
    memory, so every source is reported as never validated rather than waved through."""
    from airclass.config.database import make_engine
    from airclass.media.catalogue import ensure_schema

    engine = make_engine(settings().database_url)
    try:
        if inspect(engine).has_table("asset_validation"):
            return engine
    except OperationalError:
        pass
    engine.dispose()
    engine = make_engine("sqlite://")
    ensure_schema(engine)
    return engine


@playout_app.command("check")
def check(
    directory: Annotated[Path, typer.Argument(help="Export folder with ffplayout/…", exists=True)],
    config: Annotated[Path, typer.Option("--config", help="Config directory")],
    media: Annotated[Path | None, typer.Option("--media", help="Media folder to check")] = None,
    catalogue: Annotated[
        bool,
        typer.Option(
            "--catalogue/--no-catalogue",
            help="Check each source against the catalogue's gate (validation under the "
            "channel's acceptance profile, reviews); --no-catalogue checks lengths only",
        ),
    ] = True,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Pre-air check: every source exists, may air (the catalogue's gate), and covers its
    playlist items."""
    lang = language(lang)
    world = load_world(config)
    with _measure(world, catalogue) as (measure, clearance):
        report = check_week(directory, world, measure, media_root=media, clearance=clearance)
    problems = [p.message(lang) for p in report.problems if not p.is_warning]
    warnings = [p.message(lang) for p in report.problems if p.is_warning]
    if as_json:
        print_json(
            {
                "ok": report.is_ok,
                "sources": report.sources,
                "days": report.days,
                "problems": problems,
                "warnings": warnings,
            }
        )
    else:
        _print_check(report.sources, report.days, problems, warnings, lang)
    raise typer.Exit(int(ExitCode.OK if report.is_ok else ExitCode.CHECKS_FAILED))


def _print_check(
    sources: int, days: int, problems: list[str], warnings: list[str], lang: str
) -> None:
    if problems:
        err_console.print(t("playout.check.failed", lang, count=len(problems)), highlight=False)
    else:
        err_console.print(t("playout.check.ok", lang, sources=sources, days=days))
    for line in problems:
        err_console.print(f"  - {line}", highlight=False)
    for line in warnings:
        err_console.print(f"  ! {line}", style="yellow", highlight=False)


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.add_typer(playout_app, name="playout")
