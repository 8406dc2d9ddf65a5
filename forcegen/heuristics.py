"""Primal heuristic for the warm start: the most valuable tour first, then end-states.

The hand planner (`greedy.py`) fills months in order and so spends large units on early,
small gaps. Here every candidate tour is valued by the priced shortfall it would remove
over all its counting months, less its cost and turbulence, and the best (or the best
for its money: four orders in all) is taken while it keeps every hard rule; values only
fall as gaps fill, so stale values are recomputed lazily from a heap; training tours go
first. Then each region in turn is handed over to the domestic force at the month that
lowers the objective most, cancelling the international tours that would still be
there, if any month does. The result is a much better first incumbent for HiGHS, which
otherwise finds handovers late or never.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import TypeAlias

import numpy as np

from forcegen.greedy import (
    GreedyPlan,
    PlanState,
    employ,
    enrolment,
    fits,
    lead_share_kept,
    shares_kept,
    take,
)
from forcegen.model.sets import ModelData, is_training
from forcegen.sectors import sector_nations
from forcegen.spec import NOISE, Rules


def overhead(data: ModelData, i: int) -> float:
    """Objective weight of one tour's cost and turbulence."""
    return data.spec.weights.cost * data.tour_cost(i) + data.spec.weights.turbulence


class Valuation:
    """Each tour's and each demand's terms of the objective, worked out once for all
    orders: on L (494,000 tours) each order valued every tour from scratch at the start of
    each pass, 5 of the 6.5 million valuations of the eight orders.

    A tour's counting months are `first[i]` to `last[i]` (exclusive, inside the horizon)
    of the demand line `line[i]`, one line per (region, task). As lists for the one-by-one
    re-valuations of the heap, as arrays (`array`) for valuing all candidates at once.
    """

    def __init__(self, data: ModelData) -> None:
        horizon, count = data.horizon, len(data.tours)
        keys = {(region, task) for _, task, region, _ in data.tours}
        keys |= {(region, task) for region, task, _ in data.demand}
        self.lines = {key: n for n, key in enumerate(sorted(keys))}
        prices = {task: data.shortfall_price(task) for _, task in keys}
        counting = [data.counting(i) for i in range(count)]
        self.line = [self.lines[(region, task)] for _, task, region, _ in data.tours]
        self.first = [max(0, months.start) for months in counting]
        self.last = [
            max(start, min(months.stop, horizon))
            for start, months in zip(self.first, counting, strict=True)
        ]
        # Objective weight of one effective person-month short on the tour's task.
        self.price = [prices[task] for _, task, _, _ in data.tours]
        self.effective = [data.effective(i) for i in range(count)]
        self.overhead = [overhead(data, i) for i in range(count)]
        # A free tour (no cost given) ranks by value per currency unit.
        self.money = [max(1.0, data.tour_cost(i)) for i in range(count)]
        self.array = {
            name: np.asarray(getattr(self, name))
            for name in ("line", "price", "effective", "overhead", "money")
        }
        # Counting months as a matrix, `horizon` (a column of no demand) past the last.
        longest = max((b - a for a, b in zip(self.first, self.last, strict=True)), default=0)
        months = np.asarray(self.first, dtype=np.int64)[:, None] + np.arange(longest)
        months[months >= np.asarray(self.last, dtype=np.int64)[:, None]] = horizon
        self.months = months
        # Each demand with its price and whether it ends at handover, for `plan_objective`.
        self.rows = [
            (key, demand, prices[key[1]], data.scenario.ends_at_handover(key[1]))
            for key, demand in data.demand.items()
        ]
        self.horizon = horizon

    def gaps(self, data: ModelData) -> list[list[float]]:
        """Demand by line and month, before any tour."""
        gaps = [[0.0] * self.horizon for _ in self.lines]
        for (region, task, t), demand in data.demand.items():
            gaps[self.lines[(region, task)]][t] = demand
        return gaps

    def values(self, tours: list[int], gaps: list[list[float]]) -> np.ndarray:
        """Each tour's value at once (`value`, for many tours)."""
        index = np.asarray(tours, dtype=np.int64)
        gap = np.zeros((len(gaps), self.horizon + 1))
        gap[:, :-1] = gaps
        lines, effective = self.array["line"][index], self.array["effective"][index]
        months = gap[lines[:, None], self.months[index]]
        covered = np.minimum(np.maximum(months, 0.0), effective[:, None]).sum(axis=1)
        return self.array["price"][index] * covered - self.array["overhead"][index]

    def value(self, i: int, gaps: list[list[float]]) -> float:
        """One tour's value: the priced shortfall it would remove, less its overhead."""
        effective, covered = self.effective[i], 0.0
        for gap in gaps[self.line[i]][self.first[i] : self.last[i]]:
            if gap > 0:
                covered += gap if gap < effective else effective
        return self.price[i] * covered - self.overhead[i]


