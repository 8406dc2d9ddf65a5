"""Political ceilings: a nation's personnel in theatre each month."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData
from forcegen.model.soft import relax
from forcegen.months import add_months


def add_ceiling(m: pyo.ConcreteModel, data: ModelData) -> None:
    """ceiling[n,t]:  deployed[n,t]  <=  ceiling(n,t)"""
    scenario = data.scenario
    m.CEILING = pyo.Set(initialize=sorted(data.in_theatre_at), dimen=2, ordered=True)
    slack = relax(m, data, "ceiling", m.CEILING)

    def ceiling(m: pyo.ConcreteModel, nation: str, t: int) -> object:
        limit = scenario.ceiling_at(nation, add_months(scenario.settings.start, t))
        return m.deployed[nation, t] <= limit + slack(nation, t)

    m.ceiling = pyo.Constraint(m.CEILING, rule=ceiling)
