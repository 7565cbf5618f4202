"""The region's person pseudonym: resolved once per person_ref across organisations, carried in the
stay beside the organisation's trainee pseudonym, never echoed to the caller; and its keyed lookup."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from pacte_attendance.adapters.pseudonyms import Pseudonymizer
from pacte_attendance.domain import COMMANDS, Declarations, Declared, SessionView, State, parse_command
from pacte_contracts import attendance as contract

D1, D2 = date(2019, 9, 23), date(2019, 9, 24)
ESSENTIALS = SessionView(session_id="S-A", order_id="BC-1", lot_id="L-1", holder_org_id="OF-A", starts_on=D1,
                         ends_on=D2, planned_days=frozenset({D1, D2}), hours_per_day=Decimal(7), capacity=5,
                         cancelled=False)
CERTIFYING = replace(ESSENTIALS, session_id="S-B", lot_id="L-2", order_id="BC-2", holder_org_id="OF-B")
PROFILE = {"age_band": "<26", "qualification": "bac", "jobseeker_registered": True}


class Region:
    def __init__(self) -> None:
        trainees, persons = itertools.count(1), itertools.count(1)
        self.state = State(sessions={"S-A": ESSENTIALS, "S-B": CERTIFYING},
                           new_pseudonym=lambda: f"t_{next(trainees)}",
                           new_person_pseudonym=lambda: f"p_{next(persons)}")
        self.engine = Declarations(self.state)

    def enrol(self, session: str, organisation: str, trainee: str, person_ref: str | None) -> Declared:
        profile = PROFILE if person_ref is None else {**PROFILE, "person_ref": person_ref}
        command = parse_command(COMMANDS["trainee.enrol"], {"session_id": session, "trainee_id": trainee,
                                                            "date": "2019-09-23", "profile": profile})
        declared = self.engine.decide(organisation, command)
        assert isinstance(declared.event, contract.TraineeEnrolled), declared.rejection
        return declared

    def send(self, cmd: str, organisation: str, **fields: Any) -> Declared:
        return self.engine.decide(organisation, parse_command(COMMANDS[cmd], fields))


def person_key(declared: Declared) -> str | None:
    assert isinstance(declared.event, contract.TraineeEvent)
    return declared.event.stay.person_key


def test_the_same_person_at_two_organisations_has_one_regional_pseudonym_and_two_trainee_ones() -> None:
    region = Region()
    at_a = region.enrol("S-A", "OF-A", "A-17", "1234567a")
    at_b = region.enrol("S-B", "OF-B", "B-03", " 1234567A")
    assert person_key(at_a) == person_key(at_b) == "p_1"
    assert at_a.event is not None and at_b.event is not None
    assert at_a.event.trainee_key != at_b.event.trainee_key  # type: ignore[attr-defined]
    assert region.state.changes.persons == {"1234567A": "p_1"}  # made once, written once


def test_without_a_person_ref_nothing_changes() -> None:
    region = Region()
    assert person_key(region.enrol("S-A", "OF-A", "A-17", None)) is None
    assert region.state.changes.persons == {}


def test_every_later_event_of_the_stay_carries_it_and_a_correction_replaces_it() -> None:
    region = Region()
    region.enrol("S-A", "OF-A", "A-17", "1234567A")
    suspended = region.send("trainee.suspend", "OF-A", session_id="S-A", trainee_id="A-17", date="2019-09-24",
                            reason="job")
    assert person_key(suspended) == "p_1"
    resumed = region.send("trainee.resume", "OF-A", session_id="S-A", trainee_id="A-17", date="2019-09-24")
    assert person_key(resumed) == "p_1"
    corrected = region.enrol("S-A", "OF-A", "A-17", None)  # the profile is replaced whole
    assert corrected.replaced and person_key(corrected) is None


def test_the_caller_never_gets_the_regional_pseudonym_back() -> None:
    declared = Region().enrol("S-A", "OF-A", "A-17", "1234567A")
    fact = declared.fact()
    assert "person_key" not in fact["stay"] and "p_1" not in str(fact) and "1234567A" not in str(fact)
    assert fact["trainee_key"] == "t_1"


def test_the_lookup_is_keyed_and_separate_from_the_trainees() -> None:
    persons = Pseudonymizer("person-secret", 1, "p")
    trainees = Pseudonymizer("trainee-secret", 1)
    assert persons.lookup("1234567A") == persons.lookup("1234567A") != Pseudonymizer("other", 1, "p").lookup(
        "1234567A")
    assert persons.lookup("1234567A") != trainees.lookup("1234567A")
    assert "1234567A" not in persons.lookup("1234567A")
    assert persons.new_pseudonym().startswith("p_") and trainees.new_pseudonym().startswith("t_")
    assert persons.new_pseudonym() != persons.new_pseudonym()  # random: nothing derives it from the person
