"""Run long staff work as jobs in another process: POST returns an id, GET polls, DELETE cancels.

Each job gets its own child process (spawn start method: no inherited threads or sockets),
supervised by a thread of the API process. The child does the heavy, database-free part
(ffmpeg, CP-SAT) and streams `("progress", fraction, message)` then `("done", payload)` or
`("error", message)` over a pipe; the supervisor writes progress to the `job` row and runs
the kind's `finish` step (catalogue writes, draft versions) in the API process. Cancelling
sets a flag in the row, so any API worker process may cancel; the supervisor sees it within
one poll.

Durability (the `job` row is the queue):
- The child leads its own process group (`setsid`), so ffmpeg and anything else it starts
  are in it, and ending a job kills the whole group. It also watches its parent: when the
  server dies, even by SIGKILL, the group kills itself within half a second.
- Each runner has an id (`host/pid/nonce`) written on the jobs it holds, and refreshes their
  `heartbeat_at` every `heartbeat_seconds`. At start and on every beat it recovers the jobs of
  runners that are gone (same host and the pid is dead, or no beat for 5 beats): a queued job
  is taken over and run; a running one fails with the reason (a job that killed its server
  is not run again by itself).
- A graceful shutdown ends the running jobs' groups and puts them, and the queued ones, back
  in the queue for the next start.

Why not a task queue library: huey (SQLite or Redis) would keep queued tasks, but it does no
acknowledgement, so a task running when its consumer dies is lost; revoking only stops tasks
that have not started; it never ends a task's child processes; and the job row with progress
would still be needed beside it. Hardening this runner costs fewer lines than that glue.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
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
from sqlalchemy import Engine, or_, select, update
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
    kind: JobKind, params: dict[str, Any], env: JobEnv, specs: str, conn: Connection, parent: int
) -> None:
    """Entry point of the job process: leads its own process group, dies with its parent."""
    os.setsid()
    threading.Thread(target=_die_with_parent, args=(parent,), daemon=True).start()

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
        if os.getppid() != parent:  # a report to a dead server broke the pipe: end the group
            os.killpg(0, signal.SIGKILL)


def _die_with_parent(parent: int) -> None:
    """Kill this job's whole process group once the server that started it is gone."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os.killpg(0, signal.SIGKILL)


def _end_group(child: multiprocessing.process.BaseProcess) -> None:
    """SIGKILL the job's process group (ffmpeg included), then the child itself in case it was
    killed before it made its group."""
    if child.pid is None:
        return
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(child.pid, signal.SIGKILL)
    child.join(timeout=5)


def _is_pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_UNFINISHED = (JobState.QUEUED, JobState.RUNNING)


