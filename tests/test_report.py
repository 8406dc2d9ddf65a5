"""Statistics, figures, the HTML report and the workbook.

Hand case on the tiny scenario (tests/data/tiny): AAA-inf-1 (active, 300) guards the north
border 2000-01..06; AAA-inf-2 (reserve, 300) trains 2000-01..02 and guards 2000-03..08;
BBB-mp-1 (active, 150) escorts aid in the south 2000-03..06. So AAA has 300 in theatre in
January and February, 600 from March to June (half reserve) and 300 reservists in July and
August: 3,600 person-months beside BBB's 600.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import math
import os
import re
import shutil
import warnings
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from typer.testing import CliRunner

from forcegen import Scenario, ScenarioError, load_scenario
from forcegen import stats as st
from forcegen.checker import check_plan
from forcegen.cli import app
from forcegen.plots import (
    FIGURES,
    MENU_MARGIN,
    ONE_NATION_AT_A_TIME,
    PANELS_A_ROW,
    ROW,
    SHORTFALL,
    TOP_MARGIN,
    nation_views,
    rotation_gantt,
    save_static,
)
from forcegen.report.html import CAPTIONS, ceiling_used_shown
from forcegen.report.workbook import sheets
from forcegen.run import solve_scenario
from forcegen.scenario.generate import generate_scenario
from forcegen.scenario.problems import ScenarioWarning
from forcegen.scenario.schema import Ceiling
from forcegen.scenario.write import write_folder
from forcegen.spec import load_spec
from forcegen.stats import Results
from forcegen.sweep.compare import compare_runs, comparison_figure
from tests.cells import frame, missing, number, series
from tests.conftest import TINY

runner = CliRunner()
BROWSER = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium tries Google's hosts at every start.
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

TOURS = pd.DataFrame(
    [
        ("AAA-inf-1", "AAA", "active", "infantry", "border_control", "north", "2000-01",
         "2000-06", 300, "2000-01", "2000-01"),
        ("AAA-inf-2", "AAA", "reserve", "infantry", "border_control", "north", "2000-03",
         "2000-08", 300, "2000-01", "2000-03"),
        ("BBB-mp-1", "BBB", "active", "military_police", "aid_escort", "south", "2000-03",
         "2000-06", 150, "2000-03", "2000-03"),
    ],
    columns=list(st.COLUMNS["assignments"]),
)  # fmt: skip
COVERAGE = pd.DataFrame(
    [
        ("north", "border_control", "2000-01", 300.0, 300.0, 0.0, 0.0, 0.0, 300.0, 0.0),
        ("north", "public_order", "2000-01", 100.0, 0.0, 40.0, 20.0, 80.0, 0.0, 0.0),
        ("south", "aid_escort", "2000-01", 90.0, 0.0, 0.0, 0.0, 90.0, 0.0, 0.0),
    ],
    columns=[
        *st.COLUMNS["coverage"][:5],
        *("domestic", "domestic_effective", "shortfall", "intl_AAA", "intl_BBB"),
    ],
)
DOMESTIC = pd.DataFrame(
    [("2000-01", 50.0, 50.0, 0.0, 40.0, 5.0, 40.0)], columns=list(st.COLUMNS["domestic"])
)
COSTS = pd.DataFrame(
    [("AAA", 2000, 1_000_000.0, None), ("BBB", 2000, 1_500_000.0, 2_000_000.0)],
    columns=list(st.COLUMNS["costs"]),
)
HANDOVER = pd.DataFrame([("south", None), ("north", "2000-10")], columns=["region", "month"])


@pytest.fixture
def hand(tiny: Scenario) -> Results:
    return Results(tiny, TOURS, COVERAGE, DOMESTIC, COSTS, HANDOVER)


def test_deployed_and_reserve_share_by_hand(hand: Results) -> None:
    present = st.deployed(hand).set_index(["nation", "component", "month"])["personnel"]
    assert present[("AAA", "active", "2000-02")] == 300
    assert present[("AAA", "reserve", "2000-03")] == 300
    # Every month of every nation and component there is, none there a 0, where a line
    # through the months between had drawn a trend.
    assert present[("AAA", "reserve", "2000-09")] == 0
    assert len(present) == len({(u.nation, u.component) for u in hand.scenario.units}) * len(
        hand.scenario.months
    )
    share = st.reserve_share(hand).set_index(["nation", "month"])
    assert share.loc[("AAA", "2000-01"), "share"] == 0
    assert share.loc[("AAA", "2000-04"), "share"] == 0.5
    assert share.loc[("AAA", "2000-08"), "share"] == 1.0
    assert share.loc[("AAA", "2000-08"), "cap"] == 0.5
    assert share.loc[("BBB", "2000-01"), "deployed"] == 0
    assert missing(share.loc[("BBB", "2000-01"), "share"])
    ceilings = st.deployed(hand).set_index(["nation", "month"])["ceiling"]
    assert ceilings.xs("AAA").eq(1000).all()
    # BBB joins in 2000-03: before, none of it may serve, and no room is shown (a ceiling
    # there had read as room to spare, where the figure drew none).
    assert ceilings.xs("BBB").drop(["2000-01", "2000-02"]).eq(300).all()
    assert ceilings.xs("BBB")[["2000-01", "2000-02"]].isna().all()


def test_burden_sharing_by_hand(hand: Results) -> None:
    burden = st.burden_sharing(hand).set_index("nation")
    assert burden.loc["AAA", "person_months"] == 3600
    assert burden.loc["BBB", "person_months"] == 600
    assert burden.loc["AAA", "person_months_share"] == pytest.approx(6 / 7)
    assert burden.loc["AAA", "peak_deployed"] == 600
    assert burden.loc["AAA", "tours"] == 2
    assert burden.loc["BBB", "cost_share"] == pytest.approx(0.6)
    assert bool(burden.loc["AAA", "lead"]) and not bool(burden.loc["BBB", "lead"])
    assert burden.loc["AAA", "ceiling"] == 1000  # nations.csv's, none in ceilings.csv
    # The ceiling beside the peak is the one in force that month: ceilings.csv's.
    ceilings = (Ceiling.model_validate({"nation": "AAA", "from": "2000-01", "ceiling": 700}),)
    lowered = dataclasses.replace(
        hand, scenario=hand.scenario.model_copy(update={"ceilings": ceilings})
    )
    assert st.burden_sharing(lowered).set_index("nation").loc["AAA", "ceiling"] == 700
    assert burden.loc["AAA", "ceiling_used"] == pytest.approx(0.6)


def test_a_share_of_nothing_is_blank(hand: Results) -> None:
    """Without a tour or a cost, each nation's share of the coalition's person-months and
    cost is of nothing: blank, as a month's reserve share with nobody there, where it read
    0%, a share taken of something."""
    # Its costs made of no tour by hand too, vouched for as the tours' (`tables_made_from`).
    nothing = dataclasses.replace(
        hand,
        assignments=hand.assignments[:0],
        costs=hand.costs.assign(cost=0.0),
        tables_made_from=None,
    )
    burden = st.burden_sharing(nothing)
    assert burden["person_months_share"].isna().all() and burden["cost_share"].isna().all()
    # Person-months with nothing paid for them: only the cost share is blank.
    unpaid = st.burden_sharing(dataclasses.replace(hand, costs=nothing.costs))
    assert unpaid["cost_share"].isna().all()
    assert unpaid["person_months_share"].sum() == pytest.approx(1.0)


def test_the_most_of_a_shrinking_ceiling_used_is_after_the_peak(hand: Results) -> None:
    """AAA's 600 at its peak are 60% of its 1,000; its 300 reservists of 2000-08 are 150%
    of the 200 it allows from then: the peak's ceiling alone hid the breach."""
    ceilings = (Ceiling.model_validate({"nation": "AAA", "from": "2000-08", "ceiling": 200}),)
    shrunk = dataclasses.replace(
        hand, scenario=hand.scenario.model_copy(update={"ceilings": ceilings})
    )
    burden = st.burden_sharing(shrunk).set_index("nation")
    assert (burden.loc["AAA", "peak_deployed"], burden.loc["AAA", "ceiling"]) == (600, 1000)
    assert burden.loc["AAA", "ceiling_used"] == pytest.approx(1.5)
    assert burden.loc["AAA", "ceiling_used_month"] == "2000-08"
    assert burden.loc["AAA", "ceiling_then"] == 200


def test_each_month_in_theatre_and_of_a_ceiling_is_drawn_a_month_wide(hand: Results) -> None:
    """Steps whose last point had no point after it drew the horizon's last month, and a
    leaving nation's last month of ceiling, no width at all."""
    from forcegen.plots import deployed_against_ceiling

    nations = tuple(
        n.model_copy(update={"leave": "2000-10"}) if n.nation == "BBB" else n
        for n in hand.scenario.nations
    )
    leaving = dataclasses.replace(
        hand, scenario=hand.scenario.model_copy(update={"nations": nations})
    )
    figure = deployed_against_ceiling(leaving)
    assert figure.layout.xaxis.range == ("2000-01-01", "2001-01-01")
    drawn = [t for t in figure.data if t.x != (None,)]
    for trace in drawn:
        assert trace.x[-1] == "2001-01-01" or trace.name == "ceiling", trace.name
    ceiling = {t.hovertemplate.split()[0]: t for t in drawn if t.name == "ceiling"}
    steps = list(zip(ceiling["BBB"].x, ceiling["BBB"].y, strict=True))
    # BBB's ceiling holds through 2000-10, its last month, and no further.
    at = steps.index(("2000-10-01", 300))
    assert steps[at + 1 : at + 3] == [("2000-11-01", 300), ("2000-11-01", None)]
    # Its closing point's hover says the month whose ceiling it holds, not the next.
    assert ceiling["BBB"].customdata[at + 1] == "2000-10"
    assert "%{customdata}" in ceiling["BBB"].hovertemplate
    assert ceiling["AAA"].x[-1] == "2001-01-01"


def test_a_broken_ceiling_reads_as_broken_in_the_report_and_the_workbook(hand: Results) -> None:
    """AAA's 600 at its peak under a ceiling of 599 read "100%" in the report, a ceiling
    kept; BBB in theatre under a ceiling of 0 (gone from 2000-05) was the text "inf" in
    the workbook."""
    ceilings = tuple(
        Ceiling.model_validate({"nation": nation, "from": start, "ceiling": ceiling})
        for nation, start, ceiling in (("AAA", "2000-01", 599), ("BBB", "2000-05", 0))
    )
    results = dataclasses.replace(
        hand, scenario=hand.scenario.model_copy(update={"ceilings": ceilings})
    )
    shown = [ceiling_used_shown(v) for v in (0.6, 600 / 599, 1.5, math.inf)]
    assert shown == ["60%", "over 100%", "150%", "over a ceiling of 0"]
    sharing = sheets(results)["burden_sharing"].set_index("nation")["ceiling_used"]
    assert sharing["AAA"] == pytest.approx(600 / 599)
    assert sharing["BBB"] == "over a ceiling of 0"


def test_each_nations_presence_is_drawn_under_its_ceiling_in_force(hand: Results) -> None:
    """AAA's ceiling steps down to 200 in 2000-08, under its 300 reservists there."""
    from forcegen.plots import deployed_against_ceiling

    ceilings = (Ceiling.model_validate({"nation": "AAA", "from": "2000-08", "ceiling": 200}),)
    shrunk = dataclasses.replace(
        hand, scenario=hand.scenario.model_copy(update={"ceilings": ceilings})
    )
    figure = deployed_against_ceiling(shrunk)
    drawn = [t for t in figure.data if t.x != (None,)]
    ceiling = {t.hovertemplate.split()[0]: t for t in drawn if t.name == "ceiling"}
    assert set(ceiling) == {"AAA", "BBB"}
    steps = dict(zip(ceiling["AAA"].x, ceiling["AAA"].y, strict=True))
    assert (steps["2000-07-01"], steps["2000-08-01"]) == (1000, 200)
    # BBB joins in 2000-03: no ceiling drawn before, where it read as room to spare.
    steps = dict(zip(ceiling["BBB"].x, ceiling["BBB"].y, strict=True))
    assert (steps["2000-02-01"], steps["2000-03-01"]) == (None, 300)
    reserves = [t for t in drawn if t.name == "reserve" and t.hovertemplate.startswith("AAA")]
    assert dict(zip(reserves[0].x, reserves[0].y, strict=True))["2000-08-01"] == 300


def test_every_nations_panel_without_one_beneath_it_is_dated(hand: Results) -> None:
    """Five nations: N03's panel ends its column in the first row. Its axis, shared with the
    empty place beneath, had no dates: a planner could not tell when its ceiling bound."""
    figure = FIGURES["ceiling"](generated_rotation(hand, 40))
    nations = [a.text for a in figure.layout.annotations]
    assert nations == ["N01", "N02", "N03", "N04", "N05"]
    undated = [
        nation
        for i, nation in enumerate(nations)
        if figure.layout[f"xaxis{i + 1 if i else ''}"].showticklabels is False
        and i + PANELS_A_ROW >= len(nations)
    ]
    assert undated == []


def test_cover_beyond_demand_is_split_off_by_hand(hand: Results) -> None:
    # North's border control gets 360 from AAA and 40 domestic against a demand of 300:
    # 300 counts, shared 270/30 (9:1, as given), and 100 is over demand. Public order
    # (demand 100: 20 domestic, 80 short) is untouched, so the region stacks to 400.
    coverage = hand.coverage.copy()
    border = coverage["task"] == "border_control"
    coverage.loc[border, ["intl_AAA", "international", "domestic_effective"]] = [360, 360, 40]
    over = Results(hand.scenario, hand.assignments, coverage, hand.domestic, hand.costs,
                   hand.handover)  # fmt: skip
    north = st.cover_by_contributor(over).set_index(["region", "month", "contributor"])
    north = frame(north.xs(("north", "2000-01"), level=("region", "month")))
    assert north.loc["AAA", "cover"] == pytest.approx(270)
    assert north.loc["domestic", "cover"] == pytest.approx(30 + 20)
    assert north.loc["AAA", "over_demand"] == pytest.approx(100)
    assert north["cover"].sum() + number(north.loc["AAA", "shortfall"]) == pytest.approx(400)


