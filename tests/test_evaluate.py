"""A hand-made plan made whole (`forcegen evaluate`), figures derived by hand on tiny.

Tiny (tests/data/tiny): AAA's infantry battalion AAA-inf-1 has 300 personnel, effective
1.0 on border control; AAA's tours last 6 months with no overlap, cost 1,000 a person-month
and 500 a person to rotate; fiscal years start in July. Demand (per month, 2000): north
border control 300 all year, north public order 100 to June, south aid escort 90 and south
constabulary training 20 all year. The domestic course takes 2 months, attrition 1% a
month, a domestic officer counts for 0.5.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import time
import warnings
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from typer.testing import CliRunner, Result

from forcegen import Scenario, ScenarioError
from forcegen.checker import check_plan
from forcegen.cli import app
from forcegen.evaluate import (
    EditedRow,
    WorkedOut,
    evaluate_plan,
    not_read,
    plan_folder,
    planner_rows,
    sheets_edited,
    workbook_model,
)
from forcegen.run import Run, solve_scenario
from forcegen.scenario.problems import Problem, errors
from forcegen.scenario.write import write_folder
from forcegen.spec import MODELS_DIR, idle_settings, load_spec
from tests.cells import number
from tests.conftest import TINY, declared_stale

SPEC = load_spec("security-keeping")


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_one_tour_by_hand(tiny: Scenario, tmp_path: Path) -> None:
    folder = write(
        tmp_path / "mine",
        assignments="unit,task,region,start\nAAA-inf-1,border_control,north,2000-03\n",
        domestic="month,recruits\n2000-01,10\n",
        coverage="region,task,month,domestic\nnorth,public_order,2000-04,5\n",
    )
    plan, _ = evaluate_plan(tiny, SPEC, folder)
    tour = plan.assignments.iloc[0]
    assert (tour["nation"], tour["end"], tour["personnel"], tour["counts_from"]) == (
        "AAA",
        "2000-08",
        300,
        "2000-03",
    )
    coverage = plan.coverage.set_index(["region", "task", "month"])
    assert coverage.loc[("north", "border_control", "2000-05"), "shortfall"] == 0
    assert coverage.loc[("north", "border_control", "2000-09"), "shortfall"] == 300
    # Five officers at 0.5 on public order: 100 - 2.5 short.
    assert coverage.loc[("north", "public_order", "2000-04"), "shortfall"] == pytest.approx(97.5)
    # Border control short in Jan, Feb and Sep-Dec; public order's 6 months less 2.5; aid
    # escort and training all year.
    expected = 6 * 300 + (6 * 100 - 2.5) + 12 * 90 + 12 * 20
    assert plan.kpis["total_shortfall"] == pytest.approx(expected)
    # March to June in one fiscal year (with the rotation), July and August in the next.
    assert sorted(c for c in plan.costs["cost"] if c) == [2 * 300_000, 4 * 300_000 + 150_000]
    strength = plan.domestic.set_index("month")["strength"]
    # Ten recruits of January graduate in March; 1% of them leave each month after.
    assert strength["2000-02"] == 0
    assert strength["2000-03"] == pytest.approx(10)
    assert strength["2000-04"] == pytest.approx(9.9)
    assert plan.kpis["termination"] == "hand-made" and plan.kpis["tours"] == 1


def test_a_hand_made_plans_key_figures_by_hand(tiny: Scenario, tmp_path: Path) -> None:
    # The reserve battalion's tour runs two months past the horizon, which no share counts;
    # south is handed over in October, its constabulary training ending with it.
    force = tiny.settings.domestic.model_copy(update={"cost_per_person_month": 2.0})
    paid = tiny.model_copy(
        update={"settings": tiny.settings.model_copy(update={"domestic": force})}
    )
    folder = write(
        tmp_path / "mine",
        assignments=(
            "unit,task,region,start\n"
            "AAA-inf-1,border_control,north,2000-01\n"
            "AAA-inf-2,border_control,north,2000-09\n"
        ),
        domestic="month,recruits\n2000-01,10\n",
        handover="region,month\nsouth,2000-10\n",
    )
    before = time.perf_counter()
    plan = evaluate_plan(paid, SPEC, folder)[0]
    took = time.perf_counter() - before
    kpis = plan.kpis
    # No solver ran: no model built, its log saying so (left blank, it says a heuristic's);
    # the wall time is the evaluation's own, within the call's.
    assert (kpis["termination"], kpis["solution"], kpis["build_seconds"]) == (
        "hand-made",
        "hand-made",
        0.0,
    )
    assert 0 <= kpis["wall_seconds"] <= took + 0.001
    assert plan.solver_log == "No solver ran: the plan is hand-made.\n"
    # Active Jan-Jun, 6 x 300; reserve Sep-Dec in the horizon, 4 x 300.
    assert kpis["reserve_person_months"] == 1200
    assert kpis["reserve_share"] == pytest.approx(1200 / 3000)
    # Each tour 6 x 300 x 1,000 and 300 x 500 to rotate; the reserve's months past the
    # horizon fall in its last fiscal year (to June 2001), so are counted.
    assert kpis["international_cost"] == 2 * (1_800_000 + 150_000)
    # Ten recruits in training in January and February; trained from March, 1% leaving a
    # month after: 10 (1 + .99 + ... + .99^9) officer-months, each at 2.
    strength = 10 * (1 - 0.99**10) / 0.01
    assert kpis["domestic_cost"] == pytest.approx(2 * (strength + 20))
    assert kpis["cost"] == pytest.approx(3_900_000 + 2 * (strength + 20))
    assert kpis["final_domestic_strength"] == pytest.approx(10 * 0.99**9)
    # Demand: border control 12 x 300, public order 6 x 100, aid escort 12 x 90 and
    # training 9 x 20 (none from the handover on).
    assert kpis["demand"] == 3600 + 600 + 1080 + 180
    # Short: border control in July and August, the rest of it all along.
    assert kpis["total_shortfall"] == 2 * 300 + 600 + 1080 + 180
    assert (kpis["peak_shortfall"], kpis["peak_shortfall_month"]) == (300 + 90 + 20, "2000-07")
    assert kpis["handover"] == {"north": None, "south": "2000-10"}
    assert kpis["regions_handed_over"] == 1
    assert (kpis["tours"], kpis["nations"]) == (2, ["AAA"])
    assert (kpis["objective"], kpis["bound"], kpis["gap"]) == (None, None, None)


def test_a_hand_made_plans_pipeline_and_cover_by_hand(tiny: Scenario, tmp_path: Path) -> None:
    # Infantry has no effectiveness on constabulary training: its tour there covers none.
    # Public order's demand ends in June: the military police there from July meet none.
    folder = write(
        tmp_path / "mine",
        assignments=(
            "unit,task,region,start\n"
            "AAA-inf-1,constabulary_training,south,2000-01\n"
            "AAA-mp-1,public_order,north,2000-07\n"
        ),
        domestic="month,recruits\n2000-01,10\n2000-02,4\n",
    )
    plan = evaluate_plan(tiny, SPEC, folder)[0]
    coverage = plan.coverage.set_index(["region", "task", "month"])
    assert coverage.loc[("south", "constabulary_training", "2000-03"), "international"] == 0
    assert coverage.loc[("south", "constabulary_training", "2000-03"), "shortfall"] == 20
    row = [coverage.loc[("north", "public_order", "2000-08"), c] for c in ("demand", "shortfall")]
    assert row == [0, 0]
    assert coverage.loc[("north", "public_order", "2000-08"), "international"] == 150
    # No reserve on tour: none of the person-months are the reserve's.
    assert (plan.kpis["reserve_person_months"], plan.kpis["reserve_share"]) == (0, 0)
    # The course takes 2 months: January's 10 graduate in March, February's 4 in April;
    # 1% of March's 10 leave in April.
    domestic = plan.domestic.set_index("month")
    assert list(domestic["in_training"][:"2000-04"]) == [10, 14, 4, 0]
    assert list(domestic["graduates"][:"2000-04"]) == [0, 0, 10, 4]
    assert list(domestic["attrition"][:"2000-04"]) == [0, 0, 0, pytest.approx(0.1)]
    assert domestic["strength"]["2000-04"] == pytest.approx(13.9)


def test_a_handover_by_decision_the_plan_leaves_out_is_made_as_decided(
    tiny_south_handed_over: Scenario, tmp_path: Path
) -> None:
    # South is handed over by decision in 2000-07; the planner's tables do not say so.
    folder = write(
        tmp_path / "mine",
        assignments="unit,task,region,start\nAAA-mp-1,aid_escort,south,2000-01\n",
    )
    plan, _ = evaluate_plan(tiny_south_handed_over, SPEC, folder)
    months = plan.handover.set_index("region")["month"]
    assert months["south"] == "2000-07" and pd.isna(months["north"])
    # Its handover table leaving south blank, or out, is the planner's not deciding it:
    # made as decided, and said, where the run showed 2000-07 without a word and the
    # checker of the plan as written finds it handover-declared.
    said = (
        "worked out as south handed over in 2000-07 by decision (regions.csv handed_over), "
        "where the plan's handover table gives it no month"
    )
    for table in ("region,month\nsouth,\n", "region,month\nnorth,\n"):
        write(folder, handover=table)
        with pytest.warns(WorkedOut, match=re.escape(said)):
            plan, _ = evaluate_plan(tiny_south_handed_over, SPEC, folder)
        assert plan.handover.set_index("region")["month"]["south"] == "2000-07"
    write_folder(tiny_south_handed_over, tmp_path / "scenario")
    result = CliRunner().invoke(
        app, ["evaluate", str(tmp_path / "scenario"), str(folder), "--out", str(tmp_path / "run")]
    )
    assert said in " ".join(result.output.split()), result.output
    # A month the planner writes stands, and the checker judges it.
    write(folder, handover="region,month\nsouth,2000-09\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WorkedOut)
        plan, _ = evaluate_plan(tiny_south_handed_over, SPEC, folder)
    assert plan.handover.set_index("region")["month"]["south"] == "2000-09"
    assert not [w for w in caught if "by decision" in str(w.message)]


def test_a_solved_plan_evaluates_to_its_own_tables(tiny: Scenario, tmp_path: Path) -> None:
    run = solve_scenario(tiny, SPEC)
    run.write(tmp_path / "run")
    plan, data = evaluate_plan(tiny, SPEC, tmp_path / "run")
    plan.write(tmp_path / "again", data)
    for name in ("assignments", "coverage", "domestic", "costs", "handover"):
        # The run folder holds six decimals; recruits read back from it carry that rounding.
        pd.testing.assert_frame_equal(
            pd.read_csv(tmp_path / "run" / f"{name}.csv"),
            pd.read_csv(tmp_path / "again" / f"{name}.csv"),
            atol=1e-5,
            obj=name,
        )
    assert plan.kpis["total_shortfall"] == pytest.approx(run.plan.kpis["total_shortfall"])
    assert plan.kpis["cost"] == pytest.approx(run.plan.kpis["cost"])
    # A notebook cell ending in evaluate_plan(...) shows the model's data in a line, not
    # its every tour and index (2.6 million characters on Timor-Leste).
    assert re.fullmatch(
        r"ModelData\(scenario 'tiny', model 'security-keeping': \d+ unit groups, "
        r"[\d,]+ possible tours, [\d,]+ demand cells, 12 months\)",
        repr(data),
    ), repr(data)


def test_every_row_that_is_no_part_of_a_plan_is_bad_input_at_once(
    tiny: Scenario, tmp_path: Path
) -> None:
    folder = write(
        tmp_path / "mine",
        assignments=(
            "unit,task,region,start,end,personnel\n"
            "AAA-inf-9,border_control,north,2000-03,,\n"
            # A start's year mistyped: that, not also the end it would imply; a personnel
            # written wrong, which no start implies, as well.
            "AAA-inf-1,border_control,north,2001-03,2000-08,999\n"
            "AAA-mp-1,public_order,north,2000-01,2000-03,\n"
            "AAA-inf-2,border_control,north,2000-01,,abc\n"
            "BBB-mp-1,aid_escort,south,2000-04,,\n"
            "ghost,aid_escort,south,April,,\n"
        ),
        domestic=(
            "month,recruits\n2000-01,many\n2001-01,5\n2000-02,inf\n2000-03,4\n2000-03,4\n"
            "2000-05,1.7e308\n"  # a number, but its cost overflows to infinity
        ),
        coverage=(
            "region,task,month,domestic\n"
            "atlantis,public_order,2000-01,5\n"
            "north,flying,2000-02,5\n"
            "north,public_order,junk,5\n"
            "north,public_order,2000-04,-1\n"
        ),
        handover="region,month\natlantis,2000-05\nnorth,2000-13\nsouth,2000-09\nsouth,2000-10\n",
    )
    with pytest.raises(ScenarioError) as caught:
        evaluate_plan(tiny, SPEC, folder)
    located = [(p.file, p.row, p.column, p.rule) for p in caught.value.problems]
    assert located == [
        ("assignments.csv", 2, "unit", "unknown-unit"),
        ("assignments.csv", 3, "personnel", "plan-mismatch"),
        ("assignments.csv", 3, "start", "outside-horizon"),
        ("assignments.csv", 4, "end", "tour-length"),
        ("assignments.csv", 5, "personnel", "not-a-number"),
        ("assignments.csv", 7, "start", "format"),
        ("assignments.csv", 7, "unit", "unknown-unit"),
        ("coverage.csv", 2, "region", "unknown-region"),
        ("coverage.csv", 3, "task", "unknown-task"),
        ("coverage.csv", 4, "month", "format"),
        ("coverage.csv", 5, "domestic", "range"),
        ("domestic.csv", 2, "recruits", "not-a-number"),
        ("domestic.csv", 3, "month", "outside-horizon"),
        ("domestic.csv", 4, "recruits", "not-a-number"),
        ("domestic.csv", 6, "month", "duplicate-key"),
        ("domestic.csv", 7, "recruits", "range"),
        ("handover.csv", 2, "region", "unknown-region"),
        ("handover.csv", 3, "month", "format"),
        ("handover.csv", 5, "region", "duplicate-key"),
    ]
    short = next(p for p in caught.value.problems if p.rule == "tour-length")
    # What a row's unit and start imply can be blanked to be worked out; its unit cannot.
    blank = "; blank it to have it worked out from unit and start"
    assert short.message.endswith(blank)
    told = [(p.row, p.column) for p in caught.value.problems if p.message.endswith(blank)]
    assert told == [(3, "personnel"), (4, "end")]
    again = next(p for p in caught.value.problems if p.rule == "duplicate-key")
    assert again.message.endswith("the first is row 5")
    shown = {(p.file, p.value) for p in caught.value.problems if p.rule == "range"}
    assert shown == {("coverage.csv", "-1"), ("domestic.csv", "1.7e+308")}  # as written
    endless = next(p for p in caught.value.problems if p.row == 4 and p.column == "recruits")
    assert endless.value == "inf"  # no number a plan can hold


def test_a_required_column_misspelt_is_said_with_its_rows_unknown_codes(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A plan's heading misspelt (`strat`) leaves its rows no tours, but their codes are
    still judged: the planner who mends the heading is not told only then of a unit and a
    region the scenario does not have. Nor is each row said to lack its start."""
    folder = write(
        tmp_path / "mine",
        assignments=(
            "unit,task,region,strat\n"
            "AAA-inf-9,border_control,north,2000-03\n"
            "AAA-inf-1,border_control,atlantis,2000-03\n"
            "AAA-mp-1,public_order,north,2000-01\n"
        ),
    )
    wanted = [
        ("assignments.csv", 1, "start", "missing-column"),
        ("assignments.csv", 2, "unit", "unknown-unit"),
        ("assignments.csv", 3, "region", "unknown-region"),
    ]
    with pytest.raises(ScenarioError) as caught:
        evaluate_plan(tiny, SPEC, folder)
    assert [(p.file, p.row, p.column, p.rule) for p in caught.value.problems] == wanted
    assert "is 'strat' it, misspelt?" in caught.value.problems[0].message
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, folder)
    assert [(p.file, p.row, p.column, p.rule) for p in caught.value.problems] == wanted


