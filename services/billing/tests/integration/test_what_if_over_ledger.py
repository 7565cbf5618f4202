"""The what-if over the real ledger: the small scenario's declarations, fed as contract events over Kafka
(reordered and duplicated), re-priced under each unit by `GET /what-if/...`, and checked to the cent
against the reference model computed straight from the scenario's accepted commands."""

from __future__ import annotations

import json
import random
import uuid
from decimal import Decimal
from typing import Any

from pacte_contracts.envelope import Event
from pacte_contracts.rules import canonical_quantity

from ..oracle import what_if as oracle
from .test_small_scenario import SCENARIOS, ScenarioFeed

#: Prices chosen to round: a third of a cent per unit hour would not, these make half cents appear.
PRICES = {"opening_day": 95_001, "trainer_hour": 6_515, "trainee_hour": 1_235}
SCOPES = [("lot", "L-69-DIG"), ("lot", "L-63-ESS"), ("lot", "L-38-BTP"), ("organisation", "OF-LYON-NUM"),
          ("organisation", "OF-AUV-ESS"), ("organisation", "OF-ISERE-BTP"), ("tender", "T-AFC-2019"),
          ("tender", "T-ESS-2019")]


async def _feed_small(billing: Any) -> tuple[ScenarioFeed, oracle.Declared]:
    expected = json.loads((SCENARIOS / "small.expected.json").read_text())
    refused = {r["cmd_line"] for r in expected["rejections"]}
    feed, declared = ScenarioFeed(uuid.uuid4().hex[:8]), oracle.Declared()
    rng = random.Random(23)
    events: list[Event] = []
    for number, text in enumerate((SCENARIOS / "small.jsonl").read_text().splitlines(), start=1):
        line = json.loads(text)
        if number in refused or line["cmd"] in ("period.close", "invoice.approve", "invoice.pay"):
            continue
        events.extend(feed.events(line))
        declared.apply(line)
    batch = events + rng.sample(events, k=len(events) // 3)  # redelivered
    rng.shuffle(batch)
    await billing.publish(batch)
    await billing.quiet()
    return feed, declared


def _months(answer: dict[str, Any], monthly: list[int]) -> dict[str, int]:
    return {m: c for m, c in zip(answer["months"], monthly, strict=True) if c}


async def test_what_if_of_every_scope_to_the_cent(billing: Any) -> None:
    feed, declared = await _feed_small(billing)
    for scope_type, scope_id in SCOPES:
        r = await billing.client.get(f"/what-if/{scope_type}/{feed.id(scope_id)}", headers=billing.headers("steering"),
                                     params={f"{unit}_price_cents": price for unit, price in PRICES.items()})
        assert r.status_code == 200, r.text
        answer = r.json()
        expected = oracle.what_if(declared, declared.scope(scope_type, scope_id), PRICES)
        assert _months(answer, answer["actual"]["monthly_cents"]) == {m: c for m, c in expected["actual"].items() if c}
        for unit in answer["units"]:
            name = unit["unit"]
            assert unit["quantity"] == canonical_quantity(expected["quantity"][name]), (scope_id, name)
            if unit["sessions_declaring"]:
                assert unit["price_source"] == "given"
                assert _months(answer, unit["series"]["monthly_cents"]) == {
                    m: c for m, c in expected[name].items() if c}, (scope_id, name)
                assert unit["series"]["total_cents"] == sum(expected[name].values())
            else:
                assert expected["quantity"][name] == Decimal(0) and unit["series"] is None


async def test_own_unit_at_own_price_is_what_billing_invoiced(billing: Any) -> None:
    """The trainer-hour lot re-priced in its own unit at its own price makes exactly its invoices' unit lines,
    once every month is closed (billing's SQL and the what-if read the same facts two ways)."""
    feed, _ = await _feed_small(billing)
    for period in ("2019-09", "2019-10"):
        await billing.close_period(period)
    r = await billing.client.get(f"/what-if/lot/{feed.id('L-69-DIG')}", headers=billing.headers("auditor"),
                                 params={"trainer_hour_price_cents": 6500})
    answer = r.json()
    trainer = next(u for u in answer["units"] if u["unit"] == "trainer_hour")
    assert trainer["series"]["total_cents"] == answer["actual"]["total_cents"] > 0
    assert trainer["break_even_price_cents"] == 6500


async def test_unknown_scope_and_bad_prices_are_refused(billing: Any) -> None:
    r = await billing.client.get("/what-if/lot/L-15-AGR", headers=billing.headers("steering"))
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = await billing.client.get("/what-if/session/S-1", headers=billing.headers("steering"))
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    r = await billing.client.get("/what-if/lot/L-1", headers=billing.headers("steering"),
                                 params={"trainee_hour_price_cents": "-1"})
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    r = await billing.client.get("/what-if/lot/L-1", headers=billing.headers("steering"), params={"price": "1"})
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    r = await billing.client.get("/what-if/lot/L-1")
    assert r.status_code == 401

