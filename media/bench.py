"""Measure validation speed against ffmpeg's own decode of the same file.

Figures (one run, side by side):
- full validation ÷ decode-only time of a 1080p25 H.264 file (goal ≤ 1.3);
- metadata-only check time per file (goal ≤ 0.3 s);
- files per minute with 2 workers versus 1;
- seconds to validate one 20-minute preview-size lecture (the demo's unit of work).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from airclass.config.binaries import ffmpeg
from airclass.config.profiles import load_profile
from airclass.media.tool import run
from airclass.media.validate import Depth, validate_file, validate_paths

BENCH_SECONDS = 60
PREVIEW_SECONDS = 20 * 60
_TIMEOUT = 1800.0


@dataclass(frozen=True)
class MediaBench:
    decode_seconds: float
    validate_seconds: float
    ratio: float
    metadata_seconds: float
    files_per_minute_jobs1: float
    files_per_minute_jobs2: float
    preview_20min_seconds: float | None

    def to_json(self) -> dict[str, float | None]:
        return {key: round(v, 3) if v is not None else None for key, v in asdict(self).items()}


def hd_file(folder: Path) -> Path:
    """A 60 s 1080p25 H.264 + 48 kHz stereo AAC file (made once, then reused)."""
    path = folder / "bench-1080p25.mp4"
    if not path.exists():
        _encode(path, size="1920x1080", seconds=BENCH_SECONDS, channels=2, preset="veryfast")
    return path


def preview_file(folder: Path) -> Path:
    """A 20-minute 160×90 lecture like the demo's: one minute encoded, then looped by copy."""
    path = folder / "bench-preview-20min.mp4"
    if not path.exists():
        minute, partial = folder / "bench-preview-1min.mp4", folder / ".partial-preview.mp4"
        _encode(minute, size="160x90", seconds=60, channels=1, preset="ultrafast")
        loops = PREVIEW_SECONDS // 60 - 1
        args = [
            str(ffmpeg()), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-stream_loop", str(loops), "-i", str(minute), "-c", "copy", "-f", "mp4", str(partial),
        ]  # fmt: skip
        run(args, timeout=_TIMEOUT)
        partial.replace(path)
    return path


def _encode(path: Path, *, size: str, seconds: int, channels: int, preset: str) -> None:
    """Encode to a side name first, so an interrupted run never leaves a half file behind."""
    partial = path.with_name(f".partial-{path.name}")
    args = [
        str(ffmpeg()), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d={seconds}",
        "-f", "lavfi", "-i", f"sine=f=440:r=48000:d={seconds}",
        "-c:v", "libx264", "-preset", preset, "-pix_fmt", "yuv420p", "-g", "50",
        "-c:a", "aac", "-ac", str(channels), "-af", "volume=-14dB",
        "-movflags", "+faststart", "-f", "mp4", str(partial),
    ]  # fmt: skip
    run(args, timeout=_TIMEOUT)
    partial.replace(path)


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def decode_only(path: Path) -> None:
    """ffmpeg's own full decode of every stream: the physical limit of any decode check."""
    args = [
        str(ffmpeg()),
        "-hide_banner",
        "-nostdin",
        "-nostats",
        "-i",
        str(path),
        "-f",
        "null",
        "-",
    ]
    run(args, timeout=_TIMEOUT)


def run_bench(folder: Path, *, rounds: int = 2, batch: int = 4, preview: bool = True) -> MediaBench:
    """Every figure; each timing is the best of `rounds`, decode and validate interleaved."""
    folder.mkdir(parents=True, exist_ok=True)
    source = hd_file(folder)
    profile = load_profile("broadcast-hd")
    decode, validate = [], []
    for _ in range(rounds):
        decode.append(_seconds(lambda: decode_only(source)))
        validate.append(_seconds(lambda: validate_file(source, profile=profile, timeout=_TIMEOUT)))
    metadata = _seconds(
        lambda: [validate_file(source, profile=profile, depth=Depth.METADATA) for _ in range(10)]
    )
    copies = _copies(source, folder, batch)
    per_minute = {
        jobs: 60 * batch / _seconds(lambda j=jobs: validate_paths(copies, profile=profile, jobs=j))
        for jobs in (1, 2)
    }
    return MediaBench(
        decode_seconds=min(decode),
        validate_seconds=min(validate),
        ratio=min(validate) / min(decode),
        metadata_seconds=metadata / 10,
        files_per_minute_jobs1=per_minute[1],
        files_per_minute_jobs2=per_minute[2],
        preview_20min_seconds=_preview_seconds(folder) if preview else None,
    )


def _copies(source: Path, folder: Path, count: int) -> list[Path]:
    copies = []
    for index in range(count):
        copy = folder / f"bench-copy-{index}.mp4"
        if not copy.exists():
            shutil.copyfile(source, copy)
        copies.append(copy)
    return copies


def _preview_seconds(folder: Path) -> float:
    source = preview_file(folder)
    profile = load_profile("preview")
    return _seconds(lambda: validate_file(source, profile=profile, timeout=_TIMEOUT))
