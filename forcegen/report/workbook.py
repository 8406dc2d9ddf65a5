"""plan.xlsx: every plan table and statistic on its own sheet, ready for a planner.

Headers bold on a filled band, the header row (and the key column of wide tables) frozen,
filters on, widths fitted to the content, shares as percentages and money with separators.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from forcegen import stats
from forcegen.fileio import atomic_file
from forcegen.stats import Results

HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MAX_WIDTH = 40
# Excel caps sheet names at 31 characters.
SHEET_NAME_LIMIT = 31


def sheets(results: Results) -> dict[str, pd.DataFrame]:
    """The workbook's sheets in order: key figures, the plan's tables, then statistics."""
    tables = {
        "kpis": stats.kpis(results),
        "assignments": results.assignments,
        "coverage": results.coverage,
        "domestic": results.domestic,
        "costs": results.costs,
        "handover": results.handover,
    }
    derived = {name: stat(results) for name, stat in stats.STATISTICS.items()}
    # Statistics that only restate a plan table under another name stay out.
    derived.pop("coverage", None)
    return tables | derived


def _number_format(column: str, series: pd.Series) -> str | None:
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    if column.endswith(("share", "used")) or column == "cap":
        return "0.0%"
    if column in {"fiscal_year", "months_from_start"}:
        return "0"
    values = series.dropna()
    whole = pd.api.types.is_integer_dtype(series) or bool((values == values.round()).all())
    return "#,##0" if whole or column in {"cost", "budget"} else "#,##0.0"


def _format(sheet: Worksheet, frame: pd.DataFrame) -> None:
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # Wide tables keep their first (key) column in view while scrolling right.
    sheet.freeze_panes = "B2" if len(frame.columns) > 8 else "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = sheet.dimensions
    for position, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(position)
        series = frame[column]
        number_format = _number_format(str(column), series)
        if number_format is not None:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = number_format
        # Measured cell by cell: an empty column has no text for pandas' .str to work on.
        shown = [f"{v:,.2f}" if isinstance(v, float) else str(v) for v in series.head(500)]
        longest = max([len(str(column)), *map(len, shown)])
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, longest + 2)


def write_workbook(results: Results, path: Path) -> Path:
    """Write every sheet to `path` atomically; return the path."""
    with atomic_file(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        for name, frame in sheets(results).items():
            sheet_name = name[:SHEET_NAME_LIMIT]
            frame.to_excel(writer, sheet_name=sheet_name, index=False)
            _format(writer.sheets[sheet_name], frame)
    return path
