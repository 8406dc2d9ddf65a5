"""Neighbourhood search: windows of months, or pairs of regions, re-solved from an
incumbent, never worse."""

from __future__ import annotations

import io
import math
import os
import sys
import threading
import time
from typing import Any

import highspy
import numpy as np
import pyomo.environ as pyo
import pytest
from pydantic import ValidationError

import forcegen.solve
from forcegen.branch import ABANDONED, DIED, INTERRUPTED, Outcome
from forcegen.greedy import GreedyPlan, warm_start_values
from forcegen.model.build import build_model
from forcegen.model.sets import ModelData
from forcegen.months import add_months
from forcegen.run import NoPlan, refused, row_in_planner_words, solve_scenario
from forcegen.scenario.schema import Region
from forcegen.search import (
    WINDOW_GAP,
    Searched,
    StartRefused,
    WholeModel,
    Windows,
    _region_pairs,
    _Search,
    improve,
    polish,
)
from forcegen.solve import (
    LARGE_MODEL_SEARCH,
    ROOT_OUT_OF_REACH,
    Relaxation,
    SolveResult,
    search_share,
    solve_model,
    to_highs,
)
from forcegen.spec import SolverOptions
from tests.conftest import TINY
from tests.factory import (
    START,
    nation,
    one_sector_two_nations_asked,
    reserve_nation,
    scenario,
    spec,
    two_nations_asked,
    unit,
    with_rules,
)


def rotation_case() -> tuple[pyo.ConcreteModel, ModelData]:
    """Two units, 6-month tours and 6 months' dwell, 100 guards wanted for 24 months: only
    alternating tours (months 0, 6, 12, 18) leave no shortfall; no tour at all leaves 2,400."""
    case = scenario(
        months=24,
        nations=[nation(tour_months=6, dwell_months=6)],
        units=[unit("u1"), unit("u2")],
        demand=[("r", "guard", 0, 23, 100)],
    )
    return build_model(case, spec())


def solve_rotation(**options: Any) -> tuple[pyo.ConcreteModel, ModelData, SolveResult]:
    """The rotation case solved from an empty plan, search first, with these solver options."""
    m, data = rotation_case()
    empty = [(m.tour[i], 0.0) for i in m.tour]
    chosen = spec().solver.model_copy(update=options)
    return m, data, solve_model(m, chosen, warm_start=empty, windows=Windows.of(m, data))


def search(
    m: pyo.ConcreteModel,
    data: ModelData,
    start: list[tuple[pyo.Var, float]],
    plans: list[GreedyPlan] | None = None,
) -> tuple[list[str], bool]:
    """The search's log lines from `start` (with the heuristic's `plans`), and whether
    every bound is back as it was."""
    highs, columns = to_highs(m)
    lp = highs.getLp()
    bounds = (np.array(lp.col_lower_), np.array(lp.col_upper_))
    log = io.StringIO()
    windows = Windows.of(m, data, plans or [])
    improve(WholeModel(highs), columns, start, windows, 10.0, (log,))
    lp = highs.getLp()
    restored = np.array_equal(lp.col_lower_, bounds[0]) and np.array_equal(lp.col_upper_, bounds[1])
    return log.getvalue().splitlines(), restored


def test_search_from_an_empty_plan_finds_the_alternating_rotation() -> None:
    m, data = rotation_case()
    lines, restored = search(m, data, [(m.tour[i], 0.0) for i in m.tour])
    assert lines[0] == "search: warm start 2,400"
    assert [line for line in lines if not line.endswith(": no better")][-1].endswith(": 0")
    assert restored  # the search cuts windows of its own and leaves the model as it was


def test_a_plans_continuous_part_is_solved_again_for_its_tours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A window stopped within its gap may leave a plan's shortfall and the domestic
    force's part short of the best for its tours (two plans of the same tours had
    objectives 40 apart): polish holds the tours and solves the rest to optimality."""
    m, _, solved = solve_rotation()
    highs, columns = to_highs(m)
    values = np.zeros(highs.getNumCol())
    for variable in m.component_data_objects(pyo.Var):
        if id(variable) in columns:
            values[columns[id(variable)]] = variable.value or 0.0
    short = [columns[id(m.shortfall[key])] for key in m.shortfall]
    padded = values.copy()
    padded[short] += 50.0  # more shortfall than the tours leave: feasible, and dearer
    model = WholeModel(highs)
    assert model.objective(padded) > model.objective(values) + 1.0
    found = polish(model, padded, 5.0)
    assert found is not None
    objective, polished = found
    assert objective == pytest.approx(solved.objective, abs=1e-6)
    tours = [columns[id(m.tour[i])] for i in m.tour]
    assert np.array_equal(polished[tours], padded[tours])  # the tours held
    # The solve's best plan so padded is polished before it is loaded, and the log says so.
    monkeypatch.setattr(
        forcegen.solve._Solve, "best", lambda self: (model.objective(padded), padded)
    )
    again = solve_model(m, spec().solver)
    assert again.objective == pytest.approx(solved.objective, abs=1e-6)
    assert "continuous part solved again with its tours held" in again.log
    assert sum(pyo.value(m.shortfall[key]) for key in m.shortfall) == pytest.approx(0.0, abs=1e-6)
    # Its time is the solve's: solve_seconds had been taken before it.
    slow = forcegen.solve.polish

    def slowly(*given: Any) -> Any:
        time.sleep(0.5)
        return slow(*given)

    monkeypatch.setattr(forcegen.solve, "polish", slowly)
    assert solve_model(m, spec().solver).solve_seconds >= 0.5


def test_the_search_and_the_polish_cut_from_one_copy_of_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The polish had copied the whole model out of HiGHS again after the search's copy
    (on L, 7.9 million nonzeros)."""
    copies: list[WholeModel] = []
    original = WholeModel.__init__

    def counted(self: WholeModel, highs: highspy.Highs) -> None:
        copies.append(self)
        original(self, highs)

    monkeypatch.setattr(WholeModel, "__init__", counted)
    polished: list[WholeModel] = []
    monkeypatch.setattr(forcegen.solve, "polish", lambda whole, *_: polished.append(whole))
    _, _, result = solve_rotation()
    assert "search: warm start" in result.log
    assert len(copies) == 1 and polished == copies


