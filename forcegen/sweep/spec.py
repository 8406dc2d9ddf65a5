"""Sweep specifications: a base scenario and model, named variants and grids of overrides.

An override addresses one setting or table cell by name:

    settings.<field>, settings.domestic.<field>     scenario.yaml
    <table>.<key>.<column>                          a cell; `*` as key means every row
    model.<section>.<field>                         the model specification
    solver.<field>                                  solver options

and gives it a value, or `{scale: x}` to multiply the current number (blanks stay blank).
Variants are the named override sets (a baseline with none if there are none), each
crossed with every point of the grid.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, get_args

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from forcegen.fileio import safe_name
from forcegen.scenario.load import broken_row, kept_fields, not_said, read_scenario
from forcegen.scenario.problems import (
    Problem,
    ScenarioError,
    did_you_mean,
    errors,
    read_yaml,
    say_warnings,
    validation_problem,
    yaml_line,
)
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import (
    SETTINGS_FILE,
    TABLE_BY_NAME,
    TABLES,
    Settings,
    TableSpec,
    column_name,
    wide_field,
)
from forcegen.scenario.validate import Locator, check_scenario
from forcegen.shown import shortened
from forcegen.spec import (
    MODELS_DIR,
    RULES_EDITION,
    ModelSpec,
    SolverOptions,
    horizon_problems,
    idle_settings,
    load_spec,
    model_warnings,
    resolve_spec_path,
    spec_label,
)

# The sweep's index, in its output folder beside the run folders named after the variants.
INDEX = "index.parquet"
# The status of a variant a sweep was stopped before it finished (a Ctrl-C).
NOT_RUN = "not-run"
# In a variant's run folder, the hash of the inputs it was solved with (`inputs_hash`).
HASH_FILE = "inputs.sha256"
# A frontier's reference run, the plan without a budget cap, beside its points.
REFERENCE = "unconstrained"


def _value(value: object) -> object:
    """An override's value as written; one message for a value of no form an override
    takes, where the union gave one per alternative, each named by its Python type
    (`set.a.dict[str,float]`)."""
    numbers = value.values() if isinstance(value, dict) else [value]
    if any(isinstance(n, float) and not math.isfinite(n) for n in numbers):
        # YAML's .nan and .inf: no setting, cell or scale takes them.
        raise ValueError("should be a finite number")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date):
        # YAML reads 2000-02-01 unquoted as a date; a setting or cell takes it as text.
        return str(value)
    if isinstance(value, dict) and all(_a_number(v) for v in value.values()):
        scale = {str(k): float(v) for k, v in value.items()}
        # Here, where the file writes it: judged as each variant is, a scale below 0 was
        # one problem per row it reaches, per variant it is crossed into.
        _factor(scale)
        return scale
    raise ValueError("should be a number, a text, true or false, or {scale: x}")


def _a_number(value: object) -> bool:
    """Whether a scale's factor is a number: YAML 1.1 reads 1e3 (no point, no sign in its
    exponent) as text, which `{scale: 1e3}` means as the number."""
    if isinstance(value, str):
        try:
            return math.isfinite(float(value))  # nan as text is no number, as .nan is none
        except ValueError:
            return False
    return isinstance(value, int | float) and not isinstance(value, bool)


def _factor(scale: dict[str, float]) -> float:
    """The factor of a `{scale: x}`; ValueError where it has other keys, or the factor
    is 0 or less: every number a scale reaches is 0 or more (a count, a share, a sum of
    money), and a scale of 0 makes each 0, which the value 0 says plainly."""
    if set(scale) != {"scale"}:
        raise ValueError(f"an override is a value or {{scale: x}}, not {scale}")
    if not _a_number(scale["scale"]):
        raise ValueError("should be a number, a text, true or false, or {scale: x}")
    factor = float(scale["scale"])  # 1e3 as YAML 1.1 reads it: text (`_a_number`)
    if factor <= 0:
        raise ValueError(
            f"a scale must be more than 0, not {factor:g}: no number it reaches may be "
            "below 0; for 0, give the value 0"
        )
    return factor


Value = Annotated[float | int | str | bool | dict[str, float] | None, PlainValidator(_value)]


def _not_empty(values: list[Value]) -> list[Value]:
    if not values:
        raise ValueError("a grid entry needs at least one value")
    return values


def _none_written(cls: type[BaseModel], value: object, info: ValidationInfo) -> object:
    """A part of a sweep file whose entries are all commented out (`grid:` with nothing
    under it, which YAML reads as null) as one written empty: none of them, where it was
    refused as no mapping, or no list, though it read as the planner meant."""
    if value is None and info.field_name is not None:
        return cls.model_fields[info.field_name].get_default(call_default_factory=True)
    return value


NAME_LIMIT = 120


class Variant(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # A run folder's name, with room for the staging prefix under a file system's 255.
    name: str = Field(..., min_length=1, max_length=NAME_LIMIT, pattern=r"^[A-Za-z0-9_.=\-]+$")
    set: dict[str, Value] = Field(default_factory=dict)

    _set_none_written = field_validator("set", mode="before")(classmethod(_none_written))

    @field_validator("name")
    @classmethod
    def _a_folder_of_its_own(cls, name: str) -> str:
        # The name is the variant's run folder's, in the sweep's output folder: `..` is
        # outside it, `.` the folder itself, the files being written there are staged
        # under names starting with '.', and the index is there too.
        if name.startswith("."):
            raise ValueError(
                "names the variant's run folder in the sweep's output folder, so may not "
                "start with '.' ('.' and '..' are folders already)"
            )
        if name.casefold() == INDEX.casefold():
            raise ValueError(
                f"names the variant's run folder, and {INDEX} is the sweep's index beside it"
            )
        return name


class SweepSpec(BaseModel):
    """A sweep file: what to vary around which base."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(..., min_length=1)
    scenario: Path
    model: str = "security-keeping"
    solver: dict[str, Value] = Field(default_factory=dict)
    variants: list[Variant] = Field(default_factory=list)
    # Each entry on its own, so that an empty one is named and the others still judged;
    # one whose values are all commented out (null) is as empty.
    grid: dict[
        str,
        Annotated[
            list[Value],
            BeforeValidator(lambda values: [] if values is None else values),
            AfterValidator(_not_empty),
        ],
    ] = Field(default_factory=dict)

    _sections_none_written = field_validator("solver", "variants", "grid", mode="before")(
        classmethod(_none_written)
    )

    @model_validator(mode="after")
    def _names_unique(self) -> SweepSpec:
        if message := names_repeated([variant.name for variant in self.expand()]):
            # Its own type: a sweep file's names are judged at their lines (`_Written`).
            raise PydanticCustomError(NAMES_REPEATED, message)
        return self

    def expand(self) -> list[Variant]:
        """Every variant crossed with every grid point, named by what it sets."""
        return [
            Variant(name=name, set=values)
            for base in self.variants or [Variant(name="base")]
            for name, values in _crossed(base.name, base.set, self.grid)
        ]


