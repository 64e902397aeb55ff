"""Signs of an advert inserted inside a lesson (B1): SCTE-35 cues, chapter markers, and a
segment bracketed by two interior black + silence breaks (the shape of a commercial break)."""

from __future__ import annotations

from airclass.config.timecode import frames_from_seconds, timecode
from airclass.media.checks.runs import is_head, is_tail
from airclass.media.evidence import Evidence
from airclass.media.ffmpeg_log import TimeRun
from airclass.media.report import Finding, Severity


def check(ev: Evidence) -> list[Finding]:
    return [*_scte35(ev), *_chapters(ev), *_bracketed_segments(ev)]


def _scte35(ev: Evidence) -> list[Finding]:
    rule = ev.profile.adverts
    if not rule.forbid_scte35:
        return []
    return [
        ev.finding("advert.scte35", Severity.FAIL, policy=rule.policy, index=stream.index)
        for stream in ev.probe.data
        if stream.codec_name == "scte_35"
    ]


def _chapters(ev: Evidence) -> list[Finding]:
    rule = ev.profile.adverts
    if not rule.forbid_chapters:
        return []
    return [
        ev.finding(
            "advert.chapter",
            Severity.FAIL,
            seconds=chapter.start_time,
            policy=rule.policy,
            title=chapter.tags.get("title", "-"),
        )
        for chapter in ev.probe.chapters
    ]


def breaks(ev: Evidence) -> list[TimeRun]:
    """Stretches inside the file that are black and silent at once, at least `break_min_seconds`."""
    if ev.video is None or ev.audio is None:
        return []
    rule = ev.profile.adverts
    found = []
    for picture in ev.video.black:
        if is_head(ev, picture) or is_tail(ev, picture):
            continue  # black at the very start or end opens or closes the lesson
        for sound in ev.audio.silence:
            both = picture.overlap(sound)
            if both and both.seconds >= rule.break_min_seconds:
                found.append(both)
    return sorted(found, key=lambda run: run.start)


def _bracketed_segments(ev: Evidence) -> list[Finding]:
    rule = ev.profile.adverts
    found = breaks(ev)
    findings = []
    for before, after in zip(found, found[1:], strict=False):
        segment = TimeRun(before.end, after.start)
        if rule.segment_min_seconds <= segment.seconds <= rule.segment_max_seconds:
            findings.append(
                ev.finding(
                    "advert.break",
                    Severity.FAIL,
                    seconds=segment.start,
                    until=segment.end,
                    policy=rule.policy,
                    visual=True,
                    start=timecode(frames_from_seconds(segment.start, ev.rate), ev.rate),
                    end=timecode(frames_from_seconds(segment.end, ev.rate), ev.rate),
                    length=f"{segment.seconds:.1f}",
                )
            )
    return findings
