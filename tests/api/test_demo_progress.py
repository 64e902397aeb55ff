"""The CLI's progress bars (demo, validate) show time left (ETA) next to the time spent."""

from __future__ import annotations

import io
import re
import time

import pytest
from airclass.api.cli import common
from rich.console import Console


def test_demo_progress_bar_has_an_eta_column(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(common, "err_console", Console(file=out, force_terminal=True, width=100))
    with common.counting_bar("Validating", transient=False) as advance:
        advance(0, 4)
        time.sleep(0.2)
        advance(1, 4)
    last = out.getvalue().rsplit("\r", 1)[-1]
    assert "1/4" in last
    clocks = re.findall(r"[\d-]:[\d-]{2}:[\d-]{2}", last)
    assert len(clocks) == 2  # time spent, then time left ("-:--:--" until rich has a speed)
