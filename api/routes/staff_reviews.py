"""Staff review: record a content-review sign-off (C5: a course airs only once it passed).

The sign-off is stored beside the SHA-256 of the asset's current file, so editing the file
voids it; levels follow the config's `[review]` order (an approval needs earlier levels first).
The signer is the bearer token's holder, never a name in the body; one person signs at most
one level of an asset (409 otherwise).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from airclass.api.auth import EditorToken, require_role
from airclass.api.config_dirs import config_directory
from airclass.api.db.auth_models import ApiToken, Role
from airclass.api.deps import SessionDep, SettingsDep
from airclass.api.media_paths import existing_file
from airclass.api.staff_errors import UnknownAssetError
from airclass.config import load_world
from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, ConfigDict, Field

router = APIRouter(prefix="/api/v1/reviews", tags=["staff: review"])

Text = Annotated[str, Field(min_length=1, max_length=200)]


class ReviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a `reviewer` field would claim another person

    config: Annotated[str, Field(min_length=1, max_length=100, examples=["demo"])] = "demo"
    asset: Annotated[Text, Field(examples=["g03-yuwen-001"])]
    """Asset id from the config's assets.toml."""
    level: Annotated[Text, Field(examples=["political"])]
    """A level id of the config's [review] levels, e.g. political, scientific, technical."""
    decision: Literal["approved", "rejected"]
    note: Annotated[str, Field(max_length=2000)] = ""


class ReviewPublic(BaseModel):
    asset: str
    reviewer: str
    """The name of the token that signed."""
    level: str
    decision: str
    note: str
    sha256: str
    signed_at: dt.datetime


@router.post(
    "",
    response_model=ReviewPublic,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "The token's holder already signed another level"}},
)
def record_sign_off(
    body: ReviewCreate, session: SessionDep, settings: SettingsDep, token: EditorToken
) -> ReviewPublic:
    """Store the token holder's decision about an asset's current file at one review level."""
    from airclass.media.catalogue import current_checksum, record_review

    world = load_world(config_directory(body.config, settings))
    asset = world.assets.get(body.asset)
    if asset is None:
        raise UnknownAssetError(body.asset, body.config)
    found = existing_file(settings.media_root, asset.path)
    row = record_review(
        session,
        asset_id=asset.id,
        checksum=current_checksum(session, found),
        reviewer=token.name,
        token_id=token.id,
        level=body.level,
        decision=body.decision,
        note=body.note,
        levels=world.policy.review.level_ids,
    )
    return ReviewPublic(
        asset=row.asset_id,
        reviewer=row.reviewer,
        level=row.level,
        decision=row.decision,
        note=row.note,
        sha256=row.checksum,
        signed_at=row.signed_at,
    )


class HoldPublic(BaseModel):
    reason: str
    """missing_file, file_changed, not_validated, failed, outside_window, review_rejected,
    review_pending."""
    level: str | None = None
    profile: str | None = None
    stage: str | None = None
    message: dict[str, str]
    """The reason in zh and en."""


class LessonStatusPublic(BaseModel):
    lesson: str
    grade: int
    asset: str
    sha256: str | None
    verdict: str | None
    duration_frames: int | None
    levels: dict[str, str | None]
    schedulable: bool
    hold: HoldPublic | None
    """The one reason the lesson may not air, or null."""


StaffToken = Annotated[ApiToken, Depends(require_role(Role.EDITOR, Role.SCHEDULER))]


@router.get("/status", response_model=list[LessonStatusPublic])
def lesson_status(
    session: SessionDep,
    settings: SettingsDep,
    _token: StaffToken,
    config: Annotated[str, Query(min_length=1, max_length=100)] = "demo",
) -> list[LessonStatusPublic]:
    """Every lesson's file: may it air, and if not, the one reason (the catalogue's gate)."""
    from airclass.media.gate import catalogue_status

    world = load_world(config_directory(config, settings))
    return [
        LessonStatusPublic(
            lesson=row.lesson_id,
            grade=row.grade,
            asset=row.asset_id,
            sha256=row.checksum,
            verdict=row.verdict,
            duration_frames=row.duration_frames,
            levels={k: None if v is None else v.value for k, v in row.levels.items()},
            schedulable=row.is_schedulable,
            hold=None
            if row.hold is None
            else HoldPublic(
                **row.hold.to_json(),
                message={lang: row.hold.message(lang) for lang in ("zh", "en")},
            ),
        )
        for row in catalogue_status(session, world, settings.media_root)
    ]
