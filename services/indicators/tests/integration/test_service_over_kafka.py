"""The running service over the real broker and PostgreSQL: the small scenario's events, delivered
reordered and duplicated, give the report; closings are answered with snapshots; metrics follow.

One service for the module (tests run in order and build on the facts fed by the first one).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import time
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer

from pacte_contracts.attendance import Stay, TraineeEnrolled, TraineeProfile
from pacte_contracts.billing import closing_cut_id
from pacte_contracts.envelope import Envelope
from pacte_contracts.topics import CUT_TOPICS, INDICATORS_SNAPSHOT
from pacte_indicators.entrypoints.consumers import FACT_TOPICS
from pacte_testing import Infra, publish_cut_markers, wait_until

from .running import Service, indicators_service
from .scenario_events import (
    EXPECTED,
    envelopes_of,
    expected_scopes,
    publish,
    shuffled_with_duplicates,
    small_scenario_events,
    trainee_key,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def service(private_infra: Infra) -> AsyncIterator[Service]:
    async with indicators_service(private_infra, metrics_refresh_s=0.2) as running:
        yield running


async def test_reordered_duplicated_events_give_the_report(service: Service) -> None:
    messages = shuffled_with_duplicates(envelopes_of(small_scenario_events()), seed=42)
    started = time.perf_counter()
    await publish(service.producer, messages)
    last: dict[str, Any] = {}

    async def report_matches() -> bool:
        nonlocal last
        last = expected_scopes((await service.get("/indicators")).json())
        return last == EXPECTED["indicators"]

    try:
        await wait_until(report_matches, timeout=45)
    except TimeoutError:
        assert last == EXPECTED["indicators"]
    print(f"\n{len(messages)} messages consumed into the report in {time.perf_counter() - started:.2f}s")
    budget = await service.get("/budget")
    assert budget.status_code == 200
    assert budget.json() == EXPECTED["budget"]


async def test_as_of_explain_and_refusals(service: Service) -> None:
    response = await service.get("/indicators/lot:L-69-DIG", as_of="2019-09-30", explain="true")
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2019-09-30"
    assert body["indicators"]["satisfaction_avg"] == "5.0000"
    assert body["explain"]["satisfaction_avg"] == {
        "numerator": 5, "denominator": 1, "numerator_counts": "sum of scores",
        "denominator_counts": "responses of exited trainees", "rate": "5.0000",
    }
    assert body["cost_per_entry_reference_cents"] == 550_000
    assert body["dropouts_by_reason_fr"][-1] == {"code": "return_to_work", "label_fr": "Retour à l'emploi", "count": 1}

    now = (await service.get("/indicators/territory:38", explain="true")).json()
    assert now["indicators"]["access_rate"] == "0.0001"
    assert (now["explain"]["access_rate"]["numerator"], now["explain"]["access_rate"]["denominator"]) == (3, 60_000)
    assert now["insertion_by_action_type"]["certifying"]["return_to_work_6m_rate"] == "1.0000"

    programme = (await service.get("/indicators", as_of="2019-09-30")).json()["programme"]
    assert (programme["places_offered"], programme["entries"], programme["exits"]) == (30, 10, 1)

    missing = await service.get("/indicators/lot:L-15-AGR")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["code"] == "not_found"
    bad_date = await service.get("/indicators", as_of="30/09/2019")
    assert (bad_date.status_code, bad_date.json()["code"]) == (422, "invalid")
    anonymous = await service.client.get("/indicators")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "unauthorized")


async def _snapshots(consumer: AIOKafkaConsumer, wanted: dict[str, int], timeout: float,
                     found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        batches = await consumer.getmany(timeout_ms=200)
        for records in batches.values():
            for record in records:
                envelope = Envelope.model_validate_json(record.value)
                if envelope.type == "IndicatorsSnapshotTaken" and envelope.payload["period"] in wanted:
                    found.append(envelope.payload)
        if all(sum(1 for s in found if s["period"] == p) >= n for p, n in wanted.items()):
            return found
    raise AssertionError(f"snapshots not received: {wanted}, got {[s['period'] for s in found]}")


async def test_a_closing_is_answered_with_a_snapshot_of_its_cut(service: Service, private_infra: Infra) -> None:
    infra = private_infra
    cut_topics = sorted(set(FACT_TOPICS) & CUT_TOPICS)
    consumer = AIOKafkaConsumer(INDICATORS_SNAPSHOT, bootstrap_servers=infra.bootstrap, group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    try:
        for period in ("2019-09", "2019-10"):
            await publish_cut_markers(infra.bootstrap, closing_cut_id(period), cut_topics)
        found: list[dict[str, Any]] = []
        await _snapshots(consumer, {"2019-09": 1, "2019-10": 1}, 30, found)
    finally:
        await consumer.stop()

    september = [s for s in found if s["period"] == "2019-09"]
    assert len(september) == 1, "a cut aligns once"
    dig = september[0]["scopes"]["lot:L-69-DIG"]
    assert dig["satisfaction_avg"] == {"value": "5.0000", "denominator": 1}  # M-2: below min_sample 2
    october = next(s for s in found if s["period"] == "2019-10")
    assert october["as_of"] == "2019-10-31"
    assert october["scopes"]["lot:L-69-DIG"]["dropout_rate"] == {"value": "0.2000", "denominator": 5}  # M-1
    assert october["scopes"]["lot:L-69-DIG"]["dropouts_by_reason.return_to_work"] == {"value": "1", "denominator": 5}
    assert set(october["scopes"]) == {
        "programme", "lot:L-38-BTP", "lot:L-63-ESS", "lot:L-69-DIG",
        "organisation:OF-AUV-ESS", "organisation:OF-ISERE-BTP", "organisation:OF-LYON-NUM",
    }
    stored = (await service.get("/snapshots/2019-10")).json()
    assert stored["scopes"] == october["scopes"]
    assert stored["explain"]["lot:L-69-DIG"]["dropout_rate"]["numerator"] == 1


async def test_business_metrics(service: Service) -> None:
    text = ""

    async def programme_exposed() -> bool:
        nonlocal text
        text = await service.metrics()
        return 'pacte_entries_total{scope_id="programme",scope_type="programme"} 12.0' in text

    await wait_until(programme_exposed, timeout=15)
    assert 'pacte_dropouts_total{reason="material_reason",scope_id="programme",scope_type="programme"} 1.0' in text
    assert 'pacte_budget_axis_target_ratio{axis="essentials"} 0.43' in text
    assert 'pacte_invoiced_euros{scope_id="L-38-BTP",scope_type="lot"} 600.0' in text
    assert 'pacte_cost_per_entry_reference_euros 5500.0' in text
    assert 'pacte_training_access_ratio{scope_id="38",scope_type="territory"} 5e-05' in text
    assert "t1_" not in text  # no trainee pseudonym ever becomes a label
    promtool = shutil.which("promtool")
    if promtool:
        business = "\n".join(line for line in text.splitlines() if "pacte_" in line) + "\n"
        result = subprocess.run([promtool, "check", "metrics"], input=business, capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, result.stdout + result.stderr


async def test_delay_from_attendance_event_to_indicator(service: Service) -> None:
    """Publishes enrolments one by one and measures until the lot's entries move (reported)."""
    delays = []
    for n in range(5):
        before = (await service.get("/indicators/lot:L-63-ESS")).json()["indicators"]["entries"]
        stay = Stay(revision=1, enrolled_on="2020-05-05", status="enrolled",
                    profile=TraineeProfile(qualification="bac", jobseeker_registered=True))
        event = TraineeEnrolled(session_id="S-ESS-2", organisation_id="OF-AUV-ESS",
                                trainee_key=trainee_key("OF-AUV-ESS", f"TR-LATENCY-{n}"), date="2020-05-05", stay=stay)
        started = time.perf_counter()
        await publish(service.producer, envelopes_of([event]))
        while (await service.get("/indicators/lot:L-63-ESS")).json()["indicators"]["entries"] == before:
            if time.perf_counter() - started > 20:
                raise AssertionError("the indicator did not move")
            await asyncio.sleep(0.005)
        delays.append(time.perf_counter() - started)
    summary = {"min_ms": round(min(delays) * 1000, 1), "median_ms": round(statistics.median(delays) * 1000, 1),
               "max_ms": round(max(delays) * 1000, 1)}
    print("\nattendance event → indicator delay:", json.dumps(summary))
    assert statistics.median(delays) < 5


