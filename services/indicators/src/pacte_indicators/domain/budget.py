"""The report's ``budget`` (INDICATORS.md, "axis_share"): money per axis against the pact's targets."""

from __future__ import annotations

from collections.abc import Mapping

from pacte_contracts.codes import AXIS_TARGETS, Axis
from pacte_contracts.rules import rate, rate_string


def axis_budget(
    committed_by_axis: Mapping[str, int],
    payable_by_axis: Mapping[str, int],
    paid_by_axis: Mapping[str, int],
) -> dict[str, dict[str, object]]:
    """The report's ``budget``: every axis, its money, its share of all committed and its target.

    ``share`` is ``"0.0000"`` for an axis with nothing committed while others have some, and null
    for every axis while nothing at all is committed (a rate with a 0 denominator).
    """
    total = sum(committed_by_axis.get(axis.value, 0) for axis in Axis)
    budget: dict[str, dict[str, object]] = {}
    for axis in Axis:
        committed = committed_by_axis.get(axis.value, 0)
        budget[axis.value] = {
            "committed_cents": committed,
            "payable_cents": payable_by_axis.get(axis.value, 0),
            "paid_cents": paid_by_axis.get(axis.value, 0),
            "share": rate_string(rate(committed, total)),
            "target": AXIS_TARGETS[axis],
        }
    return budget
