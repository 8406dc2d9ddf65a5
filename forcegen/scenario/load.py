"""Read a scenario from a folder or a workbook, collecting every problem on the way.

Reading is in two steps. First each file becomes a `RawTable` of text-or-number cells with
the row numbers the user sees (a CSV line, a worksheet row). Then every row is validated
by its pydantic model and every cross-table rule is checked (`validate.py`). Nothing
raises on bad input: problems are collected and returned together.
"""

from __future__ import annotations

import csv
import io
import os
import re
import traceback
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, reduce
from itertools import chain, islice
from operator import getitem
from pathlib import Path
from typing import Any, NamedTuple
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import pandas as pd
import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from pydantic import ValidationError, create_model

from forcegen.fileio import excel_figure, open_elsewhere
from forcegen.scenario.problems import (
    Problem,
    ScenarioError,
    did_you_mean,
    errors,
    in_reading_order,
    likely_meant,
    missing_file,
    neither_folder_nor_workbook,
    read_text,
    read_yaml,
    say_warnings,
    validation_problem,
)
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import (
    SETTINGS_FILE,
    TABLES,
    Record,
    Settings,
    TableSpec,
    Task,
    column_name,
    columns,
    kinds,
    wide_field,
)
from forcegen.scenario.validate import BrokenRow, Locator, check_scenario
from forcegen.scenario.write import SETTINGS_SHEET
from forcegen.shown import shortened, spans


@dataclass
class RawTable:
    """Cells of one table as read, before validation."""

    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    # The cells (row, column) a merge above or beside them blanks, which its problem names.
    blanked: set[tuple[int, str]] = field(default_factory=set)
    # Rows of more cells than the header (their own problem), left out of `rows`: which
    # cell holds what is unknown, but their first cells still name what the row is of.
    misshapen: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    # A CSV file's separator: `;` declared (`sep=;`) is European Excel's, whose numbers
    # may hold a thousands dot (`_thousands_dots`).
    separator: str = ","


@dataclass
class LoadResult:
    """What reading a scenario gave: the scenario if it has no errors, and every problem."""

    scenario: Scenario | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_scenario(path: str | Path, *, warn: bool = True) -> Scenario:
    """Load and validate a scenario folder or `.xlsx` workbook.

    Raises `ScenarioError` listing every error; warnings do not stop loading, and each is
    said as a `ScenarioWarning` (`warn`: False for a copy read again, whose warnings were
    said as it was made), as `forcegen validate` prints it.
    """
    return _loaded(path, warn, stacklevel=2)


def as_scenario(given: Scenario | str | Path) -> Scenario:
    """`given` as a scenario: as it is, or read from its folder or workbook as
    `load_scenario` reads it, for a public function that takes either (`solve_scenario`,
    `check_plan`) and calls this itself: its warnings said at the line that called that
    function (a notebook's), not at forcegen's."""
    return given if isinstance(given, Scenario) else _loaded(given, True, stacklevel=3)


def _loaded(path: str | Path, warn: bool, stacklevel: int) -> Scenario:
    """`load_scenario`'s work, its warnings said `stacklevel` frames above the caller."""
    result = read_scenario(path)
    if result.scenario is None:
        raise ScenarioError(result.problems)
    if warn:
        say_warnings(result.problems, stacklevel=stacklevel + 1)
        where = Path(path).resolve()
        _SAID.update((where, str(p)) for p in result.warnings)
    return result.scenario


# Each warning `load_scenario` has said, with the scenario it is of (its resolved path): a
# sweep of that scenario made after judges it again, and a notebook's sweep had said each of
# its warnings a second time.
_SAID: set[tuple[Path, str]] = set()


def not_said(scenario: str | Path, problems: list[Problem]) -> list[Problem]:
    """`problems` but the warnings `load_scenario` (or a function given the scenario's
    path) has said already, in this process, of the scenario at `scenario`."""
    where = Path(scenario).resolve()
    return [p for p in problems if (where, str(p)) not in _SAID]


def read_scenario(path: str | Path, given: Mapping[str, pd.Index] | None = None) -> LoadResult:
    """Read and validate a scenario, never raising for bad input. `given`: the index of
    each table that was given in memory and written out to be read (`Scenario.with_table`),
    by table, at whose labels a problem's message names another of its rows."""
    path = Path(path)
    problems: list[Problem] = []
    try:
        path.stat()
    except PermissionError:
        # In a folder that may not be searched (mode 000): whether it is a folder, or
        # there at all, cannot be asked.
        message = "the scenario cannot be reached: a folder it is in may not be searched by you"
        return LoadResult(None, [Problem(str(path), None, None, "unreadable", message)])
    except OSError:
        pass  # not there, or the like: said of it below
    if (what := neither_folder_nor_workbook(path)) is not None:
        problems.append(Problem(str(path), None, None, "scenario-path", f"the scenario {what}"))
        return LoadResult(None, problems)
    kind = "folder" if path.is_dir() else "workbook"
    # A folder is read by listing it and opening its files: it takes both permissions.
    if not os.access(path, os.R_OK | os.X_OK if kind == "folder" else os.R_OK):
        # Of mode 000, or another user's: said of it, where each of its files, asked
        # after, raised a PermissionError.
        message = f"the scenario {kind} cannot be read: you have no permission to read it"
        return LoadResult(None, [Problem(str(path), None, None, "unreadable", message)])
    if held := _scenarios_held(path):
        # A run folder, which keeps the scenario it was made on, or a folder of scenarios
        # (`validate data`): one problem, not a missing file per table.
        message = (
            f"not a scenario, but a folder that holds one: give {held[0]}"
            if len(held) == 1
            else f"not a scenario, but a folder that holds {len(held)}: give one of them, "
            + ", ".join(map(str, held))
        )
        return LoadResult(None, [Problem(str(path), None, None, "not-a-scenario", message)])
    if path.is_dir():
        settings_raw, tables = _read_folder(path, problems)
    else:
        settings_raw, tables = _read_workbook(path, problems)

    settings = _validate_settings(settings_raw, problems)
    rows: dict[str, tuple[Record, ...]] = {}
    locator = Locator(given=dict(given or {}), workbook=None if path.is_dir() else path.name)
    if settings_raw is not None:
        locator.settings_file, locator.settings_lines = settings_raw.file, settings_raw.lines
    for spec in TABLES:
        raw = tables.get(spec.name)
        tasks = {task.task for task in rows.get("tasks", ()) if isinstance(task, Task)}
        read = _validate_table(spec, raw, problems, tasks)
        rows[spec.name] = tuple(read.valid)
        file = raw.file if raw else locator.file(spec.name)
        locator.add(spec.name, file, read.places, read.readable, read.broken, read.keyed)

    # A formula without its value, or a cell a merge blanks, is that, not also a blank
    # where a value is required, nor a heading merged over the next an unknown column.
    said = {
        cell_key(p.file, p.row, p.column) for p in problems if p.rule == "formula-without-value"
    }
    said |= {cell_key(t.file, *blank) for t in tables.values() for blank in t.blanked}
    if settings_raw is not None:
        said |= {cell_key(settings_raw.file, *blank) for blank in settings_raw.blanked}
    problems[:] = [
        p
        for p in problems
        if p.rule not in ("required", "unknown-column") or _cell(p, settings_raw) not in said
    ]
    # Cross-table rules still run on the valid rows when some rows or settings are bad,
    # so that every problem is reported in one go.
    fields: dict[str, Any] = {"settings": settings, **rows}
    scenario = Scenario.model_construct(**fields)
    horizon = _horizon_alone(settings_raw) if settings is None else None
    problems.extend(check_scenario(scenario, locator, settings is not None, horizon))
    # A row's cells and its references to other tables are judged apart: a planner reads
    # the list against the sheet, top to bottom.
    problems = in_reading_order(problems, files_as_found=True)
    if errors(problems):
        return LoadResult(None, problems)
    return LoadResult(Scenario.model_validate({"settings": settings, **rows}), problems)


def _cell(problem: Problem, settings: _YamlSettings | None) -> tuple[str, int | None, str]:
    """The cell a problem is at (`cell_key`): a setting's, named by its key, is its row's
    value on a workbook's settings sheet (a formula there without its value, or a merge
    blanking it, left the setting required, said a second time at one cell)."""
    keyed = settings is not None and problem.file == settings.file
    if keyed and problem.column not in {None, "setting", "value"}:
        return cell_key(problem.file, problem.row, "value")
    return cell_key(problem.file, problem.row, problem.column)


