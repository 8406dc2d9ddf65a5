"""Run a sweep: one run folder per variant and an index of parameters and KPIs.

Every variant is one call of `run_variant`, a pure function of picklable arguments, so the
same work runs in local processes (the default: nothing to set up) or on a Dask cluster
(a scheduler address, or a local cluster of `workers`), with the same results. A variant
that fails is recorded with its error and the sweep goes on; a variant whose run folder
already holds a finished run of the same inputs (hash) is skipped, so a sweep resumes.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd

from forcegen.fileio import atomic_file
from forcegen.run import Infeasible, solve_scenario
from forcegen.scenario.load import load_scenario
from forcegen.spec import load_spec
from forcegen.sweep.compare import NUMERIC_KPIS
from forcegen.sweep.spec import (
    SweepSpec,
    Value,
    Variant,
    apply_overrides,
    inputs_hash,
    value_text,
)

INDEX = "index.parquet"
HASH_FILE = "inputs.sha256"
# The index keeps every numeric KPI a comparison shows, and how the solver ended.
SCALAR_KPIS = (*NUMERIC_KPIS, "termination")


@dataclass(frozen=True)
class Job:
    """One variant to run: everything a worker needs, picklable."""

    scenario: Path
    model: str
    solver: dict[str, Value]
    variant: Variant
    folder: Path


def run_variant(job: Job) -> dict[str, Any]:
    """Solve one variant into its folder; a row of the index, never an exception."""
    row: dict[str, Any] = {"variant": job.variant.name, "folder": job.folder.name}
    row.update({f"set:{a}": value_text(v) for a, v in job.variant.set.items()})
    try:
        base = load_scenario(job.scenario)
        spec = load_spec(job.model)
        options = spec.solver.model_copy(update=job.solver)
        scenario, spec, options = apply_overrides(base, spec, options, job.variant.set)
        digest = inputs_hash(scenario, spec, options)
        row["inputs_hash"] = digest
        if _finished(job.folder, digest):
            kpis = json.loads((job.folder / "kpis.json").read_text())
            return {**row, "status": "skipped", **_scalars(kpis)}
        run = solve_scenario(scenario, spec, options)
        run.write(job.folder)
        with atomic_file(job.folder / HASH_FILE) as tmp:
            tmp.write_text(digest + "\n")
        return {**row, "status": "solved", **_scalars(run.plan.kpis)}
    except Infeasible as exc:
        return {**row, "status": "infeasible", "error": "; ".join(exc.diagnosis)}
    except Exception as exc:  # a failed variant is recorded and the sweep goes on
        last = traceback.format_exception_only(exc)[-1].strip()
        return {**row, "status": "failed", "error": last}


def _finished(folder: Path, digest: str) -> bool:
    marker = folder / HASH_FILE
    return (
        marker.exists() and (folder / "kpis.json").exists() and marker.read_text().strip() == digest
    )


def _scalars(kpis: dict[str, Any]) -> dict[str, Any]:
    return {key: kpis.get(key) for key in SCALAR_KPIS}


def jobs(sweep: SweepSpec, out: Path) -> list[Job]:
    return [
        Job(sweep.scenario, sweep.model, sweep.solver, variant, out / variant.name)
        for variant in sweep.expand()
    ]


def _local(work: list[Job]) -> Iterator[dict[str, Any]]:
    """One variant after another in a worker process, as `_dask` runs them: the caller's
    process never holds a variant's model."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(run_variant, job) for job in work]
        for future in as_completed(futures):
            yield future.result()


def _dask(work: list[Job], scheduler: str | None, workers: int) -> Iterator[dict[str, Any]]:
    # Dask starts up only when a cluster is asked for; a local sweep never loads it.
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        futures = client.map(run_variant, work, pure=False)
        for future in dask_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_sweep(
    sweep: SweepSpec,
    out: Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> pd.DataFrame:
    """Run every variant; write and return the index (one row per variant). `out` is made
    by the first variant's run or by the index, so a sweep that cannot start leaves none."""
    work = jobs(sweep, out)
    if scheduler is not None or workers is not None:
        results = _dask(work, scheduler, workers or 1)
    else:
        results = _local(work)
    rows = []
    for row in results:
        rows.append(row)
        if progress is not None:
            progress(row)
    order = {job.variant.name: i for i, job in enumerate(work)}
    columns = ["variant", "folder", "status", "error", "inputs_hash", *SCALAR_KPIS]
    index = pd.DataFrame(rows)
    index = index.reindex(columns=[*columns, *(c for c in index.columns if c not in columns)])
    index = index.sort_values("variant", key=lambda s: s.map(order))
    index = index.reset_index(drop=True)
    with atomic_file(out / INDEX) as tmp:
        index.to_parquet(tmp, index=False)
    return index
