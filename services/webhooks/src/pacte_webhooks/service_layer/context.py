"""What the handlers need: the pool, the secrets' box and the settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg

from pacte_webhooks.adapters.secrets import SecretBox
from pacte_webhooks.settings import WebhooksSettings

SERVICE = "webhooks"


@dataclass(frozen=True)
class Context:
    pool: asyncpg.Pool
    box: SecretBox
    settings: WebhooksSettings

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn
