"""The five services as the signed-in user sees them: every call carries a back-office token minted for
this request from the user's session (never the browser's) and the request's correlation id; a 401
signs the user out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from pacte_gateway.errors import LoginRequired
from pacte_gateway.upstream import Upstream, UpstreamError


@contextmanager
def _signing_out_when_refused() -> Iterator[None]:
    try:
        yield
    except UpstreamError as exc:
        if exc.status == 401:
            raise LoginRequired from exc
        raise


class UserCalls:
    def __init__(self, upstream: Upstream, token: str, correlation_id: str) -> None:
        self.upstream = upstream
        self.token = token
        self.correlation_id = correlation_id

    async def read(self, service: str, path: str, **params: Any) -> Any:
        with _signing_out_when_refused():
            return await self.upstream.get(service, path, token=self.token, params=params or None)

    async def read_optional(self, service: str, path: str, **params: Any) -> Any:
        """What `read` answers, or None when the service has no such thing (404)."""
        try:
            return await self.read(service, path, **params)
        except UpstreamError as exc:
            if exc.status == 404:
                return None
            raise

    async def read_all(self, service: str, path: str, **params: Any) -> list[dict[str, Any]]:
        with _signing_out_when_refused():
            return await self.upstream.get_all(service, path, token=self.token, params=params or None)

    async def download(self, service: str, path: str, **params: Any) -> httpx.Response:
        with _signing_out_when_refused():
            return await self.upstream.request("GET", service, path, token=self.token, params=params)

    async def open_stream(self, service: str, path: str, **params: Any) -> httpx.Response:
        with _signing_out_when_refused():
            return await self.upstream.open_stream(service, path, token=self.token, params=params)

    async def send(self, service: str, path: str, body: dict[str, Any] | None, *, idempotency_key: str | None) -> Any:
        """The command's answer (its JSON body)."""
        with _signing_out_when_refused():
            return await self.upstream.post(service, path, token=self.token, json=body,
                                            idempotency_key=idempotency_key, correlation_id=self.correlation_id)
