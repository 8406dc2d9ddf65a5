"""Sweeps: overrides by name, local and Dask executors agree, failures recorded, resume."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Generator
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import psutil
import pytest
import yaml
from typer.testing import CliRunner

from forcegen import load_scenario
from forcegen.cli import app
from forcegen.run import NoPlan
from forcegen.scenario.problems import ScenarioError, ScenarioWarning, errors
from forcegen.scenario.schema import Ceiling
from forcegen.spec import MODELS_DIR, load_spec
from forcegen.stats import Results, kpi_unit
from forcegen.sweep import runner
from forcegen.sweep.compare import (
    CAP,
    NUMERIC_KPIS,
    beaten_by,
    change,
    compare_runs,
    comparison_figure,
    frontier_as_kept,
    frontier_sweep,
)
from forcegen.sweep.runner import Job, run_sweep, run_variant
from forcegen.sweep.spec import (
    HASH_FILE,
    INDEX,
    BadOverrides,
    SweepSpec,
    Value,
    Variant,
    _apply_number,
    _overlap,
    apply_overrides,
    inputs_hash,
    judged_alone,
    load_sweep,
    read_sweep,
)
from tests.cells import number, series
from tests.conftest import TIMOR, TINY, edit, forcegen_in_its_own_session

# Tiny's 2 nations under security-keeping's min_nations of 3: the model's warning before the
# solve, said once by a sweep of tiny as `solve` says it, at its line in the model file.
SHORT = ("security-keeping.yaml", 15, "coalition.min_nations", "short-of-nations")


def _sweep() -> SweepSpec:
    return SweepSpec(
        name="t",
        scenario=TINY,
        solver={"time_limit": 20, "gap": 0},
        variants=[Variant(name="base"), Variant(name="broken", set={"nations.AAA.ceiling": 900})],
        grid={"settings.domestic.academy_capacity": [50, 100]},
    )


def _occupied(out: Path) -> Path:
    """`out` with a file where each `broken` variant's run folder goes: those runs fail
    as they are written, past every check before them."""
    out.mkdir()
    for capacity in (50, 100):
        (out / f"broken-academy_capacity={capacity}").write_text("a planner's file\n")
    return out


def test_overrides_address_settings_cells_and_model() -> None:
    spec = load_spec("security-keeping")
    scenario, changed, options = apply_overrides(
        load_scenario(TINY),
        spec,
        spec.solver,
        {
            "settings.domestic.academy_capacity": 7,
            "nations.*.cost_per_person_month": {"scale": 2},
            "nations.BBB.leave": "2000-10",
            "model.coalition.max_nations_per_region": 1,
            "solver.time_limit": 5,
        },
    )
    assert scenario.settings.domestic.academy_capacity == 7
    assert [n.cost_per_person_month for n in scenario.nations] == [2000, 2400]
    assert scenario.nation_by_code["BBB"].leave == "2000-10"
    assert changed.coalition.max_nations_per_region == 1
    assert options.time_limit == 5
    # A whole number scaled stays whole, a half rounded up: AAA's ceiling of 1,000 and
    # BBB's of 300 at 0.0005 and 0.005 are 0.5 and 1.5, so 1 and 2 (halves to even gave 0).
    halves = {"nations.AAA.ceiling": {"scale": 0.0005}, "nations.BBB.ceiling": {"scale": 0.005}}
    scenario, _, _ = apply_overrides(load_scenario(TINY), spec, spec.solver, halves)
    assert [n.ceiling for n in scenario.nations] == [1, 2]
    # 300 x 0.205 is 61.49999999999999 as a float: a half all the same.
    noisy = {"nations.BBB.ceiling": {"scale": 0.205}}
    scenario, _, _ = apply_overrides(load_scenario(TINY), spec, spec.solver, noisy)
    assert scenario.nation_by_code["BBB"].ceiling == 62


def test_a_caveat_list_in_another_order_is_the_same_inputs(tmp_path: Path) -> None:
    """A caveat is a set: two orders of one list, or a task named twice, had been three
    variants of other inputs, solved apart to other plans (an analyst's finding). Refused
    as the same inputs, and one hash a run keeps: a resume of the variant written in
    another order finds its run (`test_a_caveat_list_reordered_on_a_resume_is_reused`)."""
    caveats = [
        "public_order;aid_escort",
        "aid_escort, public_order",
        "aid_escort;public_order;aid_escort",
    ]
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\ngrid:\n  nations.BBB.refused_tasks: {json.dumps(caveats)}\n",
    )
    sweep, said = read_sweep(spec_file)
    assert sweep is None
    assert [p.rule for p in errors(said)] == ["same-inputs", "same-inputs"], said
    spec = load_spec("security-keeping")
    hashes = {
        inputs_hash(
            *apply_overrides(
                load_scenario(TINY), spec, spec.solver, {"nations.BBB.refused_tasks": c}
            )
        )
        for c in caveats
    }
    assert len(hashes) == 1


def _said_solved_again_after_a_demand_edit(
    tmp_path: Path, command: list[str], out: Path, names: str
) -> str:
    """What `command` (a sweep or frontier into `out`, on the scenario tmp_path/base) says,
    run again after a demand cell was edited: once, that its two runs `names` are solved
    again, for another scenario."""
    assert CliRunner().invoke(app, command).exit_code == 0
    edit(tmp_path / "base" / "demand.csv", "2000-12,300", "2000-12,320")
    result = CliRunner().invoke(app, command)
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert said.count("[solved-again]") == 1, said
    assert (
        f"[solved-again] 2 run(s) in {out} of other inputs, solved again and replaced (a run's "
        "inputs are its scenario, model and solver options; another --out keeps them): 2 of "
        f"another scenario (its files edited since, or the variant's values): {names}"
    ) in said, said
    return said


def test_a_run_of_a_scenario_or_model_edited_since_is_said_before_it_is_solved_again(
    tmp_path: Path,
) -> None:
    """Run again into the same folder after the scenario or model was edited, every run
    of other inputs was solved again and replaced without a word (only other solver
    options were said): said once, before anything runs, with how many and why, each as
    the copies the run keeps show it; a run of the same inputs is not named."""
    shutil.copytree(TINY, tmp_path / "base")
    shutil.copy(MODELS_DIR / "security-keeping.yaml", tmp_path / "m.yaml")
    spec_file = _sweep_file(
        tmp_path,
        "name: s\nscenario: base\nmodel: m.yaml\nsolver: {time_limit: 10}\nvariants:\n"
        "  - name: plain\n  - {name: more, set: {settings.domestic.academy_capacity: 150}}\n",
    )
    out = tmp_path / "o"
    command = ["sweep", str(spec_file), "--out", str(out)]
    _said_solved_again_after_a_demand_edit(tmp_path, command, out, "plain, more")
    assert pd.read_parquet(out / INDEX)["reused"].tolist() == [False, False]
    # The model edited, a variant's value and a time limit: each what it changes.
    edit(tmp_path / "m.yaml", "  shortfall: 10.0", "  shortfall: 12.0")
    edit(spec_file, "academy_capacity: 150", "academy_capacity: 160")
    changed, _ = read_sweep(spec_file)
    assert changed is not None
    changed = changed.model_copy(update={"solver": {"time_limit": 9}})
    assert runner.other_inputs(changed, out) == [
        runner.OtherInputs("plain", (("time_limit", 10, 9),), scenario=False, model=True),
        runner.OtherInputs("more", (("time_limit", 10, 9),), scenario=True, model=True),
    ]
    # Inputs as run: none.
    edit(tmp_path / "m.yaml", "  shortfall: 12.0", "  shortfall: 10.0")
    edit(spec_file, "academy_capacity: 160", "academy_capacity: 150")
    as_run, _ = read_sweep(spec_file)
    assert as_run is not None and runner.other_inputs(as_run, out) == []


def test_a_caveat_list_reordered_on_a_resume_is_reused(tmp_path: Path) -> None:
    """The run's key was its lists as written: a variant's refused tasks written in
    another order were solved again on a resume, and under a time limit could end at
    another plan, read as the order's effect. The same set is the same run; another set
    is not."""
    sweep = _sweep()

    def run(caveats: str) -> dict[str, Any]:
        variant = Variant(name="v", set={"nations.BBB.refused_tasks": caveats})
        return run_variant(Job(TINY, sweep.model, sweep.solver, variant, tmp_path / "v"))

    first = run("public_order;aid_escort")
    assert (first["status"], first["reused"]) == ("solved", False), first.get("error")
    again = run("aid_escort, public_order, aid_escort")
    assert (again["status"], again["reused"]) == ("solved", True), again.get("error")
    assert again["inputs_hash"] == first["inputs_hash"]
    other = run("aid_escort")
    assert (other["status"], other["reused"]) == ("solved", False), other.get("error")


def test_a_unit_types_effectiveness_on_a_task_is_a_cell_as_any(tmp_path: Path) -> None:
    # One column per task: refused as no column of unit_types.csv, though the file has it.
    spec = load_spec("security-keeping")
    tiny = load_scenario(TINY)
    overrides: dict[str, Any] = {
        "unit_types.infantry.border_control": 0.7,
        "unit_types.*.aid_escort": {"scale": 0.5},
        "unit_types.infantry.constabulary_training": 0.4,
    }
    scenario, _, _ = apply_overrides(tiny, spec, spec.solver, overrides)
    kinds = scenario.unit_type_by_code
    assert kinds["infantry"].effectiveness == {
        "border_control": 0.7,
        "aid_escort": 0.45,
        "public_order": 0.6,
        "constabulary_training": 0.4,
    }
    assert kinds["military_police"].effectiveness["aid_escort"] == 0.3
    # A fraction scaled keeps no float noise: 0.6 x 1.5 is 0.8999999999999999 as a float.
    raised = {"unit_types.military_police.aid_escort": {"scale": 1.5}}
    scenario, _, _ = apply_overrides(tiny, spec, spec.solver, raised)
    assert repr(scenario.unit_type_by_code["military_police"].effectiveness["aid_escort"]) == "0.9"
    # A figure of more than 12 significant figures of its own is kept: scaled by 1, it is
    # the base's.
    assert _apply_number(2 / 3, {"scale": 1}) == 2 / 3
    assert _apply_number(1234567.891234, {"scale": 1}) == 1234567.891234
    # A blank cell scaled stays blank; a share over 1, a column neither the table's nor
    # a task's, and the wide field's own name are said at their addresses.
    scaled, _, _ = apply_overrides(
        tiny, spec, spec.solver, {"unit_types.*.constabulary_training": {"scale": 1.25}}
    )
    assert "constabulary_training" not in scaled.unit_type_by_code["infantry"].effectiveness
    bad = {
        "unit_types.infantry.border_control": 1.7,
        "unit_types.*.nothing": 0.5,
        "unit_types.infantry.effectiveness": 0.4,
    }
    with pytest.raises(BadOverrides) as caught:
        apply_overrides(tiny, spec, spec.solver, bad)
    assert [(p.column, p.rule) for p in caught.value.problems] == [
        ("unit_types.*.nothing", "address"),
        ("unit_types.infantry.effectiveness", "address"),
        ("unit_types.infantry.border_control", "range"),
    ]
    assert [(p.column, p.rule) for p in judged_alone(bad, "v")] == [
        ("unit_types.infantry.border_control", "range")
    ]


def test_a_nations_caveats_are_addressed_by_the_nation(tmp_path: Path) -> None:
    """caveats.csv has no key (a nation may hold rows alike but for their months), and only
    `caveats.*` named its rows: a sweep could not lift one nation's caveat alone."""
    shutil.copytree(TINY, tmp_path / "tiny")
    (tmp_path / "tiny" / "caveats.csv").write_text(
        "nation,first,last,task,region,reason\n"
        "AAA,2000-03,2000-05,,north,a vote\n"
        "AAA,2000-09,,,north,a vote\n"
        "BBB,2000-04,2000-06,aid_escort,,a vote\n"
    )
    spec = load_spec("security-keeping")
    tiny = load_scenario(tmp_path / "tiny")
    scenario, _, _ = apply_overrides(tiny, spec, spec.solver, {"caveats.AAA.last": "2000-10"})
    assert [(c.nation, c.first, c.last) for c in scenario.caveats] == [
        ("AAA", "2000-03", "2000-10"),
        ("AAA", "2000-09", "2000-10"),
        ("BBB", "2000-04", "2000-06"),
    ]
    with pytest.raises(BadOverrides) as caught:
        apply_overrides(tiny, spec, spec.solver, {"caveats.CCC.last": "2000-10"})
    assert [p.message for p in caught.value.problems] == ["no row of caveats.csv has nation 'CCC'"]
    assert _overlap("caveats.AAA.last", "caveats.*.last")


def test_a_code_with_a_dot_is_addressed_whole(tmp_path: Path) -> None:
    # Codes may hold '.' (`AAA.inf-1`): the address's key is what lies between the table
    # and the last '.', the column after it.
    shutil.copytree(TINY, tmp_path / "tiny")
    edit(tmp_path / "tiny" / "units.csv", "AAA-inf-1,", "AAA.inf-1,")
    spec = load_spec("security-keeping")
    scenario, _, _ = apply_overrides(
        load_scenario(tmp_path / "tiny"), spec, spec.solver, {"units.AAA.inf-1.personnel": 250}
    )
    assert scenario.unit_by_code["AAA.inf-1"].personnel == 250
    with pytest.raises(BadOverrides) as caught:
        apply_overrides(
            load_scenario(tmp_path / "tiny"), spec, spec.solver, {"units.AAA.inf-1.size": 250}
        )
    assert [(p.column, p.message) for p in caught.value.problems] == [
        ("units.AAA.inf-1.size", "units.csv has no column 'size'")
    ]


@pytest.mark.parametrize(
    ("address", "value", "message"),
    [
        ("nations.ZZZ.ceiling", 5, "no row of nations.csv has nation 'ZZZ'"),
        ("nations.AAA.colour", 5, "has no column 'colour'"),
        ("settings.domestic.speed", 5, "no such setting 'speed'"),
        ("nations.AAA.lead", False, "one-lead"),
        ("flights.x.y", 1, "not an address"),
        # Set in the spec's copy, it was written to model.yaml and never run.
        ("model.solver.time_limit", 2, "addressed as solver.<field>"),
        # Every scale of a blank or a 0 is the same: variants of one scenario.
        ("model.mission.total_budget", {"scale": 0.5}, "'total_budget' is blank"),
        ("settings.domestic.initial_strength", {"scale": 2}, "'initial_strength' is 0"),
    ],
)
def test_bad_override_names_the_problem(address: str, value: object, message: str) -> None:
    spec = load_spec("security-keeping")
    with pytest.raises(ValueError, match=message):
        apply_overrides(load_scenario(TINY), spec, spec.solver, {address: value})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("address", "meant"),
    [
        ("nations.AAA.ceilng", "ceiling"),
        ("settings.domestc.academy_capacity", "domestic"),
        ("settings.domestic.academy_capacty", "academy_capacity"),
        ("model.rules.celing", "ceiling"),
        ("model.coalition.max_nation_per_region", "max_nations_per_region"),
        ("nation.AAA.ceiling", "nations"),
        # A section written without its root: the address meant.
        ("weights.shortfall", "model.weights.shortfall"),
        ("domestic.academy_capacity", "settings.domestic.academy_capacity"),
        # Past a setting, as though a section: said so, not 'did you mean' itself.
        ("model.coalition.min_nations.x", None),
        ("settings.months.x", None),
    ],
)
def test_a_mistyped_address_says_what_it_was_meant_as(address: str, meant: str | None) -> None:
    """The sweep file's every other key says so: a planner types the settings' and
    columns' names from memory."""
    spec = load_spec("security-keeping")
    with pytest.raises(BadOverrides) as caught:
        apply_overrides(load_scenario(TINY), spec, spec.solver, {address: 1})
    ((problem,),) = [caught.value.problems]
    said = f"; did you mean {meant}?" if meant else "is a setting, not a section of them: the "
    assert problem.rule == "address" and said in problem.message, problem.message
    (also,) = judged_alone({address: 1}, "sweep.yaml")
    assert also.message == problem.message


@pytest.mark.parametrize(
    "address", ["regions.south.border", "regions.north.border", "regions.*.border"]
)
def test_a_scale_of_a_true_or_false_says_it_is_one(address: str) -> None:
    """South's border false was said to be 'blank or 0: no scale changes them', north's
    true 'only a number can be scaled, not True': each is a true/false, which no scale
    changes."""
    spec = load_spec("security-keeping")
    with pytest.raises(BadOverrides) as caught:
        apply_overrides(load_scenario(TINY), spec, spec.solver, {address: {"scale": 3}})
    assert [str(p) for p in caught.value.problems] == [
        f"overrides, column {address}: [override] true/false cannot be scaled, only a number: "
        "give true or false (value '{\"scale\": 3}')"
    ]


def test_grid_expands_every_variant() -> None:
    names = [v.name for v in _sweep().expand()]
    assert names == [
        "base-academy_capacity=50",
        "base-academy_capacity=100",
        "broken-academy_capacity=50",
        "broken-academy_capacity=100",
    ]


def test_a_grid_points_name_says_a_blank_and_a_yes_as_a_cell_does() -> None:
    """A null grid value had named its point `=None`, a boolean `=True`."""
    grid = {"nations.BBB.budget_per_year": [None, 10**6], "nations.BBB.lead": [True]}
    sweep = SweepSpec(name="t", scenario=TINY, grid=grid)
    assert [v.name for v in sweep.expand()] == [
        "base-budget_per_year=blank-lead=true",
        "base-budget_per_year=1000000-lead=true",
    ]


def test_failure_recorded_rerun_skips_and_dask_agrees(tmp_path: Path) -> None:
    local = run_sweep(_sweep(), _occupied(tmp_path / "local"))
    assert local["status"].tolist() == ["solved", "solved", "failed", "failed"]
    assert "broken-academy_capacity=50" in str(local.loc[2, "error"])
    assert (tmp_path / "local" / "index.parquet").exists()
    assert pd.read_parquet(tmp_path / "local" / "index.parquet")["variant"].tolist() == (
        local["variant"].tolist()
    )
    # More academy places, no more shortfall.
    assert number(local.loc[1, "total_shortfall"]) <= number(local.loc[0, "total_shortfall"])

    # A kpis.json written over since (a compare's CSV, say) is a run to make again.
    (tmp_path / "local" / str(local.loc[1, "folder"]) / "kpis.json").write_text("kpi,value\n")
    again = run_sweep(_sweep(), tmp_path / "local")
    assert again["status"].tolist() == ["solved", "solved", "failed", "failed"]
    assert again["reused"].tolist() == [True, False, pd.NA, pd.NA]
    assert again["total_shortfall"].tolist()[:2] == local["total_shortfall"].tolist()[:2]

    # Beside another cluster (a second sweep at once), on a port of its own, unsaid:
    # distributed's default, 8787, taken, it had warned.
    with socket.socket() as other, warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        # The sweep's own, said before it runs (tiny's 2 nations under min_nations: 3).
        warnings.simplefilter("ignore", ScenarioWarning)
        with suppress(OSError):  # taken already: the warning is tested all the same
            other.bind(("", 8787))
            other.listen()
        on_dask = run_sweep(_sweep(), _occupied(tmp_path / "dask"), workers=2)
    assert on_dask["status"].tolist() == local["status"].tolist()
    assert on_dask["total_shortfall"].tolist()[:2] == pytest.approx(
        local["total_shortfall"].tolist()[:2]
    )
    for variant in local["variant"][:2]:
        mine = (tmp_path / "local" / variant / "assignments.csv").read_bytes()
        assert mine == (tmp_path / "dask" / variant / "assignments.csv").read_bytes()


def test_compare_deltas(tmp_path: Path) -> None:
    run_sweep(_sweep(), tmp_path)
    runs = [tmp_path / "base-academy_capacity=50", tmp_path / "base-academy_capacity=100"]
    table = compare_runs(runs).set_index(["run", "kpi"])
    row = series(table.loc[("base-academy_capacity=100", "total_shortfall")])
    assert row["delta"] == pytest.approx(row["value"] - row["baseline"])
    assert table.loc[("base-academy_capacity=50", "tours"), "delta"] == 0
    # No change is a share of 0, not a blank.
    assert table.loc[("base-academy_capacity=50", "tours"), "delta_pct"] == 0
    # Each figure in what it counts, costs in the scenario's currency, in the table and
    # on each chart of the figure, under its name (on one line the titles of charts side
    # by side ran into each other): a brief's reader had bare keys.
    assert table.loc[("base-academy_capacity=50", "total_shortfall"), "unit"] == (
        "effective person-months"
    )
    assert table.loc[("base-academy_capacity=50", "cost"), "unit"] == "USD"
    titles = {a.text for a in comparison_figure(table.reset_index()).layout.annotations}
    assert {"total_shortfall<br><sup>effective person-months</sup>", "cost<br><sup>USD</sup>"} <= (
        titles
    )


