"""The `forcegen` command: parses arguments, calls the library, prints, sets the exit code.

Exit codes: 0 success, 1 a plan breaks a rule (check), 2 bad input (for check and evaluate
a plan that is none of the scenario's: unreadable, or a row naming what it does not have or
starting outside its horizon), 3 no plan (none keeps the rules, or the solver stopped
without one).
"""

from __future__ import annotations

import errno
import inspect
import io
import logging
import os
import re
import signal
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import replace
from functools import partial
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Annotated, Any, NoReturn, TextIO

import pandas as pd
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from typer.core import TyperCommand, TyperGroup, TyperOption

from forcegen import __version__
from forcegen.bench import METHODS, MethodDied, run_bench
from forcegen.checker import SOFT_BREACHES, CheckReport, check_plan, plan_input_problems
from forcegen.checker.rules import Violation, in_runs
from forcegen.command import INTERRUPTED
from forcegen.diagnose import FAILED, set_by_share
from forcegen.evaluate import (
    WRITTEN,
    EditedRow,
    Planner,
    WorkedOut,
    evaluate_plan,
    hand_made_problems,
    not_read,
    plan_folder,
    plan_path_problems,
    planner_rows,
    planners_sheets,
    sheets_edited,
    staged_run,
    workbook_model,
    worked_out_as,
)
from forcegen.fileformat import (
    ASSIGNMENTS,
    DOMESTIC_PART,
    INFEASIBLE_FILE,
    MODEL_SHEET,
    PLAN_FILES,
    REPLAN,
    WORKED_OUT_FILES,
    chosen,
    forced,
    parse_assignments,
    parse_tables,
    read_record,
)
from forcegen.fileio import (
    PUT_IN_PLACE_AS_STOPPED,
    PartlyRestored,
    atomic_folder,
    changed_since_written,
    foreign_folder,
    holds,
    output_problem,
    safe_name,
    spreadsheet_lock,
    stamp,
    stamp_of,
    write_text_atomic,
)
from forcegen.formatdoc import format_document
from forcegen.months import add_months, parse_month
from forcegen.plan import RUN_MARKER, WORKBOOK
from forcegen.plots import FIGURES, STATIC, nation_views, save_static
from forcegen.replan.apply import Located, changed_scenario
from forcegen.replan.replan import Replan, before_its_events, read_setting, replan
from forcegen.replan.resilience import MARKERS as RESILIENCE_MARKERS
from forcegen.replan.resilience import (
    NOMINAL,
    NoRecourse,
    Resilience,
    alike,
    gone_before,
    joining_late,
    partners,
    plain_and_resilient,
)
from forcegen.replan.rolling import (
    MARKERS,
    Unfinished,
    comparison,
    full_horizon,
    myopia,
    rolling_plan,
    write_rolling,
    write_unfinished,
)
from forcegen.report import (
    REDEPLOYED,
    Verdict,
    model_sheet,
    redeployments_said,
    render,
    replan_sheets,
    shortfall_ahead,
    write_workbook,
)
from forcegen.run import Infeasible, NoPlan, Run, solve_scenario
from forcegen.scenario.events import Events, load_events
from forcegen.scenario.generate import SIZES, generate_scenario
from forcegen.scenario.load import (
    LoadResult,
    files_of_its_own,
    read_scenario,
)
from forcegen.scenario.overwrite import named_as_a_file, over_a_scenario
from forcegen.scenario.problems import (
    Problem,
    ScenarioError,
    did_you_mean,
    errors,
    validation_problem,
)
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import MAX_MONTHS, SETTINGS_FILE
from forcegen.scenario.summary import scenario_summary
from forcegen.scenario.write import SCENARIO_FILES
from forcegen.shown import kpi_shown, shortened
from forcegen.spec import (
    MODELS_DIR,
    IdleSetting,
    ModelSpec,
    SolverOptions,
    load_spec,
    model_names,
    model_warnings,
    resolve_spec_path,
    spec_label,
    spec_text,
)
from forcegen.stats import (
    EVALUATE_WORKS_THEM_OUT,
    Results,
    TablesEdited,
    a_run_folder,
    edited_tables,
    how_solved,
    idle_units,
    key_figures,
    other_scenario,
    places_apart,
    shown_change,
)
from forcegen.sweep.compare import (
    CAP,
    UNIT_LINE,
    OtherCurrency,
    beaten_by,
    compare_runs,
    comparison_figure,
    counts_whole,
    dominated_by,
    frontier_as_kept,
    frontier_figure,
    frontier_sweep,
    named_baseline,
    point_name,
    reference_beaten_by,
    run_currency,
    run_labels,
    runs_given,
    shared_units,
    unjudged_by_gaps,
    why_baseline,
)
from forcegen.sweep.runner import (
    LOCK,
    Indexed,
    OtherInputs,
    other_inputs,
    run_sweep,
    solved_once,
    sweeping,
    unreachable,
)
from forcegen.sweep.spec import (
    HASH_FILE,
    INDEX,
    REFERENCE,
    SweepSpec,
    Variant,
    inputs_hash,
    read_sweep,
)


class _EveryOptionAtOnce:
    """For a command or the group of them: arguments and options that cannot be read (a
    number that is none, one below its least, one missing, an option it does not have,
    an argument too many) are said all at once, as the project says bad input, exit 2:
    click stops at the first, in a box of its own."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        args, problems = self._known(ctx, args)
        if problems and not args and isinstance(self, TyperGroup):  # it would print its help
            _refuse(problems)
        refused: list[typer.BadParameter] = []
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        for param in params:

            def handle(
                ctx: Any,
                opts: Any,
                args: list[str],
                original: Callable[..., Any] = param.handle_parse_result,
            ) -> Any:
                try:
                    return original(ctx, opts, args)
                except typer.BadParameter as exc:
                    refused.append(exc)
                    return None, args

            # On this command's own parameters, made afresh for each call of the app.
            setattr(param, "handle_parse_result", handle)  # noqa: B010
        # Said below with the rest, where click would stop; a group's are its command's.
        extra_allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            left: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        finally:
            for param in params:
                delattr(param, "handle_parse_result")
        # Beside an unknown option, a word left over may be its value: only the option is said.
        if left and not problems and not extra_allowed:
            message = f"an argument too many: {' '.join(map(shortened, left))}"
            problems.append(Problem("the command line", None, None, "extra-argument", message))
        if refused or problems:
            read = [_option_problem(exc) for exc in refused]
            line = [*problems, *read, *_solver_values(ctx.params)]
            _refuse([*line, *_inputs_of_the_line(ctx.params)])
        return left

    def _known(self, ctx: Any, args: list[str]) -> tuple[list[str], list[Problem]]:
        """`args` without the options the command does not have or cannot read as written
        (a flag given a value, an option without its own), and a problem of each, with the
        command's options a typo may stand for: click stops at the first, and told to let
        them by takes one before an argument as the argument."""
        args = list(args)
        problems: list[Problem] = []
        while True:
            try:
                parser = self.make_parser(ctx)  # type: ignore[attr-defined]
                parser.parse_args(args=list(args))
                return args, problems
            except Exception as exc:
                kind = type(exc).__name__
                if kind not in ("NoSuchOption", "BadOptionUsage"):
                    return args, problems  # for the parse proper to say
                name = exc.option_name  # type: ignore[attr-defined]
                options = [*parser._long_opt, *parser._short_opt]
                # As written: `--bogus=4`, or short options run together (`-qz`), of which
                # the others are read still.
                before = args[: args.index("--")] if "--" in args else args
                written = [a for a in before if a.startswith(name) or _short_in(name, a)]
                if not written:
                    return args, problems
                at = args.index(written[0])
                rest = written[0].replace(name[1], "") if _short_in(name, written[0]) else "-"
                args[at : at + 1] = [rest] if rest != "-" else []
                if kind == "BadOptionUsage":
                    # A flag given a value (`--quiet=1`), an option without its own (`--out` last):
                    # said, and the options after it read still.
                    said = re.sub(r"^Option '[^']*' ", "", str(exc)).rstrip(".")
                    problems.append(Problem(name, None, None, "usage", said))
                    continue
                message = f"no such option{did_you_mean(name, options, n=3)}"
                problems.append(Problem(name, None, None, "unknown-option", message))


# The solver's options that mean the same on every command that has them (a seed may be a
# generator's): judged as a model file's solver section is.
SOLVER_VALUES = ("time_limit", "gap", "threads")


def _solver_values(given: dict[str, Any]) -> list[Problem]:
    """The problems of the solver's values read from the command line, for a command that
    exits on others of the line: a command judges them with its inputs (`_inputs_or_exit`),
    which a line it cannot read never reaches, where `--threads 0` waited for `--gap x` to
    be mended."""
    chosen = {k: given[k] for k in SOLVER_VALUES if given.get(k) is not None}
    problems: list[Problem] = []
    _solver_options(SolverOptions(), chosen, problems)
    return problems


def _inputs_of_the_line(given: dict[str, Any]) -> list[Problem]:
    """The problems of the inputs a command line names and could read (its scenario, a
    sweep file's scenario and model, its model, a month the command reads itself), for a
    line that cannot be read otherwise: said with the line's, where they had waited for
    it to be mended (the command reads its inputs only once the line is read)."""
    found: list[Problem] = []
    scenario = None
    for name in SCENARIO_ARGUMENTS:
        if isinstance(path := given.get(name), Path):
            result, read = _scenario_read(path)
            found += read
            scenario = result.scenario
    if isinstance(path := given.get(SWEEP_ARGUMENT), Path):
        sweep, problems = read_sweep(path)  # its scenario and model judged with it
        if sweep is None:
            found += problems
    for name, option in MONTH_OPTIONS.items():
        if isinstance(month := given.get(name), str):
            _month(month, option, found)
    if isinstance(model := given.get("model"), str):
        _spec_read(model, scenario, found)
    return found


def _short_in(option: str, word: str) -> bool:
    """Whether the short `option` (`-z`) is one of those run together in `word` (`-qz`):
    letters all (`-z=3` and `-q-z` are one word, said whole)."""
    short = len(option) == 2 and option[0] == "-"
    return short and word[:1] == "-" and word[1:].isalpha() and option[1] in word[1:]


def _option_problem(exc: typer.BadParameter) -> Problem:
    """A value click could not read for an argument or option, as a problem of it."""
    param = exc.param
    if isinstance(param, TyperOption):
        name = param.opts[0]
    else:  # an argument, by its name in the command's usage line and commands.md
        name = str(getattr(param, "metavar", None) or getattr(param, "name", None) or "the line")
    # click's "Invalid value for '--units': " names the option, which the problem does.
    message = re.sub(r"^Invalid value for [^:]*: ", "", exc.format_message())
    message = message.removeprefix("Input ").rstrip(".")
    # By name: typer exports no MissingParameter, and its click is its own from 0.26 on.
    if type(exc).__name__ == "MissingParameter":
        rule = "required"
    elif "greater than" in message or "less than" in message or "range" in message:
        rule = "range"
    else:
        rule = "type"
    return Problem(str(name), None, None, rule, message)


class _Forcegen(typer.Typer):
    """The command line, which stops on SIGTERM as on Ctrl-C (a job scheduler's or
    `timeout`'s stop: each command's files staged are then taken away, as on Ctrl-C, where
    the signal's own default killed the process and left them), and says so when either
    stops a command that did not say what it kept (typer ends it with exit 130 and no
    word)."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # An earlier call's, in the same process, says nothing of this one.
        _KEPT_SAID.clear()
        _WRITTEN.clear()
        PUT_IN_PLACE_AS_STOPPED.clear()
        try:
            with _sigterm_as_ctrl_c():
                return super().__call__(*args, **kwargs)
        except OSError as exc:
            # A path given with a name past the file system's limit fails wherever it is
            # first asked of, an input's or an output's, before anything is put in place.
            if exc.errno != errno.ENAMETOOLONG:
                raise
            message = "a name in it is longer than the file system allows (255 bytes on most)"
            _print_problems(
                [Problem(shortened(str(exc.filename)), None, None, "name-too-long", message)]
            )
            err.print("[red]1 error(s); nothing was put in place.[/red]")
            raise SystemExit(EXIT_BAD_INPUT) from None
        except SystemExit as exc:
            if exc.code == EXIT_INTERRUPTED:
                # A Ctrl-C pressed again as the command ends (an impatient user) would
                # stop the exit's own closing (a sweep's cluster) in a traceback.
                for number in (signal.SIGINT, signal.SIGTERM):
                    signal.signal(number, signal.SIG_IGN)
            # A run and then its report: one folder, said once.
            written = [p for p in dict.fromkeys(_WRITTEN) if p not in PUT_IN_PLACE_AS_STOPPED]
            kept = [*PUT_IN_PLACE_AS_STOPPED, *written]
            if exc.code == EXIT_INTERRUPTED and kept and not _KEPT_SAID:
                for path in kept:
                    # A run's plan put in place, its report next: stopped before it.
                    run, reported = (path / "kpis.json").exists(), (path / "report.html").exists()
                    unreported = run and not reported
                    then = f" Its report is not: forcegen report {path} makes it." * unreported
                    when = (
                        f"after {path} was written whole"
                        if path in written
                        else f"as {path} was put in place: it was written whole before the stop"
                    )
                    err.print(f"[yellow]Interrupted {escape(when)}.{escape(then)}[/yellow]")
            elif exc.code == EXIT_INTERRUPTED and not _KEPT_SAID:
                err.print(
                    "[yellow]Interrupted: what was being written is not put in place (each "
                    "file and run folder is written whole or not at all), and what was there "
                    "before is as it was.[/yellow]"
                )
            raise


class _Command(_EveryOptionAtOnce, TyperCommand):
    """One of forcegen's commands."""

    def invoke(self, ctx: Any) -> Any:
        with warnings.catch_warnings():
            # Said with the inputs' other problems (`_inputs_or_exit`), not again as
            # Python's warning from the solve.
            warnings.simplefilter("ignore", IdleSetting)
            # Said as a warning of the run folder's (`_stale_figures`), where the command
            # reads one edited.
            warnings.simplefilter("ignore", TablesEdited)
            # openpyxl's, of what it leaves out of a workbook read (a drop-down list's
            # extension, a sheet it cannot place): printed with its site-packages path, of
            # nothing the command reads.
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            try:
                return super().invoke(ctx)
            except BrokenPipeError:
                # Printed past rich (a solve's log): click's exit 1 read as a plan that
                # breaks rules, as rich's own had (`_Console`).
                out.on_broken_pipe()
                raise  # not reached: on_broken_pipe exits


class _Commands(_EveryOptionAtOnce, TyperGroup):
    """forcegen's commands, of which one not there is said as the project says bad input,
    exit 2, where click says it in a box of its own."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:
            if type(exc).__name__ != "UsageError" or not args:
                raise
            also = did_you_mean(args[0], self.commands, n=3)
            message = f"no such command{also} (forcegen --help lists them)"
            _refuse([Problem(shortened(args[0]), None, None, "unknown-command", message)])


app = _Forcegen(
    cls=_Commands,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class _ReaderGone(io.StringIO):
    """The command's output (`stream`, and `out`'s `print`) while a long run goes on, where
    its reader going away (`| head`) stops the run as a Ctrl-C does, a KeyboardInterrupt
    the run keeps what finished for, and `went` says it: rolling's windows finished had
    been lost with no word. A StringIO for its type, as a solve's log; it keeps no text."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.went = False

    def write(self, text: str) -> int:
        try:
            self.stream.write(text)
            self.stream.flush()
        except BrokenPipeError:
            self._gone()
        return len(text)

    def print(self, text: str) -> None:
        try:
            out.print(text)
        except SystemExit as exc:  # rich's console exits where the pipe broke (`_Console`)
            if exc.code != EXIT_PIPE_CLOSED:
                raise
            self._gone()

    def _gone(self) -> NoReturn:
        self.went = True
        _output_to_nowhere()
        raise KeyboardInterrupt


class _Console(Console):
    """rich's console, but for its exit where the output's reader went away (`| head`):
    rich's 1 read as a plan that breaks rules."""

    def on_broken_pipe(self) -> None:
        _output_to_nowhere()
        raise SystemExit(EXIT_PIPE_CLOSED)


def _output_to_nowhere() -> None:
    """What is left to print, where the output's reader went away, goes nowhere, as rich
    sends it."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


out = _Console(soft_wrap=True, emoji=False)


class _NotAnError(logging.Filter):
    """Pyomo logs a component whose construction Ctrl-C or SIGTERM stopped as an ERROR
    ("Constructing component 'deployment' ... failed: KeyboardInterrupt"), which reads as
    a fault above the command's own word that it was interrupted."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.args, tuple) and "KeyboardInterrupt" in record.args)


logging.getLogger("pyomo.core").addFilter(_NotAnError())
err = _Console(stderr=True, soft_wrap=True, emoji=False)
# Commands that keep what finished when interrupted (a sweep's variants, a rolling run's
# windows) say so themselves: the command line then adds nothing.
_KEPT_SAID: list[str] = []
# What the command has put in place whole (`_whole_or_exit`): `demo` or `replan` stopped
# in its check, or `demo` in its report, had said "what was there before is as it was",
# the new plan in its folder and the earlier run's report gone with the earlier plan.
_WRITTEN: list[Path] = []


def _print_version(asked: bool) -> None:
    if asked:
        out.print(f"forcegen {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Force generation and sustainment planning for security-keeping missions."""


# What a folder output always holds (path patterns, one of which matches) and what it is.
Holds = tuple[tuple[str, ...], str]

EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_INTERRUPTED = INTERRUPTED  # as a shell reports a command ended by Ctrl-C
EXIT_PIPE_CLOSED = 141  # as a shell reports one whose output's reader went away (SIGPIPE)
# The parameters that name a command's inputs, by which they are read where the line
# cannot be (`_inputs_of_the_line`): each command's scenario, a sweep's file, and the
# months a command reads itself.
SCENARIO_ARGUMENTS = ("path", "source", "scenario_path")
SWEEP_ARGUMENT = "spec_file"
MONTH_OPTIONS = {"from_month": "--from", "announced": "--announced"}
# Not `readable`: click's own check said of an argument `path` that it is `not readable`,
# where the scenario's reading says so of the scenario, as its other problems.
_scenario_argument = partial(
    typer.Argument, help="Scenario folder or .xlsx workbook.", readable=False
)
ScenarioPath = Annotated[Path, _scenario_argument(metavar="scenario")]
ModelName = Annotated[
    str,
    typer.Option("--model", help="Spec name in models/ (forcegen models lists them) or a path."),
]
# Each solver option not given is the model spec's (its `solver:` section), and where
# the spec leaves it out SolverOptions' own.
FROM_MODEL = "default: the model's solver section, else {}"
# A sweep's: each variant's solver options are its own, else the sweep file's, else the
# model's.
SWEEP_DEFAULT = (
    "default: the sweep file's solver section, else the model's; a variant that sets "
    "its own keeps it"
)
SOLVER_DEFAULTS = SolverOptions()
SECONDS_DEFAULT = FROM_MODEL.format(f"{SOLVER_DEFAULTS.time_limit:g}")
# The model of a command that takes a run: by default the one it was solved under.
RunModelName = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="Spec name in models/ (forcegen models lists them) or a path (default: the "
        "run's model.yaml, else security-keeping).",
    ),
]
TimeLimit = Annotated[float | None, typer.Option(help=f"Solver seconds ({SECONDS_DEFAULT}).")]
# A command that solves more than once (a rolling horizon's windows, a resilience study's
# partners): the limit is each solve's.
TimeLimitPerSolve = Annotated[
    float | None, typer.Option(help=f"Solver seconds per solve ({SECONDS_DEFAULT}).")
]
MipGap = Annotated[
    float | None,
    typer.Option(help=f"Relative MIP gap to stop at ({FROM_MODEL.format(SOLVER_DEFAULTS.gap)})."),
]
# Every command that solves shows the solver's log as it goes, unless told not to.
Quiet = Annotated[
    bool,
    typer.Option(
        help="Hide the solver's progress log (a terminal is shown the solve's phase on a line)."
    ),
]


