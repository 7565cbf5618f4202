"""`make test` runs the fast tests here; the ones marked `slow` (whole stacks started several times)
run with `make test-stack` (PACTE_STACK_TESTS=full)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

# The tests' helper modules (`playerfakes`, `stackprocs`) import by name (pytest's importlib mode adds no path).
sys.path.insert(0, str(Path(__file__).parent))

# The runners these tests start must meet Ctrl-C and hang-ups as from a terminal. A signal ignored
# when a process starts stays ignored across exec (and the runner keeps it so: `nohup pacte run`),
# and a shell ignores SIGINT in what it starts with `&`: the suite started that way would see its
# runners shrug off the very signals under test. Handlers, unlike "ignored", reset to default at exec.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
if signal.getsignal(signal.SIGHUP) == signal.SIG_IGN:
    signal.signal(signal.SIGHUP, lambda *_: None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PACTE_STACK_TESTS") == "full":
        return
    skip = pytest.mark.skip(reason="whole-stack test: make test-stack (PACTE_STACK_TESTS=full)")
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents and item.get_closest_marker("slow") is not None:
            item.add_marker(skip)
