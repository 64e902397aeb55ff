"""Everything known about one file while its checks run, and how checks phrase a finding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from airclass.config.i18n import t
from airclass.config.schema.profile import MediaProfile
from airclass.config.timecode import FrameRate
from airclass.media.audio_pass import AudioScan
from airclass.media.limits import DurationLimit
from airclass.media.probe import Probe, Stream
from airclass.media.report import Finding, Severity
from airclass.media.video_pass import VideoScan


@dataclass(frozen=True)
class Evidence:
    path: Path
    probe: Probe
    video: VideoScan | None
    audio: AudioScan | None
    profile: MediaProfile
    limits: Sequence[DurationLimit]
    lang: str

    @property
    def rate(self) -> FrameRate:
        """Timecodes count frames at the profile's rate (the channel's)."""
        return self.profile.video.frame_rate

    @property
    def video_stream(self) -> Stream | None:
        return self.probe.video[0] if self.probe.video else None

    @property
    def audio_stream(self) -> Stream | None:
        return self.probe.audio[0] if self.probe.audio else None

    def finding(
        self,
        code: str,
        severity: Severity,
        *,
        seconds: float | None = None,
        policy: str | None = None,
        visual: bool = False,
        until: float | None = None,
        **fields: object,
    ) -> Finding:
        """A finding whose message is `media.<code>` in the report's language."""
        message = t(f"media.{code}", self.lang, **fields)
        return Finding.at(
            code,
            severity,
            message,
            seconds=seconds,
            rate=self.rate,
            policy=policy,
            visual=visual,
            until=until,
        )


def listed(values: Sequence[object]) -> str:
    """['a', 'b'] → 'a, b' for messages."""
    return ", ".join(str(v) for v in values)
