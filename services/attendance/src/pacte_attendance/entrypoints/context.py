"""What the HTTP handlers share: the runtime (pool, settings) and the pseudonymizer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import asyncpg
from fastapi import Request

from pacte_attendance.adapters.pseudonyms import Pseudonymizer
from pacte_platform.http import refusal
from pacte_platform.runtime import ServiceRuntime


@dataclass(frozen=True)
class Context:
    runtime: ServiceRuntime
    pseudonymizer: Pseudonymizer

    @property
    def pool(self) -> asyncpg.Pool:
        return self.runtime.db()


def correlation_id(request: Request) -> str | None:
    return getattr(request.state, "correlation_id", None)


async def json_payload(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise refusal("invalid", "the body is not valid JSON") from None
