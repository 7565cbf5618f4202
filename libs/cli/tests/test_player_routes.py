"""The player's route table: every SCENARIO.md command, and nothing it does not know."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pacte_cli.scenario.player import UnknownCommands, parse_lines
from pacte_cli.scenario.routes import KNOWN, ORGANISATION, ROUTES, sender_of

SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "spec" / "SCENARIO.md"
SCENARIOS = SPEC.parent.parent / "scenarios"


def spec_commands() -> set[str]:
    names = set()
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `") and "|" in line[3:]:
            cell = line.split("|")[1]
            names.update(part.strip(" `") for part in cell.split("/"))
    return names


@pytest.mark.skipif(not SPEC.exists(), reason="../shared/spec is not there")
def test_every_scenario_command_has_a_route() -> None:
    assert spec_commands() == KNOWN


def test_organisation_commands_are_sent_with_an_organisation_key() -> None:
    assert {n for n in ROUTES if sender_of(n) == ORGANISATION} == {
        "session.open_day", "session.open_day_withdraw", "trainer.hours", "trainee.enrol", "trainee.enrol_cancel",
        "attendance.record", "trainee.suspend", "trainee.resume", "trainee.dropout", "trainee.complete",
        "satisfaction.record", "plan.create", "invoice.dispute"}


def test_paths_are_filled_and_encoded_from_the_line() -> None:
    route = ROUTES["invoice.dispute"]
    assert route.url("http://b", {"order_id": "BC/1", "period": "2019-09"}) == \
        "http://b/v1/orders/BC%2F1/invoices/2019-09/dispute"
    assert ROUTES["session.cancel"].url("http://p", {}) == "http://p/sessions/None/cancel"


def test_a_file_with_an_unknown_command_is_refused_whole() -> None:
    lines = [json.dumps({"cmd": "tender.publish"}), "", json.dumps({"cmd": "tender.unpublish"}),
             json.dumps({"no": "cmd"})]
    with pytest.raises(UnknownCommands) as raised:
        parse_lines(lines)
    assert raised.value.unknown == [(3, "tender.unpublish"), (4, "None")]
    assert [n for n, _ in parse_lines(lines[:2])] == [1]


def test_the_cli_refuses_such_a_file_before_starting_anything(tmp_path: Path) -> None:
    scenario = tmp_path / "bad.jsonl"
    scenario.write_text(json.dumps({"cmd": "invoice.cancel", "order_id": "BC-1"}) + "\n")
    completed = subprocess.run([sys.executable, "-m", "pacte_cli.main", "scenario", "run", str(scenario),
                                "--out", str(tmp_path / "r.json")], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2 and "invoice.cancel" in completed.stderr
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("name", ["small", "medium", "corrections"])
def test_shared_scenarios_use_known_commands_only(name: str) -> None:
    path = SCENARIOS / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not there")
    assert parse_lines(path.read_text(encoding="utf-8").splitlines())
