"""A run folder's files, as one format: what its tables hold, its re-plan record and its
workbook's sheets, and their readers.

`forcegen.plan` writes the run's tables; the checker, the statistics, the report,
`evaluate` and a re-plan read them through what is here. It imports only the scenario's
reading and writing (its events file among them, which a re-plan's record keeps), months
and how values are shown: never the model nor the solver, nor the re-planning, nor the
checker, which judges what is read here by its rules.

Only `unit, task, region, start` of assignments.csv are authoritative; everything else a
tour implies is derived from the scenario (`checker.rules.derive_tours`). Unreadable files
are bad input: problems with file, row and column, like the scenario loader's.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, NamedTuple, Protocol

import pandas as pd
import yaml

from forcegen.months import months_between, parse_month
from forcegen.scenario.events import CODES, known_codes, read_entries, unknown_codes
from forcegen.scenario.load import (
    folded,
    missing_columns,
    read_csv_table,
    repeated_names,
    unrecognised,
)
from forcegen.scenario.problems import (
    Problem,
    ScenarioError,
    as_months,
    as_numbers,
    did_you_mean,
    errors,
    given_at_index,
    parse_yaml,
    table_given,
    yaml_line,
    yaml_text,
)
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import MAX_COUNT
from forcegen.scenario.write import frame_to_csv
from forcegen.shown import shortened
from forcegen.spec import NOISE

# What a run table's column holds, as its readers take it: text (a code), a month
# (YYYY-MM), a number, a whole number, or a number whose blank cell is none, not zero
# (costs.csv's budget of a year with no cap).
TEXT, MONTH, NUMBER, WHOLE = "text", "month", "number", "whole number"
OR_NONE = "number or none"
Kinds = dict[str, str]  # column -> TEXT, MONTH, NUMBER, WHOLE or OR_NONE
# The run's tables, every column of each as `forcegen.plan` writes it, in its order, and
# what it holds; coverage.csv's effective personnel of each nation (`BY_NATION`) follow.
# The one account of them: every reader's columns are these, or some of them.
RUN_TABLES: dict[str, Kinds] = {
    "assignments": {
        "unit": TEXT, "nation": TEXT, "component": TEXT, "type": TEXT, "task": TEXT,
        "region": TEXT, "start": MONTH, "end": MONTH, "personnel": NUMBER,
        "mobilized_from": MONTH, "counts_from": MONTH, "redeployed_from": TEXT,
    },
    "coverage": {
        "region": TEXT, "task": TEXT, "month": MONTH, "demand": NUMBER, "international": NUMBER,
        "domestic": NUMBER, "domestic_effective": NUMBER, "shortfall": NUMBER,
    },
    "domestic": {
        "month": MONTH, "recruits": NUMBER, "in_training": NUMBER, "graduates": NUMBER,
        "attrition": NUMBER, "strength": NUMBER, "trainers": NUMBER, "employed": NUMBER,
    },
    "costs": {"nation": TEXT, "fiscal_year": WHOLE, "cost": NUMBER, "budget": OR_NONE},
    "handover": {"region": TEXT, "month": MONTH},
}  # fmt: skip
PLAN_TABLES = tuple(RUN_TABLES)
# The tables a planner edits to change the plan (evaluate reads assignments, domestic,
# handover and coverage's domestic column, and works the rest out): each is stamped as
# written, so that a run written over an edited one is refused.
EDITED_TABLES = tuple(f"{name}.csv" for name in PLAN_TABLES)
# The files a run folder holds of its plan, whoever wrote it (a solve, evaluate, a re-plan).
PLAN_FILES = (*(f"{name}.csv" for name in PLAN_TABLES), "kpis.json", "solver.log", "model.yaml")
ASSIGNMENT_COLUMNS = tuple(RUN_TABLES["assignments"])
# coverage.csv's effective personnel of each nation, `intl_<nation>`, after its own columns.
BY_NATION = "intl_"


def of_kind(*wanted: str) -> tuple[str, ...]:
    """The names of the run tables' columns that hold what is `wanted`, each once."""
    named = (c for kinds in RUN_TABLES.values() for c, kind in kinds.items() if kind in wanted)
    return tuple(dict.fromkeys(named))


# The columns of assignments.csv a plan decides, and all the checker takes from it: a
# tour's unit, task, region and start.
REQUIRED = ("unit", "task", "region", "start")
# The columns of assignments.csv a tour's unit and start imply (checker.rules.derive_tours):
# read, and compared with what the scenario implies.
IMPLIED = tuple(c for c in ASSIGNMENT_COLUMNS if c not in REQUIRED)
ASSIGNMENTS = "assignments.csv"
# The tables beside the tours that evaluate works out, where check judges them as written.
WORKED_OUT_FILES = frozenset(f"{name}.csv" for name in PLAN_TABLES) - {ASSIGNMENTS}


# What a re-plan did to each tour before, as diff.csv's `change` says it (`forcegen.replan.diff`).
CHANGES = (
    "kept",
    "curtailed",
    "stood-down",
    "redeployed",
    "retasked",
    "moved",
    "cancelled",
    "added",
)
# What the re-plan chose, not what the events imposed: the model prices each cancelled
# and each added (or redeployed) tour at `weights.change`, so a retasked or moved one twice.
CHOSEN = ("redeployed", "retasked", "moved", "cancelled", "added")


def forced(diff: pd.DataFrame) -> int:
    """The tours changed by the re-plan (`CHOSEN`) that the events had broken: retasked,
    moved or cancelled ones, as an added tour had no tour before to break."""
    changed = diff["change"].isin(CHOSEN)
    return int((changed & diff["broken_by_events"].notna()).sum())


def change_counts(diff: pd.DataFrame) -> dict[str, int]:
    """How many tours of diff.csv's table each change is, every one of `CHANGES` given."""
    counts = diff["change"].value_counts()
    return {change: int(counts.get(change, 0)) for change in CHANGES}


def chosen(counts: Mapping[str, int]) -> int:
    """The tours the re-plan changed by choice (`CHOSEN`), of `change_counts`."""
    return sum(counts[change] for change in CHOSEN)


def redeployments(tours: Sequence[Mapping[Any, Any]]) -> list[tuple[int, int]]:
    """Pairs of positions in assignments rows (`tours`): a tour and the one that goes on
    with its unit's call-up (docs/rules.md, redeployed), the same unit mobilized in the same
    month, starting the month after it ends."""
    by_call_up: dict[tuple[Any, Any], list[int]] = {}
    for k, t in enumerate(tours):
        by_call_up.setdefault((t["unit"], t["mobilized_from"]), []).append(k)
    return [
        (k, j)
        for own in by_call_up.values()
        for k in own
        for j in own
        if months_between(str(tours[k]["end"]), str(tours[j]["start"])) == 1
    ]


