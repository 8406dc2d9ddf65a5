"""What the diagnosis of a scenario with no plan tells the planner: which rules conflict,
which data rows keep the plan out, and what to change."""

from __future__ import annotations

from pathlib import Path

from forcegen.diagnose import diagnose
from forcegen.spec import MODELS_DIR, load_spec
from tests.conftest import TINY
from tests.factory import month, nation, reserve_nation, scenario, spec, unit, with_rules


def test_too_few_nations_in_the_scenario_are_counted_and_the_setting_to_lower_named() -> None:
    """Two nations and a hard minimum of three: no plan, whatever the forces. The diagnosis
    had said "1 nation short" and the rules kept beside it (a ceiling, a lead share), not
    that the scenario has two nations, nor that lowering the minimum or making it soft
    gives a plan; nor, after it, that it conflicts with rules kept: the count alone does."""
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    model = with_rules(
        spec(),
        coalition={"min_nations": 3, "max_nations_per_region": None},
        rules={"min_nations": "hard"},
    )
    lines = diagnose(case, model, model.solver)
    assert lines[0] == "min_nations: too few nations can serve at all; 1 nation short in all"
    assert lines[1] == "  the scenario has 2 nation(s) (A, B), fewer than 3"
    # The count alone leaves no plan: no rule kept is the other side of it.
    assert not any(line.startswith("it conflicts with") for line in lines)
    assert len(lines) == 3
    assert lines[-1] == (
        "to change: lower coalition.min_nations (now 3); or make it soft in the model "
        "(rules.min_nations: soft), a breach then priced"
    )


def test_a_nation_its_ceiling_keeps_out_is_named_beside_the_minimum_it_misses() -> None:
    """B's ceiling of 50 is below its only unit of 100, so only A can serve, one nation
    short of the two asked: the nation without a tour is the row to look at."""
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B", ceiling=50)],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    model = with_rules(
        spec(),
        coalition={"min_nations": 2, "max_nations_per_region": None},
        rules={"min_nations": "hard"},
    )
    lines = diagnose(case, model, model.solver)
    assert lines[0] == "min_nations: too few nations can serve at all; 1 nation short in all"
    assert lines[1] == "  no tour in the relaxed plan: B"
    assert lines[2].startswith("it conflicts with")


