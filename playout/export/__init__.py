"""Exports of a planned week: ffplayout JSON, ffconcat, XMLTV, CSV and printable grids."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from airclass.config.schema.world import World
from airclass.playout.build import build_rundowns
from airclass.playout.export.base import ExportContext, Exporter, Part, Scope
from airclass.playout.export.csv_table import CsvExporter
from airclass.playout.export.ffconcat import FfconcatExporter
from airclass.playout.export.ffplayout import FfplayoutExporter
from airclass.playout.export.print_grid import PrintGridExporter
from airclass.playout.export.xmltv import XmltvExporter
from airclass.playout.rundown import clip_frames_for
from airclass.solver.plan import Plan

EXPORTERS: tuple[type[Exporter], ...] = (
    FfplayoutExporter,
    FfconcatExporter,
    XmltvExporter,
    CsvExporter,
    PrintGridExporter,
)

__all__ = [
    "EXPORTERS",
    "CsvExporter",
    "ExportContext",
    "Exporter",
    "FfconcatExporter",
    "FfplayoutExporter",
    "Part",
    "PrintGridExporter",
    "Scope",
    "XmltvExporter",
    "export_week",
]


def export_week(
    plan: Plan,
    world: World,
    out_dir: Path,
    *,
    media_root: Path,
    clip_frames: Mapping[str, int] | None = None,
) -> list[Path]:
    """Build the week's rundowns and write every export under `out_dir`; returns the paths.

    `clip_frames` are true clip lengths in frames (from the validated catalogue); without
    them the plan's measured lesson lengths and the planned lengths of the other clips stand in.
    """
    frames = dict(clip_frames) if clip_frames is not None else clip_frames_for(plan, world)
    rundowns = tuple(build_rundowns(plan, world, frames))
    context = ExportContext(plan, world, rundowns, Path(media_root).resolve(), frames)
    return [path for exporter in EXPORTERS for path in exporter(context).write(Path(out_dir))]