def _print_problems(problems: list[Problem]) -> None:
    """One line per problem, errors first, under one header of their counts: greppable,
    and readable in a narrow terminal. A command says its problems in one call: lists
    printed a step apart, each headed "1 warning(s):", read as one problem said twice."""
    groups = [
        (severity, style, [p for p in problems if p.severity == severity])
        for severity, style in (("error", "red"), ("warning", "yellow"))
    ]
    counts = ", ".join(f"{len(group)} {severity}(s)" for severity, _, group in groups if group)
    if not counts:
        return
    header = "red" if errors(problems) else "yellow"
    err.print(f"[{header}]{counts}:[/{header}]")
    for severity, style, group in groups:
        for problem in group:
            err.print(f"  [{style}]{severity}[/{style}] {escape(str(problem))}", highlight=False)


def _outputs_or_exit(
    *outputs: tuple[str, Path | None, bool],
    inputs: tuple[tuple[str, Path], ...] = (),
    holds: Holds | None = None,
    found: list[Problem] | None = None,
) -> None:
    """Exit 2, before any work, with `_output_problems`, if there are any."""
    _exit_if_bad(_output_problems(*outputs, inputs=inputs, holds=holds, found=found))


def _output_problems(
    *outputs: tuple[str, Path | None, bool],
    inputs: tuple[tuple[str, Path], ...] = (),
    holds: Holds | None = None,
    found: list[Problem] | None = None,
) -> list[Problem]:
    """Why an output (its option or argument, its path or None when not asked for, and
    whether it is a folder) cannot be written: it overlaps one of the command's inputs
    (what it is, its path), which writing it could overwrite, or, given what a folder
    output `holds` (what it always has, as path patterns inside it of which one matches,
    and what it is), it is a folder of other files;
    with `found`, the caller's own problems with them. A command that reads a scenario
    says these with the scenario's (`_inputs_or_exit`)."""
    problems = list(found or [])
    for name, path, folder in outputs:
        if path is None:
            continue
        if reason := output_problem(path, folder=folder):
            problems.append(Problem(name, None, None, "not-writable", reason, str(path)))
        # A run written anew takes its workbook away, and a report writes it again; rolling,
        # resilience and sweeps write runs a folder down.
        workbooks = [path / WORKBOOK, *path.glob(f"*/{WORKBOOK}")] if folder else [path]
        for workbook in workbooks:
            # A lock beside no workbook is a spreadsheet's that ended without its cleaning.
            if workbook.is_file() and (lock := spreadsheet_lock(workbook)) is not None:
                saved = "the old plan back beside the new run's tables" if folder else "it back"
                held = (
                    f"open in a spreadsheet ({lock} beside it): writing would replace it "
                    f"beneath the spreadsheet, whose next save would put {saved}; close it "
                    "first (saving any edits under a name of their own), or delete "
                    f"{lock} where no spreadsheet has it open"
                )
                problems.append(Problem(name, None, None, "open-elsewhere", held, str(workbook)))
            if (edit := _how_edited(workbook)) is None:
                continue
            how = edit[0]
            edited = (
                f"{how}, and writing would replace it: move it away first, or run it as a "
                f"plan of its own (forcegen evaluate SCENARIO {workbook} --out NEW_RUN)"
            )
            problems.append(Problem(name, None, None, "edited", edited, str(workbook)))
        # So are its tables, which a planner edits as the workbook.
        runs = (path, *path.glob("*/")) if folder else ()
        for table in (table for run in runs for table in edited_tables(run)):
            edited = (
                "changed since forcegen wrote it (a planner's edits?), and writing would "
                "replace it: move the run away first, or judge it as a plan of its own "
                f"(forcegen evaluate SCENARIO {table.parent} --out NEW_RUN)"
            )
            problems.append(Problem(name, None, None, "edited", edited, str(table)))
        overlaps = [
            Problem(name, None, None, "overwrites-input", message, str(path))
            for input_name, source in inputs
            if (message := _overlap(path, folder, source, input_name))
        ]
        if not folder and not overlaps and (owner := _whose_file(path)):
            message = f"a file of {owner}: writing would replace it; write it elsewhere"
            problems.append(Problem(name, None, None, "overwrites-its-file", message, str(path)))
        # An input's folder is a folder of other files too, and a workbook's folder holds
        # it: one mistake, said once, as the first input it overlaps.
        if folder and holds is not None and not overlaps:
            problems += _foreign_folder(name, path, *holds)
        problems += overlaps[:1]
    return problems


def _stale_figures(run_dir: Path) -> list[Problem]:
    """A warning for each table of the run folder `run_dir` a planner has changed since
    forcegen wrote it: its kpis.json, which a report shows and a re-plan compares with,
    is of the plan before the edits, and the two had contradicted each other unsaid."""
    message = (
        "changed since forcegen wrote it: the run's figures (kpis.json) are of the plan "
        f"before the edits; forcegen evaluate SCENARIO {run_dir} --out NEW_RUN works the "
        "edited plan out"
    )
    return [
        Problem(str(table), None, None, "edited", message, severity="warning")
        for table in (edited_tables(run_dir) if run_dir.is_dir() else [])
    ]


def _edited_workbook(run_dir: Path, done: str = "judged") -> list[Problem]:
    """A warning where the run folder `run_dir` holds a plan.xlsx a planner has changed:
    check and evaluate judge the folder's CSV tables (`done`: what the command does with
    them), and a planner who edited the workbook meant the plan in it, which a pass of
    the tables says nothing of."""
    if not run_dir.is_dir() or (edit := _how_edited(book := run_dir / WORKBOOK)) is None:
        return []
    how, edited = edit
    message = (
        f"{how}: {done} here are the run's CSV tables, not it; forcegen evaluate "
        f"SCENARIO {book} --out NEW_RUN judges the workbook"
    )
    if edited and set(edited) <= WRITTEN:
        # evaluate would not read them either: no pointer to it.
        message = f"{how}, which are worked out from the plan, never read"
    return [Problem(str(book), None, None, "edited", message, severity="warning")]


def _how_edited(workbook: Path) -> tuple[str, list[str]] | None:
    """How a planner has changed the workbook at `workbook` since forcegen wrote it, and
    the sheets whose values changed where its digests tell (none: sheets of the planner's
    own, or no digests), or None. A sheet of the planner's own is an edit even where the
    stamp was lost (the folder copied with `cp RUN/*`, the workbook mailed)."""
    if workbook.name == WORKBOOK and (own := planners_sheets(workbook)):
        return f"with sheets of the planner's own ({', '.join(own)})", []
    if not changed_since_written(workbook):
        return None
    edited = sheets_edited(workbook)
    if edited is None:  # written before workbooks carried their sheets' digests
        return "changed since forcegen wrote it (a planner's edits?)", []
    if not edited:
        return "changed since forcegen wrote it, though no value of it (its formatting?)", []
    return f"changed since forcegen wrote it (values on its sheets {', '.join(edited)})", edited


def _whose_file(path: Path) -> str | None:
    """The run or scenario (as said) whose own file `path` is, or None: a run's tables
    beside its kpis.json, a scenario's beside its scenario.yaml, named on the command
    line as an output or not, which no command writes as a file output (a comparison's
    table, a bench's, the format document): one that did would spoil them."""
    folder = path.parent
    if path.name in PLAN_FILES and (folder / "kpis.json").is_file():
        return f"the run in {folder}"
    if path.name in SCENARIO_FILES and (folder / SETTINGS_FILE).is_file():
        return f"the scenario in {folder}"
    if (study := STUDY_FILES.get(path.name)) and (folder / study[1]).is_file():
        return f"the {study[0]} in {folder}"
    return None


# The tables of a frontier's, a rolling horizon's and a resilience study's folder, each
# with a run that marks such a folder: written over by bench or compare, they had left
# the folder a study of another's table.
STUDY_FILES = {
    "frontier.csv": ("frontier", f"{REFERENCE}/kpis.json"),
    "frontier.html": ("frontier", f"{REFERENCE}/kpis.json"),
    "rolling.csv": ("rolling horizon", "rolling/kpis.json"),
    "resilience.csv": ("resilience study", "plan/kpis.json"),
}


def _overlap(output: Path, folder: bool, source: Path, what: str) -> str | None:
    """Why writing `output` (a `folder` or a file) could overwrite the input `source`
    (`what` it is), or None: it is the input, holds it (a run written over the folder
    its scenario is in) or is a file inside it (a table of an input run). A new folder
    inside an input folder changes none of its files."""
    written, read = output.resolve(), source.resolve()
    if written == read:
        return f"the same as {what}: writing it would overwrite that"
    if read.is_relative_to(written):
        return f"holds {what}: writing it could overwrite that"
    if not folder and written.is_relative_to(read):
        return f"inside {what}: writing it would change that"
    return None


FIGURE_SUFFIXES = {".html", ".png", ".svg", ".pdf"}
# What a run folder always holds, and what it is: a folder of other files is no place for one.
RUN_HOLDS: Holds = ((RUN_MARKER,), "run")
SCENARIO_MARKER: Holds = ((SETTINGS_FILE,), "scenario")
# A sweep's index or, stopped before it wrote one (killed), its runs, each with the hash of
# its inputs (a run that `solve` wrote has none).
SWEEP_MARKERS = (INDEX, f"*/{HASH_FILE}")
# A frontier's folder is a sweep's (its points) with its reference run, written first, and
# its table: each would replace the other's index.
FRONTIER_MARKERS = (f"{REFERENCE}/{HASH_FILE}", "frontier.csv")
# What a variant's folder holds, solved or proven infeasible: another is the user's own.
VARIANT_MARKERS = ("kpis.json", HASH_FILE, INFEASIBLE_FILE)


def _write_scenario(scenario: Scenario, path: Path) -> None:
    """A scenario written as a workbook at a path ending in .xlsx, else as a folder (a
    full disk: said, exit 2, what was there kept)."""
    with _whole_or_exit(path, "the scenario"):
        if path.suffix.lower() == ".xlsx":
            scenario.to_workbook(path)
        else:
            scenario.to_folder(path)


def _scenario_output_or_exit(
    name: str,
    path: Path,
    inputs: tuple[tuple[str, Path], ...] = (),
    found: Sequence[Problem] = (),
) -> None:
    """Exit 2, before any work, with the command's other problems `found`, where a
    scenario cannot be written at `path` (its option or argument `name`), as
    `_outputs_or_exit` judges an output against the command's `inputs`."""
    problems = [*found, *_scenario_refusals(name, path)]
    folder = path.suffix.lower() != ".xlsx"
    output = _output_problems((name, path, folder), inputs=inputs, holds=SCENARIO_MARKER)
    # An edited scenario's workbook is `over_a_scenario`'s to say: `_output_problems`
    # says a stamped workbook edited as a plan's, to be evaluated.
    _exit_if_bad([*problems, *(p for p in output if p.rule != "edited")])


def _scenario_refusals(name: str, path: Path) -> list[Problem]:
    """A problem for each reason a scenario written to `path` would be a folder named as a
    file, or lose or leave what is not a scenario's (`over_a_scenario`)."""
    found = [*named_as_a_file(path), *over_a_scenario(path)]
    return [Problem(name, None, None, rule, message, str(path)) for rule, message in found]


def _foreign_folder(name: str, path: Path, markers: tuple[str, ...], what: str) -> list[Problem]:
    """A problem if `path` is a folder of other files than a `what`'s (which holds a path
    one of `markers` matches): writing a `what` there would mix its files with them, and
    replace any of theirs that bear the name of one it writes (a report.html, a figures/
    folder)."""
    if (message := foreign_folder(path, markers, what)) is None:
        return []
    return [Problem(name, None, None, f"not-a-{what}-folder", message, str(path))]


def _their_folder(
    name: str, path: Path, markers: tuple[str, ...], theirs: str, what: str
) -> list[Problem]:
    """A problem if `path` is a `theirs`'s folder (one of `markers` matches in it), where a
    `what` would pass as its own (both write index.parquet): each would replace the
    other's index."""
    if not holds(path, markers):
        return []
    message = (
        f"holds a {theirs}, whose index a {what} written here would replace: write to a "
        f"new or empty folder, or over an earlier {what} folder"
    )
    return [Problem(name, None, None, f"not-a-{what}-folder", message, str(path))]


@contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """A job scheduler's or `timeout`'s stop (SIGTERM, to this process alone) ends what
    runs inside as a Ctrl-C does, so that what finished is kept as it is then, and what
    was being written is taken away."""
    stop = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, stop)


def _variant_folders(out_dir: Path, names: list[str]) -> list[Problem]:
    """A problem for each variant's folder in `out_dir` that holds files no run of a sweep
    writes (the user's own, which writing the variant there would take away)."""
    return [
        replace(p, message=f"{p.message} (variant {variant})")
        for variant in names
        for p in _foreign_folder("--out", out_dir / variant, VARIANT_MARKERS, "run")
    ]


def _subfolders(path: Path) -> list[Path]:
    return [p for p in path.iterdir() if p.is_dir()] if path.is_dir() else []


# A refusal before any work: its one closing line, whichever step of the command refused.
NOTHING_DONE = "nothing was run and nothing written"


def _exit_if_bad(problems: list[Problem], undone: str = NOTHING_DONE) -> list[Problem]:
    """Exit 2 with every problem, before anything is run, if any of them is an error,
    saying what that left `undone` (`_refuse`); else the warnings, for the caller to print
    where they belong."""
    if errors(problems):
        _refuse(problems, undone)
    return problems


def _refuse(problems: list[Problem], undone: str = NOTHING_DONE) -> NoReturn:
    """Exit 2 with every problem, and what bad input left `undone`."""
    _print_problems(problems)
    err.print(f"[red]{len(errors(problems))} error(s); {escape(undone)}.[/red]")
    raise typer.Exit(EXIT_BAD_INPUT)


def _load_or_exit(path: Path) -> tuple[Scenario, LoadResult]:
    result = read_scenario(path)
    _exit_if_bad(result.problems)
    assert result.scenario is not None  # a scenario without errors is loaded
    return result.scenario, result


def _run_model(model: str | None, run_dir: Path) -> tuple[str, bool]:
    """The spec given, else the run's own model.yaml, else the default; and whether it is
    the default for want of another."""
    saved = run_dir / "model.yaml"
    if model or saved.exists():
        return model or str(saved), False
    return "security-keeping", True


