"""One CSV per channel for the week: every rundown item with timecodes and frames."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Iterator
from functools import partial

from airclass.config.timecode import timecode
from airclass.playout.export.base import Exporter, Part, Scope
from airclass.playout.rundown import Rundown

COLUMNS = (
    "playlist_date",
    "air_date",
    "start",
    "end",
    "duration",
    "kind",
    "title",
    "lesson_id",
    "airing_uid",
    "source",
    "in_point",
    "out_point",
    "start_frame",
    "duration_frames",
)


class CsvExporter(Exporter):
    scope = Scope.CHANNEL
    path_template = "csv/{channel}.csv"
    media_type = "text/csv"

    def render(self, part: Part) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for rundown in part.rundowns:
            writer.writerows(_rows(rundown))
        return buffer.getvalue().encode("utf-8")


def _rows(rundown: Rundown) -> Iterator[tuple[object, ...]]:
    # Lengths and in/out points repeat thousands of times a day (looped slates): cache them.
    length = functools.lru_cache(maxsize=4096)(partial(timecode, rate=rundown.rate))
    playlist_date = rundown.date.isoformat()
    for item in rundown.items:
        air_date = rundown.date + dt.timedelta(days=item.start // rundown.day_frames)
        yield (
            playlist_date,
            air_date.isoformat(),
            rundown.clock(item.start),
            rundown.clock(item.end),
            length(item.duration),
            item.kind.value,
            item.title,
            item.lesson_id or "",
            item.airing.uid if item.airing else "",
            item.source,
            length(item.in_point),
            length(item.out_point),
            item.start,
            item.duration,
        )
