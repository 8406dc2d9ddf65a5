"""Coverage: effective personnel against demand, with priced shortfall."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData
from forcegen.model.soft import relax


def add_coverage(m: pyo.ConcreteModel, data: ModelData) -> None:
    """coverage[r,k,t]:  sum_{g,s : t in [s+O_g, s+L_i)} min(e_gk p_g, demand[r,k,t]) x[g,k,r,s]
                         + e_dom domestic[r,k,t] + shortfall[r,k,t]
                         >=  demand[r,k,t] (1 - E_k handover[r,t])

    E_k = 1 for a task that ends in a region at handover (constabulary training, unless
    tasks.csv's `ends_at_handover` says otherwise), 0 for every other task, which keeps its
    demand for the domestic force to meet alone (`handover.py`). Shortfall costs its task's
    priority.

    A unit counts for at most the demand: one whole unit as large covers it all, so no
    plan's shortfall changes, but the LP relaxation can no longer meet a demand with a
    fraction of a unit several times its size (S's relaxation 1.22M -> 1.48M, M's 3.96M
    -> 4.21M).
    """
    domestic = data.scenario.settings.domestic

    def coverage(m: pyo.ConcreteModel, region: str, task: str, t: int) -> object:
        need = data.demand[(region, task, t)]
        international = pyo.quicksum(
            min(data.effective(i), need) * m.tour[i]
            for i in data.counting_at.get((region, task, t), [])
        )
        local = (
            domestic.effectiveness * m.domestic[region, task, t]
            if (region, task, t) in m.DOMESTIC
            else 0
        )
        if hasattr(m, "handover") and data.scenario.ends_at_handover(task):
            need = need * (1 - m.handover[region, t])
        return international + local + m.shortfall[region, task, t] >= need

    m.coverage = pyo.Constraint(m.COVERAGE, rule=coverage)

    for region, task, t in data.coverage_keys:
        m.terms.add("shortfall", data.shortfall_price(task), m.shortfall[region, task, t])


def add_coverage_floor(m: pyo.ConcreteModel, data: ModelData) -> None:
    """coverage_floor[r,k,t]:  shortfall[r,k,t] <= (1 - phi) demand[r,k,t]  (phi: the
    mission's floor, where set)"""
    floor = data.spec.mission.coverage_floor
    if floor is None:
        return
    slack = relax(m, data, "coverage_floor", m.COVERAGE)

    def floor_rule(m: pyo.ConcreteModel, region: str, task: str, t: int) -> object:
        allowed = (1 - floor) * data.demand[(region, task, t)]
        return m.shortfall[region, task, t] <= allowed + slack(region, task, t)

    m.coverage_floor = pyo.Constraint(m.COVERAGE, rule=floor_rule)
