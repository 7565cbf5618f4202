"""Events of the indicators service."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

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
