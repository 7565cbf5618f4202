"""Back-office routes (`/back-office`): organisations' API keys, 6- and 12-month outcomes, erasure."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_attendance.domain import Declared, ForgetPerson, ForgetTrainee, RecordOutcome
from pacte_attendance.domain.commands import parse_record
from pacte_attendance.service_layer import credentials, declarations, persons, trainees
from pacte_contracts.types import Id
from pacte_platform.commands import command_body, command_doc, respond
from pacte_platform.http import PROBLEM_SCHEMA, Problem

from . import schemas
from .dependencies import ERRORS, Handlers, Manager, Reader

router = APIRouter(tags=["back-office"], responses=ERRORS)


@router.post("/back-office/organisations/{organisation_id}/keys", status_code=201,
             summary="Issue an API key to a training organisation (shown once)", responses={201: schemas.ISSUED_KEY},
             openapi_extra=command_doc(None))
async def post_key(organisation_id: Id, request: Request, caller: Manager, ctx: Handlers) -> JSONResponse:
    return await respond(request, caller, lambda: credentials.issue_key(ctx, organisation_id, caller), 201,
                         view=asdict, stored=credentials.without_secret)


@router.post("/back-office/organisations/{organisation_id}/keys/{key_id}/rotate", status_code=201,
             summary="Replace a key by a new one (the old one stops working at once)",
             responses={201: schemas.ISSUED_KEY}, openapi_extra=command_doc(None))
async def post_rotation(organisation_id: Id, key_id: Id, request: Request, caller: Manager,
                        ctx: Handlers) -> JSONResponse:
    return await respond(request, caller, lambda: credentials.rotate_key(ctx, organisation_id, key_id, caller), 201,
                         view=asdict, stored=credentials.without_secret)


@router.delete("/back-office/organisations/{organisation_id}/keys/{key_id}", summary="Revoke a key",
               openapi_extra=command_doc(None))
async def delete_key(organisation_id: Id, key_id: Id, request: Request, caller: Manager,
                     ctx: Handlers) -> JSONResponse:
    return await respond(request, caller, lambda: credentials.revoke_key(ctx, organisation_id, key_id, caller))


@router.get("/back-office/organisations/{organisation_id}/keys", summary="An organisation's keys (no secrets)")
async def get_keys(organisation_id: Id, _: Reader, ctx: Handlers) -> list[dict[str, Any]]:
    return await credentials.list_keys(ctx, organisation_id)


@router.post("/back-office/sessions/{session_id}/outcomes", status_code=201,
             summary="Record a trainee's situation 6 or 12 months after leaving (retour à l'emploi)",
             responses=schemas.declaration_responses(), openapi_extra=command_doc(RecordOutcome),
             description="Command `outcome.record`; roles buyer or steering. The trainee id is the session holder's "
                         "own id, resolved to the same pseudonym as its declarations. Re-sending the same "
                         "(session, trainee, months) replaces the earlier value (200, higher revision).")
async def post_outcome(request: Request, caller: Manager, ctx: Handlers,
                       command: Annotated[RecordOutcome, Depends(command_body(RecordOutcome, "session_id"))]
                       ) -> JSONResponse:
    return await respond(request, caller, lambda: declarations.declare_one(ctx, command, caller),
                         status=lambda declared: 200 if declared.replaced else 201, view=Declared.fact)


@router.post("/back-office/outcomes", summary="Record up to 5,000 outcomes in one request",
             responses={200: schemas.BATCH_RESPONSE, 413: PROBLEM_SCHEMA},
             openapi_extra=command_doc(schemas.OutcomeBatch),
             description="`outcome.record` commands, each with its `session_id`, decided in order in one transaction "
                         "as `/v1/batch` decides an organisation's: a record sees the ones before it and gets the "
                         "answer its own route would give (a malformed one is refused alone); refused records change "
                         "nothing. Roles buyer or steering.")
async def post_outcomes(request: Request, caller: Manager, ctx: Handlers,
                        batch: Annotated[schemas.OutcomeBatch, Depends(command_body(schemas.OutcomeBatch))],
                        ) -> JSONResponse:
    if len(batch.records) > schemas.MAX_BATCH_RECORDS:
        raise Problem(413, "payload_too_large", f"at most {schemas.MAX_BATCH_RECORDS} records per request")
    commands = [parse_record(record, {RecordOutcome.NAME}) for record in batch.records]
    return await respond(request, caller, lambda: declarations.declare_batch(ctx, commands, caller))


@router.post("/back-office/trainees/forget", summary="Forget a trainee (erasure without rewriting history)",
             openapi_extra=command_doc(ForgetTrainee),
             description="Deletes the link between the organisation's trainee id and its pseudonym; the "
                         "pseudonymous history stays. Forgetting twice changes nothing. Deliberately not "
                         "recorded under an Idempotency-Key: that table keeps a hash of the request body, "
                         "which would keep a trace of the trainee id.")
async def post_forget(caller: Manager, ctx: Handlers,
                      command: Annotated[ForgetTrainee, Depends(command_body(ForgetTrainee))]) -> dict[str, bool]:
    return {"forgotten": await trainees.forget(ctx, command, caller)}


@router.post("/back-office/persons/forget", summary="Forget a person (the regional pseudonym's link)",
             openapi_extra=command_doc(ForgetPerson),
             description="Deletes the link between a job seeker's person_ref (identifiant France Travail) and "
                         "the region's person pseudonym; the pseudonymous pathways stay, linked to no one. "
                         "Forgetting twice changes nothing. Not recorded under an Idempotency-Key, for the "
                         "same reason as a trainee's erasure.")
async def post_forget_person(caller: Manager, ctx: Handlers,
                             command: Annotated[ForgetPerson, Depends(command_body(ForgetPerson))]
                             ) -> dict[str, bool]:
    return {"forgotten": await persons.forget(ctx, command, caller)}
