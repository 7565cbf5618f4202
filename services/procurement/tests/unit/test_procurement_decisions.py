from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pacte_contracts.codes import Axis, Procedure, RejectionReason, Territory
from pacte_contracts.refusals import parse
from pacte_procurement.domain import (
    AwardLot,
    DefineLot,
    JobseekerReference,
    Lot,
    LotStatus,
    Order,
    OrderStatus,
    PlaceOrder,
    PublishTender,
    Rejection,
    RescheduleSession,
    ScheduleSession,
    Session,
    SessionStatus,
    SetJobseekerCount,
    Tender,
    TenderStatus,
    decide_award,
    decide_cancel_session,
    decide_close_tender,
    decide_define_lot,
    decide_jobseekers,
    decide_place_order,
    decide_publish_tender,
    decide_reschedule,
    decide_schedule_session,
    decide_unsuccessful,
)

from ._builders import lot, lot_payload, order, session, session_payload, tender, tender_payload

INVALID = RejectionReason.INVALID


def reason(result: object) -> RejectionReason | None:
    return result.reason if isinstance(result, Rejection) else None


# --- tenders -------------------------------------------------------------------------------------


def test_publish_tender_creates_it_published() -> None:
    draft = parse(PublishTender, tender_payload())
    assert isinstance(draft, PublishTender)
    t = decide_publish_tender(draft, tender_exists=False)
    assert isinstance(t, Tender)
    assert t.status is TenderStatus.PUBLISHED
    assert (t.axis, t.procedure) == (Axis.QUALIFYING, Procedure.QUOTE)
    closed = decide_close_tender(t)
    assert isinstance(closed, Tender)
    assert closed.status is TenderStatus.CLOSED
    assert reason(decide_close_tender(closed)) is INVALID
    assert reason(decide_close_tender(None)) is INVALID


@pytest.mark.parametrize(
    "kw",
    [
        {"tender_id": None},
        {"budget_cents": "100"},
        {"budget_cents": 100.0},
        {"budget_cents": True},
        {"starts_on": "2019-9-01"},
        {"ends_on": 20190901},
        {"axis": 1},
    ],
)
def test_parse_tender_structural(kw: dict[str, Any]) -> None:
    assert reason(parse(PublishTender, tender_payload(**kw))) is INVALID


def test_parse_tender_missing_field() -> None:
    payload = tender_payload()
    del payload["procedure"]
    assert reason(parse(PublishTender, payload)) is INVALID


@pytest.mark.parametrize(
    "kw",
    [
        {"axis": "axis-1"},
        {"procedure": "negotiated"},
        {"budget_cents": -1},
        {"starts_on": "2019-09-02"},
    ],
)
def test_publish_tender_bad_values(kw: dict[str, Any]) -> None:
    draft = parse(PublishTender, tender_payload(**kw))
    assert isinstance(draft, PublishTender)
    assert reason(decide_publish_tender(draft, tender_exists=False)) is INVALID


def test_publish_existing_tender_is_invalid() -> None:
    draft = parse(PublishTender, tender_payload(budget_cents=0))
    assert isinstance(draft, PublishTender)
    assert reason(decide_publish_tender(draft, tender_exists=True)) is INVALID
    assert isinstance(decide_publish_tender(draft, tender_exists=False), Tender)


# --- lots ------------------------------------------------------------------------------------------


def _lot_draft(**kw: Any) -> DefineLot:
    draft = parse(DefineLot, lot_payload(**kw))
    assert isinstance(draft, DefineLot)
    return draft


def test_define_lot_is_open() -> None:
    result = decide_define_lot(_lot_draft(), lot_exists=False, tender=tender())
    assert isinstance(result, Lot)
    assert result.status is LotStatus.OPEN
    assert result.territory is Territory.RHONE
    assert result.additional_modules == ("CACES R489",)
    assert result.vat_rate is None  # vocational training: exempt
    taxed = decide_define_lot(_lot_draft(vat_rate="20"), lot_exists=False, tender=tender())
    assert isinstance(taxed, Lot) and taxed.vat_rate == "20"


@pytest.mark.parametrize(
    "kw",
    [
        {"additional_modules": "CACES"},
        {"additional_modules": [1]},
        {"number": "1"},
        {"session_capacity": 1.5},
        {"territory": 69},
        {"unit_price_cents": None},
        {"continuity_bonus_cents": "400"},
        {"vat_rate": 20},
    ],
)
def test_parse_lot_structural(kw: dict[str, Any]) -> None:
    assert reason(parse(DefineLot, lot_payload(**kw))) is INVALID


