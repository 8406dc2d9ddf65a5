"""Re-plan a plan in motion after events: frozen past, tours in progress, minimal change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pandas as pd
import yaml

from forcegen.checker import Violation, check_plan, rules
from forcegen.fileformat import (
    ASSIGNMENT_COLUMNS,
    ASSIGNMENTS,
    MADE_ON,
    REPLAN,
    carried,
    change_counts,
    chosen,
    parse_assignments,
    read_record,
    read_replanned,
    replan_months,
)
from forcegen.fileio import atomic_folder
from forcegen.model.sets import Commitments
from forcegen.months import add_months
from forcegen.plan import RUN_FILES, Plan
from forcegen.replan.apply import Located, changed_scenario, commitments_from_run, is_committed
from forcegen.replan.diff import handover_moves, kpi_deltas, plan_diff
from forcegen.run import Run, solve_scenario
from forcegen.scenario.events import EVENT, Event, Events
from forcegen.scenario.load import read_csv_table, read_scenario
from forcegen.scenario.problems import Problem, ScenarioError, errors, in_reading_order
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import SETTINGS_FILE
from forcegen.spec import ModelSpec, SolverOptions
from forcegen.stats import read_kpis
from forcegen.sweep.compare import counts_whole


@dataclass
class Replan:
    """The new plan, and what it changed against the plan it replaces."""

    run: Run
    before: Path
    month: str
    events: Events
    diff: pd.DataFrame
    earlier: tuple[str, ...] = ()  # the earlier re-plans' months whose excuses still hold
    stood_down: tuple[tuple[str, str], ...] = ()  # (unit, month mobilized) called off, ever

    @property
    def changes(self) -> dict[str, int]:
        return change_counts(self.diff)

    @property
    def plan(self) -> Plan:
        """The new plan, for whatever takes a plan's tables (the checker, `Results`)."""
        return self.run.plan

    @property
    def replan_record(self) -> str:
        """What holds of replan.yaml for the plan judged in memory (`carried`: the months
        whose excuses hold, the call-ups stood down, the run re-planned and the events),
        as its text: it is excused as its folder is, and a record naming no re-plan is
        refused."""
        return yaml.safe_dump(carried(self._record()), sort_keys=False, allow_unicode=True)

    def _record(self, moved: list[str] | None = None) -> dict[str, object]:
        """replan.yaml's record; `moved`: the handovers the re-plan moved, which only its
        written run gives (`handover_moves`)."""
        record: dict[str, object] = {"from": self.month}
        if self.earlier:
            record["earlier"] = list(self.earlier)
        if self.stood_down:
            # Counted in the unit's reserve window by the checker, as by the model.
            record["stood_down"] = [{"unit": u, "mobilized": m} for u, m in self.stood_down]
        record |= {"base_run": str(self.before), "changes": self.changes}
        if moved is not None:
            # The count handed over can stay while regions trade places.
            record["handovers_moved"] = moved
        # As a planner writes them: a cut by a factor names no amount (`null`).
        record["events"] = [
            e.model_dump(mode="json", by_alias=True, exclude_none=True) for e in self.events.events
        ]
        return record

    def write(self, folder: Path) -> pd.DataFrame:
        """The new run folder, with diff.csv, kpi_deltas.csv and replan.yaml, atomically;
        returns the KPI deltas."""
        with atomic_folder(folder, replaces=RUN_FILES) as staging:
            self.run.write(staging)
            self.diff.to_csv(staging / "diff.csv", index=False)
            decided = {
                r.region: r.handed_over
                for r in self.run.data.scenario.regions
                if r.handed_over is not None
            }
            moved = handover_moves(self.before, staging, decided)
            record = self._record(moved)
            (staging / REPLAN).write_text(
                yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8"
            )
            # Compared with its record there, as compare finds it: a re-plan's objective
            # weighs the tours it changed, and its change against the base is none.
            deltas = kpi_deltas(self.before, staging, folder.name)
            whole = counts_whole(deltas, ("value", "baseline", "delta"))
            whole.to_csv(staging / "kpi_deltas.csv", index=False)
        return deltas


def read_tours(scenario: Scenario, run: Path) -> pd.DataFrame:
    """The tours of the plan in `run` (made on `scenario`), as text, each labelled by its
    row in assignments.csv as a spreadsheet, and the checker, number it: a blank line
    counts, so the rules a tour breaks and whether it was mobilized before the re-plan
    month stay with it. Its nation, start and end are the ones the checker takes, however
    the planner wrote them (a start `2000-3`, an end or nation left out): as the new plan
    writes them, so that a tour kept reads as kept."""
    # Read already, its problems said.
    table = read_csv_table(run / ASSIGNMENTS, ASSIGNMENTS, [], ASSIGNMENT_COLUMNS)
    assert table is not None
    planned, _ = parse_assignments(run)
    label = scenario.settings.start
    taken = {
        t.source.row: {
            "nation": t.nation,
            "start": add_months(label, t.start),
            "end": add_months(label, t.end),
        }
        for t in rules.derive_tours(scenario, planned, read_replanned(scenario, run))[0]
    }
    tours = []
    for row, cells in table.rows:
        tours.append({k: str(v).strip() for k, v in cells.items()} | taken.get(row, {}))
    return pd.DataFrame(tours, index=[row for row, _ in table.rows])


