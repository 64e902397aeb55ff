"""Filling the time between programmes with clips, so a rundown tiles its day exactly.

A gap between two programmes becomes, in this order:

    [eye exercise (L4, after a lesson)] [ad break (B1)] [filler …] [slate] [ident] → next

- the eye-exercise interstitial follows every lesson when it fits whole;
- an ad break placeholder (at most `policy.ads.max_break_minutes`) only on channels with
  `ads_between_programmes`, only between two programmes, never between parts of one lesson;
- the station ident leads into the next programme when it fits whole;
- inside a broadcast window, whole fillers in rotation, then the slate for what is left;
- outside the windows the channel shows its slate (a standby card), looped.

Only the last clip before a boundary is ever trimmed, and only the slate when there is one
(fillers are trimmed only on channels without a slate).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from airclass.config.schema.channels import Channel
from airclass.config.schema.world import World
from airclass.playout.errors import MissingClipError
from airclass.playout.programmes import Programme
from airclass.playout.rundown import ItemKind, RundownItem
from airclass.solver.plan import Airing


@dataclass(frozen=True)
class ClipBox:
    """Turns asset ids into rundown items: source path and true length in frames."""

    channel: Channel
    world: World
    clip_frames: Mapping[str, int]

    def frames(self, asset: str) -> int:
        frames = self.clip_frames.get(asset)
        if not frames or frames <= 0:
            raise MissingClipError(channel=self.channel.id, what=f"length of asset {asset!r}")
        return frames

    def item(
        self,
        asset: str,
        kind: ItemKind,
        start: int,
        frames: int | None = None,
        *,
        clip_frames: int | None = None,
        title: str = "",
        airing: Airing | None = None,
    ) -> RundownItem:
        """The clip from its first frame, for `frames` (all of it when None)."""
        if asset not in self.world.assets:
            raise MissingClipError(channel=self.channel.id, what=f"asset {asset!r} in assets.toml")
        length = clip_frames or self.frames(asset)
        frames = length if frames is None else frames
        return RundownItem(
            start=start,
            duration=frames,
            kind=kind,
            asset=asset,
            source=self.world.assets[asset].path,
            in_point=0,
            out_point=frames,
            clip_frames=length,
            title=title or self.world.assets[asset].title,
            airing=airing,
        )

    def loop(
        self, asset: str, kind: ItemKind, start: int, end: int, *, title: str = ""
    ) -> list[RundownItem]:
        """The clip repeated from `start` to `end`, the last copy trimmed."""
        items, length = [], self.frames(asset)
        while start < end:
            items.append(self.item(asset, kind, start, min(length, end - start), title=title))
            start = items[-1].end
        return items


@dataclass
class GapFiller:
    clips: ClipBox
    windows: list[tuple[int, int]]
    ad_break_frames: int
    """Longest ad break; 0 on channels that forbid ads (B1)."""
    turn: int = 0
    """Position in the filler rotation, carried from gap to gap."""

    @property
    def _channel(self) -> Channel:
        return self.clips.channel

    def fill(
        self, start: int, end: int, *, after: Programme | None, before: Programme | None
    ) -> list[RundownItem]:
        if start >= end:
            return []
        head = self._after_lesson(start, end, after)
        cursor = head[-1].end if head else start
        tail = self._ident(cursor, end, before)
        stop = tail[0].start if tail else end
        ads = self._ad_break(cursor, stop, after, before)
        cursor = ads[-1].end if ads else cursor
        return head + ads + self._span(cursor, stop) + tail

    def _after_lesson(self, start: int, end: int, after: Programme | None) -> list[RundownItem]:
        eye = self._channel.clips.eye_exercise
        if after is None or after.kind is not ItemKind.LESSON or eye is None:
            return []
        if self.clips.frames(eye) > end - start:
            return []
        return [self.clips.item(eye, ItemKind.BREAK_INTERSTITIAL, start)]

    def _ident(self, start: int, end: int, before: Programme | None) -> list[RundownItem]:
        ident = self._channel.clips.ident
        if before is None or ident is None or self.clips.frames(ident) > end - start:
            return []
        return [self.clips.item(ident, ItemKind.STATION_IDENT, end - self.clips.frames(ident))]

    def _ad_break(
        self, start: int, end: int, after: Programme | None, before: Programme | None
    ) -> list[RundownItem]:
        source = self._channel.clips.ad_break or self._channel.clips.slate
        if not self.ad_break_frames or source is None or after is None or before is None:
            return []
        if after.lesson_id is not None and after.lesson_id == before.lesson_id:
            return []  # two parts of one lesson: no advert between them (B1)
        stop = min(end, start + self.ad_break_frames)
        return self.clips.loop(source, ItemKind.AD_BREAK, start, stop, title="ad break")

    def _span(self, start: int, end: int) -> list[RundownItem]:
        items: list[RundownItem] = []
        for piece_start, piece_end, on_air in self._pieces(start, end):
            if on_air:
                fillers = self._rotation(piece_start, piece_end, trim_last=False)
                items += fillers + self._pad(fillers[-1].end if fillers else piece_start, piece_end)
            else:
                items += self._pad(piece_start, piece_end)
        return items

    def _pieces(self, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
        """(start, end, inside a window) pieces of a span, in order."""
        cursor = start
        for window_start, window_end in self.windows:
            if window_end <= cursor or window_start >= end:
                continue
            if window_start > cursor:
                yield cursor, window_start, False
            cursor_end = min(window_end, end)
            yield max(cursor, window_start), cursor_end, True
            cursor = cursor_end
        if cursor < end:
            yield cursor, end, False

    def _rotation(self, start: int, end: int, *, trim_last: bool) -> list[RundownItem]:
        fillers = self._channel.clips.filler
        items: list[RundownItem] = []
        while fillers and start < end:
            order = [(self.turn + k) % len(fillers) for k in range(len(fillers))]
            fitting = [i for i in order if self.clips.frames(fillers[i]) <= end - start]
            if not fitting and not trim_last:
                break
            index = fitting[0] if fitting else order[0]
            self.turn = (index + 1) % len(fillers)
            frames = min(self.clips.frames(fillers[index]), end - start)
            items.append(self.clips.item(fillers[index], ItemKind.FILLER, start, frames))
            start = items[-1].end
        return items

    def _pad(self, start: int, end: int) -> list[RundownItem]:
        """The slate looped over the span; fillers trimmed to fit on channels without one."""
        if start >= end:
            return []
        if self._channel.clips.slate:
            return self.clips.loop(self._channel.clips.slate, ItemKind.SLATE, start, end)
        if self._channel.clips.filler:
            return self._rotation(start, end, trim_last=True)
        raise MissingClipError(channel=self._channel.id, what="clips.slate")