def test_a_window_refusing_the_best_plans_values_is_no_better(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only completing the warm start may refuse it: a later window finding a row its held
    values break (tolerances piled up) is no better, and the search keeps its plan, where
    the refusal had ended the search and blamed the warm start."""
    m, data = rotation_case()
    cut = WholeModel.window
    windows: list[int] = []

    def refusing(self: WholeModel, free: np.ndarray, values: np.ndarray) -> object:
        windows.append(1)
        if len(windows) > 1:
            raise StartRefused([0])
        return cut(self, free, values)

    monkeypatch.setattr(WholeModel, "window", refusing)
    lines, restored = search(m, data, [(m.tour[i], 0.0) for i in m.tour])
    assert lines[0] == "search: warm start 2,400" and len(windows) > 2
    tried = [line for line in lines[1:] if line.endswith(("no better", ": 0"))]
    assert tried and all(line.endswith(": no better") for line in tried)
    assert restored


def test_a_warm_start_calling_a_reserve_up_too_often_is_searched_from_without_those_tours() -> None:
    """A reserve unit mobilized in months 0, 5 and 10 where 2 call-ups in 12 months are
    allowed (a heuristic's flaw, as the reviewer's Timor-Leste met): the search leaves the
    tours in the rows they break out and searches from what is left, where it had left the
    whole plan to branch-and-bound, which on a theatre-sized model found none in the time."""
    case = scenario(
        months=24,
        nations=[reserve_nation(training=1, calls=2, tour_months=3)],
        units=[unit("r", component="reserve")],
        demand=[("r", "guard", 0, 23, 100)],
    )
    m, data = build_model(case, spec())
    called = {1, 6, 11}  # tours from these months, mobilized a month before
    start = [(m.tour[i], 1.0 if data.tours[i][3] in called else 0.0) for i in m.tour]
    highs, columns = to_highs(m)
    log = io.StringIO()
    found = improve(WholeModel(highs), columns, start, Windows.of(m, data), 10.0, (log,))
    said = log.getvalue()
    # One call-up too many: one tour taken back, the two a window allows kept.
    assert "search: the warm start breaks 2 row(s) of hard rules: 1 of its values" in said
    assert "search: warm start 1,800" in said
    assert found is not None and found[0] == pytest.approx(1200)  # 4 call-ups of 3 months


def test_a_warm_start_that_cannot_be_mended_is_refused_for_the_rows_it_broke() -> None:
    """B's reserve unit called up three times where two are allowed, and A, whom a hard
    least-nations rule asks for too, has no tour: one of B's tours is taken back, and the
    mended start has no completion (A must serve, and its tours are held at none). The
    refusal names the rows the start broke, B's call-up windows, not what mending it
    left (here no row at all: HiGHS names none of an infeasible completion)."""
    case = scenario(
        months=24,
        nations=[nation("A"), reserve_nation("B", training=1, calls=2, tour_months=3)],
        units=[unit("a"), unit("b", nation="B", component="reserve")],
        demand=[("r", "guard", 0, 23, 100)],
    )
    model = with_rules(spec(), coalition={"min_nations": 2}, rules={"min_nations": "hard"})
    m, data = build_model(case, model)
    called = {1, 6, 11}
    start = [
        (m.tour[i], 1.0 if data.tours[i][0].startswith("b") and data.tours[i][3] in called else 0.0)
        for i in m.tour
    ]
    result = solve_model(m, model.solver, warm_start=start, windows=Windows.of(m, data))
    assert result.start_refused
    assert {name for name, _ in result.broken_rows} == {"reserve_frequency"}


@pytest.mark.parametrize(
    ("units", "groups", "sent", "warm"),
    [
        # 80 of the 200 wanted for 6 months, none for the next 6.
        ([unit("big"), unit("small", personnel=80)], 2, 1.0, "1,920"),
        # Two alike units, one group (one column): 100 of the 200 for 6 months, where
        # taking the column back whole had left 2,400.
        ([unit("one"), unit("two")], 1, 2.0, "1,800"),
    ],
    ids=["largest-tour", "one-of-a-groups-two"],
)
def test_a_warm_start_over_a_nations_ceiling_is_searched_from_without_what_breaks_it(
    units: list[Any], groups: int, sent: float, warm: str
) -> None:
    """Units of 100 and 80, or two of 100, in theatre together under a ceiling of 150.
    The ceiling's row holds `deployed`, which the start leaves free: its completion, not
    a window, finds it broken, and HiGHS's certificate of that (the ceiling summed with
    the balance of the month the tours leave) bounds the tours' personnel by 150. The
    larger tour, or one of a group's two, is taken back, where the start had been
    refused, naming no row."""
    case = scenario(
        months=12,
        nations=[nation(ceiling=150)],
        units=units,
        demand=[("r", "guard", 0, 11, 200)],
    )
    m, data = build_model(case, spec())
    assert len(data.groups) == groups
    start = [(m.tour[i], sent * (data.tours[i][3] == 0)) for i in m.tour]
    highs, columns = to_highs(m)
    log = io.StringIO()
    found = improve(WholeModel(highs), columns, start, Windows.of(m, data), 10.0, (log,))
    said = log.getvalue()
    assert "search: the warm start breaks 1 row(s) of hard rules: 1 of its values" in said
    assert f"search: warm start {warm}" in said
    assert found is not None and found[0] == pytest.approx(1200)  # one unit at a time


def test_a_warm_start_that_a_continuous_rows_limit_refuses_names_the_row() -> None:
    """A committed reserve tour (fixed, as a re-plan's are) of 100 where reservists may be
    a fifth of those in theatre, and no active tour beside it (session 27's rolling
    window): nothing taken back mends the share, which only more active tours could.
    The refusal names the row, which holds `deployed` and `deployed_reserve` (it had
    named none), and branch-and-bound finds the plan that sends the active unit."""
    case = scenario(
        months=12,
        nations=[reserve_nation(training=0, reserve_max_share=0.2)],
        units=[unit("a", personnel=400), unit("reserve", component="reserve")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    m, data = build_model(case, spec())
    committed = next(i for i in m.tour if data.tours[i][0] == "reserve" and data.tours[i][3] == 0)
    m.tour[committed].fix(1)
    start = [(m.tour[i], float(i == committed)) for i in m.tour]
    result = solve_model(m, spec().solver, warm_start=start, windows=Windows.of(m, data))
    assert result.start_refused
    assert result.broken_rows == (("reserve_share", ("A", 0)),)
    assert refused(result.broken_rows, data).startswith(
        "the heuristics' warm start broke reserve_share (nation A, month 2000-01), a hard rule"
    )
    assert result.termination == "optimal" and result.objective == pytest.approx(0)


def test_a_warm_start_breaking_a_hard_rule_is_not_taken_for_a_plan() -> None:
    """A start with A's tours alone (the heuristics' where they cannot reach the nations
    asked) breaks a least-nations rule of 2, in a row of `contributes` binaries the start
    fixes, which a window leaves out. The search says so and leaves the plan to
    branch-and-bound (it had returned the start as a plan)."""
    case, model = two_nations_asked()
    m, data = build_model(case, model)
    alone = {i: 1 for i, tour in enumerate(data.tours) if tour[0] == "a" and tour[3] == 0}
    start = warm_start_values(m, data, GreedyPlan(alone, [0.0] * data.horizon))
    highs, columns = to_highs(m)
    log = io.StringIO()
    with pytest.raises(StartRefused):
        improve(WholeModel(highs), columns, start, Windows.of(m, data), 10.0, (log,))
    assert "the warm start breaks a hard rule" in log.getvalue()
    # Branch-and-bound finds what keeps it: both nations serve.
    result = solve_model(m, model.solver, warm_start=start, windows=Windows.of(m, data))
    assert result.termination == "optimal" and result.start_refused
    assert result.broken_rows == (("min_nations", ()),)  # the row the window refused
    assert {data.groups[data.tours[i][0]].nation for i in m.tour if m.tour[i].value > 0.5} == {
        "A",
        "B",
    }


def test_a_solve_left_without_a_plan_names_the_rule_the_warm_start_broke(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One sector of two regions and one nation in it: the heuristics' plan has one nation
    where two are asked. The search refuses that start at its min_nations row, and when
    branch-and-bound stops without a plan (here, its process died) the message names the
    row, where it had named min_nations only as an example."""
    case, model = one_sector_two_nations_asked()
    monkeypatch.setattr(forcegen.solve, "branch_and_bound", lambda *_: Outcome(DIED, None, None))
    with pytest.raises(NoPlan) as stopped:
        solve_scenario(case, model)
    assert str(stopped.value).endswith(
        "(the heuristics' warm start broke min_nations, a hard rule they could not keep, so "
        "the solver had no plan to start from)"
    )


