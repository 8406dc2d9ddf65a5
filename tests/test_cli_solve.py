"""forcegen solve from the command line: run folder, exit codes, determinism."""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

import forcegen.solve
from forcegen.branch import DIED, Outcome
from forcegen.cli import _adding_up, _figures_shown, _Phases, app
from forcegen.fileio import stamp_of
from forcegen.run import solve_scenario
from forcegen.scenario.generate import generate_scenario
from forcegen.scenario.load import load_scenario
from forcegen.search import Searched, improve
from forcegen.shown import kpi_shown
from forcegen.spec import MODELS_DIR, load_spec
from forcegen.stats import how_solved, places_apart
from forcegen.sweep.compare import model_digest
from tests.cells import number
from tests.conftest import TIMOR, TINY, edit

runner = CliRunner()


def _solve(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["solve", str(TINY), "--quiet", *args])
    return result.exit_code, result.output


def test_a_quiet_solve_says_each_phase_as_it_begins_and_no_other_line() -> None:
    """demo solves quietly, and its minute of solving had passed without a word: a
    terminal is shown forcegen's own log lines, each as it comes (a line written in pieces
    said once whole), branch-and-bound where HiGHS begins it, and none of HiGHS's lines."""
    said: list[str] = []
    phases = _Phases(lambda description: said.append(description))
    phases.write("build: the model and the warm start's plans ...\nsearch: warm start 10")
    phases.write("4,943\nsearch: aid_escort in [north]: no better\nPresolving model\n")
    phases.write("MIP has 404 rows; 314 cols\n  Matrix  [3e-01, 1e+03]\nSrc: B => Branching\n")
    assert said == [
        "Solving: build: the model and the warm start's plans ...",
        "Solving: search: warm start 104,943",
        "Solving: search: aid_escort in \\[north]: no better",  # as markup, its brackets shown
        "Solving: branch-and-bound on the whole model",
    ]


def test_solve_writes_the_run_folder(tmp_path: Path) -> None:
    code, output = _solve("--out", str(tmp_path / "run"), "--gap", "0", "--time-limit", "30")
    assert code == 0, output
    # Quiet and no terminal: no line of the solve's phases, nor the blank line rich's
    # progress left behind it.
    lines = output.splitlines()
    solving = next(i for i, line in enumerate(lines) if line.startswith("Solving tiny"))
    assert lines[solving + 1] == "Plan summary", output
    run = tmp_path / "run"
    # The options it was solved with, not the model file's (60 s, gap 0.01).
    solver = yaml.safe_load((run / "model.yaml").read_text())["solver"]
    assert (solver["time_limit"], solver["gap"]) == (30, 0)
    for name in ("assignments", "coverage", "domestic", "costs", "handover"):
        assert (run / f"{name}.csv").exists(), name
    assert (run / "model.yaml").exists() and (run / "scenario" / "units.csv").exists()
    kpis = json.loads((run / "kpis.json").read_text())
    assert kpis["termination"] == "optimal" and kpis["solution"] == "optimal"
    assert "Status            Optimal" in (run / "solver.log").read_text()
    tours = pd.read_csv(run / "assignments.csv")
    assert list(tours.columns[:8]) == [
        "unit",
        "nation",
        "component",
        "type",
        "task",
        "region",
        "start",
        "end",
    ]
    assert "Plan summary" in output
    assert f"{kpis['solve_seconds']:.1f} s of it solving" in output
    # Money as the report shows it, in millions of the scenario's currency: in full,
    # 1,553,317,108 read as a count with no unit.
    assert f"{kpis['cost'] / 1e6:,.1f} M USD (tours " in " ".join(output.split())
    # Checked and reported as demo's and evaluate's runs are: a solve's report had to be
    # asked for (forcegen report), its plan's figures unseen until it was.
    said = " ".join(output.split())
    assert "The plan keeps every hard rule." in said
    assert f"Report written to {run / 'report.html'}" in said
    assert f"Workbook written to {run / 'plan.xlsx'}" in said
    page = (run / "report.html").read_text()
    assert "The plan keeps every hard rule, checked from the scenario" in page
    assert f"{kpis['total_shortfall']:,.0f} effective person-months" in page
    assert (run / "plan.xlsx").exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging


def test_a_runs_kpis_name_the_model_file_and_a_hash_of_the_model(tmp_path: Path) -> None:
    """Two files both named security-keeping made runs that only a diff of their model.yaml
    told apart: kpis.json names the file (a bundled model by its name, another by its path
    as resolved) and hashes the model's rules, weights and settings, as compare fingerprints
    model.yaml (its name, description and solver options apart)."""
    model = yaml.safe_load((MODELS_DIR / "security-keeping.yaml").read_text())
    model["description"] = "a copy, its words alone changed"
    (tmp_path / "worded.yaml").write_text(yaml.safe_dump(model))
    model["weights"]["cost"] *= 2
    (tmp_path / "dearer.yaml").write_text(yaml.safe_dump(model))
    kpis = {}
    for name, given, limit in (
        ("bundled", "security-keeping", "5"),
        ("worded", str(tmp_path / "sub" / ".." / "worded.yaml"), "6"),
        ("dearer", str(tmp_path / "dearer"), "5"),
    ):
        (tmp_path / "sub").mkdir(exist_ok=True)
        code, output = _solve(
            "--model", given, "--out", str(tmp_path / name), "--time-limit", limit
        )
        assert code == 0, output
        kpis[name] = json.loads((tmp_path / name / "kpis.json").read_text())
        assert kpis[name]["model"] == "security-keeping"
        assert kpis[name]["model_sha256"] == model_digest(tmp_path / name)
    assert kpis["bundled"]["model_file"] == "security-keeping"
    assert kpis["worded"]["model_file"] == str(tmp_path / "worded.yaml")
    assert kpis["dearer"]["model_file"] == str(tmp_path / "dearer.yaml")
    # Its words and its time limit make no other model; a weight does.
    assert kpis["worded"]["model_sha256"] == kpis["bundled"]["model_sha256"]
    assert kpis["dearer"]["model_sha256"] != kpis["bundled"]["model_sha256"]


def test_same_input_same_plan(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert _solve("--out", str(tmp_path / name), "--gap", "0", "--seed", "3")[0] == 0
    for table in ("assignments.csv", "coverage.csv", "domestic.csv"):
        assert (tmp_path / "a" / table).read_bytes() == (tmp_path / "b" / table).read_bytes()


def test_unknown_model_is_bad_input(tmp_path: Path) -> None:
    code, output = _solve("--model", "no-such-doctrine", "--out", str(tmp_path / "run"))
    assert code == 2
    assert "security-keeping" in output  # the message lists the known models
    assert not (tmp_path / "run").exists()


def test_bad_model_key_is_bad_input(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: x\nweights:\n  shortfal: 3\n")
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "run"))
    assert code == 2
    assert "weights.shortfal" in output
    # A key given twice is said with the file's other faults, not alone before them.
    spec.write_text("name: x\nweights:\n  shortfal: 3\nname: y\n")
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "run"))
    said = " ".join(output.split())
    assert code == 2 and "2 error(s)" in said, output
    assert "line 4, key name: [duplicate-key] given on lines 1 and 4" in said
    assert "weights.shortfal" in said


def test_a_model_file_of_the_wrong_shape_is_named_in_its_words(tmp_path: Path) -> None:
    """Not in pydantic's, which name the classes behind each section (`Weights`)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: x\nweights: 5\nsolver: {gapp: 1}\n")
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "run"))
    assert code == 2
    output = " ".join(output.split())
    assert "spec.yaml, line 2, key weights: [type] should be a mapping (key: value)" in output
    assert "spec.yaml, line 3, key solver.gapp: [unknown-column] not a known key" in output
    said = _model_refused(tmp_path, "mission:\n  handover_month: 3\ncoalition:\n  lead_min_shar: 0")
    assert "mission.handover_month: [unknown-column] not a known key; did you mean " in said
    assert "handover_months? (value '3')" in said
    assert "coalition.lead_min_shar: [unknown-column] not a known key; did you mean " in said
    # A section's key written with a dot, as a workbook's settings sheet writes it.
    said = _model_refused(tmp_path, "weights.cost: 0.5")
    assert "key weights.cost: [unknown-column] not a known key; in YAML, " in said
    assert "write cost: under weights:" in said
    assert "Weights" not in output and "Extra inputs" not in output and "_type" not in output
    spec.write_text("- name: x\n")
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "run"))
    assert code == 2 and "spec.yaml: [type] should be a mapping (key: value)" in output
    # YAML's yes is true, which pydantic would read as a gap of 1 (stop at any plan).
    spec.write_text("name: x\nsolver:\n  gap: yes\n")
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "run"))
    output = " ".join(output.split())
    assert code == 2 and "spec.yaml, line 3, key solver.gap: [format] expected a number" in output


def test_a_date_yaml_reads_where_text_goes_is_told_to_be_quoted(tmp_path: Path) -> None:
    """An unquoted 2020-01-01 had been shown as Python's 'datetime.date(2020, 1, 1)'."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: 2020-01-01\n")
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "run"))
    assert code == 2
    assert (
        "spec.yaml, line 1, key name: [type] should be a valid string: YAML reads it unquoted "
        "as a date; quote it (value '2020-01-01')"
    ) in " ".join(output.split())


def _model_refused(tmp_path: Path, text: str) -> str:
    """What solve says, on one line, refusing the model file of `text` (after its name)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"name: x\n{text}\n")
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "run"))
    assert code == 2, output
    return " ".join(output.split())


def test_a_model_files_number_of_no_size_is_said_in_our_words(tmp_path: Path) -> None:
    """pydantic's `finite_number` and `int_parsing_size` were the rule, and its words
    ('unable to parse input string') the message."""
    output = _model_refused(
        tmp_path, "solver:\n  seed: .inf\n  threads: 1.0e+40\n  time_limit: .nan"
    )
    assert "spec.yaml, line 3, key solver.seed: [range] should be a finite number" in output
    assert "spec.yaml, line 4, key solver.threads: [range] is too large a number" in output
    assert "line 5, key solver.time_limit: [type] should be a number, not nan" in output
    words = output.replace(str(tmp_path), "")  # the path given, not pydantic's words
    assert "_number" not in words and "_size" not in words and "parse" not in words


def test_a_model_file_that_is_no_yaml_is_one_line(tmp_path: Path) -> None:
    """PyYAML's own text quotes the line over several, naming a '<unicode string>'."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: x\nweights:\n  shortfall: 3\n   cost: 1\n")
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "run"))
    assert code == 2
    problem = (
        f"{spec}, line 4, column 8: [yaml-syntax] mapping values are not allowed here: a ': ' "
        "read inside a value: quote a value holding one ('Phase 2: stabilisation'), and indent "
        "a key as the one above it"
    )
    assert f"1 error(s):\n  error {problem}\n" in output
    assert "unicode" not in output and "^" not in output


