"""From solved values to a plan: tidy tables keyed by strings, and the run folder.

The model decides how many units of each group start each tour; here every tour gets a
named unit by interval colouring (sort a group's tours by mobilization, give each to a
unit whose previous block of mobilization, tour and dwell is over), which the model's
rotation constraint (no more of a group away than it has units) guarantees is possible.
Coverage, costs and the domestic pipeline are then computed from the named tours, so the
tables say exactly what the plan does.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyomo.environ as pyo

from forcegen.fileformat import (
    ASSIGNMENT_COLUMNS,
    BY_NATION,
    EDITED_TABLES,
    PLAN_FILES,
    PLAN_TABLES,
    REPLAN,
    RUN_TABLES,
    redeployed_from,
    redeployments,
    shortfall_of,
)
from forcegen.fileio import atomic_folder, foreign_folder, stamp, stamp_of
from forcegen.model.commitments import ROUNDING
from forcegen.model.sets import ModelData, is_training
from forcegen.model.training import taught_months, training_tours
from forcegen.months import add_months
from forcegen.scenario.write import write_folder
from forcegen.shown import plan_shown
from forcegen.solve import SolveResult
from forcegen.spec import NOISE, model_settings, settings_digest, spec_text

# Everything a run folder may hold about its plan: written by `Plan.write`, by a re-plan
# (`forcegen.replan`) or by `forcegen report`. A new plan written over an old one takes
# them all away, so that no report, workbook or re-plan record of the old plan stays
# beside it (the checker reads replan.yaml). Its tables are written with the columns
# `fileformat.RUN_TABLES` says, in its order.
WORKBOOK = "plan.xlsx"
# What tells a run folder from others: `forcegen solve --out` and `Plan.write` write over
# a folder that holds it (an earlier run), not over a folder of other files.
RUN_MARKER = "kpis.json"
RUN_FILES = (
    *PLAN_FILES,
    *(stamp_of(Path(name)).name for name in EDITED_TABLES),
    "scenario",
    "report.html",
    WORKBOOK,
    stamp_of(Path(WORKBOOK)).name,
    "figures",
    "diff.csv",
    "kpi_deltas.csv",
    REPLAN,
)


@dataclass
class Plan:
    """A rotation plan as tables, plus its key figures and the solver's log."""

    assignments: pd.DataFrame
    coverage: pd.DataFrame
    domestic: pd.DataFrame
    costs: pd.DataFrame
    handover: pd.DataFrame
    kpis: dict[str, Any] = field(default_factory=dict)
    # The search's windows and HiGHS's log: why a solve stopped where it did.
    solver_log: str = ""
    # A re-plan's replan.yaml, for a plan evaluated from one: what excuses its tours, held
    # with it in memory and written with it.
    replan_record: str | None = None

    def __repr__(self) -> str:
        return plan_shown("Plan", {name: getattr(self, name) for name in PLAN_TABLES}, self.kpis)

    def write(self, run: Path | str, data: ModelData, ours: tuple[str, ...] = ()) -> None:
        """Write the run folder atomically: tables, kpis.json, solver.log, the inputs used;
        what an earlier plan left there (its report, workbook, re-plan record) goes.
        Raises FileExistsError where `run` is a folder of other files than a run's (or
        than those `ours` names, as a sweep's proof of no plan, which go with the earlier
        run), as `forcegen solve --out` refuses it: a notebook's `run.write(".")` beside
        its own scenario/ folder had replaced it, the planner's notes in it gone."""
        if reason := foreign_folder(Path(run), (RUN_MARKER, *ours), "run"):
            raise FileExistsError(f"{run} {reason}")
        # The writer's own files of the earlier run go with it: a sweep's hash of its
        # inputs vouched for the new run, killed before the new hash was written.
        with atomic_folder(Path(run), replaces=(*RUN_FILES, *ours)) as staging:
            self.write_into(staging, data)

    def write_into(self, staging: Path, data: ModelData) -> None:
        """Write the run's files into `staging`, the folder `atomic_folder` yields: for a
        caller that adds to the run (its report) before it is put in place, all or none."""
        for name in PLAN_TABLES:
            self.write_table(staging, name)
        for name in EDITED_TABLES:
            stamp(staging / name)
        (staging / RUN_MARKER).write_text(json.dumps(self.kpis, indent=2) + "\n")
        # Always written: an older run's log left in the folder would not be this plan's.
        log = self.solver_log or "No solver ran: the plan is a heuristic's.\n"
        (staging / "solver.log").write_text(log, encoding="utf-8")
        (staging / "model.yaml").write_text(spec_text(data.spec), encoding="utf-8")
        write_folder(data.scenario, staging / "scenario")
        if self.replan_record is not None:
            (staging / REPLAN).write_text(self.replan_record, encoding="utf-8")

    def write_table(self, folder: Path, name: str) -> None:
        """Write the table `name` (one of `PLAN_TABLES`) into `folder`, as a run has it."""
        frame: pd.DataFrame = getattr(self, name)
        frame.to_csv(folder / f"{name}.csv", index=False, float_format=_figure)


