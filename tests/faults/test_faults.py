"""Faults injected while a generated scenario plays; each run must pass the no-money-lost oracle
(faultlib.FaultRun.check): same report as without faults, each fact once in the ledger, zero lag,
empty outboxes, only the deliberately poisoned messages in the DLQ."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from faultlib import BACKEND, FaultRun, http_status, lines_of, read_topics, revision_order_violations, scenario_lines

from pacte_contracts.envelope import wrap
from pacte_contracts.procurement import JobseekerCountSet
from pacte_platform.auth import issue_token

pytestmark = [pytest.mark.e2e, pytest.mark.faults]


def _points(scenario: Path, count: int, start: float = 0.1, end: float = 0.9) -> list[int]:
    total = len(scenario_lines(scenario))
    return [int(total * (start + (end - start) * i / max(count - 1, 1))) for i in range(count)]


@pytest.mark.faults_ci
def test_sigkill_of_each_service_in_turn_including_during_a_closing(scenario_file: Path,
                                                                    baseline: dict[str, Any]) -> None:
    """(1) Each service is SIGKILLed once while the scenario plays, and restarted on its port after a
    random delay; one more kill hits a service the period closing waits for, while it closes."""
    closings = lines_of(scenario_file, "period.close")
    with FaultRun(scenario_file, "sigkill") as run:
        services = list(BACKEND)
        run.rng.shuffle(services)
        plan = list(zip(_points(scenario_file, len(services)), services, strict=True))

        plan.append((closings[-1], "closing"))
        plan.sort()

        async def inject(r: FaultRun) -> None:
            for line, what in plan:
                await r.reach(line)
                if what != "closing":
                    await r.kill_service(what, r.rng.uniform(0.3, 3.0))
                    continue
                # The closing answers at once, then waits for indicators' snapshot and improvement's
                # evaluation: kill one of them while billing waits for it.
                await r.closing_sent(line)
                await r.kill_service(r.rng.choice(["indicators", "improvement"]), r.rng.uniform(0.5, 2.0))
                r.fault("  (that kill hit the closing of the last period)")

        run.play(inject)
        figures = run.check(baseline)
    assert len([f for f in figures.faults if f.startswith("SIGKILL")]) == len(BACKEND) + 1
    assert figures.money_differences == 0


def test_every_command_replayed_with_its_idempotency_key_is_answered_not_applied(
        scenario_file: Path, baseline: dict[str, Any]) -> None:
    """What a retry relies on: each route the player uses honours Idempotency-Key. The whole
    programme is played twice with the same keys; the second time every accepted command is answered
    from the services' stores (Idempotent-Replayed) and the report does not move."""
    with FaultRun(scenario_file, "idempotent-replay") as run:
        first = run.play(run_id="same-keys")
        run.check(baseline)
        second = run.play(run_id="same-keys")
        run.fault(f"whole programme sent again with the same Idempotency-Keys: {second.replayed} answers replayed")
        run.figures.extra["second_play_accepted"] = second.accepted
        figures = run.check(baseline)
    assert second.replayed >= first.accepted, (second.replayed, first.accepted)
    assert figures.money_differences == 0


def test_kafka_broker_down_for_tens_of_seconds(scenario_file: Path, baseline: dict[str, Any]) -> None:
    """(2) The broker stops for 20 s while organisations keep declaring: outboxes grow, then drain in order."""
    with FaultRun(scenario_file, "kafka-down") as run:
        if run.broker_kind != "apache":
            pytest.skip("Tansu keeps its log in memory: a restart loses it")
        depths: list[int] = []

        async def inject(r: FaultRun) -> None:
            await r.reach(_points(scenario_file, 1, 0.35)[0])
            await r.stop_broker()
            for _ in range(20):
                depths.append(sum((await r.outbox_depths()).values()))
                await asyncio.sleep(1)
            await r.start_broker()

        run.play(inject)
        run.figures.extra["max_outbox_depth_while_down"] = max(depths)
        figures = run.check(baseline)
        records = asyncio.run(read_topics(run.state.bootstrap, ["attendance.session.v1"]))
        assert revision_order_violations(records) == 0
    assert max(depths) > 0, "the outboxes should have grown while the broker was down"
    assert figures.money_differences == 0


