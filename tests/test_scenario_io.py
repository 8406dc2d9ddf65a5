"""Loading, the Python API and lossless round trips folder <-> workbook <-> Python."""

from __future__ import annotations

import os
import re
import shutil
import warnings
import zipfile
from collections.abc import Callable, Hashable
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from forcegen import Scenario, ScenarioError, load_scenario
from forcegen.cli import app
from forcegen.formatdoc import format_document
from forcegen.run import solve_scenario
from forcegen.scenario.generate import generate_scenario
from forcegen.scenario.load import SheetLayout, layout_of, read_scenario
from forcegen.scenario.schema import TABLES
from forcegen.scenario.summary import scenario_summary
from forcegen.scenario.write import SETTINGS_SHEET
from forcegen.spec import load_spec
from tests.conftest import TIMOR, TINY, declared_stale, edit
from tests.factory import month, nation, scenario, unit


def test_tiny_loads_with_its_values(tiny: Scenario) -> None:
    assert tiny.settings.start == "2000-01"
    assert len(tiny.months) == 12
    assert tiny.lead is not None and tiny.lead.nation == "AAA"
    betaland = tiny.nation_by_code["BBB"]
    assert betaland.refused_tasks == ("public_order",)
    assert betaland.refused_regions == ("north",)
    assert betaland.join == "2000-03"
    assert tiny.unit_type_by_code["infantry"].effectiveness == {
        "border_control": 1.0,
        "aid_escort": 0.9,
        "public_order": 0.6,
    }
    assert tiny.demand_at("north", "public_order", "2000-06") == 100
    assert tiny.demand_at("north", "public_order", "2000-07") == 0


def test_scenario_is_frozen(tiny: Scenario) -> None:
    with pytest.raises(ValueError):
        tiny.nations[0].ceiling = 5  # type: ignore[misc]


def test_an_edited_copy_is_validated_and_looks_itself_up(tiny: Scenario) -> None:
    assert tiny.nation_by_code["AAA"].ceiling == 1000 and len(tiny.months) == 12  # cached
    nations = tuple(
        n.model_copy(update={"ceiling": 100}) if n.nation == "AAA" else n for n in tiny.nations
    )
    shorter = tiny.settings.model_copy(update={"months": 6})
    edited = tiny.model_copy(update={"nations": nations, "settings": shorter})
    assert edited.nation_by_code["AAA"].ceiling == edited.ceiling_at("AAA", "2000-03") == 100
    assert len(edited.months) == 6 and edited.end == "2000-06"
    assert tiny.nation_by_code["AAA"].ceiling == 1000  # the original is untouched
    with pytest.raises(ValidationError, match=r"settings\.months"):
        tiny.model_copy(update={"settings": tiny.settings.model_copy(update={"months": -5})})
    with pytest.raises(KeyError, match="the tables are tasks, regions"):
        tiny.table("unit")
    # A misspelt field is refused, not dropped; pydantic's old copy is the same copy, and
    # a list where a tuple goes is taken as one.
    with pytest.raises(ValueError, match=r"no \['nation'\]"):
        tiny.model_copy(update={"nation": nations})
    old_style = tiny.copy(update={"nations": list(nations)})
    assert old_style.nation_by_code["AAA"].ceiling == 100 and isinstance(old_style.nations, tuple)


def test_a_scenario_edited_in_python_is_judged_before_it_is_solved(tiny: Scenario) -> None:
    document = tiny.model_dump(by_alias=True)
    document["units"][0]["nation"] = "XXX"
    with pytest.raises(ScenarioError) as caught:
        solve_scenario(Scenario.model_validate(document), load_spec("security-keeping"))
    assert [(p.file, p.row, p.column, p.rule) for p in caught.value.problems] == [
        ("units.csv", 2, "nation", "unknown-nation")
    ]


def test_folder_round_trip_is_lossless(tiny: Scenario, tmp_path: Path) -> None:
    tiny.to_folder(tmp_path / "copy")
    again = load_scenario(tmp_path / "copy")
    assert again == tiny
    again.to_folder(tmp_path / "copy2")
    for file in (tmp_path / "copy").iterdir():
        assert file.read_bytes() == (tmp_path / "copy2" / file.name).read_bytes()
    # A yes/no as the files say it, from a column where blank is missing too.
    tasks = tiny.table("tasks")
    tasks.loc[0, "ends_at_handover"] = True
    ending = tiny.with_table("tasks", tasks)
    ending.to_folder(tmp_path / "ending")
    assert (tmp_path / "ending" / "tasks.csv").read_text().splitlines()[1].endswith(",true")


def test_workbook_round_trip_is_lossless(tiny: Scenario, tmp_path: Path) -> None:
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    from_book = load_scenario(tmp_path / "tiny.xlsx")
    assert from_book == tiny
    from_book.to_folder(tmp_path / "back")
    assert load_scenario(tmp_path / "back") == tiny


