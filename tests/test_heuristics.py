"""The value-first warm start and its end-state pass.

A warm start is only useful if HiGHS accepts it: with its integer values fixed, the
model's continuous part (recruits, domestic employment, shortfall) must be feasible.
"""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from forcegen import load_scenario, prepare
from forcegen.greedy import greedy_plan, warm_start_values
from forcegen.heuristics import (
    ORDERS,
    Valuation,
    keeping_soft_rules,
    order_plan,
    orders,
    value_first_plans,
)
from forcegen.model.build import build_model
from forcegen.model.sets import Commitments, CommittedTour
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import Budget, Region
from forcegen.sectors import sector_nations
from forcegen.solve import solve_model
from forcegen.spec import ModelSpec, load_spec
from tests.conftest import TIMOR
from tests.factory import (
    calm_and_hot_case,
    handover_case,
    nation,
    relieved_case,
    reserve_nation,
    scenario,
    solve,
    spec,
    two_nations_asked,
    unit,
    with_rules,
)

END_STATE = with_rules(spec(handover=1.0), mission={"end": "end-state", "handover_months": 2})


def fixed_start_objective(
    case: Scenario, model: ModelSpec
) -> tuple[str, float | None, dict[str, int]]:
    """Solve the model with the heuristic's integer values fixed."""
    m, data = build_model(case, model)
    plan = value_first_plans(data)[0]
    for var, value in warm_start_values(m, data, plan):
        var.fix(value)
    result = solve_model(m, model.solver)
    # No value where the start breaks a rule: said by the termination the test asserts,
    # where reading the objective had raised Pyomo's "No value for uninitialized" instead.
    return result.termination, pyo.value(m.objective, exception=False), plan.handover


def test_hands_over_at_the_earliest_month_it_pays() -> None:
    termination, objective, handover = fixed_start_objective(handover_case(100), END_STATE)
    assert handover == {"r": 6}
    assert termination == "optimal"
    # Months 0-5 not handed over cost 1 each; the unit and the domestic force cover all.
    assert objective == pytest.approx(6)


def test_the_warm_start_hands_calm_regions_over_first_where_the_model_asks() -> None:
    # factory.calm_and_hot_case: hot could go in month 2, calm in month 6.
    mission = END_STATE.mission.model_dump()
    for order, handover in (("any", {"calm": 6, "hot": 2}), ("calm-first", {"calm": 6, "hot": 6})):
        model = with_rules(END_STATE, mission={**mission, "handover_order": order})
        termination, _, handed = fixed_start_objective(calm_and_hot_case(), model)
        assert (termination, handed) == ("optimal", handover), order


def test_no_handover_when_the_domestic_force_cannot_hold() -> None:
    termination, objective, handover = fixed_start_objective(handover_case(50), END_STATE)
    assert handover == {}
    assert termination == "optimal"
    assert objective is not None and objective >= 8


def test_no_handover_for_end_date_missions() -> None:
    # The end-state mission's start hands the same case over: else {} said nothing.
    ended = with_rules(spec(handover=1.0), mission={"end": "end-date", "end_date": "2000-08"})
    for model, handover in ((END_STATE, {"r": 6}), (ended, {})):
        _, data = build_model(handover_case(100), model)
        assert value_first_plans(data)[0].handover == handover, model.mission.end


def test_timor_warm_start_hands_over_and_is_accepted() -> None:
    model = load_spec("security-keeping")
    termination, _, handover = fixed_start_objective(load_scenario(TIMOR), model)
    assert len(handover) >= 1
    assert termination == "optimal"


def test_timor_warm_start_keeps_the_nations_per_sector_rule() -> None:
    # Timor's 13 regions lie in four sectors; at most three nations in each.
    base = load_spec("security-keeping")
    coalition = base.coalition.model_copy(update={"max_nations_per_sector": 3})
    model = base.model_copy(update={"coalition": coalition})
    case = load_scenario(TIMOR)
    termination, _, _ = fixed_start_objective(case, model)
    assert termination == "optimal"
    _, data = build_model(case, model)
    for plan in (value_first_plans(data)[0], greedy_plan(data)):
        serving: dict[str, set[str]] = {}
        for i, count in plan.counts.items():
            group, _, region, _ = data.tours[i]
            if count:
                serving.setdefault(case.sector_of[region], set()).add(data.groups[group].nation)
        assert max(map(len, serving.values())) == 3


