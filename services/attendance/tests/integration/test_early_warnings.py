"""Early dropout warnings over the real database: raised by the declarations that show the risk,
read by the organisation by its own trainee id, counted for the buyer without identities, cleared
when attendance recovers, and measured at the exit (precision)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from prometheus_client import REGISTRY

from pacte_contracts.topics import ATTENDANCE_WARNING

PROFILE = {"age_band": "26-44", "qualification": "bac", "jobseeker_registered": True}
START = date(2019, 9, 23)


def day(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


async def test_a_warning_is_raised_read_counted_cleared_and_measured(attendance: Any) -> None:
    holder, other = attendance.uid("OF"), attendance.uid("OF")
    long, short = attendance.uid("S"), attendance.uid("S")
    key, other_key = await attendance.issue_key(holder), await attendance.issue_key(other)
    await attendance.schedule(long, holder, days=45, hours_per_day="7", lot_id="L-LONG")  # 315 hours: watched
    await attendance.schedule(short, holder, days=10, hours_per_day="7", lot_id="L-SHORT")  # 70 hours: not
    post = attendance.client.post

    async def send(sid: str, records: list[dict[str, Any]]) -> None:
        answer = await post("/v1/batch", headers=key, json={"records": [{"session_id": sid, **r} for r in records]})
        assert answer.status_code == 200 and answer.json()["refused"] == 0, answer.text

    def attended(trainee: str, first: int, *hours_and_absences: tuple[float, str | None]) -> list[dict[str, Any]]:
        return [{"cmd": "attendance.record", "trainee_id": trainee, "date": day(first + i), "hours_present": h,
                 "absence": a} for i, (h, a) in enumerate(hours_and_absences)]

    for sid in (long, short):
        await send(sid, [{"cmd": "trainee.enrol", "trainee_id": t, "date": day(0), "profile": PROFILE}
                         for t in ("T-RISK", "T-FINE")])
    risky = [(7, None), (0, "unjustified"), (7, None), (0, "unjustified"), (7, None)]
    for sid in (long, short):
        await send(sid, attended("T-RISK", 0, *risky) + attended("T-FINE", 0, *[(7, None)] * 5))

    mine = (await attendance.client.get("/v1/warnings", headers=key)).json()
    assert [(w["session_id"], w["reasons"], w["raised_on"]) for w in mine] == [
        (long, ["unjustified_absences"], day(4))]
    by_id = await attendance.client.get("/v1/warnings", headers=key, params={"trainee_id": "T-RISK"})
    assert by_id.json() == mine
    assert (await attendance.client.get("/v1/warnings", headers=key, params={"trainee_id": "T-FINE"})).json() == []
    assert (await attendance.client.get("/v1/warnings", headers=other_key)).json() == []  # never another's
    assert (await attendance.client.get("/v1/warnings")).status_code == 401

    counts = (await attendance.client.get("/back-office/warnings", headers=attendance.token("auditor"))).json()
    [long_lot] = [c for c in counts if c["organisation_id"] == holder]
    assert long_lot["lot_id"] == "L-LONG" and long_lot["open"] == 1 and long_lot["precision"] is None
    assert "trainee_key" not in str(counts) and mine[0]["trainee_key"] not in str(counts)  # counts, never who

    # Attendance recovers: once both unjustified days have left the window, the warning clears.
    await send(long, attended("T-RISK", 5, (7, None)))
    assert len((await attendance.client.get("/v1/warnings", headers=key)).json()) == 1  # day 3 still in it
    await send(long, attended("T-RISK", 6, (7, None), (7, None)))
    assert (await attendance.client.get("/v1/warnings", headers=key)).json() == []
    # Then three absences in a row raise a new one, and the trainee drops out: the warning was right.
    await send(long, attended("T-RISK", 8, (0, "justified"), (0, "justified"), (0, "justified")))
    [again] = (await attendance.client.get("/v1/warnings", headers=key)).json()
    assert again["reasons"] == ["consecutive_absences", "low_attendance"]
    await send(long, [{"cmd": "trainee.dropout", "trainee_id": "T-RISK", "date": day(11), "reason": "other"},
                      {"cmd": "trainee.complete", "trainee_id": "T-FINE", "date": day(11), "certification": "none"}])
    assert (await attendance.client.get("/v1/warnings", headers=key)).json() == []
    [measured] = [c for c in (await attendance.client.get("/back-office/warnings", headers=attendance.token())).json()
                  if c["organisation_id"] == holder]
    assert (measured["raised"], measured["cleared"], measured["open"]) == (2, 1, 0)
    assert (measured["warned_trainees"], measured["warned_exited"], measured["warned_dropped_out"]) == (1, 1, 1)
    assert measured["precision"] == "1.0000"


async def test_a_cancelled_enrolment_takes_its_warning_with_it(attendance: Any) -> None:
    holder = attendance.uid("OF")
    sid = attendance.uid("S")
    key = await attendance.issue_key(holder)
    await attendance.schedule(sid, holder, days=45, hours_per_day="7")
    records = [{"cmd": "trainee.enrol", "trainee_id": "T", "date": day(0), "profile": PROFILE}] + [
        {"cmd": "attendance.record", "trainee_id": "T", "date": day(i), "hours_present": 0, "absence": "justified"}
        for i in range(5)]
    answer = await attendance.client.post("/v1/batch", headers=key,
                                          json={"records": [{"session_id": sid, **r} for r in records]})
    assert answer.json()["refused"] == 0
    assert len((await attendance.client.get("/v1/warnings", headers=key)).json()) == 1
    cancel = await attendance.client.post(f"/v1/sessions/{sid}/enrolment-cancellations", headers=key,
                                          json={"trainee_id": "T"})
    assert cancel.status_code in (200, 201), cancel.text
    assert (await attendance.client.get("/v1/warnings", headers=key)).json() == []
    assert await attendance.fetchval("SELECT count(*) FROM dropout_warnings WHERE session_id = $1", sid) == 0
    # The organisation was told of the warning; it is told it never existed.
    raised, withdrawn = await attendance.session_events(sid, 2, topic=ATTENDANCE_WARNING)
    assert (raised["type"], withdrawn["type"]) == ("DropoutWarningRaised", "DropoutWarningWithdrawn")
    assert withdrawn["payload"]["warning_id"] == raised["payload"]["warning_id"]


async def test_a_late_declaration_after_the_exit_does_not_measure_the_exit_again(attendance: Any) -> None:
    holder, lot = attendance.uid("OF"), attendance.uid("L")
    sid = attendance.uid("S")
    key = await attendance.issue_key(holder)
    await attendance.schedule(sid, holder, days=45, hours_per_day="7", lot_id=lot)

    async def send(records: list[dict[str, Any]]) -> None:
        answer = await attendance.client.post("/v1/batch", headers=key,
                                              json={"records": [{"session_id": sid, **r} for r in records]})
        assert answer.status_code == 200 and answer.json()["refused"] == 0, answer.text

    def exits(outcome: str) -> float:
        return REGISTRY.get_sample_value("pacte_dropout_warned_exits_total", {"lot": lot, "outcome": outcome}) or 0

    await send([{"cmd": "trainee.enrol", "trainee_id": t, "date": day(0), "profile": PROFILE} for t in "AB"] + [
        {"cmd": "attendance.record", "trainee_id": t, "date": day(i), "hours_present": 0, "absence": "justified"}
        for t in "AB" for i in (0, 1, 2, 4)])  # day 3 left for a late declaration
    assert len((await attendance.client.get("/v1/warnings", headers=key)).json()) == 2
    # A's warning clears before the exit (a cleared warning's stay is measured too); B's is open at it.
    await send([{"cmd": "attendance.record", "trainee_id": "A", "date": day(i), "hours_present": 7, "absence": None}
                for i in range(5, 10)])
    await send([{"cmd": "trainee.complete", "trainee_id": "A", "date": day(10), "certification": "none"},
                {"cmd": "trainee.dropout", "trainee_id": "B", "date": day(10), "reason": "other"}])
    assert (exits("completed"), exits("dropped_out")) == (1, 1)
    await send([{"cmd": "attendance.record", "trainee_id": t, "date": day(3), "hours_present": 0,
                 "absence": "unjustified"} for t in "AB"])
    await send([{"cmd": "attendance.record", "trainee_id": "B", "date": day(3), "hours_present": 7, "absence": None}])
    assert (exits("completed"), exits("dropped_out")) == (1, 1)


async def test_a_warning_is_read_by_its_id_open_or_ended_and_only_by_its_organisation(attendance: Any) -> None:
    holder, other = attendance.uid("OF"), attendance.uid("OF")
    sid = attendance.uid("S")
    key, other_key = await attendance.issue_key(holder), await attendance.issue_key(other)
    await attendance.schedule(sid, holder, days=45, hours_per_day="7")

    async def send(records: list[dict[str, Any]]) -> None:
        answer = await attendance.client.post("/v1/batch", headers=key,
                                              json={"records": [{"session_id": sid, **r} for r in records]})
        assert answer.status_code == 200 and answer.json()["refused"] == 0, answer.text

    def absent(trainee: str, *days: int) -> list[dict[str, Any]]:
        return [{"cmd": "attendance.record", "trainee_id": trainee, "date": day(i), "hours_present": 0,
                 "absence": "justified"} for i in days]

    await send([{"cmd": "trainee.enrol", "trainee_id": t, "date": day(0), "profile": PROFILE} for t in "AB"]
               + absent("A", *range(5)) + absent("B", *range(5)))
    [listed] = (await attendance.client.get("/v1/warnings", headers=key, params={"trainee_id": "A"})).json()
    [b_listed] = (await attendance.client.get("/v1/warnings", headers=key, params={"trainee_id": "B"})).json()

    async def read(warning_id: str, headers: dict[str, str] | None = None) -> Any:
        return await attendance.client.get(f"/v1/warnings/{warning_id}", headers=key if headers is None else headers)

    assert (await read(listed["warning_id"])).json() == {
        **listed, "status": "open", "cleared_on": None, "closed_on": None, "outcome": None}
    await send([{"cmd": "attendance.record", "trainee_id": "A", "date": day(i), "hours_present": 7, "absence": None}
                for i in range(5, 10)])
    await send([{"cmd": "trainee.dropout", "trainee_id": "B", "date": day(5), "reason": "other"}])
    cleared = (await read(listed["warning_id"])).json()
    assert (cleared["status"], cleared["cleared_on"], cleared["outcome"]) == ("cleared", day(9), None)
    assert cleared["trainee_key"] == listed["trainee_key"] and cleared["reasons"] == listed["reasons"]
    closed = (await read(b_listed["warning_id"])).json()
    assert (closed["status"], closed["closed_on"], closed["outcome"]) == ("closed", day(5), "dropped_out")

    unknown = [await read(listed["warning_id"], other_key), await read("00000000-0000-4000-8000-000000000000"),
               await read("not-a-warning")]
    assert {(r.status_code, r.headers["content-type"], r.json()["code"]) for r in unknown} == {
        (404, "application/problem+json", "not_found")}
    assert len({r.json()["detail"] for r in unknown}) == 1  # another's and an unknown one: the same answer
    assert (await attendance.client.get(f"/v1/warnings/{listed['warning_id']}")).status_code == 401