class JobRunner:
    """Starts and supervises job processes; at most `max_workers` run at once, the rest queue."""

    def __init__(
        self,
        engine: Engine,
        *,
        media_root: Path,
        max_workers: int = 2,
        poll_seconds: float = 0.2,
        heartbeat_seconds: float = 2.0,
        specs: str = "airclass.api.job_kinds",
    ) -> None:
        """`specs` names the module whose JOB_SPECS say what each kind does."""
        self.id = f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:8]}"
        self._heartbeat_seconds = heartbeat_seconds
        self._beats = threading.Thread(target=self._beat, daemon=True, name="airclass-jobs-beat")
        self._engine = engine
        self._specs = specs
        self._env = JobEnv(engine.url.render_as_string(hide_password=False), media_root)
        self._poll = poll_seconds
        self._threads = ThreadPoolExecutor(max_workers, thread_name_prefix="airclass-job")
        self._context = multiprocessing.get_context("spawn")
        self._children: dict[str, multiprocessing.process.BaseProcess] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def start(self) -> None:
        """Recover the jobs of runners that are gone, then keep this runner's jobs beating."""
        self.recover()
        self._beats.start()

    def submit(
        self,
        kind: JobKind,
        params: dict[str, Any],
        *,
        created_by: str,
        owner_token_id: int | None = None,
    ) -> Job:
        now = utcnow()
        with session_scope(self._engine) as session:
            job = Job(
                id=uuid.uuid4().hex,
                kind=kind,
                state=JobState.QUEUED,
                params=params,
                created_by=created_by,
                owner_token_id=owner_token_id,
                created_at=now,
                progress=0.0,
                message="",
                runner=self.id,
                heartbeat_at=now,
            )
            session.add(job)
        self._threads.submit(self._supervise, job.id)
        logger.info("job %s (%s) queued", job.id, kind)
        return job

    def shutdown(self) -> None:
        """End every job's process group and put unfinished jobs back in the queue for the
        next start (used at app shutdown). Safe to call twice."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        with self._lock:
            children = list(self._children.values())
        for child in children:
            _end_group(child)
        self._threads.shutdown(wait=True, cancel_futures=True)
        self._release()

    def recover(self) -> list[str]:
        """Take over or fail the unfinished jobs of runners that are gone; the ids taken over."""
        quiet_since = utcnow() - dt.timedelta(seconds=5 * self._heartbeat_seconds)
        with session_scope(self._engine) as session:
            orphans = session.scalars(
                select(Job).where(
                    Job.state.in_(_UNFINISHED), or_(Job.runner.is_(None), Job.runner != self.id)
                )
            ).all()
            gone = [
                j for j in orphans if not _is_runner_alive(j.runner, j.heartbeat_at, quiet_since)
            ]
            found = [(j.id, j.runner, j.state, j.heartbeat_at) for j in gone]
        taken = [job_id for job_id, *rest in found if self._take_over(job_id, *rest)]
        for job_id in taken:
            self._threads.submit(self._supervise, job_id)
        return taken

    def _take_over(
        self, job_id: str, runner: str | None, state: JobState, last_beat: dt.datetime | None
    ) -> bool:
        """Claim one orphan with a conditional update (two runners never both win it)."""
        now = utcnow()
        if state is JobState.QUEUED:
            values: dict[str, Any] = {"runner": self.id, "heartbeat_at": now}
        else:
            seen = last_beat.isoformat(timespec="seconds") if last_beat else "?"
            reason = t("api.jobs.server_died", "en", runner=runner or "?", seen=seen)
            values = {"state": JobState.FAILED, "finished_at": now, "error": reason}
        with session_scope(self._engine) as session:
            claimed = session.execute(
                update(Job)
                .where(Job.id == job_id, Job.state == state)
                .where(Job.runner.is_(None) if runner is None else Job.runner == runner)
                .values(**values)
            )
            won = bool(claimed.rowcount)  # type: ignore[attr-defined]
        if won:
            logger.warning("job %s of runner %s (gone): %s", job_id, runner, state)
        return won and state is JobState.QUEUED

    def _beat(self) -> None:
        while not self._stopping.wait(self._heartbeat_seconds):
            try:
                with session_scope(self._engine) as session:
                    session.execute(
                        update(Job)
                        .where(Job.runner == self.id, Job.state.in_(_UNFINISHED))
                        .values(heartbeat_at=utcnow())
                    )
                self.recover()
            except Exception:  # a database hiccup must not stop the beat
                logger.exception("job heartbeat failed")

    def _release(self) -> None:
        """Put this runner's unfinished jobs back in the queue, held by nobody."""
        message = t("api.jobs.requeued", "en")
        with session_scope(self._engine) as session:
            session.execute(
                update(Job)
                .where(Job.runner == self.id, Job.state.in_(_UNFINISHED))
                .values(
                    state=JobState.QUEUED,
                    runner=None,
                    heartbeat_at=None,
                    started_at=None,
                    progress=0.0,
                    message=message,
                )
            )

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
            if self._stopping.is_set() or job.state is not JobState.QUEUED:
                return  # left for the next start, or finished meanwhile
            if job.cancel_requested:
                job.state, job.finished_at = JobState.CANCELLED, utcnow()
                return
            job.state, job.started_at = JobState.RUNNING, utcnow()
            kind, params = job.kind, dict(job.params)
        outcome = self._watch(job_id, kind, params)
        if outcome is None or (outcome[0] == "error" and self._stopping.is_set()):
            return  # cancelled (row final), or ended by shutdown (`shutdown` re-queues it)
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
            args=(kind, params, self._env, self._specs, sender, os.getpid()),
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
            _end_group(child)  # stragglers of a finished job go too

    def _pump(
        self, job_id: str, child: multiprocessing.process.BaseProcess, receiver: Connection
    ) -> tuple[str, Any] | None:
        while True:
            if self._stopping.is_set():
                _end_group(child)
                return None  # `shutdown` puts the job back in the queue
            if self._is_cancelled(job_id):
                _end_group(child)
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


def _is_runner_alive(
    runner: str | None, last_beat: dt.datetime | None, quiet_since: dt.datetime
) -> bool:
    """Whether the runner `host/pid/nonce` may still hold its jobs: on this host its process
    must exist, and anywhere it must have beaten since `quiet_since`."""
    if runner is None:
        return False
    host, pid, _nonce = runner.split("/")
    if host == socket.gethostname() and not _is_pid_alive(int(pid)):
        return False
    return last_beat is not None and last_beat >= quiet_since


def request_cancel(session: Session, job: Job) -> None:
    """Ask for `job` to stop: a queued job is cancelled now, a running one within a poll."""
    if job.state.is_finished:
        return
    job.cancel_requested = True
    if job.state is JobState.QUEUED:
        job.state, job.finished_at = JobState.CANCELLED, utcnow()


_runner_lock = threading.Lock()


def start_job_runner(app: FastAPI) -> JobRunner:
    """The app's runner, started once (at app start; stopped by `stop_job_runner`).

    `app.state.job_specs` names the module of job kinds (tests run timed work through it).
    """
    state = app.state
    with _runner_lock:
        if getattr(state, "job_runner", None) is None:
            specs = getattr(state, "job_specs", "airclass.api.job_kinds")
            runner = JobRunner(state.engine, media_root=state.settings.media_root, specs=specs)
            runner.start()
            state.job_runner = runner
        started: JobRunner = state.job_runner
    return started


def job_runner(request: Request) -> JobRunner:
    return start_job_runner(request.app)


def stop_job_runner(app: FastAPI) -> None:
    runner: JobRunner | None = getattr(app.state, "job_runner", None)
    if runner is not None:
        runner.shutdown()
        app.state.job_runner = None


JobRunnerDep = Annotated[JobRunner, Depends(job_runner)]