def test_a_statistic_of_a_sweeps_runs_is_one_table_led_by_the_run(tmp_path: Path) -> None:
    """Notebook 02 read each variant's folder, worked its statistic out and labelled it by
    hand, to pd.concat them: one call, each run named as compare names it, its variant's
    settings joined from the index on it."""
    from forcegen import stats as st
    from forcegen.sweep.compare import statistic_of_runs

    sweep = SweepSpec(
        name="t",
        scenario=TINY,
        solver={"time_limit": 20, "gap": 0},
        grid={"settings.domestic.academy_capacity": [50, 100]},
    )
    index = run_sweep(sweep, tmp_path)
    stacked = statistic_of_runs(st.handover, tmp_path)
    # The base's own capacity (100) first, as compare takes a sweep's runs.
    names = ["base-academy_capacity=100", "base-academy_capacity=50"]
    assert list(stacked["run"].unique()) == names and stacked["run"].dtype == st.WORDS
    for name in names:
        alone = st.handover(Results.from_folder(tmp_path / name))
        assert list(stacked.columns) == ["run", *alone.columns]
        mine = stacked[stacked["run"] == name].drop(columns="run").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone)
    joined = stacked.merge(index, left_on="run", right_on="variant", validate="many_to_one")
    assert len(joined) == len(stacked)
    assert set(joined["set:settings.domestic.academy_capacity"]) == {50, 100}
    # Run folders named one by one, as given; a plan in memory is no folder.
    one = statistic_of_runs(st.burden_sharing, [tmp_path / names[1]])
    assert set(one["run"]) == {names[1]}
    held = Results.from_folder(tmp_path / names[0])
    with pytest.raises(TypeError, match="statistic_of_runs takes run folders, not Results"):
        statistic_of_runs(st.handover, [held])  # type: ignore[list-item]


def test_compare_takes_a_sweep_whole_and_leaves_out_what_has_no_plan(tmp_path: Path) -> None:
    """`compare DIR` and `compare DIR/*` compare the variants the sweep solved: one proven
    infeasible, and the index, refused the whole comparison."""
    three = {"model.rules.min_nations": "hard", "model.coalition.min_nations": 3}
    fewer_places = {"settings.domestic.academy_capacity": 50}
    variants = [Variant(name="base"), Variant(name="three", set=three)]
    sweep = SweepSpec(
        name="t",
        scenario=TINY,
        solver={"time_limit": 20},
        variants=[*variants, Variant(name="more", set=fewer_places)],
    )
    out = tmp_path / "sweep"
    assert run_sweep(sweep, out)["status"].tolist() == ["solved", "infeasible", "solved"]
    # An earlier sweep's run its index no longer lists, first by name: not compared, nor
    # taken for the baseline by `DIR/*`.
    shutil.copytree(out / "base", out / "aaa-earlier")
    for given in ([str(out)], [str(p) for p in sorted(out.iterdir())]):
        result = CliRunner().invoke(app, ["compare", *given, "--out", str(tmp_path / "c.csv")])
        assert result.exit_code == 0, result.output
        said = " ".join(result.output.split())
        assert (
            f"warning {out / 'three'}: [no-plan] the sweep's infeasible variant: left out" in said
        )
        assert set(pd.read_csv(tmp_path / "c.csv")["run"]) == {"base", "more"}
        assert "KPIs against base" in said
    # Left out with a plan: no `no-plan` (it had been said so).
    assert f"{out / 'aaa-earlier'}: [left-out] no variant its index lists" in said
    # Runs named one by one, not the whole folder: compared as given, in their order, the
    # first the baseline, one its index does not list too.
    given = [str(out / name) for name in ("more", "aaa-earlier", "base")]
    result = CliRunner().invoke(app, ["compare", *given, "--out", str(tmp_path / "c.csv")])
    assert result.exit_code == 0 and "KPIs against more" in result.output, result.output
    compared = list(dict.fromkeys(pd.read_csv(tmp_path / "c.csv")["run"]))
    assert compared == ["more", "aaa-earlier", "base"]
    # Counts written whole, not 3.0, as rolling.csv and kpi_deltas.csv write them.
    written = pd.read_csv(tmp_path / "c.csv", dtype=str)
    assert written.loc[written["kpi"] == "tours", "value"].str.fullmatch(r"\d+").all()
    assert f"{out / INDEX}: [left-out] a file of the sweep's, no run" in said
    alone = CliRunner().invoke(app, ["compare", str(out / "three")])
    assert alone.exit_code == 2, alone.output
    assert "none of the runs given has a plan to compare" in alone.output
    assert "nothing was compared" in alone.output
    # In Python too, where the folder had been refused as no run's (no kpis.json).
    with pytest.warns(UserWarning) as caught:
        table = compare_runs([out])
    assert set(table["run"]) == {"base", "more"}
    endings = sorted(str(w.message).split(f"{out}/")[1] for w in caught)
    assert endings == [
        "aaa-earlier: [left-out] no variant its index lists (an earlier sweep's run?): left out",
        "three: [no-plan] the sweep's infeasible variant: left out",
    ]


def test_compare_runs_of_one_name_and_a_broken_kpis_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_sweep(_sweep(), tmp_path)
    for copy in ("s1", "s2"):
        shutil.copytree(tmp_path / "base-academy_capacity=50", tmp_path / copy / "plan")
    runner = CliRunner()
    twins = runner.invoke(app, ["compare", str(tmp_path / "s1/plan"), str(tmp_path / "s2/plan")])
    assert twins.exit_code == 0, twins.output
    assert "s2/plan" in twins.output and "[other-scenario]" not in twins.output
    # Paths of other forms (relative, absolute) are labelled alike, a run given twice is
    # compared once, and the baseline's column is the one given as --baseline.
    monkeypatch.chdir(tmp_path / "s1")
    given = ["plan", str(tmp_path / "s2/plan"), str(tmp_path / "s1/plan")]
    assert list(compare_runs(given)["run"].unique()) == ["s1/plan", "s2/plan"]
    # A link is labelled by its own name, not its target's.
    (tmp_path / "latest").symlink_to(tmp_path / "s2/plan")
    linked = compare_runs(["plan", str(tmp_path / "latest")])
    assert list(linked["run"].unique()) == ["plan", "latest"]
    mixed = runner.invoke(app, ["compare", *given, "--baseline", str(tmp_path / "s2/plan")])
    assert mixed.exit_code == 0, mixed.output
    assert "KPIs against s2/plan" in mixed.output
    # A share as a percentage, as the figure, the report and the workbook show it.
    (share,) = [line for line in mixed.output.splitlines() if "reserve_share" in line]
    assert re.search(r"\d%", share), share
    # The marked column's header takes two lines, the other's the second of them.
    lines = mixed.output.splitlines()
    marked = next(n for n, line in enumerate(lines) if "(baseline)" in line)
    assert "s2/plan" in lines[marked - 1] and "s1/plan" not in lines[marked - 1]
    assert lines[marked].count("s1/plan") == 1 and "s2/plan" not in lines[marked]
    kpis = tmp_path / "s2/plan/kpis.json"
    kpis.write_text(json.dumps(json.loads(kpis.read_text()) | {"scenario": "elsewhere"}))
    apart = runner.invoke(app, ["compare", str(tmp_path / "s1/plan"), str(tmp_path / "s2/plan")])
    assert apart.exit_code == 0, apart.output
    assert "different scenarios (tiny: s1/plan; elsewhere: s2/plan)" in apart.output
    base = ["--baseline", str(tmp_path / "s2/plan")]
    against = runner.invoke(app, ["compare", str(tmp_path / "s1/plan"), *base])
    assert "different scenarios (tiny: plan; elsewhere: plan (baseline))" in against.output
    kpis.write_text("{not json")
    (tmp_path / "s3").mkdir()
    (tmp_path / "s3/kpis.json").write_text("{}")
    folders = [tmp_path / "s1/plan", tmp_path / "s2/plan", tmp_path / "s3", tmp_path / "s1"]
    broken = runner.invoke(app, ["compare", *map(str, folders)])
    assert broken.exit_code == 2 and "Traceback" not in broken.output, broken.output
    output = " ".join(broken.output.split())
    assert "s2/plan/kpis.json: [json-syntax]" in output
    assert "s3/kpis.json: [not-a-run]" in output
    assert "[missing-file]" in output  # s1 is no run folder: all problems at once


def test_compare_and_sweep_refuse_outputs_they_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("mine")
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\n")
    runner = CliRunner()
    compared = runner.invoke(
        app, ["compare", str(tmp_path), "--out", str(tmp_path), "--figure", "/proc/f.html"]
    )
    assert compared.exit_code == 2, compared.output
    output = " ".join(compared.output.split())
    assert "--out: [not-writable] an existing folder, where a file is to be written" in output
    assert "--figure: [not-writable] nothing can be written in /proc" in output
    swept = runner.invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "file")])
    assert swept.exit_code == 2 and "--out: [not-writable]" in swept.output, swept.output
    assert (tmp_path / "file").read_text() == "mine"
    # A folder of the planner's own files is no sweep's, and said with the other problems.
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine")
    options = ["--out", str(tmp_path / "mine"), "--workers", "1", "--scheduler", "x"]
    mixed = runner.invoke(app, ["sweep", str(spec_file), *options])
    assert mixed.exit_code == 2, mixed.output
    said = " ".join(mixed.output.split())
    assert "--out: [not-a-sweep-folder]" in said and "[conflict]" in said
    assert "--scheduler: [format] missing port number" in said
    # Nor over a file of a run or scenario it was not given: a table spoilt unseen.
    run = tmp_path / "run"
    run.mkdir()
    (run / "kpis.json").write_text("{}")
    (run / "assignments.csv").write_text("unit,task,region,start\n")
    # Nor over a frontier's, a rolling horizon's or a resilience study's own table, each
    # folder marked by a run it wrote (they had been written over, exit 0).
    studies = []
    for folder, table, marker, whose in [
        ("frontier", "frontier.csv", "unconstrained", "frontier"),
        ("frontier", "frontier.html", "unconstrained", "frontier"),
        ("roll", "rolling.csv", "rolling", "rolling horizon"),
        ("res", "resilience.csv", "plan", "resilience study"),
    ]:
        (tmp_path / folder / marker).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / marker / "kpis.json").write_text("{}")
        (tmp_path / folder / table).write_text("its own\n")
        studies.append((tmp_path / folder / table, whose))
    outputs = [(run / "assignments.csv", "run"), (TINY / "units.csv", "scenario"), *studies]
    for out, whose in outputs:
        before = out.read_bytes()
        option = "--figure" if out.suffix == ".html" else "--out"
        refused = runner.invoke(app, ["compare", str(tmp_path / "mine"), option, str(out)])
        assert refused.exit_code == 2, refused.output
        said = " ".join(refused.output.split())
        assert f"{option}: [overwrites-its-file] a file of the {whose} in" in said
        assert out.read_bytes() == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--workers", "-1"], "--workers: [range] should be greater than or equal to 1"),
        (["--workers", "0"], "--workers: [range] should be greater than or equal to 1"),
        (["--scheduler", "notanaddress"], "--scheduler: [format] missing port number"),
    ],
    ids=["workers-negative", "workers-zero", "scheduler-no-port"],
)
def test_workers_and_scheduler_are_checked(
    tmp_path: Path, options: list[str], message: str
) -> None:
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\n")
    result = CliRunner().invoke(
        app, ["sweep", str(spec_file), "--out", str(tmp_path / "o"), *options]
    )
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()) and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_a_sweep_made_in_python_is_judged_before_any_runs(tmp_path: Path) -> None:
    # As a sweep file is: not a failed run per variant, each after its worker started.
    sweep = _sweep().model_copy(
        update={
            "variants": [
                Variant(name="base"),
                Variant(name="broken", set={"nations.AAA.ceiling": -5}),
            ],
            "grid": {"settings.domestic.academy_capacty": [50, 100]},
        }
    )
    with pytest.raises(ScenarioError) as caught:
        run_sweep(sweep, tmp_path / "out")
    said = {(p.file, p.column, p.rule) for p in errors(caught.value.problems)}
    # The ceiling, wrong in both grid points, said once at its variant's entry.
    assert said == {
        ("sweep t, grid", "settings.domestic.academy_capacty", "address"),
        ("sweep t, variant broken", "nations.AAA.ceiling", "range"),
    }
    assert not (tmp_path / "out").exists()
    # A file where the sweep's folder goes: said before the runs, not after them all.
    (tmp_path / "out").write_text("a planner's file\n")
    with pytest.raises(ScenarioError) as caught:
        run_sweep(_sweep(), tmp_path / "out")
    (problem,) = errors(caught.value.problems)
    assert (problem.rule, problem.message) == (
        "not-writable",
        "an existing file, where a folder is to be written",
    )


def test_every_variant_is_judged_before_any_runs(tmp_path: Path) -> None:
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\n"
        "variants:\n"
        "  - {name: fine}\n"
        "  - {name: late, set: {nations.BBB.leave: 2031-13}}\n"
        "  - {name: small, set: {units.AAA-inf-2.personnel: -5, nations.BBB.join: {scale: 2}}}\n"
        "  - {name: early, set: {model.mission.end: end-date, model.mission.end_date: 1999-01}}\n",
    )
    output = _refused(spec_file, tmp_path / "o")
    for where, problem in [
        ("variant late, line 5, key nations.BBB.leave", "[format] month number must be 1..12"),
        ("variant small, line 6, key units.AAA-inf-2.personnel", "[range]"),
        ("variant small, line 6, key nations.BBB.join", "[override] only a number can be scaled"),
        ("variant early, line 7, key model.mission.end_date", "[before-horizon]"),
    ]:
        assert f"sweep.yaml, {where}: {problem}" in output
    assert "fine" not in output


def test_a_variants_rules_across_tables_are_judged_beside_its_values_own(
    tmp_path: Path,
) -> None:
    """A value breaking its own rule hid the rules across tables of the rows that keep
    theirs: a planner who mended it met the next problem only in the next round. A row
    breaking its own rule still silences the references to its key."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\n"
        "variants:\n"
        "  - {name: small, set: {units.AAA-inf-2.personnel: -5}}\n"
        "  - {name: stray, set: {units.AAA-inf-1.nation: CCC}}\n"
        "  - name: both\n"
        "    set:\n"
        "      nations.BBB.tour_months: 0\n"
        "      units.AAA-mp-1.type: tank\n",
    )
    output = _refused(spec_file, tmp_path / "o")
    for where, problem in [
        ("variant small, line 4, key units.AAA-inf-2.personnel", "[range]"),
        ("variant stray, line 5, key units.AAA-inf-1.nation", "[unknown-nation] no nation 'CCC'"),
        ("variant both, line 8, key nations.BBB.tour_months", "[range]"),
        ("variant both, line 9, key units.AAA-mp-1.type", "[unknown-type] no type 'tank'"),
    ]:
        assert f"sweep.yaml, {where}: {problem}" in output
    # BBB-mp-1's nation is BBB, whose row is refused already: no unknown-nation of it.
    assert "4 error(s)" in output


def test_a_variant_renaming_a_row_is_told_at_the_line_it_wrote(tmp_path: Path) -> None:
    """A variant giving a row another row's key had its problems said under the key it
    made (`units.AAA-inf-2.unit`), at no line; one giving a later row an earlier row's key,
    at the later row, the key it had all along."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\n"
        "variants:\n"
        "  - {name: later, set: {units.AAA-inf-2.unit: AAA-inf-1, units.AAA-mp-1.personnel: -5}}\n"
        "  - {name: earlier, set: {units.AAA-inf-1.unit: AAA-mp-1}}\n",
    )
    output = _refused(spec_file, tmp_path / "o")
    for where, problem in [
        ("variant later, line 4, key units.AAA-mp-1.personnel", "[range]"),
        ("variant later, line 4, key units.AAA-inf-2.unit", "[duplicate-key] AAA-inf-1 already"),
        ("variant earlier, line 5, key units.AAA-inf-1.unit", "[duplicate-key] AAA-mp-1 already"),
    ]:
        assert f"sweep.yaml, {where}: {problem}" in output
    assert "3 error(s)" in output


def test_a_variants_problems_come_in_the_order_of_its_lines(tmp_path: Path) -> None:
    """A value's own rule is judged before the rules across tables: a variant's line 6
    was said before its line 5, as a planner going down the file would not read them."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\n"
        "variants:\n"
        "  - name: both\n"
        "    set:\n"
        "      units.AAA-inf-2.unit: AAA-inf-1\n"
        "      units.AAA-mp-1.personnel: -5\n",
    )
    output = _refused(spec_file, tmp_path / "o")
    renamed = output.index("variant both, line 6, key units.AAA-inf-2.unit: [duplicate-key]")
    assert renamed < output.index("variant both, line 7, key units.AAA-mp-1.personnel: [range]")


def test_a_variant_may_not_set_what_the_grid_varies(tmp_path: Path) -> None:
    """Each run crossed with the grid took the grid's value: the variant's was lost."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\n"
        "variants:\n"
        "  - {name: uncapped, set: {model.coalition.max_nations_per_region: null}}\n"
        "grid:\n"
        "  model.coalition.max_nations_per_region: [1, 2]\n",
    )
    assert (
        "sweep.yaml, variant uncapped, line 4, key model.coalition.max_nations_per_region: "
        "[set-and-varied] variant uncapped sets"
    ) in _refused(spec_file, tmp_path / "o")


def test_two_overrides_reaching_the_same_cells_are_refused(tmp_path: Path) -> None:
    """`*` reaches the row another address names: applied one after the other, the scale
    halved the value just set (or the grid's value replaced the variant's scaled one), and
    the index recorded a value no run had."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\n"
        "variants:\n"
        "  - name: fixed\n"
        "    set:\n"
        "      nations.AAA.ceiling: 900\n"
        "      nations.*.ceiling: {scale: 0.5}\n"
        "  - {name: scaled, set: {units.*.personnel: {scale: 2}}}\n"
        "grid:\n"
        "  units.AAA-inf-1.personnel: [400, 500]\n"
        "  nations.*.tour_months: [6]\n"
        "  nations.BBB.tour_months: [4]\n",
    )
    refused = _refused(spec_file, tmp_path / "o")
    for where, problem in [
        (
            "variant fixed, line 7, key nations.*.ceiling",
            "[set-twice] variant fixed sets nations.*.ceiling, "
            "which nations.AAA.ceiling reaches too",
        ),
        (
            "variant scaled, line 8, key units.*.personnel",
            "[set-and-varied] variant scaled sets "
            "units.*.personnel, which the grid varies as units.AAA-inf-1.personnel",
        ),
        (
            "grid, line 12, key nations.BBB.tour_months",
            "[set-twice] the grid varies "
            "nations.BBB.tour_months, which nations.*.tour_months reaches too",
        ),
    ]:
        assert f"sweep.yaml, {where}: {problem}" in refused


def test_a_variant_of_the_same_inputs_as_another_is_refused(tmp_path: Path) -> None:
    """Its values are those already in force: solved again under a time limit, its run
    differs from the other's only by where the search stopped, read as their effect."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\n"
        "variants:\n"
        "  - {name: base}\n"
        "  - {name: same, set: {model.coalition.max_nations_per_region: 2}}\n"
        "  - {name: other, set: {model.coalition.max_nations_per_region: 1}}\n"
        "grid:\n"
        "  settings.domestic.academy_capacity: [50, 100]\n",
    )
    refused = _refused(spec_file, tmp_path / "o")
    for capacity in (50, 100):
        assert (
            f"sweep.yaml, variant same-academy_capacity={capacity}, line 5: [same-inputs] the same "
            f"inputs as variant base-academy_capacity={capacity}"
        ) in refused
    assert "variant other" not in refused


