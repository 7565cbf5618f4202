"""``milestone.validate`` and ``milestone.waive``: the buyer's decisions on a planned milestone."""

from __future__ import annotations

from typing import Any

from pacte_contracts.codes import MilestoneStatus
from pacte_contracts.refusals import check
from pacte_improvement.adapters import decisions, milestones
from pacte_improvement.domain import ValidateMilestone, WaiveMilestone, period_of, validate_milestone, waive_milestone
from pacte_platform.commands import Caller

from . import events
from .context import Context, record
from .views import milestone_view


async def decide_milestone(ctx: Context, command: ValidateMilestone | WaiveMilestone, caller: Caller
                           ) -> dict[str, Any]:
    """Validated: achieved on the date, its bonus billed in that date's period. Waived: final, no bonus."""
    async with ctx.unit_of_work(command) as conn:
        found = await milestones.load_milestone(conn, command.milestone_id, for_update=True)
        current = None if found is None else found[0]
        if isinstance(command, ValidateMilestone):
            decided = check(validate_milestone(current, command))
        else:
            decided = check(waive_milestone(current, command))
        assert found is not None and decided.decided_on is not None
        how = "waived" if decided.status is MilestoneStatus.WAIVED else "validated"
        await decisions.record_decisions(conn, [(decided.milestone_id, decided.status.value, decided.decided_on, how,
                                                 period_of(decided.decided_on), caller.subject)])
        after = await milestones.load_milestone(conn, command.milestone_id)
        assert after is not None
        view = milestone_view(after[1])
        await record(conn, caller, command, "milestone", command.milestone_id, before=milestone_view(found[1]),
                     after=view, events=[events.milestone_decided(decided)])
    return view