def _figure(value: object) -> str:
    """A table's figure as written: to twelve significant figures, and read back as a
    number with a fraction (`47.0`), as it is in memory. A re-plan reads its past back
    from these files: a domestic force's strength, worked out again from recruits rounded
    to 6 decimals over years, fell short of what the plan had counted on."""
    figure = float(f"{value:.12g}")
    # The solver's noise about zero (2e-12) is no figure: written as one, a planner reads
    # an exponent and a re-plan an officer recorded.
    return repr(figure if abs(figure) >= NOISE else 0.0)


def _value(var: Any) -> float:
    value = var.value
    return 0.0 if value is None else float(value)


def extract_plan(m: pyo.ConcreteModel, data: ModelData, result: SolveResult | None) -> Plan:
    """Tables of the solution loaded in `m` (`result` None: a heuristic's plan, unsolved)."""
    counts = {i: round(_value(m.tour[i])) for i in m.tour}
    # A re-plan's past recruits as recorded: the model holds them within a rounding of the
    # record, spent only where no plan can do without it (`commitments._past_recruits`).
    past = data.commitments.recruits if data.commitments is not None else ()
    solved = [past[t] if t < len(past) else max(0.0, _value(m.recruits[t])) for t in data.months]
    recruits = taught_by_whole_tours(data, counts, solved, len(past))
    heads = {key: max(0.0, _value(m.domestic[key])) for key in data.domestic_keys}
    # The officers the recruits dropped would have made: the heads employed go with them.
    lost = [a - b for a, b in zip(data.strength(solved), data.strength(recruits), strict=True)]
    handed = _handover_months(m, data)
    plan = tabulate(
        data,
        assign_units(data, {i: c for i, c in counts.items() if c > 0}),
        recruits,
        within_strength(data, recruits, heads, lost, handed),
        _handover(data, handed),
        result,
    )
    plan.solver_log = result.log if result is not None else ""
    return plan


def taught_by_whole_tours(
    data: ModelData, counts: Mapping[int, int], recruits: list[float], past: int
) -> list[float]:
    """`recruits` from month `past` on, scaled down in each month's course where the tours
    as counted (`counts`, whole) teach fewer than enrolled: HiGHS holds a tour within a
    millionth of a whole one, and a training tour at 7.7e-7, counted as none, had let
    0.0008 recruits enrol with no trainer (the checker's trainers rule)."""
    ratio = data.scenario.settings.domestic.trainees_per_trainer
    teaching = training_tours(data)
    taught = list(recruits)
    for t in data.months:
        months = taught_months(data, t)
        capacity = ratio * sum(data.effective(i) * counts.get(i, 0) for i in teaching[t])
        over = sum(taught[u] for u in months) - capacity
        ours = sum(taught[u] for u in months if u >= past)
        if over > 0 and ours > 0:
            for u in months:
                if u >= past:
                    taught[u] *= max(0.0, 1.0 - over / ours)
    return taught


