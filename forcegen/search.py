"""Neighbourhood search: improve a feasible plan by re-solving it a window of months at a time.

Branch-and-bound from a heuristic warm start spends long on root cuts and improves the
incumbent slowly (on the generator's S ladder HiGHS alone needs about two minutes to find
what this search finds in twenty seconds). Here every tour mobilizing outside a window of
months is fixed at the incumbent's value and HiGHS re-solves what is left, a far smaller
MIP; an improvement becomes the incumbent, and the window slides on by half its width.
A window whose MIP neither is solved nor improves within its time halves; one solved in
under a quarter of it doubles. Handovers, the domestic pipeline and every continuous
variable stay free. The search stops when a window holds every tour and is solved, or a
whole pass finds nothing better; its best plan is the warm start of branch-and-bound on
the whole model.
"""

from __future__ import annotations

import time
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
    """Each tour's mobilization month, so a window frees the tours mobilizing inside it."""

    tours: list[Any]
    mobilized: list[int]
    horizon: int
    width: int

    @classmethod
    def of(cls, m: pyo.ConcreteModel, data: ModelData) -> Windows:
        tours = [m.tour[i] for i in m.tour if i not in data.fixed]
        mobilized = [
            data.tours[i][3] - data.groups[data.tours[i][0]].training
            for i in m.tour
            if i not in data.fixed
        ]
        longest = max((g.tour for g in data.groups.values()), default=NARROWEST)
        return cls(tours, mobilized, data.horizon, min(WIDEST, max(NARROWEST, longest)))


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
    lp = highs.getLp()
    lower, upper = np.array(lp.col_lower_), np.array(lp.col_upper_)
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
            value = highs.getInfo().objective_function_value
            columns = np.array(highs.getSolution().col_value)
        highs.changeColsBounds(len(fixed), fixed, lower[fixed], upper[fixed])
        return value, columns, solved

    try:
        # Complete the warm start: its integer values fixed, HiGHS finds the rest.
        start = (given, np.array([value for _, value in incumbent]))
        objective, best, _ = solve(given, start, max(1.0, seconds))
        if best is None:
            return
        _say(streams, f"search: warm start {objective:,.0f}")
        width, first, improved = windows.width, 0, False
        while (left := seconds - (time.perf_counter() - started)) > 0.5:
            limit = min(left, max(2.0, seconds / 8))
            free = (mobilized >= first) & (mobilized < first + width)
            step = time.perf_counter()
            value, found, solved = solve(tours[~free], (everything, best), limit)
            took = time.perf_counter() - step
            better = found is not None and value < objective - 1e-6
            if better:
                _say(streams, f"search: months {first}-{first + width - 1}: {value:,.0f}")
                objective, best, improved = value, found, True
            if solved and free.all():
                break  # the window held every tour: the whole model is solved
            if not solved and not better and width > NARROWEST:
                width //= 2
            elif solved and took < limit / 4 and width < WIDEST:
                width *= 2
            first += max(1, width // 2)
            if first >= windows.horizon:
                if not improved:
                    break  # a whole pass found nothing: branch-and-bound's turn
                first, improved = 0, False
        highs.setSolution(len(everything), everything, best)
    finally:
        for name, kept in saved.items():
            highs.setOptionValue(name, kept)


def _found(highs: highspy.Highs) -> bool:
    """Whether the last run left a feasible solution (highspy reports the status as int)."""
    feasible = int(highspy.SolutionStatus.kSolutionStatusFeasible)
    return int(highs.getInfo().primal_solution_status) == feasible


def _say(streams: tuple[TextIO, ...], line: str) -> None:
    for stream in streams:
        stream.write(line + "\n")
