"""Reserves: mobilizations per window, and each nation's reserve share of its deployment."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData
from forcegen.model.soft import relax


def add_reserve_frequency(m: pyo.ConcreteModel, data: ModelData) -> None:
    """reserve_frequency[g,w]:  sum_{k,r,s : s-P_g in [w, w+W)} x[g,k,r,s] <= m_n

    For a reserve unit allowed m_n > 1 mobilizations per W-month window (one allowed is
    already an interval rule folded into B_g). Such units are never aggregated.
    """
    keys = []
    for name, group in data.groups.items():
        if group.needs_window_rule and group.window is not None:
            keys += [(name, w) for w in range(-group.window + 1, data.horizon)]
    m.RESERVE_WINDOWS = pyo.Set(initialize=keys, dimen=2, ordered=True)

    def frequency(m: pyo.ConcreteModel, name: str, w: int) -> object:
        group = data.groups[name]
        assert group.window is not None and group.mobilizations_per_window is not None
        starts = [
            i
            for i in data.by_group.get(name, [])
            if w <= data.tours[i][3] - group.training < w + group.window
        ]
        if len(starts) <= group.mobilizations_per_window:
            return pyo.Constraint.Skip
        return pyo.quicksum(m.tour[i] for i in starts) <= group.mobilizations_per_window

    m.reserve_frequency = pyo.Constraint(m.RESERVE_WINDOWS, rule=frequency)


def add_reserve_share(m: pyo.ConcreteModel, data: ModelData) -> None:
    """reserve_share[n,t]:  deployed_reserve[n,t]  <=  share_n deployed[n,t]"""
    scenario = data.scenario
    keys = [
        (n.nation, t)
        for n in scenario.nations
        if n.reserve_max_share is not None
        for t in data.months
        if (n.nation, t) in m.RESERVE_DEPLOYED
    ]
    m.RESERVE_SHARE = pyo.Set(initialize=keys, dimen=2, ordered=True)
    slack = relax(m, data, "reserve_share", m.RESERVE_SHARE)

    def share(m: pyo.ConcreteModel, nation: str, t: int) -> object:
        limit = scenario.nation_by_code[nation].reserve_max_share
        assert limit is not None
        reserve, everyone = m.deployed_reserve[nation, t], m.deployed[nation, t]
        return reserve - limit * everyone <= slack(nation, t)

    m.reserve_share = pyo.Constraint(m.RESERVE_SHARE, rule=share)
