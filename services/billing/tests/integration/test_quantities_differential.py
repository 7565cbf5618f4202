"""Billing's SQL quantities equal the reference model's, on random histories over a real PostgreSQL.

Production bills what `adapters/invoices.py::current_quantities` reads from the ledger the facts
consumer wrote; `tests/oracle/quantities.py` states BILLING.md's rules the plain way. Each example
delivers a random history (re-sent declarations, re-enrolments, suspensions, exits, outcomes
re-recorded, milestones, several sessions and orders) in any order, some events twice, in random
batches, then compares the quantities per (order, kind, origin period, ref).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacte_billing.adapters import invoices as repo
from pacte_billing.domain.invoicing import CurrentQuantity, GroupKey
from pacte_billing.entrypoints.app import MIGRATIONS
from pacte_billing.service_layer.facts import handle_facts
from pacte_contracts.envelope import Event
from pacte_platform.consumer import Consumed, Emitter
from pacte_platform.differential import ScratchSchema, deliveries, histories
from pacte_platform.testing import Infra

from ..oracle import quantities as oracle

#: A few hundred keep `make test` quick; PACTE_DIFFERENTIAL_EXAMPLES=5000 searches deeper.
EXAMPLES = int(os.environ.get("PACTE_DIFFERENTIAL_EXAMPLES", "200"))

Groups = dict[str, dict[GroupKey, tuple[Decimal, int]]]


@pytest.fixture(scope="module")
def scratch(infra: Infra) -> Iterator[ScratchSchema]:
    schema = ScratchSchema(infra.database_url, "billing", MIGRATIONS)
    yield schema
    schema.close()


def groups(quantities: dict[str, list[CurrentQuantity]]) -> Groups:
    out: Groups = {}
    for order_id, items in quantities.items():
        out[order_id] = {q.key: (q.quantity, q.unit_price_cents) for q in items}
        assert len(out[order_id]) == len(items), f"a group of {order_id} appears twice"
    return {order_id: by_key for order_id, by_key in out.items() if by_key}


def sql_quantities(scratch: ScratchSchema, batches: list[list[Consumed]]) -> Groups:
    async def replay(conn: Any) -> Groups:
        for batch in batches:
            async with conn.transaction():
                await handle_facts(conn, batch, Emitter(producer="billing"))
        return groups(await repo.current_quantities(conn, await repo.order_terms(conn)))

    return scratch.run(replay)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.data_too_large])
@given(data=st.data())
def test_sql_quantities_equal_the_reference_model(scratch: ScratchSchema, data: st.DataObject) -> None:
    events: list[Event] = data.draw(histories(), label="history")
    batches = data.draw(deliveries(events), label="deliveries")
    assert sql_quantities(scratch, batches) == groups(oracle.current_quantities(events))
