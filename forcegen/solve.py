"""Solve a built model with HiGHS and report termination apart from the solution found.

The model reaches HiGHS as arrays in memory (no LP file written and parsed): Pyomo's
standard-form compiler gives the matrix, and highspy takes it whole (`to_highs`). The
search works on that copy; branch-and-bound on the whole model runs in a process of its
own (`forcegen.branch`), so that its time limit holds.
"""

from __future__ import annotations

import io
import math
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, TextIO

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.core.base.constraint import ConstraintData
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from forcegen.branch import ABANDONED, DIED, GRACE, INTERRUPTED, Outcome, branch_and_bound
from forcegen.search import Searched, StartRefused, WholeModel, Windows, improve, polish
from forcegen.spec import NOISE, SolverOptions

# A row of the model: its constraint family and its index (empty for a single row).
Row = tuple[str, tuple[Any, ...]]
Termination = Literal[
    "optimal", "time_limit", "interrupted", "infeasible", "unbounded", "error", "other"
]
Solution = Literal["optimal", "feasible", "none"]

# Beyond this many nonzeros neither the LP relaxation nor branch-and-bound's root is solved
# within minutes: M's 0.9 million within a minute on one thread, L's 7.9 million not in
# ten (and the relaxation's copy raised L's peak memory from 7.8 to 8.9 GiB). Such a model
# gets no relaxation beside the search, and by default the search gets all of the time.
ROOT_OUT_OF_REACH = 2_000_000
LARGE_MODEL_SEARCH = 1.0
# How many times as long branch-and-bound's root LP (dual simplex, after a presolve) takes
# as the relaxation by interior point: M's relaxation took 46-70 s by interior point, 95-165 s
# by dual simplex.
ROOT_SLOWER = 2.0
# A root LP solved in this many seconds is worth branch-and-bound's second even where the
# search spent the time limit: the model is small, and its proof comes quickly.
QUICK_ROOT = 0.1
# HiGHS's presolve rule numbers are bits of `presolve_rule_off`; 15 is probing.
PROBING = 1 << 15
# The share of the time limit the final plan's continuous part may take to solve again.
POLISH_SHARE = 0.05

# HiGHS's model statuses, by name as the worker reports them; an abandoned worker had
# overrun its time limit, one that died had failed.
_TERMINATION: dict[str, Termination] = {
    "kOptimal": "optimal",
    "kTimeLimit": "time_limit",
    ABANDONED: "time_limit",
    INTERRUPTED: "interrupted",
    DIED: "error",
    "kInfeasible": "infeasible",
    "kUnboundedOrInfeasible": "infeasible",
    "kUnbounded": "unbounded",
    "kSolveError": "error",
    "kLoadError": "error",
    "kModelError": "error",
    "kPresolveError": "error",
    "kPostsolveError": "error",
}


@dataclass(frozen=True)
class SolveResult:
    """How the solver stopped (termination) and what it found (solution), kept apart."""

    termination: Termination
    solution: Solution
    objective: float | None
    bound: float | None
    handoff_seconds: float
    solve_seconds: float
    log: str
    columns: int = 0
    rows: int = 0
    nonzeros: int = 0
    # The warm start broke a hard rule: the search could not start from it. The rows it
    # broke, where known: those whose every column it fixes, or the limits HiGHS's
    # certificate that its completion is infeasible weighs (a ceiling's, of `deployed`).
    start_refused: bool = False
    broken_rows: tuple[Row, ...] = ()

    @property
    def gap(self) -> float | None:
        """Relative gap |objective - bound| / max(1, |objective|), HiGHS's definition."""
        if self.objective is None or self.bound is None:
            return None
        if math.isinf(self.bound):
            return None
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))

    @property
    def has_solution(self) -> bool:
        return self.solution != "none"


