"""Compare runs: KPIs side by side with deltas against a baseline; trace frontiers."""

from __future__ import annotations

import functools
import hashlib
import math
import os
import textwrap
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from forcegen.checker import check_plan
from forcegen.fileformat import REPLAN
from forcegen.fileio import file_digest
from forcegen.scenario.load import load_scenario
from forcegen.scenario.problems import Problem, ScenarioError, errors, parse_yaml
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import SETTINGS_FILE, TABLES, Settings, TableSpec
from forcegen.scenario.write import flat_settings
from forcegen.shown import is_share
from forcegen.spec import NOISE, ModelSpec, Rules, load_spec, model_settings, settings_digest
from forcegen.stats import WORDS, Results, kpi_unit, read_kpis
from forcegen.sweep.spec import INDEX, NOT_RUN, REFERENCE, SweepSpec, Variant, written_hash

NUMERIC_KPIS = (
    "total_shortfall",
    "peak_shortfall",
    "peak_after_arrival",
    # Beside the shortfall: events and variants that change demand change what it is of.
    "demand",
    "cost",
    "international_cost",
    "domestic_cost",
    "tours",
    "regions_handed_over",
    "reserve_share",
    "final_domestic_strength",
    "gap",
    "wall_seconds",
)

# A comparison's figures: the planners', and the model's objective, the score its plans are
# chosen by, as the sweep's index, a frontier's beaten_by and rolling.csv give it too. Its
# change only between runs the objective scores alike (`_scored_otherwise`: none).
COMPARED_KPIS = (*NUMERIC_KPIS, "objective")


# Key figures that count whole things: a table of key figures a row each holds them in a
# column of fractions (a shortfall's), where pandas writes them 106.0.
COUNTS = ("tours", "regions_handed_over")


def counts_whole(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """`table` (a key figure a row, `kpi`) with the counts' figures in `columns` whole
    numbers, for a CSV file to write them as 106, not 106.0."""
    shown = table.astype(dict.fromkeys(columns, object))
    rows = shown["kpi"].isin(COUNTS)
    for column in columns:
        shown.loc[rows, column] = [
            value if pd.isna(value) else round(value) for value in shown.loc[rows, column]
        ]
    return shown


# Below this share of the figures, a delta is float noise: one figure summed in two orders
# (1591.0714285714275 and 1591.0714285714294 officers) differs by 1.8e-12, no change.
FLOAT_NOISE = 1e-9


def change(
    kpi: str, value: float | None, reference: float | None
) -> tuple[float | None, float | None]:
    """The key figure `kpi`'s `value - reference` (0 where it is float noise, `FLOAT_NOISE`)
    and that as a share of |reference|; None where either is missing. No share where the
    reference is zero or the solver's noise about it (`NOISE`: a gap of 1.4e-11 made a gap
    of 0.33 a change of 23,187,249,458 times), nor where the figures are fractions
    themselves (the gap, a reserve share: `is_share`), whose change is the delta, in
    points."""
    if value is None or reference is None:
        return None, None
    delta = value - reference
    if abs(delta) <= FLOAT_NOISE * max(1.0, abs(value), abs(reference)):
        delta = 0.0
    if is_share(kpi) or abs(reference) < NOISE:
        return delta, None
    return delta, delta / abs(reference)


def scenario_digest(run: Path) -> str | None:
    """A fingerprint of the scenario a run keeps a copy of (`RUN/scenario`), file by
    file; None for a run without one. Runs of one scenario's variants, a re-plan's events
    or an edited copy share its name but not this."""
    folder = run / "scenario"
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    # A hidden file is none of the scenario's, as reading it takes none: a stamp of what
    # was written (which runs written before stamps lack), a .DS_Store.
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest.update(f"{path.relative_to(folder).as_posix()}\0{file_digest(path)}".encode())
    return digest.hexdigest()


def judged(run: Path) -> tuple[int | None, str]:
    """The independent checker's verdict on a run's plan, judged against the scenario and
    model the run keeps (`RUN/scenario`, `RUN/model.yaml`): how many hard-rule violations
    it finds, and the verdict in a line (`CheckReport.in_a_line`); None, and why, where the
    plan cannot be judged. kpis.json's figures are a plan's whatever it breaks: a planner's
    plan worked out by `evaluate`, or a run whose tours were edited since."""
    kept = {"scenario": run / "scenario", "model.yaml": run / "model.yaml"}
    if missing := [name for name, path in kept.items() if not path.exists()]:
        return None, f"not judged: the run keeps no {' and no '.join(missing)}"
    try:
        scenario = load_scenario(kept["scenario"], warn=False)
    except ScenarioError as exc:
        return None, _not_judged(exc.problems, kept["scenario"])
    try:
        report = check_plan(scenario, kept["model.yaml"], run)
    except ScenarioError as exc:
        return None, _not_judged(exc.problems, run)
    return len(report.violations), report.in_a_line()


def _not_judged(problems: list[Problem], folder: Path) -> str:
    """Why a run is not judged: its first problem, its file named in the run (`folder`),
    not as the source scenario's a planner would open."""
    first = (errors(problems) or problems)[0]
    if not Path(first.file).is_relative_to(folder):
        first = replace(first, file=str(folder / first.file))
    more = len(problems) - 1
    return f"not judged: {first}" + (f" (and {more} problem(s) more)" if more else "")


def _model_settings(run: Path) -> dict[str, Any] | None:
    """The model a run was made under (`RUN/model.yaml`) as `model_settings`; None for a
    run without one, or one that cannot be read."""
    try:
        text = (run / "model.yaml").read_text(encoding="utf-8")
        # Through parse_yaml: an alias of no end had recursed in json_normalize.
        document = parse_yaml(text, "model.yaml")[0]
    except (OSError, UnicodeDecodeError, ScenarioError):
        return None
    return model_settings(document) if isinstance(document, dict) else None


def model_digest(run: Path) -> str | None:
    """A fingerprint of the model a run was made under (`_model_settings`); None for a run
    without one, or one that cannot be read."""
    settings = _model_settings(run)
    return None if settings is None else settings_digest(settings)


def model_changes(run: Path, baseline: Path) -> str | None:
    """The settings of the model `run` was made under that the baseline's holds otherwise
    (`mission.total_budget; weights.cost`), or None where they hold none so, or either
    keeps no model."""
    return "; ".join(_settings_changed(run, baseline) or []) or None


def _settings_changed(run: Path, baseline: Path) -> list[str] | None:
    """The addresses of the settings of the model `run` was made under that the baseline's
    holds otherwise (`_model_settings`), in order; None where either keeps no model."""
    mine, theirs = _model_settings(run), _model_settings(baseline)
    if mine is None or theirs is None:
        return None
    return sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))


def runs_given(
    paths: Sequence[Path], baseline: Path | None = None
) -> tuple[list[Path], list[Problem]]:
    """The run folders `paths` name for a comparison, in their order: a sweep's or
    frontier's folder as the runs of the variants its index says are solved, a frontier's
    reference plan first; a variant without a plan (proven infeasible, failed) and a file
    of the sweep's own (its index, frontier.csv) left out, a warning each. Every entry of a
    sweep's folder named (`DIR/*`) is the folder: `compare DIR` and `compare DIR/*`
    compare what the sweep solved, against the same baseline, and a folder its index does
    not list (an earlier sweep's run) is left out of both, said. A run named otherwise is
    compared as given, and not said left out by its sweep's folder given beside it, nor
    is the `baseline` named for the comparison."""
    runs: list[Path] = []
    said: list[Problem] = []
    read: dict[Path, pd.DataFrame | None] = {}  # each index once, for DIR/*'s many paths

    def index_of(folder: Path) -> pd.DataFrame | None:
        if folder not in read:
            read[folder] = _index_of(folder)
        return read[folder]

    taken: set[Path] = set()  # sweeps named entry by entry, taken already
    for path in paths:
        if (index := index_of(path)) is not None:
            _sweep_runs(path, index, runs, said, each=False)
        elif (index := index_of(path.parent)) is None or not path.exists():
            runs.append(path)  # one that is not there is said as a run missing
        elif _every_entry(path.parent, paths):
            if path.parent not in taken:
                taken.add(path.parent)
                _sweep_runs(path.parent, index, runs, said, each=True)
        elif path.is_file():
            said.append(_left_out(path, "a file of the sweep's, no run"))
        elif (status := _status_in(path, index)) not in (None, "solved"):
            said.append(_left_out(path, f"the sweep's {status} variant", "no-plan"))
        else:
            runs.append(path)
    return runs, _not_used(said, [*runs, *([baseline] if baseline else [])])


def _not_used(said: list[Problem], used: Sequence[Path]) -> list[Problem]:
    """What `said` leaves out, less what is a run `used` all the same: an earlier sweep's
    run named on its own beside the sweep's folder is compared as given, and had been said
    left out as well. A path given twice, or a sweep's folder beside its own runs, is said
    once."""
    kept = {path.resolve() for path in used}
    return [problem for problem in dict.fromkeys(said) if Path(problem.file).resolve() not in kept]


def _every_entry(folder: Path, paths: Sequence[Path]) -> bool:
    """Whether `paths` name every entry of `folder` a shell's `folder/*` names."""
    named = {path.name for path in paths if path.parent == folder}
    return {entry.name for entry in folder.iterdir() if not entry.name.startswith(".")} <= named


