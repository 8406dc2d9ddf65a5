"""The independent checker against hand-made plans on the tiny scenario.

Tiny (tests/data/tiny): AAA leads (tour 6, dwell 6; reserves train 2 months, once per 36
months, at most 50%; ceiling 1000); BBB (tour 4, dwell 8) joins 2000-03, refuses
public_order and the north (risk 4 > its 3), budget 2,000,000 a year from July.
Each case states the violation the checker must find: rule, entity, month, amount.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from forcegen import Scenario, ScenarioError, load_scenario
from forcegen.checker import AS_DECIDED, FAMILY, check_plan
from forcegen.cli import app
from forcegen.evaluate import evaluate_plan
from forcegen.run import solve_scenario
from forcegen.scenario.schema import Academy, Budget, Caveat, Nation, Region, Unavailable, Unit
from forcegen.spec import ModelSpec, Rules, load_spec
from forcegen.stats import Results, cost_against_budget
from tests import factory
from tests.conftest import TINY, edit

SPEC = load_spec("security-keeping")


def plan(tmp_path: Path, *rows: str, header: str = "unit,task,region,start") -> Path:
    folder = tmp_path / "plan"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "assignments.csv").write_text("\n".join([header, *rows]) + "\n")
    return folder


def found(
    scenario: Scenario, folder: Path, spec: ModelSpec = SPEC
) -> set[tuple[str, str, str | None, float]]:
    report = check_plan(scenario, spec, folder)
    return {(v.rule, v.entity, v.month, round(v.amount, 6)) for v in report.violations}


def with_nation(scenario: Scenario, code: str, **changes: object) -> Scenario:
    nations = tuple(
        n.model_copy(update=changes) if n.nation == code else n for n in scenario.nations
    )
    return scenario.model_copy(update={"nations": nations})


def test_clean_hand_plan_passes(tiny: Scenario, tmp_path: Path) -> None:
    folder = plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01",
        "AAA-mp-1,aid_escort,south,2000-02",
    )
    report = check_plan(tiny, SPEC, folder)
    assert report.ok, report.violations
    assert "domestic pipeline recomputation (no domestic.csv)" in report.skipped
    assert any(a.startswith("a plan that recruits no one") for a in report.assumed)


def test_a_plans_columns_are_read_whatever_their_case(tiny: Scenario, tmp_path: Path) -> None:
    # As a scenario's columns and a plan's sheets are: a spreadsheet heads them `Unit`.
    folder = plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01,400",
        header="Unit,Task,Region,Start,Personnel ",
    )
    (violation,) = check_plan(tiny, SPEC, folder).violations
    assert (violation.rule, violation.entity, violation.column) == (
        "plan-mismatch",
        "AAA-inf-1",
        "personnel",
    )
    # The same column twice in two cases is said as that, not as a column unread, nor, in
    # no spelling of its own, as missing; named as the plan spells it, else as first written.
    for first, named in (("unit", "unit"), ("Unit", "Unit")):
        plan(
            tmp_path,
            "AAA-inf-1,AAA-inf-1,border_control,north,2000-01",
            header=f"{first},UNIT,task,region,start",
        )
        with pytest.raises(ScenarioError) as raised:
            check_plan(tiny, SPEC, folder)
        said = [(p.column, p.rule, p.message) for p in raised.value.problems]
        message = f"column '{named}' appears 2 times (as '{first}', 'UNIT')"
        assert said == [(named, "duplicate-column", message)]


def test_a_nations_cover_is_read_whatever_the_case_of_its_column(
    tiny: Scenario, tmp_path: Path
) -> None:
    # coverage.csv's intl_AAA headed `Intl_AAA `, as its workbook sheet is read: judged.
    run = tmp_path / "run"
    solve_scenario(tiny, SPEC).write(run)
    coverage = pd.read_csv(run / "coverage.csv")
    coverage.loc[0, "intl_AAA"] = 999
    coverage.rename(columns={"intl_AAA": "Intl_AAA "}).to_csv(run / "coverage.csv", index=False)
    (wrong,) = [v for v in check_plan(tiny, SPEC, run).violations if v.rule == "table-mismatch"]
    assert (wrong.column, wrong.rows) == ("intl_AAA", (2,))


def test_a_column_no_plan_has_is_said_not_read(tiny: Scenario, tmp_path: Path) -> None:
    # `personel` holds a personnel figure the scenario contradicts: read, it would be a
    # violation; unread, the planner must be told it was not judged.
    folder = plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01,1,checked by ops",
        header="unit,task,region,start,personel,notes",
    )
    report = check_plan(tiny, SPEC, folder)
    assert report.ok, report.violations
    said = {(p.file, p.row, p.column, p.rule, p.severity) for p in report.unread}
    assert said == {
        ("assignments.csv", 1, column, "unread-column", "warning")
        for column in ("personel", "notes")
    }
    assert "did you mean personnel?" in " ".join(p.message for p in report.unread)
    # Said by check, and by evaluate, which leaves the column out of the run it writes.
    result = CliRunner().invoke(app, ["check", str(TINY), str(folder)])
    assert result.exit_code == 0 and "[unread-column] 'notes'" in result.output
    run = tmp_path / "run"
    result = CliRunner().invoke(app, ["evaluate", str(TINY), str(folder), "--out", str(run)])
    assert result.exit_code == 0, result.output
    assert result.output.count("[unread-column] 'personel'") == 1
    assert "notes" not in (run / "assignments.csv").read_text()
    # A run's own file edited so: said by report too, and in its verdict.
    written = (run / "assignments.csv").read_text().splitlines()
    noted = [f"{written[0]},notes", *(f"{line},seen" for line in written[1:])]
    (run / "assignments.csv").write_text("\n".join(noted) + "\n")
    reported = CliRunner().invoke(app, ["report", str(run)])
    assert reported.exit_code == 0 and "[unread-column] 'notes'" in reported.output
    assert "not read: assignments.csv, row 1, column notes" in (run / "report.html").read_text()


def test_a_blank_column_before_a_planners_notes_is_no_column(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A blank column left between the tours and a planner's notes was said as a column
    of no name, unlettered; one with values but no name is said at its letter."""
    folder = plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01,,,checked by ops",
        header="unit,task,region,start,,,notes",
    )
    said = {(p.column, p.rule) for p in check_plan(tiny, SPEC, folder).unread}
    assert said == {("notes", "unread-column")}
    folder = plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01,,yes,checked by ops",
        header="unit,task,region,start,,,notes",
    )
    said = {(p.column, p.rule) for p in check_plan(tiny, SPEC, folder).unread}
    assert said == {("notes", "unread-column"), ("(unnamed column F)", "unread-column")}


def test_a_column_no_plan_table_has_is_said_not_read(tiny: Scenario, tmp_path: Path) -> None:
    # A budget written under `budgte` is never judged against the scenario's: said, as
    # assignments.csv's column unread is, for every table; a warning, the plan still holds.
    run = tmp_path / "run"
    solve_scenario(tiny, SPEC).write(run)
    renamed = {
        "costs": {"budget": "budgte"},
        "coverage": {"domestic_effective": "domestic_efective"},
        "domestic": {"trainers": "trainer"},
        "handover": {},
    }
    for name, columns in renamed.items():
        table = pd.read_csv(run / f"{name}.csv", dtype=object)
        table.rename(columns=columns).assign(notes="seen").to_csv(run / f"{name}.csv", index=False)
    report = check_plan(tiny, SPEC, run)
    assert report.ok, report.violations
    assert sorted(str(p) for p in report.unread) == [
        "costs.csv, row 1, column budgte: [unread-column] 'budgte' is not a column of a "
        "plan's costs: not read; did you mean budget?",
        "costs.csv, row 1, column notes: [unread-column] 'notes' is not a column of a "
        "plan's costs: not read",
        "coverage.csv, row 1, column domestic_efective: [unread-column] 'domestic_efective' "
        "is not a column of a plan's coverage: not read; did you mean domestic_effective?",
        "coverage.csv, row 1, column notes: [unread-column] 'notes' is not a column of a "
        "plan's coverage: not read",
        "domestic.csv, row 1, column notes: [unread-column] 'notes' is not a column of a "
        "plan's domestic pipeline: not read",
        "domestic.csv, row 1, column trainer: [unread-column] 'trainer' is not a column of a "
        "plan's domestic pipeline: not read; did you mean trainers?",
        "handover.csv, row 1, column notes: [unread-column] 'notes' is not a column of a "
        "plan's handovers: not read",
    ]
    assert {p.severity for p in report.unread} == {"warning"}
    result = CliRunner().invoke(app, ["check", str(TINY), str(run)])
    assert result.exit_code == 0 and "[unread-column] 'budgte'" in result.output


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # Ends 2000-06 (offset 5); back at 2000-09 (8): 2 months home, 6 required.
        (
            ["AAA-inf-1,border_control,north,2000-01", "AAA-inf-1,border_control,north,2000-09"],
            ("dwell", "AAA-inf-1", "2000-09", 4),
        ),
        (["BBB-mp-1,aid_escort,north,2000-04"], ("caveat-region", "BBB-mp-1", "2000-04", 1)),
        (["BBB-mp-1,aid_escort,north,2000-04"], ("caveat-risk", "BBB-mp-1", "2000-04", 1)),
        (["BBB-mp-1,public_order,south,2000-04"], ("caveat-task", "BBB-mp-1", "2000-04", 1)),
        (
            ["AAA-inf-1,constabulary_training,south,2000-01"],
            ("not-capable", "AAA-inf-1", "2000-01", 1),
        ),
        # North asks for public order in 2000-01..06 only: a tour from 2000-07 serves nothing.
        (["AAA-inf-1,public_order,north,2000-07"], ("no-demand", "AAA-inf-1", "2000-07", 1)),
        # BBB's unit may deploy from 2000-03: two months early.
        (["BBB-mp-1,aid_escort,south,2000-01"], ("availability", "BBB-mp-1", "2000-01", 2)),
        # A reserve unit starting 2000-01 must have mobilized in 1999-11, before the horizon.
        (["AAA-inf-2,border_control,north,2000-01"], ("availability", "AAA-inf-2", "1999-11", 2)),
        # Only BBB deploys: 150 x 4 = 600 person-months, the lead gives 0 of the 30% (180).
        (["BBB-mp-1,aid_escort,south,2000-04"], ("lead-share", "AAA", None, 180)),
    ],
)
def test_hand_made_violations(
    tiny: Scenario, tmp_path: Path, rows: list[str], expected: tuple[str, str, str | None, float]
) -> None:
    assert expected in found(tiny, plan(tmp_path, *rows))


def test_a_tour_counting_in_its_demands_last_month_serves_it(
    tiny: Scenario, tmp_path: Path
) -> None:
    """North asks for public order in 2000-01..2000-06: AAA-inf-1 from 2000-06 counts in
    2000-06 alone of them, and serves (mutation-tested: demand's last month left out of
    the months with demand had said no-demand)."""
    folder = plan(tmp_path, "AAA-inf-1,public_order,north,2000-06")
    assert not {v for v in found(tiny, folder) if v[0] == "no-demand"}


def test_a_demand_of_none_asks_for_no_one(tmp_path: Path) -> None:
    """A demand.csv row of 0 personnel is a task asked for by no one: a tour on it serves
    nothing (mutation-tested: read `>= 0`, such a row had made the tour's cells wanted)."""
    case = factory.scenario(
        months=6,
        tasks=("guard", "patrol"),
        units=[factory.unit("a")],
        demand=[("r", "guard", 0, 5, 100), ("r", "patrol", 0, 5, 0)],
    )
    folder = plan(tmp_path, "a,patrol,r,2000-01")
    assert found(case, folder, factory.spec()) == {("no-demand", "a", "2000-01", 1)}


def test_a_tour_past_its_units_last_month_is_dated_where_it_overstays(
    tiny: Scenario, tmp_path: Path
) -> None:
    """At the first month past the unit's last, where it had been dated at the tour's end
    month; a reserve's months in training after it count (the unit is not available)."""
    units = tuple(
        u.model_copy(update={"available_until": "2000-03"}) if u.unit == "AAA-inf-2" else u
        for u in tiny.units
    )
    scenario = tiny.model_copy(update={"units": units})
    # Mobilized 2000-03 for 2000-05..10: held from 2000-04, seven months past 2000-03.
    folder = plan(tmp_path, "AAA-inf-2,border_control,north,2000-05")
    (late,) = [v for v in check_plan(scenario, SPEC, folder).violations if v.rule == "availability"]
    assert (late.month, late.amount) == ("2000-04", 7)
    assert late.message.startswith(
        "held (training or in theatre) 7 month(s) after it must have left, from 2000-04: its "
        "last month is 2000-03"
    )
    # Gone from the month it starts in theatre, trained before it: held in theatre alone
    # (mutation-tested: `gone > start` had said it held in training).
    plan(tmp_path, "AAA-inf-2,border_control,north,2000-04")
    (late,) = [v for v in check_plan(scenario, SPEC, folder).violations if v.rule == "availability"]
    assert late.message.startswith("in theatre 6 month(s) after it must have left, from 2000-04")


def test_the_earlier_of_a_units_and_its_nations_last_months_binds(
    tiny: Scenario, tmp_path: Path
) -> None:
    """AAA-inf-1 may serve to 2000-08 (units.csv), AAA to 2000-05 (nations.csv leave): a
    tour 2000-01..2000-06 is held a month past the nation's, and the message names it; with
    the two the other way round, the unit's (mutation-tested: the later of them, or the
    unit's named for the nation's, had passed)."""

    def until(scenario: Scenario, month: str) -> Scenario:
        units = tuple(
            u.model_copy(update={"available_until": month}) if u.unit == "AAA-inf-1" else u
            for u in scenario.units
        )
        return scenario.model_copy(update={"units": units})

    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    for unit, nation, whose in (
        ("2000-08", "2000-05", "AAA's leave in nations.csv"),
        ("2000-05", "2000-08", "AAA-inf-1's available_until in units.csv"),
    ):
        scenario = until(with_nation(tiny, "AAA", leave=nation), unit)
        (late,) = check_plan(scenario, SPEC, folder).violations
        assert (late.rule, late.month, late.amount) == ("availability", "2000-06", 1)
        assert late.message.endswith(f"its last month is 2000-05 ({whose})")


def test_figures_read_as_a_planner_reads_them() -> None:
    from forcegen.shown import figure

    assert [figure(v) for v in (13_613_000.0, 1234.5, 1 / 3, 0.0, 2.5e-5)] == [
        "13,613,000",
        "1,234.5",
        "0.333",
        "0",
        "2.5e-05",
    ]


def test_a_share_is_named_as_the_rule_sets_it(tiny: Scenario, tmp_path: Path) -> None:
    coalition = SPEC.coalition.model_copy(update={"lead_min_share": 0.3659})
    spec = SPEC.model_copy(update={"coalition": coalition})
    folder = plan(tmp_path, "BBB-mp-1,aid_escort,south,2000-04")
    (short,) = [v for v in check_plan(tiny, spec, folder).violations if v.rule == "lead-share"]
    assert short.message == "0 of 600 person-months, below 36.59%"  # not 37%


def test_a_soft_rules_breach_is_said_apart_as_priced(tiny: Scenario, tmp_path: Path) -> None:
    """A rule the model makes soft is judged as a hard one is, its breach said apart: no
    violation (the model may take its price), but no plan breaks it unseen either. Every
    family of the model's rules is one a violation belongs to."""
    assert set(FAMILY.values()) == set(Rules.model_fields)
    coalition = SPEC.coalition.model_copy(update={"lead_min_share": 0.5, "min_nations": 3})
    rules = SPEC.rules.model_copy(update={"lead_share": "soft", "min_nations": "soft"})
    soft = SPEC.model_copy(update={"coalition": coalition, "rules": rules})
    folder = plan(tmp_path, "BBB-mp-1,aid_escort,south,2000-04")
    report = check_plan(tiny, soft, folder)
    assert report.ok
    assert [(v.rule, v.amount) for v in report.soft] == [("lead-share", 300), ("min-nations", 2)]
    hard = soft.model_copy(update={"rules": Rules.all_hard()})
    report = check_plan(tiny, hard, folder)
    assert {v.rule for v in report.violations} == {"lead-share", "min-nations"}
    assert not report.soft
    model = tmp_path / "soft.yaml"
    model.write_text(yaml.safe_dump(soft.model_dump(mode="json")))
    result = CliRunner().invoke(app, ["check", str(TINY), str(folder), "--model", str(model)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        "soft rules broken (priced in the objective, not forbidden): [lead-share] AAA: 0 of "
        "600 person-months, below 50% (by 300) [min-nations] mission: 1 nation serves, at "
        "least 3 required; the scenario has 2, so 1 of it is the scenario's breach, in every "
        "plan, which the objective does not price (by 2) The plan keeps every hard rule."
    ) in said


def test_written_columns_must_agree(tiny: Scenario, tmp_path: Path) -> None:
    folder = plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01,2000-04,250",
        header="unit,task,region,start,end,personnel",
    )
    violations = found(tiny, folder)
    assert ("tour-length", "AAA-inf-1", "2000-01", 2) in violations
    # By 50 people, not by 1; a month by as many months; a code by no measure.
    assert ("plan-mismatch", "AAA-inf-1", "2000-01", 50) in violations
    plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01,2000-04,BBB,reserve",
        header="unit,task,region,start,mobilized_from,nation,component",
    )
    said = {v.column: str(v) for v in check_plan(tiny, SPEC, folder).violations}
    assert said["mobilized_from"].endswith("implies '2000-01' (by 3)")
    assert said["nation"].endswith("is 'BBB', the scenario implies 'AAA'")
    assert said["component"].endswith("is 'reserve', the scenario implies 'active'")
    # The implied values written as a sheet may write them are no mismatch; a wrong end
    # written as a date is a tour as many months short.
    header = "unit,task,region,start,end,mobilized_from,counts_from,personnel"
    plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-1,2000-6,2000-01-01,2000-1,300.0",
        header=header,
    )
    assert found(tiny, folder) == set()
    plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01,2000-04-01",
        header="unit,task,region,start,end",
    )
    assert found(tiny, folder) == {("tour-length", "AAA-inf-1", "2000-01", 2)}


def rows_of(
    scenario: Scenario, folder: Path, rule: str, month: str | None, model: ModelSpec = SPEC
) -> tuple[int, ...]:
    """The assignments.csv rows the one violation of `rule` in `month` names."""
    (violation,) = [
        v
        for v in check_plan(scenario, model, folder).violations
        if v.rule == rule and v.month == month
    ]
    return violation.rows


def test_reserve_frequency(tiny: Scenario, tmp_path: Path) -> None:
    # Without dwell, two mobilizations (2000-01 and 2000-09) fall in one 36-month window.
    scenario = with_nation(tiny, "AAA", dwell_months=0)
    folder = plan(
        tmp_path, "AAA-inf-2,border_control,north,2000-03", "AAA-inf-2,border_control,north,2000-11"
    )
    assert ("reserve-frequency", "AAA-inf-2", "2000-01", 1) in found(scenario, folder)
    # Both tours, by their rows in assignments.csv.
    assert rows_of(scenario, folder, "reserve-frequency", "2000-01") == (2, 3)
    # Three mobilizations in one window are one breach by two, not also a second breach
    # of the window that opens at the second.
    shorter = with_nation(tiny, "AAA", dwell_months=0, tour_months=2)
    starts = ("2000-03", "2000-05", "2000-07")
    plan(tmp_path, *(f"AAA-inf-2,border_control,north,{start}" for start in starts))
    frequent = {v for v in found(shorter, folder) if v[0] == "reserve-frequency"}
    assert frequent == {("reserve-frequency", "AAA-inf-2", "2000-01", 2)}
    # A tour on the same months as another is on two tours at once: the second would
    # have to be mobilized a tour and a dwell later (6 + 6 months), the measure of a
    # dwell breach without overlap too.
    plan(tmp_path, "AAA-inf-1,border_control,north,2000-03", "AAA-inf-1,public_order,north,2000-03")
    assert ("dwell", "AAA-inf-1", "2000-03", 12) in found(tiny, folder)
    # Started two months into its tour ending 2000-08: 6 + 6 - 2 months early.
    plan(tmp_path, "AAA-inf-1,border_control,north,2000-03", "AAA-inf-1,public_order,north,2000-05")
    (overlap,) = [v for v in check_plan(tiny, SPEC, folder).violations if v.rule == "dwell"]
    assert (overlap.month, overlap.amount) == ("2000-05", 10)
    assert overlap.message == (
        "on two tours at once: mobilized before its tour ending 2000-08 ends, "
        "then 6 month(s) at home required"
    )


