"""The small scenario's billing facts, fed as contract events over Kafka (reordered and duplicated
between quiet points), give exactly the invoices of small.expected.json; replaying every topic into
an empty billing database rebuilds the same invoices."""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from pacte_billing.domain.periods import last_day
from pacte_contracts import attendance as att
from pacte_contracts import improvement as imp
from pacte_contracts import procurement as proc
from pacte_contracts.envelope import Event

SCENARIOS = Path("/work/shared/scenarios")
if not SCENARIOS.exists():  # pragma: no cover - checkout layout
    SCENARIOS = Path(__file__).resolve().parents[5] / "shared" / "scenarios"

#: improvement's answers at each closing of the small scenario (its evaluation is not billing's).
EVALUATIONS = {"2019-09": (["M-1"], []), "2019-10": ([], ["M-2"]), "2020-04": ([], [])}


class ScenarioFeed:
    """Turns accepted scenario commands into the events procurement, attendance and improvement
    publish; every id gets a per-run suffix so runs sharing a broker never mix."""

    def __init__(self, suffix: str) -> None:
        self.s = suffix
        self.axis: dict[str, str] = {}
        self.lots: dict[str, dict[str, Any]] = {}
        self.holders: dict[str, str] = {}
        self.orders: dict[str, str] = {}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.stays: dict[tuple[str, str], dict[str, Any]] = {}
        self.revisions: dict[tuple[Any, ...], int] = defaultdict(int)
        self.plans: dict[str, dict[str, Any]] = {}
        self.milestones: dict[str, tuple[str, int]] = {}

    def id(self, value: str) -> str:
        return f"{value}~{self.s}"

    def unid(self, value: str) -> str:
        return value.removesuffix(f"~{self.s}")

    def _rev(self, *key: Any) -> int:
        self.revisions[key] += 1
        return self.revisions[key]

    def _terms(self, lot_id: str) -> dict[str, Any]:
        lot = self.lots[lot_id]
        return {"lot_id": self.id(lot_id), "tender_id": self.id(lot["tender_id"]), "axis": self.axis[lot["tender_id"]],
                "territory": lot["territory"], "domain": lot["domain"], "action_type": lot["action_type"],
                "billing_unit": lot["billing_unit"], "unit_price_cents": lot["unit_price_cents"],
                "return_to_work_bonus_cents": lot["return_to_work_bonus_cents"]}

    def _stay_event(self, cls: type[att.TraineeEvent], line: dict[str, Any], **changes: Any) -> Event:
        key = (line["session_id"], line["trainee_id"])
        stay = self.stays[key]
        stay.update(changes)
        stay["revision"] += 1
        extra = {k: v for k, v in line.items() if k in ("reason", "certification")}
        if cls is att.TraineeSuspended:
            stay["suspensions"] = stay.get("suspensions", 0) + 1
            extra = {"suspension_number": stay["suspensions"]}
        return cls(session_id=self.id(line["session_id"]), organisation_id=self.sessions[line["session_id"]]["holder"],
                   trainee_key=self.id("t1_" + line["trainee_id"]), date=date.fromisoformat(line["date"]),
                   stay=att.Stay(**{k: v for k, v in stay.items() if k != "suspensions"}), **extra)

    def events(self, line: dict[str, Any]) -> list[Event]:
        cmd = line["cmd"]
        if cmd == "tender.publish":
            self.axis[line["tender_id"]] = line["axis"]
        elif cmd == "lot.define":
            self.lots[line["lot_id"]] = line
        elif cmd == "lot.award":
            self.holders[line["lot_id"]] = self.id(line["organisation_id"])
        elif cmd == "order.place":
            self.orders[line["order_id"]] = line["lot_id"]
            return [proc.OrderPlaced(order_id=self.id(line["order_id"]), amount_cents=line["amount_cents"],
                                     holder_organisation_id=self.holders[line["lot_id"]],
                                     **self._terms(line["lot_id"]))]
        elif cmd == "session.schedule":
            lot_id = self.orders[line["order_id"]]
            self.sessions[line["session_id"]] = {"order_id": line["order_id"], "holder": self.holders[lot_id]}
            return [proc.SessionScheduled(
                session_id=self.id(line["session_id"]), order_id=self.id(line["order_id"]),
                holder_organisation_id=self.holders[lot_id], starts_on=line["starts_on"], ends_on=line["ends_on"],
                planned_days=line["planned_days"], hours_per_day=str(line["hours_per_day"]),
                capacity=line["capacity"], place=line["place"], **self._terms(lot_id))]
        elif cmd == "session.cancel":
            order_id = self.sessions[line["session_id"]]["order_id"]
            return [proc.SessionCancelled(session_id=self.id(line["session_id"]), order_id=self.id(order_id),
                                          lot_id=self.id(self.orders[order_id]))]
        elif cmd == "session.open_day":
            return [att.OpenDayDeclared(session_id=self.id(line["session_id"]), date=line["date"],
                                        organisation_id=self.sessions[line["session_id"]]["holder"],
                                        revision=self._rev("open", line["session_id"], line["date"]))]
        elif cmd == "trainer.hours":
            return [att.TrainerHoursDeclared(
                session_id=self.id(line["session_id"]), organisation_id=self.sessions[line["session_id"]]["holder"],
                trainer_id=line["trainer_id"], date=line["date"], hours=str(line["hours"]),
                revision=self._rev("trainer", line["session_id"], line["trainer_id"], line["date"]))]
        elif cmd == "trainee.enrol":
            self.stays[(line["session_id"], line["trainee_id"])] = {
                "revision": 0, "enrolled_on": line["date"], "status": "enrolled", "profile": {}}
            return [self._stay_event(att.TraineeEnrolled, line)]
        elif cmd == "trainee.suspend":
            return [self._stay_event(att.TraineeSuspended, line, status="suspended")]
        elif cmd == "trainee.resume":
            return [self._stay_event(att.TraineeResumed, line, status="enrolled")]
        elif cmd == "trainee.dropout":
            return [self._stay_event(att.TraineeDroppedOut, line, status="dropped_out", exited_on=line["date"],
                                     dropout_reason=line["reason"])]
        elif cmd == "trainee.complete":
            return [self._stay_event(att.TraineeCompleted, line, status="completed", exited_on=line["date"],
                                     certification=line["certification"])]
        elif cmd == "attendance.record":
            return [att.AttendanceRecorded(
                session_id=self.id(line["session_id"]), organisation_id=self.sessions[line["session_id"]]["holder"],
                trainee_key=self.id("t1_" + line["trainee_id"]), date=line["date"],
                hours_present=str(line["hours_present"]), absence=line["absence"],
                revision=self._rev("att", line["session_id"], line["trainee_id"], line["date"]))]
        elif cmd == "satisfaction.record":
            return [att.SatisfactionRecorded(
                session_id=self.id(line["session_id"]), organisation_id=self.sessions[line["session_id"]]["holder"],
                trainee_key=self.id("t1_" + line["trainee_id"]), date=line["date"], score=line["score"],
                revision=self._rev("sat", line["session_id"], line["trainee_id"]))]
        elif cmd == "outcome.record":
            return [att.OutcomeRecorded(
                session_id=self.id(line["session_id"]), organisation_id=self.sessions[line["session_id"]]["holder"],
                trainee_key=self.id("t1_" + line["trainee_id"]), months_after_exit=line["months_after_exit"],
                observed_on=line["observed_on"], status=line["status"],
                revision=self._rev("outcome", line["session_id"], line["trainee_id"], line["months_after_exit"]))]
        elif cmd == "plan.create":
            for m in line["milestones"]:
                self.milestones[m["milestone_id"]] = (line["plan_id"], m["bonus_cents"])
            self.plans[line["plan_id"]] = line
            return [imp.PlanCreated(plan_id=self.id(line["plan_id"]), organisation_id=self.id(line["organisation_id"]),
                                    lot_id=self.id(line["lot_id"]), order_id=self.id(line["order_id"]),
                                    milestone_ids=[self.id(m["milestone_id"]) for m in line["milestones"]])]
        elif cmd == "milestone.validate":
            return [self.achieved(line["milestone_id"], date.fromisoformat(line["date"]), "validated")]
        return []

    def achievement(self, milestone_id: str, on: date) -> imp.Achievement:
        plan_id, bonus = self.milestones[milestone_id]
        return imp.Achievement(plan_id=self.id(plan_id), milestone_id=self.id(milestone_id),
                               order_id=self.id(self.plans[plan_id]["order_id"]), bonus_cents=bonus, achieved_on=on)

    def achieved(self, milestone_id: str, on: date, how: str) -> imp.MilestoneAchieved:
        a = self.achievement(milestone_id, on)
        return imp.MilestoneAchieved(how=how, **a.model_dump())

    def evaluation(self, period: str) -> list[Event]:
        achieved, missed = EVALUATIONS[period]
        on = last_day(period)
        return [
            *(self.achieved(m, on, "evaluated") for m in achieved),
            imp.MilestonesEvaluated(period=period, achievements=[self.achievement(m, on) for m in achieved],
                                    missed=[self.id(m) for m in missed]),
        ]


