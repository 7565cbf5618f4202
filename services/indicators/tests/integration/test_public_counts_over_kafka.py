"""The running service sends the public scopes' totals on indicators.public.v1 once facts settle:
the small scenario's events in, a PublicCountsComputed out whose totals are the report's, with
action-type scopes that add up to the programme."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer

from pacte_contracts.envelope import decode_message
from pacte_contracts.indicators import PublicCountsComputed
from pacte_contracts.topics import INDICATORS_PUBLIC
from pacte_testing import Infra

from .running import Service, indicators_service
from .scenario_events import EXPECTED, envelopes_of, publish, shuffled_with_duplicates, small_scenario_events

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def running(private_infra: Infra) -> AsyncIterator[Service]:
    async with indicators_service(private_infra, public_counts_s=0.5, metrics_refresh_s=0.2) as service:
        yield service


async def _newest_counts(bootstrap: str, matches: object, timeout: float = 45) -> PublicCountsComputed:
    consumer = AIOKafkaConsumer(INDICATORS_PUBLIC, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                group_id=f"public-counts-test-{uuid.uuid4().hex[:8]}")
    await consumer.start()
    newest: PublicCountsComputed | None = None
    try:
        async with asyncio.timeout(timeout):
            while True:
                for records in (await consumer.getmany(timeout_ms=500)).values():
                    for record in records:
                        event = decode_message(record.value)[1]
                        assert isinstance(event, PublicCountsComputed)
                        if newest is None or event.computed_at >= newest.computed_at:
                            newest = event
                if newest is not None and matches(newest):  # type: ignore[operator]
                    return newest
    except TimeoutError:
        raise AssertionError(f"no matching public counts; newest: {newest}") from None
    finally:
        await consumer.stop()


async def test_public_counts_follow_the_facts(running: Service, private_infra: Infra) -> None:
    await publish(running.producer, shuffled_with_duplicates(envelopes_of(small_scenario_events()), seed=3))
    programme = EXPECTED["indicators"]["programme"]

    def settled(event: PublicCountsComputed) -> bool:
        counts = event.scopes.get("programme")
        return counts is not None and (counts.entries, counts.exits, counts.invoiced_cents, counts.paid_cents) == (
            programme["entries"], programme["exits"], programme["invoiced_cents"], programme["paid_cents"])

    event = await _newest_counts(private_infra.bootstrap, settled)
    counts = event.scopes["programme"]
    assert counts.dropouts == programme["dropouts"]
    assert counts.dropouts_by_reason == programme["dropouts_by_reason"]
    assert counts.committed_cents == programme["committed_cents"]
    assert {s.partition(":")[0] for s in event.scopes} == {"programme", "axis", "territory", "domain",
                                                          "action_type", "organisation"}
    for scope, figures in EXPECTED["indicators"].items():
        if scope in event.scopes:
            assert event.scopes[scope].entries == figures["entries"], scope
    action_types = [c for s, c in event.scopes.items() if s.startswith("action_type:")]
    assert sum(c.entries for c in action_types) == counts.entries
    assert sum(c.dropouts for c in action_types) == counts.dropouts
    assert sum(c.committed_cents for c in action_types) == counts.committed_cents
