"""What a schedule version remembers of its channels, so published feeds never depend on config.

The snapshot comes from the config directory the plan names (`Plan.config`); when that
directory cannot be found, from the plan alone (id as name, the schema's default zone).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from airclass.config import ConfigError, load_world
from airclass.config.schema.channels import Channel
from airclass.solver.plan import Plan
from pydantic import BaseModel, ConfigDict

logger = logging.getLogger(__name__)

_CONFIG_PACKAGE = Path(__file__).resolve().parents[2] / "config"
DEFAULT_ZONE = Channel.model_fields["timezone"].default


class ChannelSnapshot(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    name_en: str
    number: str
    timezone: str
    frame_rate: str
    grades: list[int]

    @classmethod
    def from_config(cls, channel: Channel) -> ChannelSnapshot:
        return cls(
            id=channel.id,
            name=channel.name,
            name_en=channel.name_en or channel.name,
            number=channel.number,
            timezone=channel.timezone,
            frame_rate=str(channel.frame_rate),
            grades=sorted(channel.grade_set),
        )

    def label(self, lang: str) -> str:
        """`演示省教育电视台·高中 (SJY-4)`: the name families know and the number they tune."""
        name = self.name if lang == "zh" else self.name_en
        return f"{name} ({self.number})" if self.number else name


def snapshot_channels(
    plan: Plan, channels: Sequence[Channel] | None = None
) -> list[ChannelSnapshot]:
    """Snapshots of every channel the plan airs on or declares a frame rate for."""
    wanted = sorted(set(plan.frame_rate) | {a.channel for a in plan.airings})
    declared = {c.id: c for c in (channels if channels is not None else _channels_of(plan.config))}
    return [
        ChannelSnapshot.from_config(declared[cid]) if cid in declared else _from_plan(plan, cid)
        for cid in wanted
    ]


def _channels_of(config: str) -> Sequence[Channel]:
    for root in (Path(config), _CONFIG_PACKAGE / config):
        if root.is_dir():
            try:
                return load_world(root).channels
            except ConfigError as exc:
                logger.warning("config %s unreadable, channels from the plan only: %s", root, exc)
                return ()
    logger.warning("config directory %r not found; channel names come from the plan", config)
    return ()


def _from_plan(plan: Plan, channel_id: str) -> ChannelSnapshot:
    grades = sorted({a.grade for a in plan.airings if a.channel == channel_id})
    return ChannelSnapshot(
        id=channel_id,
        name=channel_id,
        name_en=channel_id,
        number="",
        timezone=DEFAULT_ZONE,
        frame_rate=plan.frame_rate.get(channel_id, "25"),
        grades=grades,
    )