def _sweep_runs(
    folder: Path, index: pd.DataFrame, runs: list[Path], said: list[Problem], *, each: bool
) -> None:
    """The runs of the sweep or frontier in `folder`, in the order a comparison of the
    folder takes them, added to `runs`; what is left out said: a folder its index does
    not list, and (`each`: its entries were named one by one) its own files."""
    listed = set(index["folder"])
    not_run = index["status"] == NOT_RUN
    if index.empty or not_run.any():
        # Every sweep has a variant at least (its base): only a stop before they finished
        # leaves some unrun (an index of an older forcegen lists none of them), and "none
        # of the runs given has a plan" alone did not say so.
        which = (
            f"{not_run.sum()} of its {len(index)} variants as {NOT_RUN}"
            if not_run.any()
            else "no variant"
        )
        message = (
            f"lists {which}: the sweep (or frontier) was stopped before they finished; the "
            "same command resumes it"
        )
        said.append(
            Problem(str(folder / INDEX), None, None, "no-plan", message, severity="warning")
        )
    index = index[~not_run]
    # A frontier's reference, the plan without a cap, is no variant of its index (a
    # sweep's variant of that name is one).
    reference = folder / REFERENCE
    if reference.is_dir() and REFERENCE not in listed:
        if (reference / "kpis.json").is_file():
            runs.append(reference)
        else:
            said.append(_left_out(reference, "the frontier's reference, no plan", "no-plan"))
    # A sweep's base, its first solved variant that changes nothing, comes first: the
    # comparison's baseline, where the sweep's first variant may be any of its points.
    base = index.index[(index["status"] == "solved") & _changes_nothing(index)][:1]
    ordered = pd.concat([index.loc[base], index.drop(base)])
    hashes = ordered["inputs_hash"] if "inputs_hash" in ordered else [None] * len(ordered)
    for name, status, digest in zip(ordered["folder"], ordered["status"], hashes, strict=True):
        if status != "solved":
            said.append(_left_out(folder / name, f"the sweep's {status} variant", "no-plan"))
        elif not (folder / name).is_dir():
            # Deleted since: the sweep run again solves it, as a variant of other inputs.
            said.append(_left_out(folder / name, GONE))
        elif _other_inputs(folder / name, digest):
            said.append(_left_out(folder / name, OTHER_INPUTS))
        else:
            runs.append(folder / name)
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name in listed or entry.name == REFERENCE:
            continue
        if entry.is_dir():
            what = "no variant its index lists (an earlier sweep's run?)"
            said.append(_left_out(entry, what))
        elif each:
            said.append(_left_out(entry, "a file of the sweep's, no run"))


# A variant solved whose folder is not there.
GONE = (
    "a variant its index lists as solved, whose folder is gone: run the sweep (or frontier) again"
)
# A variant's folder whose run is of other inputs than its index records: two sweeps into
# one folder at once, or one stopped after it re-solved a variant and before its index.
OTHER_INPUTS = (
    "a run of other inputs than its folder's index records (another sweep or frontier "
    "written into the folder since, or one stopped before its index): run it again"
)


def _other_inputs(run: Path, digest: object) -> bool:
    """Whether the run folder `run` holds a run of other inputs than `digest`, its index's
    `inputs_hash`: its hash file says another. Not where either is unknown (an index or a
    run of an older version)."""
    written = written_hash(run)
    return isinstance(digest, str) and bool(written) and written != digest


def _changes_nothing(index: pd.DataFrame) -> pd.Series:
    """Which variants of a sweep's `index` leave its base scenario and model as they are:
    those whose inputs are the base's (`as_base`), a value set to what the base holds
    too; where it is unknown (an older index, a row of no hash), none of its `set:`
    values set and none `cleared:`, or only scales of 1."""
    unchanged = pd.Series(True, index=index.index)
    for column in index.columns[index.columns.str.startswith("set:")]:
        kept = index[column].isna()
        # An older sweep's index wrote a scale's JSON here too: its `scale:` judges it.
        if (scale := f"scale:{column.removeprefix('set:')}") in index:
            kept |= index[scale].notna()
        unchanged &= kept
    for column in index.columns[index.columns.str.startswith("scale:")]:
        unchanged &= index[column].isna() | (index[column] == 1)
    for column in index.columns[index.columns.str.startswith("cleared:")]:
        unchanged &= ~index[column].fillna(False).astype(bool)
    if "as_base" not in index:
        return unchanged
    return index["as_base"].astype("boolean").fillna(unchanged).astype(bool)


def named_baseline(baseline: Path, given: Sequence[Path]) -> tuple[Path, list[Problem]]:
    """The run `baseline` names: a path that is there, as given; else a name of a variant
    its index lists (or a frontier's plan without a cap) of a sweep or frontier among the
    paths `given` (its folder, or its entries), that run. As given where no sweep holds it
    (said as any run that is not there is, where no sweep is given); with a problem where
    several do, or none of those given does (naming the variants they list), an earlier
    sweep's run left in the folder among them."""
    if baseline.exists() or len(baseline.parts) != 1:
        return baseline, []
    # Resolved: one sweep given in two forms of its path is one sweep, not two.
    folders = dict.fromkeys(folder.resolve() for path in given for folder in (path, path.parent))
    indexes = {folder: index for folder in folders if (index := _index_of(folder)) is not None}
    found = [
        folder / baseline.name
        for folder, index in indexes.items()
        if _holds(folder, index, baseline.name)
    ]
    if len(found) > 1:
        message = f"names a run of each of {', '.join(map(str, found))}: give its path"
        return baseline, [Problem("--baseline", None, None, "ambiguous", message, str(baseline))]
    if found:
        # A variant without a plan: its missing kpis.json had been said, not why.
        status = _status_in(found[0], indexes[found[0].parent])
        if status not in (None, "solved"):
            message = f"the sweep's {status} variant has no plan to compare with: name a solved one"
            return found[0], [Problem("--baseline", None, None, "no-plan", message, str(baseline))]
        return found[0], []
    # A name no sweep given holds: said with the names they hold, not as a run missing.
    names = sorted({Path(str(f)).name for index in indexes.values() for f in index["folder"]})
    if not names:
        return baseline, []
    # A folder an earlier sweep left (a variant renamed since) is none of this sweep's:
    # taken by its name, it had been the baseline of a comparison that said it left it out.
    earlier = [folder for folder in indexes if (folder / baseline.name).is_dir()]
    if earlier:
        rule = "not-in-index"
        message = (
            f"{earlier[0] / baseline.name} is no variant its index lists (an earlier sweep's "
            f"run?): name one of its variants ({', '.join(names)})"
        )
    else:
        rule = "unknown-run"
        message = f"no run of that name, nor a variant of the sweeps given ({', '.join(names)})"
    return baseline, [Problem("--baseline", None, None, rule, message, str(baseline))]


def _holds(folder: Path, index: pd.DataFrame, name: str) -> bool:
    """Whether `name` is a run folder of the sweep or frontier in `folder` (its `index`):
    a variant's it lists, or a frontier's plan without a cap; not an earlier sweep's run
    left beside them."""
    return (name in set(index["folder"]) or name == REFERENCE) and (folder / name).is_dir()


def why_baseline(given: Sequence[Path], runs: Sequence[Path]) -> str:
    """Why a comparison of the paths `given` takes the first of their `runs` (`runs_given`'s)
    as its baseline where none is named: the first run given, or the first a sweep's or
    frontier's folder gives (`_sweep_runs`)."""
    first = runs[0]
    index = _index_of(first.parent)
    # Named on its own, not as one of its sweep's every entry (`DIR/*`): compared as given.
    if index is None or (first in given and not _every_entry(first.parent, given)):
        if first == given[0]:
            return "the first run given"
        # Those named before it have no plan (a sweep's infeasible variant), said so.
        return "the first run given that is compared, those before it left out"
    if first.name == REFERENCE and REFERENCE not in set(index["folder"]):
        return "the frontier's plan without a cap"
    if _changes_nothing(index[index["folder"] == first.name]).all():
        return "the sweep's variant that changes nothing of its base"
    # One that does but is left out (no plan, its folder gone) had been said to be none.
    if len(base := index["folder"][_changes_nothing(index)]):
        return (
            f"the sweep's first solved variant (the one that leaves its base as it is, "
            f"{base.iloc[0]}, is left out)"
        )
    if (index["status"] == NOT_RUN).any():
        # Its base may be among those not run: their inputs were never read to tell.
        return (
            "the sweep's first solved variant (none of those run leaves its base as it is; "
            "the sweep was stopped before the rest)"
        )
    return "the sweep's first solved variant (none leaves its base as it is)"


def _status_in(path: Path, index: pd.DataFrame) -> str | None:
    """How the sweep whose variant `path` is ended it (`solved`, `infeasible`, `failed`),
    by its `index` (its folder's), or None for a path that is no variant of it."""
    found = index.loc[index["folder"] == path.name, "status"]
    return str(found.iloc[0]) if len(found) else None


def _index_of(folder: Path) -> pd.DataFrame | None:
    """The index of the sweep or frontier `folder` holds, or None (none, or unreadable:
    then it is no sweep's to a comparison, and said as any other folder is)."""
    if not (folder / INDEX).is_file():
        return None
    try:
        index = pd.read_parquet(folder / INDEX)
    except (OSError, ValueError):
        return None
    return index if {"folder", "status"} <= set(index.columns) else None


def _left_out(path: Path, what: str, rule: str = "left-out") -> Problem:
    """A warning that the run at `path` is left out of a comparison, and why (`what`): a
    variant without a plan (`no-plan`), or another sweep's run, a file of the sweep's, a
    run of other inputs than its index records (`left-out`)."""
    return Problem(str(path), None, None, rule, f"{what}: left out", severity="warning")


