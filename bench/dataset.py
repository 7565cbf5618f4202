"""The benchmark's programme, produced straight into the topics (fast, deterministic).

Setup events (tender, lots, awards, organisations, orders, sessions, enrolments) are built with the
contracts' pydantic models, exactly as the services' outboxes would; the mass of attendance facts
uses a byte template of the same envelope (checked against the contracts at start-up), because
encoding a million envelopes through pydantic would take longer than consuming them.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaProducer

from pacte_contracts import attendance as att
from pacte_contracts import procurement as proc
from pacte_contracts.envelope import Envelope, Event, wrap
from pacte_platform.outbox import encode

Message = tuple[str, bytes, bytes, list[tuple[str, bytes]]]  # topic, key, value, headers

TERRITORIES = ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74")
DOMAINS = ("digital", "construction", "energy", "sales", "plastics", "aeronautics", "personal_services")
PROFILE = {"age_band": "26-44", "qualification": "bac", "jobseeker_registered": True, "priority_publics": []}
_OCCURRED = datetime(2019, 9, 1, 8, tzinfo=UTC)
_FACT_NS = uuid.UUID("9d8c0f4e-5b0a-4f51-8a7e-2b9e6c1d0a11")


def working_days(start: date, count: int) -> list[date]:
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class Programme:
    """`orders` lots, each awarded, ordered and given one session of `trainees` trainees over `days`
    working days from 2019-09-02; one attendance fact per trainee and day."""

    orders: int
    trainees: int
    days: int
    organisations: int = 50
    prefix: str = "B"
    first_day: date = date(2019, 9, 2)
    tender_id: str = "T-BENCH"

    @property
    def planned_days(self) -> list[date]:
        return working_days(self.first_day, self.days)

    @property
    def facts(self) -> int:
        return self.orders * self.trainees * self.days

    def lot(self, i: int) -> str:
        return f"{self.prefix}-LOT-{i:05d}"

    def order(self, i: int) -> str:
        return f"{self.prefix}-ORD-{i:05d}"

    def session(self, i: int) -> str:
        return f"{self.prefix}-SES-{i:05d}"

    def holder(self, i: int) -> str:
        return f"{self.prefix}-ORG-{i % self.organisations:03d}"

    def terms(self, i: int) -> dict[str, Any]:
        return {
            "lot_id": self.lot(i), "tender_id": self.tender_id, "axis": "qualifying",
            "territory": TERRITORIES[i % len(TERRITORIES)], "domain": DOMAINS[i % len(DOMAINS)],
            "action_type": "certifying", "billing_unit": "trainee_hour", "unit_price_cents": 1250,
            "return_to_work_bonus_cents": 50_000,
        }


def _message(event: Event, producer: str) -> Message:
    envelope = wrap(event, producer=producer, occurred_at=_OCCURRED)
    return (event.TOPIC, envelope.key.encode(), encode(envelope), _headers(envelope.type, str(envelope.event_id),
                                                                          producer))


def _headers(event_type: str, event_id: str, producer: str) -> list[tuple[str, bytes]]:
    return [("event_type", event_type.encode()), ("event_id", event_id.encode()), ("producer", producer.encode())]


def setup_messages(p: Programme) -> Iterator[Message]:
    """Procurement's events and the enrolments: what the facts refer to."""
    days = p.planned_days
    budget = p.orders * p.trainees * p.days * 7 * 1250 * 2
    yield _message(proc.TenderPublished(tender_id=p.tender_id, reference=f"{p.tender_id}-2019", title="Benchmark",
                                        axis="qualifying", procedure="open", budget_cents=budget,
                                        starts_on=days[0], ends_on=days[-1] + timedelta(days=365)), "procurement")
    for k in range(min(p.organisations, p.orders)):
        org = p.holder(k)
        yield _message(proc.OrganisationRegistered(organisation_id=org, name=f"Organisme {org}", siret=None),
                       "procurement")
    for i in range(p.orders):
        terms = p.terms(i)
        yield _message(proc.LotDefined(**terms, number=i + 1, title=f"Lot {i + 1}", session_capacity=p.trainees,
                                       additional_modules=[]), "procurement")
        yield _message(proc.LotAwarded(lot_id=p.lot(i), tender_id=p.tender_id, holder_organisation_id=p.holder(i),
                                       members=[p.holder(i)]), "procurement")
        yield _message(proc.OrderPlaced(**terms, order_id=p.order(i), holder_organisation_id=p.holder(i),
                                        amount_cents=p.trainees * p.days * 7 * 1250 * 2), "procurement")
        yield _message(proc.SessionScheduled(**terms, session_id=p.session(i), order_id=p.order(i),
                                             holder_organisation_id=p.holder(i), starts_on=days[0],
                                             ends_on=days[-1], planned_days=days, hours_per_day="7",
                                             capacity=p.trainees, place="Lyon"), "procurement")


