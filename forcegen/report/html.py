"""report.html: the run's key figures, the checker's verdict, figures and tables, in one file
that opens with no network (plotly.js is inlined once, every figure draws on it).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jinja2
import pandas as pd
from plotly.offline import get_plotlyjs

from forcegen import plots, stats
from forcegen.checker import SOFT_BREACHES, CheckReport
from forcegen.checker.rules import in_runs
from forcegen.fileformat import REPLAN_SHEET, change_counts, chosen, forced, shortfall_of
from forcegen.months import add_months
from forcegen.scenario.scenario import Scenario
from forcegen.shown import kpi_shown
from forcegen.stats import KPI_LABELS, Results, key_figures, shown_change

# The most of a ceiling used by a nation in theatre under a ceiling of 0 (a nation gone):
# no share of it.
OVER_NOTHING = "over a ceiling of 0"
CAPTIONS = {
    "rotation": "Every unit's tours by task, with post-mobilization training, the months "
    "before a tour counts (hatched where it relieves a unit still there, dotted where it "
    "arrives to none) and dwell at home (grey); a unit a re-plan redeployed in theatre goes "
    "straight on from its tour cut short to the next, no dwell between (their hover says "
    "so). Idle units have empty rows. Past "
    f"{plots.ONE_NATION_AT_A_TIME} units, one nation's at a time, chosen from the menu above "
    "the chart: first the nation of most units, the one report --static draws as "
    "rotation.png, beside an image of each nation (rotation-NATION.png); "
    "plots.rotation_gantt(results, nations=[...]) draws any nations' units alone.",
    "coverage": "Effective personnel against demand in each region, stacked by contributor "
    "and the domestic force; red is demand left uncovered, grey cover beyond a task's demand "
    "(units come whole), of no use to another task: a month may show both.",
    "pipeline": "Recruits, trainees and strength of the domestic force, and the demand of the "
    "tasks it may take beside what its whole strength could cover.",
    "cost": "Each nation's cost per fiscal year; the tick is its budget (red when exceeded). "
    f"With more than {plots.COST_BARS} bars, a grid instead: a cell per nation and year, "
    "coloured by the share of the budget used and framed red when exceeded; past "
    f"{plots.COST_NATIONS} nations, the least costly summed in one row.",
    "ceiling": "Each nation's personnel in theatre, active and reserve (hatched), under its "
    "political ceiling in force (dashed) from the month it joins to the month it leaves.",
    "handover": "When each region passes to the domestic force.",
}


@dataclass(frozen=True)
class Verdict:
    """The independent checker's verdict, as the report shows it."""

    ok: bool
    headline: str
    lines: list[str]

    # Lines shown open, the rest folded under a summary: a broken L plan's 586 lines had
    # pushed the first figure 12,000 px down the page (the headline counts each rule).
    SHOWN = 12

    @property
    def shown(self) -> list[str]:
        return self.lines[: self.SHOWN]

    @property
    def folded(self) -> list[str]:
        return self.lines[self.SHOWN :]

    @classmethod
    def from_check(cls, report: CheckReport) -> Verdict:
        headline = (
            "The plan keeps every hard rule, checked from the scenario without the optimizer."
            if report.ok
            else f"The plan breaks hard rules: {report.how_many()}."
        )
        lines = in_runs(report.violations)
        lines += [f"{SOFT_BREACHES}: {line}" for line in in_runs(report.soft)]
        lines += [f"judged as {s}" for s in report.assumed]
        lines += [f"not read: {p}" for p in report.unread]
        return cls(report.ok, headline, lines + [f"not checked: {s}" for s in report.skipped])


def _table(frame: pd.DataFrame, formats: dict[Any, Any]) -> str:
    """A table as a planner reads it: its columns' words spaced (`peak deployed`)."""
    # Names come from the planner's files: `<` in one is text, not markup.
    styled = frame.style.format(formats, na_rep="", escape="html").hide(axis="index")
    styled = styled.format_index(
        lambda column: str(column).replace("_", " "), axis="columns", escape="html"
    )
    styled = styled.set_td_classes(frame.map(_cell_class))
    return str(styled.to_html(table_attributes='class="table"'))


# Past this many characters a cell's text is a sentence, kept to a readable width.
PROSE = 60


