"""What each rate counts, said for people (``explain``), and the French labels of dropout reasons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from pacte_contracts.codes import DROPOUT_REASON_LABELS_FR, DropoutReason

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


