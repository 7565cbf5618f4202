"""plan.create refusals and the period-closing answer, over the real broker and database."""

from __future__ import annotations

import random
import uuid

from pacte_contracts.envelope import Envelope
from pacte_contracts.topics import IMPROVEMENT_EVALUATION, IMPROVEMENT_PLAN

from ._events import lot_awarded, milestone, order_placed, plan_payload, snapshot, target


async def test_plan_lifecycle_and_period_closing(harness) -> None:  # type: ignore[no-untyped-def]
    h = harness
    u = uuid.uuid4().hex[:6]
    year = random.randint(2150, 2198)  # periods unique to this run: the topics outlive the test
    org, other, lot, other_lot = f"OF-{u}", f"OF-X-{u}", f"L-{u}", f"L-X-{u}"
    order, other_order, lone_order, lone_lot = f"BC-{u}", f"BC-X-{u}", f"BC-L-{u}", f"L-L-{u}"
    m1, m2, m3, m4 = (f"M-{u}-{i}" for i in range(1, 5))
    await h.issue_key(org)
    await h.issue_key(other)
    # The order's OrderPlaced before the LotAwarded, and a lot known only through its order.
    await h.publish(order_placed(order, lot, org), order_placed(other_order, other_lot, other),
                    lot_awarded(other_lot, other), lot_awarded(lot, org), order_placed(lone_order, lone_lot, org))
    await h.until("SELECT count(*) FROM orders WHERE order_id LIKE $1", f"%{u}", equals=3)
    await h.until("SELECT count(*) FROM lots WHERE lot_id LIKE $1", f"%{u}", equals=2)

    payload = plan_payload(f"PAS-{u}", org, lot, order, [
        milestone(m1, f"{year}-10-31", 150000, target("dropout_rate", "lot", "<=", 0.35, 3)),
        milestone(m2, f"{year}-09-30", 50000, target("satisfaction_avg", "lot", ">=", 4.5, 2), "satisfaction"),
        milestone(m3, f"{year}-12-31", 80000, None, "employer_links"),
        milestone(m4, f"{year}-12-31", 0, target("fill_rate", "organisation", ">=", 0.5, 10), "pedagogy"),
    ])

    async def create(body: dict, organisation: str | None = org) -> tuple[int, dict]:  # type: ignore[type-arg]
        headers = h.org(organisation) if organisation else {}
        r = await h.client.post("/v1/plans", json=body, headers=headers)
        return r.status_code, r.json()

    assert (await create(payload, None))[0] == 401
    structural = {k: v for k, v in payload.items() if k != "milestones"}
    assert (await create(structural, other))[1]["code"] == "invalid"  # malformed wins over forbidden
    status, body = await create(payload, other)
    assert (status, body["code"]) == (403, "forbidden")
    bad_comparator = plan_payload(f"PAS-{u}", org, lot, order, [
        milestone(m1, f"{year}-10-31", 1, target("dropout_rate", "lot", "<", 0.35, 3))])
    assert (await create(bad_comparator, other))[1]["code"] == "forbidden"  # forbidden wins over a bad value
    assert (await create(bad_comparator))[1]["code"] == "invalid"
    assert (await create({**payload, "order_id": other_order}))[1]["code"] == "invalid"
    assert (await create({**payload, "lot_id": other_lot, "order_id": other_order}))[1]["code"] == "invalid"
    assert await h.fetchval("SELECT count(*) FROM plans") == 0

    status, created = await create(payload)
    assert status == 201, created
    assert [m["status"] for m in created["milestones"]] == ["planned"] * 4
    assert created["milestones"][0]["target"]["threshold"] == "0.35"
    assert (await create(payload))[1]["code"] == "invalid"  # plan id exists
    reused = plan_payload(f"PAS-2-{u}", org, lone_lot, lone_order, [milestone(m1, f"{year}-10-31", 1, None)])
    assert (await create(reused))[1]["code"] == "invalid"  # milestone ids are global
    status, lone = await create(plan_payload(f"PAS-2-{u}", org, lone_lot, lone_order, []))
    assert status == 201, lone

    listed = (await h.client.get("/v1/plans", headers=h.org(org))).json()
    assert {p["plan_id"] for p in listed} == {f"PAS-{u}", f"PAS-2-{u}"}
    assert (await h.client.get("/v1/plans", headers=h.org(other))).json() == []
    # Another organisation's plan reads as an absent one (issue 18: 403 against 404 told them apart).
    foreign = await h.client.get(f"/v1/plans/PAS-{u}", headers=h.org(other))
    absent = await h.client.get(f"/v1/plans/PAS-NONE-{u}", headers=h.org(other))
    assert (foreign.status_code, foreign.json()["code"]) == (absent.status_code, absent.json()["code"]) == \
        (404, "not_found")
    for route in ("progress", "amendments", f"dropout-action-plans/{year}"):
        assert (await h.client.get(f"/v1/plans/PAS-{u}/{route}", headers=h.org(other))).status_code == 404

    lot_scope, org_scope = f"lot:{lot}", f"organisation:{org}"
    september = snapshot(f"{year}-09", f"{year}-09-30", {
        lot_scope: {"dropout_rate": ("0.5000", 4), "satisfaction_avg": ("4.2500", 4)},
        org_scope: {"fill_rate": ("0.9000", 5)},
    })
    october = snapshot(f"{year}-10", f"{year}-10-31", {
        lot_scope: {"dropout_rate": ("0.2500", 4), "satisfaction_avg": ("4.6000", 4)},
        org_scope: {"fill_rate": ("0.9000", 5)},
    })
    [sept_env] = await h.publish(september)
    await h.until("SELECT count(*) FROM period_evaluations", equals=1)
    statuses = (await h.client.get("/milestones", headers=h.staff("auditor"))).json()
    assert statuses == {m1: "planned", m2: "planned", m3: "planned", m4: "planned"}

    [oct_env] = await h.publish(october)
    await h.until("SELECT count(*) FROM period_evaluations", equals=2)
    statuses = (await h.client.get("/milestones", headers=h.staff("auditor"))).json()
    # m2's target is met in October, but after its due month: missed.
    assert statuses == {m1: "achieved", m2: "missed", m3: "planned", m4: "planned"}

    staff = h.staff("buyer")
    assert (await h.client.post(f"/milestones/{m3}/validate", json={"date": "15/11"},
                                headers=staff)).json()["code"] == "invalid"
    assert (await h.client.post(f"/milestones/{m3}/validate", json={"date": f"{year}-11-15"},
                                headers=h.staff("auditor"))).status_code == 403
    r = await h.client.post(f"/milestones/{m3}/validate", json={"date": f"{year}-11-15"}, headers=staff)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["decided_on"]) == ("achieved", f"{year}-11-15")
    r = await h.client.post(f"/milestones/{m1}/validate", json={"date": f"{year}-11-15"}, headers=staff)
    assert r.json()["code"] == "invalid"  # achieved is final
    assert (await h.client.post("/milestones/M-NOPE/waive", json={"date": f"{year}-12-31"},
                                headers=staff)).json()["code"] == "invalid"
    r = await h.client.post(f"/milestones/{m4}/waive", json={"date": f"{year}-12-31"}, headers=staff)
    assert r.json()["status"] == "waived"
    detail = (await h.client.get(f"/milestones/{m4}", headers=staff)).json()
    assert [t["action"] for t in detail["audit_trail"]] == ["milestone.waive"]

    # The same period's snapshot again (a new event) is answered with the decisions taken then;
    # a redelivered event (same id) is not answered twice.
    again = october.model_copy(update={"scopes": {}})
    await h.publish(again, Envelope.model_validate(oct_env.model_dump()))
    await h.publish(sept_env)

    def of_period(period: str):  # type: ignore[no-untyped-def]
        return lambda env: env.type == "MilestonesEvaluated" and env.payload["period"] == period

    answers = await h.read_topic(IMPROVEMENT_EVALUATION, of_period(f"{year}-10"), 2)
    assert len(answers) == 2
    for answer in answers:
        assert answer.payload["missed"] == [m2]
        assert answer.payload["achievements"] == [{
            "plan_id": f"PAS-{u}", "milestone_id": m1, "order_id": order, "bonus_cents": 150000,
            "achieved_on": f"{year}-10-31"}]
    september_answers = await h.read_topic(IMPROVEMENT_EVALUATION, of_period(f"{year}-09"), 1)
    assert [(a.payload["achievements"], a.payload["missed"]) for a in september_answers] == [([], [])]

    plan_events = await h.read_topic(
        IMPROVEMENT_PLAN, lambda env: env.payload.get("plan_id") == f"PAS-{u}" and env.type != "PlanCreated", 4)
    by_type = {(e.type, e.payload["milestone_id"]): e.payload for e in plan_events}
    assert by_type[("MilestoneAchieved", m1)]["how"] == "evaluated"
    assert by_type[("MilestoneAchieved", m3)] == {
        "plan_id": f"PAS-{u}", "milestone_id": m3, "order_id": order, "bonus_cents": 80000,
        "achieved_on": f"{year}-11-15", "how": "validated"}
    assert by_type[("MilestoneMissed", m2)]["period"] == f"{year}-10"
    assert by_type[("MilestoneWaived", m4)]["waived_on"] == f"{year}-12-31"
    assert len(plan_events) == 4
