"""The PostgreSQL session store (schema `gateway`): what the in-memory fake of the unit tests stands for."""

from __future__ import annotations

import asyncpg

from pacte_gateway.session import new_session
from pacte_gateway.store import PostgresStore


async def test_sessions_failures_and_audit_over_postgresql(database_url: str) -> None:
    store = PostgresStore(database_url)
    await store.open()
    try:
        now = 1_900_000_000.0
        old = new_session("k-old", "ana", ("buyer",), "c1", now - 9 * 3600)
        await store.create(old, forget_before=now - 10 * 3600)
        session = new_session("k-1", "ana", ("buyer", "auditor"), "c1", now)
        await store.create(session, forget_before=now - 8 * 3600)
        assert await store.get("k-old") is None, "long expired sessions are forgotten"
        assert await store.get("k-1") == session
        await store.touch("k-1", now + 90)
        found = await store.get("k-1")
        assert found is not None and found.last_seen == now + 90
        await store.create(new_session("k-2", "ana", ("buyer",), "c1", now), forget_before=now - 8 * 3600)
        assert await store.delete_user("ana") == 2 and await store.get("k-2") is None

        for at in (now, now + 1, now + 2):
            await store.record_failure("ana", "10.0.0.1", at)
        await store.record_failure("bob", "10.0.0.1", now + 3)
        by_user, by_address = await store.failures("ana", "10.0.0.1", now + 1)
        assert (by_user.count, by_user.last, by_address.count, by_address.last) == (2, now + 2, 3, now + 3)
        await store.clear_failures("ana")
        by_user, by_address = await store.failures("ana", "10.0.0.1", now - 1)
        assert (by_user.count, by_address.count) == (0, 1)

        await store.audit(actor="anonymous", action="login.refused", address="10.0.0.1",
                          detail={"claimed_user": "ana"})
    finally:
        await store.close()
    conn = await asyncpg.connect(database_url)
    try:
        row = await conn.fetchrow("SELECT actor, action, entity_id, after::text FROM gateway.audit_log")
        assert tuple(row) == ("anonymous", "login.refused", "10.0.0.1", '{"claimed_user": "ana"}')
        assert await conn.fetchval("SELECT count(*) FROM gateway.sessions") == 0
    finally:
        await conn.close()
