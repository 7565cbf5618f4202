"""The reference model's own check on the worked example: from the small scenario's events to its
expected ``indicators`` and ``budget``, before it is trusted to judge the SQL on random histories."""

from __future__ import annotations

from datetime import date

from ..integration.scenario_events import EXPECTED, expected_scopes, small_scenario_events
from .projection import budget, report


def test_the_small_scenario_events_give_the_expected_report() -> None:
    events = small_scenario_events()
    indicators = expected_scopes(report(events, None))
    assert indicators == EXPECTED["indicators"]
    for scope, values in indicators.items():
        assert list(values) == list(EXPECTED["indicators"][scope]), scope
    assert budget(events) == EXPECTED["budget"]


def test_redelivered_and_reordered_events_change_nothing() -> None:
    events = small_scenario_events()
    assert report([*reversed(events), *events[::3]], date(2019, 10, 31)) == report(events, date(2019, 10, 31))


def test_as_of_the_end_of_september() -> None:
    programme = report(small_scenario_events(), date(2019, 9, 30))["programme"]
    assert (programme["places_offered"], programme["entries"], programme["exits"]) == (30, 10, 1)
    assert programme["dropouts_by_reason"] == {"return_to_work": 1}
