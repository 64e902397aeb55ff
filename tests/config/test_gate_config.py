"""The gate's config: each channel's acceptance profile (C4, L3), the review levels (C5) and the
demo's sign-offs, each wrong value named with its file and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from airclass.config import ConfigError, load_world
from airclass.config.loader import load_demo_reviews

from tests.config.conftest import DEMO, edit, problems_of


def test_demo_channels_openly_accept_preview_files_and_levels_follow_the_seeds() -> None:
    world = load_world(DEMO)
    assert {c.acceptance_profile for c in world.channels} == {"preview"}
    assert "never for air" in (DEMO / "channels.toml").read_text(encoding="utf-8")
    review = world.policy.review
    assert review.level_ids == ["political", "scientific", "technical"]  # 000 §四(五)
    assert review.policy == "C5" and "000 §四(五)" in review.source


def test_demo_sign_offs_are_three_people_and_four_held_lessons() -> None:
    world = load_world(DEMO)
    reviews = load_demo_reviews(world)
    assert reviews is not None
    assert set(reviews.reviewers) == set(world.policy.review.level_ids)
    assert len(set(reviews.reviewers.values())) == 3
    assert {(h.asset, h.decision) for h in reviews.held} == {
        ("g04-yuwen-003", "pending"),
        ("g06-kexue-002", "rejected"),
        ("g08-shuxue-002", "pending"),
        ("g11-wuli-002", "pending"),
    }


def test_a_channel_without_an_acceptance_profile_is_named(demo_copy: Path) -> None:
    edit(demo_copy / "channels.toml", 'acceptance_profile = "preview"', "")
    (problem,) = problems_of(demo_copy)
    assert "channels.toml" in problem and "channel[0].acceptance_profile" in problem
    assert "required" in problem


def test_an_unknown_acceptance_profile_lists_the_known_ones(demo_copy: Path) -> None:
    edit(demo_copy / "channels.toml", '"preview"', '"cinema-4k"')
    (problem,) = problems_of(demo_copy)
    assert "channel[0].acceptance_profile" in problem and "cinema-4k" in problem
    assert "broadcast-hd" in problem


def test_one_person_for_two_levels_is_refused(demo_copy: Path) -> None:
    edit(demo_copy / "demo-reviews.toml", "演示·学科教研组 陈立", "演示·政治性审核组 周敏")
    with pytest.raises(ConfigError) as info:
        load_demo_reviews(load_world(demo_copy))
    assert "different reviewer" in str(info.value.problems[0])


def test_demo_reviews_must_name_the_policys_levels_and_assets(demo_copy: Path) -> None:
    edit(demo_copy / "demo-reviews.toml", "technical = ", "final = ")
    edit(demo_copy / "demo-reviews.toml", 'asset = "g04-yuwen-003"', 'asset = "g04-nope"')
    with pytest.raises(ConfigError) as info:
        load_demo_reviews(load_world(demo_copy))
    problems = [str(p) for p in info.value.problems]
    assert any("reviewers" in p and "political" in p for p in problems)
    assert any("held[0].asset" in p and "g04-nope" in p for p in problems)
