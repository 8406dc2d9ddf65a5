"""Quinlivan's rotation arithmetic, from ../shared/domain.md: N = ceil(k (T + D) / T).

Over several full cycles, N units keep k slots filled without a break and N - 1 cannot.
Every unit starts fresh, so a short horizon could hide the gap: the horizon here is at
least four cycles of T + D months. With relief in place (O months of overlap, which cover
nothing) and reserve units' post-mobilization training (P months, counted in the cycle:
dwell runs from a tour's end to the next mobilization), docs/rules.md's general form is
N = ceil(k (P + T + D) / (T - O)).
"""

from __future__ import annotations

import math

import pytest

from forcegen.checker import check_plan
from tests.factory import nation, scenario, shortfall, solve, spec, unit

TABLE = [  # k, T, D, units
    (1, 12, 24, 3),
    (2, 6, 12, 6),
    (2, 6, 18, 8),
    (1, 9, 27, 4),
    (3, 6, 24, 15),
    (1, 4, 14, 5),
]


@pytest.mark.parametrize(("slots", "tour", "dwell", "units"), TABLE)
def test_table_matches_formula(slots: int, tour: int, dwell: int, units: int) -> None:
    assert math.ceil(slots * (tour + dwell) / tour) == units


@pytest.mark.parametrize(("slots", "tour", "dwell", "units"), TABLE)
@pytest.mark.parametrize("aggregate", [True, False], ids=["grouped", "per-unit"])
def test_bound_covers_and_one_fewer_falls_short(
    slots: int, tour: int, dwell: int, units: int, aggregate: bool
) -> None:
    months = 4 * (tour + dwell)

    def short(count: int) -> float:
        case = scenario(
            months=months,
            nations=[nation(tour_months=tour, dwell_months=dwell)],
            units=[unit(f"u{i}") for i in range(count)],
            demand=[("r", "guard", 0, months - 1, 100 * slots)],
        )
        plan = solve(case, spec(), aggregate=aggregate)
        # Which unit takes which tour, grouped units' rotations recovered after the solve:
        # a unit freed at its tour's end, its dwell forgotten, kept every count right.
        assert check_plan(case, spec(), plan).ok
        return shortfall(plan)

    assert short(units) == 0
    assert short(units - 1) > 0


@pytest.mark.parametrize(("slots", "tour", "dwell", "units"), TABLE)
def test_a_units_own_tour_and_dwell_are_its_rotation(
    slots: int, tour: int, dwell: int, units: int
) -> None:
    """Units with their own tour and dwell (units.csv) take the table's count whatever
    their nation's: 2 months on and none at home would keep k slots with k units."""
    months = 4 * (tour + dwell)

    def short(count: int) -> float:
        case = scenario(
            months=months,
            nations=[nation(tour_months=2, dwell_months=0)],
            units=[unit(f"u{i}", tour_months=tour, dwell_months=dwell) for i in range(count)],
            demand=[("r", "guard", 0, months - 1, 100 * slots)],
        )
        return shortfall(solve(case, spec()))

    assert short(units) == 0
    assert short(units - 1) > 0


# k, T, D, O, P (reserve training), units: ceil(k (P + T + D) / (T - O)).
GENERAL = [
    (1, 6, 6, 2, 0, 3),
    (2, 6, 6, 2, 0, 6),
    (1, 6, 6, 0, 2, 3),  # the cycle without P (12 months of 6) would say 2
    (1, 4, 8, 0, 2, 4),
    (1, 6, 6, 2, 2, 4),
    (1, 12, 24, 0, 4, 4),
]


@pytest.mark.parametrize(("slots", "tour", "dwell", "overlap", "training", "units"), GENERAL)
def test_overlap_and_reserve_training_take_the_units_the_general_form_says(
    slots: int, tour: int, dwell: int, overlap: int, training: int, units: int
) -> None:
    """The demand starts after the first P + O months, which no plan can cover (training
    at home, then reception): from then on, N units hold it and N - 1 cannot."""
    cycle = training + tour + dwell
    assert math.ceil(slots * cycle / (tour - overlap)) == units  # the row is the formula's
    months = training + overlap + 4 * cycle
    reserve = (
        {
            "reserve_training_months": training,
            "reserve_max_months": training + tour,
            "reserve_mobilizations": 1,
            "reserve_window_months": 1,  # no window beyond the cycle's own
        }
        if training
        else {}
    )
    component = "reserve" if training else "active"

    def short(count: int) -> float:
        case = scenario(
            months=months,
            nations=[
                nation(tour_months=tour, dwell_months=dwell, overlap_months=overlap, **reserve)
            ],
            units=[unit(f"u{i}", component=component) for i in range(count)],
            demand=[("r", "guard", training + overlap, months - 1, 100 * slots)],
        )
        return shortfall(solve(case, spec()))

    assert short(units) == 0
    assert short(units - 1) > 0
