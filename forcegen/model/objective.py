"""The objective: the sum of the weighted terms the families contributed.

minimise  w_short sum priority_k f_k shortfall[r,k,t]    (f_k = training_priority on training)
        + w_cost  (international cost)                   (tours: months in theatre, rotation)
        + w_cost  (domestic cost)                         (officers and trainees per month)
        + w_turb  sum x                                   (turbulence: tours started)
        + w_nat   sum serves[n,r]                         (nations per region, coherence)
        + w_chg   sum |x - x0|                            (re-plan: tours changed, change.py)
        + w_hand  sum (1 - handover[r,t])                 (time to end-state)
        + w_slack sum slacks                              (soft rules broken)
        + pi      sum (rounding_up + rounding_down)       (re-plan: past recruits' rounding,
                                                            commitments.py)
"""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData


def add_objective(m: pyo.ConcreteModel, data: ModelData) -> None:
    """objective = sum of every family's weighted terms, plus turbulence per tour started"""
    m.terms.add("turbulence", data.spec.weights.turbulence, pyo.quicksum(m.tour.values()))
    m.objective_terms = pyo.Expression(
        sorted(m.terms.weighted),
        rule=lambda m, name: pyo.quicksum(m.terms.weighted[name]),
    )
    m.objective = pyo.Objective(expr=pyo.quicksum(m.objective_terms.values()), sense=pyo.minimize)
