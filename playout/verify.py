"""`playout verify`: play an ffconcat stretch through ffmpeg's concat demuxer and check it.

The stretch (whole items that overlap `--from … --to`) is stream-copied to MPEG-TS, or, when
copying fails, encoded small. Then:

- the rendered video timestamps must sit on the frame grid and run without a gap from the
  first frame to the planned total (a short source leaves a gap, a long one overlaps);
- in copy mode, the packet the demuxer sends at each item's planned offset must be the first
  packet of that item's source, so every item starts on its planned frame (±0).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from airclass.config.i18n import t
from airclass.config.timecode import FrameRate, frames_from_minutes, timecode
from airclass.playout import ffmpeg_process, transport_stream
from airclass.playout.concat_script import HEADER, ConcatEntry, ConcatScript, read_script
from airclass.playout.errors import ConcatScriptError, RenderError
from airclass.playout.rundown import DAY_MINUTES

logger = logging.getLogger(__name__)


class RenderMode(StrEnum):
    COPY = "copy"
    ENCODE = "encode"


@dataclass(frozen=True)
class Problem:
    key: str
    fields: dict[str, object]

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.fields)


@dataclass
class VerifyReport:
    script: Path
    output: Path
    mode: RenderMode
    probe: str
    items: int
    planned_frames: int
    rendered_frames: int
    first_frame: int
    rate: FrameRate
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Tools:
    ffmpeg: Path
    ffprobe: Path
    timeout: float = ffmpeg_process.DEFAULT_TIMEOUT_SECONDS


def verify_script(
    path: Path,
    tools: Tools,
    *,
    start_minutes: int | None = None,
    end_minutes: int | None = None,
    output: Path | None = None,
    encode: bool = False,
) -> VerifyReport:
    """Render and check the items of `path` that overlap the local clock stretch given.

    `encode` skips the stream copy (the packet checks need it) and checks timing only.
    """
    script = read_script(path)
    first, entries = _stretch(script, start_minutes, end_minutes)
    if not entries:
        raise ConcatScriptError(path=str(path), line=0, reason="no item plays in that stretch")
    with tempfile.TemporaryDirectory(prefix="airclass-verify-") as work:
        stretch = Path(work) / "stretch.ffconcat"
        stretch.write_text(_script_text(entries), encoding="utf-8")
        target = output or Path(work) / "stretch.ts"
        mode = _render(stretch, target, tools, encode=encode)
        probe, stamps = _video_stamps(target, tools)
        planned = script.starts()
        starts = [start - planned[first] for start in planned[first : first + len(entries)]]
        report = VerifyReport(
            script=path,
            output=target,
            mode=mode,
            probe=probe,
            items=len(entries),
            planned_frames=sum(script.frames(e.duration) for e in entries),
            rendered_frames=len(stamps),
            first_frame=planned[first] if planned else script.day_start,
            rate=script.rate,
        )
        report.problems += _timing_problems(script, report, stamps)
        if mode is RenderMode.COPY:
            report.problems += _start_problems(script, report, entries, starts, stretch, tools)
    return report


def _stretch(
    script: ConcatScript, start_minutes: int | None, end_minutes: int | None
) -> tuple[int, list[ConcatEntry]]:
    """(index of the first entry, entries) overlapping the stretch; all entries by default."""
    lo = _day_frame(script, start_minutes, default=script.day_start)
    day = frames_from_minutes(DAY_MINUTES, script.rate)
    hi = _day_frame(script, end_minutes, default=script.day_start + day)
    if hi <= lo:
        hi += day
    chosen = [
        i
        for i, (entry, start) in enumerate(zip(script.entries, script.starts(), strict=True))
        if start < hi and start + script.frames(entry.duration) > lo
    ]
    if not chosen:
        return 0, []
    return chosen[0], list(script.entries[chosen[0] : chosen[-1] + 1])


def _day_frame(script: ConcatScript, minutes: int | None, *, default: int) -> int:
    if minutes is None:
        return default
    frame = frames_from_minutes(minutes, script.rate)
    return (
        frame
        if frame >= script.day_start
        else frame + frames_from_minutes(DAY_MINUTES, script.rate)
    )


def _script_text(entries: list[ConcatEntry]) -> str:
    lines = [HEADER]
    for entry in entries:
        lines += [
            "file '" + entry.file.replace("'", "'\\''") + "'",
            f"inpoint {float(entry.inpoint)!r}",
            f"outpoint {float(entry.outpoint)!r}",
            f"duration {float(entry.duration)!r}",
        ]
    return "\n".join(lines) + "\n"


def _concat_input(tools: Tools, stretch: Path) -> list[str | Path]:
    return [
        tools.ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        stretch,
    ]


def _render(stretch: Path, target: Path, tools: Tools, *, encode: bool) -> RenderMode:
    """Stream copy when the sources allow it, else a small fast encode."""
    maps = ["-map", "0:v:0", "-map", "0:a?"]
    try:
        if not encode:
            ffmpeg_process.run(
                [*_concat_input(tools, stretch), *maps, "-c", "copy", "-f", "mpegts", "-y", target],
                timeout=tools.timeout,
            )
            return RenderMode.COPY
    except RenderError as exc:
        logger.warning("stream copy failed, encoding instead: %s", exc)
    encode = ["-vf", "scale=-2:144", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0"]
    ffmpeg_process.run(
        [
            *_concat_input(tools, stretch),
            *maps,
            *encode,
            "-fps_mode",
            "passthrough",
            "-c:a",
            "aac",
            "-f",
            "mpegts",
            "-y",
            target,
        ],
        timeout=tools.timeout,
    )
    return RenderMode.ENCODE


def _video_stamps(target: Path, tools: Tools) -> tuple[str, list[int]]:
    """Video PTS in 1/90000 s by ffprobe, or by our own reader when ffprobe cannot read TS."""
    command: list[str | Path] = [
        tools.ffprobe,
        "-v",
        "error",
        "-select_streams",
        "v:0",
        "-show_entries",
        "packet=pts",
        "-of",
        "csv=p=0",
        target,
    ]
    try:
        out = ffmpeg_process.run(command, timeout=tools.timeout)
        # A packet with side data gets a trailing "," and a blank line: keep the first field.
        fields = (line.split(",", 1)[0].strip() for line in out.splitlines())
        return "ffprobe", sorted(int(value) for value in fields if value.isdigit())
    except RenderError as exc:
        logger.warning(
            "ffprobe cannot read %s, reading the transport stream directly: %s", target, exc
        )
        return "ts-reader", sorted(transport_stream.video_pts(target))


def _timing_problems(
    script: ConcatScript, report: VerifyReport, stamps: list[int]
) -> list[Problem]:
    rate = script.rate
    problems = []
    if report.rendered_frames != report.planned_frames:
        problems.append(
            Problem(
                "playout.verify.total",
                {
                    "planned": timecode(report.planned_frames, rate),
                    "actual": timecode(report.rendered_frames, rate),
                },
            )
        )
    per_frame = transport_stream.TIME_BASE * rate.den
    for index, stamp in enumerate(stamps):
        ticks = (stamp - stamps[0]) * rate.num
        if ticks % per_frame or ticks // per_frame != index:
            at = timecode(
                (report.first_frame + index) % frames_from_minutes(DAY_MINUTES, rate), rate
            )
            problems.append(Problem("playout.verify.gap", {"timecode": at}))
            break
    return problems


def _start_problems(
    script: ConcatScript,
    report: VerifyReport,
    entries: list[ConcatEntry],
    starts: list[int],
    stretch: Path,
    tools: Tools,
) -> list[Problem]:
    """Each item's planned offset must carry the first packet of its source."""
    sent = _packet_hashes([*_concat_input(tools, stretch)], tools)
    firsts: dict[str, str] = {}
    problems = []
    day = frames_from_minutes(DAY_MINUTES, script.rate)
    for index, (entry, offset) in enumerate(zip(entries, starts, strict=True), start=1):
        if entry.file not in firsts:
            firsts[entry.file] = _first_packet_hash(entry, stretch.parent, tools)
        if offset >= len(sent) or sent[offset] != firsts[entry.file]:
            at = timecode((report.first_frame + offset) % day, script.rate)
            problems.append(
                Problem(
                    "playout.verify.start",
                    {
                        "index": index,
                        "source": Path(entry.file).name,
                        "timecode": at,
                    },
                )
            )
    return problems


def _packet_hashes(command: list[str | Path], tools: Tools, *, frames: int = 0) -> list[str]:
    """MD5 of each video packet, in order, as ffmpeg's framemd5 muxer reports them."""
    limit: list[str | Path] = ["-frames:v", str(frames)] if frames else []
    out = ffmpeg_process.run(
        [*command, "-map", "0:v:0", "-c", "copy", *limit, "-f", "framemd5", "-"],
        timeout=tools.timeout,
    )
    return [
        line.rsplit(",", 1)[1].strip()
        for line in out.splitlines()
        if line and not line.startswith("#")
    ]


def _first_packet_hash(entry: ConcatEntry, work: Path, tools: Tools) -> str:
    """Through the concat demuxer too, so its packet conversions (Annex B) apply alike."""
    single = work / "single.ffconcat"
    single.write_text(_script_text([entry]), encoding="utf-8")
    return next(iter(_packet_hashes(_concat_input(tools, single), tools, frames=1)), "")
