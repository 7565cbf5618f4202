"""The shared scenarios through the whole stack (every service as a process, real PostgreSQL and
Kafka): `pacte opendata export` writes OCDS, DECP and indicator files that validate with 0 errors.

The scenario files register organisations without SIRET; a buyer completes the registry before the
contracts' essential data can be published (DECP needs every holder's SIRET): this test does it
through procurement's API, with fictitious SIRETs, and checks that DECP then lists every awarded lot.
`corrections.jsonl` uses commands of rules version 2; where the system does not play them yet, the
test says so and skips instead of failing.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from pacte_cli.opendata import export
from pacte_cli.scenario.player import Player, read_lines
from pacte_cli.stack import Stack, StackState
from pacte_platform.auth import issue_token

SCENARIOS = Path(__file__).resolve().parents[5] / "shared" / "scenarios"
#: Commands of rules version 2 (../shared/spec/CHANGES.md), counted in the figures printed.
VERSION_2_COMMANDS = frozenset({"invoice.dispute", "invoice.reissue", "order.close", "session.open_day_withdraw",
                                "trainee.enrol_cancel"})

pytestmark = pytest.mark.e2e


def fictitious_siret(organisation_id: str) -> str:
    """14 digits with a valid Luhn key, derived from the id (not a real establishment's)."""
    body = str(int(hashlib.sha256(organisation_id.encode()).hexdigest(), 16))[:13]
    for key in range(10):
        digits = [int(d) for d in body + str(key)]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(reversed(digits)))
        if total % 10 == 0:
            return body + str(key)
    raise AssertionError("unreachable")


async def play(state: StackState, scenario: Path) -> Any:
    async with httpx.AsyncClient(timeout=60) as client:
        player = Player.on_stack(state, client)
        return await player.play(read_lines(scenario))


async def complete_the_registry(state: StackState) -> int:
    """The buyer gives every registered organisation its SIRET (names unchanged)."""
    headers = {"Authorization": f"Bearer {issue_token(state.auth_secret, 'opendata-test', ['buyer'])}"}
    registered = 0
    async with httpx.AsyncClient(base_url=state.url("procurement"), headers=headers, timeout=30) as client:
        cursor = None
        while True:
            page = (await client.get("/organisations", params={"limit": 100, **({"cursor": cursor} if cursor else {})}
                                     )).json()
            for organisation in page["items"]:
                response = await client.post("/organisations", json={
                    "organisation_id": organisation["organisation_id"], "name": organisation["name"],
                    "siret": fictitious_siret(organisation["organisation_id"])})
                assert response.status_code in (200, 201), response.text
                registered += 1
            cursor = page["next_cursor"]
            if not cursor:
                return registered


async def indicators_entries(state: StackState) -> int | None:
    async with httpx.AsyncClient(base_url=state.url("opendata"), timeout=30) as client:
        response = await client.get("/indicators/indicators.json")
        if response.status_code != 200:
            return None
        # None until the first counts arrive: the document is served, with no scope, from the start.
        return next((r["entries"] for r in response.json()["scopes"] if r["scope"] == "programme"), None)


async def system_entries(state: StackState) -> int:
    """The programme's entries as the indicators service counts them now (what the publication follows)."""
    headers = {"Authorization": f"Bearer {issue_token(state.auth_secret, 'opendata-test', ['steering'])}"}
    async with httpx.AsyncClient(base_url=state.url("indicators"), headers=headers, timeout=30) as client:
        return (await client.get("/indicators/programme")).json()["indicators"]["entries"]  # type: ignore[no-any-return]


async def wait_for(predicate: Any, timeout: float = 90.0) -> float:
    started = time.monotonic()
    while not await predicate():
        if time.monotonic() - started > timeout:
            raise TimeoutError("the publication did not catch up")
        await asyncio.sleep(0.1)
    return time.monotonic() - started


def run(name: str, out: Path) -> dict[str, Any]:
    scenario = SCENARIOS / f"{name}.jsonl"
    if not scenario.exists():
        pytest.skip(f"{scenario} is not there")
    stack = Stack(ephemeral=True, log=lambda _: None)
    figures: dict[str, Any] = {}
    try:
        state = stack.up()
        try:
            result = asyncio.run(play(state, scenario))
        except RuntimeError as exc:
            if "unsupported" in str(exc).lower() or "unknown command" in str(exc).lower():
                pytest.skip(f"{name}.jsonl uses commands the system does not play yet: {exc}")
            raise
        figures["commands"] = result.commands
        figures["version_2_lines"] = sum(1 for line in read_lines(scenario)
                                         if line.strip() and json.loads(line).get("cmd") in VERSION_2_COMMANDS)
        expected = asyncio.run(system_entries(state))

        async def indicators_current() -> bool:
            return await indicators_entries(state) == expected

        figures["indicators_lag_s"] = asyncio.run(wait_for(indicators_current))
        withheld_before = httpx.get(state.url("opendata") + "/decp/withheld.json", timeout=30).json()["withheld"]
        figures["withheld_before_sirets"] = len(withheld_before)
        registered_at = time.monotonic()
        figures["organisations"] = asyncio.run(complete_the_registry(state))

        async def decp_complete() -> bool:
            async with httpx.AsyncClient(timeout=30) as client:
                body = (await client.get(state.url("opendata") + "/decp/withheld.json")).json()
                return not body["withheld"]

        asyncio.run(wait_for(decp_complete))
        figures["siret_to_decp_s"] = time.monotonic() - registered_at
        exported = export(state.url("opendata"), out)
        figures.update(export_s=exported.seconds, checked=exported.checked, errors=exported.errors,
                       written=exported.written, empty=exported.empty)
    finally:
        stack.down()
    return figures


def test_medium_publication_validates(tmp_path: Path) -> None:
    figures = run("medium", tmp_path)
    print(f"\nmedium: {json.dumps({k: v for k, v in figures.items() if k != 'errors'}, indent=1)}")
    assert figures["errors"] == {}
    assert figures["empty"] == []
    assert figures["withheld_before_sirets"] > 0  # no SIRET in the scenario: withheld, not made up
    package = json.loads((tmp_path / "ocds" / "release-package.json").read_text())
    marches = json.loads((tmp_path / "decp" / "marches.json").read_text())["marches"]["marche"]
    records = json.loads((tmp_path / "ocds" / "record-package.json").read_text())["records"]
    awards = [r for r in package["releases"] if r["tag"] == ["award"]]
    assert len(marches) == len(awards) == figures["withheld_before_sirets"]
    assert len(records) == len({r["ocid"] for r in package["releases"]})
    assert figures["checked"] == 1 + len(package["releases"]) + len(records) + 1
    indicators = json.loads((tmp_path / "indicators" / "indicators.json").read_text())
    for row in indicators["scopes"]:
        for column, value in row.items():
            if isinstance(value, int) and column != "places_offered":
                assert value == 0 or value >= 5, (row["scope"], column, value)


def test_corrections_publication_validates(tmp_path: Path) -> None:
    figures = run("corrections", tmp_path)
    print(f"\ncorrections: {json.dumps({k: v for k, v in figures.items() if k != 'errors'}, indent=1)}")
    assert figures["errors"] == {}
