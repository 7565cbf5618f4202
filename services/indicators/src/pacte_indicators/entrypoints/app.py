"""The indicators service: facts consumers, snapshot answers, back-office reads and business metrics."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from pacte_contracts import topics
from pacte_indicators.adapters import facts
from pacte_indicators.adapters.prometheus import collector
from pacte_indicators.service_layer import readings
from pacte_indicators.service_layer.metrics_refresh import MetricsRefresher
from pacte_indicators.service_layer.projection import PROJECTED_EVENTS, project_facts
from pacte_indicators.service_layer.public_counts import PublicCountsPublisher
from pacte_platform import db
from pacte_platform.auth import BACK_OFFICE_ROLES, BackOfficeUser
from pacte_platform.http import PROBLEM_SCHEMA, Problem, back_office_user
from pacte_platform.runtime import ConsumerSpec, ServiceRuntime
from pacte_platform.settings import PlatformSettings

SERVICE = "indicators"
DEFAULT_PORT = 8005
MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"

FACTS_GROUP = "indicators-facts"
FACT_TOPICS = (
    topics.PROCUREMENT_TENDER, topics.PROCUREMENT_LOT, topics.PROCUREMENT_ORDER, topics.PROCUREMENT_SESSION,
    topics.PROCUREMENT_REFERENCE, topics.ATTENDANCE_SESSION, topics.BILLING_INVOICE, topics.BILLING_ACCRUAL,
)


class IndicatorsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    #: Least time between two recomputations of the business metrics.
    metrics_refresh_s: float = Field(default=5.0, alias="INDICATORS_METRICS_REFRESH_S")
    #: Least time between two sends of the public scopes' counts to the open-data service.
    public_counts_s: float = Field(default=10.0, alias="INDICATORS_PUBLIC_COUNTS_S")


@dataclass
class IndicatorsRuntime(ServiceRuntime):
    """The platform runtime plus the tasks that keep business metrics and public counts current."""

    metrics_refresh_s: float = 5.0
    public_counts_s: float = 10.0
    refresher: MetricsRefresher | None = None
    _refresh_task: asyncio.Task[None] | None = field(default=None, repr=False)
    _public_task: asyncio.Task[None] | None = field(default=None, repr=False)

    async def start(self) -> None:
        await super().start()
        self.refresher = MetricsRefresher(self.db(), collector(), min_interval_s=self.metrics_refresh_s,
                                          connect=lambda: db.connect(self.settings.database_url, self.schema))
        self._refresh_task = asyncio.create_task(self.refresher.run(), name=f"{self.service}-metrics")
        publisher = PublicCountsPublisher(self.db(), service=self.service, min_interval_s=self.public_counts_s)
        self._public_task = asyncio.create_task(publisher.run(), name=f"{self.service}-public-counts")

    async def stop(self) -> None:
        for task in (self._refresh_task, self._public_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
        self._refresh_task = self._public_task = None
        await super().stop()


def build_runtime(settings: PlatformSettings | None = None) -> ServiceRuntime:
    settings = settings or PlatformSettings()
    config = IndicatorsSettings()
    return IndicatorsRuntime(
        service=SERVICE,
        migrations_dir=MIGRATIONS_DIR,
        consumers=[
            # Takes part in closings' consistent cuts: the milestone snapshot is taken on the cut.
            ConsumerSpec(FACTS_GROUP, FACT_TOPICS, project_facts, PROJECTED_EVENTS, on_cut=readings.on_closing_cut),
        ],
        settings=settings,
        title="pacte indicators",
        description=(
            "Indicators of INDICATORS.md for every scope (programme, axis, tender, lot, organisation, territory, "
            "domain, action type), as of now or as of a date, with the counts behind each rate; the budget by axis; "
            "snapshots answering period closings. Business metrics are on /metrics."
        ),
        openapi_tags=[
            {"name": "indicators", "description": "Indicators per scope (back-office, any role)."},
            {"name": "budget", "description": "Committed, payable and paid money per axis."},
            {"name": "snapshots", "description": "Readings sent to milestone evaluation at period closings."},
        ],
        metrics_refresh_s=config.metrics_refresh_s,
        public_counts_s=config.public_counts_s,
    )


_PROBLEMS: dict[int | str, dict[str, Any]] = {401: PROBLEM_SCHEMA, 403: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA}
_SCOPE_DOC = ("`programme`, or `<type>:<id>` with type axis, tender, lot, organisation, territory, domain or "
              "action_type")

AsOf = Annotated[
    date | None,
    Query(description="Count only facts whose business date is on or before this day (YYYY-MM-DD)."),
]


def _reader(request: Request, authorization: Annotated[str | None, Header()] = None) -> BackOfficeUser:
    """Any back-office role may read indicators (auditors included: reads change nothing)."""
    return back_office_user(request.app.state.auth_secret, authorization, *BACK_OFFICE_ROLES)


Reader = Annotated[BackOfficeUser, Depends(_reader)]


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    app.state.auth_secret = runtime.settings.auth_secret

    @app.get("/indicators", tags=["indicators"], summary="Every scope's indicators (report shape)",
             responses=_PROBLEMS)
    async def get_indicators(user: Reader, as_of: AsOf = None) -> dict[str, dict[str, Any]]:
        async with runtime.db().acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            return await readings.report(conn, as_of)

    @app.get("/indicators/{scope}", tags=["indicators"], summary="One scope's indicators, optionally explained",
             responses={**_PROBLEMS, 404: PROBLEM_SCHEMA})
    async def get_scope(
        user: Reader,
        scope: Annotated[str, PathParam(description=_SCOPE_DOC)],
        as_of: AsOf = None,
        explain: Annotated[bool, Query(description="List the numerator and denominator of each rate.")] = False,
    ) -> dict[str, Any]:
        async with runtime.db().acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            detail = await readings.scope_detail(conn, scope, as_of, explain)
        if detail is None:
            raise Problem(404, "not_found", f"nothing belongs to scope {scope!r}")
        return detail

    @app.get("/budget", tags=["budget"], summary="Money per axis against the 50 / 43 / 7 % targets",
             responses=_PROBLEMS)
    async def get_budget(user: Reader) -> dict[str, dict[str, Any]]:
        async with runtime.db().acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            return await readings.budget(conn)

    @app.get("/snapshots/{period}", tags=["snapshots"], summary="The last snapshot sent for a period closing",
             responses={**_PROBLEMS, 404: PROBLEM_SCHEMA})
    async def get_snapshot(
        user: Reader, period: Annotated[str, PathParam(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")],
    ) -> dict[str, Any]:
        async with runtime.db().acquire() as conn:
            row = await facts.latest_snapshot(conn, period)
        if row is None:
            raise Problem(404, "not_found", f"no snapshot for period {period}")
        return {"period": row["period"], "as_of": row["as_of"].isoformat(), "taken_at": row["taken_at"].isoformat(),
                "scopes": row["scopes"], "explain": row["explain"]}

    return app
