"""What random histories are drawn from. Pools are small on purpose, so that keys, scopes and dates
collide, and dates fall on the boundaries the rules are about."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from pacte_contracts.codes import (
    ActionType,
    Axis,
    BillingUnit,
    Certification,
    Domain,
    DropoutReason,
    LineKind,
    OutcomeStatus,
    PriorityPublic,
    Qualification,
    Territory,
)

#: Histories span four billing periods from this Monday.
FIRST_DAY = date(2019, 9, 2)
SPAN_DAYS = 120

#: Any day of the histories: when sessions start, when milestones are achieved.
days = st.integers(0, SPAN_DAYS - 1).map(lambda n: FIRST_DAY + timedelta(days=n))

# Strategies are built once: building one per draw costs more than drawing from it. Hypothesis
# draws the first element of a `sampled_from` more often than the others: it is the one whose rule
# is richest (opening days, certifying lots, exits, durable employment).
FLAG = st.booleans()
FEW = st.integers(0, 2)
SOON = st.integers(0, 3)
# Quarter and half hours on odd prices land on half cents: rounding is exercised.
HOURS = st.sampled_from(["0", "0.25", "1", "3.5", "7", "7.50", "7.75"])
TERMS = st.fixed_dictionaries({
    "territory": st.sampled_from([Territory.ISERE, Territory.RHONE]),
    "domain": st.sampled_from([Domain.DIGITAL, Domain.CONSTRUCTION]),
    "action_type": st.sampled_from([ActionType.CERTIFYING, ActionType.PREPARATORY, ActionType.PROFESSIONALISING]),
    "billing_unit": st.sampled_from([BillingUnit.OPENING_DAY, BillingUnit.TRAINEE_HOUR, BillingUnit.TRAINER_HOUR]),
    "unit_price_cents": st.sampled_from([0, 1, 3, 1234, 6500, 95_000]),
    "return_to_work_bonus_cents": st.sampled_from([0, 25_000, 30_000]),
    "continuity_bonus_cents": st.sampled_from([40_000, 0]),
})
TENDER = st.sampled_from(["T-1", "T-2"])
SECOND_AXIS = st.sampled_from([Axis.ESSENTIALS, Axis.TRANSVERSE])
HOLDER = st.sampled_from(["OF-A", "OF-B"])
PROFILE = st.fixed_dictionaries({
    "qualification": st.sampled_from([Qualification.BELOW_BAC, None, Qualification.BAC, Qualification.ABOVE_BAC]),
    "jobseeker_registered": st.booleans(),
    "priority_publics": st.sets(st.sampled_from([PriorityPublic.QPV, PriorityPublic.NEET, PriorityPublic.DISABILITY]),
                                max_size=2).map(sorted),
})
#: The region's person pseudonym of a stay: few, so that people chain sessions (pathways), or none.
PERSON = st.sampled_from(["p_1", None, "p_2"])
EXIT = st.sampled_from(["completed", "dropped_out", None])
CERTIFICATION = st.sampled_from(list(Certification))
REASON = st.sampled_from([DropoutReason.RETURN_TO_WORK, DropoutReason.OTHER, DropoutReason.MATERIAL_REASON])
# Declarations fall in a session's first week (days after its start), and enrolments, exits and
# suspensions near them, so that dates often meet on the boundaries the rules are about.
EARLY = st.integers(0, 4)
IN_SESSION = st.integers(0, 10)
SOME_DAYS = st.sets(IN_SESSION, max_size=3)
OPEN_DAYS = st.sets(IN_SESSION, min_size=1, max_size=4)
TRAINER_DAYS = st.sets(st.tuples(st.sampled_from(["TR-A", "TR-B"]), IN_SESSION), max_size=3)
MONTHS = st.sets(st.sampled_from([6, 12]))
OBSERVATIONS = st.tuples(st.sampled_from(list(OutcomeStatus)), st.integers(0, 60))
ANSWERS = st.tuples(st.integers(1, 5), st.integers(0, 45))
SENDS = st.integers(1, 2)
CAPACITY = st.integers(1, 12)
TRAINEES = st.sets(st.sampled_from(["K-1", "K-2", "K-3"]), max_size=2)
INVOICED_PERIODS = st.lists(st.sampled_from(["2019-09", "2019-10"]), max_size=2, unique=True)
LINES = st.lists(st.tuples(st.sampled_from(list(LineKind)), st.sampled_from(["1", "-1", "3", "10.75", "0.5", "22"]),
                            st.integers(-500, 5_000)), max_size=3)
PAYABLE = st.integers(-1_000, 50_000)
ACCRUALS = st.lists(st.integers(-2_000, 90_000), max_size=3)
MILESTONES = st.lists(st.tuples(st.sampled_from([0, 80_000]), days), max_size=2)
TERRITORIES = st.sets(st.sampled_from([Territory.ISERE, Territory.RHONE]))
JOBSEEKERS = st.sampled_from([0, 3, 60_000])
COUNT = st.integers(1, 3)
AMOUNT = st.integers(1, 5_000_000)
#: How many times an invoice of (order, period) is disputed, each dispute replaced by a re-issue or not yet.
DISPUTES = st.integers(0, 2)
#: What an invoice version's later life is: approved, paid, or neither (paid versions are never disputed).
SETTLED = st.sampled_from(["issued", "approved", "paid"])
#: The share of its amount a closed order keeps (what it earned so far), in per cent.
KEPT_PERCENT = st.integers(0, 100)


def sends(values: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    """The values one key is sent with, in sending order: revision 1, then re-sends replacing it."""
    return st.lists(values, min_size=1, max_size=3)


HOUR_SENDS = sends(HOURS)
#: What an enrolment made by mistake may have recorded: absences (attended hours make it uncancellable).
ZERO_HOUR_SENDS = sends(st.sampled_from(["0", "0.00"]))
OUTCOME_SENDS = sends(OBSERVATIONS)
ANSWER_SENDS = sends(ANSWERS)
JOBSEEKER_SENDS = sends(JOBSEEKERS)


def after(draw: st.DrawFn, day: date, within: st.SearchStrategy[int]) -> date:
    return day + timedelta(days=draw(within))
