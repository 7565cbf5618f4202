from __future__ import annotations

from datetime import date

import pytest

from pacte_billing.domain.periods import last_day, parse_period, period_of


def test_period_of() -> None:
    assert period_of(date(2019, 9, 30)) == "2019-09"
    assert period_of(date(2020, 12, 1)) == "2020-12"
    assert period_of(date(987, 1, 1)) == "0987-01"


def test_parse_period() -> None:
    assert parse_period("2019-09") == (2019, 9)
    assert parse_period("2020-12") == (2020, 12)
    assert parse_period("2019-12") < parse_period("2020-01")


@pytest.mark.parametrize(
    "text",
    ["2019-13", "2019-00", "2019-9", "19-09", "2019/09", "2019-09-01", "", "0000-01", " 2019-09", None, 201909],
)
def test_parse_period_rejects(text: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the only error it raises
        parse_period(text)


def test_last_day() -> None:
    assert last_day("2019-09") == date(2019, 9, 30)
    assert last_day("2020-02") == date(2020, 2, 29)
    assert last_day("2019-02") == date(2019, 2, 28)
    assert last_day("2019-12") == date(2019, 12, 31)
