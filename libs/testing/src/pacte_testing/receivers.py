"""Webhook receivers for tests: a minimal HTTP/1.1 server on 127.0.0.1 (never another address) that
records what it receives and answers with a chosen status, after a chosen delay."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Received:
    at: float  # time.time() when the body was read
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """`status(n)` gives the answer to the n-th request (from 1); `delay_s` is waited before answering."""

    status: Callable[[int], int] = lambda _: 204
    delay_s: float = 0.0
    received: list[Received] = field(default_factory=list)
    server: asyncio.AbstractServer | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def start(self, port: int = 0) -> Receiver:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", port)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 2)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                headers: dict[str, str] = {}
                while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                self.received.append(Received(time.time(), request_line.split()[1].decode(), headers, body))
                if self.delay_s:
                    await asyncio.sleep(self.delay_s)
                status = self.status(len(self.received))
                writer.write(f"HTTP/1.1 {status} X\r\ncontent-length: 0\r\n\r\n".encode())
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()


async def receiver(**kwargs: object) -> Receiver:
    return await Receiver(**kwargs).start()  # type: ignore[arg-type]
