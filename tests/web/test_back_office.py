"""The back-office in a real browser over a real stack: a buyer publishes a tender, defines and awards a
lot, places an order and schedules a session; the organisation declares open days through its API;
finance closes the period and approves the invoice; steering reads indicators that match the API; the
organisation disputes the invoice, finance re-issues it, and the buyer closes the order.

Every action goes through the services' APIs with the signed-in user's own token, so the services'
audit trails name the user. Screenshots of each main page are saved in test-artifacts/web/.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from pacte_gateway.formatting import display, euros, percent
from pacte_gateway.routers.steering import KEY_INDICATORS

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


# --- helpers ------------------------------------------------------------------------------------


def login(page: Any, user: str, password: str) -> None:
    """Signs in as a development user (`password`: the stack's, `StackState.dev_password`)."""
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill(user)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r".*/(appels-offres|facturation|pilotage)$"))


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def section(page: Any, heading: str) -> Any:
    return page.locator("section", has=page.get_by_role("heading", name=heading))


def flash(page: Any) -> str:
    return str(page.get_by_test_id("flash").inner_text())


def api(stack: Any, role: str, subject: str = "web-test") -> httpx.Client:
    from pacte_platform.auth import issue_token

    return httpx.Client(headers={"Authorization": f"Bearer {issue_token(stack.auth_secret, subject, [role])}"},
                        timeout=30)


def wait_quiet(stack: Any) -> float:
    from pacte_cli.quiet import close_probes
    from pacte_cli.quiet import wait_quiet as quiet

    async def run() -> float:
        async with httpx.AsyncClient(timeout=30) as client:
            try:
                return await quiet(client, {n: stack.url(n) for n in stack.services}, stack.bootstrap, timeout=60,
                                   headers=stack.operations_headers(), kafka_options=stack.kafka_options())
            finally:
                await close_probes()

    # Playwright's sync API keeps an event loop running in this thread: wait from another one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def until_accepted(call: Callable[[], httpx.Response], timeout: float = 30) -> httpx.Response:
    """Organisation commands wait until the service has learnt of the key or session through Kafka."""
    deadline = time.monotonic() + timeout
    while True:
        response = call()
        if response.status_code < 400 or time.monotonic() > deadline:
            return response
        time.sleep(0.3)


# --- the journey --------------------------------------------------------------------------------


