"""Black, frozen and silent runs over the profile's thresholds; bounded black at head and tail."""

from __future__ import annotations

from airclass.media.evidence import Evidence
from airclass.media.ffmpeg_log import TimeRun
from airclass.media.report import Finding, Severity


def check(ev: Evidence) -> list[Finding]:
    return [*_black(ev), *_freeze(ev), *_silence(ev)]


def file_seconds(ev: Evidence) -> float:
    if ev.video is not None and ev.video.seconds:
        return ev.video.seconds
    return ev.probe.format.duration or 0.0


def frame_seconds(ev: Evidence) -> float:
    return float(1 / ev.rate.fps)


def is_head(ev: Evidence, run: TimeRun) -> bool:
    return run.start <= frame_seconds(ev) / 2


def is_tail(ev: Evidence, run: TimeRun) -> bool:
    return run.end >= file_seconds(ev) - frame_seconds(ev) / 2


def _black(ev: Evidence) -> list[Finding]:
    if ev.video is None:
        return []
    rule = ev.profile.black
    severity = Severity.of_rule(rule.severity)
    findings = []
    for run in ev.video.black:
        if is_head(ev, run):
            code, limit = "black.head", rule.max_head_seconds
        elif is_tail(ev, run):
            code, limit = "black.tail", rule.max_tail_seconds
        else:
            code, limit = "black.run", rule.min_seconds
        if run.seconds > limit or (code == "black.run" and run.seconds >= limit):
            findings.append(_run_finding(ev, code, severity, run, rule.policy, limit, visual=True))
    return findings


def _freeze(ev: Evidence) -> list[Finding]:
    if ev.video is None:
        return []
    rule = ev.profile.freeze
    severity = Severity.of_rule(rule.severity)
    black = ev.video.black
    return [
        _run_finding(ev, "freeze.run", severity, run, rule.policy, rule.min_seconds, visual=True)
        for run in ev.video.freeze
        if run.seconds >= rule.min_seconds and not _mostly_covered(run, black)
    ]


def _mostly_covered(run: TimeRun, others: list[TimeRun]) -> bool:
    """A frozen black picture is reported as black, not twice."""
    covered = sum(o.seconds for o in (run.overlap(other) for other in others) if o is not None)
    return covered >= 0.9 * run.seconds


def _silence(ev: Evidence) -> list[Finding]:
    if ev.audio is None:
        return []
    rule = ev.profile.silence
    severity = Severity.of_rule(rule.severity)
    return [
        _run_finding(ev, "silence.run", severity, run, rule.policy, rule.min_seconds)
        for run in ev.audio.silence
        if run.seconds >= rule.min_seconds
    ]


def _run_finding(
    ev: Evidence,
    code: str,
    severity: Severity,
    run: TimeRun,
    policy: str,
    limit: float,
    *,
    visual: bool = False,
) -> Finding:
    return ev.finding(
        code,
        severity,
        seconds=run.start,
        policy=policy,
        visual=visual,
        length=f"{run.seconds:.2f}",
        limit=f"{limit:g}",
    )
