"""Statistics and key figures read from a run folder, on tiny cases built in Python."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import warnings
from math import nan
from pathlib import Path

import pandas as pd
import pytest

from forcegen import stats as st
from forcegen.evaluate import evaluate_plan
from forcegen.run import solve_scenario
from forcegen.scenario.problems import ScenarioError
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import Caveat, Ceiling, Region, Unit
from forcegen.shown import kpi_shown
from forcegen.spec import spec_text
from forcegen.stats import Results
from tests.cells import missing, series
from tests.factory import month, nation, reserve_nation, scenario, spec, unit, with_rules


def test_the_reserve_share_of_a_plan_with_nobody_in_theatre_is_none(tmp_path: Path) -> None:
    """No demand, no tour: a share of no person-months is none, where 0% said every one
    of them was active; kpis.json's null is read back as it is written."""
    case = scenario(months=6, units=[unit("a")], demand=[])
    run = solve_scenario(case, spec())
    assert run.plan.kpis["tours"] == 0
    assert run.plan.kpis["reserve_share"] is None
    run.write(tmp_path / "run")
    results = Results.from_folder(tmp_path / "run")
    assert results.kpis["reserve_share"] is None
    figures = st.kpis(results).set_index("kpi")["value"]
    assert pd.isna(figures["reserve_share"])
    assert kpi_shown("reserve_share", figures["reserve_share"]) == ""


def test_a_re_plan_whose_month_is_written_as_a_date_is_read_from_that_month(
    tmp_path: Path,
) -> None:
    """replan.yaml's `from: 2000-11-01`, as its reader takes it (a date's month, as a
    spreadsheet writes one): read once with the plan, in memory as from its folder. Read
    again as text of its own by idle_units, it failed there (`2000-11-01` is no label).
    b, idle, could cover a shortfall in every month; re-planned from November, in two."""
    case = scenario(months=12, units=[unit("a"), unit("b")], demand=[("r", "guard", 0, 11, 200)])
    tours = pd.DataFrame([{"unit": "a", "task": "guard", "region": "r", "start": "2000-01"}])
    plan, data = evaluate_plan(case, spec(), {"assignments": tours})
    plan.replan_record = "from: 2000-11-01\nbase_run: before\n"
    plan.write(tmp_path / "run", data)
    for results in (Results.from_folder(tmp_path / "run"), Results.from_plan(plan, case)):
        assert results.replanned_from == "2000-11"
        assert st.idle_units(results).set_index("unit").loc["b", "months_wanted"] == 2


def _a_run(folder: Path) -> Path:
    """A run of a unit guarding r for six months: coverage.csv has a row a month."""
    case = scenario(months=6, units=[unit("a")], demand=[("r", "guard", 0, 5, 100)])
    solve_scenario(case, spec()).write(folder)
    return folder


def test_each_key_figure_is_given_its_unit_and_no_list_record_or_provenance(
    tmp_path: Path,
) -> None:
    """A run's key figures as a table, read back from its folder: each with what it counts
    (a cost in the scenario's currency, a time in seconds, a figure of its own, a text
    none); not the nations' list, the handovers' record or the model's file and hash."""
    figures = st.kpis(Results.from_folder(_a_run(tmp_path / "run"))).set_index("kpi")
    units = figures["unit"].to_dict()
    assert {k: units[k] for k in ("cost", "domestic_cost", "solve_seconds", "scenario")} == {
        "cost": "USD",
        "domestic_cost": "USD",
        "solve_seconds": "seconds",
        "scenario": "",
    }
    assert (units["tours"], units["total_shortfall"]) == ("tours", "effective person-months")
    assert not {"nations", "handover", *st.PROVENANCE} & set(figures.index)
    assert figures.loc["tours", "value"] == 1


def test_a_run_table_not_in_utf8_is_an_encoding_problem_at_its_line(tmp_path: Path) -> None:
    """A table saved in a code page (`é` as the one byte 0xe9) is said as the checker and
    the scenario's reader say it, at its line, where it was a `csv-syntax` problem with
    Python's words and no line."""
    run = _a_run(tmp_path / "run")
    path = run / "coverage.csv"
    lines = path.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"r,", b"r\xe9,", 1)
    path.write_bytes(b"".join(lines))
    with pytest.raises(ScenarioError) as caught:
        Results.from_folder(run)
    [(file, line, rule)] = [(p.file, p.row, p.rule) for p in caught.value.problems]
    assert (file, line, rule) == ("coverage.csv", 3, "encoding")


def test_a_figure_that_is_no_number_is_named_at_its_row_as_a_spreadsheet_has_it(
    tmp_path: Path,
) -> None:
    """A blank line is a row of the file: the cell below it is named at its own row."""
    run = _a_run(tmp_path / "run")
    path = run / "coverage.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("shortfall")] = "lots"
    path.write_text("\n".join([lines[0], lines[1], "", ",".join(cells), *lines[3:]]) + "\n")
    with pytest.raises(ScenarioError) as caught:
        Results.from_folder(run)
    [(line, column, rule)] = [(p.row, p.column, p.rule) for p in caught.value.problems]
    assert (line, column, rule) == (4, "shortfall", "not-a-number")


def test_a_sweeps_infeasible_variant_is_said_to_have_no_plan(tmp_path: Path) -> None:
    """A notebook reading each folder of a sweep's index met the infeasible variant's as
    seven files missing and "the scenario does not exist", not that it has no plan, nor
    where the reason is."""
    from forcegen.fileformat import INFEASIBLE_FILE

    folder = tmp_path / "hard-min"
    folder.mkdir()
    (folder / INFEASIBLE_FILE).write_text("0123abcd\nmin_nations: too few nations\n")
    for read in (Results.from_folder, st.read_kpis):
        with pytest.raises(ScenarioError) as caught:
            read(folder)
        assert [(p.file, p.rule, p.message) for p in caught.value.problems] == [
            (
                str(folder),
                "no-plan",
                "proven infeasible, no plan: min_nations: too few nations (infeasible.txt)",
            )
        ]


def test_a_reserve_unit_its_nations_reserve_share_leaves_at_home_says_so() -> None:
    """A's reserves may be half of those it has in theatre: b's 200 beside a's 100 are
    two thirds, so no tour of b fits, whatever the plan weighs; b was said to be the
    plan's choice, a tour of it fitting."""
    case = scenario(
        months=12,
        nations=[reserve_nation("A", training=0, max_months=12, reserve_max_share=0.5)],
        units=[unit("a"), unit("b", personnel=200, component="reserve")],
        demand=[("r", "guard", 0, 11, 400)],
    )
    run = solve_scenario(case, spec())
    assert set(run.plan.assignments["unit"]) == {"a"}
    idle = st.idle_units(Results.from_plan(run.plan, case)).set_index("unit")
    assert idle.loc["b", "why"] == (
        "its nation's reserve share leaves no room for a whole tour of it that would cover a "
        "shortfall"
    )
    wanted = idle.loc["b", ["months_wanted", "ceiling_full", "budget_spent"]]
    assert series(wanted).tolist() == [12, 0, 0]


@pytest.mark.parametrize(
    ("ceiling", "share", "budget", "full", "spent", "why"),
    [
        (250, 0.7, 6500, 6, 6, None),
        # 1,000 left of C's budget: a month of c2 paid for, not its tour.
        (250, 0.7, 7000, 6, 0, None),
        # Each limit met exactly: room for the tour, as the model has it.
        (300, 0.75, 12_000, 0, 0, "left at home by the plan's maker"),
    ],
)
def test_each_of_a_nations_limits_beside_its_tours_is_said_to_keep_its_unit_home(
    ceiling: int, share: float, budget: float, full: int, spent: int, why: str | None
) -> None:
    """The first six months of a year 1,000 wanted, a unit of 100 of each nation at home
    (its tours later cover nothing short, and keep every limit). A's a1 and a2 have
    200 in theatre under a ceiling of 250: a3's 100 more break it in every month. B's
    reservists br1 and br2 beside its active b1 are two thirds of B's there, under its cap
    of 0.7: br3 would make three quarters. C's c1 spends 6,000 of a budget of 6,500: c2
    costs 1,000 a month, 6,000 a tour. Each of those months is counted where it is the
    ceiling or the budget."""
    case = scenario(
        months=12,
        nations=[
            nation("A", ceiling=ceiling),
            reserve_nation("B", training=0, max_months=12, reserve_max_share=share),
            nation(
                "C",
                cost_per_person_month=10.0,
                rotation_cost_per_person=0.0,
                budget_per_year=budget,
            ),
        ],
        units=[
            *(unit(u) for u in ("a1", "a2", "a3")),
            unit("b1", nation="B"),
            *(unit(u, nation="B", component="reserve") for u in ("br1", "br2", "br3")),
            *(unit(u, nation="C") for u in ("c1", "c2")),
        ],
        demand=[("r", "guard", 0, 5, 1000)],
    )
    tours = pd.DataFrame(
        [
            {"unit": u, "task": "guard", "region": "r", "start": month(0)}
            for u in ("a1", "a2", "b1", "br1", "br2", "c1")
        ]
    )
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    idle = st.idle_units(Results.from_plan(plan, case))
    figures = ["unit", "months_wanted", "ceiling_full", "budget_spent", "could_cover"]
    assert idle[[*figures, "cost_a_month"]].values.tolist() == [
        ["a3", 6, full, 0, 100, 0],
        ["br3", 6, 0, 0, 100, 0],
        ["c2", 6, 0, spent, 100, 1000],
    ]
    room = "leaves no room for a whole tour of it that would cover a shortfall"
    held = [f"its nation's {limit} {room}" for limit in ("ceiling", "reserve share", "budget")]
    assert [str(said).split(":")[0] for said in idle["why"]] == ([why] * 3 if why else held)