def within_strength(
    data: ModelData,
    recruits: list[float],
    heads: dict[tuple[str, str, int], float],
    lost: list[float],
    handed: Mapping[str, int],
) -> dict[tuple[str, str, int], float]:
    """`heads` (domestic officers by region, task and month) brought down to the strength
    `recruits` give in each month they exceed it by no more than the solver's tolerance
    (`NOISE`, of the strength or of one officer, below one: no plan's decision),
    a re-plan's rounding allowance on every month's recruits (`ROUNDING`) and the strength
    `lost` with recruits no whole tour teaches (`taught_by_whole_tours`). A re-plan's
    past recruits are written as recorded, not within that allowance: a millionth of an
    officer a month, summed over months, broke the checker's employment rule, whose
    tolerance is a millionth. A larger excess is left for the checker to name.

    The excess comes first from the officers no region `handed` over (region: month)
    needs (`_held_alone`), and only what they cannot give from those holding one alone:
    scaled down alike, the officers holding a region alone at exactly its demand fell a
    thousandth short of it (the checker's handover-coverage)."""
    trained = data.strength(recruits)
    employed = [0.0] * data.horizon
    spare = [0.0] * data.horizon
    needed = _held_alone(data, heads, handed)
    for key, count in heads.items():
        employed[key[2]] += count
        spare[key[2]] += max(0.0, count - needed.get(key, 0.0))
    rounded = data.commitments.month if data.commitments is not None else 0  # past months
    allowed = [
        ROUNDING * rounded + NOISE * max(1.0, level) + lost[t] for t, level in enumerate(trained)
    ]
    # The share of each month's spare officers kept, and of those held alone: factors, not
    # the excess subtracted, so that where none is left none is written (not 1e-19).
    kept_spare, kept_alone = [1.0] * data.horizon, [1.0] * data.horizon
    for t in data.months:
        excess = employed[t] - trained[t]
        if not 0 < excess <= allowed[t]:
            continue
        if excess <= spare[t]:
            kept_spare[t] = 1.0 - excess / spare[t]
        else:  # then some officers hold a region alone: the excess is no more than all
            alone = employed[t] - spare[t]
            kept_spare[t], kept_alone[t] = 0.0, 1.0 - (excess - spare[t]) / alone
    kept = {}
    for key, count in heads.items():
        t, alone = key[2], min(count, needed.get(key, 0.0))
        # A month left whole is written as solved, not summed again from its two parts.
        whole = kept_spare[t] == kept_alone[t] == 1.0
        kept[key] = count if whole else alone * kept_alone[t] + (count - alone) * kept_spare[t]
    return kept


def _held_alone(
    data: ModelData, heads: Mapping[tuple[str, str, int], float], handed: Mapping[str, int]
) -> dict[tuple[str, str, int], float]:
    """The officers of `heads` that hold a region `handed` over alone: its demand from
    `handover_months` before its handover on, in effective personnel, as the checker's
    handover-coverage reads it: only of a handover by the plan, before the one decided
    (regions.csv `handed_over`), which asks nothing of the domestic force."""
    shadow = data.spec.mission.handover_months
    effectiveness = data.scenario.settings.domestic.effectiveness
    if not effectiveness:
        return {}
    declared = data.scenario.declared_handovers
    return {
        (region, task, t): data.demand.get((region, task, t), 0.0) / effectiveness
        for region, task, t in heads
        # A region decided after the horizon's end, and never handed over by the plan, is
        # no handover of the plan's: no one holds it alone.
        if region in handed
        and handed[region] < declared.get(region, data.horizon)
        and t >= handed[region] - shadow
        and not data.scenario.ends_at_handover(task)
    }


def tabulate(
    data: ModelData,
    assignments: pd.DataFrame,
    recruits: list[float],
    domestic_heads: dict[tuple[str, str, int], float],
    handover: pd.DataFrame,
    result: SolveResult | None,
) -> Plan:
    """A plan's every table from its decisions: the named tours (`ASSIGNMENT_COLUMNS`),
    recruits per month, domestic personnel per (region, task, month) and each region's
    handover month; `result` None: no solver made it."""
    # Said on the row, for a planner reading it in a spreadsheet: a redeployment's earlier
    # mobilized_from alone tells it (docs/rules.md, redeployed).
    marks = pd.Series(redeployed_from(_records(assignments)), index=assignments.index, dtype=object)
    assignments = assignments.assign(redeployed_from=marks)
    effective = _effective(data, assignments)
    coverage = _coverage(data, effective, domestic_heads, handover)
    domestic = _domestic(data, effective, recruits, domestic_heads)
    plan = Plan(assignments, coverage, domestic, _costs(data, assignments), handover)
    plan.kpis = _kpis(data, plan, result)
    return plan


def assign_units(data: ModelData, counts: dict[int, int]) -> pd.DataFrame:
    """Give each tour a unit of its group by interval colouring; one row per tour."""
    scenario = data.scenario
    start_label = scenario.settings.start
    by_group: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for i, count in counts.items():
        group, _, _, start = data.tours[i]
        blocked = data.blocked(i)
        by_group[group] += [(blocked.start, blocked.stop, i)] * count
    rows = []
    for name, tours in by_group.items():
        units = data.groups[name]
        free_from = dict.fromkeys(units.units, -(10**9))
        # Of tours leaving in one month, one blocking none first: a reserve redeployed in
        # theatre within its call-up's window (`ModelData.blocked`) leaves and is back the
        # month its window lets the unit go, when its next call-up may leave.
        for leaves, _, i in sorted(tours):
            unit = next((u for u in units.units if free_from[u] <= leaves), None)
            if unit is None:
                raise RuntimeError(f"tours of {name} overlap beyond its {units.count} units")
            free_from[unit] = data.blocked(i).stop
            _, task, region, start = data.tours[i]
            rows.append(
                {
                    "unit": unit,
                    "nation": units.nation,
                    "component": units.component,
                    "type": units.type,
                    "task": task,
                    "region": region,
                    "start": add_months(start_label, start),
                    "end": add_months(start_label, data.in_theatre(i)[-1]),
                    "personnel": units.personnel,
                    "mobilized_from": add_months(start_label, data.mobilized(i)),
                    "counts_from": add_months(start_label, start + units.overlap),
                }
            )
    frame = pd.DataFrame(rows, columns=ASSIGNMENT_COLUMNS)
    return frame.sort_values(["nation", "unit", "start"], ignore_index=True)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _handover_months(m: pyo.ConcreteModel, data: ModelData) -> dict[str, int]:
    """Each region the solution hands over, and the month it does."""
    if not hasattr(m, "handover"):
        return {}
    months = {}
    for region in data.regions:
        handed = [t for t in data.months if _value(m.handover[region, t]) > 0.5]
        if handed:
            months[region] = min(handed)
    return months


