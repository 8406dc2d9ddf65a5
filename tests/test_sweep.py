"""Sweeps: overrides by name, local and Dask executors agree, failures recorded, resume."""

from __future__ import annotations

import shutil
from pathlib import Path

import dask
import pandas as pd
import pytest
from typer.testing import CliRunner

from forcegen import load_scenario
from forcegen.cli import app
from forcegen.scenario.schema import Ceiling
from forcegen.spec import load_spec
from forcegen.sweep import SweepSpec, load_sweep, run_sweep
from forcegen.sweep.compare import compare_runs
from forcegen.sweep.spec import BadOverrides, Variant, apply_overrides
from tests.conftest import TINY


def _sweep() -> SweepSpec:
    return SweepSpec(
        name="t",
        scenario=TINY,
        solver={"time_limit": 20, "gap": 0},
        variants=[Variant(name="base"), Variant(name="broken", set={"nations.AAA.ceiling": -5})],
        grid={"settings.domestic.academy_capacity": [50, 100]},
    )


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


@pytest.mark.parametrize(
    ("address", "value", "message"),
    [
        ("nations.ZZZ.ceiling", 5, "no row of nations.csv has key 'ZZZ'"),
        ("nations.AAA.colour", 5, "has no column 'colour'"),
        ("settings.domestic.speed", 5, "no such setting 'speed'"),
        ("nations.AAA.lead", False, "one-lead"),
        ("flights.x.y", 1, "not an address"),
    ],
)
def test_bad_override_names_the_problem(address: str, value: object, message: str) -> None:
    spec = load_spec("security-keeping")
    with pytest.raises(ValueError, match=message):
        apply_overrides(load_scenario(TINY), spec, spec.solver, {address: value})  # type: ignore[dict-item]


def test_grid_expands_every_variant() -> None:
    names = [v.name for v in _sweep().expand()]
    assert names == [
        "base-academy_capacity=50",
        "base-academy_capacity=100",
        "broken-academy_capacity=50",
        "broken-academy_capacity=100",
    ]


def test_failure_recorded_rerun_skips_and_dask_agrees(tmp_path: Path) -> None:
    local = run_sweep(_sweep(), tmp_path / "local")
    assert local["status"].tolist() == ["solved", "solved", "failed", "failed"]
    assert "ceiling" in local.loc[2, "error"]
    assert (tmp_path / "local" / "index.parquet").exists()
    assert pd.read_parquet(tmp_path / "local" / "index.parquet")["variant"].tolist() == (
        local["variant"].tolist()
    )
    # More academy places, no more shortfall.
    assert local.loc[1, "total_shortfall"] <= local.loc[0, "total_shortfall"]

    again = run_sweep(_sweep(), tmp_path / "local")
    assert again["status"].tolist() == ["skipped", "skipped", "failed", "failed"]
    assert again["total_shortfall"].tolist()[:2] == local["total_shortfall"].tolist()[:2]

    on_dask = run_sweep(_sweep(), tmp_path / "dask", workers=2)
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
    row = table.loc[("base-academy_capacity=100", "total_shortfall")]
    assert row["delta"] == pytest.approx(row["value"] - row["baseline"])
    assert table.loc[("base-academy_capacity=50", "tours"), "delta"] == 0


def test_compare_runs_of_one_name_and_a_broken_kpis_file(tmp_path: Path) -> None:
    run_sweep(_sweep(), tmp_path)
    for copy in ("s1", "s2"):
        shutil.copytree(tmp_path / "base-academy_capacity=50", tmp_path / copy / "plan")
    runner = CliRunner()
    twins = runner.invoke(app, ["compare", str(tmp_path / "s1/plan"), str(tmp_path / "s2/plan")])
    assert twins.exit_code == 0, twins.output
    assert "s2/plan" in twins.output
    (tmp_path / "s2/plan/kpis.json").write_text("{not json")
    broken = runner.invoke(
        app, ["compare", str(tmp_path / "s1/plan"), str(tmp_path / "s2/plan"), str(tmp_path)]
    )
    assert broken.exit_code == 2 and "Traceback" not in broken.output, broken.output
    output = " ".join(broken.output.split())
    assert "s2/plan/kpis.json: [json-syntax]" in output
    assert "[missing-file]" in output  # tmp_path is no run folder: both problems at once


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


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--workers", "-1"], "Invalid value for '--workers'"),
        (["--workers", "0"], "Invalid value for '--workers'"),
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


