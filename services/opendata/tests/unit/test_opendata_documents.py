"""The indicator files: withheld figures are null and listed in JSON, "secret" in CSV, undefined
rates empty; the French dictionary describes every column; the catalogue names the licence."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

from pacte_contracts.indicators import PublicScopeCounts
from pacte_opendata.domain import documents
from pacte_opendata.domain.public_indicators import COLUMNS, publish
from pacte_opendata.domain.publisher import LICENCE_URL
from pacte_opendata.service_layer.indicators import stored_form

from .sample_process import PUBLISHER


def counts(entries: int, dropouts: int) -> PublicScopeCounts:
    return PublicScopeCounts(places_offered=20, entries=entries, exits=entries, dropouts=dropouts,
                             dropouts_by_reason={"other": dropouts} if dropouts else {}, certifying_exits=0,
                             full_certifications=0, partial_certifications=0, outcomes_6m=0, employed_6m=0,
                             durable_6m=0, outcomes_12m=0, employed_12m=0, responses=0, score_sum=0,
                             committed_cents=1_000_050, invoiced_cents=333_333, paid_cents=0)


def rows() -> list[dict[str, object]]:
    scopes = {"programme": counts(20, 8), "organisation:OF-1": counts(12, 5), "organisation:OF-2": counts(8, 3)}
    stored = [stored_form(row) for row in publish(scopes, {})]
    return documents.labelled(stored, {"OF-1": "Formation Rhône"})


def test_json_rows_carry_nulls_and_the_secret_list() -> None:
    by_scope = {row["scope"]: row for row in rows()}
    assert by_scope["organisation:OF-2"]["dropouts"] is None
    assert "dropout_rate" in by_scope["organisation:OF-2"]["secret"]  # type: ignore[operator]
    assert by_scope["organisation:OF-1"]["label"] == "Formation Rhône"
    assert by_scope["organisation:OF-2"]["label"] == "OF-2"
    assert by_scope["programme"]["committed_eur"] == Decimal("10000.50")
    assert by_scope["programme"]["cost_per_entry_eur"] == Decimal("166.67")
    assert by_scope["programme"]["certification_rate"] is None and "certification_rate" not in \
        by_scope["programme"]["secret"]  # type: ignore[operator]  # undefined (0 certifying exits), not secret


def test_csv_marks_withheld_figures_secret_and_undefined_ones_empty() -> None:
    table = list(csv.DictReader(io.StringIO(documents.indicators_csv(rows()))))
    assert list(table[0]) == ["scope_type", "scope_id", "label", *COLUMNS]
    of2 = next(r for r in table if r["scope_id"] == "OF-2")
    assert of2["dropouts"] == "secret" and of2["certification_rate"] == ""
    assert next(r for r in table if r["scope_type"] == "programme")["dropouts"] == "8"


def test_an_organisation_name_that_is_a_formula_is_published_as_text() -> None:
    """Issue 18: labels are the names organisations were registered with; a spreadsheet must not run them."""
    scopes = {"programme": counts(20, 8), "organisation:OF-1": counts(12, 5)}
    stored = [stored_form(row) for row in publish(scopes, {})]
    named = documents.labelled(stored, {"OF-1": "=cmd|' /C calc'!A0"})
    table = list(csv.DictReader(io.StringIO(documents.indicators_csv(named), newline="")))
    assert next(r for r in table if r["scope_id"] == "OF-1")["label"] == "'=cmd|' /C calc'!A0"


def test_the_dictionary_describes_every_column_in_french() -> None:
    dictionary = list(csv.DictReader(io.StringIO(documents.dictionary_csv())))
    described = {row["colonne"] for row in dictionary}
    assert {"scope_type", "scope_id", "label", *COLUMNS, "secret"} <= described
    assert all(row["libelle"] and row["definition"] for row in dictionary)


def test_the_catalogue_names_the_licence_and_every_file() -> None:
    modified = {path: datetime(2026, 1, 1, tzinfo=UTC) for path in documents.FILES}
    catalogue = documents.catalogue(PUBLISHER, modified)
    assert catalogue["licence"]["url"] == LICENCE_URL
    assert [d["path"] for d in catalogue["datasets"]] == list(documents.FILES)
