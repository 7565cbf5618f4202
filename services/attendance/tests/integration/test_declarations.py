"""Declarations over HTTP: accepted facts, corrections, events on Kafka, refusals and their order."""

from __future__ import annotations

from typing import Any

PROFILE = {"age_band": "<26", "qualification": "below_bac", "jobseeker_registered": True, "qpv": True,
           "name": "never kept"}


async def test_a_stay_from_enrolment_to_outcome(attendance: Any) -> None:
    org, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org)
    post = attendance.client.post
    trainee = "TR-" + attendance.suffix

    enrolled = await post(f"/v1/sessions/{sid}/enrolments", headers=key,
                          json={"trainee_id": trainee, "date": "2019-09-23", "profile": PROFILE})
    assert enrolled.status_code == 201, enrolled.text
    fact = enrolled.json()
    pseudonym = fact["trainee_key"]
    assert pseudonym.startswith("t_") and len(pseudonym) == 34 and trainee not in enrolled.text
    assert fact["organisation_id"] == org and fact["stay"]["revision"] == 1
    assert fact["stay"]["profile"] == {"age_band": "<26", "qualification": "below_bac", "jobseeker_registered": True,
                                       "priority_publics": ["qpv"]}

    assert (await post(f"/v1/sessions/{sid}/open-days", headers=key, json={"date": "2019-09-23"})).status_code == 201
    hours = await post(f"/v1/sessions/{sid}/trainer-hours", headers=key,
                       json={"session_id": sid, "trainer_id": "F-A", "date": "2019-09-23", "hours": 6.5})
    assert hours.status_code == 201 and hours.json()["hours"] == "6.5"
    record = {"trainee_id": trainee, "date": "2019-09-23", "hours_present": 7, "absence": None}
    first = await post(f"/v1/sessions/{sid}/attendance", headers=key, json=record)
    assert first.status_code == 201 and first.json()["revision"] == 1
    corrected = await post(f"/v1/sessions/{sid}/attendance", headers=key,
                           json={**record, "hours_present": 3.5, "absence": "justified"})
    assert corrected.status_code == 200 and corrected.json()["revision"] == 2
    assert corrected.json()["hours_present"] == "3.5"

    suspended = await post(f"/v1/sessions/{sid}/suspensions", headers=key,
                           json={"trainee_id": trainee, "date": "2019-09-24", "reason": "short job",
                                 "skills_attestation_ref": "ATT-42"})
    assert suspended.status_code == 201
    assert suspended.json()["suspension_number"] == 1 and suspended.json()["skills_attestation_ref"] == "ATT-42"
    assert suspended.json()["stay"]["status"] == "suspended"
    resumed = await post(f"/v1/sessions/{sid}/resumptions", headers=key, json={"trainee_id": trainee,
                                                                                "date": "2019-09-25"})
    assert resumed.json()["stay"]["status"] == "enrolled"
    satisfied = await post(f"/v1/sessions/{sid}/satisfaction", headers=key,
                           json={"trainee_id": trainee, "date": "2019-09-27", "score": 4})
    assert satisfied.status_code == 201
    completed = await post(f"/v1/sessions/{sid}/completions", headers=key,
                           json={"trainee_id": trainee, "date": "2019-09-27", "certification": "full"})
    assert completed.json()["stay"] == {"revision": 4, "enrolled_on": "2019-09-23", "status": "completed",
                                        "profile": fact["stay"]["profile"], "exited_on": "2019-09-27",
                                        "certification": "full", "dropout_reason": None}
    again = await post(f"/v1/sessions/{sid}/dropouts", headers=key,
                       json={"trainee_id": trainee, "date": "2019-09-27", "reason": "other"})
    assert again.json()["code"] == "trainee_not_active"

    outcome = {"trainee_id": trainee, "months_after_exit": 6, "observed_on": "2020-03-27",
               "status": "employed_durable"}
    assert (await post(f"/back-office/sessions/{sid}/outcomes", json=outcome,
                       headers=attendance.token("finance"))).status_code == 403
    recorded = await post(f"/back-office/sessions/{sid}/outcomes", json=outcome, headers=attendance.token("steering"))
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["trainee_key"] == pseudonym and recorded.json()["organisation_id"] == org

    events = await attendance.session_events(sid, expected=10)
    assert [e["type"] for e in events] == [
        "TraineeEnrolled", "OpenDayDeclared", "TrainerHoursDeclared", "AttendanceRecorded", "AttendanceRecorded",
        "TraineeSuspended", "TraineeResumed", "SatisfactionRecorded", "TraineeCompleted", "OutcomeRecorded"]
    assert all(e["key"] == sid and e["producer"] == "attendance" for e in events)
    assert all(trainee not in str(e) and "never kept" not in str(e) for e in events)
    assert [e["payload"]["stay"]["revision"] for e in events if "stay" in e["payload"]] == [1, 2, 3, 4]

    summary = (await attendance.client.get(f"/v1/sessions/{sid}", headers=key)).json()
    assert summary["hours_present"] == "3.5" and summary["trainer_hours"] == "6.5"
    assert [t["trainee_key"] for t in summary["trainees"]] == [pseudonym]
    reasons = (await attendance.client.get("/v1/reference/dropout-reasons")).json()
    assert reasons[0] == {"code": "project_abandoned", "label": "Abandon du projet de formation"}
    assert len(reasons) == 8


