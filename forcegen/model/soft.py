"""Soft rules: a hard family marked `soft` in the spec gets a priced, non-negative slack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyomo.environ as pyo

from forcegen.model.sets import ModelData


def relax(
    m: pyo.ConcreteModel, data: ModelData, family: str, index: pyo.Set, name: str | None = None
) -> Callable[..., Any]:
    """Slack for a family's constraints: a variable `<family>_slack` if the rule is soft
    (or every hard rule is made elastic to diagnose infeasibility), else the constant 0.

    Slacks are in the family's own unit: personnel, millions of currency, nations. `name`
    tells apart two constraints of one family (the slack is `<name>_slack`)."""
    soft = getattr(data.spec.rules, family) == "soft" or data.elastic
    if not soft:
        return lambda *_: 0
    slack = pyo.Var(index, within=pyo.NonNegativeReals)
    m.add_component(f"{name or family}_slack", slack)
    m.terms.add(f"slack:{name or family}", data.spec.weights.slack, pyo.quicksum(slack.values()))

    def get(*key: object) -> Any:
        return slack[index_key(key)]

    return get


def index_key(parts: tuple[Any, ...]) -> Any:
    """An index's key as Pyomo holds it: a tuple of two or more parts, else the one part
    (a rule given `*place` gets `("r",)` for the key `"r"`)."""
    return parts if len(parts) > 1 else parts[0]
