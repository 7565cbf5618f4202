"""Pure domain of procurement: tenders, lots, orders, sessions, budget (no I/O)."""

from .budget import (
    BudgetLedger,
    can_commit,
    committed_of_tender,
    remaining_budget,
)
from .catalogue import CATALOGUE_MONTHS, add_months, catalogue_window
from .jobseekers import parse_jobseekers
from .lot import (
    AwardDraft,
    LotDraft,
    decide_award,
    decide_define_lot,
    decide_unsuccessful,
    parse_award,
    parse_lot,
)
from .model import (
    JobseekerReference,
    Lot,
    LotStatus,
    Order,
    OrderStatus,
    Rejection,
    Session,
    SessionStatus,
    Tender,
    TenderStatus,
)
from .order import OrderDraft, decide_place_order, parse_order
from .organisation import Organisation, organisations_to_register, parse_organisation
from .session import (
    MAX_HOURS_PER_DAY,
    RescheduleDraft,
    SessionDraft,
    decide_cancel_session,
    decide_reschedule,
    decide_schedule_session,
    parse_reschedule,
    parse_session,
)
from .tender import TenderDraft, decide_close_tender, decide_publish_tender, parse_tender

__all__ = [
    "CATALOGUE_MONTHS",
    "MAX_HOURS_PER_DAY",
    "AwardDraft",
    "BudgetLedger",
    "JobseekerReference",
    "Lot",
    "LotDraft",
    "LotStatus",
    "Order",
    "OrderDraft",
    "OrderStatus",
    "Organisation",
    "Rejection",
    "RescheduleDraft",
    "Session",
    "SessionDraft",
    "SessionStatus",
    "Tender",
    "TenderDraft",
    "TenderStatus",
    "add_months",
    "can_commit",
    "catalogue_window",
    "committed_of_tender",
    "decide_award",
    "decide_cancel_session",
    "decide_close_tender",
    "decide_define_lot",
    "decide_place_order",
    "decide_publish_tender",
    "decide_reschedule",
    "decide_schedule_session",
    "decide_unsuccessful",
    "organisations_to_register",
    "parse_award",
    "parse_jobseekers",
    "parse_lot",
    "parse_order",
    "parse_organisation",
    "parse_reschedule",
    "parse_session",
    "parse_tender",
    "remaining_budget",
]
