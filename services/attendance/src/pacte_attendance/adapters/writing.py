"""Writing what a request changed: the final value of each changed key, one statement per table
(a tombstone is written with its revision and no value)."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from pacte_attendance.domain import Profile
from pacte_attendance.domain.state import Changes, State


def profile_json(profile: Profile | None) -> str:
    if profile is None:
        return "{}"
    return json.dumps({"age_band": profile.age_band.value, "qualification": profile.qualification.value,
                       "jobseeker_registered": profile.jobseeker_registered,
                       "priority_publics": sorted(p.value for p in profile.priority_publics)}, sort_keys=True)


def _columns(rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=True)] if rows else []


async def write(conn: asyncpg.Connection, state: State) -> None:
    changes = state.changes
    await _stays(conn, state)
    await _suspensions(conn, changes)
    await _open_days(conn, state)
    await _trainer_hours(conn, state)
    await _attendance(conn, state)
    await _satisfaction(conn, state)
    await _outcomes(conn, state)


async def _stays(conn: asyncpg.Connection, state: State) -> None:
    rows = [(sid, key, s.enrolled_on, s.status, s.exited_on, s.suspended_on, s.suspensions,
             s.certification and s.certification.value, s.dropout_reason and s.dropout_reason.value,
             profile_json(s.profile), s.revision, s.person_key)
            for (sid, key), s in ((k, state.stays[k]) for k in sorted(state.changes.stays))]
    if rows:
        await conn.execute(
            """INSERT INTO stays (session_id, trainee_key, enrolled_on, status, exited_on, suspended_on, suspensions,
                                  certification, dropout_reason, profile, revision, person_key)
               SELECT a, b, c, d, e, f, g, h, i, j::jsonb, k, l
               FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::date[], $6::date[], $7::int[],
                           $8::text[], $9::text[], $10::text[], $11::int[], $12::text[])
                    AS u(a, b, c, d, e, f, g, h, i, j, k, l)
               ON CONFLICT (session_id, trainee_key) DO UPDATE SET
                   enrolled_on = EXCLUDED.enrolled_on, status = EXCLUDED.status, exited_on = EXCLUDED.exited_on,
                   suspended_on = EXCLUDED.suspended_on, suspensions = EXCLUDED.suspensions,
                   certification = EXCLUDED.certification, dropout_reason = EXCLUDED.dropout_reason,
                   profile = EXCLUDED.profile, revision = EXCLUDED.revision, person_key = EXCLUDED.person_key,
                   updated_at = clock_timestamp()""",
            *_columns(rows))


async def _suspensions(conn: asyncpg.Connection, changes: Changes) -> None:
    """Cancelled stays lose their suspensions first; a new stay then numbers its own from 1."""
    if changes.cleared_suspensions:
        await conn.execute(
            """DELETE FROM suspensions s USING unnest($1::text[], $2::text[]) AS c(session_id, trainee_key)
               WHERE s.session_id = c.session_id AND s.trainee_key = c.trainee_key""",
            *_columns(sorted(changes.cleared_suspensions)))
    if changes.started_suspensions:
        await conn.executemany(
            """INSERT INTO suspensions (session_id, trainee_key, number, suspended_on, reason,
                                        suspension_attestation_ref) VALUES ($1, $2, $3, $4, $5, $6)""",
            [(*s.stay, s.number, s.day, s.reason, s.attestation_ref) for s in changes.started_suspensions])
    if changes.ended_suspensions:
        await conn.executemany(
            """UPDATE suspensions SET resumed_on = $4, resumption_attestation_ref = $5
               WHERE session_id = $1 AND trainee_key = $2 AND number = $3""",
            [(*s.stay, s.number, s.day, s.attestation_ref) for s in changes.ended_suspensions])


async def _open_days(conn: asyncpg.Connection, state: State) -> None:
    rows = [(*key, state.open_days[key].revision, not state.open_days[key].live)
            for key in sorted(state.changes.open_days)]
    if rows:
        await conn.execute(
            """INSERT INTO open_days (session_id, day, revision, withdrawn)
               SELECT * FROM unnest($1::text[], $2::date[], $3::int[], $4::bool[])
               ON CONFLICT (session_id, day) DO UPDATE SET revision = EXCLUDED.revision,
                   withdrawn = EXCLUDED.withdrawn, declared_at = clock_timestamp()""",
            *_columns(rows))


async def _trainer_hours(conn: asyncpg.Connection, state: State) -> None:
    rows = []
    for (organisation, trainer, day), session_id in sorted(state.changes.trainer_hours):
        row = state.trainer_days[(organisation, trainer, day)][session_id]
        rows.append((session_id, trainer, day, organisation, row.value, row.revision))
    if rows:
        await conn.execute(
            """INSERT INTO trainer_hours (session_id, trainer_id, day, organisation_id, hours, revision)
               SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::numeric[], $6::int[])
               ON CONFLICT (session_id, trainer_id, day) DO UPDATE SET hours = EXCLUDED.hours,
                   revision = EXCLUDED.revision, declared_at = clock_timestamp()""",
            *_columns(rows))


async def _attendance(conn: asyncpg.Connection, state: State) -> None:
    rows = []
    for stay, day in sorted(state.changes.attendance):
        row = state.attendance[stay][day]
        value = row.value
        rows.append((*stay, day, value and value.hours_present, value and value.absence and value.absence.value,
                     row.revision, value is None))
    if rows:
        await conn.execute(
            """INSERT INTO attendance_records (session_id, trainee_key, day, hours_present, absence, revision,
                                               withdrawn)
               SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::numeric[], $5::text[], $6::int[],
                                    $7::bool[])
               ON CONFLICT (session_id, trainee_key, day) DO UPDATE SET hours_present = EXCLUDED.hours_present,
                   absence = EXCLUDED.absence, revision = EXCLUDED.revision, withdrawn = EXCLUDED.withdrawn,
                   declared_at = clock_timestamp()""",
            *_columns(rows))


async def _satisfaction(conn: asyncpg.Connection, state: State) -> None:
    rows = []
    for stay in sorted(state.changes.satisfaction):
        row = state.satisfaction[stay]
        rows.append((*stay, row.value and row.value.date, row.value and row.value.score, row.revision,
                     row.value is None))
    if rows:
        await conn.execute(
            """INSERT INTO satisfaction_scores (session_id, trainee_key, day, score, revision, withdrawn)
               SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::int[], $5::int[], $6::bool[])
               ON CONFLICT (session_id, trainee_key) DO UPDATE SET day = EXCLUDED.day, score = EXCLUDED.score,
                   revision = EXCLUDED.revision, withdrawn = EXCLUDED.withdrawn, declared_at = clock_timestamp()""",
            *_columns(rows))


async def _outcomes(conn: asyncpg.Connection, state: State) -> None:
    rows = []
    for stay, months in sorted(state.changes.outcomes):
        row = state.outcomes[stay][months]
        rows.append((*stay, months, row.value and row.value.observed_on, row.value and row.value.status.value,
                     row.revision, row.value is None))
    if rows:
        await conn.execute(
            """INSERT INTO outcomes (session_id, trainee_key, months_after_exit, observed_on, status, revision,
                                     withdrawn)
               SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::date[], $5::text[], $6::int[], $7::bool[])
               ON CONFLICT (session_id, trainee_key, months_after_exit) DO UPDATE SET
                   observed_on = EXCLUDED.observed_on, status = EXCLUDED.status, revision = EXCLUDED.revision,
                   withdrawn = EXCLUDED.withdrawn, recorded_at = clock_timestamp()""",
            *_columns(rows))
