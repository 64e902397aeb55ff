"""Demo media: build every asset file a config lists, test pattern plus tone, exact length.

Each file is H.264 + AAC (48 kHz mono) in MP4, small and progressive, with the asset id (and
its Chinese title when a CJK font is installed) burned in. What a file costs to check is what
it costs to decode, and that is set by the count of frames and AAC packets and by the audio
channels (ebur128 filters each one), hardly by the picture size: hence mono sound, and a
picture just large enough to read the caption. Only a short loop is encoded per
asset; `media.mp4_loop` repeats it to the planned length in frames, so a 20-minute lecture
costs about as much as a 10-second one. Files are written atomically and cached: a manifest
beside them records what each was built from, and an unchanged asset is not rebuilt.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from airclass.config.binaries import ffmpeg, ffprobe, tool_name
from airclass.config.files import write_atomically
from airclass.config.schema.assets import Asset, AssetKind
from airclass.config.schema.world import World
from airclass.config.timecode import FrameRate, frames_from_seconds
from airclass.media.catalogue_errors import SynthesisError
from airclass.media.mp4_loop import (
    LoopedTrack,
    TrackLoop,
    audio_samples_for,
    read_track,
    write_looped,
)

logger = logging.getLogger(__name__)

MANIFEST = ".airclass-demo-media.json"
_RECIPE = 2
"""Bump when the way files are built changes, so cached files are rebuilt."""
_AAC_FRAME = 1024

_BT709 = {"-colorspace": "bt709", "-color_primaries": "bt709", "-color_trc": "bt709"}
_COLOUR_TAGS = [arg for pair in {**_BT709, "-color_range": "tv"}.items() for arg in pair]

Progress = Callable[[int, int, str], None]
"""on_progress(done, total, asset_id): once first with the cached count (asset_id ''), then
after each asset built."""


@dataclass(frozen=True)
class SynthesisSpec:
    """How demo files look. Small and cheap on purpose; loudness matches GY/T 282-2014."""

    width: int = 160
    height: int = 90
    sample_rate: int = 48_000
    channels: int = 1
    tone_hz: int = 1000
    loudness_lufs: float = -24.0
    loudness_tolerance_lu: float = 0.5
    video_bitrate: str = "12k"
    x264_tune: str = "fastdecode"
    """No CABAC, no deblocking: a demo lecture decodes in about 60% of the CPU time."""
    audio_bitrate: str = "16k"
    min_loop_seconds: float = 10.0
    font_size: int = 10


def build_demo_media(
    world: World,
    media_root: Path,
    *,
    jobs: int = 2,
    on_progress: Progress | None = None,
    spec: SynthesisSpec = SynthesisSpec(),
    timeout_seconds: float = 600.0,
) -> list[Path]:
    """Build every asset file of `world` under `media_root`; return the files written now.

    Files already present and built from the same parameters are kept (and not returned).
    """
    rate = world_frame_rate(world)
    assets = sorted(world.assets.values(), key=lambda a: a.id)
    manifest = _Manifest(media_root / MANIFEST)
    todo = [a for a in assets if not manifest.is_current(media_root, a, _params(a, rate, spec))]
    done = len(assets) - len(todo)
    if on_progress:
        on_progress(done, len(assets), "")
    if not todo:
        return []
    built: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="airclass-synth-") as scratch:
        work = _Workbench(Path(scratch), rate, spec, timeout_seconds)
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {pool.submit(work.build, a, media_root / a.path): a for a in todo}
            for future in as_completed(futures):
                asset = futures[future]
                try:
                    path = future.result()
                except BaseException:
                    for pending in futures:  # stop the queue; built files stay cached
                        pending.cancel()
                    raise
                manifest.record(media_root, asset, _params(asset, rate, spec))
                built.append(path)
                done += 1
                if on_progress:
                    on_progress(done, len(assets), asset.id)
    return sorted(built)


def synthesize_lecture(
    target: Path,
    seconds: float,
    *,
    rate: FrameRate,
    spec: SynthesisSpec = SynthesisSpec(),
    timeout_seconds: float = 600.0,
) -> Path:
    """One lecture file of `seconds`, built as the demo builds its own (for benchmarks)."""
    asset = Asset(id=target.stem, path=target.name, kind=AssetKind.LECTURE, planned_seconds=seconds)
    with tempfile.TemporaryDirectory(prefix="airclass-synth-") as scratch:
        return _Workbench(Path(scratch), rate, spec, timeout_seconds).build(asset, target)


def world_frame_rate(world: World) -> FrameRate:
    """The one frame rate every channel of `world` airs at (files must play on all of them)."""
    rates = {channel.frame_rate for channel in world.channels}
    if len(rates) != 1:
        raise SynthesisError(f"channels air at several frame rates {sorted(map(str, rates))}")
    return rates.pop()


def _params(asset: Asset, rate: FrameRate, spec: SynthesisSpec) -> dict[str, Any]:
    return {
        "recipe": _RECIPE,
        "asset": asset.id,
        "title": asset.title,
        "frames": frames_from_seconds(asset.planned_seconds, rate),
        "frame_rate": str(rate),
        "spec": asdict(spec),
    }


class _Manifest:
    """What each file under the media root was built from, and its size and mtime then."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.files: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError):
            self.files = {}

    def is_current(self, root: Path, asset: Asset, params: dict[str, Any]) -> bool:
        entry = self.files.get(asset.path)
        try:
            stat = (root / asset.path).stat()
        except OSError:
            return False
        return entry == {"params": params, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}

    def record(self, root: Path, asset: Asset, params: dict[str, Any]) -> None:
        stat = (root / asset.path).stat()
        self.files[asset.path] = {
            "params": params,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
        }
        text = json.dumps({"files": self.files}, ensure_ascii=False, sort_keys=True, indent=1)
        write_atomically(self.path, text.encode("utf-8"))


