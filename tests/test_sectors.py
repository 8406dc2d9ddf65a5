"""Which nations serve which region: the steady-state model the heuristic plans within.

Each case is small enough to work out by hand: one region, one nation allowed in it.
"""

from __future__ import annotations

import pytest

from forcegen.greedy import warm_start_values
from forcegen.heuristics import value_first_plans
from forcegen.model.build import build_model
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import Budget
from forcegen.sectors import sector_nations
from forcegen.solve import solve_model
from forcegen.spec import ModelSpec
from tests.factory import nation, scenario, spec, unit, with_rules

ONE_NATION = with_rules(spec(), coalition={"max_nations_per_region": 1})


def crowded(budgets: list[Budget] = ()) -> Scenario:  # type: ignore[assignment]
    """Demand 300 for 6 months (one tour): A has one unit of 150, B three of 100 at 1 per
    person-month."""
    return scenario(
        months=6,
        nations=[nation("A"), nation("B", cost_per_person_month=1.0)],
        units=[unit("a", "A", 150), *(unit(f"b{i}", "B") for i in range(3))],
        demand=[("r", "guard", 0, 5, 300)],
        budgets=budgets,
    )


def warm_start_objective(case: Scenario, model: ModelSpec) -> float:
    """The objective of the heuristic's best plan, its integer values fixed."""
    m, data = build_model(case, model)
    for var, value in warm_start_values(m, data, value_first_plans(data)[0]):
        var.fix(value)
    result = solve_model(m, model.solver)
    assert result.objective is not None
    return result.objective


@pytest.mark.parametrize("counted", ["over-the-horizon", "at-once"])
def test_the_region_goes_to_the_nation_that_covers_more(counted: str) -> None:
    """A's unit is the most valuable single tour (150 x 6 against 100 x 6); taken first it
    shuts B out and leaves 150 x 6 = 900 short. B's three units cover all 300. Counted at
    once too: a choice for the horizon keeps the rule in every month."""
    case = crowded()
    model = with_rules(spec(), coalition={"max_nations_per_region": 1, "nations_counted": counted})
    _, data = build_model(case, model)
    assert sector_nations(data) == {("B", "r")}
    assert warm_start_objective(case, model) == pytest.approx(0)


def test_the_region_goes_to_the_nation_its_budget_lets_cover_more() -> None:
    """With 600 to spend, B keeps one unit of 100 for 6 months: A's 150 covers more, and
    the plan leaves 150 x 6 = 900 short."""
    case = crowded([Budget(nation="B", fiscal_year=2000, budget=600)])
    _, data = build_model(case, ONE_NATION)
    assert sector_nations(data) == {("A", "r")}
    assert warm_start_objective(case, ONE_NATION) == pytest.approx(900)


def test_no_choice_without_a_hard_nations_per_region_rule() -> None:
    soft = with_rules(
        spec(), coalition={"max_nations_per_region": 1}, rules={"nations_per_region": "soft"}
    )
    for model in (spec(), soft):
        _, data = build_model(crowded(), model)
        assert sector_nations(data) is None


@pytest.mark.parametrize(("own_tour", "chosen"), [(None, "A"), (12, "B")])
def test_a_rotation_is_priced_over_the_units_own_tours(own_tour: int | None, chosen: str) -> None:
    """Demand 300 for 12 months; A has one unit of 150 at no cost, B three of 100 whose
    rotation costs 6 a person and whose 1,200 a year pays 100 a month. Over B's 6-month
    tours a person-month costs 6/6 = 1, so B keeps 100 deployed and A's 150 covers more;
    over the units' own 12-month tours it costs 6/12 = 0.5, and B keeps 200."""
    case = scenario(
        months=12,
        nations=[nation("A"), nation("B", rotation_cost_per_person=6.0)],
        units=[
            unit("a", "A", 150),
            *(unit(f"b{i}", "B", tour_months=own_tour) for i in range(3)),
        ],
        demand=[("r", "guard", 0, 11, 300)],
        budgets=[Budget(nation="B", fiscal_year=2000, budget=1200)],
    )
    _, data = build_model(case, ONE_NATION)
    assert sector_nations(data) == {(chosen, "r")}
