"""The one decode of a file: every picture and sound analysis in one ffmpeg run.

With ffmpeg ≥ 7 the file is read by the graph's own `movie` source, which demuxes and decodes
inside the filter thread. Read with `-i`, ffmpeg ≥ 7 demuxes, decodes and filters in threads of
their own and hands every packet and frame across through the kernel: on a demo lecture
(160×90, 33 000 frames, 62 000 sound packets) that hand-over cost more than the decode itself.
Older builds hand nothing across, and read the file with `-i` (movie_pays). The
source's timestamps are moved by the file's start time, as `-i` moves them, so every time
logged counts from the start of the file:

    movie='lecture.mp4':s=0+1:dec_threads=1[vin][ain];
    [vin]idet,blackdetect=…,freezedetect=…,select=0[v];
    [ain]asetnsamples=…,ebur128=…,silencedetect=…[a]

The picture half ends in a select that drops every frame: the analysis filters have seen
each one, and idet's verdicts count them. The sound half goes on to an output of its own in
one-second frames, whose closing total counts the samples at the cost of a few hand-overs.

The timeline's strip (media.timeline) is one more branch off the decoded picture, before any
shrinking for the detectors, written to stdout as a JPEG; its loudness curve is read from the
same log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from airclass.config.binaries import ffmpeg, ffmpeg_major
from airclass.config.schema.profile import MediaProfile
from airclass.media.audio_pass import AudioScan, audio_graph, read_audio
from airclass.media.ffmpeg_log import LOG_ARGS, audio_samples_out, decode_errors, error_lines
from airclass.media.probe import Probe, Stream
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
    movie: bool = True
    """Read by the graph's `movie` source; False: by ffmpeg's own reader."""


def scan(
    path: Path, found: Probe, *, profile: MediaProfile, timeout: float, movie: bool | None = None
) -> Scan:
    """Decode the first video and first audio stream of `path` once, measuring both; read by
    the graph's `movie` source, or with `movie` False by ffmpeg's `-i` (None: the cheaper of
    the two for the ffmpeg in use, `movie_pays`)."""
    if movie is None:
        movie = movie_pays()
    video, audio = found.video[0] if found.video else None, found.audio[0] if found.audio else None
    if video is None and audio is None:
        return Scan()
    plan = None if video is None else strip_plan(video, _length(found), profile.timeline)
    done = run(_command(path, found, profile, plan, movie=movie), timeout=timeout, check=not movie)
    if movie and (done.returncode != 0 or error_lines(done.stderr)):
        # The movie source gives up at damage that ffmpeg's own reader reads past, as a
        # player does: a damaged file is measured that way, whatever it costs.
        return scan(path, found, profile=profile, timeout=timeout, movie=False)
    log = done.stderr
    video_errors, audio_errors = _errors_by_stream(log, audio.codec_name if audio else None)
    if video is None:
        audio_errors += video_errors
    video_scan, audio_scan = (
        read_video(log, video, errors=decode_errors(video_errors)) if video is not None else None,
        read_audio(
            log,
            seconds=_seconds(audio_samples_out(log), audio.sample_rate),
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
        movie,
    )


THREADED_FFMPEG = 7
"""The first ffmpeg that demuxes, decodes and filters in threads of their own."""


def movie_pays() -> bool:
    """Whether the `movie` source is the cheaper reader: from ffmpeg 7, `-i` hands every packet
    and frame between threads. Older builds have no such hand-over, and their `-i` is the
    cheaper one (Debian's 5.1, a 1-minute 1080p lecture, best of 4: 8.00 CPU-s and 4.96 s wall
    against 8.39 and 5.22)."""
    major = ffmpeg_major()
    return major is None or major >= THREADED_FFMPEG


def _command(
    path: Path, found: Probe, profile: MediaProfile, plan: StripPlan | None, *, movie: bool
) -> list[str]:
    """The decode pass's ffmpeg command, reading `path` by the graph's `movie` source or by
    ffmpeg's `-i`."""
    chosen = {"v": found.video[:1], "a": found.audio[:1]}
    streams = {kind: picked[0] for kind, picked in chosen.items() if picked}
    threads = profile.analysis.decode_threads
    if movie:
        graphs, inputs = [_movie(path, streams, found.format.start_time, threads)], []
        labels = {kind: f"[{kind}in]" for kind in streams}
    else:
        graphs, inputs = [], ["-threads", str(threads), "-i", str(path)]
        labels = {kind: f"[0:{stream.index}]" for kind, stream in streams.items()}
    outputs: list[str] = []
    if "v" in streams:
        side = None if plan is None else f"{plan.chain()}[t]"
        graph = video_graph(streams["v"], profile, source=labels["v"], side=side)
        graphs.append(f"{graph},{_FIRST}[v]")
        outputs += ["-map", "[v]", "-f", "null", "-"]
    if "a" in streams:
        graphs.append(f"{audio_graph(profile, source=labels['a'])}[a]")
        outputs += ["-map", "[a]", "-c:a", "pcm_s16le", "-f", "null", "-"]
    return [
        str(ffmpeg()), *LOG_ARGS, *inputs,
        "-filter_complex", ";".join(graphs),
        *_filter_threads(profile),
        *outputs,
        *_strip_output(plan, profile),
    ]  # fmt: skip


def _movie(path: Path, streams: dict[str, Stream], start: float | None, threads: int) -> str:
    """The `movie` source of `streams`, labelled [vin] and [ain], with timestamps counted from
    the file's `start` as `-i` counts them: one offset for every stream, rounded to each
    stream's time base."""
    indices = "+".join(str(stream.index) for stream in streams.values())
    movie = f"movie={graph_value(str(path))}:s={indices}:dec_threads={threads}"
    if not start:
        return movie + "".join(f"[{kind}in]" for kind in streams)
    setpts = {"v": "setpts", "a": "asetpts"}
    shifts = [f"[{kind}raw]{setpts[kind]}=PTS-round({start!r}/TB)[{kind}in]" for kind in streams]
    return ";".join([movie + "".join(f"[{kind}raw]" for kind in streams), *shifts])


def graph_value(value: str) -> str:
    """`value` as one filter option in a filter graph, whatever its characters: quoted for
    the option parser, then escaped for the graph parser (ffmpeg-filters(1), "Notes on
    filtergraph escaping")."""
    quoted = "'" + value.replace("'", "'\\''") + "'"
    return _GRAPH_SPECIAL.sub(r"\\\g<0>", quoted)


# An output that never gets a frame fails in ffmpeg ≥ 7 ("Could not open encoder before EOF").
_FIRST = "select='eq(n,0)'"
_GRAPH_SPECIAL = re.compile(r"[\\'\[\],;]")


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


def _filter_threads(profile: MediaProfile) -> list[str]:
    """One decode thread means small pictures: filter threads would only add hand-overs."""
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
