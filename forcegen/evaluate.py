"""A hand-made plan made whole: every table of a run folder, from its tours.

A planner's plan needs only assignments.csv (`unit, task, region, start`). Its optional
domestic.csv (`month, recruits`), coverage.csv (`region, task, month, domestic`: domestic
personnel on a task) and handover.csv (`region, month`) give the domestic force's part;
without them nobody is recruited or employed, and no region is handed over but by
decision (regions.csv `handed_over`). Everything else follows
from the scenario: each tour's end, personnel and the months it counts (as the checker
derives them), then coverage and shortfall, costs against budgets, the training pipeline
and the key figures, by the code that tabulates a solver's plan. Written as a run folder,
the plan can be checked, reported and compared with a solver's like any other. The plan
may also come as a workbook: `plan.xlsx` as `forcegen report` writes it, its assignments
sheet edited in a spreadsheet.
"""

from __future__ import annotations

import csv
import os
import shutil
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, NamedTuple, TypeVar

import pandas as pd
import yaml
from openpyxl import load_workbook

from forcegen.checker import AS_DECIDED, check_plan
from forcegen.checker.rules import (
    DERIVED,
    Tour,
    Violation,
    derive_tours,
    outside_horizon,
    same_value,
    tour_months,
)
from forcegen.fileformat import (
    ABOUT_SHEET,
    ASSIGNMENT_COLUMNS,
    ASSIGNMENTS,
    DOMESTIC_PART,
    IMPLIED,
    MADE_ON,
    MODEL_SHEET,
    RECORD_COLUMNS,
    REPLAN,
    REPLAN_SHEET,
    RUN_TABLES,
    SCENARIO_DIGEST,
    SHEET_DIGEST,
    SHEET_HEADERS,
    VERDICT_SHEET,
    WORKED_OUT_FILES,
    DomesticPart,
    PlanGiven,
    carried,
    held_problem,
    held_tables,
    numbered,
    parse_assignments,
    parse_tables,
    plan_on_disk,
    read_domestic_part,
    read_record,
    read_replanned,
    record_from_table,
)
from forcegen.fileio import atomic_folder, excel_figure, open_elsewhere, values_digest
from forcegen.model.sets import ModelData, build_data
from forcegen.months import add_months, parse_month
from forcegen.plan import RUN_FILES, Plan, tabulate
from forcegen.scenario.load import (
    HEADER_ROW,
    UNOPENABLE,
    as_scenario,
    cell_key,
    formula_problems,
    header_of,
    layout_problems,
    not_a_zip,
    openpyxl_fault,
    outside_table,
    own_names,
    read_csv_table,
    sized,
    unheaded,
    unrecognised,
    unsaved_formulas,
)
from forcegen.scenario.problems import (
    Problem,
    ScenarioError,
    errors,
    in_reading_order,
    neither_folder_nor_workbook,
    yaml_line,
)
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import Unit
from forcegen.spec import ModelSpec, load_spec
from forcegen.stats import STATISTICS

# The columns of a worked-out table that are the plan's own, read as the domestic part.
READ_BESIDE = {
    "coverage": "the domestic column (officers employed; a missing row employs none)",
    "domestic": "the recruits column (a missing month recruits none)",
}


def not_read(
    scenario: Scenario, spec: ModelSpec, folder: Path, name: str, plan: Plan
) -> list[Problem]:
    """Warnings for what the plan in `folder` holds beside its tours and domestic part,
    which is worked out, not read: per table, how many values differ from what those give
    (a changed tour leaves them stale; a value typed there is not taken), the first named
    at its row and column; each cell there that is no number; and each column of its
    tours that no plan has. `name`: the plan as given (a workbook's sheets are named as
    such); `plan`: the plan `evaluate_plan` made of it."""

    def shown(file: str) -> str:
        table = file.removesuffix(".csv")
        return f"{name}[{table}]" if name.lower().endswith((".xlsx", ".xlsm")) else f"{table}.csv"

    try:
        report = check_plan(scenario, spec, folder)
    except ScenarioError as exc:
        said = [
            replace(
                p,
                file=shown(p.file) if p.file.endswith(".csv") else p.file,
                message=f"{p.message} (a value worked out, not read)",
                severity="warning",
            )
            for p in exc.problems
            if p.rule != "missing-column"
        ]
        # A worked-out column left out is the plan as the README gives it (domestic.csv
        # of month and recruits): nothing there to differ, nothing to say. The checker
        # judges no table beside it, so the others are compared beside the plan's own
        # table in its place, which differs in nothing from what it is worked out from.
        short = {
            p.file
            for p in exc.problems
            if p.rule == "missing-column" and p.file in WORKED_OUT_FILES
        }
        if not short:
            return said
        with TemporaryDirectory() as tmp:
            whole = Path(tmp) / "plan"
            shutil.copytree(folder, whole)
            for file in short:
                plan.write_table(whole, file.removesuffix(".csv"))
            others = not_read(scenario, spec, whole, name, plan)
        named = {shown(file) for file in short}
        return [*(p for p in said if p.file in named), *others]
    by_table: dict[str, list[Violation]] = {}
    for v in report.violations:
        if v.rule in DERIVED:
            by_table.setdefault(v.entity.split()[0], []).append(v)
    # A column no plan has is not read, nor written into the run; a start moved or a unit
    # changed with the columns they imply left as they were has them worked out again.
    edited = (START_MOVED, UNIT_CHANGED)
    moved = [p for p in _read_hand_made(scenario, folder)[2] if p.rule in edited]
    problems = [replace(p, file=shown(p.file)) for p in [*report.unread, *moved]]
    for table, found in by_table.items():
        # The first as the planner reads the file, from its top: a value in a row of it
        # before a row it lacks (which has no cell to name).
        first = min(found, key=lambda v: (not v.rows, min(v.rows, default=0)))
        entity = first.entity.removeprefix(table).strip()
        example = " ".join(filter(None, (entity, first.month))) + f": {first.message}"
        # The domestic part's own columns are read: recruits, officers employed.
        own = READ_BESIDE.get(table)
        message = (
            f"{len(found)} value(s) differ from what the plan's tours and domestic part give "
            f"({example}{', ...' if len(found) > 1 else ''}): worked out, not read (a "
            "changed tour changes them; a value typed here is not taken)"
            + (f", but for {own}, which is the plan's own" if own else "")
        )
        row = first.rows[0] if first.rows else None
        problems.append(
            Problem(shown(table), row, first.column, "worked-out", message, severity="warning")
        )
    return problems


