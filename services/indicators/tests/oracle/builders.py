"""Facts for the reference model's tests, with defaults for whatever a test does not look at."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pacte_contracts.codes import ActionType
from pacte_indicators.domain.indicator_set import IndicatorSet, MoneyFacts

from .compute import OutcomeFact, SatisfactionFact, SessionFact, StayFact, SuspensionFact, compute_indicators

D1, D2, D3, D4 = date(2020, 1, 1), date(2020, 2, 1), date(2020, 3, 1), date(2020, 4, 1)


def stay(
    trainee: str,
    *,
    session: str = "S-1",
    enrolled: date = D1,
    certifying: bool = True,
    action_type: ActionType = ActionType.CERTIFYING,
    qualification: str | None = "below_bac",
    registered: bool = True,
    publics: Iterable[str] = (),
    exit_kind: str | None = None,
    exited: date | None = None,
    certification: str | None = None,
    reason: str | None = None,
) -> StayFact:
    return StayFact(
        session_id=session,
        trainee_key=trainee,
        enrolled_on=enrolled,
        certifying=certifying,
        action_type=action_type,
        qualification=qualification,
        jobseeker_registered=registered,
        priority_publics=frozenset(publics),
        exit_kind=exit_kind,
        exited_on=exited,
        certification=certification,
        dropout_reason=reason,
    )


@dataclass(frozen=True, slots=True)
class Facts:
    """One scope's facts, and its indicators from them."""

    sessions: Iterable[SessionFact] = ()
    stays: Iterable[StayFact] = ()
    outcomes: Iterable[OutcomeFact] = ()
    satisfactions: Iterable[SatisfactionFact] = ()
    suspensions: Iterable[SuspensionFact] = ()

    def compute(
        self,
        money: MoneyFacts | None = None,
        *,
        as_of: date | None = None,
        is_territory: bool = False,
        jobseeker_count: int | None = None,
    ) -> IndicatorSet:
        return compute_indicators(
            self.sessions,
            self.stays,
            self.outcomes,
            self.satisfactions,
            self.suspensions,
            money or MoneyFacts(),
            as_of=as_of,
            is_territory=is_territory,
            jobseeker_count=jobseeker_count,
        )
