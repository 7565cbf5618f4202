"""Shared pieces of the platform's delivery tests: a scratch event and schemas."""

from __future__ import annotations

from typing import ClassVar

import asyncpg

from pacte_contracts.envelope import EVENT_TYPES, Event, register
from pacte_platform import db, migrations

HELLO_TOPIC = "platform.hello.v1"


class HelloSaid(Event):
    TOPIC: ClassVar[str] = HELLO_TOPIC
    KEY_FIELD: ClassVar[str] = "greeter"
    greeter: str
    number: int


if "HelloSaid" not in EVENT_TYPES:
    register(HelloSaid)
else:  # imported twice under different module names by pytest: reuse the registered class
    HelloSaid = EVENT_TYPES["HelloSaid"]  # type: ignore[assignment, misc]


async def setup_schema(url: str, schema: str) -> asyncpg.Pool:
    conn = await asyncpg.connect(url)
    await migrations.ensure_platform_tables(conn, schema)
    await conn.execute(
        f'CREATE TABLE IF NOT EXISTS "{schema}".greetings (greeter text, number int, event_id uuid, seq bigserial)'
    )
    await conn.close()
    return await db.create_pool(url, schema)
