"""Why a lecture may not air: the one gate's structured answer (C5, C4, L3).

The catalogue (media.catalogue) asks the question; this module only names the answers, so
every layer (the solver for carried-over lessons, playout's pre-air check, the API, the CLI)
can report the same reason in the same words:

>>> Hold(Reason.REVIEW_PENDING, level="scientific").message("en")
'review pending at level scientific'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from airclass.config.i18n import t


class Reason(StrEnum):
    """Why a lecture may not air, in the order the gate checks."""

    MISSING_FILE = "missing_file"
    """The file is not in the media folder."""
    FILE_CHANGED = "file_changed"
    """The file changed since it was validated or signed: its checksum is new."""
    NOT_VALIDATED = "not_validated"
    """No validation under the channel's acceptance profile at the grade's stage window."""
    FAILED = "failed"
    """The latest such validation failed."""
    OUTSIDE_WINDOW = "outside_window"
    """The measured length is outside the grade's stage window (L3)."""
    REVIEW_REJECTED = "review_rejected"
    """A review level's latest decision rejects the file."""
    REVIEW_PENDING = "review_pending"
    """A review level has not approved the file yet."""


@dataclass(frozen=True)
class Hold:
    """One reason a lecture may not air, with the review level or acceptance profile it is about."""

    reason: Reason
    level: str | None = None
    """The review level, for REVIEW_REJECTED and REVIEW_PENDING."""
    profile: str | None = None
    """The acceptance profile, for NOT_VALIDATED, FAILED and OUTSIDE_WINDOW."""
    stage: str | None = None
    """The grade's school stage whose window applies (L3)."""

    def message(self, lang: str = "en") -> str:
        return t(f"catalogue.hold.{self.reason.value}", lang, **self._fields())

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason.value, **self._fields()}

    def _fields(self) -> dict[str, str | None]:
        return {"level": self.level, "profile": self.profile, "stage": self.stage}