def _evaluated(tmp_path: Path, header: str, tour: str) -> tuple[Result, str]:
    """`evaluate` of a plan of one tour, into `tmp_path / "run"`; its output on one line."""
    folder = write(tmp_path / "mine", assignments=f"{header}\n{tour}\n")
    command = ["evaluate", str(TINY), str(folder), "--out", str(tmp_path / "run")]
    result = CliRunner().invoke(app, command)
    return result, " ".join(result.output.split())


@pytest.mark.parametrize(
    ("written", "moved"),
    [
        # BBB's 4-month tour moved from 2000-07 to 2000-06, the rest left: worked out again.
        ("2000-06,2000-10,2000-07,2000-07", True),
        # Its end moved too: mobilized_from and counts_from alone are left from 2000-07.
        ("2000-06,2000-09,2000-07,2000-07", True),
        # An end two months on and the others one: no one start they are left from.
        ("2000-06,2000-11,2000-07,2000-07", False),
        # An end alone that disagrees is a tour length as written, not a start moved; a
        # counts_from alone is as likely typed as left.
        ("2000-06,2000-10,2000-06,2000-06", False),
        ("2000-06,2000-09,2000-06,2000-07", False),
        # A start outside the horizon is the fault, said alone: nothing is worked out.
        ("2001-06,2000-10,2000-07,2000-07", False),
    ],
)
def test_a_start_moved_has_what_it_implies_worked_out_again(
    tmp_path: Path, written: str, moved: bool
) -> None:
    """A planner moving a tour changed its start and was refused three times over, for the
    end, mobilized_from and counts_from the old start had given."""
    row = f"BBB-mp-1,aid_escort,south,{written}"
    months, _ = _moved(tmp_path, row, "2000-07" if moved else None)
    assert months == ([["2000-06", "2000-09", "2000-06", "2000-06"]] if moved else None)


def _moved(tmp_path: Path, row: str, left_from: str | None) -> tuple[list[list[str]] | None, str]:
    """The tour `row` (unit, task, region, start, end, mobilized_from, counts_from), its
    other months left from a tour from `left_from` as its start was moved: its months as
    worked out again, or None where it is refused, with no start-moved warning; and what
    evaluate said."""
    result, said = _evaluated(
        tmp_path, "unit,task,region,start,end,mobilized_from,counts_from", row
    )
    if left_from is None:
        assert result.exit_code == 2 and "start-moved" not in said, result.output
        return None, said
    assert result.exit_code in (0, 1), result.output  # worked out, then judged
    assert (
        "warning assignments.csv, row 2, column start: [start-moved]" in said
        and f"of a tour from {left_from}, left as the start was moved: worked out again" in said
    ), said
    tours = pd.read_csv(tmp_path / "run" / "assignments.csv")
    return tours[["start", "end", "mobilized_from", "counts_from"]].values.tolist(), said


@pytest.mark.parametrize(
    ("start", "worked_out"),
    [
        # The horizon's first month is in it: worked out again as any other.
        ("2000-01", True),
        # The month after its last is not: the fault, said alone.
        ("2001-01", False),
    ],
)
def test_a_start_moved_to_the_horizons_edge(tmp_path: Path, start: str, worked_out: bool) -> None:
    """AAA-mp-1's 6-month tour from 2000-02 moved to the edge of the horizon, its end,
    mobilized_from and counts_from left."""
    row = f"AAA-mp-1,aid_escort,south,{start},2000-07,2000-02,2000-02"
    months, said = _moved(tmp_path, row, "2000-02" if worked_out else None)
    assert months == ([["2000-01", "2000-06", "2000-01", "2000-01"]] if worked_out else None)
    assert ("[outside-horizon]" in said) is not worked_out, said


@pytest.mark.parametrize(
    ("nation", "end", "said"),
    [
        # AAA-mp-1's row given to BBB-mp-1: AAA's nation and 6-month end left.
        (
            "AAA",
            "2000-09",
            "nation and end are those of a tour of AAA-mp-1 from 2000-04, left as the row",
        ),
        # A nation no unit of this type and size has: no other unit's row, a fault.
        ("CCC", "2000-09", None),
        # The nation alone disagrees: as likely typed over BBB's as left from AAA's.
        ("AAA", "2000-07", None),
    ],
)
def test_a_unit_changed_has_what_it_implies_worked_out_again(
    tmp_path: Path, nation: str, end: str, said: str | None
) -> None:
    """A planner swapping a unit changed its code and was refused for the nation and
    tour length the old unit had given."""
    result, output = _evaluated(
        tmp_path,
        "unit,nation,component,type,task,region,start,end,personnel",
        f"BBB-mp-1,{nation},active,military_police,aid_escort,south,2000-04,{end},150",
    )
    if said is None:
        assert result.exit_code == 2 and "unit-changed" not in output, result.output
        return
    assert result.exit_code in (0, 1), result.output  # worked out, then judged
    assert (
        f"row 2, column unit: [unit-changed] {said} was changed: worked out again for BBB-mp-1 "
        "from 2000-04 (nation BBB, end 2000-07)"
    ) in output
    tours = pd.read_csv(tmp_path / "run" / "assignments.csv")
    assert tours[["unit", "nation", "end"]].values.tolist() == [["BBB-mp-1", "BBB", "2000-07"]]


def test_a_unit_changed_whose_tours_are_alike_is_said_from_the_rows_start(
    tmp_path: Path,
) -> None:
    """AAA-inf-1's row given to AAA-mp-1, its type and personnel left: AAA's tours are all
    6 months, no month written disagrees, so the tour it was left from starts where the
    row does."""
    result, said = _evaluated(
        tmp_path,
        "unit,nation,component,type,task,region,start,personnel",
        "AAA-mp-1,AAA,active,infantry,aid_escort,south,2000-04,300",
    )
    assert result.exit_code in (0, 1), result.output
    assert (
        "row 2, column unit: [unit-changed] type and personnel are those of a tour of "
        "AAA-inf-1 from 2000-04, left as the row was changed: worked out again for AAA-mp-1 "
        "from 2000-04 (type military_police, personnel 150)"
    ) in said, said
    tours = pd.read_csv(tmp_path / "run" / "assignments.csv")
    assert tours[["unit", "type", "personnel"]].values.tolist() == [
        ["AAA-mp-1", "military_police", 150]
    ]


def test_months_alone_name_no_other_unit(tmp_path: Path) -> None:
    """AAA-inf-1's end, mobilized_from and counts_from as BBB-mp-1's 4-month tour from
    2000-03 would have them: nothing in the row names BBB, so the row is refused, not
    worked out as a unit changed from it."""
    result, said = _evaluated(
        tmp_path,
        "unit,task,region,start,end,mobilized_from,counts_from",
        "AAA-inf-1,aid_escort,south,2000-04,2000-06,2000-03,2000-03",
    )
    assert result.exit_code == 2 and "unit-changed" not in said, result.output


def test_a_row_worked_out_again_is_said_in_python_too(tiny: Scenario, tmp_path: Path) -> None:
    """evaluate_plan worked the row out again and said nothing: only the command line
    told a planner."""
    header = "unit,task,region,start,end,mobilized_from,counts_from"
    folder = write(
        tmp_path / "mine",
        assignments=f"{header}\nBBB-mp-1,aid_escort,south,2000-06,2000-10,2000-07,2000-07\n",
    )
    with pytest.warns(EditedRow, match=r"\[start-moved\] end, mobilized_from and counts_from"):
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert plan.assignments["end"].tolist() == ["2000-09"]
    # Held in memory, at its frame's label: it had named assignments.csv, no file given.
    held = pd.read_csv(folder / "assignments.csv", dtype=str).set_axis([10])
    with pytest.warns(EditedRow) as said:
        evaluate_plan(tiny, SPEC, {"assignments": held})
    assert str(said[0].message).startswith("the assignments table given, index 10, column ")


def test_the_verdict_names_the_planners_rows(tmp_path: Path) -> None:
    # A tour entered twice a month apart, below blank rows the run's own table leaves out.
    tour = "AAA-inf-1,aid_escort,south,2000-0"
    folder = write(
        tmp_path / "mine", assignments=f"unit,task,region,start\n{tour}3\n\n,,,\n{tour}4\n"
    )
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["evaluate", str(TINY), str(folder), "--out", str(out)])
    assert result.exit_code == 1, result.output
    where = f"({folder / 'assignments.csv'} rows 2, 5)"
    assert "[dwell]" in result.output and where in " ".join(result.output.split())
    assert "on two tours at once" in result.output
    assert where in (out / "report.html").read_text(encoding="utf-8")
    # The workbook says it too, counted as the terminal counts: by violation, not by line.
    count = re.search(r"(\d+) violation\(s\)", result.output)
    assert count is not None
    verdict = pd.read_excel(out / "plan.xlsx", sheet_name="verdict")["independent check"]
    assert verdict[0] == f"The plan breaks hard rules: {count[1]} violation(s)."
    assert any(where in line for line in verdict[1:])


