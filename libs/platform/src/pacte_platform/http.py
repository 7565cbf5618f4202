"""HTTP building blocks shared by every service: RFC 9457 problems, auth dependencies,
Idempotency-Key, correlation ids, metrics, health and the quiet probe."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException

from pacte_contracts.refusals import Refused, Rejection
from pacte_platform.audit import audit as audit
from pacte_platform.audit import audit_refusal
from pacte_platform.auth import AuthError, BackOfficeUser, verify_token
from pacte_platform.logging import bind_correlation_id, get_logger
from pacte_platform.metrics import HTTP_REQUESTS, HTTP_SECONDS

log = get_logger(component="http")

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://pacte.example/problems/"

#: Documented error shape; every non-2xx answer has it.
PROBLEM_SCHEMA: dict[str, Any] = {
    "description": "Problem Details (RFC 9457) with a stable reason code",
    "content": {PROBLEM_JSON: {"schema": {
        "type": "object",
        "required": ["type", "title", "status", "code"],
        "properties": {
            "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
            "detail": {"type": "string"}, "code": {"type": "string"}, "instance": {"type": "string"},
            "errors": {"type": "array", "items": {"type": "object"}},
        },
    }}},
}


class Problem(Exception):
    """A refusal with a stable code; raised anywhere in a request, rendered as problem+json."""

    def __init__(self, status: int, code: str, detail: str = "", *, title: str | None = None,
                 headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail or code)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or code.replace("_", " ")
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"type": PROBLEM_BASE + self.code, "title": self.title, "status": self.status,
                                "code": self.code, "detail": self.detail}
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


#: Reason codes of SCENARIO.md → HTTP status.
REASON_STATUS = {
    "invalid": 422, "unknown_session": 404, "forbidden": 403, "session_cancelled": 409,
    "trainee_not_enrolled": 409, "trainee_not_active": 409, "session_full": 409,
    "lot_not_awarded": 409, "budget_exceeded": 409, "day_not_planned": 422, "hours_over_daily_cap": 422,
    "not_found": 404, "unauthorized": 401, "conflict": 409, "idempotency_key_reused": 409,
    "service_unavailable": 503, "payload_too_large": 413,
}


class ForeignResource(Problem):
    """Another tenant's resource, answered exactly as an absent one (same status, code and detail) so that
    existence is not revealed; unlike an absent one, it is audited as a refusal (`foreign`)."""

    def __init__(self, status: int, code: str, detail: str, *, foreign: bool) -> None:
        super().__init__(status, code, detail)
        self.foreign = foreign

    @classmethod
    def unknown(cls, what: str, identifier: str, *, foreign: bool) -> ForeignResource:
        return cls(404, "not_found", f"unknown {what} {identifier!r}", foreign=foreign)


def mark_refused(request: Request, problem: Problem) -> None:
    """A hidden cross-tenant attempt is audited like a 403 (the middleware writes it)."""
    if isinstance(problem, ForeignResource) and problem.foreign:
        request.state.audit_as_refused = True


def refusal(code: str, detail: str = "") -> Problem:
    return Problem(REASON_STATUS.get(code, 422), code, detail)


def rejection_problem(rejection: Rejection) -> Problem:
    """The problem+json of a refused command: its reason as `code`, the faulty fields as `errors`."""
    extra = {"errors": [dict(e) for e in rejection.errors]} if rejection.errors else None
    return Problem(REASON_STATUS.get(rejection.reason.value, 422), rejection.reason.value, rejection.detail,
                   extra=extra)


class _AsciiJSONResponse(JSONResponse):
    """JSON escaped to ASCII: a detail quoting the client's text (lone surrogates included) still renders."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    return _AsciiJSONResponse(problem.body(str(request.url.path) if request else None), status_code=problem.status,
                              media_type=PROBLEM_JSON, headers=problem.headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        mark_refused(request, exc)
        return problem_response(exc, request)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> JSONResponse:
        return problem_response(rejection_problem(exc.rejection), request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Malformed (SCENARIO.md's first refusal): the body, path or query does not fit its model.
        errors = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "(body)",
                   "message": str(e.get("msg", "")).removeprefix("Value error, ")} for e in exc.errors()]
        detail = "; ".join(f"{e['field']} {e['message']}" for e in errors[:5]) or "the request is malformed"
        return problem_response(Problem(422, "invalid", detail, extra={"errors": errors}), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden",
                413: "payload_too_large"}.get(exc.status_code, "http_error")
        return problem_response(Problem(exc.status_code, code, str(exc.detail)), request)

    @app.exception_handler(UnicodeError)
    @app.exception_handler(asyncpg.exceptions.DataError)
    async def _bad_value(request: Request, exc: Exception) -> JSONResponse:
        # A value the database cannot take (a number out of its column's range, text with a lone
        # surrogate such as "\ud8cc" that cannot be encoded) came from the request: the client's
        # error, found only where the value is stored or hashed. The transaction is rolled back.
        log.info("request value refused by the database", path=request.url.path, error=str(exc)[:300])
        return problem_response(Problem(422, "invalid", "a value of the request is out of range or not valid text"),
                                request)

    @app.exception_handler(asyncpg.exceptions.PostgresConnectionError)
    # The server shutting down or still starting (AdminShutdown, CannotConnectNow): unavailable too.
    @app.exception_handler(asyncpg.exceptions.OperatorInterventionError)
    @app.exception_handler(ConnectionRefusedError)
    @app.exception_handler(OSError)
    async def _db_down(request: Request, exc: Exception) -> JSONResponse:
        log.warning("database unavailable", error=repr(exc))
        return problem_response(Problem(503, "service_unavailable", "the database is unavailable, retry later",
                                        headers={"Retry-After": "2"}), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", path=request.url.path)
        return problem_response(Problem(500, "internal_error", "an unexpected error occurred"), request)


class BodyLimit:
    """Pure ASGI middleware: a body streamed without Content-Length (chunked) is cut at the limit too."""

    def __init__(self, app: Any, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    raise Problem(413, "payload_too_large", f"body larger than {self.max_body_bytes} bytes")
            return message

        await self.app(scope, limited, send)


#: Routes for operations only (Prometheus, the quiet probe): they need the scrape token.
OPERATIONS_PATHS = ("/metrics",)
OPERATIONS_PREFIXES = ("/internal/",)


def is_operations_path(path: str) -> bool:
    return path in OPERATIONS_PATHS or path.startswith(OPERATIONS_PREFIXES)


def scrape_token_matches(expected: str, authorization: str | None) -> bool:
    """`Authorization: Bearer <scrape token>`, compared in constant time; nothing matches no token."""
    if not expected or not authorization or not authorization.lower().startswith("bearer "):
        return False
    return hmac.compare_digest(authorization[7:].strip().encode(), expected.encode())


def operations_refusal() -> Problem:
    return Problem(401, "unauthorized", "the scrape token is required (Authorization: Bearer ...)",
                   headers={"WWW-Authenticate": 'Bearer realm="pacte-operations"'})


def install_middlewares(app: FastAPI, service: str, max_body_bytes: int, scrape_token: str = "") -> None:
    """Body limits, correlation ids, HTTP metrics, the refusals' audit, and the scrape token that
    `/metrics` and `/internal/*` require: business figures and outbox depths are not public."""
    app.add_middleware(BodyLimit, max_body_bytes=max_body_bytes)

    @app.middleware("http")
    async def _observe(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        correlation_id = request.headers.get("x-correlation-id") or str(uuid.uuid4())
        bind_correlation_id(correlation_id)
        request.state.correlation_id = correlation_id
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_body_bytes:
            return problem_response(Problem(413, "payload_too_large", f"body larger than {max_body_bytes} bytes"))
        if is_operations_path(request.url.path) and not scrape_token_matches(
                scrape_token, request.headers.get("authorization")):
            return problem_response(operations_refusal(), request)
        started = time.perf_counter()
        response = await call_next(request)
        refused = response.status_code == 403 or getattr(request.state, "audit_as_refused", False)
        if refused and not await audit_refusal(request, response.status_code):
            # Cross-tenant attempts and missing roles leave a trace; a refusal without its trace is not
            # delivered (nothing was applied, so the caller may retry).
            response = problem_response(Problem(503, "service_unavailable", "the refusal could not be recorded",
                                                headers={"Retry-After": "2"}), request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        HTTP_REQUESTS.labels(service, request.method, path, f"{response.status_code // 100}xx").inc()
        HTTP_SECONDS.labels(service, request.method, path).observe(time.perf_counter() - started)
        response.headers["x-correlation-id"] = correlation_id
        return response


def metrics_response() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def back_office_user(secret: str, authorization: str | None, *roles: str) -> BackOfficeUser:
    """Checks a back-office bearer token and that it carries one of `roles` (any role when empty)."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise Problem(401, "unauthorized", "a back-office bearer token is required",
                      headers={"WWW-Authenticate": "Bearer"})
    try:
        user = verify_token(secret, authorization[7:].strip())
    except (AuthError, ValueError, KeyError) as exc:
        raise Problem(401, "unauthorized", str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
    if roles and not user.has_any(*roles):
        raise Problem(403, "forbidden", f"this action needs one of the roles {', '.join(roles)}")
    return user


def request_hash(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


#: (principal, key) of the Idempotency-Key actions this process is running now.
_IN_FLIGHT: set[tuple[str, str]] = set()


async def idempotent(pool: asyncpg.Pool, request: Request, principal: str,
                     action: Callable[[], Awaitable[tuple[int, Any]]],
                     stored: Callable[[Any], Any] | None = None) -> JSONResponse:
    """Runs `action` at most once per (principal, Idempotency-Key); replays its stored answer.

    `stored` gives what of a successful answer is kept for replays when it holds something shown
    once (a secret): the replay then says what happened without showing it again.

    Same key and same body give the first answer again; the same key with another body is a 409.
    The key is reserved before the action runs, so two concurrent requests with one key cannot
    both act: the second gets 409 (with Retry-After) while the first is in flight. A reservation
    whose owner is gone (its process was killed, or the database failed under it before the answer
    was stored) is taken over by the retry, which runs the action: the action's own transaction
    was rolled back with its connection. Without the header the action runs.
    """
    key = request.headers.get("idempotency-key")
    body = await request.body()
    if not key:
        return _json(*await _answer(request, action))
    if len(key) > 200:
        raise Problem(422, "invalid", "Idempotency-Key is longer than 200 characters")
    digest = request_hash(request.method, request.url.path, body)
    async with pool.acquire() as conn:
        reserved = await conn.fetchval(
            """INSERT INTO idempotency_keys (key, principal, method, path, request_hash, status_code, response, owner)
               VALUES ($1, $2, $3, $4, $5, 0, NULL, current_setting('application_name'))
               ON CONFLICT DO NOTHING RETURNING true""",
            key, principal, request.method, request.url.path, digest,
        )
        if not reserved:
            row = await conn.fetchrow(
                """SELECT request_hash, status_code, response, owner,
                          owner = current_setting('application_name') AS mine,
                          EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = k.owner) AS alive
                   FROM idempotency_keys k WHERE principal = $1 AND key = $2""",
                principal, key,
            )
            if row is None or row["request_hash"] != digest:
                raise Problem(409, "idempotency_key_reused", "this Idempotency-Key was used with another request")
            if row["status_code"] != 0:
                return _json(row["status_code"], row["response"], replayed=True)
            orphaned = (not row["alive"]) or (row["mine"] and (principal, key) not in _IN_FLIGHT)
            taken = orphaned and await conn.fetchval(
                """UPDATE idempotency_keys SET owner = current_setting('application_name'),
                          created_at = clock_timestamp()
                   WHERE principal = $1 AND key = $2 AND status_code = 0 AND owner IS NOT DISTINCT FROM $3
                   RETURNING true""",
                principal, key, row["owner"],
            )
            if not taken:
                raise Problem(409, "conflict", "a request with this Idempotency-Key is still in progress",
                              headers={"Retry-After": "1"})
            log.warning("idempotency key reservation taken over", principal=principal, owner=row["owner"])
    _IN_FLIGHT.add((principal, key))
    try:
        try:
            status, payload = await _answer(request, action)
        except BaseException:
            async with pool.acquire() as conn:
                await conn.execute(
                    "DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND status_code = 0",
                    principal, key)
            raise
        kept = stored(payload) if stored is not None and status < 400 else payload
        async with pool.acquire() as conn:
            await conn.execute(
                "UPDATE idempotency_keys SET status_code = $3, response = $4::jsonb WHERE principal = $1 AND key = $2",
                principal, key, status, json.loads(json.dumps(kept, default=str)),
            )
    finally:
        _IN_FLIGHT.discard((principal, key))
    return _json(status, payload)


async def _answer(request: Request, action: Callable[[], Awaitable[tuple[int, Any]]]) -> tuple[int, Any]:
    """The action's answer; a refusal (nothing was applied) is an answer too, stored like any other:
    a retry gets the same one, even if the state changed meanwhile and the command would now pass."""
    try:
        return await action()
    except Refused as refused:
        problem = rejection_problem(refused.rejection)
    except Problem as raised:
        if not 400 <= raised.status < 500 or raised.headers:
            raise  # unavailable, or to be retried (Retry-After): not an answer
        mark_refused(request, raised)
        problem = raised
    return problem.status, problem.body(str(request.url.path))


def _json(status: int, payload: Any, replayed: bool = False) -> JSONResponse:
    media = PROBLEM_JSON if status >= 400 else "application/json"
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return JSONResponse(json.loads(json.dumps(payload, default=str)), status_code=status, media_type=media,
                        headers=headers)
