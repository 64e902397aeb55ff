"""Sound: 48 kHz, channels and layout, integrated loudness and peak."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from airclass.config.profiles import load_profile
from airclass.media import FileReport

from tests.media.conftest import codes

SPIKES = "aevalsrc=0.08*sin(2*PI*1000*t)+if(lt(mod(t\\,0.5)\\,0.002)\\,0.9\\,0):s=48000:d={d}"
"""A quiet tone with short near-full-scale clicks: loudness barely moves, the peak does."""


def test_good_file_loudness_near_target(good_file: Path, check: Callable[..., FileReport]) -> None:
    report = check(good_file)
    assert abs(report.measured["integrated_lufs"] - -24) < 1
    assert not codes(report) & {"loudness.integrated", "loudness.sample_peak"}


def test_sample_rate_44100_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    report = check(lavfi_file("44k.mp4", audio="sine=f=1000:r=44100:d={d},volume=-3dB"))
    found = next(f for f in report.findings if f.code == "audio.sample_rate")
    assert "44100" in found.message and "48000" in found.message


def test_six_channels_fail(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    report = check(lavfi_file("surround.mp4", audio_codec=["-c:a", "aac", "-ac", "6"]))
    assert "audio.channels" in codes(report)


def test_mono_fails_broadcast_stereo_layout(
    good_file: Path, check: Callable[..., FileReport]
) -> None:
    report = check(good_file, profile=load_profile("broadcast-hd"))
    assert "audio.channels" in codes(report)


def test_too_loud_fails(lavfi_file: Callable[..., Path], check: Callable[..., FileReport]) -> None:
    report = check(lavfi_file("loud.mp4", audio="sine=f=1000:r=48000:d={d},volume=6dB"))
    found = next(f for f in report.findings if f.code == "loudness.integrated")
    assert "-24.0 ± 2.0" in found.message


def test_peak_over_ceiling_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    report = check(lavfi_file("spikes.mp4", audio=SPIKES))
    assert "loudness.sample_peak" in codes(report)


def test_true_peak_profile_measures_true_peak(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    report = check(lavfi_file("spikes.mp4", audio=SPIKES), profile=load_profile("broadcast-hd"))
    assert "loudness.true_peak" in codes(report)


def test_r128_is_stricter_than_gy_t_282(good_file: Path, check: Callable[..., FileReport]) -> None:
    gy = check(good_file, profile=load_profile("broadcast-hd"))
    r128 = check(good_file, profile=load_profile("broadcast-hd-r128"))
    assert "loudness.integrated" not in codes(gy)
    assert "loudness.integrated" in codes(r128)
