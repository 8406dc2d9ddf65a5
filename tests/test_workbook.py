"""plan.xlsx as a planner uses it: its sheets edited, saved as the run's CSV files, and
read back by `forcegen check` and `forcegen evaluate`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from forcegen import Scenario
from forcegen.cli import app
from forcegen.report.workbook import write_workbook
from forcegen.run import solve_scenario
from forcegen.stats import Results
from tests.conftest import TINY


@pytest.fixture
def book(tiny: Scenario, tmp_path: Path) -> Path:
    """Tiny's solved plan as plan.xlsx."""
    run = solve_scenario(tiny, "security-keeping")
    return write_workbook(Results.from_plan(run, tiny), tmp_path / "plan.xlsx")


def saved_as_csv(book: Path, folder: Path, *names: str) -> Path:
    """The workbook's sheets `names` saved as CSV files of their names, as a spreadsheet
    saves a sheet: its columns as headed."""
    folder.mkdir()
    for name in names:
        pd.read_excel(book, sheet_name=name).to_csv(folder / f"{name}.csv", index=False)
    return folder


def test_the_handover_sheet_saved_as_handover_csv_is_told_its_month_column(
    book: Path, tmp_path: Path
) -> None:
    """The sheet heads the month `handover`, the run's handover.csv `month`: the sheet
    saved as the file is refused for want of `month`, naming the sheet's heading as it."""
    plan = saved_as_csv(book, tmp_path / "mine", "assignments", "handover")
    refused = CliRunner().invoke(app, ["check", str(TINY), str(plan)])
    assert refused.exit_code == 2, refused.output
    assert (
        "required column 'month' is missing; is 'handover' it, as plan.xlsx's handover "
        "sheet heads it? Rename it 'month'"
    ) in " ".join(refused.output.split())
    handover = pd.read_csv(plan / "handover.csv").rename(columns={"handover": "month"})
    handover.to_csv(plan / "handover.csv", index=False)
    judged = CliRunner().invoke(app, ["check", str(TINY), str(plan)])
    assert judged.exit_code == 0, judged.output
