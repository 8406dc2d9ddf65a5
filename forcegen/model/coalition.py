"""Coalition rules: the lead's share, few nations per region, enough nations overall."""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from forcegen.model.sets import ModelData
from forcegen.model.soft import relax


def add_lead_share(m: pyo.ConcreteModel, data: ModelData) -> None:
    """lead_share:  sum_{t, lead's g} p_g x_present  >=  share sum_{t, g} p_g x_present"""
    share = data.spec.coalition.lead_min_share
    lead = data.scenario.lead
    if share is None or lead is None:
        return
    m.LEAD = pyo.Set(initialize=[lead.nation])
    slack = relax(m, data, "lead_share", m.LEAD)

    def person_months(nations: set[str]) -> Any:
        return pyo.quicksum(
            data.groups[data.tours[i][0]].personnel * m.tour[i]
            for (nation, _), tours in data.in_theatre_at.items()
            if nation in nations
            for i in tours
        )

    m.lead_share = pyo.Constraint(
        expr=person_months({lead.nation}) + slack(lead.nation)
        >= share * person_months(set(data.nations))
    )


def add_nations_per_region(m: pyo.ConcreteModel, data: ModelData) -> None:
    """sum_{k,s} x[g,k,r,s] / (c_g max_tours_g)  <=  serves[n(g),r]  <=  sum_{g of n,k,s} x;
    nations_per_region[r]:  sum_n serves[n,r] <= N

    `serves` also carries the coherence cost in the objective and feeds `min_nations`.
    """
    limit = data.spec.coalition.max_nations_per_region
    weight = data.spec.weights.nations_per_region
    needs_serves = limit is not None or weight > 0 or data.spec.coalition.min_nations
    if not needs_serves:
        return
    by_key: dict[tuple[str, str, str], list[int]] = {}
    for i, (group, _, region, _) in enumerate(data.tours):
        by_key.setdefault((data.groups[group].nation, region, group), []).append(i)
    pairs = sorted({(n, r) for n, r, _ in by_key})
    m.NATION_REGIONS = pyo.Set(initialize=pairs, dimen=2, ordered=True)
    m.serves = pyo.Var(m.NATION_REGIONS, within=pyo.Binary)
    m.SERVES_LINKS = pyo.Set(initialize=sorted(by_key), dimen=3, ordered=True)

    def link(m: pyo.ConcreteModel, nation: str, region: str, group: str) -> object:
        capacity = data.groups[group].count * data.max_tours(group)
        tours = by_key[(nation, region, group)]
        return pyo.quicksum(m.tour[i] for i in tours) <= capacity * m.serves[nation, region]

    m.serves_link = pyo.Constraint(m.SERVES_LINKS, rule=link)
    # ...and a nation serves only where it has a tour, so min_nations counts real tours.
    groups_of: dict[tuple[str, str], list[int]] = {}
    for (nation, region, _), tours in by_key.items():
        groups_of.setdefault((nation, region), []).extend(tours)
    m.serves_floor = pyo.Constraint(
        m.NATION_REGIONS,
        rule=lambda m, n, r: m.serves[n, r] <= pyo.quicksum(m.tour[i] for i in groups_of[(n, r)]),
    )
    m.terms.add("nations_per_region", weight, pyo.quicksum(m.serves.values()))
    if limit is None:
        return
    regions = sorted({r for _, r in pairs})
    m.COHERENCE = pyo.Set(initialize=regions, ordered=True)
    slack = relax(m, data, "nations_per_region", m.COHERENCE)

    def coherence(m: pyo.ConcreteModel, region: str) -> object:
        serving = [m.serves[n, r] for n, r in pairs if r == region]
        if len(serving) <= limit:
            return pyo.Constraint.Skip
        return pyo.quicksum(serving) <= limit + slack(region)

    m.nations_per_region = pyo.Constraint(m.COHERENCE, rule=coherence)


def add_min_nations(m: pyo.ConcreteModel, data: ModelData) -> None:
    """contributes[n] <= sum_r serves[n,r];  min_nations:  sum_n contributes[n] >= M"""
    least = data.spec.coalition.min_nations
    if least is None or not hasattr(m, "serves"):
        return
    nations = sorted({n for n, _ in m.NATION_REGIONS})
    m.CONTRIBUTORS = pyo.Set(initialize=nations, ordered=True)
    m.contributes = pyo.Var(m.CONTRIBUTORS, within=pyo.Binary)
    m.contributes_link = pyo.Constraint(
        m.CONTRIBUTORS,
        rule=lambda m, n: (
            m.contributes[n]
            <= pyo.quicksum(m.serves[n, r] for nn, r in m.NATION_REGIONS if nn == n)
        ),
    )
    m.MISSION = pyo.Set(initialize=["mission"])
    slack = relax(m, data, "min_nations", m.MISSION)
    m.min_nations = pyo.Constraint(
        expr=pyo.quicksum(m.contributes.values()) + slack("mission") >= least
    )
