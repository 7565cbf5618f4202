"""`pacte infra up` refuses to start over a stack that still runs, and `pacte infra down` stops it.

A stale stack is simulated with stand-in processes whose command lines name what they stand for
(`pacte_procurement`, `pacte`): the CLI recognises its processes by pid *and* command line, so a pid
recycled by another program is never taken for one of them. One test starts a real `infra up`
stack (PostgreSQL and Tansu, free ports, a temporary state directory) to check that it outlives
the command, as a runner's stack must not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from stackprocs import kill_all, named_pids, snapshot, survivors

from pacte_cli.stack import Stack

PACTE = Path(sys.executable).parent / "pacte"


@pytest.fixture
def stand_ins() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        proc.kill()
        proc.wait()


def _stand_in(started: list[subprocess.Popen[bytes]], name: str) -> int:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", name], start_new_session=True)
    started.append(proc)
    return proc.pid


def _gone_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _describe(state_dir: Path, services: dict[str, int], runner_pid: int | None = None) -> None:
    state_dir.mkdir(parents=True)
    (state_dir / "stack.json").write_text(json.dumps({
        "root": str(state_dir), "database_url": "postgresql://postgres@127.0.0.1:1/pacte", "bootstrap": "127.0.0.1:1",
        "broker_kind": "tansu", "pg_port": 1, "broker_port": 1, "auth_secret": "x", "runner_pid": runner_pid,
        "services": {name: {"port": 1, "pid": pid, "url": "http://127.0.0.1:1"} for name, pid in services.items()},
    }))


def _pacte(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")}
    return subprocess.run([str(PACTE), *args], capture_output=True, text=True, env=env, timeout=120)


def test_leftovers_are_what_still_runs_under_the_recorded_pids(tmp_path: Path,
                                                               stand_ins: list[subprocess.Popen[bytes]]) -> None:
    alive = _stand_in(stand_ins, "pacte_procurement")
    impostor = _stand_in(stand_ins, "someone_else")  # a recycled pid: alive, but not ours
    _describe(tmp_path / "s", {"procurement": alive, "attendance": _gone_pid(), "billing": impostor})
    state = Stack(tmp_path / "s").described()
    assert state is not None
    assert state.leftovers() == {"procurement": alive}
    assert state.live_runner() is None


def test_infra_up_refuses_a_stale_stack_and_infra_down_stops_it(tmp_path: Path,
                                                                 stand_ins: list[subprocess.Popen[bytes]]) -> None:
    alive = _stand_in(stand_ins, "pacte_procurement")
    impostor = _stand_in(stand_ins, "someone_else")
    state_dir = tmp_path / "s"
    _describe(state_dir, {"procurement": alive, "billing": impostor}, runner_pid=_gone_pid())

    refused = _pacte("infra", "up", "--state-dir", str(state_dir), "--free-ports")
    assert refused.returncode == 2, refused.stderr
    assert f"a stale stack still runs in {state_dir}: procurement (pid {alive})" in refused.stderr
    assert f"`pacte infra down --state-dir {state_dir}` stops it" in refused.stderr

    assert _pacte("infra", "down", "--state-dir", str(state_dir)).returncode == 0
    stand_ins[0].wait(20)
    assert stand_ins[1].poll() is None, "a process that only reuses a recorded pid is left alone"
    assert not (state_dir / "stack.json").exists()


def test_infra_up_refuses_the_stack_of_a_runner_still_running(tmp_path: Path,
                                                              stand_ins: list[subprocess.Popen[bytes]]) -> None:
    runner = _stand_in(stand_ins, "pacte")
    state_dir = tmp_path / "s"
    _describe(state_dir, {"procurement": _stand_in(stand_ins, "pacte_procurement")}, runner_pid=runner)
    refused = _pacte("infra", "up", "--state-dir", str(state_dir), "--free-ports")
    assert refused.returncode == 2
    assert f"a stack started by `pacte run` (pid {runner}) runs in {state_dir}" in refused.stderr
    refused = _pacte("run", "--state-dir", str(state_dir), "--free-ports")
    assert refused.returncode == 2
    assert f"`pacte run` (pid {runner}) already runs a stack in {state_dir}" in refused.stderr
    assert all(proc.poll() is None for proc in stand_ins), "nothing of the running stack was touched"


def test_an_infra_up_stack_outlives_the_command_until_infra_down(tmp_path: Path) -> None:
    state_dir = tmp_path / "s"
    _describe(state_dir, {"procurement": _gone_pid()}, runner_pid=_gone_pid())  # what a killed runner leaves
    up = _pacte("infra", "up", "--state-dir", str(state_dir), "--free-ports", "--no-services", "--broker", "tansu")
    procs = snapshot(named_pids(state_dir))
    try:
        assert up.returncode == 0, up.stderr
        assert "described a stack that no longer runs; starting afresh" in up.stderr
        time.sleep(1)
        assert {"postgres", "tansu"} <= {kind for p in procs for kind in ("postgres", "tansu") if kind in p.command}
        assert all(p.alive() for p in procs), "the stack outlives `pacte infra up`"
        assert _pacte("infra", "down", "--state-dir", str(state_dir)).returncode == 0
        left, _ = survivors(procs, 20)
        assert not left, left
    finally:
        kill_all(procs)


def test_a_runner_removes_the_folders_of_ephemeral_stacks_whose_runner_was_killed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stand_ins: list[subprocess.Popen[bytes]]) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    _describe(tmp_path / "pacte-stack-killed", {"procurement": _gone_pid()}, runner_pid=_gone_pid())
    _describe(tmp_path / "pacte-stack-running", {"procurement": _gone_pid()}, runner_pid=_stand_in(stand_ins, "pacte"))
    _describe(tmp_path / "pacte-stack-of-a-test", {"procurement": _gone_pid()}, runner_pid=None)
    (tmp_path / "pacte-stack-starting").mkdir()
    stack = Stack(ephemeral=True, tied=True)
    try:
        assert sorted(p.name for p in tmp_path.glob("pacte-stack-*")) == sorted(
            ["pacte-stack-running", "pacte-stack-of-a-test", "pacte-stack-starting", stack.state_dir.name])
    finally:
        stack.down()
