"""Quinlivan's rotation arithmetic, from ../shared/domain.md: N = ceil(k (T + D) / T).

Over several full cycles, N units keep k slots filled without a break and N - 1 cannot.
Every unit starts fresh, so a short horizon could hide the gap: the horizon here is at
least four cycles of T + D months.
"""

from __future__ import annotations

import math

import pytest

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
        return shortfall(solve(case, spec(), aggregate=aggregate))

    assert short(units) == 0
    assert short(units - 1) > 0
