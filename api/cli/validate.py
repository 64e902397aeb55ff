"""`airclass validate PATH...`: check lecture files against a media profile (C4, L1, L3, B1).

Exit 0 when every file passes (warnings allowed), 1 when any fails, 2 when any could not be
read. `--json` prints one object per file on stdout; the table and progress go to stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Literal

import typer
from airclass.api.cli.bench_media import bench_media
from airclass.api.cli.common import (
    JsonOption,
    LangOption,
    counting_bar,
    err_console,
    language,
    print_json,
    settings,
)
from airclass.config import DEMO_CONFIG, load_world
from airclass.config.errors import ExitCode
from airclass.config.i18n import t
from airclass.config.profiles import DEFAULT_PROFILE, load_profile, profile_names
from airclass.media import (
    Depth,
    FileReport,
    ProgressCallback,
    Verdict,
    validate_paths,
)
from airclass.media.gate import lesson_stages
from airclass.media.html_report import render_html
from rich.table import Table

Stage = Literal["primary", "junior", "senior"]
_STYLE = {"pass": "green", "warn": "yellow", "fail": "red", "error": "bold red"}


def validate(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to check.")],
    profile: Annotated[
        str, typer.Option("--profile", help=f"Media profile: {', '.join(profile_names())}.")
    ] = DEFAULT_PROFILE,
    stage: Annotated[
        Stage | None,
        typer.Option(
            "--stage",
            help="School stage whose length window applies (L3); default: a lesson file's "
            "own grade's stage, from the config's curricula",
        ),
    ] = None,
    config: Annotated[
        Path,
        typer.Option(
            "--config", help="Config directory: policy.toml's windows, the lessons' files."
        ),
    ] = DEMO_CONFIG,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Files checked side by side.")] = 1,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write an HTML report with thumbnails.")
    ] = None,
    metadata_only: Annotated[
        bool, typer.Option("--metadata-only", help="Only read metadata; skip the decode passes.")
    ] = False,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Check lecture files: streams, decode, picture, sound, loudness, length, adverts."""
    lang = language(lang)
    chosen = load_profile(profile)
    reports = _run_with_progress(
        paths,
        lambda on_progress: validate_paths(
            paths,
            profile=chosen,
            stage=stage,
            config_dir=config,
            stage_of=None if stage else _lesson_stages(config),
            jobs=jobs,
            lang=lang,
            depth=Depth.METADATA if metadata_only else Depth.FULL,
            timeout=settings().media_timeout_seconds,
            on_progress=on_progress,
        ),
        lang=lang,
    )
    if as_json:
        print_json([r.to_json() for r in reports])
    else:
        err_console.print(_table(reports, lang=lang, profile=chosen.name))
    if html is not None:
        width = chosen.analysis.thumbnail_width
        html.write_text(render_html(reports, lang=lang, thumbnail_width=width), encoding="utf-8")
        err_console.print(t("media.cli.html_written", lang, path=html))
    raise typer.Exit(int(exit_code(reports)))


def _lesson_stages(config: Path) -> Callable[[Path], Stage | None] | None:
    """Each lesson file's own stage (L3), when `config` is a whole config directory."""
    if not (config / "channels.toml").is_file():
        return None  # a directory with only policy.toml: no lessons to know files by
    stages = lesson_stages(load_world(config), settings().media_root)
    return lambda path: stages.get(path.resolve())


def exit_code(reports: Sequence[FileReport]) -> ExitCode:
    verdicts = {r.verdict for r in reports}
    if Verdict.ERROR in verdicts:
        return ExitCode.BAD_INPUT
    if Verdict.FAIL in verdicts:
        return ExitCode.CHECKS_FAILED
    return ExitCode.OK


def _run_with_progress(
    paths: Sequence[Path],
    work: Callable[[ProgressCallback | None], list[FileReport]],
    *,
    lang: str,
) -> list[FileReport]:
    """Run `work(on_progress)` under a progress bar on stderr (left out for a single file)."""
    if len(paths) == 1 and not paths[0].is_dir():
        return work(None)
    with counting_bar(t("media.cli.progress", lang), transient=True) as advance:
        return work(advance)


def _table(reports: Sequence[FileReport], *, lang: str, profile: str) -> Table:
    table = Table(title=t("media.cli.title", lang, profile=profile), show_lines=True)
    for key in ("file", "verdict", "length", "findings"):
        table.add_column(t(f"media.cli.{key}", lang))
    for report in reports:
        verdict = report.verdict.value
        lines = [
            " ".join(
                filter(None, (f"[{_STYLE[f.severity.value]}]{f.code}[/]", f.timecode, f.message))
            )
            for f in report.findings
        ]
        table.add_row(
            report.path,
            f"[{_STYLE[verdict]}]{verdict}[/]",
            str(report.duration_frames or "-"),
            "\n".join(lines) or "-",
        )
    return table


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command()(validate)
    bench.command("media")(bench_media)
