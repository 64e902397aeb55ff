"""A printable weekly timetable per grade (`print/grade-N.html`), A4 landscape, zh + en.

Built with lxml's HTML builder. Rows are bell times, columns the seven days; a cell names
the subject, the lesson, the channel and its clock times ("08:30–08:49"): a family reads a
clock, not a broadcast timecode (timecodes stay in the playout exports). No PDF: no library that
prints HTML to PDF without a browser or system libraries is a dependency; print from a browser.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from airclass.config.i18n import t
from airclass.playout.export.base import Exporter, Part, Scope
from airclass.playout.rundown import Rundown, RundownItem
from lxml import html
from lxml.html import builder as E

STYLE = """
@page { size: A4 landscape; margin: 10mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 9pt; }
h1 { font-size: 14pt; margin: 0 0 2mm; } p.week { margin: 0 0 3mm; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 0.3mm solid #444; padding: 1mm; vertical-align: top; }
th.time { width: 14mm; } td.time { font-weight: bold; }
.lesson { margin-bottom: 1mm; } .subject { font-weight: bold; } .tc { color: #555; font-size: 7pt; }
tr { page-break-inside: avoid; }
"""


class PrintGridExporter(Exporter):
    scope = Scope.GRADE
    path_template = "print/grade-{grade}.html"
    media_type = "text/html"

    def render(self, part: Part) -> bytes:
        week = self.context.plan.week
        days = [week + dt.timedelta(days=i) for i in range(7)]
        cells = _cells(part.rundowns, part.grade)
        title = " / ".join(
            t("playout.grid.title", lang, grade=t(f"playout.grade.{part.grade}", lang))
            for lang in ("zh", "en")
        )
        span = " / ".join(
            t("playout.grid.week", lang, start=days[0].isoformat(), end=days[-1].isoformat())
            for lang in ("zh", "en")
        )
        times = sorted({time for time, _ in cells})
        body_rows = [_row(time, days, cells) for time in times]
        if not body_rows:
            empty = " / ".join(t("playout.grid.empty", lang) for lang in ("zh", "en"))
            body_rows = [E.TR(E.TD(empty, colspan="8"))]
        document = E.HTML(
            E.HEAD(E.META(charset="utf-8"), E.TITLE(title), E.STYLE(STYLE)),
            E.BODY(
                E.H1(title),
                E.P(span, E.CLASS("week")),
                E.TABLE(E.THEAD(_header(days)), E.TBODY(*body_rows)),
            ),
        )
        document.set("lang", "zh")
        text = html.tostring(
            document, doctype="<!DOCTYPE html>", encoding="unicode", pretty_print=True
        )
        return text.encode("utf-8")


Cells = dict[tuple[str, dt.date], list[tuple[Rundown, RundownItem]]]


def _cells(rundowns: tuple[Rundown, ...], grade: int) -> Cells:
    cells: Cells = defaultdict(list)
    for rundown in rundowns:
        for item in rundown.programmes:
            if item.airing is None or item.airing.grade != grade:
                continue
            when = rundown.wall_clock(item.start)
            cells[(when.strftime("%H:%M"), when.date())].append((rundown, item))
    return cells


def _header(days: list[dt.date]) -> html.HtmlElement:
    heads = [
        E.TH(" / ".join(t("playout.grid.time", lang) for lang in ("zh", "en")), E.CLASS("time"))
    ]
    for day in days:
        names = " ".join(t(f"playout.weekday.{day.weekday()}", lang) for lang in ("zh", "en"))
        heads.append(E.TH(names, E.BR(), day.strftime("%m-%d")))
    return E.TR(*heads)


def _row(time: str, days: list[dt.date], cells: Cells) -> html.HtmlElement:
    row = [E.TD(time, E.CLASS("time"))]
    for day in days:
        row.append(E.TD(*[_entry(rundown, item) for rundown, item in cells.get((time, day), [])]))
    return E.TR(*row)


def _entry(rundown: Rundown, item: RundownItem) -> html.HtmlElement:
    airing = item.airing
    assert airing is not None
    repeat = " / ".join(t("playout.grid.repeat", lang) for lang in ("zh", "en"))
    subject = airing.subject + (f"（{repeat}）" if airing.is_repeat else "")
    start, end = rundown.wall_clock(item.start), rundown.wall_clock(item.end)
    timing = f"{start:%H:%M}–{end:%H:%M}"
    return E.DIV(
        E.DIV(subject, E.CLASS("subject")),
        E.DIV(airing.title),
        E.DIV(f"{rundown.channel.number} {rundown.channel.name}"),
        E.DIV(timing, E.CLASS("tc")),
        E.CLASS("lesson"),
    )
