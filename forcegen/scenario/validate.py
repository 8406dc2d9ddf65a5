"""Rules across rows and tables: references, keys, horizons, coalition and reserve rules.

Row-level rules (types, ranges, formats) live in the schema; this module checks what a
single row cannot know. Each rule is named, so a planner can look it up in the format
document and a test can provoke it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from forcegen.months import add_months, month_ordinal
from forcegen.scenario.problems import Problem, Severity, did_you_mean, index_label
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import (
    CORE_TASKS,
    SETTINGS_FILE,
    TABLE_BY_NAME,
    TRAINING_TASK,
    Demand,
    Nation,
    Settings,
    Unit,
    column_name,
    split_list,
)
from forcegen.shown import shortened

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class BrokenRow:
    """A row that failed its own rules (already reported): its row number, its cells as
    read, the columns whose cells were reported, and its fields that kept their own
    rules, by name, as read. Its other cells can still name codes that no table defines,
    and its fields kept break rules between them, which is worth saying in the same go."""

    row: int
    cells: dict[str, str]
    failed: frozenset[str]
    kept: dict[str, Any]


@dataclass
class Locator:
    """Where each row of each table came from, so a rule can name the file and row; and
    where the settings came from (scenario.yaml or a workbook's sheet), by dotted key."""

    files: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    unkeyed: set[str] = field(default_factory=set)
    broken: dict[str, list[BrokenRow]] = field(default_factory=dict)
    settings_file: str = SETTINGS_FILE
    settings_lines: dict[str, int] = field(default_factory=dict)
    # The index of each table given in memory (`Scenario.with_table`), by table: a problem
    # there is said at a row's label, so another row its message names must be too.
    given: dict[str, pd.Index] = field(default_factory=dict)
    # The workbook's name where the scenario is read from one, its tables its sheets: a
    # message names another table as its place does, a sheet (`named`), not a CSV file.
    workbook: str | None = None

    def add(
        self,
        table: str,
        file: str,
        rows: list[int],
        readable: bool = True,
        broken: list[BrokenRow] | None = None,
        keyed: bool = True,
    ) -> None:
        """Record a table's file and row numbers, whether it was read whole and its codes
        are known (`codes_known`), and the rows that failed validation."""
        self.files[table] = file
        self.rows[table] = rows
        if not readable:
            self.unreadable.add(table)
        if not keyed:
            self.unkeyed.add(table)
        self.broken[table] = broken or []

    def broken_keys(self, table: str) -> set[str]:
        """Keys of the table's rows that failed validation: already reported, so
        references to them must stay quiet."""
        key = TABLE_BY_NAME[table].key
        if not key:
            return set()
        return {row.cells[key[0]] for row in self.broken.get(table, []) if key[0] in row.cells}

    def complete(self, table: str) -> bool:
        """True when every row of the table was valid, so rules over all its rows hold."""
        return self.readable(table) and not self.broken.get(table)

    def readable(self, table: str) -> bool:
        """False for a table that could not be read at all: its rules would only echo that."""
        return table not in self.unreadable

    def codes_known(self, table: str) -> bool:
        """True where every code the table defines is known, from its valid rows or its
        broken ones (`broken_keys`): one not among them is unknown, though a column the
        table lacks kept it from being read."""
        return table not in self.unkeyed

    def file(self, table: str) -> str:
        """Where the table's rows are, as a problem's place: its file, or its workbook's
        sheet (`t.xlsx[nations]`), that of a table left out too."""
        if table in self.files:
            return self.files[table]
        return TABLE_BY_NAME[table].file if self.workbook is None else f"{self.workbook}[{table}]"

    def named(self, table: str) -> str:
        """The table as a problem's words name it, as its place does: its file
        (`nations.csv`), or its workbook's sheet, as titled (`the nations sheet`), or the
        table given in memory (`the demand table given`), which has no file."""
        if table in self.given:
            return f"the {table} table given"
        if self.workbook is None:
            return self.file(table)
        title = self.file(table).removeprefix(f"{self.workbook}[").removesuffix("]")
        return f"the {title} sheet"

    def place(self, table: str, row: int) -> str:
        """Where another row of `table` than a problem's is, said as the problem's own
        place is: its file's `row 3`, or a table given's `index 7`."""
        label = self._label(table, row)
        return f"row {row}" if label is None else f"index {label}"

    def span(self, table: str, first: int, last: int) -> str:
        """Rows `first` to `last` of `table`, numbered as the problem's own place is: its
        file's `2..5`, or a table given's `index a..d`."""
        labels = [self._label(table, first), self._label(table, last)]
        return f"{first}..{last}" if None in labels else f"index {labels[0]}..{labels[1]}"

    def at(self, table: str, row: int) -> str:
        """`place`, as where a thing appears: `in row 3`, `at index 7`."""
        label = self._label(table, row)
        return f"in row {row}" if label is None else f"at index {label}"

    def _label(self, table: str, row: int) -> str | None:
        """The label of a table given's `row`; None for a file's."""
        index = self.given.get(table)
        return None if index is None else index_label(index, row)

    def row(self, table: str, index: int) -> int:
        # A scenario built in Python has no files: number rows as a written CSV would.
        known = self.rows.get(table)
        return known[index] if known is not None and index < len(known) else index + 2


@dataclass
class _Rules:
    scenario: Scenario
    locator: Locator
    problems: list[Problem] = field(default_factory=list)

    def report(
        self,
        table: str,
        index: int | None,
        column: str | None,
        rule: str,
        message: str,
        value: object = None,
        severity: Severity = "error",
        *,
        row: int | None = None,
    ) -> None:
        """Report at the table's row `index`, or at `row` as the user sees it in the file
        (a row that failed its own rules has no index)."""
        if index is not None:
            row = self.locator.row(table, index)
        text = None if value is None else str(value)
        self.problems.append(
            Problem(self.locator.file(table), row, column, rule, message, text, severity)
        )


def check_scenario(
    scenario: Scenario,
    locator: Locator | None = None,
    settings_ok: bool = True,
    horizon: Settings | None = None,
) -> list[Problem]:
    """Every cross-table problem of a scenario whose rows are individually valid, and the
    references, keys and rules between the fields kept of the rows that were not (the
    locator's broken rows). Where its settings are at fault (`settings_ok` false), the
    tables are judged against `horizon`, the settings' start and months alone, where
    those are sound."""
    rules = _Rules(scenario, locator or Locator())
    _unique_keys(rules)
    _references(rules)
    _coalition(rules)
    _reserves(rules)
    _tours(rules)
    _capability(rules)
    _overlapping_demand(rules)
    _empty_periods(rules)
    if settings_ok:
        _horizon(rules)
        _domestic(rules)
        _deployable(rules)
    elif horizon is not None:
        # A table's month outside the horizon is said with a fault of the domestic force's
        # settings, not after it is mended.
        fields = {name: getattr(scenario, name) for name in Scenario.model_fields}
        # Constructed, not validated: the scenario with faults is judged, not refused.
        alone = _Rules(Scenario.model_construct(**fields | {"settings": horizon}), rules.locator)
        _horizon(alone)
        _deployable(alone)
        rules.problems += alone.problems
    return rules.problems


def _unique_keys(rules: _Rules) -> None:
    """duplicate-key: key columns identify a row."""
    for name, spec in TABLE_BY_NAME.items():
        if not spec.key:
            continue
        fields = [f for f in spec.row.model_fields if column_name(spec, f) in spec.key]
        keys = [
            (rules.locator.row(name, i), tuple(getattr(row, f) for f in fields))
            for i, row in enumerate(getattr(rules.scenario, name))
        ]
        # A broken row's single code is its cell as read; a month or a year would need
        # its own parsing, so rows keyed by one are left to their own problems.
        if len(spec.key) == 1:
            column = spec.key[0]
            keys += [
                (broken.row, (broken.cells[column],))
                for broken in rules.locator.broken.get(name, [])
                if column in broken.cells and column not in broken.failed
            ]
        seen: dict[tuple[object, ...], tuple[int, str]] = {}
        for row, key in sorted(keys, key=lambda entry: entry[0]):
            text = "/".join(map(str, key))
            # Codes told apart by case alone (AAA, aaa) were valid, and named one column of
            # a plan's tables (intl_AAA, intl_aaa), which reading the plan back refused. A
            # key of several columns holds codes of other tables, each judged there.
            folded = (str(key[0]).casefold(),) if len(key) == 1 else key
            if folded in seen:
                earlier, first = seen[folded]
                message = f"{text} already appears {rules.locator.at(name, earlier)}"
                if first != text:
                    message += f" as {first}: codes that differ only in case are one code"
                rules.report(name, None, spec.key[0], "duplicate-key", message, text, row=row)
            else:
                seen[folded] = row, text


def _rows(rules: _Rules, table: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """Each row of `table`, numbered as its user sees it, with its fields by name: every
    one of a valid row, those of a broken row that kept their own rules. A rule between a
    row's fields judges both where the fields it reads are there, so that a row's faults
    are said together, not one only once another is mended."""
    for i, record in enumerate(getattr(rules.scenario, table)):
        yield rules.locator.row(table, i), dict(record)
    for broken in rules.locator.broken.get(table, []):
        yield broken.row, broken.kept


# Single-code columns that refer to another table: (table, column, what it names).
_CODE_COLUMNS = (
    ("units", "nation", "nation"),
    ("units", "type", "type"),
    ("demand", "region", "region"),
    ("demand", "task", "task"),
    ("ceilings", "nation", "nation"),
    ("budgets", "nation", "nation"),
    ("unavailable", "unit", "unit"),
    ("caveats", "nation", "nation"),
    ("caveats", "task", "task"),
    ("caveats", "region", "region"),
)


def _references(rules: _Rules) -> None:
    """unknown-*: every code used in one table is defined in its own table."""
    s = rules.scenario
    nations, types = set(s.nation_by_code), set(s.unit_type_by_code)
    regions, tasks = set(s.region_by_code), set(s.task_by_code)

    defined_in = {
        "nation": "nations",
        "type": "unit_types",
        "region": "regions",
        "task": "tasks",
        "unit": "units",
    }
    known = {"nation": nations, "type": types, "region": regions, "task": tasks}
    known["unit"] = set(s.unit_by_code)

    # One problem per unknown code and column, naming its first row and how many use it.
    unknown: dict[tuple[str, str, str, str], list[int]] = {}

    def need(table: str, row: int, column: str, code: str, what: str) -> None:
        home = defined_in[what]
        quiet = not rules.locator.codes_known(home) or code in rules.locator.broken_keys(home)
        if code not in known[what] and not quiet:
            unknown.setdefault((table, column, code, what), []).append(row)

    row = rules.locator.row
    for table, column, what in _CODE_COLUMNS:
        for i, record in enumerate(getattr(s, table)):
            if (code := getattr(record, column)) is not None:  # blank where optional
                need(table, row(table, i), column, code, what)
        # A row that failed its own rules still names codes in its other cells.
        for broken in rules.locator.broken.get(table, []):
            code = broken.cells.get(column)
            if code and column not in broken.failed:
                need(table, broken.row, column, code, what)
    for i, nation in enumerate(s.nations):
        for task in nation.refused_tasks:
            need("nations", row("nations", i), "refused_tasks", task, "task")
        for region in nation.refused_regions:
            need("nations", row("nations", i), "refused_regions", region, "region")
    # ... and in its caveats' lists: said with its fault, not once that is mended.
    for broken in rules.locator.broken.get("nations", []):
        for column, what in (("refused_tasks", "task"), ("refused_regions", "region")):
            listed = split_list(broken.cells.get(column)) if column not in broken.failed else ()
            for code in listed if isinstance(listed, tuple) else ():
                need("nations", broken.row, column, code, what)
    # A task column in unit_types.csv is a header problem: report it once, on row 1.
    columns = {task for unit_type in s.unit_types for task in unit_type.effectiveness}
    broken_tasks = rules.locator.broken_keys("tasks")  # reported in tasks.csv already
    for task in sorted(columns - tasks - broken_tasks) if rules.locator.readable("tasks") else []:
        rules.problems.append(
            Problem(
                rules.locator.file("unit_types"),
                1,
                task,
                "unknown-task",
                f"column {shortened(task)!r} is not a task defined in "
                + rules.locator.named("tasks")
                + did_you_mean(task, tasks),
                task,
            )
        )
    for (table, column, code, what), rows in unknown.items():
        rows.sort()
        span = rules.locator.span(table, rows[0], rows[-1])
        more = f"; {len(rows)} rows use it ({span})" if len(rows) > 1 else ""
        message = f"no {what} {shortened(code)!r} is defined{more}{did_you_mean(code, known[what])}"
        rules.report(table, None, column, f"unknown-{what}", message, code, row=rows[0])
    missing_core = [t for t in CORE_TASKS if t not in tasks | broken_tasks]
    if missing_core and rules.locator.readable("tasks"):
        rules.report(
            "tasks",
            None,
            "task",
            "core-task",
            f"the mission's core tasks {missing_core} are not listed",
            severity="warning",
        )


def _coalition(rules: _Rules) -> None:
    """one-lead: exactly one nation leads; nations without units are noted."""
    s = rules.scenario
    leads = [i for i, n in enumerate(s.nations) if n.lead]
    # A broken row may be the one lead, or one more: two among the sound rows are too many
    # whatever it holds; none is judged only where no row is broken.
    if len(leads) > 1 or (not leads and rules.locator.complete("nations")):
        names = [s.nations[i].nation for i in leads]
        rules.report(
            "nations",
            leads[1] if len(leads) > 1 else None,
            "lead",
            "one-lead",
            f"exactly one nation must lead (its lead column true); {', '.join(names)} do"
            if names
            else "exactly one nation must lead: set lead true on its row",
        )
    with_units = {u.nation for u in s.units}
    for i, nation in enumerate(s.nations):
        if nation.nation not in with_units and rules.locator.complete("units"):
            rules.report(
                "nations",
                i,
                "nation",
                "no-units",
                f"{nation.nation} has no units",
                nation.nation,
                "warning",
            )


def _tour_used(s: Scenario, nation: str, component: str | None = None) -> bool:
    """Whether a unit of `nation` (of `component`, if given) serves the nation's tour, not
    one of its own: a nation whose units all have their own is judged by theirs."""
    return any(
        u.nation == nation and u.tour_months is None and component in (None, u.component)
        for u in s.units
    )


def _tours(rules: _Rules) -> None:
    """overlap-shorter-than-tour, reserve-tour-too-long: each tour served, a nation's
    (where a unit of it serves that tour) or a unit's own (units.csv `tour_months`), against
    its nation's relief-in-place overlap and reserve mobilization limit."""
    s = rules.scenario
    for row, nation in _rows(rules, "nations"):
        code, tour = nation.get("nation"), nation.get("tour_months")
        if code is not None and tour is not None and _tour_used(s, code):
            reserve = _tour_used(s, code, "reserve")
            _tour_rules(rules, "nations", row, nation, tour, reserve)
    for row, unit in _rows(rules, "units"):
        owner = s.nation_by_code.get(unit.get("nation", ""))
        if owner is not None and (tour := unit.get("tour_months")) is not None:
            reserve = unit.get("component") == "reserve"
            _tour_rules(rules, "units", row, dict(owner), tour, reserve)


def _tour_rules(
    rules: _Rules, table: str, row: int, nation: Mapping[str, Any], tour: int, reserve: bool
) -> None:
    """One tour of a nation's (its fields, a rule reading one at fault left unjudged), on
    `table`'s `row`: a unit's own is said at its tour, a nation's at the value it breaks
    the rule with."""
    own = table == "units"
    overlap, limit = nation.get("overlap_months"), nation.get("reserve_max_months")
    if overlap is not None and overlap >= tour:
        column, value = ("tour_months", tour) if own else ("overlap_months", overlap)
        message = f"relief-in-place overlap ({overlap} month(s)) must be shorter than the tour"
        rules.report(
            table, None, column, "overlap-shorter-than-tour", f"{message} ({tour})", value, row=row
        )
    training = nation.get("reserve_training_months")
    if reserve and limit is not None and training is not None and training + tour > limit:
        column, value = ("tour_months", tour) if own else ("reserve_max_months", limit)
        rules.report(
            table,
            None,
            column,
            "reserve-tour-too-long",
            f"training ({training}) plus tour ({tour}) is {training + tour} "
            f"months, over {nation['nation']}'s mobilization limit ({limit})",
            value,
            row=row,
        )


def _past_the_horizon(rules: _Rules, table: str, row: int, tour: int) -> None:
    """tour-longer-than-horizon (a warning): a tour longer than the horizon."""
    months = rules.scenario.settings.months
    if tour > months:
        message = (
            f"a {tour}-month tour runs past the {months}-month horizon whenever it starts: "
            "only its months inside count"
        )
        rule = "tour-longer-than-horizon"
        rules.report(table, row, "tour_months", rule, message, tour, "warning")


def _reserves(rules: _Rules) -> None:
    """reserve-rules: reserve units need their nation's reserve rules, complete and usable."""
    s = rules.scenario
    reserve_fields = ("reserve_max_months", "reserve_mobilizations", "reserve_window_months")
    for row, fields in _rows(rules, "nations"):
        if not all(f in fields for f in reserve_fields):
            continue  # a cell at fault is given, but judged once it is mended
        given = [f for f in reserve_fields if fields[f] is not None]
        if given and len(given) < len(reserve_fields):
            missing = [f for f in reserve_fields if f not in given]
            rules.report(
                "nations",
                None,
                missing[0],
                "reserve-rules-incomplete",
                f"reserve rules need all of {list(reserve_fields)}; missing {missing}",
                row=row,
            )
    # Each nation's shortest call-up of a reserve unit of it: its training and the unit's
    # own tour, where it has one.
    shortest: dict[str, int] = {}
    for unit in s.units:
        if unit.component == "reserve" and unit.nation in s.nation_by_code:
            call_up = s.training_of(unit) + s.tour_of(unit)
            shortest[unit.nation] = min(call_up, shortest.get(unit.nation, call_up))
    for i, nation in enumerate(s.nations):
        window, call_up = nation.reserve_window_months, shortest.get(nation.nation, 0)
        if window is not None and window < call_up:
            rules.report(
                "nations",
                i,
                "reserve_window_months",
                "reserve-window-void",
                f"a window of {window} months is shorter than any reserve unit's call-up "
                f"({call_up} at the least: reserve_training_months and its tour), so "
                "reserve_mobilizations never binds: the window is in months (1:5, a year "
                "mobilized and five at home, is 72)",
                window,
                "warning",
            )
    for i, unit in enumerate(s.units):
        owner = s.nation_by_code.get(unit.nation)
        if unit.component == "reserve" and owner is not None and not owner.has_reserve_rules:
            rules.report(
                "units",
                i,
                "component",
                "reserve-without-rules",
                f"reserve unit of {unit.nation}, which has no reserve rules in "
                f"{rules.locator.named('nations')}",
                unit.component,
            )


def _capability(rules: _Rules) -> None:
    """uncoverable-task: some unit (or the domestic force) can do each demanded task."""
    s = rules.scenario
    if not all(rules.locator.complete(t) for t in ("units", "nations", "unit_types")):
        return  # a broken row may be the capable one; its own problem is already reported
    capable: set[str] = set()
    for unit in s.units:
        unit_type = s.unit_type_by_code.get(unit.type)
        nation = s.nation_by_code.get(unit.nation)
        if unit_type is None or nation is None:
            continue
        capable |= {t for t, e in unit_type.effectiveness.items() if e > 0} - set(
            nation.refused_tasks
        )
    domestic = set(s.settings.domestic.tasks) if s.settings else set()
    force = s.settings.domestic if s.settings else None
    untrained = _trains_no_one(rules) if force and force.initial_strength == 0 else None
    # Only the domestic force's: said as it will be, or as it never can be.
    theirs = (
        f"only the domestic force could cover it, and it trains no one ({untrained[1]})"
        if untrained
        else "only the domestic force, once trained, will cover it"
    )
    reported: set[str] = set()
    for i, demand in enumerate(s.demand):
        # A task tasks.csv lacks is said as unknown, not also as one no unit can do (one
        # of a row of its with a fault of its own is no unknown task).
        unknown = demand.task not in {*s.task_by_code, *rules.locator.broken_keys("tasks")}
        if demand.task in capable or demand.task in reported or demand.personnel == 0 or unknown:
            continue
        reported.add(demand.task)
        if demand.task in domestic:
            rules.report(
                "demand",
                i,
                "task",
                "uncoverable-task",
                f"no international unit can do {demand.task}; {theirs}",
                demand.task,
                "warning",
            )
        else:
            rules.report(
                "demand",
                i,
                "task",
                "uncoverable-task",
                f"no available unit type can do {demand.task} (effectiveness 0 or refused)",
                demand.task,
            )
    _unreachable(rules, capable, domestic, theirs)


def _unreachable(rules: _Rules, capable: set[str], domestic: set[str], theirs: str) -> None:
    """unreachable-demand: a task some unit can do that none may do in a region, every
    nation able to kept out by its caveats (its refused regions or tasks, or the region's
    risk above the highest it accepts). A warning, once a region and task: the demand is
    short throughout, where validation had passed it as coverable."""
    s = rules.scenario
    # A broken row, or a unit of a nation or type no table defines, may be where a unit
    # may go: its own problem is said.
    known = all(u.nation in s.nation_by_code and u.type in s.unit_type_by_code for u in s.units)
    if not known or not all(rules.locator.complete(t) for t in ("regions", "tasks")):
        return
    served = s.served
    said: set[tuple[str, str]] = set()
    for i, demand in enumerate(s.demand):
        key = (demand.task, demand.region)
        if (
            demand.task not in capable
            or demand.task not in s.task_by_code
            or key in served
            or key in said
            or demand.personnel == 0
            or demand.region not in s.region_by_code
        ):
            continue
        said.add(key)
        risk = s.region_by_code[demand.region].risk
        tail = theirs if demand.task in domestic else "it is short throughout"
        rules.report(
            "demand",
            i,
            "region",
            "unreachable-demand",
            f"no unit may serve {demand.task} in {demand.region}: each nation with a unit "
            "able to do it is kept out by its caveats (refused_regions, refused_tasks, a "
            f"max_risk below the region's risk of {risk}, or a row of "
            f"{rules.locator.named('caveats')} over the whole horizon); {tail}",
            demand.region,
            "warning",
        )


def _deployable(rules: _Rules) -> None:
    """ceiling-below-units / budget-below-units: a nation with units whose ceiling is below
    its smallest unit in every month, or whose budget is below one month of that unit in
    every fiscal year, deploys no one (a unit deploys whole); unit-above-ceiling: a unit
    larger than its nation's ceiling in every month never deploys. Warnings: validated
    clean, such a nation or unit had stood idle, said only by idle_units after the solve."""
    s = rules.scenario
    if not all(rules.locator.complete(t) for t in ("nations", "units", "ceilings", "budgets")):
        return  # a broken row may be a larger ceiling, budget or smaller unit
    named = rules.locator.named
    ceiling_from = f"{named('nations')}, or {named('ceilings')} where its rows rule"
    for i, nation in enumerate(s.nations):
        sizes = [unit.personnel for unit in s.units if unit.nation == nation.nation]
        if not sizes:
            continue
        smallest = min(sizes)
        room = max(s.ceiling_at(nation.nation, month) for month in s.months)
        if room < smallest:
            rules.report(
                "nations",
                i,
                "ceiling",
                "ceiling-below-units",
                f"{nation.nation}'s ceiling is at most {room:,} in the horizon ({ceiling_from}), "
                f"below its smallest unit ({smallest:,} personnel): a unit deploys whole, so "
                "it deploys no one within its ceiling",
                None,
                "warning",
            )
            continue
        # A ceilings.csv row below every unit, in a nation whose other rows leave room: a
        # figure missing a zero, said where it is (a ceiling of 0 says no one, on purpose).
        # Only a row that rules in a month of the horizon the nation is a member in.
        member = [m for m in s.months if _member(nation, m)]
        rows = sorted(
            (month_ordinal(c.from_month), k)
            for k, c in enumerate(s.ceilings)
            if c.nation == nation.nation
        )
        ruling = {
            max(row for row in rows if row[0] <= month_ordinal(m))[1]
            for m in member
            if rows and rows[0][0] <= month_ordinal(m)
        }
        for k in sorted(ruling):
            if 0 < (c := s.ceilings[k]).ceiling < smallest:
                rules.report(
                    "ceilings",
                    k,
                    "ceiling",
                    "ceiling-below-units",
                    f"{nation.nation}'s ceiling of {c.ceiling:,} from {c.from_month} is below "
                    f"its smallest unit ({smallest:,} personnel): a unit deploys whole, so "
                    "it deploys no one while this row rules (a ceiling of 0 says so)",
                    c.ceiling,
                    "warning",
                )
        # A nation some of whose units fit: those that never do stand idle, unsaid (a
        # what-if doubling a nation's battalions had more shortfall, not less). Judged in
        # the months the unit may serve: a ceiling that shrinks before it is available
        # leaves it no room.
        for j, unit in enumerate(s.units):
            if unit.nation != nation.nation:
                continue
            first, last = s.unit_window(unit)
            first += s.training_of(unit)  # at home first, under no ceiling
            end = len(s.months) - 1 if last is None else min(last, len(s.months) - 1)
            months = [s.months[t] for t in range(max(first, 0), end + 1)]
            fits = max((s.ceiling_at(nation.nation, month) for month in months), default=None)
            if fits is not None and unit.personnel > fits:
                rules.report(
                    "units",
                    j,
                    "personnel",
                    "unit-above-ceiling",
                    f"{unit.unit} has more personnel than {nation.nation}'s ceiling allows in "
                    f"any month it may serve (at most {fits:,}: {ceiling_from}): a unit deploys "
                    "whole, so it never deploys within the ceiling",
                    unit.personnel,
                    "warning",
                )
        if s.settings.fiscal_year_start is None:
            continue  # its own problem is said: no fiscal year to judge the budgets by
        month = smallest * nation.cost_per_person_month
        budgets = [s.budget_for(nation.nation, year) for year in s.spending_years]
        if month > 0 and all(b is not None and b < month for b in budgets):
            most = max(b for b in budgets if b is not None)
            rules.report(
                "nations",
                i,
                "budget_per_year",
                "budget-below-units",
                f"{nation.nation}'s budget is at most {most:,.0f} a fiscal year "
                f"({named('nations')}, or {named('budgets')} where its rows rule), below one "
                f"month of its smallest unit ({month:,.0f}): it deploys no one within its budget",
                None,
                "warning",
            )
            continue
        # As a ceiling's row: a year's budget typed in thousands leaves the nation out of
        # that year alone, silently.
        years = {s.fiscal_year_of(m) for m in member}
        for k, b in enumerate(s.budgets):
            if b.nation == nation.nation and 0 < b.budget < month and b.fiscal_year in years:
                rules.report(
                    "budgets",
                    k,
                    "budget",
                    "budget-below-units",
                    f"{nation.nation}'s budget of {b.budget:,.0f} for fiscal year "
                    f"{b.fiscal_year} is below one month of its smallest unit ({month:,.0f}): "
                    "it deploys no one that year (a budget of 0 says so)",
                    b.budget,
                    "warning",
                )


def _member(nation: Nation, month: str) -> bool:
    """Whether `nation` is of the coalition in `month` (its join..leave)."""
    at = month_ordinal(month)
    joined = nation.join is None or month_ordinal(nation.join) <= at
    return joined and (nation.leave is None or at <= month_ordinal(nation.leave))


def _trains_no_one(rules: _Rules) -> tuple[str, str] | None:
    """The setting that keeps the domestic force from ever growing (no recruit, or no
    academy place in any month, the academy table's included) and why, in words; or
    None."""
    s = rules.scenario
    domestic = s.settings.domestic
    if domestic.recruits_per_month == 0:
        return "recruits_per_month", "recruits_per_month is 0"
    if not any(s.academy_capacities):
        closed = f"{rules.locator.named('academy')} gives no place in any month of the horizon"
        if not s.academy:
            return "academy_capacity", "academy_capacity is 0"
        if domestic.academy_capacity > 0:
            return "academy_capacity", closed
        return "academy_capacity", f"academy_capacity is 0 and {closed}"
    return None


def _horizon(rules: _Rules) -> None:
    """outside-horizon: months fall inside the horizon."""
    # A period or a ceiling reaching over the horizon's start holds in it from its start
    # (`Scenario.window`, `ceiling_at`), as a scenario cut down to a later start needs.
    _demand_periods(rules)
    _handovers_in_horizon(rules)
    _availability_periods(rules)
    _unavailable_periods(rules)
    _caveat_periods(rules)
    _academy_periods(rules)
    _ceilings_in_force(rules)
    _budgets_in_force(rules)
    _windows_hold_a_tour(rules)


def _windows_hold_a_tour(rules: _Rules) -> None:
    """window-shorter-than-tour (a warning): a nation's join..leave, or a unit's own
    availability within it, holds no whole call-up (a reserve unit's training and its tour),
    so a plan, which plans whole tours, never deploys it. Validated clean, it stood idle,
    said only by idle_units after the solve."""
    s = rules.scenario
    if not (rules.locator.complete("nations") and rules.locator.complete("units")):
        return
    horizon = s.settings.months

    def call_up(unit: Unit) -> int:
        return s.training_of(unit) + s.tour_of(unit)

    def span(first: int, last: int | None) -> int | None:
        """Months from `first` to `last` (0 where `last` is before `first`), None without a
        last or (said as never in the horizon) all of them after it or before it."""
        if last is None or first >= horizon or last < 0:
            return None
        return max(0, last - first + 1)

    for i, nation in enumerate(s.nations):
        units = [u for u in s.units if u.nation == nation.nation]
        first = max(0, s.month_index(nation.join)) if nation.join else 0
        last = s.month_index(nation.leave) if nation.leave else None
        months = span(first, last)
        if months == 0:
            continue  # its leave before its join: an empty period, said as that
        if units and months is not None and months < (least := min(map(call_up, units))):
            rules.report(
                "nations",
                i,
                "leave",
                "window-shorter-than-tour",
                f"{nation.nation} has {months} month(s) to serve, {s.months[first]}.."
                f"{nation.leave}, fewer than one call-up of any of its units ({least}): a plan "
                "deploys whole tours, so it serves in none but those a re-plan keeps",
                nation.leave,
                "warning",
            )
            continue
        for j, unit in enumerate(s.units):
            if unit.nation != nation.nation:
                continue
            first, last = s.unit_window(unit)
            months = span(first, last)
            if months == 0:
                _meets_not(rules, j, unit, nation, first)
                continue
            if months is not None and months < (needed := call_up(unit)):
                when = f"{s.months[first]}..{add_months(s.settings.start, last or 0)}"
                column = "available_until" if unit.available_until else "available_from"
                rules.report(
                    "units",
                    j,
                    column if getattr(unit, column) else None,
                    "window-shorter-than-tour",
                    f"{unit.unit} has {months} month(s) to serve, {when} (its availability and "
                    f"its nation's join and leave), fewer than one call-up ({needed}): a "
                    "plan deploys whole tours, so it serves in none but those a re-plan keeps",
                    None,
                    "warning",
                )


def _meets_not(rules: _Rules, index: int, unit: Unit, nation: Nation, first: int) -> None:
    """window-shorter-than-tour, of a unit whose availability and its nation's join and
    leave do not meet (BBB leaving in 2000-08, its unit available from 2000-10): each of
    its two tables allows months, and together they allow none. Said at the unit's own
    month that binds; not where the unit's own period runs backwards (an empty period,
    said as that)."""
    s = rules.scenario
    since, until = unit.available_from, unit.available_until
    if since and until and month_ordinal(until) < month_ordinal(since):
        return
    column = "available_from" if since and s.month_index(since) == first else "available_until"
    own = f"{since or 'the start'}..{until or 'the end'}"
    theirs = f"{nation.join or 'the start'}..{nation.leave or 'the end'}"
    rules.report(
        "units",
        index,
        column if getattr(unit, column) else None,
        "window-shorter-than-tour",
        f"{unit.unit} has no month to serve: its availability ({own}) and its nation's join "
        f"and leave ({theirs}) do not meet, so a plan never deploys it",
        getattr(unit, column),
        "warning",
    )


def _outside(rules: _Rules, table: str, index: int, column: str, label: str, where: str) -> None:
    """outside-horizon: the month `label` lies `where` (before, after) the horizon."""
    s = rules.scenario
    message = f"{label} is {where} the horizon {s.settings.start}..{s.end}"
    rules.report(table, index, column, "outside-horizon", message, label)


# The tables whose rows hold a period, with the fields of its first and last month.
_PERIODS = (
    ("demand", "first", "last"),
    ("units", "available_from", "available_until"),
    ("nations", "join", "leave"),
    ("unavailable", "first", "last"),
    ("caveats", "first", "last"),
    ("academy", "first", "last"),
)


def _empty_periods(rules: _Rules) -> None:
    """empty-period: each row's period runs forward, its last month not before its first
    (a row's own rule, judged whatever the settings' faults)."""
    for table, first, last in _PERIODS:
        for row, fields in _rows(rules, table):
            lo, hi = fields.get(first), fields.get(last)
            if lo is not None and hi is not None and month_ordinal(hi) < month_ordinal(lo):
                rules.report(table, None, last, "empty-period", f"{hi} is before {lo}", hi, row=row)


def _demand_periods(rules: _Rules) -> None:
    """outside-horizon, after-handover: each demand row reaches into the horizon and ends
    before its region's handover; region-without-demand (a warning): each region not
    handed over by decision has demand in the horizon."""
    s = rules.scenario
    first, last = month_ordinal(s.settings.start), month_ordinal(s.end)
    handed = {r.region: r.handed_over for r in s.regions if r.handed_over is not None}
    for i, d in enumerate(s.demand):
        if month_ordinal(d.first) > last:
            _outside(rules, "demand", i, "first", d.first, "after")
        elif month_ordinal(d.last) < first:
            _outside(rules, "demand", i, "last", d.last, "before")
        month = handed.get(d.region)
        if month is not None and month_ordinal(d.last) >= month_ordinal(month):
            _demand_after_handover(rules, i, d, month)
    if not rules.locator.complete("demand"):
        return  # a broken row may be the region's demand
    asked = {d.region for d in _asking(s)}
    for i, r in enumerate(s.regions):
        if r.region not in asked and r.handed_over is None:
            # Its demand rows forgotten or written under another region: the region is then
            # handed over as soon as the rule allows, with no one there, counted as the
            # plan's end-state (a scenario author's finding).
            rules.report(
                "regions",
                i,
                "region",
                "region-without-demand",
                f"no demand for {r.region} in the horizon ({rules.locator.named('demand')}): no "
                "one is needed there, and the plan hands it over as soon as the handover rule "
                "allows, counted among the regions handed over",
                r.region,
                "warning",
            )


def _asking(s: Scenario) -> list[Demand]:
    """The demand rows that ask for someone in a month of the horizon."""
    first, last = month_ordinal(s.settings.start), month_ordinal(s.end)
    return [
        d
        for d in s.demand
        if d.personnel > 0 and month_ordinal(d.first) <= last and month_ordinal(d.last) >= first
    ]


def _demand_after_handover(rules: _Rules, i: int, d: Demand, month: str) -> None:
    """after-handover: the demand row `i` runs on into its region's handover `month`."""
    rules.report(
        "demand",
        i,
        "last",
        "after-handover",
        f"{d.region} is handed over in {month} (handed_over in "
        f"{rules.locator.named('regions')}): its "
        + (
            f"{d.task} demand ends then"  # as training's does: no one's from then on
            if rules.scenario.ends_at_handover(d.task)
            else "demand is the domestic force's from then on"
        )
        + "; "
        + (
            "remove the row"
            if month_ordinal(d.first) >= month_ordinal(month)
            else f"end the row by {add_months(month, -1)}"
        ),
        d.last,
    )


def _handovers_in_horizon(rules: _Rules) -> None:
    """outside-horizon (a warning): a region's handover by decision falls in the horizon."""
    s = rules.scenario
    first, last = month_ordinal(s.settings.start), month_ordinal(s.end)
    for i, r in enumerate(s.regions):
        if r.handed_over is None or first <= month_ordinal(r.handed_over) <= last:
            continue
        effect = (
            "the handover changes nothing in it but the tours running past its end"
            if month_ordinal(r.handed_over) > last
            else f"the region is handed over from {s.settings.start}, its first month"
        )
        where = "after" if month_ordinal(r.handed_over) > last else "before"
        rules.report(
            "regions",
            i,
            "handed_over",
            "outside-horizon",
            f"{r.handed_over} is {where} the horizon {s.settings.start}..{s.end}: {effect}",
            r.handed_over,
            "warning",
        )


def _availability_periods(rules: _Rules) -> None:
    """tour-longer-than-horizon, never-in-horizon (a warning): a unit's availability and a
    nation's membership reach into the horizon, and the tour each serves fits it."""
    s = rules.scenario
    for i, u in enumerate(s.units):
        period = ("available_from", u.available_from, "available_until", u.available_until)
        _in_the_horizon(rules, "units", i, *period, f"unit {u.unit}")
        if u.tour_months is not None:
            _past_the_horizon(rules, "units", i, u.tour_months)
    for i, n in enumerate(s.nations):
        _in_the_horizon(rules, "nations", i, "join", n.join, "leave", n.leave, n.nation)
        if _tour_used(s, n.nation):
            _past_the_horizon(rules, "nations", i, n.tour_months)


def _unavailable_periods(rules: _Rules) -> None:
    """changes-nothing (a warning): each unavailable.csv period meets a month its unit may
    serve in the horizon, and no other period of the unit (two that meet are one, and one
    of them likely a slip)."""
    s = rules.scenario
    seen: dict[str, list[tuple[int, int, int]]] = {}
    for i, row in enumerate(s.unavailable):
        unit = s.unit_by_code.get(row.unit)
        first, last = s.month_index(row.first), s.month_index(row.last)
        if unit is None or unit.nation not in s.nation_by_code or last < first:
            continue  # an unknown unit, or an empty period: said already
        opens, closes = _tour_months(s, unit)
        if last < opens or first > closes:
            start = s.settings.start
            when = f", {add_months(start, opens)}..{add_months(start, closes)}"
            message = (
                f"{row.unit} is unavailable {row.first}..{row.last}, outside the months a "
                f"tour of the horizon may hold it{when if opens <= closes else ''}: this row "
                "changes nothing"
            )
            rules.report(
                "unavailable", i, "first", "changes-nothing", message, row.first, "warning"
            )
        for j, lo, hi in seen.get(row.unit, []):
            if lo <= last and first <= hi:
                message = (
                    f"{row.unit}'s period {row.first}..{row.last} meets the one "
                    f"{rules.locator.at('unavailable', j)}: the unit is unavailable in both; "
                    "give it one row"
                )
                rules.report(
                    "unavailable", i, "first", "overlapping-period", message, row.first, "warning"
                )
                break
        seen.setdefault(row.unit, []).append((rules.locator.row("unavailable", i), first, last))


def _tour_months(s: Scenario, unit: Unit) -> tuple[int, int]:
    """The first and last month a tour from the horizon may hold a unit (its availability,
    its nation's join and leave; a tour starting in the horizon's last month runs past its
    end)."""
    opens, closes = s.unit_window(unit)
    reach = s.settings.months + s.tour_of(unit) - 2
    return max(opens, 0), reach if closes is None else min(closes, reach)


def _caveat_periods(rules: _Rules) -> None:
    """changes-nothing (a warning): each caveats.csv row holds in a month a tour from the
    horizon may hold one of its nation's units in theatre (their availability, its join
    and leave, a tour's reach past the horizon's end)."""
    s = rules.scenario
    for i, row in enumerate(s.caveats):
        units = [u for u in s.units if u.nation == row.nation]
        if row.nation not in s.nation_by_code or not units:
            continue  # an unknown nation, said already, or one with no unit to hold back
        spans = [_tour_months(s, unit) for unit in units]
        opens, closes = min(lo for lo, _ in spans), max(hi for _, hi in spans)
        last = None if row.last is None else s.month_index(row.last)
        if (last is not None and last < opens) or s.month_index(row.first) > closes:
            start = s.settings.start
            message = (
                f"{row.nation}'s caveat holds outside the months a tour of the horizon may "
                f"hold its units in theatre, {add_months(start, opens)}.."
                f"{add_months(start, closes)}: this row changes nothing"
            )
            rules.report("caveats", i, "first", "changes-nothing", message, row.first, "warning")


def _academy_periods(rules: _Rules) -> None:
    """overlapping-academy: each academy.csv row that runs forward shares no month with
    another (two capacities in one month); changes-nothing (a warning): it holds in some
    month of the horizon."""
    s = rules.scenario
    first, end = month_ordinal(s.settings.start), month_ordinal(s.end)
    seen: list[tuple[int, int, int]] = []
    for i, row in enumerate(s.academy):
        lo, hi = month_ordinal(row.first), month_ordinal(row.last)
        if hi < lo:
            continue  # an empty period, said as that
        if hi < first or lo > end:
            message = (
                f"{row.first}..{row.last} is outside the horizon {s.settings.start}..{s.end}: "
                "this row changes nothing"
            )
            rules.report("academy", i, "first", "changes-nothing", message, row.first, "warning")
        for j, before_lo, before_hi in seen:
            if before_lo <= hi and lo <= before_hi:
                message = (
                    f"{row.first}..{row.last} shares months with the row "
                    f"{rules.locator.at('academy', j)}: give each month one capacity"
                )
                rules.report("academy", i, "first", "overlapping-academy", message, row.first)
                break
        seen.append((rules.locator.row("academy", i), lo, hi))


def _in_the_horizon(
    rules: _Rules,
    table: str,
    index: int,
    first_column: str,
    first: str | None,
    last_column: str,
    last: str | None,
    who: str,
) -> None:
    """never-in-horizon (a warning): a period from `first` to `last` reaches into the
    horizon; else `who` never serves, which a year mistyped gives in silence."""
    s = rules.scenario
    if first is not None and month_ordinal(first) > month_ordinal(s.end):
        column, month, where = first_column, first, "after"
    elif last is not None and month_ordinal(last) < month_ordinal(s.settings.start):
        column, month, where = last_column, last, "before"
    else:
        return
    message = f"{month} is {where} the horizon {s.settings.start}..{s.end}: {who} never serves"
    rules.report(table, index, column, "never-in-horizon", message, month, "warning")


def _ceilings_in_force(rules: _Rules) -> None:
    """outside-horizon, ceiling-unused (a warning): each ceilings.csv row starts by the
    horizon's end, and nations.csv's ceiling holds in some month the nation is of the
    coalition."""
    s = rules.scenario
    last = month_ordinal(s.end)
    for i, c in enumerate(s.ceilings):
        if month_ordinal(c.from_month) > last:
            _outside(rules, "ceilings", i, "from", c.from_month, "after")
    # Where ceilings.csv rules in every month the nation may serve, nations.csv's ceiling
    # is unused: an edit of it (the obvious place, a sweep's `nations.X.ceiling`) would
    # change nothing, so say so. Its months before the nation joins count for nothing.
    for i, n in enumerate(s.nations):
        months = [m for m in s.months if _member(n, m)]
        if months and all(s.ceiling_at(n.nation, m) != n.ceiling for m in months):
            rules.report(
                "nations",
                i,
                "ceiling",
                "ceiling-unused",
                f"never applies: the ceilings table sets {n.nation}'s ceiling in every month "
                f"it is of the coalition in the horizon, {months[0]}..{months[-1]} "
                f"({s.ceiling_at(n.nation, months[0]):,} in {months[0]})",
                n.ceiling,
                "warning",
            )


def _budgets_in_force(rules: _Rules) -> None:
    """budget-unused, outside-horizon (warnings): nations.csv's yearly budget holds in some
    fiscal year the nation is of the coalition, and each budgets.csv year has a month in
    the horizon."""
    s = rules.scenario
    if s.settings.fiscal_year_start is None:
        return  # its own problem is said: no fiscal year to judge the budgets' years by
    years = {s.fiscal_year_of(m) for m in s.months}
    # As an unused ceiling: a yearly budget in nations.csv where budgets.csv gives every
    # fiscal year the nation may serve in.
    given: dict[str, set[int]] = defaultdict(set)
    for b in s.budgets:
        given[b.nation].add(b.fiscal_year)
    for i, n in enumerate(s.nations):
        serving = sorted({s.fiscal_year_of(m) for m in s.months if _member(n, m)})
        if n.budget_per_year is not None and serving and set(serving) <= given[n.nation]:
            span = "..".join(dict.fromkeys(str(y) for y in (serving[0], serving[-1])))
            rules.report(
                "nations",
                i,
                "budget_per_year",
                "budget-unused",
                f"never applies: the budgets table gives {n.nation}'s budget for every fiscal "
                f"year it is of the coalition in the horizon, {span}",
                n.budget_per_year,
                "warning",
            )
    for i, b in enumerate(s.budgets):
        if b.fiscal_year not in years:
            rules.report(
                "budgets",
                i,
                "fiscal_year",
                "outside-horizon",
                f"fiscal year {b.fiscal_year} has no month in the horizon",
                b.fiscal_year,
                "warning",
            )


def _overlapping_demand(rules: _Rules) -> None:
    """overlapping-demand: one region and task has one requirement per month."""
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, d in enumerate(rules.scenario.demand):
        by_key[(d.region, d.task)].append(i)
    for indices in by_key.values():
        spans = sorted(indices, key=lambda i: month_ordinal(rules.scenario.demand[i].first))
        for before, after in pairwise(spans):
            a, b = rules.scenario.demand[before], rules.scenario.demand[after]
            if month_ordinal(b.first) <= month_ordinal(a.last):
                rules.report(
                    "demand",
                    after,
                    "first",
                    "overlapping-demand",
                    f"{b.region}/{b.task} from {b.first} overlaps "
                    f"{rules.locator.place('demand', rules.locator.row('demand', before))} "
                    f"({a.first}..{a.last})",
                    b.first,
                )


# A month's share of the trained force lost past which it is most likely a percentage
# written as a share (0.5 for 0.5%): 46% a year, where the worst on record is about a third.
HIGH_ATTRITION = 0.05


def _domestic(rules: _Rules) -> None:
    """domestic-*: the domestic force's tasks exist and its course fits the horizon."""
    s = rules.scenario
    domestic = s.settings.domestic
    # A task whose row failed its own rules is named, and reported, in tasks.csv; where
    # the table could not be read at all, every task would be unknown only for that.
    tasks = set(s.task_by_code) | rules.locator.broken_keys("tasks")
    read = rules.locator.readable("tasks")

    def report(column: str, rule: str, message: str, value: object, severity: Severity) -> None:
        key = f"domestic.{column}"
        line = rules.locator.settings_lines.get(key)
        file = rules.locator.settings_file
        rules.problems.append(Problem(file, line, key, rule, message, str(value), severity))

    for task in _unknown(domestic.tasks, tasks) if read else []:
        report("tasks", "unknown-task", f"no task {shortened(task)!r} is defined", task, "error")
    if domestic.course_months >= s.settings.months:
        report(
            "course_months",
            "course-longer-than-horizon",
            "no recruit can graduate within the horizon",
            domestic.course_months,
            "warning",
        )
    if (attrition := domestic.attrition_per_month) > HIGH_ATTRITION:
        report(
            "attrition_per_month",
            "high-attrition",
            f"loses {1 - (1 - attrition) ** 12:.0%} of the trained force a year (the Afghan "
            "army lost about a third): a share is a fraction, 0.005 for 0.5% a month",
            attrition,
            "warning",
        )
    if (ratio := domestic.trainees_per_trainer) < 1:
        report(
            "trainees_per_trainer",
            "trainer-ratio",
            f"{ratio:g} trainees per trainer takes more trainers than trainees (one trainee "
            f"to {1 / ratio:g} trainers): a ratio of 1 trainer to 20 trainees is written 20",
            ratio,
            "warning",
        )
    asked = {d.task for d in s.demand if d.personnel > 0} & set(domestic.tasks)
    if asked and domestic.initial_strength == 0 and (untrained := _trains_no_one(rules)):
        report(
            untrained[0],
            "trains-no-one",
            f"the domestic force is never more than 0 ({untrained[1]}): the plan hands a "
            "region over only where no demand is left, and the force's tasks "
            f"({', '.join(sorted(asked))}) are the coalition's alone",
            getattr(domestic, untrained[0]),
            "warning",
        )
    if asked and domestic.effectiveness == 0:
        report(
            "effectiveness",
            "covers-nothing",
            "a domestic officer covers nothing (effectiveness 0): the plan hands a region over "
            "only where no demand is left, and the force's tasks "
            f"({', '.join(sorted(asked))}) are the coalition's alone",
            0,
            "warning",
        )
    if domestic.recruits_per_month > 0 and TRAINING_TASK not in tasks and read:
        report(
            "recruits_per_month",
            "no-training-task",
            f"recruits need trainers on '{TRAINING_TASK}', which is not a task",
            domestic.recruits_per_month,
            "warning",
        )
    elif (
        not _trains_no_one(rules)
        and asked
        and rules.locator.complete("demand")
        and not any(d.task == TRAINING_TASK for d in _asking(s))
    ):
        # Trainers go where demand.csv asks for them, as any unit: none asked, no recruit is
        # taught, and the settings of the pipeline count for nothing.
        need = max(s.academy_capacities) / domestic.trainees_per_trainer
        report(
            "recruits_per_month",
            "no-training-demand",
            f"recruits need trainers on '{TRAINING_TASK}', and {rules.locator.named('demand')} "
            "asks for none in the horizon: trainers go only where it asks, so no one is "
            f"trained (a full academy takes {need:,.0f} effective personnel of it)",
            domestic.recruits_per_month,
            "warning",
        )


def _unknown(codes: Iterable[str], known: set[str]) -> list[str]:
    return [c for c in codes if c not in known]