# The search's own figures, not its plan's: how far it got and how long it took. Their
# change is the searches' by what they are, and judges nothing of the variant's.
SEARCH_FIGURES = ("gap", "wall_seconds")


def proven_range(kpis: Mapping[str, Any]) -> tuple[float, float] | None:
    """Where the best objective of a run's problem lies, as far as its search proved: from
    its bound (no plan scores less: the objective is minimized) to its plan's objective
    (one plan scores that); the bound its gap below the objective where kpis.json keeps no
    bound (HiGHS's gap, of max(1, |objective|)), and none below where no bound was proven
    (a search stopped before one, a rolling horizon's windows). None without an objective:
    a heuristic's or hand-made plan is scored by no search."""
    objective, bound, gap = kpis.get("objective"), kpis.get("bound"), kpis.get("gap")
    if objective is None:
        return None
    if bound is None or not math.isfinite(bound):
        bound = -math.inf if gap is None else objective - gap * max(1.0, abs(objective))
    return min(bound, objective), objective


def within_gap(
    kpi: str,
    delta: float | None,
    kpis: Mapping[str, Any],
    baseline: Mapping[str, Any],
    scored_alike: bool,
) -> bool | None:
    """Whether the change `delta` of the plans' figure `kpi` is left open by the runs'
    proven gaps: where the ranges their searches proved the best objective lies in
    (`proven_range`) overlap, either run's best plan may score as the other's, so no
    change of any figure, the objective's or another's, is shown to come from what differs
    between the runs rather than from where each search stopped. False where the ranges
    lie apart: the runs' best plans provably score otherwise, so what differs between the
    runs changed which plan is best; how much of a figure's change is that, and how much
    where each search stopped, no gap proves.

    Every figure is judged by the objective's ranges, never by a margin of its own: a gap
    bounds the objective, not the shortfall or the cost, and two plans within 1% of each
    other's objective may leave shortfalls far apart (tiny's best plan is 1,939 short, a
    plan 0.07% above it in objective 2,210). None where not judged: a figure of the search
    (`SEARCH_FIGURES`), no change, a run without an objective, or runs the objective scores
    otherwise (`scored_alike`: `_scored_otherwise`), whose ranges are on two scales."""
    if kpi in SEARCH_FIGURES or not scored_alike or delta is None or pd.isna(delta) or not delta:
        return None
    mine, theirs = proven_range(kpis), proven_range(baseline)
    if mine is None or theirs is None:
        return None
    # Ranges a float's noise apart touch: two proven optima of one score, summed in two
    # orders, are one score.
    noise = FLOAT_NOISE * max(1.0, abs(mine[1]), abs(theirs[1]))
    return mine[0] <= theirs[1] + noise and theirs[0] <= mine[1] + noise


# compare_runs' table's `attrs` key of why the objective scores each run it names
# otherwise than the baseline (`_scored_otherwise`).
SCORED_OTHERWISE = "scored_otherwise"


def unjudged_by_gaps(table: pd.DataFrame) -> dict[str, str]:
    """The runs of a comparison (`compare_runs`) whose changes of a plan's figure
    `within_gap` judges none of, while a search may have left them open, each with why: no
    objective to prove a range of (a heuristic's or hand-made plan, the run's or the
    baseline's), or the objective scoring it otherwise than the baseline, where either
    search stopped short of proving its optimum: why as compare_runs found it
    (`_scored_otherwise`: the model's settings or the scenario's cells it weighs that
    differ), in general where the table keeps none (read back from its CSV). Unmarked,
    their changes had read as findings."""
    plans = table[~table["kpi"].isin(SEARCH_FIGURES)]
    changed = plans["delta"].fillna(0) != 0
    judged = set(plans.loc[plans["within_gap"].notna(), "run"])
    rows = table.drop_duplicates(["run", "kpi"]).set_index(["kpi", "run"])
    why = {}
    for run in dict.fromkeys(plans.loc[changed, "run"]):
        if run in judged:
            continue
        value, baseline = (rows[column].get(("objective", run)) for column in ("value", "baseline"))
        gaps = [rows[column].get(("gap", run)) for column in ("value", "baseline")]
        if value is None or pd.isna(value):
            why[run] = "no objective: a heuristic's or hand-made plan"
        elif baseline is None or pd.isna(baseline):
            why[run] = "the baseline has no objective: a heuristic's or hand-made plan"
        elif not all(gap is not None and gap <= NOISE for gap in gaps):
            # Where both searches proved their optimum, no search left a change open. A
            # table read back from its CSV keeps no why.
            why[run] = table.attrs.get(SCORED_OTHERWISE, {}).get(
                run, "the objective is not known to score it as the run it is compared with"
            )
    return why


def compare_runs(
    runs: str | Path | Iterable[str | Path],
    baseline: str | Path | None = None,
    judge: bool = True,
) -> pd.DataFrame:
    """Tidy comparison: one row per run and KPI, with the baseline's value and the delta.

    `runs` is a list of paths, or one path (`compare_runs("out/sweep")`), taken as a list
    of it. A sweep's or frontier's folder is its solved variants (`runs_given`; each left out
    a warning); any other path is a run, compared as given. The baseline is `baseline`
    (a run's path, or the name of a variant of a sweep given: `named_baseline`), else
    the first run (`why_baseline`: a frontier's plan without a cap, a sweep's variant
    that changes nothing, comes first of its folder's). A run is labelled as
    `run_labels` says; a run given twice, in whatever form of its path, is compared once.
    Each row names the baseline run (`baseline_run`, as the runs are labelled, else by its
    folder's name), the scenarios and models its run and the baseline were made on and
    under (kpis.json's `scenario` and `model`), and says whether they are the baseline's,
    contents and all (`scenario_as_baseline`, `model_as_baseline`: a sweep's variant, a
    re-plan's events or an edited copy is made on other contents under the same name; None
    where a run keeps no copy; `model_changes`: the model's settings its run holds
    otherwise, `mission.total_budget`), for the reader to see deltas between missions that differ,
    and gives the independent checker's verdict on each plan and the baseline's (`judged`:
    `violations` of hard rules, None where not judged, and `verdict` in a line): a
    planner's plan or an edited run may show figures no plan within the rules reaches
    (`judge=False`: no verdict, for a run being written, whose own record it lacks). A
    run's costs in another currency than the baseline's (its scenario's, `_currency`) are
    not subtracted: their delta and delta_pct None, and a warning (`OtherCurrency`) naming
    both currencies; nor is the model's objective, where it scores a run otherwise than the
    baseline (`_scored_otherwise`; why, by run, in the table's `attrs[SCORED_OTHERWISE]`,
    no column of it). `within_gap` marks a change of a plan's figure that the
    runs' proven gaps leave open, the ranges of their best objectives overlapping
    (`within_gap`): no finding. Raises ScenarioError listing every folder without a
    readable kpis.json, every figure in one that is not a number, and every kpis.json with
    none of the figures compared (no run's)."""
    # A text is a sequence too: "out/sweep" was read a letter a run ('o', 'u', ...).
    runs = _folders_only(runs)
    named = _baseline_named(runs, baseline)
    folders = _run_folders(runs, named)
    if not folders:
        raise ValueError("no runs to compare")
    labels = run_labels(folders)
    given = _as_given(folders)  # for the messages to name each folder so
    base_given = named or next(iter(given.values()))
    base_folder = base_given.resolve()
    given.setdefault(base_folder, base_given)
    loaded = _kpis_of([base_folder, *labels], given)
    verdicts = {folder: judged(given[folder]) for folder in loaded} if judge else None
    base = _Baseline(
        base_folder,
        loaded[base_folder],
        scenario_digest(base_folder),
        model_digest(base_folder),
        run_currency(base_given),
    )
    rows = []
    otherwise = {}
    for folder, label in labels.items():
        kpis = loaded[folder]
        described = {
            # Named as the runs are, or by its folder's name as the terminal names it: it
            # need not be one of them (`--baseline`).
            "baseline_run": labels.get(base_folder, base_folder.name),
            "scenario": kpis.get("scenario"),
            "baseline_scenario": base.kpis.get("scenario"),
            # Runs of one scenario under other models differ by doctrine.
            "model": kpis.get("model"),
            "baseline_model": base.kpis.get("model"),
            # Which file each came from (None for a run written before it was recorded):
            # two of one name are told apart by their contents (`model_as_baseline`).
            "model_file": kpis.get("model_file"),
            "baseline_model_file": base.kpis.get("model_file"),
            # A re-plan answers events: the plan it replaced is no longer to be had.
            "replan": (folder / REPLAN).exists(),
            **_match_flags(folder, kpis, base),
            **_judgement(verdicts, folder, base_folder),
        }
        currency = run_currency(given[folder])
        if _in_other_currency(currency, base.currency):
            # Said at the line that called compare_runs, whose warning it is.
            problem = _other_currency(given[folder], currency, base.currency)
            warnings.warn(OtherCurrency(problem), stacklevel=2)
        if (why := _scored_otherwise(folder, described, base.folder)) is not None:
            otherwise[label] = why
        rows += _deltas(label, described, kpis, base, currency, why is None)
    counts = {key: "Int64" for key in ("violations", "baseline_violations") if judge}
    flags = ("scenario_as_baseline", "model_as_baseline", "replan", "within_gap")
    alike = {key: "boolean" for key in flags}
    table = pd.DataFrame(rows).astype(alike | counts)
    # For the terminal to say why (`unjudged_by_gaps`), the CSV as it was.
    table.attrs[SCORED_OTHERWISE] = otherwise
    return table