def test_a_hard_least_nations_rule_is_kept_by_the_warm_start() -> None:
    # B's tour joins the start, which the model then accepts.
    case, model = two_nations_asked()
    _, data = build_model(case, model)
    for plan in value_first_plans(data):
        nations = {data.groups[data.tours[i][0]].nation for i, n in plan.counts.items() if n}
        assert nations == {"A", "B"}
    termination, _, _ = fixed_start_objective(case, model)
    assert termination == "optimal"


def test_the_warm_start_relieves_a_nation_where_nations_are_counted_at_once() -> None:
    """`relieved_case` at one nation a region: counted at once, the start has A's tour and
    B's after it, none short; over the horizon, A's alone (month 0's gap filled first)."""
    for counted, nations in (("at-once", ["A", "B"]), ("over-the-horizon", ["A"])):
        model = with_rules(
            spec(), coalition={"max_nations_per_region": 1, "nations_counted": counted}
        )
        _, data = build_model(relieved_case(), model)
        plan = greedy_plan(data)
        served = sorted(data.groups[data.tours[i][0]].nation for i, n in plan.counts.items() if n)
        assert served == nations
        termination, objective, _ = fixed_start_objective(relieved_case(), model)
        assert termination == "optimal"
        assert objective == pytest.approx(0 if counted == "at-once" else 600)


def test_lead_first_when_partners_would_shut_the_lead_out() -> None:
    """One nation per region and a 30% lead share: the partner's bigger unit is worth more
    and, taken first, leaves the lead no room, so it must be dropped again (2 x 600 = 1,200
    shortfall). The lead's unit first leaves 100 of 200 short for 6 months: 600."""
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B")],
        units=[unit("a", "A", 100), unit("b", "B", 200)],
        demand=[("r", "guard", 0, 5, 200)],
    )
    model = with_rules(spec(), coalition={"max_nations_per_region": 1, "lead_min_share": 0.3})
    m, data = build_model(case, model)
    plan = value_first_plans(data)[0]
    assert [data.tours[i][0] for i, n in plan.counts.items() if n] == ["a"]
    for var, value in warm_start_values(m, data, plan):
        var.fix(value)
    assert solve_model(m, model.solver).objective == pytest.approx(600)


def test_value_per_money_first_when_the_budget_binds() -> None:
    """1 per person-month, tours of 6 months, 1,800 to spend, demand 150 in r1 and 100 in r2
    for 6 months (1,500 person-months). The 300-strong unit is worth most (150 x 6 in r1)
    but spends it all and leaves r2 short: 600. The two 100-strong units cover 100 in each
    region for 1,200, and the 600 left buys no tour of the big unit, paid for whole in the
    fiscal year (1,800) even where it runs past the horizon: 50 x 6 = 300 short, the
    optimum."""
    case = scenario(
        months=6,
        regions=[Region(region=r, population=1000, risk=1) for r in ("r1", "r2")],
        nations=[nation(cost_per_person_month=1.0)],
        units=[unit("big", personnel=300), unit("s1"), unit("s2")],
        demand=[("r1", "guard", 0, 5, 150), ("r2", "guard", 0, 5, 100)],
        budgets=[Budget(nation="A", fiscal_year=2000, budget=1800)],
    )
    model = spec()
    m, data = build_model(case, model)
    plan = value_first_plans(data)[0]
    for var, value in warm_start_values(m, data, plan):
        var.fix(value)
    assert solve_model(m, model.solver).objective == pytest.approx(300)
    assert solve(case, model).coverage["shortfall"].sum() == pytest.approx(300)


def test_many_tours_valued_at_once_as_one_by_one() -> None:
    """`Valuation.values` (all candidates in one array expression) gives each tour the value
    `Valuation.value` gives it alone, whatever is left of the demand: partly covered months,
    over-covered ones (negative gaps) and tours that run past the horizon."""
    _, data = build_model(load_scenario(TIMOR), load_spec("security-keeping"))
    valuation = Valuation(data)
    gaps = valuation.gaps(data)
    for n, row in enumerate(gaps):
        for t in range(len(row)):
            row[t] -= (n * 37 + t * 11) % 300 - 50
    tours = list(range(len(data.tours)))
    assert any(data.counting(i).stop > data.horizon for i in tours)
    assert valuation.values(tours, gaps).tolist() == pytest.approx(
        [valuation.value(i, gaps) for i in tours], rel=1e-12
    )


