"""Fast checks of the fixes the fault suite led to (no infrastructure needed; run by `make test`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import errors as kafka_errors
from fastapi import FastAPI, Request

from pacte_attendance.domain.sheet import data_lines_exceed
from pacte_platform.http import Problem, install_error_handlers, install_middlewares
from pacte_platform.outbox import OutboxRelay

pytestmark = pytest.mark.faults_ci


async def test_the_relay_replaces_a_producer_broken_by_a_broker_restart() -> None:
    renewed: list[object] = []
    fresh = object()

    async def renew() -> Any:
        renewed.append(fresh)
        return fresh

    relay = OutboxRelay(service="s", schema="s", database_url="postgresql://unused", pool=None,  # type: ignore[arg-type]
                        producer=object(), renew_producer=renew)  # type: ignore[arg-type]
    calls = 0

    async def broken_leader() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise kafka_errors.OutOfOrderSequenceNumber()
        relay.stop()

    relay._run_as_leader = broken_leader  # type: ignore[method-assign]
    await asyncio.wait_for(relay.run(), 10)
    assert renewed == [fresh] and relay.producer is fresh


def _app(max_body: int = 1000) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    install_middlewares(app, "test", max_body)

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    @app.get("/out-of-range")
    async def out_of_range() -> None:
        raise asyncpg.exceptions.DataError("invalid input for query argument $2: -945189869637 "
                                           "(value out of int32 range)")

    @app.get("/surrogate")
    async def surrogate() -> None:
        raise Problem(422, "invalid", "unknown field '\udaa0'")

    @app.get("/db-restarting")
    async def restarting() -> None:
        raise asyncpg.exceptions.CannotConnectNowError("the database system is starting up")

    return app


async def test_values_the_database_refuses_are_422_and_a_restarting_database_is_503() -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://t") as client:
        answer = await client.get("/out-of-range")
        assert answer.status_code == 422 and answer.json()["code"] == "invalid"
        answer = await client.get("/surrogate")
        assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
        answer = await client.get("/db-restarting")
        assert answer.status_code == 503 and answer.headers["retry-after"] == "2"


async def test_a_body_streamed_without_content_length_is_cut_at_the_limit() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(5):
            yield b"x" * 400

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app(1000)), base_url="http://t") as client:
        assert (await client.post("/echo", content=b"x" * 900)).json() == {"size": 900}
        answer = await client.post("/echo", content=chunks())
        assert answer.status_code == 413 and answer.json()["code"] == "payload_too_large"


def test_sheet_lines_are_counted_before_parsing_and_blank_lines_do_not_count() -> None:
    header = "trainee_id;date;hours_present;absence\n"
    assert not data_lines_exceed(header + "a;2019-10-01;7;\n" * 3, 3)
    assert data_lines_exceed(header + "a;2019-10-01;7;\n" * 4, 3)
    assert not data_lines_exceed(header + "a;2019-10-01;7;\n\n\n  \n" * 3, 3)
    assert not data_lines_exceed("", 0)
