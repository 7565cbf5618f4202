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

import io
import os
import select
import signal
import stat
import sys
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import TextIO

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
    def __init__(self) -> None:
        self.stopped: Stopped | None = None
        self._stopping = False
        self._saved: dict[int, object] = {}
        self._streams: tuple[TextIO, TextIO] | None = None
        self._guarded: list[_Guarded] = []

    def __enter__(self) -> Lifeline:
        for sig in (*STOPPING_SIGNALS, signal.SIGALRM):
            self._saved[sig] = signal.getsignal(sig)
        for sig in STOPPING_SIGNALS:
            if self._saved[sig] != signal.SIG_IGN:
                signal.signal(sig, self._on_signal)
        self._streams = sys.stdout, sys.stderr
        self._guarded = [_Guarded(sys.stdout, self._output_lost), _Guarded(sys.stderr, self._output_lost)]
        sys.stdout, sys.stderr = self._guarded
        signal.signal(signal.SIGALRM, self._on_tick)
        signal.setitimer(signal.ITIMER_REAL, TICK_S, TICK_S)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
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
        for stream in self._guarded:
            if stream.gone():
                stream.divert()
                self._stop(*_OUTPUT_LOST)

    def _output_lost(self) -> None:
        # A failing write anywhere in the main thread stops the runner there; elsewhere, the next tick does.
        if threading.current_thread() is threading.main_thread():
            self._stop(*_OUTPUT_LOST)


class _Guarded(io.TextIOBase):
    """A text stream whose writes never raise: once its file is gone, they go to /dev/null."""

    def __init__(self, stream: TextIO, lost: Callable[[], None]) -> None:
        self._stream = stream
        self._lost = lost
        self._diverted = False
        self._poll: select.poll | None = None
        try:
            fd = stream.fileno()
            mode = os.fstat(fd).st_mode
        except (OSError, ValueError, io.UnsupportedOperation):
            return
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or os.isatty(fd):
            # Registered for no event: poll() still reports POLLERR (a pipe without reader) and POLLHUP.
            self._poll = select.poll()
            self._poll.register(fd, 0)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self._stream.errors

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        try:
            return self._stream.isatty()
        except (OSError, ValueError):
            return False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError:
            self._failed()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError:
            self._failed()

    def gone(self) -> bool:
        return not self._diverted and self._poll is not None and bool(self._poll.poll(0))

    def divert(self) -> None:
        """Points the file descriptor at /dev/null: what is still buffered and what follows goes there."""
        if self._diverted:
            return
        self._diverted = True
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, self._stream.fileno())
        finally:
            os.close(null)

    def _failed(self) -> None:
        self.divert()
        self._lost()
