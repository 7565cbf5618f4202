"""The integration API that training organisations' software calls (`/v1`).

The organisation is the one the API key belongs to, never a field of the body; trainee ids are
replaced by pseudonyms inside the service layer before anything is stored or published.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_attendance.adapters import sessions, summary
from pacte_attendance.domain import (
    ORGANISATION_COMMANDS,
    CancelEnrolment,
    Complete,
    Declaration,
    Declared,
    DeclareOpenDay,
    DeclareTrainerHours,
    Dropout,
    Enrol,
    Malformed,
    RecordAttendance,
    RecordSatisfaction,
    Resume,
    Suspend,
    WithdrawOpenDay,
    parse_record,
)
from pacte_attendance.domain.checks import admitted
from pacte_attendance.domain.sheet import SHEET_COLUMNS, SheetHeaderError, SheetLine, data_lines_exceed, parse_sheet
from pacte_attendance.service_layer import declarations
from pacte_contracts.codes import DROPOUT_REASON_LABELS_FR, RejectionReason
from pacte_contracts.refusals import Refused, check, refuse
from pacte_contracts.rules import canonical_quantity
from pacte_contracts.types import Id
from pacte_platform import orgauth
from pacte_platform.commands import command_body, command_doc, respond
from pacte_platform.http import PROBLEM_SCHEMA, Problem

from . import schemas
from .dependencies import AUTH_ERRORS, Handlers, Organisation

router = APIRouter(tags=["integration"], responses=AUTH_ERRORS)
reference_router = APIRouter(tags=["reference"])

_REPLACES = ("Re-sending the same business key replaces the earlier value (200, higher revision). ")
_FOOTER = ("Honours `Idempotency-Key`. Refusals are problem+json with the reason codes of SCENARIO.md, in its "
           "precedence.")

#: (path segment, command, summary, description) of the per-record routes (docs/architecture.md).
DECLARATION_ROUTES: tuple[tuple[str, type[Declaration], str, str], ...] = (
    ("open-days", DeclareOpenDay, "Declare a day the session was open (journée d'ouverture)", _REPLACES),
    ("open-day-withdrawals", WithdrawOpenDay, "Withdraw an open day declared by mistake",
     "Retrait d'une journée d'ouverture. The day must be declared open (else `invalid`: never declared, or "
     "already withdrawn). The withdrawal is a new revision of the (session, date) key (`OpenDayWithdrawn`); "
     "declaring the day open again later is a higher revision. Hours recorded that day stay. What was invoiced "
     "for the day comes back as a negative line on the next invoice. "),
    ("trainer-hours", DeclareTrainerHours,
     "Declare a trainer's hours on a day (10 h per trainer and day at most)", _REPLACES),
    ("enrolments", Enrol, "Enrol a trainee (capacity enforced), or correct an enrolment", _REPLACES),
    ("enrolment-cancellations", CancelEnrolment, "Cancel an enrolment made by mistake",
     "Annulation d'une inscription faite par erreur: the enrolment never existed. `trainee_not_enrolled` for a "
     "trainee never enrolled or already cancelled; `invalid` once the trainee has attended more than 0 hours on "
     "some day or has exited (abandon, fin de formation), or once the period (YYYY-MM) of the enrolment date is "
     "closed (a closing has started for it or a later period). Removes the enrolment with its attendance records, "
     "suspensions, satisfaction and outcomes and frees its place; `EnrolmentCancelled` withdraws each of its "
     "declarations as a new revision of its key. The trainee may be enrolled again later, as a new stay. "),
    ("attendance", RecordAttendance, "Record a trainee's attendance on a day (émargement)", _REPLACES),
    ("suspensions", Suspend, "Suspend a trainee's path (interruption sécurisée)", ""),
    ("resumptions", Resume, "Resume a suspended trainee", ""),
    ("dropouts", Dropout, "Declare a dropout with its reason (abandon)", ""),
    ("completions", Complete, "Declare a completion with its certification", ""),
    ("satisfaction", RecordSatisfaction, "Record a trainee's satisfaction score (1-5)", _REPLACES),
)


def _record_body(model: type[Declaration]) -> Callable[[Request], Awaitable[Declaration | Malformed]]:
    """The route's command, or why it is malformed: a malformed record goes through the engine too, so
    it is answered the same way (`invalid`) and kept in the organisation's refusal log."""
    read = command_body(model, "session_id")

    async def tolerant(request: Request) -> Declaration | Malformed:
        try:
            return await read(request)
        except Refused as refused:
            return Malformed(model.NAME, refused.rejection, request.path_params["session_id"])

    tolerant.__name__ = f"read_{model.__name__}"
    return tolerant


def _declaration_route(model: type[Declaration]) -> Callable[..., Awaitable[JSONResponse]]:
    # The dependency is the route's model (a closure, so not in an annotation: those are resolved later).
    async def post(request: Request, caller: Organisation, ctx: Handlers,
                   command: Declaration | Malformed = Depends(_record_body(model))) -> JSONResponse:
        return await respond(request, caller, lambda: declarations.declare_one(ctx, command, caller),
                             status=lambda declared: 200 if declared.replaced else 201, view=Declared.fact)

    return post


