"""A refusal is an answer like any other: stored under its Idempotency-Key and replayed, never run again."""

from __future__ import annotations

import uuid

from ._events import lot_awarded, milestone, order_placed, plan_payload


async def test_a_retried_refused_command_gets_the_stored_refusal_and_changes_nothing(harness) -> None:  # type: ignore[no-untyped-def]
    h = harness
    u = uuid.uuid4().hex[:6]
    org, lot, order, plan_id = f"OF-{u}", f"L-{u}", f"BC-{u}", f"PAS-{u}"
    await h.issue_key(org)
    await h.publish(lot_awarded(lot, org))
    await h.until("SELECT count(*) FROM lots WHERE lot_id = $1", lot, equals=1)
    body = plan_payload(plan_id, org, lot, order, [milestone(f"M-{u}", "2199-12-31", 0, None)])
    headers = {**h.org(org), "Idempotency-Key": f"create-{u}"}

    # The order is not known yet: refused (stage 3), and the refusal is stored under the key.
    first = await h.client.post("/v1/plans", json=body, headers=headers)
    assert (first.status_code, first.json()["code"]) == (422, "invalid"), first.text
    assert first.headers["content-type"].startswith("application/problem+json")
    assert f"unknown order {order!r}" in first.json()["detail"]

    # Now the command would pass: a retry with the same key still gets the first answer and runs nothing.
    await h.publish(order_placed(order, lot, org))
    await h.until("SELECT count(*) FROM orders WHERE order_id = $1", order, equals=1)
    retry = await h.client.post("/v1/plans", json=body, headers=headers)
    assert retry.status_code == 422
    assert retry.headers.get("Idempotent-Replayed") == "true"
    assert retry.json() == first.json()
    assert await h.fetchval("SELECT count(*) FROM plans WHERE plan_id = $1", plan_id) == 0
    assert await h.fetchval("SELECT count(*) FROM milestones WHERE plan_id = $1", plan_id) == 0
    assert await h.fetchval("SELECT count(*) FROM audit_log WHERE entity_id = $1", plan_id) == 0

    # A back-office refusal too: validating a milestone nobody created yet.
    staff = {**h.staff("buyer"), "Idempotency-Key": f"validate-{u}"}
    decision = {"date": "2199-11-15"}
    refused = await h.client.post(f"/milestones/M-{u}/validate", json=decision, headers=staff)
    assert (refused.status_code, refused.json()["code"]) == (422, "invalid")

    # The same key with another body is a conflict; a new key runs the command.
    other = await h.client.post("/v1/plans", json={**body, "facilitators": []}, headers=headers)
    assert (other.status_code, other.json()["code"]) == (409, "idempotency_key_reused")
    created = await h.client.post("/v1/plans", json=body, headers={**h.org(org), "Idempotency-Key": f"again-{u}"})
    assert created.status_code == 201, created.text

    # The milestone exists now, but the retry is answered with the stored refusal and decides nothing.
    again = await h.client.post(f"/milestones/M-{u}/validate", json=decision, headers=staff)
    assert (again.status_code, again.headers.get("Idempotent-Replayed")) == (422, "true")
    assert again.json() == refused.json()
    assert (await h.client.get("/milestones", headers=h.staff("auditor"))).json()[f"M-{u}"] == "planned"
    assert await h.fetchval("SELECT count(*) FROM audit_log WHERE action = 'milestone.validate'") == 0