def _handover(data: ModelData, handed: Mapping[str, int]) -> pd.DataFrame:
    start = data.scenario.settings.start
    rows = [
        {"region": r, "month": add_months(start, handed[r]) if r in handed else None}
        for r in data.regions
    ]
    return pd.DataFrame(rows, columns=list(RUN_TABLES["handover"]))


# Effective personnel by nation in each (region, task, month) where tours count.
Effective = dict[tuple[str, str, int], dict[str, float]]


def _effective(data: ModelData, assignments: pd.DataFrame) -> Effective:
    """What each nation's tours put in each cell, from the month they count to their end
    (the trainers of constabulary training among them)."""
    scenario = data.scenario
    effective: Effective = defaultdict(dict)
    for tour in _records(assignments):
        e = scenario.unit_type_by_code[tour["type"]].effectiveness.get(tour["task"], 0.0)
        first = scenario.month_index(tour["counts_from"])
        last = min(scenario.month_index(tour["end"]), data.horizon - 1)
        for t in range(first, last + 1):
            cell = effective[(tour["region"], tour["task"], t)]
            cell[tour["nation"]] = cell.get(tour["nation"], 0.0) + e * tour["personnel"]
    return effective


def _coverage(
    data: ModelData,
    effective: Effective,
    domestic_heads: dict[tuple[str, str, int], float],
    handover: pd.DataFrame,
) -> pd.DataFrame:
    scenario = data.scenario
    handed = {
        row.region: scenario.month_index(str(row.month))
        for row in handover.itertuples(index=False)
        if isinstance(row.month, str)
    }
    dom_effectiveness = scenario.settings.domestic.effectiveness
    nations = data.nations
    rows = []
    for key in sorted(set(data.demand) | set(effective) | set(domestic_heads)):
        region, task, t = key
        by_nation = effective.get(key, {})
        international = sum(by_nation.values())
        heads = domestic_heads.get(key, 0.0)
        # A task ending at handover (training, unless said otherwise): no demand from then on.
        ended = scenario.ends_at_handover(task) and t >= handed.get(region, data.horizon)
        need = 0.0 if ended else data.demand.get(key, 0.0)
        row: dict[str, Any] = {
            "region": region,
            "task": task,
            "month": add_months(scenario.settings.start, t),
            "demand": need,
            "international": international,
            "domestic": heads,
            "domestic_effective": dom_effectiveness * heads,
            "shortfall": max(0.0, need - international - dom_effectiveness * heads),
        }
        row.update({f"{BY_NATION}{n}": by_nation.get(n, 0.0) for n in nations})
        rows.append(row)
    # Named columns even without a row (a scenario whose regions are all handed over).
    columns = [*RUN_TABLES["coverage"], *(f"{BY_NATION}{n}" for n in nations)]
    return pd.DataFrame(rows, columns=columns)


def _domestic(
    data: ModelData,
    effective: Effective,
    recruits: list[float],
    domestic_heads: dict[tuple[str, str, int], float],
) -> pd.DataFrame:
    """The pipeline month by month, strength recomputed from recruits so it adds up exactly."""
    scenario = data.scenario
    force = scenario.settings.domestic
    trainers = [0.0] * data.horizon
    for (_, task, t), by_nation in effective.items():
        if is_training(task):
            trainers[t] += sum(by_nation.values())
    employed = [0.0] * data.horizon
    for (_, _, t), heads in domestic_heads.items():
        employed[t] += heads
    trained = data.strength(recruits)
    rows = []
    for t in data.months:
        graduates = recruits[t - force.course_months] if t >= force.course_months else 0.0
        before = trained[t - 1] if t else float(force.initial_strength)
        rows.append(
            {
                "month": add_months(scenario.settings.start, t),
                "recruits": recruits[t],
                "in_training": sum(recruits[max(0, t - force.course_months + 1) : t + 1]),
                "graduates": graduates,
                "attrition": force.attrition_per_month * before,
                "strength": trained[t],
                "trainers": trainers[t],
                "employed": employed[t],
            }
        )
    return pd.DataFrame(rows, columns=list(RUN_TABLES["domestic"]))


