"""The metrics refresher's pause: the interval, or four times a long recomputation (a fifth of the time)."""

from __future__ import annotations

from typing import Any

import pytest

from pacte_indicators.service_layer.metrics_refresh import MAX_SHARE, MetricsRefresher


def refresher(last_seconds: float) -> MetricsRefresher:
    nothing: Any = None
    made = MetricsRefresher(nothing, nothing, min_interval_s=5.0)
    made.last_seconds = last_seconds
    return made


@pytest.mark.parametrize(("last_seconds", "pause"), [(0.0, 5.0), (0.3, 5.0), (1.25, 5.0), (2.0, 8.0), (4.6, 18.4)])
def test_a_long_recomputation_is_followed_by_a_longer_pause(last_seconds: float, pause: float) -> None:
    assert refresher(last_seconds).pause_s() == pytest.approx(pause)


def test_recomputing_takes_at_most_its_share_of_the_time_once_it_is_long() -> None:
    for last_seconds in (1.25, 3.0, 60.0):
        assert last_seconds / (last_seconds + refresher(last_seconds).pause_s()) == pytest.approx(MAX_SHARE)