def came_from(task: str, region: str) -> str:
    """Where a tour redeployed in theatre came from, as its `redeployed_from` says it: the
    task and region of its unit's tour cut short the month before."""
    return f"{task} in {region}"


def redeployed_from(tours: Sequence[Mapping[Any, Any]]) -> list[str | None]:
    """Each assignments row's `redeployed_from` (`tours` as `redeployments` takes them):
    where a tour redeployed in theatre came from (`came_from`), None for any other. Written
    for the planner, who reads a redeployment there, not in an earlier `mobilized_from`;
    the checker derives it again and reads it only to compare."""
    marks: list[str | None] = [None] * len(tours)
    for k, j in redeployments(tours):
        marks[j] = came_from(str(tours[k]["task"]), str(tours[k]["region"]))
    return marks


# A sweep's or frontier's variant proven infeasible, in place of a run: the hash of its
# inputs, then the diagnosis, a line each.
INFEASIBLE_FILE = "infeasible.txt"
# The run's tables whose values the checker names by their row and column.
COVERAGE, DOMESTIC, COSTS, HANDOVER = "coverage.csv", "domestic.csv", "costs.csv", "handover.csv"
# Optional columns of assignments.csv that hold numbers or months, as the report reads them.
WRITTEN = {
    column: as_months if kind == MONTH else as_numbers
    for column, kind in RUN_TABLES["assignments"].items()
    if column in IMPLIED and kind != TEXT
}


@dataclass(frozen=True)
class PlannedTour:
    """One row of assignments.csv, with the optional columns as written (or None).
    `readable` is False for a row with a cell that cannot be read (a problem of
    `parse_assignments`): its codes are still judged, but it is no tour."""

    row: int
    unit: str
    task: str
    region: str
    start: str
    given: dict[str, str]
    readable: bool = True


def folder_of_runs(folder: Path) -> Problem | None:
    """The problem where `folder`, given as a run, holds no plan but runs (a sweep's or a
    frontier's folder): each of those is one, not it."""
    runs = sorted(found.parent for found in folder.glob("*/kpis.json"))
    if not runs or (folder / ASSIGNMENTS).exists():
        return None
    shown = ", ".join(map(str, runs[:3])) + (", ..." if len(runs) > 3 else "")
    message = f"a folder of runs (a sweep's?), not a run: give one of them ({shown})"
    return Problem(str(folder), None, None, "not-a-run", message)


def parse_assignments(run: Path) -> tuple[list[PlannedTour], list[Problem]]:
    """Every row of assignments.csv that names a unit, task or region, and a problem for
    each cell that cannot be read or is blank. A row with such a cell is kept, as not
    `readable`, so that its unknown codes are named with it, all at once. A column the
    plan does not have is a warning: not read (a planner's notes, or `personel` meant as
    `personnel`, whose values would go unjudged)."""
    path = run / ASSIGNMENTS
    if not run.is_dir():
        # The folder itself mistyped: not a file missing from it.
        what = "is a file" if run.exists() else "does not exist"
        message = f"the plan {what}: a plan is a folder with {ASSIGNMENTS}"
        return [], [Problem(str(run), None, None, "plan-path", message)]
    if not path.exists():
        if holding := folder_of_runs(run):
            return [], [holding]
        message = f"{run} has no {ASSIGNMENTS}"
        # A folder of a planner's plan.xlsx alone: its workbook was not said at all.
        if books := sorted(f.name for f in run.glob("*.xlsx") if not f.name.startswith("~$")):
            message += (
                f"; a workbook is a plan to work out first: forcegen evaluate SCENARIO "
                f"{run / books[0]} --out RUN writes it as a run folder, checked"
            )
        missing = Problem(ASSIGNMENTS, None, None, "missing-file", message)
        return [], [missing, *misnamed(run, ASSIGNMENTS)]
    problems: list[Problem] = []
    table = read_csv_table(path, ASSIGNMENTS, problems, ASSIGNMENT_COLUMNS)
    if table is None:
        return [], problems
    # A required column missing (`strat` for start) leaves every row no tour, but its
    # codes are still judged, all at once: mending the heading should not bring news of
    # the rows. A column misspelt is said as missing, with its likely spelling, not again
    # as one unread.
    lacking = [c for c in REQUIRED if c not in table.header]
    if not absent_columns(ASSIGNMENTS, REQUIRED, table.header, problems):
        problems += unread_columns(ASSIGNMENTS, table.header, ASSIGNMENT_COLUMNS, "a plan's tours")
    tours = []
    for row, cells in table.rows:
        values = {k: v.strip() for k, v in cells.items()}
        for column in REQUIRED:
            if column not in lacking and not values.get(column):
                problems.append(
                    Problem(ASSIGNMENTS, row, column, "required", "a value is required")
                )
        start = values.get("start", "")
        try:
            start = parse_month(start)
        except ValueError as exc:
            if start:
                problems.append(Problem(ASSIGNMENTS, row, "start", "format", str(exc), start))
        if not any(values.get(column) for column in ("unit", "task", "region")):
            continue
        given = {k: v for k, v in values.items() if k not in REQUIRED and v}
        tours.append(
            PlannedTour(
                row,
                values.get("unit", ""),
                values.get("task", ""),
                values.get("region", ""),
                start,
                given,
            )
        )
    # A tour written twice is a row copied, bad input: judged as two tours at once it had
    # been a dwell violation, "required 8 months at home, by 12".
    first: dict[tuple[str, str, str, str], int] = {}
    for tour in tours:
        key = (tour.unit, tour.task, tour.region, tour.start)
        if key in first and all(key):
            message = f"the same tour as row {first[key]} ({tour.unit}, {tour.start}): delete one"
            problems.append(Problem(ASSIGNMENTS, tour.row, None, "duplicate-key", message))
        first.setdefault(key, tour.row)
    # Text where a number or month goes is bad input, as it is to the report, not a tour
    # at odds with the scenario (a violation).
    for column, read in WRITTEN.items():
        written = [tour for tour in tours if column in tour.given]
        entries = pd.Series([tour.given[column] for tour in written], dtype=object)
        problems += read(entries, ASSIGNMENTS, column, rows=[tour.row for tour in written])[1]
    unreadable = {p.row for p in errors(problems)}
    return [replace(t, readable=not lacking and t.row not in unreadable) for t in tours], problems


