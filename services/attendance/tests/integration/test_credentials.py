"""Organisation API keys: issued once, stored as SHA-256, revocable, rotatable, announced."""

from __future__ import annotations

import hashlib
from typing import Any

from pacte_testing import wait_until


async def test_key_lifecycle(attendance: Any) -> None:
    org = attendance.uid("OF")
    sid = attendance.uid("S")
    await attendance.schedule(sid, org)
    client = attendance.client
    # Keys only for organisations of procurement's registry (issue 18: any id got one).
    unknown = await client.post(f"/back-office/organisations/{org}/keys", headers=attendance.token("buyer"))
    assert (unknown.status_code, unknown.json()["code"]) == (422, "invalid") and "not registered" in unknown.text
    await attendance.register(org)

    assert (await client.post(f"/back-office/organisations/{org}/keys")).status_code == 401
    assert (await client.post(f"/back-office/organisations/{org}/keys",
                              headers=attendance.token("finance"))).json()["code"] == "forbidden"

    headers = {**attendance.token("buyer"), "Idempotency-Key": "issue-1"}
    first = await client.post(f"/back-office/organisations/{org}/keys", headers=headers)
    assert first.status_code == 201
    issued = first.json()
    api_key = issued["api_key"]
    assert api_key.startswith(f"pk_{issued['key_id']}_") and len(api_key.split("_", 2)[2]) >= 43  # 32 bytes
    # Only the hash is kept; a replay of the same request shows the key id, never the secret again.
    assert await attendance.fetchval("SELECT key_sha256 FROM organisation_keys WHERE key_id = $1",
                                     issued["key_id"]) == hashlib.sha256(api_key.encode()).hexdigest()
    replay = await client.post(f"/back-office/organisations/{org}/keys", headers=headers)
    assert replay.headers.get("idempotent-replayed") == "true"
    assert replay.json()["key_id"] == issued["key_id"] and replay.json()["api_key"] is None
    stored = await attendance.fetch("SELECT response::text AS r FROM idempotency_keys")
    assert all(api_key not in row["r"] for row in stored)

    read = f"/v1/sessions/{sid}"
    assert (await client.get(read, headers={"X-Api-Key": api_key})).status_code == 200
    assert (await client.get(read, headers={"Authorization": f"Bearer {api_key}"})).status_code == 200
    assert (await client.get(read, headers={"X-Api-Key": api_key[:-2] + "xx"})).status_code == 401
    assert (await client.get(read)).status_code == 401

    rotated = await client.post(f"/back-office/organisations/{org}/keys/{issued['key_id']}/rotate",
                                headers=attendance.token("steering"))
    assert rotated.status_code == 201
    new_key = rotated.json()["api_key"]
    assert (await client.get(read, headers={"X-Api-Key": api_key})).status_code == 401
    assert (await client.get(read, headers={"X-Api-Key": new_key})).status_code == 200

    other = attendance.uid("OF")
    new_id = rotated.json()["key_id"]
    assert (await client.delete(f"/back-office/organisations/{other}/keys/{new_id}",
                                headers=attendance.token())).status_code == 404
    revoked = await client.delete(f"/back-office/organisations/{org}/keys/{new_id}", headers=attendance.token())
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    again = await client.delete(f"/back-office/organisations/{org}/keys/{new_id}", headers=attendance.token())
    assert again.json()["revoked_at"] == revoked.json()["revoked_at"]
    assert (await client.get(read, headers={"X-Api-Key": new_key})).status_code == 401

    listed = (await client.get(f"/back-office/organisations/{org}/keys", headers=attendance.token("auditor"))).json()
    assert [k["key_id"] for k in listed] == [issued["key_id"], new_id]
    assert all(k["revoked_at"] for k in listed)

    # Announced on attendance.credential.v1 and read back by the projection's own consumer.
    async def announced() -> bool:
        return await attendance.fetchval(
            "SELECT count(*) FROM inbox WHERE consumer = 'attendance-credentials'") >= 4
    await wait_until(announced, timeout=30)
    assert await attendance.fetchval("SELECT bool_and(revoked) FROM organisation_keys WHERE organisation_id = $1",
                                     org)


async def test_another_organisations_session_reads_as_an_absent_one(attendance: Any) -> None:
    """Issue 18: a tenant could tell another's session ids (403) from absent ones (404) by reading them."""
    holder, intruder = attendance.uid("OF"), attendance.uid("OF")
    sid = attendance.uid("S")
    await attendance.schedule(sid, holder)
    key = await attendance.issue_key(intruder)
    foreign = await attendance.client.get(f"/v1/sessions/{sid}", headers=key)
    absent = await attendance.client.get("/v1/sessions/S-NOWHERE", headers=key)
    assert foreign.status_code == absent.status_code == 404
    assert {k: v for k, v in foreign.json().items() if k not in ("detail", "instance")} == \
        {k: v for k, v in absent.json().items() if k not in ("detail", "instance")}
    assert foreign.json()["detail"] == f"unknown session {sid!r}"
    assert absent.json()["detail"] == "unknown session 'S-NOWHERE'"
    assert await attendance.fetchval("SELECT count(*) FROM audit_log WHERE action = 'refused' AND actor = $1",
                                     intruder) == 1, "the foreign read is audited, the absent one is not"