def test_an_end_date_before_the_floor_is_met_says_both_settings_to_change() -> None:
    """A hard floor of 100% with demand to month 5 and an end-date after month 2: lower the
    floor, end later, or make the floor soft."""
    case = scenario(
        months=6,
        nations=[nation(tour_months=1)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    model = with_rules(
        spec(),
        mission={"end": "end-date", "end_date": month(2), "coverage_floor": 1.0},
    )
    lines = diagnose(case, model, model.solver)
    assert lines[-1] == (
        "to change: lower mission.coverage_floor (now 1); or a later mission.end_date "
        "(now 2000-03); or make it soft in the model (rules.coverage_floor: soft), "
        "a breach then priced"
    )


def test_a_total_budget_too_small_for_the_nations_asked_is_said_in_the_currency() -> None:
    """Two nations asked, hard, and a total budget of 1,000 where A's tour costs 60,000
    (100 personnel for 6 months at 100; B's are free): 59,000 over, said so where it had
    read "0.1 million over", and the figure to raise written in full."""
    case = scenario(
        months=6,
        nations=[nation("A", cost_per_person_month=100.0), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    model = with_rules(
        spec(),
        mission={"total_budget": 1_000},
        coalition={"min_nations": 2, "max_nations_per_region": None},
        rules={"min_nations": "hard"},
    )
    lines = diagnose(case, model, model.solver)
    assert lines[0] == (
        "total_budget: keeping the other hard rules costs more than the mission's total "
        "budget; 59,000 USD over the mission's total budget in all"
    )
    # Its one row, "mission: 59,000", would say the total again.
    assert "min_nations (2)" in lines[1]
    assert lines[2] == (
        "to change: raise mission.total_budget (now 1,000); or make it soft in the model "
        "(rules.budget: soft), a breach then priced"
    )


def test_a_relaxed_solve_with_no_plan_says_its_time_limit_to_a_tenth() -> None:
    """The relaxed solve gets what the first left of the time limit, 29.2024 s on Timor:
    said to a tenth."""
    from forcegen.diagnose import _no_relaxed_plan
    from forcegen.solve import SolveResult
    from forcegen.spec import SolverOptions

    stopped = SolveResult("time_limit", "none", None, None, 0.0, 29.2, "")
    (line,) = _no_relaxed_plan(stopped, SolverOptions(time_limit=29.2024))
    assert line.startswith("no plan was found within 29.2 s even with every hard rule relaxed")


def test_a_relaxed_solve_that_failed_says_so_not_to_give_it_more_time() -> None:
    """HiGHS's error, or its process dead (killed, short of memory): more time was the
    advice, as for a solve the time limit stopped."""
    from forcegen.diagnose import _no_relaxed_plan
    from forcegen.solve import SolveResult
    from forcegen.spec import SolverOptions

    failed = SolveResult("error", "none", None, None, 0.0, 1.0, "")
    (line,) = _no_relaxed_plan(failed, SolverOptions(time_limit=29.2))
    assert line.startswith("the solve with every hard rule relaxed failed")
    assert "a longer time limit will not help" in line and "give the solver more" not in line


def test_a_floor_in_more_cells_than_units_there_yet_is_explained() -> None:
    """Two regions of demand 100 from the first month, a floor of half, A's one unit there
    from the start and B's joining in the third month: in the first two months one region
    is short 50 below its floor whatever the plan, 100.0 in all. The relaxed solve had
    named the regions alone (Timor's 42 cells with two units in its first month, said
    as 43 lines of cells), not that its units were too few yet."""
    from forcegen.scenario.schema import Region

    case = scenario(
        months=6,
        nations=[nation("A"), nation("B", join=month(2))],
        units=[unit("a"), unit("b", nation="B")],
        regions=[Region(region=r, population=1000, risk=1) for r in ("r", "s")],
        demand=[("r", "guard", 0, 5, 100), ("s", "guard", 0, 5, 100)],
    )
    model = with_rules(
        spec(),
        mission={"coverage_floor": 0.5},
        coalition={"max_nations_per_region": None},
    )
    lines = diagnose(case, model, model.solver)
    assert lines[0].startswith("coverage_floor") and "100.0 effective personnel" in lines[0]
    assert lines[1] == (
        "  100.0 of it falls in 2 month(s) between 2000-01 and 2000-02 when the floor asks "
        "for a unit in more region/task cells than units can count there, each tour serving "
        "one (2 cells, 1 unit(s) in 2000-01: nations' join, units' available_from, reserve "
        "training and overlap_months hold the others back)"
    )


def test_a_floor_a_reserve_called_up_once_a_window_cannot_keep_names_the_call_ups() -> None:
    """A reserve unit called up once in any 12 months for a 6-month tour covers half the
    year: a floor over all of it breaks, and the rule on the other side is the call-ups',
    which "rotation and dwell" had stood for unnamed."""
    case = scenario(
        months=12,
        nations=[reserve_nation(training=0, max_months=6)],
        units=[unit("u", component="reserve")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    model = with_rules(spec(), mission={"coverage_floor": 0.5})
    lines = diagnose(case, model, model.solver)
    assert lines[0].startswith("coverage_floor") and "300.0 effective personnel" in lines[0]
    assert lines[-2] == (
        "it conflicts with one or more of the hard rules kept (ceiling) or of what no solve "
        "relaxes (rotation and dwell, the domestic pipeline, reserve call-ups "
        "(reserve_mobilizations in reserve_window_months, reserve_max_months))"
    )


def test_the_tables_to_change_are_named_as_tables_for_a_folder_or_a_workbook() -> None:
    """The scenario may have been read from a workbook, whose tables are sheets, and no
    longer knows which: "nations.csv ceiling, ceilings.csv" had named files a workbook's
    planner has none of. Tables, as validate's messages say them where a file is no place."""
    from forcegen.diagnose import _to_change

    model = with_rules(spec(), rules={"reserve_share": "hard"})
    case = scenario(months=6, units=[unit("u")], demand=[("r", "guard", 0, 5, 100)])
    broken: dict[str, dict[object, float]] = {"ceiling": {}, "budget": {}, "reserve_share": {}}
    line = _to_change(case, model, broken, {})
    assert line == (
        "to change: raise the ceilings of the nations named (the nations table's ceiling, the "
        "ceilings table); or raise the budgets of the nations named (the nations table's "
        "budget_per_year, the budgets table); or raise reserve_max_share of the nations named "
        "(the nations table); or make them soft in the model (rules.budget: soft, "
        "rules.ceiling: soft, rules.reserve_share: soft), a breach then priced"
    )
    assert ".csv" not in line


def test_a_frontier_point_without_a_plan_is_told_the_least_share_to_take(tmp_path: Path) -> None:
    """A frontier's cap is its point's share of the plan without a cap's cost, set by
    --shares: "raise mission.total_budget", a key the planner had not written, was the
    advice, and "make it soft", which would leave the point uncapped; then "a larger share",
    without which would do. Tiny with two nations asked, hard, under a cap of 1% of
    1,000,000: no plan. The cheapest tour of each nation is a military police company's:
    AAA's 150 x 1,000 x 6 months + 150 x 500 rotation = 975,000, BBB's 150 x 1,200 x 4 +
    150 x 400 = 780,000; together 1,755,000, 1,745,000 over the cap of 10,000. A share of
    0.01 x 1,755,000 / 10,000 = 1.755 would do: 1.76, rounded up."""
    from forcegen.diagnose import set_by_share
    from forcegen.fileformat import INFEASIBLE_FILE
    from forcegen.sweep.compare import frontier_sweep
    from forcegen.sweep.runner import run_sweep

    text = (MODELS_DIR / "security-keeping.yaml").read_text()
    model = tmp_path / "two.yaml"
    model.write_text(
        text.replace("min_nations: soft", "min_nations: hard").replace(
            "  min_nations: 3", "  min_nations: 2"
        )
    )
    points = frontier_sweep(TINY, str(model), load_spec(model), 1e6, [0.01], {"time_limit": 20})
    index = run_sweep(points, tmp_path / "f", warn=False, set_by=set_by_share(1e6))
    advice = (
        "to change: a larger share for this point (frontier --shares), its cap on the cost "
        "of tours (mission.total_budget) too low (now 10,000): a share of at least 1.76 "
        "covers the 1,745,000 USD over"
    )
    assert index["status"].tolist() == ["infeasible"]
    assert str(index.loc[0, "error"]).endswith(advice)
    assert (tmp_path / "f" / "budget-0.01" / INFEASIBLE_FILE).read_text().endswith(advice + "\n")


def test_a_sweep_variant_without_a_plan_is_told_to_change_what_it_sets(tmp_path: Path) -> None:
    """A variant setting rules.min_nations: hard and min_nations: 5 on tiny (2 nations,
    security-keeping's minimum soft): 3 nations short. It was told to lower the model's
    coalition.min_nations, or make it soft in the model, which has it soft already: the
    variant's values override both, so the variant is where they change."""
    from forcegen.sweep.runner import run_sweep
    from forcegen.sweep.spec import SweepSpec, Variant

    overrides = {"model.rules.min_nations": "hard", "model.coalition.min_nations": 5}
    sweep = SweepSpec(
        name="s",
        scenario=TINY,
        solver={"time_limit": 20},
        variants=[Variant(name="X", set=overrides)],
    )
    index = run_sweep(sweep, tmp_path / "s", warn=False)
    assert index["status"].tolist() == ["infeasible"]
    assert str(index.loc[0, "error"]) == (
        "min_nations: too few nations can serve at all; 3 nations short in all; the scenario "
        "has 2 nation(s) (AAA, BBB), fewer than 5; to change: lower coalition.min_nations in "
        "the sweep's variant X, which sets it (now 5); or make it soft in the sweep's "
        "variant X, which sets model.rules.min_nations: hard, a breach then priced"
    )


def test_a_variant_setting_a_minimum_but_not_its_rule_is_told_the_model_may_make_it_soft() -> None:
    """A variant setting min_nations: 3 under a model that has the rule hard: the count is
    lowered in the variant, and the rule, which the variant leaves to the model, made soft
    there; the frontier's cap, never soft, is no pattern for it."""
    from forcegen.diagnose import _to_change, set_by_variant

    model = with_rules(spec(), coalition={"min_nations": 3}, rules={"min_nations": "hard"})
    case = scenario(months=6, units=[unit("u")], demand=[("r", "guard", 0, 5, 100)])
    said = set_by_variant("Y", {"model.coalition.min_nations": 3, "settings.months": 6})
    assert _to_change(case, model, {"min_nations": {"mission": 2.0}}, said) == (
        "to change: lower coalition.min_nations in the sweep's variant Y, which sets it "
        "(now 3); or make it soft in the model (rules.min_nations: soft), a breach then priced"
    )
