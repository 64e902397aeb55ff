"""`airclass bench api` end to end with short wrk runs (figures are printed, never asserted)."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from airclass.api.cli import run

pytestmark = pytest.mark.skipif(
    (shutil.which("wrk") is None or shutil.which("nginx") is None) and not os.environ.get("CI"),
    reason="wrk and nginx are not installed (CI installs them)",
)


def test_bench_api_measures_both_servers_on_both_paths(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(["bench", "api", "--seconds", "1", "--connections", "4", "--workers", "1", "--json"])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    measured = {(row["server"], row["path"]) for row in report["rows"]}
    assert measured == {("uvicorn", "200"), ("uvicorn", "304"), ("nginx", "200"), ("nginx", "304")}
    for row in report["rows"]:
        assert row["requests_per_second"] > 0 and row["p99_ms"] > 0
        assert (row["bytes_per_response"] > 0) == (row["path"] == "200")
    bodies = {row["bytes_per_response"] for row in report["rows"] if row["path"] == "200"}
    assert len(bodies) == 1, "uvicorn and nginx serve the same file"
    assert set(report["uvicorn_over_nginx"]) == {"200", "304"}
