"""Benchmark harness: the capped method compares shortfall with the hand planner's at no
more cost."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from forcegen import bench
from forcegen.bench import TIE_BREAK, BenchRow, run_bench, run_method, shortfall_first
from forcegen.cli import app
from forcegen.solve import SolveResult
from forcegen.spec import MODELS_DIR, load_spec
from tests.cells import number


def test_shortfall_first_caps_the_mission_cost_and_keeps_cost_only_as_a_tie_break() -> None:
    spec = load_spec("security-keeping")
    capped = shortfall_first(spec, 1.0e9)
    assert capped.mission.total_budget == 1.0e9
    assert capped.weights.cost == spec.weights.cost * TIE_BREAK
    assert capped.weights.shortfall == spec.weights.shortfall


def test_capped_runs_after_the_greedy_planner_and_spends_no_more() -> None:
    rows = list(run_bench(["S"], methods=("capped",), time_limit=5.0))
    assert [row["method"] for row in rows] == ["greedy", "capped"]
    greedy, capped = rows
    assert number(capped["international_cost"]) <= number(greedy["international_cost"]) * (1 + 1e-9)
    assert number(capped["shortfall"]) < number(greedy["shortfall"])


def test_a_time_limit_out_of_range_is_bad_input_before_any_solve(tmp_path: Path) -> None:
    for limit in ("-3", "inf"):
        result = CliRunner().invoke(
            app, ["bench", "--time-limit", limit, "--out", str(tmp_path / "b.csv")]
        )
        assert result.exit_code == 2, result.output
        assert "--time-limit: [range]" in result.output
    # An unknown size and method both, each named with what it may be, before any solve.
    options = ["--size", "XL", "--method", "quick", "--time-limit", "-3"]
    result = CliRunner().invoke(app, ["bench", *options, "--out", str(tmp_path / "b.csv")])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "--size: [choice] must be one of S, M, L (value 'XL')" in said
    assert "--method: [choice] must be one of fast, reference, greedy, capped" in said
    assert "--time-limit: [range]" in said
    assert not (tmp_path / "b.csv").exists()
    # CSV written to a .txt read as text, not a table: named as compare's --out is.
    text = CliRunner().invoke(app, ["bench", "--out", str(tmp_path / "bench.txt")])
    assert text.exit_code == 2 and "--out: [bad-format] written as CSV: name it .csv" in " ".join(
        text.output.split()
    )
    assert not (tmp_path / "bench.txt").exists()


def test_a_method_stopped_with_no_plan_has_no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped by its time limit before any plan, the reference form's row read as a plan
    of no tour: all of S's demand short (135,554) at a cost of 0, beside the others'."""
    stopped = SolveResult("time_limit", "none", None, None, 0.0, 1.0, "")
    monkeypatch.setattr(bench, "solve_model", lambda *_, **__: stopped)
    spec = load_spec("security-keeping")
    row = run_method("S", 0, "reference", spec, spec.solver)
    assert (row.termination, row.gap) == ("time_limit", None)
    assert (row.shortfall, row.cost, row.international_cost) == (None, None, None)


def _finished() -> list[BenchRow]:
    """S's and M's rows of the fast method, as a bench stopped in L had finished them."""
    return [
        BenchRow(
            size=size, seed=0, method="fast", model="security-keeping",
            model_file="security-keeping", columns=1200, rows=900, nonzeros=5000,
            build_seconds=2.0, handoff_seconds=0.5, solve_seconds=8.0, extract_seconds=0.5,
            wall_seconds=11.0, termination="optimal", objective=1.0, bound=1.0, gap=0.001,
            shortfall=shortfall, cost=2.5e8, international_cost=2.0e8, peak_memory_mb=300.0,
        )
        for size, shortfall in (("S", 1500.0), ("M", 9000.0))
    ]  # fmt: skip


