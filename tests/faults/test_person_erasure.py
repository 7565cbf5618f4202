"""(8b) A person's erasure, then a full replay of the topics into empty databases (issue 22).

`pacte persons forget PERSON_REF` deletes the only link between a job seeker's person_ref and the
random regional pseudonym that stays and events carry (docs/privacy.md, "What erasure removes").
The scenario is generated so that a person completes an Essentials session at one organisation and
enters a certifying or professionalising one at another within 90 days. After the erasure the
person_ref is in no table of any service and no message, and one mapping fewer is left; then a fresh
indicators service and a fresh billing replay every topic from the start into empty databases and
rebuild the same pathway indicators (the pseudonymous pathway still counts, as the history of a
pseudonym nobody can lead back to) and the same invoices: the erasure changes no figure and no money.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from faultlib import FaultRun, generated_scenario, read_topics, scenario_lines
from replays import all_topics, rebuilt, tables_mentioning

from pacte_platform.auth import issue_token

pytestmark = [pytest.mark.e2e, pytest.mark.faults]

#: Read "as of" long after the programme, so that every Essentials completion has its 90 days observed.
AS_OF = {"as_of": "2030-01-01"}
#: Small, and with one person whose pathway crosses organisations (seed 4 of this size has one).
CHAINED_SIZE: dict[str, Any] = {"seed": 4, "lots": 6, "sessions_per_lot": 1, "months": 3, "faults": 0.03}


def _chained_person(scenario: Path) -> str:
    """A person_ref enrolled by two organisations, one of them in an Essentials (preparatory) lot."""
    holder, action, lot_of, order_of = {}, {}, {}, {}
    steps: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for text in scenario_lines(scenario):
        c = json.loads(text) if text.strip() else {}
        if c.get("cmd") == "lot.award":
            holder[c["lot_id"]] = c["organisation_id"]
        elif c.get("cmd") == "lot.define":
            action[c["lot_id"]] = c["action_type"]
        elif c.get("cmd") == "order.place":
            lot_of[c["order_id"]] = c["lot_id"]
        elif c.get("cmd") == "session.schedule":
            order_of[c["session_id"]] = c["order_id"]
        elif c.get("cmd") == "trainee.enrol" and c.get("profile", {}).get("person_ref"):
            lot = lot_of.get(order_of.get(c["session_id"], ""), "")
            if lot in holder:
                steps[c["profile"]["person_ref"]].add((holder[lot], action[lot]))
    chained = [ref for ref, seen in steps.items()
               if len({h for h, _ in seen}) > 1 and any(a == "preparatory" for _, a in seen)]
    assert chained, "the scenario chains no pathway across organisations"
    return chained[0]


async def _pseudonyms(database_url: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM attendance.person_pseudonyms"))
    finally:
        await conn.close()


def _schemas(database_url: str) -> list[str]:
    async def read() -> list[str]:
        conn = await asyncpg.connect(database_url)
        try:
            return [r["nspname"] for r in await conn.fetch(
                "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname <> 'information_schema'")]
        finally:
            await conn.close()

    return asyncio.run(read())


def test_forget_a_person_then_replay_into_empty_databases(tmp_path: Path) -> None:
    scenario = generated_scenario(tmp_path / "chained.jsonl", **CHAINED_SIZE)
    person_ref = _chained_person(scenario)
    with FaultRun(scenario, "person-erasure-replay") as run:
        run.play()
        run.check_invariants()
        assert run.stack is not None
        state = run.state
        reader = {"Authorization": "Bearer " + issue_token(state.auth_secret, "t", ["auditor"])}
        live_pathways = httpx.get(run.urls["indicators"] + "/pathways", params=AS_OF, headers=reader, timeout=60).json()
        assert live_pathways.get("programme", {}).get("cross_organisation", 0) >= 1, live_pathways
        live_invoices = httpx.get(run.urls["billing"] + "/invoices", headers=reader, timeout=60).json()
        mappings = asyncio.run(_pseudonyms(state.database_url))

        forget = subprocess.run([sys.executable, "-m", "pacte_cli.main", "persons", "forget", person_ref,
                                 "--state-dir", str(run.stack.state_dir)],
                                capture_output=True, text=True, timeout=60, env=dict(os.environ))
        assert forget.returncode == 0, forget.stderr
        run.fault("pacte persons forget <person_ref>")

        # The link is gone: one mapping fewer, and the person_ref nowhere, in no service and no message.
        assert asyncio.run(_pseudonyms(state.database_url)) == mappings - 1
        for schema in _schemas(state.database_url):
            assert not asyncio.run(tables_mentioning(state.database_url, schema, person_ref)), schema
        topics = asyncio.run(all_topics(state.bootstrap, **state.kafka_options()))
        records = asyncio.run(read_topics(state.bootstrap, topics, **state.kafka_options()))
        assert not [r for r in records if person_ref.encode() in (r.value or b"")], "a message carries the person_ref"

        # Fresh indicators and billing replay every topic into empty databases: the same figures.
        with rebuilt(run, "indicators", "INDICATORS_CONSUMER_GROUP_PREFIX") as (url, database):
            assert httpx.get(url + "/pathways", params=AS_OF, headers=reader, timeout=60).json() == live_pathways
            assert not asyncio.run(tables_mentioning(database, "indicators", person_ref))
        with rebuilt(run, "billing", "BILLING_CONSUMER_GROUP_PREFIX") as (url, database):
            key_of = lambda i: (i["order_id"], i["period"], i["version"])  # noqa: E731
            replayed = httpx.get(url + "/invoices", headers=reader, timeout=60).json()
            assert sorted(replayed, key=key_of) == sorted(live_invoices, key=key_of)
            assert not asyncio.run(tables_mentioning(database, "billing", person_ref))
        run.figures.extra["pathways_crossing_rebuilt"] = live_pathways["programme"]["cross_organisation"]
        # The live system is as it was: the erasure and the replays moved no figure.
        again = httpx.get(run.urls["indicators"] + "/pathways", params=AS_OF, headers=reader, timeout=60)
        assert again.json() == live_pathways
