"""The example connector against a real stack playing `corrections.jsonl` (issue #19's "done when"):
as OF-004 it lists its sessions, finds a trainee by its own id, syncs a sheet, receives and verifies the
webhooks of every closing (invoices, re-issues answering its disputes, its orders closed), and reconciles
them with `GET /v1/invoices`. OF-002's endpoint is a dead port all along: it must cost OF-004 nothing.

Figures (closing → delivered, event → delivered, p50/p99) are printed (`-s`) and appended to
`$TMPDIR/pacte-webhooks-figures.jsonl`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import uvicorn

from organisation_connector.api import connect, find_trainee, sessions
from organisation_connector.reconcile import invoices, reconcile
from organisation_connector.sheets import sync_folder
from organisation_connector.webhooks import Inbox, receiver, subscribe
from pacte_cli.quiet import close_probes
from pacte_cli.scenario.player import Player, parse_lines, read_lines
from pacte_cli.stack import Stack
from pacte_cli.stack_state import StackState
from pacte_organisation_client.api.attendance import list_my_refusals
from pacte_organisation_client.api.webhooks import list_deliveries
from pacte_organisation_client.models import DeliveryPage, RefusalPage
from pacte_platform.infra.net import free_port
from pacte_testing import wait_until

SCENARIO = Path(__file__).resolve().parents[3].parent / "shared" / "scenarios" / "corrections.jsonl"
ORGANISATION, DEAD = "OF-004", "OF-002"
SESSION = "S-004-1"
#: `PACTE_CONNECTOR_DEAD_RECEIVER=0` leaves the dead endpoint out: the baseline its cost is measured against.
DEAD_RECEIVER = os.environ.get("PACTE_CONNECTOR_DEAD_RECEIVER", "1") != "0"

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not SCENARIO.exists(), reason=f"{SCENARIO} is not there")]


@pytest.fixture(scope="module")
def stack() -> Iterator[StackState]:
    running = Stack(ephemeral=True, broker=os.environ.get("PACTE_TEST_BROKER") or None, tied=True,
                    log=lambda _: None)
    try:
        yield running.up()
    finally:
        running.down()


class Listener:
    """The connector's receiver served by uvicorn on 127.0.0.1, recording when each event arrived."""

    def __init__(self, inbox: Inbox) -> None:
        self.inbox, self.secret, self.port = inbox, "", free_port()
        self.arrived: dict[str, float] = {}
        add = inbox.add

        def timed(event: dict[str, Any]) -> bool:
            self.arrived.setdefault(event["id"], time.time())
            return add(event)

        inbox.add = timed  # type: ignore[method-assign]
        self.server = uvicorn.Server(uvicorn.Config(receiver(lambda: self.secret, inbox), host="127.0.0.1",
                                                    port=self.port, log_level="warning", lifespan="off"))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"


@pytest_asyncio.fixture
async def listener(tmp_path: Path) -> AsyncIterator[Listener]:
    listening = Listener(Inbox(tmp_path / "inbox.jsonl"))
    task = asyncio.create_task(listening.server.serve())
    await wait_until(lambda: listening.server.started, timeout=10)
    try:
        yield listening
    finally:
        listening.server.should_exit = True
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 5)


