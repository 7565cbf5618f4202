"""The integration API that training organisations' software calls (`/v1`).

The organisation is the one the API key belongs to, never a field of the body; trainee ids are
replaced by pseudonyms inside the service layer before anything is stored or published.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from pacte_attendance.adapters import repository
from pacte_attendance.domain.sheet import SHEET_COLUMNS, SheetHeaderError, parse_sheet
from pacte_attendance.entrypoints import schemas
from pacte_attendance.entrypoints.context import Context, correlation_id, json_payload
from pacte_attendance.service_layer.declarations import declare
from pacte_contracts.codes import DROPOUT_REASON_LABELS_FR
from pacte_contracts.rules import canonical_quantity
from pacte_platform import orgauth
from pacte_platform.http import PROBLEM_SCHEMA, Problem, audit, idempotent, refusal

MAX_BATCH_RECORDS = 5000

#: (path segment, command, summary) of the per-record routes (docs/architecture.md).
DECLARATION_ROUTES = (
    ("open-days", "session.open_day", "Declare a day the session was open"),
    ("trainer-hours", "trainer.hours", "Declare a trainer's hours on a day (10 h per trainer and day at most)"),
    ("enrolments", "trainee.enrol", "Enrol a trainee (capacity enforced), or correct an enrolment"),
    ("attendance", "attendance.record", "Record a trainee's attendance on a day (émargement)"),
    ("suspensions", "trainee.suspend", "Suspend a trainee's path (interruption sécurisée)"),
    ("resumptions", "trainee.resume", "Resume a suspended trainee"),
    ("dropouts", "trainee.dropout", "Declare a dropout with its reason"),
    ("completions", "trainee.complete", "Declare a completion with its certification"),
    ("satisfaction", "satisfaction.record", "Record a trainee's satisfaction score (1-5)"),
)

_api_key = APIKeyHeader(name="X-Api-Key", auto_error=False, scheme_name="OrganisationApiKey",
                        description="The organisation's API key `pk_<key id>_<secret>`")
_bearer = HTTPBearer(auto_error=False, scheme_name="OrganisationBearer",
                     description="The organisation's API key as `Authorization: Bearer pk_...`")

AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {401: PROBLEM_SCHEMA}


def _data_lines_exceed(text: str, limit: int) -> bool:
    """True when the sheet has more than `limit` non-blank lines after its header (stops early)."""
    count = -1  # the header
    start = 0
    while True:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line.strip():
            count += 1
            if count > limit:
                return True
        if end < 0:
            return False
        start = end + 1


def integration_router(ctx: Context) -> APIRouter:
    router = APIRouter(tags=["integration"], responses=AUTH_RESPONSES)

    async def organisation(x_api_key: Annotated[str | None, Security(_api_key)] = None,
                           bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None) -> str:
        authorization = f"Bearer {bearer.credentials}" if bearer is not None else None
        async with ctx.pool.acquire() as conn:
            return await orgauth.authenticate_organisation(conn, orgauth.api_key_from_headers(authorization, x_api_key))

    caller = Depends(organisation)

    def declaration_route(command: str) -> Callable[..., Awaitable[JSONResponse]]:
        async def declare_one(session_id: str, request: Request, organisation_id: str = caller) -> JSONResponse:
            payload = await json_payload(request)
            if not isinstance(payload, dict):
                raise refusal("invalid", "the body must be a JSON object")
            if payload.get("session_id", session_id) != session_id:
                raise refusal("invalid", "the body's session_id differs from the path's")
            payload = {**payload, "session_id": session_id}
            cid = correlation_id(request)

            async def run() -> tuple[int, Any]:
                async with ctx.pool.acquire() as conn, conn.transaction():
                    [declared] = await declare(conn, ctx.pseudonymizer, [(command, payload)],
                                               organisation_id=organisation_id, correlation_id=cid)
                    if not declared.accepted:
                        raise refusal(declared.reason or "invalid", declared.detail)
                    fact = declared.fact()
                    await audit(conn, actor=organisation_id, role="organisation", action=command, entity="session",
                                entity_id=session_id, after=fact, correlation_id=cid)
                return (200 if declared.replaced else 201), fact

            return await idempotent(ctx.pool, request, f"organisation:{organisation_id}", run)

        return declare_one

    for segment, command, summary in DECLARATION_ROUTES:
        router.add_api_route(
            f"/v1/sessions/{{session_id}}/{segment}", declaration_route(command), methods=["POST"],
            status_code=201, summary=summary, operation_id=command.replace(".", "_"),
            responses=schemas.declaration_responses(),
            openapi_extra=schemas.json_body(schemas.command_schema(command)),
            description=f"Command `{command}`. Re-sending the same business key replaces the earlier value (200, "
                        "higher revision). Honours `Idempotency-Key`. Refusals are problem+json with the reason "
                        "codes of SCENARIO.md, in its precedence.",
        )

    @router.post("/v1/batch", summary="Declare up to 5,000 records in one request",
                 responses={200: schemas.BATCH_RESPONSE, 413: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA},
                 openapi_extra=schemas.BATCH_BODY,
                 description="Records are decided in order in one transaction: a record sees the ones before "
                             "it. Each gets its own result; refused records change nothing.")
    async def batch(request: Request, organisation_id: str = caller) -> JSONResponse:
        payload = await json_payload(request)
        records = payload.get("records") if isinstance(payload, dict) else None
        if not isinstance(records, list) or not records:
            raise refusal("invalid", "the body must be {\"records\": [...]} with at least one record")
        if len(records) > MAX_BATCH_RECORDS:
            raise Problem(413, "payload_too_large", f"at most {MAX_BATCH_RECORDS} records per request")
        commands = [(r.get("cmd") if isinstance(r, dict) else None, r) for r in records]
        cid = correlation_id(request)

        async def run() -> tuple[int, Any]:
            async with ctx.pool.acquire() as conn, conn.transaction():
                results = await declare(conn, ctx.pseudonymizer, commands, organisation_id=organisation_id,
                                        correlation_id=cid)
                accepted = sum(1 for r in results if r.accepted)
                sessions = sorted({r.event.session_id for r in results if r.event is not None})
                if accepted:  # a request whose records were all refused changed nothing
                    await audit(conn, actor=organisation_id, role="organisation", action="batch", entity="batch",
                                entity_id=cid or "-", correlation_id=cid,
                                after={"accepted": accepted, "refused": len(results) - accepted,
                                       "sessions": sessions})
            return 200, {"accepted": accepted, "refused": len(results) - accepted,
                         "results": [{"index": i, **r.as_result()} for i, r in enumerate(results)]}

        return await idempotent(ctx.pool, request, f"organisation:{organisation_id}", run)

    @router.post("/v1/sessions/{session_id}/attendance-sheet", summary="Upload an attendance sheet (CSV)",
                 responses={200: schemas.SHEET_RESPONSE, 403: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA,
                            409: PROBLEM_SCHEMA, 413: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA},
                 openapi_extra=schemas.SHEET_BODY,
                 description="UTF-8 text, `;` separator, header line `" + ";".join(SHEET_COLUMNS) + "`, ISO "
                             "dates, hours with `.` or `,` as decimal mark, an empty absence for none "
                             "(else `justified` or `unjustified`). Good lines are applied in one transaction; "
                             "bad lines are reported by line number (the header is line 1) with their reason. "
                             "A sheet for an unknown, foreign or cancelled session is refused as a whole.")
    async def attendance_sheet(session_id: str, request: Request, organisation_id: str = caller) -> JSONResponse:
        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            raise refusal("invalid", "the sheet must be UTF-8 text") from None
        # Count before parsing: a sheet of a million lines is refused without being parsed into memory.
        if _data_lines_exceed(text, MAX_BATCH_RECORDS):
            raise Problem(413, "payload_too_large", f"at most {MAX_BATCH_RECORDS} lines per sheet")
        try:
            lines = parse_sheet(text, session_id)
        except SheetHeaderError as exc:
            raise refusal("invalid", str(exc)) from None
        if len(lines) > MAX_BATCH_RECORDS:
            raise Problem(413, "payload_too_large", f"at most {MAX_BATCH_RECORDS} lines per sheet")
        async with ctx.pool.acquire() as conn:
            session = await repository.get_session(conn, session_id)
        if session is None:
            raise refusal("unknown_session", f"no session {session_id!r}")
        if session.holder_org_id != organisation_id:
            raise refusal("forbidden", f"session {session_id!r} is not declared by {organisation_id!r}")
        if session.cancelled:
            raise refusal("session_cancelled", f"session {session_id!r} is cancelled")
        cid = correlation_id(request)

        async def run() -> tuple[int, Any]:
            good = [line for line in lines if line.payload is not None]
            errors: list[dict[str, Any]] = [
                {"line": line.line, "reason": line.rejection.reason.value, "detail": line.rejection.detail}
                for line in lines if line.rejection is not None
            ]
            async with ctx.pool.acquire() as conn, conn.transaction():
                results = await declare(conn, ctx.pseudonymizer, [("attendance.record", line.payload)
                                                                   for line in good],
                                        organisation_id=organisation_id, correlation_id=cid)
                errors += [{"line": line.line, "reason": r.reason, "detail": r.detail}
                           for line, r in zip(good, results, strict=True) if not r.accepted]
                accepted = sum(1 for r in results if r.accepted)
                if accepted:
                    await audit(conn, actor=organisation_id, role="organisation", action="attendance_sheet",
                                entity="session", entity_id=session_id, correlation_id=cid,
                                after={"accepted": accepted, "refused": len(errors)})
            return 200, {"accepted": accepted, "refused": len(errors),
                         "errors": sorted(errors, key=lambda e: e["line"])}

        return await idempotent(ctx.pool, request, f"organisation:{organisation_id}", run)

    @router.get("/v1/sessions/{session_id}", summary="What the organisation declared for one of its sessions",
                responses={403: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA})
    async def session_summary(session_id: str, organisation_id: str = caller) -> dict[str, Any]:
        async with ctx.pool.acquire() as conn:
            session = await repository.get_session(conn, session_id)
            if session is None:
                raise refusal("unknown_session", f"no session {session_id!r}")
            if session.holder_org_id != organisation_id:
                raise refusal("forbidden", f"session {session_id!r} is not declared by {organisation_id!r}")
            summary = await repository.session_summary(conn, session_id)
        return {
            "session_id": session_id, "organisation_id": session.holder_org_id, "cancelled": session.cancelled,
            "capacity": session.capacity, "hours_per_day": canonical_quantity(session.hours_per_day),
            "planned_days": sorted(d.isoformat() for d in session.planned_days),
            "open_days": summary["open_days"], "trainer_hours": canonical_quantity(summary["trainer_hours"]),
            "attendance_records": summary["attendance_records"],
            "hours_present": canonical_quantity(summary["hours_present"]),
            "trainees": [{**t, "enrolled_on": t["enrolled_on"].isoformat(),
                          "exited_on": t["exited_on"].isoformat() if t["exited_on"] else None}
                         for t in summary["trainees"]],
        }

    return router


def reference_router() -> APIRouter:
    router = APIRouter(tags=["reference"])

    @router.get("/v1/reference/dropout-reasons", summary="Dropout reason codes with their French labels")
    async def dropout_reasons() -> list[dict[str, str]]:
        return [{"code": code.value, "label": label} for code, label in DROPOUT_REASON_LABELS_FR.items()]

    return router
