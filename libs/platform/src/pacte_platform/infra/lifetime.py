"""Processes that die with the process that started them, and processes recognised by their pid.

A runner (`pacte run`, `pacte scenario run`) stops its stack in order when it is interrupted. When it
is killed outright (SIGKILL, the OOM killer) nothing of it runs any more, so the kernel does it:
each child asks, between fork and exec, for a signal when its parent dies (Linux's
PR_SET_PDEATHSIG; elsewhere children outlive a killed runner).
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def dying_with_parent(sig: int | None, first: Callable[[], None] | None = None) -> Callable[[], None] | None:
    """A `preexec_fn` that runs `first`, then asks for `sig` when this process dies.

    `first` comes before the request because changing credentials (demoting root to the database
    account) clears it. The kernel sends the signal when the *thread* that forked dies, so such
    children are started from the main thread only. None when there is nothing to do."""
    if sig is None or _prctl is None:
        return first
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("a child that dies with its parent is started from the main thread")
    parent = os.getpid()
    prctl = _prctl

    def preexec() -> None:
        if first is not None:
            first()
        prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request: too late to be told
            os.kill(os.getpid(), sig)

    return preexec


def running(pid: int, marker: str) -> bool:
    """Whether `pid` is alive, not a zombie, and its command line mentions `marker`: a pid read
    from a file may have been recycled by another program since."""
    proc = Path(f"/proc/{pid}")
    if not Path("/proc/self").exists():  # no procfs: trust the pid
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    try:
        stat = (proc / "stat").read_text()
        command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z" and marker in command
