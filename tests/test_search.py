"""Neighbourhood search: windows of months re-solved from an incumbent, never worse."""

from __future__ import annotations

import io

import numpy as np
import pyomo.environ as pyo
import pytest
from pyomo.contrib.solver.common.factory import SolverFactory

from forcegen.model.build import build_model
from forcegen.model.sets import ModelData
from forcegen.search import Windows, improve
from forcegen.solve import solve_model
from tests.factory import nation, scenario, spec, unit


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


def test_search_from_an_empty_plan_finds_the_alternating_rotation() -> None:
    m, data = rotation_case()
    solver = SolverFactory("highs")
    solver.set_instance(m)
    highs = solver._solver_model
    lp = highs.getLp()
    bounds = (np.array(lp.col_lower_), np.array(lp.col_upper_))
    empty = [(m.tour[i], 0.0) for i in m.tour]
    log = io.StringIO()
    improve(highs, solver._pyomo_var_to_solver_var_map, empty, Windows.of(m, data), 10.0, (log,))
    lines = log.getvalue().splitlines()
    assert lines[0] == "search: warm start 2,400"
    assert lines[-1].endswith(": 0")
    # Every bound fixed for a window is back as the model had it.
    lp = highs.getLp()
    assert np.array_equal(lp.col_lower_, bounds[0])
    assert np.array_equal(lp.col_upper_, bounds[1])


def test_solve_hands_the_search_result_to_branch_and_bound() -> None:
    m, data = rotation_case()
    empty = [(m.tour[i], 0.0) for i in m.tour]
    options = spec().solver.model_copy(update={"search": 0.5, "time_limit": 20})
    result = solve_model(m, options, warm_start=empty, windows=Windows.of(m, data))
    assert result.termination == "optimal"
    assert result.objective == pytest.approx(0)
    assert "search: months" in result.log
    starts = sorted(data.tours[i][3] for i in m.tour for _ in range(round(m.tour[i].value)))
    assert starts == [0, 6, 12, 18]
