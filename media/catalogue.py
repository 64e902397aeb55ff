"""The catalogue: validation results and review sign-offs, keyed by each file's checksum.

Only a lecture whose current file passed validation (pass or warn) and was approved at every
review level (C5: 合格一门上线一门) is schedulable. Both records name the SHA-256 of the file
they judged, so editing a file invalidates its validation and its reviews at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from airclass.config.database import Base, UTCDateTime, utcnow
from airclass.config.schema.assets import Asset
from airclass.config.schema.world import World
from airclass.media.catalogue_errors import ReviewOrderError
from sqlalchemy import JSON, BigInteger, Engine, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

_CHUNK = 1 << 20
_PASSING = frozenset({"pass", "warn"})


class Decision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class ReviewState(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    REJECTED = "rejected"


class Exclusion(StrEnum):
    """Why a lecture may not be scheduled, in the order the rule checks."""

    MISSING_FILE = "missing_file"
    NOT_VALIDATED = "not_validated"
    CHECKSUM_CHANGED = "checksum_changed"
    FAILED = "failed"
    REVIEW_REJECTED = "review_rejected"
    REVIEW_PENDING = "review_pending"


class AssetValidation(Base):
    """One validation of one file, with what it measured."""

    __tablename__ = "asset_validation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[str | None] = mapped_column(String(200), index=True)
    path: Mapped[str] = mapped_column(Text, index=True)
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int | None] = mapped_column(BigInteger)
    verdict: Mapped[str] = mapped_column(String(16))
    duration_frames: Mapped[int | None] = mapped_column(Integer)
    frame_rate: Mapped[str | None] = mapped_column(String(32))
    profile: Mapped[str | None] = mapped_column(String(100))
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    validated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_passing(self) -> bool:
        return self.verdict in _PASSING


class ReviewSignoff(Base):
    """One reviewer's decision at one review level about one file (C5)."""

    __tablename__ = "review_signoff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[str] = mapped_column(String(200), index=True)
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(100))
    decision: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


def ensure_schema(engine: Engine) -> None:
    """Create the catalogue's tables if missing (until the Alembic migration owns them)."""
    Base.metadata.create_all(engine, tables=[AssetValidation.__table__, ReviewSignoff.__table__])


