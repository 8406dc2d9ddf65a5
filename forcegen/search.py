"""Neighbourhood search: improve a plan by re-solving windows of months, rows or regions.

Branch-and-bound from a heuristic warm start spends long on root cuts and improves the
incumbent slowly (on the generator's S ladder HiGHS alone needs about two minutes to find
what this search finds in twenty seconds). Here every tour mobilizing outside a window of
months is fixed at the incumbent's value and HiGHS re-solves what is left, a far smaller
MIP; an improvement becomes the incumbent, and the window slides on by half its width.
The first window frees the tours on which the heuristic's plans disagree (`Windows.of`):
the best start is not always the best to search from (M: the value-first plan that
starts 1% better ends 10% worse).
A window whose MIP neither is solved (to `WINDOW_GAP`) nor improves within its time
halves; one solved in under a quarter of it doubles. Each pass over the months is
followed by one over the rows (a region's task, freed over the whole horizon): a window
of months holds a row's tours before and after it, so it cannot re-time the row's
rotation whole (on S at 30 s, after the first pass over the months, the rows took the
plan from 1.728M to 1.701M where a second pass over the months found 1.725M). Rows come
after the months, not before: Timor-Leste's 45 rows, searched first, took most of its
minute and found less than the months do in it (docs/performance.md, session 55). Passes
that improved the plan are followed by more; when a pass over the months and one over
the rows found nothing, a pass over pairs of regions, each freed over the whole horizon:
tours outside a window of months keep each nation where it serves, so only a region
window can move a nation from one region to another under the nations-per-region rule
(not out of a sector of three regions or more under the nations-per-sector rule: every
window keeps the rules, some moves are beyond them). Handovers, the domestic pipeline
and every continuous variable stay free. The search stops when a window holds every tour
and is solved, or the passes find nothing better (over the months and the rows, once
every pair of regions has had its pass); its best plan is the warm start of
branch-and-bound on the whole model, or the answer when the search spent the time limit
(`solve.py`, which lets the search go on when branch-and-bound's root would not be
solved in the time left). A window that held every tour is the whole model: its MIP's
dual bound, solved or stopped by its time limit, is the whole model's too.
Each window's outcome goes to the log, a better objective or "no better", so a user
watching a long solve sees every window tried.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, NamedTuple, TextIO

import highspy
import numpy as np
import pyomo.environ as pyo

from forcegen.greedy import GreedyPlan
from forcegen.model.sets import ModelData
from forcegen.spec import NOISE

# Narrower windows leave too little to choose; wider ones are the whole model again.
NARROWEST, WIDEST = 3, 48
# A window's MIP is done within 1% of its own bound: proving the rest is branch-and-bound's
# work on the whole model. L's windows of months came within 0.5-0.7% in 20-25 s and spent
# the other 50 s of their limit closing that, so the search reached only month 47 of 120.
WINDOW_GAP = 0.01
# The best plans whose disagreements make the first window: the heuristic's plans within
# the sector model's nations (`sectors.py`) and without it differ in most tours, and a
# window of most tours is the whole model again.
CONTESTED = 4
# Rounds of taking back a warm start's values that put rows past their limits: each may
# break rows the values taken back were holding (a region's `serves` taken back breaks the
# row of a tour there), which the next round mends.
REPAIRS = 5
# HiGHS's statuses of a model with no solution: presolve may not tell infeasible from unbounded.
INFEASIBLE = (
    highspy.HighsModelStatus.kInfeasible,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
)


@dataclass(frozen=True)
class Windows:
    """Each tour's mobilization month, region and task, so a window frees the tours
    mobilizing inside a span of months, the tours of a region's task, or the tours in a
    pair of regions; and whether the heuristic's plans disagree on it."""

    tours: list[Any]
    mobilized: list[int]
    regions: list[str]
    tasks: list[str]
    horizon: int
    width: int
    contested: list[bool]

    @classmethod
    def of(cls, m: pyo.ConcreteModel, data: ModelData, plans: Sequence[GreedyPlan] = ()) -> Windows:
        """`plans`: the heuristic's plans, best first; the tours the best `CONTESTED` do not
        agree on are a window."""
        free = [i for i in m.tour if i not in data.fixed]
        longest = max((g.tour for g in data.groups.values()), default=NARROWEST)
        counts = [{i: n for i, n in plan.counts.items() if n} for plan in plans[:CONTESTED]]
        return cls(
            tours=[m.tour[i] for i in free],
            mobilized=[data.tours[i][3] - data.groups[data.tours[i][0]].training for i in free],
            regions=[data.tours[i][2] for i in free],
            tasks=[data.tours[i][1] for i in free],
            horizon=data.horizon,
            width=min(WIDEST, max(NARROWEST, longest)),
            contested=[len({c.get(i, 0) for c in counts}) > 1 for i in free],
        )


