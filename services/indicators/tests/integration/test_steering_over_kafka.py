"""Steering the pact over the real broker and PostgreSQL: the small scenario's events (reordered,
duplicated) give the trajectory and the dropout analysis the reference model computes from the
scenario's lines; the pact's targets and baseline are set by steering through the API; the metrics
of the "pact trajectory" dashboard follow."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from pacte_platform.auth import issue_token
from pacte_testing import Infra, wait_until

from ..oracle.steering import Programme
from .running import SECRET, Service, indicators_service
from .scenario_events import EXPECTED, SCENARIO, envelopes_of, publish, shuffled_with_duplicates, small_scenario_events

pytestmark = pytest.mark.asyncio(loop_scope="module")
SCOPES = ["programme", "axis:qualifying", "axis:essentials", "territory:69", "territory:38", "territory:63",
          "lot:L-69-DIG", "organisation:OF-AUV-ESS", "action_type:certifying"]
PACT_2019 = {"year": 2019, "paths": 23454, "pact_cents": 13_600_000_000, "own_budget_cents": 4_780_000_000}
_MONEY = ("committed_cents", "invoiced_cents", "paid_cents")
_ENTRIES = ("entries", "jobseeker_entries", "below_bac_entries")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def service(private_infra: Infra) -> AsyncIterator[Service]:
    async with indicators_service(private_infra, metrics_refresh_s=0.2) as running:
        await publish(running.producer, shuffled_with_duplicates(envelopes_of(small_scenario_events()), seed=7))

        async def caught_up() -> bool:
            report = (await running.get("/indicators")).json()
            return report.get("programme", {}).get("paid_cents") == EXPECTED["indicators"]["programme"]["paid_cents"] \
                and report["programme"]["entries"] == EXPECTED["indicators"]["programme"]["entries"]

        await wait_until(caught_up, timeout=45)
        yield running


def _programme() -> Programme:
    refused = {r["cmd_line"] for r in EXPECTED["rejections"]}
    lines = [json.loads(t) for n, t in enumerate(SCENARIO.read_text().splitlines(), start=1) if n not in refused]
    return Programme(lines)


async def test_trajectory_months_are_the_reference_models(service: Service) -> None:
    programme = _programme()
    for scope in SCOPES:
        answer = (await service.get("/trajectory", scope=scope)).json()
        got = {m["month"]: {k: m[k] for k in (*_ENTRIES, *_MONEY) if m[k]} for m in answer["months"]}
        expected = programme.months(scope, EXPECTED["invoices"])
        assert {m: v for m, v in got.items() if v} == expected, scope
        assert answer["totals"]["undated_committed_cents"] == 0
        assert sum(m["committed_cents"] for m in answer["months"]) == answer["totals"]["committed_cents"]


async def test_the_pacts_targets_by_default_and_per_scope(service: Service) -> None:
    programme = (await service.get("/trajectory")).json()
    assert programme["targets"]["total_paths"] == 109_090 and programme["targets"]["paths_of_years"] == 109_089
    assert programme["totals"]["paths_target"] == 109_090
    assert programme["totals"]["pact_target_cents"] == 65_200_000_000
    y2019 = next(y for y in programme["years"] if y["year"] == 2019)
    assert (y2019["paths_target"], y2019["money_target_cents"]) == (23_454, 18_380_000_000)
    assert y2019["entries"] == 10 and y2019["entries_rate"] == "0.0004"  # 10 / 23,454
    assert next(m for m in programme["months"] if m["month"] == "2019-09")["paths_pace"] == "1954.5"
    assert [m["month"] for m in programme["months"]][::12] == ["2019-01", "2020-01", "2021-01", "2022-01"]
    axis = (await service.get("/trajectory", scope="axis:essentials")).json()
    y2020 = next(y for y in axis["years"] if y["year"] == 2020)
    assert (y2020["paths_target"], y2020["pact_target_cents"]) == (None, 6_966_000_000)  # 43 % of 162 M€
    territory = (await service.get("/trajectory", scope="territory:69")).json()
    assert territory["years"][0]["money_target_cents"] is None and territory["baseline"] is None


async def test_steering_sets_targets_and_baseline(service: Service) -> None:
    targets = {"years": [PACT_2019, {**PACT_2019, "year": 2020, "paths": 30_000}], "total_paths": 53_454,
               "total_pact_cents": 27_200_000_000}
    response = await service.client.put("/reference/pact-targets", json=targets, headers=service.headers)
    assert response.status_code == 200, response.text
    assert response.json()["paths_of_years"] == 53_454
    again = (await service.get("/trajectory")).json()
    assert [y["year"] for y in again["years"]] == [2019, 2020]
    assert again["totals"]["paths_target"] == 53_454

    baseline = {"year": 2017, "scopes": [{"scope": "programme", "jobseeker_entries": 10, "below_bac_entries": 4},
                                          {"scope": "territory:69", "jobseeker_entries": 3, "below_bac_entries": 1}]}
    assert (await service.client.put("/reference/baseline", json=baseline, headers=service.headers)).status_code == 200
    y2019 = (await service.get("/trajectory")).json()["years"][0]
    assert y2019["jobseeker_entries_vs_baseline"]["baseline"] == 10
    assert y2019["jobseeker_entries_vs_baseline"]["difference"] == y2019["jobseeker_entries"] - 10
    assert (await service.get("/reference/baseline")).json()[0]["scope"] == "programme"


@pytest.mark.parametrize(("body", "field"), [
    ({"years": [], "total_paths": 1, "total_pact_cents": 1}, "at least one year"),
    ({"years": [PACT_2019, PACT_2019], "total_paths": 1, "total_pact_cents": 1}, "distinct"),
    ({"years": [{**PACT_2019, "paths": -1}], "total_paths": 1, "total_pact_cents": 1}, "negative"),
    ({"years": [{**PACT_2019, "paths": "23454"}], "total_paths": 1, "total_pact_cents": 1}, "paths"),
])
async def test_bad_targets_are_refused_and_change_nothing(service: Service, body: dict[str, Any], field: str) -> None:
    before = (await service.get("/reference/pact-targets")).json()
    response = await service.client.put("/reference/pact-targets", json=body, headers=service.headers)
    assert (response.status_code, response.json()["code"]) == (422, "invalid")
    assert field in json.dumps(response.json())
    assert (await service.get("/reference/pact-targets")).json() == before


async def test_only_steering_sets_the_reference_data(service: Service) -> None:
    auditor = {"Authorization": f"Bearer {issue_token(SECRET, 'auditor-1', ['auditor'])}"}
    response = await service.client.put("/reference/baseline", json={"year": 2017, "scopes": []}, headers=auditor)
    assert response.status_code == 403
    unknown = {"year": 2017, "scopes": [{"scope": "lot:L-1", "jobseeker_entries": 1, "below_bac_entries": 1}]}
    response = await service.client.put("/reference/baseline", json=unknown, headers=service.headers)
    assert (response.status_code, response.json()["code"]) == (422, "invalid")


async def test_dropout_analysis_is_the_reference_models(service: Service) -> None:
    programme = _programme()
    for scope in SCOPES:
        answer = (await service.get("/dropouts", scope=scope)).json()
        expected = programme.dropouts(scope)
        bands = {b["code"]: [b["entries"], b["dropouts"], b["dropouts_excl_employment"]]
                 for b in answer["by_length_band"] if b["entries"] or b["dropouts"]}
        assert bands == expected["bands"], scope
        assert {(c["reason"], c["public"], c["action_type"], c["length_band"]): c["dropouts"]
                for c in answer["cells"]} == expected["cells"], scope
        assert {(w["week"], reason): n for w in answer["by_week"] for reason, n in w["by_reason"].items()} \
            == expected["weeks"], scope
    programme_answer = (await service.get("/dropouts")).json()
    indicators = EXPECTED["indicators"]["programme"]
    assert programme_answer["rates"]["dropout_rate"] == indicators["dropout_rate"]
    assert programme_answer["rates"]["dropout_excl_employment_rate"] == indicators["dropout_excl_employment_rate"]
    assert (await service.get("/dropouts", scope="nowhere")).json()["code"] == "invalid"


async def test_the_trajectory_is_on_metrics(service: Service) -> None:
    async def exposed() -> bool:
        text = (await service.client.get("/metrics")).text
        return 'pacte_pact_target_paths{year="2020"} 30000.0' in text
    await wait_until(exposed, timeout=20)
    text = (await service.client.get("/metrics")).text
    assert 'pacte_pact_year_entries{scope_id="programme",scope_type="programme",year="2019"} 10.0' in text
    assert 'pacte_pact_year_euros{kind="committed",scope_id="qualifying",scope_type="axis",year="2019"}' in text
    assert 'pacte_pact_month_entries{month="2019-09",series="pace"} 1954.5' in text