def test_a_soft_rules_breach_names_the_planners_rows(tmp_path: Path) -> None:
    """A soft rule's breach is said at the planner's row, as a violation is, not at the
    run's: BBB's tour is row 5 of the planner's file, row 3 of the run's."""
    folder = write(
        tmp_path / "mine",
        assignments="unit,task,region,start\nAAA-inf-1,aid_escort,south,2000-03\n\n,,,\n"
        "BBB-mp-1,aid_escort,south,2000-03\n",
    )
    model = yaml.safe_load((MODELS_DIR / "security-keeping.yaml").read_text())
    model["coalition"]["max_nations_per_region"] = 1
    model["rules"]["nations_per_region"] = "soft"
    (tmp_path / "one.yaml").write_text(yaml.safe_dump(model))
    command = ["evaluate", str(TINY), str(folder), "--out", str(tmp_path / "run")]
    result = CliRunner().invoke(app, [*command, "--model", str(tmp_path / "one.yaml")])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"[nations-per-region] south ({folder / 'assignments.csv'} row 5)" in said, said


def test_the_verdict_names_the_planners_rows_of_its_domestic_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its recruits, officers employed and handovers at their rows of the planner's
    files, whose order is not the run's; where those have no row (a month, a cell worked
    out as none), at the run's file and row. Without trainers, each month's trainees are
    too many."""
    monkeypatch.chdir(tmp_path)
    write(
        Path("mine"),
        assignments="unit,task,region,start\nAAA-inf-1,border_control,north,2000-03\n",
        # Not in the run's order: a row a month from 2000-01 (row 2), cells by region.
        domestic="month,recruits\n2000-03,60\n\n2000-01,10\n",
        coverage="region,task,month,domestic\nsouth,aid_escort,2000-05,0\n"
        "north,public_order,2000-02,5\n",
        handover="region,month\n\nnorth,2000-02\n",
    )
    result = CliRunner().invoke(app, ["evaluate", str(TINY), "mine", "--out", "run"])
    assert result.exit_code == 1, result.output
    lines = {line.strip() for line in result.output.splitlines()}
    alone = "from 3 month(s) before its handover in 2000-02 on, and covers"
    assert {
        # January's ten recruits, in the planner's row 4, which has no in_training column.
        "[trainers] domestic 2000-01 (mine/domestic.csv row 4): 10.0 trainees for 0.0 "
        "effective trainers, who teach 0.0 at 10 each (by 10)",
        # February recruits none: the run's row of it holds its trainees.
        "[trainers] domestic 2000-02 (run/domestic.csv row 3, column in_training): 10.0 "
        "trainees for 0.0 effective trainers, who teach 0.0 at 10 each (by 10)",
        "[recruits] domestic 2000-03 (mine/domestic.csv row 2, column recruits): 60 "
        "recruits, from 0 to 50 a month (by 10)",
        # Five officers before any has graduated; the run's row 15.
        "[employment] domestic 2000-02 (mine/coverage.csv row 3, column domestic): 5.0 "
        "domestic officers employed of 0.0 (by 5)",
        f"[handover-coverage] north/public_order 2000-02 (mine/coverage.csv row 3, column "
        f"domestic): the domestic force alone must cover the 100 effective personnel needed "
        f"{alone} 2.5: 195 domestic officer(s) more (by 97.5)",
        # Every month of the year the same: said once, at its first, with each month's row.
        f"[handover-coverage] north/border_control 2000-01..2000-12 (run/coverage.csv rows "
        f"2-13, column domestic): at worst 2000-01: the domestic force alone must cover the "
        f"300 effective personnel needed {alone} 0: 600 domestic officer(s) more (by 300)",
        # The run's row 2.
        "[handover-coverage] north 2000-02 (mine/handover.csv row 3, column month): handed "
        "over before the domestic force has held it alone for 3 month(s) of the horizon (by 2)",
        # Its six months there, 2000-03..08, not counted from the handover.
        "[handover-presence] north 2000-02 (mine/assignments.csv row 2): AAA-inf-1 arrives "
        "after the handover, in 2000-03 (by 6)",
    } <= lines
    # The report names them so too.
    report = (Path("run") / "report.html").read_text(encoding="utf-8")
    assert "mine/domestic.csv row 2, column recruits" in report


def _reported(tiny: Scenario, tmp_path: Path) -> Run:
    """tiny solved, written to `tmp_path`/run with its report and its plan.xlsx."""
    run = solve_scenario(tiny, SPEC)
    run.write(tmp_path / "run")
    assert CliRunner().invoke(app, ["report", str(tmp_path / "run")]).exit_code == 0
    return run


def test_a_workbooks_verdict_names_its_sheets_rows_and_headings(
    tiny: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet's rows as the planner ordered them, its handover month by the sheet's
    heading (`handover`)."""
    _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    for name in ("domestic", "handover"):
        # The rows below the header upside down: the run writes them in its own order.
        sheet = book[name]
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        for row_number, values in enumerate(reversed(rows), start=2):
            for column, value in enumerate(values, start=1):
                sheet.cell(row_number, column).value = value
    domestic, handover = book["domestic"], book["handover"]
    january = domestic.max_row  # 2000-01, upside down
    assert domestic.cell(january, 1).value == "2000-01"
    domestic.cell(january, 2).value = 60
    north = next(r for r in range(2, handover.max_row + 1) if handover.cell(r, 1).value == "north")
    assert handover.cell(1, 3).value == "handover" and north == 3
    handover.cell(north, 3).value = "2000-02"
    book.save(tmp_path / "edited.xlsx")
    out = tmp_path / "evaluated"
    result = CliRunner().invoke(
        app, ["evaluate", str(TINY), str(tmp_path / "edited.xlsx"), "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    # By its whole path: the run's own plan.xlsx keeps the verdict, its rows not these.
    assert f"({tmp_path.resolve() / 'edited.xlsx'}[domestic] row {january}" in output
    assert (
        f"edited.xlsx[domestic] row {january}, column recruits): "
        "60 recruits, from 0 to 50 a month (by 10)"
    ) in output
    assert "edited.xlsx[handover] row 3, column handover): handed over before" in output
    # Given by its name alone, as plan.xlsx from its folder: its whole path still, where the
    # new run's own plan.xlsx keeps the verdict.
    monkeypatch.chdir(tmp_path)
    alone = CliRunner().invoke(app, ["evaluate", str(TINY), "edited.xlsx", "--out", "again"])
    said = " ".join(alone.output.split())
    assert f"({tmp_path.resolve() / 'edited.xlsx'}[domestic] row {january}" in said


def test_a_plan_of_tours_alone_says_first_that_its_domestic_force_trains_no_one(
    tmp_path: Path,
) -> None:
    """The tours of a solved plan copied alone: its shortfall jumped (the solved plan's
    recruits gone), said after the figures as "a plan that recruits no one", which did
    not say what that does. Said before the figures now, with what it does: tiny's
    domestic force starts at 0 officers, so it has none to the horizon's end."""
    folder = write(
        tmp_path / "mine",
        assignments="unit,task,region,start\nAAA-inf-1,border_control,north,2000-03\n",
    )
    result = CliRunner().invoke(
        app, ["evaluate", str(TINY), str(folder), "--out", str(tmp_path / "run")]
    )
    said = " ".join(result.output.split())
    worked_out = (
        "worked out as a plan that recruits no one, its domestic force training no officer: "
        "it has none to the horizon's end, to cover demand or take a region over (the plan "
        "has no domestic table)"
    )
    assert worked_out in said, said
    assert said.index(worked_out) < said.index("Plan summary")
    with pytest.warns(WorkedOut, match="its domestic force training no officer"):
        evaluate_plan(TINY, "security-keeping", folder)


def test_cli_writes_checks_and_reports_a_hand_made_plan(tmp_path: Path) -> None:
    # Recruits with no one to train them: the plan is written and reported, and broken.
    folder = write(
        tmp_path / "mine",
        assignments="unit,task,region,start\nAAA-inf-1,border_control,north,2000-03\n",
        domestic="month,recruits\n2000-01,10\n",
    )
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["evaluate", str(TINY), str(folder), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "[trainers]" in result.output and "Traceback" not in result.output
    # Without its coverage table the plan employs no domestic officers: said, in the
    # terminal and the report, not left to be read off a larger shortfall.
    said = "worked out as a plan that employs no domestic officers"
    assert said in " ".join(result.output.split())
    assert "employs no domestic officers" in (out / "report.html").read_text(encoding="utf-8")
    said = "worked out as a plan that hands no region over but by decision"
    assert said in " ".join(result.output.split())
    assert "recruits no one" not in result.output  # it has its domestic.csv
    assert "of it solving" not in result.output  # nothing was solved
    # No model.yaml beside the plan and none given: said, for a plan made under another.
    assert "the bundled one: no --model given" in " ".join(result.output.split())
    assert (out / "report.html").exists() and (out / "plan.xlsx").exists()
    assert (out / "kpis.json").exists() and (out / "scenario" / "scenario.yaml").exists()
    assert CliRunner().invoke(app, ["report", str(out)]).exit_code == 0


def test_a_model_short_of_nations_is_said_as_the_scenarios_breach(
    tiny: Scenario, tmp_path: Path
) -> None:
    """security-keeping asks for 3 nations, soft, and tiny has 2: evaluate and check said
    it as a constant in the objective 'that the relative gap (solver.gap: 0.01) is taken
    of too', of a plan no solve made, and since the objective leaves out the nations no
    plan can have, of a solve neither. Said as the breach every verdict shows."""
    said = (
        "[short-of-nations] coalition.min_nations asks for 3 nations and the scenario has 2 "
        "(AAA, BBB): every plan is 1 nation short, the scenario's breach, not a plan's: "
        "every verdict says it, and the objective does not price it"
    )
    [found] = idle_settings(SPEC, tiny, "m.yaml")
    assert f"[{found.rule}] {found.message}" == said
    folder = write(
        tmp_path / "mine",
        assignments="unit,task,region,start\nAAA-inf-1,border_control,north,2000-01\n",
    )
    runner = CliRunner()
    for command in (["evaluate", "--out", str(tmp_path / "run")], ["check"]):
        result = runner.invoke(app, [command[0], str(TINY), str(folder), *command[1:]])
        output = " ".join(result.output.split())
        assert said in output and "relative gap" not in output, output
        # The verdict shows the breach the warning puts down to the scenario.
        assert "[min-nations] mission: 2 nations serve, at least 3 required" not in output
        # Its heading says the soft rules' breaches are priced: this one's part is not.
        assert (
            "[min-nations] mission: 1 nation serves, at least 3 required; the scenario has 2, "
            "so 1 of it is the scenario's breach, in every plan, which the objective does not "
            "price (by 2)"
        ) in output


def test_cli_refuses_bad_input_and_writes_nothing(tmp_path: Path) -> None:
    folder = write(tmp_path / "mine", assignments="unit,task\nAAA-inf-1,border_control\n")
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["evaluate", str(TINY), str(folder), "--out", str(out)])
    assert result.exit_code == 2 and "missing-column" in result.output
    assert "Traceback" not in result.output and not out.exists()
    result = CliRunner().invoke(app, ["evaluate", str(TINY), str(folder), "--out", str(folder)])
    assert result.exit_code == 2 and "overwrites-input" in result.output


def test_a_plan_workbook_open_in_a_spreadsheet_is_said_to_be(
    tiny: Scenario, tmp_path: Path
) -> None:
    """Evaluated while Excel had it open (its `~$` lock file beside it), the planner's
    unsaved edits were not read, and nothing said so."""
    _reported(tiny, tmp_path)
    book = Path(shutil.copy(tmp_path / "run" / "plan.xlsx", tmp_path / "plan.xlsx"))
    (tmp_path / "~$plan.xlsx").write_text("planner")
    said: list[Problem] = []
    with plan_folder(book, said):
        pass
    assert [(p.file, p.rule, p.severity) for p in said] == [
        ("plan.xlsx", "open-elsewhere", "warning")
    ]


def test_a_plan_edited_in_its_workbook(tiny: Scenario, tmp_path: Path) -> None:
    run = _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    sheet = book["assignments"]
    gone = (sheet["A2"].value, sheet["G2"].value)  # unit, start
    sheet.delete_rows(2)
    assert sheet.max_row >= 3, "tiny's plan has at least three tours"
    gone_nation, gone_unit = sheet["B2"].value, sheet["A3"].value
    book.save(tmp_path / "edited.xlsx")
    with plan_folder(tmp_path / "edited.xlsx") as folder:
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert len(plan.assignments) == len(run.plan.assignments) - 1
    assert gone not in set(zip(plan.assignments["unit"], plan.assignments["start"], strict=True))
    # The domestic force's part comes from its sheets: recruits and handovers as solved.
    assert plan.domestic["recruits"].sum() == pytest.approx(run.plan.domestic["recruits"].sum())
    assert plan.kpis["handover"] == run.plan.kpis["handover"]
    # The handover sheet names the month `handover`; a planner hands the south over.
    handover = book["handover"]
    assert handover["A1"].value == "region" and handover["C1"].value == "handover"
    south = next(
        row for row in range(2, handover.max_row + 1) if handover[f"A{row}"].value == "south"
    )
    handover[f"C{south}"] = "2000-12"
    # A line break in a cell must not shift the rows named below it.
    sheet["B2"] = "AAA\nchecked"
    sheet["A3"] = "AAA-inf-9"
    book.save(tmp_path / "edited.xlsx")
    with pytest.raises(ScenarioError) as caught, plan_folder(tmp_path / "edited.xlsx") as folder:
        evaluate_plan(tiny, SPEC, folder)
    located = [(p.file, p.row, p.column, p.rule) for p in caught.value.problems]
    assert located == [
        ("edited.xlsx[assignments]", 2, "nation", "plan-mismatch"),
        ("edited.xlsx[assignments]", 3, "unit", "unknown-unit"),
    ]
    sheet["B2"], sheet["A3"] = gone_nation, gone_unit
    book.save(tmp_path / "edited.xlsx")
    with plan_folder(tmp_path / "edited.xlsx") as folder:
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert plan.kpis["handover"]["south"] == "2000-12"
    # A formula a script wrote has no value saved until a spreadsheet opens the book: it
    # is said as such, not read as a blank start or month; one beside the table is not read,
    # and said to be.
    sheet["G3"] = '=TEXT(DATE(2000,1,1),"yyyy-mm")'
    handover[f"C{south}"] = '="2000-"&"12"'
    handover["Z2"] = "=1+1"
    book.save(tmp_path / "edited.xlsx")
    with pytest.raises(ScenarioError) as unsaved, plan_folder(tmp_path / "edited.xlsx"):
        pass
    located = [(p.file, p.row, p.column, p.rule) for p in unsaved.value.problems]
    assert located == [
        ("edited.xlsx[assignments]", 3, "start", "formula-without-value"),
        ("edited.xlsx[handover]", 2, "Z", "outside-table"),
        ("edited.xlsx[handover]", south, "handover", "formula-without-value"),
    ]
    # Said with the plan's other problems, all at once, and not again as a blank cell.
    sheet["A2"] = "AAA-inf-9"
    book.save(tmp_path / "edited.xlsx")
    with pytest.raises(ScenarioError) as both, plan_folder(tmp_path / "edited.xlsx") as folder:
        evaluate_plan(tiny, SPEC, folder)
    located = [(p.file, p.row, p.column, p.rule) for p in both.value.problems]
    assert sorted(located, key=str) == sorted(
        [
            ("edited.xlsx[assignments]", 2, "unit", "unknown-unit"),
            ("edited.xlsx[assignments]", 3, "start", "formula-without-value"),
            ("edited.xlsx[handover]", 2, "Z", "outside-table"),
            ("edited.xlsx[handover]", south, "handover", "formula-without-value"),
        ],
        key=str,
    )


def test_a_whole_number_a_spreadsheet_worked_out_in_a_plan_reads_as_it_shows(
    tiny: Scenario, tmp_path: Path
) -> None:
    _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    sheet = book["assignments"]
    assert sheet["I1"].value == "personnel"
    # A figure a spreadsheet worked out (=3*0.1*1000 saves 300.00000000000006) is
    # a unit of its last place off, and shown as the whole number: not one the scenario
    # contradicts.
    personnel = sheet["I2"].value
    sheet["I2"] = math.nextafter(personnel, math.inf)
    assert sheet["I2"].value != personnel
    book.save(tmp_path / "edited.xlsx")
    with plan_folder(tmp_path / "edited.xlsx") as folder:
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert plan.assignments["personnel"].iloc[0] == personnel


def test_a_column_of_a_plan_sheet_no_plan_has_is_said_not_read(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A budget under a misspelt heading is not read, said as the checker says it of the
    file; the columns plan.xlsx writes beside a handover for its reader (name, how far in,
    by whom) are no plan's edits, and say nothing."""
    _reported(tiny, tmp_path)
    out = tmp_path / "judged"
    book = tmp_path / "run" / "plan.xlsx"
    result = CliRunner().invoke(app, ["evaluate", str(TINY), str(book), "--out", str(out)])
    assert result.exit_code == 0 and "unread-column" not in result.output, result.output
    edited = load_workbook(book)
    (budget,) = [cell for cell in edited["costs"][1] if cell.value == "budget"]
    budget.value = "budgte"
    edited.save(tmp_path / "misspelt.xlsx")
    misspelt = str(tmp_path / "misspelt.xlsx")
    result = CliRunner().invoke(app, ["evaluate", str(TINY), misspelt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = [line.strip() for line in result.output.splitlines() if "unread-column" in line]
    assert said == [
        "warning misspelt.xlsx[costs], row 1, column budgte: [unread-column] 'budgte' is not "
        "a column of a plan's costs: not read; did you mean budget?"
    ]


def test_a_note_beside_a_sound_plans_table_is_said_by_evaluate(
    tiny: Scenario, tmp_path: Path
) -> None:
    """The workbook's warnings reach the planner when the plan has no errors too: a note
    beside the tours had refused the plan, then went unsaid."""
    _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    book["assignments"]["Z2"] = "checked by J2"
    book.save(tmp_path / "noted.xlsx")
    out = tmp_path / "judged"
    result = CliRunner().invoke(
        app, ["evaluate", str(TINY), str(tmp_path / "noted.xlsx"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "outside-table" in result.output and "Z" in result.output
    assert (out / "kpis.json").is_file()
    # Beside an error too, and once: judged by another scenario, or with an unknown unit.
    timor = Path(__file__).parent.parent / "data" / "timor-leste-1999"
    noted = str(tmp_path / "noted.xlsx")
    result = CliRunner().invoke(app, ["evaluate", str(timor), noted, "--out", str(out)])
    assert result.exit_code == 2 and "other-scenario" in result.output
    assert result.output.count("outside-table") == 1, result.output
    book["assignments"]["A2"] = "AAA-inf-9"
    book.save(noted)
    result = CliRunner().invoke(app, ["evaluate", str(TINY), noted, "--out", str(out)])
    assert result.exit_code == 2 and "unknown-unit" in result.output
    assert result.output.count("outside-table") == 1, result.output


def test_a_workbooks_sheets_and_columns_are_read_whatever_their_case(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A planner's `Handover ` sheet or `Start` column is the plan's own, as in a
    scenario's workbook: the handover sheet had been left out unsaid, and the plan judged
    as one that hands no region over."""
    run = _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    handover = book["handover"]
    handover.title = "Handover "
    south = next(row for row in handover.iter_rows(min_row=2) if row[0].value == "south")
    south[2].value = "2000-12"  # its handover column
    sheet = book["assignments"]
    sheet.title = "tours"  # openpyxl makes a name that differs only in case unique
    sheet.title = "ASSIGNMENTS"
    assert sheet["G1"].value == "start"
    sheet["G1"] = "Start "
    book.save(tmp_path / "cased.xlsx")
    with plan_folder(tmp_path / "cased.xlsx") as folder:
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert plan.kpis["handover"]["south"] == "2000-12"
    assert len(plan.assignments) == len(run.plan.assignments)


def test_cli_names_a_plan_that_is_no_plan(tmp_path: Path) -> None:
    (tmp_path / "assignments.csv").write_text("unit,task,region,start\n", encoding="utf-8")
    (tmp_path / "plan.xlsx").write_bytes(b"not a workbook")
    for plan, rule in [
        (tmp_path / "nowhere", "plan-path"),
        (tmp_path / "assignments.csv", "plan-path"),
        (tmp_path / "plan.xlsx", "unreadable-workbook"),
    ]:
        out = tmp_path / "run"
        result = CliRunner().invoke(app, ["evaluate", str(TINY), str(plan), "--out", str(out)])
        assert result.exit_code == 2 and f"[{rule}]" in result.output, result.output
        assert "Traceback" not in result.output and not out.exists()
    # Said as what its bytes show, in a planner's words, not zipfile's.
    assert "text, not a workbook (a CSV file named .xlsx?)" in result.output
    assert "not a zip file" not in result.output
    # A workbook's run written beside it would replace it with the run's own plan.xlsx.
    result = CliRunner().invoke(
        app, ["evaluate", str(TINY), str(tmp_path / "plan.xlsx"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2 and "overwrites-input" in result.output
    assert (tmp_path / "plan.xlsx").read_bytes() == b"not a workbook"
    # A missing plan is said with a missing scenario, not after it is mended.
    nowhere = [str(tmp_path / "no-scenario"), str(tmp_path / "nowhere")]
    result = CliRunner().invoke(app, ["evaluate", *nowhere, "--out", str(tmp_path / "run")])
    assert result.exit_code == 2 and "[scenario-path]" in result.output
    assert "[plan-path]" in result.output


def test_a_re_plan_evaluates_under_its_record(tmp_path: Path) -> None:
    # BBB announces in 2000-08 that it leaves that month: its tour under way (tiny's plan
    # has BBB-mp-1 in 2000-07..10) is curtailed, which only the re-plan's record
    # (replan.yaml) excuses. Solved to the optimum, which calls a reserve up: a share to
    # show (any plan within the default gap may call none).
    runner = CliRunner()
    solve = ["solve", str(TINY), "--out", str(tmp_path / "run"), "--quiet", "--gap", "0"]
    solved = runner.invoke(app, solve)
    assert solved.exit_code == 0
    events = tmp_path / "events.yaml"
    events.write_text(
        "events:\n  - {kind: withdraw, nation: BBB, announced: 2000-08, notice_months: 1}\n"
    )
    replanned = tmp_path / "replan"
    result = runner.invoke(
        app,
        ["replan", str(TINY), str(tmp_path / "run"), "--from", "2000-08", "--events",
         str(events), "--out", str(replanned), "--quiet"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "curtailed" in set(pd.read_csv(replanned / "diff.csv")["change"])
    # The terminal names the handovers moved as the record has them.
    moved = yaml.safe_load((replanned / "replan.yaml").read_text())["handovers_moved"]
    said = " ".join(result.output.split())
    assert f"Handovers moved: {', '.join(moved) if moved else 'none'}" in said
    out = tmp_path / "again"
    result = runner.invoke(
        app, ["evaluate", str(replanned / "scenario"), str(replanned), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    # Its excuses and what it followed go with it; not the counts of what the re-plan's
    # own tours changed, which an edit would leave stale (no diff.csv beside them).
    record = yaml.safe_load((replanned / "replan.yaml").read_text())
    kept = yaml.safe_load((out / "replan.yaml").read_text())
    assert kept == {k: v for k, v in record.items() if k not in ("changes", "handovers_moved")}
    assert {"from", "base_run", "events"} <= set(kept) and not (out / "diff.csv").exists()
    pd.testing.assert_frame_equal(
        pd.read_csv(replanned / "assignments.csv").sort_values(
            ["unit", "start"], ignore_index=True
        ),
        pd.read_csv(out / "assignments.csv").sort_values(["unit", "start"], ignore_index=True),
    )
    # The re-plan's workbook, mailed alone, carries its record and its changes.
    assert runner.invoke(app, ["report", str(replanned)]).exit_code == 0
    # Its report shows them too, after the verdict, before the figures.
    page = (replanned / "report.html").read_text(encoding="utf-8")
    shown = [page.index(title) for title in ("Independent check", "Re-plan: tours not kept")]
    assert shown == sorted(shown) and shown[-1] < page.index('id="section-')
    assert "Re-plan: key figures against the plan replaced" in page
    # Its header says it is a re-plan, from when and after what: the page had opened as
    # the plan it replaced did.
    event_count = len(record["events"])
    noun = "event" if event_count == 1 else "events"
    said = f"A re-plan from {record['from']} after {event_count} {noun}: its record follows"
    assert said in page and page.index(said) < page.index("Key figures")
    # Its title counts tours by what became of them: an added tour was none of those before.
    diff = pd.read_csv(replanned / "diff.csv")
    counts = diff["change"].value_counts()
    tours_before = len(diff) - counts.get("added", 0)
    assert f"{counts['kept']} of the {tours_before} tours before kept)" in page
    assert f"{counts['curtailed']} curtailed" in page
    # A share there is a percentage, as in the key figures above, its change in points.
    deltas = pd.read_csv(replanned / "kpi_deltas.csv").set_index("kpi")
    share = number(deltas.loc["reserve_share", "value"])
    assert f">{share:.1%}<" in page and f">{share:.3g}<" not in page
    mailed = tmp_path / "mail" / "plan.xlsx"
    mailed.parent.mkdir()
    shutil.copyfile(replanned / "plan.xlsx", mailed)
    assert {"replan", "diff", "kpi_deltas"} <= set(pd.read_excel(mailed, sheet_name=None))
    out = tmp_path / "from-mail"
    result = runner.invoke(
        app, ["evaluate", str(replanned / "scenario"), str(mailed), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    # The same record as from its folder: the events, the base run, the excuses.
    assert yaml.safe_load((out / "replan.yaml").read_text()) == kept
    # A record the planner mistyped on the sheet is named at the sheet's rows, not at the
    # lines of a replan.yaml written from it that the planner never saw.
    book = load_workbook(mailed)
    sheet = book["replan"]
    (at,) = [row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 1).value == "from"]
    sheet.cell(at, 2).value = "2030-01"
    sheet.append(["stood_down", "AAA-inf-9 mobilized 2000-01"])
    # An event typed into none (a kind none has; a nation the scenario lacks, a field
    # left out) had passed unsaid, and was carried into the new run's record.
    (event,) = [row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 1).value == "event"]
    written = sheet.cell(event, 2).value
    sheet.cell(event, 2).value = "{kind: withdraw, nation: XXX}"
    sheet.append(["event", "{kind: earthquake, region: north}"])
    book.save(mailed)
    result = runner.invoke(
        app, ["evaluate", str(replanned / "scenario"), str(mailed), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    withdraw = f"error plan.xlsx[replan], row {event}, column value:"
    assert [line.strip() for line in result.output.splitlines() if "[replan]" in line] == [
        f"error plan.xlsx[replan], row {at}, column value: [outside-horizon] from: must be "
        "within 2000-01..2000-12 (value '2030-01')",
        f"{withdraw} [required] announced: a value is required",
        f"{withdraw} [required] notice_months: a value is required",
        f"{withdraw} [unknown-nation] no nation 'XXX' in the scenario (value 'XXX')",
        f"error plan.xlsx[replan], row {sheet.max_row - 1}, column value: [unknown-unit] no "
        "unit 'AAA-inf-9' in the scenario; did you mean AAA-inf-2? (value 'AAA-inf-9')",
        f"error plan.xlsx[replan], row {sheet.max_row}, column value: [choice] kind must be "
        "one of 'withdraw', 'ceiling_cut', 'budget_cut', 'demand_surge', 'unit_unavailable', "
        "'caveat', 'academy', 'handover', not 'earthquake'",
    ]
    sheet.cell(event, 2).value = written
    sheet.delete_rows(sheet.max_row)
    # Nor is BBB-mp-1's tour, cut short, said to be the wrong length: the record that
    # excuses it is what is wrong.
    assert "tour-length" not in result.output
    # Its fields are read whatever their case and the spaces around them, as a sheet's
    # column names are.
    sheet.cell(at, 1).value = " From"
    sheet.cell(at, 2).value = "2000-08"
    sheet.delete_rows(sheet.max_row)
    book.save(mailed)
    result = runner.invoke(
        app, ["evaluate", str(replanned / "scenario"), str(mailed), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((out / "replan.yaml").read_text())["from"] == "2000-08"
    # A title above its header is said to be, as above any other sheet's.
    sheet.insert_rows(1)
    sheet["A1"] = "Re-plan record"
    book.save(mailed)
    result = runner.invoke(
        app, ["evaluate", str(replanned / "scenario"), str(mailed), "--out", str(tmp_path / "t")]
    )
    assert result.exit_code == 2, result.output
    assert "error plan.xlsx[replan], row 1: [header-row]" in result.output


def test_blank_cells_and_unreadable_files_are_named(tiny: Scenario, tmp_path: Path) -> None:
    folder = write(
        tmp_path / "mine",
        assignments="unit,task,region,start\nAAA-inf-1,border_control,north,2000-03\n",
        domestic="month,recruits\n,\n2000-02,5\n",  # a blank row is no row
        coverage="region,task,month,domestic\n,public_order,2000-01,5\n",
        handover="region,month\nnorth,\n",  # a blank month: not handed over
    )
    with pytest.raises(ScenarioError) as caught:
        evaluate_plan(tiny, SPEC, folder)
    located = [(p.file, p.row, p.column, p.rule) for p in caught.value.problems]
    assert located == [("coverage.csv", 2, "region", "required")]
    (folder / "coverage.csv").unlink()
    plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert plan.domestic["recruits"].sum() == 5 and plan.kpis["regions_handed_over"] == 0

    (folder / "assignments.csv").unlink()
    (folder / "assignments.csv").mkdir()
    with pytest.raises(ScenarioError) as caught:
        evaluate_plan(tiny, SPEC, folder)
    assert [(p.file, p.rule) for p in caught.value.problems] == [("assignments.csv", "not-a-file")]


def test_rows_are_named_as_a_spreadsheet_shows_them(tiny: Scenario, tmp_path: Path) -> None:
    """A blank line is a row and a cell's line break stays in its row, in every table."""
    folder = write(
        tmp_path / "mine",
        assignments='unit,task,region,start,note\n\nAAA-inf-1,border_control,north,2000-03,"two\nlines"\n'
        "AAA-inf-1,border_control,atlantis,2000-09,\n",
        domestic="month,recruits\n2000-02,5\n\n\n2000-13,5\n",
    )
    with pytest.raises(ScenarioError) as caught:
        evaluate_plan(tiny, SPEC, folder)
    located = {(p.file, p.row, p.column) for p in caught.value.problems}
    # The note column, which no plan has, is said (a warning) with the errors.
    assert located == {
        ("assignments.csv", 1, "note"),
        ("assignments.csv", 4, "region"),
        ("domestic.csv", 5, "month"),
    }


def test_check_points_an_edited_run_to_evaluate(tmp_path: Path) -> None:
    runner = CliRunner()
    run = tmp_path / "run"
    assert runner.invoke(app, ["solve", str(TINY), "--out", str(run), "--quiet"]).exit_code == 0
    lines = (run / "assignments.csv").read_text().splitlines()
    (run / "assignments.csv").write_text("\n".join(lines[:-1]) + "\n")  # a tour dropped
    stale = runner.invoke(app, ["check", str(TINY), str(run)])
    assert stale.exit_code == 1 and "[table-mismatch]" in stale.output
    assert "forcegen evaluate SCENARIO PLAN --out RUN" in stale.output
    # The tour dropped is BBB's constabulary training: what is left is the real breach.
    again = tmp_path / "again"
    judged = runner.invoke(app, ["evaluate", str(TINY), str(run), "--out", str(again)])
    assert judged.exit_code == 1 and "[trainers]" in judged.output, judged.output
    assert "[table-mismatch]" not in judged.output


def test_check_points_a_hand_made_plans_domestic_part_to_evaluate(tmp_path: Path) -> None:
    """A plan written as evaluate takes it is refused by check, which judges a run's
    tables whole: the refusal names evaluate, which works the rest out."""
    folder = write(
        tmp_path / "mine",
        assignments="unit,task,region,start\nAAA-inf-1,border_control,north,2000-03\n",
        domestic="month,recruits\n2000-01,10\n",
        coverage="region,task,month,domestic\nnorth,public_order,2000-04,5\n",
    )
    hint = (
        f"warning {folder}: [not-a-run] coverage.csv and domestic.csv without a run's "
        "columns, as a hand-made plan's domestic part is written: `forcegen evaluate "
        "SCENARIO PLAN --out RUN` works them out into a run"
    )
    checked = CliRunner().invoke(app, ["check", str(TINY), str(folder)])
    assert checked.exit_code == 2, checked.output
    output = " ".join(checked.output.split())
    assert "column international: [missing-column]" in output
    assert hint in output and "the plan was not judged" in output
    # Said with a bad model's problems too, where the plan is read before it is judged.
    unread = CliRunner().invoke(app, ["check", str(TINY), str(folder), "--model", "none"])
    assert unread.exit_code == 2 and hint in " ".join(unread.output.split()), unread.output
    # A handover sheet saved with its own heading lacks `month`, which evaluate needs too:
    # no hint to a command that refuses it alike.
    (folder / "handover.csv").write_text("region,handover\nnorth,\n")
    both = [CliRunner().invoke(app, [c, str(TINY), str(folder)]) for c in ("check", "evaluate")]
    assert [r.exit_code for r in both] == [2, 2], both[0].output + both[1].output
    assert "[not-a-run]" not in both[0].output and "is 'handover' it" in both[1].output
    (folder / "handover.csv").unlink()
    # Tours alone are judged, their tables taken as absent: no hint.
    for name in ("domestic", "coverage"):
        (folder / f"{name}.csv").unlink()
    alone = CliRunner().invoke(app, ["check", str(TINY), str(folder)])
    assert alone.exit_code in (0, 1) and "[not-a-run]" not in alone.output, alone.output
    assert "Traceback" not in checked.output + unread.output + alone.output


def test_evaluate_of_a_run_whose_workbook_was_edited_says_what_it_judged(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A run folder's CSV tables are evaluated, as check judges them: a planner who broke
    a rule in its plan.xlsx is told so, as check tells them, not given a bare pass."""
    runner = CliRunner()
    run = tmp_path / "run"
    solve_scenario(tiny, SPEC).write(run)
    assert runner.invoke(app, ["report", str(run)]).exit_code == 0
    book = load_workbook(run / "plan.xlsx")
    # AAA-inf-1 sent to the south as well, in the same months as its tour in the north.
    second = next(
        row
        for row in range(3, book["assignments"].max_row + 1)
        if book["assignments"][f"A{row}"].value != "AAA-inf-1"
    )
    book["assignments"][f"A{second}"] = "AAA-inf-1"
    book["assignments"][f"G{second}"] = book["assignments"]["G2"].value
    book.save(run / "plan.xlsx")
    said = (
        f"warning {run / 'plan.xlsx'}: [edited] changed since forcegen wrote it (values on its "
        "sheets assignments): judged here are the run's CSV tables, not it; forcegen evaluate "
        f"SCENARIO {run / 'plan.xlsx'} --out NEW_RUN judges the workbook"
    )
    tables = runner.invoke(app, ["evaluate", str(TINY), str(run), "--out", str(tmp_path / "a")])
    assert tables.exit_code == 0, tables.output
    assert said in " ".join(tables.output.split())
    workbook = run / "plan.xlsx"
    judged = runner.invoke(
        app, ["evaluate", str(TINY), str(workbook), "--out", str(tmp_path / "b")]
    )
    assert judged.exit_code == 1, judged.output
    assert "[edited]" not in judged.output and "[not-read]" not in judged.output


def test_a_statistics_sheet_edited_is_said_to_be_unread(tiny: Scenario, tmp_path: Path) -> None:
    """A planner who raised a nation's personnel on the deployed sheet, or typed over a
    key figure, had the plan judged without a word that those sheets are never read."""
    run = tmp_path / "run"
    solve_scenario(tiny, SPEC).write(run)
    assert CliRunner().invoke(app, ["report", str(run)]).exit_code == 0
    workbook = run / "plan.xlsx"
    assert sheets_edited(workbook) == []  # every figure reads back as it was written
    book = load_workbook(workbook)
    written = book["deployed"]["D2"].value, book["kpis"]["B2"].value
    book["deployed"]["D2"] = 12_345
    book["kpis"]["B2"] = "typed over"
    book["assignments"]["A1"].font = Font(bold=True)  # formatting, no value
    book.save(workbook)
    assert sheets_edited(workbook) == ["kpis", "deployed"]
    judged = CliRunner().invoke(
        app, ["evaluate", str(TINY), str(workbook), "--out", str(tmp_path / "e")]
    )
    assert judged.exit_code == 0, judged.output
    said = " ".join(judged.output.split())
    for sheet in ("deployed", "kpis"):
        assert (
            f"warning plan.xlsx[{sheet}]: [not-read] changed since forcegen wrote it, but this "
            "sheet is worked out from the plan, never read"
        ) in said
    assert "plan.xlsx[assignments]: [not-read]" not in said
    # check of the run folder says so too, with no pointer to evaluate, which reads
    # those sheets no more than check does.
    checked = CliRunner().invoke(app, ["check", str(TINY), str(run)])
    said = " ".join(checked.output.split())
    assert checked.exit_code == 0, checked.output
    assert (
        f"warning {workbook}: [edited] changed since forcegen wrote it (values on its sheets "
        "kpis, deployed), which are worked out from the plan, never read"
    ) in said
    assert "forcegen evaluate" not in said
    # Formatting alone is a planner's work too, which a report would write over.
    book = load_workbook(workbook)
    book["deployed"]["D2"], book["kpis"]["B2"] = written
    book.save(workbook)
    assert sheets_edited(workbook) == []
    report = CliRunner().invoke(app, ["report", str(run)])
    assert report.exit_code == 2, report.output
    assert "changed since forcegen wrote it, though no value of it (its formatting?)" in " ".join(
        report.output.split()
    )
    # A sheet of the planner's own beside a statistic typed over: its notes are not said
    # to be worked out from the plan.
    book = load_workbook(workbook)
    book.create_sheet("notes")["A1"] = "to ask ops"
    book["kpis"]["B2"] = "typed over"
    book.save(workbook)
    checked = CliRunner().invoke(app, ["check", str(TINY), str(run)])
    said = " ".join(checked.output.split())
    assert "[edited] with sheets of the planner's own (notes): judged here are" in said
    assert "never read" not in said


def test_trailing_empty_cells_and_a_misshapen_record(tiny: Scenario, tmp_path: Path) -> None:
    # A spreadsheet's export may end a row with empty cells beyond the header's.
    folder = write(
        tmp_path / "mine",
        assignments="unit,task,region,start\n\nAAA-inf-1,border_control,north,2000-03,,\n",
    )
    plan, _ = evaluate_plan(tiny, SPEC, folder)
    # Numbered as a solved plan's tours are; the run's row 2 is the planner's row 3.
    assert list(plan.assignments.index) == [0]
    assert planner_rows(plan, folder, folder)["assignments.csv"][1] == {2: 3}
    (folder / "replan.yaml").write_text("from: 2000-05\nchanges: [moved]\n")
    with pytest.raises(ScenarioError) as caught:
        evaluate_plan(tiny, SPEC, folder)
    assert [(p.file, p.rule) for p in caught.value.problems] == [("replan.yaml", "yaml-shape")]


def test_a_workbook_mailed_alone_is_judged_by_the_model_it_carries(tmp_path: Path) -> None:
    """plan.xlsx holds its run's model.yaml (sheet `model`, row n its line n): evaluated
    away from its run it is judged by the model it was made under, not the bundled one."""
    mine = yaml.safe_load((MODELS_DIR / "security-keeping.yaml").read_text())
    mine["name"] = "mine"
    mine["coalition"]["max_nations_per_region"] = 1
    (tmp_path / "mine.yaml").write_text(yaml.safe_dump(mine))
    runner = CliRunner()
    run = tmp_path / "run"
    args = ["solve", str(TINY), "--model", str(tmp_path / "mine.yaml"), "--out", str(run)]
    assert runner.invoke(app, [*args, "--quiet"]).exit_code == 0
    assert runner.invoke(app, ["report", str(run)]).exit_code == 0
    mailed = tmp_path / "mail" / "mailed.xlsx"
    mailed.parent.mkdir()
    shutil.copyfile(run / "plan.xlsx", mailed)
    out = tmp_path / "evaluated"
    result = runner.invoke(app, ["evaluate", str(TINY), str(mailed), "--out", str(out)])
    assert result.exit_code == 0, result.output
    # A copy of a bundled model may keep its name: where it was read from is said too.
    said = " ".join(result.output.split())
    assert "judged against the model mine (read from the model sheet of mailed.xlsx)" in said
    assert "bundled" not in result.output
    assert (
        yaml.safe_load((out / "model.yaml").read_text())["coalition"]["max_nations_per_region"] == 1
    )
    # The run records the model as read from the workbook's sheet, not from the temporary
    # file it was read through, gone once read (compare names it beside a run's figures).
    assert json.loads((out / "kpis.json").read_text())["model_file"] == f"{mailed.resolve()}[model]"
    # Its rows are the model file's lines, so a problem there is named at its row.
    book = load_workbook(mailed)
    sheet = book["model"]
    row = next(c.row for c in sheet["A"] if c.value and c.value.strip() == "ceiling: hard")
    sheet[f"A{row}"] = "  ceiling: maybe"
    book.save(mailed)
    result = runner.invoke(app, ["evaluate", str(TINY), str(mailed), "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert f"mailed.xlsx[model], row {row}, column rules.ceiling: [choice]" in result.output
    assert not (tmp_path / "x").exists()
    # A row typed over without its indent is no YAML: named in column A, the character's
    # place said as such, where "column 25" read as cell Y.
    limit = next(c.row for c in sheet["A"] if c.value and "max_nations_per_region" in c.value)
    sheet[f"A{row}"] = "  ceiling: hard"
    sheet[f"A{limit}"] = "max_nations_per_region: 3"
    book.save(mailed)
    result = runner.invoke(app, ["evaluate", str(TINY), str(mailed), "--out", str(tmp_path / "x")])
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert f"mailed.xlsx[model], row {limit + 1}, column A: [yaml-syntax]" in said
    assert "(at character 25 of the cell; a row's leading spaces are its indent" in said
    # --model still decides over the model the workbook carries.
    given = ["evaluate", str(TINY), str(mailed), "--model", "security-keeping"]
    result = runner.invoke(app, [*given, "--out", str(tmp_path / "y")])
    assert "judged against the model security-keeping\n" in result.output  # the bundled one
    checked = runner.invoke(
        app, ["check", str(TINY), str(run), "--model", str(tmp_path / "mine.yaml")]
    )
    said = " ".join(checked.output.split())
    assert f"judged against the model mine (read from {tmp_path / 'mine.yaml'})" in said


def test_edits_to_a_workbooks_derived_columns_are_said_not_lost_unseen(
    tiny: Scenario, tmp_path: Path
) -> None:
    """Coverage, costs and the pipeline's strength are worked out from the tours and the
    domestic part: a value changed there is named as not read, and the plan is evaluated."""
    run = _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    coverage, costs, domestic = book["coverage"], book["costs"], book["domestic"]
    shortfall = [c.value for c in coverage[1]].index("shortfall") + 1
    coverage.cell(2, shortfall).value = 12345
    costs["C2"] = 1
    strength = [c.value for c in domestic[1]].index("strength") + 1
    domestic.cell(3, strength).value = 99999
    book.save(tmp_path / "edited.xlsx")
    out = tmp_path / "evaluated"
    result = CliRunner().invoke(
        app, ["evaluate", str(TINY), str(tmp_path / "edited.xlsx"), "--out", str(out)]
    )
    output = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert output.count("[worked-out]") == 3
    assert "shortfall is 12,345, recomputed" in output
    assert "cost is 1, recomputed" in output and "strength is 99,999, recomputed" in output
    # Each at the cell of its sheet that differs, as a problem is named.
    assert (
        "edited.xlsx[coverage], row 2, column shortfall: [worked-out] 1 value(s) differ" in output
    )
    assert "edited.xlsx[costs], row 2, column cost: [worked-out] 1 value(s)" in output
    assert "edited.xlsx[domestic], row 3, column strength: [worked-out]" in output
    assert "worked out, not read (a changed tour changes them" in output
    # ... but for the domestic part's own columns, which are read.
    assert "but for the domestic column (officers employed; a missing row employs" in output
    written = pd.read_csv(out / "coverage.csv")["shortfall"]
    assert written.iloc[0] == pytest.approx(run.plan.coverage["shortfall"].iloc[0], abs=1e-6)
    # A tour taken out leaves many values stale: one warning a sheet, not one a value.
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    book["assignments"].delete_rows(2)
    book.save(tmp_path / "fewer.xlsx")

    def evaluated() -> str:
        out = tmp_path / "f"
        shutil.rmtree(out, ignore_errors=True)
        plan = str(tmp_path / "fewer.xlsx")
        result = CliRunner().invoke(app, ["evaluate", str(TINY), plan, "--out", str(out)])
        assert result.exit_code in (0, 1), result.output
        return " ".join(result.output.split())

    output = evaluated()
    stale = re.findall(r"\[worked-out\] (\d+) value\(s\) differ", output)
    assert len(stale) == 2 and int(stale[0]) > 1  # coverage, many values; costs
    # A value that is no number there is said too, as a warning: it is not read.
    book["costs"]["C2"] = "n/a"
    book.save(tmp_path / "fewer.xlsx")
    output = evaluated()
    assert "fewer.xlsx[costs], row 2, column cost: [not-a-number]" in output
    assert "(a value worked out, not read)" in output


def test_values_worked_out_anew_are_said_at_the_first_cell_of_the_file(
    tiny: Scenario, tmp_path: Path
) -> None:
    """The first from the file's top, where the checker lists them by region, task and
    month; not a row the file lacks, which has no cell to name."""
    folder = write(
        tmp_path / "mine",
        assignments="unit,task,region,start\nAAA-inf-1,border_control,north,2000-03\n",
        coverage="region,task,month,international,shortfall,domestic\n"
        "south,aid_escort,2000-02,0,1,0\nnorth,border_control,2000-01,0,5,0\n",
    )
    # Both shortfalls, and the 40 months with demand it has no row of.
    message = (
        "42 value(s) differ from what the plan's tours and domestic part give "
        "(south/aid_escort 2000-02: shortfall is 1, recomputed 90, ...): worked out, not read "
        "(a changed tour changes them; a value typed here is not taken), but for the domestic "
        "column (officers employed; a missing row employs none), which is the plan's own"
    )
    assert not_read(tiny, SPEC, folder, "mine", evaluate_plan(tiny, SPEC, folder)[0]) == [
        Problem("coverage.csv", 2, "shortfall", "worked-out", message, severity="warning")
    ]
    # The domestic part alone, as the README gives it, leaves out what is worked out: there
    # is nothing there to differ, and nothing said (each worked-out column was a warning).
    write(
        folder,
        coverage="region,task,month,domestic\nnorth,border_control,2000-01,0\n",
        domestic="month,recruits\n2000-01,0\n",
    )
    plan, data = evaluate_plan(tiny, SPEC, folder)
    assert not_read(tiny, SPEC, folder, "mine", plan) == []
    # One value alone that differs, in the table as the run writes it, is said with none
    # more to follow; two, with more: beside the domestic.csv as the README gives it too,
    # which the checker refuses for the columns it lacks.
    plan.write(tmp_path / "run", data)
    coverage = pd.read_csv(tmp_path / "run" / "coverage.csv")
    for changed, more in ((1, ""), (2, ", ...")):
        edited = coverage.copy()
        edited.loc[: changed - 1, "shortfall"] += 1
        edited.to_csv(folder / "coverage.csv", index=False)
        first = edited.iloc[0]
        said = (
            f"{changed} value(s) differ from what the plan's tours and domestic part give "
            f"({first['region']}/{first['task']} {first['month']}: shortfall is "
            f"{first['shortfall']:g}, recomputed {first['shortfall'] - 1:g}{more}): worked out"
        )
        [found] = not_read(tiny, SPEC, folder, "mine", plan)
        assert (found.file, found.row, found.column) == ("coverage.csv", 2, "shortfall")
        assert found.message.startswith(said), found.message


def test_a_bad_cell_of_the_handover_sheet_is_named_as_the_sheet_heads_it(
    tiny: Scenario, tmp_path: Path
) -> None:
    """The sheet's `handover` column is the table's `month`: named as the planner sees it."""
    _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    book["handover"]["C2"] = "2000-13"
    book.save(tmp_path / "edited.xlsx")
    with pytest.raises(ScenarioError) as caught, plan_folder(tmp_path / "edited.xlsx") as folder:
        evaluate_plan(tiny, SPEC, folder)
    located = [(p.file, p.row, p.column, p.rule) for p in caught.value.problems]
    assert located == [("edited.xlsx[handover]", 2, "handover", "format")]


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, hidden ones too, by its path inside it."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    ("failing", "error"),
    [
        ("render", ValueError("a value the page cannot show")),
        ("write_workbook", OSError(28, "No space left on device")),
    ],
)
def test_a_report_that_fails_leaves_the_earlier_run_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str, error: Exception
) -> None:
    """The run is written whole or not at all: a report that cannot be made or written
    leaves no new tables beside the earlier report, nor a run where there was none."""
    runner = CliRunner()
    out = tmp_path / "runs" / "run"

    def evaluate(start: str) -> Result:
        tour = f"unit,task,region,start\nAAA-inf-1,border_control,north,{start}\n"
        plan = write(tmp_path / f"plan-{start}", assignments=tour)
        return runner.invoke(app, ["evaluate", str(TINY), str(plan), "--out", str(out)])

    assert evaluate("2000-01").exit_code in (0, 1)
    earlier = files_of(out)

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(f"forcegen.cli.{failing}", fail)
    for folder in (out, tmp_path / "runs" / "new"):
        out = folder
        result = evaluate("2000-03")
        output = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        assert f"error {out}: [not-written] the run could not be made or written" in output
        assert f"{type(error).__name__}: {error}" in output
        assert f"none of the run was put in place in {out}" in output
    assert files_of(tmp_path / "runs" / "run") == earlier
    # No run where there was none, and no staging folder left beside them.
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["run"]


def test_a_plan_that_is_a_pipe_is_refused_unopened(tmp_path: Path) -> None:
    """Opening a FIFO waits for a writer: evaluate hung on one named plan.xlsx."""
    import os
    import signal

    os.mkfifo(tmp_path / "plan.xlsx")

    def hung(*_: object) -> None:
        pytest.fail("the pipe was opened")  # no OSError, which a reader catches

    signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        plan, out = str(tmp_path / "plan.xlsx"), str(tmp_path / "run")
        result = CliRunner().invoke(app, ["evaluate", str(TINY), plan, "--out", out])
    finally:
        signal.alarm(0)
    assert result.exit_code == 2, result.output
    assert (
        "[plan-path] the plan is not a regular file but a pipe or a device; give a file"
        in " ".join(result.output.split())
    )


def test_a_nations_coverage_column_is_read_whatever_its_case(
    tiny: Scenario, tmp_path: Path
) -> None:
    """`Intl_AAA ` is coverage's `intl_AAA`, as `Shortfall ` is its `shortfall`: a value
    changed under it had been left out unsaid, where under any other column it is said."""
    _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    coverage = book["coverage"]
    column = [c.value for c in coverage[1]].index("intl_AAA") + 1
    coverage.cell(1, column).value = "Intl_AAA "
    coverage.cell(2, column).value = 12345
    book.save(tmp_path / "edited.xlsx")
    out = str(tmp_path / "evaluated")
    result = CliRunner().invoke(
        app, ["evaluate", str(TINY), str(tmp_path / "edited.xlsx"), "--out", out]
    )
    output = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "edited.xlsx[coverage], row 2, column intl_AAA: [worked-out] 1 value(s) differ" in output
    assert "intl_AAA is 12,345, recomputed" in output


def test_a_note_or_a_formula_beside_a_plan_sheets_table_is_said_not_read(
    tiny: Scenario, tmp_path: Path
) -> None:
    """As in a scenario's workbook: a note beside the tours had refused the plan as rows
    too long, and a formula there with no value saved was left out unsaid."""
    run = _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    sheet = book["assignments"]
    sheet["M2"] = "ask AAA"
    sheet["N3"] = "=1+1"
    book.save(tmp_path / "noted.xlsx")
    said: list[Problem] = []
    with plan_folder(tmp_path / "noted.xlsx", said) as folder:
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert len(plan.assignments) == len(run.plan.assignments)
    assert [(p.file, p.row, p.column, p.rule, p.value, p.severity) for p in said] == [
        ("noted.xlsx[assignments]", 2, "M", "outside-table", "ask AAA", "warning"),
        ("noted.xlsx[assignments]", 3, "N", "outside-table", "=1+1", "warning"),
    ]
    # Said with the plan's errors too, where it cannot be read.
    sheet["A2"] = "AAA-inf-9"
    book.save(tmp_path / "noted.xlsx")
    with pytest.raises(ScenarioError) as caught, plan_folder(tmp_path / "noted.xlsx") as folder:
        evaluate_plan(tiny, SPEC, folder)
    assert [(p.row, p.column, p.rule) for p in caught.value.problems] == [
        (2, "M", "outside-table"),
        (2, "unit", "unknown-unit"),
        (3, "N", "outside-table"),
    ]


def test_a_sheet_the_plan_does_not_read_is_said_not_left_out_unseen(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A planner who edits Excel's copy of a sheet, or renames one, had the original (or
    nothing) judged without a word; the statistics plan.xlsx writes are not read and say
    nothing."""
    _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    copy = book.copy_worksheet(book["assignments"])
    copy.title = "assignments (2)"
    copy.delete_rows(2)
    book["domestic"].title = "Domestic_"
    book.save(tmp_path / "edited.xlsx")
    said: list[Problem] = []
    with plan_folder(tmp_path / "edited.xlsx", said) as folder:
        evaluate_plan(tiny, SPEC, folder)
    assert [(p.file, p.rule, p.message, p.severity) for p in said] == [
        (
            f"edited.xlsx[{title}]",
            "unknown-sheet",
            f"not a table of a plan, so it is left out; did you mean {meant}?",
            "warning",
        )
        for title, meant in (("Domestic_", "domestic"), ("assignments (2)", "assignments"))
    ]
    # The tours' sheet renamed away: the sheet that may be it is named with the sheet
    # missing, where the planner heard only that one was.
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    book["assignments"].title = "Copy of assignments"
    book.save(tmp_path / "renamed.xlsx")
    with pytest.raises(ScenarioError) as caught, plan_folder(tmp_path / "renamed.xlsx") as folder:
        evaluate_plan(tiny, SPEC, folder)
    assert [(p.file, p.rule, p.severity) for p in caught.value.problems] == [
        ("renamed.xlsx", "missing-sheet", "error"),
        ("renamed.xlsx[Copy of assignments]", "unknown-sheet", "error"),
    ]
    assert "is assignments meant? Rename it" in caught.value.problems[1].message


def test_a_plan_sheets_hidden_rows_and_merged_cells_are_said(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A tour a planner hid is still planned, and a task merged over two tours reads blank
    under its first: said as that, where the hidden tour went unsaid and the merged one
    was refused as a task `required`."""
    run = _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    sheet = book["assignments"]
    sheet.row_dimensions[3].hidden = True
    book["handover"].sheet_state = "hidden"
    book.save(tmp_path / "hidden.xlsx")
    said: list[Problem] = []
    with plan_folder(tmp_path / "hidden.xlsx", said) as folder:
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert len(plan.assignments) == len(run.plan.assignments)
    assert [(p.file, p.rule, p.message) for p in said] == [
        (
            "hidden.xlsx[assignments]",
            "hidden-row",
            "row 3 is hidden (by hand or by a filter), but read all the same: delete a row to "
            "leave it out",
        ),
        (
            "hidden.xlsx[handover]",
            "hidden-sheet",
            "the sheet is hidden, but it is read all the same",
        ),
    ]
    task = [c.value for c in sheet[1]].index("task") + 1
    sheet.cell(3, task).value = sheet.cell(2, task).value
    sheet.merge_cells(start_row=2, end_row=3, start_column=task, end_column=task)
    book.save(tmp_path / "merged.xlsx")
    with pytest.raises(ScenarioError) as caught, plan_folder(tmp_path / "merged.xlsx") as folder:
        evaluate_plan(tiny, SPEC, folder)
    assert [(p.row, p.column, p.rule) for p in errors(caught.value.problems)] == [
        (2, "task", "merged-cell")
    ]


def test_a_plan_sheet_whose_header_is_not_in_row_1_is_said_plainly(
    tiny: Scenario, tmp_path: Path
) -> None:
    """As a scenario's sheet is: a row inserted above the tours' header had read as a
    header of no columns, each tour refused as a row longer than it."""
    run = _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    book["assignments"].insert_rows(1, amount=2)
    book.save(tmp_path / "lower.xlsx")
    below = (
        "lower.xlsx[assignments]",
        1,
        None,
        "header-row",
        "the column names go in row 1, but rows 1-2 are blank and the table starts in row 3: "
        "delete the blank rows above it",
    )
    with pytest.raises(ScenarioError) as caught, plan_folder(tmp_path / "lower.xlsx") as folder:
        evaluate_plan(tiny, SPEC, folder)
    # Not also a plan without assignments.csv.
    assert [(p.file, p.row, p.column, p.rule, p.message) for p in caught.value.problems] == [below]
    # A title typed above the header is said as one, not as every column missing.
    book["assignments"]["B1"] = "Tours, draft 2"
    book.save(tmp_path / "titled.xlsx")
    with pytest.raises(ScenarioError) as caught, plan_folder(tmp_path / "titled.xlsx") as folder:
        evaluate_plan(tiny, SPEC, folder)
    assert [(p.file, p.row, p.rule, p.message) for p in caught.value.problems] == [
        (
            "titled.xlsx[assignments]",
            1,
            "header-row",
            "the column names go in row 1, but they are in row 3, below 'Tours, draft 2': "
            "delete rows 1-2 above them",
        )
    ]
    # A domestic sheet not read is said with the tours' problems, all at once.
    book["assignments"].delete_rows(1, 2)
    book["assignments"]["A2"] = "AAA-inf-9"
    book["domestic"].insert_rows(1)
    book["costs"].delete_rows(1, book["costs"].max_row)
    book.save(tmp_path / "lower.xlsx")
    with pytest.raises(ScenarioError) as caught, plan_folder(tmp_path / "lower.xlsx") as folder:
        evaluate_plan(tiny, SPEC, folder)
    assert [(p.file, p.row, p.column, p.rule) for p in caught.value.problems] == [
        ("lower.xlsx[assignments]", 2, "unit", "unknown-unit"),
        ("lower.xlsx[costs]", None, None, "empty-sheet"),
        ("lower.xlsx[domestic]", 1, None, "header-row"),
    ]
    # Costs are worked out, never read: a sheet of them not read is left out, and said.
    costs = caught.value.problems[1]
    assert (costs.severity, costs.message) == (
        "warning",
        "the sheet has no header row (costs are worked out, not read: it is left out)",
    )
    book["assignments"]["A2"] = run.plan.assignments["unit"].iloc[0]
    book["domestic"].delete_rows(1)
    book.save(tmp_path / "costless.xlsx")
    said: list[Problem] = []
    with plan_folder(tmp_path / "costless.xlsx", said) as folder:
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert len(plan.assignments) == len(run.plan.assignments)
    assert [(p.file, p.rule, p.severity) for p in said] == [
        ("costless.xlsx[costs]", "empty-sheet", "warning")
    ]
    # A re-plan's record not read leaves its curtailed tours unexcused: nothing is judged.
    book["domestic"].insert_rows(1)
    book.create_sheet("replan")["A2"] = "field"
    book.save(tmp_path / "lower.xlsx")
    with pytest.raises(ScenarioError) as caught, plan_folder(tmp_path / "lower.xlsx"):
        pytest.fail("the plan is judged without its record")
    assert [(p.file, p.rule) for p in caught.value.problems] == [
        ("lower.xlsx[costs]", "empty-sheet"),
        ("lower.xlsx[domestic]", "header-row"),
        ("lower.xlsx[replan]", "header-row"),
    ]
    # On the command line: exit 2, nothing written.
    result = CliRunner().invoke(
        app, ["evaluate", str(TINY), str(tmp_path / "lower.xlsx"), "--out", str(tmp_path / "ev")]
    )
    assert result.exit_code == 2 and not (tmp_path / "ev").exists()
    assert "[header-row] the column names go in row 1, but row 1 is blank" in result.output


def test_a_plan_held_in_memory_is_evaluated_and_checked_as_its_folder(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A notebook edits a plan in pandas and checks it: the checker and evaluate took a
    folder's Path only (a str path, a model's name, a Run or its tables raised Python's own
    TypeError or AttributeError), so each edit was written out by hand first."""
    from forcegen.checker import CheckReport
    from forcegen.stats import Results

    run = solve_scenario(tiny, "security-keeping", {"time_limit": 20})
    run.write(str(tmp_path / "run"))  # a str path, as Results.from_folder takes one
    on_disk = check_plan(tiny, SPEC, tmp_path / "run")

    def judged(report: CheckReport) -> list[tuple[object, ...]]:
        # All but the file a breach names: held in memory, there is none.
        return [
            (v.rule, v.entity, v.month, v.amount, v.message, v.rows, v.column)
            for v in [*report.violations, *report.soft]
        ]

    for given in (run, run.plan, Results.from_plan(run, tiny), str(tmp_path / "run")):
        held = check_plan(tiny, "security-keeping", given)
        assert (held.ok, judged(held)) == (on_disk.ok, judged(on_disk))
    breaches = check_plan(tiny, SPEC, run.plan)
    assert {v.file for v in [*breaches.violations, *breaches.soft]} <= {
        "the assignments table given (row 1 its header)"
    }
    # An edit in pandas: the first tour dropped, the domestic part kept as solved.
    results = Results.from_folder(tmp_path / "run")
    tables = {
        "assignments": results.assignments.drop(index=0),
        "domestic": results.domestic,
        "coverage": results.coverage,
        "handover": results.handover,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a plan with its domestic part assumes nothing
        mine, _ = evaluate_plan(tiny, "security-keeping", tables)
    (tmp_path / "edited").mkdir()
    tables["assignments"].to_csv(tmp_path / "edited" / "assignments.csv", index=False)
    for name in ("domestic", "coverage", "handover"):
        shutil.copyfile(tmp_path / "run" / f"{name}.csv", tmp_path / "edited" / f"{name}.csv")
    written, data = evaluate_plan(tiny, SPEC, tmp_path / "edited")
    assert len(mine.assignments) == len(run.plan.assignments) - 1
    pd.testing.assert_frame_equal(mine.assignments, written.assignments)
    assert mine.kpis["total_shortfall"] == written.kpis["total_shortfall"]
    written.write(tmp_path / "evaluated", data)
    verdict = check_plan(tiny, SPEC, mine)
    assert judged(verdict) == judged(check_plan(tiny, SPEC, tmp_path / "evaluated"))
    # A table indexed by its codes is written with them, not without its unit column.
    indexed = tables | {"assignments": tables["assignments"].set_index(["unit", "task"])}
    # Judged alike, each breach at its row; its label is the table's own (a code pair).
    assert judged(check_plan(tiny, SPEC, indexed)) == judged(check_plan(tiny, SPEC, tables))
    # The tables as edited, coverage not worked out again, are judged as such a folder is.
    stale = check_plan(tiny, SPEC, tables)
    assert "table-mismatch" in {v.rule for v in stale.violations} - {
        v.rule for v in verdict.violations
    }
    # A table left out is worked out as nothing, and said in Python as at the terminal:
    # the shortfall of a plan without its domestic part jumped for no reason shown.
    with pytest.warns(UserWarning, match="worked out as a plan that recruits no one"):
        alone, _ = evaluate_plan(tiny, SPEC, {"assignments": tables["assignments"]})
    assert alone.kpis["total_shortfall"] >= mine.kpis["total_shortfall"]
    # A bad row names the table given at the row's label, not a file the user never had
    # nor the row that file would have had (row 2 of a frame whose index is 5).
    unknown = tables["assignments"].reset_index(drop=True)
    unknown.index = unknown.index + 5
    unknown.loc[5, "unit"] = "XXX"
    with pytest.raises(ScenarioError) as caught:
        evaluate_plan(tiny, SPEC, {"assignments": unknown})
    assert [(p.file, p.row, p.column, p.rule) for p in caught.value.problems] == [
        ("the assignments table given, index 5", None, "unit", "unknown-unit")
    ]
    # A tour written twice too, at its copy's label.
    twice = tables["assignments"].reset_index(drop=True)
    twice.index = twice.index + 5
    copy = twice.iloc[[0]].rename(index=lambda _: 99)
    with pytest.raises(ScenarioError) as caught:
        check_plan(tiny, SPEC, {"assignments": pd.concat([twice, copy])})
    assert [(p.file, p.rule) for p in caught.value.problems] == [
        ("the assignments table given, index 99", "duplicate-key")
    ]
    # And so does a rule the plan breaks: a second tour on the same months, under labels
    # 5 and 99.
    other = next(task for task in ("aid_escort", "public_order") if task != copy["task"].iloc[0])
    twice = pd.concat([twice, copy.assign(task=other)])
    (dwell,) = [v for v in check_plan(tiny, SPEC, {"assignments": twice}).violations
                if v.rule == "dwell"]  # fmt: skip
    assert "(the assignments table given, index 5, 99)" in str(dwell)
    # Two rows of one label, as a concat leaves them, are told apart by their places.
    again = pd.concat([twice.iloc[:-1], twice.iloc[[-1]].rename(index=lambda _: 5)])
    (dwell,) = [v for v in check_plan(tiny, SPEC, {"assignments": again}).violations
                if v.rule == "dwell"]  # fmt: skip
    assert "index 5 (row 2), 5 (row " in str(dwell)
    # Anything else says what a plan is, not what Python tripped on.
    with pytest.raises(TypeError, match="a plan is a run folder's path, or its tables"):
        check_plan(tiny, SPEC, 42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="assignments at least"):
        check_plan(tiny, SPEC, {"coverage": results.coverage})
    # A name misspelt: 'got dict', or a table left out unsaid, the plan judged without it.
    for misspelt in ({"assignment": results.assignments}, tables | {"coverge": results.coverage}):
        with pytest.raises(KeyError, match=r"no plan table '(coverge|assignment)'; a plan's"):
            check_plan(tiny, SPEC, misspelt)
        with pytest.raises(KeyError, match="a plan's tables are assignments, coverage"):
            evaluate_plan(tiny, SPEC, misspelt)
    with pytest.raises(TypeError, match="a plan's tables are DataFrames: coverage is a list"):
        check_plan(
            tiny,
            SPEC,
            {"assignments": results.assignments, "coverage": [1, 2]},  # type: ignore[dict-item]
        )


# What a planner's edit of a plan is judged by, and how its workbook is read: what no test
# had held (open mutants of evaluate.py's workbook readers and `_edited`).


@pytest.mark.parametrize(
    ("header", "row", "refused"),
    [
        # AAA-inf-1's row (a 6-month tour from 2000-04, to 2000-09) with a 4-month end and
        # a redeployed_from no tour of a fresh plan has: nothing in it names another unit,
        # and no call-up of any unit from any start is a redeployment. It had been worked
        # out again as a tour of AAA-inf-2 from 2000-02, the end written replaced unrefused.
        pytest.param(
            "unit,task,region,start,end,redeployed_from",
            "AAA-inf-1,aid_escort,south,2000-04,2000-07,border_control in north",
            [
                "row 2, column end: [tour-length] end is '2000-07', the scenario implies "
                "'2000-09' (AAA's 6-month tour); blank it to have it worked out from unit and "
                "start",
                "row 2, column redeployed_from: [plan-mismatch] redeployed_from is "
                "'border_control in north', but the row is no redeployment in theatre: no tour "
                "of its unit ends cut short in 2000-03",
            ],
            id="redeployed-from-at-odds",
        ),
        # BBB-mp-1's row with AAA's nation, and an end and counts_from AAA's 6-month tours
        # give from two starts a month apart (end from 2000-04, counts_from from 2000-05).
        pytest.param(
            "unit,nation,task,region,start,end,counts_from",
            "BBB-mp-1,AAA,aid_escort,south,2000-04,2000-09,2000-05",
            [f"row 2, column {column}: [" for column in ("nation", "end", "counts_from")],
            id="months-of-no-one-start",
        ),
    ],
)
def test_a_row_no_tour_of_one_unit_from_one_start_gives_is_refused_as_written(
    tmp_path: Path, header: str, row: str, refused: list[str]
) -> None:
    """Columns at odds with the row that no tour of one unit from one start gives all of
    are not worked out again as a unit changed or a start moved: each is refused as
    written."""
    result, said = _evaluated(tmp_path, header, row)
    assert result.exit_code == 2, result.output
    assert "unit-changed" not in said and "start-moved" not in said, said
    assert [text for text in refused if text not in said] == [], said


def test_a_sheet_declaring_fewer_rows_than_it_holds_is_read_whole(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A sheet's file declares the cells it uses (`<dimension ref="A1:L5"/>`), and openpyxl
    reads no row past it: a program that wrote it stale had tiny's last two tours left out
    unsaid, the plan evaluated without them, and the model sheet's lines past it cut off."""
    run = _reported(tiny, tmp_path)
    book = tmp_path / "run" / "plan.xlsx"
    assert len(run.plan.assignments) == 4, "tiny's plan has four tours"
    declared_stale(book, tmp_path / "stale.xlsx", {"assignments": "A1:L3", "model": "A1:A3"})
    with plan_folder(tmp_path / "stale.xlsx") as folder:
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    tours = ["unit", "task", "region", "start", "end"]
    assert plan.assignments[tours].values.tolist() == run.plan.assignments[tours].values.tolist()
    whole, cut = workbook_model(book, tmp_path), workbook_model(tmp_path / "stale.xlsx", tmp_path)
    assert whole is not None and cut is not None
    assert len(whole.read_text().splitlines()) > 3
    assert cut.read_text() == whole.read_text()


def test_a_unit_changed_from_one_of_two_units_alike_names_the_first(tmp_path: Path) -> None:
    """AAA-mp-1's row with AAA-inf-1's type and personnel left: AAA-inf-2 (the reserve
    battalion, after it in units.csv) gives them too, and no month written tells the two
    apart: the first is named, the other said to be alike."""
    result, said = _evaluated(
        tmp_path,
        "unit,type,task,region,start,personnel",
        "AAA-mp-1,infantry,aid_escort,south,2000-04,300",
    )
    assert result.exit_code in (0, 1), result.output  # worked out, then judged
    assert (
        "row 2, column unit: [unit-changed] type and personnel are those of a tour of "
        "AAA-inf-1 (or a unit like it) from 2000-04, left as the row was changed: worked out "
        "again for AAA-mp-1 from 2000-04 (type military_police, personnel 150)"
    ) in said, said


def test_a_workbook_a_planner_made_from_scratch_is_read(tiny: Scenario, tmp_path: Path) -> None:
    """A plan typed into a new workbook carries none of the digests forcegen writes of its
    sheets, nor its other sheets: its tours are read all the same, a start typed as a date
    read as its month, and a sheet of notes said to be left out."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Assignments"
    sheet.append(["unit", "task", "region", "start"])
    sheet.append(["AAA-inf-1", "border_control", "north", datetime(2000, 3, 1)])
    sheet.append(["AAA-mp-1", "aid_escort", "south", "2000-01"])
    book.create_sheet("notes")["A1"] = "AAA-inf-2 is kept back"
    book.save(tmp_path / "mine.xlsx")
    said: list[Problem] = []
    with plan_folder(tmp_path / "mine.xlsx", said) as folder:
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert plan.assignments[["unit", "start", "end"]].values.tolist() == [
        ["AAA-inf-1", "2000-03", "2000-08"],
        ["AAA-mp-1", "2000-01", "2000-06"],
    ]
    assert [(p.file, p.rule, p.severity) for p in said] == [
        ("mine.xlsx[notes]", "unknown-sheet", "warning")
    ]


def test_a_handover_heading_in_capitals_and_a_sheet_of_its_header_alone_are_read(
    tiny: Scenario, tmp_path: Path
) -> None:
    """The handover sheet heads its month `handover`, the table's `month`: typed `Handover`,
    it is still the month, south handed over in 2000-12, not a column missing. A domestic
    sheet emptied to its header recruits no one, as a domestic.csv of its header alone."""
    _reported(tiny, tmp_path)
    book = load_workbook(tmp_path / "run" / "plan.xlsx")
    handover = book["handover"]
    assert handover["C1"].value == "handover"
    handover["C1"] = "Handover"
    south = next(row for row in handover.iter_rows(min_row=2) if row[0].value == "south")
    south[2].value = "2000-12"
    domestic = book["domestic"]
    assert domestic["A1"].value == "month"
    domestic.delete_rows(2, domestic.max_row)
    book.save(tmp_path / "edited.xlsx")
    with plan_folder(tmp_path / "edited.xlsx") as folder:
        plan, _ = evaluate_plan(tiny, SPEC, folder)
    assert plan.kpis["handover"]["south"] == "2000-12"
    assert plan.domestic["recruits"].tolist() == [0.0] * tiny.settings.months
