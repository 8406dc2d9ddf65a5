"""The independent plan checker: judges a plan from the scenario and its CSV files alone.

It never imports the optimizer (`forcegen.model`, `forcegen.plan`, `forcegen.solve`,
`forcegen.run`): every rule of docs/rules.md is re-derived here, so it can judge the
solver's plans and a planner's hand-made ones alike, and a bug in the model cannot hide
behind the same bug in its judge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from forcegen.checker import rules
from forcegen.checker.plan_files import PlannedTour, read_assignments, read_tables
from forcegen.checker.rules import Violation
from forcegen.scenario.problems import Problem, ScenarioError
from forcegen.scenario.scenario import Scenario
from forcegen.spec import ModelSpec

__all__ = ["CheckReport", "Violation", "check_plan"]


@dataclass
class CheckReport:
    """Violations of hard rules (and of the plan's own tables), what was not checked, and
    what the judgement took from the plan itself (a re-plan's month)."""

    violations: list[Violation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    assumed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def _handover_months(scenario: Scenario, table: pd.DataFrame | None) -> dict[str, int]:
    if table is None:
        return {}
    return {
        str(row["region"]): scenario.month_index(str(row["month"]))
        for row in table.to_dict("records")
        if isinstance(row["month"], str) and row["month"]
    }


def _replanned(scenario: Scenario, run: Path) -> int:
    """The re-plan month recorded in the run's replan.yaml (0 when it is no re-plan)."""
    path = run / "replan.yaml"
    if not path.exists():
        return 0
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(path.name, None, None, "yaml-syntax", str(exc))]) from None
    if not isinstance(record, dict):
        raise ScenarioError(
            [Problem(path.name, 1, None, "yaml-shape", "must be a mapping with a `from` month")]
        )
    month = str(record.get("from", ""))
    return scenario.month_index(month) if month in scenario.months else 0


def check_plan(scenario: Scenario, spec: ModelSpec, run: Path) -> CheckReport:
    """Every hard rule, checked on the plan in `run` (ScenarioError if it cannot be read)."""
    report = CheckReport()
    # Every unreadable file, column and cell of the plan at once, not the first file's.
    problems: list[Problem] = []
    planned: list[PlannedTour] = []
    tables: dict[str, pd.DataFrame | None] = {}
    replanned = 0
    try:
        planned = read_assignments(run)
    except ScenarioError as exc:
        problems += exc.problems
    try:
        tables = read_tables(run)
    except ScenarioError as exc:
        problems += exc.problems
    try:
        replanned = _replanned(scenario, run)
    except ScenarioError as exc:
        problems += exc.problems
    if problems:
        raise ScenarioError(problems)
    if replanned:
        # A plan that calls itself a re-plan is excused what the past already broke: say so,
        # so that a hand-written replan.yaml cannot excuse tours unseen.
        report.assumed.append(
            f"a re-plan from {scenario.months[replanned]} (replan.yaml): tours mobilized "
            "before it may exceed the reserve share, and trainees enrolled before it need "
            "no trainers after it"
        )
    tours, found = rules.derive_tours(scenario, planned, replanned)
    found += list(rules.eligibility(scenario, tours))
    found += list(rules.availability(scenario, tours))
    found += list(rules.rotation(scenario, tours))
    found += list(rules.nations(scenario, spec, tours, replanned))
    found += list(rules.budgets(scenario, spec, tours))
    found += list(rules.coalition(scenario, spec, tours))
    found += list(rules.end_date(scenario, spec, tours))

    coverage, domestic = tables["coverage"], tables["domestic"]
    costs, handover_table = tables["costs"], tables["handover"]
    handed = _handover_months(scenario, handover_table)
    found += list(rules.domestic(scenario, tours, domestic, coverage, replanned))
    if domestic is None:
        report.skipped.append(
            "domestic pipeline (no domestic.csv: no recruits, the initial strength only)"
        )
    found += list(rules.coverage_table(scenario, spec, tours, coverage, handed))
    if coverage is None:
        report.skipped.append(
            "coverage recomputation (no coverage.csv: the domestic force covers nothing)"
        )
    if costs is not None:
        found += list(rules.cost_table(scenario, tours, costs))
    else:
        report.skipped.append("cost recomputation (no costs.csv)")
    if spec.mission.end == "end-state" and handover_table is not None:
        found += list(rules.handover(scenario, spec, tours, handed, coverage))
    elif spec.mission.end == "end-state":
        report.skipped.append("handover (no handover.csv)")
    elif handed:
        found.append(
            Violation(
                "end-date",
                "handover.csv",
                None,
                len(handed),
                "an end-date mission declares no handover",
            )
        )
    report.violations = found
    return report
