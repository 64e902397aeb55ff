"""Sound: 48 kHz, channel count and layout, integrated loudness and peak."""

from __future__ import annotations

import math

from airclass.media.evidence import Evidence, listed
from airclass.media.probe import Stream
from airclass.media.report import Finding, Severity


def check(ev: Evidence) -> list[Finding]:
    stream = ev.audio_stream
    if stream is None:
        return []
    return [*_sample_rate(ev, stream), *_channels(ev, stream), *_loudness(ev)]


def _sample_rate(ev: Evidence, stream: Stream) -> list[Finding]:
    rule = ev.profile.audio
    if stream.sample_rate == rule.sample_rate:
        return []
    return [
        ev.finding(
            "audio.sample_rate",
            Severity.FAIL,
            policy=rule.policy,
            found=stream.sample_rate or "?",
            expected=rule.sample_rate,
        )
    ]


def _channels(ev: Evidence, stream: Stream) -> list[Finding]:
    rule = ev.profile.audio
    layout = stream.channel_layout or "unknown"
    count_ok = stream.channels in rule.channels
    layout_ok = not rule.layouts or layout in rule.layouts
    if count_ok and layout_ok:
        return []
    return [
        ev.finding(
            "audio.channels",
            Severity.FAIL,
            policy=rule.policy,
            found=stream.channels or "?",
            layout=layout,
            allowed=listed(rule.channels),
            allowed_layouts=listed(rule.layouts) or "*",
        )
    ]


def _loudness(ev: Evidence) -> list[Finding]:
    rule = ev.profile.loudness
    if rule is None or ev.audio is None:
        return []
    severity = Severity.of_rule(rule.severity)
    findings = []
    level = ev.audio.integrated_lufs
    if level is None or not math.isfinite(level):
        findings.append(ev.finding("loudness.unmeasured", severity, policy=rule.policy))
    elif abs(level - rule.target_lufs) > rule.tolerance_lu:
        findings.append(
            ev.finding(
                "loudness.integrated",
                severity,
                policy=rule.policy,
                found=f"{level:.1f}",
                target=f"{rule.target_lufs:.1f}",
                tolerance=f"{rule.tolerance_lu:.1f}",
            )
        )
    peak = ev.audio.peak_db
    if peak is not None and math.isfinite(peak) and peak > rule.max_peak_dbtp:
        findings.append(
            ev.finding(
                f"loudness.{rule.peak}_peak",
                severity,
                policy=rule.policy,
                found=f"{peak:.1f}",
                limit=f"{rule.max_peak_dbtp:.1f}",
            )
        )
    return findings
