"""Explain infeasibility in a planner's words: solve again with every hard rule elastic.

Each hard family gets a priced slack (`model/soft.py`); the slacks the solver has to use
name the rules that cannot all hold, with the nations, regions and months involved.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping

import pyomo.environ as pyo

from forcegen.greedy import warm_start_values
from forcegen.model.budget import MILLION
from forcegen.model.sets import Commitments
from forcegen.months import add_months
from forcegen.prepare import build_planned
from forcegen.scenario.scenario import Scenario
from forcegen.solve import SolveResult, solve_model
from forcegen.spec import NOISE, ModelSpec, SolverOptions

UNITS = {
    "ceiling": "personnel over the ceiling",
    "budget": "over the budget",
    "total_budget": "over the mission's total budget",
    "reserve_share": "reserve personnel over the share",
    "lead_share": "lead person-months short of its share",
    "nations_per_region": "nations over the limit",
    "nations_per_sector": "nations over the limit",
    "min_nations": "nations short",
    "coverage_floor": "effective personnel below the floor",
}

# More time, as each command that solves is given it: solve's option, a sweep's file.
LONGER = "a longer time limit (--time-limit, or solver.time_limit in a model or sweep file)"
# What happened where the solver failed (termination `error`), and what to do: time is
# no remedy there, where a time limit's stop had read as one.
FAILED = (
    "HiGHS reported an error, or its branch-and-bound process ended without an answer "
    "(killed, as for want of memory: the solver's log says which, with the process's exit "
    "code); a longer time limit will not help: solve again, and if it fails again, with "
    "more memory free, or report it with the solver's log"
)
# The spec rule (`rules:`) a slack belongs to, where its name differs.
RULE = {"total_budget": "budget"}

EXPLAIN = {
    "coverage_floor": "the coverage floor cannot be met with the forces, ceilings, budgets "
    "and mission end allowed",
    "ceiling": "keeping the other hard rules needs more personnel than the ceiling",
    "budget": "keeping the other hard rules costs more than the budget",
    "total_budget": "keeping the other hard rules costs more than the mission's total budget",
    "reserve_share": "the reserve share cap leaves too few deployable units",
    "lead_share": "the lead nation cannot provide its share",
    "nations_per_region": "the limit lets too few nations serve in a region",
    "nations_per_sector": "the limit lets too few nations serve in a sector",
    "min_nations": "too few nations can serve at all",
}


def diagnose(
    scenario: Scenario,
    spec: ModelSpec,
    options: SolverOptions,
    commitments: Commitments | None = None,
    set_by: Mapping[str, str] | None = None,
) -> list[str]:
    """Lines naming each broken rule family with where and by how much, and what to
    change; `set_by`: a family's words for that where the run, not the model, sets its
    setting, and `rules.<rule>`'s where it sets the rule hard (a frontier point's cap, by
    its share: `set_by_share`; a sweep's variant: `set_by_variant`)."""
    m, result = _relaxed_solve(scenario, spec, options, commitments)
    if result.termination == "infeasible" or not result.has_solution:
        return _no_relaxed_plan(result, options)
    broken = {family: used for family in UNITS if (used := _slack_used(m, spec, family))}
    if not broken:
        return ["the hard rules conflict, but no single family's slack explains it"]
    lines = [
        line
        for family, used in broken.items()
        for line in _family_lines(m, family, used, scenario, spec, commitments)
    ]
    if result.termination != "optimal":
        # A relaxed solve stopped early may break more, or another rule, than it must.
        lines.append(
            f"(the relaxed solve stopped at its {_seconds(options)} s: these are what it "
            f"broke, not the least that must give; {LONGER} may name less)"
        )
    if not _too_few_nations(scenario, spec, broken):
        lines.append(_other_side(m, scenario, spec, commitments, list(broken)))
    lines.append(_to_change(scenario, spec, broken, set_by or {}))
    return lines


