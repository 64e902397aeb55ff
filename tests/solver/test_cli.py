"""`airclass bench solver --json` prints one row per instance with the documented keys."""

from __future__ import annotations

import json

from api.cli import run


def test_bench_solver_json_row(capsys) -> None:
    code = run(["bench", "solver", "--instance", "S", "--time-limit", "2", "--json"])
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
    }
    assert rows[0]["objective"] >= rows[0]["greedy_objective"]
    assert rows[0]["bound"] >= rows[0]["objective"]
