"""Lines that read and write disjoint things are played at the same time; the others keep file order."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from playerfakes import URLS, QuietPlayer, back_office, lines

from pacte_cli.scenario.lanes import Lanes, lanes_of
from pacte_cli.scenario.procurement_lanes import ProcurementLanes


def test_lanes_follow_what_each_rule_reads() -> None:
    assert lanes_of("trainee.enrol", {"session_id": "S1"}, "OF-A") == lanes_of("trainer.hours", {}, "OF-A")
    assert lanes_of("trainee.enrol", {}, "OF-A") != lanes_of("trainee.enrol", {}, "OF-B")
    assert lanes_of("outcome.record", {"session_id": "S1"}, None) != lanes_of("trainee.enrol", {}, "OF-A")
    assert lanes_of("invoice.approve", {"order_id": "O1"}, None) != lanes_of("invoice.pay", {"order_id": 1}, None)
    assert lanes_of("invoice.approve", {"order_id": "O1"}, None) == lanes_of("invoice.pay", {"order_id": "O1"}, None)
    for barrier_plan in ({"organisation_id": "A"}, {"plan_id": "P", "organisation_id": "A", "lot_id": "L",
                                                     "milestones": [{"milestone_id": 1}]}):
        assert lanes_of("plan.create", barrier_plan, "A") is None  # not the shape whose ids it reads


def test_plans_and_milestone_decisions_share_a_lane_with_what_they_read() -> None:
    def plan(plan_id: str, organisation: str, lot: str, *milestones: str) -> frozenset[Any] | None:
        return lanes_of("plan.create", {"plan_id": plan_id, "organisation_id": organisation, "lot_id": lot,
                                        "milestones": [{"milestone_id": m} for m in milestones]}, organisation)

    assert plan("P1", "OF-A", "L1", "M1", "M2") == {("plan", "P1"), ("plan of", "OF-A", "L1"), ("milestone", "M1"),
                                                    ("milestone", "M2")}
    assert not plan("P1", "OF-A", "L1", "M1") & plan("P2", "OF-B", "L2", "M3")  # at the same time
    assert plan("P1", "OF-A", "L1") & plan("P1", "OF-B", "L2")  # one plan id
    assert plan("P1", "OF-A", "L1") & plan("P2", "OF-A", "L1")  # one plan per organisation and lot
    assert plan("P1", "OF-A", "L1", "M1") & plan("P2", "OF-B", "L2", "M1")  # milestone ids are programme-wide
    validate = lanes_of("milestone.validate", {"milestone_id": "M1"}, None)
    assert validate == lanes_of("milestone.waive", {"milestone_id": "M1"}, None) == {("milestone", "M1")}
    assert validate is not None and validate & plan("P1", "OF-A", "L1", "M1")
    assert lanes_of("milestone.waive", {"milestone_id": 1}, None) is None
    for barrier in ("tender.publish", "lot.award", "order.place", "session.schedule", "session.cancel",
                    "reference.jobseekers", "period.close", "invoice.reissue", "invoice.dispute", "order.close",
                    "clock.advance"):
        assert lanes_of(barrier, {"order_id": "O1", "session_id": "S1"}, "A") is None, barrier


def test_procurement_lines_share_a_lane_with_what_their_rule_reads() -> None:
    procurement = ProcurementLanes()

    def lanes(name: str, **fields: Any) -> frozenset[Any] | None:
        return lanes_of(name, fields, None, procurement)

    assert lanes("tender.publish", tender_id="T1") == {("tender", "T1")}
    assert lanes("lot.define", lot_id="L1", tender_id="T1") == {("lot", "L1"), ("tender", "T1")}
    assert lanes("lot.define", lot_id="L2", tender_id="T1") == {("lot", "L2"), ("tender", "T1")}
    assert lanes("lot.award", lot_id="L1", organisation_id="OF-A", members=["OF-A", "OF-B"]) == {
        ("lot", "L1"), ("organisation", "OF-A"), ("organisation", "OF-B")}
    # Orders of one tender share its budget: each is in the tender's lane, whatever its lot.
    assert lanes("order.place", order_id="O1", lot_id="L1") == {("order", "O1"), ("lot", "L1"), ("tender", "T1")}
    assert lanes("order.place", order_id="O2", lot_id="L2") == {("order", "O2"), ("lot", "L2"), ("tender", "T1")}
    assert lanes("session.schedule", session_id="S1", order_id="O1") == {("session", "S1"), ("order", "O1"),
                                                                         ("lot", "L1")}
    assert lanes("session.cancel", session_id="S1") == {("session", "S1")}
    assert lanes("reference.jobseekers", territory="43") == {("reference", "43")}
    # A lot defined twice (the second is refused, whichever it is): the orders on it wait for both tenders.
    assert lanes("lot.define", lot_id="L2", tender_id="T2") == {("lot", "L2"), ("tender", "T2")}
    assert lanes("order.place", order_id="O3", lot_id="L2") == {("order", "O3"), ("lot", "L2"), ("tender", "T1"),
                                                               ("tender", "T2")}
    # What no earlier line created (a lot of an earlier play on the same stack), or an id that is not a
    # string: a barrier, every line before it answered.
    assert lanes("order.place", order_id="O4", lot_id="L-elsewhere") is None
    assert lanes("session.schedule", session_id="S2", order_id="O-elsewhere") is None
    assert lanes("lot.define", lot_id=7, tender_id="T1") is None
    assert lanes("lot.award", lot_id="L1", organisation_id="OF-A", members="OF-A") is None
    assert lanes("order.place", order_id="O5") is None


async def test_procurement_lines_of_different_tenders_are_in_flight_at_once_and_a_tender_keeps_its_order() -> None:
    in_flight, most = 0, 0
    placed: list[str] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        if request.url.path == "/orders":
            placed.append(json.loads(request.content)["order_id"])
        return httpx.Response(201, json={})

    commands = [{"cmd": "tender.publish", "tender_id": f"T{t}"} for t in (1, 2)] + [
        {"cmd": "lot.define", "lot_id": f"L{t}{n}", "tender_id": f"T{t}"} for t in (1, 2) for n in (1, 2)] + [
        {"cmd": "order.place", "order_id": f"O{t}{n}", "lot_id": f"L{t}{n}"} for n in (1, 2) for t in (1, 2)]
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        player = QuietPlayer(urls=URLS, bootstrap="unused:9092", auth_secret="s" * 32, client=client)
        result = await player.play(lines(*commands))
    assert result.accepted == len(commands) and result.quiet_waits == 1  # at the end only
    assert most >= 2
    assert [o for o in placed if o.startswith("O1")] == ["O11", "O12"]  # one tender's budget: in file order
    assert [o for o in placed if o.startswith("O2")] == ["O21", "O22"]


async def test_a_lane_keeps_its_order_and_other_lanes_run_meanwhile() -> None:
    events: list[str] = []
    gate = asyncio.Event()

    def work(name: str, wait: bool = False) -> Any:
        async def run() -> None:
            events.append(f"start {name}")
            if wait:
                await gate.wait()
            events.append(f"end {name}")
        return run

    lanes = Lanes(limit=4)
    lanes.start(frozenset({("a",)}), work("a1", wait=True))
    lanes.start(frozenset({("a",)}), work("a2"))
    lanes.start(frozenset({("b",)}), work("b1"))
    await asyncio.sleep(0.01)
    assert events == ["start a1", "start b1", "end b1"]  # a2 waits for a1; b1 did not
    gate.set()
    await lanes.drain()
    assert events[3:] == ["end a1", "start a2", "end a2"]


async def test_a_failure_is_raised_at_the_barrier_and_what_waited_on_it_never_runs() -> None:
    ran: list[str] = []

    async def fail() -> None:
        raise RuntimeError("server error")

    async def after() -> None:
        ran.append("after")

    lanes = Lanes()
    lanes.start(frozenset({("a",)}), fail)
    lanes.start(frozenset({("a",)}), after)
    try:
        await lanes.drain()
    except RuntimeError:
        pass
    else:
        raise AssertionError("the failure was not raised")
    assert ran == []


async def test_organisations_and_outcomes_are_in_flight_at_once_and_answers_keep_their_lines() -> None:
    in_flight, most = 0, 0
    sent: list[tuple[str, list[str]]] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        if request.url.path.endswith("/keys"):
            return httpx.Response(201, json={"api_key": "key"})
        if request.url.path in ("/v1/batch", "/back-office/outcomes"):
            records = json.loads(request.content)["records"]
            sent.append((request.url.path, [r["trainee_id"] for r in records]))
            reason = "invalid" if request.url.path == "/v1/batch" else "trainee_not_enrolled"
            return httpx.Response(200, json={"results": [{"index": i, "status": "refused", "reason": reason}
                                                         for i, _ in enumerate(records)]})
        if request.url.path.endswith("/outcomes"):
            return httpx.Response(422, json={"code": "unknown_session"})
        return httpx.Response(201, json={})

    sheets = [{"cmd": "trainee.enrol", "session_id": f"S{1 + n % 2}", "trainee_id": f"T{n}"} for n in range(4)]
    outcomes = [{"cmd": "outcome.record", "session_id": "S1", "trainee_id": f"T{n}"} for n in range(5)]
    odd = {"cmd": "outcome.record", "session_id": "S 9", "trainee_id": "T9"}
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        player = QuietPlayer(urls=URLS, bootstrap="unused:9092", auth_secret="s" * 32, client=client)
        result = await player.play(lines(*back_office(), *sheets, *outcomes[:3], odd, *outcomes[3:]))
    assert most >= 2  # the two organisations' batches
    assert sorted(sent) == [("/back-office/outcomes", ["T0", "T1", "T2"]), ("/back-office/outcomes", ["T3", "T4"]),
                            ("/v1/batch", ["T0", "T2"]), ("/v1/batch", ["T1", "T3"])]
    assert result.rejections == [{"cmd_line": n, "reason": "invalid"} for n in range(7, 11)] + [
        {"cmd_line": n, "reason": "trainee_not_enrolled"} for n in range(11, 14)] + [
        {"cmd_line": 14, "reason": "unknown_session"}] + [
        {"cmd_line": n, "reason": "trainee_not_enrolled"} for n in range(15, 17)]


async def test_a_new_key_is_retried_where_it_has_not_arrived_yet_with_no_quiet_point() -> None:
    """Improvement learns of a key attendance just issued through events: until then it answers 401,
    which changes nothing; the player sends the line again instead of waiting for quiet."""
    refused = 2

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal refused
        if request.url.path.endswith("/keys"):
            return httpx.Response(201, json={"api_key": "key"})
        if request.url.path == "/v1/plans" and refused:
            refused -= 1
            return httpx.Response(401, json={"code": "unauthorized"})
        return httpx.Response(201, json={})

    plan = {"cmd": "plan.create", "plan_id": "P1", "organisation_id": "OF-A", "lot_id": "L1", "order_id": "O1"}
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        player = QuietPlayer(urls=URLS, bootstrap="unused:9092", auth_secret="s" * 32, client=client)
        result = await player.play(lines(*back_office(), plan))
    assert result.rejections == [] and result.accepted == 7 and result.retries == 2
    assert result.quiet_waits == 2  # the switch to organisation commands, and the end
