"""The staff console in a real browser (Debian's chromium through Playwright, headless) over a
real uvicorn and a real database: a whole week's work, from upload to the families' feed.

An editor uploads a lecture, which is validated as a job (real ffmpeg); three people sign its
review levels; a scheduler plans a tiny week (real CP-SAT), publishes it after seeing the
diff, withdraws a lesson, replans, sees the cancellation and publishes again; the public feed
then shows the lesson cancelled. An editor cannot publish. Screenshots of the week view and
the file page are written to AIRCLASS_CONSOLE_SHOTS when set (the README's pictures).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from airclass.api.auth import issue_token
from airclass.api.db.auth_models import Role
from airclass.api.db.migrate import upgrade
from airclass.config.binaries import ffmpeg
from airclass.config.database import make_engine, session_scope
from airclass.media.catalogue import file_checksum, record_review, record_validation
from airclass.media.gate import acceptance

from tests.api.factories import WEEK
from tests.api.live_server import live_server
from tests.api.test_jobs import tiny_lecture  # noqa: F401  (session fixture)
from tests.utils.tiny_catalogue_world import write_tiny_config

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.dates,
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CI"),
        reason="chromium is not installed (CI installs it)",
    ),
]
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LECTURES = {"t-001": 2.0, "t-002": 2.0, "t-003": 2.0}
UPLOADED = "t-001"
PEOPLE = {"political": "周老师", "scientific": "陈老师", "technical": "王工"}


class World:
    def __init__(self, base: str, tokens: dict[str, str]) -> None:
        self.base = base
        self.tokens = tokens


def _make_slate(path: Path) -> None:
    """The channel's slate, which fills the gaps of each day: a minute of grey."""
    path.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(ffmpeg()), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "color=gray:size=160x90:rate=25:duration=60",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path),
    ]  # fmt: skip
    subprocess.run(command, check=True, timeout=60)


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory,
    tiny_lecture: bytes,  # noqa: F811
) -> Iterator[World]:
    """A home with config `tiny` (grade 3, three 2-second lectures at a 1–5 s window): two
    lectures already validated and signed, the third (t-001) left for the browser to upload."""
    home = tmp_path_factory.mktemp("console-home")
    url = f"sqlite:///{home / 'airclass.db'}"
    upgrade(url)
    config = write_tiny_config(
        home / "configs" / "tiny",
        LECTURES,
        domain_minimums=False,
        primary_window=(1.0, 5.0),
        slate=True,
        slate_seconds=60,
    )
    _make_slate(home / "media" / config.assets["slate"].path)
    accepted = acceptance(config.policy, config.channels[0].acceptance_profile, "primary")
    engine = make_engine(url)
    tokens: dict[str, str] = {}
    with session_scope(engine) as session:
        for role, name in [
            (Role.SCHEDULER, "排班员"),
            (Role.ADMIN, "管理员"),
            *[(Role.EDITOR, person) for person in PEOPLE.values()],
        ]:
            tokens[name] = issue_token(session, role=role, name=name).secret
        for asset in LECTURES:
            if asset == UPLOADED:
                continue
            path = home / "media" / config.assets[asset].path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(tiny_lecture)
            checksum = file_checksum(path)
            report = {
                "path": str(path),
                "verdict": "pass",
                "duration_frames": 50,
                "frame_rate": "25",
                "measured": {},
                "findings": [],
                "profile": accepted.profile,
                "stage_window": {
                    "stage": "primary",
                    "min_frames": accepted.min_frames,
                    "max_frames": accepted.max_frames,
                },
            }
            record_validation(session, report, checksum=checksum, asset_id=asset)
            for level, person in PEOPLE.items():
                record_review(
                    session,
                    asset_id=asset,
                    checksum=checksum,
                    reviewer=person,
                    level=level,
                    decision="approved",
                    levels=config.policy.review.level_ids,
                )
    engine.dispose()
    with live_server(home, database_url=url, log=home / "server.log") as base:
        yield World(base, tokens)


