"""Field types of commands: the wire shapes of SCENARIO.md, written once.

A command model is strict: a field of the wrong JSON type (a string where a number is due, a
boolean for a number, a number for a string) is malformed, the first refusal of SCENARIO.md's
order. Values are not range-checked by the rules here: a negative amount or an unknown code is a
refusal of a later stage (after `unknown_session`, `forbidden`...), decided by the owning service.
What is checked here are the input limits of `pacte_contracts.limits` (lengths, alphabets, the
calendar, magnitudes): beyond them a value is malformed, whichever command carries it.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, TypeVar

from annotated_types import Len
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    Strict,
    WithJsonSchema,
)

from pacte_contracts.limits import (
    CONTROL_CHARACTERS,
    FIRST_DATE,
    ID_PATTERN,
    ID_RE,
    LAST_DATE,
    MAX_CENTS,
    MAX_CODE_LENGTH,
    MAX_COUNT,
    MAX_HOURS,
    MAX_ID_LENGTH,
    MAX_ITEMS,
    MAX_NUMBER,
    MAX_NUMBER_DECIMALS,
    MAX_TEXT_LENGTH,
)

T = TypeVar("T")

#: SCENARIO.md / BILLING.md: hours carry at most 2 decimals; more is malformed.
HOUR_DECIMALS = 2
# ASCII digits only: `\d` also matches other scripts' digits.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def _id(value: str) -> str:
    # An id made of spaces can never name anything: malformed rather than unknown.
    if not value.strip():
        raise ValueError("must not be empty or blank")
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(f"is longer than {MAX_ID_LENGTH} characters")
    if not ID_RE.fullmatch(value):
        raise ValueError("must be letters, digits, '.', '_', ':', '~' or '-', starting with a letter or a digit")
    return value


def valid_text(value: str, limit: int = MAX_TEXT_LENGTH) -> str:
    """Text a person could have typed: not longer than `limit`, valid Unicode, no control character."""
    if len(value) > limit:
        raise ValueError(f"is longer than {limit} characters")
    if CONTROL_CHARACTERS.search(value):
        raise ValueError("contains a control character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate such as "\ud8fb"
        raise ValueError("is not valid Unicode text") from None
    return value


def _code(value: str) -> str:
    return valid_text(value, MAX_CODE_LENGTH)


def _not_empty(value: str) -> str:
    if value == "":
        raise ValueError("must not be empty")
    return value


def in_calendar(day: date) -> date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"must be between {FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()}")
    return day


def parse_iso_date(value: Any) -> date:
    """A calendar date written `YYYY-MM-DD` (a `date` is accepted as is, for callers in Python)."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return in_calendar(value)
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError("must be a date YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a calendar date") from None
    return in_calendar(day)


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
    if abs(number) > MAX_HOURS:
        raise ValueError(f"must be between -{MAX_HOURS} and {MAX_HOURS}")
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


def _period_in_calendar(value: str) -> str:
    if not FIRST_DATE.year <= int(value[:4]) <= LAST_DATE.year:
        raise ValueError(f"must be between {FIRST_DATE.year}-01 and {LAST_DATE.year}-12")
    return value


def parse_number(value: Any) -> Decimal:
    """A JSON number as written (floats through their shortest repr), exact, within ±MAX_NUMBER and
    MAX_NUMBER_DECIMALS places; a string or a boolean is malformed."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError("must be a finite number")
    if abs(number) > MAX_NUMBER:
        raise ValueError(f"must be between -{MAX_NUMBER} and {MAX_NUMBER}")
    if _decimal_places(number) > MAX_NUMBER_DECIMALS:
        raise ValueError(f"has more than {MAX_NUMBER_DECIMALS} decimals")
    return number


_TEXT_SCHEMA = {"type": "string", "maxLength": MAX_TEXT_LENGTH}

#: An identifier chosen by the sender (tender, lot, order, session, trainee, trainer, milestone...).
Id = Annotated[str, Strict(), AfterValidator(_id), WithJsonSchema(
    {"type": "string", "minLength": 1, "maxLength": MAX_ID_LENGTH, "pattern": f"^{ID_PATTERN}$"})]
#: A reference code of DOMAIN.md (axis, reason, status...): a string here, its value a later stage's rule.
Code = Annotated[str, Strict(), AfterValidator(_not_empty), AfterValidator(_code),
                 WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_CODE_LENGTH})]
#: A required string that may be empty (a comment, a title).
Text = Annotated[str, Strict(), AfterValidator(valid_text), WithJsonSchema(_TEXT_SCHEMA)]
#: A required non-empty string (a reason, a description).
NonEmptyText = Annotated[str, Strict(), AfterValidator(_not_empty), AfterValidator(valid_text),
                         WithJsonSchema({**_TEXT_SCHEMA, "minLength": 1})]
IsoDate = Annotated[
    date,
    PlainValidator(parse_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    "description": f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"}),
]
Period = Annotated[
    str, Strict(), AfterValidator(_period), AfterValidator(_period_in_calendar),
    WithJsonSchema({"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$", "examples": ["2019-09"]}),
]
Hours = Annotated[
    Decimal,
    PlainValidator(parse_hours),
    PlainSerializer(lambda h: float(h), return_type=float),
    WithJsonSchema({"type": "number", "multipleOf": 0.01, "minimum": -MAX_HOURS, "maximum": MAX_HOURS,
                    "description": "At most 2 decimals"}),
]
#: Money in integer euro cents (a boolean or a float is malformed).
Cents = Annotated[int, Strict(), Field(ge=-MAX_CENTS, le=MAX_CENTS)]
#: A whole number (a boolean or a float is malformed).
Count = Annotated[int, Strict(), Field(ge=-MAX_COUNT, le=MAX_COUNT)]
#: A calendar year (a dropout action plan's, an export's).
Year = Annotated[int, Strict(), Field(ge=FIRST_DATE.year, le=LAST_DATE.year)]
#: An exact number that is not money nor hours (a target's threshold).
Number = Annotated[
    Decimal, PlainValidator(parse_number),
    WithJsonSchema({"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}),
]
#: Path and query parameters arrive as text: the same bounds as `Year` and `Count`, read from it.
YearParam = Annotated[int, Field(ge=FIRST_DATE.year, le=LAST_DATE.year)]
CountParam = Annotated[int, Field(ge=-MAX_COUNT, le=MAX_COUNT)]
#: A list of a command's items (planned days, milestones, members): at most MAX_ITEMS.
Items = Annotated[list[T], Len(0, MAX_ITEMS)]


class Command(BaseModel):
    """Base of every command a person or a partner sends: strict, frozen, other fields ignored.

    SCENARIO.md: "Other extra fields are ignored." `NAME` is the scenario's `cmd`.
    """

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")

    NAME: ClassVar[str] = ""
