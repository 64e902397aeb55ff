"""The one gate: may this lecture air, and if not, why? (C5, C4, L3)

A lecture may air when its current file

1. passed validation (pass or warn) under the acceptance profile of every channel that carries
   its grade, judged against its own grade's stage window (L3), and measures inside that window;
2. was approved at every review level of policy.toml's `[review]`, in order (C5: 合格一门上线一门).

The planner (CLI, staff API, demo), the pre-air check, `review status` and the staff API all ask
here. The answer is an AssetStatus whose `hold` (config.clearance.Hold) is the one reason the
lecture may not air, or None.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from airclass.config.clearance import Hold, Reason
from airclass.config.profiles import load_profile
from airclass.config.schema.channels import Channel
from airclass.config.schema.common import StageName
from airclass.config.schema.policy import Policy
from airclass.config.schema.profile import MediaProfile
from airclass.config.schema.world import World
from airclass.media.catalogue import (
    AssetValidation,
    Decision,
    ReviewSignoff,
    ReviewState,
    current_checksum,
    latest_validation,
    level_decisions,
    state_of,
)
from airclass.media.limits import duration_limits
from sqlalchemy import select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Acceptance:
    """What a lecture must pass to air on a channel: its profile, at the grade's stage window."""

    profile: str
    stage: StageName
    min_frames: int
    max_frames: int

    @property
    def window(self) -> tuple[str, int, int]:
        return self.stage, self.min_frames, self.max_frames

    def fits(self, frames: int) -> bool:
        return self.min_frames <= frames <= self.max_frames


def acceptance(policy: Policy, profile: str, stage: StageName) -> Acceptance:
    """The stage's L3 window in frames at the profile's frame rate, as validation applies it."""
    chosen = _profile(profile)
    (window,) = (
        limit
        for limit in duration_limits(policy, stage=stage, profile=chosen)
        if limit.code == "duration.window"
    )
    assert window.min_frames is not None
    return Acceptance(profile, stage, window.min_frames, window.max_frames)


@functools.lru_cache(maxsize=16)
def _profile(name: str) -> MediaProfile:
    return load_profile(name)


def acceptances(world: World, grade: int) -> list[Acceptance]:
    """One per distinct acceptance profile of the channels carrying `grade`."""
    profiles = sorted({c.acceptance_profile for c in world.channels if grade in c.grade_set})
    stage = world.stage_of(grade)
    return [acceptance(world.policy, profile, stage) for profile in profiles]


@dataclass(frozen=True)
class AssetStatus:
    """Where one lesson's file stands: validation, reviews and the reason it may not air."""

    asset_id: str
    lesson_id: str
    grade: int
    path: Path
    checksum: str | None = None
    verdict: str | None = None
    duration_frames: int | None = None
    review: ReviewState = ReviewState.PENDING
    levels: dict[str, Decision | None] = field(default_factory=dict)
    hold: Hold | None = None

    @property
    def is_schedulable(self) -> bool:
        return self.hold is None


def lesson_status(
    session: Session,
    world: World,
    asset_id: str,
    *,
    grade: int,
    lesson_id: str,
    path: Path,
    channel: Channel | None = None,
) -> AssetStatus:
    """Check one lesson's file at `path` against the gate, stopping at the first reason to hold
    it: for `channel` alone, or for every channel carrying the grade."""
    base = AssetStatus(asset_id, lesson_id, grade, path)
    if not path.is_file():
        return _held(base, Hold(Reason.MISSING_FILE))
    checksum = current_checksum(session, path)
    levels = world.policy.review.level_ids
    decisions = level_decisions(session, checksum, levels)
    status = replace(base, checksum=checksum, review=state_of(decisions), levels=decisions)
    if channel is None:
        needed = acceptances(world, grade)
    else:
        needed = [acceptance(world.policy, channel.acceptance_profile, world.stage_of(grade))]
    for accepted in needed:
        validation = latest_validation(
            session, checksum, profile=accepted.profile, window=accepted.window
        )
        stage = accepted.stage
        if validation is None:
            if _validated_before(session, asset_id, path, checksum):
                return _held(status, Hold(Reason.FILE_CHANGED))
            return _held(status, Hold(Reason.NOT_VALIDATED, profile=accepted.profile, stage=stage))
        frames = validation.duration_frames
        status = replace(status, verdict=validation.verdict, duration_frames=frames)
        if not validation.is_passing or frames is None:
            return _held(status, Hold(Reason.FAILED, profile=accepted.profile, stage=stage))
        if not accepted.fits(frames):
            return _held(status, Hold(Reason.OUTSIDE_WINDOW, profile=accepted.profile, stage=stage))
    for level in levels:
        if decisions[level] is Decision.REJECTED:
            return _held(status, Hold(Reason.REVIEW_REJECTED, level=level))
    for level in levels:
        if decisions[level] is not Decision.APPROVED:
            if _reviewed_before(session, asset_id, checksum):
                return _held(status, Hold(Reason.FILE_CHANGED))
            return _held(status, Hold(Reason.REVIEW_PENDING, level=level))
    return status


