"""The loader accepts the demo and rejects each kind of bad config with file, field and reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from airclass.api.cli import run
from airclass.config import load_world

from tests.config.conftest import DEMO, edit, problems_of


def test_load_demo_ok() -> None:
    world = load_world(DEMO)
    assert {c.id for c in world.channels} >= {"cetv4.airclass"}
    assert sorted(world.curricula) == list(range(1, 13))
    assert world.policy.stage_of(9) == "junior"


def test_config_check_demo_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["config", "check", str(DEMO), "--lang", "en", "--json"]) == 0
    assert '"ok": true' in capsys.readouterr().out


def test_missing_file_named(demo_copy: Path) -> None:
    (demo_copy / "term.toml").unlink()
    assert any(p.startswith("term.toml") and "missing" in p for p in problems_of(demo_copy))


def test_toml_syntax_error_has_line(demo_copy: Path) -> None:
    edit(demo_copy / "channels.toml", 'number = "CETV-4"', 'number = "CETV-4')
    problems = problems_of(demo_copy)
    assert any(re.match(r"channels\.toml:\d+: TOML syntax error", p) for p in problems), problems


def test_unknown_key_named(demo_copy: Path) -> None:
    edit(demo_copy / "policy.toml", "[min_break]\n", "[min_break]\ncolour = 3\n")
    problems = problems_of(demo_copy)
    assert any(
        "policy.toml" in p and "min_break.colour" in p and "unknown key" in p for p in problems
    )


@pytest.mark.parametrize(
    ("old", "new", "culprit"),
    [
        ('"9" = 20', '"9" = 60', "grade 1 (primary)"),  # an exam grade above grades 1–2 × 0.6
        ('"7" = 10', '"7" = 25', "grade 9 (exam_grades)"),  # grade 7 above the exam cohorts
        ("weight_factor = 0.6", "weight_factor = 0.3", "grade 1 (primary)"),  # P4 below secondary
    ],
)
def test_priority_breaking_p1_rejected(demo_copy: Path, old: str, new: str, culprit: str) -> None:
    """P1 is an order: primary, then the exam cohorts, then grades 7, 8, 10, 11."""
    edit(demo_copy / "policy.toml", old, new)
    problems = problems_of(demo_copy)
    assert any("policy.toml" in p and "breaks P1" in p and culprit in p for p in problems), problems


def test_lecture_window_min_above_max(demo_copy: Path) -> None:
    edit(demo_copy / "policy.toml", "min_minutes = 15", "min_minutes = 30")
    problems = problems_of(demo_copy)
    assert any("policy.toml" in p and "lecture.primary" in p and "above max" in p for p in problems)


def test_lesson_with_missing_asset(demo_copy: Path) -> None:
    grade3 = demo_copy / "curricula" / "grade-3.toml"
    text = grade3.read_text(encoding="utf-8")
    asset = re.search(r'asset = "([^"]+)"', text)
    assert asset
    edit(grade3, f'asset = "{asset[1]}"', 'asset = "no-such-asset"')
    problems = problems_of(demo_copy)
    assert any(
        p.startswith("curricula/grade-3.toml") and ".asset" in p and "no-such-asset" in p
        for p in problems
    ), problems


def test_channel_window_outside_day(demo_copy: Path) -> None:
    edit(demo_copy / "channels.toml", 'end = "17:00"', 'end = "25:00"')
    problems = problems_of(demo_copy)
    assert any("channels.toml" in p and "windows" in p and "00:00–24:00" in p for p in problems)


def test_curriculum_for_grade_13(demo_copy: Path) -> None:
    (demo_copy / "curricula" / "grade-13.toml").write_text("grade = 13\n", encoding="utf-8")
    problems = problems_of(demo_copy)
    assert any("grade-13.toml" in p and "1–12" in p for p in problems), problems


def test_every_problem_reported_at_once(demo_copy: Path) -> None:
    (demo_copy / "term.toml").unlink()
    edit(demo_copy / "policy.toml", "min_minutes = 15", "min_minutes = 30")
    assert len(problems_of(demo_copy)) >= 2


@pytest.mark.parametrize("lang, word", [("en", "problem"), ("zh", "错误")])
def test_config_check_bad_exit_2(
    demo_copy: Path, lang: str, word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_copy / "term.toml").unlink()
    assert run(["config", "check", str(demo_copy), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert word in err and "term.toml" in err and "Traceback" not in err