def _scenarios_held(path: Path) -> list[Path]:
    """The scenario folders in the folder `path` that is none itself (no scenario.yaml,
    nor any table of one: a scenario begun, beside a copy kept in a folder of its own,
    is that scenario's problems)."""
    if not path.is_dir() or (path / SETTINGS_FILE).exists():
        return []
    if any((path / spec.file).exists() for spec in TABLES):
        return []
    # A folder that may not be searched (mode 000) is not asked after: that raised.
    return sorted(
        sub for sub in path.iterdir() if os.access(sub, os.X_OK) and (sub / SETTINGS_FILE).is_file()
    )


# ---------------------------------------------------------------- raw readers


def _read_folder(path: Path, problems: list[Problem]) -> tuple[Any, dict[str, RawTable]]:
    settings_raw = _read_yaml(path / SETTINGS_FILE, problems)
    elsewhere = _saved_otherwise(path, [spec.file for spec in TABLES])
    tables = {}
    for spec in TABLES:
        file = path / spec.file
        if not file.exists():
            # A required table saved otherwise is said once, at the file it was saved as.
            if file.is_symlink() or (spec.required and spec.file not in dict(elsewhere)):
                problems.append(missing_file(file, spec.file, f"{spec.file} is required"))
            continue
        table = read_csv_table(file, spec.file, problems, columns(spec))
        if table is not None:
            tables[spec.name] = table
    read = [spec.file for spec in TABLES if (path / spec.file).exists()]
    # `budgets.CSV` too, which a glob of *.csv passes over on Linux: it was left out
    # without a word (a file system blind to case reads it as budgets.csv, the same file).
    found = sorted(
        f.name
        for f in path.iterdir()
        if f.suffix.lower() == ".csv"
        and not any(f.name != name and _same_file(f, path / name) for name in read)
    )
    problems += unrecognised(found, [spec.file for spec in TABLES], "file", read)
    problems += [_not_csv(table, name, table in read) for table, name in elsewhere]
    return settings_raw, tables


# What a table is saved as by mistake: a workbook (Excel's Save As keeps its own format
# unless told), or text (`budgets.csv.txt` where Windows hid the extension it added).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".numbers")
TEXT_SUFFIXES = (".txt", ".tsv")


def _saved_otherwise(path: Path, tables: list[str]) -> list[tuple[str, str]]:
    """Each file in the folder `path` that is one of `tables` (by its name, as `_stem`
    reads it) saved as a workbook or text, not CSV, with that table's file: it was not
    read at all, and an optional table's was left out without a word (the plan made
    without budgets)."""
    return sorted(
        (table, f.name)
        for f in path.iterdir()
        if f.suffix.lower() in WORKBOOK_SUFFIXES + TEXT_SUFFIXES
        and not f.name.startswith(".")  # a lock file an open spreadsheet keeps
        and f.is_file()
        for table in tables
        if _stem(table) == _stem(f.stem)
    )


def _not_csv(table: str, name: str, read: bool) -> Problem:
    """The problem of `name`, the table `table` saved otherwise than as CSV: an error, as
    the table would be left out, unless `table` itself was `read` beside it."""
    if read:
        message = f"not read: the table is read from {table} alone, beside it"
        return Problem(name, None, None, "not-csv", message, severity="warning")
    how = (
        f"save it as {table} (in the spreadsheet that opens it, Save As 'CSV UTF-8 (Comma "
        "delimited)')"
        if Path(name).suffix.lower() in WORKBOOK_SUFFIXES
        else f"rename it {table} (if its cells are separated by commas)"
    )
    message = (
        f"the tables of a scenario folder are read from .csv files alone, so this one would "
        f"be left out: {how}"
    )
    return Problem(name, None, None, "not-csv", message)


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:  # a link to nothing
        return False


def unrecognised(
    found: list[str],
    known: list[str],
    kind: str,
    read: Collection[str],
    of: str = "a scenario",
    alike: Mapping[str, str] | None = None,
) -> list[Problem]:
    """A problem for each table file (or sheet) found that is none of `known` (`of` whose
    they are): an error where its name is a table's but for case, a plural or the marks
    of a copy (`budget.csv`, a `Ceiling` sheet, `budgets - Copy.csv`), or it is headed as
    the table it is `alike` (a sheet renamed `Units list`), and that table was not `read`,
    or read with no rows (the plan would be made without budgets), else a warning (notes,
    a copy beside the table itself, `budget_2001.csv`)."""
    problems = []
    for name in found:
        if name in known:
            continue
        misspelt = [table for table in known if _stem(table) == _stem(name)]
        if not misspelt and alike and name in alike:
            misspelt = [alike[name]]
        if misspelt and misspelt[0] not in read:
            # The table's own sheet there without rows (a workbook's, to be filled in)
            # cannot be renamed over: its rows go there.
            rename = (
                f"Its rows go in {misspelt[0]}, which has none: move them there, or delete "
                f"{misspelt[0]} and rename this one"
                if misspelt[0] in found
                else "Rename it"
            )
            message = (
                f"not a table of {of}, so it would be left out; is {misspelt[0]} "
                f"meant? {rename} (or, if it holds notes or a copy kept aside, give it a "
                "name of its own)"
            )
            problems.append(Problem(name, None, None, f"unknown-{kind}", message))
            continue
        message = f"not a table of {of}, so it is left out{did_you_mean(name, known)}"
        problems.append(Problem(name, None, None, f"unknown-{kind}", message, severity="warning"))
    return problems


def _stem(name: str) -> str:
    """A table's name as a planner may misspell it and still mean it: case, spaces around
    it, a plural and the marks of a copy aside (`ceilings (2)` as Excel names a sheet
    copied, `ceilings - Copy.csv` as Windows names a file, `Copy of budgets`, `budgets
    (copy)`, and copies of copies): the table renamed so, and its own name gone, the plan
    was made without it, said only in a warning. `budgets (2001)` is no copy's name."""
    stem = name.removesuffix(".csv").removesuffix(".CSV").strip().lower()
    while (bare := COPY_MARKS.sub("", stem).strip()) != stem:
        stem = bare
    return stem.rstrip("s")


# What Excel, Windows, macOS, a Linux desktop and a planner add to a name they copy.
COPY_MARKS = re.compile(
    r"^copy of\s+"
    r"|(\s*-\s*|_|\s+)copy(\s*\d+|\s*\(\d{1,2}\))?$"
    r"|\s*\((another |\d+(st|nd|rd|th) )?copy( \d+)?\)$"
    r"|\s*\(\d{1,2}\)$"
)


