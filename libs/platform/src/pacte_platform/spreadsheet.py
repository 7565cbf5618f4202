"""Cells of the CSV files people open in a spreadsheet: never read as a formula (OWASP "CSV injection").

A cell a spreadsheet would evaluate (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is
prefixed with a single quote, which spreadsheets show as text. Numbers stay numbers: a negative amount
(`-12,34`) is data, not a formula, and an accountant sums it.
"""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+([.,][0-9]+)?")


def spreadsheet_safe(cell: str) -> str:
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell
