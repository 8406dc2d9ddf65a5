"""Handover and end-state: a region passes to the domestic force for good."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData, is_training


def add_handover(m: pyo.ConcreteModel, data: ModelData) -> None:
    """handover[r,t] >= handover[r,t-1]  (durable);
    handover_presence[r,t,g]:  sum_{k,s : tour ends at t} x[g,k,r,s] <= c_g (1 - handover[r,t]);
    handover_coverage[r,k,t]:  e_dom domestic[r,k,t] >= demand[r,k,t] handover[r, min(t+K, H-1)]
    (for k other than training; a task the domestic force may not take forces handover = 0);
    handover[r,t] = 0 for t < K;   handover[r,t] = 1 for t >= m_r, where the
    coverage row reads handover[r, min(t+K, m_r-1)]

    A tour's last month in the horizon is its latest, so forbidding handover before it
    keeps every tour clear of the handed-over months. The domestic force must hold the
    region alone from K months before handover onwards, and those K months lie inside the
    horizon: what it held before the horizon starts is not known (a re-plan's earlier
    handovers are history: `commitments.py` fixes them as made). Each region-month not
    yet handed over costs `weights.handover`, which makes the model hand over early.

    A region handed over by decision in m_r is handed over from then on whatever the
    domestic force; the plan may still hand it over earlier, under the rules above until
    m_r (its tours already end before m_r, `sets.py`).
    """
    if not hasattr(m, "handover"):
        return
    horizon, shadow = data.horizon, data.spec.mission.handover_months
    domestic = data.scenario.settings.domestic
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

    # Demand the domestic force cannot meet there (a task it may not take, other than
    # training, which ends at handover) keeps the region from being handed over.
    def held(m: pyo.ConcreteModel, region: str, task: str, t: int) -> object:
        if is_training(task):
            return pyo.Constraint.Skip
        # Only a handover by the plan, before the one decided, asks the domestic force.
        last = min(horizon, declared.get(region, horizon)) - 1
        if last < 0:  # handed over from the start: its demand rows end before (validation)
            return pyo.Constraint.Skip
        later = m.handover[region, min(t + shadow, last)]
        if (region, task, t) not in m.DOMESTIC:
            return later == 0
        need = data.demand[(region, task, t)]
        return domestic.effectiveness * m.domestic[region, task, t] >= need * later

    m.handover_coverage = pyo.Constraint(m.COVERAGE, rule=held)
    # Priced as months still to go (1 - handover) rather than a reward for months handed
    # over: the optimum is the same, and a positive objective keeps the MIP gap meaningful.
    m.terms.add(
        "time_to_end_state",
        data.spec.weights.handover,
        pyo.quicksum(1 - h for h in m.handover.values()),
    )
