"""plan.xlsx: every plan table and statistic on its own sheet, ready for a planner.

Headers bold on a filled band, each with a note on what its column holds and its unit, the
header row (and the key column of wide tables) frozen, filters on, widths fitted to the
content, shares as percentages and money with separators. The first sheet, `about`, says
what every sheet and column holds: the workbook is often mailed alone, and opens there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

import pandas as pd
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from forcegen import stats
from forcegen.fileformat import (
    ABOUT_SHEET,
    MODEL_HEADER,
    MODEL_SHEET,
    REPLAN_SHEET,
    SCENARIO_DIGEST,
    SHEET_DIGEST,
    VERDICT_SHEET,
    read_record,
    record_table,
)
from forcegen.fileio import atomic_file, excel_figure, stamp, values_digest
from forcegen.report.about import about_sheet, note
from forcegen.report.html import OVER_NOTHING, Verdict
from forcegen.scenario.problems import ScenarioError
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.write import heading_note, keep_as_text
from forcegen.shown import is_share, shown_scale
from forcegen.stats import Results

HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MAX_WIDTH = 40
# Excel caps sheet names at 31 characters.
SHEET_NAME_LIMIT = 31
# A column of sentences (the about sheet's meanings, the verdict's lines): wrapped in a
# wide column, not cut at MAX_WIDTH, where a violation's line took four.
SENTENCE_WIDTH = 100


def sheets(
    results: Results, verdict: Verdict | None = None, idle: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """The workbook's sheets in order: key figures, the checker's verdict (when judged),
    the plan's tables, then statistics; `idle`, the units left at home as the report shows
    them (under the plan's model), in place of those judged without it."""
    judged = {} if verdict is None else {VERDICT_SHEET: verdict_sheet(verdict)}
    tables = {
        "kpis": stats.kpis(results),
        **judged,
        "assignments": results.assignments,
        "coverage": results.coverage,
        "domestic": results.domestic,
        "costs": results.costs,
        "handover": results.handover,
    }
    given = {} if idle is None else {"idle_units": idle}
    derived = {
        name: given[name] if name in given else stat(results)
        for name, stat in stats.STATISTICS.items()
    }
    # Statistics that only restate a plan table under another name stay out.
    derived.pop("coverage", None)
    derived["cover_by_contributor"] = _a_row_per_region_and_month(derived["cover_by_contributor"])
    # A spreadsheet holds no infinity: openpyxl had written the text "inf".
    sharing = derived["burden_sharing"]
    used = sharing["ceiling_used"].astype(object)
    over_nothing = used.where(used != math.inf, OVER_NOTHING)
    derived["burden_sharing"] = sharing.assign(ceiling_used=over_nothing)
    return tables | derived


def verdict_sheet(verdict: Verdict) -> pd.DataFrame:
    """The verdict a line a row, as the report gives it: a workbook mailed alone says
    whether its plan keeps the rules."""
    return pd.DataFrame({"independent check": [verdict.headline, *verdict.lines]})


def _a_row_per_region_and_month(cover: pd.DataFrame) -> pd.DataFrame:
    """`stats.cover_by_contributor` with a column per contributor: long, it repeats the
    region's demand and shortfall on each contributor's row, and a planner's sum of its
    shortfall column counted each once per contributor."""
    keys = ["region", "month"]
    wide = cover.pivot(index=keys, columns="contributor", values="cover")
    # The nations by code, then the domestic force (none in a plan of no demand).
    wide = wide[
        sorted(wide.columns, key=lambda contributor: (contributor == "domestic", contributor))
    ]
    totals = cover.drop_duplicates(keys).set_index(keys)[["demand", "over_demand", "shortfall"]]
    return totals[["demand"]].join(wide).join(totals[["over_demand", "shortfall"]]).reset_index()


# A share of a ceiling, "over" it past 100% (a spreadsheet's conditional number format).
OVER_FULL = '[>1]"over "0.00%;0.0%'


def _number_format(column: str, series: pd.Series, figures_of_many_kinds: bool) -> str | None:
    """The column's one format, or None for each cell its own."""
    if column == "ceiling_used":
        # A broken ceiling reads as broken: 2,450 under 2,449 had read 100.0%.
        return OVER_FULL
    if column.endswith(("share", "used")) or column in {"cap", "delta_pct"}:
        return "0.0%"  # its figures so, among words too ("over a ceiling of 0")
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    if figures_of_many_kinds:
        return None
    if column in {"fiscal_year", "months_from_start"}:
        return "0"
    values = series.dropna()
    whole = pd.api.types.is_integer_dtype(series) or bool((values == values.round()).all())
    return "#,##0" if whole or column in {"cost", "budget"} else "#,##0.0"


def _figure_format(kpi: str, value: float) -> str:
    if is_share(kpi):  # to its places, as shown elsewhere: a gap of 0.96% read 1.0%
        return f"0.{'0' * shown_scale(kpi)[1]}%"
    # Money whole, as the costs sheet has it: Timor-Leste's domestic force cost
    # 19,147,679.48 USD here, to the cent of a model's continuous recruits.
    if float(value).is_integer() or kpi.endswith("cost"):
        return "#,##0"
    return "#,##0.00" if abs(value) >= 1 else "0.0000"


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
        # A row per key figure (kpi_deltas: a cost, a share, a gap), each its own kind.
        number_format = _number_format(str(column), series, "kpi" in frame.columns)
        kinds = frame["kpi"].astype(str).tolist() if "kpi" in frame.columns else []
        for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
            if number_format is not None:
                cell.number_format = number_format
            elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                # Figures of many kinds (a key figure a row): each cell its own, a share as
                # a percentage, a count whole, 70,823.16 and 0.0187, not 70823.15511870949.
                kind = kinds[cell.row - 2] if cell.row - 2 < len(kinds) else ""
                cell.number_format = _figure_format(kind, cell.value)
        # Measured cell by cell: an empty column has no text for pandas' .str to work on.
        shown = [f"{v:,.2f}" if isinstance(v, float) else str(v) for v in series.head(500)]
        longest = max([len(str(column)), *map(len, shown)])
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, longest + 2)
        if longest > MAX_WIDTH and not pd.api.types.is_numeric_dtype(series):
            # A sentence (the verdict's lines, why a unit is left at home) wrapped in its
            # column: cut at 40 characters where the next column holds a value, else run
            # on past the sheet's edge.
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _annotate(sheet: Worksheet, name: str, frame: pd.DataFrame, scenario: Scenario) -> None:
    """A note on each header cell: what the column holds and its unit (`about.note`)."""
    for cell, column in zip(sheet[1], frame.columns, strict=False):
        if (text := note(name, str(column), scenario)) is None:
            continue
        cell.comment = heading_note(text)


