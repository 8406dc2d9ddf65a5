"""Which nations serve which region: a steady-state model of the coalition, solved first.

(The "sector model" of the code's history: it chooses nations per region. A sector of the
coherence rule `max_nations_per_sector` is the regions of one authority, `Scenario.sectors`.)

Under the nations-per-region rule the value-first heuristic gives each region the first
nations whose tours rank best, and the search's windows of months keep every nation where
it serves; only a window holding a whole region can change that, and on L such a window
(30,000 tours) ends its 75 s without a plan. So on L the plan used 6 of 12 nations and
left 1.1 million effective person-months short, while nations with idle units were shut
out of every region. Here a small model chooses the nations of each region first, from
each nation's sustainable strength by unit type over the first half of the horizon, and
the heuristic also plans within that choice (`heuristics.value_first_plans`). On L
`capped` the warm start went from 75.5M to 27.0M, and after the search from 1.11 million
short to 0.31 million, every nation serving; on M `capped` the heuristic's best plan from
6.61M to 3.82M. On S, where few nations compete for regions, the plans without the
choice stay best.

With y[n,u,r,k] the personnel of nation n's units of type u deployed on average on task
k in region r over the span (the first S months; the domestic force is left out), and W_g
a reserve group's window of months (0 for actives), counted whole even where it allows
more than one call-up: a steady state on the cautious side, for a heuristic's choice:

    sum_{r,k} y[n,u,r,k]  <=  sum_{g of n,u} c_g p_g (T_g - O_g) / max(B_g, W_g)  (rotation)
    sum_{u,k} y[n,u,r,k]  <=  strength_n serves[n,r];  sum_n serves[n,r] <= N
    in_sector[n,s] >= serves[n,r] (r in s);  sum_n in_sector[n,s] <= N_s   (where set)
    sum_{n,u} e_uk y[n,u,r,k] + short[r,k]  >=  mean demand[r,k] over the span
    ceilings; each fiscal year's budget and the span's share of the mission's, paying the
    steady state in every month; the lead's share; enough nations;
    minimize  S sum price_k short[r,k] + weights.cost * cost + weights.nations_per_region * serves
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyomo.environ as pyo

from forcegen.model.budget import MILLION
from forcegen.model.sets import ModelData
from forcegen.scenario.scenario import Scenario
from forcegen.search import has_solution
from forcegen.solve import to_highs

# The first half of the horizon: its demand is the coalition's (the domestic force holds
# ever more of the second), and over the whole of it the early peak averages away (the
# heuristic's best L plan within the choice: 2.5 million short, against 0.98 this way).
SPAN = 0.5
# The model is small (L: 165 binaries, built and solved in 4 s); a limit keeps a hard
# instance from holding up the heuristic, whose plans without the choice remain.
SECONDS = 20.0


def sector_nations(data: ModelData) -> set[tuple[str, str]] | None:
    """The (nation, region) pairs the steady-state model lets serve, or None where there is
    no hard nations-per-region or per-sector rule to choose under, or it found no choice in
    its time. Where the nations are counted at once too: a choice for the horizon keeps the
    rule in every month, and the heuristic's plans within it are starts the search may
    better, beside its plans without it (S at 10 s: 7,335 short without them, 5,115 with)."""
    coalition, rules = data.spec.coalition, data.spec.rules
    per_region = coalition.max_nations_per_region if rules.nations_per_region == "hard" else None
    per_sector = coalition.max_nations_per_sector if rules.nations_per_sector == "hard" else None
    if per_region is None and per_sector is None:
        return None
    m = _model(data, per_region, per_sector)
    if m is None:
        return None
    highs, columns = to_highs(m)
    highs.setOptionValue("time_limit", SECONDS)
    highs.setOptionValue("mip_rel_gap", 0.01)
    highs.run()
    if not has_solution(highs):
        return None
    values = highs.getSolution().col_value
    chosen = {
        key
        for key, var in m.serves.items()
        if id(var) in columns and values[columns[id(var)]] > 0.5
    }
    # A re-plan's committed tours serve where they are, chosen or not.
    chosen |= {(data.groups[data.tours[i][0]].nation, data.tours[i][2]) for i in data.fixed}
    return chosen


_Key = tuple[str, str, str, str]  # nation, unit type, region, task: an index of y


@dataclass(frozen=True)
class _SteadyState:
    """The model's sets and parameters over the span, the first S months."""

    span: int  # S
    keys: list[_Key]  # (n,u,r,k) where some tour of n's units of type u counts in the span
    pairs: list[tuple[str, str]]  # (n,r) of the keys: the index of serves
    nations: list[str]  # n of the pairs
    sustained: dict[tuple[str, str], float]  # sum_{g of n,u} c_g p_g (T_g - O_g) / max(B_g, W_g)
    strength: dict[str, float]  # strength_n: the sum of n's sustained
    price: dict[tuple[str, str], float]  # price[n,u]: a person-month's, in millions
    demand: dict[tuple[str, str], float]  # mean demand[r,k] over the span
    effectiveness: dict[tuple[str, str], float]  # e_uk
    labels: list[str]  # the horizon's months
    months_in: dict[int, int]  # M_f: fiscal year f's months in the horizon


