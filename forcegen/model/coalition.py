"""Coalition rules: the lead's share, few nations per region and per sector, enough nations
overall."""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from forcegen.model.sets import ModelData
from forcegen.model.soft import index_key, relax


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


def add_presence(m: pyo.ConcreteModel, data: ModelData) -> None:
    """presence_link[n,r,g,t]:  sum_{k,s : in theatre at t} x[g,k,r,s] <= c_g present[n,r,t]

    Where the nations per region or sector are counted at once (`nations_counted:
    at-once`): `present[n,r,t]`, whether nation n has a tour in theatre in region r in
    month t. At most c_g units of group g are there at once: the tightest coefficient,
    as in `serves_link`.
    """
    coalition = data.spec.coalition
    limits = (coalition.max_nations_per_region, coalition.max_nations_per_sector)
    if coalition.nations_counted != "at-once" or limits == (None, None):
        return
    there: dict[tuple[str, str, str, int], list[int]] = {}
    for i, (group, _, region, _) in enumerate(data.tours):
        nation = data.groups[group].nation
        for t in data.in_theatre(i):
            if t < data.horizon:
                there.setdefault((nation, region, group, t), []).append(i)
    m.PRESENT = pyo.Set(initialize=sorted({(n, r, t) for n, r, _, t in there}), dimen=3)
    m.present = pyo.Var(m.PRESENT, within=pyo.Binary)
    m.PRESENCE_LINKS = pyo.Set(initialize=sorted(there), dimen=4, ordered=True)

    def link(m: pyo.ConcreteModel, nation: str, region: str, group: str, t: int) -> object:
        tours = there[(nation, region, group, t)]
        count = data.groups[group].count
        return pyo.quicksum(m.tour[i] for i in tours) <= count * m.present[nation, region, t]

    m.presence_link = pyo.Constraint(m.PRESENCE_LINKS, rule=link)


def _crowded(members: dict[Any, list[Any]], limit: int) -> list[Any]:
    """The places (a region or sector, with a month where counted at once) more than
    `limit` nations could serve in: only there is a row needed."""
    return sorted(place for place, nations in members.items() if len(nations) > limit)


def add_nations_per_region(m: pyo.ConcreteModel, data: ModelData) -> None:
    """nations_per_region[r]:  sum_n serves[n,r] <= N  (over the horizon), or
    nations_per_region[r,t]:  sum_n present[n,r,t] <= N  (at once)"""
    limit = data.spec.coalition.max_nations_per_region
    if limit is None or not hasattr(m, "serves"):
        return
    members: dict[Any, list[Any]] = {}
    if hasattr(m, "present"):
        for n, r, t in m.PRESENT:
            members.setdefault((r, t), []).append(m.present[n, r, t])
    else:
        for n, r in m.NATION_REGIONS:
            members.setdefault(r, []).append(m.serves[n, r])
    m.COHERENCE = pyo.Set(initialize=_crowded(members, limit), ordered=True)
    slack = relax(m, data, "nations_per_region", m.COHERENCE)
    m.nations_per_region = pyo.Constraint(
        m.COHERENCE,
        rule=lambda m, *place: pyo.quicksum(members[index_key(place)]) <= limit + slack(*place),
    )


def add_nations_per_sector(m: pyo.ConcreteModel, data: ModelData) -> None:
    """in_sector[n,s] >= serves[n,r]  for r in sector s;
    nations_per_sector[s]:  sum_n in_sector[n,s] <= N
    (at once: in_sector[n,s,t] >= present[n,r,t];  sum_n in_sector[n,s,t] <= N)

    A sector is the regions of one authority (regions.csv). `in_sector` needs no
    integrality: it is at least a binary `serves` (`present`) wherever the nation serves,
    and the limit only pushes it down.
    """
    limit = data.spec.coalition.max_nations_per_sector
    if limit is None or not hasattr(m, "serves"):
        return
    sector_of = data.scenario.sector_of
    # (nation, region[, month]) -> the binary saying the nation serves there (then).
    serving = (
        {(n, r, t): m.present[n, r, t] for n, r, t in m.PRESENT}
        if hasattr(m, "present")
        else {(n, r): m.serves[n, r] for n, r in m.NATION_REGIONS}
    )

    def sector(key: tuple[Any, ...]) -> tuple[Any, ...]:
        """(nation, sector[, month]) of a (nation, region[, month])."""
        return (key[0], sector_of[key[1]], *key[2:])

    members: dict[Any, list[Any]] = {}
    for member in sorted({sector(key) for key in serving}):
        members.setdefault(index_key(member[1:]), []).append(member)
    crowded = set(_crowded(members, limit))
    if not crowded:
        return
    in_crowded = [key for key in serving if index_key(sector(key)[1:]) in crowded]
    m.NATION_SECTORS = pyo.Set(initialize=sorted({sector(key) for key in in_crowded}))
    m.in_sector = pyo.Var(m.NATION_SECTORS, bounds=(0, 1))
    m.in_sector_link = pyo.Constraint(
        in_crowded, rule=lambda m, *key: m.in_sector[sector(key)] >= serving[key]
    )
    m.SECTORS = pyo.Set(initialize=sorted(crowded), ordered=True)
    slack = relax(m, data, "nations_per_sector", m.SECTORS)
    m.nations_per_sector = pyo.Constraint(
        m.SECTORS,
        rule=lambda m, *place: (
            pyo.quicksum(m.in_sector[key] for key in members[index_key(place)])
            <= limit + slack(*place)
        ),
    )


def add_min_nations(m: pyo.ConcreteModel, data: ModelData) -> None:
    """contributes[n] <= sum_r serves[n,r];  min_nations:  sum_n contributes[n] >= M

    Soft, M is at most the nations with a tour to serve by: the rest are short in every
    plan, a breach the objective need not price (the checker still says it).
    """
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
    if data.spec.rules.min_nations == "soft" and not data.elastic:
        # Nations with no tour to serve by are short in every plan. Priced, that part was a
        # constant of the objective, which the relative gap is taken of too: on tiny, a
        # million beside a plan's 105,000, so a 1% gap stopped 0.7% from the best plan.
        # The row asks for what a plan can give; the checker still judges `least`.
        least = min(least, len({nation for nation, _ in m.NATION_REGIONS}))
    m.MISSION = pyo.Set(initialize=["mission"])
    slack = relax(m, data, "min_nations", m.MISSION)
    m.min_nations = pyo.Constraint(
        expr=pyo.quicksum(m.contributes.values()) + slack("mission") >= least
    )