def _solver_options(
    base: SolverOptions, given: dict[str, Any], problems: list[Problem]
) -> SolverOptions:
    """`base` with the options `given` (None: not given), validated as a model file's are:
    a negative time limit or no threads is a problem added to `problems`, named as the
    command-line option (`--time-limit`); `base` is returned then, for the caller to exit
    on."""
    chosen = {k: v for k, v in given.items() if v is not None}
    try:
        return SolverOptions.model_validate({**base.model_dump(), **chosen})
    except ValidationError as exc:
        for e in exc.errors():
            key = str(e["loc"][0])
            problems.append(validation_problem(f"--{key.replace('_', '-')}", None, None, e))
        return base


def _inputs_or_exit(
    path: Path,
    model: str,
    problems: list[Problem],
    pending: Callable[[Scenario | None], Sequence[Problem]] | None = None,
    judge: Callable[[Scenario], list[Problem]] | None = None,
    model_label: str | None = None,
    warned: list[Problem] | None = None,
    **options: Any,
) -> tuple[Scenario, ModelSpec, SolverOptions]:
    """The scenario, the spec checked against it and the solver options with those given
    on the command line (None: not given), with the scenario's warnings printed; or exit
    2 with every problem of the three, and `problems` (the command's other options), at
    once: a bad option is not left to be found after the scenario is mended. `pending`:
    problems the command says later with more, if these inputs are sound, and now if not
    (an events file's own, which its checks against the scenario join; a plan's, judged
    against the scenario where it could be read, as a bad model leaves it). `judge`: the
    problems of the command's options against the scenario, once it is read. `model_label`:
    the name the model's problems go by, where its file is not what the planner knows.
    `warned`: a list the warnings are added to, not printed, for a command that finds more
    problems once these inputs are read, to say them all in one list."""
    result, read = _scenario_read(path)
    found = [*problems, *read]
    if judge is not None and result.scenario is not None:
        found += judge(result.scenario)
    label = model_label or spec_label(model)
    spec = _spec_read(model, result.scenario, found, label)
    if spec is not None and result.scenario is not None:
        found += model_warnings(model, spec, result.scenario, label)
    solver = _solver_options(spec.solver if spec else SolverOptions(), options, found)
    if errors(found) and pending is not None:
        found += pending(result.scenario)
    _exit_if_bad(found)
    assert result.scenario is not None and spec is not None  # else errors, and exited
    if warned is None:
        _print_problems(found)
    else:
        warned += found
    return result.scenario, spec, solver


# Validation's warnings of a window, ceiling or budget too short for a unit, which a
# re-plan's events (a withdrawal, a unit lost, a cut) write into its scenario copy as meant.
EVENTS_EFFECTS = frozenset(
    {"window-shorter-than-tour", "ceiling-below-units", "budget-below-units"}
)


def _scenario_read(path: Path) -> tuple[LoadResult, list[Problem]]:
    """The scenario at `path`, read, and its problems (one, where a run is given for it).
    A re-plan's copy (a run's `scenario`, beside its replan.yaml) is read without the
    warnings its events bring of the units and nations they name: a planner judging a
    re-plan could act on none."""
    result = read_scenario(path)
    problems = _run_given(path) or result.problems
    if path.name != "scenario" or not (path.parent / REPLAN).is_file():
        return result, problems
    try:
        events = read_record(path.parent).get("events", [])
    except ScenarioError:
        return result, problems  # said by the command that reads the run
    named = {
        str(code) for event in events if isinstance(event, dict)
        for code in (event.get("unit"), event.get("nation")) if code
    }  # fmt: skip

    def subject(p: Problem) -> str | None:
        """The unit or nation the events name that a warning of their effects is of (its
        message's first word: `PRT has 4 month(s) to serve`, `FJI's ceiling`)."""
        if p.severity != "warning" or p.rule not in EVENTS_EFFECTS:
            return None
        code = p.message.split(" ", 1)[0].removesuffix("'s")
        return code if code in named else None

    if left := sorted({code for p in problems if (code := subject(p))}):
        out.print(
            f"[dim]{path}: a re-plan's copy; the windows, ceilings and budgets its events cut "
            f"short for {', '.join(left)} are not warned of (`forcegen validate` says them)[/dim]"
        )
    return result, [p for p in problems if subject(p) is None]


def _spec_read(
    model: str, scenario: Scenario | None, found: list[Problem], label: str | None = None
) -> ModelSpec | None:
    """The model `model` names, checked against `scenario`; None, its problems (of the
    file named `label`, as `load_spec` takes it) added to `found`, where it cannot be
    read."""
    try:
        return load_spec(model, scenario, label=label)
    except ScenarioError as exc:
        found += exc.problems
        return None


def _run_given(path: Path) -> list[Problem]:
    """One problem, not a missing file per table, where a run folder is given for a
    scenario (the arguments swapped: `check RUN SCENARIO`)."""
    run = path.is_dir() and any((path / f).is_file() for f in ("kpis.json", ASSIGNMENTS))
    if not run or (path / SETTINGS_FILE).exists():
        return []
    own = path / "scenario"
    copy = f" (its own copy is {own})" if (own / SETTINGS_FILE).is_file() else ""
    # Given where the scenario goes, most often the two arguments swapped.
    message = (
        f"a run or plan folder, not a scenario{copy}: a command given both takes the "
        "scenario first, then the run"
    )
    return [Problem(str(path), None, None, "not-a-scenario", message)]


def _made_elsewhere(scenario: Scenario, run: Path, source: Path) -> list[Problem]:
    """`other_scenario`'s word that the plan in `run` was made on another scenario than
    `scenario`, read from `source`; an error, not its warning, where that is the scenario
    before a re-plan's events (`replan.before_its_events`)."""
    return before_its_events(scenario, run, source) or other_scenario(
        scenario, run, str(source), source
    )


# How a command reads a plan against a scenario: the checker's way, or evaluate's.
PlanReader = Callable[[Scenario, Path], list[Problem]]


def _plan_input(
    run: Path, scenario: Scenario | None, source: Path, read: PlanReader = plan_input_problems
) -> list[Problem]:
    """What makes the plan in the folder `run` no plan of `scenario` read from `source`
    (an unknown unit, a start outside the horizon; a plan made on another scenario, as
    one problem), as `read` finds it (the checker's reading, or evaluate's): said with a
    model's problems, which leave the plan unjudged. Without the scenario (it has
    problems of its own), what no scenario is needed to see (a start that is no month, a
    number column of text, a file that cannot be read). Before, each was said only after
    the others were mended."""
    if not run.is_dir():
        # The plan that is not there, or a file (`plan-path`); a workbook is said as the
        # command's own problem (`_workbook_given`).
        return [] if run.suffix.lower() == ".xlsx" else parse_assignments(run)[1]
    if (run / SETTINGS_FILE).exists():
        return []  # a scenario's (the arguments swapped): the command's own problem
    if scenario is None:
        return _in_folder(run, errors(parse_assignments(run)[1]) + parse_tables(run)[1])
    if elsewhere := errors(_made_elsewhere(scenario, run, source)):
        return elsewhere
    return _in_folder(run, read(scenario, run))


# The files of a plan's folder, named by their names alone where they are read.
_FOLDER_FILES = frozenset({*PLAN_FILES, REPLAN})


def _in_folder(folder: Path, problems: list[Problem], elsewhere: str = "") -> list[Problem]:
    """`problems` with a file of the plan's folder named in `folder`, as its user gave it
    (`H2/assignments.csv`): the name alone read as a file of the working folder, which
    may hold several runs. `elsewhere`: a file read from elsewhere with them, as its
    problems name it (an events file given as `replan.yaml`), left as it is."""
    ours = _FOLDER_FILES - {elsewhere}
    return [replace(p, file=str(folder / p.file)) if p.file in ours else p for p in problems]


def _hand_made_input(plan: Path, scenario: Scenario | None, source: Path) -> list[Problem]:
    """`_plan_input` of a hand-made plan as evaluate reads it, a folder or a workbook
    (each problem at its sheet)."""
    if plan_path_problems(plan) or (plan / SETTINGS_FILE).exists():
        return []  # said as the command's own problem (a scenario's: the arguments swapped)
    try:
        with plan_folder(plan) as folder:
            if scenario is None:
                found = hand_made_problems(None, folder)
            else:
                found = _plan_input(folder, scenario, source, hand_made_problems)
            if found:
                raise ScenarioError(found)  # named at the workbook's sheets on its way out
    except ScenarioError as exc:
        return errors(exc.problems)
    return []


def _workbook_given(path: Path, scenario_path: Path) -> list[Problem]:
    """One problem where a workbook is given for a run folder: a plan.xlsx's tables are
    worked out and checked by evaluate, which writes the run this command takes."""
    if path.suffix.lower() != ".xlsx" or path.is_dir():
        return []
    message = (
        f"a workbook, not a run folder: `forcegen evaluate {scenario_path} {path} --out RUN`"
        " checks a plan.xlsx and writes the run folder"
    )
    return [Problem(str(path), None, None, "not-a-run", message)]


@contextmanager
def _plan_or_exit(what: str = "plan") -> Iterator[None]:
    """A solve that ends without a plan (rules in conflict, or the solver stopped first)
    is a message and exit 3, not a traceback."""
    try:
        yield
    except Infeasible as exc:
        err.print(f"[red]No {what} keeps every hard rule.[/red] What conflicts:")
        for line in exc.diagnosis:
            err.print(f"  {escape(line)}", highlight=False)
        # As where the solver stopped without a plan: the planner asks after their --out.
        err.print("Nothing was written.")
        raise typer.Exit(EXIT_INFEASIBLE) from None
    except NoPlan as exc:
        err.print(f"[red]No {what}: {escape(str(exc))}.[/red] Nothing was written.")
        raise typer.Exit(EXIT_INFEASIBLE) from None


@contextmanager
def _whole_or_exit(path: Path, what: str) -> Iterator[None]:
    """A block that stages `what` for `path`, a folder or a file (`atomic_folder`,
    `atomic_file`), and fails, reading the staged run (ScenarioError) or writing it (a
    full disk, a value a workbook cannot hold), is a message and exit 2, not a traceback:
    nothing of it was put in place. Any other failure is forcegen's own, and its traceback
    is kept for the bug report."""
    kept = f"none of {what} was put in place in {path}"
    try:
        yield
    except typer.Exit:
        raise
    except ScenarioError as exc:
        _refuse(exc.problems, kept)
    except (OSError, ValueError) as exc:
        # Closed as every refusal is, with what it left undone: the reason alone had
        # ended the output with no line that the command stopped.
        if isinstance(exc, PartlyRestored):
            reason = f"{what} could not be written, nor {path} made as it was: {exc}"
            kept = f"{path} is not as it was: the error says which of its files are where"
        else:
            reason = f"{what} could not be made or written ({type(exc).__name__}: {exc})"
        if isinstance(exc, PermissionError):
            reason += " (is one of its files open in another program, a spreadsheet?)"
        _refuse([Problem(str(path), None, None, "not-written", reason)], kept)
    _WRITTEN.append(path)


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
    source: Annotated[Path, _scenario_argument(metavar="source")],
    target: Annotated[Path, typer.Argument(help="A folder, or a path ending in .xlsx.")],
) -> None:
    """Convert a scenario between a folder of CSV files and one Excel workbook."""
    inside: list[Problem] = []
    written, read = target.resolve(), source.resolve()
    if source.is_dir() and target.suffix.lower() != ".xlsx" and read in written.parents:
        # As a workbook there is (`_overlap`): a scenario's folder inside its source would
        # be a folder of its own in it, the source no longer one to write a scenario over.
        message = "inside SOURCE: writing it would change that"
        inside.append(Problem("TARGET", None, None, "overwrites-input", message, str(target)))
    _scenario_output_or_exit("TARGET", target, inputs=(("SOURCE", source),), found=inside)
    scenario, loaded = _load_or_exit(source)
    # What is not the scenario's (a notes sheet, a misspelt budget.csv) is not carried over.
    _print_problems(loaded.problems)
    _write_scenario(scenario, target)
    out.print(f"wrote {target}")
    # Said, since a planner mailing the workbook may take it for the whole folder.
    if source.is_dir() and (left := files_of_its_own(source)):
        out.print(f"not carried over, being no part of the scenario: {', '.join(left)}")


@app.command("format-doc")
def format_doc(
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write here instead of printing.")
    ] = None,
) -> None:
    """Print the scenario and model formats (docs/format.md), generated from the schema."""
    named = [] if out_file is None else _named_as("--out", out_file, "Markdown", ".md")
    _outputs_or_exit(("--out", out_file, False), found=named)
    text = format_document()
    if out_file is None:
        out.print(text, markup=False, highlight=False)
    else:
        with _whole_or_exit(out_file, "the format document"):
            write_text_atomic(out_file, text + "\n")


@app.command()
def models(
    model: Annotated[
        str | None,
        typer.Argument(help="A model's name in models/, or a model file, to check and show."),
    ] = None,
) -> None:
    """List the models --model takes by name; or check one and show its every key."""
    if model is None:
        names = model_names()
        said = f"Models in {MODELS_DIR} (--model NAME, or the path of a copy edited):"
        out.print(said, markup=False, highlight=False)
        for name in names:
            try:
                described = " ".join(load_spec(name).description.split())
            except ScenarioError as exc:
                described = f"unreadable, {len(errors(exc.problems))} error(s)"
            shown = f"  {name:{max(map(len, names))}}  {described}"
            out.print(shown, markup=False, highlight=False)
        out.print("`forcegen models NAME` checks one and shows its every key.", markup=False)
        return
    found: list[Problem] = []
    spec = _spec_read(model, None, found)
    _exit_if_bad(found)
    assert spec is not None  # else errors, and exited
    # A comment, so that what is shown is itself a model file to copy.
    said = f"# {resolve_spec_path(model)}, with every key left out at its default\n"
    out.print(said + spec_text(spec), markup=False, highlight=False, end="")


# The bundled scenario, as the checkout and the README name it.
EXAMPLE = Path("data/timor-leste-1999")


def _bundled(example: Path) -> Path:
    """`example` in the working folder where it is there, else the checkout's: the
    demo's default had worked only from the checkout's own folder."""
    checkout = Path(__file__).resolve().parent.parent / example
    return example if example.exists() or not checkout.exists() else checkout


@app.command()
def demo(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario folder or .xlsx workbook (default: data/timor-leste-1999, the "
            "checkout's where the working folder has none).",
            show_default=False,
            metavar="scenario",
        ),
    ] = None,
    model: ModelName = "security-keeping",
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Run folder (default: runs/<the scenario's name>)."),
    ] = None,
    time_limit: TimeLimit = None,
) -> None:
    """The main job on a scenario: validate, summarise, solve, write, check and report the plan."""
    path = path or _bundled(EXAMPLE)
    scenario, spec, options = _inputs_or_exit(path, model, [], time_limit=time_limit)
    _print_summary(scenario)
    # A folder of runs/ whatever the name says: `../x` or `/tmp/x` had put it there.
    folder = out_dir or Path("runs") / (safe_name(scenario.settings.name).lstrip(".") or "run")
    _outputs_or_exit(("--out", folder, True), inputs=(("the scenario", path),), holds=RUN_HOLDS)
    run = _solve_and_write(scenario, spec, options, folder, quiet=True)
    out.print("The independent checker's verdict on the plan:")
    _judged_and_reported(scenario, spec, folder)
    _ended_as_interrupted(run, folder)


@app.command()
def solve(
    scenario_path: ScenarioPath,
    model: ModelName = "security-keeping",
    out_dir: Annotated[Path, typer.Option("--out", help="Run folder to write.")] = Path(
        "runs/latest"
    ),
    time_limit: TimeLimit = None,
    gap: MipGap = None,
    threads: Annotated[
        int | None,
        typer.Option(help=f"Solver threads ({FROM_MODEL.format(SOLVER_DEFAULTS.threads)})."),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(help=f"Solver random seed ({FROM_MODEL.format(SOLVER_DEFAULTS.seed)})."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            help="Share of the time limit improving the warm start window by window, 0 to 1 "
            f"(1: all), or auto ({FROM_MODEL.format(SOLVER_DEFAULTS.search)}).",
        ),
    ] = None,
    quiet: Quiet = False,
) -> None:
    """Optimise a rotation plan; write the run folder, checked, with its report.

    Exit 1 if the checker finds a rule broken, 2 on bad input (nothing solved or written),
    3 if no plan keeps the rules."""
    unwritable = _output_problems(
        ("--out", out_dir, True), inputs=(("the scenario", scenario_path),), holds=RUN_HOLDS
    )
    share: float | str | None = search
    if search is not None:
        with suppress(ValueError):  # a number, else "auto" or what the spec will refuse
            share = float(search)
    scenario, spec, options = _inputs_or_exit(
        scenario_path,
        model,
        unwritable,
        time_limit=time_limit,
        gap=gap,
        threads=threads,
        seed=seed,
        search=share,
    )
    run = _solve_and_write(scenario, spec, options, out_dir, quiet)
    out.print("The independent checker's verdict on the plan:")
    _judged_and_reported(scenario, spec, out_dir)
    _ended_as_interrupted(run, out_dir)


