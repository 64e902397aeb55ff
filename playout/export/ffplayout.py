"""ffplayout JSON playlists, one per channel-day: `ffplayout/<channel>/YYYY/MM/YYYY-MM-DD.json`.

    {"channel": "…", "date": "2026-09-07",
     "program": [{"in": 0, "out": 30.0, "duration": 30.0, "source": "/srv/media/…",
                  "title": "…", "category": "slate"}, …]}

ffplayout starts the list at its configured day start and plays each item from `in` to `out`
(seconds into the file; `duration` is the whole file), so an item starts at the day start
plus the sum of `out − in` before it. Ad-break placeholders carry the category
`advertisement`, the one value ffplayout acts on.
"""

from __future__ import annotations

import json
from typing import Any

from airclass.config.timecode import FrameRate
from airclass.playout.concat_script import microseconds
from airclass.playout.export.base import Exporter, Part, Scope
from airclass.playout.rundown import ItemKind, Rundown, RundownItem


def playlist_seconds(frames: int, rate: FrameRate) -> float:
    return microseconds(frames, rate) / 1_000_000


class FfplayoutExporter(Exporter):
    scope = Scope.CHANNEL_DAY
    path_template = "ffplayout/{channel}/{date:%Y}/{date:%m}/{date:%Y-%m-%d}.json"
    media_type = "application/json"

    def render(self, part: Part) -> bytes:
        (rundown,) = part.rundowns
        head = {"channel": rundown.channel.name, "date": rundown.date.isoformat()}
        sources: dict[str, str] = {}
        entries = [_dump(self._entry(rundown, item, sources)) for item in rundown.items]
        # One programme entry per line: readable, diffable, and fast to write.
        text = _dump(head)[:-1] + ',"program":[\n' + ",\n".join(entries) + "\n]}\n"
        return text.encode("utf-8")

    def _entry(
        self, rundown: Rundown, item: RundownItem, sources: dict[str, str]
    ) -> dict[str, Any]:
        rate = rundown.rate
        if item.source not in sources:
            sources[item.source] = str(self.context.media_root / item.source)
        return {
            "in": playlist_seconds(item.in_point, rate),
            "out": playlist_seconds(item.out_point, rate),
            "duration": playlist_seconds(item.clip_frames, rate),
            "source": sources[item.source],
            "title": item.title,
            "category": "advertisement" if item.kind is ItemKind.AD_BREAK else item.kind.value,
        }


def _dump(value: dict[str, Any]) -> str:
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
