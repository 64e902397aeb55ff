"""Add an SCTE-35 cue stream to an MPEG-TS file, as a broadcaster's splicer would (SCTE 35).

ffmpeg's mpegts muxer writes no SCTE-35 of its own (it can only pass an existing cue stream
through), so this writes the two tables by hand: the PMT gains the 'CUEI' registration
descriptor and an elementary stream of type 0x86, and one splice_insert section (out of network,
a 30-second break) goes out on that PID. ffprobe then lists a `scte_35` data stream.
"""

from __future__ import annotations

from pathlib import Path

PACKET = 188
CUE_PID = 0x1F0
_CUEI = b"\x05\x04CUEI"  # registration_descriptor, format_identifier 'CUEI'


def crc32_mpeg2(data: bytes) -> int:
    """The CRC that closes every MPEG-TS section (polynomial 0x04C11DB7, no reflection)."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def with_scte35_cue(source: Path, target: Path) -> Path:
    """Copy `source` (an MPEG-TS file) to `target` with an SCTE-35 PID and one splice_insert."""
    data = source.read_bytes()
    packets = [bytearray(data[i : i + PACKET]) for i in range(0, len(data), PACKET)]
    assert all(p[0] == 0x47 for p in packets) and len(data) % PACKET == 0, "not MPEG-TS"
    pmt_pid = _pmt_pid(packets)
    out: list[bytes] = []
    cued = False
    for packet in packets:
        if _pid(packet) == pmt_pid and packet[1] & 0x40:
            packet = _with_cue_in_pmt(packet)
            out.append(bytes(packet))
            if not cued:
                out.append(_cue_packet())
                cued = True
            continue
        out.append(bytes(packet))
    assert cued, "no PMT found"
    target.write_bytes(b"".join(out))
    return target


def _pid(packet: bytes | bytearray) -> int:
    return ((packet[1] & 0x1F) << 8) | packet[2]


def _section(packet: bytes | bytearray) -> bytes:
    """The section a payload-only packet starts (after its pointer field)."""
    assert packet[3] & 0x30 == 0x10, "expected a payload-only packet"
    pointer = packet[4]
    section = packet[5 + pointer :]
    length = ((section[1] & 0x0F) << 8) | section[2]
    return bytes(section[: 3 + length])


def _pmt_pid(packets: list[bytearray]) -> int:
    pat = _section(next(p for p in packets if _pid(p) == 0 and p[1] & 0x40))
    loop = pat[8:-4]
    for i in range(0, len(loop), 4):
        if int.from_bytes(loop[i : i + 2], "big") != 0:  # program 0 is the network PID
            return int.from_bytes(loop[i + 2 : i + 4], "big") & 0x1FFF
    raise AssertionError("PAT names no program")


def _with_cue_in_pmt(packet: bytearray) -> bytearray:
    section = _section(packet)
    body = section[:-4]
    info_length = int.from_bytes(body[10:12], "big") & 0x0FFF
    info, streams = body[12 : 12 + info_length], body[12 + info_length :]
    info = _CUEI + info
    cue_stream = bytes([0x86, 0xE0 | CUE_PID >> 8, CUE_PID & 0xFF, 0xF0, 0x00])
    body = body[:10] + (0xF000 | len(info)).to_bytes(2, "big") + info + streams + cue_stream
    length = len(body) - 3 + 4
    body = body[:1] + bytes([(body[1] & 0xF0) | length >> 8, length & 0xFF]) + body[3:]
    payload = b"\x00" + body + crc32_mpeg2(body).to_bytes(4, "big")
    assert len(payload) <= PACKET - 4, "PMT no longer fits one packet"
    return bytearray(bytes(packet[:4]) + payload.ljust(PACKET - 4, b"\xff"))


def _cue_packet() -> bytes:
    """One TS packet with a splice_info_section: splice_insert, out of network, 30 s, now."""
    duration = 30 * 90_000  # 90 kHz
    command = (
        (1).to_bytes(4, "big")  # splice_event_id
        + b"\x7f"  # not cancelled
        + b"\xff"  # out of network, whole programme, with duration, immediate
        + ((1 << 39) | (0x3F << 33) | duration).to_bytes(5, "big")  # auto-return break
        + (1).to_bytes(2, "big")  # unique_program_id
        + b"\x00\x00"  # avail_num, avails_expected
    )
    rest = (
        b"\x00"  # protocol_version
        + b"\x00" * 5  # not encrypted, pts_adjustment 0
        + b"\x00"  # cw_index
        + ((0xFFF << 12) | len(command)).to_bytes(3, "big")  # tier, splice_command_length
        + b"\x05"  # splice_insert
        + command
        + b"\x00\x00"  # descriptor_loop_length
    )
    head = b"\xfc" + (0x3000 | (len(rest) + 4)).to_bytes(2, "big")
    section = head + rest
    section += crc32_mpeg2(section).to_bytes(4, "big")
    header = bytes([0x47, 0x40 | CUE_PID >> 8, CUE_PID & 0xFF, 0x10])
    return (header + b"\x00" + section).ljust(PACKET, b"\xff")
