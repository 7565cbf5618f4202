"""The programme, billing's events and billing's figures that
`test_billing_corrections_over_kafka.py` replays: three lots on two axes, a dispute and its
re-issue, an empty re-issue, an order closing, and enrolments made by mistake and cancelled.

Every event is built as its producer builds it; billing's figures per order are written out by hand,
each derived in its comment from BILLING.md (counting invoices are every version but a disputed one;
a closed order's amount is the lowered one).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from pacte_contracts import attendance as att
from pacte_contracts import billing as bil
from pacte_contracts import procurement as proc
from pacte_contracts.codes import ActionType, Axis, BillingUnit, Domain, LineKind, Territory
from pacte_contracts.envelope import Event

AXES = {"T-Q": Axis.QUALIFYING, "T-E": Axis.ESSENTIALS}
TARGETS = {"qualifying": "0.5000", "essentials": "0.4300", "transverse": "0.0700"}


@dataclass(frozen=True)
class Lot:
    lot_id: str
    tender_id: str
    territory: Territory
    domain: Domain
    action_type: ActionType
    billing_unit: BillingUnit
    unit_price_cents: int
    holder: str
    order_id: str
    amount_cents: int
    session_id: str
    trainees: tuple[str, ...]

    @property
    def terms(self) -> dict[str, Any]:
        return {"lot_id": self.lot_id, "tender_id": self.tender_id, "axis": AXES[self.tender_id],
                "territory": self.territory, "domain": self.domain, "action_type": self.action_type,
                "billing_unit": self.billing_unit, "unit_price_cents": self.unit_price_cents,
                "return_to_work_bonus_cents": 0}

    @property
    def scopes(self) -> list[str]:
        return ["programme", f"axis:{AXES[self.tender_id].value}", f"tender:{self.tender_id}", f"lot:{self.lot_id}",
                f"organisation:{self.holder}", f"territory:{self.territory.value}", f"domain:{self.domain.value}",
                f"action_type:{self.action_type.value}"]


LOTS = {
    "O-Q1": Lot("L-Q1", "T-Q", Territory.RHONE, Domain.DIGITAL, ActionType.CERTIFYING, BillingUnit.TRAINEE_HOUR,
                1250, "OF-A", "O-Q1", 2_000_000, "S-Q1", ("K-1", "K-2", "K-3")),
    "O-Q2": Lot("L-Q2", "T-Q", Territory.ISERE, Domain.CONSTRUCTION, ActionType.PROFESSIONALISING,
                BillingUnit.OPENING_DAY, 30_000, "OF-B", "O-Q2", 1_500_000, "S-Q2", ("K-5", "K-6")),
    "O-E1": Lot("L-E1", "T-E", Territory.RHONE, Domain.TRANSVERSE, ActionType.PREPARATORY, BillingUnit.TRAINER_HOUR,
                6_000, "OF-A", "O-E1", 800_000, "S-E1", ("K-7", "K-8", "K-9", "K-10")),
}


@dataclass(frozen=True)
class Money:
    """What billing says of one order (or the sum over a scope's orders)."""

    committed_cents: int
    invoiced_cents: int = 0
    paid_cents: int = 0
    accrued_cents: int = 0
    opening_days_billed: Decimal = Decimal(0)
    trainer_hours_billed: Decimal = Decimal(0)
    trainee_hours_billed: Decimal = Decimal(0)

    def __add__(self, other: Money) -> Money:
        return Money(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


# ---------------------------------------------------------------------------------------------
# The programme: three lots on two axes, one order and one session each. Two enrolments are made by
# mistake and cancelled: K-4's cancellation arrives before its enrolment, and it never existed; K-12
# (suspended and scored first) is enrolled again and completes, without the cancelled stay's
# suspension and score.
# ---------------------------------------------------------------------------------------------


def _stay(lot: Lot, trainee: str, kind: type[att.TraineeEvent], revision: int, status: str,
          **extra: Any) -> att.TraineeEvent:
    completed = "certification" in extra
    exit_fields = {"exited_on": date(2019, 9, 3), "certification": extra["certification"]} if completed else {}
    stay = att.Stay(revision=revision, enrolled_on=date(2019, 9, 2), status=status,
                    profile=att.TraineeProfile(jobseeker_registered=True), **exit_fields)
    return kind(session_id=lot.session_id, organisation_id=lot.holder, trainee_key=trainee, date=date(2019, 9, 3),
                stay=stay, **extra)


def _cancelled(lot: Lot, trainee: str, stay_revision: int, *withdrawn: att.WithdrawnDeclaration) -> Event:
    return att.EnrolmentCancelled(session_id=lot.session_id, organisation_id=lot.holder, trainee_key=trainee,
                                  enrolled_on=date(2019, 9, 2), stay_revision=stay_revision, withdrawn=list(withdrawn))


def programme_events() -> list[Event]:
    events: list[Event] = []
    for tender_id, axis in AXES.items():
        events.append(proc.TenderPublished(tender_id=tender_id, reference=tender_id, title=tender_id, axis=axis,
                                           procedure="open", budget_cents=10_000_000, starts_on=date(2019, 9, 1),
                                           ends_on=date(2020, 12, 31)))
    for lot in LOTS.values():
        events.append(proc.OrderPlaced(**lot.terms, order_id=lot.order_id, holder_organisation_id=lot.holder,
                                       amount_cents=lot.amount_cents))
        events.append(proc.SessionScheduled(
            **lot.terms, session_id=lot.session_id, order_id=lot.order_id, holder_organisation_id=lot.holder,
            starts_on=date(2019, 9, 2), ends_on=date(2019, 11, 29), planned_days=[date(2019, 9, 2)],
            hours_per_day="7", capacity=12, place="Lyon", revision=1))
        events += [_stay(lot, trainee, att.TraineeEnrolled, 1, "enrolled") for trainee in lot.trainees]
    q1, q2 = LOTS["O-Q1"], LOTS["O-Q2"]
    events += [_cancelled(q1, "K-4", 2), _stay(q1, "K-4", att.TraineeEnrolled, 1, "enrolled")]
    events += [
        _stay(q2, "K-12", att.TraineeEnrolled, 1, "enrolled"),
        _stay(q2, "K-12", att.TraineeSuspended, 2, "suspended", suspension_number=1),
        att.SatisfactionRecorded(session_id=q2.session_id, organisation_id=q2.holder, trainee_key="K-12",
                                 date=date(2019, 9, 3), score=1, revision=1),
        _cancelled(q2, "K-12", 3, att.WithdrawnDeclaration(kind="satisfaction", revision=2)),
        _stay(q2, "K-12", att.TraineeEnrolled, 4, "enrolled"),
        _stay(q2, "K-12", att.TraineeCompleted, 5, "completed", certification="full"),
    ]
    return events


ENTRIES = {"O-Q1": 3, "O-Q2": 3, "O-E1": 4}

# ---------------------------------------------------------------------------------------------
# Billing's events, as billing emits them.
# ---------------------------------------------------------------------------------------------


def _invoice(order_id: str, period: str, version: int, lines: list[tuple[str, str, str]], payable: int | None = None,
             ) -> bil.InvoiceIssued:
    """lines: (kind, origin period, quantity) at the lot's price; payable is the total unless the
    ceiling cuts it."""
    price = LOTS[order_id].unit_price_cents
    invoice_lines = [bil.InvoiceLine(kind=LineKind(kind), origin_period=origin, ref=None, quantity=quantity,
                                     unit_price_cents=price, amount_cents=int(Decimal(quantity) * price))
                     for kind, origin, quantity in lines]
    total = sum(line.amount_cents for line in invoice_lines)
    payable = total if payable is None else payable
    return bil.InvoiceIssued(invoice_id=f"INV-{order_id}-{period}-v{version}", order_id=order_id, period=period,
                             version=version, lines=invoice_lines, total_cents=total, payable_cents=payable,
                             over_ceiling_cents=total - payable, reissued=version > 1)


def _ident(invoice: bil.InvoiceIssued) -> dict[str, Any]:
    return {"invoice_id": invoice.invoice_id, "order_id": invoice.order_id, "period": invoice.period,
            "version": invoice.version}


def _approved(invoice: bil.InvoiceIssued) -> bil.InvoiceApproved:
    return bil.InvoiceApproved(**_ident(invoice), payable_cents=invoice.payable_cents)


def _paid(invoice: bil.InvoiceIssued) -> bil.InvoicePaid:
    return bil.InvoicePaid(**_ident(invoice), paid_cents=invoice.payable_cents)


def _disputed(invoice: bil.InvoiceIssued, reason: str) -> bil.InvoiceDisputed:
    return bil.InvoiceDisputed(**_ident(invoice), reason=reason)


def _accrual(order_id: str, accrued: int, sequence: int) -> bil.OrderAccrualChanged:
    return bil.OrderAccrualChanged(order_id=order_id, accrued_cents=accrued, sequence=sequence)


Q1_SEPT = _invoice("O-Q1", "2019-09", 1, [("trainee_hour", "2019-09", "70")])          # 70 h × 12.50 = 875.00
Q2_SEPT = _invoice("O-Q2", "2019-09", 1, [("opening_day", "2019-09", "4")])            # 4 days × 300 = 1,200.00
E1_SEPT = _invoice("O-E1", "2019-09", 1, [("trainer_hour", "2019-09", "12.5")])        # 12.5 h × 60 = 750.00
# OF-A disputes Q1's September invoice (hours counted twice); finance re-issues it from the corrected
# facts, 63.5 h. OF-A also disputes E1's: its trainer hours were all withdrawn, so the closing of
# October re-issues it empty (a re-issue is always issued, BILLING.md).
Q1_SEPT_V2 = _invoice("O-Q1", "2019-09", 2, [("trainee_hour", "2019-09", "63.5")])     # 793.75
E1_SEPT_V2 = _invoice("O-E1", "2019-09", 2, [])
Q1_OCT = _invoice("O-Q1", "2019-10", 1, [("trainee_hour", "2019-10", "84")])           # 1,050.00
Q2_OCT = _invoice("O-Q2", "2019-10", 1, [("opening_day", "2019-10", "1")])             # 300.00
# The buyer closes O-Q2 after October: earned so far = payable of its counting invoices (1,200 + 300)
# + its running accrual (a November day, 300) = 1,800.00, within 15,000.00; 13,200.00 released.
Q2_CLOSED = bil.OrderClosed(order_id="O-Q2", lot_id="L-Q2", tender_id="T-Q", previous_amount_cents=1_500_000,
                            amount_cents=180_000, released_cents=1_320_000)
# November: O-E1's trainer hours of the month; for O-Q2, that day and a late October day.
E1_NOV = _invoice("O-E1", "2019-11", 1, [("trainer_hour", "2019-11", "2")])            # 120.00
# T = 1,200 + 300 + 600 = 2,100, amount 1,800, S = 1,500:
# payable = min(2,100, 1,800) − 1,500 = 300.00, over the ceiling 300.00.
Q2_NOV = _invoice("O-Q2", "2019-11", 1, [("opening_day", "2019-10", "1"), ("opening_day", "2019-11", "1")],
                  payable=30_000)

STAGES: dict[str, list[Event]] = {
    # September's closing; O-Q2's invoice is approved and paid, O-Q1's approved.
    "issued": [Q1_SEPT, Q2_SEPT, E1_SEPT, *(_accrual(o, 0, 1) for o in LOTS), _approved(Q2_SEPT), _paid(Q2_SEPT),
               _approved(Q1_SEPT)],
    # The dispute: Q1's September version stops counting at once, and what it billed is accrued again.
    "disputed": [_disputed(Q1_SEPT, "heures du 12/09 comptées deux fois"), _accrual("O-Q1", 79_375, 2)],
    # Finance re-issues it as version 2, which is approved and paid.
    "reissued": [Q1_SEPT_V2, _accrual("O-Q1", 0, 3), _approved(Q1_SEPT_V2), _paid(Q1_SEPT_V2)],
    # E1's dispute, October's closing (re-issue first, then the period's invoices), the order closing
    # and O-Q2's November invoice, delivered with E1's re-issue *before* its dispute: the replaced
    # version stops counting as soon as its replacement is there.
    "closed": [E1_SEPT_V2, Q1_OCT, Q2_OCT, _accrual("O-Q2", 30_000, 2), Q2_CLOSED, Q2_NOV, _accrual("O-Q2", 0, 3),
               _accrual("O-E1", 0, 3)],
    # The dispute (and its accrual, older than the re-issue's) arrive last and change nothing; O-E1's
    # November invoice, behind the dispute on the order's partition, shows that it was read.
    "late dispute": [_disputed(E1_SEPT, "heures formateur déclarées par erreur"), _accrual("O-E1", 75_000, 2),
                     E1_NOV],
}

# What billing says of each order after each stage (each figure derived from the invoices above).
BILLING: dict[str, dict[str, Money]] = {
    "issued": {
        "O-Q1": Money(2_000_000, invoiced_cents=87_500, trainee_hours_billed=Decimal(70)),
        "O-Q2": Money(1_500_000, invoiced_cents=120_000, paid_cents=120_000, opening_days_billed=Decimal(4)),
        "O-E1": Money(800_000, invoiced_cents=75_000, trainer_hours_billed=Decimal("12.5")),
    },
    "disputed": {
        "O-Q1": Money(2_000_000, accrued_cents=79_375),
        "O-Q2": Money(1_500_000, invoiced_cents=120_000, paid_cents=120_000, opening_days_billed=Decimal(4)),
        "O-E1": Money(800_000, invoiced_cents=75_000, trainer_hours_billed=Decimal("12.5")),
    },
    "reissued": {
        "O-Q1": Money(2_000_000, invoiced_cents=79_375, paid_cents=79_375, trainee_hours_billed=Decimal("63.5")),
        "O-Q2": Money(1_500_000, invoiced_cents=120_000, paid_cents=120_000, opening_days_billed=Decimal(4)),
        "O-E1": Money(800_000, invoiced_cents=75_000, trainer_hours_billed=Decimal("12.5")),
    },
    "closed": {
        "O-Q1": Money(2_000_000, invoiced_cents=79_375 + 105_000, paid_cents=79_375,
                      trainee_hours_billed=Decimal("147.5")),
        "O-Q2": Money(180_000, invoiced_cents=120_000 + 30_000 + 30_000, paid_cents=120_000,
                      opening_days_billed=Decimal(7)),
        "O-E1": Money(800_000),
    },
}
BILLING["late dispute"] = {**BILLING["closed"],
                           "O-E1": Money(800_000, invoiced_cents=12_000, trainer_hours_billed=Decimal(2))}
