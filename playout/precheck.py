"""`playout check`: before air, check every source the week's ffplayout playlists name.

For each source: the file exists; its true length is known; it covers what each playlist item
plays; and, with the catalogue, it may air on the channel. Per channel-day and timecode:

- shortfall: the file ends before the item's out point, so the channel would show dead air;
- overrun: a lesson or fixed item is longer than the rundown planned, so its end is cut;
- held: the one gate (media.gate) holds a lecture on this channel: it needs a pass under the
  channel's acceptance profile at its grade's window and every review level (C5, C4, L3).
  Named with its file, first airing and reason. Channel clips and fixed programmes are not
  lessons: no review, and a slate or a still legitimately fails a lecture's picture checks, so
  they only need a validation of their current file (unvalidated: fixed fails, clips warn).

True lengths come from a `Measure`: the validated catalogue (`catalogue_measure`, checksum +
latest validation) or, without one, ffprobe (`probe_measure`). Then the week's breaks
(L4, playout.break_check): they span channels, since a grade's break may cross to another.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path, PurePosixPath

from airclass.config.clearance import Hold
from airclass.config.i18n import t
from airclass.config.schema.assets import Asset, AssetKind
from airclass.config.schema.channels import Channel
from airclass.config.schema.world import World
from airclass.config.timecode import FrameRate, frames_from_minutes, frames_from_seconds, timecode
from airclass.playout import ffmpeg_process
from airclass.playout.break_check import pre_air_problems
from airclass.playout.rundown import DAY_MINUTES
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

PROGRAMME_CATEGORIES = frozenset({"lesson", "fixed"})


@dataclass(frozen=True)
class Measured:
    """What is known of one source file: its length in frames, or why not."""

    frames: int | None
    problem: str | None = None
    fields: dict[str, object] = field(default_factory=dict)


Measure = Callable[[Path, FrameRate], Measured]
Clearance = Callable[[Asset | None, Path, Channel], Hold | None]
"""Why a source may not air on a channel (None: it may)."""


@dataclass(frozen=True)
class CheckProblem:
    key: str
    fields: dict[str, object]
    channel: str = ""
    day: str = ""
    is_warning: bool = False
    """Only an unvalidated channel clip (slate, filler, ident…): it airs, but say so."""
    hold: Hold | None = None
    """Why the gate holds the source, for `held` problems."""

    def message(self, lang: str = "en") -> str:
        reason = {} if self.hold is None else {"reason": self.hold.message(lang)}
        return t(self.key, lang, **self.fields, **reason)


@dataclass
class CheckReport:
    sources: int = 0
    days: int = 0
    problems: list[CheckProblem] = field(default_factory=list)

    @property
    def is_ok(self) -> bool:
        return not any(not problem.is_warning for problem in self.problems)


def catalogue_measure(session: Session, fallback: Measure | None = None) -> Measure:
    """Length from the latest validation of the file's current checksum (media.catalogue).

    A file the catalogue does not know is reported; `fallback` (ffprobe) still measures it,
    so its shortfalls and overruns are found too. With `catalogue_clearance` the gate reports
    such a file instead, so `fallback` measures it silently.
    """
    from airclass.media.catalogue import current_checksum, latest_validation

    def measure(path: Path, rate: FrameRate) -> Measured:
        if not path.is_file():
            return Measured(None, "playout.check.missing")
        checksum = current_checksum(session, path)
        validation = latest_validation(session, checksum)
        if validation is None or validation.duration_frames is None:
            frames = fallback(path, rate).frames if fallback else None
            return Measured(frames, "playout.check.unvalidated", {"checksum": checksum[:12]})
        return Measured(validation.duration_frames)

    return measure


def catalogue_clearance(session: Session, world: World) -> Clearance:
    """The one gate for each lesson's file on a channel (media.gate, at the channel's
    acceptance profile); other sources are not lessons and pass it."""
    from airclass.media.gate import lesson_status

    lessons = {ref.lesson.asset: ref for ref in world.lessons()}

    def clearance(asset: Asset | None, path: Path, channel: Channel) -> Hold | None:
        if asset is None or asset.id not in lessons or not path.is_file():
            return None  # not a lesson, or reported as missing already
        ref = lessons[asset.id]
        status = lesson_status(
            session, world, asset.id, grade=ref.grade, lesson_id=ref.id, path=path,
            channel=channel,
        )  # fmt: skip
        return status.hold

    return clearance


def _is_lesson(asset: Asset | None) -> bool:
    return asset is not None and asset.kind is AssetKind.LECTURE


def probe_measure(
    ffprobe: Path, *, timeout: float = ffmpeg_process.DEFAULT_TIMEOUT_SECONDS
) -> Measure:
    """Length of the first video stream by ffprobe: its frame count, else duration × rate."""

    def measure(path: Path, rate: FrameRate) -> Measured:
        if not path.is_file():
            return Measured(None, "playout.check.missing")
        out = ffmpeg_process.run(
            [
                ffprobe,
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=nb_frames,duration",
                "-of",
                "json",
                path,
            ],
            timeout=timeout,
        )
        streams = json.loads(out).get("streams") or [{}]
        stream = streams[0]
        if str(stream.get("nb_frames", "")).isdigit():
            return Measured(int(stream["nb_frames"]))
        return Measured(frames_from_seconds(Fraction(stream.get("duration", "0")), rate))

    return measure


def check_week(
    export_dir: Path,
    world: World,
    measure: Measure,
    *,
    media_root: Path | None = None,
    clearance: Clearance | None = None,
) -> CheckReport:
    """Check every source of every ffplayout playlist under `export_dir/ffplayout`.

    With `media_root`, sources are looked up by their asset path under that folder instead
    of the absolute path written in the playlist (to check a copy on another machine). With
    `clearance`, a source the gate holds on a channel is reported at its first airing there.
    """
    report = CheckReport()
    measured: dict[str, Measured] = {}
    located: dict[str, tuple[Asset | None, Path]] = {}
    judged: set[tuple[str, str]] = set()
    by_path = {asset.path: asset for asset in world.assets.values()}
    for channel_id, day, playlist in _playlists(export_dir):
        report.days += 1
        channel = world.channel(channel_id)
        rate = channel.frame_rate
        cursor = frames_from_minutes(channel.day_start, rate)
        for entry in playlist["program"]:
            source = entry["source"]
            if source not in measured:
                asset, path = located[source] = _relocate(Path(source), by_path, media_root)
                measured[source] = measure(path, rate)
                unvalidated = measured[source].problem == "playout.check.unvalidated"
                gated = clearance is not None and unvalidated and _is_lesson(asset)
                if measured[source].problem and not gated:  # the gate says why, below
                    problem = _source_problem(path, measured[source], channel_id, day)
                    report.problems.append(_soften(problem, asset))
            if clearance is not None and (source, channel_id) not in judged:
                judged.add((source, channel_id))
                asset, path = located[source]
                if hold := clearance(asset, path, channel):
                    at = _clock(cursor, rate)
                    problem = _held(path, hold, entry, channel_id, day, at)
                    report.problems.append(_soften(problem, asset))
            if problem := _fit(entry, measured[source], rate):
                report.problems.append(_located(problem, rate, cursor, channel_id, day))
            cursor += _frames(entry["out"], rate) - _frames(entry["in"], rate)
    report.sources = len(measured)
    for p in pre_air_problems(export_dir, world):  # L4: eye exercises and breaks
        report.problems.append(CheckProblem(p.key, p.fields, p.channel, p.day))
    return report


def _held(
    path: Path, hold: Hold, entry: dict, channel: str, day: str, timecode: str
) -> CheckProblem:
    title = entry.get("title") or path.name
    fields = {"path": str(path), "channel": channel, "day": day, "timecode": timecode}
    return CheckProblem("playout.check.held", {**fields, "title": title}, channel, day, hold=hold)


def _clock(cursor: int, rate: FrameRate) -> str:
    return timecode(cursor % frames_from_minutes(DAY_MINUTES, rate), rate)


def _playlists(export_dir: Path) -> Iterator[tuple[str, str, dict]]:
    for path in sorted((export_dir / "ffplayout").glob("*/*/*/*.json")):
        channel_id = path.relative_to(export_dir / "ffplayout").parts[0]
        yield channel_id, path.stem, json.loads(path.read_text(encoding="utf-8"))


def _relocate(
    source: Path, by_path: dict[str, Asset], media_root: Path | None
) -> tuple[Asset | None, Path]:
    """The asset a playlist source is, and where to look for it (under `media_root` if given)."""
    parts = PurePosixPath(source.as_posix()).parts
    for start in range(len(parts)):
        relative = "/".join(parts[start:])
        if relative in by_path:
            return by_path[relative], source if media_root is None else media_root / relative
    return None, source if media_root is None else media_root / source.name


def _soften(problem: CheckProblem, asset: Asset | None) -> CheckProblem:
    """Unvalidated lectures and fixed programmes stop the air; unvalidated channel clips warn."""
    if problem.key != "playout.check.unvalidated" or asset is None:
        return problem
    if asset.kind in (AssetKind.LECTURE, AssetKind.FIXED):
        return problem
    return replace(problem, is_warning=True)


@functools.lru_cache(maxsize=8192)
def _frames(value: float, rate: FrameRate) -> int:
    """Cached: a playlist repeats the same few lengths thousands of times."""
    return frames_from_seconds(Fraction(str(value)), rate)


def _source_problem(path: Path, measured: Measured, channel: str, day: str) -> CheckProblem:
    assert measured.problem is not None
    fields = {**measured.fields, "path": str(path)}
    return CheckProblem(measured.problem, fields, channel, day)


def _fit(entry: dict, measured: Measured, rate: FrameRate) -> tuple[str, int] | None:
    """(message key, frames) of a shortfall or overrun of one item against its true length."""
    if measured.frames is None:
        return None
    if measured.frames < (out := _frames(entry["out"], rate)):
        return "playout.check.shortfall", out - measured.frames
    planned = _frames(entry["duration"], rate)
    if measured.frames > planned and entry.get("category") in PROGRAMME_CATEGORIES:
        return "playout.check.overrun", measured.frames - planned
    return None


def _located(
    problem: tuple[str, int], rate: FrameRate, start: int, channel: str, day: str
) -> CheckProblem:
    key, frames = problem
    fields = {
        "channel": channel,
        "day": day,
        "timecode": _clock(start, rate),
        "frames": frames,
        "duration": timecode(frames, rate),
    }
    return CheckProblem(key, fields, channel, day)
