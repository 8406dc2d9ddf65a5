"""Reserves: mobilizations per window, and each nation's reserve share of its deployment."""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from forcegen.model.sets import ModelData, called_off
from forcegen.model.soft import relax


def add_reserve_frequency(m: pyo.ConcreteModel, data: ModelData) -> None:
    """reserve_frequency[g,w]:  sum_{k,r,s : s-P_g in [w, w+W)} x[g,k,r,s] + M0[g,w] <= m_n

    For a reserve unit allowed m_n > 1 mobilizations per W-month window (one allowed is
    already an interval rule folded into B_g), over the tours that mobilize it (not one
    redeployed in theatre, nor one deploying a call-up stood down: its m0 counts in M0).
    Such units are never aggregated. M0[g,w] counts
    the unit's mobilizations m0 in [w, w+W) for tours the events called off before they
    deployed, a constant.
    """
    keys = []
    for name, group in data.groups.items():
        if group.needs_window_rule and group.window is not None:
            keys += [(name, w) for w in range(-group.window + 1, data.horizon)]
    m.RESERVE_WINDOWS = pyo.Set(initialize=keys, dimen=2, ordered=True)

    def frequency(m: pyo.ConcreteModel, name: str, w: int) -> object:
        group = data.groups[name]
        assert group.window is not None and group.mobilizations_per_window is not None
        # A tour redeployed in theatre is no call-up: its unit was mobilized for another;
        # one deploying a call-up stood down is that call-up, counted in `past`.
        starts = [
            i
            for i in data.by_group.get(name, [])
            if i not in data.redeployed
            and i not in data.remissioned
            and w <= data.mobilized(i) < w + group.window
        ]
        past = sum(w <= m0 < w + group.window for m0 in called_off(data.commitments, group))
        if not starts or len(starts) + past <= group.mobilizations_per_window:
            return pyo.Constraint.Skip
        allowed = group.mobilizations_per_window - past
        return pyo.quicksum(m.tour[i] for i in starts) <= allowed

    m.reserve_frequency = pyo.Constraint(m.RESERVE_WINDOWS, rule=frequency)


def add_reserve_mobilization_length(m: pyo.ConcreteModel, data: ModelData) -> None:
    """reserve_mobilization_length[g,w]:  sum_i |[m_i, e_i] & [w, w+C_n]| x_i <= C_n

    For a reserve unit that may be called up the month its tour ends (D_g = 0): at most C_n
    (reserve_max_months) months mobilized in a row, however many call-ups they hold, each
    tour i of the unit mobilized from m_i (a redeployed one from its first month in
    theatre: its call-up's earlier months are the cut tour's) to its last month in
    theatre e_i, past the horizon too. Such a unit is a group of its own (c_g = 1), whose
    tours never overlap. Not `c_g - home`: a call-up's window (one allowed in it) blocks
    the unit past a tour cut short, months it is at home, not mobilized. A window wholly
    before F is the committed past.
    """

    def mobilized(i: int) -> range:
        in_theatre = data.in_theatre(i)
        first = in_theatre.start if i in data.redeployed else data.mobilized(i)
        return range(first, in_theatre.stop)

    first = data.commitments.month if data.commitments is not None else 0
    keys = [
        (name, w)
        for name, group in data.groups.items()
        if (cap := group.mobilized_cap) is not None and name in data.by_group
        for w in range(data.horizon)
        if w + cap >= first
    ]
    m.RESERVE_RUNS = pyo.Set(initialize=keys, dimen=2, ordered=True)
    spans = {i: mobilized(i) for name in {n for n, _ in keys} for i in data.by_group[name]}

    def length(m: pyo.ConcreteModel, name: str, w: int) -> object:
        cap = data.groups[name].mobilized_cap
        assert cap is not None
        end = w + cap + 1
        away = {i: min(end, spans[i].stop) - max(w, spans[i].start) for i in data.by_group[name]}
        away = {i: n for i, n in away.items() if n > 0}
        if sum(away.values()) <= cap:
            return pyo.Constraint.Skip
        return pyo.quicksum(n * m.tour[i] for i, n in away.items()) <= cap

    m.reserve_mobilization_length = pyo.Constraint(m.RESERVE_RUNS, rule=length)


def committed_excess(data: ModelData) -> dict[tuple[str, int], float]:
    """Reserve personnel over the share that a re-plan's committed tours alone put in
    theatre, by nation and month: where an event ends the active tours early, the reserves
    already mobilized beside them stay, and no new decision can undo that. Nothing where
    no surprise excuses the past (`Commitments.excused`)."""
    if data.commitments is None or not data.commitments.excused:
        return {}
    reserve: dict[tuple[str, int], float] = defaultdict(float)
    everyone: dict[tuple[str, int], float] = defaultdict(float)
    for i in data.fixed:
        group = data.groups[data.tours[i][0]]
        for t in data.in_theatre(i):
            everyone[group.nation, t] += group.personnel
            if group.component == "reserve":
                reserve[group.nation, t] += group.personnel
    shares = {n.nation: n.reserve_max_share for n in data.scenario.nations}
    excess = {}
    for (nation, t), people in reserve.items():
        share = shares[nation]
        if share is not None and people > share * everyone[nation, t]:
            excess[nation, t] = people - share * everyone[nation, t]
    return excess


def add_reserve_share(m: pyo.ConcreteModel, data: ModelData) -> None:
    """reserve_share[n,t]:  deployed_reserve[n,t] - share_n deployed[n,t]  <=  E[n,t]

    E[n,t] is 0 but in a re-plan that excuses its past (`Commitments.excused`; a rolling
    horizon's window does not), where it is what the committed tours alone already put
    over the share (`committed_excess`): new tours may not add to it.
    """
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
    excused = committed_excess(data)

    def share(m: pyo.ConcreteModel, nation: str, t: int) -> object:
        limit = scenario.nation_by_code[nation].reserve_max_share
        assert limit is not None
        reserve, everyone = m.deployed_reserve[nation, t], m.deployed[nation, t]
        return reserve - limit * everyone <= excused.get((nation, t), 0.0) + slack(nation, t)

    m.reserve_share = pyo.Constraint(m.RESERVE_SHARE, rule=share)
