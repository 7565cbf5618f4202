"""Ids an organisation chooses without a rule of the specification are its own (issue 18: one tenant
could take, and so probe, another's dropout action ids); plan ids stay unique across the programme
(SCENARIO.md), refused without saying whose the id is."""

from __future__ import annotations

import uuid

from ._events import lot_awarded, order_placed, plan_payload


async def test_dropout_action_ids_are_scoped_to_their_plan(harness) -> None:  # type: ignore[no-untyped-def]
    h = harness
    u = uuid.uuid4().hex[:6]
    plans = {}
    for tag in ("A", "B"):
        org, lot, order, plan_id = f"OF-{tag}-{u}", f"L-{tag}-{u}", f"BC-{tag}-{u}", f"PAS-{tag}-{u}"
        await h.issue_key(org)
        await h.publish(lot_awarded(lot, org), order_placed(order, lot, org))
        await h.until("SELECT count(*) FROM orders WHERE order_id = $1", order, equals=1)
        created = await h.client.post("/v1/plans", headers=h.org(org), json=plan_payload(plan_id, org, lot, order, []))
        assert created.status_code == 201, created.text
        plans[org] = plan_id

    action = {"action_id": "DA-1", "year": 2030, "reason_addressed": "other", "description": "Appel à J+7",
              "owner_role": "référent", "due_on": "2030-09-30"}
    for org, plan_id in plans.items():
        recorded = await h.client.post(f"/v1/plans/{plan_id}/dropout-actions", json=action, headers=h.org(org))
        assert recorded.status_code == 201, recorded.text
        moved = await h.client.post(f"/v1/plans/{plan_id}/dropout-actions/DA-1/status", headers=h.org(org),
                                    json={"status": "in_progress"})
        assert moved.status_code == 200, moved.text
        assert [s["status"] for s in moved.json()["history"]] == ["planned", "in_progress"], "its own history only"
    again = await h.client.post(f"/v1/plans/{plans[f'OF-A-{u}']}/dropout-actions", json=action,
                                headers=h.org(f"OF-A-{u}"))
    assert (again.status_code, again.json()["code"]) == (422, "invalid")

    # A plan id another organisation took is refused as `invalid`, without naming its owner.
    org_b, lot_c, order_c = f"OF-B-{u}", f"L-C-{u}", f"BC-C-{u}"
    await h.publish(lot_awarded(lot_c, org_b), order_placed(order_c, lot_c, org_b))
    await h.until("SELECT count(*) FROM orders WHERE order_id = $1", order_c, equals=1)
    taken = await h.client.post("/v1/plans", headers=h.org(org_b),
                                json=plan_payload(plans[f"OF-A-{u}"], org_b, lot_c, order_c, []))
    assert (taken.status_code, taken.json()["code"]) == (422, "invalid")
    assert taken.json()["detail"] == f"plan id {plans[f'OF-A-{u}']!r} cannot be used: choose another"
