"""The small scenario's accepted commands, as the events procurement, attendance and billing emit.

The upstream services are stood in for by this helper: it plays the accepted lines of
``small.jsonl`` (the refused ones are listed in ``small.expected.json``) into contract events with
the revisions and stays those services would put on them. Billing's invoices and accruals are
taken from the expected report.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer

from pacte_contracts.attendance import (
    OutcomeRecorded,
    SatisfactionRecorded,
    Stay,
    TraineeCompleted,
    TraineeDroppedOut,
    TraineeEnrolled,
    TraineeProfile,
    TraineeResumed,
    TraineeSuspended,
)
from pacte_contracts.billing import (
    InvoiceApproved,
    InvoiceIssued,
    InvoicePaid,
    OrderAccrualChanged,
)
from pacte_contracts.codes import PriorityPublic
from pacte_contracts.envelope import Envelope, Event, wrap
from pacte_contracts.procurement import (
    JobseekerCountSet,
    LotAwarded,
    LotDeclaredUnsuccessful,
    LotDefined,
    OrderPlaced,
    SessionCancelled,
    SessionScheduled,
    TenderPublished,
)
from pacte_platform.auth import pseudonym
from pacte_platform.outbox import encode

DATA = Path(__file__).parent / "data"
SCENARIO = DATA / "small.jsonl"
EXPECTED: dict[str, Any] = json.loads((DATA / "small.expected.json").read_text(encoding="utf-8"))
PSEUDONYM_SECRET = "indicators-test-pseudonyms"

_TERMS = ("lot_id", "tender_id", "axis", "territory", "domain", "action_type", "billing_unit", "unit_price_cents",
          "return_to_work_bonus_cents")


def expected_scopes(report: dict[str, Any]) -> dict[str, Any]:
    """The report without its action-type scopes: the shared expected report predates them (SCENARIO.md
    lets a report hold more scopes than the expected one)."""
    return {scope: values for scope, values in report.items() if not scope.startswith("action_type:")}


def trainee_key(organisation_id: str, trainee_id: str) -> str:
    return pseudonym(PSEUDONYM_SECRET, 1, organisation_id, trainee_id)


def profile_of(raw: dict[str, Any]) -> TraineeProfile:
    return TraineeProfile(
        age_band=raw.get("age_band"), qualification=raw.get("qualification"),
        jobseeker_registered=bool(raw.get("jobseeker_registered", False)),
        priority_publics=[p for p in PriorityPublic if raw.get(p.value) is True],
    )


@dataclass
class ScenarioPlayer:
    """Upstream state needed to build events the way their producers would."""

    tenders: dict[str, dict[str, Any]] = field(default_factory=dict)
    lots: dict[str, dict[str, Any]] = field(default_factory=dict)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    stays: dict[tuple[str, str], Stay] = field(default_factory=dict)
    suspensions: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    revisions: dict[tuple[Any, ...], int] = field(default_factory=lambda: defaultdict(int))
    events: list[Event] = field(default_factory=list)

    def _revision(self, *key: Any) -> int:
        self.revisions[key] += 1
        return self.revisions[key]

    def _terms(self, lot_id: str) -> dict[str, Any]:
        return {k: self.lots[lot_id][k] for k in _TERMS}

    def _stay_event(self, cls: type[Any], line: dict[str, Any], **changes: Any) -> None:
        session = self.sessions[line["session_id"]]
        key = trainee_key(session["holder"], line["trainee_id"])
        previous = self.stays.get((line["session_id"], key))
        revision = (previous.revision if previous else 0) + 1
        base = previous.model_dump() if previous else {}
        stay = Stay.model_validate({**base, **changes, "revision": revision})
        self.stays[(line["session_id"], key)] = stay
        extra: dict[str, Any] = {}
        if cls is TraineeSuspended:
            self.suspensions[(line["session_id"], key)] += 1
            extra["suspension_number"] = self.suspensions[(line["session_id"], key)]
        if cls is TraineeDroppedOut:
            extra["reason"] = line["reason"]
        if cls is TraineeCompleted:
            extra["certification"] = line["certification"]
        self.events.append(cls(session_id=line["session_id"], organisation_id=session["holder"], trainee_key=key,
                               date=line["date"], stay=stay, **extra))

    def play(self, line: dict[str, Any]) -> None:
        cmd = line["cmd"]
        if cmd == "tender.publish":
            self.tenders[line["tender_id"]] = line
            self.events.append(TenderPublished(**{k: v for k, v in line.items() if k != "cmd"}))
        elif cmd == "lot.define":
            lot = {**line, "axis": self.tenders[line["tender_id"]]["axis"]}
            self.lots[line["lot_id"]] = lot
            self.events.append(LotDefined(**{k: v for k, v in lot.items() if k != "cmd"}))
        elif cmd == "lot.award":
            self.lots[line["lot_id"]]["holder"] = line["organisation_id"]
            self.events.append(LotAwarded(lot_id=line["lot_id"], tender_id=self.lots[line["lot_id"]]["tender_id"],
                                          holder_organisation_id=line["organisation_id"], members=line["members"]))
        elif cmd == "lot.unsuccessful":
            self.events.append(LotDeclaredUnsuccessful(lot_id=line["lot_id"],
                                                       tender_id=self.lots[line["lot_id"]]["tender_id"]))
        elif cmd == "order.place":
            lot = self.lots[line["lot_id"]]
            self.orders[line["order_id"]] = {"lot_id": line["lot_id"], "holder": lot["holder"]}
            self.events.append(OrderPlaced(**self._terms(line["lot_id"]), order_id=line["order_id"],
                                           holder_organisation_id=lot["holder"], amount_cents=line["amount_cents"]))
        elif cmd == "session.schedule":
            order = self.orders[line["order_id"]]
            self.sessions[line["session_id"]] = {**line, **order}
            self.events.append(SessionScheduled(
                **self._terms(order["lot_id"]), session_id=line["session_id"], order_id=line["order_id"],
                holder_organisation_id=order["holder"], starts_on=line["starts_on"], ends_on=line["ends_on"],
                planned_days=line["planned_days"], hours_per_day=str(line["hours_per_day"]),
                capacity=line["capacity"], place=line["place"],
                revision=self._revision("session", line["session_id"])))
        elif cmd == "session.cancel":
            session = self.sessions[line["session_id"]]
            self.events.append(SessionCancelled(session_id=line["session_id"], order_id=session["order_id"],
                                                lot_id=session["lot_id"]))
        elif cmd == "trainee.enrol":
            self._stay_event(TraineeEnrolled, line, enrolled_on=line["date"], status="enrolled",
                             profile=profile_of(line["profile"]).model_dump())
        elif cmd == "trainee.suspend":
            self._stay_event(TraineeSuspended, line, status="suspended")
        elif cmd == "trainee.resume":
            self._stay_event(TraineeResumed, line, status="enrolled")
        elif cmd == "trainee.dropout":
            self._stay_event(TraineeDroppedOut, line, status="dropped_out", exited_on=line["date"],
                             dropout_reason=line["reason"])
        elif cmd == "trainee.complete":
            self._stay_event(TraineeCompleted, line, status="completed", exited_on=line["date"],
                             certification=line["certification"])
        elif cmd == "satisfaction.record":
            session = self.sessions[line["session_id"]]
            key = trainee_key(session["holder"], line["trainee_id"])
            self.events.append(SatisfactionRecorded(
                session_id=line["session_id"], organisation_id=session["holder"], trainee_key=key, date=line["date"],
                score=line["score"], revision=self._revision("satisfaction", line["session_id"], key)))
        elif cmd == "outcome.record":
            session = self.sessions[line["session_id"]]
            key = trainee_key(session["holder"], line["trainee_id"])
            self.events.append(OutcomeRecorded(
                session_id=line["session_id"], organisation_id=session["holder"], trainee_key=key,
                months_after_exit=line["months_after_exit"], observed_on=line["observed_on"], status=line["status"],
                revision=self._revision("outcome", line["session_id"], key, line["months_after_exit"])))
        elif cmd == "reference.jobseekers":
            self.events.append(JobseekerCountSet(territory=line["territory"], count=line["count"],
                                                 revision=self._revision("jobseekers", line["territory"])))

    def billing_events(self) -> list[Event]:
        events: list[Event] = []
        for invoice in EXPECTED["invoices"]:
            ident = {"invoice_id": f"INV-{invoice['order_id']}-{invoice['period']}", "order_id": invoice["order_id"],
                     "period": invoice["period"], "version": invoice["version"]}
            events.append(InvoiceIssued(**ident, lines=invoice["lines"], total_cents=invoice["total_cents"],
                                        payable_cents=invoice["payable_cents"],
                                        over_ceiling_cents=invoice["over_ceiling_cents"]))
            if invoice["status"] in ("approved", "paid"):
                events.append(InvoiceApproved(**ident, payable_cents=invoice["payable_cents"]))
            if invoice["status"] == "paid":
                events.append(InvoicePaid(**ident, paid_cents=invoice["payable_cents"]))
        for order_id, order in self.orders.items():
            accrued = EXPECTED["indicators"][f"lot:{order['lot_id']}"]["accrued_cents"]
            # An older, different value that must lose whatever the delivery order.
            events.append(OrderAccrualChanged(order_id=order_id, accrued_cents=accrued + 777, sequence=1))
            events.append(OrderAccrualChanged(order_id=order_id, accrued_cents=accrued, sequence=2))
        return events


def small_scenario_events() -> list[Event]:
    """Every event of the small scenario's accepted lines, in the order their producers emit them."""
    refused = {r["cmd_line"] for r in EXPECTED["rejections"]}
    player = ScenarioPlayer()
    for number, text in enumerate(SCENARIO.read_text(encoding="utf-8").splitlines(), start=1):
        if text.strip() and number not in refused:
            player.play(json.loads(text))
    return player.events + player.billing_events()


def shuffled_with_duplicates(envelopes: list[tuple[str, Envelope]], seed: int) -> list[tuple[str, Envelope]]:
    """Reordered, with a third of the messages delivered twice (same event id)."""
    rng = random.Random(seed)
    messages = list(envelopes) + rng.sample(envelopes, len(envelopes) // 3)
    rng.shuffle(messages)
    return messages


def envelopes_of(events: list[Event]) -> list[tuple[str, Envelope]]:
    return [(e.TOPIC, wrap(e, producer="scenario-test", correlation_id=str(uuid.uuid4()))) for e in events]


async def publish(producer: AIOKafkaProducer, messages: list[tuple[str, Envelope]]) -> None:
    futures = []
    for topic, envelope in messages:
        futures.append(await producer.send(
            topic, value=encode(envelope), key=envelope.key.encode(),
            headers=[("event_id", str(envelope.event_id).encode()), ("event_type", envelope.type.encode())],
        ))
    for future in futures:
        await future


