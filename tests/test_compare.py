"""Comparisons of runs: deltas against a baseline, and the figures of a comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from forcegen.plots import RUN_PALETTE
from forcegen.stats import kpi_unit
from forcegen.sweep.compare import NUMERIC_KPIS, OtherCurrency, compare_runs, comparison_figure


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


def _figures_of(runs: list[str]) -> pd.DataFrame:
    """A comparison's table of `runs`, every figure 1 and the baseline's too."""
    return pd.DataFrame(
        [
            {
                "run": run,
                "kpi": kpi,
                "unit": kpi_unit(kpi, "USD"),
                "value": 1.0,
                "baseline": 1.0,
                "violations": 0,
            }
            for run in runs
            for kpi in NUMERIC_KPIS
        ]
    )


def test_each_run_of_a_comparison_has_a_bar_of_its_own_colour_or_pattern() -> None:
    """Plotly's ten colours over again gave 15 runs five pairs that could not be told apart."""
    runs = [f"budget=x{i}" for i in range(15)]
    bars = [bar for bar in comparison_figure(_figures_of(runs)).data if bar.showlegend]
    assert [bar.name for bar in bars] == runs
    assert len({bar.marker.color for bar in bars}) == 15
    assert {bar.marker.pattern.shape for bar in bars} == {""}
    # Beyond the palette's colours, a run is told apart by its bars' pattern.
    runs = [f"budget=x{i}" for i in range(len(RUN_PALETTE) + 2)]
    bars = [bar for bar in comparison_figure(_figures_of(runs)).data if bar.showlegend]
    marks = [(bar.marker.color, bar.marker.pattern.shape) for bar in bars]
    assert len(set(marks)) == len(runs)
    assert marks[-2:] == [(RUN_PALETTE[0], "/"), (RUN_PALETTE[1], "/")]
    # A run's bar is its colour and pattern in every chart, named in the legend once.
    first = {bar.legendgroup: bar.marker for bar in bars}
    for bar in comparison_figure(_figures_of(runs)).data:
        assert bar.marker == first[bar.legendgroup]
