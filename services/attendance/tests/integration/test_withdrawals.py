"""Rules version 2 over the real broker and database: withdrawing an open day and cancelling an
enrolment made by mistake, by route, batch and sheet; events on Kafka, idempotency, tenancy, audit,
and the closing of a period read from billing.period.v1."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pacte_contracts.billing import PeriodClosingStarted
from pacte_testing import wait_until

PROFILE = {"age_band": "<26", "qualification": "bac", "jobseeker_registered": True}
#: Far from every other test's periods: the broker is shared, and a closing announced on
#: billing.period.v1 by another module's test must not close these enrolments' period.
START = date(2035, 1, 8)
#: The closing test's own months, before START: its closing (2034-07) never covers the others'.
CLOSING_START = date(2034, 6, 5)


def day(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


async def _audited(attendance: Any, action: str, session_id: str) -> int:
    return int(await attendance.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = $1 AND entity_id = $2", action, session_id))


async def test_an_open_day_is_withdrawn_and_declared_again(attendance: Any) -> None:
    org, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org, start=START)
    post = attendance.client.post
    assert (await post(f"/v1/sessions/{sid}/open-days", headers=key, json={"date": day(0)})).status_code == 201
    await post(f"/v1/sessions/{sid}/enrolments", headers=key,
               json={"trainee_id": "A", "date": day(0), "profile": PROFILE})
    await post(f"/v1/sessions/{sid}/attendance", headers=key,
               json={"trainee_id": "A", "date": day(0), "hours_present": 7, "absence": None})

    headers = {**key, "Idempotency-Key": "withdraw-1"}
    withdrawn = await post(f"/v1/sessions/{sid}/open-day-withdrawals", headers=headers, json={"date": day(0)})
    assert withdrawn.status_code == 201, withdrawn.text
    assert withdrawn.json()["type"] == "OpenDayWithdrawn" and withdrawn.json()["revision"] == 2
    replay = await post(f"/v1/sessions/{sid}/open-day-withdrawals", headers=headers, json={"date": day(0)})
    assert replay.headers.get("idempotent-replayed") == "true" and replay.json() == withdrawn.json()
    again = await post(f"/v1/sessions/{sid}/open-day-withdrawals", headers=key, json={"date": day(0)})
    assert again.status_code == 422 and again.json()["code"] == "invalid"  # no longer declared open
    never = await post(f"/v1/sessions/{sid}/open-day-withdrawals", headers=key, json={"date": day(1)})
    assert never.json()["code"] == "invalid"
    summary = (await attendance.client.get(f"/v1/sessions/{sid}", headers=key)).json()
    assert summary["open_days"] == 0 and summary["hours_present"] == "7"  # hours recorded that day stay
    assert await attendance.fetchval("SELECT (revision, withdrawn) FROM open_days WHERE session_id = $1",
                                     sid) == (2, True)

    redeclared = await post(f"/v1/sessions/{sid}/open-days", headers=key, json={"date": day(0)})
    assert redeclared.status_code == 201 and redeclared.json()["revision"] == 3
    assert await _audited(attendance, "session.open_day_withdraw", sid) == 1

    events = await attendance.session_events(sid, expected=5)
    days = [(e["type"], e["payload"]["revision"]) for e in events if "OpenDay" in e["type"]]
    assert days == [("OpenDayDeclared", 1), ("OpenDayWithdrawn", 2), ("OpenDayDeclared", 3)]


async def test_an_enrolment_is_cancelled_with_its_declarations(attendance: Any) -> None:
    org, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org, capacity=1, start=START)
    post = attendance.client.post
    trainee = "TR-" + attendance.suffix
    await post(f"/v1/sessions/{sid}/enrolments", headers=key,
               json={"trainee_id": trainee, "date": day(0), "profile": PROFILE})
    await post(f"/v1/sessions/{sid}/attendance", headers=key,
               json={"trainee_id": trainee, "date": day(0), "hours_present": 0, "absence": "unjustified"})
    await post(f"/v1/sessions/{sid}/suspensions", headers=key,
               json={"trainee_id": trainee, "date": day(1), "reason": "short job"})
    await post(f"/v1/sessions/{sid}/satisfaction", headers=key,
               json={"trainee_id": trainee, "date": day(1), "score": 3})
    full = await post(f"/v1/sessions/{sid}/enrolments", headers=key,
                      json={"trainee_id": "other", "date": day(0), "profile": PROFILE})
    assert full.json()["code"] == "session_full"

    headers = {**key, "Idempotency-Key": "cancel-1"}
    cancelled = await post(f"/v1/sessions/{sid}/enrolment-cancellations", headers=headers,
                           json={"trainee_id": trainee})
    assert cancelled.status_code == 201, cancelled.text
    fact = cancelled.json()
    assert fact["type"] == "EnrolmentCancelled" and fact["stay_revision"] == 3 and trainee not in cancelled.text
    assert fact["withdrawn"] == [
        {"kind": "attendance", "date": day(0), "months_after_exit": None, "revision": 2},
        {"kind": "satisfaction", "date": None, "months_after_exit": None, "revision": 2}]
    replay = await post(f"/v1/sessions/{sid}/enrolment-cancellations", headers=headers, json={"trainee_id": trainee})
    assert replay.headers.get("idempotent-replayed") == "true" and replay.json() == fact
    second = await post(f"/v1/sessions/{sid}/enrolment-cancellations", headers=key, json={"trainee_id": trainee})
    assert second.status_code == 409 and second.json()["code"] == "trainee_not_enrolled"
    assert trainee not in second.text

    pseudonym = fact["trainee_key"]
    assert await attendance.fetchval("SELECT count(*) FROM suspensions WHERE trainee_key = $1", pseudonym) == 0
    assert await attendance.fetchval("SELECT (status, revision) FROM stays WHERE trainee_key = $1",
                                     pseudonym) == ("cancelled", 3)
    assert await attendance.fetchval(
        "SELECT bool_and(withdrawn AND hours_present IS NULL) FROM attendance_records WHERE trainee_key = $1",
        pseudonym)
    summary = (await attendance.client.get(f"/v1/sessions/{sid}", headers=key)).json()
    assert summary["trainees"] == [] and summary["attendance_records"] == 0

    # The place is free; the same trainee enrolled again is a new stay above the cancellation.
    again = await post(f"/v1/sessions/{sid}/enrolments", headers=key,
                       json={"trainee_id": trainee, "date": day(2), "profile": PROFILE})
    assert again.status_code == 201 and again.json()["stay"]["revision"] == 4
    assert again.json()["trainee_key"] == pseudonym
    assert (await post(f"/v1/sessions/{sid}/enrolments", headers=key, json={
        "trainee_id": "other", "date": day(0), "profile": PROFILE})).json()["code"] == "session_full"
    assert await _audited(attendance, "trainee.enrol_cancel", sid) == 1

    events = await attendance.session_events(sid, expected=6)
    assert [e["type"] for e in events] == ["TraineeEnrolled", "AttendanceRecorded", "TraineeSuspended",
                                           "SatisfactionRecorded", "EnrolmentCancelled", "TraineeEnrolled"]
    assert all(trainee not in str(e) for e in events)


async def test_cancellation_is_refused_after_hours_an_exit_or_a_closing(attendance: Any) -> None:
    org, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org, start=CLOSING_START)
    post = attendance.client.post
    for trainee in ("A", "B", "C"):
        await post(f"/v1/sessions/{sid}/enrolments", headers=key,
                   json={"trainee_id": trainee, "date": CLOSING_START.isoformat(), "profile": PROFILE})
    await post(f"/v1/sessions/{sid}/attendance", headers=key,
               json={"trainee_id": "A", "date": CLOSING_START.isoformat(), "hours_present": 2, "absence": None})
    await post(f"/v1/sessions/{sid}/dropouts", headers=key,
               json={"trainee_id": "B", "date": CLOSING_START.isoformat(), "reason": "other"})
    before = await attendance.counts()
    for trainee in ("A", "B"):
        answer = await post(f"/v1/sessions/{sid}/enrolment-cancellations", headers=key, json={"trainee_id": trainee})
        assert answer.json()["code"] == "invalid", trainee

    # A later period's closing started: the enrolment's period was judged by it (docs/decisions.md).
    await attendance.publish(PeriodClosingStarted(period="2034-07", as_of="2034-07-31"))

    async def closing_known() -> bool:
        return bool(await attendance.fetchval("SELECT count(*) FROM period_closings WHERE period = '2034-07'"))

    await wait_until(closing_known, timeout=30)
    closed = await post(f"/v1/sessions/{sid}/enrolment-cancellations", headers=key, json={"trainee_id": "C"})
    assert closed.json()["code"] == "invalid" and "2034-06" in closed.json()["detail"]
    assert await attendance.counts() == before


async def test_a_foreign_organisation_withdraws_and_cancels_nothing(attendance: Any) -> None:
    holder, intruder = attendance.uid("OF"), attendance.uid("OF")
    sid = attendance.uid("S")
    mine, theirs = await attendance.issue_key(holder), await attendance.issue_key(intruder)
    await attendance.schedule(sid, holder, start=START)
    post = attendance.client.post
    await post(f"/v1/sessions/{sid}/open-days", headers=mine, json={"date": day(0)})
    await post(f"/v1/sessions/{sid}/enrolments", headers=mine,
               json={"trainee_id": "A", "date": day(0), "profile": PROFILE})
    before = await attendance.counts()
    for route, body in (("open-day-withdrawals", {"date": day(0)}),
                        ("enrolment-cancellations", {"trainee_id": "A"})):
        answer = await post(f"/v1/sessions/{sid}/{route}", headers=theirs, json=body)
        assert answer.status_code == 403 and answer.json()["code"] == "forbidden", route
    batch = await post("/v1/batch", headers=theirs, json={"records": [
        {"cmd": "session.open_day_withdraw", "session_id": sid, "date": day(0)},
        {"cmd": "trainee.enrol_cancel", "session_id": sid, "trainee_id": "A"}]})
    assert [r["reason"] for r in batch.json()["results"]] == ["forbidden", "forbidden"]
    assert await attendance.counts() == before
    assert await attendance.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'refused' AND actor = $1", intruder) == 2


async def test_batch_and_sheet_see_withdrawals_and_cancellations(attendance: Any) -> None:
    org, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org, capacity=2, start=START)
    records = [
        {"cmd": "trainee.enrol", "session_id": sid, "trainee_id": "A", "date": day(0), "profile": PROFILE},
        {"cmd": "session.open_day", "session_id": sid, "date": day(0)},
        {"cmd": "attendance.record", "session_id": sid, "trainee_id": "A", "date": day(0),
         "hours_present": 0, "absence": None},
        {"cmd": "trainee.enrol_cancel", "session_id": sid, "trainee_id": "A"},
        {"cmd": "trainee.enrol_cancel", "session_id": sid, "trainee_id": "A"},
        {"cmd": "session.open_day_withdraw", "session_id": sid, "date": day(0)},
        {"cmd": "session.open_day_withdraw", "session_id": sid, "date": day(0)},
        {"cmd": "trainee.enrol_cancel", "session_id": sid, "trainee_id": ""},
        {"cmd": "trainee.enrol", "session_id": sid, "trainee_id": "B", "date": day(0), "profile": PROFILE},
        {"cmd": "trainee.enrol", "session_id": sid, "trainee_id": "C", "date": day(0), "profile": PROFILE},
    ]
    answer = await attendance.client.post("/v1/batch", headers=key, json={"records": records})
    assert answer.status_code == 200, answer.text
    assert [r.get("reason", r["status"]) for r in answer.json()["results"]] == [
        "accepted", "accepted", "accepted", "accepted", "trainee_not_enrolled", "accepted", "invalid", "invalid",
        "accepted", "accepted"]  # A's place was freed: B and C fit in a session of 2
    assert await attendance.fetchval("SELECT count(*) FROM stays WHERE session_id = $1 AND status <> 'cancelled'",
                                     sid) == 2
    assert await _audited(attendance, "batch", answer.headers["x-correlation-id"]) == 1

    sheet = "\n".join(["trainee_id;date;hours_present;absence", f"A;{day(1)};7;", f"B;{day(1)};7;",
                       f"C;{day(0)};6,5;"]).encode()
    report = await attendance.client.post(f"/v1/sessions/{sid}/attendance-sheet", headers=key, content=sheet)
    assert report.status_code == 200, report.text
    assert report.json()["accepted"] == 2
    assert [(e["line"], e["reason"]) for e in report.json()["errors"]] == [(2, "trainee_not_enrolled")]
    # C attended the withdrawn day: recorded hours stay whatever the open-day declaration says.
    summary = (await attendance.client.get(f"/v1/sessions/{sid}", headers=key)).json()
    assert summary["open_days"] == 0 and summary["hours_present"] == "13.5"
    cancel_c = await attendance.client.post(f"/v1/sessions/{sid}/enrolment-cancellations", headers=key,
                                            json={"trainee_id": "C"})
    assert cancel_c.json()["code"] == "invalid"  # C attended
