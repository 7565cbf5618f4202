# pacte — the two sacred commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
#: The production packages (the Dockerfile installs the same, without -e and without extras), with the
#: development machine's own: the local servers (pacte-platform's `dev` extra), the test fixtures and the example
#: connector of the organisation client (examples/).
PACKAGES := -e contracts -e 'libs/platform[dev]' -e libs/testing -e libs/cli -e services/procurement \
            -e services/attendance -e services/billing -e services/improvement -e services/indicators \
            -e services/opendata -e services/webhooks -e services/gateway -e clients/organisation \
            -e examples/organisation-connector
#: Grafana dashboards as code (deploy/grafana/generate.py); pinned: the committed JSON depends on it.
#: Grafana's SDK is versioned `<build>!<Grafana version>`: this build targets the dashboards of Grafana 11.6+.
GRAFANA_SDK := grafana-foundation-sdk==1769699379!11.6.0
#: The organisation client's generator; pinned: the committed client depends on it (clients/organisation).
CLIENT_GENERATOR := openapi-python-client==0.29.1
DEV_TOOLS := pytest pytest-asyncio hypothesis ruff mypy types-PyYAML schemathesis msgspec py-spy '$(GRAFANA_SDK)' playwright axe-playwright-python \
             '$(CLIENT_GENERATOR)'

.PHONY: client closings-repeat system-packages test-stack test-faults test-web dashboards test-observability install run test test-fast test-e2e lint asyncapi openapi bench bench-handler bench-player bench-pact bench-pact-smoke bench-smoke up down clean kafka-jars

$(BIN)/pacte: pyproject.toml contracts/pyproject.toml libs/platform/pyproject.toml libs/testing/pyproject.toml \
              libs/cli/pyproject.toml services/*/pyproject.toml clients/*/pyproject.toml \
              examples/*/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q $(PACKAGES) $(DEV_TOOLS)
	touch $(BIN)/pacte

#: Debian packages the code needs beside Python's: WeasyPrint's text layout (pango, with harfbuzz and
#: fontconfig) and the fonts it embeds in invoices' PDF/A-3 (billing), pdftoppm for the tests that look
#: at those PDFs. Installed as root with apt-get when missing; otherwise said.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils

system-packages:  ## installs the Debian packages above when missing (as root), or says which are missing
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing from Debian's packages: $$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq || true; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "missing Debian packages (billing's documents need them): sudo apt-get install $$missing"; fi; \
	fi

install: $(BIN)/pacte system-packages  ## creates .venv with every package; .venv/bin/pacte is the CLI
	@if command -v java >/dev/null && command -v mvn >/dev/null; then $(MAKE) -s kafka-jars; fi

kafka-jars:  ## resolves Apache Kafka's jars from Maven Central into .cache/kafka/libs (once)
	$(BIN)/python -c "from pacte_platform.infra.kafka import fetch_kafka_jars; print(fetch_kafka_jars())"

run: install  ## starts infrastructure and every service, plays a demo, stays up until Ctrl-C
	$(BIN)/pacte run

test: install  ## the whole suite over real PostgreSQL and Kafka (started by the tests)
	$(BIN)/pytest -q --durations=25

test-fast: install  ## unit tests only (and the reference models' own tests)
	$(BIN)/pytest -q contracts services/*/tests/unit services/*/tests/oracle libs/cli/tests/test_generator.py

test-e2e: install  ## the scenario end-to-end tests
	$(BIN)/pytest -q tests/e2e

test-stack: install  ## every way of ending a runner (signals, closed output, SIGKILL) on whole stacks, about 8 minutes
	PACTE_STACK_TESTS=full $(BIN)/pytest -q -p no:randomly libs/cli/tests/test_stack_lifetime.py libs/cli/tests/test_stale_stack.py

test-faults: install  ## the whole fault-injection suite (docs/reliability.md), 7 minutes plus the closing tests (about 20 under load); figures in $$TMPDIR/pacte-faults-figures.jsonl
	PACTE_FAULTS=full $(BIN)/pytest -q -p no:randomly tests/faults

test-web: install  ## the back-office in Debian's Chromium (Playwright) over a real stack; screenshots in test-artifacts/web
	$(BIN)/pytest -q services/gateway/tests tests/web

closings-repeat: install  ## corrections.jsonl played ten times in a row, each on a fresh stack: the ten reports must be identical (var/closings-repeat)
	$(BIN)/python scripts/closings_repeat.py ../shared/scenarios/corrections.jsonl --runs 10

lint: install  ## ruff + mypy (strict on domain/ and libs/)
	$(BIN)/ruff check .
	$(BIN)/mypy -p pacte_contracts -p pacte_platform -p pacte_testing -p pacte_cli -p pacte_procurement \
	  -p pacte_attendance -p pacte_billing -p pacte_improvement -p pacte_indicators -p pacte_opendata -p pacte_webhooks -p pacte_gateway \
	  -p organisation_connector

bench: install  ## the full benchmark (1M facts, ~6 min on 2 cores): figures into BENCHMARKS.md
	$(BIN)/python -m bench --profile --statements --out BENCHMARKS.md

bench-pact: install  ## the regional pact's four years played through the APIs (SCALE=1.0: about 12 M facts, hours; SCALE=0.1: about an hour; not CI)
	$(BIN)/python -m bench.pact --scale $(or $(SCALE),1.0) --profile --out BENCHMARKS.md

bench-pact-smoke: install  ## the same on a one-lot pact's first 3 months, through a real stack (about a minute)
	PACTE_BENCH_TESTS=full $(BIN)/pytest -q -p no:randomly tests/bench

bench-player: install  ## a scenario played on a fresh stack: rate, the player's waits, CPU per process, closings' stages
	$(BIN)/python -m bench.player $(or $(SCENARIO),../shared/scenarios/medium.jsonl) --repeat $(or $(REPEAT),1) \
	  --expected $(basename $(or $(SCENARIO),../shared/scenarios/medium.jsonl)).expected.json

bench-handler: install  ## billing's facts consumer alone over PostgreSQL, no Kafka: CPU per event, statements
	$(BIN)/python -m bench.handler --orders 200 --statements

bench-smoke: install  ## the same phases on a small programme (< 2 min), run by CI; figures into var/bench
	$(BIN)/python -m bench --smoke --out var/bench/smoke.md
	$(BIN)/python -m bench.handler --orders 5

dashboards: install  ## regenerates deploy/grafana/dashboards/*.json (a test fails when they are stale)
	@$(BIN)/python -c "import grafana_foundation_sdk" 2>/dev/null || $(BIN)/pip install -q '$(GRAFANA_SDK)'
	$(BIN)/python deploy/grafana/generate.py

test-observability: install  ## dashboards, alert rules (promtool) and every panel over a real stack + Prometheus
	$(BIN)/pytest -q -s tests/observability

client: install  ## regenerates the integration API's document and the typed organisation client (clients/organisation)
	@$(BIN)/python -c "import openapi_python_client" 2>/dev/null || $(BIN)/pip install -q '$(CLIENT_GENERATOR)'
	$(BIN)/python clients/organisation/generate.py

asyncapi: install  ## regenerates docs/asyncapi.json from the contracts
	$(BIN)/python -m pacte_contracts.asyncapi > docs/asyncapi.json

up:  ## the production-like stack with Docker (Apache Kafka, PostgreSQL, Prometheus, Grafana, services)
	docker compose up --build

down:
	docker compose down

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache .hypothesis