def _too_few_nations(scenario: Scenario, spec: ModelSpec, broken: Mapping[str, object]) -> bool:
    """Whether the minimum of nations, the one rule broken, is above the scenario's count
    of nations: that alone leaves no plan, and no other rule is the other side of it."""
    least = spec.coalition.min_nations or 0
    return set(broken) == {"min_nations"} and len(scenario.nations) < least


def _relaxed_solve(
    scenario: Scenario,
    spec: ModelSpec,
    options: SolverOptions,
    commitments: Commitments | None,
) -> tuple[pyo.ConcreteModel, SolveResult]:
    """The model with every hard rule elastic, and the solve of it."""
    # With every rule elastic any plan is feasible, the heuristic's included: from it the
    # solver has a plan at once, where alone it may not find one in the time (Timor with
    # a 99% coverage floor: none in 20 s).
    m, data, plans = build_planned(scenario, spec, elastic=True, commitments=commitments)
    start = warm_start_values(m, data, plans[0]) if plans else None
    return m, solve_model(m, options, warm_start=start)


def _no_relaxed_plan(result: SolveResult, options: SolverOptions) -> list[str]:
    """Why even the relaxed solve gave no plan: a conflict among the rules no slack
    relaxes, or the time limit."""
    if result.termination == "infeasible":
        return [
            "no plan exists even with every hard rule relaxed: the rules that have no slack "
            "(rotation and dwell, the domestic pipeline, a re-plan's committed past) "
            "conflict among themselves"
        ]
    if result.termination == "error":
        return [
            "the solve with every hard rule relaxed failed, so what conflicts is not known: "
            + FAILED
        ]
    return [
        f"no plan was found within {_seconds(options)} s even with every hard rule "
        f"relaxed (solver: {result.termination}), so what conflicts is not known: give "
        f"the solver more time: {LONGER}"
    ]


def _seconds(options: SolverOptions) -> str:
    """The relaxed solve's time limit to a tenth: what the first solve left of the one
    given, "29.2024 s" where 29.2 says as much."""
    return f"{round(options.time_limit, 1):g}"


def _slack_used(m: pyo.ConcreteModel, spec: ModelSpec, family: str) -> dict[object, float]:
    """The slack the relaxed plan uses of a hard rule family, by its index; empty where
    the family has none, is soft or holds."""
    slack = getattr(m, f"{family}_slack", None)
    # A soft rule's slack is priced in every plan, feasible ones too: no conflict.
    if slack is None or getattr(spec.rules, RULE.get(family, family)) == "soft":
        return {}
    return {key: pyo.value(var) for key, var in slack.items() if (var.value or 0) > NOISE}


def _family_lines(
    m: pyo.ConcreteModel,
    family: str,
    used: dict[object, float],
    scenario: Scenario,
    spec: ModelSpec,
    commitments: Commitments | None,
) -> list[str]:
    """A broken family's line, by how much in all, then where and when."""
    unit = UNITS[family]
    at_once = spec.coalition.nations_counted == "at-once"
    if at_once and family in ("nations_per_region", "nations_per_sector"):
        unit = "nation-months over the limit"  # a month's excess, summed over months
    if family in MONEY:
        # The slack is in millions, a scale for the solver: said in the scenario's
        # currency, a cap of 1,000 missed by 59,000 had read "0.1 million over".
        used = {key: amount * MILLION for key, amount in used.items()}
        unit = f"{scenario.settings.currency} {unit}"
    whole = family in COUNTED or family in MONEY
    total = _amount(sum(used.values()), whole)
    if whole and total == "1":
        # "1 nation short", "1 nation-month over", not "1 nations", "1 nation-months".
        unit = unit.replace("nations", "nation", 1).replace("nation-months", "nation-month", 1)
    lines = [f"{family}: {EXPLAIN[family]}; {total} {unit} in all"]
    if family == "min_nations":
        lines += _fewest_nations(m, scenario, spec)
    if family == "coverage_floor":
        lines += _kept_out(used, scenario)
        lines += _after_the_end_date(used, scenario, spec)
        if commitments is None:
            lines += _before_any_relief(used, scenario)
            lines += _too_few_units(used, scenario, spec)
    # The mission-wide rules' one row would repeat the total ("mission: 1").
    if family not in MISSION_WIDE:
        for entity, months in _by_entity(scenario, used, family in MONTHLY, whole).items():
            lines.append(f"  {entity}: {months}")
    return lines


