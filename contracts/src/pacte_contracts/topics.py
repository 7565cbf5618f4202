"""Topic names: `<service>.<aggregate>.v<N>`; dead letters go to `<topic>.dlq`."""

from __future__ import annotations

PROCUREMENT_TENDER = "procurement.tender.v1"
PROCUREMENT_LOT = "procurement.lot.v1"
PROCUREMENT_ORDER = "procurement.order.v1"
PROCUREMENT_SESSION = "procurement.session.v1"
PROCUREMENT_ORGANISATION = "procurement.organisation.v1"
PROCUREMENT_REFERENCE = "procurement.reference.v1"
ATTENDANCE_SESSION = "attendance.session.v1"
ATTENDANCE_CREDENTIAL = "attendance.credential.v1"
ATTENDANCE_WARNING = "attendance.warning.v1"
BILLING_PERIOD = "billing.period.v1"
BILLING_INVOICE = "billing.invoice.v1"
BILLING_ACCRUAL = "billing.accrual.v1"
INDICATORS_SNAPSHOT = "indicators.snapshot.v1"
INDICATORS_PUBLIC = "indicators.public.v1"
IMPROVEMENT_PLAN = "improvement.plan.v1"
IMPROVEMENT_EVALUATION = "improvement.evaluation.v1"

ALL_TOPICS: tuple[str, ...] = (
    PROCUREMENT_TENDER, PROCUREMENT_LOT, PROCUREMENT_ORDER, PROCUREMENT_SESSION,
    PROCUREMENT_ORGANISATION, PROCUREMENT_REFERENCE, ATTENDANCE_SESSION, ATTENDANCE_CREDENTIAL,
    ATTENDANCE_WARNING,
    BILLING_PERIOD, BILLING_INVOICE, BILLING_ACCRUAL, INDICATORS_SNAPSHOT, IMPROVEMENT_PLAN,
    IMPROVEMENT_EVALUATION, INDICATORS_PUBLIC,
)


#: Topics whose producers write a marker on every partition when a closing is requested (a
#: consistent cut, docs/architecture.md): a consumer that takes part in closings waits for the
#: markers of its topics among these.
CUT_TOPICS: frozenset[str] = frozenset({
    PROCUREMENT_TENDER, PROCUREMENT_LOT, PROCUREMENT_ORDER, PROCUREMENT_SESSION, PROCUREMENT_ORGANISATION,
    PROCUREMENT_REFERENCE, ATTENDANCE_SESSION, IMPROVEMENT_PLAN,
})


def dlq_topic(topic: str) -> str:
    return f"{topic}.dlq"
