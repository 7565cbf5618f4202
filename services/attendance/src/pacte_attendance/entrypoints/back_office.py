"""Back-office routes: organisations' API keys, 6- and 12-month outcomes, erasure of a trainee."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

import asyncpg
from fastapi import APIRouter, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pacte_attendance.entrypoints import schemas
from pacte_attendance.entrypoints.context import Context, correlation_id, json_payload
from pacte_attendance.service_layer import credentials, trainees
from pacte_attendance.service_layer.declarations import declare
from pacte_platform.auth import BackOfficeUser
from pacte_platform.http import PROBLEM_SCHEMA, Problem, audit, back_office_user, idempotent, refusal, request_hash

MANAGERS = ("buyer", "steering")

_bearer = HTTPBearer(auto_error=False, scheme_name="BackOfficeToken",
                     description="A back-office token `bo1....` (pacte token --role ...)")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]

PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: PROBLEM_SCHEMA, 403: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA, 409: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA,
}
ISSUED_KEY = {"description": "The new key; `api_key` is shown only in this answer", "content": {
    "application/json": {"schema": {"type": "object", "properties": {
        "key_id": {"type": "string"}, "organisation_id": {"type": "string"},
        "api_key": {"type": "string", "nullable": True}, "issued_at": {"type": "string", "format": "date-time"},
        "replaces": {"type": "string", "nullable": True}}}}}}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def _once_with_secret(ctx: Context, request: Request, principal: str,
                            action: Callable[[asyncpg.Connection], Awaitable[dict[str, Any]]]) -> JSONResponse:
    """Idempotency-Key for answers that carry a secret: the stored answer has it blanked.

    `http.idempotent` would keep the API key in clear in idempotency_keys; here the replay gives the
    key id without the secret (shown once), and the key row is taken in the issuing transaction so
    two concurrent retries cannot both issue a key.
    """
    key = request.headers.get("idempotency-key")
    digest = request_hash(request.method, request.url.path, await request.body())
    async with ctx.pool.acquire() as conn, conn.transaction():
        if key:
            fresh = await conn.fetchval(
                """INSERT INTO idempotency_keys (key, principal, method, path, request_hash, status_code)
                   VALUES ($1, $2, $3, $4, $5, 0) ON CONFLICT DO NOTHING RETURNING true""",
                key, principal, request.method, request.url.path, digest,
            )
            if not fresh:
                row = await conn.fetchrow("SELECT request_hash, status_code, response FROM idempotency_keys "
                                          "WHERE principal = $1 AND key = $2", principal, key)
                if row["request_hash"] != digest:
                    raise Problem(409, "idempotency_key_reused", "this Idempotency-Key was used with another request")
                return JSONResponse(row["response"], status_code=row["status_code"],
                                    headers={"Idempotent-Replayed": "true"})
        answer = await action(conn)
        if key:
            await conn.execute(
                "UPDATE idempotency_keys SET status_code = 201, response = $3::jsonb WHERE principal = $1 AND key = $2",
                principal, key, {**answer, "api_key": None},
            )
    return JSONResponse(answer, status_code=201)


def back_office_router(ctx: Context) -> APIRouter:
    router = APIRouter(tags=["back-office"], responses=PROBLEMS)
    secret = ctx.runtime.settings.auth_secret

    def user(bearer: HTTPAuthorizationCredentials | None, *roles: str) -> BackOfficeUser:
        return back_office_user(secret, f"Bearer {bearer.credentials}" if bearer is not None else None, *roles)

    @router.post("/back-office/organisations/{organisation_id}/keys", status_code=201,
                 summary="Issue an API key to a training organisation (shown once)", responses={201: ISSUED_KEY})
    async def issue_key(organisation_id: str, request: Request, bearer: Bearer) -> JSONResponse:
        who = user(bearer, *MANAGERS)
        credentials.check_organisation_id(organisation_id)
        cid = correlation_id(request)

        async def run(conn: asyncpg.Connection) -> dict[str, Any]:
            issued = await credentials.issue(conn, organisation_id, cid)
            await audit(conn, actor=who.subject, role=",".join(sorted(who.roles)), action="key.issue",
                        entity="organisation_key", entity_id=issued.key_id, correlation_id=cid,
                        after={"organisation_id": organisation_id})
            return {"key_id": issued.key_id, "organisation_id": organisation_id, "api_key": issued.api_key,
                    "issued_at": _iso(issued.issued_at)}

        return await _once_with_secret(ctx, request, f"back-office:{who.subject}", run)

    @router.post("/back-office/organisations/{organisation_id}/keys/{key_id}/rotate", status_code=201,
                 summary="Replace a key by a new one (the old one stops working at once)",
                 responses={201: ISSUED_KEY})
    async def rotate_key(organisation_id: str, key_id: str, request: Request, bearer: Bearer) -> JSONResponse:
        who = user(bearer, *MANAGERS)
        cid = correlation_id(request)

        async def run(conn: asyncpg.Connection) -> dict[str, Any]:
            issued = await credentials.rotate(conn, organisation_id, key_id, cid)
            await audit(conn, actor=who.subject, role=",".join(sorted(who.roles)), action="key.rotate",
                        entity="organisation_key", entity_id=key_id, correlation_id=cid,
                        after={"organisation_id": organisation_id, "replaced_by": issued.key_id})
            return {"key_id": issued.key_id, "organisation_id": organisation_id, "api_key": issued.api_key,
                    "issued_at": _iso(issued.issued_at), "replaces": key_id}

        return await _once_with_secret(ctx, request, f"back-office:{who.subject}", run)

    @router.delete("/back-office/organisations/{organisation_id}/keys/{key_id}", summary="Revoke a key")
    async def revoke_key(organisation_id: str, key_id: str, request: Request, bearer: Bearer) -> dict[str, Any]:
        who = user(bearer, *MANAGERS)
        cid = correlation_id(request)
        async with ctx.pool.acquire() as conn, conn.transaction():
            revoked_at, changed = await credentials.revoke(conn, organisation_id, key_id, cid)
            if changed:
                await audit(conn, actor=who.subject, role=",".join(sorted(who.roles)), action="key.revoke",
                            entity="organisation_key", entity_id=key_id, correlation_id=cid,
                            after={"organisation_id": organisation_id})
        return {"key_id": key_id, "organisation_id": organisation_id, "revoked_at": _iso(revoked_at)}

    @router.get("/back-office/organisations/{organisation_id}/keys", summary="An organisation's keys (no secrets)")
    async def list_keys(organisation_id: str, bearer: Bearer) -> list[dict[str, Any]]:
        user(bearer)
        from pacte_attendance.adapters.credentials import list_keys as fetch

        async with ctx.pool.acquire() as conn:
            rows = await fetch(conn, organisation_id)
        return [{**r, "issued_at": _iso(r["issued_at"]), "revoked_at": _iso(r["revoked_at"])} for r in rows]

    @router.post("/back-office/sessions/{session_id}/outcomes", status_code=201,
                 summary="Record a trainee's situation 6 or 12 months after leaving",
                 responses=schemas.declaration_responses(),
                 openapi_extra=schemas.json_body(schemas.command_schema("outcome.record")),
                 description="Command `outcome.record`; roles buyer or steering. The trainee id is the "
                             "session holder's own id, resolved to the same pseudonym as its declarations.")
    async def record_outcome(session_id: str, request: Request, bearer: Bearer) -> JSONResponse:
        who = user(bearer, *MANAGERS)
        payload = await json_payload(request)
        if not isinstance(payload, dict):
            raise refusal("invalid", "the body must be a JSON object")
        if payload.get("session_id", session_id) != session_id:
            raise refusal("invalid", "the body's session_id differs from the path's")
        payload = {**payload, "session_id": session_id}
        cid = correlation_id(request)

        async def run() -> tuple[int, Any]:
            async with ctx.pool.acquire() as conn, conn.transaction():
                [declared] = await declare(conn, ctx.pseudonymizer, [("outcome.record", payload)],
                                           organisation_id=None, correlation_id=cid)
                if not declared.accepted:
                    raise refusal(declared.reason or "invalid", declared.detail)
                fact = declared.fact()
                await audit(conn, actor=who.subject, role=",".join(sorted(who.roles)), action="outcome.record",
                            entity="session", entity_id=session_id, after=fact, correlation_id=cid)
            return (200 if declared.replaced else 201), fact

        return await idempotent(ctx.pool, request, f"back-office:{who.subject}", run)

    @router.post("/back-office/trainees/forget", summary="Forget a trainee (erasure without rewriting history)",
                 openapi_extra=schemas.json_body({
                     "type": "object", "required": ["organisation_id", "trainee_id"],
                     "properties": {"organisation_id": schemas.ID, "trainee_id": schemas.TRAINEE_ID}}),
                 description="Deletes the link between the organisation's trainee id and its pseudonym; the "
                             "pseudonymous history stays. Forgetting twice changes nothing. Deliberately not "
                             "recorded under an Idempotency-Key: that table keeps a hash of the request body, "
                             "which would keep a trace of the trainee id.")
    async def forget(request: Request, bearer: Bearer) -> dict[str, Any]:
        who = user(bearer, *MANAGERS)
        payload = await json_payload(request)
        organisation_id = payload.get("organisation_id") if isinstance(payload, dict) else None
        trainee_id = payload.get("trainee_id") if isinstance(payload, dict) else None
        if not isinstance(organisation_id, str) or not organisation_id.strip() \
                or not isinstance(trainee_id, str) or not trainee_id.strip():
            raise refusal("invalid", "organisation_id and trainee_id are required strings")
        cid = correlation_id(request)
        async with ctx.pool.acquire() as conn, conn.transaction():
            deleted = await trainees.forget(conn, ctx.pseudonymizer, organisation_id, trainee_id)
            # Neither the id nor the pseudonym: the audit row must not re-create the link.
            await audit(conn, actor=who.subject, role=",".join(sorted(who.roles)), action="trainee.forget",
                        entity="organisation", entity_id=organisation_id, correlation_id=cid,
                        after={"mappings_deleted": deleted})
        return {"forgotten": deleted > 0}

    return router
