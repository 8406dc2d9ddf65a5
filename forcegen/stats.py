"""Statistics over a plan: tidy pandas tables the figures, report and notebooks sit on.

Every statistic has the same signature, `stat(results) -> DataFrame`, and reads only the
plan's tables and the scenario, so it describes a run folder written by the optimizer, the
greedy planner or a planner's own edits alike, never a solver object. Months stay
`YYYY-MM` strings, so tables join and sort as they are written in the run folder.
"""

from __future__ import annotations

import json
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from functools import wraps
from math import inf, nan
from pathlib import Path
from typing import Annotated, Any, Concatenate, ParamSpec, TypeVar

import pandas as pd
import yaml
from pydantic import AllowInfNan, BaseModel, ConfigDict, ValidationError

from forcegen import fileformat, offered
from forcegen.checker.rules import overspent
from forcegen.fileformat import (
    ASSIGNMENT_COLUMNS,
    ASSIGNMENTS,
    BY_NATION,
    EDITED_TABLES,
    INFEASIBLE_FILE,
    PLAN_TABLES,
    REPLAN,
    RUN_TABLES,
    absent_columns,
    by_nation,
    handed_over_by,
    of_kind,
    record_as_written,
    region_name,
)
from forcegen.fileio import changed_since_written, values_digest
from forcegen.months import add_months, parse_month
from forcegen.scenario import Scenario, load_scenario, read_scenario
from forcegen.scenario.load import as_scenario, read_csv_table
from forcegen.scenario.problems import (
    Problem,
    ScenarioError,
    ScenarioWarning,
    as_months,
    as_numbers,
    errors,
    given_at_index,
    read_text,
    table_given,
    validation_problem,
)
from forcegen.scenario.schema import SETTINGS_FILE, Unit
from forcegen.shown import kpi_shown, plan_shown, shortened, shown_scale
from forcegen.spec import NOISE, ModelSpec, load_spec

# The statistics a notebook reads (each `stat(results) -> DataFrame`), the `Results` they
# take, the unit each key figure is in, and the warning of a run folder edited; the rest
# (the module's imports, what the terminal, report and workbook read) is theirs.
__all__ = [
    "STATISTICS",
    "Results",
    "TablesEdited",
    "burden_sharing",
    "cost_against_budget",
    "cover_by_contributor",
    "coverage",
    "deployed",
    "handover",
    "idle_units",
    "kpi_unit",
    "kpis",
    "pipeline",
    "reserve_share",
    "sectors",
]


def __dir__() -> list[str]:
    return offered(globals(), __all__)


# The columns the statistics read, per run table (a table may carry more): the run's own
# but coverage's domestic officers (their cover, domestic_effective, is read), the
# domestic pipeline's attrition, and where a tour redeployed came from (the planner's to
# read; `fileformat.redeployments` tells one from its months), which no statistic reads.
UNREAD = {
    "coverage": ("domestic",),
    "domestic": ("attrition",),
    "assignments": ("redeployed_from",),
}
COLUMNS = {
    name: tuple(c for c in kinds if c not in UNREAD.get(name, ()))
    for name, kinds in RUN_TABLES.items()
}
# Codes and months stay text even when every value looks like a number or is blank.
AS_TEXT = dict.fromkeys(of_kind(fileformat.TEXT, fileformat.MONTH), str)
# Text, blank as NaN: pandas 2's `str` wrote a blank as the text 'nan'.
WORDS = pd.StringDtype(na_value=nan)
MONTHS = of_kind(fileformat.MONTH)
# Said where a plan's tables are missing or partial, as a planner writes them: evaluate
# takes the tours and the domestic force's part, and works out the rest.
EVALUATE_WORKS_THEM_OUT = "`forcegen evaluate SCENARIO PLAN --out RUN` works them out into a run"


class TablesEdited(ScenarioWarning):
    """A run folder's table changed since forcegen wrote it (`Results.from_folder`): the
    figures worked out with it are of the plan before the edits."""


def edited_tables(run: Path) -> list[Path]:
    """The tables of the run folder `run` a planner has changed since forcegen wrote them."""
    return [run / name for name in EDITED_TABLES if changed_since_written(run / name)]


# kpis.json's record of where a run's model came from (`Kpis`), beside its figures.
PROVENANCE = ("model_file", "model_sha256")


class Kpis(BaseModel):
    """The figures of kpis.json that reports and comparisons compute with, each of its
    own type: a hand-edited `"lots"` is bad input, not a failure halfway through a report.
    Any figure may be absent; other keys are kept as written."""

    # NaN or an infinity (JSON's NaN, Infinity) is no figure to compute with.
    model_config = ConfigDict(extra="allow", strict=True, allow_inf_nan=False)

    scenario: str = ""
    model: str = ""
    # None in runs written before they were recorded, and for a model made in Python.
    model_file: str | None = None
    model_sha256: str | None = None
    total_shortfall: float = 0.0
    peak_shortfall: float = 0.0
    peak_shortfall_month: str | None = None
    # None in runs written before it was recorded.
    peak_after_arrival: float | None = None
    peak_after_arrival_month: str | None = None
    demand: float = 0.0
    international_cost: float = 0.0
    domestic_cost: float = 0.0
    cost: float = 0.0
    tours: float = 0.0
    nations: list[str] = []
    handover: dict[str, str | None] = {}
    regions_handed_over: float = 0.0
    reserve_person_months: float = 0.0
    reserve_share: float | None = None  # none in theatre
    final_domestic_strength: float = 0.0
    termination: str = ""
    solution: str = ""
    objective: float | None = None
    # No bound found: an infinity in runs written before it was None.
    bound: Annotated[float, AllowInfNan(True)] | None = None
    gap: float | None = None
    solve_seconds: float = 0.0
    build_seconds: float = 0.0
    wall_seconds: float = 0.0
    # The model's settings warned of before the solve (`spec.idle_settings`): why a plan
    # may be empty.
    warnings: list[str] = []


def a_run_folder(run: Path) -> None:
    """ScenarioError, as one problem, where `run` is no folder, or a scenario's: not each
    file of a run missing."""
    if not run.is_dir():
        what = "is a file" if run.exists() else "does not exist"
        raise ScenarioError([Problem(str(run), None, None, "missing-folder", f"the run {what}")])
    if (run / "scenario.yaml").exists() and not (run / ASSIGNMENTS).exists():
        message = "a scenario folder, not a run folder: `forcegen solve` writes one"
        raise ScenarioError([Problem(str(run), None, None, "not-a-run", message)])
    proof = run / INFEASIBLE_FILE
    if proof.is_file() and not (run / "kpis.json").exists():
        # A notebook reading each folder of a sweep's index: said as what it is, not as
        # every file of a run missing.
        lines = proof.read_text(encoding="utf-8", errors="replace").splitlines()
        why = "".join(f": {line} ({INFEASIBLE_FILE})" for line in lines[1:2])
        message = f"proven infeasible, no plan{why}"
        raise ScenarioError([Problem(str(run), None, None, "no-plan", message)])


def read_kpis(run: Path) -> dict[str, Any]:
    """A run folder's kpis.json as written. Raises ScenarioError when it is missing, not a
    JSON object, or holds a figure of the wrong type (every such figure named)."""
    path = run / "kpis.json"
    a_run_folder(run)
    if not path.exists():
        message = f"a run folder has one; {run} has none"
        if (run / ASSIGNMENTS).is_file():  # a hand-made plan's folder, most likely
            message += f"; it holds tours without the tables a run has: {EVALUATE_WORKS_THEM_OUT}"
        raise ScenarioError([Problem(str(path), None, None, "missing-file", message)])
    unread: list[Problem] = []
    if (text := read_text(path, str(path), unread)) is None:  # a folder, a pipe, not UTF-8
        raise ScenarioError(unread)
    try:
        kpis = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError([Problem(str(path), None, None, "json-syntax", str(exc))]) from None
    if not isinstance(kpis, dict):
        raise ScenarioError([Problem(str(path), None, None, "json-shape", "must be an object")])
    try:
        Kpis.model_validate(kpis)
    except ValidationError as exc:
        raise ScenarioError(
            [
                validation_problem(str(path), None, ".".join(map(str, e["loc"])), e, Kpis)
                for e in exc.errors()
            ]
        ) from None
    return kpis