# Each order is (lead's tours first, ranked by value per money); all four run again within
# the sector model's choice when it makes one.
ORDERS = tuple(
    (lead_first, per_money) for lead_first in (False, True) for per_money in (False, True)
)
Sectors: TypeAlias = (
    set[tuple[str, str]] | None
)  # the sector model's (nation, region) pairs, if any


def value_first_plans(data: ModelData) -> list[GreedyPlan]:
    """Tours taken in order of value while they keep the hard rules, then handovers
    where they pay, then the pipeline, in four orders, best first: the lead's tours first
    or not, each tour ranked by its value or by its value per unit of money; and the four
    again within the nations the sector model lets serve each region (`sectors.py`).

    Partners taken first can fill every region's nation slots and leave the lead's share
    out of reach, so that most of them must then be dropped again (on the generator's M
    ladder, the plan halves its objective with the lead first); where the lead is costly
    and small, taking it first wastes money (S). Where budgets bind (nations' yearly
    budgets, a mission cap), the most valuable tours spend them on large units that cover
    little for their price: on L, value per money gives a plan 20% better, and under a
    cap at the hand planner's spending 11% less short than his instead of 33% more; where
    money is not short, the most valuable first is better (S, 10%).

    Soft rules are kept as hard ones where their price says to (`keeping_soft_rules`).
    `prepare.build_planned` runs the same orders beside the model's build.
    """
    data = keeping_soft_rules(data)
    sectors, valuation = sector_nations(data), Valuation(data)
    return best_first([order_plan(data, valuation, n, sectors) for n in range(orders(sectors))])


def keeping_soft_rules(data: ModelData) -> ModelData:
    """`data` for the heuristics, with a soft rule kept as a hard one where the model
    prices a unit of its breach (`weights.slack`) above an effective person-month short
    on the dearest task: the heuristics' own reckoning does not see that price, and a
    start that broke a soft lead share of 90% was priced 1.3e11 on Timor-Leste against
    8.5e6 with the rule hard; the search did not come back from it. A cheaper slack is a
    preference the heuristics leave to the search. The least-nations rule stays as it is:
    one no plan can keep (a nation that can field no unit) would, kept as hard, refuse
    every handover the heuristics weigh."""
    spec = data.spec
    if spec.weights.slack < data.dearest_shortfall_price:
        return data
    return data.under(Rules.all_hard(min_nations=spec.rules.min_nations))


def orders(sectors: Sectors) -> int:
    """How many orders run: the four, and the four again within the sector model's choice."""
    return len(ORDERS) * (1 if sectors is None else 2)


def order_plan(
    data: ModelData, valuation: Valuation, n: int, sectors: Sectors
) -> tuple[GreedyPlan, float]:
    """The `n`th order's plan and its objective."""
    lead_first, per_money = ORDERS[n % len(ORDERS)]
    return _value_first(
        data, valuation, lead_first, per_money, sectors if n >= len(ORDERS) else None
    )