def _cell_class(value: Any) -> str:
    """A value without a space is one word (a unit, a month, a number) that the page keeps
    on a line: the browser broke AUS-inf-1 and 2001-06 at their hyphens in a narrow column.
    A sentence keeps a column's width: at 800 px, a table wider than the page scrolls, and
    the browser had squeezed why a unit is left at home to its longest word, rows 457 px
    tall, a word a line."""
    text = str(value)
    if " " not in text:
        return "word"
    return "prose" if len(text) > PROSE else ""


def _under(deltas: pd.DataFrame) -> str:
    """What a table of key figures against the plan replaced holds of both runs, said once
    above it where each of its rows repeated it: the models they were made under and
    whether the scenario is the one replaced."""
    run = deltas.iloc[0]
    model, before = run.get("model"), run.get("baseline_model")
    # Read back from kpi_deltas.csv: numpy's booleans, NaN where unknown.
    alike = {
        key: None if pd.isna(run.get(key)) else bool(run.get(key))
        for key in ("model_as_baseline", "scenario_as_baseline")
    }
    if model != before:
        said = f"The re-plan under the model {model}, the plan replaced under {before}"
    elif alike["model_as_baseline"] is False:
        changes = run.get("model_changes")
        other = f" ({changes})" if isinstance(changes, str) and changes else ""
        said = f"Both under the model {model}, the re-plan's with other settings{other}"
    else:
        said = f"Both under the model {model}"
    if alike["scenario_as_baseline"] is False:
        # Each run's figures are on its own scenario: the shortfall's change is the events'
        # as much as the re-plan's.
        said += (
            ", the re-plan on the scenario as the events changed it, the plan replaced on it "
            "as it was"
        )
    elif alike["scenario_as_baseline"] is True:
        said += ", on the same scenario"
    return said + "."


def _replanned(record: pd.DataFrame, coverage: pd.DataFrame) -> str:
    """The header's word that the plan is a re-plan, from when and after what, and its
    shortfall from then on: its page otherwise opened as the plan it replaced did, its
    worst month the horizon's, long past, where the terminal said the re-plan's."""
    month = record.loc[record["field"] == "from", "value"].iloc[0]  # first, always there
    events = int((record["field"] == "event").sum())
    after = f"after {events} event{'s' * (events > 1)}" if events else "with no event"
    return (
        f"A re-plan from {month} {after}: its record follows the independent check. "
        f"{shortfall_ahead(coverage, month)} (the key figures are the whole horizon's)."
    )


def shortfall_ahead(coverage: pd.DataFrame, month: str) -> str:
    """The shortfall from the re-plan's month on, what the re-plan decides: the summary's
    peak is the horizon's, most often its first month, long past."""
    ahead = shortfall_of(coverage, since=month)
    if ahead.month is None:
        return f"From {month} on: no shortfall"
    return (
        f"From {month} on: shortfall {ahead.total:,.0f} effective person-months, peak "
        f"{ahead.peak:,.0f} in {ahead.month}"
    )


