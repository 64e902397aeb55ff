"""`airclass plan`, `airclass replan` and `airclass bench solver`.

plan   CONFIG_DIR --week MONDAY: solve the week, write plan.json (and the playout exports),
       store it as a draft version, print status, objective, bound, gap and a per-grade table.
replan PLAN --withdraw LESSON… | --preempt CHANNEL@START-END: minimal-change repair.
Lessons aired in earlier weeks are read from the plan.json files under <home>/plans/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from airclass.api.cli.common import (
    JsonOption,
    LangOption,
    database_session,
    err_console,
    language,
    print_json,
    settings,
)
from airclass.api.config_dirs import config_directory
from airclass.api.db import versions
from airclass.config import World, load_world
from airclass.config.clearance import Hold
from airclass.config.i18n import t
from airclass.media.gate import planning_inputs
from airclass.playout.export import export_week
from airclass.solver.bench import run_bench
from airclass.solver.plan import Plan
from airclass.solver.planner import plan_week
from airclass.solver.replan import parse_preemption, replan
from airclass.solver.synthetic import INSTANCES
from rich.table import Table
from sqlalchemy.orm import Session

TimeLimitOption = Annotated[
    float | None,
    typer.Option("--time-limit", help="Seconds (default: policy planning.time_limit_seconds)."),
]
WorkersOption = Annotated[int | None, typer.Option("--workers", help="CP-SAT worker threads.")]
SeedOption = Annotated[
    int | None, typer.Option("--seed", help="Random seed (same seed, same plan).")
]


def solving(lang: str, world: World, time_limit: float | None) -> Any:
    """A spinner while CP-SAT searches (the policy's time limit unless overridden)."""
    seconds = world.policy.planning.time_limit_seconds if time_limit is None else time_limit
    return err_console.status(t("solver.plan.solving", lang, seconds=f"{seconds:g}"))


def plan(
    config_dir: Annotated[Path, typer.Argument(help="Config directory, e.g. config/demo")],
    week: Annotated[str, typer.Option("--week", help="Monday of the week, YYYY-MM-DD")],
    time_limit: TimeLimitOption = None,
    workers: WorkersOption = None,
    seed: SeedOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder")] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Every C1 domain minimum is a hard rule: a week that cannot meet one fails "
            "(by default the plan reports the shortfall).",
        ),
    ] = False,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Plan one week: write plan.json, store a draft version, write the exports."""
    lang = language(lang)
    monday = _monday(week)
    world = load_world(config_dir)
    home = settings().home
    out_dir = out or home / "plans" / monday.isoformat()
    with database_session() as session, solving(lang, world, time_limit):
        durations, held = _gate(session, world)
        result = plan_week(
            world,
            monday,
            durations,
            aired_before=aired_before(home, monday),
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            strict_minimums=strict,
            holds=held,
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        result.write(out_dir / "plan.json")
        version = versions.save_draft(session, result, channels=world.channels)
    exports = export_week(result, world, out_dir, media_root=settings().media_root)
    report_plan(
        result,
        lang,
        as_json,
        extra={
            "plan_path": str(out_dir / "plan.json"),
            "version": version,
            "exports": len(exports),
        },
    )
    if not as_json:
        err_console.print(t("solver.plan.written", lang, path=out_dir / "plan.json"))
        err_console.print(t("solver.plan.draft", lang, version=version))
        err_console.print(t("solver.plan.exports", lang, count=len(exports), path=out_dir))


def replan_command(
    plan_path: Annotated[Path, typer.Argument(help="plan.json to repair")],
    withdraw: Annotated[list[str] | None, typer.Option("--withdraw", help="Lesson id")] = None,
    preempt: Annotated[
        list[str] | None, typer.Option("--preempt", help="CHANNEL@YYYY-MM-DDTHH:MM-HH:MM")
    ] = None,
    config_dir: Annotated[
        Path | None,
        typer.Option("--config", help="Config directory (default: the one the plan names)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write the new plan.json")
    ] = None,
    time_limit: TimeLimitOption = None,
    workers: WorkersOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Repair a plan after withdrawn lessons or pre-empted windows, moving as little as possible."""
    lang = language(lang)
    old = Plan.read(plan_path)
    world = load_world(config_dir or config_directory(old.config, settings()))
    preemptions = [parse_preemption(text) for text in preempt or []]
    with database_session() as session, solving(lang, world, time_limit):
        durations, held = _gate(session, world)
        result = replan(
            old,
            world,
            durations,
            withdraw=withdraw or [],
            preempt=preemptions,
            aired_before=aired_before(settings().home, old.week),
            time_limit=time_limit,
            workers=workers,
            holds=held,
        )
        target = out or plan_path
        result.plan.write(target)
        version = versions.save_draft(session, result.plan, channels=world.channels)
    report_plan(
        result.plan,
        lang,
        as_json,
        extra={
            "plan_path": str(target),
            "version": version,
            "moved": result.moved,
            "removed": result.removed,
            "added": result.added,
            "unchanged": result.unchanged,
            "repair": {
                "kind": result.repair.kind,
                "status": result.repair.status.value,
                "objective": round(result.repair.objective, 4),
                "bound": round(result.repair.bound, 4),
            },
        },
    )
    if not as_json:
        err_console.print(
            t(
                f"solver.replan.repair.{result.repair.kind}",
                lang,
                status=result.repair.status.value,
                objective=f"{result.repair.objective:.1f}",
                bound=f"{result.repair.bound:.1f}",
            )
        )
        err_console.print(
            t(
                "solver.replan.moved",
                lang,
                moved=len(result.moved),
                removed=len(result.removed),
                added=len(result.added),
                unchanged=result.unchanged,
            )
        )
        for uid in result.moved:
            err_console.print(f"  ~ {uid}", highlight=False)