def test_model_numbers_beyond_any_doctrine_are_refused(tmp_path: Path) -> None:
    """A weight of 1e300 left the solver without a plan; 1e23 nations was a traceback."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "name: x\nweights:\n  shortfall: 1.0e13\n  change: 1.0e300\nmission:\n"
        "  total_budget: 1.0e16\ncoalition:\n  min_nations: 100000000000000000000000\n"
    )
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "run"))
    assert code == 2 and "Traceback" not in output
    output = " ".join(output.split())
    for line, column in (
        (3, "weights.shortfall"),
        (4, "weights.change"),
        (6, "mission.total_budget"),
    ):
        assert f"spec.yaml, line {line}, key {column}: [range]" in output
    assert "spec.yaml, line 8, key coalition.min_nations: [range]" in output
    assert not (tmp_path / "run").exists()


def test_infeasible_rules_exit_3_with_reasons(tmp_path: Path) -> None:
    spec = tmp_path / "strict.yaml"
    spec.write_text(
        "name: strict\nmission:\n  end: end-date\n  end_date: 2000-06\n  coverage_floor: 0.9\n"
    )
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "run"))
    assert code == 3, output
    assert "coverage_floor" in output
    assert "north/border_control: 903.0 in 6 month(s) between 2000-07 and 2000-12" in output
    assert "after the end-date 2000-06" in output
    assert not (tmp_path / "run").exists()


def test_too_few_nations_for_a_hard_minimum_exit_3_saying_what_to_change(tmp_path: Path) -> None:
    """Tiny has two nations; a hard minimum of three leaves no plan. The message had said
    "1 nation short" and "mission: 1", and the rules kept, not the scenario's two nations,
    nor what to edit; a run already in --out is kept as it was."""
    spec = (MODELS_DIR / "security-keeping.yaml").read_text()
    (tmp_path / "three.yaml").write_text(spec.replace("min_nations: soft", "min_nations: hard"))
    run = tmp_path / "run"
    assert _solve("--out", str(run), "--time-limit", "10")[0] == 0
    before = (run / "assignments.csv").read_text()
    code, output = _solve("--model", str(tmp_path / "three.yaml"), "--out", str(run))
    said = " ".join(output.split())
    assert code == 3, output
    assert "the scenario has 2 nation(s) (AAA, BBB), fewer than 3" in said
    assert "mission: 1" not in said
    assert "conflicts with" not in said
    assert (
        "to change: lower coalition.min_nations (now 3); or make it soft in the model "
        "(rules.min_nations: soft), a breach then priced"
    ) in said
    assert said.endswith("a breach then priced Nothing was written.")
    assert "Traceback" not in output
    assert (run / "assignments.csv").read_text() == before


@pytest.mark.parametrize(
    "command",
    [
        ["solve", str(TINY), "--out", "OUT"],
        ["demo", str(TINY), "--out", "OUT"],
        ["rolling", str(TINY), "--out", "OUT"],
        ["replan", str(TINY), "RUN", "--from", "2000-06", "--events", "EVENTS", "--out", "OUT"],
        ["resilience", str(TINY), "--announced", "2000-06", "--notice", "1", "--out", "OUT"],
        ["frontier", str(TINY), "--out", "OUT"],
        ["check", str(TINY), "RUN"],
    ],
    ids=lambda command: command[0],
)
def test_an_end_date_before_the_horizon_is_bad_input(tmp_path: Path, command: list[str]) -> None:
    """Refused where the spec is loaded for the scenario, before any model is built."""
    early = (MODELS_DIR / "security-keeping.yaml").read_text()
    early = early.replace("  end: end-state", "  end: end-date\n  end_date: 1999-12")
    (tmp_path / "early.yaml").write_text(early)
    args = [str(tmp_path / a) if a.isupper() else a for a in command]
    result = runner.invoke(app, [*args, "--model", str(tmp_path / "early.yaml")])
    assert result.exit_code == 2, result.output
    message = "early.yaml, line 9, key mission.end_date: [before-horizon] the mission ends before"
    assert message in " ".join(result.output.split())
    assert "(2000-01)" in result.output
    assert not (tmp_path / "OUT").exists()


def test_a_plan_made_on_another_scenario_is_named_as_such(
    tiny_copy: Callable[[], Path], tmp_path: Path
) -> None:
    """Judged against the wrong scenario, every tour was a violation (exit 1), none saying why."""
    run, other = tmp_path / "run", tiny_copy()
    assert _solve("--out", str(run))[0] == 0
    # A copy under another name, its codes all there: asking whether the plan still holds
    # on an edited scenario is fair, and answered, with a word that it is another one.
    edit(other / "scenario.yaml", "name: tiny", "name: other")
    result = runner.invoke(app, ["check", str(other), str(run)])
    assert result.exit_code == 0, result.output
    assert (
        f"warning {run}/kpis.json, key scenario: [other-scenario] the plan was made on the "
        f"scenario 'tiny', not on 'other' ({other}); its units and regions are there"
    ) in " ".join(result.output.split())
    # A scenario without the plan's units and regions is another one altogether.
    generate_scenario("S", 0, units=8, regions=2, months=12).to_folder(tmp_path / "S")
    for command in (
        ["check", str(tmp_path / "S"), str(run)],
        _replan(tmp_path / "S", run, tmp_path),
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert (
            "[other-scenario] the plan was made on the scenario 'tiny', not on "
            f"'synthetic-S-0' ({tmp_path / 'S'}):"
        ) in " ".join(result.output.split())
    assert not (tmp_path / "new").exists()
    # A planner's own plan has no kpis.json: its tours name units and regions of another.
    hand = tmp_path / "hand"
    hand.mkdir()
    (hand / "assignments.csv").write_text(
        "unit,task,region,start\nAUS-inf-1,border_control,bobonaro,2000-01\n"
        "AAA-inf-1,border_control,dili,2000-01\nNZL-inf-1,aid_escort,covalima,2000-01\n"
    )
    result = runner.invoke(app, ["check", str(TINY), str(hand)])
    assert result.exit_code == 2, result.output
    assert (
        "[other-scenario] 2 of the 3 units and 3 of the 3 regions its tours name are not in "
        "the scenario 'tiny'"
    ) in " ".join(result.output.split())
    assert "unknown-unit" not in result.output
    # Padded as a spreadsheet pads its cells, the codes are the scenario's own.
    padded = tmp_path / "padded"
    padded.mkdir()
    (padded / "assignments.csv").write_text(
        "unit,task,region,start\nAAA-inf-1 ,border_control,north ,2000-01\n"
    )
    result = runner.invoke(app, ["check", str(TINY), str(padded)])
    assert result.exit_code == 0, result.output


def _replan(scenario: Path, run: Path, tmp_path: Path) -> list[str]:
    events = tmp_path / "events.yaml"
    # A month inside the synthetic scenario's horizon (2030-01 on), so that the options hold.
    events.write_text("events:\n  - {kind: unit_unavailable, unit: AAA-mp-1, from: 2030-08}\n")
    return ["replan", str(scenario), str(run), "--from", "2030-06", "--events", str(events),
            "--out", str(tmp_path / "new")]  # fmt: skip


def test_a_run_is_not_written_into_its_scenario_folder(tiny_copy: Callable[[], Path]) -> None:
    scenario = tiny_copy()
    before = sorted(p.name for p in scenario.iterdir())
    result = runner.invoke(app, ["solve", str(scenario), "--quiet", "--out", f"{scenario}/"])
    assert result.exit_code == 2, result.output
    assert "--out: [overwrites-input] the same as the scenario" in " ".join(result.output.split())
    assert "Solving" not in result.output
    assert sorted(p.name for p in scenario.iterdir()) == before


def test_a_run_is_not_written_over_a_folder_of_other_files(
    tiny_copy: Callable[[], Path], tmp_path: Path
) -> None:
    # A run's report.html, plan.xlsx or figures/ would replace the planner's own.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.html").write_text("my notes")
    code, output = _solve("--out", str(mine))
    assert code == 2 and "--out: [not-a-run-folder]" in output, output
    assert [p.name for p in mine.iterdir()] == ["report.html"]
    # Nor over the folder its scenario is in.
    project = tmp_path / "project"
    project.mkdir()
    tiny_copy().rename(project / "scenario")
    result = runner.invoke(app, ["solve", str(project / "scenario"), "--out", str(project)])
    assert result.exit_code == 2 and "holds the scenario" in " ".join(result.output.split())
    # A run is written over a run, into a folder of hidden files only, and into a new
    # folder inside its scenario's.
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / ".gitkeep").write_text("")
    assert _solve("--out", str(tmp_path / "run"))[0] == 0
    assert _solve("--out", str(tmp_path / "run"))[0] == 0
    inside = project / "scenario" / "runs" / "first"
    solved = runner.invoke(app, ["solve", str(project / "scenario"), "--out", str(inside)])
    assert solved.exit_code == 0, solved.output


def test_a_run_written_in_python_is_not_written_over_a_folder_of_other_files(
    tiny_copy: Callable[[], Path], tmp_path: Path
) -> None:
    """A notebook's `run.write(".")` beside its own scenario/ folder replaced it, the
    planner's notes in it gone, where `solve --out` refuses the folder."""
    project = tmp_path / "project"
    project.mkdir()
    tiny_copy().rename(project / "scenario")
    (project / "scenario" / "NOTES.md").write_text("why the ceilings are what they are")
    run = solve_scenario(project / "scenario", "security-keeping", {"time_limit": 20})
    with pytest.raises(FileExistsError, match="holds files other than a run folder's"):
        run.write(project)
    assert (project / "scenario" / "NOTES.md").is_file()
    assert sorted(p.name for p in project.iterdir()) == ["scenario"]
    # A new folder, and an earlier run, are written as before.
    run.write(tmp_path / "run")
    run.write(tmp_path / "run")
    assert (tmp_path / "run" / "kpis.json").is_file()


def test_a_plan_no_solver_made_says_so_in_its_solver_log(tmp_path: Path) -> None:
    # A heuristic's plan has no log of its own: written over an earlier run, that run's
    # log would have passed for this plan's, and an empty one for a solve that failed.
    import pyomo.environ as pyo

    from forcegen.model.build import build_model
    from forcegen.plan import extract_plan
    from tests.factory import scenario, spec, unit

    case = scenario(months=6, units=[unit("u")], demand=[("r", "guard", 0, 5, 100.0)])
    m, data = build_model(case, spec())
    for var in m.component_data_objects(pyo.Var):
        var.set_value(0.0, skip_validation=True)
    plan = extract_plan(m, data, None)
    log = tmp_path / "run" / "solver.log"
    heuristic = "No solver ran: the plan is a heuristic's.\n"
    for written, said in (("Running HiGHS\n", "Running HiGHS\n"), ("", heuristic)):
        plan.solver_log = written
        plan.write(tmp_path / "run", data)
        assert log.read_text() == said


@pytest.mark.parametrize(
    ("command", "rule"),
    [
        (["rolling"], "not-a-rolling-horizon-folder"),
        (["resilience", "--announced", "2000-03", "--notice", "1"], "not-a-resilience-folder"),
        (["frontier"], "not-a-frontier-folder"),
    ],
    ids=["rolling", "resilience", "frontier"],
)
def test_runs_a_folder_down_are_not_written_over_a_folder_of_other_files(
    command: list[str], rule: str, tmp_path: Path
) -> None:
    # Their runs (full/, plan/, unconstrained/) would replace the planner's own folders
    # of the same names whole.
    mine = tmp_path / "mine"
    (mine / "full").mkdir(parents=True)
    (mine / "full" / "notes.txt").write_text("mine")
    result = runner.invoke(app, [command[0], str(TINY), *command[1:], "--out", str(mine)])
    assert result.exit_code == 2, result.output
    assert f"--out: [{rule}]" in result.output
    assert (mine / "full" / "notes.txt").read_text() == "mine"
    assert [p.name for p in mine.iterdir()] == ["full"]