def test_a_row_in_planner_words() -> None:
    """Its family, and what each place of its index names, a month by its label."""
    _, data = rotation_case()
    assert row_in_planner_words(("min_nations", ()), data) == "min_nations"
    assert row_in_planner_words(("handover_presence", ("r", 3, "g")), data) == (
        f"handover_presence (region r, month {add_months(START, 3)}, unit group g)"
    )
    assert (
        row_in_planner_words(("budget", ("A", 2001)), data) == "budget (nation A, fiscal year 2001)"
    )
    assert row_in_planner_words(("unnamed", ("x", 3)), data) == "unnamed (x, 3)"
    # Several rows are listed; none known (HiGHS found the completion infeasible) is said.
    two = [("min_nations", ()), ("nations_per_region", ("r",))]
    assert refused(two, data).startswith(
        "the heuristics' warm start broke min_nations and nations_per_region (region r), hard "
        "rules they could not keep"
    )
    assert "broke a hard rule they could not keep" in refused([], data)


def test_a_warm_start_not_completed_in_time_is_no_broken_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A completion stopped by the clock without a plan (HiGHS found none in its time)
    says so and leaves the plan to branch-and-bound: the start broke nothing (a rolling
    window so stopped read as heuristics that broke a hard rule)."""
    import forcegen.search

    m, data = rotation_case()
    highs, columns = to_highs(m)
    monkeypatch.setattr(forcegen.search, "has_solution", lambda _: False)
    log = io.StringIO()
    start = [(m.tour[i], 0.0) for i in m.tour]
    assert improve(WholeModel(highs), columns, start, Windows.of(m, data), 0.5, (log,)) is None
    assert log.getvalue() == "search: the warm start not completed in 1 s; branch-and-bound\n"


def test_first_the_tours_the_heuristic_plans_disagree_on() -> None:
    """Two plans: none at all (2,400 short, the start) and the alternating rotation. The
    tours they disagree on are the rotation's, free in one window: 0 short at once."""
    m, data = rotation_case()
    rotation = {i: 1 for i in m.tour if data.tours[i][3] % 12 in (0, 6)}
    plans = [GreedyPlan({}, []), GreedyPlan(rotation, [])]
    assert Windows.of(m, data, plans).contested == [i in rotation for i in m.tour]
    lines, restored = search(m, data, [(m.tour[i], 0.0) for i in m.tour], plans)
    assert lines[:2] == ["search: warm start 2,400", "search: where the first plans differ: 0"]
    assert restored