def _mend_reserve_share(
    data: ModelData,
    state: PlanState,
    tours: list[int],
    key: Callable[[int], float],
    add: Callable[[int], None],
    counts: dict[int, int],
) -> None:
    """Active tours beside the reserves a re-plan or rolling window commits, where these
    alone break a hard reserve share: the earlier plan mobilized the reserves with active
    tours it decided later, which are not committed. Without as many again the start
    breaks the share and the search has nothing to start from (`search.py`): the best
    active tours of the nation in theatre that month that fit, until the share holds."""
    if data.spec.rules.reserve_share != "hard":
        return
    scenario = data.scenario
    for nation, t in sorted(k for k, people in state.reserve.items() if people > 0):
        share = scenario.nation_by_code[nation].reserve_max_share
        if share is None or not 0 <= t < data.horizon:
            continue
        while state.reserve[(nation, t)] > share * state.present[(nation, t)] + NOISE:
            fitting = [
                i
                for i in tours
                if data.groups[data.tours[i][0]].nation == nation
                and data.groups[data.tours[i][0]].component != "reserve"
                and t in data.in_theatre(i)
                and fits(data, state, i, keep_lead_share=False)
            ]
            if not fitting:
                break
            best = max(fitting, key=key)
            add(best)
            counts[best] = counts.get(best, 0) + 1


def best_first(plans: list[tuple[GreedyPlan, float]]) -> list[GreedyPlan]:
    """Plans by objective, the orders' sequence kept among equals."""
    return [plan for plan, _ in sorted(plans, key=lambda plan: plan[1])]


def _value_first(
    data: ModelData,
    valuation: Valuation,
    lead_first: bool,
    per_money: bool,
    serving: set[tuple[str, str]] | None = None,
) -> tuple[GreedyPlan, float]:
    """One order's plan and its objective (`plan_objective`); with `serving`, only tours of
    a nation in a region it names."""
    state = PlanState()
    gaps = valuation.gaps(data)

    def add(i: int, times: int = 1) -> None:
        take(data, state, i, times)
        gap, effective = gaps[valuation.line[i]], times * valuation.effective[i]
        for t in range(valuation.first[i], valuation.last[i]):
            gap[t] -= effective

    def key(i: int) -> float:
        value = valuation.value(i, gaps)
        return value / valuation.money[i] if per_money else value

    counts: dict[int, int] = {}
    taken: list[int] = []
    # A re-plan's committed tours happen whatever; the previous plan's later tours are kept
    # while they still keep the rules, as a re-plan prefers (`model/change.py`).
    for i in sorted(data.fixed):
        add(i)
        counts[i] = 1
    for i in sorted(data.previous):
        if fits(data, state, i, keep_lead_share=False):
            add(i)
            counts[i] = 1
            taken.append(i)
    # Trainers first: their worth is the domestic force they grow, which `value` cannot
    # see, so under a tight budget they would be the first thing cut.
    nation = [data.groups[group].nation for group, _, _, _ in data.tours]
    tours = [
        i
        for i, (_, _, region, _) in enumerate(data.tours)
        if serving is None or (nation[i], region) in serving
    ]
    _mend_reserve_share(data, state, tours, key, add, counts)
    training = [i for i in tours if is_training(data.tours[i][1])]
    lead = data.scenario.lead.nation if data.scenario.lead else None
    leading = [i for i in tours if nation[i] == lead]
    for candidates in (training, leading if lead_first else [], tours):
        if not candidates:
            continue
        keys = valuation.values(candidates, gaps)
        if per_money:
            keys /= valuation.array["money"][candidates]
        heap = [(-k, i) for k, i in zip(keys.tolist(), candidates, strict=True) if k > 0]
        heapq.heapify(heap)
        while heap:
            _, i = heapq.heappop(heap)
            current = key(i)
            if current <= 0:
                continue
            if heap and -heap[0][0] > current + 1e-9:
                heapq.heappush(heap, (-current, i))
                continue
            if fits(data, state, i, keep_lead_share=False):
                add(i)
                counts[i] = counts.get(i, 0) + 1
                taken.append(i)
                heapq.heappush(heap, (-key(i), i))
    _mend_lead_share(data, state, taken, counts, lead)
    _serve_least_nations(data, state, tours, key, add, counts)
    handover = end_states(data, valuation, state, counts)
    recruits = enrolment(data, state)
    domestic = employ(data, state, data.strength(recruits), handover)
    plan = GreedyPlan(counts, recruits, domestic, handover)
    return plan, plan_objective(data, valuation, state, counts, handover)


