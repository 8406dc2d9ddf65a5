"""A hand planner's rotation: month by month, fill the highest-priority gap first.

For each month, gaps (demand not yet covered) are taken in order of task priority; each
is filled with the available unit that fits it best among those whose tour would start
counting that month and keep every hard rule (free of earlier tours and dwell, reserve
call-ups per window, ceiling, budgets, reserve share, the lead's share, nations per region
and sector), the lead nation's units first. The domestic pipeline then enrols as many
recruits as academy and trainers allow, and graduates take the gaps left. No region is
handed over but by decision (regions.csv `handed_over`).

It is the baseline the optimizer is measured against (`forcegen bench`). It keeps the
same hard rules as the model, so its plan, like the value-first heuristic's
(`heuristics.py`), is also a feasible warm start.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from forcegen.model.sets import ModelData, UnitGroup, called_off, is_training
from forcegen.spec import NOISE


@dataclass
class GreedyPlan:
    """Tour counts by tour index, the domestic pipeline month by month, and handovers."""

    counts: dict[int, int]
    recruits: list[float]
    domestic: dict[tuple[str, str, int], float] = field(default_factory=dict)
    handover: dict[str, int] = field(default_factory=dict)  # region -> first month held


@dataclass
class PlanState:
    # group -> units busy in each month: a list, since `fits` asks for the busiest month of
    # a tour's whole block (on L, 36 million dictionary lookups as month-by-month keys).
    busy: dict[str, list[int]] = field(default_factory=dict)
    # group -> its tours by month mobilized, for a unit called up more than once a window:
    # `busy` holds no window then (`UnitGroup.blocked`).
    mobilized: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    present: dict[tuple[str, int], float] = field(default_factory=lambda: defaultdict(float))
    reserve: dict[tuple[str, int], float] = field(default_factory=lambda: defaultdict(float))
    spent: dict[tuple[str, int], float] = field(default_factory=lambda: defaultdict(float))
    serving: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # (region, month) -> nation -> its tours in theatre there then: the nations counted at
    # once (a count, so that a tour cancelled leaves its nation when it was its last).
    there: dict[tuple[str, int], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    covered: dict[tuple[str, str, int], float] = field(default_factory=lambda: defaultdict(float))
    person_months: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    # (group, first month in theatre) of each call-up a tour redeploys: one at most, which
    # `busy` cannot say where the redeployment blocks only months past the horizon. A
    # committed one is not counted: cut short again, it is the tour the others continue.
    going_on: Counter[tuple[str, int]] = field(default_factory=Counter)


def greedy_plan(data: ModelData) -> GreedyPlan:
    """The greedy rotation for a model's data (see module docstring)."""
    scenario = data.scenario
    lead = scenario.lead.nation if scenario.lead else None
    by_slot: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for i, (group, task, region, start) in enumerate(data.tours):
        by_slot[(region, task, start + data.groups[group].overlap)].append(i)
    state = PlanState()
    counts: dict[int, int] = defaultdict(int)
    priority = {t.task: t.priority for t in scenario.tasks}

    for t in data.months:
        gaps = sorted(
            (key for key in data.demand if key[2] == t),
            key=lambda key: (-priority[key[1]], -data.demand[key]),
        )
        for region, task, _ in gaps:
            while (gap := data.demand[(region, task, t)] - state.covered[(region, task, t)]) > 0:
                options = [i for i in by_slot.get((region, task, t), []) if fits(data, state, i)]
                if not options:
                    break
                best = min(
                    options,
                    key=lambda i: (
                        data.groups[data.tours[i][0]].nation != lead,
                        abs(data.effective(i) - gap) if data.effective(i) >= gap else gap,
                        data.tours[i][0],
                    ),
                )
                take(data, state, best)
                counts[best] += 1
    handover = data.decided_handovers
    recruits = enrolment(data, state)
    domestic = employ(data, state, data.strength(recruits), handover)
    return GreedyPlan(dict(counts), recruits, domestic, handover)