def test_a_reservists_tours_that_break_the_share_in_some_of_their_months_hold_it_home() -> None:
    """A's reserves may be half of those it has in theatre. a1's 300 are there in months
    0-5 alone: r's 100 beside them keep the share, alone after them break it. Each tour of
    r (8 months, from month 0 to 4) has months of either, so each breaks the share in
    some of its months: that holds r home, a tour keeping it in every month fitting none
    (a mutant judging a tour by any month within the share had said its maker's choice)."""
    case = scenario(
        months=12,
        nations=[reserve_nation("A", training=0, max_months=12, reserve_max_share=0.5)],
        units=[unit("a1", personnel=300), unit("r", component="reserve", tour_months=8)],
        demand=[("r", "guard", 0, 11, 1000)],
    )
    tours = pd.DataFrame([{"unit": "a1", "task": "guard", "region": "r", "start": month(0)}])
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    idle = st.idle_units(Results.from_plan(plan, case)).set_index("unit")
    assert idle.loc["r", "why"] == (
        "its nation's reserve share leaves no room for a whole tour of it that would cover a "
        "shortfall"
    )
    wanted = idle.loc["r", ["months_wanted", "ceiling_full", "budget_spent"]]
    assert series(wanted).tolist() == [12, 0, 0]


def test_a_tour_over_two_fiscal_years_breaks_the_budget_of_either() -> None:
    """A's budget is 6,500 a year, a1 spending 6,000 of 2000's. a2's tours that would
    cover 2000's shortfall all cost 2000 more than its 500 left, those from August on
    only partly: each breaks the budget, though 2001's has room for its months there."""
    case = scenario(
        months=24,
        nations=[
            nation(
                "A", cost_per_person_month=10.0, rotation_cost_per_person=0.0, budget_per_year=6500
            )
        ],
        units=[unit("a1"), unit("a2")],
        demand=[("r", "guard", 0, 11, 200)],
    )
    tours = pd.DataFrame([{"unit": "a1", "task": "guard", "region": "r", "start": month(0)}])
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    (why,) = st.idle_units(Results.from_plan(plan, case))["why"]
    assert why == (
        "its nation's budget leaves no room for a whole tour of it that would cover a shortfall"
    )


def test_the_months_an_idle_unit_could_cover_are_those_of_the_tours_it_may_start() -> None:
    """A's tours are three months, its reservists trained two months first; a's 100 at
    0.5 cover 50 of the 200 wanted a month in months 0-2, and so would each idle unit's.
    r, a reservist, deploys from month 2 at the earliest (months 2-11 wanted); r2, one
    unavailable in months 0-2, is mobilized from month 3 (5-11); u is unavailable in
    months 0-5 (6-11); v is available until month 7, a tour of it back by then (0-7); w
    from month 10, its tours running past the horizon (10-11); y is unavailable from month
    9 (0-8); x all year."""
    case = scenario(
        months=12,
        nations=[reserve_nation("A", training=2, max_months=12, tour_months=3)],
        units=[
            unit("a"),
            unit("r", component="reserve"),
            unit("r2", component="reserve"),
            unit("u"),
            unit("v", available_until=month(7)),
            unit("w", available_from=month(10)),
            unit("y"),
            unit("x"),
        ],
        demand=[("r", "guard", 0, 11, 200)],
        effectiveness={"guard": 0.5},
        unavailable=[("r2", 0, 2), ("u", 0, 5), ("y", 9, 11), ("x", 0, 11)],
    )
    tours = pd.DataFrame([{"unit": "a", "task": "guard", "region": "r", "start": month(0)}])
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    idle = st.idle_units(Results.from_plan(plan, case))
    wanted = idle.set_index("unit")["months_wanted"]
    assert wanted.to_dict() == {"r": 10, "r2": 7, "u": 6, "v": 8, "w": 2, "y": 9, "x": 0}
    assert idle["could_cover"].tolist() == [50] * 6 + [0]
    assert idle["why"].tolist() == [
        *["left at home by the plan's maker: a tour of it fits and would cover a shortfall"] * 6,
        "no whole tour fits its time in theatre (its own and its nation's availability)",
    ]


def test_the_limit_that_keeps_a_unit_home_is_named_where_every_tour_breaks_it() -> None:
    """Each whole tour of an idle unit that would cover a shortfall, as the limits of its
    nation it breaks: one all of them break holds it home, named alone (the others leave
    room or not); where none is broken by all, each tour is held by one of those named.
    They were said "ceiling, reserve share or budget" whichever held it."""
    room = "no room for a whole tour of it that would cover a shortfall"
    assert st._why_idle(True, True, [["ceiling"], ["ceiling", "budget"]], False) == (
        f"its nation's ceiling leaves {room}"
    )
    assert st._why_idle(True, True, [["ceiling", "budget"]] * 2, False) == (
        f"its nation's ceiling and budget leave {room}"
    )
    assert st._why_idle(True, True, [["ceiling"], ["reserve share", "budget"]], False) == (
        f"its nation's ceiling or reserve share or budget leaves {room}: each such tour "
        "breaks one of them"
    )
    assert st._why_idle(True, True, [["ceiling"], ["budget"]], False) == (
        f"its nation's ceiling or budget leaves {room}: each such tour breaks one of them"
    )
    # A tour that breaks none: the plan's choice, whatever the others break.
    assert st._why_idle(True, True, [["ceiling"], []], False).startswith("the plan's choice")
    assert st._why_idle(True, True, [], False).startswith("not needed")


