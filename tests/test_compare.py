"""Comparisons of runs: deltas against a baseline, and the figures of a comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from forcegen.sweep.compare import OtherCurrency, compare_runs


def _run(folder: Path, kpis: dict[str, float], currency: str | None) -> Path:
    """A run folder of `kpis`, keeping a scenario in `currency` (None: the default)."""
    (folder / "scenario").mkdir(parents=True)
    settings = {"name": "copied"} | ({"currency": currency} if currency else {})
    (folder / "scenario" / "scenario.yaml").write_text(yaml.safe_dump(settings))
    (folder / "kpis.json").write_text(json.dumps(kpis))
    return folder


def test_costs_in_another_currency_than_the_baselines_are_not_subtracted(tmp_path: Path) -> None:
    """A copy of a scenario in EUR against its USD run read as a rise of 37.5M, +14.2%,
    said only as other contents of the scenario."""
    usd = _run(tmp_path / "usd", {"cost": 263.7e6, "total_shortfall": 3117.0}, "USD")
    eur = _run(tmp_path / "eur", {"cost": 301.2e6, "total_shortfall": 2766.0}, "EUR")
    # The schema's default currency is USD: a scenario that names none is in the baseline's.
    unnamed = _run(tmp_path / "unnamed", {"cost": 250.0e6, "total_shortfall": 3000.0}, None)
    with pytest.warns(OtherCurrency) as said:
        table = compare_runs([usd, eur, unnamed], judge=False).set_index(["run", "kpi"])
    assert [str(warning.message) for warning in said] == [
        f"{eur}: [other-currency] its costs are in EUR, the baseline's in USD: not "
        "subtracted (delta and delta_pct blank)"
    ]
    cost = table.loc[("eur", "cost")]
    assert (cost["unit"], cost["value"], cost["baseline"]) == ("EUR", 301.2e6, 263.7e6)
    assert pd.isna(cost["delta"]) and pd.isna(cost["delta_pct"])
    # What is no money changes as before; a run in the baseline's currency too.
    assert table.loc[("eur", "total_shortfall"), "delta"] == -351.0
    assert table.loc[("unnamed", "cost"), "delta"] == pytest.approx(-13.7e6)
    assert table.loc[("unnamed", "cost"), "unit"] == "USD"