@dataclass(frozen=True)
class Limit:
    """A rule on the warm start's columns alone: `lower <= coefficients @ values[columns]
    <= upper`. A row the start holds whole, or one that rows holding other columns too
    imply (`WholeModel.certified`)."""

    columns: np.ndarray
    coefficients: np.ndarray
    lower: float
    upper: float


class StartRefused(Exception):
    """The warm start breaks a hard rule (a hard min_nations the heuristics do not keep):
    no values of the other columns complete it. `rows`: the rows it breaks (the whole
    model's row numbers); none where HiGHS found the completion infeasible and gave no
    certificate of it (only whole numbers of the columns completed fail). `limits`: the
    rules on the start's own columns it breaks there, which taking its values back may
    mend."""

    def __init__(self, rows: Sequence[int] = (), limits: Sequence[Limit] = ()) -> None:
        super().__init__("the warm start breaks a hard rule")
        self.rows = tuple(rows)
        self.limits = tuple(limits)


class Searched(NamedTuple):
    """The search's best plan: its objective and every column's value; and `bound`, the
    whole model's, where a window held every tour (its MIP's dual bound), else None;
    `interrupted` where a Ctrl-C (a KeyboardInterrupt) ended the search."""

    objective: float
    values: np.ndarray
    bound: float | None = None
    interrupted: bool = False


def improve(
    whole: WholeModel,
    column: dict[int, int],
    incumbent: list[tuple[Any, float]],
    windows: Windows,
    seconds: float,
    streams: tuple[TextIO, ...] = (),
    threads: int = 0,
    more: Callable[[], float] | None = None,
) -> Searched | None:
    """Search for `seconds` from the warm start `incumbent` (variables and values); return
    the best complete solution found (every column's value) with its objective, and the
    whole model's bound where a window held it all, or None if the warm start could not
    be completed in time; StartRefused if it cannot be at all. When the `seconds` are
    spent, `more()` (asked once) gives the seconds the search goes on for. A Ctrl-C once
    the warm start is completed ends the search with its best plan so far, `interrupted`.

    `whole` is the model's (`WholeModel`), not changed; `column` maps id(variable) to its
    column. Each window's MIP gets `threads` solver threads (0: HiGHS's choice); they must be the
    count this thread's HiGHS solves have used."""
    search = _Search(whole, column, windows, seconds, streams, threads, more)
    if not search.complete(incumbent):
        return None
    try:
        search.free_the_contested()
        with suppress(_SearchOver):
            # Months and rows while they improve the plan; after passes that did not, the
            # next pass of region pairs, and the months and rows again if it did. None
            # left, or none better, ends it: another pass would re-solve the same windows.
            passes = _region_pairs(windows.regions)
            while True:
                improved = search.pass_over_months()
                improved = search.pass_over_rows() or improved
                if not improved and not search.pass_over_regions(next(passes, [])):
                    break
    except KeyboardInterrupt:
        # The best plan so far is whole (a window's plan is taken in one assignment of its
        # every column); its objective is worked out again from it, as the interrupt may
        # have come between the two.
        best = search.best
        return Searched(whole.objective(best), best, search.bound, interrupted=True)
    return Searched(search.objective, search.best, search.bound)


