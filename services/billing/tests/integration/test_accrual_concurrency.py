"""Two transactions recomputing one order's running accrual at once, over a real PostgreSQL.

The facts consumer runs two members, and billing reads its own invoice events back on a third
consumer: each recomputes the accrual of the orders it touched. Each misses the other's uncommitted
rows, so without an order lock the later commit stored a value missing the earlier one's facts
(seen in CI: an organisation read 0 € accrued after 20 hours were declared)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

import asyncpg
import pytest

from pacte_billing.adapters import accruals
from pacte_billing.entrypoints.app import MIGRATIONS
from pacte_billing.service_layer.accrual import accrued_now
from pacte_billing.service_layer.facts import on_billable_facts
from pacte_contracts.envelope import Event
from pacte_platform import db, migrations
from pacte_platform.consumer import Emitter
from pacte_testing import Infra, create_database
from pacte_testing.differential import as_consumed

from .feeds import BONUS, PathwayFacts, attendance, ids, order, session


async def apply(conn: asyncpg.Connection, events: Sequence[Event]) -> None:
    """The facts consumer's handler on `events`, as one batch delivered in this order."""
    await on_billable_facts(conn, as_consumed(events), Emitter(producer="test"))


@pytest.fixture
async def two_connections(infra: Infra) -> AsyncIterator[tuple[asyncpg.Connection, asyncpg.Connection]]:
    url = await create_database(infra.database_url)
    first, second = await db.connect(url, "billing"), await db.connect(url, "billing")
    await migrations.ensure_platform_tables(first, "billing")
    await migrations.migrate(first, "billing", MIGRATIONS)
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


async def test_two_fact_batches_of_one_order_store_the_accrual_of_both(
        two_connections: tuple[asyncpg.Connection, asyncpg.Connection]) -> None:
    first, second = two_connections
    s = ids()
    o = order(f"O-{s}", price=1000, amount=1_000_000)
    async with first.transaction():
        await apply(first, [o, session(f"S1-{s}", o, ["2041-01-09"]), session(f"S2-{s}", o, ["2041-01-09"])])

    earlier = first.transaction()
    await earlier.start()
    await apply(first, [attendance(f"S1-{s}", "t1", "2041-01-09", "10")])
    later = second.transaction()
    await later.start()
    second_batch = asyncio.create_task(apply(second, [attendance(f"S2-{s}", "t2", "2041-01-09", "20")]))
    await asyncio.sleep(0.3)
    assert not second_batch.done(), "the second batch recomputed the order while the first had not committed"
    await earlier.commit()
    await second_batch
    await later.commit()

    assert (await accrued_now(first, [o.order_id]))[o.order_id] == 30_000
    assert (await accruals.accruals(first, [o.order_id]))[o.order_id][0] == 30_000


async def test_a_persons_two_steps_recorded_at_once_give_the_essentials_order_its_bonus(
        two_connections: tuple[asyncpg.Connection, asyncpg.Connection]) -> None:
    """The Essentials stay and the next step's stay are on two partitions, so two members record them at
    once: whichever commits last must find the person's other session, which it could not see when it
    wrote its own stay (seen in CI: the bonus never accrued)."""
    first, second = two_connections
    p = PathwayFacts("2041-02-05", "2041-02-19")
    async with first.transaction():
        await apply(first, [p.essentials, p.certifying, p.first, p.then])

    earlier = first.transaction()
    await earlier.start()
    await apply(first, p.essentials_stays())
    later = second.transaction()
    await later.start()
    second_batch = asyncio.create_task(apply(second, p.next_stays()))
    await asyncio.sleep(0.3)
    await earlier.commit()
    await second_batch
    await later.commit()

    assert (await accrued_now(first, [p.essentials.order_id]))[p.essentials.order_id] == BONUS
    assert (await accruals.accruals(first, [p.essentials.order_id]))[p.essentials.order_id][0] == BONUS