def fits(data: ModelData, state: PlanState, i: int, *, keep_lead_share: bool = True) -> bool:
    """Whether one more tour `i` keeps every hard rule the plan so far keeps.

    `keep_lead_share=False` leaves the lead's share to the caller, who repairs it once the
    plan is complete (checking it step by step turns early partners away needlessly).
    """
    group_name, _, region, _ = data.tours[i]
    group = data.groups[group_name]
    scenario = data.scenario
    busy, blocked = state.busy.get(group_name), data.blocked(i)
    first, last = max(0, blocked.start), min(blocked.stop, data.horizon)
    if busy is not None and first < last and max(busy[first:last]) >= group.count:
        return False
    # A tour redeployed in theatre is its unit's call-up going on, not one of its own.
    call_up = i not in data.redeployed
    if not call_up and state.going_on[(group_name, data.redeployed[i])]:
        return False
    # A unit that may be called up the month its tour ends is kept a month at home between
    # call-ups: stricter than its rule (months mobilized in a row), never beside it. The
    # month before a redeployment is its own call-up's; the month after it is not.
    if (
        group.mobilized_cap is not None
        and busy is not None
        and ((call_up and first > 0 and busy[first - 1]) or (last < data.horizon and busy[last]))
    ):
        return False
    if call_up and group.needs_window_rule and not _call_up_kept(data, state, group, blocked.start):
        return False
    nation = scenario.nation_by_code[group.nation]
    rules = data.spec.rules
    for t in data.in_theatre(i):
        if t >= data.horizon:
            break
        month = scenario.months[t]
        if rules.ceiling == "hard" and state.present[
            (nation.nation, t)
        ] + group.personnel > scenario.ceiling_at(nation.nation, month):
            return False
        share = nation.reserve_max_share
        # Only a reserve tour can break the share: an active one refused for a share the
        # plan breaks already (a re-plan's committed reserves) could not mend it.
        if share is not None and rules.reserve_share == "hard" and group.component == "reserve":
            reserve = state.reserve[(nation.nation, t)] + group.personnel
            if reserve > share * (state.present[(nation.nation, t)] + group.personnel):
                return False
    if rules.budget == "hard":
        yearly = data.tour_cost_by_year(i)
        for year, cost in yearly.items():
            budget = scenario.budget_for(nation.nation, year)
            if budget is not None and state.spent[(nation.nation, year)] + cost > budget:
                return False
        cap = data.spec.mission.total_budget
        if cap is not None and sum(state.spent.values()) + sum(yearly.values()) > cap:
            return False
    # Checked as the plan grows: a lead tour raises the lead's side by more than the share
    # of its own months, so a rule kept at every step is kept by the finished plan.
    if keep_lead_share and nation.nation != (scenario.lead.nation if scenario.lead else None):
        months = sum(1 for t in data.in_theatre(i) if t < data.horizon)
        if not lead_share_kept(data, state, months * group.personnel):
            return False
    if data.spec.coalition.nations_counted == "at-once":
        return all(
            _room_for(data, nation.nation, region, partial(_there, state, t=t))
            for t in data.in_theatre(i)
            if t < data.horizon
        )
    return _room_for(data, nation.nation, region, lambda r: state.serving[r])


def _call_up_kept(data: ModelData, state: PlanState, group: UnitGroup, month: int) -> bool:
    """Whether one more mobilization in `month` keeps the group's rows `reserve_frequency`
    (`model/reserves.py`) holding it: at most m_n in its W months, the call-ups of tours the
    events called off counted."""
    window, most = group.window, group.mobilizations_per_window
    assert window is not None and most is not None
    # Read where they are, not copied: `fits` asks this for every tour of the group it weighs.
    mobilized: Mapping[int, int] = state.mobilized.get(group.name, {})
    past = called_off(data.commitments, group)

    def calls(first: int) -> int:
        """The call-ups in the window of months from `first`, the one in `month` too."""
        within = range(first, first + window)
        planned = sum(n for m, n in mobilized.items() if m in within)
        return 1 + planned + sum(m in within for m in past)

    return all(calls(first) <= most for first in range(month - window + 1, month + 1))


def _there(state: PlanState, region: str, *, t: int) -> set[str]:
    """The nations with a tour in theatre in `region` in month `t`."""
    # Read with get: a month probed adds no entry to the defaultdict.
    return {n for n, tours in state.there.get((region, t), {}).items() if tours > 0}


