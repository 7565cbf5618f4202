"""Cross-tenant refusals on every endpoint, pseudonyms, and erasure of a trainee."""

from __future__ import annotations

from typing import Any

PROFILE = {"age_band": "26-44", "qualification": "bac", "jobseeker_registered": False}


async def test_a_key_of_another_organisation_is_forbidden_everywhere(attendance: Any) -> None:
    holder, intruder = attendance.uid("OF"), attendance.uid("OF")
    sid = attendance.uid("S")
    mine, theirs = await attendance.issue_key(holder), await attendance.issue_key(intruder)
    await attendance.schedule(sid, holder)
    post = attendance.client.post
    trainee = {"trainee_id": "T1", "date": "2019-09-23"}
    assert (await post(f"/v1/sessions/{sid}/enrolments", headers=mine,
                       json={**trainee, "profile": PROFILE})).status_code == 201
    before = await attendance.counts()
    bodies = {
        "open-days": {"date": "2019-09-23"},
        "trainer-hours": {"trainer_id": "F", "date": "2019-09-23", "hours": 1},
        "enrolments": {"trainee_id": "T2", "date": "2019-09-23", "profile": PROFILE},
        "attendance": {**trainee, "hours_present": 1, "absence": None},
        "suspensions": {**trainee, "reason": "x"},
        "resumptions": trainee,
        "dropouts": {**trainee, "reason": "other"},
        "completions": {**trainee, "certification": "none"},
        "satisfaction": {**trainee, "score": 3},
    }
    for route, body in bodies.items():
        answer = await post(f"/v1/sessions/{sid}/{route}", headers=theirs, json=body)
        assert answer.status_code == 403 and answer.json()["code"] == "forbidden", route
    batch = await post("/v1/batch", headers=theirs, json={"records": [
        {"cmd": "attendance.record", "session_id": sid, **bodies["attendance"]},
        {"cmd": "session.open_day", "session_id": sid, "date": "2019-09-23"},
        {"cmd": "trainee.enrol", "session_id": sid, **bodies["enrolments"]},
    ]})
    assert [r["reason"] for r in batch.json()["results"]] == ["forbidden"] * 3
    sheet = await post(f"/v1/sessions/{sid}/attendance-sheet", headers=theirs,
                       content=b"trainee_id;date;hours_present;absence\nT1;2019-09-23;1;\n")
    assert sheet.status_code == 403 and sheet.json()["code"] == "forbidden"
    # A read reveals nothing: another organisation's session is as absent (issue 18).
    assert (await attendance.client.get(f"/v1/sessions/{sid}", headers=theirs)).json()["code"] == "not_found"
    # The body cannot choose the organisation: only the key decides.
    spoof = await post(f"/v1/sessions/{sid}/open-days", headers=theirs,
                       json={"date": "2019-09-23", "organisation_id": holder})
    assert spoof.json()["code"] == "forbidden"
    assert await attendance.counts() == before


async def test_pseudonyms_are_per_organisation_and_can_be_forgotten(attendance: Any) -> None:
    org_a, org_b = attendance.uid("OF"), attendance.uid("OF")
    a1, a2, b1 = attendance.uid("S"), attendance.uid("S"), attendance.uid("S")
    key_a, key_b = await attendance.issue_key(org_a), await attendance.issue_key(org_b)
    for sid, org in ((a1, org_a), (a2, org_a), (b1, org_b)):
        await attendance.schedule(sid, org)
    person = "SSN-1850399123456"  # an id that must never be stored or published
    post = attendance.client.post

    async def enrol(sid: str, key: dict[str, str]) -> str:
        answer = await post(f"/v1/sessions/{sid}/enrolments", headers=key,
                            json={"trainee_id": person, "date": "2019-09-23", "profile": PROFILE})
        assert answer.status_code == 201, answer.text
        return str(answer.json()["trainee_key"])

    in_a1, in_a2, in_b1 = await enrol(a1, key_a), await enrol(a2, key_a), await enrol(b1, key_b)
    assert in_a1 == in_a2 != in_b1
    await post(f"/v1/sessions/{a1}/attendance", headers=key_a,
               json={"trainee_id": person, "date": "2019-09-23", "hours_present": 7, "absence": None})

    dump = await attendance.fetch(
        "SELECT string_agg(t::text, ' ') AS s FROM (SELECT row_to_json(x) FROM stays x UNION ALL "
        "SELECT row_to_json(x) FROM attendance_records x UNION ALL SELECT row_to_json(x) FROM trainee_pseudonyms x "
        "UNION ALL SELECT row_to_json(x) FROM audit_log x UNION ALL SELECT row_to_json(x) FROM idempotency_keys x) t")
    assert person not in dump[0]["s"]
    events = await attendance.session_events(a1, expected=2)
    assert events and all(person not in str(e) for e in events)

    forget = {"organisation_id": org_a, "trainee_id": person}
    assert (await post("/back-office/trainees/forget", json=forget,
                       headers=attendance.token("auditor"))).status_code == 403
    answer = await post("/back-office/trainees/forget", json=forget, headers=attendance.token("buyer"))
    assert answer.json() == {"forgotten": True}
    assert (await post("/back-office/trainees/forget", json=forget, headers=attendance.token())).json() == {
        "forgotten": False}
    # History keeps the pseudonym, but nothing links the person to it any more.
    assert await attendance.fetchval("SELECT count(*) FROM stays WHERE trainee_key = $1", in_a1) == 2
    later = await post(f"/v1/sessions/{a1}/attendance", headers=key_a,
                       json={"trainee_id": person, "date": "2019-09-24", "hours_present": 7, "absence": None})
    assert later.json()["code"] == "trainee_not_enrolled"
    outcome = await post(f"/back-office/sessions/{a1}/outcomes", headers=attendance.token(),
                         json={"trainee_id": person, "months_after_exit": 6, "observed_on": "2020-03-01",
                               "status": "unknown"})
    assert outcome.json()["code"] == "trainee_not_enrolled"
    # The other organisation's mapping is untouched.
    assert (await post(f"/v1/sessions/{b1}/attendance", headers=key_b,
                       json={"trainee_id": person, "date": "2019-09-23", "hours_present": 7,
                             "absence": None})).status_code == 201