def _solve_and_write(
    scenario: Scenario, spec: ModelSpec, options: SolverOptions, out_dir: Path, quiet: bool
) -> Run:
    """Solve and write the run, a Ctrl-C's best plan by then too (a planner who stops a
    long solve keeps what it found: `_ended_as_interrupted`)."""
    threads = f"{options.threads} thread{'s' if options.threads > 1 else ''}"
    out.print(
        f"Solving [bold]{scenario.settings.name}[/bold] under [bold]{spec.name}[/bold] "
        f"(time limit {options.time_limit:g} s, gap {options.gap:g}, {threads})"
    )
    with _plan_or_exit(), _solve_log(quiet) as log:
        run = solve_scenario(scenario, spec, options, log=log, keep_interrupted=True)
    with _whole_or_exit(out_dir, "the run"):  # a full disk: said, the old run kept
        run.write(out_dir)
    _print_kpis(run.plan.kpis, scenario)
    out.print(f"Plan written to [bold]{out_dir}[/bold]")
    return run


def _ended_as_interrupted(run: Run, out_dir: Path) -> None:
    """A solve a Ctrl-C ended exits as interrupted (130), once its plan is written,
    checked and reported: a script sees that the plan is not the solve it asked for."""
    if run.result.termination == "interrupted":
        err.print(
            f"[yellow]Interrupted in the solve: its best plan by then is written whole to "
            f"{escape(str(out_dir))}, checked and reported above.[/yellow]"
        )
        _KEPT_SAID.append("solve")
        raise SystemExit(EXIT_INTERRUPTED)


@contextmanager
def _solve_log(quiet: bool) -> Iterator[TextIO | None]:
    """Where a command's solves write their log: the terminal, or, `quiet`, a line of the
    phase the solve is in beside a spinner and the time so far (`_Phases`), gone when the
    block ends; nowhere where the output is no terminal (rich's progress, stopped, left a
    blank line in a log or a pipe)."""
    if not quiet:
        yield sys.stdout
        return
    if not out.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=out, transient=True) as progress:
        yield _Phases(partial(progress.update, progress.add_task("Solving", total=None)))


class _Phases(io.StringIO):
    """A quiet solve's log, only its phases said (`say`, as a task's description), each
    as it begins: `build: ...`, `search: ...`, and branch-and-bound where HiGHS says it
    begins; demo's minute of solving (12 s of it the build) had passed without a word, and
    a quiet resilience run's solve of each partner's withdrawal.
    Shown beside a spinner and the time on a terminal, and nowhere else; a StringIO as the
    solve's log is a text stream, though it keeps none of the text."""

    def __init__(self, say: Callable[..., object]) -> None:
        super().__init__()
        self.say = say
        self.partial = ""  # a line written in pieces, until its end

    def write(self, text: str) -> int:
        *lines, self.partial = (self.partial + text).split("\n")
        for line in lines:
            if re.match(r"[a-z][a-z-]*: ", line):
                phase = line
            elif line.startswith("MIP has "):  # HiGHS's first line of branch-and-bound
                phase = "branch-and-bound on the whole model"
            else:
                continue
            self.say(description=f"Solving: {escape(phase)}")
        return len(text)


def _judged_and_reported(scenario: Scenario, spec: ModelSpec, run_dir: Path) -> None:
    """The checker's verdict on the plan written to `run_dir`, said, and its report and
    workbook written there (`_write_report`); exit 1 where the plan breaks a rule, its
    report saying so too."""
    # Judged and reported once the plan is in place, each put in place whole: a report that
    # cannot be made costs the plan none of its solving, and the terminal says how to make
    # it (`forcegen report`). A solve or re-plan had left it to be asked for, where demo
    # and evaluate wrote it: the plan's figures went unseen until it was.
    report = _judge(scenario, spec, run_dir)
    _write_report(run_dir, Results.from_folder(run_dir), report, spec=spec)
    if not report.ok:
        raise typer.Exit(EXIT_VIOLATIONS)


def _figures_shown(
    frame: pd.DataFrame, kinds: dict[str, str] | None = None, apart: Sequence[str] = ()
) -> str:
    """A table of key figures at the terminal, each column's figures as `kpi_shown` shows
    those of its name (or of the key figure `kinds` names for it: a frontier's cap is a
    cost), "-" for none: in full, a cost of 1,613,423,600 and a gap of 0.009628 read as no
    other table of forcegen's shows them. The columns `apart` names are shown to the
    places at which the first's figures read apart (`places_apart`): a frontier's caps,
    which name its points, and its costs beside them, to be read against them."""
    kinds = kinds or {}
    places = places_apart(kinds.get(apart[0], apart[0]), frame[apart[0]]) if apart else None
    shown = frame.copy()
    for column in frame.columns:
        kind = kinds.get(str(column), str(column))
        series = frame[column]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            more = places if column in apart else None
            shown[column] = [_kpi(kind, value, places=more) for value in series]
    return str(shown.fillna("-").to_string(index=False))


def _adding_up(kpi: str, before: Any, after: Any, delta: Any) -> list[str]:
    """A key figure before and after and its change (a re-plan's, a rolling plan's against
    the full one's) as the report shows them, the change that of the figures shown."""
    change = shown_change(kpi, before, after, delta)
    return [_kpi(kpi, before), _kpi(kpi, after), _kpi(kpi, change, change=True)]


def _kpi(kpi: str, value: Any, change: bool = False, places: int | None = None) -> str:
    """A key figure in a terminal's table: as the report shows it, "-" for none."""
    return kpi_shown(kpi, value, change, places) or "-"


