"""Deployment: each nation's personnel in theatre, month by month, as a running balance."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyomo.environ as pyo

from forcegen.model.sets import ModelData


def add_deployment(m: pyo.ConcreteModel, data: ModelData) -> None:
    """deployed[n,t] = deployed[n,t-1] + sum_{g of n, s = t} p_g x - sum_{g of n, s+L_i = t} p_g x
    (and deployed_reserve[n,t] likewise over reserve groups), deployed[n,-1] = 0

    The ceiling, reserve-share and lead-share rules read these balances. Arrivals and
    departures put each tour in two rows, where summing its months in theatre would put it
    in T_g rows of every rule that counts personnel.
    """
    arriving: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    leaving: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    reserve_nations = set()
    for i, (group, _, _, start) in enumerate(data.tours):
        g = data.groups[group]
        arriving[(g.nation, start)].append((i, g.personnel))
        gone = data.in_theatre(i).stop
        if gone < data.horizon:
            leaving[(g.nation, gone)].append((i, g.personnel))
        if g.component == "reserve":
            reserve_nations.add(g.nation)
    nations = sorted({data.groups[group].nation for group in data.by_group})
    m.DEPLOYED = pyo.Set(
        initialize=[(n, t) for n in nations for t in data.months], dimen=2, ordered=True
    )
    m.deployed = pyo.Var(m.DEPLOYED, within=pyo.NonNegativeReals)
    m.RESERVE_DEPLOYED = pyo.Set(
        initialize=[(n, t) for n in sorted(reserve_nations) for t in data.months],
        dimen=2,
        ordered=True,
    )
    m.deployed_reserve = pyo.Var(m.RESERVE_DEPLOYED, within=pyo.NonNegativeReals)

    def balance(var: pyo.Var, reserve_only: bool) -> object:
        def rule(m: pyo.ConcreteModel, nation: str, t: int) -> object:
            def flow(tours: list[tuple[int, int]]) -> Any:
                return pyo.quicksum(
                    p * m.tour[i]
                    for i, p in tours
                    if not reserve_only or data.groups[data.tours[i][0]].component == "reserve"
                )

            before = var[nation, t - 1] if t > 0 else 0
            out = flow(leaving.get((nation, t), []))
            return var[nation, t] == before + flow(arriving.get((nation, t), [])) - out

        return rule

    m.deployment = pyo.Constraint(m.DEPLOYED, rule=balance(m.deployed, False))
    m.reserve_deployment = pyo.Constraint(
        m.RESERVE_DEPLOYED, rule=balance(m.deployed_reserve, True)
    )
