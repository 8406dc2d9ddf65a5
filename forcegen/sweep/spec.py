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
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    field_validator,
    model_validator,
)

from forcegen.scenario.problems import Problem, ScenarioError, validation_problem, yaml_problem
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import SETTINGS_FILE, TABLE_BY_NAME, column_name
from forcegen.scenario.validate import check_scenario
from forcegen.spec import ModelSpec, SolverOptions, horizon_problems


def _value(value: object) -> object:
    """An override's value as written; one message for a value of no form an override
    takes, where the union gave one per alternative, each named by its Python type
    (`set.a.dict[str,float]`)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
    ):
        return {str(k): float(v) for k, v in value.items()}
    raise ValueError("should be a number, a text, true or false, or {scale: x}")


Value = Annotated[float | int | str | bool | dict[str, float] | None, PlainValidator(_value)]


class Variant(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(..., min_length=1, pattern=r"^[A-Za-z0-9_.=\-]+$")
    set: dict[str, Value] = Field(default_factory=dict)


class SweepSpec(BaseModel):
    """A sweep file: what to vary around which base."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(..., min_length=1)
    scenario: Path
    model: str = "security-keeping"
    solver: dict[str, Value] = Field(default_factory=dict)
    variants: list[Variant] = Field(default_factory=list)
    grid: dict[str, list[Value]] = Field(default_factory=dict)

    @field_validator("grid")
    @classmethod
    def _grid_not_empty(cls, grid: dict[str, list[Value]]) -> dict[str, list[Value]]:
        for address, values in grid.items():
            if not values:
                raise ValueError(f"grid entry {address} has no values")
        return grid

    @model_validator(mode="after")
    def _names_unique(self) -> SweepSpec:
        # Each variant has a run folder named after it: two of a name would share one.
        names = [variant.name for variant in self.expand()]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(
                f"variant names repeat, and each needs a folder of its own: {repeated}"
            )
        return self

    def expand(self) -> list[Variant]:
        """Every variant crossed with every grid point, named by what it sets."""
        bases = self.variants or [Variant(name="base")]
        points: list[dict[str, Value]] = [
            dict(zip(self.grid, combo, strict=True))
            for combo in itertools.product(*self.grid.values())
        ]
        expanded = []
        for base in bases:
            for point in points:
                label = ",".join(f"{a.split('.')[-1]}={_label(v)}" for a, v in point.items())
                name = base.name if not label else f"{base.name}-{label}"
                expanded.append(Variant(name=_safe(name), set={**base.set, **point}))
        return expanded


def _label(value: Value) -> str:
    if isinstance(value, dict) and "scale" in value:
        return f"x{value['scale']:g}"
    return str(value)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "_.=-" else "-" for c in name)


