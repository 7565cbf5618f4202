"""Events as the other services publish them, and the round trips every billing test makes."""

from __future__ import annotations

import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer

from pacte_contracts import attendance as att
from pacte_contracts import improvement as imp
from pacte_contracts import procurement as proc
from pacte_contracts.envelope import Envelope
from pacte_platform.auth import hash_api_key


def ids() -> str:
    return uuid.uuid4().hex[:8]


def order(order_id: str, *, unit: str = "trainee_hour", price: int = 1000, amount: int = 10_000, bonus: int = 0,
          holder: str = "OF-A", tender: str = "T-1", axis: str = "qualifying") -> proc.OrderPlaced:
    return proc.OrderPlaced(order_id=order_id, lot_id=f"L-{order_id}", tender_id=tender, axis=axis, territory="69",
                            domain="digital", action_type="certifying", billing_unit=unit, unit_price_cents=price,
                            return_to_work_bonus_cents=bonus, holder_organisation_id=holder, amount_cents=amount)


def session(session_id: str, o: proc.OrderPlaced, days: list[str], revision: int = 1) -> proc.SessionScheduled:
    return proc.SessionScheduled(session_id=session_id, order_id=o.order_id,
                                 holder_organisation_id=o.holder_organisation_id,
                                 starts_on=days[0], ends_on=days[-1], planned_days=days, hours_per_day="7",
                                 capacity=10, place="Lyon", revision=revision,
                                 **o.model_dump(include={"lot_id", "tender_id", "axis", "territory", "domain",
                                                         "action_type", "billing_unit", "unit_price_cents",
                                                         "return_to_work_bonus_cents"}))


def stay(revision: int, enrolled_on: str, status: str = "enrolled", exited_on: str | None = None) -> att.Stay:
    return att.Stay(revision=revision, enrolled_on=enrolled_on, status=status, profile=att.TraineeProfile(),
                    exited_on=exited_on)


def attendance(s: str, trainee: str, day: str, hours: str, revision: int = 1) -> att.AttendanceRecorded:
    return att.AttendanceRecorded(session_id=s, organisation_id="OF-A", trainee_key=trainee, date=day,
                                  hours_present=hours, revision=revision)


async def close(billing: Any, period: str, achievements: list[imp.Achievement] | None = None) -> None:
    await billing.quiet()
    assert (await billing.close_period(period))["status"] == "awaiting_milestone_evaluation"
    await billing.publish([imp.MilestonesEvaluated(period=period, achievements=achievements or [], missed=[])])
    await billing.wait_closed(period)
    await billing.quiet()


async def invoices_of(billing: Any, *order_ids: str) -> list[dict[str, Any]]:
    r = await billing.client.get("/invoices", headers=billing.headers("auditor"))
    assert r.status_code == 200
    return [i for i in r.json() if i["order_id"] in order_ids]


async def read_events(billing: Any, topic: str, key: str) -> list[Envelope]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=billing.infra.bootstrap, auto_offset_reset="earliest",
                                enable_auto_commit=False, group_id=None)
    await consumer.start()
    found: list[Envelope] = []
    try:
        batches = await consumer.getmany(timeout_ms=2000)
        while batches:
            for records in batches.values():
                found += [Envelope.model_validate_json(r.value) for r in records if r.key == key.encode()]
            batches = await consumer.getmany(timeout_ms=300)
    finally:
        await consumer.stop()
    return found


async def organisation_key(billing: Any, organisation_id: str) -> dict[str, str]:
    """An API key of the organisation, announced as attendance does; the headers to send it with."""
    key_id = ids()
    key = f"pk_{key_id}_{ids()}{ids()}"
    await billing.publish([att.OrganisationKeyIssued(organisation_id=organisation_id, key_id=key_id,
                                                     key_sha256=hash_api_key(key))])
    return {"Authorization": f"Bearer {key}"}


BONUS = 40_000


class PathwayFacts:
    """An Essentials order with a continuity bonus of `BONUS`, a certifying order at OF-B, one session each,
    and one person's stays in them, as attendance publishes them."""

    def __init__(self, essentials_day: str, next_day: str) -> None:
        suffix = uuid.uuid4().hex[:6]
        self.person = f"p_{suffix}"
        self.essentials = type(order("E")).model_validate({
            **order(f"E{suffix}", price=0, amount=1_000_000).model_dump(), "action_type": "preparatory",
            "axis": "essentials", "continuity_bonus_cents": BONUS})
        self.certifying = order(f"C{suffix}", price=0, amount=1_000_000, holder="OF-B")
        self.first = session(f"S-E{suffix}", self.essentials, [essentials_day])
        self.then = session(f"S-C{suffix}", self.certifying, [next_day])

    def step(self, s: proc.SessionScheduled, trainee: str, revision: int, status: str, on: str) -> att.TraineeEvent:
        stay = att.Stay(revision=revision, enrolled_on=s.starts_on, status=status, profile=att.TraineeProfile(),
                        exited_on=on if status == "completed" else None, person_key=self.person)
        return att.TraineeEnrolled(session_id=s.session_id, organisation_id=s.holder_organisation_id,
                                   trainee_key=trainee, date=on, stay=stay)

    def essentials_stays(self) -> list[att.TraineeEvent]:
        """Completed the Essentials session on its day."""
        done = self.first.starts_on.isoformat()
        return [self.step(self.first, "t_1", 1, "enrolled", done), self.step(self.first, "t_1", 2, "completed", done)]

    def next_stays(self) -> list[att.TraineeEvent]:
        """Entered the next step on its day."""
        return [self.step(self.then, "t_2", 1, "enrolled", self.then.starts_on.isoformat())]

    def stays(self) -> list[att.TraineeEvent]:
        return [*self.essentials_stays(), *self.next_stays()]
