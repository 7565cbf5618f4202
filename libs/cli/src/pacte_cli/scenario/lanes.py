"""Which scenario commands may be played at the same time, and a scheduler that keeps the others in order.

A command's answer is decided from the commands before it that touch what it reads. Two commands in
no common *lane* read and write disjoint things, so sending them in either order, or at once, gives
both the same answers; a command of no lane (a *barrier*) waits for every command before it, and every
command after it waits for it. The lanes, from what each service's rules read:

- attendance's organisation declarations: the session's holder's rows only (its sessions, stays,
  trainee ids, trainers' days: `pacte_attendance.domain.reads`), under the credentials' organisation
  (a foreign organisation's line is refused on the session's holder alone, which no declaration
  changes); one lane per organisation;
- `outcome.record`: the one stay it concerns; outcomes travel in one batch, so they share a lane;
- `invoice.approve` / `invoice.pay`: the latest version of one order's invoice;
- `plan.create`: its plan id, its organisation's plan for the lot, and its milestone ids (ids are
  programme-wide);
- `milestone.validate` / `milestone.waive`: the milestone;
- procurement's commands: the tender, lot, order, session, organisations or territory they read and
  write (`procurement_lanes`).

Barriers: closings, `clock.advance`, and the commands that read billing's whole ledger as it is at
that moment (`invoice.dispute`, `invoice.reissue`, `order.close`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Final

from pacte_cli.scenario.procurement_lanes import ProcurementLanes
from pacte_cli.scenario.routes import ORGANISATION, ROUTES

Lane = tuple[Hashable, ...]
#: Requests in flight at once: enough to overlap the services' work on two cores, not a flood.
IN_FLIGHT: Final = 6

_ONE_ORDER: Final = frozenset({"invoice.approve", "invoice.pay"})
_MILESTONE_DECISIONS: Final = frozenset({"milestone.validate", "milestone.waive"})


def lanes_of(name: str, fields: dict[str, Any], organisation: str | None,
             procurement: ProcurementLanes | None = None) -> frozenset[Lane] | None:
    """The lanes of a line sent with `organisation`'s credentials (None for back-office ones); None
    for a barrier. Procurement's lines have lanes when `procurement` (what the lines before named) is
    given, and are barriers otherwise."""
    route = ROUTES.get(name)
    if route is None:
        return None
    if route.service == "procurement":
        return None if procurement is None else procurement.lanes(name, fields)
    if name == "plan.create":
        return _plan_lanes(fields)
    if name in _MILESTONE_DECISIONS:
        milestone = fields.get("milestone_id")
        return frozenset({("milestone", milestone)}) if isinstance(milestone, str) else None
    if route.service == "attendance" and route.sender == ORGANISATION:
        return frozenset({("declarations", organisation)})
    if name == "outcome.record":
        return frozenset({("outcomes",)})  # one batch between two quiet points
    if name in _ONE_ORDER:
        return frozenset({("order", _key(fields.get("order_id")))})
    return None


def _plan_lanes(fields: dict[str, Any]) -> frozenset[Lane] | None:
    """A plan's creation reads whether its id exists, whether its organisation has a plan for the lot,
    and whether its milestone ids exist (unique across every plan); a line of another shape is a barrier."""
    plan, organisation, lot = fields.get("plan_id"), fields.get("organisation_id"), fields.get("lot_id")
    milestones = fields.get("milestones")
    if not (isinstance(plan, str) and isinstance(organisation, str) and isinstance(lot, str)
            and isinstance(milestones, list) and all(isinstance(m, dict) for m in milestones)):
        return None
    ids = [milestone.get("milestone_id") for milestone in milestones]
    if not all(isinstance(milestone_id, str) for milestone_id in ids):
        return None
    return frozenset({("plan", plan), ("plan of", organisation, lot), *(("milestone", m) for m in ids)})


def _key(value: Any) -> str:
    """A field as a lane key: its JSON type counts (`1` and `"1"` are refused differently)."""
    return f"{type(value).__name__}:{value}"


class Lanes:
    """Starts each piece of work once the earlier work of its lanes is done, at most `limit` at once."""

    def __init__(self, limit: int = IN_FLIGHT) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._tails: dict[Lane, asyncio.Task[None]] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def busy(self) -> bool:
        """Whether work was started since the last drain."""
        return bool(self._tasks)

    @property
    def started(self) -> int:
        return len(self._tasks)

    def start(self, lanes: frozenset[Lane], work: Callable[[], Awaitable[None]]) -> None:
        before = {self._tails[lane] for lane in lanes if lane in self._tails}
        task = asyncio.ensure_future(self._run(before, work))
        self._tasks.append(task)
        for lane in lanes:
            self._tails[lane] = task

    async def _run(self, before: set[asyncio.Task[None]], work: Callable[[], Awaitable[None]]) -> None:
        if before:
            await asyncio.gather(*before)  # an earlier failure fails this one too
        async with self._slots:
            await work()

    async def drain(self) -> None:
        """Until everything started is done (a barrier); the first failure is raised, the rest cancelled."""
        tasks, self._tasks, self._tails = self._tasks, [], {}
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
