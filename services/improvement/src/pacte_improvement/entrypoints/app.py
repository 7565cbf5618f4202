"""HTTP faces of the improvement service: the organisations' integration API (`/v1/plans`) and the
back-office (plans, amendments, milestones, dropout action plans)."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import asyncpg
from fastapi import FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response

from pacte_improvement.entrypoints import schemas
from pacte_improvement.entrypoints.consumers import CONSUMERS
from pacte_improvement.service_layer import commands, queries
from pacte_improvement.service_layer.commands import Caller
from pacte_improvement.service_layer.errors import NotFound, Refused
from pacte_platform import orgauth
from pacte_platform.auth import BackOfficeUser
from pacte_platform.http import PROBLEM_SCHEMA, Problem, back_office_user, idempotent, problem_response, refusal
from pacte_platform.metrics import REJECTIONS
from pacte_platform.runtime import ServiceRuntime
from pacte_platform.settings import PlatformSettings

T = TypeVar("T")

SERVICE = "improvement"
DEFAULT_PORT = 8004
MIGRATIONS_DIR = Path(os.environ.get("IMPROVEMENT_MIGRATIONS_DIR", Path(__file__).resolve().parents[3] / "migrations"))

READERS = ("buyer", "finance", "steering", "auditor")
BUYER = ("buyer",)

ORG_TAG, BO_TAG = "organisations", "back-office"
TAGS = [
    {"name": ORG_TAG, "description": "Integration API of training organisations (API key: `Authorization: Bearer "
                                     "pk_...` or `X-Api-Key`). An organisation sees and changes its own plans only."},
    {"name": BO_TAG, "description": "Back-office (bearer token with roles; `buyer` decides, every role reads)."},
]
ERRORS: dict[int | str, dict[str, Any]] = {
    status: PROBLEM_SCHEMA for status in (401, 403, 404, 409, 422)
}

Authorization = Annotated[str | None, Header()]
ApiKey = Annotated[str | None, Header(alias="X-Api-Key")]
PlanId = Annotated[str, PathParam(description="Plan id")]


def build_runtime(settings: PlatformSettings | None = None) -> ServiceRuntime:
    if settings is None:
        settings = PlatformSettings()
        if "HTTP_PORT" not in os.environ:
            settings = settings.model_copy(update={"http_port": DEFAULT_PORT})
    return ServiceRuntime(
        service=SERVICE,
        migrations_dir=MIGRATIONS_DIR,
        consumers=list(CONSUMERS),
        settings=settings,
        title="pacte improvement",
        description="Service-improvement plans of training organisations: self-diagnosis, milestones with "
                    "indicator targets evaluated at each period closing, manual validation, amendments, and "
                    "yearly dropout action plans.",
        openapi_tags=TAGS,
    )


async def _json_object(request: Request, command: str, *, optional: bool = False) -> dict[str, Any]:
    raw = await request.body()
    if optional and not raw.strip():
        return {}
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        raise Refused(command, "invalid", "the body is not JSON") from exc
    if not isinstance(payload, dict):
        raise Refused(command, "invalid", "the body must be a JSON object")
    return payload


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    settings = runtime.settings

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> JSONResponse:
        REJECTIONS.labels(SERVICE, exc.command, exc.reason).inc()
        return problem_response(refusal(exc.reason, exc.detail), request)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
        return problem_response(Problem(404, "not_found", str(exc)), request)

    @app.exception_handler(queries.ForeignPlan)
    async def _foreign(request: Request, exc: queries.ForeignPlan) -> JSONResponse:
        return problem_response(refusal("forbidden", "this plan belongs to another organisation"), request)

    def staff(authorization: str | None, roles: tuple[str, ...]) -> BackOfficeUser:
        return back_office_user(settings.auth_secret, authorization, *roles)

    async def organisation(authorization: str | None, x_api_key: str | None) -> str:
        async with runtime.db().acquire() as conn:
            return await orgauth.authenticate_organisation(conn, orgauth.api_key_from_headers(authorization,
                                                                                               x_api_key))

    def org_caller(request: Request, organisation_id: str) -> Caller:
        return Caller(actor=f"org:{organisation_id}", role="organisation", organisation_id=organisation_id,
                      correlation_id=request.state.correlation_id)

    def staff_caller(request: Request, user: BackOfficeUser, role: str) -> Caller:
        return Caller(actor=f"bo:{user.subject}", role=role, correlation_id=request.state.correlation_id)

    async def run(request: Request, caller: Caller, status: int,
                  work: Callable[[asyncpg.Connection], Awaitable[Any]]) -> JSONResponse:
        """One command: one transaction, answered once per Idempotency-Key."""

        async def action() -> tuple[int, Any]:
            async with runtime.db().acquire() as conn, conn.transaction():
                return status, await work(conn)

        return await idempotent(runtime.db(), request, caller.actor, action)

    async def read(work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        async with runtime.db().acquire() as conn:
            return await work(conn)

    # --- organisations ---------------------------------------------------------------------------

    @app.post("/v1/plans", tags=[ORG_TAG], status_code=201, summary="Create the plan of one of the organisation's lots",
              openapi_extra=schemas.body(schemas.PlanIn), responses=ERRORS)
    async def create_plan(request: Request, authorization: Authorization = None,
                          x_api_key: ApiKey = None) -> JSONResponse:
        caller = org_caller(request, await organisation(authorization, x_api_key))
        payload = await _json_object(request, "plan.create")
        return await run(request, caller, 201, lambda conn: commands.create_plan(conn, payload, caller))

    @app.get("/v1/plans", tags=[ORG_TAG], summary="The organisation's plans", responses=ERRORS)
    async def my_plans(authorization: Authorization = None, x_api_key: ApiKey = None) -> list[dict[str, Any]]:
        organisation_id = await organisation(authorization, x_api_key)
        return await read(lambda conn: queries.list_plans(conn, organisation_id=organisation_id))

    @app.get("/v1/plans/{plan_id}", tags=[ORG_TAG], summary="One of the organisation's plans", responses=ERRORS)
    async def my_plan(plan_id: PlanId, authorization: Authorization = None,
                      x_api_key: ApiKey = None) -> dict[str, Any]:
        organisation_id = await organisation(authorization, x_api_key)
        return await read(lambda conn: queries.get_plan(conn, plan_id, organisation_id=organisation_id))

    @app.get("/v1/plans/{plan_id}/progress", tags=[ORG_TAG], summary="Milestones: current value vs target",
             responses=ERRORS)
    async def my_progress(plan_id: PlanId, authorization: Authorization = None,
                          x_api_key: ApiKey = None) -> dict[str, Any]:
        organisation_id = await organisation(authorization, x_api_key)
        return await read(lambda conn: queries.plan_progress(conn, plan_id, organisation_id=organisation_id))

    @app.post("/v1/plans/{plan_id}/amendments", tags=[ORG_TAG], status_code=201,
              summary="Propose an amendment (the buyer accepts it)", openapi_extra=schemas.body(schemas.AmendmentIn),
              responses=ERRORS)
    async def propose_amendment(plan_id: PlanId, request: Request, authorization: Authorization = None,
                                x_api_key: ApiKey = None) -> JSONResponse:
        caller = org_caller(request, await organisation(authorization, x_api_key))
        payload = await _json_object(request, "plan.amend")
        return await run(request, caller, 201,
                         lambda conn: commands.propose_amendment(conn, plan_id, payload, caller))

    @app.get("/v1/plans/{plan_id}/amendments", tags=[ORG_TAG], summary="Amendments of the plan", responses=ERRORS)
    async def my_amendments(plan_id: PlanId, authorization: Authorization = None,
                            x_api_key: ApiKey = None) -> list[dict[str, Any]]:
        organisation_id = await organisation(authorization, x_api_key)
        return await read(lambda conn: queries.amendments(conn, plan_id, organisation_id=organisation_id))

    @app.get("/v1/plans/{plan_id}/dropout-action-plans/{year}", tags=[ORG_TAG],
             summary="The year's dropout profile and actions, with earlier actions still open", responses=ERRORS)
    async def my_action_plan(plan_id: PlanId, year: int, authorization: Authorization = None,
                             x_api_key: ApiKey = None,
                             scope: Literal["organisation", "lot"] = "organisation") -> dict[str, Any]:
        organisation_id = await organisation(authorization, x_api_key)
        return await read(lambda conn: queries.dropout_action_plan(
            conn, plan_id, year, scope=scope, organisation_id=organisation_id))

    @app.post("/v1/plans/{plan_id}/dropout-actions", tags=[ORG_TAG], status_code=201,
              summary="Record an action against a dropout reason", openapi_extra=schemas.body(schemas.ActionIn),
              responses=ERRORS)
    async def record_action(plan_id: PlanId, request: Request, authorization: Authorization = None,
                            x_api_key: ApiKey = None) -> JSONResponse:
        caller = org_caller(request, await organisation(authorization, x_api_key))
        payload = await _json_object(request, "dropout_action.record")
        return await run(request, caller, 201, lambda conn: commands.record_action(conn, plan_id, payload, caller))

    @app.post("/v1/plans/{plan_id}/dropout-actions/{action_id}/status", tags=[ORG_TAG],
              summary="Follow an action: planned → in_progress → done, or dropped",
              openapi_extra=schemas.body(schemas.ActionStatusIn), responses=ERRORS)
    async def change_action(plan_id: PlanId, action_id: str, request: Request, authorization: Authorization = None,
                            x_api_key: ApiKey = None) -> JSONResponse:
        caller = org_caller(request, await organisation(authorization, x_api_key))
        payload = await _json_object(request, "dropout_action.status")
        return await run(request, caller, 200,
                         lambda conn: commands.change_action(conn, plan_id, action_id, payload, caller))

    # --- back-office ------------------------------------------------------------------------------

    @app.get("/plans", tags=[BO_TAG], summary="Plans, optionally of one organisation or lot", responses=ERRORS)
    async def plans(authorization: Authorization = None, organisation_id: str | None = None,
                    lot_id: str | None = None) -> list[dict[str, Any]]:
        staff(authorization, READERS)
        return await read(lambda conn: queries.list_plans(conn, organisation_id=organisation_id, lot_id=lot_id))

    @app.get("/plans/{plan_id}", tags=[BO_TAG], summary="A plan", responses=ERRORS)
    async def plan(plan_id: PlanId, authorization: Authorization = None) -> dict[str, Any]:
        staff(authorization, READERS)
        return await read(lambda conn: queries.get_plan(conn, plan_id))

    @app.get("/plans/{plan_id}/progress", tags=[BO_TAG], summary="Milestones: current value vs target",
             responses=ERRORS)
    async def plan_progress(plan_id: PlanId, authorization: Authorization = None) -> dict[str, Any]:
        staff(authorization, READERS)
        return await read(lambda conn: queries.plan_progress(conn, plan_id))

    @app.get("/plans/{plan_id}/amendments", tags=[BO_TAG], summary="Amendments of a plan", responses=ERRORS)
    async def plan_amendments(plan_id: PlanId, authorization: Authorization = None) -> list[dict[str, Any]]:
        staff(authorization, READERS)
        return await read(lambda conn: queries.amendments(conn, plan_id))

    @app.post("/plans/{plan_id}/amendments/{number}/accept", tags=[BO_TAG], summary="Accept an amendment",
              openapi_extra=schemas.body(schemas.CommentIn, required=False), responses=ERRORS)
    async def accept_amendment(plan_id: PlanId, number: int, request: Request,
                               authorization: Authorization = None) -> JSONResponse:
        caller = staff_caller(request, staff(authorization, BUYER), "buyer")
        payload = await _json_object(request, "plan.amendment.accept", optional=True)
        return await run(request, caller, 200,
                         lambda conn: commands.accept_amendment(conn, plan_id, number, payload, caller))

    @app.post("/plans/{plan_id}/amendments/{number}/reject", tags=[BO_TAG], summary="Reject an amendment",
              openapi_extra=schemas.body(schemas.CommentIn, required=False), responses=ERRORS)
    async def reject_amendment(plan_id: PlanId, number: int, request: Request,
                               authorization: Authorization = None) -> JSONResponse:
        caller = staff_caller(request, staff(authorization, BUYER), "buyer")
        payload = await _json_object(request, "plan.amendment.reject", optional=True)
        return await run(request, caller, 200,
                         lambda conn: commands.reject_amendment(conn, plan_id, number, payload, caller))

    @app.get("/milestones", tags=[BO_TAG], summary="Every milestone's status (report shape: id → status)",
             responses=ERRORS)
    async def milestones(authorization: Authorization = None) -> dict[str, str]:
        staff(authorization, READERS)
        return await read(queries.milestone_statuses)

    @app.get("/milestones/{milestone_id}", tags=[BO_TAG], summary="A milestone with its audit trail",
             responses=ERRORS)
    async def milestone(milestone_id: str, authorization: Authorization = None) -> dict[str, Any]:
        staff(authorization, READERS)
        return await read(lambda conn: queries.milestone_detail(conn, milestone_id))

    @app.post("/milestones/{milestone_id}/validate", tags=[BO_TAG],
              summary="Validate a planned milestone: achieved on the date",
              openapi_extra=schemas.body(schemas.DecisionIn), responses=ERRORS)
    async def validate(milestone_id: str, request: Request, authorization: Authorization = None) -> JSONResponse:
        caller = staff_caller(request, staff(authorization, BUYER), "buyer")
        payload = await _json_object(request, "milestone.validate")
        return await run(request, caller, 200,
                         lambda conn: commands.decide_milestone(conn, milestone_id, payload, caller, waive=False))

    @app.post("/milestones/{milestone_id}/waive", tags=[BO_TAG], summary="Waive a planned milestone",
              openapi_extra=schemas.body(schemas.DecisionIn), responses=ERRORS)
    async def waive(milestone_id: str, request: Request, authorization: Authorization = None) -> JSONResponse:
        caller = staff_caller(request, staff(authorization, BUYER), "buyer")
        payload = await _json_object(request, "milestone.waive")
        return await run(request, caller, 200,
                         lambda conn: commands.decide_milestone(conn, milestone_id, payload, caller, waive=True))

    @app.get("/evaluations/{period}", tags=[BO_TAG], summary="Decisions of a period closing", responses=ERRORS)
    async def period_evaluation(period: str, authorization: Authorization = None) -> dict[str, Any]:
        staff(authorization, READERS)
        return await read(lambda conn: queries.evaluation(conn, period))

    @app.get("/plans/{plan_id}/dropout-action-plans/{year}", tags=[BO_TAG],
             summary="The year's dropout profile and actions, with earlier actions still open", responses=ERRORS)
    async def action_plan(plan_id: PlanId, year: int, authorization: Authorization = None,
                          scope: Literal["organisation", "lot"] = "organisation") -> dict[str, Any]:
        staff(authorization, READERS)
        return await read(lambda conn: queries.dropout_action_plan(conn, plan_id, year, scope=scope))

    @app.get("/dropout-action-plans/export", tags=[BO_TAG],
             summary="The year's actions of every plan, for the annual steering committee (CSV or JSON)",
             responses={200: {"content": {"text/csv": {}, "application/json": {}}}, **ERRORS})
    async def export(year: int, authorization: Authorization = None,
                     fmt: Annotated[Literal["csv", "json"], Query(alias="format")] = "csv") -> Response:
        staff(authorization, READERS)
        text: str = await read(lambda conn: queries.export_actions(conn, year, fmt))
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
        return Response(text.encode(), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="dropout-actions-{year}.{fmt}"'})

    return app
