"""forcegen: force generation and sustainment planning for security-keeping missions.

The entry points, in the order a notebook takes them:

- `load_scenario(folder_or_workbook)`: a validated, frozen `Scenario` (`ScenarioError`
  lists every problem at once, `ScenarioWarning` says each warning);
  `scenario.table(name)` and `scenario.with_table(name, df)` (or
  `with_tables(name=df, ...)`) edit it in pandas;
- `load_spec(name_or_path)`: a model specification (`models/*.yaml`);
- `solve_scenario(scenario, spec, options)`: a `Run`, whose `plan` holds tidy tables;
- `Results.from_folder(run)` or `Results.from_plan(plan, scenario)`: what `forcegen.stats`
  and `forcegen.plots` take;
- `check_plan(scenario, spec, plan)`: the independent checker's verdict;
- `evaluate_plan(scenario, spec, tables)`: a hand-made plan's every table worked out.

The README's "From Python" section shows them together.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names re-exported, for type checkers (ruff: `x as x`)
    from forcegen.checker import check_plan as check_plan
    from forcegen.evaluate import evaluate_plan as evaluate_plan
    from forcegen.run import solve_scenario as solve_scenario
    from forcegen.scenario import Scenario as Scenario
    from forcegen.scenario import ScenarioError as ScenarioError
    from forcegen.scenario import ScenarioWarning as ScenarioWarning
    from forcegen.scenario import load_scenario as load_scenario
    from forcegen.scenario import read_scenario as read_scenario
    from forcegen.spec import load_spec as load_spec
    from forcegen.stats import Results as Results

# Each name with the module that defines it, imported when first asked for:
# branch-and-bound's worker process imports `forcegen.branch`, which needs neither pandas
# nor pydantic nor Pyomo, and starts faster so.
_HOME = {
    "Scenario": "forcegen.scenario",
    "ScenarioError": "forcegen.scenario",
    "ScenarioWarning": "forcegen.scenario",
    "load_scenario": "forcegen.scenario",
    "read_scenario": "forcegen.scenario",
    "load_spec": "forcegen.spec",
    "solve_scenario": "forcegen.run",
    "Results": "forcegen.stats",
    "check_plan": "forcegen.checker",
    "evaluate_plan": "forcegen.evaluate",
}
__all__ = list(_HOME)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(_HOME[name]), name)
    raise AttributeError(f"module 'forcegen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return offered(globals(), __all__)


def offered(namespace: dict[str, Any], exported: list[str]) -> list[str]:
    """What a notebook's completion offers of a package or module (`namespace`: its
    globals): its entry points (`exported`), dunders (the version) and its own submodules
    imported so far; its imports (`Any`, `import_module`, a module's `os` and `pd`) had
    been offered too."""
    inside = f"{namespace['__name__']}."
    own = [
        name
        for name, value in namespace.items()
        if isinstance(value, ModuleType) and value.__name__.startswith(inside)
    ]
    return sorted({*exported, *own, *(name for name in namespace if name.startswith("__"))})
