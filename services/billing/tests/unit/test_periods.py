from __future__ import annotations

from datetime import date

import pytest

from pacte_billing.domain.periods import (
    contains,
    first_day,
    is_period,
    last_day,
    next_period,
    parse_period,
    period_key,
    period_le,
    period_lt,
    period_of,
    previous_period,
)


def test_period_of() -> None:
    assert period_of(date(2019, 9, 30)) == "2019-09"
    assert period_of(date(2020, 12, 1)) == "2020-12"
    assert period_of(date(987, 1, 1)) == "0987-01"


def test_parse_period() -> None:
    assert parse_period("2019-09") == (2019, 9)
    assert parse_period("2020-12") == (2020, 12)


@pytest.mark.parametrize(
    "text",
    [
        "2019-13",
        "2019-00",
        "2019-9",
        "19-09",
        "2019/09",
        "2019-09-01",
        "",
        "0000-01",
        " 2019-09",
        None,
        201909,
    ],
)
def test_parse_period_rejects(text: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the only error it raises
        parse_period(text)
    assert not is_period(text)


def test_first_and_last_day() -> None:
    assert first_day("2019-09") == date(2019, 9, 1)
    assert last_day("2019-09") == date(2019, 9, 30)
    assert last_day("2020-02") == date(2020, 2, 29)
    assert last_day("2019-02") == date(2019, 2, 28)
    assert last_day("2019-12") == date(2019, 12, 31)


def test_ordering_and_neighbours() -> None:
    assert period_le("2019-09", "2019-09")
    assert period_lt("2019-09", "2019-10")
    assert period_lt("2019-12", "2020-01")
    assert not period_le("2020-01", "2019-12")
    assert next_period("2019-12") == "2020-01"
    assert next_period("2019-09") == "2019-10"
    assert previous_period("2020-01") == "2019-12"
    assert previous_period("2019-10") == "2019-09"
    assert sorted(["2020-01", "2019-10", "2019-09"], key=period_key) == ["2019-09", "2019-10", "2020-01"]
    assert contains("2019-09", date(2019, 9, 30))
    assert not contains("2019-09", date(2019, 10, 1))