def _fewest_nations(m: pyo.ConcreteModel, scenario: Scenario, spec: ModelSpec) -> list[str]:
    """The nations short of `min_nations`: too few in the scenario, or those the relaxed
    plan gives no tour, whose ceiling, budget, caveats or dates keep them out."""
    nations = sorted(nation.nation for nation in scenario.nations)
    least = spec.coalition.min_nations or 0
    if len(nations) < least:
        named = ", ".join(nations)
        return [f"  the scenario has {len(nations)} nation(s) ({named}), fewer than {least}"]
    serving = {n for (n, _), var in m.serves.items() if (var.value or 0) > 0.5}
    idle = [n for n in nations if n not in serving]
    return [f"  no tour in the relaxed plan: {', '.join(idle)}"] if idle else []


def _kept_out(used: dict[object, float], scenario: Scenario) -> list[str]:
    """The floor's regions and tasks no unit may serve at all: no unit's type can do the
    task, or its nations' caveats keep out each unit able to. The cause, where the
    conflict's other side had named the forces, ceilings and budgets."""
    able = {
        task
        for unit in scenario.units
        for task, share in scenario.unit_type_by_code[unit.type].effectiveness.items()
        if share > 0
    }
    cells = sorted({key[:2] for key in used if isinstance(key, tuple)})
    return [
        f"  {region}/{task}: no unit may serve it there, each nation with a unit able to do "
        "it kept out by its caveats (refused_regions, refused_tasks, a max_risk below the "
        "region's risk, or a row of the caveats table over the whole horizon)"
        if task in able
        else f"  {region}/{task}: no unit's type can do {task}"
        for region, task in cells
        if (task, region) not in scenario.served
    ]


def _after_the_end_date(
    used: dict[object, float], scenario: Scenario, spec: ModelSpec
) -> list[str]:
    """How much of the floor's shortfall falls after the mission's end-date, if it has one."""
    if spec.mission.end != "end-date":
        return []
    end = scenario.month_index(spec.mission.end_date or scenario.end)
    after = sum(a for key, a in used.items() if isinstance(key, tuple) and key[-1] > end)
    return [
        f"  {after:,.1f} of it falls after the end-date {spec.mission.end_date}, "
        "when no international unit may stay"
    ]


def _before_any_relief(used: dict[object, float], scenario: Scenario) -> list[str]:
    """How much of the floor's shortfall falls in the first months, before any tour can
    count, if any: a plan from the horizon's start, every unit at home (a re-plan's or a
    window's past has tours there already)."""
    # A tour counts once its relief in place ends, so no plan covers the first
    # months but with the domestic force: a floor there is broken by every plan.
    first = min(nation.overlap_months for nation in scenario.nations)
    early = sum(a for key, a in used.items() if isinstance(key, tuple) and key[-1] < first)
    if early <= NOISE:
        return []
    return [
        f"  {early:,.1f} of it falls in the first {first} month(s), before any "
        "tour's relief in place ends (overlap_months), when no international unit "
        "counts yet"
    ]