def test_a_sweep_file_that_is_no_yaml_or_no_text_is_one_line(tmp_path: Path) -> None:
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\n  grid: {{a: [1}}\n")
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    problem = (
        "sweep.yaml, line 3, column 7: [yaml-syntax] mapping values are not allowed here: a ': ' "
        "read inside a value: quote a value holding one ('Phase 2: stabilisation'), and indent "
        "a key as the one above it"
    )
    assert f"1 error(s):\n  error {problem}\n" in result.output
    spec_file.write_bytes(b"name: s\n\xff\n")
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "sweep.yaml, line 2: [encoding]" in result.output, (
        result.output
    )
    assert not (tmp_path / "o").exists()


def test_a_value_of_no_form_is_one_problem_in_the_files_words(tmp_path: Path) -> None:
    """pydantic gave one per alternative of the union, named by Python's types."""
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(
        f"name: s\nscenario: {TINY}\nvariants: [a, {{name: b, set: {{x: [1]}}}}]\n"
    )
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert "2 error(s)" in output
    assert "sweep.yaml, line 3, key variants.0: [type] should be a mapping (key: value)" in output
    assert (
        "sweep.yaml, variant b, line 3, key x: [format] should be a number, a text, true or "
        "false, or {scale: x} (value '[1]')"
    ) in output


def test_a_rule_broken_by_every_row_an_address_names_is_named_once() -> None:
    """Rows of one key (a nation's ceilings) are named alike: one problem, not one each."""
    spec = load_spec("security-keeping")
    ceilings = tuple(
        Ceiling(nation="AAA", from_month=m, ceiling=900) for m in ("2000-01", "2000-06")
    )
    scenario = load_scenario(TINY).model_copy(update={"ceilings": ceilings})
    with pytest.raises(BadOverrides) as raised:
        apply_overrides(scenario, spec, spec.solver, {"ceilings.AAA.ceiling": -5})
    assert [(p.column, p.rule) for p in raised.value.problems] == [
        ("ceilings.AAA.ceiling", "range")
    ]


def test_a_scale_of_0_or_less_is_said_once_at_its_line(tmp_path: Path) -> None:
    """Judged in each variant, a scale below 0 was one problem per row it left below 0,
    per grid point, keyed by the rows (`budgets.AUS.budget`), never saying the scale: 45
    of them for the two written here."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TIMOR}\n"
        "variants:\n"
        "  - name: neg\n"
        "    set:\n"
        "      budgets.*.budget: {scale: -0.5}\n"
        "  - {name: none, set: {units.*.personnel: {scale: 0}}}\n"
        "grid:\n"
        "  ceilings.*.ceiling: [{scale: 0.5}, {scale: -1}]\n",
    )
    output = _refused(spec_file, tmp_path / "o")
    assert output.startswith("3 error(s)"), output
    rule = "[format] a scale must be more than 0, not"
    for place, line, key, scale in [
        ("variant neg", 6, "budgets.*.budget", "-0.5"),
        ("variant none", 7, "units.*.personnel", "0"),
        ("grid", 9, "ceilings.*.ceiling", "-1"),
    ]:
        assert f"sweep.yaml, {place}, line {line}, key {key}: {rule} {scale}:" in output
    with pytest.raises(ValueError, match="a scale must be more than 0, not -2"):
        Variant(name="v", set={"budgets.*.budget": {"scale": -2}})


def test_a_value_that_breaks_a_rule_in_every_grid_point_is_said_once(tmp_path: Path) -> None:
    """A variant's ceiling of -5 crossed with six grid points was said six times, once per
    point; the grid's -3 once per variant and point. Each is said once, at its entry,
    with how many variants it breaks and the first."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TIMOR}\n"
        "variants:\n"
        "  - name: baseline\n"
        "  - {name: fewer, set: {nations.AUS.ceiling: -5}}\n"
        "grid:\n"
        "  ceilings.NZL.ceiling: [-3, 1000]\n"
        "  model.coalition.max_nations_per_region: [1, 2, 3]\n",
    )
    output = _refused(spec_file, tmp_path / "o")
    assert output.startswith("2 error(s)"), output
    assert (
        "sweep.yaml, variant fewer, line 5, key nations.AUS.ceiling: [range] should be greater "
        "than or equal to 0 (in 6 variants, the first fewer-ceiling=-3-max_nations_per_region=1)"
    ) in output
    assert (
        "sweep.yaml, grid, line 7, key ceilings.NZL.ceiling: [range] should be greater than "
        "or equal to 0: 3 rows break it, the first ceilings.NZL.ceiling (in 6 variants, the "
        "first baseline-ceiling=-3-max_nations_per_region=1)"
    ) in output


def test_a_period_an_override_turns_backwards_is_said_at_the_override(tmp_path: Path) -> None:
    """A period's `first` set past its `last` was said at the `last`, which no override
    sets: at no line, once per grid point, the address written nowhere in the file."""
    shutil.copytree(TINY, tmp_path / "tiny")
    (tmp_path / "tiny" / "caveats.csv").write_text(
        "nation,first,last,task,region\nAAA,2000-01,2000-04,aid_escort,\n"
    )
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {tmp_path / 'tiny'}\n"
        "variants:\n"
        "  - name: base\n"
        "  - {name: later, set: {caveats.AAA.first: 2000-06}}\n"
        "grid:\n"
        "  model.coalition.max_nations_per_region: [1, 2]\n",
    )
    output = _refused(spec_file, tmp_path / "o")
    assert output.startswith("1 error(s)"), output
    assert (
        "sweep.yaml, variant later, line 5, key caveats.AAA.first: [empty-period] 2000-04 is "
        "before 2000-06: in caveats.AAA.last (in 2 variants, the first "
        "later-max_nations_per_region=1)"
    ) in output


def test_a_rule_some_rows_of_an_address_break_is_one_problem_naming_them() -> None:
    """Scaled up, two types' public order went over 1 and two stayed under: one problem
    each, keyed by their rows, where the sweep file writes one address."""
    spec = load_spec("security-keeping")
    overrides: dict[str, Any] = {
        "unit_types.*.public_order": {"scale": 1.2},
        "budgets.*.budget": -5,
        "unit_types.infantry.border_control": 1.5,
    }
    with pytest.raises(BadOverrides) as caught:
        apply_overrides(load_scenario(TIMOR), spec, spec.solver, overrides)
    assert [(p.column, p.rule, p.message, p.value) for p in caught.value.problems] == [
        ("unit_types.infantry.border_control", "range", "should be less than or equal to 1", "1.5"),
        (
            "unit_types.*.public_order",
            "range",
            "should be less than or equal to 1: 2 rows break it, the first "
            "unit_types.military_police.public_order",
            "1.08",
        ),
        (
            "budgets.*.budget",
            "range",
            "should be greater than or equal to 0: 10 rows break it, the first budgets.AUS.budget",
            "-5",
        ),
    ]


def test_a_grid_points_name_tells_apart_the_rows_it_varies(tmp_path: Path) -> None:
    """Each nation's budget was named by its column alone, `base-budget=x0.5-budget=x1`:
    which nation's was cut could not be told from the folders, compare or its legend."""
    grid: dict[str, list[Any]] = {
        "budgets.AUS.budget": [{"scale": 0.5}, {"scale": 1}],
        "budgets.NZL.budget": [{"scale": 1}],
        "settings.domestic.academy_capacity": [100],
        "demand.*.personnel": [{"scale": 1.5}],
        "units.*.personnel": [{"scale": 2}],
    }
    names = [v.name for v in SweepSpec(name="s", scenario=TIMOR, grid=grid).expand()]
    assert names == [
        f"base-AUS.budget=x{a}-NZL.budget=x1-academy_capacity=100-demand.personnel=x1.5-"
        "units.personnel=x2"
        for a in ("0.5", "1")
    ]
    scales = (
        f"name: s\nscenario: {TIMOR}\ngrid:\n  budgets.NZL.budget: [{{scale: 0.8}}]\n"
        "  budgets.AUS.budget:\n    - {scale: 1.2}\n    - {scale: 1.20000001}\n"
    )
    assert (
        "sweep.yaml, grid, line 7, key budgets.AUS.budget: [format] variant names repeat, and "
        'each needs a folder of its own: {"scale": 1.2} and {"scale": 1.20000001} both name '
        "their runs AUS.budget=x1.2"
    ) in _refused(_sweep_file(tmp_path, scales), tmp_path / "o")


def test_a_part_of_a_sweep_file_with_every_entry_commented_out_is_none(tmp_path: Path) -> None:
    """`grid:` with its entries commented out, which YAML reads as null, was refused as
    'should be a mapping', where `grid: {}` is no grid and `variants: []` the base alone."""
    text = (
        f"name: s\nscenario: {TINY}\nsolver:\n#  time_limit: 5\nvariants:\n"
        "  - name: b\n    set:\n#      nations.AAA.ceiling: 900\n"
        "grid:\n#  settings.domestic.academy_capacity: [50, 100]\n"
    )
    sweep = load_sweep(_sweep_file(tmp_path, text))
    assert (sweep.solver, sweep.grid) == ({}, {})
    assert [(v.name, v.set) for v in sweep.expand()] == [("b", {})]
    alone = f"name: s\nscenario: {TINY}\nvariants:\n#  - name: a\n"
    assert [v.name for v in load_sweep(_sweep_file(tmp_path, alone)).expand()] == ["base"]
    # A grid entry without a value would make no variant at all: said so, at its line.
    entry = f"name: s\nscenario: {TINY}\ngrid:\n  settings.domestic.academy_capacity:\n#    - 50\n"
    assert (
        "sweep.yaml, grid, line 4, key settings.domestic.academy_capacity: [format] a grid "
        "entry needs at least one value"
    ) in _refused(_sweep_file(tmp_path, entry), tmp_path / "o")


def test_a_run_an_earlier_sweep_made_under_another_name_is_copied_not_solved_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With its grid dropped, a sweep into the same folder solved `base` again, though
    `base-academy_capacity=50` held a run of the same inputs (analyst review)."""
    out = tmp_path / "out"
    solver: dict[str, Value] = {"time_limit": 3}
    gridded = SweepSpec(
        name="s", scenario=TINY, solver=solver, grid={"settings.domestic.academy_capacity": [50]}
    )
    (first,) = runner.jobs(gridded, out)
    assert run_variant(first)["status"] == "solved"
    # No proof for these inputs either, as any other earlier folder may hold.
    (out / "gone").mkdir()
    (out / "gone" / runner.INFEASIBLE_FILE).write_text("another hash\nno plan\n")

    def solved(*_: object, **__: object) -> None:
        raise AssertionError("solved again")

    monkeypatch.setattr(runner, "solve_scenario", solved)
    renamed = Variant(name="base", set={"settings.domestic.academy_capacity": 50})
    (job,) = runner.jobs(gridded.model_copy(update={"grid": {}, "variants": [renamed]}), out)
    row = run_variant(job)
    assert (row["status"], row["reused"], row["reused_from"]) == (
        "solved",
        True,
        "base-academy_capacity=50",
    )
    kpis = (out / "base" / "kpis.json").read_text()
    assert kpis == (out / "base-academy_capacity=50" / "kpis.json").read_text()
    # Found in its own folder now, as any resumed variant.
    assert run_variant(job)["reused"] and "reused_from" not in run_variant(job)
    # A variant of this sweep's folder is its own, though it holds another's inputs: its
    # variant may be writing it meanwhile.
    own = ["base-academy_capacity=50", "Base"]
    assert list(runner._earlier_runs(out, own).values()) == [out / "gone"]
    # A proof of no plan is taken as a plan is.
    digest = row["inputs_hash"]
    (out / "proof").mkdir()
    (out / "proof" / runner.INFEASIBLE_FILE).write_text(f"{digest}\nthe ceilings: too low\n")
    shutil.rmtree(out / "base")
    shutil.rmtree(out / "base-academy_capacity=50")
    (job,) = runner.jobs(gridded.model_copy(update={"grid": {}, "variants": [renamed]}), out)
    row = run_variant(job)
    assert (row["status"], row["reused"], row["reused_from"], row["error"]) == (
        "infeasible",
        True,
        "proof",
        "the ceilings: too low",
    )
    assert [file.name for file in (out / "base").iterdir()] == [runner.INFEASIBLE_FILE]


def test_the_sweep_files_solver_options_are_named_by_file_and_key(tmp_path: Path) -> None:
    """Not as the command-line options (`--time-limit`) that the sweep command has none of."""
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\nsolver: {{time_limit: -5, gapp: 1}}\n")
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert "sweep.yaml, line 3, key solver.time_limit: [range]" in output
    assert "sweep.yaml, line 3, key solver.gapp: [unknown-column]" in output
    assert "--time-limit" not in output and "--gapp" not in output
    assert not (tmp_path / "o").exists()


def test_variant_names_must_differ(tmp_path: Path) -> None:
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\nvariants: [{{name: a}}, {{name: a}}]\n")
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    assert "variant names repeat" in result.output and "['a']" in result.output
    # Said with the file's other faults, where pydantic, finding one, judged no names.
    spec_file.write_text(
        f"name: s\nscenario: {TINY}\nvariants: [{{name: a}}, {{name: a}}, {{name: b, sett: 1}}]\n"
    )
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    output = " ".join(result.output.split())
    assert result.exit_code == 2, output
    assert "variant b, line 3, key sett: [unknown-column]" in output
    assert "variant names repeat, and each needs a folder of its own: ['a']" in output


def test_repeated_names_are_said_at_their_lines_and_why(tmp_path: Path) -> None:
    """A repeated variant name was said at no line, where README promises one; grid
    scales of 1.2 and 1.20000001, one name (`x1.2`), only as names that repeat."""
    text = (
        f"name: s\nscenario: {TINY}\nvariants:\n"
        "  - name: a\n  - name: b\n  - name: A\n  - name: b\n"
    )
    output = _refused(_sweep_file(tmp_path, text), tmp_path / "o")
    assert (
        "sweep.yaml, variant A, line 6, key name: [format] variant names repeat, and each "
        "needs a folder of its own: ['a'] (the variant at line 4 is a: alike but for case"
    ) in output
    assert "sweep.yaml, variant b, line 7, key name: [format]" in output
    assert "(the variant at line 5 is b too)" in output
    scales = (
        f"name: s\nscenario: {TINY}\ngrid:\n  settings.domestic.academy_capacity:\n"
        "    - {scale: 1.2}\n    - {scale: 1.20000001}\n"
    )
    output = _refused(_sweep_file(tmp_path, scales), tmp_path / "o")
    assert (
        "sweep.yaml, grid, line 6, key settings.domestic.academy_capacity: [format] variant "
        'names repeat, and each needs a folder of its own: {"scale": 1.2} and '
        '{"scale": 1.20000001} both name their runs academy_capacity=x1.2 (a scale is '
        "named to 6 significant figures)"
    ) in output
    texts = f"name: s\nscenario: {TINY}\ngrid:\n  settings.description: [a b, a-b]\n"
    output = _refused(_sweep_file(tmp_path, texts), tmp_path / "o")
    assert '"a b" and "a-b" both name their runs description=a-b' in output
    assert "any other character written '-'" in output


def test_sweep_file_and_cli(tmp_path: Path) -> None:
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(
        f"name: s\nscenario: {TINY}\nsolver: {{time_limit: 10}}\n"
        "grid:\n  settings.domestic.recruits_per_month: [10, 50]\n"
    )
    assert len(load_sweep(spec_file).expand()) == 2
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2 variants: 2 solved." in result.output and "not-in-index" not in result.output
    # Run again with one of its points gone: that variant's run stays, said to be in no index.
    spec_file.write_text(
        f"name: s\nscenario: {TINY}\nsolver: {{time_limit: 10}}\n"
        "grid:\n  settings.domestic.recruits_per_month: [10]\n"
    )
    fewer = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "out")])
    output = " ".join(fewer.output.split())
    assert fewer.exit_code == 0
    assert "1 variant: 1 solved (1 as found before with the same inputs, not" in output
    # Its own line says so too: it had read as solved now.
    assert "base-recruits_per_month=10 (found before): solved, shortfall" in output
    gone = "base-recruits_per_month=50"
    assert "[not-in-index] 1 run folder(s) of variants this run has not" in output
    assert output.split("in no index: ")[1].startswith(gone)
    assert (tmp_path / "out" / gone / "kpis.json").exists()

    spec_file.write_text("name: s\nscenario: x\nvariantz: []\n")
    bad = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "out")])
    assert bad.exit_code == 2 and "variantz" in bad.output
    spec_file.write_text(
        f"name: s\nscenario: {TINY}\ngrid:\n  settings.domestc.academy_capacity: [50]\n"
        "  settings: [1]\n  nations.AAA.budget_per_year: [{scale: 0.5}]\n"
    )
    typo = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "typo")])
    assert typo.exit_code == 2 and not (tmp_path / "typo").exists(), typo.output
    output = " ".join(typo.output.split())
    for line, address, message in [
        (4, "settings.domestc.academy_capacity", "no such setting 'domestc'"),
        (5, "settings", "not an address"),
        (6, "nations.AAA.budget_per_year", "every cell it names in nations.csv is blank or 0"),
    ]:
        assert f"sweep.yaml, grid, line {line}, key {address}: [address] {message}" in output


def test_a_scale_in_exponent_form_is_a_number(tmp_path: Path) -> None:
    """YAML 1.1 reads 1e0 (no point, no sign in the exponent) as text: `{scale: 1e0}` was
    refused as 'should be a number, a text, true or false, or {scale: x}'. A name or code
    so written stays text (a variant named 1e6)."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\nvariants:\n  - name: 1e6\n    set:\n"
        "      nations.AAA.ceiling: {scale: 1e0}\n",
    )
    (variant,) = load_sweep(spec_file).expand()
    assert (variant.name, variant.set) == ("1e6", {"nations.AAA.ceiling": {"scale": 1.0}})
    spec_file.write_text(spec_file.read_text().replace("1e0", "nan"))
    with pytest.raises(ScenarioError, match="should be a number, a text, true or false"):
        load_sweep(spec_file)


def test_a_sweeps_model_file_is_found_beside_it(tmp_path: Path) -> None:
    """Like its scenario, not in the folder the sweep is run from (nor a Dask worker's)."""
    (tmp_path / "mine.yaml").write_text((MODELS_DIR / "security-keeping.yaml").read_text())
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\nmodel: mine.yaml\n")
    assert load_sweep(spec_file).model == str((tmp_path / "mine.yaml").resolve())
    spec_file.write_text(f"name: s\nscenario: {TINY}\nmodel: theirs\n")
    with pytest.raises(ScenarioError) as caught:
        load_sweep(spec_file)
    ((file, row, column, rule),) = {
        (p.file, p.row, p.column, p.rule) for p in caught.value.problems
    }
    assert (file, row, column, rule) == ("sweep.yaml", 3, "model", "missing-file")
    # A bundled model's bare name is that model, as --model takes it: not an edited copy
    # of its name beside the sweep file, which its path names.
    (tmp_path / "security-keeping.yaml").write_text((tmp_path / "mine.yaml").read_text())
    spec_file.write_text(f"name: s\nscenario: {TINY}\nmodel: security-keeping\n")
    assert load_sweep(spec_file).model == "security-keeping"
    spec_file.write_text(f"name: s\nscenario: {TINY}\nmodel: ./security-keeping.yaml\n")
    assert load_sweep(spec_file).model == str((tmp_path / "security-keeping.yaml").resolve())


def test_frontier_shortfall_falls_as_budget_grows(tmp_path: Path) -> None:
    command = ["frontier", str(TINY), "--out", str(tmp_path), "--shares", "0.3,0.6,1.0"]
    result = CliRunner().invoke(app, [*command, "--time-limit", "20"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "frontier.csv")
    assert (table["international_cost"] <= table["budget_cap"] + 1e-6).all()
    # Each point's share of the plan without a cap's cost, as --shares gave it.
    assert table["share"].tolist() == [0.3, 0.6, 1.0]
    shortfall = table.sort_values("budget_cap")["total_shortfall"].tolist()
    assert shortfall == sorted(shortfall, reverse=True)
    assert table["gap"].notna().all()  # how far each point may be from its optimum
    assert (tmp_path / "frontier.html").exists()
    # Each point's cost said beside what its cap limits, the tours' (no domestic force
    # pays here): a total above the cap read as the cap broken.
    first = table.iloc[0]
    tours = f"({first['international_cost'] / 1e6:,.1f} M of tours)"  # as the report's
    assert f"{first['variant']}: solved" in result.output and tours in result.output
    # In the scenario's currency: a cost alone left an analyst to guess it.
    assert f" M USD {tours}" in " ".join(result.output.split())
    # Run again, the unconstrained plan of the same inputs is not solved again.
    again = CliRunner().invoke(app, [*command, "--time-limit", "20"])
    assert again.exit_code == 0 and "of the same inputs" in again.output, again.output
    assert pd.read_csv(tmp_path / "frontier.csv")["budget_cap"].tolist() == (
        table["budget_cap"].tolist()
    )
    assert "not-in-index" not in again.output  # its unconstrained plan is its own
    # Compared whole, the frontier's folder is its points beside the plan without a cap,
    # the baseline, as `DIR/*` has them: `compare DIR` had left it out.
    compared = tmp_path.with_name(f"{tmp_path.name}-compared.csv")  # not into the frontier
    whole = CliRunner().invoke(app, ["compare", str(tmp_path), "--out", str(compared)])
    assert whole.exit_code == 0, whole.output
    runs = list(dict.fromkeys(pd.read_csv(compared)["run"]))
    assert runs == ["unconstrained", *table["variant"]], runs
    # With a share fewer, that point's run stays, and is said to be in no index.
    fewer = CliRunner().invoke(app, [*command[:-1], "0.3,1.0", "--time-limit", "20"])
    output = " ".join(fewer.output.split())
    assert fewer.exit_code == 0 and "[not-in-index] 1 run folder(s)" in output, output
    # Named one by one (DIR/*), the same runs in the same order, the plan without a cap
    # first, as the baseline; the earlier frontier's point left out, said.
    given = [str(p) for p in sorted(tmp_path.iterdir())]
    star = CliRunner().invoke(app, ["compare", *given, "--out", str(compared)])
    assert star.exit_code == 0, star.output
    kept = pd.read_csv(tmp_path / "frontier.csv")["variant"].tolist()
    assert list(dict.fromkeys(pd.read_csv(compared)["run"])) == ["unconstrained", *kept]
    assert "no variant its index lists" in " ".join(star.output.split())


def test_the_budget_notebooks_shortfall_by_year_is_indexed_by_year() -> None:
    """Its table of each cap's shortfall by calendar year had its years under `month`, in
    a notebook of budgets set by fiscal year."""
    import ast
    from types import SimpleNamespace

    from forcegen.stats import Results

    notebook = Path(__file__).parent.parent / "notebooks" / "03-budget-tradeoffs.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    (defined,) = [
        node
        for cell in cells
        if cell["cell_type"] == "code"
        for node in ast.parse("".join(cell["source"])).body
        if isinstance(node, ast.FunctionDef) and node.name == "shortfall_by_year"
    ]
    coverage = pd.DataFrame(
        {"month": ["1999-11", "1999-12", "2000-01"], "shortfall": [1.0, 2.0, 4.0]}
    )
    names: dict[str, Any] = {
        "pd": pd,
        "Results": Results,
        "stats": SimpleNamespace(coverage=lambda _: coverage),
    }
    exec(compile(ast.Module([defined], []), str(notebook), "exec"), names)
    by_year = names["shortfall_by_year"](None)
    assert by_year.index.name == "year"
    assert by_year.to_dict() == {"1999": 3.0, "2000": 4.0}


