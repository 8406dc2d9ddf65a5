"""Rotation: tours of fixed length, one at a time, with dwell (and reserve training) between."""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from forcegen.model.sets import ModelData


def add_rotation(m: pyo.ConcreteModel, data: ModelData) -> None:
    """home[g,t] = home[g,t-1] - sum_{s-P_g = t} x[g,k,r,s] + sum_{s-P_g+B_g = t} x[g,k,r,s],
    home[g,-1] = c_g,  home[g,t] >= 0  (<= c_g follows: no tour comes back before it left)

    Units of a group leave home when mobilized and come back B_g months later, after
    training, tour and dwell; home never goes negative, so at most c_g tours block the
    group in any month and interval colouring gives every unit its own rotation with at
    least D_g months at home between tours (a committed tour curtailed by an event brings
    its unit home T_g - L_i months earlier). This stock-and-flow form is the same rule as
    `sum_{blocked at t} x <= c_g` but puts each tour in two rows instead of B_g, which
    makes every LP the solver solves several times smaller. Tour length, eligibility and
    availability are enforced by which starts exist (`sets.py`).
    """
    leaving: dict[tuple[str, int], list[int]] = defaultdict(list)
    returning: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, (group, _, _, _) in enumerate(data.tours):
        blocked = data.blocked(i)
        leaving[(group, blocked.start)].append(i)
        if blocked.stop < data.horizon:
            returning[(group, blocked.stop)].append(i)
    keys = [(g, t) for g in data.groups if g in data.by_group for t in data.months]
    m.HOME = pyo.Set(initialize=keys, dimen=2, ordered=True)
    m.home = pyo.Var(m.HOME, within=pyo.NonNegativeReals)

    def rotation(m: pyo.ConcreteModel, group: str, t: int) -> object:
        before = m.home[group, t - 1] if t > 0 else data.groups[group].count
        left = pyo.quicksum(m.tour[i] for i in leaving.get((group, t), []))
        back = pyo.quicksum(m.tour[i] for i in returning.get((group, t), []))
        return m.home[group, t] == before - left + back

    m.rotation = pyo.Constraint(m.HOME, rule=rotation)


def add_redeployment(m: pyo.ConcreteModel, data: ModelData) -> None:
    """redeployment[g,a]:  sum_{i : a_i = a, i not committed} x_i <= 1

    A unit cut short goes on in one place at most: the tours redeploying its call-up
    (first in theatre in month a) leave home when the cut tour would have brought it back
    plus its dwell, which may lie past the horizon, where no rotation row sees them. A
    committed redeployment (a re-plan's, re-planned) is not one of them: cut short again,
    it is the tour they continue.
    """
    call_ups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, first in data.redeployed.items():
        if i not in data.fixed:
            call_ups[(data.tours[i][0], first)].append(i)
    m.CALL_UPS_GOING_ON = pyo.Set(initialize=sorted(call_ups), dimen=2, ordered=True)

    def one_place(m: pyo.ConcreteModel, group: str, first: int) -> object:
        return pyo.quicksum(m.tour[i] for i in call_ups[(group, first)]) <= 1

    m.redeployment = pyo.Constraint(m.CALL_UPS_GOING_ON, rule=one_place)
