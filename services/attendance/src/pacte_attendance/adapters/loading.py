"""Loading what a request's rules read: every key of the request (one record or a batch of
thousands) in one round trip per table. Withdrawn declarations come back as tombstones."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg

from pacte_attendance.domain import AcceptedAttendance, AcceptedOutcome, AcceptedSatisfaction, Profile
from pacte_attendance.domain.reads import Rows
from pacte_attendance.domain.state import Revised, State, StayKey, StayRecord, TrainerDayKey
from pacte_contracts.codes import (
    Absence,
    AgeBand,
    Certification,
    DropoutReason,
    OutcomeStatus,
    PriorityPublic,
    Qualification,
)

_ATTENDANCE = "session_id, trainee_key, day, hours_present, absence, revision"
_OUTCOMES = "session_id, trainee_key, months_after_exit, observed_on, status, revision"


def advisory_key(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


async def lock_advisory(conn: asyncpg.Connection, names: Iterable[str]) -> None:
    """Transaction-scoped locks, always taken in ascending key order so two requests never deadlock."""
    keys = sorted({advisory_key(n) for n in names})
    if keys:
        await conn.execute(
            "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest($1::bigint[]) AS k ORDER BY 1) AS ordered",
            keys)


def _columns(keys: Iterable[tuple[Any, ...]], width: int) -> list[list[Any]]:
    wanted = sorted(set(keys))
    return [[k[i] for k in wanted] for i in range(width)]


async def load(conn: asyncpg.Connection, rows: Rows, state: State) -> None:
    """Fills `state` (its sessions and pseudonyms already set) with the rows `rows` names."""
    state.stays = await _stays(conn, rows.stays)
    state.enrolled = await _enrolled(conn, rows.enrolled)
    state.open_days = await _open_days(conn, rows.open_days)
    state.trainer_days = await _trainer_days(conn, rows.trainer_days)
    state.attendance = await _attendance(conn, rows.attendance, rows.whole_stays)
    state.satisfaction = await _satisfaction(conn, rows.satisfaction | rows.whole_stays)
    state.outcomes = await _outcomes(conn, rows.outcomes, rows.whole_stays)
    if rows.closings:
        state.closed_through = await conn.fetchval("SELECT max(period) FROM period_closings")


def profile_of(stored: str | dict[str, Any]) -> Profile:
    data = json.loads(stored) if isinstance(stored, str) else stored
    return Profile(AgeBand(data["age_band"]), Qualification(data["qualification"]), data["jobseeker_registered"],
                   frozenset(PriorityPublic(p) for p in data["priority_publics"]))


async def _stays(conn: asyncpg.Connection, keys: set[StayKey]) -> dict[StayKey, StayRecord]:
    if not keys:
        return {}
    found = await conn.fetch(
        """SELECT s.* FROM stays s
           JOIN unnest($1::text[], $2::text[]) AS k(session_id, trainee_key) USING (session_id, trainee_key)""",
        *_columns(keys, 2))
    return {(r["session_id"], r["trainee_key"]): StayRecord(
        enrolled_on=r["enrolled_on"], status=r["status"], revision=r["revision"],
        profile=None if r["status"] == "cancelled" else profile_of(r["profile"]),
        exited_on=r["exited_on"], suspended_on=r["suspended_on"], suspensions=r["suspensions"],
        certification=r["certification"] and Certification(r["certification"]),
        dropout_reason=r["dropout_reason"] and DropoutReason(r["dropout_reason"]),
        person_key=r["person_key"]) for r in found}


async def _enrolled(conn: asyncpg.Connection, session_ids: set[str]) -> dict[str, int]:
    if not session_ids:
        return {}
    found = await conn.fetch(
        """SELECT session_id, count(*) FILTER (WHERE status <> 'cancelled') AS n FROM stays
           WHERE session_id = ANY($1::text[]) GROUP BY session_id""", sorted(session_ids))
    return {sid: 0 for sid in session_ids} | {r["session_id"]: r["n"] for r in found}


async def _open_days(conn: asyncpg.Connection, keys: set[tuple[str, date]]) -> dict[tuple[str, date], Revised[bool]]:
    if not keys:
        return {}
    found = await conn.fetch(
        """SELECT session_id, day, revision, withdrawn FROM open_days
           JOIN unnest($1::text[], $2::date[]) AS k(session_id, day) USING (session_id, day)""", *_columns(keys, 2))
    return {(r["session_id"], r["day"]): Revised(None if r["withdrawn"] else True, r["revision"]) for r in found}


async def _trainer_days(conn: asyncpg.Connection,
                       keys: set[TrainerDayKey]) -> dict[TrainerDayKey, dict[str, Revised[Decimal]]]:
    """Per (organisation, trainer, day): session → hours over all the organisation's sessions."""
    found: dict[TrainerDayKey, dict[str, Revised[Decimal]]] = {key: {} for key in keys}
    if keys:
        for r in await conn.fetch(
                """SELECT organisation_id, trainer_id, day, session_id, hours, revision FROM trainer_hours
                   JOIN unnest($1::text[], $2::text[], $3::date[]) AS k(organisation_id, trainer_id, day)
                   USING (organisation_id, trainer_id, day)""", *_columns(keys, 3)):
            found[(r["organisation_id"], r["trainer_id"], r["day"])][r["session_id"]] = Revised(r["hours"],
                                                                                                r["revision"])
    return found


