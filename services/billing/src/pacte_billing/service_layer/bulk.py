"""Finance's bulk commands: approve many invoices, pay many with one transfer. One transaction; each
invoice decided on its own, as its single command would be, so the answer says which moved and why
the others were refused (none of them changed)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from pacte_billing.adapters import invoices
from pacte_billing.domain.commands import ApproveInvoices, PayInvoices
from pacte_billing.domain.lifecycle import Latest
from pacte_contracts.refusals import Refused
from pacte_platform.commands import Caller

from .context import Context
from .invoices import approve_latest, pay_latest

Move = Callable[[asyncpg.Connection, Latest | None], Awaitable[dict[str, Any]]]


def _refused(invoice_id: str, code: str, detail: str) -> dict[str, Any]:
    return {"invoice_id": invoice_id, "outcome": "refused", "status": None, "code": code, "detail": detail}


async def _each(ctx: Context, invoice_ids: list[str], move: Move) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    async with ctx.unit_of_work() as conn:
        latest = await invoices.latest_of(conn, invoice_ids)
        for invoice_id in dict.fromkeys(invoice_ids):  # each once, in the order asked
            found = latest.get(invoice_id)
            if found is None:
                results.append(_refused(invoice_id, "not_found", "unknown invoice"))
            elif found.invoice_id != invoice_id:
                results.append(_refused(invoice_id, "invalid", f"version {found.version} replaced it: "
                                                               f"{found.invoice_id} is the latest"))
            else:
                try:
                    view = await move(conn, found)
                except Refused as refused:
                    results.append(_refused(invoice_id, refused.rejection.reason.value, refused.rejection.detail))
                else:
                    results.append({"invoice_id": invoice_id, "outcome": "done", "status": view["status"],
                                    "code": None, "detail": None})
    done = sum(r["outcome"] == "done" for r in results)
    return {"done": done, "refused": len(results) - done, "results": results}


async def approve_many(ctx: Context, command: ApproveInvoices, caller: Caller) -> dict[str, Any]:
    return await _each(ctx, command.invoice_ids, lambda conn, latest: approve_latest(conn, caller, latest))


async def pay_many(ctx: Context, command: PayInvoices, caller: Caller) -> dict[str, Any]:
    return await _each(ctx, command.invoice_ids, lambda conn, latest: pay_latest(
        conn, caller, latest, command.payment_reference, command.paid_on))
