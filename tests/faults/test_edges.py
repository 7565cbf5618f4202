"""(7) Bad input at the edges of a live stack: schemathesis over the committed OpenAPI documents,
Hypothesis-generated CSV attendance sheets, oversize bodies, and organisation A's key on
organisation B's sessions, invoices and plans."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from faultlib import BACKEND, FaultRun, generated_scenario, scenario_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from pacte_platform.auth import issue_token

pytestmark = [pytest.mark.e2e, pytest.mark.faults]

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED_SHEET_STATUSES = {200, 403, 404, 409, 413, 422}


class Edge:
    def __init__(self, run: FaultRun) -> None:
        self.run = run
        self.urls = run.urls
        token = issue_token(run.state.auth_secret, "edge-tests", ["buyer", "finance", "steering"])
        self.bo = {"Authorization": f"Bearer {token}"}
        holders: dict[str, str] = {}
        lots: dict[str, str] = {}
        orders: dict[str, str] = {}
        plan_owners: set[str] = set()
        for text in scenario_lines(run.scenario):
            if not text.strip():
                continue
            c = json.loads(text)
            if c["cmd"] == "lot.award":
                holders[c["lot_id"]] = c["organisation_id"]
            elif c["cmd"] == "order.place":
                lots[c["order_id"]] = c["lot_id"]
            elif c["cmd"] == "session.schedule":
                orders[c["session_id"]] = c["order_id"]
            elif c["cmd"] == "plan.create":
                plan_owners.add(c["organisation_id"])
        self.session_holder = {s: holders[lots[o]] for s, o in orders.items() if lots.get(o) in holders}
        organisations = sorted(set(self.session_holder.values()))
        assert len(organisations) >= 2, "the edge tests need two organisations holding sessions"
        # B: an organisation with sessions and, preferably, a plan; A: another one.
        self.b = next((o for o in organisations if o in plan_owners), organisations[1])
        self.a = next(o for o in organisations if o != self.b)
        self.keys = {org: self.issue_key(org) for org in (self.a, self.b)}
        self.session_of = {org: next(s for s, h in sorted(self.session_holder.items()) if h == org)
                           for org in (self.a, self.b)}

    def issue_key(self, organisation: str) -> str:
        response = httpx.post(f"{self.urls['attendance']}/back-office/organisations/{organisation}/keys",
                              headers=self.bo, timeout=30)
        response.raise_for_status()
        return str(response.json()["api_key"])

    def org(self, organisation: str) -> dict[str, str]:
        return {"X-Api-Key": self.keys[organisation]}

    def wait_for_keys(self) -> None:
        """Keys reach billing and improvement through attendance.credential.v1."""
        for service in ("billing", "improvement"):
            for _ in range(100):
                if httpx.get(self.urls[service] + "/v1/" + ("invoices" if service == "billing" else "plans"),
                             headers=self.org(self.a), timeout=10).status_code != 401:
                    break
                asyncio.run(asyncio.sleep(0.1))


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    small = ROOT.parent / "shared" / "scenarios" / "small.jsonl"
    if not small.exists():
        small = generated_scenario(tmp_path_factory.mktemp("edges") / "small.jsonl", seed=3, lots=3,
                                   sessions_per_lot=1, months=2, faults=0.05)
    with FaultRun(small, "edges") as run:
        run.play()
        edge = Edge(run)
        edge.wait_for_keys()
        yield edge
        run.save_figures()


# --- schemathesis ---------------------------------------------------------------------------------

def _fuzz(label: str, operation: Any, base_url: str, headers: dict[str, str], examples: int,
          failures: list[str], mode: str = "positive") -> int:
    """Runs schemathesis' generated cases of one operation; records its failure (if any) by label.
    Negative data (values the schema forbids) must be refused, never a server error (issue 18)."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.generation import GenerationMode
    from schemathesis.specs.openapi.checks import status_code_conformance

    calls = 0
    checks = [not_a_server_error] if mode == "negative" else [not_a_server_error, status_code_conformance]

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=GenerationMode(mode)))
    def check(case: Any) -> None:
        nonlocal calls
        calls += 1
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        case.validate_response(response, checks=checks)

    try:
        check()
    except Unsatisfiable:
        if mode != "negative":
            raise
        # Nothing in the operation can be made invalid (no parameter, no body): no negative case exists.
    except (Exception, BaseExceptionGroup) as exc:  # every operation is tried; the test fails once with all
        failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:600]}")
    return calls


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_schemathesis_finds_no_server_error_and_only_documented_statuses(edge: Edge, mode: str) -> None:
    import schemathesis

    examples = int(os.environ.get("PACTE_SCHEMATHESIS_EXAMPLES", "8"))
    headers = {**edge.bo, **edge.org(edge.a)}
    failures: list[str] = []
    calls = 0
    for service in BACKEND:
        schema = schemathesis.openapi.from_path(ROOT / "services" / service / "openapi.json")
        for result in schema.get_all_operations():
            operation = result.ok()
            label = f"{service} {operation.method.upper()} {operation.path}"
            calls += _fuzz(label, operation, edge.urls[service], headers, examples, failures, mode)
    edge.run.figures.extra[f"schemathesis_{mode}_calls"] = calls
    assert not failures, f"{len(failures)} operations failed:\n" + "\n".join(failures)


