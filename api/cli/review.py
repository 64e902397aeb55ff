"""`airclass review sign|status`: the multi-level content review (C5) of each lesson's file.

A sign-off names the file's checksum, so a changed file needs validating and reviewing again.
`status` asks the one gate (media.gate) and names, per lesson, the reason it may not air.

Who signs: the staff API records the holder of the bearer token; this command runs with the
database's own access, so it records the person named by `--as`, and marks the sign-off as
made without a token. Either way one person signs at most one level of an asset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from airclass.api.cli.common import (
    JsonOption,
    LangOption,
    database_session,
    err_console,
    language,
    print_json,
    settings,
)
from airclass.config import World, load_world
from airclass.config.i18n import t
from airclass.media.catalogue import Decision, current_checksum, record_review, review_state
from airclass.media.catalogue_errors import MissingMediaError, UnknownAssetError
from airclass.media.gate import AssetStatus, catalogue_status
from rich.table import Table

review_app = typer.Typer(
    help="Content review (C5) and the catalogue's status.", no_args_is_help=True
)

ConfigOption = Annotated[
    Path, typer.Option("--config", help="Config directory, e.g. config/demo", show_default=False)
]


@review_app.command("sign")
def sign(
    asset_id: Annotated[
        str, typer.Argument(help="Asset id of the lesson's file, e.g. g03-yuwen-001")
    ],
    reviewer: Annotated[
        str,
        typer.Option(
            "--as",
            help="The person signing, recorded with the sign-off (one level per asset)",
            show_default=False,
        ),
    ],
    level: Annotated[
        str, typer.Option("--level", help="Review level id (policy.toml, review table)")
    ],
    config: ConfigOption,
    approve: Annotated[
        bool | None, typer.Option("--approve/--reject", help="The decision", show_default=False)
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Why, for the record")] = "",
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a decision about ASSET_ID's current file at one level, as the --as person."""
    lang = language(lang)
    if approve is None:
        raise typer.BadParameter("give --approve or --reject", param_hint="--approve/--reject")
    if not reviewer.strip():
        raise typer.BadParameter("name the person signing", param_hint="--as")
    world = load_world(config)
    path = _media_file(world, asset_id, config)
    decision = Decision.APPROVED if approve else Decision.REJECTED
    levels = world.policy.review.level_ids
    with database_session() as session:
        checksum = current_checksum(session, path)
        record_review(
            session,
            asset_id=asset_id,
            checksum=checksum,
            reviewer=reviewer,
            level=level,
            decision=decision,
            note=note,
            levels=levels,
        )
        state = review_state(session, checksum, levels)
    if as_json:
        print_json(
            {"asset": asset_id, "checksum": checksum, "level": level, "reviewer": reviewer}
            | {"decision": decision.value, "review": state.value}
        )
        return
    err_console.print(
        t(
            "catalogue.signed",
            lang,
            reviewer=reviewer,
            level=level,
            decision=t(f"catalogue.decision.{decision.value}", lang),
            asset=asset_id,
            checksum=checksum[:12],
            state=t(f"catalogue.state.{state.value}", lang),
        ),
        highlight=False,
    )


def _media_file(world: World, asset_id: str, config: Path) -> Path:
    asset = world.assets.get(asset_id)
    if asset is None:
        raise UnknownAssetError(asset_id, config)
    path = settings().media_root / asset.path
    if not path.is_file():
        raise MissingMediaError(asset_id, path)
    return path


@review_app.command("status")
def status(config: ConfigOption, lang: LangOption = None, as_json: JsonOption = False) -> None:
    """List every lesson's file: validation verdict, review state, and whether it may air."""
    lang = language(lang)
    world = load_world(config)
    with database_session() as session:
        rows = catalogue_status(session, world, settings().media_root)
    if as_json:
        print_json([_as_json(row, lang) for row in rows])
        return
    err_console.print(_table(rows, lang))


def _as_json(row: AssetStatus, lang: str) -> dict[str, Any]:
    return {
        "lesson": row.lesson_id,
        "grade": row.grade,
        "asset": row.asset_id,
        "path": str(row.path),
        "checksum": row.checksum,
        "verdict": row.verdict,
        "duration_frames": row.duration_frames,
        "review": row.review.value,
        "levels": {k: None if v is None else v.value for k, v in row.levels.items()},
        "schedulable": row.is_schedulable,
        "hold": None
        if row.hold is None
        else {**row.hold.to_json(), "message": row.hold.message(lang)},
    }


def _table(rows: list[AssetStatus], lang: str) -> Table:
    airable = sum(row.is_schedulable for row in rows)
    table = Table(title=t("catalogue.status_title", lang, schedulable=airable, total=len(rows)))
    table.add_column(t("catalogue.col_lesson", lang), no_wrap=True)
    for key in ("verdict", "frames", "review", "airable"):
        table.add_column(t(f"catalogue.col_{key}", lang))
    for row in rows:
        lesson = row.lesson_id
        name = lesson if lesson == row.asset_id else f"{lesson} ({row.asset_id})"
        frames = "—" if row.duration_frames is None else str(row.duration_frames)
        table.add_row(name, row.verdict or "—", frames, _review(row, lang), _airable(row, lang))
    return table


def _review(row: AssetStatus, lang: str) -> str:
    """State and how many levels approved, e.g. 'pending 2/3'."""
    approved = sum(d is Decision.APPROVED for d in row.levels.values())
    return f"{t(f'catalogue.state.{row.review.value}', lang)} {approved}/{len(row.levels)}"


def _airable(row: AssetStatus, lang: str) -> str:
    return t("catalogue.yes", lang) if row.hold is None else row.hold.message(lang)


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
