"""Read the presentation timestamps of an MPEG-TS file's video frames, without ffmpeg.

ffprobe is the first choice; some static ffmpeg builds crash on any MPEG-TS input, so
`playout verify` falls back to this reader. It walks the 188-byte packets, finds the video
PID through the PAT and PMT, and takes the PTS of every PES packet that starts on that PID
(ffmpeg's muxer writes one video frame per PES packet).
"""

from __future__ import annotations

from pathlib import Path

PACKET = 188
TIME_BASE = 90_000
"""MPEG-TS timestamps count a 90 kHz clock."""
VIDEO_STREAM_TYPES = frozenset({0x01, 0x02, 0x10, 0x1B, 0x24, 0x42, 0xD1, 0xEA})


def video_pts(path: Path) -> list[int]:
    """PTS of each video frame in file order, in 1/90000 s."""
    data = path.read_bytes()
    pmt_pid = video_pid = None
    stamps: list[int] = []
    for offset in range(0, len(data) - PACKET + 1, PACKET):
        packet = data[offset : offset + PACKET]
        if packet[0] != 0x47:
            raise ValueError(f"{path}: lost MPEG-TS sync at byte {offset}")
        pid = ((packet[1] & 0x1F) << 8) | packet[2]
        starts = bool(packet[1] & 0x40)
        payload = _payload(packet)
        if not starts or payload is None:
            continue
        if pid == 0 and pmt_pid is None:
            pmt_pid = _pmt_pid(payload)
        elif pid == pmt_pid and video_pid is None:
            video_pid = _video_pid(payload)
        elif pid == video_pid and (pts := _pes_pts(payload)) is not None:
            stamps.append(pts)
    return stamps


def _payload(packet: bytes) -> bytes | None:
    control = (packet[3] >> 4) & 0x3
    if control in (0, 2):
        return None
    start = 4 + (1 + packet[4] if control == 3 else 0)
    return packet[start:]


def _section(payload: bytes) -> bytes:
    """A PSI section without its pointer field."""
    return payload[1 + payload[0] :]


def _pmt_pid(payload: bytes) -> int | None:
    section = _section(payload)
    length = ((section[1] & 0x0F) << 8) | section[2]
    for i in range(8, 3 + length - 4, 4):
        program = (section[i] << 8) | section[i + 1]
        if program != 0:
            return ((section[i + 2] & 0x1F) << 8) | section[i + 3]
    return None


def _video_pid(payload: bytes) -> int | None:
    section = _section(payload)
    length = ((section[1] & 0x0F) << 8) | section[2]
    i = 12 + (((section[10] & 0x0F) << 8) | section[11])
    while i < 3 + length - 4:
        stream_type = section[i]
        pid = ((section[i + 1] & 0x1F) << 8) | section[i + 2]
        if stream_type in VIDEO_STREAM_TYPES:
            return pid
        i += 5 + (((section[i + 3] & 0x0F) << 8) | section[i + 4])
    return None


def _pes_pts(payload: bytes) -> int | None:
    if payload[:3] != b"\x00\x00\x01" or not payload[7] & 0x80:
        return None
    b = payload[9:14]
    return ((b[0] >> 1) & 0x07) << 30 | b[1] << 22 | (b[2] >> 1) << 15 | b[3] << 7 | b[4] >> 1