def dominated_by(table: pd.DataFrame) -> dict[str, str | None]:
    """Of the runs of a comparison (`compare_runs`), each one's first rival that leaves no
    more shortfall at no more cost, and less of one of them (the least short of those,
    then the cheapest); None for a run none beats, on the frontier of the two. Runs whose
    plans break a hard rule (`violations`), or whose cost is in another currency than the
    baseline's, are none of them: their figures are not a plan's to choose. A re-plan
    (`replan`) rivals only re-plans: it answers events, and the plan it replaced, which
    had "beaten" it, is no longer to be had."""
    # A sweep's index, a row per variant with its shortfall and cost, had failed on its
    # first lookup (KeyError 'kpi'), saying nothing of what to give.
    if missing := [c for c in ("run", "kpi", "value", "unit", "baseline_unit") if c not in table]:
        raise ValueError(
            "dominated_by takes compare_runs's table, a row per run and key figure; this one "
            f"has no {', '.join(missing)}: of a sweep's folder, dominated_by(compare_runs(DIR))"
        )
    alike = table[(table["kpi"] == "cost") & (table["unit"] == table["baseline_unit"])]["run"]
    fit = set(alike)
    if "violations" in table:
        fit -= set(table.loc[table["violations"].fillna(0) > 0, "run"])
    compared = table[table["run"].isin(fit) & table["kpi"].isin(["total_shortfall", "cost"])]
    wide = compared.pivot(index="run", columns="kpi", values="value")
    wide = wide.reindex(index=compared["run"].unique(), columns=["total_shortfall", "cost"])
    figures = {
        str(run): (float(short), float(cost)) for run, short, cost in wide.dropna().itertuples()
    }

    replans = set(table.loc[table["replan"].fillna(False), "run"]) if "replan" in table else set()

    def beats(one: tuple[float, float], other: tuple[float, float]) -> bool:
        no_worse = all(
            a <= b or math.isclose(a, b, rel_tol=1e-9) for a, b in zip(one, other, strict=True)
        )
        return no_worse and any(
            a < b and not math.isclose(a, b, rel_tol=1e-9) for a, b in zip(one, other, strict=True)
        )

    return {
        run: min(
            (
                rival
                for rival, theirs in figures.items()
                if (rival in replans) == (run in replans) and beats(theirs, mine)
            ),
            key=lambda rival: figures[rival],
            default=None,
        )
        for run, mine in figures.items()
    }


def statistic_of_runs(
    statistic: Callable[[Results], pd.DataFrame], runs: str | Path | Iterable[str | Path]
) -> pd.DataFrame:
    """A statistic (`forcegen.stats`', `Results -> DataFrame`) of each run, stacked under a
    leading `run` column: each run labelled as `compare_runs` labels it, a sweep's variant
    by its name (its index's `variant`, to join the settings it sets on), in the order
    `compare_runs` takes them (`runs`: run folders, or a sweep's or frontier's folder for
    the runs it solved, each left out a warning). A statistic of other arguments is given
    them first: `functools.partial(stats.idle_units, spec=...)`."""
    folders = _run_folders(_folders_only(runs, "statistic_of_runs"), None)
    if not folders:
        raise ValueError("no runs to read")
    given = _as_given(folders)  # each read, and named in its problems, as given
    frames = [
        statistic(Results.from_folder(given[folder])).assign(run=label)
        for folder, label in run_labels(folders).items()
    ]
    stacked = pd.concat(frames, ignore_index=True)
    stacked["run"] = stacked["run"].astype(WORDS)
    return stacked[["run", *stacked.columns.drop("run")]]


def _folders_only(runs: object, taker: str = "compare_runs") -> list[str | Path]:
    """The run folders `runs` gives, as a list: one path, or any iterable of them (a
    notebook's `Path.glob`, a Series); TypeError for anything else, a plan in memory (a
    Run, Results) among them, which had failed in pathlib, or as not iterable, saying
    nothing of what to give (to `taker`, the function given them)."""
    # A text is iterable too: "out/sweep" was read a letter a run ('o', 'u', ...).
    items: list[object] = [runs]
    if not isinstance(runs, str | os.PathLike) and isinstance(runs, Iterable):
        items = list(runs)
    folders: list[str | Path] = []
    for item in items:
        if isinstance(item, str):
            folders.append(item)
        elif isinstance(item, os.PathLike):
            folders.append(Path(item))
        else:
            raise TypeError(
                f"{taker} takes run folders, not {type(item).__name__}: write each "
                "plan first (run.write(folder)), and give the folders"
            )
    return folders


@dataclass(frozen=True)
class _Baseline:
    """The run a comparison is against: its folder, its kpis.json, the fingerprints of
    the scenario and model it keeps (`scenario_digest`, `model_digest`) and its scenario's
    currency (`_currency`)."""

    folder: Path
    kpis: dict[str, Any]
    scenario: str | None
    model: str | None
    currency: str


def _run_folders(runs: Sequence[str | Path], baseline: Path | None) -> list[Path]:
    """The run folders `runs` name: a sweep's or frontier's folder as its solved variants
    (`runs_given`, each left out a warning, but for a run compared all the same, or the
    `baseline`), any other path as given."""
    # A sweep's folder is its solved variants, as `compare DIR` takes it; a run named
    # itself is compared as given, whatever an index beside it says of it.
    folders: list[Path] = []
    left_out: list[Problem] = []
    for run in map(Path, runs):
        if _index_of(run) is None:
            folders.append(run)
            continue
        variants, said = runs_given([run])
        folders += variants
        left_out += said
    for problem in _not_used(left_out, [*folders, *([baseline] if baseline else [])]):
        # Said at the line that called compare_runs (two frames up), whose warning it is.
        warnings.warn(str(problem), stacklevel=3)
    return folders


def _baseline_named(runs: Sequence[str | Path], baseline: str | Path | None) -> Path | None:
    """The baseline's folder as given: the run `baseline` names (`named_baseline`); None
    where none is named, for the first run compared."""
    if baseline is None:
        return None
    base_given, unnamed = named_baseline(Path(baseline), list(map(Path, runs)))
    if unnamed:
        raise ScenarioError(unnamed)
    return base_given


def _kpis_of(folders: Sequence[Path], given: Mapping[Path, Path]) -> dict[Path, dict[str, Any]]:
    """Each folder's kpis.json, once a folder, named in problems as `given`. Raises
    ScenarioError naming every one that cannot be read or holds none of a run's figures."""
    problems, loaded = [], {}
    for folder in dict.fromkeys(folders):
        run = given[folder]
        try:
            loaded[folder] = read_kpis(run)
        except ScenarioError as exc:
            problems += [_runs_inside(run, problem) for problem in exc.problems]
            continue
        if not any(kpi in loaded[folder] for kpi in NUMERIC_KPIS):
            message = f"holds none of the figures a run writes ({', '.join(NUMERIC_KPIS[:3])}, ...)"
            problems.append(Problem(str(run / "kpis.json"), None, None, "not-a-run", message))
    if problems:
        raise ScenarioError(problems)
    return loaded


def _runs_inside(folder: Path, problem: Problem) -> Problem:
    """`problem`, where it is of `folder`'s kpis.json missing and the folder holds runs
    (rolling's `rolling` and `full`, resilience's `plan`), naming them to give instead."""
    inside = sorted(folder.glob("*/kpis.json"))
    if problem.rule != "missing-file" or problem.file != str(folder / "kpis.json") or not inside:
        return problem
    runs = " ".join(str(path.parent) for path in inside)
    message = f"{problem.message}, but holds runs: compare those ({runs})"
    return replace(problem, message=message)


def _match_flags(folder: Path, kpis: Mapping[str, Any], base: _Baseline) -> dict[str, Any]:
    """Whether the run in `folder` was made on the baseline's scenario and under its model
    (`_alike`), and the model's settings it holds otherwise (`model_changes`)."""
    same_scenario = kpis.get("scenario") == base.kpis.get("scenario")
    same_model = kpis.get("model") == base.kpis.get("model")
    return {
        "scenario_as_baseline": _alike(same_scenario, scenario_digest(folder), base.scenario),
        "model_as_baseline": _alike(same_model, model_digest(folder), base.model),
        # Which settings: a frontier's points differ by their caps alone, as they should.
        "model_changes": model_changes(folder, base.folder) if same_model else None,
    }


def _judgement(
    verdicts: Mapping[Path, tuple[int | None, str]] | None, folder: Path, base_folder: Path
) -> dict[str, Any]:
    """The checker's verdicts on the run and the baseline (`judged`); none where not judged."""
    if verdicts is None:
        return {}
    return {
        "violations": verdicts[folder][0],
        "verdict": verdicts[folder][1],
        "baseline_violations": verdicts[base_folder][0],
        "baseline_verdict": verdicts[base_folder][1],
    }


