"""asyncpg pool per service schema and a unit of work (one transaction)."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
    await conn.set_type_codec("json", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


#: Names this process among the database's clients (pg_stat_activity.application_name), so that
#: work a killed process left half-done (an Idempotency-Key reservation) can be recognised as orphaned.
INSTANCE = f"{os.getpid()}-{secrets.token_hex(3)}"


def application_name(schema: str) -> str:
    return f"pacte-{schema}-{INSTANCE}"[:63]


def _server_settings(schema: str) -> dict[str, str]:
    # A startup parameter, not a SET: the pool's RESET ALL on release would undo a SET.
    return {"search_path": f'"{schema}", public', "application_name": application_name(schema)}


async def create_pool(url: str, schema: str, *, min_size: int = 2, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(url, min_size=min_size, max_size=max_size, init=_init_connection,
                                     command_timeout=120, server_settings=_server_settings(schema))
    assert pool is not None
    return pool


async def connect(url: str, schema: str) -> asyncpg.Connection:
    conn: asyncpg.Connection = await asyncpg.connect(url, server_settings=_server_settings(schema))
    await _init_connection(conn)
    return conn


class UnitOfWork:
    """`async with uow() as conn:` is one transaction; everything inside commits or nothing does."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[Any]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn
