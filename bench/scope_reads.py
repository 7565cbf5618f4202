"""One scope's indicators at a fraction of the pact's size (issue 24 item 2: p99 < 100 ms per scope).

`python -m bench.scope_reads seed --dir D --scale 0.1` starts an embedded PostgreSQL in D (left
running), migrates the indicators' schema and fills its projection directly with set-based SQL at
``scale`` × the pact (110,000 trainees, 9,000 sessions, 1,000 lots, 48 months of invoices): stays
with exits, outcomes (some re-recorded), satisfaction, suspensions, cancelled enrolments, orders and
invoices. `measure --url URL` times what `GET /indicators/{scope}` runs (`readings.scope_detail`)
for random lot and organisation scopes, now and as of a date, and the every-scope report; `stop
--dir D` stops the server. Seeding once and measuring before and after a change compares like with like.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import date
from pathlib import Path

from pacte_indicators.entrypoints.app import MIGRATIONS_DIR
from pacte_indicators.service_layer import readings
from pacte_platform import db, migrations
from pacte_platform.infra.net import free_port
from pacte_platform.infra.postgres import EmbeddedPostgres

SCHEMA = "indicators"
ACTION_TYPES = "ARRAY['certifying','qualifying','pre_qualifying','remobilisation']"

SEED = f"""
INSERT INTO orders (order_id, lot_id, tender_id, axis, territory, domain, action_type, holder_organisation_id,
                    amount_cents)
SELECT 'O' || l || '-' || y, 'L' || l, 'T' || (l / 10), 'A' || (l % 3), 'TER' || (l % 12), 'D' || (l % 10),
       ({ACTION_TYPES})[1 + l % 4], 'ORG' || (l % $4), 10000000
FROM generate_series(0, $1 - 1) AS l, generate_series(0, 3) AS y;

INSERT INTO sessions (session_id, order_id, lot_id, tender_id, axis, territory, domain, action_type,
                      holder_organisation_id, starts_on, capacity, revision)
SELECT 'S' || s, o.order_id, o.lot_id, o.tender_id, o.axis, o.territory, o.domain, o.action_type,
       o.holder_organisation_id, date '2019-01-07' + (s % 1400), 14, 1
FROM generate_series(0, $2 - 1) AS s
JOIN orders o ON o.order_id = 'O' || (s % $1) || '-' || ((s / $1) % 4);

INSERT INTO stays (session_id, trainee_key, revision, status, enrolled_on, qualification, jobseeker_registered,
                   priority_publics, exited_on, certification, dropout_reason)
SELECT 'S' || (t % $2), 'K' || t, 2,
       CASE WHEN t % 20 < 14 THEN 'completed' WHEN t % 20 < 17 THEN 'dropped_out' ELSE 'in_training' END,
       date '2019-01-07' + (t % $2) % 1400,
       CASE WHEN t % 3 = 0 THEN 'below_bac' ELSE 'bac' END, t % 5 <> 0,
       CASE WHEN t % 4 = 0 THEN ARRAY['qpv'] ELSE '{{}}' END,
       CASE WHEN t % 20 < 17 THEN date '2019-03-07' + (t % $2) % 1400 END,
       CASE WHEN t % 20 < 14 THEN (ARRAY['full','partial','none'])[1 + t % 3] END,
       CASE WHEN t % 20 BETWEEN 14 AND 16 THEN (ARRAY['return_to_work','health','other'])[1 + t % 3] END
FROM generate_series(0, $3 - 1) AS t;

INSERT INTO outcome_revisions (session_id, trainee_key, months_after_exit, revision, observed_on, status)
SELECT st.session_id, st.trainee_key, m, r, st.exited_on + m * 30 + r,
       (ARRAY['employed_durable','employed_other','training','unemployed','unknown'])
           [1 + (hashtext(st.trainee_key) & 1023 + r) % 5]
FROM stays st, (VALUES (6), (12)) AS months (m), generate_series(1, 2) AS r
WHERE st.exited_on IS NOT NULL AND (r = 1 OR hashtext(st.trainee_key) % 4 = 0);

