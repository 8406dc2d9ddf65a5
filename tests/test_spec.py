"""A model specification's settings changed in Python, as a notebook changes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcegen.run import solve_scenario
from forcegen.scenario.problems import Problem, ScenarioError
from forcegen.spec import MODELS_DIR, Rules, Weights, load_spec, resolve_spec_path
from tests.factory import scenario, spec, unit


def test_a_misspelt_solver_option_is_named_as_one_with_what_was_meant() -> None:
    """`{"time_limt": 5}` was `no ['time_limt'] here; the fields are [...]`: neither a
    solver option nor the one meant. Nothing is solved."""
    case = scenario(months=3, units=[unit("a")], demand=[])
    with pytest.raises(ValueError) as caught:
        solve_scenario(case, spec(), {"time_limt": 5})
    assert str(caught.value) == (
        "no solver option 'time_limt'; did you mean time_limit? "
        "(the solver options are gap, search, seed, threads, time_limit)"
    )


def test_each_unknown_setting_of_a_section_is_named_apart() -> None:
    """Two unknown keys, one near a weight, one near none."""
    with pytest.raises(ValueError) as caught:
        spec().weights.model_copy(update={"shortfal": 1.0, "zzz": 2.0})
    said = str(caught.value)
    assert said.startswith("no setting 'shortfal'; did you mean shortfall?; no setting 'zzz' (")


def _refused(tmp_path: Path, text: str) -> list[Problem]:
    """The problems `load_spec` raises for a model file of `text`."""
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_spec(path)
    return caught.value.problems


def test_a_folder_in_the_working_folder_named_as_a_model_does_not_hide_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run written to `--out security-keeping` made every later `solve` there refuse its
    default model: 'no model spec at security-keeping: give one of ..., security-keeping
    by name'."""
    (tmp_path / "security-keeping").mkdir()
    monkeypatch.chdir(tmp_path)
    assert resolve_spec_path("security-keeping") == MODELS_DIR / "security-keeping.yaml"
    assert load_spec("security-keeping").name == "security-keeping"


def test_a_misspelt_model_name_says_the_model_meant() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_spec("securitykeeping")
    [problem] = caught.value.problems
    assert problem.rule == "missing-file"
    assert problem.message.endswith("; did you mean security-keeping?")


def test_a_model_files_problems_are_said_from_its_top(tmp_path: Path) -> None:
    """pydantic gives them section by section in the class's order: line 8 came before 7,
    and the weights' after the rules' though written first."""
    problems = _refused(
        tmp_path,
        "name: x\nweights:\n  shortfal: 10\n  cost: -1\nrules:\n  ceilng: soft\n"
        "  budget: maybe\nsolver:\n  gap: 2\n",
    )
    assert [(p.row, p.column) for p in problems] == [
        (3, "weights.shortfal"),
        (4, "weights.cost"),
        (6, "rules.ceilng"),
        (7, "rules.budget"),
        (9, "solver.gap"),
    ]


def test_a_section_left_empty_takes_its_defaults(tmp_path: Path) -> None:
    """Every line under `rules:` commented out left `rules:` null: 'should be a mapping',
    where a key left out takes its default."""
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\nrules:\n  # ceiling: soft\nweights:\nsolver:\n  gap: 0.5\n", encoding="utf-8"
    )
    spec = load_spec(path)
    assert (spec.rules, spec.weights, spec.solver.gap) == (Rules(), Weights(), 0.5)


@pytest.mark.parametrize("written", ["name: ''", "name: '  '", "name:"])
def test_a_model_without_a_name_is_refused(tmp_path: Path, written: str) -> None:
    """A blank name was taken: the solve was 'under ' nothing, and runs and comparisons
    showed no model."""
    [problem] = _refused(tmp_path, f"{written}\nweights:\n  cost: 0.5\n")
    assert (problem.row, problem.column) == (1, "name")
    assert problem.message == "a value is required: the name runs and comparisons show"
