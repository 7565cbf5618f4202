"""Plays the organisation commands and outcomes of the shared worked scenarios through the
attendance domain's own declarations engine (the one the service runs), in memory.

The back-office side is simulated just enough to build each `SessionView` and to know which
periods are closing; back-office lines the expected report refuses are skipped, since those
refusals belong to other services.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pacte_attendance.domain import COMMANDS, Declarations, Declared, SessionView, State, parse_command

SCENARIOS = Path(__file__).resolve().parents[4].parent / "shared" / "scenarios"
ANY_ORGANISATION = "OF-ANYONE"


class AttendanceSimulator:
    """The attendance service without its storage: one `State` for the whole programme."""

    def __init__(self) -> None:
        self.holders: dict[str, str] = {}  # lot_id -> holder org
        self.order_lots: dict[str, str] = {}
        numbers = itertools.count(1)
        self.state = State(new_pseudonym=lambda: f"t_{next(numbers)}")
        self.declarations = Declarations(self.state)

    def back_office(self, line: Mapping[str, Any]) -> None:
        cmd = line["cmd"]
        if cmd == "lot.award":
            self.holders[line["lot_id"]] = line["organisation_id"]
        elif cmd == "order.place":
            self.order_lots[line["order_id"]] = line["lot_id"]
        elif cmd == "session.schedule":
            lot_id = self.order_lots[line["order_id"]]
            self.state.sessions[line["session_id"]] = SessionView(
                session_id=line["session_id"], order_id=line["order_id"], lot_id=lot_id,
                holder_org_id=self.holders[lot_id], starts_on=date.fromisoformat(line["starts_on"]),
                ends_on=date.fromisoformat(line["ends_on"]),
                planned_days=frozenset(date.fromisoformat(d) for d in line["planned_days"]),
                hours_per_day=Decimal(str(line["hours_per_day"])), capacity=line["capacity"], cancelled=False)
        elif cmd == "session.cancel":
            sid = line["session_id"]
            self.state.sessions[sid] = replace(self.state.sessions[sid], cancelled=True)
        elif cmd == "period.close":
            self.state.closed_through = max(self.state.closed_through or "", line["period"])

    def play(self, line: Mapping[str, Any]) -> Declared:
        command = parse_command(COMMANDS[line["cmd"]], line)
        caller: str | None = None
        if line["cmd"] != "outcome.record":
            session = self.state.sessions.get(line.get("session_id", ""))
            caller = line.get("as_organisation") or (session.holder_org_id if session else ANY_ORGANISATION)
        return self.declarations.decide(caller, command)


def play_scenario(name: str) -> tuple[dict[int, str], dict[int, str]]:
    lines = [json.loads(text) for text in (SCENARIOS / f"{name}.jsonl").read_text().splitlines() if text]
    expected_all = {
        r["cmd_line"]: r["reason"]
        for r in json.loads((SCENARIOS / f"{name}.expected.json").read_text())["rejections"]
    }
    simulator = AttendanceSimulator()
    got: dict[int, str] = {}
    expected: dict[int, str] = {}
    for number, line in enumerate(lines, start=1):
        if line["cmd"] in COMMANDS:
            if number in expected_all:
                expected[number] = expected_all[number]
            declared = simulator.play(line)
            if declared.rejection is not None:
                got[number] = declared.rejection.reason.value
        elif number not in expected_all:
            simulator.back_office(line)
    return got, expected


@pytest.mark.skipif(not SCENARIOS.is_dir(), reason="shared scenarios are not checked out beside the repo")
@pytest.mark.parametrize("name", ["small", "medium", "corrections"])
def test_scenario_rejections_match_the_expected_report(name: str) -> None:
    got, expected = play_scenario(name)
    assert expected, "the scenario should exercise some organisation-side refusals"
    assert got == expected
