"""Events of the indicators service."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict

from pacte_contracts import topics
from pacte_contracts.envelope import Event, register


class IndicatorReading(BaseModel):
    model_config = ConfigDict(frozen=True)
    #: The rate as reported (4 decimals), or null when its denominator is 0.
    value: str | None
    denominator: int


@register
class IndicatorsSnapshotTaken(Event):
    """Indicators as of a period's last day, for every lot and organisation: milestone evaluation reads it."""

    TOPIC: ClassVar[str] = topics.INDICATORS_SNAPSHOT
    KEY_FIELD: ClassVar[str] = "period"
    period: str
    as_of: str
    #: scope ("lot:L-1", "organisation:OF-1") → indicator name → reading
    scopes: dict[str, dict[str, IndicatorReading]]


class PublicScopeCounts(BaseModel):
    """One public scope's totals: counts of stays, sums of scores and money, never a trainee."""

    model_config = ConfigDict(frozen=True)
    places_offered: int
    entries: int
    exits: int
    dropouts: int
    #: dropout reason code → dropouts for that reason (reasons with none left out)
    dropouts_by_reason: dict[str, int]
    certifying_exits: int
    full_certifications: int
    partial_certifications: int
    outcomes_6m: int
    employed_6m: int
    durable_6m: int
    outcomes_12m: int
    employed_12m: int
    #: satisfaction responses of exited trainees, and the sum of their scores (1-5)
    responses: int
    score_sum: int
    committed_cents: int
    invoiced_cents: int
    paid_cents: int


@register
class PublicCountsComputed(Event):
    """Aggregated counts of the public scopes (programme, axis, territory, domain, action type,
    organisation), as of now: the open-data service publishes them with small counts suppressed.

    Each event is a whole snapshot; the newest `computed_at` wins (a rebuilt indicators service starts
    its `facts_version` again from 0, the clock does not).
    """

    TOPIC: ClassVar[str] = topics.INDICATORS_PUBLIC
    KEY_FIELD: ClassVar[str] = "dataset"
    dataset: str = "public-indicators"
    computed_at: AwareDatetime
    #: The facts version counted (the indicators service's batch counter): ties on `computed_at`.
    facts_version: int
    #: scope ("programme", "axis:qualifying", "action_type:certifying", "organisation:OF-1"...) → counts
    scopes: dict[str, PublicScopeCounts]