def test_frontier_refuses_bad_shares_before_solving(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["frontier", str(TINY), "--out", str(tmp_path / "f"), "--shares", "0.5,abc,-1,2"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    said = " ".join(result.output.split())
    # Each share that is none named, where the whole list had been given back alone.
    assert "--shares: [format] comma-separated numbers above 0; not 'abc', '-1'" in said
    assert not (tmp_path / "f").exists()
    twice = CliRunner().invoke(
        app, ["frontier", str(TINY), "--out", str(tmp_path / "f"), "--shares", "0.5,0.50"]
    )
    assert twice.exit_code == 2 and "--shares: [duplicate-key]" in twice.output
    assert not (tmp_path / "f").exists()
    # Alike to 12 figures, the two points' runs are one folder: a traceback, after the
    # reference's solve.
    close = "0.1234567890123,0.1234567890124"
    alike = CliRunner().invoke(
        app, ["frontier", str(TINY), "--out", str(tmp_path / "f"), "--shares", close]
    )
    assert alike.exit_code == 2 and "--shares: [duplicate-key]" in alike.output, alike.output
    assert not (tmp_path / "f").exists()


def test_the_frontiers_reference_is_solved_without_the_models_own_cap(tmp_path: Path) -> None:
    # The model caps the mission's cost: every share had been of that capped plan's cost.
    model = yaml.safe_load((MODELS_DIR / "security-keeping.yaml").read_text())
    model["mission"]["total_budget"] = 1000.0
    path = tmp_path / "capped.yaml"
    path.write_text(yaml.safe_dump(model))
    command = ["frontier", str(TINY), "--model", str(path), "--out", str(tmp_path / "f")]
    given = ["--shares", "1.0", "--time-limit", "10", "--gap", "0.03"]
    result = CliRunner().invoke(app, [*command, *given])
    assert result.exit_code == 0, result.output
    reference = yaml.safe_load((tmp_path / "f" / "unconstrained" / "model.yaml").read_text())
    assert reference["mission"]["total_budget"] is None
    # --gap as sweep and solve take it, the reference's and every point's.
    point = yaml.safe_load((tmp_path / "f" / "budget-1" / "model.yaml").read_text())
    assert reference["solver"]["gap"] == point["solver"]["gap"] == 0.03
    # Run again under another, both are of other inputs, said before they are solved again.
    given[3] = "9"
    again = CliRunner().invoke(app, [*command, *given])
    said = " ".join(again.output.split())
    assert again.exit_code == 0 and "[solved-again] 2 run(s)" in said, said
    assert "unconstrained (time_limit 10, now 9), budget-1 (time_limit 10, now 9)" in said
    assert pd.read_csv(tmp_path / "f" / "frontier.csv")["budget_cap"].iloc[0] > 1000.0


def test_a_frontier_run_of_a_scenario_or_model_edited_since_is_said_before_it_is_solved_again(
    tmp_path: Path,
) -> None:
    """Run again into the same folder after the scenario was edited, the plan without a
    cap and every point were solved again and replaced without a word (only other solver
    options were said, a point's cap waiting for the reference's solve): said once, before
    anything is solved, as sweep says it."""
    shutil.copytree(TINY, tmp_path / "base")
    model = tmp_path / "m.yaml"
    shutil.copy(MODELS_DIR / "security-keeping.yaml", model)
    out = tmp_path / "f"
    command = ["frontier", str(tmp_path / "base"), "--model", str(model), "--out", str(out)]
    command += ["--shares", "1.0", "--time-limit", "5"]
    said = _said_solved_again_after_a_demand_edit(tmp_path, command, out, "unconstrained, budget-1")
    assert said.index("[solved-again]") < said.index("The plan without a budget cap")

    def named() -> list[runner.OtherInputs]:
        kept = frontier_as_kept(tmp_path / "base", str(model), out, [1.0, 0.5], {"time_limit": 5})
        return runner.other_inputs(kept, out)

    # Solved again, each is of its inputs now; a share never run is no run to name.
    assert named() == []
    # The model's own cap is none of theirs: the reference has none, each point its own.
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("mission:\n", "mission:\n  total_budget: 1000.0\n"))
    assert load_spec(model).mission.total_budget == 1000.0 and named() == []
    # A weight of the objective is every run's.
    edit(model, "  shortfall: 10.0", "  shortfall: 12.0")
    assert named() == [
        runner.OtherInputs("unconstrained", model=True),
        runner.OtherInputs("budget-1", model=True),
    ]


def test_a_frontier_point_without_a_plan_is_said_and_exits_3(tmp_path: Path) -> None:
    # Both nations asked for, at 1% of the cost: it had exited 0 and said nothing of why.
    model = yaml.safe_load((MODELS_DIR / "security-keeping.yaml").read_text())
    model["coalition"]["min_nations"] = 2
    model["rules"]["min_nations"] = "hard"
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(model))
    command = ["frontier", str(TINY), "--model", str(path), "--out", str(tmp_path / "f")]
    result = CliRunner().invoke(app, [*command, "--shares", "0.01,1", "--time-limit", "10"])
    assert result.exit_code == 3, result.output
    table = pd.read_csv(tmp_path / "f" / "frontier.csv").set_index("variant")
    assert table.loc["budget-0.01", "status"] == "infeasible"
    why = str(table.loc["budget-0.01", "error"])
    assert "total_budget" in why and "min_nations" in why, why
    assert f"budget-0.01: infeasible {why[:40]}" in " ".join(result.output.split())
    assert table.loc["budget-1", "status"] == "solved"


def test_a_sweep_and_a_frontier_keep_out_of_each_others_folders(tmp_path: Path) -> None:
    # Both write index.parquet: each had replaced the other's, and a variant's run had
    # taken the place of a folder of the user's own of its name.
    frontier, sweep, own = tmp_path / "f", tmp_path / "s", tmp_path / "o"
    (frontier / "unconstrained").mkdir(parents=True)
    (frontier / "unconstrained" / HASH_FILE).write_text("0\n")
    sweep.mkdir()
    (sweep / INDEX).write_bytes(b"")
    (own / "a" / "figures").mkdir(parents=True)
    (own / "a" / "report.html").write_text("mine")
    spec_file = _sweep_file(tmp_path, f"name: s\nscenario: {TINY}\nvariants:\n  - {{name: a}}\n")
    into = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(frontier)])
    assert into.exit_code == 2 and "[not-a-sweep-folder] holds a frontier" in into.output
    back = CliRunner().invoke(app, ["frontier", str(TINY), "--out", str(sweep)])
    assert back.exit_code == 2 and "[not-a-frontier-folder]" in back.output, back.output
    mine = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(own)])
    output = " ".join(mine.output.split())
    assert mine.exit_code == 2 and "[not-a-run-folder]" in output and "(variant a)" in output
    assert (own / "a" / "report.html").read_text() == "mine"


def test_frontier_points_close_together_keep_names_of_their_own() -> None:
    spec = load_spec("security-keeping")
    shares = [0.333, 0.334, 0.1 * 3, np.float64(1.0)]
    points = frontier_sweep(TINY, "security-keeping", spec, 1e6, shares, {})
    names = [v.name for v in points.variants]
    assert names == ["budget-0.333", "budget-0.334", "budget-0.3", "budget-1"]


def _scaled_sweep(folder: Path, scales: list[float]) -> list[str]:
    """A sweep's folder of runs that scale every budget by `scales`, written as a sweep
    leaves them (kpis.json, the index), with no solve: their variants' names. The index
    is an older version's, which wrote each scale's JSON in `set:` too: still read."""
    names = [f"base-budget=x{scale:g}" for scale in scales]
    for name, scale in zip(names, scales, strict=True):
        (folder / name).mkdir(parents=True)
        kpis = {"scenario": "s", "model": "m", "total_shortfall": 1000 / scale}
        (folder / name / "kpis.json").write_text(json.dumps(kpis))
    pd.DataFrame(
        {
            "variant": names,
            "folder": names,
            "status": "solved",
            "set:budgets.*.budget": [json.dumps({"scale": scale}) for scale in scales],
            "scale:budgets.*.budget": scales,
        }
    ).to_parquet(folder / INDEX)
    return names


def test_the_variant_that_changes_nothing_is_found_in_either_indexs_layout() -> None:
    """A scale of 1 changes nothing, written as this version writes it (its factor in
    `scale:` alone) or as an older one did (its JSON in `set:` too)."""
    from forcegen.sweep.compare import _changes_nothing

    scales = pd.Series([0.7, 1.0, None])
    newer = pd.DataFrame({"scale:a": scales, "set:a": pd.array([None, None, 5], "Int64")})
    older = newer.assign(**{"set:a": ['{"scale": 0.7}', '{"scale": 1.0}', "5"]})
    for index in (newer, older):
        assert _changes_nothing(index).tolist() == [False, True, False]


def test_a_variant_of_the_value_its_base_holds_is_the_sweeps_baseline(tmp_path: Path) -> None:
    """A grid of the academy's places, 50 and tiny's own 100, had no variant that changed
    nothing by its `set:` columns: `compare DIR` took 50 places for the baseline, "none
    leaves its base as it is". The index's `as_base` says whose inputs are the base's."""
    sweep = SweepSpec(
        name="t",
        scenario=TINY,
        solver={"time_limit": 3},
        grid={"settings.domestic.academy_capacity": [50, 100]},
    )
    out = tmp_path / "sweep"
    index = run_sweep(sweep, out)
    assert index["as_base"].dtype == "boolean" and index["as_base"].tolist() == [False, True]
    result = CliRunner().invoke(app, ["compare", str(out)])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "KPIs against base-academy_capacity=100" in said
    assert "the baseline: the sweep's variant that changes nothing of its base" in said
    # A variant that failed before its inputs were known is neither.
    work = runner.jobs(sweep, out)
    rows = [{**runner._row(job), "status": "failed"} for job in work]
    assert runner._write_index(rows, work, out, runner._base_hash(work[0]))["as_base"].isna().all()


def test_compare_says_a_sweep_stopped_before_any_variant_finished(tmp_path: Path) -> None:
    """A Ctrl-C before the first variant finished leaves an index of its variants not run
    (of none, written by an older forcegen): `compare DIR` said only that none of the runs
    given has a plan, not that the sweep never ran one."""
    sweep = SweepSpec(
        name="t", scenario=TINY, grid={"settings.domestic.academy_capacity": [50, 60]}
    )
    out = tmp_path / "sweep"
    out.mkdir()
    work = runner.jobs(sweep, out)
    for rows, which in (
        ([], "no variant"),
        (runner._not_run(work, []), "2 of its 2 variants as not-run"),
    ):
        runner._write_index(rows, work, out)
        result = CliRunner().invoke(app, ["compare", str(out)])
        said = " ".join(result.output.split())
        assert result.exit_code == 2, said
        assert (
            f"warning {out / INDEX}: [no-plan] lists {which}: the sweep (or frontier) was "
            "stopped before they finished; the same command resumes it"
        ) in said
        assert "not-run variant" not in said  # said once, not variant by variant
    # One variant finished: compared, its base perhaps among those not run.
    solved = run_variant(work[0])
    runner._write_index([solved, *runner._not_run(work, [solved])], work, out)
    result = CliRunner().invoke(app, ["compare", str(out)])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert "lists 1 of its 2 variants as not-run" in said
    assert (
        "the baseline: the sweep's first solved variant (none of those run leaves its base "
        "as it is; the sweep was stopped before the rest)"
    ) in said


def test_a_sweeps_base_without_a_plan_is_said_so_not_as_none(tmp_path: Path) -> None:
    """The variant that leaves the base as it is proven infeasible, compare took the first
    solved variant and said "none leaves its base as it is", which one does."""
    sweep = tmp_path / "sweep"
    _scaled_sweep(sweep, [0.7, 1.0, 1.2])
    index = pd.read_parquet(sweep / INDEX)
    index.loc[index["variant"] == "base-budget=x1", "status"] = "infeasible"
    index.to_parquet(sweep / INDEX)
    (sweep / "base-budget=x1" / "kpis.json").unlink()
    result = CliRunner().invoke(app, ["compare", str(sweep)])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert "KPIs against base-budget=x0.7" in said
    assert (
        "the baseline: the sweep's first solved variant (the one that leaves its base as it "
        "is, base-budget=x1, is left out)"
    ) in said


def test_the_variant_whose_inputs_are_its_bases_changes_nothing() -> None:
    """Where the index says it (`as_base`, by the hash of the inputs), a value set to what
    the base holds changes nothing, and its word is taken over the `set:` and `scale:`
    columns'; where it is unknown (an older index, a row of no hash), those columns judge."""
    from forcegen.sweep.compare import _changes_nothing

    index = pd.DataFrame(
        {
            "set:a": pd.array([100, 50, None], "Int64"),
            "scale:b": [None, None, 1.0],
            "as_base": pd.array([True, False, False], "boolean"),
        }
    )
    assert _changes_nothing(index).tolist() == [True, False, False]
    assert _changes_nothing(index.drop(columns="as_base")).tolist() == [False, False, True]
    unknown = index.assign(as_base=pd.array([None, False, None], "boolean"))
    assert _changes_nothing(unknown).tolist() == [False, False, True]


def test_compare_writes_nothing_into_the_sweeps_folder_it_compares(tmp_path: Path) -> None:
    """`compare DIR --out DIR/x.csv` wrote into the sweep's folder it read, which a run
    folder given refuses (an output inside an input)."""
    sweep = tmp_path / "sweep"
    _scaled_sweep(sweep, [0.7, 1.0])
    for option in ("--out", "--figure"):
        inside = sweep / ("x.csv" if option == "--out" else "x.html")
        result = CliRunner().invoke(app, ["compare", str(sweep), option, str(inside)])
        said = " ".join(result.output.split())
        assert result.exit_code == 2 and f"{option}: [overwrites-input]" in said, said
        assert not inside.exists()
        # Its entries named one by one (DIR/*) are the folder too.
        entries = [str(entry) for entry in sweep.iterdir()]
        result = CliRunner().invoke(app, ["compare", *entries, option, str(inside)])
        assert result.exit_code == 2 and not inside.exists(), result.output


def test_a_sweeps_baseline_is_its_variant_that_changes_nothing_or_one_named(
    tmp_path: Path,
) -> None:
    """`compare DIR` took the sweep's first variant (budgets at 70%) as the baseline, said
    nowhere why; `--baseline base-budget=x1`, a variant's name, was no run."""
    sweep, other = tmp_path / "sweep", tmp_path / "other"
    _scaled_sweep(sweep, [0.7, 1.0, 1.2])
    whole = CliRunner().invoke(app, ["compare", str(sweep)])
    output = " ".join(whole.output.split())
    assert whole.exit_code == 0, output
    assert "KPIs against base-budget=x1" in output
    assert "the sweep's variant that changes nothing of its base" in output
    table = compare_runs([sweep]).set_index(["run", "kpi"])
    assert table.loc[("base-budget=x0.7", "total_shortfall"), "baseline"] == 1000
    # One path, as a notebook gives it, is that path: its text was read a letter a run.
    for one in (str(sweep), sweep):
        assert compare_runs(one).set_index(["run", "kpi"]).equals(table)
    named = CliRunner().invoke(app, ["compare", str(sweep), "--baseline", "base-budget=x0.7"])
    output = " ".join(named.output.split())
    assert named.exit_code == 0 and "KPIs against base-budget=x0.7" in output, output
    assert "as --baseline names it" in output
    assert compare_runs([sweep], "base-budget=x0.7")["baseline"].iloc[0] == 1000 / 0.7
    # A name of a run of two sweeps given is refused as such, not as a run missing.
    _scaled_sweep(other, [0.7, 1.2])
    both = [str(sweep), str(other), "--baseline", "base-budget=x0.7"]
    twice = CliRunner().invoke(app, ["compare", *both])
    output = " ".join(twice.output.split())
    assert twice.exit_code == 2 and "--baseline: [ambiguous]" in output, output
    assert "missing-folder" not in output
    # One sweep given in two forms of its path is one sweep: its variant, not ambiguous.
    forms = [str(sweep), str(sweep.resolve()) + "/", "--baseline", "base-budget=x0.7"]
    alike = CliRunner().invoke(app, ["compare", *forms])
    assert alike.exit_code == 0 and "KPIs against base-budget=x0.7" in " ".join(
        alike.output.split()
    ), alike.output

    def refused(baseline: str) -> str:
        result = CliRunner().invoke(app, ["compare", str(sweep), "--baseline", baseline])
        output = " ".join(result.output.split())
        # Said as what it is, not as a run missing or a run without its kpis.json.
        assert result.exit_code == 2 and "missing-" not in output, output
        return output

    # A name no sweep given holds is said with those they hold.
    assert (
        "--baseline: [unknown-run] no run of that name, nor a variant of the sweeps given "
        "(base-budget=x0.7, base-budget=x1, base-budget=x1.2)"
    ) in refused("base-budget=x9")
    # A variant without a plan is said so.
    index = pd.read_parquet(sweep / INDEX)
    index.loc[index["variant"] == "base-budget=x1.2", "status"] = "infeasible"
    index.to_parquet(sweep / INDEX)
    (sweep / "base-budget=x1.2" / "kpis.json").unlink()
    assert (
        "--baseline: [no-plan] the sweep's infeasible variant has no plan to compare with: "
        "name a solved one"
    ) in refused("base-budget=x1.2")
    # A sweep none of whose variants leaves its base alone: its first, and said so.
    first = CliRunner().invoke(app, ["compare", str(other)])
    output = " ".join(first.output.split())
    assert first.exit_code == 0 and "KPIs against base-budget=x0.7" in output, output
    assert "the sweep's first solved variant (none leaves its base as it is)" in output


