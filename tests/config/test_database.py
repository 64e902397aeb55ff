"""SQLite for real use (issue 12 §8): WAL and a busy timeout, so readers and writers running
at once never see "database is locked"."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from airclass.config.database import SQLITE_BUSY_TIMEOUT_MS, make_engine
from sqlalchemy import Engine, text

WRITERS, READERS, WRITES = 4, 4, 25


def _engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'busy.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE tally (id INTEGER PRIMARY KEY, seen INTEGER)"))
    return engine


def test_sqlite_connections_use_wal_and_wait_for_the_writer(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    with engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA busy_timeout")) == SQLITE_BUSY_TIMEOUT_MS
        assert connection.scalar(text("PRAGMA foreign_keys")) == 1
    engine.dispose()


def test_concurrent_writers_and_readers_never_see_a_locked_database(tmp_path: Path) -> None:
    """Writers read, then write in the same transaction (the pattern of every publish), while
    one of them holds the write lock for a while; readers poll throughout."""
    engine = _engine(tmp_path)
    errors: list[BaseException] = []
    reads = 0
    stop = threading.Event()
    start = threading.Barrier(WRITERS + READERS + 1)

    def write(slow: bool) -> None:
        start.wait()
        for _ in range(WRITES):
            with engine.begin() as connection:
                seen = connection.scalar(text("SELECT count(*) FROM tally"))
                connection.execute(text("INSERT INTO tally (seen) VALUES (:seen)"), {"seen": seen})
                if slow:
                    time.sleep(0.02)  # keep the write lock while the others queue

    def read() -> None:
        nonlocal reads
        start.wait()
        while not stop.is_set():
            with engine.connect() as connection:
                connection.scalar(text("SELECT max(seen) FROM tally"))
            reads += 1

    def guarded(target, *args) -> None:  # noqa: ANN001
        try:
            target(*args)
        except BaseException as exc:  # noqa: BLE001 - the test reports every failure
            errors.append(exc)

    writers = [threading.Thread(target=guarded, args=(write, i == 0)) for i in range(WRITERS)]
    readers = [threading.Thread(target=guarded, args=(read,)) for _ in range(READERS)]
    for thread in writers + readers:
        thread.start()
    start.wait()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()
    assert errors == []
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM tally")) == WRITERS * WRITES
    assert reads > READERS
    engine.dispose()
