"""CSV that a spreadsheet opens as data, never as formulas (OWASP, "CSV Injection").

Every CSV the system writes goes through `csv_text`: a text cell that a spreadsheet would evaluate,
one beginning with `=`, `+`, `-`, `@`, a tab or a carriage return (a formula, or a DDE call such as
`=cmd|' /C calc'!A0`), is written with a leading single quote, which makes it literal text; every
cell is quoted, and quotes inside are doubled, so that no separator or quote in a value can start
a new cell. Numbers given as numbers are written as they are; a text cell that is a plain decimal
number (`-12.5`) is not a formula and is left alone.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

#: What a cell must not begin with (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def safe_cell(value: object) -> object:
    """The cell as written: text that would be evaluated gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The table as CSV text: header first, every cell quoted and made safe, `\\n` line endings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