def test_an_output_path_that_cannot_be_written_is_refused_before_solving(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    for out, reason in [
        (tmp_path / "file", "an existing file, where a folder is to be written"),
        (tmp_path / "file" / "run", "is a file, so no folder can be made in it"),
        # There, so not "No such file or directory", as the file system's word had it.
        (Path("/proc/run"), "nothing can be written in /proc: the folder takes no new files"),
    ]:
        code, output = _solve("--out", str(out))
        assert code == 2, output
        assert "--out: [not-writable]" in output and reason in " ".join(output.split())
        assert "No such file" not in output
        assert "Solving" not in output and "Traceback" not in output
    assert (tmp_path / "file").read_text() == "not a folder"


@pytest.mark.parametrize("fault", ["disk-full", "held"])
def test_a_run_that_cannot_be_written_keeps_the_old_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    """A full disk; a plan.xlsx that can be neither deleted nor moved (on Windows, open
    in Excel), which had left the old run without its tables, said to be as it was."""
    from forcegen import fileio

    run = tmp_path / "run"
    code, output = _solve("--out", str(run))
    assert code == 0, output
    # A workbook of no digest, which no edit check refuses: the run's writing is what fails.
    stamp_of(run / "plan.xlsx").unlink()
    (run / "plan.xlsx").write_text("the planner's")
    before = {p: p.read_bytes() for p in run.rglob("*") if p.is_file()}
    replace = fileio.os.replace

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    def held(source: Path, target: Path) -> None:
        if Path(source).name == "plan.xlsx":
            raise PermissionError(13, "The process cannot access the file", str(source))
        replace(source, target)

    if fault == "disk-full":
        monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    else:
        monkeypatch.setattr(fileio.os, "replace", held)
    code, output = _solve("--out", str(run))
    said = " ".join(output.split())
    assert code == 2 and "Traceback" not in output, output
    assert "[not-written] the run could not be made or written" in said
    # Closed as every refusal is, by what it left undone.
    assert said.endswith(f"1 error(s); none of the run was put in place in {run}.")
    assert {p: p.read_bytes() for p in run.rglob("*") if p.is_file()} == before
    # Asked only where a file is held.
    asked = "(is one of its files open in another program, a spreadsheet?)" in said
    assert asked == (fault == "held")
    assert ("No space left on device" in said) == (fault == "disk-full")


@pytest.mark.parametrize("lock", ["~$plan.xlsx", ".~lock.plan.xlsx#"])
def test_a_run_whose_workbook_is_open_in_a_spreadsheet_is_not_written_over(
    tmp_path: Path, lock: str
) -> None:
    """Replaced beneath Excel (or LibreOffice), the workbook was saved back over by the
    old plan and its edits, beside the new run's tables, and `report` wrote over those in
    silence (an input reviewer's finding)."""
    run = tmp_path / "run"
    code, output = _solve("--out", str(run))
    assert code == 0, output
    assert CliRunner().invoke(app, ["report", str(run)]).exit_code == 0
    (run / lock).write_text("")
    before = {p: p.read_bytes() for p in run.rglob("*") if p.is_file()}
    for command in (["solve", str(TINY), "--out", str(run)], ["report", str(run)]):
        result = CliRunner().invoke(app, command)
        said = " ".join(result.output.split())
        assert result.exit_code == 2, said
        assert f"[open-elsewhere] open in a spreadsheet ({lock} beside it)" in said
        assert {p: p.read_bytes() for p in run.rglob("*") if p.is_file()} == before
    # A lock beside no workbook is a spreadsheet's that ended without cleaning up after it.
    (run / "plan.xlsx").unlink()
    assert CliRunner().invoke(app, ["report", str(run)]).exit_code == 0


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["generate", "--size", "S", "{out}"], "the scenario"),
        (["convert", str(TINY), "{out}.xlsx"], "the scenario"),
        (["convert", str(TINY), "{out}"], "the scenario"),
        (["format-doc", "--out", "{out}.md"], "the format document"),
        (["compare", "{run}", "{run}", "--out", "{out}.csv"], "the comparison"),
    ],
)
def test_a_full_disk_is_said_not_a_traceback(tmp_path: Path, command: list[str], what: str) -> None:
    """The disk is full once 64 bytes are written (the file size limit, which Python
    meets as an error, not a signal); nothing is put in place, and a file written before
    stays as it was."""
    out, run = str(tmp_path / "out"), tmp_path / "run"
    if "{run}" in command:
        solve_scenario(load_scenario(TINY), load_spec("security-keeping"), {"gap": 0.5}).write(run)
    args = [part.format(out=out, run=run) for part in command]
    target = Path(args[-1])
    kept = target.suffix == ".md"
    if kept:
        target.write_text("kept")

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    done = subprocess.run(
        [sys.executable, "-m", "forcegen", *args],
        capture_output=True,
        text=True,
        preexec_fn=small_disk,
        cwd=Path(__file__).parents[1],
    )
    said = " ".join(done.stdout.split() + done.stderr.split())
    assert done.returncode == 2 and "Traceback" not in said, said
    assert f"[not-written] {what} could not be made or written" in said
    assert "File too large" in said
    closing = " ".join(done.stderr.split())
    assert f"1 error(s); none of {what} was put in place in " in closing[-200:], closing
    assert target.read_text() == "kept" if kept else not target.exists()


def test_a_solver_stopped_without_a_plan_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Branch-and-bound's process died before any plan, and no search ran to have one."""

    def died(*_: object) -> Outcome:
        return Outcome(DIED, None, None)

    monkeypatch.setattr(forcegen.solve, "branch_and_bound", died)
    code, output = _solve("--out", str(tmp_path / "run"), "--search", "0")
    assert code == 3
    # Its process died: more time, as for a stop at the time limit, was the advice.
    assert "No plan: the solver failed (error) without a plan: HiGHS reported" in output
    assert "a longer time limit will not help" in output and "may find one" not in output
    assert "Traceback" not in output
    assert not (tmp_path / "run").exists()


def test_solver_options_are_checked_like_a_model_files(tmp_path: Path) -> None:
    code, output = _solve("--out", str(tmp_path / "a"), "--time-limit", "-5", "--threads", "0")
    assert code == 2 and not (tmp_path / "a").exists()
    assert "--time-limit: [range]" in output and "--threads:" in output
    code, output = _solve("--out", str(tmp_path / "a"), "--time-limit", "inf")
    assert code == 2 and "--time-limit: [range]" in output and "Traceback" not in output
    code, output = _solve("--out", str(tmp_path / "b"), "--search", "2")
    assert code == 2 and "from 0 to 1, or auto" in output
    code, output = _solve("--out", str(tmp_path / "c"), "--search", "auto", "--time-limit", "5")
    assert code == 0, output


