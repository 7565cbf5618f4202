"""French formats for the pages: money in euros, exact decimals, rates, dates and periods.

Thousands are separated by a narrow no-break space (U+202F) and the unit by a no-break space (U+00A0),
as `Intl.NumberFormat("fr-FR")` writes them: 123456 cents -> "1 234,56 €".
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pacte_contracts.rules import round_half_up

NNBSP = "\u202f"
NBSP = "\u00a0"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
EMPTY = "—"


def _group(integer: str) -> str:
    digits = integer.lstrip("-")
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ("-" if integer.startswith("-") else "") + NNBSP.join(groups)


def number(value: Any, places: int | None = None) -> str:
    """An exact decimal in French: `"44.5"` -> "44,5"; `places` rounds half up."""
    if value is None or value == "":
        return EMPTY
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not amount.is_finite():
        return str(value)
    if places is not None:
        amount = round_half_up(amount, places)
    elif amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    else:
        amount = amount.normalize()
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):f}"
    integer, _, fraction = text.partition(".")
    return _group(sign + integer) + ("," + fraction if fraction else "")


def euros(cents: Any) -> str:
    """Integer cents as euros: 123456 -> "1 234,56 €"."""
    if cents is None or cents == "":
        return EMPTY
    return f"{number(Decimal(int(cents)) / 100, 2)}{NBSP}€"


def percent(rate: Any, places: int = 1) -> str:
    """A rate (exact decimal string of the API) as a percentage: "0.1667" -> "16,7 %"; null -> "—"."""
    if rate is None or rate == "":
        return EMPTY
    return f"{number(Decimal(str(rate)) * 100, places)}{NBSP}%"


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text[:10])
    except ValueError:
        return None


def day(value: Any) -> str:
    """An ISO date as "23/09/2019"."""
    parsed = _as_date(value)
    return parsed.strftime("%d/%m/%Y") if parsed else (str(value) if value else EMPTY)


def long_day(value: Any) -> str:
    """An ISO date as "23 septembre 2019" (1er for the first day)."""
    parsed = _as_date(value)
    if parsed is None:
        return str(value) if value else EMPTY
    first = "1er" if parsed.day == 1 else str(parsed.day)
    return f"{first} {MONTHS[parsed.month - 1]} {parsed.year}"


def moment(value: Any) -> str:
    """An ISO timestamp as "23/09/2019 à 14:05" (UTC as sent by the services)."""
    if not value:
        return EMPTY
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    return parsed.strftime("%d/%m/%Y à %H:%M")


def period(value: Any) -> str:
    """A billing period `YYYY-MM` as "septembre 2019"."""
    try:
        year, month = str(value).split("-")
        return f"{MONTHS[int(month) - 1]} {int(year)}"
    except (ValueError, IndexError):
        return str(value) if value else EMPTY


def display(value: Any, kind: str) -> str:
    """A figure in the format its kind calls for: `number`, `percent`, `euros` (cents) or `score` (2 decimals)."""
    if kind == "percent":
        return percent(value)
    if kind == "euros":
        return euros(value)
    if kind == "score":
        return number(value, 2) if value is not None else EMPTY
    return number(value)


def install(env: Any) -> None:
    """Registers the formats as Jinja2 filters, and `display` as a function."""
    env.filters.update(euros=euros, number=number, percent=percent, day=day, long_day=long_day, moment=moment,
                       period=period)
    env.globals["display"] = display
