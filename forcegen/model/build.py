"""Build the formulation: sets, variables, each constraint family, then the objective."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.budget import add_budget
from forcegen.model.ceiling import add_ceiling
from forcegen.model.change import add_change
from forcegen.model.coalition import (
    add_lead_share,
    add_min_nations,
    add_nations_per_region,
    add_nations_per_sector,
    add_presence,
    add_serves,
    add_serves_floor,
)
from forcegen.model.commitments import add_commitments
from forcegen.model.coverage import add_coverage, add_coverage_floor
from forcegen.model.deployment import add_deployment
from forcegen.model.handover import (
    add_handover_coverage,
    add_handover_durable,
    add_handover_order,
    add_handover_presence,
)
from forcegen.model.objective import add_objective
from forcegen.model.reserves import (
    add_reserve_frequency,
    add_reserve_mobilization_length,
    add_reserve_share,
)
from forcegen.model.rotation import add_redeployment, add_rotation
from forcegen.model.sets import Commitments, ModelData, build_data
from forcegen.model.training import add_academy, add_employment, add_strength, add_trainers
from forcegen.model.variables import add_variables
from forcegen.scenario.scenario import Scenario
from forcegen.spec import ModelSpec

# In this order: a family may read what an earlier one made (the reserve rules and the
# ceiling read add_deployment's `deployed`, the reserve-length rule add_rotation's `home`,
# add_strength add_academy's `in_training`; the coalition rules are no rows where
# add_serves made no `serves`), and add_commitments fixes or drops rows of the others.
FAMILIES = (
    add_rotation,
    add_redeployment,
    add_deployment,
    add_reserve_frequency,
    add_reserve_mobilization_length,
    add_reserve_share,
    add_coverage,
    add_coverage_floor,
    add_ceiling,
    add_budget,
    add_lead_share,
    add_serves,
    add_serves_floor,
    add_presence,
    add_nations_per_region,
    add_nations_per_sector,
    add_min_nations,
    add_academy,
    add_trainers,
    add_strength,
    add_employment,
    add_handover_durable,
    add_handover_order,
    add_handover_presence,
    add_handover_coverage,
    add_change,
    add_commitments,
)


def build_model(
    scenario: Scenario,
    spec: ModelSpec,
    *,
    aggregate: bool = True,
    commitments: Commitments | None = None,
    withdrawals: dict[str, int] | None = None,
) -> tuple[pyo.ConcreteModel, ModelData]:
    """The Pyomo model of a scenario under a specification, and the data it was built from.

    `aggregate=False` gives the reference form (one integer per unit, no grouping);
    `commitments` makes it a re-plan of a plan in motion (`forcegen.replan`);
    `withdrawals` (nation -> month announced) curtails tours under way at a surprise
    withdrawal (`forcegen.replan.resilience`).
    """
    data = build_data(scenario, spec, aggregate, commitments=commitments, withdrawals=withdrawals)
    return formulate(data), data


def formulate(data: ModelData) -> pyo.ConcreteModel:
    """The Pyomo model of prepared data: variables, each constraint family, objective."""
    m = pyo.ConcreteModel(name=f"{data.scenario.settings.name} under {data.spec.name}")
    add_variables(m, data)
    for family in FAMILIES:
        family(m, data)
    add_objective(m, data)
    return m
