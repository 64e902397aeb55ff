"""Write a long MP4 by repeating the samples of short ones, without re-encoding.

ffmpeg's `-stream_loop N -c copy` hands every packet between threads (about 30 µs each here), so a
20-minute file takes seconds, and it repeats the AAC priming packet on every loop (the audio
grows ~21 ms per loop). This module writes the MP4 boxes itself: one loop of H.264 samples (a
closed GOP, no B-frames) and one loop of steady-state AAC packets are laid out as often as
needed, the sample tables are written from their sizes, and an edit list skips the priming.

>>> loop = read_track(Path("video.mp4"), "vide")  # doctest: +SKIP
>>> write_looped(out, video=LoopedTrack(loop, count=30_000), audio=...)  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import math
import struct
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

_CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf"})
_U32_MAX = 2**32 - 1


@dataclass
class Box:
    """One ISO-BMFF box: a leaf with a payload, or a container with children."""

    kind: bytes
    payload: bytes = b""
    children: list[Box] = field(default_factory=list)

    def child(self, kind: bytes) -> Box:
        for box in self.children:
            if box.kind == kind:
                return box
        raise KeyError(kind.decode())

    def find(self, *kinds: bytes) -> Box:
        box = self
        for kind in kinds:
            box = box.child(kind)
        return box

    def to_bytes(self) -> bytes:
        body = (
            b"".join(c.to_bytes() for c in self.children)
            if self.kind in _CONTAINERS
            else self.payload
        )
        return struct.pack(">I4s", 8 + len(body), self.kind) + body


def parse_boxes(data: bytes, start: int = 0, end: int | None = None) -> list[Box]:
    """Split `data[start:end]` into boxes, descending into the container kinds."""
    end = len(data) if end is None else end
    boxes: list[Box] = []
    while start + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, start)
        header = 8
        if size == 1:
            (size,) = struct.unpack_from(">Q", data, start + 8)
            header = 16
        elif size == 0:
            size = end - start
        body = (start + header, start + size)
        if kind in _CONTAINERS:
            boxes.append(Box(kind, children=parse_boxes(data, *body)))
        else:
            boxes.append(Box(kind, payload=data[body[0] : body[1]]))
        start += size
    return boxes


@dataclass(frozen=True)
class TrackLoop:
    """The samples of one track to repeat, with the boxes that describe them."""

    trak: Box
    ftyp: Box
    mvhd: Box
    timescale: int
    delta: int
    """Duration of every sample, in `timescale` units."""
    prelude: tuple[bytes, ...]
    """Samples played once before the loop (AAC priming), hidden by the edit list."""
    unit: tuple[bytes, ...]
    unit_sync: tuple[bool, ...]
    skip: int
    """Media time the edit list skips at the start."""


def _u32s(payload: bytes, offset: int, count: int) -> tuple[int, ...]:
    return struct.unpack_from(f">{count}I", payload, offset)


def _sample_sizes(stbl: Box) -> list[int]:
    payload = stbl.child(b"stsz").payload
    uniform, count = struct.unpack_from(">II", payload, 4)
    return [uniform] * count if uniform else list(_u32s(payload, 12, count))


def _chunk_offsets(stbl: Box) -> list[int]:
    for kind, fmt in ((b"stco", "I"), (b"co64", "Q")):
        try:
            payload = stbl.child(kind).payload
        except KeyError:
            continue
        (count,) = struct.unpack_from(">I", payload, 4)
        return list(struct.unpack_from(f">{count}{fmt}", payload, 8))
    raise ValueError("MP4 track has neither stco nor co64")


def _sample_offsets(stbl: Box, sizes: list[int]) -> list[int]:
    payload = stbl.child(b"stsc").payload
    (entries,) = struct.unpack_from(">I", payload, 4)
    runs = [_u32s(payload, 8 + 12 * i, 3)[:2] for i in range(entries)]
    chunks = _chunk_offsets(stbl)
    offsets: list[int] = []
    for index, chunk_offset in enumerate(chunks, start=1):
        per_chunk = next(n for first, n in reversed(runs) if first <= index)
        position = chunk_offset
        for size in sizes[len(offsets) : len(offsets) + per_chunk]:
            offsets.append(position)
            position += size
    return offsets


def _uniform_delta(stbl: Box) -> int:
    payload = stbl.child(b"stts").payload
    (entries,) = struct.unpack_from(">I", payload, 4)
    # The last sample may carry a shorter delta (a stream's tail); the steady one comes first.
    return _u32s(payload, 8, 2 * entries)[1]


def _sync_flags(stbl: Box, count: int) -> list[bool]:
    try:
        payload = stbl.child(b"stss").payload
    except KeyError:
        return [True] * count
    (entries,) = struct.unpack_from(">I", payload, 4)
    sync = set(_u32s(payload, 8, entries))
    return [n + 1 in sync for n in range(count)]


def _edit_skip(trak: Box) -> int:
    try:
        payload = trak.find(b"edts", b"elst").payload
    except KeyError:
        return 0
    version = payload[0]
    fmt = ">Qq" if version == 1 else ">Ii"
    _, media_time = struct.unpack_from(fmt, payload, 8)
    return max(media_time, 0)


def read_track(path: Path, handler: str, *, start: int = 0, length: int | None = None) -> TrackLoop:
    """The track with `handler` ('vide'/'soun') of a short MP4; the loop is samples
    [start, start + length) after the priming samples its edit list skips."""
    data = path.read_bytes()
    top = {box.kind: box for box in parse_boxes(data)}
    moov = top[b"moov"]
    trak = next(t for t in moov.children if t.kind == b"trak" and _handler(t) == handler)
    stbl = trak.find(b"mdia", b"minf", b"stbl")
    if any(box.kind == b"ctts" for box in stbl.children):
        raise ValueError(f"{path.name}: reordered frames (B-frames) cannot be looped")
    sizes = _sample_sizes(stbl)
    samples = [data[o : o + s] for o, s in zip(_sample_offsets(stbl, sizes), sizes, strict=True)]
    timescale = struct.unpack_from(">I", trak.find(b"mdia", b"mdhd").payload, 12)[0]
    delta, skip = _uniform_delta(stbl), _edit_skip(trak)
    primed = math.ceil(skip / delta)
    first = primed + start
    last = len(samples) if length is None else first + length
    if last > len(samples) or first < primed:
        raise ValueError(
            f"{path.name}: {handler} loop [{first}, {last}) outside {len(samples)} samples"
        )
    sync = _sync_flags(stbl, len(samples))
    return TrackLoop(
        trak=trak,
        ftyp=top[b"ftyp"],
        mvhd=moov.child(b"mvhd"),
        timescale=timescale,
        delta=delta,
        prelude=tuple(samples[first - primed : first]),
        unit=tuple(samples[first:last]),
        unit_sync=tuple(sync[first:last]),
        skip=skip,
    )


def _handler(trak: Box) -> str:
    return trak.find(b"mdia", b"hdlr").payload[8:12].decode()


@dataclass(frozen=True)
class LoopedTrack:
    """A track of the output: `count` samples of `loop.unit` repeated (after its prelude).

    Chunk `n` holds the `n`-th repetition (the last one cut short); chunk 0 also the prelude.
    """

    loop: TrackLoop
    count: int

    def chunks(self) -> int:
        return math.ceil(self.count / len(self.loop.unit))

    def chunk_length(self, chunk: int) -> int:
        """Samples in chunk `chunk`."""
        unit = len(self.loop.unit)
        body = min(unit, self.count - chunk * unit)
        return body + (len(self.loop.prelude) if chunk == 0 else 0)

    def chunk_bytes(self, chunk: int) -> bytes:
        unit = len(self.loop.unit)
        head = b"".join(self.loop.prelude) if chunk == 0 else b""
        body = min(unit, self.count - chunk * unit)
        return head + (self._whole_unit if body == unit else b"".join(self.loop.unit[:body]))

    def chunk_size(self, chunk: int) -> int:
        unit = len(self.loop.unit)
        head = sum(map(len, self.loop.prelude)) if chunk == 0 else 0
        body = min(unit, self.count - chunk * unit)
        return head + (len(self._whole_unit) if body == unit else sum(self._unit_sizes[:body]))

    def sizes(self) -> list[int]:
        repeats, rest = divmod(self.count, len(self.loop.unit))
        prelude = [len(s) for s in self.loop.prelude]
        return prelude + self._unit_sizes * repeats + self._unit_sizes[:rest]

    def sync_numbers(self) -> list[int] | None:
        """1-based sync sample numbers, or None when every sample is a sync sample."""
        if all(self.loop.unit_sync) and not self.loop.prelude:
            return None
        unit = len(self.loop.unit)
        first = len(self.loop.prelude) + 1
        marks = [i for i, is_sync in enumerate(self.loop.unit_sync) if is_sync]
        starts = range(0, self.count, unit)
        return [first + start + i for start in starts for i in marks if start + i < self.count]

    @functools.cached_property
    def _whole_unit(self) -> bytes:
        return b"".join(self.loop.unit)

    @functools.cached_property
    def _unit_sizes(self) -> list[int]:
        return [len(s) for s in self.loop.unit]


def audio_samples_for(video: TrackLoop, frames: int, audio: TrackLoop) -> int:
    """How many audio samples (packets) cover `frames` video frames, rounding up."""
    media = Fraction(frames * video.delta, video.timescale) * audio.timescale
    return math.ceil(media / audio.delta)


Layout = list[tuple[int, int]]
"""(track number, chunk number) in file order."""


def write_looped(path: Path, *, video: LoopedTrack, audio: LoopedTrack) -> None:
    """Write `path` (ftyp, moov, mdat) holding both tracks, interleaved one loop per chunk."""
    tracks = (video, audio)
    layout = _layout(tracks)
    ftyp = video.loop.ftyp.to_bytes()
    data_size = sum(tracks[number].chunk_size(chunk) for number, chunk in layout)
    large = data_size + 16 > _U32_MAX
    header = 16 if large else 8
    draft = _moov(tracks, layout, base=0, large=large).to_bytes()
    moov = _moov(tracks, layout, base=len(ftyp) + len(draft) + header, large=large).to_bytes()
    with path.open("wb") as out:
        out.write(ftyp)
        out.write(moov)
        if large:
            out.write(struct.pack(">I4sQ", 1, b"mdat", data_size + 16))
        else:
            out.write(struct.pack(">I4s", data_size + 8, b"mdat"))
        for number, chunk in layout:
            out.write(tracks[number].chunk_bytes(chunk))


def _layout(tracks: tuple[LoopedTrack, ...]) -> Layout:
    """The tracks' chunks alternating loop by loop."""
    return [
        (number, chunk)
        for chunk in range(max(t.chunks() for t in tracks))
        for number, track in enumerate(tracks)
        if chunk < track.chunks()
    ]


