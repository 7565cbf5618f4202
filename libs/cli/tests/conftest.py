"""`make test` runs the fast tests here; the ones marked `slow` (whole stacks started several times)
run with `make test-stack` (PACTE_STACK_TESTS=full)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PACTE_STACK_TESTS") == "full":
        return
    skip = pytest.mark.skip(reason="whole-stack test: make test-stack (PACTE_STACK_TESTS=full)")
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents and item.get_closest_marker("slow") is not None:
            item.add_marker(skip)
