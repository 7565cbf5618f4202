"""What a local stack runs, read from /proc: its processes and whether any is still alive.

A stack's processes are the pids its state directory names (`stack.json`'s services, the broker's
`broker.pid`, PostgreSQL's `postmaster.pid`), the runner's descendants, and the descendants of all
of these (PostgreSQL's backends call setsid(), so process groups do not find them). A process is
identified by its pid and its start time, so a recycled pid is never mistaken for a survivor.
"""

from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Proc:
    pid: int
    started: int  # clock ticks after boot (/proc/PID/stat field 22)
    command: str

    def alive(self) -> bool:
        stat = _stat(self.pid)
        return stat is not None and stat[1] == self.started and stat[0] != "Z"

    def __str__(self) -> str:
        return f"{self.pid} {self.command[:110]}"


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, start time, parent pid) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[19]), int(fields[1])


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None:
                children.setdefault(stat[2], []).append(int(entry.name))
    return children


def named_pids(state_dir: Path) -> set[int]:
    """The pids the state directory names."""
    pids: set[int] = set()
    state = state_dir / "stack.json"
    if state.exists():
        pids.update(int(info["pid"]) for info in json.loads(state.read_text())["services"].values())
    for pid_file in [*state_dir.glob("*/broker.pid"), state_dir / "postgres" / "postmaster.pid"]:
        try:
            pids.add(int(pid_file.read_text().split()[0]))
        except (OSError, ValueError, IndexError):
            pass
    return pids


def snapshot(roots: set[int]) -> set[Proc]:
    """The live processes among `roots` and all their descendants."""
    children = _children()
    found: set[Proc] = set()
    todo = list(roots)
    seen: set[int] = set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        stat = _stat(pid)
        if stat is None or stat[0] == "Z":
            continue
        found.add(Proc(pid, stat[1], _command(pid)))
        todo.extend(children.get(pid, []))
    return found


def survivors(procs: set[Proc], within: float) -> tuple[set[Proc], float]:
    """The processes still alive after waiting up to `within` seconds, and the seconds waited."""
    started = time.monotonic()
    while True:
        alive = {p for p in procs if p.alive()}
        waited = time.monotonic() - started
        if not alive or waited > within:
            return alive, waited
        time.sleep(0.2)


def kill_all(procs: set[Proc]) -> None:
    """Cleans up after a failed test: the machine is shared, nothing may be left running."""
    for proc in procs:
        if proc.alive():
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