def _chunk_offsets_of(
    layout: Layout, tracks: tuple[LoopedTrack, ...], base: int
) -> list[list[int]]:
    offsets: list[list[int]] = [[] for _ in tracks]
    position = base
    for number, chunk in layout:
        offsets[number].append(position)
        position += tracks[number].chunk_size(chunk)
    return offsets


def _moov(tracks: tuple[LoopedTrack, ...], layout: Layout, *, base: int, large: bool) -> Box:
    video = tracks[0].loop
    movie_scale = struct.unpack_from(">I", video.mvhd.payload, 12)[0]
    duration = Fraction(tracks[0].count * video.delta, video.timescale) * movie_scale
    movie_duration = math.ceil(duration)
    offsets = _chunk_offsets_of(layout, tracks, base)
    traks = [
        _trak(track, track_id, movie_duration, offsets[track_id - 1], large)
        for track_id, track in enumerate(tracks, start=1)
    ]
    mvhd = _patched(
        video.mvhd.payload, {16: movie_duration, len(video.mvhd.payload) - 4: len(tracks) + 1}
    )
    return Box(b"moov", children=[Box(b"mvhd", mvhd), *traks])


def _patched(payload: bytes, fields: dict[int, int]) -> bytes:
    """`payload` with 32-bit fields replaced; version-1 boxes are not expected from ffmpeg."""
    if payload[0] != 0:
        raise ValueError("only version-0 mvhd/tkhd/mdhd boxes can be patched")
    data = bytearray(payload)
    for offset, value in fields.items():
        if value > _U32_MAX:
            raise ValueError(f"value {value} does not fit a 32-bit MP4 field")
        struct.pack_into(">I", data, offset, value)
    return bytes(data)


