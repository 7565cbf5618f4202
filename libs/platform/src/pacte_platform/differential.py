"""Differential tests: random programme histories replayed both into a service's SQL and into its
reference model (test support, like `pacte_platform.testing`; it needs hypothesis).

A history is what the upstream services publish for a small random programme: orders and sessions
(some rescheduled, some cancelled), trainee stays going through enrolment, re-enrolment,
suspensions, resumptions and exits, declarations re-sent with higher revisions, outcomes and
satisfaction re-recorded, milestone achievements, invoices, payments, accruals and job-seeker
counts. :func:`deliveries` hands it to a consumer as Kafka may: in any order, some events again
under a new event id, in batches of any size. Pools are small on purpose, so that keys, scopes and
dates collide. :class:`ScratchSchema` is where the SQL side replays them: one migrated schema,
each example in a transaction rolled back.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from pacte_contracts import attendance as att
from pacte_contracts import billing as bil
from pacte_contracts import improvement as imp
from pacte_contracts import procurement as proc
from pacte_contracts.codes import (
    ActionType,
    Axis,
    BillingUnit,
    Certification,
    Domain,
    DropoutReason,
    LineKind,
    OutcomeStatus,
    PriorityPublic,
    Qualification,
    Territory,
)
from pacte_contracts.envelope import EnvelopeHead, Event, new_event_id
from pacte_platform import db, migrations
from pacte_platform.consumer import Consumed, Emitter, Handler
from pacte_platform.testing import create_database

T = TypeVar("T")

#: A few hundred examples keep `make test` quick; PACTE_DIFFERENTIAL_EXAMPLES=5000 searches deeper.
EXAMPLES = int(os.environ.get("PACTE_DIFFERENTIAL_EXAMPLES", "200"))
#: The settings of a differential test: each example makes database round trips, so no deadline.
differential = settings(max_examples=EXAMPLES, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Histories span four billing periods from this Monday.
FIRST_DAY = date(2019, 9, 2)
SPAN_DAYS = 120

#: Any day of the histories, also what "as of" dates are drawn from (so they fall on fact dates).
days = st.integers(0, SPAN_DAYS - 1).map(lambda n: FIRST_DAY + timedelta(days=n))

# Strategies are built once: building one per draw costs more than drawing from it. Hypothesis
# draws the first element of a `sampled_from` more often than the others: it is the one whose rule
# is richest (opening days, certifying lots, exits, durable employment).
_FLAG = st.booleans()
_FEW = st.integers(0, 2)
_SOON = st.integers(0, 3)
# Quarter and half hours on odd prices land on half cents: rounding is exercised.
_HOURS = st.sampled_from(["0", "0.25", "1", "3.5", "7", "7.50", "7.75"])
_TERMS = st.fixed_dictionaries({
    "territory": st.sampled_from([Territory.ISERE, Territory.RHONE]),
    "domain": st.sampled_from([Domain.DIGITAL, Domain.CONSTRUCTION]),
    "action_type": st.sampled_from([ActionType.CERTIFYING, ActionType.PREPARATORY, ActionType.PROFESSIONALISING]),
    "billing_unit": st.sampled_from([BillingUnit.OPENING_DAY, BillingUnit.TRAINEE_HOUR, BillingUnit.TRAINER_HOUR]),
    "unit_price_cents": st.sampled_from([0, 1, 3, 1234, 6500, 95_000]),
    "return_to_work_bonus_cents": st.sampled_from([0, 25_000, 30_000]),
})
_TENDER = st.sampled_from(["T-1", "T-2"])
_SECOND_AXIS = st.sampled_from([Axis.ESSENTIALS, Axis.TRANSVERSE])
_HOLDER = st.sampled_from(["OF-A", "OF-B"])
_PROFILE = st.fixed_dictionaries({
    "qualification": st.sampled_from([Qualification.BELOW_BAC, None, Qualification.BAC, Qualification.ABOVE_BAC]),
    "jobseeker_registered": st.booleans(),
    "priority_publics": st.sets(st.sampled_from([PriorityPublic.QPV, PriorityPublic.NEET, PriorityPublic.DISABILITY]),
                                max_size=2).map(sorted),
})
_EXIT = st.sampled_from(["completed", "dropped_out", None])
_CERTIFICATION = st.sampled_from(list(Certification))
_REASON = st.sampled_from([DropoutReason.RETURN_TO_WORK, DropoutReason.OTHER, DropoutReason.MATERIAL_REASON])
# Declarations fall in a session's first week (days after its start), and enrolments, exits and
# suspensions near them, so that dates often meet on the boundaries the rules are about.
_EARLY = st.integers(0, 4)
_IN_SESSION = st.integers(0, 10)
_SOME_DAYS = st.sets(_IN_SESSION, max_size=3)
_OPEN_DAYS = st.sets(_IN_SESSION, min_size=1, max_size=4)
_TRAINER_DAYS = st.sets(st.tuples(st.sampled_from(["TR-A", "TR-B"]), _IN_SESSION), max_size=3)
_MONTHS = st.sets(st.sampled_from([6, 12]))
_OBSERVATIONS = st.tuples(st.sampled_from(list(OutcomeStatus)), st.integers(0, 60))
_ANSWERS = st.tuples(st.integers(1, 5), st.integers(0, 45))
_SENDS = st.integers(1, 2)
_CAPACITY = st.integers(1, 12)
_TRAINEES = st.sets(st.sampled_from(["K-1", "K-2", "K-3"]), max_size=2)
_INVOICED_PERIODS = st.lists(st.sampled_from(["2019-09", "2019-10"]), max_size=2, unique=True)
_LINES = st.lists(st.tuples(st.sampled_from(list(LineKind)), st.sampled_from(["1", "-1", "3", "10.75", "0.5", "22"]),
                            st.integers(-500, 5_000)), max_size=3)
_PAYABLE = st.integers(-1_000, 50_000)
_ACCRUALS = st.lists(st.integers(-2_000, 90_000), max_size=3)
_MILESTONES = st.lists(st.tuples(st.sampled_from([0, 80_000]), days), max_size=2)
_TERRITORIES = st.sets(st.sampled_from([Territory.ISERE, Territory.RHONE]))
_JOBSEEKERS = st.sampled_from([0, 3, 60_000])
_COUNT = st.integers(1, 3)
_AMOUNT = st.integers(1, 5_000_000)


def _sends(values: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    """The values one key is sent with, in sending order: revision 1, then re-sends replacing it."""
    return st.lists(values, min_size=1, max_size=3)


_HOUR_SENDS = _sends(_HOURS)
_OUTCOME_SENDS = _sends(_OBSERVATIONS)
_ANSWER_SENDS = _sends(_ANSWERS)
_JOBSEEKER_SENDS = _sends(_JOBSEEKERS)


def _after(draw: st.DrawFn, day: date, within: st.SearchStrategy[int]) -> date:
    return day + timedelta(days=draw(within))


@dataclass
class _Lot:
    terms: dict[str, Any]
    holder: str


@dataclass
class _Stay:
    """What attendance knows of one stay: each event carries the whole stay after it."""

    session_id: str
    organisation_id: str
    trainee_key: str
    start: date  # the session's
    fields: dict[str, Any] = field(default_factory=dict)
    revision: int = 0
    suspensions: int = 0
    last_day: date = FIRST_DAY

    def event(self, kind: type[att.TraineeEvent], day: date, **extra: Any) -> att.TraineeEvent:
        self.revision += 1
        self.last_day = max(self.last_day, day)
        stay = att.Stay.model_validate({**self.fields, "revision": self.revision})
        return kind(session_id=self.session_id, organisation_id=self.organisation_id,
                    trainee_key=self.trainee_key, date=day, stay=stay, **extra)


def _lot(draw: st.DrawFn, n: int, axes: dict[str, Axis]) -> _Lot:
    tender = draw(_TENDER)
    return _Lot(terms={"lot_id": f"L-{n}", "tender_id": tender, "axis": axes[tender], **draw(_TERMS)},
                holder=draw(_HOLDER))


def _stay_events(draw: st.DrawFn, stay: _Stay) -> list[Event]:
    enrolled = _after(draw, stay.start, _EARLY)
    stay.fields = {"enrolled_on": enrolled, "status": "enrolled", "profile": draw(_PROFILE)}
    events: list[Event] = [stay.event(att.TraineeEnrolled, enrolled)]
    if draw(_FLAG):  # re-sent enrolment: replaces the date and the profile
        again = _after(draw, stay.start, _EARLY)
        stay.fields = {**stay.fields, "enrolled_on": again, "profile": draw(_PROFILE)}
        events.append(stay.event(att.TraineeEnrolled, max(again, stay.last_day)))
    for _ in range(draw(_FEW)):
        stay.suspensions += 1
        stay.fields = {**stay.fields, "status": "suspended"}
        events.append(stay.event(att.TraineeSuspended, _after(draw, stay.last_day, _SOON),
                                 suspension_number=stay.suspensions))
        if draw(_FLAG):
            stay.fields = {**stay.fields, "status": "enrolled"}
            events.append(stay.event(att.TraineeResumed, _after(draw, stay.last_day, _SOON)))
    exit_kind = draw(_EXIT)
    # Exits fall on the days declarations are drawn from, or on the stay's last event.
    exited = max(stay.last_day, stay.fields["enrolled_on"], _after(draw, stay.start, _IN_SESSION))
    if exit_kind == "completed":
        certification = draw(_CERTIFICATION)
        stay.fields = {**stay.fields, "status": "completed", "exited_on": exited, "certification": certification}
        events.append(stay.event(att.TraineeCompleted, exited, certification=certification))
    elif exit_kind == "dropped_out":
        reason = draw(_REASON)
        stay.fields = {**stay.fields, "status": "dropped_out", "exited_on": exited, "dropout_reason": reason}
        events.append(stay.event(att.TraineeDroppedOut, exited, reason=reason))
    return events


def _trainee_facts(draw: st.DrawFn, stay: _Stay) -> list[Event]:
    """Attendance, outcomes and satisfaction of one stay, each key re-sent with higher revisions."""
    common: dict[str, Any] = {"session_id": stay.session_id, "organisation_id": stay.organisation_id,
                              "trainee_key": stay.trainee_key}
    events: list[Event] = []
    for offset in draw(_SOME_DAYS):
        events += [att.AttendanceRecorded(**common, date=stay.start + timedelta(days=offset), hours_present=hours,
                                          revision=r)
                   for r, hours in enumerate(draw(_HOUR_SENDS), start=1)]
    exited_on = stay.fields.get("exited_on")
    if exited_on is not None:
        for months in draw(_MONTHS):
            events += [att.OutcomeRecorded(**common, months_after_exit=months, status=status, revision=r,
                                           observed_on=exited_on + timedelta(days=later))
                       for r, (status, later) in enumerate(draw(_OUTCOME_SENDS), start=1)]
    if draw(_FLAG):
        events += [att.SatisfactionRecorded(**common, date=stay.start + timedelta(days=offset), score=score, revision=r)
                   for r, (score, offset) in enumerate(draw(_ANSWER_SENDS), start=1)]
    return events


def _session_facts(draw: st.DrawFn, session_id: str, organisation_id: str, start: date) -> list[Event]:
    """Open days and trainer hours of one session, re-sent with higher revisions."""
    common: dict[str, Any] = {"session_id": session_id, "organisation_id": organisation_id}
    events: list[Event] = []
    for offset in draw(_OPEN_DAYS):
        events += [att.OpenDayDeclared(**common, date=start + timedelta(days=offset), revision=r)
                   for r in range(1, draw(_SENDS) + 1)]
    for trainer, offset in draw(_TRAINER_DAYS):
        day = start + timedelta(days=offset)
        events += [att.TrainerHoursDeclared(**common, trainer_id=trainer, date=day, hours=hours, revision=r)
                   for r, hours in enumerate(draw(_HOUR_SENDS), start=1)]
    return events


def _session(draw: st.DrawFn, session_id: str, order_id: str, lot: _Lot) -> list[Event]:
    starts_on = draw(days)

    def scheduled(kind: type[proc.SessionScheduled], starts_on: date, revision: int) -> Event:
        return kind(**lot.terms, session_id=session_id, order_id=order_id, holder_organisation_id=lot.holder,
                    starts_on=starts_on, ends_on=starts_on + timedelta(days=30), planned_days=[starts_on],
                    hours_per_day="7", capacity=draw(_CAPACITY), place="Lyon", revision=revision)

    events = [scheduled(proc.SessionScheduled, starts_on, 1)]
    if draw(_FLAG):
        events.append(scheduled(proc.SessionRescheduled, draw(days), 2))
    stays = [_Stay(session_id, lot.holder, key, starts_on) for key in draw(_TRAINEES)]
    for stay in stays:
        events += _stay_events(draw, stay)
        events += _trainee_facts(draw, stay)
    if not stays and draw(_FLAG):  # only a session nobody entered can be cancelled
        events.append(proc.SessionCancelled(session_id=session_id, order_id=order_id, lot_id=lot.terms["lot_id"]))
    return events + _session_facts(draw, session_id, lot.holder, starts_on)


def _billing(draw: st.DrawFn, order_id: str) -> list[Event]:
    """Invoices (each version once), payments and accruals of one order, as billing publishes them."""
    events: list[Event] = []
    for period in draw(_INVOICED_PERIODS):
        lines = [bil.InvoiceLine(kind=kind, origin_period=period, ref=None, quantity=quantity, unit_price_cents=100,
                                 amount_cents=amount) for kind, quantity, amount in draw(_LINES)]
        ident: dict[str, Any] = {"invoice_id": f"INV-{order_id}-{period}-v1", "order_id": order_id,
                                 "period": period, "version": 1}
        payable = draw(_PAYABLE)
        events.append(bil.InvoiceIssued(**ident, lines=lines, total_cents=payable, payable_cents=payable,
                                        over_ceiling_cents=0))
        if draw(_FLAG):
            events.append(bil.InvoicePaid(**ident, paid_cents=payable))
    events += [bil.OrderAccrualChanged(order_id=order_id, accrued_cents=accrued, sequence=sequence)
               for sequence, accrued in enumerate(draw(_ACCRUALS), start=1)]
    return events


@st.composite
def histories(draw: st.DrawFn) -> list[Event]:
    """Every event of a small random programme, in the order their producers publish them."""
    axes = {"T-1": Axis.QUALIFYING, "T-2": draw(_SECOND_AXIS)}
    lots = [_lot(draw, n, axes) for n in range(draw(_COUNT))]
    orders = [(f"O-{n}", lots[draw(st.integers(0, len(lots) - 1))]) for n in range(draw(_COUNT))]
    events: list[Event] = [
        proc.OrderPlaced(**lot.terms, order_id=order_id, holder_organisation_id=lot.holder,
                         amount_cents=draw(_AMOUNT))
        for order_id, lot in orders
    ]
    for n in range(draw(_COUNT)):
        order_id, lot = orders[draw(st.integers(0, len(orders) - 1))]
        events += _session(draw, f"S-{n}", order_id, lot)
    for order_id, _ in orders:
        events += [imp.MilestoneAchieved(plan_id=f"P-{order_id}", milestone_id=f"M-{order_id}-{n}", order_id=order_id,
                                         bonus_cents=bonus, achieved_on=day, how="evaluated")
                   for n, (bonus, day) in enumerate(draw(_MILESTONES))]
        events += _billing(draw, order_id)
    for territory in draw(_TERRITORIES):
        events += [proc.JobseekerCountSet(territory=territory, count=count, revision=r)
                   for r, count in enumerate(draw(_JOBSEEKER_SENDS), start=1)]
    return events


@st.composite
def deliveries(draw: st.DrawFn, events: list[Event], max_batches: int = 6) -> list[list[Consumed]]:
    """``events`` as a consumer receives them: in any order, a few again under a new event id (a
    producer's retry), cut into 1 to ``max_batches`` batches of any sizes."""
    again = draw(st.lists(st.sampled_from(events), max_size=len(events) // 3)) if events else []
    messages = draw(st.permutations([*events, *again]))
    now = datetime.now(UTC)
    consumed = [Consumed(EnvelopeHead(event_id=new_event_id(), type=e.event_type(), occurred_at=now,
                                      producer="history", key=e.key()), e, e.TOPIC, 0, offset)
                for offset, e in enumerate(messages)]
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(consumed) - 1)), max_size=max_batches - 1)))
    return [consumed[start:end] for start, end in zip([0, *cuts], [*cuts, len(consumed)], strict=True)
            if start < end]


