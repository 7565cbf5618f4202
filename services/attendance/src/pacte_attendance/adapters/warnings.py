"""Early dropout warnings: what the rule reads for a set of stays, and the rows it writes (one
statement per kind of change for the whole request)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg

from pacte_attendance.domain.early_warning import DayRecord, WarningRules, Watched, watched
from pacte_attendance.domain.state import StayKey
from pacte_contracts.codes import Absence
from pacte_contracts.rules import rate, rate_string


def _keys(stays: Iterable[StayKey]) -> list[list[str]]:
    wanted = sorted(set(stays))
    return [[s for s, _ in wanted], [t for _, t in wanted]]


async def load(conn: asyncpg.Connection, stays: Iterable[StayKey], rules: WarningRules
               ) -> dict[StayKey, tuple[Watched, str, str]]:
    """Each stay's `Watched` with its session's lot and holder; stays of unknown sessions are left out.
    Attendance records are read only for the stays the rule judges (in training, in a watched session)."""
    keys = _keys(stays)
    if not keys[0]:
        return {}
    rows = await conn.fetch(
        """SELECT st.session_id, st.trainee_key, st.enrolled_on, st.exited_on, st.status, s.planned_days,
                  s.hours_per_day, s.lot_id, s.holder_org_id,
                  EXISTS (SELECT 1 FROM dropout_warnings w WHERE w.session_id = st.session_id
                          AND w.trainee_key = st.trainee_key
                          AND w.cleared_on IS NULL AND w.closed_on IS NULL) AS warned,
                  EXISTS (SELECT 1 FROM dropout_warnings w WHERE w.session_id = st.session_id
                          AND w.trainee_key = st.trainee_key) AS ever_warned
           FROM stays st
           JOIN unnest($1::text[], $2::text[]) AS k(session_id, trainee_key) USING (session_id, trainee_key)
           JOIN sessions s ON s.session_id = st.session_id
           WHERE s.holder_org_id IS NOT NULL""", *keys)
    judged = [(r["session_id"], r["trainee_key"]) for r in rows if r["status"] in ("enrolled", "suspended")
              and watched(len(r["planned_days"] or ()), Decimal(r["hours_per_day"] or 0), rules)]
    records = await _records(conn, judged)
    return {(r["session_id"], r["trainee_key"]): (Watched(
        frozenset(r["planned_days"] or ()), Decimal(r["hours_per_day"] or 0), r["enrolled_on"], r["status"],
        records.get((r["session_id"], r["trainee_key"]), {}), r["warned"], r["ever_warned"], r["exited_on"]),
        r["lot_id"], r["holder_org_id"]) for r in rows}


async def _records(conn: asyncpg.Connection, stays: list[StayKey]) -> dict[StayKey, dict[date, DayRecord]]:
    records: dict[StayKey, dict[date, DayRecord]] = defaultdict(dict)
    if stays:
        for r in await conn.fetch(
                """SELECT a.session_id, a.trainee_key, a.day, a.hours_present, a.absence FROM attendance_records a
                   JOIN unnest($1::text[], $2::text[]) AS k(session_id, trainee_key) USING (session_id, trainee_key)
                   WHERE NOT a.withdrawn""", *_keys(stays)):
            records[(r["session_id"], r["trainee_key"])][r["day"]] = DayRecord(
                Decimal(r["hours_present"]), Absence(r["absence"]) if r["absence"] else None)
    return records


async def raise_warnings(conn: asyncpg.Connection, rows: Sequence[tuple[str, str, str, str, list[str], date]]) -> None:
    """rows: (session, trainee key, lot, organisation, reasons, raised on)."""
    if rows:
        await conn.executemany(
            """INSERT INTO dropout_warnings (session_id, trainee_key, lot_id, organisation_id, reasons, raised_on)
               VALUES ($1, $2, $3, $4, $5, $6)""", rows)


async def end_warnings(conn: asyncpg.Connection, cleared: Sequence[tuple[str, str, date]],
                       closed: Sequence[tuple[str, str, date, str]], forgotten: Sequence[StayKey]) -> None:
    """Clears (attendance recovered), closes (the trainee left: the outcome) or deletes (the enrolment
    was cancelled, so it never existed) each stay's open warning."""
    open_ = "session_id = $1 AND trainee_key = $2 AND cleared_on IS NULL AND closed_on IS NULL"
    if cleared:
        await conn.executemany(f"UPDATE dropout_warnings SET cleared_on = $3 WHERE {open_}", cleared)
    if closed:
        await conn.executemany(f"UPDATE dropout_warnings SET closed_on = $3, outcome = $4 WHERE {open_}", closed)
    if forgotten:
        await conn.execute(
            """DELETE FROM dropout_warnings w USING unnest($1::text[], $2::text[]) AS k(session_id, trainee_key)
               WHERE w.session_id = k.session_id AND w.trainee_key = k.trainee_key""", *_keys(forgotten))


async def open_warnings(conn: asyncpg.Connection, organisation_id: str,
                        trainee_key: str | None = None) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        """SELECT session_id, trainee_key, reasons, raised_on FROM dropout_warnings
           WHERE organisation_id = $1 AND cleared_on IS NULL AND closed_on IS NULL
             AND ($2::text IS NULL OR trainee_key = $2::text)
           ORDER BY raised_on, session_id, trainee_key""", organisation_id, trainee_key)
    return [{"session_id": r["session_id"], "trainee_key": r["trainee_key"], "reasons": list(r["reasons"]),
             "raised_on": r["raised_on"].isoformat()} for r in rows]


async def counts(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """Per lot and organisation: counts only, never who."""
    rows = await conn.fetch(
        """SELECT w.lot_id, w.organisation_id,
                  count(*) FILTER (WHERE w.cleared_on IS NULL AND w.closed_on IS NULL) AS open,
                  count(*) AS raised,
                  count(*) FILTER (WHERE w.cleared_on IS NOT NULL) AS cleared,
                  count(DISTINCT (w.session_id, w.trainee_key)) AS warned_trainees,
                  count(DISTINCT (w.session_id, w.trainee_key))
                      FILTER (WHERE st.status IN ('completed', 'dropped_out')) AS warned_exited,
                  count(DISTINCT (w.session_id, w.trainee_key))
                      FILTER (WHERE st.status = 'dropped_out') AS warned_dropped_out
           FROM dropout_warnings w LEFT JOIN stays st USING (session_id, trainee_key)
           GROUP BY w.lot_id, w.organisation_id ORDER BY w.lot_id, w.organisation_id""")
    return [{**dict(r), "precision": rate_string(rate(r["warned_dropped_out"], r["warned_exited"]))} for r in rows]
