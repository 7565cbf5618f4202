"""The scenario generator: deterministic, complete lines, lazy and fast, and valid for the system.

The validity check replays the generated organisation commands (and outcomes) through the
attendance domain's real deciders, with the back-office simulated just enough to build each
`SessionView`, plus the back-office rules the generator must respect itself (budgets, capacities,
planned days, ids, ordering of closings and outcomes).
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import json
import os
import subprocess
import sys
import time
import tracemalloc
from calendar import monthrange
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pacte_attendance.domain import COMMANDS, ORGANISATION_COMMANDS, Declarations, SessionView, State, parse_command
from pacte_cli.scenario.generator import PACT, PactSize, generate, pact, write_jsonl
from pacte_contracts.codes import DropoutReason, Territory

#: SCENARIO.md's command table: the fields each line must carry.
FIELDS: dict[str, set[str]] = {
    "tender.publish": {"tender_id", "reference", "title", "axis", "procedure", "budget_cents", "starts_on", "ends_on"},
    "lot.define": {"lot_id", "tender_id", "number", "title", "territory", "domain", "action_type", "billing_unit",
                   "unit_price_cents", "session_capacity", "return_to_work_bonus_cents", "additional_modules"},
    "lot.award": {"lot_id", "organisation_id", "organisation_name", "members"},
    "lot.unsuccessful": {"lot_id"},
    "order.place": {"order_id", "lot_id", "amount_cents"},
    "session.schedule": {"session_id", "order_id", "starts_on", "ends_on", "planned_days", "hours_per_day",
                         "capacity", "place"},
    "session.cancel": {"session_id"},
    "session.open_day": {"session_id", "date"},
    "trainer.hours": {"session_id", "trainer_id", "date", "hours"},
    "trainee.enrol": {"session_id", "trainee_id", "date", "profile"},
    "attendance.record": {"session_id", "trainee_id", "date", "hours_present", "absence"},
    "trainee.suspend": {"session_id", "trainee_id", "date", "reason"},
    "trainee.resume": {"session_id", "trainee_id", "date"},
    "trainee.dropout": {"session_id", "trainee_id", "date", "reason"},
    "trainee.complete": {"session_id", "trainee_id", "date", "certification"},
    "outcome.record": {"session_id", "trainee_id", "months_after_exit", "observed_on", "status"},
    "satisfaction.record": {"session_id", "trainee_id", "date", "score"},
    "plan.create": {"plan_id", "organisation_id", "lot_id", "order_id", "diagnosis", "milestones"},
    "milestone.validate": {"milestone_id", "date"},
    "milestone.waive": {"milestone_id", "date"},
    "reference.jobseekers": {"territory", "count"},
    "period.close": {"period"},
    "invoice.approve": {"order_id", "period"},
    "invoice.pay": {"order_id", "period"},
    "clock.advance": {"date"},
}
MILESTONE_FIELDS = {"milestone_id", "dimension", "description", "due_on", "bonus_cents", "target"}
ANY_ORGANISATION = "OF-001"


def lines(**kwargs: Any) -> list[str]:
    return [json.dumps(cmd, ensure_ascii=False) for cmd in generate(**kwargs)]


def add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


class Replay:
    """Attendance's own declarations engine (the one the service runs) in memory, plus the
    back-office's rules the generator must respect."""

    def __init__(self) -> None:
        self.budgets: dict[str, int] = {}
        self.committed: collections.Counter[str] = collections.Counter()
        self.lots: dict[str, Mapping[str, Any]] = {}
        self.holders: dict[str, str] = {}
        self.orders: dict[str, str] = {}
        numbers = itertools.count(1)
        self.state = State(new_pseudonym=lambda: f"t_{next(numbers)}")
        self.declarations = Declarations(self.state)
        self.sessions = self.state.sessions
        self.milestones: set[str] = set()
        self.closed: list[str] = []
        self.clock: date | None = None
        self.rejections: list[tuple[int, str, dict[str, Any]]] = []

    def play(self, commands: Iterator[dict[str, Any]]) -> None:
        for number, cmd in enumerate(commands, start=1):
            # Through JSON, as the player sends it (floats such as 7.5 or 3.125 included).
            payload = json.loads(json.dumps(cmd))
            reason = self.one(payload)
            if reason is not None:
                self.rejections.append((number, reason, payload))

    def one(self, line: dict[str, Any]) -> str | None:
        name = line["cmd"]
        if name in COMMANDS:
            return self.declare(line)
        return self.back_office(line)

    def back_office(self, line: dict[str, Any]) -> str | None:
        name = line["cmd"]
        if name == "tender.publish":
            self.budgets[line["tender_id"]] = line["budget_cents"]
        elif name == "lot.define":
            self.lots[line["lot_id"]] = line
        elif name == "lot.award":
            self.holders[line["lot_id"]] = line["organisation_id"]
        elif name == "order.place":
            if line["order_id"] in self.orders or line["lot_id"] not in self.lots:
                return "invalid"
            if line["lot_id"] not in self.holders:
                return "lot_not_awarded"
            tender = self.lots[line["lot_id"]]["tender_id"]
            if self.committed[tender] + line["amount_cents"] > self.budgets[tender]:
                return "budget_exceeded"
            self.committed[tender] += line["amount_cents"]
            self.orders[line["order_id"]] = line["lot_id"]
        elif name == "session.schedule":
            lot_id = self.orders.get(line["order_id"])
            planned = [date.fromisoformat(d) for d in line["planned_days"]]
            starts_on, ends_on = date.fromisoformat(line["starts_on"]), date.fromisoformat(line["ends_on"])
            if (lot_id is None or line["session_id"] in self.sessions or line["capacity"] <= 0
                    or line["capacity"] > self.lots[lot_id]["session_capacity"]
                    or any(not starts_on <= d <= ends_on for d in planned)):
                return "invalid"
            assert all(d.weekday() < 5 for d in planned), line
            self.sessions[line["session_id"]] = SessionView(
                session_id=line["session_id"], order_id=line["order_id"], lot_id=lot_id,
                holder_org_id=self.holders[lot_id], starts_on=starts_on, ends_on=ends_on,
                planned_days=frozenset(planned), hours_per_day=Decimal(str(line["hours_per_day"])),
                capacity=line["capacity"], cancelled=False,
            )
        elif name == "session.cancel":
            session = self.sessions[line["session_id"]]
            if session.cancelled or self.state.enrolled.get(session.session_id):
                return "invalid"
            self.sessions[session.session_id] = replace(session, cancelled=True)
        elif name == "plan.create":
            if self.orders.get(line["order_id"]) != line["lot_id"] or self.holders[line["lot_id"]] != line[
                    "organisation_id"]:
                return "invalid"
            for milestone in line["milestones"]:
                assert set(milestone) >= MILESTONE_FIELDS, milestone
                if milestone["milestone_id"] in self.milestones:
                    return "invalid"
                self.milestones.add(milestone["milestone_id"])
        elif name in ("milestone.validate", "milestone.waive"):
            if line["milestone_id"] not in self.milestones:
                return "invalid"
            self.milestones.discard(line["milestone_id"])  # final: a second decision is invalid
        elif name == "period.close":
            assert not self.closed or line["period"] > self.closed[-1], line
            self.closed.append(line["period"])
            self.state.closed_through = line["period"]
        elif name in ("invoice.approve", "invoice.pay"):
            if line["order_id"] not in self.orders or line["period"] not in self.closed:
                return "invalid"
        elif name == "clock.advance":
            day = date.fromisoformat(line["date"])
            assert self.clock is None or day >= self.clock, line
            self.clock = day
        return None

    def declare(self, line: dict[str, Any]) -> str | None:
        command = parse_command(COMMANDS[line["cmd"]], line)
        caller: str | None = None
        if line["cmd"] in ORGANISATION_COMMANDS:
            session = self.sessions.get(str(line.get("session_id")))
            caller = line.get("as_organisation") or (session.holder_org_id if session else ANY_ORGANISATION)
        declared = self.declarations.decide(caller, command)
        if declared.rejection is not None:
            return declared.rejection.reason.value
        if line["cmd"] == "outcome.record":
            _, _, stay = self.state.stay_of(line["session_id"], line["trainee_id"])
            observed_on = date.fromisoformat(line["observed_on"])
            assert stay is not None and stay.exited_on is not None
            assert observed_on >= add_months(stay.exited_on, line["months_after_exit"]), line
            assert self.clock is not None and observed_on <= self.clock, line
        return None


