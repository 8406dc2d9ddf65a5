"""forcegen: force generation and sustainment planning for security-keeping missions."""

from forcegen.scenario import Scenario, ScenarioError, load_scenario, read_scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario", "read_scenario"]
__version__ = "0.1.0"
