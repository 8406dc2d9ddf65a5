"""Run a sweep: one run folder per variant and an index of parameters and KPIs.

Every variant is one call of `run_variant`, a pure function of picklable arguments, so the
same work runs in a local process (the default: nothing to set up) or on a Dask cluster
(a scheduler address, or a local cluster of `workers`), with the same results. A variant
that fails is recorded with its error and the sweep goes on; a variant whose run folder
already holds a whole run of the same inputs (hash) is not solved again (`reused` in the
index), so a sweep resumes, also after Ctrl-C (or its output's reader gone, `| head`),
which stops it with the index of the variants finished, and of the rest as `not-run`.
Nor is one whose inputs an earlier sweep into the folder solved under another name (a
grid dropped, a variant renamed): that run is copied to its folder.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import signal
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from forcegen.checker import check_plan
from forcegen.diagnose import set_by_variant
from forcegen.fileformat import INFEASIBLE_FILE, PLAN_FILES
from forcegen.fileio import atomic_file, atomic_folder, output_problem
from forcegen.plan import RUN_FILES
from forcegen.run import Infeasible, NoPlan, solve_scenario
from forcegen.scenario.load import load_scenario, not_said
from forcegen.scenario.problems import Problem, ScenarioError, errors, say_warnings
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import SETTINGS_FILE
from forcegen.scenario.write import written_tables
from forcegen.spec import IdleSetting, ModelSpec, SolverOptions, load_spec
from forcegen.sweep.compare import COUNTS, NUMERIC_KPIS
from forcegen.sweep.spec import (
    HASH_FILE,
    INDEX,
    NOT_RUN,
    BadOverrides,
    SweepSpec,
    Value,
    Variant,
    apply_overrides,
    inputs_hash,
    judge_sweep,
    written_hash,
)
from forcegen.workers import answer_channel, end_with_caller, group_worker, received, send

# The local worker's entry point: it writes nothing but the index's rows to its stdout.
ENTRY = "from forcegen.sweep.runner import serve; serve()"
# The index keeps every numeric KPI a comparison shows, the objective (a frontier's
# points are weighed by it: `compare.beaten_by`) and how the solver ended.
SCALAR_KPIS = (*NUMERIC_KPIS, "objective", "termination")


@dataclass(frozen=True)
class Job:
    """One variant to run: everything a worker needs, picklable."""

    scenario: Path
    model: str
    solver: dict[str, Value]
    variant: Variant
    folder: Path
    # The runs in the sweep's folder of no variant of this sweep, an earlier sweep's, by
    # the hash of their inputs (`_earlier_runs`).
    earlier: dict[str, Path] = field(default_factory=dict)
    # How the planner changes a setting the sweep sets itself, by rule family, for a
    # diagnosis's advice (a frontier point's cap: `diagnose.set_by_share`; what the
    # variant sets: `diagnose.set_by_variant`).
    set_by: dict[str, str] = field(default_factory=dict)


def run_variant(job: Job) -> dict[str, Any]:
    """Solve one variant into its folder; a row of the index, never an exception."""
    row = _row(job)
    try:
        scenario, spec, options, digest = _inputs(job)
        row["inputs_hash"] = digest
        if (taken := _earlier_run(job, scenario, digest)) is not None:
            _copy_run(*taken, job.folder)
            row["reused_from"] = taken[0].name
        if (diagnosis := _proven_infeasible(job.folder, digest)) is not None:
            return {**row, "status": "infeasible", "reused": True, "error": diagnosis}
        try:
            kpis, earlier = solved_once(job.folder, scenario, spec, options, digest, job.set_by)
        except Infeasible as exc:
            # A proof holds for these inputs on every resume: kept, not proven again.
            _without_a_plan(job.folder, f"{digest}\n" + "\n".join(exc.diagnosis) + "\n")
            return {
                **row,
                "status": "infeasible",
                "reused": False,
                "error": _one_line(exc.diagnosis),
            }
        breaches = _soft_breaches(scenario, spec, job.folder)
        return {**row, "status": "solved", "reused": earlier, **_scalars(kpis)} | breaches
    except Exception as exc:  # a failed variant is recorded and the sweep goes on
        # Our own exceptions say what happened in a planner's words, in the index's one
        # cell; another's class is part of what it says.
        if isinstance(exc, ScenarioError):
            last = "; ".join(map(str, errors(exc.problems)))
        elif isinstance(exc, NoPlan):
            last = str(exc)
        else:
            last = traceback.format_exception_only(exc)[-1].strip()
        with suppress(OSError):  # the failure may be the folder's own
            _without_a_plan(job.folder, keep=row.get("inputs_hash"))
        return {**row, "status": "failed", "error": last}


def _inputs(job: Job) -> tuple[Scenario, ModelSpec, SolverOptions, str]:
    """A variant's scenario, model and solver options, and the hash of them."""
    base = load_scenario(job.scenario, warn=False)
    spec = load_spec(job.model)
    options = spec.solver.model_copy(update=job.solver)
    scenario, spec, options = apply_overrides(base, spec, options, job.variant.set)
    return scenario, spec, options, inputs_hash(scenario, spec, options)


