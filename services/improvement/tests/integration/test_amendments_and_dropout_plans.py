"""Amendments, progress views, dropout action plans and their export, Idempotency-Key."""

from __future__ import annotations

import csv
import io
import random
import uuid

from ._events import lot_awarded, milestone, order_placed, plan_payload, snapshot, target


async def test_amendments_progress_and_dropout_action_plans(harness) -> None:  # type: ignore[no-untyped-def]
    h = harness
    u = uuid.uuid4().hex[:6]
    year = random.randint(2100, 2149)  # periods unique to this run (within the input limits: up to 2199)
    org, other, lot, order, plan_id = f"OF-{u}", f"OF-X-{u}", f"L-{u}", f"BC-{u}", f"PAS-{u}"
    m1, m2, m5 = f"M-{u}-1", f"M-{u}-2", f"M-{u}-5"
    await h.issue_key(org)
    await h.issue_key(other)
    await h.publish(lot_awarded(lot, org), order_placed(order, lot, org))
    await h.until("SELECT count(*) FROM orders WHERE order_id = $1", order, equals=1)
    r = await h.client.post("/v1/plans", headers=h.org(org), json=plan_payload(plan_id, org, lot, order, [
        milestone(m1, f"{year}-12-31", 100000, target("dropout_rate", "lot", "<=", 0.1, 5)),
        milestone(m2, f"{year}-06-30", 20000, None, "continuity"),
    ]))
    assert r.status_code == 201, r.text
    reader = h.staff("steering")

    progress = (await h.client.get(f"/plans/{plan_id}/progress", headers=reader)).json()
    assert progress["snapshot"] is None
    assert progress["milestones"][0]["current_value"] is None

    reasons = {"dropouts_by_reason.other": ("1", 0), "dropouts_by_reason.return_to_work": ("1", 0)}
    await h.publish(snapshot(f"{year}-03", f"{year}-03-31", {
        f"lot:{lot}": {"dropout_rate": ("0.2000", 10), "entries": ("10", 0), "dropouts": ("2", 0), **reasons},
        f"organisation:{org}": {"dropout_rate": ("0.2000", 10), "entries": ("10", 0), "dropouts": ("2", 0),
                                **reasons},
        "programme": {"entries": ("100", 0), "dropouts": ("10", 0), "dropouts_by_reason.other": ("10", 0)},
    }))
    await h.until("SELECT count(*) FROM period_evaluations", equals=1)
    progress = (await h.client.get(f"/v1/plans/{plan_id}/progress", headers=h.org(org))).json()
    assert progress["snapshot"] == {"period": f"{year}-03", "as_of": f"{year}-03-31"}
    first = progress["milestones"][0]
    assert (first["current_value"], first["sample_size"], first["target_met"], first["status"]) == \
        ("0.2000", 10, False, "planned")

    # Amendments: proposed by the organisation, accepted by the buyer.
    amendment = {"reason": "cible irréaliste", "milestones": [
        milestone(m1, f"{year}-12-31", 100000, target("dropout_rate", "lot", "<=", 0.25, 5)),
        milestone(m5, f"{year}-11-30", 0, None, "pedagogy")]}
    # Another organisation's plan is answered as an absent one, whatever the body (issue 18).
    assert (await h.client.post(f"/v1/plans/{plan_id}/amendments", json=amendment,
                                headers=h.org(other))).json()["code"] == "not_found"
    assert (await h.client.post(f"/v1/plans/{plan_id}/amendments", json={"reason": "rien"},
                                headers=h.org(org))).json()["code"] == "invalid"
    bad_value = {"milestones": [milestone(m5, f"{year}-11-30", -1, target("nope", "lot", "<", 0.25, -5))]}
    malformed = {"milestones": [{**milestone(m5, f"{year}-11-30", 0, None), "bonus_cents": "0"}]}
    for body in ({"reason": "rien"}, bad_value, malformed):
        r = await h.client.post(f"/v1/plans/{plan_id}/amendments", json=body, headers=h.org(other))
        assert (r.status_code, r.json()["code"], r.json()["detail"]) == (404, "not_found", f"unknown plan {plan_id!r}")
    r = await h.client.post(f"/v1/plans/{plan_id}/amendments", json=bad_value, headers=h.org(org))
    assert (r.status_code, r.json()["code"]) == (422, "invalid")
    r = await h.client.post(f"/v1/plans/{plan_id}/amendments", json=malformed, headers=h.org(org))
    assert (r.status_code, r.json()["code"]) == (422, "invalid")
    assert r.json()["errors"][0]["field"] == "milestones.0.bonus_cents"
    r = await h.client.post(f"/v1/plans/{plan_id}/amendments", json=amendment, headers=h.org(org))
    assert (r.status_code, r.json()["number"], r.json()["status"]) == (201, 1, "proposed")
    plan = (await h.client.get(f"/plans/{plan_id}", headers=reader)).json()
    assert (plan["version"], len(plan["milestones"])) == (1, 2)  # nothing changes before acceptance
    assert (await h.client.post(f"/plans/{plan_id}/amendments/1/accept", headers=reader)).status_code == 403
    r = await h.client.post(f"/plans/{plan_id}/amendments/1/accept", headers=h.staff("buyer"))
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    assert [m["milestone_id"] for m in r.json()["milestones"]] == [m1, m2, m5]
    assert r.json()["milestones"][0]["target"]["threshold"] == "0.25"
    assert (await h.client.post(f"/plans/{plan_id}/amendments/1/accept",
                                headers=h.staff("buyer"))).json()["code"] == "invalid"

    # Waiving with an Idempotency-Key: a retry is answered again without a second decision.
    headers = {**h.staff("buyer"), "Idempotency-Key": f"waive-{u}"}
    first_answer = await h.client.post(f"/milestones/{m2}/waive", json={"date": f"{year}-06-30"}, headers=headers)
    retry = await h.client.post(f"/milestones/{m2}/waive", json={"date": f"{year}-06-30"}, headers=headers)
    assert first_answer.status_code == retry.status_code == 200
    assert retry.headers.get("Idempotent-Replayed") == "true"
    assert retry.json() == first_answer.json()
    assert await h.fetchval("SELECT count(*) FROM audit_log WHERE action = 'milestone.waive'") == 1
    # A decided milestone cannot be amended any more.
    late = {"milestones": [milestone(m2, f"{year}-09-30", 1, None, "continuity")]}
    assert (await h.client.post(f"/v1/plans/{plan_id}/amendments", json=late,
                                headers=h.org(org))).json()["code"] == "invalid"

    # Dropout action plan of the year: profile from the snapshot, actions followed year over year.
    action = {"action_id": f"DA-{u}", "year": year, "reason_addressed": "other",
              "description": "Entretien de suivi à J+7", "owner_role": "référent parcours",
              "due_on": f"{year}-09-30"}
    refusals = "SELECT count(*) FROM audit_log WHERE action = 'refused' AND actor = $1"
    audited = await h.fetchval(refusals, other)
    for body in ({**action, "year": "2020"}, {**action, "reason_addressed": "x"}, action):
        assert (await h.client.post(f"/v1/plans/{plan_id}/dropout-actions", json=body,
                                    headers=h.org(other))).json()["code"] == "not_found"
    assert await h.fetchval(refusals, other) == audited + 3, "each attempt on another's plan is audited"
    assert (await h.client.post(f"/v1/plans/{plan_id}/dropout-actions", json={**action, "year": "2020"},
                                headers=h.org(org))).json()["code"] == "invalid"
    assert (await h.client.post(f"/v1/plans/{plan_id}/dropout-actions", json={**action, "reason_addressed": "x"},
                                headers=h.org(org))).json()["code"] == "invalid"
    r = await h.client.post(f"/v1/plans/{plan_id}/dropout-actions", json=action, headers=h.org(org))
    assert (r.status_code, r.json()["status"]) == (201, "planned")
    r = await h.client.post(f"/v1/plans/{plan_id}/dropout-actions/DA-{u}/status", json={"status": "in_progress"},
                            headers=h.org(org))
    assert [e["status"] for e in r.json()["history"]] == ["planned", "in_progress"]
    assert (await h.client.post(f"/v1/plans/{plan_id}/dropout-actions/DA-{u}/status", json={"status": "planned"},
                                headers=h.org(org))).json()["code"] == "invalid"

    view = (await h.client.get(f"/plans/{plan_id}/dropout-action-plans/{year}", headers=reader)).json()
    profile = view["profile"]
    assert (profile["entries"], profile["dropouts"], profile["dropout_rate"]) == (10, 2, "0.2000")
    assert profile["programme"]["dropout_rate"] == "0.1000"
    assert profile["rate_gap"] == "0.1000"
    other_line = next(line for line in profile["reasons"] if line["reason"] == "other")
    assert (other_line["label"], other_line["count"], other_line["programme_count"]) == ("Autres", 1, 10)
    assert [a["action_id"] for a in view["actions"]] == [f"DA-{u}"]
    next_year = (await h.client.get(f"/v1/plans/{plan_id}/dropout-action-plans/{year + 1}",
                                    headers=h.org(org))).json()
    assert next_year["profile"] is None and next_year["actions"] == []
    assert [a["action_id"] for a in next_year["carried_over"]] == [f"DA-{u}"]

    exported = await h.client.get("/dropout-action-plans/export", params={"year": year, "format": "csv"},
                                  headers=reader)
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["plan_id"], r["reason_label"], r["status"]) for r in rows] == [(plan_id, "Autres", "in_progress")]
    as_json = await h.client.get("/dropout-action-plans/export", params={"year": year, "format": "json"},
                                 headers=reader)
    assert as_json.json()[0]["owner_role"] == "référent parcours"
    assert (await h.client.get("/dropout-action-plans/export", params={"year": year, "format": "xls"},
                               headers=reader)).json()["code"] == "invalid"
