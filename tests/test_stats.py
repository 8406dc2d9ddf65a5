"""Statistics and key figures read from a run folder, on tiny cases built in Python."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from forcegen import stats as st
from forcegen.run import solve_scenario
from forcegen.stats import Results
from tests.factory import scenario, spec, unit


def test_the_reserve_share_of_a_plan_with_nobody_in_theatre_is_none(tmp_path: Path) -> None:
    """No demand, no tour: a share of no person-months is none, where 0% said every one
    of them was active; kpis.json's null is read back as it is written."""
    case = scenario(months=6, units=[unit("a")], demand=[])
    run = solve_scenario(case, spec())
    assert run.plan.kpis["tours"] == 0
    assert run.plan.kpis["reserve_share"] is None
    run.write(tmp_path / "run")
    results = Results.from_folder(tmp_path / "run")
    assert results.kpis["reserve_share"] is None
    figures = st.kpis(results).set_index("kpi")["value"]
    assert pd.isna(figures["reserve_share"])
    assert st.kpi_shown("reserve_share", figures["reserve_share"]) == ""
