"""The declaration handlers: one record, a batch, an attendance sheet. All three are a list of
commands decided in order in one transaction (`declare`):

1. lock the sessions named (row locks in id order: commands on one session are serialised, so
   capacity holds under concurrency), then the organisation-wide keys a rule spans (advisory locks
   in key order: a trainer's daily cap across sessions, a new trainee's or person's pseudonym);
2. resolve trainee ids (and enrolment profiles' person_refs) to pseudonyms and load what the rules
   read, one query per table (`domain/reads.py` says which keys);
3. let the domain's `Declarations` decide the commands in order against that state;
4. write what changed, one statement per table, and the events to the outbox.

Trainee ids and person_refs are turned into pseudonyms in step 2 and never leave this module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

import asyncpg

from pacte_attendance.adapters import loading, persons, pseudonyms, sessions, writing
from pacte_attendance.adapters import refusals as refusal_log
from pacte_attendance.adapters.refusals import RefusedRecord
from pacte_attendance.domain import COMMANDS, Declaration, Declarations, Declared, Malformed, State
from pacte_attendance.domain.checks import admitted
from pacte_attendance.domain.reads import rows, subjects
from pacte_attendance.domain.sheet import SheetLine
from pacte_contracts.refusals import Refused, Rejection, check
from pacte_platform import outbox
from pacte_platform.commands import Caller
from pacte_platform.metrics import REJECTIONS

from . import warnings
from .context import SERVICE, Context, organisation_of, record

#: The command name of a whole sheet refused (its session is not one the caller may declare in).
SHEET = "attendance.sheet"


async def declare_one(ctx: Context, command: Declaration | Malformed, caller: Caller) -> Declared:
    """One record over HTTP: accepted (audited) or `Refused`, changing nothing but the refusal log."""
    async with ctx.unit_of_work() as conn:
        [declared] = await declare(conn, ctx, [command], caller, channel="record")
        if declared.accepted and not isinstance(command, Malformed):
            await record(conn, caller, action=command.NAME, entity="session", entity_id=command.session_id,
                         after=declared.fact())
    if declared.rejection is not None:
        raise Refused(declared.rejection)
    return declared


async def declare_batch(ctx: Context, commands: Sequence[Declaration | Malformed], caller: Caller) -> dict[str, Any]:
    """Records decided in order; each gets its own result, refused ones change nothing."""
    async with ctx.unit_of_work() as conn:
        results = await declare(conn, ctx, commands, caller, channel="batch")
        accepted = sum(1 for r in results if r.accepted)
        if accepted:  # a request whose records were all refused changed nothing
            await record(conn, caller, action="batch", entity="batch", entity_id=caller.correlation_id or "-",
                         after={"accepted": accepted, "refused": len(results) - accepted,
                                "sessions": sorted({r.event.session_id for r in results if r.event is not None})})
    return {"accepted": accepted, "refused": len(results) - accepted,
            "results": [{"index": i, **r.as_result()} for i, r in enumerate(results)]}


async def declare_sheet(ctx: Context, session_id: str, lines: Sequence[SheetLine], caller: Caller) -> dict[str, Any]:
    """An attendance sheet: refused as a whole for a session the caller may not declare in, else
    line by line (the header is line 1)."""
    async with ctx.unit_of_work() as conn:
        whole = admitted(session_id, await sessions.get_session(conn, session_id), organisation_of(caller))
        if isinstance(whole, Rejection):
            await refusal_log.record(conn, logged(caller, [(SHEET, session_id, None, None, whole)], "sheet"))
    check(whole)
    async with ctx.unit_of_work() as conn:
        results = await declare(conn, ctx, [line.command for line in lines], caller, channel="sheet",
                                positions=[line.line for line in lines])
        errors = [{"line": line.line, "reason": r.rejection.reason.value, "detail": r.rejection.detail}
                  for line, r in zip(lines, results, strict=True) if r.rejection is not None]
        accepted = len(results) - len(errors)
        if accepted:
            await record(conn, caller, action="attendance_sheet", entity="session", entity_id=session_id,
                         after={"accepted": accepted, "refused": len(errors)})
    return {"accepted": accepted, "refused": len(errors), "errors": errors}


async def declare(conn: asyncpg.Connection, ctx: Context,
                  commands: Sequence[Declaration | Malformed], caller: Caller, *, channel: str = "batch",
                  positions: Sequence[int] | None = None) -> list[Declared]:
    """Decides and applies `commands` in order, in the caller's transaction; refused ones go to the
    organisation's refusal log (`channel` and `positions`: where they were in the request)."""
    organisation_id = organisation_of(caller)
    state = await _load(conn, ctx, commands, organisation_id)
    results = Declarations(state).decide_all(organisation_id, commands)
    trainees, people = ctx.pseudonymizer, ctx.persons
    await pseudonyms.insert(conn, trainees.key_version, [
        (trainees.lookup(*trainee), trainee[0], key) for trainee, key in state.changes.pseudonyms.items()])
    await persons.insert(conn, people.key_version, [
        (people.lookup(ref), key) for ref, key in state.changes.persons.items()])
    await writing.write(conn, state)
    warned = await warnings.refresh(conn, ctx.warning_rules,
                                    {stay for stay, _ in state.changes.attendance} | state.changes.stays)
    await outbox.append(conn, [*state.changes.events, *warned], producer=SERVICE,
                        correlation_id=caller.correlation_id)
    refusals = Counter((r.command if r.command in COMMANDS else "unknown", r.rejection.reason.value)
                       for r in results if r.rejection is not None)
    for (name, reason), count in refusals.items():
        REJECTIONS.labels(SERVICE, name, reason).inc(count)
    where = positions if positions is not None else range(len(commands))
    await refusal_log.record(conn, logged(caller, [
        (command.name if isinstance(command, Malformed) else command.NAME, command.session_id,
         getattr(command, "date", None), position if channel != "record" else None, result.rejection)
        for command, result, position in zip(commands, results, where, strict=True)
        if result.rejection is not None], channel))
    return results


