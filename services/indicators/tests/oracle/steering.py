"""Reference model of the steering reads (trajectory months, dropout analysis), from scenario lines.

Written the plain way, from the accepted commands in file order and the expected invoices: a re-sent
enrolment replaces the earlier date and profile; each trainee walks through its own stay. Production
counts in SQL (`adapters/sql/trajectory.py`, `adapters/sql/dropouts.py`); the over-broker test
compares the two on the small scenario.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

FLAGS = ("qpv", "zrr", "disability", "minimum_income", "single_parent", "justice", "migrant", "neet", "invisible")


@dataclass
class Stay:
    session_id: str
    enrolled_on: date
    profile: dict[str, Any]
    exited_on: date | None = None
    reason: str | None = None


def _scopes(lot: dict[str, Any], axis: str, holder: str) -> set[str]:
    return {"programme", f"axis:{axis}", f"tender:{lot['tender_id']}", f"lot:{lot['lot_id']}",
            f"organisation:{holder}", f"territory:{lot['territory']}", f"domain:{lot['domain']}",
            f"action_type:{lot['action_type']}"}


class Programme:
    def __init__(self, lines: list[dict[str, Any]]) -> None:
        axes: dict[str, str] = {}
        tender_starts: dict[str, date] = {}
        self.lots: dict[str, dict[str, Any]] = {}
        holders: dict[str, str] = {}
        self.orders: dict[str, dict[str, Any]] = {}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.stays: dict[tuple[str, str], Stay] = {}
        for line in lines:
            cmd = line["cmd"]
            if cmd == "tender.publish":
                axes[line["tender_id"]] = line["axis"]
                tender_starts[line["tender_id"]] = date.fromisoformat(line["starts_on"])
            elif cmd == "lot.define":
                self.lots[line["lot_id"]] = line
            elif cmd == "lot.award":
                holders[line["lot_id"]] = line["organisation_id"]
            elif cmd == "order.place":
                lot = self.lots[line["lot_id"]]
                self.orders[line["order_id"]] = {
                    "amount": line["amount_cents"], "tender_start": tender_starts[lot["tender_id"]], "starts": [],
                    "scopes": _scopes(lot, axes[lot["tender_id"]], holders[line["lot_id"]])}
            elif cmd == "session.schedule":
                order = self.orders[line["order_id"]]
                lot = next(lot for lot_id, lot in self.lots.items() if order["scopes"] >= {f"lot:{lot_id}"})
                self.sessions[line["session_id"]] = {
                    "order": line["order_id"], "scopes": order["scopes"], "action_type": lot["action_type"],
                    "starts_on": date.fromisoformat(line["starts_on"]),
                    "hours": len(line["planned_days"]) * Decimal(str(line["hours_per_day"]))}
                order["starts"].append((line["session_id"], date.fromisoformat(line["starts_on"])))
            elif cmd == "session.cancel":
                self.sessions[line["session_id"]]["cancelled"] = True
            elif cmd == "trainee.enrol":
                key = (line["session_id"], line["trainee_id"])
                self.stays[key] = Stay(line["session_id"], date.fromisoformat(line["date"]), line["profile"])
            elif cmd == "trainee.enrol_cancel":
                self.stays.pop((line["session_id"], line["trainee_id"]), None)
            elif cmd in ("trainee.dropout", "trainee.complete"):
                stay = self.stays[line["session_id"], line["trainee_id"]]
                stay.exited_on = date.fromisoformat(line["date"])
                stay.reason = line["reason"] if cmd == "trainee.dropout" else None

    def _in(self, stay: Stay, scope: str) -> bool:
        return scope in self.sessions[stay.session_id]["scopes"]

    def months(self, scope: str, invoices: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
        """month → entries, jobseeker_entries, below_bac_entries, committed, invoiced, paid."""
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for stay in self.stays.values():
            if self._in(stay, scope):
                m = out[stay.enrolled_on.strftime("%Y-%m")]
                m["entries"] += 1
                m["jobseeker_entries"] += bool(stay.profile.get("jobseeker_registered"))
                m["below_bac_entries"] += stay.profile.get("qualification") == "below_bac"
        for order in self.orders.values():
            if scope in order["scopes"]:
                starts = [d for sid, d in order["starts"] if not self.sessions[sid].get("cancelled")]
                out[min(starts or [order["tender_start"]]).strftime("%Y-%m")]["committed_cents"] += order["amount"]
        for invoice in invoices:
            if scope in self.orders[invoice["order_id"]]["scopes"] and invoice["status"] != "disputed":
                out[invoice["period"]]["invoiced_cents"] += invoice["payable_cents"]
                if invoice["status"] == "paid":
                    out[invoice["period"]]["paid_cents"] += invoice["payable_cents"]
        return {m: dict(c) for m, c in out.items()}

    def dropouts(self, scope: str) -> dict[str, Any]:
        """(band → [entries, dropouts, dropouts excl. employment]), cells and weeks."""
        bands: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        cells: Counter[tuple[str, str, str, str]] = Counter()
        weeks: Counter[tuple[int, str]] = Counter()
        for stay in self.stays.values():
            if not self._in(stay, scope):
                continue
            session = self.sessions[stay.session_id]
            hours = session["hours"]
            band = ("under_150" if hours < 150 else "150_299" if hours < 300 else "300_599" if hours < 600
                    else "600_plus")
            bands[band][0] += 1
            if stay.reason is None:
                continue
            bands[band][1] += 1
            bands[band][2] += stay.reason != "return_to_work"
            flags = [f for f in FLAGS if stay.profile.get(f) is True] or ["none"]
            for flag in flags:
                cells[stay.reason, flag, session["action_type"], band] += 1
            assert stay.exited_on is not None
            weeks[(stay.exited_on - session["starts_on"]).days // 7 + 1, stay.reason] += 1
        return {"bands": dict(bands), "cells": dict(cells), "weeks": dict(weeks)}