NAMES_REPEATED = "names_repeated"


def names_repeated(names: list[str]) -> str | None:
    """Why variants of these names cannot run side by side, or None: each has a run folder
    named after it, and two of a name would share one (two alike but for case, too, where
    the file system ignores case)."""
    folded = [name.casefold() for name in names]
    repeated = sorted({name for name in folded if folded.count(name) > 1})
    return (
        f"variant names repeat, and each needs a folder of its own: {repeated}"
        if repeated
        else None
    )


def _crossed(
    name: str, overrides: Mapping[str, Value], grid: dict[str, list[Value]]
) -> list[tuple[str, dict[str, Value]]]:
    """A variant's name and overrides crossed with every point of the grid: each point's
    name (the variant's and what the point sets) and overrides."""
    crossed = []
    said = _said(grid)
    for combo in itertools.product(*grid.values()):
        point = dict(zip(grid, combo, strict=True))
        label = ",".join(f"{said[a]}={_label(v)}" for a, v in point.items())
        full = safe_name(f"{name}-{label}" if label else name)
        if len(full) > NAME_LIMIT:  # a long text varied: cut, kept apart by its digest
            full = f"{full[: NAME_LIMIT - 9]}-{hashlib.sha256(full.encode()).hexdigest()[:8]}"
        crossed.append((full, {**overrides, **point}))
    return crossed


def _said(addresses: Iterable[str]) -> dict[str, str]:
    """How a grid point's name says each address the grid varies: by its setting or
    column (`budget`), with as much of the address before it as tells it from the grid's
    others (`AUS.budget` beside `NZL.budget`, where both were `budget` and which nation's
    budget was cut could not be told from the names); a `*`, every row, says nothing."""
    parts = {address: [p for p in _parts(address) if p != "*"] for address in addresses}
    said = {}
    for address, own in parts.items():
        names = [".".join(own[-n:]) for n in range(1, len(own) + 1)]
        said[address] = next(
            (
                name
                for n, name in enumerate(names, 1)
                if all(".".join(theirs[-n:]) != name for a, theirs in parts.items() if a != address)
            ),
            # No part of it tells it apart (or it is no address, said as such): all of it.
            names[-1] if names else address,
        )
    return said


def _overlap(one: str, other: str) -> bool:
    """Whether two addresses reach a value in common: the same, or a table's column of
    rows one names by key and the other by `*`."""
    if one == other:
        return True
    a, b = _parts(one), _parts(other)
    return (
        len(a) == len(b) == 3
        and a[0] == b[0]
        and a[0] in TABLE_BY_NAME
        and a[2] == b[2]
        and "*" in (a[1], b[1])
    )


def _reaches(address: str, column: str | None) -> bool:
    """Whether the override at `address` sets the value a problem is about: its own, or
    a row's that `*` names (a problem of `budgets.*.budget` comes back at the row it is
    about, `budgets.AUS.budget`); a problem of a whole column (`nations.*.lead`: no lead
    left) is any of its rows' (`nations.AAA.lead: false`)."""
    parts, cell = _parts(address), _parts(column or "")
    return len(parts) == len(cell) and all(
        a in {c, "*"} or c == "*" for a, c in zip(parts, cell, strict=True)
    )


def _about(addresses: Iterable[str], column: str | None) -> str | None:
    """The override a problem at `column` is about: the one that sets that value, else one
    that sets another cell of its row, for a rule between a row's cells is said at one of
    them (a period's `first` set past its `last` is said at the `last`)."""
    addresses = list(addresses)
    return next((a for a in addresses if _reaches(a, column)), None) or next(
        (a for a in addresses if _in_its_row(a, column)), None
    )


def _in_its_row(address: str, column: str | None) -> bool:
    """Whether the override at `address` sets a cell of the table row `column` is in, by
    its key or `*`."""
    parts, cell = _parts(address), _parts(column or "")
    return (
        len(parts) == len(cell) == 3
        and parts[0] in TABLE_BY_NAME
        and parts[0] == cell[0]
        and parts[1] in {cell[1], "*"}
    )


def _label(value: Value) -> str:
    """A grid value as its point's name says it: a cell's words (blank, true), not
    Python's (None, True)."""
    if isinstance(value, dict) and "scale" in value:
        return f"x{value['scale']:g}"
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


# Where in a sweep file: keys and list positions from the top, as pydantic locates.
Location = tuple[int | str, ...]
# Where each override of a variant is written: the file and variant (or grid), and line.
Places = dict[str, tuple[str, int | None]]


