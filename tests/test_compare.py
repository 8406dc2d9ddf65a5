"""Comparisons of runs: deltas against a baseline, and the figures of a comparison."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from forcegen.cli import app
from forcegen.fileformat import REPLAN
from forcegen.plots import RUN_PALETTE
from forcegen.scenario.problems import ScenarioError
from forcegen.stats import kpi_unit
from forcegen.sweep.compare import (
    COUNTS,
    NUMERIC_KPIS,
    ROWS,
    OtherCurrency,
    beaten_by,
    change,
    compare_runs,
    comparison_figure,
    dominated_by,
    frontier_figure,
    scenario_changes,
    unjudged_by_gaps,
    within_gap,
)
from tests.cells import frame, missing, series
from tests.conftest import TINY, edit


def _run(folder: Path, kpis: dict[str, object], currency: str | None) -> Path:
    """A run folder of `kpis`, keeping a scenario in `currency` (None: the default)."""
    (folder / "scenario").mkdir(parents=True)
    settings = {"name": "copied"} | ({"currency": currency} if currency else {})
    (folder / "scenario" / "scenario.yaml").write_text(yaml.safe_dump(settings))
    (folder / "kpis.json").write_text(json.dumps(kpis))
    return folder


def test_costs_in_another_currency_than_the_baselines_are_not_subtracted(tmp_path: Path) -> None:
    """A copy of a scenario in EUR against its USD run read as a rise of 37.5M, +14.2%,
    said only as other contents of the scenario."""
    usd = _run(tmp_path / "usd", {"cost": 263.7e6, "total_shortfall": 3117.0}, "USD")
    eur = _run(tmp_path / "eur", {"cost": 301.2e6, "total_shortfall": 2766.0}, "EUR")
    # The schema's default currency is USD: a scenario that names none is in the baseline's.
    unnamed = _run(tmp_path / "unnamed", {"cost": 250.0e6, "total_shortfall": 3000.0}, None)
    with pytest.warns(OtherCurrency) as said:
        table = compare_runs([usd, eur, unnamed], judge=False).set_index(["run", "kpi"])
    assert [str(warning.message) for warning in said] == [
        f"{eur}: [other-currency] its costs are in EUR, the baseline's in USD: not "
        "subtracted (delta and delta_pct blank)"
    ]
    cost = series(table.loc[("eur", "cost")])
    assert (cost["unit"], cost["value"], cost["baseline"]) == ("EUR", 301.2e6, 263.7e6)
    assert pd.isna(cost["delta"]) and pd.isna(cost["delta_pct"])
    # What is no money changes as before; a run in the baseline's currency too.
    assert table.loc[("eur", "total_shortfall"), "delta"] == -351.0
    assert table.loc[("unnamed", "cost"), "delta"] == pytest.approx(-13.7e6)
    assert table.loc[("unnamed", "cost"), "unit"] == "USD"


def test_each_runs_model_file_is_in_the_table_beside_the_baselines(tmp_path: Path) -> None:
    """Two runs under two files of one name: which file each came from is in the table, as
    kpis.json has it, blank for a run written before it was recorded."""
    kpis = {"model": "security-keeping", "total_shortfall": 3.0}
    bundled = _run(tmp_path / "a", kpis | {"model_file": "security-keeping"}, None)
    copy = _run(tmp_path / "b", kpis | {"model_file": "/work/sk.yaml"}, None)
    old = _run(tmp_path / "c", kpis, None)
    table = compare_runs([bundled, copy, old], judge=False).drop_duplicates("run")
    files = table.set_index("run")
    assert files.at["b", "model_file"] == "/work/sk.yaml"
    assert files.at["b", "baseline_model_file"] == "security-keeping"
    assert files["model_file"].isna().to_dict() == {"a": False, "b": False, "c": True}


def test_the_terminal_lists_a_run_in_another_currency_and_shows_no_change_of_its_cost(
    tmp_path: Path,
) -> None:
    """The terminal had said the warning as Python's, with its source line, and shown the
    cost's change worked out again from the two figures (+37.5 M) beside the blank."""
    usd = _run(tmp_path / "usd", {"cost": 263.7e6, "total_shortfall": 3117.0}, "USD")
    eur = _run(tmp_path / "eur", {"cost": 301.2e6, "total_shortfall": 2766.0}, "EUR")
    result = CliRunner().invoke(app, ["compare", str(usd), str(eur)])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "[other-currency] its costs are in EUR, the baseline's in USD" in said
    assert "warnings.warn" not in said and "+37.5" not in said
    assert "-351" in said  # the shortfall's change, no money, still shown
    # Each cost says its currency, as the two differ; a run's figure had read as dollars.
    assert "263.7 M USD" in said and "301.2 M EUR" in said
    # A baseline not among the runs, shown first, says its own.
    alone = CliRunner().invoke(app, ["compare", str(eur), "--baseline", str(usd)])
    said = " ".join(alone.output.split())
    assert alone.exit_code == 0, alone.output
    assert "263.7 M USD" in said and "301.2 M EUR" in said
    assert "- EUR" not in said  # a figure the runs lack has no unit to say
    # Runs in one currency say it once, in the row's unit, not at each figure.
    same = CliRunner().invoke(app, ["compare", str(usd), str(usd)])
    cost = next(line for line in same.output.splitlines() if line.startswith("│ cost "))
    assert [cell.strip() for cell in cost.split("│")[1:4]] == ["cost", "USD", "263.7 M"], cost
    assert "M USD" not in " ".join(same.output.split())


