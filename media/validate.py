"""Validate lecture files: probe, one decode pass over picture and sound, then every check.

A file that cannot be read gets an `error` report instead of an exception, so one bad file
never stops a batch:

>>> report = validate_file(Path("lesson.mp4"), profile=load_profile("preview"))
>>> report.verdict, report.duration_frames
(<Verdict.PASS: 'pass'>, 30000)
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum
from pathlib import Path

from airclass.config import DEMO_CONFIG
from airclass.config.errors import AirclassError
from airclass.config.profiles import DEFAULT_PROFILE, load_profile
from airclass.config.schema.common import StageName
from airclass.config.schema.profile import MediaProfile
from airclass.media.checks import run_checks
from airclass.media.checks.timing import duration_frames
from airclass.media.decode_pass import Scan, scan
from airclass.media.errors import MediaError, UnreadableMediaError
from airclass.media.evidence import Evidence
from airclass.media.ffmpeg_log import TimeRun
from airclass.media.limits import DurationLimit, duration_limits, load_policy
from airclass.media.probe import Probe, probe
from airclass.media.report import FileReport, Finding, Severity, StageWindow
from airclass.media.sources import MediaInput, expand_paths
from airclass.media.timeline import Timeline, bands

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 3600.0
ProgressCallback = Callable[[int, int, FileReport], None]
"""Called after each file with (files done, files in all, its report)."""


class Depth(StrEnum):
    """How far validation goes: metadata only (ffprobe), or full decode passes too."""

    METADATA = "metadata"
    FULL = "full"


def validate_file(
    path: Path,
    *,
    profile: MediaProfile,
    window: Sequence[DurationLimit] = (),
    lang: str = "zh",
    depth: Depth = Depth.FULL,
    timeout: float = DEFAULT_TIMEOUT,
) -> FileReport:
    """Check one file against `profile` and the duration limits in `window`; never raises
    for a bad file (its report has an `error` finding instead)."""
    path = Path(path)
    try:
        found = _readable_probe(path, timeout=timeout)
        scanned = _scan(path, found, profile=profile, depth=depth, timeout=timeout)
    except MediaError as exc:
        return _error_report(path, profile, exc, lang)
    evidence = Evidence(path, found, scanned.video, scanned.audio, profile, window, lang)
    findings = run_checks(evidence)
    return FileReport(
        path=str(path),
        profile=profile.name,
        duration_frames=duration_frames(evidence),
        frame_rate=_rate_text(evidence),
        measured=_measured(evidence),
        findings=findings,
        stage_window=_stage_window(window),
        timeline=_timeline(evidence, scanned, findings),
    )


def validate_paths(
    paths: Sequence[Path | str],
    *,
    profile: MediaProfile | str | None = None,
    stage: StageName | None = None,
    window: Sequence[DurationLimit] | None = None,
    config_dir: Path | None = None,
    stage_of: Callable[[Path], StageName | None] | None = None,
    jobs: int = 1,
    lang: str = "zh",
    depth: Depth = Depth.FULL,
    timeout: float = DEFAULT_TIMEOUT,
    on_progress: ProgressCallback | None = None,
) -> list[FileReport]:
    """Validate files and folders (searched for the profile's extensions) with `jobs` workers.

    Reports come back in input order. `window` defaults to the limits of `stage` in the
    policy.toml of `config_dir` (the packaged demo config when not given); without a stage,
    `stage_of(path)` names each file's own stage (its lesson's grade, L3) where known.
    """
    chosen = (
        profile if isinstance(profile, MediaProfile) else load_profile(profile or DEFAULT_PROFILE)
    )
    policy = load_policy(config_dir or DEMO_CONFIG) if window is None else None

    def window_of(path: Path) -> Sequence[DurationLimit]:
        if policy is None:
            return window or ()
        own = stage or (stage_of(path) if stage_of else None)
        return duration_limits(policy, stage=own, profile=chosen)

    inputs = expand_paths([Path(p) for p in paths], extensions=chosen.container.extensions)
    done = 0

    def one(item: MediaInput) -> FileReport:
        if item.problem is not None:
            return _error_report(item.path, chosen, item.problem, lang)
        return validate_file(
            item.path,
            profile=chosen,
            window=window_of(item.path),
            lang=lang,
            depth=depth,
            timeout=timeout,
        )

    reports: list[FileReport] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures: list[Future[FileReport]] = [pool.submit(one, item) for item in inputs]
        for future in futures:
            reports.append(future.result())
            done += 1
            if on_progress is not None:
                on_progress(done, len(futures), reports[-1])
    return reports


def _stage_window(window: Sequence[DurationLimit]) -> StageWindow | None:
    """The L3 window among the limits, as the catalogue records it beside the verdict."""
    for limit in window:
        if limit.code == "duration.window" and limit.min_frames is not None:
            return StageWindow(
                stage=limit.label, min_frames=limit.min_frames, max_frames=limit.max_frames
            )
    return None


def _readable_probe(path: Path, *, timeout: float) -> Probe:
    if not path.exists():
        raise UnreadableMediaError(path, "missing")
    if path.is_file() and path.stat().st_size == 0:
        raise UnreadableMediaError(path, "empty")
    return probe(path, timeout=timeout)


def _scan(path: Path, found: Probe, *, profile: MediaProfile, depth: Depth, timeout: float) -> Scan:
    if depth is Depth.METADATA:
        return Scan()
    return scan(path, found, profile=profile, timeout=timeout)


def _timeline(ev: Evidence, scanned: Scan, findings: list[Finding]) -> Timeline | None:
    """The console's picture of the file, from what the decode pass saw (none: no decode)."""
    if scanned.video is None and scanned.audio is None:
        return None
    video, audio = scanned.video, scanned.audio
    runs = {
        "black": video.black if video else [],
        "freeze": video.freeze if video else [],
        "silence": audio.silence if audio else [],
    }
    kept, dropped = bands(runs, _advert_runs(findings), limit=ev.profile.timeline.bands)
    step, loudness = scanned.curve
    return Timeline(
        seconds=max(video.seconds if video else 0.0, audio.seconds if audio else 0.0),
        strip=scanned.strip,
        step=step,
        loudness=loudness,
        target_lufs=ev.profile.loudness.target_lufs if ev.profile.loudness else None,
        bands=kept,
        bands_dropped=dropped,
    )


