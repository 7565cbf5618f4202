"""The back-office API over the real PostgreSQL and Kafka broker."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from pacte_contracts import topics
from pacte_contracts.attendance import EnrolmentCancelled, Stay, TraineeEnrolled, TraineeProfile, TraineeSuspended
from pacte_contracts.billing import OrderClosed
from pacte_testing import Infra, wait_until

from ._support import Running, publish, read_topics, running_service, unique

SCENARIO = Path("/work/shared/scenarios/small.jsonl")
PROCUREMENT_CMDS = {
    "tender.publish": ("POST", "/tenders"),
    "lot.define": ("POST", "/lots"),
    "lot.award": ("POST", "/lots/{lot_id}/award"),
    "lot.unsuccessful": ("POST", "/lots/{lot_id}/unsuccessful"),
    "order.place": ("POST", "/orders"),
    "session.schedule": ("POST", "/sessions"),
    "session.cancel": ("POST", "/sessions/{session_id}/cancel"),
    "reference.jobseekers": ("PUT", "/reference/jobseekers/{territory}"),
}


async def send(svc: Running, line: dict[str, Any]) -> Any:
    method, path = PROCUREMENT_CMDS[line["cmd"]]
    body = {k: v for k, v in line.items() if k != "cmd"}
    return await svc.client.request(method, path.format(**body), json=body, headers=svc.token())


def small_lines() -> list[tuple[int, dict[str, Any]]]:
    lines = [json.loads(raw) for raw in SCENARIO.read_text().splitlines() if raw.strip()]
    return [(n, line) for n, line in enumerate(lines, start=1) if line["cmd"] in PROCUREMENT_CMDS]


async def setup_awarded_lot(svc: Running, *, budget: int = 1_000_000, capacity: int = 12) -> dict[str, str]:
    ids = {"tender": unique("T"), "lot": unique("L"), "org": unique("OF")}
    r = await svc.post("/tenders", {"tender_id": ids["tender"], "reference": "REF", "title": "t", "axis": "qualifying",
                                    "procedure": "open", "budget_cents": budget, "starts_on": "2030-01-01",
                                    "ends_on": "2031-12-31"})
    assert r.status_code == 201, r.text
    r = await svc.post("/lots", {"lot_id": ids["lot"], "tender_id": ids["tender"], "number": 1, "title": "Lot",
                                 "territory": "69", "domain": "digital", "action_type": "certifying",
                                 "billing_unit": "trainee_hour", "unit_price_cents": 1000,
                                 "session_capacity": capacity, "return_to_work_bonus_cents": 0,
                                 "additional_modules": []})
    assert r.status_code == 201, r.text
    r = await svc.post(f"/lots/{ids['lot']}/award", {"organisation_id": ids["org"], "organisation_name": "OF",
                                                      "members": [ids["org"]]})
    assert r.status_code == 200, r.text
    return ids


def session_body(session_id: str, order_id: str, start: str, days: list[str], **extra: Any) -> dict[str, Any]:
    return {"session_id": session_id, "order_id": order_id, "starts_on": start, "ends_on": days[-1],
            "planned_days": days, "hours_per_day": 7, "capacity": 10, "place": "Lyon", **extra}


async def test_small_scenario_procurement_lines_match_the_report(infra: Infra, database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        rejections = []
        for number, line in small_lines():
            r = await send(svc, line)
            if r.status_code >= 400:
                assert r.headers["content-type"].startswith("application/problem+json")
                rejections.append({"cmd_line": number, "reason": r.json()["code"]})
        assert rejections == [{"cmd_line": 14, "reason": "lot_not_awarded"},
                              {"cmd_line": 15, "reason": "budget_exceeded"}]

        budget = (await svc.get("/budget")).json()
        assert {t["tender_id"]: (t["axis"], t["committed_cents"], t["remaining_cents"]) for t in budget["tenders"]} == {
            "T-AFC-2019": ("qualifying", 2060000, 50000000 - 2060000),
            "T-ESS-2019": ("essentials", 1000000, 30000000 - 1000000),
        }
        assert budget["committed_cents"] == 3060000 and "axes" not in budget
        order = (await svc.get("/orders/BC-2")).json()
        assert order["tender_remaining_cents"] == 30000000 - 1000000
        lot = (await svc.get("/lots/L-63-ESS")).json()
        assert lot["members"] == ["OF-AUV-ESS", "OF-CLERMONT-FLE"] and lot["holder_name"] == "Auvergne Essentiels"
        orgs = {o["organisation_id"]: o["name"] for o in (await svc.get("/organisations")).json()["items"]}
        assert orgs["OF-CLERMONT-FLE"] == "OF-CLERMONT-FLE" and orgs["OF-ISERE-BTP"] == "Isère BTP Compétences"
        cancelled = (await svc.get("/sessions/S-BTP-2")).json()
        assert cancelled["status"] == "cancelled"
        counts = (await svc.get("/reference/jobseekers")).json()
        assert [(c["territory"], c["count"], c["revision"]) for c in counts] == [("38", 60000, 1), ("69", 120000, 1)]
        # Every accepted write is audited; refusals are not.
        accepted = len(small_lines()) - 2
        assert await svc.fetchval("SELECT count(*) FROM audit_log") == accepted


async def test_refusals_follow_the_precedence_and_change_nothing(infra: Infra, database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        ids = await setup_awarded_lot(svc, budget=1000)
        audit_rows = await svc.fetchval("SELECT count(*) FROM audit_log")

        async def code(path: str, body: Any) -> str:
            r = await svc.post(path, body)
            assert r.status_code >= 400, r.text
            assert r.headers["content-type"].startswith("application/problem+json")
            return str(r.json()["code"])

        # Structural invalid beats everything: a string where a number is due.
        assert await code("/orders", {"order_id": "O-1", "lot_id": "nope", "amount_cents": "100"}) == "invalid"
        assert await code("/orders", {"order_id": "O-1", "lot_id": ids["lot"], "amount_cents": True}) == "invalid"
        assert await code("/orders", {"order_id": "O-1", "lot_id": "nope", "amount_cents": 5000}) == "invalid"
        assert await code("/orders", {"order_id": "O-1", "lot_id": ids["lot"], "amount_cents": 1001}) == \
            "budget_exceeded"
        for raw in (b"[1]", b"not json"):
            r = await svc.client.post("/orders", content=raw, headers=svc.token())
            assert r.json()["code"] == "invalid"
        # A lot that is not awarded: level-3 invalid (negative amount) wins, then lot_not_awarded.
        other = unique("L")
        await svc.post("/lots", {"lot_id": other, "tender_id": ids["tender"], "number": 2, "title": "x",
                                 "territory": "38", "domain": "construction", "action_type": "certifying",
                                 "billing_unit": "opening_day", "unit_price_cents": 1, "session_capacity": 3,
                                 "return_to_work_bonus_cents": 0, "additional_modules": []})
        audit_rows += 1
        assert await code("/orders", {"order_id": "O-2", "lot_id": other, "amount_cents": -5}) == "invalid"
        assert await code("/orders", {"order_id": "O-2", "lot_id": other, "amount_cents": 5000}) == "lot_not_awarded"
        assert await code("/lots", {"lot_id": other, "tender_id": ids["tender"]}) == "invalid"
        assert await code(f"/lots/{ids['lot']}/award", {"organisation_id": "X", "organisation_name": "X",
                                                         "members": []}) == "invalid"
        assert await code("/sessions/nope/cancel", {}) == "unknown_session"
        assert await code("/sessions/nope/reschedule", {"starts_on": "2031-01-01"}) == "invalid"
        assert await code("/sessions/nope/reschedule", {"starts_on": "2031-01-01", "ends_on": "2031-01-02",
                                                        "planned_days": ["2031-01-01"]}) == "unknown_session"
        r = await svc.client.put("/reference/jobseekers/99", json={"count": 3}, headers=svc.token())
        assert r.json()["code"] == "invalid"
        assert await svc.fetchval("SELECT count(*) FROM orders") == 0
        assert await svc.fetchval("SELECT committed_cents FROM tenders WHERE tender_id = $1", ids["tender"]) == 0
        assert await svc.fetchval("SELECT count(*) FROM audit_log") == audit_rows

        # Roles: no token, a finance user writing, an auditor reading.
        assert (await svc.client.post("/orders", json={})).status_code == 401
        r = await svc.post("/orders", {"order_id": "O-3", "lot_id": ids["lot"], "amount_cents": 1}, role="finance")
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
        assert (await svc.get("/orders", role="auditor")).status_code == 200
        assert (await svc.get("/orders/unknown")).json()["code"] == "not_found"


async def test_concurrent_orders_never_overspend_the_budget(infra: Infra, database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        ids = await setup_awarded_lot(svc, budget=10_000)
        answers = await asyncio.gather(*(
            svc.post("/orders", {"order_id": f"O-{i}", "lot_id": ids["lot"], "amount_cents": 1_000})
            for i in range(25)))
        statuses = sorted(r.status_code for r in answers)
        assert statuses.count(201) == 10
        assert {r.json()["code"] for r in answers if r.status_code != 201} == {"budget_exceeded"}
        assert await svc.fetchval("SELECT committed_cents FROM tenders") == 10_000
        assert await svc.fetchval("SELECT sum(amount_cents) FROM orders") == 10_000


async def test_idempotency_key_replays_and_refuses_another_body(infra: Infra, database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        ids = await setup_awarded_lot(svc)
        body = {"order_id": "O-1", "lot_id": ids["lot"], "amount_cents": 500}
        first = await svc.post("/orders", body, **{"Idempotency-Key": "k-1"})
        again = await svc.post("/orders", body, **{"Idempotency-Key": "k-1"})
        assert first.status_code == again.status_code == 201
        assert first.json() == again.json() and again.headers.get("idempotent-replayed") == "true"
        other = await svc.post("/orders", {**body, "amount_cents": 600}, **{"Idempotency-Key": "k-1"})
        assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
        assert await svc.fetchval("SELECT count(*) FROM orders") == 1
        assert await svc.fetchval("SELECT count(*) FROM outbox WHERE event_type = 'OrderPlaced'") in (0, 1)
        # A refusal is replayed too, even once the cause is gone.
        refused = await svc.post("/orders", {**body, "order_id": "O-2", "amount_cents": 10**9},
                                 **{"Idempotency-Key": "k-2"})
        assert refused.json()["code"] == "budget_exceeded"
        replay = await svc.post("/orders", {**body, "order_id": "O-2", "amount_cents": 10**9},
                                **{"Idempotency-Key": "k-2"})
        assert replay.status_code == 409 and replay.json() == refused.json()


async def test_events_reach_kafka_with_lot_terms(infra: Infra, database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        ids = await setup_awarded_lot(svc)
        order_id, session_id = unique("O"), unique("S")
        assert (await svc.post("/orders", {"order_id": order_id, "lot_id": ids["lot"],
                                           "amount_cents": 700})).status_code == 201
        days = ["2030-03-02", "2030-03-03"]
        assert (await svc.post("/sessions", session_body(session_id, order_id, days[0], days,
                                                         hours_per_day=7.5))).status_code == 201
        mine = {ids["tender"], ids["lot"], ids["org"], order_id, session_id}
        found = await read_topics(infra, [topics.PROCUREMENT_TENDER, topics.PROCUREMENT_LOT, topics.PROCUREMENT_ORDER,
                                          topics.PROCUREMENT_SESSION, topics.PROCUREMENT_ORGANISATION],
                                  want=6, keep=lambda e: e["key"] in mine)
        types = [e["type"] for e in found]
        assert sorted(types) == sorted(["TenderPublished", "LotDefined", "OrganisationRegistered", "LotAwarded",
                                        "OrderPlaced", "SessionScheduled"])
        placed = next(e for e in found if e["type"] == "OrderPlaced")
        assert placed["payload"]["holder_organisation_id"] == ids["org"]
        assert placed["payload"]["axis"] == "qualifying" and placed["payload"]["billing_unit"] == "trainee_hour"
        scheduled = next(e for e in found if e["type"] == "SessionScheduled")
        assert scheduled["payload"]["hours_per_day"] == "7.5" and scheduled["payload"]["revision"] == 1
        assert scheduled["key"] == session_id and placed["key"] == order_id


async def test_enrolments_block_cancel_and_lower_capacity(infra: Infra, database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        svc.app.state.today = lambda: date(2030, 1, 10)
        ids = await setup_awarded_lot(svc)
        order_id = unique("O")
        await svc.post("/orders", {"order_id": order_id, "lot_id": ids["lot"], "amount_cents": 700})
        busy, free = unique("S"), unique("S")
        days = ["2030-03-02", "2030-03-03"]
        for sid in (busy, free):
            assert (await svc.post("/sessions", session_body(sid, order_id, days[0], days))).status_code == 201

        def stay(status: str) -> Stay:
            return Stay(revision=1, enrolled_on=date(2030, 3, 2), status=status,  # type: ignore[arg-type]
                        profile=TraineeProfile())

        # A suspension may overtake its enrolment; each is delivered twice.
        await publish(infra, [
            TraineeSuspended(session_id=busy, organisation_id=ids["org"], trainee_key="t1_a", date=date(2030, 3, 3),
                             stay=stay("suspended"), suspension_number=1),
            TraineeEnrolled(session_id=busy, organisation_id=ids["org"], trainee_key="t1_a", date=date(2030, 3, 2),
                            stay=stay("enrolled")),
            TraineeEnrolled(session_id=busy, organisation_id=ids["org"], trainee_key="t1_b", date=date(2030, 3, 2),
                            stay=stay("enrolled")),
        ], duplicate=True)

        async def enrolled() -> bool:
            return bool((await svc.get(f"/sessions/{busy}")).json()["enrolments"] == 2)

        await wait_until(enrolled, timeout=30)
        r = await svc.post(f"/sessions/{busy}/cancel", {})
        assert r.status_code == 422 and r.json()["code"] == "invalid"
        r = await svc.post(f"/sessions/{busy}/reschedule", {"starts_on": "2030-04-01", "ends_on": "2030-04-02",
                                                             "planned_days": ["2030-04-01"], "capacity": 1})
        assert r.json()["code"] == "invalid"
        r = await svc.post(f"/sessions/{busy}/reschedule", {"starts_on": "2030-04-01", "ends_on": "2030-04-02",
                                                             "planned_days": ["2030-04-01", "2030-04-02"]})
        assert r.status_code == 200, r.text
        assert r.json()["revision"] == 2 and r.json()["starts_on"] == "2030-04-01"
        r = await svc.post(f"/sessions/{free}/cancel", {})
        assert r.status_code == 200 and r.json()["status"] == "cancelled"
        assert (await svc.post(f"/sessions/{free}/cancel", {})).json()["code"] == "invalid"
        # Too late to move a session that started.
        svc.app.state.today = lambda: date(2030, 4, 1)
        r = await svc.post(f"/sessions/{busy}/reschedule", {"starts_on": "2030-05-01", "ends_on": "2030-05-02",
                                                             "planned_days": ["2030-05-01"]})
        assert r.json()["code"] == "invalid"
        found = await read_topics(infra, [topics.PROCUREMENT_SESSION], want=4,
                                  keep=lambda e: e["key"] in {busy, free})
        assert sorted(e["type"] for e in found) == ["SessionCancelled", "SessionRescheduled", "SessionScheduled",
                                                    "SessionScheduled"]


async def test_catalogue_pagination_and_audit(infra: Infra, database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        ids = await setup_awarded_lot(svc)
        order_id = unique("O")
        await svc.post("/orders", {"order_id": order_id, "lot_id": ids["lot"], "amount_cents": 700})
        starts = ["2030-01-31", "2030-02-15", "2030-03-01", "2030-07-30", "2030-07-31", "2030-08-01"]
        for n, start in enumerate(starts):
            assert (await svc.post("/sessions", session_body(f"S-{n}", order_id, start, [start]))).status_code == 201
        await svc.post("/sessions/S-2/cancel", {})

        async def catalogue(**params: Any) -> list[str]:
            out, cursor = [], None
            while True:
                query = {**params, "limit": 2, **({"cursor": cursor} if cursor else {})}
                page = (await svc.get("/catalogue", **query)).json()
                out += [s["session_id"] for s in page["items"]]
                cursor = page["next_cursor"]
                if cursor is None:
                    return out

        # [31 Jan, 31 Jul): 31 Jan + 6 months = 31 Jul (excluded); the cancelled one is left out.
        assert await catalogue(**{"from": "2030-01-31"}) == ["S-0", "S-1", "S-3"]
        assert await catalogue(**{"from": "2030-01-31", "territory": "69", "axis": "qualifying",
                                  "domain": "digital", "action_type": "certifying"}) == ["S-0", "S-1", "S-3"]
        assert await catalogue(**{"from": "2030-01-31", "territory": "38"}) == []
        assert (await svc.get("/catalogue", territory="99")).json()["code"] == "invalid"
        assert (await svc.get("/sessions", cursor="garbage")).json()["code"] == "invalid"

        entries = (await svc.get("/audit", entity="session", entity_id="S-2")).json()["items"]
        assert [e["action"] for e in entries] == ["session.schedule", "session.cancel"]
        assert entries[1]["before"]["cancelled"] is False and entries[1]["after"]["cancelled"] is True
        assert entries[1]["actor"] == "alice" and entries[1]["role"] == "buyer"
        async with svc.runtime.db().acquire() as conn:
            with pytest.raises(asyncpg.RaiseError):
                await conn.execute("UPDATE audit_log SET actor = 'mallory'")
            with pytest.raises(asyncpg.RaiseError):
                await conn.execute("DELETE FROM audit_log")


async def test_order_latency_p95(infra: Infra, database_url: str) -> None:
    """~300 POST /orders through the ASGI client; prints p50/p95 (the report quotes them)."""
    import time

    async with running_service(infra, database_url) as svc:
        ids = await setup_awarded_lot(svc, budget=10**12)
        timings = []
        for i in range(300):
            started = time.perf_counter()
            r = await svc.post("/orders", {"order_id": f"O-{i}", "lot_id": ids["lot"], "amount_cents": 100},
                               **{"Idempotency-Key": f"key-{i}"})
            timings.append(time.perf_counter() - started)
            assert r.status_code == 201
        timings.sort()
        p50, p95 = timings[len(timings) // 2], timings[int(len(timings) * 0.95)]
        print(f"\nPOST /orders over {len(timings)} requests: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
        assert p95 < 0.5


async def test_an_order_closed_by_billing_releases_its_budget_and_takes_no_session(infra: Infra,
                                                                                  database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        svc.app.state.today = lambda: date(2030, 1, 10)
        ids = await setup_awarded_lot(svc, budget=1_000)
        order_id = unique("O")
        assert (await svc.post("/orders", {"order_id": order_id, "lot_id": ids["lot"], "amount_cents": 900})
                ).status_code == 201
        assert (await svc.post("/orders", {"order_id": unique("O"), "lot_id": ids["lot"], "amount_cents": 500})
                ).json()["code"] == "budget_exceeded"
        closed = OrderClosed(order_id=order_id, lot_id=ids["lot"], tender_id=ids["tender"],
                             previous_amount_cents=900, amount_cents=350, released_cents=550)
        await publish(infra, [closed], duplicate=True)  # applied once

        async def is_closed() -> bool:
            return bool((await svc.get(f"/orders/{order_id}")).json()["status"] == "closed")

        await wait_until(is_closed, timeout=30)
        order = (await svc.get(f"/orders/{order_id}")).json()
        assert order["amount_cents"] == 350
        assert (await svc.get(f"/tenders/{ids['tender']}")).json()["committed_cents"] == 350
        assert (await svc.post("/orders", {"order_id": unique("O"), "lot_id": ids["lot"], "amount_cents": 650})
                ).status_code == 201
        r = await svc.post("/sessions", session_body(unique("S"), order_id, "2030-03-02", ["2030-03-02"]))
        assert r.status_code == 422 and r.json()["code"] == "invalid" and "closed" in r.json()["detail"]


async def test_a_cancelled_enrolment_never_blocks_cancelling_its_session(infra: Infra, database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        svc.app.state.today = lambda: date(2030, 1, 10)
        ids = await setup_awarded_lot(svc)
        order_id, session_id = unique("O"), unique("S")
        await svc.post("/orders", {"order_id": order_id, "lot_id": ids["lot"], "amount_cents": 700})
        assert (await svc.post("/sessions", session_body(session_id, order_id, "2030-03-02", ["2030-03-02"]))
                ).status_code == 201
        enrolled = TraineeEnrolled(session_id=session_id, organisation_id=ids["org"], trainee_key="t1",
                                   date=date(2030, 3, 2), stay=Stay(revision=1, enrolled_on=date(2030, 3, 2),
                                                                    status="enrolled", profile=TraineeProfile()))
        cancelled = EnrolmentCancelled(session_id=session_id, organisation_id=ids["org"], trainee_key="t1",
                                       enrolled_on=date(2030, 3, 2), stay_revision=2)
        # The cancellation overtakes the enrolment it cancels; both come twice.
        await publish(infra, [cancelled, enrolled], duplicate=True)

        async def seen() -> bool:
            return await svc.fetchval("SELECT count(*) FROM session_enrolments WHERE session_id = $1",
                                      session_id) == 1

        await wait_until(seen, timeout=30)
        await asyncio.sleep(1)  # the enrolment, delivered after, must not revive the stay
        assert (await svc.get(f"/sessions/{session_id}")).json()["enrolments"] == 0
        r = await svc.post(f"/sessions/{session_id}/cancel", {})
        assert r.status_code == 200, r.text


async def test_organisations_legal_data_are_checked_kept_and_published(infra: Infra, database_url: str) -> None:
    """Finance's invoices name the organisation by its SIRET and address: registered through the API, refused
    with a precise code when wrong (a SIRET whose Luhn key fails, a VAT number of another company), and carried
    to billing on OrganisationRegistered."""
    async with running_service(infra, database_url) as svc:
        org = unique("OF")
        address = {"line_one": "12 rue de la Gare", "postcode": "69003", "city": "Lyon"}
        legal = {"organisation_id": org, "name": "Formation Rhône", "siret": "73282932000074", "address": address,
                 "vat_status": "registered", "vat_number": "FR44732829320"}
        for wrong in ({"siret": "73282932000075"}, {"vat_number": "FR83404833048"}, {"vat_status": "exonere"},
                      {"address": {**address, "postcode": "6903"}}):
            r = await svc.post("/organisations", {**legal, **wrong})
            assert (r.status_code, r.json()["code"]) == (422, "invalid"), (wrong, r.text)
            assert r.headers["content-type"].startswith("application/problem+json")
        assert (await svc.get(f"/organisations/{org}")).status_code == 404  # refusals changed nothing
        r = await svc.post("/organisations", legal)
        assert r.status_code == 201, r.text
        kept = (await svc.get(f"/organisations/{org}")).json()
        assert (kept["siret"], kept["address"]["city"], kept["vat_status"]) == ("73282932000074", "Lyon", "registered")
        [published] = await read_topics(infra, [topics.PROCUREMENT_ORGANISATION], 1,
                                        lambda e: e["payload"].get("organisation_id") == org)
        payload = published["payload"]
        assert (payload["siret"], payload["address"]["postcode"], payload["vat_number"]) == \
            ("73282932000074", "69003", "FR44732829320")
