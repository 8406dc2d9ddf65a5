"""Figures over the statistics: plotly for the report and notebooks, PNG, SVG or PDF on
demand.

Each figure takes `Results` and draws from `forcegen.stats`, the rotation from the plan's
tours themselves (a bar a tour); a table edited in pandas is drawn as it stands, its others
as they were (`evaluate_plan` works them out again). Colours mean the same thing in every
figure: one colour per nation, one for the domestic force, one for shortfall.
"""

from __future__ import annotations

import calendar
import colorsys
import os
import textwrap
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from forcegen import fileformat, offered, stats
from forcegen.checker.rules import overspent
from forcegen.fileformat import region_name
from forcegen.fileio import atomic_file
from forcegen.months import add_months
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import Nation
from forcegen.shown import shortened
from forcegen.stats import Results, takes_results

# The figures a notebook draws (each `figure(results)`) and what draws or saves them; the
# module's own imports and layout constants are no figures.
__all__ = [
    "FIGURES",
    "cost_against_budget",
    "coverage_by_region",
    "deployed_against_ceiling",
    "domestic_pipeline",
    "handover_timeline",
    "nation_colours",
    "nation_views",
    "rotation_gantt",
    "save_static",
]


def __dir__() -> list[str]:
    return offered(globals(), __all__)


SHORTFALL = "#d62728"
DOMESTIC = "#2ca02c"
DWELL = "rgba(150, 150, 150, 0.35)"
OVER_DEMAND = "#c7c7c7"
TRAINING = "rgba(120, 120, 200, 0.35)"
# The Gantt's name for a reserve's months at home before a tour: plain "training" read as
# the task constabulary_training beside it.
MOBILIZED = "reserve training at home"
TEMPLATE = "plotly_white"

Figure = Callable[[Results], go.Figure]


def _hls(colour: str) -> tuple[float, float, float]:
    """Hue (0 to 1), lightness and saturation of a `#rrggbb` colour."""
    return colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))


def _hue(colour: str) -> tuple[float, float]:
    """Hue in degrees and saturation of a `#rrggbb` colour."""
    hue, _, saturation = _hls(colour)
    return hue * 360, saturation


def _reads_as(colour: str, other: str, degrees: float) -> bool:
    """Whether `colour` could be taken for `other` beside it: a strong colour within
    `degrees` of its hue."""
    (hue, saturation), (near, _) = _hue(colour), _hue(other)
    return saturation > 0.3 and min(abs(hue - near), 360 - abs(hue - near)) < degrees


