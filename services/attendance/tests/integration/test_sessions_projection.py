"""procurement.session.v1 → sessions: highest revision wins, a cancellation wins over everything."""

from __future__ import annotations

from typing import Any

from pacte_contracts.procurement import SessionCancelled
from pacte_testing import wait_until


async def test_projection_converges_whatever_the_order(attendance: Any) -> None:
    org = attendance.uid("OF")
    rescheduled, cancelled_first, plain = attendance.uid("S"), attendance.uid("S"), attendance.uid("S")
    newer = attendance.scheduled(rescheduled, org, capacity=7, revision=3, days=3)
    older = attendance.scheduled(rescheduled, org, capacity=4, revision=2)
    cancel = SessionCancelled(session_id=cancelled_first, order_id="BC-1", lot_id="L-1")
    await attendance.publish(newer, older, newer, cancel, attendance.scheduled(cancelled_first, org, revision=2),
                             attendance.scheduled(plain, org))
    await attendance.wait_for_session(plain)
    await attendance.wait_for_session(cancelled_first, revision=2)
    await attendance.wait_for_session(rescheduled, revision=3)
    row = (await attendance.fetch("SELECT capacity, revision, cardinality(planned_days) AS days FROM sessions "
                                  "WHERE session_id = $1", rescheduled))[0]
    assert (row["capacity"], row["revision"], row["days"]) == (7, 3, 3)
    assert await attendance.fetchval("SELECT cancelled FROM sessions WHERE session_id = $1", cancelled_first)

    # A later reschedule does not resurrect a cancelled session.
    await attendance.publish(SessionCancelled(session_id=plain, order_id="BC-1", lot_id="L-1"),
                             attendance.scheduled(plain, org, revision=5))
    await attendance.wait_for_session(plain, revision=5)

    async def still_cancelled() -> bool:
        return bool(await attendance.fetchval("SELECT cancelled FROM sessions WHERE session_id = $1", plain))
    await wait_until(still_cancelled)
    key = await attendance.issue_key(org)
    refused = await attendance.client.post(f"/v1/sessions/{plain}/open-days", json={"date": "2019-09-23"},
                                           headers=key)
    assert refused.json()["code"] == "session_cancelled"
