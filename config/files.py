"""Files written whole or not at all, with the permissions of any other file the user creates.

`tempfile.mkstemp` creates files 0600; playout servers and web servers usually run as other
users and must read what we publish, so temporaries here are created 0666 less the umask.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def sibling_temporary(target: Path) -> tuple[int, Path]:
    """Create a new, empty temporary file beside `target` (same file system, so `os.replace`
    onto `target` is atomic); return its open descriptor and path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary


def write_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data`: readers see the old file or the new one, never a part."""
    fd, temporary = sibling_temporary(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
