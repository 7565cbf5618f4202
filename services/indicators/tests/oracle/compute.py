"""Reference model of the indicators (INDICATORS.md), pure: one scope's facts in, its indicators out.

Production counts in SQL (`adapters/queries.py`); this model says the same rules the plain way so
that `tests/integration/test_indicators_differential.py` can hold the SQL to it. The caller
attributes facts to one scope (programme, axis, tender, lot, organisation, territory, domain) and
calls :func:`compute_indicators` once per scope (`projection.py` does that from events).

Time (INDICATORS.md "Time"): ``as_of=None`` counts every fact known; ``as_of=D`` counts only facts
whose business date is on or before D. Re-sending a key replaces its earlier value (the highest
revision is the value); "as of D" then counts that value if its own date is on or before D.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from pacte_contracts.codes import ActionType, Certification, DropoutReason, OutcomeStatus, Qualification
from pacte_indicators.domain.indicator_set import RATE_NAMES, IndicatorSet, MoneyFacts, Ratio

# --------------------------------------------------------------------------------------------
# Codes used on facts
# --------------------------------------------------------------------------------------------

EXIT_COMPLETED: Final = "completed"
EXIT_DROPPED_OUT: Final = "dropped_out"
EXIT_KINDS: Final = frozenset({EXIT_COMPLETED, EXIT_DROPPED_OUT})
CERTIFICATIONS: Final = frozenset(c.value for c in Certification)
OUTCOME_MONTHS: Final = frozenset({6, 12})

_EMPLOYED: Final = frozenset({OutcomeStatus.EMPLOYED_DURABLE.value, OutcomeStatus.EMPLOYED_OTHER.value})
_DURABLE: Final = frozenset({OutcomeStatus.EMPLOYED_DURABLE.value})

# --------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionFact:
    session_id: str
    capacity: int
    starts_on: date
    cancelled: bool


@dataclass(frozen=True, slots=True)
class StayFact:
    """One trainee's enrolment in one session, and how it ended (if it has)."""

    session_id: str
    trainee_key: str
    enrolled_on: date
    certifying: bool
    action_type: ActionType
    qualification: str | None
    jobseeker_registered: bool
    priority_publics: frozenset[str]
    exit_kind: str | None = None  # "completed" | "dropped_out" | None
    exited_on: date | None = None
    certification: str | None = None  # "none" | "partial" | "full" | None
    dropout_reason: str | None = None

    def __post_init__(self) -> None:
        if self.exit_kind is not None and self.exit_kind not in EXIT_KINDS:
            raise ValueError(f"unknown exit kind {self.exit_kind!r}")
        if self.exit_kind is not None and self.exited_on is None:
            raise ValueError("an exit needs its date")
        if self.certification is not None and self.certification not in CERTIFICATIONS:
            raise ValueError(f"unknown certification {self.certification!r}")

    @property
    def key(self) -> tuple[str, str]:
        return (self.session_id, self.trainee_key)

    def entered_by(self, as_of: date | None) -> bool:
        return as_of is None or self.enrolled_on <= as_of

    def exited_by(self, as_of: date | None) -> bool:
        if self.exit_kind is None or self.exited_on is None:
            return False
        return as_of is None or self.exited_on <= as_of


@dataclass(frozen=True, slots=True)
class OutcomeFact:
    session_id: str
    trainee_key: str
    months_after_exit: int
    observed_on: date
    status: str
    revision: int = 1


@dataclass(frozen=True, slots=True)
class SatisfactionFact:
    session_id: str
    trainee_key: str
    recorded_on: date
    score: int
    revision: int = 1


@dataclass(frozen=True, slots=True)
class SuspensionFact:
    session_id: str
    trainee_key: str
    started_on: date


# --------------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------------


def _on_or_before(day: date, as_of: date | None) -> bool:
    return as_of is None or day <= as_of


def _distinct_stays(stays: Iterable[StayFact]) -> list[StayFact]:
    """One stay per (session, trainee): the last given wins (a re-enrolment replaces)."""
    by_key: dict[tuple[str, str], StayFact] = {}
    for stay in stays:
        by_key[stay.key] = stay
    return list(by_key.values())


def _latest_outcomes(
    outcomes: Iterable[OutcomeFact], as_of: date | None
) -> dict[tuple[str, str, int], OutcomeFact]:
    """Per (session, trainee, months): the outcome of the highest revision, if observed on or before as_of.

    A re-recorded outcome replaces the earlier one whatever their dates: an earlier value never
    comes back for a date before the new one's.
    """
    latest: dict[tuple[str, str, int], OutcomeFact] = {}
    for outcome in outcomes:
        if outcome.months_after_exit not in OUTCOME_MONTHS:
            continue
        key = (outcome.session_id, outcome.trainee_key, outcome.months_after_exit)
        known = latest.get(key)
        if known is None or outcome.revision >= known.revision:
            latest[key] = outcome
    return {key: o for key, o in latest.items() if _on_or_before(o.observed_on, as_of)}


def _latest_satisfactions(
    satisfactions: Iterable[SatisfactionFact], as_of: date | None
) -> dict[tuple[str, str], SatisfactionFact]:
    """Per (session, trainee): the score of the highest revision, if recorded on or before as_of."""
    latest: dict[tuple[str, str], SatisfactionFact] = {}
    for fact in satisfactions:
        key = (fact.session_id, fact.trainee_key)
        known = latest.get(key)
        if known is None or fact.revision >= known.revision:
            latest[key] = fact
    return {key: f for key, f in latest.items() if _on_or_before(f.recorded_on, as_of)}


