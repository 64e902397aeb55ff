"""Errors of the api package and the one place that turns them into HTTP responses.

AirclassError (config.errors)
└── ApiError                   base of this package; `status_code` is its HTTP status
    ├── UnknownGradeError      a feed or schedule asks for a grade outside 1–12 (404)
    ├── UnknownChannelError    a feed or schedule names a channel no published version has (404)
    ├── VersionNotFoundError   no schedule version has that id (404)
    ├── VersionPublishedError  a published version was about to change (409)
    └── PlanFileError          `airclass publish PLAN` got neither a plan.json nor a draft id (2)

Any AirclassError reaching a route becomes JSON `{"code", "detail": {"zh", "en"}}` with the
error's `status_code` (400 when it has none), so other packages' errors need no mapping here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from airclass.config.errors import AirclassError, ExitCode
from airclass.config.i18n import t
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


class ApiError(AirclassError):
    status_code: int = 400
    key: str = "api.error"
    """Message key in config/messages/api.toml."""

    def __init__(self, **fields: object) -> None:
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.fields)

    @property
    def code(self) -> str:
        return self.key.removeprefix("api.")


class UnknownGradeError(ApiError):
    status_code = 404
    key = "api.feeds.unknown_grade"

    def __init__(self, grade: int) -> None:
        self.grade = grade
        super().__init__(grade=grade)


class UnknownChannelError(ApiError):
    status_code = 404
    key = "api.feeds.unknown_channel"

    def __init__(self, channel: str, known: Sequence[str]) -> None:
        self.channel = channel
        self.known = list(known)
        super().__init__(channel=channel, known=", ".join(known) or "—")


class VersionNotFoundError(ApiError):
    status_code = 404
    key = "api.versions.not_found"

    def __init__(self, version_id: int) -> None:
        self.version_id = version_id
        super().__init__(version_id=version_id)


class VersionPublishedError(ApiError):
    """Raised when code tries to change, delete or re-publish a published version."""

    status_code = 409
    key = "api.versions.published"

    def __init__(self, version_id: int) -> None:
        self.version_id = version_id
        super().__init__(version_id=version_id)


class PlanFileError(ApiError):
    exit_code = ExitCode.BAD_INPUT
    key = "api.publish.plan_unreadable"

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        super().__init__(source=source, reason=reason)


def error_body(exc: AirclassError) -> dict[str, object]:
    code = getattr(exc, "code", type(exc).__name__)
    return {"code": code, "detail": {"zh": exc.message("zh"), "en": exc.message("en")}}


async def _airclass_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AirclassError)
    status = getattr(exc, "status_code", 400)
    return JSONResponse(error_body(exc), status_code=status)


async def _invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422, except that a NaN or infinity echoed from the input is sent as text: JSON
    has no such numbers, and the default handler fails on them with a 500."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": _finite(jsonable_encoder(exc.errors()))}, status_code=422)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AirclassError, _airclass_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