def misnamed(run: Path, file: str) -> list[Problem]:
    """An error for each file in the plan's folder `run` that is the table `file`, not
    there, but for case, a plural or a copy's marks (`Assignments.csv` on a file system
    that tells case apart, `coverage - Copy.csv`), as the scenario's tables are said
    (`unrecognised`): an optional table had been left out without a word, the plan
    judged without its domestic force, and assignments.csv said missing beside it."""
    try:
        found = sorted(f.name for f in run.iterdir() if f.suffix.lower() == ".csv" and f.is_file())
    except OSError:  # a folder the user may search but not list: what is missing is said
        return []
    # Its warnings are of files no table's name is meant by: a run's others, not said.
    said = unrecognised(found, [file], "file", [], of="a plan")
    # Named in the folder as given: a file of the working folder by its name alone.
    return [replace(p, file=str(run / p.file)) for p in said if p.severity == "error"]


def unread_columns(file: str, header: list[str], known: Sequence[str], what: str) -> list[Problem]:
    """A warning for each column of `file`'s header not among its `known` ones: not read
    (a planner's notes, or a known column misspelt, whose values would go unjudged).
    `what`: what the file holds, as the warning says it. A column given twice in two
    spellings is a `duplicate-column`, not also one unread."""
    twice = repeated_names(header)
    return [
        Problem(
            file,
            1,
            column,
            "unread-column",
            f"{shortened(column)!r} is not a column of {what}: not read"
            + did_you_mean(column, known),
            severity="warning",
        )
        for column in header
        if column not in known and folded(column) not in twice
    ]


REPLAN = "replan.yaml"
REPLAN_SHEET = "replan"  # the record in a re-plan's plan.xlsx (`record_table`)
RECORD_COLUMNS = ("field", "value")
# The run's model.yaml in its plan.xlsx, a line a row; its header, a YAML comment, is line 1.
MODEL_SHEET = "model"
# The independent checker's verdict in plan.xlsx, for the workbook mailed alone.
VERDICT_SHEET = "verdict"
# What each sheet and column of plan.xlsx holds, for the workbook mailed alone.
ABOUT_SHEET = "about"
MODEL_HEADER = "# model.yaml: the model the plan was made under, a line a row"
# plan.xlsx's custom properties: a digest of each sheet's values as written
# (`fileio.values_digest`), the property named this and the sheet's title.
SHEET_DIGEST = "forcegen digest of sheet "
# The workbook's property naming the scenario its plan was made on (`Scenario.digest`),
# and the file a workbook's plan folder keeps it in: a re-plan's workbook mailed alone,
# judged against the scenario before its events, is told so as its run folder is.
SCENARIO_DIGEST = "forcegen digest of the scenario"
MADE_ON = "scenario.sha256"


def read_replanned(scenario: Scenario, run: Path) -> tuple[int, ...]:
    """The re-plan months of the run's replan.yaml, earliest first: its `from` and, for a
    re-plan of a re-plan, the `earlier` ones whose excuses still hold (none: no re-plan).
    The horizon's first month excuses nothing and is left out."""
    return replanned_months(read_record(run, scenario), scenario)


def replanned_months(record: Mapping[str, Any], scenario: Scenario) -> tuple[int, ...]:
    """`read_replanned`'s months of a record already read."""
    return tuple(t for t in replan_months(record, scenario) if t > 0)


def replan_months(record: Mapping[str, Any], scenario: Scenario) -> tuple[int, ...]:
    """The months a record re-plans from within `scenario`'s horizon, earliest first, the
    horizon's first too: it excuses nothing, but the events the plan follows act from it."""
    months = {parse_month(month) for _, _, month in _months_written(record)}
    return tuple(sorted(scenario.month_index(m) for m in months if m in scenario.months))


def read_stood_down(scenario: Scenario, run: Path) -> dict[str, list[int]]:
    """The mobilizations of the run's replan.yaml `stood_down`, month offsets by unit: reserve
    tours events called off before they deployed, which still count in the unit's reserve
    window (none: no re-plan)."""
    mobilized: dict[str, list[int]] = {}
    for entry in read_record(run, scenario).get("stood_down", []):
        month = scenario.month_index(parse_month(entry["mobilized"]))
        mobilized.setdefault(str(entry["unit"]), []).append(month)
    return mobilized


class HoldsTables(Protocol):
    """A plan's tables held in memory: a Plan, or stats.Results."""

    @property
    def assignments(self) -> pd.DataFrame: ...


class HoldsPlan(Protocol):
    """What holds a plan: a Run, a re-plan."""

    @property
    def plan(self) -> HoldsTables: ...


# A plan as given in Python: a folder's path, or its tables held in memory.
PlanGiven = str | os.PathLike[str] | Mapping[str, pd.DataFrame] | HoldsTables | HoldsPlan
REPLAN_RECORD = "replan_record"  # the name a plan in memory holds its replan.yaml's text by


@contextmanager
def plan_on_disk(plan: PlanGiven) -> Iterator[Path]:
    """`plan` as the folder a reader takes: a path as it is; tables held in memory (a
    mapping of them by name, or what holds them as attributes: a Plan, a Run, a re-plan,
    stats.Results) written as a run folder's CSV files (those held, `assignments` at
    least) beside a re-plan's record (its `replan_record`, which excuses what its folder's
    replan.yaml does), to a folder removed after. So a notebook checks a plan it edited in
    pandas without writing it first. A table indexed by its codes (`set_index("unit")`) is
    written with them; a problem names a table's row by its label in the frame's index."""
    if isinstance(plan, str | os.PathLike):
        yield Path(plan)
        return
    tables = held_tables(plan)
    # A re-plan's record: the mapping's, the tables' holder's (a Results, Plan), or the
    # re-plan's that holds its plan.
    record = _held_by(plan)(REPLAN_RECORD) or getattr(plan, REPLAN_RECORD, None)
    with TemporaryDirectory(prefix="forcegen-plan-") as folder:
        for name, table in tables.items():
            frame_to_csv(table, Path(folder) / f"{name}.csv")
        if isinstance(record, str):
            (Path(folder) / REPLAN).write_text(record, encoding="utf-8")
        try:
            yield Path(folder)
        except ScenarioError as exc:
            raise ScenarioError([held_problem(p, tables) for p in exc.problems]) from None