def read_csv_table(
    file: Path, label: str, problems: list[Problem], columns: Collection[str] = ()
) -> RawTable | None:
    """The CSV file's header and rows, each row numbered as a spreadsheet shows it (the
    header is row 1, a blank line is a row, a cell holding a line break stays in its
    row); None, with the problems, when it cannot be read as a table (its header not on
    line 1, as `unheaded` finds from its `columns`). A blank row is left out, but
    counted."""
    text = read_text(file, label, problems)
    if text is None:
        return None
    # Excel for Mac's "CSV (Macintosh)" ends lines with a carriage return alone.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Excel reads a first line `sep=;` (or a tab) as the file's separator, and shows no
    # row for it; Python's csv.writer quotes it, as a cell holding its separator.
    declared = re.match(r"(\"?)sep=(?P<separator>[^\w\s\"]|\t)\1\n", text)
    if declared:
        text = text[declared.end() :]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(Problem(label, line, None, "encoding", "the file contains NUL bytes"))
        return None
    if not text.strip():
        problems.append(
            Problem(label, None, None, "empty-file", "the file is empty (no header row)")
        )
        return None
    # Strict: a quote never closed would read the rest of the file as one cell.
    reader = csv.reader(
        io.StringIO(text), delimiter=declared["separator"] if declared else ",", strict=True
    )
    row = 0  # the rows read so far
    shapeless: list[Problem] = []  # rows longer than the header
    widths: set[int] = set()
    try:
        first = next(reader)
        header = header_of(first)
        row = 1
        if not header:
            # As a sheet's: a blank first line is no header, nor is a lower line taken for one.
            rows: list[list[str]] = [[]]
            for cells in reader:
                row += 1
                rows.append(cells)
            problems += unheaded(label, rows, "file")
            return None
        # A spreadsheet saved in a locale whose list separator is ';' (or as tab-separated
        # text) gives one column named 'region;name;...': say so, not that every column
        # is missing. Said before the lines below are read ahead as commas' CSV (a quoted
        # cell of theirs would be a syntax error) where the header names a column; a title
        # line with a ';' in it names none, and has the header below it.
        separator = next((c for c in ";\t" if len(header) == 1 and c in header[0]), None)
        named = separator is not None and (
            not columns or _column_names(header[0].split(separator), columns)
        )
        ahead: list[list[str]] = []
        stopped: csv.Error | None = None
        if not named:
            # A title line above the header, as a titled sheet saved as CSV leaves it: the
            # lines below are read ahead to find the header in, then read as the table's.
            try:
                for cells in islice(reader, TITLE_ROWS - 1):
                    row += 1
                    ahead.append(cells)
            except csv.Error as exc:
                # Said once the rows read before it are judged, as one further down is: a
                # row too long among them had been lost.
                stopped = exc
            if titled := unheaded(label, [first, *ahead], "file", columns):
                problems += titled
                return None
        if separator is not None:
            shown = "';'" if separator == ";" else "tabs"
            # A spreadsheet set to save CSV with semicolons cannot save commas; a first line
            # `sep=;` it reads and keeps.
            declare = ", or add a first line sep=; above its header" if separator == ";" else ""
            message = f"columns are separated by {shown}, not commas: save it as CSV with commas"
            problems.append(Problem(label, 1, None, "csv-delimiter", message + declare))
            return None
        row = 1
        below = ahead if stopped is not None else chain(ahead, reader)
        problems += repeated_columns(label, header)
        if columns:
            # As a sheet's: `Unit` is the column unit, as a planner's spreadsheet heads it.
            spelt = own_names(header, columns)
            header = [spelt[name] for name in header]
        table = RawTable(label, header, separator=declared["separator"] if declared else ",")
        for cells in below:
            row += 1
            if not any(c.strip() for c in cells):
                continue
            # A spreadsheet's export may end rows with empty cells beyond the header's.
            while len(cells) > len(header) and not cells[-1].strip():
                cells.pop()
            if len(cells) > len(header):
                message = f"row has {len(cells)} cells but the header has {len(header)}"
                if not declared:
                    message += (
                        ": a cell that holds a comma (a list, or a number written 1,200) must be "
                        "quoted; a list's items may be separated by ';' instead"
                    )
                shapeless.append(Problem(label, row, None, "row-shape", message))
                widths.add(len(cells))
                table.misshapen.append((row, _record(header, cells)))
                continue
            table.rows.append((row, _record(header, cells)))
        if stopped is not None:
            raise stopped
        if len(shapeless) > 1 and not table.rows and len(widths) == 1:
            # Every row as long: a column the header leaves unnamed, said once.
            message = (
                f"every row has {widths.pop()} cells but the header has {len(header)}: a "
                "column without a name in row 1 (name it, or delete the column), or a cell "
                "in every row that holds a comma and must be quoted"
            )
            shapeless = [Problem(label, 1, None, "row-shape", message)]
        problems += shapeless
        spacers_dropped(table)
    except csv.Error as exc:
        # Python's words for a quote out of place, in a planner's.
        message = str(exc)
        if message == "unexpected end of data":
            message = "a quote opened in this row is never closed: close it, or remove it"
        elif message.startswith("field larger than field limit"):
            # The same quote, in a file whose rest runs past the csv module's longest cell.
            message = (
                f"a quote opened in this row is never closed, the cell running on past "
                f"{csv.field_size_limit():,} characters: close it, or remove it"
            )
        elif message.endswith("expected after '\"'"):
            message = "text after a cell's closing quote: quote the whole cell, or no part of it"
        problems += shapeless
        problems.append(Problem(label, row + 1, None, "csv-syntax", message))
        return None
    return table


def _record(header: list[str], cells: Sequence[Any]) -> dict[str, Any]:
    """A row's cells by column; a column named twice (a problem of its own) gives its
    first cell, so that the rest of the row is judged as the planner reads it."""
    record: dict[str, Any] = {}
    for name, cell in zip(header, cells, strict=False):
        record.setdefault(name, cell)
    return record


def repeated_columns(label: str, header: list[str]) -> list[Problem]:
    """A problem for each column the header names twice, whatever the case and spaces
    around each (`Personnel` beside `personnel`): which cell is meant? Named as the
    table spells it where one is (lower case), else as first written."""
    written: dict[str, list[str]] = defaultdict(list)
    for name in header:
        if name:
            written[folded(name)].append(name)
    problems = []
    for key, names in written.items():
        if len(names) < 2:
            continue
        name = key if key in names else names[0]
        message = f"column '{name}' appears {len(names)} times"
        if len(set(names)) > 1:
            message += f" (as {', '.join(repr(n) for n in names)})"
        problems.append(Problem(label, 1, name, "duplicate-column", message))
    return problems


def repeated_names(header: Collection[str]) -> set[str]:
    """The names (`folded`) the header gives more than once, in one spelling or two: each
    a `duplicate-column`, and not also an unknown column or a missing one."""
    counts = Counter(folded(name) for name in header if name)
    return {name for name, count in counts.items() if count > 1}


def folded(name: str) -> str:
    """A column's, sheet's or field's name as it is matched: whatever its case and the
    spaces around it, as a spreadsheet leaves them (`Personnel `)."""
    return name.strip().casefold()


def missing_columns(
    file: str,
    wanted: Iterable[str],
    header: Sequence[str],
    problems: list[Problem],
    known: Collection[str] = (),
    otherwise: Callable[[str, list[str]], str] | None = None,
) -> dict[str, str | None]:
    """Each column `wanted` that the header lacks, with the header's name taken for it
    misspelt (`personel`), or None; and a `missing-column` problem for each, naming that
    name, unless the header gives the column twice in other spellings (`Unit`, `UNIT`: a
    `duplicate-column`). Only a name of none of `wanted` and `known` (the table's other
    columns) is taken for one misspelt, and is its one problem: its reader says it not
    again as unknown or unread. `otherwise`: what a column is told where no name is
    taken for it, given the header's other names (`; the columns are ...`)."""
    twice = repeated_names(header)
    wanted = list(wanted)
    others = [name for name in header if name not in wanted and name not in known]
    missing: dict[str, str | None] = {}
    for column in [column for column in wanted if column not in header]:
        missing[column] = None
        if column in twice:
            continue
        # A header's name close to it is most likely it, misspelt (`regoin`).
        if close := likely_meant(column, others):
            missing[column] = close[0]
            hint = f"; is '{close[0]}' it, misspelt?"
        else:
            hint = otherwise(column, others) if otherwise else ""
        message = f"required column '{column}' is missing{hint}"
        problems.append(Problem(file, 1, column, "missing-column", message))
    return missing


def _read_yaml(file: Path, problems: list[Problem]) -> Any:
    label = file.name
    repeated: list[Problem] = []
    missing = f"{label} is required"
    # `scenario.yml`, or `Scenario.YAML` where case tells names apart: the name meant.
    if not file.exists() and file.parent.is_dir():
        meant = [
            f.name
            for f in file.parent.iterdir()
            if f.stem.casefold() == file.stem.casefold()
            and f.suffix.casefold() in {".yaml", ".yml"}
            and f.is_file()
        ]
        if meant:
            missing += f"; {meant[0]} is here: rename it {label}"
    try:
        document, tree = read_yaml(file, label, repeated, missing=missing)
    except ScenarioError as exc:
        problems += exc.problems
        return None
    if repeated:
        problems += repeated
        return None
    if not isinstance(document, dict):
        problems.append(
            Problem(label, None, None, "yaml-shape", "expected a mapping of settings (key: value)")
        )
        return None
    problems += _keys_not_names(label, tree)
    return _YamlSettings(label, document, _yaml_lines(tree))


