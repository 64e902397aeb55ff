"""File parameters of the staff API: paths relative to the media folder, never outside it.

>>> safe_relative("lessons/g03 语文 01.mp4")
'lessons/g03 语文 01.mp4'
>>> safe_relative("../etc/passwd")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
api.staff_errors.BadPathError: The path '../etc/passwd' is refused: it climbs out ...
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from airclass.api.staff_errors import BadPathError, MediaMissingError

_MAX_PATH_CHARS = 1000


def safe_relative(text: str) -> str:
    """`text` normalised to a relative POSIX path; raises BadPathError for anything unsafe."""
    reason = _unsafe_reason(text)
    if reason:
        raise BadPathError(text, reason)
    return str(PurePosixPath(text))


def _unsafe_reason(text: str) -> str | None:
    if not text or not text.strip():
        return "it is empty"
    if len(text) > _MAX_PATH_CHARS:
        return f"it is longer than {_MAX_PATH_CHARS} characters"
    if any(ord(ch) < 32 for ch in text) or "\\" in text:
        return "it contains control characters or backslashes"
    path = PurePosixPath(text)
    if path.is_absolute() or text.startswith("~"):
        return "it is absolute"
    if ".." in path.parts:
        return "it climbs out of the media folder with '..'"
    if path.parts in ((), (".",)):
        return "it names the media folder itself"
    return None


def inside(root: Path, text: str) -> Path:
    """The absolute path of `text` under `root`, refusing symlinks that lead outside."""
    relative = safe_relative(text)
    base = root.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base):
        raise BadPathError(text, "it leads outside the media folder through a link")
    return target


def existing_file(root: Path, text: str) -> Path:
    """Like `inside`, and the file must exist (MediaMissingError otherwise)."""
    target = inside(root, text)
    if not target.is_file():
        raise MediaMissingError(text)
    return target
