"""``order.place``: precedence invalid, then ``lot_not_awarded``, then ``budget_exceeded``."""

from __future__ import annotations

from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import Rejection

from .budget import can_commit, remaining_budget
from .commands import PlaceOrder
from .model import Lot, LotStatus, Order, Tender, TenderStatus


def decide_place_order(
    order: PlaceOrder,
    lot: Lot | None,
    tender: Tender | None,
    committed_cents_of_tender: int,
    order_exists: bool,
) -> Order | Rejection:
    """``committed_cents_of_tender``: the sum of the orders already placed under the lot's tender."""
    if order_exists:
        return Rejection(RejectionReason.INVALID, f"order {order.order_id!r} already exists")
    if lot is None:
        return Rejection(RejectionReason.INVALID, f"unknown lot {order.lot_id!r}")
    if tender is None or tender.tender_id != lot.tender_id:
        return Rejection(RejectionReason.INVALID, f"unknown tender {lot.tender_id!r}")
    if order.amount_cents <= 0:
        return Rejection(RejectionReason.INVALID, "amount_cents must be positive")
    if tender.status is TenderStatus.CLOSED:
        # A closed tender (procedure over) commits nothing more; the lot's state does not matter.
        return Rejection(RejectionReason.INVALID, f"tender {tender.tender_id!r} is closed")
    if lot.status is not LotStatus.AWARDED or lot.holder_id is None:
        return Rejection(RejectionReason.LOT_NOT_AWARDED, f"lot {lot.lot_id!r} is {lot.status.value}")
    if not can_commit(tender.budget_cents, committed_cents_of_tender, order.amount_cents):
        remaining = remaining_budget(tender.budget_cents, committed_cents_of_tender)
        return Rejection(
            RejectionReason.BUDGET_EXCEEDED,
            f"{order.amount_cents} cents exceed the {remaining} cents left on tender {tender.tender_id!r}",
        )
    return Order(
        order_id=order.order_id,
        lot_id=lot.lot_id,
        tender_id=tender.tender_id,
        holder_id=lot.holder_id,
        amount_cents=order.amount_cents,
    )