def _deltas(
    label: str,
    described: Mapping[str, Any],
    kpis: Mapping[str, Any],
    base: _Baseline,
    currency: str,
    scored_alike: bool,
) -> list[dict[str, Any]]:
    """A row per key figure of the run `label` (`described` as its every row is): its value,
    the baseline's, each in its unit, and the change; none for money in another
    currency than the baseline's (`_in_other_currency`), nor for the objective where it
    scores the runs otherwise (`scored_alike`: `_scored_otherwise`)."""
    rows = []
    apart = _in_other_currency(currency, base.currency)
    for kpi in COMPARED_KPIS:
        value, reference = kpis.get(kpi), base.kpis.get(kpi)
        unit = kpi_unit(kpi, currency)
        # 301.2M EUR less 263.7M USD had read as a rise of 37.5M, +14.2%.
        if (apart and unit == currency) or (kpi == "objective" and not scored_alike):
            delta, relative = None, None
        else:
            delta, relative = change(kpi, value, reference)
        rows.append(
            {
                "run": label,
                **described,
                "kpi": kpi,
                "unit": unit,
                "value": value,
                "baseline": reference,
                "baseline_unit": kpi_unit(kpi, base.currency),
                "delta": delta,
                "delta_pct": relative,
                # A change between plans whose searches leave open which scores better is
                # the solver's margin, not a finding.
                "within_gap": within_gap(kpi, delta, kpis, base.kpis, scored_alike),
            }
        )
    return rows


def _scored_otherwise(folder: Path, described: Mapping[str, Any], baseline: Path) -> str | None:
    """Why the model's objective may score the run in `folder` otherwise than the
    `baseline` (`described`: the run's row, of `_match_flags`), or None where it scores
    them alike: under the baseline's model by name and weights (a frontier's caps, or a
    rule made soft, leave the scale as it is: a breach is priced by a weight), and by the
    targets of its soft rules (`PRICED_TARGETS`: a cap under a soft budget prices the same
    plan otherwise), on a scenario that differs from the baseline's in none of what the
    objective weighs (`_weighed`: a sweep's ceiling, academy capacity or demand changes
    only which plans there are; a priority or a cost prices the same plan otherwise). Not
    alike where either is not known, nor where one is a re-plan: its objective weighs its
    changes to the plan it replaces (`weights.change`), which no other run's does, though
    it has no events and its scenario is the base's."""
    if folder != baseline:
        for run, whose in ((folder, "it is"), (baseline, "the baseline is")):
            if (run / REPLAN).exists():
                return (
                    f"{whose} a re-plan, whose objective weighs its changes to the plan it "
                    "replaces (weights.change)"
                )
    if (model := described["model"]) != (theirs := described["baseline_model"]):
        return f"under another model than the baseline's ({model}; the baseline's {theirs})"
    changed = _settings_changed(folder, baseline)
    if changed is None:
        return "the model it or the baseline was made under is not known (no model.yaml)"
    soft = _soft_families(folder, baseline)
    if weighed := [
        key
        for key in changed
        if key.startswith("weights.")
        or key in SCORING
        or any(family in soft for family in PRICED_TARGETS.get(key, ()))
    ]:
        return f"its model differs in what the objective weighs: {_listed(weighed)}"
    if described["scenario_as_baseline"] is True:
        return None
    cells = scenario_changes(folder, baseline)
    if cells is None:
        return "the scenario it or the baseline was made on is not known (no copy kept)"
    if weighed := [_cell_text(cell) for cell in cells if _weighed(cell, soft)]:
        return f"its scenario differs in what the objective weighs: {_listed(weighed)}"
    return None


def _cell_text(cell: tuple[str, str]) -> str:
    """A scenario's cell (`scenario_changes`' (table, column)) as a sweep's address names
    it (`settings.domestic.academy_capacity`, `nations.ceiling`), or a table's rows
    (`units (rows)`)."""
    table, column = cell
    if table == SETTINGS_FILE:
        return f"settings.{column}"
    return f"{table} {column}" if column == ROWS else f"{table}.{column}"


def _listed(names: list[str], shown: int = 4) -> str:
    """`names` in a line: the first `shown` of them, and how many more (another scenario
    altogether differs in dozens)."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def _soft_families(folder: Path, baseline: Path) -> set[str]:
    """The rule families soft under the model of either run (`rules.X`, else its
    default): their breach is priced, so what they measure it against is weighed."""
    runs = (_model_settings(folder) or {}, _model_settings(baseline) or {})
    return {
        family
        for family, hardness in _DEFAULT_HARDNESS.items()
        for settings in runs
        if settings.get(f"rules.{family}", hardness) == "soft"
    }


# The settings that say which terms the objective has, whatever the rules: an end-date
# mission's has no handover term (2,000 a region-month not handed over, by default).
SCORING = {"mission.end"}
# The settings that say how far a plan breaks a rule family (its target, how it counts):
# where the family is soft, its breach is priced (`weights.slack`), so the same plan
# scores otherwise under another of them (min_nations 1 for 3: a million less).
PRICED_TARGETS = {
    "coalition.min_nations": ("min_nations",),
    "coalition.lead_min_share": ("lead_share",),
    "coalition.max_nations_per_region": ("nations_per_region",),
    "coalition.max_nations_per_sector": ("nations_per_sector",),
    "coalition.nations_counted": ("nations_per_region", "nations_per_sector"),
    "mission.coverage_floor": ("coverage_floor",),
    "mission.total_budget": ("budget",),
}
_DEFAULT_HARDNESS = {name: field.default for name, field in Rules.model_fields.items()}

# A scenario change of which rows a table holds (other keys; of a table without one,
# another number of rows), as `scenario_changes` names it in place of a column.
ROWS = "(rows)"
# Every column of a table, and its rows.
EVERY = "*"
# The scenario's cells that say only which plans there are, read off the objective's
# terms (`model/`: objective.py and each family's `m.terms.add`). A plan, every variable
# of it as it is (tours, shortfall, recruits, strength, officers on tasks, handovers),
# scores the same under either value: its coefficients are the weights times a tour's
# cost (nations' cost_per_person_month and rotation_cost_per_person, the unit's nation
# and personnel, its months in theatre: its tour, in the horizon's fiscal years), a
# task's priority, the domestic force's cost a month (on strength, and on recruits for
# the course's months) and the handover term's region-months. Anything not named here
# (one of those, a row added, removed or renamed, a column unknown) is taken as weighed.
FEASIBLE_ONLY: dict[str, frozenset[str]] = {
    SETTINGS_FILE: frozenset(
        {
            "name",
            "description",
            "domestic.initial_strength",
            "domestic.recruits_per_month",
            "domestic.academy_capacity",
            "domestic.trainees_per_trainer",
            "domestic.attrition_per_month",
            "domestic.effectiveness",
            "domestic.tasks",
        }
    ),
    "tasks": frozenset({"name", "ends_at_handover"}),
    "regions": frozenset(
        {"name", "population", "area_km2", "border", "risk", "handed_over", "authority"}
    ),
    "nations": frozenset(
        {
            "name",
            "lead",
            "dwell_months",
            "overlap_months",
            "reserve_max_months",
            "reserve_mobilizations",
            "reserve_window_months",
            "reserve_training_months",
            "reserve_max_share",
            "ceiling",
            "join",
            "leave",
            "budget_per_year",
            "refused_tasks",
            "refused_regions",
            "max_risk",
        }
    ),
    "unit_types": frozenset({"name", "effectiveness"}),
    "units": frozenset({"type", "component", "available_from", "available_until", "dwell_months"}),
    **{table: frozenset({EVERY}) for table in ("demand", "ceilings", "budgets")},
    **{table: frozenset({EVERY}) for table in ("unavailable", "caveats", "academy")},
}
# Of those, the cells a soft rule family measures its breach by (its target, or what
# it counts): where the family is soft in either run, its breach is priced
# (`weights.slack`), so the same plan scores otherwise (a ceiling of 900 for 1,000 under
# a soft ceiling: a breach of 100 a month, at a million each). A reserve's training
# months are counted with the families that count personnel: which months a nation's
# reserves count in is the rule's.
PRICED_CELLS: dict[str, frozenset[tuple[str, str]]] = {
    "ceiling": frozenset(
        {("nations", "ceiling"), ("ceilings", EVERY), ("nations", "reserve_training_months")}
    ),
    "budget": frozenset({("nations", "budget_per_year"), ("budgets", EVERY)}),
    "reserve_share": frozenset(
        {
            ("nations", "reserve_max_share"),
            ("units", "component"),
            ("nations", "reserve_training_months"),
        }
    ),
    "lead_share": frozenset({("nations", "lead"), ("nations", "reserve_training_months")}),
    "nations_per_sector": frozenset({("regions", "authority")}),
    # The floor is a share of each cell's demand.
    "coverage_floor": frozenset({("demand", EVERY)}),
}


def _weighed(cell: tuple[str, str], soft: set[str]) -> bool:
    """Whether the objective weighs a scenario's `cell` (`scenario_changes`' (table,
    column)): the same plan scores otherwise under another value of it, where the rule
    families in `soft` are soft (`FEASIBLE_ONLY`, `PRICED_CELLS`)."""
    table, column = cell
    feasible = FEASIBLE_ONLY.get(table, frozenset())
    if column not in feasible and EVERY not in feasible:
        return True
    return any(
        (table, column) in PRICED_CELLS[family] or (table, EVERY) in PRICED_CELLS[family]
        for family in soft & PRICED_CELLS.keys()
    )


def scenario_changes(run: Path, baseline: Path) -> list[tuple[str, str]] | None:
    """The cells of the scenario `run` keeps (`RUN/scenario`) that the baseline's holds
    otherwise, as (table, column), in order: (`scenario.yaml`, `domestic.academy_capacity`)
    for a setting, (`nations`, `ceiling`) for a column of a table, (`demand`, `ROWS`) where
    a table holds other rows (other keys; of a table without one, another number of rows
    that only one of them holds, compared row by row where each holds as many, in their
    order, so that the same rows sorted otherwise are no change). Read as the scenario is
    loaded, so a default and the figure it stands for are one. None where either keeps no
    scenario or one that cannot be read."""
    mine, theirs = _kept_scenario(run), _kept_scenario(baseline)
    if mine is None or theirs is None:
        return None
    settings = dict(flat_settings(mine)), dict(flat_settings(theirs))
    changes = {
        (SETTINGS_FILE, key)
        for key in settings[0].keys() | settings[1].keys()
        if settings[0].get(key) != settings[1].get(key)
    }
    for spec in TABLES:
        rows = [_rows_by_key(spec, getattr(scenario, spec.name)) for scenario in (mine, theirs)]
        if not spec.key:
            rows = _unshared(rows)
        if rows[0].keys() != rows[1].keys():
            changes.add((spec.name, ROWS))
            continue
        changes |= {
            (spec.name, column)
            for key, row in rows[0].items()
            for column in row.keys() | rows[1][key].keys()
            if row.get(column) != rows[1][key].get(column)
        }
    return sorted(changes)


def _rows_by_key(spec: TableSpec, records: Sequence[Any]) -> dict[Any, dict[str, Any]]:
    """A table's rows, each by its columns, by its key's cells (by its place in the table
    where it has no key)."""
    rows = [record.model_dump(by_alias=True) for record in records]
    if not spec.key:
        return dict(enumerate(rows))
    return {tuple(row[column] for column in spec.key): row for row in rows}


def _unshared(tables: list[dict[Any, dict[str, Any]]]) -> list[dict[Any, dict[str, Any]]]:
    """Two tables without a key (`_rows_by_key`), each less the rows the other holds too
    (as often as it does), numbered again in their order: a planner who sorts demand.csv
    in a spreadsheet has changed no row of it."""

    def written(row: dict[str, Any]) -> str:
        return repr(sorted(row.items()))

    both = Counter(map(written, tables[0].values())) & Counter(map(written, tables[1].values()))
    unshared = []
    for table in tables:
        left = both.copy()
        rows = []
        for row in table.values():
            if left[written(row)] > 0:
                left[written(row)] -= 1
            else:
                rows.append(row)
        unshared.append(dict(enumerate(rows)))
    return unshared


def _kept_scenario(run: Path) -> Scenario | None:
    """The scenario a run keeps a copy of (`RUN/scenario`), loaded; None for a run
    without one, or one that cannot be read."""
    try:
        return _loaded(run / "scenario", scenario_digest(run))
    except ScenarioError:
        return None


@functools.lru_cache(maxsize=32)
def _loaded(folder: Path, digest: str | None) -> Scenario | None:
    """The scenario in `folder`, loaded once for its contents (`digest`): a sweep's runs
    are each compared with one baseline."""
    return None if digest is None else load_scenario(folder, warn=False)


def _alike(named_alike: bool, mine: str | None, baseline: str | None) -> bool | None:
    """Whether a run's scenario (or model) is the baseline's: not where named otherwise,
    else whether its contents are (a variant's, a re-plan's, an edited copy's are not;
    for a model, its rules, weights and settings), None where either run keeps none."""
    if not named_alike:
        return False
    return None if None in (mine, baseline) else mine == baseline


def _in_other_currency(currency: str, baseline: str) -> bool:
    """Whether a run's costs are in another currency than the baseline's, both known
    (`_currency`); where either is not (a run that keeps no scenario), taken as one."""
    return "" not in (currency, baseline) and currency != baseline


class OtherCurrency(UserWarning):
    """A run compared counts its costs in another currency than the baseline's: they are
    not subtracted (`_deltas`). `problem`: the same, as the CLI lists problems."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _other_currency(run: Path, currency: str, baseline: str) -> Problem:
    """The warning that the run in `run` counts its costs in `currency`, not in the
    baseline's `baseline`."""
    message = (
        f"its costs are in {currency}, the baseline's in {baseline}: not subtracted "
        "(delta and delta_pct blank)"
    )
    return Problem(str(run), None, None, "other-currency", message, severity="warning")