def test_a_sheet_declaring_fewer_rows_than_it_holds_is_read_whole(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A sheet's file declares the cells it uses, and openpyxl reads no row past it: tiny's
    units sheet, written by a program as using A1:I3 of its five rows, had its last two
    units (BBB's) left out unsaid."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    declared_stale(tmp_path / "tiny.xlsx", tmp_path / "stale.xlsx", {"units": "A1:I3"})
    assert load_scenario(tmp_path / "stale.xlsx") == tiny


def test_a_workbooks_whole_numbers_read_with_separators_but_years(tmp_path: Path) -> None:
    """Timor-Leste's budgets read 516000000 in the scenario workbook, where plan.xlsx shows
    516,000,000 (a planner's review); a fiscal year stays 1999, a fraction as typed."""
    timor = load_scenario(TIMOR)
    timor.to_workbook(tmp_path / "timor.xlsx")
    book = openpyxl.load_workbook(tmp_path / "timor.xlsx")
    # Each column's format in its first row, by its heading.
    first = {
        (sheet, str(heading.value)): cell.number_format
        for sheet in ("budgets", "units", "unit_types")
        for heading, cell in zip(book[sheet][1], book[sheet][2], strict=True)
    }
    assert first["budgets", "fiscal_year"] == "General"
    assert first["budgets", "budget"] == first["units", "personnel"] == "#,##0"
    assert first["unit_types", "public_order"] == "General"  # 0.7
    months = [row for row in book[SETTINGS_SHEET].iter_rows() if row[0].value == "months"]
    assert months[0][1].number_format == "#,##0"
    assert load_scenario(tmp_path / "timor.xlsx") == timor


def test_a_workbook_has_every_tables_sheet_for_a_planner_to_fill_in(
    tiny: Scenario, tmp_path: Path
) -> None:
    # Tiny has no ceilings, budgets, unavailable, caveats or academy rows: each is a sheet
    # of its header alone, so that a planner adds a caveat without the format at hand.
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    assert book.sheetnames == [SETTINGS_SHEET, *(spec.name for spec in TABLES)]
    caveats = book["caveats"]
    assert [cell.value for cell in caveats[1]] == list(tiny.table("caveats").columns)
    assert caveats.max_row == 1
    # Each heading's note says what to type there, in the format's words.
    last = caveats.cell(row=1, column=3)
    assert last.value == "last" and last.comment is not None
    assert "blank = to the end" in last.comment.text and "YYYY-MM" in last.comment.text
    border = book["unit_types"].cell(row=1, column=3)
    assert border.value == "border_control" and border.comment is not None
    assert "effectiveness 0..1" in border.comment.text
    assert load_scenario(tmp_path / "tiny.xlsx") == tiny
    caveats.append(["BBB", "2000-06", None, None, "south", "its parliament's"])
    book.save(tmp_path / "tiny.xlsx")
    assert load_scenario(tmp_path / "tiny.xlsx").caveats[0].region == "south"
    # Filled in a copy (Excel names it `caveats (2)`), the empty sheet left beside it: the
    # plan would be made without the caveat, so the copy is refused, not left out.
    book.copy_worksheet(caveats).title = "caveats (2)"
    caveats.delete_rows(2)
    book.save(tmp_path / "tiny.xlsx")
    refused = read_scenario(tmp_path / "tiny.xlsx").errors
    assert [(p.file, p.rule) for p in refused] == [("tiny.xlsx[caveats (2)]", "unknown-sheet")]
    assert "is caveats meant? Its rows go in caveats, which has none" in refused[0].message
    # A folder holds an optional table's file only where it has rows.
    tiny.to_workbook(tmp_path / "again.xlsx")
    load_scenario(tmp_path / "again.xlsx").to_folder(tmp_path / "back")
    # Beside each, its hidden stamp (`not_as_written`).
    written = sorted(p.name for p in (tmp_path / "back").iterdir())
    assert written == sorted(
        [*(p.name for p in TINY.iterdir()), *(f".{p.name}.sha256" for p in TINY.iterdir())]
    )


def test_sheet_and_column_names_as_a_spreadsheet_leaves_them(
    tiny: Scenario, tmp_path: Path
) -> None:
    """Excel treats `Units ` and `units` as one sheet; a planner's `Nation` is `nation`."""
    import openpyxl

    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    book["units"].title = "Units "
    as_typed: dict[object, str] = {"nation": "Nation", "personnel": "Personnel "}
    for cell in book["Units "][1]:
        cell.value = as_typed.get(cell.value, cell.value)
    book.save(tmp_path / "edited.xlsx")
    assert load_scenario(tmp_path / "edited.xlsx") == tiny
    # A note beside a table is left out, and said to be.
    book["Units "]["K3"] = "ask J3"
    book.save(tmp_path / "noted.xlsx")
    result = read_scenario(tmp_path / "noted.xlsx")
    assert result.scenario == tiny
    assert [(p.file, p.row, p.column, p.rule) for p in result.problems] == [
        ("noted.xlsx[Units ]", 3, "K", "outside-table")
    ]
    # A note on a row of its own beside the table is no row of it.
    book["Units "]["K9"] = "BBB joins late"
    book.save(tmp_path / "noted.xlsx")
    result = read_scenario(tmp_path / "noted.xlsx")
    assert result.scenario == tiny
    assert [(p.row, p.rule) for p in result.problems] == [
        (3, "outside-table"),
        (9, "outside-table"),
    ]
    # Two names that would be one are the same column twice, both spellings named:
    # neither is dropped unseen.
    book["Units "]["H1"] = "PERSONNEL"
    book.save(tmp_path / "twice.xlsx")
    result = read_scenario(tmp_path / "twice.xlsx")
    assert result.scenario is None
    (twice,) = [p for p in result.problems if p.column == "Personnel"]  # as first written
    assert twice.rule == "duplicate-column" and "(as 'Personnel', 'PERSONNEL')" in twice.message
    assert [p.rule for p in result.problems if p.rule != "outside-table"] == [twice.rule]


def test_a_sheet_renamed_past_its_tables_name_is_known_by_its_columns(
    tiny: Scenario, tmp_path: Path
) -> None:
    """units renamed `Units list`, and budgets typed on a new sheet `FY budgets` beside
    the empty budgets sheet: each is headed as its table, so it is an error naming the
    table meant, not a warning that it is left out (the plan made without budgets)."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    book["units"].title = "Units list"
    assert book["budgets"].max_row == 1  # written to be filled in
    typed = book.create_sheet("FY budgets")
    typed.append(["nation", "fiscal_year", "budget"])
    typed.append(["AAA", 1999, 5_000_000])
    book.create_sheet("notes").append(["type", "remark"])  # unit_types' one column alone
    book.save(tmp_path / "renamed.xlsx")
    said = {p.file: p for p in read_scenario(tmp_path / "renamed.xlsx").problems}
    assert {(file, p.rule, p.severity) for file, p in said.items()} == {
        ("renamed.xlsx", "missing-sheet", "error"),
        ("renamed.xlsx[Units list]", "unknown-sheet", "error"),
        ("renamed.xlsx[FY budgets]", "unknown-sheet", "error"),
        ("renamed.xlsx[notes]", "unknown-sheet", "warning"),
    }
    assert "is units meant? Rename it" in said["renamed.xlsx[Units list]"].message
    assert "Its rows go in budgets, which has none" in said["renamed.xlsx[FY budgets]"].message


def test_a_formula_without_its_value_is_named_as_one(tiny: Scenario, tmp_path: Path) -> None:
    """A workbook written by a script has formulas and no values: they read as blanks."""
    import openpyxl

    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    column = [cell.value for cell in book["units"][1]].index("personnel") + 1
    book["units"].cell(3, column).value = "=100+200"
    book.save(tmp_path / "scripted.xlsx")
    result = read_scenario(tmp_path / "scripted.xlsx")
    assert [(p.row, p.column, p.rule, p.value) for p in result.errors] == [
        (3, "personnel", "formula-without-value", "=100+200")
    ]
    # Under a header spelt as a spreadsheet leaves it, still one problem, not also a blank.
    book["units"].cell(1, column).value = "Personnel "
    # A formula on a sheet of notes, or beside a table, is left out with it: warnings.
    book.create_sheet("notes")["A1"] = "=1+1"
    book["units"].cell(2, len(list(book["units"][1])) + 2).value = "=2+2"
    book.save(tmp_path / "scripted.xlsx")
    result = read_scenario(tmp_path / "scripted.xlsx")
    assert [(p.row, p.column, p.rule) for p in result.errors] == [
        (3, "Personnel", "formula-without-value")
    ]
    assert {p.rule for p in result.problems if p.severity == "warning"} == {
        "outside-table",
        "unknown-sheet",
    }


def test_a_setting_a_formula_or_a_merge_leaves_blank_is_said_once(
    tiny: Scenario, tmp_path: Path
) -> None:
    """On the settings sheet as on a table's: a formula without its value (months, row 5)
    is that problem alone, not also `months` required; a merge of setting names (A7:A8)
    is the merge alone, not also a value without its setting."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    sheet = book[SETTINGS_SHEET]
    assert (sheet["A5"].value, sheet["A7"].value, sheet["A8"].value) == (
        "months",
        "currency",
        "domestic.initial_strength",
    )
    sheet["B5"] = "=6*2"
    sheet.merge_cells("A7:A8")
    book.save(tmp_path / "edited.xlsx")
    said = read_scenario(tmp_path / "edited.xlsx").problems
    assert [(p.file, p.row, p.column, p.rule) for p in said] == [
        ("edited.xlsx[settings]", 5, "value", "formula-without-value"),
        ("edited.xlsx[settings]", 7, "setting", "merged-cell"),
    ]


def test_a_number_a_date_format_took_and_a_misspelt_setting_are_said_in_a_sheets_words(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A number typed in a cell formatted as a date is saved as that date: a unit's
    personnel so is said to be a date the spreadsheet took, not only no integer; and a
    misspelt setting on the settings sheet is told the setting meant as the sheet names
    it, in full (in YAML it goes under its section, named alone)."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    column = [cell.value for cell in book["units"][1]].index("personnel") + 1
    book["units"].cell(3, column).value = datetime(1900, 10, 26)  # 300 as a date
    book[SETTINGS_SHEET].append(["domestic.acadmy_capacity", 200])
    assert book[SETTINGS_SHEET]["A12"].value == "domestic.trainees_per_trainer"
    book[SETTINGS_SHEET]["B12"] = time(1, 10)  # 1 trainer to 10 trainees typed 1:10, a time
    book.save(tmp_path / "edited.xlsx")
    found = read_scenario(tmp_path / "edited.xlsx").errors
    said = {(p.file, p.row, p.column): p.message for p in found}
    # The date shown as the sheet shows it, not as Python's datetime with its midnight.
    assert [p.value for p in found if p.column == "personnel"] == ["1900-10-26"]
    assert said == {
        ("edited.xlsx[units]", 3, "personnel"): "should be a valid integer: the spreadsheet "
        "took it for a date; format the cell as a number and type it again",
        ("edited.xlsx[settings]", 17, "domestic.acadmy_capacity"): "not a known key; did you "
        "mean domestic.academy_capacity?",
        ("edited.xlsx[settings]", 12, "domestic.trainees_per_trainer"): "should be a valid "
        "number: the spreadsheet took it for a time of day; format the cell as a number and "
        "type it again",
    }
    folder = tmp_path / "folder"
    shutil.copytree(TINY, folder)
    settings = (folder / "scenario.yaml").read_text(encoding="utf-8")
    (folder / "scenario.yaml").write_text(
        settings.replace("academy_capacity:", "acadmy_capacity:"), encoding="utf-8"
    )
    (unknown,) = [p for p in read_scenario(folder).errors if p.rule == "unknown-column"]
    assert unknown.message == "not a known key; did you mean academy_capacity?"


def test_a_setting_of_a_misspelt_section_on_the_settings_sheet_is_said_at_its_row(
    tiny: Scenario, tmp_path: Path
) -> None:
    """`domestc.course_months` (domestic misspelt) on the settings sheet was said once, at
    no row, as `column domestc`: each row under the unknown section is said at its row,
    by the setting it names."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    book[SETTINGS_SHEET].append(["domestc.course_months", 3])
    book[SETTINGS_SHEET].append(["domestc.academy_capacity", 120])
    book.save(tmp_path / "edited.xlsx")
    said = [str(p) for p in read_scenario(tmp_path / "edited.xlsx").errors]
    assert said == [
        "edited.xlsx[settings], row 17, setting domestc.course_months: [unknown-column] not a "
        "known key; did you mean domestic? (value '3')",
        "edited.xlsx[settings], row 18, setting domestc.academy_capacity: [unknown-column] not "
        "a known key; did you mean domestic? (value '120')",
    ]


def test_a_settings_sheets_problem_is_placed_at_its_setting_and_a_missing_one_told_its_row(
    tiny: Scenario, tmp_path: Path
) -> None:
    """The settings sheet is a row a setting, under the columns setting and value: a
    problem is at `row 5, setting months`, not at a column `months` it has not got; a
    required setting with no row is told the row to add, a section each of its own."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    sheet = book[SETTINGS_SHEET]
    assert [sheet.cell(row, 1).value for row in (5, 11)] == ["months", "domestic.academy_capacity"]
    sheet["B5"] = 0
    sheet["C6"] = "why"  # beside the table: its column named by its letter still
    sheet.delete_rows(11)
    book.save(tmp_path / "edited.xlsx")
    found = read_scenario(tmp_path / "edited.xlsx")
    assert [str(p).split(": [")[0] for p in found.warnings] == [
        "edited.xlsx[settings], row 6, column C"
    ]
    said = [str(p) for p in found.errors]
    # The sheet's own problem first, then its rows', as a planner reads it.
    assert said == [
        "edited.xlsx[settings], setting domestic.academy_capacity: [required] no row gives "
        "it: add a row, domestic.academy_capacity in the setting column and its value "
        "beside it",
        "edited.xlsx[settings], row 5, setting months: [range] should be greater than or "
        "equal to 1 (value '0')",
    ]
    for row in range(sheet.max_row, 1, -1):
        if str(sheet.cell(row, 1).value).startswith("domestic."):
            sheet.delete_rows(row)
    book.save(tmp_path / "edited.xlsx")
    (domestic,) = [p for p in read_scenario(tmp_path / "edited.xlsx").errors if p.row is None]
    assert domestic.message == (
        "no row gives these settings: add a row for each of domestic.recruits_per_month, "
        "domestic.course_months, domestic.academy_capacity, domestic.trainees_per_trainer, "
        "domestic.effectiveness, domestic.tasks"
    )


def test_a_formulas_error_saved_as_its_value_is_said_as_one(tiny: Scenario, tmp_path: Path) -> None:
    """#REF! where a formula's row was deleted, #N/A where a lookup found nothing: each is
    said as the formula's error it is, in a code, a number or a month column alike."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    assert [c.value for c in book["units"][1]][1:5:3] == ["nation", "personnel"]
    book["units"]["B2"] = "#N/A"  # openpyxl saves these as error cells, as Excel does
    book["units"]["E3"] = "#DIV/0!"
    book["demand"]["C2"] = "#REF!"
    book.save(tmp_path / "errors.xlsx")
    said = read_scenario(tmp_path / "errors.xlsx").errors
    assert [(p.file, p.row, p.column, p.value) for p in said] == [
        ("errors.xlsx[units]", 2, "nation", "#N/A"),
        ("errors.xlsx[units]", 3, "personnel", "#DIV/0!"),
        ("errors.xlsx[demand]", 2, "first", "#REF!"),
    ]
    formula = ": a formula's error, saved as its value: mend the formula or type the value"
    assert all(p.message.endswith(formula) for p in said), said


def test_a_workbooks_summary_names_no_csv_file(tiny: Scenario, tmp_path: Path) -> None:
    """`forcegen summary` of a workbook had said its units away 'for a while
    (unavailable.csv)', a file its planner has not got: the table is named as neither."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    book["unavailable"].append(["AAA-inf-1", "2000-02", "2000-03", "leave"])
    book.save(tmp_path / "away.xlsx")
    summary = dict(scenario_summary(load_scenario(tmp_path / "away.xlsx")))
    assert summary["units"] == (
        "4 (3 active, 1 reserve), 900 personnel; 1 away for a while (the unavailable table)"
    )


def test_the_summarys_demand_is_every_rows_in_its_months(tiny: Scenario) -> None:
    # tiny's demand: north border 300 and public order 100 (to 2000-06), south escort 90
    # and training 20, each over the year but public order: 510 a month to June, 410 after.
    summary = dict(scenario_summary(tiny))
    assert summary["demand at peak"] == "510 effective personnel in 2000-01"
    assert summary["demand at end"] == "410 effective personnel in 2000-12"


def test_the_summary_says_who_is_ready_at_the_start_and_when_their_tours_count() -> None:
    # B and D are ready at once, D's tours counting after 2 months; C only in the second
    # month: the first two months are short in every plan.
    nations = [
        nation("A"),
        nation("B", overlap_months=1),
        nation("C"),
        nation("D", overlap_months=2),
    ]
    units = [
        unit("a", "A", available_from=month(1)),
        unit("b", "B"),
        unit("c", "C", available_from=month(1)),
        unit("d", "D"),
    ]
    case = scenario(months=6, nations=nations, units=units, demand=[("r", "guard", 0, 5, 100)])
    assert dict(scenario_summary(case))["at the start"] == (
        "2 of 4 nations ready (B, D); D's first tours count after 2 months of reception "
        "(overlap_months)"
    )
    later = units[:1]
    plain = [nation("A"), nation("B")]
    at_once = scenario(months=6, nations=plain, units=[*later, unit("b0", "B")], demand=[])
    assert dict(scenario_summary(at_once))["at the start"] == (
        "1 of 2 nations ready (B); its first tours count at once"
    )
    nobody = scenario(months=6, units=later, demand=[])
    assert dict(scenario_summary(nobody))["at the start"] == (
        "no nation has an active unit ready in the first month"
    )


def test_a_formula_whose_saved_result_is_an_empty_text_is_a_blank(
    tiny: Scenario, tmp_path: Path
) -> None:
    """`=IF(A2="","",A2)` filled down past the data, as a spreadsheet saves it (its result
    an empty text, `t="str"`), had been refused as a formula no spreadsheet worked out,
    with advice to save it in Excel, which changed nothing."""
    import re
    import zipfile

    import openpyxl

    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    sheet = book["units"]
    column = [cell.value for cell in sheet[1]].index("available_until") + 1
    sheet.cell(3, column).value = '=IF(1=1,"","2000-06")'
    book.save(tmp_path / "program.xlsx")
    assert [p.rule for p in read_scenario(tmp_path / "program.xlsx").errors] == [
        "formula-without-value"  # no spreadsheet worked it out: its value is not known
    ]
    # As a spreadsheet saves it: the result's type a text, its value empty.
    with zipfile.ZipFile(tmp_path / "program.xlsx") as source:
        entries = {item: source.read(item) for item in source.namelist()}
    index = book.sheetnames.index("units") + 1
    name = f"xl/worksheets/sheet{index}.xml"
    entries[name] = re.sub(
        rb'(<c r="[A-Z]+3")(><f>IF\(1=1,[^<]*</f>)<v\s*/>',
        rb'\1 t="str"\2<v></v>',
        entries[name],
    )
    assert b't="str"' in entries[name]
    with zipfile.ZipFile(tmp_path / "saved.xlsx", "w") as target:
        for item, data in entries.items():
            target.writestr(item, data)
    result = read_scenario(tmp_path / "saved.xlsx")
    assert result.errors == [] and result.scenario is not None
    assert result.scenario.units[1].available_until is None
    # Its rows' and cells' places left out, as some programs save them: each the one
    # after the last.
    entries[name] = re.sub(rb'(<c) r="[A-Z]+[0-9]+"', rb"\1", entries[name])
    entries[name] = re.sub(rb'(<row) r="[0-9]+"', rb"\1", entries[name])
    assert b'<c r="' not in entries[name] and b'<row r="' not in entries[name]
    with zipfile.ZipFile(tmp_path / "placeless.xlsx", "w") as target:
        for item, data in entries.items():
            target.writestr(item, data)
    assert read_scenario(tmp_path / "placeless.xlsx").errors == []


def test_round_trip_keeps_every_float_digit(tiny: Scenario, tmp_path: Path) -> None:
    domestic = tiny.settings.domestic.model_copy(update={"attrition_per_month": 0.0123456789012345})
    changed = tiny.model_copy(
        update={"settings": tiny.settings.model_copy(update={"domestic": domestic})}
    )
    changed.to_workbook(tmp_path / "x.xlsx")
    assert load_scenario(tmp_path / "x.xlsx").settings.domestic.attrition_per_month == (
        0.0123456789012345
    )


def test_a_whole_number_a_spreadsheet_worked_out_reads_as_it_shows(
    tiny: Scenario, tmp_path: Path
) -> None:
    # =3*0.1*1000 saves 300.00000000000006, which a spreadsheet shows as 300: the ceiling,
    # a whole number, is 300, not a fraction refused.
    book = tmp_path / "tiny.xlsx"
    tiny.to_workbook(book)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["nations"]
    column = [cell.value for cell in sheet[1]].index("ceiling") + 1
    sheet.cell(row=2, column=column, value=3 * 0.1 * 1000)
    workbook.save(book)
    assert tiny.nations[0].ceiling != 300 and 3 * 0.1 * 1000 != 300
    assert load_scenario(book).nations[0].ceiling == 300


def test_write_leaves_no_partial_files(tiny: Scenario, tmp_path: Path) -> None:
    tiny.to_folder(tmp_path / "out")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_bundled_timor_leste_loads_cleanly() -> None:
    from forcegen import read_scenario

    result = read_scenario(TIMOR)
    assert result.errors == []
    assert result.scenario is not None
    scenario = result.scenario
    assert len(scenario.regions) == 13
    # The district figures of domain.md add up to 921,009 (its stated total says 923,198).
    assert sum(r.population for r in scenario.regions) == 921_009
    assert {r.region for r in scenario.regions if r.border} == {"bobonaro", "covalima", "oecusse"}
    assert scenario.lead is not None and scenario.lead.nation == "AUS"
    assert scenario.settings.start == "1999-09" and scenario.settings.months == 60


def test_convert_refuses_to_write_over_its_source_or_a_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from forcegen.cli import app

    source = tmp_path / "timor"
    shutil.copytree(TIMOR, source)
    settings = (source / "scenario.yaml").read_text()
    same = CliRunner().invoke(app, ["convert", str(source), str(source)])
    assert same.exit_code == 2, same.output
    assert "TARGET: [overwrites-input] the same as SOURCE" in " ".join(same.output.split())
    assert (source / "scenario.yaml").read_text() == settings  # its comments and layout kept
    # Nor inside it, as a folder as a workbook: a folder of its own in the source had left
    # that no scenario to convert onto again.
    for inside in (source / "sub", source / "sub.xlsx"):
        refused = CliRunner().invoke(app, ["convert", str(source), str(inside)])
        said = " ".join(refused.output.split())
        assert refused.exit_code == 2 and "1 error(s)" in said, refused.output
        assert "TARGET: [overwrites-input] inside SOURCE: writing it would change that" in said
        assert not inside.exists()
    (tmp_path / "file").write_text("mine")
    onto = CliRunner().invoke(app, ["convert", str(source), str(tmp_path / "file")])
    assert onto.exit_code == 2 and "TARGET: [not-writable]" in onto.output, onto.output
    assert (tmp_path / "file").read_text() == "mine"
    # Neither a folder named as a file, nor into a folder of other files (a run's).
    named = CliRunner().invoke(app, ["convert", str(source), str(tmp_path / "out.csv")])
    assert named.exit_code == 2 and "[not-a-scenario-path]" in named.output
    assert not (tmp_path / "out.csv").exists()
    run = tmp_path / "run"
    run.mkdir()
    (run / "assignments.csv").write_text("unit,task,region,start\n")
    mixed = CliRunner().invoke(app, ["convert", str(source), str(run)])
    assert mixed.exit_code == 2 and "[not-a-scenario-folder]" in mixed.output
    assert [p.name for p in run.iterdir()] == ["assignments.csv"]
    converted = CliRunner().invoke(app, ["convert", str(source), str(run / "scenario")])
    assert converted.exit_code == 0, converted.output
    # What the folder holds beside the scenario is said to stay behind.
    left = (
        "not carried over, being no part of the scenario: README.md, build.py, events-example.yaml"
    )
    assert left in " ".join(converted.output.split())
    # Nor over a workbook that is no scenario's (a plan.xlsx, a planner's own, not one at
    # all); over a scenario's forcegen wrote and nobody changed since, as over its folder.
    book = openpyxl.Workbook()
    book.active.title = "MyBudget"  # type: ignore[union-attr]
    book.save(tmp_path / "mine.xlsx")
    (tmp_path / "text.xlsx").write_text("mine")
    for name in ("mine.xlsx", "text.xlsx"):
        before = (tmp_path / name).read_bytes()
        foreign = CliRunner().invoke(app, ["convert", str(source), str(tmp_path / name)])
        assert foreign.exit_code == 2 and "TARGET: [not-a-scenario-workbook]" in foreign.output
        assert (tmp_path / name).read_bytes() == before
    assert (
        CliRunner().invoke(app, ["convert", str(source), str(tmp_path / "s.xlsx")]).exit_code == 0
    )
    again = CliRunner().invoke(app, ["convert", str(source), str(tmp_path / "s.xlsx")])
    assert again.exit_code == 0, again.output
    # Nor over one with sheets of the planner's own, which it would lose.
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    book.create_sheet("My notes")["A1"] = "keep me"
    book.save(tmp_path / "s.xlsx")
    noted = CliRunner().invoke(app, ["convert", str(source), str(tmp_path / "s.xlsx")])
    assert noted.exit_code == 2
    assert (
        "TARGET: [sheets-of-its-own] a scenario's workbook with sheets of its own (My notes)"
        in (" ".join(noted.output.split()))
    )
    assert "My notes" in openpyxl.load_workbook(tmp_path / "s.xlsx").sheetnames
    # As a scenario's folder with files of the planner's own: its tables replaced, they
    # would be left beside a scenario they are not of (Timor-Leste's script, events).
    (run / "scenario" / "build.py").write_text("# how the tables were made\n")
    before = (run / "scenario" / "units.csv").read_bytes()
    for command in (["convert", str(source)], ["generate", "--size", "S"]):
        own = CliRunner().invoke(app, [*command, str(run / "scenario")])
        assert own.exit_code == 2, own.output
        assert "[files-of-its-own] a scenario's folder with files of its own (build.py)" in (
            " ".join(own.output.split())
        )
        assert (run / "scenario" / "units.csv").read_bytes() == before


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, hidden ones (the stamps) too, by its path inside it."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_generate_and_convert_replace_only_a_scenario_forcegen_wrote_unedited(
    tmp_path: Path,
) -> None:
    """A scenario forcegen wrote and nobody changed since is replaced without a word; one
    a planner edited, or one forcegen has no record of writing (made by hand), is kept
    byte for byte, exit 2, the line naming it and how to go on."""
    runner = CliRunner()
    book, folder = tmp_path / "s.xlsx", tmp_path / "s"
    generated = ["generate", "--size", "S", "--seed", "1"]
    for target in (book, folder):
        assert runner.invoke(app, ["convert", str(TINY), str(target)]).exit_code == 0
        again = runner.invoke(app, [*generated, str(target)])
        assert again.exit_code == 0, again.output
        assert load_scenario(target) == generate_scenario("S", 1)
    # A folder's table opened and saved again with the same values (CRLF line endings,
    # quotes around every cell, as a spreadsheet may save it) is no edit.
    units = folder / "units.csv"
    lines = units.read_text().splitlines()
    units.write_bytes("".join(f'"{line}"\r\n'.replace(",", '","') for line in lines).encode())
    resaved = runner.invoke(app, ["convert", str(TINY), str(folder)])
    assert resaved.exit_code == 0, resaved.output
    assert load_scenario(folder) == load_scenario(TINY)
    # A planner's edits: a unit's strength in the workbook, a row of the folder's units.
    workbook = openpyxl.load_workbook(book)
    workbook["units"]["E2"] = 450
    workbook.save(book)
    with units.open("a") as table:
        table.write("CCC-inf-1,AAA,infantry,active,100,,,,\n")
    edited = {
        book: "[edited] a scenario's workbook changed since forcegen wrote it (a planner's "
        "edits?), which writing would lose: write to a new file, or move it away first",
        folder: "[edited] a scenario's folder whose units.csv changed since forcegen wrote "
        "it (a planner's edits?), which writing would lose: write to a new folder, or move it "
        "away first",
    }
    # Made by hand: a copy of tiny's folder, and a workbook whose stamp did not go with it.
    hand, mailed = tmp_path / "hand", tmp_path / "mailed.xlsx"
    shutil.copytree(TINY, hand)
    load_scenario(TINY).to_workbook(mailed)
    (tmp_path / ".mailed.xlsx.sha256").unlink()
    unrecorded = (
        "[not-written-by-forcegen] a scenario's {} forcegen has no record of writing (made "
        "by hand, or by a forcegen from before it kept one), which may hold a planner's work "
        "that writing would lose: write to a new {}, or move it away first"
    )
    # A table a planner added to a folder forcegen wrote is named alone.
    added = tmp_path / "added"
    load_scenario(TINY).to_folder(added)
    (added / "budgets.csv").write_text("nation,fiscal_year,budget\nAAA,2000,1000000\n")
    refused = edited | {
        hand: unrecorded.format("folder", "folder"),
        mailed: unrecorded.format("workbook", "file"),
        added: unrecorded.format("folder", "folder").replace(
            "folder forcegen", "folder whose budgets.csv forcegen"
        ),
    }
    for target, line in refused.items():
        before = files_of(tmp_path)
        for command in (["convert", str(TIMOR)], generated):
            result = runner.invoke(app, [*command, str(target)])
            said = " ".join(result.output.split())
            name = "TARGET" if command[0] == "convert" else "OUT"
            assert result.exit_code == 2 and "1 error(s)" in said, said
            assert f"{name}: {line}" in said
            assert files_of(tmp_path) == before


def test_format_document_names_every_column() -> None:
    from forcegen.scenario.schema import TABLES, columns

    doc = format_document()
    for spec in TABLES:
        assert f"`{spec.file}`" in doc
        for column in columns(spec):
            assert f"`{column}`" in doc


def test_format_document_in_repo_is_current() -> None:
    committed = (Path(__file__).parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
    assert committed == format_document() + "\n", "run: forcegen format-doc --out docs/format.md"


def test_the_format_document_is_written_only_as_markdown(tmp_path: Path) -> None:
    """Written to fd.xlsx, Markdown had made a workbook no program opens, exit 0."""
    result = CliRunner().invoke(app, ["format-doc", "--out", str(tmp_path / "fd.xlsx")])
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "--out: [bad-format] written as Markdown: name it .md" in said
    assert not (tmp_path / "fd.xlsx").exists()


def test_written_files_are_not_private(tiny: Scenario, tmp_path: Path) -> None:
    # mkstemp makes private files; what we write must be readable like any saved file.
    import os

    umask = os.umask(0)
    os.umask(umask)
    tiny.to_folder(tmp_path / "out")
    tiny.to_workbook(tmp_path / "out.xlsx")
    assert (tmp_path / "out" / "units.csv").stat().st_mode & 0o777 == 0o666 & ~umask
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o777 & ~umask
    assert (tmp_path / "out.xlsx").stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_setting_and_a_section_of_the_same_name_are_one_problem(tmp_path: Path) -> None:
    book = tmp_path / "timor.xlsx"
    load_scenario(TIMOR).to_workbook(book)
    workbook = openpyxl.load_workbook(book)
    workbook["settings"].append(["domestic", "Timorese police"])
    workbook.save(book)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(book)
    (problem,) = caught.value.problems
    assert (problem.column, problem.rule, problem.value) == (
        "setting",
        "setting-section",
        "domestic",
    )


def test_an_unknown_section_above_a_setting_of_its_name_is_said_at_its_own_row(
    tiny: Scenario, tmp_path: Path
) -> None:
    """`colour.shade` in row 17, `colour` in row 18: the unknown section was said at row
    18, the row refused as a setting beside a section, not at row 17 that gave it."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    sheet = book[SETTINGS_SHEET]
    assert sheet.max_row == 16
    sheet.append(["colour.shade", "dark"])
    sheet.append(["colour", "red"])
    book.save(tmp_path / "colour.xlsx")
    found = read_scenario(tmp_path / "colour.xlsx").problems
    said = [(p.row, p.column, p.rule) for p in found]
    assert said == [(17, "colour.shade", "unknown-column"), (18, "setting", "setting-section")]
    # The row refused names the row it clashes with, as the sheet numbers it.
    assert found[1].message.startswith("'colour' and 'colour.shade' (row 17) cannot both be given")


def test_an_unknown_setting_on_a_settings_sheet_is_named_a_setting(
    tiny: Scenario, tmp_path: Path
) -> None:
    """`colour`, or 5 typed in the setting column, was said as `column colour`, a column
    the sheet does not have: it is the setting of that row, as a known one is named."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    book[SETTINGS_SHEET].append([5, "x"])
    book[SETTINGS_SHEET].append(["colour", "red"])
    book.save(tmp_path / "colour.xlsx")
    assert [str(p) for p in read_scenario(tmp_path / "colour.xlsx").problems] == [
        "colour.xlsx[settings], row 17, setting 5: [unknown-column] not a known key (value 'x')",
        "colour.xlsx[settings], row 18, setting colour: [unknown-column] not a known key "
        "(value 'red')",
    ]


def test_a_settings_value_typed_in_a_planners_column_beside_it_is_warned_of(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A comment column on the settings sheet is the planner's, and not read: its notes
    pass in silence, but a figure there beside a blank value cell (fiscal_year_start's 7)
    had left the setting its default, January, without a word."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    sheet = book[SETTINGS_SHEET]
    assert (sheet["A5"].value, sheet["A6"].value) == ("months", "fiscal_year_start")
    sheet["C1"], sheet["C5"] = "comment", "five years"
    book.save(tmp_path / "commented.xlsx")
    assert read_scenario(tmp_path / "commented.xlsx").problems == []
    sheet["B6"], sheet["C6"] = None, 7
    book.save(tmp_path / "commented.xlsx")
    (said,) = read_scenario(tmp_path / "commented.xlsx").problems
    assert (said.row, said.column, said.rule, said.severity, said.value) == (
        6,
        "comment",
        "outside-table",
        "warning",
        "7",
    )
    assert said.message.startswith("'fiscal_year_start' has no value, and this cell beside it")


def test_a_sections_name_over_its_settings_with_no_value_is_a_heading(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A planner heads the domestic rows with a row `domestic` and no value, as YAML's
    `domestic:` line heads them: it is a heading, where each of its rows was refused as a
    setting beside a section of its name (nine problems, and one more for its value)."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    sheet = book[SETTINGS_SHEET]
    assert sheet["A8"].value == "domestic.initial_strength"
    sheet.insert_rows(8)
    sheet["A8"] = "Domestic "
    book.save(tmp_path / "headed.xlsx")
    assert load_scenario(tmp_path / "headed.xlsx") == tiny


def test_a_sheet_cut_short_is_an_unreadable_workbook_not_a_crash(tmp_path: Path) -> None:
    import zipfile

    book, broken = tmp_path / "timor.xlsx", tmp_path / "broken.xlsx"
    load_scenario(TIMOR).to_workbook(book)
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[:60] if item.filename.endswith("sheet2.xml") else data)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(broken)
    assert [p.rule for p in caught.value.problems] == ["unreadable-workbook"]


def test_a_name_that_reads_as_a_formula_stays_its_text(tiny: Scenario, tmp_path: Path) -> None:
    renamed = tiny.model_copy(
        update={"regions": [tiny.regions[0].model_copy(update={"name": "=1+1"}), *tiny.regions[1:]]}
    )
    renamed.to_workbook(tmp_path / "tiny.xlsx")
    assert load_scenario(tmp_path / "tiny.xlsx") == renamed


def test_control_characters_and_truth_values_are_refused_by_cell(tmp_path: Path) -> None:
    folder = tmp_path / "timor"
    shutil.copytree(TIMOR, folder)
    regions = (folder / "regions.csv").read_text()
    (folder / "regions.csv").write_text(regions.replace("Aileu", "Ai\x0bleu", 1))
    settings = (folder / "scenario.yaml").read_text()
    (folder / "scenario.yaml").write_text(
        settings.replace("course_months: 3", "course_months: yes")
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert {(p.file, p.row, p.column) for p in caught.value.problems} == {
        ("regions.csv", 2, "name"),
        ("scenario.yaml", 14, "domestic.course_months"),
    }


def test_a_key_given_twice_in_a_yaml_file_is_named_at_both_lines(tmp_path: Path) -> None:
    folder = tmp_path / "timor"
    shutil.copytree(TIMOR, folder)
    settings = (folder / "scenario.yaml").read_text()
    (folder / "scenario.yaml").write_text(
        settings.replace("domestic:\n", "domestic:\n  course_months: 1\n", 1)
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.rule) == (
        15,
        "domestic.course_months",
        "duplicate-key",
    )
    model = tmp_path / "model.yaml"
    text = (TIMOR.parent.parent / "models" / "security-keeping.yaml").read_text()
    model.write_text(text + "weights:\n  cost: 2\n")
    with pytest.raises(ScenarioError) as caught:
        load_spec(model)
    assert [(p.column, p.rule) for p in caught.value.problems] == [("weights", "duplicate-key")]


def test_a_colon_inside_a_yaml_value_is_told_to_be_quoted(tmp_path: Path) -> None:
    """PyYAML's 'mapping values are not allowed here' (and in a {...} entry, "expected
    ',' or '}', but got ':'") said nothing of its likeliest cause: a description holding
    ': ', or a key indented deeper than the one above it."""
    from forcegen.scenario.events import load_events

    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    settings = (folder / "scenario.yaml").read_text()
    (folder / "scenario.yaml").write_text(
        settings.replace("description: Two regions", "description: Phase 2: two regions")
    )
    path = tmp_path / "events.yaml"
    path.write_text("events:\n  - {kind: withdraw, nation: A, description: vote: home}\n")
    hint = ": a ': ' read inside a value: quote a value holding one ('Phase 2: stabilisation')"
    for read in (lambda: load_scenario(folder), lambda: load_events(path)):
        with pytest.raises(ScenarioError) as caught:
            read()
        ((problem,),) = [caught.value.problems]
        assert (problem.row, problem.rule) == (2, "yaml-syntax")
        assert hint in problem.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "notes: &loop [*loop]\n",
            (1, "yaml-alias", "an alias names a mapping or list that holds it: a value of no end"),
        ),
        # a6 is 11,111,111 values; a0..a5 beside it, their keys and the whole, 12,345,685.
        (
            "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 7)),
            (
                None,
                "yaml-alias",
                "its aliases make 12,345,685 values of it, past the 1,000,000 it may hold",
            ),
        ),
        (
            "x: " + "[" * 3000 + "]" * 3000 + "\n",
            (None, "yaml-syntax", "lists or mappings nested too deep to read"),
        ),
        # A tag of no known type: composed, then a ConstructorError traceback.
        (
            "name: !include other.yaml\n",
            (1, "yaml-syntax", "could not determine a constructor for the tag '!include'"),
        ),
    ],
    ids=["alias-inside-itself", "aliases-of-aliases", "nested-deep", "unknown-tag"],
)
def test_a_yaml_file_of_no_end_is_bad_input(
    tmp_path: Path, text: str, expected: tuple[int | None, str, str]
) -> None:
    """A YAML file whose aliases name a list inside itself, or nest to repeat values
    millions of times, or whose lists nest thousands deep, had ended each reader in a
    RecursionError or run on for minutes; one with a tag of no known type, in a
    traceback."""
    folder = tmp_path / "timor"
    shutil.copytree(TIMOR, folder)
    (folder / "scenario.yaml").write_text(text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    (problem,) = caught.value.problems
    assert (problem.row, problem.rule, problem.message) == expected
    model = tmp_path / "model.yaml"
    model.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        load_spec(model)
    assert [(p.file, p.rule) for p in caught.value.problems] == [(str(model), expected[1])]


def test_a_csv_export_ending_every_line_with_empty_cells_reads_as_it_shows(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "timor"
    shutil.copytree(TIMOR, folder)
    lines = (folder / "regions.csv").read_text().splitlines()
    (folder / "regions.csv").write_text("".join(f"{line},,\n" for line in lines))
    assert load_scenario(folder) == load_scenario(TIMOR)


def test_a_code_typed_as_a_number_in_a_workbook_reads_as_its_csv_text(tmp_path: Path) -> None:
    book = tmp_path / "timor.xlsx"
    load_scenario(TIMOR).to_workbook(book)
    workbook = openpyxl.load_workbook(book)
    workbook["regions"]["E2"] = 7  # authority, text in regions.csv
    workbook.save(book)
    assert load_scenario(book).regions[0].authority == "7"


def test_a_text_typed_as_a_fraction_reads_as_the_sheet_shows_it(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A region named 1.5, a caveat's reason 12.5: a workbook holds each as a number,
    which a CSV file holds as text; it was refused as no valid string."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    assert book["regions"]["B1"].value == "name"
    book["regions"]["B2"] = 1.5
    book["caveats"].append(["BBB", "2000-01", None, "aid_escort", None, 12.5])
    book.save(tmp_path / "numbered.xlsx")
    numbered = load_scenario(tmp_path / "numbered.xlsx")
    assert (numbered.regions[0].name, numbered.caveats[0].reason) == ("1.5", "12.5")


def test_a_code_typed_as_a_number_reads_as_its_text_in_a_list_too(
    tiny: Scenario, tmp_path: Path
) -> None:
    """Task public_order renamed 7 on every sheet: a list of one code (the domestic
    force's tasks, BBB's refused tasks) typed as the number 7 is that code, as a code
    cell's is, not refused as no list."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in {"public_order", "public_order;border_control"}:
                    cell.value = 7
    book.save(tmp_path / "numbered.xlsx")
    numbered = load_scenario(tmp_path / "numbered.xlsx")
    assert numbered.settings.domestic.tasks == ("7",)
    assert numbered.nation_by_code["BBB"].refused_tasks == ("7",)
    assert numbered.unit_type_by_code["military_police"].effectiveness["7"] == 1


def test_a_notes_column_is_told_where_notes_go_a_sheet_or_a_file(
    tiny: Scenario, tiny_copy: Callable[[], Path], tmp_path: Path
) -> None:
    """A planner's notes column beside units, or of words beside the unit types' tasks, is
    no column of the table: told to keep notes on a sheet of their own in a workbook, in a
    file of their own in a folder (a workbook's planner has no file to put them in)."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    for name in ("units", "unit_types"):
        book[name].cell(1, book[name].max_column + 1).value = "notes"
        book[name].cell(2, book[name].max_column).value = "ask J5"
    book.save(tmp_path / "noted.xlsx")
    folder = tiny_copy()
    for name in ("units", "unit_types"):
        lines = (folder / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        lines[:2] = [f"{lines[0]},notes", f"{lines[1]},ask J5"]
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for path, place in ((tmp_path / "noted.xlsx", "on a sheet"), (folder, "in a file")):
        said = read_scenario(path).errors
        assert [(p.column, p.rule) for p in said] == [("notes", "unknown-column")] * 2
        assert all(p.message.endswith(f"keep notes {place} of their own") for p in said), said


def test_a_blank_column_between_a_sheets_table_and_notes_is_no_column(tmp_path: Path) -> None:
    """units' column J left blank before a planner's `notes` in K: said as an unknown
    column of no name and no letter, beside `notes`'s own error."""
    book = tmp_path / "timor.xlsx"
    load_scenario(TIMOR).to_workbook(book)
    workbook = openpyxl.load_workbook(book)
    assert workbook["units"].max_column == 9
    workbook["units"]["K1"] = "notes"
    workbook["units"].column_dimensions["J"].hidden = True  # hidden, it is no column either
    workbook.save(book)
    said = [(p.column, p.rule) for p in read_scenario(book).problems]
    assert said == [("notes", "unknown-column")]
    workbook["units"]["J3"] = "stray"
    workbook.save(book)
    said = [(p.column, p.rule) for p in read_scenario(book).problems]
    assert said == [("(unnamed column J)", "unknown-column"), ("notes", "unknown-column")]


def test_a_blank_column_is_no_column_whatever_a_misshapen_row_holds(tmp_path: Path) -> None:
    """An unquoted comma shifts a row's cells into the blank column: the row is said, not
    the column as one of no name."""
    folder = tmp_path / "timor"
    shutil.copytree(TIMOR, folder)
    regions = folder / "regions.csv"
    # A blank column after `name`, and Aileu's name written `Aileu, East` unquoted.
    rows = [line.split(",") for line in regions.read_text().splitlines()]
    spaced = [[*cells[:2], "", *cells[2:]] for cells in rows]
    spaced[1][1:2] = ["Aileu", " East"]
    regions.write_text("".join(",".join(cells) + "\n" for cells in spaced))
    said = [(p.file, p.row, p.rule) for p in read_scenario(folder).problems]
    assert said == [("regions.csv", 2, "row-shape")], said


def test_a_pipe_or_a_device_where_a_file_goes_is_refused_unopened(tmp_path: Path) -> None:
    """A FIFO waits for a writer (validate hung on one) and a device is no file saved."""
    import os
    import signal

    folder = tmp_path / "timor"
    shutil.copytree(TIMOR, folder)
    (folder / "units.csv").unlink()
    os.mkfifo(folder / "units.csv")
    (folder / "demand.csv").unlink()
    (folder / "demand.csv").symlink_to(os.devnull)  # /dev/zero would fill the memory

    def hung(*_: object) -> None:
        pytest.fail("a pipe or a device was opened")  # no OSError, which is caught

    signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        found = read_scenario(folder).problems
        pipe = tmp_path / "plan.xlsx"
        os.mkfifo(pipe)
        result = CliRunner().invoke(app, ["validate", str(pipe)])
    finally:
        signal.alarm(0)
    assert [(p.file, p.rule) for p in found] == [
        ("units.csv", "not-a-file"),
        ("demand.csv", "not-a-file"),
    ]
    assert all("is not a regular file but a pipe or a device" in p.message for p in found)
    assert result.exit_code == 2 and "[scenario-path]" in result.output
    assert "the scenario is not a regular file" in result.output
    # A model, events or sweep file too: said as such, not as missing.
    from forcegen.scenario.events import load_events
    from forcegen.spec import load_spec
    from forcegen.sweep.spec import load_sweep

    for load in (load_spec, load_events, load_sweep):
        with pytest.raises(ScenarioError) as refused:
            load(folder / "demand.csv")
        assert [p.rule for p in refused.value.problems] == ["not-a-file"], load


def test_merged_cells_are_one_problem_naming_the_range(tiny: Scenario, tmp_path: Path) -> None:
    """A merge reads as its first cell's value and blanks below it: the rows under it had
    been refused each as a nation `required`, never saying why the planner sees one."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    units = book["units"]
    assert [units[f"B{row}"].value for row in range(2, 5)] == ["AAA"] * 3
    units.merge_cells("C3:D3")  # a unit's type and component in one box, merged first
    units.merge_cells("B2:B4")  # three of AAA's units, its nation written once
    units.merge_cells("K2:L3")  # a note's box beside the table: its own warning
    units.merge_cells("A5:B5")  # from the table's first column
    units.merge_cells("E5:F5")  # in its last row
    book["demand"].merge_cells("E2:E3")  # in the table's last column
    book["demand"].merge_cells("E4:F4")  # from it to a cell beside the table
    units["K2"] = "ask AAA"
    book.save(tmp_path / "merged.xlsx")
    result = read_scenario(tmp_path / "merged.xlsx")
    assert [(p.file, p.row, p.column, p.rule, p.value) for p in result.errors] == [
        ("merged.xlsx[units]", 2, "nation", "merged-cell", "AAA"),
        ("merged.xlsx[units]", 3, "type", "merged-cell", "infantry"),
        ("merged.xlsx[units]", 5, "unit", "merged-cell", "BBB-mp-1"),
        ("merged.xlsx[units]", 5, "personnel", "merged-cell", "150"),
        ("merged.xlsx[demand]", 2, "personnel", "merged-cell", "300"),
        ("merged.xlsx[demand]", 4, "personnel", "merged-cell", "90"),
    ]
    assert result.errors[0].message == (
        "cells B2:B4 are merged, so all but B2 read as blank: unmerge them and give each row "
        "its own value"
    )
    assert [(p.row, p.column, p.rule) for p in result.warnings] == [(2, "K", "outside-table")]
    assert (
        "so all but C3 read as blank: unmerge them and give each cell" in result.errors[1].message
    )
    validated = CliRunner().invoke(app, ["validate", str(tmp_path / "merged.xlsx")])
    assert validated.exit_code == 2 and "[merged-cell] cells B2:B4 are merged" in validated.output


def test_hidden_rows_and_sheets_that_are_read_are_said(tiny: Scenario, tmp_path: Path) -> None:
    """A planner who hid a unit's row may think it out of the scenario: it is read."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    units = book["units"]
    for row in (2, 4, 5, 9):  # row 9 is blank: hidden, but nothing of it is read
        units.row_dimensions[row].hidden = True
    units.column_dimensions["E"].hidden = True  # personnel
    units.column_dimensions["I"].hidden = True  # dwell_months, the table's last column
    units.column_dimensions["Z"].hidden = True  # beside the table: nothing of it is read
    book["demand"].sheet_state = "hidden"
    book.create_sheet("notes").sheet_state = "hidden"  # not read: only its own warning
    book.save(tmp_path / "hidden.xlsx")
    result = read_scenario(tmp_path / "hidden.xlsx")
    assert result.scenario == tiny
    assert [(p.file, p.column, p.rule, p.message) for p in result.warnings] == [
        (
            "hidden.xlsx[units]",
            None,
            "hidden-row",
            "rows 2, 4-5 are hidden (by hand or by a filter), but read all the same: delete a "
            "row to leave it out",
        ),
        (
            "hidden.xlsx[units]",
            "personnel",
            "hidden-column",
            "column E is hidden, but read all the same: delete it to leave it out",
        ),
        (
            "hidden.xlsx[units]",
            "dwell_months",
            "hidden-column",
            "column I is hidden, but read all the same: delete it to leave it out",
        ),
        (
            "hidden.xlsx[demand]",
            None,
            "hidden-sheet",
            "the sheet is hidden, but it is read all the same",
        ),
        (
            "hidden.xlsx[notes]",
            None,
            "unknown-sheet",
            "not a table of a scenario, so it is left out",
        ),
    ]


def test_openpyxl_still_hands_a_read_only_sheet_its_xml(tmp_path: Path) -> None:
    """`layout_of` reads a sheet's hidden rows and columns and its merges from the sheet's
    XML through openpyxl's private `_get_source`, which the read-only mode keeps for its
    own rows: an openpyxl without it is named here, not met as an AttributeError inside
    every workbook's reading."""
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    for _ in range(3):
        sheet.append(["a", "b", "c"])
    sheet.row_dimensions[2].hidden = True
    sheet.column_dimensions["B"].hidden = True
    sheet.merge_cells("A3:C3")
    book.save(tmp_path / "layout.xlsx")
    read_only = openpyxl.load_workbook(tmp_path / "layout.xlsx", read_only=True).active
    assert callable(getattr(read_only, "_get_source", None)), (
        f"openpyxl {openpyxl.__version__}'s read-only sheet has no _get_source: "
        "forcegen.scenario.load.layout_of must read the sheet's XML another way"
    )
    assert layout_of(read_only) == SheetLayout(frozenset({2}), frozenset({2}), ("A3:C3",))
    # Its rows' places left out, as some programs save them: each the one after the last.
    with zipfile.ZipFile(tmp_path / "layout.xlsx") as source:
        entries = {item: source.read(item) for item in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    entries[name] = re.sub(rb'(<row) r="[0-9]+"', rb"\1", entries[name])
    assert b'<row r="' not in entries[name]
    with zipfile.ZipFile(tmp_path / "placeless.xlsx", "w") as target:
        for item, data in entries.items():
            target.writestr(item, data)
    placeless = openpyxl.load_workbook(tmp_path / "placeless.xlsx", read_only=True).active
    assert layout_of(placeless) == SheetLayout(frozenset({2}), frozenset({2}), ("A3:C3",))


def test_a_sheet_whose_header_is_not_in_row_1_is_said_plainly(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A row inserted above a sheet's header: its table is not read from a lower row (a
    title may be there as well as a header), and the sheet is said to start lower, where it
    was said to have no header row, and to be missing besides."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    book["units"].insert_rows(1)
    book["settings"].insert_rows(1, amount=2)
    book["tasks"].delete_rows(1, book["tasks"].max_row)
    # A sheet of notes is left out as ever, whatever its first row.
    book.create_sheet("notes")["A3"] = "ask AAA about its reserve"
    book.save(tmp_path / "lower.xlsx")
    result = read_scenario(tmp_path / "lower.xlsx")
    assert [(p.file, p.row, p.column, p.rule, p.message) for p in result.errors] == [
        (
            "lower.xlsx[settings]",
            1,
            None,
            "header-row",
            "the column names go in row 1, but rows 1-2 are blank and the table starts in "
            "row 3: delete the blank rows above it",
        ),
        ("lower.xlsx[tasks]", None, None, "empty-sheet", "the sheet has no header row"),
        (
            "lower.xlsx[units]",
            1,
            None,
            "header-row",
            "the column names go in row 1, but row 1 is blank and the table starts in row "
            "2: delete the blank row above it",
        ),
    ]
    assert [(p.file, p.rule) for p in result.warnings] == [("lower.xlsx[notes]", "unknown-sheet")]


def test_a_title_above_a_sheets_header_is_said_as_one(tiny: Scenario, tmp_path: Path) -> None:
    """A title a planner typed above the table, where each of its columns was said to be
    missing or unknown and each cell beyond row 1's one a note beside the table."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    book["regions"].insert_rows(1, amount=2)
    book["regions"]["A1"] = "Regions (as of 2000)"
    book["units"].insert_rows(1)
    book["units"]["B1"] = " Units "
    # A title that is also one of the sheet's column names is a title all the same.
    book["demand"].insert_rows(1)
    book["demand"]["A1"] = "Personnel"
    # A header with a column misspelt still names others: it is the header, read as such.
    book["tasks"]["A1"] = "tsk"
    book.save(tmp_path / "titled.xlsx")
    result = read_scenario(tmp_path / "titled.xlsx")
    headers = [p for p in result.errors if p.rule == "header-row"]
    assert [(p.file, p.row, p.message) for p in headers] == [
        (
            "titled.xlsx[regions]",
            1,
            "the column names go in row 1, but they are in row 3, below 'Regions (as of "
            "2000)': delete rows 1-2 above them",
        ),
        (
            "titled.xlsx[units]",
            1,
            "the column names go in row 1, but they are in row 2, below 'Units': delete row "
            "1 above them",
        ),
        (
            "titled.xlsx[demand]",
            1,
            "the column names go in row 1, but they are in row 2, below 'Personnel': delete row "
            "1 above them",
        ),
    ]
    misspelt = {
        (p.row, p.column, p.message) for p in result.errors if p.file == "titled.xlsx[tasks]"
    }
    assert (1, "task", "required column 'task' is missing; is 'tsk' it, misspelt?") in misspelt
    # Nothing else of the titled sheets: neither missing columns nor notes beside them.
    titled = [p for p in result.problems if p.file in {h.file for h in headers}]
    assert titled == headers


def test_a_table_edited_in_pandas_goes_back_into_the_scenario(tiny: Scenario) -> None:
    """`table()` gave DataFrames that `model_copy` refused (NaN for a blank month, the
    wide effectiveness columns as extra inputs): `with_table` reads them as their file."""
    for name in ("nations", "units", "unit_types", "regions", "demand", "tasks"):
        assert tiny.with_table(name, tiny.table(name)).model_dump() == tiny.model_dump()
    units = tiny.table("units")
    # An optional number is a number, blank as missing (not an object column of None),
    # and set in pandas as one.
    assert (str(units["tour_months"].dtype), units["tour_months"].isna().all()) == ("Int64", True)
    assert tiny.table("nations")["budget_per_year"].dtype == float
    # An optional month is text and a yes/no a boolean, even where every cell is blank:
    # a column of None alone had been objects, beside months as text.
    assert (str(units["available_until"].dtype), units["available_until"].isna().all()) == (
        "str",
        True,
    )
    assert str(tiny.table("regions")["handed_over"].dtype) == "str"
    assert str(tiny.table("tasks")["ends_at_handover"].dtype) == "boolean"
    units.loc[units["unit"] == "AAA-inf-2", "tour_months"] = 9
    assert tiny.with_table("units", units).unit_by_code["AAA-inf-2"].tour_months == 9
    units.loc[units["unit"] == "AAA-inf-1", "personnel"] = 450
    bigger = tiny.with_table("units", units)
    assert bigger.unit_by_code["AAA-inf-1"].personnel == 450
    assert tiny.unit_by_code["AAA-inf-1"].personnel != 450  # the scenario is frozen
    units.loc[0, "personnel"] = -5
    units.loc[1, "nation"] = "XXX"
    with pytest.raises(ScenarioError) as caught:
        tiny.with_table("units", units)
    # No file: the table, at its rows' labels, which a pandas user reads.
    given = "the units table given, index"
    assert [(p.file, p.row, p.column, p.rule) for p in caught.value.problems] == [
        (f"{given} 0", None, "personnel", "range"),
        (f"{given} 1", None, "nation", "unknown-nation"),
    ]
    # A frame sorted, filtered or keyed otherwise: its labels, not its rows' places.
    keyed = units.set_index("unit", drop=False).sort_values("personnel", ascending=False)
    with pytest.raises(ScenarioError) as caught:
        tiny.with_table("units", keyed)
    assert {p.file for p in caught.value.problems} == {f"{given} AAA-inf-1", f"{given} AAA-inf-2"}
    for misnamed in (lambda: tiny.with_table("unit", units), lambda: tiny.table("unit")):
        with pytest.raises(KeyError, match="no table 'unit'; did you mean units\\?"):
            misnamed()
    # Indexed by its key, kept as a column too, or under a level without a name: as it is.
    units = tiny.table("units")
    keys: list[Hashable | pd.Index] = ["unit", units.index]
    for indexed in (units.set_index("unit", drop=False), units.set_index(keys)):
        assert tiny.with_table("units", indexed).model_dump() == tiny.model_dump()
    # A warning the edit brings is said, not dropped; a table indexed by its key reads so.
    nations = tiny.table("nations").set_index("nation")
    nations.loc["BBB", "tour_months"] = 13
    with pytest.warns(UserWarning, match=r"^the nations table given.*\[tour-longer-than-horizon\]"):
        edited = tiny.with_table("nations", nations)
    assert edited.nation_by_code["BBB"].tour_months == 13
    # Said once: an edit of another table does not say the scenario's standing ones again.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        edited.with_table("units", edited.table("units"))


def test_a_choice_is_read_with_spaces_around_it(tiny: Scenario, tmp_path: Path) -> None:
    """A CSV file saved with a space after each cell was read but for `component`, every
    unit's row refused as `should be 'active' or 'reserve' (value 'active ')`."""
    tiny.to_folder(tmp_path / "folder")
    units = tmp_path / "folder" / "units.csv"
    units.write_text(
        units.read_text().replace(",active,", ", active ,").replace(",reserve,", ",reserve  ,")
    )
    assert [u.component for u in load_scenario(tmp_path / "folder").units] == [
        "active",
        "reserve",
        "active",
        "active",
    ]


def test_a_yes_no_cell_is_read_with_spaces_around_it_and_as_1_0_or_0_0(
    tiny: Scenario, tmp_path: Path
) -> None:
    """` true ` was refused where ` 3 ` was read as a number, and `1.0`, as pandas makes a
    column of 1s, 0s and blanks (and `with_table` writes it), was refused too."""
    import numpy as np

    tasks = tiny.table("tasks")
    tasks["ends_at_handover"] = [1.0, 0.0, np.nan, 1.0]
    ending = tiny.with_table("tasks", tasks)
    assert [t.ends_at_handover for t in ending.tasks] == [True, False, None, True]
    # In a CSV file, as text; in a workbook, as text or as the number.
    tiny.to_folder(tmp_path / "folder")
    regions = tmp_path / "folder" / "regions.csv"
    regions.write_text(regions.read_text().replace(",true", ", true ").replace(",false", ",0.0"))
    assert [r.border for r in load_scenario(tmp_path / "folder").regions] == [True, False]
    regions.write_text(regions.read_text().replace(", true ", ",1.00").replace(",0.0", ",  false"))
    assert [r.border for r in load_scenario(tmp_path / "folder").regions] == [True, False]
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    assert book["regions"]["G1"].value == "border"
    book["regions"]["G2"], book["regions"]["G3"] = " false", 1.0
    book.save(tmp_path / "tiny.xlsx")
    assert [r.border for r in load_scenario(tmp_path / "tiny.xlsx").regions] == [False, True]
    # Anything else is no yes or no still.
    tasks["ends_at_handover"] = [2.0, 0.5, np.nan, np.nan]
    regions.write_text(regions.read_text().replace(",1.00", ", maybe "))
    with pytest.raises(ScenarioError) as caught:
        tiny.with_table("tasks", tasks)
    problems = [*caught.value.problems, *read_scenario(tmp_path / "folder").errors]
    refused = "[type] should be a valid boolean, unable to interpret input"
    assert [str(p) for p in problems] == [
        f"the tasks table given, index 0, column ends_at_handover: {refused} (value '2.0')",
        f"the tasks table given, index 1, column ends_at_handover: {refused} (value '0.5')",
        f"regions.csv, row 2, column border: {refused} (value 'maybe')",
    ]


def test_a_table_given_names_the_other_row_a_problem_is_of_by_its_index(tiny: Scenario) -> None:
    """A second copy of a key at index 1 was said to repeat 'row 2', a file's row, where
    the first copy is at index 0; an overlapping demand row likewise."""
    tasks = tiny.table("tasks")
    tasks.loc[1, "task"] = "border_control"
    demand = tiny.table("demand").sort_values("personnel")  # index 3, 2, 1, 0
    demand.loc[1, "task"] = "border_control"
    said = []
    for name, frame in (
        ("tasks", tasks),
        ("demand", demand),
        ("tasks", tasks.set_axis(list("abcd"))),
    ):
        with pytest.raises(ScenarioError) as caught:
            tiny.with_table(name, frame)
        said += [
            str(p)
            for p in caught.value.problems
            if p.rule in ("duplicate-key", "overlapping-demand")
        ]
    assert said == [
        "the tasks table given, index 1, column task: [duplicate-key] border_control already "
        "appears at index 0 (value 'border_control')",
        "the demand table given, index 0, column first: [overlapping-demand] "
        "north/border_control from 2000-01 overlaps index 1 (2000-01..2000-06) (value '2000-01')",
        "the tasks table given, index b, column task: [duplicate-key] border_control already "
        "appears at index a (value 'border_control')",
    ]


def test_load_scenario_says_the_warnings_validate_prints(tmp_path: Path) -> None:
    """A notebook's load_scenario said none: a stray file left out, or a ceiling below
    every unit of a nation, were seen only by `forcegen validate`, though `with_table`
    said the same warnings."""
    from forcegen.scenario.problems import ScenarioWarning

    scenario = tmp_path / "scenario"
    shutil.copytree(TINY, scenario)
    (scenario / "stray.csv").write_text("a,b\n1,2\n")
    with pytest.warns(ScenarioWarning) as said:
        load_scenario(scenario)
    assert [str(w.message) for w in said] == [
        "stray.csv: [unknown-file] not a table of a scenario, so it is left out"
    ]
    assert said[0].filename == __file__  # at the notebook's line, not ours
    # So are they where a function takes the scenario's folder in its place.
    from forcegen.checker import check_plan
    from forcegen.evaluate import evaluate_plan

    empty = {"assignments": pd.DataFrame(columns=["unit", "task", "region", "start"])}
    for judge in (check_plan, evaluate_plan):
        with pytest.warns(ScenarioWarning) as said:
            judge(scenario, "security-keeping", empty)
        assert [w.filename for w in said if w.category is ScenarioWarning] == [__file__]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_scenario(scenario, warn=False)  # a run's copy read again: said as it was made


def test_with_table_given_no_dataframe_says_what_it_takes() -> None:
    """Records or a dict had failed deep in the writing: 'dict' has no attribute 'index'."""
    scenario = load_scenario(TIMOR)
    units = scenario.table("units")
    for given in (units.to_dict("records"), units.to_dict()):
        with pytest.raises(TypeError, match=r"with_table takes a DataFrame .* not (list|dict)"):
            scenario.with_table("units", given)  # type: ignore[arg-type]


def test_a_folder_that_holds_a_scenario_is_said_to(tmp_path: Path) -> None:
    """A run folder given for a scenario (`validate RUN`, a notebook's load_scenario(RUN))
    was seven missing files, one a table, where its scenario is RUN/scenario."""
    run = tmp_path / "run"
    shutil.copytree(TINY, run / "scenario")
    result = read_scenario(run)
    assert result.scenario is None
    assert [(p.rule, p.message) for p in result.problems] == [
        ("not-a-scenario", f"not a scenario, but a folder that holds one: give {run / 'scenario'}")
    ]


def test_a_folder_of_scenarios_is_said_to_hold_them(tmp_path: Path) -> None:
    """`forcegen validate data`, the folder the bundled scenario is in, was seven missing
    files, scenario.yaml and six tables, as if the user were to write them there."""
    data = tmp_path / "data"
    shutil.copytree(TINY, data / "tiny")
    assert [(p.rule, p.message) for p in read_scenario(data).problems] == [
        ("not-a-scenario", f"not a scenario, but a folder that holds one: give {data / 'tiny'}")
    ]
    shutil.copytree(TINY, data / "other")
    assert [(p.rule, p.message) for p in read_scenario(data).problems] == [
        (
            "not-a-scenario",
            "not a scenario, but a folder that holds 2: give one of them, "
            f"{data / 'other'}, {data / 'tiny'}",
        )
    ]
    # A scenario begun beside a copy in a folder of its own is that scenario's problems.
    (data / "units.csv").write_text((TINY / "units.csv").read_text())
    assert "missing-file" in {p.rule for p in read_scenario(data).problems}


def test_a_nation_is_dropped_with_its_units_in_one_call() -> None:
    """Dropped from nations alone, its units named a nation the scenario lacked, and no
    word said how to change both: a notebook user went table by table in a fixed order."""
    scenario = load_scenario(TINY)
    nations, units = scenario.table("nations"), scenario.table("units")
    with pytest.raises(ScenarioError) as caught:
        scenario.with_table("nations", nations[nations["nation"] != "BBB"])
    assert caught.value.__notes__ == [
        "units.csv is the scenario's own, as it was: with_tables(name=frame, ...) replaces "
        "several tables at once"
    ]
    without = scenario.with_tables(
        nations=nations[nations["nation"] != "BBB"], units=units[units["nation"] != "BBB"]
    )
    assert [n.nation for n in without.nations] == ["AAA"] and len(without.units) == 3
    # Each table's problems at its own frame's labels.
    with pytest.raises(ScenarioError) as caught:
        scenario.with_tables(nations=nations.iloc[:1], units=units.assign(personnel=0))
    files = {p.file for p in caught.value.problems}
    assert "the units table given, index 3" in files and "the units table given, index 0" in files


def test_a_workbook_open_in_a_spreadsheet_is_said_to_be(tiny: Scenario, tmp_path: Path) -> None:
    """Read while Excel had it open, its unsaved edits were not read, unsaid."""
    tiny.to_workbook(tmp_path / "scenario.xlsx")
    assert read_scenario(tmp_path / "scenario.xlsx").problems == []
    # Excel's own name for an 8-letter stem, and LibreOffice's: each said; not another's.
    (tmp_path / "~$scenario.xlsx").write_text("planner")
    assert read_scenario(tmp_path / "scenario.xlsx").problems == []
    (tmp_path / "~$scenario.xlsx").unlink()
    for lock in ("~$enario.xlsx", ".~lock.scenario.xlsx#"):
        (tmp_path / lock).write_text("planner")
        (said,) = read_scenario(tmp_path / "scenario.xlsx").problems
        assert (said.rule, said.severity) == ("open-elsewhere", "warning")
        assert f"open in a spreadsheet ({lock} beside it)" in said.message
        (tmp_path / lock).unlink()


def test_a_spreadsheet_of_another_format_or_one_table_is_told_what_to_give(
    tmp_path: Path,
) -> None:
    """An .ods or one table's .csv was 'neither a folder nor an .xlsx workbook', with no
    word of what to give."""
    for name, hint in (
        ("scenario.ods", "(save it as .xlsx, Excel Workbook, in the spreadsheet it opens in)"),
        ("units.csv", "(give the folder its .csv is in)"),
    ):
        (tmp_path / name).write_text("x")
        (said,) = read_scenario(tmp_path / name).problems
        assert said.message == f"the scenario is neither a folder nor an .xlsx workbook {hint}"


def test_a_yaml_key_that_is_no_name_is_said_as_written_at_its_line(tmp_path: Path) -> None:
    """`~: x` was said as `key None` at no line, and `5: x` as `column 5`, a character's
    place: each is said as written, at its line, with every other setting judged too."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    settings = (folder / "scenario.yaml").read_text()
    settings = settings.replace("months: 12", "months: twelve")
    (folder / "scenario.yaml").write_text(settings + "  yes: 1\n~: x\n5: x\n")
    said = sorted(str(p) for p in read_scenario(folder).errors)
    assert said == [
        "scenario.yaml, line 16, key domestic.yes: [unknown-column] not a known key: YAML "
        "reads yes as true or false, not as a name (value '1')",
        "scenario.yaml, line 17, key ~: [unknown-column] not a known key: YAML reads ~ as "
        "nothing (null), not as a name (value 'x')",
        "scenario.yaml, line 18, key 5: [unknown-column] not a known key: YAML reads 5 as a "
        "number, not as a name (value 'x')",
        "scenario.yaml, line 4, key months: [type] should be a valid integer, unable to parse "
        "string as an integer (value 'twelve')",
    ]


def test_a_table_file_listed_under_a_second_name_is_read_once_and_not_said(
    tmp_path: Path,
) -> None:
    """A file system blind to case lists units.csv as `Units.csv` too, one file (here a
    hard link, the same file under another name): it is the table read, not a second
    file left out as unknown."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    os.link(folder / "units.csv", folder / "Units.csv")
    result = read_scenario(folder)
    assert result.scenario is not None
    assert [(p.file, p.rule) for p in result.problems] == []
    # A file of its own under that name is no table read: left out, and said.
    (folder / "Units.csv").unlink()
    shutil.copy(folder / "units.csv", folder / "Units.csv")
    assert [(p.file, p.rule, p.severity) for p in read_scenario(folder).problems] == [
        ("Units.csv", "unknown-file", "warning")
    ]


def test_a_semicolon_in_a_column_name_of_a_comma_csv_is_no_separator(tmp_path: Path) -> None:
    """A header of several columns is a comma's CSV, whatever its first name holds: a ';'
    in it (`region;area`) is that column's name, misnamed, not a file saved with ';'
    between its columns, which has one column alone."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    demand = folder / "demand.csv"
    demand.write_text(demand.read_text().replace("region,task", "region;area,task", 1))
    assert [(p.file, p.row, p.column, p.rule) for p in read_scenario(folder).problems] == [
        ("demand.csv", 1, "region", "missing-column"),
        ("demand.csv", 1, "region;area", "unknown-column"),
    ]


@pytest.mark.parametrize("quoted", [5, 6])
def test_a_quote_out_of_place_below_the_rows_read_ahead_keeps_their_problems(
    tmp_path: Path, quoted: int
) -> None:
    """The rows under a CSV header are read ahead for a title's header (rows 2-5): a row
    too long among them is still said beside a quote out of place, which stops the file's
    reading, each at its row, the quote below them (row 6) or among them (row 5, where
    the row too long was lost)."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    units = folder / "units.csv"
    lines = units.read_text().splitlines()
    assert len(lines) == 5  # the header and rows 2-5
    lines[2] += ",extra"  # row 3: eight cells under seven columns
    lines[quoted - 1 : quoted] = ['BBB-mp-2,"BBB"x,military_police,active,150,,']
    units.write_text("\n".join(lines) + "\n")
    assert [(p.file, p.row, p.column, p.rule) for p in read_scenario(folder).problems] == [
        ("units.csv", 3, None, "row-shape"),
        ("units.csv", quoted, None, "csv-syntax"),
    ]


def test_a_tables_one_row_too_long_is_said_at_its_row_not_as_every_row(tmp_path: Path) -> None:
    """Rows all too long by one cell are a column the header leaves unnamed, said once at
    row 1; a table of one row too long is that row's fault, at its row 2."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    ceilings = folder / "ceilings.csv"
    ceilings.write_text("nation,from,ceiling\nAAA,2000-06,800,900\n")
    assert [(p.file, p.row, p.column, p.rule) for p in read_scenario(folder).problems] == [
        ("ceilings.csv", 2, None, "row-shape")
    ]
    ceilings.write_text("nation,from,ceiling\nAAA,2000-06,800,900\nBBB,2000-06,200,100\n")
    assert [(p.file, p.row, p.column, p.rule) for p in read_scenario(folder).problems] == [
        ("ceilings.csv", 1, None, "row-shape")
    ]


def test_a_header_spelt_otherwise_in_every_column_reads_as_the_table(
    tiny: Scenario, tmp_path: Path
) -> None:
    """Each column's name as a planner's spreadsheet may head it (`REGION `, `Task`) is the
    column, where every one of the table's is spelt so, on a sheet as in a CSV file: the
    table is read, with no column missing."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    for cell in book["demand"][1]:
        cell.value = f"{str(cell.value).upper()} "
    book.save(tmp_path / "edited.xlsx")
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    demand = folder / "demand.csv"
    header = "region,task,first,last,personnel"
    demand.write_text(demand.read_text().replace(header, "Region ,TASK,First,Last,Personnel", 1))
    for path in (tmp_path / "edited.xlsx", folder):
        result = read_scenario(path)
        assert result.problems == []
        assert result.scenario == tiny


def test_a_row_of_its_code_alone_is_a_row_where_the_code_is_all_a_row_needs(
    tmp_path: Path,
) -> None:
    """A cell alone in a row of several required columns is a note or a total, said as
    such; a task's or a unit type's code alone is a row, the rest of it left blank."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    edit(folder / "tasks.csv", "public_order,Public order,2", "public_order,,")
    types = folder / "unit_types.csv"
    types.write_text(types.read_text() + "engineers,,,,,\n")
    result = read_scenario(folder)
    assert result.problems == []
    assert result.scenario is not None
    assert result.scenario.task_by_code["public_order"].name == ""
    assert result.scenario.unit_types[-1].type == "engineers"


def test_a_unit_said_as_a_note_in_its_row_is_not_said_unknown_where_named(
    tmp_path: Path,
) -> None:
    """A row of units.csv giving its code alone is said once, at its row: the unit is
    not also unknown in unavailable.csv, which names it."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    units = folder / "units.csv"
    units.write_text(units.read_text() + "AAA-inf-9,,,,,,\n")
    (folder / "unavailable.csv").write_text(
        "unit,first,last,reason\nAAA-inf-9,2000-02,2000-03,refit\n"
    )
    assert [(p.file, p.row, p.column, p.rule) for p in read_scenario(folder).problems] == [
        ("units.csv", 6, "unit", "required")
    ]


def test_a_title_above_a_header_of_two_columns_is_said_as_one(tmp_path: Path) -> None:
    """A title typed above a table whose header names two of its columns (tasks.csv's
    code and name): the header is found in row 2 all the same, and the title said."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    rows = [
        "border_control,Border control",
        "aid_escort,Aid escort",
        "public_order,Public order",
        "constabulary_training,Constabulary training",
    ]
    (folder / "tasks.csv").write_text("\n".join(["Tasks of the mission", "task,name", *rows]))
    result = read_scenario(folder)
    assert [(p.file, p.row, p.column, p.rule) for p in result.problems] == [
        ("tasks.csv", 1, None, "header-row")
    ]
    assert "they are in row 2, below 'Tasks of the mission'" in result.problems[0].message


def test_a_setting_left_blank_beside_a_blank_note_is_its_default_unsaid(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A planner's notes column on the settings sheet: a value typed there by a blank
    value cell is warned of (`outside-table`), but a setting left blank with no note
    beside it takes its default without a word."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    sheet = book[SETTINGS_SHEET]
    assert sheet["A7"].value == "currency"
    sheet["C1"], sheet["C2"], sheet["B7"] = "notes", "the mission's own name", None
    book.save(tmp_path / "noted.xlsx")
    result = read_scenario(tmp_path / "noted.xlsx")
    assert result.problems == []
    assert result.scenario == tiny  # USD, the currency's default


def test_a_workbook_without_its_settings_sheet_is_told_it_is_required(
    tiny: Scenario, tmp_path: Path
) -> None:
    """One problem, at the workbook, where the sheet goes: nothing else is said of its
    tables, judged by no horizon."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    del book[SETTINGS_SHEET]
    book.save(tmp_path / "unset.xlsx")
    assert [
        (p.file, p.row, p.column, p.rule) for p in read_scenario(tmp_path / "unset.xlsx").problems
    ] == [("unset.xlsx", None, None, "missing-sheet")]


def test_a_setting_given_twice_or_three_deep_on_the_settings_sheet_is_said_at_its_row(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A setting given a second time is said there, its first value read (`months` 12
    of row 5, not row 17's 0, which is not also refused); a name three deep is no
    setting, said as written at its row."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    sheet = book[SETTINGS_SHEET]
    assert (sheet["A5"].value, sheet.max_row) == ("months", 16)
    sheet.append(["months", 0])
    sheet.append(["domestic.course.months", 3])
    book.save(tmp_path / "edited.xlsx")
    found = read_scenario(tmp_path / "edited.xlsx").problems
    assert [(p.file, p.row, p.column, p.rule) for p in found] == [
        ("edited.xlsx[settings]", 17, "setting", "duplicate-key"),
        ("edited.xlsx[settings]", 18, "domestic.course.months", "unknown-column"),
    ]


def test_merged_header_cells_are_said_at_row_1(tiny: Scenario, tmp_path: Path) -> None:
    """Two column names merged into one box (a heading over both): the merge is said at
    the header's row, as one in the table's rows is, and the heading it blanks is not also
    an unknown column `(unnamed column D)`: one mistake, said once."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    book["units"].merge_cells("C1:D1")  # type and component
    book.save(tmp_path / "merged.xlsx")
    errors = read_scenario(tmp_path / "merged.xlsx").errors
    assert [(p.file, p.row, p.column, p.rule, p.value) for p in errors] == [
        ("merged.xlsx[units]", 1, "type", "merged-cell", "type")
    ]


def test_a_broken_rows_blank_cells_name_no_code_on_a_sheet(tiny: Scenario, tmp_path: Path) -> None:
    """A nation's row refused for its ceiling still has its codes judged, but a sheet's
    blank cell (no value at all, where a CSV file's is empty text) names none: AAA's
    tasks and regions refused, left blank, are no task or region `None`."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    nations = book["nations"]
    assert (nations["L1"].value, nations["R2"].value, nations["S2"].value) == (
        "ceiling",
        None,
        None,
    )
    nations["L2"] = "lots"
    book.save(tmp_path / "broken.xlsx")
    assert [
        (p.file, p.row, p.column, p.rule) for p in read_scenario(tmp_path / "broken.xlsx").problems
    ] == [("broken.xlsx[nations]", 2, "ceiling", "type")]


def test_a_dot_before_three_figures_in_a_tasks_column_saved_with_semicolons_is_refused(
    tmp_path: Path,
) -> None:
    """A unit type's effectiveness in a task's column is a number as a nation's cost is:
    1.000 in a file European Excel saved (`sep=;`) may be 1000 or 1, said at its cell."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    types = (folder / "unit_types.csv").read_text().replace(",", ";")
    assert "infantry;Infantry battalion;1;0.9;" in types
    types = types.replace("infantry;Infantry battalion;1;", "infantry;Infantry battalion;1.000;")
    (folder / "unit_types.csv").write_text("sep=;\n" + types)
    assert [(p.file, p.row, p.column, p.rule) for p in read_scenario(folder).problems] == [
        ("unit_types.csv", 2, "border_control", "ambiguous-number")
    ]


def test_settings_missing_or_not_a_mapping_are_one_problem_each(tmp_path: Path) -> None:
    """scenario.yaml not there is required, with no other YAML file beside it taken for it
    misnamed (an events file is none); one holding a list is no mapping of settings."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    (folder / "scenario.yaml").rename(folder / "events.yaml")
    assert [
        (p.file, p.row, p.column, p.rule, p.message) for p in read_scenario(folder).problems
    ] == [("scenario.yaml", None, None, "missing-file", "scenario.yaml is required")]
    (folder / "scenario.yaml").write_text("- name: tiny\n- months: 12\n")
    assert [(p.file, p.row, p.column, p.rule) for p in read_scenario(folder).problems] == [
        ("scenario.yaml", None, None, "yaml-shape")
    ]


def test_a_cell_a_merge_blanks_leaves_its_rows_other_blank_cells_said(
    tiny: Scenario, tmp_path: Path
) -> None:
    """A merge's blanked cell is not also `required`, but the same row's own blank cell
    in another column is."""
    tiny.to_workbook(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(tmp_path / "tiny.xlsx")
    units = book["units"]
    units.merge_cells("B2:B3")  # AAA, written once for two units
    units["E3"] = None  # personnel
    book.save(tmp_path / "merged.xlsx")
    assert [
        (p.file, p.row, p.column, p.rule) for p in read_scenario(tmp_path / "merged.xlsx").errors
    ] == [
        ("merged.xlsx[units]", 2, "nation", "merged-cell"),
        ("merged.xlsx[units]", 3, "personnel", "required"),
    ]


def test_a_unit_types_column_of_numbers_and_words_is_judged_as_a_tasks(tmp_path: Path) -> None:
    """A column beside the unit types' tasks holding words alone is notes, said once; one
    holding a number too is read as a task's effectiveness: no task of its name, and
    each word refused at its cell."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    types = folder / "unit_types.csv"
    lines = types.read_text().splitlines()
    lines[0] += ",remark"
    lines[1] += ",0.5"
    lines[2] += ",ask AAA"
    types.write_text("\n".join(lines) + "\n")
    assert [(p.file, p.row, p.column, p.rule) for p in read_scenario(folder).problems] == [
        ("unit_types.csv", 1, "remark", "unknown-task"),
        ("unit_types.csv", 3, "remark", "type"),
    ]
