"""Scenario input: the format (schema), reading, validation and writing, and the events
file that changes a scenario (`events`)."""

from forcegen.scenario.load import LoadResult, load_scenario, read_scenario
from forcegen.scenario.problems import Problem, ScenarioError, ScenarioWarning
from forcegen.scenario.scenario import Scenario

__all__ = [
    "LoadResult",
    "Problem",
    "Scenario",
    "ScenarioError",
    "ScenarioWarning",
    "load_scenario",
    "read_scenario",
]