@pytest.mark.parametrize(
    "kw",
    [
        {"territory": "75"},
        {"domain": "finance"},
        {"action_type": "retraining"},
        {"billing_unit": "trainee_day"},
        {"unit_price_cents": -1},
        {"session_capacity": 0},
        {"return_to_work_bonus_cents": -5},
        {"continuity_bonus_cents": -1},
        {"number": 0},
        {"vat_rate": "19.6"},
    ],
)
def test_define_lot_bad_values(kw: dict[str, Any]) -> None:
    assert reason(decide_define_lot(_lot_draft(**kw), lot_exists=False, tender=tender())) is INVALID


def test_a_lot_pays_no_continuity_bonus_unless_it_defines_one() -> None:
    lot = decide_define_lot(_lot_draft(), lot_exists=False, tender=tender())
    assert isinstance(lot, Lot) and lot.continuity_bonus_cents == 0
    paying = decide_define_lot(_lot_draft(continuity_bonus_cents=40_000), lot_exists=False, tender=tender())
    assert isinstance(paying, Lot) and paying.continuity_bonus_cents == 40_000
    from pacte_procurement.service_layer.events import lot_defined

    assert lot_defined(paying, Axis.ESSENTIALS).continuity_bonus_cents == 40_000  # and so every order and session


def test_define_lot_references() -> None:
    assert reason(decide_define_lot(_lot_draft(), lot_exists=True, tender=tender())) is INVALID
    assert reason(decide_define_lot(_lot_draft(), lot_exists=False, tender=None)) is INVALID
    closed = replace(tender(), status=TenderStatus.CLOSED)
    assert reason(decide_define_lot(_lot_draft(), lot_exists=False, tender=closed)) is INVALID


def _award(members: list[str], holder: str = "OF-A") -> AwardLot:
    draft = parse(AwardLot,
        {"lot_id": "L-1", "organisation_id": holder, "organisation_name": "A", "members": members}
    )
    assert isinstance(draft, AwardLot)
    return draft


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (["OF-A"], ("OF-A",)),
        (["OF-B", "OF-A"], ("OF-A", "OF-B")),
        (["OF-B"], ("OF-A", "OF-B")),
        ([], ("OF-A",)),
        (["OF-B", "OF-B", "OF-A"], ("OF-A", "OF-B")),
    ],
)
def test_award_holder_leads_members(members: list[str], expected: tuple[str, ...]) -> None:
    awarded = decide_award(lot(LotStatus.OPEN), _award(members))
    assert isinstance(awarded, Lot)
    assert awarded.status is LotStatus.AWARDED
    assert awarded.holder_id == "OF-A"
    assert awarded.members == expected


def test_award_and_unsuccessful_need_an_open_lot() -> None:
    assert reason(decide_award(None, _award([]))) is INVALID
    assert reason(decide_award(lot(LotStatus.AWARDED), _award([]))) is INVALID
    assert reason(decide_award(lot(LotStatus.UNSUCCESSFUL), _award([]))) is INVALID
    assert reason(decide_unsuccessful(None)) is INVALID
    assert reason(decide_unsuccessful(lot(LotStatus.AWARDED))) is INVALID
    assert reason(decide_unsuccessful(lot(LotStatus.UNSUCCESSFUL))) is INVALID
    done = decide_unsuccessful(lot(LotStatus.OPEN))
    assert isinstance(done, Lot)
    assert done.status is LotStatus.UNSUCCESSFUL


@pytest.mark.parametrize(
    "payload",
    [
        {"lot_id": "L-1", "organisation_id": "OF-A", "organisation_name": "A", "members": "OF-A"},
        {"lot_id": "L-1", "organisation_id": "OF-A", "organisation_name": "A", "members": [3]},
        {"lot_id": "L-1", "organisation_id": "", "organisation_name": "A", "members": []},
        {"lot_id": "L-1", "organisation_id": "OF-A", "members": []},
    ],
)
def test_parse_award_structural(payload: dict[str, Any]) -> None:
    assert reason(parse(AwardLot, payload)) is INVALID


# --- orders ---------------------------------------------------------------------------------------


def _order(amount: Any = 500) -> PlaceOrder:
    draft = parse(PlaceOrder, {"order_id": "BC-9", "lot_id": "L-1", "amount_cents": amount})
    assert isinstance(draft, PlaceOrder)
    return draft


