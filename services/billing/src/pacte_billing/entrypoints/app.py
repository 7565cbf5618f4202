"""Billing's HTTP faces (back-office and the organisations' `/v1/invoices`) and its runtime."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
from fastapi import FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse

from pacte_billing.adapters import invoices as repo
from pacte_billing.adapters import ledger
from pacte_billing.domain.periods import is_period
from pacte_billing.entrypoints import schemas, what_if
from pacte_billing.entrypoints.consumers import consumer_specs, facts_consumer
from pacte_billing.service_layer import closing, invoices
from pacte_billing.settings import billing_settings
from pacte_contracts.billing import closing_cut_id
from pacte_contracts.envelope import Event
from pacte_platform import cuts, http, orgauth, outbox
from pacte_platform.auth import BackOfficeUser
from pacte_platform.http import PROBLEM_SCHEMA, Problem, refusal
from pacte_platform.runtime import ServiceRuntime
from pacte_platform.settings import PlatformSettings

SERVICE = "billing"
MIGRATIONS = Path(__file__).resolve().parents[3] / "migrations"
READ_ROLES = ("buyer", "finance", "steering", "auditor")
FINANCE = "finance"

_KIND_FACTS = {"trainee_hour": "attendance", "trainer_hour": "trainer_hours", "opening_day": "open_day",
               "return_to_work": "outcome", "milestone": "milestone"}

ERRORS: dict[int | str, dict[str, Any]] = {401: PROBLEM_SCHEMA, 403: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA,
                                           409: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA}


def build_runtime(settings: PlatformSettings | None = None) -> ServiceRuntime:
    config = billing_settings(settings)
    return ServiceRuntime(
        service=SERVICE, migrations_dir=MIGRATIONS, consumers=consumer_specs(config.consumer_group_prefix),
        settings=config, title="pacte billing",
        description="Billable-facts ledger, period closings, invoices, ceilings, payments and running accrual.",
        openapi_tags=[{"name": "periods"}, {"name": "invoices"}, {"name": "orders"}, {"name": "budget"},
                      {"name": "organisations"}],
    )


def _period(value: str) -> str:
    if not is_period(value):
        raise refusal("invalid", f"a period is YYYY-MM, got {value!r}")
    return value


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    secret = runtime.settings.auth_secret

    def back_office(authorization: str | None, *roles: str) -> BackOfficeUser:
        return http.back_office_user(secret, authorization, *roles)

    async def write(request: Request, user: BackOfficeUser, action: str, entity: str, entity_id: str,
                    command: Callable[[asyncpg.Connection], Awaitable[tuple[int, dict[str, Any], list[Event]]]],
                    ) -> JSONResponse:
        """One transaction: the command, its audit row and its events in the outbox; replayable by key."""

        async def run() -> tuple[int, Any]:
            async with runtime.db().acquire() as conn, conn.transaction():
                status, body, emitted = await command(conn)
                if emitted:
                    await http.audit(conn, actor=user.subject, role=",".join(sorted(user.roles)), action=action,
                                     entity=entity, entity_id=entity_id, after=body,
                                     correlation_id=request.state.correlation_id)
                    await outbox.append(conn, emitted, producer=SERVICE, correlation_id=request.state.correlation_id)
            return status, body

        return await http.idempotent(runtime.db(), request, f"bo:{user.subject}", run)

    # --- periods --------------------------------------------------------------------------

    @app.post("/periods/{period}/close", tags=["periods"], status_code=202, response_model=schemas.ClosingOut,
              summary="Close a billing period (finance)",
              responses={200: {"model": schemas.ClosingOut, "description": "already closed: nothing changes"},
                         **ERRORS})
    async def close_period(period: str, request: Request,
                           authorization: str | None = Header(default=None)) -> JSONResponse:
        user = back_office(authorization, FINANCE)
        period = _period(period)

        async def command(conn: asyncpg.Connection) -> tuple[int, dict[str, Any], list[Event]]:
            return await closing.request_closing(conn, period, user.subject)

        return await write(request, user, "period.close", "period", period, command)

    @app.get("/periods/{period}", tags=["periods"], response_model=schemas.ClosingOut, responses=ERRORS,
             summary="A period's closing status")
    async def get_period(period: str, authorization: str | None = Header(default=None)) -> dict[str, Any]:
        back_office(authorization, *READ_ROLES)
        period = _period(period)
        facts = facts_consumer(billing_settings(runtime.settings).consumer_group_prefix)
        async with runtime.db().acquire() as conn:
            cut = await cuts.progress_of(conn, facts, closing_cut_id(period))
            return closing.closing_view(await repo.closing(conn, period), period, cut)

    # --- invoices -------------------------------------------------------------------------

    @app.get("/invoices", tags=["invoices"], response_model=list[schemas.InvoiceReportOut], responses=ERRORS,
             summary="Every invoice, report shape, sorted by (order_id, period, version)")
    async def list_invoices(authorization: str | None = Header(default=None)) -> list[dict[str, Any]]:
        back_office(authorization, *READ_ROLES)
        async with runtime.db().acquire() as conn:
            return [invoices.report_view(i) for i in await repo.load_invoices(conn)]

    @app.get("/invoices/{invoice_id}", tags=["invoices"], response_model=schemas.InvoiceOut, responses=ERRORS)
    async def get_invoice(invoice_id: str, authorization: str | None = Header(default=None)) -> dict[str, Any]:
        back_office(authorization, *READ_ROLES)
        async with runtime.db().acquire() as conn:
            found = await repo.load_invoices(conn, invoice_id=invoice_id)
        if not found:
            raise Problem(404, "not_found", f"no invoice {invoice_id}")
        return invoices.detailed_view(found[0])

    @app.get("/invoices/{invoice_id}/lines/{n}/facts", tags=["invoices"], response_model=schemas.LineFactsOut,
             responses=ERRORS, summary="The ledger rows (fact versions) behind one invoice line")
    async def line_facts(invoice_id: str, n: int, after: int = Query(default=0, ge=0),
                         limit: int = Query(default=1000, ge=1, le=10000),
                         authorization: str | None = Header(default=None)) -> dict[str, Any]:
        back_office(authorization, *READ_ROLES)
        async with runtime.db().acquire() as conn:
            found = await repo.load_invoices(conn, invoice_id=invoice_id)
            if not found or not 1 <= n <= len(found[0].lines):
                raise Problem(404, "not_found", f"no line {n} on invoice {invoice_id}")
            invoice, line = found[0], found[0].lines[n - 1]
            previous = await repo.previous_watermark(conn, invoice)
            facts = await ledger.facts_behind(
                conn, order_id=invoice.order_id, fact_type=_KIND_FACTS[str(line.kind)],
                origin_period=line.origin_period, ref=line.ref, upto=invoice.fact_watermark, after_fact_id=after,
                limit=limit)
        for fact in facts:
            fact["new_on_this_invoice"] = previous is None or fact["fact_id"] > previous
        return {"invoice_id": invoice_id, "n": n, "kind": str(line.kind), "origin_period": line.origin_period,
                "ref": line.ref, "facts": facts, "next_after": facts[-1]["fact_id"] if len(facts) == limit else None}

    def _lifecycle_route(verb: str, command: Callable[..., Awaitable[tuple[repo.StoredInvoice, list[Event]]]]) -> None:
        async def route(order_id: str, period: str, request: Request,
                        authorization: str | None = Header(default=None)) -> JSONResponse:
            user = back_office(authorization, FINANCE)
            period = _period(period)

            async def run(conn: asyncpg.Connection) -> tuple[int, dict[str, Any], list[Event]]:
                invoice, emitted = await command(conn, order_id, period)
                refreshed = await repo.load_invoices(conn, invoice_id=invoice.invoice_id)
                stored = refreshed[0]
                return 200, {"invoice_id": stored.invoice_id, "order_id": stored.order_id, "period": stored.period,
                             "version": stored.version, "status": stored.status,
                             "payable_cents": stored.payable_cents}, emitted

            return await write(request, user, f"invoice.{verb}", "invoice", f"{order_id}/{period}", run)

        app.post(f"/orders/{{order_id}}/invoices/{{period}}/{verb}", tags=["invoices"],
                 response_model=schemas.InvoiceStatusOut, responses=ERRORS,
                 summary=f"{verb.capitalize()} the latest version of an order's invoice for a period (finance)",
                 name=f"{verb}_invoice")(route)

    _lifecycle_route("approve", invoices.approve)
    _lifecycle_route("pay", invoices.pay)

    @app.post("/orders/{order_id}/invoices/{period}/reissue", tags=["invoices"], status_code=201,
              response_model=schemas.InvoiceOut, responses=ERRORS,
              summary="Re-issue a disputed invoice as a new version from the facts known now (finance)")
    async def reissue_invoice(order_id: str, period: str, request: Request,
                              authorization: str | None = Header(default=None)) -> JSONResponse:
        user = back_office(authorization, FINANCE)
        period = _period(period)

        async def run(conn: asyncpg.Connection) -> tuple[int, dict[str, Any], list[Event]]:
            drafted, emitted = await invoices.reissue(conn, order_id, period)
            stored = await repo.load_invoices(conn, invoice_id=drafted.invoice.invoice_id)
            return 201, invoices.detailed_view(stored[0]), emitted

        return await write(request, user, "invoice.reissue", "invoice", f"{order_id}/{period}", run)

    # --- orders and budget ----------------------------------------------------------------

    @app.get("/orders/{order_id}/accrual", tags=["orders"], response_model=schemas.AccrualOut, responses=ERRORS,
             summary="Billable from every fact known now minus invoiced, before the ceiling")
    async def get_accrual(order_id: str, authorization: str | None = Header(default=None)) -> dict[str, Any]:
        back_office(authorization, *READ_ROLES)
        async with runtime.db().acquire() as conn:
            if not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM orders WHERE order_id = $1)", order_id):
                raise Problem(404, "not_found", f"no order {order_id}")
            value, sequence = (await repo.accruals(conn, [order_id])).get(order_id, (0, None))
        return {"order_id": order_id, "accrued_cents": value, "sequence": sequence}

    @app.get("/budget/tenders", tags=["budget"], response_model=dict[str, schemas.TenderBudgetOut],
             responses=ERRORS, summary="Committed, invoiced (payable) and paid per tender")
    async def get_budget_per_tender(authorization: str | None = Header(default=None)) -> dict[str, Any]:
        back_office(authorization, *READ_ROLES)
        async with runtime.db().acquire() as conn:
            rows = await repo.budget_rows(conn)
        return {r["tender_id"]: {"axis": r["axis"], "committed_cents": int(r["committed_cents"]),
                                 "payable_cents": int(r["payable_cents"]), "paid_cents": int(r["paid_cents"])}
                for r in rows}

    # --- organisations (integration API) --------------------------------------------------

    async def organisation(conn: asyncpg.Connection, authorization: str | None, x_api_key: str | None) -> str:
        return await orgauth.authenticate_organisation(conn, orgauth.api_key_from_headers(authorization, x_api_key))

    @app.get("/v1/invoices", tags=["organisations"], response_model=list[schemas.OrganisationInvoiceOut],
             responses=ERRORS, summary="The calling organisation's invoices (orders it holds)")
    async def my_invoices(authorization: str | None = Header(default=None),
                          x_api_key: str | None = Header(default=None)) -> list[dict[str, Any]]:
        async with runtime.db().acquire() as conn:
            organisation_id = await organisation(conn, authorization, x_api_key)
            found = await repo.load_invoices(conn, holder=organisation_id)
        return [{"invoice_id": i.invoice_id, **invoices.report_view(i)} for i in found]

    @app.post("/v1/invoices/{invoice_id}/dispute", tags=["organisations"], response_model=schemas.InvoiceStatusOut,
              responses=ERRORS, summary="Dispute one of the organisation's own invoices, with a reason")
    async def dispute_invoice(invoice_id: str, body: schemas.DisputeIn, request: Request,
                              authorization: str | None = Header(default=None),
                              x_api_key: str | None = Header(default=None)) -> JSONResponse:
        async with runtime.db().acquire() as conn:
            organisation_id = await organisation(conn, authorization, x_api_key)

        async def run() -> tuple[int, Any]:
            async with runtime.db().acquire() as conn, conn.transaction():
                invoice, emitted = await invoices.dispute(conn, invoice_id, organisation_id, body.reason)
                after = {"status": "disputed"}
                await http.audit(conn, actor=organisation_id, role="organisation", action="invoice.dispute",
                                 entity="invoice", entity_id=invoice_id, before={"status": invoice.status},
                                 after=after, correlation_id=request.state.correlation_id)
                await outbox.append(conn, emitted, producer=SERVICE, correlation_id=request.state.correlation_id)
            return 200, {"invoice_id": invoice.invoice_id, "order_id": invoice.order_id, "period": invoice.period,
                         "version": invoice.version, "status": "disputed", "payable_cents": invoice.payable_cents}

        return await http.idempotent(runtime.db(), request, f"org:{organisation_id}", run)

    app.include_router(what_if.router)
    return app