def test_an_earlier_sweeps_run_is_no_variant_to_name_and_used_is_not_left_out(
    tmp_path: Path,
) -> None:
    """`--baseline base`, a run folder an earlier sweep left (its variant renamed since),
    was taken for the baseline while the same output said it was left out as in no index;
    named on its own beside the sweep, it was compared and said left out as well."""
    sweep = tmp_path / "sweep"
    _scaled_sweep(sweep, [0.7, 1.0])
    shutil.copytree(sweep / "base-budget=x0.7", sweep / "base")
    named = CliRunner().invoke(app, ["compare", str(sweep), "--baseline", "base"])
    output = " ".join(named.output.split())
    assert named.exit_code == 2, output
    assert (
        f"--baseline: [not-in-index] {(sweep / 'base').resolve()} is no variant its index "
        "lists (an earlier sweep's run?): name one of its variants (base-budget=x0.7, "
        "base-budget=x1)"
    ) in output
    with pytest.raises(ScenarioError, match="not-in-index"):
        compare_runs(sweep, "base", judge=False)
    # Named on its own, or by its path as the baseline, it is used, and not said left out.
    csv = tmp_path / "c.csv"
    given = CliRunner().invoke(app, ["compare", str(sweep / "base"), str(sweep), "--out", str(csv)])
    output = " ".join(given.output.split())
    assert given.exit_code == 0 and "KPIs against base" in output, output
    assert "left out" not in output
    assert list(dict.fromkeys(pd.read_csv(csv)["run"])) == [
        "base",
        "base-budget=x1",
        "base-budget=x0.7",
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compare_runs([sweep / "base", sweep], judge=False)
        compare_runs(sweep, sweep / "base", judge=False)
    by_path = CliRunner().invoke(app, ["compare", str(sweep), "--baseline", str(sweep / "base")])
    output = " ".join(by_path.output.split())
    assert by_path.exit_code == 0 and "KPIs against base" in output, output
    assert "left out" not in output
    # Given the sweep alone, it is left out, said.
    with pytest.warns(UserWarning, match="no variant its index lists"):
        compare_runs(sweep, judge=False)


def test_compare_runs_takes_text_paths_and_needs_a_run(tmp_path: Path) -> None:
    tmp_path = _occupied(tmp_path / "sweep")
    index = run_sweep(_sweep(), tmp_path)
    # One type a column, whatever the variants gave (no error, a gap or none).
    written = pd.read_parquet(tmp_path / INDEX)
    for table in (index, written):
        assert table["error"].dtype == "string" and table["status"].dtype == "string"
        assert table["gap"].dtype == "float64" and table["total_shortfall"].dtype == "float64"
        # A count is whole, <NA> where a variant failed; a value set as a number is one.
        assert table["tours"].dtype == "Int64" and table["tours"].isna().tolist()[2:] == [True] * 2
        assert table["set:settings.domestic.academy_capacity"].tolist() == [50, 100, 50, 100]
        assert table["set:settings.domestic.academy_capacity"].dtype == "Int64"
    runs = ["base-academy_capacity=50", "base-academy_capacity=100"]
    table = compare_runs([str(tmp_path / run) for run in runs])
    assert list(table["run"].unique()) == runs
    with pytest.raises(ValueError, match="no runs"):
        compare_runs([])
    # A run without a bound shows "none" in the gap's panel, not an empty place.
    unbounded = (table["kpi"] == "gap") & (table["run"] == runs[1])
    figure = comparison_figure(table.assign(value=table["value"].mask(unbounded)))
    none = [bar for bar in figure.data if list(bar.text) == ["none"]]
    assert [(bar.x[0], bar.y[0]) for bar in none] == [(runs[1], 0)]
    # Each run named once, in the legend, not under every chart's bars.
    assert [bar.name for bar in figure.data if bar.showlegend] == runs
    assert figure.layout.xaxis.showticklabels is False
    assert set(table["model"]) == {"security-keeping"}


def test_an_unreachable_scheduler_is_bad_input_said_with_the_others(tmp_path: Path) -> None:
    """An address where no scheduler answers was said after distributed's retries (44 s),
    in its words, once the sweep's progress had begun: said before anything runs, with
    the command's other problems, in ours, exit 2."""
    with socket.socket() as closed:  # a local port let go of: none answers there
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\n")
    (tmp_path / "o").write_text("a planner's file\n")
    address = f"tcp://127.0.0.1:{port}"
    command = ["sweep", str(spec_file), "--out", str(tmp_path / "o"), "--scheduler", address]
    result = CliRunner().invoke(app, command)
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "Traceback" not in said, said
    assert "2 error(s)" in said and "--out: [not-writable]" in said, said
    assert (
        "--scheduler: [unreachable] no Dask scheduler answers there within "
        f"{runner.SCHEDULER_SECONDS} s: start one (`dask scheduler` prints its address), or "
        f"give the address of yours (value '{address}')"
    ) in said, said
    assert (tmp_path / "o").read_text() == "a planner's file\n"


def test_a_scheduler_lost_as_the_sweep_runs_is_said_and_no_other_error_is_taken_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any OSError of a sweep run with --scheduler was said as an unreachable scheduler,
    exit 2: a full disk as the index was written too. A connection lost is said as the
    scheduler that stopped answering; a full disk is no scheduler's."""
    from distributed.comm.core import CommClosedError

    import forcegen.cli as cli

    spec_file = _sweep_file(tmp_path, f"name: s\nscenario: {TINY}\n")
    address = "tcp://127.0.0.1:8786"
    monkeypatch.setattr(cli, "unreachable", lambda scheduler: None)
    raised: list[OSError] = []

    def run_sweep(*args: object, **kwargs: object) -> None:
        raise raised[-1]

    monkeypatch.setattr(cli, "run_sweep", run_sweep)
    command = ["sweep", str(spec_file), "--out", str(tmp_path / "o"), "--scheduler", address]
    raised.append(CommClosedError("in <TCP (closed)>: Stream is closed"))
    result = CliRunner().invoke(app, command)
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert (
        "--scheduler: [unreachable] the scheduler stopped answering as the sweep ran (in <TCP "
        "(closed)>: Stream is closed); the variants finished are in their run folders, which "
        f"the same command reuses (value '{address}')"
    ) in said, said
    full = OSError(errno.ENOSPC, "No space left on device")
    raised.append(full)
    result = CliRunner().invoke(app, command)
    assert result.exception is full and "unreachable" not in result.output, result.output


def _sweep_file(tmp_path: Path, text: str) -> Path:
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(text)
    return spec_file


def _refused(spec_file: Path, out: Path) -> str:
    """The sweep command's output, having refused the sweep file before running anything."""
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not out.exists()
    return " ".join(result.output.split())


def test_a_variant_name_that_is_no_run_folder_of_its_own_is_refused(tmp_path: Path) -> None:
    """`..` would put a run outside --out, `.` into it, `index.parquet` onto the index."""
    names = [".", "..", ".hidden", "index.parquet", "Index.Parquet"]
    variants = "".join(f"  - {{name: '{name}', set: {{solver.gap: 0}}}}\n" for name in names)
    spec_file = _sweep_file(tmp_path, f"name: s\nscenario: {TINY}\nvariants:\n{variants}")
    output = _refused(spec_file, tmp_path / "o")
    for i, name in enumerate(names):
        reason = "may not start with '.'" if name.startswith(".") else "is the sweep's index"
        problem = f"variant {name}, line {i + 4}, key name: [format] names the variant's run folder"
        said = re.search(rf"{re.escape(problem)}[^[]*\(value '([^']*)'\)", output)
        assert said is not None and reason in said[0] and said[1] == name, output


def test_a_run_folder_that_lost_a_file_is_solved_again(tmp_path: Path) -> None:
    sweep = SweepSpec(
        name="t",
        scenario=TINY,
        solver={"time_limit": 20},
        grid={"settings.domestic.academy_capacity": [50, 100]},
    )
    first = run_sweep(sweep, tmp_path)
    assert first["status"].tolist() == ["solved", "solved"]
    plans, copies = (tmp_path / name for name in first["variant"])
    (plans / "assignments.csv").unlink()
    (copies / "scenario" / "units.csv").unlink()
    again = run_sweep(sweep, tmp_path)
    assert again["status"].tolist() == ["solved", "solved"]
    assert (plans / "assignments.csv").exists() and (copies / "scenario" / "units.csv").exists()


def test_the_index_says_the_soft_rules_a_variants_plan_breaks(tmp_path: Path) -> None:
    """A variant that asks more nations than the two the scenario has, under the soft
    `min_nations`, is solved at the rule's price: the index says so beside its figures."""
    three = {"model.coalition.min_nations": 3}
    sweep = SweepSpec(
        name="t",
        scenario=TINY,
        solver={"time_limit": 20},
        variants=[
            Variant(name="two", set={"model.coalition.min_nations": 2}),
            Variant(name="three", set=three),
        ],
    )
    index = run_sweep(sweep, tmp_path).set_index("variant")
    # None is missing, as a failed variant's error is (isna() says it of both), not "".
    read = pd.read_parquet(tmp_path / "index.parquet").set_index("variant")
    for table in (index, read):
        assert table["soft_breaches"].isna().tolist() == [True, False]
        assert table.loc["three", "soft_breaches"] == "min-nations 1"


def test_a_variant_left_without_a_plan_keeps_none_of_other_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A variant changed so that no plan keeps the rules, or so that its solve fails, takes
    away the plan its folder held of the earlier inputs: compare and report read it as
    the variant's, beside the proof that there was none."""
    sweep = SweepSpec(
        name="t", scenario=TINY, solver={"time_limit": 20}, variants=[Variant(name="v")]
    )
    assert run_sweep(sweep, tmp_path)["status"].tolist() == ["solved"]
    three = {"model.rules.min_nations": "hard", "model.coalition.min_nations": 3}
    stricter = sweep.model_copy(update={"variants": [Variant(name="v", set=three)]})
    (indexed,) = run_sweep(stricter, tmp_path).to_dict("records")
    assert indexed["status"] == "infeasible"
    assert [p.name for p in (tmp_path / "v").iterdir()] == ["infeasible.txt"]
    # The diagnosis in one cell, without the indents that nest its lines in a terminal.
    assert "  " not in indexed["error"] and indexed["error"].startswith("min_nations")
    # Solved again, then failing: in this process, so that the solve can be made to fail.
    assert run_sweep(sweep, tmp_path)["status"].tolist() == ["solved"]
    # A failure after the plan of these same inputs is there (its check) keeps the plan.

    def broken(*_: object) -> None:
        raise RuntimeError("the checker failed")

    monkeypatch.setattr(runner, "check_plan", broken)
    row = run_variant(Job(TINY, sweep.model, sweep.solver, sweep.variants[0], tmp_path / "v"))
    assert row["status"] == "failed" and (tmp_path / "v" / "assignments.csv").exists()
    monkeypatch.undo()
    other = Variant(name="v", set={"settings.domestic.academy_capacity": 50})
    monkeypatch.setattr(runner, "solve_scenario", lambda *_, **__: 1 / 0)
    row = run_variant(Job(TINY, sweep.model, sweep.solver, other, tmp_path / "v"))
    assert row["status"] == "failed" and "ZeroDivisionError" in row["error"]
    assert list((tmp_path / "v").iterdir()) == []
    # Our own exception says what happened, not which of our classes it is.

    def stopped(*_: object, **__: object) -> None:
        raise NoPlan("the solver stopped (time_limit) without a plan")

    monkeypatch.setattr(runner, "solve_scenario", stopped)
    row = run_variant(Job(TINY, sweep.model, sweep.solver, other, tmp_path / "v"))
    assert row["error"] == "the solver stopped (time_limit) without a plan"


def test_a_spoilt_hash_of_inputs_runs_the_variant_again(tmp_path: Path) -> None:
    """A hash file that is no text (written over, a disk's fault) is a run to make
    again, not a variant failed on every resume."""
    sweep = _sweep()
    job = Job(TINY, sweep.model, sweep.solver, sweep.variants[0], tmp_path / "v")
    assert run_variant(job)["status"] == "solved"
    (tmp_path / "v" / HASH_FILE).write_bytes(b"\xff\xfe\n")
    again = run_variant(job)
    assert (again["status"], again.get("reused")) == ("solved", False), again.get("error")
    assert run_variant(job)["reused"]


def test_a_spoilt_hash_whose_variant_then_fails_leaves_no_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan beside a spoilt hash is of inputs unknown: a run of the variant that then
    fails takes it away, or compare, report and check would read it as the variant's."""
    sweep = _sweep()
    job = Job(TINY, sweep.model, sweep.solver, sweep.variants[0], tmp_path / "v")
    assert run_variant(job)["status"] == "solved"
    (tmp_path / "v" / HASH_FILE).write_bytes(b"\xff\xfe\n")

    def stopped(*_: object, **__: object) -> None:
        raise NoPlan("the solver stopped (time_limit) without a plan")

    monkeypatch.setattr(runner, "solve_scenario", stopped)
    assert run_variant(job)["status"] == "failed"
    assert list((tmp_path / "v").iterdir()) == []


def test_an_unreadable_kpis_file_runs_the_variant_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kpis.json that cannot be read (its permissions changed, a disk's fault) is a run
    to make again, as a spoilt one is, not a variant failed on every resume."""
    sweep = _sweep()
    job = Job(TINY, sweep.model, sweep.solver, sweep.variants[0], tmp_path / "v")
    assert run_variant(job)["status"] == "solved"
    kpis = tmp_path / "v" / "kpis.json"
    read_text = Path.read_text

    refused_once = False

    def refused(path: Path, *args: Any, **kwargs: Any) -> str:
        nonlocal refused_once
        if path == kpis and not refused_once:
            refused_once = True
            raise PermissionError(13, "Permission denied", str(path))
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", refused)
    again = run_variant(job)
    assert (again["status"], again.get("reused")) == ("solved", False), again.get("error")


@pytest.mark.parametrize(
    "stop",
    [
        lambda pid: os.killpg(pid, signal.SIGINT),  # Ctrl-C: every process of the group
        lambda pid: os.kill(pid, signal.SIGTERM),  # a job scheduler, `timeout`: the sweep's
    ],
    ids=["ctrl-c", "sigterm"],
)
def test_ctrl_c_stops_the_sweep_and_indexes_what_is_finished(
    tmp_path: Path, stop: Callable[[int], None]
) -> None:
    """As at a terminal, Ctrl-C signals every process of the sweep's process group; a
    SIGTERM to the sweep alone stops it the same way."""
    grid = "grid:\n  settings.domestic.recruits_per_month: [10, 20, 30]\n"
    spec_file = _sweep_file(tmp_path, f"name: s\nscenario: {TINY}\n{grid}")
    out = tmp_path / "o"
    sweep = forcegen_in_its_own_session("sweep", str(spec_file), "--out", str(out))
    finished = out / "base-recruits_per_month=10" / HASH_FILE
    while not finished.exists() and sweep.poll() is None:
        time.sleep(0.05)
    assert sweep.poll() is None, sweep.communicate()
    stop(sweep.pid)
    _, errors = sweep.communicate(timeout=120)
    assert sweep.returncode == 130 and "Traceback" not in errors, errors
    assert "the same command resumes the sweep" in " ".join(errors.split())
    assert not list(out.glob(".*.tmp"))  # the killed variant's staging went with it
    index = pd.read_parquet(out / INDEX).set_index("variant")
    solved = {path.parent.name for path in out.glob(f"*/{HASH_FILE}")}
    assert len(solved) < 3  # no variant ran on
    # Every variant is listed: those not finished as not-run, where an index of the
    # finished alone read as a whole sweep of fewer variants.
    assert len(index) == 3 and set(index.index[index["status"] == "solved"]) <= solved
    stopped = index.drop(sorted(solved), errors="ignore")
    assert (stopped["status"] == "not-run").all() and len(stopped) >= 1
    assert stopped["error"].str.contains("the same command runs it").all()
    # Every variant written whole is skipped, indexed or not (one written as the Ctrl-C
    # came, its row not yet read back, is in no index but is finished all the same).
    resumed = run_sweep(load_sweep(spec_file), out).set_index("variant")
    assert (resumed["status"] == "solved").all()
    assert resumed.loc[sorted(solved), "reused"].all()
    assert not resumed.drop(sorted(solved))["reused"].any()


def test_ctrl_c_stops_a_sweep_on_workers_with_no_word_from_them(tmp_path: Path) -> None:
    """The local cluster's workers, stopped in the middle of a variant, had printed
    distributed's heartbeat tracebacks and multiprocessing's "leaked semaphore" warning."""
    grid = "grid:\n  settings.domestic.recruits_per_month: [10, 20, 30, 40]\n"
    solver = "solver: {time_limit: 5}\n"
    spec_file = _sweep_file(tmp_path, f"name: s\nscenario: {TIMOR}\n{solver}{grid}")
    out = tmp_path / "o"
    sweep = forcegen_in_its_own_session(
        "sweep", str(spec_file), "--out", str(out), "--workers", "2"
    )
    # Stopped as its workers start: they had most to say then, still importing. Pressed
    # three times, as an impatient user does: the later presses had stopped the cluster's
    # closing halfway, and distributed's own at exit printed a traceback.
    while len(psutil.Process(sweep.pid).children()) < 3 and sweep.poll() is None:
        time.sleep(0.05)
    assert sweep.poll() is None, sweep.communicate()
    for _ in range(3):
        with suppress(ProcessLookupError):  # ended already
            os.killpg(sweep.pid, signal.SIGINT)
        time.sleep(0.3)
    _, errors = sweep.communicate(timeout=120)
    assert sweep.returncode == 130, errors
    assert errors.split("\n")[0].startswith("Interrupted:") and errors.count("\n") == 1, errors
    assert set(pd.read_parquet(out / INDEX)["status"]) == {"not-run"}


def test_ctrl_c_as_the_local_cluster_starts_stops_the_sweep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its workers were made deaf to Ctrl-C by ignoring SIGINT while the cluster started,
    which lost a Ctrl-C pressed then: the sweep ran on to its end."""
    import distributed

    closed = []

    class Starting:
        def __init__(self, **_: object) -> None:
            # As a terminal's Ctrl-C comes while the cluster starts its workers.
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

        def close(self) -> None:
            closed.append(self)

    monkeypatch.setattr(distributed, "LocalCluster", Starting)
    monkeypatch.setattr(distributed, "Client", lambda *_: pytest.fail("no client is made"))
    with pytest.raises(KeyboardInterrupt):
        run_sweep(_sweep(), tmp_path / "o", workers=2)
    assert len(closed) == 1
    assert set(pd.read_parquet(tmp_path / "o" / INDEX)["status"]) == {"not-run"}


def test_a_date_yaml_reads_unquoted_sets_a_month(tmp_path: Path) -> None:
    """settings.start: 2000-02-01, as scenario.yaml takes it, had been refused as 'no
    form an override takes (value datetime.date(2000, 2, 1))'."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\nvariants:\n  - name: a\n    set:\n"
        "      settings.start: 2000-02-01\n",
    )
    (variant,) = load_sweep(spec_file).expand()
    assert variant.set == {"settings.start": "2000-02-01"}


def test_a_yes_or_no_a_grid_sets_is_a_boolean_column_of_the_index(tmp_path: Path) -> None:
    """It had been text, 'True' and 'False', which a query for True (or the 'true' the
    variant's name says) did not find."""
    sweep = SweepSpec(name="t", scenario=TINY, grid={"regions.north.border": [True, False]})
    work = runner.jobs(sweep, tmp_path / "o")
    rows = [{**runner._row(job), "status": "failed"} for job in work]
    index = runner._write_index(rows, work, tmp_path / "o")
    column = index["set:regions.north.border"]
    assert column.dtype == "boolean" and column.tolist() == [True, False]


def test_a_run_finished_as_the_sweep_stopped_is_indexed(tmp_path: Path) -> None:
    """A worker stopped by a Ctrl-C may have finished a variant whose row was never read
    back: the index had left it out, though it said it listed the variants finished, and
    compare warned of its run as an earlier sweep's."""
    sweep = _sweep()
    done, unsolved = (
        Job(TINY, sweep.model, sweep.solver, v, tmp_path / v.name) for v in sweep.variants
    )
    assert run_variant(done)["status"] == "solved"
    since = time.time()
    (found,) = runner._finished_unread([done, unsolved], [], since)
    assert found == run_variant(done)  # as a resume finds it: reused, every figure
    assert runner._finished_unread([done, unsolved], [found], since) == []
    # Finished in this sweep, it was not reused.
    (found,) = runner._finished_unread([done], [], since - 3600)
    assert found["reused"] is False


def test_a_sweep_stopped_as_it_hashes_its_base_writes_its_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The base's inputs are read and hashed (`as_base`) before any variant runs: a Ctrl-C
    then is the sweep's as any other, its index written, as the terminal says it is."""

    def stopped(_: Job) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "_base_hash", stopped)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(_sweep(), tmp_path / "o")
    assert set(pd.read_parquet(tmp_path / "o" / INDEX)["status"]) == {"not-run"}


def test_time_limit_and_gap_on_the_command_line_are_every_variants_but_its_own(
    tmp_path: Path,
) -> None:
    """--time-limit and --gap take the place of the sweep file's solver: (and the model's)
    for every variant but one that sets its own; run again under another, a variant's
    inputs are others (its hash holds its solver options), so it is solved again, said
    before, and one of the same is not. An analyst had to edit the sweep file."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\nsolver: {{time_limit: 20, gap: 0.05}}\n"
        "variants:\n  - name: base\n  - name: own\n    set: {solver.time_limit: 7}\n",
    )
    out = tmp_path / "o"

    def swept(*options: str) -> tuple[str, pd.DataFrame]:
        result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(out), *options])
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split()), pd.read_parquet(out / INDEX).set_index("variant")

    def solved_under(variant: str) -> tuple[float, float]:
        solver = yaml.safe_load((out / variant / "model.yaml").read_text())["solver"]
        return solver["time_limit"], solver["gap"]

    said, index = swept("--time-limit", "5", "--gap", "0.02")
    assert solved_under("base") == (5, 0.02) and solved_under("own") == (7, 0.02)
    # The sweep's model file, its contents alike: a time limit makes no other model.
    base, own = (json.loads((out / v / "kpis.json").read_text()) for v in ("base", "own"))
    assert base["model_file"] == own["model_file"] == "security-keeping"
    assert base["model_sha256"] == own["model_sha256"]
    assert "own sets solver.time_limit itself, and is solved under it" in said
    assert not index["reused"].any()
    said, index = swept("--time-limit", "5", "--gap", "0.02")
    assert index["reused"].all() and "solved-again" not in said
    said, index = swept("--time-limit", "4", "--gap", "0.02")
    assert "1 run(s) in" in said and "solved again and replaced" in said
    assert "keeps them): 1 of other solver options: base (time_limit 5, now 4)" in said
    assert index["reused"].to_dict() == {"base": False, "own": True}
    assert solved_under("base") == (4, 0.02)
    refused = CliRunner().invoke(
        app, ["sweep", str(spec_file), "--out", str(tmp_path / "n"), "--time-limit", "-1"]
    )
    assert refused.exit_code == 2 and "--time-limit" in refused.output
    assert not (tmp_path / "n").exists()


def test_a_sweep_stopped_as_it_scans_its_folder_writes_its_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C as the sweep looks in its folder for earlier sweeps' runs (before any
    variant runs) had left no index, where the terminal said one listed every variant."""

    def stopped(_: Path, __: list[str]) -> dict[str, Path]:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "_earlier_runs", stopped)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(_sweep(), tmp_path / "o")
    index = pd.read_parquet(tmp_path / "o" / INDEX)
    assert len(index) == 4 and set(index["status"]) == {"not-run"}


def test_a_sweep_stopped_before_its_folder_is_its_own_says_no_index_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C as the sweep is judged (its scenario read) writes nothing: the terminal
    said an index listed the variants finished and the rest, where there was none."""

    def stopped(_: SweepSpec) -> list[Any]:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "judge_sweep", stopped)
    spec_file = _sweep_file(tmp_path, f"name: s\nscenario: {TINY}\n")
    out = tmp_path / "o"
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(out)])
    said = " ".join(result.output.split())
    assert result.exit_code == 130 and not out.exists(), said
    assert "lists the variants finished" not in said
    assert f"Interrupted before any variant ran: {out / INDEX} is not written" in said


def test_a_run_found_finished_as_the_sweep_stopped_is_said_as_it_is_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index listed it, but the terminal had said no line of it: the variants said
    were fewer than those the index, which the interrupt's message names, lists."""
    sweep = SweepSpec(
        name="t",
        scenario=TINY,
        solver={"time_limit": 20, "gap": 0},
        variants=[
            Variant(name="done"),
            Variant(name="unsolved", set={"settings.domestic.academy_capacity": 50}),
        ],
    )
    done, _ = runner.jobs(sweep, tmp_path / "o")
    assert run_variant(done)["status"] == "solved"

    def stopped(_: list[Job]) -> Generator[dict[str, Any], None, None]:
        raise KeyboardInterrupt
        yield {}  # a generator, closed as the sweep's workers are

    monkeypatch.setattr(runner, "_local", stopped)
    said: list[dict[str, Any]] = []
    with pytest.raises(KeyboardInterrupt):
        run_sweep(sweep, tmp_path / "o", progress=said.append)
    assert [row["variant"] for row in said] == ["done"]
    index = pd.read_parquet(tmp_path / "o" / INDEX)
    assert index[["variant", "status"]].values.tolist() == [
        ["done", "solved"],
        ["unsolved", "not-run"],
    ]


@pytest.mark.parametrize(
    "gone",
    # As print() says it, and as the command's console does, which catches it and exits.
    [BrokenPipeError(32, "Broken pipe"), SystemExit(141)],
    ids=["broken-pipe", "console-exit"],
)
def test_a_sweep_whose_progress_reader_goes_writes_its_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gone: BaseException
) -> None:
    """`forcegen sweep ... | head -1` exited 141 with no index (compare then found none),
    or, over an earlier sweep's folder, with the earlier index beside the runs replaced
    (compare left them out): the stop is the sweep's as a Ctrl-C's, the variant finished
    indexed, the rest not-run, the variants running ended, and what stopped it raised."""
    sweep = SweepSpec(
        name="t",
        scenario=TINY,
        solver={"time_limit": 20, "gap": 0},
        variants=[
            Variant(name="done"),
            Variant(name="unsaid", set={"settings.domestic.academy_capacity": 50}),
        ],
    )
    ended: list[str] = []

    def solving(work: list[Job]) -> Generator[dict[str, Any], None, None]:
        try:
            for job in work:
                yield run_variant(job)
        finally:
            ended.append("worker")

    def said(_: dict[str, Any]) -> None:
        raise gone

    monkeypatch.setattr(runner, "_local", solving)
    with pytest.raises(type(gone)) as caught:
        run_sweep(sweep, tmp_path / "o", progress=said)
    assert caught.value is gone and ended == ["worker"]
    index = pd.read_parquet(tmp_path / "o" / INDEX)
    assert index[["variant", "status"]].values.tolist() == [
        ["done", "solved"],
        ["unsaid", "not-run"],
    ]
    assert index.loc[0, "inputs_hash"] == (tmp_path / "o" / "done" / HASH_FILE).read_text().strip()
    assert not (tmp_path / "o" / "unsaid").exists()


