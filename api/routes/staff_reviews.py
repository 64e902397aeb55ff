"""Staff review: record a content-review sign-off (C5: a course airs only once it passed)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from api.auth import EditorToken
from api.deps import SessionDep, SettingsDep
from api.media_paths import existing_file

router = APIRouter(prefix="/api/v1/reviews", tags=["staff: review"])


class ReviewCreate(BaseModel):
    path: Annotated[
        str, Field(min_length=1, max_length=1000, examples=["lessons/g03-yuwen-001.mp4"])
    ]
    """The reviewed file, relative to the media folder."""
    reviewer: Annotated[str, Field(min_length=1, max_length=200)]
    level: Annotated[int, Field(ge=1, le=9)]
    """Review level of C5's multi-level review (1 = first reader)."""
    decision: Literal["approved", "rejected"]
    note: Annotated[str, Field(max_length=2000)] = ""


class ReviewPublic(BaseModel):
    path: str
    reviewer: str
    level: int
    decision: str
    note: str
    sha256: str
    reviewed_at: dt.datetime


@router.post("", response_model=ReviewPublic, status_code=status.HTTP_201_CREATED)
def record_sign_off(
    body: ReviewCreate, session: SessionDep, settings: SettingsDep, _token: EditorToken
) -> ReviewPublic:
    """Store a reviewer's decision beside the file's checksum; a changed file voids it."""
    found = existing_file(settings.media_root, body.path)
    from media.catalogue import record_review

    review = record_review(
        session,
        found,
        reviewer=body.reviewer,
        level=body.level,
        decision=body.decision,
        note=body.note,
    )
    return ReviewPublic(
        path=body.path,
        reviewer=body.reviewer,
        level=body.level,
        decision=body.decision,
        note=body.note,
        sha256=review.sha256,
        reviewed_at=review.reviewed_at,
    )
