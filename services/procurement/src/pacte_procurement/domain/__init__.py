"""Pure domain of procurement: tenders, lots, orders, sessions, budget (no I/O)."""

from pacte_contracts.refusals import Rejection

from .budget import (
    BudgetLedger,
    can_commit,
    committed_of_tender,
    remaining_budget,
)
from .catalogue import CATALOGUE_MONTHS, add_months, catalogue_window
from .commands import (
    COMMANDS,
    AwardLot,
    CancelSession,
    CloseTender,
    DeclareLotUnsuccessful,
    DefineLot,
    PlaceOrder,
    PublishTender,
    RegisterOrganisation,
    RescheduleSession,
    ScheduleSession,
    SetJobseekerCount,
)
from .jobseekers import decide_jobseekers
from .lot import decide_award, decide_define_lot, decide_unsuccessful
from .model import (
    JobseekerReference,
    Lot,
    LotStatus,
    Order,
    OrderStatus,
    Session,
    SessionStatus,
    Tender,
    TenderStatus,
)
from .order import decide_place_order
from .organisation import Organisation, PostalAddress, decide_register_organisation, organisations_to_register
from .session import MAX_HOURS_PER_DAY, decide_cancel_session, decide_reschedule, decide_schedule_session
from .tender import decide_close_tender, decide_publish_tender

__all__ = [
    "CATALOGUE_MONTHS",
    "COMMANDS",
    "MAX_HOURS_PER_DAY",
    "AwardLot",
    "BudgetLedger",
    "CancelSession",
    "CloseTender",
    "DeclareLotUnsuccessful",
    "DefineLot",
    "JobseekerReference",
    "Lot",
    "LotStatus",
    "Order",
    "OrderStatus",
    "Organisation",
    "PlaceOrder",
    "PostalAddress",
    "PublishTender",
    "RegisterOrganisation",
    "Rejection",
    "RescheduleSession",
    "ScheduleSession",
    "Session",
    "SessionStatus",
    "SetJobseekerCount",
    "Tender",
    "TenderStatus",
    "add_months",
    "can_commit",
    "catalogue_window",
    "committed_of_tender",
    "decide_award",
    "decide_cancel_session",
    "decide_close_tender",
    "decide_define_lot",
    "decide_jobseekers",
    "decide_place_order",
    "decide_publish_tender",
    "decide_register_organisation",
    "decide_reschedule",
    "decide_schedule_session",
    "decide_unsuccessful",
    "organisations_to_register",
    "remaining_budget",
]