for _segment, _model, _summary, _description in DECLARATION_ROUTES:
    router.add_api_route(
        f"/v1/sessions/{{session_id}}/{_segment}", _declaration_route(_model), methods=["POST"], status_code=201,
        summary=_summary, operation_id=_model.NAME.replace(".", "_"), responses=schemas.declaration_responses(),
        openapi_extra=command_doc(_model), description=f"Command `{_model.NAME}`. {_description}{_FOOTER}")


@router.post("/v1/batch", summary="Declare up to 5,000 records in one request",
             responses={200: schemas.BATCH_RESPONSE, 413: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA},
             openapi_extra=command_doc(schemas.Batch),
             description="Records are decided in order in one transaction: a record sees the ones before it. Each "
                         "gets its own result (a malformed record is refused alone); refused records change "
                         "nothing. Every organisation command of SCENARIO.md, withdrawals and cancellations "
                         "included. " + _FOOTER)
async def post_batch(request: Request, caller: Organisation, ctx: Handlers,
                     batch: Annotated[schemas.Batch, Depends(command_body(schemas.Batch))]) -> JSONResponse:
    if len(batch.records) > schemas.MAX_BATCH_RECORDS:
        raise Problem(413, "payload_too_large", f"at most {schemas.MAX_BATCH_RECORDS} records per request")
    commands = [parse_record(record, ORGANISATION_COMMANDS) for record in batch.records]
    return await respond(request, caller, lambda: declarations.declare_batch(ctx, commands, caller))


def _read_sheet(raw: bytes, session_id: str) -> list[SheetLine]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise refuse(RejectionReason.INVALID, "the sheet must be UTF-8 text") from None
    # Count before parsing: a sheet of a million lines is refused without being parsed into memory.
    if data_lines_exceed(text, schemas.MAX_BATCH_RECORDS):
        raise Problem(413, "payload_too_large", f"at most {schemas.MAX_BATCH_RECORDS} lines per sheet")
    try:
        return parse_sheet(text, session_id)
    except SheetHeaderError as exc:
        raise refuse(RejectionReason.INVALID, str(exc)) from None


@router.post("/v1/sessions/{session_id}/attendance-sheet", summary="Upload an attendance sheet (CSV)",
             responses={200: schemas.SHEET_RESPONSE, 403: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA,
                        409: PROBLEM_SCHEMA, 413: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA},
             openapi_extra={**command_doc(None), **schemas.SHEET_BODY},
             description="Feuille d'émargement: one `attendance.record` per line. UTF-8 text, `;` separator, header "
                         "line `" + ";".join(SHEET_COLUMNS) + "`, ISO dates, hours with `.` or `,` as decimal mark, "
                         "an empty absence for none (else `justified` or `unjustified`). Good lines are applied in "
                         "one transaction; bad lines are reported by line number (the header is line 1) with their "
                         "reason. A sheet for an unknown, foreign or cancelled session is refused as a whole. Honours "
                         "`Idempotency-Key`.")
async def post_attendance_sheet(session_id: Id, request: Request, caller: Organisation,
                                ctx: Handlers) -> JSONResponse:
    raw = await request.body()
    return await respond(request, caller, lambda: declarations.declare_sheet(
        ctx, session_id, _read_sheet(raw, session_id), caller))


@router.get("/v1/sessions/{session_id}", summary="What the organisation declared for one of its sessions",
            responses={404: PROBLEM_SCHEMA})
async def get_session(session_id: Id, caller: Organisation, ctx: Handlers) -> dict[str, Any]:
    """Another organisation's session reads as an absent one (the same 404): a read reveals nothing.
    Declarations keep SCENARIO.md's order, `unknown_session` then `forbidden`."""
    async with ctx.pool.acquire() as conn:
        found = await sessions.get_session(conn, session_id)
        orgauth.check_owner(caller, None if found is None else found.holder_org_id, "session", session_id)
        session = check(admitted(session_id, found, caller.subject, organisation_command=False))
        declared = await summary.session_summary(conn, session_id)
    return {
        "session_id": session_id, "organisation_id": session.holder_org_id, "cancelled": session.cancelled,
        "capacity": session.capacity, "hours_per_day": canonical_quantity(session.hours_per_day),
        "planned_days": sorted(d.isoformat() for d in session.planned_days),
        "open_days": declared["open_days"], "trainer_hours": canonical_quantity(declared["trainer_hours"]),
        "attendance_records": declared["attendance_records"],
        "hours_present": canonical_quantity(declared["hours_present"]),
        "trainees": [{**t, "enrolled_on": t["enrolled_on"].isoformat(),
                      "exited_on": t["exited_on"].isoformat() if t["exited_on"] else None}
                     for t in declared["trainees"]],
    }


@reference_router.get("/v1/reference/dropout-reasons", summary="Dropout reason codes with their French labels")
async def get_dropout_reasons() -> list[dict[str, str]]:
    return [{"code": code.value, "label": label} for code, label in DROPOUT_REASON_LABELS_FR.items()]