def held_tables(plan: Any) -> dict[str, pd.DataFrame]:
    """The tables of a plan held in memory (`plan_on_disk`), by name; TypeError for what
    holds no plan's tables, KeyError for a mapping's name of none."""
    if isinstance(plan, Mapping):
        # A misspelt name ('coverge') was left out unsaid: the plan judged, or worked out,
        # without the table meant; 'assignment' said only that the dict was no plan.
        for name in plan:
            if name not in (*PLAN_TABLES, REPLAN_RECORD):
                raise KeyError(
                    f"no plan table {name!r}; a plan's tables are {', '.join(PLAN_TABLES)} "
                    f"(and a re-plan's {REPLAN_RECORD})"
                )
    get = _held_by(plan)
    tables = {name: table for name in PLAN_TABLES if (table := get(name)) is not None}
    if wrong := [name for name, table in tables.items() if not isinstance(table, pd.DataFrame)]:
        kinds = ", ".join(f"{name} is a {type(tables[name]).__name__}" for name in wrong)
        raise TypeError(f"a plan's tables are DataFrames: {kinds}")
    if "assignments" not in tables:
        raise TypeError(
            "a plan is a run folder's path, or its tables as DataFrames (assignments at "
            f"least, of {', '.join(PLAN_TABLES)}): a mapping of them by name, or a Plan, Run, "
            f"re-plan or Results holding them; got {type(plan).__name__}"
        )
    return tables


def _held_by(plan: Any) -> Callable[[str], Any]:
    """What a plan held in memory holds by name: a mapping's item, else an attribute of the
    plan or of what holds it (a Run's or a re-plan's `plan`), None where it has none."""
    held: Any = plan if isinstance(plan, Mapping) else getattr(plan, "plan", plan)
    return held.get if isinstance(held, Mapping) else lambda name: getattr(held, name, None)


def held_problem(problem: Problem, tables: Mapping[str, pd.DataFrame]) -> Problem:
    """A problem of a plan held in memory, at the index label of its table's row."""
    stem = problem.file.removesuffix(".csv")
    if stem in tables:
        return given_at_index(problem, stem, tables[stem].index)
    return replace(problem, file=held_name(problem.file))


def held_name(file: str) -> str:
    """What a plan held in memory calls a file of its folder (`plan_on_disk`): no file was
    given, so a problem names the table (its rows as its file's) or the record."""
    if file == REPLAN:
        return f"the {REPLAN_RECORD} given"
    stem = file.removesuffix(".csv")
    return table_given(stem) if stem in PLAN_TABLES else file


def read_record(run: Path, scenario: Scenario | None = None) -> dict[str, Any]:
    """The run's replan.yaml as written (empty: no re-plan); ScenarioError if it cannot
    be read as a mapping whose `earlier` and `stood_down` are lists, a month of it is
    none, it gives months but names neither a base run nor events (no re-plan wrote it),
    or, judged against `scenario`, a month is outside its horizon or a unit one it does
    not have."""
    return record_as_written(run, scenario)[0]


def record_as_written(
    run: Path, scenario: Scenario | None = None
) -> tuple[dict[str, Any], str | None]:
    """`read_record`'s record, with the text it was read from (None: no re-plan), for a
    plan held in memory to write it again as it was."""
    path = run / REPLAN
    if not path.exists():
        return {}, None
    text = yaml_text(path, REPLAN)
    record, tree = parse_yaml(text, REPLAN)
    record = record or {}
    shapes = {
        "earlier": list,
        "stood_down": list,
        "changes": dict,
        "handovers_moved": list,
        "events": list,
    }
    if (
        not isinstance(record, dict)
        or any(not isinstance(record.get(key, shape()), shape) for key, shape in shapes.items())
        or not all(_is_mobilization(entry) for entry in record.get("stood_down", []))
    ):
        message = (
            "must be a mapping with a `from` month, a list of `earlier` ones, a list of "
            "`stood_down` mobilizations each with a `unit` and the month `mobilized` (and, "
            "as a re-plan writes it, a mapping of `changes` and lists of `handovers_moved`"
            " and `events`)"
        )
        raise ScenarioError([Problem(REPLAN, 1, None, "yaml-shape", message)])
    # A month mistyped, or a unit, would excuse nothing or count for nothing, unsaid: the
    # checker would hold the plan to rules the re-plan was excused from, or let a reserve
    # be called up again within its window.
    problems = []
    stood_down = [
        ("mobilized", ("stood_down", i, "mobilized"), entry["mobilized"])
        for i, entry in enumerate(record.get("stood_down", []))
    ]
    labels: dict[tuple[str | int, ...], str] = {}
    outside: set[tuple[str | int, ...]] = set()  # said so, and so no more
    for key, loc, month in [*_months_written(record), *stood_down]:
        try:
            labels[loc] = label = parse_month(month)
        except ValueError as exc:
            problems.append(
                Problem(REPLAN, yaml_line(tree, loc), key, "format", str(exc), str(month))
            )
            continue
        if scenario is not None and label not in scenario.months:
            message = f"must be within {scenario.months[0]}..{scenario.months[-1]}"
            line = yaml_line(tree, loc)
            problems.append(Problem(REPLAN, line, key, "outside-horizon", message, label))
            outside.add(loc)
    if scenario is not None:
        problems += _stood_down_units(scenario, record, tree)
    problems += _stood_down_twice(record, tree, labels)
    problems += _event_problems(record, tree, scenario)
    # Every record `forcegen replan` writes names the run it re-planned and the events it
    # followed (a plan evaluated from one keeps them): months with neither are no re-plan's,
    # and would excuse a hand-made plan the rules a re-plan is excused unseen.
    months = _months_written(record)
    if months and not (record.get("base_run") or record.get("events")):
        key, loc, _ = months[0]
        message = (
            "names neither the run it re-planned (`base_run`) nor the events it followed "
            "(`events`), as every record `forcegen replan` writes does: a record of no "
            "re-plan excuses nothing. Re-plan the run with `forcegen replan`, or remove "
            "replan.yaml to judge the plan as a fresh one"
        )
        problems.append(Problem(REPLAN, yaml_line(tree, loc), key, "not-a-replan", message))
    # Each earlier re-plan came before this one (`forcegen replan` writes no other): a later
    # month, the latest the checker excuses from, would excuse tours this re-plan did not.
    first = None if ("from",) in outside else labels.get(("from",))
    if record.get("from") in (None, "") and record.get("earlier"):
        # Else the latest earlier month is taken for it, excusing what no re-plan did.
        message = "a re-plan's record gives the month it re-plans from beside its earlier ones"
        line = yaml_line(tree, ("from",) if "from" in record else ("earlier",))
        problems.append(Problem(REPLAN, line, "from", "required", message))
    for key, loc, _ in _months_written(record):
        later = loc in labels and loc not in outside and first is not None and labels[loc] >= first
        if key == "earlier" and later:
            message = (
                f"an earlier re-plan's month comes before this re-plan's `from`, {first}: one "
                "from then on would excuse tours the re-plan did not"
            )
            line = yaml_line(tree, loc)
            problems.append(Problem(REPLAN, line, key, "not-earlier", message, labels[loc]))
    # A re-plan stands down only call-ups mobilized before its month: one from then on is
    # the re-plan's own to choose, and counting it would refuse a plan for a tour it has not.
    replanned = [labels[loc] for _, loc, _ in _months_written(record) if loc in labels]
    for _, loc, _ in stood_down:
        if replanned and loc in labels and labels[loc] >= max(replanned):
            message = (
                f"a re-plan from {max(replanned)} stands down only call-ups mobilized before it"
            )
            line = yaml_line(tree, loc)
            problems.append(
                Problem(REPLAN, line, "mobilized", "after-replan", message, labels[loc])
            )
    if problems:
        raise ScenarioError(problems)
    return record, text


