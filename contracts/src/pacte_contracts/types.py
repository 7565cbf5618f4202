"""Field types of commands: the wire shapes of SCENARIO.md, written once.

A command model is strict: a field of the wrong JSON type (a string where a number is due, a
boolean for a number, a number for a string) is malformed, the first refusal of SCENARIO.md's
order. Values are not range-checked here: a negative amount or an unknown code is a refusal of a
later stage (after `unknown_session`, `forbidden`...), decided by the owning service's rules.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    Strict,
    WithJsonSchema,
)

#: SCENARIO.md / BILLING.md: hours carry at most 2 decimals; more is malformed.
HOUR_DECIMALS = 2
# ASCII digits only: `\d` also matches other scripts' digits.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def _not_blank(value: str) -> str:
    # An id made of spaces can never name anything: malformed rather than unknown.
    if not value.strip():
        raise ValueError("must not be empty or blank")
    return value


def _not_empty(value: str) -> str:
    if value == "":
        raise ValueError("must not be empty")
    return value


def parse_iso_date(value: Any) -> date:
    """A calendar date written `YYYY-MM-DD` (a `date` is accepted as is, for callers in Python)."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError("must be a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a calendar date") from None


def _decimal_places(value: Decimal) -> int:
    """Places of the value itself: `7.10` has one, whatever the writer's trailing zeros."""
    _, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)
    return max(-exponent, 0) if digits != (0,) else 0


def parse_hours(value: Any) -> Decimal:
    """A JSON number with at most 2 decimals, as an exact Decimal in canonical form.

    Floats are read through their shortest repr, which is what the sender wrote in JSON, so 7.125
    stays 7.125 (refused) instead of becoming the float's binary expansion. The sign is a later
    stage's rule.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError("must be a finite number")
    if number == 0:
        return Decimal(0)  # -0 and 0.00 are plain zero
    places = _decimal_places(number)
    if places > HOUR_DECIMALS:
        raise ValueError(f"has more than {HOUR_DECIMALS} decimals")
    try:
        return number.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        raise ValueError("is out of range") from None


def _period(value: str) -> str:
    if not _PERIOD.fullmatch(value):
        raise ValueError("must be a period YYYY-MM")
    if value.startswith("0000"):
        # As for dates (`IsoDate`): there is no year 0, so no month of it to bill or close.
        raise ValueError("is not a calendar month")
    return value


#: An identifier chosen by the sender (tender, lot, order, session, trainee, trainer, milestone...).
Id = Annotated[str, Strict(), AfterValidator(_not_blank)]
#: A reference code of DOMAIN.md (axis, reason, status...): a string here, its value a later stage's rule.
Code = Annotated[str, Strict(), AfterValidator(_not_empty)]
#: A required string that may be empty (a comment, a title).
Text = Annotated[str, Strict()]
#: A required non-empty string (a reason, a description).
NonEmptyText = Annotated[str, Strict(), AfterValidator(_not_empty)]
IsoDate = Annotated[
    date,
    PlainValidator(parse_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
]
Period = Annotated[
    str, Strict(), AfterValidator(_period),
    WithJsonSchema({"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$", "examples": ["2019-09"]}),
]
Hours = Annotated[
    Decimal,
    PlainValidator(parse_hours),
    PlainSerializer(lambda h: float(h), return_type=float),
    WithJsonSchema({"type": "number", "multipleOf": 0.01, "description": "At most 2 decimals"}),
]
#: Money in integer euro cents (a boolean or a float is malformed).
Cents = Annotated[int, Strict()]
#: A whole number (a boolean or a float is malformed).
Count = Annotated[int, Strict()]


class Command(BaseModel):
    """Base of every command a person or a partner sends: strict, frozen, other fields ignored.

    SCENARIO.md: "Other extra fields are ignored." `NAME` is the scenario's `cmd`.
    """

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")

    NAME: ClassVar[str] = ""
