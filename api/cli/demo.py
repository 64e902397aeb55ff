"""`airclass demo`: the main job end to end on the embedded default.

Build the demo province's media → validate what is new or changed, under each channel's
acceptance profile at the lesson's stage window → sign the reviews as demo-reviews.toml's
people, one per level (C5) → plan next week with CP-SAT → write the playout exports → publish.
Everything lives under AIRCLASS_HOME (default `.airclass/`); a second run reuses the media
and the catalogue, so it only plans and publishes again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer
from airclass.api.cli.common import (
    JsonOption,
    LangOption,
    counting_bar,
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
from airclass.config.loader import load_demo_reviews
from airclass.config.schema.common import StageName
from airclass.config.schema.demo_reviews import DemoReviews
from airclass.media import FileReport, validate_paths
from airclass.media.catalogue import (
    Decision,
    current_checksum,
    level_decisions,
    record_review,
    record_validation,
)
from airclass.media.gate import (
    channel_sources_needing_validation,
    needs_validation,
    planning_inputs,
)
from airclass.media.synthesize import build_demo_media
from airclass.playout.export import export_week
from airclass.solver.plan import Plan
from airclass.solver.planner import plan_week
from sqlalchemy import Engine
from sqlalchemy.orm import Session

CPUS = os.cpu_count() or 2


def next_monday(today: dt.date) -> dt.date:
    """The Monday after `today` (a Monday gives the following week)."""
    return today + dt.timedelta(days=7 - today.weekday())


def _world_covering(world: World, monday: dt.date, lang: str) -> World:
    """The world with its term moved, if need be, so that the week of `monday` is a full teaching
    week: the demo plans a filled week whatever the date it runs on, and says so."""
    term = world.term.covering(monday)
    if term is world.term:
        return world
    weeks = (term.term_start - world.term.term_start).days // 7
    start, end = world.term.term_start, world.term.term_end
    err_console.print(t("demo.term_moved", lang, start=start, end=end, week=monday, weeks=weeks))
    return dataclasses.replace(world, term=term)


def _validate_new_files(
    engine: Engine, world: World, media_root: Path, jobs: int, lang: str
) -> int:
    """Validate files not yet judged at their current checksum under the acceptance profile of
    a channel that airs them: lectures at their lesson's stage window (L3), channel clips and
    fixed programmes without one, so the week's pre-air check finds every source judged.

    Each verdict is stored in its own transaction, so an interrupted demo keeps its work.
    """
    with session_scope(engine) as session:
        lectures = needs_validation(session, world, media_root)
        clips = channel_sources_needing_validation(session, world, media_root)
    batches: list[tuple[str, StageName | None, list[str]]] = [
        (accepted.profile, accepted.stage, ids) for accepted, ids in lectures.items()
    ] + [(profile, None, ids) for profile, ids in clips.items()]
    total = sum(len(ids) for *_, ids in batches)
    with counting_bar(t("demo.validate", lang), transient=False) as advance:
        done = 0
        advance(done, total)
        for profile, stage, asset_ids in batches:

            def record(n: int, _total: int, report: FileReport, ids: list[str] = asset_ids) -> None:
                nonlocal done
                with session_scope(engine) as session:
                    record_validation(session, report, asset_id=ids[n - 1])
                done += 1
                advance(done, total)

            validate_paths(
                [media_root / world.assets[a].path for a in asset_ids],
                profile=profile,
                stage=stage,
                config_dir=world.root,
                jobs=jobs,
                lang=lang,
                on_progress=record,
            )
    return total


def sign_demo_reviews(
    session: Session, world: World, media_root: Path, reviews: DemoReviews | None
) -> int:
    """Sign every lesson's file at each review level in order, as that level's demo person,
    stopping where demo-reviews.toml holds the lesson (pending, or rejected); returns the
    sign-offs made. Without demo-reviews.toml each level's person is `demo-<level>`."""
    levels = world.policy.review.level_ids
    people = reviews.reviewers if reviews else {level: f"demo-{level}" for level in levels}
    held = {h.asset: h for h in reviews.held} if reviews else {}
    made = 0
    for ref in world.lessons():
        path = media_root / world.assets[ref.lesson.asset].path
        if not path.is_file():
            continue
        checksum = current_checksum(session, path)
        decided = level_decisions(session, checksum, levels)
        stop = held.get(ref.lesson.asset)
        for level in levels:
            if stop is not None and level == stop.level and stop.decision == "pending":
                break
            decision = Decision.REJECTED if stop is not None and level == stop.level else None
            if decided[level] is None:
                record_review(
                    session, asset_id=ref.lesson.asset, checksum=checksum,
                    reviewer=people[level], level=level,
                    decision=decision or Decision.APPROVED,
                    note=stop.note if decision and stop else "demo", levels=levels,
                )  # fmt: skip
                made += 1
            if decision is not None:
                break
    return made


def demo(
    config_dir: Annotated[
        Path, typer.Option("--config", help="Config directory (default: the demo province).")
    ] = DEMO_CONFIG,
    week: Annotated[
        dt.datetime | None,
        typer.Option("--week", formats=["%Y-%m-%d"], help="Monday to plan (default: next Monday)."),
    ] = None,
    today: Annotated[
        dt.datetime | None,
        typer.Option(
            "--today", formats=["%Y-%m-%d"], help="Run as if today were this date (default: today)."
        ),
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
    monday = week.date() if week else next_monday(today.date() if today else dt.date.today())
    world = _world_covering(load_world(config_dir), monday, lang)
    load_demo_reviews(world)  # a bad demo-reviews.toml stops the demo before any work
    media_root = config.media_root
    out_dir = config.home / "plans" / monday.isoformat()
    with migrated_engine() as engine:
        with counting_bar(t("demo.media", lang), transient=False) as advance:
            built = build_demo_media(world, media_root, jobs=jobs, on_progress=advance)
        validated = _validate_new_files(engine, world, media_root, jobs, lang)
        with session_scope(engine) as session:
            signed = sign_demo_reviews(session, world, media_root, load_demo_reviews(world))
            durations, held = planning_inputs(session, world, media_root)
        err_console.print(t("demo.planning", lang, week=monday, lessons=len(durations)))
        with solving(lang, world, time_limit):
            plan: Plan = plan_week(
                world,
                monday,
                durations,
                aired_before=aired_before(config.home, monday),
                time_limit=time_limit,
                holds=held,
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
