"""The organisation's reads of attendance over the real broker and database: its sessions with their
planned days, a session's declarations (tombstones included), a trainee found by its own id (never
stored in clear), the refusal log of every path; each answers 404 to another organisation's key."""

from __future__ import annotations

from typing import Any

PROFILE = {"age_band": "26-44", "qualification": "bac", "jobseeker_registered": False}


async def test_sessions_declarations_and_a_trainee_by_its_own_id(attendance: Any) -> None:
    holder, other = attendance.uid("OF"), attendance.uid("OF")
    sid, theirs_sid = attendance.uid("S"), attendance.uid("S")
    mine, theirs = await attendance.issue_key(holder), await attendance.issue_key(other)
    await attendance.schedule(sid, holder)
    await attendance.schedule(theirs_sid, other)
    post, get = attendance.client.post, attendance.client.get
    person = "DOSSIER-0042-dupont"
    for route, body in (("enrolments", {"trainee_id": person, "date": "2019-09-23", "profile": PROFILE}),
                        ("open-days", {"date": "2019-09-23"}), ("open-days", {"date": "2019-09-24"}),
                        ("open-day-withdrawals", {"date": "2019-09-24"}),
                        ("trainer-hours", {"trainer_id": "F-1", "date": "2019-09-23", "hours": 7}),
                        ("attendance", {"trainee_id": person, "date": "2019-09-23", "hours_present": 6.5,
                                        "absence": None})):
        r = await post(f"/v1/sessions/{sid}/{route}", headers=mine, json=body)
        assert r.status_code in (200, 201), r.text

    sessions = (await get("/v1/sessions", headers=mine)).json()
    assert [(s["session_id"], s["planned_days"][0], s["hours_per_day"], s["trainees"]) for s in sessions["items"]] == [
        (sid, "2019-09-23", "7", 1)]
    declared = (await get(f"/v1/sessions/{sid}/declarations", headers=mine)).json()["items"]
    assert [(d["kind"], str(d["date"]), d["withdrawn"]) for d in declared] == [
        ("attendance", "2019-09-23", False), ("enrolment", "2019-09-23", False), ("open_day", "2019-09-23", False),
        ("open_day", "2019-09-24", True), ("trainer_hours", "2019-09-23", False)]
    pseudonym = declared[0]["trainee"]
    assert pseudonym and pseudonym != person and declared[0]["value"]["hours_present"] == "6.5"
    pages, cursor = [], None
    while True:
        page = (await get(f"/v1/sessions/{sid}/declarations", headers=mine,
                          params={"limit": 2, **({"cursor": cursor} if cursor else {})})).json()
        pages.append(page["items"])
        if (cursor := page["next_cursor"]) is None:
            break
    assert [len(p) for p in pages] == [2, 2, 1] and [d for p in pages for d in p] == declared
    only_days = (await get(f"/v1/sessions/{sid}/declarations", headers=mine, params={"kind": "open_day"})).json()
    assert len(only_days["items"]) == 2

    found = (await post("/v1/trainee-lookups", headers=mine, json={"trainee_id": person})).json()
    assert found["trainee"] == pseudonym
    assert [(d["session_id"], d["kind"]) for d in found["declarations"]] == [(sid, "attendance"), (sid, "enrolment")]
    # Another organisation's same id is another trainee: not found, like an id never sent.
    for who, trainee_id in ((theirs, person), (mine, "NEVER-ENROLLED")):
        r = await post("/v1/trainee-lookups", headers=who, json={"trainee_id": trainee_id})
        assert (r.status_code, r.json()["code"]) == (404, "not_found")
    r = await post("/v1/trainee-lookups", headers=mine, json={"trainee_id": 42})
    assert (r.status_code, r.json()["code"]) == (422, "invalid")
    stored = await attendance.fetch(
        "SELECT string_agg(t::text, ' ') AS s FROM (SELECT row_to_json(x) FROM trainee_pseudonyms x UNION ALL "
        "SELECT row_to_json(x) FROM audit_log x UNION ALL SELECT row_to_json(x) FROM refusals x) t")
    assert person not in (stored[0]["s"] or "")

    assert (await get("/v1/sessions", headers=theirs)).json()["items"][0]["session_id"] == theirs_sid
    for path in (f"/v1/sessions/{sid}/declarations", f"/v1/sessions/{attendance.uid('S')}/declarations"):
        r = await get(path, headers=theirs)
        assert (r.status_code, r.json()["code"]) == (404, "not_found"), path
    for path in ("/v1/sessions", f"/v1/sessions/{sid}/declarations", "/v1/refusals"):
        assert (await get(path)).status_code == 401


async def test_every_refused_record_is_in_its_organisations_log_without_personal_data(attendance: Any) -> None:
    holder, other = attendance.uid("OF"), attendance.uid("OF")
    sid = attendance.uid("S")
    mine, theirs = await attendance.issue_key(holder), await attendance.issue_key(other)
    await attendance.schedule(sid, holder)
    post = attendance.client.post
    person = "SECRET-PERSON-7"
    r = await post(f"/v1/sessions/{sid}/attendance", headers={**mine, "X-Correlation-Id": "my-sync-1"},
                   json={"trainee_id": person, "date": "2019-09-23", "hours_present": 3, "absence": None})
    assert r.json()["code"] == "trainee_not_enrolled"
    r = await post(f"/v1/sessions/{sid}/open-days", headers=mine, json={"date": "23/09/2019"})
    assert r.json()["code"] == "invalid"
    batch = await post("/v1/batch", headers=mine, json={"records": [
        {"cmd": "session.open_day", "session_id": sid, "date": "2019-09-23"},
        {"cmd": "session.open_day", "session_id": sid, "date": "2019-12-25"},
        {"cmd": "nope"}]})
    assert batch.json()["refused"] == 2
    sheet = await post(f"/v1/sessions/{sid}/attendance-sheet", headers=mine,
                       content=f"trainee_id;date;hours_present;absence\n{person};2019-09-23;x;\n".encode())
    assert sheet.json()["refused"] == 1
    r = await post(f"/v1/sessions/{sid}/attendance-sheet", headers=theirs,
                   content=b"trainee_id;date;hours_present;absence\n")
    assert r.status_code in (403, 404)

    log = (await attendance.client.get("/v1/refusals", headers=mine)).json()["items"]
    assert [(e["command"], e["channel"], e["session_id"], e["position"], e["reason"]) for e in log] == [
        ("attendance.record", "record", sid, None, "trainee_not_enrolled"),
        ("session.open_day", "record", sid, None, "invalid"),
        ("session.open_day", "batch", sid, 1, "day_not_planned"),
        ("unknown", "batch", None, 2, "invalid"),
        ("attendance.record", "sheet", sid, 2, "invalid"),
    ]
    assert log[0]["correlation_id"] == "my-sync-1" and str(log[0]["business_date"]) == "2019-09-23"
    assert person not in str(log)
    theirs_log = (await attendance.client.get("/v1/refusals", headers=theirs)).json()["items"]
    assert [(e["command"], e["channel"], e["session_id"]) for e in theirs_log] == [("attendance.sheet", "sheet", sid)]
    filtered = await attendance.client.get("/v1/refusals", headers=mine, params={"reason": "invalid", "limit": 2})
    assert [e["position"] for e in filtered.json()["items"]] == [None, 2] and filtered.json()["next_cursor"]
