"""Errors of the staff API, mapped to HTTP statuses by the handler in `api.errors`.

ApiError (api.errors)
├── BadPathError          a file parameter is absolute, climbs out with `..`, or is malformed (400)
├── MediaMissingError     a file parameter names no file in the media folder (404)
├── UploadTooLargeError   an upload passes settings.max_upload_bytes (413)
├── ConfigNotFoundError   a plan asks for a config directory that is not known (404)
├── JobNotFoundError      no job has that id (404)
├── JobNotYoursError      a token other than the job's own (and not an admin) cancels it (403)
└── UnknownAssetError     a review names an asset the config does not list (404)
"""

from __future__ import annotations

from collections.abc import Sequence

from airclass.api.errors import ApiError


class BadPathError(ApiError):
    status_code = 400
    key = "api.staff.bad_path"

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(path=path, reason=reason)


class MediaMissingError(ApiError):
    status_code = 404
    key = "api.staff.path_missing"

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(path=path)


class UploadTooLargeError(ApiError):
    status_code = 413
    key = "api.staff.too_large"

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(limit=limit)


class ConfigNotFoundError(ApiError):
    status_code = 404
    key = "api.staff.config_missing"

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        super().__init__(name=name, known=", ".join(known) or "—")


class JobNotFoundError(ApiError):
    status_code = 404
    key = "api.jobs.not_found"

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        super().__init__(job_id=job_id)


class JobNotYoursError(ApiError):
    status_code = 403
    key = "api.jobs.not_yours"

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        super().__init__(job_id=job_id)


class UnknownAssetError(ApiError):
    status_code = 404
    key = "api.staff.asset_missing"

    def __init__(self, asset: str, config: str) -> None:
        self.asset = asset
        super().__init__(asset=asset, config=config)