# A solver option a run was solved under other than now: its name, its value then and now.
OptionChange = tuple[str, Any, Any]


@dataclass(frozen=True)
class OtherInputs:
    """A variant's run in the sweep's folder of other inputs than the variant's now (its
    hash holds them all), which the sweep solves again and replaces, with what differs as
    the copies the run keeps show it: each solver option; its scenario (the scenario's
    files edited since, or the variant's values); its model (the model's file, or the
    variant's values). None of them: inputs its copies do not show (forcegen's rules
    since, its hash spoilt, a copy that cannot be read)."""

    variant: str
    solver: tuple[OptionChange, ...] = ()
    scenario: bool = False
    model: bool = False


def other_inputs(sweep: SweepSpec, out: Path) -> list[OtherInputs]:
    """The variants of `sweep` whose runs in `out` are of other inputs than theirs now,
    each with what differs; none where the sweep's scenario or model cannot be read now
    (every variant then fails for it), nor a run whose model.yaml cannot (no run whole,
    solved again as every such one is). Each variant's inputs are made as its run's are
    (`_inputs`), of the base read once."""
    runs = [variant for variant in sweep.expand() if (out / variant.name / HASH_FILE).is_file()]
    if not runs:
        return []
    try:
        base = load_scenario(sweep.scenario, warn=False)
        model = load_spec(sweep.model)
    except ScenarioError:
        return []
    options = model.solver.model_copy(update=sweep.solver)
    found = []
    for variant in runs:
        with suppress(ScenarioError, BadOverrides):
            now = apply_overrides(base, model, options, variant.set)
            if (other := _of_other_inputs(out / variant.name, variant.name, *now)) is not None:
                found.append(other)
    return found


def _of_other_inputs(
    run: Path, name: str, scenario: Scenario, spec: ModelSpec, options: SolverOptions
) -> OtherInputs | None:
    """What differs of the inputs the run in `run` was solved under from the variant
    `name`'s now, or None where they are the same. Raises ScenarioError where its
    model.yaml cannot be read."""
    written, digest = written_hash(run), inputs_hash(scenario, spec, options)
    if written == digest:
        return None
    ran = load_spec(run / "model.yaml")
    solver = option_changes(ran.solver, options)
    # Its own solver options, the rest now, make its hash: only they differ, and its
    # scenario copy need not be read.
    if inputs_hash(scenario, spec, ran.solver) == written:
        return OtherInputs(name, solver)
    model = ran.model_copy(update={"solver": spec.solver}).model_dump(mode="json")
    try:
        kept = load_scenario(run / "scenario", warn=False)
    except ScenarioError:  # no copy to tell by
        other_scenario = False
    else:
        other_scenario = inputs_hash(kept, spec, options) != digest
    return OtherInputs(name, solver, other_scenario, model != spec.model_dump(mode="json"))


def option_changes(solved: SolverOptions, now: SolverOptions) -> tuple[OptionChange, ...]:
    """Each solver option of `now` that a run `solved` under had otherwise."""
    then = solved.model_dump(mode="json")
    return tuple(
        (key, then.get(key), value)
        for key, value in now.model_dump(mode="json").items()
        if then.get(key) != value
    )


