"""An output stream that survives its reader: a closed pipe or a hung-up terminal."""

from __future__ import annotations

import io
import os
import select
import stat
from collections.abc import Callable
from typing import TextIO


class GuardedOutput(io.TextIOBase):
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