def enrolment_messages(p: Programme) -> Iterator[Message]:
    day = p.planned_days[0]
    for i in range(p.orders):
        for t in range(p.trainees):
            stay = att.Stay(revision=1, enrolled_on=day, status="enrolled", profile=att.TraineeProfile(**PROFILE))
            yield _message(att.TraineeEnrolled(session_id=p.session(i), organisation_id=p.holder(i),
                                               trainee_key=trainee_key(p, i, t), date=day, stay=stay), "attendance")


def trainee_key(p: Programme, i: int, t: int) -> str:
    return f"{p.prefix}{i:05d}T{t:03d}"


_FACT = ('{{"event_id":"{eid}","type":"AttendanceRecorded","version":1,"occurred_at":"2019-09-01T08:00:00Z",'
         '"correlation_id":null,"producer":"attendance","key":"{sid}","payload":{{"session_id":"{sid}",'
         '"organisation_id":"{org}","trainee_key":"{tk}","date":"{day}","hours_present":"{hours}",'
         '"absence":null,"revision":1}}}}')


def fact_messages(p: Programme) -> Iterator[Message]:
    """Day after day, every session's attendance sheet: the order real declarations arrive in."""
    topic = att.AttendanceRecorded.TOPIC
    base = _FACT_NS.int
    n = 0
    sessions = [(p.session(i), p.holder(i), i) for i in range(p.orders)]
    for day in p.planned_days:
        iso = day.isoformat()
        for sid, org, i in sessions:
            key = sid.encode()
            for t in range(p.trainees):
                eid = str(uuid.UUID(int=(base + n) % (1 << 128)))
                n += 1
                hours = "7" if (t + day.day) % 9 else "3.5"
                value = _FACT.format(eid=eid, sid=sid, org=org, tk=trainee_key(p, i, t), day=iso, hours=hours)
                yield topic, key, value.encode(), _headers("AttendanceRecorded", eid, "attendance")


def check_template() -> None:
    """The hand-written envelope must be exactly what the contracts accept."""
    p = Programme(orders=1, trainees=1, days=1)
    _, _, value, headers = next(fact_messages(p))
    envelope = Envelope.model_validate_json(value)
    event = envelope.decode()
    assert isinstance(event, att.AttendanceRecorded), event
    assert envelope.key == event.session_id and dict(headers)["event_id"].decode() == str(envelope.event_id)


async def produce(bootstrap: str, security: dict[str, Any], messages: Iterator[Message], *,
                  window: int = 20_000) -> int:
    """Sends every message, `window` in flight at most (as the stack's admin: `security`); returns how many."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks=1, linger_ms=20, max_batch_size=1024 * 1024,
                                max_request_size=8 * 1024 * 1024, compression_type=None, **security)
    await producer.start()
    sent = 0
    try:
        pending: list[asyncio.Future[Any]] = []
        for topic, key, value, headers in messages:
            pending.append(await producer.send(topic, value=value, key=key, headers=headers))
            sent += 1
            if len(pending) >= window:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return sent
