"""Lecture validation: probe, one decode pass over picture and sound, checks, a verdict per file.

Imports only from config. The catalogue (media.catalogue) stores the reports.
"""

from airclass.media.errors import MediaError, ToolError, ToolTimeoutError, UnreadableMediaError
from airclass.media.limits import DurationLimit, duration_limits, load_policy
from airclass.media.report import FileReport, Finding, Severity, Verdict
from airclass.media.validate import Depth, ProgressCallback, validate_file, validate_paths

__all__ = [
    "Depth",
    "DurationLimit",
    "FileReport",
    "Finding",
    "MediaError",
    "ProgressCallback",
    "Severity",
    "ToolError",
    "ToolTimeoutError",
    "UnreadableMediaError",
    "Verdict",
    "duration_limits",
    "load_policy",
    "validate_file",
    "validate_paths",
]
