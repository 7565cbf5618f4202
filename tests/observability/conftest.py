"""A real stack that has played the small shared scenario, scraped by a real Prometheus.

The fixture starts `pacte_cli.stack.Stack(ephemeral=True)` (embedded PostgreSQL, Kafka, the five
services as processes), a Prometheus server (Debian's `prometheus` package) on a free port with a
1-second scrape interval and the alert rules of deploy/prometheus/rules, plays
`../shared/scenarios/small.jsonl` through the HTTP APIs, measures how long a declaration takes to
move an indicator, then plays a generated programme whose people chain an Essentials course and a
certifying one and whose long sessions raise early dropout warnings (`GENERATED`: small.jsonl has no
person_ref, so the pathway panels would be empty), reads back what the buyer sees of them, and waits
until Prometheus has scraped the final business metrics.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT.parent / "shared" / "scenarios" / "small.jsonl"
RULES = ROOT / "deploy" / "prometheus" / "rules"
BUSINESS_SERVICES = ("procurement", "attendance", "billing", "improvement", "indicators")
#: About 3,100 commands (15 to 25 s of play): 31 people complete an Essentials session and are observed for 90 days,
#: 15 go on; four sessions of 300 hours and more. Its ids and months (2021) are none of small.jsonl's.
GENERATED: dict[str, Any] = {"seed": 11, "lots": 8, "sessions_per_lot": 2, "months": 6, "faults": 0,
                             "start": date(2021, 1, 4)}
SCRAPE_INTERVAL_S = 1


def prometheus_binaries() -> tuple[str, str] | None:
    prometheus, promtool = shutil.which("prometheus"), shutil.which("promtool")
    return (prometheus, promtool) if prometheus and promtool else None


@dataclass
class Observed:
    prometheus_url: str
    started_at: float
    services: dict[str, str]
    #: The scrape token's header: `/metrics` requires it (deploy/prometheus/prometheus.yml).
    operations: dict[str, str]
    #: measurement name → seconds per sample
    delays: dict[str, list[float]] = field(default_factory=dict)
    #: The generated programme's arguments (`GENERATED`).
    generated: dict[str, Any] = field(default_factory=lambda: dict(GENERATED))
    #: The buyer's reading of pathways and warnings after the generated programme (pacte_cli.scenario.pathways).
    pathways: Any = None
    #: The invoices after the generated programme (billing's `GET /invoices`).
    invoices: list[dict[str, Any]] = field(default_factory=list)

    @staticmethod
    def summary(samples: list[float]) -> str:
        return summary(samples)

    def query(self, expr: str, at: float | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"query": expr}
        if at is not None:
            params["time"] = at
        response = httpx.get(self.prometheus_url + "/api/v1/query", params=params, timeout=30)
        body: dict[str, Any] = response.json()
        return body


def _prometheus_config(targets: list[str], directory: Path, scrape_token: str) -> Path:
    """As deploy/prometheus/prometheus.yml: the scrape token read from a file only Prometheus reads."""
    token_file = directory / "scrape-token"
    token_file.write_text(scrape_token)
    token_file.chmod(0o600)
    config = {
        "global": {"scrape_interval": f"{SCRAPE_INTERVAL_S}s", "evaluation_interval": f"{SCRAPE_INTERVAL_S}s",
                   "scrape_timeout": f"{SCRAPE_INTERVAL_S}s"},
        "rule_files": [str(RULES / "*.yml")],
        "scrape_configs": [{"job_name": "pacte", "metrics_path": "/metrics",
                            "authorization": {"type": "Bearer", "credentials_file": str(token_file)},
                            "static_configs": [{"targets": targets}]}],
    }
    path = directory / "prometheus.yml"
    path.write_text(yaml.safe_dump(config))
    return path


def _wait_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} not ready after {timeout:.0f}s")
        time.sleep(0.2)


async def _play_and_measure(state: Any, urls: dict[str, str], observed: Observed) -> None:
    from pacte_cli.quiet import close_probes
    from pacte_cli.scenario.generator import generate
    from pacte_cli.scenario.pathways import read_figures
    from pacte_cli.scenario.player import Player, read_lines

    async with httpx.AsyncClient(timeout=60) as client:
        player = Player.on_stack(state, client, urls=urls)
        try:
            result = await player.play(read_lines(SCENARIO))
            assert result.commands > 0
            await _measure_delays(player, client, observed)
            generated = Player.on_stack(state, client, urls=urls)
            played = await generated.play(json.dumps(command) for command in generate(**GENERATED))
            assert not played.rejections, played.rejections[:5]
            observed.pathways = await read_figures(client, urls, state.auth_secret)
            observed.invoices = await _invoices(client, urls["billing"], state.auth_secret)
        finally:
            await close_probes()


async def _invoices(client: httpx.AsyncClient, billing: str, auth_secret: str) -> list[dict[str, Any]]:
    from pacte_platform.auth import issue_token

    headers = {"Authorization": f"Bearer {issue_token(auth_secret, 'observability', ['finance'])}"}
    response = await client.get(billing + "/invoices", headers=headers)
    response.raise_for_status()
    body = response.json()
    return list(body["items"] if isinstance(body, dict) else body)


async def _indicator(client: httpx.AsyncClient, player: Any, scope: str, name: str) -> Any:
    response = await client.get(f"{player.urls['indicators']}/indicators/{scope}", headers=player.back_office)
    response.raise_for_status()
    return response.json()["indicators"][name]


async def _wait_change(client: httpx.AsyncClient, player: Any, scope: str, name: str, before: Any,
                       timeout: float = 30.0) -> float:
    """Polls the indicator every 5 ms until it differs from `before`; returns when it did (monotonic)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await _indicator(client, player, scope, name) != before:
            return time.monotonic()
        await asyncio.sleep(0.005)
    raise TimeoutError(f"{scope} {name} still {before!r} after {timeout:.0f}s")


