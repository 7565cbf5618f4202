"""What the indicators service hands to the open-data publication: totals per public scope (pure).

Only scopes that are published are sent (never a lot or a tender: a lot's counts are those of one
organisation in one place). The counts are totals over stays, never a stay; the open-data service
suppresses the small ones before anything is public.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final

from pacte_contracts.indicators import PublicCountsComputed, PublicScopeCounts
from pacte_indicators.domain.counts import PROGRAMME, ScopeCounts

#: Scope types the open-data service publishes.
PUBLIC_SCOPE_TYPES: Final = frozenset({PROGRAMME, "axis", "territory", "domain", "action_type", "organisation"})


def public_counts(counts: ScopeCounts) -> PublicScopeCounts:
    stays = counts.stays
    return PublicScopeCounts(
        places_offered=counts.places_offered,
        entries=stays.entries,
        exits=stays.exits,
        dropouts=stays.dropouts,
        dropouts_by_reason={code: n for code, n in sorted(counts.dropouts_by_reason.items()) if n},
        certifying_exits=stays.certifying_exits,
        full_certifications=stays.full_certifications,
        partial_certifications=stays.partial_certifications,
        outcomes_6m=stays.outcomes_6m,
        employed_6m=stays.employed_6m,
        durable_6m=stays.durable_6m,
        outcomes_12m=stays.outcomes_12m,
        employed_12m=stays.employed_12m,
        responses=stays.responses,
        score_sum=stays.score_sum,
        committed_cents=counts.money.committed_cents,
        invoiced_cents=counts.money.invoiced_cents,
        paid_cents=counts.money.paid_cents,
    )


def public_counts_event(scopes: Mapping[str, ScopeCounts], facts_version: int,
                        computed_at: datetime) -> PublicCountsComputed:
    return PublicCountsComputed(
        computed_at=computed_at,
        facts_version=facts_version,
        scopes={scope: public_counts(counts) for scope, counts in sorted(scopes.items())
                if counts.scope_type in PUBLIC_SCOPE_TYPES},
    )
