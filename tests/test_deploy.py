"""docker-compose.yml cannot run here (no Docker engine): check that what it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pacte_gateway.settings import GatewaySettings
from pacte_opendata.settings import OpenDataSettings
from pacte_platform.settings import PlatformSettings

ROOT = Path(__file__).resolve().parents[1]


def test_compose_names_only_real_services_and_settings() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("procurement", "attendance", "billing", "improvement", "indicators", "opendata", "gateway"):
        assert name in services
        assert services[name]["command"] == ["pacte", "service", name]
        assert (ROOT / "services" / name / "src" / f"pacte_{name}" / "__main__.py").exists(), name
    for name in ("postgres", "kafka", "init", "prometheus", "grafana"):
        assert name in services
    known = {field.alias for field in PlatformSettings.model_fields.values() if field.alias}
    known_to_gateway = {field.alias for field in GatewaySettings.model_fields.values() if field.alias}
    known_to_opendata = {field.alias for field in OpenDataSettings.model_fields.values() if field.alias}
    for name, service in services.items():
        if name in ("postgres", "kafka", "prometheus", "grafana"):
            continue
        for variable in service.get("environment", {}):
            assert variable in {"gateway": known_to_gateway, "opendata": known_to_opendata}.get(name, known), \
                f"{name} sets {variable}, which no setting reads"
    gateway = services["gateway"]["environment"]
    for name in ("procurement", "attendance", "billing", "improvement", "indicators"):
        assert gateway[f"PACTE_{name.upper()}_URL"] == f"http://{name}:8000", name
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name} mounts missing {source}"


def test_prometheus_scrapes_every_service() -> None:
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    targets = {t for job in config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]}
    assert {re.sub(r":\d+$", "", t) for t in targets} >= {"procurement", "attendance", "billing", "improvement",
                                                          "indicators", "opendata"}


def test_dockerfile_installs_every_package() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in ("contracts", "libs/platform", "libs/cli", "services/procurement", "services/attendance",
                    "services/billing", "services/improvement", "services/indicators", "services/opendata",
                    "services/gateway"):
        assert f"./{package}" in dockerfile