async def _metric_value(client: httpx.AsyncClient, url: str, line_prefix: str,
                        headers: dict[str, str]) -> str | None:
    text = (await client.get(url + "/metrics", headers=headers)).text
    for line in text.splitlines():
        if line.startswith(line_prefix):
            return line.rsplit(" ", 1)[1]
    return None


async def _measure_delays(player: Any, client: httpx.AsyncClient, observed: Observed) -> None:
    """From the API accepting a declaration to the indicator moving, read over the HTTP APIs.

    * enrolment → `entries` of the lot (attendance → Kafka → indicators);
    * attendance record → `accrued_cents` of the lot (attendance → billing → accrual event → indicators);
    * enrolment → `pacte_entries_total` on the indicators service's /metrics (what Prometheus scrapes;
      recomputed at most every INDICATORS_METRICS_REFRESH_S, 5 s by default).
    """
    quiet = player.quiet
    # A session of a trainee-hour lot (L-38-BTP, order BC-3) and one of an opening-day lot (L-63-ESS, BC-2),
    # in a month no closing has reached.
    days = ["2020-06-01", "2020-06-02", "2020-06-03", "2020-06-04", "2020-06-05"]
    for line, session, order, capacity in ((10_001, "S-OBS-ENR", "BC-2", 10), (10_002, "S-OBS-ATT", "BC-3", 8)):
        await player.play_one(line, {"cmd": "session.schedule", "session_id": session, "order_id": order,
                                       "starts_on": days[0], "ends_on": days[-1], "planned_days": days,
                                       "hours_per_day": 7, "capacity": capacity, "place": "Observabilité"})
    await quiet()
    refused = [r for r in player.result.rejections if r.get("cmd_line", 0) > 10_000]
    assert not refused, refused
    holder_enr = player.holder_of_session("S-OBS-ENR")
    holder_att = player.holder_of_session("S-OBS-ATT")
    await player.ensure_key(holder_enr)
    await player.ensure_key(holder_att)
    attendance = player.urls["attendance"]

    def org(holder: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {player.keys[holder]}"}

    profile = {"qualification": "bac", "age_band": "26-44", "jobseeker_registered": True}
    enrolled = await client.post(f"{attendance}/v1/sessions/S-OBS-ATT/enrolments", headers=org(holder_att),
                                 json={"session_id": "S-OBS-ATT", "trainee_id": "TR-OBS-ATT", "date": days[0],
                                       "profile": profile})
    assert enrolled.status_code < 300, enrolled.text
    await quiet()

    entries: list[float] = []
    for i in range(7):
        before = await _indicator(client, player, "lot:L-63-ESS", "entries")
        response = await client.post(f"{attendance}/v1/sessions/S-OBS-ENR/enrolments", headers=org(holder_enr),
                                     json={"session_id": "S-OBS-ENR", "trainee_id": f"TR-OBS-{i}",
                                           "date": days[0], "profile": profile})
        accepted = time.monotonic()
        assert response.status_code < 300, response.text
        entries.append(await _wait_change(client, player, "lot:L-63-ESS", "entries", before) - accepted)
    observed.delays["enrolment → entries (GET /indicators)"] = entries

    accrued: list[float] = []
    for i in range(10):
        before = await _indicator(client, player, "lot:L-38-BTP", "accrued_cents")
        response = await client.post(f"{attendance}/v1/sessions/S-OBS-ATT/attendance", headers=org(holder_att),
                                     json={"session_id": "S-OBS-ATT", "trainee_id": "TR-OBS-ATT",
                                           "date": days[i % len(days)], "hours_present": 2 + (i // len(days)),
                                           "absence": None})
        accepted = time.monotonic()
        assert response.status_code < 300, response.text
        accrued.append(await _wait_change(client, player, "lot:L-38-BTP", "accrued_cents", before) - accepted)
    observed.delays["attendance record → accrued_cents (GET /indicators, via billing)"] = accrued

    scraped: list[float] = []
    prefix = 'pacte_entries_total{scope_id="L-63-ESS",scope_type="lot"}'
    indicators = player.urls["indicators"]
    for i in range(3):
        before = await _metric_value(client, indicators, prefix, player.operations)
        response = await client.post(f"{attendance}/v1/sessions/S-OBS-ENR/enrolments", headers=org(holder_enr),
                                     json={"session_id": "S-OBS-ENR", "trainee_id": f"TR-OBS-M{i}",
                                           "date": days[1], "profile": profile})
        accepted = time.monotonic()
        assert response.status_code < 300, response.text
        deadline = accepted + 30
        while await _metric_value(client, indicators, prefix, player.operations) == before:
            assert time.monotonic() < deadline, "pacte_entries_total did not move in 30 s"
            await asyncio.sleep(0.02)
        scraped.append(time.monotonic() - accepted)
    observed.delays["enrolment → pacte_entries_total (/metrics)"] = scraped
    await quiet()


async def _refreshed_at(indicators_url: str, headers: dict[str, str]) -> float:
    async with httpx.AsyncClient(timeout=10) as client:
        value = await _metric_value(client, indicators_url, "pacte_indicators_refreshed_timestamp_seconds ", headers)
    assert value is not None, "the indicators service exposes no refresh timestamp"
    return float(value)


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"n={len(samples)} median={statistics.median(samples) * 1000:.0f} ms p95={p95 * 1000:.0f} ms "
            f"max={max(samples) * 1000:.0f} ms")


@pytest.fixture(scope="session")
def observed() -> Iterator[Observed]:
    binaries = prometheus_binaries()
    if binaries is None:
        pytest.skip("prometheus/promtool not installed (Debian package `prometheus`; .ci/run installs it)")
    if not SCENARIO.exists():
        pytest.skip(f"{SCENARIO} is not there")
    from pacte_cli.stack import Stack
    from pacte_platform.infra.net import free_port

    prometheus_bin, _ = binaries
    stack = Stack(ephemeral=True, log=lambda _: None)
    directory = Path(tempfile.mkdtemp(prefix="pacte-prometheus-"))
    prometheus: subprocess.Popen[bytes] | None = None
    try:
        state = stack.up()
        services = {name: state.url(name) for name in BUSINESS_SERVICES if name in state.services}
        port = free_port()
        config = _prometheus_config([url.removeprefix("http://") for url in services.values()], directory,
                                    state.secrets.scrape_token)
        with open(directory / "prometheus.log", "wb") as log:
            prometheus = subprocess.Popen(
                [prometheus_bin, f"--config.file={config}", f"--storage.tsdb.path={directory / 'data'}",
                 f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        _wait_http(url + "/-/ready", 60)
        result = Observed(prometheus_url=url, started_at=time.time(), services=services,
                          operations=state.operations_headers())
        asyncio.run(_play_and_measure(state, services, result))
        # Business metrics are recomputed at most every 5 s after a change: let the last one happen,
        # then wait until Prometheus has scraped it, and two scrapes more.
        time.sleep(6)
        refreshed = asyncio.run(_refreshed_at(services["indicators"], result.operations))
        deadline = time.monotonic() + 60
        while True:
            values = result.query("max(pacte_indicators_refreshed_timestamp_seconds)").get("data", {}).get("result")
            if values and float(values[0]["value"][1]) >= refreshed:
                break
            assert time.monotonic() < deadline, "Prometheus never scraped the last business metrics"
            time.sleep(0.5)
        time.sleep(2 * SCRAPE_INTERVAL_S)
        yield result
    finally:
        if prometheus is not None and prometheus.poll() is None:
            os.killpg(prometheus.pid, signal.SIGTERM)
            try:
                prometheus.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(prometheus.pid, signal.SIGKILL)
                prometheus.wait(5)
        stack.down()
        shutil.rmtree(directory, ignore_errors=True)