BLACK_FROM_1_6_TO_2_2 = "drawbox=c=black:t=fill:enable='between(t,1.6,2.2)'"
LOUD_QUIET_SILENT = "volume='if(lt(t,2.4),0.9,if(lt(t,3.2),0.45,0))':eval=frame"


@pytest.fixture(scope="module")
def new_lecture(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A lecture unlike the others, so no sign-off covers it yet: 4 s at about -24 LUFS, with
    black from 1.6 s to 2.2 s, a quieter stretch, and silence from 3.2 s (all too short to
    fail it), so its timeline shows a band of each."""
    path = tmp_path_factory.mktemp("upload") / "t-001.mp4"
    picture = "testsrc2=size=160x90:rate=25:duration=4," + BLACK_FROM_1_6_TO_2_2
    sound = "sine=frequency=440:sample_rate=48000:duration=4," + LOUD_QUIET_SILENT
    command = [
        str(ffmpeg()), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", sound,
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path),
    ]  # fmt: skip
    subprocess.run(command, check=True, timeout=60)
    return path.read_bytes()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert CHROMIUM is not None, "CI must install Debian's chromium"
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


def signed_in(browser, world: World, name: str, lang: str = "en"):  # noqa: ANN001, ANN201
    """A fresh browser context signed in with `name`'s token through the login form."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{world.base}/console")
    assert page.url.endswith("/console/login")
    page.fill("#token", world.tokens[name])
    page.select_option("#lang", lang)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/console/week/"))
    return page


def wait_for_job(page) -> str:  # noqa: ANN001
    """On a job page, wait until the live bar (htmx polling) reports a finished state."""
    page.wait_for_selector(".state-succeeded, .state-failed, .state-cancelled", timeout=120_000)
    return page.inner_text(".job .state")


def shot(page, name: str) -> None:  # noqa: ANN001
    folder = os.environ.get("AIRCLASS_CONSOLE_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_sign_in_sets_a_strict_session_cookie_and_the_public_side_stays_cookie_free(
    browser, world: World
) -> None:
    page = signed_in(browser, world, "排班员")
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["airclass_console"]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    assert session["path"] == "/console" and not session["secure"]  # plain HTTP on loopback
    public = httpx.get(f"{world.base}/feeds/grade/3.ics")
    assert "set-cookie" not in public.headers
    wrong = browser.new_context().new_page()
    wrong.goto(f"{world.base}/console/login")
    wrong.fill("#token", "ac_not-a-token")
    wrong.click("button[type=submit]")
    assert "unknown, revoked or expired" in wrong.inner_text("[role=alert]")
    page.context.close()


def test_form_without_csrf_token_is_refused(world: World) -> None:
    login = httpx.post(f"{world.base}/console/login", data={"token": world.tokens["排班员"]})
    assert login.status_code == 403
    assert "cross-site request forgery" in login.text


def test_week_of_work_in_the_browser(browser, world: World, new_lecture: bytes) -> None:
    # An editor uploads the lecture; validation runs as a job with live progress.
    editor = signed_in(browser, world, PEOPLE["political"])
    editor.goto(f"{world.base}/console/library?config=tiny")
    assert editor.locator("table.library tbody tr").count() == len(LECTURES)
    editor.click(f"a[href^='/console/library/{UPLOADED}']")
    upload = {"name": "t-001.mp4", "mimeType": "video/mp4", "buffer": new_lecture}
    editor.set_input_files("#file", files=[upload])
    editor.click("text=Upload and validate")
    assert wait_for_job(editor) == "succeeded", editor.inner_text(".job")
    editor.click("text=Back to the file")
    assert "pass" in editor.inner_text(".facts")
    assert "review pending at level political" in editor.inner_text(".facts")
    # The timeline comes from the validation job's one decode: strip, curve, a band per run.
    timeline = editor.locator("svg.timeline-svg")
    assert timeline.locator("image").count() == 4  # one thumbnail per second
    assert timeline.locator("polyline.curve").count() == 1
    black = timeline.locator(".kind-black a.seek")
    assert black.get_attribute("aria-label") == "Black 00:00:01:15–00:00:02:06"
    silence = timeline.locator(".kind-silence a.seek")
    assert silence.count() == 1
    editor.wait_for_function("document.getElementById('player').readyState >= 1")
    assert editor.evaluate("document.getElementById('player').currentTime") == 0
    black.focus()
    editor.keyboard.press("Enter")  # a band seeks the player from the keyboard too
    editor.wait_for_function("Math.abs(document.getElementById('player').currentTime - 1.6) < 0.05")
    silence.click()  # and from the mouse
    editor.wait_for_function("document.getElementById('player').currentTime > 3.2")
    shot(editor, "console-file.png")

    # Three people sign the three levels; one person cannot sign a second level.
    for level, person in PEOPLE.items():
        page = signed_in(browser, world, person)
        page.goto(f"{world.base}/console/reviews?config=tiny")
        page.click(f"text=Approve at {level}")
        page.wait_for_selector("[role=status]")
        if level == "political":
            assert "You signed one level of this file already" in page.inner_text("main")
        page.context.close()

    # An editor cannot publish: no plan form, and the publish page refuses.
    editor.goto(f"{world.base}/console/week/{WEEK}")
    assert editor.locator("form[action='/console/plans']").count() == 0

    # The scheduler plans the week (a job), sees the grid and the diff, and publishes.
    scheduler = signed_in(browser, world, "排班员")
    scheduler.goto(f"{world.base}/console/week/{WEEK}")
    scheduler.select_option("#config", "tiny")
    scheduler.fill("#plan-limit", "5")
    scheduler.click("text=Plan the week of")
    assert wait_for_job(scheduler) == "succeeded", scheduler.inner_text(".job")
    scheduler.click("text=Open version")
    grid = scheduler.inner_text(".channel")
    airings = grid.count("G3")  # every block carries its grade's number, not only a colour
    assert "测试频道" in grid and all(f"测试 L{n}" in grid for n in (1, 2, 3))
    assert f"{airings} new airings" in scheduler.inner_text(".diff")
    # The header checks this version before air, as `airclass playout check` would.
    preair = scheduler.inner_text("p.preair")
    # the slate is a clip nobody validated: it airs, with a warning
    assert "Passed. (4 sources, 7 channel-days, 1 warnings)" in preair, preair
    shot(scheduler, "console-week.png")
    first = int(re.search(r"version=(\d+)", scheduler.url).group(1))
    editor.goto(f"{world.base}/console/versions/{first}/publish")
    assert "Not allowed" in editor.inner_text("[role=alert]")
    scheduler.click("text=Review changes and publish")
    scheduler.click(f"text=Publish #{first} now")
    assert f"Version #{first} is published" in scheduler.inner_text("[role=status]")
    feed = httpx.get(f"{world.base}/feeds/grade/3.ics").text
    assert feed.count("BEGIN:VEVENT") == airings and "CANCELLED" not in feed

    # Withdraw a lesson, replan, see the cancellation with the families' view, publish.
    scheduler.select_option("#withdraw", "g03-test-003")
    scheduler.fill("#replan-limit", "5")
    scheduler.click("form[action='/console/replans'] button[type=submit]")
    assert wait_for_job(scheduler) == "succeeded", scheduler.inner_text(".job")
    scheduler.click("text=Open version")
    diff = scheduler.inner_text(".diff")
    cancelled = int(re.search(r"(\d+) cancelled", diff).group(1))
    assert cancelled >= 1 and "g03-test-003" in diff  # its first airing, and any repeat
    assert "families' calendars show it cancelled" in diff
    scheduler.click("text=Review changes and publish")
    assert "g03-test-003" in scheduler.inner_text("table.changes")
    scheduler.click("button.danger")
    assert "is published" in scheduler.inner_text("[role=status]")
    feed = httpx.get(f"{world.base}/feeds/grade/3.ics").text
    assert "STATUS:CANCELLED" in feed

    # The jobs page lists all three jobs; the grade view keeps grade 3's week.
    scheduler.goto(f"{world.base}/console/jobs")
    assert scheduler.locator("table.jobs tbody tr").count() == 3
    scheduler.goto(f"{world.base}/console/week/{WEEK}?grade=3&lang=zh")
    assert "3年级" in scheduler.inner_text(".channel")