def test_postgresql_restarted_during_the_scenario(scenario_file: Path, baseline: dict[str, Any]) -> None:
    """(3) PostgreSQL stops for a few seconds (twice, once during a closing): services answer 503 with
    Retry-After meanwhile and recover on their own; nothing is half-applied."""
    closings = lines_of(scenario_file, "period.close")
    seen: list[tuple[int, str | None]] = []
    with FaultRun(scenario_file, "postgres-restart") as run:
        token = issue_token(run.state.auth_secret, "fault-probe", ["auditor"])

        async def outage(r: FaultRun, seconds: float) -> None:
            await r.stop_postgres()
            for service in ("billing", "attendance"):
                status, headers = await http_status(r.urls[service] + "/periods/2019-01" if service == "billing"
                                                    else r.urls[service] + "/health",
                                                    {"Authorization": f"Bearer {token}"})
                seen.append((status, headers.get("retry-after")))
            await asyncio.sleep(seconds)
            await r.start_postgres()

        async def inject(r: FaultRun) -> None:
            await r.reach(_points(scenario_file, 1, 0.4)[0])
            await outage(r, 4)
            await r.closing_sent(closings[-1])
            await outage(r, 3)

        run.play(inject)
        run.figures.extra["answers_while_down"] = seen
        figures = run.check(baseline)
    assert seen and all(status == 503 and retry for status, retry in seen), seen
    assert figures.money_differences == 0


def test_every_event_delivered_twice_and_out_of_order(scenario_file: Path, baseline: dict[str, Any]) -> None:
    """(4) Every relay shuffles its batches and publishes each event twice (PACTE_CHAOS_REORDER_DUPLICATE)."""
    with FaultRun(scenario_file, "reorder-duplicate", env={"PACTE_CHAOS_REORDER_DUPLICATE": "1"}) as run:
        run.fault("every event published twice, batches shuffled")
        run.play()
        figures = run.check(baseline)
    assert figures.duplicates_on_topics >= figures.distinct_events * 0.9
    assert figures.duplicates_absorbed > 0 and figures.money_differences == 0


def test_rebalance_storm(scenario_file: Path, baseline: dict[str, Any]) -> None:
    """(5) A second process of a service joins its consumer groups and leaves, every few seconds."""
    extras: list[subprocess.Popen[bytes]] = []
    with FaultRun(scenario_file, "rebalance-storm") as run:
        async def inject(r: FaultRun) -> None:
            assert r.stack is not None
            n = 0
            while r._playing:
                service = ["billing", "indicators", "attendance", "improvement", "procurement"][n % 5]
                proc = r.stack.start_extra_service(service, f"{service}-extra-{n}")
                extras.append(proc)
                r.fault(f"second {service} process joined at line {r.line}")
                await asyncio.sleep(r.rng.uniform(1.5, 3.0))
                sig = signal.SIGKILL if n % 2 else signal.SIGTERM
                os.killpg(proc.pid, sig)
                await asyncio.to_thread(proc.wait, 20)
                r.fault(f"  and left ({signal.Signals(sig).name}) at line {r.line}")
                await asyncio.sleep(r.rng.uniform(0.3, 1.0))
                n += 1

        try:
            run.play(inject)
        finally:
            for proc in extras:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(10)
        figures = run.check(baseline)
    assert len(extras) >= 3 and figures.money_differences == 0


