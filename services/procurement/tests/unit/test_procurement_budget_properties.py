"""Properties of the budget rule over whole sequences of orders, and of the catalogue window."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import parse
from pacte_procurement.domain import (
    LotStatus,
    Order,
    Organisation,
    PlaceOrder,
    RegisterOrganisation,
    Rejection,
    TenderStatus,
    add_months,
    catalogue_window,
    decide_place_order,
    decide_register_organisation,
    organisations_to_register,
)

from ._builders import lot, tender


@given(budget=st.integers(0, 10**9), amounts=st.lists(st.integers(-10, 10**8), max_size=40))
def test_a_sequence_of_orders_never_overspends_and_refuses_only_what_overspends(
    budget: int, amounts: list[int]
) -> None:
    t, awarded = tender(budget), lot()
    committed = 0
    for n, amount in enumerate(amounts):
        outcome = decide_place_order(_order(f"O-{n}", awarded.lot_id, amount), awarded, t, committed,
                                     order_exists=False)
        if amount <= 0:
            assert isinstance(outcome, Rejection) and outcome.reason is RejectionReason.INVALID
        elif committed + amount > budget:
            assert isinstance(outcome, Rejection) and outcome.reason is RejectionReason.BUDGET_EXCEEDED
        else:
            assert isinstance(outcome, Order)
            committed += outcome.amount_cents
        assert 0 <= committed <= budget


@given(amount=st.integers(1, 10**9), committed=st.integers(0, 10**9),
       status=st.sampled_from([LotStatus.OPEN, LotStatus.UNSUCCESSFUL]))
def test_lot_not_awarded_beats_budget_exceeded(amount: int, committed: int, status: LotStatus) -> None:
    outcome = decide_place_order(_order("O", "L", amount), replace(lot(), status=status), tender(0), committed,
                                 order_exists=False)
    assert isinstance(outcome, Rejection) and outcome.reason is RejectionReason.LOT_NOT_AWARDED


def _order(order_id: str, lot_id: str, amount: int) -> PlaceOrder:
    return PlaceOrder(order_id=order_id, lot_id=lot_id, amount_cents=amount)


def test_a_closed_tender_commits_nothing() -> None:
    closed = replace(tender(), status=TenderStatus.CLOSED)
    outcome = decide_place_order(_order("O", "L", 1), lot(), closed, 0, order_exists=False)
    assert isinstance(outcome, Rejection) and outcome.reason is RejectionReason.INVALID


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 24))
def test_add_months_stays_in_the_target_month(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day  # clamped to the month's end only


def test_catalogue_window_is_six_months_half_open() -> None:
    assert catalogue_window(date(2019, 9, 1)) == (date(2019, 9, 1), date(2020, 3, 1))
    assert catalogue_window(date(2019, 8, 31)) == (date(2019, 8, 31), date(2020, 2, 29))


def test_organisations() -> None:
    def register(payload: dict[str, object], previous: Organisation | None = None) -> Organisation | Rejection:
        command = parse(RegisterOrganisation, payload)
        return command if isinstance(command, Rejection) else decide_register_organisation(command, previous)

    assert register({"organisation_id": "OF", "name": "N", "siret": "73282932000074"}) == \
        Organisation("OF", "N", "73282932000074")
    assert register({"organisation_id": "OF", "name": "N"}, Organisation("OF", "M", "73282932000074")) == \
        Organisation("OF", "N", "73282932000074")
    assert isinstance(register({"organisation_id": "OF", "name": "N", "siret": "123"}), Rejection)
    assert isinstance(register({"organisation_id": "OF", "name": 3}), Rejection)
    assert isinstance(register({"organisation_id": "OF", "name": "N", "siret": "73282932000075"}), Rejection)  # Luhn


def test_organisations_legal_data() -> None:
    def register(payload: dict[str, object], previous: Organisation | None = None) -> Organisation | Rejection:
        command = parse(RegisterOrganisation, payload)
        return command if isinstance(command, Rejection) else decide_register_organisation(command, previous)

    address = {"line_one": "12 rue de la Gare", "postcode": "69003", "city": "Lyon"}
    full = register({"organisation_id": "OF", "name": "N", "siret": "73282932000074", "address": address,
                     "vat_status": "registered", "vat_number": "FR44732829320"})
    assert isinstance(full, Organisation) and full.address is not None and full.address.city == "Lyon"
    assert full.vat_status == "registered" and full.vat_number == "FR44732829320"
    # Left out, the legal data stays as registered; a franchise drops the VAT number.
    assert register({"organisation_id": "OF", "name": "M"}, full) == Organisation(
        "OF", "M", full.siret, full.address, full.vat_status, full.vat_number)
    franchise = register({"organisation_id": "OF", "name": "N", "vat_status": "franchise"}, full)
    assert isinstance(franchise, Organisation) and franchise.vat_number is None
    for faulty in ({"address": {**address, "postcode": "6903"}}, {"vat_status": "exonere"},
                   {"vat_status": "registered"}, {"siret": "73282932000074", "vat_number": "FR45732829320"},
                   {"siret": "73282932000074", "vat_number": "FR83404833048"}):
        assert isinstance(register({"organisation_id": "OF", "name": "N", **faulty}), Rejection), faulty
    assert isinstance(register({"organisation_id": "OF", "name": "N", "address": {"line_one": "x"}}), Rejection)
    holder = Organisation("A", "Alpha")
    assert organisations_to_register(holder, ("A", "B", "C"), frozenset({"C"})) == [holder, Organisation("B", "B")]