class Relaxation:
    """The LP relaxation, solved on a thread of its own while the search runs.

    Its optimum bounds the MIP's from below; branch-and-bound gets only what the search
    leaves of the time limit and may stop before its own root LP (M's takes a minute).
    The search's windows take one thread and leave it the other."""

    def __init__(self, highs: highspy.Highs) -> None:
        self.lp = highspy.Highs()
        self.lp.setOptionValue("output_flag", False)
        self.lp.setOptionValue("threads", 1)
        # Interior point: M's relaxation in 46-70 s on one thread, where dual simplex took
        # 95-165 s (and its bound was lost when the search ended first). No crossover to a
        # vertex: the bound needs the optimum's value, not a vertex, and crossover took M
        # capped's relaxation from 96 s to 161 s (M fast's from 46 s to 49 s).
        self.lp.setOptionValue("solver", "ipm")
        self.lp.setOptionValue("run_crossover", "off")
        self.lp.passModel(highs.getLp())
        count = self.lp.getNumCol()
        continuous = np.full(count, highspy.HighsVarType.kContinuous)
        self.lp.changeColsIntegrality(count, np.arange(count, dtype=np.int32), continuous)
        self.lp.HandleUserInterrupt = True  # so that cancelSolve() stops it
        # Not at a lower OS priority: the windows run on one thread beside it, and at
        # nice 19 it was starved all the same (M's relaxation unsolved after 120 s).
        self.seconds: float | None = None  # how long its run took, once it has ended
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        started = time.perf_counter()
        self.lp.run()
        self.seconds = time.perf_counter() - started

    def bound(self) -> float | None:
        """The relaxation's optimum if it was reached; the solve stops either way."""
        self.lp.cancelSolve()
        self.thread.join()
        if self.lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return float(self.lp.getInfo().objective_function_value)


def to_highs(m: pyo.ConcreteModel) -> tuple[highspy.Highs, dict[int, int]]:
    """The model in HiGHS, and each variable's column (by id of the Pyomo variable)."""
    highs, columns, _ = _compile(m)
    return highs, columns


def _compile(
    m: pyo.ConcreteModel,
) -> tuple[highspy.Highs, dict[int, int], list[ConstraintData]]:
    """The model in HiGHS, each variable's column (by id of the Pyomo variable) and each
    row's constraint.

    Pyomo's standard-form compiler walks each row's expression once into a sparse matrix;
    Pyomo's persistent HiGHS interface, which this replaces, built each row's own
    representation and bookkeeping for later changes no solve here makes: L's hand-off
    took 63-77 s that way, 23-30 s this way. A fixed variable gets a column held at its
    value by both bounds; one in no row and not in the objective gets no column (`_load`
    gives it a value all the same).
    """
    # Columns in the order the variables were declared, as Pyomo's interface gave them:
    # in the compiler's own order (as each row first names them) M's relaxation took 109 s
    # by interior point instead of 87.
    order = list(m.component_data_objects(pyo.Var, descend_into=True))
    # Pyomo 6.10's compiler keeps a fixed variable in a row built by an indexed rule (from
    # its template) as a free column: x[i] <= 5 s[i] with s[2] fixed at 0 let x[2] reach 5.
    # Compiled unfixed, each is held at its value by its column's bounds instead.
    fixed = [v for v in order if v.fixed]
    for variable in fixed:
        variable.unfix()
    try:
        form = LinearStandardFormCompiler().write(m, mixed_form=True, column_order=order)
    finally:
        for variable in fixed:
            variable.fix()
    variables = form.columns
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(variables), len(form.rows)
    lp.col_cost_ = form.c.toarray()[0] if form.c.shape[0] else np.zeros(lp.num_col_)
    lp.offset_ = float(form.c_offset[0]) if len(form.c_offset) else 0.0
    lower = [v.value if v.fixed else v.lb for v in variables]
    upper = [v.value if v.fixed else v.ub for v in variables]
    lp.col_lower_ = np.array([-math.inf if b is None else b for b in lower], dtype=float)
    lp.col_upper_ = np.array([math.inf if b is None else b for b in upper], dtype=float)
    integer = [v.is_integer() for v in variables]
    if any(integer):
        kinds = (highspy.HighsVarType.kContinuous, highspy.HighsVarType.kInteger)
        lp.integrality_ = [kinds[flag] for flag in integer]
    # Mixed form keeps each row's sense: 0 an equality, 1 at most, -1 at least its rhs.
    sense = np.array([row.bound_type for row in form.rows], dtype=int)
    rhs = np.asarray(form.rhs, dtype=float)
    lp.row_lower_ = np.where(sense == 1, -math.inf, rhs)
    lp.row_upper_ = np.where(sense == -1, math.inf, rhs)
    matrix = form.A.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    with _out_of_sight():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(lp)
    return highs, {id(v): j for j, v in enumerate(variables)}, [row.constraint for row in form.rows]