def _not_run(work: list[Job], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row for each variant of `work` not among `rows`, the sweep stopped (a Ctrl-C)
    before it finished: an index of the finished alone read as a whole sweep of fewer
    variants, in compare and in pandas."""
    indexed = {row["variant"] for row in rows}
    error = "the sweep was stopped before this variant finished: the same command runs it"
    return [
        {**_row(job), "status": NOT_RUN, "error": error}
        for job in work
        if job.variant.name not in indexed
    ]


def _base_hash(job: Job) -> str:
    """The hash of the inputs of the sweep's base, `job`'s scenario, model and solver
    options with no variant's values: a variant of the same is the base run, though it
    sets a value (the one the base holds) where a grid leaves no variant unset."""
    return _inputs(replace(job, variant=Variant(name="base")))[3]


def _finished_unread(
    work: list[Job], rows: list[dict[str, Any]], since: float
) -> list[dict[str, Any]]:
    """The rows of the variants whose runs are whole in their folders but not among
    `rows`: a worker stopped by a Ctrl-C may have finished one whose row was never read
    back (`reused` where its run is older than `since`, the sweep's start). The index had
    left them out, and compare then warned of each as an earlier sweep's run."""
    indexed = {row["variant"] for row in rows}
    found = []
    for job in work:
        if job.variant.name in indexed or not (job.folder / HASH_FILE).is_file():
            continue
        try:
            scenario, spec, _, digest = _inputs(job)
            if (kpis := _finished(job.folder, scenario, digest)) is None:
                continue
            reused = (job.folder / HASH_FILE).stat().st_mtime < since
            row = {**_row(job), "inputs_hash": digest, "status": "solved", "reused": reused}
            found.append(row | _scalars(kpis) | _soft_breaches(scenario, spec, job.folder))
        except Exception:  # a run that cannot be read is left to the resume
            continue
    return found


def _soft_breaches(scenario: Scenario, spec: ModelSpec, run: Path) -> dict[str, str | None]:
    """The soft rules the plan in `run` breaks, each with how far in all in its own unit
    (`CheckReport.soft_totals`), as the index's `soft_breaches`: a variant that makes a
    rule soft may take the price, and its figures alone do not show it. None where it
    breaks none, missing as a failed variant's is (`isna()` alike), not an empty text."""
    return {"soft_breaches": check_plan(scenario, spec, run).soft_totals() or None}


def _without_a_plan(folder: Path, proof: str | None = None, keep: str | None = None) -> None:
    """Take away the plan a run of the variant's earlier inputs left in its folder, which
    compare, report and check would read as the variant's, and write `proof` (the text of
    `INFEASIBLE_FILE`), if any, in its place. A plan of the inputs hashed `keep` stays:
    a failure after its solve (its check, say) is no reason to lose it."""
    # No run of the sweep's is there, or it is the run to keep. One whose hash is spoilt
    # is of inputs unknown: taken away with the rest.
    if proof is None and (not (folder / HASH_FILE).exists() or written_hash(folder) == keep):
        return
    with atomic_folder(folder, replaces=(*RUN_FILES, HASH_FILE, INFEASIBLE_FILE)) as staging:
        if proof is not None:
            (staging / INFEASIBLE_FILE).write_text(proof)


def _earlier_runs(out: Path, names: list[str]) -> dict[str, Path]:
    """The run folders in `out` of no variant named `names` (an earlier sweep's, whose
    grid was dropped or variant renamed since), by the hash of the inputs each was solved
    or proven infeasible with. A folder of a variant of this sweep is left out, though it
    holds an earlier run: its variant may be writing it meanwhile."""
    own = {name.casefold() for name in names}
    runs: dict[str, Path] = {}
    for folder in sorted(out.iterdir()) if out.is_dir() else []:
        if folder.name.startswith(".") or folder.name.casefold() in own:
            continue
        if (digest := written_hash(folder)) is not None:
            runs.setdefault(digest, folder)
        with suppress(OSError, UnicodeDecodeError, ValueError):  # ValueError: empty
            first, *_ = (folder / INFEASIBLE_FILE).read_text(encoding="utf-8").splitlines()
            runs.setdefault(first.strip(), folder)
    return runs


def _earlier_run(job: Job, scenario: Scenario, digest: str) -> tuple[Path, tuple[str, ...]] | None:
    """The earlier sweep's folder that holds a whole run, or a proof of no plan, of these
    inputs (`digest`), where the variant's own folder holds neither, and the files that
    make it; else None."""
    earlier = job.earlier.get(digest)
    if earlier is None or written_hash(job.folder) == digest:
        return None
    if _proven_infeasible(job.folder, digest) is not None:
        return None
    if _finished(earlier, scenario, digest) is not None:
        return earlier, (*RUN_FILES, HASH_FILE)
    if _proven_infeasible(earlier, digest) is not None:
        return earlier, (INFEASIBLE_FILE,)
    return None


def _copy_run(earlier: Path, names: tuple[str, ...], folder: Path) -> None:
    """The files and folders `names` of the run, or the proof, in `earlier` copied to
    `folder` in place of any run or proof it holds, all or none; `earlier` stays as it
    was."""
    with atomic_folder(folder, replaces=(*RUN_FILES, HASH_FILE, INFEASIBLE_FILE)) as staging:
        for name in names:
            source = earlier / name
            if source.is_dir():
                shutil.copytree(source, staging / name)
            elif source.is_file():
                shutil.copy2(source, staging / name)


def _row(job: Job) -> dict[str, Any]:
    """The start of a variant's row of the index: its name, its folder and what it sets."""
    row: dict[str, Any] = {"variant": job.variant.name, "folder": job.folder.name}
    # A value cleared (null) and a scale are set, but are no value: each in a column of its
    # own, so that the others' stay numbers where they are (a query for 5000 finds 5000,
    # where a grid scales the same address too), and a scale is a number to plot against.
    for address, value in job.variant.set.items():
        if value is None:
            row[f"cleared:{address}"] = True
        elif isinstance(value, dict) and "scale" in value:
            row[f"scale:{address}"] = value["scale"]
        else:
            row[f"set:{address}"] = value
    return row


def solved_once(
    folder: Path,
    scenario: Scenario,
    spec: ModelSpec,
    options: SolverOptions,
    digest: str,
    set_by: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], bool]:
    """The KPIs of the run of these inputs (`digest`: their `inputs_hash`) in `folder`,
    solved there now unless a whole one is there already (as a sweep's variant is on a
    resume), and whether it was; `set_by` as `solve_scenario` takes it."""
    if (kpis := _finished(folder, scenario, digest)) is not None:
        return kpis, True
    with warnings.catch_warnings():
        # A variant's lead that can deploy no one: its empty plan, in the index, says it;
        # from a worker the warning cut into the sweep's progress, its source line too.
        warnings.simplefilter("ignore", IdleSetting)
        run = solve_scenario(scenario, spec, options, set_by=set_by)
    # The hash of other inputs and their proof of no plan go as the run is put in place,
    # and the hash of these is written last: a run stopped between (kill -9) is no run of
    # any inputs, solved again on a resume, where it had passed as the earlier inputs'.
    run.write(folder, ours=(HASH_FILE, INFEASIBLE_FILE))
    with atomic_file(folder / HASH_FILE) as tmp:
        tmp.write_text(digest + "\n")
    return run.plan.kpis, False


def _proven_infeasible(folder: Path, digest: str) -> str | None:
    """The diagnosis of an earlier proof that no plan of these inputs keeps the hard
    rules (`INFEASIBLE_FILE` in the variant's folder), or None."""
    try:
        first, *diagnosis = (folder / INFEASIBLE_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return _one_line(diagnosis) if first.strip() == digest else None


def _one_line(diagnosis: list[str]) -> str:
    """A diagnosis's lines as the index's one cell: the indents that nest them in a
    terminal are no part of a cell."""
    return "; ".join(line.strip() for line in diagnosis if line.strip())


def _finished(folder: Path, scenario: Scenario, digest: str) -> dict[str, Any] | None:
    """The KPIs of the whole run of these inputs `folder` holds (every file a run folder
    holds, the scenario copy's too, and the hash of the same inputs), or None. A file lost
    or spoilt since it was written (deleted, or a kpis.json written over) makes the
    variant run again, not be skipped with a hole or fail on every resume."""
    copy = [SETTINGS_FILE, *(table.file for table in written_tables(scenario))]
    holds = [*PLAN_FILES, *(f"scenario/{name}" for name in copy), HASH_FILE]
    if not all((folder / name).is_file() for name in holds):
        return None
    if written_hash(folder) != digest:
        return None
    try:
        kpis = json.loads((folder / "kpis.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # unreadable, not UTF-8 (a ValueError), not JSON
        return None
    return kpis if isinstance(kpis, dict) else None


def _scalars(kpis: dict[str, Any]) -> dict[str, Any]:
    return {key: kpis.get(key) for key in SCALAR_KPIS}


def jobs(
    sweep: SweepSpec, out: Path, set_by: Mapping[str, str] | None = None, scan: bool = True
) -> list[Job]:
    """A job for each of the sweep's variants; with `scan`, each told the earlier sweeps'
    runs in `out` (`_earlier_runs`), else none (a sweep stopped before it looked)."""
    variants = sweep.expand()
    earlier = _earlier_runs(out, [variant.name for variant in variants]) if scan else {}
    return [
        Job(
            sweep.scenario,
            sweep.model,
            sweep.solver,
            variant,
            out / variant.name,
            earlier,
            # The run's own words (a frontier's share) over those of what the variant sets.
            {**set_by_variant(variant.name, variant.set), **(set_by or {})},
        )
        for variant in variants
    ]


def _local(work: list[Job]) -> Generator[dict[str, Any], None, None]:
    """One variant after another in a worker process, as `_dask` runs them: the caller's
    process never holds a variant's model.

    The worker is a fresh interpreter fed over pipes (as `prepare.py`'s helper) in a
    process group of its own, out of the terminal's reach: Ctrl-C interrupts this process
    alone, and the worker's whole group (the variant being solved, and the processes of
    its solve) is ended here at once, without a traceback from each and before another
    variant starts. A worker that dies fails the variant it was running (its error is on
    stderr); a new one runs the rest."""
    left = list(work)
    while left:
        with group_worker(ENTRY) as worker:
            assert worker.stdin is not None and worker.stdout is not None
            with suppress(OSError):  # it died at once: said below
                send(worker.stdin, left)
            for row in received(worker.stdout):
                left.pop(0)  # the worker runs them in order
                yield row
                if not left:
                    break
        if left:
            job = left.pop(0)
            message = f"the sweep's worker process ended with code {worker.returncode}"
            yield {**_row(job), "status": "failed", "error": message}


def serve() -> None:
    """The local worker: read the variants to run from stdin, then run them one after
    another, writing each one's row of the index to stdout as it is done; end, with every
    process of its group, when the caller closes stdin (it ended)."""
    channel = answer_channel(others_to_stderr=True)
    work: list[Job] | None = next(received(sys.stdin.buffer), None)
    if work is None:  # its caller went before sending the variants (a Ctrl-C): nothing to run
        return
    end_with_caller()
    for job in work:
        send(channel, run_variant(job))


def _start_quiet_resource_tracker() -> None:
    """Start multiprocessing's resource tracker, if none runs, deaf to its warning of
    leaked semaphores. Pyomo makes a lock as it is imported, which a worker spawned by
    the local cluster registers with the tracker, and a worker ended in the middle of a
    variant (a Ctrl-C) cannot unregister: the tracker then warned of "2 leaked semaphore
    objects" as the sweep stopped, which it cleans up itself."""
    from multiprocessing import resource_tracker

    # The tracker's interpreter reads its warning filters from the environment it starts in.
    before = os.environ.get("PYTHONWARNINGS")
    quiet = "ignore::UserWarning:multiprocessing.resource_tracker"
    os.environ["PYTHONWARNINGS"] = ",".join(filter(None, [before, quiet]))
    try:
        resource_tracker.ensure_running()
    finally:
        if before is None:
            del os.environ["PYTHONWARNINGS"]
        else:
            os.environ["PYTHONWARNINGS"] = before


# Seconds a sweep waits for the Dask scheduler it is given to answer: distributed's own
# connect timeout (30 s, with its retries) had an address where none answers said after 44.
SCHEDULER_SECONDS = 5


def unreachable(scheduler: str) -> str | None:
    """Why no Dask scheduler answers at `scheduler` within SCHEDULER_SECONDS, or None
    where one does."""
    from distributed import Client  # Dask only when asked

    try:
        client = Client(scheduler, timeout=SCHEDULER_SECONDS)
    except OSError:
        return (
            f"no Dask scheduler answers there within {SCHEDULER_SECONDS} s: start one "
            "(`dask scheduler` prints its address), or give the address of yours"
        )
    except TypeError as exc:  # a tls:// address without Dask's TLS configuration
        return str(exc)
    client.close()
    return None


def _dask(
    work: list[Job], scheduler: str | None, workers: int
) -> Generator[dict[str, Any], None, None]:
    # Dask starts up only when a cluster is asked for; a local sweep never loads it.
    from distributed import Client
    from distributed import as_completed as dask_completed

    cluster = _local_cluster(workers) if scheduler is None else None
    client = None
    try:
        client = (
            Client(cluster) if scheduler is None else Client(scheduler, timeout=SCHEDULER_SECONDS)
        )
        futures = client.map(run_variant, work, pure=False)
        for future in dask_completed(futures):
            yield future.result()
    finally:
        with _presses_absorbed():
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()


@contextmanager
def _presses_absorbed() -> Iterator[None]:
    """Ctrl-C and SIGTERM ignored while the block stops a sweep (in the main thread, where
    Python handles signals): a second press had stopped the closing of the cluster halfway,
    leaving distributed's own closing at exit to print a traceback, and the index of the
    variants finished unwritten."""
    held = (signal.SIGINT, signal.SIGTERM)
    main = threading.current_thread() is threading.main_thread()
    before = {number: signal.signal(number, signal.SIG_IGN) for number in held} if main else {}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def _local_cluster(workers: int) -> Any:
    """A local cluster of `workers` processes deaf to Ctrl-C, which is this process's to
    handle (it cancels the futures): SIGINT is held back while the cluster starts, in
    the threads that start the workers and so in the workers (a signal mask is inherited
    by threads and processes, a Python handler is not), and reaches this process once the
    cluster is up. SIGINT ignored instead had kept the workers deaf too, but a Ctrl-C
    pressed in the seconds the cluster takes to start was lost, and the sweep ran on."""
    from distributed import LocalCluster

    _start_quiet_resource_tracker()
    main = threading.current_thread() is threading.main_thread()
    if main:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        # Its warnings and errors as it stops the variants running on a Ctrl-C (a
        # worker's heartbeat to a scheduler gone) are not the user's: a variant's own
        # failure is in its row, never an exception.
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            # A free port: two sweeps at once had warned that 8787 was taken (None is
            # distributed's default, not no dashboard).
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        )
    except BaseException:
        if main:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        raise
    if main:
        # A Ctrl-C held back is raised here, by the call that lets it through.
        try:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        except KeyboardInterrupt:
            cluster.close()
            raise
    return cluster


def run_sweep(
    sweep: SweepSpec,
    out: Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
    warn: bool = True,
    set_by: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Run every variant; write and return the index (one row per variant). `out` is made
    once the sweep is judged, so a sweep refused leaves none. Raises ScenarioError, before
    any run, with every problem `judge_sweep` finds (a sweep made in Python has no
    `load_sweep` to judge it: an override of nothing would fail each of its runs), when
    `out` cannot be written as a folder, and when another sweep is writing it. Its
    warnings (the scenario's, and those a variant's values bring: a join after the horizon)
    are said as `ScenarioWarning`s before any run, but those `load_scenario` said already
    of its scenario; `warn=False` for a sweep whose warnings were said already
    (`load_sweep`'s). `set_by`: how the planner changes a setting the sweep sets itself,
    for a diagnosis's advice (a frontier's cap: `diagnose.set_by_share`), over what each
    variant sets (`diagnose.set_by_variant`).
    Interrupted (KeyboardInterrupt) once `out` is its own, it stops the variants running,
    writes the index of those finished, for a resume to skip them, and of the others as
    `not-run`, and raises `Indexed` (a KeyboardInterrupt); before, it writes nothing and
    raises KeyboardInterrupt as it came. Stopped by what `progress` raises (its output's
    reader gone: a BrokenPipeError, or the SystemExit of a console that catches it), it
    stops alike, the index written, and raises that as it came."""
    out = Path(out)
    found = judge_sweep(sweep)
    if reason := output_problem(out, folder=True):
        found.append(Problem("out", None, None, "not-writable", reason, str(out)))
    if errors(found):
        raise ScenarioError(found)
    if warn:
        say_warnings(not_said(sweep.scenario, found), stacklevel=2)
    with sweeping(out):
        return _run_jobs(sweep, out, set_by, workers, scheduler, progress)


class Indexed(KeyboardInterrupt):
    """A sweep stopped (Ctrl-C) once its folder was its own, its index written: of the
    variants finished, and of the rest as `not-run`. A KeyboardInterrupt raised by
    `run_sweep` that is no `Indexed` came before, and wrote nothing."""


# In a sweep's folder, held locked while a sweep writes it.
LOCK = ".sweep.lock"


@contextmanager
def sweeping(out: Path) -> Iterator[None]:
    """The sweep's folder `out`, made, held by this sweep alone while it runs (a lock the
    system lets go of when the process ends, killed too): two sweeps into one folder at
    once had each written its runs over the other's, and one index was lost. Raises
    ScenarioError (`in-use`) where another holds it. Held already by this process (a
    frontier holds it from its reference's solve on), held on. What a sweep stopped by
    kill -9 left staging (`atomic_folder`'s `.NAME.*.tmp`) goes; so does a folder it made
    and wrote nothing in (a scheduler that does not answer). On a file system that keeps
    no locks (NFS without its lock service), it runs unheld, as before there were any."""
    key = out.resolve()
    if key in _HELD:
        yield
        return
    made = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = "another sweep is writing this folder now: let it end, or write elsewhere"
            raise ScenarioError([Problem("out", None, None, "in-use", message, str(out))]) from None
        except OSError:
            pass  # no locks kept here (ENOLCK): unheld
        _HELD.add(key)
        try:
            _staging_removed(out)
            yield
        except BaseException:
            # Still held, so no other sweep has taken it meanwhile.
            if made and {entry.name for entry in out.iterdir()} <= {LOCK}:
                shutil.rmtree(out, ignore_errors=True)
            raise
        finally:
            _HELD.discard(key)


def _staging_removed(out: Path) -> None:
    """What a sweep stopped in `out` left staging (`atomic_folder`'s `.NAME.*.tmp`
    folders, `atomic_file`'s files, in `out` and in its variants' folders: the hash of a
    variant's inputs) taken away."""
    for staging in [*out.glob(".*.tmp"), *out.glob("*/.*.tmp")]:
        if staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
        else:
            staging.unlink(missing_ok=True)


# The sweep folders this process holds (`sweeping`).
_HELD: set[Path] = set()


def _run_jobs(
    sweep: SweepSpec,
    out: Path,
    set_by: Mapping[str, str] | None,
    workers: int | None,
    scheduler: str | None,
    progress: Callable[[dict[str, Any]], None] | None,
) -> pd.DataFrame:
    """`run_sweep`'s work once its folder is its own: each job run, the index written."""
    started = time.time()
    work: list[Job] = []
    results: Generator[dict[str, Any], None, None] | None = None
    rows = []
    base = None
    # What `progress` raised but a Ctrl-C: the caller's stop, which the sweep's is too.
    unsaid: BaseException | None = None
    # Everything from here on within the try, the jobs' making too (a scan of `out` for
    # earlier runs): a Ctrl-C there had left no index, as the terminal said it wrote.
    try:
        work = jobs(sweep, out, set_by)
        # Generators: nothing starts until the loop below asks for a row.
        if scheduler is not None or workers is not None:
            results = _dask(work, scheduler, workers or 1)
        else:
            results = _local(work)
        # Taken before any variant runs, as the sweep was judged: the base's files edited
        # meanwhile (a file of them spoilt) would cost the index of the variants run.
        base = _base_hash(work[0]) if work else None
        for row in results:
            rows.append(row)
            if progress is not None:
                try:
                    progress(row)
                except KeyboardInterrupt:
                    raise
                except BaseException as exc:
                    # The output's reader gone (`| head`): a BrokenPipeError, or the exit
                    # of a console that catches it (rich's). The command had ended 141
                    # with no index, or an earlier sweep's over the runs replaced.
                    unsaid = exc
                    raise
    except BaseException as stop:
        if stop is not unsaid and not isinstance(stop, KeyboardInterrupt):
            raise
        with _presses_absorbed():
            if results is not None:
                results.close()  # the variants running end before the index is written
            work = work or jobs(sweep, out, set_by, scan=False)
            _staging_removed(out)  # what the variants killed were writing
            found = _finished_unread(work, rows, started)
            rows += found
            _write_index([*rows, *_not_run(work, rows)], work, out, base)
            # Said as every variant indexed is, once indexed: a saying that fails (its
            # reader gone too) loses no index. Not where saying is what stopped the sweep.
            if progress is not None and unsaid is None:
                for row in found:
                    progress(row)
        if unsaid is not None:
            raise
        raise Indexed from None
    return _write_index(rows, work, out, base)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _write_index(
    rows: list[dict[str, Any]], work: list[Job], out: Path, base: str | None = None
) -> pd.DataFrame:
    """The index of the variants' rows, in the sweep's order, written to `out`; `as_base`
    where a row's inputs are of the hash `base` (`_base_hash`), <NA> where it is None."""
    order = {job.variant.name: i for i, job in enumerate(work)}
    columns = [
        *("variant", "folder", "status", "reused", "reused_from", "error", "inputs_hash"),
        *("as_base", *SCALAR_KPIS, "soft_breaches"),
    ]
    index = pd.DataFrame(rows)
    index = index.reindex(columns=[*columns, *(c for c in index.columns if c not in columns)])
    if base is not None:
        # <NA> where a variant failed before its inputs were known.
        index["as_base"] = index["inputs_hash"].map(base.__eq__, na_action="ignore")
    # Each column of one type whatever the variants gave: a gap no variant had is NaN in
    # a float column (not None in an object one), an error none had <NA> in a string one,
    # a count of a failed variant <NA> in an integer one; a value every variant that sets
    # it sets to a number is a number (a query for 3 finds 3, not '3.0').
    # A whole number is one (Int64, <NA> where a variant does not set it), not 50.0.
    given = {c: index[c].dropna() for c in index.columns if c.startswith(("set:", "scale:"))}
    numbers = {c for c, values in given.items() if values.map(_is_number).all()}
    # Judged as the variants gave them: a gap has made the frame's column float already.
    whole = {
        c for c in numbers if all(isinstance(row[c], int) for row in rows if row.get(c) is not None)
    }
    # A yes or no every variant that sets it gives as one is one: a query for True finds it.
    flags = {
        c
        for c, values in given.items()
        if len(values) and values.map(lambda v: isinstance(v, bool)).all()
    }
    kinds = {
        c: "Int64"
        if c in whole
        else "float64"
        if c in numbers
        else "boolean"
        if c in flags
        else "string"
        for c in index.columns
    }
    kinds |= dict.fromkeys((*NUMERIC_KPIS, "objective"), "float64")
    kinds |= dict.fromkeys(COUNTS, "Int64")
    kinds["reused"] = kinds["as_base"] = "boolean"  # <NA> for a variant not solved
    cleared = [c for c in index.columns if c.startswith("cleared:")]
    index[cleared] = index[cleared].fillna(False)
    kinds |= dict.fromkeys(cleared, "boolean")
    index = index.astype(kinds)
    index = index.sort_values("variant", key=lambda s: s.map(order))
    index = index.reset_index(drop=True)
    with atomic_file(out / INDEX) as tmp:
        index.to_parquet(tmp, index=False)
    return index
