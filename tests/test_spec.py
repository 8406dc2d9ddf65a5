"""A model specification's settings changed in Python, as a notebook changes them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from forcegen.cli import app
from forcegen.run import solve_scenario
from forcegen.scenario.problems import Problem, ScenarioError
from forcegen.scenario.scenario import Scenario
from forcegen.spec import (
    MODELS_DIR,
    Mission,
    ModelSpec,
    Rules,
    Weights,
    idle_settings,
    load_spec,
    resolve_spec_path,
)
from tests.conftest import TINY
from tests.factory import reserve_nation, scenario, shortfall, solve, spec, unit, with_rules


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
    # Nor a run's folder a copy beside it, given without .yaml.
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine.yaml").write_text("name: mine\n", encoding="utf-8")
    assert load_spec("mine").name == "mine"


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


def test_forcegen_models_lists_the_models_taken_by_name() -> None:
    """No command named the models: a user learnt of them only from the README."""
    result = CliRunner().invoke(app, ["models"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert str(MODELS_DIR) in said
    for name in ("complex-peacekeeping", "security-keeping"):
        described = " ".join(load_spec(name).description.split())
        assert f"{name} {described}" in said


def test_forcegen_models_shows_a_model_whole_with_its_defaults(tmp_path: Path) -> None:
    """A copy's every key, those it leaves out at their defaults: what a run's model.yaml
    records of it."""
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nweights:\n  cost: 0.5\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["models", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"# {path}")
    shown = yaml.safe_load(result.output)
    assert shown == ModelSpec(name="mine", weights=Weights(cost=0.5)).model_dump(mode="json")
    assert shown["rules"]["ceiling"] == "hard" and shown["solver"]["time_limit"] == 60


def test_forcegen_models_checks_a_model_file_as_a_solve_would(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nweights:\n  cost: -1\nrules:\n  ceilng: soft\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["models", str(path)])
    said = " ".join(result.output.split())
    assert result.exit_code == 2
    assert f"{path}, line 3, key weights.cost: [range]" in said
    assert f"{path}, line 5, key rules.ceilng: [unknown-column] not a known key; " in said
    assert "2 error(s)" in said and "Traceback" not in said
    result = CliRunner().invoke(app, ["models", "securitykeeping"])
    assert result.exit_code == 2 and "did you mean security-keeping?" in result.output


def test_forcegen_models_lists_a_model_it_cannot_read_with_its_count_of_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout's models/ edited wrong is listed all the same, the others with it; a
    name or description in brackets is shown as written, not taken for console markup."""
    (tmp_path / "[b]good.yaml").write_text("name: good\ndescription: '[b]Sound.'\n")
    (tmp_path / "bad.yaml").write_text("name: bad\nweights:\n  cost: -1\n  turbulence: x\n")
    monkeypatch.setattr("forcegen.spec.MODELS_DIR", tmp_path)
    result = CliRunner().invoke(app, ["models"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1:3] == ["  [b]good  [b]Sound.", "  bad      unreadable, 2 error(s)"]


def test_an_end_date_of_an_end_state_mission_is_warned_of_as_doing_nothing(
    tiny: Scenario,
) -> None:
    """A copy given `end_date: 2000-06` but left `end: end-state` was solved as if the date
    were not there, its tours running to the horizon's end, with no word why."""
    mission = Mission(end="end-state", end_date="2000-06")
    [found] = idle_settings(spec().model_copy(update={"mission": mission}), tiny, "m.yaml")
    assert (found.rule, found.severity, found.column, found.value) == (
        "date-unused",
        "warning",
        "mission.end_date",
        "2000-06",
    )
    assert found.message == (
        "the mission ends at its end-state (mission.end: end-state), so its end_date does "
        "nothing: set mission.end: end-date to end the mission in 2000-06"
    )
    ends = mission.model_copy(update={"end": "end-date"})
    assert idle_settings(spec().model_copy(update={"mission": ends}), tiny, "m.yaml") == []


def test_calm_regions_first_in_an_end_date_mission_is_warned_of_as_doing_nothing(
    tiny: Scenario,
) -> None:
    """security-keeping's copy made an end-date mission kept `handover_order: calm-first`,
    which an end-date mission, handing no region over, never applies."""
    mission = Mission(end="end-date", end_date="2000-12", handover_order="calm-first")
    [found] = idle_settings(spec().model_copy(update={"mission": mission}), tiny, "m.yaml")
    assert (found.rule, found.severity, found.column, found.value) == (
        "order-unused",
        "warning",
        "mission.handover_order",
        "calm-first",
    )
    assert found.message == (
        "an end-date mission (mission.end: end-date) hands no region over, so calm regions "
        "first (handover_order: calm-first) does nothing"
    )
    state = mission.model_copy(update={"end": "end-state", "end_date": None})
    assert idle_settings(spec().model_copy(update={"mission": state}), tiny, "m.yaml") == []


def test_a_soft_minimum_of_more_nations_than_the_scenario_has_is_warned_of_as_the_scenarios(
    tiny: Scenario,
) -> None:
    """security-keeping asks for 3 nations, soft, and tiny has 2: every plan is 1 nation
    short, whatever it does. Nothing had said so; then it was said as a constant 1,000,000
    in the objective that the gap was taken of too, which the objective now leaves out
    (test_model_families: a nation no plan can have), whatever the price or the gap."""
    model = load_spec("security-keeping")
    [found] = idle_settings(model, tiny, "m.yaml")
    assert (found.rule, found.severity, found.column, found.value) == (
        "short-of-nations",
        "warning",
        "coalition.min_nations",
        "3",
    )
    assert found.message == (
        "coalition.min_nations asks for 3 nations and the scenario has 2 (AAA, BBB): every "
        "plan is 1 nation short, the scenario's breach, not a plan's: every verdict says it, "
        "and the objective does not price it"
    )
    exact = model.model_copy(update={"solver": model.solver.model_copy(update={"gap": 0.0})})
    free = model.weights.model_copy(update={"slack": 0.0})
    for other in (exact, model.model_copy(update={"weights": free})):
        assert idle_settings(other, tiny, "m.yaml") == [found]
    two = model.coalition.model_copy(update={"min_nations": 2})
    assert idle_settings(model.model_copy(update={"coalition": two}), tiny, "m.yaml") == []


def test_a_hard_minimum_of_more_nations_than_the_scenario_has_is_warned_of_before_the_solve(
    tiny: Scenario,
) -> None:
    """Made hard, the minimum of 3 of tiny's 2 nations leaves no plan: the solve, and the
    solve again with every rule relaxed to diagnose it, had been the first word of it."""
    model = load_spec("security-keeping")
    hard = model.model_copy(
        update={"rules": model.rules.model_copy(update={"min_nations": "hard"})}
    )
    [found] = idle_settings(hard, tiny, "m.yaml")
    assert (found.rule, found.severity, found.column) == (
        "short-of-nations",
        "warning",
        "coalition.min_nations",
    )
    assert found.message == (
        "coalition.min_nations asks for 3 nations and the scenario has 2 (AAA, BBB), and "
        "rules.min_nations is hard: no plan keeps it"
    )


def test_a_key_near_none_a_section_takes_is_said_with_the_keys_it_takes(tmp_path: Path) -> None:
    """`rules: {housing: soft}` was 'not a known key', naming no family a rule may be:
    the user had to find docs/format.md to learn them."""
    problems = _refused(tmp_path, "name: x\nfoo: 1\nrules:\n  housing: soft\n  ceilng: soft\n")
    assert [p.message for p in problems] == [
        "not a known key (a model file takes coalition, description, mission, name, rules, "
        "solver, weights)",
        "not a known key (rules: takes budget, ceiling, coverage_floor, lead_share, "
        "min_nations, nations_per_region, nations_per_sector, reserve_share)",
        "not a known key; did you mean ceiling?",
    ]


@pytest.mark.parametrize("text", ["", "# weights to come\n", "---\n"])
def test_an_empty_model_file_is_said_to_be_empty(tmp_path: Path, text: str) -> None:
    """It was 'should be a mapping (key: value)', as if it held something else."""
    [problem] = _refused(tmp_path, text)
    assert (problem.row, problem.column, problem.rule) == (None, None, "empty-file")
    assert problem.message == "the file holds no key: a model needs name: at least"


def test_a_rule_family_made_true_or_false_is_told_its_choice(tmp_path: Path) -> None:
    """`ceiling: no` (YAML's false) was told it 'expected a number or a word'."""
    [problem] = _refused(tmp_path, "name: x\nrules:\n  ceiling: no\n")
    assert (problem.row, problem.column) == (3, "rules.ceiling")
    assert problem.message == (
        "expected 'hard' or 'soft', not true/false (YAML reads yes/no/on/off as those)"
    )


def test_a_copy_left_in_the_working_folder_does_not_stand_in_for_the_bundled_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited copy saved as ./security-keeping.yaml had been solved under in place of
    the bundled model, with no --model given, the banner saying 'under security-keeping'
    all the same. The copy is a path's: `security-keeping.yaml` or `./security-keeping`."""
    monkeypatch.chdir(tmp_path)
    bundled = load_spec("security-keeping")
    copied = (MODELS_DIR / "security-keeping.yaml").read_text(encoding="utf-8")
    Path("security-keeping.yaml").write_text(copied.replace("cost: 0.001", "cost: 0.5"))
    assert load_spec("security-keeping") == bundled
    for written in ("security-keeping.yaml", "./security-keeping"):
        assert load_spec(written).weights.cost == 0.5


def test_a_model_files_warnings_are_said_at_their_lines(tmp_path: Path) -> None:
    """An idle setting's warning named the file and key but no line, where its errors
    name one: `mission.end_date` written on line 4 of the copy."""
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\nmission:\n  end: end-state\n  end_date: 2000-06\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app,
        ["solve", str(TINY), "--model", str(path), "--out", str(tmp_path / "run"), "--quiet"],
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"warning {path}, line 4, key mission.end_date: [date-unused]" in said


def test_a_nation_of_reserves_alone_under_a_hard_share_is_warned_of_before_the_solve() -> None:
    """A's one unit u is a reserve and A's reserve_max_share is 0.3: reserves at most 30% of
    A's own deployment, which u alone is all of, so u never deploys (100 short of 100 in
    each of 6 months, 600). A property test's partners, made all reserves, had never
    deployed and nothing said why. Soft, or without the share, u deploys (0 short)."""
    alone = scenario(
        months=6,
        nations=[reserve_nation("A", training=0, reserve_max_share=0.3)],
        units=[unit("u", component="reserve")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    [found] = idle_settings(spec(), alone, "m.yaml")
    assert (found.rule, found.severity, found.column, found.value) == (
        "reserves-alone",
        "warning",
        "rules.reserve_share",
        "hard",
    )
    assert found.message.startswith(
        "rules.reserve_share is hard, and A (reserve_max_share 0.3) has only reserve units"
    )
    assert shortfall(solve(alone, spec())) == pytest.approx(600)
    soft = with_rules(spec(), rules={"reserve_share": "soft"})
    assert idle_settings(soft, alone, "m.yaml") == []
    unbound = alone.model_copy(
        update={"nations": (alone.nations[0].model_copy(update={"reserve_max_share": None}),)}
    )
    assert idle_settings(spec(), unbound, "m.yaml") == []
    assert shortfall(solve(unbound, spec())) == pytest.approx(0)


def test_a_doctrine_is_equal_to_its_copy_wherever_it_was_read(tmp_path: Path) -> None:
    """Where a model was read is no part of it: the bundled doctrine, a copy of its file
    elsewhere and the same settings made in Python are one model, and hash alike; another
    setting makes another model."""
    bundled = load_spec("security-keeping")
    copied = tmp_path / "security-keeping.yaml"
    copied.write_text((MODELS_DIR / "security-keeping.yaml").read_text())
    elsewhere = load_spec(copied)
    made = ModelSpec.model_validate(bundled.model_dump())
    assert (bundled.file, made.file) == ("security-keeping", None)
    assert bundled == elsewhere == made
    assert len({bundled, elsewhere, made}) == 1
    assert bundled != bundled.model_copy(update={"solver": {"time_limit": 7}})
