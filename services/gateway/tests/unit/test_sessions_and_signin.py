"""Issue 18's findings on the web application: server-side revocable sessions (logout ends them, idle
and absolute timeouts, a changed password and an operator end them, no token in the cookie, Secure
outside development), sign-in throttling per user and per address with Retry-After, audited; the
development users and their password only in development mode, never on the login page."""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from pacte_gateway.__main__ import revoke
from pacte_gateway.app import create_app
from pacte_gateway.settings import GatewaySettings, MissingUsers
from pacte_gateway.users import hash_password
from pacte_platform.settings import MissingSecrets

from .memory_store import MemoryStore

SECRET = "gateway-unit-test-secret"


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


def users(password: str = "pw") -> str:  # noqa: S107
    digest = hash_password(password, iterations=1000)
    return f"ana:buyer:{digest},fred:finance:{digest}"


def fake_services(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/tenders":
        return httpx.Response(200, json={"items": [], "next_cursor": None})
    return httpx.Response(200, json=[])


def app_of(store: MemoryStore, clock: Clock | None = None, **settings: Any) -> Any:
    values = {"PACTE_AUTH_SECRET": SECRET, "PACTE_BACKOFFICE_USERS": users(), "PACTE_DEV_MODE": False,
              "PACTE_SESSION_SECRET": "s" * 32, "PACTE_SCRAPE_TOKEN": "t" * 32, **settings}
    app = create_app(GatewaySettings.model_validate(values), transport=httpx.MockTransport(fake_services),
                     store=store)
    if clock is not None:
        app.state.context.sessions.clock = clock
    return app


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def browser(store: MemoryStore, clock: Clock) -> Iterator[TestClient]:
    with TestClient(app_of(store, clock), follow_redirects=False, base_url="https://gateway.test") as client:
        yield client


def sign_in(client: TestClient, user: str = "ana", password: str = "pw") -> httpx.Response:  # noqa: S107
    page = client.get("/connexion")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return client.post("/connexion", data={"csrf": csrf, "suite": "/", "identifiant": user, "mot_de_passe": password})


def csrf_of(page: httpx.Response) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def test_the_cookie_carries_a_random_id_only_and_is_secure_outside_development(browser: TestClient) -> None:
    answer = sign_in(browser)
    assert answer.status_code == 303
    header = answer.headers["set-cookie"]
    assert "Secure" in header and "HttpOnly" in header and "SameSite=strict" in header
    cookie = browser.cookies["pacte_session"]
    assert "." not in cookie and "bo1" not in base64.urlsafe_b64decode(cookie + "===").decode(errors="replace")


def test_logout_ends_the_session_even_for_a_copy_of_the_cookie(browser: TestClient, store: MemoryStore) -> None:
    sign_in(browser)
    stolen = browser.cookies["pacte_session"]
    page = browser.get("/appels-offres")
    assert page.status_code == 200
    assert browser.post("/deconnexion", data={"csrf": csrf_of(page)}).status_code == 303
    assert not store.sessions
    with TestClient(browser.app, follow_redirects=False, base_url="https://gateway.test") as other:
        other.cookies.set("pacte_session", stolen)
        replay = other.get("/appels-offres")
    assert replay.status_code == 303 and replay.headers["location"].startswith("/connexion")
    assert [a["action"] for a in store.audited] == ["login", "logout"]


def test_idle_and_absolute_timeouts_end_sessions(browser: TestClient, clock: Clock) -> None:
    sign_in(browser)
    for _ in range(23):  # active every 20 minutes: the idle timeout (30 min) never passes...
        clock.now += 20 * 60
        assert browser.get("/appels-offres").status_code == 200
    clock.now += 21 * 60  # ...but 8 h after sign-in the session ends anyway
    assert browser.get("/appels-offres").status_code == 303
    sign_in(browser)
    clock.now += 31 * 60
    assert browser.get("/appels-offres").status_code == 303


def test_a_changed_password_and_an_operators_revocation_end_sessions(store: MemoryStore, clock: Clock) -> None:
    with TestClient(app_of(store, clock), follow_redirects=False, base_url="https://gateway.test") as before:
        sign_in(before)
        cookie = before.cookies["pacte_session"]
    changed = app_of(store, clock, PACTE_BACKOFFICE_USERS=users("a new password"))
    with TestClient(changed, follow_redirects=False, base_url="https://gateway.test") as after:
        after.cookies.set("pacte_session", cookie)
        assert after.get("/appels-offres").status_code == 303
        sign_in(after, password="a new password")
        assert after.get("/appels-offres").status_code == 200
        assert asyncio.run(revoke(store, "ana")) == 1
        assert after.get("/appels-offres").status_code == 303
    assert store.audited[-1] == {"actor": "operator", "action": "sessions.revoke", "address": "cli", "user": "ana",
                                 "sessions": 1}


def test_upstream_calls_carry_a_short_token_minted_per_request(store: MemoryStore) -> None:
    seen: list[str] = []

    def services(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return fake_services(request)

    app = create_app(GatewaySettings.model_validate({
        "PACTE_AUTH_SECRET": SECRET, "PACTE_BACKOFFICE_USERS": users(), "PACTE_DEV_MODE": False,
        "PACTE_SESSION_SECRET": "s" * 32, "PACTE_SCRAPE_TOKEN": "t" * 32}),
        transport=httpx.MockTransport(services), store=store)
    with TestClient(app, follow_redirects=False, base_url="https://gateway.test") as client:
        sign_in(client)
        client.get("/appels-offres")
    from pacte_platform.auth import verify_token

    user = verify_token(SECRET, seen[-1].removeprefix("Bearer "))
    assert user.subject == "ana" and seen[-1].removeprefix("Bearer ") not in str(client.cookies)


def test_sign_ins_are_throttled_per_user_with_retry_after_and_audited(browser: TestClient, store: MemoryStore,
                                                                     clock: Clock) -> None:
    statuses = []
    for _ in range(25):
        statuses.append(sign_in(browser, password="wrong").status_code)
        clock.now += 1
    right = sign_in(browser)  # issue 18: the right password after 25 wrong ones went through at once
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    assert right.status_code == 429 and int(right.headers["retry-after"]) > 0
    assert "Trop de tentatives" in right.text
    assert len(store.failed) == 5, "a throttled attempt is not even checked"
    actions = [a["action"] for a in store.audited]
    assert actions.count("login.refused") == 5 and actions.count("login.throttled") == 21
    assert all(a["actor"] == "anonymous" and a["claimed_user"] == "ana" for a in store.audited)
    clock.now += int(right.headers["retry-after"])
    assert sign_in(browser).status_code == 303  # the wait is over: the right password opens
    assert not store.failed, "a success clears the user's failures"


def test_the_wait_doubles_with_each_further_failure(browser: TestClient, clock: Clock) -> None:
    waits = []
    for _ in range(14):
        answer = sign_in(browser, password="wrong")
        if answer.status_code == 429:
            waits.append(int(answer.headers["retry-after"]))
            clock.now += waits[-1]  # waited the whole wait: the next attempt is checked, and fails again
    assert waits[:5] == [30, 60, 120, 240, 480] and waits[5:] == [900] * (len(waits) - 5)


def test_sign_ins_are_throttled_per_address_across_user_names(browser: TestClient, clock: Clock) -> None:
    answers = []
    for n in range(21):
        answers.append(sign_in(browser, user=f"guess-{n}", password="x").status_code)
        clock.now += 1
    assert answers[:20] == [401] * 20 and answers[20] == 429


def test_development_users_exist_in_development_mode_only(store: MemoryStore) -> None:
    dev = app_of(store, PACTE_BACKOFFICE_USERS="", PACTE_DEV_MODE=True, PACTE_DEV_PASSWORD="stack-password")
    with TestClient(dev, follow_redirects=False) as client:
        page = client.get("/connexion").text
        assert "Mode développement" in page and "stack-password" not in page and "pacte-dev" not in page
        answer = sign_in(client, "alice", "stack-password")
        assert answer.status_code == 303 and "Secure" not in answer.headers["set-cookie"]  # http://localhost
    production = app_of(store, PACTE_BACKOFFICE_USERS="")
    with pytest.raises(MissingUsers), TestClient(production):
        pass
    with TestClient(app_of(store), follow_redirects=False, base_url="https://gateway.test") as client:
        page = client.get("/connexion").text
        assert "Mode développement" not in page and "alice" not in page
        assert sign_in(client, "alice", "pacte-dev").status_code == 401


@pytest.mark.parametrize("missing", ["PACTE_AUTH_SECRET", "PACTE_SESSION_SECRET", "PACTE_SCRAPE_TOKEN"])
def test_the_gateway_refuses_to_start_without_its_secrets(store: MemoryStore, missing: str) -> None:
    with pytest.raises(MissingSecrets, match=missing), TestClient(app_of(store, **{missing: ""})):
        pass


def test_the_quiet_probe_needs_the_scrape_token(browser: TestClient) -> None:
    assert browser.get("/internal/quiet").status_code == 401
    assert browser.get("/internal/quiet", headers={"Authorization": "Bearer " + "t" * 32}).status_code == 200
