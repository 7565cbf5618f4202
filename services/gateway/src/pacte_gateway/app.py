"""The back-office web application: server-rendered pages in French over the services' HTTP APIs.

Every page reads the services with the signed-in user's back-office token; every form posts to the
gateway, which checks the session's CSRF token and forwards the command to the owning service with
an Idempotency-Key (one per rendered form), then redirects (post/redirect/get) with a message.
The routes are in `routers/`, one module per area; what they take is in `dependencies.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from pacte_gateway import labels
from pacte_gateway import session as sessions
from pacte_gateway.context import build_context, context_of
from pacte_gateway.errors import CsrfFailed, LoginRequired
from pacte_gateway.pages import PageRenderer, redirect
from pacte_gateway.routers import ROUTERS
from pacte_gateway.settings import GatewaySettings
from pacte_gateway.store import SessionStore
from pacte_gateway.upstream import UpstreamError
from pacte_platform.logging import bind_correlation_id, get_logger

STATIC = Path(__file__).resolve().parent / "static"
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                           "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
log = get_logger(component="gateway")


def create_app(settings: GatewaySettings | None = None, *, transport: httpx.AsyncBaseTransport | None = None,
               store: SessionStore | None = None) -> FastAPI:
    """`store`: where sessions live (PostgreSQL, schema `gateway`, by default)."""
    context = build_context(settings or GatewaySettings(), transport, store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        context.settings.require_configuration()  # no secret, no users outside development: no start
        if context.settings.dev_mode:
            log.warning("gateway.development_mode", dev_users=context.using_dev_users,
                        secure_cookies=context.settings.cookies_secure)
        await context.sessions.store.open()
        try:
            yield
        finally:
            await context.sessions.store.close()
            await context.upstream.close()

    app = FastAPI(title="pacte — back-office", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.context = context
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.middleware("http")(security_headers)
    app.exception_handler(LoginRequired)(login_required)
    app.exception_handler(CsrfFailed)(csrf_failed)
    app.exception_handler(UpstreamError)(upstream_error)
    for router in ROUTERS:
        app.include_router(router)
    return app


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    request.state.correlation_id = request.headers.get("x-correlation-id") or str(uuid.uuid4())
    bind_correlation_id(request.state.correlation_id)
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers["x-correlation-id"] = request.state.correlation_id
    if request.url.path != "/health" and not request.url.path.startswith("/static"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


async def login_required(request: Request, _: LoginRequired) -> Response:
    """To the login page, back to the page asked for once signed in (a form's page is not known: home)."""
    target = request.url.path if request.method == "GET" else "/"
    response = redirect(f"/connexion?suite={quote(target)}", request)
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


async def csrf_failed(_: Request, __: CsrfFailed) -> Response:
    return PlainTextResponse("Jeton anti-falsification (CSRF) invalide : rechargez la page.", status_code=403)


async def upstream_error(request: Request, exc: UpstreamError) -> Response:
    """A service's 403 and 404 pass through; anything else it answered is a bad gateway (502)."""
    context = context_of(request)
    user = getattr(request.state, "user", None)
    status = exc.status if exc.status in (403, 404) else 502
    return PageRenderer(request, context, user).render(
        "error.html", {"title": labels.PROBLEMS.get(exc.code, "Erreur"), "error": exc}, status_code=status)