def test_buyer_finance_and_steering_journey(stack: Any, new_page: Callable[[], Any]) -> None:
    started = time.monotonic()
    # Buyer: publish a tender -------------------------------------------------------------------
    buyer = new_page()
    login(buyer, "alice", stack.dev_password)
    assert buyer.url.endswith("/appels-offres")
    form = section(buyer, "Publier un appel d'offres")
    form.get_by_label("Identifiant").fill("T-WEB-2024")
    form.get_by_label("Référence du marché").fill("WEB-ARA-2024")
    form.get_by_label("Intitulé").fill("Parcours qualifiants (web)")
    form.get_by_label("Axe du pacte").select_option("qualifying")
    form.get_by_label("Procédure").select_option("open")
    form.get_by_label("Budget (€)").fill("500 000")
    form.get_by_label("Début").fill("2024-01-01")
    form.get_by_label("Fin").fill("2024-12-31")
    form.get_by_role("button", name="Publier").click()
    buyer.wait_for_url("**/appels-offres/T-WEB-2024")
    assert "publié" in flash(buyer)
    assert buyer.get_by_test_id("tender-remaining").inner_text() == "500\u202f000,00\u00a0€"

    # ... define two lots -----------------------------------------------------------------------
    for lot_id, title, unit, price in (("L-WEB-1", "Numérique - Rhône (web)", "opening_day", "950"),
                                       ("L-WEB-2", "BTP - Isère (web)", "trainee_hour", "12,34")):
        buyer.goto("/appels-offres/T-WEB-2024")
        form = section(buyer, "Définir un lot")
        form.get_by_label("Identifiant du lot").fill(lot_id)
        form.get_by_label("Intitulé").fill(title)
        form.get_by_label("Territoire").select_option("69")
        form.get_by_label("Domaine").select_option("digital")
        form.get_by_label("Type d'action").select_option("certifying")
        form.get_by_label("Unité de facturation").select_option(unit)
        form.get_by_label("Prix unitaire (€)").fill(price)
        form.get_by_label("Capacité par session").fill("12")
        form.get_by_role("button", name="Définir le lot").click()
        buyer.wait_for_url(f"**/lots/{lot_id}")
        assert "défini" in flash(buyer)
    shot(buyer, "01-lot-ouvert")
    buyer.goto("/appels-offres/T-WEB-2024")
    shot(buyer, "02-appel-offres")

    # ... mark the second lot unsuccessful (confirmation dialog) ----------------------------------
    buyer.goto("/lots/L-WEB-2")
    buyer.once("dialog", lambda dialog: dialog.accept())
    buyer.get_by_role("button", name="Déclarer infructueux").click()
    buyer.get_by_test_id("flash").filter(has_text="infructueux").wait_for()
    assert buyer.get_by_test_id("lot-status").inner_text() == "Infructueux"

    # ... award the first lot ---------------------------------------------------------------------
    buyer.goto("/lots/L-WEB-1")
    form = section(buyer, "Attribuer le lot")
    form.get_by_label("Identifiant de l'organisme titulaire").fill("OF-WEB")
    form.get_by_label("Raison sociale").fill("Organisme Web Formation")
    form.get_by_role("button", name="Attribuer").click()
    buyer.get_by_test_id("flash").filter(has_text="attribué").wait_for()
    assert buyer.get_by_test_id("lot-status").inner_text() == "Attribué"

    # ... place an order on it ---------------------------------------------------------------------
    form = section(buyer, "Passer une commande")
    form.get_by_label("Numéro de bon de commande").fill("BC-WEB-1")
    form.get_by_label("Montant (€)").fill("20 000")
    form.get_by_role("button", name="Passer la commande").click()
    buyer.wait_for_url("**/commandes/BC-WEB-1")
    assert "passée" in flash(buyer)
    with api(stack, "buyer") as procurement:
        order = procurement.get(f"{stack.url('procurement')}/orders/BC-WEB-1").json()
        audit = procurement.get(f"{stack.url('procurement')}/audit", params={"actor": "alice"}).json()
    assert order["amount_cents"] == 2_000_000
    assert buyer.get_by_test_id("budget-left").inner_text().startswith(euros(order["tender_remaining_cents"]))
    assert euros(order["tender_remaining_cents"]) == "480\u202f000,00\u00a0€"
    assert {"tender.publish", "lot.define", "lot.award", "lot.unsuccessful", "order.place"} <= {
        row["action"] for row in audit["items"]}, "the services audit the web user, not the gateway"

    # ... schedule a session from the order page ----------------------------------------------------
    form = section(buyer, "Programmer une session")
    form.get_by_label("Identifiant de la session").fill("S-WEB-1")
    form.get_by_label("Lieu").fill("Lyon 3e")
    form.get_by_label("Premier jour").fill("2024-03-04")
    form.get_by_label("Dernier jour").fill("2024-03-08")
    form.get_by_label("Capacité").fill("12")
    form.get_by_role("button", name="Programmer").click()
    buyer.get_by_test_id("flash").filter(has_text="programmée (5 jours)").wait_for()
    shot(buyer, "03-commande")
    buyer.goto("/commandes")
    shot(buyer, "04-commandes")
    buyer.goto("/sessions")
    shot(buyer, "05-sessions")
    buyer.goto("/catalogue?du=2024-01-01")
    assert buyer.get_by_role("cell", name="Lyon 3e").count() == 1
    shot(buyer, "06-catalogue")

    # The organisation enrols a trainee and declares two open days through its own API ------------------
    with api(stack, "buyer") as client:
        key = until_accepted(lambda: client.post(
            f"{stack.url('attendance')}/back-office/organisations/OF-WEB/keys"))
        assert key.status_code < 300, key.text
        api_key = key.json()["api_key"]
    with httpx.Client(headers={"X-Api-Key": api_key}, timeout=30) as organisation:
        enrolled = until_accepted(lambda: organisation.post(
            f"{stack.url('attendance')}/v1/sessions/S-WEB-1/enrolments",
            json={"session_id": "S-WEB-1", "trainee_id": "TR-WEB-1", "date": "2024-03-04",
                  "profile": {"qualification": "below_bac", "age_band": "<26", "jobseeker_registered": True}}))
        assert enrolled.status_code < 300, enrolled.text
        for day in ("2024-03-04", "2024-03-05"):
            declared = until_accepted(lambda day=day: organisation.post(
                f"{stack.url('attendance')}/v1/sessions/S-WEB-1/open-days", json={"session_id": "S-WEB-1",
                                                                                   "date": day}))
            assert declared.status_code < 300, declared.text
    wait_quiet(stack)

    # Finance: close March 2024, approve the invoice -------------------------------------------------
    finance = new_page()
    login(finance, "bruno", stack.dev_password)
    assert finance.url.endswith("/facturation")
    form = section(finance, "Clôturer une période")
    form.get_by_label("Période (AAAA-MM)").fill("2024-03")
    form.get_by_role("button", name="Clôturer la période").click()
    finance.wait_for_url("**/facturation/periodes/2024-03")
    finance.get_by_test_id("period-status").filter(has_text="Clôturée").wait_for(timeout=60_000)
    shot(finance, "07-periode-cloturee")
    invoice_id = "INV-BC-WEB-1-2024-03-v1"
    finance.get_by_role("link", name=invoice_id).first.click()
    finance.wait_for_url(f"**/factures/{invoice_id}")
    assert finance.get_by_test_id("invoice-status").inner_text() == "Émise"
    assert finance.get_by_test_id("invoice-payable").inner_text() == "1\u202f900,00\u00a0€"
    finance.get_by_role("button", name="Voir les faits de la ligne 1").click()
    facts = finance.get_by_test_id("facts-1")
    facts.wait_for()
    assert facts.get_by_role("cell", name="04/03/2024").count() == 1
    assert facts.get_by_role("cell", name="05/03/2024").count() == 1
    shot(finance, "08-facture-et-faits")
    finance.get_by_role("button", name="Approuver la facture").click()
    finance.get_by_test_id("flash").filter(has_text="approuvée").wait_for()
    assert finance.get_by_test_id("invoice-status").inner_text() == "Approuvée"
    with api(stack, "finance") as billing:
        stored = billing.get(f"{stack.url('billing')}/invoices/{invoice_id}").json()
    assert stored["status"] == "approved"
    assert stored["payable_cents"] == 190_000
    finance.goto("/facturation")
    shot(finance, "09-facturation")

    # Steering: the programme's indicators are the API's -------------------------------------------
    wait_quiet(stack)
    steering = new_page()
    login(steering, "chloe", stack.dev_password)
    assert steering.url.endswith("/pilotage")
    with api(stack, "steering") as indicators:
        programme = indicators.get(f"{stack.url('indicators')}/indicators/programme").json()["indicators"]
        budget = indicators.get(f"{stack.url('indicators')}/budget").json()
    for name, kind in KEY_INDICATORS:
        tile = steering.locator(f'[data-indicator="{name}"]')
        raw = programme.get(name)
        assert tile.get_attribute("data-raw") == ("" if raw is None else str(raw)), name
        assert tile.locator(".kpi-value").inner_text() == display(raw, kind), name
    assert programme["committed_cents"] == 2_000_000
    for axis, figures in budget.items():
        row = steering.locator(f'tr[data-axis="{axis}"]')
        assert row.locator("td").first.inner_text() == euros(figures["committed_cents"])
        assert row.locator("[data-share]").inner_text() == percent(figures["share"])
    assert steering.get_by_role("link", name=re.compile("Grafana")).count() >= 1
    shot(steering, "10-pilotage")
    steering.goto("/plans")
    shot(steering, "11-plans")

    # The organisation disputes the approved invoice; finance re-issues it ------------------------------
    with api(stack, "buyer") as client:
        api_key = client.post(f"{stack.url('attendance')}/back-office/organisations/OF-WEB/keys").json()["api_key"]
    with httpx.Client(headers={"X-Api-Key": api_key}, timeout=30) as organisation:
        disputed = until_accepted(lambda: organisation.post(
            f"{stack.url('billing')}/v1/orders/BC-WEB-1/invoices/2024-03/dispute",
            json={"reason": "journée du 5 mars non ouverte"}))
        assert disputed.status_code == 200, disputed.text
    finance.goto(f"/factures/{invoice_id}")
    assert finance.get_by_test_id("invoice-status").inner_text() == "Contestée"
    assert "« journée du 5 mars non ouverte »" in finance.get_by_test_id("invoice-dispute").inner_text()
    shot(finance, "12-facture-contestee")
    finance.get_by_role("button", name="Ré-émettre à partir des faits connus").click()
    finance.wait_for_url("**/factures/INV-BC-WEB-1-2024-03-v2")
    assert "ré-émise" in flash(finance)
    assert finance.get_by_test_id("invoice-version").inner_text() == "2"
    assert finance.get_by_test_id("invoice-payable").inner_text() == "1\u202f900,00\u00a0€"
    versions = finance.get_by_test_id("invoice-versions")
    assert "journée du 5 mars non ouverte" in versions.locator('tr[data-version="1"]').inner_text()
    shot(finance, "13-facture-reemise")

    # The buyer closes the order: its amount comes down to what it earned --------------------------------
    wait_quiet(stack)
    buyer.goto("/commandes/BC-WEB-1")
    buyer.once("dialog", lambda dialog: dialog.accept())
    buyer.get_by_role("button", name="Clôturer la commande").click()
    buyer.get_by_test_id("flash").filter(has_text="clôturée").wait_for()
    assert buyer.get_by_test_id("order-lowered").inner_text() == "1\u202f900,00\u00a0€"
    assert buyer.get_by_test_id("order-released").inner_text() == "18\u202f100,00\u00a0€"
    assert buyer.get_by_test_id("order-amount").inner_text() == "1\u202f900,00\u00a0€"
    assert buyer.get_by_role("button", name="Programmer").count() == 0
    shot(buyer, "14-commande-cloturee")
    print(f"journey in {time.monotonic() - started:.1f}s; screenshots in {ARTIFACTS}")


