"""The catalogue and its gate: checksums, multi-level review by distinct people (C5), acceptance
under the channel's profile at the grade's stage window (C4, L3), on a real SQLite file and
real media built with ffmpeg."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from airclass.config import ConfigError, World, load_world
from airclass.config.clearance import Hold, Reason
from airclass.config.database import make_engine, session_scope
from airclass.media.catalogue import (
    Decision,
    ReviewState,
    current_checksum,
    ensure_schema,
    file_checksum,
    latest_validation,
    record_review,
    record_validation,
    review_state,
)
from airclass.media.catalogue_errors import ReviewOrderError, SamePersonError
from airclass.media.gate import (
    acceptance,
    catalogue_status,
    holds,
    needs_validation,
    schedulable_durations,
)
from airclass.media.synthesize import build_demo_media
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from tests.utils.media_probe import validator_report
from tests.utils.tiny_catalogue_world import write_tiny_config

LECTURES = {"t-001": 2.0, "t-002": 2.4, "t-003": 2.8}
LEVELS = ["political", "scientific", "technical"]
WINDOW = (1.0, 5.0)
"""Primary school's L3 window, in seconds, for these few-second lectures."""


@pytest.fixture(scope="module")
def built_media(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, Path]:
    root = tmp_path_factory.mktemp("catalogue")
    world = write_tiny_config(root / "config", LECTURES, primary_window=WINDOW)
    build_demo_media(world, root / "media")
    return world, root / "media"