def looks_deliberate(line: Mapping[str, Any]) -> bool:
    """A line the generator meant to be refused (SCENARIO.md's bad inputs)."""
    if "as_organisation" in line or str(line.get("session_id", "")).startswith("S-NOPE"):
        return True
    if str(line.get("order_id", "")).endswith("-X") or str(line.get("session_id", "")).endswith("-X"):
        return True
    for field in ("hours", "hours_present"):
        value = line.get(field)
        if isinstance(value, (int, float)) and (value < 0 or round(value, 2) != value):
            return True
    if line.get("score") is not None and not 1 <= line["score"] <= 5:
        return True
    if line["cmd"] == "trainee.dropout" and line["reason"] not in {r.value for r in DropoutReason}:
        return True
    if line["cmd"] == "trainee.enrol" and line["profile"]["age_band"] not in ("<26", "26-44", "45+"):
        return True
    return "date" in line and line["cmd"] in ORGANISATION_COMMANDS and date.fromisoformat(line["date"]).weekday() >= 5 \
        and line["cmd"] != "satisfaction.record"


# --- tests -------------------------------------------------------------------------------------


def test_same_seed_same_scenario_and_another_seed_another() -> None:
    first = lines(seed=11, lots=8, sessions_per_lot=2, months=8)
    assert first == lines(seed=11, lots=8, sessions_per_lot=2, months=8)
    assert first != lines(seed=12, lots=8, sessions_per_lot=2, months=8)
    with_faults = lines(seed=11, lots=8, sessions_per_lot=2, months=8, faults=0.1)
    assert with_faults == lines(seed=11, lots=8, sessions_per_lot=2, months=8, faults=0.1)
    assert with_faults != first


