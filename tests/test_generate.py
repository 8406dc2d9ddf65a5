"""The generator: named sizes, validity, determinism, realistic caveats, knobs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forcegen import load_scenario
from forcegen.cli import app
from forcegen.months import months_between
from forcegen.scenario.generate import SIZES, generate_scenario
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.validate import check_scenario
from tests.conftest import TIMOR


@pytest.mark.parametrize("size", ["S", "M", "L"])
def test_sizes_are_valid_and_as_named(size: str) -> None:
    scenario = generate_scenario(size, seed=7)
    dims = SIZES[size]
    assert (len(scenario.units), len(scenario.regions), len(scenario.months)) == (
        dims.units,
        dims.regions,
        dims.months,
    )
    problems = check_scenario(scenario)
    assert [str(p) for p in problems] == []
    assert scenario.lead is not None


@pytest.mark.parametrize("size", ["S", "M", "L"])
def test_same_seed_same_scenario_other_seed_other(size: str) -> None:
    assert generate_scenario(size, 3) == generate_scenario(size, 3)
    assert generate_scenario(size, 3) != generate_scenario(size, 4)


def test_a_seed_below_0_is_refused(tmp_path: Path) -> None:
    """Python's random takes -1 as 1: `--seed -1` gave seed 1's scenario, and bench's."""
    with pytest.raises(ValueError, match="a seed is 0 or more, not -1"):
        generate_scenario("S", -1)
    for command in (["generate", "--seed", "-1", str(tmp_path / "g")], ["bench", "--seed", "-1"]):
        result = CliRunner().invoke(app, command)
        said = " ".join(result.output.split())
        assert (
            result.exit_code == 2 and "--seed: [range] should be greater than or equal to 0" in said
        )
    assert not (tmp_path / "g").exists()


def test_a_scenario_starts_where_asked_and_is_valid_there() -> None:
    # Every date the generator writes (joins, leaves, availability, demand, budgets'
    # fiscal years) follows the start: the same scenario, a year and a half later.
    later = generate_scenario("S", 3, start="2031-07")
    assert later.months[0] == "2031-07" and [str(p) for p in check_scenario(later)] == []
    first = generate_scenario("S", 3)

    def offsets(s: Scenario) -> list[tuple[int, float]]:
        return [(months_between(s.months[0], d.first), d.personnel) for d in s.demand]

    assert offsets(later) == offsets(first)


def test_written_scenario_is_byte_identical_and_loads_back(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate_scenario("S", 11).to_folder(tmp_path / name)
    for file in (tmp_path / "a").iterdir():
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes()
    assert load_scenario(tmp_path / "a") == generate_scenario("S", 11)


def test_not_every_unit_fits_every_task_and_region() -> None:
    scenario = generate_scenario("M", 1)
    caveats = [
        n for n in scenario.nations if n.refused_tasks or n.refused_regions or n.max_risk < 5
    ]
    assert caveats
    incapable = [t for t in scenario.unit_types if len(t.effectiveness) < len(scenario.tasks)]
    assert incapable
    assert any(u.component == "reserve" for u in scenario.units)


def test_knobs_override_the_size() -> None:
    scenario = generate_scenario("L", 2, units=30, regions=2, months=18, nations=3)
    assert (
        len(scenario.units),
        len(scenario.regions),
        len(scenario.months),
        len(scenario.nations),
    ) == (30, 2, 18, 3)
    assert not [p for p in check_scenario(scenario) if p.severity == "error"]


@pytest.mark.parametrize("units", [1, 2, 3])
def test_a_few_units_still_make_a_valid_scenario(units: int) -> None:
    """Constabulary training is always demanded: some unit must be able to give it. S's
    five nations had two to four of them without a unit (no-units), and a nation of one
    battalion a ceiling below it (ceiling-below-units): each deployed no one."""
    for seed in range(20):
        scenario = generate_scenario("S", seed, units=units, regions=2, months=12)
        assert len(scenario.nations) == units
        problems = check_scenario(scenario)
        assert not [p for p in problems if p.severity == "error"], (seed, problems)
        idle = [p for p in problems if p.rule in ("no-units", "ceiling-below-units")]
        assert not idle, (seed, idle)


def test_cli_generate(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["generate", str(tmp_path / "s"), "--size", "S", "--seed", "5"]
    )
    assert result.exit_code == 0, result.output
    assert load_scenario(tmp_path / "s") == generate_scenario("S", 5)
    # Timor-Leste's tables alone, with budgets.csv and ceilings.csv, which S has none of.
    shutil.copytree(TIMOR, tmp_path / "timor", ignore=shutil.ignore_patterns("*.md", "*.py"))
    # Its events file would be left beside a scenario it is not of: refused.
    kept = CliRunner().invoke(app, ["generate", str(tmp_path / "timor"), "--size", "S"])
    assert kept.exit_code == 2 and "(events-example.yaml)" in kept.output, kept.output
    (tmp_path / "timor" / "events-example.yaml").unlink()
    # Nor over its tables, which forcegen has no record of writing: a planner's own work.
    hand = CliRunner().invoke(app, ["generate", str(tmp_path / "timor"), "--size", "S"])
    assert hand.exit_code == 2 and "[not-written-by-forcegen]" in hand.output, hand.output
    assert load_scenario(tmp_path / "timor") == load_scenario(TIMOR)
    # Over one it wrote, budgets.csv and ceilings.csv too, which S has none of.
    shutil.rmtree(tmp_path / "timor")
    load_scenario(TIMOR).to_folder(tmp_path / "timor")
    over = CliRunner().invoke(app, ["generate", str(tmp_path / "timor"), "--size", "S"])
    assert over.exit_code == 0 and load_scenario(tmp_path / "timor") == generate_scenario("S", 0)
    assert not (tmp_path / "timor" / "budgets.csv").exists()
    for bad_out in (Path("/proc/s"), tmp_path / "timor" / "units.csv"):
        refused = CliRunner().invoke(app, ["generate", str(bad_out)])
        assert refused.exit_code == 2 and "error OUT: [not-writable]" in refused.output
    # The argument named as commands.md and the problem name it, not `out_dir`.
    shown = CliRunner().invoke(app, ["generate", "--help"], env={"COLUMNS": "200"}).output
    assert "generate [OPTIONS] {out}" in shown and "out_dir" not in shown
    assert load_scenario(tmp_path / "timor") == generate_scenario("S", 0)
    for wrong in (
        ["--size", "XL"],
        ["--months", "0"],
        ["--months", "6"],  # a 12-month tour would not fit
        ["--months", "1000"],
        ["--regions", "0"],
        ["--units", "-3"],
    ):
        bad = CliRunner().invoke(app, ["generate", str(tmp_path / "x"), *wrong])
        assert bad.exit_code == 2 and not (tmp_path / "x").exists(), (wrong, bad.output)