def test_bad_options_and_a_bad_scenario_are_reported_together(
    tiny_copy: Callable[[], Path], tmp_path: Path
) -> None:
    """The options were judged only once the scenario was mended."""
    scenario = tiny_copy()
    edit(scenario / "units.csv", "active,300", "active,-3")
    out = str(tmp_path / "run")
    result = runner.invoke(
        app, ["solve", str(scenario), "--time-limit", "-5", "--gap", "2", "--out", out]
    )
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    for problem in (
        "units.csv, row 2, column personnel: [range]",
        "--time-limit: [range]",
        "--gap: [range]",
        "3 error(s); nothing was run and nothing written.",
    ):
        assert problem in output
    rolled = runner.invoke(
        app, ["rolling", str(scenario), "--window", "0", "--time-limit", "-5", "--out", out]
    )
    assert rolled.exit_code == 2, rolled.output
    output = " ".join(rolled.output.split())
    for problem in ("--window: [range]", "units.csv, row 2", "--time-limit: [range]"):
        assert problem in output
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize(
    ("window", "commit", "problems"),
    [
        ("0", "12", ["--window: [range] must be at least 1 (value '0')"]),
        (
            "-3",
            "-5",
            [
                "--window: [range] must be at least 1 (value '-3')",
                "--commit: [range] must be at least 1 (value '-5')",
            ],
        ),
        ("6", "9", ["--commit: [range] must be at most --window (6) (value '9')"]),
    ],
    ids=["window-zero", "both-negative", "commit-longer"],
)
def test_rolling_names_the_option_that_is_wrong(
    tmp_path: Path, window: str, commit: str, problems: list[str]
) -> None:
    """A window of 0 was reported as a bad --commit."""
    result = runner.invoke(
        app,
        [
            "rolling",
            str(TINY),
            "--window",
            window,
            "--commit",
            commit,
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 2, result.output
    shown = [line.strip().removeprefix("error ") for line in result.output.splitlines()]
    assert [line for line in shown if line.startswith("--")] == problems
    assert not (tmp_path / "o").exists()


def test_the_gap_is_a_share(tmp_path: Path) -> None:
    code, output = _solve("--out", str(tmp_path / "a"), "--gap", "2")
    assert code == 2 and "--gap: [range] should be less than or equal to 1" in output
    rolled = runner.invoke(app, ["rolling", str(TINY), "--gap", "-1", "--out", str(tmp_path / "b")])
    assert rolled.exit_code == 2 and "--gap: [range]" in rolled.output
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: x\nsolver:\n  gap: 5\n")
    code, output = _solve("--model", str(spec), "--out", str(tmp_path / "c"))
    assert code == 2 and "spec.yaml, line 3, key solver.gap: [range]" in " ".join(output.split())
    assert not any((tmp_path / name).exists() for name in "abc")


def test_a_new_plan_takes_the_old_plans_report_and_replan_record_away(tmp_path: Path) -> None:
    run = tmp_path / "run"
    assert _solve("--out", str(run))[0] == 0
    # Its workbook's digest gone too: a workbook changed since forcegen wrote it is a
    # planner's, and refused.
    stamp_of(run / "plan.xlsx").unlink()
    for name in ("report.html", "plan.xlsx", "replan.yaml", "notes.txt"):
        (run / name).write_text("about the first plan")
    (run / "figures").mkdir()
    (run / "figures" / "coverage.png").write_text("about the first plan")
    assert _solve("--out", str(run), "--seed", "1")[0] == 0
    left = {p.name for p in run.iterdir()}
    assert not left & {"replan.yaml", "figures"}, left
    # The new plan's own report and workbook, none of the first plan's.
    assert "about the first plan" not in (run / "report.html").read_text()
    assert (run / "plan.xlsx").read_bytes() != b"about the first plan"
    assert (run / "notes.txt").read_text() == "about the first plan"  # not ours: it stays


def test_kpis_print_as_a_planner_reads_them() -> None:
    # A frontier's or resilience's table shows its figures as every other table does: a
    # cost of 1,613,423,600 and a gap of 0.009628 in full had read as no other.
    table = pd.DataFrame(
        {
            "variant": ["budget-0.4", "budget-1"],
            "share": [0.4, 1.0],
            "budget_cap": [645_369_440.0, None],
            "cost": [1_613_423_600.0, 1_700_000_000.0],
            "gap": [0.009628, None],
            "tours": [98, 106],
        }
    )
    lines = _figures_shown(table, {"budget_cap": "cost"}).splitlines()
    assert lines[1].split() == ["budget-0.4", "40.0%", "645.4", "M", "1,613.4", "M", "0.96%", "98"]
    assert lines[2].split() == ["budget-1", "100.0%", "-", "1,700.0", "M", "-", "106"]
    # A re-plan's row adds up as shown: not 286,794 less 284,369 read as +2,424.
    shortfall = _adding_up("total_shortfall", 284_369.0, 286_793.5, 2_424.5)
    assert shortfall == ["284,369", "286,794", "+2,425"]
    # Money in millions, as the report shows it: in full it folded mid-number at 80 columns.
    cost = _adding_up("cost", 1_709_647_091.0, 1_608_253_704.3, -101_393_386.7)
    assert cost == ["1,709.6 M", "1,608.3 M", "-101.3 M"]
    assert _adding_up("tours", 4.0, 3.0, -1.0) == ["4", "3", "-1"]
    share = _adding_up("reserve_share", 0.2532, 0.0736, -0.1796)
    assert share == ["25.3%", "7.4%", "-17.9 pp"]
    assert _adding_up("wall_seconds", 12.34, 15.06, 2.72) == ["12.3", "15.1", "+2.8"]
    assert _adding_up("gap", None, 0.1, None) == ["-", "10.00%", "-"]
    # Halfway figures: the change is that of the figures as shown, whichever way each
    # rounds (rounding the money itself to 100,000 had 1,234.5 M and 1,234.5 M change
    # by +0.2 M, and 1,000.0 M and 1,234.5 M by +234.6 M).
    for kpi, before, after in [
        *(("cost", 1e9, 1_000_050_000.0 + 100_000.0 * i) for i in range(40)),
        *(("reserve_share", 0.011, 0.0105 + 0.001 * i) for i in range(40)),
    ]:
        shown = _adding_up(kpi, before, after, after - before)
        a, b = (float(text.rstrip(" M%").replace(",", "")) for text in shown[:2])
        assert float(shown[2].rstrip(" Mp%").replace(",", "")) == pytest.approx(b - a), shown
        assert _adding_up(kpi, before, before, 0.0)[2] in {"0.0 M", "0.0 pp"}
    # The terminal shows a key figure as the report does (it had 36.59% against 36.6%);
    # the gap as the solver's line does, against a gap option of 1% (0.96%, not 1.0%).
    assert kpi_shown("reserve_share", 0.3659) == "36.6%"
    assert kpi_shown("reserve_share", 0.0123, True) == "+1.2 pp"
    assert _adding_up("gap", 0.0096, 0.0101, 0.0005) == ["0.96%", "1.01%", "+0.05 pp"]


def test_a_sweep_with_a_variant_without_plan_exits_3_once_its_index_is_written(
    tmp_path: Path,
) -> None:
    strict = tmp_path / "strict.yaml"
    strict.write_text(
        "name: strict\nmission:\n  end: end-date\n  end_date: 2000-06\n  coverage_floor: 0.9\n"
    )
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(
        f"name: s\nscenario: {TINY}\nmodel: {strict}\nsolver: {{time_limit: 10}}\n"
        "variants:\n  - {name: strict}\n  - {name: loose, set: {model.mission.coverage_floor: 0}}\n"
    )
    out = tmp_path / "out"
    both = runner.invoke(app, ["sweep", str(sweep), "--out", str(out), "--workers", "1",
                               "--scheduler", "tcp://localhost:8786"])  # fmt: skip
    assert both.exit_code == 2 and "--workers: [conflict]" in both.output, both.output
    result = runner.invoke(app, ["sweep", str(sweep), "--out", str(out)])
    assert result.exit_code == 3, result.output
    index = pd.read_parquet(out / "index.parquet").set_index("variant")
    assert index["status"].to_dict() == {"strict": "infeasible", "loose": "solved"}
    # Run again, the proof stands for the same inputs: neither variant is solved again.
    again = runner.invoke(app, ["sweep", str(sweep), "--out", str(out)])
    assert again.exit_code == 3, again.output
    resumed = pd.read_parquet(out / "index.parquet").set_index("variant")
    assert resumed["status"].to_dict() == {"strict": "infeasible", "loose": "solved"}
    assert resumed["reused"].tolist() == [True, True]
    error = str(resumed.loc["strict", "error"])
    assert error == index.loc["strict", "error"]
    assert "coverage_floor" in error


def test_a_model_path_may_leave_out_yaml() -> None:
    from forcegen.spec import resolve_spec_path

    written = MODELS_DIR / "complex-peacekeeping"
    assert resolve_spec_path(written) == MODELS_DIR / "complex-peacekeeping.yaml"
    assert resolve_spec_path("complex-peacekeeping") == MODELS_DIR / "complex-peacekeeping.yaml"


@pytest.mark.parametrize(
    "command",
    [
        ["check", str(TINY), "PLAN"],
        ["replan", str(TINY), "PLAN", "--from", "2000-06", "--events", "EVENTS", "--out", "OUT"],
    ],
    ids=lambda command: command[0],
)
def test_a_workbook_given_for_a_run_points_to_evaluate(tmp_path: Path, command: list[str]) -> None:
    """It had read as a folder: 'plan.xlsx has no assignments.csv'."""
    (tmp_path / "plan.xlsx").write_bytes(b"")
    (tmp_path / "events.yaml").write_text("events:\n  - {kind: withdraw, nation: AAA}\n")
    named = {"PLAN": "plan.xlsx", "EVENTS": "events.yaml", "OUT": "out"}
    result = runner.invoke(app, [str(tmp_path / named[a]) if a in named else a for a in command])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert "plan.xlsx: [not-a-run] a workbook, not a run folder: `forcegen evaluate" in output
    assert "assignments.csv" not in output


def test_a_folder_of_a_plans_workbook_alone_points_to_evaluate(tmp_path: Path) -> None:
    """A planner's folder holding the plan.xlsx mailed to them was said only to have no
    assignments.csv, the workbook beside it unnamed."""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "plan.xlsx").write_bytes(b"")
    result = runner.invoke(app, ["check", str(TINY), str(tmp_path / "mine")])
    assert result.exit_code == 2, result.output
    assert (
        f"[missing-file] {tmp_path / 'mine'} has no assignments.csv; a workbook is a plan to "
        f"work out first: forcegen evaluate SCENARIO {tmp_path / 'mine' / 'plan.xlsx'} --out "
        "RUN writes it as a run folder, checked"
    ) in " ".join(result.output.split())


def test_resilience_says_every_problem_of_its_options_at_once(tmp_path: Path) -> None:
    """An --out over the scenario, a negative notice and a month outside the horizon took
    three runs to learn of, one after the other."""
    copy = tmp_path / "tiny"
    shutil.copytree(TINY, copy)
    options = ["--announced", "2035-01", "--notice", "-1", "--out", str(copy)]
    result = runner.invoke(app, ["resilience", str(copy), *options])
    assert result.exit_code == 2, result.output
    said = [line.split(":")[0].strip() for line in result.output.splitlines() if "error " in line]
    assert said == ["error --out", "error --notice", "error --announced"]
    # In one list, under one header, the errors first: the model's warning (TINY has two
    # nations, the model asks for three) came in a list of its own between them and the
    # closing line.
    lines = result.output.splitlines()
    assert lines[0] == "3 error(s), 1 warning(s):", result.output
    assert lines[4].startswith("  warning security-keeping.yaml, line 15, key coalition.min")
    assert lines[5:] == ["3 error(s); nothing was run and nothing written."]
    # A withdrawal the notice puts past the horizon is no withdrawal: every re-plan would
    # be the plain plan, and its worst case a partner's leaving that changes nothing.
    options = ["--announced", "2000-10", "--notice", "6", "--out", str(tmp_path / "out")]
    result = runner.invoke(app, ["resilience", str(copy), *options])
    assert result.exit_code == 2, result.output
    assert "--notice: [outside-horizon] a partner announcing in 2000-10 leaves in 2001-04" in (
        " ".join(result.output.split())
    )


def test_resilience_without_a_partner_to_withdraw_says_so_with_its_options(
    tmp_path: Path,
) -> None:
    """A coalition of the lead alone had printed the solve's first line, then a bare
    message, no problem named: a withdrawal no partner can make is bad input as the
    others are, said before anything is solved."""
    copy = tmp_path / "tiny"
    shutil.copytree(TINY, copy)
    units = copy / "units.csv"
    lines = units.read_text().splitlines()
    units.write_text("\n".join(line for line in lines if not line.startswith("BBB")) + "\n")
    options = ["--announced", "2000-06", "--notice", "1", "--out", str(tmp_path / "out")]
    result = runner.invoke(app, ["resilience", str(copy), *options])
    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        "error --announced: [no-partner] no partner other than the lead has units by 2000-06, "
        "the last month it would serve after announcing in 2000-06"
    ) in said
    assert "nothing was run" in said and "The plain plan" not in said
    assert not (tmp_path / "out").exists()


def test_a_specification_copied_in_python_is_validated_and_merged() -> None:
    """As from a model file: a copy with a bad value is refused at once, not by the solver
    after the build; a section given as a mapping changes only what it names."""
    from pydantic import ValidationError

    from forcegen.spec import load_spec

    spec = load_spec("security-keeping")
    copied = spec.model_copy(update={"coalition": {"max_nations_per_region": 3}})
    assert copied.coalition.max_nations_per_region == 3
    assert copied.coalition.min_nations == spec.coalition.min_nations
    assert copied.rules == spec.rules and spec.coalition.max_nations_per_region == 2
    assert spec.solver.model_copy(update={"time_limit": 5}).time_limit == 5
    for bad in ({"time_limit": -3}, {"time_limit": "5 s"}, {"threads": 0}):
        with pytest.raises(ValidationError):
            spec.solver.model_copy(update=bad)
    with pytest.raises(ValueError, match="no setting 'max_nation'"):
        spec.model_copy(update={"coalition": {"max_nation": 3}})


def test_solver_options_given_as_a_mapping_change_those_they_name(
    tiny_copy: Callable[[], Path],
) -> None:
    """As a sweep's `solver`: judged before the build, where it was an AttributeError
    after it."""
    from pydantic import ValidationError

    from forcegen import load_scenario
    from forcegen.run import solve_scenario
    from forcegen.spec import load_spec

    scenario, spec = load_scenario(tiny_copy()), load_spec("security-keeping")
    with pytest.raises(ValidationError, match="time_limit"):
        solve_scenario(scenario, spec, {"time_limit": -1})
    run = solve_scenario(scenario, spec, {"time_limit": 7})
    assert run.data.spec.solver == spec.solver.model_copy(update={"time_limit": 7})


def test_nations_counted_at_once_with_no_limit_are_warned_of(tmp_path: Path) -> None:
    """`nations_counted: at-once` beside no per-region or per-sector limit does nothing:
    said before the solve, not taken as a rule kept."""
    model = tmp_path / "mine.yaml"
    text = (MODELS_DIR / "security-keeping.yaml").read_text()
    text = text.replace("max_nations_per_region: 2", "max_nations_per_region: null")
    model.write_text(text.replace("nations_counted: over-the-horizon", "nations_counted: at-once"))
    code, output = _solve("--out", str(tmp_path / "run"), "--model", str(model))
    said = " ".join(output.split())
    assert code == 0, output
    assert (
        f"warning {model}, line 14, key coalition.nations_counted: [counts-nothing] the "
        "nations are counted at once, but neither max_nations_per_region nor "
        "max_nations_per_sector is set: nothing is counted"
    ) in said


def test_a_lead_that_can_deploy_no_one_under_a_hard_share_is_warned_of(tmp_path: Path) -> None:
    """Every plan is then empty, solved 'to the gap asked': said before the solve."""
    from forcegen import load_scenario
    from forcegen.run import solve_scenario
    from forcegen.spec import IdleSetting, idle_settings, load_spec

    tiny = load_scenario(TINY)
    spec = load_spec("security-keeping")
    # Tiny's two nations asked, not three: a third, short in every plan, is warned of apart.
    spec = spec.model_copy(
        update={"coalition": spec.coalition.model_copy(update={"min_nations": 2})}
    )
    assert idle_settings(spec, tiny, "m.yaml") == []
    nations = tuple(n.model_copy(update={"ceiling": 0}) if n.lead else n for n in tiny.nations)
    idle = tiny.model_copy(update={"nations": nations})
    (found,) = idle_settings(spec, idle, "m.yaml")
    assert (found.rule, found.severity, found.column) == (
        "idle-lead",
        "warning",
        "coalition.lead_min_share",
    )
    assert "has a ceiling below its smallest unit (150 personnel) in every month" in found.message
    # A ceiling of some people, but below every unit of the lead's, which deploys whole;
    # or caveats that let it go nowhere a task is in demand: the plan was as empty.
    nations = tuple(n.model_copy(update={"ceiling": 100}) if n.lead else n for n in tiny.nations)
    (found,) = idle_settings(spec, tiny.model_copy(update={"nations": nations}), "m.yaml")
    assert "has a ceiling below its smallest unit (150 personnel)" in found.message
    # The smallest unit said is one that could serve: AAA-mp-1 (150) is gone before the
    # horizon, and the ceiling of 200 is below its infantry (300).
    gone = {"available_until": "1999-12"}
    units = tuple(u.model_copy(update=gone) if u.unit == "AAA-mp-1" else u for u in tiny.units)
    nations = tuple(n.model_copy(update={"ceiling": 200}) if n.lead else n for n in tiny.nations)
    (found,) = idle_settings(
        spec, tiny.model_copy(update={"nations": nations, "units": units}), "m.yaml"
    )
    assert "has a ceiling below its smallest unit (300 personnel)" in found.message
    # A lead of no type able to do a task in demand is said as that, not as its caveats.
    kinds = tuple(
        t.model_copy(update={"effectiveness": {}})
        if t.type in {"infantry", "military_police"}
        else t
        for t in tiny.unit_types
    )
    (found,) = idle_settings(spec, tiny.model_copy(update={"unit_types": kinds}), "m.yaml")
    assert "has no unit of a type able to do a task in demand" in found.message
    shut = {"refused_regions": tuple(r.region for r in tiny.regions)}
    nations = tuple(n.model_copy(update=shut) if n.lead else n for n in tiny.nations)
    (found,) = idle_settings(spec, tiny.model_copy(update={"nations": nations}), "m.yaml")
    assert "has no unit that may serve a task in demand where its caveats let it go" in (
        found.message
    )
    soft = spec.model_copy(update={"rules": {"lead_share": "soft"}})
    assert idle_settings(soft, idle, "m.yaml") == []
    left = f"{int(tiny.months[0][:4]) - 1}-01"  # the lead left before the horizon began
    departed = tuple(n.model_copy(update={"leave": left}) if n.lead else n for n in tiny.nations)
    (found,) = idle_settings(spec, tiny.model_copy(update={"nations": departed}), "m.yaml")
    assert "has no unit available while it serves" in found.message
    # In Python the solve says it, where a notebook's what-if had an empty plan called
    # optimal and no word why; the command line says it once, with the inputs' problems.
    with pytest.warns(IdleSetting, match=r"security-keeping.yaml, key coalition.lead_min_share"):
        run = solve_scenario(idle, spec, {"time_limit": 5})
    assert run.plan.assignments.empty
    idle.to_folder(tmp_path / "idle")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        solve = ["solve", str(tmp_path / "idle"), "--out", str(tmp_path / "r")]
        solved = CliRunner().invoke(app, solve)
    assert solved.exit_code == 0 and solved.output.count("[idle-lead]") == 1, solved.output
    assert not [w for w in caught if w.category is IdleSetting]