def _event_problems(
    record: Mapping[str, Any], tree: yaml.Node | None, scenario: Scenario | None
) -> list[Problem]:
    """The record's events judged as an events file's are on their own (a kind no event
    has, a field missing or wrong) and, against `scenario`, the codes they name: an event
    edited into none had passed unsaid, and a plan given the scenario before its events
    was then judged against it, its events' changes read as broken rules."""
    found = read_entries(REPLAN, record.get("events", []), tree)
    if scenario is None:
        return found.problems
    named = [
        *found.codes,
        *(
            {c: (code, lines.get(c)) for c in CODES if isinstance(code := getattr(e, c, None), str)}
            for e, lines in zip(found.events, found.key_lines, strict=True)
        ),
    ]
    return [*found.problems, *unknown_codes(REPLAN, named, known_codes(scenario))]


def _stood_down_units(
    scenario: Scenario, record: Mapping[str, Any], tree: yaml.Node | None
) -> list[Problem]:
    """The record's stood-down mobilizations of a unit the scenario does not have, or of an
    active one (only a reserve's call-up counts in a reserve window), each at its line of
    replan.yaml (`tree`, its composed nodes)."""
    units = scenario.unit_by_code
    problems = []
    for i, entry in enumerate(record.get("stood_down", [])):
        line = yaml_line(tree, ("stood_down", i, "unit"))
        unit = str(entry["unit"])
        if unit not in units:
            message = f"no unit {shortened(unit)!r} in the scenario{did_you_mean(unit, units)}"
            problems.append(Problem(REPLAN, line, "unit", "unknown-unit", message, unit))
        elif units[unit].component != "reserve":
            message = f"{unit} is an active unit: only a reserve's call-up is stood down"
            problems.append(Problem(REPLAN, line, "unit", "not-reserve", message, unit))
    return problems


def _stood_down_twice(
    record: Mapping[str, Any],
    tree: yaml.Node | None,
    labels: Mapping[tuple[str | int, ...], str],
) -> list[Problem]:
    """A problem at each `stood_down` entry naming a call-up an entry above names already
    (its month as read, `labels`, however written): an entry copied, which counted twice
    in the unit's reserve window, a reserve-frequency breach of a call-up never made."""
    problems = []
    seen: set[tuple[str, str]] = set()
    for i, entry in enumerate(record.get("stood_down", [])):
        month = labels.get(("stood_down", i, "mobilized"))
        if month is None:  # unreadable: said as such
            continue
        call_up = (str(entry["unit"]), month)
        if call_up in seen:
            message = (
                f"{call_up[0]}'s call-up of {month} is stood down above already: delete one "
                "(a call-up counts once in its unit's reserve window)"
            )
            line = yaml_line(tree, ("stood_down", i, "unit"))
            problems.append(Problem(REPLAN, line, None, "duplicate-key", message, call_up[0]))
        seen.add(call_up)
    return problems


def _is_mobilization(entry: object) -> bool:
    """A `stood_down` entry: a unit and the month it was mobilized."""
    return isinstance(entry, dict) and {"unit", "mobilized"} <= set(entry)


def _months_written(record: Mapping[str, Any]) -> list[tuple[str, tuple[str | int, ...], Any]]:
    """The record's `from` month and its `earlier` ones as written, each with its key and
    where it is in the file (keys and list positions); a blank one is none."""
    earlier = [("earlier", ("earlier", i), m) for i, m in enumerate(record.get("earlier", []))]
    written = [("from", ("from",), record.get("from")), *earlier]
    return [(key, loc, month) for key, loc, month in written if month not in (None, "")]


def record_table(record: Mapping[str, Any]) -> pd.DataFrame:
    """A re-plan's record as a sheet of `field, value` rows (an event, an earlier month, a
    stood-down mobilization a row each), for a workbook that must stand without the
    folder's replan.yaml."""
    rows = [("from", record.get("from"))]
    rows += [("earlier", month) for month in record.get("earlier", [])]
    rows += [
        ("stood_down", f"{e['unit']} mobilized {e['mobilized']}")
        for e in record.get("stood_down", [])
    ]
    if "base_run" in record:
        rows += [("base_run", record["base_run"])]
    if changes := record.get("changes"):
        rows += [("changes", ", ".join(f"{k} {v}" for k, v in changes.items()))]
    rows += [("handover_moved", move) for move in record.get("handovers_moved", [])]
    rows += [("event", _event_text(e)) for e in record.get("events", [])]
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS))


# What of a re-plan's record holds for its plan edited by hand: what excuses its tours
# (`from`, `earlier`, `stood_down`) and what the re-plan followed (`base_run`, `events`);
# not `changes` nor `handovers_moved`, which count what the re-plan's own tours changed.
CARRIED = ("from", "earlier", "stood_down", "base_run", "events")


