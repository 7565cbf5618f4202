"""Commands on an invoice's latest version: approve and pay (finance), dispute (the lot holder), re-issue."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from pacte_billing.adapters import invoices, ledger
from pacte_billing.adapters.orders import holder_of
from pacte_billing.domain.commands import ApproveInvoice, DisputeInvoice, PayInvoice, ReissueInvoice
from pacte_billing.domain.lifecycle import Latest, decide_approve, decide_dispute, decide_pay, decide_reissue
from pacte_contracts import billing as events
from pacte_contracts.codes import InvoiceStatus
from pacte_contracts.envelope import Event
from pacte_contracts.refusals import check
from pacte_platform.commands import Caller
from pacte_platform.consumer import Emitter

from .accrual import refresh_accruals
from .context import SERVICE, Context, record
from .issuing import issue
from .views import detailed_views


async def _moved(conn: asyncpg.Connection, latest: Latest, status: InvoiceStatus,
                 reason: str | None = None) -> dict[str, Any]:
    await invoices.set_status(conn, latest.invoice_id, status, reason)
    [moved] = await invoices.load_invoices(conn, invoice_id=latest.invoice_id)
    return {"invoice_id": moved.invoice_id, "order_id": moved.order_id, "period": moved.period,
            "version": moved.version, "status": moved.status, "payable_cents": moved.payable_cents,
            "dispute_reason": moved.dispute_reason}


def _ids(view: dict[str, Any]) -> dict[str, Any]:
    return {k: view[k] for k in ("invoice_id", "order_id", "period", "version")}


async def _record(conn: asyncpg.Connection, caller: Caller, action: str, latest: Latest,
                  after: dict[str, Any], emitted: list[Event]) -> None:
    await record(conn, caller, action=action, entity="invoice", entity_id=latest.invoice_id,
                 before={"status": latest.status.value}, after=after, emitted=emitted)


async def approve_latest(conn: asyncpg.Connection, caller: Caller, latest: Latest | None) -> dict[str, Any]:
    """Approves the latest version (locked by the caller); the approver is kept for the service-done
    certificate. Raises `Refused` before changing anything."""
    status = check(decide_approve(latest))
    assert latest is not None
    view = await _moved(conn, latest, status)
    await invoices.record_approval(conn, latest.invoice_id, caller.subject)
    await _record(conn, caller, ApproveInvoice.NAME, latest, view,
                  [events.InvoiceApproved(**_ids(view), payable_cents=view["payable_cents"])])
    return view


async def pay_latest(conn: asyncpg.Connection, caller: Caller, latest: Latest | None, reference: str | None,
                     paid_on: date | None) -> dict[str, Any]:
    """Payment amounts are the approved `payable_cents` (BILLING.md)."""
    status = check(decide_pay(latest))
    assert latest is not None
    view = await _moved(conn, latest, status)
    paid_on = paid_on or date.today()
    await invoices.record_payment(conn, latest.invoice_id, reference, paid_on, caller.subject)
    await _record(conn, caller, PayInvoice.NAME, latest, {**view, "payment_reference": reference, "paid_on": paid_on},
                  [events.InvoicePaid(**_ids(view), paid_cents=view["payable_cents"], payment_reference=reference,
                                      paid_on=paid_on)])
    return view


async def approve(ctx: Context, command: ApproveInvoice, caller: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work() as conn:
        return await approve_latest(conn, caller, await invoices.latest(conn, command.order_id, command.period))


async def pay(ctx: Context, command: PayInvoice, caller: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work() as conn:
        return await pay_latest(conn, caller, await invoices.latest(conn, command.order_id, command.period),
                                command.payment_reference, command.paid_on)


async def dispute(ctx: Context, command: DisputeInvoice, caller: Caller) -> dict[str, Any]:
    """The disputed version stops counting at once: what it billed is accrued again."""
    async with ctx.unit_of_work() as conn:
        await ledger.lock_ledger(conn)  # no issuing may read the counting invoices meanwhile
        holder = await holder_of(conn, command.order_id)
        latest = await invoices.latest(conn, command.order_id, command.period)
        status = check(decide_dispute(command, caller.subject, holder, latest))
        assert latest is not None
        view = await _moved(conn, latest, status, command.reason)
        accrual = Emitter(producer=SERVICE)
        await refresh_accruals(conn, [command.order_id], accrual)
        await _record(conn, caller, command.NAME, latest, view,
                      [events.InvoiceDisputed(**_ids(view), reason=command.reason), *accrual.events])
    return view


async def reissue(ctx: Context, command: ReissueInvoice, caller: Caller) -> dict[str, Any]:
    """Version n+1, computed like a closing of its period now, issued even with no lines."""
    async with ctx.unit_of_work() as conn:
        await ledger.lock_ledger(conn)
        latest = await invoices.latest(conn, command.order_id, command.period)
        check(decide_reissue(latest))
        assert latest is not None
        [done] = await issue(conn, command.period, [command.order_id], await ledger.watermark(conn), reissue=True)
        accrual = Emitter(producer=SERVICE)
        await refresh_accruals(conn, [command.order_id], accrual)
        versions = await invoices.load_invoices(conn, order_id=command.order_id, period=command.period)
        [view] = detailed_views([v for v in versions if v.invoice_id == done.invoice.invoice_id], versions)
        await _record(conn, caller, command.NAME, latest, view, [*done.events, *accrual.events])
    return view
