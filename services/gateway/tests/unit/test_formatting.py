"""French formats: money, decimals, rates, dates and periods."""

from __future__ import annotations

import pytest

from pacte_gateway.formatting import day, euros, long_day, moment, number, percent, period

NN = "\u202f"  # narrow no-break space between thousands
NB = "\u00a0"  # no-break space before the unit


@pytest.mark.parametrize(("cents", "text"), [
    (123456, f"1{NN}234,56{NB}€"), (0, f"0,00{NB}€"), (5, f"0,05{NB}€"), (-6500, f"-65,00{NB}€"),
    (50000000, f"500{NN}000,00{NB}€"), (123456789012, f"1{NN}234{NN}567{NN}890,12{NB}€"), (None, "—"),
])
def test_money_is_in_euros_the_french_way(cents: int | None, text: str) -> None:
    assert euros(cents) == text


def test_decimals_rates_and_dates() -> None:
    assert number("44.5") == "44,5"
    assert number("7") == "7"
    assert number("1234.50") == f"1{NN}234,5"
    assert number("4.2000", 2) == "4,20"
    assert percent("0.1667") == f"16,7{NB}%"
    assert percent("0.0700", 0) == f"7{NB}%"
    assert percent(None) == "—"
    assert day("2019-09-23") == "23/09/2019"
    assert long_day("2019-09-01") == "1er septembre 2019"
    assert long_day("2020-08-31") == "31 août 2020"
    assert moment("2026-11-26T10:47:55.297306+00:00") == "26/11/2026 à 10:47"
    assert period("2019-12") == "décembre 2019"


def test_formats_agree_with_the_browser_intl_number_format() -> None:
    # Intl.NumberFormat("fr-FR", {style: "currency", currency: "EUR"}).format(1234.56)
    assert euros(123456) == "1\u202f234,56\u00a0€"
