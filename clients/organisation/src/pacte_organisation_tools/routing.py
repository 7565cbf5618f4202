"""One base URL for the whole integration API, also on a local stack where each service has its port.

In production one host routes `/v1/<segment>` to the service that owns it (the document's
`x-pacte-services`). On a local stack, `service_routes(urls)` gives an httpx transport doing the same:
pass it as `httpx_args={"transport": ...}` to the generated client."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

#: The integration API's first path segments per service (clients/organisation/openapi.json,
#: `x-pacte-services`; a test keeps them equal).
SERVICE_PREFIXES: Mapping[str, tuple[str, ...]] = {
    "attendance": ("/v1/batch", "/v1/reference", "/v1/refusals", "/v1/sessions", "/v1/trainee-lookups",
                   "/v1/warnings"),
    "billing": ("/v1/invoices", "/v1/orders"),
    "improvement": ("/v1/plans",),
    "procurement": ("/v1/catalogue", "/v1/lots"),
    "webhooks": ("/v1/webhook-deliveries", "/v1/webhook-endpoints", "/v1/webhook-event-types"),
}


class ServiceRoutes(httpx.AsyncBaseTransport):
    """Sends each request to the base URL of the service owning its path."""

    def __init__(self, urls: Mapping[str, str], transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.routes = [(prefix, httpx.URL(urls[service]))
                       for service, prefixes in SERVICE_PREFIXES.items() for prefix in prefixes]
        self.transport = transport or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        for prefix, base in self.routes:
            if path == prefix or path.startswith(prefix + "/"):
                request.url = request.url.copy_with(scheme=base.scheme, host=base.host, port=base.port)
                request.headers["host"] = base.netloc.decode()
                break
        return await self.transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self.transport.aclose()


def service_routes(urls: Mapping[str, str]) -> ServiceRoutes:
    """A transport for a local stack: `urls` maps each service to its base URL (`pacte infra status`)."""
    return ServiceRoutes(urls)
