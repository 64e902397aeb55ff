"""The library's rows and a file's page data, from the one gate (media.gate) and the catalogue.

One row per lesson file of a config: where it stands at the gate (verdict, review per level,
the one reason it waits) and its latest validation (profile, stage window, findings).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from airclass.config import World
from airclass.config.i18n import t
from airclass.config.timecode import FrameRate, timecode
from airclass.media.catalogue import AssetValidation, timeline_of
from airclass.media.gate import AssetStatus, catalogue_status, lesson_status
from sqlalchemy import select
from sqlalchemy.orm import Session

from .timeline import KINDS, TimelinePicture, picture


@dataclass(frozen=True)
class LibraryRow:
    status: AssetStatus
    title: str
    kind: str
    path: str
    """Relative to the media folder."""
    validation: AssetValidation | None

    @property
    def duration(self) -> str | None:
        """Measured length as a timecode, HH:MM:SS:FF."""
        v = self.validation
        if v is None or v.duration_frames is None:
            return None
        return timecode(v.duration_frames, FrameRate.parse(v.frame_rate or "25"))

    @property
    def window(self) -> str | None:
        v = self.validation
        if v is None or v.window_min_frames is None or v.window_max_frames is None:
            return None
        rate = FrameRate.parse(v.frame_rate or "25")
        low, high = (timecode(f, rate) for f in (v.window_min_frames, v.window_max_frames))
        return f"{v.stage} {low}–{high}"

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.validation.report.get("findings", [])) if self.validation else []

    @property
    def rate(self) -> FrameRate:
        v = self.validation
        return FrameRate.parse(v.frame_rate if v and v.frame_rate else "25")


def latest_validation_of(session: Session, status: AssetStatus) -> AssetValidation | None:
    """The newest validation of the file's current checksum, under any profile."""
    if status.checksum is None:
        return None
    query = select(AssetValidation).where(AssetValidation.checksum == status.checksum)
    return session.scalars(query.order_by(AssetValidation.id.desc()).limit(1)).first()


def library_rows(
    session: Session,
    world: World,
    media_root: Path,
    *,
    grade: int | None = None,
    verdict: str | None = None,
    review: str | None = None,
) -> list[LibraryRow]:
    rows = []
    for status in catalogue_status(session, world, media_root):
        if grade is not None and status.grade != grade:
            continue
        if verdict and (status.verdict or "none") != verdict:
            continue
        if review and status.review.value != review:
            continue
        rows.append(_row(session, world, status))
    return rows


def library_row(session: Session, world: World, media_root: Path, asset_id: str) -> LibraryRow:
    """The row of one lesson file (UnknownAssetError is the caller's when it is not a lesson)."""
    ref = next(r for r in world.lessons() if r.lesson.asset == asset_id)
    path = media_root / world.assets[asset_id].path
    status = lesson_status(session, world, asset_id, grade=ref.grade, lesson_id=ref.id, path=path)
    return _row(session, world, status)


def _row(session: Session, world: World, status: AssetStatus) -> LibraryRow:
    asset = world.assets[status.asset_id]
    validation = latest_validation_of(session, status)
    return LibraryRow(status, asset.title, str(asset.kind), str(asset.path), validation)


def file_timeline(session: Session, row: LibraryRow, lang: str) -> TimelinePicture | None:
    """The timeline picture of the row's latest validation (none: it recorded no timeline)."""
    if row.validation is None or (stored := timeline_of(session, row.validation.id)) is None:
        return None
    strip = f"/console/validations/{row.validation.id}/strip.jpg" if stored.strip else None
    names = {kind: t(f"console.timeline.kind.{kind}", lang) for kind in KINDS}
    return picture(stored.data, findings=row.findings, rate=row.rate, strip_url=strip, names=names)


def strip_of(session: Session, validation_id: int) -> bytes | None:
    stored = timeline_of(session, validation_id)
    return None if stored is None else stored.strip