def test_an_end_date_or_total_budget_no_tour_fits_is_warned_of(tmp_path: Path) -> None:
    """An end-date before any whole tour ends, or a hard total budget below the cheapest
    tour, leaves every plan empty, 100% short: solved 'to the gap asked', the checker
    content, and no word why. Tiny's earliest tour ends in 2000-06 (AAA's active units,
    6 months from 2000-01); its cheapest is BBB-mp-1's, 150 x 1,200 x 4 months + 150 x
    400 rotation = 780,000 (AAA-mp-1's: 150 x 1,000 x 6 + 150 x 500 = 975,000)."""
    from forcegen import load_scenario
    from forcegen.spec import idle_settings, load_spec

    tiny = load_scenario(TINY)
    # Calm regions first, which an end-date mission never applies, is warned of apart.
    base = load_spec("security-keeping").model_copy(update={"mission": {"handover_order": "any"}})
    # Tiny's two nations asked, not three: a third, short in every plan, is warned of apart.
    base = base.model_copy(
        update={"coalition": base.coalition.model_copy(update={"min_nations": 2})}
    )

    def found(**mission: object) -> list[str]:
        spec = base.model_copy(update={"mission": base.mission.model_copy(update=mission)})
        return [f"{p.column} [{p.rule}] {p.message}" for p in idle_settings(spec, tiny, "m")]

    assert found(end="end-date", end_date="2000-05") == [
        "mission.end_date [idle-end-date] the mission ends in 2000-05 (mission.end: "
        "end-date), before any unit can end a whole tour (the earliest, AAA-inf-1's, in "
        "2000-06): no tour fits, every plan is empty"
    ]
    assert found(end="end-date", end_date="2000-06") == []
    assert found(total_budget=779_999.0) == [
        "mission.total_budget [idle-total-budget] the mission's total budget of 779,999 USD "
        "is below the cheapest whole tour (BBB-mp-1's, 780,000 USD) and rules.budget is "
        "hard: no tour fits, every plan is empty"
    ]
    assert found(total_budget=780_000.0) == []
    # Soft, the budget may be broken at its price: a plan may have tours.
    soft = base.model_copy(
        update={
            "mission": base.mission.model_copy(update={"total_budget": 1.0}),
            "rules": base.rules.model_copy(update={"budget": "soft"}),
        }
    )
    assert idle_settings(soft, tiny, "m") == []
    # At the command line, said before the solve with the model's file and key.
    spec = (MODELS_DIR / "security-keeping.yaml").read_text()
    (tmp_path / "poor.yaml").write_text(
        spec.replace("  end: end-state", "  end: end-state\n  total_budget: 100000").replace(
            "min_nations: 3", "min_nations: 2"
        )
    )
    code, output = _solve("--model", str(tmp_path / "poor.yaml"), "--out", str(tmp_path / "r"))
    said = " ".join(output.split())
    assert code == 0, output
    assert "poor.yaml, line 9, key mission.total_budget: [idle-total-budget]" in said
    # Carried with the run, its report saying why its plan is empty: at the terminal
    # alone, the report read 100% short, every hard rule kept, and no word why.
    (warned,) = json.loads((tmp_path / "r" / "kpis.json").read_text())["warnings"]
    assert "[idle-total-budget] the mission's total budget of 100,000 USD" in warned
    report = (tmp_path / "r" / "report.html").read_text()
    assert "Warned before the solve: " in report and "is below the cheapest whole" in report
    # In a warning's amber, not a broken plan's red: every hard rule is kept.
    assert '<p class="warned">Warned before the solve: ' in report
    assert "broken-plan" not in report.split("<body")[1]


def test_a_model_named_in_python_is_loaded_as_the_command_loads_it() -> None:
    from forcegen import load_scenario
    from forcegen.run import solve_scenario
    from forcegen.scenario.problems import ScenarioError

    run = solve_scenario(load_scenario(TINY), "security-keeping")
    assert run.data.spec.name == "security-keeping" and len(run.plan.assignments) > 0
    with pytest.raises(ScenarioError, match="missing-file"):
        solve_scenario(load_scenario(TINY), "no-such-model")
    # A number for options, meant as a time limit: said so, not as a ModelSpec's field.
    with pytest.raises(TypeError, match=r"options are SolverOptions or a mapping .* not int"):
        solve_scenario(TINY, "security-keeping", 5)  # type: ignore[arg-type]
    # And the scenario by its folder, where a notebook had "'str' object has no attribute".
    by_folder = solve_scenario(str(TINY), "security-keeping", {"gap": 0})
    assert by_folder.data.scenario == load_scenario(TINY)
    with pytest.raises(ScenarioError, match=r"\[scenario-path\] the scenario does not exist"):
        solve_scenario(TINY.parent / "no-such-scenario", "security-keeping")


def test_a_commands_help_is_wrapped_by_the_terminal_not_its_docstring() -> None:
    # Typer's rich help kept the docstring's line breaks after its first paragraph, which
    # a terminal as wide broke again mid-line ("... with diff.csv and" / "kpi_deltas.csv.").
    wide = {"COLUMNS": "400"}  # the paragraph on one line
    shown = CliRunner().invoke(app, ["replan", "--help"], env=wide)
    assert "Writes the new run with diff.csv and kpi_deltas.csv." in shown.output
    # A tour cut short need not send its unit home: said where the planner looks first.
    assert "may go on in theatre elsewhere (redeployed) for the rest of its call-up" in (
        shown.output
    )
    # The command list gives each command's first paragraph alone.
    listed = CliRunner().invoke(app, ["--help"], env=wide).output.splitlines()
    (check,) = [line.strip(" │") for line in listed if line.startswith("│ check ")]
    assert (
        check == "check       Judge a plan against every hard rule, independently of the optimizer."
    )


def test_format_docs_help_says_it_gives_the_model_format_too() -> None:
    """format-doc prints docs/format.md, the model files' keys as well as the scenario's
    tables: its help said the scenario's alone, where a user looks for a model's keys."""
    wide = {"COLUMNS": "400"}
    listed = CliRunner().invoke(app, ["--help"], env=wide).output.splitlines()
    (said,) = [line.strip(" │") for line in listed if line.startswith("│ format-doc ")]
    assert "scenario and model formats" in said
    assert "## Model specification files" in CliRunner().invoke(app, ["format-doc"]).output


def test_a_build_interrupted_logs_no_pyomo_error(caplog: pytest.LogCaptureFixture) -> None:
    """Pyomo said ERROR for the component Ctrl-C stopped, above the command's own word."""
    import pyomo.environ as pyo

    import forcegen.cli  # noqa: F401  (the command line quiets it)

    def interrupted(m: pyo.ConcreteModel) -> object:
        raise KeyboardInterrupt

    model = pyo.ConcreteModel()
    with pytest.raises(KeyboardInterrupt):
        model.deployment = pyo.Constraint(rule=interrupted)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]

    def broken(m: pyo.ConcreteModel) -> object:
        raise ValueError("a real fault")

    with pytest.raises(ValueError):
        model.coverage = pyo.Constraint(rule=broken)
    assert "ValueError: a real fault" in caplog.text  # a fault is still said


def test_a_demo_stopped_after_its_plan_is_written_says_the_plan_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Stopped in its check or its report, `demo` (and `replan` in its check) said "what
    was there before is as it was", though the new plan was in the run folder, the
    earlier run's report gone with the earlier plan."""
    import signal

    import forcegen.cli as cli

    def stopped(*_: object) -> None:
        raise KeyboardInterrupt  # a Ctrl-C as the checker judges the plan

    monkeypatch.setattr(cli, "_judge", stopped)
    out, replanned = tmp_path / "run", tmp_path / "replanned"
    commands = (
        ["demo", str(TINY), "--out", str(out)],
        ["replan", str(TINY), str(out), "--from", "2000-06", "--out", str(replanned)],
    )
    for command, run in zip(commands, (out, replanned), strict=True):
        # The command line stops heeding both as it exits interrupted: this process's own.
        held = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            with pytest.raises(SystemExit) as ended:
                app([*command, "--time-limit", "5"])
        finally:
            for number, handler in held.items():
                signal.signal(number, handler)
        assert ended.value.code == 130
        said = " ".join(capsys.readouterr().err.split())
        # After the warning of a third nation asked of tiny's two (security-keeping's).
        warned, _, said = said.rpartition(" (value '3') ")
        assert "[short-of-nations]" in warned
        assert said == (
            f"Interrupted after {run} was written whole. Its report is not: forcegen report "
            f"{run} makes it."
        )
        assert (run / "kpis.json").is_file() and not (run / "report.html").exists()


def test_values_no_option_can_take_are_said_at_once() -> None:
    # Click stops at the first, in a box of its own: each is said, in the project's words.
    result = CliRunner().invoke(
        app, ["solve", str(TINY), "--time-limit", "abc", "--threads", "x", "--quiet"]
    )
    assert result.exit_code == 2, result.output
    said = [line.strip() for line in result.output.splitlines() if line.startswith("  error")]
    assert [line.split(":")[0] for line in said] == ["error --time-limit", "error --threads"]
    assert "[type] should be a valid number" in said[0] and "╭" not in result.output
    generated = CliRunner().invoke(app, ["generate", "--units", "0", "--months", "9999", "g"])
    assert (
        generated.exit_code == 2
        and "2 error(s); nothing was run and nothing written." in generated.output
    )
    assert not Path("g").exists()
    missing = CliRunner().invoke(app, ["solve"])
    assert missing.exit_code == 2 and "error scenario: [required]" in missing.output
    # A value read but out of the solver's range is said with them, where it waited for
    # the line to be mended (the command judges it with its inputs, which it never read).
    both = CliRunner().invoke(app, ["solve", str(TINY), "--gap", "x", "--threads", "0"])
    said = [line.split(":")[0].strip() for line in both.output.splitlines() if "error --" in line]
    assert both.exit_code == 2 and said == ["error --gap", "error --threads"], both.output