def _print_kpis(kpis: dict[str, Any], scenario: Scenario) -> None:
    """The plan's summary: its key figures as the report shows them."""
    table = Table(title="Plan summary", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for figure in key_figures(kpis, scenario):
        table.add_row(figure.label, str(figure))
    out.print(table)


@app.command()
def sweep(
    spec_file: Annotated[
        Path,
        typer.Argument(
            help="Sweep file (YAML): its scenario, model, solver, variants and grid.",
            metavar="sweep",
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for runs and the index.")],
    workers: Annotated[
        int | None,
        typer.Option(
            help="Run on a local Dask cluster of this many workers (default: one variant "
            "after another, without Dask).",
            min=1,
        ),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Run on the Dask cluster at this scheduler address.")
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(help=f"Solver seconds per variant ({SWEEP_DEFAULT}).", show_default=False),
    ] = None,
    gap: Annotated[
        float | None,
        typer.Option(help=f"Relative MIP gap to stop at ({SWEEP_DEFAULT}).", show_default=False),
    ] = None,
) -> None:
    """Run every variant of a sweep; write one run per variant and index.parquet.

    Run again into the same --out, it solves no variant already solved (or proven
    infeasible) there with the same inputs (solver options too)."""
    # A sweep file is refused for its errors alone; its warnings are said before any run.
    read, said = read_sweep(spec_file)
    options = {"time_limit": time_limit, "gap": gap}
    given = {key: value for key, value in options.items() if value is not None}
    _solver_options(SolverOptions(), given, said)
    warned = _exit_if_bad(said)  # said with the folder's problems and the options'
    assert read is not None  # else errors, and exited
    # As if written in the sweep file's solver: (the model's left under it), for every
    # variant but one that sets its own: that is what it varies.
    spec = read.model_copy(update={"solver": {**read.solver, **given}})
    inputs = (("the sweep's scenario", spec.scenario), ("the sweep file", spec_file))
    both = []
    if workers is not None and scheduler is not None:
        message = "give one of --workers (a local cluster) and --scheduler (yours)"
        both.append(Problem("--workers", None, None, "conflict", message, str(workers)))
    if scheduler is not None:
        # Reached only where it is the one cluster given: with --workers, which to drop is
        # the problem.
        both += _scheduler_problems(scheduler, reach=workers is None)
    # read_sweep judged every variant against the scenario and model: none fails for its
    # inputs one solve after another.
    variants = spec.expand()
    names = [variant.name for variant in variants]
    # A sweep may name a variant as a frontier's reference: its own then, not the mark.
    marks = FRONTIER_MARKERS if REFERENCE not in names else FRONTIER_MARKERS[1:]
    both += _their_folder("--out", out_dir, marks, "frontier", "sweep")
    both += _variant_folders(out_dir, names)
    _outputs_or_exit(
        ("--out", out_dir, True),
        inputs=inputs,
        holds=None if _killed_sweep(out_dir) else (SWEEP_MARKERS, "sweep"),
        found=[*warned, *both],
    )
    solved_again = _solved_again(out_dir, other_inputs(spec, out_dir))
    _print_problems([*warned, *_options_of_its_own(variants, given), *solved_again])
    with _held_or_exit(out_dir):
        index = _run_variants(spec, out_dir, f"sweep {spec.name}", workers, scheduler)
    counts = ", ".join(f"{n} {status}" for status, n in index["status"].value_counts().items())
    reused = int(index["reused"].fillna(False).sum())
    again = f" ({reused} as found before with the same inputs, not solved again)" if reused else ""
    noun = "variant" if len(index) == 1 else "variants"
    out.print(f"{len(index)} {noun}: {counts}{again}. Index: {out_dir / INDEX}")
    _print_problems(_not_in_index(out_dir, index))
    _exit_if_unsolved(index)


def _options_of_its_own(variants: list[Variant], given: dict[str, Any]) -> list[Problem]:
    """A warning for each solver option `given` on the command line that variants set
    themselves, naming them: solved under their own, the option is not theirs."""
    problems = []
    for key in given:
        own = [variant.name for variant in variants if f"solver.{key}" in variant.set]
        if not own:
            continue
        message = (
            f"{own[0]} sets solver.{key} itself, and is solved under it"
            if len(own) == 1
            else f"{len(own)} variants set solver.{key} themselves, and are solved under "
            f"their own: {', '.join(own)}"
        )
        option = f"--{key.replace('_', '-')}"
        problems.append(Problem(option, None, None, "set-by-variant", message, severity="warning"))
    return problems


def _solved_again(out_dir: Path, found: list[OtherInputs]) -> list[Problem]:
    """A warning naming the runs in `out_dir` of other inputs than their variants' now,
    by what differs (`OtherInputs`): each is solved again, its run replaced, which the
    user would not otherwise know until it was gone (--time-limit given anew, the sweep
    file's solver: edited, the scenario or model edited since)."""
    if not found:
        return []
    parts = []
    if solver := [other for other in found if other.solver]:
        changed = [
            f"{other.variant} ("
            + "; ".join(
                f"{key} {_option_text(then)}, now {_option_text(now)}"
                for key, then, now in other.solver
            )
            + ")"
            for other in solver
        ]
        parts.append(f"{len(solver)} of other solver options: {', '.join(changed)}")
    groups = {
        "another scenario (its files edited since, or the variant's values)": [
            other.variant for other in found if other.scenario
        ],
        "another model (its file edited since, or the variant's values)": [
            other.variant for other in found if other.model
        ],
        "inputs their copies in the run do not show (forcegen's rules since, a hash spoilt)": [
            other.variant for other in found if not (other.solver or other.scenario or other.model)
        ],
    }
    parts += [
        f"{len(names)} of {what}: {', '.join(names)}" for what, names in groups.items() if names
    ]
    message = (
        f"{len(found)} run(s) in {out_dir} of other inputs, solved again and replaced (a "
        "run's inputs are its scenario, model and solver options; another --out keeps "
        "them): " + "; ".join(parts)
    )
    return [Problem("--out", None, None, "solved-again", message, severity="warning")]


def _option_text(value: Any) -> str:
    """A solver option as given (5, not 5.0)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _killed_sweep(folder: Path) -> bool:
    """Whether `folder` is a sweep's killed before it wrote its first run's hash: its lock,
    and nothing but runs (a folder of the user's own files that a sweep once held, from
    Python, is none)."""
    seen = [entry for entry in folder.glob("*") if not entry.name.startswith(".")]
    return (
        (folder / LOCK).is_file()
        and bool(seen)
        and all((entry / RUN_MARKER).is_file() for entry in seen)
    )


def _share(given: str) -> float | None:
    """A frontier's share as given in --shares, or None where it is no number above 0."""
    try:
        share = float(given)
    except ValueError:
        return None
    return share if 0 < share < float("inf") else None


@contextmanager
def _held_or_exit(out_dir: Path) -> Iterator[None]:
    """The sweep's folder held by this command while it runs (`sweeping`); exit 2 where
    another sweep or frontier holds it, before anything is solved (it had been a
    traceback, exit 1)."""
    with ExitStack() as stack:
        try:
            stack.enter_context(sweeping(out_dir))
        except ScenarioError as exc:
            _refuse(exc.problems)
        yield


def _run_variants(
    spec: SweepSpec,
    out_dir: Path,
    label: str,
    workers: int | None = None,
    scheduler: str | None = None,
    set_by: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """`run_sweep`, each variant's figures (or why it has none) said as it ends; stopped
    by Ctrl-C or SIGTERM, exit 130 with the finished variants indexed."""
    with Progress(console=out) as progress:
        task = progress.add_task(label, total=len(spec.expand()))

        def advance(row: dict[str, Any]) -> None:
            progress.advance(task)
            # A variant found before (its run of the same inputs, or proof of no plan) is
            # said so: its line read as solved now, the summary's count alone said it.
            found = row.get("reused") is True
            name = escape(row["variant"]) + (" (found before)" if found else "")
            if row["status"] in {"failed", "infeasible"}:
                progress.console.print(
                    f"[yellow]{name}: {row['status']}[/yellow] {escape(str(row.get('error', '')))}"
                )
            else:  # each variant's figures as it ends, not only a bar moving
                gap, broken = row.get("gap"), row.get("soft_breaches")
                soft = f", [yellow]soft rules broken: {escape(broken)}[/yellow]" if broken else ""
                shortfall = _kpi("total_shortfall", row["total_shortfall"])
                # In the currency of the variant's own scenario, which a sweep may set.
                cost = " ".join(
                    [_kpi("cost", row["cost"]), run_currency(out_dir / row["folder"])]
                ).strip()
                progress.console.print(
                    f"{name}: {row['status']}, shortfall {shortfall}, "
                    # A frontier caps the tours' cost alone: the domestic force's is apart.
                    f"cost {cost} "
                    f"({_kpi('cost', row['international_cost'])} of tours), "
                    + (
                        "no proven gap (its solver.log says why)"
                        if gap is None or pd.isna(gap)
                        else f"gap {gap:.2%}"
                    )
                    + soft
                )

        # The variants running stopped, the finished ones indexed.
        try:
            # Said already: a sweep file's as read, a frontier's as its scenario was.
            return run_sweep(
                spec,
                out_dir,
                workers=workers,
                scheduler=scheduler,
                progress=advance,
                warn=False,
                set_by=set_by,
            )
        except KeyboardInterrupt as stopped:
            kind = label.split()[0]
            # Stopped before the sweep's folder was its own (its scenario being read), it
            # wrote no index: an earlier sweep's, if any, is as it was.
            said = (
                f"Interrupted: {out_dir / INDEX} lists the variants finished, and the rest "
                f"as not-run; the same command resumes the {kind}"
                if isinstance(stopped, Indexed)
                else f"Interrupted before any variant ran: {out_dir / INDEX} is not written; "
                f"the same command runs the {kind}"
            )
            err.print(f"[yellow]{said}.[/yellow]")
            _KEPT_SAID.append(label)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except SystemExit as gone:
            # The output's reader gone (`| head`): the sweep stopped as at a Ctrl-C, its
            # index written, which the terminal, still there on stderr, had not been told.
            if gone.code == EXIT_PIPE_CLOSED:
                err.print(
                    f"[yellow]The output's reader went away: {out_dir / INDEX} lists the "
                    "variants finished, and the rest as not-run; the same command resumes the "
                    f"{label.split()[0]}.[/yellow]"
                )
            raise
        except OSError as exc:
            # The scheduler's connection lost as the sweep ran (judged reachable before it):
            # not another OSError of the sweep's, a full disk, which had been said as an
            # unreachable scheduler.
            comm = isinstance(exc, ConnectionError | TimeoutError)
            if scheduler is None or not (comm or type(exc).__module__.startswith("distributed")):
                raise
            why = (
                f"the scheduler stopped answering as the {label.split()[0]} ran ({exc}); the "
                "variants finished are in their run folders, which the same command reuses"
            )
            _print_problems([Problem("--scheduler", None, None, "unreachable", why, scheduler)])
            raise typer.Exit(EXIT_BAD_INPUT) from None


def _exit_if_unsolved(index: pd.DataFrame) -> None:
    """Exit 3 where a variant has no plan: a script running sweeps learns it, as from
    `solve`."""
    if index["status"].isin(["failed", "infeasible"]).any():
        raise typer.Exit(EXIT_INFEASIBLE)


def _not_in_index(out_dir: Path, index: pd.DataFrame, *kept: str) -> list[Problem]:
    """A warning naming the runs in `out_dir` of variants an earlier sweep (or frontier)
    into it had and this one has not: kept, but in no index, which a reader of the index
    would not know. `kept`: run folders of its own beside the index (a frontier's
    unconstrained plan)."""
    indexed = {*index["variant"], *kept}
    others = sorted(
        run.name
        for run in _subfolders(out_dir)
        if (run / HASH_FILE).exists() and run.name not in indexed
    )
    if not others:
        return []
    message = (
        f"{len(others)} run folder(s) of variants this run has not are left as they were, "
        f"in no index: {', '.join(others)}"
    )
    return [Problem("--out", None, None, "not-in-index", message, severity="warning")]


def _scheduler_problems(address: str, reach: bool) -> list[Problem]:
    """A problem if Dask cannot parse the scheduler's address or, `reach`, where none
    answers there (`unreachable`): said before anything runs with the command's other
    problems, in seconds, where distributed's own retries had taken 44."""
    from distributed.comm.addressing import get_address_host_port  # Dask only when asked

    try:
        get_address_host_port(address)
    except ValueError as exc:
        return [Problem("--scheduler", None, None, "format", str(exc), address)]
    if reach and (why := unreachable(address)) is not None:
        return [Problem("--scheduler", None, None, "unreachable", why, address)]
    return []


@app.command()
def compare(
    runs: Annotated[list[Path], typer.Argument(help="Run folders to compare.", metavar="run")],
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="Run to take deltas against, listed or not, or a variant's name in a sweep "
            "given (default: the first run; a sweep's variant that changes nothing first)."
        ),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Also write the comparison (CSV).")
    ] = None,
    figure: Annotated[
        Path | None,
        typer.Option(
            help="Also write comparison figures: .html (self-contained), or .png, .svg, .pdf "
            "(needs Chromium)."
        ),
    ] = None,
) -> None:
    """KPIs of several runs side by side, with deltas against a baseline."""
    given = runs
    table, runs, baseline = _comparison_or_exit(runs, baseline, out_file, figure)
    # The table's title names the baseline; this line says why that run, which by default
    # may be none given first (a sweep's variant that changes nothing).
    why = "as --baseline names it" if baseline else why_baseline(given, runs)
    # Written before the table is shown: `compare ... --out F.csv | head` had stopped at
    # the closed pipe with nothing written.
    if out_file is not None:
        with _whole_or_exit(out_file, "the comparison"):
            whole = counts_whole(table, ("value", "baseline", "delta"))
            write_text_atomic(out_file, whole.to_csv(index=False))
    if figure is not None:
        with _whole_or_exit(figure, "the comparison's figure"):
            _write_comparison_figure(table, figure)
    out.print(f"[dim]the baseline: {why}[/dim]")
    _say_scenarios_compared(table, runs, baseline)
    _say_models_compared(table)
    for part in _kpis_side_by_side(table, runs, baseline):
        out.print(part)
    _say_within_gap(table, "--out's CSV")
    _say_verdicts(table, runs, baseline)
    _say_dominated(table)
    if out_file is None:
        out.print("[dim]--out FILE.csv writes every figure in full[/dim]")
    for written in (out_file, figure):
        if written is not None:
            out.print(f"wrote {written}")


def _named_as(option: str, path: Path, kind: str, suffix: str) -> list[Problem]:
    """A problem where `path` is named as another kind of file than `kind`, whose files
    end in `suffix`: CSV text in a .xlsx or a .json, or Markdown in a .xlsx, would not
    open as one."""
    if path.suffix.lower() in {"", suffix}:
        return []
    message = f"written as {kind}: name it {suffix}"
    return [Problem(option, None, None, "bad-format", message, str(path))]


def _comparison_or_exit(
    given: list[Path], baseline: Path | None, out_file: Path | None, figure: Path | None
) -> tuple[pd.DataFrame, list[Path], Path | None]:
    """The comparison (`compare_runs`) of the runs `given` names (`runs_given`: a sweep's
    folder its solved variants), those runs and the baseline's (`named_baseline`: a
    variant's name in a sweep given, its run); or exit 2 with every problem of it and of
    the outputs at once."""
    named: list[Problem] = []
    if baseline is not None:
        found, named = named_baseline(baseline, given)
        # A name of several runs is said as that alone, not as a run missing too.
        baseline = None if named else found
    runs, left_out = runs_given(given, baseline)
    problems = named + _output_problems(
        ("--out", out_file, False),
        ("--figure", figure, False),
        # A sweep's folder given is an input too, not only its variants' runs: a CSV written
        # into it is no file of the sweep's.
        inputs=(
            *((f"the run {run}", run) for run in [*runs, *([baseline] if baseline else [])]),
            *((f"the folder {path}", path) for path in given if path.is_dir()),
            # DIR/*: the sweep's folder whose entries are named one by one.
            *(
                (f"the folder {up}", up)
                for up in {p.parent for p in given}
                if (up / INDEX).is_file()
            ),
        ),
    )
    if figure is not None and figure.suffix.lower() not in FIGURE_SUFFIXES:
        message = f"a figure is written as {', '.join(sorted(FIGURE_SUFFIXES))}"
        problems.append(Problem("--figure", None, None, "bad-format", message, str(figure)))
    if out_file is not None:
        problems += _named_as("--out", out_file, "CSV", ".csv")
    problems += left_out
    table = pd.DataFrame()
    currencies: list[Problem] = []
    if not runs:
        message = "none of the runs given has a plan to compare"
        problems.append(Problem("RUN", None, None, "no-plan", message))
    else:
        try:
            with warnings.catch_warnings(record=True) as caught:
                # Said with the other problems, not as Python's warning.
                warnings.simplefilter("always", OtherCurrency)
                table = compare_runs(runs, baseline)
        except ScenarioError as exc:
            problems += exc.problems
        for warning in caught:
            if isinstance(warning.message, OtherCurrency):
                currencies.append(warning.message.problem)
            else:
                warnings.warn_explicit(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
    if errors(problems):
        _refuse(problems, "nothing was compared")
    _print_problems(left_out + currencies)
    return table, runs, baseline


def _say_scenarios_compared(table: pd.DataFrame, runs: list[Path], baseline: Path | None) -> None:
    """A warning where the runs were made on scenarios of different names; and the runs
    made on other contents of the baseline's scenario, of its name, said."""
    made_on: dict[str, list[str]] = {}
    named = dict(zip(table["run"], table["scenario"], strict=True))
    if baseline is not None and baseline.resolve() not in {run.resolve() for run in runs}:
        named[f"{baseline.name} (baseline)"] = table["baseline_scenario"].iloc[0]
    for label, name in named.items():
        made_on.setdefault(name if isinstance(name, str) else "unnamed", []).append(label)
    if len(made_on) > 1:
        runs_by_scenario = "; ".join(
            f"{name}: {', '.join(labels)}" for name, labels in made_on.items()
        )
        message = f"the runs were made on different scenarios ({runs_by_scenario})"
        _print_problems(
            [Problem("kpis.json", None, "scenario", "other-scenario", message, None, "warning")]
        )
    # The baseline scenario's name, not always its contents: said, not warned of, since a
    # sweep's variants differ from their baseline by design.
    runs_once = table.drop_duplicates("run")
    alike = runs_once["scenario"].fillna("") == runs_once["baseline_scenario"].fillna("")
    other = [
        str(run)
        for run in runs_once["run"][alike & ~runs_once["scenario_as_baseline"].fillna(True)]
    ]
    if other:
        out.print(
            f"[dim]made on other contents of the scenario than the baseline's (a "
            f"variant, a re-plan's events, an edited copy): {escape(', '.join(other))}[/dim]"
        )


def _say_models_compared(table: pd.DataFrame) -> None:
    """The runs made under another model than the baseline's (`table`'s, as kpis.json
    names it), or under other rules, weights or settings of it (a sweep's variant of the
    model, an edited copy), said: a difference in the figures may be the model's, not the
    scenario's."""
    name = table["baseline_model"].iloc[0]
    named: dict[str, list[str]] = {}
    runs_once = table.drop_duplicates("run")
    differs = ~runs_once["model_as_baseline"].fillna(True)
    changes = runs_once["model_changes"]
    base_file = table["baseline_model_file"].iloc[0]
    for run, model, other, changed, file in zip(
        runs_once["run"],
        runs_once["model"],
        differs,
        changes,
        runs_once["model_file"],
        strict=True,
    ):
        if model != name:
            named.setdefault(f"under another model than the baseline's {name}", []).append(
                f"{run} ({model})"
            )
        elif other:
            # Which settings, where known: a frontier's points differ by their caps alone.
            which = f" ({changed})" if isinstance(changed, str) else ""
            # An edited copy of one name read from its own file: which, where recorded.
            apart = isinstance(file, str) and isinstance(base_file, str) and file != base_file
            named.setdefault(
                f"under other rules, weights or settings of {name} than the baseline's{which}",
                [],
            ).append(f"{run} (from {file})" if apart else str(run))
    for what, labels in named.items():
        out.print(f"[dim]made {escape(what)}: {escape(', '.join(labels))}[/dim]")


def _say_verdicts(table: pd.DataFrame, runs: list[Path], baseline: Path | None) -> None:
    """Each run whose plan breaks a hard rule (the baseline's included) named in red with
    the rules and where to see them, and each the checker could not judge, said: a
    plan's figures beside others read as a plan that may be carried out."""
    labels = run_labels(runs)
    folders = {labels[run.resolve()]: run for run in reversed(runs)}  # as first given
    verdicts = dict(
        zip(table["run"], zip(table["violations"], table["verdict"], strict=True), strict=True)
    )
    if baseline is not None and baseline.resolve() not in labels:
        label = f"{baseline.name} (baseline)"
        folders[label] = baseline
        first = table.iloc[0]
        verdicts[label] = (first["baseline_violations"], first["baseline_verdict"])
    for label, (violations, verdict) in verdicts.items():
        if pd.isna(violations):
            out.print(f"[yellow]{escape(label)}: {escape(verdict)}[/yellow]")
        elif violations:
            run = folders[label]
            out.print(
                f"[red]{escape(label)} {escape(verdict)}: its figures are not a plan's that "
                f"may be carried out; forcegen check {escape(str(run / 'scenario'))} "
                f"{escape(str(run))} says where[/red]"
            )


def _say_dominated(table: pd.DataFrame) -> None:
    """Which runs no other beats on shortfall and cost, and which another does, by which
    (`dominated_by`): an analyst had to work out from the table which variant is best on
    shortfall at no more cost."""
    rivals = dominated_by(table)
    if len(rivals) < 2:
        return
    best = [run for run, by in rivals.items() if by is None]
    beaten = [f"{run} by {by}" for run, by in rivals.items() if by is not None]
    said = (
        f"Shortfall against cost, beaten by no other run: {', '.join(best)} (none leaves less "
        "shortfall at no more cost, nor costs less at no more shortfall)"
    )
    # Folded at the terminal's width, as the tables above it are: left to the terminal,
    # the output at 80 columns had a line of 233.
    out.print(escape(said + (f"; beaten: {', '.join(beaten)}" if beaten else "")), soft_wrap=False)


def _kpi_table(title: str, columns: tuple[str, ...], units: bool = True) -> Table:
    """A table of key figures, a row each: their names whole, then (with `units`) their
    unit, the figures folded, not cut, so that an 80-column terminal shows every digit, on
    two lines if need be."""
    shown = Table(title=title)
    shown.add_column("kpi", style="bold", no_wrap=True)
    # What each figure counts, as the comparison's charts say it: "1,610.6 M" and "73,791"
    # had left an analyst to guess the currency and the person-months. Wrapped at words,
    # a column no wider than a chart's line, so the figures keep their room.
    if units:
        shown.add_column("unit", style="dim", max_width=UNIT_LINE)
    for column in columns:
        shown.add_column(column, justify="right", overflow="fold")
    return shown


def _folded_name(name: str, width: int) -> str:
    """A run's name in lines of `width` at most, folded after its hyphens and underscores
    (`budget_cut_` over `twenty_pct`), where a terminal folded `budget_cut` mid-word; a
    part longer than a line folded in it."""
    parts = re.findall(r"[^-_]*[-_]+|[^-_]+", name)
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + len(part) <= width:
            lines[-1] += part
        else:
            lines += textwrap.wrap(part, width) or [part]
    return "\n".join(lines)


# The narrowest the comparison's unit column is folded to (`_kpis_side_by_side`): its
# longest words, "person-months,", whole.
UNIT_SQUEEZED = 16


# Marks a change the runs' proven gaps may account for (compare_runs' `within_gap`).
WITHIN_GAP = "*"


def _say_within_gap(table: pd.DataFrame, written: str) -> None:
    """What `WITHIN_GAP` marks, where it marks a change of `table` (compare_runs'), whose
    `within_gap` column is `written` in full; and the runs whose changes it cannot judge
    (`unjudged_by_gaps`), which unmarked had read as findings."""
    if table["within_gap"].fillna(False).any():
        out.print(
            f"[dim]{WITHIN_GAP} a change within the runs' proven gaps: their objectives' "
            "proven ranges (bound to objective) overlap, so either run's best plan may score "
            "as the other's and the change may be where each search stopped: no finding "
            f"(within_gap in {written})[/dim]",
            soft_wrap=False,  # folded at the terminal's width, as the table above it is
        )
    runs_by_why: dict[str, list[str]] = {}
    for run, why in unjudged_by_gaps(table).items():
        runs_by_why.setdefault(why, []).append(run)
    if runs_by_why:
        runs = "; ".join(f"{', '.join(named)} ({why})" for why, named in runs_by_why.items())
        out.print(
            "[dim]not judged against the proven gaps, so a change may be where a search "
            f"stopped: {escape(runs)}[/dim]",
            soft_wrap=False,
        )


def _kpis_side_by_side(table: pd.DataFrame, runs: list[Path], baseline: Path | None) -> list[Table]:
    """Each KPI a row, each run a column with its delta against the baseline below its
    value; the baseline's column marked, or shown first where it is none of the runs. As
    many tables as the terminal's width needs, each of as many runs as it shows whole and
    the baseline's column first: nine runs in one table at 80 columns folded every figure
    into slivers of three digits."""
    marked = run_labels(runs).get((baseline or runs[0]).resolve())
    others = [label for label in table["run"].unique() if label != marked]
    first = [] if marked is None else [marked]
    unbounded = out.options.update_width(10_000)  # the width a table takes unfolded
    # The unit column, the widest that wraps, gives up its width first, its words on more
    # lines (rich narrows the widest first): to UNIT_SQUEEZED before a run goes to another
    # table, where at its full width it had halved the runs a 100-column table shows.
    room = out.width + UNIT_LINE - UNIT_SQUEEZED
    many = max(1, len(others))
    while True:
        parts = [first + others[i : i + many] for i in range(0, len(others), many)] or [first]
        tables = [
            _kpis_of(table, runs, baseline, part, (i, len(parts))) for i, part in enumerate(parts)
        ]
        if many == 1 or all(out.measure(t, options=unbounded).maximum <= room for t in tables):
            # The terminal's width left over goes to the runs' names, folded to their
            # figures' width: at 200 columns a variant's name had taken six lines of ten.
            return [
                _kpis_of(table, runs, baseline, part, (i, len(parts)), spare)
                if (spare := out.width - out.measure(t, options=unbounded).maximum) > 0
                else t
                for i, (part, t) in enumerate(zip(parts, tables, strict=True))
            ]
        many -= 1


def _kpis_of(
    table: pd.DataFrame,
    runs: list[Path],
    baseline: Path | None,
    labels: list[str],
    part: tuple[int, int],
    spare: int = 0,
) -> Table:
    """`_kpis_side_by_side`'s table of the runs `labels`, its `part` (which, of how many):
    each run's name folded at its hyphens to the width of its figures, widened by the
    `spare` columns of the terminal shared among the names it folds."""
    wide = table.pivot(index="kpi", columns="run", values="value").reindex(table["kpi"].unique())
    base = baseline or runs[0]
    # The baseline's column says so, where it is one of the runs.
    marked = run_labels(runs).get(base.resolve())
    listed = marked is not None
    # A baseline not among the runs is shown first, so that its figures are seen, not only
    # the deltas against them.
    baseline_values = table.groupby("kpi", sort=False)["baseline"].first().to_dict()
    names = ([] if listed else [base.name]) + labels
    deltas = {(row["kpi"], row["run"]): row["delta"] for row in table.to_dict("records")}
    # The changes the runs' proven gaps may account for, marked.
    in_gap = table.loc[table["within_gap"].fillna(False).astype(bool), ["kpi", "run"]]
    noise = set(in_gap.itertuples(index=False, name=None))
    # A cost in another currency than the baseline's is shown with it, and the baseline's
    # with its own: 301.2M beside 263.7M read as dollars both.
    units = {(row["kpi"], row["run"]): row["unit"] for row in table.to_dict("records")}
    baseline_units = table.groupby("kpi", sort=False)["baseline_unit"].first().to_dict()
    # The unit the runs shown share, where they share the baseline's too; else each figure
    # says its own, and the row's unit is blank.
    shared = shared_units(table[table["run"].isin(labels)])
    judged = table.drop_duplicates("run").set_index("run")["violations"]
    # First, the checker's verdict: figures of a plan that breaks a rule are no plan's.
    verdicts = [] if listed else [_broken(table["baseline_violations"].iloc[0])]
    rows = [("hard rules", "", [*verdicts, *(_broken(judged[label]) for label in labels)])]
    for kpi, row in wide.iterrows():
        name, before, base_unit = str(kpi), baseline_values[kpi], baseline_units[kpi]
        apart = any(units[(kpi, label)] not in ("", base_unit) for label in labels)
        apart &= base_unit != ""
        cells = [] if listed else [_kpi(name, before) + _apart(apart, before, base_unit)]
        for label in labels:
            value, delta = row[label], deltas[(kpi, label)]
            cell = _kpi(name, value) + _apart(apart, value, units[(kpi, label)])
            # No change where the figures shown are the same (float noise, +7.4e-07 of a
            # recomputed figure, or a change below what they show: 2.0% and 2.0%).
            change = shown_change(name, before, value, delta)
            if not pd.isna(change) and change != 0:
                cell += f"\n({_kpi(name, change, True)}){WITHIN_GAP * ((kpi, label) in noise)}"
            cells.append(cell)
        rows.append((name, "" if apart else shared.get(name, ""), cells))
    widths = [
        max(
            len(line)
            for _, _, cells in rows
            for line in Text.from_markup(cells[i]).plain.split("\n")
        )
        for i in range(len(names))
    ]
    folds = _widened([max(width, 10) for width in widths], list(map(len, names)), spare)
    headers = [
        _folded_name(label, fold)
        + ("\n(baseline)" if label == marked or (not listed and i == 0) else "")
        for i, (label, fold) in enumerate(zip(names, folds, strict=True))
    ]
    which, parts = part
    title = f"KPIs against {marked or base.name}"
    if parts > 1:
        title += f" ({which + 1} of {parts})"
    shown = _kpi_table(title, tuple(headers))
    for name, unit, cells in rows:
        shown.add_row(name, unit, *cells)
    return shown


def _widened(folds: list[int], lengths: list[int], spare: int) -> list[int]:
    """Each column's width to fold its name at, `folds`, widened a character at a time,
    each folded name's column in turn, toward its name's length (`lengths`) while `spare`
    lasts."""
    widths = list(folds)
    while spare > 0 and (short := [i for i, n in enumerate(lengths) if widths[i] < n]):
        for i in short[:spare]:
            widths[i] += 1
        spare -= len(short[:spare])
    return widths


def _apart(apart: bool, value: Any, unit: str) -> str:
    """What follows a figure of a row whose runs count it in units `apart`: its `unit`."""
    return f" {unit}" if apart and not pd.isna(value) else ""


def _broken(violations: Any) -> str:
    """A run's hard rules as the comparison's table shows them."""
    if pd.isna(violations):
        return "[yellow]not judged[/yellow]"
    return f"[red]{violations} violation(s)[/red]" if violations else "held"


def _write_comparison_figure(table: pd.DataFrame, figure: Path) -> None:
    """The comparison's figures at `figure`, as its suffix says; exit 2 where a static
    image cannot be made."""
    drawn = comparison_figure(table)
    if figure.suffix.lower() == ".html":
        write_text_atomic(figure, drawn.to_html(include_plotlyjs=True))
        return
    try:
        save_static(drawn, figure)
    except (RuntimeError, ValueError) as exc:
        _print_problems([Problem("--figure", None, None, "static-image", str(exc))])
        raise typer.Exit(EXIT_BAD_INPUT) from None


@app.command()
def frontier(
    scenario_path: ScenarioPath,
    out_dir: Annotated[
        Path,
        typer.Option("--out", help="Folder for the frontier's runs, frontier.csv and .html."),
    ],
    model: ModelName = "security-keeping",
    shares: Annotated[
        str,
        typer.Option(help="Budget caps as shares of the unconstrained plan's cost of tours."),
    ] = "0.4,0.55,0.7,0.85,1.0",
    time_limit: Annotated[
        float | None,
        typer.Option(help=f"Solver seconds per point ({SECONDS_DEFAULT})."),
    ] = None,
    gap: MipGap = None,
) -> None:
    """Shortfall and handover against budget: epsilon-constraint on the cost of tours."""
    problems = _output_problems(
        ("--out", out_dir, True),
        inputs=(("the scenario", scenario_path),),
        holds=(FRONTIER_MARKERS, "frontier"),
    )
    # Judged before any solve, so that bad shares write nothing.
    read = [(given.strip(), _share(given)) for given in shares.split(",")]
    levels = [level for _, level in read if level is not None]
    if bad := [given for given, level in read if level is None]:
        message = f"comma-separated numbers above 0; not {', '.join(map(repr, bad))}"
        problems.append(Problem("--shares", None, None, "format", message, shares))
    elif len({point_name(level) for level in levels}) < len(levels):
        message = "each share once (to 12 figures): a frontier's points are one run each"
        problems.append(Problem("--shares", None, None, "duplicate-key", message, shares))
    else:
        names = [REFERENCE, *map(point_name, levels)]
        problems += _variant_folders(out_dir, names)
    warned: list[Problem] = []
    scenario, spec, options = _inputs_or_exit(
        scenario_path, model, problems, time_limit=time_limit, gap=gap, warned=warned
    )
    given = {"time_limit": time_limit, "gap": gap}
    solver = {key: value for key, value in given.items() if value is not None}
    kept = frontier_as_kept(scenario_path.resolve(), model, out_dir, levels, solver)
    # One list with the inputs' warnings, as every command says what it found.
    _print_problems([*warned, *_solved_again(out_dir, other_inputs(kept, out_dir))])
    # Held from the reference's solve on: another frontier or sweep into the folder
    # meanwhile had written its reference over this one's.
    with _held_or_exit(out_dir):
        out.print("The plan without a budget cap, for the reference cost...")
        # Without the model's own cap too: every point's is a share of what the plan costs free.
        uncapped = spec.model_copy(
            update={"mission": spec.mission.model_copy(update={"total_budget": None})}
        )
        digest = inputs_hash(scenario, uncapped, options)
        with _plan_or_exit():
            # Solved again on a resume, under a time limit, it could cost otherwise and move
            # every cap, and every point would be solved again.
            reference, earlier = solved_once(
                out_dir / REFERENCE, scenario, uncapped, options, digest
            )
        if earlier:
            out.print(f"[dim]the one in {out_dir / REFERENCE}, of the same inputs[/dim]")
        cost = float(reference["international_cost"])
        points = frontier_sweep(scenario_path.resolve(), model, spec, cost, levels, solver)
        # A point without a plan is told to take a larger share, not to edit the model.
        index = _run_variants(points, out_dir, "frontier", set_by=set_by_share(cost))
        index["budget_cap"] = index[CAP]  # as each point's variant set it
        index["share"] = index["variant"].map({point_name(level): level for level in levels})
        index["beaten_by"] = beaten_by(index, reference)
        table = index[
            [
                "variant",
                "status",
                "share",
                "budget_cap",
                "international_cost",
                "total_shortfall",
                "regions_handed_over",
                "gap",
                "beaten_by",
                "error",
            ]
        ]
        # The index, not the table: its objectives judge whether a point beats the plan
        # without a cap, which then leaves the frontier's line.
        figure = frontier_figure(index, scenario.settings.currency, reference)
        # The points are solved and kept: a full disk loses only these two files, said.
        with _whole_or_exit(out_dir, "the frontier's table and figure"):
            write_text_atomic(out_dir / "frontier.csv", table.to_csv(index=False))
            write_text_atomic(out_dir / "frontier.html", figure.to_html(include_plotlyjs=True))
        # Why a point has no plan was said as it ended: its text would stretch every row.
        # The plan without a cap first, as the points' shares are of its cost and a
        # message may name it: its figures were in its kpis.json alone.
        free: dict[str, Any] = {"variant": REFERENCE, "status": "solved", "beaten_by": ""}
        figures = ("international_cost", "total_shortfall", "regions_handed_over", "gap")
        free |= {kpi: reference.get(kpi) for kpi in figures}
        capped = table.drop(columns="error")
        shown = pd.concat([pd.DataFrame([free]), capped], ignore_index=True)[capped.columns]
        apart = ("budget_cap", "international_cost")
        out.print(_figures_shown(shown, {"budget_cap": "cost"}, apart))
        if table.loc[table["status"] == "solved", "gap"].isna().any():
            out.print(
                "[dim]gap -: no bound was proven within the time limit (each point's "
                "solver.log says why); a longer --time-limit gives one[/dim]"
            )
        _print_problems(_not_in_index(out_dir, index, REFERENCE))
        for point, better in zip(index["variant"], index["beaten_by"], strict=True):
            if better:
                out.print(
                    f"[yellow]{escape(point)}: the plan of {escape(better)} fits its cap and "
                    "scores better by the model's objective: its search stopped short, so the "
                    "point lies above the frontier (a longer --time-limit may close it)[/yellow]"
                )
        if better := reference_beaten_by(index, reference):
            out.print(
                f"[yellow]{REFERENCE}: the plan of {escape(better)} scores better by the model's "
                "objective, and a plan without a cap may be any: its search stopped short, so the "
                "caps are shares of a cost a longer --time-limit may lower[/yellow]"
            )
        out.print(f"Frontier written to {out_dir / 'frontier.csv'} and {out_dir / 'frontier.html'}")
        _exit_if_unsolved(index)


@app.command()
def generate(
    # Named as the docs and the problems name it (`OUT`): `out` is the command's console.
    out_dir: Annotated[
        Path, typer.Argument(help="Folder (or .xlsx) to write the scenario to.", metavar="out")
    ],
    size: Annotated[str, typer.Option(help="S (60 units), M (250) or L (1,000).")] = "S",
    # Python's random takes -1 as 1: a seed below 0 would be another's scenario.
    seed: Annotated[int, typer.Option(help="Same seed, same scenario.", min=0)] = 0,
    units: Annotated[
        int | None, typer.Option(help="Override the size's units.", min=1, max=100_000)
    ] = None,
    regions: Annotated[
        int | None, typer.Option(help="Override the size's regions.", min=1, max=1_000)
    ] = None,
    months: Annotated[
        int | None,
        # Tours run up to 12 months, and each must fit in the horizon.
        typer.Option(help="Override the size's months.", min=12, max=MAX_MONTHS),
    ] = None,
) -> None:
    """Write a valid synthetic scenario of a named size, deterministic for a seed."""
    _scenario_output_or_exit("OUT", out_dir, found=_choices("--size", [size], SIZES))
    size = size.upper()
    scenario = generate_scenario(size, seed, units=units, regions=regions, months=months)
    _write_scenario(scenario, out_dir)
    _print_summary(scenario)
    out.print(f"wrote {out_dir}")


def _choices(option: str, given: Sequence[str], allowed: Iterable[str]) -> list[Problem]:
    """A problem for each value of `option` that is none of `allowed` in any case (`s` is
    S), naming them and the value as given."""
    known = list(allowed)
    folded = {k.casefold() for k in known}
    return [
        Problem(option, None, None, "choice", f"must be one of {', '.join(known)}", value)
        for value in dict.fromkeys(given)
        if value.casefold() not in folded
    ]


@app.command()
def bench(
    size: Annotated[
        list[str] | None, typer.Option(help="Sizes to run (repeat): S, M, L; default S.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Generator seed.", min=0)] = 0,
    time_limit: Annotated[
        float | None, typer.Option(help="Seconds per solve (default: each size's target).")
    ] = None,
    out_file: Annotated[Path, typer.Option("--out", help="CSV to write.")] = Path("bench.csv"),
    method: Annotated[
        list[str] | None,
        typer.Option(
            help="Methods to run (repeat): fast, reference, greedy, capped (runs greedy "
            "too); default all."
        ),
    ] = None,
    model: ModelName = "security-keeping",
) -> None:
    """Benchmark the optimizer against the reference form and the greedy planner."""
    problems = _choices("--size", size or [], SIZES) + _choices("--method", method or [], METHODS)
    _solver_options(SolverOptions(), {"time_limit": time_limit}, problems)
    problems += _named_as("--out", out_file, "CSV", ".csv")
    # Judged with the other options, against S's horizon as solve judges a model against
    # its scenario's (a mission that ends before it had been timed as a plan of no tour):
    # every size's starts alike, and S is made in a moment.
    spec = _spec_read(model, generate_scenario("S", seed), problems)
    _outputs_or_exit(("--out", out_file, False), found=problems)
    assert spec is not None  # else a problem, and exited
    sizes = list(dict.fromkeys(s.upper() for s in size or ["S"]))
    methods = [m.lower() for m in method or []]
    chosen = tuple(m for m in METHODS if m in (methods or METHODS))
    rows: list[dict[str, object]] = []
    # Each row shown and the whole CSV written as it finishes: an hour of L stopped by
    # Ctrl-C had lost S and M with it, shown and written only at the end.
    try:
        for row in run_bench(sizes, seed, methods=chosen, time_limit=time_limit, model=spec):
            if not rows:
                out.print(_bench_line({c: c for c in BENCH_SHOWN}))
            rows.append(row)
            # Shown before it is written: a full disk loses no hour of benchmarking unseen.
            out.print(_bench_line({c: _bench_cell(c, row[c]) for c in BENCH_SHOWN}))
            # A write that fails after the first leaves the rows before it as they were.
            what = "the benchmark's table"
            if len(rows) > 1:
                before = f"the {len(rows) - 1} row(s) before it are kept"
                what = f"row {len(rows)} of {what} ({row['size']} {row['method']}; {before})"
            with _whole_or_exit(out_file, what):
                write_text_atomic(out_file, pd.DataFrame(rows).to_csv(index=False))
    except (KeyboardInterrupt, MethodDied) as stopped:
        kept = f"{out_file} holds the {len(rows)} row(s) finished" if rows else "no row finished"
        if isinstance(stopped, MethodDied):  # no plan, as a solve whose solver died
            err.print(
                f"[red]{escape(str(stopped))} (its error above, if any): {escape(kept)}.[/red]"
            )
            raise typer.Exit(EXIT_INFEASIBLE) from None
        err.print(f"[yellow]Interrupted: {escape(kept)}.[/yellow]")
        _KEPT_SAID.append("bench")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    out.print(f"wrote {out_file}")


# The columns of a benchmark's row shown at the terminal (its CSV has them all), each as
# wide as its heading or a figure of it.
BENCH_SHOWN = {
    "size": 4,
    "method": 9,
    "columns": 9,
    "nonzeros": 10,
    "build_seconds": 13,
    "handoff_seconds": 15,
    "solve_seconds": 13,
    "termination": 11,
    "gap": 7,
    "shortfall": 9,
    "cost": 10,
    "peak_memory_mb": 14,
}


def _bench_line(cells: Mapping[str, str]) -> str:
    """A line of the benchmark's table, its columns aligned as `BENCH_SHOWN` sets them,
    printed a row at a time as each finishes."""
    return escape("  ".join(f"{cells[c]:>{width}}" for c, width in BENCH_SHOWN.items()))


def _bench_cell(column: str, value: object) -> str:
    """A benchmark's figure as the key figures show theirs (`kpi_shown`: the gap a
    percentage, money in millions); blank for none (a method stopped with no plan)."""
    return value if isinstance(value, str) else kpi_shown(column, value)


@app.command()
def check(
    scenario_path: ScenarioPath,
    run_dir: Annotated[
        Path,
        typer.Argument(
            help="Run folder, or a hand-made plan's folder: assignments.csv and any other run "
            "table written whole (`evaluate` works the tables out from the tours and recruits "
            "alone).",
            metavar="run",
        ),
    ],
    model: RunModelName = None,
) -> None:
    """Judge a plan against every hard rule, independently of the optimizer.

    Exit 1 if it breaks one; 2 if it is no plan of the scenario (a file that cannot be
    read, a row naming a unit, task, region or nation it does not have or starting
    outside its horizon, a key written twice)."""
    chosen, bundled = _run_model(model, run_dir)
    warned: list[Problem] = []
    scenario, spec, _ = _inputs_or_exit(
        scenario_path,
        chosen,
        _workbook_given(run_dir, scenario_path),
        pending=lambda scenario: _to_evaluate(
            run_dir, _plan_input(run_dir, scenario, source=scenario_path)
        ),
        warned=warned,
    )
    elsewhere = _made_elsewhere(scenario, run_dir, scenario_path)
    _print_problems(_exit_if_bad([*warned, *elsewhere, *_edited_workbook(run_dir)]))
    try:
        model_from = _model_from(chosen, bundled)
        report = _judge(scenario, spec, run_dir, stale_hint=not elsewhere, model_from=model_from)
    except ScenarioError as exc:
        _refuse(_to_evaluate(run_dir, _in_folder(run_dir, exc.problems)), "the plan was not judged")
    if not report.ok:
        raise typer.Exit(EXIT_VIOLATIONS)


def _to_evaluate(run_dir: Path, problems: list[Problem]) -> list[Problem]:
    """`problems`, and where a table beside the tours lacks a run's columns (a hand-made
    plan's domestic part as evaluate takes it, `month, recruits`), a pointer to evaluate,
    which works the rest out: check judges a run's tables whole, and its refusal alone
    reads as though the plan were wrong. None where evaluate needs a column missing too
    (`DOMESTIC_PART`: a handover sheet saved with its heading, `handover`, for `month`)."""
    missing = [
        p
        for p in errors(problems)
        if p.rule == "missing-column" and Path(p.file).name in WORKED_OUT_FILES
    ]
    lacking = sorted({Path(p.file).name for p in missing})
    needed = [p for p in missing if p.column in DOMESTIC_PART.get(Path(p.file).stem, {})]
    if not lacking or needed:
        return problems
    message = (
        f"{' and '.join(lacking)} without a run's columns, as a hand-made plan's domestic "
        f"part is written: {EVALUATE_WORKS_THEM_OUT}"
    )
    hint = Problem(str(run_dir), None, None, "not-a-run", message, severity="warning")
    return [*problems, hint]


@app.command()
def evaluate(
    scenario_path: ScenarioPath,
    plan_dir: Annotated[
        Path,
        typer.Argument(
            help="A hand-made plan: a folder with assignments.csv at least, or a plan.xlsx.",
            metavar="plan",
        ),
    ],
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="Spec name in models/ (forcegen models lists them) or a path (default: the "
            "plan's own, its workbook's model sheet or its model.yaml, else security-keeping).",
        ),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Run folder to write.")] = Path(
        "runs/hand-made"
    ),
) -> None:
    """Work out every table of a hand-made plan; write, check and report it as a run.

    Exit 1 if it breaks a rule; 2, writing nothing, if it is no plan of the scenario (as
    check: a file that cannot be read, a row naming a unit, task or region it does not
    have or starting outside its horizon; and, where check reports a breach, a column a
    tour's unit and start imply, such as its end, nation or personnel, written otherwise
    than the scenario gives: evaluate works those out, so blank it to have it worked out)
    or the run cannot be written."""
    # A workbook's folder is where its model.yaml is, and where the run must not go: the
    # run's own plan.xlsx would replace it.
    home = plan_dir if plan_dir.is_dir() else plan_dir.parent
    inputs = (("the scenario", scenario_path), ("the plan", plan_dir))
    # A plan that is not there is said with the scenario's problems, not after them.
    given = _output_problems(
        ("--out", out_dir, True),
        inputs=(*inputs, ("the plan's folder", home)) if plan_dir.is_file() else inputs,
        holds=RUN_HOLDS,
        found=plan_path_problems(plan_dir),
    )
    warned: list[Problem] = []
    with TemporaryDirectory() as tmp:
        # A workbook mailed alone carries its model: the model a plan was made under is the
        # one it is judged by, not the bundled one.
        carried = None if model else workbook_model(plan_dir, Path(tmp))
        chosen, bundled = (str(carried), False) if carried else _run_model(model, home)
        # Its file is gone once read: the sheet is what the planner knows.
        model_from = (
            f"read from the model sheet of {plan_dir.name}"
            if carried
            else _model_from(chosen, bundled)
        )
        scenario, spec, _ = _inputs_or_exit(
            scenario_path,
            chosen,
            given,
            pending=partial(_hand_made_input, plan_dir, source=scenario_path),
            # Its file is a temporary one: named as the sheet the planner knows.
            model_label=carried.name if carried else None,
            warned=warned,
        )
        if carried:
            # The run records where its model came from (kpis.json's `model_file`): the
            # workbook's sheet, not the temporary file it was read through.
            spec = spec.read_from(f"{plan_dir.resolve()}[{MODEL_SHEET}]")
    found = _edited_workbook(plan_dir)
    try:
        with plan_folder(plan_dir, found) as folder:
            found += _made_elsewhere(scenario, folder, scenario_path)
            if errors(found):
                raise ScenarioError(found)
            with warnings.catch_warnings():
                # Its assumptions are said below, with the rest, not as Python's warnings.
                warnings.simplefilter("ignore", WorkedOut)
                warnings.simplefilter("ignore", EditedRow)
                plan, data = evaluate_plan(scenario, spec, folder)
            # Read while the plan's folder (a workbook's sheets written out) is there.
            planner = planner_rows(plan, folder, plan_dir)
            # A planner's edit of what is worked out (a shortfall set to 0) is said, not
            # lost unseen.
            found += not_read(scenario, spec, folder, plan_dir.name, plan)
            assumed = worked_out_as(data, folder)
    except ScenarioError as exc:
        # A workbook's are named at its sheets already.
        problems = _in_folder(plan_dir, exc.problems) if plan_dir.is_dir() else exc.problems
        said = [*warned, *problems]
        # A workbook's own warnings are in them already (`plan_folder`); an edited
        # workbook's beside a folder's tables, refused in their reading, were not.
        _refuse([*said, *(p for p in found if p not in said)])
    _print_problems([*warned, *found])
    # Before the figures they change: said after them, a shortfall that jumped for a table
    # left out read as the plan's.
    for meaning in assumed:
        out.print(f"[yellow]worked out as {escape(meaning)}[/yellow]")
    _print_kpis(plan.kpis, scenario)
    out.print("The independent checker's verdict on the plan:")
    # The run is judged and reported in its staging folder and put in place whole: a report
    # that cannot be made leaves no new tables beside an old report.
    with (
        _whole_or_exit(out_dir, "the run"),
        staged_run(plan, data, out_dir) as staging,
    ):
        report = _judge(scenario, spec, staging, (planner, str(out_dir)), model_from=model_from)
        report.assumed += assumed  # in the report too
        _report_into(staging, Results.from_folder(staging), report, staging, spec)
    out.print(f"Plan written to [bold]{out_dir}[/bold]")
    _said_written(out_dir)
    if not report.ok:
        raise typer.Exit(EXIT_VIOLATIONS)


def _model_from(chosen: str, bundled: bool) -> str:
    """Where the model a plan is judged by was read from, where its name alone would not
    tell: the bundled one for want of another, or a file (a copy of a bundled model keeps
    its name, and a model.yaml beside the plan may hold other rules than the bundled one
    of that name)."""
    if bundled:
        return "the bundled one: no --model given, and none came with the plan"
    path = resolve_spec_path(chosen)
    return "" if path.parent == MODELS_DIR or not path.is_file() else f"read from {path}"


def _judge(
    scenario: Scenario,
    spec: ModelSpec,
    folder: Path,
    source: tuple[Planner, str] | None = None,
    stale_hint: bool = True,
    model_from: str = "",
) -> CheckReport:
    """The independent checker's verdict on the plan in `folder`, printed; `source`: for
    a plan written again from a planner's files (evaluate), where their rows are
    (`planner_rows`) and the run folder as the planner knows it, to name the planner's
    rows rather than the folder's (see `Violation.renumbered`); `stale_hint`:
    whether tables at odds with the tours may be put down to tours edited (not where the
    plan is judged against another scenario than its own); `model_from`: where the model
    was read from, where its name alone would not tell (`_model_from`)."""
    report = check_plan(scenario, spec, folder)
    if source is not None:
        report.violations = [v.renumbered(*source) for v in report.violations]
        report.soft = [v.renumbered(*source) for v in report.soft]

    def lines(violations: list[Violation]) -> list[str]:
        # At the terminal with the folder: the report, in the folder, names its files alone.
        return in_runs(violations if source else [v.in_folder(folder) for v in violations])

    said = f" ({model_from})" if model_from else ""
    out.print(f"[dim]judged against the model {escape(spec.name)}{escape(said)}[/dim]")
    for skipped in report.skipped:
        out.print(f"[dim]skipped: {escape(skipped)}[/dim]")
    for assumed in report.assumed:
        out.print(f"[yellow]judged as {escape(assumed)}[/yellow]")
    _print_problems(report.unread)
    if report.soft:
        # Not violations: the model prices them. A reader of the verdict alone should
        # still see that a soft rule was broken, and by how much.
        out.print(f"[yellow]{SOFT_BREACHES}:[/yellow]")
        for line in lines(report.soft):
            out.print(f"  [yellow]{escape(line)}[/yellow]", highlight=False)
    if report.ok:
        out.print("[green]The plan keeps every hard rule.[/green]")
        return report
    # The verdict is the output, a breach as much as a pass: on stderr, a log saved from
    # stdout had the verdict's heading and no breach under it.
    out.print(f"[red]{report.how_many()}:[/red]")
    for line in lines(report.violations):
        out.print(f"  {escape(line)}", highlight=False)
    stale = sorted({v.entity.split()[0] for v in report.violations if v.rule == "table-mismatch"})
    if stale and stale_hint:
        # Tables written for other tours: most often tours edited by hand after a solve,
        # which the stamps tell where they were left unedited beside them.
        edited = {path.name for path in edited_tables(folder)} if source is None else set()
        said = f"The plan's {', '.join(stale)} table(s) disagree with its tours or the scenario"
        if ASSIGNMENTS in edited and not edited & {f"{table}.csv" for table in stale}:
            said += (
                f": {folder / ASSIGNMENTS} was changed since forcegen wrote it and they were "
                "not, so they are of the tours before the edit. `forcegen evaluate SCENARIO "
                "PLAN --out RUN` works every table out anew from the tours."
            )
        else:
            said += (
                ". If the tours were edited, `forcegen evaluate SCENARIO PLAN --out RUN` works "
                "every table out anew from them."
            )
        out.print(f"[yellow]{escape(said)}[/yellow]")
    return report


@app.command()
def report(
    run_dir: Annotated[
        Path,
        typer.Argument(
            help="Run folder, as solve, demo, sweep, evaluate and replan write one.", metavar="run"
        ),
    ],
    static: Annotated[
        str | None,
        typer.Option(
            "--static",
            help="Also write every figure as an image: png, svg or pdf (needs Chromium).",
        ),
    ] = None,
) -> None:
    """Write report.html (self-contained) and plan.xlsx into a run folder."""
    undone = "no report was made"
    found: list[Problem] = []
    if static is not None and static not in STATIC:
        # Said with the run's problems: it was said alone, with no closing line.
        found.append(Problem("--static", None, None, "bad-format", "png, svg or pdf", static))
    # As reading it would say it: a run's kpis.json given was "no such run folder".
    try:
        a_run_folder(run_dir)
    except ScenarioError as exc:
        _refuse([*found, *exc.problems], undone)
    found += _output_problems(
        ("report.html", run_dir / "report.html", False),
        (WORKBOOK, run_dir / WORKBOOK, False),
        ("figures", run_dir / "figures" if static else None, True),
    )
    # The report is staged beside the run folder, as a run is (`_write_report`).
    staged = output_problem(run_dir, folder=True)
    if staged and not any(p.rule == "not-writable" for p in found):
        found.append(Problem(str(run_dir), None, None, "not-writable", staged))
    warned = _exit_if_bad(found + _stale_figures(run_dir), undone)  # said with the run's
    # The run's tables and its model are read apart, so that the problems of both are said
    # at once: each had hidden the other's until it was mended.
    problems: list[Problem] = []
    results = spec = check = None
    try:
        results = Results.from_folder(run_dir)
    except ScenarioError as exc:
        problems += exc.problems
    if (saved := run_dir / "model.yaml").exists():
        try:
            spec = load_spec(saved, results.scenario if results is not None else None)
        except ScenarioError as exc:
            problems += exc.problems
            # What the checker would refuse of the plan, which no model is needed to see.
            if results is not None:
                problems += plan_input_problems(results.scenario, run_dir)
    try:
        if results is not None and spec is not None:
            check = check_plan(results.scenario, spec, run_dir)
    except ScenarioError as exc:
        problems += exc.problems
    if problems:
        _refuse([*warned, *_in_folder(run_dir, problems)], undone)
    assert results is not None  # else a problem, and refused
    # What the checker did not read is in the report's verdict too, but said here first.
    _print_problems([*warned, *(check.unread if check is not None else [])])
    if check is None:
        out.print("[dim]no model.yaml in the run: the report carries no checker verdict[/dim]")
    for name in _write_report(run_dir, results, check, static, spec):
        out.print(f"Figure written to {run_dir / 'figures' / name}")


def _write_report(
    run_dir: Path,
    results: Results,
    check: CheckReport | None,
    static: str | None = None,
    spec: ModelSpec | None = None,
) -> list[str]:
    """Write report.html and plan.xlsx (and with `static`, every figure as an image of
    that format, and a rotation shown a nation at a time as one image each besides) into
    the run folder `run_dir`, all or none: each is made in a staging folder and only then
    put in place, so that a figure that cannot be drawn or a file that cannot be written
    leaves the earlier report, workbook and figures as they were, not one of each. The
    figures' names, as written."""
    # An earlier plan's nations' rotations go: this plan's may have fewer, or none.
    earlier = [] if static is None else list((run_dir / "figures").glob(f"rotation-*.{static}"))
    drawn: list[str] = []
    replaces = [str(path.relative_to(run_dir)) for path in earlier]
    with _whole_or_exit(run_dir, "the report"), atomic_folder(run_dir, replaces) as staging:
        _report_into(run_dir, results, check, staging, spec)
        for name, draw in FIGURES.items() if static is not None else ():
            figure = draw(results)
            views = {name: figure} | {f"{name}-{n}": v for n, v in nation_views(figure).items()}
            for shown, view in views.items():
                path = staging / "figures" / f"{shown}.{static}"
                try:
                    save_static(view, path)
                except (RuntimeError, ValueError) as exc:
                    at = run_dir / "figures" / path.name
                    raise ScenarioError(
                        [Problem(str(at), None, None, "static-image", str(exc))]
                    ) from None
                drawn.append(path.name)
        # The workbook's stamp in place names the one coming too, as write_workbook's
        # does: a stop between the files' renames leaves neither taken for a planner's edit.
        stamp(run_dir / WORKBOOK, coming=staging / WORKBOOK)
        stamp_of(staging / WORKBOOK).unlink()
    stamp(run_dir / WORKBOOK)
    _said_written(run_dir)
    return drawn


def _report_into(
    run: Path,
    results: Results,
    check: CheckReport | None,
    into: Path,
    spec: ModelSpec | None = None,
) -> None:
    """Write the report of the run folder `run` (report.html, plan.xlsx) into `into`, the
    folder staging it (`atomic_folder`), which may be `run`'s own staging folder; `spec`,
    the model the plan was made under (`render`'s)."""
    verdict = Verdict.from_check(check) if check is not None else None
    replanned = replan_sheets(run)
    # Once for both, under the model: the workbook had judged them without it, and said
    # a unit the model's hard rules hold home "left at home by the plan's maker", and on
    # a sparse plan of M each took 46 s.
    idle = idle_units(results, spec)
    page = render(results, verdict, replanned, idle)
    write_workbook(results, into / WORKBOOK, replanned | model_sheet(run), verdict, idle)
    (into / "report.html").write_text(page, encoding="utf-8")


def _said_written(run: Path) -> None:
    out.print(f"Report written to {run / 'report.html'}\nWorkbook written to {run / WORKBOOK}")


def _month(value: str, option: str, problems: list[Problem]) -> str:
    """`value` as a `YYYY-MM` label; else as given, with a problem added to `problems`."""
    try:
        return parse_month(value, typed=True)
    except ValueError as exc:
        problems.append(Problem(option, None, None, "format", str(exc), value))
        return value


@app.command("replan")
def replan_command(
    scenario_path: ScenarioPath,
    run_dir: Annotated[
        Path, typer.Argument(help="Run folder of the plan in motion.", metavar="run")
    ],
    from_month: Annotated[
        str, typer.Option("--from", help="Re-plan month (YYYY-MM): what began before stays.")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="New run folder to write.")],
    events: Annotated[
        Path | None,
        typer.Option(
            "--events",
            help="Events YAML (withdrawals, cuts...); without it, the plan is re-solved from "
            "the month as the scenario stands.",
        ),
    ] = None,
    model: RunModelName = None,
    time_limit: TimeLimit = None,
    gap: MipGap = None,
    quiet: Quiet = False,
) -> None:
    """Re-plan after events from a month on, changing as little as it must.

    The past and tours under way stay, cut short where the events end them: a unit a caveat
    or a handover cuts short may go on in theatre elsewhere (redeployed) for the rest of its
    call-up. Writes the new run with diff.csv and kpi_deltas.csv.
    Without events, the plan in motion is re-solved from the month: a plan whose past was
    written by hand (`forcegen evaluate`) gets its future."""
    problems = _output_problems(
        ("--out", out_dir, True),
        inputs=(("the scenario", scenario_path), ("the run re-planned", run_dir)),
        holds=RUN_HOLDS,
        found=_workbook_given(run_dir, scenario_path),
    )
    written = len(problems)
    month = _month(from_month, "--from", problems)
    readable = len(problems) == written
    loaded: Events | None = None  # None: the events file cannot be read
    try:
        loaded = load_events(events) if events is not None else Events("no events")
    except ScenarioError as exc:
        problems += exc.problems

    def pending(scenario: Scenario | None) -> list[Problem]:
        # The events and the plan re-planned judged against the scenario, as the re-plan
        # would judge them (no model needed), where a bad model had hidden them.
        plan = _plan_input(run_dir, scenario, scenario_path)
        if loaded is None:
            return plan
        found = Located.of(loaded)
        if scenario is not None and readable:
            changed_scenario(scenario, loaded, month, found)
        return found.problems + plan

    warned: list[Problem] = []
    scenario, spec, options = _inputs_or_exit(
        scenario_path,
        _run_model(model, run_dir)[0],
        problems,
        pending=pending,
        time_limit=time_limit,
        gap=gap,
        warned=warned,
    )
    assert loaded is not None  # else a problem, and exited
    found = _made_elsewhere(scenario, run_dir, scenario_path)
    found += _edited_workbook(run_dir, "re-planned") + _stale_figures(run_dir)
    if (run_dir / REPLAN).is_file():
        # Its committed past was made under its events: without them it cannot be kept
        # (a solve would end in a "no plan" that names the wrong cause).
        found = [replace(p, severity="error") if p.rule == "other-scenario" else p for p in found]
    found = _exit_if_bad([*warned, *found])
    try:
        setting = read_setting(scenario, spec, run_dir, month, loaded)
    except ScenarioError as exc:
        named = _in_folder(run_dir, exc.problems, str(events) if events is not None else "")
        _refuse([*found, *named])
    _print_problems([*found, *setting.warnings])
    out.print(
        f"Re-planning [bold]{run_dir}[/bold] from {month} "
        f"{'with no events' if events is None else f'after {events}'} "
        f"(time limit {options.time_limit:g} s, gap {options.gap:g})"
    )
    with _plan_or_exit("re-plan"), _solve_log(quiet) as log:
        result = replan(setting, spec, run_dir, month, options, log=log, keep_interrupted=True)
    with _whole_or_exit(out_dir, "the re-plan"):
        deltas = result.write(out_dir)
    _say_replan(result, deltas, out_dir, options.gap)
    out.print(f"Re-plan written to [bold]{out_dir}[/bold]. The independent checker's verdict:")
    _judged_and_reported(result.run.data.scenario, spec, out_dir)
    _ended_as_interrupted(result.run, out_dir)