def _trak(
    track: LoopedTrack,
    track_id: int,
    movie_duration: int,
    chunk_offsets: list[int],
    large: bool,
) -> Box:
    loop = track.loop
    tkhd = _patched(loop.trak.child(b"tkhd").payload, {12: track_id, 20: movie_duration})
    mdia = loop.trak.child(b"mdia")
    samples = len(loop.prelude) + track.count
    mdhd = _patched(mdia.child(b"mdhd").payload, {16: samples * loop.delta})
    elst = struct.pack(">4xIIiI", 1, movie_duration, loop.skip, 0x00010000)
    minf = mdia.child(b"minf")
    per_chunk = [track.chunk_length(chunk) for chunk in range(track.chunks())]
    stbl = _stbl(track, chunk_offsets, per_chunk, large)
    new_minf = replace(minf, children=[c if c.kind != b"stbl" else stbl for c in minf.children])
    new_mdia = replace(
        mdia,
        children=[
            Box(b"mdhd", mdhd) if c.kind == b"mdhd" else new_minf if c.kind == b"minf" else c
            for c in mdia.children
        ],
    )
    return Box(
        b"trak",
        children=[Box(b"tkhd", tkhd), Box(b"edts", children=[Box(b"elst", elst)]), new_mdia],
    )


def _stbl(track: LoopedTrack, chunk_offsets: list[int], per_chunk: list[int], large: bool) -> Box:
    loop = track.loop
    sizes = track.sizes()
    boxes = [
        loop.trak.find(b"mdia", b"minf", b"stbl", b"stsd"),
        Box(b"stts", struct.pack(">4xIII", 1, len(sizes), loop.delta)),
    ]
    if (sync := track.sync_numbers()) is not None:
        boxes.append(Box(b"stss", struct.pack(f">4xI{len(sync)}I", len(sync), *sync)))
    boxes.append(Box(b"stsc", _stsc(per_chunk)))
    boxes.append(Box(b"stsz", struct.pack(f">4xII{len(sizes)}I", 0, len(sizes), *sizes)))
    kind, fmt = (b"co64", "Q") if large else (b"stco", "I")
    boxes.append(
        Box(kind, struct.pack(f">4xI{len(chunk_offsets)}{fmt}", len(chunk_offsets), *chunk_offsets))
    )
    return Box(b"stbl", children=boxes)


def _stsc(per_chunk: list[int]) -> bytes:
    """Runs of chunks holding the same number of samples: (first chunk, samples, description 1)."""
    runs: list[tuple[int, int, int]] = []
    for chunk, count in enumerate(per_chunk, start=1):
        if not runs or runs[-1][1] != count:
            runs.append((chunk, count, 1))
    flat = [value for run in runs for value in run]
    return struct.pack(f">4xI{len(flat)}I", len(runs), *flat)
