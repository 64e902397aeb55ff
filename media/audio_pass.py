"""The one audio-only pass: loudness (ebur128) and silence (silencedetect) in one graph.

[0:a:0]ebur128=peak=true:framelog=verbose,silencedetect=n=-50dB:d=0.4[out]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from airclass.config.binaries import ffmpeg
from airclass.config.schema.profile import MediaProfile
from airclass.media.ffmpeg_log import (
    LOG_ARGS,
    PROGRESS_ARGS,
    DecodeErrors,
    TimeRun,
    decode_errors,
    final_progress,
    floats,
    pair_runs,
)
from airclass.media.tool import run

_SUMMARY = re.compile(r"Summary:(.*)", re.DOTALL)
_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-?inf) LUFS")
_PEAK = re.compile(r"Peak:\s+(-?[\d.]+|-?inf) dBFS")
_SILENCE_START = re.compile(r"silence_start: (\S+)")
_SILENCE_END = re.compile(r"silence_end: (\S+)")


@dataclass(frozen=True)
class AudioScan:
    seconds: float
    """Start of the last decoded audio frame (the end lies at most one frame later)."""
    integrated_lufs: float | None
    peak_db: float | None
    """True peak (dBTP) or sample peak (dBFS), as the profile asks."""
    silence: list[TimeRun]
    errors: DecodeErrors


def audio_graph(profile: MediaProfile) -> str:
    silence = profile.silence
    shortest = min(silence.min_seconds, profile.adverts.break_min_seconds)
    steps = [f"silencedetect=n={silence.noise_db}dB:d={shortest}"]
    if profile.loudness is not None:
        # Per-frame lines at verbose level stay out of the info log ("quiet" needs ffmpeg ≥ 6).
        steps.insert(0, f"ebur128=peak={profile.loudness.peak}:framelog=verbose")
    return f"[0:a:0]{','.join(steps)}[out]"


def scan_audio(path: Path, *, profile: MediaProfile, timeout: float) -> AudioScan:
    """Decode the first audio stream of `path` once: loudness, peak, silence runs, errors."""
    args = [
        str(ffmpeg()), *LOG_ARGS, *PROGRESS_ARGS,
        "-vn", "-sn", "-dn", "-i", str(path),
        "-filter_complex", audio_graph(profile),
        "-map", "[out]", "-f", "null", "-",
    ]  # fmt: skip
    done = run(args, timeout=timeout)
    _, seconds = final_progress(done.stdout)
    log = done.stderr
    summary = _SUMMARY.search(log)
    tail = summary[1] if summary else ""
    integrated, peak = floats(_INTEGRATED, tail), floats(_PEAK, tail)
    silence = pair_runs(floats(_SILENCE_START, log), floats(_SILENCE_END, log), stream_end=seconds)
    return AudioScan(
        seconds=seconds,
        integrated_lufs=integrated[-1] if integrated else None,
        peak_db=peak[-1] if peak else None,
        silence=silence,
        errors=decode_errors(log),
    )
