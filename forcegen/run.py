"""The main job: scenario and specification in, solved plan (and run folder) out."""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from forcegen.diagnose import FAILED, LONGER, diagnose
from forcegen.greedy import warm_start_values
from forcegen.model.sets import Commitments, ModelData
from forcegen.months import add_months
from forcegen.plan import Plan, extract_plan
from forcegen.prepare import build_planned
from forcegen.scenario.load import as_scenario
from forcegen.scenario.problems import ScenarioError, errors
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.validate import check_scenario
from forcegen.search import Windows
from forcegen.solve import Row, SolveResult, solve_model
from forcegen.spec import IdleSetting, ModelSpec, SolverOptions, idle_settings, load_spec


class Infeasible(Exception):
    """No plan keeps every hard rule; `diagnosis` says which rules conflict, and where."""

    def __init__(self, diagnosis: list[str]) -> None:
        self.diagnosis = diagnosis
        super().__init__("no plan keeps every hard rule:\n" + "\n".join(diagnosis))


class NoPlan(Exception):
    """The solver stopped (its time limit, an interruption) or failed before it had a plan."""


@dataclass
class Run:
    """A solved scenario: the plan's tables and key figures, how the solver ended (status,
    bound, gap, times) and the data the model was built from (the scenario and model)."""

    plan: Plan
    result: SolveResult
    data: ModelData

    def __repr__(self) -> str:
        # The model's data holds the scenario and every tour it could make: megabytes.
        result = self.result
        how = f"termination {result.termination}, solution {result.solution}"
        return f"Run({how}: {self.plan!r})"

    def write(self, folder: Path | str, ours: tuple[str, ...] = ()) -> None:
        """Write the run folder (tables, kpis.json, solver.log, the inputs), atomically;
        not over a folder of other files (`Plan.write`)."""
        self.plan.write(Path(folder), self.data, ours)


def solve_scenario(
    scenario: Scenario | str | Path,
    spec: ModelSpec | str | Path,
    options: SolverOptions | Mapping[str, Any] | None = None,
    *,
    log: TextIO | None = None,
    commitments: Commitments | None = None,
    judged: bool = False,
    set_by: Mapping[str, str] | None = None,
    keep_interrupted: bool = False,
) -> Run:
    """Build, solve and extract a plan of `scenario` (or the folder or workbook of one, as
    `load_scenario` takes) under `spec` (a model, or its name or file, as `load_spec`
    takes) with `options` (the model's own, by default; a mapping changes
    those it names, as a sweep's `solver` does, and is judged before the build). Raises
    ScenarioError when the scenario breaks a cross-table rule (or the model cannot be
    read), `Infeasible` with a diagnosis when hard rules conflict, NoPlan when the solver
    stops without a plan; `set_by`, as `diagnose` takes it, words its advice where the
    caller, not the model, sets a rule's setting (a frontier point's cap);
    `keep_interrupted`, a Ctrl-C in the solve gives its best plan by then
    (`solve_model`).

    The value-first heuristic's best plan is the warm start: HiGHS then has a good
    feasible plan from its first second instead of after its root-node cuts; the search
    re-decides first the tours its plans disagree on.
    """
    # A scenario edited in Python has had no cross-table check (load_scenario's): an
    # unknown code is bad input here, not a KeyError deep in the model. `judged`: cut from
    # one that had it (a rolling window, whose horizon may be shorter than a tour).
    scenario = as_scenario(scenario)
    broken = [] if judged else errors(check_scenario(scenario))
    if broken:
        raise ScenarioError(broken)
    if not isinstance(spec, ModelSpec):
        spec = load_spec(spec, scenario)
    idle = [str(problem) for problem in idle_settings(spec, scenario, f"{spec.name}.yaml")]
    for said in idle:
        warnings.warn(said, IdleSetting, stacklevel=2)
    if not isinstance(options, SolverOptions | Mapping | None):
        # solve_scenario(scenario, spec, 5) meant a time limit: pydantic's word was that
        # a ModelSpec's solver should be a dictionary.
        raise TypeError(
            f"options are SolverOptions or a mapping of them ({{'time_limit': 20}}), not "
            f"{type(options).__name__}"
        )
    if isinstance(options, Mapping):
        options = spec.solver.model_copy(update=dict(options))
    options = options or spec.solver
    # The run's model.yaml records the options it was solved with, not the file's.
    spec = spec.model_copy(update={"solver": options})
    started = time.perf_counter()
    # M's build takes longer than a short time limit: a terminal silent for half a minute
    # after "time limit 10 s" looked hung.
    if log is not None:
        log.write("build: the model and the warm start's plans ...\n")
        log.flush()
    m, data, plans = build_planned(scenario, spec, commitments=commitments)
    start = warm_start_values(m, data, plans[0]) if plans else None
    build_seconds = time.perf_counter() - started
    if log is not None:
        log.write(
            f"build: done in {build_seconds:.1f} s (the time limit is the solver's, from here)\n"
        )
    result = solve_model(m, options, log, start, Windows.of(m, data, plans), keep_interrupted)
    if result.termination == "infeasible":
        # The diagnosis is a second solve: it gets what the first left of the time limit,
        # so that --time-limit bounds the solver's time whatever the answer.
        left = max(1.0, options.time_limit - result.solve_seconds)
        rest = options.model_copy(update={"time_limit": left})
        raise Infeasible(diagnose(scenario, spec, rest, commitments, set_by))
    if not result.has_solution:
        # A start the search refused is why there was no plan to begin from, whatever
        # then stopped the solver: said either way.
        why = f" ({refused(result.broken_rows, data)})" if result.start_refused else ""
        if result.termination == "error":
            raise NoPlan(f"the solver failed (error) without a plan: {FAILED}{why}")
        raise NoPlan(
            f"the solver stopped ({result.termination}) without a plan; {LONGER} may find "
            f"one, or prove the hard rules in conflict and name them{why}"
        )
    plan = extract_plan(m, data, result)
    plan.kpis["build_seconds"] = round(build_seconds, 3)
    plan.kpis["wall_seconds"] = round(time.perf_counter() - started, 3)
    if idle:
        # Carried with the plan: said at the terminal alone, the report of an empty plan
        # (100% short, every hard rule kept) did not say why.
        plan.kpis["warnings"] = idle
    return Run(plan, result, data)


