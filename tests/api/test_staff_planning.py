"""The staff planning flow over HTTP on a tiny config: review sign-offs, a plan job (real
CP-SAT), publish, the feed, and a replan job after a withdrawn lesson."""

from __future__ import annotations

from pathlib import Path

import pytest
from airclass.api.db import versions
from airclass.api.db.auth_models import Role
from airclass.config.database import session_scope
from airclass.config.settings import Settings
from airclass.media.catalogue import file_checksum, record_validation
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api.staff_tokens import token_issuer
from tests.api.test_jobs import tiny_lecture, wait_for  # noqa: F401  (fixture)
from tests.utils.tiny_catalogue_world import write_tiny_config

LECTURES = {"t-001": 2.0, "t-002": 2.0, "t-003": 2.0}
WEEK = "2026-11-23"


@pytest.fixture
def tiny_config(app_settings: Settings, tiny_lecture: bytes, engine: Engine) -> Path:  # noqa: F811
    """AIRCLASS_HOME/configs/tiny: grade 3's three 2-second lectures, validated as passing."""
    root = app_settings.home / "configs" / "tiny"
    world = write_tiny_config(root, LECTURES, domain_minimums=False)
    with session_scope(engine) as session:
        for asset in world.assets.values():
            path = app_settings.media_root / asset.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(tiny_lecture)
            report = {
                "path": str(path),
                "verdict": "pass",
                "duration_frames": 50,
                "frame_rate": "25",
                "measured": {},
                "findings": [],
            }
            record_validation(session, report, checksum=file_checksum(path), asset_id=asset.id)
    return root


def test_review_plan_publish_replan(client: TestClient, engine: Engine, tiny_config: Path) -> None:
    issue = token_issuer(engine)
    editor, scheduler = issue(Role.EDITOR), issue(Role.SCHEDULER)
    for asset in LECTURES:
        for level in ("subject", "technical", "final"):
            body = {
                "config": "tiny",
                "asset": asset,
                "reviewer": "王老师",
                "level": level,
                "decision": "approved",
            }
            signed = client.post("/api/v1/reviews", json=body, headers=editor)
            assert signed.status_code == 201, signed.text
    out_of_order = {
        "config": "tiny",
        "asset": "t-001",
        "reviewer": "李老师",
        "level": "nope",
        "decision": "approved",
    }
    assert client.post("/api/v1/reviews", json=out_of_order, headers=editor).status_code == 400

    started = client.post(
        "/api/v1/plans",
        json={"config": "tiny", "week": WEEK, "time_limit_seconds": 10},
        headers=scheduler,
    )
    assert started.status_code == 202
    planned = wait_for(client, started.json()["id"], scheduler)
    assert planned["state"] == "succeeded", planned["error"]
    result = planned["result"]
    assert result["status"] in {"OPTIMAL", "FEASIBLE"}
    assert result["objective"] <= result["best_bound"] + 1e-6
    version = result["version_id"]

    published = client.post(f"/api/v1/versions/{version}/publish", headers=scheduler)
    assert published.status_code == 200
    assert published.json()["added"] == result["airings"]
    assert client.post(f"/api/v1/versions/{version}/publish", headers=scheduler).status_code == 409

    replan = client.post(
        "/api/v1/replans",
        json={"version_id": version, "withdraw": ["g03-test-003"], "time_limit_seconds": 10},
        headers=scheduler,
    )
    assert replan.status_code == 202
    repaired = wait_for(client, replan.json()["id"], scheduler)
    assert repaired["state"] == "succeeded", repaired["error"]
    assert repaired["result"]["replaced_version_id"] == version
    assert repaired["result"]["version_id"] != version
    with session_scope(engine) as session:
        draft = versions.load_plan(session, repaired["result"]["version_id"])
        assert draft.config == "tiny" and str(draft.week) == WEEK
        assert not [a for a in draft.airings if a.lesson_id == "g03-test-003"]
        channels = versions.get_version(session, version).channels
        assert [c["name"] for c in channels] == ["测试频道"], "channel names come from the config"
