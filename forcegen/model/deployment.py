"""Deployment: each nation's personnel in theatre, month by month, as a running balance."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyomo.environ as pyo

from forcegen.model.sets import ModelData

# Tours (index, personnel) arriving in or leaving a nation's balance, by (nation, month).
Flows = dict[tuple[str, int], list[tuple[int, int]]]


def add_deployment(m: pyo.ConcreteModel, data: ModelData) -> None:
    """deployed[n,t] = deployed[n,t-1] + sum_{g of n, s = t} p_g x - sum_{g of n, s+L_i = t} p_g x
    (and deployed_reserve[n,t] likewise over reserve groups), deployed[n,-1] = 0

    The ceiling, reserve-share and lead-share rules read these balances. Arrivals and
    departures put each tour in two rows, where summing its months in theatre would put it
    in T_g rows of every rule that counts personnel.
    """
    # A tour's personnel joins its nation's balance the month it starts and leaves it the
    # month after its last in theatre; a reserve tour's joins the reserve balance too.
    arriving: Flows = defaultdict(list)
    leaving: Flows = defaultdict(list)
    arriving_reserve: Flows = defaultdict(list)
    leaving_reserve: Flows = defaultdict(list)
    for i, (group, _, _, start) in enumerate(data.tours):
        g = data.groups[group]
        reserve = g.component == "reserve"
        for flows in (arriving, arriving_reserve) if reserve else (arriving,):
            flows[(g.nation, start)].append((i, g.personnel))
        gone = data.in_theatre(i).stop
        if gone < data.horizon:
            for flows in (leaving, leaving_reserve) if reserve else (leaving,):
                flows[(g.nation, gone)].append((i, g.personnel))
    nations = sorted({data.groups[group].nation for group in data.by_group})
    reserve_nations = sorted({nation for nation, _ in arriving_reserve})
    m.DEPLOYED = pyo.Set(
        initialize=[(n, t) for n in nations for t in data.months], dimen=2, ordered=True
    )
    m.deployed = pyo.Var(m.DEPLOYED, within=pyo.NonNegativeReals)
    m.RESERVE_DEPLOYED = pyo.Set(
        initialize=[(n, t) for n in reserve_nations for t in data.months],
        dimen=2,
        ordered=True,
    )
    m.deployed_reserve = pyo.Var(m.RESERVE_DEPLOYED, within=pyo.NonNegativeReals)

    def balance(var: pyo.Var, arriving: Flows, leaving: Flows) -> Any:
        def rule(m: pyo.ConcreteModel, nation: str, t: int) -> object:
            before = var[nation, t - 1] if t > 0 else 0
            came = pyo.quicksum(p * m.tour[i] for i, p in arriving.get((nation, t), []))
            went = pyo.quicksum(p * m.tour[i] for i, p in leaving.get((nation, t), []))
            return var[nation, t] == before + came - went

        return rule

    m.deployment = pyo.Constraint(m.DEPLOYED, rule=balance(m.deployed, arriving, leaving))
    m.reserve_deployment = pyo.Constraint(
        m.RESERVE_DEPLOYED, rule=balance(m.deployed_reserve, arriving_reserve, leaving_reserve)
    )
