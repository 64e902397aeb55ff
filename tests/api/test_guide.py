"""GET /guide and render_guide: picker, subscription block per feed, week view, zh and en."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import segno
import zxingcpp
from airclass.api.db.channel_snapshot import ChannelSnapshot
from airclass.api.guide import FeedKind, feeds_of, guide_pages, qr_svg, render_guide
from airclass.config import load_world
from fastapi.testclient import TestClient
from PIL import Image

from tests.api.conftest import PublishPlan
from tests.api.factories import DEMO, PRIMARY, WEEK, airing, plan, two_lessons

pytestmark = pytest.mark.dates  # reads "now": CI runs it under far-apart dates too

BASE = "http://localhost:8000"


@pytest.fixture
def published(publish_plan: PublishPlan) -> int:
    return publish_plan(two_lessons())


def test_guide_lists_every_feed_with_subscribe_links(client: TestClient, published: int) -> None:
    response = client.get("/guide")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"].startswith("public")
    assert "set-cookie" not in response.headers
    html = response.text
    assert 'href="webcal://localhost:8000/feeds/grade/1.ics"' in html
    assert f'href="webcal://localhost:8000/feeds/channel/{PRIMARY}.ics"' in html
    assert f'href="{BASE}/feeds/grade/12.ics" download="grade-12.ics"' in html
    # the published version airs on two channels: grades 1–3 and 10–12, one feed per channel
    assert html.count("<svg") == len(re.findall(r'<section class="feed"', html)) == 6 + 2
    assert "/feeds/grade/5.ics" not in html
    assert "ICSx⁵" in html and "iPhone" in html


def test_guide_for_one_grade_shows_its_printable_week(client: TestClient, published: int) -> None:
    response = client.get("/guide", params={"grade": 1, "week": WEEK.isoformat(), "lang": "en"})
    assert response.status_code == 200
    html = response.text
    assert html.count('<section class="feed"') == 1
    assert "Timetable for the week of 2026-11-23" in html
    assert "08:30–08:50" in html
    assert "识字1 春夏秋冬" in html and "识字2 姓氏歌" in html
    assert "Mon 11-23" in html and "Tue 11-24" in html
    assert "@media print" in html and 'aria-current="page"' in html


def test_guide_speaks_chinese_by_default(client: TestClient, published: int) -> None:
    html = client.get("/guide", params={"grade": 1, "week": WEEK.isoformat()}).text
    assert '<html lang="zh-CN">' in html
    assert "空中课堂节目指南" in html and "周一 11-23" in html


def test_guide_unknown_grade_and_channel_are_404(client: TestClient, published: int) -> None:
    grade = client.get("/guide", params={"grade": 13})
    assert grade.status_code == 404 and "1–12" in grade.json()["detail"]["en"]
    channel = client.get("/guide", params={"channel": "nope.tv"})
    assert channel.status_code == 404
    assert PRIMARY in channel.json()["detail"]["en"]


def test_guide_escapes_untrusted_text(client: TestClient, publish_plan: PublishPlan) -> None:
    hostile = airing("g01-yuwen-001.1@airclass", title='<script>alert("x")</script>&')
    publish_plan(plan([hostile]))
    html = client.get("/guide", params={"grade": 1, "week": WEEK.isoformat()}).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;" in html


def test_guide_before_anything_is_published_is_an_empty_picker(client: TestClient) -> None:
    response = client.get("/guide")
    assert response.status_code == 200
    assert "<svg" not in response.text


def test_page_qr_code_is_the_feed_url(client: TestClient, published: int) -> None:
    html = client.get("/guide", params={"grade": 3}).text
    url = re.search(r'data-feed-url="([^"]+)"', html)[1]  # type: ignore[index]
    assert url == f"{BASE}/feeds/grade/3.ics"
    assert str(qr_svg(url)) in html, "the page embeds the QR code of its feed URL"
    png = io.BytesIO()
    segno.make(url, error="m", micro=False).save(png, kind="png", scale=6, border=4)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.getvalue())))
    assert [code.text for code in decoded] == [url]


def test_static_pages_link_to_each_other() -> None:
    channels = [ChannelSnapshot.from_config(c) for c in load_world(DEMO).channels]
    pages = guide_pages(channels=channels, airings=two_lessons().airings, base_url=BASE, week=WEEK)
    feeds = feeds_of(channels)
    assert len(pages) == 2 * (1 + len(feeds))
    assert 'href="grade-1.html"' in pages["index.html"]
    assert 'href="grade-1.en.html"' in pages["index.en.html"]
    assert "识字2 姓氏歌" in pages["grade-1.html"]
    assert "识字2 姓氏歌" not in pages["grade-2.html"]


def test_render_guide_for_a_channel_lists_its_airings() -> None:
    channels = [ChannelSnapshot.from_config(c) for c in load_world(DEMO).channels]
    feed = next(f for f in feeds_of(channels) if f.kind is FeedKind.CHANNEL and f.key == PRIMARY)
    html = render_guide(
        channels=channels,
        airings=two_lessons().airings,
        base_url=BASE,
        week=WEEK,
        feed=feed,
        lang="en",
    )
    assert f"webcal://localhost:8000/feeds/channel/{PRIMARY}.ics" in html
    assert html.count("<tr><td>") == 2


def test_guide_title_does_not_repeat_the_lesson_number(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    titled = airing("g01-daode-001.1@airclass", title="第1课 我们的好朋友")
    publish_plan(plan([titled]))
    html = client.get("/guide", params={"grade": 1, "week": WEEK.isoformat()}).text
    assert "第 1 课：我们的好朋友" in html
    assert html.count("第1课") == 0 and html.count("第 1 课") == 1


def test_guide_opens_on_the_current_week(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(two_lessons())
    later = WEEK + dt.timedelta(days=7)
    publish_plan(plan([airing("g01-yuwen-003.1@airclass", week=later)], week=later))
    html = client.get("/guide", params={"grade": 1, "lang": "en"}).text
    assert "Timetable for the week of 2026-11-23" in html
    assert "识字1 春夏秋冬" in html and "Nothing is published yet" not in html


def test_guide_on_an_empty_week_shows_the_next_published_week(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    """The demo publishes next week: this week is empty, so the guide opens on the next one
    and says so; an explicit ?week= stays on the week asked for."""
    later = WEEK + dt.timedelta(days=7)
    publish_plan(plan([airing("g01-yuwen-003.1@airclass", week=later)], week=later))
    html = client.get("/guide", params={"grade": 1, "lang": "en"}).text
    assert "Timetable for the week of 2026-11-30" in html
    assert "Nothing is published yet for this week (from 2026-11-23)" in html
    assert "08:30–08:50" in html
    asked = client.get("/guide", params={"grade": 1, "lang": "en", "week": WEEK.isoformat()})
    assert "Timetable for the week of 2026-11-23" in asked.text
    assert "Nothing is published yet" not in asked.text
