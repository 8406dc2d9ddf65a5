"""Read a plan's CSV files: the tours as the planner wrote them, and the run's own tables.

Only `unit, task, region, start` of assignments.csv are authoritative; everything else a
tour implies is derived from the scenario (`tours.py`). Unreadable files are bad input:
`ScenarioError` with file, row and column, like the scenario loader.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from forcegen.months import parse_month
from forcegen.scenario.problems import Problem, ScenarioError

REQUIRED = ("unit", "task", "region", "start")
ASSIGNMENTS = "assignments.csv"


@dataclass(frozen=True)
class PlannedTour:
    """One row of assignments.csv, with the optional columns as written (or None)."""

    row: int
    unit: str
    task: str
    region: str
    start: str
    given: dict[str, str]


def read_assignments(run: Path) -> list[PlannedTour]:
    path = run / ASSIGNMENTS
    if not path.exists():
        raise ScenarioError(
            [Problem(ASSIGNMENTS, None, None, "missing-file", f"{run} has no {ASSIGNMENTS}")]
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [Problem(ASSIGNMENTS, None, None, "encoding", f"not UTF-8 text: {exc}")]
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    problems = [
        Problem(ASSIGNMENTS, 1, column, "missing-column", f"required column '{column}' is missing")
        for column in REQUIRED
        if column not in header
    ]
    if problems:
        raise ScenarioError(problems)
    tours = []
    for cells in reader:
        row = reader.line_num
        values = {k.strip(): (v or "").strip() for k, v in cells.items() if k is not None}
        if not any(values.values()):
            continue
        bad = False
        for column in REQUIRED:
            if not values.get(column):
                problems.append(
                    Problem(ASSIGNMENTS, row, column, "required", "a value is required")
                )
                bad = True
        try:
            start = parse_month(values.get("start", ""))
        except ValueError as exc:
            if values.get("start"):
                problems.append(
                    Problem(ASSIGNMENTS, row, "start", "format", str(exc), values["start"])
                )
            bad = True
        if bad:
            continue
        given = {k: v for k, v in values.items() if k not in REQUIRED and v}
        tours.append(
            PlannedTour(row, values["unit"], values["task"], values["region"], start, given)
        )
    if problems:
        raise ScenarioError(problems)
    return tours


def read_table(run: Path, name: str) -> pd.DataFrame | None:
    """A run table as strings-and-numbers, or None when the plan does not include it."""
    path = run / f"{name}.csv"
    if not path.exists():
        return None
    try:
        return pd.read_csv(path, keep_default_na=True, dtype={"month": str, "region": str})
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise ScenarioError(
            [Problem(f"{name}.csv", None, None, "csv-syntax", f"cannot read: {exc}")]
        ) from None
