"""The organisations registry, reference data (job-seeker counts) and the audit trail."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_contracts.types import Id
from pacte_platform.commands import command_body, command_doc, respond
from pacte_procurement.adapters import queries
from pacte_procurement.domain import RegisterOrganisation, SetJobseekerCount
from pacte_procurement.service_layer import handlers

from . import schemas
from .dependencies import ERRORS, READ_ERRORS, WRITE_ERRORS, Buyer, Cursor, Handlers, Limit, Reader, found, paged

router = APIRouter()


@router.post("/organisations", tags=["organisations"], status_code=201,
             summary="Register (201) or update (200) an organisation",
             responses={201: {"model": schemas.OrganisationOut}, 200: {"model": schemas.OrganisationOut},
                        **WRITE_ERRORS},
             openapi_extra=command_doc(RegisterOrganisation))
async def post_organisation(request: Request, caller: Buyer, ctx: Handlers,
                            command: Annotated[RegisterOrganisation, Depends(command_body(RegisterOrganisation))]
                            ) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.register_organisation(ctx, command, caller),
                         status=lambda registered: 201 if registered.created else 200,
                         view=lambda registered: registered.organisation)


@router.get("/organisations", tags=["organisations"], summary="The registry",
            response_model=schemas.OrganisationPage, responses=ERRORS)
async def get_organisations(_: Reader, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None) -> Any:
    async with ctx.pool.acquire() as conn:
        return await paged(queries.organisations(conn, cursor=cursor, limit=limit))


@router.get("/organisations/{organisation_id}", tags=["organisations"], summary="One organisation",
            response_model=schemas.OrganisationOut, responses=READ_ERRORS)
async def get_organisation(organisation_id: Id, _: Reader, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return found(await queries.organisation(conn, organisation_id), "organisation")


@router.put("/reference/jobseekers/{territory}", tags=["reference"], summary="Set a territory's job-seeker count",
            responses={200: {"model": schemas.JobseekerOut}, **WRITE_ERRORS},
            openapi_extra=command_doc(SetJobseekerCount))
async def put_jobseekers(request: Request, caller: Buyer, ctx: Handlers,
                         command: Annotated[SetJobseekerCount, Depends(command_body(SetJobseekerCount, "territory"))]
                         ) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.set_jobseekers(ctx, command, caller))


@router.get("/reference/jobseekers", tags=["reference"], summary="Job-seeker counts per territory",
            response_model=list[schemas.JobseekerOut], responses=ERRORS)
async def get_jobseekers(_: Reader, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return await queries.jobseeker_counts(conn)


@router.get("/audit", tags=["audit"], summary="Audit trail of writes (who, when, what, before/after)",
            response_model=schemas.AuditPage, responses=ERRORS)
async def get_audit(_: Reader, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None, entity: str | None = None,
                    entity_id: str | None = None, actor: str | None = None) -> Any:
    async with ctx.pool.acquire() as conn:
        return await paged(queries.audit(conn, entity=entity, entity_id=entity_id, actor=actor,
                                         cursor=cursor, limit=limit))