def file_checksum(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB chunks (hex)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def current_checksum(session: Session, path: Path) -> str:
    """The checksum of `path`, reusing a stored one when size and mtime are unchanged."""
    stat = path.stat()
    stored = session.scalar(
        select(AssetValidation.checksum)
        .where(
            AssetValidation.path == _key(path),
            AssetValidation.size == stat.st_size,
            AssetValidation.mtime_ns == stat.st_mtime_ns,
        )
        .order_by(AssetValidation.id.desc())
        .limit(1)
    )
    return stored or file_checksum(path)


def _key(path: Path) -> str:
    return str(path.resolve())


def record_validation(
    session: Session,
    report: Mapping[str, Any] | Any,
    *,
    checksum: str | None = None,
    asset_id: str | None = None,
    profile: str | None = None,
) -> AssetValidation:
    """Store a validator report (a FileReport or its JSON form) for the file it names.

    Without `checksum` the file is hashed now; a file that is gone is stored with checksum ''
    (the record of an error that no file can match).
    """
    data = _report_data(report)
    path = Path(data["path"])
    try:
        stat = path.stat()
        size, mtime_ns = stat.st_size, stat.st_mtime_ns
    except OSError:
        size, mtime_ns = 0, None
    if checksum is None:
        checksum = file_checksum(path) if mtime_ns is not None else ""
    row = AssetValidation(
        asset_id=asset_id,
        path=_key(path),
        checksum=checksum,
        size=size,
        mtime_ns=mtime_ns,
        verdict=str(data["verdict"]),
        duration_frames=data.get("duration_frames"),
        frame_rate=None if data.get("frame_rate") is None else str(data["frame_rate"]),
        profile=profile or data.get("profile"),
        report=data,
        validated_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def _report_data(report: Mapping[str, Any] | Any) -> dict[str, Any]:
    """The JSON form of a report: a mapping as it is, else `to_json()` or pydantic's dump."""
    if isinstance(report, Mapping):
        return dict(report)
    if hasattr(report, "to_json"):
        return dict(report.to_json())
    return dict(report.model_dump(mode="json"))


def latest_validation(session: Session, checksum: str) -> AssetValidation | None:
    return session.scalar(
        select(AssetValidation)
        .where(AssetValidation.checksum == checksum)
        .order_by(AssetValidation.validated_at.desc(), AssetValidation.id.desc())
        .limit(1)
    )


def record_review(
    session: Session,
    *,
    asset_id: str,
    checksum: str,
    reviewer: str,
    level: str,
    decision: Decision | str,
    note: str = "",
    levels: Sequence[str] | None = None,
) -> ReviewSignoff:
    """Store a sign-off. With `levels` (in review order), the level must be one of them and an
    approval needs every earlier level approved first; raises ReviewOrderError otherwise."""
    decision = Decision(decision)
    if levels is not None:
        _check_order(session, checksum, level, decision, list(levels))
    row = ReviewSignoff(
        asset_id=asset_id,
        checksum=checksum,
        reviewer=reviewer,
        level=level,
        decision=decision.value,
        note=note,
        signed_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def _check_order(
    session: Session, checksum: str, level: str, decision: Decision, levels: list[str]
) -> None:
    if level not in levels:
        raise ReviewOrderError(level, levels, missing=[])
    if decision is Decision.REJECTED:
        return  # any level may reject at any time
    decisions = level_decisions(session, checksum, levels)
    earlier = levels[: levels.index(level)]
    missing = [name for name in earlier if decisions[name] is not Decision.APPROVED]
    if missing:
        raise ReviewOrderError(level, levels, missing=missing)


def level_decisions(
    session: Session, checksum: str, levels: Sequence[str]
) -> dict[str, Decision | None]:
    """The latest decision at each level about the file with `checksum` (None: not signed)."""
    rows = session.scalars(
        select(ReviewSignoff)
        .where(ReviewSignoff.checksum == checksum, ReviewSignoff.level.in_(list(levels)))
        .order_by(ReviewSignoff.signed_at, ReviewSignoff.id)
    )
    decisions: dict[str, Decision | None] = dict.fromkeys(levels)
    for row in rows:
        decisions[row.level] = Decision(row.decision)
    return decisions


def review_state(session: Session, checksum: str, levels: Sequence[str]) -> ReviewState:
    """Rejected if any level's latest decision rejects; approved when every level approves."""
    return _state_of(level_decisions(session, checksum, levels))


def _state_of(decisions: dict[str, Decision | None]) -> ReviewState:
    if Decision.REJECTED in decisions.values():
        return ReviewState.REJECTED
    if all(d is Decision.APPROVED for d in decisions.values()):
        return ReviewState.APPROVED
    return ReviewState.PENDING


@dataclass(frozen=True)
class AssetStatus:
    """Where one lecture stands: its file, validation, reviews and whether it may air."""

    asset_id: str
    path: Path
    checksum: str | None = None
    verdict: str | None = None
    duration_frames: int | None = None
    review: ReviewState = ReviewState.PENDING
    levels: dict[str, Decision | None] = field(default_factory=dict)
    exclusion: Exclusion | None = None

    @property
    def is_schedulable(self) -> bool:
        return self.exclusion is None


def lecture_assets(world: World) -> list[Asset]:
    """The assets the world's curricula reference, each once, in lesson order."""
    seen: dict[str, Asset] = {}
    for ref in world.lessons():
        seen.setdefault(ref.lesson.asset, world.assets[ref.lesson.asset])
    return list(seen.values())


def asset_status(
    session: Session, asset: Asset, media_root: Path, levels: Sequence[str]
) -> AssetStatus:
    """Check one asset against the schedulable rule, stopping at the first reason to exclude."""
    path = media_root / asset.path
    if not path.is_file():
        return AssetStatus(asset.id, path, exclusion=Exclusion.MISSING_FILE)
    checksum = current_checksum(session, path)
    decisions = level_decisions(session, checksum, levels)
    state = _state_of(decisions)
    status = AssetStatus(asset.id, path, checksum, review=state, levels=decisions)
    validation = latest_validation(session, checksum)
    if validation is None:
        changed = _judged_before(session, asset.id, path, checksum)
        return _with(status, Exclusion.CHECKSUM_CHANGED if changed else Exclusion.NOT_VALIDATED)
    status = _with(
        status, None, verdict=validation.verdict, duration_frames=validation.duration_frames
    )
    if not validation.is_passing or validation.duration_frames is None:
        return _with(status, Exclusion.FAILED)
    if state is ReviewState.REJECTED:
        return _with(status, Exclusion.REVIEW_REJECTED)
    if state is ReviewState.PENDING:
        changed = _reviewed_before(session, asset.id, checksum)
        return _with(status, Exclusion.CHECKSUM_CHANGED if changed else Exclusion.REVIEW_PENDING)
    return status


def _with(status: AssetStatus, exclusion: Exclusion | None, **changes: Any) -> AssetStatus:
    return replace(status, exclusion=exclusion, **changes)


def _judged_before(session: Session, asset_id: str, path: Path, checksum: str) -> bool:
    """Was another version of this asset's file validated?"""
    return (
        session.scalar(
            select(AssetValidation.id)
            .where(
                (AssetValidation.asset_id == asset_id) | (AssetValidation.path == _key(path)),
                AssetValidation.checksum != checksum,
            )
            .limit(1)
        )
        is not None
    )


def _reviewed_before(session: Session, asset_id: str, checksum: str) -> bool:
    """Were reviews signed for another version of this asset's file?"""
    return (
        session.scalar(
            select(ReviewSignoff.id)
            .where(ReviewSignoff.asset_id == asset_id, ReviewSignoff.checksum != checksum)
            .limit(1)
        )
        is not None
    )


def catalogue_status(session: Session, world: World, media_root: Path) -> list[AssetStatus]:
    """The status of every lecture asset the world's curricula reference."""
    levels = world.policy.review.level_ids
    return [asset_status(session, a, media_root, levels) for a in lecture_assets(world)]


def schedulable_durations(session: Session, world: World, media_root: Path) -> dict[str, int]:
    """Asset id → measured duration in frames, for every lecture that passed and was approved."""
    return {
        s.asset_id: s.duration_frames
        for s in catalogue_status(session, world, media_root)
        if s.is_schedulable and s.duration_frames is not None
    }


def explain_unschedulable(session: Session, world: World, media_root: Path) -> dict[str, Exclusion]:
    """Asset id → why it is not schedulable, for every lecture that is not."""
    return {
        s.asset_id: s.exclusion
        for s in catalogue_status(session, world, media_root)
        if s.exclusion is not None
    }


def needs_validation(session: Session, world: World, media_root: Path) -> list[str]:
    """Lecture assets whose file exists but whose current checksum was never validated."""
    needed = []
    for asset in lecture_assets(world):
        path = media_root / asset.path
        if path.is_file() and latest_validation(session, current_checksum(session, path)) is None:
            needed.append(asset.id)
    return needed


def adopt_curriculum_reviews(
    session: Session, world: World, media_root: Path, *, reviewer: str
) -> int:
    """Sign, as `reviewer`, what the curricula declare (`review = "approved"` approves every
    level in order, `"rejected"` rejects at the first), for each existing file not yet signed
    at that level. For demos and imports from an outside review system; returns sign-offs made.
    """
    levels = world.policy.review.level_ids
    made = 0
    for ref in world.lessons():
        path = media_root / world.assets[ref.lesson.asset].path
        if ref.lesson.review == "pending" or not path.is_file():
            continue
        checksum = current_checksum(session, path)
        decided = level_decisions(session, checksum, levels)
        wanted = levels if ref.lesson.review == "approved" else levels[:1]
        decision = Decision(ref.lesson.review.value)
        for level in (name for name in wanted if decided[name] is None):
            record_review(
                session, asset_id=ref.lesson.asset, checksum=checksum, reviewer=reviewer,
                level=level, decision=decision, note="curriculum", levels=levels,
            )  # fmt: skip
            made += 1
    return made
