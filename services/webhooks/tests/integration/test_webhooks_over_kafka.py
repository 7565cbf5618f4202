"""The webhooks service over the real broker and PostgreSQL, with receivers on 127.0.0.1: events become
signed deliveries to the organisation's endpoints only; retried, recorded, replayable; an invoice read
before its order waits for it; a dead or slow receiver costs nothing to another organisation's; pending
deliveries survive a restart; every route is the caller's only (404 otherwise)."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest_asyncio

from pacte_contracts.billing import InvoiceIssued, InvoiceLine, OrderClosed
from pacte_contracts.codes import ActionType, Axis, BillingUnit, Domain, LineKind, Territory
from pacte_contracts.envelope import Event, wrap
from pacte_contracts.improvement import MilestoneAchieved, PlanCreated
from pacte_contracts.procurement import OrderPlaced
from pacte_platform import kafka
from pacte_testing import Infra, RunningService, settings_for, start_service, stop_service, wait_until
from pacte_testing.organisations import grant_api_key
from pacte_testing.receivers import Receiver, receiver
from pacte_webhooks.domain.signing import verify
from pacte_webhooks.entrypoints.app import build_runtime, create_app
from pacte_webhooks.settings import WebhooksSettings

SETTINGS = {"WEBHOOKS_URL_POLICY": "loopback", "WEBHOOKS_RETRY_BASE_S": 0.2, "WEBHOOKS_DELIVERY_TIMEOUT_S": 1.0,
            "WEBHOOKS_POLL_INTERVAL_S": 0.1}


class Webhooks:
    def __init__(self, infra: Infra, database_url: str) -> None:
        self.infra, self.database_url, self.prefix = infra, database_url, f"webhooks-{uuid.uuid4().hex[:8]}"
        self.running: RunningService | None = None

    async def start(self) -> None:
        platform = settings_for(self.infra, self.database_url, "webhooks")
        settings = WebhooksSettings.model_validate({**platform.model_dump(by_alias=True), **SETTINGS,  # type: ignore[attr-defined]
                                                    "WEBHOOKS_CONSUMER_GROUP_PREFIX": self.prefix})
        runtime = build_runtime(settings)
        self.running = await start_service(runtime, create_app(runtime))

    async def stop(self) -> None:
        assert self.running is not None
        await stop_service(self.running)

    @property
    def client(self) -> httpx.AsyncClient:
        assert self.running is not None and isinstance(self.running.client, httpx.AsyncClient)
        return self.running.client

    @property
    def pool(self) -> Any:
        assert self.running is not None
        return self.running.runtime.db()  # type: ignore[attr-defined]

    async def publish(self, *events: Event) -> None:
        producer = await kafka.create_producer(self.infra.bootstrap, idempotent=False)
        try:
            for event in events:
                envelope = wrap(event, producer="test")
                await producer.send_and_wait(event.TOPIC, value=envelope.model_dump_json().encode(),
                                             key=envelope.key.encode(),
                                             headers=[("event_type", envelope.type.encode()),
                                                      ("event_id", str(envelope.event_id).encode())])
        finally:
            await producer.stop()

    async def register(self, key: dict[str, str], url: str, *types: str) -> dict[str, Any]:
        r = await self.client.post("/v1/webhook-endpoints", headers=key,
                                   json={"url": url, "event_types": list(types) or ["invoice.issued"]})
        assert r.status_code == 201, r.text
        return dict(r.json())


@pytest_asyncio.fixture
async def webhooks(infra: Infra, database_url: str) -> AsyncIterator[Webhooks]:
    service = Webhooks(infra, database_url)
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


def uid(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def placed(order_id: str, holder: str) -> OrderPlaced:
    return OrderPlaced(order_id=order_id, lot_id="L-1", tender_id="T-1", axis=Axis.QUALIFYING,
                       territory=Territory.RHONE, domain=Domain.DIGITAL, action_type=ActionType.CERTIFYING,
                       billing_unit=BillingUnit.TRAINEE_HOUR, unit_price_cents=1000, return_to_work_bonus_cents=0,
                       holder_organisation_id=holder, amount_cents=100_000)


def issued(order_id: str, period: str = "2019-09", version: int = 1) -> InvoiceIssued:
    line = InvoiceLine(kind=LineKind.TRAINEE_HOUR, origin_period=period, ref=None, quantity="10",
                       unit_price_cents=1000, amount_cents=10_000)
    return InvoiceIssued(invoice_id=f"INV-{order_id}-{period}-v{version}", order_id=order_id, period=period,
                         version=version, lines=[line], total_cents=10_000, payable_cents=10_000,
                         over_ceiling_cents=0, reissued=version > 1)


def bodies(box: Receiver) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in box.received]


async def test_events_become_signed_deliveries_for_their_organisation_only(webhooks: Webhooks) -> None:
    org, other = uid("OF"), uid("OF")
    key, other_key = await grant_api_key(webhooks.pool, org), await grant_api_key(webhooks.pool, other)
    box, other_box = await receiver(), await receiver()
    endpoint = await webhooks.register(key, box.url, "invoice.issued", "invoice.reissued", "dispute.answered",
                                       "milestone.achieved", "order.closed")
    await webhooks.register(other_key, other_box.url, "invoice.issued")
    assert endpoint["secret"].startswith("whsec_")
    order, plan = uid("O"), uid("P")
    await webhooks.publish(placed(order, org), issued(order), issued(order, version=2),
                           PlanCreated(plan_id=plan, organisation_id=org, lot_id="L-1", order_id=order,
                                       milestone_ids=["M-1"]),
                           MilestoneAchieved(plan_id=plan, milestone_id="M-1", order_id=order, bonus_cents=5000,
                                             achieved_on=date(2019, 9, 30), how="evaluated"),
                           OrderClosed(order_id=order, lot_id="L-1", tender_id="T-1", previous_amount_cents=100_000,
                                       amount_cents=20_000, released_cents=80_000))
    await wait_until(lambda: len(box.received) >= 5, timeout=30)
    await asyncio.sleep(0.5)
    got = bodies(box)
    assert sorted(b["type"] for b in got) == ["dispute.answered", "invoice.issued", "invoice.reissued",
                                              "milestone.achieved", "order.closed"]
    assert all(b["organisation_id"] == org for b in got) and other_box.received == []
    for request in box.received:
        assert verify(endpoint["secret"], request.headers["pacte-signature"], request.body, now=time.time())
        assert request.headers["pacte-event-id"] == json.loads(request.body)["id"]
    answered = next(b for b in got if b["type"] == "dispute.answered")["data"]
    assert answered["disputed_invoice_id"] == f"INV-{order}-2019-09-v1"

    listed = (await webhooks.client.get("/v1/webhook-deliveries", headers=key)).json()["items"]
    assert {(d["status"], d["attempts"]) for d in listed} == {("delivered", 1)} and len(listed) == 5
    # Nothing of another organisation is reachable, and what is absent answers the same.
    delivery_id = listed[0]["delivery_id"]
    for path in (f"/v1/webhook-deliveries/{uuid.uuid4()}", "/v1/webhook-deliveries/not-a-uuid",
                 "/v1/webhook-endpoints/we_absent"):
        r = await webhooks.client.get(path, headers=key)
        assert (r.status_code, r.json()["code"]) == (404, "not_found"), path
    for path in (f"/v1/webhook-deliveries/{delivery_id}", f"/v1/webhook-endpoints/{endpoint['endpoint_id']}"):
        r = await webhooks.client.get(path, headers=other_key)
        assert (r.status_code, r.json()["code"]) == (404, "not_found")
    for path in (f"/v1/webhook-deliveries/{delivery_id}/replay",
                 f"/v1/webhook-endpoints/{endpoint['endpoint_id']}/disable",
                 f"/v1/webhook-endpoints/{endpoint['endpoint_id']}/secret-rotations"):
        r = await webhooks.client.post(path, headers=other_key)
        assert (r.status_code, r.json()["code"]) == (404, "not_found"), path
    assert (await webhooks.client.get("/v1/webhook-deliveries", headers=other_key)).json()["items"] == []
    assert [e["endpoint_id"] for e in (await webhooks.client.get("/v1/webhook-endpoints", headers=other_key)
                                       ).json()["items"]] != [endpoint["endpoint_id"]]
    for path in ("/v1/webhook-endpoints", "/v1/webhook-deliveries", "/v1/webhook-event-types"):
        assert (await webhooks.client.get(path)).status_code == 401

    # Replay: the same event id again, and the attempt log grows.
    r = await webhooks.client.post(f"/v1/webhook-deliveries/{delivery_id}/replay", headers=key)
    assert r.status_code == 200, r.text
    await wait_until(lambda: len(box.received) >= 6, timeout=10)
    replayed = json.loads(box.received[-1].body)
    assert replayed["id"] == str(listed[0]["notification_id"])
    detail = (await webhooks.client.get(f"/v1/webhook-deliveries/{delivery_id}", headers=key)).json()
    assert (detail["replays"], len(detail["attempt_log"]), detail["status"]) == (1, 2, "delivered")
    # The secret is stored encrypted, never in clear, and shown once.
    async with webhooks.pool.acquire() as conn:
        stored = await conn.fetchval("SELECT string_agg(t::text, ' ') FROM (SELECT row_to_json(e) FROM endpoints e "
                                     "UNION ALL SELECT row_to_json(k) FROM idempotency_keys k) t")
    assert endpoint["secret"] not in stored
    await box.stop()
    await other_box.stop()


async def test_failures_are_retried_recorded_and_an_invoice_waits_for_its_order(webhooks: Webhooks) -> None:
    org = uid("OF")
    key = await grant_api_key(webhooks.pool, org)
    box = await receiver(status=lambda n: 500 if n == 1 else 200)
    await webhooks.register(key, box.url)
    order = uid("O")
    await webhooks.publish(issued(order))  # its order is not known yet
    await asyncio.sleep(1.0)
    assert box.received == []
    await webhooks.publish(placed(order, org))
    await wait_until(lambda: len(box.received) >= 2, timeout=30)
    [delivery] = (await webhooks.client.get("/v1/webhook-deliveries", headers=key)).json()["items"]
    detail = (await webhooks.client.get(f"/v1/webhook-deliveries/{delivery['delivery_id']}", headers=key)).json()
    assert detail["status"] == "delivered" and [(a["attempt"], a["status_code"], a["error"])
                                                for a in detail["attempt_log"]] == [(1, 500, "HTTP 500"),
                                                                                    (2, 200, None)]
    assert json.loads(box.received[0].body)["id"] == json.loads(box.received[1].body)["id"]
    await box.stop()


async def test_registration_refuses_what_may_not_receive(webhooks: Webhooks) -> None:
    key = await grant_api_key(webhooks.pool, uid("OF"))
    for body in ({"url": "http://192.0.2.10/hooks", "event_types": ["invoice.issued"]},  # not loopback here
                 {"url": "http://127.0.0.1:1/hooks", "event_types": ["invoice.paid"]},
                 {"url": "http://127.0.0.1:1/hooks", "event_types": []},
                 {"url": "file:///etc/passwd", "event_types": ["invoice.issued"]},
                 {"event_types": ["invoice.issued"]}):
        r = await webhooks.client.post("/v1/webhook-endpoints", headers=key, json=body)
        assert (r.status_code, r.json()["code"]) == (422, "invalid"), body
    idem = {**key, "Idempotency-Key": "register-1"}
    body = {"url": "http://127.0.0.1:1/hooks", "event_types": ["invoice.issued"]}
    first = await webhooks.client.post("/v1/webhook-endpoints", headers=idem, json=body)
    again = await webhooks.client.post("/v1/webhook-endpoints", headers=idem, json=body)
    assert first.json()["secret"] and again.json()["secret"] is None
    assert again.json()["endpoint_id"] == first.json()["endpoint_id"]
    rotated = await webhooks.client.post(f"/v1/webhook-endpoints/{first.json()['endpoint_id']}/secret-rotations",
                                         headers=key)
    assert rotated.json()["secret"] not in (None, first.json()["secret"])


async def test_a_dead_or_slow_receiver_costs_nothing_to_another_organisations(webhooks: Webhooks) -> None:
    healthy_org, troubled_org = uid("OF"), uid("OF")
    healthy_key = await grant_api_key(webhooks.pool, healthy_org)
    troubled_key = await grant_api_key(webhooks.pool, troubled_org)
    healthy, slow = await receiver(), await receiver(delay_s=5.0)
    dead = await receiver()
    await dead.stop()  # its port refuses connections now
    await webhooks.register(healthy_key, healthy.url)
    await webhooks.register(troubled_key, slow.url)
    await webhooks.register(troubled_key, dead.url)
    troubled_orders = [uid("O") for _ in range(30)]
    await webhooks.publish(*(placed(o, troubled_org) for o in troubled_orders),
                           *(issued(o) for o in troubled_orders))
    await asyncio.sleep(1.5)  # the slow endpoint's slots are held, the dead one is backing off
    healthy_orders = [uid("O") for _ in range(10)]
    sent = time.time()
    await webhooks.publish(*(placed(o, healthy_org) for o in healthy_orders), *(issued(o) for o in healthy_orders))
    await wait_until(lambda: len(healthy.received) >= 10, timeout=20)
    assert max(r.at for r in healthy.received) - sent < 3.0
    listed = (await webhooks.client.get("/v1/webhook-deliveries", headers=troubled_key,
                                        params={"limit": 500})).json()["items"]
    assert {d["status"] for d in listed} == {"pending"}
    dead_errors = {d["last_error"] for d in listed if d["last_error"] and "Connect" in d["last_error"]}
    assert dead_errors
    await healthy.stop()
    await slow.stop()


async def test_pending_deliveries_survive_a_restart(infra: Infra, database_url: str) -> None:
    service = Webhooks(infra, database_url)
    await service.start()
    org = uid("OF")
    key = await grant_api_key(service.pool, org)
    box = await receiver()
    port = box.port
    await service.register(key, box.url)
    await box.stop()  # down: the first attempts fail
    order = uid("O")
    await service.publish(placed(order, org), issued(order))
    await wait_until(lambda: _attempted(service, key), timeout=20)
    await service.stop()
    box = await Receiver().start(port)
    await service.start()
    await wait_until(lambda: len(box.received) >= 1, timeout=30)
    await service.stop()
    await box.stop()


async def _attempted(service: Webhooks, key: dict[str, str]) -> bool:
    items = (await service.client.get("/v1/webhook-deliveries", headers=key)).json()["items"]
    return bool(items) and items[0]["attempts"] >= 1