def test_cover_beyond_demand_beside_a_shortfall_is_captioned_as_a_tasks(hand: Results) -> None:
    """North in 2000-01: border control covered 100 beyond its demand while public order is
    80 short, grey over red in one month. The caption said grey was cover beyond demand,
    which read as the region's, and a planner asked why a region so covered fell short."""
    coverage = hand.coverage.copy()
    border = coverage["task"] == "border_control"
    coverage.loc[border, ["intl_AAA", "international", "domestic_effective"]] = [360, 360, 40]
    figure = FIGURES["coverage"](dataclasses.replace(hand, coverage=coverage))
    north = {t.name: t.y[0] for t in figure.data if t.xaxis == "x" and t.type == "bar"}
    assert north["shortfall"] == pytest.approx(80) and north["over demand"] == pytest.approx(100)
    assert "grey cover beyond a task's demand" in CAPTIONS["coverage"]


def test_cover_budget_pipeline_handover_by_hand(hand: Results) -> None:
    cover = st.cover_by_contributor(hand).set_index(["region", "month", "contributor"])
    north = cover.xs(("north", "2000-01"), level=("region", "month"))
    assert north.loc["AAA", "cover"] == 300
    assert north.loc["domestic", "cover"] == 20
    assert north.loc["AAA", "demand"] == 400
    assert north.loc["AAA", "shortfall"] == 80
    share = st.coverage(hand).set_index(["region", "task"])["covered_share"]
    assert share[("north", "public_order")] == pytest.approx(0.2)
    budget = st.cost_against_budget(hand).set_index("nation")["used"]
    assert budget["BBB"] == pytest.approx(0.75)
    assert pd.isna(budget["AAA"])
    pipe = st.pipeline(hand).iloc[0]
    assert pipe["can_cover"] == 20  # 40 trained at effectiveness 0.5
    assert pipe["open_demand"] == 400  # border control and public order, not aid escort
    handed = st.handover(hand)
    assert handed["region"].tolist() == ["north", "south"]
    assert handed["months_from_start"].iloc[0] == 9
    assert handed["by"].iloc[0] == "plan" and pd.isna(handed["by"].iloc[1])
    # North handed over in 2000-10 by decision: said so.
    decided = tuple(
        r.model_copy(update={"handed_over": "2000-10"}) if r.region == "north" else r
        for r in hand.scenario.regions
    )
    scenario = hand.scenario.model_copy(update={"regions": decided})
    assert st.handover(dataclasses.replace(hand, scenario=scenario))["by"].iloc[0] == "decision"
    # North (AAA) and south (BBB) are both of the central authority: one sector of two.
    sector = st.sectors(hand).iloc[0]
    assert (sector["sector"], sector["regions"], sector["nations"], sector["nation_count"]) == (
        "central",
        "north; south",
        "AAA; BBB",
        2,
    )
    assert sector["most_at_once"] == 2  # both in 2000-03..06
    # BBB's tour from 2000-09, after AAA's end: two over the horizon, one at a time.
    later = TOURS.copy()
    later.loc[2, ["start", "end", "mobilized_from", "counts_from"]] = [
        "2000-09",
        "2000-12",
        "2000-09",
        "2000-09",
    ]
    sector = st.sectors(dataclasses.replace(hand, assignments=later)).iloc[0]
    assert (sector["nation_count"], sector["most_at_once"]) == (2, 1)


def test_the_cost_figure_draws_a_budget_broken_as_the_checker_judges_it(hand: Results) -> None:
    """A tick red where the checker finds the budget broken, by its tolerance (a millionth
    of it): BBB spends 1.5 million, so a budget a ten-millionth under its cost is kept,
    one a hundred-thousandth under is broken."""
    (cost,) = st.cost_against_budget(hand).query("nation == 'BBB'")["cost"]

    def ticks(budget: float) -> dict[str, str]:
        costs = hand.costs.assign(
            budget=hand.costs["budget"].where(hand.costs["nation"] != "BBB", budget)
        )
        (_, tick) = FIGURES["cost"](dataclasses.replace(hand, costs=costs)).data
        return dict(zip(tick.y[0], tick.marker.color, strict=True))

    assert ticks(cost * (1 - 1e-7)) == {"AAA": "black", "BBB": "black"}  # AAA: no budget
    assert ticks(cost * (1 - 1e-5)) == {"AAA": "black", "BBB": SHORTFALL}


def test_the_cost_figure_of_many_nations_and_years_is_a_grid(hand: Results) -> None:
    """A generated L's cost figure, a bar per nation and fiscal year (12 nations by 11
    years), was 2,500 px tall: past `COST_BARS` bars it is a row per nation and a cell per
    year, a budget broken framed red; past `COST_NATIONS` nations the least costly, none
    over a budget, are one row of their costs summed. N01 costs least, and breaks its
    budget in 2003; each nation's cost is the same every year."""
    years = range(2000, 2011)

    def grid(nations: int) -> go.Figure:
        scenario = generate_scenario("S", 0, nations=nations)
        rows = [
            (n.nation, year, (i + 1) * 1e6, (0.5e6 if year == 2003 else 2e6) if i == 0 else None)
            for i, n in enumerate(scenario.nations)
            for year in years
        ]
        costs = pd.DataFrame(rows, columns=list(st.COLUMNS["costs"]))
        figure = FIGURES["cost"](dataclasses.replace(hand, scenario=scenario, costs=costs))
        assert figure.data[0].type == "heatmap"
        assert list(figure.data[0].x) == [str(year) for year in years]
        assert figure.layout.height <= 1000
        # N01's 2003 alone, at its row and column.
        ((row, col),) = [(s.y0 + 0.5, s.x0 + 0.5) for s in figure.layout.shapes]
        assert (figure.data[0].y[int(row)], figure.data[0].x[int(col)]) == ("N01", "2003")
        return figure

    few = grid(12)
    assert list(few.data[0].y) == [f"N{i:02d}" for i in range(1, 13)]
    assert few.data[0].text[5][0] == "6.0"  # N06 in 2000, in millions
    many = grid(40).data[0]
    # N01 kept for its budget broken, the 28 costliest beside it, the other 11 summed.
    assert list(many.y) == ["N01", *(f"N{i:02d}" for i in range(13, 41)), "11 others"]
    assert list(many.text[-1]) == [f"{sum(range(2, 13)):.1f}"] * len(years)


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = load_spec("security-keeping")
    # The optimum, which calls a reserve up, where a plan within the default gap may not.
    run = solve_scenario(load_scenario(TINY), spec, {"gap": 0})
    folder = tmp_path_factory.mktemp("report") / "run"
    run.write(folder)
    return folder


def test_statistics_agree_with_the_run(solved: Path) -> None:
    results = Results.from_folder(solved)
    kpis = results.kpis
    assert st.coverage(results)["shortfall"].sum() == pytest.approx(kpis["total_shortfall"])
    costs = st.cost_against_budget(results)["cost"].sum()
    assert costs == pytest.approx(kpis["international_cost"])
    burden = st.burden_sharing(results)
    assert burden["tours"].sum() == kpis["tours"]
    assert burden["person_months_share"].sum() == pytest.approx(1.0)
    handed = st.handover(results)["handover"].notna().sum()
    assert handed == kpis["regions_handed_over"]
    # Every unit is at work in the tiny theatre: none at home, in a table of idle_units'
    # own columns and types all the same, for pd.concat over runs.
    assert set(results.assignments["unit"]) == {u.unit for u in results.scenario.units}
    idle = st.idle_units(results)
    assert idle.empty and list(idle.columns) == st.IDLE_COLUMNS
    text = pd.StringDtype(na_value=float("nan"))
    assert idle.dtypes.to_dict() == {
        **dict.fromkeys(["unit", "nation", "type", "component", "why"], text),
        **dict.fromkeys(["personnel", "months_wanted", "ceiling_full", "budget_spent"], "int64"),
        **dict.fromkeys(["could_cover", "cost_a_month"], "float64"),
    }
    for name, stat in st.STATISTICS.items():
        assert name == "idle_units" or not stat(results).empty, name


def test_a_unit_left_at_home_says_why() -> None:
    """A planner's first question of a unit the plan leaves at home, answered in the first
    reason that holds, a whole tour's: a nation refusing the only task; a nation leaving
    before a tour ends; a ceiling with room for single months, not a tour; a budget with
    money for a month, not a tour; a unit the plan's maker left there; and, in a re-plan,
    a unit whose tour would begin in the past. Single months had read as room, and the
    past as time to serve."""
    from dataclasses import replace

    from forcegen.evaluate import evaluate_plan
    from forcegen.scenario.schema import Budget
    from tests.factory import nation, scenario, spec, unit

    case = scenario(
        months=12,
        nations=[
            nation("A", ceiling=100, cost_per_person_month=10.0),
            nation("B", refused_tasks=("guard",), lead=False),
            nation("C", leave="2000-03", lead=False),
            nation("D", ceiling=150, lead=False, tour_months=12),
            nation("E", cost_per_person_month=1.0, lead=False),
        ],
        units=[
            *(unit(name, "A") for name in ("a1", "a2", "a3")),
            unit("b1", "B"),
            unit("c1", "C"),
            unit("d1", "D"),
            unit("d2", "D"),
            unit("e1", "E", available_until="2000-09"),
        ],
        demand=[("r", "guard", 0, 11, 500)],
        # E's six-month tour, back by September, pays 600 in the year: 150 pays a month of
        # it, not the tour (one begun in the horizon's last month would pay 100 in it).
        budgets=[Budget(nation="E", fiscal_year=y, budget=150.0) for y in (1999, 2000)],
    )
    # a1 holds A's ceiling of 100 from January to June, d1 D's of 150 (no room for d2's
    # 100 in any month: a twelve-month tour needs all of them).
    tours = pd.DataFrame(
        [
            {"unit": "a1", "task": "guard", "region": "r", "start": "2000-01"},
            {"unit": "d1", "task": "guard", "region": "r", "start": "2000-01"},
        ]
    )
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    results = Results.from_plan(plan, case)
    idle = st.idle_units(results).set_index("unit")
    assert list(idle.index) == ["a2", "a3", "b1", "c1", "d2", "e1"]
    why = idle["why"]
    no_room = "leaves no room for a whole tour of it that would cover a shortfall"
    assert why["b1"].startswith("it may do no task in demand")
    assert why["c1"].startswith("no whole tour fits its time in theatre")
    # Which limit holds each home, named: D's ceiling d2, E's budget e1.
    assert why["d2"] == f"its nation's ceiling {no_room}"
    assert why["e1"] == f"its nation's budget {no_room}"
    assert idle.loc["e1", "budget_spent"] == 0  # a month fits: the tour does not
    # A tour from July fits A's ceiling: a hand-made plan's maker left a2 at home.
    assert why["a2"].startswith("left at home by the plan's maker")
    assert idle.loc["a2", "months_wanted"] == 12 and idle.loc["a2", "ceiling_full"] == 6
    assert series(idle.loc["a2", ["could_cover", "cost_a_month"]]).tolist() == [100.0, 1_000.0]
    # Re-planned from November, a3 could serve from then on only: two months of the
    # horizon, its tour running on past its end.
    replanned = replace(results, replanned_from="2000-11", kpis={})
    again = st.idle_units(replanned).set_index("unit")
    assert again.loc["a3", "months_wanted"] == 2
    assert str(again.loc["a3", "why"]).startswith("the plan's choice")


def test_a_plan_in_memory_has_the_figures_of_its_folder(tmp_path: Path) -> None:
    """Results of a plan in memory and of its run folder hold their figures as the same
    numbers: a notebook user's sums do not change type when read back. Without a budget
    anywhere the budget column was one of None (object), where costs.csv reads NaN."""
    scenario = load_scenario(TINY)
    scenario = scenario.model_copy(
        update={
            "nations": [n.model_copy(update={"budget_per_year": None}) for n in scenario.nations]
        }
    )
    run = solve_scenario(scenario, load_spec("security-keeping"))
    run.write(tmp_path / "run")
    in_memory, read = Results.from_plan(run.plan, scenario), Results.from_folder(tmp_path / "run")
    assert in_memory.costs["budget"].isna().all()
    for table, columns in st.COLUMNS.items():
        figures = [column for column in columns if column not in st.AS_TEXT]
        mine, theirs = getattr(in_memory, table)[figures], getattr(read, table)[figures]
        assert mine.dtypes.to_dict() == theirs.dtypes.to_dict(), table
    assert st.cost_against_budget(in_memory)["budget"].dtype == float


def test_each_statistic_has_its_types_whatever_the_plan(solved: Path, tmp_path: Path) -> None:
    """A statistic's columns are of one type a plan with tours and demand, one without
    tours and one without demand alike, in memory and read back: pd.concat of a
    statistic over runs gave object columns where an empty plan's were int64 (coverage
    read back), None (burden sharing's month and ceiling of a nation never deployed) or
    object (a handover not decided)."""
    read = Results.from_folder(solved)
    untoured = tmp_path / "untoured"
    shutil.copytree(solved, untoured)
    header = (untoured / "assignments.csv").read_text().splitlines()[0]
    (untoured / "assignments.csv").write_text(header + "\n")
    # Its one region handed over by decision from the first month: no demand, no tour.
    scenario = generate_scenario("S", 0, units=4, regions=1, months=12)
    region = scenario.regions[0].model_copy(update={"handed_over": scenario.months[0]})
    scenario = scenario.model_copy(update={"regions": (region,), "demand": ()})
    undemanded = solve_scenario(scenario, load_spec("security-keeping"))
    undemanded.write(tmp_path / "undemanded")
    plans = {
        "read back": read,
        "in memory": Results.from_plan(read, read.scenario),
        # Its tables vouched for as its own: the types are judged here, not the figures.
        "no tours, in memory": dataclasses.replace(
            read, assignments=read.assignments[:0], tables_made_from=None
        ),
        "no tours, read back": Results.from_folder(untoured),
        "no demand, in memory": Results.from_plan(undemanded.plan, scenario),
        "no demand, read back": Results.from_folder(tmp_path / "undemanded"),
    }
    for name, stat in st.STATISTICS.items():
        expected = stat(read).dtypes.to_dict()
        for plan, results in plans.items():
            assert stat(results).dtypes.to_dict() == expected, (name, plan)
    burden = st.burden_sharing(read)
    assert burden["ceiling"].dtype == burden["ceiling_then"].dtype == float
    assert burden["ceiling_used_month"].dtype == read.coverage["month"].dtype


