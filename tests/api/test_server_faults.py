"""Fault suite against a real uvicorn process: killed (SIGKILL) and gracefully restarted with
jobs queued and running, and flooded with unique public URLs.

- After SIGKILL no job process or ffmpeg child survives, and the next start fails the jobs
  that were running (with the reason) and runs the queued one: no job is left `running`.
- A graceful restart ends the running jobs' process groups and runs them again afterwards.
- 3,000 unique public URLs (query strings, unknown feeds) keep the server's resident memory
  within FLOOD_BOUND_MB of what it was after warming up.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from airclass.api.auth import issue_token
from airclass.api.db import versions
from airclass.api.db.auth_models import Role
from airclass.api.db.migrate import upgrade
from airclass.api.guide import this_monday
from airclass.api.loopback import free_port, start, stop, uvicorn_command
from airclass.config.database import make_engine, session_scope, utcnow
from airclass.solver.plan import Plan

from tests.api.factories import airing, plan
from tests.api.test_jobs import is_alive, job_pids, wait_gone

FLOOD_URLS = 3000
FLOOD_BOUND_MB = 12
"""Growth allowed over the warm server (measured: about 1.5 MB). The caches' bound is
2 × memory_cache_bytes (feeds.toml); the documents here are small, so growth near this means
per-URL state is kept again. test_public_cache counts the entries themselves."""
FINISHED = {"succeeded", "failed", "cancelled"}


@dataclass
class Server:
    home: Path
    url: str
    headers: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    port: int = 0

    def start(self, factory: str = "tests.api.timed_app:create_app") -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "AIRCLASS_HOME": str(self.home),
            "AIRCLASS_DATABASE_URL": self.url,
            "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        }
        command = uvicorn_command(self.port, factory=factory)
        probe = f"{self.base}/openapi.json"
        self.process = start(command, env=env, probe=probe, log=self.log, timeout=120)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            stop(self.process)

    def job(self, job_id: str) -> dict[str, Any]:
        response = httpx.get(f"{self.base}/api/v1/jobs/{job_id}", headers=self.headers)
        job: dict[str, Any] = response.json()
        return job

    def wait(
        self, job_id: str, until: Callable[[dict[str, Any]], bool], timeout: float = 60
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while not until(job := self.job(job_id)):
            assert time.monotonic() < deadline, f"job {job_id} still {job}"
            time.sleep(0.1)
        return job

    def rss_mb(self) -> float:
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024


def full_week() -> Plan:
    """This week's plan, grade 1, twelve lessons a day: feeds of about 60 kB."""
    monday = this_monday(utcnow(), [])
    slots = [f"{8 + n // 3:02d}:{n % 3 * 20:02d}" for n in range(12)]
    airings = [
        airing(f"g01-yuwen-{day * 12 + n + 1:03d}.1@airclass", day=day, at=at, week=monday)
        for day in range(7)
        for n, at in enumerate(slots)
    ]
    return plan(airings, week=monday)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A stopped server on a fresh SQLite database with this week published and an admin."""
    url = f"sqlite:///{tmp_path / 'airclass.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        versions.publish(session, versions.save_draft(session, full_week()), now=utcnow())
        secret = issue_token(session, role=Role.ADMIN, name="faults").secret
    engine.dispose()
    served = Server(tmp_path, url, {"Authorization": f"Bearer {secret}"}, tmp_path / "server.log")
    yield served
    served.stop()


def start_jobs(server: Server, count: int) -> list[str]:
    """`count` validation jobs, each a 60 s job process with an ffmpeg child (timed_jobs)."""
    directives = json.dumps({"seconds": 60, "ffmpeg": True}).encode()
    ids = []
    for n in range(count):
        path = f"job-{n}.json"
        put = httpx.put(
            f"{server.base}/api/v1/media/files/{path}", content=directives, headers=server.headers
        )
        assert put.status_code == 201, put.text
        started = httpx.post(
            f"{server.base}/api/v1/media/validations",
            json={"paths": [path]},
            headers=server.headers,
        )
        assert started.status_code == 202, started.text
        ids.append(started.json()["id"])
    return ids


def is_running(job: dict[str, Any]) -> bool:
    return job["state"] == "running" and job["progress"] > 0


def test_sigkill_leaves_no_orphans_and_no_running_job(server: Server) -> None:
    server.start()
    first, second, queued = start_jobs(server, 3)  # two workers: the third waits
    pids = [pid for job_id in (first, second) for pid in job_pids(server.wait(job_id, is_running))]
    assert server.job(queued)["state"] == "queued"
    assert all(is_alive(pid) for pid in pids)
    server.kill()
    wait_gone(pids, timeout=5)  # the job groups die with their server
    server.start()
    for job_id in (first, second):
        failed = server.wait(job_id, lambda job: job["state"] in FINISHED, timeout=15)
        assert failed["state"] == "failed" and "stopped" in failed["error"], failed
    taken_over = server.wait(queued, is_running, timeout=15)
    assert taken_over["state"] == "running"
    new_pids = job_pids(taken_over)
    server.stop()  # graceful: the taken-over job goes back to the queue, its group ends
    wait_gone(new_pids, timeout=5)
    server.start()
    assert server.job(queued)["state"] in ("queued", "running")
    again = server.wait(queued, is_running, timeout=15)
    httpx.delete(f"{server.base}/api/v1/jobs/{queued}", headers=server.headers)
    assert server.wait(queued, lambda job: job["state"] in FINISHED)["state"] == "cancelled"
    wait_gone(job_pids(again), timeout=5)
    listed = httpx.get(f"{server.base}/api/v1/jobs", headers=server.headers).json()["data"]
    assert [job["state"] for job in listed].count("running") == 0


def flood_urls(count: int) -> Iterator[str]:
    kinds = [
        "/feeds/grade/1.ics?n={n}",
        "/feeds/channel/nowhere-{n}.ics",
        "/xmltv.xml?utm={n}",
        "/api/v1/schedule?n={n}",
        "/nothing/{n}",
    ]
    for n in range(count):
        yield kinds[n % len(kinds)].format(n=n)


def test_unique_url_flood_keeps_memory_bounded(server: Server) -> None:
    server.start(factory="airclass.api.main:create_app")
    # gzip (httpx's default): each compressed answer is a new body, so every entry a URL
    # created would hold its own copy (the identity body is shared with the rendering cache)
    with httpx.Client(base_url=server.base, timeout=60) as client:
        for url in [*flood_urls(100), "/guide", "/guide?grade=1"]:  # warm up every code path
            client.get(url)
        before = server.rss_mb()
        statuses = {client.get(url).status_code for url in flood_urls(FLOOD_URLS)}
        after = server.rss_mb()
        feed_bytes = len(client.get("/feeds/grade/1.ics").content)
    assert feed_bytes > 30_000, "documents big enough for kept copies to show in memory"
    assert statuses == {200, 404}
    print(f"RSS before {before:.1f} MB, after {FLOOD_URLS} unique URLs {after:.1f} MB")
    assert after - before < FLOOD_BOUND_MB, (before, after)