@dataclass
class _YamlSettings:
    """The settings as read, from `file` (scenario.yaml or a workbook's settings sheet),
    with the line or row of each dotted key."""

    file: str
    document: dict[str, Any]
    lines: dict[str, int]
    # The cells (row, column) of a workbook's sheet that a merge blanks, as a table's.
    blanked: set[tuple[int, str]] = field(default_factory=set)


def _yaml_keys(root: yaml.Node | None) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """Every key of a YAML mapping and its sections, as its dotted name as written, its
    node and its value's node."""
    keys: list[tuple[str, yaml.Node, yaml.Node]] = []

    def walk(node: yaml.Node | None, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = f"{prefix}{key.value}"
                keys.append((name, key, value))
                walk(value, f"{name}.")

    walk(root, "")
    return keys


def _yaml_lines(root: yaml.Node | None) -> dict[str, int]:
    """Line of every (dotted) key in a YAML mapping, to point at a bad setting."""
    return {name: key.start_mark.line + 1 for name, key, _ in _yaml_keys(root)}


# What YAML reads a key as that it reads as no text, by its tag's last word.
_READ_AS = {
    "null": "nothing (null)",
    "bool": "true or false",
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
}


def _keys_not_names(label: str, root: yaml.Node | None) -> list[Problem]:
    """A problem at each key YAML reads as no text (`~:` nothing, `5:` a number, `yes:`
    true), said as written at its line: pydantic names it as Python reads it (`None`) at
    no line, a number as a character's place."""
    problems = []
    for name, key, value in _yaml_keys(root):
        kind = key.tag.rpartition(":")[2]
        if kind == "str":
            continue
        message = f"not a known key: YAML reads {key.value} as {_READ_AS.get(kind, kind)}, "
        message += "not as a name"
        given = value.value if isinstance(value, yaml.ScalarNode) else None
        problems.append(
            Problem(label, key.start_mark.line + 1, name, "unknown-column", message, given)
        )
    return problems


OWN_SHEETS = {SETTINGS_SHEET, *(spec.name for spec in TABLES)}


def header_of(cells: Iterable[object]) -> list[str]:
    """A table's column names from its first row's cells: a sheet's row runs on in blank
    cells to the sheet's widest row, and a spreadsheet's CSV export may end the header
    with empty ones too (`budget,,`); neither is a column. A blank cell between names is
    named by its letter (`(unnamed column J)`): its values, if any, are said there, and
    a column blank all through is dropped with it (`spacers_dropped`)."""
    header = ["" if cell is None else str(cell).strip() for cell in cells]
    while header and not header[-1]:
        header.pop()
    return [name or f"{UNNAMED}{get_column_letter(i)})" for i, name in enumerate(header, 1)]


UNNAMED = "(unnamed column "


def spacers_dropped(table: RawTable) -> RawTable:
    """`table` without its columns that have neither a name nor a value: a blank column
    left between the table and a planner's notes is no column, where it had been said
    as an unknown one of no name."""
    # Judged by the rows read: a misshapen row's cells are its neighbours' (an unquoted
    # comma shifts them into the blank column), and are not judged.
    spacers = {
        name
        for name in table.header
        if name.startswith(UNNAMED) and all(_blank(cells.get(name)) for _, cells in table.rows)
    }
    table.header = [name for name in table.header if name not in spacers]
    for _, cells in [*table.rows, *table.misshapen]:
        for name in spacers:
            cells.pop(name, None)
    return table


# The rule of a table whose column names are not in its first row.
HEADER_ROW = "header-row"


def unheaded(
    label: str, rows: Iterable[Sequence[Any]], kind: str = "sheet", columns: Collection[str] = ()
) -> list[Problem]:
    """Why the table `label` (a sheet, or a CSV file: `kind`), its `rows` as read, cannot
    be read, if it cannot: it holds no cell at all, its first row is blank (a row inserted
    above the header, a title row left empty), or its first row names none of its
    `columns` where a row below names them (a title above the table). Column names are
    read from row 1 alone: a lower row is taken for the header only to say where it is,
    and every problem names the rows as the sheet numbers them."""
    rows = list(rows)
    filled = (n for n, cells in enumerate(rows, start=1) if not all(_blank(c) for c in cells))
    first = next(filled, None)
    if first is None:
        return [Problem(label, None, None, f"empty-{kind}", f"the {kind} has no header row")]
    if first > 1:
        blank = "row 1 is" if first == 2 else f"rows 1-{first - 1} are"
        message = (
            f"the column names go in row 1, but {blank} blank and the table starts in row "
            f"{first}: delete the blank {'row' if first == 2 else 'rows'} above it"
        )
        return [Problem(label, 1, None, HEADER_ROW, message)]
    # A title is one row, perhaps with a line under it; past the first few rows a match is
    # a table's data, not its header.
    named = [len(_column_names(cells, columns)) for cells in rows[:TITLE_ROWS]]
    header = next((n for n, count in enumerate(named, start=1) if count >= 2), None)
    written = [str(c).strip() for c in rows[0] if not _blank(c)]
    # A title may be a column's name too (`Budgets`), but alone in its row.
    if header is None or header == 1 or (named[0] and len(written) > 1):
        return []
    title = written[0]
    above = "row 1" if header == 2 else f"rows 1-{header - 1}"
    message = (
        f"the column names go in row 1, but they are in row {header}, below "
        f"{shortened(title)!r}: "
        f"delete {above} above them"
    )
    return [Problem(label, 1, None, HEADER_ROW, message)]


# How far down a title may push a table's header for `unheaded` to find it.
TITLE_ROWS = 5


def _sheet_columns(name: str) -> list[str]:
    """The columns of a scenario's sheet (none for a sheet not the scenario's)."""
    if name == SETTINGS_SHEET:
        return ["setting", "value"]
    spec = next((spec for spec in TABLES if spec.name == name), None)
    return columns(spec) if spec is not None else []


def _column_names(cells: Sequence[Any], columns: Collection[str]) -> set[str]:
    """The cells of a row that name one of `columns`, whatever their case and spaces."""
    names = {folded(c) for c in columns}
    return {text for c in cells if not _blank(c) and (text := folded(str(c))) in names}


def cell_key(file: str, row: int | None, column: str | None) -> tuple[str, int | None, str]:
    """A cell of a file or sheet, whose column a problem may name as the sheet spells it
    (`Personnel `) or as the table does (`personnel`): one cell either way."""
    return file, row, folded(column or "")


def formula_problems(
    label: str, header: Sequence[str], unsaved: dict[tuple[int, int], str]
) -> list[Problem]:
    """A problem at each of a sheet's `unsaved_formulas` (the sheet `label`, its columns
    `header`): an error in the table, a warning beside it, which is not read anyway."""
    problems = []
    for (row, position), formula in sorted(unsaved.items()):
        if position > len(header):
            message = "a formula beyond the table's last column is left out"
            column = get_column_letter(position)
            problems.append(
                Problem(label, row, column, "outside-table", message, formula, "warning")
            )
            continue
        message = (
            "a formula with no value saved (the workbook was written by a program, not "
            "saved by a spreadsheet): open and save it in Excel or LibreOffice"
        )
        problems.append(
            Problem(label, row, header[position - 1], "formula-without-value", message, formula)
        )
    return problems


def outside_table(
    label: str, header: Sequence[str], values: Sequence[Sequence[Any]]
) -> list[Problem]:
    """A warning at each cell of a sheet (`label`, its rows `values`) beyond the last of its
    table's columns (`header`): a planner's note beside the table, which no column reads,
    said rather than lost unseen."""
    problems = []
    for number, cells in enumerate(values[1:], start=2):
        for position, cell in enumerate(cells[len(header) :], start=len(header) + 1):
            if not _blank(cell):
                message = "a cell beyond the table's last column is left out"
                column = get_column_letter(position)
                problems.append(
                    Problem(label, number, column, "outside-table", message, str(cell), "warning")
                )
    return problems


def sized(sheet: Any) -> Any:
    """`sheet`, opened read-only, sized by the cells it holds, not by the dimension its file
    declares: openpyxl reads no row or column past that, and a program that writes it
    stale (`A1:I3` over a table of five rows) had the rows past it left out unsaid."""
    sheet.reset_dimensions()
    # openpyxl cannot size a sheet of no cells: it is read as the empty sheet it is.
    if any(sheet.iter_rows(values_only=True)):
        sheet.calculate_dimension(force=True)
    return sheet


def unsaved_formulas(written: Any, values: list[tuple[Any, ...]]) -> dict[tuple[int, int], str]:
    """A sheet's formulas (`written`, the sheet read for its formulas) without a value
    saved beside them in `values` (row, column: formula), which read as blank cells: a
    workbook written by a script and never opened in a spreadsheet, which works them out
    and saves their values. Not one whose saved value is an empty text
    (`=IF(A2="","",A2)` filled down past the data), which reads as the blank it is."""
    found = {}
    texts = _text_results(written)
    # One file read twice: the same rows and cells.
    rows = zip(written.iter_rows(values_only=True), values, strict=True)
    for number, (text, value) in enumerate(rows, start=1):
        for position, (cell, result) in enumerate(zip(text, value, strict=True), start=1):
            formula = isinstance(cell, str) and cell.startswith("=")
            if result is None and formula and (number, position) not in texts:
                found[(number, position)] = cell
    return found


def _text_results(sheet: Any) -> set[tuple[int, int]]:
    """The cells (row, column) of a sheet opened read-only whose formula's saved result
    is a text (`t="str"`), an empty one too: a spreadsheet saves `=IF(A2="","",A2)`'s
    empty result so, which openpyxl reads as no value at all, as it reads a formula a
    program wrote and no spreadsheet worked out (saved with no type). Refused as unsaved,
    re-saving changed nothing, and only deleting the formulas got a plan read."""
    found: set[tuple[int, int]] = set()
    # A row's or cell's place may be left out: then it is the one after the one before.
    at = [0, 0]  # row, column

    def start(tag: str, attributes: dict[str, str]) -> None:
        name = tag.rpartition("}")[2]
        if name == "row":
            at[:] = [int(attributes.get("r", at[0] + 1)), 0]
        elif name == "c":
            if "r" in attributes:
                column, at[0] = coordinate_from_string(attributes["r"])
                at[1] = column_index_from_string(column)
            else:
                at[1] += 1
            if attributes.get("t") == "str":
                found.add((at[0], at[1]))

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    with sheet._get_source() as source:
        parser.ParseFile(source)
    return found


def own_names(found: Sequence[str], own: Collection[str]) -> dict[str, str]:
    """Each sheet or column name found as the scenario spells it, where it differs only in
    case or spaces around it (`Units `, `Personnel`), as a spreadsheet leaves it; else as
    found. Not where the scenario's spelling is found too, or two names would be one
    (`Personnel` and `PERSONNEL`): both stay as found, and what is wrong with them is said."""
    spelt = [folded(name) for name in found]
    named = {}
    for name, own_name in zip(found, spelt, strict=True):
        alone = spelt.count(own_name) == 1 and own_name not in found
        named[name] = own_name if name not in own and own_name in own and alone else name
    return named


@dataclass(frozen=True)
class SheetLayout:
    """What a sheet read in openpyxl's read-only mode does not show: its rows that are
    hidden (by hand or by a filter), its hidden columns (by number) and its ranges of merged
    cells (`A3:A5`)."""

    hidden: frozenset[int]
    hidden_columns: frozenset[int]
    merged: tuple[str, ...]


def layout_of(sheet: Any) -> SheetLayout:
    """The layout of a sheet opened read-only, from its XML in one pass of expat that
    builds no cells: a workbook opened otherwise builds every cell (2.5 s for a scenario
    of 30,000 units, where this takes 0.35 s)."""
    hidden: set[int] = set()
    hidden_columns: set[int] = set()
    merged: list[str] = []
    number = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal number
        name = tag.rpartition("}")[2]
        if name == "row":
            # A row's number may be left out: then it is the one after the row before.
            number = int(attributes.get("r", number + 1))
            if attributes.get("hidden") in ("1", "true"):
                hidden.add(number)
        elif name == "col" and attributes.get("hidden") in ("1", "true"):
            # One element for a run of columns alike: `min` to `max`.
            first = int(attributes.get("min", 1))
            hidden_columns.update(range(first, int(attributes.get("max", first)) + 1))
        elif name == "mergeCell" and "ref" in attributes:
            merged.append(attributes["ref"])

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    # The read-only sheet's own XML, as openpyxl reads its rows.
    with sheet._get_source() as source:
        parser.ParseFile(source)
    return SheetLayout(frozenset(hidden), frozenset(hidden_columns), tuple(merged))


def layout_problems(
    label: str, sheet: Any, header: Sequence[str], values: Sequence[Sequence[Any]]
) -> tuple[list[Problem], set[tuple[int, str]]]:
    """What a sheet read as a table (`label`, its columns `header`, its rows `values`)
    shows otherwise than it is read, and the cells (row, column) a merge blanks: a
    warning where the sheet, a row of it that holds part of the table, or a column of the
    table is hidden (a planner who hid it may think it left out: it is read as any other);
    an error at each range of merged cells that holds a value of the table, of which all
    but the first cell read as blank, said once rather than as each blank (`required`)."""
    problems = []
    if sheet.sheet_state != "visible":
        message = "the sheet is hidden, but it is read all the same"
        problems.append(Problem(label, None, None, "hidden-sheet", message, severity="warning"))
    layout = layout_of(sheet)
    read = [
        number
        for number, cells in enumerate(values, start=1)
        if number in layout.hidden and not all(_blank(c) for c in cells[: len(header)])
    ]
    if read:
        rows = f"rows {spans(read)} are" if len(read) > 1 else f"row {read[0]} is"
        message = (
            f"{rows} hidden (by hand or by a filter), but read all the same: delete a row to "
            "leave it out"
        )
        problems.append(Problem(label, None, None, "hidden-row", message, severity="warning"))
    for position in sorted(layout.hidden_columns):
        # One of no name is no column read (`spacers_dropped`), or said as unknown.
        if position <= len(header) and not header[position - 1].startswith(UNNAMED):
            message = (
                f"column {get_column_letter(position)} is hidden, but read all the same: "
                "delete it to leave it out"
            )
            problems.append(
                Problem(
                    label, None, header[position - 1], "hidden-column", message, None, "warning"
                )
            )
    blanked: set[tuple[int, str]] = set()
    # A range of whole rows or columns (no merge a spreadsheet writes) has no bounds.
    bounds = {cells: [b or 0 for b in range_boundaries(cells)] for cells in layout.merged}
    # Row by row, as a planner goes through the sheet, whatever order the file keeps.
    for cells in sorted(bounds, key=lambda cells: bounds[cells][1::-1]):
        first_column, first_row, last_column, last_row = bounds[cells]
        inside = 1 <= first_row <= len(values) and 1 <= first_column <= len(header)
        value = values[first_row - 1][first_column - 1] if inside else None
        if _blank(value):
            continue  # beside the table (said as such), or blank all through
        first = f"{get_column_letter(first_column)}{first_row}"
        each = "row" if first_column == last_column else "cell"
        message = (
            f"cells {cells} are merged, so all but {first} read as blank: unmerge them and "
            f"give each {each} its own value"
        )
        column = header[first_column - 1]
        problems.append(Problem(label, first_row, column, "merged-cell", message, str(value)))
        blanked |= {
            (row, header[position - 1])
            for row in range(first_row, last_row + 1)
            for position in range(first_column, min(last_column, len(header)) + 1)
        } - {(first_row, header[first_column - 1])}
    return problems, blanked


# What openpyxl raises for a file it cannot open as a workbook (not a zip, no such sheet
# part, a bad value in its XML, XML cut short), some only when a sheet's rows are read.
UNREADABLE = (zipfile.BadZipFile, OSError, KeyError, ValueError, ParseError, expat.ExpatError)
# And as it opens one, for a value of the wrong type in its XML (a font size of text, as
# some tools save one) a TypeError, for a chart sheet without a chart an AttributeError:
# caught there alone, not around forcegen's own work, whose faults are its own.
UNOPENABLE = (*UNREADABLE, TypeError, AttributeError)


# The first bytes of an Excel 97-2003 workbook (.xls), an OLE2 compound file.
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")


def not_a_zip(path: Path) -> str:
    """Why the workbook at `path` is no .xlsx, which is a zip archive, in a planner's words
    (zipfile's were 'File is not a zip file'): what its first bytes say it is."""
    with path.open("rb") as file:
        start = file.read(4096)
    if start.startswith(b"PK"):
        return "a zip archive, as an .xlsx is, but damaged or cut short: save it again"
    if start.startswith(OLE2):
        return "an Excel 97-2003 workbook (.xls) named .xlsx: save it as Excel Workbook (.xlsx)"
    try:
        start.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start <= len(start) - 4:  # not a character cut at the 4096th byte
            return "neither a workbook nor text: save it as Excel Workbook (.xlsx)"
    return (
        "text, not a workbook (a CSV file named .xlsx?): save it as Excel Workbook (.xlsx), "
        "or keep the tables as .csv files in a scenario folder"
    )


def openpyxl_fault(error: BaseException) -> bool:
    """Whether `error` (one of UNOPENABLE) is the workbook's, as openpyxl read it: of
    UNREADABLE, or raised inside openpyxl (a merge of no cells, read as the sheet's
    layout is); a TypeError of forcegen's own is its fault, kept as a traceback."""
    if isinstance(error, UNREADABLE):
        return True
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and f"{os.sep}openpyxl{os.sep}" in frames[-1].filename


def sheets_of_its_own(path: Path) -> list[str] | None:
    """The sheets of a scenario's workbook at `path` that are none of the scenario's (a
    planner's notes, which writing a scenario over it would lose); None where `path` is
    no scenario's workbook (no settings sheet, spelt as a spreadsheet may leave it, or no
    workbook at all)."""
    try:
        workbook = load_workbook(path, read_only=True)
    except UNOPENABLE:
        return None
    titles = workbook.sheetnames
    workbook.close()
    named = own_names(titles, OWN_SHEETS)
    if SETTINGS_SHEET not in named.values():
        return None
    return [title for title in titles if named[title] not in OWN_SHEETS]


def files_of_its_own(path: Path) -> list[str] | None:
    """The files and folders in a scenario's folder at `path` that are none of the
    scenario's (its notes, the script that built it, an events file), which writing a
    scenario over it would leave beside a scenario they are not of; None where `path` is
    no scenario's folder (no settings file). Hidden ones (.DS_Store) are no one's own."""
    if not (path / SETTINGS_FILE).is_file():
        return None
    scenario = {SETTINGS_FILE, *(spec.file for spec in TABLES)}
    return sorted(
        entry.name
        for entry in path.iterdir()
        if entry.name not in scenario and not entry.name.startswith(".")
    )


def _read_workbook(path: Path, problems: list[Problem]) -> tuple[Any, dict[str, RawTable]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except UNOPENABLE as exc:
        why = not_a_zip(path) if isinstance(exc, zipfile.BadZipFile) else exc
        message = f"cannot open as .xlsx: {why}"
        problems.append(Problem(path.name, None, None, "unreadable-workbook", message))
        return None, {}
    sheets: dict[str, RawTable] = {}
    if said := open_elsewhere(path):
        problems.append(Problem(path.name, None, None, "open-elsewhere", said, severity="warning"))
    names = own_names([sheet.title for sheet in workbook.worksheets], OWN_SHEETS)
    formulas = load_workbook(path, read_only=True, data_only=False)
    for sheet in workbook.worksheets:
        name = names[sheet.title]
        label = f"{path.name}[{sheet.title}]"
        try:
            values = list(sized(sheet).iter_rows(values_only=True))
            header = header_of(values[0]) if values else []
            # Only the scenario's sheets are read: another sheet's formulas, hidden rows
            # and merged cells are left out with it (its `unknown-sheet` warning), as is
            # a formula beside a table.
            own = name in OWN_SHEETS
            unsaved = unsaved_formulas(sized(formulas[sheet.title]), values) if own else {}
            laid, blanked = layout_problems(label, sheet, header, values) if own else ([], set())
        except UNOPENABLE as exc:
            if not openpyxl_fault(exc):
                raise
            problems.append(
                Problem(label, None, None, "unreadable-workbook", f"cannot read the sheet: {exc}")
            )
            continue
        if unread := unheaded(label, values, columns=_sheet_columns(name)):
            if name in OWN_SHEETS:
                problems += unread
            else:  # not the scenario's: left out, with the other sheets' warning
                sheets[name] = RawTable(label, [])
            continue
        table = RawTable(label, header, blanked=blanked)
        problems += repeated_columns(label, header)
        problems += formula_problems(label, header, unsaved)
        problems += outside_table(label, header, values)
        problems += laid
        for number, cells in enumerate(values[1:], start=2):
            if not all(_blank(c) for c in cells[: len(header)]):
                # A figure a formula worked out (=3*0.1*1000 saves 300.00000000000006) is
                # read as the spreadsheet shows it: a ceiling of 300, not a fraction.
                shown = [excel_figure(c) for c in cells]
                table.rows.append((number, _record(header, shown)))
        sheets[name] = spacers_dropped(table)
    workbook.close()
    formulas.close()

    settings_raw = None
    # A sheet there but not read (no header in row 1, no rows that can be read) has its
    # own problem: it is not also said to be missing.
    there = set(names.values())
    if SETTINGS_SHEET in sheets:
        settings_raw = _settings_from_sheet(sheets.pop(SETTINGS_SHEET), problems)
    elif SETTINGS_SHEET not in there:
        problems.append(
            Problem(path.name, None, None, "missing-sheet", f"sheet '{SETTINGS_SHEET}' is required")
        )
    for spec in TABLES:
        if spec.name not in there and spec.required:
            problems.append(
                Problem(path.name, None, None, "missing-sheet", f"sheet '{spec.name}' is required")
            )
    # A table's sheet with no rows (as `convert` writes an optional one, to be filled in)
    # beside its copy that has them: the copy is what the planner filled.
    filled = [name for name, table in sheets.items() if table.rows]
    # A sheet headed as a table, renamed past a name `_stem` reads (`Units list`): that
    # table, which would be left out.
    alike = {
        name: headed
        for name, table in sheets.items()
        if name not in OWN_SHEETS and (headed := _headed_as(table.header)) is not None
    }
    problems += [
        replace(p, file=f"{path.name}[{p.file}]")
        for p in unrecognised(
            list(sheets), [spec.name for spec in TABLES], "sheet", filled, alike=alike
        )
    ]
    return settings_raw, sheets


def _headed_as(header: Collection[str]) -> str | None:
    """The table a sheet's `header` is headed as: of the tables whose every required
    column it names, the one of most (units' beside unit_types' `type` alone); None for
    none, or two alike."""
    names = {folded(name) for name in header}
    required = {spec.name: _required_columns(spec) for spec in TABLES}
    headed = sorted(
        (len(needed), name) for name, needed in required.items() if set(needed) <= names
    )
    if not headed or (len(headed) > 1 and headed[-1][0] == headed[-2][0]):
        return None
    return headed[-1][1]


def _required_columns(spec: TableSpec) -> list[str]:
    return [c for c in columns(spec) if _column_required(spec, c)]


def _settings_from_sheet(table: RawTable, problems: list[Problem]) -> _YamlSettings | None:
    """Dotted `setting`/`value` rows back into the nested settings document; None, with a
    problem for each, where a column is missing (a misspelt `value` would otherwise read
    as every setting left blank)."""
    document: dict[str, Any] = {}
    lines: dict[str, int] = {}
    own = ("setting", "value")
    named = own_names(table.header, own)
    header = [named[name] for name in table.header]
    if missing_columns(
        table.file, own, header, problems, otherwise=lambda *_: f"; the columns are {list(own)}"
    ):
        return None
    others = [h for h in table.header if named[h] not in own]
    rows = []
    for number, found in table.rows:
        cells = {named.get(k, k): v for k, v in found.items()}
        # Spelt as a spreadsheet may leave it, as sheet and column names are (`Domestic.
        # Academy_Capacity`): every setting's name is lower case.
        key = ".".join(part.strip().lower() for part in str(cells.get("setting") or "").split("."))
        rows.append((number, key, cells))
        # A planner's column beside setting and value is notes, not read: a value typed
        # there by its blank value cell had left the setting its default without a word.
        beside = [h for h in others if not _blank(cells.get(h))]
        if beside and _blank(cells.get("value")) and key.strip("."):
            message = (
                f"{shortened(key)!r} has no value, and this cell beside it is not read: if "
                "it is the value, type it in the value column"
            )
            typed = str(cells[beside[0]])
            problems.append(
                Problem(table.file, number, beside[0], "outside-table", message, typed, "warning")
            )
    # A section's name over its rows (`domestic`, as YAML's `domestic:` line heads them)
    # with no value of its own is a heading, not a setting that is also a section.
    sections = {key[:i] for _, key, _ in rows for i, c in enumerate(key) if c == "."}
    for number, key, cells in rows:
        if key in sections and _blank(cells.get("value")):
            continue
        if not key.strip("."):
            if not _blank(cells.get("value")):
                # A value whose setting was blanked had been read as nothing, without a word.
                message = "a value without its setting: name the setting it is, or delete it"
                orphan = str(cells.get("value"))
                problems.append(Problem(table.file, number, "setting", "required", message, orphan))
            continue
        if key in lines:
            message = (
                f"{shortened(key)!r} is given in rows {lines[key]} and {number}: one value each; "
                "delete one of them"
            )
            problems.append(Problem(table.file, number, "setting", "duplicate-key", message, key))
            continue
        value = cells.get("value")
        node = document
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        if not isinstance(node, dict) or isinstance(node.get(leaf), dict):
            # `domestic` beside `domestic.course_months`: one is a section, the other a value
            section = next(
                (k for k in lines if key.startswith(k + ".") or k.startswith(key + ".")), key
            )
            message = (
                f"'{key}' and '{section}' (row {lines[section]}) cannot both be given: "
                "one is a section of settings, the other a single value"
            )
            problems.append(Problem(table.file, number, "setting", "setting-section", message, key))
            continue
        # Only a row read is a setting's line: a refused one's key, said at its own row,
        # is no line to say the key it clashed with at.
        lines[key] = number
        node[leaf] = None if _blank(value) else value  # a blank takes the default (`_given`)
    return _YamlSettings(table.file, document, lines, table.blanked)


# ---------------------------------------------------------------- validation of rows


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _given(document: dict[str, Any]) -> dict[str, Any]:
    """The settings without those left blank (`course_months:`), which take their default
    as a blank cell does, or are named `required` at their line: not a wrong type. A key
    YAML reads as no text (`5:`) is left out too: said as written (`_keys_not_names`)."""
    return {
        key: _given(value) if isinstance(value, dict) else value
        for key, value in document.items()
        if value is not None and isinstance(key, str)
    }


def _validate_settings(raw: _YamlSettings | None, problems: list[Problem]) -> Settings | None:
    if raw is None:
        return None
    try:
        return Settings.model_validate(_given(raw.document))
    except ValidationError as exc:
        for error in exc.errors():
            key = ".".join(str(p) for p in error["loc"])
            # An item of a list (domestic.tasks.0) is on its setting's line.
            written = [k for k in raw.lines if key == k or key.startswith(f"{k}.")]
            under = [k for k in raw.lines if k.startswith(f"{key}.")]
            if not written and under and error["type"] == "extra_forbidden":
                # A sheet's rows name a setting in full: those of a section it does not
                # know (`domestc.course_months`) were said once, as the section at no row.
                for setting in under:
                    row_error = {
                        **error,
                        "input": reduce(getitem, setting.split("."), raw.document),
                    }
                    problems.append(
                        validation_problem(
                            raw.file, raw.lines[setting], setting, row_error, Settings
                        )
                    )
                continue
            line = raw.lines[max(written, key=len)] if written else None
            problem = validation_problem(raw.file, line, key, error, Settings)
            if error["type"] == "missing" and line is None and raw.file.endswith("]"):
                # A sheet's setting has no line to add a key under: the rows to add.
                problem = replace(problem, message=_rows_to_add(key))
            problems.append(problem)
        return None


def _rows_to_add(key: str) -> str:
    """What a workbook's settings sheet missing the required setting `key` is told: the
    row to add, or each required row of a section (`domestic`), which no row names."""
    section = Settings.model_fields.get(key)
    model = section.annotation if section is not None else None
    if isinstance(model, type) and issubclass(model, Record):
        rows = [f"{key}.{name}" for name, info in model.model_fields.items() if info.is_required()]
        return f"no row gives these settings: add a row for each of {', '.join(rows)}"
    return f"no row gives it: add a row, {key} in the setting column and its value beside it"


def _horizon_alone(raw: _YamlSettings | None) -> Settings | None:
    """The settings' start and months, each valid on its own, where the rest are not
    (unset, not validated): what the tables' months are judged against; None where
    either is at fault too. The fiscal year's first month with them where it is valid
    too: the budgets' years are judged by it (left out, a year was taken to begin in
    January, and said outside the horizon when it was not)."""
    if raw is None:
        return None
    sound = _valid_alone(raw, ("start", "months"))
    if sound is None:
        return None
    # None where it is at fault: the budgets' years wait for it (`_budgets_in_force`).
    sound |= _valid_alone(raw, ("fiscal_year_start",)) or {"fiscal_year_start": None}
    return Settings.model_construct(**sound)


def _valid_alone(raw: _YamlSettings, names: tuple[str, ...]) -> dict[str, Any] | None:
    """The settings `names` as given, validated as Settings validates them (its
    constraints, and Record's refusal of a true/false, which lax mode reads as 1), or
    None where one of them is at fault; a setting not given takes its default."""
    given = {name: raw.document[name] for name in names if name in raw.document}
    try:
        return _alone(Settings, names).model_validate(given).model_dump()
    except ValidationError:
        return None


@cache
def _alone(model: type[Record], names: tuple[str, ...]) -> type[Record]:
    """`model` of its fields `names` alone, each validated as `model` validates it."""
    own = model.model_fields
    fields: dict[str, Any] = {name: (own[name].annotation, own[name]) for name in names}
    return create_model(f"{model.__name__}Alone", __base__=Record, **fields)


def kept_fields(
    model: type[Record], data: Mapping[str, Any], exc: ValidationError
) -> dict[str, Any]:
    """The fields of a row that broke its own rules (`exc`) but those that broke them, by
    name, as `model` reads them (a blank one its default); `data`, the row's cells by
    column, as `model` was given them. The rules between a row's fields are judged on
    these (`check_scenario`): a period that ends before it starts was said only once the
    row's capacity below 0 was mended, one fault hiding the other."""
    failed = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
    own = model.model_fields
    names = tuple(name for name, info in own.items() if not {name, info.alias} & failed)
    columns = {own[name].alias or name for name in names}
    given = {column: value for column, value in data.items() if column in columns}
    return dict(_alone(model, names).model_validate(given))


# A word of two letters or more, which no number a spreadsheet writes as text holds (90%,
# 0,9, 1e-1, $5): a note's `ask J5` or `see annex 2` does.
_WORD = re.compile(r"[^\W\d_]{2}")


def _words_only(column: str, rows: list[tuple[int, dict[str, Any]]]) -> bool:
    """Whether the cells of `column` that are not blank are all text holding a word: no
    number, nor one a spreadsheet wrote as text (90%, 0,9), which is said as such."""
    cells = [cells[column] for _, cells in rows if not _blank(cells.get(column))]
    return bool(cells) and all(isinstance(cell, str) and _WORD.search(cell) for cell in cells)


# The required tables a scenario is none without a row of: demand of no rows asks for no
# one, which a scenario may (warned).
NEEDS_A_ROW = frozenset(spec.name for spec in TABLES if spec.required) - {"demand"}


class _TableRead(NamedTuple):
    """A table as validated: its valid rows, the row number of each, whether it could be
    read whole, whether its codes are all known (its key column there, and rows under
    it, each valid or broken) and the rows that failed."""

    valid: list[Record]
    places: list[int]
    readable: bool
    keyed: bool
    broken: list[BrokenRow]


def _validate_table(
    spec: TableSpec, raw: RawTable | None, problems: list[Problem], tasks: Collection[str] = ()
) -> _TableRead:
    """A table's rows validated; `tasks`, the task codes read already, whose columns of a
    wide table are theirs whatever their cells hold.

    Invalid rows are reported and left out.
    """
    if raw is None:
        return _TableRead([], [], not spec.required, not spec.required, [])
    wide = wide_field(spec)
    known = set(columns(spec))
    named = own_names(raw.header, known)
    if any(h != own for h, own in named.items()):

        def renamed(rows: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
            return [
                (number, {named.get(k, k): v for k, v in cells.items()}) for number, cells in rows
            ]

        header = [named[h] for h in raw.header]
        raw = RawTable(
            raw.file,
            header,
            renamed(raw.rows),
            misshapen=renamed(raw.misshapen),
            separator=raw.separator,
        )
    # A column misspelt (`personel`) is said once, as the one missing, as a plan's is.
    taken = missing_columns(raw.file, _required_columns(spec), raw.header, problems, known)
    absent = list(taken)
    # Given twice, the column is said as that (`repeated_columns`).
    twice = repeated_names(raw.header)
    unknown = [h for h in raw.header if h not in known]
    if not wide:
        unknown = [h for h in unknown if folded(h) not in twice and h not in taken.values()]
        for column in unknown:
            # A column of words no column's name is near is a planner's notes, which have a
            # place of their own to go.
            notes = f"; {_notes_go(raw.file)}" if _words_only(column, raw.rows) else ""
            elsewhere = f"; expected {sorted(known)}{notes}"
            problems.append(
                Problem(
                    raw.file,
                    1,
                    column,
                    "unknown-column",
                    f"{shortened(column)!r} is not a column of the {spec.name} table"
                    + (did_you_mean(column, known) or elsewhere),
                )
            )
    if wide and not absent:
        # A column of words (notes beside the unit types) is no task's effectiveness: said
        # once, not as a number refused on every row of it. (Beside a column missing, it
        # may be that column under another name: left unjudged, as below.) A task's own
        # column of words is its cells' fault, each said at its row.
        for column in [c for c in unknown if c not in tasks and _words_only(c, raw.rows)]:
            message = (
                f"{shortened(column)!r} holds words, where a column besides "
                f"{' and '.join(columns(spec))} is a task's effectiveness (a number 0..1): "
                f"give numbers if it is a task's, or {_notes_go(raw.file)}"
            )
            problems.append(Problem(raw.file, 1, column, "unknown-column", message))
            unknown.remove(column)
    if spec.name in NEEDS_A_ROW and not raw.rows and not raw.misshapen:
        # Not read: what the scenario lacks without it (tasks no unit can do, a nation
        # without units) would each be said in its place, and the file not at all.
        what = spec.name.removesuffix("s").replace("_", " ")
        message = f"the table has its header and no rows: a scenario needs a {what} at least"
        problems.append(Problem(raw.file, None, None, "no-rows", message))
        return _TableRead([], [], False, False, [])
    flags = _flag_columns(spec)
    valid: list[Record] = []
    places: list[int] = []
    # A misshapen row's cells may each be its neighbour's: none is judged, but its key is
    # a broken row's, which references to it do not echo.
    broken = [broken_row(number, cells, known, {}) for number, cells in raw.misshapen]
    required = _required_columns(spec)
    for number, cells in raw.rows:
        given = [k for k, v in cells.items() if not _blank(v)]
        if len(given) == 1 and len(required) > 1 and not absent:
            # One cell alone, where a row takes several (a note or a total typed below the
            # table): one problem, not each column it lacks as required.
            message = (
                f"only {given[0]} is given, where a row needs {', '.join(required)}: a note "
                f"or a total? Delete the row, or {_notes_go(raw.file)}"
            )
            value = str(cells[given[0]])
            problems.append(Problem(raw.file, number, given[0], "required", message, value))
            broken.append(broken_row(number, cells, known, {}))
            continue
        dotted = _thousands_dots(spec, raw, number, cells, problems)
        data = {
            k: _flag(v) if k in flags else v
            for k, v in cells.items()
            if k in known and not _blank(v) and k not in dotted
        }
        # A table missing a column may hold it under another name (`kind` for `type`),
        # which a wide table reads as one of its own columns: its cells are left unjudged
        # then, not each refused as that column's number.
        if wide and not absent:
            data[wide] = {
                k: v for k, v in cells.items() if k in unknown and not _blank(v) and k not in dotted
            }
        try:
            valid.append(spec.row.model_validate(data))
            places.append(number)
        except ValidationError as exc:
            # A missing column is its one problem on row 1, not one on every row; the
            # row's other cells are still judged, so that all is said in one go.
            failed: set[str] = set(absent) | dotted
            for error in exc.errors():
                loc = [str(p) for p in error["loc"]]
                where = loc[-1] if wide and loc and loc[0] == wide else loc[0] if loc else None
                if error["type"] == "missing" and where in failed:
                    continue
                problems.append(validation_problem(raw.file, number, where, error))
                failed.add(where or "")
            broken.append(broken_row(number, cells, failed, kept_fields(spec.row, data, exc)))
    # Without a required column no row is whole, so the table is not read: the rules over
    # all its rows stay quiet (each row's own cells spoke). Its codes are still known
    # where its key column is there: a unit's unknown nation is said in the same round.
    keyed = not any(column in absent for column in spec.key[:1])
    return _TableRead(valid, places, not absent, keyed, broken)


# 1.200 or 12.500.000: a number whose every dot is before three figures, a thousands dot.
_DOTTED = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")


def _thousands_dots(
    spec: TableSpec, raw: RawTable, number: int, cells: dict[str, Any], problems: list[Problem]
) -> set[str]:
    """The number columns of a row of a file separated by `;` (`sep=;`, as European Excel
    saves it) whose cell may hold a thousands dot, each said at its cell: Excel there
    writes 1200 shown with its thousands as 1.200, which reads as 1.2, a figure a
    thousandth of its size, without a word. A decimal comma (0,5) is refused anyway."""
    if raw.separator != ";":
        return set()
    own, wide = spec.row.model_fields, wide_field(spec) is not None
    dotted = set()
    for column, value in cells.items():
        # A column of no field of a wide table's row is a task's, of numbers.
        numeric = kinds(own[column].annotation) & {int, float} if column in own else wide
        if numeric and isinstance(value, str) and _DOTTED.match(text := value.strip()):
            message = (
                f"a number in a file separated by ';' (as European Excel saves it) with a "
                f"thousands dot? Write {text.replace('.', '')} for {text} if it is that, "
                f"{float(text):g} if not"
            )
            problems.append(Problem(raw.file, number, column, "ambiguous-number", message, text))
            dotted.add(column)
    return dotted


def _notes_go(file: str) -> str:
    """Where a planner's notes beside a table go, as said to the table at `file`: a sheet
    or a file of their own, which is read as no table (said in a warning)."""
    return f"keep notes {'on a sheet' if file.endswith(']') else 'in a file'} of their own"


def _flag_columns(spec: TableSpec) -> set[str]:
    """The table's yes/no columns (a region's `border`)."""
    return {
        column_name(spec, name)
        for name, info in spec.row.model_fields.items()
        if bool in kinds(info.annotation)
    }


# 1 or 0 written as a float: pandas makes a column of 1s, 0s and blanks one of floats,
# which `with_table` writes as `1.0`, and a spreadsheet may show it so.
_WHOLE_FLAG = re.compile(r"([01])\.0*")


def _flag(value: Any) -> Any:
    """A yes/no cell as it is meant: its text without the spaces around it (as a
    number's ` 3 ` is read), `1.0` and `0.0` as 1 and 0 (a workbook's number 1.0 is one
    already). Anything else (2, 0.5, a word) is left for its field to refuse."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    whole = _WHOLE_FLAG.fullmatch(text)
    return whole[1] if whole else text


def broken_row(
    number: int, cells: dict[str, Any], failed: Collection[str], kept: Mapping[str, Any]
) -> BrokenRow:
    """A row that broke its own rules in the columns `failed`, with its other cells as
    they will be read (blank ones left out, text stripped), whose codes can still be
    judged, and the fields `kept` that kept their own rules (`kept_fields`), whose rules
    between them can: a row of a table, or of a sweep's variant."""
    # A sweep's row holds a list as a list (a nation's refused tasks), where a file's
    # holds it as text, `;` between its items.
    text = {
        k: ";".join(map(str, v)) if isinstance(v, list | tuple) else str(v).strip()
        for k, v in cells.items()
        if not _blank(v)
    }
    return BrokenRow(number, {k: t for k, t in text.items() if t}, frozenset(failed), dict(kept))


def _column_required(spec: TableSpec, column: str) -> bool:
    for name, info in spec.row.model_fields.items():
        if column_name(spec, name) == column:
            return info.is_required()
    return False
