"""``reference.jobseekers``: the number of job seekers of a territory (back-office reference)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pacte_contracts.codes import RejectionReason, Territory
from pacte_contracts.wire import Malformed, req_int, req_str

from .model import JobseekerReference, Rejection


def parse_jobseekers(payload: Mapping[str, Any]) -> JobseekerReference | Rejection:
    """Structural checks, then a known territory code and ``count >= 0`` (all ``invalid``)."""
    try:
        territory = req_str(payload, "territory")
        count = req_int(payload, "count")
    except Malformed as exc:
        return Rejection(RejectionReason.INVALID, str(exc))
    if territory not in {t.value for t in Territory}:
        return Rejection(RejectionReason.INVALID, f"unknown territory {territory!r}")
    if count < 0:
        return Rejection(RejectionReason.INVALID, "count must not be negative")
    return JobseekerReference(Territory(territory), count)