def written_hash(folder: Path) -> str | None:
    """The hash of the inputs whose run `folder` holds (`HASH_FILE`); None where there
    is none, or it cannot be read as text (written over, spoilt)."""
    try:
        return (folder / HASH_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def load_sweep(path: str | Path) -> SweepSpec:
    """Read a sweep file and judge it, before anything runs, against its scenario (a path
    relative to the file) and model. Raises ScenarioError with every problem at once:
    the file's own (a key, a name, a value of no form), the scenario's, the model's, the
    solver options', and each override's (an address that names nothing, a value that
    breaks a rule). A part of the file found wrong is left out of the later checks, not
    the rest of the file with it. Its warnings (the scenario's, the model's before the
    solve, and those a variant's values bring) are each said as a `ScenarioWarning`, as
    `load_scenario` says its own, but those it said already of the scenario
    (`run_sweep(..., warn=False)` then, not to say them twice)."""
    sweep, problems = read_sweep(path)
    if sweep is None:
        raise ScenarioError(problems)
    say_warnings(not_said(sweep.scenario, problems), stacklevel=2)
    return sweep


def read_sweep(path: str | Path) -> tuple[SweepSpec | None, list[Problem]]:
    """`load_sweep`'s sweep, None where it has errors, and its problems, warnings too."""
    path = Path(path)
    label = path.name
    problems: list[Problem] = []  # a key given twice, said with the file's other faults
    try:
        document, tree = read_yaml(path, label, problems, missing=f"no sweep file at {path}")
    except ScenarioError as exc:  # no YAML, or no file: nothing more to judge
        return None, exc.problems
    sweep: SweepSpec | None = None
    found: list[Any] = []
    try:
        sweep = SweepSpec.model_validate(document)
    except ValidationError as exc:
        # Names repeated are said at the lines of the names (`_Written.names_repeated`).
        found = [e for e in exc.errors() if e["type"] != NAMES_REPEATED]
    wrong = {e["loc"] for e in found}
    written = _Written(label, document if isinstance(document, dict) else {}, tree, wrong)
    for e in found:
        where, column = written.place(e["loc"])
        line = yaml_line(tree, e["loc"])
        problems.append(validation_problem(where, line, column, e, SweepSpec))
    problems = _by_line([*problems, *written.judged(path.parent)], label)
    if errors(problems):
        return None, problems
    assert sweep is not None  # else a problem of its own
    if not sweep.scenario.is_absolute():
        sweep = sweep.model_copy(update={"scenario": (path.parent / sweep.scenario).resolve()})
    # As the scenario is, so that a sweep runs the same from any folder and on any worker.
    return sweep.model_copy(update={"model": model_at(path.parent, sweep.model)}), problems


def judge_sweep(sweep: SweepSpec) -> list[Problem]:
    """A sweep made in Python judged as `load_sweep` judges a file (its scenario and model
    paths relative to the working folder), every problem at once, each named by the
    sweep's name and variant where a file's would be by its line."""
    document = sweep.model_dump()
    return _Written(f"sweep {sweep.name}", document, None, set()).judged(Path.cwd())


def model_at(folder: Path, model: str) -> str:
    """A sweep's model: a bundled model's bare name as given, as `--model` takes it; a
    spec file beside the sweep file (its path relative to it), by its absolute path; else
    as given (a name in models/, or an absolute path)."""
    # An edited copy left beside the sweep file as NAME.yaml had been solved under,
    # unasked, where `--model NAME` solves under the bundled model (`resolve_spec_path`).
    if resolve_spec_path(model).parent == MODELS_DIR and Path(model).name == model:
        return model
    beside = resolve_spec_path(folder / model)
    return str(beside.resolve()) if beside.is_file() else model


@dataclass(frozen=True)
class _Written:
    """A sweep file as written (its document and YAML nodes), with the locations where
    it was found wrong: what is right in it is judged against the scenario and model
    all the same, the parts found wrong left out."""

    label: str
    document: dict[str, Any]
    tree: yaml.Node | None
    wrong: set[Location]

    def right(self, *loc: int | str) -> bool:
        """Whether nothing was found wrong at `loc`, at a part holding it, or in its key
        (a key that is no text, which pydantic locates below the entry as "[key]")."""
        found = (*(loc[:n] for n in range(1, len(loc) + 1)), (*loc, "[key]"))
        return not any(where in self.wrong for where in found)

    def items(self, *loc: int | str) -> list[tuple[Any, Any]]:
        """The entries found right (keys or positions, and values) of the mapping or list
        at `loc`, itself found right (so of the kind the sweep file takes there); none
        where it is not written."""
        if not self.right(*loc):
            return []
        node: Any = self.document
        for key in loc:
            node = node.get(key) if isinstance(node, dict) else node[key]
        pairs = node.items() if isinstance(node, dict) else enumerate(node or [])
        return [(key, value) for key, value in pairs if self.right(*loc, key)]

    def name(self, i: int) -> str:
        """How the `i`th variant is named where its problems are said: by its name as
        written, found wrong too (its own problem shows it whole), or by its place in the
        list where it has none in words."""
        name = self.document["variants"][i].get("name")
        return shortened(name) if isinstance(name, str) and name.strip() else f"variants.{i}"

    def place(self, loc: Location) -> tuple[str, str | None]:
        """Where a problem of the file's own at `loc` is said, as a variant's problems
        are: in a variant's entry, at the variant (by its name) and the key in it (an
        override by its address); in the grid's, at the grid and the address it varies;
        else at the file and the key's path. `variants.3.set.nations.AAA.ceiling` left the
        analyst to count to the fourth variant."""
        match loc:
            case ("variants", int(i), "set", *address) if address:
                return f"{self.label}, variant {self.name(i)}", ".".join(map(str, address))
            case ("variants", int(i), *key) if key:
                return f"{self.label}, variant {self.name(i)}", ".".join(map(str, key))
            case ("grid", str(address), *_):
                return f"{self.label}, grid", address
        return self.label, ".".join(map(str, loc)) or None

    def problem(self, loc: Location, rule: str, message: str) -> Problem:
        """A problem of the file's own at `loc`, said at its place and line."""
        where, column = self.place(loc)
        return Problem(where, yaml_line(self.tree, loc), column, rule, message)

    def judged(self, folder: Path) -> list[Problem]:
        """The problems of the scenario, the model and the solver options, and, once the
        scenario is read, of each variant's overrides (every variant is judged as a whole,
        against the scenario and, once it is read too, the model). An override of what
        could not be read is judged on its own (`judged_alone`): a model misspelt had
        hidden every variant's problems with the scenario, said only once it was mended."""
        scenario, problems = None, []
        if self.right("scenario") and "scenario" in self.document:
            loaded = read_scenario(folder / self.document["scenario"])
            scenario = loaded.scenario
            problems = self._at_its_key("scenario", "scenario-path", loaded.problems)
        spec = None
        given = self.document.get("model", SweepSpec.model_fields["model"].default)
        if self.right("model"):
            try:
                spec = load_spec(model_at(folder, given))
            except ScenarioError as exc:
                problems += self._at_its_key("model", "missing-file", exc.problems, given)
        options = self.options(spec.solver if spec is not None else SolverOptions(), problems)
        problems += self._set_and_varied()
        # Here, not by pydantic, which judges the names only of a file it finds no other
        # fault in, and at no line.
        problems += self.names_repeated()
        if scenario is None:
            # What an override is on its own holds whatever the base; what it makes of the
            # base, and the rules across tables, wait for a base that can be read.
            for where, _, overrides, places, _ in self.variants():
                problems += [_located(p, places) for p in judged_alone(overrides, where)]
            return _by_line(list(dict.fromkeys(problems)), self.label)
        first_of: dict[str, str] = {}  # inputs hash -> the first variant of those inputs
        found: list[tuple[Problem, Places]] = []
        if spec is not None:
            # The model's warnings before the solve, as `solve` says them (a run's own are
            # kept from the sweep's progress: `solved_once`): the base's at their lines in
            # its file, under the sweep file's solver options, which the runs are solved
            # under.
            model = model_at(folder, given)
            ran = spec.model_copy(update={"solver": options})
            problems += model_warnings(model, ran, scenario, spec_label(model))
        # The base's warnings are said once, as the scenario's: a variant's, those it brings,
        # once for the entry that writes them (a grid's value, in each of its points).
        base = {(p.rule, p.message) for p in problems if p.severity == "warning"}
        warned: set[tuple[int | None, str | None, str, str]] = set()
        for where, line, overrides, places, whole in self.variants():
            said: list[Problem] = []
            inputs = None
            try:
                if spec is None:
                    _without_a_model(scenario, options, overrides, where, said)
                else:
                    inputs = apply_overrides(scenario, spec, options, overrides, where, said)
                    said += _model_warnings_of(*inputs, where)
            except BadOverrides as exc:
                found += [(_located(problem, places), places) for problem in exc.problems]
                continue
            for p in (_located(p, places) for p in said if (p.rule, p.message) not in base):
                if (key := (p.row, p.column, p.rule, p.message)) not in warned:
                    warned.add(key)
                    problems.append(p)
            if inputs is None or not whole:
                # Its inputs not all known (the model unread), or some of its values, found
                # wrong, left out: it may be another's inputs only for that.
                continue
            name = where.removeprefix(f"{self.label}, variant ")
            first = first_of.setdefault(inputs_hash(*inputs), name)
            if first != name:
                # A time-limited search ends where the machine leaves it: the two runs
                # would differ, and the difference be read as the values' effect.
                message = (
                    f"the same inputs as variant {first}: its values are those in force "
                    "there, so its run could differ from that one's only as a search "
                    "stopped by the clock does; drop it, or change a value"
                )
                problems.append(Problem(where, line, None, "same-inputs", message))
        problems = list(dict.fromkeys([*problems, *_once_at_its_entry(found)]))
        return _by_line(problems, self.label)

    def _at_its_key(
        self, key: str, rule: str, problems: list[Problem], given: object = None
    ) -> list[Problem]:
        """`problems`, those of `rule` (a path to no scenario, no model) as the sweep
        file's own, at the line of `key` and its value (`given`, else as written)."""
        value = self.document.get(key) if given is None else given
        line = yaml_line(self.tree, (key,))
        return [
            replace(p, file=self.label, row=line, column=key, value=str(value))
            if p.rule == rule
            else p
            for p in problems
        ]

    def _set_and_varied(self) -> list[Problem]:
        """Two overrides of one run that reach the same value: a variant's override of
        what the grid varies (every run crossed with the grid would take the grid's value,
        the variant's lost unseen), or two of a variant's, or of the grid, where `*`
        reaches a row the other names (`budgets.*.budget` scaled and `budgets.AUS.budget`
        set: the second applies to what the first made, and the index records a value
        no run had)."""
        varied = [address for address, _ in self.items("grid")]
        problems = [
            self._twice(("grid", later), later, "the grid varies", earlier)
            for n, later in enumerate(varied)
            for earlier in varied[:n]
            if _overlap(earlier, later)
        ]
        for i, variant in self.items("variants"):
            name = variant.get("name", i)
            written = [address for address, _ in self.items("variants", i, "set")]
            problems += [
                self._twice(("variants", i, "set", later), later, f"variant {name} sets", other)
                for n, later in enumerate(written)
                for other in written[:n]
                if _overlap(other, later)
            ]
            problems += [
                self.problem(
                    ("variants", i, "set", address),
                    "set-and-varied",
                    f"variant {name} sets {address}, which the grid varies"
                    + (
                        ": each of its runs would take the grid's value; drop one of the two"
                        if grid == address
                        else f" as {grid}: where both reach, each of its runs would take "
                        "the grid's value; name rows apart, or drop one"
                    ),
                )
                for address in written
                for grid in varied
                if _overlap(address, grid)
            ]
        return problems

    def names_repeated(self) -> list[Problem]:
        """Variants that would share a run folder, each said at the line that makes it: a
        variant named as an earlier one (or alike but for case), or a grid's value named
        as an earlier one of its entry (scales of 1.2 and 1.20000001); the names repeated
        alone (`names_repeated`, at no line) where neither is why."""
        problems = []
        first: dict[str, int] = {}  # a name casefolded -> the first variant of it
        for i, variant in self.items("variants"):
            if not self.right("variants", i, "name"):
                continue
            name = variant["name"]
            earlier = first.setdefault(name.casefold(), i)
            if earlier == i:
                continue
            other = self.document["variants"][earlier]["name"]
            said = f"the variant at line {yaml_line(self.tree, ('variants', earlier, 'name'))}"
            why = (
                f"{said} is {name} too"
                if other == name
                else f"{said} is {other}: alike but for case, one folder where the file "
                "system ignores case"
            )
            said = f"{names_repeated([other, name])} ({why})"
            problems.append(self.problem(("variants", i, "name"), "format", said))
        for address, key in _said(address for address, _ in self.items("grid")).items():
            problems += self._grid_names_repeated(address, key)
        named = [where.removeprefix(f"{self.label}, variant ") for where, *_ in self.variants()]
        # A name refused on its own is said so, and names no folder: two of `a b` are not
        # also two folders `a-b`.
        refused = any(not self.right("variants", i, "name") for i, _ in self.items("variants"))
        if not problems and not refused and (message := names_repeated(named)):
            problems.append(Problem(self.label, None, None, "format", message))
        return problems

    def _grid_names_repeated(self, address: str, key: str) -> list[Problem]:
        """The values of the grid's entry for `address` (said `key` in a run's name) that
        name their runs as an earlier value does, each at its line, with why."""
        problems = []
        # A value's part of a run's name, casefolded -> the first value of it.
        first: dict[str, tuple[int, Any]] = {}
        for n, value in self.items("grid", address):
            label = _label(value)
            m, earlier = first.setdefault(safe_name(label).casefold(), (n, value))
            if m == n:
                continue
            if json.dumps(earlier) == json.dumps(value):
                why = "given twice"
            elif label == _label(earlier) and isinstance(value, dict):
                why = "a scale is named to 6 significant figures"
            elif label == _label(earlier):
                why = "a name writes a value as text"
            elif safe_name(label) == label and safe_name(_label(earlier)) == _label(earlier):
                why = "alike but for case, one folder where the file system ignores case"
            else:
                why = "a name keeps letters, digits and _.=-, any other character written '-'"
            message = (
                f"variant names repeat, and each needs a folder of its own: "
                f"{json.dumps(earlier)} and {json.dumps(value)} both name their runs "
                f"{key}={safe_name(label)} ({why}); give values apart, or drop one"
            )
            line = yaml_line(self.tree, ("grid", address, n))
            problems.append(Problem(f"{self.label}, grid", line, address, "format", message))
        return problems

    def _twice(self, loc: Location, address: str, what: str, earlier: str) -> Problem:
        """`address`, at `loc`, overriding a value `earlier` reaches too."""
        message = (
            f"{what} {address}, which {earlier} reaches too: the later would apply to what "
            "the earlier made, and the index record a value no run had; name rows apart, "
            "or drop one"
        )
        return self.problem(loc, "set-twice", message)

    def options(self, base: SolverOptions, problems: list[Problem]) -> SolverOptions:
        """`base` with the file's solver options, or `base` with a problem added to
        `problems` for each option that is not one (a blank one too: the runs take the
        options as written), named by its key."""
        given = dict(self.items("solver"))
        try:
            return SolverOptions.model_validate({**base.model_dump(), **given})
        except ValidationError as exc:
            for e in exc.errors():
                loc = ("solver", *e["loc"])
                column = ".".join(map(str, loc))
                problems.append(
                    validation_problem(
                        self.label, yaml_line(self.tree, loc), column, e, SolverOptions
                    )
                )
            return base

    def variants(self) -> list[tuple[str, int | None, dict[str, Value], Places, bool]]:
        """Every variant the file's right parts make, crossed with the grid: where its
        problems are said and the line of its entry (None: the grid's alone), its
        overrides, where each override is written (the variant's entry or the grid's,
        and its line), and whether its entry is whole (none of its values found wrong)."""
        grid: dict[str, list[Value]] = {}
        places: Places = {}
        for address, _ in self.items("grid"):
            if values := [value for _, value in self.items("grid", address)]:
                grid[address] = values
                places[address] = (f"{self.label}, grid", yaml_line(self.tree, ("grid", address)))
        bases: list[tuple[str, int | None, dict[str, Value], Places, bool]] = []
        for i, _ in self.items("variants"):
            name = self.name(i)
            entries = self.items("variants", i, "set")
            where = f"{self.label}, variant {name}"
            bases.append(
                (
                    name,
                    yaml_line(self.tree, ("variants", i)),
                    dict(entries),
                    {
                        a: (where, yaml_line(self.tree, ("variants", i, "set", a)))
                        for a, _ in entries
                    },
                    not any(loc[:2] == ("variants", i) for loc in self.wrong),
                )
            )
        return [
            (f"{self.label}, variant {crossed}", line, overrides, {**written, **places}, whole)
            for name, line, base, written, whole in bases or [("base", None, {}, {}, True)]
            for crossed, overrides in _crossed(name, base, grid)
        ]


def _model_warnings_of(
    scenario: Scenario, spec: ModelSpec, options: SolverOptions, where: str
) -> list[Problem]:
    """The model's warnings before the solve (`idle_settings`) of a variant's inputs, at
    `where` (the variant) and the address of the setting each is of, to be said where the
    base has none alike: a variant's min_nations of 5 over the scenario's 2 nations."""
    ran = spec.model_copy(update={"solver": options})
    return [replace(p, column=f"model.{p.column}") for p in idle_settings(ran, scenario, where)]


def _by_line(problems: list[Problem], label: str) -> list[Problem]:
    """Each file's problems from its first line, as a planner mends them going down the
    file, the files in the order they were first said; the sweep file's (`label`) are
    one file's, its variants' and its grid's among them. One at no line comes after its
    file's others, by its place (the file, a variant, the grid) in the order first said.
    They came in the order the rules are judged: a variant's line 8 before its line 7,
    and the grid's line 20, found by pydantic, before the model's at line 3."""

    def file(p: Problem) -> str:
        return label if p.file.startswith(f"{label}, ") else p.file

    files = {name: i for i, name in enumerate(dict.fromkeys(map(file, problems)))}
    places = {place: i for i, place in enumerate(dict.fromkeys(p.file for p in problems))}
    return sorted(
        problems,
        key=lambda p: (files[file(p)], math.inf if p.row is None else p.row, places[p.file]),
    )


def _located(problem: Problem, places: Places) -> Problem:
    """A variant's problem at the line of the override it is about; an address that
    names nothing at the entry that writes it (the variant's or the grid's), for it is
    wrong in every variant made of that entry."""
    place = _place(problem, places)
    if place is None:
        return problem
    where, line = place
    if problem.rule == ADDRESS:
        return replace(problem, file=where, row=line)
    return replace(problem, row=line)


def _place(problem: Problem, places: Places) -> tuple[str, int | None] | None:
    """Where the override a variant's problem is about is written (None: no override's)."""
    address = _about(places, problem.column)
    return None if address is None else places[address]


def _once_at_its_entry(found: list[tuple[Problem, Places]]) -> list[Problem]:
    """Variants' problems (each with where its variant's overrides are written), one
    found alike in several variants said once, at the entry that writes its override
    (the variant's or the grid's), with how many variants and the first: an entry of
    the grid, or of a variant crossed with it, is judged in each variant it makes, and a
    value that breaks a rule in each (a ceiling of -5) had been said once per grid
    point."""
    alike: dict[Problem, list[Problem]] = {}
    for problem, places in found:
        entry = _place(problem, places)
        key = problem if entry is None else replace(problem, file=entry[0])
        alike.setdefault(key, []).append(problem)
    said: list[Problem] = []
    for key, (first, *more) in alike.items():
        if not more or first.file == key.file:
            said += dict.fromkeys([first, *more])
            continue
        variant = first.file.rpartition(", variant ")[2]
        message = f"{key.message} (in {len(more) + 1} variants, the first {variant})"
        said.append(replace(key, message=message))
    return said


class BadOverrides(ValueError):
    """Overrides that give inputs breaking a rule: `problems` names each by the address
    of the value that breaks it (a row by its key, as an address names it)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("the overrides give invalid inputs: " + "; ".join(map(str, problems)))


# The rule of an override whose address names nothing.
ADDRESS = "address"


class _NamesNothing(Exception):
    """Raised, with why, while applying an override whose address names nothing."""


def _apply_number(current: Any, value: Value) -> Any:
    if isinstance(value, dict):
        factor = _factor(value)
        if current is None:
            return None
        if isinstance(current, bool):
            raise ValueError("true/false cannot be scaled, only a number: give true or false")
        if not isinstance(current, int | float):
            shown = "a blank cell" if current in ((), "") else repr(current)
            raise ValueError(f"only a number can be scaled, not {shown}")
        scaled = current * factor
        # A whole number (a ceiling, a unit's personnel) stays whole, a half rounded up as
        # a planner rounds it (Python's round takes 676.5 to 676, 307.5 to 308), after the
        # float noise of the product (45 x 0.7 is 31.499999999999996) is taken off; a
        # fraction loses that noise too (0.6 x 1.5 is 0.8999999999999999), which the
        # variant's files and the index would otherwise show, but no figure of its own
        # (2/3 scaled by 1 is 2/3).
        if isinstance(current, int):
            return math.floor(round(scaled, 9) + 0.5)
        figure = float(f"{scaled:.12g}")
        return figure if abs(figure - scaled) <= 4 * math.ulp(scaled) else scaled
    return value


def _parts(address: str) -> list[str]:
    """An address's parts: a table cell's table, key and column (a code may hold '.',
    `units.AUS.1-inf.personnel`); a setting's or option's path."""
    head, _, tail = address.partition(".")
    if head in TABLE_BY_NAME and "." in tail:
        return [head, *tail.rsplit(".", 1)]
    return address.split(".")


# The schema of each part of the inputs an address may name besides a table.
ROOTS: dict[str, type[BaseModel]] = {
    "settings": Settings,
    "model": ModelSpec,
    "solver": SolverOptions,
}
# The roots of ROOTS whose base is the model's (the solver options' too: its `solver:`).
MODEL_ROOTS = ("model", "solver")


def _target(address: str) -> tuple[str, list[str]]:
    """The part of the inputs an address names (a root of ROOTS or a table) and the rest
    of its parts; _NamesNothing where it has no form of an address."""
    head, *rest = _parts(address)
    if head == "model" and rest[:1] == ["solver"]:
        # The run's options are `options` with the solver. overrides: this copy of them in
        # the spec would be written to model.yaml and not run.
        raise _NamesNothing("solver options are addressed as solver.<field>")
    if head in ROOTS and rest and (head != "solver" or len(rest) == 1):
        return head, rest
    if head in TABLE_BY_NAME and len(rest) == 2:
        return head, rest
    known = [*ROOTS, *TABLE_BY_NAME]
    # A section of the model or settings written without its root (`weights.shortfall`):
    # the address meant, where a misspelling of the root itself is said as one.
    under = [root for root, kind in ROOTS.items() if head in kind.model_fields]
    meant = f"; did you mean {under[0]}.{address}?" if len(under) == 1 and rest else ""
    raise _NamesNothing(
        "not an address (settings., model., solver., table.key.column)"
        + (meant or did_you_mean(head, known, n=2))
    )


def judged_alone(overrides: Mapping[str, Value], where: str) -> list[Problem]:
    """What is wrong with each override whatever the inputs it changes (for a sweep whose
    scenario or model cannot be read), at `where` and its address: an address of no form
    or naming a setting, option or column the inputs never have (rule ADDRESS, first), a
    value of no override's form, and a value its setting, option or column refuses on its
    own. Not judged: a row's key (the rows are the base's), a scale (of the base's
    value), nor the rules across a row's values or tables."""
    unknown, problems = [], []
    for address, value in overrides.items():
        try:
            head, rest = _target(address)
            if head in ROOTS:
                model = ROOTS[head]
                for part in rest[:-1]:
                    model = _section(model, part)
                field = rest[-1]
                if field not in model.model_fields:
                    raise _NamesNothing(_no_setting(field, model.model_fields))
            else:
                table = TABLE_BY_NAME[head]
                model, field = table.row, _column(table, *rest)
            _apply_number(None, value)  # only its form: a scale applies to the base's value
        except _NamesNothing as exc:
            unknown.append(Problem(where, None, address, ADDRESS, str(exc)))
            continue
        except ValueError as exc:
            problems.append(
                Problem(where, None, address, "override", str(exc), str(value_text(value)))
            )
            continue
        if isinstance(value, dict):
            continue
        if head in TABLE_BY_NAME and (cell := _task_cell(TABLE_BY_NAME[head], field)):
            try:
                cell.validate_python(value)
            except ValidationError as exc:
                problems += [validation_problem(where, None, address, e) for e in exc.errors()]
            continue
        try:
            model.model_validate({field: value})
        except ValidationError as exc:
            # The row's or section's other values are the base's: only this one's own.
            problems += [
                validation_problem(where, None, ".".join([address, *map(str, e["loc"][1:])]), e)
                for e in exc.errors()
                if e["loc"][:1] == (field,) and e["type"] != "missing"
            ]
    return [*unknown, *problems]


