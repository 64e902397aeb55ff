"""Duration limits of a lecture, in frames, from a config directory's policy.toml.

The numbers live in policy.toml (L3 windows by stage, L1 longest lecture); the profile
only says which of them apply.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from airclass.config.errors import ConfigError, Problem
from airclass.config.schema.common import StageName
from airclass.config.schema.policy import Policy
from airclass.config.schema.profile import MediaProfile
from airclass.config.timecode import FrameRate, frames_from_minutes
from airclass.media.report import Severity
from pydantic import ValidationError


@dataclass(frozen=True)
class DurationLimit:
    """A lecture must last between `min_frames` (if any) and `max_frames`."""

    code: str
    min_frames: int | None
    max_frames: int
    severity: Severity
    policy: str
    source: str
    label: str
    """What the limit is for, e.g. the stage name."""


def load_policy(config_dir: Path) -> Policy:
    """policy.toml of `config_dir`, validated; raises ConfigError naming the field."""
    path = Path(config_dir) / "policy.toml"
    if not path.is_file():
        raise ConfigError([Problem(str(path), "", "file is missing; pass a config directory")])
    try:
        return Policy.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([Problem(str(path), "", f"TOML syntax error: {exc}")]) from None
    except ValidationError as exc:
        problems = [
            Problem(str(path), ".".join(str(p) for p in e["loc"]), str(e["msg"]))
            for e in exc.errors()
        ]
        raise ConfigError(problems) from None


def duration_limits(
    policy: Policy, *, stage: StageName | None, profile: MediaProfile
) -> list[DurationLimit]:
    """The limits `profile` applies: the stage's L3 window (when a stage is given) and L1."""
    rate: FrameRate = profile.video.frame_rate
    limits: list[DurationLimit] = []
    if stage is not None and profile.duration.stage_window:
        window = policy.lecture[stage]
        limits.append(
            DurationLimit(
                code="duration.window",
                min_frames=frames_from_minutes(window.min_minutes, rate),
                max_frames=frames_from_minutes(window.max_minutes, rate),
                severity=Severity.FAIL,
                policy=window.policy,
                source=window.source,
                label=stage,
            )
        )
    if profile.duration.lecture_max:
        cap = policy.lecture_max
        limits.append(
            DurationLimit(
                code="duration.lecture_max",
                min_frames=None,
                max_frames=frames_from_minutes(cap.minutes, rate),
                severity=Severity.WARN if cap.severity == "warning" else Severity.FAIL,
                policy=cap.policy,
                source=cap.source,
                label="L1",
            )
        )
    return limits