def test_a_units_months_in_theatre_before_its_tour_counts_cover_nothing() -> None:
    """A relieves in place for a month (overlap 1): a's tour from month 0 covers months
    1-5, and month 0 is short in every plan. b, idle, was said able to cover it, a month
    wanted, "left at home by the plan's maker"; no tour of it counts there either."""
    case = scenario(
        months=6,
        nations=[nation("A", overlap_months=1)],
        units=[unit("a"), unit("b")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    tours = pd.DataFrame([{"unit": "a", "task": "guard", "region": "r", "start": "2000-01"}])
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    idle = st.idle_units(Results.from_plan(plan, case)).set_index("unit")
    assert series(idle.loc["b", ["months_wanted", "could_cover"]]).tolist() == [0, 0.0]
    assert idle.loc["b", "why"] == "not needed: no shortfall where and when it could serve"


@pytest.mark.parametrize(
    ("demand_until", "refused_until", "why", "wanted"),
    [
        # From month 3 on: every tour of a (six months, starts 0-11) is in r then.
        (11, None, "it may do no task in demand where and when it may go", 0),
        # Months 0-5, as long as the demand: tours from month 6 on find no shortfall.
        (5, 5, "not needed: no shortfall where and when it could serve", 0),
    ],
)
def test_a_unit_a_caveat_refuses_for_part_of_the_horizon_is_said_kept_home_by_it(
    demand_until: int, refused_until: int | None, why: str, wanted: int
) -> None:
    """A refuses r in some months only (caveats.csv), so no tour of a is in the model. The
    idle-unit analysis knew a caveat only when it held over the whole horizon, and said a
    was left at home by the plan's choice, able to cover the shortfall in every month."""
    last = None if refused_until is None else month(refused_until)
    case = scenario(
        months=12,
        units=[unit("a")],
        demand=[("r", "guard", 0, demand_until, 100)],
        caveats=[Caveat(nation="A", first=month(0 if last else 3), last=last, region="r")],
    )
    run = solve_scenario(case, spec())
    assert run.plan.assignments.empty
    idle = st.idle_units(Results.from_plan(run.plan, case)).set_index("unit")
    assert str(idle.loc["a", "why"]).startswith(why)
    assert series(idle.loc["a", ["months_wanted", "could_cover"]]).tolist() == [wanted, 0.0]


def test_a_caveat_for_part_of_the_horizon_leaves_the_tours_it_does_not_refuse() -> None:
    """A refuses r in months 0-5 only: a's tours from month 6 on would cover months 6-11,
    short beside b's tour in months 0-5, so a is left at home by the plan's maker. The
    caveat's months, not the unit, are left out."""
    case = scenario(
        months=12,
        units=[unit("a"), unit("b", nation="B")],
        nations=[nation("A"), nation("B")],
        demand=[("r", "guard", 0, 11, 100)],
        caveats=[Caveat(nation="A", first=month(0), last=month(5), region="r")],
    )
    tours = pd.DataFrame([{"unit": "b", "task": "guard", "region": "r", "start": "2000-01"}])
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    idle = st.idle_units(Results.from_plan(plan, case)).set_index("unit")
    assert series(idle.loc["a", ["months_wanted", "could_cover"]]).tolist() == [6, 100.0]
    assert str(idle.loc["a", "why"]).startswith("left at home by the plan's maker")


def test_an_idle_units_last_tour_ends_right_before_a_handover_or_a_caveat() -> None:
    """Three-month tours. r is handed over by decision in month 6: u's last tour there is
    from month 3, months 3-5 (0-5 wanted). B refuses patrol from month 8 on: v's last tour
    of q's patrol is from month 5, months 5-7 (0-7 wanted). A takes no patrol, B does not
    go to r."""
    case = scenario(
        months=12,
        tasks=("guard", "patrol"),
        nations=[nation("A", tour_months=3), nation("B", tour_months=3)],
        units=[unit("a"), unit("u"), unit("v", nation="B")],
        regions=[
            Region(region="r", population=1, risk=1, handed_over=month(6)),
            Region(region="q", population=1, risk=1),
        ],
        demand=[("r", "guard", 0, 5, 200), ("q", "patrol", 0, 11, 100)],
        caveats=[
            Caveat(nation="A", first=month(0), task="patrol"),
            Caveat(nation="B", first=month(0), region="r"),
            Caveat(nation="B", first=month(8), task="patrol"),
        ],
    )
    tours = pd.DataFrame([{"unit": "a", "task": "guard", "region": "r", "start": month(0)}])
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    idle = st.idle_units(Results.from_plan(plan, case))
    assert idle[["unit", "months_wanted"]].values.tolist() == [["u", 6], ["v", 8]]


def test_a_unit_whose_tours_would_outlast_its_regions_handover_is_not_the_plans_choice() -> None:
    """r is handed over by decision in month 2 (regions.csv), its demand in months 0-1: a
    four-month tour of a from month 0 runs past the handover, so the model holds no tour
    of a. a was said left at home by the plan's choice, two months wanted."""
    case = scenario(
        months=8,
        nations=[nation("A", tour_months=4)],
        units=[unit("a")],
        regions=[Region(region="r", population=1000, risk=1, handed_over=month(2))],
        demand=[("r", "guard", 0, 1, 100)],
    )
    run = solve_scenario(case, spec())
    assert run.plan.assignments.empty
    idle = st.idle_units(Results.from_plan(run.plan, case)).set_index("unit")
    assert str(idle.loc["a", "why"]).startswith(
        "it may do no task in demand where and when it may go"
    )
    assert series(idle.loc["a", ["months_wanted", "could_cover"]]).tolist() == [0, 0.0]


def test_tours_edited_in_pandas_are_not_read_beside_the_tables_of_the_tours_before(
    tmp_path: Path,
) -> None:
    """a guards r for six months at 100 a month. Its tour dropped in pandas, the costs
    and cover were still the solved plan's (600 of cover, none short), drawn beside a
    rotation without the tour, unsaid: a statistic of those tables is refused, naming
    evaluate_plan, which works them out again (600 short); one of the tours alone, and the
    tours reordered or relabelled, are read as before."""
    results = Results.from_folder(_a_run(tmp_path / "run"))
    assert st.coverage(results)["shortfall"].sum() == 0
    edited = dataclasses.replace(results, assignments=results.assignments.iloc[0:0])
    for stat in (st.coverage, st.cost_against_budget, st.burden_sharing, st.idle_units, st.kpis):
        with pytest.raises(ScenarioError, match=r"edited-tours.*evaluate_plan") as caught:
            stat(edited)
        assert caught.value.problems[0].file == "the assignments table given (row 1 its header)"
    with pytest.raises(ScenarioError, match="evaluate_plan"):
        st.coverage(Results.from_plan(edited, edited.scenario))
    assert st.deployed(edited)["personnel"].sum() == 0
    plan, _ = evaluate_plan(edited.scenario, spec(), edited)
    assert st.coverage(Results.from_plan(plan, edited.scenario))["shortfall"].sum() == 600
    relabelled = results.assignments.set_index(results.assignments.index + 100)
    assert len(st.coverage(dataclasses.replace(results, assignments=relabelled))) == 6


def test_a_run_folder_whose_tours_were_edited_by_hand_is_read_with_a_warning(
    tmp_path: Path,
) -> None:
    """a guards r for six months. Its tour deleted from assignments.csv in an editor, the
    folder's coverage still said none short (the solved plan's), unsaid in Python where
    `forcegen report` warns of it: the edited file is named, and how to work the edited
    plan out. A folder as forcegen wrote it is read without a word."""
    import warnings

    run = _a_run(tmp_path / "run")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Results.from_folder(run)
    path = run / "assignments.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")
    with pytest.warns(st.TablesEdited) as said:
        results = Results.from_folder(run)
    [warning] = said
    assert str(warning.message).startswith(f"{path}: changed since forcegen wrote it")
    assert warning.filename == __file__  # said at the notebook's line that read it
    assert "evaluate" in str(warning.message)
    assert results.assignments.empty
    assert st.coverage(results)["shortfall"].sum() == 0  # the stale table, as the CLI's


def test_a_budget_of_0_spent_under_a_soft_budget_is_said_over_not_blank() -> None:
    """B's budget is 0 a year, taken as meant (a soft budget rule prices its breach): b's
    tour of 100 personnel for 3 months at 1,000 a person-month costs 300,000 in 2000, all
    of it over. `used` was blank there, as where there is no budget, and nothing said the
    overspend. 2001's budget of 0, unspent, is used 0; A, of no budget, has neither
    figure."""
    case = scenario(
        months=24,
        nations=[
            nation("A", cost_per_person_month=1000.0),
            nation("B", tour_months=3, cost_per_person_month=1000.0, budget_per_year=0),
        ],
        units=[unit("a", nation="A"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 23, 100)],
    )
    tours = pd.DataFrame(
        [
            {"unit": "a", "task": "guard", "region": "r", "start": "2000-01"},
            {"unit": "b", "task": "guard", "region": "r", "start": "2000-07"},
        ]
    )
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    table = st.cost_against_budget(Results.from_plan(plan, case))
    columns = ["nation", "fiscal_year", "cost", "budget", "used", "over_budget"]
    rows = {(n, y): figures for n, y, *figures in table[columns].itertuples(index=False)}
    assert rows["B", 2000] == pytest.approx([300_000, 0, nan, 300_000], nan_ok=True)
    assert rows["B", 2001] == [0, 0, 0, 0]
    assert rows["A", 2000] == pytest.approx([600_000, nan, nan, nan], nan_ok=True)


def test_the_share_covered_is_of_demand_beyond_none_and_blank_where_there_is_none() -> None:
    """a and b (100 each) guard r in months 0-1 against a demand of 100, then of none, then
    of one with nobody there: 200 of 100 is all of it covered (100 over demand), cover of
    no demand is no share of it, and nothing against 1 is none of it."""
    case = scenario(
        months=3,
        nations=[nation("A", tour_months=2)],
        units=[unit("a"), unit("b")],
        demand=[("r", "guard", 0, 0, 100), ("r", "guard", 1, 1, 0), ("r", "guard", 2, 2, 1)],
    )
    tours = pd.DataFrame(
        [{"unit": u, "task": "guard", "region": "r", "start": month(0)} for u in ("a", "b")]
    )
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    results = Results.from_plan(plan, case)
    table = st.coverage(results)
    assert list(table.columns) == [
        *("region", "task", "month", "demand", "international", "domestic_effective"),
        *("shortfall", "covered_share"),
    ]
    share = table["covered_share"].tolist()
    assert share[0] == 1.0 and pd.isna(share[1]) and share[2] == 0.0
    # A's ceiling in every month, none blank: a figure of personnel all the same.
    assert st.deployed(results)["ceiling"].dtype == "float64"
    cover = st.cover_by_contributor(results)
    assert cover.values.tolist() == [
        ["r", month(0), "A", 100, 100, 0, 100],
        ["r", month(0), "domestic", 0, 100, 0, 100],
        ["r", month(1), "A", 0, 0, 0, 200],
        ["r", month(1), "domestic", 0, 0, 0, 200],
        ["r", month(2), "A", 0, 1, 1, 0],
        ["r", month(2), "domestic", 0, 1, 1, 0],
    ]


def _three_tours() -> Results:
    """Four months: A's a1 (100) in months 0-2 and a2 (100) in 2-4, its last month past
    the horizon, and B's b (50) in months 0-2, B leaving after month 2; A has a reserve
    unit too, at home, and a ceiling of 400 from month 2."""
    case = scenario(
        months=4,
        nations=[
            reserve_nation("A", training=0, max_months=12, tour_months=3),
            nation("B", tour_months=3, leave=month(2)),
        ],
        units=[
            unit("a1"),
            unit("a2"),
            unit("ar", component="reserve"),
            unit("b", nation="B", personnel=50),
        ],
        demand=[("r", "guard", 0, 3, 300)],
        ceilings=[Ceiling.model_validate({"nation": "A", "from": month(2), "ceiling": 400})],
    )
    tours = pd.DataFrame(
        [
            {"unit": u, "task": "guard", "region": "r", "start": month(t)}
            for u, t in (("a1", 0), ("a2", 2), ("b", 0))
        ]
    )
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    return Results.from_plan(plan, case)


def test_those_in_theatre_are_summed_by_nation_and_month_inside_the_horizon() -> None:
    """A has 200 in theatre in month 2, a1's and a2's tours overlapping, and a2's month
    past the horizon is in no statistic: a row of each nation, component and month of the
    horizon, ordered so, B's ceiling blank once it has left. B has no reservists: its
    reserve share is 0 where it has anyone there, blank where not."""
    results = _three_tours()
    present = st.deployed(results)
    assert present[["nation", "component", "month"]].values.tolist() == [
        [n, c, month(t)]
        for n, cs in (("A", ["active", "reserve"]), ("B", ["active"]))
        for t in range(4)
        for c in cs
    ]
    assert present["personnel"].tolist() == [100, 0, 100, 0, 200, 0, 100, 0, 50, 50, 50, 0]
    assert present["ceiling"].isna().tolist() == [False] * 11 + [True]
    share = st.reserve_share(results).set_index(["nation", "month"])
    assert series(share.loc["A", "deployed"]).tolist() == [100, 100, 200, 100]
    assert series(share.loc["B", "reserve"]).tolist() == [0, 0, 0, 0]
    assert series(share.loc["B", "share"]).tolist()[:3] == [0, 0, 0]
    assert missing(share.loc[("B", month(3)), "share"])
    sharing = st.burden_sharing(results).set_index("nation")
    figures = ["tours", "person_months", "peak_deployed", "regions_served"]
    assert series(sharing.loc["A", figures]).tolist() == [2, 500, 200, 1]
    assert series(sharing.loc["B", figures]).tolist() == [1, 150, 50, 1]
    assert sharing["person_months_share"].tolist() == pytest.approx([500 / 650, 150 / 650])
    # Its peak's ceiling, the one in force in month 2, not the horizon's first month's.
    ceilings = ["ceiling", "ceiling_used", "ceiling_used_month", "ceiling_then"]
    assert series(sharing.loc["A", ceilings]).tolist() == [400, 0.5, month(2), 400]
    # Most person-months first, whatever the order of nations.csv.
    nations = results.scenario.nations[::-1]
    backwards = results.scenario.model_copy(update={"nations": nations})
    assert st.burden_sharing(dataclasses.replace(results, scenario=backwards)).equals(
        st.burden_sharing(results)
    )


def test_each_statistic_has_its_types_whatever_the_plan() -> None:
    """A plan without a tour, as `_typed` promises: each statistic's columns of the same
    types as a plan with tours, so pd.concat of one over runs keeps them (text, whole
    numbers, floats), and rows ordered under a fresh index."""
    results = _three_tours()
    tours = results.assignments[["unit", "task", "region", "start"]].iloc[0:0]
    plan, _ = evaluate_plan(results.scenario, spec(), {"assignments": tours})
    empty = Results.from_plan(plan, results.scenario)
    for name, stat in st.STATISTICS.items():
        table = stat(results)
        assert table.dtypes.to_dict() == stat(empty).dtypes.to_dict(), name
        # Text as pandas' strings, blank as NaN, as the run tables read back hold it.
        assert {str(kind) for kind in table.dtypes} <= {"str", "int64", "float64", "Int64", "bool"}
        assert table.index.equals(pd.RangeIndex(len(table))), name


def test_the_domestic_force_is_set_against_the_demand_it_may_take() -> None:
    """Ten officers at 0.5 cover 5; patrol, which they may take, is wanted in months 0-1,
    guard, which they may not, in months 0-2: none open to them in month 2."""
    case = scenario(
        months=3,
        tasks=("patrol", "guard"),
        units=[unit("a")],
        demand=[("r", "patrol", 0, 1, 100), ("r", "guard", 0, 2, 50)],
        domestic={"initial_strength": 10, "tasks": ("patrol",), "effectiveness": 0.5},
    )
    tours = pd.DataFrame(columns=["unit", "task", "region", "start"])
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    pipeline = st.pipeline(Results.from_plan(plan, case))
    assert pipeline[["month", "can_cover", "open_demand"]].values.tolist() == [
        [month(0), 5, 100],
        [month(1), 5, 100],
        [month(2), 5, 0],
    ]


def test_costs_against_budgets_are_ordered_by_nation_and_year() -> None:
    """Costs in any order (a table edited by hand) read by nation, then fiscal year; a
    budget under 1 (money written in millions) used as any other; a nation's part of the
    coalition's cost is of every year's."""
    results = _three_tours()
    costs = pd.DataFrame(
        [
            ("B", 2001, 2.0, 4.0),
            ("B", 2000, 0.25, 0.5),
            ("A", 2001, 8.0, nan),
            ("A", 2000, 6.0, 3.0),
        ],
        columns=["nation", "fiscal_year", "cost", "budget"],
    )
    table = st.cost_against_budget(dataclasses.replace(results, costs=costs))
    assert table.index.equals(pd.RangeIndex(4))
    columns = ["nation", "fiscal_year", "cost", "used", "over_budget"]
    assert table[columns].fillna(-1).values.tolist() == [
        ["A", 2000, 6, 2, 3],
        ["A", 2001, 8, -1, -1],
        ["B", 2000, 0.25, 0.5, 0],
        ["B", 2001, 2, 0.5, 0],
    ]
    sharing = st.burden_sharing(dataclasses.replace(results, costs=costs))
    assert sharing[["nation", "cost"]].values.tolist() == [["A", 14], ["B", 2.25]]
    assert sharing["cost_share"].tolist() == pytest.approx([14 / 16.25, 2.25 / 16.25])


def test_handovers_are_ordered_by_month_each_named_and_said_whose() -> None:
    """r2 is handed over by decision in month 1, r1 (Upper) and r3 by the plan in month 2,
    r4 not at all: in that order, whatever the handover table's, the months counted from
    the start, a region of no name by its code."""
    regions = [
        Region(region="r1", name="Upper", population=1, risk=1),
        Region(region="r2", population=1, risk=1, handed_over=month(1)),
        *(Region(region=r, population=1, risk=1) for r in ("r3", "r4")),
    ]
    case = scenario(
        months=4,
        units=[unit("a")],
        regions=regions,
        demand=[(r.region, "guard", 0, 0 if r.handed_over else 3, 10) for r in regions],
        domestic={"initial_strength": 100, "tasks": ("guard",)},
    )
    tours = pd.DataFrame(columns=["unit", "task", "region", "start"])
    handed = pd.DataFrame([(r, month(2)) for r in ("r1", "r3")], columns=["region", "month"])
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours, "handover": handed})
    results = Results.from_plan(plan, case)
    table = st.handover(results)
    assert list(table.columns) == ["region", "name", "handover", "months_from_start", "by"]
    assert table.index.equals(pd.RangeIndex(4))
    assert table.iloc[:3].values.tolist() == [
        ["r2", "r2", month(1), 1, "decision"],
        ["r1", "Upper", month(2), 2, "plan"],
        ["r3", "r3", month(2), 2, "plan"],
    ]
    assert table.iloc[3, :2].tolist() == ["r4", "r4"] and table.iloc[3, 2:].isna().all()
    backwards = dataclasses.replace(results, handover=results.handover.iloc[::-1])
    assert st.handover(backwards).equals(table)
    # Each region its own sector, none served.
    sectors = st.sectors(results)[["sector", "nations", "nation_count", "most_at_once"]]
    assert sectors.values.tolist() == [[r.region, "", 0, 0] for r in regions]


