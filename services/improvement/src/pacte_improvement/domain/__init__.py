"""Pure domain of service-improvement plans (IMPROVEMENT.md): no I/O."""

from pacte_contracts.refusals import Rejection

from .amendment import apply_amendment, decide_acceptance, decide_proposal, decide_rejection
from .commands import (
    COMMANDS,
    AcceptAmendment,
    ChangeDropoutActionStatus,
    CreatePlan,
    DiagnosisScore,
    MilestoneSpec,
    ProposeAmendment,
    RecordDropoutAction,
    RejectAmendment,
    TargetSpec,
    ValidateMilestone,
    WaiveMilestone,
)
from .decisions import validate_milestone, waive_milestone
from .dropout_actions import (
    ActionItem,
    ActionStatus,
    change_action_status,
    decide_action_status,
    decide_record_action,
)
from .dropout_profile import DropoutProfile, ReasonLine, dropout_profile
from .evaluation import MilestoneDecision, Snapshot, closing_decisions, evaluate_milestone
from .model import DiagnosisEntry, Milestone, Plan, Proposal, Target
from .periods import last_day, period_of
from .plan import decide_create_plan, owned
from .progress import MilestoneProgress, progress
from .steering_export import export_csv, export_json

__all__ = [
    "COMMANDS",
    "AcceptAmendment",
    "ActionItem",
    "ActionStatus",
    "ChangeDropoutActionStatus",
    "CreatePlan",
    "DiagnosisEntry",
    "DiagnosisScore",
    "DropoutProfile",
    "Milestone",
    "MilestoneDecision",
    "MilestoneProgress",
    "MilestoneSpec",
    "Plan",
    "Proposal",
    "ProposeAmendment",
    "ReasonLine",
    "RecordDropoutAction",
    "RejectAmendment",
    "Rejection",
    "Snapshot",
    "Target",
    "TargetSpec",
    "ValidateMilestone",
    "WaiveMilestone",
    "apply_amendment",
    "change_action_status",
    "closing_decisions",
    "decide_acceptance",
    "decide_action_status",
    "decide_create_plan",
    "decide_proposal",
    "decide_record_action",
    "decide_rejection",
    "dropout_profile",
    "evaluate_milestone",
    "export_csv",
    "export_json",
    "last_day",
    "owned",
    "period_of",
    "progress",
    "validate_milestone",
    "waive_milestone",
]
