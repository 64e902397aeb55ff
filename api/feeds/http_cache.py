"""Cacheable public responses: weak ETag from the content, Last-Modified, 304, Cache-Control.

`If-None-Match` wins over `If-Modified-Since` (RFC 9110 §13.2.2): a client that sends both is
judged by the ETag alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import format_datetime, parsedate_to_datetime

from airclass.api.feeds.feed_config import FeedConfig, feed_config
from fastapi import Request, Response


def weak_etag(body: bytes) -> str:
    """`W/"<first 32 hex digits of SHA-256>"`: same bytes, same tag, across processes."""
    return f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


def http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC).replace(microsecond=0), usegmt=True)


def cached_response(
    request: Request,
    body: bytes,
    *,
    media_type: str,
    last_modified: dt.datetime | None,
    config: FeedConfig | None = None,
    cache_control: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """`body` as a 200, or an empty 304 when the client's copy is still current.

    Cache-Control is `cache_control`, else the feeds' (`config`); `headers` are added to both.
    """
    # No Vary here: GZipMiddleware adds `Vary: Accept-Encoding` to what it compresses.
    control = cache_control or (config or feed_config()).cache_control
    headers = {**(headers or {}), "ETag": weak_etag(body), "Cache-Control": control}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    if _is_fresh(request, headers["ETag"], last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _is_fresh(request: Request, etag: str, last_modified: dt.datetime | None) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return _matches(if_none_match, etag)
    since = _parse_http_date(request.headers.get("if-modified-since"))
    if since is None or last_modified is None:
        return False
    return last_modified.replace(microsecond=0) <= since


def _matches(header: str, etag: str) -> bool:
    """Weak comparison: `W/"x"` and `"x"` match; `*` matches anything."""
    wanted = etag.removeprefix("W/")
    tags = [tag.strip() for tag in header.split(",")]
    return any(tag == "*" or tag.removeprefix("W/") == wanted for tag in tags)


def _parse_http_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