async def test_refusals_follow_the_precedence_and_change_nothing(attendance: Any) -> None:
    org, other = attendance.uid("OF"), attendance.uid("OF")
    sid, sid2, cancelled = attendance.uid("S"), attendance.uid("S"), attendance.uid("S")
    key, foreign = await attendance.issue_key(org), await attendance.issue_key(other)
    await attendance.schedule(sid, org, capacity=1, hours_per_day="7")
    await attendance.schedule(sid2, org)
    from pacte_contracts.procurement import SessionCancelled
    await attendance.publish(SessionCancelled(session_id=cancelled, order_id="BC-1", lot_id="L-1"))
    await attendance.schedule(cancelled, org)
    post = attendance.client.post
    enrol = {"trainee_id": "A", "date": "2019-09-23", "profile": PROFILE}
    assert (await post(f"/v1/sessions/{sid}/enrolments", headers=key, json=enrol)).status_code == 201
    assert (await post(f"/v1/sessions/{sid2}/trainer-hours", headers=key,
                       json={"trainer_id": "F", "date": "2019-09-23", "hours": 6})).status_code == 201
    before = await attendance.counts()

    att = {"trainee_id": "A", "date": "2019-09-23", "hours_present": 7, "absence": None}
    cases: list[tuple[str, str, dict[str, Any], dict[str, str], str]] = [
        # structural invalid beats everything, even an unknown session and foreign credentials
        ("nope", "attendance", {**att, "hours_present": "7"}, foreign, "invalid"),
        (sid, "attendance", {**att, "hours_present": 7.125}, key, "invalid"),
        (sid, "attendance", {**att, "date": "23/09/2019"}, key, "invalid"),
        (sid, "attendance", {**att, "session_id": sid2}, key, "invalid"),
        ("nope", "attendance", {**att, "absence": "bogus"}, foreign, "unknown_session"),
        (sid, "attendance", {**att, "absence": "bogus", "trainee_id": "ghost"}, foreign, "forbidden"),
        (cancelled, "attendance", {**att, "trainee_id": "ghost"}, key, "session_cancelled"),
        (sid, "attendance", {**att, "trainee_id": "ghost", "absence": "bogus"}, key, "trainee_not_enrolled"),
        (sid, "attendance", {**att, "absence": "bogus", "date": "2019-01-01"}, key, "invalid"),
        (sid, "attendance", {**att, "date": "2019-01-01", "hours_present": 9}, key, "day_not_planned"),
        (sid, "attendance", {**att, "hours_present": 7.5}, key, "hours_over_daily_cap"),
        (sid, "attendance", {**att, "hours_present": -1}, key, "invalid"),
        (sid, "trainer-hours", {"trainer_id": "F", "date": "2019-09-23", "hours": 4.5}, key, "hours_over_daily_cap"),
        (sid, "trainer-hours", {"trainer_id": "F", "date": "2019-09-30", "hours": 1}, key, "day_not_planned"),
        (sid, "enrolments", {**enrol, "trainee_id": "B"}, key, "session_full"),
        (sid, "enrolments", {**enrol, "trainee_id": "B", "profile": {"age_band": "old"}}, key, "invalid"),
        (sid, "dropouts", {"trainee_id": "A", "date": "2019-09-24", "reason": "teleportation"}, key, "invalid"),
        (sid, "resumptions", {"trainee_id": "A", "date": "2019-09-24"}, key, "invalid"),
        (sid, "satisfaction", {"trainee_id": "A", "date": "2019-09-24", "score": 6}, key, "invalid"),
        (sid, "satisfaction", {"trainee_id": "A", "date": "2019-09-24", "score": 4.0}, key, "invalid"),
        (sid, "open-days", {"date": "2019-10-23"}, key, "day_not_planned"),
    ]
    for session, route, body, headers, reason in cases:
        answer = await post(f"/v1/sessions/{session}/{route}", headers=headers, json=body)
        assert answer.headers["content-type"] == "application/problem+json", (route, body)
        assert answer.json()["code"] == reason, (route, body, answer.json())
    not_json = await post(f"/v1/sessions/{sid}/open-days", headers=key, content=b"{")
    assert not_json.json()["code"] == "invalid"
    outcome = {"trainee_id": "A", "months_after_exit": 6, "observed_on": "2020-03-27", "status": "employed_durable"}
    answer = await post(f"/back-office/sessions/{sid}/outcomes", json=outcome, headers=attendance.token())
    assert answer.json()["code"] == "trainee_not_active"  # still in training
    answer = await post(f"/back-office/sessions/{sid}/outcomes", json={**outcome, "months_after_exit": 7},
                        headers=attendance.token())
    assert answer.json()["code"] == "invalid"
    assert await attendance.counts() == before


async def test_idempotency_key_replays_and_never_applies_twice(attendance: Any) -> None:
    org, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org)
    headers = {**key, "Idempotency-Key": "k-1"}
    body = {"date": "2019-09-24"}
    first = await attendance.client.post(f"/v1/sessions/{sid}/open-days", headers=headers, json=body)
    second = await attendance.client.post(f"/v1/sessions/{sid}/open-days", headers=headers, json=body)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("idempotent-replayed") == "true" and second.json() == first.json()
    assert await attendance.fetchval("SELECT revision FROM open_days WHERE session_id = $1", sid) == 1
    reused = await attendance.client.post(f"/v1/sessions/{sid}/open-days", headers=headers, json={"date": "2019-09-25"})
    assert reused.json()["code"] == "idempotency_key_reused"
    # Without the key, re-sending is a correction: a higher revision.
    third = await attendance.client.post(f"/v1/sessions/{sid}/open-days", headers=key, json=body)
    assert third.status_code == 200 and third.json()["revision"] == 2
