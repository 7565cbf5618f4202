"""``reference.jobseekers``: the number of job seekers of a territory (back-office reference)."""

from __future__ import annotations

from pacte_contracts.codes import RejectionReason, Territory
from pacte_contracts.refusals import Rejection

from .commands import SetJobseekerCount
from .model import JobseekerReference


def decide_jobseekers(command: SetJobseekerCount) -> JobseekerReference | Rejection:
    """A known territory code and ``count >= 0`` (else ``invalid``)."""
    if command.territory not in {t.value for t in Territory}:
        return Rejection(RejectionReason.INVALID, f"unknown territory {command.territory!r}")
    if command.count < 0:
        return Rejection(RejectionReason.INVALID, "count must not be negative")
    return JobseekerReference(Territory(command.territory), command.count)
