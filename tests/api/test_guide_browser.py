"""The guide page in headless Chromium (Debian's package), served by a real uvicorn: the DOM has
the feed's links and week, and the QR code in the screenshot decodes to the feed URL."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import zxingcpp
from airclass.api.db import versions
from airclass.api.db.migrate import upgrade
from airclass.config.database import make_engine, session_scope
from PIL import Image

from tests.api.factories import PUBLISHED_AT, WEEK, two_lessons
from tests.api.live_server import live_server

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.dates,
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CI"),
        reason="chromium is not installed (CI installs it)",
    ),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=900,1400",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("browser-home")
    url = f"sqlite:///{home / 'airclass.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        versions.publish(session, versions.save_draft(session, two_lessons()), now=PUBLISHED_AT)
    engine.dispose()
    with live_server(home, database_url=url) as base:
        yield base


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None, "CI must install Debian's chromium"
    profile = tmp_path / "profile"
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=True)


def page_url(base: str) -> str:
    return f"{base}/guide?grade=1&week={WEEK.isoformat()}&lang=en"


def test_guide_dom_in_chromium(server: str, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", page_url(server)).stdout
    feed = f"{server}/feeds/grade/1.ics"
    assert f'data-feed-url="{feed}"' in dom
    assert 'href="webcal://127.0.0.1:' in dom
    assert "Timetable for the week of 2026-11-23" in dom
    assert "08:30–08:50" in dom and "识字2 姓氏歌" in dom
    assert dom.count("<svg") == 1


def test_qr_code_in_chromium_screenshot_decodes_to_feed_url(server: str, tmp_path: Path) -> None:
    shot = tmp_path / "guide.png"
    chromium(tmp_path, f"--screenshot={shot}", page_url(server))
    decoded = [code.text for code in zxingcpp.read_barcodes(Image.open(shot))]
    feed = f"{server}/feeds/grade/1.ics"
    assert decoded == [feed]
    response = httpx.get(feed)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "识字1 春夏秋冬" in response.text
