"""The staff planning flow over HTTP on a tiny config: review sign-offs by three people, a plan
job (real CP-SAT) over the lessons the gate lets air, publish, the feed, and a replan job after
a withdrawn lesson."""

from __future__ import annotations

from pathlib import Path

import pytest
from airclass.api.db import versions
from airclass.api.db.auth_models import Role
from airclass.config import load_world
from airclass.config.database import session_scope
from airclass.config.settings import Settings
from airclass.media.catalogue import ReviewSignoff, file_checksum, record_validation
from airclass.media.gate import acceptance, holds, schedulable_durations
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from tests.api.staff_tokens import token_issuer
from tests.api.test_jobs import tiny_lecture, wait_for  # noqa: F401  (fixture)
from tests.utils.tiny_catalogue_world import write_tiny_config

LECTURES = {"t-001": 2.0, "t-002": 2.0, "t-003": 2.0}
WEEK = "2026-11-23"
PEOPLE = {"political": "周老师", "scientific": "陈老师", "technical": "王工"}


@pytest.fixture
def tiny_config(app_settings: Settings, tiny_lecture: bytes, engine: Engine) -> Path:  # noqa: F811
    """AIRCLASS_HOME/configs/tiny: grade 3's three 2-second lectures, validated as passing under
    the channel's acceptance profile at grade 3's (test-sized, 1–5 s) window."""
    root = app_settings.home / "configs" / "tiny"
    world = write_tiny_config(root, LECTURES, domain_minimums=False, primary_window=(1.0, 5.0))
    accepted = acceptance(world.policy, world.channels[0].acceptance_profile, "primary")
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
                "profile": accepted.profile,
                "stage_window": {
                    "stage": accepted.stage,
                    "min_frames": accepted.min_frames,
                    "max_frames": accepted.max_frames,
                },
            }
            record_validation(session, report, checksum=file_checksum(path), asset_id=asset.id)
    return root


def test_review_plan_publish_replan(
    client: TestClient, engine: Engine, tiny_config: Path, app_settings: Settings
) -> None:
    issue = token_issuer(engine)
    scheduler = issue(Role.SCHEDULER)
    reviewers = {level: issue(Role.EDITOR, name=person) for level, person in PEOPLE.items()}
    world = load_world(tiny_config)
    with session_scope(engine) as session:
        assert schedulable_durations(session, world, app_settings.media_root) == {}
    before = client.get("/api/v1/reviews/status", params={"config": "tiny"}, headers=scheduler)
    assert before.status_code == 200, before.text
    assert [row["hold"]["reason"] for row in before.json()] == ["review_pending"] * 3
    assert before.json()[0]["hold"]["message"]["en"] == "review pending at level political"
    for asset in LECTURES:
        for level, editor in reviewers.items():
            body = {"config": "tiny", "asset": asset, "level": level, "decision": "approved"}
            signed = client.post("/api/v1/reviews", json=body, headers=editor)
            assert signed.status_code == 201, signed.text
            assert signed.json()["reviewer"] == PEOPLE[level]  # the token's holder signs
    unknown_level = {"config": "tiny", "asset": "t-001", "level": "nope", "decision": "approved"}
    editor = reviewers["political"]
    assert client.post("/api/v1/reviews", json=unknown_level, headers=editor).status_code == 400
    with session_scope(engine) as session:
        signers = set(session.scalars(select(ReviewSignoff.reviewer)))
        assert signers == set(PEOPLE.values())
        # The world holds the lessons this test plans: every one passes the one gate (C5).
        assert holds(session, world, app_settings.media_root) == {}
        assert set(schedulable_durations(session, world, app_settings.media_root)) == set(LECTURES)
    after = client.get("/api/v1/reviews/status", params={"config": "tiny"}, headers=scheduler)
    assert [(row["schedulable"], row["hold"]) for row in after.json()] == [(True, None)] * 3

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
    assert result["airings"] >= len(LECTURES)
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
        first = versions.load_plan(session, version)
        assert {a.lesson_id for a in first.airings} == {
            "g03-test-001",
            "g03-test-002",
            "g03-test-003",
        }
        draft = versions.load_plan(session, repaired["result"]["version_id"])
        assert draft.config == "tiny" and str(draft.week) == WEEK
        assert not [a for a in draft.airings if a.lesson_id == "g03-test-003"]
        channels = versions.get_version(session, version).channels
        assert [c["name"] for c in channels] == ["测试频道"], "channel names come from the config"


def test_one_person_signs_one_level_and_names_no_one_else(
    client: TestClient, engine: Engine, tiny_config: Path
) -> None:
    issue = token_issuer(engine)
    zhou = issue(Role.EDITOR, name="周老师")
    body = {"config": "tiny", "asset": "t-001", "level": "political", "decision": "approved"}
    assert client.post("/api/v1/reviews", json=body, headers=zhou).status_code == 201
    again = client.post("/api/v1/reviews", json={**body, "level": "scientific"}, headers=zhou)
    assert again.status_code == 409, again.text
    assert "one person cannot sign two levels" in again.json()["detail"]["en"]
    # Another token of the same person is still the same person.
    other_token = issue(Role.EDITOR, name="周老师")
    assert (
        client.post(
            "/api/v1/reviews", json={**body, "level": "scientific"}, headers=other_token
        ).status_code
        == 409
    )
    claimed = client.post(
        "/api/v1/reviews", json={**body, "level": "scientific", "reviewer": "陈老师"}, headers=zhou
    )
    assert claimed.status_code == 422  # the signer is the token's holder, never the body's name
