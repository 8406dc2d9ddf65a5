"""Handover and end-state: a region passes to the domestic force for good."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData


def add_handover_durable(m: pyo.ConcreteModel, data: ModelData) -> None:
    """handover[r,t] >= handover[r,t-1];  handover[r,t] = 0 for t < min(K, m_r), = 1 for t >= m_r

    Handover is for good. The domestic force must hold the region alone from K months
    before handover onwards, and those K months lie inside the horizon: what it held
    before the horizon starts is not known (a re-plan's earlier handovers are history:
    `commitments.py` fixes them as made). A region handed over by decision in m_r is
    handed over from then on whatever the domestic force; the plan may still hand it over
    earlier. Each region-month not yet handed over costs `weights.handover`, which makes
    the model hand over early.
    """
    if not hasattr(m, "handover"):
        return
    horizon, shadow = data.horizon, data.spec.mission.handover_months
    declared = data.scenario.declared_handovers
    for region in data.regions:
        decided = declared.get(region, horizon)
        for t in range(min(shadow, decided, horizon)):
            m.handover[region, t].setub(0)
        for t in range(decided, horizon):
            m.handover[region, t].setlb(1)
    m.handover_durable = pyo.Constraint(
        m.REGION_MONTHS,
        rule=lambda m, r, t: (
            m.handover[r, t] >= m.handover[r, t - 1] if t > 0 else pyo.Constraint.Skip
        ),
    )
    # Priced as months still to go (1 - handover) rather than a reward for months handed
    # over: the optimum is the same, and a positive objective keeps the MIP gap meaningful.
    m.terms.add(
        "time_to_end_state",
        data.spec.weights.handover,
        pyo.quicksum(1 - h for h in m.handover.values()),
    )


def add_handover_order(m: pyo.ConcreteModel, data: ModelData) -> None:
    """handover_order[r,q,t]:  handover[r,t] <= handover[q,t]  for risk_q < risk_r, t < m_r

    Calm regions first (mission.handover_order: calm-first): a region is handed over no
    earlier than any calmer one. A handover by decision (from m_r on) or one a re-plan
    keeps as history is not the plan's: its region is excepted as the one handed over.
    """
    if not hasattr(m, "handover") or data.spec.mission.handover_order != "calm-first":
        return
    risk = {r.region: r.risk for r in data.scenario.regions}
    declared = data.scenario.declared_handovers
    history = (data.commitments.handover or {}) if data.commitments is not None else {}
    keys = [
        (region, calmer, t)
        for region in data.regions
        if region not in history
        for calmer in data.regions
        if risk[calmer] < risk[region]
        for t in range(min(declared.get(region, data.horizon), data.horizon))
    ]
    m.HANDOVER_ORDER = pyo.Set(initialize=keys, dimen=3, ordered=True)
    m.handover_order = pyo.Constraint(
        m.HANDOVER_ORDER, rule=lambda m, r, q, t: m.handover[r, t] <= m.handover[q, t]
    )


def add_handover_presence(m: pyo.ConcreteModel, data: ModelData) -> None:
    """handover_presence[r,t,g]:  sum_{k,s : tour ends at t} x[g,k,r,s] <= c_g (1 - handover[r,t])

    A tour's last month in the horizon is its latest, so forbidding handover before it
    keeps every tour clear of the handed-over months (a region handed over by decision:
    its tours already end before, `sets.py`).
    """
    if not hasattr(m, "handover"):
        return
    # At most c_g tours of group g end in one month: c_g is the tightest coefficient.
    ending: dict[tuple[str, int, str], list[int]] = {}
    for (region, t), tours in data.ending_at.items():
        for i in tours:
            ending.setdefault((region, t, data.tours[i][0]), []).append(i)
    m.PRESENCE = pyo.Set(initialize=sorted(ending), dimen=3, ordered=True)

    def presence(m: pyo.ConcreteModel, region: str, t: int, group: str) -> object:
        tours = ending[(region, t, group)]
        return pyo.quicksum(m.tour[i] for i in tours) <= data.groups[group].count * (
            1 - m.handover[region, t]
        )

    m.handover_presence = pyo.Constraint(m.PRESENCE, rule=presence)


def add_handover_coverage(m: pyo.ConcreteModel, data: ModelData) -> None:
    """handover_coverage[r,k,t]:  e_dom domestic[r,k,t] >= demand[r,k,t] handover[r, t_K]

    t_K = min(t+K, m_r-1): the domestic force holds every task but those that end at
    handover (training, unless tasks.csv says otherwise) from K months before handover; a
    task it may not take keeps handover at 0 while it is in demand. Only a handover by
    the plan, before the one decided (m_r, else the horizon's end), asks the domestic
    force.
    """
    if not hasattr(m, "handover"):
        return
    horizon, shadow = data.horizon, data.spec.mission.handover_months
    domestic = data.scenario.settings.domestic
    declared = data.scenario.declared_handovers

    def held(m: pyo.ConcreteModel, region: str, task: str, t: int) -> object:
        if data.scenario.ends_at_handover(task):
            return pyo.Constraint.Skip
        last = min(horizon, declared.get(region, horizon)) - 1
        if last < 0:  # handed over from the start: its demand rows end before (validation)
            return pyo.Constraint.Skip
        later = m.handover[region, min(t + shadow, last)]
        if (region, task, t) not in m.DOMESTIC:
            return later == 0
        need = data.demand[(region, task, t)]
        return domestic.effectiveness * m.domestic[region, task, t] >= need * later

    m.handover_coverage = pyo.Constraint(m.COVERAGE, rule=held)