def carried(record: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a re-plan's record that hold for its plan edited (`CARRIED`), less
    empty lists (no earlier re-plan, no call-up stood down), as a re-plan writes it."""
    return {key: record[key] for key in CARRIED if record.get(key, []) != []}


def _event_text(event: object) -> str:
    """An event of a record on one line: a mapping as YAML writes it inline; an entry
    read back from a sheet as text it could not read as one, as it was written (YAML would
    add its end-of-document mark, `...`, on every round trip)."""
    if isinstance(event, dict):
        return yaml.safe_dump(
            event, default_flow_style=True, sort_keys=False, width=10**4, allow_unicode=True
        ).strip()
    return "" if event is None else str(event)


def record_from_table(
    rows: Sequence[Sequence[str]],
) -> tuple[dict[str, Any], dict[tuple[str | int, ...], int]]:
    """What is `CARRIED` of `record_table`'s sheet, as text cells under its header row
    (row 1): the `from` month, the `earlier` ones, the `stood_down` mobilizations, the
    base run and the events; and the sheet's row of each read by the checker, by where it
    is in the record (keys and list positions), for a problem of the record to be named
    at its row."""
    record: dict[str, Any] = {"earlier": [], "stood_down": []}
    where: dict[tuple[str | int, ...], int] = {}
    for row, cells in enumerate(rows[1:], start=2):
        written, value = [*cells, "", ""][:2]
        # As a sheet's column names are read: whatever the case and the spaces around.
        name = folded(written)
        if name == "from":
            record["from"] = value
            where["from",] = row
        elif name == "earlier":
            where["earlier", len(record["earlier"])] = row
            record["earlier"].append(value)
        elif name == "stood_down":
            unit, _, mobilized = value.rpartition(" mobilized ")
            at = len(record["stood_down"])
            where["stood_down", at, "unit"] = where["stood_down", at, "mobilized"] = row
            record["stood_down"].append({"unit": unit, "mobilized": mobilized})
        elif name == "base_run":
            record["base_run"] = value
        elif name == "event":
            # Written as YAML's one-line mapping; kept as written where it is none (`yes`
            # read by YAML would come back `True`).
            try:
                event = parse_yaml(value, REPLAN_SHEET)[0]
            except ScenarioError:  # not YAML, or an alias of no end
                event = None
            events = record.setdefault("events", [])
            keys = [str(key) for key in event] if isinstance(event, dict) else []
            for loc in [("events", len(events)), *(("events", len(events), k) for k in keys)]:
                where[loc] = row
            events.append(event if isinstance(event, dict) else value)
    return record, where


def absent_columns(
    file: str, wanted: Iterable[str], header: list[str], problems: list[Problem]
) -> bool:
    """Whether the header lacks a column `wanted`, with a problem for each it lacks, said
    as the scenario's reader says it (`missing_columns`)."""
    # plan.xlsx heads some columns otherwise (`SHEET_HEADERS`): a sheet saved as the
    # table's file lacks the table's name, and is told the sheet's heading is it.
    table = file.removesuffix(".csv")
    headings = SHEET_HEADERS.get(table, {})

    def as_the_sheet_heads(column: str, others: list[str]) -> str:
        if sheet := [name for name in others if headings.get(folded(name)) == column]:
            return (
                f"; is '{sheet[0]}' it, as plan.xlsx's {table} sheet heads it? Rename it '{column}'"
            )
        return ""

    return bool(missing_columns(file, wanted, header, problems, otherwise=as_the_sheet_heads))


def columns_of(**tables: Sequence[str]) -> dict[str, Kinds]:
    """The columns named of each run table, with what each holds (`RUN_TABLES`)."""
    return {name: {c: RUN_TABLES[name][c] for c in columns} for name, columns in tables.items()}


# The columns of the run's tables but assignments.csv (`REQUIRED`) a plan must have for the
# checker to read it. The others a plan may leave out (`OPTIONAL`); a blank cell there
# means zero.
REQUIRED_COLUMNS = columns_of(
    coverage=("region", "task", "month", "international", "shortfall"),
    domestic=("month", "recruits", "in_training", "strength"),
    costs=("nation", "fiscal_year", "cost"),
    handover=("region", "month"),
)
OPTIONAL: dict[str, Kinds] = {
    name: {c: kind for c, kind in RUN_TABLES[name].items() if c not in required}
    for name, required in REQUIRED_COLUMNS.items()
}
# Columns of a table that plan.xlsx's sheet of it heads otherwise, by the sheet's heading:
# the handover sheet (the handover statistic) names the month `handover`, its file `month`.
SHEET_HEADERS = {"handover": {"handover": "month"}}
# Columns a table is written with for its reader, which say nothing a plan decides:
# plan.xlsx's handover sheet (the handover statistic) names each region, and says how far
# in and by whom it is handed over. evaluate reads the sheet as handover.csv; they are no
# planner's edits, and not said unread: one typed over is said as worked out, not read
# (`domestic_part`).
DESCRIBED = {"handover": ("name", "months_from_start", "by")}
# What each table holds, as a warning of a column it does not have says it.
HOLDS = {
    "coverage": "a plan's coverage",
    "domestic": "a plan's domestic pipeline",
    "costs": "a plan's costs",
    "handover": "a plan's handovers",
}


def by_nation(header: list[str]) -> list[str]:
    """coverage's column names with each `intl_<nation>` (the effective personnel of a
    nation) as the table names it, whatever the case of `intl_` and the spaces around it
    (`Intl_AAA `), as its other columns are read; the nation's code as written. Not where
    two would be one: both stay as found, as `own_names` leaves them."""
    own = [
        BY_NATION + name.strip()[len(BY_NATION) :] if folded(name).startswith(BY_NATION) else name
        for name in header
    ]
    return [mine if own.count(mine) == 1 else name for name, mine in zip(header, own, strict=True)]


def parse_tables(
    run: Path,
    names: Sequence[str] = tuple(REQUIRED_COLUMNS),
    required: Mapping[str, Kinds] = REQUIRED_COLUMNS,
    warn_unread: bool = False,
) -> tuple[dict[str, pd.DataFrame | None], list[Problem]]:
    """The run's tables `names`, each None when the plan does not include it or it cannot
    be read or lacks one of its `required` columns (the checker's own, unless a reader
    needs fewer); its number columns as numbers, a cell that is not one NaN; its months
    as YYYY-MM where they are months (`2000-2` is `2000-02`). With a problem for every
    unreadable file, missing column and cell that is not a number, in all of them; with
    `warn_unread`, a warning too for each column no plan's table has (`unread_columns`):
    the checker's, whose verdict says them (evaluate's through it). Other readers take
    these problems as errors alone."""
    tables: dict[str, pd.DataFrame | None] = {}
    problems: list[Problem] = []
    for name in names:
        tables[name] = None
        path = run / f"{name}.csv"
        if not path.exists():
            problems += misnamed(run, path.name) if run.is_dir() else []
            continue
        table = read_csv_table(path, path.name, problems, list(RUN_TABLES[name]))
        if table is None:
            continue
        # Text as written, a blank cell missing; each row by its number in the file.
        frame = pd.DataFrame(
            [cells for _, cells in table.rows],
            index=[row for row, _ in table.rows],
            columns=list(dict.fromkeys(table.header)),
            dtype=object,
        )
        frame = frame.mask(frame == "")
        if name == "coverage":
            frame.columns = pd.Index(by_nation(list(frame.columns)))
        optional = OPTIONAL.get(name, {}) | {
            c: NUMBER for c in frame.columns if name == "coverage" and c.startswith(BY_NATION)
        }
        kinds = required[name] | {c: k for c, k in optional.items() if c in frame}
        if absent_columns(path.name, kinds, list(frame.columns), problems):
            continue
        if warn_unread:
            # Only where none is missing: a required column misspelt is said as missing,
            # with its likely spelling, not again as one unread.
            header = by_nation(table.header) if name == "coverage" else table.header
            known = [*RUN_TABLES[name], *DESCRIBED.get(name, ())]
            known += [c for c in header if name == "coverage" and c.startswith(BY_NATION)]
            problems += unread_columns(path.name, header, known, HOLDS[name])
        for column, kind in kinds.items():
            if kind == MONTH:
                frame[column] = frame[column].map(_as_month)
            if kind in (TEXT, MONTH):
                continue
            blank = math.nan if kind == OR_NONE else 0.0 if column in optional else None
            frame[column], wrong = as_numbers(
                frame[column],
                path.name,
                column,
                whole=kind == WHOLE,
                blank=blank,
                rows=list(frame.index),
            )
            problems += wrong
        tables[name] = frame
    return tables, problems


# The columns each table must have to give the domestic force's part of a plan.
DOMESTIC_PART = columns_of(
    domestic=("month", "recruits"),
    coverage=("region", "task", "month"),  # and `domestic`, optional
    handover=("region", "month"),
)


@dataclass(frozen=True)
class DomesticPart:
    """The domestic force's part of a plan, by month offset: recruits (None without a
    domestic.csv), officers on tasks by (region, task, month), each handover's month; and
    the tables as read, for the rules to judge them by (`checker.rules.domestic`)."""

    recruits: list[float] | None
    heads: dict[tuple[str, str, int], float]
    handed: dict[str, int]
    tables: Mapping[str, pd.DataFrame | None] = field(default_factory=dict, compare=False)


def read_domestic_part(scenario: Scenario, run: Path) -> tuple[DomesticPart, list[Problem]]:
    """domestic.csv, coverage.csv and handover.csv, as far as they give the domestic
    force's part, each cell judged against the scenario: a month inside the horizon, a
    known region and task, a finite count of 0 or more, one row per month, cell or region.
    Rows with a problem are left out. handover.csv's cells beside the month
    (`DESCRIBED`) are no part of it, and not judged."""
    tables, problems = parse_tables(run, tuple(DOMESTIC_PART), DOMESTIC_PART)
    part, found = domestic_part(scenario, tables, described=False)
    return part, problems + found


def domestic_part(
    scenario: Scenario, tables: Mapping[str, pd.DataFrame | None], described: bool = True
) -> tuple[DomesticPart, list[Problem]]:
    """The domestic part of a plan's tables as read (`DOMESTIC_PART`'s, None where the
    plan has none), with a problem for each cell at odds with the scenario; with
    `described`, a warning too where handover.csv's cells beside the month (`DESCRIBED`)
    are at odds with it: the checker's, whose verdict says them (evaluate's through it,
    once the plan is worked out, as it says its other worked-out values)."""
    problems: list[Problem] = []
    recruits = None
    if (domestic := tables.get("domestic")) is not None:
        recruits = [0.0] * scenario.settings.months
        cells = _Cells(scenario, problems, DOMESTIC)
        for row, record in numbered(domestic):
            t = cells.month(row, record["month"])
            count = cells.count(row, "recruits", record["recruits"])
            # A month written twice is named whether or not the count can be read.
            if (
                t is not None
                and cells.first(row, t, "month", scenario.months[t])
                and count is not None
            ):
                recruits[t] = count
    heads: dict[tuple[str, str, int], float] = {}
    if (coverage := tables.get("coverage")) is not None:
        cells = _Cells(scenario, problems, COVERAGE)
        for row, record in numbered(coverage):
            region = cells.code(row, "region", record["region"], scenario.region_by_code)
            task = cells.code(row, "task", record["task"], scenario.task_by_code)
            t = cells.month(row, record["month"])
            count = cells.count(row, "domestic", record.get("domestic", 0.0))
            if region is None or task is None or t is None:
                continue
            shown = f"{region}/{task} {scenario.months[t]}"
            cell = "region, task and month"
            if cells.first(row, (region, task, t), "month", shown, cell) and count:
                heads[(region, task, t)] = count
    handed: dict[str, int] = {}
    if (handover := tables.get("handover")) is not None:
        cells = _Cells(scenario, problems, HANDOVER)
        at_odds: list[AtOdds] = []
        for row, record in numbered(handover):
            region = cells.code(row, "region", record["region"], scenario.region_by_code)
            # A blank month: the region is not handed over.
            blank = _blank(record["month"])
            t = None if blank else cells.month(row, record["month"])
            if region is not None and cells.first(row, region, "region", region) and t is not None:
                handed[region] = t
            # What a month that cannot be read gives is not known: its row is not judged.
            if described and region is not None and (blank or t is not None):
                at_odds += _described_at_odds(scenario, row, region, t, record)
        problems += _described_not_read(at_odds)
    return DomesticPart(recruits, heads, handed, tables), problems


def region_name(scenario: Scenario, region: str) -> str:
    """A region's name, as the handover sheet gives it: its code where it has none."""
    return scenario.region_by_code[region].name or region


def handed_over_by(scenario: Scenario, region: str, t: int | None) -> str | None:
    """Who set a region's handover in month `t` (None: not handed over): `decision`
    (regions.csv handed_over, a re-plan's handover event) or the `plan`."""
    if t is None:
        return None
    return "decision" if scenario.declared_handovers.get(region) == t else "plan"


# A cell of handover.csv at odds with its row: row, region, column, the cell as written and
# as worked out, blank as ''.
AtOdds = tuple[int, str, str, str, str]


def _described_at_odds(
    scenario: Scenario, row: int, region: str, t: int | None, record: Mapping[str, Any]
) -> list[AtOdds]:
    """Each cell of `DESCRIBED` in a handover row (`region` handed over in month `t`, None:
    not) that differs from what plan.xlsx's handover sheet writes there: the region's name,
    the months from the horizon's start, and whether a decision (regions.csv handed_over,
    a re-plan's handover event) or the plan set the month."""
    worked_out = {
        "name": region_name(scenario, region),
        "months_from_start": "" if t is None else str(t),
        "by": handed_over_by(scenario, region, t) or "",
    }
    at_odds = []
    for column in DESCRIBED["handover"]:
        if column not in record:
            continue
        written = "" if _blank(record[column]) else str(record[column]).strip()
        # A whole number as a spreadsheet may save it (`13.0`) is the number.
        with suppress(ValueError):
            if (number := float(written)).is_integer():
                written = str(int(number))
        if written != worked_out[column]:
            at_odds.append((row, region, column, written, worked_out[column]))
    return at_odds


def _described_not_read(at_odds: Sequence[AtOdds]) -> list[Problem]:
    """One warning for handover.csv's cells of `DESCRIBED` at odds with their rows, at the
    first with how many, as evaluate says a worked-out table's (plan.xlsx's handover sheet
    saved with them, `by` typed as decision): they say nothing a plan decides, and an edit
    there is not read."""
    if not at_odds:
        return []
    row, region, column, written, worked_out = at_odds[0]
    message = (
        f"{len(at_odds)} value(s) differ from what each region's handover month gives "
        f"({region}: {column} is {written or 'blank'}, worked out {worked_out or 'blank'}"
        f"{', ...' if len(at_odds) > 1 else ''}): worked out, not read (a changed month "
        "changes them; a value typed here is not taken)"
    )
    return [Problem(HANDOVER, row, column, "worked-out", message, severity="warning")]


def cost_problems(scenario: Scenario, costs: pd.DataFrame | None) -> list[Problem]:
    """costs.csv's cells at odds with the scenario, as the domestic part's are: a nation it
    does not have, a nation's fiscal year written twice (which row is meant?)."""
    problems: list[Problem] = []
    cells = _Cells(scenario, problems, COSTS)
    for row, record in [] if costs is None else numbered(costs):
        nation = cells.code(row, "nation", record["nation"], scenario.nation_by_code)
        year = record["fiscal_year"]
        if nation is not None and not math.isnan(year):
            cells.first(row, (nation, int(year)), "fiscal_year", f"{nation} FY{int(year)}")
    return problems


def coverage_problems(scenario: Scenario, coverage: pd.DataFrame | None) -> list[Problem]:
    """coverage.csv's `intl_<nation>` columns of a nation the scenario does not have, as
    costs.csv's rows of one are (`cost_problems`), each named once at the header: judged,
    every row of `intl_AUSS` (meant as `intl_AUS`) would be a mismatch with the none it
    recomputes to, and a column of zeros would pass unsaid."""
    problems = []
    for column in [] if coverage is None else map(str, coverage.columns):
        code = column.removeprefix(BY_NATION)
        if column.startswith(BY_NATION) and code not in scenario.nation_by_code:
            message = f"no nation {shortened(code)!r} in the scenario" + did_you_mean(
                code, scenario.nation_by_code
            )
            problems.append(Problem(COVERAGE, 1, column, "unknown-nation", message, code))
    return problems


def numbered(frame: pd.DataFrame) -> Iterator[tuple[int, dict[Any, Any]]]:
    """Each row of a table `parse_tables` read, with its number as the file shows it (the
    header is row 1, a blank row counted)."""
    for row, record in zip(frame.index, frame.to_dict("records"), strict=True):
        yield int(row), record


@dataclass
class _Cells:
    """Judges the cells of one table's rows against the scenario, reporting each problem
    at the file, row and column."""

    scenario: Scenario
    problems: list[Problem]
    file: str
    seen: dict[object, int] = field(default_factory=dict)  # each key's first row

    def given(self, row: int, column: str, cell: object) -> bool:
        """Whether a required cell holds something; a problem if not."""
        if _blank(cell):
            self.problems.append(Problem(self.file, row, column, "required", "a value is required"))
            return False
        return True

    def report(self, row: int, column: str, rule: str, message: str, value: object) -> None:
        self.problems.append(Problem(self.file, row, column, rule, message, str(value)))

    def month(self, row: int, cell: object) -> int | None:
        if not self.given(row, "month", cell):
            return None
        try:
            label = parse_month(cell)
        except ValueError as exc:
            self.report(row, "month", "format", str(exc), cell)
            return None
        months = self.scenario.months
        if label not in months:
            message = f"must be within {months[0]}..{months[-1]}"
            self.report(row, "month", "outside-horizon", message, label)
            return None
        return self.scenario.month_index(label)

    def code(self, row: int, column: str, cell: object, known: Mapping[str, Any]) -> str | None:
        if not self.given(row, column, cell):
            return None
        if str(cell) in known:
            return str(cell)
        message = f"no {column} {shortened(cell)!r} in the scenario"
        self.report(row, column, f"unknown-{column}", message, cell)
        return None

    def count(self, row: int, column: str, value: float) -> float | None:
        if math.isnan(value):
            return None  # not a number: reported as the table was read
        # As written ('-5', not the '-5.0' it was read as).
        shown = f"{value:.15g}"
        if value < 0:  # infinite values were refused as the table was read
            self.report(row, column, "range", "must be 0 or more", shown)
            return None
        if value > MAX_COUNT:  # as a scenario's counts: its cost would overflow to infinity
            self.report(row, column, "range", f"must be at most {MAX_COUNT:,}", shown)
            return None
        return float(value)

    def first(
        self, row: int, key: object, column: str, shown: object, what: str | None = None
    ) -> bool:
        """Whether `key` (a month, a cell, a region; `shown` as the user knows it) has no
        row before this one; `what` the key is in words, where more than its `column`."""
        if key in self.seen:
            message = (
                f"a second row for the same {what or column}: the first is row {self.seen[key]}"
            )
            self.report(row, column, "duplicate-key", message, shown)
            return False
        self.seen[key] = row
        return True


def _blank(cell: object) -> bool:
    """An empty cell as pandas reads it (NaN) or as a sheet gives it."""
    return cell is None or (isinstance(cell, float) and math.isnan(cell)) or str(cell).strip() == ""


def _as_month(cell: object) -> object:
    """A month cell as YYYY-MM, or as written when it is none (for its reader to report)."""
    try:
        return parse_month(cell)
    except ValueError:
        return cell


class Shortfall(NamedTuple):
    """A plan's shortfall in effective person-months: in all, and in its worst month."""

    total: float
    peak: float
    month: str | None  # the peak's; None where no month is short beyond the solver's noise


def shortfall_of(coverage: pd.DataFrame, since: str | None = None) -> Shortfall:
    """The shortfall of a plan's `coverage`, from the month `since` on if given: a
    re-plan decides no earlier month. A month short by no more than `NOISE` is not short,
    so that a figure of 1e-9 names no peak month."""
    if since is not None:
        coverage = coverage[coverage["month"] >= since]
    monthly = coverage.groupby("month")["shortfall"].sum()
    peak = float(monthly.max()) if len(monthly) else 0.0
    month = str(monthly.idxmax()) if peak > NOISE else None
    return Shortfall(float(coverage["shortfall"].sum()), peak, month)