def _steady_state(data: ModelData) -> _SteadyState | None:
    """The sets and parameters of the model; None where no tour counts in the span."""
    scenario = data.scenario
    span = max(1, int(data.horizon * SPAN))
    keys = _keys(data, span)
    if not keys:
        return None
    sustained = _sustained(data)
    strength = {n.nation: 0.0 for n in scenario.nations}
    for (nation, _), personnel in sustained.items():
        strength[nation] += personnel
    demand: dict[tuple[str, str], float] = defaultdict(float)
    for (region, task, t), need in data.demand.items():
        if t < span:
            demand[(region, task)] += need / span
    # A fiscal year pays for the steady state in each of its months in the horizon.
    months_in: dict[int, int] = defaultdict(int)
    for label in scenario.months:
        months_in[scenario.fiscal_year_of(label)] += 1
    pairs = sorted({(n, r) for n, _, r, _ in keys})
    return _SteadyState(
        span=span,
        keys=sorted(keys),
        pairs=pairs,
        nations=sorted({n for n, _ in pairs}),
        sustained=sustained,
        strength=strength,
        price=_prices(data),
        demand=demand,
        effectiveness={
            (kind.type, task): value
            for kind in scenario.unit_types
            for task, value in kind.effectiveness.items()
        },
        labels=scenario.months,
        months_in=months_in,
    )


def _keys(data: ModelData, span: int) -> set[_Key]:
    """The (n,u,r,k) of y: a nation's units of one type on a task in a region, where some
    tour of theirs starts counting in the span."""
    keys: set[_Key] = set()
    for group, task, region, start in data.tours:
        g = data.groups[group]
        if start + g.overlap < span and data.effective_of(group, task) > 0:
            keys.add((g.nation, g.type, region, task))
    return keys


def _sustained(data: ModelData) -> dict[tuple[str, str], float]:
    """sum_{g of n,u} c_g p_g (T_g - O_g) / max(B_g, W_g): the personnel of a nation's
    units of one type its rotation keeps deployed on average."""
    sustained: dict[tuple[str, str], float] = defaultdict(float)
    for g in data.groups.values():
        share = (g.tour - g.overlap) / max(g.block, g.window or 0)
        sustained[(g.nation, g.type)] += g.count * g.personnel * share
    return sustained


def _prices(data: ModelData) -> dict[tuple[str, str], float]:
    """price[n,u]: a person-month's of a nation's units of one type, in millions."""
    # The rotation's cost spread over the tours of the type's units (each its own tour
    # where units.csv gives one).
    rotations: dict[tuple[str, str], list[float]] = defaultdict(list)
    for g in data.groups.values():
        rotations[(g.nation, g.type)] += [1 / g.tour] * g.count
    nation_by_code = data.scenario.nation_by_code
    return {
        (nation, kind): (
            nation_by_code[nation].cost_per_person_month
            + nation_by_code[nation].rotation_cost_per_person * sum(r) / len(r)
        )
        / MILLION
        for (nation, kind), r in rotations.items()
    }


