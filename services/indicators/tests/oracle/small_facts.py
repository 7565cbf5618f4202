"""The small scenario's accepted facts (scenarios/small.jsonl), attributed by hand to scopes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pacte_contracts.codes import ActionType
from pacte_indicators.domain.indicator_set import MoneyFacts

from .builders import Facts, stay
from .compute import (
    OutcomeFact,
    SatisfactionFact,
    SessionFact,
    StayFact,
    SuspensionFact,
)

LOTS = ("L-69-DIG", "L-38-BTP", "L-63-ESS")
TERRITORY_OF_LOT = {"L-69-DIG": "69", "L-38-BTP": "38", "L-63-ESS": "63"}
JOBSEEKERS = {"69": 120_000, "38": 60_000}

SESSION_LOT = {
    "S-DIG-1": "L-69-DIG",
    "S-ESS-1": "L-63-ESS",
    "S-ESS-2": "L-63-ESS",
    "S-BTP-1": "L-38-BTP",
    "S-BTP-2": "L-38-BTP",
}

SESSIONS = [
    SessionFact("S-DIG-1", 12, date(2019, 9, 23), cancelled=False),
    SessionFact("S-ESS-1", 10, date(2019, 9, 26), cancelled=False),
    SessionFact("S-BTP-1", 8, date(2019, 9, 30), cancelled=False),
    SessionFact("S-BTP-2", 8, date(2019, 10, 7), cancelled=True),
    SessionFact("S-ESS-2", 10, date(2020, 5, 4), cancelled=False),
]


def _stay(session: str, trainee: str, enrolled: date, **details: Any) -> StayFact:
    """A stay of the small scenario: only S-DIG-1 and S-BTP-* are certifying (S-ESS-* preparatory)."""
    certifying = not session.startswith("S-ESS")
    action_type = ActionType.CERTIFYING if certifying else ActionType.PREPARATORY
    return stay(trainee, session=session, enrolled=enrolled, certifying=certifying, action_type=action_type,
                **details)


D0923, D0924, D0926, D0930 = date(2019, 9, 23), date(2019, 9, 24), date(2019, 9, 26), date(2019, 9, 30)
D1001, D1002, D1004 = date(2019, 10, 1), date(2019, 10, 2), date(2019, 10, 4)

STAYS = [
    _stay("S-DIG-1", "TR-001", D0923, exit_kind="completed", exited=D1004, certification="full"),
    _stay(
        "S-DIG-1",
        "TR-002",
        D0923,
        publics=frozenset({"qpv"}),
        exit_kind="completed",
        exited=D1004,
        certification="full",
    ),
    _stay(
        "S-DIG-1",
        "TR-003",
        D0923,
        publics=frozenset({"disability"}),
        exit_kind="completed",
        exited=D1004,
        certification="partial",
    ),
    _stay(
        "S-DIG-1",
        "TR-004",
        D0923,
        publics=frozenset({"qpv"}),
        exit_kind="dropped_out",
        exited=date(2019, 9, 27),
        reason="return_to_work",
    ),
    _stay(
        "S-DIG-1",
        "TR-005",
        D0924,
        qualification="bac",
        exit_kind="completed",
        exited=D1004,
        certification="none",
    ),
    _stay(
        "S-ESS-1",
        "TR-011",
        D0926,
        publics=frozenset({"minimum_income", "single_parent"}),
        exit_kind="dropped_out",
        exited=D1001,
        reason="material_reason",
    ),
    _stay(
        "S-ESS-1",
        "TR-012",
        D0926,
        publics=frozenset({"minimum_income"}),
        exit_kind="completed",
        exited=D1002,
        certification="none",
    ),
    _stay("S-ESS-2", "TR-040", date(2020, 5, 4), publics=frozenset({"migrant"})),
    _stay("S-ESS-2", "TR-041", date(2020, 5, 4), publics=frozenset({"neet"})),
    _stay("S-BTP-1", "TR-021", D0930, exit_kind="completed", exited=D1001, certification="full"),
    _stay(
        "S-BTP-1",
        "TR-022",
        D0930,
        publics=frozenset({"zrr"}),
        exit_kind="completed",
        exited=D1001,
        certification="full",
    ),
    _stay("S-BTP-1", "TR-023", D0930, exit_kind="completed", exited=D1001, certification="none"),
]

OUTCOMES = [
    OutcomeFact("S-DIG-1", "TR-001", 6, date(2020, 4, 4), "employed_durable"),
    OutcomeFact("S-DIG-1", "TR-002", 6, date(2020, 4, 4), "employed_other"),
    OutcomeFact("S-DIG-1", "TR-003", 6, date(2020, 4, 4), "jobseeker"),
    OutcomeFact("S-DIG-1", "TR-004", 6, date(2020, 3, 27), "employed_durable"),
    OutcomeFact("S-BTP-1", "TR-021", 6, date(2020, 4, 1), "employed_durable"),
    OutcomeFact("S-BTP-1", "TR-022", 6, date(2020, 4, 1), "unknown"),
    OutcomeFact("S-DIG-1", "TR-001", 12, date(2020, 10, 5), "employed_durable"),
    OutcomeFact("S-DIG-1", "TR-002", 12, date(2020, 10, 5), "training"),
]

SATISFACTIONS = [
    SatisfactionFact("S-DIG-1", "TR-004", date(2019, 9, 27), 5),
    SatisfactionFact("S-DIG-1", "TR-001", D0930, 4),
    SatisfactionFact("S-DIG-1", "TR-002", D1004, 5),
    SatisfactionFact("S-DIG-1", "TR-003", D1004, 4),
    SatisfactionFact("S-DIG-1", "TR-005", D1004, 3),
]

SUSPENSIONS = [SuspensionFact("S-ESS-1", "TR-012", date(2019, 9, 27))]


def money_of(expected_scope: dict[str, object]) -> MoneyFacts:
    """Money is an input of the domain (summed by the caller): take it from the expected report."""

    def cents(name: str) -> int:
        value = expected_scope[name]
        assert isinstance(value, int)
        return value

    def qty(name: str) -> Decimal:
        return Decimal(str(expected_scope[name]))

    return MoneyFacts(
        opening_days_billed=qty("opening_days_billed"),
        trainer_hours_billed=qty("trainer_hours_billed"),
        trainee_hours_billed=qty("trainee_hours_billed"),
        invoiced_cents=cents("invoiced_cents"),
        paid_cents=cents("paid_cents"),
        committed_cents=cents("committed_cents"),
        accrued_cents=cents("accrued_cents"),
    )


def in_lots(*lots: str) -> Facts:
    """The facts of the sessions of the given lots."""

    def keep(session_id: str) -> bool:
        return SESSION_LOT[session_id] in lots

    return Facts(
        sessions=[s for s in SESSIONS if keep(s.session_id)],
        stays=[s for s in STAYS if keep(s.session_id)],
        outcomes=[o for o in OUTCOMES if keep(o.session_id)],
        satisfactions=[f for f in SATISFACTIONS if keep(f.session_id)],
        suspensions=[f for f in SUSPENSIONS if keep(f.session_id)],
    )
