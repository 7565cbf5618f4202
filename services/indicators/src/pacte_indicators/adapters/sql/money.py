"""Money and billed quantities per scope and per axis. Never date-filtered (INDICATORS.md): invoices,
closings and accruals are what billing says now.

Only **counting** invoices count (BILLING.md): every version but a disputed one. A version replaced
by a later version of its (order, period) was disputed (billing issues version n+1 only to replace a
disputed n), so it stops counting as soon as either the dispute or the replacement has arrived.
A closed order commits the amount billing lowered it to.
"""

from __future__ import annotations

from typing import Final

from .scopes import ScopeFilter, scoped

COUNTING_INVOICES: Final = """(
    SELECT i.* FROM invoices i
    WHERE NOT EXISTS (SELECT 1 FROM invoice_disputes d WHERE d.invoice_id = i.invoice_id AND d.version = i.version)
      AND NOT EXISTS (SELECT 1 FROM invoices later
                      WHERE later.order_id = i.order_id AND later.period = i.period AND later.version > i.version))"""


def _order_money(orders: str) -> str:
    """Each order's money; ``orders`` restricts the orders (and so their invoices and payments) first."""
    return f"""
WITH invoiced AS (
    SELECT order_id, sum(payable_cents) AS payable_cents, sum(opening_days_billed) AS opening_days,
           sum(trainer_hours_billed) AS trainer_hours, sum(trainee_hours_billed) AS trainee_hours
    FROM {COUNTING_INVOICES} AS counting WHERE {orders} GROUP BY order_id
), paid AS (
    SELECT order_id, sum(paid_cents) AS paid_cents FROM invoice_payments WHERE {orders} GROUP BY order_id
), order_money AS (
    SELECT o.*, coalesce(closing.amount_cents, o.amount_cents) AS committed_cents,
           coalesce(i.payable_cents, 0) AS invoiced_cents, coalesce(p.paid_cents, 0) AS paid_cents,
           coalesce(a.accrued_cents, 0) AS accrued_cents, coalesce(i.opening_days, 0) AS opening_days,
           coalesce(i.trainer_hours, 0) AS trainer_hours, coalesce(i.trainee_hours, 0) AS trainee_hours
    FROM orders o
    LEFT JOIN order_closings closing USING (order_id)
    LEFT JOIN invoiced i USING (order_id)
    LEFT JOIN paid p USING (order_id)
    LEFT JOIN accruals a USING (order_id)
    WHERE {orders}
)"""


def _money(scope: ScopeFilter) -> str:
    return f"""{_order_money(scope.members("order_id"))}
SELECT sc.scope, sum(m.committed_cents) AS committed_cents, sum(m.invoiced_cents) AS invoiced_cents,
       sum(m.paid_cents) AS paid_cents, sum(m.accrued_cents) AS accrued_cents,
       sum(m.opening_days) AS opening_days, sum(m.trainer_hours) AS trainer_hours,
       sum(m.trainee_hours) AS trainee_hours
FROM order_money m
JOIN order_scopes sc USING (order_id)
WHERE {scope.rows}
GROUP BY sc.scope
"""


#: Per scope ($1: one scope, NULL for all; $2: that scope's orders).
MONEY: Final = scoped(_money, param="$1", members_param="$2")

#: Per axis: the budget's committed, payable and paid.
BUDGET: Final = f"""{_order_money("TRUE")}
SELECT axis, sum(committed_cents) AS committed_cents, sum(invoiced_cents) AS payable_cents,
       sum(paid_cents) AS paid_cents
FROM order_money
GROUP BY axis
"""