def _model(data: ModelData, limit: int | None, per_sector: int | None) -> pyo.ConcreteModel | None:
    """The steady-state model; None where no tour counts in the span (nothing to choose)."""
    p = _steady_state(data)
    if p is None:
        return None
    scenario, spec, rules = data.scenario, data.spec, data.spec.rules
    m = _variables(p)
    _rotation(m, p)
    _serves_link(m, p)
    if limit is not None:
        _nations_per_region(m, p, limit)
    if per_sector is not None:
        _nations_per_sector(m, p, scenario.sector_of, per_sector)
    _coverage(m, p)
    if rules.ceiling == "hard":
        _ceiling(m, p, scenario)
    cost = p.span * pyo.quicksum(_spent(m, p, n) for n in p.nations)
    if rules.budget == "hard":
        _budget(m, p, scenario)
        if spec.mission.total_budget is not None:
            # The span's share of the mission's money.
            _mission_budget(m, cost, spec.mission.total_budget / MILLION * p.span / data.horizon)
    lead, least_share = scenario.lead, spec.coalition.lead_min_share
    if lead is not None and least_share is not None and rules.lead_share == "hard":
        _lead_share(m, lead.nation, least_share)
    least = spec.coalition.min_nations
    if least is not None and rules.min_nations == "hard":
        _min_nations(m, p, least)
    _objective(m, p, data, cost)
    return m


def _variables(p: _SteadyState) -> pyo.ConcreteModel:
    """y[n,u,r,k] >= 0 (`personnel`), serves[n,r] binary, short[r,k] >= 0."""
    m = pyo.ConcreteModel()
    m.KEYS = pyo.Set(initialize=p.keys, dimen=4)
    m.personnel = pyo.Var(m.KEYS, within=pyo.NonNegativeReals)
    m.PAIRS = pyo.Set(initialize=p.pairs, dimen=2)
    m.serves = pyo.Var(m.PAIRS, within=pyo.Binary)
    m.DEMAND = pyo.Set(initialize=sorted(p.demand), dimen=2)
    m.short = pyo.Var(m.DEMAND, within=pyo.NonNegativeReals)
    return m


def _deployed(
    m: pyo.ConcreteModel, nation: str, kind: str | None = None, region: str | None = None
) -> Any:
    """sum y[n,u,r,k] of the nation, over every type and region or the one given."""
    return pyo.quicksum(
        m.personnel[k]
        for k in m.KEYS
        if k[0] == nation and kind in (None, k[1]) and region in (None, k[2])
    )


def _spent(m: pyo.ConcreteModel, p: _SteadyState, nation: str) -> Any:
    """cost_n = sum_{u,r,k} price[n,u] y[n,u,r,k]: a month's, in millions."""
    return pyo.quicksum(p.price[k[:2]] * m.personnel[k] for k in m.KEYS if k[0] == nation)


def _rotation(m: pyo.ConcreteModel, p: _SteadyState) -> None:
    """rotation[n,u]: sum_{r,k} y[n,u,r,k] <= sum_{g of n,u} c_g p_g (T_g - O_g) / max(B_g, W_g)"""
    m.rotation = pyo.Constraint(
        sorted({(n, kind) for n, kind, _, _ in p.keys}),
        rule=lambda m, n, kind: _deployed(m, n, kind) <= p.sustained[(n, kind)],
    )


def _serves_link(m: pyo.ConcreteModel, p: _SteadyState) -> None:
    """serves_link[n,r]:  sum_{u,k} y[n,u,r,k]  <=  strength_n serves[n,r]"""
    m.serves_link = pyo.Constraint(
        m.PAIRS, rule=lambda m, n, r: _deployed(m, n, region=r) <= p.strength[n] * m.serves[n, r]
    )


def _nations_per_region(m: pyo.ConcreteModel, p: _SteadyState, limit: int) -> None:
    """nations_per_region[r]:  sum_n serves[n,r]  <=  N"""
    m.nations_per_region = pyo.Constraint(
        sorted({r for _, r in p.pairs}),
        rule=lambda m, r: pyo.quicksum(m.serves[n, rr] for n, rr in p.pairs if rr == r) <= limit,
    )


