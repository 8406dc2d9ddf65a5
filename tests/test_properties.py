"""Every plan the solver writes passes the independent checker: property tests.

Hypothesis draws small generated scenarios (seed and size knobs) and model doctrines; each
is solved, written as a run folder, and judged by the checker, which never imports the
model. The bundled theatre's plan is judged the same way.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcegen import load_scenario
from forcegen.checker import check_plan
from forcegen.model.build import build_model
from forcegen.replan.apply import apply_events
from forcegen.replan.events import Events, Handover
from forcegen.run import solve_scenario
from forcegen.scenario.generate import generate_scenario
from forcegen.scenario.scenario import Scenario
from forcegen.solve import solve_model
from forcegen.spec import ModelSpec, load_spec
from tests.conftest import TIMOR

DOCTRINES = ("security-keeping", "complex-peacekeeping")


def _solved_plan_passes(scenario: object, spec: ModelSpec) -> None:
    options = spec.solver.model_copy(update={"time_limit": 20.0, "gap": 0.05})
    run = solve_scenario(scenario, spec, options)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as folder:
        run.write(Path(folder))
        report = check_plan(run.data.scenario, spec, Path(folder))
    assert report.ok, "\n".join(str(v) for v in report.violations[:20])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    units=st.integers(min_value=4, max_value=14),
    regions=st.integers(min_value=1, max_value=3),
    months=st.integers(min_value=12, max_value=24),
    doctrine=st.sampled_from(DOCTRINES),
    handed_over=st.none() | st.integers(min_value=0, max_value=23),
    per_sector=st.none() | st.integers(min_value=1, max_value=2),
)
def test_every_solved_plan_passes_the_checker(
    seed: int,
    units: int,
    regions: int,
    months: int,
    doctrine: str,
    handed_over: int | None,
    per_sector: int | None,
) -> None:
    scenario = generate_scenario("S", seed, units=units, regions=regions, months=months)
    if handed_over is not None:
        # The first region handed over by decision, as a re-plan's event would.
        month = scenario.months[min(handed_over, months - 1)]
        event = Handover.model_validate(
            {"kind": "handover", "region": scenario.regions[0].region, "from": month}
        )
        found = Events("events.yaml", [event], [None])
        scenario = apply_events(scenario, found, scenario.months[0])
    if per_sector is not None:
        # The generator gives each of three regions a sector of its own: share one.
        shared = tuple(r.model_copy(update={"authority": "one"}) for r in scenario.regions)
        scenario = scenario.model_copy(update={"regions": shared})
    spec = load_spec(doctrine)
    coalition = spec.coalition.model_copy(update={"max_nations_per_sector": per_sector})
    spec = spec.model_copy(update={"coalition": coalition})
    if spec.mission.end_date is not None:
        end = scenario.months[len(scenario.months) // 2]
        spec = spec.model_copy(
            update={"mission": spec.mission.model_copy(update={"end_date": end})}
        )
    _solved_plan_passes(scenario, spec)


def test_bundled_theatre_plan_passes_the_checker() -> None:
    _solved_plan_passes(load_scenario(TIMOR), load_spec("security-keeping"))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    units=st.integers(min_value=3, max_value=8),
    regions=st.integers(min_value=1, max_value=2),
    months=st.integers(min_value=8, max_value=18),
)
def test_grouped_and_per_unit_forms_reach_the_same_optimum(
    seed: int, units: int, regions: int, months: int
) -> None:
    """Grouping identical units into counts changes the formulation, never the optimum
    (every unit has a twin, so every group holds two)."""
    document = generate_scenario("S", seed, units=units, regions=regions, months=months).model_dump(
        by_alias=True
    )
    twins = [{**row, "unit": f"{row['unit']}-twin"} for row in document["units"]]
    document["units"] = [*document["units"], *twins]
    scenario = Scenario.model_validate(document)
    spec = load_spec("security-keeping")
    options = spec.solver.model_copy(update={"time_limit": 60.0, "gap": 0.0, "search": 0.0})
    optima = []
    for aggregate in (True, False):
        m, _ = build_model(scenario, spec, aggregate=aggregate)
        result = solve_model(m, options)
        assert result.termination == "optimal"
        optima.append(result.objective)
    assert optima[0] == pytest.approx(optima[1], rel=1e-6, abs=1e-3)
