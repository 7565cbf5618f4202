"""Consistent closings (BILLING.md version 2, issue 17) over the real stack: a period closed while
organisations are still declaring gives exactly the invoices and milestone evaluations of a closing
requested on a quiet system, whatever is in flight and whatever fails while it closes.

Each run passes the whole no-money-lost oracle (faultlib.FaultRun.check) against the report of the
same file played with a quiet point before every closing (SCENARIO.md version 1's player).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from faultlib import FaultRun, lines_of, scenario_lines

from pacte_cli.scenario.generator import generate, write_jsonl
from pacte_cli.scenario.routes import ORGANISATION, QUIET_POINTS, sender_of
from pacte_platform.kafka import LagProbe

pytestmark = [pytest.mark.e2e, pytest.mark.faults]

#: Ten lots of two sessions over three months, every command accepted: 4,198 commands whose three
#: closings come right after about 950, 2,250 and 900 sheets; the third evaluates the milestones.
CLOSING_SIZE: dict[str, Any] = {"seed": 17, "lots": 10, "sessions_per_lot": 2, "months": 3, "faults": 0.0}
#: Attendance's relay waits this long before each batch: the last sheets before a closing are still
#: in its outbox when the closing is requested.
RELAY_DELAY_MS = 2000


def closings_right_after_sheets(commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The generator's programme with each `period.close` moved up to follow the month's last
    organisation command (before the back-office's month end): the closing the player then sends at
    once, with the month's last sheets still travelling."""
    moved: list[dict[str, Any]] = []
    for command in commands:
        at = len(moved)
        if command["cmd"] == "period.close":
            while at and moved[at - 1]["cmd"] not in QUIET_POINTS and sender_of(moved[at - 1]["cmd"]) != ORGANISATION:
                at -= 1
        moved.insert(at, command)
    return moved


def sheets_before_closings(path: Path) -> list[tuple[int, int]]:
    """(first line, closing line) of the organisation commands played right before each closing."""
    commands = [json.loads(text) if text.strip() else None for text in scenario_lines(path)]
    runs = []
    for close in lines_of(path, "period.close"):
        first = close
        while first > 1 and (c := commands[first - 2]) is not None and c["cmd"] not in QUIET_POINTS \
                and sender_of(c["cmd"]) == ORGANISATION:
            first -= 1
        runs.append((first, close))
    return runs


@pytest.fixture(scope="module")
def closing_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("closings") / "closings.jsonl"
    write_jsonl(path, closings_right_after_sheets(list(generate(**CLOSING_SIZE))))
    return path


@pytest.fixture(scope="module")
def quiet_report(closing_scenario: Path) -> dict[str, Any]:
    """The same file with a quiet point before each closing: what every closing must equal."""
    with FaultRun(closing_scenario, "closings-quiet", quiet_closings=True) as run:
        run.play()
        report = run.report()
        run.check_invariants()
    assert report["invoices"] and report["milestones"], "the scenario should invoice and evaluate milestones"
    return report


def test_closing_right_after_sheets_with_a_slow_relay_and_consumers_thousands_behind(
        closing_scenario: Path, quiet_report: dict[str, Any]) -> None:
    """Each closing is requested the moment the month's last sheet is answered, while attendance's
    relay pauses 2 s before each batch (PACTE_CHAOS_RELAY_DELAY_MS: those sheets are still in its
    outbox) and while billing and indicators are frozen (SIGSTOP) from the month's first sheet until
    the player sends the closing: they resume thousands of events behind. Invoices and milestone
    evaluations are exactly those of the quiet run."""
    behind: list[dict[str, Any]] = []
    # The frozen consumers' sessions must outlive the freeze (no rebalance: that is another test).
    with FaultRun(closing_scenario, "closing-behind", env={"CONSUMER_SESSION_TIMEOUT_MS": "60000"},
                  service_env={"attendance": {"PACTE_CHAOS_RELAY_DELAY_MS": str(RELAY_DELAY_MS)}}) as run:
        groups = {g: ts for g, ts in asyncio.run(run.consumer_groups_of("billing", "indicators")).items()
                  if g.endswith("-facts")}
        assert len(groups) == 2, groups

        async def inject(r: FaultRun) -> None:
            probe = LagProbe(r.state.bootstrap, **r.state.kafka_options())  # the stack's broker is secured
            try:
                await probe.lag(groups)  # its clients connected now: measuring later takes milliseconds
                for first, close in sheets_before_closings(closing_scenario):
                    await r.reach(first)
                    while r.line < close and r._playing:
                        # Frozen again after a quiet wait (a new organisation's key) thawed them.
                        if not r.frozen and not r.quieting:
                            r.freeze("billing", "indicators")
                        await asyncio.sleep(0.005)
                    # Measured as the closing is sent (billing takes the request when it resumes):
                    # what each group has not committed, and what attendance acknowledged but has
                    # not even published yet.
                    lag, outbox = await asyncio.gather(probe.lag(groups), r.outbox_depths())
                    r.thaw()
                    behind.append({"closing_line": close, "sheets": close - first, "lag": lag,
                                   "attendance_outbox": outbox["attendance"]})
            finally:
                await probe.close()

        run.play(inject)
        run.figures.extra["behind_at_each_closing"] = behind
        run.figures.extra["relay_delay_ms"] = RELAY_DELAY_MS
        figures = run.check(quiet_report)
    assert len(behind) == 3
    most = max(behind, key=lambda b: b["sheets"])
    # Thousands of events behind, each group (on the topics, or not even published yet).
    assert all(n + most["attendance_outbox"] >= 2000 for n in most["lag"].values()), most
    assert any(b["attendance_outbox"] > 0 for b in behind), behind  # sheets still in the slowed relay
    assert figures.money_differences == 0 and figures.report_differences == 0


