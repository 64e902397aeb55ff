"""Run a server process on 127.0.0.1 for as long as a `with` block: benchmarks and tests.

with running(uvicorn_command(port), env=env, probe=f"http://127.0.0.1:{port}/guide"):
    ...
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import httpx
from airclass.config.errors import AirclassError
from airclass.config.settings import Settings


class ServerStartError(AirclassError):
    """Raised when a server process exits or does not answer its probe URL in time."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def header_limits(max_header_bytes: int) -> dict[str, Any]:
    """uvicorn options that refuse a request whose line and headers pass `max_header_bytes`.

    Only the h11 parser has the bound (httptools has none of its own), so it is chosen here.
    """
    return {"http": "h11", "h11_max_incomplete_event_size": max_header_bytes}


def uvicorn_command(
    port: int, *, workers: int = 1, factory: str = "airclass.api.main:create_app"
) -> list[str]:
    """The service (`factory`) under uvicorn on loopback, quiet, with the settings' header
    bound (AIRCLASS_MAX_HEADER_BYTES)."""
    limits = header_limits(Settings().max_header_bytes)
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--http",
        limits["http"],
        "--h11-max-incomplete-event-size",
        str(limits["h11_max_incomplete_event_size"]),
        "--factory",
        factory,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


@contextmanager
def running(
    command: list[str],
    *,
    env: dict[str, str],
    probe: str,
    log: Path | None = None,
    timeout: float = 30,
) -> Iterator[None]:
    """Start `command`, wait until `probe` answers 200, and stop the process afterwards."""
    with _output(log) as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_for(probe, process, command[0], timeout)
            yield
        finally:
            stop(process)


def start(
    command: list[str], *, env: dict[str, str], probe: str, log: Path, timeout: float = 30
) -> subprocess.Popen[bytes]:
    """Start `command` (output appended to `log`) and wait until `probe` answers 200; the
    caller stops it, gracefully with `stop` or not (fault tests kill it)."""
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(probe, process, command[0], timeout)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process: subprocess.Popen[bytes], *, timeout: float = 10) -> None:
    """SIGTERM (a graceful shutdown), then SIGKILL after `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def _output(log: Path | None) -> Iterator[IO[bytes] | int]:
    if log is None:
        yield subprocess.DEVNULL
        return
    with log.open("wb") as out:
        yield out


def _wait_for(probe: str, process: subprocess.Popen[bytes], name: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise ServerStartError(f"{name} exited with code {process.returncode}")
        try:
            if httpx.get(probe, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise ServerStartError(f"{name} did not answer {probe} within {timeout:.0f} s")
        time.sleep(0.1)
