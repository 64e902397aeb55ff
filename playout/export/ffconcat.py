"""ffconcat scripts for ffmpeg's concat demuxer: `ffconcat/<channel>/YYYY-MM-DD.ffconcat`."""

from __future__ import annotations

from airclass.playout.concat_script import render_script
from airclass.playout.export.base import Exporter, Part, Scope


class FfconcatExporter(Exporter):
    scope = Scope.CHANNEL_DAY
    path_template = "ffconcat/{channel}/{date:%Y-%m-%d}.ffconcat"
    media_type = "text/plain"

    def render(self, part: Part) -> bytes:
        (rundown,) = part.rundowns
        return render_script(rundown, self.context.media_root).encode("utf-8")