def test_every_variant_is_judged_before_any_runs(tmp_path: Path) -> None:
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(
        f"name: s\nscenario: {TINY}\n"
        "variants:\n"
        "  - {name: fine}\n"
        "  - {name: late, set: {nations.BBB.leave: 2031-13}}\n"
        "  - {name: small, set: {units.AAA-inf-2.personnel: -5, nations.BBB.join: {scale: 2}}}\n"
        "  - {name: early, set: {model.mission.end: end-date, model.mission.end_date: 1999-01}}\n"
    )
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    for where, problem in [
        ("variant late, column nations.BBB.leave", "[format] month number must be 1..12"),
        ("variant small, column units.AAA-inf-2.personnel", "[range]"),
        ("variant small, column nations.BBB.join", "[override] only a number can be scaled"),
        ("variant early, column model.mission.end_date", "[before-horizon]"),
    ]:
        assert f"sweep.yaml, {where}: {problem}" in output
    assert "fine" not in output and "Traceback" not in output
    assert not (tmp_path / "o").exists()


def test_a_sweep_file_that_is_no_yaml_or_no_text_is_one_line(tmp_path: Path) -> None:
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\n  grid: {{a: [1}}\n")
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    problem = "sweep.yaml, row 3, column 7: [yaml-syntax] mapping values are not allowed here"
    assert f"1 error(s):\n  error {problem}\n" in result.output
    spec_file.write_bytes(b"name: s\n\xff\n")
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "sweep.yaml: [encoding]" in result.output, result.output
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
    assert "sweep.yaml, column variants.0: [type] should be a mapping (key: value)" in output
    assert (
        "sweep.yaml, column variants.1.set.x: [format] should be a number, a text, true or "
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


def test_the_sweep_files_solver_options_are_named_by_file_and_key(tmp_path: Path) -> None:
    """Not as the command-line options (`--time-limit`) that the sweep command has none of."""
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\nsolver: {{time_limit: -5, gapp: 1}}\n")
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert "sweep.yaml, column solver.time_limit: [range]" in output
    assert "sweep.yaml, column solver.gapp: [unknown-column]" in output
    assert "--time-limit" not in output and "--gapp" not in output
    assert not (tmp_path / "o").exists()


def test_variant_names_must_differ(tmp_path: Path) -> None:
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\nvariants: [{{name: a}}, {{name: a}}]\n")
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    assert "variant names repeat" in result.output and "['a']" in result.output


def test_sweep_file_and_cli(tmp_path: Path) -> None:
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(
        f"name: s\nscenario: {TINY}\nsolver: {{time_limit: 10}}\n"
        "grid:\n  settings.domestic.recruits_per_month: [10, 50]\n"
    )
    assert len(load_sweep(spec_file).expand()) == 2
    result = CliRunner().invoke(app, ["sweep", str(spec_file), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2 variants: {'solved': 2}" in result.output
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
    assert "settings.domestc.academy_capacity: no such setting 'domestc'" in output
    assert "settings: not an address" in output
    assert "nations.AAA.budget_per_year: every cell it names in nations.csv is blank" in output


def test_frontier_shortfall_falls_as_budget_grows(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "frontier",
            str(TINY),
            "--out",
            str(tmp_path),
            "--shares",
            "0.3,0.6,1.0",
            "--time-limit",
            "20",
        ],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "frontier.csv")
    assert (table["international_cost"] <= table["budget_cap"] + 1e-6).all()
    shortfall = table.sort_values("budget_cap")["total_shortfall"].tolist()
    assert shortfall == sorted(shortfall, reverse=True)
    assert (tmp_path / "frontier.html").exists()


def test_frontier_refuses_bad_shares_before_solving(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["frontier", str(TINY), "--out", str(tmp_path / "f"), "--shares", "0.5,abc"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--shares: [format]" in result.output and not (tmp_path / "f").exists()


def test_an_unreachable_scheduler_is_bad_input(tmp_path: Path) -> None:
    spec_file = tmp_path / "sweep.yaml"
    spec_file.write_text(f"name: s\nscenario: {TINY}\n")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):  # Dask's own is 30 s
        result = CliRunner().invoke(
            app,
            [
                "sweep",
                str(spec_file),
                "--out",
                str(tmp_path / "o"),
                "--scheduler",
                "tcp://127.0.0.1:1",
            ],
        )
    assert result.exit_code == 2 and "--scheduler: [unreachable]" in result.output, result.output
    assert not (tmp_path / "o").exists()
