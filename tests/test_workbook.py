"""plan.xlsx as a planner uses it: its sheets edited, saved as the run's CSV files, and
read back by `forcegen check` and `forcegen evaluate`."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from forcegen import Scenario
from forcegen.cli import app
from forcegen.evaluate import OWN_SHEETS
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


def test_a_value_typed_beside_a_handover_month_is_said_worked_out_not_read(
    book: Path, tmp_path: Path
) -> None:
    """The handover sheet's months_from_start and by follow from its region's month, as the
    coverage sheet's shortfall from the tours: typed over, they are said as its are, at the
    first cell with how many, not left out unsaid."""
    as_written = tmp_path / "as-written"
    untouched = CliRunner().invoke(
        app, ["evaluate", str(TINY), str(book), "--out", str(as_written)]
    )
    assert untouched.exit_code == 0, untouched.output
    assert "worked-out" not in untouched.output
    workbook = load_workbook(book)
    sheet = workbook["handover"]
    assert [cell.value for cell in sheet[1]] == [
        "region", "name", "handover", "months_from_start", "by"
    ]  # fmt: skip
    # Tiny's plan hands neither region over: the month and what follows from it are blank.
    assert (sheet["A2"].value, sheet["C2"].value, sheet["E2"].value) == ("north", None, None)
    sheet["E2"] = "decision"
    sheet["D3"] = 6
    workbook.save(tmp_path / "edited.xlsx")
    out = tmp_path / "evaluated"
    said = CliRunner().invoke(
        app, ["evaluate", str(TINY), str(tmp_path / "edited.xlsx"), "--out", str(out)]
    )
    assert said.exit_code == 0, said.output
    assert (
        "warning edited.xlsx[handover], row 2, column by: [worked-out] 2 value(s) differ from "
        "what each region's handover month gives (north: by is decision, worked out blank, "
        "...): worked out, not read"
    ) in " ".join(said.output.split())
    assert pd.read_csv(out / "handover.csv")["month"].isna().all()


def test_the_about_sheet_says_which_sheets_evaluate_reads_and_that_the_rest_are_not(
    book: Path,
) -> None:
    """A value typed on a statistic's sheet (deployed's personnel) is not read: the about
    sheet, where the workbook opens, says which sheets are the plan read back."""
    about = pd.read_excel(book, sheet_name="about")
    line = " ".join(about.loc[about["sheet"] == "about", "meaning"].iloc[0].split())
    assert "one typed over is not taken, and evaluate says so, naming the sheet" in line
    # The assignments sheet's worked-out columns are judged, not passed over: a value
    # typed there alone is refused, where the sheet had said it would not be taken.
    assert "one alone that disagrees must agree with its row or be blanked" in line
    assert {sheet for sheet in OWN_SHEETS if not re.search(rf"\b{sheet}\b", line)} == set()


def test_the_key_figures_give_money_whole_and_people_to_a_hundredth(
    tiny: Scenario, tmp_path: Path
) -> None:
    """Timor-Leste's kpis sheet gave its costs to the cent (19,147,679.48 USD for the
    domestic force, the costs sheet whole): money is whole there too, the value kept."""
    from dataclasses import replace

    results = Results.from_plan(solve_scenario(tiny, "security-keeping"), tiny)
    kpis = {**results.kpis, "domestic_cost": 19_147_679.4837, "cost": 22_852_679.4837}
    book = write_workbook(replace(results, kpis=kpis), tmp_path / "plan.xlsx")
    rows = {row[0].value: row[1] for row in load_workbook(book)["kpis"].iter_rows(min_row=2)}
    assert rows["domestic_cost"].number_format == "#,##0"
    assert rows["cost"].number_format == "#,##0"
    assert rows["domestic_cost"].value == pytest.approx(19_147_679.4837)
    # A fraction of an officer stays, as the model plans officers as a flow.
    assert rows["final_domestic_strength"].number_format == "#,##0.00"


def test_a_sentence_is_wrapped_in_its_column(tiny: Scenario, tmp_path: Path) -> None:
    """The verdict's lines ran 40 characters into their column and on past the sheet's
    edge: a sentence wraps in its column, the verdict's as wide as the about sheet's
    meanings; a unit's name, a month or a figure does not."""
    from forcegen.report.html import Verdict

    results = Results.from_plan(solve_scenario(tiny, "security-keeping"), tiny)
    line = "[reserve-share] AAA 2000-07..2000-12 (assignments.csv row 5): reserves over 50%"
    verdict = Verdict(False, "The plan breaks hard rules: 6 violation(s).", [line])
    book = load_workbook(write_workbook(results, tmp_path / "plan.xlsx", verdict=verdict))
    said = book["verdict"]
    assert said["A3"].value == line and said["A3"].alignment.wrap_text
    # As wide as the about sheet's meanings: at 40 a violation's line took four.
    assert said.column_dimensions["A"].width == book["about"].column_dimensions["C"].width == 100
    assert not book["assignments"]["A2"].alignment.wrap_text
    assert not book["kpis"]["B2"].alignment.wrap_text