def _say_replan(result: Replan, deltas: pd.DataFrame, out_dir: Path, gap: float) -> None:
    """A re-plan's summary, what it did to the tours and why, its key figures against the
    plan replaced (`deltas`) and the handovers it moved."""
    _print_kpis(result.run.plan.kpis, result.run.data.scenario)
    out.print(shortfall_ahead(result.run.plan.coverage, result.month))
    # Without events the re-plan judges the plan against the scenario as it stands: a
    # caveat or a unit's months away written there since cut its tours, no event did.
    cause = "the events" if result.events.events else "the scenario as it stands"
    out.print(_tours_said(result.changes, forced(result.diff), cause, result.run.plan.kpis, gap))
    # Which unit went where, as the handovers moved are named: diff.csv's redeployed row
    # leaves the tour it goes on from blank.
    if going_on := redeployments_said(result.diff):
        out.print(escape(f"{REDEPLOYED}: {'; '.join(going_on)}"))
    shown = _kpi_table("KPIs against the plan replaced", ("before", "after", "delta"))
    for row in deltas.to_dict("records"):
        kpi = str(row["kpi"])
        figures = _adding_up(kpi, row["baseline"], row["value"], row["delta"])
        shown.add_row(kpi, str(row["unit"]), *figures)
    out.print(shown)
    # No change is marked within the gaps: the re-plan's objective weighs its changes to
    # the plan replaced, whose own does not (`within_gap`). Said where a search stopped
    # short: a shortfall the plan replaced leaves above the re-plan's may be its search's.
    _say_within_gap(deltas, "kpi_deltas.csv")
    moved = read_record(out_dir).get("handovers_moved", [])  # as the record has them
    out.print(f"Handovers moved: {escape(', '.join(moved)) if moved else 'none'}")