def test_plans_made_beside_the_build_are_the_plans_made_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the orders shared between this process and a second one (`prepare`),
    each order's plan is the one it makes alone, ranked the same."""
    case, model = load_scenario(TIMOR), load_spec("security-keeping")
    _, data = build_model(case, model)
    alone = value_first_plans(data)
    monkeypatch.setattr(prepare, "BESIDE", 0)
    m, _, beside = prepare.build_planned(case, model)
    assert len(beside) == len(alone) >= len(ORDERS)
    assert [(p.counts, p.handover, p.recruits) for p in beside] == [
        (p.counts, p.handover, p.recruits) for p in alone
    ]
    assert len(m.tour) == len(data.tours)


def test_the_second_process_alone_makes_the_plans_made_here() -> None:
    """Every order claimed by the second process (`prepare.Helper`): its plans, sent back
    through the pipe, are the ones this process makes."""
    case, model = load_scenario(TIMOR), load_spec("security-keeping")
    _, data = build_model(case, model)
    sectors, valuation = sector_nations(data), Valuation(data)
    helper = prepare.Helper(data)
    try:
        helper.share(sectors)
        made = helper.made()
    finally:
        helper.close()
    assert sorted(made) == list(range(orders(sectors)))
    for n, (plan, objective) in made.items():
        alone, value = order_plan(data, valuation, n, sectors)
        assert (plan.counts, plan.handover, objective) == (alone.counts, alone.handover, value)


def test_the_second_process_killed_by_an_interrupt_closes_quietly(tiny: Scenario) -> None:
    """A SIGTERM reaches both processes: closing the pipe to the one killed, with bytes
    still to flush, raised BrokenPipeError and the interrupt ended as exit 1."""
    _, data = build_model(tiny, load_spec("security-keeping"))
    helper = prepare.Helper(data)
    helper.process.kill()
    helper.process.wait()
    helper.thread.join()  # its writing ends with the process
    assert helper.process.stdin is not None
    helper.process.stdin.write(b"left in the buffer")
    helper.close()  # raised BrokenPipeError
    assert helper.process.stdin.closed and helper.made() == {}


