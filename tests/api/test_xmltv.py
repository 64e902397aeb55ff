"""`GET /xmltv.xml`: a valid XMLTV document of the published lessons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from tests.api import factories as f
from tests.api.conftest import PublishPlan

pytestmark = pytest.mark.dates  # reads "now": CI runs it under far-apart dates too

DTD = Path(__file__).resolve().parents[1] / "playout" / "data" / "xmltv.dtd"


def test_xmltv_lists_channels_and_lessons_and_is_valid(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    publish_plan(f.plan([f.airing("g01-yuwen-001.1@airclass", is_repeat=True)]))
    response = client.get("/xmltv.xml")
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.content)
    assert etree.DTD(str(DTD)).validate(document)
    assert {c.get("id") for c in document.iter("channel")} == {f.PRIMARY, f.SENIOR}
    programme = document.find("programme")
    assert programme is not None
    assert programme.get("start") == "20261123083000 +0800"
    assert programme.get("channel") == f.PRIMARY
    assert programme.findtext("title[@lang='zh']") == "语文 第1课 识字1 春夏秋冬"
    assert programme.find("previously-shown") is not None


def test_xmltv_leaves_out_cancelled_airings(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    publish_plan(
        f.plan([f.airing("g01-yuwen-001.1@airclass")]), now=f.PUBLISHED_AT + dt.timedelta(days=1)
    )
    document = etree.fromstring(client.get("/xmltv.xml").content)
    assert len(document.findall("programme")) == 1


def test_xmltv_without_a_published_schedule_is_empty_but_valid(client: TestClient) -> None:
    document = etree.fromstring(client.get("/xmltv.xml").content)
    assert document.tag == "tv" and len(document) == 0
    assert etree.DTD(str(DTD)).validate(document)


def test_xmltv_title_does_not_repeat_the_lesson_number(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    publish_plan(f.plan([f.airing("g01-daode-001.1@airclass", title="第1课 我们的好朋友")]))
    document = etree.fromstring(client.get("/xmltv.xml").content)
    titles = document.xpath("//programme/title[@lang='zh']/text()")
    assert titles == ["语文 第1课 我们的好朋友"]
