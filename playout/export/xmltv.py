"""XMLTV programme guide for the week: `xmltv.xml`, valid against the XMLTV DTD.

Lessons and fixed items only; interstitials, idents, filler, ad breaks and the slate are
not programmes. Channel ids are the config's domain-like ids (`cetv4.airclass`); times are
local with their offset, `20260907080000 +0800`.
"""

from __future__ import annotations

import datetime as dt

from airclass.config.i18n import t
from airclass.config.schema.world import LessonRef
from airclass.playout.export.base import Exporter, Part, Scope
from airclass.playout.rundown import ItemKind, Rundown, RundownItem
from airclass.solver.plan import title_after_number
from lxml import etree

TIME_FORMAT = "%Y%m%d%H%M%S %z"
GENERATOR = "airclass"


class XmltvExporter(Exporter):
    scope = Scope.WEEK
    path_template = "xmltv.xml"
    media_type = "application/xml"

    def render(self, part: Part) -> bytes:
        created = self.context.plan.created_at
        if created.tzinfo is None:  # plan.json times are UTC
            created = created.replace(tzinfo=dt.UTC)
        tv = etree.Element(
            "tv", {"date": created.strftime(TIME_FORMAT), "generator-info-name": GENERATOR}
        )
        for channel in sorted(self.context.world.channels, key=lambda c: c.id):
            node = etree.SubElement(tv, "channel", id=channel.id)
            _text(node, "display-name", channel.name, lang="zh")
            if channel.name_en:
                _text(node, "display-name", channel.name_en, lang="en")
            _text(node, "display-name", channel.number)
        lessons = {ref.id: ref for ref in self.context.world.lessons()}
        rundowns = sorted(part.rundowns, key=lambda r: (r.channel.id, r.date))
        for rundown in rundowns:
            for item in rundown.programmes:
                tv.append(self._programme(rundown, item, lessons))
        return etree.tostring(
            etree.ElementTree(tv),
            xml_declaration=True,
            encoding="UTF-8",
            pretty_print=True,
            doctype='<!DOCTYPE tv SYSTEM "xmltv.dtd">',
        )

    def _programme(
        self, rundown: Rundown, item: RundownItem, lessons: dict[str, LessonRef]
    ) -> etree._Element:
        node = etree.Element(
            "programme",
            {
                "start": rundown.wall_clock(item.start).strftime(TIME_FORMAT),
                "stop": rundown.wall_clock(item.end).strftime(TIME_FORMAT),
                "channel": rundown.channel.id,
            },
        )
        if item.kind is ItemKind.LESSON and item.airing and item.airing.lesson_id in lessons:
            self._lesson(node, item, lessons[item.airing.lesson_id])
        else:
            _text(node, "title", item.title, lang="zh")
        return node

    def _lesson(self, node: etree._Element, item: RundownItem, ref: LessonRef) -> None:
        airing = item.airing
        assert airing is not None
        domain = self.context.world.policy.domains[ref.course.domain]
        grade = {lang: t(f"playout.grade.{ref.grade}", lang) for lang in ("zh", "en")}
        subject = {"zh": ref.course.subject, "en": ref.course.subject_en}
        for lang in ("zh", "en"):
            sep = "" if lang == "zh" else " "
            _text(node, "title", f"{grade[lang]}{sep}{subject[lang]}", lang=lang)
        _text(node, "sub-title", airing.title, lang="zh")
        for lang in ("zh", "en"):
            desc = t(
                "playout.lesson.desc",
                lang,
                grade=grade[lang],
                subject=subject[lang],
                number=airing.lesson_number,
                title=title_after_number(airing.title, airing.lesson_number),
            )
            _text(node, "desc", desc, lang=lang)
        names = {"zh": domain.name_zh, "en": domain.name_en}
        for values in (grade, subject, names):
            for lang in ("zh", "en"):
                _text(node, "category", values[lang], lang=lang)
        _text(node, "language", "zh")
        _text(node, "episode-num", f". {airing.lesson_number - 1} .", system="xmltv_ns")
        _text(node, "episode-num", airing.lesson_id, system="onscreen")
        if airing.is_repeat:
            etree.SubElement(node, "previously-shown")


def _text(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    node = etree.SubElement(parent, tag, attributes)
    node.text = text
    return node