@pytest.fixture(scope="module")
def edited_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new cut of lecture t-001: 2.2 s instead of 2.0 s."""
    root = tmp_path_factory.mktemp("edited")
    world = write_tiny_config(root / "config", {"t-001": 2.2})
    (path,) = build_demo_media(world, root / "media")
    return path


@pytest.fixture
def world(built_media: tuple[World, Path]) -> World:
    assert built_media[0].policy.review.level_ids == LEVELS  # the demo policy's levels
    return built_media[0]


@pytest.fixture
def media(built_media: tuple[World, Path], tmp_path: Path) -> Path:
    """A private copy of the built files, so a test may change or delete them."""
    return Path(shutil.copytree(built_media[1], tmp_path / "media"))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'airclass.db'}")
    ensure_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_scope(engine) as session:
        yield session


def _validate(
    session: Session,
    world: World,
    media: Path,
    asset_id: str,
    verdict: str,
    *,
    profile: str = "preview",
    stage: str | None = "primary",
) -> str:
    """Record a verdict on the file as judged under `profile` at `stage`'s window (the
    channel's acceptance profile and grade 3's stage by default)."""
    path = media / world.assets[asset_id].path
    checksum = file_checksum(path)
    window = None if stage is None else acceptance(world.policy, profile, stage).window  # type: ignore[arg-type]
    report = validator_report(path, verdict, window)
    record_validation(session, report, checksum=checksum, asset_id=asset_id, profile=profile)
    return checksum


def _approve(session: Session, asset_id: str, checksum: str, levels: list[str] = LEVELS) -> None:
    for level in levels:
        record_review(
            session,
            asset_id=asset_id,
            checksum=checksum,
            reviewer=f"{level}-reviewer",
            level=level,
            decision=Decision.APPROVED,
            levels=LEVELS,
        )


def test_ensure_schema_creates_stable_table_names(engine: Engine) -> None:
    assert {"asset_validation", "review_signoff"} <= set(inspect(engine).get_table_names())


def test_file_checksum_is_sha256_of_the_bytes(world: World, media: Path) -> None:
    path = media / world.assets["t-001"].path
    assert file_checksum(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_current_checksum_reuses_stored_value_until_file_changes(
    session: Session, world: World, media: Path
) -> None:
    path = media / world.assets["t-001"].path
    report = validator_report(path, "pass")
    stored = "0" * 64  # not the file's hash: proves the stored value was reused
    record_validation(session, report, checksum=stored, asset_id="t-001")
    assert current_checksum(session, path) == stored
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert current_checksum(session, path) == file_checksum(path)


def test_record_validation_keeps_measurements(session: Session, world: World, media: Path) -> None:
    checksum = _validate(session, world, media, "t-002", "warn")
    row = latest_validation(session, checksum)
    assert row is not None
    assert (row.verdict, row.duration_frames, row.frame_rate, row.profile) == (
        "warn",
        60,
        "25",
        "preview",
    )
    assert row.report["findings"] == [] and row.validated_at.tzinfo is not None


def test_schedulable_only_passed_and_approved(session: Session, world: World, media: Path) -> None:
    good = _validate(session, world, media, "t-001", "pass")
    _approve(session, "t-001", good)
    warned = _validate(session, world, media, "t-002", "warn")
    _approve(session, "t-002", warned)
    failed = _validate(session, world, media, "t-003", "fail")
    _approve(session, "t-003", failed)
    assert schedulable_durations(session, world, media) == {"t-001": 50, "t-002": 60}
    assert holds(session, world, media) == {
        "t-003": Hold(Reason.FAILED, profile="preview", stage="primary")
    }


def test_review_pending_names_the_first_level_not_approved(
    session: Session, world: World, media: Path
) -> None:
    checksum = _validate(session, world, media, "t-001", "pass")
    assert holds(session, world, media)["t-001"] == Hold(Reason.REVIEW_PENDING, level="political")
    _approve(session, "t-001", checksum, LEVELS[:2])
    assert review_state(session, checksum, LEVELS) is ReviewState.PENDING
    hold = holds(session, world, media)["t-001"]
    assert hold == Hold(Reason.REVIEW_PENDING, level="technical")
    assert hold.message("en") == "review pending at level technical"
    assert "technical" in hold.message("zh")
    _approve(session, "t-001", checksum, LEVELS[2:])
    assert review_state(session, checksum, LEVELS) is ReviewState.APPROVED
    assert "t-001" in schedulable_durations(session, world, media)


def test_rejection_holds_until_that_level_approves_again(
    session: Session, world: World, media: Path
) -> None:
    checksum = _validate(session, world, media, "t-001", "pass")
    _approve(session, "t-001", checksum)
    record_review(
        session, asset_id="t-001", checksum=checksum, reviewer="scientific-reviewer",
        level="scientific", decision="rejected", note="内容有误", levels=LEVELS,
    )  # fmt: skip
    assert review_state(session, checksum, LEVELS) is ReviewState.REJECTED
    assert holds(session, world, media)["t-001"] == Hold(Reason.REVIEW_REJECTED, level="scientific")
    _approve(session, "t-001", checksum, ["scientific"])
    assert schedulable_durations(session, world, media) == {"t-001": 50}


def test_one_person_cannot_sign_two_levels_of_an_asset(session: Session) -> None:
    checksum = "a" * 64
    sign = dict(session=session, asset_id="t-001", checksum=checksum, levels=LEVELS)
    record_review(**sign, reviewer="王 老师", level="political", decision="approved")  # type: ignore[arg-type]
    record_review(**sign, reviewer="王 老师", level="political", decision="approved")  # type: ignore[arg-type]
    with pytest.raises(SamePersonError) as info:
        record_review(**sign, reviewer=" 王  老师", level="scientific", decision="approved")  # type: ignore[arg-type]
    assert info.value.status_code == 409
    message = info.value.message("en")
    assert "already signed asset t-001 at level political" in message
    assert "one person cannot sign two levels" in message
    record_review(**sign, reviewer="李老师", level="scientific", decision="approved")  # type: ignore[arg-type]
    # Another version of the file is still the same asset: the person keeps to one level.
    with pytest.raises(SamePersonError):
        record_review(
            session, asset_id="t-001", checksum="b" * 64, reviewer="李老师", level="political",
            decision="approved", levels=LEVELS,
        )  # fmt: skip
    # A different asset is a different review.
    record_review(
        session, asset_id="t-002", checksum="c" * 64, reviewer="李老师", level="political",
        decision="approved", levels=LEVELS,
    )  # fmt: skip


def test_approval_out_of_order_refused(session: Session) -> None:
    with pytest.raises(ReviewOrderError) as info:
        _approve(session, "t-001", "a" * 64, ["technical"])
    assert "political, scientific" in info.value.message("en")


def test_unknown_level_refused(session: Session) -> None:
    with pytest.raises(ReviewOrderError) as info:
        record_review(
            session, asset_id="t-001", checksum="a" * 64, reviewer="x", level="final",
            decision="approved", levels=LEVELS,
        )  # fmt: skip
    assert "final" in info.value.message("zh") and "political" in info.value.message("zh")


@pytest.mark.parametrize(
    ("profile", "stage"),
    [("broadcast-hd", "primary"), ("preview", "junior"), ("preview", None)],
    ids=["another profile", "another stage's window", "no window"],
)
def test_only_a_pass_under_the_acceptance_profile_at_the_grades_window_counts(
    session: Session, world: World, media: Path, profile: str, stage: str | None
) -> None:
    checksum = _validate(session, world, media, "t-001", "pass", profile=profile, stage=stage)
    _approve(session, "t-001", checksum)
    assert world.channels[0].acceptance_profile == "preview"
    assert holds(session, world, media)["t-001"] == Hold(
        Reason.NOT_VALIDATED, profile="preview", stage="primary"
    )
    _validate(session, world, media, "t-001", "pass")
    assert schedulable_durations(session, world, media) == {"t-001": 50}


def test_every_channel_carrying_the_grade_must_accept_the_file(
    session: Session, world: World, media: Path, tmp_path: Path
) -> None:
    config = Path(shutil.copytree(world.root, tmp_path / "two-channels"))
    channels = (config / "channels.toml").read_text(encoding="utf-8")
    second = channels.replace('id = "tiny.airclass"', 'id = "tiny-hd.airclass"')
    second = second.replace('acceptance_profile = "preview"', 'acceptance_profile = "broadcast-hd"')
    (config / "channels.toml").write_text(channels + second, encoding="utf-8")
    two = load_world(config)
    checksum = _validate(session, two, media, "t-001", "pass")
    _approve(session, "t-001", checksum)
    assert holds(session, two, media)["t-001"] == Hold(
        Reason.NOT_VALIDATED, profile="broadcast-hd", stage="primary"
    )
    assert {a.profile: ids for a, ids in needs_validation(session, two, media).items()} == {
        "broadcast-hd": ["t-001", "t-002", "t-003"],
        "preview": ["t-002", "t-003"],
    }
    _validate(session, two, media, "t-001", "pass", profile="broadcast-hd")
    assert schedulable_durations(session, two, media) == {"t-001": 50}


def test_a_length_outside_the_grades_window_is_held(
    session: Session, world: World, media: Path
) -> None:
    """However a passing verdict came about, the gate re-checks the length itself (L3)."""
    path = media / world.assets["t-001"].path
    report = validator_report(path, "pass", acceptance(world.policy, "preview", "primary").window)
    report["duration_frames"] = 6 * 25  # 6 s: above the 5 s window
    checksum = file_checksum(path)
    record_validation(session, report, checksum=checksum, asset_id="t-001", profile="preview")
    _approve(session, "t-001", file_checksum(path))
    assert holds(session, world, media)["t-001"] == Hold(
        Reason.OUTSIDE_WINDOW, profile="preview", stage="primary"
    )


def test_changed_file_invalidates_validation_and_review(
    session: Session, world: World, media: Path, edited_file: Path
) -> None:
    checksum = _validate(session, world, media, "t-001", "pass")
    _approve(session, "t-001", checksum)
    shutil.copy(edited_file, media / world.assets["t-001"].path)  # an editor replaced the file
    assert schedulable_durations(session, world, media) == {}
    assert holds(session, world, media)["t-001"] == Hold(Reason.FILE_CHANGED)
    assert "t-001" in next(iter(needs_validation(session, world, media).values()))
    new = _validate(session, world, media, "t-001", "pass")
    assert holds(session, world, media)["t-001"] == Hold(Reason.FILE_CHANGED)
    _approve(session, "t-001", new)
    assert schedulable_durations(session, world, media) == {"t-001": 55}


def test_missing_and_unvalidated_files_explained(
    session: Session, world: World, media: Path
) -> None:
    (media / world.assets["t-003"].path).unlink()
    not_validated = Hold(Reason.NOT_VALIDATED, profile="preview", stage="primary")
    assert holds(session, world, media) == {
        "t-001": not_validated,
        "t-002": not_validated,
        "t-003": Hold(Reason.MISSING_FILE),
    }
    rows = {row.asset_id: row for row in catalogue_status(session, world, media)}
    assert rows["t-002"].lesson_id == "g03-test-002" and rows["t-002"].grade == 3


def test_needs_validation_lists_only_new_files(session: Session, world: World, media: Path) -> None:
    (accepted,) = needs_validation(session, world, media)
    assert (accepted.profile, accepted.stage) == ("preview", "primary")
    assert needs_validation(session, world, media)[accepted] == ["t-001", "t-002", "t-003"]
    _validate(session, world, media, "t-002", "fail")
    assert needs_validation(session, world, media)[accepted] == ["t-001", "t-003"]


def test_catalogue_survives_a_new_session(engine: Engine, world: World, media: Path) -> None:
    with session_scope(engine) as session:
        _approve(session, "t-001", _validate(session, world, media, "t-001", "pass"))
    with session_scope(engine) as session:
        assert schedulable_durations(session, world, media) == {"t-001": 50}


def test_record_validation_keeps_the_stage_window(
    session: Session, world: World, media: Path
) -> None:
    checksum = _validate(session, world, media, "t-001", "pass", stage="junior")
    row = latest_validation(session, checksum)
    assert row is not None and row.profile == "preview"
    accepted = acceptance(world.policy, "preview", "junior")
    assert (row.stage, row.window_min_frames, row.window_max_frames) == accepted.window
    assert latest_validation(session, checksum, profile="preview", window=accepted.window) == row
    primary = acceptance(world.policy, "preview", "primary").window
    assert latest_validation(session, checksum, profile="preview", window=primary) is None


def test_a_curriculum_that_still_declares_a_review_is_a_clear_config_error(
    world: World, tmp_path: Path
) -> None:
    old = Path(shutil.copytree(world.root, tmp_path / "old"))
    grade = old / "curricula" / "grade-3.toml"
    text = grade.read_text(encoding="utf-8")
    grade.write_text(text.replace('asset = "t-002"', 'asset = "t-002"\nreview = "approved"'))
    with pytest.raises(ConfigError) as info:
        load_world(old)
    (problem,) = info.value.problems
    assert problem.file == "curricula/grade-3.toml" and problem.line is not None
    assert "airclass review sign" in problem.reason and "remove this line" in problem.reason


def test_record_validation_hashes_the_file_when_no_checksum_given(
    session: Session, world: World, media: Path
) -> None:
    path = media / world.assets["t-001"].path
    row = record_validation(session, validator_report(path, "pass"))
    assert row.checksum == file_checksum(path) and row.asset_id is None


def test_record_validation_of_a_vanished_file_matches_nothing(
    session: Session, tmp_path: Path
) -> None:
    report = {"path": str(tmp_path / "gone.mp4"), "verdict": "error", "findings": []}
    row = record_validation(session, report)
    assert (row.checksum, row.size, row.duration_frames) == ("", 0, None)