def test_a_plan_in_memory_is_paired_with_its_own_scenario(solved: Path) -> None:
    """`from_plan` took any scenario, and a path as a scenario: figures of the wrong one, or
    an AttributeError far away. A path is read as `solve_scenario` reads it; a scenario
    without the plan's units is refused at the rows that name them."""
    results = Results.from_folder(solved)
    assert Results.from_plan(results, TINY).scenario == results.scenario
    units = results.scenario.table("units")
    fewer = results.scenario.with_table("units", units[units["unit"] != "AAA-inf-1"])
    tours = results.assignments.set_index(results.assignments.index + 100)  # a user's labels
    shown = dataclasses.replace(results, assignments=tours)
    with pytest.raises(ScenarioError) as caught:
        Results.from_plan(shown, fewer)
    first = (tours["unit"] == "AAA-inf-1").idxmax()
    assert [(p.file, p.column, p.rule) for p in caught.value.problems] == [
        (f"the assignments table given, index {first}", "unit", "unknown-unit")
    ]
    assert "no unit 'AAA-inf-1' in the scenario given" in str(caught.value)
    # The same codes over a shorter horizon: the plan's later months are none of it.
    settings = results.scenario.settings.model_copy(update={"months": 3})
    with pytest.raises(ScenarioError) as caught:
        Results.from_plan(results, results.scenario.model_copy(update={"settings": settings}))
    said = {(p.file.split(",")[0], p.rule) for p in caught.value.problems}
    assert ("the coverage table given", "outside-horizon") in said, caught.value
    # Codes all known but other contents (larger units): worked out on the one given, said.
    bigger = results.scenario.with_table("units", units.assign(personnel=units["personnel"] + 1))
    with pytest.warns(ScenarioWarning, match="made on another scenario than the one given"):
        Results.from_plan(results, bigger)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Results.from_plan(results, TINY)  # its own, read again: no word


def test_a_folder_given_for_a_plan_says_how_to_read_it(solved: Path) -> None:
    """A run folder where `from_plan` takes a plan failed far inside, with `'PosixPath'
    object has no attribute 'assignments'`: what it takes is said, and what reads one."""
    for folder in (solved, str(solved)):
        with pytest.raises(
            TypeError,
            match=rf"from_plan takes a plan .*, not {type(folder).__name__}: .*"
            r"Results\.from_folder",
        ):
            Results.from_plan(folder, TINY)


def test_a_plan_given_for_results_says_how_to_make_them(solved: Path) -> None:
    """A notebook's `run.plan` handed to a figure or a statistic: a TypeError naming the
    way to Results, where it was `'Plan' object has no attribute 'scenario'`."""
    results = Results.from_folder(solved)
    stand_in = type("Plan", (), {"coverage": results.coverage})()
    for draw in (*FIGURES.values(), *st.STATISTICS.values()):
        with pytest.raises(TypeError, match=r"takes Results, not Plan: Results\.from_plan"):
            draw(stand_in)


def test_a_run_that_is_not_there_is_one_problem(tmp_path: Path) -> None:
    """Not each of a run's files missing, one by one, from a folder that does not exist."""
    (tmp_path / "file").write_text("x")
    for path, what in ((tmp_path / "nowhere", "does not exist"), (tmp_path / "file", "is a file")):
        with pytest.raises(ScenarioError) as caught:
            Results.from_folder(path)
        assert [(p.rule, p.message) for p in caught.value.problems] == [
            ("missing-folder", f"the run {what}")
        ]


def test_the_reports_key_figures_say_their_units_as_the_workbook_does(solved: Path) -> None:
    """The report said "person-months" where the terminal and workbook say effective
    ones, and its worst month had no unit."""
    results = Results.from_folder(solved)
    said = {figure.label: str(figure) for figure in st.key_figures(results.kpis, results.scenario)}
    assert st.KPI_UNITS["total_shortfall"] == "effective person-months"
    # Demand ends at a handover for some tasks: the plan's handovers decide how much there is.
    assert st.KPI_UNITS["demand"] == "effective person-months, under the plan's handovers"
    assert said["Shortfall"].split(" (")[0].endswith(" effective person-months")
    assert said["Worst month"] == "490 effective personnel short in 2000-01"
    # "3,477 trained" had left the reader to guess 3,477 of what.
    strength = results.kpis["final_domestic_strength"]
    assert said["Domestic force at the end"] == f"{strength:,.0f} officers trained"
    # A hand-made plan's time is its tables' working out, not a command's: said so.
    hand_made = {**results.kpis, "termination": "hand-made", "wall_seconds": 2.2}
    said = {figure.label: str(figure) for figure in st.key_figures(hand_made, results.scenario)}
    assert said["Time"] == "2.2 s (to work its tables out)"


