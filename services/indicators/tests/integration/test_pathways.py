"""Pathway indicators (issue 22): the SQL equals the reference model on random programmes over a
real PostgreSQL, where people chain an Essentials session and a certifying or professionalising one,
at the same organisation or another, some without a person_ref, some enrolments cancelled, delays
around the 90 days, delivered in any order and batches, read now and as of dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte_contracts import attendance as att
from pacte_contracts import procurement as proc
from pacte_contracts.envelope import Event
from pacte_indicators.entrypoints.app import MIGRATIONS_DIR
from pacte_indicators.service_layer import readings
from pacte_indicators.service_layer.projection import project_facts
from pacte_testing import Infra
from pacte_testing.differential import ScratchSchema, as_consumed, consume, deliveries, differential

from ..oracle.pathways import pathways as oracle_pathways

START = date(2020, 1, 6)
ORGANISATIONS = ("OF-A", "OF-B", "OF-C")
PROFILE = att.TraineeProfile(age_band="<26", qualification="below_bac", jobseeker_registered=True)


@pytest.fixture(scope="module")
def scratch(infra: Infra) -> Iterator[ScratchSchema]:
    with ScratchSchema(infra.database_url, "indicators", MIGRATIONS_DIR) as schema:
        yield schema


def _session(n: int, action_type: str, holder: str) -> proc.SessionScheduled:
    return proc.SessionScheduled(
        lot_id=f"L-{action_type}-{holder}", tender_id="T-1", axis="essentials" if action_type == "preparatory"
        else "qualifying", territory="69", domain="digital", action_type=action_type, billing_unit="trainee_hour",
        unit_price_cents=1000, return_to_work_bonus_cents=0, session_id=f"S-{n}", order_id=f"BC-{n}",
        holder_organisation_id=holder, starts_on=START, ends_on=START + timedelta(days=300), planned_days=[START],
        hours_per_day="7", capacity=50, place="Lyon", revision=1)


@st.composite
def programmes(draw: st.DrawFn) -> list[Event]:
    sessions = [_session(n, draw(st.sampled_from(("preparatory", "preparatory", "certifying", "professionalising"))),
                         draw(st.sampled_from(ORGANISATIONS))) for n in range(draw(st.integers(1, 6)))]
    events: list[Event] = list(sessions)
    for n in range(draw(st.integers(0, 14))):
        session = draw(st.sampled_from(sessions))
        person = draw(st.sampled_from([None, "p_1", "p_2", "p_3", "p_4"]))
        enrolled = START + timedelta(days=7 * draw(st.integers(0, 28)))  # weekly starts: ties happen
        common: dict[str, Any] = {"session_id": session.session_id, "organisation_id": session.holder_organisation_id,
                                  "trainee_key": f"t_{n}"}
        stay: dict[str, Any] = {"enrolled_on": enrolled, "status": "enrolled", "profile": PROFILE,
                                "person_key": person}
        events.append(att.TraineeEnrolled(**common, date=enrolled, stay=att.Stay(revision=1, **stay)))
        ending = draw(st.sampled_from(("completed", "dropped_out", "enrolled", "cancelled")))
        if ending == "cancelled":
            events.append(att.EnrolmentCancelled(**common, enrolled_on=enrolled, stay_revision=2))
        elif ending != "enrolled":
            exited = enrolled + timedelta(days=draw(st.integers(0, 120)))
            done = att.Stay(revision=2, **{**stay, "status": ending, "exited_on": exited})
            events.append(att.TraineeCompleted(**common, date=exited, stay=done, certification="none")
                          if ending == "completed" else
                          att.TraineeDroppedOut(**common, date=exited, stay=done, reason="other"))
    return events


def _dates(events: list[Event]) -> st.SearchStrategy[date]:
    """Days where the 90-day observation and the window's edges change something."""
    found = {d for e in events if isinstance(e, att.TraineeEvent)
             for d in (e.stay.enrolled_on, e.stay.exited_on) if d is not None}
    edges = {d + timedelta(days=k) for d in found for k in (89, 90, 91)}
    return st.sampled_from(sorted(found | edges | {START}))


@differential
@given(data=st.data())
def test_sql_pathways_equal_the_reference_model(scratch: ScratchSchema, data: st.DataObject) -> None:
    events = data.draw(programmes(), label="programme")
    batches = data.draw(deliveries(events), label="deliveries")
    as_of: list[date | None] = [None, *data.draw(st.lists(_dates(events), max_size=3, unique=True), label="as of")]

    async def replay(conn: Any) -> dict[date | None, Any]:
        await consume(conn, project_facts, batches)
        return {day: await readings.pathways(conn, day, None) for day in as_of}

    read = scratch.run(replay)
    for day in as_of:
        assert read[day] == oracle_pathways(events, day), f"as of {day}"


def test_a_known_pathway_across_organisations(scratch: ScratchSchema) -> None:
    """Two people complete Essentials at OF-A; one enters a certifying session at OF-B 12 days later,
    the other nothing; a third completed too recently to be judged; a fourth has no person_ref."""
    essentials, certifying = _session(1, "preparatory", "OF-A"), _session(2, "certifying", "OF-B")
    events: list[Event] = [essentials, certifying]

    def stay(session: proc.SessionScheduled, key: str, person: str | None, enrolled: date,
             completed: date | None) -> None:
        common: dict[str, Any] = {"session_id": session.session_id, "organisation_id": session.holder_organisation_id,
                                  "trainee_key": key}
        fields: dict[str, Any] = {"enrolled_on": enrolled, "status": "enrolled", "profile": PROFILE,
                                  "person_key": person}
        events.append(att.TraineeEnrolled(**common, date=enrolled, stay=att.Stay(revision=1, **fields)))
        if completed:
            events.append(att.TraineeCompleted(**common, date=completed, certification="none", stay=att.Stay(
                revision=2, **{**fields, "status": "completed", "exited_on": completed})))

    stay(essentials, "t_1", "p_1", date(2020, 1, 6), date(2020, 2, 28))
    stay(certifying, "t_9", "p_1", date(2020, 3, 11), None)
    stay(essentials, "t_2", "p_2", date(2020, 1, 6), date(2020, 2, 28))
    stay(essentials, "t_3", "p_3", date(2020, 1, 6), date(2020, 5, 1))
    stay(essentials, "t_4", None, date(2020, 1, 6), date(2020, 2, 28))
    stay(certifying, "t_8", "p_8", date(2020, 7, 1), None)  # after the reading day: only the newest fact

    async def read(conn: Any) -> Any:
        await consume(conn, project_facts, [as_consumed(events)])
        return await readings.pathways(conn, date(2020, 6, 1), None), await readings.pathways(conn, None, None)

    found, newest = scratch.run(read)
    assert found["lot:L-preparatory-OF-A"] == found["programme"] == {
        "essentials_completers": 2, "continued": 1, "continuation_rate": "0.5000",
        "median_days_between_steps": "12.0", "cross_organisation": 1, "cross_organisation_share": "1.0000",
        "as_of": "2020-06-01"}
    # Without a day, the answer says which it read as of: the newest known fact's (p_8's entry).
    assert newest["programme"] == {**found["programme"], "as_of": "2020-07-01"}
    assert {values["as_of"] for values in newest.values()} == {"2020-07-01"}
    assert "lot:L-certifying-OF-B" not in found  # the scope of the first step only


