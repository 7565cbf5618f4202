"""The billing-unit what-if of a lot, an organisation or a tender (a read: nothing is stored)."""

from __future__ import annotations

import asyncpg

from pacte_billing.adapters import what_if as facts
from pacte_billing.adapters.what_if import ScopeType
from pacte_billing.domain.what_if import UnitPrices, WhatIf, what_if


async def reprice(conn: asyncpg.Connection, scope_type: ScopeType, scope_id: str, prices: UnitPrices) -> WhatIf | None:
    """None when no order belongs to the scope."""
    orders = await facts.scope_orders(conn, scope_type, scope_id)
    if not orders:
        return None
    sessions = await facts.session_facts(conn, orders)
    return what_if(orders, sessions, prices, await facts.programme_prices(conn))