def test_place_order() -> None:
    placed = decide_place_order(_order(), lot(), tender(1000), 500, False)
    assert isinstance(placed, Order)
    assert (placed.tender_id, placed.holder_id, placed.status) == ("T-1", "OF-1", OrderStatus.PLACED)


@pytest.mark.parametrize("amount", ["500", 5.0, True, None])
def test_parse_order_structural(amount: Any) -> None:
    assert reason(parse(PlaceOrder, {"order_id": "BC-9", "lot_id": "L-1", "amount_cents": amount})) is INVALID


def test_order_precedence() -> None:
    big = _order(10**9)
    # invalid (level 3) beats lot_not_awarded and budget_exceeded
    assert reason(decide_place_order(big, lot(LotStatus.OPEN), tender(0), 0, True)) is INVALID
    assert reason(decide_place_order(big, None, tender(0), 0, False)) is INVALID
    assert reason(decide_place_order(big, lot(LotStatus.OPEN), None, 0, False)) is INVALID
    assert reason(decide_place_order(_order(0), lot(LotStatus.OPEN), tender(0), 0, False)) is INVALID
    assert reason(decide_place_order(_order(-3), lot(), tender(), 0, False)) is INVALID
    # lot_not_awarded beats budget_exceeded
    assert reason(decide_place_order(big, lot(LotStatus.OPEN), tender(0), 0, False)) is (
        RejectionReason.LOT_NOT_AWARDED
    )
    assert reason(decide_place_order(big, lot(LotStatus.UNSUCCESSFUL), tender(0), 0, False)) is (
        RejectionReason.LOT_NOT_AWARDED
    )
    assert reason(decide_place_order(big, lot(), tender(0), 0, False)) is RejectionReason.BUDGET_EXCEEDED


def test_budget_boundary() -> None:
    assert isinstance(decide_place_order(_order(500), lot(), tender(1000), 500, False), Order)
    assert reason(decide_place_order(_order(501), lot(), tender(1000), 500, False)) is (
        RejectionReason.BUDGET_EXCEEDED
    )


# --- sessions ---------------------------------------------------------------------------------------


def _session_draft(**kw: Any) -> ScheduleSession:
    draft = parse(ScheduleSession, session_payload(**kw))
    assert isinstance(draft, ScheduleSession), draft
    return draft


def _schedule(draft: ScheduleSession, **kw: Any) -> Session | Rejection:
    args: dict[str, Any] = {"session_exists": False, "order": order(), "lot": lot()}
    args.update(kw)
    return decide_schedule_session(draft, **args)


def test_schedule_session() -> None:
    s = _schedule(_session_draft())
    assert isinstance(s, Session)
    assert s.planned_days == (date(2019, 9, 23), date(2019, 9, 24))
    assert s.hours_per_day == Decimal("7.25")
    assert s.holder_id == "OF-1"
    assert s.status_on(date(2019, 9, 22)) is SessionStatus.SCHEDULED
    assert s.status_on(date(2019, 9, 23)) is SessionStatus.RUNNING
    assert s.status_on(date(2019, 9, 27)) is SessionStatus.RUNNING
    assert s.status_on(date(2019, 9, 28)) is SessionStatus.FINISHED
    assert replace(s, cancelled=True).status_on(date(2019, 9, 1)) is SessionStatus.CANCELLED


@pytest.mark.parametrize("hours", [7, 7.5, 24, 0.01, 7.10])
def test_hours_with_at_most_two_decimals(hours: float) -> None:
    assert isinstance(_schedule(_session_draft(hours_per_day=hours)), Session)


@pytest.mark.parametrize(
    "kw",
    [
        {"hours_per_day": 7.125},
        {"hours_per_day": "7"},
        {"hours_per_day": True},
        {"hours_per_day": 0.1 + 0.2},
        {"planned_days": "2019-09-23"},
        {"planned_days": ["2019-09-23", "23/09/2019"]},
        {"capacity": 10.0},
        {"starts_on": None},
        {"place": 3},
    ],
)
def test_parse_session_structural(kw: dict[str, Any]) -> None:
    assert reason(parse(ScheduleSession, session_payload(**kw))) is INVALID


