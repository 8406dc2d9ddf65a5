"""Every notebook runs from top to bottom, and none is committed with outputs."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
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
    # Its runs last as long as its kernel, which has stopped: nothing is left behind.
    assert not list(tmp_path.iterdir())


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
