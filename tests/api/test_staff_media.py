"""Staff media routes: streamed uploads under a size limit, and file parameters that stay inside
the media folder."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from airclass.api.db.auth_models import Role
from airclass.config.settings import Settings
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api.staff_tokens import token_issuer

LIMIT = 64 * 1024


@pytest.fixture
def app_settings(database_url: str, tmp_path: Path) -> Settings:
    """The shared app, with a small upload limit so 413 is cheap to reach."""
    return Settings(home=tmp_path / "home", database_url=database_url, max_upload_bytes=LIMIT)


@pytest.fixture
def editor(engine: Engine) -> dict[str, str]:
    return token_issuer(engine)(Role.EDITOR)


@pytest.fixture
def media_root(app_settings: Settings) -> Path:
    app_settings.media_root.mkdir(parents=True, exist_ok=True)
    return app_settings.media_root


def test_upload_streams_file_into_media_folder(
    client: TestClient, editor: dict[str, str], media_root: Path
) -> None:
    body = b"\x00lecture" * 1000
    response = client.put("/api/v1/media/files/g03/语文 第1课.mp4", content=body, headers=editor)
    assert response.status_code == 201
    assert response.json() == {
        "path": "g03/语文 第1课.mp4",
        "size_bytes": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    assert (media_root / "g03" / "语文 第1课.mp4").read_bytes() == body


def test_upload_over_limit_by_content_length_is_413(
    client: TestClient, editor: dict[str, str], media_root: Path
) -> None:
    response = client.put("/api/v1/media/files/big.mp4", content=b"x" * (LIMIT + 1), headers=editor)
    assert response.status_code == 413
    assert response.json()["code"] == "staff.too_large"
    assert str(LIMIT) in response.json()["detail"]["en"]
    assert not (media_root / "big.mp4").exists()


def test_chunked_upload_is_cut_off_at_the_limit(
    client: TestClient, editor: dict[str, str], media_root: Path
) -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for _ in range(100):  # 100 × 8 KiB = 800 KiB, far over the 64 KiB limit
            sent.append(1)
            yield b"y" * 8192

    response = client.put("/api/v1/media/files/chunked.mp4", content=chunks(), headers=editor)
    assert response.status_code == 413
    assert not (media_root / "chunked.mp4").exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()], "no partial upload left behind"


TRAVERSALS = [
    "../outside.mp4",
    "a/../../outside.mp4",
    "/etc/passwd",
    "~/x.mp4",
    "a\\..\\b.mp4",
    "..",
]


@pytest.mark.parametrize("bad", TRAVERSALS)
def test_register_refuses_paths_outside_media_folder(
    client: TestClient, editor: dict[str, str], media_root: Path, bad: str
) -> None:
    response = client.post("/api/v1/media/register", json={"path": bad}, headers=editor)
    assert response.status_code == 400
    assert response.json()["code"] == "staff.bad_path"
    assert "relative to the media folder" in response.json()["detail"]["en"]


@pytest.mark.parametrize(
    "encoded", ["..%2Foutside.mp4", "%2E%2E/%2E%2E/outside.mp4", "a/..%2F..%2Fx.mp4"]
)
def test_upload_refuses_encoded_traversal(
    client: TestClient, editor: dict[str, str], media_root: Path, encoded: str
) -> None:
    response = client.put(f"/api/v1/media/files/{encoded}", content=b"x", headers=editor)
    assert response.status_code in (400, 404)
    assert not (media_root.parent / "outside.mp4").exists()
    assert not (media_root.parent / "x.mp4").exists()


def test_symlink_out_of_media_folder_is_refused(
    client: TestClient, editor: dict[str, str], media_root: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.mp4"
    secret.write_bytes(b"not yours")
    (media_root / "link.mp4").symlink_to(secret)
    response = client.post("/api/v1/media/register", json={"path": "link.mp4"}, headers=editor)
    assert response.status_code == 400
    assert "link" in response.json()["detail"]["en"]


def test_register_existing_and_missing_file(
    client: TestClient, editor: dict[str, str], media_root: Path
) -> None:
    (media_root / "ok.mp4").write_bytes(b"12345")
    found = client.post("/api/v1/media/register", json={"path": "ok.mp4"}, headers=editor)
    assert found.status_code == 200 and found.json()["size_bytes"] == 5
    missing = client.post("/api/v1/media/register", json={"path": "nope.mp4"}, headers=editor)
    assert missing.status_code == 404
    assert missing.json()["code"] == "staff.path_missing"
    assert "Upload it first" in missing.json()["detail"]["en"]


def test_validation_and_review_refuse_traversal(
    client: TestClient, editor: dict[str, str], media_root: Path
) -> None:
    validation = client.post(
        "/api/v1/media/validations", json={"paths": ["../../etc/passwd"]}, headers=editor
    )
    assert validation.status_code == 400
    (media_root / "ok.mp4").write_bytes(b"12345")
    elsewhere = {"paths": ["ok.mp4"], "config": "../../etc"}
    refused = client.post("/api/v1/media/validations", json=elsewhere, headers=editor)
    assert refused.status_code == 404 and refused.json()["code"] == "staff.config_missing"
    review = {
        "config": "../../etc",
        "asset": "g01-yuwen-001",
        "level": "political",
        "decision": "approved",
    }
    refused = client.post("/api/v1/reviews", json=review, headers=editor)
    assert refused.status_code == 404 and refused.json()["code"] == "staff.config_missing"
    unknown = client.post(
        "/api/v1/reviews", json={**review, "config": "demo", "asset": "../x.mp4"}, headers=editor
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "staff.asset_missing"


def test_plan_with_unknown_config_lists_known_ones(client: TestClient, engine: Engine) -> None:
    scheduler = token_issuer(engine)(Role.SCHEDULER)
    body = {"config": "../../etc", "week": "2026-11-23"}
    response = client.post("/api/v1/plans", json=body, headers=scheduler)
    assert response.status_code == 404
    assert response.json()["code"] == "staff.config_missing"
    assert "demo" in response.json()["detail"]["en"]


def test_validation_with_unknown_profile_lists_known_ones(
    client: TestClient, editor: dict[str, str], media_root: Path
) -> None:
    (media_root / "ok.mp4").write_bytes(b"12345")
    body = {"paths": ["ok.mp4"], "profile": "cinema-4k"}
    response = client.post("/api/v1/media/validations", json=body, headers=editor)
    assert response.status_code == 400
    assert "broadcast-hd" in response.json()["detail"]["en"]