def test_a_bench_stopped_keeps_the_rows_finished_shown_and_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during L lost S and M: the rows were shown and the CSV written only at the
    end. Each is shown and the whole CSV written as it finishes; the stop exits 130 and
    says what the CSV holds."""

    def stopped_in_l(*_: object, **__: object) -> Iterator[dict[str, object]]:
        yield from (asdict(row) for row in _finished())
        raise KeyboardInterrupt

    monkeypatch.setattr("forcegen.cli.run_bench", stopped_in_l)
    out = tmp_path / "bench.csv"
    sizes = ["--size", "S", "--size", "M", "--size", "L", "--method", "fast"]
    result = CliRunner().invoke(app, ["bench", *sizes, "--out", str(out)])
    assert result.exit_code == 130, result.output
    written = pd.read_csv(out)
    assert written[["size", "shortfall"]].values.tolist() == [["S", 1500.0], ["M", 9000.0]]
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["size", "method", "columns"]
    assert [line.split()[:2] for line in lines[1:3]] == [["S", "fast"], ["M", "fast"]]
    assert "1,500" in lines[1] and "250.0 M" in lines[1] and "0.10%" in lines[1]
    assert f"Interrupted: {out} holds the 2 row(s) finished" in " ".join(result.output.split())


def test_a_benchmark_row_that_cannot_be_written_says_the_rows_before_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk full at M's row: the CSV keeps S's, and the message said none of the
    table was put in place."""
    monkeypatch.setattr(
        "forcegen.cli.run_bench", lambda *_, **__: (asdict(row) for row in _finished())
    )
    written: list[str] = []

    def full_at_the_second(path: Path, text: str) -> None:
        if written:
            raise OSError(28, "No space left on device")
        written.append(text)
        path.write_text(text)

    monkeypatch.setattr("forcegen.cli.write_text_atomic", full_at_the_second)
    out = tmp_path / "bench.csv"
    result = CliRunner().invoke(app, ["bench", "--method", "fast", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert pd.read_csv(out)["size"].tolist() == ["S"]
    said = " ".join(result.output.split())
    assert (
        "none of row 2 of the benchmark's table (M fast; the 1 row(s) before it are kept)" in said
    )


def test_a_method_runs_out_of_the_terminals_reach(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C reaches the terminal's whole foreground group: a pool's worker in it, still
    importing pyomo, printed its traceback beside the command's word that it stopped. The
    worker is in a group of its own, which the command ends itself."""
    told_its_group = (
        "import os, sys; from forcegen.workers import answer_channel, received, send; "
        "channel = answer_channel(others_to_stderr=True); next(received(sys.stdin.buffer)); "
        "send(channel, os.getpgid(0))"
    )
    monkeypatch.setattr(bench, "ENTRY", told_its_group)
    spec = load_spec("security-keeping")
    worker_group = bench._in_a_worker(("S", 0, "greedy", spec, spec.solver))
    assert worker_group != os.getpgid(0)


def test_a_method_whose_process_dies_is_said_and_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its process killed (for its memory, say), the pool's error came out as a traceback."""
    monkeypatch.setattr(bench, "ENTRY", "import sys; sys.exit(4)")
    out = tmp_path / "bench.csv"
    result = CliRunner().invoke(app, ["bench", "--method", "greedy", "--out", str(out)])
    assert result.exit_code == 3, result.output
    said = " ".join(result.output.split())
    assert "S greedy's process ended with code 4 (its error above, if any): no row finished" in said
    assert not out.exists()


def test_a_worker_whose_bench_was_killed_before_sending_ends_without_a_word() -> None:
    """Its caller killed (kill -9) before it sent the job: StopIteration's traceback."""
    ended = subprocess.run([sys.executable, "-c", bench.ENTRY], input=b"", capture_output=True)
    assert (ended.returncode, ended.stderr) == (0, b"")


def test_a_bench_runs_under_the_model_given_and_its_csv_says_which(tmp_path: Path) -> None:
    """bench always loaded security-keeping: a doctrine of one's own could not be timed."""
    model = yaml.safe_load((MODELS_DIR / "security-keeping.yaml").read_text())
    model["name"] = "own-doctrine"
    (tmp_path / "own.yaml").write_text(yaml.safe_dump(model))
    out = tmp_path / "b.csv"
    given = ["--model", str(tmp_path / "own.yaml"), "--method", "greedy", "--out", str(out)]
    result = CliRunner().invoke(app, ["bench", *given])
    assert result.exit_code == 0, result.output
    row = pd.read_csv(out).iloc[0]
    assert (row["method"], row["model"]) == ("greedy", "own-doctrine")
    assert row["model_file"] == str(tmp_path / "own.yaml")
    # A model that is none is said with the other options' problems, before any run.
    bad = ["--model", "nosuch", "--size", "XL", "--out", str(tmp_path / "c.csv")]
    refused = CliRunner().invoke(app, ["bench", *bad])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2 and "no model spec at" in said and "--size: [choice]" in said
    assert not (tmp_path / "c.csv").exists()
    # Judged against the sizes' horizon, as solve judges it: a mission ended before it had
    # been timed as a plan of no tour.
    model["mission"] |= {"end": "end-date", "end_date": "1990-01"}
    (tmp_path / "early.yaml").write_text(yaml.safe_dump(model))
    early = ["--model", str(tmp_path / "early.yaml"), "--method", "greedy"]
    early += ["--out", str(tmp_path / "c.csv")]
    refused = CliRunner().invoke(app, ["bench", *early])
    assert refused.exit_code == 2 and "[before-horizon]" in refused.output, refused.output
    assert not (tmp_path / "c.csv").exists()
