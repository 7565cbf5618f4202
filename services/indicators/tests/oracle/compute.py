"""Indicator computation (INDICATORS.md), pure: facts in, report values out.

The caller attributes facts to one scope (programme, axis, tender, lot, organisation, territory,
domain) and calls :func:`compute_indicators` once per scope. Nothing here does I/O.

Time (INDICATORS.md "Time"): ``as_of=None`` counts every fact known; ``as_of=D`` counts only facts
whose business date is on or before D.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

from pacte_contracts.codes import (
    AXIS_TARGETS,
    DROPOUT_REASON_LABELS_FR,
    ActionType,
    Axis,
    Certification,
    DropoutReason,
    OutcomeStatus,
    Qualification,
)

# --------------------------------------------------------------------------------------------
# Codes used on facts
# --------------------------------------------------------------------------------------------

EXIT_COMPLETED: Final = "completed"
EXIT_DROPPED_OUT: Final = "dropped_out"
EXIT_KINDS: Final = frozenset({EXIT_COMPLETED, EXIT_DROPPED_OUT})
CERTIFICATIONS: Final = frozenset(c.value for c in Certification)
OUTCOME_MONTHS: Final = frozenset({6, 12})

RATE_PLACES: Final = 4
_EMPLOYED: Final = frozenset({OutcomeStatus.EMPLOYED_DURABLE.value, OutcomeStatus.EMPLOYED_OTHER.value})
_DURABLE: Final = frozenset({OutcomeStatus.EMPLOYED_DURABLE.value})

# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------


def _round_half_up(value: Fraction, places: int) -> int:
    """``value`` scaled by 10**places, rounded half up (away from zero on ties, like ROUND_HALF_UP)."""
    scale: int = 10**places
    scaled = value * scale
    magnitude = abs(scaled)
    rounded = (magnitude.numerator * 2 + magnitude.denominator) // (magnitude.denominator * 2)
    return -rounded if scaled < 0 else rounded


def rate_value(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """``numerator / denominator`` rounded half up to 4 decimals (exact arithmetic); None when den = 0."""
    if denominator == 0:
        return None
    scaled = _round_half_up(Fraction(numerator) / Fraction(denominator), RATE_PLACES)
    return Decimal(scaled).scaleb(-RATE_PLACES)


def format_rate(numerator: int | Decimal, denominator: int | Decimal) -> str | None:
    """A rate as the report prints it: exactly 4 decimals, rounded half up; None when den = 0."""
    value = rate_value(numerator, denominator)
    return None if value is None else format_decimal_rate(value)


def format_decimal_rate(value: Decimal) -> str:
    """A Decimal printed with exactly 4 decimals, rounded half up."""
    return f"{value.quantize(Decimal(1).scaleb(-RATE_PLACES), rounding=ROUND_HALF_UP):f}"


def format_quantity(value: Decimal | int) -> str:
    """Canonical quantity: no exponent, no trailing zeros after the point, ``"0"`` for zero."""
    d = Decimal(value)
    if d == 0:
        return "0"
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def cost_per_entry(invoiced_cents: int, entries: int) -> int | None:
    """Invoiced payable / entries, rounded half up to a whole cent; None when there is no entry."""
    if entries == 0:
        return None
    return _round_half_up(Fraction(invoiced_cents, entries), 0)


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


@dataclass(frozen=True, slots=True)
class SatisfactionFact:
    session_id: str
    trainee_key: str
    recorded_on: date
    score: int


@dataclass(frozen=True, slots=True)
class SuspensionFact:
    session_id: str
    trainee_key: str
    started_on: date


@dataclass(frozen=True, slots=True)
class MoneyFacts:
    """Billed quantities and money of the scope, already summed (never date-filtered)."""

    opening_days_billed: Decimal = Decimal(0)
    trainer_hours_billed: Decimal = Decimal(0)
    trainee_hours_billed: Decimal = Decimal(0)
    invoiced_cents: int = 0
    paid_cents: int = 0
    committed_cents: int = 0
    accrued_cents: int = 0


# --------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ratio:
    """The counts behind one rate. ``value`` is what milestones compare (rounded to 4 decimals)."""

    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        return rate_value(self.numerator, self.denominator)

    @property
    def formatted(self) -> str | None:
        return format_rate(self.numerator, self.denominator)


#: Rate names in report order (``access_rate`` only in territory scopes).
RATE_NAMES: Final[tuple[str, ...]] = (
    "fill_rate",
    "dropout_rate",
    "dropout_excl_employment_rate",
    "certification_rate",
    "partial_certification_rate",
    "return_to_work_6m_rate",
    "durable_employment_6m_rate",
    "return_to_work_12m_rate",
    "satisfaction_avg",
    "satisfaction_response_rate",
    "priority_public_share",
    "below_bac_share",
    "access_rate",
)

#: What each rate's denominator counts (IMPROVEMENT.md ``min_sample``), for explanations.
DENOMINATOR_MEANING: Final[Mapping[str, str]] = {
    "fill_rate": "places_offered",
    "dropout_rate": "entries",
    "dropout_excl_employment_rate": "entries",
    "certification_rate": "exits of certifying lots",
    "partial_certification_rate": "exits of certifying lots",
    "return_to_work_6m_rate": "exits with a 6-month outcome other than unknown",
    "durable_employment_6m_rate": "exits with a 6-month outcome other than unknown",
    "return_to_work_12m_rate": "exits with a 12-month outcome other than unknown",
    "satisfaction_avg": "responses of exited trainees",
    "satisfaction_response_rate": "exits",
    "priority_public_share": "entries",
    "below_bac_share": "entries",
    "access_rate": "territory job-seeker count",
}

NUMERATOR_MEANING: Final[Mapping[str, str]] = {
    "fill_rate": "entries",
    "dropout_rate": "dropouts",
    "dropout_excl_employment_rate": "dropouts for a reason other than return_to_work",
    "certification_rate": "full certifications",
    "partial_certification_rate": "partial certifications",
    "return_to_work_6m_rate": "employed_durable or employed_other at 6 months",
    "durable_employment_6m_rate": "employed_durable at 6 months",
    "return_to_work_12m_rate": "employed_durable or employed_other at 12 months",
    "satisfaction_avg": "sum of scores",
    "satisfaction_response_rate": "responses of exited trainees",
    "priority_public_share": "entries with a priority-public flag",
    "below_bac_share": "entries below bac",
    "access_rate": "entries of registered job seekers",
}


@dataclass(frozen=True, slots=True)
class IndicatorSet:
    places_offered: int
    entries: int
    exits: int
    dropouts: int
    dropouts_by_reason: tuple[tuple[str, int], ...]
    entries_by_public: tuple[tuple[str, int], ...]
    suspensions: int
    money: MoneyFacts
    ratios: tuple[tuple[str, Ratio], ...]
    is_territory: bool = False

    @property
    def cost_per_entry_cents(self) -> int | None:
        return cost_per_entry(self.money.invoiced_cents, self.entries)

    def ratio(self, name: str) -> Ratio:
        for key, ratio in self.ratios:
            if key == name:
                return ratio
        raise KeyError(name)

    def rate(self, name: str) -> Decimal | None:
        """The rate as reported (rounded half up to 4 decimals), None when its denominator is 0."""
        return self.ratio(name).value

    def denominator(self, name: str) -> int:
        return self.ratio(name).denominator

    def numerator(self, name: str) -> int:
        return self.ratio(name).numerator

    def _formatted(self, name: str) -> str | None:
        return self.ratio(name).formatted

    def values(self) -> dict[str, object]:
        """The scope's indicators in the report's format and key order."""
        money = self.money
        out: dict[str, object] = {
            "places_offered": self.places_offered,
            "entries": self.entries,
            "fill_rate": self._formatted("fill_rate"),
            "exits": self.exits,
            "dropouts": self.dropouts,
            "dropout_rate": self._formatted("dropout_rate"),
            "dropout_excl_employment_rate": self._formatted("dropout_excl_employment_rate"),
            "dropouts_by_reason": dict(self.dropouts_by_reason),
            "certification_rate": self._formatted("certification_rate"),
            "partial_certification_rate": self._formatted("partial_certification_rate"),
            "return_to_work_6m_rate": self._formatted("return_to_work_6m_rate"),
            "durable_employment_6m_rate": self._formatted("durable_employment_6m_rate"),
            "return_to_work_12m_rate": self._formatted("return_to_work_12m_rate"),
            "satisfaction_avg": self._formatted("satisfaction_avg"),
            "satisfaction_response_rate": self._formatted("satisfaction_response_rate"),
            "priority_public_share": self._formatted("priority_public_share"),
            "entries_by_public": dict(self.entries_by_public),
            "below_bac_share": self._formatted("below_bac_share"),
            "suspensions": self.suspensions,
            "opening_days_billed": format_quantity(money.opening_days_billed),
            "trainer_hours_billed": format_quantity(money.trainer_hours_billed),
            "trainee_hours_billed": format_quantity(money.trainee_hours_billed),
            "invoiced_cents": money.invoiced_cents,
            "paid_cents": money.paid_cents,
            "committed_cents": money.committed_cents,
            "accrued_cents": money.accrued_cents,
            "cost_per_entry_cents": self.cost_per_entry_cents,
        }
        if self.is_territory:
            out["access_rate"] = self._formatted("access_rate")
        return out

    def explain(self) -> dict[str, dict[str, object]]:
        """For each rate: its numerator and denominator counts, what they count, and the rate."""
        return {
            name: {
                "numerator": ratio.numerator,
                "denominator": ratio.denominator,
                "numerator_counts": NUMERATOR_MEANING[name],
                "denominator_counts": DENOMINATOR_MEANING[name],
                "rate": ratio.formatted,
            }
            for name, ratio in self.ratios
        }


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
    """Per (session, trainee, months): the latest outcome observed on or before as_of."""
    latest: dict[tuple[str, str, int], OutcomeFact] = {}
    for outcome in outcomes:
        if outcome.months_after_exit not in OUTCOME_MONTHS or not _on_or_before(outcome.observed_on, as_of):
            continue
        key = (outcome.session_id, outcome.trainee_key, outcome.months_after_exit)
        known = latest.get(key)
        if known is None or outcome.observed_on >= known.observed_on:
            latest[key] = outcome
    return latest


def _latest_satisfactions(
    satisfactions: Iterable[SatisfactionFact], as_of: date | None
) -> dict[tuple[str, str], SatisfactionFact]:
    """Per (session, trainee): the latest score recorded on or before as_of."""
    latest: dict[tuple[str, str], SatisfactionFact] = {}
    for fact in satisfactions:
        if not _on_or_before(fact.recorded_on, as_of):
            continue
        key = (fact.session_id, fact.trainee_key)
        known = latest.get(key)
        if known is None or fact.recorded_on >= known.recorded_on:
            latest[key] = fact
    return latest


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


def dropout_reasons_fr(
    by_reason: Mapping[str, int], *, include_zero: bool = False
) -> list[dict[str, object]]:
    """Dropouts per reason with the region's French labels, in the region's table order.

    Codes outside the table (should not happen) follow, sorted, labelled with their code.
    """
    rows: list[dict[str, object]] = []
    for reason in DropoutReason:
        count = by_reason.get(reason.value, 0)
        if count or include_zero:
            rows.append({"code": reason.value, "label_fr": DROPOUT_REASON_LABELS_FR[reason], "count": count})
    known = {r.value for r in DropoutReason}
    for code in sorted(set(by_reason) - known):
        if by_reason[code] or include_zero:
            rows.append({"code": code, "label_fr": code, "count": by_reason[code]})
    return rows


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


def axis_budget(
    committed_by_axis: Mapping[str, int],
    payable_by_axis: Mapping[str, int],
    paid_by_axis: Mapping[str, int],
) -> dict[str, dict[str, object]]:
    """The report's ``budget``: every axis, its money, its share of all committed and its target.

    ``share`` is ``"0.0000"`` for an axis with nothing committed while others have some, and null
    for every axis while nothing at all is committed (a rate with a 0 denominator).
    """
    total = sum(committed_by_axis.get(axis.value, 0) for axis in Axis)
    budget: dict[str, dict[str, object]] = {}
    for axis in Axis:
        committed = committed_by_axis.get(axis.value, 0)
        budget[axis.value] = {
            "committed_cents": committed,
            "payable_cents": payable_by_axis.get(axis.value, 0),
            "paid_cents": paid_by_axis.get(axis.value, 0),
            "share": format_rate(committed, total),
            "target": AXIS_TARGETS[axis],
        }
    return budget
