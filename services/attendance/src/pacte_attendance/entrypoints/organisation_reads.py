"""The integration API's reads (`/v1`, the organisation's API key): its sessions with their planned
days, the declarations of one of them, a trainee looked up by the organisation's own id, and its
refusal log. A session that is absent and one of another organisation get the same 404."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from pacte_attendance.adapters.organisation_reads import KINDS
from pacte_attendance.service_layer import organisation_reads
from pacte_contracts.types import Id
from pacte_platform.http import PROBLEM_SCHEMA, Problem
from pacte_platform.paging import Cursor, Limit, page_body, page_body_of

from .dependencies import AUTH_ERRORS, Handlers, Organisation

router = APIRouter(tags=["integration"], responses={**AUTH_ERRORS, 404: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA})

Kind = Literal["open_day", "trainer_hours", "enrolment", "attendance", "satisfaction", "outcome"]
assert set(Kind.__args__) == set(KINDS)  # type: ignore[attr-defined]


class SessionOut(BaseModel):
    session_id: str
    order_id: str | None
    lot_id: str | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    planned_days: list[dt.date]
    hours_per_day: str | None
    capacity: int | None
    cancelled: bool
    revision: int
    trainees: int = Field(description="trainees enrolled (cancelled enrolments excluded)")


class SessionPage(BaseModel):
    items: list[SessionOut]
    next_cursor: str | None


class DeclarationOut(BaseModel):
    session_id: str
    kind: Kind
    trainee: str | None = Field(description="the trainee's pseudonym (as in every answer)")
    trainer_id: str | None
    date: dt.date | None = Field(description="the day declared; the enrolment date; an outcome's observation date")
    revision: int = Field(description="grows with each correction of the same business key")
    withdrawn: bool = Field(description="withdrawn, or a cancelled enrolment (a tombstone: kept, counts for nothing)")
    value: dict[str, Any]
    declared_at: dt.datetime


class DeclarationPage(BaseModel):
    items: list[DeclarationOut]
    next_cursor: str | None


class TraineeLookup(BaseModel):
    model_config = ConfigDict(extra="forbid")
    trainee_id: Id = Field(description="the organisation's own trainee id, as sent in its declarations")


class TraineeOut(BaseModel):
    trainee: str = Field(description="the trainee's pseudonym: how answers, invoices' facts and events name it")
    declarations: list[DeclarationOut]


class RefusalOut(BaseModel):
    refusal_id: int
    refused_at: dt.datetime
    command: str
    channel: Literal["record", "batch", "sheet"]
    session_id: str | None
    business_date: dt.date | None
    position: int | None = Field(description="the record's index in a batch (from 0), its line in a sheet")
    reason: str
    detail: str
    correlation_id: str | None = Field(description="the request's X-Correlation-Id (send your own to find it)")


class RefusalPage(BaseModel):
    items: list[RefusalOut]
    next_cursor: str | None


@router.get("/v1/sessions", response_model=SessionPage, operation_id="list_my_sessions",
            summary="The calling organisation's sessions (of the lots it holds) with their planned days")
async def get_my_sessions(caller: Organisation, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None,
                          order_id: str | None = None, lot_id: str | None = None, cancelled: bool | None = None
                          ) -> Any:
    return await page_body(organisation_reads.sessions(ctx, caller.subject, order_id=order_id, lot_id=lot_id,
                                                       cancelled=cancelled, cursor=cursor, limit=limit))


@router.get("/v1/sessions/{session_id}/declarations", response_model=DeclarationPage,
            operation_id="list_my_declarations",
            summary="Every declaration of one of its sessions: each business key's current revision",
            description="Withdrawn open days, cancelled enrolments and what they withdrew are listed as tombstones "
                        "(`withdrawn`), so a connector mirrors corrections too. Filter by `kind` and by `trainee` "
                        "(a pseudonym). Ordered by kind, subject and date.")
async def get_my_declarations(session_id: str, caller: Organisation, ctx: Handlers, limit: Limit = 100,
                              cursor: Cursor = None, kind: Kind | None = None,
                              trainee: str | None = Query(default=None, max_length=200)) -> Any:
    body = await page_body_of(organisation_reads.declarations(ctx, caller.subject, session_id, kind=kind,
                                                              trainee=trainee, cursor=cursor, limit=limit))
    if body is None:
        raise Problem(404, "not_found", f"unknown session {session_id!r}")
    return body


@router.post("/v1/trainee-lookups", response_model=TraineeOut, operation_id="look_up_trainee",
             summary="Everything declared for one trainee, found by the organisation's own trainee id",
             description="A read sent as POST so that the trainee id travels in the body, never in a URL (URLs end "
                         "up in access logs and proxies). The id is turned into its keyed lookup (HMAC) and never "
                         "stored; a trainee the organisation never enrolled, or forgotten, is a 404.")
async def post_trainee_lookup(lookup: TraineeLookup, caller: Organisation, ctx: Handlers) -> Any:
    found = await organisation_reads.trainee(ctx, caller.subject, lookup.trainee_id)
    if found is None:
        raise Problem(404, "not_found", "no trainee with this id among the organisation's enrolments")
    return found


@router.get("/v1/refusals", response_model=RefusalPage, operation_id="list_my_refusals",
            summary="Its refusal log: every record it sent that was refused, with reason and time (13 months)",
            description="One entry per refused record, whatever the path (one record, `/v1/batch`, a sheet; a sheet "
                        "refused as a whole is one entry of command `attendance.sheet`). No personal data: the trainee "
                        "is not recorded. Oldest first; keep `next_cursor` to read only what is new next time.")
async def get_my_refusals(caller: Organisation, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None,
                          session_id: str | None = None, command: str | None = None, reason: str | None = None,
                          since: dt.datetime | None = None) -> Any:
    return await page_body(organisation_reads.refusals(ctx, caller.subject, session_id=session_id, command=command,
                                                       reason=reason, since=since, cursor=cursor, limit=limit))
