"""What a media file really holds, measured by decoding it with the real ffmpeg/ffprobe."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from airclass.config.binaries import ffmpeg, ffprobe


def streams(path: Path) -> dict[str, dict[str, Any]]:
    """codec_type → ffprobe's stream entry, with decoded frame counts (`nb_read_frames`)."""
    out = subprocess.run(
        [str(ffprobe()), "-v", "error", "-count_frames", "-show_streams", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return {s["codec_type"]: s for s in json.loads(out)["streams"]}


def decode_errors(path: Path) -> str:
    """Everything ffmpeg reports at level `error` while decoding the whole file ('' if clean)."""
    done = subprocess.run(
        [str(ffmpeg()), "-v", "error", "-nostdin", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stderr if done.returncode == 0 else f"exit {done.returncode}: {done.stderr}"


def decoded_audio_samples(path: Path) -> int:
    """Audio samples per channel after decoding (priming removed by the edit list)."""
    pcm = subprocess.run(
        [str(ffmpeg()), "-v", "error", "-nostdin", "-i", str(path), "-map", "0:a:0", "-ac", "1"]
        + ["-f", "s16le", "-"],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    return len(pcm) // 2


def validator_report(
    path: Path, verdict: str, window: tuple[str, int, int] | None = None
) -> dict[str, Any]:
    """A report in the validator's JSON form, with the frame count measured by decoding;
    `window` (stage, min and max frames) is the L3 window it says it applied."""
    frames = int(streams(path)["video"]["nb_read_frames"])
    stage_window = None
    if window is not None:
        stage_window = dict(zip(("stage", "min_frames", "max_frames"), window, strict=True))
    return {
        "path": str(path),
        "stage_window": stage_window,
        "verdict": verdict,
        "duration_frames": frames,
        "frame_rate": "25",
        "measured": {"frames": frames},
        "findings": [],
    }
