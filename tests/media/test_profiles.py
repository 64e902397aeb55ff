"""Media profiles are cited config; `extends` replaces whole tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from airclass.config.errors import ConfigError
from airclass.config.profiles import load_profile, profile_names


def test_packaged_profiles_load_with_citations() -> None:
    names = profile_names()
    assert {"broadcast-hd", "broadcast-sd", "preview", "broadcast-hd-r128"} <= set(names)
    for name in names:
        profile = load_profile(name)
        assert profile.loudness is not None and profile.loudness.source
        assert profile.video.frame_rate.fps == 25


def test_r128_replaces_only_loudness() -> None:
    base, r128 = load_profile("broadcast-hd"), load_profile("broadcast-hd-r128")
    assert (r128.loudness.target_lufs, r128.loudness.max_peak_dbtp) == (-23.0, -1.0)  # type: ignore[union-attr]
    assert r128.loudness.source == "EBU R128 (2020)"  # type: ignore[union-attr]
    assert r128.video == base.video


def test_sd_allows_both_aspects() -> None:
    assert load_profile("broadcast-sd").video.display_aspects == ["4:3", "16:9"]


def test_unknown_profile_lists_known_ones() -> None:
    with pytest.raises(ConfigError, match="broadcast-hd"):
        load_profile("nope")


def test_bad_value_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    text = (Path(__file__).parents[2] / "config/profiles/broadcast-hd.toml").read_text("utf-8")
    bad.write_text(text.replace('sizes = ["1920x1080"]', 'sizes = ["1920 by 1080"]'), "utf-8")
    with pytest.raises(ConfigError, match="video.sizes"):
        load_profile(bad)
