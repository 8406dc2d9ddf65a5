"""What plan.xlsx's sheets and columns hold, in a planner's words: one catalogue, read for
the note on each header cell and for the `about` sheet, so that a workbook mailed alone
explains itself.

A note may name the scenario's figures (`{currency}`, `{fiscal_year}`, `{start}`, ...,
`_figures`): a planner reads "USD" and "2000 is July 2000 to June 2001", not "the
scenario's currency" and a rule to look up.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping

import pandas as pd

from forcegen.fileformat import (
    ABOUT_SHEET,
    MODEL_HEADER,
    MODEL_SHEET,
    REPLAN_SHEET,
    VERDICT_SHEET,
)
from forcegen.report.html import fiscal_years_said
from forcegen.scenario.scenario import Scenario

ABOUT_COLUMNS = ["sheet", "column", "meaning"]

# Columns that mean the same on every sheet that has them; a sheet's own notes come first.
SHARED = {
    "unit": "The unit's code (units.csv).",
    "nation": "The nation's code (nations.csv).",
    "component": "active or reserve.",
    "task": "The task's code (tasks.csv).",
    "region": "The region's code (regions.csv).",
    "type": "The unit's type (unit_types.csv): what it can do, and how well.",
    "month": "The month, YYYY-MM.",
}
# A unit's strength where the sheet is of units (deployed's `personnel` is a sum in theatre).
UNIT_PERSONNEL = "The unit's personnel, a head count (not effective personnel)."
# The domestic force's pipeline, month by month, as domestic.csv and the pipeline hold it.
PIPELINE = {
    "recruits": "Recruits enrolled that month, officers (planned as a continuous flow: "
    "round when the plan is given out).",
    "in_training": "Recruits in the {course}-month course that month, officers.",
    "graduates": "Recruits finishing the course that month and joining the force (those "
    "enrolled {course} months before), officers.",
    "strength": "Trained domestic officers that month, a head count (not effective "
    "personnel): the month before's less attrition, plus the graduates.",
    "trainers": "International personnel on training tasks that month, in effective "
    "personnel: each teaches at most {trainees} trainees.",
    "employed": "Domestic officers on tasks that month, all regions, a head count (the "
    "coverage sheet's domestic, summed).",
}
COST = (
    "Cost of the nation's tours in the fiscal year, in {currency}: cost per person-month x "
    "personnel x months in theatre in that year, plus the rotation cost per person x "
    "personnel for each tour starting in it.{paid}"
)
BUDGET = "The nation's budget for the fiscal year, in {currency}; blank: none (no cap)."
FISCAL_YEAR = "The fiscal year, {fiscal_year}."
# `forcegen compare`'s table of the re-plan's key figures against the plan it replaces.
DELTAS = {
    "run": "The re-plan (this plan).",
    "scenario": "The scenario the re-plan was made on (its events in it).",
    "baseline_scenario": "The scenario the plan replaced was made on.",
    "model": "The model the re-plan was made under.",
    "baseline_model": "The model the plan replaced was made under.",
    "model_file": "The file the re-plan's model was read from (a bundled model by its "
    "name); blank for a run written before it was recorded.",
    "baseline_model_file": "The file the replaced plan's model was read from.",
    "replan": "Whether the run is a re-plan (TRUE here): it answers events, and rivals only "
    "other re-plans on shortfall and cost.",
    "scenario_as_baseline": "Whether the re-plan's scenario is the replaced plan's, "
    "contents and all (FALSE: the events changed it); blank where a run keeps no copy.",
    "model_as_baseline": "Whether the re-plan's model is the replaced plan's, contents "
    "and all; blank where a run keeps no copy.",
    "model_changes": "The model's settings that differ from the replaced plan's "
    "(`mission.total_budget; weights.cost`); blank: none.",
    "kpi": "The key figure (see the kpis sheet).",
    "unit": "What the key figure counts: a cost in {currency}, a share as a fraction.",
    "value": "The re-plan's figure.",
    "baseline": "The replaced plan's figure.",
    "baseline_unit": "What the replaced plan's figure counts: a cost in its scenario's currency.",
    "delta": "value - baseline, in the figure's unit (a share's a fraction as the share "
    "is, shown as a percentage: its change in points); 0 where it is float noise.",
    "delta_pct": "The delta as a share of the baseline (+25% where it grew by a quarter); "
    "blank where the baseline is 0 or within the solver's noise of it, and for the gap "
    "and the shares, whose change is the delta itself.",
    "within_gap": "Whether the change may be where the two plans' searches stopped, judged "
    "by whether the ranges their best objectives are proven in, bound to objective, overlap. "
    "Blank here: the re-plan's objective weighs its changes to the plan replaced, whose own "
    "does not, so their ranges are on two scales and prove nothing of each other; a gap "
    "bounds the objective only, never the shortfall or another figure on its own.",
}

# Each sheet: one line on what it holds, and its columns' notes.
SHEETS: dict[str, tuple[str, dict[str, str]]] = {
    ABOUT_SHEET: (
        "This sheet: what each sheet of the workbook holds, then each sheet's columns with "
        "their meaning and unit (the note on each column's heading says the same). Scenario "
        "{scenario}; money in {currency}; months are YYYY-MM, the horizon {start} to {end}. "
        # Said here, where a planner editing the workbook starts, before evaluate says it.
        "forcegen evaluate reads a plan back from this workbook: the assignments sheet's "
        "unit, task, region and start, the domestic sheet's recruits, the coverage sheet's "
        "domestic, the handover sheet's handover, and the replan and model sheets. To move "
        "a tour change its start, to give it to another unit its unit: the assignments "
        "sheet's other columns (nation, component, type, personnel, end, mobilized_from, "
        "counts_from, redeployed_from) are worked out again where two or more are as the old "
        "start or unit gave them (a redeployed row's so moved off the month after the tour "
        "it goes on from, as a call-up of its own, evaluate saying the start that keeps it "
        "a redeployment); one alone that disagrees must agree with its row or be blanked, or "
        "evaluate refuses the workbook. Every other value, the costs sheet's too, is worked "
        "out from those: one typed over is not taken, and evaluate says so, naming the sheet.",
        {
            "sheet": "The sheet described.",
            "column": "The column described; blank on a row about the whole sheet.",
            "meaning": "What the sheet or column holds, and its unit.",
        },
    ),
    "kpis": (
        "The run's key figures, each with its unit.",
        {
            "kpi": "The key figure's name (as kpis.json names it).",
            "value": "The figure, in the unit beside it.",
            "unit": "What the figure counts: a cost in {currency}, a share as a fraction; "
            "effective personnel are personnel x their effectiveness at the task.",
        },
    ),
    VERDICT_SHEET: (
        "The independent checker's verdict on the plan, judged from the scenario without "
        "the optimizer: a line a row.",
        {
            "independent check": "The headline (are the hard rules kept?), then a line per "
            "rule broken, soft rule priced, assumption made and table not checked.",
        },
    ),
    "assignments": (
        "The plan's tours, a row each: which unit serves which task where, and when.",
        {
            "start": "First month in theatre, YYYY-MM.",
            "end": "Last month in theatre, YYYY-MM, inclusive; it may lie past the horizon's "
            "end, and is earlier than the tour's length gives for a tour cut short, and for "
            "one redeployed in theatre, which ends with its call-up (see mobilized_from).",
            "personnel": UNIT_PERSONNEL,
            "mobilized_from": "First month the unit is mobilized, YYYY-MM: a reserve unit "
            "trains at home from then until its start; an active unit's is its start. A tour "
            "redeployed in theatre (a re-plan's, going on from a tour of its unit cut short "
            "the month before: see redeployed_from) has that tour's: the unit's call-up "
            "goes on.",
            "counts_from": "First month the tour counts against demand, YYYY-MM: its first "
            "months in theatre go to taking over from the unit it relieves (or, first in "
            "its slot, to reception).",
            "redeployed_from": "For a tour redeployed in theatre by a re-plan, where its unit "
            "came from: the task and region of its tour cut short the month before "
            "(`border_control in covalima`), whose call-up and mobilized_from it keeps, with "
            "no trip home and no rotation cost; blank for any other tour. Worked out from the "
            "rows, not what makes a redeployment: the same unit, the same mobilized_from, "
            "starting the month after the tour cut short ends.",
        },
    ),
    "coverage": (
        "Demand, cover and shortfall by region, task and month, in effective personnel "
        "(personnel x their effectiveness at the task), and the domestic officers employed.",
        {
            "demand": "Demand for the task in the region that month, in effective personnel; "
            "0 from its handover on for a task that ends at handover.",
            "international": "Cover by all nations' tours counting that month, in effective "
            "personnel (the intl_ columns summed).",
            "domestic": "Domestic officers on the task, a head count (not effective "
            "personnel: see domestic_effective).",
            "domestic_effective": "Cover by the domestic officers on the task, in effective "
            "personnel: domestic x the domestic force's effectiveness, {effectiveness}.",
            "shortfall": "Demand not covered, in effective personnel: demand less "
            "international and domestic_effective, never below 0.",
        },
    ),
    "domestic": (
        "The domestic force's training pipeline month by month, in officers (a head count).",
        PIPELINE
        | {
            "attrition": "Trained officers lost that month, {attrition} of the strength "
            "the month before.",
        },
    ),
    "costs": (
        "The cost of each nation's tours by fiscal year, against its budget, in {currency}.",
        {"fiscal_year": FISCAL_YEAR, "cost": COST, "budget": BUDGET},
    ),
    "handover": (
        "When the domestic force takes each region over, and whether the plan or a decision "
        "set the month.",
        {
            "name": "The region's name (regions.csv; its code where it has none).",
            "handover": "First month the domestic force holds the region, YYYY-MM; blank: "
            "not handed over within the horizon.",
            "months_from_start": "Months from the horizon's first month to the handover, "
            "counted from 0 ({start} is 0).",
            "by": "decision: set in regions.csv (handed_over) or by a re-plan's handover "
            "event; plan: chosen by the plan; blank: not handed over.",
        },
    ),
    "cover_by_contributor": (
        "Each contributor's cover counted against demand by region and month, all tasks "
        "together, in effective personnel: the contributors' columns plus the shortfall "
        "make the demand.",
        {
            "demand": "The region's demand that month, all tasks together, in effective personnel.",
            "domestic": "The domestic force's cover counted against demand, in effective "
            "personnel (not a head count, unlike the coverage sheet's domestic).",
            "over_demand": "Cover beyond a task's demand (units come whole), in effective "
            "personnel: taken out of the contributors' columns in proportion, not counted.",
            "shortfall": "Demand not covered in the region that month, all tasks together, "
            "in effective personnel.",
        },
    ),
    "deployed": (
        "Each nation's personnel in theatre by component and month, beside its ceiling.",
        {
            "personnel": "The nation's personnel of that component in theatre that month, a "
            "head count (from each tour's start, its takeover months included).",
            "ceiling": "The most personnel the nation may have in theatre that month, all its "
            "components together (repeated on each component's row): set against the sum of "
            "the month's rows, not against one; blank before the nation joins and after it "
            "leaves, when none of it may serve.",
        },
    ),
    "reserve_share": (
        "The share of each nation's personnel in theatre drawn from reserves, month by "
        "month, beside its cap.",
        {
            "reserve": "The nation's reserve personnel in theatre that month, a head count.",
            "deployed": "All the nation's personnel in theatre that month, a head count.",
            "share": "reserve / deployed; blank in a month the nation has nobody there.",
            "cap": "The largest reserve share the nation allows (nations.csv "
            "reserve_max_share); blank: no cap.",
        },
    ),
    "cost_against_budget": (
        "The cost of each nation's tours by fiscal year, its budget, the share used and how far "
        "over it, in {currency}.",
        {
            "fiscal_year": FISCAL_YEAR,
            "cost": COST,
            "budget": BUDGET,
            "used": "cost / budget; blank where there is no budget, or where a budget of 0 has "
            "a cost (no share of nothing: over_budget says how far over); 0 where a budget of 0 "
            "is unspent.",
            "over_budget": "How far the cost exceeds the budget, in {currency}, as the checker "
            "judges a budget broken (beyond a millionth of it); 0 where the budget is kept, blank "
            "where there is none. A budget of 0 spent is over by all its cost.",
        },
    ),
    "pipeline": (
        "The domestic force month by month, and the demand it could take over.",
        PIPELINE
        | {
            "can_cover": "What the whole strength could cover, in effective personnel: "
            "strength x the domestic force's effectiveness, {effectiveness}.",
            "open_demand": "Demand that month of the tasks the domestic force may take "
            "({tasks}), all regions, in effective personnel: not the mission's whole demand.",
        },
    ),
    "burden_sharing": (
        "Each nation's part of the mission over the horizon: tours, person-months, peak "
        "presence against its ceiling, cost and shares of the coalition's totals.",
        {
            "tours": "The nation's tours (rows of the assignments sheet).",
            "person_months": "Personnel x months in theatre within the horizon, summed: "
            "person-months.",
            "peak_deployed": "The most of the nation's personnel in theatre in any one "
            "month, a head count.",
            "ceiling": "The nation's ceiling in the month of its peak (where it never deploys, "
            "the first month it may serve in; blank where it may serve in none), personnel.",
            "ceiling_used": "The most of its ceiling the nation has in theatre in any month: "
            'personnel in theatre / that month\'s ceiling ("over a ceiling of 0" for a '
            "nation in theatre under a ceiling of 0).",
            "ceiling_used_month": "The month of ceiling_used, YYYY-MM: after the peak where "
            "the ceiling shrinks.",
            "ceiling_then": "The ceiling in ceiling_used_month, personnel.",
            "cost": "The cost of the nation's tours over the horizon's fiscal years, in "
            "{currency} (the costs sheet's, summed).",
            "regions_served": "How many regions its tours serve in.",
            "person_months_share": "Its share of all nations' person-months; blank where "
            "they are none.",
            "cost_share": "Its share of all nations' cost: may run ahead of its "
            "person-months' share, a tour past the horizon's end being paid for to the end "
            "of its fiscal year; blank where the cost is none.",
            "lead": "TRUE for the nation that leads the coalition (nations.csv lead).",
        },
    ),
    "sectors": (
        "Each sector (the regions of one authority, regions.csv) and the nations serving in "
        "it: what the model's max_nations_per_sector caps.",
        {
            "sector": "The authority (regions.csv authority; a region without one is a "
            "sector of its own, named by its code).",
            "regions": "Its regions' codes, separated by ;.",
            "nations": "The nations with a tour in its regions over the horizon, separated by ;.",
            "nation_count": "How many nations have a tour there over the horizon.",
            "most_at_once": "The most nations in theatre there in any one month.",
        },
    ),
    "idle_units": (
        "Each unit the plan leaves at home for the whole horizon, and why: the first reason "
        "that holds, its figures beside.",
        {
            "personnel": UNIT_PERSONNEL,
            "months_wanted": "The months it could cover a shortfall: in theatre on a whole "
            "tour (its own and its nation's availability, from a re-plan's month, a reserve "
            "unit's training first), on a task in demand it may do where it may go, no "
            "caveat refusing it while there and the region not handed over by decision "
            "before it ends, the plan short there then.",
            "ceiling_full": "Of those months, the ones its nation's ceiling has no room for "
            "its personnel in, beside the nation's tours.",
            "budget_spent": "Of those months, the ones its nation's budget for the fiscal year "
            "has less than a month of it left.",
            "could_cover": "The most of the shortfall it could cover in one of those months, "
            "in effective personnel (its personnel x its effectiveness at the task).",
            "cost_a_month": "What a month of it in theatre costs, in {currency}: cost per "
            "person-month x personnel.",
            "why": "Why it stays at home: no whole tour fits its time in theatre; no task in "
            "demand it may do where and when it may go; not needed (no shortfall where and when it "
            "could serve); no whole tour that would cover a shortfall within its nation's "
            "ceiling, reserve share and budget; none within what the plan leaves of the "
            "model's hard total budget; each would make one nation too many in its region "
            "under the model's hard nations per region; else the plan's choice (a plan made "
            "by hand: its maker's). Judged from the scenario, the plan and those two of the "
            "model's rules: its end date, soft limits, other coalition rules and weights are "
            "the plan's choice's.",
        },
    ),
    REPLAN_SHEET: (
        "A re-plan's record (replan.yaml): from when, after which events, and what excuses "
        "its tours under way; forcegen evaluate reads it back.",
        {
            "field": "What the row records: from (the re-plan month), earlier (an earlier "
            "re-plan month whose excuses still hold), stood_down (a reserve call-up called "
            "off), base_run, changes, handover_moved, event.",
            "value": "Its value: a month YYYY-MM, a unit and its mobilization month, the "
            "plan replaced, the tours by what became of them, a region's handover before -> "
            "after, an event as written.",
        },
    ),
    "diff": (
        "What the re-plan did to each tour of the plan it replaces, a tour (or a pair before "
        "and after) a row.",
        {
            "change": "kept; curtailed (cut short by the events, or by the scenario as it stands "
            "where none are given); stood-down (a reserve "
            "call-up that never deploys); redeployed (a tour after only, its unit going "
            "on in theatre elsewhere or on another task from a tour curtailed the month "
            "before, or a reserve the events stood down in its training deployed elsewhere "
            "from the start it had, the same call-up); retasked (same region and start, "
            "another task); moved (another region or start); cancelled; added.",
            "task": "The tour's task (before, where it was retasked or redeployed).",
            "task_after": "The task it was retasked or redeployed to, where another; blank "
            "otherwise.",
            "region_before": "The tour's region before the re-plan; blank for one added. "
            "For one redeployed, where its unit was: the region of the tour it goes on from "
            "(that tour's own row, most often curtailed, is the one counted before), or, "
            "starting when it does, of the tour a reserve stood down in training was to serve.",
            "start_before": "Its first month in theatre before, YYYY-MM; blank for one added. "
            "For one redeployed, the tour it goes on from's.",
            "end_before": "Its last month in theatre before, YYYY-MM; blank for one added. "
            "For one redeployed, the month the tour it goes on from ends, cut short (the "
            "planned end of the tour a reserve stood down in training was to serve).",
            "region_after": "The tour's region after the re-plan; blank for one cancelled "
            "or stood down.",
            "start_after": "Its first month in theatre after, YYYY-MM.",
            "end_after": "Its last month in theatre after, YYYY-MM.",
            "broken_by_events": "The rules the tour before broke on the scenario as the "
            "events leave it (as it stands, where none are given); blank: a change "
            "without one was chosen for a better plan, not forced.",
        },
    ),
    "kpi_deltas": (
        "The re-plan's key figures against those of the plan it replaces.",
        DELTAS,
    ),
    MODEL_SHEET: (
        "The run's model.yaml, a line a row: the rules, weights and solver settings the plan "
        "was made under; forcegen evaluate judges this workbook under it.",
        {MODEL_HEADER: "A line of model.yaml: row n is its line n."},
    ),
}
# Sheets with a column per nation: the column's name for a nation, and its note.
BY_NATION = {
    "coverage": (
        "intl_{nation}",
        "Cover by {nation}'s tours counting that month, in effective personnel.",
    ),
    "cover_by_contributor": (
        "{nation}",
        "{nation}'s cover counted against demand, all tasks together, in effective personnel.",
    ),
}


def _fiscal_year(scenario: Scenario) -> str:
    """A fiscal year as a planner names it: the horizon's first, from month to month."""
    first = scenario.settings.fiscal_year_start
    year = scenario.fiscal_year_of(scenario.settings.start)
    if first == 1:
        return f"a calendar year ({year} is January to December {year})"
    months = calendar.month_name
    return (
        f"named by the calendar year it begins in: {year} is {months[first]} {year} to "
        f"{months[first - 1]} {year + 1}"
    )


