"""Every query of every dashboard panel returns data from a real Prometheus scraping a real stack.

Grafana's variables are substituted as Grafana would: each template variable's `label_values()`
query is run first (it must give values) and all its values are selected (`(a|b|c)`); `$__range`
and `$__rate_interval` become the whole observation window (the dashboard zoomed out to the run),
so a panel is empty only when its metric or labels are missing. The fixture is in conftest.py.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = sorted((ROOT / "deploy" / "grafana" / "dashboards").glob("*.json"))
METRIC = re.compile(r"\b(pacte_[a-z0-9_]+|up)\b")
LABEL_VALUES = re.compile(r"^label_values\((?P<selector>.*),\s*(?P<label>[a-zA-Z_]+)\)$")


def panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for panel in dashboard["panels"]:
        found += panel.get("panels", []) if panel["type"] == "row" else [panel]
    return found


def substitute(expr: str, variables: dict[str, str], window_s: int) -> str:
    values = {"__rate_interval": f"{window_s}s", "__range": f"{window_s}s", "__interval": f"{max(1, window_s // 100)}s",
              **variables}
    for name in sorted(values, key=len, reverse=True):
        expr = expr.replace("${" + name + "}", values[name]).replace("$" + name, values[name])
    assert "$" not in expr.replace("$1", ""), f"unsubstituted variable in {expr}"
    return expr


def grafana_escape(value: str) -> str:
    """Grafana's escaping of a value inside a PromQL regex string (regex escape, doubled for the string)."""
    return re.sub(r"([\\^$.|?*+()\[\]{}])", r"\\\\\1", value)


def resolve_variables(observed: Any, dashboard: dict[str, Any], window_s: int) -> dict[str, str]:
    resolved: dict[str, str] = {}
    for template in dashboard.get("templating", {}).get("list", []):
        query = template["query"]["query"] if isinstance(template["query"], dict) else template["query"]
        match = LABEL_VALUES.match(query)
        assert match, f"{dashboard['uid']}: variable {template['name']} is not a label_values query: {query}"
        selector = substitute(match["selector"], resolved, window_s)
        response = httpx.get(observed.prometheus_url + "/api/v1/series", params={"match[]": selector}, timeout=30)
        body = response.json()
        assert body["status"] == "success", body
        values = sorted({series[match["label"]] for series in body["data"] if series.get(match["label"])})
        assert values, f"{dashboard['uid']}: variable {template['name']} has no values ({query})"
        resolved[template["name"]] = "(" + "|".join(grafana_escape(v) for v in values) + ")"
    return resolved


def test_every_panel_query_returns_data(observed: Any) -> None:
    import time

    window_s = math.ceil(time.time() - observed.started_at) + 5
    names = set(httpx.get(observed.prometheus_url + "/api/v1/label/__name__/values", timeout=30).json()["data"])
    failures: list[str] = []
    counted_panels = counted_queries = 0
    used_metrics: set[str] = set()
    for path in DASHBOARDS:
        dashboard = json.loads(path.read_text())
        variables = resolve_variables(observed, dashboard, window_s)
        for panel in panels(dashboard):
            counted_panels += 1
            assert panel["targets"], f"{path.name}: panel {panel['title']!r} has no query"
            for target in panel["targets"]:
                counted_queries += 1
                where = f"{path.name} / {panel['title']} / {target['refId']}"
                for metric in METRIC.findall(target["expr"]):
                    used_metrics.add(metric)
                    if metric not in names:
                        failures.append(f"{where}: unknown metric {metric}")
                expr = substitute(target["expr"], variables, window_s)
                body = observed.query(expr)
                if body.get("status") != "success":
                    failures.append(f"{where}: {body.get('error')} in {expr}")
                    continue
                result = body["data"]["result"]
                if body["data"]["resultType"] == "vector":
                    numbers = [float(sample["value"][1]) for sample in result]
                else:
                    numbers = [float(result[1])] if result else []
                if not numbers or all(math.isnan(n) for n in numbers):
                    failures.append(f"{where}: empty result for {expr}")
    print(f"\n{len(DASHBOARDS)} dashboards, {counted_panels} panels, {counted_queries} queries, "
          f"{len(used_metrics)} metrics: {sorted(used_metrics)}")
    assert not failures, "\n".join(failures)


def test_alert_rules_are_loaded_and_healthy(observed: Any) -> None:
    # The small scenario brings order BC-3 to its ceiling: the alert is live, not only unit-tested.
    # It needs a scrape and a rule evaluation after the closing, so it is awaited, not sampled once.
    deadline = time.monotonic() + 60
    while True:
        body = httpx.get(observed.prometheus_url + "/api/v1/rules", timeout=30).json()
        rules = [rule for group in body["data"]["groups"] for rule in group["rules"]]
        firing = {alert["labels"]["alertname"] for rule in rules for alert in rule.get("alerts", [])}
        if "PacteOrderCeilingReached" in firing or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert {rule["name"] for rule in rules} >= {"PacteOrderCeilingReached", "PacteLotDropoutRateHigh",
                                                 "PacteDeadLettersGrowing", "PacteConsumerLagHigh"}
    assert all(rule["health"] == "ok" for rule in rules), [(r["name"], r.get("lastError")) for r in rules]
    assert "PacteOrderCeilingReached" in firing, firing


def test_every_service_exposes_valid_metrics(observed: Any) -> None:
    promtool = shutil.which("promtool")
    assert promtool is not None
    problems = {}
    for service, url in observed.services.items():
        assert httpx.get(url + "/metrics", timeout=30).status_code == 401  # behind the scrape token
        text = httpx.get(url + "/metrics", headers=observed.operations, timeout=30).text
        checked = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True,
                                 timeout=60)
        if checked.returncode != 0:
            problems[service] = (checked.stdout + checked.stderr).strip()
    assert not problems, problems


def test_declaration_to_indicator_delay(observed: Any) -> None:
    for name, samples in observed.delays.items():
        print(f"\n{name}: {observed.summary(samples)}")
    direct = observed.delays["enrolment → entries (GET /indicators)"]
    assert max(direct) < 10, direct
    assert max(observed.delays["attendance record → accrued_cents (GET /indicators, via billing)"]) < 15
    # The business metrics are recomputed at most every 5 s (INDICATORS_METRICS_REFRESH_S).
    assert max(observed.delays["enrolment → pacte_entries_total (/metrics)"]) < 15
