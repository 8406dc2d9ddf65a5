"""Calendar months as `YYYY-MM` labels and their arithmetic.

The whole project speaks in months: a scenario's horizon, a tour's start and end (end
inclusive), a nation's join and leave months. Labels stay strings at the edges (files,
tables) and become integer offsets from the horizon start inside the model.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from forcegen.shown import shortened

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
# A spreadsheet's date serial of 1955 to 2118 (Excel and LibreOffice count from 1899-12-30).
_SERIAL = re.compile(r"^[2-7]\d{4}$")
_SPREADSHEET_EPOCH = date(1899, 12, 30)
# A month and its year in another order or with another mark: 03/2000, 3.2000, 2000/03
# (not 2000.3: a cell read as a number gives 2000.1 for 2000.10).
_MONTH_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_OTHER_MARK = re.compile(r"^(\d{4})/(\d{1,2})$")
# A date as a spreadsheet writes it in its locale: Sep-99, Sep 1999, 09/01/1999, 1.9.1999.
_SPREADSHEET_DATE = re.compile(
    r"^([A-Za-z]{3,9}[- ]?\d{2,4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}-[A-Za-z]{3}-\d{2,4})$"
)


# A month by its name and a year of four figures: Mar 2001, March-2001.
_NAMED = re.compile(r"^([A-Za-z]{3,9})[- ]?(\d{4})$")


def _month_named(name: str) -> int | None:
    """The number of the month `name` names in English, whole or by its first three
    letters; None for another word."""
    for number in range(1, 13):
        whole = calendar.month_name[number].lower()
        if name.lower() in (whole, whole[:3], whole[:4]):  # Sept too
            return number
    return None


def parse_month(value: object, *, typed: bool = False) -> str:
    """Normalise a month given as `YYYY-MM`, `YYYY-M`, or a date, to `YYYY-MM`.

    Raises ValueError with a planner-readable message otherwise: `typed`, a month typed
    where no spreadsheet's column formats it (a command's option), is told to be typed so.
    """
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    # Spreadsheets turn `1999-09` typed by hand into `1999-09-01` or `1999-09-01 00:00:00`,
    # and a date cell saved as text keeps its day: the month is the date's, as for a cell.
    if re.match(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$", text):
        try:
            return parse_month(date.fromisoformat(text[:10]))
        except ValueError:
            raise ValueError(f"not a date: {shortened(text)!r}") from None
    match = _MONTH.match(text)
    if not match:
        # A spreadsheet's own date formats say the day or the century only by its locale.
        remedy = "write it as YYYY-MM" if typed else "format the column as text, YYYY-MM"
        local = (
            ": a spreadsheet's own date format (Sep-99, 09/01/1999) leaves the century or "
            f"the day to its locale; {remedy}"
        )
        shown = local if _SPREADSHEET_DATE.match(text) else ""
        if parts := _MONTH_FIRST.match(text) or _OTHER_MARK.match(text):
            month, year = sorted(parts.groups(), key=len)
            if 1 <= int(month) <= 12:
                shown = f": write it as {year}-{int(month):02d}"
        if (named := _NAMED.match(text)) and (number := _month_named(named.group(1))):
            # A month's name and a whole year leave nothing to a locale.
            shown = f": write it as {named.group(2)}-{number:02d}"
        if _SERIAL.match(text):
            # A date cell read as its number: days since the spreadsheet's epoch.
            day = _SPREADSHEET_EPOCH + timedelta(days=int(text))
            shown = f": a spreadsheet's date read as its serial number ({text} is {day}); {remedy}"
        raise ValueError(f"expected a month as YYYY-MM, got {shortened(text)!r}{shown}")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"month number must be 1..12, got {shortened(text)!r}")
    return f"{year:04d}-{month:02d}"


def month_ordinal(label: str) -> int:
    """Months since year 0, so that differences between labels are month counts.
    ValueError for a label that is no YYYY-MM month (`2001-13`)."""
    year, month = label.split("-")
    if not 1 <= int(month) <= 12:
        raise ValueError(f"{label!r} has no month {month}")
    return int(year) * 12 + int(month) - 1


def month_label(ordinal: int) -> str:
    """Inverse of `month_ordinal`."""
    return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


def add_months(label: str, count: int) -> str:
    return month_label(month_ordinal(label) + count)


def months_between(first: str, last: str) -> int:
    """Number of months from `first` to `last`: 0 when equal, negative when `last` is earlier."""
    return month_ordinal(last) - month_ordinal(first)


def month_range(start: str, count: int) -> list[str]:
    """`count` consecutive month labels beginning with `start`."""
    base = month_ordinal(start)
    return [month_label(base + i) for i in range(count)]


def fiscal_year(label: str, fiscal_year_start: int) -> int:
    """Fiscal year of a month, named by the calendar year in which that fiscal year begins.

    With fiscal_year_start=7 (July to June), 1999-09 and 2000-06 are both in FY 1999.
    """
    year, month = (int(p) for p in label.split("-"))
    return year if month >= fiscal_year_start else year - 1
