"""`airclass review sign|status` end to end: a tiny config, real media, a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from airclass.api.cli import run
from airclass.api.db.migrate import upgrade
from airclass.config import World
from airclass.config.database import make_engine, session_scope
from airclass.media.catalogue import file_checksum, record_validation
from airclass.media.synthesize import build_demo_media

from tests.utils.media_probe import validator_report
from tests.utils.tiny_catalogue_world import write_tiny_config


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, Path]:
    root = tmp_path_factory.mktemp("review-cli")
    world = write_tiny_config(root / "config", {"t-001": 2.0, "t-002": 2.4})
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
    with session_scope(engine) as session:
        for asset in world.assets.values():
            path = media / asset.path
            report = validator_report(path, "pass")
            record_validation(session, report, checksum=file_checksum(path), asset_id=asset.id)
    engine.dispose()
    return world.root


def _sign(config: Path, level: str, decision: str = "--approve", asset: str = "t-001") -> int:
    argv = ["review", "sign", asset, "--reviewer", "王老师", "--level", level, decision]
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
    assert rows["t-001"]["excluded_because"] == "review_pending"


def test_sign_every_level_makes_lesson_schedulable(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for level in ("subject", "technical", "final"):
        assert _sign(config, level) == 0
    assert "Review state: approved" in capsys.readouterr().err
    rows = _status(config, capsys)
    assert rows["t-001"]["schedulable"] is True
    assert rows["t-001"]["levels"] == {
        "subject": "approved",
        "technical": "approved",
        "final": "approved",
    }
    assert rows["t-002"]["schedulable"] is False


def test_sign_reject_json(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["review", "sign", "t-002", "--reviewer", "李", "--level", "subject", "--reject"]
    assert run([*argv, "--note", "画面有误", "--config", str(config), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["decision"], out["review"], out["asset"]) == ("rejected", "rejected", "t-002")
    assert _status(config, capsys)["t-002"]["excluded_because"] == "review_rejected"


def test_sign_out_of_order_exit_2(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _sign(config, "final") == 2
    err = capsys.readouterr().err
    assert "earlier levels have not approved" in err and "subject, technical" in err


def test_sign_unknown_asset_exit_2(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _sign(config, "subject", asset="t-999") == 2
    assert "t-999" in capsys.readouterr().err


def test_sign_without_decision_is_usage_error(config: Path) -> None:
    assert _sign(config, "subject", decision="--note=x") == 2


def test_status_table_in_chinese(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["review", "status", "--config", str(config), "--lang", "zh"]) == 0
    err = capsys.readouterr().err
    assert "0/2 可排播" in err and "等待审核" in err
