"""Kafka consumers of the improvement service (FastStream batch consumers of the platform)."""

from __future__ import annotations

import asyncpg

from pacte_contracts import topics
from pacte_contracts.billing import PeriodClosingStarted
from pacte_contracts.indicators import IndicatorsSnapshotTaken
from pacte_contracts.procurement import LotAwarded, OrderPlaced
from pacte_improvement.service_layer.handlers import on_indicators_snapshot_taken, on_lot_awarded, on_order_placed
from pacte_platform import cuts, orgauth
from pacte_platform.consumer import Consumed, Emitter
from pacte_platform.runtime import ConsumerSpec


async def _on_procurement(conn: asyncpg.Connection, batch: list[Consumed], emit: Emitter) -> None:
    # One group reads both topics: its name predates the split of the handlers.
    await on_lot_awarded(conn, batch, emit)
    await on_order_placed(conn, batch, emit)


#: Group names are stable: renaming one would replay its topics from the beginning.
CONSUMERS: list[ConsumerSpec] = [
    ConsumerSpec("improvement-procurement", [topics.PROCUREMENT_LOT, topics.PROCUREMENT_ORDER], _on_procurement,
                 [LotAwarded, OrderPlaced]),
    ConsumerSpec("improvement-credentials", orgauth.CREDENTIAL_TOPICS, orgauth.on_credential_events),
    ConsumerSpec("improvement-snapshots", [topics.INDICATORS_SNAPSHOT], on_indicators_snapshot_taken,
                 [IndicatorsSnapshotTaken]),
    # Closings' consistent cuts: a marker behind every validation acknowledged before the request.
    ConsumerSpec("improvement-closings", [topics.BILLING_PERIOD],
                 cuts.announcing_closings("improvement", [topics.IMPROVEMENT_PLAN]), [PeriodClosingStarted]),
]
