"""Early dropout warnings: what the rule reads for a set of stays, and the rows it writes (one
statement per kind of change for the whole request)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from pacte_attendance.domain.early_warning import DayRecord, WarningRules, Watched, watched
from pacte_attendance.domain.state import StayKey
from pacte_contracts.codes import Absence
from pacte_contracts.rules import rate_string, warning_precision


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


#: What a warning's events carry (`pacte_contracts.attendance.DropoutWarningEvent`), read back from the row.
_WARNING = "public_id::text AS warning_id, organisation_id, session_id, lot_id, reasons, raised_on"


async def raise_warnings(conn: asyncpg.Connection, rows: Sequence[tuple[str, str, str, str, list[str], date]]
                         ) -> list[asyncpg.Record]:
    """rows: (session, trainee key, lot, organisation, reasons, raised on); returns the new warnings."""
    if not rows:
        return []
    return list(await conn.fetch(
        f"""INSERT INTO dropout_warnings (session_id, trainee_key, lot_id, organisation_id, reasons, raised_on)
            SELECT s, t, l, o, string_to_array(r, ','), d
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[]) AS u(s, t, l, o, r, d)
            RETURNING {_WARNING}""",
        *[list(c) for c in zip(*[(*r[:4], ",".join(r[4]), r[5]) for r in rows], strict=True)]))


async def record_outcomes(conn: asyncpg.Connection, exited: Sequence[tuple[str, str, str]]
                          ) -> list[tuple[str, str]]:
    """exited: (session, trainee key, completed or dropped_out) of stays ever warned. Writes the exit's
    outcome on each of the stay's warnings, cleared ones included, that has none yet, and returns
    (lot, outcome) once per stay measured now: each warned stay's exit is measured exactly once."""
    if not exited:
        return []
    rows = await conn.fetch(
        """WITH measured AS (
               UPDATE dropout_warnings w SET outcome = u.o
               FROM unnest($1::text[], $2::text[], $3::text[]) AS u(s, t, o)
               WHERE w.session_id = u.s AND w.trainee_key = u.t AND w.outcome IS NULL
               RETURNING w.session_id, w.trainee_key, w.lot_id, w.outcome)
           SELECT DISTINCT ON (session_id, trainee_key) lot_id, outcome FROM measured
           ORDER BY session_id, trainee_key""", *[list(c) for c in zip(*exited, strict=True)])
    return [(r["lot_id"], r["outcome"]) for r in rows]


async def end_warnings(conn: asyncpg.Connection, cleared: Sequence[tuple[str, str, date]],
                       closed: Sequence[tuple[str, str, date, str]], forgotten: Sequence[StayKey]
                       ) -> tuple[list[asyncpg.Record], list[asyncpg.Record], list[asyncpg.Record]]:
    """Clears (attendance recovered), closes (the trainee left: the outcome) or deletes (the enrolment
    was cancelled, so it never existed) each stay's open warning; returns the warnings so ended."""
    open_ = "w.session_id = u.s AND w.trainee_key = u.t AND w.cleared_on IS NULL AND w.closed_on IS NULL"
    done: list[list[asyncpg.Record]] = [[], [], []]
    if cleared:
        done[0] = list(await conn.fetch(
            f"""UPDATE dropout_warnings w SET cleared_on = u.d
                FROM unnest($1::text[], $2::text[], $3::date[]) AS u(s, t, d) WHERE {open_}
                RETURNING {_WARNING}, cleared_on""", *[list(c) for c in zip(*cleared, strict=True)]))
    if closed:
        done[1] = list(await conn.fetch(
            f"""UPDATE dropout_warnings w SET closed_on = u.d, outcome = u.o
                FROM unnest($1::text[], $2::text[], $3::date[], $4::text[]) AS u(s, t, d, o) WHERE {open_}
                RETURNING {_WARNING}, closed_on, outcome""", *[list(c) for c in zip(*closed, strict=True)]))
    if forgotten:
        # Every warning of a cancelled stay goes; only the open one was still news to the organisation.
        done[2] = list(await conn.fetch(
            f"""DELETE FROM dropout_warnings w USING unnest($1::text[], $2::text[]) AS u(s, t)
                WHERE w.session_id = u.s AND w.trainee_key = u.t
                RETURNING {_WARNING}, w.cleared_on IS NULL AND w.closed_on IS NULL AS was_open""",
            *_keys(forgotten)))
        done[2] = [r for r in done[2] if r["was_open"]]
    return done[0], done[1], done[2]


async def open_warnings(conn: asyncpg.Connection, organisation_id: str,
                        trainee_key: str | None = None) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        """SELECT public_id::text AS warning_id, session_id, trainee_key, reasons, raised_on
           FROM dropout_warnings
           WHERE organisation_id = $1 AND cleared_on IS NULL AND closed_on IS NULL
             AND ($2::text IS NULL OR trainee_key = $2::text)
           ORDER BY raised_on, session_id, trainee_key""", organisation_id, trainee_key)
    return [_read(r) for r in rows]


async def warning(conn: asyncpg.Connection, organisation_id: str, public_id: UUID) -> dict[str, Any] | None:
    """One of the organisation's warnings, open or ended; None when it has none of that id."""
    row = await conn.fetchrow(
        """SELECT public_id::text AS warning_id, session_id, trainee_key, reasons, raised_on, cleared_on,
                  closed_on, outcome
           FROM dropout_warnings WHERE public_id = $1 AND organisation_id = $2""", public_id, organisation_id)
    if row is None:
        return None
    status = "closed" if row["closed_on"] else "cleared" if row["cleared_on"] else "open"
    return {**_read(row), "status": status,
            "cleared_on": row["cleared_on"] and row["cleared_on"].isoformat(),
            "closed_on": row["closed_on"] and row["closed_on"].isoformat(),
            "outcome": row["outcome"] if row["closed_on"] else None}


def _read(row: asyncpg.Record) -> dict[str, Any]:
    return {"warning_id": row["warning_id"], "session_id": row["session_id"], "trainee_key": row["trainee_key"],
            "reasons": list(row["reasons"]), "raised_on": row["raised_on"].isoformat()}


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
    return [{**dict(r), "precision": rate_string(warning_precision(r["warned_dropped_out"], r["warned_exited"]))}
            for r in rows]
