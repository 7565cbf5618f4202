"""The gateway over fake services (httpx.MockTransport): sign-in, CSRF, forwarding with the user's token
and Idempotency-Key, refusals shown with their code, French formats, ceiling alerts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from pacte_gateway.app import create_app
from pacte_gateway.forms import safe_next
from pacte_gateway.invoices import ceiling_alerts
from pacte_gateway.settings import GatewaySettings
from pacte_gateway.users import hash_password
from pacte_platform.auth import verify_token

from .memory_store import MemoryStore

SECRET = "unit-test-secret"
TENDER = {"tender_id": "T-1", "reference": "REF-1", "title": "Parcours", "axis": "qualifying", "procedure": "open",
          "budget_cents": 50_000_000, "committed_cents": 2_060_000, "remaining_cents": 47_940_000,
          "starts_on": "2019-09-01", "ends_on": "2020-08-31", "status": "published"}


class FakeServices:
    def __init__(self) -> None:
        self.calls: list[httpx.Request] = []
        self.refuse: dict[str, tuple[int, str]] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        path = request.url.path
        if path in self.refuse:
            status, code = self.refuse[path]
            return httpx.Response(status, json={"code": code, "detail": "refused by the fake", "status": status})
        if request.method == "GET" and path == "/tenders":
            return httpx.Response(200, json={"items": [TENDER], "next_cursor": None})
        if request.method == "POST":
            return httpx.Response(201, json={})
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


def test_ceiling_alerts_use_the_latest_version_of_each_invoice() -> None:
    def invoice(order: str, period: str, version: int, payable: int, over: int = 0) -> dict[str, Any]:
        return {"order_id": order, "period": period, "version": version, "payable_cents": payable,
                "over_ceiling_cents": over}

    orders = [{"order_id": "BC-1", "lot_id": "L-1", "amount_cents": 1000},
              {"order_id": "BC-2", "lot_id": "L-2", "amount_cents": 1000}]
    alerts = ceiling_alerts([invoice("BC-1", "2019-09", 1, 900), invoice("BC-1", "2019-09", 2, 400),
                             invoice("BC-1", "2019-10", 1, 600, over=250), invoice("BC-2", "2019-09", 1, 999)],
                            orders)
    assert alerts == [{"order_id": "BC-1", "lot_id": "L-1", "ceiling_cents": 1000, "payable_cents": 1000,
                       "over_ceiling_cents": 250}]