def test_a_reserve_mobilization_stood_down_by_a_re_plan_counts_in_its_window(
    tiny: Scenario, tmp_path: Path
) -> None:
    # AAA-inf-2 (a reserve, here once per 8 months, no reserve share to let it serve alone)
    # was mobilized in 2000-01 for a tour events stood down before it deployed, so it is in
    # no row; a re-plan from 2000-04 that mobilizes it again in 2000-06 calls it up twice
    # in one window.
    tiny = with_nation(tiny, "AAA", reserve_max_share=None, reserve_window_months=8)
    folder = plan(tmp_path, "AAA-inf-2,border_control,north,2000-08")
    assert check_plan(tiny, SPEC, folder).ok
    (folder / "replan.yaml").write_text(
        "from: 2000-04\nstood_down:\n  - unit: AAA-inf-2\n    mobilized: 2000-01\n"
        "base_run: before\n"
    )
    report = check_plan(tiny, SPEC, folder)
    (violation,) = report.violations
    assert (violation.rule, violation.entity, violation.month, violation.amount) == (
        "reserve-frequency",
        "AAA-inf-2",
        "2000-01",
        1,
    )
    assert violation.message == (
        "2 call-ups within 8 months, 1 allowed (counting 1 stood down before "
        "deploying, mobilized 2000-01)"
    )
    assert violation.rows == (2,)
    assert (
        "reserve mobilizations stood down before they deployed (replan.yaml): AAA-inf-2's "
        "of 2000-01, each counted in its unit's reserve window"
    ) in report.assumed
    # Its next window is free: mobilized from 2000-09 on, it breaks nothing.
    plan(tmp_path, "AAA-inf-2,border_control,north,2000-11")
    assert check_plan(tiny, SPEC, folder).ok
    # So is a call-up stood down in 2000-09, 8 months after one in 2000-01 (for a tour from
    # 2000-03): the window of 2000-01 ends in 2000-08 (mutation-tested: a stood-down
    # call-up in the month after a window had been counted in it).
    plan(tmp_path, "AAA-inf-2,border_control,north,2000-03")
    (folder / "replan.yaml").write_text(
        "from: 2000-10\nstood_down:\n  - unit: AAA-inf-2\n    mobilized: 2000-09\n"
        "base_run: before\n"
    )
    assert check_plan(tiny, SPEC, folder).ok
    # A mobilization with no month, or a month mistyped, is bad input at its line.
    (folder / "replan.yaml").write_text("from: 2000-04\nstood_down:\n  - unit: AAA-inf-2\n")
    with pytest.raises(ScenarioError) as shape:
        check_plan(tiny, SPEC, folder)
    assert [p.rule for p in shape.value.problems] == ["yaml-shape"]
    (folder / "replan.yaml").write_text(
        "from: 2000-04\nstood_down:\n  - unit: AAA-inf-2\n    mobilized: 2000-13\n"
        "base_run: before\n"
    )
    with pytest.raises(ScenarioError) as mistyped:
        check_plan(tiny, SPEC, folder)
    assert [(p.row, p.column, p.rule, p.value) for p in mistyped.value.problems] == [
        (4, "mobilized", "format", "2000-13")
    ]
    # A unit the scenario does not have, or a month outside its horizon, would count for
    # nothing: bad input, all at once, with a re-plan month outside it too.
    (folder / "replan.yaml").write_text(
        "from: 2000-04\nearlier: [2001-02]\nstood_down:\n"
        "  - unit: AAA-inf-9\n    mobilized: 2000-01\n"
        "  - unit: AAA-inf-2\n    mobilized: 1999-12\nbase_run: before\n"
    )
    result = CliRunner().invoke(app, ["check", str(TINY), str(folder)])
    assert result.exit_code == 2, result.output
    # Named in the folder given: the working folder may hold several runs' records.
    record = folder / "replan.yaml"
    assert [line.strip() for line in result.output.splitlines() if "replan.yaml" in line] == [
        f"error {record}, line 2, key earlier: [outside-horizon] must be within 2000-01..2000-12 "
        "(value '2001-02')",
        f"error {record}, line 4, key unit: [unknown-unit] no unit 'AAA-inf-9' in the scenario; "
        "did you mean AAA-inf-2? (value 'AAA-inf-9')",
        f"error {record}, line 7, key mobilized: [outside-horizon] must be within "
        "2000-01..2000-12 (value '1999-12')",
    ]
    # An active unit's tour is never stood down in training, and a call-up from the re-plan's
    # month on is the re-plan's own: neither counts in a reserve window, so neither is read.
    (folder / "replan.yaml").write_text(
        "from: 2000-04\nearlier: [2000-02]\nstood_down:\n"
        "  - unit: AAA-inf-1\n    mobilized: 2000-01\n"
        "  - unit: AAA-inf-2\n    mobilized: 2000-04\n"
        "  - unit: AAA-inf-2\n    mobilized: 2000-03\nbase_run: before\n"
    )
    with pytest.raises(ScenarioError) as misread:
        check_plan(tiny, SPEC, folder)
    assert [(p.row, p.column, p.rule, p.message) for p in misread.value.problems] == [
        (
            4,
            "unit",
            "not-reserve",
            "AAA-inf-1 is an active unit: only a reserve's call-up is stood down",
        ),
        (
            7,
            "mobilized",
            "after-replan",
            "a re-plan from 2000-04 stands down only call-ups mobilized before it",
        ),
    ]


def test_a_call_up_stood_down_twice_is_bad_input_at_its_line(tmp_path: Path) -> None:
    """A stood-down entry copied counted twice in its unit's reserve window: AAA-inf-2
    (once per 36 months) called up in 2000-08 beside a stand-down of 2000-01 written twice
    broke reserve-frequency by 2, where a re-plan records each call-up once (a stood-down
    call-up it deploys after all, none). Refused at the copy's line, its month however
    written, by check and evaluate alike (exit 2), nothing written."""
    folder = plan(tmp_path, "AAA-inf-2,border_control,north,2000-08")
    (folder / "replan.yaml").write_text(
        "from: 2000-04\nstood_down:\n"
        "  - unit: AAA-inf-2\n    mobilized: 2000-01\n"
        "  - unit: AAA-inf-2\n    mobilized: 2000-1\nbase_run: before\n"
    )
    with pytest.raises(ScenarioError) as caught:
        check_plan(TINY, SPEC, folder)
    assert [(p.row, p.rule, p.message) for p in caught.value.problems] == [
        (
            5,
            "duplicate-key",
            "AAA-inf-2's call-up of 2000-01 is stood down above already: delete one (a "
            "call-up counts once in its unit's reserve window)",
        )
    ]
    runner = CliRunner()
    for command in (["check"], ["evaluate", "--out", str(tmp_path / "out")]):
        result = runner.invoke(app, [command[0], str(TINY), str(folder), *command[1:]])
        said = " ".join(result.output.split())
        assert result.exit_code == 2 and "Traceback" not in said, said
        assert f"error {folder / 'replan.yaml'}, line 5: [duplicate-key] AAA-inf-2's" in said
    assert not (tmp_path / "out").exists()
    # Once, it is one call-up beside the tour's: 2 in the window, by 1.
    (folder / "replan.yaml").write_text(
        "from: 2000-04\nstood_down:\n  - unit: AAA-inf-2\n    mobilized: 2000-01\n"
        "base_run: before\n"
    )
    assert {v for v in found(load_scenario(TINY), folder) if v[0] == "reserve-frequency"} == {
        ("reserve-frequency", "AAA-inf-2", "2000-01", 1)
    }


def test_every_two_tours_of_a_unit_too_close_are_named(tiny: Scenario, tmp_path: Path) -> None:
    # AAA-inf-1 (tour 6) from 2000-01, 2000-03 and 2000-05: each two are on at once, the
    # first and the last too (2000-05 starts before 2000-06 ends). Only neighbours were
    # named, so dropping the middle tour left a clash the checker had not said.
    starts = ("2000-01", "2000-03", "2000-05")
    folder = plan(tmp_path, *(f"AAA-inf-1,border_control,north,{start}" for start in starts))
    clashes = sorted(
        (v.month, v.rows, v.amount)
        for v in check_plan(tiny, SPEC, folder).violations
        if v.rule == "dwell"
    )
    # By how much later each would have to be mobilized for 6 months of dwell.
    assert clashes == [("2000-03", (2, 3), 10), ("2000-05", (2, 4), 8), ("2000-05", (3, 4), 10)]
    # Back the month after its tour ends is no month at home, not two tours at once
    # (mutation-tested: `home <= 0` had said so).
    plan(
        tmp_path, "AAA-inf-1,border_control,north,2000-01", "AAA-inf-1,border_control,north,2000-07"
    )
    (short,) = [v for v in check_plan(tiny, SPEC, folder).violations if v.rule == "dwell"]
    assert (short.month, short.amount) == ("2000-07", 6)
    assert short.message == "0 month(s) at home between tours, 6 required"


def test_ceiling_and_reserve_share(tiny: Scenario, tmp_path: Path) -> None:
    # Ceiling 500: 300 + 300 in 2000-03..2000-06 is 100 over; reserves 300 of 600 is 50%,
    # at the limit; lowered to 40% it is 60 over (300 - 0.4 x 600).
    scenario = with_nation(tiny, "AAA", ceiling=500, reserve_max_share=0.4)
    folder = plan(
        tmp_path, "AAA-inf-1,border_control,north,2000-01", "AAA-inf-2,aid_escort,south,2000-03"
    )
    violations = found(scenario, folder)
    assert ("ceiling", "AAA", "2000-03", 100) in violations
    assert ("reserve-share", "AAA", "2000-03", 60) in violations
    assert not any(v[0] == "ceiling" and v[2] == "2000-01" for v in violations)
    # Each names the tours in theatre that month: both for the ceiling, the reserve's alone.
    assert rows_of(scenario, folder, "ceiling", "2000-03") == (2, 3)
    assert rows_of(scenario, folder, "reserve-share", "2000-03") == (3,)


def test_budget_by_fiscal_year(tiny: Scenario, tmp_path: Path) -> None:
    # BBB from 2000-03 for 4 months, all in FY 1999: 150 x 1,200 x 4 + 150 x 400 = 780,000.
    scenario = with_nation(tiny, "BBB", budget_per_year=500_000.0)
    folder = plan(
        tmp_path, "BBB-mp-1,aid_escort,south,2000-03", "AAA-mp-1,aid_escort,south,2000-01"
    )
    assert ("budget", "BBB", "FY1999", 280_000) in found(scenario, folder)
    assert rows_of(scenario, folder, "budget", "FY1999") == (2,)  # BBB's tour, not AAA's


def test_a_tour_past_the_horizon_spends_its_fiscal_year_whole(
    tiny: Scenario, tmp_path: Path
) -> None:
    # BBB from 2000-11 for 4 months, two past the horizon's end but all in FY 2000: paid
    # for whole, 780,000 as above, where the horizon's months alone (420,000) would fit.
    scenario = with_nation(tiny, "BBB", budget_per_year=500_000.0)
    folder = plan(tmp_path, "BBB-mp-1,aid_escort,south,2000-11")
    assert ("budget", "BBB", "FY2000", 280_000) in found(scenario, folder)
    # Said, since no table of the plan shows those months: 150 x 1,200 x 2.
    (said,) = [v for v in check_plan(scenario, SPEC, folder).violations if v.rule == "budget"]
    assert said.message == "spends 780,000 of 500,000, 360,000 of it after the horizon's end"
    # A run written before that rule (its costs.csv without those months) is told so.
    (folder / "costs.csv").write_text("nation,fiscal_year,cost,budget\nBBB,2000,420000.0,500000\n")
    (old,) = [v for v in check_plan(scenario, SPEC, folder).violations if v.entity == "costs BBB"]
    assert "written under the earlier rule, which left out the 360,000" in old.message


def test_nations_counted_at_once_are_those_there_in_one_month(
    tiny: Scenario, tmp_path: Path
) -> None:
    """AAA serves the south from 2000-01, then BBB relieves it in 2000-07: one nation at a
    time, though two over the horizon. AAA staying beside BBB puts two there at once."""
    at_once = SPEC.model_copy(
        update={
            "coalition": SPEC.coalition.model_copy(
                update={"max_nations_per_region": 1, "nations_counted": "at-once"}
            )
        }
    )
    relieved = plan(
        tmp_path, "AAA-mp-1,aid_escort,south,2000-01", "BBB-mp-1,aid_escort,south,2000-07"
    )
    assert not [v for v in found(tiny, relieved, at_once) if v[0].startswith("nations")]
    beside = plan(
        tmp_path,
        "AAA-mp-1,aid_escort,south,2000-01",
        "BBB-mp-1,aid_escort,south,2000-07",
        "AAA-inf-1,aid_escort,south,2000-07",
    )
    # BBB's 4-month tour beside AAA's 6-month one: two nations in 2000-07..10.
    assert sorted(v for v in found(tiny, beside, at_once) if v[0].startswith("nations")) == [
        ("nations-per-region", "south", f"2000-{m:02d}", 1) for m in (7, 8, 9, 10)
    ]
    # BBB's one tour there then is the least to move (a tie with AAA's one, by name).
    assert rows_of(tiny, beside, "nations-per-region", "2000-07", at_once) == (3,)


def test_nations_per_region_and_sector_and_end_date(tiny: Scenario, tmp_path: Path) -> None:
    folder = plan(
        tmp_path,
        "AAA-mp-1,aid_escort,south,2000-01",
        "BBB-mp-1,aid_escort,south,2000-07",
        "AAA-mp-1,aid_escort,south,2000-07",
    )
    one = SPEC.model_copy(
        update={"coalition": SPEC.coalition.model_copy(update={"max_nations_per_region": 1})}
    )
    assert ("nations-per-region", "south", None, 1) in found(tiny, folder, one)
    # BBB's one tour is the least to move, not AAA's two.
    assert rows_of(tiny, folder, "nations-per-region", None, one) == (3,)
    # North and south are both of the central authority: one sector. AAA in the north and
    # BBB in the south keep one nation a region but put two in the sector.
    folder = plan(
        tmp_path, "AAA-inf-1,border_control,north,2000-01", "BBB-mp-1,aid_escort,south,2000-07"
    )
    sector = SPEC.model_copy(
        update={"coalition": SPEC.coalition.model_copy(update={"max_nations_per_sector": 1})}
    )
    assert [v for v in found(tiny, folder, sector) if v[0].startswith("nations")] == [
        ("nations-per-sector", "central", None, 1)
    ]
    assert rows_of(tiny, folder, "nations-per-sector", None, sector) == (3,)  # a tie: BBB's
    folder = plan(
        tmp_path,
        "AAA-mp-1,aid_escort,south,2000-01",
        "BBB-mp-1,aid_escort,south,2000-07",
        "AAA-mp-1,aid_escort,south,2000-07",
    )
    dated = load_spec("complex-peacekeeping")
    dated = dated.model_copy(
        update={"mission": dated.mission.model_copy(update={"end_date": date(2000, 8, 31)})}
    )
    # BBB's tour runs 2000-07..2000-10: two months past the end-date, given as YAML reads
    # an unquoted date (the month is the date's), dated at the first of them, as
    # availability dates its breach (its last month named it as no row of the plan does).
    assert ("end-date", "BBB-mp-1", "2000-09", 2) in found(tiny, folder, dated)
    # A tour begun after the end-date is past it for all its months.
    late = plan(tmp_path, "BBB-mp-1,aid_escort,south,2000-10")
    assert ("end-date", "BBB-mp-1", "2000-10", 4) in found(tiny, late, dated)


def test_an_end_state_missions_end_date_ends_no_tour(tiny: Scenario, tmp_path: Path) -> None:
    """An end_date beside `end: end-state` does nothing (the spec warns so): AAA-inf-1 to
    2000-06 breaks no end-date of 2000-04 (mutation-tested: read with `and` for `or`, the
    end-date had been judged in an end-state mission)."""
    unused = SPEC.model_copy(
        update={"mission": SPEC.mission.model_copy(update={"end_date": "2000-04"})}
    )
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    assert not {v for v in found(tiny, folder, unused) if v[0] == "end-date"}


def test_a_tour_written_to_end_by_or_past_the_end_date_is_judged_to_that_end(
    tiny: Scenario, tmp_path: Path
) -> None:
    """As availability judges a last month: AAA-inf-1 from 2000-01 (to 2000-06) in a
    mission ending 2000-04. Written to end 2000-04 it left in time, a tour 2 months short
    alone; it had been said 'in theatre 2 month(s) after the end-date, to 2000-06' too.
    Written to end 2000-05, it is 1 month past, not its full tour's 2."""
    dated = SPEC.model_copy(
        update={
            "mission": SPEC.mission.model_copy(update={"end": "end-date", "end_date": "2000-04"})
        }
    )
    header = "unit,task,region,start,end"
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01,2000-04", header=header)
    assert found(tiny, folder, dated) == {("tour-length", "AAA-inf-1", "2000-01", 2)}
    plan(tmp_path, "AAA-inf-1,border_control,north,2000-01,2000-05", header=header)
    assert found(tiny, folder, dated) == {
        ("tour-length", "AAA-inf-1", "2000-01", 1),
        ("end-date", "AAA-inf-1", "2000-05", 1),
    }
    (late,) = [v for v in check_plan(tiny, dated, folder).violations if v.rule == "end-date"]
    assert late.message == (
        "in theatre 1 month(s) after the end-date 2000-04, to its end as written, 2000-05 "
        "(its full tour's is 2000-06)"
    )
    plan(tmp_path, "AAA-inf-1,border_control,north,2000-01,", header=header)
    (whole,) = check_plan(tiny, dated, folder).violations
    assert (whole.rule, whole.amount, whole.message) == (
        "end-date",
        2,
        "in theatre 2 month(s) after the end-date 2000-04, to 2000-06",
    )


def test_an_end_date_mission_names_each_region_its_plan_hands_over(
    tiny: Scenario, tmp_path: Path
) -> None:
    dated = load_spec("complex-peacekeeping")
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    (folder / "handover.csv").write_text("region,month\nnorth,2000-09\nsouth,2000-11\n")
    assert {v for v in found(tiny, folder, dated) if v[0] == "end-date"} == {
        ("end-date", "north", "2000-09", 1),
        ("end-date", "south", "2000-11", 1),
    }
    # Each by its row of handover.csv, for the planner to clear; no measure ('by 1' had
    # been said, of nothing).
    assert {str(v) for v in check_plan(tiny, dated, folder).violations} == {
        f"[end-date] {region} (handover.csv row {row}, column month): handover.csv hands it "
        "over, and an end-date mission declares no handover"
        for region, row in (("north 2000-09", 2), ("south 2000-11", 3))
    }


def test_a_tour_mobilized_too_early_says_why(tiny: Scenario, tmp_path: Path) -> None:
    """Mobilized before its first month, a tour names that month and what sets it: the
    nation's joining, or the horizon's start for a reservist's training before it."""
    folder = plan(
        tmp_path,
        "BBB-mp-1,aid_escort,south,2000-01",  # BBB joins 2000-03, its unit available then
        "AAA-inf-2,border_control,north,2000-01",  # a reservist: trains from 1999-11
    )
    said = sorted(str(v) for v in check_plan(tiny, SPEC, folder).violations)
    assert [line for line in said if line.startswith("[availability]")] == [
        "[availability] AAA-inf-2 1999-11 (assignments.csv row 3): mobilized 2 month(s) "
        "before it may be: its first month is 2000-01 (the horizon's start) (by 2)",
        "[availability] BBB-mp-1 2000-01 (assignments.csv row 2): mobilized 2 month(s) "
        "before it may be: its first month is 2000-03 (BBB-mp-1's available_from in units.csv "
        "and BBB's join in nations.csv) (by 2)",
    ]


def test_a_tour_in_a_region_after_its_handover_is_said_as_it_is_there(
    tiny: Scenario, tmp_path: Path
) -> None:
    """One tour stays past the handover, one arrives after it: each by its own months
    there from the handover on, not one that arrives counted from the handover."""
    folder = plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01",  # 2000-01..06: stays 2000-03..06
        "AAA-inf-2,border_control,north,2000-09",  # 2000-09 to the horizon's end, 2000-12
    )
    (folder / "handover.csv").write_text("region,month\nnorth,2000-03\n")
    said = {
        v.message: v.amount
        for v in check_plan(tiny, SPEC, folder).violations
        if v.rule == "handover-presence"
    }
    assert said == {
        "AAA-inf-1 stays after the handover": 4,
        "AAA-inf-2 arrives after the handover, in 2000-09": 4,
    }
    (folder / "handover.csv").write_text("region,month\nnorth,2000-09\n")
    said = {
        v.message: v.amount
        for v in check_plan(tiny, SPEC, folder).violations
        if v.rule == "handover-presence"
    }
    assert said == {"AAA-inf-2 arrives in the handover month": 4}
    # A row written to end before the handover left in time, a tour short alone; one
    # written to end in its month stays that month, not its full tour's 4.
    header = "unit,task,region,start,end"
    (folder / "handover.csv").write_text("region,month\nnorth,2000-03\n")
    plan(tmp_path, "AAA-inf-1,border_control,north,2000-01,2000-02", header=header)
    of_tour = {v for v in found(tiny, folder) if v[1] == "AAA-inf-1" or "presence" in v[0]}
    assert of_tour == {("tour-length", "AAA-inf-1", "2000-01", 4)}
    plan(tmp_path, "AAA-inf-1,border_control,north,2000-01,2000-03", header=header)
    (stays,) = [
        v for v in check_plan(tiny, SPEC, folder).violations if v.rule == "handover-presence"
    ]
    assert (stays.amount, stays.message) == (
        1,
        "AAA-inf-1 stays after the handover to its end as written, 2000-03 (its full tour's "
        "is 2000-06)",
    )


def test_domestic_pipeline_and_handover(tiny: Scenario, tmp_path: Path) -> None:
    run = solve_scenario(tiny, SPEC)
    run.write(tmp_path / "run")
    folder = tmp_path / "run"
    assert check_plan(tiny, SPEC, folder).ok
    domestic = (folder / "domestic.csv").read_text().splitlines()
    month, *cells = domestic[1].split(",")
    cells[0] = "80"  # 80 recruits in a month where at most 50 are available
    domestic[1] = ",".join([month, *cells])
    (folder / "domestic.csv").write_text("\n".join(domestic) + "\n")
    rules = {v[0] for v in found(tiny, folder)}
    assert {"recruits", "course"} <= rules
    (folder / "handover.csv").write_text("region,month\nnorth,2000-02\n")
    assert any(v[0] == "handover-presence" and v[1] == "north" for v in found(tiny, folder))
    # Handed over in month 1 of the horizon, K = 3 months after the domestic force held
    # it alone: two of them would lie before the horizon, where nothing is known.
    assert ("handover-coverage", "north", "2000-02", 2) in found(tiny, folder)
    # In a re-plan from a later month it is history, made under the rules of its day.
    (folder / "replan.yaml").write_text("from: 2000-06\nbase_run: before\n")
    assert ("handover-coverage", "north", "2000-02", 2) not in found(tiny, folder)


