"""The figures as a notebook user draws them: read at a notebook's width, from any plan.

Hand case on the tiny scenario (tests/data/tiny), every tour's first month in theatre
before it counts: AAA-inf-1 arrives in the north (no one there to relieve) in 2000-01 and
counts from 2000-02; AAA-inf-2, a reservist trained at home in 2000-03..04, relieves it
in 2000-05 and counts from 2000-06; BBB-mp-1 escorts aid in the south, arriving in
2000-03.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from forcegen import Scenario, plots
from forcegen import stats as st
from forcegen.plots import (
    cost_against_budget,
    deployed_against_ceiling,
    nation_views,
    rotation_gantt,
    save_static,
)
from forcegen.stats import Results
from tests.test_stats import named_in_docs

BROWSER = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

TOURS = pd.DataFrame(
    [
        ("AAA-inf-1", "AAA", "active", "infantry", "border_control", "north", "2000-01",
         "2000-06", 300, "2000-01", "2000-02"),
        ("AAA-inf-2", "AAA", "reserve", "infantry", "border_control", "north", "2000-05",
         "2000-10", 300, "2000-03", "2000-06"),
        ("BBB-mp-1", "BBB", "active", "military_police", "aid_escort", "south", "2000-03",
         "2000-06", 150, "2000-03", "2000-04"),
    ],
    columns=list(st.COLUMNS["assignments"]),
)  # fmt: skip


def tables(scenario: Scenario, tours: pd.DataFrame = TOURS) -> Results:
    """The plan of `tours` alone: the other tables empty, as a figure of tours reads none."""

    def empty(name: str) -> pd.DataFrame:
        return pd.DataFrame({column: pd.Series(dtype=str) for column in st.COLUMNS[name]})

    return Results(
        scenario, tours, empty("coverage"), empty("domestic"), empty("costs"), empty("handover")
    )


def test_the_rotations_legend_is_an_entry_a_task_and_a_key_a_pattern(tiny: Scenario) -> None:
    """px gave an entry to each task and pattern drawn ("border_control (relief in place)",
    "border_control (arriving)", ...): at 800 px the legend took a quarter of the width.
    An entry a task, which hides its hatched and dotted months too, and one grey key a
    pattern."""
    figure = rotation_gantt(tables(tiny))
    shown = [trace.name for trace in figure.data if trace.showlegend is not False]
    assert shown == [
        "border_control",
        "aid_escort",
        "reserve training at home",
        "dwell",
        "relief in place",
        "arriving",
    ]
    patterned = {trace.name: trace.legendgroup for trace in figure.data if trace.name.endswith(")")}
    assert patterned == {
        "border_control (arriving)": "border_control",
        "border_control (relief in place)": "border_control",
        "aid_escort (arriving)": "aid_escort",
    }
    # A plan with no months before a tour counts draws no pattern, and keys none.
    at_once = TOURS.assign(counts_from=TOURS["start"])
    names = {trace.name for trace in rotation_gantt(tables(tiny, at_once)).data}
    assert names == {"border_control", "aid_escort", "reserve training at home", "dwell"}


@pytest.mark.skipif(not BROWSER.exists(), reason="needs Debian's chromium (make test installs it)")
def test_the_rotation_is_read_at_800_px_in_chromium(
    tiny: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 800 px, the width of a notebook's cell, the legend at the right left the chart
    three fifths of the figure. Across the top, it stays between the title and the dates
    above the chart, whatever height a notebook then gives the figure."""
    from playwright.sync_api import sync_playwright

    import forcegen.plots

    monkeypatch.setattr(forcegen.plots, "DATES_ON_TOP", 3)  # dates above the chart too
    page_path = tmp_path / "rotation.html"
    figure = rotation_gantt(tables(tiny)).update_layout(width=800)
    figure.write_html(page_path, include_plotlyjs=True, div_id="rotation")
    measured = """() => {
        const boxes = selector => [...document.querySelectorAll(`#rotation ${selector}`)]
            .map(element => element.getBoundingClientRect());
        const entries = boxes('.legend .traces');
        return {
            title: boxes('.gtitle')[0].bottom,
            entries: entries.length,
            legend: {top: Math.min(...entries.map(e => e.top)),
                     bottom: Math.max(...entries.map(e => e.bottom)),
                     right: Math.max(...entries.map(e => e.right))},
            dates: Math.min(...boxes('.x2tick text').map(t => t.top)),
            chart: document.getElementById('rotation')._fullLayout._size.w,
        };
    }"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(BROWSER), args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 900, "height": 900})
        page.goto(page_path.as_uri())
        page.wait_for_function("() => document.getElementById('rotation')._fullLayout")
        for height in (None, 700):
            if height:
                page.evaluate(f"Plotly.relayout('rotation', {{height: {height}}})")
            said = page.evaluate(measured)
            legend = said["legend"]
            assert said["entries"] == 6, said
            assert said["title"] <= legend["top"] + 1, (height, said)
            assert legend["bottom"] <= said["dates"], (height, said)
            assert legend["right"] <= 800, (height, said)
            assert said["chart"] >= 0.7 * 800, (height, said)
        browser.close()


def test_nations_neither_a_code_nor_codes_are_said(tiny: Scenario) -> None:
    """`nations=3` failed inside as "'int' object is not iterable"; codes in any iterable
    (a column's unique values, as a notebook gives them) are taken."""
    results = tables(tiny)
    with pytest.raises(TypeError, match=r"a nation's code or a list of codes .*not 3$"):
        rotation_gantt(results, nations=3)  # type: ignore[arg-type]
    picked = rotation_gantt(results, nations=TOURS["nation"].unique()[:1])
    assert list(picked.layout.yaxis.categoryarray) == [
        "AAA · AAA-inf-1",
        "AAA · AAA-inf-2",
        "AAA · AAA-mp-1",
    ]
    with pytest.raises(TypeError, match=r"nation_views takes the rotation's figure, not Results"):
        nation_views(results)


def test_the_ceiling_figure_of_a_plan_without_tours_says_so(tiny: Scenario) -> None:
    """It drew one empty panel, its axes made up (-1 to 4 people over 0 to 6, no dates),
    with the legend's keys of active and reserve beside it."""
    figure = deployed_against_ceiling(tables(tiny, TOURS.iloc[0:0]))
    (said,) = [annotation.text for annotation in figure.layout.annotations]
    assert said.startswith("No nation has personnel in theatre")
    assert figure.layout.showlegend is False
    assert figure.layout.xaxis.visible is False and figure.layout.yaxis.visible is False
    # A plan with tours draws its panels as ever.
    drawn = deployed_against_ceiling(tables(tiny))
    assert [a.text for a in drawn.layout.annotations] == ["AAA", "BBB"]


def test_save_static_says_what_it_takes(tiny: Scenario, tmp_path: Path) -> None:
    """Results given for the figure failed on `write_image`, a number for the path deep in
    pathlib; each said before Kaleido starts, nothing written."""
    results = tables(tiny)
    with pytest.raises(TypeError, match=r"save_static takes a figure, not Results"):
        save_static(results, tmp_path / "rotation.png")
    with pytest.raises(TypeError, match=r"writes to a path \(str or Path\), not 3$"):
        save_static(rotation_gantt(results), 3)  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


def test_the_cost_figure_says_its_fiscal_years_and_keys_no_budget_none_has(tiny: Scenario) -> None:
    """S's costs (fiscal years from October, no budgets) drawn in a notebook: a bar of
    fiscal year 2029 before a mission that starts in 2030-01, unexplained, and a key of
    budgets beside bars with none. Tiny's years run from July; BBB has a budget."""
    costs = pd.DataFrame(
        [("AAA", 1999, 3e6, None), ("AAA", 2000, 1e6, None), ("BBB", 1999, 1e6, 2e6)],
        columns=list(st.COLUMNS["costs"]),
    )
    results = dataclasses.replace(tables(tiny), costs=costs)
    figure = cost_against_budget(results)
    assert figure.layout.title.text == (
        "Cost by nation and fiscal year against budget (million USD)"
        "<br><sup>a fiscal year runs from July, named by the year it begins in</sup>"
    )
    assert figure.data[1].name == "budget" and figure.data[1].visible is True
    unbudgeted = dataclasses.replace(results, costs=costs.assign(budget=None))
    figure = cost_against_budget(unbudgeted)
    assert figure.layout.title.text.startswith("Cost by nation and fiscal year (million USD)")
    assert figure.data[1].visible is False
    calendar_years = tiny.model_copy(
        update={"settings": tiny.settings.model_copy(update={"fiscal_year_start": 1})}
    )
    figure = cost_against_budget(dataclasses.replace(results, scenario=calendar_years))
    assert figure.layout.title.text == (
        "Cost by nation and fiscal year against budget (million USD)"
    )


def test_a_notebook_is_offered_the_figures_not_the_modules_imports() -> None:
    """`dir(plots)` and a notebook's `plots.<Tab>` offered 63 names (`os`, `pd`, `colorsys`,
    `TITLE_PAD`), the figures lost among them."""
    offered = {name for name in dir(plots) if not name.startswith("_")}
    assert offered == set(plots.__all__)
    assert all(getattr(plots, name) is not None for name in offered)
    # Every figure the report draws, and every name the README, docs and notebooks show.
    assert {draw.__name__ for draw in plots.FIGURES.values()} <= offered
    assert named_in_docs("plots") <= offered
    assert {"coverage_by_region", "nation_views", "rotation_gantt"} <= named_in_docs("plots")


def test_plots_has_no_redeployments_that_reads_as_a_figure() -> None:
    """`plots.redeployments(results)` read as a figure beside its siblings and raised
    `TypeError: 'Results' object is not iterable`: it was fileformat's pairs of positions in
    assignments rows, imported. The rotation Gantt draws each redeployment (its hover says
    where the unit went on), and plots has no name that takes rows in its place."""
    assert not hasattr(plots, "redeployments")