def polish(
    whole: WholeModel, values: np.ndarray, seconds: float, threads: int = 0
) -> tuple[float, np.ndarray] | None:
    """The plan `values` (every column's) with its integer columns held and the rest
    solved to optimality: its objective and values, or None where it has no continuous
    column or the LP is not solved within `seconds`. A window, or branch-and-bound's
    heuristics, stopped within its gap may leave a plan's continuous part (shortfall, the
    domestic force's recruits and employment) short of the best for its tours: two plans
    of the same tours had objectives 40 apart. `whole` and `threads` as in `improve`."""
    free = ~whole.integer
    if not free.any():
        return None
    try:
        lp = whole.window(free, values)
    except StartRefused:  # a plan the checker would refuse is not this function's to mend
        return None
    solver = _cut_solver(whole.options, lp, seconds, threads)
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    columns = values.copy()
    columns[free] = solver.getSolution().col_value
    return whole.objective(columns), columns


def _cut_solver(
    options: highspy.HighsOptions, lp: highspy.HighsLp, seconds: float, threads: int
) -> highspy.Highs:
    """A HiGHS of its own for a model cut from the whole (`WholeModel.window`), with the whole
    model's `options`, silent, given `seconds` and `threads`."""
    solver = highspy.Highs()
    solver.passOptions(options)
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", seconds)
    solver.setOptionValue("threads", threads)
    solver.passModel(lp)
    return solver


class _SearchOver(Exception):
    """The search is over: its time is spent, or a window held every tour and was solved
    (the whole model, to WINDOW_GAP)."""


