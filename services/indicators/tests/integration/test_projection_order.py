"""The projection converges to the small scenario's report whatever the order, batching and duplicates.

Handlers are driven directly (no broker) over the real PostgreSQL, in several schemas of one database.
"""

from __future__ import annotations

import random
import uuid
from datetime import date

import asyncpg
import pytest

from pacte_contracts.envelope import wrap
from pacte_indicators.entrypoints.app import MIGRATIONS_DIR
from pacte_indicators.service_layer import readings
from pacte_indicators.service_layer.projection import project_facts
from pacte_platform import db, migrations
from pacte_platform.consumer import Consumed, Emitter

from .scenario_events import EXPECTED, expected_scopes, small_scenario_events


async def migrated_pool(database_url: str, schema: str) -> asyncpg.Pool:
    conn = await asyncpg.connect(database_url)
    try:
        await migrations.ensure_platform_tables(conn, schema)
        await migrations.migrate(conn, schema, MIGRATIONS_DIR)
    finally:
        await conn.close()
    return await db.create_pool(database_url, schema, min_size=1, max_size=2)


def consumed_events(seed: int | None) -> list[Consumed]:
    events = small_scenario_events()
    consumed = [Consumed(wrap(e, producer="test"), e, e.TOPIC, 0, offset) for offset, e in enumerate(events)]
    if seed is not None:
        rng = random.Random(seed)
        consumed += rng.sample(consumed, len(consumed) // 2)  # redelivered under new ids: business keys absorb them
        rng.shuffle(consumed)
    return consumed


async def project_in_batches(pool: asyncpg.Pool, consumed: list[Consumed], seed: int) -> None:
    rng = random.Random(seed)
    position = 0
    while position < len(consumed):
        size = rng.randint(1, 25)
        async with pool.acquire() as conn, conn.transaction():
            await project_facts(conn, consumed[position:position + size], Emitter(producer="indicators"))
        position += size


@pytest.mark.parametrize("seed", [None, 7, 2019])
async def test_report_matches_small_scenario_in_any_order(database_url: str, seed: int | None) -> None:
    pool = await migrated_pool(database_url, f"indicators_{uuid.uuid4().hex[:6]}")
    try:
        await project_in_batches(pool, consumed_events(seed), seed or 0)
        async with pool.acquire() as conn:
            assert expected_scopes(await readings.report(conn, None)) == EXPECTED["indicators"]
            assert await readings.budget(conn) == EXPECTED["budget"]
            for scope, values in expected_scopes(await readings.report(conn, None)).items():
                assert list(values) == list(EXPECTED["indicators"][scope]), scope
    finally:
        await pool.close()


async def test_as_of_explain_and_snapshot(database_url: str) -> None:
    pool = await migrated_pool(database_url, "indicators")
    try:
        await project_in_batches(pool, consumed_events(3), 3)
        async with pool.acquire() as conn:
            september = await readings.report(conn, date(2019, 9, 30))
            programme = september["programme"]
            assert (programme["places_offered"], programme["entries"], programme["exits"]) == (30, 10, 1)
            assert programme["dropouts_by_reason"] == {"return_to_work": 1}
            assert programme["suspensions"] == 1
            assert programme["return_to_work_6m_rate"] is None

            detail = await readings.scope_detail(conn, "lot:L-69-DIG", date(2019, 9, 30), explain=True)
            assert detail is not None
            assert detail["indicators"]["satisfaction_avg"] == "5.0000"
            assert detail["explain"]["satisfaction_avg"]["numerator"] == 5
            assert detail["explain"]["satisfaction_avg"]["denominator"] == 1
            assert detail["insertion_by_action_type"]["certifying"]["exits"] == 1
            assert await readings.scope_detail(conn, "lot:L-15-AGR", None, explain=False) is None

            async with conn.transaction():
                snapshot = await readings.take_snapshot(conn, "2019-10", date(2019, 10, 31))
            assert set(snapshot.scopes) == {
                "programme", "lot:L-38-BTP", "lot:L-63-ESS", "lot:L-69-DIG",
                "organisation:OF-AUV-ESS", "organisation:OF-ISERE-BTP", "organisation:OF-LYON-NUM",
            }
            dig = snapshot.scopes["lot:L-69-DIG"]
            assert (dig["dropout_rate"].value, dig["dropout_rate"].denominator) == ("0.2000", 5)
            assert (dig["satisfaction_avg"].value, dig["satisfaction_avg"].denominator) == ("4.2000", 5)
            assert (dig["dropouts_by_reason.return_to_work"].value, dig["entries"].value) == ("1", "5")
            assert dig["return_to_work_6m_rate"].value is None
            stored = await conn.fetchval("SELECT explain FROM snapshots WHERE period = '2019-10'")
            assert stored["lot:L-69-DIG"]["dropout_rate"]["numerator"] == 1
    finally:
        await pool.close()


async def test_action_type_scopes_split_the_programme(database_url: str) -> None:
    """Each stay and each order belongs to the action-type scope of its lot (migration 0002)."""
    pool = await migrated_pool(database_url, f"indicators_{uuid.uuid4().hex[:6]}")
    try:
        await project_in_batches(pool, consumed_events(None), 0)
        async with pool.acquire() as conn:
            report = await readings.report(conn, None)
        action_types = [values for scope, values in report.items() if scope.startswith("action_type:")]
        assert action_types
        for name in ("entries", "exits", "dropouts", "committed_cents", "invoiced_cents", "places_offered"):
            assert sum(values[name] for values in action_types) == report["programme"][name], name
    finally:
        await pool.close()