def run_currency(run: Path) -> str:
    """The currency of the scenario a run keeps a copy of (its scenario.yaml's, by default
    USD as the schema's), read alone: "" (unknown) where it cannot be read."""
    try:
        text = (run / "scenario" / SETTINGS_FILE).read_text(encoding="utf-8")
        settings = parse_yaml(text, SETTINGS_FILE)[0]
    except (OSError, UnicodeDecodeError, ScenarioError):
        return ""
    default = Settings.model_fields["currency"].default
    return str(settings.get("currency") or default) if isinstance(settings, dict) else ""


def run_labels(runs: Sequence[str | Path]) -> dict[Path, str]:
    """Each run folder, by its resolved path (a folder given twice, in whatever form,
    once), and its label: the folder's name as first given (a link's, not its target's),
    or as many of its path's last parts as tell the runs apart (`s1/plan`, `s2/plan`)."""
    # Absolute, so that `plan` and `/runs/s1/plan` are labelled alike.
    given = {
        folder: Path(os.path.normpath(run.absolute())) for folder, run in _as_given(runs).items()
    }
    depth = 1
    while len({path.parts[-depth:] for path in given.values()}) < len(given):
        depth += 1
    return {folder: "/".join(path.parts[-depth:]) for folder, path in given.items()}


def _as_given(runs: Sequence[str | Path]) -> dict[Path, Path]:
    """Each run folder by its resolved path, as it was first given."""
    given: dict[Path, Path] = {}
    for run in map(Path, runs):
        given.setdefault(run.resolve(), run)
    return given


def point_name(share: float) -> str:
    """A frontier point's variant (and run folder): its share to 12 figures, so no float
    noise (0.1 * 3) shows, and two shares alike to 12 figures are one point."""
    return f"budget-{float(share):.12g}"


# A frontier point's cap, as its variant sets it, and the index's column of it.
BUDGET = "model.mission.total_budget"
CAP = f"set:{BUDGET}"


def frontier_sweep(
    scenario: Path,
    model: str,
    spec: ModelSpec,
    reference_cost: float,
    shares: list[float],
    solver: dict[str, Any],
) -> SweepSpec:
    """Epsilon-constraint on the budget: one variant per cap, a share of a reference cost."""
    variants = [
        Variant(
            name=point_name(share),
            set={BUDGET: round(share * reference_cost, 2)},
        )
        for share in shares
    ]
    return SweepSpec(
        name=f"frontier-{spec.name}",
        scenario=scenario,
        model=model,
        solver=solver,
        variants=variants,
    )


def frontier_as_kept(
    scenario: Path, model: str, out: Path, shares: list[float], solver: dict[str, Any]
) -> SweepSpec:
    """A frontier's runs in `out` as a sweep of their inputs now, known before its
    reference's solve sets the caps (for `other_inputs`, which names the runs solved
    again): the reference's without the model's own cap, and each point's under the cap
    its run keeps. A reference of the same inputs costs the same, and gives its points the
    same caps; one of other inputs is named, and its points with it, the scenario's or the
    model's edit theirs too. A point whose model.yaml cannot be read is none: never run,
    or no run whole, solved again as every such one is."""
    variants = [Variant(name=REFERENCE, set={BUDGET: None})]
    for name in map(point_name, shares):
        try:
            kept = load_spec(out / name / "model.yaml").mission.total_budget
        except ScenarioError:
            continue
        variants.append(Variant(name=name, set={BUDGET: kept}))
    return SweepSpec(
        name="frontier", scenario=scenario, model=model, solver=solver, variants=variants
    )


def beaten_by(table: pd.DataFrame, reference: Mapping[str, Any] | None = None) -> list[str]:
    """For each point of a frontier (`table`: `run_sweep`'s index of `frontier_sweep`'s
    points, with `objective`), the point of a lower cap whose plan scores better by the
    model's objective ("" for none). Its plan costs less than its own cap, so it fits
    under this one's: the search stopped short of a plan the cap allows, and the point
    lies above the frontier (a longer time limit may close it). The plan without a cap
    (`reference`: its kpis, `REFERENCE`'s) is one too, under the caps its cost fits.
    ValueError for a table without objectives (frontier.csv, which has its `beaten_by`)."""
    if "objective" not in table:
        raise ValueError(
            "beaten_by judges each point by its plan's objective, which this table has not "
            "(frontier.csv, whose beaten_by column says it already): give run_sweep's index "
            "of the points (DIR/index.parquet)"
        )
    cap = _caps(table).astype(float)
    solved = table["status"] == "solved"
    candidates = table.loc[solved, ["variant", "objective"]].assign(cost=cap[solved])
    if reference is not None and reference.get("objective") is not None:
        free = {
            "variant": REFERENCE,
            "objective": float(reference["objective"]),
            "cost": float(reference["international_cost"]),
        }
        candidates = pd.concat([candidates, pd.DataFrame([free])], ignore_index=True)
    found = []
    for i in table.index:
        # A lower cap's plan fits under this one (its cost is at most its cap, below this);
        # the reference's, where its own cost is within this cap.
        fits = (candidates["cost"] < cap[i]) | (
            (candidates["variant"] == REFERENCE) & (candidates["cost"] <= cap[i] * (1 + 1e-9))
        )
        own = table.at[i, "objective"]
        better = candidates[fits & _scores_better(candidates["objective"], own)]
        best = better.loc[better["objective"].idxmin(), "variant"] if len(better) else ""
        found.append(str(best) if solved[i] else "")
    return found