def _too_few_units(used: dict[object, float], scenario: Scenario, spec: ModelSpec) -> list[str]:
    """How much of the floor's shortfall falls in months when it asks for a unit in more
    region/task cells than units can count there, if any: a tour serves one cell, so some
    cell is short whatever the plan (Timor's first month: 42 cells, the two units of the
    one nation there from the start without relief in place)."""
    # The first month each unit may count; nothing later (its leave, dwell) is held
    # against it, so the months named are short in every plan.
    counting = sorted(
        scenario.unit_window(unit)[0]
        + scenario.training_of(unit)
        + scenario.nation_by_code[unit.nation].overlap_months
        for unit in scenario.units
    )
    domestic = scenario.settings.domestic
    # Said already where no tour counts at all (_before_any_relief); after the end-date
    # no tour counts either (_after_the_end_date).
    first = min(nation.overlap_months for nation in scenario.nations)
    end = scenario.settings.months
    if spec.mission.end == "end-date":
        end = scenario.month_index(spec.mission.end_date or scenario.end) + 1
    demanded: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for row in (row for row in scenario.demand if row.personnel > 0):
        lo, hi = scenario.window(row.first, row.last)
        for t in range(lo, hi + 1):
            demanded[t].add((row.region, row.task))
    short: dict[int, tuple[int, int]] = {}
    for t in sorted({key[-1] for key in used if isinstance(key, tuple)}):
        if not first <= t < end:
            continue
        # The domestic force may hold its tasks once it has officers; a region may be
        # handed over (its training demand then ends) from handover_months on, where the
        # domestic force can hold every task that does not end with it: only cells no
        # plan can spare are counted.
        untrained = domestic.initial_strength == 0 and t < domestic.course_months
        cells = {
            (region, task)
            for region, task in demanded[t]
            if untrained or task not in domestic.tasks
        }
        held = {
            region
            for region, task in cells
            if spec.mission.end == "end-date"
            or t < spec.mission.handover_months
            or not scenario.ends_at_handover(task)
        }
        needed = sum(region in held for region, _ in cells)
        able = bisect_right(counting, t)
        if needed > able:
            short[t] = (needed, able)
    if not short:
        return []
    amount = sum(a for key, a in used.items() if isinstance(key, tuple) and key[-1] in short)
    months = sorted(short)
    needed, able = short[months[0]]
    return [
        f"  {amount:,.1f} of it falls in {len(months)} month(s) between "
        f"{scenario.months[months[0]]} and {scenario.months[months[-1]]} when the floor asks "
        f"for a unit in more region/task cells than units can count there, each tour serving "
        f"one ({needed} cells, {able} unit(s) in {scenario.months[months[0]]}: nations' join, "
        "units' available_from, reserve training and overlap_months hold the others back)"
    ]


def _other_side(
    m: pyo.ConcreteModel,
    scenario: Scenario,
    spec: ModelSpec,
    commitments: Commitments | None,
    broken: list[str],
) -> str:
    """The line naming what the broken families conflict with: the hard rules the relaxed
    solve kept, and what no solve relaxes."""
    # The relaxed solve breaks the rule cheapest to break, which may hold alone: the hard
    # rules it kept hold the other side of the conflict (a lead share too high for five
    # nations to serve beside the lead was named as too few nations, and nothing else).
    kept = _hard_rules_kept(m, spec, broken)
    # What no solve relaxes may be the other side: said, since the line cannot name it.
    fixed = ["rotation and dwell", "the domestic pipeline"]
    # A reserve unit's call-ups (once in its window folded into its rotation, more as a
    # rule of their own) may be the cause, and "rotation and dwell" did not name them.
    if any(unit.component == "reserve" for unit in scenario.units):
        fixed.append(
            "reserve call-ups (reserve_mobilizations in reserve_window_months, reserve_max_months)"
        )
    fixed += ["the end-date"] if spec.mission.end == "end-date" else []
    calm_first = spec.mission.end == "end-state" and spec.mission.handover_order == "calm-first"
    fixed += ["calm regions first (mission.handover_order)"] if calm_first else []
    fixed += ["the committed past"] if commitments is not None else []
    return (
        "it conflicts with one or more of the hard rules kept"
        + (f" ({', '.join(kept)})" if kept else "")
        + f" or of what no solve relaxes ({', '.join(fixed)})"
    )


