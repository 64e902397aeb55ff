"""The checks of one file: each module holds one family, each function returns its findings.

`run_checks` runs every family in a fixed order, so reports list findings the same way.
"""

from __future__ import annotations

from airclass.media.checks import adverts, picture, runs, sound, streams, timing
from airclass.media.evidence import Evidence
from airclass.media.report import Finding

FAMILIES = (streams, timing, picture, sound, runs, adverts)


def run_checks(evidence: Evidence) -> list[Finding]:
    return [finding for family in FAMILIES for finding in family.check(evidence)]
