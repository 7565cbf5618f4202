"""Reference model of the billing-unit what-if, straight from the declarations (scenario lines).

An independent computation for the tests: it reads the accepted commands in file order (a re-sent
declaration replaces the earlier one, a withdrawal removes it), walks every calendar day of every
session, and rounds with `decimal`'s own ROUND_HALF_UP, not with `pacte_contracts.rules`. Production
reads the ledger (`adapters/what_if.py`) and prices in `domain/what_if`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

UNITS = ("opening_day", "trainer_hour", "trainee_hour")


def cents(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Session:
    order_id: str
    unit: str
    first: date
    last: date
    open_days: set[date] = field(default_factory=set)
    attendance: dict[tuple[str, date], Decimal] = field(default_factory=dict)
    trainer: dict[tuple[str, date], Decimal] = field(default_factory=dict)
    #: trainee → (enrolled on, exited on, dropped out)
    stays: dict[str, tuple[date, date | None, bool]] = field(default_factory=dict)


@dataclass
class Declared:
    lots: dict[str, dict[str, Any]] = field(default_factory=dict)
    holders: dict[str, str] = field(default_factory=dict)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)  # order → its lot's terms and holder
    sessions: dict[str, Session] = field(default_factory=dict)

    def scope(self, scope_type: str, scope_id: str) -> set[str]:
        column = {"lot": "lot_id", "organisation": "holder", "tender": "tender_id"}[scope_type]
        return {o for o, terms in self.orders.items() if terms[column] == scope_id}

    def apply(self, line: dict[str, Any]) -> None:
        """One accepted command."""
        cmd, sid = line["cmd"], line.get("session_id", "")
        s = self.sessions.get(sid)
        day = date.fromisoformat(line["date"]) if "date" in line and cmd != "milestone.validate" else None
        if cmd == "lot.define":
            self.lots[line["lot_id"]] = line
        elif cmd == "lot.award":
            self.holders[line["lot_id"]] = line["organisation_id"]
        elif cmd == "order.place":
            self.orders[line["order_id"]] = {**self.lots[line["lot_id"]], "holder": self.holders[line["lot_id"]]}
        elif cmd == "session.schedule":
            planned = [date.fromisoformat(d) for d in line["planned_days"]]
            self.sessions[sid] = Session(line["order_id"], self.orders[line["order_id"]]["billing_unit"],
                                         min(planned), max(planned))
        elif cmd == "session.cancel":
            del self.sessions[sid]
        elif s is None or (day is None and cmd != "trainee.enrol_cancel"):
            return
        elif cmd == "session.open_day":
            s.open_days.add(day)  # type: ignore[arg-type]
        elif cmd == "session.open_day_withdraw":
            s.open_days.discard(day)  # type: ignore[arg-type]
        elif cmd == "attendance.record":
            s.attendance[line["trainee_id"], day] = Decimal(str(line["hours_present"]))  # type: ignore[index]
        elif cmd == "trainer.hours":
            s.trainer[line["trainer_id"], day] = Decimal(str(line["hours"]))  # type: ignore[index]
        elif cmd == "trainee.enrol":
            s.stays[line["trainee_id"]] = (day, None, False)  # type: ignore[assignment]
        elif cmd in ("trainee.dropout", "trainee.complete"):
            enrolled = s.stays[line["trainee_id"]][0]
            s.stays[line["trainee_id"]] = (enrolled, day, cmd == "trainee.dropout")
        elif cmd == "trainee.enrol_cancel":
            s.stays.pop(line["trainee_id"], None)
            s.attendance = {k: v for k, v in s.attendance.items() if k[0] != line["trainee_id"]}


def _month(d: date) -> str:
    return d.strftime("%Y-%m")


def _active(s: Session, d: date) -> int:
    return sum(1 for enrolled, exited, _ in s.stays.values() if enrolled <= d and (exited is None or d <= exited))


def _held(s: Session, d: date) -> bool:
    if s.unit == "opening_day":
        return d in s.open_days
    return any(day == d for _, day in s.attendance) or any(day == d and h > 0 for (_, day), h in s.trainer.items())


def quantities(s: Session) -> dict[str, dict[str, Decimal]]:
    """unit → month → quantity, walking the session's days one by one."""
    out: dict[str, dict[str, Decimal]] = {u: defaultdict(Decimal) for u in UNITS}
    d = s.first
    while d <= s.last:
        m = _month(d)
        if _held(s, d) and _active(s, d):
            out["opening_day"][m] += 1
        out["trainer_hour"][m] += sum((h for (_, day), h in s.trainer.items() if day == d), Decimal(0))
        out["trainee_hour"][m] += sum((h for (_, day), h in s.attendance.items() if day == d), Decimal(0))
        d += timedelta(days=1)
    return out


def what_if(declared: Declared, order_ids: set[str], prices: dict[str, int]) -> dict[str, Any]:
    """{"actual": month → cents, unit: month → cents, "quantity": unit → total}: each order's month
    rounded once, as an invoice line."""
    per_order: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(lambda: {u: defaultdict(Decimal) for u in UNITS})
    for s in declared.sessions.values():
        if s.order_id in order_ids:
            for unit, months in quantities(s).items():
                for m, q in months.items():
                    per_order[s.order_id][unit][m] += q
    result: dict[str, Any] = {"actual": defaultdict(int), "quantity": defaultdict(Decimal),
                              **{u: defaultdict(int) for u in UNITS}}
    for order_id, by_unit in per_order.items():
        terms = declared.orders[order_id]
        for unit, months in by_unit.items():
            for m, q in months.items():
                result[unit][m] += cents(q * prices[unit])
                result["quantity"][unit] += q
                if unit == terms["billing_unit"]:
                    result["actual"][m] += cents(q * terms["unit_price_cents"])
    return result
