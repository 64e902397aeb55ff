"""Picture format: size, exact frame rate, field order (signalled and measured), SAR/DAR,
pixel format and colour range."""

from __future__ import annotations

from airclass.config.schema.profile import size_of
from airclass.media.evidence import Evidence, listed
from airclass.media.probe import Stream
from airclass.media.report import Finding, Severity


def check(ev: Evidence) -> list[Finding]:
    stream = ev.video_stream
    if stream is None:
        return []
    return [
        *_size(ev, stream),
        *_frame_rate(ev, stream),
        *_field_order(ev, stream),
        *_aspect(ev, stream),
        *_pixels(ev, stream),
    ]


def _fail(ev: Evidence, code: str, **fields: object) -> Finding:
    return ev.finding(code, Severity.FAIL, policy=ev.profile.video.policy, **fields)


def _size(ev: Evidence, stream: Stream) -> list[Finding]:
    rule = ev.profile.video
    width, height = stream.width or 0, stream.height or 0
    found = f"{width}x{height}"
    if rule.sizes:
        ok = found in rule.sizes
        allowed = listed(rule.sizes)
    else:
        min_w, min_h = size_of(rule.min_size or "0x0")
        ok = width >= min_w and height >= min_h
        allowed = f"≥ {rule.min_size}"
    return [] if ok else [_fail(ev, "video.resolution", found=found, allowed=allowed)]


def _frame_rate(ev: Evidence, stream: Stream) -> list[Finding]:
    expected = ev.profile.video.frame_rate
    found = stream.frame_rate
    if found == expected:
        return []
    return [_fail(ev, "video.frame_rate", found=found or "?", expected=expected)]


def _field_order(ev: Evidence, stream: Stream) -> list[Finding]:
    rule = ev.profile.video
    signalled = _signalled_order(stream.field_order)
    findings = []
    if signalled is not None and signalled not in rule.field_orders:
        findings.append(
            _fail(ev, "video.field_order", found=signalled, allowed=listed(rule.field_orders))
        )
    measured = (
        ev.video.fields.measured_order(ev.profile.analysis.field_order_dominance)
        if ev.video
        else None
    )
    if measured is not None and measured != (signalled or "progressive"):
        findings.append(
            _fail(ev, "video.field_mismatch", signalled=signalled or "unknown", measured=measured)
        )
    return findings


def _signalled_order(value: str) -> str | None:
    """ffprobe's field_order → 'progressive', 'tt', 'bb'; tb/bt (swapped) count by display order."""
    return {"progressive": "progressive", "tt": "tt", "tb": "tt", "bb": "bb", "bt": "bb"}.get(value)


def _aspect(ev: Evidence, stream: Stream) -> list[Finding]:
    rule = ev.profile.video
    sar, dar = stream.sample_aspect_ratio or "1:1", stream.display_aspect_ratio or "?"
    if sar == "0:1":  # unsignalled: square pixels
        sar = "1:1"
    sar_ok = not rule.sample_aspects or sar in rule.sample_aspects
    dar_ok = not rule.display_aspects or dar in rule.display_aspects
    if sar_ok and dar_ok:
        return []
    return [
        _fail(
            ev,
            "video.aspect",
            sar=sar,
            dar=dar,
            allowed_sar=listed(rule.sample_aspects) or "*",
            allowed_dar=listed(rule.display_aspects) or "*",
        )
    ]


def _pixels(ev: Evidence, stream: Stream) -> list[Finding]:
    rule = ev.profile.video
    findings = []
    if stream.pix_fmt not in rule.pix_fmts:
        findings.append(
            _fail(ev, "video.pix_fmt", found=stream.pix_fmt or "?", allowed=listed(rule.pix_fmts))
        )
    if stream.color_range not in rule.color_ranges:
        findings.append(
            _fail(
                ev, "video.color_range", found=stream.color_range, allowed=listed(rule.color_ranges)
            )
        )
    return findings
