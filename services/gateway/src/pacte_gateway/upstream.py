"""Calls to the five services' HTTP APIs with the signed-in user's back-office token.

The gateway holds no data: every read and every command goes through a service's API, so the same
rules, refusals (problem+json codes) and audit trail (the token's subject) apply as for any client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

SERVICES = ("procurement", "attendance", "billing", "improvement", "indicators")


@dataclass
class UpstreamError(Exception):
    status: int
    code: str
    detail: str

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail}"


class Upstream:
    def __init__(self, urls: dict[str, str], timeout: float, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.urls = {name: url.rstrip("/") for name, url in urls.items()}
        self.client = httpx.AsyncClient(timeout=timeout, transport=transport)

    async def close(self) -> None:
        await self.client.aclose()

    async def request(self, method: str, service: str, path: str, *, token: str, json: Any = None,
                      params: dict[str, Any] | None = None, idempotency_key: str | None = None,
                      correlation_id: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        if correlation_id:
            headers["X-Correlation-Id"] = correlation_id
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        try:
            response = await self.client.request(method, self.urls[service] + path, headers=headers, json=json,
                                                 params=clean)
        except httpx.HTTPError as exc:
            raise UpstreamError(503, "unavailable", f"{service} ne répond pas ({type(exc).__name__})") from exc
        if response.status_code >= 400:
            raise _problem(response)
        return response

    async def open_stream(self, service: str, path: str, *, token: str,
                          params: dict[str, Any] | None = None) -> httpx.Response:
        """A GET whose body is read as it arrives (`aiter_raw`); the caller closes it (`aclose`)."""
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        request = self.client.build_request("GET", self.urls[service] + path, params=clean,
                                            headers={"Authorization": f"Bearer {token}"})
        try:
            response = await self.client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise UpstreamError(503, "unavailable", f"{service} ne répond pas ({type(exc).__name__})") from exc
        if response.status_code >= 400:
            await response.aread()
            await response.aclose()
            raise _problem(response)
        return response

    async def get(self, service: str, path: str, *, token: str, **kwargs: Any) -> Any:
        return (await self.request("GET", service, path, token=token, **kwargs)).json()

    async def post(self, service: str, path: str, *, token: str, json: Any = None, **kwargs: Any) -> Any:
        response = await self.request("POST", service, path, token=token, json=json if json is not None else {},
                                      **kwargs)
        return response.json() if response.content else None

    async def get_all(self, service: str, path: str, *, token: str, params: dict[str, Any] | None = None,
                      limit: int = 500) -> list[dict[str, Any]]:
        """Every item of a cursor-paged list (`{items, next_cursor}`)."""
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            page = await self.get(service, path, token=token, params={**(params or {}), "limit": limit,
                                                                       "cursor": cursor})
            items.extend(page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                return items


def _problem(response: httpx.Response) -> UpstreamError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = str(body.get("code") or {401: "unauthorized", 403: "forbidden", 404: "not_found"}.get(
        response.status_code, "invalid"))
    detail = body.get("detail") or body.get("title") or response.reason_phrase
    if isinstance(detail, list):  # FastAPI validation errors
        detail = "; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in detail)
    return UpstreamError(response.status_code, code, str(detail))
