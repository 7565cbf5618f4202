"""Fields of the back-office forms, typed the French way, as the values the services' APIs take.

A value that does not parse is forwarded as typed: the owning service refuses it with its own
`invalid` message, so the rules and their wording live in one place.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from starlette.datastructures import FormData

#: A session's default planned days stop there (a year and a half of weekdays).
MAX_PLANNED_DAYS = 400


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return str(value).strip() if value is not None else ""


def integer(form: FormData, name: str) -> int | str:
    typed = text(form, name).replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    try:
        return int(typed)
    except ValueError:
        return typed


def number(form: FormData, name: str) -> int | float | str:
    """A decimal typed the French way ("7,5") as a JSON number."""
    typed = text(form, name).replace(",", ".").replace(" ", "")
    try:
        value = Decimal(typed)
    except InvalidOperation:
        return typed
    return int(value) if value == value.to_integral_value() else float(value)


def cents(form: FormData, name: str) -> int | str:
    """Euros typed the French way ("1 234,56") as integer cents."""
    typed = text(form, name).replace("€", "").replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    try:
        amount = Decimal(typed.replace(",", ".") or "0") * 100
    except InvalidOperation:
        return typed
    return int(amount) if amount == amount.to_integral_value() else str(amount)


def lines(form: FormData, name: str, *, commas: bool = False) -> list[str]:
    """One item per line (and per comma when `commas`), blanks dropped."""
    typed = text(form, name)
    return [item.strip() for item in (typed.replace(",", "\n") if commas else typed).splitlines() if item.strip()]


def weekdays(starts: str, ends: str) -> list[str]:
    """Monday to Friday between two dates, the default planned days of a session."""
    try:
        first, last = date.fromisoformat(starts), date.fromisoformat(ends)
    except ValueError:
        return []
    days: list[str] = []
    current = first
    while current <= last and len(days) < MAX_PLANNED_DAYS:
        if current.weekday() < 5:
            days.append(current.isoformat())
        current = date.fromordinal(current.toordinal() + 1)
    return days


def safe_next(target: str) -> str:
    """Only local paths: never redirect to another site."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"