def _room_for(
    data: ModelData, nation: str, region: str, serving: Callable[[str], set[str]]
) -> bool:
    """Whether `nation` may serve in `region` beside the nations `serving` gives for each
    region (over the horizon, or in one month), under the hard per-region and per-sector
    limits."""
    coalition, rules, scenario = data.spec.coalition, data.spec.rules, data.scenario
    here = serving(region)
    if nation in here:
        return True
    limit = coalition.max_nations_per_region
    if limit is not None and rules.nations_per_region == "hard" and len(here) >= limit:
        return False
    limit = coalition.max_nations_per_sector
    if limit is None or rules.nations_per_sector != "hard":
        return True
    in_sector = set().union(*(serving(r) for r in scenario.sectors[scenario.sector_of[region]]))
    return nation in in_sector or len(in_sector) < limit


def lead_share_kept(data: ModelData, state: PlanState, more: float = 0.0) -> bool:
    """Whether the lead's person-months keep their hard share of the coalition's, with
    `more` person-months added by another nation."""
    lead, share = data.scenario.lead, data.spec.coalition.lead_min_share
    if data.spec.rules.lead_share != "hard" or lead is None or share is None:
        return True
    total = sum(state.person_months.values()) + more
    return state.person_months[lead.nation] >= share * total - NOISE


def shares_kept(data: ModelData, state: PlanState) -> bool:
    """Whether the plan as it stands keeps the hard reserve-share, lead-share and
    least-nations rules (after cancelling tours, which `fits` cannot see)."""
    scenario, rules, coalition = data.scenario, data.spec.rules, data.spec.coalition
    if rules.reserve_share == "hard":
        for (nation, t), reserve in state.reserve.items():
            share = scenario.nation_by_code[nation].reserve_max_share
            if share is not None and reserve > share * state.present[(nation, t)] + NOISE:
                return False
    if not lead_share_kept(data, state):
        return False
    if rules.min_nations == "hard" and coalition.min_nations is not None:
        serving = sum(1 for months in state.person_months.values() if months > 1e-6)
        if serving < coalition.min_nations:
            return False
    return True


def take(data: ModelData, state: PlanState, i: int, times: int = 1) -> None:
    """Add `times` tours `i` to the plan (a negative number cancels them).

    Cancelling leaves `serving` as it was: it may name a nation that no longer serves a
    region, which only makes the nations-per-region check stricter.
    """
    group_name, task, region, _ = data.tours[i]
    group = data.groups[group_name]
    busy, blocked = state.busy.setdefault(group_name, [0] * data.horizon), data.blocked(i)
    for t in range(max(0, blocked.start), min(blocked.stop, data.horizon)):
        busy[t] += times
    if group.needs_window_rule and i not in data.redeployed:
        state.mobilized[group_name][blocked.start] += times
    if i in data.redeployed and i not in data.fixed:
        state.going_on[(group_name, data.redeployed[i])] += times
    for t in data.in_theatre(i):
        if t < data.horizon:
            state.there[(region, t)][group.nation] += times
            state.present[(group.nation, t)] += times * group.personnel
            state.person_months[group.nation] += times * group.personnel
            if group.component == "reserve":
                state.reserve[(group.nation, t)] += times * group.personnel
    for t in data.counting(i):
        if t < data.horizon:
            state.covered[(region, task, t)] += times * data.effective(i)
    for year, cost in data.tour_cost_by_year(i).items():
        state.spent[(group.nation, year)] += times * cost
    if times > 0:
        state.serving[region].add(group.nation)


def enrolment(data: ModelData, state: PlanState) -> list[float]:
    """Recruits month by month: as many, as early, as academy and trainers allow."""
    force = data.scenario.settings.domestic
    course = force.course_months
    trainers = [0.0] * data.horizon
    for (_, task, t), effective in state.covered.items():
        if is_training(task):
            trainers[t] += effective
    academy = data.scenario.academy_capacities
    room = [min(academy[t], force.trainees_per_trainer * c) for t, c in enumerate(trainers)]
    recruits = [0.0] * data.horizon
    # A re-plan's past enrolment is history.
    history = data.commitments.recruits if data.commitments is not None else ()
    for t in data.months:
        if t < len(history):
            recruits[t] = history[t]
            continue
        window = range(t, min(t + course, data.horizon))
        free = min(room[u] - sum(recruits[max(0, u - course + 1) : t]) for u in window)
        recruits[t] = max(0.0, min(float(force.recruits_per_month), free))
    return recruits


