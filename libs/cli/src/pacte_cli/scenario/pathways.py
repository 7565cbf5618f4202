"""Pathways and early dropout warnings as the buyer reads them back (issue 22): the programme's
continuation from Essentials, the continuity bonuses invoiced and the warnings' counts. Counts only,
never a person: what `pacte run` prints and what the observability tests compare with Prometheus."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from pacte_contracts.rules import WARNING_COUNTS, warning_precision, warning_totals
from pacte_platform.auth import issue_token


@dataclass(frozen=True, slots=True)
class Warnings:
    open: int = 0
    raised: int = 0
    cleared: int = 0
    warned_trainees: int = 0
    warned_exited: int = 0
    warned_dropped_out: int = 0

    @classmethod
    def total(cls, rows: list[dict[str, Any]]) -> Warnings:
        """The programme's counts from the per lot and organisation rows."""
        totals = warning_totals(rows)
        return cls(**{name: totals[name] for name in WARNING_COUNTS})

    @property
    def precision(self) -> Decimal | None:
        return warning_precision(self.warned_dropped_out, self.warned_exited)


@dataclass(frozen=True, slots=True)
class PathwayFigures:
    #: `GET /pathways?scope=programme`'s reading (empty before any Essentials completion was observed 90 days).
    programme: dict[str, Any]
    warnings: Warnings
    #: Per lot, its warnings' counts (the buyer's view: lot and organisation, never who).
    warnings_by_lot: dict[str, Warnings]


def continuity_bonuses(invoices: list[dict[str, Any]]) -> tuple[int, int]:
    """(people, cents) of the `continuity` lines of counting invoices (a disputed version no longer counts)."""
    lines = [line for invoice in invoices if invoice["status"] != "disputed" for line in invoice["lines"]
             if line["kind"] == "continuity"]
    return sum(int(Decimal(line["quantity"])) for line in lines), sum(line["amount_cents"] for line in lines)


async def read_figures(client: httpx.AsyncClient, urls: dict[str, str], auth_secret: str) -> PathwayFigures:
    token = issue_token(auth_secret, "pathway-figures", ["steering"])
    headers = {"Authorization": f"Bearer {token}"}

    async def get(service: str, path: str, **params: str) -> Any:
        response = await client.get(urls[service] + path, headers=headers, params=params, timeout=60)
        response.raise_for_status()
        return response.json()

    pathways = await get("indicators", "/pathways", scope="programme")
    rows = await get("attendance", "/back-office/warnings")
    by_lot: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_lot.setdefault(row["lot_id"], []).append(row)
    return PathwayFigures(pathways.get("programme", {}), Warnings.total(rows),
                          {lot: Warnings.total(lot_rows) for lot, lot_rows in sorted(by_lot.items())})