def _nations_per_sector(
    m: pyo.ConcreteModel, p: _SteadyState, sector_of: Mapping[str, str], limit: int
) -> None:
    """in_sector[n,s] >= serves[n,r], r in s; nations_per_sector[s]: sum_n in_sector[n,s] <= N_s"""
    in_sector = sorted({(n, sector_of[r]) for n, r in p.pairs})
    m.in_sector = pyo.Var(in_sector, bounds=(0, 1))
    m.in_sector_link = pyo.Constraint(
        m.PAIRS, rule=lambda m, n, r: m.in_sector[n, sector_of[r]] >= m.serves[n, r]
    )
    m.nations_per_sector = pyo.Constraint(
        sorted({s for _, s in in_sector}),
        rule=lambda m, s: (
            pyo.quicksum(m.in_sector[n, ss] for n, ss in in_sector if ss == s) <= limit
        ),
    )


def _coverage(m: pyo.ConcreteModel, p: _SteadyState) -> None:
    """coverage[r,k]:  sum_{n,u} e_uk y[n,u,r,k] + short[r,k]  >=  mean demand[r,k] over the span"""

    def coverage(m: pyo.ConcreteModel, region: str, task: str) -> object:
        cover = pyo.quicksum(
            p.effectiveness[(k[1], task)] * m.personnel[k]
            for k in m.KEYS
            if k[2] == region and k[3] == task
        )
        return cover + m.short[region, task] >= p.demand[(region, task)]

    m.coverage = pyo.Constraint(m.DEMAND, rule=coverage)


def _ceiling(m: pyo.ConcreteModel, p: _SteadyState, scenario: Scenario) -> None:
    """ceiling[n]:  sum_{u,r,k} y[n,u,r,k]  <=  min_{t < S} ceiling(n,t)"""
    m.ceiling = pyo.Constraint(
        p.nations,
        rule=lambda m, n: (
            _deployed(m, n) <= min(scenario.ceiling_at(n, t) for t in p.labels[: p.span])
        ),
    )


def _budget(m: pyo.ConcreteModel, p: _SteadyState, scenario: Scenario) -> None:
    """budget[n,f]:  M_f cost_n  <=  budget(n,f)  (where the scenario gives n one for f)"""

    def budget(m: pyo.ConcreteModel, nation: str, year: int) -> object:
        money = scenario.budget_for(nation, year)
        if money is None:
            return pyo.Constraint.Skip
        return p.months_in[year] * _spent(m, p, nation) <= money / MILLION

    m.budget = pyo.Constraint(p.nations, sorted(p.months_in), rule=budget)


def _mission_budget(m: pyo.ConcreteModel, cost: Any, cap: float) -> None:
    """mission_budget:  S sum_n cost_n  <=  total_budget S / T"""
    m.mission_budget = pyo.Constraint(expr=cost <= cap)


def _lead_share(m: pyo.ConcreteModel, lead: str, share: float) -> None:
    """lead_share:  sum_{u,r,k} y[lead,u,r,k]  >=  share sum_{n,u,r,k} y[n,u,r,k]"""
    everyone = pyo.quicksum(m.personnel.values())
    m.lead_share = pyo.Constraint(expr=_deployed(m, lead) >= share * everyone)


def _min_nations(m: pyo.ConcreteModel, p: _SteadyState, least: int) -> None:
    """contributes[n] <= sum_r serves[n,r];  min_nations:  sum_n contributes[n] >= M"""
    m.contributes = pyo.Var(p.nations, within=pyo.Binary)
    m.contributes_link = pyo.Constraint(
        p.nations,
        rule=lambda m, n: (
            m.contributes[n] <= pyo.quicksum(m.serves[nn, r] for nn, r in p.pairs if nn == n)
        ),
    )
    m.min_nations = pyo.Constraint(expr=pyo.quicksum(m.contributes.values()) >= least)


def _objective(m: pyo.ConcreteModel, p: _SteadyState, data: ModelData, cost: Any) -> None:
    """minimize S sum_{r,k} price_k short[r,k] + w_cost cost + w_nations sum_{n,r} serves[n,r]

    (w: the model's weights.cost and weights.nations_per_region; cost the span's, in money)
    """
    weights = data.spec.weights
    m.objective = pyo.Objective(
        expr=p.span
        * pyo.quicksum(data.shortfall_price(task) * m.short[r, task] for r, task in m.DEMAND)
        + weights.cost * MILLION * cost
        + weights.nations_per_region * pyo.quicksum(m.serves.values())
    )
