from __future__ import annotations

from typing import Any


async def test_a_declaration_goes_through(attendance: Any) -> None:
    org = attendance.uid("OF")
    sid = attendance.uid("S")
    key = await attendance.issue_key(org)
    await attendance.schedule(sid, org)
    answer = await attendance.client.post(f"/v1/sessions/{sid}/open-days", json={"date": "2019-09-23"}, headers=key)
    assert answer.status_code == 201, answer.text
    assert answer.json()["revision"] == 1
