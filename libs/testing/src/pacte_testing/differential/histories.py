"""A small random programme: orders and sessions (some rescheduled, some cancelled), their trainees,
open days and trainer hours, milestone achievements, invoices, payments, accruals, job-seeker counts.

With ``corrections`` (rules version 2), also what a year of operation corrects: open days withdrawn
(and maybe declared again), enrolments made by mistake and cancelled (and maybe made again),
invoices disputed and re-issued as version n+1 (or not yet), orders closed at a lowered amount."""

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
    ACCRUALS,
    AMOUNT,
    CAPACITY,
    COUNT,
    DISPUTES,
    FLAG,
    HOLDER,
    HOUR_SENDS,
    INVOICED_PERIODS,
    JOBSEEKER_SENDS,
    KEPT_PERCENT,
    LINES,
    MILESTONES,
    OPEN_DAYS,
    PAYABLE,
    SECOND_AXIS,
    SENDS,
    SETTLED,
    TENDER,
    TERMS,
    TERRITORIES,
    TRAINEES,
    TRAINER_DAYS,
    days,
)
from .trainees import TraineeStay, trainee_events


@dataclass
class _Lot:
    terms: dict[str, Any]
    holder: str


def _lot(draw: st.DrawFn, n: int, axes: dict[str, Axis]) -> _Lot:
    tender = draw(TENDER)
    return _Lot(terms={"lot_id": f"L-{n}", "tender_id": tender, "axis": axes[tender], **draw(TERMS)},
                holder=draw(HOLDER))


def _session_facts(draw: st.DrawFn, session_id: str, organisation_id: str, start: date,
                   corrections: bool) -> list[Event]:
    """Open days (re-sent, maybe withdrawn and declared again) and trainer hours of one session."""
    common: dict[str, Any] = {"session_id": session_id, "organisation_id": organisation_id}
    events: list[Event] = []
    for offset in draw(OPEN_DAYS):
        day = start + timedelta(days=offset)
        sent = draw(SENDS)
        events += [att.OpenDayDeclared(**common, date=day, revision=r) for r in range(1, sent + 1)]
        if corrections and draw(FLAG):
            events.append(att.OpenDayWithdrawn(**common, date=day, revision=sent + 1))
            if draw(FLAG):
                events.append(att.OpenDayDeclared(**common, date=day, revision=sent + 2))
    for trainer, offset in draw(TRAINER_DAYS):
        day = start + timedelta(days=offset)
        events += [att.TrainerHoursDeclared(**common, trainer_id=trainer, date=day, hours=hours, revision=r)
                   for r, hours in enumerate(draw(HOUR_SENDS), start=1)]
    return events


def _session(draw: st.DrawFn, session_id: str, order_id: str, lot: _Lot, corrections: bool) -> list[Event]:
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
        events += trainee_events(draw, stay, corrections)
    if not stays and draw(FLAG):  # only a session nobody entered can be cancelled
        events.append(proc.SessionCancelled(session_id=session_id, order_id=order_id, lot_id=lot.terms["lot_id"]))
    return events + _session_facts(draw, session_id, lot.holder, starts_on, corrections)


def _invoice(draw: st.DrawFn, order_id: str, period: str, version: int) -> bil.InvoiceIssued:
    lines = [bil.InvoiceLine(kind=kind, origin_period=period, ref=None, quantity=quantity, unit_price_cents=100,
                             amount_cents=amount) for kind, quantity, amount in draw(LINES)]
    payable = draw(PAYABLE)
    return bil.InvoiceIssued(invoice_id=f"INV-{order_id}-{period}-v{version}", order_id=order_id, period=period,
                             version=version, lines=lines, total_cents=payable, payable_cents=payable,
                             over_ceiling_cents=0, reissued=version > 1)


def _invoice_versions(draw: st.DrawFn, order_id: str, period: str, corrections: bool) -> list[Event]:
    """The versions of one (order, period)'s invoice: each disputed one replaced by the next (the last
    one maybe not yet), and the latest approved or paid or neither."""
    disputes = draw(DISPUTES) if corrections else 0
    events: list[Event] = []
    for version in range(1, disputes + 2):
        invoice = _invoice(draw, order_id, period, version)
        ident: dict[str, Any] = {"invoice_id": invoice.invoice_id, "order_id": order_id, "period": period,
                                 "version": version}
        approved = bil.InvoiceApproved(**ident, payable_cents=invoice.payable_cents)
        events.append(invoice)
        if version <= disputes:  # issued or approved, then disputed
            events += [approved] if draw(FLAG) else []
            events.append(bil.InvoiceDisputed(**ident, reason="quantités contestées"))
            if version == disputes and draw(FLAG):  # not re-issued yet
                break
            continue
        settled = draw(SETTLED)
        events += [approved] if settled in ("approved", "paid") else []
        events += [bil.InvoicePaid(**ident, paid_cents=invoice.payable_cents)] if settled == "paid" else []
    return events


def _billing(draw: st.DrawFn, order: proc.OrderPlaced, corrections: bool) -> list[Event]:
    """Invoices (each version once), payments, accruals and the closing of one order, as billing
    publishes them."""
    events: list[Event] = []
    for period in draw(INVOICED_PERIODS):
        events += _invoice_versions(draw, order.order_id, period, corrections)
    events += [bil.OrderAccrualChanged(order_id=order.order_id, accrued_cents=accrued, sequence=sequence)
               for sequence, accrued in enumerate(draw(ACCRUALS), start=1)]
    if corrections and draw(FLAG):
        kept = order.amount_cents * draw(KEPT_PERCENT) // 100
        events.append(bil.OrderClosed(order_id=order.order_id, lot_id=order.lot_id, tender_id=order.tender_id,
                                      previous_amount_cents=order.amount_cents, amount_cents=kept,
                                      released_cents=order.amount_cents - kept))
    return events


@st.composite
def histories(draw: st.DrawFn, corrections: bool = False) -> list[Event]:
    """Every event of a small random programme, in the order their producers publish them; with
    ``corrections``, version 2's withdrawals, cancellations, disputes, re-issues and order closings."""
    axes = {"T-1": Axis.QUALIFYING, "T-2": draw(SECOND_AXIS)}
    lots = [_lot(draw, n, axes) for n in range(draw(COUNT))]
    orders = [(f"O-{n}", lots[draw(st.integers(0, len(lots) - 1))]) for n in range(draw(COUNT))]
    placed = [proc.OrderPlaced(**lot.terms, order_id=order_id, holder_organisation_id=lot.holder,
                               amount_cents=draw(AMOUNT))
              for order_id, lot in orders]
    events: list[Event] = list(placed)
    for n in range(draw(COUNT)):
        order_id, lot = orders[draw(st.integers(0, len(orders) - 1))]
        events += _session(draw, f"S-{n}", order_id, lot, corrections)
    for order in placed:
        events += [imp.MilestoneAchieved(plan_id=f"P-{order.order_id}", milestone_id=f"M-{order.order_id}-{n}",
                                         order_id=order.order_id, bonus_cents=bonus, achieved_on=day,
                                         how="evaluated")
                   for n, (bonus, day) in enumerate(draw(MILESTONES))]
        events += _billing(draw, order, corrections)
    for territory in draw(TERRITORIES):
        events += [proc.JobseekerCountSet(territory=territory, count=count, revision=r)
                   for r, count in enumerate(draw(JOBSEEKER_SENDS), start=1)]
    return events