def test_report_and_workbook(solved: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    result = runner.invoke(app, ["report", str(run)])
    assert result.exit_code == 0, result.output
    html = (run / "report.html").read_text(encoding="utf-8")
    for name in FIGURES:
        assert f'id="figure-{name}"' in html
    # Each figure says what it shows, the newest too.
    assert set(FIGURES) <= set(CAPTIONS)
    assert "<script src=" not in html  # self-contained: plotly.js is inlined
    assert "keeps every hard rule" in html
    # The cost figure says what its years are and what a tour past the horizon costs, which
    # no other figure or table of the plan shows (a planner review).
    assert "A fiscal year runs from July and is named by the year it begins in." in html
    assert "is paid for to the end of its last fiscal year (2001-06)" in html
    # The burden table's ceilings say which month's each is: the peak's beside the peak,
    # the fullest month's beside the most of it used.
    headings = re.findall(r"<th [^>]*>([^<]*)</th>", html)
    at = headings.index("peak deployed")
    assert headings[at : at + 6] == [
        "peak deployed",
        "ceiling at peak",
        "most of its ceiling used",
        "in",
        "against a ceiling of",
        "cost (USD)",  # money says its currency, as everywhere else in the report
    ]
    book = openpyxl.load_workbook(run / "plan.xlsx")
    expected = [
        *("about", "kpis", "verdict", "assignments", "coverage", "domestic", "costs"),
        "handover",
    ]
    assert book.sheetnames[:8] == expected
    # Each key figure says what it counts.
    units = {row[0].value: row[2].value for row in book["kpis"].iter_rows(min_row=2)}
    assert units["total_shortfall"] == "effective person-months"
    assert units["international_cost"] == "USD" and units["wall_seconds"] == "seconds"
    # The gap to a hundredth, as the terminal and the report show it: 0.96% read 1.0%.
    formats = {row[0].value: row[1].number_format for row in book["kpis"].iter_rows(min_row=2)}
    assert formats["gap"] == "0.00%" and formats["reserve_share"] == "0.0%"
    # The verdict travels with the workbook mailed alone.
    assert book["verdict"]["A2"].value.startswith("The plan keeps every hard rule")
    assert set(st.STATISTICS) - {"coverage"} <= set(book.sheetnames)
    sheet = book["assignments"]
    assert sheet["A1"].value == "unit" and sheet["A1"].font.bold
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == sheet.dimensions
    assert sheet.column_dimensions["D"].width >= len("military_police")
    assert sheet.max_row == 1 + len(pd.read_csv(run / "assignments.csv"))
    assert book["reserve_share"]["E2"].number_format == "0.0%"
    # The share of a ceiling used as one: 0.96 and 0.979 both read 1.0 as a figure.
    burden = book["burden_sharing"]
    used = next(c.column_letter for c in burden[1] if c.value == "ceiling_used")
    # Over 100% said as such: 2,450 under 2,449 read 100.0% (a diff reviewer's finding).
    assert burden[f"{used}2"].number_format == '[>1]"over "0.00%;0.0%'
    # A row per region and month, a column per contributor: a planner's sum of the
    # shortfall is the plan's, not once per contributor.
    cover = pd.read_excel(run / "plan.xlsx", sheet_name="cover_by_contributor")
    assert list(cover.columns) == [
        *("region", "month", "demand", "AAA", "BBB", "domestic", "over_demand", "shortfall")
    ]
    kpis = json.loads((run / "kpis.json").read_text())
    assert cover["shortfall"].sum() == pytest.approx(kpis["total_shortfall"])


def test_report_bad_input(solved: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["report", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert f"{tmp_path / 'nowhere'}: [missing-folder] the run does not exist" in missing.output
    assert "1 error(s); no report was made." in missing.output
    # A run's file given for its folder was "no such run folder", though it is there.
    kpis = runner.invoke(app, ["report", str(solved / "kpis.json")])
    assert kpis.exit_code == 2
    assert f"{solved / 'kpis.json'}: [missing-folder] the run is a file" in kpis.output
    scenario = runner.invoke(app, ["report", str(TINY)])
    assert scenario.exit_code == 2 and "[not-a-run] a scenario folder" in scenario.output
    folder = tmp_path / "tours"  # a hand-made plan, not yet evaluated into a run
    folder.mkdir()
    shutil.copyfile(solved / "assignments.csv", folder / "assignments.csv")
    hand_made = runner.invoke(app, ["report", str(folder)])
    assert hand_made.exit_code == 2 and "[not-a-run]" in hand_made.output
    assert "forcegen evaluate" in hand_made.output and hand_made.output.count("error ") == 1
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    (run / "report.html").write_text("earlier report")
    (run / "coverage.csv").unlink()
    tours = pd.read_csv(run / "assignments.csv").drop(columns=["region"])
    tours["personnel"] = tours["personnel"].astype(object)
    tours.loc[1, "personnel"] = "abc"
    tours.to_csv(run / "assignments.csv", index=False)
    broken = runner.invoke(app, ["report", str(run)])
    assert broken.exit_code == 2
    assert "coverage.csv: [missing-file]" in broken.output
    assert "assignments.csv, row 1, column region: [missing-column]" in broken.output
    assert "assignments.csv, row 3, column personnel: [not-a-number]" in broken.output
    assert "Traceback" not in broken.output
    assert (run / "report.html").read_text() == "earlier report"
    assert not (run / "plan.xlsx").exists()
    wrong = runner.invoke(app, ["report", str(solved), "--static", "gif"])
    assert wrong.exit_code == 2 and "png, svg or pdf" in wrong.output


def test_a_planners_edits_to_the_workbook_are_not_written_over(
    solved: Path, tmp_path: Path
) -> None:
    """A report or a new plan would replace plan.xlsx: once a planner has changed it,
    both are refused, naming it, until it is moved away; an unchanged one is rewritten."""
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    assert runner.invoke(app, ["report", str(run)]).exit_code == 0
    assert runner.invoke(app, ["report", str(run)]).exit_code == 0
    book = openpyxl.load_workbook(run / "plan.xlsx")
    book["assignments"]["A2"] = "moved by hand"
    book.save(run / "plan.xlsx")
    edited = (run / "plan.xlsx").read_bytes()
    (run / "report.html").write_text("earlier report")
    report = runner.invoke(app, ["report", str(run)])
    resolve = runner.invoke(app, ["solve", str(TINY), "--out", str(run), "--time-limit", "5"])
    for result, name in ((report, "plan.xlsx"), (resolve, "--out")):
        output = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert f"error {name}: [edited] changed since forcegen wrote it" in output
        assert f"(value '{run / 'plan.xlsx'}')" in output
    assert (run / "plan.xlsx").read_bytes() == edited
    assert (run / "report.html").read_text() == "earlier report"
    # check judges the run's tables, and says the workbook is not what it judged.
    checked = runner.invoke(app, ["check", str(TINY), str(run)])
    assert checked.exit_code == 0, checked.output
    assert (
        f"warning {run / 'plan.xlsx'}: [edited] changed since forcegen wrote it (values on its "
        "sheets assignments): judged here are the run's CSV tables, not it; forcegen evaluate "
        f"SCENARIO {run / 'plan.xlsx'} --out NEW_RUN judges the workbook"
    ) in " ".join(checked.output.split())
    (run / "plan.xlsx").rename(tmp_path / "mine.xlsx")
    assert runner.invoke(app, ["report", str(run)]).exit_code == 0
    # A sheet of the planner's own is an edit whether or not its stamp came with it (a
    # folder copied with `cp RUN/*` leaves the hidden stamp behind).
    book = openpyxl.load_workbook(run / "plan.xlsx")
    book.create_sheet("my notes")["A1"] = "work"
    book.save(run / "plan.xlsx")
    (run / ".plan.xlsx.sha256").unlink()
    noted = runner.invoke(app, ["report", str(run)])
    assert noted.exit_code == 2, noted.output
    assert "[edited] with sheets of the planner's own (my notes)" in " ".join(noted.output.split())
    assert "my notes" in openpyxl.load_workbook(run / "plan.xlsx").sheetnames


def test_a_planners_edits_to_the_tables_are_not_written_over(solved: Path, tmp_path: Path) -> None:
    """The README invites editing a run's assignments.csv: a new plan into the folder had
    replaced it without a word, where an edited plan.xlsx is refused."""
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    again = ["solve", str(TINY), "--out", str(run), "--time-limit", "5", "--quiet"]
    assert runner.invoke(app, again).exit_code == 0  # unedited: written anew
    lines = (run / "assignments.csv").read_text().splitlines()
    (run / "assignments.csv").write_text("\n".join(lines[:-1]) + "\n")  # a tour deleted
    edited = (run / "assignments.csv").read_text()
    for command in (again, ["evaluate", str(TINY), str(solved), "--out", str(run)]):
        result = runner.invoke(app, command)
        output = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert (
            "error --out: [edited] changed since forcegen wrote it (a planner's edits?)" in output
        )
    assert (run / "assignments.csv").read_text() == edited
    # The report writes no table: it is made of the edited plan's.
    assert runner.invoke(app, ["report", str(run)]).exit_code == 0
    # Its figures, of the plan before the edits, are said to be so.
    said = " ".join(runner.invoke(app, ["report", str(run)]).output.split())
    assert (
        f"warning {run / 'assignments.csv'}: [edited] changed since forcegen wrote it: the "
        "run's figures (kpis.json) are of the plan before the edits"
    ) in said
    # Saved again with the same values (CRLF from a checkout, Excel's byte-order mark and
    # quotes around every cell): no edit.
    fresh = tmp_path / "fresh"
    shutil.copytree(solved, fresh)
    rows = list(csv.reader(io.StringIO((fresh / "assignments.csv").read_text())))
    with (fresh / "assignments.csv").open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    again[again.index(str(run))] = str(fresh)
    assert runner.invoke(app, again).exit_code == 0
    # Every table of the plan is guarded: evaluate reads a handover month a planner clears.
    lines = (fresh / "handover.csv").read_text().splitlines()
    (fresh / "handover.csv").write_text("\n".join([lines[0], lines[1].split(",")[0] + ","]) + "\n")
    assert runner.invoke(app, again).exit_code == 2


def test_a_workbook_a_folder_down_is_guarded_and_a_stopped_write_is_no_edit(
    tmp_path: Path,
) -> None:
    """rolling, resilience and sweeps write runs a folder down from --out; a write stopped
    between the new workbook and its stamp leaves either file taken as forcegen's."""
    from forcegen.cli import _output_problems
    from forcegen.fileio import changed_since_written, stamp

    book = tmp_path / "out" / "rolling" / "plan.xlsx"
    book.parent.mkdir(parents=True)
    book.write_bytes(b"as written")
    stamp(book)
    assert _output_problems(("--out", tmp_path / "out", True)) == []
    book.write_bytes(b"edited")
    (found,) = _output_problems(("--out", tmp_path / "out", True))
    assert (found.rule, found.value) == ("edited", str(book))
    book.write_bytes(b"as written")  # moved back; the next write begins
    coming = tmp_path / "coming"
    coming.write_bytes(b"the next one")
    stamp(book, coming=coming)  # the write stops here: the old file is still in place
    assert not changed_since_written(book)
    book.write_bytes(b"the next one")  # or here: the new one is
    assert not changed_since_written(book)


def test_a_plan_without_tours_reports(solved: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    header = (run / "assignments.csv").read_text().splitlines()[0]
    (run / "assignments.csv").write_text(header + "\n")
    result = runner.invoke(app, ["report", str(run)])
    assert result.exit_code == 0, result.output
    assert (run / "report.html").exists()
    assert openpyxl.load_workbook(run / "plan.xlsx")["assignments"].max_row == 1
    # Every unit an empty row, as the figure says: px drew no trace, and so no unit.
    results = Results.from_folder(run)
    axis = FIGURES["rotation"](results).layout.yaxis
    units = len(results.scenario.units)
    assert len(axis.categoryarray) == units and list(axis.range) == [units - 0.5, -0.5]


def test_the_gantt_hatches_relief_in_place_only_where_a_unit_is_relieved(solved: Path) -> None:
    """The months before a tour counts are relief in place where a tour of the same task
    and region that began earlier is still there, else arriving: the first tour in a region
    relieves no one, though it was hatched as if it did."""
    results = Results.from_folder(solved)
    tour = {"nation": "AAA", "component": "active", "type": "inf", "personnel": 300}
    rows = [  # unit, region, start, end, all border control: two months before each counts
        ("AAA-inf-1", "north", "2000-01", "2000-06"),  # the first there
        ("AAA-inf-2", "north", "2000-06", "2000-11"),  # relieves AAA-inf-1
        ("BBB-mp-1", "south", "2000-06", "2000-11"),  # no one in the south
    ]
    tours = pd.DataFrame(
        [
            {**tour, "unit": unit, "task": "border_control", "region": region}
            | {"start": start, "end": end, "mobilized_from": start}
            | {"counts_from": f"{start[:-2]}{int(start[-2:]) + 2:02d}"}
            for unit, region, start, end in rows
        ]
    )
    results = dataclasses.replace(results, assignments=tours)
    hatched = {
        trace.name: {unit.rsplit(" · ")[-1] for unit in trace.y}
        for trace in FIGURES["rotation"](results).data
        if "(" in trace.name
    }
    assert hatched == {
        "border_control (arriving)": {"AAA-inf-1", "BBB-mp-1"},
        "border_control (relief in place)": {"AAA-inf-2"},
    }


def test_legends_tell_apart_what_is_drawn_alike(solved: Path) -> None:
    """The pipeline's "employed" (head count) and "covers (employed)" (effective) were two
    dotted light-green lines in one flat legend, each under its panel's name now; the
    Gantt's "training", a reserve's months at home, read as the task
    constabulary_training beside it."""
    results = Results.from_folder(solved)
    pipeline = FIGURES["pipeline"](results)
    groups = {trace.name: trace.legendgrouptitle.text for trace in pipeline.data}
    assert groups["employed"] == "head count"
    assert groups["covers (employed)"] == "cover (effective personnel)"
    assert groups["recruits"] == "academy"
    reserve = results.assignments["mobilized_from"] != results.assignments["start"]
    assert reserve.any()  # the tiny plan calls a reserve up
    names = {trace.name for trace in FIGURES["rotation"](results).data}
    assert "reserve training at home" in names and "training" not in names


def test_the_handover_timeline_names_each_regions_risk(solved: Path) -> None:
    # Calm-first hands regions over by risk: the bars' order shows it only with the risk.
    results = Results.from_folder(solved)
    rows = {label for bar in FIGURES["handover"](results).data for label in bar.y}
    risk = {r.name or r.region: r.risk for r in results.scenario.regions}
    assert rows == {f"{name} · risk {level}" for name, level in risk.items()}


def test_months_turned_to_dates_are_named_not_tripped_on(solved: Path) -> None:
    """A notebook's pd.to_datetime of a month column failed deep in a figure ("too many
    values to unpack"): the table and column are named, with the way back."""
    results = Results.from_folder(solved)
    dated = results.coverage.assign(month=pd.to_datetime(results.coverage["month"]))
    with pytest.raises(TypeError, match=r"coverage\.month holds datetime64.*YYYY-MM text"):
        FIGURES["coverage"](dataclasses.replace(results, coverage=dated))
    periods = results.assignments.assign(
        start=pd.PeriodIndex(results.assignments["start"], freq="M")
    )
    with pytest.raises(TypeError, match=r"assignments\.start holds period\[M\]"):
        st.deployed(dataclasses.replace(results, assignments=periods))
    back = periods.assign(start=periods["start"].astype(str))
    assert not st.deployed(dataclasses.replace(results, assignments=back)).empty


def test_a_table_without_a_column_read_is_named_not_tripped_on(solved: Path) -> None:
    """A notebook's table edited without a column a statistic reads was a bare KeyError
    ('region') from inside burden_sharing, and from_plan took it: the table and column
    are named, as check_plan names them."""
    results = Results.from_folder(solved)
    edited = dataclasses.replace(results, assignments=results.assignments.drop(columns="region"))
    said = r"the assignments table given .*column region: \[missing-column\]"
    with pytest.raises(ScenarioError, match=said):
        st.burden_sharing(edited)
    with pytest.raises(ScenarioError, match=said):
        FIGURES["rotation"](edited)
    with pytest.raises(ScenarioError, match=said):
        Results.from_plan(edited, results.scenario)


def test_a_plan_of_no_demand_reports(tmp_path: Path) -> None:
    """A plan of no tour has no reserve share (null in kpis.json): the terminal's summary
    and the report both say so, where the summary failed on formatting it."""
    # Its one region handed over by decision from the first month: no demand, no tour,
    # coverage.csv without a row.
    scenario = generate_scenario("S", 0, units=4, regions=1, months=12)
    region = scenario.regions[0].model_copy(update={"handed_over": scenario.months[0]})
    write_folder(scenario.model_copy(update={"regions": (region,), "demand": ()}), tmp_path / "s")
    solved = runner.invoke(app, ["solve", str(tmp_path / "s"), "--out", str(tmp_path / "run")])
    assert solved.exit_code == 0, solved.output
    assert re.search(r"Reserve share\s+│\s+nobody in theatre", solved.output), solved.output
    assert re.search(r"Regions handed over\s+│\s+1 of 1 \(R01 ", solved.output), solved.output
    run = Results.from_folder(tmp_path / "run")
    assert run.coverage.empty and run.kpis["tours"] == 0
    result = runner.invoke(app, ["report", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "run" / "report.html").read_text()
    assert 'Reserve share</div><div class="value">nobody in theatre' in page


def test_a_report_where_a_folder_stands_is_refused(solved: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    (run / "plan.xlsx").mkdir()
    result = runner.invoke(app, ["report", str(run)])
    assert result.exit_code == 2, result.output
    assert "plan.xlsx: [not-writable] an existing folder" in " ".join(result.output.split())
    assert not (run / "report.html").exists()


def _shortfall_lots(run: Path) -> None:
    kpis = json.loads((run / "kpis.json").read_text())
    (run / "kpis.json").write_text(json.dumps(kpis | {"total_shortfall": "lots"}))


def _cost_infinite(run: Path) -> None:
    kpis = json.loads((run / "kpis.json").read_text())
    (run / "kpis.json").write_text(json.dumps(kpis | {"cost": float("inf")}))


def _a_folder_at(name: str) -> Callable[[Path], None]:
    def spoil(run: Path) -> None:
        (run / name).unlink()
        (run / name).mkdir()

    return spoil


def _a_pipe_at(name: str) -> Callable[[Path], None]:
    def spoil(run: Path) -> None:
        (run / name).unlink()
        os.mkfifo(run / name)

    return spoil


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda run: (run / "kpis.json").unlink(), "kpis.json: [missing-file]"),
        (lambda run: (run / "kpis.json").write_text("[]"), "kpis.json: [json-shape]"),
        (
            lambda run: (run / "kpis.json").write_bytes(b'{\n"model": "caf\xe9"}'),
            "kpis.json, line 2: [encoding] byte 0xe9 is not UTF-8 text",
        ),
        (_shortfall_lots, "kpis.json, key total_shortfall: [type]"),
        # JSON's Infinity had been taken, and a comparison's change from it written as 0.
        (_cost_infinite, "kpis.json, key cost: [range] should be a finite number"),
        (
            lambda run: (run / "handover.csv").write_text("region,month\nnorth,2000-13\n"),
            "handover.csv, row 2, column month: [format] month number must be 1..12",
        ),
        (
            lambda run: (run / "costs.csv").write_text(
                "nation,fiscal_year,cost,budget\nZZZ,1999,5,\n"
            ),
            "costs.csv, row 2, column nation: [unknown-nation] no nation 'ZZZ'",
        ),
        (_a_folder_at("kpis.json"), "kpis.json: [not-a-file] a folder, where a file goes"),
        (_a_folder_at("costs.csv"), "costs.csv: [not-a-file] a folder, where a file goes"),
        # Read, a pipe would hang the report waiting for a writer.
        (_a_pipe_at("handover.csv"), "handover.csv: [not-a-file] the file is not a regular"),
    ],
    ids=[
        "no-kpis",
        "kpis-list",
        "kpis-latin-1",
        "kpis-text",
        "kpis-infinite",
        "handover-month",
        "costs-nation",
        "kpis-folder",
        "costs-folder",
        "handover-pipe",
    ],
)
def test_a_spoilt_run_is_bad_input_and_keeps_the_old_report(
    solved: Path, tmp_path: Path, spoil: Callable[[Path], object], message: str
) -> None:
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    for name in ("report.html", "plan.xlsx"):
        (run / name).write_text("earlier")
    spoil(run)
    result = runner.invoke(app, ["report", str(run)])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    for name in ("report.html", "plan.xlsx"):
        assert (run / name).read_text() == "earlier"


def test_a_run_beside_another_scenarios_copy_is_named_as_such(solved: Path, tmp_path: Path) -> None:
    """Its tables' codes were each reported unknown, never saying why."""
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    shutil.rmtree(run / "scenario")
    generate_scenario("S", 0, units=8, regions=2, months=12).to_folder(run / "scenario")
    result = runner.invoke(app, ["report", str(run)])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert (
        "run/assignments.csv: [other-scenario] the plan was made on the scenario "
        "'tiny', not on 'synthetic-S-0' (the run's scenario/ folder)"
    ) in output
    assert "1 error(s)" in output and "unknown-" not in output
    assert not (run / "report.html").exists()


def test_check_and_report_agree_that_text_in_a_number_or_month_column_is_bad_input(
    solved: Path, tmp_path: Path
) -> None:
    """check called it a tour at odds with the scenario (exit 1), report bad input (exit 2)."""
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    tours = pd.read_csv(run / "assignments.csv", dtype=str)
    tours.loc[0, "personnel"] = "lots"
    tours.loc[1, "end"] = "2000-13"
    tours.to_csv(run / "assignments.csv", index=False)
    # Named in the run folder given, by both.
    path = run / "assignments.csv"
    expected = [
        f"{path}, row 2, column personnel: [not-a-number] must be a number (value 'lots')",
        # The message quotes the value: said once.
        f"{path}, row 3, column end: [format] month number must be 1..12, got '2000-13'",
    ]
    for command in (["check", str(TINY), str(run)], ["report", str(run)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        shown = [line.strip().removeprefix("error ") for line in result.output.splitlines()]
        assert [line for line in shown if line.startswith(str(path))] == expected


def test_a_runs_own_broken_model_is_named_in_its_folder(solved: Path, tmp_path: Path) -> None:
    """`model.yaml, line 10` read as a file of the working folder, where the run's other
    files were named in it (a diff reviewer's finding)."""
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    model = run / "model.yaml"
    model.write_text(model.read_text().replace("handover_months: 3", "handover_months: three"))
    for command in (["check", str(TINY), str(run)], ["report", str(run)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert f"error {model}, line " in " ".join(result.output.split()), result.output


def test_compare_refuses_a_kpi_that_is_no_number(solved: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    _shortfall_lots(run)
    result = runner.invoke(app, ["compare", str(solved), str(run)])
    assert result.exit_code == 2, result.output
    assert "kpis.json, key total_shortfall: [type]" in " ".join(result.output.split())


def test_compare_says_which_runs_are_of_other_contents_and_draws_what_is_asked(
    solved: Path, tmp_path: Path
) -> None:
    """Runs of one scenario's name but other contents (a variant, an edited copy) are
    said, not warned of; a figure is HTML or an image its suffix names, or refused."""
    same, edited = tmp_path / "same", tmp_path / "edited"
    shutil.copytree(solved, same)
    shutil.copytree(solved, edited)
    demand = edited / "scenario" / "demand.csv"
    demand.write_text(demand.read_text().replace(",100\n", ",101\n", 1))
    result = runner.invoke(app, ["compare", str(solved), str(same), str(edited)])
    output = " ".join(result.output.split())
    assert result.exit_code == 0 and "warning" not in output
    assert "made on other contents of the scenario than the baseline's" in output
    assert output.split("edited copy): ")[1].startswith("edited ")
    assert "made under" not in output  # one model, as it was
    # In Python, the table says it run by run.
    table = compare_runs([solved, same, edited]).drop_duplicates("run").set_index("run")
    assert table["scenario_as_baseline"].tolist() == [True, True, False]
    # Another model, or its weights edited: said too, each run by name.
    weighed, other = tmp_path / "weighed", tmp_path / "other"
    shutil.copytree(solved, weighed)
    shutil.copytree(solved, other)
    model = weighed / "model.yaml"
    model.write_text(re.sub(r"shortfall: [\d.]+", "shortfall: 20.0", model.read_text(), count=1))
    # Read from a file of its own, named as the bundled one is, which the table names.
    kpis = json.loads((weighed / "kpis.json").read_text()) | {"model_file": "/x/copy.yaml"}
    (weighed / "kpis.json").write_text(json.dumps(kpis))
    kpis = json.loads((other / "kpis.json").read_text()) | {"model": "complex-peacekeeping"}
    (other / "kpis.json").write_text(json.dumps(kpis))
    # Its solver's settings make no other model: a longer time limit, say.
    timed = tmp_path / "timed"
    shutil.copytree(solved, timed)
    (timed / "model.yaml").write_text((timed / "model.yaml").read_text() + "\n# solved again\n")
    result = runner.invoke(app, ["compare", str(solved), str(weighed), str(other), str(timed)])
    output = " ".join(result.output.split())
    assert "made under another model than the baseline's security-keeping: other (" in output
    # The settings it holds otherwise named: a frontier's points differ by their caps.
    assert (
        "made under other rules, weights or settings of security-keeping than the baseline's "
        "(weights.shortfall): weighed (from /x/copy.yaml) made"
    ) in output
    table = compare_runs([solved, weighed, timed]).drop_duplicates("run").set_index("run")
    changes = table["model_changes"]
    assert changes.isna().tolist() == [True, False, True]
    assert changes["weighed"] == "weights.shortfall"
    # Its description edited, or its model.yaml gone, makes no other model to say.
    described, bare = tmp_path / "described", tmp_path / "bare"
    shutil.copytree(solved, described)
    shutil.copytree(solved, bare)
    (bare / "model.yaml").unlink()
    model = described / "model.yaml"
    model.write_text(re.sub(r"description: .*", "description: mine", model.read_text()))
    assert "description: mine" in model.read_text()
    result = runner.invoke(app, ["compare", str(solved), str(described), str(bare)])
    assert "made under" not in result.output, result.output
    # Nor does a model.yaml whose alias names a mapping inside itself: it had recursed.
    looped = tmp_path / "looped"
    shutil.copytree(solved, looped)
    (looped / "model.yaml").write_text("name: x\nloop: &a\n  b: *a\n")
    result = runner.invoke(app, ["compare", str(solved), str(looped)])
    assert result.exit_code == 0 and "made under" not in result.output, result.output
    runs = [solved, weighed, other, timed, described, bare]
    alike = compare_runs(runs).drop_duplicates("run")["model_as_baseline"]
    assert alike.tolist() == [True, False, False, True, True, pd.NA]
    gif = runner.invoke(app, ["compare", str(solved), str(same), "--figure", "x.gif"])
    assert gif.exit_code == 2 and "--figure: [bad-format]" in gif.output
    assert not Path("x.gif").exists()
    # CSV text in a workbook, which Excel would not open.
    book = runner.invoke(app, ["compare", str(solved), str(same), "--out", "x.xlsx"])
    assert book.exit_code == 2 and "--out: [bad-format]" in book.output
    assert not Path("x.xlsx").exists()


@pytest.mark.skipif(not BROWSER.exists(), reason="needs Debian's chromium (make test installs it)")
def test_a_comparison_drawn_as_an_image(solved: Path, tmp_path: Path) -> None:
    figure = tmp_path / "compare.svg"
    result = runner.invoke(app, ["compare", str(solved), str(solved), "--figure", str(figure)])
    assert result.exit_code == 0, result.output
    assert "<svg" in figure.read_text()[:500]


@pytest.mark.skipif(not BROWSER.exists(), reason="needs Debian's chromium (make test installs it)")
def test_static_images(solved: Path, tmp_path: Path) -> None:
    results = Results.from_folder(solved)
    for name in ("coverage", "handover"):
        path = tmp_path / f"{name}.png"
        save_static(FIGURES[name](results), path, scale=1)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    cost = FIGURES["cost"](results)
    # A row per nation and year, each with room for its labels (upright bars overlapped
    # the codes of nations with one bar).
    assert cost.data[0].orientation == "h"
    assert cost.layout.height >= 18 * len(cost.data[0].x)
    svg = tmp_path / "cost.svg"
    save_static(cost, str(svg))  # a path as text, as a notebook gives it
    assert "<svg" in svg.read_text()[:500]
    # A page is write_html's: said before Kaleido starts, not 18 frames into it.
    with pytest.raises(ValueError, match=r"saved as \.png, \.svg or \.pdf, not 'html'"):
        save_static(cost, tmp_path / "cost.html")


@pytest.mark.skipif(not BROWSER.exists(), reason="needs Debian's chromium (make test installs it)")
def test_report_renders_in_chromium(solved: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    run = tmp_path / "run"
    shutil.copytree(solved, run)
    assert runner.invoke(app, ["report", str(run)]).exit_code == 0
    problems: list[str] = []
    remote: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(BROWSER),
            args=BROWSER_ARGS,
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith("file:") else remote.append(r.url))
        page.goto((run / "report.html").as_uri())
        page.wait_for_load_state("load")
        # Rendered: every trace of every figure has its group of SVG elements drawn.
        drawn = """names => names.map(name => {
            const div = document.getElementById(`figure-${name}`);
            return div && div.data ? [div.data.length, div.querySelectorAll('.trace').length]
                               : [0, 0];
        })"""
        page.wait_for_function(
            f"names => ({drawn})(names).every(([data, svg]) => data > 0 && svg >= data)",
            arg=list(FIGURES),
            timeout=30_000,
        )
        counts = page.evaluate(drawn, list(FIGURES))
        assert all(data > 0 and svg >= data for data, svg in counts), counts
        page.screenshot(path=str(run / "report.png"), full_page=True)
        browser.close()
    assert problems == []
    assert remote == []
    assert (run / "report.png").stat().st_size > 10_000


def test_no_nation_is_drawn_in_the_shortfalls_red_or_the_domestic_green() -> None:
    from forcegen.plots import DOMESTIC, NATION_PALETTE, SHORTFALL

    # plotly's second colour, red-orange, sat beside the shortfall on Timor-Leste (NZL).
    assert "#EF553B" not in NATION_PALETTE and "#FB0D0D" not in NATION_PALETTE
    assert "#1CA71C" not in NATION_PALETTE  # Dark24's green
    # Plotly's yellow-green, stacked on the domestic force in Oecusse (KOR).
    assert "#B6E880" not in NATION_PALETTE
    assert SHORTFALL.upper() not in NATION_PALETTE and DOMESTIC.upper() not in NATION_PALETTE
    assert len(NATION_PALETTE) >= 16 and "#636EFA" in NATION_PALETTE


def test_no_two_nations_colours_look_alike() -> None:
    """Timor-Leste's AUS, JOR and FJI were three blues, NZL and PRT two purples: each
    colour is now unlike every other, and the first are D3's own, chosen to be told apart."""
    from itertools import combinations

    from forcegen.plots import NATION_PALETTE, OVER_DEMAND, _unlike

    assert NATION_PALETTE[:3] == ["#1F77B4", "#FF7F0E", "#9467BD"]
    first = NATION_PALETTE[:16]
    assert min(_unlike(a, b) for a, b in combinations(first, 2)) >= 120
    assert min(_unlike(c, OVER_DEMAND) for c in first) >= 120
    assert _unlike("#636EFA", "#2E91E5") < 120  # two of the blues it had (AUS, FJI)
    # Past 16 nations, colours less far apart but each its own: INTERFET's 22 nations had
    # given the 17th to 20th the first four's.
    assert len(NATION_PALETTE) >= 22
    assert min(_unlike(a, b) for a, b in combinations(NATION_PALETTE, 2)) >= 80
    assert min(_unlike(c, OVER_DEMAND) for c in NATION_PALETTE) >= 80


def test_compare_writes_nothing_into_a_run_it_compares(solved: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    kpis = (run / "kpis.json").read_text()
    for option, path in [("--out", run / "kpis.json"), ("--figure", run / "report.html")]:
        result = runner.invoke(app, ["compare", str(solved), str(run), option, str(path)])
        assert result.exit_code == 2, result.output
        assert f"{option}: [overwrites-input] inside the run" in " ".join(result.output.split())
    assert (run / "kpis.json").read_text() == kpis and not (run / "report.html").exists()
    # The baseline is read as much as the runs compared are.
    baseline = ["compare", str(solved), "--baseline", str(run), "--out", str(run / "kpis.json")]
    result = runner.invoke(app, baseline)
    assert result.exit_code == 2 and "[overwrites-input] inside the run" in result.output
    assert (run / "kpis.json").read_text() == kpis


def test_compare_shows_every_digit_and_the_baseline_at_80_columns(
    solved: Path, tmp_path: Path
) -> None:
    runs = []
    for name in ("baseline-budget-scale-0.6", "portugal-leaves-early-budget-1.2", "third"):
        shutil.copytree(solved, tmp_path / name)
        runs.append(str(tmp_path / name))
    kpis = json.loads((tmp_path / "third" / "kpis.json").read_text())
    (tmp_path / "third" / "kpis.json").write_text(json.dumps(kpis | {"cost": 1_357_632_712.0}))
    result = CliRunner().invoke(app, ["compare", *runs], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output and "(baseline)" in result.output
    assert "1,357.6 M" in result.output and max(map(len, result.output.splitlines())) <= 80


def test_compare_of_many_runs_at_80_columns_is_tables_of_whole_figures(
    solved: Path, tmp_path: Path
) -> None:
    """Nine runs in one table at 80 columns folded every figure into slivers of three
    digits (1,7 / 09. / 4): as many tables as the width needs, each figure on one line."""
    runs = []
    for i in range(7):
        runs.append(tmp_path / f"portugal-leaves-early-budget-scale-{i}")
        shutil.copytree(solved, runs[-1])
    result = CliRunner().invoke(app, ["compare", *map(str, runs)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(map(len, lines)) <= 80
    titles = [line for line in lines if line.startswith("KPIs against")]
    assert len(titles) > 1 and titles[-1].endswith(f"({len(titles)} of {len(titles)})")
    # The baseline's column leads each table, its deltas' reference in view.
    assert result.output.count("(baseline)") == len(titles)
    cost = next(line for line in lines if line.startswith("│ cost "))
    shown = f"{json.loads((solved / 'kpis.json').read_text())['cost'] / 1e6:,.1f} M"
    assert shown in cost, cost


def test_compare_marks_one_baseline(solved: Path, tmp_path: Path) -> None:
    shutil.copytree(solved, tmp_path / "b" / "a")
    shutil.copytree(solved, tmp_path / "a")
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "b" / "a"), str(tmp_path / "a")])
    assert result.exit_code == 0 and result.output.count("(baseline)") == 1, result.output
    # A baseline not among the runs has a column of its own: its figures, not only deltas.
    kpis = json.loads((tmp_path / "a" / "kpis.json").read_text())
    (tmp_path / "a" / "kpis.json").write_text(json.dumps(kpis | {"tours": 4321}))
    apart = ["compare", str(tmp_path / "b" / "a"), "--baseline", str(tmp_path / "a")]
    result = CliRunner().invoke(app, apart, env={"COLUMNS": "120"})
    assert result.exit_code == 0 and result.output.count("(baseline)") == 1, result.output
    assert "4,321" in result.output


def test_how_a_plan_was_made_reads_in_words() -> None:
    from forcegen.stats import how_solved

    assert how_solved({"termination": "time_limit", "gap": 0.2578}) == (
        "stopped at the time limit, proven gap 25.78%"
    )
    assert how_solved({"termination": "time_limit", "gap": None}) == (
        "stopped at the time limit, no proven gap"
    )
    assert how_solved({"termination": "hand-made", "gap": None}) == "a hand-made plan, no solver"
    assert how_solved({"termination": "optimal", "gap": 0.004}).startswith("solved to the gap")


def test_a_replans_key_figures_read_as_the_key_figures_do() -> None:
    from forcegen.report.html import _replan_tables

    # kpi_deltas.csv as the workbook reads it back: every row repeats the runs' models.
    deltas = pd.DataFrame(
        {
            "run": "re",
            "model": "security-keeping",
            "baseline_model": "security-keeping",
            "scenario_as_baseline": False,
            "model_as_baseline": True,
            "model_changes": float("nan"),
            "kpi": ["total_shortfall", "cost", "tours", "reserve_share", "gap"],
            "unit": ["effective person-months", "USD", "tours", "of person-months", "of it"],
            "value": [95371.6, 1608253704.29, 112.0, 0.0157, 0.0866],
            "baseline": [74353.4, 1709647090.977, 113.0, 0.0109, float("nan")],
            "delta": [21018.2, -101393386.687, -1.0, 0.0048, float("nan")],
            "delta_pct": [0.2729, -0.0593, -0.0088, 0.4473, float("nan")],
        }
    )
    replan = pd.DataFrame({"field": ["from"], "value": ["2001-01"]})
    table = _replan_tables({"replan": replan, "kpi_deltas": deltas})[1]
    # Each row's cells as the page shows them (no parser of HTML tables is installed).
    cells = [
        [html.unescape(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table["html"], re.S)
    ]
    rows = pd.DataFrame(cells[1:], columns=cells[0])
    # The runs' models said once, above the table, not in a column a row.
    assert list(rows.columns) == ["key figure", "before", "after", "change", "change %", "unit"]
    # The plan replaced is on the scenario before the events: its demand is not the
    # re-plan's (the caption had said both were on the changed one).
    assert table["caption"] == (
        "Both under the model security-keeping, the re-plan on the scenario as the events "
        "changed it, the plan replaced on it as it was."
    )
    shown = rows.set_index("key figure")
    labels = ["Shortfall", "Cost", "Tours", "Reserve share", "Solver's proven gap"]
    assert list(shown.index) == labels
    # Money in millions and people whole, as the key figures give them.
    assert list(shown.loc["Cost", ["before", "after", "change", "change %"]]) == [
        "1,709.6 M",
        "1,608.3 M",
        "-101.3 M",  # as the two figures shown differ (-101.39 M rounded alone read -101.4)
        "-5.9%",
    ]
    # The change of the figures as shown: each rounded alone, it read +21,018.
    assert list(shown.loc["Shortfall", ["before", "after", "change"]]) == [
        "74,353",
        "95,372",
        "+21,019",
    ]
    assert list(shown.loc["Tours", ["before", "after", "change"]]) == ["113", "112", "-1"]
    assert list(shown.loc["Reserve share", ["before", "after", "change"]]) == [
        "1.1%",
        "1.6%",
        "+0.5 pp",
    ]
    assert list(shown.loc["Solver's proven gap", ["before", "after"]]) == ["", "8.66%"]


def test_kpi_deltas_sheet_shows_each_figure_in_its_kind(tmp_path: Path) -> None:
    """One format for the value column had shown a reserve share of 0.0157 as 0.0."""
    from forcegen.report.workbook import _format

    frame = pd.DataFrame(
        {
            "run": ["r", "r"],
            "kpi": ["total_cost", "reserve_share"],
            "value": [1.2e9, 0.0157],
            "delta_pct": [-0.077, 0.054],
        }
    )
    with pd.ExcelWriter(tmp_path / "book.xlsx", engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="kpi_deltas", index=False)
        _format(writer.sheets["kpi_deltas"], frame)
    sheet = openpyxl.load_workbook(tmp_path / "book.xlsx")["kpi_deltas"]
    assert [sheet["C2"].number_format, sheet["C3"].number_format] == ["#,##0", "0.0%"]
    assert sheet["D2"].number_format == "0.0%"


@pytest.mark.parametrize(
    ("failing", "error", "options"),
    [
        ("render", ValueError("a value the page cannot show"), []),
        ("write_workbook", OSError(28, "No space left on device"), []),
        # The figures are drawn after the page and the workbook: those stay as they were too.
        ("save_static", RuntimeError("no Chromium"), ["--static", "png"]),
    ],
)
def test_a_report_that_fails_leaves_the_earlier_one_as_it_was(
    solved: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
    error: Exception,
    options: list[str],
) -> None:
    """report.html, plan.xlsx and the figures are written all or none: a report that
    cannot be made or written leaves the earlier one whole, not a new workbook beside it."""
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    assert runner.invoke(app, ["report", str(run)]).exit_code == 0
    (run / "report.html").write_text("earlier report")
    earlier = {p.name: p.read_bytes() for p in run.iterdir() if p.is_file()}

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(f"forcegen.cli.{failing}", fail)
    result = runner.invoke(app, ["report", str(run), *options])
    output = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and str(error) in output
    assert f"none of the report was put in place in {run}" in output
    assert {p.name: p.read_bytes() for p in run.iterdir() if p.is_file()} == earlier
    assert not (run / "figures").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # no staging folder left


def test_a_runs_tables_hold_twelve_figures_and_no_solvers_noise(tmp_path: Path) -> None:
    # Written to 6 decimals, recruits read back by a re-plan gave a strength short of what
    # the plan had counted on; and 2e-12 is the solver's zero, not a figure to show.
    run = solve_scenario(load_scenario(TINY), load_spec("security-keeping"))
    run.plan.domestic.loc[0, "recruits"] = 100 / 3
    run.plan.coverage.loc[0, "shortfall"] = 2e-12
    run.write(tmp_path / "run")
    domestic = (tmp_path / "run" / "domestic.csv").read_text().splitlines()
    assert domestic[1].split(",")[1] == "33.3333333333"
    coverage = pd.read_csv(tmp_path / "run" / "coverage.csv")
    assert coverage.loc[0, "shortfall"] == 0.0
    # A whole figure keeps its fraction, so it reads back as the float it is in memory.
    assert pd.read_csv(tmp_path / "run" / "costs.csv")["cost"].dtype == "float64"


def test_a_figure_chromium_could_not_draw_at_once_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy machine Kaleido's page ran before its script had loaded: `--static png`
    exited 2 with Chromium's raw reply. Tried again, it is drawn; failing twice, it is said
    in a line."""
    import plotly.graph_objects as go

    tries: list[int] = []
    raw = "{'result': {'type': 'object', 'description': 'ReferenceError: kaleido_scopes is not"

    def late(figure: go.Figure, file: Path, **_: object) -> None:
        tries.append(1)
        if len(tries) in failing:
            raise RuntimeError(raw + " defined" + " ..." * 200)
        Path(file).write_bytes(b"drawn")

    monkeypatch.setattr(go.Figure, "write_image", late)
    failing = {1}
    save_static(go.Figure(), tmp_path / "once.png")
    assert (tmp_path / "once.png").read_bytes() == b"drawn" and len(tries) == 2
    failing = {3, 4}
    with pytest.raises(RuntimeError) as caught:
        save_static(go.Figure(), tmp_path / "never.png")
    said = str(caught.value)
    assert said.startswith("Kaleido (through Chromium) could not draw the figure, twice: ")
    assert len(said) < 400 and not (tmp_path / "never.png").exists()

    # Any other failure is no race: said at once, not tried again.
    def absent(figure: go.Figure, file: Path, **_: object) -> None:
        tries.append(1)
        raise RuntimeError("Kaleido requires Google Chrome to be installed")

    monkeypatch.setattr(go.Figure, "write_image", absent)
    tries.clear()
    with pytest.raises(RuntimeError, match="could not draw the figure: Kaleido requires Google"):
        save_static(go.Figure(), tmp_path / "none.png")
    assert len(tries) == 1
    # Kaleido's own error of its script is no RuntimeError: said as one, not a traceback.
    from kaleido.errors import KaleidoError

    def broken(figure: go.Figure, file: Path, **_: object) -> None:
        raise KaleidoError(500, "the figure's script failed")

    monkeypatch.setattr(go.Figure, "write_image", broken)
    with pytest.raises(RuntimeError, match="Error 500: the figure's script failed"):
        save_static(go.Figure(), tmp_path / "broken.png")


def test_a_runs_tables_are_read_whatever_the_case_of_their_columns(
    tiny: Scenario, tmp_path: Path
) -> None:
    # A run's tables re-saved from a spreadsheet with `Unit` and `Intl_AAA `: the same
    # run to report as to check, and still known as another scenario's where it is one.
    run = tmp_path / "run"
    solve_scenario(tiny, load_spec("security-keeping", tiny)).write(run)
    tours = (run / "assignments.csv").read_text().replace("unit,nation", "Unit,Nation", 1)
    (run / "assignments.csv").write_text(tours)
    cover = (run / "coverage.csv").read_text().replace("intl_AAA", "Intl_AAA ", 1)
    (run / "coverage.csv").write_text(cover)
    results = Results.from_folder(run)
    assert {"unit", "nation"} <= set(results.assignments.columns)
    assert "intl_AAA" in results.coverage.columns
    # A column in two spellings is one given twice, to report as to check.
    header, *rows = (run / "assignments.csv").read_text().splitlines()
    twice = [f"UNIT,{header}", *(f"{row.split(',')[0]},{row}" for row in rows)]
    (run / "twice.csv").write_text("\n".join(twice) + "\n")
    (run / "assignments.csv").rename(run / "kept.csv")
    (run / "twice.csv").rename(run / "assignments.csv")
    for command in (["report", str(run)], ["check", str(TINY), str(run)]):
        said = CliRunner().invoke(app, command).output
        assert "[duplicate-column] column 'UNIT' appears 2 times" in said, said
        assert "[missing-column]" not in said
    (run / "kept.csv").replace(run / "assignments.csv")
    timor = Path(__file__).parent.parent / "data" / "timor-leste-1999"
    result = CliRunner().invoke(app, ["check", str(timor), str(run)])
    errors = [line for line in result.output.splitlines() if " error " in f" {line} "]
    assert result.exit_code == 2 and len(errors) == 1 and "[other-scenario]" in errors[0], errors


def test_a_plan_shows_itself_in_a_line(solved: Path) -> None:
    # In a notebook's cell a run wrote its model's data whole (2.6 million characters on
    # Timor-Leste), a scenario every row of every table.
    results = Results.from_folder(solved)
    shown = repr(results)
    assert shown.startswith("Results(scenario tiny, model security-keeping, tours 4, ")
    assert f"; assignments {len(results.assignments)} rows, coverage " in shown
    # Its figures as the terminal says them: the gap a percentage, not 0.0046.
    kpis = results.kpis
    assert f"cost {kpis['cost'] / 1e6:,.1f} M, " in shown
    assert f"total_shortfall {kpis['total_shortfall']:,.0f}, " in shown
    assert f"gap {kpis['gap']:.2%};" in shown, shown
    assert len(shown) < 300
    assert repr(results.scenario) == (
        "Scenario('tiny': 12 months from 2000-01, 2 regions, 4 tasks, 2 nations, 4 units, "
        "4 demand rows)"
    )
    assert str(results.scenario) == repr(results.scenario)  # print() had every row
    run = solve_scenario(results.scenario, "security-keeping", {"gap": 0})
    assert repr(run) == f"Run(termination optimal, solution optimal: {run.plan!r})"
    assert repr(run.plan).startswith("Plan(scenario tiny, model security-keeping, tours 4, ")


def test_a_long_region_name_is_two_lines_its_note_smaller(solved: Path) -> None:
    # Wrapped whole, Oecusse's second line ran into the chart below its title.
    results = Results.from_folder(solved)
    regions = tuple(
        r.model_copy(update={"name": "Oecusse (enclave in West Timor)"})
        if r.region == "north"
        else r
        for r in results.scenario.regions
    )
    named = dataclasses.replace(
        results, scenario=results.scenario.model_copy(update={"regions": regions})
    )
    titles = [a.text for a in FIGURES["coverage"](named).layout.annotations]
    assert "Oecusse<br><sup>(enclave in West Timor)</sup>" in titles
    from forcegen.plots import _two_lines

    # A long name before its bracket is wrapped still.
    long = "Special Administrative Region of Oecusse-Ambeno (enclave)"
    assert _two_lines(long).startswith("Special Administrative<br>Region of Oecusse-Ambeno<br>")


def test_the_rotation_shows_tours_past_the_horizons_end_and_marks_it(solved: Path) -> None:
    # The axis ended with the horizon, cutting off the months a tour is still paid for.
    results = Results.from_folder(solved)
    tours = results.assignments.copy()
    tours.loc[0, ["start", "end"]] = ["2000-10", "2001-03"]
    figure = FIGURES["rotation"](dataclasses.replace(results, assignments=tours))
    assert list(figure.layout.xaxis.range) == ["2000-01-01", "2001-04-01"]
    (marker,) = figure.layout.shapes
    assert marker.x0 == marker.x1 == "2001-01-01"
    assert [a.text for a in figure.layout.annotations] == ["horizon's end"]


def test_a_long_rotation_has_its_dates_above_it_too(
    solved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """L's rotation is a thousand rows, 14,000 px, its dates at the bottom alone: a planner
    halfway down could not tell which year a bar was in. Above it, each date is its own
    (an overlaying axis's default ticks had labelled the bottom's positions a year off)."""
    import forcegen.plots

    results = Results.from_folder(solved)
    assert "xaxis2" not in FIGURES["rotation"](results).layout  # four units: no need
    monkeypatch.setattr(forcegen.plots, "DATES_ON_TOP", 3)
    figure = FIGURES["rotation"](results)
    top = figure.layout.xaxis2
    assert (top.side, top.overlaying, top.type, top.tickmode) == ("top", "x", "date", "auto")
    assert list(top.range) == list(figure.layout.xaxis.range)
    (unseen,) = [trace for trace in figure.data if trace.xaxis == "x2"]
    assert unseen.showlegend is False and unseen.marker.opacity == 0


def generated_rotation(hand: Results, units: int) -> Results:
    """A generated scenario of `units` units (five nations, N01 the half of them), each on
    a tour of its own: a large plan without a solve."""
    scenario = generate_scenario("S", 0, units=units)
    tours = pd.DataFrame(
        [
            (u.unit, u.nation, u.component, u.type, "border_control", "R01", "2030-01",
             "2030-06", u.personnel, "2030-01", "2030-01")
            for u in scenario.units
        ],
        columns=list(st.COLUMNS["assignments"]),
    )  # fmt: skip
    return dataclasses.replace(hand, scenario=scenario, assignments=tours)


def rows_by_nation(scenario: Scenario) -> dict[str, list[str]]:
    """The rotation's rows of each nation's units, in the figure's order."""
    rows: dict[str, list[str]] = {}
    for u in sorted(scenario.units, key=lambda u: (u.nation, u.unit)):
        rows.setdefault(u.nation, []).append(f"{u.nation} · {u.unit}")
    return rows


def drawn_rows(figure: go.Figure) -> set[str]:
    """The rows the rotation's bars are drawn on."""
    return {row for trace in figure.data if trace.type == "bar" for row in trace.y}


def test_the_rotation_of_some_nations_shows_their_units_alone(hand: Results) -> None:
    """A notebook's rotation of the nations it asks for, in the figure's order whatever
    the order asked; one nation given as text is that nation, not its letters."""
    results = generated_rotation(hand, 120)
    rows = rows_by_nation(results.scenario)
    figure = rotation_gantt(results, nations=["N04", "N02", "N04"])
    assert list(figure.layout.yaxis.categoryarray) == rows["N02"] + rows["N04"]
    assert drawn_rows(figure) == {*rows["N02"], *rows["N04"]}
    assert figure.layout.title.text == "Rotation: tours by unit of N04, N02"
    assert not figure.layout.updatemenus  # 28 units
    assert list(rotation_gantt(results, nations="N03").layout.yaxis.categoryarray) == rows["N03"]
    known = "the scenario's are N01, N02, N03, N04, N05"
    with pytest.raises(ValueError, match=f"no nation 'AUS', 'n01'; {known}"):
        rotation_gantt(results, nations=["N01", "AUS", "n01"])
    with pytest.raises(ValueError, match=f"no nation given; {known}"):
        rotation_gantt(results, nations=[])


def test_a_large_rotation_shows_one_nation_at_a_time(hand: Results) -> None:
    """L's rotation was a row for each of its thousand units, 14,000 px: past
    `ONE_NATION_AT_A_TIME` units a menu shows one nation's at a time, the nation of most
    units first, the figure as tall as its rows, not all of them."""
    results = generated_rotation(hand, ONE_NATION_AT_A_TIME + 40)
    rows = rows_by_nation(results.scenario)
    figure = rotation_gantt(results)
    (menu,) = figure.layout.updatemenus
    assert [b.label for b in menu.buttons] == [f"{n} ({len(r)} units)" for n, r in rows.items()]
    for button, (nation, mine) in zip(menu.buttons, rows.items(), strict=True):
        view = button.args[0]
        assert button.method == "relayout"
        # Its rows first and the range those rows: plotly puts the others after them.
        assert view["yaxis.categoryarray"] == mine
        assert view["yaxis.range"] == [len(mine) - 0.5, -0.5]
        assert view["height"] == max(400, ROW * len(mine) + 150) + MENU_MARGIN - TOP_MARGIN
        assert view["title.text"].startswith(f"Rotation: tours by unit of {nation}, ")
        assert f"{len(mine)} of 120 units" in view["title.text"]
    # Every unit's bars are drawn, the menu choosing which are on view.
    assert drawn_rows(figure) == {row for mine in rows.values() for row in mine}
    # Shown first, as a static image shows it: N01, of 60 units.
    assert menu.buttons[menu.active].label == "N01 (60 units)"
    shown = menu.buttons[menu.active].args[0]
    layout = figure.layout
    assert list(layout.yaxis.categoryarray) == shown["yaxis.categoryarray"] == rows["N01"]
    assert list(layout.yaxis.range) == shown["yaxis.range"]
    assert layout.title.text == shown["title.text"]
    tallest = ROW * 60 + 150 + MENU_MARGIN - TOP_MARGIN
    assert layout.height == max(b.args[0]["height"] for b in menu.buttons) == tallest
    # Its dates above it (60 rows), their axis drawn for a row on view.
    (unseen,) = [trace for trace in figure.data if trace.xaxis == "x2"]
    assert unseen.y[0] in rows["N01"]


def test_a_nation_without_a_tour_is_said_so_in_the_rotations_menu(hand: Results) -> None:
    """A greedy L plan left seven nations at home: their views were blank rows, the menu
    saying nothing of it."""
    results = generated_rotation(hand, ONE_NATION_AT_A_TIME + 40)
    tours = results.assignments
    idle = dataclasses.replace(results, assignments=tours[tours["nation"] != "N05"])
    (menu,) = rotation_gantt(idle).layout.updatemenus
    said = {b.label.split(" ")[0]: b.label for b in menu.buttons}
    assert said["N05"].endswith("units, no tour)")
    assert [n for n, label in said.items() if "no tour" in label] == ["N05"]


def test_a_large_rotation_is_an_image_a_nation_besides_the_largest(
    hand: Results, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An image has no menu: `report --static` drew the nation of most units alone, and a
    planner had no image of another's rotation. Each nation's view is an image of its own
    (`rotation-N01.png`), without the menu or its room, and an earlier plan's go."""
    results = generated_rotation(hand, ONE_NATION_AT_A_TIME + 40)
    rows = rows_by_nation(results.scenario)
    figure = rotation_gantt(results)
    views = nation_views(figure)
    assert list(views) == list(rows)
    for nation, view in views.items():
        assert list(view.layout.yaxis.categoryarray) == rows[nation]
        assert view.layout.title.text.startswith(f"Rotation: tours by unit of {nation}, ")
        assert not view.layout.updatemenus
        assert "nation" not in {a.text for a in view.layout.annotations}
        assert view.layout.height == max(400, ROW * len(rows[nation]) + 150)
    assert figure.layout.updatemenus  # the figure itself keeps its menu
    assert nation_views(rotation_gantt(hand)) == {}
    # Written by `report --static`, each image named after its nation.
    run = tmp_path / "run"
    write_folder(results.scenario, tmp_path / "scenario")
    (tmp_path / "plan").mkdir()
    results.assignments[["unit", "task", "region", "start"]].to_csv(
        tmp_path / "plan" / "assignments.csv", index=False
    )
    made = ["evaluate", str(tmp_path / "scenario"), str(tmp_path / "plan"), "--out", str(run)]
    assert runner.invoke(app, made).exit_code == 1  # its ceilings broken, a run all the same
    drawn: list[str] = []

    def draw(figure: go.Figure, path: str | Path, **_: object) -> None:
        drawn.append(figure.layout.title.text.split(",")[0])
        Path(path).parent.mkdir(exist_ok=True)
        Path(path).write_text("image")

    monkeypatch.setattr("forcegen.cli.save_static", draw)
    (run / "figures").mkdir()
    (run / "figures" / "rotation-N99.png").write_text("an earlier plan's nation")
    for _ in range(2):  # the second over the first's images, as a planner runs it again
        reported = runner.invoke(app, ["report", str(run), "--static", "png"])
        assert reported.exit_code == 0, reported.output
    images = sorted(p.name for p in (run / "figures").iterdir())
    assert images == sorted(
        [f"{name}.png" for name in FIGURES] + [f"rotation-{n}.png" for n in rows]
    )
    assert f"Figure written to {run / 'figures' / 'rotation-N05.png'}" in reported.output
    assert drawn.count("Rotation: tours by unit of N01") == 4  # the figure and its view, twice


def test_a_rotation_within_the_threshold_or_of_one_nation_has_no_menu(hand: Results) -> None:
    at = rotation_gantt(generated_rotation(hand, ONE_NATION_AT_A_TIME))
    assert not at.layout.updatemenus
    assert len(at.layout.yaxis.categoryarray) == ONE_NATION_AT_A_TIME
    assert at.layout.height == ROW * ONE_NATION_AT_A_TIME + 150
    assert not rotation_gantt(hand).layout.updatemenus
    # One nation's 97 units: no other nation to choose.
    results = generated_rotation(hand, 200)
    alone = rotation_gantt(results, nations="N01")
    assert not alone.layout.updatemenus
    assert list(alone.layout.yaxis.categoryarray) == rows_by_nation(results.scenario)["N01"]


@pytest.mark.skipif(not BROWSER.exists(), reason="needs Debian's chromium (make test installs it)")
def test_the_rotations_menu_shows_the_nation_chosen_in_chromium(
    hand: Results, tmp_path: Path
) -> None:
    """The menu's choice drawn by plotly.js: the rows on view are that nation's units, not
    the other nations' that plotly places after them."""
    from playwright.sync_api import sync_playwright

    results = generated_rotation(hand, ONE_NATION_AT_A_TIME + 40)
    rows = rows_by_nation(results.scenario)
    page_path = tmp_path / "rotation.html"
    rotation_gantt(results).write_html(page_path, include_plotlyjs=True, div_id="rotation")
    ticks = "() => [...document.querySelectorAll('#rotation .ytick text')].map(t => t.textContent)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(BROWSER), args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_path.as_uri())
        page.wait_for_function("() => document.getElementById('rotation')._fullLayout")
        assert sorted(page.evaluate(ticks)) == rows["N01"]
        for nation in ("N03", "N05"):
            page.click("#rotation .updatemenu-header-group")
            page.locator("#rotation .updatemenu-dropdown-button", has_text=f"{nation} (").click()
            page.wait_for_function(
                f"() => ({ticks})().every(t => t.startsWith('{nation} '))", timeout=10_000
            )
            # Every name on its axis: none left off for want of room.
            assert sorted(page.evaluate(ticks)) == rows[nation]
        browser.close()


@pytest.mark.skipif(not BROWSER.exists(), reason="needs Debian's chromium (make test installs it)")
def test_a_tables_words_are_not_broken_at_their_hyphens_in_chromium(
    hand: Results, tmp_path: Path
) -> None:
    """A unit, a month or a number is one word: at 1366 px the re-plan's 13 columns broke
    AUS-inf-1 as AUS- over inf-1 and 2001-09 as 2001- over 09. Prose still wraps."""
    from playwright.sync_api import sync_playwright

    from forcegen.report.html import render

    page_path = tmp_path / "report.html"
    page_path.write_text(render(hand), encoding="utf-8")
    lines = """words => [...document.querySelectorAll('table.table td')].filter(td => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return /\\s/.test(td.textContent.trim()) !== words && range.getClientRects().length > 1;
    }).map(td => td.textContent)"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(BROWSER), args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 500, "height": 900})
        page.goto(page_path.as_uri())
        assert page.evaluate(lines, True) == []
        # Why a unit is left at home, a sentence, on several lines of its column.
        assert any(" " in text for text in page.evaluate(lines, False))
        browser.close()


@pytest.mark.skipif(not BROWSER.exists(), reason="needs Debian's chromium (make test installs it)")
def test_a_tables_sentences_keep_a_readable_width_at_800_px_in_chromium(
    hand: Results, tmp_path: Path
) -> None:
    """At 800 px the units left at home scroll sideways, and the browser had squeezed why
    each is left there to its longest word: a column 92 px wide, rows 457 px tall on
    Timor-Leste. A sentence (past 60 characters) keeps 20rem (320 px), a few lines."""
    from playwright.sync_api import sync_playwright

    from forcegen.report.html import render

    page_path = tmp_path / "report.html"
    page_path.write_text(render(hand), encoding="utf-8")
    sentences = """() => [...document.querySelectorAll('table.table td')]
        .filter(td => td.textContent.trim().length > 60)
        .map(td => [td.getBoundingClientRect().width, td.getBoundingClientRect().height,
                    parseFloat(getComputedStyle(td).fontSize)])"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(BROWSER), args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 800, "height": 900})
        page.goto(page_path.as_uri())
        cells = page.evaluate(sentences)
        browser.close()
    assert cells  # why a unit is left at home
    for width, height, font in cells:
        assert width >= 320
        assert height <= 10 * font  # six lines at most


@pytest.mark.skipif(not BROWSER.exists(), reason="needs Debian's chromium (make test installs it)")
@pytest.mark.parametrize("width", [800, 1280])
def test_a_panels_dates_keep_apart_from_the_next_panels_in_chromium(
    hand: Results, tmp_path: Path, width: int
) -> None:
    """The ceiling's panels sat 0.06 of the figure apart, the cover's 0.067: at 800 px a
    generated plan's 2033 ran into the next panel's 2030 (read 20332030), and tiny's Jan
    2001 touched Jan 2000 at 1280 px. Each panel's dates end 4 px before the next one's."""
    from playwright.sync_api import sync_playwright

    from forcegen.report.html import render

    page_path = tmp_path / "report.html"
    page_path.write_text(render(hand), encoding="utf-8")
    spans = """name => [...document.querySelectorAll(`#figure-${name} .subplot`)].map(s => {
        const boxes = [...s.querySelectorAll('.xaxislayer-above text')]
            .map(t => t.getBoundingClientRect()).filter(r => r.width > 0);
        return boxes.length ? [Math.round(Math.min(...boxes.map(r => r.top))),
            Math.min(...boxes.map(r => r.left)), Math.max(...boxes.map(r => r.right))] : null;
    }).filter(span => span)"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(BROWSER), args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(page_path.as_uri())
        found = {name: page.evaluate(spans, name) for name in ("coverage", "ceiling")}
        browser.close()
    for name, panels in found.items():
        assert len(panels) >= 2, name  # tiny's two regions, its two nations: a row
        rows: dict[int, list[tuple[float, float]]] = {}
        for top, left, right in panels:
            rows.setdefault(top // 40, []).append((left, right))
        for row in rows.values():
            row.sort()
            gaps = [after[0] - before[1] for before, after in pairwise(row)]
            assert all(gap >= 4 for gap in gaps), (name, width, gaps)


def test_a_long_verdict_shows_its_first_lines_and_folds_the_rest(solved: Path) -> None:
    """A broken L plan's 586 lines, each a list item, pushed the first figure 12,000 px
    down the page; the headline counts each rule, the lines past the first are folded."""
    from forcegen.report.html import Verdict, render

    lines = [f"[dwell] unit {i}" for i in range(20)]
    page = render(Results.from_folder(solved), Verdict(False, "The plan breaks...", lines))
    verdict = page[page.index('<section id="verdict">') :].split("</section>")[0]
    shown, folded = verdict.split("<details>")
    assert shown.count("<li>") == Verdict.SHOWN and "[dwell] unit 11</li>" in shown
    assert folded.startswith(f"<summary>{20 - Verdict.SHOWN} more line(s)</summary>")
    assert folded.count("<li>") == 20 - Verdict.SHOWN and "[dwell] unit 19</li>" in folded
    short = render(Results.from_folder(solved), Verdict(False, "...", lines[:3]))
    assert "<details>" not in short[short.index('<section id="verdict">') :].split("</section>")[0]


def test_a_broken_plans_report_says_so_above_its_key_figures(solved: Path) -> None:
    """The key figures of a plan that breaks hard rules read as a plan's, the verdict only
    below them (a report reader's review): the header says it first, linking the verdict;
    a plan that keeps them says nothing there."""
    from forcegen.report.html import Verdict, render

    results = Results.from_folder(solved)
    broken = render(results, Verdict(False, "The plan breaks hard rules: 2 dwell.", ["[dwell]"]))
    header = broken[broken.index("<header>") : broken.index('<section id="key-figures">')]
    assert (
        '<p class="broken-plan"><a href="#verdict">The plan breaks hard rules: 2 dwell.</a> '
        "Its figures are not a plan's that may be carried out.</p>"
    ) in header
    kept = render(results, Verdict(True, "The plan keeps every hard rule.", []))
    # (Tiny's warning of a third nation asked, before the solve, is shown in that style.)
    assert '<p class="broken-plan"><a href="#verdict">' not in kept
    assert '<p class="broken-plan"><a href="#verdict">' not in render(results, None)


def test_compare_gives_the_checkers_verdict_on_each_plan(
    solved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan that breaks a hard rule (a planner's, an edited run) shows figures no plan
    within the rules reaches: the comparison says so, run by run, and where the checker
    cannot judge a run (no model.yaml), that too. Before, kpis.json's figures stood beside
    the others without a word."""
    edited, bare = tmp_path / "edited", tmp_path / "bare"
    shutil.copytree(solved, edited)
    shutil.copytree(solved, bare)
    (bare / "model.yaml").unlink()
    tours = edited / "assignments.csv"
    lines = tours.read_text().splitlines(keepends=True)
    # A second tour of a unit on the same months: a unit in two places.
    assert ",infantry,aid_escort,south," in lines[1]
    second = lines[1].replace(",aid_escort,south,", ",border_control,north,")
    tours.write_text("".join([*lines, second]))
    table = compare_runs([solved, edited, bare]).drop_duplicates("run").set_index("run")
    broken = check_plan(load_scenario(edited / "scenario"), edited / "model.yaml", edited)
    assert table["violations"].tolist() == [0, len(broken.violations), pd.NA]
    # The tiny model's optimum takes min-nations' price (a soft rule).
    assert table.loc["run", "verdict"] == "holds every hard rule; soft rules broken: min-nations 1"
    said = str(table.loc["edited", "verdict"])
    assert said.startswith("breaks ceiling (4), dwell (1), table-mismatch ("), said
    assert table.loc["bare", "verdict"] == "not judged: the run keeps no model.yaml"
    assert table["baseline_violations"].tolist() == [0, 0, 0]
    # Wide enough for the three runs in one table, beside the units' column.
    compared = ["compare", str(solved), str(edited), str(bare)]
    result = runner.invoke(app, compared, env={"COLUMNS": "100"})
    output = " ".join(result.output.split())
    assert result.exit_code == 0, output
    assert f"hard rules │ │ held │ {len(broken.violations)} violation(s) │ not judged" in output
    assert "edited breaks ceiling (4), dwell (1)" in output
    assert "its figures are not a plan's that may be carried out" in output
    assert f"forcegen check {edited / 'scenario'} {edited} says where" in output
    assert "bare: not judged: the run keeps no model.yaml" in output
    # A baseline apart from the runs is judged too.
    result = runner.invoke(app, ["compare", str(solved), "--baseline", str(edited)])
    output = " ".join(result.output.split())
    assert "edited (baseline) breaks ceiling (4)" in output
    assert f"{len(broken.violations)} violation(s) │ held" in output
    # Listed too, and given as typed: named once.
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["compare", "bare", "edited", "--baseline", "./edited"])
    assert result.output.count("breaks ceiling (4)") == 1, result.output
    # The figure's legend says it of each run, where the figure goes into a brief.
    names = {bar.name for bar in comparison_figure(table.reset_index()).data}
    assert names == {"run", "edited (breaks hard rules)", "bare (not judged)"}
    # A copy of the scenario that cannot be read is named in the run, not as the source's.
    damaged = tmp_path / "damaged"
    shutil.copytree(solved, damaged)
    (damaged / "scenario" / "units.csv").write_text("unit\n")
    [said] = compare_runs([solved, damaged]).drop_duplicates("run")["verdict"].tolist()[1:]
    assert said.startswith(f"not judged: {damaged / 'scenario' / 'units.csv'}"), said
    # A table left out is judged without, and said: "holds every hard rule" read as whole.
    partial = tmp_path / "partial"
    shutil.copytree(solved, partial)
    (partial / "costs.csv").unlink()
    [said] = compare_runs([solved, partial]).drop_duplicates("run")["verdict"].tolist()[1:]
    assert said.startswith("holds every hard rule; not checked: cost recomputation"), said


def _notes_of(book: Path) -> dict[tuple[str, str], str | None]:
    """Each header cell's note in the workbook at `book`, by sheet and column."""
    return {
        (sheet.title, str(cell.value)): cell.comment.text if cell.comment else None
        for sheet in openpyxl.load_workbook(book).worksheets
        for cell in sheet[1]
    }


def test_every_column_of_the_workbook_says_what_it_holds(solved: Path, tmp_path: Path) -> None:
    """A planner reading plan.xlsx alone had to guess that coverage's `domestic` is a head
    count beside effective personnel, what currency the costs are in and which months a
    fiscal year holds: every header cell of every sheet, a re-plan's too, has a note, and
    the first sheet lists each sheet and column with the same note. A column added without
    one fails here."""
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    events = tmp_path / "events.yaml"
    events.write_text(
        "events:\n  - {kind: withdraw, nation: BBB, announced: 2000-08, notice_months: 1}\n"
    )
    replanned = tmp_path / "replan"
    replan = ["replan", str(TINY), str(run), "--from", "2000-08", "--events", str(events)]
    result = runner.invoke(app, [*replan, "--out", str(replanned), "--quiet"])
    assert result.exit_code == 0, result.output
    for folder in (run, replanned):
        assert runner.invoke(app, ["report", str(folder)]).exit_code == 0
        book = folder / "plan.xlsx"
        notes = _notes_of(book)
        assert [column for column, note in notes.items() if not note] == []
        # Opened where a reader mailed it alone starts: a line on each sheet (the column
        # blank), then each sheet's columns with their notes, in the sheets' order.
        titles = openpyxl.load_workbook(book, read_only=True).sheetnames
        assert titles[0] == "about"
        about = pd.read_excel(
            book, sheet_name="about", dtype=str, keep_default_na=False, na_values=[""]
        )
        sheets = about[about["column"].isna()]
        assert sheets["sheet"].tolist() == titles and sheets["meaning"].notna().all()
        columns = about[about["column"].notna()]
        listed = zip(columns["sheet"], columns["column"], columns["meaning"], strict=True)
        assert {(sheet, column): meaning for sheet, column, meaning in listed} == notes
    assert {"replan", "diff", "kpi_deltas"} <= set(titles)
    notes = _notes_of(replanned / "plan.xlsx")
    # A head count beside effective personnel, said as such.
    assert "a head count (not effective personnel" in str(notes[("coverage", "domestic")])
    assert "in effective personnel" in str(notes[("cover_by_contributor", "domestic")])
    # Money names the scenario's currency; tiny's fiscal year runs from July.
    for sheet in ("costs", "cost_against_budget"):
        assert "in USD" in str(notes[(sheet, "cost")]) + str(notes[(sheet, "budget")])
        assert "1999 is July 1999 to June 2000" in str(notes[(sheet, "fiscal_year")])
    assert "in USD" in str(notes[("burden_sharing", "cost")])
    assert "(2000-01 is 0)" in str(notes[("handover", "months_from_start")])
    assert "all its components together" in str(notes[("deployed", "ceiling")])
    assert "month of its peak" in str(notes[("burden_sharing", "ceiling")])
    assert "not the mission's whole demand" in str(notes[("pipeline", "open_demand")])
    assert str(notes[("coverage", "intl_AAA")]).startswith("Cover by AAA's tours")
    assert str(notes[("cover_by_contributor", "AAA")]).startswith("AAA's cover")


def test_a_workbook_evaluated_unchanged_is_its_plan_without_a_word(
    solved: Path, tmp_path: Path
) -> None:
    """The about sheet and the notes on the headers are written for the planner: the
    workbook evaluated as written is the plan it was written from, with no warning of a
    sheet the plan does not read or of anything beside its tables."""
    run = tmp_path / "run"
    shutil.copytree(solved, run)
    assert runner.invoke(app, ["report", str(run)]).exit_code == 0
    out = tmp_path / "again"
    result = runner.invoke(app, ["evaluate", str(TINY), str(run / "plan.xlsx"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    # The one warning is the model's, of a third nation asked of tiny's two.
    assert "1 warning(s)" in result.output and "[short-of-nations]" in result.output
    for name in ("assignments", "coverage", "domestic", "costs", "handover"):
        pd.testing.assert_frame_equal(
            pd.read_csv(out / f"{name}.csv"), pd.read_csv(run / f"{name}.csv"), obj=name
        )


def test_the_gantts_hover_says_a_unit_redeployed_in_theatre(hand: Results) -> None:
    """A tour cut short and the one its unit goes on with, the month after, in the same
    call-up: each hover says so, where two bars end to end with no dwell between read as a
    tour moved up against another, a dwell forgotten."""
    tours = TOURS.copy()
    tours.loc[0, "end"] = "2000-03"  # AAA-inf-1 cut short in the north ...
    redeployed = {**tours.loc[0], "task": "aid_escort", "region": "south", "start": "2000-04"}
    redeployed |= {"end": "2000-06", "counts_from": "2000-04"}  # ... goes on in the south
    tours = pd.concat([tours, pd.DataFrame([redeployed])], ignore_index=True)
    figure = rotation_gantt(dataclasses.replace(hand, assignments=tours))
    hovers = {
        str(said[0])
        for trace in figure.data
        for unit, said in zip(trace.y, trace.customdata, strict=True)
        if unit == "AAA · AAA-inf-1"
    }
    assert hovers == {
        "border_control in north, cut short, its unit redeployed in theatre to aid_escort in south",
        "aid_escort in south, redeployed in theatre from border_control in north: its call-up "
        "of 2000-01 going on, no trip home",
    }
    # A tour of a call-up of its own says nothing of the kind.
    other = {str(c[0]) for t in figure.data for u, c in zip(t.y, t.customdata, strict=True)}
    assert "border_control in north" in other


def test_the_about_sheet_says_what_a_redeployed_rows_before_columns_are() -> None:
    """A redeployed row of the diff sheet gives where its unit was in its before columns:
    the tour it goes on from, which has a row of its own, counted there."""
    from forcegen.report.about import SHEETS

    assert "redeployed in theatre, which ends with its call-up" in SHEETS["assignments"][1]["end"]
    assert "see redeployed_from" in SHEETS["assignments"][1]["mobilized_from"]
    columns = SHEETS["diff"][1]
    assert (
        "For one redeployed, where its unit was: the region of the tour it goes on from "
        "(that tour's own row, most often curtailed, is the one counted before), or, "
        "starting when it does, of the tour a reserve stood down in training was to serve."
    ) in columns["region_before"]
    assert columns["start_before"].endswith("For one redeployed, the tour it goes on from's.")
    assert columns["end_before"].endswith(
        "For one redeployed, the month the tour it goes on from ends, cut short (the planned "
        "end of the tour a reserve stood down in training was to serve)."
    )
    assert columns["task_after"].startswith("The task it was retasked or redeployed to")


def test_a_replans_header_says_its_shortfall_from_its_month_on() -> None:
    """Timor-Leste re-planned from 2001-03: the terminal said 22,585 short from then on,
    at worst 2,912 in 2001-09, the report only the horizon's 73,353 and 9,269 in 1999-09,
    long past. The header says the re-plan's, the months before it left out by hand."""
    from forcegen.report.html import _replanned

    record = pd.DataFrame(
        {"field": ["from", "base_run", "event", "event"], "value": ["2000-03", "r", "a", "b"]}
    )
    coverage = pd.DataFrame(
        {
            "month": ["2000-01", "2000-02", "2000-03", "2000-04", "2000-04"],
            "shortfall": [50.0, 0.0, 10.0, 20.0, 10.0],
        }
    )
    assert _replanned(record, coverage) == (
        "A re-plan from 2000-03 after 2 events: its record follows the independent check. "
        "From 2000-03 on: shortfall 40 effective person-months, peak 30 in 2000-04 "
        "(the key figures are the whole horizon's)."
    )
    kept = coverage.assign(shortfall=[50.0, 0.0, 0.0, 0.0, 0.0])
    assert "From 2000-03 on: no shortfall (the key" in _replanned(record[:2], kept)
    assert _replanned(record[:2], kept).startswith("A re-plan from 2000-03 with no event:")


def test_the_units_left_at_home_say_what_each_figure_counts(hand: Results) -> None:
    """Timor-Leste's AUS-eng-1: months wanted 45, ceiling full 10, budget spent 0, could
    cover 90: the last three read as shares or units. Months, and personnel, are said."""
    from forcegen.report.html import render

    page = render(hand)
    table = page[page.index("Units left at home, and why") :].split("</table>")[0]
    headings = re.findall(r"<th [^>]*>([^<]*)</th>", table)
    assert headings == [
        *("unit", "nation", "type", "component", "personnel", "months wanted"),
        *("of them, ceiling full", "of them, budget spent"),
        *("could cover (effective personnel)", "cost a month (USD)", "why"),
    ]


def test_a_replans_tours_not_kept_say_which_the_events_forced() -> None:
    """Timor-Leste re-planned: the terminal said 38 changed, 13 of them tours the events
    broke; the report listed 38 rows and a column to count by hand. Here, of a tour moved
    (broken), one cancelled (not) and one added, 3 changed, 1 the events broke."""
    from forcegen.fileformat import REPLAN_SHEET
    from forcegen.replan.diff import DIFF_COLUMNS
    from forcegen.report.html import _replan_tables

    rows = [
        ("kept", "a1", None),
        ("curtailed", "a2", "availability"),
        ("moved", "a3", "ceiling"),
        ("cancelled", "a4", None),
        ("added", "a5", None),
    ]
    diff = pd.DataFrame(
        [
            {"change": change, "unit": unit, "broken_by_events": broke}
            for change, unit, broke in rows
        ],
        columns=DIFF_COLUMNS,
    )
    record = pd.DataFrame({"field": ["from", "event"], "value": ["2000-03", "{kind: x}"]})
    tables = _replan_tables({REPLAN_SHEET: record, "diff": diff})
    assert tables[-1]["caption"] == (
        "3 changed by the re-plan, 1 of them tours the events broke (broken by events); "
        "1 curtailed and 0 stood down (mobilized, never to deploy) by the events."
    )
    quiet = _replan_tables({REPLAN_SHEET: record[:1], "diff": diff})
    assert "tours the scenario as it stands broke" in quiet[-1]["caption"]


def test_the_workbook_says_why_a_unit_stays_home_as_the_report_does_under_the_model(
    tmp_path: Path,
) -> None:
    """plan.xlsx judged the units left at home without the model, the report under it: a
    unit the model's hard nations per region held home was "the plan's choice" in the
    workbook, mailed alone, and the coalition's rule in the report. Both now say the
    rule, from one table worked out once."""
    from tests.factory import nation, scenario, spec, unit, with_rules

    case = scenario(
        months=6,
        nations=[nation("A"), nation("B"), nation("C")],
        units=[unit("a"), unit("b", nation="B"), unit("c", nation="C")],
        demand=[("r", "guard", 0, 5, 300)],
    )
    model = with_rules(spec(), coalition={"max_nations_per_region": 2})
    run = solve_scenario(case, model)
    folder = tmp_path / "run"
    run.write(folder)
    result = runner.invoke(app, ["report", str(folder)])
    assert result.exit_code == 0, result.output
    serving = ", ".join(sorted(set(run.plan.assignments["nation"])))
    why = (
        "the coalition's nations per region (coalition.max_nations_per_region 2, hard): each "
        "region where a whole tour of it would fit and cover a shortfall has 2 other "
        f"nation(s) there over the horizon (r: {serving})"
    )
    sheet = pd.read_excel(folder / "plan.xlsx", sheet_name="idle_units")
    assert sheet["why"].tolist() == [why]
    page = html.unescape((folder / "report.html").read_text(encoding="utf-8"))
    assert why in page
