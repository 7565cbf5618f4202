"""Reads of the present answer from the counts kept at the projection's version, and only at it.

The metrics refresher keeps every scope's counts (`LatestCounts`); the report and one scope's detail
without `as_of` take them when the projection is still at the version they were counted at, and count
again once a batch moved it. Either way the answer is the one counting gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte_indicators.adapters import state
from pacte_indicators.entrypoints.app import MIGRATIONS_DIR
from pacte_indicators.service_layer import readings
from pacte_indicators.service_layer.latest_counts import CountsAt, LatestCounts
from pacte_indicators.service_layer.projection import project_facts
from pacte_testing import Infra
from pacte_testing.differential import ScratchSchema, consume, differential, replayed


@pytest.fixture(scope="module")
def scratch(infra: Infra) -> Iterator[ScratchSchema]:
    with ScratchSchema(infra.database_url, "indicators", MIGRATIONS_DIR) as schema:
        yield schema


async def details(conn: Any, scopes: list[str], latest: LatestCounts | None) -> dict[str, Any]:
    return {scope: await readings.scope_detail(conn, scope, None, True, latest) for scope in scopes}


@differential
@given(data=st.data())
def test_reads_from_kept_counts_equal_counting_and_follow_every_batch(scratch: ScratchSchema,
                                                                      data: st.DataObject) -> None:
    _, batches = replayed(data, corrections=True)
    cut = data.draw(st.integers(0, len(batches)), label="batches before the first read")

    async def replay(conn: Any) -> None:
        latest = LatestCounts()
        await consume(conn, project_facts, batches[:cut])
        counted = await readings.report(conn, None)
        assert await readings.report(conn, None, latest) == counted  # counted, and kept
        version = await state.projection_version(conn)
        assert latest.at(version) is not None
        scopes = [*counted, "lot:nothing-belongs-to-it"]
        assert await details(conn, scopes, latest) == await details(conn, scopes, None)

        await consume(conn, project_facts, batches[cut:])
        moved = await state.projection_version(conn)
        assert moved == version or latest.at(moved) is None
        now = await readings.report(conn, None)
        assert await readings.report(conn, None, latest) == now
        assert await details(conn, [*now], latest) == await details(conn, [*now], None)

    scratch.run(replay)


def test_a_read_at_the_kept_version_takes_the_kept_counts(scratch: ScratchSchema) -> None:
    async def replay(conn: Any) -> None:
        latest = LatestCounts()
        version = await state.projection_version(conn)
        latest.keep(CountsAt(version, {}))
        assert await readings.report(conn, None, latest) == {}
        await state.bump_facts_version(conn)
        assert latest.at(await state.projection_version(conn)) is None

    scratch.run(replay)
