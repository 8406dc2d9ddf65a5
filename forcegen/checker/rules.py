"""The rules of docs/rules.md, re-derived from the scenario, one function per family.

Each function takes the derived tours (and the plan's tables where it needs them) and
returns violations: rule, entity, month, by how much. Nothing here knows how the optimizer
is formulated; it reads the scenario, the model specification and the plan.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd

from forcegen.fileformat import (
    ASSIGNMENTS,
    BY_NATION,
    COSTS,
    COVERAGE,
    DOMESTIC,
    HANDOVER,
    PlannedTour,
    came_from,
    numbered,
)
from forcegen.months import add_months, months_between, parse_month
from forcegen.scenario.problems import Problem, did_you_mean
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import TRAINING_TASK, Unit
from forcegen.shown import figure, shortened, spans
from forcegen.spec import ModelSpec

TOLERANCE = 1e-6
# A share of a count (0.55 x 100 is 55.00000000000001) is its product's only inexactness.
ROUNDING = 1e-12
# A cost costs.csv writes against the one its tours work out to: both are sums of whole
# tours' prices, parted by floating point alone. A millionth let tiny's 2,925,000 be
# written 2,924,999 unsaid.
MONEY = 1e-9
# Money spent against a budget: HiGHS holds a whole column to within 1e-6 of a whole number
# and does not round it (ERGO-Code/HiGHS#1626), so a plan of its tours made whole may spend
# up to a millionth of its tours' cost past a budget its model kept. A tighter tolerance
# (a billionth, tried) would call a solved plan broken by the solver's own tolerance.
SPENT = TOLERANCE
# The most rows of a table a violation names: beyond, a total's own row is named instead.
HANDFUL = 5
# The rules that judge a plan table's derived values (coverage, costs, the pipeline's
# in_training and strength) against those worked out from its tours and domestic part.
DERIVED = ("table-mismatch", "course", "strength")
# The rules a tour breaks or keeps, with no measure of how far: their amount is a count.
YES_OR_NO = frozenset(
    {"caveat-task", "caveat-region", "not-capable", "no-demand"}
    | {f"unknown-{column}" for column in ("unit", "task", "region")}
)


@dataclass(frozen=True)
class Violation:
    """A broken rule: which, for whom, when, and by how much (in the rule's unit)."""

    rule: str
    entity: str
    month: str | None
    amount: float
    message: str
    # The rows that break it, of assignments.csv (its tours) or of a table of the plan's
    # own (coverage.csv's cell, domestic.csv's month), numbered as a spreadsheet shows them.
    rows: tuple[int, ...] = ()
    column: str | None = None  # the column of the cell that breaks it, where it is one
    file: str = ASSIGNMENTS  # the file (or sheet) the rows are of
    # For a table held in memory, its rows' labels in the frame's index, which its user
    # reads where a file's reader reads its rows.
    labels: tuple[str, ...] = ()
    # False where the amount is a count of what is there and should not be (a budget
    # where the scenario has none), no measure in the rule's unit: said without one.
    measured: bool = True

    def __str__(self) -> str:
        when = f" {self.month}" if self.month else ""
        where = ""
        if self.labels:
            where = f" ({self.file}, index {', '.join(self.labels)}"
            where += f", column {self.column})" if self.column else ")"
        elif self.rows:
            where = f" ({self.file} row{'s' if len(self.rows) > 1 else ''} "
            where += spans(sorted(set(self.rows)))
            where += f", column {self.column})" if self.column else ")"
        return f"[{self.rule}] {self.entity}{when}{where}: {self.message}{self.by}"

    @property
    def by(self) -> str:
        """How far the rule is broken, as said after the message (nothing for a rule a tour
        breaks or keeps, or a value there that should not be: "(by 1)" is no measure of a
        caveat)."""
        measureless = (
            not self.measured
            or self.rule in YES_OR_NO
            or (self.rule == "plan-mismatch" and self.column in CODE_COLUMNS)
        )
        return "" if measureless else f" (by {figure(self.amount)})"

    def as_problem(self) -> Problem:
        """A tour's own violation (`derive_tours`'s) as bad input: the row of assignments.csv
        that cannot be read as a tour of the scenario, for a reader that needs every tour."""
        return Problem(self.file, self.rows[0], self.column, self.rule, self.message)

    def in_folder(self, folder: str | Path) -> Violation:
        """The violation with its file named in `folder`, the run folder as its user gave
        it: `assignments.csv` alone reads as a file of the working folder."""
        return replace(self, file=str(Path(folder, self.file))) if self.rows else self

    def renumbered(
        self, planner: Mapping[str, tuple[str, Mapping[int, int], Mapping[str, str]]], run: str
    ) -> Violation:
        """The violation as the planner's files number it, for a plan written again from
        them as the run folder `run` (evaluate) and judged there: `planner` gives, for each
        file of the run, the planner's file (or sheet), its row of each of the run's rows
        and its name of each column it has. Rows the planner's file has every one of are
        named there, with the column where it has one; others (a month, a cell or a handover
        it has none of, worked out as none or by decision; a file it has not) as the run's
        file in `run`."""
        if not self.rows:
            return self
        file, rows, columns = planner.get(self.file, ("", {}, {}))
        if not all(row in rows for row in self.rows):
            return self.in_folder(run)
        column = columns.get(self.column) if self.column else None
        return replace(self, rows=tuple(rows[row] for row in self.rows), file=file, column=column)


# A violation's month written as one, or a fiscal year (`FY2001`).
WHEN = re.compile(r"\d{4}-\d{2}|FY\d{4}")


def following(when: str) -> str:
    """The month (or fiscal year, `FY2001`) after `when`."""
    return f"FY{int(when[2:]) + 1}" if when.startswith("FY") else add_months(when, 1)


# Rules judged month by month (or fiscal year by fiscal year) of a nation, a region or the
# domestic force: broken in months in a row, it is one breach lasting. The rest are of a
# tour or two, each breach its own even where two tours of a unit start a month apart.
MONTH_BY_MONTH = frozenset(
    {"ceiling", "reserve-share", "budget", "coverage-floor", "handover-coverage"}
    | {"employment", "domestic-task", "recruits", "academy", "trainers", "course", "strength"}
    | {"table-mismatch", "nations-per-region", "nations-per-sector"}  # (those two at once)
)
# Of those, rules whose breach in a month names who breaks it: a run of months is one
# breach only while they stay the same (its message, naming the nations, unchanged).
SAME_WHILE_SAID_ALIKE = frozenset({"nations-per-region", "nations-per-sector"})


def in_runs(violations: list[Violation]) -> list[str]:
    """The violations as a planner reads them: a rule one entity breaks month by month, in
    months (or fiscal years) in a row (a ceiling exceeded all summer), said once over them,
    at its worst one's figures and with every row of the run, where it was a line a month;
    the rest as they are."""
    groups: dict[tuple[str, str, str, str | None], list[Violation]] = {}
    for v in violations:
        groups.setdefault((v.rule, v.entity, v.file, v.column), []).append(v)
    lines: list[str] = []
    for group in groups.values():
        dated = [
            v
            for v in group
            if v.rule in MONTH_BY_MONTH and v.month is not None and WHEN.fullmatch(v.month)
        ]
        lines += [str(v) for v in group if v not in dated]  # undated rules
        run: list[Violation] = []
        for v in sorted(dated, key=lambda v: str(v.month)):
            others = v.rule in SAME_WHILE_SAID_ALIKE and run and run[-1].message != v.message
            if run and (following(str(run[-1].month)) != v.month or others):
                lines.append(_run_of_months(run))
                run = []
            run.append(v)
        if run:
            lines.append(_run_of_months(run))
    return lines


def _run_of_months(run: list[Violation]) -> str:
    """Violations of one rule by one entity in months in a row, as one line."""
    if len(run) == 1:
        return str(run[0])
    worst = max(run, key=lambda v: v.amount)
    return str(
        replace(
            worst,
            month=f"{run[0].month}..{run[-1].month}",
            message=f"at worst {worst.month}: {worst.message}",
            # Tours in theatre in other months of the run than its worst break it too.
            rows=tuple(sorted({row for v in run for row in v.rows})),
            labels=tuple(dict.fromkeys(label for v in run for label in v.labels)),
        )
    )


def differs(written: float, expected: float, tolerance: float = TOLERANCE) -> float:
    """How far a table's value is from the recomputed one, beyond `tolerance` of it (money:
    `MONEY`)."""
    gap = abs(written - expected)
    return gap if gap > tolerance * max(1.0, abs(expected)) else 0.0


def over(value: float, bound: float, tolerance: float = TOLERANCE) -> float:
    """How far `value` exceeds `bound`, beyond `tolerance` of it (of 1, for a bound below
    1): by default that of continuous quantities; `ROUNDING` for people or person-months
    against a share of them, the share's product's rounding alone (the continuous
    tolerance let a million-strong limit be passed by a person)."""
    excess = value - bound
    return excess if excess > tolerance * max(1.0, abs(bound)) else 0.0


def overspent(cost: float, budget: float) -> float:
    """How far `cost` exceeds `budget`, beyond what the solver's own tolerance may leave
    (`SPENT`): the checker's verdict, the report's figures and its table alike."""
    return over(cost, budget, SPENT)


@dataclass(frozen=True)
class Tour:
    """A tour with everything the scenario implies about it (months as offsets)."""

    source: PlannedTour
    unit: str
    nation: str
    type: str
    component: str
    task: str
    region: str
    personnel: int
    start: int
    end: int
    mobilized: int
    counts_from: int
    effective: float
    # Redeployed in theatre: the call-up of the tour before it goes on (`_redeployed`),
    # and where that tour was (`fileformat.came_from`: the row's `redeployed_from`).
    continues: bool = False
    came_from: str | None = None

    def in_theatre(self, horizon: int) -> range:
        return range(max(0, self.start), min(self.end, horizon - 1) + 1)

    def counting(self, horizon: int) -> range:
        return range(max(0, self.counts_from), min(self.end, horizon - 1) + 1)


def derive_tours(
    scenario: Scenario, planned: list[PlannedTour], replanned: Sequence[int] = ()
) -> tuple[list[Tour], list[Violation]]:
    """Tours as the scenario defines them; unknown codes and disagreeing columns reported
    (a row that is not `readable` has its codes judged and gives no tour).
    `replanned`: a re-plan's months (`read_replanned`'s, a re-plan of a re-plan's earlier
    ones too); only tours mobilized before the latest may be curtailed, and a unit goes on
    in theatre only from one of them on (`_redeployed`)."""
    latest = max(replanned, default=0)
    tours, violations = [], []
    units = scenario.unit_by_code
    known = {"unit": set(units), "task": set(scenario.task_by_code)}
    known["region"] = set(scenario.region_by_code)
    for p in planned:
        unit = units.get(p.unit)
        # A blank code is parse_assignments' problem (required), not an unknown one.
        codes = {"unit": p.unit, "task": p.task, "region": p.region}
        bad = [
            (column, f"no {column} {shortened(code)!r}{did_you_mean(code, known[column])}")
            for column, code in codes.items()
            if code != "" and code not in known[column]
        ]
        for column, text in bad:
            rule = f"unknown-{column}"
            violations.append(Violation(rule, p.unit, p.start, 1, text, (p.row,), column))
        if bad or unit is None or not p.readable:
            continue
        start = scenario.month_index(p.start)
        months = tour_months(scenario, unit, start)
        mobilized = months["mobilized_from"]
        curtailed = _curtailed_end(scenario, unit, p) if mobilized < latest else None
        # A tour may be cut short to month 0, which is no "not curtailed".
        end = curtailed if curtailed is not None else months["end"]
        effectiveness = scenario.unit_type_by_code[unit.type].effectiveness.get(p.task, 0.0)
        tour = Tour(
            source=p,
            unit=unit.unit,
            nation=unit.nation,
            type=unit.type,
            component=unit.component,
            task=p.task,
            region=p.region,
            personnel=unit.personnel,
            start=start,
            end=end,
            mobilized=mobilized,
            counts_from=months["counts_from"],
            effective=effectiveness * unit.personnel,
        )
        tours.append(tour)
    tours = _redeployed(scenario, tours, replanned)
    for tour in tours:
        violations += _mismatches(scenario, tour, replanned, tours)
    return tours, violations


def _redeployed(scenario: Scenario, tours: list[Tour], replanned: Sequence[int]) -> list[Tour]:
    """The tours redeployed in theatre made so (docs/rules.md, redeployed): a row whose
    written `mobilized_from` is earlier than its own training would mobilize its unit,
    starting the month after a tour of the unit mobilized then ends cut short, from a
    re-plan month after that mobilization on (`replanned`), goes on with that call-up:
    mobilized with it, to its last month at most (earlier where the unit, its nation, or
    the new task and region must end it). Any other row's written `mobilized_from` is
    the mismatch it was."""
    by_unit: dict[str, list[int]] = defaultdict(list)
    for k, t in enumerate(tours):
        by_unit[t.unit].append(k)
    tours = list(tours)
    for own in by_unit.values():
        # A call-up redeployed twice: the second continues the first, made so before it.
        for k in sorted(own, key=lambda k: tours[k].start):
            t = tours[k]
            mobilized = _written_at(scenario, t.source, "mobilized_from")
            if mobilized is None or mobilized >= t.mobilized:
                continue
            before = _cut_before(scenario, t, [tours[j] for j in own], mobilized)
            if before is None or not _may_go_on(before, t, replanned):
                continue
            unit = scenario.unit_by_code[t.unit]
            last = mobilized + scenario.training_of(unit) + scenario.tour_of(unit) - 1
            lasts = last_months(scenario, unit, t.region, mobilized, t.task)
            end = min([last, *(m for m in lasts if m >= t.start)])
            where = came_from(before.task, before.region)
            tours[k] = replace(t, mobilized=mobilized, end=end, continues=True, came_from=where)
    return tours


def _cut_before(
    scenario: Scenario, tour: Tour, tours: Sequence[Tour], mobilized: int
) -> Tour | None:
    """The tour of `tour`'s unit mobilized in `mobilized` that ends cut short the month
    before `tour` starts, which `tour` may go on from (None: no such tour)."""
    unit = scenario.unit_by_code[tour.unit]
    last = mobilized + scenario.training_of(unit) + scenario.tour_of(unit) - 1
    return next(
        (
            t
            for t in tours
            if t is not tour
            and t.unit == tour.unit
            and t.mobilized == mobilized
            and t.end == tour.start - 1 < last
        ),
        None,
    )


def _may_go_on(before: Tour, after: Tour, replanned: Sequence[int]) -> bool:
    """Whether a re-plan (of the months `replanned`) may send `after` on from `before`,
    redeployed in theatre: one after `before` was mobilized, by `after`'s start. Only a
    re-plan redeploys a unit, from its month on, and only a tour mobilized before it is
    cut short by it (docs/rules.md, redeployed)."""
    return any(before.mobilized < f <= after.start for f in replanned)


def tour_months(scenario: Scenario, unit: Unit, start: int) -> dict[str, int]:
    """The months (offsets) a whole tour of `unit` from `start` gives its columns: its
    `end`, when it is mobilized (`mobilized_from`: a reserve's training months before)
    and when it starts to count (`counts_from`: after its nation's relief in place)."""
    nation = scenario.nation_by_code[unit.nation]
    return {
        "end": start + scenario.tour_of(unit) - 1,
        "mobilized_from": start - scenario.training_of(unit),
        "counts_from": start + nation.overlap_months,
    }


def unknown_codes(found: list[Violation]) -> list[Problem]:
    """`derive_tours`'s violations that leave a row no tour of the scenario (a unit, task
    or region it does not know), as bad input."""
    return [v.as_problem() for v in found if v.rule.startswith("unknown-")]


def outside_horizon(scenario: Scenario, tours: list[Tour]) -> list[Problem]:
    """Tours that start outside the horizon, as bad input, as an unknown code is: a month
    the scenario does not have is no month of a plan of it (`check` and `evaluate` alike;
    one that starts inside it and is mobilized before it breaks availability)."""
    first, last = scenario.months[0], scenario.months[-1]
    return [
        Problem(
            ASSIGNMENTS,
            t.source.row,
            "start",
            "outside-horizon",
            f"a tour must start within {first}..{last}",
            t.source.start,
        )
        for t in tours
        if not 0 <= t.start < scenario.settings.months
    ]


def last_months(
    scenario: Scenario,
    unit: Unit,
    region: str | None = None,
    mobilized: int | None = None,
    task: str | None = None,
) -> list[int]:
    """The last months a unit may be in theatre: its own, its nation's, a region given, the
    month before the region's handover by decision and, a tour's month mobilized given, the
    month before each of the unit's later unavailable periods and (its task and region
    given) before each later caveat of its nation refusing them (none: no limit). Each,
    not only the next: a caller that drops those before a tour's start (away in its
    training) must see the one after it."""
    nation = scenario.nation_by_code[unit.nation]
    lasts = [scenario.month_index(m) for m in (unit.available_until, nation.leave) if m]
    if region is not None and (handed := scenario.declared_handovers.get(region)) is not None:
        lasts.append(handed - 1)
    if mobilized is not None:
        periods = scenario.unavailable_periods.get(unit.unit, ())
        lasts += [first - 1 for first, _ in periods if first > mobilized]
    if mobilized is not None and task is not None and region is not None:
        # Only one holding in a month in theatre: a caveat over a reserve's training alone
        # keeps it from nothing.
        start = mobilized + scenario.training_of(unit)
        lasts += [
            first - 1
            for row, first, last in scenario.caveat_months.get(unit.nation, ())
            if first > mobilized and last >= start and row.refuses(task, region)
        ]
    return lasts


def _written_at(scenario: Scenario, planned: PlannedTour, column: str) -> int | None:
    """The month offset of a row's month `column` as written (None: not written, or no
    month)."""
    written = planned.given.get(column)
    if written is None:
        return None
    try:
        return scenario.month_index(parse_month(written))
    except ValueError:
        return None


def _curtailed_end(scenario: Scenario, unit: Unit, planned: PlannedTour) -> int | None:
    """The written end of a tour cut short where its unit or nation must be gone or its
    region is handed over (a withdrawal, a unit lost, a handover by decision, announced
    after it mobilized): docs/rules.md, curtailed. None for any other tour."""
    start = scenario.month_index(planned.start)
    mobilized = start - scenario.training_of(unit)
    # A last month before its start (its unit away in its training) ends no month of the
    # tour: that breach is availability's alone. Counted, it had kept a later last month
    # from cutting the tour short, and the planner was told to write the whole tour's
    # end, one past its unit's last month.
    lasts = [
        m
        for m in last_months(scenario, unit, planned.region, mobilized, planned.task)
        if m >= start
    ]
    end = _written_at(scenario, planned, "end")
    if not lasts or end is None:
        return None
    full = start + scenario.tour_of(unit) - 1
    return end if start <= end == min(lasts) < full else None


def _mismatches(
    scenario: Scenario, tour: Tour, replan_months: Sequence[int], tours: Sequence[Tour]
) -> list[Violation]:
    """Columns the planner wrote that disagree with what the scenario implies
    (`replan_months`: `derive_tours`'s `replanned`; `tours`: the plan's, among them the
    one a redeployment goes on from)."""
    replanned = max(replan_months, default=0)
    label = scenario.settings.start
    unit = scenario.unit_by_code[tour.unit]
    implied = {
        "nation": tour.nation,
        "component": tour.component,
        "type": tour.type,
        "personnel": str(tour.personnel),
        "end": add_months(label, tour.end),
        "mobilized_from": add_months(label, tour.mobilized),
        "counts_from": add_months(label, tour.counts_from),
        "redeployed_from": tour.came_from or "",
    }
    found = []
    for column, expected in implied.items():
        written = tour.source.given.get(column)
        if written is None or same_value(written, expected):
            continue
        rule = "tour-length" if column == "end" else "plan-mismatch"
        amount = _how_far(column, written, expected)
        month = add_months(label, tour.start)
        message = f"{column} is {written!r}, the scenario implies {expected!r}"
        if column == "end":
            # Whose tour length it is: a unit's own differs from its nation's.
            months = scenario.tour_of(unit)
            whose = (
                f"its own {months}-month tour, units.csv tour_months"
                if unit.tour_months is not None
                else f"{tour.nation}'s {months}-month tour"
            )
            if tour.continues:
                # Its call-up's end, not a tour's from its own start, as the words had it.
                mobilized = add_months(label, tour.mobilized)
                whose = f"the rest of its call-up of {mobilized}, redeployed in theatre: {whose}"
            message += f" ({whose})"
        earlier = _written_at(scenario, tour.source, column)
        if column == "mobilized_from" and earlier is not None and earlier < tour.mobilized:
            # Earlier than its training gives: a redeployment the row is not (one whose
            # start was moved off the month after the tour it went on from, or one going
            # on before a re-plan could send it).
            message += _no_redeployment(scenario, tour, earlier, replan_months, tours)
        if column == "redeployed_from":
            message = _marked(scenario, tour, written, tours, replan_months)
        cut = column == "end" and _curtailed_end(scenario, unit, tour.source) is not None
        # A re-plan's month is one of the horizon's after its first: a tour mobilized in
        # its last month is none a re-plan commits, so none it cuts short.
        replannable = tour.mobilized < scenario.settings.months - 1
        if cut and not replanned and replannable:
            # Ended where its unit or nation leaves, as a re-plan ends a tour in motion: said
            # so, not as a record to write, which the re-plan alone writes.
            message += (
                " (cut short at its last month, as only `forcegen replan` cuts a tour in "
                "motion, writing the record that excuses it: a fresh plan's tours are whole)"
            )
        elif cut and replanned:
            # Cut where it must end in a re-plan, yet not excused (one in motion would be,
            # and match): the planner sees why, not only that it is short.
            why = _not_in_motion(label, tour, replanned)
            message += f" (cut short where it must end, but {why})"
        # A tour in motion cut short by its unit's or nation's last month, or its region's
        # handover by decision: the end it may have is that month, not the full tour's,
        # which breaks availability (one before its start, none).
        lasts = last_months(scenario, unit, tour.region, tour.mobilized, tour.task)
        last = min(lasts, default=None)
        in_motion = column == "end" and tour.mobilized < replanned
        if in_motion and last is not None and tour.start <= last < tour.end:
            message += f", or {add_months(label, last)!r} cut short where it must end"
        found.append(Violation(rule, tour.unit, month, amount, message, (tour.source.row,), column))
    return found


def _no_redeployment(
    scenario: Scenario, tour: Tour, mobilized: int, months: Sequence[int], tours: Sequence[Tour]
) -> str:
    """Why a row whose written `mobilized_from` is `mobilized`, earlier than its own
    training gives, is no redeployment in theatre (`months`: the re-plan's), and what to
    write: said beside its plan-mismatch."""
    before = _cut_before(scenario, tour, tours, mobilized)
    if before is None:
        return (
            " (an earlier mobilized_from is a redeployment in theatre's alone, starting "
            "the month after a tour of its unit mobilized then is cut short: "
            "docs/rules.md, redeployed)"
        )
    own = add_months(scenario.settings.start, tour.mobilized)
    return (
        f" ({_too_early(scenario.settings.start, before, tour, months)}; as written it is "
        f"a call-up of its own: write {own!r}, or take the row out)"
    )


def _too_early(label: str, before: Tour, tour: Tour, months: Sequence[int]) -> str:
    """Why `tour`, starting the month after `before` ends cut short, does not go on with
    its call-up: no re-plan month (`months`) after `before` was mobilized comes by its
    start (`_may_go_on`)."""
    later = [f for f in months if f > before.mobilized]
    mobilized = add_months(label, before.mobilized)
    when = (
        f"the first re-plan after that tour was mobilized ({mobilized}) is from "
        f"{add_months(label, min(later))}"
        if later
        else f"no re-plan (replan.yaml) comes after that tour was mobilized ({mobilized})"
    )
    return (
        f"it starts in {add_months(label, tour.start)}, the month after its unit's tour cut "
        f"short at {add_months(label, before.end)}, but only a re-plan redeploys a unit in "
        f"theatre, from its month on, and {when} (docs/rules.md, redeployed)"
    )


def _marked(
    scenario: Scenario, tour: Tour, written: str, tours: Sequence[Tour], replanned: Sequence[int]
) -> str:
    """What to say of a row whose `redeployed_from` the rows do not make so: the marker is
    the planner's to read, never what makes a redeployment (docs/rules.md, redeployed)."""
    said = f"redeployed_from is {written!r}"
    if tour.came_from is not None:
        return (
            f"{said}, but its unit's tour cut short the month before, which it goes on from, "
            f"was {tour.came_from}: write that, or blank it"
        )
    said += ", but the row is no redeployment in theatre"
    label = scenario.settings.start
    before = [t for t in tours if t.unit == tour.unit and t.end == tour.start - 1]
    going_on = "".join(_going_on(scenario, t, tour, replanned, "on this row") for t in before)
    if going_on:
        return said + going_on + ", or blank redeployed_from"
    cut = [t for t in before if _cut_before(scenario, tour, tours, t.mobilized) is t]
    if cut:
        return f"{said}: {_too_early(label, cut[0], tour, replanned)}: blank it"
    return (
        f"{said}: no tour of its unit ends cut short in {add_months(label, tour.start - 1)}, "
        "the month before it starts, for it to go on from (docs/rules.md, redeployed): "
        "blank it"
    )


def _not_in_motion(label: str, tour: Tour, replanned: int) -> str:
    """Why a re-plan from `replanned` does not cut `tour` short: it is the re-plan's own,
    planned whole (docs/rules.md, curtailed)."""
    return (
        f"the re-plan from {add_months(label, replanned)} cuts short only a tour mobilized "
        f"before it, and this one is mobilized in {add_months(label, tour.mobilized)}"
    )


def _uncut(scenario: Scenario, tour: Tour, replanned: int) -> str:
    """What to say beside a re-plan's tour held past where it must end, its `end` not cut
    there: mobilized from the re-plan month on, why it may not be; in motion with no `end`
    written, or its full tour's, how it is (one written otherwise, tour-length says).
    Nothing outside a re-plan, nor for a tour that must end before it starts."""
    label = scenario.settings.start
    unit = scenario.unit_by_code[tour.unit]
    last = min(last_months(scenario, unit, tour.region, tour.mobilized, tour.task), default=None)
    if not replanned or last is None or last < tour.start:
        return ""
    if tour.mobilized >= replanned:
        return f"; {_not_in_motion(label, tour, replanned)}"
    if _written_at(scenario, tour.source, "end") in (None, tour.end):
        cut = add_months(label, last)
        return f"; a re-plan cuts a tour in motion short by its `end`: write {cut!r}"
    return ""


# Columns of a tour that are codes (or name them: where a redeployment came from): written
# otherwise, they differ by no measure.
CODE_COLUMNS = frozenset({"nation", "component", "type", "redeployed_from"})


def _how_far(column: str, written: str, expected: str) -> float:
    """How far a written column is from the implied one: months for a month (a written
    month that is none makes its row no tour: parse_assignments), people for personnel,
    1 for a code (a count, said without a measure: `Violation.by`)."""
    if column == "personnel":
        try:
            return abs(float(written) - float(expected))
        except ValueError:
            return 1.0
    if column in CODE_COLUMNS:
        return 1.0
    return float(abs(months_between(expected, parse_month(written))))


def _percent(share: float) -> str:
    """A share as the rule sets it (0.3659 is 36.59%, not the 37% it rounds to)."""
    return f"{share * 100:.10g}%"


def same_value(written: str, expected: str) -> bool:
    """A written number or month is the implied one however it is written (`300.0`,
    `2000-2`, `2000-02-01`); any other text as written."""
    if written == expected:
        return True
    for read in (float, parse_month):
        try:
            return read(written) == read(expected)
        except ValueError:
            continue
    return False


def _of_tour(rule: str, t: Tour, month: str, amount: float, message: str) -> Violation:
    """A violation by one tour, named by its unit and its row."""
    return Violation(rule, t.unit, month, amount, message, rows=(t.source.row,))


def _rows(tours: Iterable[Tour]) -> tuple[int, ...]:
    """The assignments.csv rows of the tours that together break a rule."""
    return tuple(t.source.row for t in tours)


def eligibility(
    scenario: Scenario, tours: list[Tour], replanned: Sequence[int] = ()
) -> Iterable[Violation]:
    """caveat-task, caveat-region (of nations.csv, or of caveats.csv in a month in theatre),
    caveat-risk, not-capable, no-demand (a tour mobilized before a re-plan month of
    `replanned` is committed: an event may have ended its demand, though only from that
    month on, so only a tour whose full tour reaches it)."""
    label, horizon = scenario.settings.start, scenario.settings.months
    wanted = demand_cells(scenario)
    for t in tours:
        full = tour_months(scenario, scenario.unit_by_code[t.unit], t.start)["end"]
        committed = any(t.mobilized < f <= full for f in replanned)
        nation = scenario.nation_by_code[t.nation]
        region = scenario.region_by_code[t.region]
        month = add_months(label, t.start)
        if t.task in nation.refused_tasks:
            yield _of_tour("caveat-task", t, month, 1, f"{t.nation} refuses {t.task}")
        if t.region in nation.refused_regions:
            yield _of_tour("caveat-region", t, month, 1, f"{t.nation} refuses {t.region}")
        # A caveat of caveats.csv, judged over the months in theatre (to the end written).
        end = held_to(scenario, t)
        for row, first, _ in scenario.caveats_in(t.nation, t.task, t.region, t.start, end):
            since = max(t.start, first)
            until = "on" if row.last is None else f"to {row.last}"
            cut = _uncut(scenario, t, max(replanned)) if replanned and first > t.mobilized else ""
            yield _of_tour(
                "caveat-task" if row.task else "caveat-region",
                t,
                add_months(label, since),
                1,
                f"in theatre from {add_months(label, since)}: {t.nation} refuses {row.refused} "
                f"from {row.first} {until} (caveats.csv){cut}",
            )
        if region.risk > nation.max_risk:
            yield _of_tour(
                "caveat-risk",
                t,
                month,
                region.risk - nation.max_risk,
                f"{t.region} is risk {region.risk}, {t.nation} accepts {nation.max_risk}",
            )
        if t.effective <= 0:
            yield _of_tour("not-capable", t, month, 1, f"{t.type} cannot do {t.task}")
        if not committed and not any((t.region, t.task, m) in wanted for m in t.counting(horizon)):
            message = f"no month it counts in asks for {t.task} in {t.region}"
            yield _of_tour("no-demand", t, month, 1, message)


def availability(scenario: Scenario, tours: list[Tour], replanned: int = 0) -> Iterable[Violation]:
    """availability: mobilized from the horizon, unit and nation start; ended by the
    unit's and nation's end (a start outside the horizon is bad input: `outside_horizon`);
    neither mobilized nor in theatre in a period unavailable.csv gives the unit.
    handed-over: out of a region before its handover by decision. `replanned`: a re-plan's
    month, for a tour held past its end to say whether it may be cut short (`_uncut`)."""
    label = scenario.settings.start
    units = scenario.unit_by_code
    declared = scenario.declared_handovers
    for t in tours:
        unit, nation = units[t.unit], scenario.nation_by_code[t.nation]
        ends = held_to(scenario, t)
        handed = declared.get(t.region)
        if handed is not None and ends >= handed:
            since = max(t.start, handed)
            yield _of_tour(
                "handed-over",
                t,
                add_months(label, since),
                ends - since + 1,
                f"in {t.region} from {add_months(label, since)}"
                f"{_as_written(label, t, ends)}: handed over to the domestic force in "
                f"{add_months(label, handed)} (regions.csv)" + _uncut(scenario, t, replanned),
            )
        # The first month it may be mobilized, and why: the latest of these.
        firsts = [(0, "the horizon's start")]
        if unit.available_from:
            reason = f"{t.unit}'s available_from in units.csv"
            firsts.append((scenario.month_index(unit.available_from), reason))
        if nation.join:
            firsts.append((scenario.month_index(nation.join), f"{t.nation}'s join in nations.csv"))
        first = max(month for month, _ in firsts)
        why_first = " and ".join(why for month, why in firsts if month == first)
        lasts = last_months(scenario, unit)
        early = first - t.mobilized
        # A tour redeployed in theatre was mobilized for the tour before it, judged there.
        if early > 0 and not t.continues:
            yield _of_tour(
                "availability",
                t,
                add_months(label, t.mobilized),
                early,
                f"mobilized {early} month(s) before it may be: its first month is "
                f"{add_months(label, first)} ({why_first})",
            )
        if lasts and ends > min(lasts):
            last = min(lasts)
            until = unit.available_until
            why = (
                f"{t.unit}'s available_until in units.csv"
                if until and scenario.month_index(until) == last
                else f"{t.nation}'s leave in nations.csv"
            )
            # Dated at the first month held past the last, as a breach over months is.
            gone = max(t.mobilized, last + 1)
            held = "in theatre" if gone >= t.start else "held (training or in theatre)"
            yield _of_tour(
                "availability",
                t,
                add_months(label, gone),
                ends - gone + 1,
                f"{held} {ends - gone + 1} month(s) after it must have left, from "
                f"{add_months(label, gone)}{_as_written(label, t, ends)}: its last month is "
                f"{add_months(label, last)} ({why})" + _uncut(scenario, t, replanned),
            )
        # Held (mobilized or in theatre) in a month unavailable.csv takes the unit out.
        held_from = t.start if t.continues else t.mobilized
        for period in scenario.unavailable_in(t.unit, held_from, ends):
            first, last = max(held_from, period[0]), min(ends, period[1])
            held = "in theatre" if first >= t.start else "held (training or in theatre)"
            # Only a tour mobilized before the period may be cut short before it.
            cut = _uncut(scenario, t, replanned) if period[0] > t.mobilized else ""
            yield _of_tour(
                "availability",
                t,
                add_months(label, first),
                last - first + 1,
                f"{held} {last - first + 1} month(s) while it is unavailable, "
                f"{add_months(label, period[0])}..{add_months(label, period[1])} "
                f"(unavailable.csv){cut}",
            )


def held_to(scenario: Scenario, tour: Tour) -> int:
    """The last month (offset) a tour holds its unit as its row has it: its `end` as
    written where that is before its full tour's, else its full tour's. A row written to
    end by a month it must be gone by left in time, its tour short (tour-length, said
    there), not also held past that month, as the full tour every other rule judges is;
    one written to end past it is held the months to that end (an end a month past a
    withdrawal had read as the full tour's overstay, 2 months where it holds 1)."""
    written = _written_at(scenario, tour.source, "end")
    return tour.end if written is None else min(tour.end, written)


def _as_written(label: str, tour: Tour, ends: int) -> str:
    """Where a tour held past a month it must be gone by is held to an `end` written
    before its full tour's (`ends`, `held_to`'s), that end and the full tour's beside it:
    the breach is measured to the end as written, its length wrong apart (tour-length)."""
    if ends >= tour.end:
        return ""
    return (
        f" to its end as written, {add_months(label, ends)} (its full tour's is "
        f"{add_months(label, tour.end)})"
    )


def rotation(
    scenario: Scenario,
    tours: list[Tour],
    stood_down: Mapping[str, list[int]] | None = None,
    replanned: Sequence[int] = (),
) -> Iterable[Violation]:
    """dwell (and one tour at a time), reserve-frequency, reserve-mobilization-length.
    `stood_down`: a re-plan's mobilizations, by unit, of tours events called off before
    they deployed (replan.yaml): each counts in its unit's reserve window, not in dwell.
    `replanned`: its months, from which a dwell short may be a redeployment written wrong."""
    label = scenario.settings.start
    by_unit: dict[str, list[Tour]] = defaultdict(list)
    for t in tours:
        by_unit[t.unit].append(t)
    for unit, own in by_unit.items():
        own.sort(key=lambda t: (t.mobilized, t.start))
        nation = scenario.nation_by_code[own[0].nation]
        dwell = scenario.dwell_of(scenario.unit_by_code[unit])
        # Every two tours, not only neighbours: of three on at once, the first and the
        # last still clash when the middle one is dropped.
        for before, after in combinations(own, 2):
            # Tours of one call-up, one redeployed in theatre after the other: no home between.
            if after.continues and after.mobilized == before.mobilized and before.end < after.start:
                continue
            home = after.mobilized - before.end - 1
            if home >= dwell:
                continue
            required = f"{dwell} required"
            message = f"{home} month(s) at home between tours, {required}"
            # A start moved onto another tour (a row written twice is bad input).
            if home < 0:
                ends = add_months(label, before.end)
                message = (
                    f"on two tours at once: mobilized before its tour ending {ends} ends, "
                    f"then {dwell} month(s) at home required"
                )
            message += _going_on(scenario, before, after, replanned)
            # One measure whether the tours overlap or not: how many months later the
            # second would have to be mobilized to keep the dwell.
            yield Violation(
                "dwell",
                unit,
                add_months(label, after.mobilized),
                dwell - home,
                message,
                rows=(before.source.row, after.source.row),
            )
        if own[0].component != "reserve" or nation.reserve_window_months is None:
            continue
        window, allowed = nation.reserve_window_months, nation.reserve_mobilizations or 1
        # A call-up stood down but deployed all the same (a tour of its unit mobilized
        # then) is that tour's, not one more: counted twice, it broke a window alone.
        calls = {t.mobilized for t in own if not t.continues}
        called_off = sorted(m for m in (stood_down or {}).get(unit, []) if m not in calls)
        named: list[set[int]] = []  # the mobilizations of each window already reported
        for first in sorted({*called_off, *(t.mobilized for t in own)}):
            # A tour redeployed in theatre is the call-up of the tour before it, not one more.
            inside = [t for t in own if first <= t.mobilized < first + window and not t.continues]
            off = [m for m in called_off if first <= m < first + window]
            rows = {t.source.row for t in inside}
            count = len(inside) + len(off)
            # A later window holding only mobilizations of one reported is the same breach.
            if count > allowed and inside and not any(rows <= earlier for earlier in named):
                named.append(rows)
                # Where the stand-down is on record (a run's replan.yaml, a re-plan's events)
                # is said beside the verdict, not in each violation.
                months = ", ".join(add_months(label, m) for m in off)
                also = f" (counting {len(off)} stood down before deploying, mobilized {months})"
                also = also if off else ""
                yield Violation(
                    "reserve-frequency",
                    unit,
                    add_months(label, first),
                    count - allowed,
                    f"{count} call-ups within {window} months, {allowed} allowed{also}",
                    rows=tuple(t.source.row for t in inside),
                )
        if nation.reserve_max_months is not None:
            yield from _mobilized_too_long(scenario, own, nation.reserve_max_months)


def _going_on(
    scenario: Scenario,
    before: Tour,
    after: Tour,
    replanned: Sequence[int],
    where: str = "on the later row",
) -> str:
    """What to say beside a dwell short where `after` starts the month after `before` ends
    cut short, a call-up of its own: written so, it would go on with `before`'s
    (docs/rules.md, redeployed), the planner not told how (`where`: the row to write it
    on, as the message names it). Nothing for any other pair, nor where no re-plan month
    (`replanned`) lets it go on (`_may_go_on`)."""
    unit = scenario.unit_by_code[before.unit]
    whole = before.mobilized + scenario.training_of(unit) + scenario.tour_of(unit) - 1
    if after.continues or after.start != before.end + 1 or before.end >= whole:
        return ""
    if not _may_go_on(before, after, replanned):
        return ""
    label = scenario.settings.start
    return (
        f"; to go on in theatre from its tour cut short at {add_months(label, before.end)} "
        f"(redeployed, docs/rules.md), write that tour's mobilized_from, "
        f"{add_months(label, before.mobilized)!r}, {where}"
    )


def _mobilized_too_long(scenario: Scenario, own: list[Tour], cap: int) -> Iterable[Violation]:
    """reserve-mobilization-length of a reserve unit's tours (by mobilization): months
    mobilized in a row, at most `cap`. A call-up by the month after a tour ends (no
    dwell, or tours at once, dwell's breach) keeps the unit mobilized: the two are one
    mobilization, however each is written."""
    chains: list[list[Tour]] = []
    for tour in own:
        # Against the chain's latest end, not its last tour's: a call-up overlapping the
        # one before had started a stretch of its own, and 14 months in a row went unsaid.
        if chains and tour.mobilized <= max(t.end for t in chains[-1]) + 1:
            chains[-1].append(tour)
        else:
            chains.append([tour])
    for chain in chains:
        length = max(t.end for t in chain) - chain[0].mobilized + 1
        if length <= cap:
            continue
        called = sum(not t.continues for t in chain)
        calls = f" ({called} call-ups, no month at home between)" if called > 1 else ""
        yield Violation(
            "reserve-mobilization-length",
            chain[0].unit,
            add_months(scenario.settings.start, chain[0].mobilized),
            length - cap,
            f"mobilized {length} months in a row, at most {cap}{calls}",
            rows=tuple(t.source.row for t in chain),
        )


def deployed(
    scenario: Scenario, tours: list[Tour], reserve_only: bool = False
) -> dict[tuple[str, int], float]:
    """Personnel in theatre per nation and month."""
    present: dict[tuple[str, int], float] = defaultdict(float)
    for t in tours:
        if reserve_only and t.component != "reserve":
            continue
        for month in t.in_theatre(scenario.settings.months):
            present[(t.nation, month)] += t.personnel
    return present


def nations(
    scenario: Scenario, spec: ModelSpec, tours: list[Tour], replanned: Sequence[int] = ()
) -> Iterable[Violation]:
    """ceiling, reserve-share (where hard). In a re-plan, from each of its months
    `replanned` (a re-plan of a re-plan's earlier ones too) on, the reserve share may be
    exceeded by as much as the tours mobilized before that month alone exceed it: events
    end active tours from the re-plan month on, never before it."""
    label = scenario.settings.start
    present = deployed(scenario, tours)
    reserve = deployed(scenario, tours, reserve_only=True)
    # Personnel and reserves the tours committed by each re-plan month put in theatre: a
    # tour redeployed in theatre from it on is the re-plan's, though mobilized before.
    committed = {
        f: (deployed(scenario, kept), deployed(scenario, kept, reserve_only=True))
        for f in replanned
        if (kept := [t for t in tours if t.mobilized < f and not (t.continues and t.start >= f)])
    }
    horizon = scenario.settings.months

    def there(nation: str, t: int, reserve_only: bool = False) -> tuple[int, ...]:
        return _rows(
            tour
            for tour in tours
            if tour.nation == nation
            and t in tour.in_theatre(horizon)
            and (tour.component == "reserve" or not reserve_only)
        )

    for (nation, t), people in sorted(present.items()):
        month = add_months(label, t)
        limit = scenario.ceiling_at(nation, month)
        # Head counts are whole: no tolerance, however large the ceiling.
        if spec.rules.ceiling == "hard" and (excess := max(0.0, people - limit)):
            yield Violation(
                "ceiling",
                nation,
                month,
                excess,
                f"{people:,.0f} in theatre, ceiling {limit:,}",
                rows=there(nation, t),
            )
        share = scenario.nation_by_code[nation].reserve_max_share
        if share is not None and spec.rules.reserve_share == "hard":
            # Excused by the latest re-plan month by then (none before the first).
            since = max((f for f in replanned if f <= t), default=0)
            everyone, reserves = committed.get(since, ({}, {}))
            excused = max(
                0.0, reserves.get((nation, t), 0.0) - share * everyone.get((nation, t), 0.0)
            )
            excess = over(reserve.get((nation, t), 0.0), share * people + excused, ROUNDING)
            if excess:
                yield Violation(
                    "reserve-share",
                    nation,
                    month,
                    excess,
                    f"reserves over {_percent(share)} of {people:,.0f} in theatre",
                    rows=there(nation, t, reserve_only=True),
                )


def tour_cost(scenario: Scenario, t: Tour, until: int | None = None) -> dict[int, float]:
    """One tour's cost by fiscal year: personnel months in the horizon's fiscal years, those
    after its end too (a tour mobilized is paid for whole), plus rotation; `until`: its
    months before that one only."""
    label, horizon = scenario.settings.start, scenario.settings.months
    nation = scenario.nation_by_code[t.nation]
    spent: dict[int, float] = defaultdict(float)
    for month in t.in_theatre(scenario.spending_months if until is None else until):
        spent[scenario.fiscal_year_of(add_months(label, month))] += (
            t.personnel * nation.cost_per_person_month
        )
    # A tour redeployed in theatre rotates with the tour it continues.
    if 0 <= t.start < horizon and not t.continues:
        year = scenario.fiscal_year_of(add_months(label, t.start))
        spent[year] += t.personnel * nation.rotation_cost_per_person
    return spent


def costs(scenario: Scenario, tours: list[Tour]) -> dict[tuple[str, int], float]:
    """Cost per nation and fiscal year."""
    spent: dict[tuple[str, int], float] = defaultdict(float)
    for t in tours:
        for year, cost in tour_cost(scenario, t).items():
            spent[(t.nation, year)] += cost
    return spent


def _past_the_horizon(scenario: Scenario, tours: list[Tour]) -> dict[tuple[str, int], float]:
    """What the tours spend, by nation and fiscal year, in their months after the horizon's
    end that its last fiscal year still holds (`Scenario.spending_months`)."""
    spent: dict[tuple[str, int], float] = defaultdict(float)
    for t in tours:
        inside = tour_cost(scenario, t, until=scenario.settings.months)
        for year, cost in tour_cost(scenario, t).items():
            spent[(t.nation, year)] += cost - inside.get(year, 0.0)
    return spent


def budgets(scenario: Scenario, spec: ModelSpec, tours: list[Tour]) -> Iterable[Violation]:
    """budget per nation and fiscal year; total-budget (where hard)."""
    if spec.rules.budget != "hard":
        return
    spent = costs(scenario, tours)
    past_end = _past_the_horizon(scenario, tours)
    for (nation, year), cost in sorted(spent.items()):
        budget = scenario.budget_for(nation, year)
        if budget is not None and (excess := overspent(cost, budget)):
            # Months no table of the plan shows (deployed, coverage end with the horizon).
            tail = over(past_end.get((nation, year), 0.0), 0.0)
            after = f", {_money(tail)} of it after the horizon's end" if tail else ""
            yield Violation(
                "budget",
                nation,
                f"FY{year}",
                excess,
                "spends {} of {}".format(*apart(cost, budget, _money)) + after,
                rows=_rows(
                    t for t in tours if t.nation == nation and year in tour_cost(scenario, t)
                ),
            )
    cap = spec.mission.total_budget
    if cap is not None and (excess := overspent(sum(spent.values()), cap)):
        said = "costs {} against a total budget of {}".format(
            *apart(sum(spent.values()), cap, _money)
        )
        yield Violation("total-budget", "mission", None, excess, said)


def _money(value: float) -> str:
    """Money as a budget's figures are read: whole units, but for money written in
    thousands or millions, whose fractions are where a breach lies (26.4 of 26)."""
    return f"{value:,.0f}" if abs(value) >= 1000 else figure(value)


def coalition(scenario: Scenario, spec: ModelSpec, tours: list[Tour]) -> Iterable[Violation]:
    """lead-share, nations-per-region, nations-per-sector, min-nations (each where set and
    hard)."""
    rules, rule_set = spec.rules, spec.coalition
    share, lead = rule_set.lead_min_share, scenario.lead
    if share is not None and lead is not None and rules.lead_share == "hard":
        present = deployed(scenario, tours)
        total = sum(present.values())
        own = sum(v for (n, _), v in present.items() if n == lead.nation)
        if excess := over(share * total, own, ROUNDING):
            yield Violation(
                "lead-share",
                lead.nation,
                None,
                excess,
                f"{own:,.0f} of {total:,.0f} person-months, below {_percent(share)}",
            )
    # Counted at once, the nations a month has there; else every one the horizon has.
    months = scenario.months if rule_set.nations_counted == "at-once" else None
    limit = rule_set.max_nations_per_region
    if limit is not None and rules.nations_per_region == "hard":
        yield from _too_many_nations("nations-per-region", tours, limit, lambda t: t.region, months)
    limit = rule_set.max_nations_per_sector
    if limit is not None and rules.nations_per_sector == "hard":
        sector_of = scenario.sector_of
        yield from _too_many_nations(
            "nations-per-sector", tours, limit, lambda t: sector_of[t.region], months
        )
    least = rule_set.min_nations
    if least is not None and rules.min_nations == "hard":
        count = len({t.nation for t in tours})
        if count < least:
            said = (
                f"{count} {'nation serves' if count == 1 else 'nations serve'}, at least "
                f"{least} required"
            )
            # The part no plan mends said as the scenario's, which the objective leaves
            # out: under a heading of soft breaches "priced in the objective", the warning
            # above it had said it was not.
            if (lacking := least - len(scenario.nations)) > 0:
                said += (
                    f"; the scenario has {len(scenario.nations)}, so {lacking} of it is the "
                    "scenario's breach, in every plan, which the objective does not price"
                )
            yield Violation("min-nations", "mission", None, least - count, said)


def _too_many_nations(
    rule: str,
    tours: list[Tour],
    limit: int,
    place: Callable[[Tour], str],
    months: Sequence[str] | None = None,
) -> Iterable[Violation]:
    """More than `limit` nations serving in one place (a region, a sector) over the
    horizon or, given the horizon's `months`, in theatre there in one month."""
    serving: dict[tuple[str, str | None], dict[str, list[Tour]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for t in tours:
        when = [None] if months is None else [months[m] for m in t.in_theatre(len(months))]
        for month in when:
            serving[(place(t), month)][t.nation].append(t)
    for (where, month), members in sorted(serving.items(), key=lambda i: (i[0][0], i[0][1] or "")):
        if len(members) > limit:
            # The rows named are the fewest tours whose move would keep the rule: those of
            # the nations with the fewest tours there beyond the `limit` with most.
            ranked = sorted(members, key=lambda n: (-len(members[n]), n))
            beyond = sorted(ranked[limit:])
            there = " in theatre at once" * (month is not None)
            yield Violation(
                rule,
                where,
                month,
                len(members) - limit,
                f"{len(members)} nations {sorted(members)}{there}, at most {limit}: the "
                f"fewest tours to move are those of {', '.join(beyond)}",
                rows=_rows(t for n in beyond for t in members[n]),
            )


def end_date(scenario: Scenario, spec: ModelSpec, tours: list[Tour]) -> Iterable[Violation]:
    """end-date: no tour in theatre after the mission's end-date."""
    if spec.mission.end != "end-date" or spec.mission.end_date is None:
        return
    label, last = scenario.settings.start, scenario.month_index(spec.mission.end_date)
    for t in tours:
        # As availability judges a last month (`held_to`).
        ends = held_to(scenario, t)
        if ends > last:
            # Dated at its first month past the end-date, as availability dates its breach:
            # a tour's last month named it as no row of the plan does.
            past = max(t.start, last + 1)
            yield _of_tour(
                "end-date",
                t,
                add_months(label, past),
                ends - past + 1,
                f"in theatre {ends - past + 1} month(s) after the end-date "
                f"{spec.mission.end_date},"
                + (_as_written(label, t, ends) or f" to {add_months(label, t.end)}"),
            )


def trainers(scenario: Scenario, tours: list[Tour]) -> list[float]:
    """Effective trainers on constabulary training in each month, all regions together."""
    counted = [0.0] * scenario.settings.months
    for t in tours:
        if t.task == TRAINING_TASK:
            for month in t.counting(scenario.settings.months):
                counted[month] += t.effective
    return counted


def international(
    scenario: Scenario, tours: list[Tour]
) -> dict[tuple[str, str, int], dict[str, float]]:
    """Effective personnel per region, task and month, by nation."""
    cells: dict[tuple[str, str, int], dict[str, float]] = defaultdict(dict)
    for t in tours:
        for month in t.counting(scenario.settings.months):
            cell = cells[(t.region, t.task, month)]
            cell[t.nation] = cell.get(t.nation, 0.0) + t.effective
    return cells


def apart(first: float, second: float, show: Callable[[float], str] = figure) -> tuple[str, str]:
    """Two figures a rule finds apart beyond the tolerance, as `show` writes them, or with
    the digits that tell them apart where it writes them alike (100.01 and 100 to one
    decimal): a breach said between two equal figures reads as none."""
    shown = show(first), show(second)
    if shown[0] == shown[1]:
        return f"{first:,.10g}", f"{second:,.10g}"
    return shown


def _mismatch(
    entity: str,
    month: str,
    column: str,
    written: Any,
    expected: float,
    file: str,
    row: int,
    against: str = "recomputed",
    tolerance: float = TOLERANCE,
) -> Violation | None:
    """A table-mismatch where a written number, at `row` of `file`, differs from the
    recomputed one (or, `against` saying whose, one the scenario gives) beyond
    `tolerance` (`differs`)."""
    if not (gap := differs(float(written), expected, tolerance)):
        return None
    shown = apart(float(written), expected)
    return Violation(
        "table-mismatch",
        entity,
        month,
        gap,
        f"{column} is {shown[0]}, {against} {shown[1]}",
        rows=(row,),
        column=column,
        file=file,
    )


Cell = tuple[str, str, int]  # region, task, month offset


@dataclass(frozen=True)
class CoverageRows:
    """coverage.csv's rows inside the horizon, by (region, task, month), read once for
    every rule that needs them, and each one's number in the file; `written` is False
    when the plan has no coverage.csv."""

    rows: dict[Cell, dict[Any, Any]]
    written: bool
    numbers: dict[Cell, int]

    def heads(self, cell: Cell) -> float:
        """Domestic personnel the plan puts on a cell (0 without a row)."""
        row = self.rows.get(cell)
        return 0.0 if row is None else float(row.get("domestic", 0.0))

    def where(self, *cells: Cell) -> dict[str, Any]:
        """Where a violation of the cells' `domestic` column is: their rows of coverage.csv
        (nowhere, for cells it has no row of)."""
        rows = tuple(self.numbers[c] for c in cells if c in self.numbers)
        return {"rows": rows, "column": "domestic", "file": COVERAGE} if rows else {}


def coverage_rows(scenario: Scenario, coverage: pd.DataFrame | None) -> CoverageRows:
    """coverage.csv by cell, its cells judged already (`fileformat.domestic_part`: each
    one known, inside the horizon, written once)."""
    index = {month: t for t, month in enumerate(scenario.months)}
    numbers, rows = {}, {}
    for number, row in [] if coverage is None else numbered(coverage):
        cell = (str(row["region"]), str(row["task"]), index[str(row["month"])])
        numbers[cell], rows[cell] = number, row
    return CoverageRows(rows, coverage is not None, numbers)


def employed(scenario: Scenario, coverage: CoverageRows) -> tuple[list[float], list[Violation]]:
    """Domestic personnel on tasks per month (coverage.csv `domestic`, 0 or more), with
    domestic-task violations."""
    force = scenario.settings.domestic
    by_month = [0.0] * scenario.settings.months
    found = []
    for region, task, t in sorted(coverage.rows):
        heads = coverage.heads((region, task, t))
        by_month[t] += heads
        cell, month = f"{region}/{task}", scenario.months[t]
        if heads > TOLERANCE and task not in force.tasks:
            found.append(
                Violation(
                    "domestic-task",
                    cell,
                    month,
                    heads,
                    f"the domestic force may not take {task}",
                    **coverage.where((region, task, t)),
                )
            )
    return by_month, found


@dataclass(frozen=True)
class _DomesticRows:
    """domestic.csv's rows by month, each month written once and inside the horizon
    (`fileformat.domestic_part`), and each one's number in the file."""

    rows: dict[str, dict[Any, Any]]
    numbers: dict[str, int]

    def at(self, month: str, column: str | None) -> dict[str, Any]:
        """Where a violation of the month's row is: its row and `column` of domestic.csv."""
        if month not in self.rows:
            return {}
        return {"rows": (self.numbers[month],), "column": column, "file": DOMESTIC}


def _domestic_rows(table: pd.DataFrame | None) -> _DomesticRows:
    """domestic.csv by month: no rows without one."""
    numbers, rows = {}, {}
    for number, row in [] if table is None else numbered(table):
        numbers[str(row["month"])], rows[str(row["month"])] = number, row
    return _DomesticRows(rows, numbers)


@dataclass(frozen=True)
class _ForceMonth:
    """One month of the domestic force as its recruits and the plan's tours make it."""

    t: int  # month offset
    month: str
    recruits: float
    in_training: float
    taught: float  # the trainees who need trainers: none enrolled before a re-plan month
    graduates: float
    attrition: float
    strength: float
    trainers: float
    employed: float  # on tasks, by coverage.csv


def _over_employed(
    now: _ForceMonth, coverage: CoverageRows, written: _DomesticRows
) -> Violation | None:
    """employment: no more domestic officers on tasks than the force's strength."""
    if not (excess := over(now.employed, now.strength)):
        return None
    # The coverage.csv cells that employ them, where they are a handful; else the
    # month's total in domestic.csv.
    cells = [c for c in sorted(coverage.rows) if c[2] == now.t and coverage.heads(c) > TOLERANCE]
    where = (
        coverage.where(*cells)
        if len(cells) <= HANDFUL
        else written.at(
            now.month, "employed" if "employed" in written.rows.get(now.month, {}) else None
        )
    )
    heads, of = apart(now.employed, now.strength, lambda v: f"{v:,.1f}")
    return Violation(
        "employment",
        "domestic",
        now.month,
        excess,
        f"{heads} domestic officers employed of {of}",
        **where,
    )


def _intake(scenario: Scenario, now: _ForceMonth, written: _DomesticRows) -> Iterable[Violation]:
    """recruits, academy, trainers: the month's recruits within the intake, its trainees
    within the academy's capacity (academy.csv's where it gives the month's) and the
    trainers' reach."""
    force = scenario.settings.domestic
    capacity = scenario.academy_capacities[now.t]
    whose = " by academy.csv" if capacity != force.academy_capacity else ""
    # On the recruits the table gives: none in a month it leaves out, which still has the
    # trainees of the months before.
    rules = [
        (
            "recruits",
            over(now.recruits, force.recruits_per_month),
            "{} recruits, from 0 to {} a month".format(
                *apart(now.recruits, force.recruits_per_month)
            ),
            "recruits",
        ),
        (
            "academy",
            over(now.in_training, capacity),
            "{} trainees in an academy that holds {}{}".format(
                *apart(now.in_training, capacity, lambda v: f"{v:,.1f}"), whose
            ),
            "in_training",
        ),
        (
            "trainers",
            over(now.taught, teach := force.trainees_per_trainer * now.trainers),
            "{} trainees for {:,.1f} effective trainers, who teach {} at {:g} each".format(
                (taught := apart(now.taught, teach, lambda v: f"{v:,.1f}"))[0],
                now.trainers,
                taught[1],
                force.trainees_per_trainer,
            ),
            "in_training",
        ),
    ]
    for rule, amount, text, column in rules:
        if amount:
            where = written.at(now.month, column)
            yield Violation(rule, "domestic", now.month, amount, text, **where)


def _written_month(now: _ForceMonth, written: _DomesticRows) -> Iterable[Violation]:
    """course, strength, table-mismatch: the month's row of domestic.csv against what its
    recruits and the plan's tours recompute to; a month without a row is a strength one."""
    if now.month not in written.rows:
        message = "the domestic table has no row for this month: no recruits taken"
        # A row missing, no officers: "(by 1)" read as the strength off by one officer.
        yield Violation("strength", "domestic", now.month, 1, message, measured=False)
        return
    row = written.rows[now.month]
    derived = [
        (
            "course",
            differs(float(row["in_training"]), now.in_training),
            "in_training is {}, recomputed {}".format(
                *apart(float(row["in_training"]), now.in_training)
            ),
            "in_training",
        ),
        (
            "strength",
            differs(float(row["strength"]), now.strength),
            "strength is {}, recomputed {}".format(*apart(float(row["strength"]), now.strength)),
            "strength",
        ),
    ]
    for rule, amount, text, column in derived:
        if amount:
            where = written.at(now.month, column)
            yield Violation(rule, "domestic", now.month, amount, text, **where)
    recomputed = {
        "graduates": now.graduates,
        "attrition": now.attrition,
        "trainers": now.trainers,
        "employed": now.employed,
    }
    number = written.numbers[now.month]
    for column, expected in recomputed.items():
        if column in row and (
            bad := _mismatch("domestic", now.month, column, row[column], expected, DOMESTIC, number)
        ):
            yield bad


def domestic(
    scenario: Scenario,
    tours: list[Tour],
    table: pd.DataFrame | None,
    coverage: CoverageRows,
    replanned: tuple[int, ...] = (),
) -> Iterable[Violation]:
    """recruits, course, academy, trainers, strength, employment, domestic-task.

    Without a domestic.csv no one is recruited: the officers the plan may employ are the
    initial strength, worn down by attrition. `replanned`: a re-plan's months; trainees
    enrolled before one need no trainers after it.
    """
    force = scenario.settings.domestic
    course = force.course_months
    written = _domestic_rows(table)
    teachers = trainers(scenario, tours)
    recruits = [
        float(written.rows[m]["recruits"]) if m in written.rows else 0.0 for m in scenario.months
    ]
    strength = float(force.initial_strength)
    on_tasks, found = employed(scenario, coverage)
    yield from found
    for t, month in enumerate(scenario.months):
        since = max((f for f in replanned if f <= t), default=0)
        graduates = recruits[t - course] if t >= course else 0.0
        attrition = force.attrition_per_month * strength
        strength = strength - attrition + graduates
        now = _ForceMonth(
            t,
            month,
            recruits[t],
            in_training=sum(recruits[max(0, t - course + 1) : t + 1]),
            taught=sum(recruits[max(0, t - course + 1, since) : t + 1]),
            graduates=graduates,
            attrition=attrition,
            strength=strength,
            trainers=teachers[t],
            employed=on_tasks[t],
        )
        if breach := _over_employed(now, coverage, written):
            yield breach
        yield from _intake(scenario, now, written)
        if table is not None:
            yield from _written_month(now, written)


def demand_cells(scenario: Scenario) -> set[Cell]:
    """Every (region, task, month) of the horizon with demand."""
    return set(scenario.demand_by_cell)


def coverage_table(
    scenario: Scenario,
    spec: ModelSpec,
    tours: list[Tour],
    coverage: CoverageRows,
    handed: dict[str, int],
) -> Iterable[Violation]:
    """table-mismatch of coverage.csv's columns; coverage-floor on every month with demand
    (without coverage.csv, or a row of it, the domestic force covers nothing there)."""
    cells = international(scenario, tours)
    effectiveness = scenario.settings.domestic.effectiveness
    floor = spec.mission.coverage_floor
    present = {key for key, by_nation in cells.items() if sum(by_nation.values()) > 0}
    for key in sorted(demand_cells(scenario) | present | set(coverage.rows)):
        region, task, t = key
        month = scenario.months[t]
        entity = f"coverage {region}/{task}"
        by_nation = cells.get(key, {})
        mine = sum(by_nation.values())
        demand = scenario.demand_at(region, task, month)
        need = (
            0.0
            if scenario.ends_at_handover(task) and t >= handed.get(region, scenario.settings.months)
            else demand
        )
        heads = coverage.heads(key)
        short = max(0.0, need - mine - effectiveness * heads)
        row = coverage.rows.get(key)
        if row is None and coverage.written:
            yield Violation(
                "table-mismatch",
                entity,
                month,
                max(mine, need),
                "the coverage table has no row for a month with demand or tours: no "
                "domestic officers taken as employed there",
            )
        if row is not None:
            recomputed = {
                "international": mine,
                "shortfall": short,
                "demand": need,
                "domestic_effective": effectiveness * heads,
            }
            recomputed |= {
                str(column): by_nation.get(str(column).removeprefix(BY_NATION), 0.0)
                for column in row
                if str(column).startswith(BY_NATION)
            }
            # A run written before the column was the demand in force gives the scenario's
            # demand where constabulary training has ended: a label, not a wrong plan.
            if need != demand and "demand" in row and not differs(float(row["demand"]), demand):
                recomputed["demand"] = demand
            for column, expected in recomputed.items():
                if column in row and (
                    bad := _mismatch(
                        entity,
                        month,
                        column,
                        row[column],
                        expected,
                        COVERAGE,
                        coverage.numbers[key],
                    )
                ):
                    yield bad
        if (
            floor is not None
            and spec.rules.coverage_floor == "hard"
            and (excess := over(short, (1 - floor) * need))
        ):
            yield Violation(
                "coverage-floor",
                f"{region}/{task}",
                month,
                excess,
                # What it covers too: "less than 50% of 90" left the planner to work out
                # how far, of a figure the coverage table gives.
                f"covers {figure(need - short)} of {figure(need)}, less than {_percent(floor)}",
                **coverage.where(key),
            )


def cost_table(scenario: Scenario, tours: list[Tour], table: pd.DataFrame) -> Iterable[Violation]:
    """table-mismatch of costs.csv against the cost recomputed from the tours, a nation and
    year that spends included, and its budget, where written, against the scenario's."""
    spent = costs(scenario, tours)
    past_end = _past_the_horizon(scenario, tours)
    written = set()
    for number, row in numbered(table):
        key = (str(row["nation"]), int(row["fiscal_year"]))
        written.add(key)
        entity, label = f"costs {key[0]}", f"FY{key[1]}"
        expected = spent.get(key, 0.0)
        # Money to a billionth, the tours' prices summed: a millionth let a cost of 2,925,000
        # written 2,924,999 pass.
        cost = row["cost"]
        if bad := _mismatch(entity, label, "cost", cost, expected, COSTS, number, tolerance=MONEY):
            tail = past_end.get(key, 0.0)
            if tail and not differs(float(cost), expected - tail, MONEY):
                # A run written before tours past the horizon were paid for whole.
                why = (
                    f"{bad.message}: written under the earlier rule, which left out the "
                    f"{tail:,.0f} its tours spend after the horizon's end (docs/rules.md, "
                    "budget); solve or evaluate the plan again"
                )
                bad = replace(bad, message=why)
            yield bad
        if "budget" in row and (bad := _budget_mismatch(scenario, key, row["budget"], number)):
            yield bad
    for (nation, year), mine in sorted(spent.items()):
        if (nation, year) not in written and differs(0.0, mine, MONEY):
            yield Violation(
                "table-mismatch",
                f"costs {nation}",
                f"FY{year}",
                mine,
                f"the costs table has no row for a year that costs {mine:,.2f}",
            )


def _budget_mismatch(
    scenario: Scenario, key: tuple[str, int], written: float, row: int
) -> Violation | None:
    """A table-mismatch where costs.csv's budget of a nation's fiscal year, at `row`, is
    not the scenario's (blank, NaN, where it has none): a planner reading the table against
    a budget of their own would take the plan to keep, or break, a cap it is not held to.
    By how far it is from the scenario's; a blank one by the budget missing, as a row
    missing from a table is by its value; one where the scenario has none (or a blank for
    a budget of 0) by 1, a value too many or missing, unmeasured: a cap of 0 is no nearer
    none than a cap of a billion."""
    entity, label = f"costs {key[0]}", f"FY{key[1]}"
    budget = scenario.budget_for(*key)
    theirs = "the scenario's is"
    if budget is not None and not math.isnan(written):
        return _mismatch(entity, label, "budget", written, budget, COSTS, row, theirs, MONEY)
    if budget is None and math.isnan(written):
        return None
    if budget is not None:
        message, amount = f"budget is blank, {theirs} {figure(budget)}", budget
    else:
        message, amount = f"budget is {figure(written)}, the scenario has none", 0.0
    return Violation(
        "table-mismatch",
        entity,
        label,
        amount or 1.0,
        message,
        (row,),
        "budget",
        COSTS,
        measured=bool(amount),
    )


def handover_cells(table: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    """Where a violation of a region's handover month is: its row of handover.csv, by
    region (each named once, `fileformat.domestic_part`)."""
    rows = [] if table is None else numbered(table)
    return {
        str(row["region"]): {"rows": (number,), "column": "month", "file": HANDOVER}
        for number, row in rows
    }


def _by_plan(scenario: Scenario, handed: dict[str, int]) -> dict[str, int]:
    """The handovers of `handed` the plan made, not a decision's: one in or after its
    region's month by decision (late is handover-declared) asks nothing of the domestic
    force or the coalition."""
    declared, horizon = scenario.declared_handovers, scenario.settings.months
    return {region: t for region, t in handed.items() if t < declared.get(region, horizon)}


def presence(scenario: Scenario, tours: list[Tour], handed: dict[str, int]) -> Iterable[Violation]:
    """handover-presence: no tour in a region from the month the plan hands it over on."""
    label, horizon = scenario.settings.start, scenario.settings.months
    for region, month in sorted(_by_plan(scenario, handed).items()):
        for t in tours:
            # As to a handover by decision: a row written to end before it left in time.
            ends = held_to(scenario, t)
            if t.region == region and ends >= month:
                # The tour's months in theatre from the handover on, whether it was there
                # before it or came after.
                first = max(t.start, month)
                if t.start < month:
                    how = "stays after the handover"
                elif t.start == month:
                    how = "arrives in the handover month"
                else:
                    how = f"arrives after the handover, in {add_months(label, t.start)}"
                yield Violation(
                    "handover-presence",
                    region,
                    add_months(label, month),
                    min(ends, horizon - 1) - first + 1,
                    f"{t.unit} {how}{_as_written(label, t, ends)}",
                    rows=(t.source.row,),
                )


def handover_order(
    scenario: Scenario,
    handed: dict[str, int],
    replanned: int,
    cells: Mapping[str, dict[str, Any]],
) -> Iterable[Violation]:
    """handover-order (mission.handover_order: calm-first): a region the plan hands over
    in h_r has every calmer region (a lower risk) handed over by h_r. One handed over by
    decision, or before the re-plan month `replanned` (history), is not the plan's and is
    judged by no order. A calmer region is handed over by the earlier of the plan's month
    and its month by decision, as the model fixes it from then whatever the plan says (one
    the plan leaves late is handover-declared, not also out of order)."""
    label, horizon = scenario.settings.start, scenario.settings.months
    risk = {r.region: r.risk for r in scenario.regions}
    declared = scenario.declared_handovers
    held = {q: min(handed.get(q, horizon), declared.get(q, horizon)) for q in risk}
    for region, month in sorted(_by_plan(scenario, handed).items()):
        if month < replanned:
            continue
        later = sorted(q for q in risk if risk[q] < risk[region] and held[q] > month)
        if not later:
            continue
        named = ", ".join(
            f"{q} (risk {risk[q]}, {add_months(label, held[q]) if held[q] < horizon else 'never'})"
            for q in later
        )
        yield Violation(
            "handover-order",
            region,
            add_months(label, month),
            max(held[q] for q in later) - month,
            f"risk {risk[region]}, handed over before calmer {named}: the model hands calm "
            "regions over first (mission.handover_order: calm-first)",
            **cells.get(region, {}),
        )


def handover(
    scenario: Scenario,
    spec: ModelSpec,
    tours: list[Tour],
    handed: dict[str, int],
    coverage: CoverageRows,
    replanned: int = 0,
    cells: Mapping[str, dict[str, Any]] | None = None,
) -> Iterable[Violation]:
    """handover-declared, handover-presence, handover-order, handover-coverage (end-state
    missions). A
    handover before the re-plan month `replanned` is history, made under the rules of its
    day: it may come before K months of the horizon. `cells`: handover.csv's row of each
    region (`handover_cells`), for a violation of its month to name."""
    written = cells or {}
    label, horizon = scenario.settings.start, scenario.settings.months
    shadow = spec.mission.handover_months
    effectiveness = scenario.settings.domestic.effectiveness
    declared = scenario.declared_handovers
    for region, decided in sorted(declared.items()):
        month = handed.get(region)
        if decided < horizon and (month is None or month > decided):
            yield Violation(
                "handover-declared",
                region,
                add_months(label, decided),
                (horizon if month is None else month) - decided,
                f"handed over to the domestic force in {add_months(label, decided)} by "
                f"decision (regions.csv handed_over); the plan says "
                f"{'never' if month is None else add_months(label, month)}",
                **written.get(region, {}),
            )
    yield from presence(scenario, tours, handed)
    if spec.mission.handover_order == "calm-first":
        yield from handover_order(scenario, handed, replanned, written)
    for region, month in sorted(_by_plan(scenario, handed).items()):
        if replanned <= month < shadow:
            yield Violation(
                "handover-coverage",
                region,
                add_months(label, month),
                shadow - month,
                f"handed over before the domestic force has held it alone for {shadow}"
                " month(s) of the horizon",
                **written.get(region, {}),
            )
        # Named by the handover month, for a planner who moved it to see why.
        alone = f"from {shadow} month(s) before its handover in {add_months(label, month)} on"
        for offset in range(max(0, month - shadow), horizon):
            current = add_months(label, offset)
            for task in scenario.task_by_code:
                if scenario.ends_at_handover(task):
                    continue
                need = scenario.demand_at(region, task, current)
                held = effectiveness * coverage.heads((region, task, offset))
                if need and (excess := over(need, held)):
                    # In officers too, the figure a planner types in coverage's domestic
                    # column: "by 101" is in effective personnel, 169 officers at 0.6.
                    officers = figure(excess / effectiveness) if effectiveness else "no"
                    said = (
                        f"the domestic force alone must cover the {figure(need)} effective "
                        f"personnel needed {alone}, and covers {figure(held)}: {officers} "
                        "domestic officer(s) more"
                    )
                    yield Violation(
                        "handover-coverage",
                        f"{region}/{task}",
                        current,
                        excess,
                        said,
                        **coverage.where((region, task, offset)),
                    )
