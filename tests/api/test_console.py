"""The staff console over the real app in-process (SQLite, and PostgreSQL when set): sign-in,
session cookie, CSRF, roles, languages, the week view and diff of stored versions, the media
player's range requests, tokens. The whole flow in a browser is test_console_browser.py."""

from __future__ import annotations

import re

import pytest
from airclass.api.auth import issue_token
from airclass.api.db.auth_models import Role
from airclass.config.database import session_scope
from airclass.config.settings import Settings
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api.conftest import PublishPlan
from tests.api.factories import WEEK, two_lessons


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrftoken" value="([^"]+)"', page)
    assert found, "every console form carries a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, engine: Engine, role: Role, name: str, lang: str = "en") -> str:
    with session_scope(engine) as session:
        secret = issue_token(session, role=role, name=name).secret
    token = csrf_of(client.get("/console/login").text)
    signed = client.post(
        "/console/login",
        data={"csrftoken": token, "token": secret, "lang": lang},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    return signed.headers["set-cookie"]


def test_console_redirects_to_login_when_signed_out(client: TestClient) -> None:
    response = client.get("/console", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login"
    assert client.get("/console/library", follow_redirects=False).status_code == 303


def test_login_sets_strict_httponly_cookie_scoped_to_console(
    client: TestClient, engine: Engine
) -> None:
    cookie = sign_in(client, engine, Role.SCHEDULER, "排班员")
    assert "airclass_console=" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain HTTP here; over HTTPS the cookie is Secure
    home = client.get("/console", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"].startswith("/console/week/")


def test_login_with_unknown_token_is_401_with_message(client: TestClient) -> None:
    token = csrf_of(client.get("/console/login?lang=en").text)
    refused = client.post(
        "/console/login", data={"csrftoken": token, "token": "ac_nope", "lang": "en"}
    )
    assert refused.status_code == 401
    assert "unknown, revoked or expired" in refused.text


def test_login_without_csrf_token_is_403_with_help(client: TestClient) -> None:
    client.get("/console/login")  # the browser holds the CSRF cookie
    refused = client.post("/console/login", data={"token": "ac_x"})
    assert refused.status_code == 403
    assert "cross-site request forgery" in refused.text and "跨站" in refused.text


def test_public_pages_set_no_cookie(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(two_lessons())
    for path in ("/feeds/grade/1.ics", f"/guide?grade=1&week={WEEK}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "set-cookie" not in response.headers, path


def test_revoked_token_ends_its_session(client: TestClient, engine: Engine) -> None:
    sign_in(client, engine, Role.ADMIN, "管理员")
    assert client.get("/console/tokens").status_code == 200
    with session_scope(engine) as session:
        from airclass.api.auth import revoke_token

        revoke_token(session, 1)
    assert client.get("/console/tokens", follow_redirects=False).status_code == 303


def test_week_view_shows_grid_and_diff_in_both_languages(
    client: TestClient, engine: Engine, publish_plan: PublishPlan
) -> None:
    plan = two_lessons()
    assert len(plan.airings) == 2  # the world this test reads
    publish_plan(plan)
    sign_in(client, engine, Role.EDITOR, "周老师")
    page = client.get(f"/console/week/{WEEK}?lang=en")
    assert page.status_code == 200
    assert page.text.count('class="block kind-lesson grade-1') == 2
    assert "G1" in page.text and "This is the published version." in page.text
    assert 'action="/console/plans"' not in page.text  # an editor cannot plan
    zh = client.get(f"/console/week/{WEEK}?grade=1&lang=zh")
    assert "1年级" in zh.text and "周一" in zh.text
    assert client.get(f"/console/week/{WEEK}?grade=13").status_code == 422


def test_editor_cannot_publish(
    client: TestClient, engine: Engine, publish_plan: PublishPlan
) -> None:
    version = publish_plan(two_lessons())
    sign_in(client, engine, Role.EDITOR, "周老师")
    refused = client.get(f"/console/versions/{version}/publish")
    assert refused.status_code == 403
    assert "Not allowed" in refused.text


def test_patterns_page_renders_every_component(client: TestClient, engine: Engine) -> None:
    sign_in(client, engine, Role.EDITOR, "周老师")
    page = client.get("/console/patterns?lang=en").text
    parts = ("kind-break_interstitial", "change-moved", "review-rejected", "finding", "job")
    for part in (*parts, 'class="timeline-svg"', "kind-advert"):
        assert part in page, part


@pytest.mark.parametrize(
    "path", ["/console/static/htmx-2.0.11.min.js", "/console/static/console.css"]
)
def test_vendored_static_files_are_served_locally(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and len(response.content) > 1000


def test_media_player_gets_range_responses(
    client: TestClient, engine: Engine, app_settings: Settings
) -> None:
    from tests.utils.tiny_catalogue_world import write_tiny_config

    world = write_tiny_config(app_settings.home / "configs" / "tiny", {"t-001": 2.0})
    path = app_settings.media_root / world.assets["t-001"].path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(range(256)) * 8)
    sign_in(client, engine, Role.EDITOR, "周老师")
    part = client.get("/console/media/t-001?config=tiny", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.content) == 100
    missing = client.get("/console/library/nope?config=tiny")
    assert missing.status_code == 404 and "nope" in missing.text


def test_admin_issues_token_shown_once(client: TestClient, engine: Engine) -> None:
    sign_in(client, engine, Role.ADMIN, "管理员")
    page = client.get("/console/tokens").text
    issued = client.post(
        "/console/tokens", data={"csrftoken": csrf_of(page), "name": "新编辑", "role": "editor"}
    )
    assert issued.status_code == 200 and "ac_" in issued.text and "新编辑" in issued.text
    assert "ac_" not in client.get("/console/tokens").text


def test_week_grid_draws_lessons_breaks_and_filler_from_the_rundowns() -> None:
    from airclass.api.console.week import week_grids
    from airclass.config import DEMO_CONFIG, load_world

    plan = two_lessons()
    assert len(plan.airings) == 2  # the lessons this test expects on the grid
    grids = week_grids(plan, load_world(DEMO_CONFIG), {})
    blocks = [b for grid in grids for day in grid.days for b in day.blocks]
    kinds = {b.kind for b in blocks}
    assert {"lesson", "break_interstitial", "filler"} <= kinds
    lessons = [b for b in blocks if b.kind == "lesson"]
    assert [b.airing.lesson_id for b in lessons] == [a.lesson_id for a in plan.airings]
    assert all(b.top >= 0 and b.height > 0 for b in blocks)  # inside the drawn windows
    # Runs of filler clips become one block each: a week stays a few dozen blocks.
    assert len(blocks) < 100
    grade_view = week_grids(plan, load_world(DEMO_CONFIG), {}, grade=1)
    assert [g.id for g in grade_view] == [plan.airings[0].channel]


def test_only_owner_or_admin_cancels_a_job(client: TestClient, engine: Engine) -> None:
    from airclass.api.db.job_models import Job, JobKind, JobState

    with session_scope(engine) as session:
        session.add(Job(id="j1", kind=JobKind.PLAN, state=JobState.QUEUED, created_by="甲"))
    sign_in(client, engine, Role.EDITOR, "乙")
    page = client.get("/console/jobs/j1?lang=en")
    assert page.status_code == 200 and "queued" in page.text
    assert 'action="/console/jobs/j1/cancel"' not in page.text  # no button for another's job
    refused = client.post("/console/jobs/j1/cancel", data={"csrftoken": csrf_of(page.text)})
    assert refused.status_code == 403 and "甲" in refused.text
    sign_in(client, engine, Role.SCHEDULER, "甲")
    page = client.get("/console/jobs/j1")
    cancelled = client.post("/console/jobs/j1/cancel", data={"csrftoken": csrf_of(page.text)})
    assert cancelled.status_code == 200 and "cancelled" in client.get("/console/jobs").text


def test_every_form_field_has_a_label(
    client: TestClient, engine: Engine, publish_plan: PublishPlan
) -> None:
    from lxml import html

    publish_plan(two_lessons())
    sign_in(client, engine, Role.ADMIN, "管理员")
    for path in (f"/console/week/{WEEK}", "/console/library", "/console/tokens"):
        tree = html.fromstring(client.get(path + "?lang=en").text)
        labelled = set(tree.xpath("//label/@for"))
        fields = tree.xpath(
            "//input[not(@type='hidden')][not(@type='submit')] | //select | //textarea"
        )
        assert fields, path
        for field in fields:
            assert field.get("id") in labelled or field.get("aria-label"), (path, field.attrib)
        assert tree.xpath("//a[@class='skip']/@href") == ["#main"]