def _unlike(one: str, other: str) -> float:
    """How unlike two `#rrggbb` colours look: the "redmean" weighting of their RGB
    difference (0 to about 765), a cheap approximation of perceived difference."""
    (r1, g1, b1), (r2, g2, b2) = ([int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in (one, other))
    mean = (r1 + r2) / 2
    return (
        (2 + mean / 256) * (r1 - r2) ** 2
        + 4 * (g1 - g2) ** 2
        + (2 + (255 - mean) / 256) * (b1 - b2) ** 2
    ) ** 0.5


def _palette(colours: list[str], taken: list[str], least: float) -> list[str]:
    """`colours` in their order, less each too like (`_unlike` under `least`) one kept
    before it or one `taken` by the figures: in the palettes' own order three of
    Timor-Leste's first nations were blues, two purples, two pinks."""
    kept: list[str] = []
    for colour in colours:
        if all(_unlike(colour, other) >= least for other in [*taken, *kept]):
            kept.append(colour)
    return kept


# Nations' colours: D3's, then plotly's, without the shortfall's and domestic force's: no
# red-orange (plotly's #EF553B) beside the shortfall's red, no yellow-green (#B6E880, 31
# degrees from the domestic force's green, stacked on it in Oecusse; nor mint #00CC96), no
# grey like the cover beyond demand's, nor a colour like one before it.
def _fit_for_nations(palette: list[str], *, near_domestic: float = 45) -> list[str]:
    """`palette` less the colours a nation's could be taken for: the shortfall's red, the
    domestic force's green (within `near_domestic` degrees)."""
    return [
        c.upper()
        for c in palette
        if not _reads_as(c, SHORTFALL, 25) and not _reads_as(c, DOMESTIC, near_domestic)
    ]


def _plain(colour: str) -> bool:
    """Neither grey (the cover beyond demand's) nor too pale or dark to tell on white."""
    _, lightness, saturation = _hls(colour)
    return saturation > 0.3 and 0.25 < lightness < 0.75


NATION_PALETTE = _palette(
    _fit_for_nations(
        px.colors.qualitative.D3 + px.colors.qualitative.Plotly + px.colors.qualitative.Dark24
    ),
    taken=[SHORTFALL, DOMESTIC, OVER_DEMAND],
    least=120,
)
# Past those 16, Alphabet's and Light24's, less far apart and held to the same rules (no
# grey, no mint, none pale): a coalition of 22 nations (as INTERFET's) had given its 17th
# to 20th the colours of its first four.
NATION_PALETTE += _palette(
    [
        c
        for c in _fit_for_nations(
            px.colors.qualitative.Alphabet + px.colors.qualitative.Light24, near_domestic=60
        )
        if _plain(c)
    ],
    taken=[SHORTFALL, DOMESTIC, OVER_DEMAND, *NATION_PALETTE],
    least=80,
)


# Runs' colours in a comparison: plotly's, then Dark24's, less each too like one before it
# (plotly's yellow beside its orange): plotly's ten alone gave the 11th of 15 runs the
# first's colour. A comparison of more runs than these tells them apart by their pattern.
RUN_PALETTE = _palette(
    [c.upper() for c in px.colors.qualitative.Plotly + px.colors.qualitative.Dark24],
    taken=[],
    least=110,
)


@takes_results
def nation_colours(results: Results) -> dict[str, str]:
    """A fixed colour per nation in scenario order, none to be taken for the domestic
    force's or the shortfall's; each its own for the first `len(NATION_PALETTE)` (27)."""
    nations = [n.nation for n in results.scenario.nations]
    return {n: NATION_PALETTE[i % len(NATION_PALETTE)] for i, n in enumerate(nations)}


def _date(month: str) -> str:
    return f"{month}-01"


def _next(month: str, months: int = 1) -> str:
    """The month `months` after `month`: where a bar that ends in `month` stops."""
    return add_months(str(month), months)


def _steps(
    months: Sequence[str], values: Sequence[float | None]
) -> tuple[list[str], list[Any], list[str]]:
    """A step line's points (`line.shape` "hv") and the month each says (its `customdata`,
    for the hover): each month's value holds until the next month starts, so a run of
    values ends a month after its last month, where a step with no point after it had drawn
    that month no width at all; that closing point says the month before it, whose value
    it holds, not the next (a ceiling after its nation had left)."""
    x: list[str] = []
    y: list[Any] = []
    said: list[str] = []
    for i, (month, value) in enumerate(zip(months, values, strict=True)):
        x.append(_date(month))
        y.append(value)
        said.append(month)
        if value is not None and (i + 1 == len(values) or values[i + 1] is None):
            x.append(_date(_next(month)))
            y.append(value)
            said.append(month)
    return x, y, said


def _horizon(scenario: Scenario) -> list[str]:
    """Where a figure over the horizon starts and stops: its first month's first day and
    the day after its last month."""
    return [_date(scenario.months[0]), _date(_next(scenario.end))]


# The panels a row of a figure of a panel a region or nation.
PANELS_A_ROW = 3
# The space between them, a share of the figure's width: at plotly's 0.067, or 0.06, a
# panel's last date ran into the next one's first at 800 px (2033 and 2030 read 20332030)
# and its ceiling into the next one's personnel (1000).
PANEL_GAP = 0.1
# A panel's dates name the periods between its ticks, each in its middle: at a tick, the
# horizon's end was dated on the panel's edge, under the next panel's first date.
PANEL_DATES = "period"


def _grid_rows(panels: int) -> int:
    """The rows `panels` panels take, one at least: a figure with none (a plan with no
    demand left, every region handed over) still shows."""
    return max(1, -(-panels // PANELS_A_ROW))


def _panel(i: int) -> dict[str, int]:
    """Where the `i`th panel of a grid `PANELS_A_ROW` wide is, as plotly's `row` and `col`."""
    row, col = divmod(i, PANELS_A_ROW)
    return {"row": row + 1, "col": col + 1}


def _last_out(tours: list[dict[Any, Any]]) -> dict[tuple[str, str, str], str]:
    """For each task, region and month a tour there starts: the last month in theatre of
    the tours of that task and region that started before it ("" for none). Months are
    YYYY-MM, so text order is time order."""
    ends: dict[tuple[str, str], dict[str, str]] = {}
    for tour in tours:
        starts = ends.setdefault((tour["task"], tour["region"]), {})
        starts[tour["start"]] = max(starts.get(tour["start"], ""), tour["end"])
    last_out = {}
    for (task, region), starts in ends.items():
        latest = ""
        for start in sorted(starts):
            last_out[task, region, start] = latest
            latest = max(latest, starts[start])
    return last_out


@takes_results
def rotation_gantt(results: Results, nations: str | Iterable[str] | None = None) -> go.Figure:
    """One row per unit, grouped by nation: each tour coloured by task, post-mobilization
    training and dwell shaded, the months in theatre before a tour counts hatched where a
    unit already there hands over the task (relief in place), dotted where none does
    (arriving); a unit redeployed in theatre goes on from its tour cut short, no dwell
    between. The legend, across the top, has an entry a task and a key a pattern.

    `nations` (a code or codes): only their units. Past `ONE_NATION_AT_A_TIME` units of
    more than one nation, one nation's units at a time, chosen from a menu, the nation of
    most units first (the one a static image shows), the figure as tall as its rows."""
    scenario = results.scenario
    units = sorted(scenario.units, key=lambda u: (u.nation, u.unit))
    tours, segments = results.assignments, _tour_segments(results)
    of = ""
    if nations is not None:
        shown = _known_nations(scenario, nations)
        of = f" of {', '.join(shown)}"
        units = [u for u in units if u.nation in shown]
        tours = tours[tours["nation"].isin(shown)]
    # Every unit gets a row, so idle units show as empty rows.
    rows = {
        nation: [f"{nation} · {u.unit}" for u in group]
        for nation, group in groupby(units, key=lambda u: u.nation)
    }
    order = [row for mine in rows.values() for row in mine]
    if nations is not None:
        # Picked from the whole plan's: a unit of a nation not shown still hands its task
        # over to one shown (relief in place).
        segments = segments[segments["unit"].isin(order)]
    tasks = [t.task for t in scenario.tasks]
    colours = dict(zip(tasks, px.colors.qualitative.Set2, strict=False))
    colours.update({"dwell": DWELL, MOBILIZED: TRAINING})
    figure = px.timeline(
        segments,
        x_start="first",
        x_end="stop",
        y="unit",
        color="phase",
        pattern_shape="overlap",
        pattern_shape_map=PATTERNS,
        color_discrete_map=colours,
        category_orders={"unit": order, "phase": [*tasks, MOBILIZED]},
        hover_data={"tour": True, "overlap": False},
        template=TEMPLATE,
        title=f"Rotation: tours by unit{of}",
    )
    _legend_a_phase(figure)
    # Given, not left to the tours: a plan without tours has no trace to give px's order.
    figure.update_yaxes(
        title=None,
        tickfont={"size": 9},
        type="category",
        categoryorder="array",
        categoryarray=order,
        range=[len(order) - 0.5, -0.5],
    )
    apart = len(order) > ONE_NATION_AT_A_TIME and len(rows) > 1
    # The rows on view at most: the largest nation's where one nation is shown at a time.
    tallest = max(rows.values(), key=len) if apart else order
    on_top = len(tallest) > DATES_ON_TOP
    if on_top:
        _dates_on_top(figure, tallest[0], _horizon(scenario)[0])
    _past_the_horizon(figure, scenario, tours["end"], inside=on_top)
    figure.update_layout(
        height=_fitted(len(order)),
        bargap=0.15,
        # Top down, each clear of the next: the title, pinned to the top whatever the
        # height, the legend across the figure, the dates above the chart.
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": TITLE_PAD}},
        legend=LEGEND_ON_TOP,
        margin={"t": TOP_MARGIN},
    )
    if apart:
        _one_nation_at_a_time(figure, rows, set(tours["nation"]))
    return figure


# The Gantt's patterns of the months in theatre before a tour counts.
PATTERNS = {"": "", "relief in place": "/", "arriving": "."}


def _legend_a_phase(figure: go.Figure) -> None:
    """The rotation's legend an entry a task (each toggling its tours, hatched or dotted
    too), reserve training and dwell, then a grey key of each pattern drawn: px's own, an
    entry per colour and pattern ("border_control, relief in place"), took a quarter of an
    800 px figure's width."""
    drawn = set()
    for trace in figure.data:
        phase, _, overlap = trace.name.partition(", ")
        trace.name = f"{phase} ({overlap})" if overlap else phase
        trace.legendgroup = phase
        drawn.add(overlap)
    # A task's entry is its plain bars', which every tour has.
    plain = {trace.name for trace in figure.data}
    for trace in figure.data:
        trace.showlegend = trace.name == trace.legendgroup or trace.legendgroup not in plain
    for overlap in PATTERNS:
        if overlap in drawn and overlap:
            pattern = {"shape": PATTERNS[overlap], "fgcolor": "#444", "size": 6}
            _pattern_key(figure, overlap, "lightgrey", pattern)


def _pattern_key(figure: go.Figure, name: str, colour: str, pattern: dict[str, Any] | None) -> None:
    """A legend entry alone, in grey, for what a fill `pattern` (None: plain) marks: the
    bars' colours say other things (a task, a nation), so the pattern's key has none."""
    figure.add_scatter(
        x=[None],
        y=[None],
        name=name,
        mode="lines",
        fill="toself",
        fillcolor=colour,
        fillpattern=pattern,
        line={"width": 0},
    )


# The room above the rotation's title, in px.
TITLE_PAD = 20
# The legend across the top, pinned to the figure's top edge, its own title blank and as
# tall as the figure's, so that its entries fall under the figure's title in px, whatever
# the height (one placed at a share of the height ran onto the title once a notebook set
# another height).
LEGEND_ON_TOP = {
    "orientation": "h",
    "yref": "container",
    "y": 1,
    "yanchor": "top",
    "x": 0,
    "xanchor": "left",
    "title": {"text": "&nbsp;", "side": "top left", "font": {"size": 28}},
}


# Units past which the rotation shows one nation's at a time: Timor-Leste's 73 rows,
# 1,170 px, are read whole, but L's thousand, 14,000 px, were not (a planner scrolled
# past 900 rows to find one unit, the dates far off).
ONE_NATION_AT_A_TIME = 80
# A unit's row, in px: room for its name in the axis's 9 pt type.
ROW = 14

# The rotation's top margin, in px: its title, the legend under it (its entries across, in
# two rows at 800 px) and the dates above the chart.
TOP_MARGIN = 120


def _fitted(rows: int, top: int = TOP_MARGIN) -> int:
    """The rotation's height for `rows` units under a top margin of `top` px: a row each,
    with room for the title, the legend and the dates (and a menu in a larger margin)."""
    return max(400, ROW * rows + 150) + top - TOP_MARGIN


def _known_nations(scenario: Scenario, nations: str | Iterable[str]) -> list[str]:
    """The codes of `nations` (one as text, as a notebook gives it), each once; ValueError
    naming any the scenario does not have, with those it has, or for none; TypeError for
    neither a code nor codes (`nations=3` was "'int' object is not iterable", unnamed)."""
    known = [n.nation for n in scenario.nations]
    if not isinstance(nations, str | Iterable):
        raise TypeError(
            f"rotation_gantt: nations is a nation's code or a list of codes "
            f"(nations={known[:2]!r}), not {shortened(nations)}"
        )
    asked = [nations] if isinstance(nations, str) else list(nations)
    unknown = [n for n in asked if n not in known]
    if unknown or not asked:
        said = f"no nation {', '.join(map(repr, unknown))}" if unknown else "no nation given"
        raise ValueError(f"rotation_gantt: {said}; the scenario's are {', '.join(known)}")
    return list(dict.fromkeys(asked))


def _one_nation_at_a_time(figure: go.Figure, rows: dict[str, list[str]], serving: set[str]) -> None:
    """A menu of the rotation's nations (`rows`: each nation's units, by their rows' names),
    each showing its units alone: the y axis's categories its rows first, its range those
    rows (plotly places the categories left out after them, outside the range), the figure
    as tall as they are, the title naming the nation. The nation of most units is shown
    first; a nation not `serving` (no tour) is said so in the menu, where its view would be
    blank rows."""
    total = sum(map(len, rows.values()))

    def view(nation: str) -> dict[str, Any]:
        mine = rows[nation]
        # The menu's margin is the rows' loss otherwise: a nation of 21 units, in 9 px
        # rows, had half their names left off the axis.
        return {
            "yaxis.categoryarray": mine,
            "yaxis.range": [len(mine) - 0.5, -0.5],
            "height": _fitted(len(mine), MENU_MARGIN),
            "title.text": f"Rotation: tours by unit of {nation}, {len(mine)} of {total:,} units",
        }

    nations = list(rows)
    first = max(range(len(nations)), key=lambda i: len(rows[nations[i]]))
    for path, value in view(nations[first]).items():
        figure.layout[path] = value
    # The menu between the legend and the dates above the chart (`_dates_on_top`).
    figure.update_layout(
        margin={"t": MENU_MARGIN},
        updatemenus=[
            {
                "buttons": [
                    {
                        "label": f"{n} ({len(rows[n])} units"
                        + ("" if n in serving else ", no tour")
                        + ")",
                        "method": "relayout",
                        "args": [view(n)],
                        "name": n,
                    }
                    for n in nations
                ],
                "active": first,
                "x": 0,
                "xanchor": "left",
                "y": 1,
                "yanchor": "bottom",
                "pad": {"b": 28},
            }
        ],
    )
    figure.add_annotation(
        text="nation", x=0, xref="paper", xanchor="right", y=1, yref="paper",
        yanchor="bottom", yshift=32, showarrow=False,
    )  # fmt: skip


# The top margin of a rotation a nation at a time, in px: the rotation's and the menu's.
MENU_MARGIN = TOP_MARGIN + 40


def nation_views(figure: go.Figure) -> dict[str, go.Figure]:
    """Of a rotation shown one nation at a time, each nation's view as a figure of its own,
    by nation, for images, which have no menu to choose from; none for another figure.
    TypeError for no figure (Results, given where the rotation's figure goes)."""
    if not isinstance(figure, go.Figure):
        raise TypeError(
            f"nation_views takes the rotation's figure, not {type(figure).__name__}: "
            "nation_views(plots.rotation_gantt(results))"
        )
    menus = figure.layout.updatemenus
    if not menus:
        return {}
    views = {}
    for button in menus[0].buttons:
        view = go.Figure(figure)
        view.layout.updatemenus = ()
        view.layout.annotations = [a for a in view.layout.annotations if a.text != "nation"]
        for path, value in button.args[0].items():
            view.layout[path] = value
        # Without the menu, its room above the chart goes too.
        view.layout.margin.t = TOP_MARGIN
        view.layout.height -= MENU_MARGIN - TOP_MARGIN
        views[button.name] = view
    return views


# Rows of a chart past which its dates are shown above it too: a planner 10,000 px down
# L's thousand units could not tell which year a bar was in.
DATES_ON_TOP = 40


def _dates_on_top(figure: go.Figure, row: str, date: str) -> None:
    """The figure's dates above it as well as below: an axis at the top with the bottom
    one's range, drawn for an unseen point of its own at `row` and `date` (plotly draws no
    axis that no trace uses, and reads a date axis's ticks from its data)."""
    figure.add_trace(
        go.Scatter(
            x=[date],
            y=[row],
            xaxis="x2",
            mode="markers",
            marker={"opacity": 0},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    # Ticks of its own ("sync", the default of an axis overlaying another, labels the
    # bottom one's positions by its own, a year off).
    figure.update_layout(
        xaxis2={"overlaying": "x", "side": "top", "type": "date", "tickmode": "auto"}
    )


def _tour_segments(results: Results) -> pd.DataFrame:
    """The Gantt's bars, a row each: a unit's reserve training at home, its months in
    theatre before its tour counts (relief in place, or arriving), the tour and its dwell."""
    tours = results.assignments.to_dict("records")
    dwell = {u.unit: results.scenario.dwell_of(u) for u in results.scenario.units}
    outgoing = _last_out(tours)
    # A unit redeployed in theatre goes on from one tour to the next: no dwell between, and
    # its call-up drawn once, before the first.
    pairs = fileformat.redeployments(tours)
    going_on, redeployed = dict(pairs), {j: k for k, j in pairs}
    segments = []
    for k, tour in enumerate(tours):
        label = f"{tour['nation']} · {tour['unit']}"
        where = _at(tour)
        # Said in the hover, where a bar going straight on to the next looked like a tour
        # moved up against it, a dwell forgotten.
        if k in going_on:
            after = tours[going_on[k]]
            where += f", cut short, its unit redeployed in theatre to {_at(after)}"
        if k in redeployed:
            where += (
                f", redeployed in theatre from {_at(tours[redeployed[k]])}: its call-up of "
                f"{tour['mobilized_from']} going on, no trip home"
            )
        start, end, task = tour["start"], tour["end"], tour["task"]
        if tour["mobilized_from"] != start and k not in redeployed:
            segments.append((label, tour["mobilized_from"], start, MOBILIZED, "", where))
        if tour["counts_from"] != start:
            relieved = start <= outgoing.get((task, tour["region"], start), "")
            overlap = "relief in place" if relieved else "arriving"
            segments.append((label, start, tour["counts_from"], task, overlap, where))
        segments.append((label, tour["counts_from"], _next(end), task, "", where))
        if (rest := dwell[tour["unit"]]) and k not in going_on:
            segments.append((label, _next(end), _next(end, rest), "dwell", "", where))
    return pd.DataFrame(
        segments, columns=["unit", "first", "stop", "phase", "overlap", "tour"]
    ).assign(
        first=lambda f: f["first"].map(_date),
        stop=lambda f: f["stop"].map(_date),
    )


def _at(tour: dict[Any, Any]) -> str:
    """Where a tour serves, in its hover: `public_order in dili`."""
    return f"{tour['task']} in {tour['region']}"


def _past_the_horizon(
    figure: go.Figure, scenario: Scenario, ends: pd.Series, inside: bool = False
) -> None:
    """The Gantt's dates to the last tour's end (`ends`: the tours' last months), the
    horizon's end marked, its words above the chart, or `inside` its top where dates are
    shown there."""
    # Tours run on past the horizon's end, and are paid for there (docs/rules.md, budget):
    # shown to their end, the horizon's end marked, where the axis had cut them off.
    first, horizon_end = _horizon(scenario)
    last = max([horizon_end, *(_date(_next(end)) for end in ends)])
    figure.update_xaxes(range=[first, last])
    figure.add_shape(
        type="line", x0=horizon_end, x1=horizon_end, y0=0, y1=1, yref="paper",
        line={"dash": "dash", "width": 1, "color": "black"},
    )  # fmt: skip
    if last > horizon_end:
        figure.add_annotation(
            x=horizon_end, y=1, yref="paper", text="horizon's end", showarrow=False,
            xanchor="right", yanchor="top" if inside else "bottom", font={"size": 10},
        )  # fmt: skip


# The characters of a title that fit above a panel of the coverage figure, three panels
# a row, without running into the next one's.
TITLE_WIDTH = 24


def _two_lines(name: str) -> str:
    """A long title as two lines, the second smaller: a name before its note in brackets
    (`Oecusse`, `(enclave in West Timor)`), else wrapped at `TITLE_WIDTH`."""
    if len(name) <= TITLE_WIDTH:
        return name
    first, bracket, rest = name.partition(" (")
    if not bracket:
        first, *more = textwrap.wrap(name, TITLE_WIDTH)
        rest = " ".join(more)
    wrapped = "<br>".join(textwrap.wrap(first, TITLE_WIDTH))
    return f"{wrapped}<br><sup>{bracket.strip()}{rest}</sup>"


@takes_results
def coverage_by_region(results: Results) -> go.Figure:
    """Effective cover against demand per region, stacked by contributor and the domestic
    force, with the shortfall in its own colour on top (together they reach the demand)
    and cover beyond demand, whole units over-covering a task, in grey above that."""
    frame = stats.cover_by_contributor(results)
    regions = sorted(frame["region"].unique())
    colours = nation_colours(results) | {"domestic": DOMESTIC}
    rows = _grid_rows(len(regions))
    # A long name on two lines, so that it does not run into its neighbour's, the second
    # smaller: full size it ran into the chart below it.
    titles = [_two_lines(region_name(results.scenario, r)) for r in regions]
    figure = make_subplots(
        rows=rows,
        cols=PANELS_A_ROW,
        subplot_titles=titles,
        vertical_spacing=0.35 / rows,
        horizontal_spacing=PANEL_GAP,
    )
    contributors = [c for c in colours if c in set(frame["contributor"])]
    # The legend in a fixed order: nations as the scenario lists them, then the domestic
    # force, the shortfall, cover beyond demand and the demand, whichever panel shows one.
    rank = {name: i for i, name in enumerate([*contributors, "shortfall", "over demand", "demand"])}
    for i, region in enumerate(regions):
        here = frame[frame["region"] == region]
        panel = _panel(i)
        for contributor in contributors:
            part = here[here["contributor"] == contributor].sort_values("month")
            if part["cover"].any():
                colour = colours[contributor]
                _cover_bar(figure, part, "cover", contributor, colour, rank, panel)
        totals = here.drop_duplicates("month").sort_values("month")
        _cover_bar(figure, totals, "shortfall", "shortfall", SHORTFALL, rank, panel)
        _cover_bar(figure, totals, "over_demand", "over demand", OVER_DEMAND, rank, panel)
        _demand_step(figure, totals, rank, panel)
    figure.update_layout(
        barmode="stack",
        bargap=0,
        template=TEMPLATE,
        height=280 * rows + 120,
        title="Cover against demand by region (effective personnel)",
    )
    # Every panel its own dates, over the same horizon: the last row's empty places
    # left the panels above them without any.
    figure.update_xaxes(
        range=_horizon(results.scenario), showticklabels=True, ticklabelmode=PANEL_DATES
    )
    return figure


def _cover_bar(
    figure: go.Figure,
    months: pd.DataFrame,
    column: str,
    name: str,
    colour: str,
    rank: dict[str, int],
    panel: dict[str, int],
) -> None:
    """A bar a month of `months`' `column` in a region's panel, stacked on those before
    it, in the legend once whichever panel draws it first."""
    figure.add_bar(
        x=months["month"].map(_date),
        y=months[column],
        xperiod="M1",
        xperiodalignment="middle",
        marker_line_width=0,
        name=name,
        marker_color=colour,
        legendgroup=name,
        legendrank=rank[name],
        showlegend=name not in _shown(figure),
        **panel,
    )


def _demand_step(
    figure: go.Figure, totals: pd.DataFrame, rank: dict[str, int], panel: dict[str, int]
) -> None:
    """A region's demand as a line over its cover, a step a month."""
    x, y, said = _steps(totals["month"].tolist(), totals["demand"].tolist())
    figure.add_scatter(
        x=x,
        y=y,
        customdata=said,
        hovertemplate="demand: %{y:,.0f}<extra>%{customdata}</extra>",
        name="demand",
        mode="lines",
        line={"color": "black", "width": 1.5, "shape": "hv"},
        legendgroup="demand",
        legendrank=rank["demand"],
        showlegend="demand" not in _shown(figure),
        **panel,
    )


def _shown(figure: go.Figure) -> set[str]:
    return {t.name for t in figure.data if t.showlegend is not False}


@takes_results
def domestic_pipeline(results: Results) -> go.Figure:
    """The domestic force month by month, each quantity in its own unit: the academy's
    recruits and trainees, the strength and the officers employed (head counts), and what
    they cover against the demand of the tasks the force may take (effective personnel)."""
    frame = stats.pipeline(results)
    effectiveness = results.scenario.settings.domestic.effectiveness
    x = frame["month"].map(_date)
    panels = (
        "Academy: recruits and trainees (head count)",
        "Strength and officers employed (head count)",
        f"Cover, at {effectiveness:g} effective personnel an officer",
    )
    figure = make_subplots(
        rows=3, cols=1, shared_xaxes=True, subplot_titles=panels, vertical_spacing=0.08
    )
    # The legend in a group a panel, each under its panel's name: "employed" is drawn alike
    # in the head counts and in the cover, and read as one line without it.
    groups = ("academy", "head count", "cover (effective personnel)")
    figure.add_bar(
        x=x,
        y=frame["recruits"],
        name="recruits",
        marker_color="#9edae5",
        legendgroup=groups[0],
        legendgrouptitle_text=groups[0],
        row=1,
        col=1,
    )
    lines = [
        (1, frame["in_training"], "in training", "#17becf", "solid"),
        (2, frame["strength"], "strength", DOMESTIC, "solid"),
        (2, frame["employed"], "employed", "#98df8a", "dot"),
        (3, frame["can_cover"], "could cover (whole strength)", DOMESTIC, "dash"),
        (3, frame["employed"] * effectiveness, "covers (employed)", "#98df8a", "dot"),
        (3, frame["open_demand"], "demand it may take", "black", "dash"),
    ]
    for row, values, name, colour, dash in lines:
        figure.add_scatter(
            x=x,
            y=values,
            name=name,
            mode="lines",
            line={"color": colour, "dash": dash},
            legendgroup=groups[row - 1],
            legendgrouptitle_text=groups[row - 1],
            row=row,
            col=1,
        )
    if results.scenario.academy:
        # Drawn where academy.csv changes it (a closure), so that the trainees' dip reads
        # as the academy's, not the plan's; its full size alone would squash the panel.
        capacity = results.scenario.academy_capacities
        figure.add_scatter(
            x=x,
            y=[capacity[results.scenario.month_index(m)] for m in frame["month"]],
            name="academy capacity",
            mode="lines",
            line={"color": "grey", "dash": "dash", "shape": "hv"},
            legendgroup=groups[0],
            legendgrouptitle_text=groups[0],
            row=1,
            col=1,
        )
    figure.update_layout(legend_tracegroupgap=24, legend_groupclick="toggleitem")
    figure.update_yaxes(title_text="personnel", row=1, col=1)
    figure.update_yaxes(title_text="personnel", row=2, col=1)
    figure.update_yaxes(title_text="effective personnel", row=3, col=1)
    figure.update_layout(template=TEMPLATE, title="Domestic force pipeline", height=760)
    return figure


# The most bars the cost figure draws, a bar per nation and fiscal year (Timor-Leste's 40
# among them): a generated L's 132 had made it 2,500 px tall, so past this it is a grid.
COST_BARS = 48
# The most rows of the grid: the nations beyond, but those over a budget, summed in one.
COST_NATIONS = 30
NO_BUDGET = "#e8e8e8"


@takes_results
def cost_against_budget(results: Results) -> go.Figure:
    """Cost by nation and fiscal year as bars, each nation's budget as a tick beside it (no
    key of budgets where none has one); with more than `COST_BARS` bars, a grid of a cell
    per nation and year (`_cost_grid`). Its title says when a fiscal year begins where it
    is not January."""
    frame = stats.cost_against_budget(results)
    frame = frame[(frame["cost"] > 0) | frame["budget"].notna()]
    # Red where the checker finds the budget broken, by its own tolerance: a tighter one
    # had drawn red a budget the report's verdict says is kept.
    over = [
        pd.notna(budget) and overspent(cost, budget) > 0
        for cost, budget in zip(frame["cost"], frame["budget"], strict=True)
    ]
    settings = results.scenario.settings
    budgets = bool(frame["budget"].notna().any())
    against = " against budget" if budgets else ""
    title = f"Cost by nation and fiscal year{against} (million {settings.currency})"
    # Drawn alone (a notebook's), the years read as the calendar's: S's from October had
    # shown a fiscal year 2029 before a mission starting in 2030-01. The report says it too.
    if settings.fiscal_year_start != 1:
        first = calendar.month_name[settings.fiscal_year_start]
        title += f"<br><sup>a fiscal year runs from {first}, named by the year it begins in</sup>"
    if len(frame) > COST_BARS:
        return _cost_grid(frame.assign(over=over), title)
    colours = nation_colours(results)
    # Bars lie flat, a row each: a nation with one bar in a year had no room for its code
    # under an upright bar (GBR and ITA overlapped on Timor-Leste).
    years = [str(year) for year in frame["fiscal_year"]]
    y = [frame["nation"].tolist(), years]
    figure = go.Figure()
    figure.add_bar(
        y=y,
        x=frame["cost"] / 1e6,
        orientation="h",
        name="cost",
        marker_color=[colours[n] for n in frame["nation"]],
        showlegend=False,
        hovertemplate="%{y}: %{x:,.1f} M<extra>cost</extra>",
    )
    # A key of budgets none of the bars has had read as budgets missing from the figure.
    figure.add_scatter(
        y=y,
        x=frame["budget"] / 1e6,
        name="budget",
        visible=budgets,
        mode="markers",
        marker={
            "symbol": "line-ns-open",
            "size": 12,
            "color": [SHORTFALL if o else "black" for o in over],
            "line": {"width": 3},
        },
        hovertemplate="%{y}: %{x:,.1f} M<extra>budget</extra>",
    )
    figure.update_layout(
        template=TEMPLATE,
        title=title,
        xaxis_title=f"million {settings.currency}",
        yaxis={"autorange": "reversed", "tickfont_size": 10},
        height=max(400, 18 * len(frame) + 160),
    )
    return figure


def _cost_grid(frame: pd.DataFrame, title: str) -> go.Figure:
    """The cost figure of `frame` (`stats.cost_against_budget`'s rows with `over`, the
    budget broken), titled `title`, as a row per nation and a column per fiscal year:
    each cell its cost, coloured by the share of the budget used (grey with no budget),
    framed red where it is broken. Past `COST_NATIONS` nations, the least costly, none of
    them over a budget, are one row of their costs summed (`_least_costly_summed`)."""
    frame, nations, summed_over = _least_costly_summed(frame)
    years = sorted(set(frame["fiscal_year"]))

    def cells(column: str) -> pd.DataFrame:
        table = frame.pivot(index="nation", columns="fiscal_year", values=column)
        return table.reindex(index=nations, columns=years)

    cost, budget = cells("cost") / 1e6, cells("budget") / 1e6
    used = cost / budget.where(budget > 0)
    said = pd.DataFrame(
        [
            [
                "nothing spent, no budget"
                if pd.isna(spent)
                else f"{spent:,.1f} M, no budget"
                if pd.isna(limit)
                else f"{spent:,.1f} M of a budget of {limit:,.1f} M"
                + ("" if pd.isna(share) else f" ({share:.0%})")
                for spent, limit, share in zip(cost[year], budget[year], used[year], strict=True)
            ]
            for year in years
        ]
    ).T
    if summed_over:
        # Their budgets are each its own nation's: the row's sum is against none of them.
        of = f" M, the sum of {', '.join(summed_over)}, none of them over a budget"
        said.iloc[-1] = [f"{spent:,.1f}{of}" for spent in cost.iloc[-1].fillna(0)]
    figure = go.Figure()
    figure.add_heatmap(
        x=[str(year) for year in years],
        y=nations,
        z=used,
        zmin=0,
        zmax=1,
        colorscale="Blues",
        colorbar={"title": {"text": "share of<br>budget used"}, "tickformat": ".0%"},
        text=cost.map(lambda m: "" if pd.isna(m) else f"{m:,.1f}"),
        texttemplate="%{text}",
        customdata=said,
        hovertemplate="%{y} %{x}: %{customdata}<extra></extra>",
        xgap=1,
        ygap=1,
    )
    exceeded = cells("over").eq(True).to_numpy()  # a cell of no row is none
    for row, col in zip(*exceeded.nonzero(), strict=True):
        figure.add_shape(
            type="rect",
            x0=col - 0.5,
            x1=col + 0.5,
            y0=row - 0.5,
            y1=row + 0.5,
            line={"color": SHORTFALL, "width": 3},
        )
    # The keys of the frames and of the grey, as the bars' red tick has its own.
    for name, marker in (
        ("budget exceeded", {"symbol": "square-open", "color": SHORTFALL, "line_width": 3}),
        ("no budget", {"symbol": "square", "color": NO_BUDGET, "line_width": 0}),
    ):
        figure.add_scatter(
            x=[None], y=[None], name=name, mode="markers", marker={"size": 14, **marker}
        )
    figure.update_layout(
        template=TEMPLATE,
        # A cell of no budget is left uncoloured: grey, not the white of a budget unused.
        plot_bgcolor=NO_BUDGET,
        showlegend=True,
        title=title,
        xaxis={"type": "category", "side": "top", "showgrid": False},
        yaxis={"type": "category", "autorange": "reversed", "showgrid": False, "tickfont_size": 10},
        legend={"orientation": "h", "y": -0.02, "yanchor": "top"},
        height=max(400, 26 * len(nations) + 200),
    )
    return figure


def _least_costly_summed(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """`frame` (`_cost_grid`'s) with, past `COST_NATIONS` nations, the least costly of
    those within every budget as one row, "N others", of their costs summed (no budget,
    never over); its rows' nations in order, and the nations summed (none where there
    are no more than `COST_NATIONS`)."""
    nations = list(dict.fromkeys(frame["nation"]))
    if len(nations) <= COST_NATIONS:
        return frame, nations, []
    totals = frame.groupby("nation")["cost"].sum()
    broken = set(frame.loc[frame["over"], "nation"])
    ranked = sorted(nations, key=lambda n: (n not in broken, -totals[n]))
    kept = set(ranked[: max(COST_NATIONS - 1, len(broken))])
    rest = frame[~frame["nation"].isin(kept)]
    summed_over = sorted(set(rest["nation"]))
    others = f"{len(summed_over)} others"
    summed = rest.groupby("fiscal_year", as_index=False)["cost"].sum()
    frame = pd.concat(
        [frame[frame["nation"].isin(kept)], summed.assign(nation=others, over=False)],
        ignore_index=True,
    )
    return frame, [*(n for n in nations if n in kept), others], summed_over


_RESERVE_HATCH = {"shape": "/", "fgcolor": "white", "solidity": 0.3}


@takes_results
def deployed_against_ceiling(results: Results) -> go.Figure:
    """For each nation that deploys, its personnel in theatre month by month, active and
    reserve stacked, under the political ceiling in force (a step where ceilings.csv
    lowers it) from the month it joins to the month it leaves: the first thing a planner
    checks, and where a shrinking ceiling binds."""
    frame = stats.deployed(results)
    totals = frame.groupby("nation")["personnel"].sum()
    nations = [n for n in totals.index if totals[n] > 0]
    rows = _grid_rows(len(nations))
    figure = make_subplots(
        rows=rows,
        cols=PANELS_A_ROW,
        subplot_titles=nations,
        shared_xaxes=True,
        vertical_spacing=0.3 / rows,
        horizontal_spacing=PANEL_GAP,
    )
    colours = nation_colours(results)
    for i, nation in enumerate(nations):
        mine, panel = frame[frame["nation"] == nation], _panel(i)
        _in_theatre(figure, mine, nation, colours[nation], panel)
        serving = results.scenario.nation_by_code[nation]
        _ceiling_in_force(figure, mine, serving, first=i == 0, panel=panel)
    # The legend's keys in grey: each nation has its colour, the hatch marks reserves.
    for component in ("active", "reserve"):
        _pattern_key(figure, component, "grey", _hatch(component))
    figure.update_layout(
        template=TEMPLATE,
        title="Personnel in theatre by nation against its political ceiling",
        height=max(400, 220 * rows + 120),
    )
    figure.update_xaxes(range=_horizon(results.scenario), ticklabelmode=PANEL_DATES)
    # Shared axes date the last row alone: a panel above an empty place of it had none.
    for i in range(max(0, len(nations) - PANELS_A_ROW), len(nations)):
        figure.update_xaxes(showticklabels=True, **_panel(i))
    if not nations:
        # A plan of no tours drew one empty panel, its axes made up (-1 to 4 people, 0 to 6
        # of no dates), the legend's keys beside it: said, not drawn.
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        figure.update_layout(showlegend=False)
        figure.add_annotation(
            text="No nation has personnel in theatre in the horizon: the plan has no tours",
            x=0.5, xref="paper", y=0.5, yref="paper", showarrow=False,
        )  # fmt: skip
    return figure


def _hatch(component: str) -> dict[str, Any] | None:
    """How a component's personnel are filled: reserves hatched, active plain."""
    return _RESERVE_HATCH if component == "reserve" else None


def _in_theatre(
    figure: go.Figure, mine: pd.DataFrame, nation: str, colour: str, panel: dict[str, int]
) -> None:
    """A nation's personnel in theatre (`mine`: its rows of `stats.deployed`), active and
    reserve stacked, in its panel."""
    for component in ("active", "reserve"):
        part = mine[mine["component"] == component].sort_values("month")
        if part.empty or not (part["personnel"] > 0).any():
            continue
        x, y, said = _steps(part["month"].tolist(), part["personnel"].tolist())
        figure.add_scatter(
            x=x,
            y=y,
            customdata=said,
            name=component,
            showlegend=False,
            stackgroup=nation,
            line={"width": 0, "shape": "hv"},
            fillcolor=colour,
            fillpattern=_hatch(component),
            hovertemplate=f"{nation} {component}: %{{y:,.0f}}<extra>%{{customdata}}</extra>",
            **panel,
        )


def _ceiling_in_force(
    figure: go.Figure, mine: pd.DataFrame, serving: Nation, *, first: bool, panel: dict[str, int]
) -> None:
    """A nation's ceiling month by month (`mine`: its rows of `stats.deployed`) as a dashed
    step in its panel, in the legend on the `first` panel only."""
    # Blank where the nation may not serve (`stats.deployed`): no line, no room to spare.
    months = mine.drop_duplicates("month").sort_values("month")
    ceiling = [None if pd.isna(c) else c for c in months["ceiling"]]
    x, y, said = _steps(months["month"].tolist(), ceiling)
    figure.add_scatter(
        x=x,
        y=y,
        customdata=said,
        name="ceiling",
        legendgroup="ceiling",
        showlegend=first,
        mode="lines",
        line={"color": "black", "dash": "dash", "width": 1.5, "shape": "hv"},
        hovertemplate=f"{serving.nation} ceiling: %{{y:,.0f}}<extra>%{{customdata}}</extra>",
        **panel,
    )


@takes_results
def handover_timeline(results: Results) -> go.Figure:
    """For each region, international responsibility until handover, domestic after; each
    region named with its risk, so that the order calm-first hands them over in is seen."""
    scenario = results.scenario
    frame = stats.handover(results)
    first, stop = _horizon(scenario)
    rows = []
    for region in frame.itertuples(index=False):
        label = f"{region.name} · risk {scenario.region_by_code[str(region.region)].risk}"
        if isinstance(region.handover, str):
            rows.append((label, first, _date(region.handover), "international", ""))
            rows.append((label, _date(region.handover), stop, "domestic", region.handover))
        else:
            rows.append((label, first, stop, "international", "not handed over"))
    bars = pd.DataFrame(rows, columns=["region", "first", "stop", "held_by", "handover"])
    figure = px.timeline(
        bars,
        x_start="first",
        x_end="stop",
        y="region",
        color="held_by",
        color_discrete_map={"international": "#7f7f7f", "domestic": DOMESTIC},
        hover_data={"handover": True},
        template=TEMPLATE,
        title=f"Handover: {int(frame['handover'].notna().sum())} of {len(frame)} regions "
        "pass to the domestic force",
    )
    figure.update_yaxes(autorange="reversed", title=None)
    figure.update_layout(height=max(300, 30 * len(frame) + 150), legend_title_text="")
    return figure


FIGURES: dict[str, Figure] = {
    "rotation": rotation_gantt,
    "coverage": coverage_by_region,
    "pipeline": domestic_pipeline,
    "cost": cost_against_budget,
    "ceiling": deployed_against_ceiling,
    "handover": handover_timeline,
}


STATIC = ("png", "svg", "pdf")


LATE_SCRIPT = "kaleido_scopes is not defined"  # Chromium's reply when its page ran early


def save_static(figure: go.Figure, path: str | Path, *, scale: float = 2.0) -> None:
    """Write a figure as PNG, SVG or PDF (by suffix) through Kaleido, which drives a local
    Chrome or Chromium; the file appears whole or not at all. ValueError for another
    suffix, before Kaleido starts (an HTML page is `figure.write_html`'s); TypeError for
    no figure or no path (Results given for the figure failed inside, on `write_image`)."""
    if not isinstance(figure, go.Figure):
        raise TypeError(
            f"save_static takes a figure, not {type(figure).__name__}: "
            "save_static(plots.coverage_by_region(results), 'coverage.png')"
        )
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"save_static writes to a path (str or Path), not {shortened(path)}")
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in STATIC:
        raise ValueError(f"{path}: a figure is saved as .png, .svg or .pdf, not {kind!r}")
    # Kaleido's own error of its script, which is no RuntimeError, is said as one too, not
    # a traceback.
    from kaleido.errors import KaleidoError

    failures = (RuntimeError, KaleidoError)
    with atomic_file(path) as tmp:
        for attempt in (1, 2):
            try:
                figure.write_image(tmp, format=kind, scale=scale)
                break
            except failures as exc:
                # On a busy machine Chromium's page can run before Kaleido's script has
                # loaded ("kaleido_scopes is not defined"): a second try draws it. Any
                # other failure (no Chrome, a figure it cannot draw) is said at once.
                late = LATE_SCRIPT in str(exc)
                if attempt == 2 or not late:
                    said = textwrap.shorten(str(exc), 300, placeholder=" ...")
                    tried = ", twice" if late else ""
                    raise RuntimeError(
                        f"Kaleido (through Chromium) could not draw the figure{tried}: {said}"
                    ) from None