def _section(model: type[BaseModel], part: str) -> type[BaseModel]:
    """The section `part` of the settings or model `model`; _NamesNothing if it has none."""
    info = model.model_fields.get(part)
    section = info.annotation if info is not None else None
    if not (isinstance(section, type) and issubclass(section, BaseModel)):
        raise _NamesNothing(_no_setting(part, model.model_fields))
    return section


def apply_overrides(
    scenario: Scenario,
    spec: ModelSpec,
    options: SolverOptions,
    overrides: Mapping[str, Value],
    where: str = "overrides",
    said: list[Problem] | None = None,
) -> tuple[Scenario, ModelSpec, SolverOptions]:
    """The inputs with every override applied and validated. Raises BadOverrides with
    every problem of the overrides at once, each at `where` (the sweep file and variant,
    say) and the value's address: first each address that names nothing (rule ADDRESS, a
    typo in the sweep file), then every rule the other values break. The warnings of the
    scenario so made (a nation that joins after the horizon) are added to `said`."""
    document, parts = _overridden(scenario, spec, options, overrides, where, said)
    return Scenario.model_validate(document), parts["model"].read_from(spec.file), parts["solver"]


def _without_a_model(
    scenario: Scenario,
    options: SolverOptions,
    overrides: Mapping[str, Value],
    where: str,
    said: list[Problem],
) -> None:
    """`apply_overrides`'s judgement where the model could not be read: BadOverrides with
    every problem of `overrides`, those of an address that names nothing first. The
    overrides of the model, and of the solver options (the model's `solver:` is their
    base), are judged alone (`judged_alone`); the scenario's against `scenario`."""
    alone = {a: v for a, v in overrides.items() if _parts(a)[0] in MODEL_ROOTS}
    problems = judged_alone(alone, where)
    rest = {a: v for a, v in overrides.items() if a not in alone}
    try:
        _overridden(scenario, None, options, rest, where, said)
    except BadOverrides as exc:
        problems += exc.problems
    if problems:
        raise BadOverrides(sorted(problems, key=lambda p: p.rule != ADDRESS))


