"""Rolling horizon: solve a window, commit its first months, slide, until the horizon ends.

Window k covers months [a, a+W) of the horizon with everything mobilized before a
committed (`Commitments`, as a re-plan commits the plan in motion): tours, recruits and
domestic employment. Its tours mobilized before a+C are committed for the next window,
which starts at a+C. The last window reaches the horizon end and is the full model with
every earlier decision fixed, so its objective is the rolling plan's objective on the
same terms as a full-horizon solve's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from forcegen.checker.plan_files import domestic_part
from forcegen.fileio import atomic_folder
from forcegen.model.sets import Commitments, CommittedTour
from forcegen.plan import Plan
from forcegen.replan.apply import history
from forcegen.run import Infeasible, Run, solve_scenario
from forcegen.scenario.scenario import Scenario
from forcegen.spec import ModelSpec, SolverOptions
from forcegen.sweep.compare import change

COMPARED = ("objective", "bound", "total_shortfall", "cost", "tours", "regions_handed_over", "gap")


def truncated(scenario: Scenario, months: int) -> Scenario:
    """The scenario's first `months` months: later demand and ceiling rows dropped."""
    document = scenario.model_dump(by_alias=True)
    document["settings"]["months"] = months
    last = scenario.months[months - 1]
    document["demand"] = [
        {**row, "last": min(row["last"], last)}
        for row in document["demand"]
        if row["first"] <= last
    ]
    document["ceilings"] = [row for row in document["ceilings"] if row["from"] <= last]
    return Scenario.model_validate(document)


def committed_part(scenario: Scenario, plan: Plan, month: int) -> Commitments:
    """A window's plan, as commitments up to `month`: tours mobilized before it, and the
    pipeline's past. Handovers stay open: a window declares them without seeing the rest."""
    tours = plan.assignments
    early = tours[tours["mobilized_from"].map(scenario.month_index) < month]
    # The window's own plan, as the optimizer wrote it: nothing in it to report.
    part, _ = domestic_part(scenario, {"domestic": plan.domestic, "coverage": plan.coverage})
    recruits, heads, _ = history(part, month)
    return Commitments(
        month=month,
        tours=tuple(
            CommittedTour(
                row["unit"],
                row["task"],
                row["region"],
                scenario.month_index(row["start"]),
                scenario.month_index(row["end"]),
            )
            for row in early.to_dict("records")
        ),
        recruits=recruits,
        domestic=heads,
        handover=None,
    )


@dataclass
class Rolling:
    """The rolling plan (its last window's run, its times every window's) and the windows."""

    run: Run
    windows: list[tuple[int, int]]


def rolling_plan(
    scenario: Scenario,
    spec: ModelSpec,
    window: int,
    commit: int,
    options: SolverOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Rolling:
    """Solve windows of `window` months, committing the first `commit` months of each."""
    if not 0 < commit <= window:
        raise ValueError(f"commit ({commit}) must be between 1 and the window ({window})")
    horizon = scenario.settings.months
    started = time.perf_counter()
    start, commitments, windows = 0, None, []
    logs, solving, building = [], 0.0, 0.0
    while True:
        end = min(start + window, horizon)
        if progress:
            progress(start, end)
        # Cut from a judged scenario: a window may be shorter than a tour.
        cut = truncated(scenario, end)
        try:
            run = solve_scenario(cut, spec, options, commitments=commitments, judged=True)
        except Infeasible as exc:
            # The months the earlier windows committed are fixed here: a conflict may be
            # theirs (a myopic choice), not the scenario's.
            first, last = scenario.months[start], scenario.months[end - 1]
            where = f"in the window {first}..{last}"
            if start:
                where += f", with the plan before {first} committed by the earlier windows"
            raise Infeasible([f"({where})", *exc.diagnosis]) from None
        windows.append((start, end))
        kpis = run.plan.kpis
        solving += kpis["solve_seconds"]
        building += kpis["build_seconds"]
        logs.append(f"== window months {start}-{end - 1} ==\n{run.plan.solver_log}")
        if end == horizon:
            # The last window's bound and gap hold with the earlier windows fixed: nothing
            # proves how far the rolling plan is from the scenario's optimum, nor is it
            # optimal. Its times and log are every window's.
            kpis.update(termination="rolling-horizon", solution="feasible", bound=None, gap=None)
            kpis.update(
                solve_seconds=round(solving, 3),
                build_seconds=round(building, 3),
                wall_seconds=round(time.perf_counter() - started, 3),
            )
            run.plan.solver_log = "\n".join(logs)
            return Rolling(run, windows)
        start += commit
        commitments = committed_part(scenario, run.plan, start)


def comparison(rolling: Rolling, full: Run) -> pd.DataFrame:
    """Rolling against full-horizon plan: one row per KPI, with the gap between them.

    The full solve's `bound` bounds every plan of the scenario, the rolling one included;
    the rolling plan has none of its own (`rolling_plan`)."""

    def kpis(run: Run) -> dict[str, Any]:
        values = {k: run.plan.kpis.get(k) for k in COMPARED}
        return {**values, "seconds": run.plan.kpis["wall_seconds"]}

    rows = []
    a, b = kpis(rolling.run), kpis(full)
    for kpi in (*COMPARED, "seconds"):
        delta, relative = change(a[kpi], b[kpi])
        rows.append(
            {
                "kpi": kpi,
                "rolling": a[kpi],
                "full": b[kpi],
                "rolling_minus_full": delta,
                "relative": relative,
            }
        )
    return pd.DataFrame(rows)


def write_rolling(folder: Path, rolling: Rolling, full: Run, table: pd.DataFrame) -> None:
    """`rolling/` and `full/` run folders and `rolling.csv`, atomically."""
    with atomic_folder(folder, replaces=("rolling", "full", "rolling.csv")) as staging:
        rolling.run.write(staging / "rolling")
        full.write(staging / "full")
        table.to_csv(staging / "rolling.csv", index=False)