@dataclass(frozen=True)
class Results:
    """A plan's tables beside the scenario it was made for."""

    scenario: Scenario
    assignments: pd.DataFrame
    coverage: pd.DataFrame
    domestic: pd.DataFrame
    costs: pd.DataFrame
    handover: pd.DataFrame
    kpis: dict[str, Any] = field(default_factory=dict)
    # A re-plan's replan.yaml as written (None for any other plan): judged in memory, the
    # plan is excused what its folder's record excuses.
    replan_record: str | None = None
    # The month it re-plans from, as its record gives it (None for any other plan): what
    # began before it is past, not the plan's to change.
    replanned_from: str | None = None
    # The digest (`tours_digest`) of the tours the other tables and key figures were worked
    # out from, taken when made: dataclasses.replace carries it over, so tours edited in
    # pandas are told from those the coverage, costs and handovers still describe.
    tables_made_from: str | None = None

    def __post_init__(self) -> None:
        if self.tables_made_from is None:
            object.__setattr__(self, "tables_made_from", tours_digest(self.assignments))

    def __repr__(self) -> str:
        tables = {name: getattr(self, name) for name in PLAN_TABLES}
        return plan_shown("Results", tables, self.kpis)

    @classmethod
    def from_folder(cls, run: str | Path) -> Results:
        """Read a run folder: its CSV tables, `kpis.json` and the scenario copy in it.

        Raises ScenarioError listing every missing or unreadable file, missing column and
        cell or figure that is not what its column or key holds.
        """
        run = Path(run)
        a_run_folder(run)
        if holding := fileformat.folder_of_runs(run):
            raise ScenarioError([holding])
        # A planner's plan (tours, perhaps the domestic part) has no costs or key figures.
        worked_out = (run / "costs.csv").exists() or (run / "kpis.json").exists()
        if (run / "assignments.csv").exists() and not worked_out:
            message = f"tours without the tables a run has: {EVALUATE_WORKS_THEM_OUT}"
            raise ScenarioError([Problem(str(run), None, None, "not-a-run", message)])
        problems: list[Problem] = []
        tables = {}
        for name, columns in COLUMNS.items():
            path = run / f"{name}.csv"
            if not path.exists():
                problems.append(Problem(path.name, None, None, "missing-file", f"{run} has none"))
                continue
            # As the checker reads it: a file not UTF-8 said at its line; a column named in
            # any case (`Unit`) as the run names it, and in two spellings given twice.
            table = read_csv_table(path, path.name, problems, list(RUN_TABLES[name]))
            if table is None:
                continue
            rows = [row for row, _ in table.rows]  # as a spreadsheet numbers them
            frame = pd.DataFrame(
                [cells for _, cells in table.rows],
                columns=list(dict.fromkeys(table.header)),
                dtype=object,
            )
            # Codes such as `NA` are region or unit names, not missing values: blank is.
            frame = frame.mask(frame == "")
            if name == "coverage":
                frame.columns = pd.Index(by_nation(list(frame.columns)))
            absent_columns(path.name, columns, list(frame.columns), problems)
            figures = [
                column
                for column in frame.columns
                if column not in AS_TEXT
                and (column in RUN_TABLES[name] or column.startswith(BY_NATION))
            ]
            for column in figures:
                # Blank is allowed: a nation without a budget, say.
                frame[column], wrong = as_numbers(
                    frame[column], path.name, column, blank=nan, rows=rows
                )
                # A figure no statistic reads is no reason to refuse the run.
                problems += [] if column in UNREAD.get(name, ()) else wrong
            # A planner's own column is kept as written, as text.
            frame = frame.astype(dict.fromkeys(frame.columns.difference(figures), WORDS))
            for column in frame.columns.intersection(list(columns)).intersection(list(MONTHS)):
                # Blank only where it means something: a region not handed over.
                blank = name == "handover"
                frame[column], wrong = as_months(
                    frame[column], path.name, column, blank=blank, rows=rows
                )
                problems += wrong
            tables[name] = frame
        kpis: dict[str, Any] = {}
        try:
            kpis = read_kpis(run)
        except ScenarioError as exc:
            problems += exc.problems
        try:
            scenario = load_scenario(run / "scenario", warn=False)
        except ScenarioError as exc:
            # A file inside it is named from the run; the folder itself is named as it is.
            problems += [
                p if p.file == str(run / "scenario") else replace(p, file=f"scenario/{p.file}")
                for p in exc.problems
            ]
        else:
            # A scenario copy of another run's would make every code of the tables unknown.
            mismatch = other_scenario(scenario, run, "the run's scenario/ folder")
            problems += mismatch if errors(mismatch) else _unknown_codes(scenario, tables)
            # Its record goes with the plan into memory (`replan_record`): bad, said here,
            # not when the plan is judged.
            try:
                record, text = record_as_written(run, scenario)
            except ScenarioError as exc:
                problems += [] if errors(mismatch) else exc.problems
        if errors(problems):
            raise ScenarioError(problems)
        for path in edited_tables(run):
            # As `forcegen report` says it: tours deleted in an editor were read beside the
            # solved plan's coverage and costs, unsaid (the digest of the tours before is
            # not kept, so its statistics cannot tell, as they do of tours edited in pandas).
            warnings.warn(
                TablesEdited(
                    f"{path}: changed since forcegen wrote it: the run's key figures "
                    "(kpis.json) and the tables worked out with it are of the plan before "
                    "the edits; forcegen.evaluate.evaluate_plan(results.scenario, MODEL, "
                    f"{str(run)!r}) works the edited plan out"
                ),
                stacklevel=2,
            )
        return cls(
            scenario,
            kpis=kpis,
            replan_record=text,
            replanned_from=_replanned_from(record),
            tables_made_from=None,  # its tours', as written beside them
            **tables,
        )

    @classmethod
    def from_plan(cls, plan: Any, scenario: Scenario | str | Path) -> Results:
        """From an in-memory plan (anything with the run tables and `kpis` as attributes,
        or a Run holding one as its `plan`) and its scenario (or the scenario's folder or
        workbook, as `solve_scenario` takes it).

        Raises ScenarioError naming each column a statistic reads that a table lacks,
        each table's first row of every unit, nation, region or task the scenario does not
        have, and of a month outside its horizon, as `from_folder` does: a plan paired
        with another scenario gave figures of its own, or failed far from here. Raises
        TypeError for anything else given as the plan (a run folder's path, say): it
        failed on its first table, far inside."""
        record = getattr(plan, "replan_record", None)  # a re-plan's
        # Results whose tours were edited: its tables stay those of the tours before.
        made_from = getattr(plan, "tables_made_from", None)
        # The scenario it holds (Results) or was made on (a Run's data), if any.
        made_on = getattr(getattr(plan, "data", plan), "scenario", None)
        plan = getattr(plan, "plan", plan)
        if not all(hasattr(plan, name) for name in (*PLAN_TABLES, "kpis")):
            raise TypeError(
                "Results.from_plan takes a plan in memory (a Run, its plan, Results), not "
                f"{type(plan).__name__}: a run folder is read with Results.from_folder(RUN)"
            )
        scenario = as_scenario(scenario)
        tables = {name: getattr(plan, name) for name in PLAN_TABLES}
        unknown = _columns_missing(tables) + [
            given_at_index(problem, name, frame.index)
            for name, frame in tables.items()
            for problem in [
                *_unknown_codes(scenario, {name: frame}, "the scenario given"),
                *_outside_horizon(scenario, {name: frame}),
            ]
        ]
        if unknown:
            raise ScenarioError(unknown)
        if isinstance(made_on, Scenario) and made_on.digest != scenario.digest:
            # A plan of NZL's doubled battalions, paired with the scenario before, read
            # their personnel as the scenario's, unsaid: from_folder says it of a copy.
            warnings.warn(
                ScenarioWarning(
                    f"the plan was made on another scenario than the one given "
                    f"({made_on.settings.name!r}, other contents): its figures are worked "
                    "out on the one given"
                ),
                stacklevel=2,
            )
        return cls(
            scenario,
            kpis=dict(plan.kpis),
            replan_record=record,
            # Its record's text alone is held with a plan in memory: read here, once.
            replanned_from=_replanned_from(yaml.safe_load(record) if record else None),
            tables_made_from=made_from,
            **tables,
        )

    def month_label(self, t: int) -> str:
        """The `YYYY-MM` label of month offset `t` from the horizon's start."""
        return add_months(self.scenario.settings.start, t)


