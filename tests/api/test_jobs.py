"""Jobs over real HTTP: POST returns an id, GET polls progress and result, DELETE cancels.

Work runs in a spawned process (real ffmpeg, real CP-SAT); the app's runner lives in the
TestClient's process, so the tests can also see that a cancelled job's process is gone.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from airclass.api.db.auth_models import Role
from airclass.api.db.job_models import Job, JobKind, JobState
from airclass.api.jobs import JobRunner, start_job_runner, stop_job_runner
from airclass.config.binaries import ffmpeg
from airclass.config.database import session_scope, utcnow
from airclass.config.settings import Settings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api.staff_tokens import token_issuer

FINISHED = {"succeeded", "failed", "cancelled"}


@pytest.fixture
def admin(engine: Engine) -> dict[str, str]:
    return token_issuer(engine)(Role.ADMIN)


def wait_for(
    client: TestClient,
    job_id: str,
    headers: dict[str, str],
    *,
    until: Callable[[dict[str, Any]], bool] = lambda job: job["state"] in FINISHED,
    timeout: float = 90,
) -> dict[str, Any]:
    """Poll GET /api/v1/jobs/{id} until `until(job)` holds."""
    deadline = time.monotonic() + timeout
    job: dict[str, Any] = {}
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        if until(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job} after {timeout} s")


@pytest.fixture(scope="session")
def tiny_lecture(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Two seconds of 25p test pattern with a 1 kHz tone, 160×90: small and quick to check."""
    path = tmp_path_factory.mktemp("lavfi") / "tiny.mp4"
    command = [
        str(ffmpeg()),
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x90:rate=25:duration=2",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=1000:sample_rate=48000:duration=2",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        str(path),
    ]
    subprocess.run(command, check=True, timeout=60)
    return path.read_bytes()


def test_validate_job_round_trip(
    client: TestClient,
    admin: dict[str, str],
    tiny_lecture: bytes,
    engine: Engine,
    app_settings: Settings,
) -> None:
    uploaded = client.put(
        "/api/v1/media/files/g01/第1课 tiny.mp4", content=tiny_lecture, headers=admin
    )
    assert uploaded.status_code == 201
    started = client.post(
        "/api/v1/media/validations", json={"paths": ["g01/第1课 tiny.mp4"]}, headers=admin
    )
    assert started.status_code == 202
    assert started.json()["state"] == "queued" and started.json()["kind"] == "validate"
    job = wait_for(client, started.json()["id"], admin)
    assert job["state"] == "succeeded", job["error"]
    assert job["progress"] == 1.0
    (report,) = job["result"]["data"]
    assert report["path"] == "g01/第1课 tiny.mp4"
    assert report["sha256"] == hashlib.sha256(tiny_lecture).hexdigest()
    assert report["verdict"] in {"pass", "warn", "fail"}
    assert report["duration_frames"] == 50
    assert str(app_settings.media_root) not in str(job["result"])
    from airclass.media.catalogue import latest_validation

    with session_scope(engine) as session:
        stored = latest_validation(session, report["sha256"])
        assert stored is not None and stored.duration_frames == 50


def test_plan_job_without_approved_lectures_reports_shortfalls(
    client: TestClient, admin: dict[str, str]
) -> None:
    """C1 minimums that no lesson can meet are reported per grade and domain, not fatal."""
    started = client.post(
        "/api/v1/plans",
        json={"config": "demo", "week": "2026-11-25", "time_limit_seconds": 2},
        headers=admin,
    )
    assert started.status_code == 202
    job = wait_for(client, started.json()["id"], admin)
    assert job["state"] == "succeeded", job["error"]
    assert job["message"].startswith("solving with 0 schedulable")
    short_grades = {s["grade"] for s in job["result"]["shortfalls"]}
    assert short_grades == set(range(1, 13)), "every grade misses its minimums, and says so"


def test_strict_plan_job_without_approved_lectures_fails_with_explanation(
    client: TestClient, admin: dict[str, str]
) -> None:
    started = client.post(
        "/api/v1/plans",
        json={"config": "demo", "week": "2026-11-25", "time_limit_seconds": 2, "strict": True},
        headers=admin,
    )
    assert started.status_code == 202
    job = wait_for(client, started.json()["id"], admin)
    assert job["state"] == "failed"
    assert "approve or validate more" in job["error"]
    assert job["finished_at"] >= job["started_at"] >= job["created_at"]


@pytest.fixture
def timed_runner(client: TestClient, app: FastAPI) -> Iterator[JobRunner]:
    """The app's runner, with work whose length the test sets (tests/api/timed_jobs.py)."""
    stop_job_runner(app)
    app.state.job_specs = "tests.api.timed_jobs"
    yield start_job_runner(app)
    stop_job_runner(app)


