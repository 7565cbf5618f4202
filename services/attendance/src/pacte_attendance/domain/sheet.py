"""Attendance sheets (feuilles d'émargement) uploaded as CSV: each line an `attendance.record`.

Format (documented in the API): UTF-8, `;` separator, a header line
`trainee_id;date;hours_present;absence` (the command's fields but the session, which the path
names), ISO dates, hours with `.` or `,` as decimal mark (French software writes `7,5`; the `;`
separator exists precisely so the comma can be one), an empty absence meaning none. Each data line
becomes one `RecordAttendance`, validated by the command's own model, or its stage-1 refusal; the
declarations engine decides the rest per line. A cell longer than `MAX_CSV_CELL` (input limits)
makes its line malformed; the line is not handed to the CSV reader, whose own field limit would
otherwise fail the whole sheet.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal

from pacte_attendance.domain.commands import Malformed, RecordAttendance, parse_command
from pacte_contracts.limits import MAX_CSV_CELL
from pacte_contracts.refusals import Rejection

SHEET_COLUMNS = ("trainee_id", "date", "hours_present", "absence")
SHEET_SEPARATOR = ";"
_NUMBER_RE = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
#: A line longer than this cannot hold four cells within the limit (with their quotes and separators).
_MAX_LINE = len(SHEET_COLUMNS) * (MAX_CSV_CELL + 3)


@dataclass(frozen=True, slots=True)
class SheetLine:
    """One data line: `line` is its 1-based number in the file (the header is line 1)."""

    line: int
    command: RecordAttendance | Malformed


class SheetHeaderError(ValueError):
    """The file as a whole is unusable (no header, wrong columns): nothing is applied."""


def parse_sheet(text: str, session_id: str) -> list[SheetLine]:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        raise SheetHeaderError("the sheet is empty; expected the header " + ";".join(SHEET_COLUMNS))
    header = _cells(lines[0])
    if header is None or tuple(cell.strip().lower() for cell in header) != SHEET_COLUMNS:
        raise SheetHeaderError("the header must be exactly " + ";".join(SHEET_COLUMNS))
    parsed: list[SheetLine] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = _cells(line)
        if cells is None:
            parsed.append(_rejected(number, session_id, f"a cell is longer than {MAX_CSV_CELL} characters"))
        elif any(cell.strip() for cell in cells):  # blank lines carry nothing; spreadsheets add them at the end
            parsed.append(_parse_line(number, cells, session_id))
    return parsed


def _cells(line: str) -> list[str] | None:
    """The line's cells, or None when one is longer than the limit."""
    if len(line) > _MAX_LINE:
        return None
    try:
        cells = next(csv.reader([line], delimiter=SHEET_SEPARATOR, strict=False), [])
    except csv.Error:
        return None
    return None if any(len(cell) > MAX_CSV_CELL for cell in cells) else cells


def _parse_line(number: int, cells: list[str], session_id: str) -> SheetLine:
    if len(cells) != len(SHEET_COLUMNS):
        return _rejected(number, session_id,
                         f"expected {len(SHEET_COLUMNS)} columns separated by ';', found {len(cells)}")
    trainee_id, day, hours_text, absence = (cell.strip() for cell in cells)
    if not _NUMBER_RE.fullmatch(hours_text):
        return _rejected(number, session_id, "hours_present must be a number such as 7 or 7.5")
    return SheetLine(number, parse_command(RecordAttendance, {
        "session_id": session_id, "trainee_id": trainee_id, "date": day,
        "hours_present": Decimal(hours_text.replace(",", ".")), "absence": absence or None}))


def _rejected(number: int, session_id: str, detail: str) -> SheetLine:
    return SheetLine(number, Malformed(RecordAttendance.NAME, Rejection.invalid(detail), session_id))


def data_lines_exceed(text: str, limit: int) -> bool:
    """True when the sheet has more than `limit` non-blank lines after its header (stops early)."""
    count = -1  # the header
    start = 0
    while True:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line.strip():
            count += 1
            if count > limit:
                return True
        if end < 0:
            return False
        start = end + 1
