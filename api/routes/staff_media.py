"""Staff media: upload or register a lecture file, then validate files as a job."""

from __future__ import annotations

from typing import Annotated, Literal

from airclass.api.auth import EditorToken
from airclass.api.config_dirs import config_directory
from airclass.api.db.job_models import JobKind
from airclass.api.deps import SettingsDep
from airclass.api.jobs import JobRunnerDep
from airclass.api.media_paths import existing_file, inside
from airclass.api.routes.staff_jobs import JobPublic
from airclass.api.uploads import check_declared_length, save_stream
from airclass.config.profiles import load_profile
from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

router = APIRouter(prefix="/api/v1/media", tags=["staff: media"])

MediaPath = Annotated[
    str, Field(min_length=1, max_length=1000, examples=["lessons/g03-yuwen-001.mp4"])
]


class MediaFilePublic(BaseModel):
    path: str
    """Relative to the media folder."""
    size_bytes: int
    sha256: str | None = None


class MediaRegister(BaseModel):
    path: MediaPath


class ValidationCreate(BaseModel):
    paths: Annotated[list[MediaPath], Field(min_length=1, max_length=200)]
    profile: Annotated[str | None, Field(max_length=100, pattern=r"^[a-z0-9][a-z0-9_-]*$")] = None
    stage: Literal["primary", "junior", "senior"] | None = None
    """The L3 window to apply; without it, each lesson file's own grade's stage (from `config`)."""
    config: Annotated[str, Field(min_length=1, max_length=100, examples=["demo"])] = "demo"
    """The config whose lessons name the files and whose policy.toml holds the windows."""


_BINARY_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.put(
    "/files/{path:path}",
    response_model=MediaFilePublic,
    status_code=status.HTTP_201_CREATED,
    openapi_extra=_BINARY_BODY,
    responses={413: {"description": "Larger than AIRCLASS_MAX_UPLOAD_BYTES"}},
)
async def upload_file(
    path: str, request: Request, settings: SettingsDep, _token: EditorToken
) -> MediaFilePublic:
    """Upload the request body as `path` inside the media folder (streamed, size-limited)."""
    target = inside(settings.media_root, path)
    limit = settings.max_upload_bytes
    check_declared_length(request.headers.get("content-length"), limit=limit)
    saved = await save_stream(request.stream(), target, limit=limit)
    return MediaFilePublic(path=path, size_bytes=saved.size_bytes, sha256=saved.sha256)


@router.post("/register", response_model=MediaFilePublic)
def register_file(
    body: MediaRegister, settings: SettingsDep, _token: EditorToken
) -> MediaFilePublic:
    """Check that a file already placed in the media folder is there and readable."""
    found = existing_file(settings.media_root, body.path)
    return MediaFilePublic(path=body.path, size_bytes=found.stat().st_size)


@router.post("/validations", response_model=JobPublic, status_code=status.HTTP_202_ACCEPTED)
def validate_files(
    body: ValidationCreate, settings: SettingsDep, runner: JobRunnerDep, token: EditorToken
) -> JobPublic:
    """Start a validation job over files of the media folder; poll GET /api/v1/jobs/{id}."""
    files = [str(existing_file(settings.media_root, p)) for p in body.paths]
    if body.profile is not None:
        load_profile(body.profile)  # an unknown name is a 400 listing the known ones, now
    config_dir = config_directory(body.config, settings)  # an unknown name is a 404, now
    params = {"paths": body.paths, "files": files, "profile": body.profile, "stage": body.stage}
    params["config_dir"] = str(config_dir)
    return JobPublic.of(runner.submit(JobKind.VALIDATE, params, created_by=token.name))
