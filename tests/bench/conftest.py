"""The pact bench's smoke test starts a whole stack (about a minute alone, more on a loaded machine): it
runs with `make bench-pact-smoke` (PACTE_BENCH_TESTS=full); the rest here runs with `make test`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PACTE_BENCH_TESTS") == "full":
        return
    skip = pytest.mark.skip(reason="whole-stack bench: make bench-pact-smoke (PACTE_BENCH_TESTS=full)")
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents and item.get_closest_marker("slow") is not None:
            item.add_marker(skip)