def _ours(feed: ScenarioFeed, invoices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    mine = []
    for invoice in invoices:
        if not invoice["order_id"].endswith(f"~{feed.s}"):
            continue
        lines = [{**line, "ref": None if line["ref"] is None else feed.unid(line["ref"])} for line in invoice["lines"]]
        mine.append({**invoice, "order_id": feed.unid(invoice["order_id"]), "lines": lines})
    return mine


async def test_small_scenario_invoices_to_the_cent_then_rebuild(billing: Any, billing_factory: Any) -> None:
    expected = json.loads((SCENARIOS / "small.expected.json").read_text())
    refused = {r["cmd_line"]: r["reason"] for r in expected["rejections"]}
    feed = ScenarioFeed(uuid.uuid4().hex[:8])
    rng = random.Random(20190901)
    pending: list[Event] = []

    async def flush() -> None:
        # Between quiet points events may come in any order and more than once.
        batch = pending + rng.sample(pending, k=len(pending) // 3)
        rng.shuffle(batch)
        await billing.publish(batch)
        pending.clear()
        await billing.quiet()

    lines = (SCENARIOS / "small.jsonl").read_text().splitlines()
    for number, text in enumerate(lines, start=1):
        line = json.loads(text)
        cmd = line["cmd"]
        if cmd == "period.close":
            await flush()
            before = await billing.client.get(f"/periods/{line['period']}", headers=billing.headers("auditor"))
            answer = await billing.close_period(line["period"])
            if before.json()["status"] == "closed":
                assert answer["status"] == "closed"
                continue
            assert answer["status"] == "awaiting_milestone_evaluation"
            await billing.publish(feed.evaluation(line["period"]), producer="improvement")
            await billing.wait_closed(line["period"])
            await billing.quiet()
        elif cmd in ("invoice.approve", "invoice.pay"):
            await flush()
            verb = cmd.split(".")[1]
            r = await billing.client.post(f"/orders/{feed.id(line['order_id'])}/invoices/{line['period']}/{verb}",
                                          headers=billing.headers())
            if number in refused:
                assert r.status_code == 422 and r.json()["code"] == refused[number], r.text
            else:
                assert r.status_code == 200, r.text
        elif number not in refused:
            pending.extend(feed.events(line))
    await flush()

    r = await billing.client.get("/invoices", headers=billing.headers("auditor"))
    assert r.status_code == 200
    assert _ours(feed, r.json()) == expected["invoices"]

    accrual = {}
    for order_id in ("BC-1", "BC-2", "BC-3"):
        r = await billing.client.get(f"/orders/{feed.id(order_id)}/accrual", headers=billing.headers("steering"))
        accrual[order_id] = r.json()["accrued_cents"]
    assert sum(accrual.values()) == expected["indicators"]["programme"]["accrued_cents"]

    # Every line can be traced to the events behind it.
    invoice_id = f"INV-{feed.id('BC-3')}-2019-10-v1"
    r = await billing.client.get(f"/invoices/{invoice_id}/lines/1/facts", headers=billing.headers("auditor"))
    facts = r.json()["facts"]
    current = [f for f in facts if f["current_at_issue"]]
    assert sum(float(f["quantity"]) for f in current) == 22.5  # every hour of 2019-09 known then
    assert {f["revision"] for f in facts if not f["current_at_issue"]} == {1}  # TR-022's 3.25 replaced

    # Replaying every topic into an empty database (a new consumer-group prefix) rebuilds them.
    rebuilt = await billing_factory()
    await rebuilt.quiet(timeout=60)
    r = await rebuilt.client.get("/invoices", headers=rebuilt.headers("auditor"))
    assert _ours(feed, r.json()) == expected["invoices"]
    for period in ("2019-09", "2019-10", "2020-04"):
        r = await rebuilt.client.get(f"/periods/{period}", headers=rebuilt.headers("auditor"))
        assert r.json()["status"] == "closed"
    for order_id, value in accrual.items():
        r = await rebuilt.client.get(f"/orders/{feed.id(order_id)}/accrual", headers=rebuilt.headers("steering"))
        assert r.json()["accrued_cents"] == value