def evaluate_plan(
    scenario: Scenario | str | Path, spec: ModelSpec | str | Path, folder: PlanGiven
) -> tuple[Plan, ModelData]:
    """The plan in `folder` with every table recomputed, its tours in the planner's order
    (as `solve_scenario`'s, numbered from 0), and the model data it was tabulated with
    (to write it). Raises ScenarioError naming every row that cannot be
    read as part of a plan of this scenario: an unknown code, a month outside the
    horizon, a written column the scenario contradicts (recomputing it would lose what was
    written). Whether the plan keeps the rules is the checker's to judge, not this.
    `scenario`: a scenario, or its folder or workbook (`load_scenario`); `spec`: a model,
    or its name or file (`load_spec`); `folder`: a run or plan folder, or the plan's
    tables held in memory (`plan_on_disk`: a mapping by name, a Plan, Results)."""
    scenario = as_scenario(scenario)
    if not isinstance(spec, ModelSpec):
        spec = load_spec(spec, scenario)
    # A plan held in memory: a row it says is at its frame's label, not a file's row.
    held = None if isinstance(folder, str | os.PathLike) else held_tables(folder)
    with plan_on_disk(folder) as given:
        evaluated = _evaluate_folder(scenario, spec, given, held)
        # Its tours were worked out under its record: judged in memory, they need it too.
        # What the re-plan's own tours changed is no longer known of a plan edited.
        if record := carried(read_record(given)):
            evaluated[0].replan_record = yaml.safe_dump(record, sort_keys=False, allow_unicode=True)
        # Said where Python shows it (the command line says them itself): a plan without
        # its domestic table, its shortfall jumps for no reason the numbers give.
        for assumption in worked_out_as(evaluated[1], given):
            warnings.warn(f"worked out as {assumption}", WorkedOut, stacklevel=2)
    return evaluated


class WorkedOut(UserWarning):
    """What the plan leaves out, worked out as nothing or as decided (`worked_out_as`)."""


class EditedRow(UserWarning):
    """A row whose start or unit was changed, the columns they imply left as they were:
    worked out again (`_edited`)."""


def worked_out_as(data: ModelData, folder: Path) -> list[str]:
    """What the plan in `folder`, evaluated with `data`, leaves out and is worked out as
    (`WORKED_OUT`): a plan without its coverage table employs no domestic officers, its
    shortfall that much more. A region handed over by decision that the plan's handover
    table gives no month is handed over as decided, a fact of the scenario, not the
    planner's to leave out: said, as the checker of the plan as written finds it
    handover-declared and the run written from it does not."""
    # What recruiting no one does, in officers: the tours of a solved plan copied alone
    # lost its recruits, and the shortfall that jumped was put down to nothing said.
    initial = data.scenario.settings.domestic.initial_strength
    kept = f"its initial {initial:,} officers, less attrition," if initial else "none"
    consequence = {
        "domestic": f", its domestic force training no officer: it has {kept} to the "
        "horizon's end, to cover demand or take a region over"
    }
    said = [
        f"{meaning}{consequence.get(name, '')} (the plan has no {name} table)"
        for name, meaning in WORKED_OUT.items()
        if not (folder / f"{name}.csv").exists()
    ]
    if (folder / "handover.csv").exists():
        handed = read_domestic_part(data.scenario, folder)[0].handed
        said += [
            f"{region} handed over in {data.scenario.months[t]} by decision (regions.csv "
            "handed_over), where the plan's handover table gives it no month"
            for region, t in sorted(data.decided_handovers.items())
            if region not in handed
        ]
    return said


def hand_made_problems(scenario: Scenario | None, folder: Path) -> list[Problem]:
    """What makes the plan in `folder` no plan that `evaluate_plan` can work out on
    `scenario`, as it refuses it, in reading order; without a scenario (it has problems
    of its own), what no scenario is needed to see: said with a model's or a scenario's
    problems, where those had hidden them until they were mended."""
    if scenario is None:
        problems = errors(parse_assignments(folder)[1])
        return in_reading_order(
            problems + parse_tables(folder, tuple(DOMESTIC_PART), DOMESTIC_PART)[1]
        )
    return in_reading_order(errors(_read_hand_made(scenario, folder)[2]))


