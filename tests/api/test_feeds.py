"""Public iCal feeds through the real app: content, parsers, folding, window, 404s."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import recurring_ical_events
import vobject
from fastapi.testclient import TestClient

from tests.api import factories as f
from tests.api.conftest import PublishPlan

pytestmark = pytest.mark.dates  # reads "now": CI runs it under far-apart dates too

GRADE_1 = "/feeds/grade/1.ics"


def _calendar(client: TestClient, path: str = GRADE_1) -> icalendar.Calendar:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return icalendar.Calendar.from_ical(response.content)


def test_grade_feed_is_a_calendar_with_one_event_per_airing(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    response = client.get(GRADE_1)
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == [
        "g01-yuwen-001.1@airclass",
        "g01-yuwen-002.1@airclass",
    ]
    first = next(e for e in events if e["UID"] == "g01-yuwen-001.1@airclass")
    assert first.start == dt.datetime(2026, 11, 23, 8, 30, tzinfo=first.start.tzinfo)
    assert str(first.start.tzinfo) == "Asia/Shanghai"
    assert first["SEQUENCE"] == 0
    assert first["STATUS"] == "CONFIRMED"
    assert first.DTSTAMP == f.PUBLISHED_AT == first.last_modified


def test_feed_calendar_properties(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    text = client.get(GRADE_1).content.decode()
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.calendar_name == "空中课堂 · 1 年级"
    assert "X-WR-CALNAME:空中课堂 · 1 年级\r\n" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in text
    assert "X-PUBLISHED-TTL:PT6H\r\n" in text
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Shanghai"]


def test_event_description_and_location_name_lesson_and_channel(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    event = _calendar(client).walk("VEVENT")[0]
    description = str(event["DESCRIPTION"])
    assert "语文" in description and "第1课" in description
    assert "演示省教育电视台·小学低年级 (SJY-1)" in description
    assert "https://demo-province.airclass.example/tasks/g01-yuwen-001.pdf" in description
    assert str(event["LOCATION"]) == "演示省教育电视台·小学低年级 (SJY-1)"


def test_feed_parses_with_vobject_and_recurring_ical_events(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    text = client.get(GRADE_1).content.decode()
    parsed = vobject.readOne(text)
    assert sorted(e.uid.value for e in parsed.vevent_list) == [
        "g01-yuwen-001.1@airclass",
        "g01-yuwen-002.1@airclass",
    ]
    monday = recurring_ical_events.of(icalendar.Calendar.from_ical(text)).at(f.WEEK)
    assert [str(e["UID"]) for e in monday] == ["g01-yuwen-001.1@airclass"]


def test_channel_feed_holds_the_channels_airings(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    senior = f.airing("g10-shuxue-001.1@airclass", channel=f.SENIOR, grade=10)
    publish_plan(f.plan([f.airing("g01-yuwen-001.1@airclass"), senior]))
    calendar = _calendar(client, f"/feeds/channel/{f.SENIOR}.ics")
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == ["g10-shuxue-001.1@airclass"]
    assert "演示省教育电视台·高中 (SJY-4)" in str(calendar.calendar_name)


def test_empty_schedule_is_still_a_valid_calendar(client: TestClient) -> None:
    text = client.get("/feeds/grade/7.ics").content.decode()
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.walk("VEVENT") == []
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Shanghai"]
    assert vobject.readOne(text).name == "VCALENDAR"


def test_lines_are_folded_at_75_octets_without_splitting_characters(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    long_title = "古诗二首：咏柳、春日，以及一段很长的课文标题用来测试折行" * 3
    publish_plan(f.plan([f.airing("g01-yuwen-001.1@airclass", title=long_title)]))
    body = client.get(GRADE_1).content
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    lines = body.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # raises if a fold split a multi-byte character
    assert any(line.startswith(b" ") for line in lines)
    assert long_title in str(icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["SUMMARY"])


def test_cancelled_airing_shows_as_cancelled(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    publish_plan(
        f.plan([f.airing("g01-yuwen-001.1@airclass")]), now=f.PUBLISHED_AT + dt.timedelta(days=1)
    )
    events = {str(e["UID"]): e for e in _calendar(client).walk("VEVENT")}
    dropped = events["g01-yuwen-002.1@airclass"]
    assert dropped["STATUS"] == "CANCELLED"
    assert str(dropped["SUMMARY"]).startswith("【停播】")
    assert dropped["SEQUENCE"] == 1


def test_window_is_seven_days_back_and_35_ahead(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    today = f.NOW.date()
    in_past = f.airing("g01-yuwen-001.1@airclass", week=today - dt.timedelta(days=7))
    too_old = f.airing("g01-yuwen-002.1@airclass", week=today - dt.timedelta(days=8))
    last_day = f.airing("g01-yuwen-003.1@airclass", week=today + dt.timedelta(days=35))
    too_far = f.airing("g01-yuwen-004.1@airclass", week=today + dt.timedelta(days=36))
    publish_plan(f.plan([in_past, too_old, last_day, too_far]))
    uids = sorted(str(e["UID"]) for e in _calendar(client).walk("VEVENT"))
    assert uids == ["g01-yuwen-001.1@airclass", "g01-yuwen-003.1@airclass"]


def test_unknown_grade_is_404_with_a_helpful_body(client: TestClient) -> None:
    response = client.get("/feeds/grade/13.ics")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "feeds.unknown_grade"
    assert "1–12" in body["detail"]["en"] and "1–12" in body["detail"]["zh"]


def test_unknown_channel_is_404_listing_known_channels(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    response = client.get("/feeds/channel/nope.example.ics")
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert "nope.example" in detail["en"] and f.PRIMARY in detail["en"]
    assert f.PRIMARY in detail["zh"]


def test_feeds_ignore_user_agent_and_set_no_cookie(client: TestClient) -> None:
    for agent in ("", "curl/8.0", "Mozilla/5.0 (iPhone)", "ICSx5/1.14 (okhttp)", "python-requests"):
        response = client.get(GRADE_1, headers={"User-Agent": agent})
        assert response.status_code == 200
        assert "set-cookie" not in response.headers


def test_feed_summary_does_not_repeat_the_lesson_number(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    publish_plan(f.plan([f.airing("g01-daode-001.1@airclass", title="第1课 我们的好朋友")]))
    event = _calendar(client).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "语文 第1课 我们的好朋友"
