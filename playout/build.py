"""Build the week's rundowns from a plan: one per channel per playlist day.

Every programme starts exactly on its planned frame. A programme longer than the time to
the next one is cut there (an `Overrun`); gaps are filled by `playout.gap_fill`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from airclass.config.schema.channels import Channel
from airclass.config.schema.world import World
from airclass.config.timecode import frames_from_minutes
from airclass.playout.errors import MissingClipError, PlanConflictError
from airclass.playout.gap_fill import ClipBox, GapFiller
from airclass.playout.programmes import (
    Programme,
    broadcast_windows,
    fixed_programmes,
    lesson_programmes,
    playlist_days,
)
from airclass.playout.rundown import Overrun, Rundown, RundownItem
from airclass.solver.plan import Plan

logger = logging.getLogger(__name__)


def build_rundowns(plan: Plan, world: World, clip_frames: Mapping[str, int]) -> list[Rundown]:
    """Rundowns of every channel of `world` for each playlist day of the plan's week.

    `clip_frames` gives each asset's true length in frames (from the validated catalogue, or
    `clip_frames_for(plan, world)` without one).
    """
    known = {channel.id for channel in world.channels}
    for airing in plan.airings:
        if airing.channel not in known:
            raise MissingClipError(channel=airing.channel, what="channel in channels.toml")
    return [
        build_rundown(plan, world, channel, day, clip_frames)
        for channel in world.channels
        for day in playlist_days(plan, channel)
    ]


def build_rundown(
    plan: Plan, world: World, channel: Channel, day: dt.date, clip_frames: Mapping[str, int]
) -> Rundown:
    clips = ClipBox(channel, world, clip_frames)
    programmes = _programmes(plan, world, channel, day)
    shell = Rundown(channel, day, ())
    filler = GapFiller(
        clips,
        broadcast_windows(channel, world.term, day),
        _ad_break_frames(world, channel),
        turn=day.toordinal() % max(1, len(channel.clips.filler)),
    )
    items: list[RundownItem] = []
    overruns: list[Overrun] = []
    cursor, previous = shell.day_start, None
    for index, programme in enumerate(programmes):
        items += filler.fill(cursor, programme.start, after=previous, before=programme)
        limit = programmes[index + 1].start if index + 1 < len(programmes) else shell.day_end
        placed, overrun = _place(clips, programme, limit)
        items += placed
        overruns += overrun
        cursor, previous = placed[-1].end, programme
    items += filler.fill(cursor, shell.day_end, after=previous, before=None)
    logger.debug("rundown %s %s: %d items", channel.id, day, len(items))
    return Rundown(channel, day, tuple(items), tuple(overruns))


def _programmes(plan: Plan, world: World, channel: Channel, day: dt.date) -> list[Programme]:
    programmes = sorted(
        lesson_programmes(plan, channel, day) + fixed_programmes(channel, world.term, day),
        key=lambda p: p.start,
    )
    for first, second in zip(programmes, programmes[1:], strict=False):
        if first.start == second.start:
            raise PlanConflictError(
                channel=channel.id,
                day=day.isoformat(),
                timecode=Rundown(channel, day, ()).clock(first.start),
                first=first.title,
                second=second.title,
            )
    return programmes


def _ad_break_frames(world: World, channel: Channel) -> int:
    if not channel.ads_between_programmes:
        return 0
    return frames_from_minutes(world.policy.ads.max_break_minutes, channel.frame_rate)


def _place(
    clips: ClipBox, programme: Programme, limit: int
) -> tuple[list[RundownItem], list[Overrun]]:
    """The programme's items from its start, cut at `limit` if it runs longer."""
    room = limit - programme.start
    if programme.asset is None:
        return _placeholder(clips, programme, min(programme.slot_frames, room)), []
    if programme.airing is not None:
        length = clips.clip_frames.get(programme.asset) or programme.airing.duration_frames
    else:
        length = clips.frames(programme.asset)
    wanted = length if programme.airing else min(length, programme.slot_frames)
    aired = min(wanted, room)
    item = clips.item(
        programme.asset,
        programme.kind,
        programme.start,
        aired,
        clip_frames=length,
        title=programme.title,
        airing=programme.airing,
    )
    cut = [Overrun(programme.start, programme.title, length, aired)] if aired < length else []
    return [item], cut


def _placeholder(clips: ClipBox, programme: Programme, frames: int) -> list[RundownItem]:
    """A fixed item without media (a live relay): the slate holds its slot in the files."""
    slate = clips.channel.clips.slate
    if slate is None:
        raise MissingClipError(
            channel=clips.channel.id, what=f"asset of fixed item {programme.title!r}"
        )
    end = programme.start + frames
    return clips.loop(slate, programme.kind, programme.start, end, title=programme.title)