def test_output_does_not_depend_on_hash_randomisation() -> None:
    program = (
        "import hashlib, json; from pacte_cli.scenario.generator import generate; "
        "print(hashlib.sha256(''.join(json.dumps(c) for c in generate(9, 6, 2, 7, 0.05)).encode()).hexdigest())"
    )
    digests = {
        subprocess.run([sys.executable, "-c", program], env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_every_line_carries_its_fields() -> None:
    seen: collections.Counter[str] = collections.Counter()
    for cmd in generate(seed=5, lots=30, sessions_per_lot=3, months=16, faults=0.05):
        assert cmd["cmd"] in FIELDS, cmd
        missing = FIELDS[cmd["cmd"]] - set(cmd)
        assert not missing, (cmd, missing)
        seen[cmd["cmd"]] += 1
    # A long programme uses every command of the table but the outcome of a cancellation race.
    assert set(FIELDS) - set(seen) <= {"session.cancel"}, set(FIELDS) - set(seen)


#: SHA-256 of `write_jsonl`'s file for these arguments. A refactoring must not change one byte: the
#: fault suite's oracle, the demo and the benchmarks all replay generated programmes. Change a digest
#: only when the programme is meant to change, and say so in the commit.
PINNED: list[tuple[dict[str, Any], int, str]] = [
    # `pacte run`'s demo (10 months: its Essentials completers are observed the 90 days the continuation rate needs)
    ({"seed": 2019, "lots": 12, "sessions_per_lot": 2, "months": 10, "faults": 0.02}, 5625,
     "1c766405af564912d7544daade87e4c9e403f22826eff54052a9860b2b8c118a"),
    # the fault-injection suite's programme
    ({"seed": 11, "lots": 4, "sessions_per_lot": 1, "months": 3, "faults": 0.02}, 774,
     "83b2a3a6370428de9de2bd27b4ca6c9fee7a7f8eee7788cd915e2704d1f4009a"),
    # every organisation command with a refused variant, one month
    ({"seed": 8, "lots": 5, "sessions_per_lot": 1, "months": 1, "faults": 1.0}, 1068,
     "7024907d10b55f1145c546bb4620a8762681de01aa1ba38bfde2e25dec74b425"),
    # two years from the end of a month, 12-month outcomes, one unsuccessful lot
    ({"seed": 123456789, "lots": 25, "sessions_per_lot": 2, "months": 24, "faults": 0.03, "start": date(2020, 1, 31)},
     12697, "55c33741c76f684abeedb9f62b2e0b1ca28e96528511099932a421d5d40748bf"),
]


#: Issue 22 changed every pin on purpose: each enrolment's profile gains a person_ref (drawn from a generator
#: of its own); without that field every programme is byte for byte the one pinned before. They changed again on
#: purpose when each Essentials lot's `lot.define` gained a `continuity_bonus_cents` (drawn from a generator of its
#: own too: every other line is as before). And again when attendance drifted down before a dropout (the
#: drifting trainees' last three weeks of records, drawn from a generator of their own: every other line is as
#: before, `test_only_the_weeks_before_a_dropout_drift`).


def _attendance_before_dropouts(commands: list[dict[str, Any]]) -> tuple[dict[tuple[str, str], list[Any]], float]:
    """Each drifting dropout's attendance records before its dropout, oldest first; and the absence rate of
    the trainees who completed (the baseline)."""
    from pacte_cli.scenario.generator.classroom import DRIFTING

    dropouts = {(c["session_id"], c["trainee_id"]): c["date"] for c in commands
                if c["cmd"] == "trainee.dropout" and c["reason"] in DRIFTING}
    completed = {(c["session_id"], c["trainee_id"]) for c in commands if c["cmd"] == "trainee.complete"}
    before: dict[tuple[str, str], list[Any]] = collections.defaultdict(list)
    baseline = collections.Counter[bool]()
    for c in commands:
        if c["cmd"] != "attendance.record":
            continue
        key = (c["session_id"], c["trainee_id"])
        if key in dropouts and c["date"] < dropouts[key]:
            before[key].append(c)
        elif key in completed:
            baseline[c["absence"] is not None] += 1
    return ({key: sorted(records, key=lambda r: r["date"]) for key, records in before.items()},
            baseline[True] / baseline.total())


def test_absences_drift_up_in_the_weeks_before_a_dropout() -> None:
    """So that the early warning's precision measured on a generated programme says something of the warning."""
    before, baseline = _attendance_before_dropouts(list(generate(seed=5, lots=30, sessions_per_lot=3, months=12)))
    thirds = [collections.Counter[bool](), collections.Counter[bool](), collections.Counter[bool]()]
    for records in before.values():
        for back, record in enumerate(reversed(records[-15:])):
            thirds[2 - back // 5][record["absence"] is not None] += 1
    rates = [third[True] / third.total() for third in thirds]
    assert baseline < rates[0] < rates[1] < rates[2], (baseline, rates)  # a drift, not a cliff
    assert rates[2] > 2 * baseline and rates[1] - rates[0] > 0.05 and rates[2] - rates[1] > 0.05


def test_only_the_weeks_before_a_dropout_drift(monkeypatch: pytest.MonkeyPatch) -> None:
    from pacte_cli.scenario.generator import classroom

    kwargs: dict[str, Any] = {"seed": 11, "lots": 6, "sessions_per_lot": 2, "months": 6, "faults": 0.02}
    drifting = list(generate(**kwargs))
    monkeypatch.setattr(classroom, "DRIFTING", {})
    steady = list(generate(**kwargs))
    assert len(drifting) == len(steady)
    changed = [(a, b) for a, b in zip(drifting, steady, strict=True) if a != b]
    assert changed
    # A dropout past the programme's horizon drifts too: the dropout is not in it, but its trainee never completes.
    completed = {(c["session_id"], c["trainee_id"]) for c in drifting if c["cmd"] == "trainee.complete"}
    for a, b in changed:
        assert a["cmd"] == b["cmd"] == "attendance.record" and a["absence"] is not None
        assert (a["session_id"], a["trainee_id"]) not in completed
        assert {k: v for k, v in a.items() if k not in ("hours_present", "absence")} == {
            k: v for k, v in b.items() if k not in ("hours_present", "absence")}


def test_people_chain_an_essentials_course_then_a_certifying_or_professionalising_one() -> None:
    lots: dict[str, str] = {}
    orders: dict[str, str] = {}
    sessions: dict[str, str] = {}
    completed: dict[str, tuple[str, date]] = {}  # person → (lot, completion day) of an Essentials session
    entered: list[tuple[str, str, date]] = []  # (person, lot, day) of a next step
    enrolled: dict[tuple[str, str], str] = {}
    for cmd in generate(seed=7, lots=30, sessions_per_lot=2, months=9, faults=0):
        kind = cmd["cmd"]
        if kind == "lot.define":
            lots[cmd["lot_id"]] = cmd["action_type"]
        elif kind == "order.place":
            orders[cmd["order_id"]] = cmd["lot_id"]
        elif kind == "session.schedule":
            sessions[cmd["session_id"]] = orders[cmd["order_id"]]
        elif kind == "trainee.enrol":
            person = cmd["profile"]["person_ref"]
            enrolled[(cmd["session_id"], cmd["trainee_id"])] = person
            if lots[sessions[cmd["session_id"]]] != "preparatory":
                entered.append((person, sessions[cmd["session_id"]], date.fromisoformat(cmd["date"])))
        elif kind == "trainee.complete" and lots[sessions[cmd["session_id"]]] == "preparatory":
            completed[enrolled[(cmd["session_id"], cmd["trainee_id"])]] = (
                sessions[cmd["session_id"]], date.fromisoformat(cmd["date"]))
    chained = [(person, lot) for person, lot, day in entered
               if person in completed and completed[person][1] <= day <= completed[person][1] + timedelta(days=95)]
    assert len(chained) >= 20 and len(set(enrolled.values())) < len(enrolled)
    assert any(completed[person][0] != lot for person, lot in chained)


def test_essentials_lots_and_only_they_pay_a_continuity_bonus() -> None:
    defined = [cmd for cmd in generate(seed=7, lots=30, sessions_per_lot=0, months=1, faults=0)
               if cmd["cmd"] == "lot.define"]
    bonuses = {cmd["lot_id"]: cmd.get("continuity_bonus_cents", 0) for cmd in defined}
    essentials = {cmd["lot_id"] for cmd in defined if cmd["action_type"] == "preparatory"}
    assert essentials and all(30_000 <= bonuses[lot] <= 60_000 for lot in essentials)
    assert not any(bonuses[lot] for lot in set(bonuses) - essentials)


@pytest.mark.parametrize(("kwargs", "count", "digest"), PINNED)
def test_generated_programmes_are_pinned_to_the_byte(kwargs: dict[str, Any], count: int, digest: str,
                                                     tmp_path: Path) -> None:
    target = tmp_path / "programme.jsonl"
    assert write_jsonl(target, generate(**kwargs)) == count
    assert hashlib.sha256(target.read_bytes()).hexdigest() == digest


def test_streams_lazily_and_fast() -> None:
    started = time.monotonic()
    commands = generate(seed=3, lots=200, sessions_per_lot=5, months=12)
    assert isinstance(commands, Iterator)
    head = list(itertools.islice(commands, 100))
    assert len(head) == 100
    assert time.monotonic() - started < 2  # the first lines come before the whole programme exists
    count = 100 + sum(1 for _ in commands)
    elapsed = time.monotonic() - started
    assert count > 100_000
    assert elapsed < 20, f"{count} commands in {elapsed:.1f} s"


def test_a_clean_programme_is_accepted_line_by_line() -> None:
    replay = Replay()
    commands = list(generate(seed=2019, lots=14, sessions_per_lot=3, months=15, faults=0.0))
    replay.play(iter(commands))
    assert replay.rejections == []
    names = collections.Counter(cmd["cmd"] for cmd in commands)
    for name in ("trainee.dropout", "trainee.suspend", "trainee.resume", "outcome.record", "clock.advance",
                 "invoice.approve", "invoice.pay", "plan.create", "satisfaction.record", "period.close"):
        assert names[name] > 0, name
    months12 = [c for c in commands if c["cmd"] == "outcome.record" and c["months_after_exit"] == 12]
    assert months12, "a 15-month programme observes some trainees 12 months after their exit"
    assert [c["period"] for c in commands if c["cmd"] == "period.close"][-1] == "2020-11"
    assert commands[-1]["cmd"] in ("period.close", "invoice.approve", "invoice.pay")


def test_declarations_come_before_their_month_is_closed_except_late_corrections() -> None:
    closed: set[str] = set()
    late: list[dict[str, Any]] = []
    for cmd in generate(seed=8, lots=10, sessions_per_lot=3, months=6, faults=0.0):
        if cmd["cmd"] == "period.close":
            closed.add(cmd["period"])
        elif cmd["cmd"] in ORGANISATION_COMMANDS and cmd["date"][:7] in closed:
            late.append(cmd)
    assert late, "some records are corrected after their month was closed"
    assert {c["cmd"] for c in late} <= {"attendance.record", "trainer.hours"}


def test_faults_are_refused_and_change_nothing_else() -> None:
    replay = Replay()
    replay.play(generate(seed=2019, lots=14, sessions_per_lot=3, months=8, faults=0.05))
    reasons = collections.Counter(reason for _, reason, _ in replay.rejections)
    for reason in ("forbidden", "unknown_session", "invalid", "day_not_planned", "budget_exceeded",
                   "lot_not_awarded"):
        assert reasons[reason] > 0, reasons
    # Only the deliberate bad inputs are refused: the valid flow around them stays valid.
    assert [line for _, _, line in replay.rejections if not looks_deliberate(line)] == []


def test_the_programme_looks_like_the_pact() -> None:
    lots: dict[str, dict[str, Any]] = {}
    committed: collections.Counter[str] = collections.Counter()
    names: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    trainees_by_session: dict[str, set[str]] = collections.defaultdict(set)
    for cmd in generate(seed=1, lots=80, sessions_per_lot=3, months=10, faults=0.0):
        names[cmd["cmd"]] += 1
        if cmd["cmd"] == "lot.define":
            lots[cmd["lot_id"]] = cmd
        elif cmd["cmd"] == "order.place":
            committed[lots[cmd["lot_id"]]["tender_id"]] += cmd["amount_cents"]
        elif cmd["cmd"] == "trainee.dropout":
            reasons[cmd["reason"]] += 1
        elif cmd["cmd"] == "trainee.enrol":
            trainees_by_session[cmd["session_id"]].add(cmd["trainee_id"])
            assert cmd["trainee_id"].startswith("P2019-")
    total = sum(committed.values())
    shares = {tender: committed[tender] / total for tender in ("T-Q", "T-E", "T-X")}
    assert abs(shares["T-Q"] - 0.50) < 0.05 and abs(shares["T-E"] - 0.43) < 0.05 and abs(shares["T-X"] - 0.07) < 0.04
    assert {lot["territory"] for lot in lots.values()} == {t.value for t in Territory}
    assert len({lot["domain"] for lot in lots.values()}) >= 12
    assert {lot["billing_unit"] for lot in lots.values()} == {"opening_day", "trainer_hour", "trainee_hour"}
    for lot in lots.values():
        if lot["tender_id"] == "T-E":
            assert lot["action_type"] == "preparatory"
        elif lot["tender_id"] == "T-Q":
            assert lot["action_type"] in ("certifying", "professionalising")
    assert 0.18 < names["trainee.dropout"] / names["trainee.enrol"] < 0.34
    assert set(reasons) == {r.value for r in DropoutReason}
    assert reasons.most_common(1)[0][1] < 0.3 * sum(reasons.values())
    assert names["lot.unsuccessful"] == 1
    assert any(lot["additional_modules"] for lot in lots.values())
    ids = [t for s in trainees_by_session.values() for t in s]
    assert len(ids) == len(set(ids)) == names["trainee.enrol"]


def test_write_jsonl(tmp_path: Path) -> None:
    target = tmp_path / "programme.jsonl"
    count = write_jsonl(target, generate(seed=4, lots=4, sessions_per_lot=1, months=3))
    written = target.read_text(encoding="utf-8").splitlines()
    assert count == len(written) > 0
    assert [json.loads(text) for text in written] == list(generate(seed=4, lots=4, sessions_per_lot=1, months=3))


@pytest.mark.parametrize("kwargs", [{"lots": 0}, {"months": 0}, {"faults": 1.5}, {"sessions_per_lot": -1}])
def test_refuses_nonsense_parameters(kwargs: dict[str, Any]) -> None:
    arguments: dict[str, Any] = {"seed": 1, "lots": 3, "sessions_per_lot": 1, "months": 3, **kwargs}
    with pytest.raises(ValueError, match=r"must|share"):
        generate(**arguments)


# --- the regional pact, streamed (issue 24) --------------------------------------------------------


def test_the_pact_is_the_ordinary_generator_with_the_pact_s_sizes_and_ranges() -> None:
    size = PactSize(0.002)
    assert size.lots == 2 and PactSize(1.0).lots == 1000 and PactSize(0.1).lots == 100
    expected = generate(seed=5, lots=2, sessions_per_lot=9, months=48, start=date(2019, 1, 1), shape=PACT)
    assert list(pact(0.002, seed=5)) == list(expected)


def test_the_pact_is_deterministic_and_spans_2019_to_2022() -> None:
    first = hashlib.sha256("".join(json.dumps(c) for c in pact(0.002, seed=9)).encode()).hexdigest()
    assert first == hashlib.sha256("".join(json.dumps(c) for c in pact(0.002, seed=9)).encode()).hexdigest()
    closings = [c["period"] for c in pact(0.002, seed=9) if c["cmd"] == "period.close"]
    assert closings[0] == "2019-01" and closings[-1] == "2022-12" and len(closings) == 48


def test_the_pact_s_courses_are_long_and_full_enough_for_its_size() -> None:
    """About 110 attendance days per trainee and 12 trainees a session: 1,000 lots make about 110,000
    trainees and 12 million facts."""
    names = collections.Counter(c["cmd"] for c in pact(0.01, seed=1))
    trainees, facts = names["trainee.enrol"], names["attendance.record"]
    assert 80 <= names["session.schedule"] <= 95  # 9 lots awarded of 10, 9 sessions each
    assert 900 <= trainees <= 1300 and 90_000 <= facts <= 150_000 and 80 <= facts / trainees <= 140
    # The short programmes keep their own ranges: a quarter of the facts per trainee at most.
    short = collections.Counter(c["cmd"] for c in generate(seed=1, lots=10, sessions_per_lot=9, months=48))
    assert short["attendance.record"] / short["trainee.enrol"] < 40


def test_the_pact_streams_in_memory_that_does_not_grow_with_its_length() -> None:
    tracemalloc.start()
    try:
        written = 0
        peak_after_first_year = 0
        for cmd in pact(0.002, seed=1):
            written += len(json.dumps(cmd))
            if cmd["cmd"] == "period.close" and cmd["period"] == "2019-12":
                peak_after_first_year = tracemalloc.get_traced_memory()[1]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < written / 10, (peak, written)
    # Three more years add running sessions and outcomes to follow, not a pile of past ones.
    assert peak < 2.5 * peak_after_first_year, (peak, peak_after_first_year)


def test_pacte_scenario_generate_writes_the_pact_at_a_scale(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pacte_cli.main import app

    target = tmp_path / "pact.jsonl"
    outcome = CliRunner().invoke(app, ["scenario", "generate", "--scale", "0.002", "--seed", "3", "--out", str(target)])
    assert outcome.exit_code == 0, outcome.output
    assert [json.loads(line) for line in target.read_text().splitlines()] == list(pact(0.002, seed=3))


def test_refuses_a_nonsense_scale() -> None:
    for scale in (0, -1, 11):
        with pytest.raises(ValueError, match="scale"):
            pact(scale)