# What each place of a row's index names, in the hard families a refused warm start can
# break: rows holding only what it fixes (tours, handovers, the nations serving and
# contributing), and those HiGHS's certificate weighs where its completion is infeasible
# (a ceiling over its nation's `deployed`).
PLACES = {
    "budget": ("nation", "fiscal year"),
    "ceiling": ("nation", "month"),
    "reserve_share": ("nation", "month"),
    "reserve_frequency": ("unit group", "window from month"),
    "reserve_mobilization_length": ("unit group", "from month"),
    "coverage": ("region", "task", "month"),
    "deployment": ("nation", "month"),
    "reserve_deployment": ("nation", "month"),
    "rotation": ("unit group", "month"),
    "redeployment": ("unit group", "call-up in theatre from month"),
    "strength_balance": ("month",),
    "past_recruits": ("month",),
    "coverage_floor": ("region", "task", "month"),
    "handover_coverage": ("region", "task", "month"),
    "academy": ("month",),
    "trainers": ("month",),
    "employment": ("month",),
    "in_sector_link": ("nation", "region", "month"),
    "nations_per_sector": ("sector", "month"),
    "serves_link": ("nation", "region", "unit group", "month"),
    "serves_floor": ("nation", "region"),
    # (region,) over the horizon, (region, month) where counted at once; a sector's rows
    # hold `in_sector`, never refused.
    "nations_per_region": ("region", "month"),
    "presence_link": ("nation", "region", "unit group", "month"),
    "contributes_link": ("nation",),
    "handover_durable": ("region", "month"),
    "handover_presence": ("region", "month", "unit group"),
    "handover_order": ("region", "calmer region", "month"),
}


def refused(broken: Sequence[Row], data: ModelData) -> str:
    """What the heuristics' warm start broke: the rows the search found broken, if any."""
    rows = [row_in_planner_words(row, data) for row in broken]
    if not rows:
        broke = "a hard rule they could not keep"
    elif len(rows) == 1:
        broke = f"{rows[0]}, a hard rule they could not keep"
    else:
        broke = f"{', '.join(rows[:-1])} and {rows[-1]}, hard rules they could not keep"
    return f"the heuristics' warm start broke {broke}, so the solver had no plan to start from"


def row_in_planner_words(row: Row, data: ModelData) -> str:
    """A row as its family and what its index names: `min_nations`,
    `budget (nation AUS, fiscal year 2001)`."""
    family, index = row
    if not index:
        return family
    start = data.scenario.settings.start

    def named(place: str, key: Any) -> str:
        value = add_months(start, key) if place.endswith("month") else key
        return f"{place} {value}" if place else str(value)

    places = PLACES.get(family, ("",) * len(index))[: len(index)]
    return f"{family} ({', '.join(map(named, places, index))})"