def _mend_lead_share(
    data: ModelData, state: PlanState, taken: list[int], counts: dict[int, int], lead: str | None
) -> None:
    """Values only fell as `_value_first` took its tours (`taken`, in order), so the
    partner tours taken last are worth least: drop those until the lead's share holds
    again."""
    while not lead_share_kept(data, state):
        partners = (i for i in reversed(taken) if data.groups[data.tours[i][0]].nation != lead)
        last = next(partners, None)
        if last is None:
            # The tours a re-plan or a rolling window commits break it alone: no tour taken
            # here mends that, and the solver is left to add the lead's.
            break
        taken.remove(last)
        take(data, state, last, -1)
        counts[last] -= 1
        if not counts[last]:
            del counts[last]


def _serve_least_nations(
    data: ModelData,
    state: PlanState,
    tours: list[int],
    key: Callable[[int], float],
    add: Callable[[int], None],
    counts: dict[int, int],
) -> None:
    """A hard least-nations rule no single tour's value sees: the best tour that fits of
    each nation not yet serving, best first, until enough serve (without it the start
    breaks the rule and the search has nothing to start from, `search.py`)."""
    least = data.spec.coalition.min_nations
    if least is None or data.spec.rules.min_nations != "hard":
        return
    nation = [data.groups[group].nation for group, _, _, _ in data.tours]
    contributing = {nation[i] for i, count in counts.items() if count}
    while len(contributing) < least:
        fitting = [i for i in tours if nation[i] not in contributing and fits(data, state, i)]
        if not fitting:
            break
        best = max(fitting, key=key)
        add(best)
        counts[best] = counts.get(best, 0) + 1
        contributing.add(nation[best])


def plan_objective(
    data: ModelData,
    valuation: Valuation,
    state: PlanState,
    counts: dict[int, int],
    handover: dict[str, int],
) -> float:
    """A heuristic plan's objective as the model prices it (the domestic force employed
    where it covers most); inf if the domestic force cannot hold the regions handed over."""
    spec, force, horizon = data.spec, data.scenario.settings.domestic, data.horizon
    trained = data.strength(enrolment(data, state))
    domestic = employ(data, state, trained, handover)
    employed = [0.0] * horizon
    for (_, _, t), heads in domestic.items():
        employed[t] += heads
    if any(employed[t] > trained[t] + NOISE for t in data.months):
        return float("inf")
    value = spec.weights.handover * sum(handover.get(region, horizon) for region in data.regions)
    value += sum(valuation.overhead[i] * n for i, n in counts.items())
    serving = {
        (data.groups[data.tours[i][0]].nation, data.tours[i][2]) for i, n in counts.items() if n
    }
    value += spec.weights.nations_per_region * len(serving)
    covered, effectiveness = state.covered, force.effectiveness
    for key, demand, price, ends in valuation.rows:
        if ends and key[2] >= handover.get(key[0], horizon):
            continue
        short = demand - covered[key] - effectiveness * domestic.get(key, 0.0)
        if short > 0:
            value += price * short
    return value