def test_a_region_handed_over_by_decision(tiny_south_handed_over: Scenario, tmp_path: Path) -> None:
    case = tiny_south_handed_over
    # AAA's tours last 6 months: from 2000-02 the military police would stay into 2000-07.
    folder = plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-02")
    assert found(case, folder) == {("handed-over", "AAA-mp-1", "2000-07", 1)}
    # Its row written to end in 2000-06, out before the handover, is a tour a month short,
    # not also one in the region after it.
    header = "unit,task,region,start,end"
    written = plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-02,2000-06", header=header)
    assert found(case, written) == {("tour-length", "AAA-mp-1", "2000-02", 1)}
    # From 2000-03 (to 2000-08), written to end in 2000-07: in the region 1 month after its
    # handover as written, not its full tour's 2.
    plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-03,2000-07", header=header)
    assert found(case, written) == {
        ("handed-over", "AAA-mp-1", "2000-07", 1),
        ("tour-length", "AAA-mp-1", "2000-03", 1),
    }
    (late,) = [v for v in check_plan(case, SPEC, written).violations if v.rule == "handed-over"]
    assert late.message == (
        "in south from 2000-07 to its end as written, 2000-07 (its full tour's is 2000-08): "
        "handed over to the domestic force in 2000-07 (regions.csv)"
    )
    # Written with no end in a re-plan from 2000-03, in motion then: how to cut it is said.
    folder = plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-02")
    (folder / "replan.yaml").write_text("from: 2000-03\nbase_run: before\n")
    (held,) = check_plan(case, SPEC, folder).violations
    assert (held.rule, held.message) == (
        "handed-over",
        "in south from 2000-07: handed over to the domestic force in 2000-07 (regions.csv); a "
        "re-plan cuts a tour in motion short by its `end`: write '2000-06'",
    )
    (folder / "replan.yaml").unlink()
    folder = plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-01")
    report = check_plan(case, SPEC, folder)
    # Without handover.csv, judged as handed over as decided, as evaluate works it out,
    # and said so: it was a handover check skipped, the decision unjudged and unsaid.
    assert report.ok and report.skipped == [
        "domestic pipeline recomputation (no domestic.csv)",
        "coverage recomputation (no coverage.csv)",
        "cost recomputation (no costs.csv)",
    ]
    assert f"{AS_DECIDED} (no handover.csv)" in report.assumed

    def handover(month: str) -> set[tuple[str, str, str | None, float]]:
        (folder / "handover.csv").write_text(f"region,month\nsouth,{month}\n")
        return {v for v in found(case, folder) if v[1].startswith("south")}

    # Handed over then, nothing is asked of the domestic force (there is none here)...
    assert handover("2000-07") == set()
    # ...later or never is not what was decided...
    assert handover("2000-09") == {("handover-declared", "south", "2000-07", 2)}
    (late,) = check_plan(case, SPEC, folder).violations
    assert str(late) == (
        "[handover-declared] south 2000-07 (handover.csv row 2, column month): handed over to "
        "the domestic force in 2000-07 by decision (regions.csv handed_over); the plan says "
        "2000-09 (by 2)"
    )
    assert handover("") == {("handover-declared", "south", "2000-07", 6)}
    # ...and earlier, by the plan, the domestic force holds it alone K = 3 months before.
    assert ("handover-coverage", "south/aid_escort", "2000-03", 90) in handover("2000-06")
    # Named by the handover month, for the planner who moved it to see why.
    (held,) = [
        v
        for v in check_plan(case, SPEC, folder).violations
        if (v.rule, v.entity, v.month) == ("handover-coverage", "south/aid_escort", "2000-03")
    ]
    assert "from 3 month(s) before its handover in 2000-06 on" in held.message


def test_training_demand_ends_at_its_regions_handover(tiny: Scenario, tmp_path: Path) -> None:
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    (folder / "handover.csv").write_text("region,month\nsouth,2000-11\n")

    def demand_written(
        value: str, month: str = "2000-11", task: str = "constabulary_training"
    ) -> list[str]:
        (folder / "coverage.csv").write_text(
            "region,task,month,demand,international,domestic,shortfall\n"
            f"south,{task},{month},{value},0,0,0\n"
        )
        report = check_plan(tiny, SPEC, folder)
        return [v.message for v in report.violations if v.message.startswith("demand is")]

    assert demand_written("0") == []  # the demand in force: training has ended
    assert demand_written("20") == []  # the scenario's, as runs wrote it before
    assert demand_written("15") == ["demand is 15, recomputed 0"]
    # Only from the handover on, and only a task that ends at it (mutation-tested: with
    # `or` for `and`, both had been taken as ended).
    assert demand_written("0", "2000-10") == ["demand is 0, recomputed 20"]
    assert demand_written("0", task="aid_escort") == ["demand is 0, recomputed 90"]


def test_tables_must_match_the_tours(tiny: Scenario, tmp_path: Path) -> None:
    run = solve_scenario(tiny, SPEC)
    run.write(tmp_path / "run")
    costs = tmp_path / "run" / "costs.csv"
    lines = costs.read_text().splitlines()
    nation, year, cost, budget = lines[1].split(",")
    lines[1] = ",".join([nation, year, str(float(cost) + 5), budget])
    costs.write_text("\n".join(lines) + "\n")
    assert ("table-mismatch", f"costs {nation}", f"FY{year}", 5) in found(tiny, tmp_path / "run")
    # A year left out of costs.csv is a year whose spending the table hides.
    costs.write_text("\n".join([lines[0], *lines[2:]]) + "\n")
    assert ("table-mismatch", f"costs {nation}", f"FY{year}", float(cost)) in found(
        tiny, tmp_path / "run"
    )


def test_a_costs_tables_budget_is_the_scenarios(tiny: Scenario, tmp_path: Path) -> None:
    # AAA has no budget; BBB's is 2,000,000 a fiscal year. AAA-inf-1's tour costs 1,950,000
    # in FY1999 (300 x 1,000 x 6 months, 300 x 500 to rotate), and BBB spends nothing.
    # 1,999,990 is 10 short of 2,000,000, beyond the 2 (1e-6 of it) money is allowed.
    # A budget of 0 where there is none is a cap of nothing, no nearer none than 1 or a
    # billion: one value too many, counted, not measured (it had said "(by 0)").
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    (folder / "costs.csv").write_text(
        "nation,fiscal_year,cost,budget\n"
        "AAA,1999,1950000,\nAAA,2000,0,0\nBBB,1999,0,\nBBB,2000,0,1999990\n"
    )
    violations = check_plan(tiny, SPEC, folder).violations
    assert {(str(v), v.amount) for v in violations} == {
        (
            "[table-mismatch] costs AAA FY2000 (costs.csv row 3, column budget): budget is 0, "
            "the scenario has none",
            1,
        ),
        (
            "[table-mismatch] costs BBB FY1999 (costs.csv row 4, column budget): budget is "
            "blank, the scenario's is 2,000,000 (by 2,000,000)",
            2_000_000,
        ),
        (
            "[table-mismatch] costs BBB FY2000 (costs.csv row 5, column budget): budget is "
            "1,999,990, the scenario's is 2,000,000 (by 10)",
            10,
        ),
    }
    # Written as the scenario gives them, blank where it gives none, the table holds.
    (folder / "costs.csv").write_text(
        "nation,fiscal_year,cost,budget\nAAA,1999,1950000,\nBBB,1999,0,2000000\n"
    )
    assert check_plan(tiny, SPEC, folder).ok
    # Blank where BBB's budget is 0: a value missing, not "(by 0)".
    nations = tiny.table("nations")
    nations.loc[nations["nation"] == "BBB", "budget_per_year"] = 0.0
    (folder / "costs.csv").write_text(
        "nation,fiscal_year,cost,budget\nAAA,1999,1950000,\nBBB,1999,0,\n"
    )
    (blank,) = check_plan(tiny.with_table("nations", nations), SPEC, folder).violations
    assert (str(blank).endswith("budget is blank, the scenario's is 0"), blank.amount) == (True, 1)


def test_a_costs_row_twice_or_of_a_nation_not_in_the_scenario_is_bad_input(
    tiny: Scenario, tmp_path: Path
) -> None:
    # AAA-inf-1's tour costs 1,950,000 in FY1999 (300 x 1,000 x 6 months, 300 x 500 to
    # rotate): written twice, which row is meant? ZZZ spends nothing, but is no nation of
    # tiny's. Bad input, as a row twice or an unknown code of the other tables is.
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    (folder / "costs.csv").write_text(
        "nation,fiscal_year,cost\nAAA,1999,1950000\nAAA,1999,1950000\nZZZ,1999,0\n"
    )
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, folder)
    assert [(p.file, p.row, p.column, p.rule, p.value) for p in caught.value.problems] == [
        ("costs.csv", 3, "fiscal_year", "duplicate-key", "AAA FY1999"),
        ("costs.csv", 4, "nation", "unknown-nation", "ZZZ"),
    ]


def test_a_coverage_column_of_a_nation_not_in_the_scenario_is_bad_input(
    tiny: Scenario, tmp_path: Path
) -> None:
    # intl_AAA misspelt intl_AAAA would be a mismatch in each of its rows against the none
    # it recomputes to; intl_XXX, a column of zeros, would pass unsaid. Each is bad input,
    # as costs.csv's row of a nation the scenario does not have is, named once.
    run = tmp_path / "run"
    solve_scenario(tiny, SPEC).write(run)
    coverage = pd.read_csv(run / "coverage.csv").rename(columns={"intl_AAA": "intl_AAAA"})
    coverage.assign(intl_XXX=0).to_csv(run / "coverage.csv", index=False)
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, run)
    assert [str(p) for p in caught.value.problems] == [
        "coverage.csv, row 1, column intl_AAAA: [unknown-nation] no nation 'AAAA' in the "
        "scenario; did you mean AAA? (value 'AAAA')",
        "coverage.csv, row 1, column intl_XXX: [unknown-nation] no nation 'XXX' in the "
        "scenario (value 'XXX')",
    ]
    result = CliRunner().invoke(app, ["check", str(TINY), str(run)])
    assert result.exit_code == 2 and "table-mismatch" not in result.output
    assert result.output.count("[unknown-nation]") == 2
    # evaluate works coverage.csv out anew, as it does costs.csv with such a row: a warning.
    out = tmp_path / "evaluated"
    result = CliRunner().invoke(app, ["evaluate", str(TINY), str(run), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "column intl_XXX: [unknown-nation] no nation 'XXX' in the scenario (a value " in (
        " ".join(result.output.split())
    )
    assert "intl_XXX" not in (out / "coverage.csv").read_text()


def test_a_plan_tables_violation_names_its_file_row_and_column(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A planner mends a table in a spreadsheet: each violation of one names its cell,
    rows numbered as the spreadsheet shows them (the header row 1, a blank row counted)."""
    floor = SPEC.model_copy(
        update={
            "mission": SPEC.mission.model_copy(update={"coverage_floor": 0.5}),
            "rules": SPEC.rules.model_copy(update={"coverage_floor": "hard"}),
        }
    )
    # AAA-inf-1 holds the north's border (300 effective of 300) from 2000-01 to 2000-06.
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    # 60 recruits in 2000-01, 10 over the 50 a month, and none trains them; still 60 in
    # training in 2000-02 (a 2-month course), not the 70 written.
    (folder / "domestic.csv").write_text(
        "month,recruits,in_training,strength\n2000-01,60,60,0\n\n2000-02,0,70,0\n"
    )
    # No officer trained yet, 40 on public order (20 effective of 100: 80 short) and 10
    # on aid escort, which the domestic force may not take (5 effective of 90: 85 short,
    # 40 over the 45 the 50% floor allows, not the 45 written).
    (folder / "coverage.csv").write_text(
        "region,task,month,international,domestic,shortfall\n"
        "north,border_control,2000-01,300,0,0\n"
        "north,public_order,2000-01,0,40,80\n"
        "south,aid_escort,2000-01,0,10,45\n"
    )
    # 1,950,000 in the fiscal year from July 1999 (300 x 1,000 x 6 months, 300 x 500 to
    # rotate).
    (folder / "costs.csv").write_text("nation,fiscal_year,cost\nAAA,1999,1950005\n")
    lines = {str(v) for v in check_plan(tiny, floor, folder).violations}
    assert {
        "[recruits] domestic 2000-01 (domestic.csv row 2, column recruits): 60 recruits, "
        "from 0 to 50 a month (by 10)",
        "[trainers] domestic 2000-01 (domestic.csv row 2, column in_training): 60.0 trainees "
        "for 0.0 effective trainers, who teach 0.0 at 10 each (by 60)",
        "[course] domestic 2000-02 (domestic.csv row 4, column in_training): in_training is "
        "70, recomputed 60 (by 10)",
        "[domestic-task] south/aid_escort 2000-01 (coverage.csv row 4, column domestic): the "
        "domestic force may not take aid_escort (by 10)",
        "[employment] domestic 2000-01 (coverage.csv rows 3-4, column domestic): 50.0 "
        "domestic officers employed of 0.0 (by 50)",
        "[table-mismatch] coverage south/aid_escort 2000-01 (coverage.csv row 4, column "
        "shortfall): shortfall is 45, recomputed 85 (by 40)",
        "[coverage-floor] south/aid_escort 2000-01 (coverage.csv row 4, column domestic): "
        "covers 5 of 90, less than 50% (by 40)",
        "[table-mismatch] costs AAA FY1999 (costs.csv row 2, column cost): cost is 1,950,005, "
        "recomputed 1,950,000 (by 5)",
    } <= lines
    # Officers on more cells of a month than a handful are named by its row of domestic.csv.
    cells = ["north,aid_escort", "north,constabulary_training", "south,border_control"]
    cells += ["south,public_order", "south,constabulary_training", "north,public_order"]
    with (folder / "coverage.csv").open("a") as coverage:
        coverage.writelines(f"{cell},2000-02,0,1,0\n" for cell in cells)
    (employed,) = [
        v
        for v in check_plan(tiny, floor, folder).violations
        if (v.rule, v.month) == ("employment", "2000-02")
    ]
    assert str(employed) == (
        "[employment] domestic 2000-02 (domestic.csv row 4): 6.0 domestic officers employed "
        "of 0.0 (by 6)"
    )
    # A handover by the plan too early names its row of handover.csv, and each month the
    # domestic force does not hold the region alone its cell of coverage.csv, where it has
    # one.
    (folder / "handover.csv").write_text("region,month\n\nnorth,2000-02\n")
    lines = {str(v) for v in check_plan(tiny, SPEC, folder).violations}
    alone = "from 3 month(s) before its handover in 2000-02 on, and covers"
    assert {
        "[handover-coverage] north 2000-02 (handover.csv row 3, column month): handed over "
        "before the domestic force has held it alone for 3 month(s) of the horizon (by 2)",
        # In officers too, the figure to type (by 80 effective personnel, at 0.5 each).
        f"[handover-coverage] north/public_order 2000-01 (coverage.csv row 3, column "
        f"domestic): the domestic force alone must cover the 100 effective personnel needed "
        f"{alone} 20: 160 domestic officer(s) more (by 80)",
        f"[handover-coverage] north/border_control 2000-02: the domestic force alone must "
        f"cover the 300 effective personnel needed {alone} 0: 600 domestic officer(s) more "
        "(by 300)",
    } <= lines
    # A plan written again from a planner's sheet (evaluate) names the sheet's row of the
    # month, without a column the sheet lacks; a file it has no row of, the run's.
    (cell,) = [v for v in check_plan(tiny, SPEC, folder).violations if v.rule == "course"]
    sheet = ("plan.xlsx[domestic]", {cell.rows[0]: 7}, {"month": "month"})
    moved = cell.renumbered({"domestic.csv": sheet}, "run")
    assert (moved.file, moved.rows, moved.column) == ("plan.xlsx[domestic]", (7,), None)
    assert cell.renumbered({}, "run") == replace(cell, file=str(Path("run", "domestic.csv")))


def test_officers_employed_beyond_the_strength_by_a_sliver_are_shown_apart(
    tiny: Scenario, tmp_path: Path
) -> None:
    # 50 recruits in 2000-01 graduate in 2000-03 (a 2-month course): 50 officers, tiny
    # having none to wear down before. 50.01 on public order is 0.01 too many, which one
    # decimal would show as 50.0 of 50.0.
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    (folder / "domestic.csv").write_text("month,recruits,in_training,strength\n2000-01,50,50,0\n")
    (folder / "coverage.csv").write_text(
        "region,task,month,international,domestic,shortfall\nnorth,public_order,2000-03,0,50.01,0\n"
    )
    (employed,) = [v for v in check_plan(tiny, SPEC, folder).violations if v.rule == "employment"]
    assert str(employed) == (
        "[employment] domestic 2000-03 (coverage.csv row 2, column domestic): 50.01 domestic "
        "officers employed of 50 (by 0.01)"
    )

    # The same for the recruits' cap (tiny: 50 a month) and a strength written off a
    # recount: 2e-4 apart had read as 50 of 50, or strength 50 recomputed 50.
    def said(rule: str, *rows: str) -> list[str]:
        header = "month,recruits,in_training,strength\n"
        (folder / "domestic.csv").write_text(header + "\n".join(rows) + "\n")
        return [str(v) for v in check_plan(tiny, SPEC, folder).violations if v.rule == rule]

    (recruits,) = said("recruits", "2000-01,50.0002,50.0002,0")
    assert recruits.endswith("50.0002 recruits, from 0 to 50 a month (by 0.0002)"), recruits
    wrong = said("strength", "2000-01,50,50,0", "2000-02,0,50,0", "2000-03,0,0,50.0002")
    assert wrong[0].startswith("[strength] domestic 2000-03"), wrong
    assert "strength is 50.0002, recomputed 50 (" in wrong[0], wrong
    # A hundred-thousandth is within a millionth of 50: neither is said (mutation-tested:
    # either tolerance taken the wrong way had said both).
    (folder / "coverage.csv").write_text(
        "region,task,month,international,domestic,shortfall\n"
        "north,public_order,2000-03,0,50.00001,0\n"
    )
    rows = ("2000-01,50,50,0", "2000-02,0,50,0", "2000-03,0,0,50.00001")
    assert not said("employment", *rows)
    assert not [line for line in said("strength", *rows) if "2000-03" in line]


def test_officers_on_a_handful_of_cells_are_named_by_them(tiny: Scenario, tmp_path: Path) -> None:
    """Five cells, a handful, each with an officer tiny does not have: the employment
    breach names their five rows of coverage.csv (mutation-tested: `< HANDFUL` had named
    none)."""
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    cells = ["north,aid_escort", "north,constabulary_training", "south,border_control"]
    cells += ["south,public_order", "north,public_order"]
    (folder / "coverage.csv").write_text(
        "region,task,month,international,domestic,shortfall\n"
        + "".join(f"{cell},2000-02,0,1,0\n" for cell in cells)
    )
    report = check_plan(tiny, SPEC, folder)
    (employed,) = [v for v in report.violations if v.rule == "employment"]
    assert (employed.file, sorted(employed.rows), employed.amount) == (
        "coverage.csv",
        [2, 3, 4, 5, 6],
        5,
    )


def test_domestic_officers_must_exist_without_domestic_csv(tiny: Scenario, tmp_path: Path) -> None:
    # Tiny starts with no domestic force: without domestic.csv no one is ever recruited, so
    # 40 officers on public order are 40 too many.
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    coverage = (
        "region,task,month,international,domestic,shortfall\nnorth,public_order,2000-03,0,40,80\n"
    )
    (folder / "coverage.csv").write_text(coverage)
    assert ("employment", "domestic", "2000-03", 40) in found(tiny, folder)
    # Too many, but on a task the domestic force may take; none on aid escort, which it may
    # not: neither is domestic-task (mutation-tested: each had been said one).
    (folder / "coverage.csv").write_text(coverage + "south,aid_escort,2000-03,0,0,90\n")
    assert not {v for v in found(tiny, folder) if v[0] == "domestic-task"}
    # -5 on border control is no head count: bad input, as evaluate reads it.
    (folder / "coverage.csv").write_text(coverage + "north,border_control,2000-03,300,-5,0\n")
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, folder)
    assert [(p.row, p.column, p.rule) for p in caught.value.problems] == [(3, "domestic", "range")]


def test_a_code_in_other_case_is_named_as_meant(tiny: Scenario, tmp_path: Path) -> None:
    """A planner's `North` was refused without a word of `north`."""
    folder = plan(tmp_path, "AAA-inf-1,border_control,North,2000-01")
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, folder)
    [problem] = caught.value.problems
    assert problem.message == "no region 'North'; did you mean north?"
    # Two letters the other way round, or one slip in a short code, far apart by likeness.
    from forcegen.scenario.problems import did_you_mean

    assert did_you_mean("JRO", ["JOR", "KEN"]) == "; did you mean JOR?"
    # Not another contributor's code that shares two letters (a lower cutoff gave these).
    assert did_you_mean("USA", ["AUS", "GBR"]) == did_you_mean("north", ["south"]) == ""


def test_every_month_with_demand_is_covered_or_reported(tiny: Scenario, tmp_path: Path) -> None:
    floor = SPEC.model_copy(
        update={
            "mission": SPEC.mission.model_copy(update={"coverage_floor": 0.5}),
            "rules": SPEC.rules.model_copy(update={"coverage_floor": "hard"}),
        }
    )
    # No coverage.csv: aid escort in the south (demand 90) has no one in 2000-01.
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    assert ("coverage-floor", "south/aid_escort", "2000-01", 45) in found(tiny, folder, floor)
    # A coverage.csv that leaves out a month with demand is a table that does not add up.
    run = solve_scenario(tiny, SPEC)
    run.write(tmp_path / "run")
    coverage = tmp_path / "run" / "coverage.csv"
    lines = coverage.read_text().splitlines()
    kept = [line for line in lines if not line.startswith("south,aid_escort,2000-05,")]
    assert len(kept) == len(lines) - 1
    coverage.write_text("\n".join(kept) + "\n")
    assert any(
        v[:3] == ("table-mismatch", "coverage south/aid_escort", "2000-05")
        for v in found(tiny, tmp_path / "run")
    )


def test_every_written_column_is_recomputed(tiny: Scenario, tmp_path: Path) -> None:
    run = solve_scenario(tiny, SPEC)
    run.write(tmp_path / "run")
    for name, column in [
        ("coverage", "intl_AAA"),
        ("coverage", "demand"),
        ("coverage", "domestic_effective"),
        ("domestic", "graduates"),
        ("domestic", "attrition"),
        ("domestic", "trainers"),
        ("domestic", "employed"),
    ]:
        path = tmp_path / "run" / f"{name}.csv"
        original = path.read_text()
        lines = original.splitlines()
        header = lines[0].split(",")
        cells = lines[1].split(",")
        at = header.index(column)
        cells[at] = str(float(cells[at]) + 7)
        path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
        assert any(
            v.rule == "table-mismatch" and f"{column} is" in v.message and v.amount == 7
            for v in check_plan(tiny, SPEC, tmp_path / "run").violations
        ), column
        path.write_text(original)


def with_personnel(scenario: Scenario, personnel: dict[str, int]) -> Scenario:
    units = tuple(
        u.model_copy(update={"personnel": personnel[u.unit]}) if u.unit in personnel else u
        for u in scenario.units
    )
    return scenario.model_copy(update={"units": units})


def test_head_counts_have_no_tolerance(tiny: Scenario, tmp_path: Path) -> None:
    # 2,000,001 in theatre against a ceiling of 2,000,000: one over, however large.
    big = with_personnel(with_nation(tiny, "AAA", ceiling=2_000_000), {"AAA-inf-1": 2_000_001})
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    assert ("ceiling", "AAA", "2000-01", 1) in found(big, folder)


def test_shares_of_head_counts_have_no_tolerance(tiny: Scenario, tmp_path: Path) -> None:
    """The continuous quantities' tolerance, a millionth of the bound, had let a reserve
    share of two million be passed by a person and a lead share be missed by more than a
    person-month."""
    # AAA's reserves 2,000,002 of 4,000,002 in theatre from 2000-03, 50% allowed: one over.
    big = with_nation(tiny, "AAA", ceiling=10**9)
    reserves = with_personnel(big, {"AAA-inf-1": 2_000_000, "AAA-inf-2": 2_000_002})
    aaa_active = "AAA-inf-1,border_control,north,2000-01"
    folder = plan(tmp_path / "reserve", aaa_active, "AAA-inf-2,border_control,north,2000-03")
    assert ("reserve-share", "AAA", "2000-03", 1) in found(reserves, folder)
    # AAA's 300,000 x 6 of 1,800,000 + 1,050,001 x 4 person-months: 1.2 short of 30%.
    big = with_nation(big, "BBB", ceiling=10**9, budget_per_year=None)
    lead = with_personnel(big, {"AAA-inf-1": 300_000, "BBB-mp-1": 1_050_001})
    folder = plan(tmp_path / "lead", aaa_active, "BBB-mp-1,aid_escort,south,2000-03")
    (short,) = [v for v in check_plan(lead, SPEC, folder).violations if v.rule == "lead-share"]
    assert short.amount == pytest.approx(1.2)


def test_a_share_of_head_counts_met_exactly_is_kept(tiny: Scenario, tmp_path: Path) -> None:
    """0.55 x 100 is 55.00000000000001 in floating point: 55 of 100 keeps a share of 55%,
    the reserves' and the lead's alike (mutation-tested: with the rounding allowed the
    share's product taken the wrong way, both had been said broken)."""
    shares = {"reserve-share", "lead-share"}
    # From 2000-03 to 2000-08 AAA has 45 active and 55 reserves in theatre.
    reserves = with_personnel(
        with_nation(tiny, "AAA", reserve_max_share=0.55), {"AAA-inf-1": 45, "AAA-inf-2": 55}
    )
    rows = ("AAA-inf-1,border_control,north", "AAA-inf-2,border_control,north")
    folder = plan(tmp_path, *(f"{row},2000-03" for row in rows))
    assert not {v for v in found(reserves, folder) if v[0] in shares}
    # AAA's 66 x 6 = 396 person-months of 396 + 81 x 4 = 720, 55% of it.
    lead = with_personnel(tiny, {"AAA-mp-1": 66, "BBB-mp-1": 81})
    half = SPEC.model_copy(
        update={"coalition": SPEC.coalition.model_copy(update={"lead_min_share": 0.55})}
    )
    plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-01", "BBB-mp-1,aid_escort,south,2000-03")
    assert not {v for v in found(lead, folder, half) if v[0] in shares}
    # BBB's 4 person-months more leave it short.
    fewer = with_personnel(lead, {"BBB-mp-1": 82})
    assert {v[0] for v in found(fewer, folder, half) if v[0] in shares} == {"lead-share"}


def test_money_is_judged_to_the_solvers_own_tolerance(tiny: Scenario, tmp_path: Path) -> None:
    """HiGHS holds a tour to within a millionth of whole (ERGO-Code/HiGHS#1626), so a
    solved plan, its tours made whole, may spend a millionth of a budget past it: BBB-mp-1
    of 100,000 from 2000-03 for 4 months, all in FY1999, costs 100,000 x (1,200 x 4 +
    400) = 520,000,000, kept under a budget 519 below it, broken by 521 under one 521
    below. A billionth, tried, would call such a plan broken by the solver's tolerance."""
    big = with_nation(tiny, "BBB", ceiling=10**9, budget_per_year=519_999_481.0)
    big = with_personnel(big, {"BBB-mp-1": 100_000})
    folder = plan(tmp_path, "BBB-mp-1,aid_escort,south,2000-03")
    assert not {v for v in found(big, folder) if v[0] in {"budget", "total-budget"}}
    over = with_nation(big, "BBB", budget_per_year=519_999_479.0)
    (broken,) = [v for v in check_plan(over, SPEC, folder).violations if v.rule == "budget"]
    assert (broken.entity, broken.month, broken.amount) == ("BBB", "FY1999", 521)
    assert str(broken).endswith("spends 520,000,000 of 519,999,479 (by 521)")
    # The mission's total budget alike; the report's table says the overspend the verdict does.
    capped = SPEC.model_copy(
        update={"mission": SPEC.mission.model_copy(update={"total_budget": 519_999_479.0})}
    )
    assert ("total-budget", "mission", None, 521) in found(big, folder, capped)
    # Its costs.csv written a unit short is at odds with the tours, as a budget is broken.
    (folder / "costs.csv").write_text("nation,fiscal_year,cost\nBBB,1999,519999999\n")
    assert ("table-mismatch", "costs BBB", "FY1999", 1) in found(big, folder)
    (folder / "costs.csv").unlink()
    written = tmp_path / "run"
    made, data = evaluate_plan(over, SPEC, folder)
    made.write(written, data)
    table = cost_against_budget(Results.from_folder(written))
    assert table.query("nation == 'BBB'")[["fiscal_year", "over_budget"]].values.tolist() == [
        [1999, 521],
        [2000, 0],
    ]


def test_a_costs_figure_is_judged_to_a_billionth_of_itself(tiny: Scenario, tmp_path: Path) -> None:
    """BBB-mp-1 from 2000-11 costs 780,000 in FY2000 (150 x 1,200 x 4 + 150 x 400): a
    billionth of it is 0.00078, so costs.csv may write it 0.0005 off, not 0.002 off; its
    budget, 2,000,000, 0.001 off, not 0.003 (mutation-tested: a tolerance of a billionth
    of 1, or none, had passed)."""
    folder = plan(tmp_path, "BBB-mp-1,aid_escort,south,2000-11")
    for cost, budget, mismatched in (
        ("780000.0005", "2000000.001", set()),
        ("780000.002", "2000000.003", {0.002, 0.003}),
    ):
        (folder / "costs.csv").write_text(
            f"nation,fiscal_year,cost,budget\nBBB,2000,{cost},{budget}\n"
        )
        said = {v for v in found(tiny, folder) if v[0] == "table-mismatch"}
        assert said == {("table-mismatch", "costs BBB", "FY2000", by) for by in mismatched}


def test_a_solved_plan_filling_its_budgets_keeps_them() -> None:
    """Budgets of tens of millions the plan fills but for less than its cheapest tour, at
    a cost of 1,428.37 a person-month (the UN's 2018 rate and a fraction): the plan the
    solver makes of them keeps each, to the checker's millionth."""
    sizes = (650, 650, 150, 150, 150, 35, 35, 35)
    case = factory.scenario(
        months=12,
        nations=[factory.nation(cost_per_person_month=1428.37, rotation_cost_per_person=817.0)],
        units=[factory.unit(f"u{k}", personnel=n) for k, n in enumerate(sizes)],
        demand=[("r", "guard", 0, 11, 10_000)],
        budgets=[Budget(nation="A", fiscal_year=2000, budget=23_456_789.0)],
    )
    model = factory.spec()
    made = factory.solve(case, model)
    assert factory.shortfall(made) > 0  # not every tour bought
    report = check_plan(case, model, made)
    assert report.ok, report.violations
    (cost,) = made.costs["cost"]
    # Filled: the cheapest tour, 35 x (6 x 1,428.37 + 817) = 328,552.7, does not fit in what
    # is left.
    assert 23_456_789.0 - 35 * (6 * 1428.37 + 817) < cost <= 23_456_789.0


def test_a_tour_starts_inside_the_horizon(tiny: Scenario, tmp_path: Path) -> None:
    # Tiny's horizon is 2000-01..2000-12: a tour from 2001-02 is no tour of it, bad input
    # (as in evaluate), where one mobilized before it breaks availability.
    folder = plan(tmp_path, "AAA-mp-1,aid_escort,south,2001-02")
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, folder)
    assert [(p.row, p.column, p.rule) for p in caught.value.problems] == [
        (2, "start", "outside-horizon")
    ]


def test_a_tour_written_twice_is_bad_input(tiny: Scenario, tmp_path: Path) -> None:
    """A row copied had been judged as two tours at once, a dwell violation of 12 months
    against 8 required, and exit 1."""
    row = "BBB-mp-1,aid_escort,south,2000-07"
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01", row, row)
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, folder)
    assert [(p.row, p.rule, p.message) for p in caught.value.problems] == [
        (4, "duplicate-key", "the same tour as row 3 (BBB-mp-1, 2000-07): delete one")
    ]


