"""One tiny instance per constraint family, its optimum derived by hand in the comment.

Each instance makes its family bind: removing the family or mis-indexing it changes the
optimum, so the test fails. Unless said otherwise: one unit of 100, effectiveness 1,
one region, demand 100 every month, only shortfall priced.
"""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from forcegen.checker import check_plan
from forcegen.model.build import FAMILIES, build_model
from forcegen.model.sets import ModelData, unit_groups
from forcegen.plan import extract_plan
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import Academy, Budget, Caveat, Ceiling, Region, Task
from forcegen.solve import solve_model
from forcegen.spec import ModelSpec
from tests import test_replan
from tests.factory import (
    calm_and_hot_case,
    handover_case,
    month,
    nation,
    one_sector_two_nations_asked,
    relieved_case,
    scenario,
    shortfall,
    solve,
    spec,
    unit,
    with_rules,
)


def test_coverage_counts_effective_personnel() -> None:
    # 150 people at effectiveness 0.5 give 75 of the 100 needed: 25 short in each of 6 months.
    case = scenario(
        months=6,
        units=[unit("u", personnel=150)],
        demand=[("r", "guard", 0, 5, 100)],
        effectiveness={"guard": 0.5},
    )
    assert shortfall(solve(case, spec())) == 25 * 6


def test_coverage_counts_a_unit_for_no_more_than_the_demand() -> None:
    # A unit of 300 against 100 needed for 6 months, 1 per person-month, shortfall 10 per
    # person-month: one whole tour (1,800) beats 600 short (6,000). Counted for its 300,
    # a third of the unit would meet the demand in the LP relaxation (600); counted for
    # the 100 it can meet, the relaxation needs all of it, and its optimum is the plan's.
    case = scenario(
        months=6,
        nations=[nation(cost_per_person_month=1.0)],
        units=[unit("u", personnel=300)],
        demand=[("r", "guard", 0, 5, 100)],
    )
    model = spec(shortfall=10.0, cost=1.0)
    m, _ = build_model(case, model)
    pyo.TransformationFactory("core.relax_integer_vars").apply_to(m)
    assert solve_model(m, model.solver).objective == pytest.approx(1800)
    assert shortfall(solve(case, model)) == 0


def test_rotation_dwell_keeps_unit_home() -> None:
    # Tour 3, dwell 3: the unit covers months 0-2 and 6-8 of 12; without dwell all 12.
    demand = [("r", "guard", 0, 11, 100)]
    dwell = scenario(
        months=12, nations=[nation(tour_months=3, dwell_months=3)], units=[unit("u")], demand=demand
    )
    assert shortfall(solve(dwell, spec())) == 6 * 100
    no_dwell = scenario(
        months=12, nations=[nation(tour_months=3)], units=[unit("u")], demand=demand
    )
    assert shortfall(solve(no_dwell, spec())) == 0