def reference_beaten_by(table: pd.DataFrame, reference: Mapping[str, Any]) -> str:
    """The point of a frontier (`table`, as `beaten_by` takes it) whose plan scores best by
    the model's objective, where it scores better than the plan without a cap
    (`reference`: its kpis), which every plan fits under; "" for none. The caps are shares
    of that plan's cost: its search stopped short, and a longer time limit may lower it."""
    objective = reference.get("objective")
    solved = table[(table["status"] == "solved") & table["objective"].notna()]
    if objective is None or solved.empty:
        return ""
    best = solved.sort_values("objective").iloc[0]
    return str(best["variant"]) if _scores_better(best["objective"], objective) else ""


def _scores_better(objective: Any, than: Any) -> Any:
    """Whether `objective` (a figure, or a Series of them) is lower than `than` by more
    than the solver's noise (`NOISE`): two optimal plans of one objective, to 1e-15 apart,
    had each been said to beat the other's search, stopped short."""
    return objective < float(than) - NOISE * max(1.0, abs(float(than)))


def frontier_figure(
    table: pd.DataFrame, currency: str, reference: Mapping[str, Any] | None = None
) -> Any:
    """Shortfall against cost, and regions handed over against cost, along the frontier
    (`table`: the index `run_sweep` gives of `frontier_sweep`'s points, or frontier.csv),
    each point named by its cap's share (its variant) and, on hover, its cap; costs in
    `currency` (the scenario's: asked for, since neither table says it, and a cost axis
    without its unit is no figure to read). A point another plan within its cap beats
    (`beaten_by`, frontier.csv's or worked out from the index's `objective`) lies above
    the frontier: marked apart, off its line. The plan without a cap (`reference`: its
    kpis) is a point of its own."""
    from plotly.subplots import make_subplots  # not at import: sweep workers never plot

    cap = _caps(table)
    solved, free = _frontier_points(table, cap, reference)
    figure = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("Security shortfall against cost", "Handover against cost"),
    )
    _frontier_traces(figure, solved, free, f" {currency}")
    _frontier_layout(figure, table, cap, currency)
    return figure


def _caps(table: pd.DataFrame) -> pd.Series:
    """Each frontier point's cap: frontier.csv's `budget_cap`, else as run_sweep's index
    holds it, as its variant set it."""
    return table["budget_cap"] if "budget_cap" in table else table[CAP]


