"""What validation says about one file: findings, measurements and a verdict.

`FileReport.to_json()` is the `--json` format of `airclass validate`:
`{"path", "verdict", "duration_frames", "frame_rate", "measured": {…},
"findings": [{"code", "severity", "message", "seconds", "timecode"}]}`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from airclass.config.schema.profile import Severity as RuleSeverity
from airclass.config.timecode import FrameRate, frames_from_seconds, timecode
from airclass.media.timeline import Timeline
from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    """How bad one finding is; `error` means the file could not be checked at all."""

    ERROR = "error"
    FAIL = "fail"
    WARN = "warn"

    @classmethod
    def of_rule(cls, rule: RuleSeverity) -> Severity:
        return cls.FAIL if rule is RuleSeverity.FAIL else cls.WARN


class Verdict(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"


_VERDICT_OF = {
    Severity.ERROR: Verdict.ERROR,
    Severity.FAIL: Verdict.FAIL,
    Severity.WARN: Verdict.WARN,
}


class Finding(BaseModel):
    """One broken rule, with where it happens when it happens at a point in time."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    seconds: float | None = None
    timecode: str | None = None
    until: float | None = None
    """Where a finding about a stretch ends (an advert segment), in seconds."""
    policy: str | None = None
    visual: bool = False
    """True when a thumbnail at `seconds` shows the problem (black, freeze)."""

    @classmethod
    def at(
        cls,
        code: str,
        severity: Severity,
        message: str,
        *,
        seconds: float | None,
        rate: FrameRate,
        policy: str | None = None,
        visual: bool = False,
        until: float | None = None,
    ) -> Finding:
        """A finding placed at `seconds` (to `until`), with its timecode at `rate`."""
        where = (
            None if seconds is None else timecode(frames_from_seconds(max(seconds, 0), rate), rate)
        )
        rounded = None if seconds is None else round(seconds, 3)
        return cls(
            code=code,
            severity=severity,
            message=message,
            seconds=rounded,
            timecode=where,
            until=None if until is None else round(until, 3),
            policy=policy,
            visual=visual,
        )


class StageWindow(BaseModel):
    """The L3 length window a validation applied: the school stage and its bounds in frames."""

    model_config = ConfigDict(frozen=True)

    stage: str
    min_frames: int
    max_frames: int


class FileReport(BaseModel):
    """The result of validating one path (a file, or a folder without media)."""

    model_config = ConfigDict(frozen=True)

    path: str
    profile: str
    duration_frames: int | None = None
    frame_rate: str | None = None
    measured: dict[str, Any] = {}
    findings: list[Finding] = []
    stage_window: StageWindow | None = None
    """The stage window the length was judged against (none: no stage was given)."""
    timeline: Timeline | None = None
    """The console's picture of the file; stored beside the record, not in `to_json()`."""

    @property
    def verdict(self) -> Verdict:
        """The worst finding decides: error > fail > warn > pass."""
        worst = Verdict.PASS
        order = list(Verdict)
        for finding in self.findings:
            candidate = _VERDICT_OF[finding.severity]
            if order.index(candidate) > order.index(worst):
                worst = candidate
        return worst

    @property
    def is_passing(self) -> bool:
        return self.verdict in (Verdict.PASS, Verdict.WARN)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "profile": self.profile,
            "stage_window": None if self.stage_window is None else self.stage_window.model_dump(),
            "verdict": self.verdict.value,
            "duration_frames": self.duration_frames,
            "frame_rate": self.frame_rate,
            "measured": self.measured,
            "findings": [
                f.model_dump(
                    mode="json", include={"code", "severity", "message", "seconds", "timecode"}
                )
                for f in self.findings
            ],
        }
