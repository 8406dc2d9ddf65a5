"""Every notebook runs from top to bottom, and none is committed with outputs."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The notebooks write their runs under the system's temporary folder, as a user's
    # would; the kernel inherits TMPDIR, so that where they are is known here.
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()  # raises at the first cell that fails
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in code)
    shown = {output.get("output_type") for cell in code for output in cell.get("outputs", [])}
    assert shown & {"display_data", "execute_result"}, "the notebook shows no table or figure"
    assert not truncated_axes(notebook), "a figure's figures drawn from above zero"
    # Its runs last as long as its kernel, which has stopped: nothing is left behind.
    assert not list(tmp_path.iterdir())


def truncated_axes(notebook: nbformat.NotebookNode) -> list[str]:
    """Each figure's y axis (by its title) of lines alone whose every figure is above zero,
    drawn from its lowest one: a count of regions from 8 to 12 read as none to all."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            figure = output.get("data", {}).get(PLOTLY)
            if figure is None:
                continue
            lows: dict[str, list[float]] = {}
            for trace in figure.get("data", []):
                axis = "yaxis" + trace.get("yaxis", "y").removeprefix("y")
                ys = pd.to_numeric(pd.Series(_values(trace.get("y", []))), errors="coerce")
                # Bars are drawn from zero; a category or date axis has no zero.
                scatter = trace.get("type", "scatter") == "scatter" and ys.notna().all()
                lows.setdefault(axis, []).append(ys.min() if scatter and len(ys) else 0)
            for axis, low in lows.items():
                drawn = figure.get("layout", {}).get(axis, {})
                starts = (drawn.get("range") or [None])[0]
                from_zero = drawn.get("rangemode") == "tozero" or (
                    starts is not None and starts <= 0
                )
                if min(low) > 0 and not from_zero:
                    found.append(str(drawn.get("title", {}).get("text", axis)))
    return found


def _values(array: object) -> object:
    """A trace's values as written: plotly writes a numeric array as base64 bytes."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return array


PLOTLY = "application/vnd.plotly.v1+json"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_outputs_stripped(path: Path) -> None:
    cells = json.loads(path.read_text())["cells"]
    # nbformat 4.5 gives every cell an id; one without warns now and fails in time.
    assert all(cell.get("id") for cell in cells)
    assert all(
        not c.get("outputs") and c.get("execution_count") is None
        for c in cells
        if c["cell_type"] == "code"
    )


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 1
