"""Minimal change: a re-plan keeps the previous plan's future tours unless a change pays."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData


def add_change(m: pyo.ConcreteModel, data: ModelData) -> None:
    """changed = sum_{i free} x_i + sum_{i prev} (x0_i - 2 kept_i);  kept_i <= x_i, kept_i <= x0_i

    Over the tours mobilized from the re-plan month F: each tour of the previous plan not
    kept (cancelled) and each tour not in it (added) costs `weights.change`, so a moved tour
    costs two. With kept_i = min(x_i, x0_i) this is sum |x_i - x0_i|. Applies only to a
    re-plan with a previous plan to keep.
    """
    if data.commitments is None or not data.commitments.previous:
        return
    previous = data.previous
    m.PREVIOUS = pyo.Set(initialize=sorted(previous), ordered=True)
    m.kept = pyo.Var(m.PREVIOUS, within=pyo.NonNegativeReals, bounds=lambda _, i: (0, previous[i]))
    m.kept_link = pyo.Constraint(m.PREVIOUS, rule=lambda m, i: m.kept[i] <= m.tour[i])
    free = [i for i in m.tour if i not in data.fixed]
    # Tours of the previous plan that no longer exist are cancelled whatever the plan:
    # a constant, left out.
    m.changed = pyo.Expression(
        expr=pyo.quicksum(m.tour[i] for i in free)
        + pyo.quicksum(previous[i] - 2 * m.kept[i] for i in previous)
    )
    m.terms.add("change", data.spec.weights.change, m.changed)
