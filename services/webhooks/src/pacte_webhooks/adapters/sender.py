"""Sending one delivery: the URL's host is resolved, the addresses are checked against the URL policy
(`domain/urls.py`) and the request goes to the address that was checked (the Host header and, over
TLS, the server name stay the URL's host), so a name re-pointed after the check cannot divert it.
Redirects are not followed; the receiver's answer body is never read beyond its status."""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass

import httpx

from pacte_webhooks.domain.urls import Target, UrlRefused, check, parse_target


@dataclass(frozen=True, slots=True)
class Outcome:
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


async def resolve(host: str, port: int) -> list[str]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def checked_address(policy: str, url: str) -> tuple[Target, str]:
    """The URL's target and the address to connect to, or `UrlRefused`."""
    target = parse_target(url)
    return target, check(policy, target, await resolve(target.host, target.port))


class Sender:
    def __init__(self, policy: str, timeout_s: float) -> None:
        self.policy = policy
        self.client = httpx.AsyncClient(timeout=timeout_s, follow_redirects=False,
                                        limits=httpx.Limits(max_connections=None, max_keepalive_connections=100))

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> Outcome:
        started = time.perf_counter()
        try:
            target, address = await checked_address(self.policy, url)
            host = f"[{address}]" if ":" in address else address
            default_port = 443 if target.scheme == "https" else 80
            authority = target.host if target.port == default_port else f"{target.host}:{target.port}"
            extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
            response = await self.client.post(f"{target.scheme}://{host}:{target.port}{target.path}", content=body,
                                              headers={**headers, "Host": authority}, extensions=extensions)
            return Outcome(response.status_code, None if response.is_success else f"HTTP {response.status_code}",
                           _ms(started))
        except UrlRefused as exc:
            return Outcome(None, f"refused: {exc}", _ms(started))
        except httpx.TimeoutException:
            return Outcome(None, "timeout", _ms(started))
        except httpx.HTTPError as exc:
            return Outcome(None, f"{type(exc).__name__}: {str(exc)[:200]}", _ms(started))

    async def close(self) -> None:
        await self.client.aclose()


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