def _error_report(path: Path, profile: MediaProfile, exc: AirclassError, lang: str) -> FileReport:
    code = exc.code if isinstance(exc, UnreadableMediaError) else "unreadable"
    logger.info("cannot validate %s: %s", path, exc)
    finding = Finding(code=code, severity=Severity.ERROR, message=exc.message(lang))
    return FileReport(path=str(path), profile=profile.name, findings=[finding])


def _advert_runs(findings: list[Finding]) -> list[TimeRun]:
    """Where advert findings place a sign: a segment between two breaks, or a chapter point."""
    return [
        TimeRun(f.seconds, f.until if f.until is not None else f.seconds)
        for f in findings
        if f.code.startswith("advert.") and f.seconds is not None
    ]


def _measured(ev: Evidence) -> dict[str, object]:
    """The numbers behind the verdict, for the JSON report and the catalogue."""
    stream, audio_stream = ev.video_stream, ev.audio_stream
    measured: dict[str, object] = {"container": ev.probe.format.format_name}
    if stream is not None:
        measured |= {
            "video_codec": stream.codec_name,
            "size": f"{stream.width}x{stream.height}",
            "field_order": stream.field_order,
            "sar": stream.sample_aspect_ratio,
            "dar": stream.display_aspect_ratio,
            "pix_fmt": stream.pix_fmt,
            "color_range": stream.color_range,
            "video_seconds": stream.duration,
        }
    if audio_stream is not None:
        measured |= {
            "audio_codec": audio_stream.codec_name,
            "sample_rate": audio_stream.sample_rate,
            "channels": audio_stream.channels,
            "channel_layout": audio_stream.channel_layout,
            "audio_seconds": audio_stream.duration,
        }
    if ev.video is not None:
        fields = ev.video.fields
        measured |= {
            "decoded_frames": ev.video.frames,
            "idet": {"tff": fields.tff, "bff": fields.bff, "progressive": fields.progressive},
            "black_runs": len(ev.video.black),
            "freeze_runs": len(ev.video.freeze),
        }
    if ev.audio is not None:
        measured |= {
            "integrated_lufs": _finite(ev.audio.integrated_lufs),
            "peak_db": _finite(ev.audio.peak_db),
            "silence_runs": len(ev.audio.silence),
        }
    errors = sum(scan.errors.count for scan in (ev.video, ev.audio) if scan is not None)
    if ev.video is not None or ev.audio is not None:
        measured["decode_errors"] = errors
    return measured


def _rate_text(ev: Evidence) -> str | None:
    rate = ev.video_stream.frame_rate if ev.video_stream else None
    return str(rate) if rate else None


def _finite(value: float | None) -> float | None:
    """JSON has no infinity: silence reads as no level at all."""
    return value if value is not None and math.isfinite(value) else None
