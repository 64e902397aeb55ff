"""The sound half of the decode pass: loudness (ebur128) and silence (silencedetect).

[ain]asetnsamples=n=48000:p=0,ebur128=peak=true:framelog=verbose,silencedetect=n=-50dB:d=0.4

Both filters work sample by sample and time their findings by the sample, whatever the frame
size; regrouping the decoder's 1024-sample frames into larger ones (never padded) only saves
the per-frame work of every filter on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from airclass.config.schema.profile import MediaProfile
from airclass.media.ffmpeg_log import DecodeErrors, TimeRun, floats, pair_runs

_SUMMARY = re.compile(r"Summary:(.*)", re.DOTALL)
_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-?inf) LUFS")
_PEAK = re.compile(r"Peak:\s+(-?[\d.]+|-?inf) dBFS")
_SILENCE_START = re.compile(r"silence_start: (\S+)")
_SILENCE_END = re.compile(r"silence_end: (\S+)")
_REGROUP = "asetnsamples=n=48000:p=0"


@dataclass(frozen=True)
class AudioScan:
    seconds: float
    """Decoded audio: samples over the sample rate."""
    integrated_lufs: float | None
    peak_db: float | None
    """True peak (dBTP) or sample peak (dBFS), as the profile asks."""
    silence: list[TimeRun]
    errors: DecodeErrors


def audio_graph(profile: MediaProfile, *, source: str) -> str:
    """The filter chain for the audio read from the graph label `source`; left open for the
    caller to end."""
    silence = profile.silence
    shortest = min(silence.min_seconds, profile.adverts.break_min_seconds)
    steps = [_REGROUP, f"silencedetect=n={silence.noise_db}dB:d={shortest}"]
    if profile.loudness is not None:
        # ebur128's per-frame lines are logged at verbose ("quiet" needs ffmpeg ≥ 6).
        steps.insert(1, f"ebur128=peak={profile.loudness.peak}:framelog=verbose")
    return f"{source}{','.join(steps)}"


def read_audio(log: str, *, seconds: float, errors: DecodeErrors) -> AudioScan:
    """The sound measurements in the log of a decode pass that decoded `seconds` of audio."""
    summary = _SUMMARY.search(log)
    tail = summary[1] if summary else ""
    integrated, peak = floats(_INTEGRATED, tail), floats(_PEAK, tail)
    silence = pair_runs(floats(_SILENCE_START, log), floats(_SILENCE_END, log), stream_end=seconds)
    return AudioScan(
        seconds=seconds,
        integrated_lufs=integrated[-1] if integrated else None,
        peak_db=peak[-1] if peak else None,
        silence=silence,
        errors=errors,
    )
