"""The gateway over fake services (httpx.MockTransport): sign-in, CSRF, forwarding with the user's token
and Idempotency-Key, refusals shown with their code, French formats, billing's lists, alerts, bulk commands,
documents and export."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from pacte_gateway.app import create_app
from pacte_gateway.forms import safe_next
from pacte_gateway.settings import GatewaySettings
from pacte_gateway.users import hash_password
from pacte_platform.auth import verify_token

from .memory_store import MemoryStore

SECRET = "unit-test-secret"
TENDER = {"tender_id": "T-1", "reference": "REF-1", "title": "Parcours", "axis": "qualifying", "procedure": "open",
          "budget_cents": 50_000_000, "committed_cents": 2_060_000, "remaining_cents": 47_940_000,
          "starts_on": "2019-09-01", "ends_on": "2020-08-31", "status": "published"}


class Streamed(httpx.AsyncByteStream):
    """A body read as it arrives, as a service streams an export (a `content=` body is read at once)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.body


class FakeServices:
    def __init__(self) -> None:
        self.calls: list[httpx.Request] = []
        self.refuse: dict[str, tuple[int, str]] = {}
        #: What a GET of a path answers (both services share the fake's paths, as their paths differ).
        self.answers: dict[str, Any] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        path = request.url.path
        if path in self.refuse:
            status, code = self.refuse[path]
            return httpx.Response(status, json={"code": code, "detail": "refused by the fake", "status": status})
        if request.method == "GET" and path == "/tenders":
            return httpx.Response(200, json={"items": [TENDER], "next_cursor": None})
        if request.method == "GET" and isinstance(self.answers.get(path), bytes):
            return httpx.Response(200, stream=Streamed(self.answers[path]), headers={"content-type": "text/csv"})
        if request.method == "GET" and path in self.answers:
            return httpx.Response(200, json=self.answers[path])
        if request.method == "POST":
            return httpx.Response(201, json=self.answers.get(path, {}))
        return httpx.Response(404, json={"code": "not_found", "detail": path})


@pytest.fixture
def fake() -> FakeServices:
    return FakeServices()


@pytest.fixture
def client(fake: FakeServices) -> Iterator[TestClient]:
    users = f"ana:buyer:{hash_password('pw', iterations=1000)},fred:finance:{hash_password('pw', iterations=1000)}"
    settings = GatewaySettings.model_validate({"PACTE_AUTH_SECRET": SECRET, "PACTE_BACKOFFICE_USERS": users,
                                               "PACTE_PROCUREMENT_URL": "http://procurement.test"})
    app = create_app(settings, transport=httpx.MockTransport(fake), store=MemoryStore())
    with TestClient(app, follow_redirects=False) as test:
        yield test


def sign_in(client: TestClient, user: str = "ana", password: str = "pw") -> httpx.Response:  # noqa: S107
    page = client.get("/connexion")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return client.post("/connexion", data={"csrf": token, "suite": "/", "identifiant": user,
                                           "mot_de_passe": password})


def csrf_of(page: httpx.Response) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def test_pages_need_a_session(client: TestClient) -> None:
    answer = client.get("/appels-offres")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/connexion?suite=/appels-offres"


def test_wrong_password_is_refused(client: TestClient) -> None:
    answer = sign_in(client, password="nope")
    assert answer.status_code == 401
    assert "Identifiant ou mot de passe incorrect" in answer.text
    assert "pacte_session" not in answer.cookies


def test_login_form_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/connexion")
    answer = client.post("/connexion", data={"csrf": "forged", "identifiant": "ana", "mot_de_passe": "pw"})
    assert answer.status_code == 403


