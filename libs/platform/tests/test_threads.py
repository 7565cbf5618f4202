"""A computation in a daemon thread: its answer awaited like `asyncio.to_thread`'s, and a process
that exits while it runs is not held up by it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import pytest

from pacte_platform.threads import in_daemon_thread


async def test_the_result_and_the_exception_come_back_to_the_caller() -> None:
    def where(x: int, *, y: int) -> tuple[int, bool, bool]:
        current = threading.current_thread()
        return x + y, current.daemon, current is threading.main_thread()

    assert await in_daemon_thread(where, 1, y=2) == (3, True, False)

    def failing() -> None:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        await in_daemon_thread(failing)


def test_a_process_exits_while_the_computation_still_runs() -> None:
    script = textwrap.dedent("""
        import asyncio, time
        from pacte_platform.threads import in_daemon_thread

        async def main():
            task = asyncio.ensure_future(in_daemon_thread(time.sleep, 60))
            await asyncio.sleep(0.2)
            task.cancel()

        asyncio.run(main())
    """)
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", script], check=True, timeout=30)
    assert time.monotonic() - started < 10
