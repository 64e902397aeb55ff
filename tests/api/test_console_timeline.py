"""The file page's timeline picture over the real app (SQLite, and PostgreSQL when set): a real
validation of a lavfi-made lecture, stored with its timeline, drawn as inline SVG."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from airclass.api.db.auth_models import Role
from airclass.config.binaries import ffmpeg
from airclass.config.database import session_scope
from airclass.config.profiles import load_profile
from airclass.config.settings import Settings
from airclass.media import validate_file
from airclass.media.catalogue import file_checksum, record_validation
from fastapi.testclient import TestClient
from lxml import html
from sqlalchemy import Engine

from tests.api.test_console import sign_in


@pytest.fixture(scope="module")
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """8 s: black from 2 s to 5 s (a black.run finding), silence from 6 s to the end."""
    path = tmp_path_factory.mktemp("timeline") / "lecture.mp4"
    command = [
        str(ffmpeg()), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=8,"
        "drawbox=c=black:t=fill:enable='between(t,2,4.99)'",
        "-f", "lavfi", "-i", "sine=f=1000:r=48000:d=8,volume='lt(t,6)':eval=frame",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-ac", "1", str(path),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return path


@pytest.fixture
def validated(engine: Engine, app_settings: Settings, lecture: Path) -> int:  # the validation's id
    from tests.utils.tiny_catalogue_world import write_tiny_config

    world = write_tiny_config(
        app_settings.home / "configs" / "tiny", {"t-001": 8.0}, primary_window=(1.0, 10.0)
    )
    path = app_settings.media_root / world.assets["t-001"].path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(lecture.read_bytes())
    report = validate_file(path, profile=load_profile("preview"))
    assert [f.code for f in report.findings if f.seconds is not None] == ["black.run"]
    with session_scope(engine) as session:
        row = record_validation(session, report, checksum=file_checksum(path), asset_id="t-001")
        return row.id


def test_file_page_draws_strip_curve_bands_and_finding_marks(
    client: TestClient, engine: Engine, validated: int
) -> None:
    sign_in(client, engine, Role.EDITOR, "周老师")
    page = client.get("/console/library/t-001?config=tiny&lang=en")
    assert page.status_code == 200
    tree = html.fromstring(page.content)
    svg = tree.find(".//svg")
    assert svg is not None, "the timeline is one inline SVG"
    text = html.tostring(svg, encoding="unicode")
    assert f"/console/validations/{validated}/strip.jpg" in text
    assert text.count("<image ") == 8  # one slot per second, each showing its tile
    assert len(svg.findall(".//polyline")) == 1  # sound to 6 s, then silence: one stretch
    bands = {a.get("aria-label"): a.get("data-seconds") for a in svg.iter("a")}
    assert bands["Black 00:00:02:00–00:00:05:00"] == "2.0", bands
    assert bands["Silence 00:00:06:00–00:00:08:00"].startswith("6.0"), bands
    assert bands["00:00:02:00 black.run"] == "2.0"  # the finding's mark
    assert all(a.get("href") == "#player" and a.find("title") is not None for a in svg.iter("a"))
    for lane in ("Picture", "Loudness", "Black", "Freeze", "Silence", "Advert sign", "Findings"):
        assert f">{lane}</text>" in text, lane  # every row names itself in text, not colour
    seek = tree.find(".//table[@class='findings']//button[@class='seek']")
    assert seek is not None and seek.get("data-seconds") == "2.0"
    zh = client.get("/console/library/t-001?config=tiny&lang=zh").text
    assert "黑场 00:00:02:00–00:00:05:00" in zh and "响度" in zh


def test_strip_is_served_as_jpeg_to_staff_only(
    client: TestClient, engine: Engine, validated: int
) -> None:
    url = f"/console/validations/{validated}/strip.jpg"
    assert client.get(url, follow_redirects=False).status_code == 303  # signed out: to login
    sign_in(client, engine, Role.EDITOR, "周老师")
    strip = client.get(url)
    assert strip.status_code == 200 and strip.headers["content-type"] == "image/jpeg"
    assert strip.content.startswith(b"\xff\xd8")
    missing = client.get(f"/console/validations/{validated + 1}/strip.jpg?lang=en")
    assert missing.status_code == 404
    assert re.search(rf"Validation #{validated + 1} has no thumbnail strip", missing.text)
