"""End to end: the shared scenarios played through the real stack give their expected reports.

The stack is the real one (`pacte scenario run`): embedded PostgreSQL, a Kafka broker and the five
services as processes; commands go through the HTTP APIs only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "scenarios"

pytestmark = pytest.mark.e2e


def run_scenario(scenario: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> float:
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "pacte_cli.main", "scenario", "run", str(scenario), "--out", str(out), *extra],
        env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=1200,
    )
    elapsed = time.monotonic() - started
    if completed.returncode != 0:
        raise AssertionError(f"scenario run failed ({completed.returncode}):\n{completed.stderr[-6000:]}")
    return elapsed


@pytest.mark.parametrize("name", ["small", "medium", "corrections"])
def test_shared_scenario_gives_its_expected_report(name: str, tmp_path: Path) -> None:
    scenario = SHARED / f"{name}.jsonl"
    if not scenario.exists():
        pytest.skip(f"{scenario} is not there")
    out = tmp_path / f"{name}.report.json"
    elapsed = run_scenario(scenario, out, "--expected", str(SHARED / f"{name}.expected.json"))
    print(f"{name}: {elapsed:.1f}s wall time")
    assert json.loads(out.read_text())["invoices"]


def test_report_is_the_same_when_deliveries_are_reordered_and_duplicated(tmp_path: Path) -> None:
    """Between quiet points every relay shuffles its batches and publishes each event twice."""
    from pacte_cli.scenario.generator import generate, write_jsonl

    scenario = tmp_path / "generated.jsonl"
    write_jsonl(scenario, generate(seed=7, lots=4, sessions_per_lot=1, months=3, faults=0.03))
    plain = tmp_path / "plain.json"
    chaotic = tmp_path / "chaotic.json"
    run_scenario(scenario, plain)
    run_scenario(scenario, chaotic, "--expected", str(plain), env={"PACTE_CHAOS_REORDER_DUPLICATE": "1"})
