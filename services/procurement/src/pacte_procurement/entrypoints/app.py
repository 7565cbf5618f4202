"""HTTP back-office API and Kafka consumers of the procurement service."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic.json_schema import models_json_schema
from pydantic_core import to_jsonable_python

from pacte_contracts.attendance import TraineeEvent
from pacte_contracts.codes import ActionType, Axis, Domain, RejectionReason, Territory
from pacte_contracts.topics import ATTENDANCE_SESSION
from pacte_platform.auth import BackOfficeUser
from pacte_platform.http import PROBLEM_SCHEMA, Problem, back_office_user, idempotent, refusal
from pacte_platform.runtime import ConsumerSpec, ServiceRuntime
from pacte_platform.settings import PlatformSettings
from pacte_procurement.adapters import queries
from pacte_procurement.domain.model import LotStatus, TenderStatus
from pacte_procurement.service_layer import handlers
from pacte_procurement.service_layer.handlers import Actor, Context, Refused

from . import schemas

SERVICE = "procurement"
DEFAULT_PORT = 8001
ENROLMENTS_CONSUMER = "procurement-enrolments"
WRITE_ROLES = ("buyer",)
READ_ROLES = ("buyer", "finance", "steering", "auditor")
PROGRAMME_TZ = ZoneInfo("Europe/Paris")

MIGRATIONS_DIR = Path(os.environ.get("PROCUREMENT_MIGRATIONS_DIR", Path(__file__).resolve().parents[3] / "migrations"))

TAGS = [
    {"name": "tenders", "description": "Tenders (draft → published → closed) and their budget"},
    {"name": "lots", "description": "Lots of a tender, awards to an organisation or a grouping"},
    {"name": "orders", "description": "Orders (bons de commande) committed against the tender's budget"},
    {"name": "sessions", "description": "Sessions of an order, and the 6-month rolling catalogue"},
    {"name": "organisations", "description": "Registry of training organisations"},
    {"name": "reference", "description": "Reference data: job-seeker counts per territory"},
    {"name": "audit", "description": "Append-only trail of every write"},
]


def programme_today() -> date:
    """The programme runs in metropolitan France; "today" is its civil date."""
    return datetime.now(PROGRAMME_TZ).date()


def build_runtime(settings: PlatformSettings | None = None) -> ServiceRuntime:
    if settings is None:
        settings = PlatformSettings()
        if "HTTP_PORT" not in os.environ:
            settings = settings.model_copy(update={"http_port": DEFAULT_PORT})
    return ServiceRuntime(
        service=SERVICE,
        migrations_dir=MIGRATIONS_DIR,
        consumers=[ConsumerSpec(ENROLMENTS_CONSUMER, [ATTENDANCE_SESSION], handlers.on_attendance_session_events,
                                [TraineeEvent])],
        settings=settings,
        title="pacte procurement",
        description="The buying side of the pact: tenders, lots, awards, organisations, orders against the "
                    "budget, sessions and the rolling catalogue. Errors are RFC 9457 problem+json with a stable "
                    "`code`; every POST honours `Idempotency-Key`; every write is audited (`GET /audit`).",
        openapi_tags=TAGS,
    )


_bearer = HTTPBearer(auto_error=False, description="Back-office token (`pacte token --role buyer`)")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page")]

def _reader(request: Request, credentials: Credentials) -> BackOfficeUser:
    header = f"Bearer {credentials.credentials}" if credentials else None
    return back_office_user(request.app.state.auth_secret, header, *READ_ROLES)


def _buyer(request: Request, credentials: Credentials) -> BackOfficeUser:
    header = f"Bearer {credentials.credentials}" if credentials else None
    return back_office_user(request.app.state.auth_secret, header, *WRITE_ROLES)


Reader = Annotated[BackOfficeUser, Depends(_reader)]
Buyer = Annotated[BackOfficeUser, Depends(_buyer)]

_ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM_SCHEMA for code in (401, 403, 422)}
_READ_ERRORS: dict[int | str, dict[str, Any]] = {**_ERRORS, 404: PROBLEM_SCHEMA}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {**_READ_ERRORS, 409: PROBLEM_SCHEMA}


def _body_doc(model: type[Any] | None, required: bool = True) -> dict[str, Any]:
    doc: dict[str, Any] = {"parameters": [{
        "name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"},
        "description": "Same key and body replay the first answer; the same key with another body is a 409"}]}
    if model is not None:
        doc["requestBody"] = {"required": required, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}
    return doc


async def _json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        raise Refused(RejectionReason.INVALID, "the body is not JSON") from exc
    if not isinstance(payload, dict):
        raise Refused(RejectionReason.INVALID, "the body must be a JSON object")
    return payload


def _jsonable(value: Any) -> Any:
    return to_jsonable_python(value)


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    app.state.today = programme_today
    app.state.auth_secret = runtime.settings.auth_secret

    def context() -> Context:
        return Context(runtime.db(), lambda: app.state.today())

    async def command(request: Request, user: BackOfficeUser, status: int,
                      run: Callable[[Context, dict[str, Any], Actor], Awaitable[tuple[int, Any]]]) -> JSONResponse:
        actor = Actor(user.subject, WRITE_ROLES[0], getattr(request.state, "correlation_id", None))

        async def action() -> tuple[int, Any]:
            # Refusals are stored under the Idempotency-Key too: a retry gets the same answer.
            try:
                code, result = await run(context(), await _json_object(request), actor)
                return code or status, _jsonable(result)
            except Refused as refused:
                problem = refusal(refused.reason.value, refused.detail)
                return problem.status, problem.body(request.url.path)

        return await idempotent(runtime.db(), request, user.subject, action)

    def found(value: dict[str, Any] | None, what: str) -> dict[str, Any]:
        if value is None:
            raise Problem(404, "not_found", f"unknown {what}")
        return value

    async def paged(fetch: Awaitable[queries.Page]) -> dict[str, Any]:
        try:
            return (await fetch).body()
        except queries.BadCursor as exc:
            raise Problem(422, "invalid", str(exc)) from exc

    # --- tenders ---------------------------------------------------------------------------------

    @app.post("/tenders", tags=["tenders"], status_code=201, summary="Publish a tender (tender.publish)",
              responses={201: {"model": schemas.TenderOut}, **_WRITE_ERRORS}, openapi_extra=_body_doc(schemas.TenderIn))
    async def post_tender(request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, body: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            return 201, await handlers.publish_tender(ctx, body, actor)
        return await command(request, user, 201, run)

    @app.post("/tenders/{tender_id}/close", tags=["tenders"], summary="Close a published tender",
              responses={200: {"model": schemas.TenderOut}, **_WRITE_ERRORS},
              openapi_extra=_body_doc(None))
    async def post_tender_close(tender_id: str, request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, _: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            return 200, await handlers.close_tender(ctx, tender_id, actor)
        return await command(request, user, 200, run)

    @app.get("/tenders", tags=["tenders"], summary="List tenders", response_model=schemas.TenderPage,
             responses=_ERRORS)
    async def get_tenders(_: Reader, limit: Limit = 100, cursor: Cursor = None, axis: Axis | None = None,
                          status: TenderStatus | None = None) -> Any:
        async with runtime.db().acquire() as conn:
            return await paged(queries.tenders(conn, axis=axis, status=status, cursor=cursor, limit=limit))

    @app.get("/tenders/{tender_id}", tags=["tenders"], summary="One tender with its committed budget",
             response_model=schemas.TenderOut, responses=_READ_ERRORS)
    async def get_tender(tender_id: str, _: Reader) -> Any:
        async with runtime.db().acquire() as conn:
            return found(await queries.tender(conn, tender_id), "tender")

    # --- lots ------------------------------------------------------------------------------------

    @app.post("/lots", tags=["lots"], status_code=201, summary="Define a lot (lot.define)",
              responses={201: {"model": schemas.LotOut}, **_WRITE_ERRORS}, openapi_extra=_body_doc(schemas.LotIn))
    async def post_lot(request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, body: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            return 201, await handlers.define_lot(ctx, body, actor)
        return await command(request, user, 201, run)

    @app.post("/lots/{lot_id}/award", tags=["lots"], summary="Award an open lot (lot.award)",
              responses={200: {"model": schemas.LotOut}, **_WRITE_ERRORS}, openapi_extra=_body_doc(schemas.AwardIn))
    async def post_award(lot_id: str, request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, body: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            return 200, await handlers.award_lot(ctx, lot_id, body, actor)
        return await command(request, user, 200, run)

    @app.post("/lots/{lot_id}/unsuccessful", tags=["lots"], summary="Declare an open lot unsuccessful",
              responses={200: {"model": schemas.LotOut}, **_WRITE_ERRORS},
              openapi_extra=_body_doc(schemas.LotRef, required=False))
    async def post_unsuccessful(lot_id: str, request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, body: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            return 200, await handlers.declare_unsuccessful(ctx, lot_id, body, actor)
        return await command(request, user, 200, run)

    @app.get("/lots", tags=["lots"], summary="List lots", response_model=schemas.LotPage, responses=_ERRORS)
    async def get_lots(_: Reader, limit: Limit = 100, cursor: Cursor = None, tender_id: str | None = None,
                       status: LotStatus | None = None, territory: Territory | None = None,
                       domain: Domain | None = None,
                       organisation_id: Annotated[str | None, Query(description="Holder or member")] = None) -> Any:
        async with runtime.db().acquire() as conn:
            return await paged(queries.lots(conn, tender_id=tender_id, status=status, territory=territory,
                                            domain=domain, holder_id=organisation_id, cursor=cursor, limit=limit))

    @app.get("/lots/{lot_id}", tags=["lots"], summary="One lot", response_model=schemas.LotOut,
             responses=_READ_ERRORS)
    async def get_lot(lot_id: str, _: Reader) -> Any:
        async with runtime.db().acquire() as conn:
            return found(await queries.lot(conn, lot_id), "lot")

    # --- orders ----------------------------------------------------------------------------------

    @app.post("/orders", tags=["orders"], status_code=201, summary="Place an order (order.place)",
              description="Commits `amount_cents` against the lot's tender budget. Refusals: `invalid`, then "
                          "`lot_not_awarded`, then `budget_exceeded`; a refused order changes nothing.",
              responses={201: {"model": schemas.OrderOut}, **_WRITE_ERRORS},
              openapi_extra=_body_doc(schemas.OrderIn))
    async def post_order(request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, body: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            return 201, await handlers.place_order(ctx, body, actor)
        return await command(request, user, 201, run)

    @app.get("/orders", tags=["orders"], summary="List orders", response_model=schemas.OrderPage,
             responses=_ERRORS)
    async def get_orders(_: Reader, limit: Limit = 100, cursor: Cursor = None, lot_id: str | None = None,
                         tender_id: str | None = None, holder_id: str | None = None) -> Any:
        async with runtime.db().acquire() as conn:
            return await paged(queries.orders(conn, lot_id=lot_id, tender_id=tender_id, holder_id=holder_id,
                                              cursor=cursor, limit=limit))

    @app.get("/orders/{order_id}", tags=["orders"], summary="One order, with the budget left on its tender",
             response_model=schemas.OrderOut, responses=_READ_ERRORS)
    async def get_order(order_id: str, _: Reader) -> Any:
        async with runtime.db().acquire() as conn:
            return found(await queries.order(conn, order_id), "order")

    @app.get("/budget", tags=["orders"], summary="Budget, committed and remaining money per tender",
             response_model=schemas.BudgetOut, responses=_ERRORS)
    async def get_budget(_: Reader) -> Any:
        async with runtime.db().acquire() as conn:
            return await queries.budget(conn)

    # --- sessions --------------------------------------------------------------------------------

    @app.post("/sessions", tags=["sessions"], status_code=201, summary="Schedule a session (session.schedule)",
              responses={201: {"model": schemas.SessionOut}, **_WRITE_ERRORS},
              openapi_extra=_body_doc(schemas.SessionIn))
    async def post_session(request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, body: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            return 201, await handlers.schedule_session(ctx, body, actor)
        return await command(request, user, 201, run)

    @app.post("/sessions/{session_id}/reschedule", tags=["sessions"], summary="Move a session before it starts",
              responses={200: {"model": schemas.SessionOut}, **_WRITE_ERRORS},
              openapi_extra=_body_doc(schemas.RescheduleIn))
    async def post_reschedule(session_id: str, request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, body: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            return 200, await handlers.reschedule_session(ctx, session_id, body, actor)
        return await command(request, user, 200, run)

    @app.post("/sessions/{session_id}/cancel", tags=["sessions"], summary="Cancel a session nobody entered",
              responses={200: {"model": schemas.SessionOut}, **_WRITE_ERRORS},
              openapi_extra=_body_doc(schemas.SessionRef, required=False))
    async def post_cancel(session_id: str, request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, body: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            return 200, await handlers.cancel_session(ctx, session_id, body, actor)
        return await command(request, user, 200, run)

    @app.get("/sessions", tags=["sessions"], summary="List sessions", response_model=schemas.SessionPage,
             responses=_ERRORS)
    async def get_sessions(_: Reader, limit: Limit = 100, cursor: Cursor = None, order_id: str | None = None,
                           lot_id: str | None = None, holder_id: str | None = None) -> Any:
        async with runtime.db().acquire() as conn:
            return await paged(queries.sessions(conn, order_id=order_id, lot_id=lot_id, holder_id=holder_id,
                                                today=app.state.today(), cursor=cursor, limit=limit))

    @app.get("/sessions/{session_id}", tags=["sessions"], summary="One session", response_model=schemas.SessionOut,
             responses=_READ_ERRORS)
    async def get_session(session_id: str, _: Reader) -> Any:
        async with runtime.db().acquire() as conn:
            return found(await queries.session(conn, session_id, app.state.today()), "session")

    @app.get("/catalogue", tags=["sessions"], summary="The rolling programme: sessions of the next 6 months",
             response_model=schemas.CataloguePage, response_model_by_alias=True, responses=_ERRORS)
    async def get_catalogue(
        _: Reader,
        start: Annotated[date | None, Query(alias="from", description="First start date (default today)")] = None,
        territory: Territory | None = None, domain: Domain | None = None, axis: Axis | None = None,
        action_type: ActionType | None = None, limit: Limit = 100, cursor: Cursor = None,
    ) -> Any:
        today = app.state.today()
        async with runtime.db().acquire() as conn:
            try:
                first, end, page = await queries.catalogue(
                    conn, start=start or today, territory=territory, domain=domain, axis=axis,
                    action_type=action_type, today=today, cursor=cursor, limit=limit)
            except queries.BadCursor as exc:
                raise Problem(422, "invalid", str(exc)) from exc
        return {"from": first, "until": end, **page.body()}

    # --- organisations, reference data, audit -----------------------------------------------------

    @app.post("/organisations", tags=["organisations"], status_code=201,
              summary="Register (201) or update (200) an organisation",
              responses={201: {"model": schemas.OrganisationOut}, 200: {"model": schemas.OrganisationOut},
                         **_WRITE_ERRORS},
              openapi_extra=_body_doc(schemas.OrganisationIn))
    async def post_organisation(request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, body: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            created, view = await handlers.register_organisation(ctx, body, actor)
            return (201 if created else 200), view
        return await command(request, user, 201, run)

    @app.get("/organisations", tags=["organisations"], summary="The registry",
             response_model=schemas.OrganisationPage, responses=_ERRORS)
    async def get_organisations(_: Reader, limit: Limit = 100, cursor: Cursor = None) -> Any:
        async with runtime.db().acquire() as conn:
            return await paged(queries.organisations(conn, cursor=cursor, limit=limit))

    @app.get("/organisations/{organisation_id}", tags=["organisations"], summary="One organisation",
             response_model=schemas.OrganisationOut, responses=_READ_ERRORS)
    async def get_organisation(organisation_id: str, _: Reader) -> Any:
        async with runtime.db().acquire() as conn:
            return found(await queries.organisation(conn, organisation_id), "organisation")

    @app.put("/reference/jobseekers/{territory}", tags=["reference"], summary="Set a territory's job-seeker count",
             responses={200: {"model": schemas.JobseekerOut}, **_WRITE_ERRORS},
             openapi_extra=_body_doc(schemas.JobseekersIn))
    async def put_jobseekers(territory: str, request: Request, user: Buyer) -> JSONResponse:
        async def run(ctx: Context, body: dict[str, Any], actor: Actor) -> tuple[int, Any]:
            return 200, await handlers.set_jobseekers(ctx, territory, body, actor)
        return await command(request, user, 200, run)

    @app.get("/reference/jobseekers", tags=["reference"], summary="Job-seeker counts per territory",
             response_model=list[schemas.JobseekerOut], responses=_ERRORS)
    async def get_jobseekers(_: Reader) -> Any:
        async with runtime.db().acquire() as conn:
            return await queries.jobseeker_counts(conn)

    @app.get("/audit", tags=["audit"], summary="Audit trail of writes (who, when, what, before/after)",
             response_model=schemas.AuditPage, responses=_ERRORS)
    async def get_audit(_: Reader, limit: Limit = 100, cursor: Cursor = None, entity: str | None = None,
                        entity_id: str | None = None, actor: str | None = None) -> Any:
        async with runtime.db().acquire() as conn:
            return await paged(queries.audit(conn, entity=entity, entity_id=entity_id, actor=actor,
                                             cursor=cursor, limit=limit))

    _document_request_bodies(app)
    return app


def _document_request_bodies(app: FastAPI) -> None:
    """Adds the request models (documentation only, see schemas.py) to the OpenAPI components."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            _, defs = models_json_schema([(m, "validation") for m in schemas.REQUEST_MODELS],
                                         ref_template="#/components/schemas/{model}")
            schema.setdefault("components", {}).setdefault("schemas", {}).update(defs.get("$defs", {}))
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
