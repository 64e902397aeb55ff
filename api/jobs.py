"""Run long staff work as jobs in another process: POST returns an id, GET polls, DELETE cancels.

Each job gets its own child process (spawn start method: no inherited threads or sockets),
supervised by a thread of the API process. The child does the heavy, database-free part
(ffmpeg, CP-SAT) and streams `("progress", fraction, message)` then `("done", payload)` or
`("error", message)` over a pipe; the supervisor writes progress to the `job` row and runs
the kind's `finish` step (catalogue writes, draft versions) in the API process. Cancelling
sets a flag in the row, so any API worker process may cancel; the supervisor sees it within
one poll and terminates the child.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import threading
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Annotated, Any

from airclass.api.db.job_models import Job, JobKind, JobState
from airclass.config.database import session_scope, utcnow
from airclass.config.errors import AirclassError
from airclass.config.i18n import t
from fastapi import Depends, FastAPI, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
"""What a job's work calls to report progress: fraction 0–1 and a short message."""


@dataclass(frozen=True)
class JobEnv:
    """Where a job process finds the service's data; passed to it, never stored in the row."""

    database_url: str
    media_root: Path


@dataclass(frozen=True)
class JobSpec:
    """How one kind of job runs: `work` in the child process, `finish` in the API process."""

    work: Callable[[dict[str, Any], JobEnv, Progress], Any]
    """Heavy work: params → picklable payload; raises AirclassError for a user-facing failure."""
    finish: Callable[[Session, dict[str, Any], Any], Any]
    """Stores what must be stored and returns the JSON result shown to the client."""


def _specs(module: str) -> dict[JobKind, JobSpec]:
    specs: dict[JobKind, JobSpec] = importlib.import_module(module).JOB_SPECS
    return specs


def _child_main(
    kind: JobKind, params: dict[str, Any], env: JobEnv, specs: str, conn: Connection
) -> None:
    """Entry point of the job process."""

    def report(fraction: float, message: str) -> None:
        conn.send(("progress", max(0.0, min(1.0, fraction)), message))

    try:
        conn.send(("done", _specs(specs)[kind].work(params, env, report)))
    except AirclassError as exc:
        conn.send(("error", exc.message("en")))
    except Exception as exc:  # the supervisor records it; the API process must not die
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"))
    finally:
        conn.close()


