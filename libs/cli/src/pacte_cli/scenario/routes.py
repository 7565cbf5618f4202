"""Where each SCENARIO.md command goes: service, method, path (from the line's fields) and sender.

The table is the player's whole knowledge of the system's entry points; a command it does not
list is refused before anything is played (a file with an unknown `cmd` is a wrong file).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any, Final, Literal
from urllib.parse import quote

Sender = Literal["back-office", "organisation"]
BACK_OFFICE: Final = "back-office"
ORGANISATION: Final = "organisation"


@dataclass(frozen=True, slots=True)
class Route:
    service: str
    path: str  # `{field}` placeholders are filled from the line, percent-encoded
    sender: Sender = BACK_OFFICE
    method: str = "POST"

    def url(self, base: str, fields: dict[str, Any]) -> str:
        names = [name for _, name, _, _ in string.Formatter().parse(self.path) if name]
        return base + self.path.format(**{name: segment(fields.get(name)) for name in names})


def segment(value: Any) -> str:
    return quote(str(value), safe="") or "_"


ROUTES: Final[dict[str, Route]] = {
    "tender.publish": Route("procurement", "/tenders"),
    "lot.define": Route("procurement", "/lots"),
    "lot.award": Route("procurement", "/lots/{lot_id}/award"),
    "lot.unsuccessful": Route("procurement", "/lots/{lot_id}/unsuccessful"),
    "order.place": Route("procurement", "/orders"),
    "session.schedule": Route("procurement", "/sessions"),
    "session.cancel": Route("procurement", "/sessions/{session_id}/cancel"),
    "reference.jobseekers": Route("procurement", "/reference/jobseekers/{territory}", method="PUT"),
    "session.open_day": Route("attendance", "/v1/sessions/{session_id}/open-days", ORGANISATION),
    "session.open_day_withdraw": Route("attendance", "/v1/sessions/{session_id}/open-day-withdrawals", ORGANISATION),
    "trainer.hours": Route("attendance", "/v1/sessions/{session_id}/trainer-hours", ORGANISATION),
    "trainee.enrol": Route("attendance", "/v1/sessions/{session_id}/enrolments", ORGANISATION),
    "trainee.enrol_cancel": Route("attendance", "/v1/sessions/{session_id}/enrolment-cancellations", ORGANISATION),
    "attendance.record": Route("attendance", "/v1/sessions/{session_id}/attendance", ORGANISATION),
    "trainee.suspend": Route("attendance", "/v1/sessions/{session_id}/suspensions", ORGANISATION),
    "trainee.resume": Route("attendance", "/v1/sessions/{session_id}/resumptions", ORGANISATION),
    "trainee.dropout": Route("attendance", "/v1/sessions/{session_id}/dropouts", ORGANISATION),
    "trainee.complete": Route("attendance", "/v1/sessions/{session_id}/completions", ORGANISATION),
    "satisfaction.record": Route("attendance", "/v1/sessions/{session_id}/satisfaction", ORGANISATION),
    "outcome.record": Route("attendance", "/back-office/sessions/{session_id}/outcomes"),
    "plan.create": Route("improvement", "/v1/plans", ORGANISATION),
    "milestone.validate": Route("improvement", "/milestones/{milestone_id}/validate"),
    "milestone.waive": Route("improvement", "/milestones/{milestone_id}/waive"),
    "period.close": Route("billing", "/periods/{period}/close"),
    "invoice.approve": Route("billing", "/orders/{order_id}/invoices/{period}/approve"),
    "invoice.pay": Route("billing", "/orders/{order_id}/invoices/{period}/pay"),
    "invoice.dispute": Route("billing", "/v1/orders/{order_id}/invoices/{period}/dispute", ORGANISATION),
    "invoice.reissue": Route("billing", "/orders/{order_id}/invoices/{period}/reissue"),
    "order.close": Route("billing", "/orders/{order_id}/close"),
}
#: Commands that send nothing: `clock.advance` is a quiet point.
QUIET_POINTS: Final = frozenset({"clock.advance"})
KNOWN: Final = frozenset(ROUTES) | QUIET_POINTS


#: At most this many records per `/v1/batch` request (the API takes 5,000; smaller keeps each
#: transaction short while other organisations declare).
BATCH_RECORDS: Final = 1000


def batchable(name: str, fields: dict[str, Any]) -> bool:
    """Whether a line may travel in one of attendance's batches with the same answer as on its own route
    (`/v1/batch` for an organisation's declarations, `/back-office/outcomes` for outcomes): one whose
    session id is a plain path segment (a line with an odd id goes alone, so that its refusal is exactly
    the route's)."""
    route = ROUTES.get(name)
    session_id = fields.get("session_id")
    return (route is not None and route.service == "attendance" and (route.sender == ORGANISATION
                                                                     or name == "outcome.record")
            and isinstance(session_id, str) and session_id != "" and segment(session_id) == session_id)


def sender_of(name: str) -> Sender:
    route = ROUTES.get(name)
    return route.sender if route is not None else BACK_OFFICE