def test_a_nation_never_deployed_is_given_its_ceiling_once_it_may_serve() -> None:
    """B joins in April with a ceiling of 300 in nations.csv, 200 from April in
    ceilings.csv, and sends no tour. burden_sharing gave it January's ceiling, 300, before
    it joins, where deployed's table leaves January blank and says 200 from April."""
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B", ceiling=300, join=month(3))],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 100)],
        ceilings=[Ceiling.model_validate({"nation": "B", "from": month(3), "ceiling": 200})],
    )
    tours = pd.DataFrame([{"unit": "a", "task": "guard", "region": "r", "start": month(0)}])
    plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    results = Results.from_plan(plan, case)
    sharing = st.burden_sharing(results).set_index("nation")
    assert sharing.loc["B", "ceiling"] == 200
    assert sharing.loc["A", "ceiling"] == 100_000
    # Nothing else of it: no tour, no month, no cost, not a share of the coalition's.
    figures = ["tours", "person_months", "peak_deployed", "ceiling_used", "regions_served"]
    assert series(sharing.loc["B", figures]).tolist() == [0, 0, 0, 0, 0]
    assert sharing.loc["B", "person_months_share"] == 0
    assert sharing.loc["B", ["ceiling_used_month", "ceiling_then"]].isna().all()
    deployed = st.deployed(results).set_index(["nation", "month"])["ceiling"]
    assert pd.isna(deployed["B", month(0)]) and deployed["B", month(3)] == 200


