"""A batch of consumed events sorted into the ledger's fact kinds (the SQL then takes each kind at once)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from pacte_billing.adapters.ledger import (
    HoursFact,
    MilestoneFact,
    OpenDayFact,
    OutcomeFact,
    SessionLink,
    StayFact,
)
from pacte_billing.adapters.orders import OrderTerms
from pacte_contracts import attendance as att
from pacte_contracts import improvement as imp
from pacte_contracts import procurement as proc
from pacte_contracts.envelope import Event
from pacte_contracts.types import parse_hours
from pacte_platform.consumer import Consumed, PoisonMessage
from pacte_platform.mirrors import contract_of

#: What the facts consumer acts on; other events of its topics are acknowledged undecoded.
FACT_EVENTS: tuple[type[Event], ...] = (
    proc.OrderPlaced, proc.SessionScheduled, proc.SessionCancelled, att.AttendanceRecorded, att.TrainerHoursDeclared,
    att.OpenDayDeclared, att.OpenDayWithdrawn, att.TraineeEvent, att.EnrolmentCancelled, att.OutcomeRecorded,
    imp.MilestoneAchieved,
)
#: The bulk of the facts (an attendance sheet a day): decoded into msgspec mirrors of their contracts.
MIRRORED_FACTS: tuple[type[Event], ...] = (att.AttendanceRecorded, att.TrainerHoursDeclared)
NO_HOURS = Decimal(0)


@functools.cache
def _kind_of(event_type: type[Any]) -> type[Event] | None:
    """Which of FACT_EVENTS an event type is (or derives from): one dictionary lookup per event
    instead of a chain of isinstance checks, each slow on pydantic's ABC-based model classes."""
    return next((kind for kind in FACT_EVENTS if issubclass(event_type, kind)), None)


@functools.lru_cache(maxsize=4096)
def _hours(text: str) -> Decimal:
    # Declared hours are a handful of distinct strings ("7", "3.5"...): parsing each once per
    # process spares every fact the Decimal work (a tenth of the handler's time).
    try:
        value = parse_hours(Decimal(text))
    except (InvalidOperation, ValueError):
        raise PoisonMessage(f"malformed hours {text!r}") from None
    if value < 0:
        raise PoisonMessage(f"negative hours {text!r}")
    return value


def _rate(text: str | None) -> Decimal | None:
    try:
        return None if text is None else Decimal(text)
    except InvalidOperation:
        raise PoisonMessage(f"malformed VAT rate {text!r}") from None


@dataclass
class FactBatch:
    orders: list[OrderTerms] = field(default_factory=list)
    links: list[SessionLink] = field(default_factory=list)
    cancelled: list[tuple[str, str]] = field(default_factory=list)
    attendance: list[HoursFact] = field(default_factory=list)
    trainer: list[HoursFact] = field(default_factory=list)
    open_days: list[OpenDayFact] = field(default_factory=list)
    stays: list[StayFact] = field(default_factory=list)
    outcomes: list[OutcomeFact] = field(default_factory=list)
    milestones: list[MilestoneFact] = field(default_factory=list)

    @classmethod
    def of(cls, events: list[Consumed]) -> FactBatch:
        batch = cls()
        for c in events:
            kind = _kind_of(contract_of(c.event))
            if kind is not None:
                _SORTERS[kind](batch, c.event, c.envelope.event_id)
        return batch

    def order(self, e: proc.OrderPlaced, _: UUID) -> None:
        self.orders.append(OrderTerms(e.order_id, e.lot_id, e.tender_id, str(e.axis), str(e.billing_unit),
                                      e.unit_price_cents, e.return_to_work_bonus_cents, e.holder_organisation_id,
                                      e.amount_cents, action_type=str(e.action_type),
                                      continuity_bonus_cents=e.continuity_bonus_cents, vat_rate=_rate(e.vat_rate)))

    def session(self, e: proc.SessionScheduled, _: UUID) -> None:  # Rescheduled too
        self.links.append(SessionLink(e.session_id, e.order_id, e.revision))

    def session_cancelled(self, e: proc.SessionCancelled, _: UUID) -> None:
        self.cancelled.append((e.session_id, e.order_id))

    def attendance_recorded(self, e: att.AttendanceRecorded, event_id: UUID) -> None:
        self.attendance.append(HoursFact(event_id, e.session_id, e.trainee_key, e.date, e.revision,
                                         _hours(e.hours_present)))

    def trainer_hours(self, e: att.TrainerHoursDeclared, event_id: UUID) -> None:
        self.trainer.append(HoursFact(event_id, e.session_id, e.trainer_id, e.date, e.revision, _hours(e.hours)))

    def open_day(self, e: att.OpenDayDeclared, event_id: UUID) -> None:
        self.open_days.append(OpenDayFact(event_id, e.session_id, e.date, e.revision))

    def open_day_withdrawn(self, e: att.OpenDayWithdrawn, event_id: UUID) -> None:
        self.open_days.append(OpenDayFact(event_id, e.session_id, e.date, e.revision, open=False))

    def stay(self, e: att.TraineeEvent, event_id: UUID) -> None:
        s = e.stay
        self.stays.append(StayFact(event_id, e.session_id, e.trainee_key, e.date, s.revision, s.enrolled_on,
                                   s.status, s.exited_on, s.person_key))

    def enrolment_cancelled(self, e: att.EnrolmentCancelled, event_id: UUID) -> None:
        """The stay never existed: a `cancelled` revision of it, and a tombstone of each declaration."""
        self.stays.append(StayFact(event_id, e.session_id, e.trainee_key, e.enrolled_on, e.stay_revision,
                                   e.enrolled_on, "cancelled", None))
        for w in e.withdrawn:
            if w.kind == "attendance" and w.date is not None:
                self.attendance.append(HoursFact(event_id, e.session_id, e.trainee_key, w.date, w.revision, NO_HOURS,
                                                 withdrawn=True))
            elif w.kind == "outcome" and w.months_after_exit is not None:
                self.outcomes.append(OutcomeFact(event_id, e.session_id, e.trainee_key, w.months_after_exit, None,
                                                 None, w.revision, e.enrolled_on))

    def outcome(self, e: att.OutcomeRecorded, event_id: UUID) -> None:
        self.outcomes.append(OutcomeFact(event_id, e.session_id, e.trainee_key, e.months_after_exit, e.observed_on,
                                         str(e.status), e.revision, e.observed_on))

    def milestone(self, e: imp.MilestoneAchieved, event_id: UUID) -> None:
        # Evaluated achievements also come with MilestonesEvaluated; the milestone id dedupes.
        self.milestones.append(MilestoneFact(event_id, e.milestone_id, e.plan_id, e.order_id, e.bonus_cents,
                                             e.achieved_on))


_SORTERS: dict[type[Event], Callable[[FactBatch, Any, UUID], None]] = {
    proc.OrderPlaced: FactBatch.order, proc.SessionScheduled: FactBatch.session,
    proc.SessionCancelled: FactBatch.session_cancelled, att.AttendanceRecorded: FactBatch.attendance_recorded,
    att.TrainerHoursDeclared: FactBatch.trainer_hours, att.OpenDayDeclared: FactBatch.open_day,
    att.OpenDayWithdrawn: FactBatch.open_day_withdrawn, att.TraineeEvent: FactBatch.stay,
    att.EnrolmentCancelled: FactBatch.enrolment_cancelled, att.OutcomeRecorded: FactBatch.outcome,
    imp.MilestoneAchieved: FactBatch.milestone,
}
