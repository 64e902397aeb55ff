"""`airclass bench api`: requests/s and p99 of a feed, served by uvicorn and by nginx.

Builds a throwaway site (SQLite, a synthetic week on the demo channels, published), starts
uvicorn with the app and nginx on the statically published copy of the same feed, both on
loopback, and runs `wrk` against each for the 200 path and the 304 path (If-None-Match with
the server's own ETag). Needs `wrk` and `nginx` on PATH (Debian packages of the same names).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import httpx
import typer
from airclass.api.cli.common import JsonOption, err_console, print_json
from airclass.api.db import versions
from airclass.api.db.migrate import upgrade
from airclass.api.feeds.feed_config import feed_config
from airclass.api.loopback import free_port, running, uvicorn_command
from airclass.api.static_site import publish_static
from airclass.config import DEMO_CONFIG, World, load_world
from airclass.config.database import make_engine, session_scope, utcnow
from airclass.config.errors import AirclassError
from airclass.config.timecode import FrameRate, frames_from_minutes
from airclass.solver.plan import Airing, Plan, Status
from rich.table import Table

FEED = "/feeds/grade/3.ics"


class BenchError(AirclassError):
    """Raised when a tool is missing or a server of the benchmark does not start."""


@dataclass(frozen=True)
class BenchRow:
    server: str
    path: str
    """`200` (full body) or `304` (If-None-Match)."""
    requests_per_second: float
    p99_ms: float
    bytes_per_response: int


def synthetic_plan(world: World, monday: dt.date) -> Plan:
    """Six 20-minute lessons a day on every channel, Monday to Friday, grades in turn."""
    rate = FrameRate(25)
    airings = []
    for channel in world.channels:
        grades = sorted(channel.grade_set)
        for day in range(5):
            for slot in range(6):
                grade = grades[(day * 6 + slot) % len(grades)]
                number = day * 6 + slot + 1
                lesson = f"g{grade:02d}-bench-{channel.number.lower()}-{number:03d}"
                airings.append(
                    Airing(
                        uid=f"{lesson}.1@airclass",
                        channel=channel.id,
                        date=monday + dt.timedelta(days=day),
                        start_frame=frames_from_minutes(8 * 60 + 30 + 30 * slot, rate),
                        duration_frames=frames_from_minutes(20, rate),
                        slot_frames=frames_from_minutes(20, rate),
                        grade=grade,
                        course=lesson.rsplit("-", 1)[0],
                        subject="语文",
                        domain="zhi",
                        lesson_id=lesson,
                        lesson_number=number,
                        title=f"第{number}课 春夏秋冬",
                        asset=lesson,
                        task_sheet=f"https://example.org/tasks/{lesson}.pdf",
                    )
                )
    return Plan(
        week=monday,
        config="demo",
        frame_rate={c.id: "25" for c in world.channels},
        status=Status.OPTIMAL,
        objective=0,
        best_bound=0,
        gap=0,
        solve_seconds=0,
        seed=0,
        created_at=utcnow(),
        airings=airings,
        grades=[],
    )


def build_site(folder: Path, base_url: str) -> str:
    """Publish a synthetic week into a fresh database and a static copy; returns the DB URL."""
    url = f"sqlite:///{folder / 'airclass.db'}"
    upgrade(url)
    world = load_world(DEMO_CONFIG)
    now = utcnow()
    today = now.astimezone(ZoneInfo("Asia/Shanghai")).date()
    engine = make_engine(url)
    with session_scope(engine) as session:
        plan = synthetic_plan(world, today - dt.timedelta(days=today.weekday()))
        versions.publish(
            session, versions.save_draft(session, plan, channels=world.channels), now=now
        )
        publish_static(session, folder / "site", now=now, config=feed_config(), base_url=base_url)
    engine.dispose()
    return url


_NGINX_CONF = """worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/tmp; proxy_temp_path {prefix}/tmp;
    fastcgi_temp_path {prefix}/tmp; uwsgi_temp_path {prefix}/tmp; scgi_temp_path {prefix}/tmp;
    types {{ text/calendar ics; application/xml xml; text/html html; }}
    charset utf-8;
    sendfile on; tcp_nopush on; keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        add_header Cache-Control "public, max-age=3600";
    }}
}}
"""


def _nginx(folder: Path, port: int, workers: int) -> list[str]:
    prefix = folder / "nginx"
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(
        _NGINX_CONF.format(workers=workers, prefix=prefix, port=port, root=folder / "site")
    )
    return ["nginx", "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]


_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_P99 = re.compile(r"99%\s+([\d.]+)(us|ms|s)\b")


def run_wrk(
    url: str, *, seconds: int, connections: int, threads: int, headers: dict[str, str]
) -> tuple[float, float]:
    """(requests/s, p99 in ms) of `wrk --latency` against `url`."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        command + [url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    rps, p99 = _RPS.search(out), _P99.search(out)
    if rps is None or p99 is None:
        raise BenchError(f"unexpected wrk output:\n{out}")
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99[2]]
    return float(rps[1]), float(p99[1]) * scale


