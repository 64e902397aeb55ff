"""The subprocess wrapper: failures carry the command and stderr tail; timeouts are errors."""

from __future__ import annotations

import sys

import pytest
from airclass.config.binaries import ffprobe
from airclass.media import ToolError, ToolTimeoutError
from airclass.media.tool import run


def test_failure_raises_with_command_and_stderr() -> None:
    with pytest.raises(ToolError) as caught:
        run([str(ffprobe()), "-v", "error", "no-such-file.mp4"], timeout=30)
    assert caught.value.returncode != 0
    assert "no-such-file.mp4" in caught.value.stderr_tail
    assert "ffprobe" in caught.value.message("en")


def test_timeout_raises_tool_timeout() -> None:
    with pytest.raises(ToolTimeoutError, match="0.2"):
        run([sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.2)


def test_success_returns_output() -> None:
    done = run([str(ffprobe()), "-version"], timeout=30)
    assert done.returncode == 0 and done.stdout.startswith("ffprobe version")