def test_each_commands_arguments_are_named_as_commands_md_names_them() -> None:
    """The usage lines and a missing argument's problem named the code's parameters
    (`{scenario_path} {run_dir}`, `error run_dir: [required]`), words a planner reads
    nowhere else: they are commands.md's, in typer's lower case."""
    usages = {
        "validate": "{scenario}",
        "convert": "{source} {target}",
        "demo": "[scenario]",
        "solve": "{scenario}",
        "sweep": "{sweep}",
        "compare": "{run}...",
        "frontier": "{scenario}",
        "check": "{scenario} {run}",
        "evaluate": "{scenario} {plan}",
        "report": "{run}",
        "replan": "{scenario} {run}",
        "rolling": "{scenario}",
        "resilience": "{scenario}",
    }
    for command, arguments in usages.items():
        shown = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).output
        assert f"Usage: root {command} [OPTIONS] {arguments}" in shown, shown  # CliRunner's name
        assert not re.search(r"scenario_path|run_dir|plan_dir|spec_file", shown), shown
    missing = runner.invoke(app, ["check", str(TINY)])
    assert missing.exit_code == 2
    assert "error run: [required] Missing argument 'run'" in missing.output, missing.output


def test_options_commands_and_words_the_line_should_not_hold_are_said_with_the_rest() -> None:
    # Click stops at the first option a command does not have, in a box of its own, and
    # told to let such options by takes one before the scenario as the scenario.
    result = CliRunner().invoke(
        app, ["solve", "--bogus", str(TINY), "--thread", "2", "--time-limit", "abc"]
    )
    assert result.exit_code == 2, result.output
    said = [line.strip() for line in result.output.splitlines() if line.startswith("  error")]
    assert said[:2] == [
        "error --bogus: [unknown-option] no such option",
        "error --thread: [unknown-option] no such option; did you mean --threads?",
    ]
    assert said[2].startswith("error --time-limit: [type]") and "╭" not in result.output
    extra = CliRunner().invoke(app, ["solve", str(TINY), "more", "words"])
    assert extra.exit_code == 2
    assert "[extra-argument] an argument too many: more words" in extra.output
    together = CliRunner().invoke(app, ["solve", "-qz", str(TINY), "--out"])
    assert together.exit_code == 2 and "error -q: [unknown-option]" in together.output
    assert "error -z: [unknown-option]" in together.output  # each of those run together
    once = CliRunner().invoke(app, ["solve", "-zz", str(TINY)])
    assert once.output.count("error -z: [unknown-option]") == 1, once.output
    valued = CliRunner().invoke(app, ["solve", "-z=3", str(TINY)])  # a word, said as one
    assert valued.output.count("[unknown-option]") == 1, valued.output
    # A flag given a value stopped click's parser too: the options after it went unsaid.
    flagged = CliRunner().invoke(app, ["solve", str(TINY), "--quiet=1", "--bogus"])
    assert "error --quiet: [usage] does not take a value" in flagged.output
    assert "error --bogus: [unknown-option]" in flagged.output
    alone = CliRunner().invoke(app, ["solve", "--bogus"])  # and the scenario missing
    assert "error --bogus: [unknown-option]" in alone.output
    assert "error scenario: [required]" in alone.output
    command = CliRunner().invoke(app, ["slove", str(TINY)])
    assert command.exit_code == 2 and "╭" not in command.output
    assert "error slove: [unknown-command] no such command; did you mean solve?" in command.output
    group = CliRunner().invoke(app, ["--versio"])
    assert group.exit_code == 2 and "did you mean --version?" in group.output
    # Meant as a mistyped code is: the same but for case, or with two letters swapped.
    shouted = CliRunner().invoke(app, ["SOLVE", str(TINY), "--THREADS", "2"])
    assert "error SOLVE: [unknown-command] no such command; did you mean solve?" in shouted.output
    shouted = CliRunner().invoke(app, ["solve", str(TINY), "--THREADS", "2"])
    assert "error --THREADS: [unknown-option] no such option; did you mean --threads?" in (
        shouted.output
    )


def test_the_main_job_takes_a_time_limit(tmp_path: Path) -> None:
    # The model's 60 s was the only time it could take: a shared machine's user ran each
    # step alone instead.
    out = tmp_path / "run"
    result = runner.invoke(app, ["demo", str(TINY), "--out", str(out), "--time-limit", "7"])
    assert result.exit_code == 0, result.output
    assert "(time limit 7 s," in result.output
    assert yaml.safe_load((out / "model.yaml").read_text())["solver"]["time_limit"] == 7
    refused = runner.invoke(app, ["demo", str(TINY), "--out", str(out), "--time-limit", "0"])
    assert refused.exit_code == 2 and "--time-limit: [range]" in refused.output