def test_relief_in_place_overlap_does_not_count() -> None:
    # Tour 6 with 2 months of overlap: a tour counts 4 months. Two units alternating cover
    # months 2..11 at best over 12 months (the first tour counts from month 2).
    case = scenario(
        months=12,
        nations=[nation(tour_months=6, overlap_months=2)],
        units=[unit("u1"), unit("u2")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 2 * 100
    # The plan shows the overlap: some month has both units in theatre.
    tours = plan.assignments
    assert (tours["counts_from"] != tours["start"]).all()


def test_reserve_training_delays_deployment() -> None:
    # A reserve unit trains 2 months after mobilization (from month 0): tour of 3 in 2..4,
    # so months 0, 1 and 5 are short.
    case = scenario(
        months=6,
        nations=[
            nation(
                tour_months=3,
                reserve_max_months=6,
                reserve_mobilizations=1,
                reserve_window_months=60,
                reserve_training_months=2,
            )
        ],
        units=[unit("u", component="reserve")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 3 * 100
    tour = plan.assignments.iloc[0]
    assert tour["start"] >= month(2)
    assert tour["mobilized_from"] == month(int(tour["start"][-2:]) - 1 - 2)


def _one_reserve_short(tour: int, cap: int, calls: int) -> float:
    """The optimum's shortfall with one reserve unit of 100, no dwell, `calls` call-ups of
    a `tour`-month tour allowed in 12 months, at most `cap` months mobilized, against
    demand of 100 for 12 months."""
    reserve = {"reserve_max_months": cap, "reserve_mobilizations": calls}
    case = scenario(
        months=12,
        nations=[nation(tour_months=tour, reserve_window_months=12, **reserve)],
        units=[unit("u", component="reserve")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    return shortfall(solve(case, spec()))


def test_reserve_frequency_one_per_window() -> None:
    # Tour 2, no dwell, one mobilization per 12 months: a reserve unit serves 2 of 12 months.
    assert _one_reserve_short(tour=2, cap=2, calls=1) == 10 * 100


def test_reserve_frequency_two_per_window() -> None:
    # Two mobilizations per 12 months (not an interval rule): 4 of 12 months covered.
    assert _one_reserve_short(tour=2, cap=2, calls=2) == 8 * 100


def test_reserve_frequency_counts_a_window_of_exactly_its_months() -> None:
    """Two call-ups in any 6 months, tour 2, at most 2 months mobilized in a row, demand
    for 8 months: starts 0, 3 and 6 keep no 6 consecutive months holding three, and cover 6
    of 8 months: 200 short. A window of 7 months (a mutation's off-by-one) forbids 6 and
    leaves 300 short; a window over the whole horizon (the test above) cannot tell them."""
    reserve = {"reserve_max_months": 2, "reserve_mobilizations": 2, "reserve_window_months": 6}
    case = scenario(
        months=8,
        nations=[nation(tour_months=2, **reserve)],
        units=[unit("u", component="reserve")],
        demand=[("r", "guard", 0, 7, 100)],
    )
    best = solve(case, spec())
    assert shortfall(best) == 200
    assert best.assignments["start"].tolist() == [month(0), month(3), month(6)]


def test_reserve_mobilization_length_counts_call_ups_in_a_row_as_one() -> None:
    # Three call-ups of 4 months a year allowed, no dwell, at most 6 months mobilized in a
    # row: back to back (0-3, 4-7, 8-11) they would cover all 12 months, 12 in a row. A
    # month at home between each (0-3, 5-8, 10-13) covers 10: 2 months short.
    assert _one_reserve_short(tour=4, cap=6, calls=3) == 2 * 100


def test_reserve_mobilization_length_counts_the_training_of_a_call_up_in_a_row() -> None:
    """docs/rules.md: call-ups with no month at home between are one stretch, from the
    first's `mobilized_from`; a reserve's training is mobilized time. A month of training,
    tours of 2, no dwell, at most 3 months in a row, any number of call-ups: each call-up
    is 3 months and the next must wait a month at home, so three call-ups (as starts 1,
    5, 9) cover 6 of 12 months: 600 short. Were the training at home, a call-up every 3
    months (tours 1-2, 4-5, 7-8, 10-11) would leave 400."""
    rules = {
        "reserve_training_months": 1,
        "reserve_max_months": 3,
        "reserve_mobilizations": 12,
        "reserve_window_months": 12,
    }
    case = scenario(
        months=12,
        nations=[nation(tour_months=2, **rules)],
        units=[unit("u", component="reserve")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    plan = solve(case, spec(turbulence=1.0))
    assert shortfall(plan) == 600
    assert len(plan.assignments) == 3
    assert check_plan(case, spec(), plan).ok


def test_reserve_mobilization_length_counts_the_months_past_the_horizon() -> None:
    """A month of training, tours of 2, no dwell, any number of call-ups, at most 5 months
    mobilized in a row; 100 wanted in months 2, 3 and 5 of 6. Call-ups mobilized in 1
    (tour 2-3) and 4 (tour 5-6) cover all three but are 6 months in a row, the last past
    the horizon's end: one is given up, 100 short. Counting only the months inside the
    horizon, the pair is 5 months and nothing is short."""
    rules = {
        "reserve_training_months": 1,
        "reserve_max_months": 5,
        "reserve_mobilizations": 12,
        "reserve_window_months": 12,
    }
    case = scenario(
        months=6,
        nations=[nation(tour_months=2, **rules)],
        units=[unit("u", component="reserve")],
        demand=[("r", "guard", 2, 3, 100), ("r", "guard", 5, 5, 100)],
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 100
    assert check_plan(case, spec(), plan).ok


def test_reserve_share_caps_reservists() -> None:
    # Demand 200 needs the active and the reserve unit; a 40% share cap (80 of 200) keeps
    # the reserve unit home: 100 short for 6 months. At 50% both deploy.
    def case(share: float) -> float:
        return shortfall(
            solve(
                scenario(
                    months=6,
                    nations=[
                        nation(
                            reserve_max_months=6,
                            reserve_mobilizations=1,
                            reserve_window_months=60,
                            reserve_max_share=share,
                        )
                    ],
                    units=[unit("a"), unit("b", component="reserve")],
                    demand=[("r", "guard", 0, 5, 200)],
                ),
                spec(),
            )
        )

    assert case(0.4) == 6 * 100
    assert case(0.5) == 0


def test_a_reserve_leaves_the_reserve_share_when_its_tour_ends() -> None:
    """Active a and reserve b of 100, tour 3, no dwell, reserves at most half; 200 wanted
    in months 0-2, 100 in 3-5. b beside a in 0-2 is half, then a alone in 3-5: none
    short. Were b still counted as a reservist in theatre after its tour, a alone in 3-5
    would be all reserve share broken, and no plan could cover 0-2 and 3-5 both."""
    reserve = {
        "reserve_max_months": 6,
        "reserve_mobilizations": 1,
        "reserve_window_months": 60,
        "reserve_max_share": 0.5,
    }
    case = scenario(
        months=6,
        nations=[nation(tour_months=3, **reserve)],
        units=[unit("a"), unit("b", component="reserve")],
        demand=[("r", "guard", 0, 2, 200), ("r", "guard", 3, 5, 100)],
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 0
    assert check_plan(case, spec(), plan).ok


def test_ceiling_and_a_shrinking_ceiling() -> None:
    # Ceiling 150: only one of two units of 100 at a time. From month 3 the ceiling is 250.
    # Tour 3, demand 200: months 0-2 are 100 short; months 3-5 can have both units.
    case = scenario(
        months=6,
        nations=[nation(tour_months=3, ceiling=150)],
        units=[unit("a"), unit("b")],
        demand=[("r", "guard", 0, 5, 200)],
        ceilings=[Ceiling.model_validate({"nation": "A", "from": month(3), "ceiling": 250})],
    )
    assert shortfall(solve(case, spec())) == 3 * 100


def test_relief_in_place_counts_against_the_ceiling_and_a_reserves_training_does_not() -> None:
    """docs/rules.md's in-theatre months: a tour's overlap is in theatre, a reserve's
    post-mobilization training at home is not."""
    # Tour 3 of which 1 of relief, no dwell, two units of 100, 100 wanted for 12 months.
    # Ceiling 200: a tour every 2 months (0, 2, .., 10), each relieving the last, counts
    # months 1-11: month 0 short (100). Ceiling 100: no relief, tours 0, 3, 6, 9 each
    # count 2 of their 3 months: 400 short.
    for ceiling, short in ((200, 100), (100, 400)):
        case = scenario(
            months=12,
            nations=[nation(tour_months=3, overlap_months=1, ceiling=ceiling)],
            units=[unit("u1"), unit("u2")],
            demand=[("r", "guard", 0, 11, 100)],
        )
        plan = solve(case, spec())
        assert shortfall(plan) == short
        assert check_plan(case, spec(), plan).ok
    # Ceiling 100: active a serves months 0-2 (its last); reserve b, 3 months' training,
    # mobilized in month 0 beside a's tour, deploys in 3-5: none short. Were its training
    # in theatre, b could mobilize only in month 3 and months 3-5 would be short.
    reserve = {
        "reserve_training_months": 3,
        "reserve_max_months": 6,
        "reserve_mobilizations": 1,
        "reserve_window_months": 6,
    }
    case = scenario(
        months=6,
        nations=[nation(tour_months=3, ceiling=100, **reserve)],
        units=[unit("a", available_until=month(2)), unit("b", component="reserve")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 0
    tours = plan.assignments[["unit", "mobilized_from", "start"]].values.tolist()
    assert ["b", month(0), month(3)] in tours
    assert check_plan(case, spec(), plan).ok


def test_budget_per_fiscal_year() -> None:
    # 1 per person-month, 100 people, tour 1: a budget of 300 buys 3 unit-months per
    # (calendar) fiscal year. 6 months of demand: 3 are short.
    case = scenario(
        months=6,
        nations=[nation(tour_months=1, cost_per_person_month=1.0)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
        budgets=[Budget(nation="A", fiscal_year=2000, budget=300)],
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 3 * 100
    assert plan.costs["cost"].sum() == 300


def test_a_tour_past_the_horizon_spends_its_fiscal_year_whole() -> None:
    # 6 months from January, a calendar fiscal year, tours of 6 months at 1 a person-month;
    # demand in the last 3. A tour from month 3 covers them and runs 3 months past the
    # horizon, all in FY2000: it spends 600, which a budget of 599 does not hold, though
    # its months inside the horizon (300) would.
    for budget, short, cost in ((600, 0, 600), (599, 300, 0)):
        case = scenario(
            months=6,
            nations=[nation(cost_per_person_month=1.0)],
            units=[unit("u")],
            demand=[("r", "guard", 3, 5, 100)],
            budgets=[Budget(nation="A", fiscal_year=2000, budget=budget)],
        )
        plan = solve(case, spec())
        assert (shortfall(plan), plan.costs["cost"].sum()) == (short, cost)


def test_a_tours_months_after_the_horizons_last_fiscal_year_are_not_counted() -> None:
    """Fiscal years from July: the horizon (January-June 2000) is all FY1999. A tour of 6
    from month 3 spends months 3-5 there (300 at 1 a person-month) and runs on into
    FY2000, whose spending the plan does not decide: a budget of 0 for FY2000 does not
    bind. FY1999's 300 buys 3 of the 6 months wanted: 300 short. Counted in FY2000, the
    tour's last 3 months would break its budget and leave all 600 short."""
    case = scenario(
        months=6,
        nations=[nation(cost_per_person_month=1.0)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
        budgets=[
            Budget(nation="A", fiscal_year=1999, budget=300),
            Budget(nation="A", fiscal_year=2000, budget=0),
        ],
    )
    case = case.model_copy(
        update={"settings": case.settings.model_copy(update={"fiscal_year_start": 7})}
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 300
    assert plan.assignments[["start", "end"]].values.tolist() == [[month(3), month(8)]]
    assert plan.costs.set_index("fiscal_year")["cost"].get(1999) == 300
    assert plan.costs["cost"].sum() == 300
    assert check_plan(case, spec(), plan).ok


@pytest.mark.parametrize("over", [0.5, 1e-4])
@pytest.mark.parametrize("total", [False, True])
def test_a_budget_holds_to_its_millionth_in_any_currency_size(over: float, total: bool) -> None:
    """Money written in millions (a tour of 100 for 6 months at 0.001 a person-month
    costs 0.6): a row in millions, within HiGHS's absolute tolerance, had let a budget be
    overspent by about one currency unit, 2.7% of one in millions (31.7), where the
    checker allows a millionth. A budget `over` short of the tour's cost buys none; as
    much as it costs buys it."""
    cases = []
    for money, short in ((0.6 - 0.6 * over / 100, 600), (0.6, 0)):
        case = scenario(
            months=6,
            nations=[nation(cost_per_person_month=0.001)],
            units=[unit("u")],
            demand=[("r", "guard", 0, 5, 100)],
            budgets=[] if total else [Budget(nation="A", fiscal_year=2000, budget=money)],
        )
        model = spec()
        if total:
            model = with_rules(model, mission={"total_budget": money})
        plan = solve(case, model)
        assert shortfall(plan) == short, money
        assert check_plan(case, model, plan).ok
        cases.append((case, model, plan))
    # The tour against the budget short of it: its figures as far as they differ (they
    # had been whole units, 'spends 1 of 1').
    (case, model, _), (_, _, bought) = cases
    rule = "total-budget" if total else "budget"
    found = [v.message for v in check_plan(case, model, bought).violations if v.rule == rule]
    if over == 0.5:
        assert found == (
            ["costs 0.6 against a total budget of 0.597"] if total else ["spends 0.6 of 0.597"]
        )


def test_a_coverage_floor_buys_what_its_price_would_not() -> None:
    # Demand 200 for 6 months, one unit of 100 at 1 a person-month, money weighed 10 to a
    # shortfall's 1: the tour (6,000) costs more than the 600 it covers, so none is made,
    # 1,200 short. A floor of half the demand makes at most 100 short a month: the tour.
    case = scenario(
        months=6,
        nations=[nation(cost_per_person_month=1.0)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    assert shortfall(solve(case, spec(cost=10.0))) == 1200
    floored = with_rules(
        spec(cost=10.0), mission={"coverage_floor": 0.5}, rules={"coverage_floor": "hard"}
    )
    assert shortfall(solve(case, floored)) == 600


def test_a_coverage_floor_allows_the_share_of_demand_it_leaves() -> None:
    """As above with two units of 100: a floor of 3/4 of the demand (150) allows 50 short
    a month, which one unit leaves 100: both tour, none short. A floor of 1/4 allows 150
    short a month: one tour, 600 short. (A floor of a half cannot tell `phi` from
    `1 - phi`.)"""
    case = scenario(
        months=6,
        nations=[nation(cost_per_person_month=1.0)],
        units=[unit("a"), unit("b")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    for floor, short in ((0.75, 0), (0.25, 600)):
        floored = with_rules(
            spec(cost=10.0), mission={"coverage_floor": floor}, rules={"coverage_floor": "hard"}
        )
        plan = solve(case, floored)
        assert shortfall(plan) == short, floor
        assert check_plan(case, floored, plan).ok


def _one_unit_two_tasks(tasks: tuple[str, str], model: ModelSpec, priority: float) -> str:
    """The task the optimum sends one unit of 100 to, for 6 months, where it covers 50 on
    the first task (effectiveness 0.5) and 100 on the second, each wanted 100, the first
    of task priority `priority`."""
    case = scenario(
        months=6,
        tasks=tasks,
        units=[unit("u")],
        effectiveness={tasks[0]: 0.5, tasks[1]: 1.0},
        demand=[("r", task, 0, 5, 100) for task in tasks],
    )
    weighed = Task(task=tasks[0], priority=priority)
    case = Scenario.model_validate(
        {**case.model_dump(), "tasks": [weighed.model_dump(), *case.model_dump()["tasks"][1:]]}
    )
    plan = solve(case, model)
    assert check_plan(case, model, plan).ok
    (task,) = plan.assignments["task"]
    return str(task)


def test_shortfall_is_priced_at_its_tasks_priority() -> None:
    """50 effective on guard of priority 3 save 150 a month, 100 on patrol of priority 1
    save 100: the unit guards. At equal priority it patrols."""
    assert _one_unit_two_tasks(("guard", "patrol"), spec(), priority=3.0) == "guard"
    assert _one_unit_two_tasks(("guard", "patrol"), spec(), priority=1.0) == "patrol"


def test_training_shortfall_is_priced_at_the_training_priority() -> None:
    """As above with constabulary training first, of task priority 1: weighed 3 by
    `weights.training_priority`, its 50 effective save 150 a month against patrol's 100,
    and the unit trains."""
    tasks = ("constabulary_training", "patrol")
    assert _one_unit_two_tasks(tasks, spec(training_priority=3.0), priority=1.0) == tasks[0]
    assert _one_unit_two_tasks(tasks, spec(), priority=1.0) == "patrol"


def test_attrition_wears_the_domestic_force_down() -> None:
    """100 officers, a tenth lost a month, nothing recruited, against patrol's 100 for 3
    months: 90, 81 and 72.9 on patrol, 56.1 short, which the model's own count (the
    objective) says too. Without attrition none is short."""
    case = scenario(
        months=3,
        tasks=("patrol",),
        units=[unit("a")],
        effectiveness={"patrol": 0.0},
        demand=[("r", "patrol", 0, 2, 100)],
        domestic={"initial_strength": 100, "attrition_per_month": 0.1, "tasks": ("patrol",)},
    )
    m, data = build_model(case, spec())
    result = solve_model(m, spec().solver)
    assert result.objective == pytest.approx(56.1)
    plan = extract_plan(m, data, result)
    assert shortfall(plan) == pytest.approx(56.1)
    assert check_plan(case, spec(), plan).ok


def _soft_case(family: str) -> tuple[Scenario, ModelSpec, float, float]:
    """A case whose one breach of `family`, made soft, covers what is otherwise short:
    the scenario, its model, the breach in the family's own unit (docs/rules.md) and the
    objective it saves, which each part of the breach buys alike: the breach pays exactly
    when `weights.slack` is below their ratio. Tours of 6 over 6 months, demand in each
    (a tour may start late and run past the horizon's end: the part it covers is its
    part of the breach too)."""
    two = [unit("a"), unit("b", nation="B")]
    nations = [nation("A"), nation("B")]
    demand = [("r", "guard", 0, 5, 200)]
    # B's unit covers 100 a month that one nation alone leaves short: 600 saved by 1
    # nation over the limit (over the horizon) or by 1 nation in each of 6 months (at once).
    if family in ("nations_per_region", "nations_per_sector", "at-once"):
        rule = "nations_per_region" if family == "at-once" else family
        limit = f"max_{rule}"
        counted = "at-once" if family == "at-once" else "over-the-horizon"
        model = with_rules(
            spec(), coalition={limit: 1, "nations_counted": counted}, rules={rule: "soft"}
        )
        case = scenario(months=6, nations=nations, units=two, demand=demand)
        return case, model, 6.0 if family == "at-once" else 1.0, 600.0
    if family == "ceiling":
        # A's two units of 100 under a ceiling of 100: 100 people over it in 6 months.
        case = scenario(
            months=6,
            nations=[nation(ceiling=100)],
            units=[unit("a"), unit("b")],
            demand=demand,
        )
        return case, with_rules(spec(), rules={"ceiling": "soft"}), 600.0, 600.0
    if family == "reserve_share":
        # Active a and reserves b, c of 100, demand 300, reserves at most half: with c,
        # 200 reserves of 300 is 50 over the share in each of 6 months; c covers 600.
        reserve = {
            "reserve_max_months": 6,
            "reserve_mobilizations": 1,
            "reserve_window_months": 6,
            "reserve_max_share": 0.5,
        }
        units = [unit("a"), unit("b", component="reserve"), unit("c", component="reserve")]
        case = scenario(
            months=6,
            nations=[nation(**reserve)],
            units=units,
            demand=[("r", "guard", 0, 5, 300)],
        )
        return case, with_rules(spec(), rules={"reserve_share": "soft"}), 300.0, 600.0
    if family == "lead_share":
        # Lead A's 100 and B's 300 against 400, A's tour from month 0. B's from month 4
        # (past the horizon's end) keeps half (600 of 1,200 person-months) and leaves 1,200
        # short; each month earlier saves 300 short and puts the lead 150 person-months
        # further below half: from month 0, 600 below, none short.
        case = scenario(
            months=6,
            nations=nations,
            units=[unit("a"), unit("b", nation="B", personnel=300)],
            demand=[("r", "guard", 0, 5, 400)],
        )
        model = with_rules(spec(), coalition={"lead_min_share": 0.5}, rules={"lead_share": "soft"})
        return case, model, 600.0, 1200.0
    if family == "budget":
        # A tour costing 600 at 1 a person-month against a budget of 0: 0.0006 millions
        # over it, for 600 covered.
        case = scenario(
            months=6,
            nations=[nation(cost_per_person_month=1.0)],
            units=[unit("a")],
            demand=[("r", "guard", 0, 5, 100)],
            budgets=[Budget(nation="A", fiscal_year=2000, budget=0)],
        )
        return case, with_rules(spec(), rules={"budget": "soft"}), 600 / 1e6, 600.0
    if family == "coverage_floor":
        # test_a_coverage_floor_buys_what_its_price_would_not, soft: without the tour
        # (6,000 at 10 a currency unit, covering 600) 100 effective people a month are
        # short of the floor, 600 in all; the tour costs 5,400 net.
        case = scenario(
            months=6,
            nations=[nation(cost_per_person_month=1.0)],
            units=[unit("a")],
            demand=demand,
        )
        model = with_rules(
            spec(cost=10.0), mission={"coverage_floor": 0.5}, rules={"coverage_floor": "soft"}
        )
        return case, model, 600.0, 5400.0
    assert family == "min_nations", family
    # B's tour costs 600 and covers nothing A's does not: 1 nation short of 2 saves 600.
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B", cost_per_person_month=1.0)],
        units=two,
        demand=[("r", "guard", 0, 5, 100)],
    )
    model = with_rules(spec(cost=1.0), coalition={"min_nations": 2}, rules={"min_nations": "soft"})
    return case, model, 1.0, 600.0


@pytest.mark.parametrize(
    "family",
    [
        "ceiling",
        "reserve_share",
        "lead_share",
        "budget",
        "coverage_floor",
        "nations_per_region",
        "nations_per_sector",
        "at-once",
        "min_nations",
    ],
)
def test_a_soft_rule_is_priced_in_its_own_unit(family: str) -> None:
    """docs/rules.md: a soft family's breach costs `weights.slack` a person in a month
    (ceiling, reserve share), an effective person in a month (coverage floor), a
    person-month (lead share), a million of the currency (budget), a nation (a
    nation-month counted at once). Priced a tenth below the saving's worth, the breach is
    made; a tenth above, it is not; either plan keeps the rules the checker holds hard."""
    case, base, breach, saved = _soft_case(family)
    chose = []
    for factor in (0.9, 1.1):
        weights = base.weights.model_copy(update={"slack": factor * saved / breach})
        model = base.model_copy(update={"weights": weights})
        plan = solve(case, model)
        report = check_plan(case, model, plan)
        assert not report.violations
        chose.append(bool(report.soft))
    assert chose == [True, False]


def test_a_nation_no_plan_can_have_is_left_out_of_the_objective() -> None:
    """Two nations and min_nations 3, soft, at 1,000 a nation: every plan is a nation short
    whatever it does, so the objective prices only what a plan changes, as under
    min_nations 2. B's tour (600) is worth its 1,000 either way: both units deploy, 0
    short, objective 600 (A's tour costs nothing). Priced, the third nation had been a
    constant 1,000 in the objective that the relative gap was taken of too. The checker
    still says the breach."""
    case, base, _, _ = _soft_case("min_nations")
    weights = base.weights.model_copy(update={"slack": 1000.0})
    objectives = []
    for least in (2, 3):
        model = with_rules(
            base.model_copy(update={"weights": weights}),
            coalition={"min_nations": least},
            rules={"min_nations": "soft"},
        )
        m, data = build_model(case, model)
        result = solve_model(m, model.solver)
        plan = extract_plan(m, data, result)
        assert len(plan.assignments) == 2 and shortfall(plan) == 0
        objectives.append(pyo.value(m.objective))
        soft = check_plan(case, model, plan).soft
        assert [v.rule for v in soft] == ([] if least == 2 else ["min-nations"]), soft
    assert objectives == pytest.approx([600.0, 600.0])


def test_rotation_cost_charged_per_tour() -> None:
    # Same as above with a rotation cost of 1 per person per tour: 300 buys 1 tour of
    # 2 months (200 + 100), so a tour of 1 month (100 + 100) gives only 1 month with 100
    # left over: the best is one 1-month tour, 5 months short.
    case = scenario(
        months=6,
        nations=[nation(tour_months=1, cost_per_person_month=1.0, rotation_cost_per_person=1.0)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
        budgets=[Budget(nation="A", fiscal_year=2000, budget=300)],
    )
    assert shortfall(solve(case, spec())) == 5 * 100


def test_a_tour_across_fiscal_years_pays_its_rotation_in_the_year_it_starts() -> None:
    """Fiscal years from April; tour 6 at 1 a person-month and 1 a person a rotation; 100
    wanted January-June 2000. A tour from January spends January-March in FY1999 (300)
    with its rotation (100): 400, over FY1999's 350. From February: 200 + 100 = 300 there,
    its April-July in FY2000. So month 0 is short: 100. A rotation charged in the year the
    tour ends, or not at all, would let the January tour keep FY1999's budget."""
    case = scenario(
        months=12,
        nations=[nation(cost_per_person_month=1.0, rotation_cost_per_person=1.0)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
        budgets=[Budget(nation="A", fiscal_year=1999, budget=350)],
    )
    case = case.model_copy(
        update={"settings": case.settings.model_copy(update={"fiscal_year_start": 4})}
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 100
    assert plan.assignments["start"].tolist() == [month(1)]
    spent = plan.costs.set_index("fiscal_year")["cost"]
    assert (spent.get(1999), spent.get(2000)) == (300, 400)
    assert check_plan(case, spec(), plan).ok


@pytest.mark.parametrize(
    ("caveat", "expected"),
    [({"refused_regions": ("r",)}, 600), ({"max_risk": 2}, 600), ({}, 0)],
)
def test_caveats_keep_units_out(caveat: dict[str, object], expected: float) -> None:
    # Region risk 3: refusing the region or task, or accepting risk 2 at most, leaves all
    # 6 months x 100 uncovered.
    case = scenario(
        months=6,
        nations=[nation(**caveat)],
        units=[unit("u")],
        regions=[Region(region="r", population=1, risk=3)],
        demand=[("r", "guard", 0, 5, 100)],
    )
    assert shortfall(solve(case, spec())) == expected


def test_caveat_refused_task() -> None:
    # A refuses guard; B's only unit arrives for the last month: 5 of 6 months are short.
    case = scenario(
        months=6,
        nations=[nation("A", refused_tasks=("guard",)), nation("B", tour_months=1)],
        units=[unit("a"), unit("b", nation="B", available_from=month(5))],
        demand=[("r", "guard", 0, 5, 100)],
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 5 * 100
    assert set(plan.assignments["unit"]) == {"b"}


def test_availability_and_join_leave() -> None:
    # The unit is available from month 2; its nation leaves after month 4; tour 1:
    # months 2, 3, 4 covered, 0, 1, 5 short.
    case = scenario(
        months=6,
        nations=[nation(tour_months=1, leave=month(4))],
        units=[unit("u", available_from=month(2))],
        demand=[("r", "guard", 0, 5, 100)],
    )
    assert shortfall(solve(case, spec())) == 3 * 100


@pytest.mark.parametrize("aggregate", [True, False])
def test_a_unit_away_for_a_while_serves_before_and_after_it(aggregate: bool) -> None:
    # Tour 6, no dwell, 100 wanted all year, a point a tour. a is away in months 3-8, so
    # its only tour would be 9-14; b is away in 6-7, so it tours 0-5 and 8-13, which
    # leaves a nothing to cover. Months 6 and 7 have no unit: 200 short. Without the
    # periods one unit alone covers the year.
    demand = [("r", "guard", 0, 11, 100)]
    units = [unit("a"), unit("b")]
    away = scenario(months=12, units=units, demand=demand, unavailable=[("a", 3, 8), ("b", 6, 7)])
    plan = solve(away, spec(turbulence=1.0), aggregate=aggregate)
    assert shortfall(plan) == 200
    tours = plan.assignments[["unit", "start"]].itertuples(index=False, name=None)
    assert sorted(tours) == [("b", month(0)), ("b", month(8))]
    assert shortfall(solve(scenario(months=12, units=units, demand=demand), spec())) == 0


def test_a_reserve_away_in_its_training_months_is_not_mobilized() -> None:
    """docs/rules.md's availability: a tour holds its unit from `mobilized_from`, a
    reserve's training included. A reserve unit training 2 months for a tour of 3, away in
    months 0-1, is mobilized in month 2 at the earliest and deploys in 4: of the 100
    wanted in months 2-4 it covers month 4, 200 short. Were its training months free of
    the period, it would train in 0-1 and cover 2-4."""
    reserve = {
        "reserve_training_months": 2,
        "reserve_max_months": 6,
        "reserve_mobilizations": 1,
        "reserve_window_months": 60,
    }
    case = scenario(
        months=8,
        nations=[nation(tour_months=3, **reserve)],
        units=[unit("u", component="reserve")],
        demand=[("r", "guard", 2, 4, 100)],
        unavailable=[("u", 0, 1)],
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 200
    assert plan.assignments["mobilized_from"].tolist() == [month(2)]
    assert check_plan(case, spec(), plan).ok


@pytest.mark.parametrize(
    ("caveat", "short"),
    [
        # Guard in r1 refused in months 6-8: a tours 0-5 there and r2's unit 0-5 in r2;
        # r1's months 6-8 have no unit that may serve (b is r2's), so 300 short, and a
        # goes back for 9-14.
        ({"task": "guard", "region": "r1", "first": 6, "last": 8}, 300),
        # r1 refused from month 6 on, any task: 600 short there.
        ({"region": "r1", "first": 6}, 600),
        # Patrol refused: no unit patrols, nothing changes.
        ({"task": "patrol", "first": 0}, 0),
    ],
)
def test_a_caveat_for_a_while_keeps_the_nations_units_out_by_the_derived_shortfall(
    caveat: dict[str, str | int], short: float
) -> None:
    # Tour 6, no dwell, a point a tour: A's a and B's b; 100 guards wanted in r1 and r2
    # all year. B refuses r1, so b holds r2 and a holds r1 as far as its caveat allows.
    months = {key: month(int(value)) for key, value in caveat.items() if key in ("first", "last")}
    refusal = Caveat.model_validate({"nation": "A", **caveat, **months})
    case = scenario(
        months=12,
        nations=[nation("A"), nation("B", refused_regions=("r1",))],
        units=[unit("a"), unit("b", nation="B")],
        regions=test_replan.TWO_REGIONS,
        tasks=("guard", "patrol"),
        effectiveness={"guard": 1.0, "patrol": 0.0},
        demand=[("r1", "guard", 0, 11, 100), ("r2", "guard", 0, 11, 100)],
        caveats=[refusal],
    )
    for aggregate in (True, False):
        plan = solve(case, spec(turbulence=1.0), aggregate=aggregate)
        assert shortfall(plan) == short
        assert check_plan(case, spec(), plan).ok


def test_units_away_in_other_months_are_no_group() -> None:
    # Grouped, the plan would give one unit's months away to the other.
    units = [unit("a"), unit("b"), unit("c")]
    case = scenario(
        months=12,
        units=units,
        demand=[("r", "guard", 0, 11, 100)],
        unavailable=[("a", 3, 8), ("b", 3, 8), ("c", 3, 9)],
    )
    groups = sorted(g.units for g in unit_groups(case).values())
    assert groups == [("a", "b"), ("c",)]


def test_lead_share() -> None:
    # Lead A (unit 100) and partner B (unit 300); demand 400 for 6 months. Without a rule
    # both deploy. The lead must give 50% of person-months: B can bring at most as many
    # person-months as A (600), i.e. 2 of its 6 months... with tour 1: B deploys 2 months.
    # Shortfall = B's 4 idle months x 300 = 1200.
    case = scenario(
        months=6,
        nations=[nation("A", tour_months=1), nation("B", tour_months=1)],
        units=[unit("a"), unit("b", nation="B", personnel=300)],
        demand=[("r", "guard", 0, 5, 400)],
    )
    assert shortfall(solve(case, spec())) == 0
    ruled = with_rules(spec(), coalition={"lead_min_share": 0.5})
    assert shortfall(solve(case, ruled)) == 4 * 300


def test_nations_per_region() -> None:
    # Two nations with a unit of 100 each, demand 200 in one region: at most one nation per
    # region leaves 100 short for 6 months.
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    assert shortfall(solve(case, spec())) == 0
    ruled = with_rules(spec(), coalition={"max_nations_per_region": 1})
    plan = solve(case, ruled)
    assert shortfall(plan) == 6 * 100
    assert plan.assignments["nation"].nunique() == 1


@pytest.mark.parametrize("counted", ["over-the-horizon", "at-once"])
def test_a_nation_in_a_region_may_send_its_grouped_units_together(counted: str) -> None:
    """A's two units of 100 (one group), at most one nation in the region, 200 wanted for 6
    months: both tour from month 0 together, none short. Were the link of a nation serving
    (or present) to a group's tours written with 1 for the group's 2 units, one unit a
    month could start (600 short at once: one in theatre at a time; 100 over the
    horizon: the second a month late)."""
    case = scenario(
        months=6,
        units=[unit("a1"), unit("a2")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    assert [g.count for g in unit_groups(case).values()] == [2]
    model = with_rules(spec(), coalition={"max_nations_per_region": 1, "nations_counted": counted})
    plan = solve(case, model)
    assert shortfall(plan) == 0
    assert check_plan(case, model, plan).ok


@pytest.mark.parametrize(("weight", "short"), [(700.0, 1200), (500.0, 0)])
def test_each_nation_in_a_region_costs_its_weight(weight: float, short: float) -> None:
    """A's and B's units of 100 against 200 wanted for 6 months: each covers 600 and
    brings its nation to the region at `weights.nations_per_region`: both serve at 500,
    neither at 700."""
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    assert shortfall(solve(case, spec(nations_per_region=weight))) == short


def test_nations_per_sector() -> None:
    # Nations A, B and C have one unit of 100 each; demand 100 in each of r1 and r2 (one
    # sector, "west") and r3 (no authority: a sector of its own). At most one nation per
    # sector leaves r1 or r2 uncovered for 6 months: 600 short.
    west = [Region(region=r, population=1, risk=1, authority="west") for r in ("r1", "r2")]
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B"), nation("C")],
        units=[unit("a"), unit("b", nation="B"), unit("c", nation="C")],
        regions=[*west, Region(region="r3", population=1, risk=1)],
        demand=[(r, "guard", 0, 5, 100) for r in ("r1", "r2", "r3")],
    )
    assert shortfall(solve(case, spec())) == 0
    ruled = with_rules(spec(), coalition={"max_nations_per_sector": 1})
    plan = solve(case, ruled)
    assert shortfall(plan) == 6 * 100
    west_plan = plan.assignments[plan.assignments["region"].isin(["r1", "r2"])]
    assert west_plan["nation"].nunique() == 1
    # A second unit of one nation covers the whole sector.
    case = case.model_copy(update={"units": (*case.units, unit("a2"))})
    assert shortfall(solve(case, ruled)) == 0


@pytest.mark.parametrize("rule", ["max_nations_per_region", "max_nations_per_sector"])
def test_nations_counted_at_once_may_relieve_one_another(rule: str) -> None:
    """`relieved_case`: over the horizon one nation alone may serve, 6 x 100 = 600 short.
    Counted at once, B relieves A in month 6: none short, never two nations there at once."""
    case = relieved_case()
    over = with_rules(spec(), coalition={rule: 1})
    assert shortfall(solve(case, over)) == 600
    at_once = with_rules(spec(), coalition={rule: 1, "nations_counted": "at-once"})
    plan = solve(case, at_once)
    assert shortfall(plan) == 0
    assert plan.assignments[["nation", "start"]].values.tolist() == [
        ["A", month(0)],
        ["B", month(6)],
    ]
    # B gone after month 10 must start by month 5, beside A's tour: A and B together
    # would leave month 11 alone short (100), but one nation at a time leaves 600.
    early = case.model_copy(
        update={"units": (case.units[0], unit("b", nation="B", available_until=month(10)))}
    )
    assert shortfall(solve(early, spec())) == 100
    assert shortfall(solve(early, at_once)) == 600


def test_nations_counted_at_once_count_the_months_of_relief_in_place() -> None:
    """docs/rules.md: counted at once, a region's nations are those in theatre there in
    a month, relief in place included. A's unit serves until month 5, B's may relieve it;
    tours of 6 with a month of relief, no dwell, 100 wanted in months 0-10. Month 0 is
    short whatever (reception). B relieving A from month 5 covers the rest: 100 short.
    With one nation at a time B arrives in month 6 at the earliest and counts from 7
    (A's or B's tour in months 0-5, then B's from 6): 200 short."""
    case = scenario(
        months=11,
        nations=[nation("A", overlap_months=1), nation("B", overlap_months=1)],
        units=[unit("a", available_until=month(5)), unit("b", nation="B")],
        demand=[("r", "guard", 0, 10, 100)],
    )
    at_once = with_rules(
        spec(), coalition={"max_nations_per_region": 1, "nations_counted": "at-once"}
    )
    plan = solve(case, spec())
    assert shortfall(plan) == 100
    tours = plan.assignments[["unit", "start"]].values.tolist()
    assert tours == [["a", month(0)], ["b", month(5)]]
    assert check_plan(case, spec(), plan).ok
    plan = solve(case, at_once)
    assert shortfall(plan) == 200
    assert check_plan(case, at_once, plan).ok


def test_sectors_are_authorities_as_typed_and_regions_without_one() -> None:
    regions = [
        Region(region="a", population=1, risk=1, authority="Sector West"),
        Region(region="b", population=1, risk=1, authority="sector  west"),
        Region(region="c", population=1, risk=1, authority="d"),
        Region(region="d", population=1, risk=1),
        Region(region="e", population=1, risk=1),
    ]
    case = scenario(months=1, units=[unit("u")], regions=regions, demand=[])
    assert case.sectors == {
        "Sector West": ("a", "b"),
        "d": ("c",),
        "d (own sector)": ("d",),
        "e": ("e",),
    }


def test_min_nations_hard() -> None:
    # B's tours cost 10 per person-month, A's nothing; demand 100 one month. Cost alone
    # picks A; a hard rule of 2 nations makes both deploy (B in the month of demand too).
    case = scenario(
        months=1,
        nations=[nation("A", tour_months=1), nation("B", tour_months=1, cost_per_person_month=10)],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 0, 100)],
    )
    cheap = solve(case, spec(cost=1.0))
    assert set(cheap.assignments["nation"]) == {"A"}
    ruled = with_rules(spec(cost=1.0), coalition={"min_nations": 2}, rules={"min_nations": "hard"})
    assert set(solve(case, ruled).assignments["nation"]) == {"A", "B"}


def pipeline(academy_capacity: int, trainees_per_trainer: int) -> Scenario:
    """Recruits 50/month, course 2; one trainer unit of 5 (effective 5 x 1) deployed all 6
    months on training; patrol demand 1000, which makes every graduate worth employing."""
    return scenario(
        months=6,
        tasks=("patrol", "constabulary_training"),
        nations=[nation(tour_months=6)],
        units=[unit("t", personnel=5)],
        effectiveness={"constabulary_training": 1.0},
        demand=[("r", "patrol", 0, 5, 1000), ("r", "constabulary_training", 0, 5, 5)],
        domestic={
            "recruits_per_month": 50,
            "course_months": 2,
            "academy_capacity": academy_capacity,
            "trainees_per_trainer": trainees_per_trainer,
            "tasks": ("patrol",),
        },
    )


@pytest.mark.parametrize(
    ("academy", "ratio", "enrolled", "final", "employed"),
    [
        # Academy 60, 10 trainees per trainer -> the 5 trainers teach at most 50 in course:
        # r_t + r_{t+1} <= 50. Strength S_t = sum_{u <= t-2} r_u, all employed on patrol:
        # maximise sum_{t=2..5} S_t = 4r0 + 3r1 + 2r2 + r3 -> r = (50, 0, 50, 0): 300
        # person-months, final strength 100.
        (60, 10, 50, 100, 300),
        # Trainers for 1000, academy 30: r_t + r_{t+1} <= 30 -> r = (30, 0, 30, 0), 180
        # person-months, final strength 60.
        (30, 200, 30, 60, 180),
    ],
    ids=["trainers-bind", "academy-binds"],
)
def test_training_pipeline_limits_growth(
    academy: int, ratio: int, enrolled: float, final: float, employed: float
) -> None:
    plan = solve(pipeline(academy_capacity=academy, trainees_per_trainer=ratio), spec())
    assert plan.domestic["in_training"].max() == pytest.approx(enrolled)
    assert plan.domestic["strength"].iloc[-1] == pytest.approx(final)
    patrol = plan.coverage[plan.coverage["task"] == "patrol"]["shortfall"].sum()
    assert patrol == pytest.approx(6000 - employed)


def test_recruits_are_held_to_the_most_a_month() -> None:
    """Trainers for 1000, an academy of 60, at most 50 recruits a month (the pipeline's):
    maximise 4 r0 + 3 r1 + 2 r2 + r3 with r_t + r_t+1 <= 60 and r_t <= 50: r = (50, 10,
    50, 10), 340 person-months on patrol. Without the monthly limit (60, 0, 60, 0) gives
    360."""
    plan = solve(pipeline(academy_capacity=60, trainees_per_trainer=200), spec())
    assert plan.domestic["recruits"].round(6).tolist()[:4] == [50, 10, 50, 10]
    patrol = plan.coverage[plan.coverage["task"] == "patrol"]["shortfall"].sum()
    assert patrol == pytest.approx(6000 - 340)


def test_trainers_teach_from_the_month_their_tour_counts() -> None:
    """docs/rules.md's trainers: a training tour's trainers count from `counts_from`, after
    its relief in place. The trainers-bind case with a month of overlap: the trainers of
    months 1-5 teach 50 in course (r_t-1 + r_t <= 50), month 0's none (r0 = 0). Officers on
    patrol, 3 r1 + 2 r2 + r3, are at most 200 with r = (0, 50, 0, 50): final strength
    100 (300 person-months without the overlap)."""
    case = pipeline(academy_capacity=60, trainees_per_trainer=10)
    case = case.model_copy(update={"nations": (nation(tour_months=6, overlap_months=1),)})
    plan = solve(case, spec())
    assert plan.domestic["recruits"].round(6).tolist()[:4] == [0, 50, 0, 50]
    assert plan.domestic["strength"].iloc[-1] == pytest.approx(100)
    patrol = plan.coverage[plan.coverage["task"] == "patrol"]["shortfall"].sum()
    assert patrol == pytest.approx(6000 - 200)
    assert check_plan(case, spec(), plan).ok


def test_trainers_teach_by_their_effective_personnel() -> None:
    """The trainers-bind case with a trainer unit of 10 at effectiveness 0.5 on training:
    5 effective trainers, the same 50 in course and 300 person-months on patrol. Counted by
    their heads (10), they would teach 100, more than the academy's 60."""
    case = pipeline(academy_capacity=60, trainees_per_trainer=10)
    case = Scenario.model_validate(
        {
            **case.model_dump(),
            "units": [unit("t", personnel=10).model_dump()],
            "unit_types": [
                {"type": "inf", "effectiveness": {"constabulary_training": 0.5}},
            ],
            "demand": [d.model_dump() for d in case.demand if d.task == "patrol"]
            + [
                {**d.model_dump(), "personnel": 5}
                for d in case.demand
                if d.task == "constabulary_training"
            ],
        }
    )
    plan = solve(case, spec())
    assert plan.domestic["in_training"].max() == pytest.approx(50)
    patrol = plan.coverage[plan.coverage["task"] == "patrol"]["shortfall"].sum()
    assert patrol == pytest.approx(6000 - 300)
    assert check_plan(case, spec(), plan).ok


@pytest.mark.parametrize(("pay", "first"), [(0.8, 0), (0.6, 50)])
def test_the_domestic_force_is_paid_in_training_and_on_strength(pay: float, first: float) -> None:
    """The trainers-bind case with officers paid `pay` a person-month, money weighed as a
    person short. A recruit of month 0 is paid 2 months in training and 4 on strength and
    covers 4 months of patrol: at 0.8 (4.8 paid) none is recruited; at 0.6 (3.6) the 50
    the trainers teach are, and later recruits (3 months for 3.0, 2 for 2.4) are not
    worth more than they cost."""
    case = pipeline(academy_capacity=60, trainees_per_trainer=10)
    force = case.settings.domestic.model_copy(update={"cost_per_person_month": pay})
    case = Scenario.model_validate(
        {
            **case.model_dump(),
            "settings": case.settings.model_copy(update={"domestic": force}).model_dump(),
        }
    )
    plan = solve(case, spec(cost=1.0))
    recruits = plan.domestic["recruits"].round(6).tolist()
    assert recruits[0] == first
    assert sum(recruits) == first


def test_an_academy_closed_for_a_month_holds_no_one_in_it() -> None:
    # The academy-binds case with the academy closed in month 1: r0 + r1 <= 0, so the
    # officers are 2 r2 + r3 with r2 + r3 <= 30: r = (0, 0, 30, 0), 60 person-months on
    # patrol, final strength 30 (180 and 60 open).
    case = pipeline(academy_capacity=30, trainees_per_trainer=200)
    closed = Academy(first=month(1), last=month(1), capacity=0, reason="roof")
    case = case.model_copy(update={"academy": (closed,)})
    plan = solve(case, spec())
    assert plan.domestic["recruits"].round(6).tolist()[:4] == [0, 0, 30, 0]
    assert plan.domestic["strength"].iloc[-1] == pytest.approx(30)
    patrol = plan.coverage[plan.coverage["task"] == "patrol"]["shortfall"].sum()
    assert patrol == pytest.approx(6000 - 60)
    assert check_plan(case, spec(), plan).ok


def test_domestic_officers_on_a_task_never_exceed_its_need() -> None:
    # Patrol needs 40 effective in r, at effectiveness 0.5: 80 officers cover it, and more
    # would cover nothing. Spare strength stays unassigned instead of standing guard at a
    # post the solver picked arbitrarily (it did, in 6 of Timor-Leste's 1,989 rows).
    case = scenario(
        months=6,
        tasks=("patrol",),
        units=[unit("a")],
        demand=[("r", "patrol", 0, 5, 40)],
        domestic={"recruits_per_month": 50, "effectiveness": 0.5, "tasks": ("patrol",)},
    )
    m, _ = build_model(case, spec())
    assert [m.domestic[key].ub for key in m.DOMESTIC] == [80.0] * 6


def test_domestic_officers_cover_at_their_effectiveness() -> None:
    """100 officers at effectiveness 0.5 against patrol's 100 for 6 months, no unit that
    may patrol: they give 50 effective a month, 300 short. Counted a person each, they
    would cover it all (the plan's table works its shortfall out again from the officers:
    the objective is where the model's own count shows)."""
    case = scenario(
        months=6,
        tasks=("patrol",),
        units=[unit("a")],
        effectiveness={"patrol": 0.0},
        demand=[("r", "patrol", 0, 5, 100)],
        domestic={"initial_strength": 100, "effectiveness": 0.5, "tasks": ("patrol",)},
    )
    m, data = build_model(case, spec())
    result = solve_model(m, spec().solver)
    assert result.objective == pytest.approx(300)
    plan = extract_plan(m, data, result)
    assert shortfall(plan) == 300
    assert check_plan(case, spec(), plan).ok


def _values_at_zero_and_the_trainers_tour(
    academy_capacity: int,
) -> tuple[pyo.ConcreteModel, ModelData, int]:
    """The pipeline case's model (its trainer unit of 5, 10 trainees each), every variable
    at 0 for a test to set a plan's values by hand, and its trainer unit's tour from month 0."""
    case = pipeline(academy_capacity=academy_capacity, trainees_per_trainer=10)
    m, data = build_model(case, spec())
    for var in m.component_data_objects(pyo.Var):
        var.set_value(0.0, skip_validation=True)
    (tour,) = [
        i for i, (_, task, _, start) in enumerate(data.tours) if start == 0 and "train" in task
    ]
    return m, data, tour


def test_recruits_no_whole_tour_teaches_are_not_written() -> None:
    # HiGHS holds a tour within a millionth of a whole one: the trainer unit's tour at
    # 7.7e-7, counted as none, taught 0.0008 recruits (the checker's trainers rule broke,
    # 0.0 trainees for 0.0 trainers). Written with the tours as counted, they are not, and
    # nor are the officers they would have made.
    m, data, tour = _values_at_zero_and_the_trainers_tour(60)
    m.tour[tour].set_value(7.7e-7, skip_validation=True)
    m.recruits[0].set_value(0.0008)
    for key in m.DOMESTIC:
        if key[2] >= 2:  # graduated, and employed on patrol
            m.domestic[key].set_value(0.0008)
    plan = extract_plan(m, data, None)
    assert plan.assignments.empty
    assert plan.domestic[["recruits", "strength", "employed"]].abs().sum().sum() == 0.0
    m.tour[tour].set_value(1.0)  # a whole tour: the same recruits are written
    assert extract_plan(m, data, None).domestic["recruits"].iloc[0] == pytest.approx(0.0008)


def test_officers_beyond_the_strength_are_cut_by_no_more_than_the_recruits_dropped() -> None:
    # The trainer unit (5, 10 trainees each) teaches 50: of 80 recruits in month 0, 30
    # are dropped and the strength from month 2 is 50, not 80. The officers the 30 would
    # have made go with them; more beyond the strength is left for the checker to name,
    # and the solver's noise below zero is no recruit and no officer.
    m, data, tour = _values_at_zero_and_the_trainers_tour(100)
    m.tour[tour].set_value(1.0)
    m.recruits[0].set_value(80.0)
    m.recruits[5].set_value(-1e-7, skip_validation=True)
    for t, heads in ((2, 80.0), (3, 85.0), (4, -1e-7)):
        m.domestic["r", "patrol", t].set_value(heads, skip_validation=True)
    plan = extract_plan(m, data, None)
    domestic = plan.domestic.set_index("month")
    assert (domestic["recruits"][month(0)], domestic["recruits"][month(5)]) == (50, 0)
    assert domestic["strength"][month(2)] == 50
    assert list(domestic["employed"][month(2) : month(4)]) == [50, 85, 0]
    coverage = plan.coverage.set_index(["region", "task", "month"])["domestic"]
    assert coverage["r", "patrol", month(4)] == 0


def test_a_re_plans_past_recruits_are_kept_and_only_its_own_dropped() -> None:
    # The trainer unit (5, 10 trainees each) teaches 50 in the two months' course. A re-plan
    # from month 1 keeps the 40 recruited in month 0 as recorded: of its own 30, 20 beyond
    # the 50 go. Past recruits alone beyond the trainers leave it none of its own.
    from forcegen.model.sets import build_data
    from forcegen.plan import taught_by_whole_tours

    data = build_data(pipeline(academy_capacity=100, trainees_per_trainer=10), spec())
    (tour,) = [
        i for i, (_, task, _, start) in enumerate(data.tours) if start == 0 and "train" in task
    ]
    taught = taught_by_whole_tours(data, {tour: 1}, [40.0, 30.0, 0, 0, 0, 0], past=1)
    assert taught == [40, pytest.approx(10), 0, 0, 0, 0]
    for own in (0.0, 30.0):
        taught = taught_by_whole_tours(data, {tour: 1}, [60.0, own, 0, 0, 0, 0], past=1)
        assert taught == [60, 0, 0, 0, 0, 0], own


def test_tours_beyond_a_groups_units_are_refused_not_given_a_unit_twice() -> None:
    # The rotation constraint rules it out; values that broke it (a heuristic's, say)
    # written with the one trainer unit on two tours at once would pass for a plan.
    m, data, tour = _values_at_zero_and_the_trainers_tour(60)
    m.tour[tour].set_value(2.0)
    with pytest.raises(RuntimeError, match="overlap beyond its 1 units"):
        extract_plan(m, data, None)


def test_handover_after_domestic_holds_region() -> None:
    # A domestic force of 100 from the start covers patrol (100) alone; guard, which it may
    # not take, holds the region until month 6 (see factory.handover_case).
    case = handover_case(100)
    model = with_rules(spec(handover=1.0), mission={"end": "end-state", "handover_months": 2})
    plan = solve(case, model)
    assert plan.handover.set_index("region")["month"]["r"] == month(6)
    assert shortfall(plan) == 0


def test_a_task_ending_at_handover_does_not_hold_the_region() -> None:
    # factory.handover_case with guard ending at handover: the domestic force holds patrol
    # from month 0, so K = 2 allows month 2, but guard's one tour (months 0-3) must end
    # before the handover: month 4 at a cost of 4 beats month 2 with 200 short (2 + 200).
    model = with_rules(spec(handover=1.0), mission={"end": "end-state", "handover_months": 2})
    for ending, handed in (((), 6), (("guard",), 4)):
        case = handover_case(100, ending=ending)
        plan = solve(case, model)
        assert plan.handover.set_index("region")["month"]["r"] == month(handed), ending
        assert shortfall(plan) == 0
        assert not check_plan(case, model, plan).violations
    # Handed over in month 4 with guard holding the region, the domestic force does not.
    ended = solve(handover_case(100, ending=("guard",)), model)
    found = check_plan(handover_case(100), model, ended).violations
    assert {v.rule for v in found} == {"handover-coverage"}


def test_a_task_ending_at_handover_asks_nothing_after_it() -> None:
    """handover_case's region with guard (100) wanted all 8 months and ending at
    handover; one unit of tour 4; a month not handed over costs 1, a person short 1. The
    domestic force holds patrol from month 0, so K = 2 allows month 2, but guard's tour
    0-3 must end before: handed over in month 4 (cost 4), guard's demand ends there and
    none is short. Were guard still wanted after handover, months 4-7 would be 400 short
    and a second tour with no handover (cost 8) the better plan."""
    case = scenario(
        ending=("guard",),
        months=8,
        tasks=("patrol", "guard"),
        nations=[nation(tour_months=4)],
        units=[unit("u")],
        effectiveness={"guard": 1.0},
        demand=[("r", "patrol", 0, 7, 100), ("r", "guard", 0, 7, 100)],
        domestic={"initial_strength": 100, "tasks": ("patrol",)},
    )
    model = with_rules(spec(handover=1.0), mission={"end": "end-state", "handover_months": 2})
    plan = solve(case, model)
    assert plan.handover.set_index("region")["month"]["r"] == month(4)
    assert shortfall(plan) == 0
    assert check_plan(case, model, plan).ok


def test_calm_regions_are_handed_over_first() -> None:
    # factory.calm_and_hot_case: hot could go in month 2, calm in month 6; calm first, hot
    # waits for it.
    case = calm_and_hot_case()
    mission = {"end": "end-state", "handover_months": 2}
    for order, months in (("any", [6, 2]), ("calm-first", [6, 6])):
        model = with_rules(spec(handover=1.0), mission={**mission, "handover_order": order})
        plan = solve(case, model)
        handed = plan.handover.set_index("region")["month"]
        assert handed[["calm", "hot"]].tolist() == [month(m) for m in months], order
        assert shortfall(plan) == 0


def test_regions_of_equal_risk_are_handed_over_in_any_order() -> None:
    """factory.calm_and_hot_case with hot as calm as calm (risk 1): under calm-first
    neither is calmer, so hot goes in month 2 and calm in month 6, as under `any`."""
    case = calm_and_hot_case()
    dumped = case.model_dump()
    dumped["regions"] = [{**r, "risk": 1} for r in dumped["regions"]]
    case = Scenario.model_validate(dumped)
    mission = {"end": "end-state", "handover_months": 2, "handover_order": "calm-first"}
    model = with_rules(spec(handover=1.0), mission=mission)
    plan = solve(case, model)
    handed = plan.handover.set_index("region")["month"]
    assert handed[["calm", "hot"]].tolist() == [month(6), month(2)]
    assert check_plan(case, model, plan).ok


def test_a_handover_by_decision_waits_for_no_calmer_region() -> None:
    """factory.calm_and_hot_case with hot handed over by decision in month 4 (its patrol
    wanted to month 3): under calm-first hot goes in month 4 though calm, whose guard
    keeps it to month 6, is not yet handed over; the order binds the plan's handovers, not
    a decision's (docs/rules.md's handover-order)."""
    dumped = calm_and_hot_case().model_dump()
    dumped["regions"] = [
        {**r, "handed_over": month(4)} if r["region"] == "hot" else r for r in dumped["regions"]
    ]
    dumped["demand"] = [
        {**d, "last": month(3)} if d["region"] == "hot" else d for d in dumped["demand"]
    ]
    case = Scenario.model_validate(dumped)
    mission = {"end": "end-state", "handover_months": 2, "handover_order": "calm-first"}
    model = with_rules(spec(handover=1.0), mission=mission)
    plan = solve(case, model)
    handed = plan.handover.set_index("region")["month"]
    assert handed[["calm", "hot"]].tolist() == [month(6), month(4)]
    assert shortfall(plan) == 0
    assert check_plan(case, model, plan).ok


def test_handover_waits_for_k_months_of_the_horizon() -> None:
    # The domestic force holds patrol alone from month 0, but what it held before the
    # horizon is not known: with K = 2 the earliest handover is month 2, not month 0.
    case = scenario(
        months=8,
        tasks=("patrol",),
        units=[unit("u")],
        demand=[("r", "patrol", 0, 7, 100)],
        domestic={"initial_strength": 100, "tasks": ("patrol",)},
    )
    model = with_rules(spec(handover=1.0), mission={"end": "end-state", "handover_months": 2})
    plan = solve(case, model)
    assert plan.handover.set_index("region")["month"]["r"] == month(2)
    assert plan.assignments.empty and shortfall(plan) == 0


@pytest.mark.parametrize(("strength", "handed"), [(200, month(2)), (150, None)])
def test_the_domestic_force_holds_a_region_at_its_effectiveness(
    strength: int, handed: str | None
) -> None:
    """test_handover_waits_for_k_months_of_the_horizon with officers of effectiveness 0.5
    and a month not handed over at 100: 200 of them hold patrol's 100 alone, handed over
    in month 2; 150 give 75 and never may, so the unit patrols and the region is kept.
    Counted a person each, 150 would hold it, and handing over in month 2 (25 short a
    month, 200, and 200 for months 0-1) would beat keeping it (800)."""
    case = scenario(
        months=8,
        tasks=("patrol",),
        units=[unit("u")],
        demand=[("r", "patrol", 0, 7, 100)],
        domestic={"initial_strength": strength, "effectiveness": 0.5, "tasks": ("patrol",)},
    )
    model = with_rules(spec(handover=100.0), mission={"end": "end-state", "handover_months": 2})
    plan = solve(case, model)
    month_handed = plan.handover.set_index("region")["month"]["r"]
    assert (month_handed if isinstance(month_handed, str) else None) == handed
    assert shortfall(plan) == 0
    assert check_plan(case, model, plan).ok


def _declared_case(handed_over: str | None) -> Scenario:
    # One unit touring 2 months (no dwell) on guard, which the domestic force may not
    # take, in demand 100 for months 0-4; no domestic force at all.
    region = Region(region="r", population=1000, risk=1, handed_over=handed_over)
    return scenario(
        months=8,
        nations=[nation(tour_months=2)],
        units=[unit("u")],
        regions=[region],
        demand=[("r", "guard", 0, 4, 100)],
    )


def test_a_handover_by_decision_ends_tours_and_asks_nothing_of_the_domestic_force() -> None:
    model = with_rules(spec(handover=1.0), mission={"end": "end-state", "handover_months": 2})
    # Undecided: tours 0-1, 2-3, 4-5 cover everything; the earliest handover is month 7,
    # K = 2 months after the demand ends in month 4 (the tour ending in 5 allows 6).
    plan = solve(_declared_case(None), model)
    assert plan.handover.set_index("region")["month"]["r"] == month(7)
    assert shortfall(plan) == 0
    # Handed over by decision in month 5: no tour may reach it, so one of months 0-4 goes
    # short (100), and the region is handed over then with no domestic force to hold it.
    plan = solve(_declared_case(month(5)), model)
    assert plan.handover.set_index("region")["month"]["r"] == month(5)
    assert shortfall(plan) == 100
    assert (plan.assignments["end"] < month(5)).all() and len(plan.assignments) == 2


def test_a_handover_by_decision_stands_where_handing_over_earns_nothing() -> None:
    """_declared_case handed over by decision in month 5, under a model that prices no
    month not handed over: the region is handed over in month 5 all the same
    (docs/rules.md's handover-declared), not left to the solver's indifference."""
    model = with_rules(spec(), mission={"end": "end-state", "handover_months": 2})
    case = _declared_case(month(5))
    plan = solve(case, model)
    assert plan.handover.set_index("region")["month"]["r"] == month(5)
    assert check_plan(case, model, plan).ok


def test_a_handover_by_decision_ends_tours_under_an_end_date_too() -> None:
    """End date in month 7, the region handed over by decision in month 3, demand 100 in
    months 0-2, tours of 4 months: every tour would reach the handover month, so none
    serves: 300 short. Under an end date no handover row guards it (an end-state's do), and
    a mutation letting a tour end in the handover month passed every test; the checker
    refuses such a plan (`handed-over`)."""
    region = Region(region="r", population=1000, risk=1, handed_over=month(3))
    case = scenario(
        months=8,
        nations=[nation(tour_months=4)],
        units=[unit("u")],
        regions=[region],
        demand=[("r", "guard", 0, 2, 100)],
    )
    model = with_rules(spec(), mission={"end": "end-date", "end_date": month(7)})
    plan = solve(case, model)
    assert shortfall(plan) == 300 and plan.assignments.empty
    assert check_plan(case, model, plan).ok


def test_end_date_leaves_shortfall() -> None:
    # End-date after month 2: the unit (tour 1) covers months 0-2, months 3-5 are short.
    case = scenario(
        months=6,
        nations=[nation(tour_months=1)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    model = with_rules(spec(), mission={"end": "end-date", "end_date": month(2)})
    plan = solve(case, model)
    assert shortfall(plan) == 3 * 100
    assert plan.assignments["end"].max() == month(2)


def test_an_end_date_no_tour_fits_before_leaves_everything_short() -> None:
    # End-date at month 0, tours of 6 months: no tour can serve, so nothing deploys and the
    # lead's share of nothing is no rule to build.
    case = scenario(months=6, units=[unit("u")], demand=[("r", "guard", 0, 2, 100)])
    model = with_rules(
        spec(), mission={"end": "end-date", "end_date": month(0)}, coalition={"lead_min_share": 0.5}
    )
    plan = solve(case, model)
    assert plan.assignments.empty
    assert shortfall(plan) == 3 * 100
    # Nor is a mission's total budget over nothing spent (it was a Pyomo traceback).
    capped = with_rules(
        spec(),
        mission={"end": "end-date", "end_date": month(0), "total_budget": 1000.0},
        rules={"budget": "hard"},
    )
    assert shortfall(solve(case, capped)) == 3 * 100


def test_end_date_past_the_horizon_lets_tours_run_past_it() -> None:
    # Horizon 3 months, end-date month 4, tour 3, the unit free from month 1: its tour from
    # month 1 ends at month 3, past the horizon but before the end-date, and covers months
    # 1-2; capped at the horizon's end it could serve no tour at all.
    case = scenario(
        months=3,
        nations=[nation(tour_months=3, dwell_months=0)],
        units=[unit("u", available_from=month(1))],
        demand=[("r", "guard", 1, 2, 100)],
    )
    model = with_rules(spec(), mission={"end": "end-date", "end_date": month(4)})
    plan = solve(case, model)
    assert shortfall(plan) == 0
    assert plan.assignments["end"].max() == month(3)


def test_a_floor_in_the_months_of_relief_in_place_is_explained() -> None:
    """No tour counts before its relief in place ends: a floor there breaks every plan,
    and the diagnosis says how much of the shortfall lies in those months."""
    from forcegen.diagnose import diagnose

    case = scenario(
        months=6,
        nations=[nation(tour_months=6, overlap_months=1)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    model = with_rules(spec(), mission={"coverage_floor": 1.0})
    lines = diagnose(case, model, model.solver)
    assert lines[0].startswith("coverage_floor") and "100.0 effective personnel" in lines[0]
    assert lines[1] == (
        "  100.0 of it falls in the first 1 month(s), before any tour's relief in place ends "
        "(overlap_months), when no international unit counts yet"
    )
    assert "r/guard: 100.0 in 1 month(s) between 2000-01 and 2000-01" in lines[2]


def test_a_floor_no_unit_may_serve_for_its_caveats_is_explained() -> None:
    """The conflict had been laid at the forces, ceilings and budgets: the region is one
    the only nation able refuses."""
    from forcegen.diagnose import diagnose

    case = scenario(
        months=6,
        nations=[nation(refused_regions=("r",))],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    model = with_rules(spec(), mission={"coverage_floor": 0.5})
    lines = diagnose(case, model, model.solver)
    assert lines[0].startswith("coverage_floor")
    assert lines[1] == (
        "  r/guard: no unit may serve it there, each nation with a unit able to do it kept "
        "out by its caveats (refused_regions, refused_tasks, a max_risk below the region's "
        "risk, or a row of the caveats table over the whole horizon)"
    )
    # No unit's type able to do it is no caveat's doing.
    unable = scenario(
        months=6,
        units=[unit("u")],
        tasks=("guard", "police"),
        effectiveness={"guard": 1.0, "police": 0.0},
        demand=[("r", "police", 0, 5, 100)],
        domestic={"tasks": ("police",)},
    )
    lines = diagnose(unable, model, model.solver)
    assert lines[1] == "  r/police: no unit's type can do police"


def test_coverage_floor_infeasible_is_explained() -> None:
    from forcegen.diagnose import diagnose

    # An end-date after month 2 and a hard floor of 100% coverage cannot both hold. The
    # soft minimum of 3 nations is broken too, by 2, but at its price, as in any plan here:
    # it is no part of the conflict and goes unnamed.
    case = scenario(
        months=6,
        nations=[nation(tour_months=1)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    model = with_rules(
        spec(),
        mission={"end": "end-date", "end_date": month(2), "coverage_floor": 1.0},
        coalition={"min_nations": 3},
        rules={"min_nations": "soft"},
    )
    m, _ = build_model(case, model)
    from forcegen.solve import solve_model

    assert solve_model(m, model.solver).termination == "infeasible"
    lines = diagnose(case, model, model.solver)
    assert len(lines) == 5
    assert lines[0].startswith("coverage_floor")
    assert "300.0 of it falls after the end-date 2000-03" in lines[1]
    assert "r/guard: 300.0 in 3 month(s) between 2000-04 and 2000-06" in lines[2]
    # The other side of the conflict is among the hard rules kept (the end-date is no
    # family with a slack: the line names what it can).
    assert lines[3] == (
        "it conflicts with one or more of the hard rules kept (ceiling) or of what no solve"
        " relaxes (rotation and dwell, the domestic pipeline, the end-date)"
    )


def test_a_conflict_names_the_rules_kept_beside_the_one_relaxed() -> None:
    from forcegen.diagnose import diagnose

    # The lead A must give 90% of the person-months with three nations serving, each
    # unit alike: three nations hard and the lead's share hard cannot both hold. Relaxed,
    # the solve breaks one of them; the other is named beside it, with its setting.
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B"), nation("C")],
        units=[unit("a"), unit("b", nation="B"), unit("c", nation="C")],
        demand=[("r", "guard", 0, 5, 300)],
    )
    model = with_rules(
        spec(),
        coalition={"min_nations": 3, "lead_min_share": 0.9, "max_nations_per_region": None},
        rules={"min_nations": "hard", "lead_share": "hard"},
    )
    lines = diagnose(case, model, model.solver)
    named = " ".join(lines)
    assert ("min_nations" in lines[0] and "lead_share (0.9)" in lines[-2]) or (
        "lead_share" in lines[0] and "min_nations (3)" in lines[-2]
    ), named


def test_a_sector_too_few_for_the_nations_asked_is_named_in_whole_nations() -> None:
    from forcegen.diagnose import diagnose

    # One sector of two regions and at most one nation in it, but two nations asked for.
    case, model = one_sector_two_nations_asked()
    named = " ".join(diagnose(case, model, model.solver))
    assert (
        "nations_per_sector: the limit lets too few nations serve in a sector; 1 nation over"
        in named
        and "min_nations (2)" in named
    ) or (
        "min_nations: too few nations can serve at all; 1 nation short" in named
        and "nations_per_sector (1)" in named
    ), named


def test_nations_at_once_over_the_limit_are_named_in_nation_months() -> None:
    """Demand 200 for 6 months, a hard floor of 90%, and A's and B's one unit of 100 each
    at one nation at once: B is over the limit each month, 6 nation-months, said as such
    where it was "6 nations over the limit"."""
    from forcegen.diagnose import diagnose

    case = scenario(
        months=6,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    model = with_rules(
        spec(),
        mission={"coverage_floor": 0.9},
        coalition={"max_nations_per_region": 1, "nations_counted": "at-once"},
    )
    named = " ".join(diagnose(case, model, model.solver))
    said = (
        "nations_per_region: the limit lets too few nations serve in a region; 6 nation-months "
        "over the limit in all r: 6 in 6 month(s) between 2000-01 and 2000-06"
    )
    assert said in " ".join(named.split()), named


def test_only_a_surprise_excuses_committed_reserves_over_the_share() -> None:
    from forcegen.model.reserves import committed_excess
    from forcegen.model.sets import Commitments, CommittedTour

    # A reserve unit alone in theatre in months 0-5 is 100 over a share of 0: a re-plan
    # (an event cut the active tours beside it) is excused that; a rolling horizon's window,
    # which no event surprised, is not.
    case = scenario(
        months=6,
        nations=[
            nation(
                reserve_max_share=0.0,
                reserve_max_months=12,
                reserve_mobilizations=1,
                reserve_window_months=12,
            )
        ],
        units=[unit("r", component="reserve")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    past = (CommittedTour("r", "guard", "r", 0, 5),)
    m, replanned = build_model(case, spec(), commitments=Commitments(3, (3,), past))
    assert committed_excess(replanned) == {("A", t): 100.0 for t in range(6)}
    # The reserve-share rows allow that excess: the re-plan keeps its committed tour.
    assert solve_model(m, spec().solver).termination == "optimal"
    _, window = build_model(case, spec(), commitments=Commitments(3, (), past))
    assert committed_excess(window) == {}


def test_a_conflict_no_slack_can_absorb_is_not_blamed_on_time() -> None:
    from forcegen.diagnose import diagnose
    from forcegen.model.sets import Commitments, CommittedTour

    # Two committed one-month tours of one unit a month apart, where dwell is 3 months:
    # no relaxed rule can mend the past, and more time would not either.
    case = scenario(
        months=6,
        nations=[nation(tour_months=1, dwell_months=3)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    past = Commitments(
        month=3,
        tours=(CommittedTour("u", "guard", "r", 0, 0), CommittedTour("u", "guard", "r", 1, 1)),
    )
    (line,) = diagnose(case, spec(), spec().solver, past)
    assert line.startswith("no plan exists even with every hard rule relaxed")


def test_a_re_plans_past_is_kept_as_recorded_not_judged_again() -> None:
    from forcegen.model.sets import Commitments

    # r was handed over in month 3, the domestic force to hold its patrol (100) alone;
    # its 100 officers were recruited in months 0 and 1, 50 each, the monthly limit, with
    # no trainers (a past judged on its own, before the solve). Re-planned from month 4,
    # the trainers' rows of the past are history, not rows to keep again, and the past's
    # recruits are as recorded, the limit theirs to keep: each left no plan (HiGHS found
    # none where the recruits at their limit gave exactly the officers asked for).
    case = scenario(
        months=8,
        tasks=("patrol",),
        units=[unit("u")],
        demand=[("r", "patrol", 0, 7, 100)],
        domestic={
            "recruits_per_month": 50,
            "academy_capacity": 100,
            "tasks": ("patrol",),
        },
    )
    past = Commitments(
        month=4,
        excused=(4,),
        recruits=(50.0, 50.0, 0.0, 0.0),
        domestic={("r", "patrol", t): 100.0 for t in (2, 3)},
        handover={"r": 3},
    )
    m, _ = build_model(case, spec(), commitments=past)
    assert solve_model(m, spec().solver).termination == "optimal"
    # Its officers stay where they served, though no row of the past holds them there.
    assert [pyo.value(m.domestic["r", "patrol", t]) for t in (2, 3)] == [100.0] * 2


def test_past_recruits_read_back_rounded_down_still_give_the_officers_they_did() -> None:
    from forcegen.model.sets import Commitments

    # Ten months of 10 recruits, each written to 6 decimals and read back 9e-7 short: the
    # 100 officers r was handed over to are 9e-6 over the strength those recruits give,
    # beyond HiGHS's tolerance, and left no plan before the past's recruits had the
    # rounding's allowance.
    case = scenario(
        months=14,
        tasks=("patrol",),
        units=[unit("u")],
        demand=[("r", "patrol", 0, 13, 100)],
        domestic={"recruits_per_month": 10, "academy_capacity": 100, "tasks": ("patrol",)},
    )
    past = Commitments(
        month=12,
        excused=(12,),
        recruits=(10.0 - 9e-7,) * 10 + (0.0, 0.0),
        domestic={("r", "patrol", t): 100.0 for t in (10, 11)},
        handover={"r": 11},
    )
    m, _ = build_model(case, spec(), commitments=past)
    assert solve_model(m, spec().solver).termination == "optimal"
    assert pyo.value(m.domestic["r", "patrol", 13]) == pytest.approx(100.0)


def test_a_re_plan_drops_the_rows_of_a_past_it_judged_and_a_rolling_window_keeps_handovers() -> (
    None
):
    from forcegen.model.sets import Commitments

    # K = 2. From month 4 the pipeline's rows of months 0-3 are the past's, judged before
    # the solve. Handover coverage in month t asks for the handover of month t+2: history
    # for t = 0, 1, still to decide from t = 2 on, and all history in a region handed over
    # before month 4. A rolling window decides its past handovers again: none dropped.
    case = handover_case(100)
    model = with_rules(spec(handover=1.0), mission={"end": "end-state", "handover_months": 2})

    def active(commitments: Commitments, family: str) -> list[int]:
        m, _ = build_model(case, model, commitments=commitments)
        return sorted(
            {
                key[-1] if isinstance(key, tuple) else key
                for key, row in getattr(m, family).items()
                if row.active
            }
        )

    replan, handed, rolling = (Commitments(month=4, handover=h) for h in ({}, {"r": 3}, None))
    for family in ("academy", "trainers", "employment"):
        assert active(replan, family) == active(rolling, family) == list(range(4, 8)), family
    assert active(replan, "handover_coverage") == list(range(2, 8))
    assert active(handed, "handover_coverage") == list(range(4, 8))
    assert active(rolling, "handover_coverage") == list(range(8))


def test_a_region_handed_over_before_the_re_plan_sees_no_tour_from_then() -> None:
    """A handover before the re-plan month is history, as final as one by decision: its
    region's tours lasting into it were left in the model, where the value-first warm
    start, blind to the handover, put some that no completion could keep; the search was
    refused, and a re-plan of Timor-Leste stopped at 20 s had cancelled 46 tours so."""
    from forcegen.model.sets import Commitments, build_data

    regions = [Region(region=r, population=1, risk=1) for r in ("calm", "hot")]
    case = scenario(
        months=8,
        regions=regions,
        units=[unit("u")],
        demand=[("calm", "guard", 0, 7, 100), ("hot", "guard", 0, 7, 100)],
    )
    model = with_rules(spec(handover=1.0), mission={"end": "end-state", "handover_months": 2})
    handed = build_data(case, model, commitments=Commitments(month=4, handover={"hot": 2}))
    rolling = build_data(case, model, commitments=Commitments(month=4, handover=None))
    assert {region for _, _, region, _ in handed.tours} == {"calm"}
    assert {region for _, _, region, _ in rolling.tours} == {"calm", "hot"}


def test_a_conflict_with_calm_regions_first_names_it() -> None:
    from forcegen.diagnose import diagnose

    # Calm keeps guard all along, which the domestic force may not take: it is never
    # handed over, so neither is hot, whose training demand (10,000 from month 4) a hard
    # floor of full coverage asks of it only until its handover. The diagnosis blamed the
    # floor alone, the order unnamed.
    regions = [Region(region=r, population=1, risk=risk) for r, risk in (("calm", 1), ("hot", 3))]
    training = "constabulary_training"
    case = scenario(
        months=8,
        tasks=("patrol", "guard", training),
        nations=[nation(tour_months=4)],
        units=[unit("u"), unit("v")],
        regions=regions,
        effectiveness={"guard": 1.0, training: 1.0},
        demand=[
            ("calm", "patrol", 0, 7, 100),
            ("calm", "guard", 0, 7, 100),
            ("hot", "patrol", 0, 7, 100),
            ("hot", training, 4, 7, 10_000),
        ],
        domestic={"initial_strength": 200, "tasks": ("patrol",)},
    )
    mission = {"end": "end-state", "handover_months": 2, "coverage_floor": 1.0}
    model = with_rules(spec(handover=1.0), mission={**mission, "handover_order": "calm-first"})
    lines = diagnose(case, model, model.solver)
    assert lines[0].startswith("coverage_floor")
    assert "calm regions first (mission.handover_order)" in lines[-2]


def test_the_diagnosis_gets_what_the_solve_left_of_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import forcegen.run
    from forcegen.spec import SolverOptions

    case = scenario(
        months=6,
        nations=[nation(tour_months=1)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    model = with_rules(
        spec(), mission={"end": "end-date", "end_date": month(2), "coverage_floor": 1.0}
    )
    given: list[float] = []

    def diagnose(_: Scenario, __: object, options: SolverOptions, *___: object) -> list[str]:
        given.append(options.time_limit)
        return ["explained"]

    monkeypatch.setattr(forcegen.run, "diagnose", diagnose)
    limit = 30.0
    with pytest.raises(forcegen.run.Infeasible):
        forcegen.run.solve_scenario(
            case, model, model.solver.model_copy(update={"time_limit": limit})
        )
    (left,) = given
    assert 1.0 <= left < limit


def test_turbulence_prefers_fewer_tours() -> None:
    # Tour 1 with no dwell: covering 3 months takes 3 tours whatever; with demand only in
    # month 0 and 2, exactly 2 tours. A turbulence weight never adds a useless tour.
    case = scenario(
        months=3,
        nations=[nation(tour_months=1)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 0, 100), ("r", "guard", 2, 2, 100)],
    )
    plan = solve(case, spec(turbulence=1.0))
    assert len(plan.assignments) == 2


def test_every_family_has_a_test() -> None:
    # A family added to the model without a behavioural test here fails this registry check.
    by_decision = test_a_handover_by_decision_ends_tours_and_asks_nothing_of_the_domestic_force
    tested = {
        "add_rotation": test_rotation_dwell_keeps_unit_home,
        "add_redeployment": (
            test_replan.test_a_unit_goes_on_in_one_place_when_its_dwell_runs_past_the_horizon
        ),
        "add_deployment": test_ceiling_and_a_shrinking_ceiling,
        "add_reserve_frequency": test_reserve_frequency_two_per_window,
        "add_reserve_mobilization_length": (
            test_reserve_mobilization_length_counts_call_ups_in_a_row_as_one
        ),
        "add_reserve_share": test_reserve_share_caps_reservists,
        "add_coverage": test_coverage_counts_effective_personnel,
        "add_coverage_floor": test_a_coverage_floor_buys_what_its_price_would_not,
        "add_ceiling": test_ceiling_and_a_shrinking_ceiling,
        "add_budget": test_budget_per_fiscal_year,
        "add_lead_share": test_lead_share,
        "add_serves": test_nations_per_region,
        "add_serves_floor": test_min_nations_hard,
        "add_presence": test_nations_counted_at_once_may_relieve_one_another,
        "add_nations_per_region": test_nations_per_region,
        "add_nations_per_sector": test_nations_per_sector,
        "add_min_nations": test_min_nations_hard,
        "add_academy": test_training_pipeline_limits_growth,
        "add_trainers": test_training_pipeline_limits_growth,
        "add_strength": test_training_pipeline_limits_growth,
        "add_employment": test_training_pipeline_limits_growth,
        "add_handover_durable": test_handover_waits_for_k_months_of_the_horizon,
        "add_handover_order": test_calm_regions_are_handed_over_first,
        "add_handover_presence": by_decision,
        "add_handover_coverage": test_handover_after_domestic_holds_region,
        "add_change": test_replan.test_minimal_change_replaces_a_lost_unit_only_when_it_pays,
        "add_commitments": test_replan.test_frozen_and_running_tours_never_change,
    }
    assert {f.__name__ for f in FAMILIES} == set(tested)


def test_constraint_names_read_as_rules() -> None:
    case = scenario(months=6, units=[unit("u")], demand=[("r", "guard", 0, 1, 100)])
    m, _ = build_model(case, spec())
    names = {c.name for c in m.component_objects(pyo.Constraint)}
    assert {"coverage", "academy", "trainers", "strength_balance"} <= names