def _replan_tables(sheets: Mapping[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """A re-plan's record, its key figures against the plan replaced and the tours it
    changed (`workbook.replan_sheets`), shown after the verdict: what a planner asks first."""
    tables = [
        {"title": "Re-plan: the record and its events", "html": _table(sheets[REPLAN_SHEET], {})}
    ]
    if (deltas := sheets.get("kpi_deltas")) is not None and len(deltas):
        kpis = deltas["kpi"].astype(str)
        shown = pd.DataFrame(
            {
                "key figure": [KPI_LABELS.get(kpi, kpi.replace("_", " ")) for kpi in kpis],
                **{
                    heading: [
                        kpi_shown(kpi, value, heading == "change")
                        for kpi, value in zip(kpis, values, strict=True)
                    ]
                    for heading, values in (
                        ("before", deltas["baseline"]),
                        ("after", deltas["value"]),
                        (
                            "change",
                            map(
                                shown_change,
                                kpis,
                                deltas["baseline"],
                                deltas["value"],
                                deltas["delta"],
                            ),
                        ),
                    )
                },
                "change %": deltas["delta_pct"],
                "unit": deltas["unit"],
            }
        )
        tables.append(
            {
                "title": "Re-plan: key figures against the plan replaced",
                "caption": _under(deltas),
                "html": _table(shown, {"change %": "{:+.1%}"}),
            }
        )
    if (diff := sheets.get("diff")) is not None:
        changed = diff[diff["change"] != "kept"]
        counts = change_counts(diff)
        # A row is a tour before, or one after alone (added, redeployed): a moved tour is
        # one row.
        said = ", ".join(f"{n} {change}" for change, n in counts.items() if n and change != "kept")
        before = len(diff) - counts["added"] - counts["redeployed"]
        title = (
            f"Re-plan: tours not kept ({said or 'none'}; {counts['kept']} of the {before} "
            "tours before kept)"
        )
        # Which of the changes the events forced, as the terminal says: the planner's
        # question of a re-plan that moved 13 tours and cancelled 14.
        cause = (
            "the events"
            if (sheets[REPLAN_SHEET]["field"] == "event").any()
            else ("the scenario as it stands")
        )
        captions = [
            f"{chosen(counts)} changed by the re-plan, {forced(diff)} of them tours {cause} "
            f"broke (broken by events); {counts['curtailed']} curtailed and "
            f"{counts['stood-down']} stood down (mobilized, never to deploy) by {cause}."
        ]
        if going_on := redeployments_said(diff):
            # Its before columns are another tour's, which has its own row: said, lest the
            # planner count it twice.
            captions.append(
                f"{REDEPLOYED}: {'; '.join(going_on)}. The before columns of a redeployed "
                "row are the tour it goes on from, cut short, which has a row of its own."
            )
        tables.append({"title": title, "caption": " ".join(captions), "html": _table(changed, {})})
    return tables


# What a redeployment is, where the plan's are listed (the report, the terminal).
REDEPLOYED = "Redeployed in theatre (the unit's call-up going on: no trip home, no rotation cost)"


def redeployments_said(diff: pd.DataFrame) -> list[str]:
    """Each tour of a re-plan's `diff` redeployed in theatre, from where: its row's before
    columns, the tour of its unit it goes on from, cut short (docs/rules.md, redeployed),
    or, where it starts as that tour would have, the tour a reserve stood down in its
    training was to serve. A diff written before they were filled names it by `to` alone."""
    said = []
    for row in diff[diff["change"] == "redeployed"].to_dict("records"):
        task = row["task_after"] if isinstance(row["task_after"], str) else row["task"]
        to = f"to {task} in {row['region_after']}, {row['start_after']} to {row['end_after']}"
        if isinstance(row["region_before"], str):
            where = f"{row['task']} in {row['region_before']}"
            if row["start_before"] == row["start_after"]:
                # A reserve the events stood down in its training, deployed elsewhere from
                # the start it had: its tour before never began, so nothing was cut short.
                to = f"stood down in training for {where}, deployed {to}"
            else:
                to = f"from {where}, cut short at {row['end_before']}, {to}"
        said.append(f"{row['unit']} {to}")
    return said


def fiscal_years_said(scenario: Scenario) -> str:
    """What the cost figure's years are, and what a tour past the horizon's end costs in the
    last: no other figure or table of the plan shows those months."""
    first = calendar.month_name[scenario.settings.fiscal_year_start]
    named = f" A fiscal year runs from {first} and is named by the year it begins in."
    if scenario.spending_months == scenario.settings.months:
        return f"{named} The horizon ends with its last; later ones are not counted."
    last = add_months(scenario.settings.start, scenario.spending_months - 1)
    return (
        f"{named} A tour running past the horizon's end ({scenario.end}) is paid for to "
        f"the end of its last fiscal year ({last}): its months after the horizon count there."
    )


def render(
    results: Results,
    verdict: Verdict | None = None,
    replan: Mapping[str, pd.DataFrame] | None = None,
    idle: pd.DataFrame | None = None,
) -> str:
    """The report as one HTML string; `replan`: a re-plan's sheets, shown after the verdict;
    `idle`: the units left at home and why, as `stats.idle_units` gives them under the model
    the plan was made under (without it, judged without the model)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("forcegen.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        scenario=results.scenario.settings,
        model=results.kpis.get("model", ""),
        written=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        key_figures=key_figures(results.kpis, results.scenario),
        verdict=verdict,
        warnings=results.kpis.get("warnings") or [],
        figures=_figures(results),
        replan=_replan_tables(replan) if replan else [],
        replanned=_replanned(replan[REPLAN_SHEET], results.coverage) if replan else None,
        tables=_plan_tables(results, stats.idle_units(results) if idle is None else idle),
        plotlyjs=get_plotlyjs(),
    )


def _figures(results: Results) -> list[dict[str, Any]]:
    """Every figure of `plots.FIGURES` as a div drawing on the one plotly.js inlined, with
    its caption."""
    figures = []
    for name, draw in plots.FIGURES.items():
        figure = draw(results)
        figures.append(
            {
                "name": name,
                "caption": CAPTIONS.get(name, "")
                + (fiscal_years_said(results.scenario) if name == "cost" else ""),
                "html": figure.to_html(
                    full_html=False,
                    include_plotlyjs=False,
                    div_id=f"figure-{name}",
                    config={"displaylogo": False, "responsive": True},
                    default_width="100%",
                ),
            }
        )
    return figures


def _plan_tables(results: Results, idle: pd.DataFrame) -> list[dict[str, Any]]:
    """The plan's tables after its figures: handover and burden sharing always, the units
    left at home (`idle`) and the nations by sector where there is something to show."""
    tables = [_handover_table(results), _burden_sharing_table(results)]
    if len(idle):  # a planner's first question of a unit the plan leaves at home
        tables.append(_idle_units_table(idle, results.scenario.settings.currency))
    # Shown where sectors group regions: else it repeats the regions one by one.
    if any(len(regions) > 1 for regions in results.scenario.sectors.values()):
        tables.append(
            {"title": "Nations by sector (coherence)", "html": _table(stats.sectors(results), {})}
        )
    return tables


def ceiling_used_shown(used: float) -> str:
    """The most of a ceiling used, as a whole percentage, where rounding does not make a
    broken ceiling read as kept (450 under 449: 100%, where the checker names it)."""
    if used == math.inf:
        return OVER_NOTHING
    shown = f"{used:.0%}"
    if used > 1 and shown == "100%":
        return "over 100%"
    return shown


def _handover_table(results: Results) -> dict[str, Any]:
    handed = stats.handover(results)
    return {
        "title": "Handover by region",
        "html": _table(
            handed.assign(handover=handed["handover"].fillna("not handed over")),
            {"months_from_start": "{:.0f}"},
        ),
    }


def _burden_sharing_table(results: Results) -> dict[str, Any]:
    sharing = stats.burden_sharing(results)
    cost = f"cost_({results.scenario.settings.currency})"  # as everywhere money is shown
    return {
        "title": "Burden sharing",
        # The ceiling beside the peak is the peak month's; the most of a ceiling used
        # may fall in another month, under a smaller one: said in the headings, where
        # 5,150 of 5,500 beside 99% used read as a sum gone wrong.
        "html": _table(
            sharing.assign(lead=sharing["lead"].map({True: "lead", False: ""})).rename(
                columns={
                    "ceiling": "ceiling_at_peak",
                    "ceiling_used": "most_of_its_ceiling_used",
                    "ceiling_used_month": "in",
                    "ceiling_then": "against_a_ceiling_of",
                    "cost": cost,
                }
            ),
            {
                "person_months": "{:,.0f}",
                "peak_deployed": "{:,.0f}",
                "ceiling_at_peak": "{:,.0f}",
                "most_of_its_ceiling_used": ceiling_used_shown,
                "against_a_ceiling_of": "{:,.0f}",
                cost: "{:,.0f}",
                "person_months_share": "{:.1%}",
                "cost_share": "{:.1%}",
            },
        ),
    }


def _idle_units_table(idle: pd.DataFrame, currency: str) -> dict[str, Any]:
    cost = f"cost_a_month_({currency})"
    cover = "could_cover_(effective_personnel)"
    formats = {cover: "{:,.0f}", cost: "{:,.0f}", "personnel": "{:,.0f}"}
    # Each heading says what it counts: "ceiling full 10" beside "months wanted 45" read
    # as a share or a number of units, not ten of those months.
    shown = idle.rename(
        columns={
            "ceiling_full": "of_them,_ceiling_full",
            "budget_spent": "of_them,_budget_spent",
            "could_cover": cover,
            "cost_a_month": cost,
        }
    )
    return {"title": "Units left at home, and why", "html": _table(shown, formats)}
