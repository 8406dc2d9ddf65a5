"""Write a scenario back to a folder or an Excel workbook, losslessly and atomically."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from forcegen.fileio import atomic_file, atomic_folder, changed_since_written, stamp, stamp_of
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import SETTINGS_FILE, TABLES, TableSpec, column_name, wide_field

SETTINGS_SHEET = "settings"
# A heading's note box, in pixels: wide enough for a sentence a line, tall enough for the
# longest note (Excel shows a note's box at the size written, cutting off what overflows).
NOTE_WIDTH = 320
NOTE_LINE = 14
NOTE_CHARACTERS_A_LINE = 50


def format_cell(value: Any) -> str:
    """Text of one CSV cell; floats keep every digit so a round trip is exact."""
    value = _excel_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def settings_document(scenario: Scenario) -> dict[str, Any]:
    return scenario.settings.model_dump(mode="json")


def flat_settings(scenario: Scenario) -> list[tuple[str, Any]]:
    """Settings as (dotted key, value) pairs, for the workbook's settings sheet."""
    pairs: list[tuple[str, Any]] = []

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(f"{name}.", value)
            elif isinstance(value, list):
                pairs.append((name, ";".join(value)))
            else:
                pairs.append((name, value))

    walk("", settings_document(scenario))
    return pairs


def written_tables(scenario: Scenario) -> list[TableSpec]:
    """The tables a scenario folder holds: the required ones, and an optional one (budgets,
    say) only if it has rows."""
    return [spec for spec in TABLES if spec.required or getattr(scenario, spec.name)]


def frame_to_csv(frame: pd.DataFrame, path: Path) -> None:
    """A table held in pandas written as its file would hold it: each named index level
    that is no column already becomes one (`set_index("unit")` sets the codes aside, and
    `drop=False` keeps them as a column too), and the rest of the index is no column."""
    named = [n for n in frame.index.names if n is not None and n not in frame.columns]
    (frame.reset_index(level=named) if named else frame).to_csv(path, index=False)


SCENARIO_FILES = (SETTINGS_FILE, *(spec.file for spec in TABLES))


def write_folder(scenario: Scenario, path: Path) -> None:
    # An older scenario's tables go, written anew or not: a table this scenario leaves
    # out (no budgets, say) must not be read back from the one before, nor its stamp
    # vouch for one a planner adds later.
    files = (*SCENARIO_FILES, *(stamp_of(Path(name)).name for name in SCENARIO_FILES))
    with atomic_folder(path, replaces=files) as staging:
        text = yaml.safe_dump(settings_document(scenario), sort_keys=False, allow_unicode=True)
        (staging / SETTINGS_FILE).write_text(text, encoding="utf-8")
        for spec in written_tables(scenario):
            frame = scenario.table(spec.name)
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(frame.columns)
            for record in frame.itertuples(index=False):
                writer.writerow([format_cell(v) for v in record])
            (staging / spec.file).write_text(buffer.getvalue(), encoding="utf-8")
        # Each file stamped, so that writing a scenario here again tells a planner's edits
        # (`not_as_written`), which it would lose, from what forcegen wrote.
        for written in list(staging.iterdir()):
            stamp(written)


def _excel_value(value: Any) -> Any:
    """A table's cell as Python holds it: a missing value (None, NA, NaN) None, a nullable
    column's numpy scalar its Python number."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def write_workbook(scenario: Scenario, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SETTINGS_SHEET
    sheet.append(["setting", "value"])
    for key, value in flat_settings(scenario):
        sheet.append([key, _excel_value(value)])
    keep_as_text(sheet)
    _format_sheet(sheet)
    # Every table's sheet, an optional one without rows as its header alone: a planner
    # adds a caveat or a unit's refit where the workbook shows it goes, not by the format.
    for spec in TABLES:
        frame = scenario.table(spec.name)
        sheet = workbook.create_sheet(spec.name)
        sheet.append(list(frame.columns))
        for record in frame.itertuples(index=False):
            sheet.append([_excel_value(v) for v in record])
        keep_as_text(sheet)
        _format_sheet(sheet)
        _annotate(sheet, spec)
    # Zipped in memory: a disk that fills as the file is written leaves no zip archive
    # open, which would try again, and fail aloud, when it is collected.
    book = io.BytesIO()
    workbook.save(book)
    # Stamped as the folder's files are; the stamp in place names the one coming too: a
    # stop between the two renames leaves neither taken for a planner's edit.
    with atomic_file(path) as tmp:
        tmp.write_bytes(book.getvalue())
        stamp(path, coming=tmp)
    stamp(path)


def not_as_written(path: Path) -> tuple[list[Path], list[Path]]:
    """The files of the scenario at `path` (its workbook, or its folder's settings and
    tables) that writing a scenario there would replace and that may hold a planner's
    work: those changed since forcegen wrote them, and those it has no record of writing
    (made by hand, or by a forcegen from before it stamped scenarios)."""
    if path.suffix.lower() == ".xlsx":
        files = [path] if path.is_file() else []
    else:
        files = [path / name for name in SCENARIO_FILES if (path / name).is_file()]
    edited = [file for file in files if changed_since_written(file)]
    return edited, [file for file in files if not stamp_of(file).is_file()]


def keep_as_text(sheet: Any) -> None:
    """Cells written from text that openpyxl took for formulas (a name beginning `=`)
    hold that text: a spreadsheet would work it out, as a formula from whoever typed it."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


# A whole number a planner reads as a year, shown as typed: 2001, not 2,001.
YEAR = "fiscal_year"


def _format_sheet(sheet: Any) -> None:
    """Bold header, frozen header row, whole numbers with thousands separators (a budget of
    516,000,000, as plan.xlsx shows it), columns wide enough to read."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in sheet.iter_rows(min_row=2):
        # A settings sheet names each row's setting in its first cell, a table each column's
        # in its heading.
        for cell in row:
            name = (
                row[0].value if sheet.title == SETTINGS_SHEET else sheet[1][cell.column - 1].value
            )
            value = cell.value
            whole = isinstance(value, int | float) and not isinstance(value, bool)
            whole = whole and float(value).is_integer()
            if whole and name != YEAR:
                cell.number_format = "#,##0"
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        width = max((len(str(v)) for v in column if v is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)


def _annotate(sheet: Any, spec: TableSpec) -> None:
    """A note on each heading, what to type under it in docs/format.md's words: a sheet
    without rows is filled in from its headings alone."""
    fields = {column_name(spec, name): info for name, info in spec.row.model_fields.items()}
    wide = wide_field(spec)
    for cell in sheet[1]:
        # A column of its own is a task's, in a table of one column per task.
        info = fields.get(cell.value) or (spec.row.model_fields[wide] if wide else None)
        if info is None or not info.description:
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        unit = f" Unit: {extra['unit']}." if extra.get("unit") else ""
        cell.comment = heading_note(
            f"{info.description}{unit}{' Required.' if info.is_required() else ''}"
        )


def heading_note(text: str) -> Comment:
    """A note on a column's heading, its box the size of its text."""
    lines = len(text) // NOTE_CHARACTERS_A_LINE + 2
    return Comment(text, "forcegen", height=NOTE_LINE * lines, width=NOTE_WIDTH)