def test_a_unit_the_hard_total_budget_keeps_home_says_so_given_the_model(tmp_path: Path) -> None:
    """Two units of 100 at 10 a person-month, 6,000 a six-month tour, under a hard total
    budget of 6,000: one tour is all it pays for, the plan leaves 0 of it (B, of no unit,
    spending none beside it), and the other unit, able to cover the second 100 short, was
    said left home by the plan's choice."""
    case = scenario(
        months=6,
        nations=[
            nation("A", cost_per_person_month=10.0, rotation_cost_per_person=0.0),
            nation("B"),
        ],
        units=[unit("a"), unit("b")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    model = with_rules(spec(), mission={"total_budget": 6000})
    run = solve_scenario(case, model)
    results = Results.from_plan(run.plan, case)
    (home,) = {"a", "b"} - set(run.plan.assignments["unit"])
    assert st.idle_units(results, model).set_index("unit").loc[home, "why"] == (
        "the mission's total budget (mission.total_budget, hard): the plan leaves 0 USD of "
        "it, less than a whole tour of it that would cover a shortfall (6,000 USD at the least)"
    )
    # The model by its file, as check_plan takes it: a path had failed on its `mission`.
    written = tmp_path / "capped.yaml"
    written.write_text(spec_text(model))
    assert st.idle_units(results, written).equals(st.idle_units(results, model))
    # Without the model its cap is unknown; a soft one prices a breach, and caps nothing.
    assert str(st.idle_units(results).loc[0, "why"]).startswith("the plan's choice")
    soft = with_rules(spec(), mission={"total_budget": 6000}, rules={"budget": "soft"})
    assert str(st.idle_units(results, soft).loc[0, "why"]).startswith("the plan's choice")


@pytest.mark.parametrize(
    ("total", "why"),
    [
        (
            9500,
            "the mission's total budget (mission.total_budget, hard): the plan leaves 500 USD "
            "of it, less than a whole tour of it that would cover a shortfall (1,000 USD at the "
            "least)",
        ),
        # 1,000 left, the December tour's cost: it fits.
        (10_000, "left at home by the plan's maker: a tour of it fits and would cover a shortfall"),
    ],
)
def test_the_least_a_tour_costs_under_a_total_budget_is_of_its_cheapest_start(
    total: float, why: str
) -> None:
    """A year, a's tour of 100 at 10 a person-month from January costing 6,000 and B's
    bb's of 50 3,000, of a hard total budget of 9,500. b's tours would cover the rest of
    the 200 wanted a month; one from December is paid for in the year only for December
    (the plan's last fiscal year), 1,000, still more than the 500 left."""
    case = scenario(
        months=12,
        nations=[
            nation(code, cost_per_person_month=10.0, rotation_cost_per_person=0.0)
            for code in ("A", "B")
        ],
        units=[unit("a"), unit("b"), unit("bb", nation="B", personnel=50)],
        demand=[("r", "guard", 0, 11, 200)],
    )
    tours = pd.DataFrame(
        [{"unit": u, "task": "guard", "region": "r", "start": month(0)} for u in ("a", "bb")]
    )
    model = with_rules(spec(), mission={"total_budget": total})
    plan, _ = evaluate_plan(case, model, {"assignments": tours})
    assert st.idle_units(Results.from_plan(plan, case), model)["why"].tolist() == [why]


@pytest.mark.parametrize(
    ("counted", "when"),
    [
        ("over-the-horizon", "over the horizon"),
        ("at-once", "in theatre at once in a month of each tour"),
    ],
)
def test_a_unit_the_nations_per_region_keep_home_says_so_given_the_model(
    counted: str, when: str
) -> None:
    """Three nations of a unit of 100 each, 300 short a month in one region that takes two
    nations at most: the third's unit fits every limit of its nation and would cover 100,
    but was said left home by the plan's choice, the coalition's rule named nowhere."""
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B"), nation("C")],
        units=[unit("a"), unit("b", nation="B"), unit("c", nation="C")],
        demand=[("r", "guard", 0, 5, 300)],
    )
    coalition = {"max_nations_per_region": 2, "nations_counted": counted}
    model = with_rules(spec(), coalition=coalition)
    run = solve_scenario(case, model)
    results = Results.from_plan(run.plan, case)
    serving = sorted(set(run.plan.assignments["nation"]))
    assert len(serving) == 2
    idle = st.idle_units(results, model)
    assert idle["why"].tolist() == [
        "the coalition's nations per region (coalition.max_nations_per_region 2, hard): each "
        f"region where a whole tour of it would fit and cover a shortfall has 2 other "
        f"nation(s) there {when} (r: {', '.join(serving)})"
    ]
    # Soft, the rule prices a third nation, and caps nothing.
    soft = with_rules(spec(), coalition=coalition, rules={"nations_per_region": "soft"})
    assert str(st.idle_units(results, soft).loc[0, "why"]).startswith("the plan's choice")


def test_the_nations_per_region_are_judged_of_the_tours_that_fit_and_cover_a_shortfall() -> None:
    """r, where A and B serve, is 100 short in months 0-5; q, where nobody serves, 40 in
    months 6-11 (c's 100 could cover all of either). C's ceiling is 100, c's alone, and 0
    from month 6: c's one tour that fits is in r from month 0, a third nation there,
    where two is the most. Its tours to q break C's ceiling, and c was said left home by
    the plan's choice, q having room."""
    case = scenario(
        months=12,
        nations=[nation("A"), nation("B"), nation("C", ceiling=100)],
        units=[unit("a"), unit("b", nation="B"), unit("c", nation="C")],
        regions=[Region(region=r, population=1, risk=1) for r in ("r", "q")],
        demand=[("r", "guard", 0, 5, 300), ("q", "guard", 6, 11, 40)],
        ceilings=[Ceiling.model_validate({"nation": "C", "from": month(6), "ceiling": 0})],
    )
    tours = pd.DataFrame(
        [{"unit": u, "task": "guard", "region": "r", "start": month(0)} for u in ("a", "b")]
    )
    model = with_rules(spec(), coalition={"max_nations_per_region": 2})
    plan, _ = evaluate_plan(case, model, {"assignments": tours})
    results = Results.from_plan(plan, case)
    idle = st.idle_units(results, model)
    figures = ["unit", "months_wanted", "ceiling_full", "could_cover"]
    assert series(idle.loc[0, figures]).tolist() == ["c", 12, 6, 100]
    assert idle.loc[0, "why"] == (
        "the coalition's nations per region (coalition.max_nations_per_region 2, hard): each "
        "region where a whole tour of it would fit and cover a shortfall has 2 other "
        "nation(s) there over the horizon (r: A, B)"
    )
    # Room for a third nation, or a model of no most nations a region: none holds it home.
    roomy = with_rules(spec(), coalition={"max_nations_per_region": 3})
    for other in (roomy, spec()):
        assert str(st.idle_units(results, other).loc[0, "why"]).startswith("left at home")
    # Nor where C's ceiling leaves room for its tours to q, where nobody serves.
    free = dataclasses.replace(results, scenario=case.model_copy(update={"ceilings": ()}))
    assert str(st.idle_units(free, model).loc[0, "why"]).startswith("left at home")


def test_a_runs_model_file_and_hash_are_read_where_written_and_not_needed(tmp_path: Path) -> None:
    """kpis.json's model_file and model_sha256 are texts where given; a run written before
    they were (none of them) still reads."""
    run = tmp_path / "run"
    run.mkdir()
    (run / "kpis.json").write_text('{"model": "security-keeping", "total_shortfall": 3.0}')
    assert st.read_kpis(run)["model"] == "security-keeping"
    (run / "kpis.json").write_text('{"model_file": 5, "model_sha256": ["a"]}')
    with pytest.raises(ScenarioError) as raised:
        st.read_kpis(run)
    assert [p.column for p in raised.value.problems] == ["model_file", "model_sha256"]


ROOT = Path(__file__).parent.parent


def named_in_docs(module: str) -> set[str]:
    """The names of `forcegen.<module>` the README, docs/ and the notebooks call on (a
    notebook's JSON escapes its lines, which the patterns read through)."""
    pages = [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("notebooks/*.ipynb")]
    text = "\n".join(page.read_text() for page in pages)
    called = set(re.findall(rf"(?<![\w/]){module}\.(?!py\b)([A-Za-z]\w*)", text))
    imported = re.findall(rf"from forcegen\.{module} import \(?([\w, ]+)", text)
    return called | {name.strip() for names in imported for name in names.split(",")} - {""}


def test_a_notebook_is_offered_the_statistics_not_the_modules_imports() -> None:
    """`dir(stats)` and a notebook's `stats.<Tab>` offered 113 names (`json`, `pd`,
    `AllowInfNan`, `overspent`, `by_nation`), the statistics lost among them."""
    offered = {name for name in dir(st) if not name.startswith("_")}
    assert offered == set(st.__all__)
    assert all(getattr(st, name) is not None for name in offered)
    # Every statistic, and every name the README, docs and notebooks show a user.
    assert {*st.STATISTICS, "kpis", "Results"} <= offered
    assert named_in_docs("stats") <= offered
    assert {"Results", "handover", "kpi_unit", "idle_units"} <= named_in_docs("stats")


def _arriving(*units: Unit) -> Scenario:
    """A (lead, 1 month of relief in place) and D (4) ready in the first month if their
    units are; B joins in the second month, C's units are reserves and E's unit is away in
    the first month: none of theirs (5 months each) arrives in it, nor a unit whose
    availability ended before it."""
    nations = [
        nation("A", overlap_months=1),
        nation("B", overlap_months=5, join=month(1)),
        reserve_nation("C", training=1, overlap_months=5),
        nation("D", overlap_months=4),
        nation("E", overlap_months=5),
    ]
    return scenario(
        months=12,
        nations=nations,
        units=[unit("a", "A"), unit("b", "B"), unit("c", "C", component="reserve"), *units],
        demand=[("r", "guard", 0, 11, 100)],
        unavailable=[("e", 0, 0)],
    )


def test_the_first_tours_arrive_over_the_longest_relief_of_the_units_ready_at_once() -> None:
    later = unit("d", "D", available_from=month(1))
    gone = unit("gone", "D", available_until=month(-1))
    assert _arriving(later, gone, unit("e", "E")).arrival == 1
    assert _arriving(later, unit("e", "E"), unit("d0", "D")).arrival == 4
    # No unit ready at once: nobody is arriving.
    assert scenario(months=3, units=[unit("a", available_from=month(1))], demand=[]).arrival == 0


def test_the_worst_month_after_the_first_tours_arrival_is_the_one_plans_differ_by() -> None:
    # A's tours count a month after their start: 100 short in the first month, then 40 a
    # month from the seventh (a2's 60 of 100) to the last.
    case = scenario(
        months=11,
        nations=[nation("A", overlap_months=1)],
        units=[unit("a1"), unit("a2", personnel=60)],
        demand=[("r", "guard", 0, 10, 100)],
    )
    tours = pd.DataFrame(
        {"unit": ["a1", "a2"], "task": "guard", "region": "r", "start": [month(0), month(5)]}
    )
    kpis = evaluate_plan(case, spec(), {"assignments": tours})[0].kpis
    assert (kpis["peak_shortfall"], kpis["peak_shortfall_month"]) == (100, "2000-01")
    worst = (kpis["peak_after_arrival"], kpis["peak_after_arrival_month"])
    assert worst == (40, "2000-07")
    said = {figure.label: str(figure) for figure in st.key_figures(kpis, case)}
    assert said["Worst month"] == (
        "100 effective personnel short in 2000-01 (40 in 2000-07 after the first tours' arrival)"
    )
    # Covered after its first month, and a run written before the figure was recorded:
    # the worst month is said alone.
    covered = {
        **kpis,
        "peak_after_arrival": 0.0,
        "peak_after_arrival_month": None,
    }
    assert str(st.key_figures(covered, case)[1]).endswith("(none after the first tours' arrival)")
    older = {k: v for k, v in kpis.items() if "after_arrival" not in k}
    assert str(st.key_figures(older, case)[1]) == "100 effective personnel short in 2000-01"
    # The worst month after the arrival the worst of all: said once.
    later = {**kpis, "peak_shortfall": 40.0, "peak_shortfall_month": "2000-07"}
    assert str(st.key_figures(later, case)[1]) == "40 effective personnel short in 2000-07"


def _three_regions() -> Scenario:
    """Three nations and three regions, none of them asked for anything: the key figures
    read the kpis given and count what the scenario has."""
    return scenario(
        months=12,
        nations=[nation("A"), nation("B"), nation("C")],
        regions=[Region(region=r, population=1000, risk=1) for r in ("r", "s", "t")],
        units=[unit("a")],
        demand=[],
    )


def test_each_key_figure_reads_as_the_planner_is_shown_it() -> None:
    """Every figure of a time-limited solve, worked out by hand: a quarter of demand
    short (1,250.4 of 5,000), the worst month before the tours' arrival and the worst
    after, money in millions, two of three nations' tours, the two regions handed over in
    the order of their months (t's written first, s's never), the gap to a hundredth."""
    kpis = {
        "total_shortfall": 1250.4,
        "demand": 5000.0,
        "peak_shortfall": 300.4,
        "peak_shortfall_month": "2000-02",
        "peak_after_arrival": 120.6,
        "peak_after_arrival_month": "2000-05",
        "cost": 12_345_678.0,
        "international_cost": 12_000_000.0,
        "domestic_cost": 345_678.0,
        "tours": 7,
        "nations": ["A", "C"],
        "handover": {"t": "2000-09", "r": "2000-04", "s": None},
        "reserve_share": 0.256,
        "final_domestic_strength": 3476.6,
        "termination": "time_limit",
        "gap": 0.0123,
        "wall_seconds": 75.3,
        "solve_seconds": 60.04,
    }
    said = [(figure.label, str(figure)) for figure in st.key_figures(kpis, _three_regions())]
    assert said == [
        ("Shortfall", "1,250 effective person-months (25.0% of demand)"),
        (
            "Worst month",
            "300 effective personnel short in 2000-02 (121 in 2000-05 after the first tours' "
            "arrival)",
        ),
        ("Cost", "12.3 M USD (tours 12.0 M, domestic force 0.3 M)"),
        ("Tours", "7 by 2 of 3 nations (A, C)"),
        ("Regions handed over", "2 of 3 (r 2000-04, t 2000-09)"),
        ("Reserve share", "25.6% of person-months"),
        ("Domestic force at the end", "3,477 officers trained"),
        ("Solver", "stopped at the time limit, proven gap 1.23%"),
        ("Time", "75.3 s (60.0 s of it solving)"),
    ]


def test_key_figures_of_a_kpis_file_without_figures_say_there_are_none() -> None:
    """A kpis.json edited down to nothing (or of a run from before a figure was
    recorded): each figure reads as none, not as a share of no demand, a worst month of
    none or a solve that ended in some way."""
    said = [str(figure) for figure in st.key_figures({}, _three_regions())]
    assert said == [
        "0 effective person-months (no demand)",
        "no shortfall",
        "0.0 M USD (tours 0.0 M, domestic force 0.0 M)",
        "0 by 0 of 3 nations",
        "0 of 3",
        "nobody in theatre",
        "0 officers trained",
        "unknown, no proven gap",
        "0.0 s (0.0 s of it solving)",
    ]
    # The worst month's figure edited out, its month left.
    [_, worst, *_] = st.key_figures({"peak_shortfall_month": "2000-02"}, _three_regions())
    assert str(worst) == "0 effective personnel short in 2000-02"


@pytest.mark.parametrize(
    ("termination", "gap", "said"),
    [
        ("optimal", 0.0, "solved to the gap asked, proven gap 0.00%"),
        (
            "interrupted",
            0.0312,
            "interrupted (Ctrl-C or SIGTERM), its best plan by then, proven gap 3.12%",
        ),
        ("infeasible", None, "no plan keeps every rule, no proven gap"),
        ("unbounded", None, "unbounded, no proven gap"),
        (
            "error",
            None,
            "branch-and-bound stopped on an error, the plan the search's, no proven gap",
        ),
        ("other", 0.5, "branch-and-bound stopped early, the plan the search's, proven gap 50.00%"),
        # No solver: nothing proven, so no gap is said, none or not.
        ("heuristic", None, "a heuristic's plan, no solver"),
        ("hand-made", 0.1, "a hand-made plan, no solver"),
        ("rolling-horizon", None, "a rolling horizon's windows, no proven gap"),
        (
            "rolling-stopped",
            None,
            "a rolling horizon stopped before its last window, no proven gap",
        ),
        # A code this forcegen does not know (a newer one's) is said as written; one
        # edited to a blank or null, as none.
        ("stalled", None, "stalled, no proven gap"),
        ("", None, "unknown, no proven gap"),
        (None, None, "unknown, no proven gap"),
    ],
)
def test_how_each_solve_ended_reads_in_a_planners_words(
    termination: str | None, gap: float | None, said: str
) -> None:
    assert st.how_solved({"termination": termination, "gap": gap}) == said


def test_every_figure_of_kpis_json_of_the_wrong_type_is_named(tmp_path: Path) -> None:
    """A hand-edited kpis.json is refused at every figure that is not what its key holds,
    each named, where a figure let through failed halfway through a report: a number
    typed as text ("12"), NaN (no figure to compute with), a list or a record of the
    wrong shape. An infinite bound is one not found, as older runs wrote it."""
    text, lots = 5, "lots"
    wrong = {
        "scenario": text,
        "model": text,
        "model_file": text,
        "model_sha256": text,
        "total_shortfall": "12",
        "peak_shortfall": lots,
        "peak_shortfall_month": text,
        "peak_after_arrival": lots,
        "peak_after_arrival_month": text,
        "demand": lots,
        "international_cost": lots,
        "domestic_cost": lots,
        "cost": lots,
        "tours": lots,
        "nations": "A",
        "handover": ["r"],
        "regions_handed_over": lots,
        "reserve_person_months": lots,
        "reserve_share": lots,
        "final_domestic_strength": lots,
        "termination": text,
        "solution": text,
        "objective": lots,
        "bound": lots,
        "gap": lots,
        "solve_seconds": lots,
        "build_seconds": lots,
        "wall_seconds": lots,
        "warnings": "idle",
    }
    run = tmp_path / "run"
    run.mkdir()
    (run / "kpis.json").write_text(json.dumps(wrong))
    with pytest.raises(ScenarioError) as raised:
        st.read_kpis(run)
    assert [p.column for p in raised.value.problems] == list(wrong)
    # A figure inside a record is named by its path.
    (run / "kpis.json").write_text('{"handover": {"r": "2000-03", "s": 5}}')
    with pytest.raises(ScenarioError) as raised:
        st.read_kpis(run)
    assert [p.column for p in raised.value.problems] == ["handover.s"]
    (run / "kpis.json").write_text('{"cost": NaN, "bound": Infinity, "mine": "kept"}')
    with pytest.raises(ScenarioError) as raised:
        st.read_kpis(run)
    assert [p.column for p in raised.value.problems] == ["cost"]
    (run / "kpis.json").write_text('{"bound": Infinity, "mine": "kept"}')
    assert st.read_kpis(run) == {"bound": float("inf"), "mine": "kept"}


def test_a_folder_that_is_no_run_is_said_as_what_it_is(tmp_path: Path) -> None:
    """kpis.json missing (from a plan folder of tours alone, with the command that works
    them out), no JSON, or JSON but no record; a scenario's folder; an infeasible
    variant's, its reason the proof's second line however it is encoded (a code page's
    `é`), not its third."""
    from forcegen.fileformat import INFEASIBLE_FILE

    def said(folder: Path) -> list[tuple[str, str, str]]:
        with pytest.raises(ScenarioError) as raised:
            st.read_kpis(folder)
        return [(p.file, p.rule, p.message) for p in raised.value.problems]

    run = tmp_path / "run"
    run.mkdir()
    path = str(run / "kpis.json")
    assert said(run) == [(path, "missing-file", f"a run folder has one; {run} has none")]
    # A planner's folder of tours, kept inside a scenario's folder.
    (run / "scenario.yaml").write_text("name: mine\n")
    (run / "assignments.csv").write_text("unit,task,region,start\n")
    hint = f"; it holds tours without the tables a run has: {st.EVALUATE_WORKS_THEM_OUT}"
    assert said(run) == [(path, "missing-file", f"a run folder has one; {run} has none{hint}")]
    (run / "kpis.json").write_text("[1, 2]")
    assert said(run) == [(path, "json-shape", "must be an object")]
    (run / "kpis.json").write_bytes(b'{"model": "caf\xe9"}')
    assert said(run) == [(path, "encoding", "byte 0xe9 is not UTF-8 text; save the file as UTF-8")]
    (run / "kpis.json").write_text('{"cost": 1,}')
    with pytest.raises(json.JSONDecodeError) as bad:
        json.loads('{"cost": 1,}')
    assert said(run) == [(path, "json-syntax", str(bad.value))]
    (run / "assignments.csv").unlink()
    assert said(run) == [
        (
            str(run),
            "not-a-run",
            "a scenario folder, not a run folder: `forcegen solve` writes one",
        )
    ]
    proof = tmp_path / "infeasible"
    proof.mkdir()
    (proof / INFEASIBLE_FILE).write_bytes(b"0123abcd\nmin_nations: trop peu \xe9\nthird\n")
    reason = "min_nations: trop peu \ufffd (infeasible.txt)"
    assert said(proof) == [(str(proof), "no-plan", f"proven infeasible, no plan: {reason}")]
    (proof / INFEASIBLE_FILE).write_text("0123abcd\n")
    assert said(proof) == [(str(proof), "no-plan", "proven infeasible, no plan")]
    # A plan beside a proof (a variant solved again, say) is read.
    (proof / "kpis.json").write_text('{"tours": 2}')
    assert st.read_kpis(proof) == {"tours": 2}


def test_a_plan_whose_tours_name_mostly_codes_of_another_scenario_is_said_made_on_it(
    tmp_path: Path,
) -> None:
    """More than half of the units and more than half of the regions its tours name are
    not in the scenario (2 of 3 each; codes padded as a spreadsheet pads them are its own,
    a blank cell none): another scenario's plan, named as such, by its name where kpis.json
    gives another one. Half of either, or of one alone, is a plan with unknown codes; under
    another name alone, a warning at kpis.json's `scenario`."""
    case = scenario(
        months=6,
        units=[unit("a"), unit("b")],
        regions=[Region(region="r", population=1000, risk=1)],
        demand=[],
    )
    run = tmp_path / "run"
    run.mkdir()

    def tours(*rows: str) -> list[tuple[str, int | None, str | None, str]]:
        (run / "assignments.csv").write_text("unit,task,region,start\n" + "".join(rows))
        problems = st.other_scenario(case, run, "given")
        assert all(p.rule == "other-scenario" for p in problems)
        return [(p.file, p.row, p.column, p.message) for p in problems]

    other = ("x,guard,q,2000-01\n", "y,guard,p,2000-01\n", " a ,guard, r ,2000-01\n", ",,,\n")
    said = "2 of the 3 units and 2 of the 3 regions its tours name are not in the scenario 'test'"
    assert tours(*other) == [
        (str(run / "assignments.csv"), None, None, f"{said} (given): the plan was made on another")
    ]
    assert tours(*other, "b,guard,r,2000-01\n") == []  # 2 of 4 units
    assert tours("x,guard,q,2000-01\n", "a,guard,p,2000-01\n") == []  # its unit
    assert tours("x,guard,q,2000-01\n", "y,guard,r,2000-01\n") == []  # its region
    (run / "kpis.json").write_text('{"scenario": "tiny"}')
    origin = "the plan was made on the scenario 'tiny', not on 'test' (given)"
    assert tours(*other) == [
        (str(run / "assignments.csv"), None, None, f"{origin}: {said} (given)")
    ]
    tours("a,guard,r,2000-01\n")
    [renamed] = st.other_scenario(case, run, "given")
    assert (renamed.file, renamed.column, renamed.severity, renamed.message) == (
        str(run / "kpis.json"),
        "scenario",
        "warning",
        f"{origin}; its units and regions are there, so it is judged all the same",
    )
    for made in ("test", ""):  # its own name, or none
        (run / "kpis.json").write_text(json.dumps({"scenario": made}))
        assert tours(*other)[0][3].endswith("the plan was made on another")
        assert tours("a,guard,r,2000-01\n") == []


def test_a_run_judged_against_a_scenario_other_than_its_own_copy_is_warned_of_it(
    tmp_path: Path,
) -> None:
    """a's 100 in the run's own copy, 90 in the scenario given: judged against the one
    given, with a word. A re-plan's copy holds its events: given that, not the other. A
    horizon of eight months beside the plan's six is said too. The copy itself given, or
    alike, or none in the run: nothing to say."""
    case = scenario(months=6, units=[unit("a")], demand=[])
    run, given = tmp_path / "run", tmp_path / "given"
    run.mkdir()
    own = run / "scenario"
    assert st.other_scenario(case, run, "src", given) == []
    case.to_folder(own)

    def said(judged: Scenario, path: Path = given) -> list[str]:
        problems = st.other_scenario(judged, run, "src", path)
        assert all(
            (p.file, p.rule, p.severity) == (str(own), "other-scenario", "warning")
            for p in problems
        )
        return [p.message for p in problems]

    assert said(case) == []
    fewer = scenario(months=6, units=[unit("a", personnel=90)], demand=[])
    assert said(fewer, own) == []
    assert said(fewer) == [
        f"the run's own copy ({own}) differs from {given}: judged against {given}"
    ]
    longer = scenario(months=8, units=[unit("a")], demand=[])
    horizons = "2000-01..2000-06 (6 months), the scenario's 2000-01..2000-08 (8 months)"
    (run / "replan.yaml").write_text("from: 2000-03\n")
    assert said(longer) == [
        f"the plan is a re-plan, made on its own copy of the scenario with its events in it, "
        f"which differs from {given}: to judge it as made or re-plan it, give {own}; the "
        f"plan's horizon is {horizons}"
    ]
    # A copy that cannot be read is not what is judged here: its reader says why.
    (own / "scenario.yaml").write_text("months: many\n")
    assert said(longer) == []


def test_a_run_folders_tables_are_read_as_the_statistics_need_them_or_refused(
    tmp_path: Path,
) -> None:
    """A nation's column of coverage headed as a spreadsheet may head it (` Intl_A`) is
    A's, its 600 read as figures; a planner's own column of tours is kept as written, as
    text. A run without its costs, coverage without its shortfall, a tour's unit not in
    the scenario and a start no month: each said where it is. A folder of tours alone is
    told how to work them out into a run."""
    run = _a_run(tmp_path / "run")
    shutil.copytree(run, tmp_path / "bad")

    def edit(path: Path, old: str, new: str) -> None:
        assert old in path.read_text()
        path.write_text(path.read_text().replace(old, new, 1))

    edit(run / "coverage.csv", "intl_A", " Intl_A")
    edit(run / "assignments.csv", "redeployed_from\n", "redeployed_from,note\n")
    edit(run / "assignments.csv", "2000-01,\n", "2000-01,,12\n")
    with pytest.warns(st.TablesEdited):
        results = Results.from_folder(run)
    assert results.coverage["intl_A"].sum() == 600
    assert results.assignments["note"].tolist() == ["12"]
    assert results.assignments["note"].dtype == st.WORDS
    bad = tmp_path / "bad"
    (bad / "costs.csv").unlink()
    edit(bad / "coverage.csv", "shortfall,", "shortfal,")
    edit(bad / "assignments.csv", "a,A,active,inf,guard,r,2000-01", "zz,A,active,inf,guard,r,later")
    with pytest.raises(ScenarioError) as raised:
        Results.from_folder(bad)
    assert [(p.file, p.row, p.column, p.rule) for p in raised.value.problems] == [
        ("assignments.csv", 2, "start", "format"),
        ("coverage.csv", 1, "shortfall", "missing-column"),
        ("costs.csv", None, None, "missing-file"),
        ("assignments.csv", 2, "unit", "unknown-unit"),
    ]
    # An empty folder: every file named, not a folder of tours.
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ScenarioError) as raised:
        Results.from_folder(empty)
    assert [(p.file, p.rule) for p in raised.value.problems] == [
        *((f"{name}.csv", "missing-file") for name in st.COLUMNS),
        (str(empty / "kpis.json"), "missing-file"),
        (str(empty / "scenario"), "scenario-path"),
    ]
    with pytest.raises(ScenarioError) as raised:
        Results.from_folder(str(tmp_path / "nowhere"))  # a path as text, as typed
    assert [(p.rule, p.message) for p in raised.value.problems] == [
        ("missing-folder", "the run does not exist")
    ]
    # A sweep's folder, its variants' runs in it: each of those is one, not it.
    sweep = tmp_path / "sweep"
    shutil.copytree(bad, sweep / "v1")
    with pytest.raises(ScenarioError) as raised:
        Results.from_folder(sweep)
    assert [(p.rule, p.message) for p in raised.value.problems] == [
        (
            "not-a-run",
            f"a folder of runs (a sweep's?), not a run: give one of them ({sweep / 'v1'})",
        )
    ]
    # A cell of the run's scenario copy named inside it; a re-plan's record, as its own.
    units = bad / "scenario" / "units.csv"
    copy, text = tmp_path / "copy", units.read_text()
    shutil.copytree(run, copy)
    units.write_text(text.replace(",100,", ",lots,"))
    (copy / "replan.yaml").write_text("from: never\n")
    for folder, where in ((bad, ("scenario/units.csv", 2)), (copy, ("replan.yaml", 1))):
        with pytest.raises(ScenarioError) as raised, warnings.catch_warnings():
            warnings.simplefilter("ignore", st.TablesEdited)
            Results.from_folder(folder)
        assert where in [(p.file, p.row) for p in raised.value.problems]
    tours = tmp_path / "tours"
    tours.mkdir()
    shutil.copy(run / "assignments.csv", tours)
    # Its costs beside them: a run with files missing, each named.
    shutil.copy(run / "costs.csv", tours)
    with pytest.raises(ScenarioError) as raised:
        Results.from_folder(tours)
    assert {p.rule for p in raised.value.problems} == {"missing-file", "scenario-path"}
    (tours / "costs.csv").unlink()
    with pytest.raises(ScenarioError) as raised:
        Results.from_folder(tours)
    assert [(p.file, p.rule, p.message) for p in raised.value.problems] == [
        (
            str(tours),
            "not-a-run",
            f"tours without the tables a run has: {st.EVALUATE_WORKS_THEM_OUT}",
        )
    ]


