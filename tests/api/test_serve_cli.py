"""`airclass serve`: the real service under uvicorn answers on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api import factories as f
from tests.api.conftest import PublishPlan

STARTUP_SECONDS = 120
"""Generous: starting the CLI imports the solver (OR-Tools), slow on a loaded CI machine."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"airclass serve exited with {process.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"airclass serve did not answer within {STARTUP_SECONDS} s")


@pytest.mark.slow
def test_serve_answers_feeds_over_http(
    database_url: str, publish_plan: PublishPlan, tmp_path: Path
) -> None:
    publish_plan(f.two_lessons())
    port = _free_port()
    env = {**os.environ, "AIRCLASS_DATABASE_URL": database_url, "AIRCLASS_HOME": str(tmp_path)}
    command = [
        sys.executable,
        "-m",
        "airclass",
        "serve",
        "--port",
        str(port),
        "--today",
        f.NOW.date().isoformat(),
    ]
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=output)
        try:
            _check_service(f"http://127.0.0.1:{port}", process)
        finally:
            process.terminate()
            process.wait(timeout=10)


def _check_service(base: str, process: subprocess.Popen[bytes]) -> None:
    _wait_until_up(f"{base}/xmltv.xml", process)
    response = httpx.get(f"{base}/feeds/grade/1.ics", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert b"UID:g01-yuwen-001.1@airclass" in response.content
    head = httpx.head(f"{base}/feeds/grade/1.ics")
    assert head.status_code == 200 and head.content == b""
