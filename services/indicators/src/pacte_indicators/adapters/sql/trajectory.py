"""The trajectory's counts per scope and month: entries (by enrolment date), and money. $1 is one scope
(NULL for all), $2 the scope types asked (NULL for all).

Money's months (docs/decisions.md, "Steering the pact"): an invoice's payable counts in the month of
its period, paid money in the month of the paid invoice's period (payments carry no business date),
and an order's committed amount in the month its first session starts (the training it buys), or its
tender's start before it has a session; an order whose tender is not known yet is undated. Only
counting invoices count, and a closed order commits its lowered amount (`money.py`).
"""

from __future__ import annotations

from typing import Final

from .money import COUNTING_INVOICES
from .stays import LIVE_STAYS

_ASKED: Final = "($1::text IS NULL OR sc.scope = $1::text) AND ($2::text[] IS NULL OR sc.scope_type = ANY($2::text[]))"

ENTRIES: Final = f"""
SELECT sc.scope, to_char(st.enrolled_on, 'YYYY-MM') AS month, count(*) AS entries,
       count(*) FILTER (WHERE st.jobseeker_registered) AS jobseeker_entries,
       count(*) FILTER (WHERE st.qualification = 'below_bac') AS below_bac_entries
FROM {LIVE_STAYS} AS st
JOIN session_scopes sc USING (session_id)
WHERE {_ASKED}
GROUP BY 1, 2
"""

MONEY: Final = f"""
WITH scoped AS (SELECT order_id, scope FROM order_scopes sc WHERE {_ASKED}),
committed AS (
    SELECT scoped.scope, to_char(coalesce(first_session.starts_on, t.starts_on), 'YYYY-MM') AS month,
           sum(coalesce(closing.amount_cents, o.amount_cents)) AS cents
    FROM orders o
    JOIN scoped USING (order_id)
    LEFT JOIN order_closings closing USING (order_id)
    LEFT JOIN tenders t ON t.tender_id = o.tender_id
    LEFT JOIN LATERAL (
        SELECT min(s.starts_on) AS starts_on FROM sessions s
        WHERE s.order_id = o.order_id
          AND NOT EXISTS (SELECT 1 FROM session_cancellations c WHERE c.session_id = s.session_id)
    ) first_session ON true
    GROUP BY 1, 2
),
invoiced AS (
    SELECT scoped.scope, i.period AS month, sum(i.payable_cents) AS cents
    FROM {COUNTING_INVOICES} AS i JOIN scoped USING (order_id) GROUP BY 1, 2
),
paid AS (
    SELECT scoped.scope, p.period AS month, sum(p.paid_cents) AS cents
    FROM invoice_payments p JOIN scoped USING (order_id) GROUP BY 1, 2
)
SELECT scope, month, coalesce(c.cents, 0) AS committed_cents, coalesce(i.cents, 0) AS invoiced_cents,
       coalesce(p.cents, 0) AS paid_cents
FROM committed c FULL JOIN invoiced i USING (scope, month) FULL JOIN paid p USING (scope, month)
"""
