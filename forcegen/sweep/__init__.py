"""Scenario analysis at scale: sweep specifications (`spec`), executors and the run index
(`runner`), comparisons and frontiers (`compare`). The package imports none of them, so
that reading runs (a report's, a re-plan's comparison) does not load the model and solver
the runner needs."""
