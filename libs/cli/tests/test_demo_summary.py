"""What `pacte run` prints of pathways and early warnings (issue 22), from the services' answers; the same
reading over a real stack is checked by tests/observability/test_pathways_live.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pacte_cli.main import _pathways_summary
from pacte_cli.scenario.pathways import PathwayFigures, Warnings, continuity_bonuses


def invoice(status: str, *lines: tuple[str, str, int]) -> dict[str, Any]:
    return {"status": status, "lines": [{"kind": kind, "quantity": quantity, "amount_cents": cents}
                                        for kind, quantity, cents in lines]}


INVOICES = [
    invoice("paid", ("opening_day", "3", 300_000), ("continuity", "2", 80_000)),
    invoice("issued", ("continuity", "1", 40_000), ("continuity", "-1", -40_000)),  # a withdrawn bonus
    invoice("disputed", ("continuity", "5", 200_000)),  # no longer counts
]
ROWS = [{"lot_id": "L-1", "organisation_id": "OF-1", "open": 1, "raised": 4, "cleared": 2, "warned_trainees": 3,
         "warned_exited": 2, "warned_dropped_out": 1},
        {"lot_id": "L-1", "organisation_id": "OF-2", "open": 0, "raised": 1, "cleared": 1, "warned_trainees": 1,
         "warned_exited": 1, "warned_dropped_out": 1}]


def test_continuity_bonuses_add_up_the_counting_invoices_lines() -> None:
    assert continuity_bonuses(INVOICES) == (2, 80_000)


def test_warnings_add_up_over_lots_and_organisations() -> None:
    total = Warnings.total(ROWS)
    assert total == Warnings(open=1, raised=5, cleared=3, warned_trainees=4, warned_exited=3, warned_dropped_out=2)
    assert total.precision == Decimal("0.6667") and Warnings().precision is None


def test_the_demo_prints_continuation_bonuses_warnings_and_the_steering_page(capsys: pytest.CaptureFixture[str],
                                                                              ) -> None:
    programme = {"essentials_completers": 31, "continued": 15, "continuation_rate": "0.4839",
                 "median_days_between_steps": "34.0", "cross_organisation": 8, "cross_organisation_share": "0.5333"}
    figures = PathwayFigures(programme, Warnings.total(ROWS), {"L-1": Warnings.total(ROWS)})
    _pathways_summary({"invoices": INVOICES}, figures, "http://127.0.0.1:8000")
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        "pathways from Essentials: continuation rate 0.4839 (15 of 31 people observed 90 days), median 34.0 days "
        "between steps, 0.5333 across organisations",
        "continuity bonuses invoiced: 2 people, 800.00 EUR",
        "early dropout warnings: 1 open (5 raised, 3 cleared; 3 warned trainees left, 2 dropped out: precision "
        "0.6667)",
        "steering page: http://127.0.0.1:8000/pilotage",
    ]


@pytest.mark.parametrize(("programme", "printed"), [
    ({}, "pathways from Essentials: nobody has completed an Essentials session 90 days before the newest fact yet"),
    ({"essentials_completers": 4, "continued": 0, "continuation_rate": "0.0000", "median_days_between_steps": None,
      "cross_organisation": 0, "cross_organisation_share": None},
     "pathways from Essentials: continuation rate 0.0000 (0 of 4 people observed 90 days)"),
])
def test_the_demo_says_when_no_pathway_can_be_read_yet(programme: dict[str, Any], printed: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    _pathways_summary({"invoices": []}, PathwayFigures(programme, Warnings(), {}), "http://gateway")
    assert capsys.readouterr().out.splitlines()[0] == printed
