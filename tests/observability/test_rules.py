"""The alert rules: `promtool check rules`, their unit tests (`promtool test rules`) and the compose config."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "deploy" / "prometheus"
RULE_FILES = sorted((PROMETHEUS / "rules").glob("*.yml"))
RULE_TESTS = sorted((PROMETHEUS / "rules" / "tests").glob("*.yml"))


@pytest.fixture(scope="module")
def promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        pytest.skip("promtool is not installed (Debian package `prometheus`; .ci/run installs it)")
    return found


def run(*args: str, cwd: Path | None = None) -> str:
    completed = subprocess.run(list(args), capture_output=True, text=True, timeout=120, cwd=cwd)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


def test_rules_are_valid(promtool: str) -> None:
    assert RULE_FILES
    output = run(promtool, "check", "rules", *map(str, RULE_FILES))
    assert "SUCCESS" in output


def test_rules_unit_tests_pass(promtool: str) -> None:
    assert RULE_TESTS
    for path in RULE_TESTS:
        run(promtool, "test", "rules", path.name, cwd=path.parent)


def test_every_alert_has_a_unit_test() -> None:
    alerts = {rule["alert"] for path in RULE_FILES for group in yaml.safe_load(path.read_text())["groups"]
              for rule in group["rules"] if "alert" in rule}
    assert alerts >= {"PacteOrderCeilingReached", "PacteDeadLettersGrowing", "PacteConsumerLagHigh",
                      "PacteLotDropoutRateHigh"}
    tested = {case["alertname"] for path in RULE_TESTS for test in yaml.safe_load(path.read_text())["tests"]
              for case in test.get("alert_rule_test", []) if case.get("exp_alerts")}
    assert alerts == tested, f"alerts without a firing unit test: {alerts - tested}"


def test_compose_prometheus_config_loads_the_rules(promtool: str, tmp_path: Path) -> None:
    """deploy/prometheus/prometheus.yml names /etc/prometheus/rules, where docker-compose.yml mounts them."""
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    assert config["rule_files"] == ["/etc/prometheus/rules/*.yml"]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert "./deploy/prometheus/rules:/etc/prometheus/rules:ro" in compose["services"]["prometheus"]["volumes"]
    config["rule_files"] = [str(PROMETHEUS / "rules" / "*.yml")]
    # The scrape token's file is a compose secret (/run/secrets/scrape_token): here, a local stand-in.
    token = tmp_path / "scrape_token"
    token.write_text("test-token")
    for job in config["scrape_configs"]:
        assert job["authorization"]["credentials_file"] == "/run/secrets/scrape_token"
        job["authorization"]["credentials_file"] = str(token)
    local = tmp_path / "prometheus.yml"
    local.write_text(yaml.safe_dump(config))
    run(promtool, "check", "config", str(local))
