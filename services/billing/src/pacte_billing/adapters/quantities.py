"""The set-based reads that feed the invoicing rules: what is billable now, what was billed.

Quantities are aggregated in PostgreSQL per (order, kind, origin period) for all the orders asked at
once; the pure domain then turns each order's handful of groups into lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

import asyncpg

from pacte_billing.domain.drafting import Billed
from pacte_billing.domain.invoicing import CurrentQuantity, IssuedLine
from pacte_contracts.codes import LineKind

from .orders import OrderTerms

# BILLING.md's "What each billing unit pays" and "Bonuses", over the current version of each business
# key, in one statement for all the orders asked: each branch is one kind of line. The reference model
# in tests/oracle/quantities.py states the same rules in Python; a differential test keeps them equal.
_CURRENT_QUANTITIES = """
SELECT s.order_id, h.kind, h.origin_period, NULL::text AS ref, sum(h.quantity) AS quantity,
       o.unit_price_cents AS price
FROM hour_totals h JOIN sessions s USING (session_id) JOIN orders o ON o.order_id = s.order_id
WHERE s.order_id IN (SELECT unnest($1::text[])) AND h.kind = o.billing_unit
GROUP BY s.order_id, h.kind, h.origin_period, o.unit_price_cents
UNION ALL
-- A day declared open (and not withdrawn since) is billable when someone is active on it (BILLING.md
-- "Who is active"), recomputed from the current stays, so a late enrolment turns an earlier day
-- billable and a cancelled one (a stay that never existed) turns it back.
SELECT s.order_id, 'opening_day', to_char(d.day, 'YYYY-MM'), NULL, count(*), o.unit_price_cents
FROM open_days d JOIN sessions s USING (session_id) JOIN orders o ON o.order_id = s.order_id
WHERE s.order_id IN (SELECT unnest($1::text[])) AND o.billing_unit = 'opening_day' AND d.open
  AND EXISTS (SELECT 1 FROM stays st WHERE st.session_id = d.session_id AND st.status <> 'cancelled'
              AND st.enrolled_on <= d.day AND (st.exited_on IS NULL OR st.exited_on >= d.day))
GROUP BY s.order_id, to_char(d.day, 'YYYY-MM'), o.unit_price_cents
UNION ALL
-- Once per (trainee, session): the outcome table holds one current row per key. A bonus of 0 is no line.
SELECT s.order_id, 'return_to_work', to_char(oc.observed_on, 'YYYY-MM'), NULL, count(*),
       o.return_to_work_bonus_cents
FROM outcomes oc JOIN stays st USING (session_id, trainee_key) JOIN sessions s USING (session_id)
JOIN orders o ON o.order_id = s.order_id
WHERE s.order_id IN (SELECT unnest($1::text[])) AND oc.months_after_exit = 6
  AND oc.status = 'employed_durable' AND st.status = 'completed' AND o.return_to_work_bonus_cents <> 0
GROUP BY s.order_id, to_char(oc.observed_on, 'YYYY-MM'), o.return_to_work_bonus_cents
UNION ALL
-- Once per (Essentials order, person): dated on the person's first entry into a certifying or
-- professionalising session 0 to 90 days after completing one of the order's sessions
-- (docs/continuity-bonus.md). Current stays only, so a cancelled next step withdraws it.
SELECT order_id, 'continuity', to_char(earned_on, 'YYYY-MM'), NULL, count(*), continuity_bonus_cents
FROM (
    SELECT s.order_id, o.continuity_bonus_cents, f.person_key, min(nxt.enrolled_on) AS earned_on
    FROM stays f JOIN sessions s USING (session_id) JOIN orders o ON o.order_id = s.order_id
    JOIN stays nxt ON nxt.person_key = f.person_key AND nxt.status <> 'cancelled'
    JOIN sessions nxt_session ON nxt_session.session_id = nxt.session_id
    JOIN orders nxt_order ON nxt_order.order_id = nxt_session.order_id
    WHERE s.order_id IN (SELECT unnest($1::text[])) AND o.action_type = 'preparatory'
      AND o.continuity_bonus_cents <> 0 AND f.status = 'completed' AND f.person_key IS NOT NULL
      AND nxt_order.action_type IN ('certifying', 'professionalising')
      AND nxt.enrolled_on BETWEEN f.exited_on AND f.exited_on + 90
    GROUP BY s.order_id, o.continuity_bonus_cents, f.person_key) AS earned
GROUP BY order_id, to_char(earned_on, 'YYYY-MM'), continuity_bonus_cents
UNION ALL
-- One line per achieved milestone, in the period of its achievement; a bonus of 0 produces none.
SELECT order_id, 'milestone', to_char(achieved_on, 'YYYY-MM'), milestone_id, 1, bonus_cents
FROM milestone_bonuses
WHERE order_id IN (SELECT unnest($1::text[])) AND bonus_cents <> 0
"""


async def current_quantities(conn: asyncpg.Connection,
                             terms: dict[str, OrderTerms]) -> dict[str, list[CurrentQuantity]]:
    """Cumulative quantities known now per order, every period, in the order's own unit and prices."""
    out: dict[str, list[CurrentQuantity]] = defaultdict(list)
    if terms:
        for r in await conn.fetch(_CURRENT_QUANTITIES, list(terms)):
            out[r["order_id"]].append(CurrentQuantity(LineKind(r["kind"]), r["origin_period"], r["ref"],
                                                      Decimal(r["quantity"]), int(r["price"])))
    return out


async def billed_so_far(conn: asyncpg.Connection, order_ids: Iterable[str]) -> dict[str, Billed]:
    """What each order's counting invoices billed (every version but a disputed one)."""
    ids = list(order_ids)
    lines: dict[str, list[IssuedLine]] = defaultdict(list)
    for r in await conn.fetch(
        """SELECT i.order_id, l.kind, l.origin_period, l.ref, l.quantity, l.unit_price_cents, l.amount_cents
           FROM invoice_lines l JOIN invoices i USING (invoice_id)
           WHERE i.order_id IN (SELECT unnest($1::text[])) AND i.status <> 'disputed'""",
        ids,
    ):
        lines[r["order_id"]].append(IssuedLine(LineKind(r["kind"]), r["origin_period"], r["ref"], r["quantity"],
                                               r["unit_price_cents"], r["amount_cents"]))
    totals = {
        r["order_id"]: (int(r["total"]), int(r["payable"]))
        for r in await conn.fetch(
            """SELECT order_id, sum(total_cents) AS total, sum(payable_cents) AS payable FROM invoices
               WHERE order_id IN (SELECT unnest($1::text[])) AND status <> 'disputed' GROUP BY order_id""",
            ids,
        )
    }
    return {order_id: Billed(lines.get(order_id, []), *totals.get(order_id, (0, 0))) for order_id in ids}