def _overridden(
    scenario: Scenario,
    spec: ModelSpec | None,
    options: SolverOptions,
    overrides: Mapping[str, Value],
    where: str,
    said: list[Problem] | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`apply_overrides`'s work: the scenario's document, and the model and solver options
    by their roots, with every override applied and validated; BadOverrides as it says.
    `spec` None: the model could not be read, so the overrides given are none of its
    (`judged_alone` judges those), and the rules across model and scenario wait for it."""
    document = scenario.model_dump(by_alias=True)
    # The rows as the sweep's addresses name them: a variant that sets a row's key (a unit
    # renamed) has its problems said at the address it wrote, not at the key it made.
    written = scenario.model_dump(by_alias=True)
    spec_doc = spec.model_dump() if spec is not None else None
    solver_doc = options.model_dump()
    roots = {"settings": document["settings"], "solver": solver_doc}
    if spec_doc is not None:
        roots["model"] = spec_doc
    unknown, problems = [], []
    for address, value in overrides.items():
        try:
            head, rest = _target(address)
            if head in roots:
                node = roots[head]
                for part in rest[:-1]:
                    if not isinstance(node.get(part), dict):
                        raise _NamesNothing(_no_setting(part, node))
                    node = node[part]
                _set(node, rest[-1], value)
            else:
                _set_cells(document, head, rest[0], rest[1], value)
        except _NamesNothing as exc:
            unknown.append(Problem(where, None, address, ADDRESS, str(exc)))
        except ValueError as exc:
            problems.append(
                Problem(where, None, address, "override", str(exc), str(value_text(value)))
            )
    # A value that could not be set, or an address that names nothing, leaves the value
    # before: the rest are still judged.
    scenario, locator, own = _rows_on_their_own(document, written, where)
    problems += own
    parts: dict[str, Any] = {}
    for root, model, inputs in (
        ("model", ModelSpec, spec_doc),
        ("solver", SolverOptions, solver_doc),
    ):
        if inputs is None:
            continue
        try:
            parts[root] = model.model_validate(inputs)
        except ValidationError as exc:
            for e in exc.errors():
                address = f"{root}.{_address(written, e['loc'])}"
                problems.append(validation_problem(where, None, address, e, model))
    # The rules across tables among the rows and settings that keep their own, as loading
    # a scenario judges them: a variant's every problem at once, not one round of them
    # hidden behind another.
    checked = check_scenario(scenario, locator, settings_ok=scenario.settings is not None)
    problems += [
        Problem(
            where,
            None,
            _key_given(p, overrides) or _row_address(written, p),
            p.rule,
            p.message,
            p.value,
        )
        for p in checked
        if p.severity == "error"
    ]
    if said is not None:
        said += [
            replace(p, file=where, row=None, column=_row_address(written, p))
            for p in checked
            if p.severity == "warning" and p.rule not in UNUSED
        ]
    # A value the scenario never applies (nations.csv's ceiling where ceilings.csv rules
    # with another in every month the nation serves), set by an override: the variant is
    # the baseline's.
    for p in checked:
        cell = _row_address(written, p)
        if p.rule in UNUSED and (setting := _setting(cell, overrides)):
            nation = cell.removeprefix("nations.").rsplit(".", 1)[0]
            message = f"{p.message}: set {UNUSED[p.rule].format(nation)} too, or instead"
            unknown.append(Problem(where, None, setting, ADDRESS, message, p.value))
    if "model" in parts and scenario.settings is not None:
        problems += [
            Problem(where, None, f"model.{p.column}", p.rule, p.message, p.value)
            for p in horizon_problems(parts["model"], scenario, where)
        ]
    problems = list(
        dict.fromkeys(_key_taken(p, overrides) for p in _by_override(problems, overrides))
    )
    if unknown:
        raise BadOverrides([*unknown, *problems])
    if problems:
        raise BadOverrides(problems)
    return document, parts


def _key_given(problem: Problem, overrides: Mapping[str, Value]) -> str | None:
    """The override that gave a row the key `problem` finds on two rows (duplicate-key),
    if one did: validation says it at the later row, which may be the row whose key it was
    all along, at no line of the sweep file."""
    if problem.rule != "duplicate-key":
        return None
    table = problem.file.removesuffix(".csv")
    return next(
        (
            address
            for address, value in overrides.items()
            if address.startswith(f"{table}.")
            and address.endswith(f".{problem.column}")
            and str(value) == problem.value
        ),
        None,
    )


def _key_taken(problem: Problem, overrides: Mapping[str, Value]) -> Problem:
    """`problem` at the override that renamed the key it finds no row of, if one did (a
    region renamed, whose demand rows name it still), saying where it is named: said at
    those rows, it was at no line of the sweep file."""
    for address in overrides:
        table, *rest = _parts(address)
        spec = TABLE_BY_NAME.get(table)
        # The table its codes are defined in: keyed by them alone, the rule named after them.
        if (
            spec is not None
            and spec.key == (spec.selector,)
            and problem.rule == f"unknown-{spec.selector}"
            and rest == [str(problem.value), spec.selector]
        ):
            message = f"{problem.message}: renamed here, and {problem.column} names it still"
            return replace(problem, column=address, message=message)
    return problem


def _by_override(problems: list[Problem], overrides: Mapping[str, Value]) -> list[Problem]:
    """`problems` with those of one rule in the rows one override sets (a scale of every
    row of budgets.csv, which leaves some below 0) said once, at the override's address
    as written, with how many rows break it and the first: the rows break it together,
    and a planner mends the one value written."""
    # A problem of a value no override sets (a rule across tables that an override of
    # another table breaks) is a group of its own.
    groups: dict[tuple[str, str] | Problem, list[Problem]] = {}
    for problem in problems:
        address = _about(overrides, problem.column)
        groups.setdefault(problem if address is None else (address, problem.rule), []).append(
            problem
        )
    said = []
    for key, (first, *more) in groups.items():
        address = first.column if isinstance(key, Problem) else key[0]
        if first.column == address and not more:
            said.append(first)
            continue
        rows = f"{len(more) + 1} rows break it, the first" if more else "in"
        message = f"{first.message}: {rows} {first.column}"
        value = first.value
        if isinstance(key, tuple) and not _reaches(key[0], first.column):
            # Said at the override of another cell of the row: its value as written.
            value = value_text(overrides[key[0]])
        said.append(replace(first, column=address, message=message, value=value))
    return said


def _rows_on_their_own(
    document: dict[str, Any], written: dict[str, Any], where: str
) -> tuple[Scenario, Locator, list[Problem]]:
    """The scenario of `document`'s settings and rows that keep their own rules (its
    settings None where they break one), unchecked across tables; the rows that break
    theirs, whose other cells can still name codes no table defines; and each value's
    problem, at `where` and its address, its row named as in `written` (the document
    before the overrides)."""
    problems = []
    fields: dict[str, Any] = {}
    try:
        fields["settings"] = Settings.model_validate(document["settings"])
    except ValidationError as exc:
        fields["settings"] = None
        for e in exc.errors():
            address = _address(written, ("settings", *e["loc"]))
            problems.append(validation_problem(where, None, address, e))
    locator = Locator()
    for spec in TABLES:
        valid, places, broken = [], [], []
        for index, row in enumerate(document[spec.name]):
            # Numbered as a written table's rows, as `_row_address` reads them back.
            number = index + 2
            try:
                valid.append(spec.row.model_validate(row))
                places.append(number)
            except ValidationError as exc:
                for e in exc.errors():
                    address = _address(written, (spec.name, index, *e["loc"]))
                    problems.append(validation_problem(where, None, address, e))
                failed = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
                broken.append(broken_row(number, row, failed, kept_fields(spec.row, row, exc)))
        fields[spec.name] = tuple(valid)
        locator.add(spec.name, spec.file, places, broken=broken)
    return Scenario.model_construct(**fields), locator, problems


def value_text(value: Value) -> Any:
    """An override's value as a problem shows it: a `{scale: x}` as its JSON, and a value
    cleared (null) as its JSON too, `null`; anything else as it is."""
    return json.dumps(value) if value is None or isinstance(value, dict) else value


def _row_key(document: dict[str, Any], table: str, index: int) -> str:
    """A row as an address names it: by its key (`TableSpec.selector`), or by its row in
    the file for a table without one (demand, which an address reaches with `*`)."""
    selector = TABLE_BY_NAME[table].selector
    return f"row {index + 2}" if selector is None else str(document[table][index][selector])


def _address(document: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """pydantic's location of a value in the scenario (`nations.1.leave`) as an address
    (`nations.N02.leave`); settings, model and solver locations are addresses already."""
    head, *rest = loc
    if head in TABLE_BY_NAME and rest and isinstance(rest[0], int):
        # A task's column of a wide table is addressed as the table's own columns are.
        cell = [part for part in rest[1:] if part != wide_field(TABLE_BY_NAME[str(head)])]
        return ".".join([str(head), _row_key(document, str(head), rest[0]), *map(str, cell)])
    return ".".join(map(str, loc))


def _row_address(document: dict[str, Any], problem: Problem) -> str:
    """Where a rule across the scenario's tables is broken (a file, row and column of a
    scenario written out), as an address."""
    table = problem.file.removesuffix(".csv")
    if problem.file == SETTINGS_FILE:
        parts = ["settings"]
    elif table in TABLE_BY_NAME and problem.row is not None and problem.row >= 2:
        parts = [table, _row_key(document, table, problem.row - 2)]
    elif table in TABLE_BY_NAME and problem.column:
        # A rule of a whole column (one lead): its every row, as `*` addresses them, so
        # that an override of them all is found, with its line (`nations.lead` named none).
        parts = [table, "*"]
    else:
        parts = [table]
    return ".".join(parts + ([problem.column] if problem.column else []))


# Validation's warnings of a value of nations.csv the scenario never applies, and the
# address of the rows that take its place.
UNUSED = {"ceiling-unused": "ceilings.{}.ceiling", "budget-unused": "budgets.{}.budget"}


def _setting(cell: str, overrides: Mapping[str, Value]) -> str | None:
    """The override that sets the table cell at `cell` (`nations.AUS.ceiling`), by its
    own key or `*`, if one does."""
    table, column = cell.split(".", 1)[0], cell.rsplit(".", 1)[-1]
    return next((a for a in overrides if a in (cell, f"{table}.*.{column}")), None)


def _refuse_nothing_to_scale(value: Value, currents: list[Any], why: str) -> None:
    """A scale of values all blank or 0 changes none (a blank stays blank, a 0 stays 0):
    the variants would all be one scenario."""
    # False is no 0 here (though Python's False == 0): a true/false is refused as that.
    nothing = [
        current is None or (current == 0 and not isinstance(current, bool)) for current in currents
    ]
    if isinstance(value, dict) and all(nothing):
        raise _NamesNothing(f"{why}; give a value")


def _refuse_rounded_back(value: Value, currents: list[Any]) -> list[Any]:
    """`currents` with `value` applied; ValueError for a scale other than 1 that leaves
    them all as they were, each a whole number rounded back (a ceiling of 1,000 by 1.0001):
    the variant ran as its base, silently, and was compared as a change."""
    scaled = [_apply_number(current, value) for current in currents]
    if isinstance(value, dict) and _factor(value) != 1 and scaled == currents:
        raise ValueError(
            f"a scale of {_factor(value):g} leaves every value it reaches as it was, each "
            "whole number rounded back: the variant would be its base; give a factor that "
            "changes one, or the values"
        )
    return scaled


def _no_setting(key: str, known: Iterable[str]) -> str:
    """Why an address names no setting at `key`, among the `known` where it is."""
    if key in known:  # a value, not a section, that the address goes on past
        return f"'{key}' is a setting, not a section of them: the address ends at it"
    return f"no such setting '{key}'{did_you_mean(key, known, n=2)}"


def _set(node: dict[str, Any], key: str, value: Value) -> None:
    if key not in node:
        raise _NamesNothing(_no_setting(key, node))
    shown = "blank" if node[key] is None else "0"
    _refuse_nothing_to_scale(value, [node[key]], f"'{key}' is {shown}: no scale changes it")
    node[key] = _refuse_rounded_back(value, [node[key]])[0]


def _own_columns(spec: TableSpec) -> dict[str, str]:
    """The table's columns of its own (not a task's of a wide table), and their fields."""
    wide = wide_field(spec)
    return {column_name(spec, name): name for name in spec.row.model_fields if name != wide}


def _task_cell(spec: TableSpec, column: str) -> TypeAdapter[Any] | None:
    """What a task's column of a wide table (unit_types.csv's effectiveness) holds, or
    None for a column of the table's own."""
    wide = wide_field(spec)
    if wide is None or column in _own_columns(spec):
        return None
    return TypeAdapter(get_args(spec.row.model_fields[wide].annotation)[1])