def test_a_record_that_names_no_re_plan_is_bad_input(tiny: Scenario, tmp_path: Path) -> None:
    # AAA-inf-2, a reserve alone in theatre, is over AAA's 50% share. A replan.yaml of one
    # line, `from`, excused it as a re-plan's committed tour and check passed the plan,
    # though no record `forcegen replan` writes lacks the run it re-planned and its events.
    folder = plan(tmp_path, "AAA-inf-2,border_control,north,2000-03")
    (folder / "replan.yaml").write_text("from: 2000-06\n")
    for command in (["check"], ["evaluate", "--out", str(tmp_path / "run")]):
        result = CliRunner().invoke(app, [command[0], str(TINY), str(folder), *command[1:]])
        assert result.exit_code == 2, result.output
        assert (
            f"error {folder / 'replan.yaml'}, line 1, key from: [not-a-replan] names neither "
            "the run it re-planned (`base_run`) nor the events it followed (`events`)"
        ) in " ".join(result.output.split())
    assert not (tmp_path / "run").exists()
    # Naming the run it re-planned, as a re-plan's does, it is read.
    (folder / "replan.yaml").write_text("from: 2000-06\nbase_run: runs/before\n")
    assert check_plan(tiny, SPEC, folder).assumed[0].startswith("a re-plan from 2000-06")


def test_a_re_plan_excuses_the_reserve_share_only_from_its_month(
    tiny: Scenario, tmp_path: Path
) -> None:
    # AAA-inf-2, a reserve mobilized in 2000-01, alone in theatre 2000-03..2000-08: over
    # AAA's 50% share. Events act from a re-plan's month on, so a re-plan from 2000-06 is
    # excused its excess from then, not before, where it was excused in every month.
    folder = plan(tmp_path, "AAA-inf-2,border_control,north,2000-03")

    def breached(record: str) -> list[str | None]:
        (folder / "replan.yaml").write_text(record + "base_run: runs/before\n")
        return [v.month for v in check_plan(tiny, SPEC, folder).violations]

    assert breached("from: 2000-06\n") == ["2000-03", "2000-04", "2000-05"]
    # A re-plan of a re-plan from 2000-04, by the tours mobilized before that one.
    assert breached("from: 2000-06\nearlier: [2000-04]\n") == ["2000-03"]
    # Mobilized from an earlier re-plan's month on, the tour is that re-plan's own: not
    # excused before the later one.
    assert breached("from: 2000-06\nearlier: [2000-01]\n") == ["2000-03", "2000-04", "2000-05"]


def test_a_re_plan_excuses_no_demand_only_where_an_event_could_have_ended_it(
    tiny: Scenario, tmp_path: Path
) -> None:
    # AAA-inf-1 guards the border in the south, which asks for none, 2000-01..2000-06. A
    # re-plan's events end demand from its month on: from 2000-04 they may have ended the
    # tour's; from 2000-09, after its last month, they cannot, where it was excused too.
    folder = plan(tmp_path, "AAA-inf-1,border_control,south,2000-01")

    def breached(record: str) -> set[str]:
        (folder / "replan.yaml").write_text(record + "base_run: runs/before\n")
        return {v.rule for v in check_plan(tiny, SPEC, folder).violations}

    assert breached("from: 2000-04\n") == set()
    assert breached("from: 2000-09\n") == {"no-demand"}
    assert breached("from: 2000-09\nearlier: [2000-04]\n") == set()
    # From its last month, 2000-06, they may have ended that month's; from 2000-07, none
    # (mutation-tested: a re-plan in its last month had excused nothing).
    assert breached("from: 2000-06\n") == set()
    assert breached("from: 2000-07\n") == {"no-demand"}
    # A tour mobilized in the re-plan's month is the re-plan's own, no demand ended before
    # it: not excused (mutation-tested: one mobilized then had been).
    plan(tmp_path, "AAA-inf-1,border_control,south,2000-04")
    assert breached("from: 2000-04\n") == {"no-demand"}


def test_only_a_re_plan_curtails_a_tour(tiny: Scenario, tmp_path: Path) -> None:
    # AAA-mp-1 leaves after 2000-04; AAA's tours are 6 months. Ending at 2000-04 a tour from
    # 2000-01 is curtailed: in a fresh plan that is a tour two months short (its row, as
    # written, gone in time: not also one past the unit's last month, as its full tour
    # would be); in a re-plan from 2000-03 it is what the loss of the unit, announced after
    # it deployed, did to it.
    units = tuple(
        u.model_copy(update={"available_until": "2000-04"}) if u.unit == "AAA-mp-1" else u
        for u in tiny.units
    )
    scenario = tiny.model_copy(update={"units": units})
    folder = plan(
        tmp_path, "AAA-mp-1,aid_escort,south,2000-01,2000-04", header="unit,task,region,start,end"
    )
    assert found(scenario, folder) == {("tour-length", "AAA-mp-1", "2000-01", 2)}
    (short,) = check_plan(scenario, SPEC, folder).violations
    # Said as what only a re-plan does, not as a record for the planner to write.
    assert short.message.endswith(
        "(cut short at its last month, as only `forcegen replan` cuts a tour in motion, "
        "writing the record that excuses it: a fresh plan's tours are whole)"
    )
    # Mobilized in the horizon's last month, it is no tour a re-plan commits: no hint.
    last = tiny.model_copy(
        update={
            "units": tuple(
                u.model_copy(update={"available_until": "2000-12"}) if u.unit == "AAA-mp-1" else u
                for u in tiny.units
            )
        }
    )
    header = "unit,task,region,start,end"
    plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-12,2000-12", header=header)
    (late,) = check_plan(last, SPEC, folder).violations
    assert late.message == "end is '2000-12', the scenario implies '2001-05' (AAA's 6-month tour)"
    plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-01,2000-04", header=header)
    # A tour short of anything the scenario explains gets no such hint, nor, gone before
    # its last month as written, a word of availability.
    (tmp_path / "other").mkdir()
    other = plan(tmp_path / "other", "AAA-mp-1,aid_escort,south,2000-01,2000-03", header=header)
    (wrong,) = check_plan(scenario, SPEC, other).violations
    assert wrong.rule == "tour-length" and "replan.yaml" not in wrong.message
    # A row whose end as written is itself past the last month breaks availability too,
    # by the 1 month it holds past it as written (2000-05), not its full tour's 2 (to
    # 2000-06), which tour-length says apart: the month it must have left by, and why, named.
    plan(tmp_path / "other", "AAA-mp-1,aid_escort,south,2000-01,2000-05", header=header)
    assert found(scenario, other) == {
        ("availability", "AAA-mp-1", "2000-05", 1),
        ("tour-length", "AAA-mp-1", "2000-01", 1),
    }
    (late,) = [v for v in check_plan(scenario, SPEC, other).violations if v.rule == "availability"]
    assert late.message == (
        "in theatre 1 month(s) after it must have left, from 2000-05 to its end as written, "
        "2000-05 (its full tour's is 2000-06): its last month is 2000-04 (AAA-mp-1's "
        "available_until in units.csv)"
    )
    # Its full tour written, or no end, it is held the full tour's 2 months past.
    for row in ("AAA-mp-1,aid_escort,south,2000-01,2000-06", "AAA-mp-1,aid_escort,south,2000-01,"):
        plan(tmp_path / "other", row, header=header)
        assert found(scenario, other) == {("availability", "AAA-mp-1", "2000-05", 2)}
    (folder / "replan.yaml").write_text("from: 2000-03\nbase_run: before\n")
    assert not {v for v in found(scenario, folder) if v[0] in {"tour-length", "availability"}}
    # Written with no end, it is held to its full tour: the re-plan's way out is named.
    plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-01")
    (held,) = check_plan(scenario, SPEC, folder).violations
    assert held.message.endswith(
        "(AAA-mp-1's available_until in units.csv); a re-plan cuts a tour in motion short by "
        "its `end`: write '2000-04'"
    )
    # A tour mobilized in the re-plan month is not excused, and the hint says why, its end
    # written (its one breach its length) or not.
    why = (
        "the re-plan from 2000-03 cuts short only a tour mobilized before it, and this one is "
        "mobilized in 2000-03"
    )
    plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-03,2000-04", header=header)
    (later,) = check_plan(scenario, SPEC, folder).violations
    assert later.message == (
        "end is '2000-04', the scenario implies '2000-08' (AAA's 6-month tour) (cut short "
        f"where it must end, but {why})"
    )
    plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-03")
    (later,) = check_plan(scenario, SPEC, folder).violations
    assert later.message == (
        "in theatre 4 month(s) after it must have left, from 2000-05: its last month is "
        f"2000-04 (AAA-mp-1's available_until in units.csv); {why}"
    )


def test_a_tour_holding_its_unit_in_a_month_it_is_away_breaks_availability(
    tiny: Scenario, tmp_path: Path
) -> None:
    # AAA-mp-1 is away in 2000-04..05, AAA-inf-2 (a reserve, 2 months' training) in
    # 2000-02: a tour of AAA-mp-1 from 2000-01 is in theatre in both months, one of
    # AAA-inf-2 from 2000-03 mobilized (training) in 2000-02; a tour of AAA-mp-1 from
    # 2000-06, after it is back, keeps the rule.
    away = (
        Unavailable(unit="AAA-mp-1", first="2000-04", last="2000-05", reason="refit"),
        Unavailable(unit="AAA-inf-2", first="2000-02", last="2000-02"),
    )
    scenario = tiny.model_copy(update={"unavailable": away})
    rows = ("AAA-mp-1,aid_escort,south,2000-01", "AAA-inf-2,border_control,north,2000-03")
    folder = plan(tmp_path, *rows)
    assert {v for v in found(scenario, folder) if v[0] == "availability"} == {
        ("availability", "AAA-mp-1", "2000-04", 2),
        ("availability", "AAA-inf-2", "2000-02", 1),
    }
    messages = {v.message for v in check_plan(scenario, SPEC, folder).violations}
    assert {
        "in theatre 2 month(s) while it is unavailable, 2000-04..2000-05 (unavailable.csv)",
        "held (training or in theatre) 1 month(s) while it is unavailable, 2000-02..2000-02 "
        "(unavailable.csv)",
    } <= messages
    assert not found(scenario, plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-06"))
    # Away from the month its tour starts, trained before it: in theatre, not in training
    # (mutation-tested: `first > start` had said it held in training).
    plan(tmp_path, "AAA-inf-2,border_control,north,2000-04")
    back = (Unavailable(unit="AAA-inf-2", first="2000-04", last="2000-04"),)
    report = check_plan(tiny.model_copy(update={"unavailable": back}), SPEC, folder)
    (held,) = [v for v in report.violations if v.rule == "availability"]
    assert held.message.startswith("in theatre 1 month(s) while it is unavailable")
    # Each period a tour meets is a breach of its own, by its months.
    twice = (*away, Unavailable(unit="AAA-mp-1", first="2000-07", last="2000-07"))
    again = plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-03")
    assert found(tiny.model_copy(update={"unavailable": twice}), again) == {
        ("availability", "AAA-mp-1", "2000-04", 2),
        ("availability", "AAA-mp-1", "2000-07", 1),
    }
    # A re-plan from 2000-03 cuts the tour in motion short at the month before it is away,
    # and says so where the row runs into it.
    header = "unit,task,region,start,end"
    plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-01,2000-03", header=header)
    (folder / "replan.yaml").write_text("from: 2000-03\nbase_run: before\n")
    assert not found(scenario, folder)
    plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-01")
    (held,) = check_plan(scenario, SPEC, folder).violations
    assert held.message.endswith(
        "(unavailable.csv); a re-plan cuts a tour in motion short by its `end`: write '2000-03'"
    )


def test_a_tour_where_its_nation_has_a_caveat_for_a_while_breaks_it(
    tiny: Scenario, tmp_path: Path
) -> None:
    # AAA refuses border_control from 2000-04 to 2000-05, and the south from 2000-09 on:
    # a border tour from 2000-01 is in theatre in 2000-04, one from 2000-06 is not; an
    # escort tour in the south from 2000-05 reaches 2000-09.
    caveats = (
        Caveat(nation="AAA", first="2000-04", last="2000-05", task="border_control"),
        Caveat(nation="AAA", first="2000-09", region="south"),
    )
    scenario = tiny.model_copy(update={"caveats": caveats})
    rows = ("AAA-inf-1,border_control,north,2000-01", "AAA-mp-1,aid_escort,south,2000-05")
    folder = plan(tmp_path, *rows)
    assert found(scenario, folder) == {
        ("caveat-task", "AAA-inf-1", "2000-04", 1),
        ("caveat-region", "AAA-mp-1", "2000-09", 1),
    }
    assert {v.message for v in check_plan(scenario, SPEC, folder).violations} == {
        "in theatre from 2000-04: AAA refuses border_control from 2000-04 to 2000-05 (caveats.csv)",
        "in theatre from 2000-09: AAA refuses every task in south from 2000-09 on (caveats.csv)",
    }
    assert not found(scenario, plan(tmp_path, "AAA-inf-1,border_control,north,2000-06"))
    # A re-plan from 2000-03 cuts the border tour in motion short before the caveat.
    header = "unit,task,region,start,end"
    plan(tmp_path, "AAA-inf-1,border_control,north,2000-01,2000-03", header=header)
    (folder / "replan.yaml").write_text("from: 2000-03\nbase_run: before\n")
    assert not found(scenario, folder)
    plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    (held,) = check_plan(scenario, SPEC, folder).violations
    assert held.message.endswith(
        "(caveats.csv); a re-plan cuts a tour in motion short by its `end`: write '2000-03'"
    )


def test_the_domestic_tables_are_read_as_evaluate_reads_them(
    tiny: Scenario, tmp_path: Path
) -> None:
    run = solve_scenario(tiny, SPEC)
    run.write(tmp_path / "run")
    folder = tmp_path / "run"
    coverage = (folder / "coverage.csv").read_text().splitlines()
    domestic = (folder / "domestic.csv").read_text().splitlines()
    handover = (folder / "handover.csv").read_text().splitlines()
    # A month as a planner's sheet may write it, without its zero or as a date, is the month.
    for name, lines in (("coverage.csv", coverage), ("domestic.csv", domestic)):
        (folder / name).write_text("\n".join(lines).replace("2000-0", "2000-") + "\n")
    assert check_plan(tiny, SPEC, folder).ok
    # A row written twice (which is meant?, named even when its count cannot be read), a
    # negative recruit, a region handed over that the scenario does not know or outside
    # the horizon: bad input, all at once.
    cells = domestic[-1].split(",")
    at = domestic[0].split(",").index("recruits")
    cells[at] = "-50"
    again = [*cells[:at], "x", *cells[at + 1 :]]
    (folder / "coverage.csv").write_text("\n".join([*coverage, coverage[1]]) + "\n")
    written = [*domestic[:-1], ",".join(cells), ",".join(again)]
    (folder / "domestic.csv").write_text("\n".join(written) + "\n")
    outside = handover[-1].split(",")[0] + ",2010-01"
    (folder / "handover.csv").write_text("\n".join([*handover[:-1], outside, "atlantis,"]) + "\n")
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, folder)
    last = len(coverage) + 1
    assert {(p.file, p.row, p.column, p.rule) for p in caught.value.problems} == {
        ("coverage.csv", last, "month", "duplicate-key"),
        ("domestic.csv", len(domestic), "recruits", "range"),
        ("domestic.csv", len(domestic) + 1, "recruits", "not-a-number"),
        ("domestic.csv", len(domestic) + 1, "month", "duplicate-key"),
        ("handover.csv", len(handover), "month", "outside-horizon"),
        ("handover.csv", len(handover) + 1, "region", "unknown-region"),
    }
    # Coverage's key is a cell: another region or task in that month is no second row.
    (twice,) = (p for p in caught.value.problems if p.file == "coverage.csv")
    assert twice.message.startswith("a second row for the same region, task and month: ")