def _evaluate_folder(
    scenario: Scenario,
    spec: ModelSpec,
    folder: Path,
    held: Mapping[str, pd.DataFrame] | None = None,
) -> tuple[Plan, ModelData]:
    started = time.perf_counter()
    tours, domestic, problems = _read_hand_made(scenario, folder)
    if errors(problems):
        raise ScenarioError(in_reading_order(problems))
    # Said where Python shows it (the command line says them with the plan's file named).
    for problem in problems:
        if problem.rule in (START_MOVED, UNIT_CHANGED):
            shown = problem if held is None else held_problem(problem, held)
            warnings.warn(str(shown), EditedRow, stacklevel=3)
    data = build_data(scenario, spec)
    # A handover by decision the plan leaves out is made as decided (`worked_out_as`).
    handed = {
        region: scenario.months[t]
        for region, t in {**data.decided_handovers, **domestic.handed}.items()
    }
    handover = pd.DataFrame(
        [{"region": r, "month": handed.get(r)} for r in data.regions], columns=["region", "month"]
    )
    recruits = domestic.recruits or [0.0] * scenario.settings.months
    plan = tabulate(data, _assignments(scenario, tours), recruits, domestic.heads, handover, None)
    plan.kpis |= {
        "termination": "hand-made",
        "solution": "hand-made",
        "build_seconds": 0.0,
        "wall_seconds": round(time.perf_counter() - started, 3),
    }
    plan.solver_log = "No solver ran: the plan is hand-made.\n"
    return plan, data


# The columns a tour's start implies, which a start outside the horizon makes no fault of.
FROM_START = ("end", "mobilized_from", "counts_from")
# The columns a tour's unit alone gives (`_gives`), which name the unit a row was left from.
UNIT_GIVES = ("nation", "component", "type", "personnel")
# A row's columns that follow from its unit and start, left as they were when the start
# was moved or the unit changed: worked out again, said (`_edited`).
START_MOVED, UNIT_CHANGED = "start-moved", "unit-changed"


def _read_hand_made(
    scenario: Scenario, folder: Path
) -> tuple[list[Tour], DomesticPart, list[Problem]]:
    """The plan's tours and domestic part as read on `scenario`, and every problem of
    reading them."""
    planned, problems = parse_assignments(folder)
    # A re-plan's record (replan.yaml) excuses the tours it curtailed, as in the checker.
    replanned: tuple[int, ...] = ()
    try:
        replanned = read_replanned(scenario, folder)
    except ScenarioError as exc:
        problems += exc.problems
        unread = True
    else:
        unread = False
    tours, found = derive_tours(scenario, planned, replanned)
    if unread:
        # Which ends a re-plan cut short is its record's to say: one that cannot be read
        # is the problem, not every tour it curtailed.
        found = [v for v in found if v.rule != "tour-length"]
    found, moved = _edited(scenario, tours, found, replanned)
    outside = outside_horizon(scenario, tours)  # as the checker refuses it
    # A start outside the horizon is the fault: what its row's other columns disagree with
    # is what that start would imply, said as three more faults of one typo.
    astray = {p.row for p in outside}
    found = [v for v in found if v.column not in FROM_START or not astray & set(v.rows)]
    # A written column that disagrees is most often one left from before a start was
    # moved: say how to have it worked out again. A redeployed_from at odds is worked out
    # from the rows, its message saying what to write already.
    problems += [
        replace(p, message=f"{p.message}; blank it to have it worked out from unit and start")
        if p.column in IMPLIED and p.column != "redeployed_from"
        else p
        for p in (v.as_problem() for v in found)
    ]
    problems += outside + moved
    domestic, unreadable = read_domestic_part(scenario, folder)
    return tours, domestic, problems + unreadable


