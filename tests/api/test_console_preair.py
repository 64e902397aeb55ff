"""The week header's pre-air check over the real app (SQLite, and PostgreSQL when set): a tiny
config with real media, a real CP-SAT plan stored as a draft, the catalogue deciding."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from airclass.api.db import versions
from airclass.api.db.auth_models import Role
from airclass.config import World, load_world
from airclass.config.database import session_scope
from airclass.config.settings import Settings
from airclass.media.catalogue import file_checksum, record_review, record_validation
from airclass.media.gate import acceptance
from airclass.media.synthesize import build_demo_media
from airclass.solver.planner import plan_week
from fastapi.testclient import TestClient
from lxml import html
from sqlalchemy import Engine

from tests.api.test_console import sign_in
from tests.utils.media_probe import validator_report
from tests.utils.tiny_catalogue_world import write_tiny_config

WEEK = dt.date(2026, 11, 30)
PEOPLE = {"political": "周老师", "scientific": "陈老师", "technical": "王工"}


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(config folder, media folder): two 2-second lectures and a 1-minute slate, built once."""
    root = tmp_path_factory.mktemp("preair")
    world = write_tiny_config(
        root / "tiny",
        {"t-001": 2.0, "t-002": 2.4},
        primary_window=(1.0, 5.0),
        domain_minimums=False,
        slate=True,
        slate_seconds=60,
    )
    build_demo_media(world, root / "media")
    return world.root, root / "media"


def _sign_all(engine: Engine, world: World, media_root: Path, asset: str) -> None:
    checksum = file_checksum(media_root / world.assets[asset].path)
    with session_scope(engine) as session:
        for level, person in PEOPLE.items():
            record_review(
                session, asset_id=asset, checksum=checksum, reviewer=person, level=level,
                decision="approved", levels=world.policy.review.level_ids,
            )  # fmt: skip


@pytest.fixture
def draft(engine: Engine, app_settings: Settings, media: tuple[Path, Path]) -> tuple[World, int]:
    """Both lectures validated, only t-001 signed; a plan that airs both, stored as a draft."""
    folder, built = media
    shutil.copytree(folder, app_settings.home / "configs" / "tiny")
    shutil.copytree(built, app_settings.media_root, dirs_exist_ok=True)
    world = load_world(app_settings.home / "configs" / "tiny")
    window = acceptance(world.policy, "preview", "primary").window
    frames: dict[str, int] = {}
    with session_scope(engine) as session:
        for asset in world.assets.values():
            path = app_settings.media_root / asset.path
            report = validator_report(path, "pass", window)
            frames[asset.id] = report["duration_frames"]
            record_validation(
                session, report, checksum=file_checksum(path), asset_id=asset.id, profile="preview"
            )
    _sign_all(engine, world, app_settings.media_root, "t-001")
    lectures = {r.lesson.asset: frames[r.lesson.asset] for r in world.lessons()}
    plan = plan_week(world, WEEK, lectures, time_limit=5)  # both, as if the gate had let t-002 by
    assert {a.asset for a in plan.airings} == {"t-001", "t-002"}
    with session_scope(engine) as session:
        version = versions.save_draft(session, plan, channels=world.channels)
    return world, version


def _header(client: TestClient, version: int, lang: str = "en") -> str:
    page = client.get(f"/console/week/{WEEK}?version={version}&lang={lang}")
    assert page.status_code == 200
    return html.fromstring(page.content).find(".//section[@class='header']").text_content()


def test_header_shows_the_pre_air_result_of_the_version_on_view(
    client: TestClient, engine: Engine, app_settings: Settings, draft: tuple[World, int]
) -> None:
    world, version = draft
    sign_in(client, engine, Role.SCHEDULER, "排班员")
    header = " ".join(_header(client, version).split())
    assert "Pre-air check" in header and "Failed." in header, header
    assert "Pre-air check found 1 problem(s)." in header
    # the first problem names the held lecture by its media-relative path, and why
    assert f"{world.assets['t-002'].path}: may not air on tiny.airclass" in header, header
    assert "review pending at level political" in header
    assert str(app_settings.media_root) not in header  # no server folders on the page
    assert "Checked 2026-11-25 04:00:00 UTC" in header  # the tests' clock

    _sign_all(engine, world, app_settings.media_root, "t-002")
    header = " ".join(_header(client, version).split())
    assert "Passed. (3 sources, 7 channel-days, 0 warnings)" in header, header
    zh = "".join(_header(client, version, "zh").split())
    assert "通过。（3个素材，7个频道日，0条提醒）" in zh, zh