async def test_what_follows_a_closing_marker_is_after_its_cut(service: Service, private_infra: Infra) -> None:
    """Last of the module: it adds an enrolment. Declared right behind the closing's markers and dated
    in the period, it falls after the cut: the snapshot leaves it out, the projection has it after."""
    infra = private_infra
    entries_before = (await service.get("/indicators/lot:L-69-DIG")).json()["indicators"]["entries"]
    consumer = AIOKafkaConsumer(INDICATORS_SNAPSHOT, bootstrap_servers=infra.bootstrap, group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    try:
        await publish_cut_markers(infra.bootstrap, closing_cut_id("2019-11"), sorted(set(FACT_TOPICS) & CUT_TOPICS))
        late = TraineeEnrolled(session_id="S-DIG-1", organisation_id="OF-LYON-NUM", trainee_key="late-trainee",
                               date=date(2019, 10, 1), stay=Stay(revision=1, enrolled_on=date(2019, 10, 1),
                                                                  status="enrolled", profile=TraineeProfile()))
        await publish(service.producer, envelopes_of([late]))
        found = await _snapshots(consumer, {"2019-11": 1}, 30, [])
    finally:
        await consumer.stop()
    november = next(s for s in found if s["period"] == "2019-11")
    assert november["scopes"]["lot:L-69-DIG"]["dropout_rate"]["denominator"] == entries_before

    async def projected() -> bool:
        lot = (await service.get("/indicators/lot:L-69-DIG")).json()["indicators"]
        return bool(lot["entries"] == entries_before + 1)

    await wait_until(projected, timeout=30)