def sheet_of(commands: list[tuple[int, dict[str, Any]]], session_id: str) -> str:
    """The session's attendance as the organisation's software would export it: what it declared, line by line."""
    rows = [f"{c['trainee_id']};{c['date']};{c['hours_present']};{c['absence'] or ''}"
            for _, c in commands if c["cmd"] == "attendance.record" and c.get("session_id") == session_id]
    return "trainee_id;date;hours_present;absence\n" + "\n".join(rows) + "\n"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def test_the_connector_lists_finds_syncs_receives_and_reconciles(stack: StackState, listener: Listener,
                                                                       tmp_path: Path) -> None:
    urls = {name: str(info["url"]) for name, info in stack.services.items()}
    commands = parse_lines(read_lines(SCENARIO))
    first_close = next(i for i, (_, c) in enumerate(commands) if c["cmd"] == "period.close")
    stack_file = Path(stack.root) / "stack.json"
    async with httpx.AsyncClient(timeout=60) as http:
        player = Player.on_stack(stack, http, urls=urls)
        try:
            for number, command in commands[:first_close]:
                await player.play_one(number, command)
            await player.ensure_key(ORGANISATION)
            await player.ensure_key(DEAD)
            await player.quiet()

            # The organisation's software connects with its key; a second one's endpoint is a dead port.
            client = connect(player.keys[ORGANISATION], stack=stack_file)
            endpoint = await subscribe(client, listener.url)
            listener.secret = str(endpoint.secret)
            if DEAD_RECEIVER:
                await subscribe(connect(player.keys[DEAD], stack=stack_file), f"http://127.0.0.1:{free_port()}/hooks")

            listed = [s async for s in sessions(client)]
            assert SESSION in {s.session_id for s in listed}
            assert {s.order_id for s in listed} <= {"BC-002", "BC-004", "BC-006"}, "another's session listed"
            trainee = await find_trainee(client, "P46-000068")
            assert trainee is not None and trainee.trainee != "P46-000068"  # a pseudonym, never the id
            assert {d.session_id for d in trainee.declarations} == {SESSION}
            assert await find_trainee(connect(player.keys[DEAD], stack=stack_file), "P46-000068") is None

            folder = tmp_path / "sheets"
            folder.mkdir()
            sheet = sheet_of(commands[:first_close], SESSION)
            (folder / f"{SESSION}.csv").write_text(sheet + "P46-999999;2019-09-30;6;\n")
            [result] = await sync_folder(client, folder)
            assert (result.problem, result.accepted) == (None, sheet.count("\n") - 1)
            assert [line for line, _, _ in result.refused] == [sheet.count("\n") + 1]
            assert await sync_folder(client, folder) == []  # unchanged: not sent again
            refusals = await list_my_refusals.asyncio(client=client, session_id=SESSION)
            assert isinstance(refusals, RefusalPage)
            assert [(r.position, r.reason) for r in refusals.items if r.channel == "sheet"] == [
                (result.refused[0][0], result.refused[0][1])]
            (folder / f"{SESSION}.csv").write_text(sheet)  # the bad line removed: the sheet goes again
            [fixed] = await sync_folder(client, folder)
            assert (fixed.problem, fixed.accepted, fixed.refused) == (None, sheet.count("\n") - 1, [])

            closings: dict[str, tuple[float, float]] = {}
            for number, command in commands[first_close:]:
                started = time.time()
                await player.play_one(number, command)
                if command["cmd"] == "period.close":
                    closings[command["period"]] = (started, time.time())
            await player.quiet()
        finally:
            await close_probes()

    async def settled() -> bool:
        return reconcile(listener.inbox.events, await invoices(client), endpoint.created_at).clean

    await wait_until(settled, timeout=60)
    result = reconcile(listener.inbox.events, await invoices(client), endpoint.created_at)
    types = {e["type"] for e in listener.inbox.events}
    assert types == {"invoice.issued", "invoice.reissued", "dispute.answered", "order.closed"}
    assert {e["organisation_id"] for e in listener.inbox.events} == {ORGANISATION}
    assert result.matched and result.payable_cents > 0
    assert {e["data"]["order_id"] for e in listener.inbox.events if e["type"] == "invoice.reissued"} == {
        "BC-002", "BC-004", "BC-006"}
    assert sorted(e["data"]["order_id"] for e in listener.inbox.events if e["type"] == "order.closed") == [
        "BC-004", "BC-006"]

    # The dead endpoint: attempts failed and recorded, and nothing held the others' deliveries.
    dead_attempts: list[int] = []
    if DEAD_RECEIVER:
        dead = await list_deliveries.asyncio(client=connect(player.keys[DEAD], stack=stack_file), limit=500)
        assert isinstance(dead, DeliveryPage) and dead.items
        assert {d.status for d in dead.items} <= {"pending", "failed"}
        assert all(d.attempts >= 1 and d.last_error for d in dead.items)
        dead_attempts = [d.attempts for d in dead.items]

    report_figures(listener, closings, dead_attempts)


def report_figures(listener: Listener, closings: dict[str, tuple[float, float]], dead_attempts: list[int]) -> None:
    issued = [e for e in listener.inbox.events if e["type"] == "invoice.issued" and e["data"]["period"] in closings]
    closing_to_delivered = [listener.arrived[e["id"]] - closings[e["data"]["period"]][0] for e in issued]
    event_to_delivered = [listener.arrived[e["id"]] - datetime.fromisoformat(e["created"]).timestamp()
                          for e in listener.inbox.events]
    closing_seconds = [end - start for start, end in closings.values()]
    figures = {
        "figure": "webhooks_on_corrections", "deliveries": len(listener.inbox.events), "closings": len(closings),
        "closing_to_delivered_p50_s": round(statistics.median(closing_to_delivered), 3),
        "closing_to_delivered_p99_s": round(percentile(closing_to_delivered, 0.99), 3),
        "event_to_delivered_p50_s": round(statistics.median(event_to_delivered), 3),
        "event_to_delivered_p99_s": round(percentile(event_to_delivered, 0.99), 3),
        "closing_p50_s": round(statistics.median(closing_seconds), 3),
        "closing_max_s": round(max(closing_seconds), 3),
        "dead_receiver": DEAD_RECEIVER, "dead_deliveries": len(dead_attempts),
        "dead_attempts_max": max(dead_attempts, default=0),
    }
    print(json.dumps(figures))
    with (Path(tempfile.gettempdir()) / "pacte-webhooks-figures.jsonl").open("a") as out:
        out.write(json.dumps(figures) + "\n")
