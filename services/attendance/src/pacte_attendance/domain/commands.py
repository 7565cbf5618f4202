"""The attendance commands: one strict model each (SCENARIO.md's fields), written once.

Each model is the route's body, what `/v1/batch` and the attendance sheet validate per record,
the OpenAPI schema and the decider's input. A fault here is SCENARIO.md's first refusal; codes
(absence, reason, certification, status, profile values) stay strings, so an unknown code is
refused at stage 3, after `unknown_session`, `forbidden`, `session_cancelled`...
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

from pacte_contracts.codes import PriorityPublic
from pacte_contracts.limits import ID_PATTERN, MAX_ID_LENGTH
from pacte_contracts.refusals import Rejection, parse
from pacte_contracts.types import Code, Command, Count, Hours, Id, IsoDate, NonEmptyText, Text

#: The organisation's own document number of a skills attestation ("attestation de compétences").
AttestationRef = Annotated[Text, StringConstraints(max_length=200)]
#: The job seeker's identifier at the public employment service (identifiant France Travail), compared
#: without surrounding blanks and case: "1234567a " and "1234567A" are the same person.
#: Compared without surrounding blanks and case, then held to the ids' alphabet.
PersonRef = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, to_upper=True, min_length=1,
                                                       max_length=MAX_ID_LENGTH, pattern=f"^{ID_PATTERN}$")]


class SessionCommand(Command):
    session_id: Id = Field(description="The session; a body may repeat the path's id, not contradict it")


class TraineeCommand(SessionCommand):
    trainee_id: Id = Field(description="The organisation's own trainee id (identifiant stagiaire), replaced by "
                                       "a keyed pseudonym before anything is stored or published")


class ProfileFields(BaseModel):
    """DOMAIN.md's coarse profile; anything else sent is dropped, never kept."""

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")
    age_band: Code = Field(description="`<26`, `26-44` or `45+`")
    qualification: Code = Field(description="`below_bac` (infra IV), `bac` or `above_bac`")
    jobseeker_registered: bool = Field(description="Inscrit à France Travail (a Mission Locale's young are not)")
    qpv: bool = Field(False, description="Quartier prioritaire de la ville")
    zrr: bool = Field(False, description="Zone de revitalisation rurale")
    disability: bool = Field(False, description="RQTH")
    minimum_income: bool = Field(False, description="RSA or other minima sociaux")
    single_parent: bool = False
    justice: bool = Field(False, description="Placé sous main de justice")
    migrant: bool = False
    neet: bool = Field(False, description="Young, not in employment, education or training")
    invisible: bool = Field(False, description="Followed by no public service")
    person_ref: PersonRef | None = Field(
        None, description="The job seeker's identifier at France Travail (identifiant France Travail), to follow "
                          "a pathway across organisations. Replaced at once by a region-wide keyed pseudonym: "
                          "never stored, published or echoed back (docs/privacy.md). A corrected enrolment "
                          "replaces it like the rest of the profile.")

    def priority_publics(self) -> frozenset[PriorityPublic]:
        return frozenset(flag for flag in PriorityPublic if getattr(self, flag.value))


class DeclareOpenDay(SessionCommand):
    """Journée d'ouverture: the session was open on a planned day."""

    NAME = "session.open_day"
    date: IsoDate


class WithdrawOpenDay(SessionCommand):
    """An open day declared by mistake is withdrawn (hours recorded that day stay)."""

    NAME = "session.open_day_withdraw"
    date: IsoDate


class DeclareTrainerHours(SessionCommand):
    NAME = "trainer.hours"
    trainer_id: Id = Field(description="The organisation's own code for the trainer (formateur)")
    date: IsoDate
    hours: Hours


class Enrol(TraineeCommand):
    """Entrée en formation, or the correction of an enrolment's date and profile."""

    NAME = "trainee.enrol"
    date: IsoDate
    profile: ProfileFields


class CancelEnrolment(TraineeCommand):
    """An enrolment made by mistake (no hours attended, no exit) is cancelled: it never existed."""

    NAME = "trainee.enrol_cancel"


