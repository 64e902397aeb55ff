"""Bad input: every path gets its own error or fail verdict and the batch goes on."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from airclass.media import Verdict, validate_paths


@pytest.fixture(scope="module")
def bad_inputs(
    good_file: Path, lavfi_file: Callable[..., Path], build: Callable[..., Path], media_dir: Path
) -> dict[str, Path]:
    folder = media_dir / "bad inputs 坏文件"
    folder.mkdir(exist_ok=True)
    notes = folder / "only notes"
    notes.mkdir(exist_ok=True)
    (notes / "readme.txt").write_text("not media", encoding="utf-8")
    (folder / "empty.mp4").write_bytes(b"")
    (folder / "text.mp4").write_text("这不是视频 this is not a video\n" * 50, encoding="utf-8")
    index_last = build("index-last.mov", "-i", str(good_file), "-c", "copy")
    data = index_last.read_bytes()
    (folder / "truncated-index-last.mov").write_bytes(data[: len(data) // 2])
    data = good_file.read_bytes()  # index first (faststart): the head still plays
    (folder / "truncated-index-first.mp4").write_bytes(data[: len(data) // 2])
    named = folder / "第一课 lesson 1.mp4"
    shutil.copyfile(good_file, named)
    return {
        "missing": folder / "no such file.mp4",
        "no media": notes,
        "empty": folder / "empty.mp4",
        "text": folder / "text.mp4",
        "truncated, index last": folder / "truncated-index-last.mov",
        "truncated, index first": folder / "truncated-index-first.mp4",
        "audio only": lavfi_file("audio-only.mp4", video=None),
        "video only": lavfi_file("video-only.mp4", audio=None),
        "unicode name": named,
    }


EXPECTED = {
    "missing": (Verdict.ERROR, "missing"),
    "no media": (Verdict.ERROR, "no_media_in_folder"),
    "empty": (Verdict.ERROR, "empty"),
    "text": (Verdict.ERROR, "not_media"),
    "truncated, index last": (Verdict.ERROR, "not_media"),
    "truncated, index first": (Verdict.FAIL, "decode.short"),
    "audio only": (Verdict.FAIL, "streams.video_count"),
    "video only": (Verdict.FAIL, "streams.no_audio"),
}


def test_batch_gives_each_bad_input_its_verdict(bad_inputs: dict[str, Path]) -> None:
    names = list(bad_inputs)
    seen: list[int] = []
    reports = validate_paths(
        [bad_inputs[n] for n in names],
        profile="preview",
        jobs=2,
        lang="en",
        on_progress=lambda done, total, _report: seen.append(done),
    )
    assert len(reports) == len(names) and sorted(seen) == list(range(1, len(names) + 1))
    for name, report in zip(names, reports, strict=True):
        if name == "unicode name":
            assert report.verdict is Verdict.PASS, report.findings
            assert report.path.endswith("第一课 lesson 1.mp4")
            continue
        verdict, code = EXPECTED[name]
        assert report.verdict is verdict, (name, report.findings)
        assert code in {f.code for f in report.findings}, (name, report.findings)
        assert all("Traceback" not in f.message for f in report.findings)


def test_missing_path_message_says_how_to_fix(bad_inputs: dict[str, Path]) -> None:
    (report,) = validate_paths([bad_inputs["missing"]], profile="preview", lang="zh")
    assert "路径不存在" in report.findings[0].message
    assert report.to_json()["verdict"] == "error"


def test_folder_expands_to_its_media_files(bad_inputs: dict[str, Path]) -> None:
    folder = bad_inputs["empty"].parent
    reports = validate_paths([folder], profile="preview", lang="en")
    names = sorted(Path(r.path).name for r in reports)
    assert names == [
        "empty.mp4",
        "text.mp4",
        "truncated-index-first.mp4",
        "truncated-index-last.mov",
        "第一课 lesson 1.mp4",
    ]
