"""`airclass bench solver --json` prints one row per instance with the documented keys."""

from __future__ import annotations

import json

from airclass.api.cli import run

from tests.config.conftest import DEMO


def test_bench_solver_json_row(capsys) -> None:
    code = run(["bench", "solver", "--instance", "S", "--time-limit", "1", "--json"])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["instance"] for r in rows] == ["S"]
    assert set(rows[0]) == {
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
    }
    assert rows[0]["lessons"] > 0
    assert rows[0]["max_course_per_day"] <= 1  # L7: the demo policy's cap
    assert rows[0]["objective"] >= rows[0]["greedy_objective"]
    assert rows[0]["replan_moved"] <= 0.05 * rows[0]["airings"]
    assert rows[0]["bound"] >= rows[0]["objective"]


def test_plan_strict_without_validated_media_explains(tmp_path, monkeypatch, capsys) -> None:
    """--strict, the demo config with an empty catalogue: no lesson is schedulable (C5), so
    every domain minimum is named, with the fix; exit 1, never a bare INFEASIBLE."""
    monkeypatch.setenv("AIRCLASS_HOME", str(tmp_path))
    code = run(["plan", str(DEMO), "--week", "2026-09-07", "--strict", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1
    assert "approved, validated lessons" in err and "INFEASIBLE" not in err


def test_plan_without_validated_media_reports_shortfalls(tmp_path, monkeypatch, capsys) -> None:
    """C1 not fatal: without --strict the week is planned (empty) and every grade's unmet
    domain minimum is reported per grade and domain, in the JSON and the table."""
    monkeypatch.setenv("AIRCLASS_HOME", str(tmp_path))
    args = ["plan", str(DEMO), "--week", "2026-09-07", "--out", str(tmp_path / "out")]
    assert run([*args, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    required = {"de", "ti", "mei", "lao"}
    exam_floors = {(9, "all"), (12, "all")}  # P1: the exam cohorts' weekly floor
    assert {(s["grade"], s["domain"]) for s in result["shortfalls"]} == {
        (g, d) for g in range(1, 13) for d in required
    } | exam_floors
    assert all(s["aired_minutes"] == 0 for s in result["shortfalls"])
    assert {s["need_minutes"] for s in result["shortfalls"]} == {15, 150}
    assert run([*args, "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "grade 4 ti: only 0 of the 15 minimum minutes can air" in err


def test_plan_week_not_monday_exit_2(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("AIRCLASS_HOME", str(tmp_path))
    code = run(["plan", str(DEMO), "--week", "2026-09-08", "--lang", "en"])
    assert code == 2
    assert "not a Monday" in capsys.readouterr().err
