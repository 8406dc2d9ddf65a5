"""The validated scenario: settings plus one tuple of rows per table, frozen."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, Self

import pandas as pd
from pydantic import BaseModel, ConfigDict

from forcegen.months import add_months, fiscal_year, month_ordinal, month_range, months_between
from forcegen.scenario.problems import (
    ScenarioError,
    did_you_mean,
    errors,
    given_at_index,
    say_warnings,
)
from forcegen.scenario.schema import (
    MAX_MONTHS,
    TABLE_BY_NAME,
    TRAINING_TASK,
    Academy,
    Budget,
    Caveat,
    Ceiling,
    Demand,
    Nation,
    Region,
    Settings,
    TableSpec,
    Task,
    Unavailable,
    Unit,
    UnitType,
    column_name,
    columns,
    kinds,
    wide_field,
)


class Scenario(BaseModel):
    """A whole scenario. Build it with `forcegen.load_scenario`, which validates every rule.

    Constructing one directly checks types only, not the cross-table rules; run
    `forcegen.scenario.validate.check_scenario` on it for those.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    settings: Settings
    tasks: tuple[Task, ...]
    regions: tuple[Region, ...]
    nations: tuple[Nation, ...]
    unit_types: tuple[UnitType, ...]
    units: tuple[Unit, ...]
    demand: tuple[Demand, ...]
    ceilings: tuple[Ceiling, ...] = ()
    budgets: tuple[Budget, ...] = ()
    unavailable: tuple[Unavailable, ...] = ()
    caveats: tuple[Caveat, ...] = ()
    academy: tuple[Academy, ...] = ()

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """This scenario with `update`'s fields, validated as a new one (so `deep` changes
        nothing): pydantic's own copy would carry over this one's lookups (`months`,
        `nation_by_code`, ...) as they were and check no field. The cross-table rules are
        `check_scenario`'s, which `solve_scenario` runs."""
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        if unknown := sorted(set(update or {}) - set(fields)):
            raise ValueError(f"a scenario has no {unknown}; its fields are {sorted(fields)}")
        edited = type(self).model_construct(**(fields | dict(update or {})))
        # A list where a tuple goes is validated into one, without pydantic's warning.
        return self.model_validate(edited.model_dump(by_alias=True, warnings=False))

    def copy(
        self,
        *,
        include: Any = None,
        exclude: Any = None,
        update: Mapping[str, Any] | None = None,
        deep: bool = False,
    ) -> Self:
        """pydantic's deprecated copy, as `model_copy`: validated, its lookups anew."""
        if include is not None or exclude is not None:
            raise ValueError("a scenario is copied whole: give only `update`")
        return self.model_copy(update=update, deep=deep)

    def __repr__(self) -> str:
        # pydantic's writes every table's every row: tens of thousands of characters.
        s = self.settings
        sizes = ", ".join(
            f"{len(getattr(self, name)):,} {name}"
            for name in ("regions", "tasks", "nations", "units")
        )
        demand = f"{len(self.demand):,} demand rows"
        return f"Scenario({s.name!r}: {s.months} months from {s.start}, {sizes}, {demand})"

    # print() and f-strings too: pydantic's own str is its every row as well.
    __str__ = __repr__

    @cached_property
    def digest(self) -> str:
        """A fingerprint of every value of the scenario: two scenarios of one digest are
        the same, whatever files they were read from."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    # ------------------------------------------------------------ the horizon

    @cached_property
    def months(self) -> list[str]:
        """Month labels of the horizon, in order."""
        return month_range(self.settings.start, self.settings.months)

    @property
    def end(self) -> str:
        """Last month of the horizon (inclusive)."""
        return add_months(self.settings.start, self.settings.months - 1)

    def month_index(self, label: str) -> int:
        """Offset of a month from the horizon start (may fall outside 0..months-1)."""
        return months_between(self.settings.start, label)

    def fiscal_year_of(self, label: str) -> int:
        return fiscal_year(label, self.settings.fiscal_year_start)

    @cached_property
    def spending_months(self) -> int:
        """Months from the start to the end of the fiscal year the horizon ends in: a
        tour's months in theatre up to there are spent in the horizon's fiscal years, those
        after the horizon's end too (a tour mobilized is paid for whole, and its money
        falls in a year the plan is budgeted for); a later year's other spending the plan
        does not decide."""
        last = self.fiscal_year_of(self.end)
        months = self.settings.months
        while self.fiscal_year_of(add_months(self.settings.start, months)) == last:
            months += 1
        return months

    @cached_property
    def spending_years(self) -> tuple[int, ...]:
        """The fiscal year of each of the `spending_months`, by index from the start: a
        tour's cost is looked up month by month (`tour_cost_by_year`), on L millions of
        times, each once a date's arithmetic."""
        start = self.settings.start
        return tuple(self.fiscal_year_of(m) for m in month_range(start, self.spending_months))

    def tour_cost_by_year(
        self,
        nation: str,
        personnel: int,
        start: int,
        in_theatre: Iterable[int],
        *,
        rotation: bool = True,
    ) -> dict[int, float]:
        """Cost of a unit of `nation` and `personnel` on a tour starting in month `start`
        of the horizon (an index from its start), by fiscal year: its months `in_theatre`
        in the horizon's fiscal years (those after its end too: `spending_months`), plus
        rotation charged in the fiscal year the tour starts (none for a tour redeployed in
        theatre, `rotation` False: its unit rotates with the tour it continues)."""
        rates = self.nation_by_code[nation]
        years = self.spending_years
        monthly = personnel * rates.cost_per_person_month
        costs: dict[int, float] = defaultdict(float)
        for t in in_theatre:
            if t < len(years):
                costs[years[t]] += monthly
        if rotation:
            costs[years[start]] += personnel * rates.rotation_cost_per_person
        return costs

    # ------------------------------------------------------------ lookups

    @cached_property
    def nation_by_code(self) -> dict[str, Nation]:
        return {n.nation: n for n in self.nations}

    @cached_property
    def unit_by_code(self) -> dict[str, Unit]:
        return {u.unit: u for u in self.units}

    def tour_of(self, unit: Unit) -> int:
        """A unit's tour in months (`Unit.tour_under` its nation)."""
        return unit.tour_under(self.nation_by_code[unit.nation])

    def training_of(self, unit: Unit) -> int:
        """A unit's months of training at home before each tour, mobilized: its nation's
        `reserve_training_months` for a reserve unit, none for an active one."""
        if unit.component != "reserve":
            return 0
        return self.nation_by_code[unit.nation].reserve_training_months

    def dwell_of(self, unit: Unit) -> int:
        """A unit's least months at home between tours (`Unit.dwell_under` its nation)."""
        return unit.dwell_under(self.nation_by_code[unit.nation])

    def unit_window(self, unit: Unit) -> tuple[int, int | None]:
        """First month a unit may mobilize and last month it may be in theatre (None: no
        limit), from its own availability and its nation's join and leave."""
        nation = self.nation_by_code[unit.nation]
        firsts = [self.month_index(m) for m in (unit.available_from, nation.join) if m]
        lasts = [self.month_index(m) for m in (unit.available_until, nation.leave) if m]
        return max([0, *firsts]), (min(lasts) if lasts else None)

    @cached_property
    def ready_at_start(self) -> tuple[str, ...]:
        """The nations with an active unit ready in the horizon's first month, in
        nations.csv's order. Reserve units are left out: their training at home first is
        a call-up the plan chooses, not a force there at the start."""
        ready = set()
        for unit in self.units:
            first, last = self.unit_window(unit)
            there = first == 0 and (last is None or last >= 0)
            if there and unit.component != "reserve" and not self.unavailable_in(unit.unit, 0, 0):
                ready.add(unit.nation)
        return tuple(n.nation for n in self.nations if n.nation in ready)

    @cached_property
    def arrival(self) -> int:
        """Months at the horizon's start in which the first tours are still arriving: the
        longest relief in place (`overlap_months`) of the nations `ready_at_start`, whose
        first tours count for no demand in them. No plan covers much of those months, so
        every plan's worst month tends to be the first; the worst month after them is the
        one plans differ by."""
        nations = self.nation_by_code
        return max((nations[n].overlap_months for n in self.ready_at_start), default=0)

    @cached_property
    def academy_capacities(self) -> list[int]:
        """The academy's capacity in each month of the horizon: academy.csv's where a row
        holds (the lowest, where rows meet: validation refuses that), else the settings'."""
        capacities = [self.settings.domestic.academy_capacity] * self.settings.months
        ruled = [False] * self.settings.months
        for row in self.academy:
            lo, hi = self.window(row.first, row.last)
            for t in range(lo, hi + 1):
                capacities[t] = row.capacity if not ruled[t] else min(capacities[t], row.capacity)
                ruled[t] = True
        return capacities

    @cached_property
    def unavailable_periods(self) -> dict[str, tuple[tuple[int, int], ...]]:
        """Each unit's unavailable.csv periods as (first, last) month offsets, in order."""
        periods: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for row in self.unavailable:
            periods[row.unit].append((self.month_index(row.first), self.month_index(row.last)))
        return {unit: tuple(sorted(spans)) for unit, spans in periods.items()}

    def unavailable_in(self, unit: str, first: int, last: int) -> list[tuple[int, int]]:
        """A unit's unavailable periods that months `first`..`last` meet, in order."""
        periods = self.unavailable_periods.get(unit, ())
        return [(lo, hi) for lo, hi in periods if lo <= last and first <= hi]

    def caveats_in(
        self, nation: str, task: str, region: str, first: int, last: int
    ) -> list[tuple[Caveat, int, int]]:
        """The caveats.csv rows of a nation refusing `task` in `region` in some month of
        `first`..`last`, with the months each holds (`caveat_months`), in order."""
        rows = self.caveat_months.get(nation, ())
        return [
            (row, lo, hi)
            for row, lo, hi in rows
            if lo <= last and first <= hi and row.refuses(task, region)
        ]

    @cached_property
    def caveat_months(self) -> dict[str, list[tuple[Caveat, int, int]]]:
        """Each nation's caveats.csv rows with the months each holds as offsets (its last
        past any tour's reach where it has none), by their first month."""
        months: dict[str, list[tuple[Caveat, int, int]]] = defaultdict(list)
        forever = self.settings.months + MAX_MONTHS
        for row in self.caveats:
            last = forever if row.last is None else self.month_index(row.last)
            months[row.nation].append((row, self.month_index(row.first), last))
        return {nation: sorted(rows, key=lambda entry: entry[1]) for nation, rows in months.items()}

    @cached_property
    def demanded(self) -> frozenset[tuple[str, str]]:
        """(task, region) pairs demand.csv asks for in some month."""
        return frozenset((d.task, d.region) for d in self.demand if d.personnel > 0)

    @cached_property
    def served(self) -> frozenset[tuple[str, str]]:
        """(task, region) pairs some unit may serve (`eligible_pairs`), its nation and type
        defined."""
        return frozenset(
            pair
            for unit in self.units
            if unit.nation in self.nation_by_code and unit.type in self.unit_type_by_code
            for pair in self.eligible_pairs(unit.nation, unit.type)
        )

    def eligible_pairs(self, nation: str, unit_type: str) -> list[tuple[str, str]]:
        """(task, region) pairs a unit of `unit_type` and `nation` may serve: capable of
        the task, neither refused by its nation (nor by a caveats.csv row in every month of
        the horizon), the region's risk accepted, and in demand."""
        caveats = self.nation_by_code[nation]
        effectiveness = self.unit_type_by_code[unit_type].effectiveness
        # Validation judges the tables of a scenario whose settings are at fault (None):
        # no horizon, so no month a caveats.csv row holds in.
        rows = self.caveat_months.get(nation, ()) if self.settings is not None else ()
        end = self.settings.months - 1 if self.settings is not None else 0
        always = [row for row, first, last in rows if first <= 0 and last >= end]
        return [
            (task.task, region.region)
            for task in self.tasks
            for region in self.regions
            if effectiveness.get(task.task, 0.0) > 0
            and task.task not in caveats.refused_tasks
            and region.region not in caveats.refused_regions
            and region.risk <= caveats.max_risk
            and (task.task, region.region) in self.demanded
            and not any(row.refuses(task.task, region.region) for row in always)
        ]

    @cached_property
    def unit_type_by_code(self) -> dict[str, UnitType]:
        return {t.type: t for t in self.unit_types}

    @cached_property
    def region_by_code(self) -> dict[str, Region]:
        return {r.region: r for r in self.regions}

    @cached_property
    def task_by_code(self) -> dict[str, Task]:
        return {t.task: t for t in self.tasks}

    def ends_at_handover(self, task: str) -> bool:
        """Whether `task`'s demand in a region ends at the region's handover (tasks.csv's
        `ends_at_handover`; constabulary training's, unless said otherwise)."""
        known = self.task_by_code.get(task)
        said = known.ends_at_handover if known is not None else None
        return task == TRAINING_TASK if said is None else said

    @property
    def lead(self) -> Nation | None:
        leads = [n for n in self.nations if n.lead]
        return leads[0] if len(leads) == 1 else None

    def ceiling_at(self, nation: str, label: str) -> int:
        """A nation's personnel ceiling in a month: the latest ceilings.csv row in force,
        else the nations.csv ceiling."""
        latest: Ceiling | None = None
        for row in self.ceilings:
            if (
                row.nation == nation
                and month_ordinal(row.from_month) <= month_ordinal(label)
                and (
                    latest is None
                    or month_ordinal(row.from_month) > month_ordinal(latest.from_month)
                )
            ):
                latest = row
        return latest.ceiling if latest else self.nation_by_code[nation].ceiling

    def budget_for(self, nation: str, year: int) -> float | None:
        """A nation's budget for a fiscal year: budgets.csv if given, else budget_per_year."""
        for row in self.budgets:
            if row.nation == nation and row.fiscal_year == year:
                return row.budget
        return self.nation_by_code[nation].budget_per_year

    @cached_property
    def sectors(self) -> dict[str, tuple[str, ...]]:
        """Sector -> its regions: those of one `authority`, told apart regardless of case
        and spacing (as typed in a spreadsheet) and named as first written; a region
        without one alone, named by its code (`<code> (own sector)` where an authority
        bears that name)."""
        found: dict[tuple[str, str], list[str]] = {}
        names: dict[tuple[str, str], str] = {}
        for r in self.regions:
            spelt = " ".join(r.authority.split())
            key = ("authority", spelt.casefold()) if spelt else ("region", r.region)
            names.setdefault(key, spelt or r.region)
            found.setdefault(key, []).append(r.region)
        taken = {names[key] for key in found if key[0] == "authority"}

        def name(key: tuple[str, str]) -> str:
            own = key[0] == "region" and names[key] in taken
            return f"{names[key]} (own sector)" if own else names[key]

        return {name(key): tuple(regions) for key, regions in found.items()}

    @cached_property
    def sector_of(self) -> dict[str, str]:
        """Region -> its sector (`sectors`)."""
        return {r: sector for sector, regions in self.sectors.items() for r in regions}

    @cached_property
    def declared_handovers(self) -> dict[str, int]:
        """Region -> first month (offset, at least 0) the domestic force holds it by
        decision (regions.csv `handed_over`); a month past the horizon still ends the
        region's tours before it."""
        return {
            r.region: max(0, self.month_index(r.handed_over))
            for r in self.regions
            if r.handed_over is not None
        }

    @cached_property
    def demand_by_cell(self) -> dict[tuple[str, str, int], float]:
        """(region, task, month offset) -> effective personnel required, for every cell of
        the horizon with demand: the demand rows of one region and task add up."""
        cells: dict[tuple[str, str, int], float] = defaultdict(float)
        for d in self.demand:
            first, last = self.window(d.first, d.last)
            for t in range(first, last + 1):
                cells[(d.region, d.task, t)] += d.personnel
        return {cell: personnel for cell, personnel in cells.items() if personnel > 0}

    def demand_at(self, region: str, task: str, label: str) -> float:
        """Effective personnel required for a task in a region in a month of the horizon."""
        return self.demand_by_cell.get((region, task, self.month_index(label)), 0.0)

    def window(self, first: str | None, last: str | None) -> tuple[int, int]:
        """Month offsets (inclusive) of an optional first/last pair clipped to the horizon."""
        lo = 0 if first is None else max(0, self.month_index(first))
        hi = self.settings.months - 1
        if last is not None:
            hi = min(hi, self.month_index(last))
        return lo, hi

    # ------------------------------------------------------------ tables

    def table(self, name: str) -> pd.DataFrame:
        """One input table as a DataFrame with the file's columns (lists joined by `;`)."""
        spec = _table_spec(name)
        rows: tuple[BaseModel, ...] = getattr(self, name)
        wide = wide_field(spec)
        fixed = columns(spec)
        extra: list[str] = []
        if wide:
            extra = [t.task for t in self.tasks]
            for row in rows:
                extra += [task for task in getattr(row, wide) if task not in extra]
        records = []
        for row in rows:
            record = {}
            for field in spec.row.model_fields:
                if field == wide:
                    continue
                value = getattr(row, field)
                if isinstance(value, tuple):
                    value = ";".join(value)
                record[column_name(spec, field)] = value
            if wide:
                mapping: dict[str, float] = getattr(row, wide)
                record.update({task: mapping.get(task) for task in extra})
            records.append(record)
        frame = pd.DataFrame.from_records(records, columns=fixed + extra)
        # An optional value typed as its field, blank as missing (a unit's own tour a whole
        # number, a month text): from the records, a column of blanks alone is objects
        # holding None, whole numbers with blanks floats.
        for field, info in spec.row.model_fields.items():
            types = kinds(info.annotation)
            if field == wide or type(None) not in types:
                continue
            column = column_name(spec, field)
            frame[column] = frame[column].astype(_optional_dtype(types))
        return frame

    def with_table(self, name: str, frame: pd.DataFrame) -> Scenario:
        """The scenario with its table `name` replaced by `frame` (`table`'s, edited in
        pandas), read and validated as that table's file would be: a blank or NaN cell is
        an empty one, and every problem at once raises ScenarioError naming the table, row
        and column; a warning the edit brings is warned of. A notebook's what-if without
        writing the scenario out by hand."""
        return self._with_tables({name: frame}, "with_table")

    def with_tables(self, **frames: pd.DataFrame) -> Scenario:
        """The scenario with each table named replaced by its frame, all at once, as
        `with_table` replaces one: a nation dropped from `nations` and its units from
        `units` together, where one table at a time names a nation the other lacks."""
        return self._with_tables(frames, "with_tables")

    def _with_tables(self, frames: Mapping[str, pd.DataFrame], caller: str) -> Scenario:
        """`with_table`'s and `with_tables`' work, `caller` named in a wrong type's message."""
        # load.py and write.py import this module.
        from forcegen.scenario.load import read_scenario
        from forcegen.scenario.write import frame_to_csv

        for name, frame in frames.items():
            _table_spec(name)
            if not isinstance(frame, pd.DataFrame):
                # A list of records or a dict had failed deep in the writing, on `.index`.
                raise TypeError(
                    f"{caller} takes a DataFrame (as scenario.table({name!r}) gives), not "
                    f"{type(frame).__name__}: pd.DataFrame(...) of it"
                )
        with TemporaryDirectory(prefix="forcegen-scenario-") as folder:
            written = Path(folder) / "scenario"
            self.to_folder(written)
            standing = set(read_scenario(written).problems)  # the scenario's own warnings
            for name, frame in frames.items():
                frame_to_csv(frame, written / f"{name}.csv")
            result = read_scenario(written, {name: frame.index for name, frame in frames.items()})
        problems = [
            given_at_index(p, name, frames[name].index)
            if (name := p.file.removesuffix(".csv")) in frames
            else p
            for p in result.problems
            if p not in standing
        ]
        if result.scenario is None:
            error = ScenarioError(problems)
            files = {spec.file for spec in TABLE_BY_NAME.values()}
            if others := sorted({p.file for p in errors(problems) if p.file in files}):
                # A nation dropped from `nations` alone: its units name it still.
                error.add_note(
                    f"{', '.join(others)} {'is' if len(others) == 1 else 'are'} the scenario's "
                    "own, as it was: with_tables(name=frame, ...) replaces several tables at once"
                )
            raise error
        # A warning the edit brings (a reserve called up back to back) is said, not lost,
        # at the notebook's line that called with_table(s).
        say_warnings(problems, stacklevel=3)
        return result.scenario

    def to_folder(self, path: str | Path) -> None:
        """Write the scenario as a folder of `scenario.yaml` and CSV files (atomically).
        Raises FileExistsError, writing nothing, where that would lose a planner's work,
        as `forcegen convert` refuses it: files of a scenario changed since forcegen
        wrote them, or not written by it; a folder of other files."""
        # These modules import this one.
        from forcegen.scenario.overwrite import refusal
        from forcegen.scenario.write import write_folder

        if reason := refusal(Path(path)):
            raise FileExistsError(reason)
        write_folder(self, Path(path))

    def to_workbook(self, path: str | Path) -> None:
        """Write the scenario as one Excel workbook, a sheet per table (atomically).
        Raises FileExistsError, writing nothing, over a file other than a scenario's
        workbook or one a planner may have edited (`to_folder`)."""
        from forcegen.scenario.overwrite import refusal
        from forcegen.scenario.write import write_workbook

        if reason := refusal(Path(path)):
            raise FileExistsError(reason)
        write_workbook(self, Path(path))


def _optional_dtype(types: set[type]) -> Any:
    """The pandas type of an optional field's column: numbers as numbers, yes/no as
    booleans, anything else (months, names) as text."""
    if float in types:
        return float
    if int in types:
        return pd.Int64Dtype()
    if bool in types:
        return pd.BooleanDtype()
    return pd.StringDtype(na_value=float("nan"))


def _table_spec(name: str) -> TableSpec:
    """The table `name`'s spec; KeyError naming the tables (the one meant first, where a
    name is near: `unit` for `units`) for a name of none."""
    if name not in TABLE_BY_NAME:
        meant = did_you_mean(name, TABLE_BY_NAME)
        raise KeyError(f"no table {name!r}{meant}; the tables are {', '.join(TABLE_BY_NAME)}")
    return TABLE_BY_NAME[name]
