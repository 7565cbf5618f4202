"""Plays the shared worked scenarios' attendance commands through the service's real entry points.

Procurement's side is played by publishing its session events on Kafka; the refusals the
service answers must be exactly the attendance-side rejections of the expected report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pacte_contracts.procurement import SessionCancelled, SessionScheduled
from pacte_testing import wait_until

SCENARIOS = Path(__file__).resolve().parents[5] / "shared" / "scenarios"
ROUTES = {
    "session.open_day": "open-days", "trainer.hours": "trainer-hours", "trainee.enrol": "enrolments",
    "attendance.record": "attendance", "trainee.suspend": "suspensions", "trainee.resume": "resumptions",
    "trainee.dropout": "dropouts", "trainee.complete": "completions", "satisfaction.record": "satisfaction",
}
ATTENDANCE_COMMANDS = {*ROUTES, "outcome.record"}


class Player:
    def __init__(self, attendance: Any, name: str) -> None:
        self.attendance = attendance
        text = (SCENARIOS / f"{name}.jsonl").read_text()
        self.lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        expected = json.loads((SCENARIOS / f"{name}.expected.json").read_text())["rejections"]
        self.expected_all = {r["cmd_line"]: r["reason"] for r in expected}
        self.lots: dict[str, dict[str, Any]] = {}
        self.holders: dict[str, str] = {}
        self.orders: dict[str, str] = {}
        self.tenders: dict[str, str] = {}
        self.sessions: dict[str, str] = {}  # session → holder
        self.keys: dict[str, dict[str, str]] = {}
        self.got: dict[int, str] = {}
        self.pending: list[tuple[int, dict[str, Any], str]] = []

    async def key(self, organisation: str) -> dict[str, str]:
        if organisation not in self.keys:
            self.keys[organisation] = await self.attendance.issue_key(organisation)
        return self.keys[organisation]

    async def back_office(self, number: int, line: dict[str, Any]) -> None:
        cmd = line["cmd"]
        if number in self.expected_all:
            return  # refused by procurement: nothing happened
        if cmd == "tender.publish":
            self.tenders[line["tender_id"]] = line["axis"]
        elif cmd == "lot.define":
            self.lots[line["lot_id"]] = line
        elif cmd == "lot.award":
            self.holders[line["lot_id"]] = line["organisation_id"]
        elif cmd == "order.place":
            self.orders[line["order_id"]] = line["lot_id"]
        elif cmd == "session.schedule":
            lot = self.lots[self.orders[line["order_id"]]]
            holder = self.holders[lot["lot_id"]]
            event = SessionScheduled(
                lot_id=lot["lot_id"], tender_id=lot["tender_id"], axis=self.tenders[lot["tender_id"]],
                territory=lot["territory"], domain=lot["domain"], action_type=lot["action_type"],
                billing_unit=lot["billing_unit"], unit_price_cents=lot["unit_price_cents"],
                return_to_work_bonus_cents=lot["return_to_work_bonus_cents"], session_id=line["session_id"],
                order_id=line["order_id"], holder_organisation_id=holder, starts_on=line["starts_on"],
                ends_on=line["ends_on"], planned_days=line["planned_days"], hours_per_day=str(line["hours_per_day"]),
                capacity=line["capacity"], place=line["place"])
            self.sessions[line["session_id"]] = holder
            await self.attendance.publish(event)
            await self.attendance.wait_for_session(line["session_id"])
        elif cmd == "session.cancel":
            sid = line["session_id"]
            await self.attendance.publish(SessionCancelled(session_id=sid, order_id="-", lot_id="-"))

            async def cancelled() -> bool:
                return bool(await self.attendance.fetchval("SELECT cancelled FROM sessions WHERE session_id = $1",
                                                           sid))
            await wait_until(cancelled, timeout=30)

    async def credentials_for(self, line: dict[str, Any]) -> dict[str, str]:
        holder = self.sessions.get(line["session_id"]) or next(iter(self.holders.values()))
        return await self.key(line.get("as_organisation") or holder)

    async def play(self, batched: bool) -> tuple[dict[int, str], dict[int, str]]:
        for number, line in enumerate(self.lines, start=1):
            cmd = line["cmd"]
            if cmd in ROUTES:
                headers = await self.credentials_for(line)
                if batched:
                    if self.pending and self.pending[-1][2] != headers["X-Api-Key"]:
                        await self.flush()
                    self.pending.append((number, line, headers["X-Api-Key"]))
                    continue
                body = {k: v for k, v in line.items() if k not in ("cmd", "as_organisation")}
                answer = await self.attendance.client.post(f"/v1/sessions/{line['session_id']}/{ROUTES[cmd]}",
                                                           headers=headers, json=body)
                if answer.status_code >= 300:
                    self.got[number] = answer.json()["code"]
                continue
            await self.flush()
            if cmd == "outcome.record":
                body = {k: v for k, v in line.items() if k != "cmd"}
                answer = await self.attendance.client.post(f"/back-office/sessions/{line['session_id']}/outcomes",
                                                           headers=self.attendance.token("buyer"), json=body)
                if answer.status_code >= 300:
                    self.got[number] = answer.json()["code"]
            else:
                await self.back_office(number, line)
        await self.flush()
        expected = {n: r for n, r in self.expected_all.items() if self.lines[n - 1]["cmd"] in ATTENDANCE_COMMANDS}
        return self.got, expected

    async def flush(self) -> None:
        if not self.pending:
            return
        api_key = self.pending[0][2]
        answer = await self.attendance.client.post("/v1/batch", headers={"X-Api-Key": api_key}, json={
            "records": [{k: v for k, v in line.items() if k != "as_organisation"} for _, line, _ in self.pending]})
        assert answer.status_code == 200, answer.text
        for (number, _, _), result in zip(self.pending, answer.json()["results"], strict=True):
            if result["status"] == "refused":
                self.got[number] = result["reason"]
        self.pending = []


@pytest.mark.skipif(not SCENARIOS.is_dir(), reason="shared scenarios are not checked out")
@pytest.mark.parametrize(("name", "batched"), [("small", False), ("medium", True)])
async def test_scenario_refusals_match_the_expected_report(attendance: Any, name: str, batched: bool) -> None:
    got, expected = await Player(attendance, name).play(batched)
    assert expected
    assert got == expected