def _replanned_from(record: object) -> str | None:
    """The month a re-plan's record (replan.yaml as read) re-plans from, `YYYY-MM`
    however it is written (`2001-3`, a date, as the record's reader takes it); None where
    it names none."""
    month = record.get("from") if isinstance(record, dict) else None
    return None if month in (None, "") else parse_month(month)


# How a plan's search ended, in a planner's words (kpis.json's `termination`).
ENDED = {
    "optimal": "solved to the gap asked",
    "time_limit": "stopped at the time limit",
    "interrupted": "interrupted (Ctrl-C or SIGTERM), its best plan by then",
    "infeasible": "no plan keeps every rule",
    "unbounded": "unbounded",
    # A run with either has a plan: the search's, branch-and-bound having stopped.
    "error": "branch-and-bound stopped on an error, the plan the search's",
    "other": "branch-and-bound stopped early, the plan the search's",
    "heuristic": "a heuristic's plan, no solver",
    "hand-made": "a hand-made plan, no solver",
    "rolling-horizon": "a rolling horizon's windows",
    # Its months end with the last window finished: the scenario's later months are not in it.
    "rolling-stopped": "a rolling horizon stopped before its last window",
}


def how_solved(kpis: Mapping[str, Any]) -> str:
    """How the plan was made and how far from the optimum it is proven to be, if at all."""
    # A kpis.json edited to a blank (or null) termination is one of an unknown end too.
    ended = str(kpis.get("termination") or "unknown")
    made = ENDED.get(ended, ended)
    if ended in ("hand-made", "heuristic"):
        return made
    gap = kpis.get("gap")
    return f"{made}, {'no proven gap' if gap is None else f'proven gap {gap:.2%}'}"


# Each key figure by the name a planner reads it by, in the key figures and in a re-plan's
# table of them against the plan replaced.
KPI_LABELS = {
    "total_shortfall": "Shortfall",
    "peak_shortfall": "Worst month",
    "peak_after_arrival": "Worst month after arrival",
    "demand": "Demand",
    "cost": "Cost",
    "international_cost": "International cost",
    "domestic_cost": "Domestic force cost",
    "tours": "Tours",
    "regions_handed_over": "Regions handed over",
    "reserve_share": "Reserve share",
    "final_domestic_strength": "Domestic force at the end",
    "gap": "Solver's proven gap",
    "wall_seconds": "Time",
    "objective": "Objective",
}


@dataclass(frozen=True)
class KeyFigure:
    """A headline figure: its `value`, and the `detail` that explains it, which the
    terminal says after it in brackets and the report in small print beneath, so that a
    tile of the report is read at a glance."""

    label: str
    value: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.value} ({self.detail})" if self.detail else self.value


def key_figures(kpis: Mapping[str, Any], scenario: Scenario) -> list[KeyFigure]:
    """The plan's headline figures, as the terminal's summary and the report both show
    them: one wording, where each had its own and one failed on a figure the other said.
    Any figure may be absent (a kpis.json edited or from an older run)."""
    currency = scenario.settings.currency
    demand = kpis.get("demand") or 0.0
    shortfall = kpis.get("total_shortfall") or 0.0
    nations = list(kpis.get("nations") or [])
    handover = kpis.get("handover") or {}
    handed = sorted(((m, r) for r, m in handover.items() if m))
    reserve = kpis.get("reserve_share")

    def cost(kpi: str) -> str:
        return kpi_shown(kpi, kpis.get(kpi) or 0.0)

    # The time limit bounds the solving; building the model comes on top of it. A
    # hand-made plan has none: its time is its tables' working out, not the command's
    # (27 s with the check, report and workbook, where it said 2.2 s).
    solving = (
        f"{kpi_shown('solve_seconds', kpis.get('solve_seconds') or 0.0)} s of it solving"
        if kpis.get("termination") != "hand-made"
        else "to work its tables out"
    )
    return [
        KeyFigure(
            KPI_LABELS["total_shortfall"],
            f"{shortfall:,.0f} {KPI_UNITS['total_shortfall']}",
            f"{shortfall / demand:.1%} of demand" if demand else "no demand",
        ),
        KeyFigure(
            KPI_LABELS["peak_shortfall"],
            f"{kpis.get('peak_shortfall') or 0.0:,.0f} effective personnel short in {month}"
            if (month := kpis.get("peak_shortfall_month"))
            else "no shortfall",
            _after_arrival(kpis),
        ),
        KeyFigure(
            KPI_LABELS["cost"],
            f"{cost('cost')} {currency}",
            f"tours {cost('international_cost')}, domestic force {cost('domestic_cost')}",
        ),
        KeyFigure(
            KPI_LABELS["tours"],
            f"{kpis.get('tours') or 0:,.0f} by {len(nations)} of {len(scenario.nations)} nations",
            ", ".join(nations),
        ),
        KeyFigure(
            KPI_LABELS["regions_handed_over"],
            f"{len(handed)} of {len(scenario.regions)}",
            ", ".join(f"{r} {m}" for m, r in handed),
        ),
        KeyFigure(
            KPI_LABELS["reserve_share"],
            "nobody in theatre"
            if reserve is None
            else f"{kpi_shown('reserve_share', reserve)} of person-months",
        ),
        KeyFigure(
            KPI_LABELS["final_domestic_strength"],
            # Its unit said, as every other figure's: "3,477 trained" left the reader to
            # guess 3,477 of what.
            f"{kpis.get('final_domestic_strength') or 0.0:,.0f} "
            f"{KPI_UNITS['final_domestic_strength']} trained",
        ),
        KeyFigure("Solver", how_solved(kpis)),
        KeyFigure(
            KPI_LABELS["wall_seconds"],
            f"{kpi_shown('wall_seconds', kpis.get('wall_seconds') or 0.0)} s",
            solving,
        ),
    ]


def _after_arrival(kpis: Mapping[str, Any]) -> str:
    """The worst month once the first tours have arrived (`Scenario.arrival`), where the
    worst month is one they were still arriving in: the one plans differ by. Nothing
    where the two are one month, or for a run written before it was recorded."""
    month = kpis.get("peak_after_arrival_month")
    peak = kpis.get("peak_after_arrival")
    if peak is None or month == kpis.get("peak_shortfall_month"):
        return ""
    if month is None:
        return "none after the first tours' arrival"
    return f"{peak:,.0f} in {month} after the first tours' arrival"


def other_scenario(
    scenario: Scenario, run: Path, source: str, given: Path | None = None
) -> list[Problem]:
    """An error when the plan in `run` was made on another scenario than `scenario`
    (`source` says where that one is): most of the units and most of the regions its tours
    name are not in it. Judged against it, the plan would be a flood of unknown codes and
    broken rules, none saying why. Where only the name differs from the one in the run's
    kpis.json (a scenario copied and edited to ask whether the plan still holds), a warning.
    Where `scenario` was read from `given`, not from the run's own copy, and differs from
    that copy, a warning too: a re-plan's copy holds its events, so its tours break the
    original scenario's rules and a re-plan of it from that one would drop them.
    Files the run lacks or that cannot be read say nothing here: whoever reads them reports
    them."""
    name = scenario.settings.name
    made = None
    with suppress(ScenarioError):
        made = read_kpis(run).get("scenario")
    renamed = isinstance(made, str) and bool(made) and made != name
    origin = f"the plan was made on the scenario {shortened(made)!r}, not on {name!r} ({source})"
    path = run / "assignments.csv"
    # A pipe there would hang the read, waiting for a writer. Read as the plan's reader
    # reads it: pandas took a first row a cell too long for an index and its columns, its
    # units the nations, and called a plan with a note typed beside it another scenario's.
    table = (
        read_csv_table(path, "assignments.csv", [], ASSIGNMENT_COLUMNS) if path.is_file() else None
    )
    # Stripped as the plan's reader strips them: a spreadsheet's padding is no other code.
    named = {
        column: {str(record.get(column, "")).strip() for _, record in table.rows} - {""}
        for column in ("unit", "region")
        if table is not None and column in table.header
    }
    known = {"unit": set(scenario.unit_by_code), "region": set(scenario.region_by_code)}
    unknown = {column: codes - known[column] for column, codes in named.items()}
    if len(named) == 2 and all(2 * len(unknown[c]) > len(named[c]) for c in named):
        missing = (
            f"{len(unknown['unit'])} of the {len(named['unit'])} units and "
            f"{len(unknown['region'])} of the {len(named['region'])} regions its tours name "
            f"are not in the scenario '{name}' ({source})"
        )
        message = f"{origin}: {missing}" if renamed else f"{missing}: the plan was made on another"
        return [Problem(str(run / "assignments.csv"), None, None, "other-scenario", message)]
    if renamed:
        message = f"{origin}; its units and regions are there, so it is judged all the same"
        return [
            Problem(
                str(run / "kpis.json"),
                None,
                "scenario",
                "other-scenario",
                message,
                severity="warning",
            )
        ]
    return [] if given is None else _not_its_own(scenario, run, given)


