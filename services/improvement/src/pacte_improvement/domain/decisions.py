"""The buyer's decisions on a milestone: ``milestone.validate`` and ``milestone.waive``.

A milestone without a target is never evaluated: it stays ``planned`` until the buyer validates
it (``achieved`` on the validation date; its bonus is billed in that date's period, on the next
invoice if that period is already closed) or waives it. ``achieved``, ``missed`` and ``waived``
are final: deciding a milestone that is not ``planned`` is ``invalid``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pacte_contracts.codes import MilestoneStatus
from pacte_contracts.refusals import Rejection

from .commands import ValidateMilestone, WaiveMilestone
from .model import Milestone


def _decide(m: Milestone | None, milestone_id: str, on: date, status: MilestoneStatus) -> Milestone | Rejection:
    if m is None:
        return Rejection.invalid(f"unknown milestone {milestone_id!r}")
    if m.status is not MilestoneStatus.PLANNED:
        return Rejection.invalid(f"milestone {m.milestone_id!r} is already {m.status.value}")
    return replace(m, status=status, decided_on=on)


def validate_milestone(m: Milestone | None, command: ValidateMilestone) -> Milestone | Rejection:
    """Achieved on the command's date (a milestone with a target may be validated too)."""
    return _decide(m, command.milestone_id, command.date, MilestoneStatus.ACHIEVED)


def waive_milestone(m: Milestone | None, command: WaiveMilestone) -> Milestone | Rejection:
    """Waived on the command's date: final, no bonus."""
    return _decide(m, command.milestone_id, command.date, MilestoneStatus.WAIVED)