@contextmanager
def _out_of_sight() -> Iterator[None]:
    """Descriptor 1 sent nowhere, then back: HiGHS prints a banner on stdout at a process's
    first instance, whatever its options. Not Pyomo's capture_output, whose reader
    threads a Ctrl-C as they started or stopped left printing tracebacks ("Bad file
    descriptor"), or turned into a RuntimeError where the CLI says "Interrupted"."""
    sys.stdout.flush()
    shown = os.dup(1)
    try:
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, 1)
        os.close(nowhere)
        yield
    finally:
        os.dup2(shown, 1)
        os.close(shown)


def _row(constraint: ConstraintData) -> Row:
    """A row's family and index: Pyomo gives a single row's index as None, and an index
    of one place bare."""
    index = constraint.index()
    family = constraint.parent_component().name
    return family, () if index is None else index if isinstance(index, tuple) else (index,)


def _load(m: pyo.ConcreteModel, columns: dict[int, int], values: np.ndarray) -> None:
    """Give the model's variables their columns' values, as a solve's solution would; a
    variable without a column (in no row, not in the objective) its bound nearest 0. A
    fixed variable keeps its value, at which its column is held."""
    for variable in m.component_data_objects(pyo.Var):
        if variable.fixed:
            continue
        column = columns.get(id(variable))
        if column is not None:
            value = float(values[column])
        else:
            lower, upper = variable.bounds
            value = max(0.0, -math.inf if lower is None else lower)
            value = min(value, math.inf if upper is None else upper)
        variable.set_value(value, skip_validation=True)


def search_share(options: SolverOptions, nonzeros: int) -> float:
    """The share of the time limit the search gets: as set, or by default half, and all
    of it on a model whose root branch-and-bound would not reach (on L it spent the 300 s
    it had in presolve and at its root LP, and the search, given them, found 113.5M
    instead of 115.3M; the last 30 s it had likewise went on presolve)."""
    if options.search != "auto":
        return options.search
    return 0.5 if nonzeros <= ROOT_OUT_OF_REACH else LARGE_MODEL_SEARCH


def solve_model(
    m: pyo.ConcreteModel,
    options: SolverOptions,
    stream: TextIO | None = None,
    warm_start: list[tuple[Any, float]] | None = None,
    windows: Windows | None = None,
    keep_interrupted: bool = False,
) -> SolveResult:
    """Run HiGHS on the model; load the best solution found into the model's variables.

    `warm_start` gives some variables (typically every integer one) the values of a
    feasible plan; HiGHS completes the rest and starts from it as its incumbent. With
    `windows` too, a share of the time limit (`search_share`) first improves that plan
    window by window (`forcegen.search`), and the rest of it too when branch-and-bound
    would not solve its root LP in what is left (`more`).

    A Ctrl-C (KeyboardInterrupt) in the search or branch-and-bound ends the solve, and,
    `keep_interrupted`, gives its best plan by then, ended "interrupted", as a planner who
    stops a long solve asks; else, or with no plan yet, it goes on up (a sweep's or a
    rolling run's Ctrl-C stops the command, not one solve of it).
    """
    # HiGHS fixes a thread's solver threads at its first solve and fails, with no plan,
    # any later solve on that thread that asks for another count (a notebook's second
    # solve with `threads: 1`): each solve starts its thread's count afresh.
    highspy.Highs.resetThreadScheduler(True)  # True: wait for its workers to stop
    started = time.perf_counter()
    highs, columns, rows = _compile(m)
    warm_start = _on_columns(warm_start, columns)
    # Probing the binaries (tours of one-unit groups, serves, handovers) took 32 of M's
    # 48 s of presolve and left branch-and-bound no time for its root; without it the
    # search's window MIPs and the final solve start sooner, and no bound got weaker.
    highs.setOptionValue("presolve_rule_off", PROBING)
    handoff = time.perf_counter() - started
    solve = _Solve(highs, columns, rows, options, stream, keep_interrupted)
    try:
        if warm_start and windows is not None:
            solve.search(warm_start, windows)
        solve.branch_and_bound(warm_start)
    except KeyboardInterrupt:
        solve.stop_with_best()
    finally:
        relaxed = solve.relaxation.bound() if solve.relaxation is not None else None
    return solve.result(m, relaxed, handoff)