def test_the_corpus_of_issue_18_gets_no_server_error_and_no_nonsense_is_accepted(edge: Edge) -> None:
    """Issue 18's bad inputs (deep JSON, years 0 and 10000, 1e308 hours, a 3 MB CSV field, tokens with
    `roles: null` or `exp: 1e400`, 10,000-character ids, control characters, `/` in ids, 5 MB texts,
    2^62 cents, 1e308 thresholds), as tests/security/probe.py sends them, on this live stack."""
    spec = importlib.util.spec_from_file_location("issue_18_probes", ROOT / "tests" / "security" / "probe.py")
    assert spec is not None and spec.loader is not None
    probes_module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = probes_module  # its dataclasses look their module up
    spec.loader.exec_module(probes_module)
    probes = probes_module.Probes(edge.run.state)
    probes_module.server_errors(probes)
    probes_module.nonsense(probes)
    assert [f.name for f in probes.findings] == ["500 on bad input", "nonsense accepted"]
    assert not [f for f in probes.findings if f.holds], [f.evidence for f in probes.findings if f.holds]


# --- CSV attendance sheets ---------------------------------------------------------------------------

_cells = st.one_of(st.text(max_size=12), st.sampled_from(["2019-10-01", "2019-13-45", "01/10/2019", "7,5", "7.5",
                                                          "-3", "1e9", "NaN", "justified", "unjustified", "", "\"",
                                                          "T-001", "😀", "\x00"]))
_separators = st.sampled_from([";", ",", "\t", "|", ";;"])
_encodings = st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"])


@st.composite
def sheets(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=400))  # anything at all
    sep = draw(_separators)
    header = draw(st.sampled_from(["trainee_id;date;hours_present;absence", "trainee_id,date,hours_present,absence",
                                   "TRAINEE_ID;DATE;HOURS_PRESENT;ABSENCE", "date;trainee_id", ""]))
    rows = draw(st.lists(st.lists(_cells, min_size=0, max_size=6), max_size=20))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join([header, *[sep.join(row) for row in rows]])
    try:
        return text.encode(draw(_encodings))
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="surrogatepass")


def test_generated_csv_sheets_are_answered_with_a_clear_report(edge: Edge) -> None:
    url = f"{edge.urls['attendance']}/v1/sessions/{edge.session_of[edge.a]}/attendance-sheet"
    seen: dict[int, int] = {}
    with httpx.Client(timeout=60) as client:
        @settings(max_examples=int(os.environ.get("PACTE_CSV_EXAMPLES", "150")), deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(body=sheets())
        def upload(body: bytes) -> None:
            response = client.post(url, content=body, headers={**edge.org(edge.a), "Content-Type": "text/csv"})
            seen[response.status_code] = seen.get(response.status_code, 0) + 1
            assert response.status_code in DOCUMENTED_SHEET_STATUSES, (response.status_code, response.text[:500])
            answer = response.json()
            if response.status_code == 200:
                assert answer["accepted"] + answer["refused"] >= len(answer["errors"])
                assert all({"line", "reason"} <= set(e) for e in answer["errors"])
            else:
                assert response.headers["content-type"].startswith("application/problem+json")
                assert answer["code"] and answer.get("detail"), answer

        upload()
    edge.run.figures.extra["csv_statuses"] = seen


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):  # the peak: what the request made the process reach
            return int(line.split()[1])
    return 0


