"""Quinlivan's rotation arithmetic, from ../shared/domain.md: N = ceil(k (T + D) / T).

Over several full cycles, N units keep k slots filled without a break and N - 1 cannot.
Every unit starts fresh, so a short horizon could hide the gap: the horizon here is at
least four cycles of T + D months. With relief in place (O months of overlap, which cover
nothing) and reserve units' post-mobilization training (P months, counted in the cycle:
dwell runs from a tour's end to the next mobilization), docs/rules.md's general form is
N = ceil(k (P + T + D) / (T - O)), where a reserve called up once in W months has a cycle of
max(P + T + D, W). The brief's public rotation policies (`POLICIES`) take the units that
form gives. The bound is the steady state's: k slots all filled in month 0, where k (T + D)
/ T is not whole, are a unit short once, at the start.
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


def _short_in_rotation(
    slots: int, tour: int, dwell: int, overlap: int, training: int, window: int | None, count: int
) -> float:
    """The optimum's shortfall with `count` units (reserves where `training` or `window`
    is given, called up once in `window` months) against `slots` units' demand from the
    month the first can count (after P months of training and O of reception) for four
    cycles: ceil(k cycle / (T - O)) units hold it, one fewer cannot."""
    cycle = max(training + tour + dwell, window or 0)
    months = training + overlap + 4 * cycle
    reserve = window is not None or training > 0
    rules = (
        {
            "reserve_training_months": training,
            "reserve_max_months": training + tour,
            "reserve_mobilizations": 1,
            "reserve_window_months": window or 1,  # 1: no window beyond the cycle's own
        }
        if reserve
        else {}
    )
    case = scenario(
        months=months,
        nations=[nation(tour_months=tour, dwell_months=dwell, overlap_months=overlap, **rules)],
        units=[unit(f"u{i}", component="reserve" if reserve else "active") for i in range(count)],
        demand=[("r", "guard", training + overlap, months - 1, 100 * slots)],
    )
    plan = solve(case, spec())
    assert check_plan(case, spec(), plan).ok
    return shortfall(plan)


@pytest.mark.parametrize(("slots", "tour", "dwell", "overlap", "training", "units"), GENERAL)
def test_overlap_and_reserve_training_take_the_units_the_general_form_says(
    slots: int, tour: int, dwell: int, overlap: int, training: int, units: int
) -> None:
    """The demand starts after the first P + O months, which no plan can cover (training
    at home, then reception): from then on, N units hold it and N - 1 cannot."""
    cycle = training + tour + dwell
    assert math.ceil(slots * cycle / (tour - overlap)) == units  # the row is the formula's
    rotation = (slots, tour, dwell, overlap, training, None)
    assert _short_in_rotation(*rotation, units) == 0
    assert _short_in_rotation(*rotation, units - 1) > 0


# The rotation policies of ../shared/domain.md's "Realistic parameters", in whole months,
# and the units each takes to keep one slot filled, worked out by hand from the figures
# (not from the code): k, P, T, D, O, W (one call-up in W months), units.
POLICIES = {
    # 12-month tours at the 1:2 dwell goal: MARATHON's 1,095-day active cycle (365
    # deployed, 730 dwell); Australia's three 12-month phases, one brigade in each.
    "US 12 months at 1:2": (1, 0, 12, 24, 0, None, 3),  # 36 / 12
    "US 12 months at 1:3": (1, 0, 12, 36, 0, None, 4),  # 48 / 12
    # 9 months from 2012 at 1:3; MARATHON's 270 deployed and 825 dwell (27 months).
    "US 9 months at 1:3": (1, 0, 9, 27, 0, None, 4),  # 36 / 9
    # Canada's 6-month Kandahar rotations (most UN contributors rotate in 6 to 12) at
    # 1:2, with MARATHON's 45 days of relief in place as one month that covers nothing.
    "6 months at 1:2, a month of relief": (1, 0, 6, 12, 1, None, 4),  # 18 / 5 = 3.6
    # US reserve 1:5: a year mobilized, about 4 months of it post-mobilization training,
    # then five years at home: one call-up in 72 months.
    "US reserve 1:5": (1, 4, 8, 0, 0, 72, 9),  # 72 / 8
    # The Army Guard nearer 1:4 (2009): one call-up in 60 months.
    "Army Guard 1:4": (1, 4, 8, 0, 0, 60, 8),  # 60 / 8 = 7.5
    # MARATHON's reserve cycles of 1,825 and 2,190 days, 270 of them deployed.
    "MARATHON reserve 1,825 days": (1, 0, 9, 0, 0, 60, 7),  # 60 / 9 = 6.7
    "MARATHON reserve 2,190 days": (1, 0, 9, 0, 0, 72, 8),  # 72 / 9
}


@pytest.mark.parametrize(
    ("slots", "training", "tour", "dwell", "overlap", "window", "units"),
    list(POLICIES.values()),
    ids=list(POLICIES),
)
def test_the_domain_briefs_rotation_policies_take_the_units_worked_out_by_hand(
    slots: int, training: int, tour: int, dwell: int, overlap: int, window: int | None, units: int
) -> None:
    rotation = (slots, tour, dwell, overlap, training, window)
    assert _short_in_rotation(*rotation, units) == 0
    assert _short_in_rotation(*rotation, units - 1) > 0


def test_slots_filled_together_from_month_0_may_take_a_unit_more_than_the_bound() -> None:
    """k = 2 slots, T = 2, D = 1: ceil(2 x 3 / 2) = 3 units keep them filled in steady
    state (a tour starting every month, each unit every third), but both slots filled in
    month 0 send two units home until month 3, and month 2 has only the third: 100 short
    there or in month 0, however long the horizon. A fourth unit covers it all. (The
    domain brief's table has such a case only for k = 1, where no two slots start
    together: k (T + D) / T is whole in each of its rows with k > 1.)"""

    def short(count: int) -> float:
        months = 8 * 3
        case = scenario(
            months=months,
            nations=[nation(tour_months=2, dwell_months=1)],
            units=[unit(f"u{i}") for i in range(count)],
            demand=[("r", "guard", 0, months - 1, 200)],
        )
        plan = solve(case, spec())
        assert check_plan(case, spec(), plan).ok
        return shortfall(plan)

    assert short(3) == 100
    assert short(4) == 0