def _edited(
    scenario: Scenario,
    tours: list[Tour],
    found: list[Violation],
    replanned: Sequence[int] = (),
) -> tuple[list[Violation], list[Problem]]:
    """A row whose unit or start a planner changed, and whose columns that follow from
    them (nation, component, type, personnel, end, mobilized_from, counts_from,
    redeployed_from) were left as they were: two or more disagree, all what one other
    unit's tour, or a tour from one other start, gives (`_origin`), or what a redeployment
    in theatre there gave (`_redeployment_left`: `replanned` as in `derive_tours`). They
    are worked out again for the row as written, a warning naming what they were left
    from and what they are now, not refused one by one as faults of one edit. One column
    alone that disagrees is as likely typed as left: a fault, as is a start outside the
    horizon (`outside_horizon`)."""
    stale: dict[int, list[Violation]] = {}
    for v in found:
        if v.column in IMPLIED and v.rule in ("plan-mismatch", "tour-length"):
            stale.setdefault(v.rows[0], []).append(v)
    label = scenario.settings.start
    warned: list[Problem] = []
    for t in tours:
        columns = [str(v.column) for v in stale.get(t.source.row, [])]
        if len(columns) < 2 or not 0 <= t.start < scenario.settings.months:
            continue
        left = _listed(columns)
        now = ", ".join(f"{c} {_implied(t, c, label)}" for c in columns)
        if (went_on := _redeployment_left(scenario, t, columns, tours, replanned)) is not None:
            rule, column, message = _left_redeployment(label, t, went_on, left, now)
            warned.append(
                Problem(ASSIGNMENTS, t.source.row, column, rule, message, severity="warning")
            )
            continue
        origin = _origin(scenario, t, columns)
        if origin is None:
            continue
        units, old = origin
        if units == [t.unit]:
            rule, column, message = (
                START_MOVED,
                "start",
                f"{left} of a tour from {old}, left as the start was moved: worked out "
                f"again from the start as written ({now})",
            )
        else:
            like = units[0] if len(units) == 1 else f"{units[0]} (or a unit like it)"
            rule, column, message = (
                UNIT_CHANGED,
                "unit",
                f"{left} of a tour of {like} from {old}, left as the row was changed: "
                f"worked out again for {t.unit} from {add_months(label, t.start)} ({now})",
            )
        warned.append(Problem(ASSIGNMENTS, t.source.row, column, rule, message, severity="warning"))
    settled = {p.row for p in warned}
    return [v for v in found if v.column not in IMPLIED or v.rows[0] not in settled], warned


def _implied(tour: Tour, column: str, label: str) -> str:
    """A column of `tour` as the scenario gives it, as the run writes it (a blank
    `redeployed_from`, `blank`, for a tour of its own)."""
    months = {"end": tour.end, "mobilized_from": tour.mobilized, "counts_from": tour.counts_from}
    if column in months:
        return add_months(label, months[column])
    if column == "redeployed_from":
        return tour.came_from or "blank"
    return str(getattr(tour, column))


def _redeployment_left(
    scenario: Scenario,
    tour: Tour,
    columns: list[str],
    tours: list[Tour],
    replanned: Sequence[int],
) -> tuple[Tour, Tour] | None:
    """Where the written `columns` of `tour` (a row whose start or unit was changed) are a
    redeployment in theatre's, left as they were: the redeployment they give, as the
    checker derives it at the month after a tour of the plan mobilized in their
    `mobilized_from` ends (of its unit), and that tour; None where no such tour gives
    them all. Its earlier mobilized_from and call-up's end fit no tour from one other
    start (`_origin`)."""
    if "mobilized_from" not in columns:
        return None
    label = scenario.settings.start
    mobilized = scenario.month_index(parse_month(tour.source.given["mobilized_from"]))
    for before in tours:
        if before is tour or before.mobilized != mobilized:
            continue
        # A redeployment is of its unit's tours alone (the one before perhaps one too).
        others = [t.source for t in tours if t.unit == before.unit and t is not tour]
        # The row as it was: its unit's, from the month after, going on with that call-up.
        was = replace(
            tour.source,
            unit=before.unit,
            start=add_months(label, before.end + 1),
            given={"mobilized_from": add_months(label, mobilized)},
        )
        derived = derive_tours(scenario, [*others, was], replanned)[0]
        redeployed = next((t for t in derived if t.source is was and t.continues), None)
        if redeployed is not None and all(
            same_value(tour.source.given[c].strip(), _implied(redeployed, c, label))
            for c in columns
        ):
            return redeployed, before
    return None


def _left_redeployment(
    label: str, tour: Tour, went_on: tuple[Tour, Tour], left: str, now: str
) -> tuple[str, str, str]:
    """The rule, column and message of a warning that a row's columns were those of the
    redeployment `went_on` (it, and the tour it went on from), left as its start or unit
    was changed (`_redeployment_left`): worked out again as a call-up of its own, and what
    to write to keep it the redeployment."""
    redeployed, before = went_on
    old = add_months(label, redeployed.start)
    going = (
        f"going on from its tour of {redeployed.came_from} cut short at "
        f"{add_months(label, before.end)}"
    )
    if redeployed.unit == tour.unit:
        return (
            START_MOVED,
            "start",
            f"{left} of a redeployment in theatre from {old}, {going}, left as the start was "
            f"moved: worked out again as a call-up of its own from the start as written "
            f"({now}); a redeployment starts the month after the tour it goes on from: to "
            f"keep it one, write start {old}",
        )
    back = f"unit {redeployed.unit}" + (
        f" and start {old}" if redeployed.start != tour.start else ""
    )
    return (
        UNIT_CHANGED,
        "unit",
        f"{left} of {redeployed.unit}'s redeployment in theatre from {old}, {going}, left as "
        f"the row was changed: worked out again as a call-up of {tour.unit}'s own from "
        f"{add_months(label, tour.start)} ({now}); a redeployment goes on with its own "
        f"unit's call-up: to keep it one, write {back}",
    )


