"""A small random programme: orders and sessions (some rescheduled, some cancelled), their trainees
(some enrolments cancelled), open days (some withdrawn) and trainer hours, milestone achievements,
invoices, payments, accruals, job-seeker counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from pacte_contracts import attendance as att
from pacte_contracts import billing as bil
from pacte_contracts import improvement as imp
from pacte_contracts import procurement as proc
from pacte_contracts.codes import Axis
from pacte_contracts.envelope import Event

from .pools import (
    ABSENT_SENDS,
    ACCRUALS,
    AMOUNT,
    CAPACITY,
    COUNT,
    FLAG,
    HOLDER,
    HOUR_SENDS,
    INVOICED_PERIODS,
    JOBSEEKER_SENDS,
    LINES,
    MILESTONES,
    OPEN_DAYS,
    PAYABLE,
    SECOND_AXIS,
    SENDS,
    TENDER,
    TERMS,
    TERRITORIES,
    TRAINEES,
    TRAINER_DAYS,
    days,
)
from .trainees import TraineeStay, stay_events, trainee_facts
from .withdrawals import cancellation, open_day_withdrawals


@dataclass
class _Lot:
    terms: dict[str, Any]
    holder: str


def _lot(draw: st.DrawFn, n: int, axes: dict[str, Axis]) -> _Lot:
    tender = draw(TENDER)
    return _Lot(terms={"lot_id": f"L-{n}", "tender_id": tender, "axis": axes[tender], **draw(TERMS)},
                holder=draw(HOLDER))


def _session_facts(draw: st.DrawFn, session_id: str, organisation_id: str, start: date) -> list[Event]:
    """Open days and trainer hours of one session, re-sent with higher revisions."""
    common: dict[str, Any] = {"session_id": session_id, "organisation_id": organisation_id}
    declared = [att.OpenDayDeclared(**common, date=start + timedelta(days=offset), revision=r)
                for offset in draw(OPEN_DAYS) for r in range(1, draw(SENDS) + 1)]
    events: list[Event] = [*declared, *open_day_withdrawals(draw, declared)]
    for trainer, offset in draw(TRAINER_DAYS):
        day = start + timedelta(days=offset)
        events += [att.TrainerHoursDeclared(**common, trainer_id=trainer, date=day, hours=hours, revision=r)
                   for r, hours in enumerate(draw(HOUR_SENDS), start=1)]
    return events


def _session(draw: st.DrawFn, session_id: str, order_id: str, lot: _Lot) -> list[Event]:
    starts_on = draw(days)

    def scheduled(kind: type[proc.SessionScheduled], starts_on: date, revision: int) -> Event:
        return kind(**lot.terms, session_id=session_id, order_id=order_id, holder_organisation_id=lot.holder,
                    starts_on=starts_on, ends_on=starts_on + timedelta(days=30), planned_days=[starts_on],
                    hours_per_day="7", capacity=draw(CAPACITY), place="Lyon", revision=revision)

    events = [scheduled(proc.SessionScheduled, starts_on, 1)]
    if draw(FLAG):
        events.append(scheduled(proc.SessionRescheduled, draw(days), 2))
    stays = [TraineeStay(session_id, lot.holder, key, starts_on) for key in draw(TRAINEES)]
    for stay in stays:
        events += stay_events(draw, stay)
        # An enrolment made by mistake: no exit, no hour attended, then cancelled.
        cancelled = stay.fields.get("exited_on") is None and draw(FLAG)
        facts = trainee_facts(draw, stay, ABSENT_SENDS if cancelled else HOUR_SENDS)
        events += facts
        if cancelled:
            events += cancellation(draw, stay, facts)
    if not stays and draw(FLAG):  # only a session nobody entered can be cancelled
        events.append(proc.SessionCancelled(session_id=session_id, order_id=order_id, lot_id=lot.terms["lot_id"]))
    return events + _session_facts(draw, session_id, lot.holder, starts_on)


def _billing(draw: st.DrawFn, order_id: str) -> list[Event]:
    """Invoices (each version once), payments and accruals of one order, as billing publishes them."""
    events: list[Event] = []
    for period in draw(INVOICED_PERIODS):
        lines = [bil.InvoiceLine(kind=kind, origin_period=period, ref=None, quantity=quantity, unit_price_cents=100,
                                 amount_cents=amount) for kind, quantity, amount in draw(LINES)]
        ident: dict[str, Any] = {"invoice_id": f"INV-{order_id}-{period}-v1", "order_id": order_id,
                                 "period": period, "version": 1}
        payable = draw(PAYABLE)
        events.append(bil.InvoiceIssued(**ident, lines=lines, total_cents=payable, payable_cents=payable,
                                        over_ceiling_cents=0))
        if draw(FLAG):
            events.append(bil.InvoicePaid(**ident, paid_cents=payable))
    events += [bil.OrderAccrualChanged(order_id=order_id, accrued_cents=accrued, sequence=sequence)
               for sequence, accrued in enumerate(draw(ACCRUALS), start=1)]
    return events


@st.composite
def histories(draw: st.DrawFn) -> list[Event]:
    """Every event of a small random programme, in the order their producers publish them."""
    axes = {"T-1": Axis.QUALIFYING, "T-2": draw(SECOND_AXIS)}
    lots = [_lot(draw, n, axes) for n in range(draw(COUNT))]
    orders = [(f"O-{n}", lots[draw(st.integers(0, len(lots) - 1))]) for n in range(draw(COUNT))]
    events: list[Event] = [
        proc.OrderPlaced(**lot.terms, order_id=order_id, holder_organisation_id=lot.holder,
                         amount_cents=draw(AMOUNT))
        for order_id, lot in orders
    ]
    for n in range(draw(COUNT)):
        order_id, lot = orders[draw(st.integers(0, len(orders) - 1))]
        events += _session(draw, f"S-{n}", order_id, lot)
    for order_id, _ in orders:
        events += [imp.MilestoneAchieved(plan_id=f"P-{order_id}", milestone_id=f"M-{order_id}-{n}", order_id=order_id,
                                         bonus_cents=bonus, achieved_on=day, how="evaluated")
                   for n, (bonus, day) in enumerate(draw(MILESTONES))]
        events += _billing(draw, order_id)
    for territory in draw(TERRITORIES):
        events += [proc.JobseekerCountSet(territory=territory, count=count, revision=r)
                   for r, count in enumerate(draw(JOBSEEKER_SENDS), start=1)]
    return events
