"""The independent plan checker: judges a plan from the scenario and its CSV files alone.

It never imports the optimizer (`forcegen.model`, `forcegen.plan`, `forcegen.solve`,
`forcegen.run`): every rule of docs/rules.md is re-derived here, so it can judge the
solver's plans and a planner's hand-made ones alike, and a bug in the model cannot hide
behind the same bug in its judge.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import pandas as pd

from forcegen.checker import rules
from forcegen.checker.rules import Violation, in_runs
from forcegen.fileformat import (
    DomesticPart,
    PlanGiven,
    cost_problems,
    coverage_problems,
    domestic_part,
    held_name,
    held_problem,
    held_tables,
    parse_assignments,
    parse_tables,
    plan_on_disk,
    read_replanned,
    read_stood_down,
)
from forcegen.months import add_months
from forcegen.scenario.load import as_scenario
from forcegen.scenario.problems import (
    Problem,
    ScenarioError,
    errors,
    in_reading_order,
    index_label,
)
from forcegen.scenario.scenario import Scenario
from forcegen.shown import figure
from forcegen.spec import ModelSpec, Rules, load_spec

__all__ = [
    "AS_DECIDED",
    "SOFT_BREACHES",
    "CheckReport",
    "Violation",
    "check_plan",
    "plan_input_problems",
]


@dataclass
class CheckReport:
    """Violations of hard rules (and of the plan's own tables), what was not checked, what
    the judgement took from the plan itself (a re-plan's month), what the plan holds
    that is not read (warnings: a column no plan has), and where it breaks a rule the
    model makes soft (`soft`: priced in the objective, not forbidden, so no violation)."""

    violations: list[Violation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    assumed: list[str] = field(default_factory=list)
    unread: list[Problem] = field(default_factory=list)
    soft: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    def soft_totals(self) -> str:
        """Each soft rule the plan breaks with how far in all, in its own unit
        (`lead-share 1,707; min-nations 1`; "" for none)."""
        totals: dict[str, float] = {}
        for breach in self.soft:
            totals[breach.rule] = totals.get(breach.rule, 0.0) + breach.amount
        return "; ".join(f"{rule} {figure(amount)}" for rule, amount in sorted(totals.items()))

    def how_many(self) -> str:
        """The violations counted as the lines that say them (`in_runs`) are read: "20
        violation(s), said in 10 lines (...)" where runs of months are said once; where
        several rules are broken, each rule's count, the most first: a budget's one breach
        had been the last of 583 lines, under 560 of dwell."""
        count, lines = len(self.violations), len(in_runs(self.violations))
        said = f"{count} violation(s)"
        if len(counts := self._counts()) > 1:
            by_rule = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            said += f" ({', '.join(f'{rule} {n:,}' for rule, n in by_rule)})"
        if lines < count:
            said += (
                f", said in {lines} line(s) (a rule broken month by month in months in a row "
                "said once, at its worst)"
            )
        return said

    def in_a_line(self) -> str:
        """The verdict in a line, as a comparison of runs shows it: each hard rule broken
        with its violations, what was not checked (a table left out), then the soft rules
        broken (`soft_totals`)."""
        counts = self._counts()
        said = (
            "breaks " + ", ".join(f"{rule} ({n})" for rule, n in sorted(counts.items()))
            if counts
            else "holds every hard rule"
        )
        if self.skipped:
            said += f"; not checked: {', '.join(self.skipped)}"
        soft = self.soft_totals()
        return f"{said}; soft rules broken: {soft}" if soft else said

    def _counts(self) -> dict[str, int]:
        """How many violations of each hard rule broken."""
        return dict(Counter(violation.rule for violation in self.violations))

    def __repr__(self) -> str:
        """The verdict in a line (`in_a_line`), then the violations as `forcegen check` says
        them, the first `FIRST_LINES` lines and how many more: the dataclass's own wrote every
        violation whole (77 `Violation(...)` in a notebook's cell for an edited run)."""
        said = f"CheckReport({self.in_a_line()}"
        if self.violations:
            lines = in_runs(self.violations)
            said += "".join(
                [f"\n{self.how_many()}:", *(f"\n  {line}" for line in lines[:FIRST_LINES])]
            )
            if len(lines) > FIRST_LINES:
                said += f"\n  ... {len(lines) - FIRST_LINES} more line(s)"
        return f"{said})"

    def to_frame(self) -> pd.DataFrame:
        """A row a violation, for pandas: what `Violation` holds (rule, entity, month,
        amount, message, the rows of the plan's file that break it, numbered as a
        spreadsheet shows them; for a table given in memory, `labels`, its rows' in the
        frame's index, ...) and `hard`: False for the breach of a rule the model makes soft
        (`soft`), True for a violation."""
        rows = [
            {**asdict(violation), "hard": hard}
            for hard, broken in ((True, self.violations), (False, self.soft))
            for violation in broken
        ]
        return pd.DataFrame(rows, columns=[*(f.name for f in fields(Violation)), "hard"])


# The lines of violations a report's repr shows: the first of hundreds are read, the rest
# are counted.
FIRST_LINES = 5


# A table a plan may leave out that the rules are still judged without: what goes
# unchecked, and what its absence is taken to mean.
ABSENT = {
    "domestic": (
        "domestic pipeline",
        "a plan that recruits no one: the domestic officers it may employ are the initial "
        "strength, worn down by attrition",
    ),
    "coverage": (
        "coverage",
        "a plan that employs no domestic officers: the coverage floor and handovers are "
        "judged on the international tours alone",
    ),
}

# What a plan without handover.csv is judged (and by `evaluate` worked out) as.
AS_DECIDED = (
    "a plan that hands no region over but by decision (regions.csv handed_over), every "
    "other region's demand to the horizon's end"
)


# How a breach of a soft rule is introduced wherever the verdict is shown.
SOFT_BREACHES = "soft rules broken (priced in the objective, not forbidden)"

# The family of `Rules` (hard or soft in a model) each violation of a rule belongs to.
FAMILY = {
    "ceiling": "ceiling",
    "reserve-share": "reserve_share",
    "budget": "budget",
    "total-budget": "budget",
    "lead-share": "lead_share",
    "nations-per-region": "nations_per_region",
    "nations-per-sector": "nations_per_sector",
    "min-nations": "min_nations",
    "coverage-floor": "coverage_floor",
}


def check_plan(
    scenario: Scenario | str | Path, spec: ModelSpec | str | Path, run: PlanGiven
) -> CheckReport:
    """Every rule, checked on the plan `run` (ScenarioError if it cannot be read):
    violations of the hard ones, and the breaches of those `spec` makes soft apart.
    `scenario`: a scenario, or its folder or workbook (`load_scenario`); `spec`: a model,
    or its name or file (`load_spec`); `run`: a run folder, or the plan's tables held in
    memory (`plan_on_disk`: a Plan, Run or Results, or a mapping by name)."""
    scenario = as_scenario(scenario)
    if not isinstance(spec, ModelSpec):
        spec = load_spec(spec, scenario)
    with plan_on_disk(run) as folder:
        report = _check_folder(scenario, spec, folder)
    if isinstance(run, str | os.PathLike):
        return report
    # Held in memory: what names a file names the table given, its rows by their labels.
    tables = held_tables(run)
    report.unread = [held_problem(p, tables) for p in report.unread]
    report.violations = [_held(v, tables) for v in report.violations]
    report.soft = [_held(v, tables) for v in report.soft]
    return report


def _held(violation: Violation, tables: dict[str, pd.DataFrame]) -> Violation:
    """A violation of a plan held in memory, at its table's rows' labels in the frame's
    index where the table is one held."""
    stem = violation.file.removesuffix(".csv")
    if stem not in tables or not violation.rows:
        return replace(violation, file=held_name(violation.file))
    index = tables[stem].index
    found = [
        (label, row)
        for row in sorted(set(violation.rows))
        if (label := index_label(index, row)) is not None
    ]
    # Two rows of one label (a concat) read as one: their places are said too.
    labels = [label if index.is_unique else f"{label} (row {row})" for label, row in found]
    return replace(violation, file=f"the {stem} table given", labels=tuple(labels))


@dataclass(frozen=True)
class _Read:
    """A plan as read against the scenario, before any rule is judged: its tours, the
    violations of reading them (unknown codes, columns at odds), every problem of its
    files, its tables, its domestic part and its re-plan record's months."""

    tours: list[rules.Tour]
    found: list[Violation]
    problems: list[Problem]
    tables: dict[str, pd.DataFrame | None]
    part: DomesticPart
    replanned: tuple[int, ...]
    stood_down: dict[str, list[int]]


def _read_plan(scenario: Scenario, run: Path) -> _Read:
    # Every unreadable file, column and cell of the plan at once, not the first file's:
    # the domestic part's cells judged against the scenario as evaluate judges them (a
    # month outside the horizon, an unknown region, a row written twice is bad input), and
    # costs.csv's and coverage.csv's nations as those.
    replanned: tuple[int, ...] = ()
    stood_down: dict[str, list[int]] = {}
    planned, problems = parse_assignments(run)
    tables, unreadable = parse_tables(run, warn_unread=True)
    part, at_odds = domestic_part(scenario, tables)
    problems += unreadable + at_odds + cost_problems(scenario, tables["costs"])
    problems += coverage_problems(scenario, tables["coverage"])
    try:
        replanned = read_replanned(scenario, run)
        stood_down = read_stood_down(scenario, run)
    except ScenarioError as exc:
        problems += exc.problems
    tours, found = rules.derive_tours(scenario, planned, replanned)
    # A row that is no tour of the scenario (an unknown unit, task or region, a start
    # outside the horizon) is bad input, as in `evaluate`, not a broken rule: named with
    # the plan's unreadable cells, all at once, and the plan not judged.
    problems += rules.unknown_codes(found) + rules.outside_horizon(scenario, tours)
    return _Read(tours, found, problems, tables, part, replanned, stood_down)


def plan_input_problems(scenario: Scenario, run: Path) -> list[Problem]:
    """What makes the plan in the folder `run` no plan of `scenario`, which no model is
    needed to see: said with a model's own problems, where the model's refusal had hidden
    them until it was mended."""
    return in_reading_order(errors(_read_plan(scenario, run).problems))


def _check_folder(scenario: Scenario, spec: ModelSpec, run: Path) -> CheckReport:
    report = CheckReport()
    soft = {family for family, hardness in spec.rules if hardness == "soft"}
    # Every rule judged as hard, so that a soft one's breach, which the model prices and
    # the report shows, is found too.
    spec = spec.model_copy(update={"rules": Rules.all_hard()})
    read = _read_plan(scenario, run)
    if errors(read.problems):
        raise ScenarioError(in_reading_order(read.problems))
    report.unread = read.problems
    tours, found, tables, part = read.tours, read.found, read.tables, read.part
    replanned, stood_down = read.replanned, read.stood_down
    latest = max(replanned, default=0)
    if replanned:
        # A plan that calls itself a re-plan is excused what the past already broke: say so,
        # so that a hand-written replan.yaml cannot excuse tours unseen.
        report.assumed.append(
            f"a re-plan from {', '.join(scenario.months[f] for f in replanned)} (replan.yaml): "
            f"tours mobilized before {scenario.months[latest]} may end early at their unit's "
            "or nation's last month, before their unit's next unavailable period, before a "
            "caveat of their nation refusing their task or region, or before their region's "
            "handover by decision (their unit going on in theatre elsewhere, redeployed, "
            "to its call-up's end at most), exceed "
            "the reserve share from each re-plan month on by as much as those mobilized "
            "before it alone do (but for those redeployed from it on), and serve a task an event "
            "ended the demand for, handovers before it stand as made, and trainees "
            "enrolled before each re-plan month need no trainers after it"
        )
    if stood_down:
        called_off = ", ".join(
            f"{unit}'s of {add_months(scenario.settings.start, m)}"
            for unit, months in sorted(stood_down.items())
            for m in sorted(months)
        )
        report.assumed.append(
            f"reserve mobilizations stood down before they deployed (replan.yaml): "
            f"{called_off}, each counted in its unit's reserve window"
        )
    found += list(rules.eligibility(scenario, tours, replanned))
    found += list(rules.availability(scenario, tours, latest))
    found += list(rules.rotation(scenario, tours, stood_down, replanned))
    found += list(rules.nations(scenario, spec, tours, replanned))
    found += list(rules.budgets(scenario, spec, tours))
    found += list(rules.coalition(scenario, spec, tours))
    found += list(rules.end_date(scenario, spec, tours))

    coverage, domestic = tables["coverage"], tables["domestic"]
    costs, handover_table = tables["costs"], tables["handover"]
    handed = part.handed
    if handover_table is None and spec.mission.end == "end-state":
        # As evaluate works it out: a plan without its handovers hands over as decided, and
        # the rules of a handover are judged there (no tours after it, the region held).
        horizon = scenario.settings.months
        handed = {r: m for r, m in scenario.declared_handovers.items() if m < horizon}
        report.assumed.append(f"{AS_DECIDED} (no handover.csv)")
    cells = rules.coverage_rows(scenario, coverage)
    found += list(rules.domestic(scenario, tours, domestic, cells, replanned))
    found += list(rules.coverage_table(scenario, spec, tours, cells, handed))
    for name, (recomputed, meaning) in ABSENT.items():
        if tables[name] is None:
            report.skipped.append(f"{recomputed} recomputation (no {name}.csv)")
            report.assumed.append(f"{meaning} (no {name}.csv)")
    if costs is not None:
        found += list(rules.cost_table(scenario, tours, costs))
    else:
        report.skipped.append("cost recomputation (no costs.csv)")
    written = rules.handover_cells(handover_table)
    if spec.mission.end == "end-state":
        found += list(rules.handover(scenario, spec, tours, handed, cells, latest, written))
    else:
        # Each region by its month, for the planner to find its row of handover.csv.
        found += [
            Violation(
                "end-date",
                region,
                scenario.months[month],
                1,
                "handover.csv hands it over, and an end-date mission declares no handover",
                measured=False,  # a month handed over too many is no amount
                **written[region],
            )
            for region, month in sorted(handed.items())
        ]
    report.violations = [v for v in found if FAMILY.get(v.rule) not in soft]
    report.soft = [v for v in found if FAMILY.get(v.rule) in soft]
    return report
