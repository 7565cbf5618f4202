"""One refusal: what a rule returns (`Rejection`) and what a service layer raises (`Refused`).

Deciders are pure: they return the accepted result or a `Rejection`. Service layers call `check`
inside their transaction, so a refusal rolls everything back; the platform turns `Refused` into
RFC 9457 problem+json in one place and stores it under the request's Idempotency-Key like any
other answer. Details must never quote personal data (a trainee id): they are stored and logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pacte_contracts.codes import RejectionReason

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Rejection:
    """A refused command: a stable code for machines, a detail for the person who sent it."""

    reason: RejectionReason
    detail: str
    #: Where in the request the fault is (field paths), for `invalid` of a malformed request.
    errors: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def invalid(cls, detail: str) -> Rejection:
        return cls(RejectionReason.INVALID, detail)


class Refused(Exception):
    """Raised by a service layer: the command changes nothing and is answered with its reason."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(rejection.detail)
        self.rejection = rejection

    @property
    def reason(self) -> RejectionReason:
        return self.rejection.reason

    @property
    def detail(self) -> str:
        return self.rejection.detail


def check(outcome: T | Rejection) -> T:
    """The accepted result, or `Refused` raised with the rejection."""
    if isinstance(outcome, Rejection):
        raise Refused(outcome)
    return outcome


def refuse(reason: RejectionReason, detail: str) -> Refused:
    return Refused(Rejection(reason, detail))


def field_errors(exc: ValidationError) -> tuple[dict[str, Any], ...]:
    """Pydantic's errors as `{"field": "a.b", "message": ...}`, without echoing the input."""
    return tuple(
        {"field": ".".join(str(part) for part in error["loc"]) or "(body)", "message": _message(error)}
        for error in exc.errors(include_url=False, include_input=False)
    )


def _message(error: Mapping[str, Any]) -> str:
    if error["type"] == "missing":
        return "is missing"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def malformed(exc: ValidationError) -> Rejection:
    """The first refusal of SCENARIO.md's order: a field missing, of the wrong type, or not parseable."""
    errors = field_errors(exc)
    detail = "; ".join(f"{e['field']} {e['message']}" for e in errors[:5])
    return Rejection(RejectionReason.INVALID, detail or "the request is malformed", errors)


def parse(model: type[M], payload: object) -> M | Rejection:
    """`payload` (decoded JSON) as the command `model`, or the malformed-request rejection."""
    if not isinstance(payload, Mapping):
        return Rejection.invalid("the command must be a JSON object")
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        return malformed(exc)
