"""Pure domain of service-improvement plans (IMPROVEMENT.md): no I/O."""

from .amendment import AmendmentDraft, apply_amendment, parse_amendment
from .dropout import (
    ActionItem,
    ActionStatus,
    DropoutProfile,
    ReasonLine,
    change_action_status,
    dropout_profile,
    export_csv,
    export_json,
    parse_action_item,
)
from .evaluation import (
    MilestoneDecision,
    MilestoneProgress,
    Snapshot,
    apply_decisions,
    evaluate_milestone,
    evaluate_plan,
    milestone_decision,
    progress,
    validate_milestone,
    waive_milestone,
)
from .model import (
    DiagnosisDraft,
    DiagnosisEntry,
    Milestone,
    MilestoneDraft,
    Plan,
    PlanDraft,
    Rejection,
    Target,
    TargetDraft,
)
from .parsing import parse_plan
from .periods import first_day, last_day, period_of
from .validation import validate_plan

__all__ = [
    "ActionItem",
    "ActionStatus",
    "AmendmentDraft",
    "DiagnosisDraft",
    "DiagnosisEntry",
    "DropoutProfile",
    "Milestone",
    "MilestoneDecision",
    "MilestoneDraft",
    "MilestoneProgress",
    "Plan",
    "PlanDraft",
    "ReasonLine",
    "Rejection",
    "Snapshot",
    "Target",
    "TargetDraft",
    "apply_amendment",
    "apply_decisions",
    "change_action_status",
    "dropout_profile",
    "evaluate_milestone",
    "evaluate_plan",
    "export_csv",
    "export_json",
    "first_day",
    "last_day",
    "milestone_decision",
    "parse_action_item",
    "parse_amendment",
    "parse_plan",
    "period_of",
    "progress",
    "validate_milestone",
    "validate_plan",
    "waive_milestone",
]
