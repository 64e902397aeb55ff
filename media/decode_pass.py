"""The one decode of a file: every picture and sound analysis in one ffmpeg run.

Both halves of the graph end in a select that drops every frame: the analysis filters have
seen each one, and nothing reaches the muxer (handing packets to it costs more than the
decode of a small picture). Both ends are mapped, so ffmpeg reads the file to the end of its
longest stream. Frames and samples come from ffmpeg's closing totals per input stream:

    [0:v:0]idet,blackdetect=…,freezedetect=…,select=0[v];
    [0:a:0]ebur128=…,silencedetect=…,aselect=0[a]

The timeline's strip (media.timeline) is one more branch off the decoded picture, before any
shrinking for the detectors, written to stdout as a JPEG; its loudness curve is read from the
same log.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from airclass.config.binaries import ffmpeg, ffmpeg_major
from airclass.config.schema.profile import MediaProfile
from airclass.media.audio_pass import AudioScan, audio_graph, read_audio
from airclass.media.ffmpeg_log import LOG_ARGS, Decoded, decode_errors, decoded, error_lines
from airclass.media.probe import Probe
from airclass.media.timeline import Curve, Strip, StripPlan, read_curve, strip_plan
from airclass.media.tool import run
from airclass.media.video_pass import VideoScan, read_video, video_graph


@dataclass(frozen=True)
class Scan:
    """What the one decode measured, and the timeline's strip and curve it drew on the way."""

    video: VideoScan | None = None
    audio: AudioScan | None = None
    strip: Strip | None = None
    curve: Curve = (0.0, [])


def scan(path: Path, found: Probe, *, profile: MediaProfile, timeout: float) -> Scan:
    """Decode the first video and first audio stream of `path` once, measuring both."""
    video, audio = found.video[0] if found.video else None, found.audio[0] if found.audio else None
    if video is None and audio is None:
        return Scan()
    graphs, maps = [], []
    plan = None if video is None else strip_plan(video, _length(found), profile.timeline)
    if video is not None:
        side = None if plan is None else f"{plan.chain()}[t]"
        graphs.append(f"{video_graph(video, profile, side=side)},select=0[v]")
        maps += ["-map", "[v]"]
    if audio is not None:
        graphs.append(f"{audio_graph(profile)},aselect=0[a]")
        maps += ["-map", "[a]"]
    args = [
        str(ffmpeg()), *LOG_ARGS,
        "-threads", str(profile.analysis.decode_threads),
        *_demux_queue(profile),
        "-i", str(path),
        "-filter_complex", ";".join(graphs),
        *_filter_threads(profile),
        *maps, "-f", "null", "-",
        *_strip_output(plan, profile),
    ]  # fmt: skip
    done = run(args, timeout=timeout)
    log = done.stderr
    totals = decoded(log)
    video_errors, audio_errors = _errors_by_stream(log, audio.codec_name if audio else None)
    if video is None:
        audio_errors += video_errors
    video_scan, audio_scan = (
        read_video(
            log,
            video,
            frames=totals.get(video.index, Decoded()).frames,
            errors=decode_errors(video_errors),
        )
        if video is not None
        else None,
        read_audio(
            log,
            seconds=_seconds(totals.get(audio.index, Decoded()).samples, audio.sample_rate),
            errors=decode_errors(audio_errors),
        )
        if audio is not None
        else None,
    )
    return Scan(
        video_scan,
        audio_scan,
        _strip(plan, done.output),
        read_curve(log, seconds=audio_scan.seconds, settings=profile.timeline)
        if audio_scan is not None
        else (0.0, []),
    )


def _length(found: Probe) -> float:
    stream = found.video[0]
    return stream.duration or found.format.duration or 0.0


def _strip_output(plan: StripPlan | None, profile: MediaProfile) -> list[str]:
    if plan is None:
        return []
    quality = str(profile.timeline.thumbnail_quality)
    return ["-map", "[t]", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", quality,
            "-f", "image2pipe", "pipe:1"]  # fmt: skip


def _strip(plan: StripPlan | None, jpeg: bytes) -> Strip | None:
    if plan is None or not jpeg:
        return None
    return Strip(
        jpeg=jpeg, count=plan.count, every=plan.every, width=plan.width, height=plan.height
    )


def _demux_queue(profile: MediaProfile) -> list[str]:
    """ffmpeg ≥ 6 demuxes in its own thread; a longer queue saves hand-offs. ffmpeg 5 demuxes a
    single input in the main thread unless given a queue size, so it gets none."""
    major = ffmpeg_major()
    if major is not None and major < 6:
        return []
    return ["-thread_queue_size", str(profile.analysis.demux_queue)]


def _filter_threads(profile: MediaProfile) -> list[str]:
    """One decode thread means small pictures: filter threads would only add hand-offs."""
    if profile.analysis.decode_threads == 1:
        return ["-filter_complex_threads", "1"]
    return []


def _errors_by_stream(log: str, audio_codec: str | None) -> tuple[list[str], list[str]]:
    """Error lines split by who logged them: the audio decoder, or anyone else (the picture's
    decoder, the demuxer)."""
    lines = error_lines(log)
    prefix = f"[{audio_codec} @" if audio_codec else None
    audio = [line for line in lines if prefix and line.startswith(prefix)]
    return [line for line in lines if line not in audio], audio


def _seconds(samples: int, rate: int | None) -> float:
    return samples / rate if rate else 0.0