def test_a_handover_month_written_as_a_date_is_that_month(tiny: Scenario, tmp_path: Path) -> None:
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    verdicts = []
    for month in ("2000-11", "2000-11-01", "2000-11-01 00:00:00"):
        (folder / "handover.csv").write_text(f"region,month\nsouth,{month}\n")
        verdicts.append(found(tiny, folder))
        evaluated, _ = evaluate_plan(tiny, SPEC, folder)
        assert evaluated.handover.set_index("region").loc["south", "month"] == "2000-11"
    assert verdicts[0] and verdicts[0] == verdicts[1] == verdicts[2]
    # Constabulary training ends at the handover: the plan's coverage table gives the
    # demand in force, 20 a month before it and none from it on.
    coverage = evaluated.coverage.set_index(["region", "task", "month"])["demand"]
    training = coverage.loc[("south", "constabulary_training")]
    assert training.loc["2000-10"] == 20 and (training.loc["2000-11":] == 0).all()


def test_a_month_left_out_of_domestic_csv_hides_no_other_rule(
    tiny: Scenario, tmp_path: Path
) -> None:
    # 10 recruits enrol in 2000-01 on tiny's 2-month course and nobody trains them: in
    # 2000-01 and in 2000-02, still in training. 2000-02's row is missing: that is a
    # strength violation, and its untaught trainees are one still (they were not said).
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    rows = [f"{month},{10 if month == '2000-01' else 0},0,0\n" for month in tiny.months]
    del rows[1]
    (folder / "domestic.csv").write_text("month,recruits,in_training,strength\n" + "".join(rows))
    violations = found(tiny, folder)
    assert ("strength", "domestic", "2000-02", 1) in violations
    assert {v[2] for v in violations if v[0] == "trainers"} == {"2000-01", "2000-02"}


def test_a_re_plan_of_a_re_plan_keeps_each_months_excuse(tiny: Scenario, tmp_path: Path) -> None:
    # 10 recruits enrol in 2000-03 for tiny's 2-month course, and nobody trains them. In
    # 2000-03 that is a trainers violation whatever the plan says it is; in 2000-04 the
    # first re-plan (from 2000-04) excused it, and a re-plan of that re-plan (from 2000-09)
    # keeps the excuse only if it lists 2000-04 as an earlier month.
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    recruits = [10.0 if month == "2000-03" else 0.0 for month in tiny.months]
    (folder / "domestic.csv").write_text(
        "month,recruits,in_training,strength\n"
        + "".join(f"{month},{r},0,0\n" for month, r in zip(tiny.months, recruits, strict=True))
    )

    def untaught(replan: str) -> list[str]:
        (folder / "replan.yaml").write_text(replan + "base_run: before\n")
        return sorted(
            str(v.month) for v in check_plan(tiny, SPEC, folder).violations if v.rule == "trainers"
        )

    assert untaught("from: 2000-09\nearlier: [2000-04]\n") == ["2000-03"]
    assert untaught("from: 2000-09\n") == ["2000-03", "2000-04"]
    (folder / "replan.yaml").write_text("from: 2000-09\nearlier: [2000-04]\nbase_run: before\n")
    report = check_plan(tiny, SPEC, folder)
    assert report.assumed[0].startswith("a re-plan from 2000-04, 2000-09")
    (folder / "replan.yaml").write_text("from: 2000-09\nearlier: 2000-04\n")
    with pytest.raises(ScenarioError) as shape:
        check_plan(tiny, SPEC, folder)
    assert [p.rule for p in shape.value.problems] == ["yaml-shape"]
    # A month typed as a date is its month; one mistyped is said at its line, every one
    # at once, where it had excused nothing and gone unsaid.
    assert untaught("from: 2000-09-15\nearlier: [2000-04-01]\n") == ["2000-03"]
    (folder / "replan.yaml").write_text(
        "from: 2000-9x\nearlier:\n  - 2000-04\n  - 2000-13\nbase_run: before\n"
    )
    with pytest.raises(ScenarioError) as mistyped:
        check_plan(tiny, SPEC, folder)
    assert [(p.row, p.column, p.rule, p.value) for p in mistyped.value.problems] == [
        (1, "from", "format", "2000-9x"),
        (4, "earlier", "format", "2000-13"),
    ]


def test_unreadable_plan_is_bad_input(tiny: Scenario, tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as missing:
        check_plan(tiny, SPEC, tmp_path)
    assert missing.value.problems[0].rule == "missing-file"
    # A folder mistyped is said so, not read as a folder without its tours.
    with pytest.raises(ScenarioError) as nowhere:
        check_plan(tiny, SPEC, tmp_path / "nowhere")
    assert [(p.file, p.rule, p.message) for p in nowhere.value.problems] == [
        (
            str(tmp_path / "nowhere"),
            "plan-path",
            "the plan does not exist: a plan is a folder with assignments.csv",
        )
    ]
    # Every row's unreadable cells and unknown codes at once: a row whose month cannot be
    # read still has its unit judged, and a readable row its region.
    folder = plan(
        tmp_path,
        "AAA-inf-1,border_control,north,January",
        "ghost,border_control,north,2000-13",
        "AAA-inf-1,border_control,atlantis,2000-01",
        "ghost,,north,2000-01",
    )
    with pytest.raises(ScenarioError) as bad:
        check_plan(tiny, SPEC, folder)
    assert [(p.row, p.column, p.rule) for p in bad.value.problems] == [
        (2, "start", "format"),
        (3, "start", "format"),
        (3, "unit", "unknown-unit"),
        (4, "region", "unknown-region"),
        (5, "task", "required"),
        (5, "unit", "unknown-unit"),
    ]
    # A re-plan's record that is a pipe: read, it would hang the check.
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    os.mkfifo(folder / "replan.yaml")
    with pytest.raises(ScenarioError) as piped:
        check_plan(tiny, SPEC, folder)
    assert [(p.file, p.rule) for p in piped.value.problems] == [("replan.yaml", "not-a-file")]


def test_a_plan_table_named_in_another_case_is_bad_input_saying_which(tmp_path: Path) -> None:
    """assignments.csv saved as Assignments.csv (a file system that tells case apart) was
    said missing with no word of the file there; domestic.csv as Domestic.csv was left out
    unsaid, the plan judged as recruiting no one (an employment breach of 432 officers on
    tiny's solved plan). Each is bad input to check and evaluate alike (exit 2), the file
    named in its folder with the name meant, nothing written."""
    runner = CliRunner()
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    (folder / "assignments.csv").rename(folder / "Assignments.csv")
    if (folder / "assignments.csv").exists():
        pytest.skip("a file system blind to case reads Assignments.csv as assignments.csv")
    (folder / "notes.csv").write_text("a planner's notes\n")  # no table's name: not said
    with pytest.raises(ScenarioError) as caught:
        check_plan(TINY, SPEC, folder)
    assert [(p.file, p.rule) for p in caught.value.problems] == [
        (str(folder / "Assignments.csv"), "unknown-file"),
        ("assignments.csv", "missing-file"),
    ]
    assert "is assignments.csv meant? Rename it" in caught.value.problems[0].message
    (folder / "Assignments.csv").rename(folder / "assignments.csv")
    (folder / "Domestic.csv").write_text("month,recruits,in_training,strength\n")
    for command in (["check"], ["evaluate", "--out", str(tmp_path / "out")]):
        result = runner.invoke(app, [command[0], str(TINY), str(folder), *command[1:]])
        said = " ".join(result.output.split())
        assert result.exit_code == 2 and "Traceback" not in said, said
        assert (
            f"error {folder / 'Domestic.csv'}: [unknown-file] not a table of a plan, so it "
            "would be left out; is domestic.csv meant? Rename it"
        ) in said
    assert not (tmp_path / "out").exists()
    # A folder the user may search but not list: its file missing is said, no traceback.
    (folder / "assignments.csv").rename(folder / "Assignments.csv")

    def unlisted(self: Path) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    tiny = load_scenario(TINY)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(Path, "iterdir", unlisted)
        with pytest.raises(ScenarioError) as caught:
            check_plan(tiny, SPEC, folder)
    assert [p.rule for p in caught.value.problems] == ["missing-file"]


def test_a_row_that_is_no_tour_of_the_scenario_is_bad_input_to_check_and_evaluate(
    tmp_path: Path,
) -> None:
    """An unknown unit, task or region and a start outside the horizon (tiny: 2000-01 to
    2000-12) make a row no tour of the scenario: `check` and `evaluate` alike refuse the
    plan as bad input (exit 2), every such row named by file, row and column at once,
    rather than one judging it broken (exit 1) and the other refusing it."""
    folder = plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01",
        "AAA-inf-9,border_control,north,2000-03",
        "AAA-inf-1,patrol,north,2000-08",
        "AAA-mp-1,aid_escort,south,2001-02",
        "AAA-mp-1,aid_escort,south,1999-06",
    )
    expected = [
        "assignments.csv, row 3, column unit: [unknown-unit] no unit 'AAA-inf-9'",
        "assignments.csv, row 4, column task: [unknown-task] no task 'patrol'",
        "assignments.csv, row 5, column start: [outside-horizon] a tour must start within "
        "2000-01..2000-12 (value '2001-02')",
        "assignments.csv, row 6, column start: [outside-horizon] a tour must start within "
        "2000-01..2000-12 (value '1999-06')",
    ]
    out = tmp_path / "run"
    for command in (
        ["check", str(TINY), str(folder)],
        ["evaluate", str(TINY), str(folder), "--out", str(out)],
    ):
        result = CliRunner().invoke(app, command)
        output = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "violation" not in output
        # Named in the folder given, as the verdict's breaches are.
        assert output.count(f"error {folder / 'assignments.csv'}") == len(expected), output
        assert all(f"error {folder / line}" in output for line in expected), output
    assert not out.exists()
    # The checker itself says so, all at once, without judging the rest.
    with pytest.raises(ScenarioError) as caught:
        check_plan(load_scenario(TINY), SPEC, folder)
    assert [(p.row, p.column, p.rule) for p in caught.value.problems] == [
        (3, "unit", "unknown-unit"),
        (4, "task", "unknown-task"),
        (5, "start", "outside-horizon"),
        (6, "start", "outside-horizon"),
    ]


def test_malformed_run_tables_are_all_reported_as_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "run"
    assert runner.invoke(app, ["solve", str(TINY), "--out", str(folder), "--quiet"]).exit_code == 0
    edit(folder / "domestic.csv", "\n2000-01,", "\n2000-01,abc")  # recruits of row 2
    edit(folder / "coverage.csv", ",shortfall", ",lacking")
    costs = (folder / "costs.csv").read_text().splitlines()
    nation, _, *rest = costs[1].split(",")
    costs[1] = ",".join([nation, "FY2000", *rest])
    (folder / "costs.csv").write_text("\n".join(costs) + "\n")
    (folder / "replan.yaml").write_text("from: [2000-03\n")
    result = runner.invoke(app, ["check", str(TINY), str(folder)])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    for where in (
        "domestic.csv, row 2, column recruits: [not-a-number]",
        "coverage.csv, row 1, column shortfall: [missing-column]",
        "costs.csv, row 2, column fiscal_year: [not-a-number] must be a whole number",
        "replan.yaml, line 2, column 1: [yaml-syntax] expected ',' or ']'",
    ):
        assert where in " ".join(result.output.split()), where


