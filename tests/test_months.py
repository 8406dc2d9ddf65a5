import pytest

from forcegen.months import add_months, fiscal_year, month_range, months_between, parse_month
from forcegen.scenario.problems import Problem


def test_parse_normalises_and_rejects() -> None:
    assert parse_month("1999-9") == "1999-09"
    assert parse_month("1999-09-01 00:00:00") == "1999-09"
    assert parse_month("2000-12-31 00:00:00") == "2000-12"  # a date cell saved as text
    for bad in ("1999-13", "99-09", "September", "", "2000-02-30"):
        with pytest.raises(ValueError):
            parse_month(bad)


def test_arithmetic_crosses_years() -> None:
    assert add_months("1999-11", 3) == "2000-02"
    assert months_between("1999-09", "2004-08") == 59
    with pytest.raises(ValueError, match="no month 13"):
        months_between("1999-09", "2001-13")  # not the month after 2001-12
    assert month_range("1999-11", 3) == ["1999-11", "1999-12", "2000-01"]


def test_fiscal_year_named_by_start_year() -> None:
    assert fiscal_year("1999-09", 7) == 1999
    assert fiscal_year("2000-06", 7) == 1999
    assert fiscal_year("2000-07", 7) == 2000
    assert fiscal_year("2000-01", 1) == 2000


def test_a_spreadsheets_own_date_is_said_as_such_once() -> None:
    """A CSV saved from a spreadsheet writes dates in its locale's format: the message says
    why that is no month, and a problem quoting its value says it once."""
    for written in ("Sep-99", "09/01/1999", "01.09.1999"):
        with pytest.raises(ValueError, match="spreadsheet's own date format") as caught:
            parse_month(written)
        said = str(Problem("assignments.csv", 2, "start", "format", str(caught.value), written))
        assert said.count(repr(written)) == 1, said
    # A date cell read as a number: the day it is, said beside the serial.
    with pytest.raises(ValueError, match=r"serial number \(36708 is 2000-07-01\)"):
        parse_month("36708")
    # A month and its year in another order or with a slash: the month it is.
    for written in ("03/2000", "3.2000", "2000/03"):
        with pytest.raises(ValueError, match=r"write it as 2000-03$"):
            parse_month(written)
    for placeholder in ("1999", "TBD", "n/a", "next", "1999.5", "12345", "2000.3", "13/2000"):
        with pytest.raises(ValueError) as caught:
            parse_month(placeholder)
        assert "spreadsheet" not in str(caught.value), placeholder
