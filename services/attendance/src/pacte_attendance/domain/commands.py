"""Phase 1: structural parsing of organisation and back-office commands (precedence level 1).

A `parse_*` function only checks that each field is present and of the right JSON shape. Code
fields (absence, reason, certification, status, profile values) stay raw strings here: an unknown
code is a level-3 `invalid`, which must lose against `unknown_session`, `forbidden`, etc., so it
is decided later by the matching `decide_*` function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

from pacte_attendance.domain._wire import (
    Malformed,
    read_date,
    read_hours,
    read_id,
    read_int,
    read_mapping,
    read_optional_code,
    read_str,
)
from pacte_attendance.domain.model import Rejection
from pacte_contracts.codes import RejectionReason

_P = TypeVar("_P")


@dataclass(frozen=True, slots=True)
class ParsedOpenDay:
    session_id: str
    date: date


@dataclass(frozen=True, slots=True)
class ParsedTrainerHours:
    session_id: str
    trainer_id: str
    date: date
    hours: Decimal


@dataclass(frozen=True, slots=True)
class ParsedEnrol:
    session_id: str
    trainee_id: str
    date: date
    # Raw object: its values are checked at level 3 (DOMAIN.md profile codes).
    profile: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ParsedAttendance:
    session_id: str
    trainee_id: str
    date: date
    hours_present: Decimal
    absence: str | None


@dataclass(frozen=True, slots=True)
class ParsedSuspend:
    session_id: str
    trainee_id: str
    date: date
    reason: str  # free text, not a code


@dataclass(frozen=True, slots=True)
class ParsedResume:
    session_id: str
    trainee_id: str
    date: date


@dataclass(frozen=True, slots=True)
class ParsedDropout:
    session_id: str
    trainee_id: str
    date: date
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedComplete:
    session_id: str
    trainee_id: str
    date: date
    certification: str


@dataclass(frozen=True, slots=True)
class ParsedSatisfaction:
    session_id: str
    trainee_id: str
    date: date
    score: int


@dataclass(frozen=True, slots=True)
class ParsedOutcome:
    session_id: str
    trainee_id: str
    months_after_exit: int
    observed_on: date
    status: str


def _parse(payload: object, build: Callable[[Mapping[str, Any]], _P]) -> _P | Rejection:
    if not isinstance(payload, Mapping):
        return Rejection(RejectionReason.INVALID, "the command must be a JSON object")
    try:
        return build(payload)
    except Malformed as fault:
        return Rejection(RejectionReason.INVALID, fault.detail)


def parse_open_day(payload: Mapping[str, Any]) -> ParsedOpenDay | Rejection:
    return _parse(
        payload, lambda p: ParsedOpenDay(session_id=read_id(p, "session_id"), date=read_date(p, "date"))
    )


def parse_trainer_hours(payload: Mapping[str, Any]) -> ParsedTrainerHours | Rejection:
    return _parse(
        payload,
        lambda p: ParsedTrainerHours(
            session_id=read_id(p, "session_id"),
            trainer_id=read_id(p, "trainer_id"),
            date=read_date(p, "date"),
            hours=read_hours(p, "hours"),
        ),
    )


def parse_enrol(payload: Mapping[str, Any]) -> ParsedEnrol | Rejection:
    return _parse(
        payload,
        lambda p: ParsedEnrol(
            session_id=read_id(p, "session_id"),
            trainee_id=read_id(p, "trainee_id"),
            date=read_date(p, "date"),
            # A read-only copy: the parsed command must not change if the caller's dict does.
            profile=MappingProxyType(dict(read_mapping(p, "profile"))),
        ),
    )


def parse_attendance(payload: Mapping[str, Any]) -> ParsedAttendance | Rejection:
    return _parse(
        payload,
        lambda p: ParsedAttendance(
            session_id=read_id(p, "session_id"),
            trainee_id=read_id(p, "trainee_id"),
            date=read_date(p, "date"),
            hours_present=read_hours(p, "hours_present"),
            absence=read_optional_code(p, "absence"),
        ),
    )


def parse_suspend(payload: Mapping[str, Any]) -> ParsedSuspend | Rejection:
    return _parse(
        payload,
        lambda p: ParsedSuspend(
            session_id=read_id(p, "session_id"),
            trainee_id=read_id(p, "trainee_id"),
            date=read_date(p, "date"),
            reason=read_str(p, "reason"),
        ),
    )


def parse_resume(payload: Mapping[str, Any]) -> ParsedResume | Rejection:
    return _parse(
        payload,
        lambda p: ParsedResume(
            session_id=read_id(p, "session_id"),
            trainee_id=read_id(p, "trainee_id"),
            date=read_date(p, "date"),
        ),
    )


def parse_dropout(payload: Mapping[str, Any]) -> ParsedDropout | Rejection:
    return _parse(
        payload,
        lambda p: ParsedDropout(
            session_id=read_id(p, "session_id"),
            trainee_id=read_id(p, "trainee_id"),
            date=read_date(p, "date"),
            reason=read_str(p, "reason"),
        ),
    )


def parse_complete(payload: Mapping[str, Any]) -> ParsedComplete | Rejection:
    return _parse(
        payload,
        lambda p: ParsedComplete(
            session_id=read_id(p, "session_id"),
            trainee_id=read_id(p, "trainee_id"),
            date=read_date(p, "date"),
            certification=read_str(p, "certification"),
        ),
    )


def parse_satisfaction(payload: Mapping[str, Any]) -> ParsedSatisfaction | Rejection:
    # The score must be a JSON integer (a 4.5 is the wrong type); its 1-5 range is level 3.
    return _parse(
        payload,
        lambda p: ParsedSatisfaction(
            session_id=read_id(p, "session_id"),
            trainee_id=read_id(p, "trainee_id"),
            date=read_date(p, "date"),
            score=read_int(p, "score"),
        ),
    )


def parse_outcome(payload: Mapping[str, Any]) -> ParsedOutcome | Rejection:
    # months_after_exit must be an integer here; "6 or 12" is a level-3 range check.
    return _parse(
        payload,
        lambda p: ParsedOutcome(
            session_id=read_id(p, "session_id"),
            trainee_id=read_id(p, "trainee_id"),
            months_after_exit=read_int(p, "months_after_exit"),
            observed_on=read_date(p, "observed_on"),
            status=read_str(p, "status"),
        ),
    )


ParsedCommand = (
    ParsedOpenDay
    | ParsedTrainerHours
    | ParsedEnrol
    | ParsedAttendance
    | ParsedSuspend
    | ParsedResume
    | ParsedDropout
    | ParsedComplete
    | ParsedSatisfaction
    | ParsedOutcome
)

#: Wire command name → its parser, for adapters that dispatch on `cmd`.
PARSERS: Mapping[str, Callable[[Mapping[str, Any]], ParsedCommand | Rejection]] = {
    "session.open_day": parse_open_day,
    "trainer.hours": parse_trainer_hours,
    "trainee.enrol": parse_enrol,
    "attendance.record": parse_attendance,
    "trainee.suspend": parse_suspend,
    "trainee.resume": parse_resume,
    "trainee.dropout": parse_dropout,
    "trainee.complete": parse_complete,
    "satisfaction.record": parse_satisfaction,
    "outcome.record": parse_outcome,
}
