"""Early dropout warnings reach the organisation as webhooks, over the real broker and databases:
attendance publishes a warning's raise, clear and close through its outbox (attendance.warning.v1,
keyed by session, no trainee in them); the webhooks service, which has the organisation's key from
attendance's credential events, delivers each one signed to the organisation's endpoint; the
organisation finds whose warning it is with `GET /v1/warnings`."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest

from pacte_contracts.topics import ATTENDANCE_WARNING
from pacte_testing import settings_for, start_service, stop_service, wait_until
from pacte_testing.receivers import Receiver, receiver
from pacte_webhooks.domain.signing import verify
from pacte_webhooks.entrypoints.app import build_runtime, create_app
from pacte_webhooks.settings import WebhooksSettings

PROFILE = {"age_band": "26-44", "qualification": "bac", "jobseeker_registered": True}
START = date(2019, 9, 23)
TYPES = ["dropout_warning.raised", "dropout_warning.cleared", "dropout_warning.closed", "dropout_warning.withdrawn"]


def day(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


@pytest.fixture
async def webhooks(infra: Any, database_url: str) -> AsyncIterator[Any]:
    platform = settings_for(infra, database_url, "webhooks")
    settings = WebhooksSettings.model_validate({
        **platform.model_dump(by_alias=True), "WEBHOOKS_URL_POLICY": "loopback",  # type: ignore[attr-defined]
        "WEBHOOKS_RETRY_BASE_S": 0.2, "WEBHOOKS_POLL_INTERVAL_S": 0.1,
        "WEBHOOKS_CONSUMER_GROUP_PREFIX": f"webhooks-{uuid.uuid4().hex[:8]}"})
    runtime = build_runtime(settings)
    running = await start_service(runtime, create_app(runtime))
    try:
        yield running.client
    finally:
        await stop_service(running)


async def _received(box: Receiver, count: int) -> list[dict[str, Any]]:
    await wait_until(lambda: len(box.received) >= count, timeout=30)
    return [json.loads(r.body) for r in box.received]


async def test_a_warning_raised_cleared_and_closed_reaches_the_organisation_signed(attendance: Any,
                                                                                  webhooks: Any) -> None:
    holder, sid = attendance.uid("OF"), attendance.uid("S")
    key = await attendance.issue_key(holder)
    box = await receiver()
    endpoint: dict[str, Any] = {}

    async def registered() -> bool:  # once webhooks has read the key attendance issued
        answer = await webhooks.post("/v1/webhook-endpoints", headers=key,
                                     json={"url": box.url, "event_types": TYPES})
        endpoint.update(answer.json() if answer.status_code == 201 else {})
        return answer.status_code == 201

    await wait_until(registered, timeout=30)
    await attendance.schedule(sid, holder, days=45, hours_per_day="7", lot_id="L-WARN")  # 315 hours: watched

    async def send(*records: dict[str, Any]) -> None:
        answer = await attendance.client.post("/v1/batch", headers=key,
                                              json={"records": [{"session_id": sid, **r} for r in records]})
        assert answer.status_code == 200 and answer.json()["refused"] == 0, answer.text

    def attended(first: int, *hours_and_absences: tuple[float, str | None]) -> list[dict[str, Any]]:
        return [{"cmd": "attendance.record", "trainee_id": "T-RISK", "date": day(first + i), "hours_present": h,
                 "absence": a} for i, (h, a) in enumerate(hours_and_absences)]

    await send({"cmd": "trainee.enrol", "trainee_id": "T-RISK", "date": day(0), "profile": PROFILE},
               *attended(0, (7, None), (0, "unjustified"), (7, None), (0, "unjustified"), (7, None)))
    [raised] = await _received(box, 1)
    [warning] = (await attendance.client.get("/v1/warnings", headers=key, params={"trainee_id": "T-RISK"})).json()
    assert raised["type"] == "dropout_warning.raised" and raised["organisation_id"] == holder
    assert raised["data"] == {"warning_id": warning["warning_id"], "organisation_id": holder, "session_id": sid,
                              "lot_id": "L-WARN", "reasons": ["unjustified_absences"], "raised_on": day(4)}

    await send(*attended(5, (7, None), (7, None), (7, None)))  # attendance recovers
    cleared = (await _received(box, 2))[1]
    assert cleared["type"] == "dropout_warning.cleared"
    assert (cleared["data"]["warning_id"], cleared["data"]["cleared_on"]) == (warning["warning_id"], day(7))

    # A warning is judged once per request: the absences, then the dropout.
    await send(*attended(8, (0, "justified"), (0, "justified"), (0, "justified")))
    await send({"cmd": "trainee.dropout", "trainee_id": "T-RISK", "date": day(11), "reason": "other"})
    again, closed = (await _received(box, 4))[2:]
    assert again["type"] == "dropout_warning.raised" and again["data"]["warning_id"] != warning["warning_id"]
    assert closed["type"] == "dropout_warning.closed"
    assert {k: closed["data"][k] for k in ("warning_id", "closed_on", "outcome")} == {
        "warning_id": again["data"]["warning_id"], "closed_on": day(11), "outcome": "dropped_out"}

    for request in box.received:
        assert verify(endpoint["secret"], request.headers["pacte-signature"], request.body, now=time.time())
        assert b"T-RISK" not in request.body and warning["trainee_key"].encode() not in request.body
    # What the topic carries: the stay's four events under its session's key, and no trainee in them.
    records = await attendance.session_events(sid, 4, topic=ATTENDANCE_WARNING)
    assert [r["type"] for r in records] == ["DropoutWarningRaised", "DropoutWarningCleared", "DropoutWarningRaised",
                                            "DropoutWarningClosed"]
    assert not [r for r in records if "T-RISK" in json.dumps(r) or warning["trainee_key"] in json.dumps(r)]
    await box.stop()

