"""One CSV per channel for the week: every rundown item with timecodes and frames."""

from __future__ import annotations

import csv
import io

from config.timecode import timecode
from playout.export.base import Exporter, Part, Scope

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
            rate = rundown.rate
            for item in rundown.items:
                writer.writerow(
                    (
                        rundown.date.isoformat(),
                        rundown.wall_clock(item.start).date().isoformat(),
                        rundown.clock(item.start),
                        rundown.clock(item.end),
                        timecode(item.duration, rate),
                        item.kind.value,
                        item.title,
                        item.lesson_id or "",
                        item.airing.uid if item.airing else "",
                        item.source,
                        timecode(item.in_point, rate),
                        timecode(item.out_point, rate),
                        item.start,
                        item.duration,
                    )
                )
        return buffer.getvalue().encode("utf-8")
