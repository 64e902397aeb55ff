"""Time: a clean full decode, audio and video of one length, a length inside the limits."""

from __future__ import annotations

from airclass.config.timecode import frames_from_seconds, timecode
from airclass.media.evidence import Evidence
from airclass.media.report import Finding, Severity


def check(ev: Evidence) -> list[Finding]:
    return [*_decode(ev), *_short_decode(ev), *_av_match(ev), *_limits(ev)]


def _decode(ev: Evidence) -> list[Finding]:
    rule = ev.profile.decode
    count = sum(scan.errors.count for scan in (ev.video, ev.audio) if scan is not None)
    if count <= rule.max_errors:
        return []
    first = next(
        (scan.errors.first[0] for scan in (ev.video, ev.audio) if scan and scan.errors.first), ""
    )
    return [
        ev.finding(
            "decode.errors", Severity.FAIL, policy=rule.policy, count=count, first=first[:200]
        )
    ]


def _short_decode(ev: Evidence) -> list[Finding]:
    """Fewer pictures or seconds decoded than the container declares: a cut-off file."""
    stream, scan = ev.video_stream, ev.video
    findings = []
    if stream is not None and scan is not None:
        declared = stream.nb_frames or (
            frames_from_seconds(stream.duration, stream.frame_rate)
            if stream.duration and stream.frame_rate
            else None
        )
        if declared and scan.frames < declared - ev.profile.av_sync.max_frames:
            findings.append(_short(ev, "video", scan.frames, declared, scan.seconds))
    audio_stream, audio = ev.audio_stream, ev.audio
    if audio_stream is not None and audio is not None and audio_stream.duration:
        slack = ev.profile.av_sync.max_frames / float(ev.rate.fps)
        if audio.seconds < audio_stream.duration - slack - 0.05:
            findings.append(
                _short(
                    ev,
                    "audio",
                    f"{audio.seconds:.2f}s",
                    f"{audio_stream.duration:.2f}s",
                    audio.seconds,
                )
            )
    return findings


def _short(ev: Evidence, kind: str, decoded: object, declared: object, seconds: float) -> Finding:
    return ev.finding(
        "decode.short",
        Severity.FAIL,
        seconds=seconds,
        policy=ev.profile.decode.policy,
        kind=kind,
        decoded=decoded,
        declared=declared,
    )


def _av_match(ev: Evidence) -> list[Finding]:
    video, audio = ev.video_stream, ev.audio_stream
    if video is None or audio is None:
        return []
    video_s = video.duration if video.duration else (ev.video.seconds if ev.video else None)
    audio_s = audio.duration if audio.duration else (ev.audio.seconds if ev.audio else None)
    if video_s is None or audio_s is None:
        return []
    rule = ev.profile.av_sync
    apart = abs(video_s - audio_s) * float(ev.rate.fps)
    if apart <= rule.max_frames + 1e-6:
        return []
    return [
        ev.finding(
            "sync.av_duration",
            Severity.FAIL,
            seconds=min(video_s, audio_s),
            policy=rule.policy,
            video=f"{video_s:.3f}",
            audio=f"{audio_s:.3f}",
            frames=f"{apart:.1f}",
            limit=rule.max_frames,
        )
    ]


def duration_frames(ev: Evidence) -> int | None:
    """True length in frames at the profile's rate: decoded pictures, else metadata."""
    if ev.video is not None and ev.video.frames:
        stream_rate = ev.video_stream.frame_rate if ev.video_stream else None
        if stream_rate == ev.rate:
            return ev.video.frames
        return frames_from_seconds(ev.video.seconds, ev.rate)
    stream = ev.video_stream
    if stream is None:
        return None
    if stream.nb_frames and stream.frame_rate == ev.rate:
        return stream.nb_frames
    seconds = stream.duration or ev.probe.format.duration
    return frames_from_seconds(seconds, ev.rate) if seconds else None


def _limits(ev: Evidence) -> list[Finding]:
    frames = duration_frames(ev)
    if frames is None:
        return []
    findings = []
    for limit in ev.limits:
        too_short = limit.min_frames is not None and frames < limit.min_frames
        if too_short or frames > limit.max_frames:
            findings.append(
                ev.finding(
                    limit.code,
                    limit.severity,
                    seconds=frames / float(ev.rate.fps),
                    policy=limit.policy,
                    length=timecode(frames, ev.rate),
                    frames=frames,
                    low=timecode(limit.min_frames or 0, ev.rate),
                    high=timecode(limit.max_frames, ev.rate),
                    label=limit.label,
                    source=limit.source,
                )
            )
    return findings
