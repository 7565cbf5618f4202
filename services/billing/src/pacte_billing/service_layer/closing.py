"""Period closing on a consistent cut (docs/architecture.md), billing's side.

POST close records the closing and announces it. P's invoices are issued once two things are in,
whichever comes last: billing's facts consumer holds the closing's cut (every producer's marker:
the ledger then holds exactly what the closing includes) and improvement's MilestonesEvaluated(P),
whose achievements are billed on P's invoices in the same transaction. Then the cut is released.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from pacte_billing.adapters import invoices as repo
from pacte_billing.adapters import ledger
from pacte_billing.domain.invoicing import CurrentQuantity, apply_ceiling, ceiling_reached, compute_lines, lines_total
from pacte_billing.domain.periods import last_day
from pacte_billing.metrics import CEILINGS_REACHED, INVOICES_ISSUED
from pacte_billing.service_layer.accrual import refresh_accruals
from pacte_contracts import billing as events
from pacte_contracts.envelope import Event
from pacte_contracts.improvement import MilestonesEvaluated
from pacte_contracts.rules import canonical_quantity
from pacte_platform import cuts
from pacte_platform.consumer import Consumed, Emitter
from pacte_platform.logging import get_logger

log = get_logger(component="closing")

AWAITING = "awaiting_milestone_evaluation"
CLOSED = "closed"


def closing_view(row: asyncpg.Record | None, period: str, cut: cuts.Progress | None = None) -> dict[str, Any]:
    """The closing's state; while it runs, what it waits for: the markers of the cut still awaited
    (topic and partition), and improvement's evaluation."""
    if row is None:
        return {"period": period, "status": "open", "as_of": last_day(period).isoformat(), "invoices_issued": None,
                "started_at": None, "closed_at": None, "progress": None}
    progress = None
    if row["status"] != CLOSED:
        progress = {
            "cut": cut.as_dict() if cut is not None else {"cut_id": events.closing_cut_id(period), "status": "open",
                                                         "awaited": None, "arrived": 0, "expected": None},
            "cut_aligned_at": _iso(row["cut_aligned_at"]),
            "milestones_evaluated_at": _iso(row["evaluated_at"]),
        }
    return {
        "period": period, "status": row["status"], "as_of": row["as_of"].isoformat(),
        "invoices_issued": row["invoices_issued"],
        "started_at": _iso(row["started_at"]),
        "closed_at": _iso(row["closed_at"]),
        "progress": progress,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def request_closing(conn: asyncpg.Connection, period: str, actor: str) -> tuple[int, dict[str, Any], list[Event]]:
    """Starts the closing of `period`; a closing already started or done is answered as it stands."""
    existing = await repo.closing(conn, period, for_update=True)
    if existing is not None:
        return (200 if existing["status"] == CLOSED else 202), closing_view(existing, period), []
    as_of = last_day(period)
    await repo.start_closing(conn, period, as_of, actor)
    started = await repo.closing(conn, period)
    return 202, closing_view(started, period), [events.PeriodClosingStarted(period=period, as_of=as_of.isoformat())]


def invoice_event(invoice: repo.NewInvoice) -> events.InvoiceIssued:
    return events.InvoiceIssued(
        invoice_id=invoice.invoice_id, order_id=invoice.order_id, period=invoice.period, version=invoice.version,
        lines=[events.InvoiceLine(kind=line.kind, origin_period=line.origin_period, ref=line.ref,
                                  quantity=canonical_quantity(line.quantity), unit_price_cents=line.unit_price_cents,
                                  amount_cents=line.amount_cents) for line in invoice.lines],
        total_cents=invoice.total_cents, payable_cents=invoice.payable_cents,
        over_ceiling_cents=invoice.over_ceiling_cents,
    )


@dataclass(frozen=True, slots=True)
class Drafted:
    invoice: repo.NewInvoice
    events: list[Event]


def draft_invoice(terms: ledger.OrderTerms, period: str, version: int, current: Sequence[CurrentQuantity],
                  billed: repo.BilledSoFar, watermark: int | None) -> Drafted | None:
    """One order's invoice for `period`, or None when nothing is billable."""
    lines = compute_lines(period, current, billed.lines)
    if not lines:
        return None
    ceiling = apply_ceiling(lines_total(lines), billed.lines_total_cents, billed.payable_cents, terms.amount_cents)
    invoice = repo.NewInvoice(
        invoice_id=repo.invoice_id_for(terms.order_id, period, version), order_id=terms.order_id, period=period,
        version=version, lines=lines, total_cents=ceiling.total_cents, payable_cents=ceiling.payable_cents,
        over_ceiling_cents=ceiling.over_ceiling_cents, fact_watermark=watermark,
    )
    emitted: list[Event] = [invoice_event(invoice)]
    if ceiling_reached(billed.payable_cents, ceiling.payable_cents, terms.amount_cents):
        emitted.append(events.OrderCeilingReached(order_id=terms.order_id, invoice_id=invoice.invoice_id,
                                                  amount_cents=terms.amount_cents,
                                                  over_ceiling_cents=ceiling.over_ceiling_cents))
    return Drafted(invoice, emitted)


async def issue_for_orders(conn: asyncpg.Connection, period: str, order_ids: Sequence[str] | None,
                           watermark: int | None) -> list[Drafted]:
    """Issues `period`'s invoice for each order with something billable (all orders when None)."""
    terms = await repo.order_terms(conn, order_ids)
    if not terms:
        return []
    current = await repo.current_quantities(conn, terms)
    billed = await repo.billed_so_far(conn, terms)
    versions = {
        r["order_id"]: int(r["v"])
        for r in await conn.fetch(
            "SELECT order_id, max(version) AS v FROM invoices WHERE period = $1 AND order_id = ANY($2::text[]) "
            "GROUP BY order_id", period, list(terms))
    }
    drafted = [
        d for order_id in sorted(terms)
        if (d := draft_invoice(terms[order_id], period, versions.get(order_id, 0) + 1, current.get(order_id, []),
                               billed[order_id], watermark)) is not None
    ]
    await repo.insert_invoices(conn, [d.invoice for d in drafted])
    INVOICES_ISSUED.inc(len(drafted))
    CEILINGS_REACHED.inc(sum(isinstance(e, events.OrderCeilingReached) for d in drafted for e in d.events))
    return drafted


async def reissue_disputed(conn: asyncpg.Connection, up_to_period: str | None, watermark: int) -> list[Drafted]:
    """Replaces each disputed invoice by a new version from the facts known now."""
    drafted: list[Drafted] = []
    for order_id, period, _ in await repo.pending_disputes(conn, up_to_period):
        drafted.extend(await issue_for_orders(conn, period, [order_id], watermark))
    return drafted


async def issue_period(conn: asyncpg.Connection, period: str, emit: Emitter) -> set[str]:
    """Issues P's invoices and marks P closed; the caller holds the ledger lock."""
    watermark = await ledger.watermark(conn)
    # Pending disputes first: otherwise P's invoice would re-bill the disputed lines itself.
    drafted = await reissue_disputed(conn, period, watermark)
    issued_now = await issue_for_orders(conn, period, None, watermark)
    for d in [*drafted, *issued_now]:
        emit.emit(*d.events)
    await repo.mark_closed(conn, period, last_day(period), len(issued_now))
    emit.emit(events.PeriodClosed(period=period, invoices_issued=len(issued_now)))
    return {d.invoice.order_id for d in [*drafted, *issued_now]}


class ClosingHandlers:
    """The two halves of a closing, met in the closings row (each locks it): the facts consumer's
    cut and the evaluation consumer's answer. `facts_consumer` is the group holding the cut."""

    def __init__(self, facts_consumer: str) -> None:
        self.facts_consumer = facts_consumer

    async def on_cut(self, conn: asyncpg.Connection, cut_id: str, emit: Emitter) -> bool:
        """The closing's cut is aligned: the ledger holds exactly what it includes."""
        period = events.period_of_cut(cut_id)
        row = None if period is None else await repo.closing(conn, period, for_update=True)
        if row is None or row["status"] != AWAITING:
            return True  # a rebuild replaying history, or a cut that is not a pending closing
        await conn.execute("UPDATE closings SET cut_aligned_at = now() WHERE period = $1", period)
        log.info("closing's cut aligned", period=period, evaluated=row["evaluated_at"] is not None)
        if row["evaluated_at"] is None:
            return False  # held until the evaluation is in
        await self._issue(conn, str(period), emit)
        return True

    async def on_evaluations(self, conn: asyncpg.Connection, consumed: list[Consumed], emit: Emitter) -> None:
        """MilestonesEvaluated(P): record the achievements' bonuses; issue P's invoices if the cut is in."""
        evaluations = [c for c in consumed if isinstance(c.event, MilestonesEvaluated)]
        if not evaluations:
            return
        await ledger.lock_ledger(conn)
        facts = [
            ledger.MilestoneFact(c.envelope.event_id, a.milestone_id, a.plan_id, a.order_id, a.bonus_cents,
                                 a.achieved_on)
            for c in evaluations for a in c.event.achievements  # type: ignore[attr-defined]
        ]
        touched = await ledger.record_milestones(conn, facts)
        for period in sorted({c.event.period for c in evaluations}):  # type: ignore[attr-defined]
            row = await repo.closing(conn, period, for_update=True)
            # Without a closing started here (a rebuild replaying history, or a stray answer) the
            # invoices of that time come back from billing's own InvoiceIssued events instead.
            if row is None or row["status"] != AWAITING:
                continue
            await conn.execute("UPDATE closings SET evaluated_at = coalesce(evaluated_at, now()) WHERE period = $1",
                               period)
            if row["cut_aligned_at"] is not None:
                touched |= await self._issue(conn, period, emit, refresh=False)
                await cuts.release(conn, self.facts_consumer, events.closing_cut_id(period))
        await refresh_accruals(conn, touched, emit)

    async def _issue(self, conn: asyncpg.Connection, period: str, emit: Emitter, refresh: bool = True) -> set[str]:
        await ledger.lock_ledger(conn)
        touched = await issue_period(conn, period, emit)
        if refresh:
            await refresh_accruals(conn, touched, emit)
        return touched

    async def progress(self, conn: asyncpg.Connection, period: str) -> cuts.Progress | None:
        return await cuts.progress_of(conn, self.facts_consumer, events.closing_cut_id(period))