# Where each rule is loosened, beside making it soft: a setting of the model, or the
# columns of the nations named above. Tables named as such, not as files: the scenario may
# have been read from a folder or a workbook, and no longer knows which (validate's
# messages, which do, name `nations.csv` or `the nations sheet`).
LOOSEN = {
    "ceiling": "raise the ceilings of the nations named (the nations table's ceiling, the "
    "ceilings table)",
    "budget": "raise the budgets of the nations named (the nations table's budget_per_year, "
    "the budgets table)",
    "total_budget": "raise mission.total_budget",
    "reserve_share": "raise reserve_max_share of the nations named (the nations table)",
    "lead_share": "lower coalition.lead_min_share",
    "nations_per_region": "raise coalition.max_nations_per_region",
    "nations_per_sector": "raise coalition.max_nations_per_sector",
    "min_nations": "lower coalition.min_nations",
    "coverage_floor": "lower mission.coverage_floor",
}


def _to_change(
    scenario: Scenario,
    spec: ModelSpec,
    broken: Mapping[str, Mapping[object, float]],
    set_by: Mapping[str, str],
) -> str:
    """The line saying what the planner may change for a plan: loosen each broken rule
    (where the run sets its setting, as `set_by` words it), or make it soft where its
    hardness is set (the model, or as `set_by`'s `rules.<rule>` words it; not at all where
    those words are empty, as a frontier's cap, soft, would be no cap)."""
    loosen = []
    for family, used in broken.items():
        value = _setting(spec, family)
        words = set_by.get(family, LOOSEN[family])
        loosen.append(
            words
            + ("" if value is None else f" (now {value:,.15g})")
            + (_least_share(scenario, value, used, set_by) if family == "total_budget" else "")
        )
    if "coverage_floor" in broken and spec.mission.end == "end-date":
        loosen.append(f"a later mission.end_date (now {spec.mission.end_date or scenario.end})")
    # A nation's budget and the total are one rule.
    rules = sorted({RULE.get(family, family) for family in broken})
    in_model = [rule for rule in rules if f"rules.{rule}" not in set_by]
    by_run = [f"in {set_by[key]}" for rule in rules if set_by.get(key := f"rules.{rule}")]
    softened = len(in_model) + len(by_run)
    if not softened:
        return f"to change: {'; or '.join(loosen)}"
    model = f"in the model ({', '.join(f'rules.{rule}: soft' for rule in in_model)})"
    where = ([model] if in_model else []) + by_run
    return (
        f"to change: {'; or '.join(loosen)}; or make {'it' if softened == 1 else 'them'} "
        f"soft {' or '.join(where)}, a breach then priced"
    )


def _least_share(
    scenario: Scenario, cap: float | None, used: Mapping[object, float], set_by: Mapping[str, str]
) -> str:
    """Where a frontier's point sets the cap (`set_by`'s `SHARE_OF`: the cost of tours a
    share of 1 caps), the least share whose cap covers the breach (`used`, in millions):
    share x (cap + breach) / cap, the share being cap / that cost, rounded up to 2 decimals."""
    if SHARE_OF not in set_by or cap is None:
        return ""
    over = sum(used.values()) * MILLION
    # Up to the hundredth (1.755 -> 1.76), a share of two decimals already kept, not pushed
    # up by a float's noise (175.00000000001 hundredths).
    least = math.ceil(round((cap + over) / float(set_by[SHARE_OF]) * 100, 9)) / 100
    currency = scenario.settings.currency
    return f": a share of at least {least:.2f} covers the {over:,.0f} {currency} over"


# In `set_by`, a frontier's cost of tours that a share of 1 caps (written as a number):
# a point's cap is its share of it.
SHARE_OF = "share_of"


def set_by_share(reference: float) -> dict[str, str]:
    """`diagnose`'s `set_by` for a frontier's point, whose cap on the cost of tours
    (mission.total_budget) is its share (frontier --shares) of `reference`, the plan
    without a cap's: the planner changes it with the share, not in the model, and never
    makes it soft, which would be no cap."""
    return {
        "total_budget": "a larger share for this point (frontier --shares), its cap on the "
        "cost of tours (mission.total_budget) too low",
        "rules.budget": "",  # no words: not offered
        SHARE_OF: repr(float(reference)),
    }


