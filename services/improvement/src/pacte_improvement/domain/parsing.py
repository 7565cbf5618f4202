"""Structural checks of ``plan.create`` (SCENARIO.md refusals, level 1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pacte_contracts.codes import RejectionReason
from pacte_contracts.wire import Malformed, field, req_date, req_int, req_str

from .model import DiagnosisDraft, MilestoneDraft, PlanDraft, Rejection, TargetDraft


def _mapping(value: object, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise Malformed(f"{name!r} must be an object")
    return value


def _list(value: object, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise Malformed(f"{name!r} must be a list")
    return value


def _diagnosis(value: object) -> tuple[DiagnosisDraft, ...]:
    entries: list[DiagnosisDraft] = []
    for dimension, raw in _mapping(value, "diagnosis").items():
        item = _mapping(raw, f"diagnosis.{dimension}")
        score = req_int(item, "score")
        comment = req_str(item, "comment", allow_empty=True)
        entries.append(DiagnosisDraft(dimension=str(dimension), score=score, comment=comment))
    return tuple(entries)


def _target(value: object) -> TargetDraft | None:
    if value is None:
        return None
    t = _mapping(value, "target")
    return TargetDraft(
        indicator=req_str(t, "indicator"),
        scope=req_str(t, "scope"),
        comparator=req_str(t, "comparator"),
        threshold=field(t, "threshold"),
        min_sample=req_int(t, "min_sample"),
    )


def _milestone(value: object) -> MilestoneDraft:
    m = _mapping(value, "milestone")
    return MilestoneDraft(
        milestone_id=req_str(m, "milestone_id"),
        dimension=req_str(m, "dimension"),
        description=req_str(m, "description", allow_empty=True),
        due_on=req_date(m, "due_on"),
        bonus_cents=req_int(m, "bonus_cents"),
        target=_target(field(m, "target")),
    )


def _facilitators(payload: Mapping[str, Any]) -> tuple[str, ...]:
    raw = payload.get("facilitators", [])
    if raw is None:
        return ()
    items = _list(raw, "facilitators")
    if not all(isinstance(x, str) for x in items):
        raise Malformed("'facilitators' must be a list of strings")
    return tuple(items)


def parse_plan(payload: Mapping[str, Any]) -> PlanDraft | Rejection:
    """Read a ``plan.create`` payload; ``invalid`` when a field is missing or of the wrong JSON type.

    Value checks (codes, ranges, references) belong to :func:`validate_plan`, after ``forbidden``.
    """
    try:
        return PlanDraft(
            plan_id=req_str(payload, "plan_id"),
            organisation_id=req_str(payload, "organisation_id"),
            lot_id=req_str(payload, "lot_id"),
            order_id=req_str(payload, "order_id"),
            diagnosis=_diagnosis(field(payload, "diagnosis")),
            milestones=tuple(_milestone(m) for m in _list(field(payload, "milestones"), "milestones")),
            facilitators=_facilitators(payload),
        )
    except Malformed as exc:
        return Rejection(RejectionReason.INVALID, str(exc))