def test_a_fruitless_pass_over_the_months_ends_the_search_with_one_region(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One region, so no pass over regions follows the months: a pass that finds nothing
    hands over to branch-and-bound. Here the windows widen to 6, 12 and 24 months in
    the first pass, so a second would free every tour: the whole model, which is
    branch-and-bound's job."""
    m, data = rotation_case()
    highs, columns = to_highs(m)
    windows: list[tuple[int, ...]] = []
    cut = WholeModel.window

    def record(model: WholeModel, free: np.ndarray, values: np.ndarray) -> object:
        windows.append(tuple(np.flatnonzero(~free).tolist()))  # the columns held fixed
        return cut(model, free, values)

    monkeypatch.setattr(WholeModel, "window", record)
    optimum = [(m.tour[i], 1.0 if data.tours[i][3] % 12 in (0, 6) else 0.0) for i in m.tour]
    log = io.StringIO()
    improve(WholeModel(highs), columns, optimum, Windows.of(m, data), 30.0, (log,))
    assert len(windows) >= 2  # the warm start and at least one window
    assert () not in windows
    assert len(set(windows)) == len(windows)
    # Each window of months is named within the horizon, even one that reaches past it.
    spans = [line.split()[2].rstrip(":") for line in log.getvalue().splitlines()]
    ends = [int(span.split("-")[1]) for span in spans if "-" in span]
    assert ends and max(ends) == data.horizon - 1


def test_a_pair_of_regions_trades_nations_where_no_window_of_months_can() -> None:
    """One nation a region. Incumbent: A's 200 in b (100 wanted), B's 100 in a (200
    wanted), C in c: 100 short every month, 2,400 in all. Swapping A and B leaves none
    short, but a window of months that moves some of A's tours to a finds B's other
    tours still there: two nations in a. Only freeing a and b whole lets them trade."""
    case = scenario(
        months=24,
        regions=[Region(region=r, population=1000, risk=1) for r in "abc"],
        nations=[nation(n) for n in "ABC"],
        units=[unit("A1", "A", 200), unit("B1", "B"), unit("C1", "C")],
        demand=[("a", "guard", 0, 23, 200), ("b", "guard", 0, 23, 100), ("c", "guard", 0, 23, 100)],
    )
    m, data = build_model(case, with_rules(spec(), coalition={"max_nations_per_region": 1}))
    where = {"A1": "b", "B1": "a", "C1": "c"}
    start = [
        (m.tour[i], 1.0 if where[group] == region and start % 6 == 0 else 0.0)
        for i, (group, _, region, start) in enumerate(data.tours)
    ]
    lines, restored = search(m, data, start)
    assert lines[0] == "search: warm start 2,400"
    improving = [line for line in lines[1:] if not line.endswith(": no better")]
    assert improving == ["search: a and b: 0"]
    assert any(line.startswith("search: months") for line in lines)  # tried, not better
    assert restored


def test_a_rows_window_frees_its_regions_task_over_the_whole_horizon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three rows: guard and patrol in a, guard in b. After the first pass over the months
    each row has a window of its own, which frees that row's tours in every month and no
    other tour."""
    case = scenario(
        months=24,
        regions=[Region(region=r, population=1000, risk=1) for r in "ab"],
        tasks=("guard", "patrol"),
        nations=[nation(tour_months=6, dwell_months=6)],
        units=[unit(f"u{i}") for i in range(4)],
        demand=[
            ("a", "guard", 0, 23, 100),
            ("a", "patrol", 0, 23, 100),
            ("b", "guard", 0, 23, 100),
        ],
    )
    m, data = build_model(case, spec())
    freed: dict[str, set[tuple[str, str, str, int]]] = {}
    attempt = _Search.attempt

    def record(search: Any, label: str, chosen: np.ndarray, limit: float) -> object:
        freed.setdefault(label, {data.tours[i] for i in np.flatnonzero(chosen)})
        return attempt(search, label, chosen, limit)

    monkeypatch.setattr(_Search, "attempt", record)
    lines, _ = search(m, data, [(m.tour[i], 0.0) for i in m.tour])
    rows = {
        "guard in a": ("guard", "a"),
        "patrol in a": ("patrol", "a"),
        "guard in b": ("guard", "b"),
    }
    assert rows.keys() <= freed.keys()
    for label, row in rows.items():
        assert freed[label] == {tour for tour in data.tours if tour[1:3] == row}
        assert {tour[3] for tour in freed[label]} == {tour[3] for tour in data.tours}
    windows = [line.split(": ")[1] for line in lines[1:]]
    assert windows.index("guard in a") > windows.index("months 0-5")


def test_a_pass_over_the_months_that_improved_is_followed_by_another() -> None:
    """Two regions, the rotation case's in each, from an empty plan: the first pass over
    the months improves it, so the months come again before the pair of regions."""
    case = scenario(
        months=24,
        regions=[Region(region=r, population=1000, risk=1) for r in "ab"],
        nations=[nation(tour_months=6, dwell_months=6)],
        units=[unit(f"u{i}") for i in range(4)],
        demand=[("a", "guard", 0, 23, 100), ("b", "guard", 0, 23, 100)],
    )
    m, data = build_model(case, spec())
    lines, _ = search(m, data, [(m.tour[i], 0.0) for i in m.tour])
    windows = [line.split(": ")[1] for line in lines[1:]]
    passes = [i for i, name in enumerate(windows) if name.startswith("months 0-")]
    assert len(passes) >= 2
    assert "a and b" not in windows[: passes[1]]


def test_region_pairs_take_every_pair_once() -> None:
    for count in range(1, 9):
        names = [f"r{i}" for i in range(count)]
        pairs = [pair for passing in _region_pairs(names) for pair in passing]
        assert len(pairs) == len(set(pairs)) == count * (count - 1) // 2
        assert all(a < b for a, b in pairs)


def test_solve_hands_the_search_result_to_branch_and_bound() -> None:
    m, data, result = solve_rotation(search=0.5, time_limit=20)
    assert result.termination == "optimal"
    assert result.objective == pytest.approx(0)
    assert "search: months" in result.log
    starts = sorted(data.tours[i][3] for i in m.tour for _ in range(round(m.tour[i].value)))
    assert starts == [0, 6, 12, 18]


def test_a_search_that_spends_the_time_limit_is_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Branch-and-bound given no time ends with no plan on a large model: when the search
    spends the whole time limit, its plan is loaded into the model as found."""

    def slow(*arguments: Any) -> object:
        started = time.perf_counter()
        found = improve(*arguments)
        time.sleep(max(0.0, arguments[4] - (time.perf_counter() - started)))
        return found

    monkeypatch.setattr(forcegen.solve, "improve", slow)
    m, data, result = solve_rotation(search=1.0, time_limit=3, threads=1)
    assert (result.termination, result.solution) == ("time_limit", "feasible")
    assert result.objective == pytest.approx(0)
    assert "Solving report" not in result.log  # no branch-and-bound
    # Said in the log, as every solve says why it ended (L's had said nothing).
    assert "Branch-and-bound not run: the search spent the time limit" in result.log
    starts = sorted(data.tours[i][3] for i in m.tour for _ in range(round(m.tour[i].value)))
    assert starts == [0, 6, 12, 18]
    assert pyo.value(m.objective) == pytest.approx(0)
    # Its last window held every tour and was solved: the whole model's bound, where no
    # relaxation ran beside it (one thread) and the gap had been unknown.
    assert "search: months 0-23: 0" in result.log
    assert "Bound from the search's window of every tour" in result.log
    assert result.bound == pytest.approx(0) and result.gap == pytest.approx(0)


@pytest.mark.parametrize(
    ("threads", "why"),
    [
        (1, "with one thread the search runs no LP relaxation beside it; two or more give it"),
        (
            2,
            "the LP relaxation beside the search was not solved within the time limit; a "
            "longer one gives it",
        ),
    ],
)
def test_a_plan_with_no_bound_says_why_in_its_log(
    monkeypatch: pytest.MonkeyPatch, threads: int, why: str
) -> None:
    """A run of no bound says "no proven gap (its solver.log says why)", and the log said
    only that branch-and-bound was not run: Timor-Leste at the README's 30 s, where the
    relaxation beside the search had not finished, left every variant of a sweep without a
    finding and no word of why. Here the search spends the time limit, its window of every
    tour gives no bound, and the relaxation beside it none."""

    def slow(*arguments: Any) -> Searched | None:
        started = time.perf_counter()
        found = improve(*arguments)
        time.sleep(max(0.0, arguments[4] - (time.perf_counter() - started)))
        return found._replace(bound=None) if found is not None else None

    monkeypatch.setattr(forcegen.solve, "improve", slow)
    monkeypatch.setattr(forcegen.solve, "QUICK_ROOT", 0.0)
    monkeypatch.setattr(forcegen.solve.Relaxation, "bound", lambda self: None)
    _, _, result = solve_rotation(search=1.0, time_limit=2, threads=threads)
    assert (result.solution, result.bound) == ("feasible", None)
    assert f"No bound: {why}\n" in result.log


def test_the_searchs_window_of_every_tour_bounds_the_whole_objective(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """tiny's objective holds a constant (48,000, the months before any region could be
    handed over), which a window's model leaves out. The bound of its window of every
    tour, the constant added once, lies within the window's gap (1%) below the search's
    plan and below the optimum: left out, it was 46% below; added twice, above the plan."""
    found: list[Searched | None] = []

    def spying(*arguments: Any) -> Searched | None:
        found.append(improve(*arguments))
        return found[-1]

    monkeypatch.setattr(forcegen.solve, "improve", spying)
    options = {"time_limit": 30, "search": 1.0, "threads": 1, "gap": 0.0}
    run = solve_scenario(TINY, "security-keeping", options)
    [searched] = found
    assert searched is not None and searched.bound is not None
    assert "search: months 0-11" in run.result.log
    assert searched.objective * (1 - WINDOW_GAP) <= searched.bound <= searched.objective
    optimum = run.result.objective
    assert run.result.termination == "optimal" and optimum is not None
    assert searched.bound <= optimum + 1e-6


def test_a_search_that_spends_the_time_limit_leaves_a_quick_root_to_branch_and_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the relaxation beside the search showed the root LP quick (here any root is),
    branch-and-bound is run in what is left, however little, nor is the rest of the time
    the search's (`more`, asked as its own seconds end, had judged the root by the time
    left, none): tiny at 2 s, or at 1 s with all of it the search's, had ended 32% from
    the relaxation's bound, a plan branch-and-bound proves in half a second."""

    def slow(*arguments: Any) -> object:
        started = time.perf_counter()
        found = improve(*arguments)
        time.sleep(max(0.0, arguments[4] - (time.perf_counter() - started)))
        more = arguments[7]
        assert more is not None and more() == 0.0  # as the search asks, its seconds spent
        return found

    monkeypatch.setattr(forcegen.solve, "improve", slow)
    monkeypatch.setattr(forcegen.solve, "QUICK_ROOT", math.inf)
    _, _, result = solve_rotation(search=1.0, time_limit=3, threads=2)
    assert "Branch-and-bound not run" not in result.log
    assert "Solving report" in result.log
    assert (result.termination, result.objective) == ("optimal", pytest.approx(0))


def test_branch_and_bound_ended_without_a_plan_leaves_the_search_plan_and_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker ended at its deadline before it sent a plan: the search's plan is the
    answer, the bound it sent is kept, and the log says why the solve ended."""

    def overrunning(*_: Any) -> Outcome:
        return Outcome(ABANDONED, None, -5.0)

    def unproven(*arguments: Any) -> Searched | None:
        # The search's own bound (its window of every tour solved) left out: the one sent
        # is the bound.
        found = improve(*arguments)
        return found._replace(bound=None) if found is not None else None

    monkeypatch.setattr(forcegen.solve, "branch_and_bound", overrunning)
    monkeypatch.setattr(forcegen.solve, "improve", unproven)
    m, _, result = solve_rotation(search=0.5, time_limit=20, threads=1)
    assert (result.termination, result.solution) == ("time_limit", "feasible")
    assert (result.objective, result.bound) == (pytest.approx(0), -5.0)
    assert pyo.value(m.objective) == pytest.approx(0)
    assert "not stopped 2 s past its time limit" in result.log


@pytest.mark.parametrize("threads", [1, 2])
def test_windows_leave_the_relaxation_a_thread_of_its_own(
    threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two threads the relaxation runs beside the search, whose windows then take one
    thread; with one, no relaxation and the windows keep it."""
    calls: list[int] = []
    relaxations: list[Relaxation] = []

    def recording(*arguments: Any) -> Any:
        calls.append(arguments[6])
        return improve(*arguments)

    class Recorded(Relaxation):
        def __init__(self, highs: highspy.Highs) -> None:
            super().__init__(highs)
            relaxations.append(self)

    monkeypatch.setattr(forcegen.solve, "improve", recording)
    monkeypatch.setattr(forcegen.solve, "Relaxation", Recorded)
    _, _, result = solve_rotation(threads=threads, time_limit=20)
    assert result.objective == pytest.approx(0)
    assert calls == [1]
    assert len(relaxations) == (1 if threads == 2 else 0)


@pytest.mark.parametrize(
    ("took", "branched"), [(None, False), (1000.0, False), (0.0, True)], ids=str
)
def test_branch_and_bound_runs_only_if_its_root_would_be_solved_in_time(
    took: float | None, branched: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the search's share is spent, branch-and-bound gets the rest of the time only
    if the relaxation beside the search is solved, in less than a `ROOT_SLOWER`th of
    that: its root LP is the same LP. Otherwise the search keeps the time."""
    extra: list[float] = []
    asked_after: list[float] = []  # seconds from before the solve to the search's asking
    runs: list[int] = []

    class Timed(Relaxation):
        """Solved at once in `took` seconds, or (None) not solved."""

        def __init__(self, highs: highspy.Highs) -> None:
            super().__init__(highs)
            self.thread.join()

        def _run(self) -> None:
            self.seconds = took

    def asking(*arguments: Any) -> Any:
        more = arguments[7]
        extra.append(more())  # as the search asks when its share is spent
        asked_after.append(time.monotonic() - started)
        return improve(*arguments[:7])

    def branch_and_bound(*arguments: Any) -> Outcome:
        runs.append(1)
        return real(*arguments)

    real = forcegen.solve.branch_and_bound
    monkeypatch.setattr(forcegen.solve, "Relaxation", Timed)
    monkeypatch.setattr(forcegen.solve, "improve", asking)
    monkeypatch.setattr(forcegen.solve, "branch_and_bound", branch_and_bound)
    started = time.monotonic()
    _, _, result = solve_rotation(threads=2, time_limit=20)
    assert result.objective == pytest.approx(0)
    assert len(extra) == 1
    if branched:
        assert extra == [0.0]
    else:
        # The rest of the time limit: the solve's clock starts after `started`, so no
        # more has gone from it than had gone from ours when the search asked.
        assert 20 - asked_after[0] <= extra[0] <= 20
    assert bool(runs) == branched
    assert ("Branch-and-bound not run" in result.log) != branched


@pytest.mark.parametrize("given", [0.0, 10.0])
def test_the_search_goes_on_for_what_more_gives_once_its_seconds_are_spent(given: float) -> None:
    m, data = rotation_case()
    highs, columns = to_highs(m)
    asked: list[int] = []

    def more() -> float:
        asked.append(1)
        return given

    log = io.StringIO()
    empty = [(m.tour[i], 0.0) for i in m.tour]
    improve(WholeModel(highs), columns, empty, Windows.of(m, data), 0.0, (log,), 0, more)
    lines = log.getvalue().splitlines()
    assert asked == [1]
    assert lines[0] == "search: warm start 2,400"
    if given:
        assert lines[1] == "search: 10 s more"
        assert any(line.endswith(": 0") for line in lines[2:])  # the alternating rotation
    else:
        assert lines == ["search: warm start 2,400"]


def test_solves_on_one_thread_may_ask_for_different_thread_counts() -> None:
    """HiGHS fixes a thread's count at its first solve; a later solve asking for another
    ended with no plan (a notebook's second solve with one thread, say)."""
    for threads in (2, 1, 2):
        _, _, result = solve_rotation(threads=threads, time_limit=20)
        assert (result.termination, result.objective) == ("optimal", pytest.approx(0))


def test_the_relaxation_beside_the_search_bounds_from_below() -> None:
    """One unit of 100 at 0.25 a person-month on 6-month tours (150), 100 wanted for 6
    months, a person-month short at 1, a ceiling of 50 in theatre: the unit may not go,
    600 short; the LP sends half of it for 75 and leaves 300 short: 375."""
    case = scenario(
        months=6,
        nations=[nation(cost_per_person_month=0.25, ceiling=50)],
        units=[unit("u")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    m, _ = build_model(case, spec(cost=1.0))
    relaxation = Relaxation(to_highs(m)[0])
    relaxation.thread.join()  # bound() stops an unfinished relaxation at once
    assert relaxation.bound() == pytest.approx(375)
    assert solve_model(m, spec().solver).objective == pytest.approx(600)


def test_a_window_model_keeps_the_free_columns_and_moves_the_fixed_into_row_bounds() -> None:
    """x0 + 2 x1 <= 10,  x1 + x2 >= 1,  3 x0 = 3;  x0 fixed at 1: the first row becomes
    2 x1 <= 9, the second stays, the third (no free column) goes."""
    inf = highspy.kHighsInf
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.addVars(3, np.zeros(3), np.full(3, 5.0))
    highs.changeColsCost(3, np.arange(3, dtype=np.int32), np.array([1.0, 2.0, 3.0]))
    rows = (np.array([0, 2, 4], dtype=np.int32), np.array([0, 1, 1, 2, 0], dtype=np.int32))
    values = np.array([1.0, 2.0, 1.0, 1.0, 3.0])
    highs.addRows(3, np.array([-inf, 1.0, 3.0]), np.array([10.0, inf, 3.0]), 5, *rows, values)
    highs.passModel(highs.getLp())  # passed whole, as `to_highs` does: kept by column

    window = WholeModel(highs).window(np.array([False, True, True]), np.array([1.0, 0.0, 0.0]))

    assert (window.num_col_, window.num_row_) == (2, 2)
    assert list(window.col_cost_) == [2.0, 3.0]
    assert list(window.row_lower_) == [-inf, 1.0]
    assert list(window.row_upper_) == [9.0, inf]
    assert list(window.a_matrix_.start_) == [0, 2, 3]
    assert list(window.a_matrix_.index_) == [0, 1, 1]
    assert list(window.a_matrix_.value_) == [2.0, 1.0, 1.0]


def test_the_search_gets_its_share_as_set_or_all_of_the_time_on_a_large_model() -> None:
    options = spec().solver
    assert options.search == "auto"
    assert search_share(options, ROOT_OUT_OF_REACH) == 0.5
    assert search_share(options, ROOT_OUT_OF_REACH + 1) == LARGE_MODEL_SEARCH
    chosen = options.model_copy(update={"search": 0.2})
    assert search_share(chosen, ROOT_OUT_OF_REACH + 1) == 0.2


@pytest.mark.parametrize("given", [1.5, -0.1, "half", True])
def test_a_search_share_outside_0_to_1_or_auto_is_one_problem(given: object) -> None:
    with pytest.raises(ValidationError) as raised:
        SolverOptions.model_validate({"search": given})
    assert [error["loc"] for error in raised.value.errors()] == [("search",)]


def test_the_hand_off_hides_highs_banner_with_no_threads_a_ctrl_c_could_leave_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HiGHS prints a banner on stdout at a process's first instance, which the hand-off
    keeps off the screen. Pyomo's capture_output had done that with reader threads of its
    own: a Ctrl-C as they started or stopped left them printing tracebacks ("Bad file
    descriptor") or came out as a RuntimeError (17 and 3 of 80 interrupts timed within
    it). Now no thread is started, and a Ctrl-C is a KeyboardInterrupt that leaves stdout
    as it was."""
    m, _ = rotation_case()
    made = highspy.Highs
    threads: list[int] = []

    def counted() -> highspy.Highs:
        threads.append(threading.active_count())
        return made()

    monkeypatch.setattr(highspy, "Highs", counted)
    before = threading.active_count()
    to_highs(m)
    assert threads == [before]

    def interrupted() -> highspy.Highs:
        raise KeyboardInterrupt

    monkeypatch.setattr(highspy, "Highs", interrupted)
    stdout, descriptor = sys.stdout, os.fstat(1)
    with pytest.raises(KeyboardInterrupt):
        to_highs(m)
    assert sys.stdout is stdout
    assert (os.fstat(1).st_dev, os.fstat(1).st_ino) == (descriptor.st_dev, descriptor.st_ino)


def test_the_hand_off_keeps_every_row_sense_bound_integer_and_the_objective_offset() -> None:
    """min 3x + y + 10  s.t.  x + y >= 2.6,  x - y <= 1,  x + 2y = 4,  x integer in [0, 3]:
    y = (4 - x)/2 leaves 1.2 <= x <= 2, so x = 2, y = 1, objective 17 (the LP's 15 at
    x = 1.2). `spare` is in no row and not in the objective: it gets no column and is
    given its bound nearest 0; `held` is fixed at 2: its column is held there."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var(within=pyo.Integers, bounds=(0, 3))
    m.y = pyo.Var(within=pyo.NonNegativeReals)
    m.spare = pyo.Var(bounds=(1, 4))
    m.held = pyo.Var(bounds=(0, 5))
    m.held.fix(2)
    m.at_least = pyo.Constraint(expr=m.x + m.y >= 2.6)
    m.at_most = pyo.Constraint(expr=m.x - m.y <= 1)
    m.equal = pyo.Constraint(expr=m.x + 2 * m.y + m.held == 6)
    m.objective = pyo.Objective(expr=3 * m.x + m.y + 10)

    highs, columns = to_highs(m)
    assert (highs.getNumCol(), highs.getNumRow()) == (3, 3)
    assert set(columns) == {id(m.x), id(m.y), id(m.held)}
    held = columns[id(m.held)]
    assert (highs.getLp().col_lower_[held], highs.getLp().col_upper_[held]) == (2, 2)
    relaxation = Relaxation(highs)
    relaxation.thread.join()
    assert relaxation.bound() == pytest.approx(15)

    result = solve_model(m, spec().solver)
    assert (result.termination, result.objective) == ("optimal", pytest.approx(17))
    assert (m.x.value, m.y.value) == (pytest.approx(2), pytest.approx(1))
    assert (m.spare.value, m.held.value) == (1, 2)
    assert m.held.fixed


def test_a_variable_fixed_in_a_row_of_an_indexed_rule_stays_at_its_value() -> None:
    """min sum_i (serves_i - x_i)  s.t.  x_i <= 5 serves_i,  x_i in [0, 5], serves_i binary,
    serves_2 = serves_3 = 0 fixed: only x_1 = 5 with serves_1 = 1, objective -4 (-12 if the
    fixed ones were free, as Pyomo 6.10's compiler left them in rows from a template)."""
    m = pyo.ConcreteModel()
    m.I = pyo.Set(initialize=[1, 2, 3])
    m.x = pyo.Var(m.I, bounds=(0, 5))
    m.serves = pyo.Var(m.I, within=pyo.Binary)
    m.link = pyo.Constraint(m.I, rule=lambda m, i: m.x[i] <= 5 * m.serves[i])
    m.objective = pyo.Objective(expr=pyo.quicksum(m.serves[i] - m.x[i] for i in m.I))
    m.serves[2].fix(0)
    m.serves[3].fix(0)

    result = solve_model(m, spec().solver)

    assert result.objective == pytest.approx(-4)
    assert [m.x[i].value for i in m.I] == [pytest.approx(5), pytest.approx(0), pytest.approx(0)]
    assert m.serves[2].fixed and m.serves[3].fixed


class _CtrlC(io.StringIO):
    """A solve's log that raises KeyboardInterrupt, as a Ctrl-C does, when a line with
    `cue` is written to it (once)."""

    def __init__(self, cue: str) -> None:
        super().__init__()
        self.cue = cue

    def write(self, text: str) -> int:
        if self.cue in text and self.cue:
            self.cue = ""
            raise KeyboardInterrupt
        return super().write(text)


def _interrupted_rotation(cue: str, keep: bool) -> tuple[pyo.ConcreteModel, SolveResult]:
    """The rotation case solved from an empty plan (2,400 short), a Ctrl-C at `cue`."""
    m, data = rotation_case()
    empty = [(m.tour[i], 0.0) for i in m.tour]
    options = spec().solver.model_copy(update={"search": 0.5, "time_limit": 20, "threads": 1})
    windows = Windows.of(m, data)
    return m, solve_model(m, options, _CtrlC(cue), empty, windows, keep_interrupted=keep)


def test_a_ctrl_c_in_the_search_gives_its_best_plan_by_then_where_asked() -> None:
    # As the third window is said (no better): the second's plan, 200 short, is the best
    # by then, not the optimum (0) the search's next window would have found.
    m, result = _interrupted_rotation("search: months 18-23", keep=True)
    assert "search: months 6-17: 200\n" in result.log
    assert (result.termination, result.solution) == ("interrupted", "feasible")
    assert result.objective == pytest.approx(200) and pyo.value(m.objective) == pytest.approx(200)
    assert "Interrupted: the best plan by then is the answer" in result.log
    assert "Solving report" not in result.log  # no branch-and-bound after it
    # A sweep's or a rolling run's solve: the Ctrl-C stops the command, not the solve.
    with pytest.raises(KeyboardInterrupt):
        _interrupted_rotation("search: months 18-23", keep=False)


def test_a_ctrl_c_before_the_search_has_a_plan_stops_the_solve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def stopped(*_: Any) -> Searched | None:
        raise KeyboardInterrupt  # completing the warm start, which gives no plan

    monkeypatch.setattr(forcegen.solve, "improve", stopped)
    with pytest.raises(KeyboardInterrupt):
        _interrupted_rotation("", keep=True)


def test_a_ctrl_c_in_branch_and_bound_gives_the_best_plan_and_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(*_: Any) -> Outcome:
        return Outcome(INTERRUPTED, None, -5.0)  # no plan of its own yet, a bound

    def unproven(*arguments: Any) -> Searched | None:
        found = improve(*arguments)
        return found._replace(bound=None) if found is not None else None

    monkeypatch.setattr(forcegen.solve, "branch_and_bound", interrupted)
    monkeypatch.setattr(forcegen.solve, "improve", unproven)
    m, result = _interrupted_rotation("", keep=True)
    assert (result.termination, result.solution) == ("interrupted", "feasible")
    assert (result.objective, result.bound) == (pytest.approx(0), -5.0)
    assert pyo.value(m.objective) == pytest.approx(0)
    with pytest.raises(KeyboardInterrupt):
        _interrupted_rotation("", keep=False)


def test_a_ctrl_c_in_the_polish_gives_the_plan_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def stopped(*_: Any) -> tuple[float, np.ndarray] | None:
        raise KeyboardInterrupt

    monkeypatch.setattr(forcegen.solve, "polish", stopped)
    m, result = _interrupted_rotation("", keep=True)
    assert (result.termination, result.solution) == ("interrupted", "feasible")
    assert result.objective == pytest.approx(0) and pyo.value(m.objective) == pytest.approx(0)
    assert "Interrupted: the best plan by then is the answer" in result.log
    with pytest.raises(KeyboardInterrupt):
        _interrupted_rotation("", keep=False)
