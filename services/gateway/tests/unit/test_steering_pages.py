"""The steering page and the what-if over fake services: charts as inline SVG that the strict CSP allows
(no style attribute, no `<style>`, no script), each named and described, beside its data table; prices
typed in euros; the answers built by the services' own domain code."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs

import httpx
import pytest
from fastapi.testclient import TestClient

from pacte_billing.domain.what_if import OrderTerms, SessionDay, SessionFacts, StaySpan, what_if
from pacte_billing.entrypoints.what_if_schemas import what_if_out
from pacte_contracts.codes import BillingUnit
from pacte_gateway.app import create_app
from pacte_gateway.routers.what_if import price_cents
from pacte_gateway.settings import GatewaySettings
from pacte_gateway.users import hash_password
from pacte_indicators.domain.commands import YearTarget
from pacte_indicators.domain.dropouts import Entrants, analysis
from pacte_indicators.domain.pathways import PathwayCounts
from pacte_indicators.domain.targets import PactTargets
from pacte_indicators.domain.trajectory import MonthFigures, targets_view, trajectory

from .memory_store import MemoryStore
from .test_pages_over_fake_services import sign_in

PACT = PactTargets(tuple(YearTarget(year=y, paths=p, pact_cents=c, own_budget_cents=4_780_000_000)
                         for y, p, c in ((2019, 23454, 13_600_000_000), (2020, 26727, 16_200_000_000))), 109090,
                   65_200_000_000)
BUDGET = {"qualifying": {"committed_cents": 600, "payable_cents": 10, "paid_cents": 0, "share": "0.6000",
                         "target": "0.5000"},
          "essentials": {"committed_cents": 300, "payable_cents": 0, "paid_cents": 0, "share": "0.3000",
                         "target": "0.4300"},
          "transverse": {"committed_cents": 100, "payable_cents": 0, "paid_cents": 0, "share": "0.1000",
                         "target": "0.0700"}}
LOT = {"lot_id": "L-1", "title": "Numérique - Rhône", "tender_id": "T-1", "billing_unit": "opening_day",
       "holder_id": "OF-1", "holder_name": "Formations du Rhône", "status": "awarded"}

PATHWAYS = {scope: counts.values() for scope, counts in {
    "programme": PathwayCounts(completers=40, continued=14, cross_organisation=5, median_days=Decimal("23.5"),
                               as_of=date(2020, 6, 30)),
    "axis:essentials": PathwayCounts(completers=40, continued=14, cross_organisation=5, median_days=Decimal(23),
                                     as_of=date(2020, 6, 30)),
    "lot:L-1": PathwayCounts(completers=12, continued=0, cross_organisation=0, median_days=None,
                             as_of=date(2020, 6, 30))}.items()}
#: attendance's `GET /back-office/warnings`: counts per lot and organisation, never who.
WARNINGS = [{"lot_id": "L-1", "organisation_id": "OF-1", "open": 2, "raised": 5, "cleared": 2, "warned_trainees": 4,
             "warned_exited": 3, "warned_dropped_out": 2, "precision": "0.6667"},
            {"lot_id": "L-2", "organisation_id": "OF-2", "open": 0, "raised": 1, "cleared": 1, "warned_trainees": 1,
             "warned_exited": 0, "warned_dropped_out": 0, "precision": None}]


def _what_if() -> dict[str, object]:
    order = OrderTerms("BC-1", "L-1", BillingUnit.OPENING_DAY, 95_000)
    days = tuple(SessionDay(date(2019, m, d), declared_open=True, attendance_records=2, trainees_present=p,
                            hours_present=Decimal(7 * p)) for m, d, p in ((9, 23, 2), (10, 1, 1), (11, 4, 0)))
    stays = (StaySpan(date(2019, 9, 23), None, False), StaySpan(date(2019, 9, 23), date(2019, 10, 1), True))
    result = what_if([order], [SessionFacts("S-1", order, stays, days)], {BillingUnit.TRAINEE_HOUR: 1235}, {})
    return what_if_out("lot", "L-1", result).model_dump()


class Fake:
    def __init__(self) -> None:
        self.asked: list[httpx.Request] = []
        self.pathways: dict[str, dict[str, object]] = PATHWAYS

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(request)
        path = request.url.path
        scope = parse_qs(request.url.query.decode()).get("scope", ["programme"])[0]
        answers = {
            "/indicators/programme": {"indicators": {"entries": 3}}, "/budget": BUDGET, "/indicators": {},
            "/trajectory": {**trajectory(scope, PACT, None, {"2019-09": MonthFigures(entries=3, committed_cents=900)},
                                         0), "targets": targets_view(PACT)},
            "/dropouts": analysis(scope, None, {("certifying", "600_plus"): Entrants(3, 1, 1, 2, 1, 1)},
                                  [("other", "none", "certifying", "600_plus", 1)], [(2, "other", 1)]),
            "/lots": {"items": [LOT], "next_cursor": None}, "/what-if/lot/L-1": _what_if(),
            "/pathways": self.pathways, "/back-office/warnings": WARNINGS,
        }
        if path in answers:
            return httpx.Response(200, json=answers[path])
        return httpx.Response(404, json={"code": "not_found", "detail": path, "status": 404})


@pytest.fixture
def fake() -> Fake:
    return Fake()


@pytest.fixture
def client(fake: Fake) -> Iterator[TestClient]:
    users = f"chloe:steering:{hash_password('pw', iterations=1000)}"
    settings = GatewaySettings.model_validate({"PACTE_AUTH_SECRET": "s", "PACTE_BACKOFFICE_USERS": users})
    app = create_app(settings, transport=httpx.MockTransport(fake), store=MemoryStore())
    with TestClient(app, follow_redirects=False) as test:
        sign_in(test, "chloe")
        yield test


def _charts(html: str) -> list[ET.Element]:
    # The gateway's own pages, not untrusted input.
    found = [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", html, flags=re.S)]  # noqa: S314
    assert found
    for svg in found:
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby", "").split()
        ns = "{http://www.w3.org/2000/svg}"
        assert svg.find(f"{ns}title").get("id") == title_id and svg.find(f"{ns}desc").get("id") == desc_id
        assert svg.find(f"{ns}desc").text
        for element in svg.iter():
            assert "style" not in element.attrib and not element.tag.endswith(("style", "script")), element.tag
    return found


def test_the_steering_page_draws_its_charts_beside_their_tables(client: TestClient, fake: Fake) -> None:
    page = client.get("/pilotage", params={"perimetre": "axis:essentials"})
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert len(_charts(page.text)) == 3
    assert "Trajectoire du pacte : Axe 2" in page.text and 'data-testid="trajectory-years"' in page.text
    assert "600 h et plus" in page.text and "Hors emploi" in page.text
    asked = {r.url.path: parse_qs(r.url.query.decode()) for r in fake.asked}
    assert asked["/trajectory"] == asked["/dropouts"] == {"scope": ["axis:essentials"]}


def test_an_unknown_scope_falls_back_to_the_programme(client: TestClient, fake: Fake) -> None:
    assert client.get("/pilotage", params={"perimetre": "lot:<script>"}).status_code == 200
    assert parse_qs(next(r for r in fake.asked if r.url.path == "/trajectory").url.query.decode())["scope"] == [
        "programme"]


def test_the_what_if_page(client: TestClient, fake: Fake) -> None:
    empty = client.get("/pilotage/simulation")
    assert empty.status_code == 200 and "Numérique - Rhône (journée d&#39;ouverture)" in empty.text
    page = client.get("/pilotage/simulation", params={"perimetre": "lot:L-1", "prix_heure_stagiaire": "12,35"})
    assert page.status_code == 200
    assert len(_charts(page.text)) == 2
    asked = next(r for r in fake.asked if r.url.path == "/what-if/lot/L-1")
    assert parse_qs(asked.url.query.decode()) == {"trainee_hour_price_cents": ["1235"]}
    # three billable open days at 950 €: on 4 November the trainee still enrolled is absent, the day is paid
    assert 'data-testid="actual-total">2\u202f850,00\u00a0€' in page.text
    assert "Non déclaré par ces sessions" in page.text  # no trainer hours for a lot billed by the day
    bad = client.get("/pilotage/simulation", params={"perimetre": "lot:L-1", "prix_journee": "douze"})
    assert bad.status_code == 422 and "Prix invalide" in bad.text
    missing = client.get("/pilotage/simulation", params={"perimetre": "lot:L-9"})
    assert missing.status_code == 404


@pytest.mark.parametrize(("typed", "cents"), [("12,35", 1235), ("1 234,5", 123450), ("950 €", 95000), ("", None)])
def test_prices_typed_in_euros(typed: str, cents: int | None) -> None:
    assert price_cents(typed) == cents


@pytest.mark.parametrize("typed", ["12,345", "-3", "abc", "nan"])
def test_prices_that_are_not_prices(typed: str) -> None:
    with pytest.raises(ValueError, match=re.escape(typed)):
        price_cents(typed)


def test_the_steering_page_shows_pathways_per_scope_and_warnings_as_counts(client: TestClient, fake: Fake) -> None:
    page = client.get("/pilotage", params={"perimetre": "axis:essentials", "au": "2020-06-30"})
    assert page.status_code == 200
    text = page.text
    assert "Parcours sans couture : Axe 2" in text and "Au 30 juin 2020, taux de continuation 35,0" in text
    assert "23 jours après en médiane" in text and "35,7\u00a0% de ces parcours changent d'organisme" in text
    rows = re.findall(r'<tr data-scope="([^"]+)">', text)
    assert rows == ["programme", "axis:essentials", "lot:L-1"]
    assert "23,5" in text  # the programme's median, one decimal
    assert "2 alertes ouvertes ; 6 levées et 3 résorbées" in text
    assert "3 stagiaires alertés sortis de leur session, 2 ont abandonné (précision de l'alerte 66,7" in text
    assert re.findall(r'<tr data-lot="([^"]+)">', text) == ["L-1", "L-2"]
    assert "trainee_key" not in text and "person_key" not in text and "person_ref" not in text
    asked = {r.url.path: parse_qs(r.url.query.decode()) for r in fake.asked}
    assert asked["/pathways"] == {"as_of": ["2020-06-30"]} and asked["/back-office/warnings"] == {}


def test_pathways_are_read_at_the_newest_fact_without_a_day_and_a_bad_day_is_said(client: TestClient,
                                                                                 fake: Fake) -> None:
    page = client.get("/pilotage")  # indicators answer the day they read as of: the page says it
    assert "Au 30 juin 2020 (date du dernier fait connu), taux de continuation 35,0" in page.text
    assert parse_qs(next(r for r in fake.asked if r.url.path == "/pathways").url.query.decode()) == {}
    fake.asked.clear()
    bad = client.get("/pilotage", params={"perimetre": "territory:42", "au": "30/06/2020"})
    assert bad.status_code == 200 and "« 30/06/2020 » n'est pas une date" in html.unescape(bad.text)
    assert 'aria-invalid="true"' in bad.text
    assert "Au 30 juin 2020 (date du dernier fait connu), aucune personne sortie d'une session Essentiels de ce " \
           "périmètre" in html.unescape(bad.text)
    assert parse_qs(next(r for r in fake.asked if r.url.path == "/pathways").url.query.decode()) == {}


def test_without_any_pathway_read_the_page_names_no_day(client: TestClient, fake: Fake) -> None:
    fake.pathways = {}
    page = client.get("/pilotage")
    assert "À la date du dernier fait connu, aucune personne sortie" in html.unescape(page.text)
