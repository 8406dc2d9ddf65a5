"""report.html: the run's key figures, the checker's verdict, figures and tables, in one file
that opens with no network (plotly.js is inlined once, every figure draws on it).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jinja2
import pandas as pd
from plotly.offline import get_plotlyjs

from forcegen import plots, stats
from forcegen.checker import SOFT_BREACHES, CheckReport
from forcegen.checker.plan_files import REPLAN_SHEET
from forcegen.checker.rules import in_runs
from forcegen.months import add_months
from forcegen.replan.diff import change_counts
from forcegen.scenario.scenario import Scenario
from forcegen.shown import figure
from forcegen.stats import Results, how_solved, is_share

CAPTIONS = {
    "rotation": "Every unit's tours by task, with post-mobilization training, the months "
    "before a tour counts (hatched where it relieves a unit still there, dotted where it "
    "arrives to none) and dwell at home (grey). Idle units have empty rows.",
    "coverage": "Effective personnel against demand in each region, stacked by contributor "
    "and the domestic force; red is demand left uncovered, grey cover beyond demand "
    "(units come whole).",
    "pipeline": "Recruits, trainees and strength of the domestic force, and the demand of the "
    "tasks it may take beside what its whole strength could cover.",
    "cost": "Each nation's cost per fiscal year; the tick is its budget (red when exceeded).",
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


def _money(value: float, currency: str) -> str:
    return f"{value / 1e6:,.1f} M {currency}"


def key_figures(results: Results) -> list[tuple[str, str]]:
    """The headline numbers, formatted for people."""
    k = results.kpis
    currency = results.scenario.settings.currency
    demand = k.get("demand") or 0.0
    shortfall = k.get("total_shortfall", 0.0)
    share = f" ({shortfall / demand:.1%} of demand)" if demand else ""
    figures = [
        ("Shortfall", f"{shortfall:,.0f} effective person-months{share}"),
        (
            "Worst month",
            f"{k['peak_shortfall']:,.0f} effective personnel short in {k['peak_shortfall_month']}"
            if k.get("peak_shortfall_month")
            else "no shortfall",
        ),
        ("International cost", _money(k.get("international_cost", 0.0), currency)),
        ("Domestic force cost", _money(k.get("domestic_cost", 0.0), currency)),
        ("Tours", f"{k.get('tours', len(results.assignments))}"),
        ("Nations deployed", f"{len(k.get('nations', []))} of {len(results.scenario.nations)}"),
        (
            "Regions handed over",
            f"{k.get('regions_handed_over', 0)} of {len(results.scenario.regions)}",
        ),
        ("Reserve share", f"{k.get('reserve_share', 0.0):.1%} of person-months"),
        ("Domestic force at the end", f"{k.get('final_domestic_strength', 0.0):,.0f} trained"),
    ]
    figures.append(("Solver", how_solved(k)))
    return figures


def _table(frame: pd.DataFrame, formats: dict[Any, Any]) -> str:
    """A table as a planner reads it: its columns' words spaced (`peak deployed`)."""
    # Names come from the planner's files: `<` in one is text, not markup.
    styled = frame.style.format(formats, na_rep="", escape="html").hide(axis="index")
    styled = styled.format_index(
        lambda column: str(column).replace("_", " "), axis="columns", escape="html"
    )
    return str(styled.to_html(table_attributes='class="table"'))


def _kpi_cell(value: Any, share: bool, delta: bool) -> str:
    if value is None or pd.isna(value):
        return ""
    if share:
        return f"{value * 100:+.1f} pp" if delta else f"{value:.1%}"
    return ("+" if delta and value > 0 else "") + figure(float(value))


def _replan_tables(sheets: Mapping[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """A re-plan's record, its key figures against the plan replaced and the tours it
    changed (`workbook.replan_sheets`), shown after the verdict: what a planner asks first."""
    tables = [
        {"title": "Re-plan: the record and its events", "html": _table(sheets[REPLAN_SHEET], {})}
    ]
    if (deltas := sheets.get("kpi_deltas")) is not None and len(deltas):
        shown = deltas.drop(columns=["run"], errors="ignore").copy()
        # A share or the gap as the key figures above show it, a percentage (its change in
        # points); any other figure as a number.
        shares = shown["kpi"].astype(str).map(is_share)
        for column in ("value", "baseline", "delta"):
            shown[column] = [
                _kpi_cell(value, share, column == "delta")
                for value, share in zip(shown[column], shares, strict=True)
            ]
        tables.append(
            {
                "title": "Re-plan: key figures against the plan replaced",
                "html": _table(shown, {"delta_pct": "{:+.1%}"}),
            }
        )
    if (diff := sheets.get("diff")) is not None:
        changed = diff[diff["change"] != "kept"]
        counts = change_counts(diff)
        # A row is a tour before, or one after alone (added): a moved tour is one row.
        said = ", ".join(f"{n} {change}" for change, n in counts.items() if n and change != "kept")
        before = len(diff) - counts["added"]
        title = (
            f"Re-plan: tours not kept ({said or 'none'}; {counts['kept']} of the {before} "
            "tours before kept)"
        )
        tables.append({"title": title, "html": _table(changed, {})})
    return tables


def _fiscal(scenario: Scenario) -> str:
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
) -> str:
    """The report as one HTML string; `replan`: a re-plan's sheets, shown after the verdict."""
    scenario = results.scenario
    figures = []
    for name, draw in plots.FIGURES.items():
        figure = draw(results)
        figures.append(
            {
                "name": name,
                "caption": CAPTIONS.get(name, "") + (_fiscal(scenario) if name == "cost" else ""),
                "html": figure.to_html(
                    full_html=False,
                    include_plotlyjs=False,
                    div_id=f"figure-{name}",
                    config={"displaylogo": False, "responsive": True},
                    default_width="100%",
                ),
            }
        )
    handed = stats.handover(results)
    sharing = stats.burden_sharing(results)
    tables: list[dict[str, Any]] = [
        {
            "title": "Handover by region",
            "html": _table(
                handed.assign(handover=handed["handover"].fillna("not handed over")),
                {"months_from_start": "{:.0f}"},
            ),
        },
        {
            "title": "Burden sharing",
            "html": _table(
                sharing.assign(lead=sharing["lead"].map({True: "lead", False: ""})),
                {
                    "person_months": "{:,.0f}",
                    "peak_deployed": "{:,.0f}",
                    "ceiling": "{:,.0f}",
                    # In theatre under a ceiling of 0 (a nation gone): no share of it.
                    "ceiling_used": lambda v: (
                        "over a ceiling of 0" if v == float("inf") else f"{v:.0%}"
                    ),
                    "ceiling_then": "{:,.0f}",
                    "cost": "{:,.0f}",
                    "person_months_share": "{:.1%}",
                    "cost_share": "{:.1%}",
                },
            ),
        },
    ]
    # Shown where sectors group regions: else it repeats the regions one by one.
    if any(len(regions) > 1 for regions in scenario.sectors.values()):
        tables.append(
            {"title": "Nations by sector (coherence)", "html": _table(stats.sectors(results), {})}
        )
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("forcegen.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        scenario=scenario.settings,
        model=results.kpis.get("model", ""),
        written=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        key_figures=key_figures(results),
        verdict=verdict,
        figures=figures,
        replan=_replan_tables(replan) if replan else [],
        tables=tables,
        plotlyjs=get_plotlyjs(),
    )
