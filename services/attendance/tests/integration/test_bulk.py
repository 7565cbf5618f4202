"""Batch endpoint, CSV attendance sheets, concurrency, and the batch's throughput."""

from __future__ import annotations

import asyncio
import time
from typing import Any

PROFILE = {"age_band": "45+", "qualification": "above_bac", "jobseeker_registered": True}


async def test_batch_applies_good_records_in_order_and_reports_the_others(attendance: Any) -> None:
    org, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org, capacity=2)
    records = [
        {"cmd": "trainee.enrol", "session_id": sid, "trainee_id": "A", "date": "2019-09-23", "profile": PROFILE},
        {"cmd": "attendance.record", "session_id": sid, "trainee_id": "A", "date": "2019-09-23",
         "hours_present": 7, "absence": None},
        {"cmd": "attendance.record", "session_id": sid, "trainee_id": "A", "date": "2019-09-23",
         "hours_present": 6, "absence": "unjustified"},
        {"cmd": "attendance.record", "session_id": sid, "trainee_id": "B", "date": "2019-09-23",
         "hours_present": 6, "absence": None},
        {"cmd": "trainee.enrol", "session_id": sid, "trainee_id": "B", "date": "2019-09-23", "profile": PROFILE},
        {"cmd": "trainee.enrol", "session_id": sid, "trainee_id": "C", "date": "2019-09-23", "profile": PROFILE},
        {"cmd": "outcome.record", "session_id": sid, "trainee_id": "A"},
        {"cmd": "session.open_day", "session_id": "unknown", "date": "2019-09-23"},
        "not an object",
        {"cmd": "trainer.hours", "session_id": sid, "trainer_id": "F", "date": "2019-09-23", "hours": 6},
        {"cmd": "trainer.hours", "session_id": sid, "trainer_id": "F", "date": "2019-09-23", "hours": 9},
    ]
    answer = await attendance.client.post("/v1/batch", headers=key, json={"records": records})
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r.get("reason", r["status"]) for r in results] == [
        "accepted", "accepted", "accepted", "trainee_not_enrolled", "accepted", "session_full", "invalid",
        "unknown_session", "invalid", "accepted", "accepted"]
    assert results[2]["replaced"] and results[2]["fact"]["revision"] == 2
    assert results[10]["replaced"] and results[10]["fact"]["hours"] == "9"
    assert answer.json()["accepted"] == 6
    assert await attendance.fetchval("SELECT count(*) FROM stays WHERE session_id = $1", sid) == 2
    assert await attendance.fetchval("SELECT hours FROM trainer_hours WHERE session_id = $1", sid) == 9
    too_many = await attendance.client.post("/v1/batch", headers=key, json={"records": [records[0]] * 5001})
    assert too_many.status_code == 413


async def test_attendance_sheet_reports_bad_lines(attendance: Any) -> None:
    org, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org, hours_per_day="7.5")
    await attendance.client.post("/v1/batch", headers=key, json={"records": [
        {"cmd": "trainee.enrol", "session_id": sid, "trainee_id": t, "date": "2019-09-23", "profile": PROFILE}
        for t in ("A", "B")]})
    sheet = "\n".join([
        "trainee_id;date;hours_present;absence",
        "A;2019-09-23;7,5;",          # 2: French decimal comma
        "B;2019-09-23;3.25;justified",  # 3
        "",                           # 4: blank, skipped
        "C;2019-09-23;7;",            # 5: not enrolled
        "A;23/09/2019;7;",            # 6: bad date
        "A;2019-09-24;seven;",        # 7: not a number
        "A;2019-09-24;8;",            # 8: over the session's hours per day
        "A;2019-09-25;7;sick",        # 9: unknown absence code
        "B;2019-09-24;7",             # 10: missing column
        "B;2019-09-24;7.123;",        # 11: too many decimals
    ]).encode()
    answer = await attendance.client.post(f"/v1/sessions/{sid}/attendance-sheet", headers=key, content=sheet)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["accepted"] == 2
    assert [(e["line"], e["reason"]) for e in report["errors"]] == [
        (5, "trainee_not_enrolled"), (6, "invalid"), (7, "invalid"), (8, "hours_over_daily_cap"), (9, "invalid"),
        (10, "invalid"), (11, "invalid")]
    assert str(await attendance.fetchval("SELECT sum(hours_present) FROM attendance_records WHERE session_id = $1",
                                         sid)) == "10.75"
    bad_header = await attendance.client.post(f"/v1/sessions/{sid}/attendance-sheet", headers=key,
                                              content=b"who;when\nA;2019-09-23\n")
    assert bad_header.status_code == 422 and bad_header.json()["code"] == "invalid"
    latin1 = await attendance.client.post(f"/v1/sessions/{sid}/attendance-sheet", headers=key,
                                          content="trainee_id;date;hours_present;absence\nÉ;2019-09-23;1;\n"
                                          .encode("latin-1"))
    assert latin1.json()["code"] == "invalid"
    unknown = await attendance.client.post("/v1/sessions/nope/attendance-sheet", headers=key, content=sheet)
    assert unknown.json()["code"] == "unknown_session"