def _not_its_own(scenario: Scenario, run: Path, given: Path) -> list[Problem]:
    """`other_scenario`'s warning where the run's own copy differs from `given`'s."""
    own = run / "scenario"
    if not (own / SETTINGS_FILE).is_file() or own.resolve() == given.resolve():
        return []
    copy = read_scenario(own).scenario  # None when broken: not what is judged here
    if copy is None or copy.model_dump() == scenario.model_dump():
        return []
    if (run / REPLAN).is_file():
        message = (
            f"the plan is a re-plan, made on its own copy of the scenario with its events "
            f"in it, which differs from {given}: to judge it as made or re-plan it, give {own}"
        )
    else:  # a copy edited to ask whether the plan still holds: the question is the user's
        message = f"the run's own copy ({own}) differs from {given}: judged against {given}"
    if (copy.settings.start, copy.end) != (scenario.settings.start, scenario.end):
        # A stopped rolling run's plan ends with its last window: against the whole
        # horizon, its later months read as empty, and a re-plan's KPIs as gains.
        message += f"; the plan's horizon is {_horizon(copy)}, the scenario's {_horizon(scenario)}"
    return [Problem(str(own), None, None, "other-scenario", message, severity="warning")]


def _horizon(scenario: Scenario) -> str:
    return f"{scenario.settings.start}..{scenario.end} ({scenario.settings.months} months)"


def _unknown_codes(
    scenario: Scenario, tables: dict[str, pd.DataFrame], whose: str = "the run's scenario"
) -> list[Problem]:
    """A problem at the first row of each code in a run table that its scenario (`whose`)
    does not define: the figures look nations, units, regions and tasks up in the
    scenario."""
    known = {
        "nation": set(scenario.nation_by_code),
        "unit": set(scenario.unit_by_code),
        "region": set(scenario.region_by_code),
        "task": set(scenario.task_by_code),
    }
    problems = []
    for name, frame in tables.items():
        for column in frame.columns.intersection(list(known)):
            codes = frame[column].reset_index(drop=True)  # by position: a file's row
            unknown = codes[codes.notna() & ~codes.isin(known[column])].drop_duplicates()
            for position, code in zip(unknown.index, unknown, strict=True):
                problems.append(
                    Problem(
                        f"{name}.csv",
                        int(position) + 2,  # the header is row 1
                        column,
                        f"unknown-{column}",
                        f"no {column} {shortened(code)!r} in {whose}",
                        str(code),
                    )
                )
    return problems