def _tours_said(
    counts: dict[str, int], broken: int, cause: str, kpis: dict[str, Any], gap: float
) -> str:
    """What a re-plan did to the tours (`counts` by change), `broken` of those it changed
    being tours `cause` (the events, or the scenario as it stands) broke; and how to change
    fewer, where it changed any it was not forced to."""
    fewer = f" {_fewer_changes(kpis, gap)}" if chosen(counts) > broken else ""
    return (
        "Tours: "
        + ", ".join(f"{count} {change}" for change, count in counts.items())
        + f" (diff.csv): {chosen(counts)} changed by the re-plan, {broken} of them tours"
        f" {cause} broke (diff.csv's broken_by_events), {counts['curtailed']} curtailed and"
        f" {counts['stood-down']} stood down (mobilized, never to deploy) by {cause}.{fewer}"
    )


def _fewer_changes(kpis: dict[str, Any], gap: float) -> str:
    """What changes fewer of the tours the events did not break: a re-plan stopped short
    of its gap may change tours that a better one keeps, whatever the weight of a change."""
    proven = kpis.get("gap")
    if proven is not None and proven <= gap:
        return "A higher weights.change in the model changes fewer of the rest."
    said = "no gap proven" if proven is None else f"a gap of {proven:.2%} proven"
    return (
        f"The solver stopped with {said}: a longer --time-limit may change fewer of the "
        "rest, as may a higher weights.change in the model."
    )


