"""Neighbourhood search: improve a plan by re-solving windows of months, or pairs of regions.

Branch-and-bound from a heuristic warm start spends long on root cuts and improves the
incumbent slowly (on the generator's S ladder HiGHS alone needs about two minutes to find
what this search finds in twenty seconds). Here every tour mobilizing outside a window of
months is fixed at the incumbent's value and HiGHS re-solves what is left, a far smaller
MIP; an improvement becomes the incumbent, and the window slides on by half its width.
A window whose MIP neither is solved nor improves within its time halves; one solved in
under a quarter of it doubles. After each pass over the months comes a pass over pairs of
regions, each freed over the whole horizon: tours outside a window of months keep each
nation where it serves, so only a region window can move a nation from one region to
another under the nations-per-region rule. Handovers, the domestic pipeline and every
continuous variable stay free. The search stops when a window holds every tour and is
solved, or two passes in a row find nothing better (one over the months, once every pair
of regions has had its pass); its best plan is the warm start of
branch-and-bound on the whole model.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

import highspy
import numpy as np
import pyomo.environ as pyo

from forcegen.model.sets import ModelData

# Narrower windows leave too little to choose; wider ones are the whole model again.
NARROWEST, WIDEST = 3, 48


@dataclass(frozen=True)
class Windows:
    """Each tour's mobilization month and region, so a window frees the tours mobilizing
    inside a span of months, or the tours in a pair of regions."""

    tours: list[Any]
    mobilized: list[int]
    regions: list[str]
    horizon: int
    width: int

    @classmethod
    def of(cls, m: pyo.ConcreteModel, data: ModelData) -> Windows:
        free = [i for i in m.tour if i not in data.fixed]
        longest = max((g.tour for g in data.groups.values()), default=NARROWEST)
        return cls(
            tours=[m.tour[i] for i in free],
            mobilized=[data.tours[i][3] - data.groups[data.tours[i][0]].training for i in free],
            regions=[data.tours[i][2] for i in free],
            horizon=data.horizon,
            width=min(WIDEST, max(NARROWEST, longest)),
        )


def improve(
    highs: highspy.Highs,
    column: dict[int, int],
    incumbent: list[tuple[Any, float]],
    windows: Windows,
    seconds: float,
    streams: tuple[TextIO, ...] = (),
) -> None:
    """Search for `seconds` from the warm start `incumbent` (variables and values), then
    hand HiGHS the best complete solution found as its starting point.

    `column` maps id(variable) to its HiGHS column; bounds changed here are restored."""
    started = time.perf_counter()
    everything = np.arange(highs.getNumCol(), dtype=np.int32)
    given = np.array([column[id(v)] for v, _ in incumbent], dtype=np.int32)
    tours = np.array([column[id(v)] for v in windows.tours], dtype=np.int32)
    mobilized = np.array(windows.mobilized)
    regions = np.array(windows.regions)
    lp = highs.getLp()
    lower, upper = np.array(lp.col_lower_), np.array(lp.col_upper_)
    cost, offset = np.array(lp.col_cost_), lp.offset_
    quiet = {"output_flag": False, "mip_rel_gap": 1e-4}
    saved = {name: highs.getOptionValue(name)[1] for name in (*quiet, "time_limit")}
    for name, value in quiet.items():
        highs.setOptionValue(name, value)

    def solve(
        fixed: np.ndarray, start: tuple[np.ndarray, np.ndarray], limit: float
    ) -> tuple[float, Any, bool]:
        """Re-solve from `start` (columns, values) with the `fixed` columns at their start
        values: (objective, every column's value or None, whether this MIP was solved)."""
        at = dict(zip(start[0].tolist(), start[1].tolist(), strict=True))
        values = np.array([at[c] for c in fixed.tolist()])
        highs.changeColsBounds(len(fixed), fixed, values, values)
        highs.setSolution(len(start[0]), *start)
        highs.setOptionValue("time_limit", limit)
        highs.run()
        # Read before the bounds go back: any change to the model clears its solution.
        solved = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
        value, columns = float("inf"), None
        if _found(highs):
            columns = np.array(highs.getSolution().col_value)
            # The objective of these values, not HiGHS's report: after a window stopped by
            # its time limit, HiGHS (1.16) has reported an objective below its solution's.
            value = offset + float(cost @ columns)
        highs.changeColsBounds(len(fixed), fixed, lower[fixed], upper[fixed])
        return value, columns, solved

    try:
        # Complete the warm start: its integer values fixed, HiGHS finds the rest.
        start = (given, np.array([value for _, value in incumbent]))
        objective, best, _ = solve(given, start, max(1.0, seconds))
        if best is None:
            return
        _say(streams, f"search: warm start {objective:,.0f}")
        width, first, improved, idle = windows.width, 0, False, 0
        pairs: list[tuple[str, str]] = []
        passes = _region_pairs(windows.regions)
        while (left := seconds - (time.perf_counter() - started)) > 0.5:
            limit = min(left, max(2.0, seconds / 8))
            by_region = bool(pairs)
            if by_region:
                pair = pairs.pop()
                free = np.isin(regions, pair)
                label = " and ".join(pair)
            else:
                free = (mobilized >= first) & (mobilized < first + width)
                label = f"months {first}-{first + width - 1}"
            step = time.perf_counter()
            value, found, solved = solve(tours[~free], (everything, best), limit)
            took = time.perf_counter() - step
            better = found is not None and value < objective - 1e-6
            if better:
                _say(streams, f"search: {label}: {value:,.0f}")
                objective, best, improved = value, found, True
            if solved and free.all():
                break  # the window held every tour: the whole model is solved
            if not by_region:
                if not solved and not better and width > NARROWEST:
                    width //= 2
                elif solved and took < limit / 4 and width < WIDEST:
                    width *= 2
                first += max(1, width // 2)
                if first < windows.horizon:
                    continue
                first, pairs = 0, next(passes, [])
            elif pairs:
                continue
            # A pass is over. Two in a row that found nothing, or a pass over the months
            # that found nothing with no pass over regions left, hand over to
            # branch-and-bound: another pass would re-solve the same windows.
            idle = 0 if improved else idle + 1
            if idle == 2 or (idle == 1 and not by_region and not pairs):
                break
            improved = False
        highs.setSolution(len(everything), everything, best)
    finally:
        for name, kept in saved.items():
            highs.setOptionValue(name, kept)


def _region_pairs(regions: list[str]) -> Iterator[list[tuple[str, str]]]:
    """Passes of region pairs, every pair once: neighbours in name order first, then
    regions one further apart, and so on."""
    names = sorted(set(regions))
    for apart in range(1, len(names) // 2 + 1):
        ends = ((a, names[(i + apart) % len(names)]) for i, a in enumerate(names))
        pairs = {(min(a, b), max(a, b)) for a, b in ends}
        yield sorted(pairs, reverse=True)  # popped from the end: in name order


def _found(highs: highspy.Highs) -> bool:
    """Whether the last run left a feasible solution (highspy reports the status as int)."""
    feasible = int(highspy.SolutionStatus.kSolutionStatusFeasible)
    return int(highs.getInfo().primal_solution_status) == feasible


def _say(streams: tuple[TextIO, ...], line: str) -> None:
    for stream in streams:
        stream.write(line + "\n")
