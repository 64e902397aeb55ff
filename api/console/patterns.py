"""Sample data for the patterns page: one of each component, in each of its states."""

from __future__ import annotations

import datetime as dt
from typing import Any

from airclass.api.db.job_models import Job, JobKind, JobState
from airclass.config.i18n import t
from airclass.config.timecode import FrameRate
from airclass.solver.plan import Airing

from .timeline import KINDS, picture
from .week import Block

_DAY = dt.date(2026, 11, 23)


def _airing(grade: int, subject: str, number: int, repeat: bool = False) -> Airing:
    return Airing(
        uid=f"patterns-{grade}-{number}",
        channel="demo.channel",
        date=_DAY,
        start_frame=0,
        duration_frames=20 * 60 * 25,
        slot_frames=20 * 60 * 25,
        grade=grade,
        course=f"g{grade:02d}-demo",
        subject=subject,
        domain="zhi",
        lesson_id=f"g{grade:02d}-demo-{number:03d}",
        lesson_number=number,
        title=f"{subject} 第{number}课",
        asset=f"g{grade:02d}-demo-{number:03d}",
        is_repeat=repeat,
    )


def _timeline(finding: dict[str, Any], lang: str) -> object:
    """A minute with a band of each kind and a dip in loudness; no strip (no file behind it)."""
    data = {
        "seconds": 60.0,
        "step": 2.0,
        "loudness": [-23.0 + (i % 5) for i in range(15)] + [None] * 3 + [-40.0] * 12,
        "target_lufs": -24.0,
        "bands": [
            {"kind": "black", "start": 10.0, "end": 13.0},
            {"kind": "advert", "start": 14.0, "end": 28.0},
            {"kind": "silence", "start": 30.0, "end": 36.0},
            {"kind": "freeze", "start": 40.0, "end": 52.0},
        ],
    }
    names = {kind: t(f"console.timeline.kind.{kind}", lang) for kind in KINDS}
    return picture(data, findings=[finding], rate=FrameRate(25), strip_url=None, names=names)


def patterns_samples(lang: str) -> dict[str, Any]:
    blocks = [
        Block("lesson", 0, 20, "08:30", "20:00", "语文", _airing(1, "语文", 1)),
        Block("break_interstitial", 20, 5, "08:50", "5:00", "眼保健操"),
        Block("filler", 25, 15, "08:55", "15:00", "filler"),
        Block("lesson", 40, 20, "09:10", "20:00", "数学", _airing(7, "数学", 3), change="moved"),
        Block("lesson", 60, 20, "09:30", "20:00", "英语", _airing(12, "英语", 2, True), "added"),
    ]
    job = Job(
        id="patterns-job", kind=JobKind.PLAN, state=JobState.SUCCEEDED, progress=1.0,
        message="done", created_by="patterns", result=None, error=None,
    )  # fmt: skip
    finding = {
        "code": "black",
        "severity": "error",
        "message": "black picture for 3.0 s",
        "seconds": 12.5,
        "timecode": "00:00:12:12",
    }
    return {
        "sample_blocks": blocks,
        "sample_job": job,
        "sample_finding": finding,
        "sample_timeline": _timeline(finding, lang),
    }
