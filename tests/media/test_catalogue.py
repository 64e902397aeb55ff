"""The catalogue: checksums, multi-level review (C5) and the schedulable rule, on a real SQLite
file and real media built with ffmpeg."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from airclass.config import World, load_world
from airclass.config.database import make_engine, session_scope
from airclass.media.catalogue import (
    Decision,
    Exclusion,
    ReviewState,
    adopt_curriculum_reviews,
    current_checksum,
    ensure_schema,
    explain_unschedulable,
    file_checksum,
    latest_validation,
    needs_validation,
    record_review,
    record_validation,
    review_state,
    schedulable_durations,
)
from airclass.media.catalogue_errors import ReviewOrderError
from airclass.media.synthesize import build_demo_media
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from tests.utils.media_probe import validator_report
from tests.utils.tiny_catalogue_world import write_tiny_config

LECTURES = {"t-001": 2.0, "t-002": 2.4, "t-003": 2.8}
LEVELS = ["subject", "technical", "final"]


@pytest.fixture(scope="module")
def built_media(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, Path]:
    root = tmp_path_factory.mktemp("catalogue")
    world = write_tiny_config(root / "config", LECTURES)
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


def _validate(session: Session, world: World, media: Path, asset_id: str, verdict: str) -> str:
    path = media / world.assets[asset_id].path
    checksum = file_checksum(path)
    report = validator_report(path, verdict)
    record_validation(session, report, checksum=checksum, asset_id=asset_id, profile="preview")
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
    assert explain_unschedulable(session, world, media) == {"t-003": Exclusion.FAILED}


def test_review_pending_until_every_level_approves(
    session: Session, world: World, media: Path
) -> None:
    checksum = _validate(session, world, media, "t-001", "pass")
    _approve(session, "t-001", checksum, LEVELS[:2])
    assert review_state(session, checksum, LEVELS) is ReviewState.PENDING
    assert explain_unschedulable(session, world, media)["t-001"] is Exclusion.REVIEW_PENDING
    _approve(session, "t-001", checksum, LEVELS[2:])
    assert review_state(session, checksum, LEVELS) is ReviewState.APPROVED
    assert "t-001" in schedulable_durations(session, world, media)


def test_rejection_excludes_until_that_level_approves_again(
    session: Session, world: World, media: Path
) -> None:
    checksum = _validate(session, world, media, "t-001", "pass")
    _approve(session, "t-001", checksum)
    record_review(
        session, asset_id="t-001", checksum=checksum, reviewer="终审", level="final",
        decision="rejected", note="内容有误", levels=LEVELS,
    )  # fmt: skip
    assert review_state(session, checksum, LEVELS) is ReviewState.REJECTED
    assert explain_unschedulable(session, world, media)["t-001"] is Exclusion.REVIEW_REJECTED
    _approve(session, "t-001", checksum, ["final"])
    assert schedulable_durations(session, world, media) == {"t-001": 50}


def test_approval_out_of_order_refused(session: Session) -> None:
    with pytest.raises(ReviewOrderError) as info:
        _approve(session, "t-001", "a" * 64, ["final"])
    assert "subject, technical" in info.value.message("en")


def test_unknown_level_refused(session: Session) -> None:
    with pytest.raises(ReviewOrderError) as info:
        record_review(
            session, asset_id="t-001", checksum="a" * 64, reviewer="x", level="politics",
            decision="approved", levels=LEVELS,
        )  # fmt: skip
    assert "politics" in info.value.message("zh") and "subject" in info.value.message("zh")


def test_changed_file_invalidates_validation_and_review(
    session: Session, world: World, media: Path, edited_file: Path
) -> None:
    checksum = _validate(session, world, media, "t-001", "pass")
    _approve(session, "t-001", checksum)
    shutil.copy(edited_file, media / world.assets["t-001"].path)  # an editor replaced the file
    assert schedulable_durations(session, world, media) == {}
    assert explain_unschedulable(session, world, media)["t-001"] is Exclusion.CHECKSUM_CHANGED
    assert "t-001" in needs_validation(session, world, media)
    new = _validate(session, world, media, "t-001", "pass")
    assert explain_unschedulable(session, world, media)["t-001"] is Exclusion.CHECKSUM_CHANGED
    _approve(session, "t-001", new)
    assert schedulable_durations(session, world, media) == {"t-001": 55}


def test_missing_and_unvalidated_files_explained(
    session: Session, world: World, media: Path
) -> None:
    (media / world.assets["t-003"].path).unlink()
    reasons = explain_unschedulable(session, world, media)
    assert reasons == {
        "t-001": Exclusion.NOT_VALIDATED,
        "t-002": Exclusion.NOT_VALIDATED,
        "t-003": Exclusion.MISSING_FILE,
    }


def test_needs_validation_lists_only_new_files(session: Session, world: World, media: Path) -> None:
    assert needs_validation(session, world, media) == ["t-001", "t-002", "t-003"]
    _validate(session, world, media, "t-002", "fail")
    assert needs_validation(session, world, media) == ["t-001", "t-003"]


def test_catalogue_survives_a_new_session(engine: Engine, world: World, media: Path) -> None:
    with session_scope(engine) as session:
        _approve(session, "t-001", _validate(session, world, media, "t-001", "pass"))
    with session_scope(engine) as session:
        assert schedulable_durations(session, world, media) == {"t-001": 50}


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


def test_adopt_curriculum_reviews_signs_what_the_config_declares(
    session: Session, world: World, media: Path, tmp_path: Path
) -> None:
    grade = world.root / "curricula" / "grade-3.toml"
    declared = tmp_path / "config"
    shutil.copytree(world.root, declared)
    text = grade.read_text(encoding="utf-8").replace(
        'asset = "t-002"', 'asset = "t-002"\nreview = "approved"'
    )
    text = text.replace('asset = "t-003"', 'asset = "t-003"\nreview = "rejected"')
    (declared / "curricula" / "grade-3.toml").write_text(text, encoding="utf-8")
    declared_world = load_world(declared)
    for asset_id in LECTURES:
        _validate(session, declared_world, media, asset_id, "pass")
    assert adopt_curriculum_reviews(session, declared_world, media, reviewer="demo") == 3 + 1
    assert adopt_curriculum_reviews(session, declared_world, media, reviewer="demo") == 0
    assert schedulable_durations(session, declared_world, media) == {"t-002": 60}
    assert explain_unschedulable(session, declared_world, media) == {
        "t-001": Exclusion.REVIEW_PENDING,
        "t-003": Exclusion.REVIEW_REJECTED,
    }
