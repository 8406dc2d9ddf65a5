"""Synthetic scenarios of named sizes, deterministic for a seed, realistic in shape.

Sizes (units, regions, months): S 60, 4, 36; M 250, 8, 60; L 1,000, 16, 120. Every knob
can be overridden. Figures follow ../shared/domain.md: tours of 6 to 12 months with dwell
1:2 to 1:3; reserves mobilized at most 12-15 months, once per 5-6 years, with 2-3 months of
training; UN-coded unit sizes (35, 150, 300, 650, 800); 1,332 to 15,000 USD per person-month;
demand from security personnel per 1,000 inhabitants under a threat that falls after the
first months; caveats so that not every unit fits every task and region. Demand is scaled
to what the coalition's rotation base can sustain (N = k (T + D) / T), so that a plan is
possible but not slack. That base is the active units': a reserve unit sustains less (its
cycle is at least its call-up window, and relief overlap counts in no tour), so the more
reserves a nation has, the tighter its demand.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from forcegen.months import add_months, fiscal_year
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import (
    TRAINING_TASK,
    Budget,
    Demand,
    DomesticForce,
    Nation,
    Region,
    Settings,
    Task,
    Unit,
    UnitType,
)

TASKS = (
    ("border_control", "Border control", 5.0),
    ("aid_escort", "Aid escort", 4.0),
    ("public_order", "Public order", 5.0),
    ("constabulary_training", "Constabulary training", 3.0),
)
# Unit type -> (effectiveness by task, UN-coded sizes).
UNIT_TYPES: dict[str, tuple[dict[str, float], tuple[int, ...]]] = {
    "infantry": ({"border_control": 1.0, "aid_escort": 0.9, "public_order": 0.6}, (650, 800)),
    "mechanized_infantry": (
        {"border_control": 1.0, "aid_escort": 1.0, "public_order": 0.4},
        (650, 800),
    ),
    "military_police": (
        {
            "border_control": 0.5,
            "aid_escort": 0.7,
            "public_order": 1.0,
            "constabulary_training": 0.8,
        },
        (150, 300),
    ),
    "formed_police": (
        {"aid_escort": 0.5, "public_order": 1.0, "constabulary_training": 0.6},
        (150, 300),
    ),
    "engineers": ({"aid_escort": 0.3}, (150, 300)),
    "police_trainers": ({"constabulary_training": 1.0}, (35, 150)),
}
TYPE_MIX = (  # weights of unit types in a contingent
    ("infantry", 0.35),
    ("mechanized_infantry", 0.1),
    ("military_police", 0.2),
    ("formed_police", 0.15),
    ("engineers", 0.1),
    ("police_trainers", 0.1),
)


FISCAL_YEAR_START = 10


@dataclass(frozen=True)
class GeneratorSize:
    units: int
    regions: int
    months: int
    nations: int


SIZES = {
    "S": GeneratorSize(units=60, regions=4, months=36, nations=5),
    "M": GeneratorSize(units=250, regions=8, months=60, nations=8),
    "L": GeneratorSize(units=1000, regions=16, months=120, nations=12),
}


def generate_scenario(
    size: str | GeneratorSize = "S",
    seed: int = 0,
    *,
    units: int | None = None,
    regions: int | None = None,
    months: int | None = None,
    nations: int | None = None,
    start: str = "2030-01",
) -> Scenario:
    """A valid synthetic scenario; the same arguments always give the same scenario, and
    another seed another. No more nations than units, each nation having one at least.
    ValueError for a seed below 0, which Python's random takes as its absolute value (-1
    gave seed 1's scenario)."""
    if seed < 0:
        raise ValueError(f"a seed is 0 or more, not {seed}")
    base = SIZES[size] if isinstance(size, str) else size
    knobs = {
        k: v
        for k, v in {
            "units": units,
            "regions": regions,
            "months": months,
            "nations": nations,
        }.items()
        if v is not None
    }
    dims = replace(base, **knobs)
    # Every nation gets a unit first (`_units`): with fewer units than nations, the rest
    # had none, each warned of (no-units) in a scenario made to be sound.
    dims = replace(dims, nations=min(dims.nations, dims.units))
    rng = random.Random(seed)
    region_rows = _regions(rng, dims.regions)
    nation_rows = _nations(rng, dims, start, [r.region for r in region_rows])
    unit_rows = _trainers_first(_units(rng, dims.units, nation_rows, start))
    nation_rows = _ceilings(nation_rows, unit_rows)
    demand_rows = _demand(rng, dims, start, region_rows, nation_rows, unit_rows)
    budgets = _budgets(rng, dims, start, nation_rows)
    return Scenario(
        settings=Settings(
            name=f"synthetic-{base_name(size)}-{seed}",
            description=f"Synthetic {dims.units} units, {dims.regions} regions, "
            f"{dims.months} months (seed {seed}).",
            start=start,
            months=dims.months,
            fiscal_year_start=FISCAL_YEAR_START,
            domestic=DomesticForce(
                initial_strength=0,
                recruits_per_month=rng.choice((100, 150, 200)) * max(1, dims.regions // 4),
                course_months=rng.choice((2, 3, 4, 6)),
                academy_capacity=rng.choice((300, 450, 600)) * max(1, dims.regions // 4),
                trainees_per_trainer=30,
                attrition_per_month=0.01,
                effectiveness=round(rng.uniform(0.5, 0.8), 2),
                tasks=("border_control", "aid_escort", "public_order"),
            ),
        ),
        tasks=tuple(Task(task=t, name=n, priority=p) for t, n, p in TASKS),
        regions=tuple(region_rows),
        nations=tuple(nation_rows),
        unit_types=tuple(
            UnitType(type=t, name=t.replace("_", " ").title(), effectiveness=e)
            for t, (e, _) in UNIT_TYPES.items()
        ),
        units=tuple(unit_rows),
        demand=tuple(demand_rows),
        budgets=tuple(budgets),
    )


def base_name(size: str | GeneratorSize) -> str:
    return size if isinstance(size, str) else "custom"


def _regions(rng: random.Random, count: int) -> list[Region]:
    rows = []
    for i in range(count):
        border = i % 3 == 0
        risk = min(5, max(1, round(rng.gauss(3.5 if border else 2.5, 1))))
        rows.append(
            Region(
                region=f"R{i + 1:02d}",
                name=f"Region {i + 1}",
                population=rng.randrange(30_000, 500_000, 1000),
                area_km2=float(rng.randrange(200, 5000)),
                authority=f"sector-{i % 3 + 1}",
                risk=risk,
                border=border,
            )
        )
    return rows


def _nations(
    rng: random.Random, dims: GeneratorSize, start: str, regions: list[str]
) -> list[Nation]:
    rows = []
    for i in range(dims.nations):
        lead = i == 0
        tour = rng.choice((6, 9, 12)) if not lead else 6
        dwell = tour * rng.choice((2, 3))
        reserve = lead or rng.random() < 0.3
        national = lead or rng.random() < 0.4
        join = None if lead or rng.random() < 0.6 else add_months(start, rng.randrange(1, 6))
        leave = None
        if not lead and rng.random() < 0.25:
            leave = add_months(start, rng.randrange(dims.months // 2, dims.months))
        refused_tasks: tuple[str, ...] = ()
        if not lead and rng.random() < 0.35:
            refused_tasks = ("public_order",)
        refused_regions: tuple[str, ...] = ()
        if not lead and len(regions) > 1 and rng.random() < 0.3:
            refused_regions = (rng.choice(regions),)
        training = rng.choice((2, 3)) if reserve else 0
        rows.append(
            Nation(
                nation=f"N{i + 1:02d}",
                name=f"Nation {i + 1}",
                lead=lead,
                tour_months=tour,
                dwell_months=dwell,
                overlap_months=rng.choice((0, 0, 1)),
                reserve_max_months=max(rng.choice((12, 15)), training + tour) if reserve else None,
                reserve_mobilizations=1 if reserve else None,
                reserve_window_months=rng.choice((60, 72)) if reserve else None,
                reserve_training_months=training,
                reserve_max_share=round(rng.uniform(0.2, 0.4), 2) if reserve else None,
                ceiling=0,  # set from the contingent by _ceilings
                join=join,
                leave=leave,
                cost_per_person_month=float(rng.randrange(9000, 15000, 500) if national else 1332),
                rotation_cost_per_person=float(rng.randrange(1000, 4000, 250)),
                refused_tasks=refused_tasks,
                refused_regions=refused_regions,
                max_risk=5 if lead else rng.choice((3, 4, 5)),
            )
        )
    return rows


def _units(rng: random.Random, count: int, nations: list[Nation], start: str) -> list[Unit]:
    # The lead brings about a third of the units; partners share the rest.
    shares = [3.0] + [rng.uniform(0.5, 1.5) for _ in nations[1:]]
    names, weights = zip(*TYPE_MIX, strict=True)
    rows: list[Unit] = []
    for i in range(count):
        nation = rng.choices(nations, weights=shares)[0]
        kind = rng.choices(names, weights=weights)[0]
        reserve = nation.reserve_max_months is not None and rng.random() < 0.2
        if i < len(nations):  # every nation has at least one unit
            nation = nations[i]
            reserve = False
        sizes = UNIT_TYPES[kind][1]
        late = rng.random() < 0.05  # some units only become available later
        rows.append(
            Unit(
                unit=f"{nation.nation}-{kind[:3]}-{i + 1:04d}",
                nation=nation.nation,
                type=kind,
                component="reserve" if reserve else "active",
                personnel=rng.choice(sizes),
                available_from=add_months(start, rng.randrange(1, 7)) if late else None,
            )
        )
    return rows


def _trainers_first(units: list[Unit]) -> list[Unit]:
    """The units, with the first (the lead's) made military police if no unit can train
    the domestic force: every scenario demands constabulary training, and a draw of a few
    units may hold no type that can give it. Draws of the named sizes always do."""
    able = {t for t, (effectiveness, _) in UNIT_TYPES.items() if TRAINING_TASK in effectiveness}
    if any(u.type in able for u in units):
        return units
    kind = "military_police"
    first = units[0]
    trainer = first.model_copy(
        update={
            "unit": f"{first.nation}-{kind[:3]}-0001",
            "type": kind,
            "personnel": UNIT_TYPES[kind][1][0],
        }
    )
    return [trainer, *units[1:]]


def _ceilings(nations: list[Nation], units: list[Unit]) -> list[Nation]:
    """A ceiling of 60% of each contingent plus room for one company: it binds at surges.
    Never below the contingent's largest unit, which deploys whole: a nation of one
    battalion of 800 had a ceiling of 780, and deployed no one."""
    rows = []
    for n in nations:
        sizes = [u.personnel for u in units if u.nation == n.nation]
        ceiling = max(int(0.6 * sum(sizes)) + 300, *sizes)
        rows.append(n.model_copy(update={"ceiling": ceiling}))
    return rows


def _sustainable(nations: list[Nation], units: list[Unit]) -> dict[str, float]:
    """Personnel each nation can keep deployed for ever: sum p T / (T + D) over its units."""
    by_code = {n.nation: n for n in nations}
    sustained: dict[str, float] = {}
    for u in units:
        n = by_code[u.nation]
        tour, dwell = u.tour_under(n), u.dwell_under(n)
        sustained[u.nation] = sustained.get(u.nation, 0.0) + u.personnel * tour / (tour + dwell)
    return sustained


def _demand(
    rng: random.Random,
    dims: GeneratorSize,
    start: str,
    regions: list[Region],
    nations: list[Nation],
    units: list[Unit],
) -> list[Demand]:
    sustained = _sustainable(nations, units)
    capacity = 0.8 * sum(sustained.values())  # effectiveness and caveats lose some
    # Threat profile: high in the first phase, falling by phase.
    phases = [
        (0, max(1, dims.months // 6)),
        (max(1, dims.months // 6), dims.months // 2),
        (dims.months // 2, dims.months),
    ]
    factors = (1.0, 0.7, 0.45)
    weights = []
    for region in regions:
        base = region.population / 1000 * (0.5 + 0.15 * region.risk)
        weights.append(base)
    total = sum(weights)
    rows = []
    for region, weight in zip(regions, weights, strict=True):
        share = capacity * weight / total
        split = {"public_order": 0.5, "aid_escort": 0.3, "border_control": 0.0}
        if region.border:
            split = {"public_order": 0.35, "aid_escort": 0.2, "border_control": 0.45}
        for (first, end), factor in zip(phases, factors, strict=True):
            if first >= end:
                continue
            for task, part in split.items():
                personnel = round(share * part * factor * rng.uniform(0.85, 1.15))
                if personnel > 0:
                    rows.append(
                        Demand(
                            region=region.region,
                            task=task,
                            first=add_months(start, first),
                            last=add_months(start, end - 1),
                            personnel=personnel,
                        )
                    )
    trainers = max(10, round(capacity * 0.01))
    rows.append(
        Demand(
            region=regions[0].region,
            task="constabulary_training",
            first=add_months(start, 1),
            last=add_months(start, dims.months - 1),
            personnel=trainers,
        )
    )
    return rows


def _budgets(
    rng: random.Random, dims: GeneratorSize, start: str, nations: list[Nation]
) -> list[Budget]:
    # Some partners cap their yearly spending near the cost of their ceiling's half.
    years = sorted(
        {fiscal_year(add_months(start, t), FISCAL_YEAR_START) for t in range(dims.months)}
    )
    rows = []
    for nation in nations[1:]:
        if rng.random() < 0.3:
            yearly = nation.ceiling * 0.5 * nation.cost_per_person_month * 12
            rows += [
                Budget(nation=nation.nation, fiscal_year=y, budget=round(yearly, -3)) for y in years
            ]
    return rows