def test_a_sweep_into_a_closed_pipe_ends_141_with_its_index(tmp_path: Path) -> None:
    """At the command line the console catches the BrokenPipeError and exits 141 from the
    sweep's progress: the index had not been written, and compare of the folder failed."""
    grid = "grid: {nations.AAA.ceiling: [700, 800]}\n"
    spec_file = _sweep_file(
        tmp_path, f"name: s\nscenario: {TINY}\nsolver: {{time_limit: 3}}\n{grid}"
    )
    out = tmp_path / "o"
    sweep = forcegen_in_its_own_session("sweep", str(spec_file), "--out", str(out))
    assert sweep.stdout is not None and sweep.stderr is not None
    first = sweep.stdout.readline()  # as `head -1` reads, then goes
    assert first.startswith("base-ceiling=700: solved"), first
    sweep.stdout.close()
    assert sweep.wait(timeout=300) == 141
    said = " ".join(sweep.stderr.read().split())
    assert "Traceback" not in said
    # Said where the terminal still reads, as a Ctrl-C's stop is.
    assert (
        f"The output's reader went away: {out / INDEX} lists the variants finished, and the "
        "rest as not-run; the same command resumes the sweep."
    ) in said, said
    index = pd.read_parquet(out / INDEX).set_index("variant")
    assert index.loc["base-ceiling=700", "status"] == "solved"
    # The second ends as the pipe is found closed: solved (finished first) or not-run.
    assert index.loc["base-ceiling=800", "status"] in {"solved", "not-run"}
    compared = CliRunner().invoke(app, ["compare", str(out)])
    assert compared.exit_code == 0 and "left-out" not in compared.output, compared.output


def test_a_run_stopped_before_its_hash_is_written_is_no_run_of_the_earlier_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new run went in place beside the earlier inputs' hash, then the new hash: a
    kill -9 between left a run of other inputs that a resume reused as the earlier's."""
    sweep = SweepSpec(
        name="t", scenario=TINY, solver={"time_limit": 20}, variants=[Variant(name="v")]
    )
    (job,) = runner.jobs(sweep, tmp_path)
    assert run_variant(job)["status"] == "solved"
    earlier = runner._inputs(job)

    def killed(_: Path) -> None:
        raise KeyboardInterrupt  # as a kill -9 stops it: the new hash never written

    other = Variant(name="v", set={"settings.domestic.academy_capacity": 50})
    monkeypatch.setattr(runner, "atomic_file", killed)
    with pytest.raises(KeyboardInterrupt):
        runner.solved_once(job.folder, *runner._inputs(replace(job, variant=other)))
    scenario, _, _, digest = earlier
    assert runner._finished(job.folder, scenario, digest) is None
    assert not (job.folder / HASH_FILE).exists()


def test_a_sweep_into_a_folder_another_sweep_writes_is_refused(tmp_path: Path) -> None:
    """Two sweeps into one folder at once each wrote its runs over the other's, and one
    index was lost. The folder is held by the sweep that writes it; a kill -9's staging
    left in it goes when the next sweep takes it."""
    import fcntl

    out = tmp_path / "o"
    out.mkdir()
    left = out / ".v.abc123.tmp"
    left.mkdir()
    sweep = SweepSpec(
        name="t", scenario=TINY, solver={"time_limit": 20}, variants=[Variant(name="v")]
    )
    with open(out / runner.LOCK, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as another sweep holds it
        with pytest.raises(ScenarioError, match=r"\[in-use\] another sweep is writing"):
            run_sweep(sweep, out)
    assert left.is_dir() and not (out / "v").exists()
    # At the command line: bad input, exit 2, before anything is solved (a traceback, exit
    # 1, had been said), the frontier's reference too (it had been written over first).
    spec_file = _sweep_file(tmp_path, f"name: s\nscenario: {TINY}\nsolver: {{time_limit: 10}}\n")
    with open(out / runner.LOCK, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        for command in (
            ["sweep", str(spec_file), "--out", str(out)],
            ["frontier", str(TINY), "--out", str(out), "--shares", "0.5,1"],
        ):
            result = CliRunner().invoke(app, command)
            said = " ".join(result.output.split())
            assert result.exit_code == 2 and "[in-use] another sweep is writing" in said, said
            assert "Traceback" not in said and not (out / "unconstrained").exists()
    (out / "w").mkdir()  # a variant's folder, its inputs' hash half-written
    hashing = out / "w" / f".{HASH_FILE}.abc123.tmp"
    hashing.write_text("0a")
    assert run_sweep(sweep, out)["status"].tolist() == ["solved"]
    assert not left.exists() and not hashing.exists()


def test_a_sweep_folder_given_as_a_run_is_named_so(tmp_path: Path) -> None:
    """report, check and evaluate had each listed the files a run has that it lacks."""
    spec_file = _sweep_file(tmp_path, f"name: s\nscenario: {TINY}\nsolver: {{time_limit: 10}}\n")
    out = tmp_path / "o"
    assert CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(out)]).exit_code == 0
    for command in (
        ["report", str(out)],
        ["check", str(TINY), str(out)],
        ["evaluate", str(TINY), str(out), "--out", str(tmp_path / "e")],
    ):
        result = CliRunner().invoke(app, command)
        said = " ".join(result.output.split())
        assert result.exit_code == 2, said
        runs = f"give one of them ({out / 'base'})"
        assert f"[not-a-run] a folder of runs (a sweep's?), not a run: {runs}" in said


def test_a_sweep_killed_before_its_first_hash_is_resumed(tmp_path: Path) -> None:
    """Killed between putting its first run in place and writing that run's hash, a sweep
    left a folder of runs without index or hash, which the next sweep refused as the
    user's own: its lock says whose it is."""
    spec_file = _sweep_file(tmp_path, f"name: s\nscenario: {TINY}\nsolver: {{time_limit: 10}}\n")
    out = tmp_path / "o"
    first = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(out)])
    assert first.exit_code == 0, first.output
    (out / INDEX).unlink()
    (out / "base" / HASH_FILE).unlink()  # as the kill -9 left it
    again = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert (out / INDEX).is_file() and (out / "base" / HASH_FILE).is_file()
    # A lock beside files of the user's own (a sweep from Python held the folder once)
    # makes it no sweep's.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / runner.LOCK).write_text("")
    (mine / "notes.txt").write_text("mine")
    refused = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(mine)])
    assert refused.exit_code == 2 and "[not-a-sweep-folder]" in refused.output


@pytest.mark.parametrize(
    "stop",
    [
        lambda pid: os.killpg(pid, signal.SIGINT),
        # To the command alone, as `timeout` sends it: it was the signal's own default, exit
        # 143 and no word, for any command but a sweep's or a rolling run's.
        lambda pid: os.kill(pid, signal.SIGTERM),
    ],
    ids=["ctrl-c", "sigterm"],
)
def test_ctrl_c_in_a_solve_says_nothing_half_written_is_kept(
    tmp_path: Path, stop: Callable[[int], None]
) -> None:
    """typer ended an interrupted solve with exit 130 and no word of what was kept."""
    timor = Path(__file__).parent.parent / "data" / "timor-leste-1999"
    out = tmp_path / "run"
    solve = forcegen_in_its_own_session("solve", str(timor), "--out", str(out))
    assert solve.stdout is not None
    solve.stdout.readline()  # under way
    stop(solve.pid)
    _, errors = solve.communicate(timeout=120)
    assert solve.returncode == 130 and "Traceback" not in errors, errors
    assert "Interrupted: what was being written is not put in place" in " ".join(errors.split())
    assert not list(tmp_path.iterdir())


def test_ctrl_c_in_a_solves_search_writes_its_best_plan_by_then_checked(tmp_path: Path) -> None:
    """A planner stopping a long solve lost all of it: nothing written, exit 130. Its best
    plan by then is written, checked and reported, and the exit is still 130."""
    out = tmp_path / "run"
    solve = forcegen_in_its_own_session(
        "solve", str(TIMOR), "--out", str(out), "--time-limit", "300"
    )
    assert solve.stdout is not None
    # The second line of the search: a window's, within the search (its first, the warm
    # start's, is said as the search begins, before it has a plan of its own).
    searched = (line for line in solve.stdout if line.startswith("search: "))
    next(searched), next(searched)
    os.killpg(solve.pid, signal.SIGINT)
    said, errors = solve.communicate(timeout=240)
    assert solve.returncode == 130 and "Traceback" not in errors, errors
    assert (
        f"Interrupted in the solve: its best plan by then is written whole to {out}, checked "
        "and reported above." in " ".join(errors.split())
    )
    assert json.loads((out / "kpis.json").read_text())["termination"] == "interrupted"
    assert "The plan keeps every hard rule." in said and (out / "report.html").exists()
    assert "│ Solver                    │ interrupted (Ctrl-C or SIGTERM)," in said


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            f"name: s\nscenario: {TINY}\nvarients: []\nsolver: {{time_limt: 5}}\n",
            [
                "sweep.yaml, line 3, key varients: [unknown-column]",
                "sweep.yaml, line 4, key solver.time_limt: [unknown-column]",
            ],
        ),
        (
            "name: s\nscenario: nowhere\nmodel: no-such-model\n",
            # Both at their lines of the sweep file: the scenario was said as "nowhere".
            [
                "sweep.yaml, line 2, key scenario: [scenario-path]",
                "sweep.yaml, line 3, key model: [missing-file]",
            ],
        ),
        (
            f"name: s\nscenario: {TINY}\nvariants:\n"
            "  - {name: a, set: {nations.ZZZ.budget_per_year: 5}}\n"
            "  - {name: b, set: {nations.AAA.ceiling: {scal: 0.5}}}\n"
            "  - {name: c, set: {nations.AAA.ceiling: lots}}\n"
            "  - {name: d, set: {nations.AAA.name: {scale: 2}}}\n",
            [
                "sweep.yaml, variant a, line 4, key nations.ZZZ.budget_per_year: [address]",
                "sweep.yaml, variant b, line 5, key nations.AAA.ceiling: [format] an override "
                "is a value or {scale: x}, not {'scal': 0.5}",
                "sweep.yaml, variant c, line 6, key nations.AAA.ceiling: [type]",
                "sweep.yaml, variant d, line 7, key nations.AAA.name: [override] only a number",
            ],
        ),
        (
            f"name: s\nscenario: {TINY}\nvariants:\n"
            "  - {name: a, set: {x: [1], nations.AAA.ceiling: -5}}\n"
            "  - {name: b, set: {settings.domestc.academy_capacity: 5}}\n"
            "grid:\n  nations.AAA.colour: [1, [2]]\n",
            [
                "sweep.yaml, variant a, line 4, key x: [format]",
                "sweep.yaml, grid, line 7, key nations.AAA.colour: [format]",
                "sweep.yaml, variant a-colour=1, line 4, key nations.AAA.ceiling: [range]",
                "sweep.yaml, variant b, line 5, key settings.domestc.academy_capacity: [address]",
                "sweep.yaml, grid, line 7, key nations.AAA.colour: [address]",
            ],
        ),
    ],
    ids=["key-typo-and-solver", "scenario-and-model", "address-and-values", "forms-and-addresses"],
)
def test_every_problem_of_a_sweep_file_at_once(
    tmp_path: Path, text: str, problems: list[str]
) -> None:
    """A problem found first hides none found after it that does not depend on it."""
    output = _refused(_sweep_file(tmp_path, text), tmp_path / "o")
    for problem in problems:
        assert problem in output
    assert f"{len(problems)} error(s)" in output


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            "budgets.*.budget: {scale: 2}",
            "[address] the scenario has no budgets table (budgets.csv): no row to set",
        ),
        (
            "demand.north.personnel: 5",
            "[address] rows of demand.csv have no key to name one by: '*' names them all "
            "(demand.*.personnel)",
        ),
        ("nations.AAA.ceiling: .nan", "[format] should be a finite number (value 'nan')"),
        ("nations.AAA.ceiling: {scale: .inf}", "[format] should be a finite number"),
    ],
    ids=["no-budgets", "demand-by-key", "nan", "infinite-scale"],
)
def test_an_override_is_refused_in_the_planners_words(
    tmp_path: Path, entry: str, problem: str
) -> None:
    spec_file = _sweep_file(
        tmp_path, f"name: s\nscenario: {TINY}\nvariants:\n  - name: a\n    set:\n      {entry}\n"
    )
    address = entry.split(":")[0]
    where = f"variant a, line 6, key {address}"
    output = _refused(spec_file, tmp_path / "o")
    assert f"sweep.yaml, {where}" in output and problem in output


def test_a_scenario_given_as_no_path_is_said_in_our_words(tmp_path: Path) -> None:
    """pydantic's `path_type` was the rule, and 'for <class 'pathlib.Path'>' its words."""
    spec_file = _sweep_file(tmp_path, "name: s\nscenario: [a, b]\n")
    output = _refused(spec_file, tmp_path / "o")
    assert "sweep.yaml, line 2, key scenario: [type] should be a path, written as text" in output
    assert "path_type" not in output and "pathlib" not in output


def test_a_change_of_nothing_is_a_share_of_nothing() -> None:
    """Blank only where a value is missing or the baseline is zero."""
    assert change("total_shortfall", 5.0, 5.0) == (0.0, 0.0)
    assert change("total_shortfall", 6.0, -4.0) == (10.0, 2.5)
    assert change("total_shortfall", 3.0, 0.0) == (3.0, None)
    assert change("total_shortfall", None, 5.0) == (None, None)


def test_the_comparisons_charts_leave_room_for_their_titles_ticks_and_legend() -> None:
    """In a static image, 700 pixels wide, the charts' units ran into their neighbours',
    tick labels into the chart on their left, and a legend of long variant names beside
    the charts took two fifths of the width."""
    runs = [f"portugal-leaves-early-budget=x{share}" for share in ("0.6", "1", "1.2")]
    table = pd.DataFrame(
        [
            {
                "run": run,
                "baseline_run": runs[0],
                "kpi": kpi,
                "value": 1.0,
                "baseline": 1.0,
                "delta": 0.0,
                "unit": kpi_unit(kpi, "USD"),
                "violations": 0,
            }
            for run in runs
            for kpi in NUMERIC_KPIS
        ]
    )
    figure = comparison_figure(table)
    lines = [
        re.sub("<[^>]+>", "", line)
        for title in figure.layout.annotations
        for line in title.text.split("<br>")
    ]
    assert "under the plan's handovers" in lines
    assert max(map(len, lines)) <= 26
    assert figure.layout.xaxis2.domain[0] - figure.layout.xaxis.domain[1] == pytest.approx(0.1)
    assert figure.layout.legend.orientation == "h" and figure.layout.legend.y < 0


def test_compare_names_the_runs_a_folder_of_runs_holds(tmp_path: Path) -> None:
    """`compare` of a rolling or resilience output folder said only that it has no
    kpis.json, not which of its folders to give."""
    for run in ("rolling", "full"):
        (tmp_path / "roll" / run).mkdir(parents=True)
        (tmp_path / "roll" / run / "kpis.json").write_text(json.dumps({"total_shortfall": 1}))
    (tmp_path / "roll" / "rolling.csv").write_text("kpi\n")
    # Wide: a long temporary path folded mid-word would not read back whole.
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "roll")], env={"COLUMNS": "400"})
    output = " ".join(result.output.split())
    assert result.exit_code == 2, output
    roll = tmp_path / "roll"
    assert (
        f"{roll}/kpis.json: [missing-file] a run folder has one; {roll} has none, but holds "
        f"runs: compare those ({roll}/full {roll}/rolling)"
    ) in output
    # In Python too; a folder without runs inside said as before.
    (tmp_path / "empty").mkdir()
    with pytest.raises(ScenarioError) as caught:
        compare_runs([roll / "full", roll, tmp_path / "empty"])
    assert [p.message for p in caught.value.problems] == [
        f"a run folder has one; {roll} has none, but holds runs: compare those "
        f"({roll}/full {roll}/rolling)",
        f"a run folder has one; {tmp_path / 'empty'} has none",
    ]


def test_a_change_of_noise_is_none_and_a_share_changes_in_points() -> None:
    """A baseline gap of 1.4e-11 made a gap of 0.33 a change of 23,187,249,458 times, and
    one of 0 a change of -100%; a figure summed in two orders a change of -1.8e-12."""
    assert change("total_shortfall", 1591.0714285714275, 1591.0714285714294) == (0.0, 0.0)
    assert change("total_shortfall", 5.0, 1e-7) == (5.0 - 1e-7, None)
    assert change("gap", 0.0, 1.4322556214588536e-11) == (0.0, None)
    assert change("gap", 0.33, 0.25) == pytest.approx((0.08, None))
    # A change beyond the noise is one, however small against the figure.
    assert change("total_shortfall", 1001.0, 1000.0) == (1.0, 0.001)


def test_compare_writes_no_relative_change_of_noise_or_of_a_share(tmp_path: Path) -> None:
    """The reviewer's `compare sw5 --baseline demand-zero`: a gap of 1.4e-11 for the
    baseline, a plan's gap of 0.33 a relative change of 2.3e10."""
    figures = {
        "demand-zero": {"gap": 1.4322556214588536e-11, "final_domestic_strength": 0.0},
        "same-as-base": {"gap": 0.33210068384660124, "final_domestic_strength": 1282.14},
        "lead-ceiling-zero": {"gap": 0.0, "final_domestic_strength": 0.0},
    }
    for name, kpis in figures.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "kpis.json").write_text(json.dumps({"reserve_share": 0.1, **kpis}))
    runs = [tmp_path / name for name in figures]
    table = compare_runs(runs, judge=False).set_index(["run", "kpi"])
    assert table["delta_pct"].isna().all(), table["delta_pct"]
    assert table.loc[("lead-ceiling-zero", "gap"), "delta"] == 0
    assert table.loc[("same-as-base", "gap"), "delta"] == pytest.approx(0.3321006838)