def test_sign_in_is_required_and_checked(stack: Any, new_page: Callable[[], Any]) -> None:
    page = new_page()
    page.goto("/facturation")
    page.wait_for_url(re.compile(r".*/connexion\?suite=(/|%2F)facturation$"))
    # Keyboard only: the focus starts in the user name; Tab moves to the password; Enter submits.
    assert page.evaluate("document.activeElement.id") == "identifiant"
    page.keyboard.type("bruno")
    page.keyboard.press("Tab")
    page.keyboard.type("wrong")
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text="Identifiant ou mot de passe incorrect").wait_for()
    shot(page, "00-connexion-refusee")
    page.get_by_label("Mot de passe").fill(stack.dev_password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/facturation")  # back where the user was going
    # On every page the first Tab stop is the link that skips the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    # A form posted without the session's CSRF token is refused.
    answer = page.request.post("/facturation/periodes", form={"period": "2024-04", "csrf": "forged"},
                               max_redirects=0)
    assert answer.status == 403


def test_auditor_reads_without_acting(stack: Any, new_page: Callable[[], Any]) -> None:
    page = new_page()
    login(page, "david", stack.dev_password)
    for path in ("/appels-offres", "/facturation", "/plans", "/pilotage"):
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1
    page.goto("/appels-offres")
    assert page.get_by_role("button", name="Publier").count() == 0
    # Even a hand-made form is refused by the service itself, with its reason shown.
    csrf = page.locator('form[action="/deconnexion"] input[name="csrf"]').get_attribute("value")
    answer = page.request.post("/commandes", form={"csrf": csrf, "order_id": "BC-X", "lot_id": "L-WEB-1",
                                                   "amount": "1"}, max_redirects=0)
    assert answer.status == 303
    page.goto(answer.headers["location"])
    assert "forbidden" in flash(page)
