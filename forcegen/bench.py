"""Benchmark harness: the generator's size ladder, four ways of planning, side by side.

- fast: the model as shipped (identical units grouped, stock-and-flow rules, value-first
  warm start);
- reference: the same model switched to one integer per unit (`aggregate=False`) and no
  warm start, the textbook form a careful analyst writes first;
- greedy: the month-by-month hand planner (`greedy.py`), no solver;
- capped: the fast form told what the hand planner is told, shortfall first, and given
  what it spent: the mission's international cost capped at the greedy plan's, cost
  weighted a thousandth as much, only to break ties. The default weights buy cover only
  where it is worth its price, which leaves a task short that the hand planner fills at
  any price; this is the like-for-like comparison of shortfall at no more cost.

Each method on each size runs in a fresh process (`serve`) so that its peak memory is its
own.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import asdict, dataclass
from typing import Literal

from forcegen.greedy import greedy_plan, load_plan, warm_start_values
from forcegen.model.build import build_model
from forcegen.plan import extract_plan
from forcegen.prepare import build_planned
from forcegen.scenario.generate import generate_scenario
from forcegen.search import Windows
from forcegen.solve import solve_model
from forcegen.spec import ModelSpec, SolverOptions, load_spec
from forcegen.workers import answer_channel, end_with_caller, group_worker, received, send

Method = Literal["fast", "reference", "greedy", "capped"]
METHODS: tuple[Method, ...] = ("fast", "reference", "greedy", "capped")
# In `capped`, cost only breaks ties between plans equally short.
TIE_BREAK = 0.001
# Time limits and target gaps per size: the floors of the performance goals.
TARGETS = {"S": (10.0, 0.001), "M": (120.0, 0.01), "L": (600.0, 0.02)}
# The worker that runs one method on one size (`serve`).
ENTRY = "from forcegen.bench import serve; serve()"
Job = tuple[str, int, Method, ModelSpec, SolverOptions]


class MethodDied(RuntimeError):
    """A method's worker process ended without its row (its error is on stderr; killed
    for its memory, it has none)."""


@dataclass
class BenchRow:
    size: str
    seed: int
    method: str
    # The model's name and the file it came from, as a run's kpis.json records them.
    model: str
    model_file: str | None
    columns: int
    rows: int
    nonzeros: int
    build_seconds: float
    handoff_seconds: float
    solve_seconds: float
    extract_seconds: float
    wall_seconds: float
    termination: str
    objective: float | None
    bound: float | None
    gap: float | None
    # None where the solver stopped with no plan (`termination` says how).
    shortfall: float | None
    cost: float | None
    international_cost: float | None
    peak_memory_mb: float


def run_method(
    size: str, seed: int, method: Method, spec: ModelSpec, options: SolverOptions
) -> BenchRow:
    """One method on one generated scenario (call in its own process for peak memory)."""
    scenario = generate_scenario(size, seed)
    started = time.perf_counter()
    searched = method in ("fast", "capped")
    if searched:
        m, data, plans = build_planned(scenario, spec)
    else:
        (m, data), plans = build_model(scenario, spec, aggregate=method != "reference"), []
    if method == "greedy":
        built = time.perf_counter()
        load_plan(m, data, greedy_plan(data))
        solve_seconds, handoff, result = time.perf_counter() - built, 0.0, None
    else:
        start = warm_start_values(m, data, plans[0]) if plans else None
        built = time.perf_counter()
        windows = Windows.of(m, data, plans) if plans else None
        result = solve_model(m, options, warm_start=start, windows=windows)
        solve_seconds, handoff = result.solve_seconds, result.handoff_seconds
    extract_started = time.perf_counter()
    # Stopped with no plan (a time limit too short to find one), the model holds no tour,
    # and its plan's figures (every demand short, nothing spent) had read as the method's.
    planned = result is None or result.has_solution
    kpis = extract_plan(m, data, result).kpis if planned else {}
    extract_seconds = time.perf_counter() - extract_started
    # Branch-and-bound's process (`forcegen.branch`) runs beside this one during the solve,
    # the heuristic's helper (`prepare.build_planned`) during the build: this one's peak
    # and the larger of theirs, added, bound what the machine needed.
    peaks = (
        resource.getrusage(who).ru_maxrss
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    peak = sum(peaks) / 1024
    return BenchRow(
        size=size,
        seed=seed,
        method=method,
        model=spec.name,
        model_file=spec.file,
        columns=result.columns if result else 0,
        rows=result.rows if result else 0,
        nonzeros=result.nonzeros if result else 0,
        build_seconds=round(built - started, 3),
        handoff_seconds=round(handoff, 3),
        solve_seconds=round(solve_seconds, 3),
        extract_seconds=round(extract_seconds, 3),
        wall_seconds=round(time.perf_counter() - started, 3),
        termination=result.termination if result else "heuristic",
        objective=result.objective if result else None,
        bound=result.bound if result else None,
        gap=result.gap if result else None,
        shortfall=_rounded(kpis.get("total_shortfall"), 3),
        cost=_rounded(kpis.get("cost"), 2),
        international_cost=_rounded(kpis.get("international_cost"), 2),
        peak_memory_mb=round(peak, 1),
    )


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def shortfall_first(spec: ModelSpec, cap: float) -> ModelSpec:
    """The spec for `capped`: international cost at most `cap`, cost a tie-break."""
    return spec.model_copy(
        update={
            "mission": spec.mission.model_copy(update={"total_budget": cap}),
            "weights": spec.weights.model_copy(update={"cost": spec.weights.cost * TIE_BREAK}),
        }
    )


def serve() -> None:
    """The worker: read one job (`run_method`'s arguments) from stdin, run it, write its
    row to stdout; end, with every process of its group, when the caller goes."""
    channel = answer_channel(others_to_stderr=True)
    job: Job | None = next(received(sys.stdin.buffer), None)
    if job is None:  # the caller went before it sent it
        return
    end_with_caller()
    send(channel, run_method(*job))


def _in_a_worker(job: Job) -> BenchRow:
    """`run_method(*job)` in a fresh interpreter (`serve`) in a process group of its own,
    out of the terminal's reach: Ctrl-C interrupts this process alone, which ends the
    worker's whole group (the solve's processes with it) at once. A pool's spawned worker
    took the Ctrl-C too, and printed its traceback where it came during its imports
    (seconds on a loaded machine); SIGTERM (`timeout`) had waited for the solve to end."""
    with group_worker(ENTRY) as worker:
        assert worker.stdin is not None and worker.stdout is not None
        with suppress(OSError):  # it died at once: said below
            send(worker.stdin, job)
        row: BenchRow | None = next(received(worker.stdout), None)
    if row is None:
        size, _, method, *_ = job
        raise MethodDied(f"{size} {method}'s process ended with code {worker.returncode}")
    return row


def run_bench(
    sizes: list[str],
    seed: int = 0,
    methods: tuple[Method, ...] = METHODS,
    time_limit: float | None = None,
    model: ModelSpec | str = "security-keeping",
) -> Iterator[dict[str, object]]:
    """Every method on every size, each in a fresh process, under `model` (a spec, or its
    name or file, as `load_spec` takes it); each row, as a dictionary, as soon as it is
    finished: a bench stopped during L keeps S's and M's."""
    spec = model if isinstance(model, ModelSpec) else load_spec(model)
    rows: list[BenchRow] = []
    # `capped` needs the greedy plan's cost, so greedy comes first whenever capped runs.
    if "capped" in methods:
        methods = ("greedy", *(m for m in methods if m != "greedy"))
    for size in sizes:
        limit, gap = TARGETS.get(size, (spec.solver.time_limit, spec.solver.gap))
        options = spec.solver.model_copy(update={"time_limit": time_limit or limit, "gap": gap})
        for method in methods:
            chosen = spec
            if method == "capped":
                greedy = next(r for r in rows if r.size == size and r.method == "greedy")
                assert greedy.international_cost is not None  # the hand planner always plans
                chosen = shortfall_first(spec, greedy.international_cost)
            rows.append(_in_a_worker((size, seed, method, chosen, options)))
            yield asdict(rows[-1])