def test_reserves_a_window_commits_get_active_tours_beside_them() -> None:
    """A rolling window commits the reserves the earlier window mobilized, not the active
    tours it decided later beside them: the warm start adds active tours until the hard
    reserve share holds, where it had broken it and left the search nothing to start from
    (Timor-Leste's second window at a 5 s limit ended with no plan)."""
    from forcegen.model.sets import Commitments, CommittedTour, build_data

    case = scenario(
        months=12,
        nations=[
            nation(
                reserve_max_share=0.2,
                reserve_max_months=12,
                reserve_mobilizations=1,
                reserve_window_months=12,
            )
        ],
        units=[*(unit(f"a{n}") for n in range(5)), unit("r", component="reserve")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    # The reserve covers months 3-8 whole: an active tour there is worth nothing by value,
    # and no one active tour mends a share of 0.2 alone (one had been refused for that).
    window = Commitments(month=3, tours=(CommittedTour("r", "guard", "r", 3, 8),))
    data = build_data(case, spec(), commitments=window)
    for plan in value_first_plans(data):
        for t in range(3, 9):
            present = [
                (data.groups[data.tours[i][0]], count)
                for i, count in plan.counts.items()
                if t in data.in_theatre(i)
            ]
            everyone = sum(group.personnel * count for group, count in present)
            reserve = sum(
                group.personnel * count for group, count in present if group.component == "reserve"
            )
            assert reserve <= 0.2 * everyone, (t, plan.counts)


@pytest.mark.parametrize("called_off", [(), (("r", 0),)])
def test_the_warm_start_calls_a_reserve_up_no_more_often_than_its_window_allows(
    called_off: tuple[tuple[str, int], ...],
) -> None:
    """Two call-ups in any 12 months, each a month of training and a 3-month tour, with no
    dwell: kept a month at home between call-ups, the unit was mobilized in months 0, 5 and
    10, three in one window, and the model refused the start (the reviewer's Timor-Leste,
    AUS-inf-r1 with no dwell and 2 call-ups in 36 months, ended with no plan). In a re-plan
    from month 1, a call-up of month 0 the events stood down counts in the window too."""
    from forcegen.model.sets import Commitments

    case = scenario(
        months=24,
        nations=[reserve_nation(training=1, calls=2, tour_months=3)],
        units=[unit("r", component="reserve")],
        demand=[("r", "guard", 0, 23, 100)],
    )
    model = spec()
    commitments = Commitments(month=1, called_off=called_off) if called_off else None
    m, data = build_model(case, model, commitments=commitments)
    for plan in [*value_first_plans(data), greedy_plan(data)]:
        mobilized = [data.blocked(i).start for i, n in plan.counts.items() for _ in range(n)]
        mobilized += [m0 for _, m0 in called_off]
        assert len(mobilized) > len(called_off), plan.counts
        for w in range(-11, 24):
            assert sum(w <= m0 < w + 12 for m0 in mobilized) <= 2, sorted(mobilized)
        for var, value in warm_start_values(m, data, plan):
            var.fix(value)
        assert solve_model(m, model.solver).termination == "optimal"


def test_the_warm_start_keeps_a_soft_rule_as_a_hard_one(tiny: Scenario) -> None:
    """The model prices a soft rule's breach at a million a unit, which the heuristics'
    reckoning does not see: they keep it as a hard one. With the lead's share of 90% soft,
    the start had taken partners' tours, priced 1.3e11 on Timor-Leste against 8.5e6 with
    the rule hard, and the search did not come back from it within its time."""
    base = load_spec("security-keeping")
    model = base.model_copy(
        update={
            "coalition": base.coalition.model_copy(update={"lead_min_share": 0.9}),
            "rules": base.rules.model_copy(update={"lead_share": "soft"}),
        }
    )
    _, data, plans = prepare.build_planned(tiny, model)
    assert data.spec.rules.lead_share == "soft"  # the model's own, priced
    person_months: dict[str, float] = {}
    for i, count in plans[0].counts.items():
        group = data.groups[data.tours[i][0]]
        months = sum(1 for t in data.in_theatre(i) if t < data.horizon)
        person_months[group.nation] = (
            person_months.get(group.nation, 0) + count * months * group.personnel
        )
    total = sum(person_months.values())
    assert total > 0 and person_months.get("AAA", 0) >= 0.9 * total - 1e-6, person_months


def test_a_soft_rule_priced_below_a_shortfall_is_left_to_the_search(tiny: Scenario) -> None:
    """Kept as hard only where a unit of breach costs more than a person-month short on the
    dearest task (border control: 10 x 3 = 30); least-nations as the model has it, since
    one no plan can keep would refuse every handover the heuristics weigh."""
    base = load_spec("security-keeping")
    soft = base.rules.model_copy(update={"lead_share": "soft"})
    for slack, kept in ((29.0, "soft"), (30.0, "hard")):
        weights = base.weights.model_copy(update={"slack": slack})
        model = base.model_copy(update={"rules": soft, "weights": weights})
        _, data = build_model(tiny, model)
        rules = keeping_soft_rules(data).spec.rules
        assert (rules.lead_share, rules.min_nations) == (kept, "soft")


def test_the_warm_start_employs_no_officer_on_a_task_ended_by_its_handover() -> None:
    # Patrol (100) and escort (50) in r all year, both the domestic force's (150 officers),
    # escort ending at handover. Handed over in month 4 (K = 2), patrol is held from month
    # 2 at 100 officers; escort is a gap before month 4 and none from it on: the 50 left
    # over fill it in months 0-3 and stand idle after.
    from forcegen.greedy import PlanState, employ

    case = scenario(
        months=8,
        tasks=("patrol", "escort"),
        units=[unit("u")],
        effectiveness={"patrol": 1.0, "escort": 1.0},
        demand=[("r", "patrol", 0, 7, 100), ("r", "escort", 0, 7, 50)],
        domestic={"initial_strength": 150, "tasks": ("patrol", "escort")},
        ending=("escort",),
    )
    _, data = build_model(case, END_STATE)
    officers = employ(data, PlanState(), [150.0] * 8, {"r": 4})
    assert [officers.get(("r", "escort", t), 0.0) for t in range(8)] == [50.0] * 4 + [0.0] * 4
    assert [officers[("r", "patrol", t)] for t in range(8)] == [100.0] * 8


def _starts_kept(case: Scenario, model: ModelSpec) -> list[tuple[str, int]]:
    """How the model ends with each of the heuristics' starts fixed (the value-first plan
    and the month-by-month hand planner's), "optimal" where the start keeps every rule,
    and the tours the start sends: a start of none keeps every rule too, and had passed."""
    m, data = build_model(case, model)
    ended: list[tuple[str, int]] = []
    for plan in (value_first_plans(data)[0], greedy_plan(data)):
        for var in m.component_data_objects(pyo.Var):
            var.unfix()
        for var, value in warm_start_values(m, data, plan):
            var.fix(value)
        ended.append((solve_model(m, model.solver).termination, sum(plan.counts.values())))
    return ended


# Each rule the heuristics keep, where it binds: a mutation of one (the tour's own people,
# money or reservists left out of its check) had failed only a Timor-sized test, whose
# failure named no rule (a mutation tester's note).
@pytest.mark.parametrize(
    "limit",
    [
        {"ceiling": 150},  # one of two units of 100 at a time
        # Money for one unit's tour of six months (100 people at 1,000 a person-month).
        {"cost_per_person_month": 1000.0, "budget_per_year": 600_000.0},
    ],
    ids=["ceiling", "budget"],
)
def test_the_heuristics_keep_a_nations_ceiling_and_budget(limit: dict[str, float]) -> None:
    """Demand asks for both units; the nation's ceiling or budget allows one."""
    case = scenario(
        months=6,
        nations=[nation(**limit)],
        units=[unit("a"), unit("b")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    assert _starts_kept(case, spec()) == [("optimal", 1)] * 2


def test_the_heuristics_keep_the_nations_per_region() -> None:
    """One nation a region: B's unit stays out of the region A serves."""
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    model = with_rules(spec(), coalition={"max_nations_per_region": 1, "min_nations": None})
    assert _starts_kept(case, model) == [("optimal", 1)] * 2


def test_the_heuristics_keep_a_nations_reserve_share() -> None:
    """Reserves at most half of those in theatre: one reserve unit beside the active one."""
    case = scenario(
        months=6,
        nations=[reserve_nation("A", training=0, max_months=6, reserve_max_share=0.5)],
        units=[unit("a"), unit("b", component="reserve"), unit("c", component="reserve")],
        demand=[("r", "guard", 0, 5, 300)],
    )
    assert _starts_kept(case, spec()) == [("optimal", 2)] * 2  # the active unit and a reserve


def test_the_heuristics_keep_a_groups_units_busy_at_once() -> None:
    """Two identical units, demand for three: no third tour at once."""
    case = scenario(months=6, units=[unit("a"), unit("b")], demand=[("r", "guard", 0, 5, 300)])
    assert _starts_kept(case, spec()) == [("optimal", 2)] * 2


def test_the_warm_start_keeps_a_month_home_after_a_reserve_redeployed() -> None:
    """A reserve unit (a month's training, 4-month tours, no dwell, at most 5 months
    mobilized in a row) mobilized in month 0, its tour in r1 cut short after month 2 (a
    re-plan's from month 2); r2 wants 100 in months 3-4 and 6-9. Redeployed to r2 in months
    3-4 to its call-up's end, a new call-up from month 5 (in theatre 6-9) made ten months
    mobilized in a row: the redeployment goes on with the call-up before it, but the month
    after it is the unit's month at home, as after any call-up. The model refused the
    start."""
    case = scenario(
        months=12,
        nations=[
            nation(
                reserve_training_months=1,
                reserve_max_months=5,
                reserve_mobilizations=1,
                reserve_window_months=3,
                tour_months=4,
            )
        ],
        units=[unit("u", component="reserve")],
        regions=[Region(region=r, population=1000, risk=1) for r in ("r1", "r2")],
        demand=[("r1", "guard", 1, 2, 100), ("r2", "guard", 3, 4, 100), ("r2", "guard", 6, 9, 100)],
    )
    commitments = Commitments(month=2, tours=(CommittedTour("u", "guard", "r1", 1, 2),))
    m, data = build_model(case, spec(), commitments=commitments)
    assert [(data.tours[i], data.in_theatre(i)) for i in data.redeployed] == [
        (("u", "guard", "r2", 3), range(3, 5))
    ]
    for plan in value_first_plans(data):
        for var in m.component_data_objects(pyo.Var):
            var.unfix()
        for var, value in warm_start_values(m, data, plan):
            var.fix(value)
        assert solve_model(m, spec().solver).termination == "optimal", plan.counts