def set_by_variant(name: str, overrides: Mapping[str, object]) -> dict[str, str]:
    """`diagnose`'s `set_by` for a sweep's variant `name` setting `overrides` (by their
    addresses): a rule's setting or hardness it sets is changed in it, where the model's
    is overridden (told to make a rule soft in the model, which has it soft, a variant
    setting it hard had nothing to change)."""
    variant = f"the sweep's variant {name}"
    said = {}
    for address, value in overrides.items():
        if (family := BY_ADDRESS.get(address)) is not None:
            said[family] = f"{LOOSEN[family]} in {variant}, which sets it"
        elif address.startswith(RULES) and isinstance(value, str):
            said[address.removeprefix("model.")] = f"{variant}, which sets {address}: {value}"
    return said


def _hard_rules_kept(m: pyo.ConcreteModel, spec: ModelSpec, broken: list[str]) -> list[str]:
    """The hard rules the relaxed solve kept, each with its setting where one figure
    sets it (`lead_share (0.9)`)."""
    kept = []
    # A family built over nothing (budgets where the scenario has none) constrains nothing.
    built = [f for f in UNITS if f not in broken and len(getattr(m, f"{f}_slack", ())) > 0]
    relaxed = {RULE.get(f, f) for f in broken}  # a year's budget and the total: one rule
    for rule in dict.fromkeys(RULE.get(f, f) for f in built):
        if getattr(spec.rules, rule) == "hard" and rule not in relaxed:
            value = _setting(spec, rule)
            kept.append(rule if value is None else f"{rule} ({value:g})")
    return kept


# (The nations per region and sector are monthly too where counted at once.)
MONTHLY = {"ceiling", "reserve_share", "coverage_floor", "nations_per_region", "nations_per_sector"}
# Families whose slack counts nations.
COUNTED = {"nations_per_region", "nations_per_sector", "min_nations"}
# Families of one row for the whole mission.
MISSION_WIDE = {"min_nations", "total_budget"}
# Families whose slack is money, in millions of the scenario's currency.
MONEY = {"budget", "total_budget"}

# The setting behind a rule, where one figure sets it.
SETTINGS = {
    "lead_share": ("coalition", "lead_min_share"),
    "nations_per_region": ("coalition", "max_nations_per_region"),
    "nations_per_sector": ("coalition", "max_nations_per_sector"),
    "min_nations": ("coalition", "min_nations"),
    "coverage_floor": ("mission", "coverage_floor"),
    "total_budget": ("mission", "total_budget"),
}
# A sweep's address of each setting (`forcegen.sweep.spec`), and the prefix of a rule's.
BY_ADDRESS = {f"model.{section}.{name}": family for family, (section, name) in SETTINGS.items()}
RULES = "model.rules."


def _setting(spec: ModelSpec, rule: str) -> float | None:
    if rule not in SETTINGS:
        return None
    section, name = SETTINGS[rule]
    value: float | None = getattr(getattr(spec, section), name)
    return value


def _by_entity(
    scenario: Scenario, used: dict[object, float], monthly: bool, whole: bool
) -> dict[str, str]:
    """Group slack values by entity (nation, region...), with the months they fall in
    (`whole`: counted in nations)."""
    grouped: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for key, amount in used.items():
        parts = key if isinstance(key, tuple) else (key,)
        *names, last = parts
        if monthly and isinstance(last, int):
            grouped["/".join(map(str, names))].append((last, amount))
        else:
            grouped["/".join(map(str, parts))].append((-1, amount))
    text = {}
    for entity, items in sorted(grouped.items()):
        months = sorted(t for t, _ in items if t >= 0)
        total = sum(a for _, a in items)
        span = ""
        if months:
            first = add_months(scenario.settings.start, months[0])
            last = add_months(scenario.settings.start, months[-1])
            span = f" in {len(months)} month(s) between {first} and {last}"
        text[entity] = f"{_amount(total, whole)}{span}"
    return text


def _amount(value: float, whole: bool) -> str:
    """A figure of nations as a count (the slack of a count of binaries), or of money, in
    whole units of the currency, else to a tenth."""
    return f"{value:,.0f}" if whole else f"{value:,.1f}"
