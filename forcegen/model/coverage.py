"""Coverage: effective personnel against demand, with priced shortfall."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData, is_training


def add_coverage(m: pyo.ConcreteModel, data: ModelData) -> None:
    """coverage[r,k,t]:  sum_{g,s : t in [s+O_g, s+T_g)} e_gk p_g x[g,k,r,s]
                         + e_dom domestic[r,k,t] + shortfall[r,k,t]  >=  demand[r,k,t] (1 - h)

    The factor (1 - handover[r,t]) applies to constabulary training only: it ends in a
    region at handover. Every other task keeps its demand, which the domestic force must
    then meet alone (`handover.py`). Shortfall costs its task's priority.
    """
    domestic = data.scenario.settings.domestic
    floor = data.spec.mission.coverage_floor

    def coverage(m: pyo.ConcreteModel, region: str, task: str, t: int) -> object:
        international = pyo.quicksum(
            data.effective(i) * m.tour[i] for i in data.counting_at.get((region, task, t), [])
        )
        local = (
            domestic.effectiveness * m.domestic[region, task, t]
            if (region, task, t) in m.DOMESTIC
            else 0
        )
        need = data.demand[(region, task, t)]
        if hasattr(m, "handover") and is_training(task):
            need = need * (1 - m.handover[region, t])
        return international + local + m.shortfall[region, task, t] >= need

    m.coverage = pyo.Constraint(m.COVERAGE, rule=coverage)

    weights = data.spec.weights
    for region, task, t in data.coverage_keys:
        priority = data.scenario.task_by_code[task].priority
        factor = weights.training_priority if is_training(task) else 1.0
        m.terms.add(
            "shortfall", weights.shortfall * priority * factor, m.shortfall[region, task, t]
        )

    if floor is not None:
        from forcegen.model.soft import relax

        slack = relax(m, data, "coverage_floor", m.COVERAGE)

        def floor_rule(m: pyo.ConcreteModel, region: str, task: str, t: int) -> object:
            allowed = (1 - floor) * data.demand[(region, task, t)]
            return m.shortfall[region, task, t] <= allowed + slack(region, task, t)

        m.coverage_floor = pyo.Constraint(m.COVERAGE, rule=floor_rule)
