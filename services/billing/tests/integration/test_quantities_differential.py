"""Billing's SQL quantities equal the reference model's, on random histories over a real PostgreSQL.

Production bills what `adapters/quantities.py::current_quantities` reads from the ledger the facts
consumer wrote; `tests/oracle/quantities.py` states BILLING.md's rules the plain way. Each example
delivers a random history (re-sent declarations, re-enrolments, suspensions, exits, outcomes
re-recorded, open days withdrawn and declared again, enrolments cancelled with their records and
enrolled again, milestones, several sessions and orders) in any order, some events twice, in random
batches, then compares the quantities per (order, kind, origin period, ref).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte_billing.adapters import orders, quantities
from pacte_billing.domain.invoicing import CurrentQuantity, GroupKey
from pacte_billing.entrypoints.app import MIGRATIONS
from pacte_billing.service_layer.facts import on_billable_facts
from pacte_platform.consumer import Consumed
from pacte_testing import Infra
from pacte_testing.differential import ScratchSchema, consume, differential, replayed

from ..oracle import quantities as oracle

Groups = dict[str, dict[GroupKey, tuple[Decimal, int]]]


@pytest.fixture(scope="module")
def scratch(infra: Infra) -> Iterator[ScratchSchema]:
    with ScratchSchema(infra.database_url, "billing", MIGRATIONS) as schema:
        yield schema


def groups(quantities: dict[str, list[CurrentQuantity]]) -> Groups:
    """Per order, the groups worth something. A group of quantity 0 (every record of it withdrawn or
    corrected to 0) is the same to the invoicing rules as no group: the SQL keeps a total of 0 where
    the reference model keeps nothing."""
    out: Groups = {}
    for order_id, items in quantities.items():
        out[order_id] = {q.key: (q.quantity, q.unit_price_cents) for q in items if q.quantity != 0}
        assert len({q.key for q in items}) == len(items), f"a group of {order_id} appears twice"
    return {order_id: by_key for order_id, by_key in out.items() if by_key}


def sql_quantities(scratch: ScratchSchema, batches: list[list[Consumed]]) -> Groups:
    async def replay(conn: Any) -> Groups:
        await consume(conn, on_billable_facts, batches)
        return groups(await quantities.current_quantities(conn, await orders.order_terms(conn)))

    return scratch.run(replay)


@differential
@given(data=st.data())
def test_sql_quantities_equal_the_reference_model(scratch: ScratchSchema, data: st.DataObject) -> None:
    events, batches = replayed(data, corrections=True)
    assert sql_quantities(scratch, batches) == groups(oracle.current_quantities(events))