async def _attendance(conn: asyncpg.Connection, keys: set[tuple[str, str, date]],
                      whole: set[StayKey]) -> dict[StayKey, dict[date, Revised[AcceptedAttendance]]]:
    if not keys and not whole:
        return {}
    found: dict[StayKey, dict[date, Revised[AcceptedAttendance]]] = {}
    for r in await conn.fetch(
            f"""SELECT {_ATTENDANCE} FROM attendance_records
                JOIN unnest($1::text[], $2::text[], $3::date[]) AS k(session_id, trainee_key, day)
                USING (session_id, trainee_key, day)
                UNION ALL
                SELECT {_ATTENDANCE} FROM attendance_records
                JOIN unnest($4::text[], $5::text[]) AS w(session_id, trainee_key) USING (session_id, trainee_key)""",
            *_columns(keys, 3), *_columns(whole, 2)):
        value = None if r["hours_present"] is None else AcceptedAttendance(
            r["day"], r["hours_present"], r["absence"] and Absence(r["absence"]))
        found.setdefault((r["session_id"], r["trainee_key"]), {})[r["day"]] = Revised(value, r["revision"])
    return found


async def _satisfaction(conn: asyncpg.Connection, keys: set[StayKey]) -> dict[StayKey, Revised[AcceptedSatisfaction]]:
    if not keys:
        return {}
    found = await conn.fetch(
        """SELECT session_id, trainee_key, day, score, revision FROM satisfaction_scores
           JOIN unnest($1::text[], $2::text[]) AS k(session_id, trainee_key) USING (session_id, trainee_key)""",
        *_columns(keys, 2))
    return {(r["session_id"], r["trainee_key"]): Revised(
        None if r["score"] is None else AcceptedSatisfaction(r["day"], r["score"]), r["revision"]) for r in found}


async def _outcomes(conn: asyncpg.Connection, keys: set[tuple[str, str, int]],
                    whole: set[StayKey]) -> dict[StayKey, dict[int, Revised[AcceptedOutcome]]]:
    if not keys and not whole:
        return {}
    found: dict[StayKey, dict[int, Revised[AcceptedOutcome]]] = {}
    for r in await conn.fetch(
            f"""SELECT {_OUTCOMES} FROM outcomes
                JOIN unnest($1::text[], $2::text[], $3::int[]) AS k(session_id, trainee_key, months_after_exit)
                USING (session_id, trainee_key, months_after_exit)
                UNION ALL
                SELECT {_OUTCOMES} FROM outcomes
                JOIN unnest($4::text[], $5::text[]) AS w(session_id, trainee_key) USING (session_id, trainee_key)""",
            *_columns(keys, 3), *_columns(whole, 2)):
        value = None if r["status"] is None else AcceptedOutcome(
            r["months_after_exit"], r["observed_on"], OutcomeStatus(r["status"]))
        found.setdefault((r["session_id"], r["trainee_key"]), {})[r["months_after_exit"]] = Revised(value,
                                                                                                    r["revision"])
    return found
