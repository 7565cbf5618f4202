"""A runner stops its stack whatever ends it: a signal, a closed output, or its own death.

`pacte run` and `pacte scenario run` own a stack of processes (PostgreSQL, a broker, six services)
and stop it in a `finally`. Inside `Lifeline`:

- SIGINT (Ctrl-C), SIGTERM and SIGHUP (its terminal closed) raise `Stopped` in the main thread,
  once: the `finally` then stops the stack, and the signals that follow cannot interrupt that.
  A signal ignored when the runner started (`nohup`, a background job) stays ignored.
- Its output may go away: `make run | tee run.log` then Ctrl-C kills `tee` too, a closed terminal
  answers EIO. Writing to it never raises: the stream is redirected to /dev/null and the runner
  stops as for a signal (SIGPIPE's convention, but after stopping its stack). A tick checks twice
  a second, so the loss is noticed even while the runner has nothing to say.
- SIGKILL cannot be caught: there the kernel stops the stack's processes (`Stack(tied=True)`).
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType, TracebackType
from typing import TextIO

from pacte_cli.output import GuardedOutput

#: The signals that stop a runner (an interactive Ctrl-C, `kill`, a closed terminal).
STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
TICK_S = 0.5
_OUTPUT_LOST = ("its output was closed", 128 + signal.SIGPIPE)


class Stopped(KeyboardInterrupt):
    """The runner was told to stop (a KeyboardInterrupt, so that asyncio lets it through at once)."""

    def __init__(self, reason: str, exit_code: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.exit_code = exit_code


class Lifeline:
    """Signals and a lost output raise `Stopped` once, until `stopping()`; see the module's docstring."""

    def __init__(self) -> None:
        self.stopped: Stopped | None = None
        self._stopping = False
        self._output_gone = False
        self._saved: dict[int, object] = {}
        self._streams: tuple[TextIO, TextIO] | None = None
        self._guarded: list[GuardedOutput] = []

    def __enter__(self) -> Lifeline:
        for sig in (*STOPPING_SIGNALS, signal.SIGALRM):
            self._saved[sig] = signal.getsignal(sig)
        for sig in STOPPING_SIGNALS:
            if self._saved[sig] != signal.SIG_IGN:
                signal.signal(sig, self._on_signal)
        self._streams = sys.stdout, sys.stderr
        self._guarded = [GuardedOutput(sys.stdout, self._output_lost), GuardedOutput(sys.stderr, self._output_lost)]
        sys.stdout, sys.stderr = self._guarded
        signal.signal(signal.SIGALRM, self._on_tick)
        signal.setitimer(signal.ITIMER_REAL, TICK_S, TICK_S)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        self._divert_lost()  # what is written after this (the interpreter's last flush) must not fail either
        for sig, handler in self._saved.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        if self._streams is not None:
            sys.stdout, sys.stderr = self._streams

    def wait(self) -> None:
        """Blocks until the runner is told to stop (raises `Stopped`)."""
        while True:
            signal.pause()

    def stopping(self) -> None:
        """The runner now stops its stack: nothing may interrupt that any more."""
        self._stopping = True
        signal.setitimer(signal.ITIMER_REAL, 0)

    def _stop(self, reason: str, exit_code: int) -> None:
        if self._stopping or self.stopped is not None:
            return
        self.stopped = Stopped(reason, exit_code)
        self._stopping = True
        raise self.stopped

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self._stop(signal.Signals(signum).name, 128 + signum)

    def _on_tick(self, _signum: int, _frame: FrameType | None) -> None:
        if self._divert_lost() or self._output_gone:
            self._stop(*_OUTPUT_LOST)

    def _divert_lost(self) -> bool:
        lost = [stream for stream in self._guarded if stream.gone()]
        for stream in lost:
            stream.divert()
        return bool(lost)

    def _output_lost(self) -> None:
        # A failing write in the main thread stops the runner there; in another thread, the next tick does.
        self._output_gone = True
        if threading.current_thread() is threading.main_thread():
            self._stop(*_OUTPUT_LOST)
