"""forcegen: force generation and sustainment planning for security-keeping missions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forcegen.scenario import Scenario, ScenarioError, load_scenario, read_scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario", "read_scenario"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Loaded when first asked for: branch-and-bound's worker process imports
    # `forcegen.branch`, which needs neither pandas nor pydantic, and starts faster so.
    if name in __all__:
        import forcegen.scenario

        return getattr(forcegen.scenario, name)
    raise AttributeError(f"module 'forcegen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
