"""Plays the organisation commands of the shared worked scenarios through parse/decide.

The back-office side is simulated just enough to build each `SessionView`; back-office lines the
expected report refuses are skipped, since those refusals belong to other services.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pacte_attendance.domain import (
    PARSERS,
    STAY_DECIDERS,
    AcceptedFact,
    AcceptedOpenDay,
    AcceptedTrainerHours,
    ParsedCommand,
    ParsedEnrol,
    ParsedOpenDay,
    ParsedOutcome,
    ParsedTrainerHours,
    Rejection,
    SessionView,
    TraineeStay,
    decide_enrol,
    decide_open_day,
    decide_outcome,
    decide_trainer_hours,
    new_state_after,
)

SCENARIOS = Path(__file__).resolve().parents[4].parent / "shared" / "scenarios"
ANY_ORGANISATION = "OF-ANYONE"


class AttendanceSimulator:
    """An in-memory stand-in for the attendance service layer."""

    def __init__(self) -> None:
        self.holders: dict[str, str] = {}  # lot_id -> holder org
        self.order_lots: dict[str, str] = {}
        self.sessions: dict[str, SessionView] = {}
        self.stays: dict[tuple[str, str], TraineeStay] = {}
        self.trainer_hours: dict[tuple[str, str, date], Decimal] = {}

    def back_office(self, line: Mapping[str, Any]) -> None:
        cmd = line["cmd"]
        if cmd == "lot.award":
            self.holders[line["lot_id"]] = line["organisation_id"]
        elif cmd == "order.place":
            self.order_lots[line["order_id"]] = line["lot_id"]
        elif cmd == "session.schedule":
            lot_id = self.order_lots[line["order_id"]]
            self.sessions[line["session_id"]] = SessionView(
                session_id=line["session_id"],
                order_id=line["order_id"],
                lot_id=lot_id,
                holder_org_id=self.holders[lot_id],
                starts_on=date.fromisoformat(line["starts_on"]),
                ends_on=date.fromisoformat(line["ends_on"]),
                planned_days=frozenset(date.fromisoformat(d) for d in line["planned_days"]),
                hours_per_day=Decimal(str(line["hours_per_day"])),
                capacity=line["capacity"],
                cancelled=False,
            )
        elif cmd == "session.cancel":
            sid = line["session_id"]
            self.sessions[sid] = replace(self.sessions[sid], cancelled=True)

    def _other_trainer_hours(self, parsed: ParsedTrainerHours, holder: str) -> Decimal:
        return sum(
            (
                hours
                for (sid, trainer, day), hours in self.trainer_hours.items()
                if trainer == parsed.trainer_id
                and day == parsed.date
                and self.sessions[sid].holder_org_id == holder
                and sid != parsed.session_id
            ),
            Decimal(0),
        )

    def decide(self, parsed: ParsedCommand, caller: str | None) -> AcceptedFact | Rejection:
        session = self.sessions.get(parsed.session_id)
        if isinstance(parsed, ParsedOpenDay):
            assert caller is not None
            return decide_open_day(parsed, caller, session)
        if isinstance(parsed, ParsedTrainerHours):
            assert caller is not None
            holder = session.holder_org_id if session else caller
            return decide_trainer_hours(parsed, caller, session, self._other_trainer_hours(parsed, holder))
        stay = self.stays.get((parsed.session_id, parsed.trainee_id))
        if isinstance(parsed, ParsedOutcome):
            return decide_outcome(parsed, None, session, stay)
        assert caller is not None
        if isinstance(parsed, ParsedEnrol):
            count = sum(1 for sid, _ in self.stays if sid == parsed.session_id)
            return decide_enrol(parsed, caller, session, stay, count)
        return STAY_DECIDERS[type(parsed)](parsed, caller, session, stay)

    def play(self, line: Mapping[str, Any]) -> Rejection | None:
        parsed = PARSERS[line["cmd"]](line)
        if isinstance(parsed, Rejection):
            return parsed
        caller: str | None = None
        if line["cmd"] != "outcome.record":
            session = self.sessions.get(parsed.session_id)
            caller = line.get("as_organisation") or (session.holder_org_id if session else ANY_ORGANISATION)
        outcome = self.decide(parsed, caller)
        if isinstance(outcome, Rejection):
            return outcome
        if isinstance(outcome, AcceptedTrainerHours):
            self.trainer_hours[(outcome.session_id, outcome.trainer_id, outcome.date)] = outcome.hours
        elif not isinstance(outcome, AcceptedOpenDay):
            key = (outcome.session_id, outcome.trainee_id)
            self.stays[key] = new_state_after(self.stays.get(key), outcome)
        return None


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
        if line["cmd"] in PARSERS:
            if number in expected_all:
                expected[number] = expected_all[number]
            refused = simulator.play(line)
            if refused is not None:
                got[number] = refused.reason.value
        elif number not in expected_all:
            simulator.back_office(line)
    return got, expected


@pytest.mark.skipif(not SCENARIOS.is_dir(), reason="shared scenarios are not checked out beside the repo")
@pytest.mark.parametrize("name", ["small", "medium"])
def test_scenario_rejections_match_the_expected_report(name: str) -> None:
    got, expected = play_scenario(name)
    assert expected, "the scenario should exercise some organisation-side refusals"
    assert got == expected