def test_the_terminals_table_says_each_figures_unit_as_the_charts_do(tmp_path: Path) -> None:
    """The table showed "1,610.6 M" and "73,791" with no unit, where the CSV and the
    charts name them: an analyst could not tell the currency, nor person-months from
    people. Four runs still share one table at 100 columns: the unit folds first."""
    kpis: dict[str, object] = {
        "total_shortfall": 3117.0,
        "peak_shortfall": 410.0,
        "demand": 9000.0,
        "cost": 263.7e6,
        "reserve_share": 0.1,
        "final_domestic_strength": 120.0,
        "wall_seconds": 3.0,
    }
    runs = [
        _run(tmp_path / f"variant-{i}", kpis | {"total_shortfall": 3117.0 - i}, "NZD")
        for i in range(4)
    ]
    result = CliRunner().invoke(app, ["compare", *map(str, runs)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(map(len, lines)) <= 100
    assert sum(line.startswith("KPIs against") for line in lines) == 1, result.output
    # Each row's unit, its words on as many lines as its column folds it to.
    units: dict[str, list[str]] = {}
    kpi = ""
    for cells in (line.split("│") for line in lines if line.count("│") == 7):
        kpi = cells[1].strip() or kpi
        units.setdefault(kpi, []).append(cells[2].strip())
    said = {k: " ".join(word for word in words if word) for k, words in units.items()}
    assert set(kpis) < set(said) and said.pop("hard rules") == ""
    assert said == {k: kpi_unit(k, "NZD") for k in said}, said
    assert said["cost"] == "NZD" and said["total_shortfall"] == "effective person-months"


def test_a_runs_name_folds_after_its_underscores_not_mid_word(tmp_path: Path) -> None:
    """A sweep's variant named with underscores folded mid-word in its column's header
    (`budget_cut` over `_twenty_pe`), where one with hyphens folded at them: each line of
    a header is now whole parts of the name, each ending at an underscore or a hyphen."""
    names = ["baseline", "budget_cut_twenty_percent_everywhere", "caveats-lifted-for-partners"]
    runs = [_run(tmp_path / name, {"total_shortfall": 3117.0}, None) for name in names]
    result = CliRunner().invoke(app, ["compare", *map(str, runs)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    header = [line for line in result.output.splitlines() if line.startswith("┃")]
    columns = [[line.split("┃")[i].strip() for line in header] for i in (4, 5)]
    folded = [[part for part in column if part] for column in columns]
    assert folded == [
        ["budget_cut_", "twenty_", "percent_", "everywhere"],
        ["caveats-", "lifted-for-", "partners"],
    ], result.output


def test_a_wide_terminal_shows_the_runs_names_on_fewer_lines(tmp_path: Path) -> None:
    """The runs' names were folded to their figures' width (10) at any terminal's width:
    at 200 columns a variant's name took five lines beside 70 columns unused. The width
    left over goes to the names: at 200 each is whole on one line, at 120 the columns left
    are shared among the two folded names, each on two lines."""
    names = ["baseline", "budget_cut_twenty_percent_everywhere", "caveats-lifted-for-partners"]
    runs = [_run(tmp_path / name, {"total_shortfall": 3117.0}, None) for name in names]
    headers = {}
    for width in (200, 120):
        command = ["compare", *map(str, runs)]
        result = CliRunner().invoke(app, command, env={"COLUMNS": str(width)})
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert max(map(len, lines)) <= width, result.output
        header = [line for line in lines if line.startswith("┃")]
        columns = [[line.split("┃")[i].strip() for line in header] for i in (4, 5)]
        headers[width] = [[part for part in column if part] for column in columns]
    assert headers[200] == [[names[1]], [names[2]]]
    assert headers[120] == [
        ["budget_cut_twenty_", "percent_everywhere"],
        ["caveats-lifted-for-", "partners"],
    ], headers


def test_the_runs_no_other_beats_on_shortfall_and_cost_are_said(tmp_path: Path) -> None:
    """An analyst comparing variants had to work out from the table which leaves the least
    shortfall at no more cost. base: 3,000 short at 250M; lean 3,500 at 200M, no worse
    than another on both; rich 2,000 at 300M; wasteful 3,000 at 260M (base beats it) and
    worse 3,600 at 260M (base and lean beat it, base the less short); euro's cost is in
    another currency, compared with none."""
    runs = [
        _run(tmp_path / name, {"cost": cost * 1e6, "total_shortfall": short}, currency)
        for name, short, cost, currency in [
            ("base", 3000.0, 250, None),
            ("lean", 3500.0, 200, None),
            ("rich", 2000.0, 300, None),
            ("wasteful", 3000.0, 260, None),
            ("worse", 3600.0, 260, None),
            ("euro", 1000.0, 10, "EUR"),
        ]
    ]
    with pytest.warns(OtherCurrency):
        table = compare_runs(runs, judge=False)
    assert dominated_by(table) == {
        "base": None,
        "lean": None,
        "rich": None,
        "wasteful": "base",
        "worse": "base",
    }
    # A plan breaking a hard rule is no plan to choose: it neither beats nor is beaten.
    broken = table.assign(violations=(table["run"] == "rich").astype("Int64"))
    assert "rich" not in dominated_by(broken)
    # Alike to a rounding, neither beats the other.
    twins = [
        _run(tmp_path / name, {"cost": cost, "total_shortfall": 100.0}, None)
        for name, cost in [("one", 1e8), ("other", 1e8 * (1 + 1e-12))]
    ]
    assert dominated_by(compare_runs(twins, judge=False)) == {"one": None, "other": None}
    # A sweep's index (a row per variant, its shortfall and cost beside) was a KeyError 'kpi'.
    index = pd.DataFrame({"variant": ["one"], "total_shortfall": [100.0], "cost": [1e8]})
    with pytest.raises(ValueError, match=r"takes compare_runs's table.*no run, kpi, value"):
        dominated_by(index)
    said = " ".join(CliRunner().invoke(app, ["compare", *map(str, runs[:5])]).output.split())
    assert (
        "Shortfall against cost, beaten by no other run: base, lean, rich (none leaves less "
        "shortfall at no more cost, nor costs less at no more shortfall); beaten: wasteful by "
        "base, worse by base"
    ) in said


def test_a_re_plan_rivals_only_re_plans_on_shortfall_and_cost(tmp_path: Path) -> None:
    """compare said "beaten: re by base" of a re-plan after a partner's withdrawal against
    the plan it replaced: that plan is no longer to be had. base 3,000 short at 250M; re, a
    re-plan, 3,500 at 260M, beaten by no run it could be chosen over; cheaper, another
    re-plan, 3,400 at 255M, beats it; lavish 3,000 at 300M is beaten by base alone."""
    figures = [
        ("base", 3000.0, 250),
        ("re", 3500.0, 260),
        ("cheaper", 3400.0, 255),
        ("lavish", 3000.0, 300),
    ]
    runs = [
        _run(tmp_path / name, {"cost": cost * 1e6, "total_shortfall": short}, None)
        for name, short, cost in figures
    ]
    for replan in runs[1:3]:
        (replan / REPLAN).write_text(yaml.safe_dump({"from": "2001-03", "base_run": "../base"}))
    table = compare_runs(runs, judge=False)
    assert table.drop_duplicates("run").set_index("run")["replan"].to_dict() == {
        "base": False,
        "re": True,
        "cheaper": True,
        "lavish": False,
    }
    assert dominated_by(table) == {"base": None, "re": "cheaper", "cheaper": None, "lavish": "base"}
    # A table without the column (a CSV of an earlier forcegen) rivals every run with every one.
    assert dominated_by(table.drop(columns="replan"))["re"] == "base"


def test_a_run_named_first_after_one_left_out_is_the_first_run_given(tmp_path: Path) -> None:
    """`compare DIR/infeasible DIR/rushed DIR/base`: the infeasible variant left out, the
    baseline was `rushed`, said to be "the sweep's first solved variant (none leaves its
    base as it is)", where `base` does and was given: it is the first run given compared."""
    from forcegen.sweep.spec import INDEX

    sweep = tmp_path / "sweep"
    for name in ("base", "rushed"):
        _run(sweep / name, {"cost": 1e6, "total_shortfall": 10.0}, "USD")
    (sweep / "infeasible").mkdir()
    pd.DataFrame(
        {"variant": ["base", "infeasible", "rushed"], "folder": ["base", "infeasible", "rushed"],
         "status": ["solved", "infeasible", "solved"],
         "set:solver.time_limit": [None, None, 0.5]}
    ).to_parquet(sweep / INDEX)  # fmt: skip
    named = [str(sweep / name) for name in ("infeasible", "rushed", "base")]
    result = CliRunner().invoke(app, ["compare", *named])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "the baseline: the first run given that is compared" in said, said
    assert "KPIs against rushed" in said
    # The sweep's folder, or its every entry, gives its base first, and says so.
    for given in ([str(sweep)], [str(entry) for entry in sweep.iterdir()]):
        result = CliRunner().invoke(app, ["compare", *given])
        said = " ".join(result.output.split())
        assert "the baseline: the sweep's variant that changes nothing of its base" in said


def test_runs_of_other_contents_are_said_beside_runs_of_other_scenarios(tmp_path: Path) -> None:
    """A third run of another scenario had hidden which runs of the baseline's scenario
    were of other contents (a re-plan, an edited copy): its warning alone was said."""
    base = _run(tmp_path / "base", {"scenario": "tiny", "total_shortfall": 10.0}, None)
    edited = _run(tmp_path / "edited", {"scenario": "tiny", "total_shortfall": 8.0}, None)
    (edited / "scenario" / "notes.txt").write_text("an edited copy")
    other = _run(tmp_path / "other", {"scenario": "elsewhere", "total_shortfall": 5.0}, None)
    result = CliRunner().invoke(app, ["compare", str(base), str(edited), str(other)])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "different scenarios (tiny: base, edited; elsewhere: other)" in said
    # The other scenario's run is not of the baseline's with other contents: not named so.
    assert (
        "than the baseline's (a variant, a re-plan's events, an edited copy): edited KPIs" in said
    )


def test_a_cost_in_another_currency_has_no_bar_on_the_baselines_axis(tmp_path: Path) -> None:
    """The figure drew 301.2M EUR beside 263.7M USD, level with the baseline's line, with
    no unit, where the table and the terminal leave the change blank."""
    usd = _run(tmp_path / "usd", {"cost": 263.7e6, "total_shortfall": 3117.0}, "USD")
    eur = _run(tmp_path / "eur", {"cost": 301.2e6, "total_shortfall": 2766.0}, "EUR")
    with pytest.warns(OtherCurrency):
        table = compare_runs([usd, eur], judge=False)
    figure = comparison_figure(table.assign(violations=0))
    bars = [(bar.x[0], bar.y[0], bar.text[0]) for bar in figure.data]
    assert bars == [
        ("usd", 3117.0, ""),
        ("eur", 2766.0, ""),
        ("usd", 263.7e6, ""),
        ("eur", 0.0, "in EUR,<br>not compared"),
        ("usd", 0.0, "none"),  # the gap, none without a bound
        ("eur", 0.0, "none"),
    ]
    # The cost's chart in the unit of the bars drawn, the baseline's.
    titles = [title.text for title in figure.layout.annotations]
    assert titles[1] == "cost<br><sup>USD</sup>"
    # The baseline named, in the table and the figure: "dotted: baseline" had read as the
    # run labelled so, where the baseline given was another, not drawn (an analyst's).
    assert set(table["baseline_run"]) == {"usd"}
    assert figure.layout.title.text == "KPIs by run (dotted: usd)"
    with pytest.warns(OtherCurrency):
        alone = compare_runs([eur], baseline=usd, judge=False)
    assert set(alone["baseline_run"]) == {"usd"}  # as the terminal names it
    figure = comparison_figure(alone.assign(violations=0))
    assert figure.layout.title.text == "KPIs by run (dotted: usd)"


def test_a_figure_of_zero_is_written_0_at_its_bar() -> None:
    """A figure 0 in every run (no domestic cost, no region handed over) was an empty chart,
    its axis 0 to 1, read as figures missing."""
    table = _figures_of(["a", "b"])
    zero = table["kpi"].isin(["domestic_cost", "regions_handed_over"])
    table.loc[zero, ["value", "baseline"]] = 0.0
    table.loc[table["kpi"] == "gap", "value"] = None
    # A chart a key figure, in their order, each with a bar a run.
    charts = [kpi for kpi in NUMERIC_KPIS for _ in ("a", "b")]
    labels = {
        (kpi, bar.x[0]): (bar.y[0], bar.text[0])
        for kpi, bar in zip(charts, comparison_figure(table).data, strict=True)
    }
    assert labels[("domestic_cost", "a")] == labels[("regions_handed_over", "b")] == (0, "0")
    # No run with a gap (no bound proven, the usual case at a short time limit): its chart
    # says so, where it had gone without a word.
    assert labels[("gap", "a")] == labels[("gap", "b")] == (0, "none")
    assert labels[("cost", "a")] == (1.0, "")


def test_a_chart_of_a_few_regions_or_tours_has_whole_ticks() -> None:
    """S's sweep, each variant 2 regions handed over: the chart's ticks read 0.5 and 1.5
    regions."""
    table = _figures_of(["a", "b"])
    table.loc[table["kpi"].isin(COUNTS), ["value", "baseline"]] = 2.0
    layout = comparison_figure(table).layout
    assert layout[_axis("regions_handed_over")].dtick == layout[_axis("tours")].dtick == 1
    # Not a figure of fractions, nor a count's chart from 10 up, whose own steps are whole.
    assert layout[_axis("total_shortfall")].dtick is None
    table.loc[table["kpi"] == "tours", "value"] = 56.0
    assert comparison_figure(table).layout[_axis("tours")].dtick is None


def test_a_frontier_or_comparison_of_the_wrong_table_says_which_to_give() -> None:
    """frontier.csv read back into beaten_by failed as a KeyError of the index's cap column,
    and a sweep's index given to comparison_figure as one of `kpi`: neither said what to
    give instead."""
    written = pd.DataFrame(
        {
            "variant": ["budget-0.5", "budget-1"],
            "status": ["solved", "solved"],
            "budget_cap": [500.0, 1000.0],
            "international_cost": [490.0, 900.0],
            "beaten_by": ["", "budget-0.5"],
        }
    )
    with pytest.raises(ValueError, match=r"objective.*frontier.csv.*DIR/index.parquet"):
        beaten_by(written)
    # With each point's objective, frontier.csv's cap column serves as the index's does.
    assert beaten_by(written.assign(objective=[1.0, 2.0])) == ["", "budget-0.5"]
    index = written.rename(columns={"budget_cap": "set:model.mission.total_budget"})
    with pytest.raises(ValueError, match=r"compare_runs' table.*comparison_figure\(compare_runs"):
        comparison_figure(index)


def _axis(kpi: str) -> str:
    """The layout's name of the axis of figures of a comparison figure's chart of `kpi`."""
    i = NUMERIC_KPIS.index(kpi)
    return f"yaxis{i + 1 if i else ''}"


def _figures_of(runs: list[str]) -> pd.DataFrame:
    """A comparison's table of `runs`, every figure 1 and the baseline's too."""
    return pd.DataFrame(
        [
            {
                "run": run,
                "baseline_run": runs[0],
                "kpi": kpi,
                "unit": kpi_unit(kpi, "USD"),
                "value": 1.0,
                "baseline": 1.0,
                "delta": 0.0,
                "violations": 0,
            }
            for run in runs
            for kpi in NUMERIC_KPIS
        ]
    )


def test_each_run_of_a_comparison_has_a_bar_of_its_own_colour_or_pattern() -> None:
    """Plotly's ten colours over again gave 15 runs five pairs that could not be told apart."""
    runs = [f"budget=x{i}" for i in range(15)]
    bars = [bar for bar in comparison_figure(_figures_of(runs)).data if bar.showlegend]
    assert [bar.name for bar in bars] == runs
    assert len({bar.marker.color for bar in bars}) == 15
    assert {bar.marker.pattern.shape for bar in bars} == {""}
    # Beyond the palette's colours, a run is told apart by its bars' pattern.
    runs = [f"budget=x{i}" for i in range(len(RUN_PALETTE) + 2)]
    bars = [bar for bar in comparison_figure(_figures_of(runs)).data if bar.showlegend]
    marks = [(bar.marker.color, bar.marker.pattern.shape) for bar in bars]
    assert len(set(marks)) == len(runs)
    assert marks[-2:] == [(RUN_PALETTE[0], "/"), (RUN_PALETTE[1], "/")]
    # A run's bar is its colour and pattern in every chart, named in the legend once.
    first = {bar.legendgroup: bar.marker for bar in bars}
    for bar in comparison_figure(_figures_of(runs)).data:
        assert bar.marker == first[bar.legendgroup]


def test_names_of_frontier_points_near_each_other_are_written_apart() -> None:
    """budget-0.8 and budget-1 found plans of one cost, 182.8M, 20 short of each other:
    their names were written one over the other, neither readable."""
    table = pd.DataFrame(
        {
            "variant": ["budget-0.6", "budget-0.8", "budget-0.9", "budget-1"],
            "status": ["solved"] * 4,
            "budget_cap": [149.5e6, 199.3e6, 224.2e6, 249.1e6],
            "international_cost": [136.6e6, 182.8e6, 183.0e6, 182.8e6],
            "total_shortfall": [6929.0, 6159.0, 6170.0, 6179.0],
            "regions_handed_over": [4, 3, 3, 3],
            "beaten_by": ["", "budget-0.6", "budget-0.6", "unconstrained"],
        }
    )
    free = {"international_cost": 249.1e6, "total_shortfall": 3430.0, "regions_handed_over": 3}
    figure = frontier_figure(table, "USD", free)
    written = {
        name: at
        for trace in figure.data
        if trace.text is not None
        for name, at in zip(trace.text, trace.textposition, strict=True)
        if name and "text" in trace.mode
    }
    # The higher's name above, the lower's below, a third's beside: a point far from the
    # others (budget-0.6) named above it, the plan without a cap below its star.
    assert written == {
        "budget-0.6": "top center",
        "budget-1": "top center",
        "budget-0.9": "bottom center",
        "budget-0.8": "middle right",
        "unconstrained": "bottom left",
    }
    # A cap whose plan is the plan without a cap's is named apart from the star, once.
    same = table[table["variant"].isin(["budget-0.6", "budget-1"])].assign(
        international_cost=[136.6e6, 249.1e6], total_shortfall=[6929.0, 3430.0], beaten_by=""
    )
    line, star = frontier_figure(same, "USD", free).data[:2]
    named = [(name, at) for name, at in zip(line.text, line.textposition, strict=True) if name]
    assert named == [("budget-0.6", "top center"), ("budget-1", "top left")]
    assert list(zip(star.text, star.textposition, strict=True)) == [
        ("unconstrained", "bottom left")
    ]


def _scored(folder: Path, objective: float, model: dict[str, object], priority: int = 5) -> Path:
    """A run of objective `objective` under `model` (its model.yaml), on a scenario whose
    one task is of `priority`."""
    named = {"scenario": "copied", "model": model.get("name", "security-keeping")}
    run = _run(folder, named | {"objective": objective, "total_shortfall": 10.0}, None)
    (run / "scenario" / "tasks.csv").write_text(f"task,priority\npatrol,{priority}\n")
    (run / "model.yaml").write_text(yaml.safe_dump({"name": "security-keeping"} | model))
    return run


def test_the_objective_changes_only_between_runs_it_scores_alike(tmp_path: Path) -> None:
    """rolling.csv, the sweep's index and a frontier's beaten_by give the model's objective,
    compare did not; its change between runs of other weights or priorities is none."""
    model: dict[str, object] = {
        "mission": {"total_budget": 100.0},
        "weights": {"cost": 0.001, "shortfall": 10.0},
    }
    base = _scored(tmp_path / "base", 1000.0, model)
    # A frontier's point: the same weights under a cap.
    capped = _scored(tmp_path / "capped", 1200.0, model | {"mission": {"total_budget": 50.0}})
    dearer = {"cost": 0.002, "shortfall": 10.0}
    reweighted = _scored(tmp_path / "reweighted", 1500.0, model | {"weights": dearer})
    other = _scored(tmp_path / "other", 900.0, model | {"name": "complex-peacekeeping"})
    urgent = _scored(tmp_path / "urgent", 1800.0, model, priority=9)
    # A soft rule's target: the baseline's plan, a nation short of min_nations' default
    # (soft), paid a million more than the same plan under min_nations 1 would (-90%).
    fewer = _scored(tmp_path / "fewer", 100.0, model | {"coalition": {"min_nations": 1}})
    # An end-date mission's objective has no handover term.
    ending = _scored(
        tmp_path / "ending", 500.0, model | {"mission": {"total_budget": 100.0, "end": "end-date"}}
    )
    # A cap under a soft budget: its overspend is priced.
    soft = {"rules": {"budget": "soft"}}
    softly = _scored(tmp_path / "softly", 1000.0, model | soft)
    softly_capped = _scored(
        tmp_path / "softly_capped", 1100.0, model | soft | {"mission": {"total_budget": 50.0}}
    )
    runs = [base, capped, reweighted, other, urgent, fewer, ending]
    table = compare_runs(runs, judge=False).set_index(["run", "kpi"])
    objective = frame(table.xs("objective", level="kpi"))
    assert objective["unit"].eq("the model's objective").all()
    assert objective["value"].tolist() == [1000.0, 1200.0, 1500.0, 900.0, 1800.0, 100.0, 500.0]
    assert objective["baseline"].eq(1000.0).all()
    assert objective.loc[["base", "capped"], "delta"].tolist() == [0.0, 200.0]
    assert objective.loc["capped", "delta_pct"] == pytest.approx(0.2)
    # Other weights, another model, other priorities, another soft target: no change, the
    # figures as they are.
    assert (
        objective.loc[["reweighted", "other", "urgent", "fewer", "ending"], ["delta", "delta_pct"]]
        .isna()
        .all(axis=None)
    )
    soft_table = compare_runs([softly, softly_capped], judge=False).set_index(["run", "kpi"])
    assert missing(soft_table.loc[("softly_capped", "objective"), "delta"])
    # The planners' figures change between them all, as before.
    assert table.loc[("urgent", "total_shortfall"), "delta"] == 0.0


def test_a_re_plans_objective_does_not_change_against_its_base(tmp_path: Path) -> None:
    """A re-plan without events is made on its base's scenario, under its model, but its
    objective weighs each tour changed: its change against the base had read +3,989, 2,000
    of it the one tour added."""
    model: dict[str, object] = {"weights": {"cost": 0.001, "shortfall": 10.0, "change": 2000.0}}
    base = _scored(tmp_path / "base", 1000.0, model)
    replan = _scored(tmp_path / "replan", 4989.0, model)
    (replan / REPLAN).write_text(yaml.safe_dump({"from": "2001-03", "base_run": "../base"}))
    objective = compare_runs([base, replan], judge=False).set_index(["run", "kpi"])
    assert objective.loc[("replan", "objective"), "value"] == 4989.0
    assert missing(objective.loc[("replan", "objective"), "delta"])
    assert objective.loc[("base", "objective"), "delta"] == 0.0


def test_plans_in_memory_are_told_to_be_written_first(tmp_path: Path) -> None:
    """A Results or Run given had failed in pathlib ('expected str, bytes or os.PathLike
    object, not Results') or as 'not iterable', saying nothing of what to give."""
    run = _run(tmp_path / "usd", {"cost": 263.7e6, "total_shortfall": 3117.0}, "USD")
    in_memory = object()
    for given in ([run, in_memory], in_memory):
        with pytest.raises(TypeError, match=r"compare_runs takes run folders, not object: write"):
            # What is refused is a type compare_runs does not take.
            compare_runs(given, judge=False)  # type: ignore[arg-type]
    # Folders in any iterable, as a notebook globs them, are compared as a list of them is.
    table = compare_runs([run], judge=False)
    for folders in (tmp_path.glob("usd"), iter([str(run)]), pd.Series([run]), {run}):
        assert compare_runs(folders, judge=False).equals(table)


def test_a_scenario_given_as_a_run_is_said_to_be_a_scenario(tmp_path: Path) -> None:
    """`compare SCENARIO RUN` said the scenario's folder lacked a kpis.json, "a run folder
    has one", where Results.from_folder says what it is: a scenario's, which solve makes
    a run of."""
    run = _run(tmp_path / "usd", {"cost": 263.7e6, "total_shortfall": 3117.0}, "USD")
    with pytest.raises(ScenarioError) as caught:
        compare_runs([run, TINY], judge=False)
    assert [(p.file, p.rule, p.message) for p in caught.value.problems] == [
        (str(TINY), "not-a-run", "a scenario folder, not a run folder: `forcegen solve` writes one")
    ]


def test_a_sweeps_variant_whose_run_is_of_other_inputs_is_left_out(tmp_path: Path) -> None:
    """Two sweeps into one folder at once, or one stopped after a variant was solved again
    and before its index: the index named a run of other inputs, and compare showed its
    figures under the index's settings, unsaid."""
    from forcegen.sweep.spec import HASH_FILE, INDEX

    sweep = tmp_path / "sweep"
    for name, written in (("a", "hash-a"), ("b", "hash-of-other-inputs")):
        _run(sweep / name, {"cost": 1e6, "total_shortfall": 10.0}, "USD")
        (sweep / name / HASH_FILE).write_text(f"{written}\n")
    pd.DataFrame(
        {"variant": ["a", "b"], "folder": ["a", "b"], "status": "solved",
         "inputs_hash": ["hash-a", "hash-b"]}
    ).to_parquet(sweep / INDEX)  # fmt: skip
    with pytest.warns(UserWarning) as said:
        table = compare_runs(sweep, judge=False)
    assert table["run"].unique().tolist() == ["a"]
    assert any(
        "a run of other inputs than its folder's index records" in str(w.message)
        and str(sweep / "b") in str(w.message)
        for w in said
    )
    # A solved variant's folder deleted since: left out too, where the whole comparison
    # had been refused, "the run does not exist" (an analyst's finding).
    shutil.rmtree(sweep / "b")
    with pytest.warns(UserWarning) as said:
        table = compare_runs(sweep, judge=False)
    assert table["run"].unique().tolist() == ["a"]
    assert any(
        f"{sweep / 'b'}: [left-out] a variant its index lists as solved, whose folder is gone"
        in str(w.message)
        for w in said
    )


def test_compare_into_a_closed_pipe_writes_its_files_and_says_so_by_its_exit(
    tmp_path: Path,
) -> None:
    """`compare ... --out F.csv | head` exited 1, as a plan that breaks rules, and wrote
    nothing: the table was shown first, and rich ends at a closed pipe."""
    import subprocess
    import sys

    usd = _run(tmp_path / "usd", {"cost": 263.7e6, "total_shortfall": 3117.0}, "USD")
    other = _run(tmp_path / "other", {"cost": 250.0e6, "total_shortfall": 3000.0}, "USD")
    command = "import sys; from forcegen.cli import app; sys.exit(app())"
    arguments = ["compare", str(usd), str(other), "--out", str(tmp_path / "c.csv")]
    reading = subprocess.Popen(
        [sys.executable, "-c", command, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reading.stdout is not None and reading.stderr is not None
    reading.stdout.close()  # as `head` goes away, here before the first line
    assert reading.wait(timeout=120) == 141
    assert "Traceback" not in reading.stderr.read()
    assert pd.read_csv(tmp_path / "c.csv")["run"].nunique() == 2
    # Printed past rich too (a solve's log to stdout): 141, not click's 1.
    solving = subprocess.Popen(
        [sys.executable, "-c", command, "solve", str(TINY), "--out", str(tmp_path / "run")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert solving.stdout is not None and solving.stderr is not None
    assert solving.stdout.readline().startswith("Solving")  # as `head -1` reads, then goes
    solving.stdout.close()
    assert solving.wait(timeout=300) == 141
    assert "Traceback" not in solving.stderr.read()


def test_the_budget_frontier_says_what_it_is_in_its_title() -> None:
    """Saved as frontier.html or mailed alone, a frontier of every cap solved had no title:
    two panels of points named by share, the figure's subject unsaid."""
    table = pd.DataFrame(
        {
            "variant": ["budget-0.5", "budget-1"],
            "status": ["solved", "solved"],
            "budget_cap": [1e9, 2e9],
            "international_cost": [1e9, 2e9],
            "total_shortfall": [90_000, 80_000],
            "regions_handed_over": [10, 12],
        }
    )
    assert frontier_figure(table, "AUD").layout.title.text == (
        "Budget frontier: shortfall and handover against the cost of tours (AUD)"
    )


def _searched(
    folder: Path, objective: float | None, bound: float | None, shortfall: float, cost: float = 5e6
) -> Path:
    """A run `_scored` alike with the baseline, its search proven to `bound` (its gap the
    share of the objective between them; none without a bound, a search stopped before one),
    or of no objective (None: a heuristic's plan)."""
    run = _scored(folder, objective or 0.0, {})
    gap = None if bound is None or objective is None else (objective - bound) / objective
    kpis = {"scenario": "copied", "model": "security-keeping", "objective": objective}
    figures = {"bound": bound, "gap": gap, "total_shortfall": shortfall, "cost": cost}
    (run / "kpis.json").write_text(json.dumps(kpis | figures))
    return run


# A baseline's kpis.json: its best objective proven between 990 and 1,000, 500 short.
PROVEN = {"objective": 1000.0, "bound": 990.0, "gap": 0.01, "total_shortfall": 500.0}
# Variants' kpis.json. Proven between 995 and 1,005: the ranges overlap. Proven between
# 1,089 and 1,100: apart, the variant's best scores worse. Proven optimal at the baseline's
# score. No bound proven (a search stopped before one), a plan of 985: its best scores at
# most that, below the baseline's bound of 990, proven better; of 1,200: its best may lie
# anywhere below, the baseline's too. A gap and no bound kept: the bound 1% of 1,005 below
# it, 994.95. A heuristic's plan: no objective.
NEAR = {"objective": 1005.0, "bound": 995.0, "gap": 0.00995}
APART = {"objective": 1100.0, "bound": 1089.0, "gap": 0.01}
OPTIMAL = {"objective": 1000.0, "bound": 1000.0, "gap": 0.0}
UNBOUNDED_BELOW = {"objective": 985.0, "bound": None, "gap": None}
UNBOUNDED_ABOVE = {"objective": 1200.0, "bound": None, "gap": None}
GAP_ONLY = {"objective": 1005.0, "gap": 0.01}
HEURISTIC = {"objective": None, "bound": None, "gap": None}


@pytest.mark.parametrize(
    ("kpis", "kpi", "delta", "scored_alike", "old", "new"),
    [
        # The old rule held the shortfall's +3 within 1% of 503 (5.03), no finding.
        (APART, "total_shortfall", 3.0, True, True, False),
        # Either's best may score as the other's, so the +100 short is not shown to be the
        # variant's. The old rule's margin, 1% of 600 (6), made it a finding.
        (NEAR, "total_shortfall", 100.0, True, False, True),
        # One best, two of its plans 30 apart: the old rule's margins of 0 made 30 a finding.
        (OPTIMAL, "total_shortfall", 30.0, True, False, True),
        # The old rule judged no run without a gap.
        (UNBOUNDED_BELOW, "total_shortfall", 20.0, True, None, False),
        (UNBOUNDED_ABOVE, "total_shortfall", 20.0, True, None, True),
        (GAP_ONLY, "total_shortfall", 100.0, True, False, True),
        # The cost is judged by the objective's ranges too; the old rule judged it not.
        (NEAR, "cost", -2e6, True, None, True),
        # Nothing proven either way.
        (HEURISTIC, "total_shortfall", 3.0, True, None, None),
        # Runs the objective scores otherwise (other weights): their ranges are on two
        # scales. The old rule judged the shortfall by its margins all the same.
        (NEAR, "total_shortfall", 3.0, False, True, None),
        # The gap is the search's own figure.
        (NEAR, "gap", -0.0001, True, None, None),
    ],
)
def test_a_change_is_judged_by_whether_the_objectives_proven_ranges_overlap(
    kpis: dict[str, float | None],
    kpi: str,
    delta: float,
    scored_alike: bool,
    old: bool | None,
    new: bool | None,
) -> None:
    """A gap bounds the objective, not the shortfall: the old rule (`old`, kept here to show
    where it erred) took each run's gap as a share of its shortfall, and marked a change a
    finding or none on that wrong argument. Every figure of a plan is judged now by whether
    the ranges the runs' searches proved their best objective in overlap."""
    run = kpis | {"total_shortfall": PROVEN["total_shortfall"] + delta}
    assert within_gap(kpi, delta, run, PROVEN, scored_alike) is new
    assert _old_within_gap(kpi, delta, run, PROVEN) is old


def _old_within_gap(
    kpi: str, delta: float, kpis: Mapping[str, float | None], baseline: Mapping[str, float | None]
) -> bool | None:
    """The rule within_gap had: the objective by its distance to its bound, the shortfall
    by its gap's share of it, either run's margin below its figure."""

    def margin(figures: Mapping[str, float | None]) -> float | None:
        value, gap, bound = figures.get(kpi), figures.get("gap"), figures.get("bound")
        if value is None or gap is None:
            return None
        return abs(value - bound) if kpi == "objective" and bound is not None else gap * value

    if kpi not in ("objective", "total_shortfall"):
        return None
    mine, theirs = margin(kpis), margin(baseline)
    return None if mine is None or theirs is None else -theirs <= delta <= mine


def test_a_change_within_the_runs_proven_gaps_is_marked_as_no_finding(tmp_path: Path) -> None:
    """The baseline's best objective is proven between 990 and 1,000, its plan 500 short.
    A variant proven 995..1,005 overlaps it: its +5 and its shortfall's +100 are no
    finding. One proven 1,089..1,100 lies apart: its +100 and even its shortfall's +3 are
    the variant's. One of no bound that scores 980 proves its best below the baseline's
    990: a finding. A heuristic's plan has no objective: not judged, and said so at the
    terminal, where its changes had read as findings unmarked."""
    base = _searched(tmp_path / "base", 1000.0, 990.0, 500.0)
    near = _searched(tmp_path / "near", 1005.0, 995.0, 600.0)
    far = _searched(tmp_path / "far", 1100.0, 1089.0, 503.0)
    below = _searched(tmp_path / "below", 980.0, None, 500.0, cost=4e6)
    greedy = _searched(tmp_path / "greedy", None, None, 501.0)
    table = compare_runs([base, near, far, below, greedy], judge=False)
    judged = table.set_index(["run", "kpi"])["within_gap"]
    # The baseline's own, no change, is not judged; below's shortfall is the baseline's.
    assert judged.xs("objective", level="kpi").tolist() == [pd.NA, True, False, False, pd.NA]
    shortfall = judged.xs("total_shortfall", level="kpi").tolist()
    assert shortfall == [pd.NA, True, False, pd.NA, pd.NA]
    assert judged.xs("cost", level="kpi").tolist() == [pd.NA, pd.NA, pd.NA, False, pd.NA]
    assert judged.xs("gap", level="kpi").isna().all()  # the search's own figure
    # The figure's bars say it too.
    labels = {
        (bar.x[0], bar.text[0])
        for bar in comparison_figure(table.assign(violations=0)).data
        if bar.legendgroup in ("near", "far") and bar.y[0] in (600.0, 503.0)
    }
    assert labels == {("near", "within<br>the gaps"), ("far", "")}
    out = tmp_path / "compare.csv"
    runs = [str(base), str(near), str(far), str(greedy)]
    result = CliRunner().invoke(app, ["compare", *runs, "--out", str(out)], env={"COLUMNS": "150"})
    assert result.exit_code == 0, result.output
    # near's and far's columns, on the rows of the shortfall's and the objective's changes.
    shown = [line for line in result.output.splitlines() if "(+" in line]
    assert [("*" in line.split("│")[4], "*" in line.split("│")[5]) for line in shown] == [
        (True, False),
        (True, False),
    ]
    said = " ".join(result.output.split())
    assert "* a change within the runs' proven gaps: their objectives' proven ranges" in said
    assert (
        "not judged against the proven gaps, so a change may be where a search stopped: "
        "greedy (no objective: a heuristic's or hand-made plan)"
    ) in said
    written = pd.read_csv(out).set_index(["run", "kpi"])["within_gap"]
    assert written[("near", "total_shortfall")] and not written[("far", "total_shortfall")]
    assert pd.isna(written[("near", "cost")])


def test_two_solves_of_one_scenario_differ_within_their_gaps(tmp_path: Path) -> None:
    """tiny solved to its optimum, and again to a gap of 50% with no search, where
    branch-and-bound stops at its warm start (the search finds the best plan in its first
    window). One problem has one best score, within both runs' proven ranges, so they
    overlap whatever the figures: every change between the two plans is where the second
    search stopped, none the run's. The old rule read the shortfall's change (+271 on 2,210
    of a gap of 2.2%, 50 allowed) as a finding, and judged the cost's not at all."""
    runner = CliRunner()
    best, first = tmp_path / "best", tmp_path / "first"
    for options, folder in ((["--gap", "0"], best), (["--gap", "0.5", "--search", "0"], first)):
        command = ["solve", str(TINY), *options, "--quiet", "--out", str(folder)]
        solved = runner.invoke(app, command)
        assert solved.exit_code == 0, solved.output
    out = tmp_path / "compare.csv"
    result = runner.invoke(app, ["compare", str(best), str(first), "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    changed = table[(table["run"] == "first") & (table["delta"].fillna(0) != 0)]
    plans = changed[~changed["kpi"].isin(["gap", "wall_seconds"])].set_index("kpi")
    # The premise: the second search stopped on another plan than the best.
    assert "total_shortfall" in plans.index, "the search of a gap of 50% found the best plan"
    assert plans["within_gap"].eq(True).all(), plans
    assert "* a change within the runs' proven gaps" in " ".join(result.output.split())


def test_a_frontiers_point_of_no_bound_is_judged_by_its_plans_score(tmp_path: Path) -> None:
    """A frontier's points score alike under a hard budget: a point whose search proved no
    bound (`gap -`) had no change judged. Its plan's 980 proves its best below the bound of
    990 of the plan without a cap: no search leaves that open, a finding. Under a soft
    budget a cap prices the same plan otherwise: not judged."""
    capped: dict[str, object] = {"mission": {"total_budget": 50.0}}
    soft: dict[str, object] = {"rules": {"budget": "soft"}}
    verdicts = {}
    for name, model in (("hard", {}), ("soft", soft)):
        base = _scored(tmp_path / name / "unconstrained", 1000.0, model)
        point = _scored(tmp_path / name / "budget-0.5", 980.0, model | capped)
        figures = {"scenario": "copied", "model": "security-keeping", "cost": 5e6}
        for run, objective, bound, short in ((base, 1000, 990, 500), (point, 980, None, 510)):
            gap = None if bound is None else 0.01
            kpis = {"objective": objective, "bound": bound, "gap": gap, "total_shortfall": short}
            (run / "kpis.json").write_text(json.dumps(figures | kpis))
        table = compare_runs([base, point], judge=False).set_index(["run", "kpi"])
        verdicts[name] = table.loc[("budget-0.5", "total_shortfall"), "within_gap"]
    assert not missing(verdicts["hard"]) and not verdicts["hard"]
    assert missing(verdicts["soft"])


def _tiny_run(
    folder: Path,
    kpis: Mapping[str, object],
    edit: tuple[str, str | None, str, object] | None = None,
    rules: Mapping[str, str] | None = None,
) -> Path:
    """A run of `kpis` under security-keeping of `rules`, keeping tiny as its scenario
    with one cell edited: `edit` (file, row by its first column's value, column, value;
    a setting of scenario.yaml by its dotted key and no row; a value of None removes the
    row)."""
    kept = folder / "scenario"
    shutil.copytree(TINY, kept)
    if edit is not None:
        name, row, column, value = edit
        if row is None:
            settings = yaml.safe_load((kept / name).read_text())
            *path, key = column.split(".")
            node = settings
            for part in path:
                node = node[part]
            node[key] = value
            (kept / name).write_text(yaml.safe_dump(settings))
        else:
            # As text, every other cell as it was written.
            table = pd.read_csv(kept / name, dtype=str, keep_default_na=False)
            rows = table.iloc[:, 0] == row
            if value is None:
                table = table[~rows]
            else:
                table.loc[rows, column] = str(value)
            table.to_csv(kept / name, index=False)
    model = {"name": "security-keeping", "rules": dict(rules or {})}
    (folder / "model.yaml").write_text(yaml.safe_dump(model))
    named = {"scenario": "tiny", "model": "security-keeping", "cost": 5e6}
    (folder / "kpis.json").write_text(json.dumps(named | dict(kpis)))
    return folder


@pytest.mark.parametrize(
    ("edit", "rules", "cell", "weighed"),
    [
        # Which plans there are: an academy's places, a demand, a ceiling or a nation's
        # budget under hard rules, how well a type does a task, when a unit is free.
        (
            ("scenario.yaml", None, "domestic.academy_capacity", 50),
            {},
            "domestic.academy_capacity",
            False,
        ),
        (("demand.csv", "north", "personnel", 150), {}, "personnel", False),
        (("nations.csv", "AAA", "ceiling", 900), {}, "ceiling", False),
        (("nations.csv", "BBB", "budget_per_year", 1500000), {}, "budget_per_year", False),
        (("unit_types.csv", "infantry", "aid_escort", 0.5), {}, "effectiveness", False),
        (("units.csv", "AAA-inf-1", "available_from", "2000-03"), {}, "available_from", False),
        (("regions.csv", "north", "authority", "northern"), {}, "authority", False),
        # What a plan costs: a person-month of AAA's, its rotation, a unit's personnel, a
        # tour's months in theatre (each one costed), the domestic force's pay and the
        # months a recruit is paid in the course.
        (("nations.csv", "AAA", "cost_per_person_month", 2000), {}, "cost_per_person_month", True),
        (
            ("nations.csv", "AAA", "rotation_cost_per_person", 900),
            {},
            "rotation_cost_per_person",
            True,
        ),
        (("units.csv", "AAA-mp-1", "personnel", 200), {}, "personnel", True),
        (("nations.csv", "AAA", "tour_months", 8), {}, "tour_months", True),
        (
            ("scenario.yaml", None, "domestic.cost_per_person_month", 10),
            {},
            "domestic.cost_per_person_month",
            True,
        ),
        (("scenario.yaml", None, "domestic.course_months", 3), {}, "domestic.course_months", True),
        # A month short of a task: its priority.
        (("tasks.csv", "public_order", "priority", 9), {}, "priority", True),
        # The handover term's region-months: the horizon.
        (("scenario.yaml", None, "months", 10), {}, "months", True),
        # A unit less: which units there are is not mapped, taken as weighed.
        (("units.csv", "AAA-mp-1", "component", None), {}, ROWS, True),
        # Under a soft rule, what it measures its breach by.
        (("nations.csv", "AAA", "ceiling", 900), {"ceiling": "soft"}, "ceiling", True),
        (
            ("nations.csv", "BBB", "budget_per_year", 1500000),
            {"budget": "soft"},
            "budget_per_year",
            True,
        ),
        (("demand.csv", "north", "personnel", 150), {"coverage_floor": "soft"}, "personnel", True),
        (
            ("regions.csv", "north", "authority", "northern"),
            {"nations_per_sector": "soft"},
            "authority",
            True,
        ),
        # A soft rule that measures by other cells.
        (("nations.csv", "AAA", "ceiling", 900), {"budget": "soft"}, "ceiling", False),
    ],
)
def test_a_scenarios_change_is_judged_where_the_objective_does_not_weigh_it(
    tmp_path: Path,
    edit: tuple[str, str | None, str, object],
    rules: dict[str, str],
    cell: str,
    weighed: bool,
) -> None:
    """A sweep over a scenario's values (an academy's capacity, a ceiling, a demand) was
    never judged against the proven gaps: any other scenario was taken as scored
    otherwise. The runs' ranges, 990..1,000 and 995..1,005, overlap: a change is within
    the gaps where the same plan scores the same on both scenarios, and not judged, its
    objective not subtracted, where the change prices it otherwise."""
    base = _tiny_run(tmp_path / "base", PROVEN, rules=rules)
    variant = _tiny_run(tmp_path / "variant", NEAR | {"total_shortfall": 600.0}, edit, rules)
    table = compare_runs([base, variant], judge=False).set_index(["run", "kpi"])
    assert scenario_changes(variant, base) == [(edit[0].removesuffix(".csv"), cell)]
    assert table.loc[("variant", "total_shortfall"), "delta"] == 100.0
    judged = table.loc[("variant", "total_shortfall"), "within_gap"]
    objective = table.loc[("variant", "objective"), "delta"]
    if weighed:
        assert missing(judged) and missing(objective)
    else:
        assert not missing(judged) and judged and objective == 5.0


def test_a_run_the_objective_scores_otherwise_is_said_by_what_it_weighs(tmp_path: Path) -> None:
    """A cost or priority variant, or one of other weights, was said not judged against the
    proven gaps because "the objective is not known to score it as the run it is compared
    with", though what it weighs otherwise was known: said now, the scenario's cells (as a
    sweep's address names them, a table's rows) or the model's settings, and a re-plan's
    own term. The CSV keeps no column of it: read back, it is said in general."""
    shorter = NEAR | {"total_shortfall": 600.0}
    base = _tiny_run(tmp_path / "base", PROVEN)
    dearer = _tiny_run(
        tmp_path / "dearer", shorter, ("nations.csv", "AAA", "cost_per_person_month", 2000)
    )
    paid = _tiny_run(
        tmp_path / "paid", shorter, ("scenario.yaml", None, "domestic.cost_per_person_month", 10)
    )
    fewer = _tiny_run(tmp_path / "fewer", shorter, ("units.csv", "AAA-mp-1", "component", None))
    # Five cells weighed: the first four named, and how many more.
    many = _tiny_run(tmp_path / "many", shorter, ("tasks.csv", "public_order", "priority", 9))
    edit(
        many / "scenario" / "nations.csv",
        "AAA,Alphaland,true,6,6,0,12,1,36,2,0.5,1000,,,1000,500,",
        "AAA,Alphaland,true,8,6,0,12,1,36,2,0.5,1000,,,2000,900,",
    )
    edit(many / "scenario" / "scenario.yaml", "course_months: 2", "course_months: 3")
    weighted = _tiny_run(tmp_path / "weighted", shorter)
    model = {"name": "security-keeping", "rules": {}, "weights": {"shortfall": 12.0}}
    (weighted / "model.yaml").write_text(yaml.safe_dump(model))
    replanned = _tiny_run(tmp_path / "replanned", shorter)
    (replanned / REPLAN).write_text("month: 2000-06\n")
    # What is not known, said so.
    elsewhere = _tiny_run(tmp_path / "elsewhere", shorter)
    kpis = json.loads((elsewhere / "kpis.json").read_text())
    (elsewhere / "kpis.json").write_text(json.dumps(kpis | {"model": "peace-enforcing"}))
    unkept = _tiny_run(tmp_path / "unkept", shorter)
    (unkept / "model.yaml").unlink()
    copyless = _tiny_run(tmp_path / "copyless", shorter)
    shutil.rmtree(copyless / "scenario")
    runs = [base, dearer, paid, fewer, many, weighted, replanned, elsewhere, unkept, copyless]
    weighs = "differs in what the objective weighs:"
    said = {
        "dearer": f"its scenario {weighs} nations.cost_per_person_month",
        "paid": f"its scenario {weighs} settings.domestic.cost_per_person_month",
        "fewer": f"its scenario {weighs} units (rows)",
        "many": (
            f"its scenario {weighs} nations.cost_per_person_month, "
            "nations.rotation_cost_per_person, nations.tour_months, "
            "settings.domestic.course_months and 1 more"
        ),
        "weighted": f"its model {weighs} weights.shortfall",
        "replanned": (
            "it is a re-plan, whose objective weighs its changes to the plan it replaces "
            "(weights.change)"
        ),
        "elsewhere": (
            "under another model than the baseline's (peace-enforcing; the baseline's "
            "security-keeping)"
        ),
        "unkept": "the model it or the baseline was made under is not known (no model.yaml)",
        "copyless": "the scenario it or the baseline was made on is not known (no copy kept)",
    }
    table = compare_runs(runs)
    assert unjudged_by_gaps(table) == said
    out = tmp_path / "compare.csv"
    command = ["compare", *map(str, runs), "--out", str(out)]
    result = CliRunner().invoke(app, command, env={"COLUMNS": "150"})
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())
    assert (
        "not judged against the proven gaps, so a change may be where a search stopped: "
        + ("; ".join(f"{run} ({why})" for run, why in said.items()))
        in shown
    ), shown
    written = pd.read_csv(out)
    assert list(written.columns) == list(table.columns)
    general = "the objective is not known to score it as the run it is compared with"
    assert unjudged_by_gaps(written) == dict.fromkeys(said, general)


def test_a_sweep_over_the_academys_capacity_is_judged_against_the_proven_gaps(
    tmp_path: Path,
) -> None:
    """A sweep on tiny of academy_capacity 50 and 100: the same plan scores the same on
    both (no term of the objective weighs the academy's places), so the ranges compare and
    every changed figure is judged, where the terminal had said the objective was not known
    to score the one as the other and left their changes unmarked, read as findings.
    Judged as the two runs' kpis.json prove: within the gaps where [bound, objective]
    overlap."""
    sweep = tmp_path / "sweep.yaml"
    document = {
        "name": "academy",
        "scenario": str(TINY),
        "model": "security-keeping",
        "solver": {"time_limit": 20},
        "grid": {"settings.domestic.academy_capacity": [50, 100]},
    }
    sweep.write_text(yaml.safe_dump(document))
    runner = CliRunner()
    swept = runner.invoke(app, ["sweep", str(sweep), "--out", str(tmp_path / "out")])
    assert swept.exit_code == 0, swept.output
    fewer, base = (tmp_path / "out" / f"base-academy_capacity={n}" for n in (50, 100))
    assert scenario_changes(fewer, base) == [("scenario.yaml", "domestic.academy_capacity")]
    out = tmp_path / "compare.csv"
    command = ["compare", str(tmp_path / "out"), "--baseline", str(base), "--out", str(out)]
    result = runner.invoke(app, command, env={"COLUMNS": "150"})
    assert result.exit_code == 0, result.output
    assert "not known to score" not in result.output
    table = pd.read_csv(out).set_index(["run", "kpi"]).loc["base-academy_capacity=50"]
    kpis = [json.loads((run / "kpis.json").read_text()) for run in (fewer, base)]
    objective = table.loc["objective"]
    assert objective["delta"] == pytest.approx(kpis[0]["objective"] - kpis[1]["objective"])
    (low, high), (base_low, base_high) = ((k["bound"], k["objective"]) for k in kpis)
    overlap = low <= base_high and base_low <= high
    changed = table[table["delta"].fillna(0).ne(0)].drop(["gap", "wall_seconds"], errors="ignore")
    assert "objective" in changed.index, "the academy's capacity changed no plan figure"
    assert changed["within_gap"].eq(overlap).all(), changed


# The frontier of shortfall and cost (`dominated_by`), and of the objective under a cap
# (`beaten_by`): cases a mutation tester found no test of.


def test_a_run_alike_to_a_rounding_on_one_figure_and_better_on_the_other_beats(
    tmp_path: Path,
) -> None:
    """close costs 100M and a rounding's more (1e-12 of it), 1,000 short; far costs 100M,
    2,000 short. Alike on the cost, less short: close beats far. A cost 1e-12 higher is no
    worse, not a reason for neither to beat the other."""
    runs = [
        _run(tmp_path / name, {"cost": cost, "total_shortfall": short}, None)
        for name, short, cost in [("far", 2000.0, 1e8), ("close", 1000.0, 1e8 * (1 + 1e-12))]
    ]
    assert dominated_by(compare_runs(runs, judge=False)) == {"far": "close", "close": None}


def test_a_frontier_point_is_beaten_by_the_best_plan_that_fits_under_its_cap() -> None:
    """Both caps solved: budget-1's plan scores 6.0, budget-0.5's 5.0 within its cap of
    500, and the plan without a cap 5.5 at a cost of 900. Both fit under budget-1's cap
    and score better; the best of them beats it. A plan without a cap that scores 4.0 is
    the best; one of no objective (a hand-made plan) beats none."""
    table = pd.DataFrame(
        {
            "variant": ["budget-0.5", "budget-1"],
            "status": ["solved", "solved"],
            "budget_cap": [500.0, 1000.0],
            "objective": [5.0, 6.0],
        }
    )
    free = {"objective": 5.5, "international_cost": 900.0}
    assert beaten_by(table, free) == ["", "budget-0.5"]
    assert beaten_by(table, free | {"objective": 4.0}) == ["", "unconstrained"]
    assert beaten_by(table, free | {"objective": None}) == ["", "budget-0.5"]


def test_a_figure_the_baseline_has_not_has_no_change() -> None:
    """A baseline written before a figure was recorded (no `demand` in its kpis.json):
    the run's figure has no change, not a TypeError."""
    assert change("demand", 5000.0, None) == (None, None)


# What a comparison computes from the runs' figures: a figure's change (`change`), whether
# the runs' proven gaps leave it open (`within_gap`), which runs no gap judges and why
# (`unjudged_by_gaps`), and what the objective weighs otherwise: cases a mutation tester
# found no test of.


@pytest.mark.parametrize(
    ("kpis", "overlap"),
    [
        (APART, False),
        (NEAR, True),
        (OPTIMAL, True),
        (UNBOUNDED_BELOW, False),
        (UNBOUNDED_ABOVE, True),
        (GAP_ONLY, True),
    ],
)
def test_a_change_is_judged_alike_whichever_run_is_the_baseline(
    kpis: dict[str, float | None], overlap: bool
) -> None:
    """Whether two runs' proven ranges overlap is one answer whichever of them is the
    baseline: PROVEN against a variant's ranges as the variant against PROVEN's. A baseline
    of no bound proven (985, its best anywhere below) lies apart from a run proven 990 and
    over; one proven 995..1,005 overlaps a run whose plan scores 1,000."""
    assert within_gap("total_shortfall", 3.0, kpis, PROVEN, True) is overlap
    assert within_gap("total_shortfall", -3.0, PROVEN, kpis, True) is overlap


@pytest.mark.parametrize(
    ("one", "other", "overlap"),
    [
        # A sum in another order, 1e-10 of the figure: one score.
        (1000.0, 1000.0 + 1e-7, True),
        # 1e-8 of it, beyond the noise (1e-9): two.
        (1000.0, 1000.0 + 1e-5, False),
        # Below 1, the noise is 1e-9 of 1.
        (0.0, 1e-10, True),
        (0.0, 5e-9, False),
    ],
)
def test_optima_a_floats_noise_apart_are_one_score(one: float, other: float, overlap: bool) -> None:
    """Two searches that each proved their plan optimal, at `one` and at `other`: ranges of
    one point each, which touch where they lie a float's noise apart (`FLOAT_NOISE` of the
    larger, at least of 1), whichever run is the baseline."""
    first, second = ({"objective": x, "bound": x, "gap": 0.0} for x in (one, other))
    assert within_gap("total_shortfall", 3.0, second, first, True) is overlap
    assert within_gap("total_shortfall", -3.0, first, second, True) is overlap


def test_a_change_no_figure_of_is_judged_where_either_run_has_no_objective() -> None:
    """Nothing proven of a heuristic's plan, the baseline's as the run's; and a change that
    is no number (a figure of NaN in a kpis.json) is none to judge."""
    assert within_gap("total_shortfall", 3.0, NEAR, HEURISTIC, True) is None
    assert within_gap("total_shortfall", 3.0, HEURISTIC, PROVEN, True) is None
    assert within_gap("total_shortfall", float("nan"), NEAR, PROVEN, True) is None


def test_runs_against_a_baseline_of_no_objective_are_said_unjudged_by_it(tmp_path: Path) -> None:
    """A heuristic's plan as the baseline: nothing proven of its best, so no change of a run
    against it is judged, and the terminal says why of the baseline, not of the run, whose
    search proved 995..1,005. A run of the baseline's figures changed nothing to judge."""
    greedy = _searched(tmp_path / "greedy", None, None, 500.0)
    near = _searched(tmp_path / "near", 1005.0, 995.0, 600.0)
    same = _searched(tmp_path / "same", 1005.0, 995.0, 500.0)
    table = compare_runs([greedy, near, same], judge=False)
    assert table["within_gap"].isna().all()
    assert table.set_index(["run", "kpi"]).loc[("near", "total_shortfall"), "delta"] == 100.0
    said = "the baseline has no objective: a heuristic's or hand-made plan"
    assert unjudged_by_gaps(table) == {"near": said}


def test_runs_scored_otherwise_are_unjudged_where_either_search_stopped_short(
    tmp_path: Path,
) -> None:
    """Runs under other weights than the baseline's are scored otherwise, so no gap judges
    their changes (100 short more): said where either search stopped short of its optimum
    (a gap of 1%, the run's or the baseline's), whose change may be where it stopped; not
    where both proved their optimum (gaps of 0), which leave nothing open."""

    def run(name: str, gap: float, weights: dict[str, float], shortfall: float) -> Path:
        folder = _scored(tmp_path / name, 1000.0, {"weights": weights})
        kpis = {"scenario": "copied", "model": "security-keeping", "objective": 1000.0}
        figures = {"bound": 1000.0 * (1 - gap), "gap": gap, "total_shortfall": shortfall}
        (folder / "kpis.json").write_text(json.dumps(kpis | figures))
        return folder

    proven, stopped = run("proven", 0.0, {}, 500.0), run("stopped", 0.01, {}, 500.0)
    reweighted = {"shortfall": 12.0}
    optimal, short = run("optimal", 0.0, reweighted, 600.0), run("short", 0.01, reweighted, 600.0)
    said = "its model differs in what the objective weighs: weights.shortfall"
    assert unjudged_by_gaps(compare_runs([proven, optimal, short], judge=False)) == {"short": said}
    assert unjudged_by_gaps(compare_runs([stopped, optimal], judge=False)) == {"optimal": said}


def test_a_change_not_subtracted_is_none_whatever_the_figure_before_it_changed_by(
    tmp_path: Path,
) -> None:
    """A cost in another currency has no change, nor an objective under other weights,
    whatever the figure before it in the table changed by (the demand's +1,000, the
    search's seconds' +2)."""
    usd = _run(tmp_path / "usd", {"demand": 4000.0, "cost": 263.7e6}, "USD")
    eur = _run(tmp_path / "eur", {"demand": 5000.0, "cost": 301.2e6}, "EUR")
    with pytest.warns(OtherCurrency):
        table = compare_runs([usd, eur], judge=False).set_index(["run", "kpi"])
    assert table.loc[("eur", "demand"), "delta"] == 1000.0
    assert table.loc[("eur", ["cost", "objective"]), ["delta", "delta_pct"]].isna().all(axis=None)
    base = _scored(tmp_path / "base", 1000.0, {})
    reweighted = _scored(tmp_path / "reweighted", 1500.0, {"weights": {"shortfall": 12.0}})
    for run, seconds in ((base, 10.0), (reweighted, 12.0)):
        kpis = json.loads((run / "kpis.json").read_text())
        (run / "kpis.json").write_text(json.dumps(kpis | {"wall_seconds": seconds}))
    table = compare_runs([base, reweighted], judge=False).set_index(["run", "kpi"])
    assert table.loc[("reweighted", "wall_seconds"), "delta"] == 2.0
    assert table.loc[("reweighted", "objective"), ["delta", "delta_pct"]].isna().all()


def test_a_change_of_float_noise_is_a_billionth_of_the_figures_or_of_one() -> None:
    """A cost of 263.7M summed in another order, 6e-8 apart, is no change: the noise is
    `FLOAT_NOISE` of the larger figure. Below 1 it is that of 1, as `within_gap`'s: 5e-9
    more than nothing is a change (of no share: nothing is its reference), 5e-10 none."""
    assert change("cost", 263.7e6 + 6e-8, 263.7e6) == (0.0, 0.0)
    assert change("total_shortfall", 5e-9, 0.0) == (5e-9, None)
    assert change("total_shortfall", 5e-10, 0.0) == (0.0, None)


def test_a_rule_made_soft_scores_alike_and_how_it_counts_is_weighed_where_soft(
    tmp_path: Path,
) -> None:
    """A rule made soft leaves the scale as it is: its objective's +100 is a change. How
    the nations per region are counted is weighed where that rule is soft, its breach
    priced by the count, though the nations per sector, counted so too, are hard: the
    run's +10 short is not judged against the gaps, said so."""
    base = _scored(tmp_path / "base", 1000.0, {})
    soft = _scored(tmp_path / "soft", 1100.0, {"rules": {"ceiling": "soft"}})
    counted: dict[str, object] = {
        "rules": {"nations_per_region": "soft"},
        "coalition": {"nations_counted": "at-once"},
    }
    at_once = _scored(tmp_path / "at_once", 1100.0, counted)
    kpis = json.loads((at_once / "kpis.json").read_text())
    (at_once / "kpis.json").write_text(json.dumps(kpis | {"total_shortfall": 20.0}))
    table = compare_runs([base, soft, at_once], judge=False)
    objective = table.set_index(["run", "kpi"]).xs("objective", level="kpi")["delta"]
    assert objective["soft"] == 100.0 and missing(objective["at_once"])
    weighs = "its model differs in what the objective weighs: coalition.nations_counted"
    assert unjudged_by_gaps(table) == {"at_once": weighs}


def test_a_scenarios_rows_the_baselines_has_not_are_other_rows(tmp_path: Path) -> None:
    """The baseline's scenario holds a unit the run's has not, or the run's one the
    baseline's has not: other rows either way. None where the baseline keeps no copy of
    its scenario."""
    base = _tiny_run(tmp_path / "base", PROVEN)
    fewer = _tiny_run(tmp_path / "fewer", NEAR, ("units.csv", "AAA-mp-1", "component", None))
    assert scenario_changes(fewer, base) == [("units", ROWS)]
    assert scenario_changes(base, fewer) == [("units", ROWS)]
    shutil.rmtree(base / "scenario")
    assert scenario_changes(fewer, base) is None


def test_a_table_without_a_key_sorted_otherwise_is_no_change(tmp_path: Path) -> None:
    """tiny's demand.csv (no key: two rows may ask for one region and task) with its rows
    the other way round, as a planner sorting it in a spreadsheet leaves it, holds the same
    rows: compared row by row, each of its columns had been said changed. One row changed
    beside them is its own column alone; a row more is other rows."""
    base = _tiny_run(tmp_path / "base", PROVEN)
    demand = base / "scenario" / "demand.csv"
    header, *rows = demand.read_text().splitlines()
    assert len(rows) == 4 and len(set(rows)) == 4, "tiny asks for four demands"
    sorted_otherwise = _tiny_run(tmp_path / "sorted", NEAR)
    kept = sorted_otherwise / "scenario" / "demand.csv"
    kept.write_text("\n".join([header, *reversed(rows)]) + "\n")
    assert scenario_changes(sorted_otherwise, base) == []
    edited = pd.read_csv(kept)
    edited.loc[0, "personnel"] = 301
    edited.to_csv(kept, index=False)
    assert scenario_changes(sorted_otherwise, base) == [("demand", "personnel")]
    more = ["north", "public_order", "2000-07", "2000-12", 50]
    pd.concat([edited, pd.DataFrame([more], columns=edited.columns)]).to_csv(kept, index=False)
    assert scenario_changes(sorted_otherwise, base) == [("demand", ROWS)]


def test_the_plan_without_a_cap_fits_a_cap_of_its_cost_to_a_floats_noise() -> None:
    """budget-1's cap is the plan without a cap's cost, as written back a rounding below
    it (1e-12 of it): that plan, scoring 5.0 to budget-1's 6.0, fits under it and beats
    it. A cost 5e-9 of the cap beyond it, or half as much again, fits not; nor under
    budget-0.5's cap of 500, below which a cost of 1,000 lies."""
    table = pd.DataFrame(
        {
            "variant": ["budget-0.5", "budget-1"],
            "status": ["solved", "solved"],
            "budget_cap": [500.0, 1000.0],
            "objective": [7.0, 6.0],
        }
    )
    free = {"objective": 5.0}
    assert beaten_by(table, free | {"international_cost": 1000.0 * (1 + 1e-12)}) == [
        "",
        "unconstrained",
    ]
    for beyond in (1000.0 * (1 + 5e-9), 1500.0):
        assert beaten_by(table, free | {"international_cost": beyond}) == ["", ""]
