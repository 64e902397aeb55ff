"""Temporary home of the catalogue's errors until media/errors.py exists."""

from config.errors import AirclassError


class SynthesisError(AirclassError):
    """Raised when demo media cannot be built (ffmpeg failed, wrong frame count)."""
