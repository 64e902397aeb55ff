"""A self-contained HTML report of a validation batch, with a thumbnail at each visual finding.

Thumbnails are embedded as data URIs, so the one file can be mailed or archived as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from airclass.config.i18n import t
from airclass.media.report import FileReport, Finding
from airclass.media.thumbnails import jpeg_data_uri

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h2{font-size:1.05em;margin-top:2em;word-break:break-all}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.35em .5em;text-align:left;vertical-align:top}
.pass{color:#087f23}.warn{color:#a36b00}.fail,.error{color:#b00020}
img{display:block;border:1px solid #999}
"""


def render_html(reports: Sequence[FileReport], *, lang: str, thumbnail_width: int = 240) -> str:
    """The whole report as one HTML document."""
    title = escape(t("media.html.title", lang))
    summary = escape(t("media.html.summary", lang, files=len(reports), **_counts(reports)))
    body = "\n".join(_file_section(r, lang=lang, width=thumbnail_width) for r in reports)
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n'
        f'<head><meta charset="utf-8"><title>{title}</title><style>{_STYLE}</style></head>\n'
        f"<body>\n<h1>{title}</h1>\n<p>{summary}</p>\n{body}\n</body>\n</html>\n"
    )


def _counts(reports: Sequence[FileReport]) -> dict[str, int]:
    verdicts = [r.verdict.value for r in reports]
    return {name: verdicts.count(name) for name in ("pass", "warn", "fail", "error")}


def _file_section(report: FileReport, *, lang: str, width: int) -> str:
    verdict = report.verdict.value
    head = (
        f'<h2>{escape(report.path)} — <span class="{verdict}">'
        f"{escape(t(f'media.verdict.{verdict}', lang))}</span></h2>"
    )
    length = escape(t("media.html.length", lang, frames=report.duration_frames or "-"))
    if not report.findings:
        return f"{head}\n<p>{length}</p>"
    rows = "\n".join(_finding_row(report, f, width=width) for f in report.findings)
    columns = "".join(f"<th>{escape(t(f'media.html.{c}', lang))}</th>" for c in _COLUMNS)
    return f"{head}\n<p>{length}</p>\n<table><tr>{columns}</tr>\n{rows}\n</table>"


_COLUMNS = ("timecode", "severity", "code", "message", "picture")


def _finding_row(report: FileReport, finding: Finding, *, width: int) -> str:
    picture = ""
    if finding.visual and finding.seconds is not None:
        uri = jpeg_data_uri(Path(report.path), finding.seconds, width=width)
        if uri:
            picture = f'<img src="{uri}" width="{width}" alt="{escape(finding.timecode or "")}">'
    cells = (
        escape(finding.timecode or ""),
        f'<span class="{finding.severity.value}">{escape(finding.severity.value)}</span>',
        f"<code>{escape(finding.code)}</code>",
        escape(finding.message),
        picture,
    )
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
