"""File parameters of the staff API: paths relative to the media folder, never outside it.

>>> safe_relative("lessons/g03 语文 01.mp4")
'lessons/g03 语文 01.mp4'
>>> safe_relative("../etc/passwd")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
airclass.api.staff_errors.BadPathError: The path '../etc/passwd' is refused: it climbs out ...
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from airclass.api.staff_errors import BadPathError, MediaMissingError

_MAX_PATH_BYTES = 1000
_MAX_NAME_BYTES = 200
"""Per folder or file name, in UTF-8: file systems allow 255 bytes, and an upload first writes
a temporary sibling whose name is 18 bytes longer."""


def safe_relative(text: str) -> str:
    """`text` normalised to a relative POSIX path; raises BadPathError for anything unsafe."""
    reason = _unsafe_reason(text)
    if reason:
        raise BadPathError(text, reason)
    return str(PurePosixPath(text))


def _unsafe_reason(text: str) -> str | None:
    if not text or not text.strip():
        return "it is empty"
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        return "it is not valid Unicode text"
    if size > _MAX_PATH_BYTES:
        return f"it is longer than {_MAX_PATH_BYTES} bytes"
    if any(ord(ch) < 32 for ch in text) or "\\" in text:
        return "it contains control characters or backslashes"
    path = PurePosixPath(text)
    if any(len(part.encode("utf-8")) > _MAX_NAME_BYTES for part in path.parts):
        return f"a folder or file name in it is longer than {_MAX_NAME_BYTES} bytes"
    if path.is_absolute() or text.startswith("~"):
        return "it is absolute"
    if ".." in path.parts:
        return "it climbs out of the media folder with '..'"
    if path.parts in ((), (".",)):
        return "it names the media folder itself"
    return None


def inside(root: Path, text: str) -> Path:
    """The absolute path of `text` under `root`, refusing symlinks that lead outside, folders,
    and paths that go on below a file."""
    relative = safe_relative(text)
    base = root.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base):
        raise BadPathError(text, "it leads outside the media folder through a link")
    if target.is_dir():
        raise BadPathError(text, "it is a folder, not a file")
    for parent in reversed(target.relative_to(base).parents[:-1]):
        if (base / parent).exists() and not (base / parent).is_dir():
            raise BadPathError(text, f"it goes on below the file {str(parent)!r}")
    return target


def existing_file(root: Path, text: str) -> Path:
    """Like `inside`, and the file must exist (MediaMissingError otherwise)."""
    target = inside(root, text)
    if not target.is_file():
        raise MediaMissingError(text)
    return target
