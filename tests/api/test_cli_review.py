"""`airclass review sign|status` end to end: a tiny config, real media, a SQLite file.

A lesson signed at every level by three people through the CLI is what the planner schedules
(C5: one gate); `status` names the one reason each other lesson may not air."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from airclass.api.cli import run
from airclass.api.db.migrate import upgrade
from airclass.config import World
from airclass.config.database import make_engine, session_scope
from airclass.media.catalogue import file_checksum, record_validation
from airclass.media.gate import acceptance
from airclass.media.synthesize import build_demo_media

from tests.utils.media_probe import validator_report
from tests.utils.tiny_catalogue_world import write_tiny_config


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, Path]:
    root = tmp_path_factory.mktemp("review-cli")
    world = write_tiny_config(
        root / "config",
        {"t-001": 2.0, "t-002": 2.4},
        primary_window=(1.0, 5.0),
        domain_minimums=False,
        slate=True,
    )
    build_demo_media(world, root / "media")
    return world, root / "media"


@pytest.fixture
def config(tiny: tuple[World, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny config directory, with the database and media folder set for the CLI."""
    world, media = tiny
    url = f"sqlite:///{tmp_path / 'home' / 'airclass.db'}"
    monkeypatch.setenv("AIRCLASS_DATABASE_URL", url)
    monkeypatch.setenv("AIRCLASS_MEDIA_DIR", str(media))
    monkeypatch.setenv("AIRCLASS_HOME", str(tmp_path / "home"))
    upgrade(url)
    engine = make_engine(url)
    window = acceptance(world.policy, "preview", "primary").window  # the channel's acceptance
    with session_scope(engine) as session:
        for asset in world.assets.values():
            path = media / asset.path
            report = validator_report(path, "pass", window)
            checksum = file_checksum(path)
            record_validation(
                session, report, checksum=checksum, asset_id=asset.id, profile="preview"
            )
    engine.dispose()
    return world.root


PEOPLE = {"political": "周老师", "scientific": "陈老师", "technical": "王工"}


def _sign(
    config: Path,
    level: str,
    decision: str = "--approve",
    asset: str = "t-001",
    person: str | None = None,
) -> int:
    argv = ["review", "sign", asset, "--as", person or PEOPLE[level], "--level", level, decision]
    return run([*argv, "--config", str(config), "--lang", "en"])


def _status(config: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    capsys.readouterr()
    assert run(["review", "status", "--config", str(config), "--json"]) == 0
    return {row["asset"]: row for row in json.loads(capsys.readouterr().out)}


def test_status_lists_validated_lessons_pending_review(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _status(config, capsys)
    assert set(rows) == {"t-001", "t-002"}
    assert rows["t-001"]["verdict"] == "pass" and rows["t-001"]["duration_frames"] == 50
    assert rows["t-001"]["review"] == "pending"
    assert rows["t-001"]["hold"] == {
        "reason": "review_pending",
        "level": "political",
        "profile": None,
        "stage": None,
        "message": "等待 political 级审核",  # the default language
    }


def test_signed_at_every_level_by_three_people_the_lesson_airs(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for level in ("political", "scientific", "technical"):
        assert _sign(config, level) == 0
    assert "Review state: approved" in capsys.readouterr().err
    rows = _status(config, capsys)
    assert rows["t-001"]["schedulable"] is True and rows["t-001"]["hold"] is None
    assert rows["t-001"]["levels"] == {
        "political": "approved",
        "scientific": "approved",
        "technical": "approved",
    }
    assert rows["t-002"]["schedulable"] is False
    # The planner reads the same gate: the signed lesson airs, the unsigned one does not.
    assert run(["plan", str(config), "--week", "2026-11-30", "--out", str(tmp_path / "out"),
                "--time-limit", "5", "--json"]) == 0  # fmt: skip
    planned = json.loads(capsys.readouterr().out)
    aired = {g["grade"]: g["aired_minutes"] for g in planned["grades"]}
    assert aired[3] > 0
    plan = json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8"))
    assert {a["lesson_id"] for a in plan["airings"]} == {"g03-test-001"}


def test_one_person_cannot_sign_two_levels(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _sign(config, "political", person="周老师") == 0
    capsys.readouterr()
    assert _sign(config, "scientific", person="周老师") == 2
    err = capsys.readouterr().err
    assert "周老师 already signed asset t-001 at level political" in err
    assert _status(config, capsys)["t-001"]["hold"]["level"] == "scientific"


def test_sign_reject_json(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["review", "sign", "t-002", "--as", "李", "--level", "political", "--reject"]
    assert run([*argv, "--note", "画面有误", "--config", str(config), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["decision"], out["review"], out["asset"]) == ("rejected", "rejected", "t-002")
    hold = _status(config, capsys)["t-002"]["hold"]
    assert (hold["reason"], hold["level"]) == ("review_rejected", "political")


def test_sign_out_of_order_exit_2(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _sign(config, "technical") == 2
    err = capsys.readouterr().err
    assert "earlier levels have not approved" in err and "political, scientific" in err


def test_sign_unknown_asset_exit_2(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _sign(config, "political", asset="t-999") == 2
    assert "t-999" in capsys.readouterr().err


def test_sign_without_decision_is_usage_error(config: Path) -> None:
    assert _sign(config, "political", decision="--note=x") == 2


def test_sign_without_a_person_is_usage_error(config: Path) -> None:
    argv = ["review", "sign", "t-001", "--level", "political", "--approve"]
    assert run([*argv, "--config", str(config)]) == 2
    assert run([*argv, "--as", " ", "--config", str(config)]) == 2


def test_status_table_in_chinese(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["review", "status", "--config", str(config), "--lang", "zh"]) == 0
    err = capsys.readouterr().err
    assert "0/2 可排播" in err and "等待" in err and "political" in err


def test_validate_judges_a_lesson_file_at_its_own_grades_window(
    config: Path, tiny: tuple[World, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --stage, a file the config's curricula name gets its lesson's stage (L3)."""
    world, media = tiny
    lesson, slate = media / world.assets["t-001"].path, media / world.assets["slate"].path
    argv = ["validate", str(lesson), str(slate), "--config", str(config), "--profile", "preview"]
    capsys.readouterr()
    run([*argv, "--json", "--metadata-only"])
    by_path = {Path(entry["path"]).name: entry for entry in json.loads(capsys.readouterr().out)}
    assert by_path[lesson.name]["stage_window"] == {
        "stage": "primary", "min_frames": 25, "max_frames": 125
    }  # fmt: skip
    assert by_path[slate.name]["stage_window"] is None  # not a lesson: no stage to apply