def _figures(scenario: Scenario) -> dict[str, str]:
    """The scenario's figures the notes name."""
    settings = scenario.settings
    force = settings.domestic
    return {
        "scenario": settings.name,
        "currency": settings.currency,
        "fiscal_year": _fiscal_year(scenario),
        "paid": fiscal_years_said(scenario),
        "start": settings.start,
        "end": scenario.end,
        "effectiveness": f"{force.effectiveness:g}",
        "attrition": f"{force.attrition_per_month:.2%}",
        "course": str(force.course_months),
        "trainees": f"{force.trainees_per_trainer:g}",
        "tasks": ", ".join(force.tasks),
    }


def note(sheet: str, column: str, scenario: Scenario) -> str | None:
    """What `column` of `sheet` holds and its unit, or None where the catalogue has no note
    for it (a test holds every column written to one)."""
    own = SHEETS.get(sheet, ("", {}))[1]
    text = own.get(column) or SHARED.get(column)
    if text is None and sheet in BY_NATION:
        named, said = BY_NATION[sheet]
        nations = (n.nation for n in scenario.nations)
        nation = next((n for n in nations if named.format(nation=n) == column), None)
        text = None if nation is None else said.format(nation=nation)
    return None if text is None else text.format(**_figures(scenario))


def about_sheet(scenario: Scenario, sheets: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The first-read sheet: a line on itself and on each sheet of `sheets`, then each
    one's columns with their notes (blank where the catalogue has none)."""
    listed = {ABOUT_SHEET: pd.DataFrame(columns=ABOUT_COLUMNS), **sheets}
    figures = _figures(scenario)
    rows = [(name, "", SHEETS.get(name, ("", {}))[0].format(**figures)) for name in listed]
    rows += [
        (name, str(column), note(name, str(column), scenario) or "")
        for name, frame in listed.items()
        for column in frame.columns
    ]
    return pd.DataFrame(rows, columns=ABOUT_COLUMNS)
