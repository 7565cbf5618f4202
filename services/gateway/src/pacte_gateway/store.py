"""Where sessions, sign-in failures and the gateway's audit trail are kept: a port and its PostgreSQL
adapter (schema `gateway`, migrations in services/gateway/migrations). Tests use an in-memory fake."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import asyncpg

from pacte_gateway.session import Session
from pacte_gateway.throttle import Failures
from pacte_platform import db, migrations
from pacte_platform.audit import audit

SCHEMA = "gateway"
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


class SessionStore(ABC):
    async def open(self) -> None:  # noqa: B027 - nothing to open by default
        """Prepares the store (the adapter migrates its schema and opens its pool)."""

    async def close(self) -> None:  # noqa: B027
        """Releases what `open` took."""

    @abstractmethod
    async def create(self, session: Session, *, forget_before: float) -> None:
        """Stores a new session (and forgets sessions created before `forget_before`: long expired)."""

    @abstractmethod
    async def get(self, key: str) -> Session | None: ...

    @abstractmethod
    async def touch(self, key: str, now: float) -> None: ...

    @abstractmethod
    async def delete(self, key: str) -> None: ...

    @abstractmethod
    async def delete_user(self, user: str) -> int:
        """Ends every session of a user; returns how many."""

    @abstractmethod
    async def failures(self, user: str, address: str, since: float) -> tuple[Failures, Failures]:
        """The user name's and the address's failures since `since`."""

    @abstractmethod
    async def record_failure(self, user: str, address: str, at: float) -> None: ...

    @abstractmethod
    async def clear_failures(self, user: str) -> None: ...

    @abstractmethod
    async def audit(self, *, actor: str, action: str, address: str, detail: dict[str, Any] | None = None,
                    correlation_id: str | None = None) -> None: ...


def _session(row: asyncpg.Record) -> Session:
    return Session(key=row["key"], user=row["username"], roles=tuple(row["roles"]), csrf=row["csrf"],
                   created_at=row["created_at"], last_seen=row["last_seen"], credential=row["credential"])


class PostgresStore(SessionStore):
    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._pool: asyncpg.Pool | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        assert self._pool is not None, "the session store is not open"
        return self._pool

    async def open(self) -> None:
        conn = await asyncpg.connect(self.database_url)
        try:
            await migrations.migrate(conn, SCHEMA, MIGRATIONS)
        finally:
            await conn.close()
        self._pool = await db.create_pool(self.database_url, SCHEMA, min_size=1, max_size=5)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()

    async def create(self, session: Session, *, forget_before: float) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("DELETE FROM sessions WHERE created_at < to_timestamp($1)", forget_before)
            await conn.execute(
                """INSERT INTO sessions (key, username, roles, csrf, credential, created_at, last_seen)
                   VALUES ($1, $2, $3, $4, $5, to_timestamp($6), to_timestamp($6))""",
                session.key, session.user, list(session.roles), session.csrf, session.credential, session.created_at)

    async def get(self, key: str) -> Session | None:
        row = await self.pool.fetchrow(
            """SELECT key, username, roles, csrf, credential, extract(epoch FROM created_at)::float8 AS created_at,
                      extract(epoch FROM last_seen)::float8 AS last_seen FROM sessions WHERE key = $1""", key)
        return None if row is None else _session(row)

    async def touch(self, key: str, now: float) -> None:
        await self.pool.execute("UPDATE sessions SET last_seen = to_timestamp($2) WHERE key = $1", key, now)

    async def delete(self, key: str) -> None:
        await self.pool.execute("DELETE FROM sessions WHERE key = $1", key)

    async def delete_user(self, user: str) -> int:
        return len(await self.pool.fetch("DELETE FROM sessions WHERE username = $1 RETURNING key", user))

    async def failures(self, user: str, address: str, since: float) -> tuple[Failures, Failures]:
        row = await self.pool.fetchrow(
            """SELECT count(*) FILTER (WHERE username = $1) AS user_count,
                      extract(epoch FROM max(at) FILTER (WHERE username = $1))::float8 AS user_last,
                      count(*) FILTER (WHERE address = $2) AS address_count,
                      extract(epoch FROM max(at) FILTER (WHERE address = $2))::float8 AS address_last
               FROM login_failures WHERE (username = $1 OR address = $2) AND at >= to_timestamp($3)""",
            user, address, since)
        return Failures(row["user_count"], row["user_last"]), Failures(row["address_count"], row["address_last"])

    async def record_failure(self, user: str, address: str, at: float) -> None:
        await self.pool.execute("INSERT INTO login_failures (username, address, at) VALUES ($1, $2, to_timestamp($3))",
                                user, address, at)

    async def clear_failures(self, user: str) -> None:
        await self.pool.execute("DELETE FROM login_failures WHERE username = $1", user)

    async def audit(self, *, actor: str, action: str, address: str, detail: dict[str, Any] | None = None,
                    correlation_id: str | None = None) -> None:
        async with self.pool.acquire() as conn:
            await audit(conn, actor=actor, role="back-office", action=action, entity="session", entity_id=address,
                        after=detail, correlation_id=correlation_id)