BENCH_KEYS = (
    "instance",
    "status",
    "objective",
    "bound",
    "gap",
    "seconds",
    "greedy_objective",
    "airings",
    "replan_seconds",
    "replan_moved",
    "lessons",
    "carried_over",
    "distinct_starts_per_course",
    "max_course_per_day",
)
"""The `bench solver --json` row: scripts read these keys; new ones are only ever added."""


def bench_solver(
    time_limit: TimeLimitOption = None,
    workers: WorkersOption = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--instance", help="S, M, L, D, N or XL (default: all, in that order)."),
    ] = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Solve the S, M, L, XL synthetic weeks and the demo week D and its national-only N;
    compare with a greedy priority fill."""
    lang = language(lang)
    names = only or list(INSTANCES)
    unknown = [n for n in names if n not in INSTANCES]
    if unknown:
        raise typer.BadParameter(
            f"--instance {', '.join(unknown)}: choose from {', '.join(INSTANCES)}"
        )
    with err_console.status(t("solver.bench.running", lang, instances=", ".join(names))):
        rows = run_bench(names, time_limit=time_limit, workers=workers)
    table = Table(title=t("solver.bench.title", lang))
    columns = ("instance", "status", "objective", "bound", "gap", "seconds", "greedy", "airings")
    for column in (*columns, "lessons", "carried", "starts/course", "max/day", "replan"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r.instance,
            r.status,
            f"{r.objective:.1f}",
            f"{r.bound:.1f}",
            f"{r.gap:.2%}",
            f"{r.seconds:.1f}",
            f"{r.greedy_objective:.1f}",
            str(r.airings),
            str(r.lessons),
            str(r.carried_over),
            f"{r.distinct_starts_per_course:.2f}",
            str(r.max_course_per_day),
            f"{r.replan_seconds:.2f} s, {r.replan_moved / max(r.airings, 1):.1%} moved",
        )
    err_console.print(table)
    if as_json:
        print_json([{k: r.as_dict()[k] for k in BENCH_KEYS} for r in rows])


def _monday(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"--week must be YYYY-MM-DD, got {text!r}") from None


def _gate(session: Session, world: World) -> tuple[dict[str, int], dict[str, Hold]]:
    return planning_inputs(session, world, settings().media_root)


def aired_before(home: Path, week: dt.date) -> set[str]:
    """Lesson ids first aired in the plans of earlier weeks under <home>/plans/."""
    aired: set[str] = set()
    for path in sorted((home / "plans").glob("*/plan.json")):
        earlier = Plan.read(path)
        if earlier.week < week:
            aired |= {a.lesson_id for a in earlier.airings if not a.is_repeat}
    return aired


def report_plan(result: Plan, lang: str, as_json: bool, *, extra: dict[str, Any]) -> None:
    """Print status, objective, bound, gap, seconds and the per-grade table (or JSON)."""
    figures = {
        "status": result.status.value,
        "objective": result.objective,
        "best_bound": result.best_bound,
        "gap": result.gap,
        "solve_seconds": result.solve_seconds,
        "grades": [g.model_dump() for g in result.grades],
        "shortfalls": [s.model_dump() for s in result.shortfalls],
        "courses": [c.model_dump() for c in result.courses],
        "penalties": result.penalties,
        "waiting": [w.model_dump() | {"message": w.message(lang)} for w in result.waiting],
    }
    if as_json:
        print_json({**figures, **extra})
        return
    err_console.print(t("solver.plan.title", lang, week=result.week, status=result.status.value))
    err_console.print(
        t(
            "solver.plan.figures",
            lang,
            objective=f"{result.objective:.1f}",
            bound=f"{result.best_bound:.1f}",
            gap=f"{result.gap:.2%}",
            seconds=f"{result.solve_seconds:.1f}",
        )
    )
    table = Table()
    for key in ("grade", "demanded", "aired", "repeats", "carried", "starts", "shortfall"):
        table.add_column(t(f"solver.column.{key}", lang))
    for g in result.grades:
        starts = [c.distinct_starts for c in result.courses if c.grade == g.grade]
        short = [s for s in result.shortfalls if s.grade == g.grade]
        table.add_row(
            str(g.grade),
            f"{g.demanded_minutes:.0f}",
            f"{g.aired_minutes:.0f}",
            str(g.repeats),
            str(len(g.carried_over)),
            "/".join(map(str, starts)) or "-",
            ", ".join(f"{s.domain} {s.aired_minutes:.0f}/{s.need_minutes:.0f}" for s in short)
            or "-",
        )
    err_console.print(table)
    _report_waiting(result, lang)
    _report_shape(result, lang)


def _report_waiting(result: Plan, lang: str) -> None:
    """Each carried-over lesson and why it waits, grade by grade, under the table."""
    for w in result.waiting:
        err_console.print(
            t("solver.plan.waiting", lang, grade=w.grade, lesson=w.lesson_id, why=w.message(lang)),
            highlight=False,
        )


def _report_shape(result: Plan, lang: str) -> None:
    """L7 figures and each C1 shortfall, on stderr under the table."""
    starts = [c.distinct_starts for c in result.courses]
    if starts:
        err_console.print(
            t(
                "solver.plan.regularity",
                lang,
                mean=f"{sum(starts) / len(starts):.2f}",
                most=max(starts),
                per_day=max(c.most_per_day for c in result.courses),
            )
        )
    for s in result.shortfalls:
        err_console.print(
            t(
                "solver.plan.shortfall",
                lang,
                grade=s.grade,
                domain=s.domain,
                aired=f"{s.aired_minutes:.0f}",
                need=f"{s.need_minutes:.0f}",
            )
        )


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("plan")(plan)
    app.command("replan")(replan_command)
    bench.command("solver")(bench_solver)