@dataclass(frozen=True)
class Setting:
    """What a re-plan starts from: the events, the scenario before and after them, and
    what the plan in motion commits to."""

    events: Events
    before: Scenario
    scenario: Scenario
    commitments: Commitments
    warnings: list[Problem] = field(default_factory=list)  # about the events
    # The independent checker's verdicts on the plan in motion, before the events: what
    # `broken_by` does not blame on them (taken before the solve, so that a table of the
    # plan it cannot read is bad input then).
    judged: tuple[Violation, ...] = ()


def read_setting(
    scenario: Scenario, spec: ModelSpec, before: Path, month: str, events: Events
) -> Setting:
    """Apply the events to the scenario `before` was solved on, from `month`; read what the
    plan in motion commits to. ScenarioError for bad events, a run that cannot be read, or
    committed tours that break a hard rule on their own (`commitments_from_run`), before
    anything is solved."""
    found = Located.of(events)
    changed = changed_scenario(scenario, events, month, found)
    commitments = None
    judged: tuple[Violation, ...] = ()
    if changed is not None:
        try:
            commitments = commitments_from_run(
                scenario, changed, spec, before, month, events, found
            )
            judged = tuple(check_plan(scenario, spec, before).violations)
        except ScenarioError as exc:  # the run's own files: named with the events' problems
            found.problems += exc.problems
    try:
        read_kpis(before)  # the figures the re-plan's are set against, after its solve
    except ScenarioError as exc:
        # A run that is not there is said once, as the plan that is not (`plan-path`).
        found.problems += exc.problems if before.is_dir() else []
    if changed is None or commitments is None or errors(found.problems):
        raise ScenarioError(in_reading_order(found.problems))
    return Setting(events, scenario, changed, commitments, found.problems, judged)


def broken_by(setting: Setting, spec: ModelSpec, before: Path) -> dict[int, str]:
    """The rules each tour of the plan replaced (by its row in assignments.csv) breaks
    in the scenario the events made and did not before them: the independent checker's
    verdicts on that plan."""

    def broken(violations: Sequence[Violation]) -> dict[int, set[str]]:
        rules: dict[int, set[str]] = {}
        for violation in violations:
            # A cell of the plan's own tables (coverage.csv's, domestic.csv's) is no tour.
            tours = violation.rows if violation.file == ASSIGNMENTS else ()
            for row in tours:
                rules.setdefault(row, set()).add(violation.rule)
        return rules

    already = broken(setting.judged)
    return {
        position: ", ".join(sorted(new))
        for position, names in broken(check_plan(setting.scenario, spec, before).violations).items()
        if (new := names - already.get(position, set()))
    }


def mobilized_before(scenario: Scenario, before: Path, month: int) -> set[int]:
    """The tours of the plan in `before` (made on `scenario`) a re-plan from `month`
    commits, whatever it chooses (`is_committed`), by their row in assignments.csv. Read
    under the plan's own re-plan months, as the commitments are: a redeployment it made,
    not begun by `month`, is the re-plan's to choose again, though its call-up began
    before (read as a call-up of its own, a reserve's training put it before `month` too,
    and said stood down where dropped)."""
    planned, _ = parse_assignments(before)  # read already, its problems said
    tours, _ = rules.derive_tours(scenario, planned, read_replanned(scenario, before))
    return {t.source.row for t in tours if is_committed(t, month)}


def replan(
    setting: Setting,
    spec: ModelSpec,
    before: Path,
    month: str,
    options: SolverOptions | None = None,
    log: TextIO | None = None,
    keep_interrupted: bool = False,
) -> Replan:
    """Re-plan from `month` under the setting's events and commitments. `Infeasible` when
    they leave no plan that keeps the hard rules; `keep_interrupted` as `solve_scenario`."""
    run = solve_scenario(
        setting.scenario,
        spec,
        options,
        log=log,
        commitments=setting.commitments,
        keep_interrupted=keep_interrupted,
    )
    diff = plan_diff(
        read_tours(setting.before, before),
        run.plan.assignments,
        broken_by(setting, spec, before),
        mobilized_before(setting.before, before, setting.commitments.month),
    )
    run.plan.kpis["replanned_from"] = month
    run.plan.kpis["tours_changed"] = chosen(change_counts(diff))
    scenario = setting.scenario
    earlier = tuple(scenario.months[f] for f in setting.commitments.excused[:-1])
    # A call-up stood down that the re-plan deploys elsewhere after all is no stand-down.
    tours = run.plan.assignments
    deployed = set(zip(tours["unit"], tours["mobilized_from"], strict=True))
    called_off = [
        (unit, add_months(scenario.settings.start, m)) for unit, m in setting.commitments.called_off
    ]
    stood_down = tuple(c for c in called_off if c not in deployed)
    return Replan(run, before, month, setting.events, diff, earlier, stood_down)


