from __future__ import annotations

from datetime import date

import pytest

from .activity import Stay, active_trainees, billable_open_days, is_active

D = date


def test_active_from_enrolment_day() -> None:
    stay = Stay("S", "T", D(2019, 9, 26), None, None)
    assert not is_active(stay, D(2019, 9, 25))
    assert is_active(stay, D(2019, 9, 26))
    assert is_active(stay, D(2030, 1, 1))


@pytest.mark.parametrize("kind", ["completed", "dropped_out"])
def test_exit_day_itself_is_still_active(kind: str) -> None:
    stay = Stay("S", "T", D(2019, 9, 23), D(2019, 9, 27), kind)
    assert is_active(stay, D(2019, 9, 27))
    assert not is_active(stay, D(2019, 9, 28))


def test_stay_validation() -> None:
    with pytest.raises(ValueError, match="together"):
        Stay("S", "T", D(2019, 9, 23), D(2019, 9, 27), None)
    with pytest.raises(ValueError, match="unknown exit"):
        Stay("S", "T", D(2019, 9, 23), D(2019, 9, 27), "teleported")
    assert Stay("S", "T", D(2019, 9, 23), D(2019, 9, 27), "completed").completed
    assert not Stay("S", "T", D(2019, 9, 23), D(2019, 9, 27), "dropped_out").completed


def test_small_scenario_ess_open_days() -> None:
    # S-ESS-1: TR-011/TR-012 enrolled 09-26; TR-012 suspended 09-27..10-01 (still active);
    # TR-011 dropped out 10-01, TR-012 completed 10-02. 09-29 is not planned (refused upstream).
    stays = [
        Stay("S-ESS-1", "TR-011", D(2019, 9, 26), D(2019, 10, 1), "dropped_out"),
        Stay("S-ESS-1", "TR-012", D(2019, 9, 26), D(2019, 10, 2), "completed"),
    ]
    declared = [("S-ESS-1", D(2019, 9, d)) for d in (26, 27, 30)] + [
        ("S-ESS-1", D(2019, 10, 1)),
        ("S-ESS-1", D(2019, 10, 2)),
    ]
    assert billable_open_days(declared, stays) == set(declared)


def test_suspended_only_trainee_keeps_the_day_billable() -> None:
    # Suspension is not an exit: the only trainee being suspended still makes the day billable.
    stays = [Stay("S", "T", D(2019, 9, 26), None, None)]
    assert billable_open_days([("S", D(2019, 9, 27))], stays) == {("S", D(2019, 9, 27))}


def test_open_day_with_no_active_trainee_is_not_billable() -> None:
    stays = [
        Stay("S", "early", D(2019, 9, 2), D(2019, 9, 5), "dropped_out"),
        Stay("S", "late", D(2019, 9, 20), None, None),
        Stay("OTHER", "x", D(2019, 9, 1), None, None),  # another session does not count
    ]
    declared = [("S", D(2019, 9, d)) for d in (1, 5, 6, 19, 20)]
    assert billable_open_days(declared, stays) == {("S", D(2019, 9, 5)), ("S", D(2019, 9, 20))}
    assert billable_open_days(declared, []) == set()


def test_day_becomes_billable_when_an_earlier_enrolment_arrives_later() -> None:
    declared = [("S", D(2019, 9, 10))]
    assert billable_open_days(declared, []) == set()
    assert billable_open_days(declared, [Stay("S", "T", D(2019, 9, 10), None, None)]) == set(declared)
    assert billable_open_days(declared, [Stay("S", "T", D(2019, 9, 11), None, None)]) == set()


def test_duplicates_and_several_trainees_count_once() -> None:
    stays = [Stay("S", f"T{i}", D(2019, 9, 1), None, None) for i in range(5)]
    declared = [("S", D(2019, 9, 2)), ("S", D(2019, 9, 2))]
    assert billable_open_days(declared, stays) == {("S", D(2019, 9, 2))}


def test_active_trainees() -> None:
    stays = [
        Stay("S", "a", D(2019, 9, 1), D(2019, 9, 3), "completed"),
        Stay("S", "b", D(2019, 9, 3), None, None),
        Stay("S2", "c", D(2019, 9, 1), None, None),
    ]
    assert active_trainees(stays, "S", D(2019, 9, 3)) == {"a", "b"}
    assert active_trainees(stays, "S", D(2019, 9, 4)) == {"b"}