def load_sweep(path: str | Path) -> SweepSpec:
    """Read a sweep file; the scenario path is relative to the file. Raises ScenarioError."""
    path = Path(path)
    label = path.name
    if not path.is_file():
        raise ScenarioError([Problem(label, None, None, "missing-file", "no sweep file here")])
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        sweep = SweepSpec.model_validate(document)
    except yaml.YAMLError as exc:
        raise ScenarioError([yaml_problem(label, exc)]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError([Problem(label, None, None, "encoding", str(exc))]) from None
    except ValidationError as exc:
        raise ScenarioError(
            [
                validation_problem(label, None, ".".join(map(str, e["loc"])) or None, e)
                for e in exc.errors()
            ]
        ) from None
    if not sweep.scenario.is_absolute():
        sweep = sweep.model_copy(update={"scenario": (path.parent / sweep.scenario).resolve()})
    return sweep


class BadAddress(ValueError):
    """An override's address names no setting, column or row: a typo in the sweep file,
    not a variant that fails."""


class BadOverrides(ValueError):
    """Overrides that give inputs breaking a rule: `problems` names each by the address
    of the value that breaks it (a row by its key, as an address names it)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("the overrides give invalid inputs: " + "; ".join(map(str, problems)))


def _apply_number(current: Any, value: Value) -> Any:
    if isinstance(value, dict):
        if set(value) != {"scale"}:
            raise ValueError(f"an override is a value or {{scale: x}}, not {value}")
        if current is None:
            return None
        if not isinstance(current, int | float) or isinstance(current, bool):
            raise ValueError(f"only a number can be scaled, not {current!r}")
        scaled = current * value["scale"]
        return (
            round(scaled) if isinstance(current, int) and not isinstance(current, bool) else scaled
        )
    return value


def apply_overrides(
    scenario: Scenario,
    spec: ModelSpec,
    options: SolverOptions,
    overrides: dict[str, Value],
    where: str = "overrides",
) -> tuple[Scenario, ModelSpec, SolverOptions]:
    """The inputs with every override applied and validated. Raises BadAddress for an
    address that names nothing, else BadOverrides with every rule the inputs break, each
    a problem at `where` (the sweep file and variant, say) and the value's address."""
    document = scenario.model_dump(by_alias=True)
    spec_doc = spec.model_dump()
    solver_doc = options.model_dump()
    roots = {"settings": document["settings"], "model": spec_doc, "solver": solver_doc}
    problems = []
    for address, value in overrides.items():
        head, *rest = address.split(".")
        try:
            if head in roots and rest and (head != "solver" or len(rest) == 1):
                node = roots[head]
                for part in rest[:-1]:
                    if not isinstance(node.get(part), dict):
                        raise BadAddress(f"{address}: no such setting '{part}'")
                    node = node[part]
                _set(node, rest[-1], value, address)
            elif head in TABLE_BY_NAME and len(rest) == 2:
                _set_cells(document, head, rest[0], rest[1], value, address)
            else:
                raise BadAddress(
                    f"{address}: not an address (settings., model., solver., table.key.column)"
                )
        except BadAddress:
            raise
        except ValueError as exc:
            problems.append(
                Problem(where, None, address, "override", str(exc), str(value_text(value)))
            )
    # A value that could not be set leaves the one before: the rest are still judged.
    parts: dict[str, Any] = {}
    for root, model, inputs in (
        ("", Scenario, document),
        ("model", ModelSpec, spec_doc),
        ("solver", SolverOptions, solver_doc),
    ):
        try:
            parts[root] = model.model_validate(inputs)
        except ValidationError as exc:
            for e in exc.errors():
                address = ".".join(p for p in (root, _address(document, e["loc"])) if p)
                problems.append(validation_problem(where, None, address, e))
    if problems:
        # The rows one address names (every AUS row of ceilings.csv) break a rule together.
        raise BadOverrides(list(dict.fromkeys(problems)))
    result = (parts[""], parts["model"], parts["solver"])
    problems = [
        Problem(where, None, _row_address(document, p), p.rule, p.message, p.value)
        for p in check_scenario(result[0])
        if p.severity == "error"
    ]
    problems += [
        Problem(where, None, f"model.{p.column}", p.rule, p.message, p.value)
        for p in horizon_problems(result[1], result[0], where)
    ]
    if problems:
        raise BadOverrides(list(dict.fromkeys(problems)))
    return result


def value_text(value: Value) -> Any:
    """An override's value as written down (the index's `set:` columns, a problem): a
    `{scale: x}` as its JSON, anything else as it is."""
    return json.dumps(value) if isinstance(value, dict) else value


def _row_key(document: dict[str, Any], table: str, index: int) -> str:
    """A row as an address names it: by its key, or by its row in the file for a table
    without one (demand, which an address reaches with `*`)."""
    key = TABLE_BY_NAME[table].key
    return str(document[table][index][key[0]]) if key else f"row {index + 2}"


def _address(document: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """pydantic's location of a value in the scenario (`nations.1.leave`) as an address
    (`nations.N02.leave`); settings, model and solver locations are addresses already."""
    head, *rest = loc
    if head in TABLE_BY_NAME and rest and isinstance(rest[0], int):
        return ".".join([str(head), _row_key(document, str(head), rest[0]), *map(str, rest[1:])])
    return ".".join(map(str, loc))


def _row_address(document: dict[str, Any], problem: Problem) -> str:
    """Where a rule across the scenario's tables is broken (a file, row and column of a
    scenario written out), as an address."""
    table = problem.file.removesuffix(".csv")
    if problem.file == SETTINGS_FILE:
        parts = ["settings"]
    elif table in TABLE_BY_NAME and problem.row is not None and problem.row >= 2:
        parts = [table, _row_key(document, table, problem.row - 2)]
    else:
        parts = [table]
    return ".".join(parts + ([problem.column] if problem.column else []))


def _set(node: dict[str, Any], key: str, value: Value, address: str) -> None:
    if key not in node:
        raise BadAddress(f"{address}: no such setting '{key}'")
    node[key] = _apply_number(node[key], value)


def _set_cells(
    document: dict[str, Any], table: str, key: str, column: str, value: Value, address: str
) -> None:
    spec = TABLE_BY_NAME[table]
    fields = {column_name(spec, name): name for name in spec.row.model_fields}
    if column not in fields:
        raise BadAddress(f"{address}: {spec.file} has no column '{column}'")
    rows = document[table]
    matched = [row for row in rows if key == "*" or (spec.key and str(row[spec.key[0]]) == key)]
    if not matched:
        raise BadAddress(f"{address}: no row of {spec.file} has key '{key}'")
    name = column if column in matched[0] else fields[column]
    if isinstance(value, dict) and all(row[name] is None for row in matched):
        # A blank stays blank under a scale: the variants would all be the same scenario.
        raise BadAddress(f"{address}: every cell it names in {spec.file} is blank, none to scale")
    for row in matched:
        row[name] = _apply_number(row[name], value)


def inputs_hash(scenario: Scenario, spec: ModelSpec, options: SolverOptions) -> str:
    """Fingerprint of everything a run depends on: same hash, same plan."""
    payload = json.dumps(
        [scenario.model_dump(mode="json"), spec.model_dump(mode="json"), options.model_dump()],
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()
