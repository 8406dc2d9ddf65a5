"""The `forcegen` command: parses arguments, calls the library, prints, sets the exit code.

Exit codes: 0 success, 1 a plan breaks a rule (check), 2 bad input, 3 no feasible plan.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from forcegen.scenario.docs import format_document
from forcegen.scenario.load import LoadResult, read_scenario
from forcegen.scenario.problems import Problem
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.summary import scenario_summary

app = typer.Typer(
    help="Force generation and sustainment planning for security-keeping missions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

EXIT_BAD_INPUT = 2
ScenarioPath = Annotated[Path, typer.Argument(help="Scenario folder or .xlsx workbook.")]


def _print_problems(problems: list[Problem]) -> None:
    """One line per problem, errors first: greppable, and readable in a narrow terminal."""
    for severity, style in (("error", "red"), ("warning", "yellow")):
        group = [p for p in problems if p.severity == severity]
        if group:
            err.print(f"[{style}]{len(group)} {severity}(s):[/{style}]")
        for problem in group:
            err.print(f"  [{style}]{severity}[/{style}] {escape(str(problem))}", highlight=False)


def _load_or_exit(path: Path) -> tuple[Scenario, LoadResult]:
    result = read_scenario(path)
    if result.scenario is None:
        _print_problems(result.problems)
        err.print(f"[red]{path}: {len(result.errors)} error(s); nothing was run.[/red]")
        raise typer.Exit(EXIT_BAD_INPUT)
    return result.scenario, result


def _print_summary(scenario: Scenario) -> None:
    table = Table(title=f"Scenario {scenario.settings.name}", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for label, value in scenario_summary(scenario):
        table.add_row(label, value)
    out.print(table)


@app.command()
def validate(path: ScenarioPath) -> None:
    """Check a scenario and list every problem (file, row, column, rule). Exit 2 if invalid."""
    result = read_scenario(path)
    _print_problems(result.problems)
    if result.scenario is None:
        err.print(f"[red]{path}: invalid, {len(result.errors)} error(s).[/red]")
        raise typer.Exit(EXIT_BAD_INPUT)
    out.print(f"[green]{path}: valid[/green] ({len(result.warnings)} warning(s)).")


@app.command()
def summary(path: ScenarioPath) -> None:
    """Validate a scenario and print its size, coalition and demand."""
    scenario, result = _load_or_exit(path)
    _print_problems(result.warnings)
    _print_summary(scenario)


@app.command()
def convert(
    source: ScenarioPath,
    target: Annotated[Path, typer.Argument(help="A folder, or a path ending in .xlsx.")],
) -> None:
    """Convert a scenario between a folder of CSV files and one Excel workbook."""
    scenario, _ = _load_or_exit(source)
    if target.suffix.lower() == ".xlsx":
        scenario.to_workbook(target)
    else:
        scenario.to_folder(target)
    out.print(f"wrote {target}")


@app.command("format-doc")
def format_doc(
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write here instead of printing.")
    ] = None,
) -> None:
    """Print the scenario format document, generated from the schema."""
    text = format_document()
    if out_file is None:
        out.print(text, markup=False, highlight=False)
    else:
        out_file.write_text(text + "\n", encoding="utf-8")


@app.command()
def demo(
    path: ScenarioPath = Path("data/timor-leste-1999"),
) -> None:
    """The main job on a scenario: validate it and summarise it."""
    scenario, result = _load_or_exit(path)
    _print_problems(result.warnings)
    _print_summary(scenario)
