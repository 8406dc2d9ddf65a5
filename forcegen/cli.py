"""The `forcegen` command: parses arguments, calls the library, prints, sets the exit code.

Exit codes: 0 success, 1 a plan breaks a rule (check), 2 bad input, 3 no feasible plan.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from forcegen.run import Infeasible, solve_scenario
from forcegen.scenario.docs import format_document
from forcegen.scenario.load import LoadResult, read_scenario
from forcegen.scenario.problems import Problem, ScenarioError
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.summary import scenario_summary
from forcegen.spec import ModelSpec, SolverOptions, load_spec

app = typer.Typer(
    help="Force generation and sustainment planning for security-keeping missions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
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
    model: Annotated[str, typer.Option("--model", help="Spec name in models/ or a path.")] = (
        "security-keeping"
    ),
    out_dir: Annotated[Path | None, typer.Option("--out", help="Run folder.")] = None,
) -> None:
    """The main job on a scenario: validate, summarise, solve, write and check the plan."""
    scenario, result = _load_or_exit(path)
    _print_problems(result.warnings)
    _print_summary(scenario)
    spec = _spec_or_exit(model)
    folder = out_dir or Path("runs") / scenario.settings.name
    _solve_and_write(scenario, spec, spec.solver, folder, quiet=True)


@app.command()
def solve(
    scenario_path: ScenarioPath,
    model: Annotated[str, typer.Option("--model", help="Spec name in models/ or a path.")] = (
        "security-keeping"
    ),
    out_dir: Annotated[Path, typer.Option("--out", help="Run folder to write.")] = Path(
        "runs/latest"
    ),
    time_limit: Annotated[float | None, typer.Option(help="Solver seconds.")] = None,
    gap: Annotated[float | None, typer.Option(help="Relative MIP gap to stop at.")] = None,
    threads: Annotated[int | None, typer.Option(help="Solver threads.")] = None,
    seed: Annotated[int | None, typer.Option(help="Solver random seed.")] = None,
    quiet: Annotated[bool, typer.Option(help="Hide the solver's progress log.")] = False,
) -> None:
    """Optimise a rotation plan and write the run folder. Exit 3 if no plan keeps the rules."""
    scenario, result = _load_or_exit(scenario_path)
    _print_problems(result.warnings)
    spec = _spec_or_exit(model)
    overrides = {
        k: v
        for k, v in {"time_limit": time_limit, "gap": gap, "threads": threads, "seed": seed}.items()
        if v is not None
    }
    options = spec.solver.model_copy(update=overrides)
    _solve_and_write(scenario, spec, options, out_dir, quiet)


def _spec_or_exit(model: str) -> ModelSpec:
    try:
        return load_spec(model)
    except ScenarioError as exc:
        _print_problems(exc.problems)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _solve_and_write(
    scenario: Scenario, spec: ModelSpec, options: SolverOptions, out_dir: Path, quiet: bool
) -> None:
    out.print(
        f"Solving [bold]{scenario.settings.name}[/bold] under [bold]{spec.name}[/bold] "
        f"(time limit {options.time_limit:g} s, gap {options.gap:g}, {options.threads} threads)"
    )
    try:
        run = solve_scenario(scenario, spec, options, log=None if quiet else sys.stdout)
    except Infeasible as exc:
        err.print("[red]No plan keeps every hard rule.[/red] What conflicts:")
        for line in exc.diagnosis:
            err.print(f"  {escape(line)}", highlight=False)
        raise typer.Exit(EXIT_INFEASIBLE) from None
    run.write(out_dir)
    _print_kpis(run.plan.kpis)
    out.print(f"Plan written to [bold]{out_dir}[/bold]")


def _print_kpis(kpis: dict[str, Any]) -> None:
    table = Table(title="Plan summary", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    gap = kpis["gap"]
    handed = {r: m for r, m in kpis["handover"].items() if m}
    rows = [
        (
            "solver",
            f"{kpis['termination']}, solution {kpis['solution']}, "
            f"gap {'-' if gap is None else f'{gap:.2%}'}, "
            f"{kpis['wall_seconds']:.1f} s",
        ),
        (
            "tours",
            f"{kpis['tours']} by {len(kpis['nations'])} nations ({', '.join(kpis['nations'])})",
        ),
        (
            "shortfall",
            f"{kpis['total_shortfall']:,.0f} effective person-months "
            f"({kpis['total_shortfall'] / kpis['demand']:.1%} of demand), "
            f"peak {kpis['peak_shortfall']:,.0f} in {kpis['peak_shortfall_month'] or '-'}"
            if kpis["demand"]
            else "no demand",
        ),
        ("cost", f"{kpis['cost']:,.0f} (international {kpis['international_cost']:,.0f})"),
        ("reserve share", f"{kpis['reserve_share']:.1%} of person-months"),
        ("domestic force", f"{kpis['final_domestic_strength']:,.0f} trained at the end"),
        (
            "handed over",
            f"{len(handed)} of {len(kpis['handover'])} regions"
            + (
                ": " + ", ".join(f"{r} {m}" for r, m in sorted(handed.items(), key=lambda x: x[1]))
                if handed
                else ""
            ),
        ),
    ]
    for label, value in rows:
        table.add_row(label, value)
    out.print(table)