def _origin(scenario: Scenario, tour: Tour, columns: list[str]) -> tuple[list[str], str] | None:
    """The units and the start the written `columns` of `tour` follow from, where they are
    all one unit's tour from one start and that is not the tour as written: its own unit's
    from another start, where no code or personnel disagrees, else other units' that give
    every code and personnel written, those of the first that fits (units.csv's order) and
    every other alike; None where none fits, or a redeployed_from disagrees: a call-up of
    any unit from any start has none, so one written at odds with the row is left from a
    redeployment (`_redeployment_left`) or typed."""
    if "redeployed_from" in columns:
        return None
    given = tour.source.given
    codes = [c for c in UNIT_GIVES if given.get(c, "").strip()]
    # Another unit only where a code or personnel written names one: months alone name
    # none (any unit of another tour length would fit them).
    candidates = (
        [u.unit for u in scenario.units if u.unit != tour.unit and _gives(u, codes, given)]
        if any(c not in FROM_START for c in columns)
        else [tour.unit]
    )
    fits: dict[int, list[str]] = {}
    for code in candidates:
        try:
            shift = _shift(scenario, tour, scenario.unit_by_code[code], columns)
        except ValueError:
            return None  # a month that is none: a fault of its own
        if shift is not None and (code != tour.unit or shift):
            fits.setdefault(shift, []).append(code)
    if not fits:
        return None
    shift, units = next(iter(fits.items()))
    return units, add_months(scenario.settings.start, tour.start + shift)


def _shift(scenario: Scenario, tour: Tour, unit: Unit, columns: list[str]) -> int | None:
    """How many months from the start as written `unit`'s tour would start to give every
    written month of `columns` (0 where they hold none), or None where no one start does;
    ValueError for a written month that is none."""
    implied = tour_months(scenario, unit, tour.start)
    shifts = {
        scenario.month_index(parse_month(tour.source.given[c])) - implied[c]
        for c in columns
        if c in FROM_START
    }
    if len(shifts) > 1:
        return None
    return shifts.pop() if shifts else 0


def _gives(unit: Unit, columns: list[str], given: dict[str, str]) -> bool:
    """Whether `unit` gives the written `columns` (nation, component, type, personnel),
    however a number is written (`650.0`), as the checker compares them."""
    implied = {c: str(getattr(unit, c)) for c in columns}
    return all(same_value(given[c].strip(), implied[c]) for c in columns)


def _listed(columns: list[str]) -> str:
    """`end and counts_from are those`: `_edited`'s two or more columns left as they were."""
    return f"{', '.join(columns[:-1])} and {columns[-1]} are those"


# The cells that make a row of the planner's table the run's row holding the value judged:
# for a handover, its month too, for a region handed over by decision, its month left
# blank by the planner, is handed over by no month of the planner's.
KEYS = {
    "coverage": ("region", "task", "month"),
    "domestic": ("month",),
    "handover": ("region", "month"),
}
# Per file of a run: the planner's file, its row of each of the run's rows, its name of
# each column it has (`Violation.renumbered`).
Planner = dict[str, tuple[str, dict[int, int], dict[str, str]]]


def planner_rows(plan: Plan, folder: Path, given: Path) -> Planner:
    """Where the rows of the run written from the plan in `folder` (`evaluate_plan`'s
    `plan`) are in the planner's files, for the verdict on the run to name them: the plan
    as `given` (a folder, or a workbook whose sheets `folder` holds), a tour at its row,
    a row of coverage, domestic and handover at the planner's row with the same key
    (`KEYS`), none where the planner has no such row."""

    # A workbook by its whole path: the verdict is kept in the run's own plan.xlsx, whose
    # rows are not the planner's (its blank rows dropped), and a workbook named by its
    # name alone, or given so (`plan.xlsx`), read there as that one.
    def shown(name: str) -> str:
        return f"{given.resolve()}[{name}]" if given.is_file() else str(given / f"{name}.csv")

    def headings(name: str, columns: list[str]) -> dict[str, str]:
        return {c: _sheet_heading(name, c) if given.is_file() else c for c in columns}

    # The run writes each table in its order, under a header: its row i is the file's i + 2,
    # and its tours are the plan's, in their order, less its blank rows.
    planned, _ = parse_assignments(folder)
    tours = {i + 2: tour.row for i, tour in enumerate(planned)}
    read = read_csv_table(folder / ASSIGNMENTS, ASSIGNMENTS, [], ASSIGNMENT_COLUMNS)
    header = headings("assignments", read.header if read else [])
    planner = {ASSIGNMENTS: (shown("assignments"), tours, header)}
    tables, _ = parse_tables(folder, tuple(KEYS), DOMESTIC_PART)
    for name, keys in KEYS.items():
        if (table := tables[name]) is None:
            continue
        rows = {tuple(str(r[k]) for k in keys): number for number, r in numbered(table)}
        ours = getattr(plan, name)[list(keys)].astype(str).itertuples(index=False)
        numbers = {i + 2: rows[key] for i, key in enumerate(map(tuple, ours)) if key in rows}
        planner[f"{name}.csv"] = (shown(name), numbers, headings(name, list(table.columns)))
    return planner


@contextmanager
def staged_run(plan: Plan, data: ModelData, out: Path) -> Iterator[Path]:
    """The evaluated plan staged as the run folder `out`, with its re-plan record (the
    plan's `replan_record`): yields the staging folder for the caller to add the rest (the
    checker's verdict, the report) to, then puts it all in place, where an earlier run's
    files go (`atomic_folder`). A block that fails leaves `out` as it was: never new
    tables beside an old report."""
    with atomic_folder(out, replaces=RUN_FILES) as staging:
        plan.write_into(staging, data)
        yield staging