def test_a_code_that_pandas_reads_as_missing_is_a_code(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario"
    shutil.copytree(TINY, scenario)
    for name in ("demand.csv", "regions.csv"):  # south becomes NA, Namibia's code
        text = (scenario / name).read_text()
        (scenario / name).write_text(re.sub(r"^south,", "NA,", text, flags=re.MULTILINE))
    tiny = load_scenario(scenario)
    assert "NA" in {r.region for r in tiny.regions}
    solve_scenario(tiny, SPEC).write(tmp_path / "run")
    report = check_plan(tiny, SPEC, tmp_path / "run")
    assert report.ok, report.violations


def test_cli_check_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            app, ["solve", str(TINY), "--out", str(tmp_path / "run"), "--quiet"]
        ).exit_code
        == 0
    )
    ok = runner.invoke(app, ["check", str(TINY), str(tmp_path / "run")])
    assert ok.exit_code == 0 and "keeps every hard rule" in ok.output
    broken = plan(tmp_path, "BBB-mp-1,aid_escort,north,2000-04")
    result = runner.invoke(app, ["check", str(TINY), str(broken)])
    assert result.exit_code == 1
    # Named with the folder given: "assignments.csv" alone reads as one of the working folder.
    said_at = f"({broken / 'assignments.csv'} row 2):"
    assert f"[caveat-region] BBB-mp-1 2000-04 {said_at}" in result.output
    # The verdict is the command's output, a breach as much as a pass: a log of it saved
    # from stdout had the heading and not the breaches, read as a plan that passed.
    assert "violation(s)" in result.stdout and "[caveat-region]" in result.stdout
    # A caveat is broken or kept: "(by 1)" was no measure of it.
    said = " ".join(result.output.split())
    assert "BBB refuses north" in said and "BBB refuses north (by" not in said
    # A tour's own cell at odds with the scenario is named by its column too.
    written = plan(
        tmp_path, "AAA-mp-1,public_order,north,2000-01,2000-03", header="unit,task,region,start,end"
    )
    result = runner.invoke(app, ["check", str(TINY), str(written)])
    said_at = f"({written / 'assignments.csv'} row 2, column end):"
    assert f"[tour-length] AAA-mp-1 2000-01 {said_at}" in result.output
    missing = runner.invoke(app, ["check", str(TINY), str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    # A copy edited to ask whether the plan still holds is judged as given, and said so.
    whatif = tmp_path / "whatif"
    shutil.copytree(TINY, whatif)
    edit(
        whatif / "nations.csv",
        "AAA,Alphaland,true,6,6,0,12,1,36,2,0.5,1000",
        "AAA,Alphaland,true,6,6,0,12,1,36,2,0.5,900",
    )
    asked = runner.invoke(app, ["check", str(whatif), str(tmp_path / "run")])
    said = " ".join(asked.output.split())
    assert f"the run's own copy ({tmp_path / 'run' / 'scenario'}) differs from {whatif}" in said
    # The arguments swapped: one problem saying so, not a missing file per table.
    swapped = runner.invoke(app, ["check", str(tmp_path / "run"), str(TINY)])
    assert swapped.exit_code == 2 and "1 error(s)" in swapped.output, swapped.output
    assert "[not-a-scenario] a run or plan folder, not a scenario" in swapped.output
    assert "takes the scenario first, then the run" in " ".join(swapped.output.split())


def _replanned(scenario: Path, run: Path, month: str, events: Path, out: Path) -> None:
    """`forcegen replan` of the run from `month` after `events` into `out`, quietly."""
    arguments = [str(scenario), str(run), "--from", month, "--events", str(events)]
    replanned = CliRunner().invoke(app, ["replan", *arguments, "--out", str(out), "--quiet"])
    assert replanned.exit_code == 0, replanned.output


def test_a_re_plan_from_the_first_month_given_the_scenario_before_its_events_is_refused(
    tmp_path: Path,
) -> None:
    """The horizon's first month, which excuses nothing, had been left out of the record's
    months, and the plan judged against the scenario before its surge (a re-plan fuzz's
    finding): false breaches, exit 1."""
    before, after = tmp_path / "before", tmp_path / "after"
    assert (
        CliRunner().invoke(app, ["solve", str(TINY), "--quiet", "--out", str(before)]).exit_code
        == 0
    )
    events = tmp_path / "events.yaml"
    events.write_text(
        "events:\n  - {kind: demand_surge, region: south, task: public_order, from: 2000-01,\n"
        "     to: 2000-09, extra: 50}\n"
    )
    _replanned(TINY, before, "2000-01", events, after)
    refused = CliRunner().invoke(app, ["check", str(TINY), str(after)])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, said
    assert "[other-scenario] the plan is a re-plan from 2000-01 after the 1 event(s)" in said


def test_a_re_plan_given_the_scenario_before_its_events_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked against the scenario its events changed, a re-plan was judged under a
    warning: its tours cut short and its surge's cover read as broken rules (over 150
    on Timor-Leste's example events), exit 1."""
    runner = CliRunner()
    before, after = tmp_path / "before", tmp_path / "after"
    assert runner.invoke(app, ["solve", str(TINY), "--quiet", "--out", str(before)]).exit_code == 0
    events = tmp_path / "events.yaml"
    events.write_text(
        "events:\n"
        "  - {kind: withdraw, nation: BBB, announced: 2000-06, notice_months: 1}\n"
        "  - {kind: demand_surge, region: south, task: public_order, from: 2000-07,\n"
        "     to: 2000-09, extra: 50}\n"
    )
    _replanned(TINY, before, "2000-06", events, after)
    own = after / "scenario"
    for command in (
        ["check", str(TINY), str(after)],
        ["evaluate", str(TINY), str(after), "--out", str(tmp_path / "never")],
    ):
        refused = runner.invoke(app, command)
        said = " ".join(refused.output.split())
        assert refused.exit_code == 2, refused.output
        assert (
            f"error {after / 'replan.yaml'}, key events: [other-scenario] the plan is a re-plan "
            f"from 2000-06 after the 2 event(s) this record names, and {TINY} is the scenario "
            "before them"
        ) in said
        assert f"give {own}, the scenario the re-plan was made on" in said
        assert "violation(s)" not in said and "Traceback" not in said
    assert not (tmp_path / "never").exists()
    assert runner.invoke(app, ["check", str(own), str(after)]).exit_code == 0
    # A re-plan of the re-plan, checked against the scenario before both event sets: only
    # the last set had been replayed, so it was judged, a hundred false breaches.
    again = tmp_path / "again"
    surge = tmp_path / "surge.yaml"
    surge.write_text(
        "events:\n"
        "  - {kind: demand_surge, region: north, task: border_control, from: 2000-09,\n"
        "     to: 2000-10, extra: 100}\n"
    )
    _replanned(own, after, "2000-08", surge, again)
    refused = runner.invoke(app, ["check", str(TINY), str(again)])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, refused.output
    assert (
        "the plan is the last of 2 re-plans in a row (from 2000-06, 2000-08, each of the "
        "one before, as their records' base_run say) after the 3 event(s) their records "
        f"name, and {TINY} is the scenario before them"
    ) in said
    assert "re-plan from 2000-08 after the 1 event(s)" in " ".join(
        runner.invoke(app, ["check", str(own), str(again)]).output.split()
    )
    assert runner.invoke(app, ["check", str(again / "scenario"), str(again)]).exit_code == 0
    # Its base_run as replan was given it, relative to where it ran, read from elsewhere:
    # the chain had been cut there, the plan judged.
    monkeypatch.chdir(tmp_path)
    _replanned(
        Path("after/scenario"), Path("after"), "2000-08", Path("surge.yaml"), Path("relative")
    )
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    refused = runner.invoke(app, ["check", str(TINY), str(tmp_path / "relative")])
    assert refused.exit_code == 2 and "the last of 2 re-plans" in refused.output, refused.output
    # Its workbook mailed alone carries no scenario copy, but names the scenario's digest:
    # it had been judged against the scenario before the events, unrefused.
    assert runner.invoke(app, ["report", str(after)]).exit_code == 0
    mailed = shutil.copy(after / "plan.xlsx", tmp_path / "mailed.xlsx")
    never = ["--out", str(tmp_path / "never")]
    refused = runner.invoke(app, ["evaluate", str(TINY), str(mailed), *never])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, refused.output
    assert "error mailed.xlsx[replan]: [other-scenario] events: the plan is a re-plan" in said
    assert "give its run's scenario folder, the scenario the re-plan was made on" in said
    assert runner.invoke(app, ["evaluate", str(own), str(mailed), *never]).exit_code == 0
    # A copy of the re-plan's own scenario edited to ask whether the plan still holds is
    # judged, with a word that it is not the plan's own: its coverage rows disagree with
    # the demand asked about, which is no sign of tours edited by hand.
    whatif = tmp_path / "whatif"
    shutil.copytree(own, whatif)
    edit(
        whatif / "demand.csv",
        "south,aid_escort,2000-01,2000-12,90",
        "south,aid_escort,2000-01,2000-12,120",
    )
    asked = runner.invoke(app, ["check", str(whatif), str(after)])
    said = " ".join(asked.output.split())
    assert asked.exit_code == 1 and f"which differs from {whatif}" in said, asked.output
    assert "[table-mismatch] coverage south/aid_escort" in said
    assert "forcegen evaluate" not in said
    # Its record's events edited into no event (a kind none has, a nation the scenario
    # lacks) were passed unsaid, and that left the plan judged against the scenario
    # before them, its events' changes read as broken rules (exit 1).
    record = after / "replan.yaml"
    record.write_text(
        record.read_text()
        .replace("kind: demand_surge", "kind: earthquake")
        .replace("nation: BBB", "nation: XXX")
    )
    for given in (TINY, own):
        refused = runner.invoke(app, ["check", str(given), str(after)])
        said = " ".join(refused.output.split())
        assert refused.exit_code == 2 and "2 error(s)" in said, refused.output
        assert "[choice] kind must be one of 'withdraw'" in said and "not 'earthquake'" in said
        assert "key nation: [unknown-nation] no nation 'XXX' in the scenario" in said
        assert "violation(s)" not in said and "Traceback" not in said


def test_a_plans_own_faults_are_said_with_a_bad_scenarios(tmp_path: Path) -> None:
    # A start that is no month needs no scenario to be seen: said at once, not after the
    # scenario is mended.
    scenario = tmp_path / "scenario"
    shutil.copytree(TINY, scenario)
    edit(
        scenario / "units.csv",
        "AAA-mp-1,AAA,military_police,active,150",
        "AAA-mp-1,AAA,military_police,active,lots",
    )
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,someday")
    result = CliRunner().invoke(app, ["check", str(scenario), str(folder)])
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "2 error(s)" in said, result.output
    assert "units.csv, row 4, column personnel" in said
    assert "assignments.csv, row 2, column start: [format]" in said


REPO = Path(__file__).resolve().parent.parent
# What reads a plan loads none of the optimizer: the checker judges a plan from the
# scenario alone; a report or a comparison reads what a run wrote, and a sweep's package
# loaded the runner, and with it the model.
PLAN_READERS = [
    "forcegen.checker",
    "forcegen.fileformat",
    "forcegen.report",
    "forcegen.sweep.compare",
    "forcegen.stats",
]
OPTIMIZER = (
    "forcegen.model",
    "forcegen.plan",
    "forcegen.solve",
    "forcegen.run",
    "forcegen.greedy",
    "forcegen.heuristics",
    "forcegen.search",
    "forcegen.branch",
    "forcegen.diagnose",
    "pyomo",
    "highspy",
)


def _optimizer(module: str) -> bool:
    """A module is named whole or as a package: `forcegen.run` is not `forcegen.runfiles`."""
    return any(module == o or module.startswith(f"{o}.") for o in OPTIMIZER)


@pytest.mark.parametrize("layer", PLAN_READERS)
def test_what_reads_plans_never_imports_the_optimizer(layer: str) -> None:
    code = f"import sys, {layer}; print(*sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [m for m in done.stdout.split() if _optimizer(m)] == []


def _source(module: str) -> Path | None:
    """The file of one of our modules (a package's __init__.py), None for another's."""
    base = REPO.joinpath(*module.split("."))
    return next((p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()), None)


def _imports(path: Path, package: str) -> list[str]:
    """Every module the file at `path` (of `package`) imports, at any depth of it: in a
    function too, which loading the file does not run. An import for type checkers alone
    (`if TYPE_CHECKING:`) is never run, and is left out."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            node = ast.Module(body=node.orelse, type_ignores=[])
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # `from .x import y`: from the package, a level up per dot more
                base = f"{package.rsplit('.', node.level - 1)[0]}.{base}".rstrip(".")
            # `from forcegen.checker import rules` imports a module, not a name of one.
            modules = [f"{base}.{a.name}" for a in node.names if _source(f"{base}.{a.name}")]
            found.extend([base, *modules])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _reached(layer: str) -> dict[str, list[str]]:
    """Every module the layer's source imports (every module of it, for a package), and
    every one of ours that imports in turn, at any depth: each with the chain of modules
    that imports it, from the layer's."""
    first = _source(layer)
    assert first is not None, layer
    seeds = [layer]
    if first.name == "__init__.py":
        seeds += [
            ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
            for p in sorted(first.parent.rglob("*.py"))
        ]
    chains = {seed: [seed] for seed in seeds}
    todo = list(chains)
    while todo:
        module = todo.pop()
        path = _source(module)
        assert path is not None, module
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for name in _imports(path, package):
            parts = name.split(".")
            # Importing forcegen.a.b runs forcegen/a/__init__.py first.
            for end in range(1, len(parts) + 1):
                reached = ".".join(parts[:end])
                if reached not in chains:
                    chains[reached] = [*chains[module], reached]
                    if _source(reached) is not None:
                        todo.append(reached)
    return chains


@pytest.mark.parametrize("layer", PLAN_READERS)
def test_what_reads_plans_imports_the_optimizer_nowhere_in_its_source(layer: str) -> None:
    """Loading a layer runs only the imports at its modules' top: one in a function (a
    rule's `from forcegen.model.sets import ModelData`) would load the model as a plan is
    checked, unseen by the test above. Every import of the layer's source, and of each of
    our modules it reaches, at any depth."""
    chains = _reached(layer)
    assert {"forcegen.scenario", "pandas"} <= set(chains)
    found = [" imports ".join(chain) for name, chain in chains.items() if _optimizer(name)]
    assert found == []


# Data flows one way: files, scenario, model, solver, plan, then checks, reports and
# comparisons. Each layer, and what it must never reach, as the plan readers above.
DOWNSTREAM = (
    "forcegen.plan",
    "forcegen.checker",
    "forcegen.stats",
    "forcegen.plots",
    "forcegen.report",
    "forcegen.sweep",
    "forcegen.evaluate",
    "forcegen.cli",
)
UPSTREAM_LAYERS = {
    "forcegen.scenario": ("forcegen.model", "forcegen.solve", "forcegen.replan", *DOWNSTREAM),
    "forcegen.model": ("forcegen.solve", "forcegen.replan", *DOWNSTREAM),
    "forcegen.plan": DOWNSTREAM[1:],
    # The re-plan's record of events is read by the checker, not the re-planning.
    "forcegen.checker": ("forcegen.replan",),
}


@pytest.mark.parametrize("layer", UPSTREAM_LAYERS)
def test_no_layer_reaches_back_up(layer: str) -> None:
    """Every import of the layer's source, and of each of our modules it reaches: none of
    a layer after it (the checker's events had been the re-planning's, so that every plan
    reader loaded the package that imports the checker)."""
    chains = _reached(layer)
    later = UPSTREAM_LAYERS[layer]
    found = [
        " imports ".join(chain)
        for name, chain in chains.items()
        if any(name == o or name.startswith(f"{o}.") for o in later)
    ]
    assert found == []


def test_solver_plan_on_tiny_passes(tiny: Scenario, tmp_path: Path) -> None:
    run = solve_scenario(load_scenario(TINY), SPEC)
    run.write(tmp_path / "run")
    assert check_plan(tiny, SPEC, tmp_path / "run").ok
    # A scenario's folder, as solve_scenario takes it: it had been an AttributeError.
    assert check_plan(TINY, SPEC, run).ok and check_plan(str(TINY), SPEC, run).ok
    from forcegen.evaluate import evaluate_plan

    plan, _ = evaluate_plan(TINY, SPEC, run)
    assert len(plan.assignments) == len(run.plan.assignments)


def test_every_rule_the_checker_names_is_in_the_rules_document() -> None:
    """docs/rules.md decides where the optimizer and the checker disagree: a violation's
    rule must be findable there by the name `check` prints (several had been reported
    under names the document never gave)."""
    root = Path(__file__).resolve().parent.parent
    source = (root / "forcegen" / "checker" / "rules.py").read_text()
    named = set(re.findall(r'(?:Violation|_of_tour)\(\s*"([a-z]+(?:-[a-z]+)*)"', source))
    assert {"dwell", "not-capable", "handover-coverage", "table-mismatch"} <= named
    document = (root / "docs" / "rules.md").read_text()
    assert sorted(rule for rule in named if f"**{rule}**" not in document) == []


def test_a_title_line_above_a_plan_tables_header_is_said_as_one(
    tiny: Scenario, tmp_path: Path
) -> None:
    # A titled sheet saved as CSV: its title had been read as the only column, every
    # required column said missing and every tour a row too long.
    folder = plan(
        tmp_path, "unit,task,region,start", "AAA-inf-1,border_control,north,2000-03",
        header="Tours (draft),,",
    )  # fmt: skip
    (folder / "handover.csv").write_text("Handovers\nregion,month\nnorth,2000-06\n")
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, folder)
    assert [(p.file, p.row, p.rule, p.message) for p in caught.value.problems] == [
        ("assignments.csv", 1, "header-row", "the column names go in row 1, but they are in "
         "row 2, below 'Tours (draft)': delete row 1 above them"),
        ("handover.csv", 1, "header-row", "the column names go in row 1, but they are in row "
         "2, below 'Handovers': delete row 1 above them"),
    ]  # fmt: skip


def test_a_rule_broken_in_months_in_a_row_is_said_once_at_its_worst() -> None:
    """A ceiling exceeded all summer was a line a month, each near the same."""
    from forcegen.checker.rules import Violation, in_runs

    def ceiling(month: str, over: float, rows: tuple[int, ...] = (2,)) -> Violation:
        return Violation("ceiling", "AAA", month, over, f"{1000 + over:,.0f} in theatre", rows)

    found = [
        ceiling("2000-03", 10),
        ceiling("2000-04", 30, (2, 3)),
        ceiling("2000-05", 20, (2, 4)),  # a tour in theatre from May breaks it too
        ceiling("2000-07", 5),  # a month apart: a run of its own
        Violation("budget", "AAA", "FY2000", 7, "spends 107 of 100"),
        Violation("budget", "AAA", "FY2001", 9, "spends 109 of 100"),  # a year on: one run
        Violation("ceiling", "BBB", "2000-04", 1, "1,001 in theatre"),
    ]
    assert in_runs(found) == [
        "[ceiling] AAA 2000-03..2000-05 (assignments.csv rows 2-4): at worst 2000-04: "
        "1,030 in theatre (by 30)",
        "[ceiling] AAA 2000-07 (assignments.csv row 2): 1,005 in theatre (by 5)",
        "[budget] AAA FY2000..FY2001: at worst FY2001: spends 109 of 100 (by 9)",
        "[ceiling] BBB 2000-04: 1,001 in theatre (by 1)",
    ]


def test_nations_at_once_in_months_in_a_row_are_a_line_per_set_of_nations() -> None:
    """A over the year, B beside it for three months and then C: one line for the six
    months named B alone, C's row listed and C never said."""
    from forcegen.checker.rules import Violation, in_runs

    def crowded(month: int, nations: str, row: int) -> Violation:
        return Violation(
            "nations-per-region",
            "r",
            f"2000-{month:02d}",
            1,
            f"2 nations ['A', '{nations}'] in theatre at once, at most 1: the fewest tours to "
            f"move are those of {nations}",
            (row,),
        )

    found = [crowded(m, "B", 3) for m in (1, 2, 3)] + [crowded(m, "C", 4) for m in (4, 5, 6)]
    lines = in_runs(found)
    assert [line.split(":")[0] for line in lines] == [
        "[nations-per-region] r 2000-01..2000-03 (assignments.csv row 3)",
        "[nations-per-region] r 2000-04..2000-06 (assignments.csv row 4)",
    ]
    assert lines[1].endswith("those of C (by 1)")


def test_the_count_of_violations_says_how_many_lines_say_them() -> None:
    """The terminal and the report's verdict counted 3 violations above 1 line: a reader
    looked for the other two."""
    from forcegen.checker import CheckReport
    from forcegen.checker.rules import Violation

    summer = [Violation("ceiling", "AAA", f"2000-0{m}", 10, "1,010 in theatre") for m in (6, 7, 8)]
    assert CheckReport(violations=summer).how_many() == (
        "3 violation(s), said in 1 line(s) (a rule broken month by month in months in a row "
        "said once, at its worst)"
    )
    assert CheckReport(violations=summer[:1]).how_many() == "1 violation(s)"
    # Several rules: each counted, the most first, so that a rare one is not lost below.
    budget = Violation("budget", "AAA FY2000", "2000-07", 5, "spends 105 of 100")
    assert (
        CheckReport(violations=[*summer, budget])
        .how_many()
        .startswith("4 violation(s) (ceiling 3, budget 1), said in 2 line(s)")
    )


def test_a_report_shows_in_a_notebook_as_its_verdict_and_its_first_lines() -> None:
    """`check_plan(...)` in a notebook's cell showed the dataclass whole: 77 `Violation(...)`
    for an edited run. Its verdict in a line, then the lines `forcegen check` says, the first
    five, and how many more."""
    from forcegen.checker import CheckReport
    from forcegen.checker.rules import Violation

    summer = [Violation("ceiling", "AAA", f"2000-0{m}", 10, "1,010 in theatre") for m in (6, 7, 8)]
    refused = [
        Violation("caveat-task", f"BBB-mp-{k}", "2000-03", 1, "BBB refuses public_order", (k + 1,))
        for k in range(1, 7)
    ]
    skipped = ["cost recomputation (no costs.csv)"]
    report = CheckReport(violations=[*summer, *refused], skipped=skipped)
    assert repr(report) == (
        "CheckReport(breaks caveat-task (6), ceiling (3); not checked: cost recomputation "
        "(no costs.csv)\n"
        "9 violation(s) (caveat-task 6, ceiling 3), said in 7 line(s) (a rule broken month by "
        "month in months in a row said once, at its worst):\n"
        "  [ceiling] AAA 2000-06..2000-08: at worst 2000-06: 1,010 in theatre (by 10)\n"
        "  [caveat-task] BBB-mp-1 2000-03 (assignments.csv row 2): BBB refuses public_order\n"
        "  [caveat-task] BBB-mp-2 2000-03 (assignments.csv row 3): BBB refuses public_order\n"
        "  [caveat-task] BBB-mp-3 2000-03 (assignments.csv row 4): BBB refuses public_order\n"
        "  [caveat-task] BBB-mp-4 2000-03 (assignments.csv row 5): BBB refuses public_order\n"
        "  ... 2 more line(s))"
    )
    # print() and f-strings alike; a plan that keeps every hard rule is a line.
    assert str(report) == repr(report)
    lead = Violation("lead-share", "mission", "2000-01", 1707, "...")
    assert repr(CheckReport(soft=[lead])) == (
        "CheckReport(holds every hard rule; soft rules broken: lead-share 1,707)"
    )


def test_a_report_is_a_table_of_a_row_a_violation_and_a_soft_rules_breach() -> None:
    """A notebook user had no table of the violations to filter, count or join: only
    Violation objects, or the lines the terminal says."""
    from forcegen.checker import CheckReport
    from forcegen.checker.rules import Violation

    dwell = Violation("dwell", "AAA-inf-1", "2001-03", 1, "11 months at home, 12 required", (2, 5))
    lead = Violation("lead-share", "mission", "2000-01", 1707, "...")
    frame = CheckReport(violations=[dwell], soft=[lead]).to_frame()
    assert frame.to_dict("records") == [
        {"rule": "dwell", "entity": "AAA-inf-1", "month": "2001-03", "amount": 1,
         "message": "11 months at home, 12 required", "rows": (2, 5), "column": None,
         "file": "assignments.csv", "labels": (), "measured": True, "hard": True},
        {"rule": "lead-share", "entity": "mission", "month": "2000-01", "amount": 1707,
         "message": "...", "rows": (), "column": None, "file": "assignments.csv",
         "labels": (), "measured": True, "hard": False},
    ]  # fmt: skip
    # A plan that breaks nothing: no rows, the same columns, so that a filter still runs.
    kept = CheckReport().to_frame()
    assert kept.empty
    assert list(kept.columns) == list(frame.columns)


def test_breaches_by_tours_a_month_apart_are_each_said() -> None:
    """A unit's next tour mobilized a month short of its dwell, and a third on top of it the
    month after, are two breaches: said as one, the first pair's rows went unnamed."""
    from forcegen.checker.rules import Violation, in_runs

    found = [
        Violation("dwell", "AAA-inf-1", "2001-03", 1, "11 months at home, 12 required", (2, 5)),
        Violation("dwell", "AAA-inf-1", "2001-04", 6, "on two tours at once", (2, 6)),
        Violation("caveat-region", "AAA-inf-1", "2001-05", 1, "refuses east", (7,)),
        Violation("caveat-region", "AAA-inf-1", "2001-06", 1, "refuses east", (8,)),
    ]
    assert in_runs(found) == [str(v) for v in found]


def test_a_model_file_that_is_no_mapping_is_shown_as_written(tmp_path: Path) -> None:
    # Shown as written: `:x:` is no emoji, and a long file is shown short.
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    model = tmp_path / "passwd"
    model.write_text("root:x:0:0:root:/root:/bin/bash " * 10)
    result = CliRunner().invoke(app, ["check", str(TINY), str(folder), "--model", str(model)])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "(value 'root:x:0:0:root:/root:/bin/bash root:x:0:0:" in said and "❌" not in said
    assert said.count("root:x") == 3
    # A byte that is not UTF-8 is said at its line, as in a scenario's files.
    model = tmp_path / "mine.yaml"
    model.write_bytes(b"name: mine\n# caf\xe9\n")
    result = CliRunner().invoke(app, ["check", str(TINY), str(folder), "--model", str(model)])
    assert "mine.yaml, line 2: [encoding] byte 0xe9 is not UTF-8 text" in result.output


def test_a_bad_model_and_a_plan_that_is_none_are_said_at_once(tmp_path: Path) -> None:
    # A weight below 0 and an unknown unit: each had hidden the other until it was mended,
    # in check and evaluate (the model first) and in report (the tables first).
    runner = CliRunner()
    run = tmp_path / "run"
    solved = runner.invoke(app, ["solve", str(TINY), "--out", str(run), "--quiet"])
    assert solved.exit_code == 0, solved.output
    reported = (run / "report.html").read_bytes()  # the solve's
    spec = run / "model.yaml"
    spec.write_text(re.sub(r"shortfall: [\d.]+", "shortfall: -5", spec.read_text(), count=1))
    lines = (run / "assignments.csv").read_text().splitlines()
    lines[1] = "ZZZ-1" + lines[1][lines[1].index(",") :]
    (run / "assignments.csv").write_text("\n".join(lines) + "\n")
    for command in (
        ["check", str(TINY), str(run)],
        ["evaluate", str(TINY), str(run), "--out", str(tmp_path / "again")],
        ["report", str(run)],
    ):
        result = runner.invoke(app, command)
        said = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert "key weights.shortfall: [range] should be greater than or equal to 0" in said
        assert "row 2, column unit: [unknown-unit] no unit 'ZZZ-1'" in said
    assert not (tmp_path / "again").exists()
    assert (run / "report.html").read_bytes() == reported  # no report made of it


def test_what_a_bad_model_hid_is_said_as_each_command_reads_it(tmp_path: Path) -> None:
    # Each command says of the plan, beside a bad model, what it would refuse itself: no
    # less, and nothing it would not (evaluate reads no costs.csv, nor coverage's figures).
    runner = CliRunner()
    run = tmp_path / "run"
    assert runner.invoke(app, ["solve", str(TINY), "--out", str(run), "--quiet"]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(re.sub(r"shortfall: [\d.]+", "shortfall: -5", (run / "model.yaml").read_text()))

    def after_the_models(model: str, *command: str) -> list[str]:
        result = runner.invoke(app, list(command))
        assert result.exit_code == 2, result.output
        said = [" ".join(line.split()) for line in result.output.splitlines()]
        lines = [line.removeprefix("error ") for line in said if line.startswith("error ")]
        assert lines[0].startswith(model) and "weights.shortfall: [range]" in lines[0], lines
        return lines[1:]

    # A plan of another scenario is that, once, not a flood of unknown codes.
    timor = Path(__file__).parent.parent / "data" / "timor-leste-1999"
    (other,) = after_the_models(str(bad), "check", str(timor), str(run), "--model", str(bad))
    assert "[other-scenario]" in other
    # Evaluate's reading: its own refusal (a written personnel the unit does not have),
    # not the checker's (a costs.csv it never reads, coverage without its figures).
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "assignments.csv").write_text(
        "unit,task,region,start,personnel\nAAA-inf-1,border_control,north,2000-01,999\n"
    )
    (plan / "coverage.csv").write_text(
        "region,task,month,domestic\nnorth,border_control,2000-01,5\n"
    )
    (plan / "costs.csv").write_text("nation,fiscal_year,cost\nAAA,FY2000,lots\n")
    out = str(tmp_path / "out")
    (mismatch,) = after_the_models(
        str(bad), "evaluate", str(TINY), str(plan), "--out", out, "--model", str(bad)
    )
    assert mismatch.startswith(
        f"{plan / 'assignments.csv'}, row 2, column personnel: [plan-mismatch]"
    )
    # A workbook's, at its sheet, beside the problem of the model it carries.
    assert runner.invoke(app, ["report", str(run)]).exit_code == 0
    book = load_workbook(run / "plan.xlsx")
    book["assignments"]["A2"] = "ZZZ-1"
    for (cell,) in book["model"].iter_rows(max_col=1):
        if isinstance(cell.value, str) and cell.value.strip().startswith("shortfall:"):
            cell.value = "  shortfall: -5"
    book.save(tmp_path / "mailed.xlsx")
    (unknown,) = after_the_models(
        "mailed.xlsx[model]", "evaluate", str(TINY), str(tmp_path / "mailed.xlsx"), "--out", out
    )
    assert unknown.startswith("mailed.xlsx[assignments], row 2, column unit: [unknown-unit]")
    # A re-plan's events, judged against the scenario as the re-plan would.
    events = tmp_path / "events.yaml"
    events.write_text(
        "events:\n  - {kind: withdraw, nation: ZZZ, announced: 2000-05, notice_months: 1}\n"
    )
    (nation,) = after_the_models(
        str(bad), "replan", str(TINY), str(run), "--from", "2000-04", "--events",
        str(events), "--out", out, "--model", str(bad),
    )  # fmt: skip
    assert nation.startswith(f"{events}, line 2, key nation: [unknown-nation]")
    # A month that is none beside a bad model: said, the events not judged by it.
    unread = runner.invoke(
        app,
        ["replan", str(TINY), str(run), "--from", "2000-13", "--events", str(events),
         "--out", out, "--model", str(bad)],
    )  # fmt: skip
    assert unread.exit_code == 2 and "--from: [format]" in unread.output, unread.output
    assert "Traceback" not in unread.output
    # A run that is not there, said beside the model's problem, once.
    gone = str(tmp_path / "gone")
    (missing,) = after_the_models(str(bad), "check", str(TINY), gone, "--model", str(bad))
    assert missing.startswith(f"{gone}: [plan-path]")
    again = runner.invoke(
        app,
        ["replan", str(TINY), gone, "--from", "2000-04", "--events", str(events), "--out", out],
    )
    assert " ".join(again.output.split()).count(f"{gone}: ") == 1, again.output
    # The report says what the checker refuses of the plan beside its run's bad model.
    copied = tmp_path / "copied"
    shutil.copytree(run, copied)
    shutil.copy(bad, copied / "model.yaml")
    lines = (copied / "assignments.csv").read_text().splitlines()
    start = lines[0].split(",").index("start")
    cells = lines[1].split(",")
    cells[start] = "2003-03"
    (copied / "assignments.csv").write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]))
    (late,) = after_the_models(str(copied / "model.yaml"), "report", str(copied))
    assert "[outside-horizon]" in late
    # A workbook where a run goes: said as that, once, not also as a plan that is a file.
    misplaced = runner.invoke(
        app, ["check", str(TINY), str(run / "plan.xlsx"), "--model", str(bad)]
    )
    assert "[not-a-run]" in misplaced.output and "[plan-path]" not in misplaced.output, (
        misplaced.output
    )
    # The arguments swapped: one problem, not also the scenario's files taken for a plan's.
    swapped = runner.invoke(app, ["evaluate", str(plan), str(TINY), "--out", out])
    said = [line for line in swapped.output.splitlines() if line.startswith("  error")]
    assert len(said) == 1 and "[not-a-scenario]" in said[0], swapped.output


