"""Coalition rules: the lead's share, few nations per region and per sector, enough nations
overall."""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from forcegen.model.sets import ModelData
from forcegen.model.soft import relax


def add_lead_share(m: pyo.ConcreteModel, data: ModelData) -> None:
    """lead_share:  sum_t deployed[lead,t]  >=  share sum_{n,t} deployed[n,t]"""
    share = data.spec.coalition.lead_min_share
    lead = data.scenario.lead
    # With no tour that could deploy anyone (an end-date at the horizon's start) the row
    # would read 0 >= 0, which Pyomo refuses as a constant.
    if share is None or lead is None or not len(m.DEPLOYED):
        return
    m.LEAD = pyo.Set(initialize=[lead.nation])
    slack = relax(m, data, "lead_share", m.LEAD)

    def person_months(nations: set[str]) -> Any:
        return pyo.quicksum(m.deployed[n, t] for n, t in m.DEPLOYED if n in nations)

    m.lead_share = pyo.Constraint(
        expr=person_months({lead.nation}) + slack(lead.nation)
        >= share * person_months(set(data.nations))
    )


def add_serves(m: pyo.ConcreteModel, data: ModelData) -> None:
    """serves_link[n,r,g,s]:  sum_k x[g,k,r,s] <= c_g serves[n,r]

    `serves[n,r]`, whether nation n serves in region r, carries the coherence cost in the
    objective and feeds the nations per region and sector and `min_nations`. At most c_g
    tours of group g start in one month, so c_g is the tightest valid coefficient for the
    tours of g starting in r in month s (a far tighter LP than one big-M over the whole
    horizon, which the relaxation barely feels).
    """
    coalition = data.spec.coalition
    weight = data.spec.weights.nations_per_region
    needs_serves = (
        coalition.max_nations_per_region is not None
        or weight > 0
        or coalition.min_nations
        or coalition.max_nations_per_sector is not None
    )
    if not needs_serves:
        return
    starting: dict[tuple[str, str, str, int], list[int]] = {}
    for i, (group, _, region, start) in enumerate(data.tours):
        starting.setdefault((data.groups[group].nation, region, group, start), []).append(i)
    pairs = sorted({(n, r) for n, r, _, _ in starting})
    m.NATION_REGIONS = pyo.Set(initialize=pairs, dimen=2, ordered=True)
    m.serves = pyo.Var(m.NATION_REGIONS, within=pyo.Binary)
    m.SERVES_LINKS = pyo.Set(initialize=sorted(starting), dimen=4, ordered=True)

    def link(m: pyo.ConcreteModel, nation: str, region: str, group: str, start: int) -> object:
        tours = starting[(nation, region, group, start)]
        count = data.groups[group].count
        return pyo.quicksum(m.tour[i] for i in tours) <= count * m.serves[nation, region]

    m.serves_link = pyo.Constraint(m.SERVES_LINKS, rule=link)
    m.terms.add("nations_per_region", weight, pyo.quicksum(m.serves.values()))


def add_serves_floor(m: pyo.ConcreteModel, data: ModelData) -> None:
    """serves_floor[n,r]:  serves[n,r] <= sum_{g of n, k, s} x[g,k,r,s]

    A nation serves only where it has a tour, so `min_nations` counts real tours.
    """
    if not hasattr(m, "serves"):
        return
    in_region: dict[tuple[str, str], list[int]] = {}
    for i, (group, _, region, _) in enumerate(data.tours):
        in_region.setdefault((data.groups[group].nation, region), []).append(i)
    m.serves_floor = pyo.Constraint(
        m.NATION_REGIONS,
        rule=lambda m, n, r: m.serves[n, r] <= pyo.quicksum(m.tour[i] for i in in_region[(n, r)]),
    )


def add_nations_per_region(m: pyo.ConcreteModel, data: ModelData) -> None:
    """nations_per_region[r]:  sum_n serves[n,r] <= N"""
    limit = data.spec.coalition.max_nations_per_region
    if limit is None or not hasattr(m, "serves"):
        return
    pairs = list(m.NATION_REGIONS)
    regions = sorted({r for _, r in pairs})
    m.COHERENCE = pyo.Set(initialize=regions, ordered=True)
    slack = relax(m, data, "nations_per_region", m.COHERENCE)

    def coherence(m: pyo.ConcreteModel, region: str) -> object:
        serving = [m.serves[n, r] for n, r in pairs if r == region]
        if len(serving) <= limit:
            return pyo.Constraint.Skip
        return pyo.quicksum(serving) <= limit + slack(region)

    m.nations_per_region = pyo.Constraint(m.COHERENCE, rule=coherence)


def add_nations_per_sector(m: pyo.ConcreteModel, data: ModelData) -> None:
    """in_sector[n,s] >= serves[n,r]  for r in sector s;
    nations_per_sector[s]:  sum_n in_sector[n,s] <= N

    A sector is the regions of one authority (regions.csv). `in_sector` needs no
    integrality: it is at least a binary `serves` wherever the nation serves, and the
    limit only pushes it down.
    """
    limit = data.spec.coalition.max_nations_per_sector
    if limit is None or not hasattr(m, "serves"):
        return
    sector_of = data.scenario.sector_of
    pairs = sorted({(n, sector_of[r]) for n, r in m.NATION_REGIONS})
    crowded = sorted({s for _, s in pairs if sum(1 for _, ss in pairs if ss == s) > limit})
    if not crowded:
        return
    m.NATION_SECTORS = pyo.Set(
        initialize=[(n, s) for n, s in pairs if s in crowded], dimen=2, ordered=True
    )
    m.in_sector = pyo.Var(m.NATION_SECTORS, bounds=(0, 1))
    m.in_sector_link = pyo.Constraint(
        [(n, r) for n, r in m.NATION_REGIONS if sector_of[r] in crowded],
        rule=lambda m, n, r: m.in_sector[n, sector_of[r]] >= m.serves[n, r],
    )
    m.SECTORS = pyo.Set(initialize=crowded, ordered=True)
    slack = relax(m, data, "nations_per_sector", m.SECTORS)
    m.nations_per_sector = pyo.Constraint(
        m.SECTORS,
        rule=lambda m, s: (
            pyo.quicksum(m.in_sector[n, ss] for n, ss in m.NATION_SECTORS if ss == s)
            <= limit + slack(s)
        ),
    )


def add_min_nations(m: pyo.ConcreteModel, data: ModelData) -> None:
    """contributes[n] <= sum_r serves[n,r];  min_nations:  sum_n contributes[n] >= M"""
    least = data.spec.coalition.min_nations
    if least is None or not hasattr(m, "serves"):
        return
    # Every nation, those with no tour to serve by too (held at 0 by their link): with
    # none, a hard row would read 0 >= M, a constant Pyomo refuses, not a model without a
    # plan, which the diagnosis names.
    nations = sorted(n.nation for n in data.scenario.nations)
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