def _assignments(scenario: Scenario, tours: list[Tour]) -> pd.DataFrame:
    label = scenario.settings.start
    rows = [
        {
            "unit": t.unit,
            "nation": t.nation,
            "component": t.component,
            "type": t.type,
            "task": t.task,
            "region": t.region,
            "start": add_months(label, t.start),
            "end": add_months(label, t.end),
            "personnel": t.personnel,
            "mobilized_from": add_months(label, t.mobilized),
            "counts_from": add_months(label, t.counts_from),
        }
        for t in tours
    ]
    # In the plan's own order, less its blank rows, so that the run's row of a tour is
    # found at the planner's (`planner_rows`).
    return pd.DataFrame(rows, columns=ASSIGNMENT_COLUMNS)


# What a plan without one of its domestic tables is worked out as.
WORKED_OUT = {
    "domestic": "a plan that recruits no one",
    "coverage": "a plan that employs no domestic officers, the tours alone covering demand",
    "handover": AS_DECIDED,
}
# A workbook's sheets written out for a plan folder: its tours, its domestic part, and its
# costs, which are worked out again, as its coverage's derived columns are, and compared.
PLAN_SHEETS = ("assignments", *DOMESTIC_PART, "costs")
OWN_SHEETS = frozenset({REPLAN_SHEET, MODEL_SHEET, *PLAN_SHEETS})
# What plan.xlsx holds beside the plan (what its sheets hold, key figures, statistics, a
# re-plan's changes): written for the planner to read, never read back.
WRITTEN = (
    frozenset({ABOUT_SHEET, "kpis", VERDICT_SHEET, *STATISTICS, "diff", "kpi_deltas"}) - OWN_SHEETS
)
# Said of a sheet written beside the plan that a planner has changed.
NOT_READ = (
    "changed since forcegen wrote it, but this sheet is worked out from the plan, never "
    "read: its edits are not in the plan judged (the about sheet names the sheets read)"
)
# The rules of a sheet that is not read: no cells, or no header in row 1 (`unheaded`).
UNREAD = ("empty-sheet", HEADER_ROW)


def plan_path_problems(path: Path) -> list[Problem]:
    """A problem if `path` can be no plan: neither a folder nor a workbook."""
    if (what := neither_folder_nor_workbook(path)) is None:
        return []
    message = f"the plan {what}: a folder with assignments.csv, or a plan.xlsx"
    return [Problem(str(path), None, None, "plan-path", message)]


@contextmanager
def plan_folder(path: Path, said: list[Problem] | None = None) -> Iterator[Path]:
    """The plan at `path` as a folder of CSV files: a folder as it is, or a workbook's
    sheets written to a temporary one. A problem the body raises about a sheet's file is
    named as the sheet (`plan.xlsx[assignments]`, row numbers as the sheet shows them).
    The workbook's warnings (a note or a formula beside a table, which is not read) are
    added to `said`, and said with the problems of a plan that cannot be read."""
    if path.is_dir():
        yield path
        return
    if problems := plan_path_problems(path):
        raise ScenarioError(problems)
    with TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Said with the body's problems, all at once: a formula's cell reads as blank.
        found, blanked, record_rows = _write_sheets(path, folder)
        if said is not None:
            said += in_reading_order([p for p in found if p.severity == "warning"])
        unread = {p.file for p in found if p.rule in UNREAD}
        # A re-plan's curtailed tours are excused by its record alone: without it, they
        # would be judged as whole tours.
        if f"{path.name}[{REPLAN_SHEET}]" in unread:
            raise ScenarioError(in_reading_order(found))
        # A re-plan's workbook written before it held its record is judged with the one
        # beside it, as its folder is.
        if not (folder / REPLAN).exists() and (record := path.parent / REPLAN).is_file():
            shutil.copyfile(record, folder / REPLAN)
        if made_on := _read_workbook(path, _made_on, None):
            (folder / MADE_ON).write_text(made_on + "\n")
        try:
            yield folder
        except ScenarioError as exc:
            sheet: dict[str, str] = {}
            for name in PLAN_SHEETS:
                sheet[f"{name}.csv"] = sheet[str(folder / f"{name}.csv")] = name

            def as_sheet(p: Problem) -> Problem:
                if p.file in sheet:  # a column renamed for the table, as the sheet heads it
                    column = p.column and _sheet_heading(sheet[p.file], p.column)
                    return replace(p, file=f"{path.name}[{sheet[p.file]}]", column=column)
                # Its record's line, at the sheet's row of the entry.
                if p.file in (REPLAN, str(folder / REPLAN)):
                    at = record_rows.get(p.row)
                    column = "value" if at is not None else None
                    # The cell holds a whole event: its key is said in the message.
                    key = p.column if p.column not in p.message.split()[:2] else None
                    message = f"{key}: {p.message}" if key else p.message
                    return replace(
                        p,
                        file=f"{path.name}[{REPLAN_SHEET}]",
                        row=at,
                        column=column,
                        message=message,
                    )
                return p

            named = [as_sheet(p) for p in exc.problems]
            # A cell whose formula has no value saved, or that a merge blanks, is said as
            # that, not as a blank.
            blank = {cell_key(*c) for c in blanked} | {
                cell_key(p.file, p.row, p.column)
                for p in found
                if p.rule == "formula-without-value"
            }
            named = [p for p in named if cell_key(p.file, p.row, p.column) not in blank]
            # The body may raise what it was given in `said`: each is said once. A sheet
            # not read has its own problem: it is not also a file the plan lacks.
            named = [p for p in named if p not in found and p.file not in unread]
            raise ScenarioError(in_reading_order(found + named)) from None
        if errors(found):
            raise ScenarioError(found)


