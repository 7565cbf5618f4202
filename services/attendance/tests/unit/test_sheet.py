from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pacte_attendance.domain import Malformed, RecordAttendance
from pacte_attendance.domain.sheet import SheetHeaderError, data_lines_exceed, parse_sheet


def test_lines_become_attendance_commands_with_their_line_numbers() -> None:
    text = "\ufefftrainee_id;date;hours_present;absence\r\nA;2019-09-23;7,5;\r\n\r\nB;2019-09-23;3;justified\r\n"
    lines = parse_sheet(text, "S-1")
    assert [line.line for line in lines] == [2, 4]
    assert lines[0].command == RecordAttendance(session_id="S-1", trainee_id="A", date=date(2019, 9, 23),
                                                hours_present=Decimal("7.5"), absence=None)
    assert isinstance(lines[1].command, RecordAttendance) and lines[1].command.absence == "justified"


@pytest.mark.parametrize("row", ["A;2019-09-23;seven;", "A;2019-09-23;7", "A;2019-09-23;7;;extra", "A;1e3;7;",
                                 ";2019-09-23;7;", "A;2019-09-23;7.125;"])
def test_malformed_lines_are_refused_at_stage_one(row: str) -> None:
    """The sheet's own format (columns, numbers), then the command's model (dates, ids, decimals)."""
    [line] = parse_sheet("trainee_id;date;hours_present;absence\n" + row, "S-1")
    assert isinstance(line.command, Malformed)
    assert line.command.name == "attendance.record" and line.command.rejection.reason.value == "invalid"


def test_unknown_absence_codes_are_left_to_the_decider() -> None:
    [line] = parse_sheet("trainee_id;date;hours_present;absence\nA;2019-09-23;7;sick\n", "S-1")
    assert isinstance(line.command, RecordAttendance) and line.command.absence == "sick"


@pytest.mark.parametrize("text", ["", "trainee;date\n", "trainee_id,date,hours_present,absence\n"])
def test_a_sheet_without_the_documented_header_is_refused_as_a_whole(text: str) -> None:
    with pytest.raises(SheetHeaderError):
        parse_sheet(text, "S-1")


def test_sheet_lines_are_counted_before_parsing_and_blank_lines_do_not_count() -> None:
    header = "trainee_id;date;hours_present;absence\n"
    assert not data_lines_exceed(header + "a;2019-10-01;7;\n" * 3, 3)
    assert data_lines_exceed(header + "a;2019-10-01;7;\n" * 4, 3)
    assert not data_lines_exceed(header + "a;2019-10-01;7;\n\n\n  \n" * 3, 3)


@pytest.mark.parametrize("row", ["T" * 3_000_000 + ";2019-09-23;7;", '"' + "T" * 3_000_000 + '";2019-09-23;7;',
                                 "A;2019-09-23;7;" + "x" * 201, "A" * 201 + ";2019-09-23;7;",
                                 "A;9999-12-31;7;", "A;2019-09-23;1e308;", "A\x00;2019-09-23;7;"])
def test_oversized_or_nonsense_cells_refuse_their_line_not_the_sheet(row: str) -> None:
    """Issue 18: a 3 MB field made the CSV reader fail the whole request (500); now only its line is malformed."""
    lines = parse_sheet("trainee_id;date;hours_present;absence\n" + row + "\nB;2019-09-23;7;\n", "S-1")
    assert isinstance(lines[0].command, Malformed) and lines[0].line == 2
    assert isinstance(lines[1].command, RecordAttendance) and lines[1].line == 3
