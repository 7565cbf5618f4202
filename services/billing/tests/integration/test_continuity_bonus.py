"""The continuity bonus (issue 22, docs/continuity-bonus.md): billing's SQL equals the reference model on
random programmes where people chain Essentials and certifying or professionalising sessions (some
without a person pseudonym, some next steps cancelled, delays around the 90 days), delivered in any
order and batches; and the worked examples of the docs, to the cent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte_billing.adapters import orders, quantities
from pacte_billing.entrypoints.app import MIGRATIONS
from pacte_billing.service_layer.facts import on_billable_facts
from pacte_contracts import attendance as att
from pacte_contracts import procurement as proc
from pacte_contracts.codes import LineKind
from pacte_contracts.envelope import Event
from pacte_testing import Infra
from pacte_testing.differential import ScratchSchema, as_consumed, consume, deliveries, differential

from ..oracle import quantities as oracle
from .test_quantities_differential import Groups, groups

START = date(2020, 1, 6)
PROFILE = att.TraineeProfile(age_band="<26", qualification="below_bac", jobseeker_registered=True)


@pytest.fixture(scope="module")
def scratch(infra: Infra) -> Iterator[ScratchSchema]:
    with ScratchSchema(infra.database_url, "billing", MIGRATIONS) as schema:
        yield schema


def _order(n: int, action_type: str, holder: str, bonus: int) -> tuple[proc.OrderPlaced, proc.SessionScheduled]:
    terms: dict[str, Any] = dict(
        lot_id=f"L-{n}", tender_id="T-1", axis="essentials" if action_type == "preparatory" else "qualifying",
        territory="69", domain="digital", action_type=action_type, billing_unit="opening_day", unit_price_cents=0,
        return_to_work_bonus_cents=0, continuity_bonus_cents=bonus)
    return (proc.OrderPlaced(**terms, order_id=f"O-{n}", holder_organisation_id=holder, amount_cents=10_000_000),
            proc.SessionScheduled(**terms, session_id=f"S-{n}", order_id=f"O-{n}", holder_organisation_id=holder,
                                  starts_on=START, ends_on=START + timedelta(days=300), planned_days=[START],
                                  hours_per_day="7", capacity=50, place="Lyon", revision=1))


class Stays:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.count = 0

    def add(self, session: proc.SessionScheduled, person: str | None, enrolled: date, ending: str,
            exited: date | None = None) -> None:
        self.count += 1
        common: dict[str, Any] = {"session_id": session.session_id, "organisation_id": session.holder_organisation_id,
                                  "trainee_key": f"t_{self.count}"}
        stay: dict[str, Any] = {"enrolled_on": enrolled, "status": "enrolled", "profile": PROFILE,
                                "person_key": person}
        self.events.append(att.TraineeEnrolled(**common, date=enrolled, stay=att.Stay(revision=1, **stay)))
        if ending == "cancelled":
            self.events.append(att.EnrolmentCancelled(**common, enrolled_on=enrolled, stay_revision=2))
        elif ending in ("completed", "dropped_out"):
            assert exited is not None
            done = att.Stay(revision=2, **{**stay, "status": ending, "exited_on": exited})
            self.events.append(att.TraineeCompleted(**common, date=exited, stay=done, certification="none")
                               if ending == "completed" else
                               att.TraineeDroppedOut(**common, date=exited, stay=done, reason="other"))


@st.composite
def programmes(draw: st.DrawFn) -> list[Event]:
    placed = [_order(n, draw(st.sampled_from(("preparatory", "certifying", "preparatory", "professionalising"))),
                     draw(st.sampled_from(("OF-A", "OF-B"))), draw(st.sampled_from((40_000, 0, 12_345))))
              for n in range(draw(st.integers(1, 5)))]
    stays = Stays()
    for _ in range(draw(st.integers(0, 12))):
        _, session = draw(st.sampled_from(placed))
        enrolled = START + timedelta(days=7 * draw(st.integers(0, 30)))  # weekly starts, across months
        ending = draw(st.sampled_from(("completed", "enrolled", "dropped_out", "cancelled")))
        stays.add(session, draw(st.sampled_from(("p_1", "p_2", None, "p_3"))), enrolled, ending,
                  enrolled + timedelta(days=draw(st.integers(0, 100))))
    return [event for pair in placed for event in pair] + stays.events


def sql_groups(scratch: ScratchSchema, batches: Any) -> Groups:
    async def replay(conn: Any) -> Groups:
        await consume(conn, on_billable_facts, batches)
        return groups(await quantities.current_quantities(conn, await orders.order_terms(conn)))

    return scratch.run(replay)


@differential
@given(data=st.data())
def test_sql_continuity_bonuses_equal_the_reference_model(scratch: ScratchSchema, data: st.DataObject) -> None:
    events = data.draw(programmes(), label="programme")
    batches = data.draw(deliveries(events), label="deliveries")
    assert sql_groups(scratch, batches) == groups(oracle.current_quantities(events))


def _continuity(found: Groups) -> dict[str, dict[str, int]]:
    return {order: {key[1]: int(quantity) for key, (quantity, _) in by_key.items() if key[0] == LineKind.CONTINUITY}
            for order, by_key in found.items()}


def test_the_worked_examples(scratch: ScratchSchema) -> None:
    """docs/continuity-bonus.md's examples: O-1 is Essentials at OF-A (bonus 400 EUR), O-2 certifying at
    OF-B, O-3 professionalising at OF-A, O-4 Essentials without a bonus."""
    essentials, certifying = _order(1, "preparatory", "OF-A", 40_000), _order(2, "certifying", "OF-B", 0)
    professionalising, unpaid = _order(3, "professionalising", "OF-A", 0), _order(4, "preparatory", "OF-B", 0)
    stays = Stays()
    e, c, p, u = essentials[1], certifying[1], professionalising[1], unpaid[1]
    # 1. Amina completes on 2020-02-28 and enters the certifying session 12 days later: 1 bonus in 2020-03.
    stays.add(e, "p_amina", date(2020, 1, 6), "completed", date(2020, 2, 28))
    stays.add(c, "p_amina", date(2020, 3, 11), "enrolled")
    # 2. Bruno enters on day 90 exactly (2020-05-28): counted, in 2020-05; and again later: still once.
    stays.add(e, "p_bruno", date(2020, 1, 6), "completed", date(2020, 2, 28))
    stays.add(p, "p_bruno", date(2020, 5, 28), "enrolled")
    stays.add(c, "p_bruno", date(2020, 6, 1), "enrolled")
    # 3. Chloé enters on day 91: no bonus. 4. Driss dropped out of Essentials: no bonus.
    stays.add(e, "p_chloe", date(2020, 1, 6), "completed", date(2020, 2, 28))
    stays.add(c, "p_chloe", date(2020, 5, 29), "enrolled")
    stays.add(e, "p_driss", date(2020, 1, 6), "dropped_out", date(2020, 2, 28))
    stays.add(c, "p_driss", date(2020, 3, 2), "enrolled")
    # 5. Emma's next step is cancelled as a mistake: no bonus. 6. No person pseudonym: nobody to follow.
    stays.add(e, "p_emma", date(2020, 1, 6), "completed", date(2020, 2, 28))
    stays.add(c, "p_emma", date(2020, 3, 2), "cancelled")
    stays.add(e, None, date(2020, 1, 6), "completed", date(2020, 2, 28))
    stays.add(c, None, date(2020, 3, 2), "enrolled")
    # 7. Farid went on from an Essentials lot without a bonus: nothing for O-4.
    stays.add(u, "p_farid", date(2020, 1, 6), "completed", date(2020, 2, 28))
    stays.add(c, "p_farid", date(2020, 3, 2), "enrolled")
    events = [*essentials, *certifying, *professionalising, *unpaid, *stays.events]
    found = sql_groups(scratch, [as_consumed(events)])
    assert {order: by_period for order, by_period in _continuity(found).items() if by_period} == {
        "O-1": {"2020-03": 1, "2020-05": 1}}
    assert found["O-1"][(LineKind.CONTINUITY, "2020-03", None)] == (Decimal(1), 40_000)
    assert found == groups(oracle.current_quantities(events))


