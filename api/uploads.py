"""Stream an upload to disk under a size limit, never holding it in memory.

The limit is checked twice: against Content-Length before reading (an honest client gets
413 at once), and while counting the streamed bytes (a lying or chunked client is cut off
at the limit). The file appears under its final name only when complete.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from airclass.api.staff_errors import UploadTooLargeError
from airclass.config.files import sibling_temporary

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedUpload:
    path: Path
    size_bytes: int
    sha256: str


def check_declared_length(header: str | None, *, limit: int) -> None:
    """Refuse early when Content-Length already says the body is too large."""
    if header is not None and header.isdigit() and int(header) > limit:
        raise UploadTooLargeError(limit)


async def save_stream(chunks: AsyncIterator[bytes], target: Path, *, limit: int) -> SavedUpload:
    """Write `chunks` to `target` atomically; UploadTooLargeError past `limit` bytes."""
    digest = hashlib.sha256()
    size = 0
    fd, temporary = sibling_temporary(target)
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise UploadTooLargeError(limit)
                digest.update(chunk)
                out.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    logger.info("upload saved: %s (%d bytes)", target, size)
    return SavedUpload(target, size, digest.hexdigest())
