"""Scenario analysis at scale: sweep specifications (`spec`), executors and the run index
(`runner`), comparisons and frontiers (`compare`)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from forcegen import offered

if TYPE_CHECKING:
    from forcegen.sweep.runner import run_sweep
    from forcegen.sweep.spec import SweepSpec, load_sweep

__all__ = ["SweepSpec", "load_sweep", "run_sweep"]
_HOME = {"SweepSpec": "spec", "load_sweep": "spec", "run_sweep": "runner"}


def __getattr__(name: str) -> Any:
    # Loaded when first asked for: reading runs (a report's, a re-plan's comparison, through
    # `compare`) must not load the runner, and with it the model and solver.
    if name in _HOME:
        return getattr(import_module(f"forcegen.sweep.{_HOME[name]}"), name)
    raise AttributeError(f"module 'forcegen.sweep' has no attribute {name!r}")


def __dir__() -> list[str]:
    return offered(globals(), __all__)
