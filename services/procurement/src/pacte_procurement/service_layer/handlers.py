"""One async handler per back-office command and per consumed event.

A command handler runs in one transaction: it reads (locking what its rule depends on), asks the
pure domain to decide, stores the result, appends the events to the outbox and writes the audit
row. A refusal raises `Refused` inside the transaction, so a refused command changes nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import asyncpg
from pydantic_core import to_jsonable_python

from pacte_contracts.attendance import EnrolmentCancelled, TraineeEvent
from pacte_contracts.billing import OrderClosed
from pacte_contracts.codes import RejectionReason
from pacte_contracts.envelope import Event
from pacte_contracts.procurement import (
    JobseekerCountSet,
    LotDeclaredUnsuccessful,
    SessionCancelled,
    TenderClosed,
)
from pacte_contracts.refusals import check, refuse
from pacte_platform import outbox
from pacte_platform.audit import audit
from pacte_platform.commands import Caller
from pacte_platform.consumer import Consumed, Emitter
from pacte_procurement.adapters import queries
from pacte_procurement.adapters import repository as repo
from pacte_procurement.domain import (
    AwardLot,
    CancelSession,
    CloseTender,
    DeclareLotUnsuccessful,
    DefineLot,
    Organisation,
    PlaceOrder,
    PublishTender,
    RegisterOrganisation,
    RescheduleSession,
    ScheduleSession,
    SetJobseekerCount,
    decide_award,
    decide_cancel_session,
    decide_close_tender,
    decide_define_lot,
    decide_jobseekers,
    decide_place_order,
    decide_publish_tender,
    decide_register_organisation,
    decide_reschedule,
    decide_schedule_session,
    decide_unsuccessful,
    organisations_to_register,
)

from . import events

SERVICE = "procurement"


@dataclass
class Context:
    """What handlers need from the outside world: the pool and today's date (injectable)."""

    pool: asyncpg.Pool
    today: Callable[[], date]

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[asyncpg.Connection]:
        try:
            async with self.pool.acquire() as conn, conn.transaction():
                yield conn
        except asyncpg.UniqueViolationError as exc:
            # Two concurrent creations of one id: the loser is refused like a sequential duplicate.
            raise refuse(RejectionReason.INVALID, "this id already exists") from exc


async def _record(conn: asyncpg.Connection, caller: Caller, *, action: str, entity: str, entity_id: str,
                  before: Any, after: Any, emitted: list[Event]) -> None:
    await outbox.append(conn, emitted, producer=SERVICE, correlation_id=caller.correlation_id)
    await audit(conn, actor=caller.subject, role=caller.role, action=action, entity=entity, entity_id=entity_id,
                before=to_jsonable_python(before), after=to_jsonable_python(after),
                correlation_id=caller.correlation_id)


# --- tenders -------------------------------------------------------------------------------------

