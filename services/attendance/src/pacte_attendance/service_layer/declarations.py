"""One handler for every declaration, whether it arrives alone, in a batch or as a sheet line.

A request is a list of commands decided in order inside one transaction:

1. parse each command (domain, precedence level 1);
2. lock the sessions named (row locks in id order: commands on one session are serialised, so
   capacity holds under concurrency), then the organisation-wide keys a rule spans (advisory locks
   in key order: a trainer's daily cap across sessions, a new trainee's pseudonym);
3. load everything the rules read with one query per table for the whole request;
4. decide each command with the domain against that in-memory state, which accepted commands
   update, so a later line sees an earlier one (an enrolment before its attendance);
5. write the final state with one statement per table, and the events to the outbox.

One record over HTTP is a request of one command, so both paths share every rule and lock.
Trainee ids are turned into pseudonyms in step 2 and never leave this module.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg

from pacte_attendance.adapters import pseudonyms, repository
from pacte_attendance.adapters.pseudonyms import Pseudonymizer
from pacte_attendance.adapters.repository import StoredStay
from pacte_attendance.domain import (
    PARSERS,
    STAY_DECIDERS,
    AcceptedAttendance,
    AcceptedCompletion,
    AcceptedDropout,
    AcceptedEnrolment,
    AcceptedOpenDay,
    AcceptedOutcome,
    AcceptedResumption,
    AcceptedSatisfaction,
    AcceptedSuspension,
    AcceptedTrainerHours,
    ParsedAttendance,
    ParsedCommand,
    ParsedComplete,
    ParsedDropout,
    ParsedEnrol,
    ParsedOpenDay,
    ParsedOutcome,
    ParsedResume,
    ParsedSatisfaction,
    ParsedSuspend,
    ParsedTrainerHours,
    Profile,
    Rejection,
    SessionView,
    TraineeFact,
    TraineeStay,
    decide_enrol,
    decide_open_day,
    decide_outcome,
    decide_trainer_hours,
    new_state_after,
)
from pacte_contracts import attendance as contract
from pacte_contracts.codes import RejectionReason
from pacte_platform import outbox
from pacte_platform.metrics import REJECTIONS

SERVICE = "attendance"

ORGANISATION_COMMANDS = frozenset({
    "session.open_day", "trainer.hours", "trainee.enrol", "attendance.record", "trainee.suspend",
    "trainee.resume", "trainee.dropout", "trainee.complete", "satisfaction.record",
})
BACK_OFFICE_COMMANDS = frozenset({"outcome.record"})
#: Free-text references are the organisation's own document numbers, not prose.
MAX_ATTESTATION_REF_LENGTH = 200

_TraineeParsed = (ParsedEnrol | ParsedAttendance | ParsedSuspend | ParsedResume | ParsedDropout | ParsedComplete
                  | ParsedSatisfaction | ParsedOutcome)



@dataclass(frozen=True, slots=True)
class Declared:
    """The answer for one command: the accepted fact (as its event) or the refusal."""

    command: str
    event: contract.SessionEvent | None = None
    replaced: bool = False
    reason: str | None = None
    detail: str = ""
    #: Accepted details the event contract does not carry (yet), echoed to the caller only.
    extra: Mapping[str, Any] | None = None

    @property
    def accepted(self) -> bool:
        return self.event is not None

    def fact(self) -> dict[str, Any]:
        assert self.event is not None
        return {"type": self.event.event_type(), **self.event.model_dump(mode="json"), **(self.extra or {})}

    def as_result(self) -> dict[str, Any]:
        if self.event is not None:
            return {"status": "accepted", "replaced": self.replaced, "fact": self.fact()}
        return {"status": "refused", "reason": self.reason, "detail": self.detail}


@dataclass
class _State:
    """Everything the rules read, loaded once per request and updated as commands are accepted."""

    sessions: dict[str, SessionView]
    pseudonyms: dict[str, str]  # lookup → pseudonym
    stays: dict[tuple[str, str], StoredStay]
    enrolled: dict[str, int]
    open_days: dict[tuple[str, date], int]
    trainer_days: dict[repository.TrainerDayKey, dict[str, tuple[Decimal, int]]]
    attendance: dict[tuple[str, str, date], int]
    satisfaction: dict[tuple[str, str], int]
    outcomes: dict[tuple[str, str, int], int]
    # What to write at the end: final values per business key.
    new_pseudonyms: dict[str, tuple[str, str]] = field(default_factory=dict)  # lookup → (org, pseudonym)
    dirty_stays: set[tuple[str, str]] = field(default_factory=set)
    open_day_rows: dict[tuple[str, date], int] = field(default_factory=dict)
    trainer_rows: dict[tuple[str, str, date], tuple[str, Decimal, int]] = field(default_factory=dict)
    attendance_rows: dict[tuple[str, str, date], tuple[Decimal, str | None, int]] = field(default_factory=dict)
    satisfaction_rows: dict[tuple[str, str], tuple[date, int, int]] = field(default_factory=dict)
    outcome_rows: dict[tuple[str, str, int], tuple[date, str, int]] = field(default_factory=dict)
    new_suspensions: list[tuple[str, str, int, date, str, str | None]] = field(default_factory=list)
    ended_suspensions: list[tuple[str, str, int, date, str | None]] = field(default_factory=list)
    events: list[contract.SessionEvent] = field(default_factory=list)


def _parse(command: str | None, payload: object, organisation_id: str | None) -> ParsedCommand | Rejection:
    allowed = ORGANISATION_COMMANDS if organisation_id is not None else BACK_OFFICE_COMMANDS
    if not isinstance(command, str) or command not in allowed:
        return Rejection(RejectionReason.INVALID, f"unknown command {command!r}; expected one of "
                         + ", ".join(sorted(allowed)))
    if not isinstance(payload, Mapping):
        return Rejection(RejectionReason.INVALID, "the command must be a JSON object")
    parsed = PARSERS[command](payload)
    if not isinstance(parsed, Rejection) and command in ("trainee.suspend", "trainee.resume"):
        ref = payload.get("skills_attestation_ref")
        if ref is not None and (not isinstance(ref, str) or len(ref) > MAX_ATTESTATION_REF_LENGTH):
            return Rejection(RejectionReason.INVALID, "skills_attestation_ref must be a string of at most "
                             f"{MAX_ATTESTATION_REF_LENGTH} characters, or null")
    return parsed


def _authorised(session: SessionView | None, organisation_id: str | None) -> SessionView | None:
    """The session when the caller may see its trainees; the domain then reports why not otherwise."""
    if session is None or (organisation_id is not None and organisation_id != session.holder_org_id):
        return None
    return session


def _trainer_day_key(session: SessionView, parsed: ParsedTrainerHours) -> repository.TrainerDayKey:
    return (session.holder_org_id, parsed.trainer_id, parsed.date)


async def _load(conn: asyncpg.Connection, pseudonymizer: Pseudonymizer, parsed: Sequence[ParsedCommand | Rejection],
                organisation_id: str | None) -> tuple[_State, dict[int, str]]:
    sessions = await repository.lock_sessions(
        conn, [p.session_id for p in parsed if not isinstance(p, Rejection)])
    lookups: dict[int, str] = {}
    lock_names: list[str] = []
    trainer_keys: set[repository.TrainerDayKey] = set()
    for index, p in enumerate(parsed):
        if isinstance(p, Rejection):
            continue
        session = _authorised(sessions.get(p.session_id), organisation_id)
        if session is None:
            continue
        if isinstance(p, ParsedTrainerHours):
            key = _trainer_day_key(session, p)
            trainer_keys.add(key)
            lock_names.append("trainer-day:" + "\x1f".join((key[0], key[1], key[2].isoformat())))
        elif not isinstance(p, ParsedOpenDay):
            # The organisation of the lookup is the session's holder, so the back office
            # (recording outcomes) resolves the same pseudonym as the organisation's software.
            lookups[index] = pseudonymizer.lookup(session.holder_org_id, p.trainee_id)
            if isinstance(p, ParsedEnrol):
                lock_names.append("pseudonym:" + lookups[index])
    await repository.lock_advisory(conn, lock_names)
    known = await pseudonyms.find(conn, pseudonymizer.key_version, lookups.values())
    stay_keys: set[tuple[str, str]] = set()
    attendance_keys: set[tuple[str, str, date]] = set()
    satisfaction_keys: set[tuple[str, str]] = set()
    outcome_keys: set[tuple[str, str, int]] = set()
    for index, lookup in lookups.items():
        trainee_key = known.get(lookup)
        if trainee_key is None:
            continue
        p = parsed[index]
        assert not isinstance(p, Rejection | ParsedOpenDay | ParsedTrainerHours)
        stay_keys.add((p.session_id, trainee_key))
        if isinstance(p, ParsedAttendance):
            attendance_keys.add((p.session_id, trainee_key, p.date))
        elif isinstance(p, ParsedSatisfaction):
            satisfaction_keys.add((p.session_id, trainee_key))
        elif isinstance(p, ParsedOutcome):
            outcome_keys.add((p.session_id, trainee_key, p.months_after_exit))
    state = _State(
        sessions=sessions,
        pseudonyms=known,
        stays=await repository.load_stays(conn, stay_keys),
        enrolled=await repository.count_enrolled(
            conn, [p.session_id for p in parsed if isinstance(p, ParsedEnrol)]),
        open_days=await repository.open_day_revisions(
            conn, [(p.session_id, p.date) for p in parsed if isinstance(p, ParsedOpenDay)]),
        trainer_days=await repository.trainer_day_hours(conn, trainer_keys),
        attendance=await repository.attendance_revisions(conn, attendance_keys),
        satisfaction=await repository.satisfaction_revisions(conn, satisfaction_keys),
        outcomes=await repository.outcome_revisions(conn, outcome_keys),
    )
    return state, lookups


def _profile_json(profile: Profile) -> dict[str, Any]:
    return {
        "age_band": profile.age_band.value,
        "qualification": profile.qualification.value,
        "jobseeker_registered": profile.jobseeker_registered,
        "priority_publics": sorted(p.value for p in profile.priority_publics),
    }


def _view(stay: StoredStay | None) -> TraineeStay | None:
    if stay is None:
        return None
    return TraineeStay(trainee_key=stay.trainee_key, enrolled_on=stay.enrolled_on, status=stay.status,
                       exited_on=stay.exited_on, suspended_on=stay.suspended_on)


def _snapshot(stay: StoredStay) -> contract.Stay:
    return contract.Stay.model_validate({
        "revision": stay.revision, "enrolled_on": stay.enrolled_on, "status": stay.status,
        "profile": stay.profile, "exited_on": stay.exited_on, "certification": stay.certification,
        "dropout_reason": stay.dropout_reason,
    })


class _Decider:
    def __init__(self, state: _State, organisation_id: str | None) -> None:
        self.state = state
        self.organisation_id = organisation_id

    def decide(self, command: str, p: ParsedCommand, lookup: str | None,
               payload: Mapping[str, Any]) -> Declared:
        state = self.state
        session = state.sessions.get(p.session_id)
        caller = self.organisation_id
        if isinstance(p, ParsedOpenDay):
            assert caller is not None
            return self._open_day(command, decide_open_day(p, caller, session), session)
        if isinstance(p, ParsedTrainerHours):
            assert caller is not None
            day_hours: dict[str, tuple[Decimal, int]] = {}
            authorised = _authorised(session, caller)
            if authorised is not None:
                day_hours = state.trainer_days.setdefault(_trainer_day_key(authorised, p), {})
            others = sum((h for sid, (h, _) in day_hours.items() if sid != p.session_id), Decimal(0))
            decision = decide_trainer_hours(p, caller, session, others)
            return self._trainer_hours(command, decision, session, day_hours)
        assert isinstance(p, _TraineeParsed)
        trainee_key = state.pseudonyms.get(lookup) if lookup is not None else None
        candidate = None
        if trainee_key is None and lookup is not None and isinstance(p, ParsedEnrol):
            candidate = Pseudonymizer.new_pseudonym()
        stored = state.stays.get((p.session_id, trainee_key)) if trainee_key is not None else None
        # From here on the domain only ever sees the pseudonym.
        pseudonymous = dataclasses.replace(p, trainee_id=trainee_key or candidate or "-")
        stay = _view(stored)
        fact: TraineeFact | Rejection
        if isinstance(pseudonymous, ParsedEnrol):
            assert caller is not None
            fact = decide_enrol(pseudonymous, caller, session, stay, state.enrolled.get(p.session_id, 0))
        elif isinstance(pseudonymous, ParsedOutcome):
            fact = decide_outcome(pseudonymous, caller, session, stay)
        else:
            assert caller is not None
            fact = STAY_DECIDERS[type(pseudonymous)](pseudonymous, caller, session, stay)
        if isinstance(fact, Rejection):
            if fact.reason is RejectionReason.TRAINEE_NOT_ENROLLED:
                return _refused(command, Rejection(fact.reason, f"the trainee is not enrolled in session "
                                                                f"{p.session_id!r}"))
            return _refused(command, fact)
        assert session is not None
        if candidate is not None:
            assert lookup is not None
            state.pseudonyms[lookup] = candidate
            state.new_pseudonyms[lookup] = (session.holder_org_id, candidate)
        return self._trainee_fact(command, fact, session, stored, payload)

    def _open_day(self, command: str, decision: AcceptedOpenDay | Rejection,
                  session: SessionView | None) -> Declared:
        if isinstance(decision, Rejection):
            return _refused(command, decision)
        assert session is not None
        key = (decision.session_id, decision.date)
        previous = self.state.open_days.get(key, 0)
        self.state.open_days[key] = self.state.open_day_rows[key] = previous + 1
        event = contract.OpenDayDeclared(session_id=decision.session_id, organisation_id=session.holder_org_id,
                                         date=decision.date, revision=previous + 1)
        return self._accepted(command, event, previous > 0)

    def _trainer_hours(self, command: str, decision: AcceptedTrainerHours | Rejection, session: SessionView | None,
                       day_hours: dict[str, tuple[Decimal, int]]) -> Declared:
        if isinstance(decision, Rejection):
            return _refused(command, decision)
        assert session is not None
        previous = day_hours.get(decision.session_id, (Decimal(0), 0))[1]
        day_hours[decision.session_id] = (decision.hours, previous + 1)
        self.state.trainer_rows[(decision.session_id, decision.trainer_id, decision.date)] = (
            session.holder_org_id, decision.hours, previous + 1)
        event = contract.TrainerHoursDeclared(
            session_id=decision.session_id, organisation_id=session.holder_org_id, trainer_id=decision.trainer_id,
            date=decision.date, hours=str(decision.hours), revision=previous + 1)
        return self._accepted(command, event, previous > 0)

    def _trainee_fact(self, command: str, fact: TraineeFact, session: SessionView, stored: StoredStay | None,
                      payload: Mapping[str, Any]) -> Declared:
        state = self.state
        org = session.holder_org_id
        sid, key = fact.session_id, fact.trainee_id
        if isinstance(fact, AcceptedAttendance):
            previous = state.attendance.get((sid, key, fact.date), 0)
            state.attendance[(sid, key, fact.date)] = previous + 1
            state.attendance_rows[(sid, key, fact.date)] = (
                fact.hours_present, fact.absence.value if fact.absence else None, previous + 1)
            return self._accepted(command, contract.AttendanceRecorded(
                session_id=sid, organisation_id=org, trainee_key=key, date=fact.date,
                hours_present=str(fact.hours_present), absence=fact.absence, revision=previous + 1), previous > 0)
        if isinstance(fact, AcceptedSatisfaction):
            previous = state.satisfaction.get((sid, key), 0)
            state.satisfaction[(sid, key)] = previous + 1
            state.satisfaction_rows[(sid, key)] = (fact.date, fact.score, previous + 1)
            return self._accepted(command, contract.SatisfactionRecorded(
                session_id=sid, organisation_id=org, trainee_key=key, date=fact.date, score=fact.score,
                revision=previous + 1), previous > 0)
        if isinstance(fact, AcceptedOutcome):
            okey = (sid, key, fact.months_after_exit)
            previous = state.outcomes.get(okey, 0)
            state.outcomes[okey] = previous + 1
            state.outcome_rows[okey] = (fact.observed_on, fact.status.value, previous + 1)
            return self._accepted(command, contract.OutcomeRecorded(
                session_id=sid, organisation_id=org, trainee_key=key, months_after_exit=fact.months_after_exit,
                observed_on=fact.observed_on, status=fact.status, revision=previous + 1), previous > 0)
        return self._stay_fact(command, fact, session, stored, payload)

    def _stay_fact(self, command: str, fact: TraineeFact, session: SessionView, stored: StoredStay | None,
                   payload: Mapping[str, Any]) -> Declared:
        state = self.state
        org = session.holder_org_id
        sid, key = fact.session_id, fact.trainee_id
        assert not isinstance(fact, AcceptedOutcome | AcceptedAttendance | AcceptedSatisfaction)
        moved = new_state_after(_view(stored), fact)
        if stored is None:
            assert isinstance(fact, AcceptedEnrolment)
            stay = StoredStay(session_id=sid, trainee_key=key, enrolled_on=moved.enrolled_on, status=moved.status,
                              exited_on=None, suspended_on=None, suspensions=0, certification=None,
                              dropout_reason=None, profile=_profile_json(fact.profile), revision=1)
            state.enrolled[sid] = state.enrolled.get(sid, 0) + 1
        else:
            stay = dataclasses.replace(stored, enrolled_on=moved.enrolled_on, status=moved.status,
                                       exited_on=moved.exited_on, suspended_on=moved.suspended_on,
                                       revision=stored.revision + 1)
        state.stays[(sid, key)] = stay
        state.dirty_stays.add((sid, key))
        common: dict[str, Any] = {"session_id": sid, "organisation_id": org, "trainee_key": key, "date": fact.date}
        event: contract.SessionEvent
        ref = payload.get("skills_attestation_ref")
        if isinstance(fact, AcceptedEnrolment):
            stay.profile = _profile_json(fact.profile)
            event = contract.TraineeEnrolled(**common, stay=_snapshot(stay))
            return self._accepted(command, event, stored is not None)
        if isinstance(fact, AcceptedSuspension):
            stay.suspensions += 1
            state.new_suspensions.append((sid, key, stay.suspensions, fact.date, fact.reason, ref))
            event = contract.TraineeSuspended(**common, stay=_snapshot(stay), suspension_number=stay.suspensions)
        elif isinstance(fact, AcceptedResumption):
            state.ended_suspensions.append((sid, key, stay.suspensions, fact.date, ref))
            event = contract.TraineeResumed(**common, stay=_snapshot(stay))
        elif isinstance(fact, AcceptedDropout):
            stay.dropout_reason = fact.reason.value
            event = contract.TraineeDroppedOut(**common, stay=_snapshot(stay), reason=fact.reason)
        else:
            assert isinstance(fact, AcceptedCompletion)
            stay.certification = fact.certification.value
            event = contract.TraineeCompleted(**common, stay=_snapshot(stay), certification=fact.certification)
        extra = {"skills_attestation_ref": ref} if isinstance(fact, AcceptedSuspension | AcceptedResumption) else None
        return self._accepted(command, event, False, extra)

    def _accepted(self, command: str, event: contract.SessionEvent, replaced: bool,
                  extra: Mapping[str, Any] | None = None) -> Declared:
        self.state.events.append(event)
        return Declared(command=command, event=event, replaced=replaced, extra=extra)


def _refused(command: str, rejection: Rejection) -> Declared:
    return Declared(command=command, reason=rejection.reason.value, detail=rejection.detail)


async def _write(conn: asyncpg.Connection, pseudonymizer: Pseudonymizer, state: _State,
                 correlation_id: str | None) -> None:
    await pseudonyms.insert(conn, pseudonymizer.key_version,
                            [(lookup, org, pseudo) for lookup, (org, pseudo) in state.new_pseudonyms.items()])
    await repository.upsert_stays(conn, [state.stays[k] for k in sorted(state.dirty_stays)])
    await repository.insert_suspensions(conn, state.new_suspensions)
    await repository.close_suspensions(conn, state.ended_suspensions)
    await repository.upsert_open_days(conn, state.open_day_rows)
    await repository.upsert_trainer_hours(conn, state.trainer_rows)
    await repository.upsert_attendance(conn, state.attendance_rows)
    await repository.upsert_satisfaction(conn, state.satisfaction_rows)
    await repository.upsert_outcomes(conn, state.outcome_rows)
    await outbox.append(conn, state.events, producer=SERVICE, correlation_id=correlation_id)


async def declare(conn: asyncpg.Connection, pseudonymizer: Pseudonymizer,
                  commands: Sequence[tuple[str | None, object]], *, organisation_id: str | None,
                  correlation_id: str | None = None) -> list[Declared]:
    """Decides and applies `commands` in order, in the caller's transaction.

    `organisation_id` is the authenticated caller (from its credentials, never the body), or
    None for the back office. Refused commands change nothing; accepted ones are written and
    their events join the outbox.
    """
    parsed = [_parse(command, payload, organisation_id) for command, payload in commands]
    state, lookups = await _load(conn, pseudonymizer, parsed, organisation_id)
    decider = _Decider(state, organisation_id)
    results: list[Declared] = []
    for index, ((command, payload), p) in enumerate(zip(commands, parsed, strict=True)):
        name = command if isinstance(command, str) else "unknown"
        if isinstance(p, Rejection):
            results.append(_refused(name, p))
            continue
        assert isinstance(payload, Mapping)
        results.append(decider.decide(name, p, lookups.get(index), payload))
    await _write(conn, pseudonymizer, state, correlation_id)
    refusals = Counter((r.command if r.command in PARSERS else "unknown", r.reason)
                       for r in results if not r.accepted)
    for (name, reason), count in refusals.items():
        REJECTIONS.labels(SERVICE, name, reason).inc(count)
    return results