def _columns_missing(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """A problem for each column the statistics read that a plan's table held in memory
    lacks, at the table given, as `from_folder` says it of a file."""
    problems: list[Problem] = []
    for name, frame in tables.items():
        found: list[Problem] = []
        absent_columns(f"{name}.csv", COLUMNS[name], list(frame.columns), found)
        problems += [replace(problem, file=table_given(name)) for problem in found]
    return problems


def _outside_horizon(scenario: Scenario, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A problem at the first row of each table with a month outside the horizon of the
    scenario given for a plan in memory: the same codes over a shorter horizon gave
    figures without a word. (A run folder's tours outside it are the checker's to say.)"""
    problems = []
    for name, frame in tables.items():
        for column in frame.columns.intersection(["month", "start"]):
            months = frame[column].reset_index(drop=True)  # by position: a file's row
            outside = months[months.notna() & ~months.isin(scenario.months)]
            if len(outside):
                month = outside.iloc[0]
                horizon = f"{scenario.months[0]}..{scenario.months[-1]}"
                problems.append(
                    Problem(
                        f"{name}.csv",
                        int(outside.index[0]) + 2,  # the header is row 1
                        column,
                        "outside-horizon",
                        f"{month} is outside the horizon of the scenario given ({horizon})",
                        str(month),
                    )
                )
    return problems


Statistic = Callable[[Results], pd.DataFrame]
Drawn = TypeVar("Drawn")
Options = ParamSpec("Options")


def takes_results(
    function: Callable[Concatenate[Results, Options], Drawn],
) -> Callable[Concatenate[Results, Options], Drawn]:
    """A statistic or figure that says how to make `Results` when given something else:
    a notebook's `run` or `run.plan` would fail on its first attribute, far from the cause.
    Its other arguments (a figure's nations) are passed on."""

    @wraps(function)
    def given(results: Results, *args: Options.args, **kwargs: Options.kwargs) -> Drawn:
        if not isinstance(results, Results):
            raise TypeError(
                f"{function.__name__} takes Results, not {type(results).__name__}: "
                "Results.from_plan(run.plan, scenario) or Results.from_folder(RUN)"
            )
        # A table edited in pandas (dataclasses.replace) without a column a statistic
        # reads failed far inside, as a KeyError of the column alone.
        if missing := _columns_missing({name: getattr(results, name) for name in PLAN_TABLES}):
            raise ScenarioError(missing)
        # A notebook's dates (pd.to_datetime, a PeriodIndex) failed far inside, unnamed.
        for name in PLAN_TABLES:
            frame = getattr(results, name)
            for column in frame.columns.intersection(list(MONTHS)):
                kind = frame[column].dtype
                if not pd.api.types.is_string_dtype(kind):
                    raise TypeError(
                        f"{function.__name__}: {name}.{column} holds {kind}, where months are "
                        "YYYY-MM text; convert back with .dt.strftime('%Y-%m') (dates) or "
                        ".astype(str) (periods)"
                    )
        return function(results, *args, **kwargs)

    return given


def tours_digest(tours: pd.DataFrame) -> str:
    """A digest of a plan's tours, in any order and under any index: a tour dropped,
    added or changed in any column a plan's tours have changes it."""
    columns = tours.columns.intersection(list(ASSIGNMENT_COLUMNS))
    rows = tours[columns].itertuples(index=False, name=None)
    return values_digest(sorted(rows, key=lambda row: tuple(map(str, row))))


def of_its_tours(
    function: Callable[Concatenate[Results, Options], Drawn],
) -> Callable[Concatenate[Results, Options], Drawn]:
    """A statistic that reads the tables worked out from the tours (coverage, costs,
    domestic, handover, key figures), refused where the tours were edited since: a figure
    drew the solved plan's costs and cover beside a rotation without its tours, unsaid."""

    @wraps(function)
    def given(results: Results, *args: Options.args, **kwargs: Options.kwargs) -> Drawn:
        if tours_digest(results.assignments) != results.tables_made_from:
            message = (
                f"{function.__name__} reads the coverage, costs, domestic and handover tables "
                "and key figures, worked out from other tours than the assignments now hold "
                "(edited since): forcegen.evaluate.evaluate_plan(scenario, model, results) "
                "works every table out again from the tours"
            )
            problem = Problem(table_given("assignments"), None, None, "edited-tours", message)
            raise ScenarioError([problem])
        return function(results, *args, **kwargs)

    return given


def _typed(
    frame: pd.DataFrame,
    words: Iterable[str] = (),
    counts: Iterable[str] = (),
    figures: Iterable[str] = (),
) -> pd.DataFrame:
    """A statistic with its text and month columns (`words`) text, blank as NaN, as the
    run tables read back hold them; its `counts` whole numbers; its `figures` floats, NaN
    for blank: of the same types whatever the plan, so that pd.concat of one statistic
    over runs keeps them, where a plan without tours or demand gave object or int64."""
    types: dict[str, Any] = (
        dict.fromkeys(words, WORDS)
        | dict.fromkeys(counts, "int64")
        | dict.fromkeys(figures, "float64")
    )
    return frame.astype(types)


@takes_results
@of_its_tours
def coverage(results: Results) -> pd.DataFrame:
    """Demand, cover and shortfall by region, task and month (personnel-equivalents)."""
    frame = results.coverage[
        ["region", "task", "month", "demand", "international", "domestic_effective", "shortfall"]
    ].copy()
    covered = frame["international"] + frame["domestic_effective"]
    frame["covered_share"] = (covered / frame["demand"]).where(frame["demand"] > 0).clip(upper=1)
    words = ["region", "task", "month"]
    frame = _typed(frame, words, figures=frame.columns.drop(words))
    return frame.sort_values(words).reset_index(drop=True)


@takes_results
@of_its_tours
def cover_by_contributor(results: Results) -> pd.DataFrame:
    """Effective cover counted against demand by region, month and contributor (each
    nation, then `domestic`), long format, with the region's demand, shortfall and
    `over_demand` alongside. Units come whole, so a task can be covered beyond its demand:
    that excess is taken out of its contributors' cover pro rata and summed as
    `over_demand`, so cover plus shortfall is the demand. `demand`, `shortfall` and
    `over_demand` are the region's in that month, repeated on each contributor's row:
    total them over `drop_duplicates(["region", "month"])`, not over the rows."""
    frame = results.coverage.copy()
    nations = [c for c in frame.columns if c.startswith("intl_")]
    parts = [*nations, "domestic_effective"]
    total = frame[parts].sum(axis=1)
    counted = total.clip(upper=frame["demand"])
    frame[parts] = frame[parts].mul((counted / total).where(total > 0, 0.0), axis=0)
    frame["over_demand"] = total - counted
    long = frame.melt(
        id_vars=["region", "month"],
        value_vars=parts,
        var_name="contributor",
        value_name="cover",
    )
    long["contributor"] = long["contributor"].str.removeprefix("intl_")
    long["contributor"] = long["contributor"].replace({"domestic_effective": "domestic"})
    cover = long.groupby(["region", "month", "contributor"])["cover"].sum().reset_index()
    totals = frame.groupby(["region", "month"], as_index=False)[
        ["demand", "shortfall", "over_demand"]
    ].sum()
    words = ["region", "month", "contributor"]
    figures = ["cover", "demand", "shortfall", "over_demand"]
    frame = _typed(cover.merge(totals, on=["region", "month"]), words, figures=figures)
    return frame.sort_values(words, ignore_index=True)


def _tour_months(results: Results) -> pd.DataFrame:
    """One row per tour and in-theatre month inside the horizon."""
    scenario = results.scenario
    horizon = len(scenario.months)
    rows = []
    for tour in results.assignments.to_dict("records"):
        first = scenario.month_index(str(tour["start"]))
        last = min(scenario.month_index(str(tour["end"])), horizon - 1)
        for t in range(max(first, 0), last + 1):
            rows.append(
                {
                    "unit": tour["unit"],
                    "nation": tour["nation"],
                    "component": tour["component"],
                    "task": tour["task"],
                    "region": tour["region"],
                    "month": results.month_label(t),
                    "personnel": float(tour["personnel"]),
                }
            )
    columns = ["unit", "nation", "component", "task", "region", "month", "personnel"]
    return pd.DataFrame(rows, columns=columns)


@takes_results
def deployed(results: Results) -> pd.DataFrame:
    """Personnel in theatre by nation, component and month, beside the nation's ceiling:
    a row for every month of each nation and component its units have, 0 where none is
    there (a line drawn through the months between would read as a trend). The ceiling
    holds for the nation's components together and is repeated on each one's row: judge it
    against `groupby(["nation", "month"])["personnel"].sum()`; blank before the nation
    joins and after it leaves, when none of it may serve."""
    scenario = results.scenario
    keys = ["nation", "component", "month"]
    sums = _tour_months(results).groupby(keys)["personnel"].sum()
    every = pd.MultiIndex.from_tuples(
        [
            (nation, component, month)
            for nation, component in sorted({(u.nation, u.component) for u in scenario.units})
            for month in scenario.months
        ],
        names=keys,
    )
    # A hand-made plan's tours of a nation and component no unit has are kept as written.
    present = sums.reindex(sums.index.union(every), fill_value=0.0).astype(float).reset_index()
    # Only where the nation may serve: a ceiling before it joins or after it leaves read
    # as room to spare.
    present["ceiling"] = [
        scenario.ceiling_at(nation, month) if _may_serve(scenario, nation, month) else None
        for nation, month in zip(present["nation"], present["month"], strict=True)
    ]
    # A ceiling is a figure of personnel as those in theatre are, as burden_sharing's is.
    present = _typed(present, keys, figures=["personnel", "ceiling"])
    return present.sort_values(["nation", "month", "component"], ignore_index=True)


def _may_serve(scenario: Scenario, nation: str, month: str) -> bool:
    """Whether the nation (nations.csv) has joined and not left by `month`."""
    serving = scenario.nation_by_code.get(nation)
    return serving is not None and (serving.join or month) <= month <= (serving.leave or month)


@takes_results
def reserve_share(results: Results) -> pd.DataFrame:
    """Share of each nation's personnel in theatre drawn from reserves, month by month,
    beside the nation's cap (blank when it has none); the share is blank in a month the
    nation has nobody there."""
    present = deployed(results)
    wide = present.pivot_table(
        index=["nation", "month"], columns="component", values="personnel", aggfunc="sum"
    ).fillna(0.0)
    reserve = wide["reserve"] if "reserve" in wide else pd.Series(0.0, index=wide.index)
    total = wide.sum(axis=1)
    frame = pd.DataFrame(
        {"reserve": reserve, "deployed": total, "share": reserve / total.where(total > 0)}
    ).reset_index()
    caps = {n.nation: n.reserve_max_share for n in results.scenario.nations}
    frame["cap"] = frame["nation"].map(caps)
    return _typed(frame, ["nation", "month"], figures=["reserve", "deployed", "share", "cap"])


@takes_results
@of_its_tours
def cost_against_budget(results: Results) -> pd.DataFrame:
    """Cost by nation and fiscal year, its budget, the share of the budget `used` and how
    far the cost is `over_budget` (money; 0 where it is kept, as the checker judges it).
    Both are blank where there is no budget; of a budget of 0, nothing spent has used none
    of it, and anything spent has no share of it (blank `used`): its `over_budget` says it,
    where a blank alone read as no budget and hid the overspend of a soft budget."""
    frame = results.costs[["nation", "fiscal_year", "cost", "budget"]].copy()
    budget, cost = frame["budget"], frame["cost"]
    frame["used"] = (cost / budget).where(budget > 0)
    frame.loc[(budget == 0) & (cost <= NOISE), "used"] = 0.0
    frame["over_budget"] = [
        nan if pd.isna(b) else overspent(c, b) for c, b in zip(cost, budget, strict=True)
    ]
    figures = ["cost", "budget", "used", "over_budget"]
    frame = _typed(frame, ["nation"], ["fiscal_year"], figures)
    return frame.sort_values(["nation", "fiscal_year"], ignore_index=True)


@takes_results
@of_its_tours
def pipeline(results: Results) -> pd.DataFrame:
    """The domestic force month by month: recruits, in training, strength, employed, and
    what its whole strength could cover (`can_cover`) beside `open_demand`, the demand of
    the tasks it may take (effective personnel)."""
    scenario = results.scenario
    force = scenario.settings.domestic
    frame = results.domestic[
        ["month", "recruits", "in_training", "graduates", "strength", "trainers", "employed"]
    ].copy()
    frame["can_cover"] = frame["strength"] * force.effectiveness
    open_tasks = set(force.tasks)
    cover = results.coverage
    demand = cover[cover["task"].isin(open_tasks)].groupby("month")["demand"].sum()
    # Not the mission's whole demand: the part of it the domestic force may take.
    frame["open_demand"] = frame["month"].map(demand).fillna(0.0)
    return _typed(frame, ["month"], figures=frame.columns.drop("month"))


def places_apart(kpi: str, values: Iterable[float]) -> int:
    """The fewest decimal places, the key figure's usual ones at least, at which `values`
    that differ read apart as `kpi_shown` shows them: a frontier's caps of 56,550 and
    113,100 both read "0.1 M"."""
    scale, places = shown_scale(kpi)
    distinct = {float(value) for value in values if not pd.isna(value)}
    # Money to a hundredth of its currency at most: a cap is set to that (`frontier_sweep`).
    while len({f"{v * scale:.{places}f}" for v in distinct}) < len(distinct) and places < 8:
        places += 1
    return places


def _as_shown(kpi: str, value: float) -> float:
    """A key figure rounded as `kpi_shown` shows it: by the same formatting, where
    rounding the figure itself (to 100,000 of money, say) split a halfway one otherwise
    (1,234,450,000 and 1,234,550,000 both read 1,234.5 M, their change +0.2 M)."""
    scale, places = shown_scale(kpi)
    return float(f"{value * scale:.{places}f}") / scale


def shown_change(kpi: str, before: Any, after: Any, change: Any) -> Any:
    """The change between two key figures as `kpi_shown` shows them, where both are: each
    rounded alone, 74,353.4 and 95,371.6 read as a change of +21,018 between 74,353 and
    95,372; `change` (the figures' own) where one is missing, or where it is (a cost in
    another currency than the baseline's, an objective under other weights: not
    subtracted)."""
    if pd.isna(before) or pd.isna(after) or pd.isna(change):
        return change
    return _as_shown(kpi, float(after)) - _as_shown(kpi, float(before))


@takes_results
@of_its_tours
def handover(results: Results) -> pd.DataFrame:
    """Handover month per region (blank when the region is not handed over in the horizon),
    the months from the mission's start, and whether the handover was decided (regions.csv
    `handed_over`, a re-plan's handover event) or the plan's."""
    scenario = results.scenario
    frame = results.handover[["region", "month"]].rename(columns={"month": "handover"})
    frame["months_from_start"] = pd.array(
        [scenario.month_index(m) if isinstance(m, str) else None for m in frame["handover"]],
        dtype="Int64",
    )
    frame["by"] = [
        handed_over_by(scenario, r, None if pd.isna(t) else int(t))
        for r, t in zip(frame["region"], frame["months_from_start"], strict=True)
    ]
    frame.insert(1, "name", [region_name(scenario, r) for r in frame["region"]])
    frame = _typed(frame, ["region", "name", "handover", "by"])
    return frame.sort_values(["months_from_start", "region"], ignore_index=True)


@takes_results
@of_its_tours
def burden_sharing(results: Results) -> pd.DataFrame:
    """Each nation's part of the mission: tours, person-months in theatre inside the
    horizon, peak presence against the ceiling in force that month (ceilings.csv's, else
    nations.csv's; for a nation never deployed, the first month's it may serve in, blank
    where it may serve in none), the most of its ceiling
    it has in theatre in any month, when, and that month's ceiling (`ceiling_used`,
    `ceiling_used_month`, `ceiling_then`: a ceiling that shrinks binds after the peak),
    cost (costs.csv's: a tour past the horizon's end paid for to the end of its fiscal
    year, so a nation's cost share may run ahead of its person-months'), regions served,
    and its shares of the coalition totals (blank where a total is nothing)."""
    scenario = results.scenario
    months = _tour_months(results)
    person_months = months.groupby("nation")["personnel"].sum()
    monthly = months.groupby(["nation", "month"])["personnel"].sum()
    peak = monthly.groupby("nation").max()
    peak_month = {n: month for n, (_, month) in monthly.groupby("nation").idxmax().items()}
    ceilings = pd.Series(
        [scenario.ceiling_at(nation, month) for nation, month in monthly.index],
        index=monthly.index,
        dtype=float,
    )
    use = monthly / ceilings  # a ceiling of 0 (a nation gone) with anyone there: inf
    use_month = {n: month for n, (_, month) in use.groupby("nation").idxmax().items()}
    cost = results.costs.groupby("nation")["cost"].sum()
    tours = results.assignments.groupby("nation").size()
    regions = results.assignments.groupby("nation")["region"].nunique()
    frame = pd.DataFrame({"nation": [n.nation for n in scenario.nations]})
    frame["tours"] = frame["nation"].map(tours).fillna(0).astype(int)
    frame["person_months"] = frame["nation"].map(person_months).fillna(0.0)
    frame["peak_deployed"] = frame["nation"].map(peak).fillna(0.0)
    # A nation never deployed: its ceiling in its first month it may serve, where that
    # of the horizon's first month, before it joins, read as room deployed's table blanks.
    first = {
        n.nation: next((m for m in scenario.months if _may_serve(scenario, n.nation, m)), None)
        for n in scenario.nations
    }
    frame["ceiling"] = [
        scenario.ceiling_at(n.nation, month)
        if (month := peak_month.get(n.nation, first[n.nation]))
        else None
        for n in scenario.nations
    ]
    frame["ceiling_used"] = frame["nation"].map(use.groupby("nation").max()).fillna(0.0)
    frame["ceiling_used_month"] = frame["nation"].map(use_month)
    frame["ceiling_then"] = [
        ceilings[(n, use_month[n])] if n in use_month else None for n in frame["nation"]
    ]
    frame["cost"] = frame["nation"].map(cost).fillna(0.0)
    frame["regions_served"] = frame["nation"].map(regions).fillna(0).astype(int)
    for column in ("person_months", "cost"):
        total = frame[column].sum()
        frame[f"{column}_share"] = frame[column] / total if total else nan
    lead = scenario.lead
    frame["lead"] = frame["nation"] == (lead.nation if lead else None)
    # Ceilings are figures of personnel, as those in theatre; blank where never deployed.
    figures = [
        "person_months", "peak_deployed", "ceiling", "ceiling_used", "ceiling_then", "cost",
        "person_months_share", "cost_share",
    ]  # fmt: skip
    frame = _typed(frame, ["nation", "ceiling_used_month"], ["tours", "regions_served"], figures)
    return frame.sort_values("person_months", ascending=False, ignore_index=True)


@takes_results
def sectors(results: Results) -> pd.DataFrame:
    """Each sector (the regions of one authority, regions.csv): its regions, the nations
    serving tours in them over the horizon (`nation_count`) and the most in theatre there
    in any one month (`most_at_once`): what `coalition.max_nations_per_sector` caps, as
    `coalition.nations_counted` says (over the horizon, or at once)."""
    serving = results.assignments.groupby("region")["nation"].unique()
    months = _tour_months(results)
    sector_of = results.scenario.sector_of
    months["sector"] = months["region"].map(sector_of)
    at_once = months.groupby(["sector", "month"])["nation"].nunique().groupby("sector").max()
    rows = []
    for sector, regions in results.scenario.sectors.items():
        nations = sorted({n for r in regions if r in serving.index for n in serving[r]})
        rows.append(
            {
                "sector": sector,
                "regions": "; ".join(regions),
                "nations": "; ".join(nations),
                "nation_count": len(nations),
                "most_at_once": int(at_once.get(sector, 0)),
            }
        )
    columns = ["sector", "regions", "nations", "nation_count", "most_at_once"]
    return _typed(pd.DataFrame(rows, columns=columns), columns[:3], columns[3:])


@takes_results
@of_its_tours
def idle_units(results: Results, spec: ModelSpec | str | Path | None = None) -> pd.DataFrame:
    """Each unit the plan leaves at home for the whole horizon, and why (`why`, the first
    of these that holds): no whole tour fits its time in theatre (its own and its
    nation's availability, from a re-plan's month); it may do no task in demand where and
    when it may go (its type, its nation's caveats, those of caveats.csv in the months a
    tour of it would serve, a tour out of its region by the region's handover by
    decision); it is not needed (no shortfall where and when it could
    serve); no whole tour of it that would cover a shortfall fits its nation's ceiling,
    reserve share (a reserve unit's) and budget, beside the nation's tours; none of those
    fits what the plan leaves of the mission's hard total budget (`spec`'s
    mission.total_budget, where given); each of them would make one nation too many in its
    region (`spec`'s hard coalition.max_nations_per_region, counted as it says); else the
    plan's choice. Its figures beside: the
    months it could cover a shortfall (`months_wanted`), those of them its nation's
    ceiling has no room for it in (`ceiling_full`) or its budget less than a month of it
    (`budget_spent`), the most of the shortfall it could cover in one of them
    (`could_cover`, effective personnel) and what a month of it costs (`cost_a_month`).

    Judged from the scenario, the plan and `spec` (the model the plan was made under, for
    its hard total budget and nations per region: a model, or its name or file, as
    `check_plan` takes it), not the solver's model: a model's end date, its soft limits,
    its other coalition rules and its weights are the plan's choice's to weigh."""
    scenario = results.scenario
    if spec is not None and not isinstance(spec, ModelSpec):
        # By name, as solve_scenario and check_plan take it: "security-keeping" had failed
        # as a str without `mission`.
        spec = load_spec(spec, scenario)
    short = results.coverage.loc[
        results.coverage["shortfall"] > NOISE, ["task", "region", "month", "shortfall"]
    ]
    shortfalls: list[tuple[str, str, str, float]] = list(short.itertuples(index=False))
    months = _tour_months(results)
    present = months.groupby(["nation", "month"])["personnel"].sum()
    reserves = months[months["component"] == "reserve"].groupby(["nation", "month"])["personnel"]
    spent = results.costs.groupby(["nation", "fiscal_year"], as_index=False)["cost"].sum()
    room = _Room(
        scenario,
        _by_nation_month(present),
        _by_nation_month(reserves.sum()),
        {(str(n), int(y)): float(c) for n, y, c in spent.itertuples(index=False)},
    )
    # Before a re-plan's month is past: no tour of it may begin there.
    replanned = scenario.month_index(results.replanned_from) if results.replanned_from else 0
    by_hand = results.kpis.get("termination") == "hand-made"
    # What the plan leaves of a hard total budget, which caps every nation's tours at once:
    # a unit no tour of which fits in it had been said left home by the plan's choice.
    left = None
    if spec is not None and spec.mission.total_budget is not None and spec.rules.budget == "hard":
        left = spec.mission.total_budget - float(results.costs["cost"].sum())
    crowded = _Crowded.of(months, spec)
    used = set(results.assignments["unit"])
    rows = []
    for unit in (u for u in scenario.units if u.unit not in used):
        starts = _tour_starts(scenario, unit, replanned)
        tours = {s: room.months_of(unit, s) for s in starts}
        # A tour's first months in theatre, its relief in place, cover nothing.
        counting = {s: room.months_of(unit, s, counting=True) for s in starts}
        allowed = _caveats_allow(scenario, unit, starts)
        # The shortfall a tour no caveat refuses would count in, by task and region.
        reach = {pair: set().union(*(counting[s] for s in ss)) for pair, ss in allowed.items()}
        cells = [c for c in shortfalls if c[2] in reach.get((c[0], c[1]), ())]
        effective = scenario.unit_type_by_code[unit.type].effectiveness
        covers = [min(unit.personnel * effective[task], gap) for task, _, _, gap in cells]
        wanted = {m for _, _, m, _ in cells}
        wanted_at: dict[tuple[str, str], set[str]] = defaultdict(set)
        for task, region, m, _ in cells:
            wanted_at[task, region].add(m)
        # Each whole tour that would cover a shortfall, with the limits it breaks: judged
        # once a start, not once for each task and region it would cover (a sparse plan of
        # M had judged 2.3 million months against ceilings, 46 s).
        covering = dict.fromkeys(
            s for pair, months in wanted_at.items() for s in allowed[pair] if months & counting[s]
        )
        breaks = {s: room.broken(unit, s, tours[s]) for s in covering}
        fitting = {s for s, broken in breaks.items() if not broken}
        why = None
        if fitting and left is not None:
            cheapest = min(room.tour_cost(unit, s) for s in fitting)
            if cheapest > left + NOISE:
                why = _over_total(max(left, 0.0), cheapest, scenario.settings.currency)
        if why is None and fitting and crowded is not None:
            # Where each such tour goes: a region another nation's tours would crowd.
            regions = {
                (region, s)
                for (task, region), months in wanted_at.items()
                for s in allowed[task, region]
                if s in fitting and months & counting[s]
            }
            why = crowded.why(unit.nation, [(region, tours[s]) for region, s in regions])
        rows.append(
            {
                "unit": unit.unit,
                "nation": unit.nation,
                "type": unit.type,
                "component": unit.component,
                "personnel": unit.personnel,
                "months_wanted": len(wanted),
                "ceiling_full": sum(not room.under_ceiling(unit, m) for m in wanted),
                "budget_spent": sum(not room.paid(unit, m) for m in wanted),
                "could_cover": max(covers, default=0.0),
                "cost_a_month": room.monthly(unit),
                "why": why or _why_idle(bool(starts), bool(reach), list(breaks.values()), by_hand),
            }
        )
    frame = pd.DataFrame(rows, columns=IDLE_COLUMNS)
    words = ["unit", "nation", "type", "component", "why"]
    counts = ["personnel", "months_wanted", "ceiling_full", "budget_spent"]
    return _typed(frame, words, counts, ["could_cover", "cost_a_month"])


IDLE_COLUMNS = [
    "unit", "nation", "type", "component", "personnel", "months_wanted", "ceiling_full",
    "budget_spent", "could_cover", "cost_a_month", "why",
]  # fmt: skip


def _tour_starts(scenario: Scenario, unit: Unit, replanned: int) -> list[int]:
    """The months a whole tour of the unit may start in the horizon: mobilized from its
    first month (and a re-plan's), a reserve unit trained first, back by its last, and
    held in no period unavailable.csv gives it."""
    horizon, tour = scenario.settings.months, scenario.tour_of(unit)
    first, last = scenario.unit_window(unit)
    training = scenario.training_of(unit)
    first = max(first, replanned) + training
    last = horizon - 1 + tour if last is None else last
    return [
        s
        for s in range(first, horizon)
        if s + tour - 1 <= last
        and not scenario.unavailable_in(unit.unit, s - training, s + tour - 1)
    ]


def _caveats_allow(
    scenario: Scenario, unit: Unit, starts: list[int]
) -> dict[tuple[str, str], list[int]]:
    """Of the tasks in demand in regions the unit may go (`eligible_pairs`), each with the
    `starts` of a whole tour of it that no caveats.csv row of its nation refuses while in
    theatre and that leaves the region by its handover by decision (regions.csv
    `handed_over`), those with one at least."""
    tour = scenario.tour_of(unit)
    handed = scenario.declared_handovers
    allowed = {
        (task, region): [
            s
            for s in starts
            if s + tour <= handed.get(region, s + tour)
            and not scenario.caveats_in(unit.nation, task, region, s, s + tour - 1)
        ]
        for task, region in scenario.eligible_pairs(unit.nation, unit.type)
    }
    return {pair: ss for pair, ss in allowed.items() if ss}


def _by_nation_month(personnel: pd.Series) -> dict[tuple[str, str], float]:
    """Personnel by (nation, month) as a dict: looked up a month at a time, a Series by its
    MultiIndex had taken most of `idle_units`' time."""
    pairs = zip(personnel.index, personnel, strict=True)
    return {(str(n), str(m)): float(p) for (n, m), p in pairs}


@dataclass
class _Room:
    """What a nation's ceiling, reserve share and budget leave beside the plan's tours:
    `present`, its personnel in theatre by (nation, month), `reserves` the reservists of
    them; `spent`, its cost by (nation, fiscal year)."""

    scenario: Scenario
    present: dict[tuple[str, str], float]
    reserves: dict[tuple[str, str], float]
    spent: dict[tuple[str, int], float]

    def left(self, nation: str, year: int) -> float:
        """The nation's budget for the fiscal year less its cost, inf where it has none (a
        nation and year costs.csv has no row of, a hand-made table's, its budget whole)."""
        budget = self.scenario.budget_for(nation, year)
        return inf if budget is None else budget - self.spent.get((nation, year), 0.0)

    def monthly(self, unit: Unit) -> float:
        return float(
            unit.personnel * self.scenario.nation_by_code[unit.nation].cost_per_person_month
        )

    def months_of(self, unit: Unit, start: int, *, counting: bool = False) -> set[str]:
        """The horizon's months a tour of the unit starting in `start` is in theatre; those
        it counts for demand in, with `counting` (after its nation's relief in place)."""
        end = min(start + self.scenario.tour_of(unit), self.scenario.settings.months)
        overlap = self.scenario.nation_by_code[unit.nation].overlap_months if counting else 0
        return {self.scenario.months[t] for t in range(start + overlap, end)}

    def under_ceiling(self, unit: Unit, month: str) -> bool:
        there = self.present.get((unit.nation, month), 0.0)
        return there + unit.personnel <= self.scenario.ceiling_at(unit.nation, month) + NOISE

    def reserves_within_share(self, unit: Unit, month: str) -> bool:
        """Whether the unit in theatre in `month` keeps its nation's reserves within their
        share of those there: an active unit only lowers it."""
        share = self.scenario.nation_by_code[unit.nation].reserve_max_share
        if unit.component != "reserve" or share is None:
            return True
        there = self.present.get((unit.nation, month), 0.0) + unit.personnel
        reserves = self.reserves.get((unit.nation, month), 0.0) + unit.personnel
        return reserves <= share * there + NOISE

    def paid(self, unit: Unit, month: str) -> bool:
        year = self.scenario.fiscal_year_of(month)
        return self.left(unit.nation, year) + NOISE >= self.monthly(unit)

    def broken(self, unit: Unit, start: int, months: set[str]) -> list[str]:
        """The limits of its nation (`LIMITS`) a tour of the unit from `start` breaks: its
        ceiling or reserve share in one of its `months`, its budget in a fiscal year (months
        in theatre, those past the horizon to its last fiscal year's end, and the rotation
        in the first)."""
        costs = self.tour_costs(unit, start)
        breaks = {
            "ceiling": not all(self.under_ceiling(unit, m) for m in months),
            "reserve share": not all(self.reserves_within_share(unit, m) for m in months),
            "budget": any(cost > self.left(unit.nation, y) + NOISE for y, cost in costs.items()),
        }
        return [limit for limit in LIMITS if breaks[limit]]

    def tour_costs(self, unit: Unit, start: int) -> dict[int, float]:
        """A tour of the unit from `start`, its cost by fiscal year."""
        in_theatre = range(start, start + self.scenario.tour_of(unit))
        return self.scenario.tour_cost_by_year(unit.nation, unit.personnel, start, in_theatre)

    def tour_cost(self, unit: Unit, start: int) -> float:
        return sum(self.tour_costs(unit, start).values())


# A nation's limits a tour of one of its units may break beside the plan's tours (`_Room`).
LIMITS = ("ceiling", "reserve share", "budget")


def _why_idle(starts: bool, pairs: bool, breaks: list[list[str]], by_hand: bool) -> str:
    """`idle_units`' reason for a unit: whether a whole tour of it `starts` in its time in
    theatre, it has tasks in demand it may do (`pairs`), and the limits of its nation
    (`LIMITS`) each whole tour of it that would cover a shortfall breaks (`breaks`: none,
    no shortfall it could cover); `by_hand`, a plan made by hand."""
    if not starts:
        return "no whole tour fits its time in theatre (its own and its nation's availability)"
    if not pairs:
        return (
            "it may do no task in demand where and when it may go (its type, its nation's "
            "caveats, a region's handover by decision)"
        )
    if not breaks:
        return "not needed: no shortfall where and when it could serve"
    if all(breaks):
        # The limit every such tour breaks holds it home whatever the others leave; where
        # none does, each tour is held by one of them.
        every = [limit for limit in LIMITS if all(limit in broken for broken in breaks)]
        some = [limit for limit in LIMITS if any(limit in broken for broken in breaks)]
        held = " and ".join(every) if every else " or ".join(some)
        verb = "leave" if len(every) > 1 else "leaves"
        each = "" if every else ": each such tour breaks one of them"
        return (
            f"its nation's {held} {verb} no room for a whole tour of it that would cover a "
            f"shortfall{each}"
        )
    if by_hand:
        return "left at home by the plan's maker: a tour of it fits and would cover a shortfall"
    return (
        "the plan's choice: a tour of it fits and would cover a shortfall; the model's weights "
        "of shortfall against cost (what it could cover against what a month of it costs) and "
        "its other rules (a mission end date, soft limits, the coalition's) decide"
    )


@dataclass
class _Crowded:
    """The nations serving each region in the plan (`serving`, by region and month, the
    month None counted over the horizon), against the hard `coalition.max_nations_per_region`
    (`limit`): where a tour of another nation would be one nation too many."""

    serving: dict[tuple[str, str | None], set[str]]
    limit: int
    at_once: bool

    @classmethod
    def of(cls, months: pd.DataFrame, spec: ModelSpec | None) -> _Crowded | None:
        """From the plan's tours by month in theatre (`_tour_months`); None where `spec`
        sets no hard limit of nations per region."""
        if spec is None or spec.rules.nations_per_region != "hard":
            return None
        limit = spec.coalition.max_nations_per_region
        if limit is None:
            return None
        at_once = spec.coalition.nations_counted == "at-once"
        serving: dict[tuple[str, str | None], set[str]] = defaultdict(set)
        for region, month, nation in months[["region", "month", "nation"]].itertuples(index=False):
            serving[region, month if at_once else None].add(nation)
        return cls(serving, limit, at_once)

    def full(self, nation: str, region: str, months: set[str]) -> bool:
        """Whether a tour of `nation` in `region` in theatre in `months` would make one
        nation too many there (in one of them, counted at once)."""
        return any(
            nation not in (there := self.serving.get((region, month), set()))
            and len(there) >= self.limit
            for month in (sorted(months) if self.at_once else [None])
        )

    def why(self, nation: str, tours: list[tuple[str, set[str]]]) -> str | None:
        """`idle_units`' reason for a unit of `nation` whose every whole tour that would
        cover a shortfall and fits its nation's limits (`tours`: the region and months in
        theatre of each) makes one nation too many in its region; None where one does not."""
        if not tours or not all(self.full(nation, region, months) for region, months in tours):
            return None
        regions = sorted({region for region, _ in tours})
        others = "; ".join(
            f"{region}: {', '.join(sorted(set().union(*self._there(region))))}"
            for region in regions
        )
        when = "in theatre at once in a month of each tour" if self.at_once else "over the horizon"
        return (
            f"the coalition's nations per region (coalition.max_nations_per_region "
            f"{self.limit}, hard): each region where a whole tour of it would fit and cover a "
            f"shortfall has {self.limit} other nation(s) there {when} ({others})"
        )

    def _there(self, region: str) -> list[set[str]]:
        return [nations for (where, _), nations in self.serving.items() if where == region]


def _over_total(left: float, cheapest: float, currency: str) -> str:
    """`idle_units`' reason for a unit whose every whole tour that would cover a shortfall
    fits its nation's limits but costs more than the plan leaves of the mission's hard
    total budget."""
    return (
        f"the mission's total budget (mission.total_budget, hard): the plan leaves "
        f"{left:,.0f} {currency} of it, less than a whole tour of it that would cover a "
        f"shortfall ({cheapest:,.0f} {currency} at the least)"
    )


# What each key figure counts, for a reader of the figures alone (the currency apart).
KPI_UNITS = {
    "total_shortfall": "effective person-months",
    "peak_shortfall": "effective personnel, in its month",
    "peak_after_arrival": "effective personnel, in its month",
    "demand": "effective person-months, under the plan's handovers",
    "tours": "tours",
    "regions_handed_over": "regions",
    "reserve_person_months": "person-months",
    "reserve_share": "of person-months in theatre",
    "final_domestic_strength": "officers",
    "objective": "the model's objective",
    "bound": "the model's objective",
    "gap": "of the objective",
}


@takes_results
@of_its_tours
def kpis(results: Results) -> pd.DataFrame:
    """The run's key figures as a table, a row each: `kpi`, `value` and `unit`; not the
    model's file and hash (`PROVENANCE`), no figures, whose path or 64 characters had made
    the workbook's column of figures one of sentences, wrapped."""
    shown = {
        k: v
        for k, v in results.kpis.items()
        if not isinstance(v, dict | list) and k not in PROVENANCE
    }
    units = [kpi_unit(kpi, results.scenario.settings.currency) for kpi in shown]
    return pd.DataFrame({"kpi": list(shown), "value": list(shown.values()), "unit": units})


def kpi_unit(kpi: str, currency: str) -> str:
    """What a key figure counts (`KPI_UNITS`), a cost in `currency`."""
    if kpi.endswith("cost"):
        return currency
    return "seconds" if kpi.endswith("_seconds") else KPI_UNITS.get(kpi, "")


STATISTICS: dict[str, Statistic] = {
    "coverage": coverage,
    "cover_by_contributor": cover_by_contributor,
    "deployed": deployed,
    "reserve_share": reserve_share,
    "cost_against_budget": cost_against_budget,
    "pipeline": pipeline,
    "handover": handover,
    "burden_sharing": burden_sharing,
    "sectors": sectors,
    "idle_units": idle_units,
}