def loop_frames(rate: FrameRate, spec: SynthesisSpec) -> int:
    """Shortest loop ≥ min_loop_seconds whose audio is whole AAC frames and whole tone periods.

    >>> loop_frames(FrameRate(25), SynthesisSpec())
    256
    """
    period = Fraction(spec.sample_rate, spec.tone_hz)
    first = math.ceil(spec.min_loop_seconds * rate.fps)
    for frames in range(first, first + 10_000):
        samples = Fraction(frames) / rate.fps * spec.sample_rate
        if samples.denominator == 1 and samples % _AAC_FRAME == 0 and samples % period == 0:
            return frames
    raise SynthesisError(f"no loop length fits {rate} fps with {spec.sample_rate} Hz audio")


class _Workbench:
    """Builds files in a scratch folder: the shared tone once, then one video loop per asset."""

    def __init__(self, scratch: Path, rate: FrameRate, spec: SynthesisSpec, timeout: float) -> None:
        self.scratch, self.rate, self.spec, self.timeout = scratch, rate, spec, timeout
        self.frames = loop_frames(rate, spec)
        self.font = find_font(cjk=True) or find_font(cjk=False)
        self.has_cjk = self.font is not None and self.font == find_font(cjk=True)
        self.tone = self._tone_loop()
        self._uncaptioned: TrackLoop | None = None
        self._lock = threading.Lock()

    def build(self, asset: Asset, target: Path) -> Path:
        frames = frames_from_seconds(asset.planned_seconds, self.rate)
        video = self._video(asset)
        count = audio_samples_for(video, frames, self.tone)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            write_looped(tmp, video=LoopedTrack(video, frames), audio=LoopedTrack(self.tone, count))
            self._check_frames(tmp, frames)
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)
        logger.info("built %s: %d frames", target, frames)
        return target

    def _video(self, asset: Asset) -> TrackLoop:
        """The picture loop of `asset`: its own when it carries a caption, else the one loop
        every uncaptioned asset shares (an ffmpeg without drawtext makes them all alike)."""
        caption = self._caption(asset)
        if caption:
            return self._video_loop(asset.id, caption)
        with self._lock:
            if self._uncaptioned is None:
                self._uncaptioned = self._video_loop("uncaptioned", [])
            return self._uncaptioned

    def _video_loop(self, name: str, caption: list[str]) -> TrackLoop:
        out = self.scratch / f"{name}.video.mp4"
        seconds = float(Fraction(self.frames) / self.rate.fps)
        source = f"testsrc2=s={self.spec.width}x{self.spec.height}:r={self.rate}:d={seconds}"
        chain = [
            source,
            *caption,
            "scale=out_color_matrix=bt709:out_range=tv",
            "format=yuv420p",
            "setsar=1",
        ]
        # One closed GOP per loop and no B-frames, so mp4_loop can repeat the samples as they are.
        gop = ["-g", str(self.frames), "-keyint_min", str(self.frames), "-sc_threshold", "0"]
        self._ffmpeg(
            ["-f", "lavfi", "-i", ",".join(chain), "-an", "-c:v", "libx264", "-preset", "veryfast"]
            + ["-tune", self.spec.x264_tune, "-b:v", self.spec.video_bitrate, *gop, "-bf", "0"]
            + [*_COLOUR_TAGS, str(out)]
        )
        track = read_track(out, "vide")
        out.unlink()
        return track

    def _caption(self, asset: Asset) -> list[str]:
        """Filters burning the asset id (and title) into a black band that keeps its bits."""
        if (
            self.font is None
            or "'" in str(self.font)
            or "'" in str(self.scratch)
            or not has_drawtext()
        ):
            return []
        lines = [asset.id, asset.title] if self.has_cjk and asset.title else [asset.id]
        text_file = self.scratch / f"{asset.id}.txt"
        text_file.write_text("\n".join(lines), encoding="utf-8")
        band = len(lines) * (self.spec.font_size + 3) + 3
        return [
            f"drawbox=x=0:y=0:w=iw:h={band}:color=black:t=fill",
            f"drawtext=fontfile='{self.font}':textfile='{text_file}':fontsize={self.spec.font_size}"
            ":fontcolor=white:line_spacing=3:x=3:y=3",
            f"addroi=x=0:y=0:w=iw:h={band}:qoffset=-1",
        ]

    def _tone_loop(self) -> TrackLoop:
        """Three loops of tone at the target loudness; the middle one is steady state."""
        gain = self.spec.loudness_lufs - full_scale_sine_lufs(self.spec.channels)
        path = self._encode_tone(gain)
        error = measure_loudness(path, self.timeout) - self.spec.loudness_lufs
        if abs(error) > self.spec.loudness_tolerance_lu:  # the codec moved it; correct once
            path = self._encode_tone(gain - error)
        packets = int(Fraction(self.frames) / self.rate.fps * self.spec.sample_rate / _AAC_FRAME)
        return read_track(path, "soun", start=packets, length=packets)

    def _encode_tone(self, gain_db: float) -> Path:
        out = self.scratch / "tone.m4a"
        seconds = 3 * float(Fraction(self.frames) / self.rate.fps)
        # aevalsrc: a full-scale sine on every channel (the sine source is −18 dBFS mono).
        sine = f"sin({self.spec.tone_hz}*2*PI*t)"
        layout = {1: "mono", 2: "stereo"}[self.spec.channels]
        source = (
            f"aevalsrc={'|'.join([sine] * self.spec.channels)}"
            f":s={self.spec.sample_rate}:c={layout}:d={seconds}"
        )
        # The fast coder keeps a pure tone's level at low bitrates (twoloop adds ~1.5 LU).
        codec = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", self.spec.audio_bitrate]
        self._ffmpeg(
            ["-f", "lavfi", "-i", f"{source},volume={gain_db:.2f}dB", *codec]
            + ["-ar", str(self.spec.sample_rate), str(out)]
        )
        return out

    def _check_frames(self, path: Path, frames: int) -> None:
        counted = probe_frame_count(path, self.timeout)
        if counted != frames:
            raise SynthesisError(f"{path.name}: wrote {counted} video frames, wanted {frames}")

    def _ffmpeg(self, args: list[str]) -> None:
        run_tool(
            [str(ffmpeg()), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args],
            self.timeout,
        )