async def _produce(bootstrap: str, topic: str, value: bytes, key: bytes, headers: list[tuple[str, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)
    finally:
        await producer.stop()


def test_poison_messages_go_to_the_dlq_and_replay_after_a_fix(scenario_file: Path,
                                                               baseline: dict[str, Any]) -> None:
    """(6) Undecodable bytes and an envelope violating its contract are injected into topics: each
    consumer group sends them to `<topic>.dlq` with headers and its partitions keep flowing.

    The contract violation stands for a producer bug: one `reference.jobseekers` command is not
    played, and its JobseekerCountSet is published instead with `count` as a string ("many"). The
    report then lacks that count. The fix: the operator corrects the stored message (the dead letter's
    value gets the right count) and runs `pacte dlq replay`; the report becomes exactly the fault-free
    one. The undecodable bytes have no fix: they stay in the DLQ, listed by `pacte dlq list`.
    """
    # A territory whose access rate (entrants / job seekers) is in the report: its count matters.
    reference, command = next(
        (n, c) for n in lines_of(scenario_file, "reference.jobseekers")
        if (c := json.loads(scenario_lines(scenario_file)[n - 1]))
        and baseline["indicators"].get(f"territory:{c['territory']}", {}).get("access_rate") is not None)
    good = JobseekerCountSet(territory=command["territory"], count=command["count"], revision=1)
    envelope = wrap(good, producer="procurement")
    broken = json.loads(envelope.model_dump_json())
    broken["payload"]["count"] = "many"
    headers = [("event_type", b"JobseekerCountSet"), ("event_id", str(envelope.event_id).encode()),
               ("producer", b"procurement")]
    with FaultRun(scenario_file, "poison", skip_lines=[reference]) as run:
        bootstrap = run.state.bootstrap
        groups: dict[str, list[str]] = asyncio.run(run._consumer_groups())
        garbage_topics = ["attendance.session.v1", "procurement.order.v1"]
        readers = {t: [g for g, ts in groups.items() if t in ts] for t in [*garbage_topics, good.TOPIC]}

        async def inject(r: FaultRun) -> None:
            await _produce(bootstrap, good.TOPIC, json.dumps(broken).encode(), good.key().encode(), headers)
            r.fault(f"contract violation on {good.TOPIC} (count='many') for {len(readers[good.TOPIC])} groups")
            await r.reach(_points(scenario_file, 1, 0.3)[0])
            for topic in garbage_topics:
                await _produce(bootstrap, topic, b"\xff\xfe not json \x00", b"S-UNKNOWN", [])
                r.fault(f"undecodable bytes on {topic} for {len(readers[topic])} groups")

        run.play(inject)
        poisoned = sum(len(readers[t]) for t in garbage_topics) + len(readers[good.TOPIC])
        report = run.report()
        assert report != baseline, "without the count the report should differ before the fix"
        run.check_invariants(dead_letters=poisoned)
        # The fix: correct the stored copy, then replay it with the operator's command.
        fixed = json.loads(envelope.model_dump_json())
        schemas = asyncio.run(_correct_dead_letters(run.state.database_url, str(envelope.event_id),
                                                    json.dumps(fixed).encode()))
        assert schemas
        for schema, ids in schemas.items():
            # By id: replaying every pending dead letter would publish the undecodable bytes again.
            done = subprocess.run([sys.executable, "-m", "pacte_cli.main", "dlq", "replay", "--service", schema,
                                   *map(str, ids)],
                                  env={**os.environ, "DATABASE_URL": run.state.database_url,
                                       "KAFKA_BOOTSTRAP_SERVERS": bootstrap},
                                  capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            run.fault(f"pacte dlq replay --service {schema} {' '.join(map(str, ids))}: {done.stdout.strip()}")
        listed = subprocess.run([sys.executable, "-m", "pacte_cli.main", "dlq", "list"],
                                env={**os.environ, "DATABASE_URL": run.state.database_url},
                                capture_output=True, text=True, timeout=60)
        assert listed.returncode == 0 and listed.stdout.count("\n") >= poisoned
        asyncio.run(_wait_quiet(run))
        figures = run.check(baseline, dead_letters=sum(len(readers[t]) for t in garbage_topics))
    assert figures.money_differences == 0


async def _correct_dead_letters(database_url: str, event_id: str, value: bytes) -> dict[str, list[int]]:
    """The operator's fix: the stored copy gets the right value. Returns the corrected ids per service."""
    conn = await asyncpg.connect(database_url)
    try:
        schemas = {}
        for schema in BACKEND:
            ids = [r["id"] for r in await conn.fetch(
                f'UPDATE "{schema}".dead_letters SET value = $2 WHERE event_id = $1::uuid '
                f'AND replayed_at IS NULL RETURNING id', event_id, value)]
            if ids:
                schemas[schema] = ids
        return schemas
    finally:
        await conn.close()


async def _wait_quiet(run: FaultRun) -> None:
    import httpx

    from pacte_cli.quiet import close_probes, wait_quiet

    async with httpx.AsyncClient(timeout=30) as client:
        try:
            await asyncio.sleep(1)
            await wait_quiet(client, run.urls, run.state.bootstrap)
        finally:
            await close_probes()
