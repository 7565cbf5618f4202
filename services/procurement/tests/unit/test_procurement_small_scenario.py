"""Replays the small scenario's procurement lines through the pure domain."""

from __future__ import annotations

from typing import Any

from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import parse
from pacte_procurement.domain import (
    AwardLot,
    DefineLot,
    Lot,
    LotStatus,
    Order,
    PlaceOrder,
    PublishTender,
    Rejection,
    ScheduleSession,
    Session,
    Tender,
    decide_award,
    decide_cancel_session,
    decide_define_lot,
    decide_place_order,
    decide_publish_tender,
    decide_schedule_session,
    decide_unsuccessful,
)

from ._small import SMALL_LINES


class Store:
    def __init__(self) -> None:
        self.tenders: dict[str, Tender] = {}
        self.lots: dict[str, Lot] = {}
        self.orders: dict[str, Order] = {}
        self.sessions: dict[str, Session] = {}

    def committed(self, tender_id: str) -> int:
        return sum(o.amount_cents for o in self.orders.values() if o.tender_id == tender_id)

    def play(self, line: dict[str, Any]) -> Rejection | None:
        cmd = line["cmd"]
        if cmd == "tender.publish":
            td = parse(PublishTender, line)
            if isinstance(td, Rejection):
                return td
            assert isinstance(td, PublishTender)
            tender = decide_publish_tender(td, tender_exists=td.tender_id in self.tenders)
            if isinstance(tender, Rejection):
                return tender
            self.tenders[tender.tender_id] = tender
        elif cmd == "lot.define":
            ld = parse(DefineLot, line)
            if isinstance(ld, Rejection):
                return ld
            assert isinstance(ld, DefineLot)
            lot = decide_define_lot(
                ld, lot_exists=ld.lot_id in self.lots, tender=self.tenders.get(ld.tender_id)
            )
            if isinstance(lot, Rejection):
                return lot
            self.lots[lot.lot_id] = lot
        elif cmd == "lot.award":
            ad = parse(AwardLot, line)
            if isinstance(ad, Rejection):
                return ad
            assert isinstance(ad, AwardLot)
            lot = decide_award(self.lots.get(ad.lot_id), ad)
            if isinstance(lot, Rejection):
                return lot
            self.lots[lot.lot_id] = lot
        elif cmd == "lot.unsuccessful":
            lot = decide_unsuccessful(self.lots.get(line["lot_id"]))
            if isinstance(lot, Rejection):
                return lot
            self.lots[lot.lot_id] = lot
        elif cmd == "order.place":
            od = parse(PlaceOrder, line)
            if isinstance(od, Rejection):
                return od
            assert isinstance(od, PlaceOrder)
            known_lot = self.lots.get(od.lot_id)
            tender = self.tenders.get(known_lot.tender_id) if known_lot else None
            order = decide_place_order(
                od,
                known_lot,
                tender,
                self.committed(tender.tender_id) if tender else 0,
                od.order_id in self.orders,
            )
            if isinstance(order, Rejection):
                return order
            self.orders[order.order_id] = order
        elif cmd == "session.schedule":
            sd = parse(ScheduleSession, line)
            if isinstance(sd, Rejection):
                return sd
            assert isinstance(sd, ScheduleSession)
            o = self.orders.get(sd.order_id)
            session = decide_schedule_session(
                sd,
                session_exists=sd.session_id in self.sessions,
                order=o,
                lot=self.lots.get(o.lot_id) if o else None,
            )
            if isinstance(session, Rejection):
                return session
            self.sessions[session.session_id] = session
        elif cmd == "session.cancel":
            session = decide_cancel_session(self.sessions.get(line["session_id"]), has_enrolments=False)
            if isinstance(session, Rejection):
                return session
            self.sessions[session.session_id] = session
        else:  # pragma: no cover
            raise AssertionError(cmd)
        return None


def test_small_scenario_procurement_lines() -> None:
    store = Store()
    rejections = {}
    for number, line in enumerate(SMALL_LINES, start=1):
        result = store.play(line)
        if result is not None:
            rejections[number] = result.reason
    assert rejections == {14: RejectionReason.LOT_NOT_AWARDED, 15: RejectionReason.BUDGET_EXCEEDED}
    assert store.lots["L-15-AGR"].status is LotStatus.UNSUCCESSFUL
    assert store.lots["L-63-ESS"].members == ("OF-AUV-ESS", "OF-CLERMONT-FLE")
    assert store.committed("T-AFC-2019") == 2_060_000
    assert store.committed("T-ESS-2019") == 1_000_000
    assert sorted(store.orders) == ["BC-1", "BC-2", "BC-3"]
    assert store.orders["BC-1"].holder_id == "OF-LYON-NUM"
    assert store.sessions["S-BTP-2"].cancelled
    assert not store.sessions["S-BTP-1"].cancelled
    assert str(store.sessions["S-BTP-1"].hours_per_day) == "7.5"
    assert store.sessions["S-DIG-1"].holder_id == "OF-LYON-NUM"
