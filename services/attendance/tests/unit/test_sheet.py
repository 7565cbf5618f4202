from __future__ import annotations

from decimal import Decimal

import pytest

from pacte_attendance.domain import ParsedAttendance, Rejection, parse_attendance
from pacte_attendance.domain.sheet import SheetHeaderError, parse_sheet


def test_lines_become_attendance_payloads_with_their_line_numbers() -> None:
    text = "\ufefftrainee_id;date;hours_present;absence\r\nA;2019-09-23;7,5;\r\n\r\nB;2019-09-23;3;justified\r\n"
    lines = parse_sheet(text, "S-1")
    assert [line.line for line in lines] == [2, 4]
    assert lines[0].payload == {"session_id": "S-1", "trainee_id": "A", "date": "2019-09-23",
                                "hours_present": Decimal("7.5"), "absence": None}
    parsed = parse_attendance(lines[1].payload or {})
    assert isinstance(parsed, ParsedAttendance) and parsed.absence == "justified"


@pytest.mark.parametrize("row", ["A;2019-09-23;seven;", "A;2019-09-23;7", "A;2019-09-23;7;;extra", "A;1e3;7;"])
def test_malformed_lines_are_reported_or_left_to_the_domain(row: str) -> None:
    [line] = parse_sheet("trainee_id;date;hours_present;absence\n" + row, "S-1")
    if line.rejection is None:
        assert line.payload is not None
        assert isinstance(parse_attendance(line.payload), Rejection)  # the domain refuses the bad date
    else:
        assert line.rejection.reason.value == "invalid" and line.payload is None


@pytest.mark.parametrize("text", ["", "trainee;date\n", "trainee_id,date,hours_present,absence\n"])
def test_a_sheet_without_the_documented_header_is_refused_as_a_whole(text: str) -> None:
    with pytest.raises(SheetHeaderError):
        parse_sheet(text, "S-1")