def test_kafka_down_for_20_seconds_during_a_closing(scenario_file: Path, baseline: dict[str, Any]) -> None:
    """The broker stops (SIGTERM) the moment the last closing is requested and restarts 20 s later:
    markers, snapshot and evaluation wait in outboxes; the closing completes with the quiet report."""
    closing = lines_of(scenario_file, "period.close")[-1]
    with FaultRun(scenario_file, "kafka-down-closing") as run:
        if run.broker_kind != "apache":
            pytest.skip("Tansu keeps its log in memory: a restart loses it")

        async def inject(r: FaultRun) -> None:
            await r.reach(closing)
            await r.closing_requested(closing)
            await r.stop_broker()
            await asyncio.sleep(20)
            await r.start_broker()

        run.play(inject)
        figures = run.check(baseline)
    assert any("stopped" in f for f in figures.faults) and figures.money_differences == 0


def test_consumer_group_rebalance_during_a_closing(scenario_file: Path, baseline: dict[str, Any]) -> None:
    """The moment the last closing is requested, a second billing and a second indicators process join
    their consumer groups (partitions move while markers are awaited and held), and leave again, one
    SIGKILLed, one SIGTERMed, while the closing waits: the holds live in the database, so every
    owner holds the same partitions."""
    closing = lines_of(scenario_file, "period.close")[-1]
    extras: list[subprocess.Popen[bytes]] = []
    with FaultRun(scenario_file, "rebalance-closing") as run:
        async def inject(r: FaultRun) -> None:
            assert r.stack is not None
            await r.reach(closing)
            await r.closing_requested(closing)
            for service in ("billing", "indicators"):
                extras.append(r.stack.start_extra_service(service, f"{service}-extra-closing"))
                r.fault(f"second {service} process joined during the closing of line {closing}")
            await asyncio.sleep(4)
            for proc, sig in zip(extras, (signal.SIGKILL, signal.SIGTERM), strict=True):
                os.killpg(proc.pid, sig)
                await asyncio.to_thread(proc.wait, 20)
                r.fault(f"  and one left ({sig.name})")

        try:
            run.play(inject)
        finally:
            for proc in extras:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(10)
        figures = run.check(baseline)
    assert len(extras) == 2 and figures.money_differences == 0


def test_sigkill_of_attendance_and_its_relay_during_a_closing(scenario_file: Path, baseline: dict[str, Any]) -> None:
    """Attendance (its relay, and the consumer that writes its markers) is SIGKILLed the moment the
    last closing is requested and restarted 1.5 s later: its marker is written or published again,
    behind every sheet acknowledged before the request; the closing completes with the quiet report."""
    closing = lines_of(scenario_file, "period.close")[-1]
    with FaultRun(scenario_file, "sigkill-attendance-closing") as run:
        async def inject(r: FaultRun) -> None:
            await r.reach(closing)
            await r.closing_requested(closing)
            await r.kill_service("attendance", 1.5)

        run.play(inject)
        figures = run.check(baseline)
    assert any(f.startswith("SIGKILL attendance") for f in figures.faults) and figures.money_differences == 0
