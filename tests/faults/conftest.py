"""Fault-injection suite (docs/reliability.md): fixtures shared by its tests.

`make test-faults` runs every test here (PACTE_FAULTS=full); `make test` runs only the CI subset,
the tests marked `faults_ci`, so that CI stays within its time budget.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from faultlib import SCENARIO_SIZE, FaultRun, generated_scenario


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "faults: fault-injection test (make test-faults)")
    config.addinivalue_line("markers", "faults_ci: fault-injection test also run by make test")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PACTE_FAULTS", "ci") == "full":
        return
    skip = pytest.mark.skip(reason="full fault suite only: make test-faults (PACTE_FAULTS=full)")
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents and item.get_closest_marker("faults_ci") is None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_scenario(tmp_path_factory.mktemp("faults") / "scenario.jsonl", **SCENARIO_SIZE)


@pytest.fixture(scope="session")
def baseline(scenario_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The report of the scenario played without any fault, each closing requested on a quiet system
    (SCENARIO.md version 1): what every faulty run must give, its closings sent at once included."""
    with FaultRun(scenario_file, "baseline", quiet_closings=True) as run:
        run.play()
        report = run.report()
        run.check_invariants()
    (tmp_path_factory.mktemp("faults") / "baseline.json").write_text(json.dumps(report, indent=1))
    return report