def _held(status: AssetStatus, hold: Hold) -> AssetStatus:
    return replace(status, hold=hold)


def _validated_before(session: Session, asset_id: str, path: Path, checksum: str) -> bool:
    """Was another version of this asset's file validated?"""
    query = select(AssetValidation.id).where(
        (AssetValidation.asset_id == asset_id) | (AssetValidation.path == str(path.resolve())),
        AssetValidation.checksum != checksum,
    )
    return session.scalar(query.limit(1)) is not None


def _reviewed_before(session: Session, asset_id: str, checksum: str) -> bool:
    """Were reviews signed for another version of this asset's file?"""
    query = select(ReviewSignoff.id).where(
        ReviewSignoff.asset_id == asset_id, ReviewSignoff.checksum != checksum
    )
    return session.scalar(query.limit(1)) is not None


def catalogue_status(session: Session, world: World, media_root: Path) -> list[AssetStatus]:
    """The status of every lesson's file, in lesson order (an asset shared by lessons once)."""
    seen: dict[str, AssetStatus] = {}
    for ref in world.lessons():
        if ref.lesson.asset not in seen:
            seen[ref.lesson.asset] = lesson_status(
                session,
                world,
                ref.lesson.asset,
                grade=ref.grade,
                lesson_id=ref.id,
                path=media_root / world.assets[ref.lesson.asset].path,
            )
    return list(seen.values())


def schedulable_durations(session: Session, world: World, media_root: Path) -> dict[str, int]:
    """Asset id → measured length in frames, for every lecture the gate lets air."""
    return planning_inputs(session, world, media_root)[0]


def holds(session: Session, world: World, media_root: Path) -> dict[str, Hold]:
    """Asset id → the one reason it may not air, for every lecture the gate holds."""
    return planning_inputs(session, world, media_root)[1]


def planning_inputs(
    session: Session, world: World, media_root: Path
) -> tuple[dict[str, int], dict[str, Hold]]:
    """What the planner takes from the gate, in one pass over the catalogue: the measured
    length of every lecture it lets air, and the reason it holds each other one."""
    status = catalogue_status(session, world, media_root)
    durations = {
        s.asset_id: s.duration_frames
        for s in status
        if s.is_schedulable and s.duration_frames is not None
    }
    return durations, {s.asset_id: s.hold for s in status if s.hold is not None}


def needs_validation(
    session: Session, world: World, media_root: Path
) -> dict[Acceptance, list[str]]:
    """Lecture assets whose file exists but was never validated at its current checksum
    under an acceptance it needs, grouped by that acceptance (profile and stage window)."""
    needed: dict[Acceptance, list[str]] = {}
    for asset_id, grade in _lecture_grades(world):
        path = media_root / world.assets[asset_id].path
        if not path.is_file():
            continue
        checksum = current_checksum(session, path)
        for accepted in acceptances(world, grade):
            found = latest_validation(
                session, checksum, profile=accepted.profile, window=accepted.window
            )
            if found is None:
                needed.setdefault(accepted, []).append(asset_id)
    return needed


def channel_sources_needing_validation(
    session: Session, world: World, media_root: Path
) -> dict[str, list[str]]:
    """Channel clips and fixed programmes whose file exists but has no validation at its current
    checksum under the acceptance profile of a channel that airs it: profile → asset ids."""
    needed: dict[str, list[str]] = {}
    for channel in world.channels:
        for _field, asset_id in channel.asset_refs():
            path = media_root / world.assets[asset_id].path
            wanted = needed.setdefault(channel.acceptance_profile, [])
            if asset_id in wanted or not path.is_file():
                continue
            checksum = current_checksum(session, path)
            if latest_validation(session, checksum, profile=channel.acceptance_profile) is None:
                wanted.append(asset_id)
    return {profile: ids for profile, ids in needed.items() if ids}


def _lecture_grades(world: World) -> Iterable[tuple[str, int]]:
    """(asset id, grade) of every lesson's file, each asset once."""
    seen: set[str] = set()
    for ref in world.lessons():
        if ref.lesson.asset not in seen:
            seen.add(ref.lesson.asset)
            yield ref.lesson.asset, ref.grade


def lesson_stages(world: World, media_root: Path) -> dict[Path, StageName]:
    """Resolved path of each lesson's file → the stage of its grade, whose window applies (L3)."""
    return {
        (media_root / world.assets[asset_id].path).resolve(): world.stage_of(grade)
        for asset_id, grade in _lecture_grades(world)
    }
