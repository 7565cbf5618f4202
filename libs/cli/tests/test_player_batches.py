"""The player sends consecutive declarations under one organisation's key in one `/v1/batch`, in file
order, and records each record's answer against its line; anything else goes alone."""

from __future__ import annotations

import json
from typing import Any

import httpx
from playerfakes import URLS, QuietPlayer, back_office, lines

from pacte_cli.scenario.routes import batchable


async def play(commands: list[dict[str, Any]], refuse: set[int] = frozenset()  # type: ignore[assignment]
               ) -> tuple[QuietPlayer, list[tuple[str, Any]]]:
    sent: list[tuple[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        sent.append((request.url.path, body))
        if request.url.path.endswith("/keys"):
            return httpx.Response(201, json={"api_key": f"key-{request.url.path.split('/')[3]}"})
        if request.url.path == "/v1/batch":
            results = [{"index": i, "status": "refused", "reason": "capacity_exceeded"}
                       if r.get("trainee_id") in refuse else {"index": i, "status": "accepted"}
                       for i, r in enumerate(body["records"])]
            return httpx.Response(200, json={"results": results})
        return httpx.Response(201, json={})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        player = QuietPlayer(urls=URLS, bootstrap="unused:9092", auth_secret="s" * 32, client=client)
        await player.play(lines(*commands))
    return player, sent


async def test_an_organisations_declarations_travel_together_across_other_organisations_lines() -> None:
    """Between two quiet points, each organisation's declarations go in one batch, in file order
    (another organisation's lines in between touch nothing they read)."""
    enrol = [{"cmd": "trainee.enrol", "session_id": "S1", "trainee_id": f"T{n}", "date": "2019-09-02"}
             for n in range(3)]
    other = {"cmd": "trainee.enrol", "session_id": "S2", "trainee_id": "U1", "date": "2019-09-02"}
    player, sent = await play([*back_office(), *enrol, other, enrol[0]], refuse={"T1"})
    batches = sorted([r["trainee_id"] for r in body["records"]] for path, body in sent if path == "/v1/batch")
    assert batches == [["T0", "T1", "T2", "T0"], ["U1"]]
    assert all("cmd" in r and "as_organisation" not in r for _, body in sent if body and "records" in body
               for r in body["records"])
    assert player.result.commands == 11 and player.result.accepted == 10
    assert player.result.rejections == [{"cmd_line": 8, "reason": "capacity_exceeded"}]


async def test_a_foreign_organisation_line_travels_with_that_organisations_key() -> None:
    foreign = {"cmd": "attendance.record", "session_id": "S1", "trainee_id": "T0", "date": "2019-09-02",
               "hours": 7, "as_organisation": "OF-B"}
    own = {**foreign, "as_organisation": None}
    _, sent = await play([*back_office(), own, foreign, own])
    assert sorted(len(body["records"]) for path, body in sent if path == "/v1/batch") == [1, 2]


async def test_a_back_office_line_waits_for_every_declaration_before_it_and_a_quiet_point() -> None:
    sheet = {"cmd": "attendance.record", "session_id": "S1", "trainee_id": "T0", "date": "2019-09-02", "hours": 7}
    cancel = {"cmd": "session.cancel", "session_id": "S2"}
    player, sent = await play([*back_office(), sheet, {**sheet, "session_id": "S2"}, cancel, sheet])
    paths = [path for path, _ in sent if not path.endswith("/keys")]
    assert paths[-4:] == ["/v1/batch", "/v1/batch", "/sessions/S2/cancel", "/v1/batch"]
    # Quiet before the sheets, before the cancellation, before the last sheet, and at the end; none
    # for the two organisations' new keys (attendance issued them: valid there at once).
    assert player.result.quiet_waits == 4


def test_odd_session_ids_and_other_commands_go_alone() -> None:
    assert batchable("attendance.record", {"session_id": "S-1.a_b"})
    assert not batchable("attendance.record", {"session_id": "S/1"})
    assert not batchable("attendance.record", {"session_id": None})
    assert not batchable("attendance.record", {"session_id": ""})
    assert batchable("outcome.record", {"session_id": "S1"})  # the back office's outcomes batch
    assert not batchable("outcome.record", {"session_id": "S/1"})
    assert not batchable("session.cancel", {"session_id": "S1"})  # procurement
    assert not batchable("plan.create", {"session_id": "S1"})  # improvement


async def test_a_batch_refused_as_a_whole_is_sent_again_line_by_line() -> None:
    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        if request.url.path.endswith("/keys") or request.url.path == "/organisations":
            return httpx.Response(201, json={"api_key": "key"})
        if request.url.path == "/v1/batch":
            return httpx.Response(413, json={"code": "payload_too_large"})
        return httpx.Response(403, json={"code": "forbidden"})

    commands = [{"cmd": "trainer.hours", "session_id": "S9", "date": "2019-09-02", "hours": 3}] * 2
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        player = QuietPlayer(urls=URLS, bootstrap="unused:9092", auth_secret="s" * 32, client=client)
        result = await player.play(lines(*commands))
    assert sent[-3:] == ["/v1/batch", "/v1/sessions/S9/trainer-hours", "/v1/sessions/S9/trainer-hours"]
    assert result.commands == 2 and result.rejections == [{"cmd_line": 1, "reason": "forbidden"},
                                                           {"cmd_line": 2, "reason": "forbidden"}]


async def test_a_closing_right_after_sheets_is_sent_with_no_quiet_point_before_it() -> None:
    """SCENARIO.md version 2: the closing follows the last answered sheet at once (the switch from
    organisation to back-office commands is no quiet point for it), then the player waits until closed."""
    log: list[str] = []

    class Observed(QuietPlayer):
        async def quiet(self) -> None:
            log.append("quiet")
            await super().quiet()

    def answer(request: httpx.Request) -> httpx.Response:
        log.append(f"{request.method} {request.url.path}")
        if request.url.path.endswith("/keys"):
            return httpx.Response(201, json={"api_key": "key"})
        if request.url.path == "/v1/batch":
            return httpx.Response(200, json={"results": [{"index": 0, "status": "accepted"}]})
        if request.method == "GET":
            return httpx.Response(200, json={"status": "closed"})
        return httpx.Response(201, json={})

    sheet = {"cmd": "attendance.record", "session_id": "S1", "trainee_id": "T0", "date": "2019-09-02", "hours": 7}
    commands = [*back_office(), sheet, {"cmd": "period.close", "period": "2019-09"}, sheet]
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        player = Observed(urls=URLS, bootstrap="unused:9092", auth_secret="s" * 32, client=client)
        await player.play(lines(*commands))
    close = log.index("POST /periods/2019-09/close")
    assert log[close - 1] == "POST /v1/batch" and log[close + 1] == "GET /periods/2019-09"
    assert log[close + 2:] == ["quiet", "POST /v1/batch", "quiet"]  # back to sheets: a quiet point, as before


async def test_a_replayed_batch_counts_each_of_its_lines_as_replayed() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/keys"):
            return httpx.Response(201, json={"api_key": "key"})
        if request.url.path == "/v1/batch":
            records = json.loads(request.content)["records"]
            return httpx.Response(200, headers={"Idempotent-Replayed": "true"},
                                  json={"results": [{"index": i, "status": "accepted"} for i, _ in enumerate(records)]})
        return httpx.Response(201, json={})

    sheets = [{"cmd": "trainee.enrol", "session_id": "S1", "trainee_id": f"T{n}"} for n in range(3)]
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        player = QuietPlayer(urls=URLS, bootstrap="unused:9092", auth_secret="s" * 32, client=client)
        result = await player.play(lines(*back_office(), *sheets))
    assert result.accepted == 6 + 3 and result.replayed == 3