INSERT INTO satisfaction_revisions (session_id, trainee_key, revision, recorded_on, score)
SELECT session_id, trainee_key, 1, exited_on, 1 + (hashtext(trainee_key) & 1023) % 5
FROM stays WHERE exited_on IS NOT NULL AND hashtext(trainee_key) % 5 <> 0;

INSERT INTO suspensions (session_id, trainee_key, suspension_number, started_on, stay_revision)
SELECT session_id, trainee_key, 1, enrolled_on + 10, 2 FROM stays WHERE hashtext(trainee_key) % 20 = 0;

INSERT INTO enrolment_cancellations (session_id, trainee_key, stay_revision)
SELECT session_id, trainee_key, 3 FROM stays WHERE hashtext(trainee_key) % 100 = 0;

INSERT INTO invoices (invoice_id, version, order_id, period, total_cents, payable_cents, opening_days_billed,
                      trainer_hours_billed, trainee_hours_billed)
SELECT o.order_id || '-' || p, 1, o.order_id, to_char(date '2019-01-01' + p * interval '1 month', 'YYYY-MM'),
       200000, 190000, 20, 140, 1500
FROM orders o, generate_series(0, 11) AS p;

INSERT INTO invoice_payments (invoice_id, version, order_id, period, paid_cents)
SELECT invoice_id, version, order_id, period, payable_cents FROM invoices WHERE hashtext(invoice_id) % 3 <> 0;

ANALYZE;
"""


async def seed(directory: Path, scale: float) -> None:
    server = EmbeddedPostgres(directory / "pg", free_port())
    server.start()
    conn = await db.connect(server.url, SCHEMA)
    await migrations.ensure_platform_tables(conn, SCHEMA)
    await migrations.migrate(conn, SCHEMA, MIGRATIONS_DIR)
    lots, sessions, trainees = round(1000 * scale), round(9000 * scale), round(110000 * scale)
    started = time.perf_counter()
    async with conn.transaction():
        for statement in SEED.split(";\n"):
            if statement.strip():
                await conn.execute(statement.replace("$1", str(lots)).replace("$2", str(sessions))
                                   .replace("$3", str(trainees)).replace("$4", str(max(1, lots // 5))))
    await conn.close()
    print(f"seeded {lots} lots, {sessions} sessions, {trainees} stays in {time.perf_counter() - started:.1f} s")
    print(server.url)


async def measure(url: str, samples: int) -> None:
    conn = await db.connect(url, SCHEMA)
    lots = [r[0] for r in await conn.fetch("SELECT DISTINCT 'lot:' || lot_id FROM sessions")]
    organisations = [r[0] for r in await conn.fetch("SELECT DISTINCT 'organisation:' || holder_organisation_id "
                                                    "FROM sessions")]
    pick = random.Random(7)
    for label, scopes, as_of in (("lot", lots, None), ("organisation", organisations, None),
                                 ("lot as of 2021-06-30", lots, date(2021, 6, 30)), ("programme", ["programme"], None)):
        timings = []
        for _ in range(samples):
            scope = pick.choice(scopes)
            started = time.perf_counter()
            assert await readings.scope_detail(conn, scope, as_of, explain=True) is not None
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p99 = timings[min(len(timings) - 1, round(0.99 * len(timings)) - 1)]
        print(f"{label:24} n={samples} p50 {statistics.median(timings):7.1f} ms  p99 {p99:7.1f} ms")
    started = time.perf_counter()
    await readings.report(conn, None)
    print(f"{'every scope (report)':24} {(time.perf_counter() - started) * 1000:7.1f} ms")
    await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    seeding = commands.add_parser("seed")
    seeding.add_argument("--dir", type=Path, required=True)
    seeding.add_argument("--scale", type=float, default=0.1)
    measuring = commands.add_parser("measure")
    measuring.add_argument("--url", required=True)
    measuring.add_argument("--samples", type=int, default=200)
    stopping = commands.add_parser("stop")
    stopping.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "seed":
        asyncio.run(seed(args.dir, args.scale))
    elif args.command == "measure":
        asyncio.run(measure(args.url, args.samples))
    else:
        EmbeddedPostgres(args.dir / "pg", 0).stop()


if __name__ == "__main__":
    main()
