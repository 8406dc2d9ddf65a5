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
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from forcegen.scenario.problems import Problem, ScenarioError, validation_problem
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import TABLE_BY_NAME, column_name
from forcegen.scenario.validate import check_scenario
from forcegen.spec import ModelSpec, SolverOptions

Value = float | int | str | bool | None | dict[str, float]


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
        raise ScenarioError([Problem(label, None, None, "yaml-syntax", str(exc))]) from None
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


def _apply_number(current: Any, value: Value) -> Any:
    if isinstance(value, dict):
        if set(value) != {"scale"}:
            raise ValueError(f"an override is a value or {{scale: x}}, not {value}")
        if current is None:
            return None
        scaled = current * value["scale"]
        return (
            round(scaled) if isinstance(current, int) and not isinstance(current, bool) else scaled
        )
    return value


def apply_overrides(
    scenario: Scenario, spec: ModelSpec, options: SolverOptions, overrides: dict[str, Value]
) -> tuple[Scenario, ModelSpec, SolverOptions]:
    """The inputs with every override applied and validated (ValueError names the bad one)."""
    document = scenario.model_dump(by_alias=True)
    spec_doc = spec.model_dump()
    solver_doc = options.model_dump()
    roots = {"settings": document["settings"], "model": spec_doc, "solver": solver_doc}
    for address, value in overrides.items():
        head, *rest = address.split(".")
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
    try:
        result = (
            Scenario.model_validate(document),
            ModelSpec.model_validate(spec_doc),
            SolverOptions.model_validate(solver_doc),
        )
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']} (value {e.get('input')!r})"
            for e in exc.errors()
        )
        raise ValueError(f"the overrides give invalid inputs: {reasons}") from None
    errors = [str(p) for p in check_scenario(result[0]) if p.severity == "error"]
    if errors:
        raise ValueError("the overrides break scenario rules: " + "; ".join(errors))
    return result


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
