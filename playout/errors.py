"""Errors of playout.

PlayoutError             base of every playout error (AirclassError)
├── PlanConflictError    two programmes of one channel start on the same frame (exit 2)
├── MissingClipError     a clip the rundown needs is not declared, or has no known length (exit 2)
├── ConcatScriptError    an ffconcat script cannot be read (exit 2)
└── RenderError          ffmpeg or ffprobe failed while rendering or probing (exit 1)
"""

from __future__ import annotations

from airclass.config.errors import AirclassError, ExitCode
from airclass.config.i18n import t


class PlayoutError(AirclassError):
    """Base of playout's errors: a catalogue key and its fields, shown in zh or en."""

    def __init__(self, key: str, **fields: object) -> None:
        self.key = key
        self.fields = fields
        super().__init__(t(key, "en", **fields))

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.fields)


class PlanConflictError(PlayoutError):
    """Raised when two programmes of one channel-day start on the same frame."""

    def __init__(self, *, channel: str, day: str, timecode: str, first: str, second: str) -> None:
        super().__init__(
            "playout.plan_conflict",
            channel=channel,
            day=day,
            timecode=timecode,
            first=first,
            second=second,
        )


class MissingClipError(PlayoutError):
    """Raised when a rundown needs a clip (slate, filler, lesson asset) it cannot find."""

    def __init__(self, *, channel: str, what: str) -> None:
        super().__init__("playout.missing_clip", channel=channel, what=what)


class ConcatScriptError(PlayoutError):
    """Raised when an ffconcat script is malformed; names the file and line."""

    def __init__(self, *, path: str, line: int, reason: str) -> None:
        super().__init__("playout.bad_concat", path=path, line=line, reason=reason)


class RenderError(PlayoutError):
    """Raised when ffmpeg or ffprobe exits with an error; carries the command and stderr tail."""

    exit_code = ExitCode.CHECKS_FAILED

    def __init__(self, *, command: str, stderr: str) -> None:
        super().__init__("playout.render_failed", command=command, stderr=stderr)