class RecordAttendance(TraineeCommand):
    """Émargement: hours present on a day, with an absence justified or not."""

    NAME = "attendance.record"
    date: IsoDate
    hours_present: Hours
    absence: Code | None = Field(description="`justified`, `unjustified`, or null (the field must be sent)")


class Suspend(TraineeCommand):
    """Interruption sécurisée: the path pauses (e.g. a short job)."""

    NAME = "trainee.suspend"
    date: IsoDate
    reason: NonEmptyText = Field(description="Free text, kept in attendance only (never published)")
    skills_attestation_ref: AttestationRef | None = None


class Resume(TraineeCommand):
    NAME = "trainee.resume"
    date: IsoDate
    skills_attestation_ref: AttestationRef | None = None


class Dropout(TraineeCommand):
    """Abandon, with the region's reason code (`GET /v1/reference/dropout-reasons`)."""

    NAME = "trainee.dropout"
    date: IsoDate
    reason: Code


class Complete(TraineeCommand):
    NAME = "trainee.complete"
    date: IsoDate
    certification: Code = Field(description="`none`, `partial` (blocs de compétences) or `full`")


class RecordSatisfaction(TraineeCommand):
    """The trainee's satisfaction score (Anotéa), 1 to 5."""

    NAME = "satisfaction.record"
    date: IsoDate
    score: Count


class RecordOutcome(TraineeCommand):
    """Back office: the trainee's situation 6 or 12 months after leaving (retour à l'emploi)."""

    NAME = "outcome.record"
    months_after_exit: Count = Field(description="6 or 12")
    observed_on: IsoDate
    status: Code = Field(description="`employed_durable`, `employed_other`, `training`, `jobseeker` or `unknown`")


class ForgetTrainee(Command):
    """Back office: erase the link between an organisation's trainee id and its pseudonym."""

    NAME = "trainee.forget"
    organisation_id: Id
    trainee_id: Id


class ForgetPerson(Command):
    """Back office: erase the link between a job seeker's `person_ref` and the regional pseudonym."""

    NAME = "person.forget"
    person_ref: PersonRef


DayCommand = DeclareOpenDay | WithdrawOpenDay | DeclareTrainerHours
TraineeCommands = (Enrol | CancelEnrolment | RecordAttendance | Suspend | Resume | Dropout | Complete
                   | RecordSatisfaction | RecordOutcome)
Declaration = DayCommand | TraineeCommands

#: Every declaration by its scenario name (`cmd`).
COMMANDS: Mapping[str, type[Declaration]] = {model.NAME: model for model in (
    DeclareOpenDay, WithdrawOpenDay, DeclareTrainerHours, Enrol, CancelEnrolment, RecordAttendance, Suspend,
    Resume, Dropout, Complete, RecordSatisfaction, RecordOutcome)}
ORGANISATION_COMMANDS = frozenset(COMMANDS) - {RecordOutcome.NAME}
D = TypeVar("D", bound=Declaration)


@dataclass(frozen=True, slots=True)
class Malformed:
    """A record refused at stage 1: the command it claimed to be (`unknown` if none) and why."""

    name: str
    rejection: Rejection
    #: The session it named, when it named one as a string (for the refusal log).
    session_id: str | None = None


def parse_record(record: object, allowed: Collection[str]) -> Declaration | Malformed:
    """One record of a batch (`{"cmd": NAME, ...fields}`) as its command, or why it is malformed."""
    name = record.get("cmd") if isinstance(record, Mapping) else None
    if not isinstance(name, str) or name not in allowed:
        return Malformed("unknown", Rejection.invalid(
            f"cmd must be one of {', '.join(sorted(allowed))}" if isinstance(record, Mapping)
            else "the record must be a JSON object"))
    parsed = parse(COMMANDS[name], record)
    session_id = record.get("session_id") if isinstance(record, Mapping) else None
    return Malformed(name, parsed, session_id if isinstance(session_id, str) else None) \
        if isinstance(parsed, Rejection) else parsed


def parse_command(model: type[D], payload: Mapping[str, Any]) -> D | Malformed:
    parsed = parse(model, payload)
    session_id = payload.get("session_id") if isinstance(payload, Mapping) else None
    return Malformed(model.NAME, parsed, session_id if isinstance(session_id, str) else None) \
        if isinstance(parsed, Rejection) else parsed