Found = TypeVar("Found")


def workbook_model(book: Path, folder: Path) -> Path | None:
    """The model a plan's workbook carries (its `model` sheet) as a YAML file in `folder`
    named as the sheet (`plan.xlsx[model]`, its rows the file's lines), or None: a plan
    folder, no such sheet, or no workbook that can be read (which `plan_folder` names)."""
    if (lines := _read_workbook(book, _model_lines, None)) is None:
        return None
    path = folder / f"{book.name}[{MODEL_SHEET}]"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _model_lines(workbook: Any) -> list[str] | None:
    """The rows of the workbook's `model` sheet as lines; None where it has none."""
    if MODEL_SHEET not in (titles := _sheet_titles(workbook)):
        return None
    cells = sized(workbook[titles[MODEL_SHEET]]).iter_rows(max_col=1, values_only=True)
    return ["" if not row or row[0] is None else str(row[0]) for row in cells]


def planners_sheets(book: Path) -> list[str]:
    """The sheets of the plan workbook at `book` that forcegen writes none of (a
    planner's notes), which writing the workbook again would lose, whether or not its
    stamp went with it; none where there is no workbook that can be read."""
    return _read_workbook(book, _theirs, [])


def sheets_edited(book: Path) -> list[str] | None:
    """The sheets of the plan workbook at `book` whose values a planner has changed since
    forcegen wrote it (`_values_edited`); None where it cannot tell: no workbook that can
    be read, or one written before workbooks carried their sheets' digests."""
    return _read_workbook(book, _values_edited, None)


def _read_workbook(book: Path, read: Callable[[Any], Found], otherwise: Found) -> Found:
    """What `read` finds in the plan workbook at `book`, opened for its values; `otherwise`
    where there is none that can be read (a plan folder, a workbook cut short: what reads
    the plan names it)."""
    if book.is_dir() or plan_path_problems(book):
        return otherwise
    try:
        workbook = load_workbook(book, read_only=True, data_only=True)
    except UNOPENABLE:
        return otherwise
    try:
        return read(workbook)
    except UNOPENABLE as exc:
        if not openpyxl_fault(exc):
            raise
        return otherwise
    finally:
        workbook.close()


def _made_on(workbook: Any) -> str | None:
    """The digest of the scenario the workbook's plan was made on, where it carries one."""
    return next((p.value for p in workbook.custom_doc_props if p.name == SCENARIO_DIGEST), None)


def _values_edited(workbook: Any) -> list[str] | None:
    """The titles of the workbook's sheets (opened for their values) whose values differ
    from the digests forcegen wrote of them, in the workbook's order; None where it
    carries no digests."""
    written = {
        p.name.removeprefix(SHEET_DIGEST): p.value
        for p in workbook.custom_doc_props
        if p.name.startswith(SHEET_DIGEST)
    }
    if not written:
        return None
    return [
        title
        for title in workbook.sheetnames
        if title in written
        and values_digest(workbook[title].iter_rows(values_only=True)) != written[title]
    ]


def _theirs(workbook: Any) -> list[str]:
    """The sheets of a plan's workbook that are neither the plan's nor written beside it."""
    titles = _sheet_titles(workbook).values()
    return [title for title in workbook.sheetnames if title not in titles and title not in WRITTEN]


class WrittenSheets(NamedTuple):
    """What a workbook's plan sheets written as a plan folder's files left to say: the
    problems of its sheets, the cells (sheet, row, column) a merge blanks, and the replan
    sheet's row of each line of the replan.yaml written from it, for the record's problems
    to be named at the sheet's rows rather than a file the planner never saw."""

    problems: list[Problem]
    blanked: set[tuple[str, int, str]]
    record_rows: dict[int | None, int]


def _write_sheets(book: Path, folder: Path) -> WrittenSheets:
    """The workbook's plan sheets as CSV files in `folder` (`_sheets_to_files`);
    ScenarioError if it cannot be read."""
    try:
        workbook = load_workbook(book, read_only=True, data_only=True)
        formulas = load_workbook(book, read_only=True, data_only=False)
    except UNOPENABLE as exc:
        why = not_a_zip(book) if isinstance(exc, zipfile.BadZipFile) else exc
        problem = Problem(book.name, None, None, "unreadable-workbook", f"cannot open: {why}")
        raise ScenarioError([problem]) from None
    try:
        return _sheets_to_files(book, workbook, formulas, folder)
    except UNOPENABLE as exc:
        if not openpyxl_fault(exc):
            raise
        problem = Problem(book.name, None, None, "unreadable-workbook", f"cannot read: {exc}")
        raise ScenarioError([problem]) from None
    finally:
        workbook.close()
        formulas.close()