class JobRunner:
    """Starts and supervises job processes; at most `max_workers` run at once, the rest queue."""

    def __init__(
        self,
        engine: Engine,
        *,
        media_root: Path,
        max_workers: int = 2,
        poll_seconds: float = 0.2,
        specs: str = "airclass.api.job_kinds",
    ) -> None:
        """`specs` names the module whose JOB_SPECS say what each kind does."""
        self._engine = engine
        self._specs = specs
        self._env = JobEnv(engine.url.render_as_string(hide_password=False), media_root)
        self._poll = poll_seconds
        self._threads = ThreadPoolExecutor(max_workers, thread_name_prefix="airclass-job")
        self._context = multiprocessing.get_context("spawn")
        self._children: dict[str, multiprocessing.process.BaseProcess] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def submit(self, kind: JobKind, params: dict[str, Any], *, created_by: str) -> Job:
        with session_scope(self._engine) as session:
            job = Job(
                id=uuid.uuid4().hex,
                kind=kind,
                state=JobState.QUEUED,
                params=params,
                created_by=created_by,
                created_at=utcnow(),
                progress=0.0,
                message="",
            )
            session.add(job)
        self._threads.submit(self._supervise, job.id)
        logger.info("job %s (%s) queued", job.id, kind)
        return job

    def shutdown(self) -> None:
        """Stop every child and mark unfinished jobs cancelled (used at app shutdown)."""
        self._stopping.set()
        with self._lock:
            children = list(self._children.values())
        for child in children:
            child.terminate()
        self._threads.shutdown(wait=True, cancel_futures=True)

    def _supervise(self, job_id: str) -> None:
        try:
            self._run(job_id)
        except Exception:  # never lose a job silently: record why it stopped
            logger.exception("job %s supervisor failed", job_id)
            self._finish(job_id, JobState.FAILED, error=traceback.format_exc(limit=5))

    def _run(self, job_id: str) -> None:
        with session_scope(self._engine) as session:
            job = session.get(Job, job_id)
            assert job is not None
            if job.cancel_requested or self._stopping.is_set():
                job.state, job.finished_at = JobState.CANCELLED, utcnow()
                return
            job.state, job.started_at = JobState.RUNNING, utcnow()
            kind, params = job.kind, dict(job.params)
        outcome = self._watch(job_id, kind, params)
        if outcome is None:
            return
        if outcome[0] == "error":
            self._finish(job_id, JobState.FAILED, error=outcome[1])
            return
        with session_scope(self._engine) as session:
            result = _specs(self._specs)[kind].finish(session, params, outcome[1])
        self._finish(job_id, JobState.SUCCEEDED, result=result)

    def _watch(self, job_id: str, kind: JobKind, params: dict[str, Any]) -> tuple[str, Any] | None:
        """Run the child to its end; None when it was cancelled (the row is already final)."""
        receiver, sender = self._context.Pipe(duplex=False)
        child = self._context.Process(
            target=_child_main,
            args=(kind, params, self._env, self._specs, sender),
            daemon=True,
            name=f"airclass-job-{job_id[:8]}",
        )
        child.start()
        sender.close()
        with self._lock:
            self._children[job_id] = child
        try:
            return self._pump(job_id, child, receiver)
        finally:
            with self._lock:
                self._children.pop(job_id, None)
            receiver.close()
            child.join(timeout=5)

    def _pump(
        self, job_id: str, child: multiprocessing.process.BaseProcess, receiver: Connection
    ) -> tuple[str, Any] | None:
        while True:
            if self._is_cancelled(job_id):
                child.terminate()
                child.join(timeout=5)
                self._finish(job_id, JobState.CANCELLED)
                return None
            if receiver.poll(self._poll):
                try:
                    message = receiver.recv()
                except EOFError:
                    return self._died(child)
                if message[0] == "progress":
                    self._progress(job_id, message[1], message[2])
                    continue
                return message[0], message[1]
            if not child.is_alive() and not receiver.poll():
                return self._died(child)

    def _died(self, child: multiprocessing.process.BaseProcess) -> tuple[str, Any]:
        child.join(timeout=5)
        return "error", t("api.jobs.worker_died", "en", code=child.exitcode)

    def _is_cancelled(self, job_id: str) -> bool:
        if self._stopping.is_set():
            return True
        with session_scope(self._engine) as session:
            job = session.get(Job, job_id)
            return job is None or job.cancel_requested

    def _progress(self, job_id: str, fraction: float, message: str) -> None:
        with session_scope(self._engine) as session:
            job = session.get(Job, job_id)
            if job is not None:
                job.progress, job.message = fraction, message

    def _finish(
        self, job_id: str, state: JobState, *, result: Any = None, error: str | None = None
    ) -> None:
        with session_scope(self._engine) as session:
            job = session.get(Job, job_id)
            if job is None or job.state.is_finished:
                return
            job.state, job.finished_at, job.result, job.error = state, utcnow(), result, error
            if state is JobState.SUCCEEDED:
                job.progress = 1.0
        logger.info("job %s %s", job_id, state)


def request_cancel(session: Session, job: Job) -> None:
    """Ask for `job` to stop: a queued job is cancelled now, a running one within a poll."""
    if job.state.is_finished:
        return
    job.cancel_requested = True
    if job.state is JobState.QUEUED:
        job.state, job.finished_at = JobState.CANCELLED, utcnow()


_runner_lock = threading.Lock()


def job_runner(request: Request) -> JobRunner:
    """The app's runner, started on first use (stopped by `stop_job_runner` at shutdown)."""
    state = request.app.state
    with _runner_lock:
        if getattr(state, "job_runner", None) is None:
            state.job_runner = JobRunner(state.engine, media_root=state.settings.media_root)
        runner: JobRunner = state.job_runner
    return runner


def stop_job_runner(app: FastAPI) -> None:
    runner: JobRunner | None = getattr(app.state, "job_runner", None)
    if runner is not None:
        runner.shutdown()
        app.state.job_runner = None


JobRunnerDep = Annotated[JobRunner, Depends(job_runner)]
