"""The running service over the real broker and PostgreSQL: events in (reordered, duplicated), files
out that validate; conditional GET; nothing but public data reachable without credentials; the time
from an event to its publication; a rebuild by replay gives the same publication.

One service for the module, on a broker of its own (it reads whole topics from the start).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import httpx
import pytest
import pytest_asyncio

from pacte_contracts.billing import InvoiceApproved, InvoicePaid, OrderClosed
from pacte_contracts.codes import ActionType, Axis, BillingUnit, Domain, Procedure, Territory
from pacte_contracts.envelope import Event, wrap
from pacte_contracts.indicators import PublicCountsComputed, PublicScopeCounts
from pacte_contracts.procurement import (
    LotAwarded,
    LotDeclaredUnsuccessful,
    LotDefined,
    OrderPlaced,
    OrganisationRegistered,
    TenderPublished,
)
from pacte_opendata.adapters.standards import Standards, published_errors, standards_dir
from pacte_opendata.entrypoints.app import build_runtime, create_app
from pacte_opendata.entrypoints.routes import PUBLIC_FILES
from pacte_opendata.settings import OpenDataSettings
from pacte_platform import kafka
from pacte_platform.outbox import encode
from pacte_testing import (
    Infra,
    RunningService,
    create_database,
    settings_for,
    start_service,
    stop_service,
    wait_until,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

TERMS = {"tender_id": "T-1", "axis": Axis.QUALIFYING, "domain": Domain.DIGITAL, "action_type": ActionType.CERTIFYING,
         "billing_unit": BillingUnit.OPENING_DAY, "unit_price_cents": 95_000, "return_to_work_bonus_cents": 0}


def process_events() -> list[Event]:
    lot = {**TERMS, "territory": Territory.RHONE}
    return [
        TenderPublished(tender_id="T-1", reference="T-1-2019", title="Pacte numérique", axis=Axis.QUALIFYING,
                        procedure=Procedure.OPEN, budget_cents=100_000_000, starts_on=date(2019, 9, 2),
                        ends_on=date(2021, 9, 1)),
        *(LotDefined(lot_id=f"L-{n}", number=n, title=f"Lot {n}", session_capacity=12, additional_modules=[],
                     **{**lot, "territory": territory}) for n, territory in ((1, Territory.RHONE),
                                                                           (2, Territory.ISERE), (3, Territory.AIN))),
        OrganisationRegistered(organisation_id="OF-1", name="Formation Rhône", siret="12345678900011"),
        OrganisationRegistered(organisation_id="OF-2", name="Compétences Isère", siret="12345678900029"),
        LotAwarded(lot_id="L-1", tender_id="T-1", holder_organisation_id="OF-1", members=["OF-1", "OF-2"]),
        LotAwarded(lot_id="L-2", tender_id="T-1", holder_organisation_id="OF-2", members=["OF-2"]),
        LotDeclaredUnsuccessful(lot_id="L-3", tender_id="T-1"),
        OrderPlaced(order_id="BC-1", holder_organisation_id="OF-1", amount_cents=12_345_678, **lot, lot_id="L-1"),
        OrderPlaced(order_id="BC-2", holder_organisation_id="OF-2", amount_cents=5_000_000,
                    **{**lot, "territory": Territory.ISERE}, lot_id="L-2"),
        InvoiceApproved(invoice_id="INV-BC-1-2019-09-v1", order_id="BC-1", period="2019-09", version=1,
                        payable_cents=1_000_001),
        InvoicePaid(invoice_id="INV-BC-1-2019-09-v1", order_id="BC-1", period="2019-09", version=1,
                    paid_cents=1_000_001),
        OrderClosed(order_id="BC-2", lot_id="L-2", tender_id="T-1", previous_amount_cents=5_000_000,
                    amount_cents=3_000_000, released_cents=2_000_000),
    ]


def counts(entries: int, dropouts: int, reasons: dict[str, int]) -> PublicScopeCounts:
    return PublicScopeCounts(places_offered=entries + 3, entries=entries, exits=entries, dropouts=dropouts,
                             dropouts_by_reason=reasons, certifying_exits=entries, full_certifications=entries,
                             partial_certifications=0, outcomes_6m=0, employed_6m=0, durable_6m=0, outcomes_12m=0,
                             employed_12m=0, responses=entries, score_sum=4 * entries,
                             committed_cents=17_345_678, invoiced_cents=1_000_001, paid_cents=1_000_001)


def public_counts() -> PublicCountsComputed:
    """Two territories, one of which has 3 dropouts: its count, and what would give it back, are withheld."""
    return PublicCountsComputed(computed_at=datetime.now(UTC), facts_version=3, scopes={
        "programme": counts(30, 9, {"other": 9}), "axis:qualifying": counts(30, 9, {"other": 9}),
        "territory:69": counts(18, 6, {"other": 6}), "territory:38": counts(12, 3, {"other": 3}),
        "domain:digital": counts(30, 9, {"other": 9}), "action_type:certifying": counts(30, 9, {"other": 9}),
        "organisation:OF-1": counts(18, 6, {"other": 6}), "organisation:OF-2": counts(12, 3, {"other": 3}),
    })


async def publish(bootstrap: str, broker_kind: str, events: list[Event], *, seed: int | None = None) -> None:
    messages = [wrap(e, producer="opendata-test") for e in events]
    if seed is not None:
        rng = random.Random(seed)
        messages = messages + rng.sample(messages, len(messages) // 2)
        rng.shuffle(messages)
    producer = await kafka.create_producer(bootstrap, idempotent=broker_kind == "apache")
    topics = {e.event_type(): e.TOPIC for e in events}
    try:
        for envelope in messages:
            await producer.send_and_wait(topics[envelope.type], value=encode(envelope), key=envelope.key.encode(),
                                         headers=[("event_id", str(envelope.event_id).encode()),
                                                  ("event_type", envelope.type.encode())])
    finally:
        await producer.stop()


async def start(infra: Infra, prefix: str) -> RunningService:
    database_url = await create_database(infra.database_url)
    base = settings_for(infra, database_url, "opendata")
    runtime = build_runtime(OpenDataSettings(**{
        **base.model_dump(by_alias=True), "OPENDATA_CONSUMER_GROUP_PREFIX": prefix,  # type: ignore[attr-defined]
        "OPENDATA_BUYER_SIRET": "13000000000001", "OPENDATA_OCID_PREFIX": "ocds-a1b2c3",
        "OPENDATA_BASE_URL": "https://opendata.example.fr"}))
    return await start_service(runtime, create_app(runtime))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def service(private_infra: Infra) -> AsyncIterator[RunningService]:
    running = await start(private_infra, f"opendata-{uuid.uuid4().hex[:8]}")
    try:
        yield running
    finally:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_service(running), 20)


def client(running: RunningService) -> httpx.AsyncClient:
    assert isinstance(running.client, httpx.AsyncClient)
    return running.client


async def files_of(http: httpx.AsyncClient) -> dict[str, bytes]:
    found = {}
    for path in PUBLIC_FILES:
        response = await http.get("/" if path == "catalogue.json" else f"/{path}")
        if response.status_code == 200:
            found[path] = response.content
    return found


async def test_events_become_valid_files(service: RunningService, private_infra: Infra) -> None:
    http = client(service)
    assert (await http.get("/ocds/release-package.json")).status_code == 404  # nothing yet: a problem, no package
    await publish(private_infra.bootstrap, private_infra.broker_kind, [*process_events(), public_counts()], seed=5)

    async def complete() -> bool:
        files = await files_of(http)
        return ("indicators/indicators.json" in files and "ocds/release-package.json" in files
                and len(json.loads(files["ocds/release-package.json"])["releases"]) == 11)

    await wait_until(complete, timeout=60)
    files = await files_of(http)
    problems = {name: found for name, found in published_errors(Standards(standards_dir()), files).items() if found}
    assert problems == {}
    marches = json.loads(files["decp/marches.json"])["marches"]["marche"]
    year = datetime.now(UTC).year  # the year the lot was awarded: now, in this test
    assert [m["id"] for m in marches] == [f"{year}T-1001", f"{year}T-1002"]
    assert marches[0]["montant"] == 123456.78 and marches[0]["typeGroupementOperateurs"] == "Conjoint"
    assert marches[0]["acheteur"] == {"id": "13000000000001"}
    releases = json.loads(files["ocds/release-package.json"])["releases"]
    assert {r["ocid"] for r in releases} == {"ocds-a1b2c3-T-1"}
    assert b'"montant":123456.78' in files["decp/marches.json"]
    assert json.loads(files["decp/withheld.json"]) == {"withheld": []}
    # BC-2 closed by the buyer: its lowered amount is a contract amendment and a DECP modification.
    assert any(r["tag"] == ["contractAmendment"] and r["contracts"][0]["value"]["amount"] == 30000
               for r in releases)
    assert marches[1]["modifications"], marches[1]
    rows = {row["scope"]: row for row in json.loads(files["indicators/indicators.json"])["scopes"]}
    assert rows["territory:38"]["dropouts"] is None and "dropouts" in rows["territory:38"]["secret"]
    assert rows["territory:69"]["dropouts"] is None  # secondary: the programme minus it would give Isère's 3
    assert rows["programme"]["dropouts"] == 9 and rows["programme"]["dropout_rate"] == "0.3000"
    assert rows["organisation:OF-1"]["label"] == "Formation Rhône"
    assert "secret" in files["indicators/indicators.csv"].decode()


async def test_conditional_requests_answer_304(service: RunningService) -> None:
    http = client(service)
    first = await http.get("/decp/marches.json")
    assert first.status_code == 200 and first.headers["cache-control"] == "public, max-age=60"
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert (await http.get("/decp/marches.json", headers={"If-None-Match": etag})).status_code == 304
    assert (await http.get("/decp/marches.json", headers={"If-Modified-Since": modified})).status_code == 304
    assert (await http.get("/decp/marches.json", headers={"If-None-Match": '"other"'})).status_code == 200
    assert (await http.get("/decp/marches.json",
                           headers={"If-Modified-Since": "Mon, 02 Sep 2019 00:00:00 GMT"})).status_code == 200
    package = await http.get("/ocds/release-package.json")
    started = time.perf_counter()
    for _ in range(100):
        assert (await http.get("/ocds/release-package.json",
                               headers={"If-None-Match": package.headers["etag"]})).status_code == 304
    print(f"\n304 answer: {(time.perf_counter() - started) * 10:.2f} ms each (in-process client)")


async def test_without_credentials_only_public_data_is_reachable(service: RunningService) -> None:
    """Every route answers without credentials and none writes; what the service holds is public: the
    stored indicators carry no count from 1 to 4 and no table names a trainee."""
    http = client(service)
    for path in PUBLIC_FILES:
        url = "/" if path == "catalogue.json" else f"/{path}"
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            assert (await http.request(method, url)).status_code == 405, (method, url)
    paths = (await http.get("/openapi.json")).json()["paths"]
    public = {"/" if p == "catalogue.json" else f"/{p}" for p in PUBLIC_FILES}
    assert set(paths) == public | {"/health"}
    assert {method for operations in paths.values() for method in operations} == {"get"}
    for hidden in ("/metrics", "/internal/quiet"):  # operations: behind the scrape token (docs/security.md)
        assert (await http.get(hidden)).status_code == 401
    assert (await http.get("/trainees")).status_code == 404
    runtime = service.runtime
    async with runtime.db().acquire() as conn:  # type: ignore[attr-defined]
        columns = {r["column_name"] for r in await conn.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'opendata'")}
        stored = json.loads(await conn.fetchval("SELECT scopes FROM public_indicators"))
    assert not {c for c in columns if "trainee" in c or "pseudonym" in c}
    for row in stored:
        for name, value in row["figures"].items():
            if isinstance(value, int) and name != "places_offered":
                assert value == 0 or value >= 5, (row["scope"], name, value)


async def test_an_event_is_published_within_seconds(service: RunningService, private_infra: Infra) -> None:
    http = client(service)
    lot = {**TERMS, "territory": Territory.RHONE}
    started = time.monotonic()
    await publish(private_infra.bootstrap, private_infra.broker_kind,
                  [OrderPlaced(order_id="BC-9", holder_organisation_id="OF-1", amount_cents=100_000, **lot,
                               lot_id="L-1")])

    async def published() -> bool:
        return b"contract-BC-9" in (await http.get("/ocds/release-package.json")).content

    await wait_until(published, timeout=60, interval=0.05)
    lag = time.monotonic() - started
    print(f"\nevent to publication: {lag:.2f}s")
    assert lag < 60


async def test_a_rebuild_by_replay_publishes_the_same(service: RunningService, private_infra: Infra) -> None:
    rebuilt = await start(private_infra, f"opendata-rebuild-{uuid.uuid4().hex[:8]}")
    try:
        live = await files_of(client(service))

        async def caught_up() -> bool:
            files = await files_of(client(rebuilt))
            return all(files.get(p) is not None for p in live) and \
                json.loads(files["ocds/release-package.json"])["releases"] == \
                json.loads(live["ocds/release-package.json"])["releases"]

        await wait_until(caught_up, timeout=60)
        again = await files_of(client(rebuilt))
        assert again["decp/marches.json"] == live["decp/marches.json"]
        assert json.loads(again["indicators/indicators.json"])["scopes"] == \
            json.loads(live["indicators/indicators.json"])["scopes"]
    finally:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_service(rebuilt), 20)