def employ(
    data: ModelData,
    state: PlanState,
    trained: list[float],
    handover: dict[str, int] | None = None,
) -> dict[tuple[str, str, int], float]:
    """Domestic personnel by region, task and month: the whole demand of regions being
    handed over (from `handover_months` before their handover month), then the largest
    gaps of the highest-priority tasks elsewhere while trained personnel last."""
    force = data.scenario.settings.domestic
    if force.effectiveness <= 0:
        return {}
    # A handover by decision asks nothing of the domestic force before it.
    decided = data.scenario.declared_handovers
    handover = {r: t for r, t in (handover or {}).items() if decided.get(r) != t}
    shadow = data.spec.mission.handover_months
    priority = {t.task: t.priority for t in data.scenario.tasks}
    by_month: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for key in data.domestic_keys:
        by_month[key[2]].append(key)
    domestic: dict[tuple[str, str, int], float] = {}
    ends = data.scenario.ends_at_handover
    for t in data.months:
        available = trained[t]
        # A task that ends at its region's handover asks nothing of the force: before it,
        # it is one more gap; from it on, there is none to fill.
        ended = {k for k in by_month[t] if ends(k[1]) and t >= handover.get(k[0], data.horizon)}
        held = [
            k
            for k in by_month[t]
            if k[0] in handover and t >= handover[k[0]] - shadow and not ends(k[1])
        ]
        for key in held:
            domestic[key] = data.demand.get(key, 0.0) / force.effectiveness
            available -= domestic[key]
        gaps = sorted(
            (k for k in by_month[t] if k not in domestic and k not in ended),
            key=lambda k: -priority[k[1]],
        )
        for key in gaps:
            if available <= 0:
                break
            gap = data.demand.get(key, 0.0) - state.covered[key]
            if gap > 0:
                domestic[key] = min(available, gap / force.effectiveness)
                available -= domestic[key]
    return domestic


def warm_start_values(m: Any, data: ModelData, plan: GreedyPlan) -> list[tuple[Any, float]]:
    """The greedy plan as values of the model's integer variables, for `solve_model`."""
    values: list[tuple[Any, float]] = [(m.tour[i], float(plan.counts.get(i, 0))) for i in m.tour]
    if hasattr(m, "handover"):
        # A re-plan's history may fix a handover already made (the lower bound).
        values += [
            (var, max(float(var.lb or 0), float(t >= plan.handover.get(region, data.horizon))))
            for (region, t), var in m.handover.items()
        ]
    if hasattr(m, "serves"):
        serving = {
            (data.groups[data.tours[i][0]].nation, data.tours[i][2])
            for i, count in plan.counts.items()
            if count
        }
        values += [(m.serves[key], float(key in serving)) for key in m.serves]
        if hasattr(m, "contributes"):
            nations = {n for n, _ in serving}
            values += [(m.contributes[n], float(n in nations)) for n in m.contributes]
    if hasattr(m, "present"):
        present = {
            (data.groups[data.tours[i][0]].nation, data.tours[i][2], t)
            for i, count in plan.counts.items()
            if count
            for t in data.in_theatre(i)
            if t < data.horizon
        }
        values += [(m.present[key], float(key in present)) for key in m.present]
    return values


def load_plan(m: Any, data: ModelData, plan: GreedyPlan) -> None:
    """Put a heuristic plan into the model's variables, so `extract_plan` can tabulate it."""
    for i in m.tour:
        m.tour[i].set_value(plan.counts.get(i, 0))
    for t in data.months:
        m.recruits[t].set_value(plan.recruits[t])
    for key in m.domestic:
        m.domestic[key].set_value(plan.domestic.get(key, 0.0))
    if hasattr(m, "handover"):
        for (region, t), var in m.handover.items():
            var.set_value(int(t >= plan.handover.get(region, data.horizon)))
