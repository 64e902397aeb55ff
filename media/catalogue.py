"""The catalogue: validation results and review sign-offs, keyed by each file's checksum.

Both records name the SHA-256 of the file they judged, so editing a file invalidates its
validation and its reviews at once. A validation records the profile and the stage window
(L3) it applied; a sign-off records the person who signed, and one person signs at most one
level of an asset (C5: 多级审核 by different teams). Whether a lecture may air is decided
from these records in media.gate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from airclass.config.database import Base, UTCDateTime, utcnow
from airclass.media.catalogue_errors import ReviewOrderError, SamePersonError
from airclass.media.timeline import Timeline
from sqlalchemy import (
    JSON,
    BigInteger,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    select,
)
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
    stage: Mapped[str | None] = mapped_column(String(16))
    """The school stage whose L3 window was applied (none: no window)."""
    window_min_frames: Mapped[int | None] = mapped_column(Integer)
    window_max_frames: Mapped[int | None] = mapped_column(Integer)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    validated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_passing(self) -> bool:
        return self.verdict in _PASSING


class ValidationTimeline(Base):
    """The timeline picture of one validation (media.timeline): its strip beside the numbers,
    in its own table so that reading validations never loads a picture."""

    __tablename__ = "validation_timeline"

    validation_id: Mapped[int] = mapped_column(
        ForeignKey("asset_validation.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    """Timeline.to_json(): curve, bands and the strip's geometry."""
    strip: Mapped[bytes | None] = mapped_column(LargeBinary)
    """One JPEG (none: no picture stream)."""


class ReviewSignoff(Base):
    """One person's decision at one review level about one file (C5)."""

    __tablename__ = "review_signoff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[str] = mapped_column(String(200), index=True)
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    """Who signed: the API token's holder, or the CLI's `--as` name."""
    token_id: Mapped[int | None] = mapped_column(Integer)
    """The API token that signed (none: the CLI, run with database access)."""
    level: Mapped[str] = mapped_column(String(100))
    decision: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


def ensure_schema(engine: Engine) -> None:
    """Create the catalogue's tables if missing (until the Alembic migration owns them)."""
    tables = [AssetValidation.__table__, ValidationTimeline.__table__, ReviewSignoff.__table__]
    Base.metadata.create_all(engine, tables=tables)


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
    timeline: Timeline | None = None,
) -> AssetValidation:
    """Store a validator report (a FileReport or its JSON form) for the file it names, with
    its timeline (a FileReport's own, unless given).

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
    window = data.get("stage_window") or {}
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
        stage=window.get("stage"),
        window_min_frames=window.get("min_frames"),
        window_max_frames=window.get("max_frames"),
        report=data,
        validated_at=utcnow(),
    )
    session.add(row)
    session.flush()
    timeline = timeline or getattr(report, "timeline", None)
    if timeline is not None:
        strip = timeline.strip.jpeg if timeline.strip else None
        session.add(ValidationTimeline(validation_id=row.id, data=timeline.to_json(), strip=strip))
        session.flush()
    return row


def timeline_of(session: Session, validation_id: int) -> ValidationTimeline | None:
    return session.get(ValidationTimeline, validation_id)


def _report_data(report: Mapping[str, Any] | Any) -> dict[str, Any]:
    """The JSON form of a report: a mapping as it is, else `to_json()` or pydantic's dump."""
    if isinstance(report, Mapping):
        return dict(report)
    if hasattr(report, "to_json"):
        return dict(report.to_json())
    return dict(report.model_dump(mode="json"))


def latest_validation(
    session: Session,
    checksum: str,
    *,
    profile: str | None = None,
    window: tuple[str, int, int] | None = None,
) -> AssetValidation | None:
    """The latest validation of `checksum`; with `profile` and `window` (stage, min and max
    frames), only one judged under exactly that profile and stage window."""
    query = select(AssetValidation).where(AssetValidation.checksum == checksum)
    if profile is not None:
        query = query.where(AssetValidation.profile == profile)
    if window is not None:
        stage, low, high = window
        query = query.where(
            AssetValidation.stage == stage,
            AssetValidation.window_min_frames == low,
            AssetValidation.window_max_frames == high,
        )
    return session.scalar(
        query.order_by(AssetValidation.validated_at.desc(), AssetValidation.id.desc()).limit(1)
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
    token_id: int | None = None,
) -> ReviewSignoff:
    """Store `reviewer`'s sign-off. With `levels` (in review order), the level must be one of
    them and an approval needs every earlier level approved first (ReviewOrderError). One
    person signs at most one level of an asset (SamePersonError)."""
    decision = Decision(decision)
    if levels is not None:
        _check_order(session, checksum, level, decision, list(levels))
    _check_person(session, asset_id, reviewer, level)
    row = ReviewSignoff(
        asset_id=asset_id,
        checksum=checksum,
        reviewer=reviewer,
        token_id=token_id,
        level=level,
        decision=decision.value,
        note=note,
        signed_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def _check_person(session: Session, asset_id: str, reviewer: str, level: str) -> None:
    """C5: each level is another team's judgement, so a person who signed one level of this
    asset (any version of its file) may sign that level again, but no other."""
    person = _person(reviewer)
    rows = session.execute(
        select(ReviewSignoff.reviewer, ReviewSignoff.level).where(
            ReviewSignoff.asset_id == asset_id, ReviewSignoff.level != level
        )
    )
    for name, signed in rows:
        if _person(name) == person:
            raise SamePersonError(reviewer=reviewer, asset=asset_id, signed=signed, level=level)


def _person(name: str) -> str:
    """Names compare without case and surrounding or repeated blanks."""
    return " ".join(name.split()).casefold()


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
    return state_of(level_decisions(session, checksum, levels))


def state_of(decisions: dict[str, Decision | None]) -> ReviewState:
    if Decision.REJECTED in decisions.values():
        return ReviewState.REJECTED
    if all(d is Decision.APPROVED for d in decisions.values()):
        return ReviewState.APPROVED
    return ReviewState.PENDING