def test_pages_show_french_formats(client: TestClient) -> None:
    assert sign_in(client).headers["location"] == "/appels-offres"
    page = client.get("/appels-offres")
    assert page.status_code == 200
    assert "500\u202f000,00\u00a0€" in page.text
    assert "du 01/09/2019 au 31/08/2020" in page.text
    assert "Axe 1 — parcours qualifiants" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_commands_go_out_with_the_users_token_and_an_idempotency_key(client: TestClient, fake: FakeServices) -> None:
    sign_in(client)
    csrf = csrf_of(client.get("/appels-offres"))
    answer = client.post("/appels-offres", data={
        "csrf": csrf, "idem": "form-1", "tender_id": "T-2", "reference": "R", "title": "Titre", "axis": "essentials",
        "procedure": "open", "budget": "1 234,56", "starts_on": "2024-01-01", "ends_on": "2024-12-31"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/appels-offres/T-2"
    sent = [r for r in fake.calls if r.method == "POST"][-1]
    assert json.loads(sent.content)["budget_cents"] == 123456
    assert sent.headers["idempotency-key"] == "form-1"
    user = verify_token(SECRET, sent.headers["authorization"].removeprefix("Bearer "))
    assert user.subject == "ana"
    assert user.roles == frozenset({"buyer"})


def test_forms_without_the_session_csrf_token_are_refused(client: TestClient, fake: FakeServices) -> None:
    sign_in(client)
    answer = client.post("/appels-offres", data={"csrf": "forged", "tender_id": "T-3"})
    assert answer.status_code == 403
    assert not [r for r in fake.calls if r.method == "POST"]


def test_a_refusal_comes_back_with_its_code(client: TestClient, fake: FakeServices) -> None:
    fake.refuse["/orders"] = (409, "budget_exceeded")
    sign_in(client)
    csrf = csrf_of(client.get("/appels-offres"))
    answer = client.post("/commandes", data={"csrf": csrf, "order_id": "BC-1", "lot_id": "L-1", "amount": "10"})
    assert answer.status_code == 303
    fake.refuse.clear()
    page = client.get("/appels-offres")
    assert "Budget de l&#39;appel d&#39;offres dépassé (budget_exceeded)" in page.text


def test_an_expired_upstream_token_signs_out(client: TestClient, fake: FakeServices) -> None:
    sign_in(client)
    fake.refuse["/tenders"] = (401, "unauthorized")
    answer = client.get("/appels-offres")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/connexion")


def test_redirects_stay_on_the_site() -> None:
    assert safe_next("/facturation") == "/facturation"
    for target in ("https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"):
        assert safe_next(target) == "/"


def listed(*invoices: dict[str, Any], next_cursor: str | None = None) -> dict[str, Any]:
    return {"items": list(invoices), "count": len(invoices), "next_cursor": next_cursor}


def item(invoice_id: str, version: int = 1, status: str = "issued", latest: bool = True, **extra: Any
         ) -> dict[str, Any]:
    return {"invoice_id": invoice_id, "order_id": "BC-1", "period": "2019-10", "version": version, "status": status,
            "total_cents": 60_000, "payable_cents": 60_000, "over_ceiling_cents": 0, "reissued": version > 1,
            "issued_at": "2019-11-01T08:00:00+00:00", "lot_id": "L-1", "tender_id": "T-1", "axis": "qualifying",
            "organisation_id": "OF-1", "organisation_name": "Formation Rhône", "latest": latest,
            "counts": status != "disputed", "certified": status in ("approved", "paid"), **extra}


ALERT = {"order_id": "BC-9", "lot_id": "L-9", "tender_id": "T-1", "axis": "qualifying", "organisation_id": "OF-1",
         "organisation_name": "Formation Rhône", "ceiling_cents": 1000, "closed": False, "payable_cents": 1000,
         "over_ceiling_cents": 250, "last_issued_at": "2019-11-01T08:00:00+00:00"}


def test_the_billing_page_shows_billings_page_of_invoices_and_alerts(client: TestClient, fake: FakeServices) -> None:
    fake.answers.update({"/back-office/invoices": listed(item("INV-BC-1-2019-10-v1"),
                                                         item("INV-BC-2-2019-10-v1", status="paid"),
                                                         next_cursor="abc"),
                         "/back-office/ceiling-alerts": {"items": [ALERT], "next_cursor": None}})
    sign_in(client, "fred")
    page = client.get("/facturation?statut=issued&periode=2019-10&axe=qualifying")
    assert page.status_code == 200
    asked = [r for r in fake.calls if r.url.path == "/back-office/invoices"][-1]
    assert dict(asked.url.params) == {"status": "issued", "period": "2019-10", "axis": "qualifying", "limit": "50"}
    assert 'value="INV-BC-1-2019-10-v1"' in page.text and 'value="INV-BC-2-2019-10-v1"' not in page.text  # paid
    assert 'href="/facturation?statut=issued&amp;periode=2019-10&amp;axe=qualifying&amp;apres=abc"' in page.text
    assert "BC-9" in page.text and "2,50\u00a0€" in page.text  # billing's alert, as billing computed it


def test_bulk_approval_says_which_invoices_were_refused(client: TestClient, fake: FakeServices) -> None:
    sign_in(client, "fred")
    csrf = csrf_of(client.get("/appels-offres"))
    fake.answers["/back-office/invoices/approve"] = {"done": 1, "refused": 1, "results": [
        {"invoice_id": "INV-1", "outcome": "done", "status": "approved", "code": None, "detail": None},
        {"invoice_id": "INV-2", "outcome": "refused", "status": None, "code": "invalid",
         "detail": "cannot approve an invoice that is paid"}]}
    answer = client.post("/facturation/approbations", data={
        "csrf": csrf, "idem": "bulk-1", "facture": ["INV-1", "INV-2"], "retour": "/facturation?periode=2019-10"})
    assert answer.status_code == 303 and answer.headers["location"] == "/facturation?periode=2019-10"
    sent = [r for r in fake.calls if r.method == "POST"][-1]
    assert json.loads(sent.content) == {"invoice_ids": ["INV-1", "INV-2"]}
    assert sent.headers["idempotency-key"] == "bulk-1"
    fake.answers.update({"/back-office/invoices": listed(), "/back-office/ceiling-alerts": {"items": [],
                                                                                          "next_cursor": None}})
    page = client.get("/facturation")
    assert "1 facture approuvée. Refusées : INV-2 (invalid : cannot approve an invoice that is paid)" in page.text


def test_bulk_payment_sends_the_transfer(client: TestClient, fake: FakeServices) -> None:
    sign_in(client, "fred")
    csrf = csrf_of(client.get("/appels-offres"))
    fake.answers["/back-office/invoices/pay"] = {"done": 2, "refused": 0, "results": []}
    client.post("/facturation/paiements", data={"csrf": csrf, "facture": ["INV-1", "INV-2"], "reference": "VIR-7",
                                                 "paid_on": "2019-12-02"})
    sent = [r for r in fake.calls if r.method == "POST"][-1]
    assert json.loads(sent.content) == {"invoice_ids": ["INV-1", "INV-2"], "payment_reference": "VIR-7",
                                        "paid_on": "2019-12-02"}


def test_documents_come_from_billing_and_a_missing_siret_is_explained(client: TestClient,
                                                                      fake: FakeServices) -> None:
    sign_in(client, "fred")
    fake.refuse["/invoices/INV-1/document"] = (409, "legal_data_missing")
    answer = client.get("/factures/INV-1/facture.pdf")
    assert answer.status_code == 303 and answer.headers["location"] == "/factures/INV-1"
    assert client.get("/factures/INV-1/inconnu.pdf").status_code == 404


def test_the_months_export_is_relayed_and_downloads_are_plain_links(client: TestClient, fake: FakeServices) -> None:
    sign_in(client, "fred")
    fake.answers["/back-office/exports/accounting"] = b"facture;montant\r\nINV-1;12,50\r\n"
    answer = client.get("/facturation/export?mois=2019-12&format=csv&decimales=%2C")
    assert answer.status_code == 200 and answer.text == "facture;montant\r\nINV-1;12,50\r\n"
    asked = [r for r in fake.calls if r.url.path == "/back-office/exports/accounting"][-1]
    assert dict(asked.url.params) == {"period": "2019-12", "format": "csv", "decimal": ","}
    fake.answers.update({"/back-office/invoices": listed(), "/back-office/ceiling-alerts": {"items": [],
                                                                                          "next_cursor": None}})
    page = client.get("/facturation").text
    # htmx would swap a boosted download's bytes into the page: the export's forms are not boosted.
    assert page.count('action="/facturation/export" hx-boost="false"') == 2
    assert 'id="f-mois" name="mois"' in page and 'id="f-periode" name="periode"' in page


def test_an_organisations_legal_data_are_registered_in_procurement(client: TestClient, fake: FakeServices) -> None:
    fake.answers["/organisations"] = {"items": [{"organisation_id": "OF-1", "name": "Formation Rhône",
                                                 "siret": "73282932000074", "vat_status": "franchise",
                                                 "vat_number": None, "address": None}], "next_cursor": None}
    sign_in(client, "ana")
    page = client.get("/organismes?modifier=OF-1")
    assert page.status_code == 200 and 'value="73282932000074"' in page.text
    form = {"csrf": csrf_of(page), "idem": "org-1", "organisation_id": "OF-1", "name": "Formation Rhône",
            "siret": "732 829 320 00074", "line_one": "12 rue de la Gare", "line_two": "", "postcode": "69003",
            "city": "Lyon", "vat_status": "registered", "vat_number": "fr 44732829320"}
    answer = client.post("/organismes", data=form)
    assert answer.status_code == 303 and answer.headers["location"] == "/organismes"
    sent = [r for r in fake.calls if r.method == "POST"][-1]
    assert json.loads(sent.content) == {
        "organisation_id": "OF-1", "name": "Formation Rhône", "siret": "73282932000074", "vat_status": "registered",
        "vat_number": "FR44732829320",
        "address": {"line_one": "12 rue de la Gare", "line_two": None, "postcode": "69003", "city": "Lyon"}}
    fake.refuse["/organisations"] = (422, "invalid")
    refused = client.post("/organismes", data={**form, "idem": "org-2", "siret": "73282932000075"})
    assert refused.status_code == 303 and refused.headers["location"] == "/organismes?modifier=OF-1"


ORDER = {"order_id": "BC-1", "lot_id": "L-1", "tender_id": "T-1", "axis": "qualifying", "holder_id": "OF-1",
         "amount_cents": 35_000, "status": "closed", "placed_at": "2019-09-01T10:00:00+00:00",
         "tender_budget_cents": 50_000_000, "tender_committed_cents": 35_000, "tender_remaining_cents": 49_965_000}
BILLED = {"order_id": "BC-1", "lot_id": "L-1", "tender_id": "T-1", "holder_organisation_id": "OF-1",
          "status": "closed", "amount_cents": 35_000, "payable_cents": 30_000, "accrued_cents": 5000,
          "closing": {"previous_amount_cents": 100_000, "amount_cents": 35_000, "released_cents": 65_000,
                      "closed_by": "ana", "closed_at": "2020-03-31T09:00:00+00:00"}}


def version(n: int, status: str, payable: int, **extra: Any) -> dict[str, Any]:
    return {"invoice_id": f"INV-BC-1-2019-10-v{n}", "order_id": "BC-1", "period": "2019-10", "version": n,
            "lines": [], "total_cents": payable, "payable_cents": payable, "over_ceiling_cents": 0, "status": status,
            "counts": status != "disputed", "reissued": n > 1, "dispute_reason": None, "disputed_at": None,
            "replaced_by": None, "issued_at": "2019-11-01T08:00:00+00:00", **extra}


def test_a_closed_order_shows_its_lowered_amount(client: TestClient, fake: FakeServices) -> None:
    # Procurement's order and billing's share a path: the fake answers both with one document.
    fake.answers.update({"/orders/BC-1": {**ORDER, **BILLED}, "/sessions": {"items": [], "next_cursor": None},
                         "/back-office/invoices": listed()})
    sign_in(client)
    page = client.get("/commandes/BC-1")
    assert page.status_code == 200
    assert 'data-testid="order-lowered">350,00\u00a0€' in page.text
    assert 'data-testid="order-released">650,00\u00a0€' in page.text
    assert "Clôturer la commande" not in page.text  # closed: no form, no new session


def test_closing_an_order_goes_to_billing(client: TestClient, fake: FakeServices) -> None:
    sign_in(client)
    csrf = csrf_of(client.get("/appels-offres"))
    answer = client.post("/commandes/BC-1/cloture", data={"csrf": csrf, "idem": "close-1"})
    assert answer.status_code == 303 and answer.headers["location"] == "/commandes/BC-1"
    sent = [r for r in fake.calls if r.method == "POST"][-1]
    assert sent.url.path == "/orders/BC-1/close" and sent.headers["idempotency-key"] == "close-1"


def test_an_invoice_shows_its_dispute_and_versions(client: TestClient, fake: FakeServices) -> None:
    v1 = version(1, "disputed", 60_000, dispute_reason="journée du 14 non comptée",
                 disputed_at="2019-11-05T10:00:00+00:00", replaced_by="INV-BC-1-2019-10-v2")
    v2 = version(2, "issued", -4_000)
    fake.answers.update({"/invoices/INV-BC-1-2019-10-v1": v1, "/invoices/INV-BC-1-2019-10-v2": v2,
                         "/back-office/invoices": listed(item(v2["invoice_id"], 2), item(v1["invoice_id"], 1,
                                                                                          "disputed", False))})
    sign_in(client, "fred")
    page = client.get("/factures/INV-BC-1-2019-10-v1")
    assert page.status_code == 200
    assert "« journée du 14 non comptée »" in page.text and "Contestée le 05/11/2019" in page.text
    assert 'href="/factures/INV-BC-1-2019-10-v2">version 2</a>' in page.text
    assert "Ré-émettre" not in page.text  # a later version exists
    page = client.get("/factures/INV-BC-1-2019-10-v2")
    assert 'data-testid="invoice-payable">-40,00\u00a0€</span> <span class="amount-note">(avoir)</span>' in page.text
    assert "Nouvelle version d&#39;une facture contestée" in page.text
    assert page.text.count('data-version="') == 2
