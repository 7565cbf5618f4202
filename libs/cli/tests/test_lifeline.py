"""`Lifeline`: what stops a runner, and what cannot interrupt it once it stops its stack.

Each test runs a tiny runner in a subprocess: it prints "ready", waits, and in its `finally` says
"stopping" (to an output that may be gone) and cleans up slowly, then writes a marker file.
"""

from __future__ import annotations

import select
import signal
import subprocess
import sys
import time
from pathlib import Path

RUNNER = """
import sys, time, pathlib
from pacte_cli.lifeline import Lifeline, Stopped
marker, cleanup = pathlib.Path(sys.argv[1]), float(sys.argv[2])
try:
    with Lifeline() as lifeline:
        try:
            print("ready", flush=True)
            lifeline.wait()
        finally:
            lifeline.stopping()
            print("stopping", flush=True)
            time.sleep(cleanup)
            marker.write_text("cleaned up")
except Stopped as stop:
    sys.exit(stop.exit_code)
"""


def _start(tmp_path: Path, cleanup: float = 0.0, **popen: object) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, str(tmp_path / "marker"), str(cleanup)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen)  # type: ignore[call-overload]
    assert proc.stdout is not None and _line(proc) == b"ready\n"
    return proc


def _line(proc: subprocess.Popen[bytes], timeout: float = 15.0) -> bytes:
    """The runner's next line; fails instead of waiting for good on a runner that says nothing."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, f"the runner said nothing in {timeout:.0f}s"
    return proc.stdout.readline()


def test_a_closed_output_stops_the_runner_even_while_it_is_silent(tmp_path: Path) -> None:
    proc = _start(tmp_path)
    assert proc.stdout is not None
    started = time.monotonic()
    proc.stdout.close()
    assert proc.wait(10) == 128 + signal.SIGPIPE
    assert time.monotonic() - started < 3  # noticed by the tick, not by a write
    assert (tmp_path / "marker").read_text() == "cleaned up"


def test_signals_during_the_stop_do_not_interrupt_it(tmp_path: Path) -> None:
    proc = _start(tmp_path, cleanup=1.5)
    proc.send_signal(signal.SIGINT)
    assert _line(proc) == b"stopping\n"
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        proc.send_signal(sig)
    assert proc.wait(10) == 128 + signal.SIGINT
    assert (tmp_path / "marker").read_text() == "cleaned up"


def test_a_signal_ignored_at_start_stays_ignored(tmp_path: Path) -> None:
    # `nohup pacte run &`: the terminal's hang-up is not for the runner.
    def ignore_hangups() -> None:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    proc = _start(tmp_path, preexec_fn=ignore_hangups)
    proc.send_signal(signal.SIGHUP)
    time.sleep(1)
    assert proc.poll() is None
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 128 + signal.SIGTERM
    assert (tmp_path / "marker").exists()


def test_the_lifeline_restores_what_it_changed() -> None:
    from pacte_cli.lifeline import Lifeline

    before = (sys.stdout, sys.stderr, *(signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)))
    with Lifeline():
        assert sys.stdout is not before[0]
        print("written through the guarded stream")
    after = (sys.stdout, sys.stderr, *(signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)))
    assert after == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