def test_a_sweep_files_own_problems_name_the_variant_and_key_they_are_in(tmp_path: Path) -> None:
    """A value of no form was said at `variants.2.set.nations.AAA.ceiling`, the analyst
    left to count to the third variant, and before the variant's other problems wherever
    its line: each is said at its variant by name (or the grid) and the key within it, a
    variant's problems together from its first line."""
    text = (
        f"name: s\nscenario: {TINY}\nvariants:\n"
        "  - name: a\n"
        "  - {name: b, sett: {nations.AAA.ceiling: 5}}\n"  # line 5
        "  - name: c\n"
        "    set:\n"
        "      nations.AAA.ceilin: 900\n"  # line 8: names nothing, said as the variant's
        "      nations.AAA.ceiling: [1]\n"  # line 9: no form, the file's own
        "  - 7\n"  # line 10: no variant to name, so its place in the list
        "grid:\n"
        "  settings.domestic.academy_capacity: [50, {scale: 0}]\n"  # line 12
    )
    with pytest.raises(ScenarioError) as caught:
        load_sweep(_sweep_file(tmp_path, text))
    assert [(p.file, p.row, p.column, p.rule) for p in errors(caught.value.problems)] == [
        ("sweep.yaml, variant b", 5, "sett", "unknown-column"),
        ("sweep.yaml, variant c", 8, "nations.AAA.ceilin", "address"),
        ("sweep.yaml, variant c", 9, "nations.AAA.ceiling", "format"),
        ("sweep.yaml", 10, "variants.3", "type"),
        ("sweep.yaml, grid", 12, "settings.domestic.academy_capacity", "format"),
    ]
    # A name refused is named as written, and twice is no folder repeated as well.
    twice = f"name: s\nscenario: {TINY}\nvariants:\n  - name: 'a b'\n  - name: 'a b'\n"
    with pytest.raises(ScenarioError) as caught:
        load_sweep(_sweep_file(tmp_path, twice))
    assert [(p.file, p.row, p.column, p.rule) for p in errors(caught.value.problems)] == [
        ("sweep.yaml, variant a b", 4, "name", "code-format"),
        ("sweep.yaml, variant a b", 5, "name", "code-format"),
    ]


def test_a_key_renamed_that_rows_still_name_is_said_at_the_rename(tmp_path: Path) -> None:
    """A region renamed left demand's rows and BBB's caveat naming the old one: said at
    those rows (`demand.row 2.region`), at no line of the sweep file, the override that
    broke them not named."""
    text = (
        f"name: s\nscenario: {TINY}\nvariants:\n"
        "  - name: renamed\n"
        "    set:\n"
        "      regions.north.region: n2\n"  # line 6
    )
    with pytest.raises(ScenarioError) as caught:
        load_sweep(_sweep_file(tmp_path, text))
    broken = errors(caught.value.problems)
    said = [(p.file, p.row, p.column, p.rule, p.value) for p in broken]
    at = ("sweep.yaml, variant renamed", 6, "regions.north.region", "unknown-region", "north")
    assert said == [at, at]
    assert [p.message.rpartition(": ")[2] for p in broken] == [
        "renamed here, and demand.row 2.region names it still",
        "renamed here, and nations.BBB.refused_regions names it still",
    ]


def test_a_scale_that_rounds_every_value_back_is_refused() -> None:
    """Ceilings of 1,000 and 300 by 1.0001 are 1,000.1 and 300.03, whole again 1,000 and
    300: the variant ran as the base, silently, and compared as a change. A scale of 1
    (a grid's baseline point) is meant so; one that moves any value is a change."""
    spec, tiny = load_spec("security-keeping"), load_scenario(TINY)
    with pytest.raises(BadOverrides) as raised:
        apply_overrides(tiny, spec, spec.solver, {"nations.*.ceiling": {"scale": 1.0001}})
    assert [(p.column, p.rule) for p in raised.value.problems] == [
        ("nations.*.ceiling", "override")
    ]
    assert "a scale of 1.0001 leaves every value it reaches as it was" in str(raised.value)
    with pytest.raises(BadOverrides, match=r"a scale of 1\.001 leaves"):
        apply_overrides(
            tiny, spec, spec.solver, {"settings.domestic.academy_capacity": {"scale": 1.001}}
        )
    for scale, ceilings in [(1.0, [1000, 300]), (1.002, [1002, 301])]:
        scaled, _, _ = apply_overrides(
            tiny, spec, spec.solver, {"nations.*.ceiling": {"scale": scale}}
        )
        assert [n.ceiling for n in scaled.nations] == ceilings


def test_a_long_text_varied_makes_names_a_file_system_takes(tmp_path: Path) -> None:
    # A 300-character description in the name failed each variant after its solve, the
    # run folder's name too long to write.
    texts = ["x" * 300, "x" * 299 + "y"]
    spec_file = _sweep_file(
        tmp_path, f"name: s\nscenario: {TINY}\ngrid:\n  settings.description: {texts}\n"
    )
    names = [variant.name for variant in load_sweep(spec_file).expand()]
    assert len(set(names)) == 2 and all(len(name) <= 120 for name in names), names
    long = f"name: s\nscenario: {TINY}\nvariants:\n  - {{name: {'v' * 121}}}\n"
    said = f"variant {'v' * 77}..., line 4, key name: [range]"
    assert said in _refused(_sweep_file(tmp_path, long), tmp_path / "o")


def test_review_findings_in_a_sweep_file(tmp_path: Path) -> None:
    """A blank solver option, a problem of a `*` address at its line, names alike but for
    case, and a non-ASCII value in a generated name."""
    text = (
        f"name: s\nscenario: {TINY}\nsolver: {{time_limit: null}}\n"
        "grid:\n  nations.*.ceiling: [-1]\n"
    )
    with pytest.raises(ScenarioError) as caught:
        load_sweep(_sweep_file(tmp_path, text))
    located = {(p.row, p.column) for p in caught.value.problems}
    assert (3, "solver.time_limit") in located
    assert {row for row, column in located if column and column.startswith("nations.")} == {5}
    twins = f"name: s\nscenario: {TINY}\nvariants:\n  - {{name: A}}\n  - {{name: a}}\n"
    with pytest.raises(ScenarioError, match="variant names repeat"):
        load_sweep(_sweep_file(tmp_path, twins))
    accented = f"name: s\nscenario: {TINY}\ngrid:\n  settings.name: ['café']\n"
    assert [v.name for v in load_sweep(_sweep_file(tmp_path, accented)).expand()] == [
        "base-name=caf-"
    ]


def test_a_scale_of_a_blank_setting_is_refused_once_for_the_grid(tmp_path: Path) -> None:
    """Like a scale of blank cells: the address scales nothing, whatever else the grid varies,
    so it is one problem of the grid's line, not one per variant."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\ngrid:\n  settings.domestic.academy_capacity: [50, 60]\n"
        "  model.mission.total_budget: [{scale: 0.5}]\n",
    )
    output = _refused(spec_file, tmp_path / "o")
    assert output.startswith("1 error(s)")
    assert (
        "sweep.yaml, grid, line 5, key model.mission.total_budget: [address] 'total_budget' "
        "is blank: no scale changes it; give a value" in output
    )


def test_a_nations_ceiling_or_budget_its_own_rows_replace_is_refused(tmp_path: Path) -> None:
    """A nation with rows in ceilings.csv or budgets.csv takes its ceiling or budget from
    them: nations.csv's value set alone would leave the variant the baseline."""
    base = tmp_path / "base"
    shutil.copytree(TINY, base)
    (base / "ceilings.csv").write_text("nation,from,ceiling\nAAA,2000-01,800\n")
    budgets = "nation,fiscal_year,budget\nBBB,1999,1000000\nBBB,2000,1000000\n"
    (base / "budgets.csv").write_text(budgets)

    def sweep(entries: str) -> str:
        text = f"name: s\nscenario: {base}\nvariants:\n  - name: a\n    set: {{{entries}}}\n"
        return _refused(_sweep_file(tmp_path, text), tmp_path / "o")

    output = sweep("nations.AAA.ceiling: 5, nations.*.budget_per_year: {scale: 2}")
    assert (
        "variant a, line 5, key nations.AAA.ceiling: [address] never applies: the ceilings table "
        "sets AAA's ceiling in every month it is of the coalition in the horizon, "
        "2000-01..2000-12 (800 in 2000-01): set ceilings.AAA.ceiling too, or instead" in output
    )
    assert (
        "key nations.*.budget_per_year: [address] never applies: the budgets table gives BBB's "
        "budget for every fiscal year it is of the coalition in the horizon, 1999..2000: set "
        "budgets.BBB.budget too" in output
    )
    # With the rows set as well, the variant is what it says; where the rows leave some
    # of the horizon to nations.csv's value (a fiscal year without a row), it is set.
    spec = load_spec("security-keeping")
    (base / "budgets.csv").write_text("nation,fiscal_year,budget\nBBB,2000,1000000\n")
    part = {"nations.BBB.budget_per_year": 5}
    changed, _, _ = apply_overrides(load_scenario(base), spec, spec.solver, part)
    assert changed.budget_for("BBB", 1999) == 5 and changed.budget_for("BBB", 2000) == 1000000
    both = {"nations.AAA.ceiling": 5, "ceilings.*.ceiling": 5}
    changed, _, _ = apply_overrides(load_scenario(base), spec, spec.solver, both)
    assert changed.ceiling_at("AAA", "2000-06") == 5


def test_a_frontier_point_a_cheaper_points_plan_beats_is_named() -> None:
    """A cap's plan worse by the model's objective than a lower cap's, which fits under
    it, lies above the frontier: the search stopped short, and the table says so."""
    table = pd.DataFrame(
        {
            "variant": ["budget-0.4", "budget-0.55", "budget-0.7", "budget-1"],
            "status": ["infeasible", "solved", "solved", "solved"],
            CAP: [400.0, 550.0, 700.0, 1000.0],
            "objective": [np.nan, 6.47e6, 6.72e6, 6.0e6],
        }
    )
    assert beaten_by(table) == ["", "", "budget-0.55", ""]
    # The plan without a cap is one too, under every cap its cost fits, the last's (a
    # share of 1, its own cost) included: the 100% point above it had been unflagged.
    free = {"objective": 5.9e6, "international_cost": 1000.0}
    assert beaten_by(table, free) == ["", "", "budget-0.55", "unconstrained"]
    assert beaten_by(table, free | {"international_cost": 1000.1})[-1] == ""
    # The plan without a cap beaten by a point's, which fits where there is none: the
    # caps are shares of a stopped-short plan's cost, which nothing had said.
    from forcegen.sweep.compare import reference_beaten_by

    assert reference_beaten_by(table, free) == ""
    assert reference_beaten_by(table, free | {"objective": 6.5e6}) == "budget-1"
    assert reference_beaten_by(table, {"objective": None}) == ""
    # Two optimal plans' objectives, apart by float noise, are one: neither beats the other.
    assert reference_beaten_by(table, {"objective": 6.0e6 * (1 + 1e-15)}) == ""
    alike = table.assign(objective=[np.nan, 6.47e6, 6.47e6 * (1 + 1e-15), 6.0e6])
    assert beaten_by(alike) == ["", "", "", ""]


def test_the_frontiers_axes_start_at_zero() -> None:
    """Drawn from its lowest point, a frontier reads as a steeper trade than it is."""
    from forcegen.sweep.compare import frontier_figure

    table = pd.DataFrame(
        {
            "variant": ["budget-0.5", "budget-1", "budget-0.25"],
            "status": ["solved", "solved", "infeasible"],
            "budget_cap": [1e9, 2e9, 5e8],
            "international_cost": [1e9, 2e9, None],
            "total_shortfall": [90_000, 80_000, None],
            "regions_handed_over": [10, 12, None],
        }
    )
    figure = frontier_figure(table, "AUD")
    assert [len(trace.x) for trace in figure.data] == [2, 2]  # the solved points only
    # Each point named by its share, its cap on hover, the cost in the scenario's currency:
    # three unnamed markers had left a reader to guess which cap each was.
    assert [list(trace.text) for trace in figure.data] == [["budget-0.5", "budget-1"]] * 2
    assert [trace.mode for trace in figure.data] == ["lines+markers+text", "lines+markers"]
    assert [list(point) for point in figure.data[0].customdata] == [
        ["budget-0.5: cap 1,000,000,000 AUD", ""],
        ["budget-1: cap 2,000,000,000 AUD", ""],
    ]
    # Two caps that found one plan are named together, once.
    same = table.assign(international_cost=[1e9, 1e9, np.nan], total_shortfall=[80_000] * 3)
    assert list(frontier_figure(same, "AUD").data[0].text) == ["budget-0.5, budget-1", ""]
    assert figure.layout.xaxis.title.text == "international cost spent (AUD)"
    assert figure.layout.yaxis.rangemode == figure.layout.yaxis2.rangemode == "tozero"
    assert figure.layout.xaxis.rangemode == figure.layout.xaxis2.rangemode == "tozero"
    # ...and the figure says where it stops short, which it had left unsaid.
    assert figure.layout.title.text == (
        "Budget frontier: shortfall and handover against the cost of tours (AUD)"
        "<br><sup>No plan under the cap of 500,000,000 (infeasible): not drawn</sup>"
    )
    # The index run_sweep gives holds each cap as its variant set it, and no budget_cap.
    index = table.rename(columns={"budget_cap": "set:model.mission.total_budget"})
    assert frontier_figure(index, "AUD").layout.title.text == figure.layout.title.text
    # Neither table says the currency: without one, the cost axis had no unit.
    with pytest.raises(TypeError, match="currency"):
        frontier_figure(table)  # type: ignore[call-arg]


def test_a_beaten_point_is_off_the_frontiers_line_and_the_plan_without_a_cap_is_drawn() -> None:
    """The cap at the plan without a cap's own cost ended above it: frontier.csv said so
    (`beaten_by`), but the figure drew the point on the line, unmarked, and not the plan
    that beats it at all."""
    from forcegen.sweep.compare import frontier_figure

    table = pd.DataFrame(
        {
            "variant": ["budget-0.6", "budget-1"],
            "status": ["solved", "solved"],
            CAP: [600.0, 1000.0],
            "international_cost": [590.0, 950.0],
            "total_shortfall": [89_000, 78_000],
            "regions_handed_over": [13, 12],
            "objective": [9.0e6, 8.0e6],
        }
    )
    free = {"international_cost": 1000.0, "total_shortfall": 76_000, "regions_handed_over": 12}
    figure = frontier_figure(table, "USD", free | {"objective": 7.9e6})
    line, beaten, reference = figure.data[:3]
    # The plan without a cap ends the frontier's line, named by its star alone.
    assert list(line.x) == [590.0, 1000.0] and line.mode == "lines+markers+text"
    assert list(line.text) == ["budget-0.6", ""]
    # Its hover says no plan beats it (it fits every cap), not "beaten by nan".
    assert [lines[1] for lines in line.customdata] == ["", ""]
    assert list(beaten.x) == [950.0] and "lines" not in beaten.mode
    assert beaten.marker.symbol == "x-open" and beaten.name.startswith("above the frontier")
    assert "beaten by unconstrained" in beaten.customdata[0][1]
    assert (list(reference.x), list(reference.y)) == ([1000.0], [76_000])
    assert reference.marker.symbol == "star" and reference.customdata[0][0] == (
        "unconstrained: no cap"
    )
    # Each mark apart named once in the legend, though drawn on both panels.
    assert [trace.showlegend for trace in figure.data] == [True] * 4 + [False] * 2
    # frontier.csv's own beaten_by is taken as it says, whatever the objective.
    written = table.drop(columns="objective").assign(budget_cap=table[CAP], beaten_by=["", "x"])
    assert list(frontier_figure(written, "USD").data[1].x) == [950.0]
    assert frontier_figure(table.assign(status="infeasible"), "USD").data == ()


def test_a_plan_without_a_cap_that_a_point_beats_is_off_the_frontiers_line() -> None:
    """S at 5 s a point (`forcegen frontier --shares 0.5,0.75,1.0`): budget-0.75's plan
    scored better than the plan without a cap, as the terminal said, yet the figure's line
    ended at its star, through a point the search had stopped short of."""
    from forcegen.sweep.compare import frontier_figure

    table = pd.DataFrame(
        {
            "variant": ["budget-0.5", "budget-0.75", "budget-1"],
            "status": ["solved"] * 3,
            CAP: [753.4, 1130.1, 1506.8],
            "international_cost": [752.8, 1100.4, 1397.8],
            "total_shortfall": [28_333, 11_845, 6_745],
            "regions_handed_over": [1, 1, 2],
            "objective": [2_301_059.0, 1_919_830.0, 1_946_756.0],
        }
    )
    free = {
        "international_cost": 1506.8,
        "total_shortfall": 7_626,
        "regions_handed_over": 2,
        "objective": 2_097_770.0,
    }
    line, beaten, star = frontier_figure(table, "USD", free).data[:3]
    assert list(line.x) == [752.8, 1100.4]  # neither the point nor the plan beaten
    assert list(beaten.x) == [1397.8]
    assert (list(star.x), star.marker.symbol) == ([1506.8], "star")
    assert star.name == "plan without a cap (a capped plan scores better)"
    assert star.customdata[0][1] == (
        "<br>beaten by budget-0.75: it scores better, so the search stopped short"
    )
    # One no point beats ends the line, as before.
    unbeaten = frontier_figure(table, "USD", free | {"objective": 1_900_000.0}).data
    assert list(unbeaten[0].x) == [752.8, 1100.4, 1506.8]
    assert unbeaten[2].name == "plan without a cap"


def test_a_killed_sweeps_folder_is_its_own_and_a_planners_is_not(tmp_path: Path) -> None:
    """A sweep killed before its index was written left its runs only, each with the hash
    of its inputs: the folder is the sweep's to resume. A folder of a planner's files, or
    of runs `solve` wrote (no hash), is not."""
    from forcegen.cli import SWEEP_MARKERS, _output_problems

    def refused() -> list[str]:
        found = _output_problems(("--out", tmp_path, True), holds=(SWEEP_MARKERS, "sweep"))
        return [p.rule for p in found]

    (tmp_path / "notes.txt").write_text("mine")
    assert refused() == ["not-a-sweep-folder"]
    (tmp_path / "variant").mkdir()
    (tmp_path / "variant" / HASH_FILE).write_text("0" * 64)
    assert refused() == []
    (tmp_path / "variant" / HASH_FILE).unlink()
    (tmp_path / INDEX).write_bytes(b"")
    assert refused() == []


def test_a_variants_own_problems_are_said_beside_a_base_that_cannot_be_read(
    tmp_path: Path,
) -> None:
    """A base scenario or model with errors left every variant unjudged: a planner who
    mended the base met the variants' problems only in the next round. What an override
    is on its own is said with the base's problems; what it makes of the base (a row's
    key, a scale, the rules across tables) waits for a base that can be read."""
    shutil.copytree(TINY, tmp_path / "base")
    edit(tmp_path / "base" / "units.csv", "AAA-inf-1,AAA,", "AAA-inf-1,ZZZ,")
    text = (
        "name: s\nscenario: base\nmodel: MODEL\nvariants:\n"
        "  - {name: small, set: {units.AAA-inf-2.personnel: -5, nations.BBB.join: {scale: 2}}}\n"
        "  - {name: typo, set: {settings.domestc.academy_capacity: 5, nations.AAA.colour: 1}}\n"
        "  - {name: late, set: {nations.BBB.leave: 2031-13, units.NOPE.personnel: 100}}\n"
        "  - {name: form, set: {nations.AAA.ceiling: {scal: 0.5}, solver.gap: 2}}\n"
        "  - {name: fine, set: {settings.domestic.academy_capacity: 50}}\n"
        "grid:\n  demand.north.personnel: [5]\n"
    )
    own = [
        ("sweep.yaml, grid", 11, "demand.north.personnel", "address"),
        ("sweep.yaml, variant small-personnel=5", 5, "units.AAA-inf-2.personnel", "range"),
        ("sweep.yaml, variant typo", 6, "settings.domestc.academy_capacity", "address"),
        ("sweep.yaml, variant typo", 6, "nations.AAA.colour", "address"),
        ("sweep.yaml, variant late-personnel=5", 7, "nations.BBB.leave", "format"),
        ("sweep.yaml, variant form-personnel=5", 8, "solver.gap", "range"),
    ]
    spec_file = _sweep_file(tmp_path, text.replace("MODEL", "no-such-model"))
    with pytest.raises(ScenarioError) as caught:
        load_sweep(spec_file)
    # A scale of no form is the file's own problem (pydantic's, said first), at its line
    # among the rest of the sweep file's, before the other line 8's; the scenario's file
    # after the sweep file's, said first.
    form = ("sweep.yaml, variant form", 8, "nations.AAA.ceiling", "format")
    assert [(p.file, p.row, p.column, p.rule) for p in caught.value.problems] == [
        ("sweep.yaml", 3, "model", "missing-file"),
        *own[1:5],
        form,
        own[5],
        own[0],
        ("units.csv", 2, "nation", "unknown-nation"),
    ]
    # With a base that can be read, the same overrides break rules of the base's too.
    edit(tmp_path / "base" / "units.csv", "AAA-inf-1,ZZZ,", "AAA-inf-1,AAA,")
    spec_file.write_text(text.replace("MODEL", "security-keeping"))
    with pytest.raises(ScenarioError) as caught:
        load_sweep(spec_file)
    broken = errors(caught.value.problems)
    assert sorted((p.file, p.row, p.column, p.rule) for p in broken) == sorted(
        [
            form,
            *own,
            ("sweep.yaml, variant small-personnel=5", 5, "nations.BBB.join", "override"),
            ("sweep.yaml, variant late", 7, "units.NOPE.personnel", "address"),
        ]
    )
    # On the command line: every problem, exit 2, nothing run.
    edit(tmp_path / "base" / "units.csv", "AAA-inf-1,AAA,", "AAA-inf-1,ZZZ,")
    spec_file.write_text(text.replace("MODEL", "no-such-model"))
    output = _refused(spec_file, tmp_path / "o")
    assert "9 error(s)" in output
    assert (
        "sweep.yaml, variant typo, line 6, key settings.domestc.academy_capacity: [address] "
        "no such setting 'domestc'" in output
    )


