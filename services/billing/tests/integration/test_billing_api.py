"""Billing's HTTP faces and rules over the real broker and database: refusals and their codes,
closing twice, lifecycle, ceilings, disputes and re-issue, organisations' own invoices, accrual,
late and out-of-order facts, budget."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from pacte_contracts import attendance as att
from pacte_contracts import improvement as imp
from pacte_platform.auth import hash_api_key

from .feeds import attendance, close, ids, invoices_of, order, read_events, session, stay


async def test_refusals_auth_and_closing_twice(billing: Any) -> None:
    c = billing.client
    assert (await c.post("/periods/2031-01/close")).status_code == 401
    r = await c.post("/periods/2031-01/close", headers=billing.headers("buyer"))
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    r = await c.post("/periods/2031-13/close", headers=billing.headers())
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    for bad in ("0000-01", "2031-1"):  # no year 0, as for dates
        assert (await c.get(f"/periods/{bad}", headers=billing.headers("auditor"))).status_code == 422
        assert (await c.post(f"/periods/{bad}/close", headers=billing.headers())).json()["code"] == "invalid"
    assert r.headers["content-type"].startswith("application/problem+json")
    r = await c.post("/orders/NOPE/invoices/2031-01/approve", headers=billing.headers())
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    assert (await c.get("/periods/2031-01", headers=billing.headers("auditor"))).json()["status"] == "open"

    # Idempotency-Key: the same request replays the first answer.
    key = {"Idempotency-Key": f"close-{ids()}"}
    first = await c.post("/periods/2031-01/close", headers=billing.headers(**key))
    again = await c.post("/periods/2031-01/close", headers=billing.headers(**key))
    assert first.status_code == again.status_code == 202 and again.headers["idempotent-replayed"] == "true"
    assert (await c.post("/periods/2031-01/close", headers=billing.headers())).status_code == 202
    await billing.publish([imp.MilestonesEvaluated(period="2031-01", achievements=[], missed=[])])
    await billing.wait_closed("2031-01")
    r = await c.post("/periods/2031-01/close", headers=billing.headers())
    assert r.status_code == 200 and r.json()["status"] == "closed"
    # A second answer for a closed period changes nothing.
    await billing.publish([imp.MilestonesEvaluated(period="2031-01", achievements=[], missed=[])])
    await billing.quiet()
    async with billing.runtime.db().acquire() as conn:
        started = await conn.fetchval("SELECT count(*) FROM outbox")
        audit = await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'period.close'")
    assert started == 0 and audit == 1


async def test_invoicing_lifecycle_ceiling_dispute_and_organisations(billing: Any) -> None:
    s = ids()
    o1 = order(f"O1-{s}", price=1234, amount=30_000, holder=f"OF-A-{s}", bonus=25_000)
    o2 = order(f"O2-{s}", unit="opening_day", price=95_000, amount=1_000_000, holder=f"OF-B-{s}", axis="essentials",
               tender="T-2")
    s1, s2 = f"S1-{s}", f"S2-{s}"
    t1, t2 = f"t1_a{s}", f"t1_b{s}"
    # Facts first, then the session, then the order: billing stores them by session meanwhile.
    await billing.publish([
        attendance(s1, t1, "2032-01-05", "7.5"), attendance(s1, t2, "2032-01-05", "3.25"),
        att.TraineeEnrolled(session_id=s1, organisation_id="x", trainee_key=t1, date="2032-01-05",
                            stay=stay(1, "2032-01-05")),
        att.OpenDayDeclared(session_id=s2, organisation_id="x", date="2032-01-06", revision=1),
        att.OpenDayDeclared(session_id=s2, organisation_id="x", date="2032-01-07", revision=1),
    ])
    await billing.quiet()
    await billing.publish([session(s1, o1, ["2032-01-05", "2032-01-06"]),
                           session(s2, o2, ["2032-01-06", "2032-01-07"])])
    await billing.quiet()
    await billing.publish([o1, o2])
    await billing.quiet()
    r = await billing.client.get(f"/orders/{o1.order_id}/accrual", headers=billing.headers("auditor"))
    assert r.json()["accrued_cents"] == 13_266  # 10.75 h × 12.34 €
    r = await billing.client.get(f"/orders/{o2.order_id}/accrual", headers=billing.headers("auditor"))
    assert r.json()["accrued_cents"] == 0  # open days without an active trainee are not billable

    await close(billing, "2032-01")
    [inv] = await invoices_of(billing, o1.order_id, o2.order_id)
    assert inv["lines"] == [{"kind": "trainee_hour", "origin_period": "2032-01", "ref": None, "quantity": "10.75",
                             "unit_price_cents": 1234, "amount_cents": 13_266}]

    # A late enrolment makes the earlier open days billable; a correction lands on the next invoice.
    await billing.publish([
        att.TraineeEnrolled(session_id=s2, organisation_id="x", trainee_key=t1, date="2032-01-06",
                            stay=stay(1, "2032-01-06")),
        attendance(s1, t2, "2032-01-05", "7.5", revision=2), attendance(s1, t2, "2032-01-05", "1", revision=1),
        att.TraineeCompleted(session_id=s1, organisation_id="x", trainee_key=t1, date="2032-01-06",
                             certification="full", stay=stay(2, "2032-01-05", "completed", "2032-01-06")),
        att.OutcomeRecorded(session_id=s1, organisation_id="x", trainee_key=t1, months_after_exit=6,
                            observed_on="2032-02-10", status="employed_durable", revision=1),
    ])
    await billing.quiet()
    r = await billing.client.get(f"/orders/{o2.order_id}/accrual", headers=billing.headers("auditor"))
    assert r.json()["accrued_cents"] == 190_000
    await close(billing, "2032-02")
    got = await invoices_of(billing, o1.order_id, o2.order_id)
    assert [(i["order_id"], i["period"]) for i in got] == [
        (o1.order_id, "2032-01"), (o1.order_id, "2032-02"), (o2.order_id, "2032-02")]
    feb = got[1]
    assert [(x["kind"], x["origin_period"], x["quantity"], x["amount_cents"]) for x in feb["lines"]] == [
        ("return_to_work", "2032-02", "1", 25_000), ("trainee_hour", "2032-01", "4.25", 5_244)]
    # Ceiling: 13 266 + 30 244 > 30 000.
    assert (feb["total_cents"], feb["payable_cents"], feb["over_ceiling_cents"]) == (30_244, 16_734, 13_510)
    assert got[2]["lines"][0]["quantity"] == "2"
    ceiling = [e for e in await read_events(billing, "billing.invoice.v1", o1.order_id)
               if e.type == "OrderCeilingReached"]
    assert len(ceiling) == 1 and ceiling[0].payload["over_ceiling_cents"] == 13_510
    accruals = [e.payload for e in await read_events(billing, "billing.accrual.v1", o1.order_id)]
    assert accruals[-1]["accrued_cents"] == 0
    assert [a["sequence"] for a in accruals] == sorted(a["sequence"] for a in accruals)

    # The outcome corrected away: the bonus goes back on the next invoice.
    await billing.publish([att.OutcomeRecorded(session_id=s1, organisation_id="x", trainee_key=t1,
                                               months_after_exit=6, observed_on="2032-02-10", status="jobseeker",
                                               revision=2)])
    await billing.quiet()
    r = await billing.client.get(f"/orders/{o1.order_id}/accrual", headers=billing.headers("auditor"))
    assert r.json()["accrued_cents"] == -25_000

    # Lifecycle: pay needs approved; approve needs issued.
    c = billing.client
    r = await c.post(f"/orders/{o2.order_id}/invoices/2032-02/pay", headers=billing.headers())
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    r = await c.post(f"/orders/{o2.order_id}/invoices/2032-02/approve", headers=billing.headers())
    assert r.status_code == 200
    r = await c.post(f"/orders/{o2.order_id}/invoices/2032-02/approve", headers=billing.headers())
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    r = await c.post(f"/orders/{o2.order_id}/invoices/2032-02/pay", headers=billing.headers())
    assert r.status_code == 200 and r.json()["status"] == "paid"

    # Organisations: own invoices only, disputes of their own invoices only.
    keys = {}
    for holder in (o1.holder_organisation_id, o2.holder_organisation_id):
        key_id = ids()
        keys[holder] = f"pk_{key_id}_{ids()}{ids()}"
        await billing.publish([att.OrganisationKeyIssued(organisation_id=holder, key_id=key_id,
                                                         key_sha256=hash_api_key(keys[holder]))])
    await billing.quiet()
    as_a = {"Authorization": f"Bearer {keys[o1.holder_organisation_id]}"}
    as_b = {"X-Api-Key": keys[o2.holder_organisation_id]}
    assert (await c.get("/v1/invoices")).status_code == 401
    mine = (await c.get("/v1/invoices", headers=as_a)).json()
    assert {i["order_id"] for i in mine} == {o1.order_id}
    jan = f"INV-{o1.order_id}-2032-01-v1"
    dispute = f"/v1/orders/{o1.order_id}/invoices/2032-01/dispute"
    r = await c.post(dispute, headers=as_b, json={"reason": "hours"})
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    r = await c.post(dispute, headers=as_a, json={"reason": 3})
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    r = await c.post(dispute, headers=as_a, json={"reason": "10.75 h, not 12"})
    assert r.status_code == 200 and r.json()["status"] == "disputed"
    r = await c.post(f"/orders/{o1.order_id}/invoices/2032-01/approve", headers=billing.headers())
    assert r.status_code == 422
    r = await c.post(f"/orders/{o1.order_id}/invoices/2032-01/reissue", headers=billing.headers())
    assert r.status_code == 201, r.text
    v2 = r.json()
    # The new version bills what is known now for 2032-01, minus the February invoice's correction.
    assert v2["version"] == 2 and v2["lines"][0]["quantity"] == "10.75" and v2["lines"][0]["amount_cents"] == 13_266
    assert v2["payable_cents"] == 30_000 - 16_734
    r = await c.get(f"/invoices/{v2['invoice_id']}/lines/1/facts", headers=billing.headers("auditor"))
    assert r.status_code == 200 and {f["fact_type"] for f in r.json()["facts"]} == {"attendance"}
    await billing.quiet()

    # The budget by axis is the indicators service's read model; billing tells its own money per tender.
    assert (await c.get("/budget", headers=billing.headers("steering"))).status_code == 404
    per_tender = (await c.get("/budget/tenders", headers=billing.headers("steering"))).json()
    assert per_tender["T-2"]["paid_cents"] >= 190_000

    # Issued invoices are immutable, down to the database.
    async with billing.runtime.db().acquire() as conn:
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await conn.execute("UPDATE invoice_lines SET amount_cents = 0 WHERE invoice_id = $1", jan)
        with pytest.raises(asyncpg.RaiseError, match="immutable"):
            await conn.execute("UPDATE invoices SET payable_cents = 0 WHERE invoice_id = $1", jan)
