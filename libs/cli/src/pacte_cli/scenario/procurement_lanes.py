"""The lanes of procurement's commands, from what each of its rules reads (`pacte_procurement.service_layer`).

- `tender.publish` T: whether T exists;
- `lot.define` L in T: whether L exists, T (its status);
- `lot.award` L: L, and the organisations it names (registered by the first award naming them);
- `lot.unsuccessful` L: L;
- `order.place` O on L: whether O exists, L, and the budget committed on L's tender by its other orders;
- `session.schedule` S for O: whether S exists, O, and O's lot;
- `session.cancel` S: S, and its enrolments (which only organisations' declarations change: a quiet
  point always separates them from back-office commands);
- `reference.jobseekers` for a territory: that territory's count only.

An order's lot and a lot's tender are known from the lines that created them, whatever their answers:
every tender a lot was defined in, every lot an order was placed on. A line naming a lot or an order
no line before it created (one of an earlier play on the same stack, or none) is a barrier, and so is a
line whose ids are not strings (the lane would not be the one the service reads).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pacte_cli.scenario.lanes import Lane


@dataclass
class ProcurementLanes:
    tenders_of_lot: dict[str, set[str]] = field(default_factory=dict)
    lots_of_order: dict[str, set[str]] = field(default_factory=dict)

    def lanes(self, name: str, fields: dict[str, Any]) -> frozenset[Lane] | None:
        """The line's lanes (None: a barrier), then what it names is noted for the lines after it."""
        found = self._lanes(name, fields)
        if found is not None and name == "lot.define":
            self.tenders_of_lot.setdefault(fields["lot_id"], set()).add(fields["tender_id"])
        elif found is not None and name == "order.place":
            self.lots_of_order.setdefault(fields["order_id"], set()).add(fields["lot_id"])
        return found

    def _lanes(self, name: str, fields: dict[str, Any]) -> frozenset[Lane] | None:
        ids = {key: value for key, value in fields.items() if key.endswith("_id") or key == "territory"}
        if not all(isinstance(value, str) for value in ids.values()):
            return None
        if name == "tender.publish" and "tender_id" in ids:
            return frozenset({("tender", ids["tender_id"])})
        if name == "lot.define" and {"lot_id", "tender_id"} <= ids.keys():
            return frozenset({("lot", ids["lot_id"]), ("tender", ids["tender_id"])})
        if name == "lot.award" and {"lot_id", "organisation_id"} <= ids.keys():
            members = fields.get("members") or []
            if not isinstance(members, list) or not all(isinstance(member, str) for member in members):
                return None
            return frozenset({("lot", ids["lot_id"]),
                              *(("organisation", o) for o in [ids["organisation_id"], *members])})
        if name == "lot.unsuccessful" and "lot_id" in ids:
            return frozenset({("lot", ids["lot_id"])})
        if name == "order.place" and {"order_id", "lot_id"} <= ids.keys():
            tenders = self.tenders_of_lot.get(ids["lot_id"])
            if not tenders:
                return None
            return frozenset({("order", ids["order_id"]), ("lot", ids["lot_id"]), *(("tender", t) for t in tenders)})
        if name == "session.schedule" and {"session_id", "order_id"} <= ids.keys():
            lots = self.lots_of_order.get(ids["order_id"])
            if not lots:
                return None
            return frozenset({("session", ids["session_id"]), ("order", ids["order_id"]),
                              *(("lot", lot) for lot in lots)})
        if name == "session.cancel" and "session_id" in ids:
            return frozenset({("session", ids["session_id"])})
        if name == "reference.jobseekers" and "territory" in ids:
            return frozenset({("reference", ids["territory"])})
        return None
