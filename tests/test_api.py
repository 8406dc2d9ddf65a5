"""The package's top as a notebook meets it: what `import forcegen` offers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import forcegen
import forcegen.sweep


def test_the_package_offers_its_entry_points_not_its_own_imports() -> None:
    """A notebook's `forcegen.<Tab>` offered `Any`, `TYPE_CHECKING`, `annotations` and
    `import_module` beside the entry points."""
    offered = {name for name in dir(forcegen) if not name.startswith("_")}
    assert set(forcegen.__all__) <= offered
    assert not offered & {"Any", "TYPE_CHECKING", "annotations", "import_module"}
    # Each name offered is there (a module only once imported, as Python's own packages).
    assert all(getattr(forcegen, name) is not None for name in offered)
    assert "__version__" in dir(forcegen)
    # forcegen.sweep, as notebook 02 meets it, offered the same imports of its own.
    offered = {name for name in dir(forcegen.sweep) if not name.startswith("_")}
    assert set(forcegen.sweep.__all__) <= offered
    assert not offered & {"Any", "TYPE_CHECKING", "annotations", "import_module"}
    assert all(getattr(forcegen.sweep, name) is not None for name in offered)


def test_a_table_given_in_python_is_named_as_given_in_every_message() -> None:
    """tiny's units all given the nation ZZZ, at labels a to d: the message named its four
    rows by a file's numbers, `(2..5)`, beside `index a` for the first; demand given empty,
    each region's warning named `demand.csv`, a file the notebook never had."""
    import pandas as pd

    from forcegen.scenario.problems import ScenarioWarning
    from tests.conftest import TINY

    tiny = forcegen.load_scenario(TINY)
    units = tiny.table("units").assign(nation="ZZZ").set_axis(list("abcd"))
    with pytest.raises(forcegen.ScenarioError) as caught:
        tiny.with_table("units", units)
    [unknown] = [p for p in caught.value.problems if p.rule == "unknown-nation"]
    assert str(unknown) == (
        "the units table given, index a, column nation: [unknown-nation] no nation 'ZZZ' is "
        "defined; 4 rows use it (index a..d) (value 'ZZZ')"
    )
    with pytest.warns(ScenarioWarning) as said:
        tiny.with_table("demand", pd.DataFrame(columns=tiny.table("demand").columns))
    assert [str(w.message).split(": ", 1)[1] for w in said] == [
        f"[region-without-demand] no demand for {region} in the horizon (the demand table "
        "given): no one is needed there, and the plan hands it over as soon as the handover "
        f"rule allows, counted among the regions handed over (value '{region}')"
        for region in ("north", "south")
    ]


def test_a_scenario_written_from_python_keeps_a_planners_work(tmp_path: Path) -> None:
    """`to_folder` and `to_workbook` wrote over anything, where `forcegen convert` refuses:
    a notebook's scenario written over the folder a planner had edited since, or over a
    plan's workbook, lost their work without a word. Each refusal writes nothing; what
    forcegen wrote and nobody changed is written again."""
    from tests.conftest import TINY

    tiny = forcegen.load_scenario(TINY)
    folder, book = tmp_path / "tiny", tmp_path / "tiny.xlsx"
    tiny.to_folder(folder)
    tiny.to_workbook(book)
    tiny.to_folder(folder)  # as written: again, without a word
    tiny.to_workbook(book)
    units = folder / "units.csv"
    edit = units.read_text().replace(",300,", ",450,", 1)
    units.write_text(edit)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "brief.txt").write_text("the planner's own")
    plan = tmp_path / "plan.xlsx"
    openpyxl.Workbook().save(plan)
    said = {}
    for path, write in [
        (folder, tiny.to_folder),
        (notes, tiny.to_folder),
        (plan, tiny.to_workbook),
        (tmp_path / "out.csv", tiny.to_folder),
    ]:
        with pytest.raises(FileExistsError) as caught:
            write(path)
        said[path.name] = str(caught.value)
    assert said == {
        "tiny": f"{folder}: a scenario's folder whose units.csv changed since forcegen wrote "
        "it (a planner's edits?), which writing would lose: write to a new folder, or move "
        "it away first",
        "notes": f"{notes}: holds files other than a scenario folder's: writing one here "
        "would mix its files with them and could replace some; write to a new or empty "
        "folder, or over an earlier scenario folder",
        "plan.xlsx": f"{plan}: a file other than a scenario's workbook (it has no settings "
        "sheet): writing would replace it; write to a new file, or over a scenario's workbook",
        "out.csv": f"{tmp_path / 'out.csv'}: a scenario is written as a folder or a .xlsx "
        "workbook, not as .csv",
    }
    assert units.read_text() == edit
    assert [p.name for p in notes.iterdir()] == ["brief.txt"]
    assert openpyxl.load_workbook(plan).sheetnames == ["Sheet"]
    assert not (tmp_path / "out.csv").exists()