def _outcome_ratio(
    exited: Iterable[StayFact],
    latest: Mapping[tuple[str, str, int], OutcomeFact],
    months: int,
    counted: frozenset[str],
) -> Ratio:
    numerator = denominator = 0
    for stay in exited:
        outcome = latest.get((stay.session_id, stay.trainee_key, months))
        if outcome is None or outcome.status == OutcomeStatus.UNKNOWN.value:
            continue
        denominator += 1
        if outcome.status in counted:
            numerator += 1
    return Ratio(numerator, denominator)


def _outcome_ratios(
    exited: list[StayFact], outcomes: Iterable[OutcomeFact], as_of: date | None
) -> dict[str, Ratio]:
    latest = _latest_outcomes(outcomes, as_of)
    return {
        "return_to_work_6m_rate": _outcome_ratio(exited, latest, 6, _EMPLOYED),
        "durable_employment_6m_rate": _outcome_ratio(exited, latest, 6, _DURABLE),
        "return_to_work_12m_rate": _outcome_ratio(exited, latest, 12, _EMPLOYED),
    }


def compute_indicators(
    sessions: Iterable[SessionFact],
    stays: Iterable[StayFact],
    outcomes: Iterable[OutcomeFact],
    satisfactions: Iterable[SatisfactionFact],
    suspensions: Iterable[SuspensionFact],
    money: MoneyFacts,
    *,
    as_of: date | None,
    is_territory: bool = False,
    jobseeker_count: int | None = None,
) -> IndicatorSet:
    """Every indicator of one scope, from the facts attributed to it."""
    distinct_sessions = {s.session_id: s for s in sessions}
    places_offered = sum(
        s.capacity
        for s in distinct_sessions.values()
        if not s.cancelled and _on_or_before(s.starts_on, as_of)
    )

    all_stays = _distinct_stays(stays)
    entered = [s for s in all_stays if s.entered_by(as_of)]
    exited = [s for s in all_stays if s.exited_by(as_of)]
    dropped = [s for s in exited if s.exit_kind == EXIT_DROPPED_OUT]
    certifying_exits = [s for s in exited if s.certifying]

    by_reason = Counter(s.dropout_reason for s in dropped if s.dropout_reason is not None)
    by_public = Counter(flag for s in entered for flag in s.priority_publics)

    exited_keys = {s.key for s in exited}
    responses = [f for key, f in _latest_satisfactions(satisfactions, as_of).items() if key in exited_keys]

    registered = sum(1 for s in entered if s.jobseeker_registered)
    ratios: dict[str, Ratio] = {
        "fill_rate": Ratio(len(entered), places_offered),
        "dropout_rate": Ratio(len(dropped), len(entered)),
        "dropout_excl_employment_rate": Ratio(
            sum(1 for s in dropped if s.dropout_reason != DropoutReason.RETURN_TO_WORK.value), len(entered)
        ),
        "certification_rate": Ratio(
            sum(1 for s in certifying_exits if s.certification == Certification.FULL.value),
            len(certifying_exits),
        ),
        "partial_certification_rate": Ratio(
            sum(1 for s in certifying_exits if s.certification == Certification.PARTIAL.value),
            len(certifying_exits),
        ),
        **_outcome_ratios(exited, outcomes, as_of),
        "satisfaction_avg": Ratio(sum(f.score for f in responses), len(responses)),
        "satisfaction_response_rate": Ratio(len(responses), len(exited)),
        "priority_public_share": Ratio(sum(1 for s in entered if s.priority_publics), len(entered)),
        "below_bac_share": Ratio(
            sum(1 for s in entered if s.qualification == Qualification.BELOW_BAC.value), len(entered)
        ),
        "access_rate": Ratio(registered, jobseeker_count or 0),
    }
    names = RATE_NAMES if is_territory else tuple(n for n in RATE_NAMES if n != "access_rate")

    return IndicatorSet(
        places_offered=places_offered,
        entries=len(entered),
        exits=len(exited),
        dropouts=len(dropped),
        dropouts_by_reason=tuple(sorted((k, v) for k, v in by_reason.items() if v)),
        entries_by_public=tuple(sorted((k, v) for k, v in by_public.items() if v)),
        suspensions=sum(1 for f in suspensions if _on_or_before(f.started_on, as_of)),
        money=money,
        ratios=tuple((name, ratios[name]) for name in names),
        is_territory=is_territory,
    )


# --------------------------------------------------------------------------------------------
# Readings beside the scope indicators
# --------------------------------------------------------------------------------------------


def insertion_by_action_type(
    stays: Iterable[StayFact], outcomes: Iterable[OutcomeFact], as_of: date | None
) -> dict[ActionType, dict[str, object]]:
    """Insertion rates read by action type (every action type present, in code order)."""
    all_stays = _distinct_stays(stays)
    outcome_list = list(outcomes)
    result: dict[ActionType, dict[str, object]] = {}
    for action_type in ActionType:
        exited = [s for s in all_stays if s.action_type == action_type and s.exited_by(as_of)]
        ratios = _outcome_ratios(exited, outcome_list, as_of)
        result[action_type] = {
            "exits": len(exited),
            "outcomes_6m": ratios["return_to_work_6m_rate"].denominator,
            "return_to_work_6m_rate": ratios["return_to_work_6m_rate"].formatted,
            "durable_employment_6m_rate": ratios["durable_employment_6m_rate"].formatted,
            "outcomes_12m": ratios["return_to_work_12m_rate"].denominator,
            "return_to_work_12m_rate": ratios["return_to_work_12m_rate"].formatted,
        }
    return result
