"""Rules several services apply, written once: rounding, rates, quantities, who is active on a day,
what a SIRET is.

Pure and stdlib only. Every rounding is exact (on fractions, never limited by the decimal context's
28 digits) and half up, ties away from zero, as BILLING.md and INDICATORS.md state it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

#: An exact number: what the rules accept (never a float).
Exact = int | Decimal | Fraction

#: Rates (and satisfaction_avg, axis shares) are reported with exactly this many decimals.
RATE_PLACES: Final = 4


def _half_up(value: Fraction) -> int:
    """The whole number nearest ``value``, ties away from zero (0.5 → 1, -0.5 → -1)."""
    magnitude = abs(value)
    rounded = (magnitude.numerator * 2 + magnitude.denominator) // (magnitude.denominator * 2)
    return -rounded if value < 0 else rounded


def round_half_up(value: Exact, places: int = 0) -> Decimal:
    """``value`` rounded half up to ``places`` decimals, exactly: 0.00005 at 4 places gives 0.0001."""
    scaled = _half_up(Fraction(value) * 10**places)
    # From text, because Decimal arithmetic (scaleb included) would round to the context's precision.
    return Decimal(f"{scaled}E{-places}")


def round_cents(value: Exact) -> int:
    """An amount in fractional cents rounded to a whole cent, ties away from zero."""
    return _half_up(Fraction(value))


def rate(numerator: Exact, denominator: Exact) -> Decimal | None:
    """``numerator / denominator`` as reported: rounded half up to 4 decimals; None when the denominator is 0."""
    if denominator == 0:
        return None
    return round_half_up(Fraction(numerator) / Fraction(denominator), RATE_PLACES)


def rate_string(value: Decimal | None) -> str | None:
    """A rate as reports print it: exactly 4 decimals (rounded half up if it has more), null stays null."""
    return None if value is None else format(round_half_up(value, RATE_PLACES), "f")


def canonical_quantity(value: Decimal | int) -> str:
    """A quantity as reports print it (SCENARIO.md): no exponent, no trailing zeros after the point,
    "0" for zero whatever its sign or places: "10.75", "-1", "100", "0"."""
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a quantity: {value!r}")
    if number.is_zero():
        return "0"
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def active_on(enrolled_on: date, exited_on: date | None, day: date) -> bool:
    """BILLING.md "Who is active": enrolled on or before ``day`` and not exited strictly before it.

    The exit day still counts, and a suspended trainee stays active (a suspension is a pause).
    """
    return enrolled_on <= day and (exited_on is None or exited_on >= day)


#: La Poste's establishments share one SIREN and are numbered past what the Luhn key allows: INSEE
#: checks their SIRET by the sum of its digits instead (a multiple of 5).
LA_POSTE_SIREN: Final = "356000000"


def siret_is_valid(siret: str) -> bool:
    """A SIRET as INSEE issues it: 14 ASCII digits whose Luhn sum is a multiple of 10 (La Poste's
    establishments: whose digit sum is a multiple of 5)."""
    if len(siret) != 14 or not all("0" <= c <= "9" for c in siret):
        return False
    digits = [int(c) for c in siret]
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00001":
        return sum(digits) % 5 == 0
    total = 0
    for position, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if position % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def vat_number_is_valid(vat_number: str) -> bool:
    """A French intra-community VAT number: `FR`, a 2-digit key, the SIREN; the key is
    (12 + 3 × (SIREN mod 97)) mod 97."""
    if len(vat_number) != 13 or not vat_number.startswith("FR") or not vat_number[2:].isascii() \
            or not vat_number[2:].isdigit():
        return False
    key, siren = int(vat_number[2:4]), int(vat_number[4:])
    return key == (12 + 3 * (siren % 97)) % 97


#: The early warning counts of attendance's `GET /back-office/warnings` rows that add up over lots and
#: organisations (its precision does not: it is recomputed from the totals).
WARNING_COUNTS: Final = ("open", "raised", "cleared", "warned_trainees", "warned_exited", "warned_dropped_out")


def warning_precision(warned_dropped_out: int, warned_exited: int) -> Decimal | None:
    """Of the warned trainees who left their session, the share who dropped out (None before any left)."""
    return rate(warned_dropped_out, warned_exited)


def warning_totals(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Early warnings added over lots and organisations, with the precision of the totals."""
    listed = list(rows)
    totals: dict[str, Any] = {name: sum(int(row[name]) for row in listed) for name in WARNING_COUNTS}
    totals["precision"] = warning_precision(totals["warned_dropped_out"], totals["warned_exited"])
    return totals
