"""The committed Grafana dashboards are what deploy/grafana/generate.py produces, and well formed."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GRAFANA = ROOT / "deploy" / "grafana"


def generator() -> ModuleType:
    pytest.importorskip("grafana_foundation_sdk", reason="grafana-foundation-sdk is a dev tool (make install)")
    spec = importlib.util.spec_from_file_location("pacte_grafana_generate", GRAFANA / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dashboards() -> dict[str, dict[str, Any]]:
    return {path.name: json.loads(path.read_text()) for path in sorted((GRAFANA / "dashboards").glob("*.json"))}


def panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in dashboard["panels"] if p["type"] != "row"]


def test_committed_dashboards_are_not_stale() -> None:
    rendered = generator().render()
    assert set(rendered) == set(dashboards()), "a dashboard is missing or extra: run `make dashboards`"
    for name, text in rendered.items():
        committed = (GRAFANA / "dashboards" / name).read_text(encoding="utf-8")
        assert committed == text, f"deploy/grafana/dashboards/{name} is stale: run `make dashboards`"


def test_four_dashboards_with_unique_uids_and_panel_ids() -> None:
    found = dashboards()
    assert {d["uid"] for d in found.values()} == {"pacte-programme", "pacte-lots", "pacte-operations",
                                                  "pacte-trajectory"}
    for name, dashboard in found.items():
        ids = [p["id"] for p in dashboard["panels"]]
        assert len(ids) == len(set(ids)), name
        for panel in panels(dashboard):
            assert panel["datasource"] == {"type": "prometheus", "uid": "prometheus"}, (name, panel["title"])
            assert panel["targets"] and all(t["expr"].strip() for t in panel["targets"]), (name, panel["title"])
            assert panel["description"], (name, panel["title"])
            width = panel["gridPos"]["x"] + panel["gridPos"]["w"]
            assert width <= 24, (name, panel["title"])


def test_lots_dashboard_drills_down_with_label_values() -> None:
    templating = dashboards()["lots.json"]["templating"]["list"]
    queries = {t["name"]: t["query"]["query"] for t in templating}
    for name in ("territory", "domain", "organisation"):
        assert re.match(r"label_values\(.+, \w+\)$", queries[name]), queries[name]
    # Every lot panel follows the selection.
    for panel in panels(dashboards()["lots.json"]):
        for target in panel["targets"]:
            assert "$" in target["expr"], (panel["title"], target["expr"])


def test_low_volume_business_flows_use_increase_over_long_windows() -> None:
    for name in ("programme.json", "lots.json"):
        for panel in panels(dashboards()[name]):
            for target in panel["targets"]:
                assert "rate(" not in target["expr"].replace("increase(", ""), (panel["title"], target["expr"])
                for window in re.findall(r"increase\([^\[]*\[([^\]]+)\]", target["expr"]):
                    assert window == "$__range" or window.endswith("d"), (panel["title"], window)


def test_grafana_provisioning_points_at_the_dashboards() -> None:
    provider = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "pacte.yml").read_text())
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    mounts = compose["services"]["grafana"]["volumes"]
    path = provider["providers"][0]["options"]["path"]
    assert f"./deploy/grafana/dashboards:{path}:ro" in mounts
    datasource = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())
    assert datasource["datasources"][0]["uid"] == "prometheus"
