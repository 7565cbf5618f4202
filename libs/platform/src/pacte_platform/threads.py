"""Long computations off the event loop that never hold up the process's exit.

`asyncio.to_thread` runs on the loop's default executor, whose threads the interpreter joins before
it exits: a service told to stop while such a computation runs (open data's confidentiality check
takes seconds to minutes at a whole pact's size) stays alive, holding its database connections and
its stack's servers, until the computation ends. A daemon thread is abandoned at exit instead; its
result is only ever wanted by the request or batch that is being cancelled anyway.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


async def in_daemon_thread(function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """`function(*args, **kwargs)` in a new daemon thread; its result or exception, awaited."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():
            outcome()

    def hand_over(outcome: Callable[[], None]) -> None:
        try:
            loop.call_soon_threadsafe(settle, outcome)
        except RuntimeError:  # the loop is closed: nobody waits for the answer any more
            pass

    def run() -> None:
        try:
            result = function(*args, **kwargs)
        except BaseException as exc:  # handed to the awaiting coroutine, as to_thread does
            error = exc
            hand_over(lambda: future.set_exception(error))
        else:
            hand_over(lambda: future.set_result(result))

    threading.Thread(target=run, name=f"daemon-{getattr(function, '__name__', 'call')}", daemon=True).start()
    return await future
