"""Every scope's counts at one version of the projection, kept for the reads of the present.

The metrics refresher counts every scope each time committed facts change. A read without `as_of`
that finds the projection at the version those counts were taken at answers from them instead of
counting again: at the whole pact's size, one broad scope (the programme, an axis) reads most of the
stays, and the every-scope report counts 1,400 scopes (BENCHMARKS.md, "Full pact"). Every write to
the projection moves its version in the same transaction and a read takes the version in its own
snapshot, so one version is one content of the tables: the answer is the one counting would give.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pacte_indicators.adapters.state import ProjectionVersion
from pacte_indicators.domain.counts import ScopeCounts


@dataclass(frozen=True)
class CountsAt:
    version: ProjectionVersion
    counts: Mapping[str, ScopeCounts]


class LatestCounts:
    """The last counts kept. They are replaced whole (one reference), so the refresher's thread and
    the service's loop never see half of them."""

    def __init__(self) -> None:
        self._kept: CountsAt | None = None

    def keep(self, counts: CountsAt) -> None:
        self._kept = counts

    def at(self, version: ProjectionVersion) -> Mapping[str, ScopeCounts] | None:
        kept = self._kept
        return kept.counts if kept is not None and kept.version == version else None