def _costs(data: ModelData, assignments: pd.DataFrame) -> pd.DataFrame:
    """Cost per nation and fiscal year, by the model's own rule for a tour's cost, against
    its budget."""
    scenario = data.scenario
    cost: dict[tuple[str, int], float] = defaultdict(float)
    tours = _records(assignments)
    # A unit redeployed in theatre rotated in with the tour it goes on from.
    redeployed = {j for _, j in redeployments(tours)}
    for k, tour in enumerate(tours):
        start, end = scenario.month_index(tour["start"]), scenario.month_index(tour["end"])
        priced = scenario.tour_cost_by_year(
            tour["nation"],
            tour["personnel"],
            start,
            range(start, end + 1),
            rotation=k not in redeployed,
        )
        for year, amount in priced.items():
            cost[(tour["nation"], year)] += amount
    years = sorted({scenario.fiscal_year_of(month) for month in scenario.months})
    rows = [
        {
            "nation": nation,
            "fiscal_year": year,
            "cost": cost.get((nation, year), 0.0),
            "budget": scenario.budget_for(nation, year),
        }
        for nation in data.nations
        for year in years
    ]
    # No budget at all is a column of NaN, as the table reads back from costs.csv.
    table = pd.DataFrame(rows, columns=list(RUN_TABLES["costs"]))
    return table.astype({"cost": float, "budget": float})


def _kpis(data: ModelData, plan: Plan, result: SolveResult | None) -> dict[str, Any]:
    shortfall = shortfall_of(plan.coverage)
    arrived = shortfall_of(
        plan.coverage, since=add_months(data.scenario.settings.start, data.scenario.arrival)
    )
    tours = plan.assignments
    person_months = (
        tours.assign(
            months=lambda f: [
                min(data.scenario.month_index(e), data.horizon - 1)
                - data.scenario.month_index(s)
                + 1
                for s, e in zip(f["start"], f["end"], strict=True)
            ]
        )
        .assign(person_months=lambda f: f["months"] * f["personnel"])
        .groupby("component")["person_months"]
        .sum()
    )
    total_pm = float(person_months.sum())
    force = data.scenario.settings.domestic
    domestic_cost = force.cost_per_person_month * float(
        (plan.domestic["strength"] + plan.domestic["in_training"]).sum()
    )
    return {
        "scenario": data.scenario.settings.name,
        "model": data.spec.name,
        # Which file, and which contents: two files of one name made runs alike but for
        # their model.yaml.
        "model_file": data.spec.file,
        "model_sha256": settings_digest(model_settings(data.spec.model_dump(mode="json"))),
        "total_shortfall": shortfall.total,
        "peak_shortfall": shortfall.peak,
        "peak_shortfall_month": shortfall.month,
        "peak_after_arrival": arrived.peak,
        "peak_after_arrival_month": arrived.month,
        "demand": float(plan.coverage["demand"].sum()),
        "international_cost": float(plan.costs["cost"].sum()),
        "domestic_cost": domestic_cost,
        "cost": float(plan.costs["cost"].sum()) + domestic_cost,
        "tours": len(tours),
        "nations": sorted(tours["nation"].unique().tolist()),
        # pandas 3 stores a blank month (never handed over) as NaN in a string column.
        "handover": {
            region: month if isinstance(month, str) else None
            for region, month in zip(plan.handover["region"], plan.handover["month"], strict=True)
        },
        "regions_handed_over": int(plan.handover["month"].notna().sum()),
        "reserve_person_months": float(person_months.get("reserve", 0.0)),
        # A share of nobody in theatre is none: 0% would say all of them were active.
        "reserve_share": float(person_months.get("reserve", 0.0)) / total_pm if total_pm else None,
        "final_domestic_strength": float(plan.domestic["strength"].iloc[-1]),
        "termination": result.termination if result else "heuristic",
        "solution": result.solution if result else "feasible",
        "objective": result.objective if result else None,
        # No bound (HiGHS's infinity) is none: JSON has no infinity.
        "bound": result.bound if result and math.isfinite(result.bound or 0.0) else None,
        "gap": result.gap if result else None,
        "solve_seconds": round(result.solve_seconds, 3) if result else 0.0,
    }