def test_a_long_cell_is_shown_short_in_its_message(tiny: Scenario, tmp_path: Path) -> None:
    # 3,000 characters in a start and in a unit's code, pasted by mistake: each line of
    # the problems had been that long.
    folder = plan(tmp_path, f"{'X' * 3000},border_control,north,{'2' * 3000}")
    with pytest.raises(ScenarioError) as raised:
        check_plan(tiny, SPEC, folder)
    said = [str(p) for p in raised.value.problems]
    assert len(said) == 2 and all(len(line) < 300 for line in said), said
    assert f"got '{'2' * 77}...'" in said[0] and "(value" not in said[0]  # said once


def test_a_required_column_misspelt_is_named_beside_the_one_missing(
    tiny: Scenario, tmp_path: Path
) -> None:
    # The scenario's reading suggested a spelling (`personel`), the plan's did not.
    folder = plan(
        tmp_path, "AAA-inf-1,border_control,north,2000-01", header="unit,task,regoin,start"
    )
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, folder)
    (missing,) = caught.value.problems
    assert missing.message == "required column 'region' is missing; is 'regoin' it, misspelt?"
    # Two letters swapped in a short name, which the likeness alone put below its cutoff,
    # are named as a code mistyped so is.
    swapped = plan(
        tmp_path, "AAA-inf-1,border_control,north,2000-01", header="uint,task,region,start"
    )
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, swapped)
    (missing,) = caught.value.problems
    assert missing.message == "required column 'unit' is missing; is 'uint' it, misspelt?"


def test_a_units_own_tour_and_dwell_are_judged_not_its_nations(
    tiny: Scenario, tmp_path: Path
) -> None:
    # AAA serves 6 months on, 6 at home; its first infantry battalion 4 on, 2 at home.
    units = tuple(
        u.model_copy(update={"tour_months": 4, "dwell_months": 2}) if u.unit == "AAA-inf-1" else u
        for u in tiny.units
    )
    own = tiny.model_copy(update={"units": units})
    rows = [f"AAA-inf-1,border_control,north,{start}" for start in ("2000-01", "2000-07")]
    assert check_plan(own, SPEC, plan(tmp_path, *rows)).ok
    # Judged by the nation's rotation, the second tour would start 6 months too early.
    assert found(tiny, plan(tmp_path, *rows)) == {("dwell", "AAA-inf-1", "2000-07", 6)}
    # Its third, with no month at home, is 2 months too early, and a tour of the nation's
    # length is no tour of this unit's.
    third = [*rows, "AAA-inf-1,border_control,north,2000-11"]
    assert found(own, plan(tmp_path, *third)) == {("dwell", "AAA-inf-1", "2000-11", 2)}
    header = "unit,task,region,start,end"
    long = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01,2000-06", header=header)
    assert {rule for rule, *_ in found(own, long)} == {"tour-length"}
    [said] = check_plan(own, SPEC, long).violations
    assert said.message.endswith("(its own 4-month tour, units.csv tour_months)")


def test_call_ups_in_a_row_are_one_mobilization(tiny: Scenario, tmp_path: Path) -> None:
    # AAA's reserves train 2 months and tour 6, at most 12 months mobilized; with no dwell
    # and a window of 8 months, AAA-inf-2 may be called up again the month its tour ends:
    # mobilized 2000-01..2000-08, then 2000-09..2001-04, 16 months in a row. Each call-up
    # kept the cap, and the checker had passed the plan (the scenario only warned).
    back_to_back = with_nation(tiny, "AAA", dwell_months=0, reserve_window_months=8)
    rows = ["AAA-inf-2,border_control,north,2000-03", "AAA-inf-2,border_control,north,2000-11"]
    report = check_plan(back_to_back, SPEC, plan(tmp_path, *rows))
    said = [v for v in report.violations if v.rule == "reserve-mobilization-length"]
    assert [(v.entity, v.month, v.amount, v.rows) for v in said] == [
        ("AAA-inf-2", "2000-01", 4, (2, 3))
    ]
    assert "mobilized 16 months in a row, at most 12 (2 call-ups" in said[0].message
    # A month at home between them releases the unit.
    apart = [rows[0], "AAA-inf-2,border_control,north,2000-12"]
    report = check_plan(back_to_back, SPEC, plan(tmp_path, *apart))
    assert not [v for v in report.violations if v.rule == "reserve-mobilization-length"]
    # Call-ups that overlap are one stretch too: mobilized 2000-01..2001-02, 14 months,
    # where the second had started a stretch of its own and the breach went unsaid (a
    # hunt's finding; the overlap breaks dwell besides).
    overlapping = [rows[0], "AAA-inf-2,border_control,north,2000-09"]
    report = check_plan(tiny, SPEC, plan(tmp_path, *overlapping))
    said = [v for v in report.violations if v.rule == "reserve-mobilization-length"]
    assert [(v.entity, v.month, v.amount, v.rows) for v in said] == [
        ("AAA-inf-2", "2000-01", 2, (2, 3))
    ]
    assert "mobilized 14 months in a row, at most 12 (2 call-ups" in said[0].message
    # A third from 2000-12 (mobilized 2000-10, to 2001-05) joins the stretch while the
    # second holds it, though the first has ended: 2000-01..2001-05, 17 months
    # (mutation-tested: against the stretch's earliest end, it had started one of its own).
    report = check_plan(
        tiny, SPEC, plan(tmp_path, *overlapping, "AAA-inf-2,border_control,north,2000-12")
    )
    said = [v for v in report.violations if v.rule == "reserve-mobilization-length"]
    assert [(v.month, v.amount, v.rows) for v in said] == [("2000-01", 5, (2, 3, 4))]


def test_a_reserves_caps_hold_at_their_limits(tiny: Scenario, tmp_path: Path) -> None:
    """AAA's reserves train 2 months and tour 6: one call-up of AAA-inf-2 from 2000-03 is
    mobilized 2000-01..2000-08, 8 months, at a cap of 8, and one call-up in its window of
    one. With a month of dwell, the next may be mobilized from 2000-10 (start 2000-12):
    9 months after the first, outside a 9-month window (2000-01..2000-09), inside a 10-month
    one, where one call-up is allowed, not two (mutation-tested: each limit read a month or
    a call-up tighter had passed)."""
    capped = with_nation(tiny, "AAA", reserve_max_share=None, reserve_max_months=8, dwell_months=1)
    folder = plan(tmp_path, "AAA-inf-2,border_control,north,2000-03")
    assert found(capped, folder) == set()
    plan(
        tmp_path, "AAA-inf-2,border_control,north,2000-03", "AAA-inf-2,border_control,north,2000-12"
    )
    assert found(with_nation(capped, "AAA", reserve_window_months=9), folder) == set()
    ten = with_nation(capped, "AAA", reserve_window_months=10)
    assert found(ten, folder) == {("reserve-frequency", "AAA-inf-2", "2000-01", 1)}
    # Where two call-ups are allowed in it, both are.
    assert found(with_nation(ten, "AAA", reserve_mobilizations=2), folder) == set()


def test_calm_regions_first_is_judged_where_the_model_asks_it(
    tiny: Scenario, tmp_path: Path
) -> None:
    # North (risk 4) handed over in 2000-10, South (risk 2) later or never.
    assert SPEC.mission.handover_order == "calm-first"  # the bundled security-keeping's
    anyhow = SPEC.model_copy(update={"mission": {"handover_order": "any"}})
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")

    def ordered(south: str, spec: ModelSpec = SPEC) -> list[tuple[str, str | None, float, str]]:
        (folder / "handover.csv").write_text(f"region,month\nnorth,2000-10\nsouth,{south}\n")
        return [
            (v.entity, v.month, v.amount, v.message)
            for v in check_plan(tiny, spec, folder).violations
            if v.rule == "handover-order"
        ]

    said = "risk 4, handed over before calmer south (risk 2, {}): the model hands calm"
    [(region, month, amount, message)] = ordered("")
    assert (region, month, amount) == ("north", "2000-10", 3)  # to the horizon's end
    assert message.startswith(said.format("never"))
    [(_, _, amount, message)] = ordered("2000-11")
    assert amount == 1 and message.startswith(said.format("2000-11"))
    assert ordered("2000-10") == []
    assert ordered("", anyhow) == []  # each region when it pays


def _calm_mild_hot(tmp_path: Path, record: str | None = None) -> set[tuple]:
    """Hot (risk 3) handed over in 2000-03 before calm (risk 1, 2000-05) and mild (risk 2,
    never), under calm regions first, in a re-plan of `record` (None: a plan of its own):
    its handover-order breaches."""
    risks = (("calm", 1), ("mild", 2), ("hot", 3))
    case = factory.scenario(
        months=8,
        tasks=("patrol",),
        units=[factory.unit("u")],
        regions=[Region(region=r, population=1, risk=risk) for r, risk in risks],
        demand=[(r, "patrol", 0, 7, 100) for r, _ in risks],
        domestic={"initial_strength": 300, "tasks": ("patrol",)},
    )
    calm_first = factory.with_rules(
        factory.spec(), mission={"handover_order": "calm-first", "handover_months": 0}
    )
    folder = plan(tmp_path)
    (folder / "handover.csv").write_text("region,month\nhot,2000-03\ncalm,2000-05\n")
    if record is not None:
        (folder / "replan.yaml").write_text(record + "base_run: before\n")
    return _judged(case, folder, "handover-order", calm_first)


def test_a_region_out_of_order_is_late_by_its_latest_calmer_region(tmp_path: Path) -> None:
    """Hot (risk 3) handed over in 2000-03 before calm (risk 1, 2000-05) and mild (risk 2,
    never): out of order by the months to the latest of them, the horizon's end, 8 - 2,
    not calm's 2 (mutation-tested: the earliest had passed)."""
    assert _calm_mild_hot(tmp_path) == {("hot", "2000-03", 6)}


def test_a_calmer_region_handed_over_by_decision_is_in_order(
    tiny_south_handed_over: Scenario, tmp_path: Path
) -> None:
    # South (risk 2) is handed over by decision in 2000-07, whatever the plan says: the
    # model fixes it so. North (risk 4), handed over in 2000-10, comes after it, though the
    # plan leaves south's month blank or late, which is handover-declared alone.
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    for south in ("", "2000-11"):
        (folder / "handover.csv").write_text(f"region,month\nnorth,2000-10\nsouth,{south}\n")
        rules = {rule for rule, *_ in found(tiny_south_handed_over, folder)}
        assert "handover-declared" in rules and "handover-order" not in rules, south


# The rules' boundaries a mutation of the checker passed unseen (a mutation tester's
# findings): each a month or a share where a lenient checker and the rule part.


def _judged(scenario: Scenario, folder: Path, rule: str, spec: ModelSpec = SPEC) -> set[tuple]:
    report = check_plan(scenario, spec, folder)
    return {
        (v.entity, v.month, round(v.amount, 6))
        for v in [*report.violations, *report.soft]
        if v.rule == rule
    }


def test_a_ceiling_lowered_binds_from_its_first_month(tiny: Scenario, tmp_path: Path) -> None:
    """ceilings.csv cuts AAA to 300 from 2000-04, the month AAA-mp-1 joins AAA-inf-1."""
    ceilings = pd.DataFrame([{"nation": "AAA", "from": "2000-04", "ceiling": 300}])
    folder = plan(
        tmp_path, "AAA-inf-1,border_control,north,2000-01", "AAA-mp-1,aid_escort,south,2000-04"
    )
    judged = _judged(tiny.with_table("ceilings", ceilings), folder, "ceiling")
    assert judged == {("AAA", f"2000-{m:02d}", 150) for m in (4, 5, 6)}


def test_the_least_nations_are_nations_not_units(tiny: Scenario, tmp_path: Path) -> None:
    """Two units of one nation are one nation serving."""
    spec = SPEC.model_copy(
        update={"coalition": SPEC.coalition.model_copy(update={"min_nations": 2})}
    )
    folder = plan(
        tmp_path, "AAA-inf-1,border_control,north,2000-01", "AAA-mp-1,aid_escort,south,2000-01"
    )
    assert _judged(tiny, folder, "min-nations", spec) == {("mission", None, 1)}
    # Two nations are enough (mutation-tested: as many as the least had been one short).
    plan(tmp_path, "AAA-inf-1,border_control,north,2000-01", "BBB-mp-1,aid_escort,south,2000-03")
    assert _judged(tiny, folder, "min-nations", spec) == set()


def test_a_tour_ending_in_its_regions_handover_month_stays_after_it(
    tiny: Scenario, tmp_path: Path
) -> None:
    """AAA-mp-1's tour from 2000-02 ends in 2000-07, south's handover month: from h_r on no
    tour is in theatre there (every tour has end < h_r)."""
    folder = plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-02")
    (folder / "handover.csv").write_text("region,month\nsouth,2000-07\nnorth,\n")
    assert _judged(tiny, folder, "handover-presence") == {("south", "2000-07", 1)}


def test_a_handover_before_k_months_of_the_horizon_is_refused(
    tiny: Scenario, tmp_path: Path
) -> None:
    """K = 3: a handover in 2000-03 (month 2) follows only two months of the horizon, one in
    2000-01 none; one in 2000-04 follows three, enough (mutation-tested: each bound read
    the other way had passed)."""
    folder = plan(tmp_path)
    for month, early in (("2000-03", 1), ("2000-01", 3), ("2000-04", None)):
        (folder / "handover.csv").write_text(f"region,month\nsouth,{month}\nnorth,\n")
        # The domestic force's months alone short of K, apart from its cells' demand.
        said = {v for v in _judged(tiny, folder, "handover-coverage") if v[0] == "south"}
        assert said == ({("south", month, early)} if early else set())


def test_the_domestic_force_holds_a_region_alone_from_k_months_before_its_handover(
    tiny: Scenario, tmp_path: Path
) -> None:
    """South handed over in 2000-11 with K = 3: from 2000-08 on the domestic force must
    cover its aid escort (90, a task it may not take) alone, but not its constabulary
    training, which ends at handover (mutation-tested: held from the horizon's start, or
    training asked of it too, had passed)."""
    folder = plan(tmp_path)
    (folder / "handover.csv").write_text("region,month\nsouth,2000-11\nnorth,\n")
    said = {(entity, month) for entity, month, _ in _judged(tiny, folder, "handover-coverage")}
    assert said == {("south/aid_escort", f"2000-{m:02d}") for m in range(8, 13)}


def test_a_missing_coverage_row_is_measured_by_its_demand(tiny: Scenario, tmp_path: Path) -> None:
    """coverage.csv without south's aid escort in 2000-01 (90 asked, none there) misses
    it by 90 (mutation-tested: by the lesser of demand and cover, 0, had passed)."""
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    (folder / "coverage.csv").write_text(
        "region,task,month,international,domestic,shortfall\nnorth,border_control,2000-01,300,0,0\n"
    )
    missing = ("table-mismatch", "coverage south/aid_escort", "2000-01", 90)
    assert missing in found(tiny, folder)
    # Infantry on training covers nothing, and the north asks none: no row is missing
    # there (mutation-tested: a cell of no cover had been taken as one with tours).
    plan(tmp_path, "AAA-inf-1,constabulary_training,north,2000-01")
    assert not [v for v in found(tiny, folder) if v[1] == "coverage north/constabulary_training"]


def test_a_tour_counts_for_nothing_in_its_relief_in_place(tiny: Scenario, tmp_path: Path) -> None:
    """AAA relieves in place for a month: a trainer from 2000-01 teaches from 2000-02, and a
    tour from 2000-06 counts from 2000-07, after the north's public order ends."""
    relieving = with_nation(tiny, "AAA", overlap_months=1)
    trainer = plan(tmp_path / "t", "AAA-mp-1,constabulary_training,south,2000-01")
    months = "".join(f"2000-{m:02d},0,0,0\n" for m in range(2, 13))
    (trainer / "domestic.csv").write_text(
        f"month,recruits,in_training,strength\n2000-01,10,10,0\n{months}"
    )
    assert _judged(relieving, trainer, "trainers") == {("domestic", "2000-01", 10)}
    late = plan(tmp_path / "l", "AAA-mp-1,public_order,north,2000-06")
    assert _judged(relieving, late, "no-demand") == {("AAA-mp-1", "2000-06", 1)}


def test_a_coverage_floor_leaves_its_complement_short(tiny: Scenario, tmp_path: Path) -> None:
    """A hard floor of 80%: border control in the north (300) covered 75 is 225 short, 165
    past the 20% it may be."""
    mission = SPEC.mission.model_copy(update={"coverage_floor": 0.8})
    rules = SPEC.rules.model_copy(update={"coverage_floor": "hard"})
    spec = SPEC.model_copy(update={"mission": mission, "rules": rules})
    folder = plan(tmp_path, "AAA-mp-1,border_control,north,2000-01")
    judged = _judged(tiny, folder, "coverage-floor", spec)
    assert ("north/border_control", "2000-01", 165) in judged


def test_the_academy_holds_everyone_in_its_course(tiny: Scenario, tmp_path: Path) -> None:
    """An academy of 60 with a two-month course: 40 recruits a month are 80 in training."""
    domestic = tiny.settings.domestic.model_copy(update={"academy_capacity": 60})
    settings = tiny.settings.model_copy(update={"domestic": domestic})
    small = tiny.model_copy(update={"settings": settings})
    folder = plan(tmp_path, "AAA-mp-1,constabulary_training,south,2000-01")
    (folder / "domestic.csv").write_text(
        "month,recruits,in_training,strength\n2000-01,40,40,0\n2000-02,40,80,0\n"
    )
    assert _judged(small, folder, "academy") == {("domestic", "2000-02", 20)}


def test_the_academy_holds_in_a_month_what_academy_csv_gives_it(
    tiny: Scenario, tmp_path: Path
) -> None:
    """The academy (100) closed in 2000-02 and 30 in 2000-03: 40 recruits a month are 40,
    80 and 80 in training, 80 and 50 too many, said with whose capacity."""
    rows = (
        Academy(first="2000-02", last="2000-02", capacity=0),
        Academy(first="2000-03", last="2000-03", capacity=30),
    )
    folder = plan(tmp_path, "AAA-mp-1,constabulary_training,south,2000-01")
    (folder / "domestic.csv").write_text(
        "month,recruits,in_training,strength\n2000-01,40,40,0\n2000-02,40,80,0\n2000-03,40,80,40\n"
    )
    scenario = tiny.model_copy(update={"academy": rows})
    assert _judged(scenario, folder, "academy") == {
        ("domestic", "2000-02", 80),
        ("domestic", "2000-03", 50),
    }
    messages = {v.message for v in check_plan(scenario, SPEC, folder).violations}
    assert "80.0 trainees in an academy that holds 0.0 by academy.csv" in messages


def _cut_short_as_bbb_leaves(tiny: Scenario, tmp_path: Path) -> tuple[Scenario, Path]:
    """BBB leaves after 2000-07, its tour of 2000-05 (4 months) cut short there: a plan in
    motion only for a re-plan from 2000-06 on."""
    scenario = with_nation(tiny, "BBB", leave="2000-07")
    folder = plan(
        tmp_path,
        "AAA-mp-1,aid_escort,south,2000-01",
        "BBB-mp-1,aid_escort,south,2000-05,2000-07",
        header="unit,task,region,start,end",
    )
    return scenario, folder


def test_a_reserve_mobilized_in_an_earlier_re_plans_month_is_not_excused(
    tiny: Scenario, tmp_path: Path
) -> None:
    """AAA-inf-2 (reserve, mobilized 2000-02 for a tour from 2000-04) alone in theatre: a
    tour mobilized in the re-plan month of 2000-02 is that re-plan's decision, not one
    before it, so its share is judged."""
    folder = plan(tmp_path, "AAA-inf-2,border_control,north,2000-04")
    (folder / "replan.yaml").write_text("from: 2000-06\nearlier: [2000-02]\nbase_run: before\n")
    assert _judged(tiny, folder, "reserve-share") == {
        ("AAA", "2000-04", 150),
        ("AAA", "2000-05", 150),
    }
    # Mobilized before a re-plan from 2000-03, in training then, it is committed: excused
    # from its first month in theatre (mutation-tested: a tour not yet begun at the re-plan
    # month had been taken for the re-plan's own, as a redeployment from it is).
    (folder / "replan.yaml").write_text("from: 2000-03\nbase_run: before\n")
    assert _judged(tiny, folder, "reserve-share") == set()


def test_a_region_as_risky_as_a_nation_accepts_is_open_to_it(
    tiny: Scenario, tmp_path: Path
) -> None:
    """BBB accepts risk up to 3: south at risk 3 is within its caveat."""
    regions = tiny.table("regions")
    regions.loc[regions["region"] == "south", "risk"] = 3
    folder = plan(tmp_path, "BBB-mp-1,aid_escort,south,2000-03")
    assert _judged(tiny.with_table("regions", regions), folder, "caveat-risk") == set()


