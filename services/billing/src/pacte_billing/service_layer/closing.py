"""Period closing on a consistent cut (docs/architecture.md), billing's side.

P's invoices are issued once two things are in, whichever comes last: billing's facts consumer holds
the closing's cut (every producer's marker: the ledger then holds exactly what the closing includes)
and improvement's MilestonesEvaluated(P). Then, in one transaction (BILLING.md "Disputes"): every
disputed invoice is re-issued, the evaluation's achievements are recorded, P's invoices are issued,
and the cut is released.
"""

from __future__ import annotations

import asyncpg

from pacte_billing.adapters import closings, declarations, ledger
from pacte_billing.domain.periods import last_day
from pacte_contracts import billing as events
from pacte_contracts.improvement import MilestonesEvaluated
from pacte_platform import cuts
from pacte_platform.consumer import Consumed, Emitter
from pacte_platform.logging import get_logger

from .accrual import refresh_accruals
from .issuing import issue, reissue_disputed

log = get_logger(component="closing")


async def issue_period(conn: asyncpg.Connection, period: str, emit: Emitter) -> set[str]:
    """Re-issues, then the achievements, then P's invoices; P closed. The caller holds the ledger lock."""
    reissued = await reissue_disputed(conn, await ledger.watermark(conn))
    row = await closings.closing(conn, period)
    touched = await declarations.record_milestones(conn, [] if row is None else closings.kept_achievements(row))
    issued = await issue(conn, period, None, await ledger.watermark(conn))
    for done in [*reissued, *issued]:
        emit.emit(*done.events)
    await closings.mark_closed(conn, period, last_day(period), len(issued))
    emit.emit(events.PeriodClosed(period=period, invoices_issued=len(issued)))
    return touched | {done.invoice.order_id for done in [*reissued, *issued]}


def _achievements(consumed: Consumed) -> list[ledger.MilestoneFact]:
    evaluation = consumed.event
    assert isinstance(evaluation, MilestonesEvaluated)
    return [ledger.MilestoneFact(consumed.envelope.event_id, a.milestone_id, a.plan_id, a.order_id, a.bonus_cents,
                                 a.achieved_on) for a in evaluation.achievements]


class ClosingHandlers:
    """The two halves of a closing, met in the closings row (each locks it): the facts consumer's
    cut and the evaluation consumer's answer. `facts_consumer` is the group holding the cut."""

    def __init__(self, facts_consumer: str) -> None:
        self.facts_consumer = facts_consumer

    async def takes_cut(self, conn: asyncpg.Connection, cut_id: str) -> bool:
        """Billing starts every closing and holds its cut only while it waits for it. A cut with no
        pending closing here is not awaited: a producer's announcement without billing's request, a
        closing of another deployment, or one already closed (a rebuild replaying the topics restores
        closed periods from billing's own events while the facts consumer meets their old markers)."""
        period = events.period_of_cut(cut_id)
        row = None if period is None else await closings.closing(conn, period)
        return row is not None and row["status"] == closings.AWAITING

    async def on_cut(self, conn: asyncpg.Connection, cut_id: str, emit: Emitter) -> bool:
        """The closing's cut is aligned: the ledger holds exactly what it includes. True: release it."""
        period = events.period_of_cut(cut_id)
        await ledger.lock_ledger(conn)  # first, as every issuing does: then the closing's row
        row = None if period is None else await closings.closing(conn, period, for_update=True)
        if period is None or row is None or row["status"] != closings.AWAITING:
            return True  # a rebuild replaying history, or a cut that is not a pending closing
        await closings.mark_cut_aligned(conn, period)
        log.info("closing's cut aligned", period=period, evaluated=row["evaluated_at"] is not None)
        if row["evaluated_at"] is None:
            return False  # held until the evaluation is in
        await refresh_accruals(conn, await issue_period(conn, period, emit), emit)
        return True

    async def on_milestones_evaluated(self, conn: asyncpg.Connection, consumed: list[Consumed],
                                      emit: Emitter) -> None:
        """MilestonesEvaluated(P): kept for P's closing, which issues at once if its cut is in."""
        await ledger.lock_ledger(conn)
        touched: set[str] = set()
        for c in consumed:
            if not isinstance(c.event, MilestonesEvaluated):
                continue
            period = c.event.period
            row = await closings.closing(conn, period, for_update=True)
            if row is None or row["status"] != closings.AWAITING:
                # A rebuild replaying history, or an answer after the closing: achievements as facts.
                touched |= await declarations.record_milestones(conn, _achievements(c))
                continue
            await closings.keep_evaluation(conn, period, _achievements(c))
            if row["cut_aligned_at"] is not None:
                touched |= await issue_period(conn, period, emit)
                await cuts.release(conn, self.facts_consumer, events.closing_cut_id(period))
        await refresh_accruals(conn, touched, emit)
