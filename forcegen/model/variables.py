"""Decision variables, and the accumulators families add objective terms to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyomo.environ as pyo

from forcegen.model.sets import ModelData


@dataclass
class Terms:
    """Objective terms contributed by the families, by name, each already weighted.

    Families append; `objective.py` sums. Adding a family never edits another.
    """

    weighted: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, name: str, weight: float, expression: Any) -> None:
        if weight:
            self.weighted.setdefault(name, []).append(weight * expression)


def add_variables(m: pyo.ConcreteModel, data: ModelData) -> None:
    """tour[i] for every eligible tour start; shortfall; the domestic pipeline (recruits,
    strength, domestic officers on tasks); handover. The families' own auxiliaries
    (`home`, `deployed`, `serves`, `present`, `kept`, the soft rules' slacks, ...) belong
    to them."""
    groups = data.groups

    def tour_bounds(_: pyo.ConcreteModel, i: int) -> tuple[int, int]:
        return (0, groups[data.tours[i][0]].count)

    m.TOURS = pyo.RangeSet(0, len(data.tours) - 1) if data.tours else pyo.Set(initialize=[])
    m.tour = pyo.Var(m.TOURS, within=pyo.NonNegativeIntegers, bounds=tour_bounds)
    m.MONTHS = pyo.RangeSet(0, data.horizon - 1)
    m.COVERAGE = pyo.Set(initialize=data.coverage_keys, dimen=3, ordered=True)
    m.DOMESTIC = pyo.Set(initialize=data.domestic_keys, dimen=3, ordered=True)
    m.shortfall = pyo.Var(m.COVERAGE, within=pyo.NonNegativeReals)
    m.recruits = pyo.Var(m.MONTHS, within=pyo.NonNegativeReals)
    m.strength = pyo.Var(m.MONTHS, within=pyo.NonNegativeReals)
    efficiency = data.scenario.settings.domestic.effectiveness

    def domestic_bounds(_: pyo.ConcreteModel, *key: Any) -> tuple[float, float | None]:
        # Officers beyond a task's demand cover nothing; without the cap the solver leaves
        # spare strength wherever, and the plan shows them guarding an empty post. (A
        # re-plan's past, where a planner may have put some, is fixed as recorded.)
        return (0.0, data.demand.get(key, 0.0) / efficiency if efficiency > 0 else None)

    m.domestic = pyo.Var(m.DOMESTIC, within=pyo.NonNegativeReals, bounds=domestic_bounds)
    if data.spec.mission.end == "end-state":
        m.REGION_MONTHS = pyo.Set(
            initialize=[(r, t) for r in data.regions for t in data.months], dimen=2, ordered=True
        )
        m.handover = pyo.Var(m.REGION_MONTHS, within=pyo.Binary)
    m.terms = Terms()
