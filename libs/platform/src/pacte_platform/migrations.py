"""Forward-only SQL migrations: `services/<name>/migrations/NNNN_name.sql`, applied in order.

An advisory lock serialises concurrent runners, checksums catch an edited migration, and a
database that has a migration the code does not know (a newer release ran) is refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from pacte_platform import cuts

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Migration:
    number: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def load_migrations(folder: Path) -> list[Migration]:
    migrations = []
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"migration file name must look like 0001_name.sql: {path.name}")
        migrations.append(Migration(int(match.group(1)), path.name, path.read_text()))
    numbers = [m.number for m in migrations]
    if numbers != list(range(1, len(numbers) + 1)):
        raise MigrationError(f"migrations of {folder} must be numbered 1..n without gaps: {numbers}")
    return migrations


def _lock_key(schema: str) -> int:
    return int.from_bytes(hashlib.sha256(f"migrate:{schema}".encode()).digest()[:8], "big", signed=True)


async def migrate(conn: asyncpg.Connection, schema: str, folder: Path) -> list[str]:
    """Applies pending migrations of one schema; returns the names applied."""
    migrations = load_migrations(folder)
    applied_now: list[str] = []
    await conn.execute("SELECT pg_advisory_lock($1)", _lock_key(schema))
    try:
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        await conn.execute(
            f"""CREATE TABLE IF NOT EXISTS "{schema}".schema_migrations (
                number int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        rows = await conn.fetch(f'SELECT number, name, checksum FROM "{schema}".schema_migrations ORDER BY number')
        known = {m.number: m for m in migrations}
        for row in rows:
            migration = known.get(row["number"])
            if migration is None:
                raise MigrationError(
                    f"database schema {schema} has migration {row['name']} that this code does not know: "
                    "it is ahead of the code; deploy the newer release"
                )
            if migration.checksum != row["checksum"]:
                raise MigrationError(f"migration {migration.name} was edited after it was applied")
        done = {row["number"] for row in rows}
        for migration in migrations:
            if migration.number in done:
                continue
            async with conn.transaction():
                await conn.execute(f'SET LOCAL search_path TO "{schema}", public')
                await conn.execute(migration.sql)
                await conn.execute(
                    f'INSERT INTO "{schema}".schema_migrations (number, name, checksum) VALUES ($1, $2, $3)',
                    migration.number, migration.name, migration.checksum,
                )
            applied_now.append(migration.name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _lock_key(schema))
    return applied_now


#: Tables every service has: outbox, inbox, consumer failures, idempotency keys, audit.
PLATFORM_SQL = """
CREATE TABLE IF NOT EXISTS outbox (
    id bigserial PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    topic text NOT NULL,
    key text NOT NULL,
    event_type text NOT NULL,
    value bytea NOT NULL,
    correlation_id text,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- What a consumer processed, to skip redeliveries: one row per event, written on every event's path,
-- so it holds what that needs (where a dead-lettered message came from is in dead_letters).
CREATE TABLE IF NOT EXISTS inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    outcome text NOT NULL DEFAULT 'processed',
    processed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, event_id)
);
CREATE TABLE IF NOT EXISTS consumer_failures (
    consumer text NOT NULL,
    topic text NOT NULL,
    partition int NOT NULL,
    "offset" bigint NOT NULL,
    attempts int NOT NULL,
    last_error text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, topic, partition, "offset")
);
CREATE TABLE IF NOT EXISTS dead_letters (
    id bigserial PRIMARY KEY,
    consumer text NOT NULL,
    topic text NOT NULL,
    partition int NOT NULL,
    "offset" bigint NOT NULL,
    event_id uuid,
    key bytea,
    value bytea,
    headers jsonb NOT NULL DEFAULT '{}',
    error text NOT NULL,
    attempts int NOT NULL,
    dead_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    replayed_at timestamptz
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    key text NOT NULL,
    principal text NOT NULL,
    method text NOT NULL,
    path text NOT NULL,
    request_hash text NOT NULL,
    status_code int NOT NULL,
    response jsonb,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (principal, key)
);
CREATE TABLE IF NOT EXISTS audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor text NOT NULL,
    role text NOT NULL,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id text NOT NULL,
    before jsonb,
    after jsonb,
    correlation_id text
);
CREATE OR REPLACE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
    RETURN NULL;
END $$;
-- Which process reserved an Idempotency-Key (its connections' application_name): a reservation
-- whose owner is gone (killed mid-request) may be taken over by a retry.
ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS owner text;
-- The inbox's diagnostic columns (topic, partition, offset) cost every consumed event about a
-- microsecond (bench/analysis.md). Checked first: ALTER TABLE would lock the inbox on every start.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name = 'inbox' AND column_name = 'topic') THEN
        ALTER TABLE inbox DROP COLUMN topic, DROP COLUMN partition, DROP COLUMN "offset";
    END IF;
END $$;
DROP TRIGGER IF EXISTS outbox_notify ON outbox;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();
"""


async def ensure_platform_tables(conn: asyncpg.Connection, schema: str) -> None:
    await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _lock_key(schema + ":platform"))
        await conn.execute(f'SET LOCAL search_path TO "{schema}", public')
        await conn.execute(PLATFORM_SQL)
        await conn.execute(cuts.SQL)