def job_processes(job_id: str) -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == f"airclass-job-{job_id[:8]}"]


def test_cancel_running_job_stops_its_process(
    client: TestClient, admin: dict[str, str], timed_runner: JobRunner
) -> None:
    job = timed_runner.submit(JobKind.VALIDATE, {"seconds": 120}, created_by="test")
    running = wait_for(client, job.id, admin, until=lambda job: job["progress"] > 0)
    assert running["state"] == "running" and running["message"].endswith(" s")
    assert job_processes(job.id)
    cancelled = client.delete(f"/api/v1/jobs/{job.id}", headers=admin)
    assert cancelled.status_code == 200
    final = wait_for(client, job.id, admin, timeout=20)
    assert final["state"] == "cancelled" and final["result"] is None
    deadline = time.monotonic() + 10
    while job_processes(job.id):
        assert time.monotonic() < deadline, "the job process outlived its cancellation"
        time.sleep(0.1)
    assert client.delete(f"/api/v1/jobs/{job.id}", headers=admin).json()["state"] == "cancelled"


def test_job_result_comes_from_the_child_and_finish_step(
    client: TestClient, admin: dict[str, str], timed_runner: JobRunner
) -> None:
    job = timed_runner.submit(JobKind.PLAN, {"seconds": 0.2}, created_by="test")
    done = wait_for(client, job.id, admin)
    assert done["state"] == "succeeded" and done["progress"] == 1.0
    assert done["result"]["pid"] != os.getpid(), "the work ran in another process"
    assert done["result"]["finished_in_api_process"] == os.getpid()


@pytest.mark.parametrize(
    ("params", "expected"), [({"exit": 3}, "exit code 3"), ({"raise": "boom"}, "boom")]
)
def test_dying_or_raising_job_fails_with_reason(
    client: TestClient,
    admin: dict[str, str],
    timed_runner: JobRunner,
    params: dict[str, Any],
    expected: str,
) -> None:
    job = timed_runner.submit(JobKind.VALIDATE, params, created_by="test")
    done = wait_for(client, job.id, admin)
    assert done["state"] == "failed"
    assert expected in done["error"]


def test_queued_job_is_cancelled_before_it_starts(
    client: TestClient, admin: dict[str, str], timed_runner: JobRunner
) -> None:
    busy = [
        timed_runner.submit(JobKind.VALIDATE, {"seconds": 60}, created_by="test") for _ in range(2)
    ]
    queued = timed_runner.submit(JobKind.VALIDATE, {"seconds": 60}, created_by="test")
    response = client.delete(f"/api/v1/jobs/{queued.id}", headers=admin)
    assert response.json()["state"] == "cancelled"
    assert response.json()["started_at"] is None
    for job in busy:
        client.delete(f"/api/v1/jobs/{job.id}", headers=admin)
        wait_for(client, job.id, admin, timeout=20)
    assert wait_for(client, queued.id, admin)["started_at"] is None


def test_unknown_job_is_404(client: TestClient, admin: dict[str, str]) -> None:
    response = client.get("/api/v1/jobs/not-a-job", headers=admin)
    assert response.status_code == 404
    assert response.json()["code"] == "jobs.not_found"


def test_jobs_list_is_data_and_count(client: TestClient, admin: dict[str, str]) -> None:
    for week in ("2026-11-23", "2026-11-30"):
        body = {"config": "demo", "week": week, "time_limit_seconds": 1}
        assert client.post("/api/v1/plans", json=body, headers=admin).status_code == 202
    listed = client.get("/api/v1/jobs", params={"limit": 1}, headers=admin).json()
    assert listed["count"] == 2 and len(listed["data"]) == 1
    for job in client.get("/api/v1/jobs", headers=admin).json()["data"]:
        client.delete(f"/api/v1/jobs/{job['id']}", headers=admin)


def test_replan_refuses_malformed_preemption(client: TestClient, engine: Engine) -> None:
    scheduler = token_issuer(engine)(Role.SCHEDULER)
    body = {"version_id": 1, "preempt": ["cetv4.airclass at nine"]}
    response = client.post("/api/v1/replans", json=body, headers=scheduler)
    assert response.status_code == 400
    assert "cetv4.airclass at nine" in response.json()["detail"]["en"]


