"""(8) Erasure, then a full replay of the topics into an empty database.

`pacte trainees forget ORG TRAINEE` deletes the only link between the organisation's trainee id and
the random pseudonym that events, ledgers and invoices carry. Then a fresh billing (new database,
new consumer-group prefix: BILLING_CONSUMER_GROUP_PREFIX) replays every topic from the start: it must
rebuild exactly the same invoices (InvoiceIssued carries each invoice's lines, so it restores what
each closing decided instead of recomputing it), while the trainee can no longer be linked: the id
is in no Kafka message and nowhere in the rebuilt database, and a new declaration for that id is
refused (the stay is not found).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from faultlib import FaultRun, read_topics, scenario_lines
from replays import all_topics, rebuilt, tables_mentioning

from pacte_platform.auth import issue_token

pytestmark = [pytest.mark.e2e, pytest.mark.faults]


def _an_enrolled_trainee(scenario: Path) -> tuple[str, str, str]:
    """(organisation, session, trainee id) of the scenario's first enrolment."""
    holders: dict[str, str] = {}
    lots: dict[str, str] = {}
    orders: dict[str, str] = {}
    for text in scenario_lines(scenario):
        if not text.strip():
            continue
        c = json.loads(text)
        if c["cmd"] == "lot.award":
            holders[c["lot_id"]] = c["organisation_id"]
        elif c["cmd"] == "order.place":
            lots[c["order_id"]] = c["lot_id"]
        elif c["cmd"] == "session.schedule":
            orders[c["session_id"]] = c["order_id"]
        elif c["cmd"] == "trainee.enrol" and "as_organisation" not in c:
            order = orders.get(c["session_id"])
            holder = holders.get(lots.get(order, "")) if order else None
            if holder:
                return holder, c["session_id"], c["trainee_id"]
    raise AssertionError("no enrolment in the scenario")


def test_forget_then_replay_into_an_empty_database(scenario_file: Path, baseline: dict[str, Any]) -> None:
    organisation, session, trainee = _an_enrolled_trainee(scenario_file)
    with FaultRun(scenario_file, "erasure-replay") as run:
        run.play()
        run.check(baseline)
        assert run.stack is not None
        state = run.state
        forget = subprocess.run([sys.executable, "-m", "pacte_cli.main", "trainees", "forget", organisation, trainee,
                                 "--state-dir", str(run.stack.state_dir)],
                                capture_output=True, text=True, timeout=60, env=dict(os.environ))
        assert forget.returncode == 0, forget.stderr
        run.fault(f"pacte trainees forget {organisation} {trainee}")

        # The link is gone: the same organisation declaring for the same trainee id finds no stay.
        key = httpx.post(f"{run.urls['attendance']}/back-office/organisations/{organisation}/keys", timeout=30,
                         headers={"Authorization": "Bearer " + issue_token(state.auth_secret, "t", ["buyer"])})
        key.raise_for_status()
        declared = httpx.post(f"{run.urls['attendance']}/v1/sessions/{session}/satisfaction", timeout=30,
                              headers={"X-Api-Key": key.json()["api_key"]},
                              json={"trainee_id": trainee, "date": "2019-12-31", "score": 4})
        assert declared.status_code == 409 and declared.json()["code"] in ("trainee_not_enrolled",
                                                                          "trainee_not_active"), declared.text
        assert not asyncio.run(tables_mentioning(state.database_url, "attendance", trainee)), "the id is still stored"
        topics = asyncio.run(all_topics(state.bootstrap, **state.kafka_options()))
        records = asyncio.run(read_topics(state.bootstrap, topics, **state.kafka_options()))
        assert not [r for r in records if trainee.encode() in (r.value or b"")], "a message carries the trainee id"

        # A fresh billing replays every topic from the beginning into an empty database.
        with rebuilt(run, "billing", "BILLING_CONSUMER_GROUP_PREFIX") as (url, rebuilt_url):
            reader = {"Authorization": "Bearer " + issue_token(state.auth_secret, "t", ["auditor"])}
            replayed = httpx.get(url + "/invoices", headers=reader, timeout=60).json()
            live = httpx.get(run.urls["billing"] + "/invoices", headers=reader, timeout=60).json()
            key_of = lambda i: (i["order_id"], i["period"], i["version"])  # noqa: E731
            assert sorted(replayed, key=key_of) == sorted(live, key=key_of) == baseline["invoices"]
            assert not asyncio.run(tables_mentioning(rebuilt_url, "billing", trainee))
            run.figures.extra["invoices_rebuilt"] = len(replayed)
        # Replaying changed nothing in the live system (the rebuild publishes nothing new that counts).
        asyncio.run(asyncio.sleep(2))
        run.check(baseline)