@pytest.mark.parametrize(
    "kw",
    [
        {"starts_on": "2019-09-28"},
        {"planned_days": []},
        {"planned_days": ["2019-09-23", "2019-09-23"]},
        {"planned_days": ["2019-09-22"]},
        {"planned_days": ["2019-09-28"]},
        {"hours_per_day": 0},
        {"hours_per_day": -1},
        {"hours_per_day": 24.01},
        {"capacity": 0},
        {"capacity": 13},
    ],
)
def test_schedule_session_bad_values(kw: dict[str, Any]) -> None:
    assert reason(_schedule(_session_draft(**kw))) is INVALID


def test_schedule_session_references() -> None:
    draft = _session_draft()
    assert reason(_schedule(draft, session_exists=True)) is INVALID
    assert reason(_schedule(draft, order=None)) is INVALID
    assert reason(_schedule(draft, lot=None)) is INVALID
    assert reason(_schedule(draft, order=replace(order(), status=OrderStatus.CLOSED))) is INVALID
    assert reason(_schedule(draft, order=replace(order(), lot_id="L-2"))) is INVALID


def test_cancel_session() -> None:
    cancelled = decide_cancel_session(session(), has_enrolments=False)
    assert isinstance(cancelled, Session)
    assert cancelled.cancelled
    assert reason(decide_cancel_session(cancelled, has_enrolments=False)) is INVALID
    assert reason(decide_cancel_session(session(), has_enrolments=True)) is INVALID
    assert reason(decide_cancel_session(None, has_enrolments=False)) is RejectionReason.UNKNOWN_SESSION


def _resched(**kw: Any) -> RescheduleSession:
    payload: dict[str, Any] = {
        "session_id": "S-1",
        "starts_on": "2019-10-07",
        "ends_on": "2019-10-08",
        "planned_days": ["2019-10-08", "2019-10-07"],
    }
    payload.update(kw)
    draft = parse(RescheduleSession, payload)
    assert isinstance(draft, RescheduleSession), draft
    return draft


def test_reschedule_before_start() -> None:
    moved = decide_reschedule(session(), _resched(place="Vienne"), today=date(2019, 9, 20), lot=lot())
    assert isinstance(moved, Session)
    assert moved.starts_on == date(2019, 10, 7)
    assert moved.planned_days == (date(2019, 10, 7), date(2019, 10, 8))
    assert (moved.hours_per_day, moved.capacity, moved.place) == (Decimal(7), 10, "Vienne")
    resized = decide_reschedule(
        session(), _resched(hours_per_day=6.5, capacity=4), today=date(2019, 9, 20), lot=lot()
    )
    assert isinstance(resized, Session)
    assert (resized.hours_per_day, resized.capacity) == (Decimal("6.5"), 4)


def test_reschedule_refusals() -> None:
    today = date(2019, 9, 20)
    assert reason(decide_reschedule(None, _resched(), today=today, lot=lot())) is (
        RejectionReason.UNKNOWN_SESSION
    )
    started = decide_reschedule(session(), _resched(), today=date(2019, 9, 23), lot=lot())
    assert reason(started) is INVALID
    cancelled = replace(session(), cancelled=True)
    assert reason(decide_reschedule(cancelled, _resched(), today=today, lot=lot())) is INVALID
    past = _resched(starts_on="2019-09-19", planned_days=["2019-10-07"])
    assert reason(decide_reschedule(session(), past, today=today, lot=lot())) is INVALID
    outside = _resched(planned_days=["2019-10-09"])
    assert reason(decide_reschedule(session(), outside, today=today, lot=lot())) is INVALID
    too_small = _resched(capacity=2)
    assert (
        reason(decide_reschedule(session(), too_small, today=today, lot=lot(), enrolled_count=3)) is INVALID
    )
    assert reason(parse(RescheduleSession, {"session_id": "S-1", "starts_on": "2019-10-07"})) is INVALID


# --- reference job seekers ---------------------------------------------------------------------------


def parse_jobseekers(payload: dict[str, object]) -> JobseekerReference | Rejection:
    command = parse(SetJobseekerCount, payload)
    return command if isinstance(command, Rejection) else decide_jobseekers(command)


def test_jobseekers() -> None:
    ref = parse_jobseekers({"territory": "69", "count": 120000})
    assert ref == JobseekerReference(Territory.RHONE, 120000)
    assert isinstance(parse_jobseekers({"territory": "38", "count": 0}), JobseekerReference)
    for bad in (
        {"territory": "75", "count": 1},
        {"territory": "69", "count": -1},
        {"territory": "69", "count": "1"},
        {"territory": 69, "count": 1},
        {"territory": "69"},
    ):
        assert reason(parse_jobseekers(bad)) is INVALID
