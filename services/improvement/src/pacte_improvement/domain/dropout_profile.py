"""The yearly dropout profile of a plan's organisation, against the programme's (IMPROVEMENT.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pacte_contracts.codes import DROPOUT_REASON_LABELS_FR, DropoutReason

from .rates import format_rate, rate


@dataclass(frozen=True, slots=True)
class ReasonLine:
    reason: DropoutReason
    label_fr: str
    count: int
    share: Decimal | None  # of the plan's dropouts
    programme_count: int
    programme_share: Decimal | None  # of the programme's dropouts

    def to_json_dict(self) -> dict[str, Any]:
        return {"reason": self.reason.value, "label": self.label_fr, "count": self.count,
                "share": format_rate(self.share), "programme_count": self.programme_count,
                "programme_share": format_rate(self.programme_share)}


@dataclass(frozen=True, slots=True)
class DropoutProfile:
    year: int
    entries: int
    dropouts: int
    rate: Decimal | None
    programme_entries: int
    programme_dropouts: int
    programme_rate: Decimal | None
    rate_gap: Decimal | None  # rate - programme_rate (positive: worse than the programme)
    reasons: tuple[ReasonLine, ...]  # every reason, in the region's table order

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "entries": self.entries,
            "dropouts": self.dropouts,
            "dropout_rate": format_rate(self.rate),
            "programme": {"entries": self.programme_entries, "dropouts": self.programme_dropouts,
                          "dropout_rate": format_rate(self.programme_rate)},
            "rate_gap": format_rate(self.rate_gap),
            "reasons": [r.to_json_dict() for r in self.reasons],
        }


def _counts(by_reason: Mapping[DropoutReason | str, int]) -> dict[DropoutReason, int]:
    counts = dict.fromkeys(DropoutReason, 0)
    for key, n in by_reason.items():
        counts[DropoutReason(key)] += n
    return counts


def dropout_profile(year: int, plan_dropouts_by_reason: Mapping[DropoutReason | str, int], plan_entries: int,
                    programme_dropouts_by_reason: Mapping[DropoutReason | str, int],
                    programme_entries: int) -> DropoutProfile:
    """The organisation's dropouts by reason over ``year``, its rate, and the programme's."""
    mine, prog = _counts(plan_dropouts_by_reason), _counts(programme_dropouts_by_reason)
    total, prog_total = sum(mine.values()), sum(prog.values())
    my_rate, prog_rate = rate(total, plan_entries), rate(prog_total, programme_entries)
    return DropoutProfile(
        year=year, entries=plan_entries, dropouts=total, rate=my_rate, programme_entries=programme_entries,
        programme_dropouts=prog_total, programme_rate=prog_rate,
        rate_gap=None if my_rate is None or prog_rate is None else my_rate - prog_rate,
        reasons=tuple(ReasonLine(r, DROPOUT_REASON_LABELS_FR[r], mine[r], rate(mine[r], total), prog[r],
                                 rate(prog[r], prog_total)) for r in DropoutReason),
    )