def _column(spec: TableSpec, key: str, column: str) -> str:
    """`column`, of the table `spec`'s rows named by `key` (any name, in a wide table: a
    task's, judged against tasks.csv where the rows are set); _NamesNothing where the
    table has no such column, or `key` names one row of a table whose rows have no key."""
    if column not in _own_columns(spec) and wide_field(spec) is None:
        meant = did_you_mean(column, _own_columns(spec), n=2)
        raise _NamesNothing(f"{spec.file} has no column '{column}'{meant}")
    if key != "*" and spec.selector is None:
        raise _NamesNothing(
            f"rows of {spec.file} have no key to name one by: '*' names them all "
            f"({spec.name}.*.{column})"
        )
    return column


def _set_cells(document: dict[str, Any], table: str, key: str, column: str, value: Value) -> None:
    spec = TABLE_BY_NAME[table]
    fields = _own_columns(spec)
    _column(spec, key, column)
    rows = document[table]
    if not rows:
        raise _NamesNothing(f"the scenario has no {table} table ({spec.file}): no row to set")
    matched = [row for row in rows if key == "*" or str(row[spec.selector]) == key]
    if not matched:
        raise _NamesNothing(f"no row of {spec.file} has {spec.selector} '{key}'")
    if column in fields:
        cells = [(row, column if column in row else fields[column]) for row in matched]
    else:  # a task's column: an entry of the wide field, blank where the row has none
        if column not in {task["task"] for task in document["tasks"]}:
            raise _NamesNothing(f"{spec.file} has no column '{column}', nor is it a task")
        wide = wide_field(spec)
        assert wide is not None  # else `_column` refused it
        cells = [(row[wide], column) for row in matched]
    _refuse_nothing_to_scale(
        value,
        [cell.get(name) for cell, name in cells],
        f"every cell it names in {spec.file} is blank or 0: no scale changes them",
    )
    scaled = _refuse_rounded_back(value, [cell.get(name) for cell, name in cells])
    for (cell, name), changed in zip(cells, scaled, strict=True):
        if changed is not None or name in cell:  # a task's blank cell scaled stays blank
            cell[name] = changed


def inputs_hash(scenario: Scenario, spec: ModelSpec, options: SolverOptions) -> str:
    """Fingerprint of everything a run depends on, the rules' edition too: same hash, same
    plan. Each list of codes (a nation's caveats, the domestic force's tasks) is hashed as
    the set it is, sorted and each once: a variant whose caveats were written in another
    order, on a resume, had been solved again, its plan under a time limit another and
    read as the order's effect; a variant of the same set as another is refused as the
    same inputs. A list written sorted hashes as before, so runs made before are found."""
    nations = tuple(
        n.model_copy(
            update={
                "refused_tasks": tuple(sorted(set(n.refused_tasks))),
                "refused_regions": tuple(sorted(set(n.refused_regions))),
            }
        )
        for n in scenario.nations
    )
    force = scenario.settings.domestic
    domestic = force.model_copy(update={"tasks": tuple(sorted(set(force.tasks)))})
    settings = scenario.settings.model_copy(update={"domestic": domestic})
    as_sets = scenario.model_copy(update={"nations": nations, "settings": settings})
    payload = json.dumps(
        [
            as_sets.model_dump(mode="json"),
            spec.model_dump(mode="json"),
            options.model_dump(),
            RULES_EDITION,
        ],
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()
