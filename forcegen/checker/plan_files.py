"""Read a plan's CSV files: the tours as the planner wrote them, and the run's own tables.

Only `unit, task, region, start` of assignments.csv are authoritative; everything else a
tour implies is derived from the scenario (`tours.py`). Unreadable files are bad input:
`ScenarioError` with file, row and column, like the scenario loader.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from forcegen.months import parse_month
from forcegen.scenario.problems import (
    Problem,
    ScenarioError,
    as_months,
    as_numbers,
    yaml_problem,
)
from forcegen.scenario.scenario import Scenario

REQUIRED = ("unit", "task", "region", "start")
ASSIGNMENTS = "assignments.csv"
# Optional columns of assignments.csv that hold numbers or months, as the report reads them.
WRITTEN = {
    "personnel": as_numbers,
    "end": as_months,
    "mobilized_from": as_months,
    "counts_from": as_months,
}


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
    # Text where a number or month goes is bad input, as it is to the report, not a tour
    # at odds with the scenario (a violation).
    for column, read in WRITTEN.items():
        written = [tour for tour in tours if column in tour.given]
        entries = pd.Series([tour.given[column] for tour in written], dtype=object)
        problems += read(entries, ASSIGNMENTS, column, rows=[tour.row for tour in written])[1]
    if problems:
        raise ScenarioError(problems)
    return tours


REPLAN = "replan.yaml"


def read_replanned(scenario: Scenario, run: Path) -> tuple[int, ...]:
    """The re-plan months of the run's replan.yaml, earliest first: its `from` and, for a
    re-plan of a re-plan, the `earlier` ones whose excuses still hold (none: no re-plan).
    A month outside the horizon, or its first month, excuses nothing and is left out."""
    path = run / REPLAN
    if not path.exists():
        return ()
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ScenarioError([yaml_problem(REPLAN, exc)]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError([Problem(REPLAN, None, None, "encoding", str(exc))]) from None
    earlier = record.get("earlier", []) if isinstance(record, dict) else None
    if not isinstance(earlier, list):
        raise ScenarioError(
            [
                Problem(
                    REPLAN,
                    1,
                    None,
                    "yaml-shape",
                    "must be a mapping with a `from` month and a list of `earlier` ones",
                )
            ]
        )
    months = {str(m) for m in [record.get("from"), *earlier] if m is not None}
    return tuple(sorted(scenario.month_index(m) for m in months if m in scenario.months[1:]))


# The run tables' columns the checker reads, as text (codes, months) or as numbers. A
# column a plan may leave out is optional; a blank cell there means zero.
TEXT, NUMBER, WHOLE = "text", "number", "whole number"
Kinds = dict[str, str]  # column -> TEXT, NUMBER or WHOLE
TABLES: dict[str, Kinds] = {
    "coverage": {
        "region": TEXT,
        "task": TEXT,
        "month": TEXT,
        "international": NUMBER,
        "shortfall": NUMBER,
    },
    "domestic": {"month": TEXT, "recruits": NUMBER, "in_training": NUMBER, "strength": NUMBER},
    "costs": {"nation": TEXT, "fiscal_year": WHOLE, "cost": NUMBER},
    "handover": {"region": TEXT, "month": TEXT},
}
OPTIONAL: dict[str, Kinds] = {
    "coverage": {"domestic": NUMBER, "demand": NUMBER, "domestic_effective": NUMBER},
    "domestic": {"graduates": NUMBER, "attrition": NUMBER, "trainers": NUMBER, "employed": NUMBER},
}
# coverage.csv's effective personnel of each nation, `intl_<nation>`, is optional too.
BY_NATION = "intl_"


def read_tables(
    run: Path, names: Sequence[str] = tuple(TABLES), required: Mapping[str, Kinds] = TABLES
) -> dict[str, pd.DataFrame | None]:
    """The run's tables `names`, each None when the plan does not include it, its number
    columns as numbers; `required`: each table's columns it must have (the checker's
    own, unless a reader needs fewer). Raises ScenarioError listing every unreadable file,
    missing column and cell that is not a number, in all of them at once."""
    tables: dict[str, pd.DataFrame | None] = {}
    problems: list[Problem] = []
    for name in names:
        path = run / f"{name}.csv"
        if not path.exists():
            tables[name] = None
            continue
        try:
            # Codes such as `NA` (Namibia) are names, not missing values.
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            problems.append(Problem(path.name, None, None, "csv-syntax", f"cannot read: {exc}"))
            continue
        optional = OPTIONAL.get(name, {}) | {
            c: NUMBER for c in frame.columns if name == "coverage" and c.startswith(BY_NATION)
        }
        kinds = required[name] | {c: k for c, k in optional.items() if c in frame}
        problems += [
            Problem(path.name, 1, c, "missing-column", f"required column '{c}' is missing")
            for c in kinds
            if c not in frame.columns
        ]
        for column, kind in kinds.items():
            if kind == TEXT or column not in frame.columns:
                continue
            blank = 0.0 if column in optional else None
            frame[column], wrong = as_numbers(
                frame[column], path.name, column, whole=kind == WHOLE, blank=blank
            )
            problems += wrong
        tables[name] = frame
    if problems:
        raise ScenarioError(problems)
    return tables
