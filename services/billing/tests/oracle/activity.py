"""Reference model: who is active on a day (BILLING.md "Who is active") and which open days are billable.

Production decides this in SQL (`adapters/invoices.py::current_quantities`); the differential test
checks that SQL against this model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pacte_contracts.rules import active_on

EXIT_COMPLETED = "completed"
EXIT_DROPPED_OUT = "dropped_out"
EXIT_KINDS = frozenset({EXIT_COMPLETED, EXIT_DROPPED_OUT})


@dataclass(frozen=True, slots=True)
class Stay:
    """One trainee's enrolment in one session.

    Suspensions are deliberately absent: a suspended trainee is still active.
    """

    session_id: str
    trainee_key: str
    enrolled_on: date
    exited_on: date | None = None
    exit_kind: str | None = None

    def __post_init__(self) -> None:
        if (self.exited_on is None) != (self.exit_kind is None):
            raise ValueError("exited_on and exit_kind go together")
        if self.exit_kind is not None and self.exit_kind not in EXIT_KINDS:
            raise ValueError(f"unknown exit kind {self.exit_kind!r}")

    @property
    def completed(self) -> bool:
        """Only a completed stay earns a return-to-work bonus, never a dropout."""
        return self.exit_kind == EXIT_COMPLETED


def is_active(stay: Stay, d: date) -> bool:
    return active_on(stay.enrolled_on, stay.exited_on, d)


def active_trainees(stays: Iterable[Stay], session_id: str, d: date) -> set[str]:
    return {s.trainee_key for s in stays if s.session_id == session_id and is_active(s, d)}


def billable_open_days(open_days: Iterable[tuple[str, date]], stays: Iterable[Stay]) -> set[tuple[str, date]]:
    """The declared (session, day) pairs with at least one active trainee that day.

    Recomputed from all facts each time, so a day declared before any enrolment becomes
    billable as soon as an enrolment dated on or before it is known.
    """
    by_session: dict[str, list[Stay]] = defaultdict(list)
    for stay in stays:
        by_session[stay.session_id].append(stay)
    return {
        (session_id, day)
        for session_id, day in open_days
        if any(is_active(stay, day) for stay in by_session.get(session_id, ()))
    }
