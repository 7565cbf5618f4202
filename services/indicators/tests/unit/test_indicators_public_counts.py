"""The open-data hand-over: totals of the public scopes only, and nothing about a stay."""

from __future__ import annotations

from datetime import UTC, datetime

from pacte_indicators.domain.counts import ScopeCounts, StayCounts
from pacte_indicators.domain.indicator_set import MoneyFacts
from pacte_indicators.domain.public import PUBLIC_SCOPE_TYPES, public_counts_event

CERTIFYING = StayCounts(entries=5, exits=5, dropouts=1, dropouts_excl_employment=0, certifying_exits=5,
                        full_certifications=2, partial_certifications=1, outcomes_6m=4, employed_6m=3, durable_6m=2,
                        outcomes_12m=2, employed_12m=1, responses=5, score_sum=21, priority_entries=3,
                        below_bac_entries=4, registered_entries=5)
PREPARATORY = StayCounts(entries=3, exits=1, dropouts=1, dropouts_excl_employment=1, registered_entries=3)


def _scope(scope: str) -> ScopeCounts:
    return ScopeCounts(scope, places_offered=12,
                       stays_by_action_type={"certifying": CERTIFYING, "preparatory": PREPARATORY},
                       dropouts_by_reason={"return_to_work": 1, "other": 1, "material_reason": 0},
                       entries_by_public={"qpv": 2}, suspensions=1,
                       money=MoneyFacts(invoiced_cents=724750, paid_cents=100, committed_cents=2_000_000))


def test_only_public_scopes_are_sent_with_their_totals() -> None:
    scopes = {s: _scope(s) for s in ("programme", "axis:qualifying", "tender:T-1", "lot:L-1", "organisation:OF-1",
                                     "territory:69", "domain:digital", "action_type:certifying")}
    event = public_counts_event(scopes, facts_version=7, computed_at=datetime(2026, 1, 2, tzinfo=UTC))
    assert set(event.scopes) == {"programme", "axis:qualifying", "organisation:OF-1", "territory:69",
                                 "domain:digital", "action_type:certifying"}
    assert {s.partition(":")[0] for s in event.scopes} <= PUBLIC_SCOPE_TYPES
    programme = event.scopes["programme"]
    assert (programme.entries, programme.exits, programme.dropouts) == (8, 6, 2)
    assert programme.dropouts_by_reason == {"other": 1, "return_to_work": 1}
    assert (programme.certifying_exits, programme.full_certifications, programme.partial_certifications) == (5, 2, 1)
    assert (programme.responses, programme.score_sum) == (5, 21)
    assert (programme.committed_cents, programme.invoiced_cents, programme.paid_cents) == (2_000_000, 724750, 100)
    assert event.facts_version == 7 and event.key() == "public-indicators"


def test_no_field_describes_a_trainee() -> None:
    """Profiles (priority publics, qualification, registration) stay in the indicators service."""
    fields = set(public_counts_event({"programme": _scope("programme")}, 1, datetime.now(UTC))
                 .model_dump()["scopes"]["programme"])
    assert not fields & {"entries_by_public", "priority_entries", "below_bac_entries", "registered_entries",
                         "trainee_key", "suspensions"}
