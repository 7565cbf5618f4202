"""The audit trail: what was done (in the command's own transaction) and what was refused.

A refusal (403) is written with who tried what on which resource. It is attributed only to an
identity the service verified: an organisation whose API key matches (its secret checked, not
revoked), or a back-office token's subject. Anyone else is `anonymous`, and what they claimed to be
(a key id, a token's unverified subject) is kept as a claim, so that nobody can have a refusal
written under another organisation's name. A refusal that cannot be written is never silent: it is
logged as an error, counted (`pacte_audit_failures_total`), and the request is answered 503.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import asyncpg
from fastapi import Request

from pacte_platform.apikeys import api_key_from_headers, organisation_of_key
from pacte_platform.auth import AuthError, key_id_of, verify_token
from pacte_platform.logging import get_logger
from pacte_platform.metrics import AUDIT_FAILURES

log = get_logger(component="audit")

ANONYMOUS = "anonymous"


async def audit(conn: asyncpg.Connection, *, actor: str, role: str, action: str, entity: str, entity_id: str,
                before: Any = None, after: Any = None, correlation_id: str | None = None) -> None:
    await conn.execute(
        """INSERT INTO audit_log (actor, role, action, entity, entity_id, before, after, correlation_id)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)""",
        actor, role, action, entity, entity_id, before, after, correlation_id,
    )


async def refused_caller(conn: asyncpg.Connection, request: Request, *, knows_keys: bool,
                         auth_secret: str) -> tuple[str, str, dict[str, str]]:
    """(actor, role, claims) of a refused request: a verified identity, or anonymous with its claims."""
    authorization = request.headers.get("authorization") or ""
    api_key = api_key_from_headers(authorization, request.headers.get("x-api-key"))
    if api_key is not None:
        organisation = await organisation_of_key(conn, api_key) if knows_keys else None
        if organisation is not None:
            return organisation, "organisation", {}
        return ANONYMOUS, "unknown", {"claimed_key_id": (key_id_of(api_key) or "malformed")[:64]}
    if authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
        try:
            user = verify_token(auth_secret, token)
        except AuthError:
            return ANONYMOUS, "unknown", {"claimed_subject": _unverified_subject(token)}
        return user.subject, ",".join(sorted(user.roles)), {}
    return ANONYMOUS, "unknown", {}


def _unverified_subject(token: str) -> str:
    try:
        subject = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "==="))["sub"]
    except (ValueError, IndexError, KeyError, TypeError, RecursionError):
        return "unreadable"
    return str(subject)[:64]


async def audit_refusal(request: Request, status: int) -> bool:
    """Writes a refusal in the audit trail; False (logged, counted) when it could not be written."""
    runtime = getattr(request.app.state, "pacte_runtime", None)
    pool = getattr(runtime, "pool", None)
    if runtime is None or pool is None:
        return True  # not a service with an audit trail (a test's bare app)
    try:
        async with pool.acquire() as conn:
            actor, role, claims = await refused_caller(conn, request, knows_keys=runtime.knows_organisation_keys,
                                                       auth_secret=runtime.settings.auth_secret)
            await audit(conn, actor=actor, role=role, action="refused", entity="http",
                        entity_id=f"{request.method} {request.url.path}"[:500],
                        after={"status": status, **claims},
                        correlation_id=getattr(request.state, "correlation_id", None))
    except Exception as exc:
        AUDIT_FAILURES.labels(runtime.service).inc()
        log.error("refusal not audited", path=request.url.path, status=status, error=repr(exc)[:500])
        return False
    return True
