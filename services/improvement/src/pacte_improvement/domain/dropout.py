"""Yearly dropout profile and dropout action plan (IMPROVEMENT.md, "Dropout action plan")."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pacte_contracts.codes import DROPOUT_REASON_LABELS_FR, DropoutReason, RejectionReason
from pacte_contracts.rules import rate, rate_string
from pacte_contracts.wire import Malformed, req_date, req_str

from .model import Rejection


@dataclass(frozen=True, slots=True)
class ReasonLine:
    reason: DropoutReason
    label_fr: str
    count: int
    share: Decimal | None  # of the plan's dropouts
    programme_count: int
    programme_share: Decimal | None  # of the programme's dropouts


@dataclass(frozen=True, slots=True)
class DropoutProfile:
    year: int
    entries: int
    dropouts: int
    rate: Decimal | None
    programme_entries: int
    programme_dropouts: int
    programme_rate: Decimal | None
    rate_gap: Decimal | None  # rate - programme_rate (positive: worse than the programme)
    reasons: tuple[ReasonLine, ...]  # every reason, in the region's table order

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "entries": self.entries,
            "dropouts": self.dropouts,
            "dropout_rate": rate_string(self.rate),
            "programme": {
                "entries": self.programme_entries,
                "dropouts": self.programme_dropouts,
                "dropout_rate": rate_string(self.programme_rate),
            },
            "rate_gap": rate_string(self.rate_gap),
            "reasons": [
                {
                    "reason": r.reason.value,
                    "label": r.label_fr,
                    "count": r.count,
                    "share": rate_string(r.share),
                    "programme_count": r.programme_count,
                    "programme_share": rate_string(r.programme_share),
                }
                for r in self.reasons
            ],
        }


def _counts(by_reason: Mapping[DropoutReason | str, int]) -> dict[DropoutReason, int]:
    counts = dict.fromkeys(DropoutReason, 0)
    for key, n in by_reason.items():
        counts[DropoutReason(key)] += n
    return counts


def dropout_profile(
    year: int,
    plan_dropouts_by_reason: Mapping[DropoutReason | str, int],
    plan_entries: int,
    programme_dropouts_by_reason: Mapping[DropoutReason | str, int],
    programme_entries: int,
) -> DropoutProfile:
    """The organisation's dropouts by reason over ``year``, its rate, and the programme's."""
    mine = _counts(plan_dropouts_by_reason)
    prog = _counts(programme_dropouts_by_reason)
    total, prog_total = sum(mine.values()), sum(prog.values())
    my_rate, prog_rate = rate(total, plan_entries), rate(prog_total, programme_entries)
    gap = None if my_rate is None or prog_rate is None else my_rate - prog_rate
    return DropoutProfile(
        year=year,
        entries=plan_entries,
        dropouts=total,
        rate=my_rate,
        programme_entries=programme_entries,
        programme_dropouts=prog_total,
        programme_rate=prog_rate,
        rate_gap=gap,
        reasons=tuple(
            ReasonLine(
                reason=r,
                label_fr=DROPOUT_REASON_LABELS_FR[r],
                count=mine[r],
                share=rate(mine[r], total),
                programme_count=prog[r],
                programme_share=rate(prog[r], prog_total),
            )
            for r in DropoutReason
        ),
    )


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


_NEXT: dict[ActionStatus, frozenset[ActionStatus]] = {
    ActionStatus.PLANNED: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED}),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.DONE, ActionStatus.DROPPED}),
    ActionStatus.DONE: frozenset(),
    ActionStatus.DROPPED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class ActionItem:
    reason_addressed: DropoutReason
    description: str
    owner_role: str
    due_on: date
    status: ActionStatus = ActionStatus.PLANNED
    plan_id: str = ""
    year: int | None = None
    action_id: str = ""


def parse_action_item(payload: Mapping[str, Any]) -> ActionItem | Rejection:
    """Read an action (``reason_addressed, description, owner_role, due_on``, optional ``status``...)."""
    try:
        reason = req_str(payload, "reason_addressed")
        description = req_str(payload, "description")
        owner_role = req_str(payload, "owner_role")
        due_on = req_date(payload, "due_on")
        status = payload.get("status", ActionStatus.PLANNED.value)
        year = payload.get("year")
        plan_id = payload.get("plan_id", "")
        action_id = payload.get("action_id", "")
        if not isinstance(status, str) or not isinstance(plan_id, str) or not isinstance(action_id, str):
            raise Malformed("status, plan_id and action_id must be strings")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise Malformed("year must be an integer")
    except Malformed as exc:
        return Rejection(RejectionReason.INVALID, str(exc))
    if reason not in {r.value for r in DropoutReason}:
        return Rejection(RejectionReason.INVALID, f"unknown dropout reason {reason!r}")
    if status not in {s.value for s in ActionStatus}:
        return Rejection(RejectionReason.INVALID, f"unknown action status {status!r}")
    return ActionItem(
        reason_addressed=DropoutReason(reason),
        description=description,
        owner_role=owner_role,
        due_on=due_on,
        status=ActionStatus(status),
        plan_id=plan_id,
        year=year,
        action_id=action_id,
    )


def change_action_status(item: ActionItem, status: ActionStatus) -> ActionItem | Rejection:
    """planned -> in_progress -> done, or dropped before done; done and dropped are final."""
    if status == item.status:
        return item
    if status not in _NEXT[item.status]:
        return Rejection(RejectionReason.INVALID, f"action cannot go from {item.status} to {status}")
    return replace(item, status=status)


EXPORT_COLUMNS: tuple[str, ...] = (
    "plan_id",
    "year",
    "action_id",
    "reason_addressed",
    "reason_label",
    "description",
    "owner_role",
    "due_on",
    "status",
)


def _row(item: ActionItem) -> dict[str, Any]:
    return {
        "plan_id": item.plan_id,
        "year": item.year,
        "action_id": item.action_id,
        "reason_addressed": item.reason_addressed.value,
        "reason_label": DROPOUT_REASON_LABELS_FR[item.reason_addressed],
        "description": item.description,
        "owner_role": item.owner_role,
        "due_on": item.due_on.isoformat(),
        "status": item.status.value,
    }


def _sorted(rows: Iterable[ActionItem]) -> list[ActionItem]:
    order = {r: i for i, r in enumerate(DropoutReason)}
    return sorted(
        rows,
        key=lambda a: (
            a.plan_id,
            a.year or 0,
            order[a.reason_addressed],
            a.due_on,
            a.action_id,
            a.description,
        ),
    )


def export_csv(rows: Iterable[ActionItem]) -> str:
    """The steering committee's table: one line per action, header first, ``\\n`` line endings."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for item in _sorted(rows):
        row = _row(item)
        row["year"] = "" if item.year is None else str(item.year)
        writer.writerow(row)
    return buf.getvalue()


def export_json(rows: Iterable[ActionItem]) -> str:
    """The same table as a JSON list of objects (UTF-8 text, French labels unescaped)."""
    return json.dumps([_row(item) for item in _sorted(rows)], ensure_ascii=False, indent=2)


def action_item_malformed(payload: Mapping[str, Any]) -> Rejection | None:
    """Level-1 checks of an action (missing field, wrong JSON type), before ownership and codes."""
    rejection = parse_action_item(
        {**payload, "reason_addressed": DropoutReason.OTHER.value, "status": ActionStatus.PLANNED.value}
    )
    if isinstance(rejection, Rejection):
        return rejection
    for name in ("reason_addressed", "status"):
        if name in payload and not isinstance(payload[name], str):
            return Rejection(RejectionReason.INVALID, f"{name!r} must be a string")
    if "reason_addressed" not in payload:
        return Rejection(RejectionReason.INVALID, "missing field 'reason_addressed'")
    return None