@app.command()
def rolling(
    scenario_path: ScenarioPath,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for both runs and rolling.csv.")],
    window: Annotated[int, typer.Option(help="Months each window solves.")] = 24,
    commit: Annotated[int, typer.Option(help="Months of each window committed.")] = 12,
    model: ModelName = "security-keeping",
    time_limit: TimeLimitPerSolve = None,
    gap: MipGap = None,
    quiet: Quiet = False,
) -> None:
    """Rolling-horizon plan against the full-horizon plan of the same scenario."""
    problems = _output_problems(
        ("--out", out_dir, True),
        inputs=(("the scenario", scenario_path),),
        holds=(MARKERS, "rolling-horizon"),
    )
    if window < 1:
        problems.append(Problem("--window", None, None, "range", "must be at least 1", str(window)))
    if commit < 1:
        problems.append(Problem("--commit", None, None, "range", "must be at least 1", str(commit)))
    elif commit > window >= 1:
        message = f"must be at most --window ({window})"
        problems.append(Problem("--commit", None, None, "range", message, str(commit)))
    warned: list[Problem] = []
    scenario, spec, options = _inputs_or_exit(
        scenario_path, model, problems, time_limit=time_limit, gap=gap, warned=warned
    )
    horizon = scenario.settings.months
    if window >= horizon:
        # The one window is the full-horizon solve: the comparison is of a solve with itself.
        whole = (
            f"covers the whole horizon ({horizon} months, {scenario.settings.start}.."
            f"{scenario.end}): one window, the same solve as the full horizon's, made twice;"
            f" a rolling horizon needs --window under {horizon}"
        )
        warned.append(Problem("--window", None, None, "one-window", whole, str(window), "warning"))
    elif short := myopia(scenario, spec, window, commit):
        warned.append(Problem("--window", None, None, "myopic", short, str(window), "warning"))
    _print_problems(warned)
    label = scenario.settings.start
    gone = _ReaderGone(sys.stdout)

    def show(start: int, end: int) -> None:
        gone.print(f"window {add_months(label, start)} .. {add_months(label, end - 1)}")

    try:
        log = None if quiet else gone
        plan = rolling_plan(scenario, spec, window, commit, options, progress=show, log=log)
        gone.print("full horizon")
        full = full_horizon(plan, scenario, spec, options, log)
    except Unfinished as stopped:
        # Why first: a folder that cannot take what finished must not hide it.
        if gone.went:
            err.print(
                "[yellow]The output's reader went away: the rolling run stopped as at a "
                "Ctrl-C.[/yellow]"
            )
            stopped.why = ["the output's reader went away (a pipe closed: `| head`)"]
        else:
            err.print(f"[red]{escape(stopped.headline())}.[/red]")
            for line in stopped.why:
                err.print(f"  {escape(line)}", highlight=False)
        with _whole_or_exit(out_dir, "the windows finished"):
            write_unfinished(out_dir, scenario, stopped)
        err.print(escape(stopped.kept(scenario, out_dir) + "."), highlight=False)
        if gone.went:
            out.on_broken_pipe()
        if stopped.interrupted:
            _KEPT_SAID.append("rolling")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        raise typer.Exit(EXIT_INFEASIBLE) from None
    table = comparison(plan, full)
    write_rolling(out_dir, plan, full, table)
    # Figures and shares as replan and compare show theirs (rolling.csv keeps fractions),
    # but no unit: beside four columns of figures it left them no room at 80 columns,
    # folded mid-number, and rolling.csv's figures are those of compare's CSV, units named.
    shown = _kpi_table(
        "The rolling plan against the full-horizon plan",
        ("rolling", "full", "rolling - full", "relative"),
        units=False,
    )
    for row in table.to_dict("records"):
        kpi, relative = str(row["kpi"]), row["delta_pct"]
        figures = _adding_up(kpi, row["full"], row["rolling"], row["delta"])
        said = f"{relative:+.1%}" if pd.notna(relative) else "-"
        shown.add_row(kpi, figures[1], figures[0], figures[2], said)
    out.print(shown)
    ours, theirs = plan.run.plan.kpis.get("objective"), full.plan.kpis.get("objective")
    if ours is not None and theirs is not None and ours < theirs and not alike(ours, theirs):
        # Gen S's rolling plan read 5.3% better than the full one, unsaid why.
        solved = how_solved(full.plan.kpis)
        out.print(
            "The rolling plan scores below the full-horizon plan: the full horizon's model "
            f"allows it, so the full solve stopped short of it ({solved}); a longer "
            "--time-limit narrows it"
        )
    out.print(f"wrote {out_dir / 'rolling'}, {out_dir / 'full'} and {out_dir / 'rolling.csv'}")
    # Two plans were written: the verdict is the rolling one's.
    out.print(f"The independent checker's verdict on the rolling plan ({out_dir / 'rolling'}):")
    report = _judge(scenario, spec, out_dir / "rolling")
    if not report.ok:
        raise typer.Exit(EXIT_VIOLATIONS)


@app.command()
def resilience(
    scenario_path: ScenarioPath,
    announced: Annotated[
        str, typer.Option(help="Month (YYYY-MM) a partner may announce it leaves.")
    ],
    notice: Annotated[int, typer.Option(help="Months of notice it gives.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the plan and the table.")],
    model: ModelName = "security-keeping",
    time_limit: TimeLimitPerSolve = None,
    gap: MipGap = None,
    quiet: Quiet = False,
) -> None:
    """A plan that holds up if any one non-lead partner withdraws.

    Prints its worst case against the plain plan's, and which partner causes it."""
    problems = _output_problems(
        ("--out", out_dir, True),
        inputs=(("the scenario", scenario_path),),
        holds=(RESILIENCE_MARKERS, "resilience"),
    )
    written = len(problems)
    month = _month(announced, "--announced", problems)
    readable = len(problems) == written
    if notice < 0:
        problems.append(Problem("--notice", None, None, "range", "must be at least 0", str(notice)))

    def in_horizon(scenario: Scenario) -> list[Problem]:
        return _withdrawal_problems(scenario, month, notice) if readable else []

    scenario, spec, options = _inputs_or_exit(
        scenario_path, model, problems, judge=in_horizon, time_limit=time_limit, gap=gap
    )
    out.print("The plain plan, its re-plan for each partner's withdrawal, the resilient plan...")
    try:
        with _plan_or_exit(), _solve_log(quiet) as log:
            plain, hedged, seconds = plain_and_resilient(
                scenario, spec, month, notice, options, log=log
            )
    except NoRecourse as stopped:
        _say_no_recourse(stopped, out_dir)
        raise typer.Exit(EXIT_INFEASIBLE) from None
    with _whole_or_exit(out_dir, "the plain plan and its re-plans"):
        table = hedged.write(out_dir, plain)
    out.print(_figures_shown(table))
    _say_resilience(plain, hedged, seconds, scenario, month)
    # The plain plan and its re-plans were written too: the verdict is the resilient one's.
    out.print(f"The independent checker's verdict on the resilient plan ({out_dir / 'plan'}):")
    report = _judge(scenario, spec, out_dir / "plan")
    if not report.ok:
        raise typer.Exit(EXIT_VIOLATIONS)


def _withdrawal_problems(scenario: Scenario, month: str, notice: int) -> list[Problem]:
    """A withdrawal announced in `month` with `notice` months judged against the scenario:
    outside its horizon, leaving after it, or a partner with nothing to withdraw."""
    if not 0 <= scenario.month_index(month) < scenario.settings.months:
        message = f"must lie in the scenario's horizon, {scenario.settings.start}..{scenario.end}"
        return [Problem("--announced", None, None, "outside-horizon", message, month)]
    if notice >= 0 and scenario.month_index(month) + notice >= scenario.settings.months:
        # Every partner would serve to the horizon's end: each re-plan the plain one.
        message = (
            f"a partner announcing in {month} leaves in {add_months(month, notice)}, after "
            f"the horizon's last month ({scenario.end}): no withdrawal to hedge against"
        )
        return [Problem("--notice", None, None, "outside-horizon", message, str(notice))]
    if notice < 0:
        return []
    last = add_months(month, notice - 1)
    # Coming after it would leave (nations.csv's join), or gone by then anyway (its
    # leave): a partner that sends nothing is a plan without it, not a withdrawal, and
    # its re-plan would show only the solver's noise.
    unhedged = (
        ("joins-later", joining_late(scenario, month, notice), f"join(s) after {last}"),
        ("gone-before", gone_before(scenario, month, notice), f"leave(s) by {last}"),
    )
    problems = [
        Problem(
            "--announced",
            None,
            None,
            rule,
            f"{', '.join(nations)} {when}, the last month a partner announcing in {month} "
            "would serve: nothing of theirs to withdraw, so their withdrawal is not hedged",
            month,
            severity="warning",
        )
        for rule, nations, when in unhedged
        if nations
    ]
    if not partners(scenario, month, notice):
        # Said with the other problems, before anything is solved.
        message = (
            f"no partner other than the lead has units by {last}, the last month it would "
            f"serve after announcing in {month}: no withdrawal to hedge against"
        )
        problems.append(Problem("--announced", None, None, "no-partner", message, month))
    return problems


def _say_no_recourse(stopped: NoRecourse, out_dir: Path) -> None:
    """Why no resilient plan was found, partner by partner, then what finished, written."""
    # Why first: a folder that cannot take what finished must not hide it.
    err.print(f"[red]{escape(stopped.headline())}.[/red]")
    for partner, how, why in stopped.partners():
        err.print(f"  {escape(partner)}: {how}", highlight=False)
        for line in why:
            err.print(f"    {escape(line)}", highlight=False)
    with _whole_or_exit(out_dir, "the plain plan and its re-plans"):
        stopped.write(out_dir)
    err.print(escape(stopped.kept(out_dir) + "."), highlight=False)


def _say_resilience(
    plain: Resilience,
    hedged: Resilience,
    seconds: dict[str, float],
    scenario: Scenario,
    month: str,
) -> None:
    """Each plan's worst case against its own nominal, and whether the plain plan is as
    resilient as the resilient one."""
    for label, found in (("plain", plain), ("resilient", hedged)):
        value = found.worst[1]
        # The worst case is by the objective (shortfall, cost, changes and the rest, by
        # the model's weights): a partner's leaving can save money, add shortfall and rank
        # below nominal.
        solved = how_solved({"termination": found.result.termination, "gap": found.result.gap})
        nominal = found.objectives[NOMINAL]
        said = (
            f"no partner's leaving costs more than none leaving: objective {nominal:,.0f}"
            if value <= nominal or alike(value, nominal)
            else f"worst case objective {value:,.0f} if {_one_of(found.worst_partners)} leaves"
        )
        out.print(
            f"{label}: {said} (the model's weighted terms; last solve {solved}; "
            f"{seconds[label]:.1f} s in all)"
        )
        below = [
            partner
            for partner, objective in found.objectives.items()
            if partner != NOMINAL and objective < nominal and not alike(objective, nominal)
        ]
        if below:
            # A partner with no tour "saved" 277 M by leaving: the re-plan had searched on.
            out.print(
                f"  {label} without {_one_of(below)} scores below the plan it re-plans: a "
                "withdrawal takes units away, so the difference is likely where the plan's "
                "own search stopped, not the withdrawal's; a longer --time-limit narrows it"
            )
    if not hedged.result.has_solution:
        # A failed solver is not helped by more time (FAILED says what is).
        advice = (
            f"{FAILED[0].upper()}{FAILED[1:]}"
            if hedged.result.termination == "error"
            else "Give it more time (--time-limit) for a better one"
        )
        out.print(
            "The joint solve stopped before it found a plan: the resilient plan is the plain "
            f"plan. {advice}."
        )
    elif hedged.decided_before(scenario, month) == plain.decided_before(scenario, month):
        # Its worst case is then the plain plan's too, re-planned as the joint solve did.
        out.print(
            f"The resilient plan decides as the plain plan before {month} (the same tours "
            "mobilized, recruits, officers on tasks and handovers): "
            "the plain plan is as resilient, and its worst case is the resilient one's; "
            "the separate re-plans above found worse recourse after the withdrawal."
        )
    elif hedged.as_resilient_as(plain):
        out.print(
            f"The resilient plan's objective and worst case are the plain plan's: the plain "
            f"plan is as resilient (the two differ before {month} only in choices of equal "
            "worth)."
        )


def _one_of(names: list[str]) -> str:
    """`A`, `A or B`, `A, B or C`."""
    return " or ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def _help_in_paragraphs() -> None:
    """Each command's help as its docstring's paragraphs, a line each: typer's rich help
    keeps a docstring's line breaks, which a terminal then breaks again mid-line."""
    for command in app.registered_commands:
        doc = inspect.getdoc(command.callback) or ""
        command.help = "\n\n".join(" ".join(p.split()) for p in doc.split("\n\n"))


_help_in_paragraphs()
