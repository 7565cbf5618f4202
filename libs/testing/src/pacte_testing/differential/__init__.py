"""Differential tests: random programme histories replayed both into a service's SQL and into its
reference model (test support, like `pacte_testing`; it needs hypothesis).

A history (:func:`histories`) is what the upstream services publish for a small random programme:
orders and sessions (some rescheduled, some cancelled), trainee stays going through enrolment,
re-enrolment, suspensions, resumptions and exits, declarations re-sent with higher revisions, open days
withdrawn and enrolments cancelled (tombstone revisions, `withdrawals.py`),
outcomes and satisfaction re-recorded, milestone achievements, invoices, payments, accruals and
job-seeker counts; with ``corrections`` (rules version 2) also open days withdrawn, enrolments
cancelled and made again, invoices disputed and re-issued, orders closed. :func:`deliveries` hands
it to a consumer as Kafka may: in any order, some events again under a new event id, in batches of
any size. :class:`ScratchSchema` is where the SQL
side replays it: one migrated schema, each example in a transaction rolled back.
"""

from .histories import histories
from .pools import days
from .replay import EXAMPLES, ScratchSchema, as_consumed, consume, deliveries, differential, replayed

__all__ = ["EXAMPLES", "ScratchSchema", "as_consumed", "consume", "days", "deliveries", "differential", "histories",
           "replayed"]
