"""Errors of the media package.

MediaError                 base of every media error (exit 2: the input could not be handled)
├── ToolError              ffmpeg / ffprobe ran and failed; carries the command and stderr tail
├── ToolTimeoutError       ffmpeg / ffprobe ran past its time limit
└── UnreadableMediaError   a path is missing, empty or not a media file
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from airclass.config.binaries import tool_name
from airclass.config.errors import AirclassError
from airclass.config.i18n import t


class MediaError(AirclassError):
    """Base of the media package's errors."""


def _tail(text: str, lines: int = 8) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


class ToolError(MediaError):
    """Raised when ffmpeg or ffprobe exits non-zero; `stderr_tail` holds its last lines."""

    def __init__(self, command: Sequence[str], returncode: int, stderr: str) -> None:
        self.command = list(command)
        self.returncode = returncode
        self.stderr_tail = _tail(stderr)
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return t(
            "media.tool_failed",
            lang,
            tool=tool_name(self.command[0]),
            code=self.returncode,
            command=" ".join(self.command),
            stderr=self.stderr_tail or "-",
        )


class ToolTimeoutError(MediaError):
    """Raised when ffmpeg or ffprobe runs longer than the configured timeout."""

    def __init__(self, command: Sequence[str], timeout: float) -> None:
        self.command = list(command)
        self.timeout = timeout
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return t(
            "media.tool_timeout",
            lang,
            tool=tool_name(self.command[0]),
            seconds=self.timeout,
            command=" ".join(self.command),
        )


class UnreadableMediaError(MediaError):
    """Raised when a path cannot be read as media; `code` is the finding code it becomes."""

    def __init__(self, path: Path, code: str, **fields: object) -> None:
        self.path = path
        self.code = code
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return t(f"media.{self.code}", lang, path=self.path, **self.fields)