def logged(caller: Caller, refused: Sequence[tuple[str, str | None, date | None, int | None, Rejection]],
           channel: str) -> list[RefusedRecord]:
    """The refusal log's rows of an organisation's refused records (the back office keeps none)."""
    organisation_id = organisation_of(caller)
    if organisation_id is None:
        return []
    return [RefusedRecord(organisation_id, command, channel, session_id, day, position, rejection.reason.value,
                          rejection.detail, caller.correlation_id)
            for command, session_id, day, position, rejection in refused]


async def _load(conn: asyncpg.Connection, ctx: Context, commands: Sequence[Declaration | Malformed],
                organisation_id: str | None) -> State:
    named = await sessions.lock_sessions(conn, [c.session_id for c in commands if not isinstance(c, Malformed)])
    wanted = subjects(commands, named, organisation_id)
    lookups = {trainee: ctx.pseudonymizer.lookup(*trainee) for trainee in wanted.trainees}
    person_lookups = {ref: ctx.persons.lookup(ref) for ref in wanted.persons}
    await loading.lock_advisory(conn, [
        *("trainer-day:" + "\x1f".join((org, trainer, day.isoformat())) for org, trainer, day in wanted.trainer_days),
        *("pseudonym:" + lookups[trainee] for trainee in wanted.enrolling),
        *("person:" + lookup for lookup in person_lookups.values())])
    known = await pseudonyms.find(conn, ctx.pseudonymizer.key_version, lookups.values())
    known_persons = await persons.find(conn, ctx.persons.key_version, person_lookups.values())
    state = State(sessions=named,
                  trainee_keys={trainee: known[lookup] for trainee, lookup in lookups.items() if lookup in known},
                  person_keys={ref: known_persons[lookup] for ref, lookup in person_lookups.items()
                               if lookup in known_persons},
                  new_pseudonym=ctx.pseudonymizer.new_pseudonym, new_person_pseudonym=ctx.persons.new_pseudonym)
    await loading.load(conn, rows(commands, named, state.trainee_keys, organisation_id), state)
    return state
