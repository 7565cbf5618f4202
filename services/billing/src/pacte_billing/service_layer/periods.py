"""`period.close`: finance requests a closing; the invoices follow on its consistent cut (closing.py)."""

from __future__ import annotations

from typing import Any

from pacte_billing.adapters import closings
from pacte_billing.domain.commands import ClosePeriod
from pacte_billing.domain.periods import last_day
from pacte_contracts.billing import PeriodClosingStarted
from pacte_platform.commands import Caller

from .context import Context, record
from .views import closing_view


async def request_closing(ctx: Context, command: ClosePeriod, caller: Caller) -> dict[str, Any]:
    """Records and announces the closing; a closing already requested or done is answered as it stands
    (not an error: closing a closed period changes nothing)."""
    period = command.period
    async with ctx.unit_of_work() as conn:
        if await closings.start_closing(conn, period, last_day(period), caller.subject):
            view = closing_view(await closings.closing(conn, period), period)
            await record(conn, caller, action=command.NAME, entity="period", entity_id=period, after=view,
                         emitted=[PeriodClosingStarted(period=period, as_of=last_day(period).isoformat())])
            return view
        return closing_view(await closings.closing(conn, period), period)
