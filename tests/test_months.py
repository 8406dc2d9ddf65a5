from pathlib import Path

import pytest
from typer.testing import CliRunner

from forcegen.cli import app
from forcegen.months import add_months, fiscal_year, month_range, months_between, parse_month
from forcegen.scenario.problems import Problem
from tests.conftest import TINY


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
    # A month's name and a whole year too: nothing there is left to a locale.
    for written in (
        "03/2000",
        "3.2000",
        "2000/03",
        "Mar 2000",
        "March-2000",
        "mar2000",
    ):
        with pytest.raises(ValueError, match=r"write it as 2000-03$"):
            parse_month(written)
    with pytest.raises(ValueError, match=r"write it as 2000-09$"):
        parse_month("Sept 2000")
    for placeholder in ("1999", "TBD", "n/a", "next", "1999.5", "12345", "2000.3", "13/2000"):
        with pytest.raises(ValueError) as caught:
            parse_month(placeholder)
        assert "spreadsheet" not in str(caught.value), placeholder


def test_a_month_option_in_a_spreadsheets_format_is_told_to_be_typed_not_formatted(
    tmp_path: Path,
) -> None:
    """An option has no column to format as text: "--from Sep-99" was told to."""
    command = ["replan", str(TINY), str(tmp_path / "run"), "--from", "Sep-99"]
    result = CliRunner().invoke(app, [*command, "--out", str(tmp_path / "new")])
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert "error --from: [format] expected a month as YYYY-MM, got 'Sep-99'" in said
    assert "write it as YYYY-MM" in said and "column" not in said.split("--from")[1][:200]
    # A serial number typed for a month, too: no column to format.
    with pytest.raises(ValueError, match=r"\(36708 is 2000-07-01\); write it as YYYY-MM$"):
        parse_month("36708", typed=True)