def test_the_main_jobs_run_folder_is_in_runs_whatever_the_scenarios_name(
    tiny_copy: Callable[[], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scenario named `../escape` (or an absolute path) had its run written there."""
    scenario = tiny_copy()
    settings = scenario / "scenario.yaml"
    named = re.sub(r"(?m)^name: .*$", "name: ../escape", settings.read_text())
    settings.write_text(named)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = runner.invoke(app, ["demo", str(scenario), "--time-limit", "3"])
    assert result.exit_code == 0, result.output
    assert (work / "runs" / "-escape" / "kpis.json").is_file()
    assert not (tmp_path / "escape").exists()


def test_the_main_jobs_default_scenario_is_found_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run elsewhere than the checkout, `forcegen demo` had said its default scenario,
    data/timor-leste-1999, does not exist."""
    from forcegen.cli import EXAMPLE, _bundled

    monkeypatch.chdir(tmp_path)
    assert _bundled(EXAMPLE) == TIMOR.resolve()
    # A folder of that name in the working folder is the user's, and is taken.
    (tmp_path / EXAMPLE).mkdir(parents=True)
    assert _bundled(EXAMPLE) == EXAMPLE


def test_a_line_that_cannot_be_read_is_said_with_its_scenarios_and_models_problems(
    tiny_copy: Callable[[], Path],
) -> None:
    # The command reads its inputs only once the line is read: a planner mended
    # `--time-limt`, ran again, and only then learnt of the scenario's bad cell.
    scenario = tiny_copy()
    units = scenario / "units.csv"
    units.write_text(units.read_text().replace(",300,", ",-300,", 1))
    command = ["solve", str(scenario), "--time-limt", "5", "--model", "nosuch"]
    result = CliRunner().invoke(app, command)
    errors = [line.strip() for line in result.output.splitlines() if line.startswith("  error")]
    assert result.exit_code == 2, result.output
    assert errors[0].startswith("error --time-limt: [unknown-option]")
    assert "error units.csv, row 2, column personnel: [range]" in errors[1]
    assert errors[2].startswith("error nosuch: [missing-file] no model spec")
    assert "3 error(s); nothing was run and nothing written." in result.output
    # A run given for the scenario is said as one problem, as when the line is read.
    run = scenario.parent / "run"
    (run / "scenario").mkdir(parents=True)
    (run / "kpis.json").write_text("{}")
    swapped = CliRunner().invoke(app, ["check", str(run), str(scenario), "--bogus"])
    assert "[not-a-scenario] a run or plan folder, not a scenario" in swapped.output
    # A month the command reads itself, and a sweep file's scenario and model.
    month = ["replan", str(TINY), str(run), "--from", "2000-13", "--out", "x", "--bogus"]
    said = CliRunner().invoke(app, month).output
    assert "error --bogus: [unknown-option]" in said and "error --from: [format]" in said
    sweep = scenario.parent / "sweep.yaml"
    sweep.write_text(f"name: s\nscenario: {scenario}\nmodel: nosuch\n")
    said = CliRunner().invoke(app, ["sweep", str(sweep), "--out", "x", "--bogus"]).output
    assert "error --bogus: [unknown-option]" in said
    assert "units.csv, row 2, column personnel: [range]" in said
    assert "[missing-file] no model spec" in said


def test_every_commands_scenario_is_read_where_its_line_cannot_be() -> None:
    # A line that cannot be read is said with its scenario's problems, the scenario found
    # by its parameter's name: a command that named it otherwise would drop out unseen.
    import typer
    from typer.core import TyperGroup

    from forcegen.cli import SCENARIO_ARGUMENTS

    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    scenarios = {
        (name, param.name)
        for name, command in group.commands.items()
        for param in command.params
        if getattr(param, "help", None) == "Scenario folder or .xlsx workbook."
    }
    assert len(scenarios) >= 10
    assert {(name, p) for name, p in scenarios if p not in SCENARIO_ARGUMENTS} == set()


def test_rolling_says_its_shares_as_shares(tmp_path: Path) -> None:
    """The rolling plan against the full one gave its gap as 0.009628 and its relative
    change as -0.01813, where replan and compare say % and points."""
    result = runner.invoke(
        app,
        ["rolling", str(TINY), "--window", "6", "--commit", "3", "--out", str(tmp_path / "r")],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines() if "│" in line) <= 80
    rows = {
        line.split("│")[1].strip(): line.split("│")[2:]
        for line in result.output.splitlines()
        if line.count("│") == 6
    }
    table = pd.read_csv(tmp_path / "r" / "rolling.csv").set_index("kpi")  # fractions
    assert rows["gap"][1].strip() == f"{number(table.loc['gap', 'full']):.2%}"
    delta_pct = number(table.loc["total_shortfall", "delta_pct"])
    assert rows["total_shortfall"][3].strip() == f"{delta_pct:+.1%}"
    # Each figure on one line, whole: none folded into the next row's cell.
    assert all(cell.strip() for cells in rows.values() for cell in cells[:3]), result.output
    assert rows["cost"][0].strip().endswith("M")
    # rolling.csv names its columns and figures as compare's CSV and kpi_deltas.csv do, and
    # writes its counts whole.
    written = (tmp_path / "r" / "rolling.csv").read_text().splitlines()
    assert written[0] == "kpi,rolling,full,delta,delta_pct"
    tours = next(line for line in written if line.startswith("tours,")).split(",")
    assert all(cell.isdigit() for cell in tours[1:3]), tours
    assert "wall_seconds" in table.index


def test_rolling_says_the_models_warnings_and_its_windows_in_one_list(tmp_path: Path) -> None:
    """The model's warning and the window's came in two lists, each headed "1 warning(s):"."""
    options = ["--window", "12", "--commit", "6", "--quiet", "--time-limit", "5"]
    result = runner.invoke(app, ["rolling", str(TINY), *options, "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    # TINY has two nations, the model asks for three; and twelve months, the one window.
    assert [line.split(": [")[0] for line in result.output.splitlines()[:4]] == [
        "2 warning(s):",
        "  warning security-keeping.yaml, line 15, key coalition.min_nations",
        "  warning --window",
        "window 2000-01 .. 2000-12",
    ]
    assert result.output.count("warning(s)") == 1


@pytest.mark.parametrize(
    "command",
    [
        ["rolling", str(TINY), "--window", "6", "--commit", "3"],
        ["resilience", str(TINY), "--announced", "2000-06", "--notice", "1"],
    ],
    ids=["rolling", "resilience"],
)
def test_rolling_and_resilience_show_the_solvers_log_unless_quiet(
    command: list[str], tmp_path: Path
) -> None:
    """As solve and replan do: each solve's log as it goes, and `--quiet` to hide it; the
    build said before it (M's build outlasted a 10 s time limit, in silence)."""
    logged = ["build: the model and the warm start's plans ...", "search: warm start", "MIP has"]
    for quiet in (False, True):
        out = ["--out", str(tmp_path / str(quiet)), "--time-limit", "2"]
        result = runner.invoke(app, [*command, *out, *(["--quiet"] if quiet else [])])
        assert result.exit_code == 0, result.output
        assert all((line in result.output) is not quiet for line in logged), result.output
        if not quiet:
            assert re.search(
                r"build: done in \d+\.\d s \(the time limit is the solver's", result.output
            )


def test_a_shortfall_of_solver_noise_has_no_peak_month() -> None:
    """A month short by 1e-9 (the solver's noise) was the summary's peak month, though the
    re-plan's From line said no shortfall: both count the noise as none."""
    from dataclasses import replace

    from forcegen.model.build import build_model
    from forcegen.plan import _kpis, extract_plan
    from forcegen.report import shortfall_ahead
    from forcegen.solve import solve_model
    from tests.factory import month, scenario, spec, unit

    case = scenario(months=6, units=[unit("u")], demand=[("r", "guard", 0, 5, 100.0)])
    m, data = build_model(case, spec())
    plan = extract_plan(m, data, solve_model(m, spec().solver))
    for short, peak in [(1e-9, None), (1.0, month(2))]:
        coverage = plan.coverage.assign(shortfall=0.0)
        coverage.loc[coverage["month"] == month(2), "shortfall"] = short
        kpis = _kpis(data, replace(plan, coverage=coverage), None)
        assert kpis["peak_shortfall_month"] == peak, short
        said = shortfall_ahead(coverage, month(1))
        assert (said == "From 2000-02 on: no shortfall") == (peak is None), said


def test_a_runs_figures_of_how_it_was_solved() -> None:
    """No bound (HiGHS's infinity) is none, as JSON has no infinity; the seconds are to the
    millisecond; a plan no solver made says so."""
    import math
    from dataclasses import replace

    from forcegen.model.build import build_model
    from forcegen.plan import _kpis, extract_plan
    from forcegen.solve import solve_model
    from tests.factory import scenario, spec, unit

    case = scenario(months=6, units=[unit("u")], demand=[("r", "guard", 0, 5, 100.0)])
    m, data = build_model(case, spec())
    result = solve_model(m, spec().solver)
    plan = extract_plan(m, data, result)
    stopped = replace(result, termination="time_limit", bound=math.inf, solve_seconds=1.23456)
    kpis = _kpis(data, plan, stopped)
    assert (kpis["bound"], kpis["gap"], kpis["solve_seconds"]) == (None, None, 1.235)
    assert _kpis(data, plan, replace(stopped, bound=None))["bound"] is None
    kpis = _kpis(data, plan, None)
    assert (kpis["termination"], kpis["solution"], kpis["solve_seconds"]) == (
        "heuristic",
        "feasible",
        0.0,
    )
    assert (kpis["objective"], kpis["bound"], kpis["gap"]) == (None, None, None)


@pytest.fixture
def ctrl_c_interrupts() -> Iterator[None]:
    """SIGINT as Python has it at a terminal: a test suite started in the background of a
    shell without job control has it ignored from the start, and no Ctrl-C comes."""
    import signal

    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.mark.usefixtures("ctrl_c_interrupts")
def test_a_ctrl_c_as_a_folder_is_replaced_waits_for_it_to_be_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An earlier run's folder is replaced a file at a time: a Ctrl-C between two moves had
    left it with the old files gone and only some of the new ones in, and the command
    said that what was there before was as it was."""
    import signal

    from forcegen import fileio

    run = tmp_path / "run"
    run.mkdir()
    for name in ("report.html", "plan.xlsx", "notes.txt"):
        (run / name).write_text("old")
    moved: list[Path] = []
    replace = fileio.os.replace

    def stopped_at_the_first(source: Path, target: Path) -> None:
        if not moved:
            signal.raise_signal(signal.SIGINT)  # as a terminal's Ctrl-C comes
        moved.append(target)
        replace(source, target)

    monkeypatch.setattr(fileio.os, "replace", stopped_at_the_first)
    monkeypatch.setattr(fileio, "PUT_IN_PLACE_AS_STOPPED", [], raising=False)
    with pytest.raises(KeyboardInterrupt), fileio.atomic_folder(run, ("report.html",)) as staging:
        for name in ("kpis.json", "assignments.csv", "plan.xlsx"):
            (staging / name).write_text("new")
    assert {p.name: p.read_text() for p in run.iterdir()} == {
        "kpis.json": "new",
        "assignments.csv": "new",
        "plan.xlsx": "new",
        "notes.txt": "old",  # not the run's: kept
    }
    (stopped,) = fileio.PUT_IN_PLACE_AS_STOPPED
    assert stopped == run
    # Into another's staging folder (a re-plan writes its run so), nothing is put in place:
    # the Ctrl-C stops it there, and the folder it stages is as it was.
    fileio.PUT_IN_PLACE_AS_STOPPED.clear()
    moved.clear()
    before = {p.name: p.read_text() for p in run.iterdir()}
    with (
        pytest.raises(KeyboardInterrupt),
        fileio.atomic_folder(run, ("kpis.json",)) as outer,
        fileio.atomic_folder(outer) as inner,
    ):
        (inner / "kpis.json").write_text("newer")
    assert {p.name: p.read_text() for p in run.iterdir()} == before
    assert fileio.PUT_IN_PLACE_AS_STOPPED == [] and moved == []  # stopped at its first move


@pytest.mark.parametrize(
    ("moved", "refused"),
    [
        ("aside", "plan.xlsx"),
        ("aside", "scenario"),
        ("aside", "notes.txt"),  # not the run's, but one of the staging's names
        ("aside", "kpis.json"),
        ("in", "kpis.json"),
        ("in", "notes.txt"),
        ("in", "scenario/b.csv"),
    ],
)
def test_a_folder_that_cannot_be_replaced_whole_is_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused: str, moved: str
) -> None:
    """A file that cannot be moved (on Windows a workbook open in Excel; a file another
    user owns) had left an earlier run with its tables deleted and the new ones not in,
    said to be as it was. Refused as the old one is moved aside or as the new one goes
    in, every file is moved back."""
    from forcegen import fileio

    run = tmp_path / "run"
    (run / "scenario").mkdir(parents=True)
    old = {"plan.xlsx": "old", "kpis.json": "old", "notes.txt": "old", "scenario/a.csv": "old"}
    for name, text in old.items():
        (run / name).write_text(text)
    replace = fileio.os.replace
    refusals: list[Path] = []

    def held(source: Path, target: Path) -> None:
        # The first move of the file `refused`, out of the run (aside) or into it.
        path = Path(source) if moved == "aside" else Path(target)
        if not refusals and path == run / refused:
            refusals.append(path)
            raise PermissionError(13, "in use by another process", str(path))
        replace(source, target)

    monkeypatch.setattr(fileio.os, "replace", held)
    with (
        pytest.raises(PermissionError),
        fileio.atomic_folder(run, ("plan.xlsx", "kpis.json", "scenario")) as staging,
    ):
        (staging / "scenario").mkdir()
        for name in ("kpis.json", "notes.txt", "scenario/b.csv"):
            (staging / name).write_text("new")
    found = {str(p.relative_to(run)): p.read_text() for p in run.rglob("*") if p.is_file()}
    assert found == old
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # nothing set aside is left


def test_a_folder_that_cannot_be_moved_back_names_where_its_files_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that could not be moved back had stopped the rest of the undoing, and the
    message said nothing was put in place, with the earlier files hidden in a staging
    folder a sweep's next start takes away."""
    from forcegen import fileio

    run = tmp_path / "run"
    run.mkdir()
    for name in ("assignments.csv", "kpis.json", "solver.log"):
        (run / name).write_text("old")
    replace = fileio.os.replace

    def held(source: Path, target: Path) -> None:
        if Path(target) == run / "solver.log" or Path(target) == run / "assignments.csv":
            raise PermissionError(13, "held", str(target))  # in, and back again
        replace(source, target)

    monkeypatch.setattr(fileio.os, "replace", held)
    with (
        pytest.raises(fileio.PartlyRestored) as caught,
        fileio.atomic_folder(run, ("assignments.csv", "kpis.json", "solver.log")) as staging,
    ):
        for name in ("assignments.csv", "kpis.json", "solver.log"):
            (staging / name).write_text("new")
    aside = caught.value.aside
    said = str(caught.value)
    assert (
        f"the earlier assignments.csv, solver.log could not be moved back: they are in {aside}"
        in said
    )
    # kpis.json moved back, though solver.log before it and assignments.csv after could not be.
    assert {p.name: p.read_text() for p in run.iterdir()} == {"kpis.json": "old"}
    assert (aside / "assignments.csv").read_text() == "old"
    # Not staging, which a sweep takes away; as long a name, which --out is judged by.
    assert aside.name.endswith(".old")


def test_a_run_that_cannot_be_put_back_says_so_in_its_closing_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A solve into an earlier run whose assignments.csv can be neither replaced nor moved
    back (held by another program) says where the earlier file is, and closes as every
    refusal does, with what it left: the run is not as it was, not "nothing was put in
    place"."""
    from forcegen import fileio

    run = tmp_path / "run"
    code, output = _solve("--out", str(run), "--time-limit", "5")
    assert code == 0, output
    replace = fileio.os.replace

    def held(source: Path, target: Path) -> None:
        if Path(target) == run / "assignments.csv":
            raise PermissionError(13, "held", str(target))  # in, and back again
        replace(source, target)

    monkeypatch.setattr(fileio.os, "replace", held)
    code, output = _solve("--out", str(run), "--time-limit", "5")
    said = " ".join(output.split())
    assert code == 2 and "Traceback" not in output, output
    assert "the earlier assignments.csv could not be moved back: they are in" in said
    # Without its spaces: a long path folds where the terminal's width falls.
    closing = f"1 error(s); {run} is not as it was: the error says which of its files are where."
    assert "".join(said.split()).endswith("".join(closing.split())), said


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{long}"],
        ["solve", str(TINY), "--out", "{long}"],
        ["format-doc", "--out", "{long}.md"],
    ],
    ids=["input", "output-folder", "output-file"],
)
def test_a_name_past_the_file_systems_limit_is_bad_input(
    tmp_path: Path, command: list[str]
) -> None:
    """A path with a name of 300 characters had ended every command in a traceback
    (OSError: File name too long), wherever the path was first asked of."""
    long = str(tmp_path / ("n" * 300))
    done = subprocess.run(
        [sys.executable, "-m", "forcegen", *(part.format(long=long) for part in command)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    said = " ".join(done.stdout.split() + done.stderr.split())
    assert done.returncode == 2 and "Traceback" not in said, said
    assert "[name-too-long] a name in it is longer than the file system allows" in said
    assert list(tmp_path.iterdir()) == []


def test_a_name_whose_staging_copy_is_past_the_limit_is_refused_before_the_work(
    tmp_path: Path,
) -> None:
    """A name of 250 bytes is one the file system takes, but not its staging copy's
    (`.NAME.xxxxxxxx.tmp`): the solve ran, then failed writing."""
    from forcegen.fileio import output_problem

    for folder in (True, False):
        said = output_problem(tmp_path / ("r" * 250), folder=folder)
        assert said == "a name of 250 bytes: at most 241 can be written here"
    assert output_problem(tmp_path / ("r" * 241), folder=True) is None


def test_a_folder_that_refuses_what_is_written_says_why_in_its_own_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A permission or a read-only mount is said as the file system words it; a folder
    there that takes no entries (/proc) is not said to be missing."""
    import errno
    import os
    import tempfile

    from forcegen.fileio import output_problem

    def refused(code: int) -> Callable[..., str]:
        def mkdtemp(*args: object, **kwargs: object) -> str:
            raise OSError(code, os.strerror(code))

        return mkdtemp

    said = {}
    for code in (errno.EACCES, errno.EROFS):
        monkeypatch.setattr(tempfile, "mkdtemp", refused(code))
        said[code] = output_problem(tmp_path / "run", folder=True)
    assert said == {
        errno.EACCES: f"nothing can be written in {tmp_path}: Permission denied",
        errno.EROFS: f"nothing can be written in {tmp_path}: Read-only file system",
    }
    monkeypatch.undo()
    assert output_problem(Path("/proc/run"), folder=True) == (
        "nothing can be written in /proc: the folder takes no new files or folders"
    )


def test_every_family_a_warm_start_may_break_is_said_in_planner_words() -> None:
    """A start that broke `coverage` was said as `coverage (R02, aid_escort, 0)`, its month
    an offset, beside `coverage_floor (region R02, task aid_escort, month 2030-01)`."""
    import pyomo.environ as pyo

    from forcegen.model.build import build_model
    from forcegen.run import PLACES, row_in_planner_words
    from tests.factory import scenario, spec, unit

    case = scenario(months=6, units=[unit("u")], demand=[("r", "guard", 0, 5, 100.0)])
    m, data = build_model(case, spec())
    said = row_in_planner_words(("coverage", ("r", "guard", 2)), data)
    assert said == "coverage (region r, task guard, month 2000-03)"
    indexed = {c.local_name for c in m.component_objects(pyo.Constraint) if c.is_indexed()} - {
        "kept_link"
    }  # a re-plan's kept tours: never broken by a start, which keeps them
    assert indexed <= set(PLACES), indexed - set(PLACES)


def test_a_frontiers_caps_are_shown_to_the_places_that_tell_them_apart() -> None:
    """Caps of 1% and 2% of tiny's 5,655,000: 56,550 and 113,100 both read "0.1 M", two
    points of one figure. To a hundredth of a million they read 0.06 M and 0.11 M, and
    the costs beside them to as many places; other figures, and other tables, as before."""
    assert places_apart("cost", [56_550.0, 113_100.0, float("nan")]) == 2
    assert places_apart("cost", [1e6, 2e6, 2e6]) == 1  # apart at the usual tenth
    assert places_apart("cost", [1.0, 1.01]) == 8  # a hundredth of a unit: 0.00000001 M
    frame = pd.DataFrame(
        {
            "budget_cap": [56_550.0, 113_100.0],
            "international_cost": [None, 54_321.0],
            "total_shortfall": [10.4, 3.0],
        }
    )
    apart = ("budget_cap", "international_cost")
    rows = _figures_shown(frame, {"budget_cap": "cost"}, apart).splitlines()[1:]
    assert [row.split() for row in rows] == [
        ["0.06", "M", "-", "10"],
        ["0.11", "M", "0.05", "M", "3"],
    ]
    assert kpi_shown("cost", 56_550.0) == "0.1 M"


def test_the_report_lays_units_a_hard_total_budget_keeps_home_at_it(tmp_path: Path) -> None:
    """Tiny under a hard total budget of 1,000,000: one tour fits (the cheapest two,
    BBB-mp-1's 780,000 and AAA-mp-1's 975,000, come to more), and the units it keeps home
    were laid at 'the plan's choice' in the report, the budget unnamed."""
    spec = (MODELS_DIR / "security-keeping.yaml").read_text()
    (tmp_path / "cap.yaml").write_text(
        spec.replace("  end: end-state", "  end: end-state\n  total_budget: 1000000")
    )
    run = tmp_path / "r"
    code, output = _solve("--model", str(tmp_path / "cap.yaml"), "--out", str(run))
    assert code == 0, output
    tours = pd.read_csv(run / "assignments.csv")
    assert len(tours) == 1
    left = 1_000_000 - json.loads((run / "kpis.json").read_text())["international_cost"]
    said = (
        "total budget (mission.total_budget, hard): the plan leaves "
        f"{left:,.0f} USD of it, less than a whole tour of it that would cover a shortfall"
    )
    assert said in (run / "report.html").read_text()


def test_check_evaluate_report_and_sweep_say_their_problems_in_one_list(tmp_path: Path) -> None:
    """Each said the model's warning (TINY has two nations, the model asks for three), or
    report its run's edited table, in a list of its own, then the plan's or the folder's
    problems in another: warnings before errors, two headers, and evaluate closed "nothing
    was written", the others "nothing was run"."""
    run = tmp_path / "run"
    assert _solve("--out", str(run))[0] == 0
    # A byte after the workbook's end: changed since written, warned of.
    written = (run / "plan.xlsx").read_bytes()
    (run / "plan.xlsx").write_bytes(written + b"x")
    checked = runner.invoke(app, ["check", str(TINY), str(run)])
    assert checked.exit_code == 0, checked.output
    assert [line.split(": [")[0] for line in checked.output.splitlines()[:3]] == [
        "2 warning(s):",
        f"  warning {run / 'model.yaml'}, line 18, key coalition.min_nations",
        f"  warning {run / 'plan.xlsx'}",
    ]
    edit(run / "assignments.csv", "AAA-inf-1,", "AAA-inf-9,")
    evaluated = runner.invoke(app, ["evaluate", str(TINY), str(run), "--out", str(tmp_path / "e")])
    assert evaluated.exit_code == 2, evaluated.output
    assert [line.split(": [")[0] for line in evaluated.output.splitlines()] == [
        "1 error(s), 2 warning(s):",
        f"  error {run / 'assignments.csv'}, row 2, column unit",
        f"  warning {run / 'model.yaml'}, line 18, key coalition.min_nations",
        f"  warning {run / 'plan.xlsx'}",
        "1 error(s); nothing was run and nothing written.",
    ]
    # As written: report refuses to write over a workbook a planner has changed.
    (run / "plan.xlsx").write_bytes(written)
    reported = runner.invoke(app, ["report", str(run)])
    assert reported.exit_code == 2, reported.output
    assert [line.split(": [")[0] for line in reported.output.splitlines()] == [
        "1 error(s), 1 warning(s):",
        f"  error {run / 'assignments.csv'}, row 2, column unit",
        f"  warning {run / 'assignments.csv'}",
        "1 error(s); no report was made.",
    ]
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text(f"name: s\nscenario: {TINY}\n")
    # A folder of the planner's own is no sweep's to write over.
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine\n")
    swept = runner.invoke(app, ["sweep", str(sweep_file), "--out", str(tmp_path / "mine")])
    assert swept.exit_code == 2, swept.output
    assert [line.split(": [")[0] for line in swept.output.splitlines()] == [
        "1 error(s), 1 warning(s):",
        "  error --out",
        "  warning security-keeping.yaml, line 15, key coalition.min_nations",
        "1 error(s); nothing was run and nothing written.",
    ]
    assert not (tmp_path / "e").exists()
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_report_says_a_bad_static_with_the_runs_problems_and_what_it_left_undone(
    tmp_path: Path,
) -> None:
    """`--static gif` was said alone, without a closing line, and a run that is not there
    only once it was mended; a workbook a planner changed closed "nothing was run", the
    run's other problems "no report was made"."""
    missing = tmp_path / "nothere"
    result = runner.invoke(app, ["report", str(missing), "--static", "gif"])
    assert result.exit_code == 2, result.output
    assert [line.split(": [")[0] for line in result.output.splitlines()] == [
        "2 error(s):",
        "  error --static",
        f"  error {missing}",
        "2 error(s); no report was made.",
    ]
    run = tmp_path / "run"
    assert _solve("--out", str(run))[0] == 0
    (run / "plan.xlsx").write_bytes((run / "plan.xlsx").read_bytes() + b"x")
    result = runner.invoke(app, ["report", str(run)])
    assert result.exit_code == 2, result.output
    assert [line.split(": [")[0] for line in result.output.splitlines()] == [
        "1 error(s):",
        "  error plan.xlsx",
        "1 error(s); no report was made.",
    ]


def test_a_rolling_plan_scoring_below_the_full_one_is_said_to_be_the_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gen S's rolling plan read 5.3% below the full-horizon plan's objective, with no word
    that the full solve had stopped short of a plan its model allows. Here the full plan
    is made to score a million above its own."""
    import forcegen.cli
    from forcegen.replan.rolling import full_horizon

    def short(*arguments: Any, **options: Any) -> object:
        full = full_horizon(*arguments, **options)
        full.plan.kpis["objective"] += 1e6
        return full

    monkeypatch.setattr(forcegen.cli, "full_horizon", short)
    command = ["rolling", str(TINY), "--window", "6", "--commit", "3", "--time-limit", "2"]
    result = runner.invoke(app, [*command, "--out", str(tmp_path / "r"), "--quiet"])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    full = json.loads((tmp_path / "r" / "full" / "kpis.json").read_text())
    assert (
        "The rolling plan scores below the full-horizon plan: the full horizon's model "
        f"allows it, so the full solve stopped short of it ({how_solved(full)}); a longer "
        "--time-limit narrows it"
    ) in said, said


def test_the_frontiers_table_shows_the_plan_without_a_cap_first(tmp_path: Path) -> None:
    """The points' shares are of the unconstrained plan's cost, and a message may name it
    as scoring better, but its figures were in its kpis.json alone."""
    command = ["frontier", str(TINY), "--out", str(tmp_path / "f"), "--shares", "1.0"]
    result = runner.invoke(app, [*command, "--time-limit", "2"], env={"COLUMNS": "150"})
    assert result.exit_code == 0, result.output
    free = json.loads((tmp_path / "f" / "unconstrained" / "kpis.json").read_text())
    rows = [line.split() for line in result.output.splitlines()]
    at = next(i for i, row in enumerate(rows) if row[:1] == ["variant"])
    assert rows[at] == [
        "variant",
        "status",
        "share",
        "budget_cap",
        "international_cost",
        "total_shortfall",
        "regions_handed_over",
        "gap",
        "beaten_by",
    ]
    shortfall = kpi_shown("total_shortfall", free["total_shortfall"])
    cost = kpi_shown("international_cost", free["international_cost"])
    assert rows[at + 1][:7] == ["unconstrained", "solved", "-", "-", *cost.split(), shortfall]
    assert rows[at + 2][0] == "budget-1"


def test_check_says_a_runs_tables_are_of_its_tours_before_they_were_edited(
    tmp_path: Path,
) -> None:
    """A run's assignments.csv edited by hand left its coverage table of the tours before:
    check listed the table-mismatch lines and said only "if the tours were edited". The
    stamps tell it: the tours changed, the tables not."""
    run = tmp_path / "run"
    solve_scenario(TINY, "security-keeping", {"time_limit": 5}).write(run)
    tours = pd.read_csv(run / "assignments.csv")
    tours.loc[0, "region"] = "south" if tours.loc[0, "region"] == "north" else "north"
    tours.to_csv(run / "assignments.csv", index=False)
    result = runner.invoke(app, ["check", str(TINY), str(run)])
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert (
        f"The plan's coverage table(s) disagree with its tours or the scenario: "
        f"{run / 'assignments.csv'} was changed since forcegen wrote it and they were not, so "
        "they are of the tours before the edit. `forcegen evaluate SCENARIO PLAN --out RUN` "
        "works every table out anew from the tours."
    ) in said, said
    # The coverage table edited too: which was edited to match is not known.
    coverage = pd.read_csv(run / "coverage.csv")
    coverage["shortfall"] = coverage["shortfall"] + [1, *[0] * (len(coverage) - 1)]
    coverage.to_csv(run / "coverage.csv", index=False)
    said = " ".join(runner.invoke(app, ["check", str(TINY), str(run)]).output.split())
    assert "table(s) disagree with its tours or the scenario. If the tours were edited" in said


def test_a_solve_or_re_plan_stopped_in_its_search_writes_its_best_plan_by_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C in the search, as it were (the search said interrupted as it ends): the
    plan is written, checked and reported, and the command exits 130, not 0."""

    def stopped(*arguments: Any) -> Searched:
        found = improve(*arguments)
        assert found is not None
        return found._replace(interrupted=True)

    before = tmp_path / "before"
    assert _solve("--out", str(before))[0] == 0
    monkeypatch.setattr(forcegen.solve, "improve", stopped)
    solved, replanned = tmp_path / "solved", tmp_path / "replanned"
    for command in (
        ["solve", str(TINY), "--quiet", "--out", str(solved)],
        ["replan", str(TINY), str(before), "--from", "2000-06", "--quiet", "--out", str(replanned)],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 130, result.output
        folder = Path(command[-1])
        assert json.loads((folder / "kpis.json").read_text())["termination"] == "interrupted"
        assert "The plan keeps every hard rule." in result.output
        assert (folder / "report.html").exists()
        assert (
            f"Interrupted in the solve: its best plan by then is written whole to {folder}, "
            "checked and reported above."
        ) in " ".join(result.output.split())
