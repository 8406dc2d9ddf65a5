"""Scenario analysis at scale: sweep specifications, executors and the run index."""

from forcegen.sweep.runner import run_sweep
from forcegen.sweep.spec import SweepSpec, load_sweep

__all__ = ["SweepSpec", "load_sweep", "run_sweep"]