def test_regions_of_equal_risk_are_handed_over_in_any_order(tiny: Scenario, tmp_path: Path) -> None:
    """North at south's risk (2): south handed over first, north never, breaks no order."""
    regions = tiny.table("regions")
    regions.loc[regions["region"] == "north", "risk"] = 2
    folder = plan(tmp_path)
    (folder / "handover.csv").write_text("region,month\nsouth,2000-10\nnorth,\n")
    assert _judged(tiny.with_table("regions", regions), folder, "handover-order") == set()


def test_a_first_row_a_cell_too_long_is_said_so_not_a_plan_of_another_scenario(
    tmp_path: Path,
) -> None:
    """A first tour with one cell more than the header (a note typed beside it) is that
    row's row-shape, as it is on any later row: read by pandas for the scenario's check,
    the first column became the index and every code moved one column left, so that
    `check` called the plan one of another scenario (its units were the nations)."""
    folder = plan(
        tmp_path,
        "AAA-inf-1,border_control,north,2000-01,note",
        "AAA-mp-1,aid_escort,south,2000-02",
    )
    result = CliRunner().invoke(app, ["check", str(TINY), str(folder)])
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "Traceback" not in said, said
    assert "other-scenario" not in said, said
    assert f"error {folder / 'assignments.csv'}, row 2: [row-shape] row has 5 cells" in said


def test_a_month_left_out_of_domestic_csv_is_said_without_a_measure(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A month domestic.csv leaves out is one row missing, no amount of officers: "(by 1)"
    beside a strength breach read as the strength off by one officer."""
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    rows = [f"{month},0,0,0\n" for month in tiny.months if month != "2000-05"]
    (folder / "domestic.csv").write_text("month,recruits,in_training,strength\n" + "".join(rows))
    (missing,) = check_plan(tiny, SPEC, folder).violations
    assert (missing.rule, missing.month, missing.amount) == ("strength", "2000-05", 1)
    assert str(missing) == (
        "[strength] domestic 2000-05: the domestic table has no row for this month: no "
        "recruits taken"
    )


def test_an_earlier_re_plan_month_not_before_from_is_bad_input(
    tiny: Scenario, tmp_path: Path
) -> None:
    """`earlier` lists the months of the re-plans before this one, each before its `from`
    (`forcegen replan` writes none other). BBB's last month is 2000-07: its tour of
    2000-05 (4 months, to 2000-08 whole) cut short at 2000-07 is in motion only for a
    re-plan from 2000-06 on. A re-plan from 2000-03 cuts no such tour, and a hand-written `earlier`
    month of 2000-06, after its `from`, had excused it all the same (the checker's latest
    re-plan month being the latest written, whichever key)."""
    scenario, folder = _cut_short_as_bbb_leaves(tiny, tmp_path)
    (folder / "replan.yaml").write_text("from: 2000-03\nbase_run: before\n")
    assert {v.rule for v in check_plan(scenario, SPEC, folder).violations} == {"tour-length"}
    for later in ("2000-06", "2000-03"):
        (folder / "replan.yaml").write_text(f"from: 2000-03\nearlier: [{later}]\nbase_run: b\n")
        with pytest.raises(ScenarioError) as caught:
            check_plan(scenario, SPEC, folder)
        assert [(p.row, p.column, p.rule, p.value) for p in caught.value.problems] == [
            (2, "earlier", "not-earlier", later)
        ]
        assert caught.value.problems[0].message == (
            "an earlier re-plan's month comes before this re-plan's `from`, 2000-03: one "
            "from then on would excuse tours the re-plan did not"
        )


def test_earlier_re_plan_months_without_a_from_are_bad_input(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A record `forcegen replan` writes always has its `from`; `earlier` months alone
    excused the plan as a re-plan from the latest of them: BBB's tour of 2000-05 cut short
    at its last month, 2000-07, passed as one in motion."""
    scenario, folder = _cut_short_as_bbb_leaves(tiny, tmp_path)
    # Said at its `from`, or where it has none, at its earlier months.
    for record, line in (
        ("base_run: b\nearlier: [2000-06]\n", 2),
        ("from:\nearlier: [2000-06]\nbase_run: b\n", 1),
    ):
        (folder / "replan.yaml").write_text(record)
        with pytest.raises(ScenarioError) as caught:
            check_plan(scenario, SPEC, folder)
        assert [(p.row, p.column, p.rule) for p in caught.value.problems] == [
            (line, "from", "required")
        ]
        assert caught.value.problems[0].message == (
            "a re-plan's record gives the month it re-plans from beside its earlier ones"
        )


def test_a_call_up_stood_down_and_deployed_all_the_same_is_one_call_up(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A reserve trained for a tour the events ended may deploy elsewhere, from the start it
    had, and that tour is the call-up, not one more (docs/rules.md, reserve-frequency).
    AAA-inf-2 (training 2 months; here once per 12 months) mobilized in 2000-01 and a
    record still listing that mobilization as stood down beside its tour of 2000-03: one
    call-up in the window, where it was counted twice, 2 of 1 allowed."""
    tiny = with_nation(tiny, "AAA", reserve_max_share=None, reserve_window_months=12)
    folder = plan(tmp_path, "AAA-inf-2,border_control,north,2000-03")
    (folder / "replan.yaml").write_text(
        "from: 2000-02\nstood_down:\n  - unit: AAA-inf-2\n    mobilized: 2000-01\n"
        "base_run: before\n"
    )
    assert check_plan(tiny, SPEC, folder).ok
    # One more call-up in the window is one too many, the stood-down one not counted again.
    plan(tmp_path, "AAA-inf-2,border_control,north,2000-03", "AAA-inf-2,aid_escort,south,2000-11")
    assert {v for v in found(tiny, folder) if v[0] == "reserve-frequency"} == {
        ("reserve-frequency", "AAA-inf-2", "2000-01", 1)
    }


# A re-plan's rules at their boundaries, which the solved re-plans of tests/test_replan.py
# passed unseen (mutation-tested): hand-made plans of a unit cut short by a re-plan and
# redeployed in theatre, each verdict derived by hand.

# The columns a redeployed row is told apart by: its call-up's mobilized_from.
REDEPLOYED = "unit,task,region,start,end,mobilized_from"


def _refused_r1(*units: Unit, nation: Nation | None = None) -> Scenario:
    """A (6-month tours, 6 months' dwell) refuses r1 from 2000-04 (caveats.csv): a tour of
    its unit a guarding r1 from 2000-01 is cut short at 2000-03 by a re-plan from then, and
    may go on in r2 (asking 100 all year, as r1 does) to its call-up's last month, 2000-06."""
    return factory.scenario(
        months=12,
        nations=[nation or factory.nation("A", dwell_months=6)],
        units=units or [factory.unit("a")],
        regions=[Region(region=r, population=1000, risk=1) for r in ("r1", "r2")],
        demand=[(r, "guard", 0, 11, 100) for r in ("r1", "r2")],
        caveats=[Caveat(nation="A", first="2000-04", region="r1")],
    )


def _re_planned(tmp_path: Path, *rows: str, record: str = "from: 2000-04\n") -> Path:
    """A plan of `rows` (`REDEPLOYED`'s columns) with its re-plan's record."""
    folder = plan(tmp_path, *rows, header=REDEPLOYED)
    (folder / "replan.yaml").write_text(record + "base_run: before\n")
    return folder


def test_a_unit_redeployed_from_the_re_plan_month_goes_on_with_its_call_up(
    tmp_path: Path,
) -> None:
    """a's tour of r1 from 2000-01 cut short at 2000-03, and a in r2 from 2000-04, the
    re-plan's month, mobilized_from 2000-01: a redeployment, going on to its call-up's last
    month, 2000-01 + 6 - 1 = 2000-06, with no dwell after the tour it continues. Nothing
    broken (mutation-tested: the re-plan month read as after the redeployment's start, the
    tour before it as ending in its start month, its call-up one month longer, or the dwell
    between the two judged, had each broken a rule)."""
    folder = _re_planned(
        tmp_path, "a,guard,r1,2000-01,2000-03,2000-01", "a,guard,r2,2000-04,2000-06,2000-01"
    )
    assert found(_refused_r1(), folder, factory.spec()) == set()
    # So in a re-plan from 2000-06 of one from 2000-04, which sent it on (mutation-tested:
    # every re-plan month, not one, had had to come by its start).
    (folder / "replan.yaml").write_text("from: 2000-06\nearlier: [2000-04]\nbase_run: b\n")
    assert found(_refused_r1(), folder, factory.spec()) == set()


def test_a_tour_ended_whole_is_none_to_go_on_from(tmp_path: Path) -> None:
    """a's whole tour of r2 (2000-01..06, not cut short) and one from 2000-07 written with
    that tour's mobilized_from, 2000-01: no tour cut short ends the month before, so it is
    a call-up of its own, mobilized 2000-07. Its mobilized_from is 6 months off, and it
    comes 0 months after the tour before, 6 short of A's dwell (mutation-tested: a tour
    ending at its call-up's last month taken as cut short had made it a redeployment)."""
    folder = _re_planned(
        tmp_path, "a,guard,r2,2000-01,2000-06,2000-01", "a,guard,r2,2000-07,2000-12,2000-01"
    )
    assert found(_refused_r1(), folder, factory.spec()) == {
        ("plan-mismatch", "a", "2000-07", 6),
        ("dwell", "a", "2000-07", 6),
    }


def test_a_redeployment_ends_where_its_unit_must_leave(tmp_path: Path) -> None:
    """a available until 2000-04: redeployed in r2 from 2000-04, it ends there, the earlier
    of its call-up's last month (2000-06) and its own; so written, nothing is broken
    (mutation-tested: a last month in the redeployment's first passed over, its end had
    been the call-up's, and its row's a tour-length)."""
    folder = _re_planned(
        tmp_path, "a,guard,r1,2000-01,2000-03,2000-01", "a,guard,r2,2000-04,2000-04,2000-01"
    )
    leaving = _refused_r1(factory.unit("a", available_until="2000-04"))
    assert found(leaving, folder, factory.spec()) == set()
    # Available until 2000-05, it ends there, a month into it (mutation-tested: last months
    # by its start, not from it, had been the ones taken).
    rows = ("a,guard,r1,2000-01,2000-03,2000-01", "a,guard,r2,2000-04,2000-05,2000-01")
    folder = _re_planned(tmp_path, *rows)
    leaving = _refused_r1(factory.unit("a", available_until="2000-05"))
    assert found(leaving, folder, factory.spec()) == set()


def test_only_a_re_plan_after_a_tour_was_mobilized_redeploys_it(tmp_path: Path) -> None:
    """a mobilized for r1 from 2000-02 and cut short at 2000-03 (A refuses r1 from 2000-04),
    then in r2 from 2000-04 written with mobilized_from 2000-02, in a re-plan from 2000-06
    of one from 2000-02. The re-plan of 2000-02 planned that tour whole; the one of 2000-06
    comes after the row starts: neither redeploys a, so the row is a call-up of its own
    from 2000-04. Its mobilized_from is 2 months off, its end (2000-07, the call-up's) 2
    months short of its own tour's (2000-09), and it comes 0 months after the tour
    before, 6 short of A's dwell (mutation-tested: a re-plan in the month that tour was
    mobilized had redeployed it)."""
    folder = _re_planned(
        tmp_path,
        "a,guard,r1,2000-02,2000-03,2000-02",
        "a,guard,r2,2000-04,2000-07,2000-02",
        record="from: 2000-06\nearlier: [2000-02]\n",
    )
    assert found(_refused_r1(), folder, factory.spec()) == {
        ("plan-mismatch", "a", "2000-04", 2),
        ("tour-length", "a", "2000-04", 2),
        ("dwell", "a", "2000-04", 6),
    }


def test_trainees_enrolled_between_two_re_plans_need_no_trainers_after_the_later(
    tiny: Scenario, tmp_path: Path
) -> None:
    """10 recruits enrol in 2000-08 for tiny's 2-month course (2000-08..09), and nobody
    trains them, in a re-plan from 2000-09 of one from 2000-04. In 2000-08 they are the
    earlier re-plan's, untaught: a trainers breach by 10 trainees. In 2000-09 they were
    enrolled before the latest re-plan month by then, which needs no trainers for them
    (mutation-tested: the earliest re-plan month by then had asked for one)."""
    folder = plan(tmp_path, "AAA-inf-1,border_control,north,2000-01")
    (folder / "domestic.csv").write_text(
        "month,recruits,in_training,strength\n"
        + "".join(f"{m},{10 if m == '2000-08' else 0},0,0\n" for m in tiny.months)
    )
    (folder / "replan.yaml").write_text("from: 2000-09\nearlier: [2000-04]\nbase_run: before\n")
    assert _judged(tiny, folder, "trainers") == {("domestic", "2000-08", 10)}


def test_a_handover_before_the_re_plan_month_is_history_judged_by_no_order(
    tmp_path: Path,
) -> None:
    """Hot handed over in 2000-03, before calm (2000-05) and mild (never): in a re-plan from
    2000-04 that is history, out of no order; in one from 2000-03 it is the re-plan's own,
    out of order by the 6 months to the horizon's end (mutation-tested: the history test
    read as `<=`, or dropped, had judged the one or passed the other)."""
    assert _calm_mild_hot(tmp_path, "from: 2000-04\n") == set()
    assert _calm_mild_hot(tmp_path, "from: 2000-03\n") == {("hot", "2000-03", 6)}


def test_a_tour_in_motion_may_be_cut_short_to_its_first_month(tmp_path: Path) -> None:
    """A refuses r1 from 2000-04, so a tour of a there must end by 2000-03. Mobilized in
    2000-02, the month before a re-plan from 2000-03, it is in motion, cut short there; so
    is one mobilized in 2000-03 for a re-plan from 2000-04, cut short in its own first
    month, one month in theatre. Neither breaks a rule (mutation-tested: the latest re-plan
    month read a month early, or a tour cut short to its start taken for none, had made
    each a tour-length)."""
    for start, replanned in (("2000-02", "2000-03"), ("2000-03", "2000-04")):
        row = f"a,guard,r1,{start},2000-03,{start}"
        folder = _re_planned(tmp_path, row, record=f"from: {replanned}\n")
        assert found(_refused_r1(), folder, factory.spec()) == set(), start
    # Cut shorter than it must be, at 2000-02, it is a tour 4 months short of its full one
    # (mutation-tested: any end by the last month it may have had been taken as cut short).
    folder = _re_planned(tmp_path, "a,guard,r1,2000-01,2000-02,2000-01", record="from: 2000-03\n")
    assert found(_refused_r1(), folder, factory.spec()) == {("tour-length", "a", "2000-01", 4)}


def test_a_redeployment_from_the_re_plan_month_is_the_re_plans_in_the_reserve_share(
    tmp_path: Path,
) -> None:
    """A keeps reserves to half its people in theatre. Its reserve a (training 0) guards r1
    from 2000-01 beside its active b (a 3-month tour), half and half; cut short at 2000-03,
    a goes on in r2 from 2000-04, the re-plan's month, alone. Sent on by the re-plan, not
    committed before it, its months are no excess the re-plan may keep: 100 reserves of 100
    in theatre in 2000-04..06, 50 past half (mutation-tested: a redeployment starting in
    the re-plan month taken as committed had excused them)."""
    reserves = factory.reserve_nation("A", training=0, dwell_months=6, reserve_max_share=0.5)
    case = _refused_r1(
        factory.unit("a", component="reserve"), factory.unit("b", tour_months=3), nation=reserves
    )
    folder = _re_planned(
        tmp_path,
        "a,guard,r1,2000-01,2000-03,2000-01",
        "b,guard,r2,2000-01,2000-03,2000-01",
        "a,guard,r2,2000-04,2000-06,2000-01",
    )
    assert _judged(case, folder, "reserve-share", factory.spec()) == {
        ("A", month, 50) for month in ("2000-04", "2000-05", "2000-06")
    }


def test_a_tour_in_motion_breaking_a_rule_from_its_mobilization_is_cut_short_all_the_same(
    tiny: Scenario, tmp_path: Path
) -> None:
    """AAA-mp-1's tour of the south from 2000-01, written to end at 2000-03, in a re-plan
    from 2000-02: away in 2000-04..05, or refused aid escort in the south from 2000-04,
    announced after it was mobilized, it is cut short at 2000-03. Away in 2000-01 too, or
    refused it there in 2000-01 too, it breaks that rule in its first month, known when
    it was mobilized: that is the one breach, its end as cut still the one it must have
    (mutation-tested: a period or a caveat from its mobilization month on, taken as one
    announced after it, had made 1999-12 its last month, and its end a tour-length too)."""
    header = "unit,task,region,start,end"
    folder = plan(tmp_path, "AAA-mp-1,aid_escort,south,2000-01,2000-03", header=header)
    (folder / "replan.yaml").write_text("from: 2000-02\nbase_run: before\n")
    away = tiny.model_copy(
        update={
            "unavailable": tuple(
                Unavailable(unit="AAA-mp-1", first=first, last=last)
                for first, last in (("2000-01", "2000-01"), ("2000-04", "2000-05"))
            )
        }
    )
    assert found(away, folder) == {("availability", "AAA-mp-1", "2000-01", 1)}
    refused = tiny.model_copy(
        update={
            "caveats": tuple(
                Caveat(nation="AAA", first=first, last=last, task="aid_escort", region="south")
                for first, last in (("2000-01", "2000-01"), ("2000-04", None))
            )
        }
    )
    assert found(refused, folder) == {("caveat-task", "AAA-mp-1", "2000-01", 1)}


def test_a_reserve_away_in_its_training_is_cut_short_at_its_last_month_all_the_same(
    tiny: Scenario, tmp_path: Path
) -> None:
    """AAA-inf-2 (a reserve, 2 months' training) is mobilized in 2000-01 for a tour of the
    north from 2000-03, written to end at 2000-05, its last month (available_until), in a
    re-plan from 2000-02. Away in 2000-01..03 or 2000-02..03 (in its training, and its
    first month in theatre), it breaks availability (by 3 and by 2 months): that is the one
    breach, its end as cut still the one it must have. Away from 2000-02, a last month
    before its start (2000-01) had kept 2000-05 from cutting the tour short: it was told
    "the scenario implies 2000-08" too, an end past its last month."""
    header = "unit,task,region,start,end"
    folder = plan(tmp_path, "AAA-inf-2,border_control,north,2000-03,2000-05", header=header)
    (folder / "replan.yaml").write_text("from: 2000-02\nbase_run: before\n")
    units = tuple(
        u.model_copy(update={"available_until": "2000-05"}) if u.unit == "AAA-inf-2" else u
        for u in tiny.units
    )
    for first, months in (("2000-01", 3), ("2000-02", 2)):
        away = tiny.model_copy(
            update={
                "units": units,
                "unavailable": (Unavailable(unit="AAA-inf-2", first=first, last="2000-03"),),
            }
        )
        assert found(away, folder) == {("availability", "AAA-inf-2", first, months)}, first
    # Away in 2000-02 and again in 2000-06, with no last month of its own: 2000-05 is the
    # month before its next absence in theatre. Only the first absence after mobilization
    # had been seen, and the tour told to end at 2000-08, in theatre in 2000-06.
    twice = tiny.model_copy(
        update={
            "unavailable": tuple(
                Unavailable(unit="AAA-inf-2", first=month, last=month)
                for month in ("2000-02", "2000-06")
            )
        }
    )
    assert found(twice, folder) == {("availability", "AAA-inf-2", "2000-02", 1)}


def test_a_redeployment_of_a_reserve_away_in_its_training_ends_before_its_next_absence(
    tmp_path: Path,
) -> None:
    """Reserve a (2 months' training, 6-month tours) mobilized in 2000-01 for r1 from
    2000-03, cut short at 2000-04 (A refuses r1 from 2000-05), goes on in r2 from 2000-05,
    the re-plan's month. Away in 2000-02 (its training) and in 2000-08, the redeployment
    ends at 2000-07, the month before its next absence: availability in 2000-02 (by 1) is
    its one breach. Only the first absence after mobilization had been seen, and the row
    told to end at its call-up's last month, 2000-08, the month it is away."""
    case = factory.scenario(
        months=12,
        nations=[factory.reserve_nation("A", training=2, dwell_months=6, max_months=12)],
        units=[factory.unit("a", component="reserve")],
        regions=[Region(region=r, population=1000, risk=1) for r in ("r1", "r2")],
        demand=[(r, "guard", 0, 11, 100) for r in ("r1", "r2")],
        caveats=[Caveat(nation="A", first="2000-05", region="r1")],
    )
    away = tuple(Unavailable(unit="a", first=m, last=m) for m in ("2000-02", "2000-08"))
    case = case.model_copy(update={"unavailable": away})
    rows = ("a,guard,r1,2000-03,2000-04,2000-01", "a,guard,r2,2000-05,2000-07,2000-01")
    folder = _re_planned(tmp_path, *rows, record="from: 2000-05\n")
    assert found(case, folder, factory.spec()) == {("availability", "a", "2000-02", 1)}


def test_a_redeployment_is_still_judged_against_another_tour_of_its_call_up(
    tmp_path: Path,
) -> None:
    """a, mobilized in 2000-01, on two tours at once: in r1 (cut short at 2000-03, A
    refusing r1 from 2000-04) and in r3 (cut short at 2000-04, handed over by decision in
    2000-05), then redeployed in r2 from 2000-04, going on from the tour of r1. It needs no
    dwell after that one, but in 2000-04 it is in r3 and r2 at once: a dwell breach by
    6 - (0 - 3 - 1) = 10, rows 3 and 4, beside the two tours at once in r1 and r3, by
    6 - (0 - 2 - 1) = 9 (mutation-tested: a tour of the same call-up ending in the
    redeployment's first month had been taken for the one it continues)."""
    handed = {"r3": "2000-05"}
    case = factory.scenario(
        months=12,
        nations=[factory.nation("A", dwell_months=6)],
        units=[factory.unit("a")],
        regions=[
            Region(region=r, population=1000, risk=1, handed_over=handed.get(r))
            for r in ("r1", "r2", "r3")
        ],
        demand=[(r, "guard", 0, 3 if r == "r3" else 11, 100) for r in ("r1", "r2", "r3")],
        caveats=[Caveat(nation="A", first="2000-04", region="r1")],
    )
    folder = _re_planned(
        tmp_path,
        "a,guard,r1,2000-01,2000-03,2000-01",
        "a,guard,r3,2000-01,2000-04,2000-01",
        "a,guard,r2,2000-04,2000-06,2000-01",
    )
    report = check_plan(case, factory.spec(), folder)
    assert {(v.rule, v.rows, v.amount) for v in report.violations} == {
        ("dwell", (2, 3), 9),
        ("dwell", (3, 4), 10),
    }