def test_huge_sheets_and_oversize_bodies_are_refused_with_memory_bounded(edge: Edge) -> None:
    assert edge.run.stack is not None
    pid = int(edge.run.state.services["attendance"]["pid"])
    limit = 20 * 1024 * 1024
    line = "T-0001;2019-10-01;7.00;\n"
    almost = ("trainee_id;date;hours_present;absence\n" + line * ((limit - 100) // len(line))).encode()
    url = f"{edge.urls['attendance']}/v1/sessions/{edge.session_of[edge.a]}/attendance-sheet"
    before = _rss_kib(pid)
    response = httpx.post(url, content=almost, headers=edge.org(edge.a), timeout=120)
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large", response.text[:300]
    grown_mib = (_rss_kib(pid) - before) / 1024
    edge.run.figures.extra["sheet_peak_rss_growth_mib"] = round(grown_mib, 1)
    assert grown_mib < 200, f"a 20 MB sheet made attendance grow by {grown_mib:.0f} MiB"

    too_big = b"x" * (limit + 1)
    for service in BACKEND:
        response = httpx.post(edge.urls[service] + "/v1/batch", content=too_big, headers=edge.org(edge.a),
                              timeout=60)
        assert response.status_code == 413, (service, response.status_code)
        assert response.headers["content-type"].startswith("application/problem+json")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold on the stream too
        for _ in range(limit // (1024 * 1024) + 2):
            yield b"y" * (1024 * 1024)

    response = httpx.post(url, content=chunks(), headers=edge.org(edge.a), timeout=60)
    assert response.status_code == 413, (response.status_code, response.text[:200])


# --- cross-tenant --------------------------------------------------------------------------------------

async def _fingerprint(database_url: str) -> dict[str, int]:
    """Row counts and content hashes of every table but the audit trail and idempotency keys."""
    conn = await asyncpg.connect(database_url)
    try:
        tables = await conn.fetch(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY($1::text[]) "
            "AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_log', 'idempotency_keys')", list(BACKEND))
        prints = {}
        for t in tables:
            name = f'"{t["table_schema"]}"."{t["table_name"]}"'
            prints[name] = await conn.fetchval(f"SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "
                                               f"FROM {name} x")
        return prints
    finally:
        await conn.close()


async def _refusals_audited(database_url: str, actor: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return sum([await conn.fetchval(f"SELECT count(*) FROM \"{s}\".audit_log WHERE action = 'refused' "
                                        f"AND actor = $1", actor) for s in BACKEND])
    finally:
        await conn.close()


def test_organisation_a_cannot_touch_organisation_b(edge: Edge) -> None:
    a, b, urls = edge.a, edge.b, edge.urls
    b_session = edge.session_of[b]
    b_invoices = httpx.get(urls["billing"] + "/v1/invoices", headers=edge.org(b), timeout=30).json()
    b_invoices = b_invoices.get("items", b_invoices) if isinstance(b_invoices, dict) else b_invoices
    b_plans = httpx.get(urls["improvement"] + "/v1/plans", headers=edge.org(b), timeout=30).json()
    b_plans = b_plans.get("items", b_plans) if isinstance(b_plans, dict) else b_plans
    database_url = edge.run.state.database_url
    before = asyncio.run(_fingerprint(database_url))
    audited_before = asyncio.run(_refusals_audited(database_url, a))
    attempts: list[tuple[str, str, dict[str, Any] | bytes | None]] = [
        ("GET", f"{urls['attendance']}/v1/sessions/{b_session}", None),
        ("POST", f"{urls['attendance']}/v1/sessions/{b_session}/open-days", {"date": "2019-10-02"}),
        ("POST", f"{urls['attendance']}/v1/sessions/{b_session}/attendance",
         {"trainee_id": "T-1", "date": "2019-10-02", "hours_present": 7, "absence": None}),
        ("POST", f"{urls['attendance']}/v1/sessions/{b_session}/attendance-sheet",
         b"trainee_id;date;hours_present;absence\nT-1;2019-10-02;7;\n"),
    ]
    for invoice in b_invoices[:2]:
        attempts.append(("POST", f"{urls['billing']}/v1/orders/{invoice['order_id']}/invoices/{invoice['period']}"
                                 "/dispute", {"reason": "not ours"}))
    for plan in b_plans[:2]:
        attempts += [("GET", f"{urls['improvement']}/v1/plans/{plan['plan_id']}", None),
                     ("GET", f"{urls['improvement']}/v1/plans/{plan['plan_id']}/progress", None),
                     ("POST", f"{urls['improvement']}/v1/plans/{plan['plan_id']}/amendments",
                      {"reason": "x", "facilitators": ["coach"]})]
    answers = []
    for method, url, body in attempts:
        kwargs: dict[str, Any] = {"content": body} if isinstance(body, bytes) else {"json": body}
        response = httpx.request(method, url, headers=edge.org(a), timeout=30, **(kwargs if body else {}))
        answers.append((method, url.split(":", 2)[-1], response.status_code))
    edge.run.figures.extra["cross_tenant_answers"] = answers
    assert all(status == 403 for *_, status in answers), [a for a in answers if a[2] != 403]
    asyncio.run(asyncio.sleep(1.5))  # anything emitted would have been consumed by now
    assert asyncio.run(_fingerprint(database_url)) == before, "a refused cross-tenant request changed something"
    audited = asyncio.run(_refusals_audited(database_url, a)) - audited_before
    assert audited == len(attempts), f"{audited} refusals audited for {len(attempts)} attempts"
    assert b_invoices, "organisation B should have invoices in the small scenario"
