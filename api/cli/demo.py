"""`airclass demo`: the main job end to end on the embedded default.

Build the demo province's media → validate what is new or changed → record the reviews the
curricula declare (C5) → plan next week with CP-SAT → write the playout exports → publish.
Everything lives under AIRCLASS_HOME (default `.airclass/`); a second run reuses the media
and the catalogue, so it only plans and publishes again.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from airclass.api.cli.common import (
    JsonOption,
    LangOption,
    err_console,
    language,
    migrated_engine,
    settings,
)
from airclass.api.cli.plan import aired_before, report_plan, solving
from airclass.api.db import versions
from airclass.config import DEMO_CONFIG, World, load_world
from airclass.config.database import session_scope
from airclass.config.i18n import t
from airclass.config.schema.assets import AssetKind
from airclass.media import FileReport, validate_paths
from airclass.media.catalogue import (
    adopt_curriculum_reviews,
    needs_validation,
    record_validation,
    schedulable_durations,
)
from airclass.media.synthesize import build_demo_media
from airclass.playout.export import export_week
from airclass.solver.plan import Plan
from airclass.solver.planner import plan_week
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy import Engine

DEMO_PROFILE = "preview"
"""The demo's files are small previews (160×90); broadcast profiles are for real lectures."""
DEMO_REVIEWER = "demo-curriculum"
CPUS = os.cpu_count() or 2


def next_monday(today: dt.date) -> dt.date:
    """The Monday after `today` (a Monday gives the following week)."""
    return today + dt.timedelta(days=7 - today.weekday())


@contextmanager
def _bar(label: str) -> Iterator[Any]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    clocks = (TimeElapsedColumn(), TimeRemainingColumn())  # elapsed, then ETA
    with Progress(*columns, *clocks, console=err_console, transient=False) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int, *_: object) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _validate_new_files(
    engine: Engine, world: World, media_root: Path, jobs: int, lang: str
) -> int:
    """Validate files not yet judged at their current checksum, lectures by their stage's window.

    Each verdict is stored in its own transaction, so an interrupted demo keeps its work.
    """
    with session_scope(engine) as session:
        todo = needs_validation(session, world, media_root)
    by_stage: dict[str | None, list[str]] = {}
    grades = {ref.lesson.asset: ref.grade for ref in world.lessons()}
    for asset_id in todo:
        asset = world.assets[asset_id]
        stage = world.stage_of(grades[asset_id]) if asset.kind is AssetKind.LECTURE else None
        by_stage.setdefault(stage, []).append(asset_id)
    with _bar(t("demo.validate", lang)) as advance:
        done = 0
        advance(done, len(todo))
        for stage, asset_ids in by_stage.items():

            def record(n: int, _total: int, report: FileReport, ids: list[str] = asset_ids) -> None:
                nonlocal done
                with session_scope(engine) as session:
                    record_validation(session, report, asset_id=ids[n - 1], profile=DEMO_PROFILE)
                done += 1
                advance(done, len(todo))

            validate_paths(
                [media_root / world.assets[a].path for a in asset_ids],
                profile=DEMO_PROFILE,
                stage=stage,  # type: ignore[arg-type]
                config_dir=world.root,
                jobs=jobs,
                lang=lang,
                on_progress=record,
            )
    return len(todo)


def demo(
    config_dir: Annotated[
        Path, typer.Option("--config", help="Config directory (default: the demo province).")
    ] = DEMO_CONFIG,
    week: Annotated[
        dt.datetime | None,
        typer.Option("--week", formats=["%Y-%m-%d"], help="Monday to plan (default: next Monday)."),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            min=1,
            help="Parallel ffmpeg jobs (default: one per core; demo files are"
            " small, so each decodes on one thread).",
        ),
    ] = CPUS,
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", help="CP-SAT seconds (default: policy).")
    ] = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Build demo media, validate, review, plan next week, export playout files and publish."""
    lang = language(lang)
    config = settings()
    monday = week.date() if week else next_monday(dt.date.today())
    world = load_world(config_dir)
    media_root = config.media_root
    out_dir = config.home / "plans" / monday.isoformat()
    with migrated_engine() as engine:
        with _bar(t("demo.media", lang)) as advance:
            built = build_demo_media(world, media_root, jobs=jobs, on_progress=advance)
        validated = _validate_new_files(engine, world, media_root, jobs, lang)
        with session_scope(engine) as session:
            signed = adopt_curriculum_reviews(session, world, media_root, reviewer=DEMO_REVIEWER)
            durations = schedulable_durations(session, world, media_root)
        err_console.print(t("demo.planning", lang, week=monday, lessons=len(durations)))
        with solving(lang, world, time_limit):
            plan: Plan = plan_week(
                world,
                monday,
                durations,
                aired_before=aired_before(config.home, monday),
                time_limit=time_limit,
            )
        out_dir.mkdir(parents=True, exist_ok=True)
        plan.write(out_dir / "plan.json")
        exports = export_week(plan, world, out_dir, media_root=media_root)
        with session_scope(engine) as session:
            version = versions.save_draft(session, plan, channels=world.channels)
            versions.publish(session, version)
    summary = {
        "week": monday.isoformat(),
        "media_built": len(built),
        "validated": validated,
        "review_signoffs": signed,
        "schedulable_lessons": len(durations),
        "plan": str(out_dir / "plan.json"),
        "exports": len(exports),
        "published_version": version,
    }
    report_plan(plan, lang, as_json, extra=summary)
    if not as_json:
        err_console.print(t("demo.done", lang, version=version, out=out_dir))


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command()(demo)