@pytest.mark.parametrize(
    "body",
    [
        {"config": "demo", "week": "2026-13-40"},
        {"config": "demo"},
        {"config": "demo", "week": "2026-11-23", "time_limit_seconds": -1},
        {"config": "", "week": "2026-11-23"},
    ],
)
def test_plan_with_malformed_body_is_422(
    client: TestClient, admin: dict[str, str], body: dict[str, Any]
) -> None:
    response = client.post("/api/v1/plans", json=body, headers=admin)
    assert response.status_code == 422
    assert client.get("/api/v1/jobs", headers=admin).json()["count"] == 0


def is_alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting to be reaped does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def job_pids(job: dict[str, Any]) -> list[int]:
    """The job process and its ffmpeg child, from the timed work's progress message."""
    words = job["message"].split()
    return [int(words[1]), int(words[3])]


def wait_gone(pids: list[int], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while alive := [pid for pid in pids if is_alive(pid)]:
        assert time.monotonic() < deadline, f"processes {alive} outlived their job"
        time.sleep(0.1)


def test_cancel_ends_the_whole_process_group(
    client: TestClient, admin: dict[str, str], timed_runner: JobRunner
) -> None:
    job = timed_runner.submit(JobKind.VALIDATE, {"seconds": 60, "ffmpeg": True}, created_by="t")
    running = wait_for(client, job.id, admin, until=lambda job: job["progress"] > 0)
    pids = job_pids(running)
    assert all(is_alive(pid) for pid in pids)
    assert os.getpgid(pids[1]) == pids[0], "ffmpeg is in the job's own process group"
    client.delete(f"/api/v1/jobs/{job.id}", headers=admin)
    assert wait_for(client, job.id, admin, timeout=20)["state"] == "cancelled"
    wait_gone(pids)


def test_only_the_owner_or_an_admin_may_cancel(
    client: TestClient, admin: dict[str, str], engine: Engine, timed_runner: JobRunner
) -> None:
    issue = token_issuer(engine)
    owner, other_editor, scheduler = issue(Role.EDITOR), issue(Role.EDITOR), issue(Role.SCHEDULER)
    assert client.put("/api/v1/media/files/a.json", content=b"{}", headers=owner).status_code == 201
    started = client.post("/api/v1/media/validations", json={"paths": ["a.json"]}, headers=owner)
    job_id = started.json()["id"]
    for stranger in (other_editor, scheduler):
        refused = client.delete(f"/api/v1/jobs/{job_id}", headers=stranger)
        assert refused.status_code == 403
        assert refused.json()["code"] == "jobs.not_yours"
    assert client.delete(f"/api/v1/jobs/{job_id}", headers=owner).status_code == 200
    assert client.delete(f"/api/v1/jobs/{job_id}", headers=admin).status_code == 200


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_start_fails_running_and_takes_over_queued_jobs_of_a_dead_runner(
    client: TestClient, admin: dict[str, str], app: FastAPI, engine: Engine
) -> None:
    stop_job_runner(app)
    gone = f"{socket.gethostname()}/{dead_pid()}/deadbeef"
    with session_scope(engine) as session:
        for job_id, state in (("r" * 32, JobState.RUNNING), ("q" * 32, JobState.QUEUED)):
            session.add(
                Job(
                    id=job_id,
                    kind=JobKind.VALIDATE,
                    state=state,
                    params={"seconds": 0.1},
                    created_by="t",
                    runner=gone,
                    heartbeat_at=utcnow(),
                )
            )
    app.state.job_specs = "tests.api.timed_jobs"
    start_job_runner(app)
    failed = wait_for(client, "r" * 32, admin)
    assert failed["state"] == "failed"
    assert "stopped" in failed["error"] and gone in failed["error"]
    assert wait_for(client, "q" * 32, admin)["state"] == "succeeded"


def test_graceful_shutdown_puts_jobs_back_in_the_queue(
    client: TestClient, admin: dict[str, str], app: FastAPI, timed_runner: JobRunner
) -> None:
    jobs = [
        timed_runner.submit(JobKind.VALIDATE, {"seconds": 60, "ffmpeg": True}, created_by="t")
        for _ in range(3)
    ]
    running = [
        wait_for(client, j.id, admin, until=lambda job: job["progress"] > 0) for j in jobs[:2]
    ]
    stop_job_runner(app)
    wait_gone([pid for job in running for pid in job_pids(job)])
    for job in jobs:
        after = client.get(f"/api/v1/jobs/{job.id}", headers=admin).json()
        assert after["state"] == "queued" and after["started_at"] is None
        assert "back in the queue" in after["message"]
    start_job_runner(app)  # the next start runs them again
    again = wait_for(client, jobs[0].id, admin, until=lambda job: job["progress"] > 0)
    assert again["state"] == "running"
    for job in jobs:
        client.delete(f"/api/v1/jobs/{job.id}", headers=admin)
