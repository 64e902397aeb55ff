"""HTTP hygiene for every response: HEAD wherever GET is, security headers, bounded credentials.

A pure ASGI middleware, outermost in `create_app`:
- `HEAD` runs the `GET` route and sends its status and headers without the body (RFC 9110
  §9.3.2), so every GET route answers HEAD, cached documents included.
- Every response gets `X-Content-Type-Options: nosniff` and `Referrer-Policy`; HTML gets a
  Content-Security-Policy: the guide loads nothing from elsewhere and runs one inline handler
  (the print button), allowed by its hash. The staff console runs its own vendored scripts,
  posts its forms and plays media, all from this origin. FastAPI's /docs pages load Swagger UI
  from a CDN, so they get a policy that only forbids framing and plugins.
- An Authorization header longer than any token is refused with 431 before anything reads,
  looks up or hashes it (uvicorn bounds the header block as a whole, see `airclass serve`).
"""

from __future__ import annotations

import base64
import hashlib
import json

from airclass.config.i18n import t
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_AUTHORIZATION_BYTES = 1024
"""A bearer header is `Bearer ac_` and 43 characters; anything near this bound is not a token."""
PRINT_HANDLER = "window.print()"
"""The one inline script of templates/guide.html (the print button's onclick)."""
_HANDLER_HASH = base64.b64encode(hashlib.sha256(PRINT_HANDLER.encode()).digest()).decode()
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    f"script-src 'unsafe-hashes' 'sha256-{_HANDLER_HASH}'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
CONSOLE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; media-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_POLICY = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
_DOCS_PATHS = ("/docs", "/redoc")
_ALWAYS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]


class Hardening:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _authorization_too_long(scope):
            await _refuse_header(send)
            return
        is_head = scope["method"] == "HEAD"
        policy = _policy(scope["path"])

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _with_security(message["headers"], policy)}
            elif message["type"] == "http.response.body" and is_head:
                if message.get("more_body", False):
                    return
                message = {**message, "body": b""}
            await send(message)

        inner = {**scope, "method": "GET"} if is_head else scope
        await self.app(inner, receive, send_hardened)


def _policy(path: str) -> str:
    if path.startswith(_DOCS_PATHS):
        return DOCS_POLICY
    return CONSOLE_POLICY if path == "/console" or path.startswith("/console/") else PAGE_POLICY


def _authorization_too_long(scope: Scope) -> bool:
    return any(
        name == b"authorization" and len(value) > MAX_AUTHORIZATION_BYTES
        for name, value in scope["headers"]
    )


async def _refuse_header(send: Send) -> None:
    key = "api.auth.header_too_large"
    fields = {"limit": MAX_AUTHORIZATION_BYTES}
    body = json.dumps(
        {
            "code": key.removeprefix("api."),
            "detail": {lang: t(key, lang, **fields) for lang in ("zh", "en")},
        },
        ensure_ascii=False,
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 431, "headers": headers + _ALWAYS})
    await send({"type": "http.response.body", "body": body})


def _with_security(headers: list[tuple[bytes, bytes]], policy: str) -> list[tuple[bytes, bytes]]:
    names = {name.lower() for name, _ in headers}
    added = [(k, v) for k, v in _ALWAYS if k not in names]
    content_type = dict(headers).get(b"content-type", b"")
    if content_type.startswith(b"text/html") and b"content-security-policy" not in names:
        added.append((b"content-security-policy", policy.encode()))
    return [*headers, *added]