def end_states(
    data: ModelData, valuation: Valuation, state: PlanState, counts: dict[int, int]
) -> dict[str, int]:
    """Hand regions over one by one, smallest domestic need first (calmest first, under
    mission.handover_order calm-first, each after every calmer one), each at the month that
    lowers the objective most; `counts` and `state` lose the tours that handover cancels.

    A region handed over in month h is held by the domestic force alone from h - K, and no
    international tour there may last into h, so those tours are cancelled (keeping the
    reserve and lead shares). The objective is re-evaluated whole for each candidate month,
    so lost trainers, displaced domestic personnel and saved costs all count. A region
    handed over by decision is handed over then, never earlier here.
    """
    spec, force = data.spec, data.scenario.settings.domestic
    horizon, shadow = data.horizon, spec.mission.handover_months
    if spec.mission.end != "end-state":
        return {}
    declared = data.decided_handovers
    if (
        spec.mission.coverage_floor is not None
        or force.effectiveness <= 0
        or spec.weights.handover <= 0
    ):
        return declared
    holdable = set(data.domestic_keys)
    # The domestic force must be seen holding a region alone for K months of the horizon;
    # demand it may not take keeps its region until K months after it.
    earliest = dict.fromkeys(data.regions, shadow)
    need = dict.fromkeys(data.regions, 0.0)
    for (region, task, t), demand in data.demand.items():
        if demand <= 0 or data.scenario.ends_at_handover(task):
            continue
        if (region, task, t) in holdable:
            need[region] += demand
        else:
            earliest[region] = max(earliest[region], t + shadow + 1)
    last = {i: t for (_, t), tours in data.ending_at.items() for i in tours}
    # A re-plan's past is history: handovers made stay made, and a new one needs the
    # domestic force alone only from the re-plan month on, clear of committed tours.
    commitments = data.commitments
    # ...and a handover by decision is made then (a past one stays, earlier).
    handover = {**declared, **((commitments.handover or {}) if commitments else {})}
    if commitments is not None:
        earliest = {r: max(t, commitments.month + shadow) for r, t in earliest.items()}
    for i in data.fixed:
        region = data.tours[i][2]
        earliest[region] = max(earliest[region], last[i] + 1)

    def objective() -> float:
        return plan_objective(data, valuation, state, counts, handover)

    def lasting(region: str, month: int) -> list[int]:
        """The region's planned tours still there in `month`."""
        return [
            i for i, n in counts.items() if n and data.tours[i][2] == region and last[i] >= month
        ]

    def value_of(region: str, month: int) -> float:
        tours = lasting(region, month)
        for i in tours:
            take(data, state, i, -counts[i])
        handover[region] = month
        value = objective() if shares_kept(data, state) else float("inf")
        del handover[region]
        for i in tours:
            take(data, state, i, counts[i])
        return value

    current = objective()
    step = max(1, horizon // 20)
    # Calm first: each region after every calmer one, and not before its handover.
    risk = {r.region: r.risk for r in data.scenario.regions}
    calm_first = spec.mission.handover_order == "calm-first"
    order = sorted(data.regions, key=lambda r: (risk[r] if calm_first else 0, need[r]))
    for region in order:
        if calm_first:
            calmer = [handover.get(q, horizon) for q in data.regions if risk[q] < risk[region]]
            earliest[region] = max([earliest[region], *calmer])
        if earliest[region] >= horizon or region in handover:
            continue
        values = {m: value_of(region, m) for m in range(earliest[region], horizon, step)}
        coarse = min(values, key=values.__getitem__)
        # Refine between the coarse months around the best one.
        for month in range(max(earliest[region], coarse - step + 1), min(horizon, coarse + step)):
            if month not in values:
                values[month] = value_of(region, month)
        month = min(values, key=values.__getitem__)
        if values[month] < current - 1e-6:
            current = values[month]
            for i in lasting(region, month):
                take(data, state, i, -counts.pop(i))
            handover[region] = month
    return handover