class _Search:
    """The best plan so far and its objective, the clock, and the width of a window of
    months, which a window's outcome narrows or widens for the next."""

    def __init__(
        self,
        whole: WholeModel,
        column: dict[int, int],
        windows: Windows,
        seconds: float,
        streams: tuple[TextIO, ...],
        threads: int,
        more: Callable[[], float] | None,
    ) -> None:
        self.started = time.perf_counter()
        self.model = whole
        self.column = column
        self.windows = windows
        self.tours = np.array([column[id(v)] for v in windows.tours], dtype=np.int32)
        self.mobilized = np.array(windows.mobilized)
        self.regions = np.array(windows.regions)
        self.tasks = np.array(windows.tasks)
        self.seconds, self.more = seconds, more
        # A window's time limit is set by the search's first allowance, whatever `more` adds.
        self.pace = max(2.0, seconds / 8)
        self.streams, self.threads = streams, threads
        self.width = windows.width
        self.objective: float  # the best plan's, and its every column's value: `complete`
        self.best: np.ndarray
        # The whole model's bound, where a window held every tour: on a small model the
        # search ends so, and the relaxation's bound alone had said a plan within 1% of
        # its optimum was 32% from it.
        self.bound: float | None = None

    def complete(self, incumbent: list[tuple[Any, float]]) -> bool:
        """Complete the warm start: its integer values fixed, HiGHS finds the rest. False
        if HiGHS found no completion in time; StartRefused if there is none."""
        given = np.array([self.column[id(v)] for v, _ in incumbent], dtype=np.int32)
        warm = np.zeros(self.model.columns)
        warm[given] = [value for _, value in incumbent]
        completing = np.ones(self.model.columns, dtype=bool)
        completing[given] = False
        limit = max(1.0, self.seconds)
        first: StartRefused | None = None
        for repairs in range(REPAIRS + 1):
            try:
                objective, best, status = self.solve(completing, warm, limit, start=False)
                if best is None and status in INFEASIBLE:
                    raise self.certificate(completing, warm, limit)
                break
            except StartRefused as refused:
                # A start past a limit (a heuristic's flaw) is searched from without the
                # values that put it there, not left to branch-and-bound, which on a
                # theatre-sized model may find no plan at all in the time.
                mended = self.model.past_limits(refused.limits, warm)
                taken = mended != warm
                if repairs == REPAIRS or not taken.any():
                    self.say("search: the warm start breaks a hard rule; branch-and-bound alone")
                    # The rows the start broke, not those its mending broke in turn.
                    raise StartRefused((first or refused).rows) from refused
                warm = mended
                broken = f"{len(refused.rows)} row(s) of hard rules"
                self.say(
                    f"search: the warm start breaks {broken}: {int(taken.sum())} of its values "
                    "in them left out"
                    if first is None
                    else f"search: the values left out break {broken} more: "
                    f"{int(taken.sum())} more left out"
                )
                first = first or refused
        if best is None and first is not None:
            # A mended start not completed in time is said as the start it was: broken.
            self.say("search: the warm start breaks a hard rule; branch-and-bound alone")
            raise StartRefused(first.rows)
        if best is None:
            self.say(f"search: the warm start not completed in {limit:.0f} s; branch-and-bound")
            return False
        self.objective, self.best = objective, best
        self.say(f"search: warm start {objective:,.0f}")
        return True

    def certificate(self, free: np.ndarray, values: np.ndarray, seconds: float) -> StartRefused:
        """Why the columns in `free` have no values completing the rest at `values`: the
        rows of HiGHS's certificate that the completion's LP is infeasible, and the
        limit they imply on the held columns (`WholeModel.certified`). No rows if the LP has
        a solution (only whole numbers of the free columns fail) or none is found in
        `seconds`.

        A row holding a column the start leaves free (a ceiling's `deployed`) is no row
        the start holds whole: the completion, not the window, finds it broken."""
        lp = self.model.window(free, values)
        lp.integrality_ = []  # an LP's infeasibility has a certificate, a MIP's none
        solver = _cut_solver(self.model.options, lp, seconds, self.threads)
        solver.run()
        if solver.getModelStatus() not in INFEASIBLE:
            return StartRefused()
        # highspy's stubs (1.16) leave out its getDualRay.
        _, found, ray = solver.getDualRay()  # type: ignore[attr-defined]
        return self.model.certified(ray, free) if found else StartRefused()

    def free_the_contested(self) -> None:
        """First, one window of the tours the heuristic's best plans disagree on."""
        contested = np.array(self.windows.contested, dtype=bool)
        if contested.any():
            self.attempt(
                "where the first plans differ", contested, min(self.seconds / 4, self.pace)
            )

    def pass_over_months(self) -> bool:
        """Windows of months from the first, each starting half its width after the last;
        whether one improved the plan."""
        horizon = self.windows.horizon
        improved, first = False, 0
        while first < horizon:
            chosen = (self.mobilized >= first) & (self.mobilized < first + self.width)
            # No tour mobilizes after the horizon: a window past it is named up to its end.
            label = f"months {first}-{min(first + self.width, horizon) - 1}"
            better, solved, took, limit = self.next_window(label, chosen)
            improved = improved or better
            quick, whole = took < limit / 4, first + self.width <= horizon
            self.adapt_width(better, solved, quick, whole)
            first += max(1, self.width // 2)
        return improved

    def adapt_width(self, better: bool, solved: bool, quick: bool, whole: bool) -> None:
        """A window of months neither solved nor improved within its time limit halves;
        one solved in under a quarter of it (`quick`) doubles, if `whole` (not cut short
        by the horizon's end)."""
        if not solved and not better and self.width > NARROWEST:
            self.width //= 2
        # A window cut short by the horizon's end holds few tours and says nothing of a
        # whole one (doubled on it, M's next pass opened on 48 months, which took 13 s
        # of a 7.5 s limit).
        elif solved and quick and self.width < WIDEST and whole:
            self.width *= 2

    def pass_over_regions(self, pairs: list[tuple[str, str]]) -> bool:
        """A window of each pair of regions over the whole horizon; whether one improved
        the plan."""
        improved = False
        for pair in pairs:
            better, *_ = self.next_window(" and ".join(pair), np.isin(self.regions, pair))
            improved = improved or better
        return improved

    def pass_over_rows(self) -> bool:
        """A window of each region's task over the whole horizon; whether one improved the
        plan. None where there is one row: its window is the whole model, branch-and-bound's
        work."""
        rows = sorted(set(zip(self.windows.regions, self.windows.tasks, strict=True)))
        if len(rows) < 2:
            return False
        improved = False
        for region, task in rows:
            chosen = (self.regions == region) & (self.tasks == task)
            better, *_ = self.next_window(f"{task} in {region}", chosen)
            improved = improved or better
        return improved

    def next_window(self, label: str, chosen: np.ndarray) -> tuple[bool, bool, float, float]:
        """`attempt` with the time the search has left, at most its pace (and its time
        limit); _SearchOver when none is left or the window held every tour and was solved."""
        left = self.remaining()
        if left <= 0.5:
            raise _SearchOver
        limit = min(left, self.pace)
        better, solved, took = self.attempt(label, chosen, limit)
        if solved and chosen.all():
            raise _SearchOver
        return better, solved, took, limit

    def remaining(self) -> float:
        """The search's seconds left; once they are spent, with what `more()` adds."""
        left = self.seconds - (time.perf_counter() - self.started)
        if left <= 0.5 and self.more is not None:
            extra, self.more = self.more(), None
            if extra > 0:
                self.say(f"search: {extra:.0f} s more")
                self.seconds += extra
                left += extra
        return left

    def attempt(self, label: str, chosen: np.ndarray, limit: float) -> tuple[bool, bool, float]:
        """Re-solve the `chosen` tours from the best plan, every other tour held; keep the
        result if better. (Whether it was, whether its MIP was solved, its seconds.)"""
        free = np.ones(self.model.columns, dtype=bool)
        free[self.tours[~chosen]] = False
        step = time.perf_counter()
        try:
            value, found, status = self.solve(free, self.best, limit)
        except StartRefused:
            # Only the warm start's refusal is the solve's news: the best plan kept every
            # row, and a window that finds one broken (tolerances piled up) is no better.
            value, found, status = math.inf, None, highspy.HighsModelStatus.kNotset
        solved = status == highspy.HighsModelStatus.kOptimal
        better = found is not None and value < self.objective - NOISE
        if better:
            self.objective, self.best = value, found
        self.say(f"search: {label}: {f'{value:,.0f}' if better else 'no better'}")
        return better, solved, time.perf_counter() - step

    def solve(
        self, free: np.ndarray, values: np.ndarray, limit: float, start: bool = True
    ) -> tuple[float, Any, highspy.HighsModelStatus]:
        """Re-solve the columns in `free` with every other at its value in `values` (and
        from it, with `start`): (objective, every column's value or None, how this MIP
        ended). StartRefused when the values held break a row it leaves out."""
        lp = self.model.window(free, values)
        window = _cut_solver(self.model.options, lp, limit, self.threads)
        window.setOptionValue("mip_rel_gap", WINDOW_GAP)
        if start:
            count = int(free.sum())
            window.setSolution(count, np.arange(count, dtype=np.int32), values[free])
        window.run()
        status = window.getModelStatus()
        if free.all() and self.model.integer.any():
            # Nothing held: the window is the whole model but for its objective's constant,
            # and its dual bound the whole model's, stopped by its time limit too (minus
            # infinity before its root). A model without integers has none: an LP's is 0.
            bound = window.getInfo().mip_dual_bound
            if math.isfinite(bound):
                self.bound = max(self.bound or -math.inf, self.model.offset + bound)
        if not has_solution(window):
            return math.inf, None, status
        columns = values.copy()
        columns[free] = window.getSolution().col_value
        # The objective of these values, not HiGHS's report: after a window stopped by its
        # time limit, HiGHS (1.16) has reported an objective below its solution's.
        return self.model.objective(columns), columns, status

    def say(self, line: str) -> None:
        for stream in self.streams:
            stream.write(line + "\n")


class WholeModel:
    """The whole model's arrays and HiGHS options, from which each window's own model is
    cut, and the polish's.

    Handing HiGHS the whole model with most columns fixed costs a presolve over all of
    it in every window: 8 of L's 15 s, to find a MIP of 6,000 rows. A window's model
    holds only its free columns and the rows they appear in; the fixed columns' terms
    move into those rows' bounds."""

    def __init__(self, highs: highspy.Highs) -> None:
        self.options = highs.getOptions()
        lp = highs.getLp()
        matrix = lp.a_matrix_
        self.columns, self.rows = lp.num_col_, lp.num_row_
        # `solve.to_highs` passes the model whole, by column, and HiGHS keeps it so.
        starts, self.row = np.array(matrix.start_), np.array(matrix.index_)
        self.value = np.array(matrix.value_)
        self.column = np.repeat(np.arange(self.columns), np.diff(starts))
        self.entries = np.bincount(self.column, minlength=self.columns)
        self.lower, self.upper = np.array(lp.col_lower_), np.array(lp.col_upper_)
        self.cost, self.offset = np.array(lp.col_cost_), lp.offset_
        self.row_lower, self.row_upper = np.array(lp.row_lower_), np.array(lp.row_upper_)
        self.integrality = np.array(lp.integrality_, dtype=object)
        # Empty for a model without integers.
        self.integer = (
            self.integrality == highspy.HighsVarType.kInteger
            if len(self.integrality)
            else np.zeros(self.columns, dtype=bool)
        )

    def objective(self, values: np.ndarray) -> float:
        return self.offset + float(self.cost @ values)

    def activity(self, values: np.ndarray, entries: np.ndarray) -> np.ndarray:
        """Each row's activity at `values`, of the matrix `entries` (a mask)."""
        return np.bincount(
            self.row[entries],
            weights=self.value[entries] * values[self.column[entries]],
            minlength=self.rows,
        )

    def limits(self, rows: Sequence[int]) -> tuple[Limit, ...]:
        """The `rows` as limits on their columns."""
        entries = np.flatnonzero(np.isin(self.row, rows))
        limits = []
        for j in rows:
            mine = entries[self.row[entries] == j]
            lower, upper = float(self.row_lower[j]), float(self.row_upper[j])
            limits.append(Limit(self.column[mine], self.value[mine], lower, upper))
        return tuple(limits)

    def certified(self, ray: np.ndarray, free: np.ndarray) -> StartRefused:
        """The refusal HiGHS's certificate `ray` proves (a weight on each row of the window
        over the `free` columns; its dual ray): the rows it weighs, and the limit they
        imply on the held columns.

        Weighed and summed, the rows give one row every plan keeps; its free columns'
        part is bounded by their bounds, and the held columns' part by what is left,
        which the start breaks. A ceiling's `deployed[n,t] <= C`, summed with the next
        month's balance (`deployed[n,t+1] = deployed[n,t] - departures + arrivals` and
        `deployed >= 0`), bounds the personnel of the tours leaving in month t+1 by C."""
        weight = np.zeros(self.rows)
        weight[self.kept(free)] = ray
        # A ray's entries within noise of 0 are the solver's rounding, not rows it weighs.
        weight[np.abs(weight) <= NOISE * np.abs(weight).max()] = 0.0
        rows = np.flatnonzero(weight)
        entries = np.flatnonzero(weight[self.row])
        terms = weight[self.row[entries]] * self.value[entries]
        summed = np.bincount(self.column[entries], weights=terms, minlength=self.columns)
        # A free column in two rows weighed to cancel (deployed[n,t] in the ceiling and the
        # next month's balance) may be left with rounding for a coefficient.
        summed[np.abs(summed) <= NOISE * np.abs(terms).max()] = 0.0
        w, lower, upper = weight[rows], self.row_lower[rows], self.row_upper[rows]
        least = float(np.sum(np.where(w > 0, w * lower, w * upper)))
        most = float(np.sum(np.where(w > 0, w * upper, w * lower)))
        on = np.flatnonzero(free & (summed != 0))
        part, low, high = summed[on], self.lower[on], self.upper[on]
        free_least = float(np.sum(np.where(part > 0, part * low, part * high)))
        free_most = float(np.sum(np.where(part > 0, part * high, part * low)))
        held = np.flatnonzero(~free & (summed != 0))
        implied = Limit(held, summed[held], least - free_most, most - free_least)
        # An equality defines a column (a nation's personnel in theatre, month by month):
        # the limits on what it defines are the rules broken. A certificate of equalities
        # alone is one of a column's bounds (a group's units at home, never fewer than
        # none), and its rows are named.
        limits = rows[self.row_lower[rows] < self.row_upper[rows]]
        return StartRefused((limits if len(limits) else rows).tolist(), (implied,))

    def past_limits(self, limits: Sequence[Limit], values: np.ndarray) -> np.ndarray:
        """`values` with terms taken back towards their lower bounds so that each of
        `limits` holds again: in each, its largest terms past the limit first, each by no
        more than the limit is past, in whole units for a whole-number column, until it
        holds (a tour over a ceiling by one unit takes one tour back, not all of them, nor
        both of a group's two). A limit short of what only more could meet (a least number
        of nations) has none."""
        current = values.copy()
        for limit in limits:
            # Read at what earlier limits left: their take-backs may have mended this one.
            columns, coefficients = limit.columns, limit.coefficients
            level = float(coefficients @ current[columns])
            side = _outside(level, limit.lower, limit.upper)
            gain = side * coefficients * (current[columns] - self.lower[columns])
            for k in np.argsort(-gain):
                if gain[k] <= 0 or _outside(level, limit.lower, limit.upper) != side:
                    break
                column = columns[k]
                past = level - limit.upper if side > 0 else limit.lower - level
                back = past / abs(coefficients[k])
                if self.integer[column]:
                    back = math.ceil(back - NOISE)
                back = min(back, current[column] - self.lower[column])
                level -= coefficients[k] * back
                current[column] -= back
        return current

    def kept(self, free: np.ndarray) -> np.ndarray:
        """The rows of the window over the `free` columns, those holding one (a mask)."""
        return np.bincount(self.row[free[self.column]], minlength=self.rows) > 0

    def window(self, free: np.ndarray, values: np.ndarray) -> highspy.HighsLp:
        """The model over the `free` columns, every other column at its value in `values`;
        StartRefused, naming them, if rows without a free column are broken by the fixed
        values.

        Rows without a free column are left out: from a feasible plan they stay as they
        were. A warm start need not be one: where the heuristics cannot reach a hard
        least-nations rule, whose row holds only the `contributes` binaries the start
        fixes, a start broken there was taken as a plan (exit 0 on an infeasible model)."""
        on_free = free[self.column]
        activity = self.activity(values, ~on_free)
        kept = self.kept(free)
        broken = _outside(activity, self.row_lower, self.row_upper) != 0
        if np.any(broken & ~kept):
            rows = np.flatnonzero(broken & ~kept).tolist()
            raise StartRefused(rows, self.limits(rows))
        renumbered = np.cumsum(kept) - 1
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = int(free.sum()), int(kept.sum())
        lp.col_cost_ = self.cost[free]
        lp.col_lower_, lp.col_upper_ = self.lower[free], self.upper[free]
        lp.row_lower_ = self.row_lower[kept] - activity[kept]
        lp.row_upper_ = self.row_upper[kept] - activity[kept]
        if len(self.integrality):  # empty for a model without integers
            lp.integrality_ = self.integrality[free].tolist()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
        lp.a_matrix_.start_ = np.concatenate(([0], np.cumsum(self.entries[free])))
        lp.a_matrix_.index_ = renumbered[self.row[on_free]]
        lp.a_matrix_.value_ = self.value[on_free]
        return lp


def _region_pairs(regions: list[str]) -> Iterator[list[tuple[str, str]]]:
    """Passes of region pairs, every pair once: neighbours in name order first, then
    regions one further apart, and so on."""
    names = sorted(set(regions))
    for apart in range(1, len(names) // 2 + 1):
        ends = ((a, names[(i + apart) % len(names)]) for i, a in enumerate(names))
        pairs = {(min(a, b), max(a, b)) for a, b in ends}
        yield sorted(pairs)


def _outside(level: Any, lower: Any, upper: Any) -> Any:
    """For each row at its `level` (or one row): 1 over its `upper` bound, -1 under its
    `lower`, 0 within them, to the solver's tolerance."""
    tolerance = NOISE * np.maximum(1.0, np.abs(level))
    return (level > upper + tolerance).astype(int) - (level < lower - tolerance)


def has_solution(highs: highspy.Highs) -> bool:
    """Whether the last run left a feasible solution (highspy reports the status as int)."""
    feasible = int(highspy.SolutionStatus.kSolutionStatusFeasible)
    return int(highs.getInfo().primal_solution_status) == feasible