def replayed(data: st.DataObject) -> tuple[list[Event], list[list[Consumed]]]:
    """A random history, and how it reaches the consumer."""
    events = data.draw(histories(), label="history")
    return events, data.draw(deliveries(events), label="deliveries")


async def consume(conn: asyncpg.Connection, handler: Handler, batches: list[list[Consumed]]) -> None:
    """Hands each batch to a consumer's handler in a transaction of its own, as the platform does."""
    for batch in batches:
        async with conn.transaction():
            await handler(conn, batch, Emitter(producer="differential"))


class ScratchSchema:
    """A service's migrated schema in a fresh database, for synchronous Hypothesis tests: each
    :meth:`run` is one transaction rolled back at its end, so examples neither see each other nor
    pay for a truncation. Handlers' own transactions nest in it as savepoints."""

    def __init__(self, base_url: str, schema: str, migrations_dir: Path) -> None:
        self._loop = asyncio.Runner()
        self._conn: asyncpg.Connection = self._loop.run(self._open(base_url, schema, migrations_dir))

    @staticmethod
    async def _open(base_url: str, schema: str, migrations_dir: Path) -> asyncpg.Connection:
        url = await create_database(base_url)
        conn = await db.connect(url, schema)
        await migrations.ensure_platform_tables(conn, schema)
        await migrations.migrate(conn, schema, migrations_dir)
        return conn

    def run(self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        async def rolled_back() -> T:
            transaction = self._conn.transaction()
            await transaction.start()
            try:
                return await work(self._conn)
            finally:
                await transaction.rollback()

        return self._loop.run(rolled_back())

    def close(self) -> None:
        self._loop.run(self._conn.close())
        self._loop.close()

    def __enter__(self) -> ScratchSchema:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