def before_its_events(scenario: Scenario, run: Path, source: Path) -> list[Problem]:
    """An error where the plan in `run` is a re-plan and `scenario` is one its events
    changed: it differs from the run's own copy, and the events its replan.yaml records,
    applied to it from the re-plan's month, give that copy; or, for a re-plan of a
    re-plan, the events of the re-plans before it too (`_replans_before`), each from its
    own month. Judged there, what they forced (a tour cut short, the cover of a surge)
    read as broken rules by the score, under a warning easily scrolled past. A copy of
    the re-plan's own scenario edited to ask whether the plan still holds is no such
    scenario, and keeps the warning."""
    own = run / "scenario"
    if not (run / REPLAN).is_file():
        return []
    # The run's own copy; or, for a workbook's plan, the digest of it the workbook carries.
    made_on, copy_said, give = None, "the run's own copy", f"give {own}"
    if (own / SETTINGS_FILE).is_file():
        copy = read_scenario(own).scenario
        made_on = copy.digest if copy is not None else None
    elif (run / MADE_ON).is_file():
        made_on = (run / MADE_ON).read_text(encoding="utf-8").strip()
        copy_said = "the scenario the workbook names"
        give = "give its run's scenario folder"
    try:
        record = read_record(run, scenario)
        replanned = replan_months(record, scenario)
        recorded = [EVENT.validate_python(e) for e in record.get("events", [])]
    except ScenarioError:
        return []  # a record that cannot be read is said where the plan is read
    if not replanned or not recorded or made_on is None:
        return []
    # Events applied again to the copy itself may change nothing (a withdrawal): it is the
    # plan's own, whatever they give.
    if made_on == scenario.digest:
        return []
    month = scenario.months[replanned[-1]]
    chain = [*_replans_before(run, scenario), (month, recorded)]
    for replans in (chain[first:] for first in reversed(range(len(chain)))):
        replayed = _replayed(scenario, replans)
        if replayed is None or replayed.digest != made_on:
            continue
        if len(replans) == 1:
            after = (
                f"the plan is a re-plan from {month} after the {len(recorded)} event(s) "
                "this record names"
            )
        else:
            count = sum(len(events) for _, events in replans)
            months = ", ".join(when for when, _ in replans)
            after = (
                f"the plan is the last of {len(replans)} re-plans in a row (from {months}, "
                f"each of the one before, as their records' base_run say) after the {count} "
                "event(s) their records name"
            )
        message = (
            f"{after}, and {source} is the scenario before them (applied to it, they give "
            f"{copy_said}): judged against it, the tours they cut short and the demand "
            f"they changed would read as broken rules; {give}, the scenario the re-plan "
            "was made on, in its place"
        )
        return [Problem(str(run / REPLAN), None, "events", "other-scenario", message)]
    return []


def _replayed(scenario: Scenario, replans: list[tuple[str, list[Event]]]) -> Scenario | None:
    """`scenario` as the events of `replans` leave it, each set from its month in turn;
    None where one cannot apply."""
    replayed: Scenario | None = scenario
    for month, events in replans:
        applied = Events(REPLAN, events, lines=[None] * len(events))
        found = Located.of(applied)
        if replayed is not None:
            replayed = changed_scenario(replayed, applied, month, found)
        if replayed is None or errors(found.problems):
            return None
    return replayed


# The most re-plans of re-plans followed back: a record's base_run may name itself.
REPLANS_FOLLOWED = 100


def _replans_before(run: Path, scenario: Scenario) -> list[tuple[str, list[Event]]]:
    """The months and events of the re-plans the one in `run` was made on in a row, the
    first first: each record's `base_run`, where it is a folder with a record of its own
    that reads, within `scenario`'s horizon. None past one that does not."""
    chain: list[tuple[str, list[Event]]] = []
    seen = {run.resolve()}
    base = read_record(run, scenario).get("base_run")
    while isinstance(base, str) and len(chain) < REPLANS_FOLLOWED:
        folder = _base_folder(base, run)
        if folder is None or folder.resolve() in seen:
            break
        seen.add(folder.resolve())
        try:
            record = read_record(folder, scenario)
            months = replan_months(record, scenario)
            events = [EVENT.validate_python(e) for e in record.get("events", [])]
        except (ScenarioError, ValueError):
            break
        if not months:
            break
        chain.insert(0, (scenario.months[months[-1]], events))
        base, run = record.get("base_run"), folder
    return chain


def _base_folder(base: str, run: Path) -> Path | None:
    """The re-plan folder a record's `base_run` names, None where none is found: the path
    as `forcegen replan` was given it, relative to where it ran, which is where the path
    reads as it is, or else, most often, a folder above the run `run` (checked from
    elsewhere, `runs/r1` read from /tmp had been no folder, the chain cut)."""
    written = Path(base)
    places = (
        [written]
        if written.is_absolute()
        else [written, *(up / written for up in run.resolve().parents)]
    )
    return next((place for place in places if (place / REPLAN).is_file()), None)