async def _dump_of_every_table(attendance: Any) -> str:
    """Every row of every table of attendance's schema, as text (what a database dump would hold)."""
    tables = [r["table_name"] for r in await attendance.fetch(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE'")]
    parts = [str(await attendance.fetchval(f'SELECT coalesce(string_agg(row_to_json(x)::text, \' \'), \'\') '
                                            f'FROM "{table}" x')) for table in tables]
    return " ".join(parts)


async def test_a_person_ref_becomes_one_regional_pseudonym_never_kept_in_clear_and_can_be_forgotten(
        attendance: Any, capfd: Any) -> None:
    org_a, org_b = attendance.uid("OF"), attendance.uid("OF")
    essentials, certifying, later = attendance.uid("S"), attendance.uid("S"), attendance.uid("S")
    key_a, key_b = await attendance.issue_key(org_a), await attendance.issue_key(org_b)
    for sid, org in ((essentials, org_a), (certifying, org_b), (later, org_b)):
        await attendance.schedule(sid, org)
    person_ref = f"FT{attendance.suffix.upper()}7Q"  # the identifiant France Travail: never stored or published
    post = attendance.client.post

    async def enrol(sid: str, key: dict[str, str], trainee_id: str, ref: str | None) -> dict[str, Any]:
        profile = PROFILE if ref is None else {**PROFILE, "person_ref": ref}
        # Under an Idempotency-Key too: its stored answer is the pseudonymous fact, its body only a hash.
        answer = await post(f"/v1/sessions/{sid}/enrolments", headers={**key, "Idempotency-Key": attendance.uid("K")},
                            json={"trainee_id": trainee_id, "date": "2019-09-23", "profile": profile})
        assert answer.status_code == 201, answer.text
        body: dict[str, Any] = answer.json()
        assert "person_key" not in body["stay"] and person_ref not in answer.text  # never echoed back
        return body

    await enrol(essentials, key_a, "A-1", person_ref)
    await enrol(certifying, key_b, "B-9", person_ref.lower())  # the same person, written otherwise
    await enrol(certifying, key_b, "B-10", None)  # no person_ref: nothing changes

    [first] = await attendance.session_events(essentials, expected=1)
    [*second] = await attendance.session_events(certifying, expected=2)
    regional = first["payload"]["stay"]["person_key"]
    assert regional.startswith("p_") and regional != first["payload"]["trainee_key"]
    by_trainee = {e["payload"]["trainee_key"]: e["payload"]["stay"].get("person_key") for e in second}
    assert sorted(by_trainee.values(), key=str) == sorted([regional, None], key=str)
    everything = await _dump_of_every_table(attendance)
    assert person_ref not in everything and person_ref.lower() not in everything
    assert all(person_ref not in str(e) for e in (first, *second))
    logged = capfd.readouterr()
    assert person_ref not in logged.out + logged.err and person_ref.lower() not in logged.out + logged.err

    forget = {"person_ref": person_ref}
    assert (await post("/back-office/persons/forget", json=forget,
                       headers=attendance.token("auditor"))).status_code == 403
    assert (await post("/back-office/persons/forget", json=forget, headers=attendance.token("buyer"))).json() == {
        "forgotten": True}
    assert (await post("/back-office/persons/forget", json=forget, headers=attendance.token())).json() == {
        "forgotten": False}
    # The pathway stays pseudonymous (both stays keep the regional pseudonym) but leads back to no one:
    assert await attendance.fetchval("SELECT count(*) FROM stays WHERE person_key = $1", regional) == 2
    assert await attendance.fetchval("SELECT count(*) FROM person_pseudonyms WHERE pseudonym = $1", regional) == 0
    # the same person_ref enrolled again is a new regional pseudonym, unlinked to the old pathway,
    await enrol(later, key_b, "B-9", person_ref)
    [again] = await attendance.session_events(later, expected=1)
    assert again["payload"]["stay"]["person_key"] not in (None, regional)
    # and the audit trail of the erasure names neither the person nor the pseudonym.
    audit = await attendance.fetch("SELECT row_to_json(a)::text AS row FROM audit_log a WHERE action = 'person.forget'")
    assert audit and all(person_ref not in r["row"] and regional not in r["row"] for r in audit)
    assert person_ref not in await _dump_of_every_table(attendance)