async def publish_tender(ctx: Context, draft: PublishTender, actor: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work() as conn:
        tender = check(decide_publish_tender(draft, tender_exists=await repo.tender_exists(conn, draft.tender_id)))
        await repo.insert_tender(conn, tender)
        view = await queries.tender(conn, tender.tender_id)
        await _record(conn, actor, action="tender.publish", entity="tender", entity_id=tender.tender_id,
                      before=None, after=view, emitted=[events.tender_published(tender)])
    assert view is not None
    return view


async def close_tender(ctx: Context, command: CloseTender, actor: Caller) -> dict[str, Any]:
    tender_id = command.tender_id
    async with ctx.unit_of_work() as conn:
        before = await queries.tender(conn, tender_id)
        tender = check(decide_close_tender(await repo.get_tender(conn, tender_id, for_update=True)))
        await repo.set_tender_status(conn, tender_id, tender.status)
        view = await queries.tender(conn, tender_id)
        await _record(conn, actor, action="tender.close", entity="tender", entity_id=tender_id,
                      before=before, after=view, emitted=[TenderClosed(tender_id=tender_id)])
    assert view is not None
    return view


# --- lots ----------------------------------------------------------------------------------------

async def define_lot(ctx: Context, draft: DefineLot, actor: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work() as conn:
        # FOR SHARE: the tender cannot close between this check and the commit.
        tender = await repo.get_tender(conn, draft.tender_id, for_share=True)
        lot = check(decide_define_lot(draft, lot_exists=await repo.lot_exists(conn, draft.lot_id), tender=tender))
        assert tender is not None
        await repo.insert_lot(conn, lot)
        view = await queries.lot(conn, lot.lot_id)
        await _record(conn, actor, action="lot.define", entity="lot", entity_id=lot.lot_id, before=None,
                      after=view, emitted=[events.lot_defined(lot, tender.axis)])
    assert view is not None
    return view


async def award_lot(ctx: Context, award: AwardLot, actor: Caller) -> dict[str, Any]:
    lot_id = award.lot_id
    async with ctx.unit_of_work() as conn:
        before = await queries.lot(conn, lot_id)
        lot = check(decide_award(await repo.get_lot(conn, lot_id, for_update=True), award))
        assert lot.holder_id is not None
        known = await repo.known_organisations(conn, lot.members)
        previous = known.get(lot.holder_id)
        name = award.organisation_name or lot.holder_id
        # The award names the holder; its legal data stays as registered (and is published again with it).
        holder = replace(previous, name=name) if previous else Organisation(lot.holder_id, name)
        registered = organisations_to_register(holder, lot.members, frozenset(known))
        await repo.upsert_organisations(conn, registered)
        await repo.save_lot_decision(conn, lot)
        view = await queries.lot(conn, lot_id)
        await _record(conn, actor, action="lot.award", entity="lot", entity_id=lot_id, before=before, after=view,
                      emitted=[*(events.organisation_registered(o) for o in registered), events.lot_awarded(lot)])
    assert view is not None
    return view


async def declare_unsuccessful(ctx: Context, command: DeclareLotUnsuccessful, actor: Caller) -> dict[str, Any]:
    lot_id = command.lot_id
    async with ctx.unit_of_work() as conn:
        before = await queries.lot(conn, lot_id)
        lot = check(decide_unsuccessful(await repo.get_lot(conn, lot_id, for_update=True)))
        await repo.save_lot_decision(conn, lot)
        view = await queries.lot(conn, lot_id)
        await _record(conn, actor, action="lot.unsuccessful", entity="lot", entity_id=lot_id, before=before,
                      after=view, emitted=[LotDeclaredUnsuccessful(lot_id=lot_id, tender_id=lot.tender_id)])
    assert view is not None
    return view


# --- orders --------------------------------------------------------------------------------------

async def place_order(ctx: Context, draft: PlaceOrder, actor: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work() as conn:
        lot = await repo.get_lot(conn, draft.lot_id, for_share=True)
        tender = None
        committed = 0
        if lot is not None:
            # The budget rule reads then raises the tender's committed sum: the row lock serialises
            # concurrent orders of one tender, orders of other tenders do not wait.
            locked = await repo.lock_tender_budget(conn, lot.tender_id)
            if locked is not None:
                tender, committed = locked
        order = check(decide_place_order(draft, lot, tender, committed,
                                         order_exists=await repo.order_exists(conn, draft.order_id)))
        assert lot is not None and tender is not None
        await repo.insert_order(conn, order)
        await repo.add_committed(conn, tender.tender_id, order.amount_cents)
        view = await queries.order(conn, order.order_id)
        await _record(conn, actor, action="order.place", entity="order", entity_id=order.order_id, before=None,
                      after=view, emitted=[events.order_placed(order, lot, tender.axis)])
    assert view is not None
    return view


# --- sessions ------------------------------------------------------------------------------------

async def schedule_session(ctx: Context, draft: ScheduleSession, actor: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work() as conn:
        order = await repo.get_order(conn, draft.order_id)
        lot = None if order is None else await repo.get_lot(conn, order.lot_id)
        session = check(decide_schedule_session(
            draft, session_exists=await repo.session_exists(conn, draft.session_id), order=order, lot=lot))
        assert lot is not None
        tender = await repo.get_tender(conn, lot.tender_id)
        assert tender is not None
        await repo.insert_session(conn, session)
        view = await queries.session(conn, session.session_id, ctx.today())
        await _record(conn, actor, action="session.schedule", entity="session", entity_id=session.session_id,
                      before=None, after=view, emitted=[events.session_planned(session, lot, tender.axis, 1)])
    assert view is not None
    return view


async def reschedule_session(ctx: Context, draft: RescheduleSession, actor: Caller) -> dict[str, Any]:
    session_id = draft.session_id
    today = ctx.today()
    async with ctx.unit_of_work() as conn:
        found = await repo.get_session(conn, session_id, for_update=True)
        if found is None:
            raise refuse(RejectionReason.UNKNOWN_SESSION, f"unknown session {session_id!r}")
        current, _ = found
        lot = await repo.get_lot(conn, current.lot_id)
        assert lot is not None
        before = await queries.session(conn, session_id, today)
        session = check(decide_reschedule(current, draft, today=today, lot=lot,
                                          enrolled_count=await repo.enrolment_count(conn, session_id)))
        revision = await repo.save_rescheduled(conn, session)
        tender = await repo.get_tender(conn, lot.tender_id)
        assert tender is not None
        view = await queries.session(conn, session_id, today)
        await _record(conn, actor, action="session.reschedule", entity="session", entity_id=session_id,
                      before=before, after=view,
                      emitted=[events.session_planned(session, lot, tender.axis, revision)])
    assert view is not None
    return view


async def cancel_session(ctx: Context, command: CancelSession, actor: Caller) -> dict[str, Any]:
    session_id = command.session_id
    today = ctx.today()
    async with ctx.unit_of_work() as conn:
        found = await repo.get_session(conn, session_id, for_update=True)
        before = await queries.session(conn, session_id, today)
        session = check(decide_cancel_session(
            None if found is None else found[0], await repo.enrolment_count(conn, session_id) > 0))
        await repo.mark_cancelled(conn, session_id)
        view = await queries.session(conn, session_id, today)
        await _record(conn, actor, action="session.cancel", entity="session", entity_id=session_id,
                      before=before, after=view,
                      emitted=[SessionCancelled(session_id=session_id, order_id=session.order_id,
                                                lot_id=session.lot_id)])
    assert view is not None
    return view


# --- organisations and reference data ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Registered:
    created: bool
    organisation: dict[str, Any]


async def register_organisation(ctx: Context, command: RegisterOrganisation, actor: Caller) -> Registered:
    """Registers or updates an organisation. An unchanged one emits nothing."""
    async with ctx.unit_of_work() as conn:
        previous = await repo.get_organisation(conn, command.organisation_id, for_update=True)
        merged = check(decide_register_organisation(command, previous))
        if previous != merged:
            before = await queries.organisation(conn, merged.organisation_id)
            await repo.upsert_organisations(conn, [merged])
            view = await queries.organisation(conn, merged.organisation_id)
            await _record(conn, actor, action="organisation.register", entity="organisation",
                          entity_id=merged.organisation_id, before=before, after=view,
                          emitted=[events.organisation_registered(merged)])
        else:
            view = await queries.organisation(conn, merged.organisation_id)
    assert view is not None
    return Registered(previous is None, view)


async def set_jobseekers(ctx: Context, command: SetJobseekerCount, actor: Caller) -> dict[str, Any]:
    reference = check(decide_jobseekers(command))
    async with ctx.unit_of_work() as conn:
        previous, revision = await repo.set_jobseeker_count(conn, reference)
        view = {"territory": reference.territory.value, "count": reference.count, "revision": revision}
        await _record(conn, actor, action="reference.jobseekers", entity="jobseeker_count",
                      entity_id=reference.territory.value,
                      before=None if previous is None else {"count": previous}, after=view,
                      emitted=[JobseekerCountSet(territory=reference.territory, count=reference.count,
                                                 revision=revision)])
    return view


# --- consumed events -----------------------------------------------------------------------------

async def on_attendance_session_events(conn: asyncpg.Connection, batch: list[Consumed], _: Emitter) -> None:
    """Keeps who entered each session, to refuse cancelling a session with enrolments.

    Any trainee event proves an enrolment (a suspension may overtake its enrolment); a cancelled
    enrolment never existed. The newest stay revision of each pair wins, so redelivery and
    reordering are harmless. One statement per batch.
    """
    newest: dict[tuple[str, str], tuple[int, bool]] = {}
    for event in (c.event for c in batch):
        if isinstance(event, TraineeEvent):
            seen = (event.session_id, event.trainee_key), (event.stay.revision, False)
        elif isinstance(event, EnrolmentCancelled):
            seen = (event.session_id, event.trainee_key), (event.stay_revision, True)
        else:
            continue
        if seen[0] not in newest or newest[seen[0]][0] < seen[1][0]:
            newest[seen[0]] = seen[1]
    await repo.record_stays(conn, [(s, t, r, c) for (s, t), (r, c) in sorted(newest.items())])


async def on_order_closed(conn: asyncpg.Connection, batch: list[Consumed], _: Emitter) -> None:
    """Billing closed orders (it alone knows what they earned): lower their amount, release the rest
    to the tender's budget and refuse new sessions. Applied once per order (redeliveries change nothing)."""
    for closed in (c.event for c in batch):
        if isinstance(closed, OrderClosed):
            await repo.close_order(conn, closed.order_id, closed.amount_cents)
