"""Steering in a real browser over a real stack, tried as a new user would: the steering user reads the
pact's trajectory on the steering page, opens the what-if for a lot billed by opening day and reads what
the trainee-hour unit would have cost and how the organisation's revenue would have moved; the figures
shown are computed again here from the declarations sent, to the cent. axe-core finds no violation on
either page. Screenshots and page timings go to test-artifacts/web/."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx
import pytest

from pacte_gateway.formatting import euros, number

from .test_back_office import ARTIFACTS, api, login, shot, until_accepted, wait_quiet

pytestmark = pytest.mark.e2e

LOT, ORDER, SESSION, HOLDER = "L-STEER-1", "BC-STEER-1", "S-STEER-1", "OF-STEER"
OPEN_DAY_CENTS, TRAINEE_HOUR_TYPED, TRAINEE_HOUR_CENTS = 95_000, "12,35", 1_235
#: Weekdays of March and April 2021 (a year of the pact), 7 hours a day.
DAYS = [d for d in (date(2021, 3, 1) + timedelta(n) for n in range(61)) if d.weekday() < 5]
TIMINGS = ARTIFACTS / "timings.json"


def _records() -> list[dict[str, Any]]:
    """Three trainees from the first day: one always there, one often absent, one who drops out on day 14."""
    profile = {"qualification": "below_bac", "age_band": "26-44", "jobseeker_registered": True, "qpv": True}
    records: list[dict[str, Any]] = [
        {"cmd": "trainee.enrol", "session_id": SESSION, "trainee_id": t, "date": DAYS[0].isoformat(),
         "profile": profile} for t in ("TR-1", "TR-2", "TR-3")]
    for i, day in enumerate(DAYS):
        records.append({"cmd": "session.open_day", "session_id": SESSION, "date": day.isoformat()})
        for trainee, hours in (("TR-1", 7), ("TR-2", (7, 3.5, 0)[i % 3]), ("TR-3", 7 if i < 14 else None)):
            if hours is not None:
                records.append({"cmd": "attendance.record", "session_id": SESSION, "trainee_id": trainee,
                                "date": day.isoformat(), "hours_present": hours,
                                "absence": None if hours == 7 else "unjustified"})
        if i == 14:
            records.append({"cmd": "trainee.dropout", "session_id": SESSION, "trainee_id": "TR-3",
                            "date": day.isoformat(), "reason": "unjustified_absence"})
    return records


def _expected(records: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """What each unit makes per month, computed here from the records sent: BILLING.md by hand."""
    hours: dict[str, Decimal] = defaultdict(Decimal)
    days: dict[str, int] = defaultdict(int)
    for r in records:
        month = r.get("date", "")[:7]
        if r["cmd"] == "attendance.record":
            hours[month] += Decimal(str(r["hours_present"]))
        elif r["cmd"] == "session.open_day":
            days[month] += 1  # someone is active on every day of the session
    cents = {m: int((h * TRAINEE_HOUR_CENTS).quantize(Decimal(1), rounding=ROUND_HALF_UP)) for m, h in hours.items()}
    return {"trainee_hour": cents, "opening_day": {m: n * OPEN_DAY_CENTS for m, n in days.items()}}


def _programme(stack: Any) -> list[dict[str, Any]]:
    with api(stack, "buyer") as buyer:
        procurement = stack.url("procurement")
        for path, body in (
            ("/tenders", {"tender_id": "T-STEER", "reference": "STEER-2021", "title": "Parcours (pilotage)",
                          "axis": "essentials", "procedure": "open", "budget_cents": 20_000_000,
                          "starts_on": "2021-01-01", "ends_on": "2021-12-31"}),
            ("/lots", {"lot_id": LOT, "tender_id": "T-STEER", "number": 1, "title": "Essentiels - Loire (pilotage)",
                       "territory": "42", "domain": "transverse", "action_type": "preparatory",
                       "billing_unit": "opening_day", "unit_price_cents": OPEN_DAY_CENTS, "session_capacity": 12,
                       "return_to_work_bonus_cents": 0, "additional_modules": []}),
            (f"/lots/{LOT}/award", {"lot_id": LOT, "organisation_id": HOLDER, "organisation_name": "Loire Essentiels",
                                    "members": [HOLDER]}),
            ("/orders", {"order_id": ORDER, "lot_id": LOT, "amount_cents": 8_000_000}),
            ("/sessions", {"session_id": SESSION, "order_id": ORDER, "starts_on": DAYS[0].isoformat(),
                           "ends_on": DAYS[-1].isoformat(), "planned_days": [d.isoformat() for d in DAYS],
                           "hours_per_day": 7, "capacity": 12, "place": "Saint-Étienne"}),
        ):
            answer = buyer.post(procurement + path, json=body)
            assert answer.status_code < 300, answer.text
        key = until_accepted(lambda: buyer.post(f"{stack.url('attendance')}/back-office/organisations/{HOLDER}/keys"))
        assert key.status_code < 300, key.text
    wait_quiet(stack)  # attendance knows the session (through Kafka) before the organisation declares in it
    records = _records()
    with httpx.Client(headers={"X-Api-Key": key.json()["api_key"]}, timeout=60) as organisation:
        answer = until_accepted(lambda: organisation.post(f"{stack.url('attendance')}/v1/batch",
                                                          json={"records": records}))
        assert answer.status_code < 300 and answer.json()["refused"] == 0, answer.text[:500]
    wait_quiet(stack)
    return records


def _timed(page: Any, url: str, timings: dict[str, float], name: str) -> None:
    started = time.perf_counter()
    page.goto(url)
    timings[name] = round(time.perf_counter() - started, 3)
    navigation = page.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0])")
    timings[f"{name} (server answer, ms)"] = round(json.loads(navigation)["responseEnd"], 1)


def _no_axe_violations(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_steering_reads_the_trajectory_and_the_what_if(stack: Any, new_page: Callable[[], Any]) -> None:
    records = _programme(stack)
    timings: dict[str, float] = {}
    steering = new_page()
    login(steering, "chloe", stack.dev_password)
    _timed(steering, "/pilotage", timings, "/pilotage")
    trajectory = steering.get_by_test_id("trajectory")
    trajectory.get_by_role("img", name="Trajectoire : entrées par mois face à la cible").wait_for()
    with api(stack, "steering") as client:
        expected = client.get(f"{stack.url('indicators')}/trajectory").json()
    y2021 = next(y for y in expected["years"] if y["year"] == 2021)
    assert y2021["entries"] >= 3 and y2021["paths_target"] == 29_454
    row = steering.locator('tr[data-year="2021"]')
    assert row.locator("td").first.inner_text() == number(y2021["entries"])
    assert row.locator("td").nth(3).inner_text() == euros(y2021["committed_cents"])
    assert steering.get_by_role("img", name="Budget engagé par axe face aux cibles 50 / 43 / 7 %").count() == 1
    assert steering.get_by_role("img", name="Abandons par motif").count() == 1
    _no_axe_violations(steering)
    shot(steering, "12-pilotage-trajectoire")
    # Pathways from Essentials and early dropout warnings (issue 22): counts only, never who.
    assert "Parcours sans couture : Programme" in steering.get_by_test_id("pathways").inner_text()
    assert "ouverte" in steering.get_by_test_id("warnings").inner_text()
    steering.get_by_label("Date de lecture des parcours").fill("2021-12-31")
    steering.get_by_role("button", name="Lire").click()
    steering.wait_for_url("**/pilotage?perimetre=programme&au=2021-12-31")
    assert "Au 31 décembre 2021" in steering.get_by_test_id("pathways").inner_text()

    # The trajectory of one territory, from the page's own form.
    steering.get_by_label("Périmètre").select_option("territory:42")
    steering.get_by_role("button", name="Afficher").click()
    steering.wait_for_url("**/pilotage?perimetre=territory*42")
    assert "Trajectoire du pacte : 42" in steering.get_by_test_id("trajectory").inner_text()
    assert steering.locator('tr[data-band="300_599"] td').first.inner_text() == "3"  # 45 days × 7 h = 315 h

    # The what-if, from the steering page's link, for the lot billed by opening day.
    steering.get_by_role("link", name="Ouvrir la simulation des unités d'œuvre").click()
    steering.wait_for_url("**/pilotage/simulation")
    steering.get_by_label("Périmètre").select_option(f"lot:{LOT}")
    steering.get_by_label("Prix d'une heure stagiaire (€)").fill(TRAINEE_HOUR_TYPED)
    started = time.perf_counter()
    steering.get_by_role("button", name="Simuler").click()
    steering.get_by_test_id("what-if-result").wait_for()
    timings["/pilotage/simulation (lot, submitted)"] = round(time.perf_counter() - started, 3)
    by_hand = _expected(records)
    units = steering.get_by_test_id("what-if-units")
    trainee_total = sum(by_hand["trainee_hour"].values())
    opening_total = sum(by_hand["opening_day"].values())
    assert units.locator('tr[data-unit="trainee_hour"] [data-total]').get_attribute("data-total") == str(trainee_total)
    assert units.locator('tr[data-unit="opening_day"] [data-total]').inner_text() == euros(opening_total)
    assert steering.get_by_test_id("actual-total").inner_text() == euros(opening_total)
    assert "Non déclaré" in units.locator('tr[data-unit="trainer_hour"]').inner_text()
    months = steering.get_by_test_id("what-if-months")
    for month, cents in by_hand["trainee_hour"].items():
        label = {"2021-03": "mars 2021", "2021-04": "avril 2021"}[month]
        assert months.locator("tr", has=steering.get_by_role("rowheader", name=label)).locator("td").nth(3) \
            .inner_text() == euros(cents)
    # How the organisation's revenue would have moved: March to April, under each unit.
    variation = steering.get_by_test_id("what-if-variation")
    change = by_hand["trainee_hour"]["2021-04"] - by_hand["trainee_hour"]["2021-03"]
    mean = Decimal(sum(by_hand["trainee_hour"].values())) / 2
    relative = (Decimal(abs(change)) / mean).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    assert variation.locator('tr[data-unit="trainee_hour"] [data-relative]').get_attribute("data-relative") == \
        str(relative)
    _no_axe_violations(steering)
    shot(steering, "13-simulation-unites")
    _timed(steering, f"/pilotage/simulation?perimetre=lot%3A{LOT}&prix_heure_stagiaire=12%2C35", timings,
           "/pilotage/simulation (lot)")
    _timed(steering, "/pilotage/simulation?perimetre=organisation%3A" + HOLDER, timings,
           "/pilotage/simulation (organisation)")
    _timed(steering, "/pilotage?perimetre=programme", timings, "/pilotage (again)")
    TIMINGS.write_text(json.dumps(timings, indent=2, ensure_ascii=False) + "\n")
    print(f"page timings (s): {timings}")
