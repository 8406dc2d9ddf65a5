"""Budgets: each nation's cost per fiscal year, and the mission's cost in the objective."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyomo.environ as pyo

from forcegen.model.sets import ModelData
from forcegen.model.soft import relax

# A soft budget's slack is in millions of the currency (its price, `weights.slack`, is a
# million's, and the diagnosis says it so). The sector model writes its money so: in
# currency units the budget rows span 1e7-1e10, and HiGHS warned of bad scaling (it took
# 20 s on M to a plan it finds in 2 s in millions).
MILLION = 1.0e6
# Each budget row is written in this share of its own limit: HiGHS keeps a row to an
# absolute tolerance, so a row in millions let a budget of 600 be overspent by 0.5 and
# one written in millions (31.7) by 2.7%, where the checker allows a millionth.
ROW_SHARE = 1.0e-3


def row_scale(limit: float, costs: Iterable[float]) -> float:
    """The money a budget row of `limit` over tours costing `costs` is written in: a
    thousandth of the limit (or of its dearest tour, for a limit of 0), so that HiGHS's
    tolerance (1e-7 of this unit) is 1e-10 of the limit whatever the currency's size,
    and the row's coefficients are near 1."""
    return max([limit, *costs]) * ROW_SHARE or 1.0


def add_budget(m: pyo.ConcreteModel, data: ModelData) -> None:
    """budget[n,y]:  sum_{tours of n} cost_y(tour) x[g,k,r,s]  <=  budget(n,y)

    cost_y = personnel cost of the tour's months in fiscal year y plus its rotation cost if
    it starts in y. The mission's international cost enters the objective at `weights.cost`;
    total_budget:  sum_{tours} cost(tour) x  <=  mission.total_budget  (when set; the
    frontier's epsilon-constraint).
    """
    scenario = data.scenario
    spending: dict[tuple[str, int], list[tuple[int, float]]] = defaultdict(list)
    for i in range(len(data.tours)):
        nation = data.groups[data.tours[i][0]].nation
        for year, cost in data.tour_cost_by_year(i).items():
            spending[(nation, year)].append((i, cost))
    keys = sorted(key for key in spending if scenario.budget_for(key[0], key[1]) is not None)
    m.BUDGET = pyo.Set(initialize=keys, dimen=2, ordered=True)
    slack = relax(m, data, "budget", m.BUDGET)

    def budget(m: pyo.ConcreteModel, nation: str, year: int) -> object:
        limit = scenario.budget_for(nation, year)
        assert limit is not None
        tours = spending[(nation, year)]
        scale = row_scale(limit, (c for _, c in tours))
        cost = pyo.quicksum(c / scale * m.tour[i] for i, c in tours)
        return cost <= limit / scale + MILLION / scale * slack(nation, year)

    m.budget = pyo.Constraint(m.BUDGET, rule=budget)

    m.cost = pyo.Expression(
        expr=pyo.quicksum(data.tour_cost(i) * m.tour[i] for i in range(len(data.tours)))
    )
    m.terms.add("cost", data.spec.weights.cost, m.cost)
    cap = data.spec.mission.total_budget
    # With no tour to make (an end-date before any fits) the row would read 0 <= cap, a
    # constant Pyomo refuses: nothing is spent, so there is nothing to cap.
    if cap is not None and data.tours:
        m.TOTAL = pyo.Set(initialize=["mission"])
        over = relax(m, data, "budget", m.TOTAL, name="total_budget")
        costs = [data.tour_cost(i) for i in range(len(data.tours))]
        scale = row_scale(cap, costs)
        m.total_budget = pyo.Constraint(
            expr=pyo.quicksum(c / scale * m.tour[i] for i, c in enumerate(costs))
            <= cap / scale + MILLION / scale * over("mission")
        )