def full_scale_sine_lufs(channels: int) -> float:
    """BS.1770: a full-scale 1 kHz sine measures −3.01 LUFS on one channel, 0 LUFS on two.

    >>> full_scale_sine_lufs(2)
    0.0
    """
    return round(-3.01 + 10 * math.log10(channels), 2)


def run_tool(command: list[str], timeout: float) -> str:
    """Run ffmpeg/ffprobe without a shell; return stdout or raise SynthesisError."""
    logger.info("run %s", " ".join(command))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise SynthesisError(f"{tool_name(command[0])} timed out after {timeout:g} s") from None
    logger.debug("stderr: %s", done.stderr)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-5:]
        raise SynthesisError(
            f"{tool_name(command[0])} exited {done.returncode}: {' | '.join(tail)}"
        )
    return done.stdout


def probe_frame_count(path: Path, timeout: float = 60.0) -> int:
    """Video frames as the container's sample table counts them (no decode)."""
    out = run_tool(
        [str(ffprobe()), "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=nb_frames", "-of", "csv=p=0", str(path)], timeout,
    )  # fmt: skip
    return int(out.strip())


def measure_loudness(path: Path, timeout: float = 60.0) -> float:
    """Integrated loudness (LUFS) by ffmpeg's ebur128 filter."""
    command = [str(ffmpeg()), "-hide_banner", "-nostdin", "-nostats", "-i", str(path),
               "-map", "0:a:0", "-af", "ebur128", "-f", "null", "-"]  # fmt: skip
    logger.info("run %s", " ".join(command))
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    summary = done.stderr.rsplit("Summary:", 1)[-1]
    for line in summary.splitlines():
        if line.strip().startswith("I:"):
            return float(line.split()[1])
    raise SynthesisError(f"{path.name}: ebur128 gave no integrated loudness")


def find_font(*, cjk: bool) -> Path | None:
    """A font file from fontconfig: one covering Chinese when `cjk`, else any; None if none."""
    if cjk:
        tool, args = shutil.which("fc-list"), [":lang=zh", "file"]
    else:
        tool, args = shutil.which("fc-match"), ["--format=%{file}"]
    if tool is None:
        return None
    try:
        out = subprocess.run(
            [tool, *args], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = sorted(line.split(":", 1)[0].strip() for line in out.splitlines() if line.strip())
    return Path(lines[0]) if lines and Path(lines[0]).is_file() else None


@functools.cache
def has_drawtext() -> bool:
    out = subprocess.run(
        [str(ffmpeg()), "-hide_banner", "-filters"], capture_output=True, text=True, timeout=30
    )
    return " drawtext " in out.stdout