def test_a_plan_in_memory_is_refused_at_its_first_month_outside_the_horizon_given() -> None:
    """a's tour from March: coverage and domestic have a row a month, the fifth (index 4)
    May's, the first outside a horizon of four months. A coverage table without its
    shortfall is named as the table given. Larger units under the same codes: worked out
    on the scenario given, with a word at the line that paired them."""
    import warnings

    from forcegen.scenario.problems import ScenarioWarning

    case = scenario(months=6, units=[unit("a")], demand=[("r", "guard", 0, 5, 100)])
    tours = pd.DataFrame([{"unit": "a", "task": "guard", "region": "r", "start": month(2)}])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tables it lacks, worked out
        plan, _ = evaluate_plan(case, spec(), {"assignments": tours})
    shorter = scenario(months=4, units=[unit("a")], demand=[("r", "guard", 0, 3, 100)])
    with pytest.raises(ScenarioError) as raised:
        Results.from_plan(plan, shorter)
    outside = "2000-05 is outside the horizon of the scenario given (2000-01..2000-04)"
    assert [(p.file, p.column, p.rule, p.message) for p in raised.value.problems] == [
        (f"the {name} table given, index 4", "month", "outside-horizon", outside)
        for name in ("coverage", "domestic")
    ]
    results = Results.from_plan(plan, case)
    lacking = dataclasses.replace(results, coverage=results.coverage.drop(columns="shortfall"))
    with pytest.raises(ScenarioError) as raised:
        Results.from_plan(lacking, case)
    assert [(p.file, p.column, p.rule) for p in raised.value.problems] == [
        ("the coverage table given (row 1 its header)", "shortfall", "missing-column")
    ]
    larger = scenario(
        months=6, units=[unit("a", personnel=120)], demand=[("r", "guard", 0, 5, 100)]
    )
    with pytest.warns(ScenarioWarning, match="made on another scenario") as said:
        Results.from_plan(results, larger)
    assert [warning.filename for warning in said] == [__file__]


def test_every_figure_a_comparison_shows_is_given_a_planners_name() -> None:
    """A re-plan's table of its key figures beside the plan replaced names each by its
    label, or else by its code: `peak after arrival`, `international cost` read as codes."""
    from forcegen.sweep.compare import COMPARED_KPIS

    assert set(COMPARED_KPIS) <= set(st.KPI_LABELS)