def _sentences_wrapped(sheet: Worksheet) -> None:
    """The sheet's last column, its sentences (the about sheet's meanings, the verdict's
    lines), wide and wrapped to be read whole."""
    meaning = get_column_letter(sheet.max_column)
    sheet.column_dimensions[meaning].width = SENTENCE_WIDTH
    for (cell,) in sheet.iter_rows(min_row=2, min_col=sheet.max_column):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def model_sheet(run: Path) -> dict[str, pd.DataFrame]:
    """The run's model.yaml a line a row, row n its line n (the header is a comment), for
    `evaluate` to judge the workbook by when it travels alone; none for a run without one."""
    try:
        lines = (run / "model.yaml").read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    return {MODEL_SHEET: pd.DataFrame({MODEL_HEADER: lines})}


def replan_sheets(run: Path) -> dict[str, pd.DataFrame]:
    """A re-plan's record (replan.yaml, the sheet `evaluate` reads it from), its changes
    (diff.csv) and its key figures against the plan replaced (kpi_deltas.csv): what its
    workbook needs to stand alone. None for any other run, nor for a record that cannot
    be read (`check` names that)."""
    record = {}
    with suppress(ScenarioError):
        record = read_record(run)
    if not record:
        return {}
    found = {REPLAN_SHEET: record_table(record)}
    for name in ("diff", "kpi_deltas"):
        # Codes such as `NA` (Namibia) are names, not missing values.
        with suppress(OSError, ValueError):
            found[name] = pd.read_csv(run / f"{name}.csv", keep_default_na=False, na_values=[""])
    return found


def write_workbook(
    results: Results,
    path: Path,
    extra: Mapping[str, pd.DataFrame] | None = None,
    verdict: Verdict | None = None,
    idle: pd.DataFrame | None = None,
) -> Path:
    """Write the about sheet, every sheet (`verdict`'s too, where the plan was judged;
    `idle`'s as `sheets` takes it), and then `extra`'s, to `path` atomically, stamped as
    written (a planner's later edits are not written over: `fileio.changed_since_written`);
    return the path."""
    written = sheets(results, verdict, idle) | dict(extra or {})
    # First, where the workbook opens: a reader mailed it alone learns there what the
    # others hold, the key figures on the sheet after.
    written = {ABOUT_SHEET: about_sheet(results.scenario, written), **written}
    with atomic_file(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in written.items():
                sheet_name = name[:SHEET_NAME_LIMIT]
                frame.map(excel_figure).to_excel(writer, sheet_name=sheet_name, index=False)
                sheet = writer.sheets[sheet_name]
                keep_as_text(sheet)
                _format(sheet, frame)
                _annotate(sheet, name, frame, results.scenario)
            for sentences in (ABOUT_SHEET, VERDICT_SHEET):
                if sentences in writer.sheets:
                    _sentences_wrapped(writer.sheets[sentences])
            # Which sheets a planner later changes can then be said, where a digest of
            # the whole file tells only that something did.
            properties = writer.book.custom_doc_props  # type: ignore[attr-defined]  # not in the stubs
            for title, sheet in writer.sheets.items():
                digest = values_digest(sheet.iter_rows(values_only=True))
                properties.append(StringProperty(name=f"{SHEET_DIGEST}{title}", value=digest))
            made_on = results.scenario.digest
            properties.append(StringProperty(name=SCENARIO_DIGEST, value=made_on))
        stamp(path, coming=tmp)
    stamp(path)
    return path
