"""The indicators' SQL equals the reference model, on random histories over a real PostgreSQL.

Production projects the events it consumes into tables and counts every scope at once in SQL
(`adapters/queries.py`); `tests/oracle/` states INDICATORS.md the plain way, one scope at a time.
Each example delivers a random history (re-enrolments, suspensions, exits, outcomes and
satisfaction re-recorded, sessions rescheduled or cancelled, invoices, payments, accruals,
job-seeker counts, and version 2's corrections: enrolments cancelled and made again, open days
withdrawn, invoices disputed and re-issued, orders closed) in any order, some events twice, in
random batches, then compares every indicator of every scope now and as of dates that fall on the
history's own fact dates, and the budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte_contracts import attendance as att
from pacte_contracts.envelope import Event
from pacte_indicators.adapters import queries
from pacte_indicators.domain.scopes import indicator_set
from pacte_indicators.entrypoints.app import MIGRATIONS_DIR
from pacte_indicators.service_layer import readings
from pacte_indicators.service_layer.projection import project_facts
from pacte_platform.consumer import Consumed
from pacte_testing import Infra
from pacte_testing.differential import ScratchSchema, consume, days, differential, replayed

from ..oracle import projection as oracle

Reading = tuple[dict[date | None, dict[str, dict[str, object]]], dict[str, dict[str, object]]]


@pytest.fixture(scope="module")
def scratch(infra: Infra) -> Iterator[ScratchSchema]:
    with ScratchSchema(infra.database_url, "indicators", MIGRATIONS_DIR) as schema:
        yield schema


def fact_dates(events: list[Event]) -> st.SearchStrategy[date]:
    """Dates the history's facts fall on (and the day before each): where "on or before" matters."""
    dates: set[date] = set()
    for e in events:
        if isinstance(e, att.TraineeEvent):
            dates |= {e.date, e.stay.enrolled_on, *([e.stay.exited_on] if e.stay.exited_on else [])}
        elif isinstance(e, att.OutcomeRecorded):
            dates.add(e.observed_on)
        elif isinstance(e, att.SatisfactionRecorded):
            dates.add(e.date)
        elif isinstance(e, att.EnrolmentCancelled):
            dates.add(e.enrolled_on)
    dates |= {d.fromordinal(d.toordinal() - 1) for d in dates}
    return st.sampled_from(sorted(dates)) if dates else days


def sql_reading(scratch: ScratchSchema, batches: list[list[Consumed]], as_of: list[date | None]) -> Reading:
    async def replay(conn: Any) -> Reading:
        await consume(conn, project_facts, batches)
        return {d: await readings.report(conn, d) for d in as_of}, await readings.budget(conn)

    return scratch.run(replay)


@differential
@given(data=st.data())
def test_sql_indicators_equal_the_reference_model(scratch: ScratchSchema, data: st.DataObject) -> None:
    events, batches = replayed(data, corrections=True)
    as_of: list[date | None] = [None, *data.draw(st.lists(fact_dates(events), min_size=1, max_size=3, unique=True),
                                                label="as of")]
    reports, budget = sql_reading(scratch, batches, as_of)
    for day in as_of:
        expected = oracle.report(events, day)
        assert reports[day] == expected, f"as of {day}"
        for scope, values in expected.items():
            assert list(reports[day][scope]) == list(values), f"key order of {scope}"
    assert budget == oracle.budget(events)


def one_scope_readings(scratch: ScratchSchema, batches: list[list[Consumed]], as_of: list[date | None]) -> Any:
    async def replay(conn: Any) -> Any:
        await consume(conn, project_facts, batches)
        result = {}
        for day in as_of:
            every = await queries.scope_counts(conn, day)
            one = {scope: await queries.scope_counts(conn, day, only=scope) for scope in every}
            details = {scope: await readings.scope_detail(conn, scope, day, explain=True) for scope in every}
            result[day] = every, one, await readings.report(conn, day), details
        return result

    return scratch.run(replay)


@differential
@given(data=st.data())
def test_one_scope_read_equals_its_entry_in_the_every_scope_report(scratch: ScratchSchema,
                                                                   data: st.DataObject) -> None:
    # The one-scope read is restricted to the scope's sessions and orders first; it must count what
    # the every-scope read counts for that scope, now and as of the history's dates.
    events, batches = replayed(data, corrections=True)
    as_of: list[date | None] = [None, *data.draw(st.lists(fact_dates(events), min_size=1, max_size=2, unique=True),
                                                label="as of")]
    for day, (every, one, report, details) in one_scope_readings(scratch, batches, as_of).items():
        for scope, counts in every.items():
            assert one[scope] == {scope: counts}, f"{scope} as of {day}"
            assert details[scope]["indicators"] == report[scope], f"{scope} as of {day}"
            assert details[scope]["explain"] == indicator_set(counts).explain()