def _sheets_to_files(book: Path, workbook: Any, formulas: Any, folder: Path) -> WrittenSheets:
    """The workbook's plan sheets as the plan folder's CSV files in `folder` (`formulas`:
    the workbook read for its formulas, which a cell with no value saved reads as blank).
    Sheet and column names are matched whatever their case and the spaces around them,
    as a spreadsheet leaves them (`Handover`, `Start `). Returns the problems of its
    sheets (an error at a formula in a table with no value saved or at merged cells, and
    at a sheet without its header in row 1, which is not read and has no file; a warning
    at a note or a formula beside a table, which is left out, and at a hidden sheet or
    row, which is read), the cells (sheet, row, column) a merge blanks, and the replan
    sheet's row of each line of the replan.yaml written from it."""
    titles = _sheet_titles(workbook)
    # A sheet the plan does not read, beside those plan.xlsx writes for the planner, may
    # hold the planner's edits (Excel's copy, `assignments (2)`, or a sheet renamed): said,
    # where they were left out without a word.
    others = _theirs(workbook)
    problems = [
        replace(p, file=f"{book.name}[{p.file}]")
        for p in unrecognised(others, sorted(OWN_SHEETS), "sheet", list(titles), of="a plan")
    ]
    # A planner may take a statistics sheet for the plan: its edits would go unread.
    problems += [
        Problem(f"{book.name}[{title}]", None, None, "not-read", NOT_READ, severity="warning")
        for title in _values_edited(workbook) or []
        if title in WRITTEN
    ]
    if "assignments" not in titles:  # said with the sheet that may be it, renamed
        message = "sheet 'assignments' is required (unit, task, region, start)"
        raise ScenarioError([Problem(book.name, None, None, "missing-sheet", message), *problems])
    blanked: set[tuple[str, int, str]] = set()
    record_rows: dict[int | None, int] = {}
    for name in [REPLAN_SHEET, *PLAN_SHEETS]:
        if name not in titles:
            continue
        sheet = sized(workbook[titles[name]])
        values = list(sheet.iter_rows(values_only=True))
        label = f"{book.name}[{name}]"
        # A sheet with no header in row 1 is not read, as a scenario's is not. Costs are
        # worked out, never read: theirs is only left out of the comparison.
        if unread := unheaded(label, values, columns=_columns_of(name)):
            problems += [
                replace(
                    p,
                    message=f"{p.message} (costs are worked out, not read: it is left out)",
                    severity="warning",
                )
                if name == "costs"
                else p
                for p in unread
            ]
            continue
        header = header_of(values[0])
        unsaved = unsaved_formulas(sized(formulas[titles[name]]), values)
        # A formula or a note beside the table is not read, and said to be (warnings).
        problems += formula_problems(label, header, unsaved)
        laid, merged = layout_problems(label, sheet, header, values)
        problems += laid
        blanked |= {(label, row, column) for row, column in merged}
        problems += outside_table(label, header, values)
        rows = [[_text(cell) for cell in cells[: len(header)]] for cells in values]
        if name == REPLAN_SHEET:
            record, where = record_from_table(rows)
            text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True)
            (folder / REPLAN).write_text(text, encoding="utf-8")
            tree = yaml.compose(text)
            record_rows = {yaml_line(tree, loc): row for loc, row in where.items()}
            continue
        spelt = own_names(rows[0], _columns_of(name))
        rows[0] = [spelt[text] for text in rows[0]]
        if "month" not in rows[0]:
            rows[0] = [SHEET_HEADERS.get(name, {}).get(text, text) for text in rows[0]]
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as file:
            csv.writer(file).writerows(rows)
    if said := open_elsewhere(book):
        problems.append(Problem(book.name, None, None, "open-elsewhere", said, severity="warning"))
    return WrittenSheets(problems, blanked, record_rows)


def _sheet_heading(sheet: str, column: str) -> str:
    """A column of a plan's table as the plan's workbook heads it on its `sheet`."""
    renamed = SHEET_HEADERS.get(sheet, {})
    return next((heading for heading, table in renamed.items() if table == column), column)


def _columns_of(sheet: str) -> set[str]:
    """The columns of a plan's sheet that are read, as the plan's workbook heads them."""
    if sheet == "assignments":
        return set(ASSIGNMENT_COLUMNS)
    if sheet == REPLAN_SHEET:
        return set(RECORD_COLUMNS)
    return {*RUN_TABLES.get(sheet, {}), *SHEET_HEADERS.get(sheet, {})}


def _sheet_titles(workbook: Any) -> dict[str, str]:
    """The plan's own sheets the workbook has, by the plan's name for each: its title as
    written, whatever its case and the spaces around it (`Handover `)."""
    named = own_names(workbook.sheetnames, OWN_SHEETS)
    return {name: title for title, name in named.items() if name in OWN_SHEETS}


def _text(cell: object) -> str:
    """A cell as the CSV file would hold it, on one line so that its rows are the sheet's:
    a date typed in a month column as the month, a figure to the 15 significant figures a
    spreadsheet shows (a formula's 300.00000000000006 is 300), a whole number without a
    decimal point."""
    if cell is None:
        return ""
    if isinstance(cell, datetime | date):
        return parse_month(cell)
    cell = excel_figure(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).splitlines())
