"""Tiny scenarios built in Python, so each model test states its whole case in a few lines.

Defaults: one region `r` (risk 1), one task `guard` the domestic force cannot take, one
lead nation `A` with free tours (no cost), units of type `inf` with effectiveness 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from forcegen.model.build import build_model
from forcegen.months import add_months
from forcegen.plan import Plan, extract_plan
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import (
    Budget,
    Caveat,
    Ceiling,
    Demand,
    DomesticForce,
    Nation,
    Region,
    Settings,
    Task,
    Unavailable,
    Unit,
    UnitType,
)
from forcegen.scenario.validate import check_scenario
from forcegen.solve import solve_model
from forcegen.spec import Coalition, Mission, ModelSpec, Rules, SolverOptions, Weights

START = "2000-01"


def month(t: int) -> str:
    return add_months(START, t)


def nation(code: str = "A", /, **fields: Any) -> Nation:
    values: dict[str, Any] = {
        "nation": code,
        "lead": code == "A",
        "tour_months": 6,
        "dwell_months": 0,
        "ceiling": 100_000,
        "cost_per_person_month": 0.0,
    }
    values.update(fields)
    return Nation.model_validate(values)


def reserve_nation(
    code: str = "A", *, training: int, max_months: int = 8, calls: int = 1, **fields: Any
) -> Nation:
    """A nation whose reserves train `training` months after mobilization and are called
    up at most `calls` times, for at most `max_months` each, in any 12 months."""
    return nation(
        code,
        reserve_training_months=training,
        reserve_max_months=max_months,
        reserve_mobilizations=calls,
        reserve_window_months=12,
        **fields,
    )


def unit(name: str, nation: str = "A", personnel: int = 100, **fields: Any) -> Unit:
    return Unit.model_validate(
        {"unit": name, "nation": nation, "type": "inf", "personnel": personnel, **fields}
    )


def scenario(
    *,
    months: int,
    nations: Sequence[Nation] | None = None,
    units: Sequence[Unit],
    demand: Sequence[tuple[str, str, int, int, float]],
    regions: Sequence[Region] | None = None,
    tasks: tuple[str, ...] = ("guard",),
    effectiveness: dict[str, float] | None = None,
    domestic: dict[str, Any] | None = None,
    ceilings: Sequence[Ceiling] = (),
    budgets: Sequence[Budget] = (),
    ending: tuple[str, ...] = (),
    unavailable: Sequence[tuple[str, int, int]] = (),
    caveats: Sequence[Caveat] = (),
) -> Scenario:
    """A scenario; `demand` rows are (region, task, first month, last month, personnel);
    the tasks in `ending` end at handover (tasks.csv `ends_at_handover`); `unavailable`
    rows are (unit, first month, last month)."""
    force = {
        "recruits_per_month": 0,
        "course_months": 1,
        "academy_capacity": 0,
        "trainees_per_trainer": 1,
        "effectiveness": 1.0,
        "tasks": (),
    }
    force.update(domestic or {})
    built = Scenario(
        settings=Settings(
            name="test", start=START, months=months, domestic=DomesticForce.model_validate(force)
        ),
        tasks=tuple(Task(task=t, ends_at_handover=t in ending or None) for t in tasks),
        regions=tuple(regions or [Region(region="r", population=1000, risk=1)]),
        nations=tuple(nations or [nation()]),
        unit_types=(
            UnitType(type="inf", effectiveness=effectiveness or dict.fromkeys(tasks, 1.0)),
        ),
        units=tuple(units),
        demand=tuple(
            Demand(region=r, task=k, first=month(a), last=month(b), personnel=p)
            for r, k, a, b, p in demand
        ),
        ceilings=tuple(ceilings),
        budgets=tuple(budgets),
        unavailable=tuple(
            Unavailable(unit=u, first=month(a), last=month(b)) for u, a, b in unavailable
        ),
        caveats=tuple(caveats),
    )
    errors = [p for p in check_scenario(built) if p.severity == "error"]
    assert not errors, errors
    return built


def spec(**weights: float) -> ModelSpec:
    """Only shortfall is priced unless a test says otherwise; solved to optimality."""
    base = {
        "shortfall": 1.0,
        "cost": 0.0,
        "turbulence": 0.0,
        "nations_per_region": 0.0,
        "handover": 0.0,
    }
    base.update(weights)
    return ModelSpec(
        name="test",
        weights=Weights(**base),
        solver=SolverOptions(time_limit=60, gap=0.0),
    )


def with_rules(base: ModelSpec, **changes: Any) -> ModelSpec:
    """A copy of a spec with mission/coalition/rules sections replaced by keyword."""
    update: dict[str, Any] = {}
    for section, model in (("mission", Mission), ("coalition", Coalition), ("rules", Rules)):
        if section in changes:
            update[section] = model.model_validate(changes.pop(section))
    assert not changes, changes
    return base.model_copy(update=update)


def solve(scenario: Scenario, model: ModelSpec, aggregate: bool = True) -> Plan:
    m, data = build_model(scenario, model, aggregate=aggregate)
    result = solve_model(m, model.solver)
    assert result.termination == "optimal", result.termination
    return extract_plan(m, data, result)


def shortfall(plan: Plan) -> float:
    return round(float(plan.coverage["shortfall"].sum()), 6)


def handover_case(strength: int = 100, ending: tuple[str, ...] = ()) -> Scenario:
    """Patrol (100) the domestic force may take all along; guard (100) in months 0-3 it may
    not. With K = 2 months of the domestic force alone, the earliest handover is 3+2+1 = 6."""
    return scenario(
        ending=ending,
        months=8,
        tasks=("patrol", "guard"),
        nations=[nation(tour_months=4)],
        units=[unit("u")],
        effectiveness={"guard": 1.0},
        demand=[("r", "patrol", 0, 7, 100), ("r", "guard", 0, 3, 100)],
        domestic={"initial_strength": strength, "tasks": ("patrol",)},
    )


def calm_and_hot_case() -> Scenario:
    """A domestic force of 200 holds patrol (100) in both regions from the start; with
    K = 2, hot (risk 3) could be handed over in month 2, and calm (risk 1), whose guard the
    domestic force may not take runs to month 3, in month 6 (`handover_case`'s arithmetic);
    one unit of 100 covers calm's guard."""
    regions = [Region(region=r, population=1, risk=risk) for r, risk in (("calm", 1), ("hot", 3))]
    return scenario(
        months=8,
        tasks=("patrol", "guard"),
        nations=[nation(tour_months=4)],
        units=[unit("u")],
        regions=regions,
        effectiveness={"guard": 1.0},
        demand=[
            ("calm", "patrol", 0, 7, 100),
            ("calm", "guard", 0, 3, 100),
            ("hot", "patrol", 0, 7, 100),
        ],
        domestic={"initial_strength": 200, "tasks": ("patrol",)},
    )


def relieved_case() -> Scenario:
    """Demand 100 for 12 months; A's unit serves until month 5, B's one tour in 12 (6 on, 6
    of dwell): B may relieve A in month 6."""
    return scenario(
        months=12,
        nations=[nation("A", dwell_months=6), nation("B", dwell_months=6)],
        units=[unit("a", available_until=month(5)), unit("b", nation="B")],
        demand=[("r", "guard", 0, 11, 100)],
    )


def two_nations_asked() -> tuple[Scenario, ModelSpec]:
    """A's one unit covers the demand (100 for 6 months) alone, B's adds nothing a tour's
    value sees; a hard least-nations rule asks for both."""
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    model = with_rules(spec(), coalition={"min_nations": 2}, rules={"min_nations": "hard"})
    return case, model


def one_sector_two_nations_asked() -> tuple[Scenario, ModelSpec]:
    """One sector of two regions (100 each for 6 months) and at most one nation in it, but
    a hard least-nations rule asks for two: no plan keeps both."""
    west = [Region(region=r, population=1, risk=1, authority="west") for r in ("r1", "r2")]
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        regions=west,
        demand=[(r, "guard", 0, 5, 100) for r in ("r1", "r2")],
    )
    model = with_rules(
        spec(),
        coalition={"min_nations": 2, "max_nations_per_sector": 1},
        rules={"min_nations": "hard"},
    )
    return case, model
