"""Pure domain of the attendance service: commands, their deciders, and the declarations engine.

No I/O here. A command is a strict model (`commands.py`); a `decide_*` function takes it with what
its rule reads (the session, the trainee's stay, an aggregate) and returns the accepted fact or a
`Rejection`; `Declarations` decides a request's commands in order against the `State` the service
layer loaded (`reads.py` says what) and records what changed.
"""

from pacte_attendance.domain.answers import Declared
from pacte_attendance.domain.commands import (
    COMMANDS,
    ORGANISATION_COMMANDS,
    CancelEnrolment,
    Complete,
    Declaration,
    DeclareOpenDay,
    DeclareTrainerHours,
    Dropout,
    Enrol,
    ForgetPerson,
    ForgetTrainee,
    Malformed,
    ProfileFields,
    RecordAttendance,
    RecordOutcome,
    RecordSatisfaction,
    Resume,
    Suspend,
    WithdrawOpenDay,
    parse_command,
    parse_record,
)
from pacte_attendance.domain.days import decide_open_day, decide_open_day_withdraw, decide_trainer_hours
from pacte_attendance.domain.declarations import Declarations
from pacte_attendance.domain.enrolment import decide_enrol, decide_enrol_cancel, validate_profile
from pacte_attendance.domain.facts import (
    AcceptedAttendance,
    AcceptedCancellation,
    AcceptedCompletion,
    AcceptedDropout,
    AcceptedEnrolment,
    AcceptedOpenDay,
    AcceptedOpenDayWithdrawal,
    AcceptedOutcome,
    AcceptedResumption,
    AcceptedSatisfaction,
    AcceptedSuspension,
    AcceptedTrainerHours,
    TraineeFact,
)
from pacte_attendance.domain.lifecycle import (
    decide_complete,
    decide_dropout,
    decide_resume,
    decide_suspend,
    new_state_after,
)
from pacte_attendance.domain.model import TRAINER_DAILY_CAP_HOURS, Profile, SessionView, TraineeStatus, TraineeStay
from pacte_attendance.domain.records import decide_attendance, decide_outcome, decide_satisfaction
from pacte_attendance.domain.state import State
from pacte_contracts.refusals import Rejection

__all__ = [
    "COMMANDS",
    "ORGANISATION_COMMANDS",
    "TRAINER_DAILY_CAP_HOURS",
    "AcceptedAttendance",
    "AcceptedCancellation",
    "AcceptedCompletion",
    "AcceptedDropout",
    "AcceptedEnrolment",
    "AcceptedOpenDay",
    "AcceptedOpenDayWithdrawal",
    "AcceptedOutcome",
    "AcceptedResumption",
    "AcceptedSatisfaction",
    "AcceptedSuspension",
    "AcceptedTrainerHours",
    "CancelEnrolment",
    "Complete",
    "Declaration",
    "Declarations",
    "DeclareOpenDay",
    "DeclareTrainerHours",
    "Declared",
    "Dropout",
    "Enrol",
    "ForgetPerson",
    "ForgetTrainee",
    "Malformed",
    "Profile",
    "ProfileFields",
    "RecordAttendance",
    "RecordOutcome",
    "RecordSatisfaction",
    "Rejection",
    "Resume",
    "SessionView",
    "State",
    "Suspend",
    "TraineeFact",
    "TraineeStatus",
    "TraineeStay",
    "WithdrawOpenDay",
    "decide_attendance",
    "decide_complete",
    "decide_dropout",
    "decide_enrol",
    "decide_enrol_cancel",
    "decide_open_day",
    "decide_open_day_withdraw",
    "decide_outcome",
    "decide_resume",
    "decide_satisfaction",
    "decide_suspend",
    "decide_trainer_hours",
    "new_state_after",
    "parse_command",
    "parse_record",
    "validate_profile",
]
