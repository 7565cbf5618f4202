"""Reading indicator snapshots (IndicatorsSnapshotTaken.scopes, as stored) for the domain."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from pacte_contracts.codes import DropoutReason
from pacte_improvement.domain import Snapshot

Scopes = Mapping[str, Mapping[str, Mapping[str, Any]]]

_BY_REASON = "dropouts_by_reason."


def scope_key(kind: str, organisation_id: str, lot_id: str) -> str:
    return f"lot:{lot_id}" if kind == "lot" else f"organisation:{organisation_id}"


def snapshot_for(scopes: Scopes, organisation_id: str, lot_id: str) -> Snapshot:
    """The domain's view of a snapshot for one plan: a missing scope or reading is an undefined rate."""

    def read(kind: str, indicator: str) -> tuple[Decimal | None, int]:
        reading = scopes.get(scope_key(kind, organisation_id, lot_id), {}).get(indicator)
        if reading is None:
            return None, 0
        value = reading.get("value")
        return (None if value is None else Decimal(str(value))), int(reading.get("denominator") or 0)

    return read


def _count(reading: Mapping[str, Any] | None) -> int:
    if reading is None or reading.get("value") is None:
        return 0
    try:
        return int(Decimal(str(reading["value"])))
    except (InvalidOperation, ValueError):
        return 0


def dropout_counts(scopes: Scopes | None, scope: str) -> tuple[int, dict[str, int]]:
    """(entries, dropouts by reason) of one scope, from the count readings indicators adds."""
    readings = (scopes or {}).get(scope, {})
    known = {r.value for r in DropoutReason}
    by_reason = {
        name[len(_BY_REASON):]: _count(reading)
        for name, reading in readings.items()
        if name.startswith(_BY_REASON) and name[len(_BY_REASON):] in known
    }
    return _count(readings.get("entries")), by_reason


def difference(end: tuple[int, dict[str, int]], start: tuple[int, dict[str, int]]) -> tuple[int, dict[str, int]]:
    """Counts over a year from two cumulative snapshots (never negative)."""
    entries = max(0, end[0] - start[0])
    reasons = {k: max(0, v - start[1].get(k, 0)) for k, v in end[1].items()}
    return entries, reasons