def test_a_model_that_cannot_be_read_hides_no_variants_problems_with_the_scenario(
    tmp_path: Path,
) -> None:
    """A model misspelt left every variant judged on its own, though the scenario was read:
    `nations.N09.ceiling` (no such nation) was said only once the model was mended. What
    needs the scenario alone is judged against it; the model's overrides and the solver's
    (whose base is the model's) on their own; each variant's problems as the mended
    model's file gives them, the model's problem the one more."""
    text = (
        f"name: s\nscenario: {TINY}\nmodel: MODEL\nvariants:\n"
        "  - name: a\n"
        "    set: {nations.N09.ceiling: 5000, model.coalition.min_nations: 0}\n"
        "  - name: b\n"
        "    set: {units.AAA-inf-1.nation: ZZZ, solver.gap: 2}\n"
    )
    variants = [
        # The address naming nothing first, as `apply_overrides` says a variant's.
        ("sweep.yaml, variant a", 6, "nations.N09.ceiling", "address"),
        ("sweep.yaml, variant a", 6, "model.coalition.min_nations", "range"),
        ("sweep.yaml, variant b", 8, "solver.gap", "range"),
        # A rule across tables: no nation ZZZ in nations.csv.
        ("sweep.yaml, variant b", 8, "units.AAA-inf-1.nation", "unknown-nation"),
    ]
    spec_file = _sweep_file(tmp_path, text.replace("MODEL", "security-keping"))
    with pytest.raises(ScenarioError) as caught:
        load_sweep(spec_file)
    assert [(p.file, p.row, p.column, p.rule) for p in errors(caught.value.problems)] == [
        ("sweep.yaml", 3, "model", "missing-file"),
        *variants,
    ]
    spec_file.write_text(text.replace("MODEL", "security-keeping"))
    with pytest.raises(ScenarioError) as caught:
        load_sweep(spec_file)
    assert [(p.file, p.row, p.column, p.rule) for p in errors(caught.value.problems)] == variants
    # A sweep made in Python, judged as a file is, at no line.
    sweep = SweepSpec(
        name="t",
        scenario=TINY,
        model="security-keping",
        variants=[Variant(name="a", set={"nations.N09.ceiling": 5000})],
    )
    with pytest.raises(ScenarioError) as caught:
        run_sweep(sweep, tmp_path / "o")
    assert [(p.file, p.column, p.rule) for p in errors(caught.value.problems)] == [
        ("sweep t", "model", "missing-file"),
        ("sweep t, variant a", "nations.N09.ceiling", "address"),
    ]
    assert not (tmp_path / "o").exists()


def test_a_sweep_files_problems_are_said_in_the_order_of_its_lines(tmp_path: Path) -> None:
    """The problems were said by place (the file, a variant, the grid) in the order each
    place was first said: an empty grid entry at the last line, found first (by pydantic),
    came before the file's lines 3 and 5, where a planner mends the file going down."""
    text = (
        f"name: s\nscenario: {TINY}\nmodel: security-keping\n"
        "solver:\n  time_limit: -1\n"
        "variants:\n  - name: a\n    set: {nations.N09.ceiling: 5000}\n"
        "grid:\n  nations.AAA.ceiling: []\n"
    )
    with pytest.raises(ScenarioError) as caught:
        load_sweep(_sweep_file(tmp_path, text))
    assert [(p.file, p.row, p.column, p.rule) for p in caught.value.problems] == [
        ("sweep.yaml", 3, "model", "missing-file"),
        ("sweep.yaml", 5, "solver.time_limit", "range"),
        ("sweep.yaml, variant a", 8, "nations.N09.ceiling", "address"),
        ("sweep.yaml, grid", 10, "nations.AAA.ceiling", "format"),
    ]


def test_a_code_with_spaces_around_it_in_a_row_refused_otherwise_is_its_code(
    tmp_path: Path,
) -> None:
    """A row breaking its own rule is judged for the codes of its other cells as a
    scenario's file is (load.broken_row): stripped, as the row itself reads them. ' BBB '
    was said to be no nation, beside the personnel it was refused for."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\nvariants:\n"
        "  - {name: a, set: {units.AAA-inf-1.nation: ' BBB ', units.AAA-inf-1.personnel: -5}}\n"
        "  - {name: b, set: {units.AAA-inf-1.nation: ' CCC ', units.AAA-inf-1.personnel: -5}}\n",
    )
    with pytest.raises(ScenarioError) as caught:
        load_sweep(spec_file)
    assert [(p.file, p.column, p.rule, p.value) for p in errors(caught.value.problems)] == [
        ("sweep.yaml, variant a", "units.AAA-inf-1.personnel", "range", "-5"),
        ("sweep.yaml, variant b", "units.AAA-inf-1.personnel", "range", "-5"),
        ("sweep.yaml, variant b", "units.AAA-inf-1.nation", "unknown-nation", "CCC"),
    ]


def test_the_index_keeps_whole_numbers_whole_and_a_scale_as_a_number(tmp_path: Path) -> None:
    """A capacity set to 50 read 50.0 (float64, a gap NaN); a scale was JSON text only,
    to parse before it could go on an axis."""
    from forcegen.sweep.runner import Job, _row, _write_index

    variants = [
        Variant(name="a", set={"settings.domestic.academy_capacity": 50}),
        Variant(name="b", set={"budgets.*.budget": {"scale": 0.8}}),
        Variant(name="c", set={"settings.domestic.academy_capacity": 70, "model.solver.gap": 0.5}),
    ]
    work = [Job(TINY, "security-keeping", {}, v, tmp_path / v.name) for v in variants]
    index = _write_index([_row(job) | {"status": "solved"} for job in work], work, tmp_path)
    capacity = index["set:settings.domestic.academy_capacity"]
    assert capacity.dtype == "Int64" and capacity.tolist()[::2] == [50, 70]
    assert pd.isna(capacity[1])
    assert index["set:model.solver.gap"].dtype == "float64"
    assert "set:budgets.*.budget" not in index
    scale = index["scale:budgets.*.budget"]
    assert scale.dtype == "float64" and scale[1] == 0.8 and scale.isna().sum() == 2


def test_a_grid_of_scales_and_numbers_keeps_its_numbers_numbers(tmp_path: Path) -> None:
    """A grid [{scale: 1}, 5000] of one address left 5000 as the text '5000' in its
    `set:` column, beside the scale's JSON: a query for 5000 found nothing."""
    from forcegen.sweep.runner import Job, _row, _write_index

    address = "nations.BBB.ceiling"
    variants = [
        Variant(name="a", set={address: {"scale": 1.0}}),
        Variant(name="b", set={address: 5000}),
    ]
    work = [Job(TINY, "security-keeping", {}, v, tmp_path / v.name) for v in variants]
    index = _write_index([_row(job) | {"status": "solved"} for job in work], work, tmp_path)
    assert index[f"set:{address}"].dtype == "Int64"
    assert pd.isna(index[f"set:{address}"][0]) and index[f"set:{address}"][1] == 5000
    assert index[f"scale:{address}"].tolist()[0] == 1.0 and pd.isna(index[f"scale:{address}"][1])


def test_a_value_cleared_is_recorded_as_set_and_is_no_base_to_compare_against(
    tmp_path: Path,
) -> None:
    """A variant that cleared the lead's share (null) had a blank in the index, as one that
    sets nothing: compare took it for the sweep's base, and the base for one made under
    other rules. Written `null` in its `set:` column, it made the others' numbers text."""
    from forcegen.sweep.runner import _row, _write_index

    address = "model.coalition.lead_min_share"
    cleared = Variant(name="no-lead-share", set={address: None})
    work = [
        Job(TINY, "security-keeping", {}, v, tmp_path / v.name)
        for v in (cleared, Variant(name="base"), Variant(name="half", set={address: 0.5}))
    ]
    for job, shortfall in zip(work, (900.0, 1000.0, 950.0), strict=True):
        job.folder.mkdir()
        kpis = {"scenario": "s", "model": "m", "total_shortfall": shortfall}
        (job.folder / "kpis.json").write_text(json.dumps(kpis))
    index = _write_index([_row(job) | {"status": "solved"} for job in work], work, tmp_path)
    assert index[f"cleared:{address}"].tolist() == [True, False, False]
    assert index[f"set:{address}"].dtype == "float64"
    assert index[f"set:{address}"].isna().tolist() == [True, True, False]
    result = CliRunner().invoke(app, ["compare", str(tmp_path)])
    output = " ".join(result.output.split())
    assert result.exit_code == 0, output
    assert "KPIs against base" in output
    assert "the sweep's variant that changes nothing of its base" in output
    table = compare_runs(tmp_path, judge=False)
    assert table["baseline"][table["kpi"] == "total_shortfall"].eq(1000.0).all()


def test_a_run_named_itself_is_compared_as_given_and_a_variant_is_no_reference(
    tmp_path: Path,
) -> None:
    """A re-plan of a sweep's variant that failed but kept its plan compares it with the
    re-plan (kpi_deltas): named itself, it is compared, with no word of being left out. A
    sweep's own variant named `unconstrained` is a variant, not a frontier's reference."""
    import warnings

    from forcegen.run import solve_scenario

    sweep = tmp_path / "sweep"
    run = solve_scenario(load_scenario(TINY), "security-keeping", {"time_limit": 10})
    for name in ("kept", "unconstrained"):
        run.write(sweep / name)
    index = {"variant": ["kept", "unconstrained"], "folder": ["kept", "unconstrained"]}
    pd.DataFrame(index | {"status": ["failed", "solved"]}).to_parquet(sweep / INDEX)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        named = compare_runs([sweep / "kept", sweep / "unconstrained"])
    assert list(dict.fromkeys(named["run"])) == ["kept", "unconstrained"]
    with pytest.warns(UserWarning, match="the sweep's failed variant: left out"):
        whole = compare_runs([sweep])
    assert list(dict.fromkeys(whole["run"])) == ["unconstrained"]


def test_the_package_gives_its_names_as_before_but_loads_them_when_asked() -> None:
    # Importing the runner with the package made a report load the model and solver
    # (`test_what_reads_plans_never_imports_the_optimizer`); its names stay the package's.
    import forcegen.sweep

    assert forcegen.sweep.run_sweep is run_sweep and forcegen.sweep.SweepSpec is SweepSpec
    assert forcegen.sweep.load_sweep is load_sweep and "run_sweep" in dir(forcegen.sweep)
    with pytest.raises(AttributeError, match="no attribute 'runs'"):
        forcegen.sweep.runs  # noqa: B018


def test_a_run_made_under_another_edition_of_the_rules_is_made_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A tour's cost counted otherwise: resumed, its figures would sit beside figures of
    # other rules in one index.
    import forcegen.sweep.spec as sweep_spec

    case, spec = load_scenario(TINY), load_spec("security-keeping")
    mine = sweep_spec.inputs_hash(case, spec, spec.solver)
    monkeypatch.setattr(sweep_spec, "RULES_EDITION", sweep_spec.RULES_EDITION - 1)
    assert sweep_spec.inputs_hash(case, spec, spec.solver) != mine


def test_a_variants_idle_lead_does_not_cut_into_the_sweeps_progress(tmp_path: Path) -> None:
    # Its worker printed Python's warning, with its source line, among the progress.
    sweep = tmp_path / "idle.yaml"
    sweep.write_text(
        f"name: idle\nscenario: {TINY}\nsolver: {{time_limit: 5}}\n"
        "variants:\n  - {name: idle, set: {nations.AAA.ceiling: 0}}\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "forcegen", "sweep", str(sweep), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "1 variant: 1 solved." in done.stdout, done.stderr
    assert "IdleLead" not in done.stderr + done.stdout


def test_a_variant_without_a_bound_says_so_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a short time limit a variant may end with no bound: its line read 'gap -', and
    why was only in its solver.log."""
    import forcegen.cli as cli

    def unbounded(*_: object, progress: Callable[[dict[str, Any]], None], **__: Any) -> object:
        row = {"variant": "v", "folder": "v", "status": "solved", "total_shortfall": 5.0}
        row |= {"cost": 10.0}
        row |= {"international_cost": 10.0, "gap": None, "soft_breaches": None, "reused": False}
        progress(row)
        return pd.DataFrame([row])

    monkeypatch.setattr(cli, "run_sweep", unbounded)
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\ngrid:\n  solver.time_limit: [1]\n")
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "out")])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert "v: solved, shortfall 5, cost 0.0 M (0.0 M of tours), no proven gap (its solver" in said


def test_a_sweeps_warnings_are_said_before_it_runs(tmp_path: Path) -> None:
    """The scenario's warnings, and those a variant's values bring (BBB joining after the
    horizon, so never serving), were dropped: the variant ran as any other, its shortfall
    read as a late joiner's (an analyst's finding). Said once each, a variant's at its
    line, as solve and validate say them."""
    base = tmp_path / "base"
    shutil.copytree(TINY, base)
    edit(
        base / "units.csv",
        "AAA-mp-1,AAA,military_police,active,150,,",
        "AAA-mp-1,AAA,military_police,active,150,2003-01,",
    )
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {base}\nvariants:\n  - name: plain\n"
        "  - name: late\n    set:\n      nations.BBB.join: 2001-05\n",
    )
    sweep, said = read_sweep(spec_file)
    assert sweep is not None
    found = [(p.file, p.row, p.column, p.rule) for p in said]
    assert found == [
        ("units.csv", 4, "available_from", "never-in-horizon"),
        SHORT,
        ("sweep.yaml, variant late", 7, "nations.BBB.join", "never-in-horizon"),
    ], said
    with pytest.warns(ScenarioWarning) as warned:
        load_sweep(spec_file)
    assert len(warned) == 3
    # A grid's value is said once, not once in each point it makes (a diff reviewer's).
    grid = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\ngrid:\n  nations.BBB.join: [2001-05]\n"
        "  nations.AAA.ceiling: [900, 1000, 1100]\n",
    )
    _, said = read_sweep(grid)
    assert [(p.row, p.rule) for p in said] == [(15, "short-of-nations"), (4, "never-in-horizon")], (
        said
    )


def test_the_models_warnings_before_the_solve_are_the_bases_once_and_a_variants_named(
    tmp_path: Path,
) -> None:
    """A sweep said none of the model's warnings before the solve that `solve` says: not
    the base's (tiny's 2 nations under min_nations: 3, every plan a nation short), nor a
    variant's own (a cap below any tour: every plan empty). The base's once, at its line
    in the model file; a variant's where the base has none alike, at the variant and the
    line of its value, once for its entry."""
    text = (
        f"name: s\nscenario: {TINY}\nsolver: {{gap: 0}}\nvariants:\n"
        "  - name: plain\n"
        "  - name: more\n    set:\n      model.coalition.min_nations: 5\n"  # line 8
        "  - name: capped\n    set:\n      model.mission.total_budget: 1\n"  # line 11
        "VARIANT"
        "grid:\n  settings.domestic.academy_capacity: [50, 100]\n"
    )
    sweep, said = read_sweep(_sweep_file(tmp_path, text.replace("VARIANT", "")))
    assert sweep is not None
    assert [(p.file, p.row, p.column, p.rule, p.value) for p in said] == [
        (*SHORT, "3"),
        (
            "sweep.yaml, variant more-academy_capacity=50",
            8,
            "model.coalition.min_nations",
            "short-of-nations",
            "5",
        ),
        (
            "sweep.yaml, variant capped-academy_capacity=50",
            11,
            "model.mission.total_budget",
            "idle-total-budget",
            "1",
        ),
    ], said
    assert all(p.severity == "warning" for p in said)
    base, more, capped = (p.message for p in said)
    assert base.endswith(
        "1 nation short, the scenario's breach, not a plan's: every verdict "
        "says it, and the objective does not price it"
    ), base
    assert "asks for 5 nations" in more and "3 nations short" in more, more
    assert "below the cheapest whole tour (BBB-mp-1's, 780,000 USD)" in capped, capped
    # At the terminal, as solve says them: with the sweep's errors, which refuse it.
    broken = text.replace("VARIANT", "  - {name: broken, set: {nations.AAA.ceiling: -5}}\n")
    output = _refused(_sweep_file(tmp_path, broken), tmp_path / "o")
    assert "1 error(s)" in output and "variant broken, line 12" in output
    assert "warning security-keeping.yaml, line 15, key coalition.min_nations: [short-" in output
    assert (
        "warning sweep.yaml, variant more-academy_capacity=50, line 8, key "
        "model.coalition.min_nations: [short-of-nations] coalition.min_nations asks for 5"
    ) in output, output


def test_a_sweep_made_in_python_says_its_warnings_before_any_runs(tmp_path: Path) -> None:
    """A notebook's sweep, made in Python, had no `load_sweep` to say them: its variant of
    a partner joining after the horizon ran as any other, unsaid."""
    sweep = SweepSpec(
        name="t",
        scenario=TINY,
        solver={"time_limit": 5},
        variants=[Variant(name="late", set={"nations.BBB.join": "2001-05"})],
    )
    with pytest.warns(ScenarioWarning) as warned:
        run_sweep(sweep, tmp_path / "said")
    short, said = [str(w.message) for w in warned if isinstance(w.message, ScenarioWarning)]
    assert short.startswith("security-keeping.yaml, line 15") and "[short-of-nations]" in short
    assert "variant late" in said and "nations.BBB.join" in said and "BBB never serves" in said
    # Said already, as load_sweep says a file's: not twice.
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScenarioWarning)
        run_sweep(sweep, tmp_path / "quiet", warn=False)


def test_a_sweep_says_no_warning_its_loaded_scenario_said(tmp_path: Path) -> None:
    """A notebook that loaded its scenario and then ran a sweep of it was told each of the
    scenario's warnings twice, at `load_scenario` and at `run_sweep` (or `load_sweep`); a
    variant's own warnings, and those of a scenario not loaded, are still said."""
    loaded, other = tmp_path / "loaded", tmp_path / "other"
    for folder in (loaded, other):
        shutil.copytree(TINY, folder)
        (folder / "notes.csv").write_text("note\nask the G3\n")
    with pytest.warns(ScenarioWarning, match="notes.csv"):
        load_scenario(loaded)
    late = Variant(name="late", set={"nations.BBB.join": "2001-05"})
    sweep = SweepSpec(name="t", scenario=loaded, solver={"time_limit": 5}, variants=[late])
    with pytest.warns(ScenarioWarning) as warned:
        run_sweep(sweep, tmp_path / "said")
    said = [str(w.message) for w in warned if isinstance(w.message, ScenarioWarning)]
    # The model's warning (tiny's 2 nations of 3) is no scenario's: said.
    assert len(said) == 2 and "short-of-nations" in said[0] and "variant late" in said[1], said
    variants = "variants:\n  - name: late\n    set:\n      nations.BBB.join: 2001-05\n"
    for scenario, expected in (
        (loaded, ["short-of-nations", "variant late"]),
        (other, ["notes.csv", "short-of-nations", "variant late"]),
    ):
        with pytest.warns(ScenarioWarning) as warned:
            load_sweep(_sweep_file(tmp_path, f"name: s\nscenario: {scenario}\n{variants}"))
        said = [str(w.message) for w in warned if isinstance(w.message, ScenarioWarning)]
        assert len(said) == len(expected), said
        assert all(part in message for part, message in zip(expected, said, strict=True)), said


def test_a_rule_of_a_whole_column_broken_by_a_star_is_at_its_line(tmp_path: Path) -> None:
    """`nations.*.lead: false` leaves no lead: said as `nations.lead`, which no override
    is, at no line (an analyst's finding); as written, at its line, as a keyed one is."""
    spec_file = _sweep_file(
        tmp_path,
        f"name: s\nscenario: {TINY}\nvariants:\n  - name: nolead\n    set:\n"
        "      nations.*.lead: false\n  - name: unled\n    set:\n"
        "      nations.AAA.lead: false\n",
    )
    sweep, said = read_sweep(spec_file)
    assert sweep is None
    found = [(p.file, p.row, p.column, p.rule) for p in errors(said)]
    assert found == [
        ("sweep.yaml, variant nolead", 6, "nations.*.lead", "one-lead"),
        ("sweep.yaml, variant unled", 9, "nations.AAA.lead", "one-lead"),
    ]


def test_a_worker_whose_sweep_went_before_sending_ends_without_a_word() -> None:
    """Its caller stopped (a Ctrl-C, kill -9) before it sent the variants: StopIteration's
    traceback, as bench's and branch-and-bound's workers had."""
    from forcegen.sweep.runner import ENTRY

    ended = subprocess.run([sys.executable, "-c", ENTRY], input=b"", capture_output=True)
    assert (ended.returncode, ended.stderr) == (0, b"")
