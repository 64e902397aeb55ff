"""Container and streams: an allowed container, exactly one video and at least one audio
stream, allowed codecs."""

from __future__ import annotations

from airclass.media.evidence import Evidence, listed
from airclass.media.report import Finding, Severity


def check(ev: Evidence) -> list[Finding]:
    return [*_container(ev), *_video_streams(ev), *_audio_streams(ev)]


def _container(ev: Evidence) -> list[Finding]:
    rule = ev.profile.container
    if ev.probe.format.names & set(rule.formats):
        return []
    found = ev.probe.format.format_name or "?"
    return [
        ev.finding(
            "container.format",
            Severity.FAIL,
            policy=rule.policy,
            found=found,
            allowed=listed(rule.formats),
        )
    ]


def _video_streams(ev: Evidence) -> list[Finding]:
    rule = ev.profile.video
    streams = ev.probe.video
    if len(streams) != 1:
        return [
            ev.finding("streams.video_count", Severity.FAIL, policy=rule.policy, count=len(streams))
        ]
    codec = streams[0].codec_name
    if codec in rule.codecs:
        return []
    return [
        ev.finding(
            "codec.video",
            Severity.FAIL,
            policy=rule.policy,
            found=codec,
            allowed=listed(rule.codecs),
        )
    ]


def _audio_streams(ev: Evidence) -> list[Finding]:
    rule = ev.profile.audio
    if not ev.probe.audio:
        return [ev.finding("streams.no_audio", Severity.FAIL, policy=rule.policy)]
    bad = sorted({s.codec_name for s in ev.probe.audio} - set(rule.codecs))
    if not bad:
        return []
    return [
        ev.finding(
            "codec.audio",
            Severity.FAIL,
            policy=rule.policy,
            found=listed(bad),
            allowed=listed(rule.codecs),
        )
    ]