async def test_capacity_and_trainer_cap_hold_under_concurrency(attendance: Any) -> None:
    org = attendance.uid("OF")
    sid, sid2 = attendance.uid("S"), attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org, capacity=5)
    await attendance.schedule(sid2, org)
    post = attendance.client.post

    enrolments = await asyncio.gather(*[
        post(f"/v1/sessions/{sid}/enrolments", headers=key,
             json={"trainee_id": f"T{i}", "date": "2019-09-23", "profile": PROFILE}) for i in range(12)])
    codes = sorted(a.json().get("code", "accepted") for a in enrolments)
    assert codes == ["accepted"] * 5 + ["session_full"] * 7
    assert await attendance.fetchval("SELECT count(*) FROM stays WHERE session_id = $1", sid) == 5

    # One trainer, one day, two sessions of the same organisation: 6 h + 6 h > 10 h.
    hours = await asyncio.gather(*[
        post(f"/v1/sessions/{s}/trainer-hours", headers=key, json={"trainer_id": "F", "date": "2019-09-24",
                                                                   "hours": 6})
        for s in (sid, sid2, sid, sid2)])
    assert sorted(a.json().get("code", "accepted") for a in hours) == [
        "accepted", "accepted", "hours_over_daily_cap", "hours_over_daily_cap"]
    assert await attendance.fetchval("SELECT sum(hours) FROM trainer_hours WHERE trainer_id = 'F'") <= 10


async def test_batch_throughput(attendance: Any) -> None:
    org, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(org)
    trainees, days = 200, 25
    await attendance.schedule(sid, org, capacity=trainees, days=days)
    enrol = await attendance.client.post("/v1/batch", headers=key, json={"records": [
        {"cmd": "trainee.enrol", "session_id": sid, "trainee_id": f"T{i}", "date": "2019-09-23", "profile": PROFILE}
        for i in range(trainees)]})
    assert enrol.json()["accepted"] == trainees
    from datetime import date, timedelta
    day_list = [(date(2019, 9, 23) + timedelta(days=d)).isoformat() for d in range(days)]
    records = [{"cmd": "attendance.record", "session_id": sid, "trainee_id": f"T{i}", "date": d,
                "hours_present": 6.5, "absence": None} for i in range(trainees) for d in day_list]
    assert len(records) == 5000
    rates = []
    for _ in range(3):
        started = time.perf_counter()
        answer = await attendance.client.post("/v1/batch", headers=key, json={"records": records}, timeout=120)
        elapsed = time.perf_counter() - started
        assert answer.json()["accepted"] == 5000
        rates.append(5000 / elapsed)
    print("\nbatch throughput (5,000 attendance records per request): "
          + ", ".join(f"{r:,.0f}" for r in rates) + " records/s")
    assert await attendance.fetchval("SELECT max(revision) FROM attendance_records WHERE session_id = $1", sid) == 3


async def test_the_back_office_records_outcomes_in_one_batch_with_each_routes_answer(attendance: Any) -> None:
    org, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org)
    enrolments = [{"cmd": "trainee.enrol", "session_id": sid, "trainee_id": t, "date": "2019-09-23", "profile": PROFILE}
                  for t in ("A", "B")]
    completion = {"cmd": "trainee.complete", "session_id": sid, "trainee_id": "A", "date": "2019-09-27",
                  "certification": "full"}
    await attendance.client.post("/v1/batch", headers=key, json={"records": [*enrolments, completion]})
    outcome = {"cmd": "outcome.record", "session_id": sid, "trainee_id": "A", "months_after_exit": 6,
               "observed_on": "2020-03-27", "status": "employed_durable"}
    records = [outcome, {**outcome, "status": "jobseeker"}, {**outcome, "trainee_id": "B"},
               {**outcome, "trainee_id": "C"}, {**outcome, "months_after_exit": 7}, {**outcome, "session_id": "nope"},
               {**outcome, "cmd": "attendance.record"}]
    refused = await attendance.client.post("/back-office/outcomes", headers=attendance.token("finance"),
                                           json={"records": records})
    assert refused.status_code == 403
    answer = await attendance.client.post("/back-office/outcomes", headers=attendance.token("steering"),
                                          json={"records": records})
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r.get("reason", r["status"]) for r in results] == [
        "accepted", "accepted", "trainee_not_active", "trainee_not_enrolled", "invalid", "unknown_session", "invalid"]
    assert results[1]["replaced"] and results[1]["fact"]["revision"] == 2
    # Each line's own route answers the same.
    for record, result in zip(records[2:6], results[2:6], strict=True):
        alone = await attendance.client.post(f"/back-office/sessions/{record['session_id']}/outcomes",
                                             headers=attendance.token(),
                                             json={k: v for k, v in record.items() if k != "cmd"})
        assert alone.json()["code"] == result["reason"], record