def _measure(
    server: str, url: str, *, seconds: int, connections: int, threads: int
) -> list[BenchRow]:
    first = httpx.get(url)
    first.raise_for_status()
    rows = []
    for path, headers in (("200", {}), ("304", {"If-None-Match": first.headers["etag"]})):
        check = httpx.get(url, headers=headers)
        assert check.status_code == int(path), (
            f"{server} answered {check.status_code} on the {path} path"
        )
        rps, p99 = run_wrk(
            url, seconds=seconds, connections=connections, threads=threads, headers=headers
        )
        rows.append(BenchRow(server, path, rps, p99, len(check.content)))
    return rows


def bench_api(*, seconds: int, connections: int, threads: int, workers: int) -> list[BenchRow]:
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            raise BenchError(f"{tool} not found on PATH: install the Debian package {tool!r}")
    with tempfile.TemporaryDirectory(prefix="airclass-bench-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o755)  # nginx workers run as an unprivileged user
        app_port, nginx_port = free_port(), free_port()
        base = f"http://127.0.0.1:{app_port}"
        database = build_site(folder, base)
        env = {
            **os.environ,
            "AIRCLASS_HOME": str(folder),
            "AIRCLASS_DATABASE_URL": database,
            "AIRCLASS_PUBLIC_BASE_URL": base,
        }
        rows = []
        with running(uvicorn_command(app_port, workers=workers), env=env, probe=base + FEED):
            rows += _measure(
                "uvicorn", base + FEED, seconds=seconds, connections=connections, threads=threads
            )
        nginx_base = f"http://127.0.0.1:{nginx_port}"
        with running(_nginx(folder, nginx_port, workers), env=env, probe=nginx_base + FEED):
            rows += _measure(
                "nginx",
                nginx_base + FEED,
                seconds=seconds,
                connections=connections,
                threads=threads,
            )
        return rows


def bench_api_command(
    seconds: Annotated[int, typer.Option("--seconds", help="Length of each wrk run", min=1)] = 10,
    connections: Annotated[int, typer.Option("--connections", help="Open connections", min=1)] = 32,
    threads: Annotated[int, typer.Option("--threads", help="wrk threads", min=1)] = 1,
    workers: Annotated[
        int, typer.Option("--workers", help="uvicorn and nginx worker processes", min=1)
    ] = 2,
    as_json: JsonOption = False,
) -> None:
    """Load-test GET /feeds/grade/3.ics on uvicorn and on nginx (same file): req/s and p99."""
    rows = bench_api(seconds=seconds, connections=connections, threads=threads, workers=workers)
    ratios = _ratios(rows)
    if as_json:
        print_json({"rows": [asdict(r) for r in rows], "uvicorn_over_nginx": ratios})
        return
    table = Table(
        "server", "path", "requests/s", "p99 ms", "bytes", title=f"GET {FEED} (wrk, loopback)"
    )
    for row in rows:
        table.add_row(
            row.server,
            row.path,
            f"{row.requests_per_second:,.0f}",
            f"{row.p99_ms:.2f}",
            str(row.bytes_per_response),
        )
    err_console.print(table)
    for path, ratio in ratios.items():
        err_console.print(
            f"uvicorn / nginx requests/s on the {path} path: {ratio:.2f} (goal ≥ 0.50)"
        )


def _ratios(rows: list[BenchRow]) -> dict[str, float]:
    by = {(r.server, r.path): r.requests_per_second for r in rows}
    return {path: round(by[("uvicorn", path)] / by[("nginx", path)], 3) for path in ("200", "304")}


def register(app: typer.Typer, bench: typer.Typer) -> None:
    bench.command("api")(bench_api_command)