def _frontier_points(
    table: pd.DataFrame, cap: pd.Series, reference: Mapping[str, Any] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The frontier's solved points by cost, each with its `cap` and the plan that beats it
    (`beaten_by`, "" for none), and the plan without a cap (`reference`), a row or none."""
    if "beaten_by" in table:
        above = table["beaten_by"].fillna("").astype(str)
    elif "objective" in table:
        above = pd.Series(beaten_by(table, reference), index=table.index)
    else:  # no objective to judge by: every point taken as the search left it
        above = pd.Series("", index=table.index)
    # Set before the solved are picked: on an empty frame, assign takes a column's rows.
    solved = table.assign(beaten_by=above, cap=cap)
    solved = solved[solved["status"] == "solved"].sort_values("international_cost")
    figures = ["international_cost", "total_shortfall", "regions_handed_over"]
    free = pd.DataFrame(columns=["variant", *figures, "beaten_by"])
    if reference is not None and reference.get("international_cost") is not None:
        # Every plan fits where there is no cap: a point's that scores better beats it, its
        # search stopped short (the terminal said so, yet the line had ended at its star).
        better = reference_beaten_by(table, reference) if "objective" in table else ""
        free.loc[0] = [REFERENCE, *(reference.get(figure) for figure in figures), better]
    return solved, free


def _frontier_traces(figure: Any, solved: pd.DataFrame, free: pd.DataFrame, money: str) -> None:
    """Each panel's marks: the frontier's line, the points above it and the plan without a
    cap, named on the first panel and, on hover, with their caps."""
    # The frontier's line through the points no plan within their cap beats; those apart.
    # The plan without a cap ends the line where none beats it: no cap is the costliest
    # point of the frontier (with shares up to 1 it was left alone beside the others').
    line = pd.concat(
        [solved[solved["beaten_by"] == ""], free[free["beaten_by"] == ""]], ignore_index=True
    )
    beaten_free = " (a capped plan scores better)" if (free["beaten_by"] != "").any() else ""
    parts: tuple[tuple[str, pd.DataFrame, str, dict[str, Any]], ...] = (
        ("", line.sort_values("international_cost"), "lines+markers", {}),
        (
            "above the frontier (a plan within its cap scores better)",
            solved[solved["beaten_by"] != ""],
            "markers",
            {"symbol": "x-open", "size": 11, "color": "#d62728"},
        ),
        (
            f"plan without a cap{beaten_free}",
            free,
            "markers",
            {"symbol": "star", "size": 14, "color": "#222"},
        ),
    )
    positions = _name_positions(
        pd.concat(
            [
                points.assign(name=_point_names(points, "total_shortfall", what))
                for what, points, _, _ in parts
            ]
        )
    )
    for column, name, col in (
        ("total_shortfall", "shortfall", 1),
        ("regions_handed_over", "regions handed over", 2),
    ):
        for what, points, mode, marker in parts:
            if points.empty:
                continue
            figure.add_scatter(
                x=points["international_cost"],
                y=points[column],
                # Named on the first panel; the second's points lie at the same costs, and
                # named again, close along a line of few values, they ran into each other.
                mode=f"{mode}+text" if col == 1 else mode,
                text=_point_names(points, column, what),
                # A point named together with another on its spot has no name of its own.
                textposition=[
                    positions.get(variant, "top center") for variant in points["variant"]
                ],
                customdata=_hover_lines(points, money),
                hovertemplate=(
                    f"%{{customdata[0]}}<br>spent %{{x:,.0f}}{money}<br>{name} %{{y:,.0f}}"
                    "%{customdata[1]}<extra></extra>"
                ),
                # A mark apart said once in the legend, for both panels.
                name=what or name,
                legendgroup=what or name,
                showlegend=col == 1 or not what,
                marker=marker,
                row=1,
                col=col,
            )


def _point_names(points: pd.DataFrame, column: str, what: str) -> list[str]:
    """The names written beside a part's points (`what`: "" for the frontier's line)."""
    # The plan without a cap named by its star, not again on the line, nor with the cap
    # whose plan is on its spot ("budget-1, unconstrained" had been written beside the
    # star's "unconstrained").
    named = points[(points["variant"] != REFERENCE) | (what != "")]
    names = dict(zip(named.index, _named_once(named, column), strict=True))
    return [names.get(i, "") for i in points.index]


def _name_positions(named: pd.DataFrame) -> dict[str, str]:
    """Where each point's name (`named`: the points of every part, each with its `name`, ""
    for none) is written beside it, by its variant: above it, or below where a name near it
    is above already, and beside it where both are taken."""
    named = named[named["name"] != ""].sort_values("total_shortfall", ascending=False)
    costliest = named["international_cost"].max()
    # Names near each other ran one over the other (budget-0.8 and budget-1, both 182.8M,
    # 20 short apart): a name is about a fifth of a panel wide and a twentieth high, its
    # axes from zero.
    wide, high = 0.2 * costliest, 0.05 * named["total_shortfall"].max()
    written: list[tuple[float, float, str]] = []
    positions = {}
    for variant, cost, short in zip(
        named["variant"], named["international_cost"], named["total_shortfall"], strict=True
    ):
        near = {at for c, s, at in written if abs(c - cost) <= wide and abs(s - short) <= high}
        # The plan without a cap's below first: a cap's plan may be the same.
        first = ("bottom", "top") if variant == REFERENCE else ("top", "bottom")
        at = next((at for at in first if at not in near), "middle")
        written.append((cost, short, at))
        # Names near the costliest point's to their left: centred, the plot's edge or the
        # next panel cut them; one beside its point to its right, off the point.
        side = " left" if cost >= 0.85 * costliest else " right" if at == "middle" else " center"
        positions[variant] = at + side
    return positions


def _frontier_layout(figure: Any, table: pd.DataFrame, cap: pd.Series, currency: str) -> None:
    """The frontier's axes from zero in their units, its legend, and its title, naming the
    caps without a plan."""
    from forcegen.plots import TEMPLATE  # not at import: sweep workers never plot

    # Each point's cost is what its plan spent, under its cap (frontier.csv has both).
    figure.update_xaxes(title_text=f"international cost spent ({currency})")
    # From zero: a frontier drawn from its lowest point reads as a steeper trade than it is
    # (and a frontier of one point had an axis of a few currency units around it).
    figure.update_yaxes(rangemode="tozero")
    figure.update_xaxes(rangemode="tozero")
    figure.update_yaxes(title_text="effective person-months short", row=1, col=1)
    figure.update_yaxes(title_text="regions handed over", dtick=1, row=1, col=2)
    # Below the panels: at their side, the legend's lines narrowed them.
    figure.update_layout(template=TEMPLATE, legend={"orientation": "h", "y": -0.2})
    # Saved or mailed alone, the figure had no title unless a cap had no plan.
    title = f"Budget frontier: shortfall and handover against the cost of tours ({currency})"
    # A cap without a plan is no point of the frontier, but a reader of the figure alone
    # should know the frontier stops short of it.
    unsolved = table[table["status"] != "solved"]
    if len(unsolved):
        caps = ", ".join(
            f"{value:,.0f} ({status})"
            for value, status in sorted(zip(cap[unsolved.index], unsolved["status"], strict=True))
        )
        title += f"<br><sup>No plan under the cap of {caps}: not drawn</sup>"
    figure.update_layout(title_text=title)


def _named_once(points: pd.DataFrame, column: str) -> list[str]:
    """Each point's name, points on one spot (caps that found the same plan) named once,
    together: written one over the other, neither could be read."""
    spot = points.groupby(["international_cost", column], sort=False)["variant"]
    together = spot.transform(", ".join)
    return together.where(~points.duplicated(["international_cost", column]), "").tolist()


def _hover_lines(points: pd.DataFrame, money: str) -> list[list[str]]:
    """What a point's hover says of it beside its figures: its cap (none for the plan
    without one), and the plan that beats it, if one does."""
    lines = []
    for point in points.to_dict("records"):
        cap = point.get("cap")
        capped = "no cap" if cap is None or pd.isna(cap) else f"cap {cap:,.0f}{money}"
        by = point.get("beaten_by") or ""
        fits = "it fits this cap and scores better" if capped != "no cap" else "it scores better"
        beaten = f"<br>beaten by {by}: {fits}, so the search stopped short" if by else ""
        lines.append([f"{point['variant']}: {capped}", beaten])
    return lines


# A key figure's unit is wrapped at this many characters: within its chart's width, and
# in the terminal's table a column no wider, which leaves the runs' figures room.
UNIT_LINE = 26
LEGEND_LINE = 24  # pixels: a line of the legend


def comparison_figure(table: pd.DataFrame) -> Any:
    """One bar chart per KPI: each run's value, the baseline's marked, for a glance at
    deltas (`table`: `compare_runs`'). A value the comparison does not subtract from the
    baseline's (a cost in another currency) has no bar, but a label saying so."""
    from plotly.subplots import make_subplots  # not at import: sweep workers never plot

    if missing := {"run", "kpi", "value"} - set(table.columns):
        # A sweep's index, a run a row, had failed as a KeyError of `kpi` alone.
        raise ValueError(
            f"comparison_figure takes compare_runs' table, a row per run and key figure "
            f"(without {', '.join(sorted(missing))}): comparison_figure(compare_runs(DIR))"
        )
    # The planners' figures, not the model's objective: bars of runs it scores otherwise (a
    # model's weights, a variant's priorities) would stand side by side as on one scale.
    # A figure no run's kpis.json holds has no chart; the gap always has one: it is none
    # where no bound was proven, the usual case at a short time limit, and had gone unsaid.
    values = {k: table.loc[table["kpi"] == k, "value"] for k in NUMERIC_KPIS}
    kpis = [k for k, v in values.items() if len(v) and (k == "gap" or v.notna().any())]
    # Both figures there and no delta: not subtracted (`_deltas`), so not drawn against
    # the baseline's line either, where 301.2M EUR had stood level with 263.7M USD.
    both = table["value"].notna() & table["baseline"].notna()
    # A change the runs' proven gaps leave open is labelled so at its bar, as the terminal
    # marks it: bars of 503 and 500 read as the variant's effect.
    in_gap = table.get("within_gap", pd.Series(False, index=table.index))
    table = table.assign(apart=both & table["delta"].isna(), in_gap=in_gap.fillna(False))
    columns = 3
    rows = -(-len(kpis) // columns)
    # Room between the charts for the tick labels of the one on the right (40.0%, 300k),
    # which at plotly's default ran into the bars of the one on the left.
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=_chart_titles(table[~table["apart"]], kpis),
        vertical_spacing=0.5 / rows,
        horizontal_spacing=0.1,
    )
    marks, named = _run_marks(table), _run_names(table)
    for i, kpi in enumerate(kpis):
        chart = {"row": i // columns + 1, "col": i % columns + 1}
        _kpi_chart(figure, table[table["kpi"] == kpi], kpi, marks, named, i == 0, chart)
    baseline = table["baseline_run"].iloc[0] if len(table) else "baseline"
    _comparison_layout(figure, rows, len(named), baseline)
    return figure


def _chart_titles(table: pd.DataFrame, kpis: list[str]) -> list[str]:
    """Each chart's title: its key figure, and under it the unit the runs drawn share."""
    # Each chart in what it counts: bare keys left a brief's reader to guess the units.
    units = shared_units(table)
    # The unit on lines of its own, smaller: on one line the titles of charts side by side
    # ran into each other in a notebook's width and in a static image's 700 pixels.
    return [
        "<br>".join([k, *(f"<sup>{line}</sup>" for line in textwrap.wrap(units[k], UNIT_LINE))])
        if units.get(k)
        else k
        for k in kpis
    ]


def shared_units(table: pd.DataFrame) -> dict[str, str]:
    """Each key figure's unit where the rows of `table` (`compare_runs`') share one, as a
    chart's title and the terminal's table name it; "" where they do not (costs in two
    currencies), which names none: each figure then says its own."""
    if "unit" not in table:
        return {}
    shared = table.groupby("kpi")["unit"].agg(lambda u: u.iloc[0] if u.nunique() == 1 else "")
    return {str(kpi): str(unit) for kpi, unit in shared.items()}


# Bars' patterns, none first: a run beyond the palette's colours is told apart by its
# pattern, the colour of an earlier run's filled so.
PATTERNS = ("", "/", "\\", "x", "-", "|", "+", ".")


def _run_marks(table: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """A bar's colour and pattern per run, the same in every chart: a colour per chart
    would mean nothing. Each run its own colour (`RUN_PALETTE`); beyond them, one of an
    earlier run's in a pattern of its own, and beyond those too, patterns over again."""
    from forcegen.plots import RUN_PALETTE  # not at import: sweep workers never plot

    colours = len(RUN_PALETTE)
    return {
        run: {
            "color": RUN_PALETTE[i % colours],
            "pattern": {"shape": PATTERNS[i // colours % len(PATTERNS)]},
        }
        for i, run in enumerate(table["run"].unique())
    }


def _run_names(table: pd.DataFrame) -> dict[str, str]:
    """Each run's name in the legend, with the checker's verdict where it is not clean."""
    # A run's figures beside others read as a plan that may be carried out: the legend
    # says where one breaks a hard rule or could not be judged (`judged`).
    runs = table.drop_duplicates("run")
    return {
        run: f"{run} (not judged)"
        if pd.isna(count)
        else f"{run} (breaks hard rules)"
        if count
        else run
        for run, count in zip(runs["run"], runs["violations"], strict=True)
    }


def _kpi_chart(
    figure: Any,
    part: pd.DataFrame,
    kpi: str,
    marks: Mapping[str, Mapping[str, Any]],
    named: Mapping[str, str],
    first: bool,
    chart: dict[str, int],
) -> None:
    """A key figure's chart (`part`: its rows of the table): a bar a run, in the legend on
    the `first` chart only, and the baseline's value dotted across them."""
    # A bar a run, named in one legend: run names under every chart's bars, turned
    # to fit, ran into the titles of the charts below.
    for run, value, unit, apart, in_gap in zip(
        part["run"], part["value"], part["unit"], part["apart"], part["in_gap"], strict=True
    ):
        height, label = _bar(value, unit, apart, bool(in_gap))
        figure.add_bar(
            x=[run],
            y=[height],
            text=[label],
            textposition="outside",
            marker=marks[run],
            name=named[run],
            legendgroup=run,
            showlegend=first,
            **chart,
        )
    baseline = part["baseline"].iloc[0]
    if pd.notna(baseline):
        figure.add_hline(y=baseline, line_dash="dot", **chart)
    if is_share(kpi):  # as the report and the workbook show a share
        figure.update_yaxes(tickformat=".1%", **chart)
    # A count's ticks whole: on a chart up to 2 regions plotly's own read 0.5 and 1.5 of one
    # (from 10 up its steps are whole).
    if kpi in COUNTS and pd.concat([part["value"], part["baseline"]]).max() < 10:
        figure.update_yaxes(dtick=1, **chart)


def _bar(value: float, unit: str, apart: bool, in_gap: bool = False) -> tuple[float, str]:
    """A run's bar on a key figure's chart: its height, and the label written at it where
    the bar does not show the value: none, zero, or one in another unit than the
    baseline's (`apart`), not compared; or where its change from the baseline's is within
    the runs' proven gaps (`in_gap`: `within_gap`), no finding."""
    if apart:
        return 0.0, f"in {unit},<br>not compared"
    if in_gap and pd.notna(value) and value != 0:
        return value, "within<br>the gaps"
    # No bar reads as no figure: a run without one (a gap with no bound) says "none", and a
    # figure of zero says 0, where a chart of no domestic cost in any run had been empty.
    if pd.isna(value):
        return 0.0, "none"
    return value, "0" if value == 0 else ""


def _comparison_layout(figure: Any, rows: int, runs: int, baseline: str) -> None:
    """The charts' axes, and the figure's size, title (naming the `baseline` run, which
    need not be among those drawn) and legend of its `runs`."""
    from forcegen.plots import TEMPLATE  # not at import: sweep workers never plot

    figure.update_xaxes(showticklabels=False)
    # A figure of zero in every run is an axis from zero, not one around it (-1..1).
    figure.update_yaxes(rangemode="nonnegative")
    # The legend under the charts, not beside them: there, long variant names took two
    # fifths of a static image's width from the charts. The figure grows by a line a run,
    # the most its legend can take, so that the charts keep their height. The top margin
    # holds the figure's title above the first charts' titles, three lines with a unit.
    figure.update_layout(
        height=280 * rows + LEGEND_LINE * runs,
        title=f"KPIs by run (dotted: {baseline})",
        template=TEMPLATE,
        barmode="group",
        margin={"l": 60, "r": 30, "t": 150},
        legend={
            "orientation": "h",
            "x": 0,
            "y": -0.02,
            "yanchor": "top",
            "title": {"text": "run", "side": "top left"},
        },
    )
