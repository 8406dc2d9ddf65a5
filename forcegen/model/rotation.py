"""Rotation: tours of fixed length, one at a time, with dwell (and reserve training) between."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData


def add_rotation(m: pyo.ConcreteModel, data: ModelData) -> None:
    """busy[g,t]:  sum_{k,r,s : t in [s-P_g, s-P_g+B_g)} x[g,k,r,s] <= c_g

    Each tour blocks its unit from mobilization through tour and dwell (B_g months), so at
    most c_g blocks overlap in any month; interval colouring then gives every unit its
    own rotation with at least D_g months at home between tours. Tour length, eligibility
    and availability are enforced by which starts exist (`sets.py`).
    """
    keys = sorted(data.blocked_at)
    m.BUSY = pyo.Set(initialize=keys, dimen=2, ordered=True)

    def busy(m: pyo.ConcreteModel, group: str, t: int) -> object:
        tours = data.blocked_at[(group, t)]
        if len(tours) <= 1 and data.groups[group].count >= 1:
            return pyo.Constraint.Skip  # one start can never exceed the bound of its variable
        return pyo.quicksum(m.tour[i] for i in tours) <= data.groups[group].count

    m.busy = pyo.Constraint(m.BUSY, rule=busy)