def _on_columns(
    warm_start: list[tuple[Any, float]] | None, columns: dict[int, int]
) -> list[tuple[Any, float]] | None:
    """The warm start's variables that have a column; a fixed one's column is held at its
    value, so the start puts it there."""
    if not warm_start:
        return warm_start
    return [
        (var, var.value if var.fixed else value) for var, value in warm_start if id(var) in columns
    ]


class _Solve:
    """One solve's course on the model in HiGHS: the search from the warm start, with the
    LP relaxation solved beside it, then branch-and-bound on what is left of the time."""

    def __init__(
        self,
        highs: highspy.Highs,
        columns: dict[int, int],
        rows: list[ConstraintData],
        options: SolverOptions,
        stream: TextIO | None,
        keep_interrupted: bool = False,
    ) -> None:
        self.highs, self.columns, self.rows, self.options = highs, columns, rows, options
        self.keep_interrupted = keep_interrupted
        self.log = io.StringIO()
        self.streams = (self.log, *filter(None, [stream]))
        self.started = time.perf_counter()
        self.relaxation: Relaxation | None = None
        self.searched: Searched | None = None
        self.start_refused = False
        self.broken_rows: tuple[Row, ...] = ()
        self.rootless = False  # branch-and-bound would not solve its root LP in time
        self.outcome: Outcome | None = None
        self.interrupted = False  # a Ctrl-C ended the solve, its best plan kept
        # The solver threads of this thread's HiGHS solves: the search's, where it ran.
        self.threads = options.threads

    @cached_property
    def whole(self) -> WholeModel:
        """The model's arrays, which the search and the polish cut their models from: one
        copy of L's 7.9 million nonzeros, not one each."""
        return WholeModel(self.highs)

    def left(self) -> float:
        return self.options.time_limit - (time.perf_counter() - self.started)

    def search(self, warm_start: list[tuple[Any, float]], windows: Windows) -> None:
        """Improve the warm start window by window for the search's share of the time limit."""
        nonzeros = self.highs.getNumNz()
        share = search_share(self.options, nonzeros)
        if share <= 0:
            return
        # The relaxation takes one of the solver's threads and the windows the other
        # (with two, M's relaxation was not solved within 120 s; the plan is the same);
        # with one (a sweep running variants side by side, say) the search keeps it.
        threads = self.options.threads
        if self.options.threads > 1 and nonzeros <= ROOT_OUT_OF_REACH:
            self.relaxation = Relaxation(self.highs)
            threads = self.threads = 1
        seconds = share * self.options.time_limit
        try:
            self.searched = improve(
                self.whole,
                self.columns,
                warm_start,
                windows,
                seconds,
                self.streams,
                threads,
                self.more,
            )
        except StartRefused as refused:
            self.start_refused = True
            self.broken_rows = tuple(_row(self.rows[j]) for j in refused.rows)
        if self.searched is not None and self.searched.interrupted:
            raise KeyboardInterrupt  # its plan kept: `solve_model` decides

    def more(self) -> float:
        """The rest of the time limit if, when the search's share is spent, branch-and-bound
        would not solve its root LP (the relaxation's LP, by dual simplex after a
        presolve) in what is left: the relaxation is unsolved, or took more than a
        `ROOT_SLOWER`th of what is left (M's branch-and-bound spent its 60 s on 10 s of
        presolve and 50 s of root LP, and left no bound), but for a root quick at any
        time left (`root_quick`). The search keeps the time, and the relaxation its
        thread."""
        left = self.left()
        if self.relaxation is not None:
            took = self.relaxation.seconds
            slow = took is None or ROOT_SLOWER * took > left
            self.rootless = slow and not self.root_quick()
        return left if self.rootless else 0.0

    def root_quick(self) -> bool:
        """Whether the relaxation beside the search was solved so soon that branch-and-bound's
        root LP, `ROOT_SLOWER` times as long, takes a tenth of a second at most
        (`QUICK_ROOT`)."""
        took = self.relaxation.seconds if self.relaxation is not None else None
        return took is not None and ROOT_SLOWER * took <= QUICK_ROOT

    def branch_and_bound(self, warm_start: list[tuple[Any, float]] | None) -> None:
        """On the whole model, in what the search left of the time limit, from the search's
        plan or else the warm start; not at all when its root LP would not be solved in
        that time, or when the search spent it."""
        left = self.left()
        if self.rootless:
            for out in self.streams:
                out.write("Branch-and-bound not run: its root LP would not be solved in time\n")
            if self.relaxation is not None:
                self.relaxation.thread.join(max(0.0, left))
            return
        # Branch-and-bound given a second cannot even presolve a large model, and ends
        # with no plan (L): when the search spent the time, its plan is the answer. Not
        # where the relaxation beside the search showed its root LP quick: tiny at 2 s
        # (its relaxation in 0.01 s) was left 32% from the relaxation's bound, where
        # branch-and-bound proves it within 1% in half a second.
        if self.searched is not None and left < 1.0 and not self.root_quick():
            for out in self.streams:
                out.write(
                    "Branch-and-bound not run: the search spent the time limit, so its plan "
                    "is the answer\n"
                )
            return
        settings = {
            "presolve_rule_off": PROBING,
            "mip_rel_gap": self.options.gap,
            "mip_abs_gap": 1e-6,
            "threads": self.options.threads,
            "random_seed": self.options.seed,
        }
        start = self.start(warm_start)
        self.outcome = branch_and_bound(self.highs, settings, max(1.0, left), start, self.streams)
        if self.outcome.status == INTERRUPTED:
            raise KeyboardInterrupt  # its plan kept: `solve_model` decides

    def start(
        self, warm_start: list[tuple[Any, float]] | None
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Branch-and-bound's start (columns and their values): the search's plan whole, or
        the warm start's integer variables, which HiGHS completes."""
        if self.searched is not None:
            return np.arange(self.highs.getNumCol(), dtype=np.int32), self.searched.values
        if warm_start:
            index = np.array([self.columns[id(v)] for v, _ in warm_start], dtype=np.int32)
            return index, np.array([value for _, value in warm_start], dtype=np.float64)
        return None

    def result(self, m: pyo.ConcreteModel, relaxed: float | None, handoff: float) -> SolveResult:
        """How the solve ended and its best plan, loaded into the model's variables; the
        bound, the relaxation's `relaxed` where that is the higher."""
        termination, bound = self.ended()
        objective, values = self.best()
        if objective is not None and values is not None and not self.interrupted:
            try:
                objective, values = self.polished(objective, values)
            except KeyboardInterrupt:  # the plan before the polish is whole
                self.stop_with_best()
                termination, bound = self.ended()
        seconds = time.perf_counter() - self.started  # the polish's included
        solution: Solution = "none"
        if values is not None:
            solution = "optimal" if termination == "optimal" else "feasible"
            _load(m, self.columns, values)
        if termination == "optimal" and (bound is None or not math.isfinite(bound)):
            bound = objective  # a model without integers has no MIP bound
        searched = self.searched.bound if self.searched is not None else None
        if searched is not None and (bound is None or searched > bound):
            self.log.write(f"Bound from the search's window of every tour: {searched:.10g}\n")
            bound = searched
        if relaxed is not None and (bound is None or relaxed > bound):
            relaxation = self.relaxation
            took = f" in {relaxation.seconds:.0f} s" if relaxation and relaxation.seconds else ""
            self.log.write(
                f"Bound from the LP relaxation solved beside the search{took}: {relaxed:.10g}\n"
            )
            bound = relaxed
        if bound is None and values is not None:
            self.log.write(f"No bound: {self.unbounded()}\n")
        return SolveResult(
            termination=termination,
            solution=solution,
            objective=objective,
            bound=bound,
            handoff_seconds=handoff,
            solve_seconds=seconds,
            log=self.log.getvalue(),
            start_refused=self.start_refused,
            broken_rows=self.broken_rows,
            columns=self.highs.getNumCol(),
            rows=self.highs.getNumRow(),
            nonzeros=self.highs.getNumNz(),
        )

    def unbounded(self) -> str:
        """Why a solve with a plan ended with no bound, as its log says it: a run's "no
        proven gap (its solver.log says why)" found only that branch-and-bound was not run."""
        if self.relaxation is not None:
            return (
                "the LP relaxation beside the search was not solved within the time limit; "
                "a longer one gives it"
            )
        if self.outcome is not None:
            return "branch-and-bound stopped before it had one; a longer time limit gives it"
        if self.highs.getNumNz() > ROOT_OUT_OF_REACH:
            return (
                f"a model of more than {ROOT_OUT_OF_REACH:,} nonzeros gets no LP relaxation "
                "beside the search (it would not be solved within minutes)"
            )
        return "with one thread the search runs no LP relaxation beside it; two or more give it"

    def polished(self, objective: float, values: np.ndarray) -> tuple[float, np.ndarray]:
        """The best plan with its continuous part solved again for its tours (`polish`),
        where that lowers its objective, given a twentieth of the time limit."""
        seconds = max(1.0, POLISH_SHARE * self.options.time_limit)
        found = polish(self.whole, values, seconds, self.threads)
        if found is None or found[0] >= objective - NOISE * max(1.0, abs(objective)):
            return objective, values
        self.log.write(
            f"The plan's continuous part solved again with its tours held: {objective:.10g} "
            f"-> {found[0]:.10g}\n"
        )
        return found

    def stop_with_best(self) -> None:
        """In a KeyboardInterrupt's handling: the solve ends with its best plan by then,
        where the caller keeps an interrupted solve's plan and there is one; else the
        interrupt goes on up."""
        if not self.keep_interrupted or self.best()[1] is None:
            raise  # the KeyboardInterrupt its caller is handling
        self.interrupted = True

    def ended(self) -> tuple[Termination, float | None]:
        """How branch-and-bound ended, and its bound: a time limit and none when it was
        not run (the search spent the time); interrupted, with branch-and-bound's bound
        if it had begun, where a Ctrl-C ended the solve."""
        if self.interrupted:
            self.log.write("Interrupted: the best plan by then is the answer\n")
            return "interrupted", self.outcome.bound if self.outcome is not None else None
        if self.outcome is None:
            return "time_limit", None
        if self.outcome.status == ABANDONED:
            self.log.write(f"Branch-and-bound not stopped {GRACE:g} s past its time limit: ended\n")
        return _TERMINATION.get(self.outcome.status, "other"), self.outcome.bound

    def best(self) -> tuple[float | None, np.ndarray | None]:
        """The best plan's objective and every column's value: branch-and-bound's, else
        (it found nothing, or was not run) the search's; None if neither has one."""
        if self.outcome is not None and self.outcome.values is not None:
            return self.outcome.objective, self.outcome.values
        if self.searched is not None:
            return self.searched.objective, self.searched.values
        return None, None
