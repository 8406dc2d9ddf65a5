"""Whether a scenario may be written at a path: what writing it there would lose or leave
behind. `forcegen convert` and `generate` say these as problems before any work; a
notebook's `Scenario.to_folder` and `to_workbook` refuse with them."""

from __future__ import annotations

from pathlib import Path

from forcegen.fileio import foreign_folder
from forcegen.scenario.load import files_of_its_own, sheets_of_its_own
from forcegen.scenario.schema import SETTINGS_FILE
from forcegen.scenario.write import SCENARIO_FILES, not_as_written

# Names that say a file, where a scenario is written as a folder or a .xlsx workbook.
FILE_SUFFIXES = {".csv", ".xls", ".xlsm", ".ods", ".yaml", ".yml", ".json", ".txt"}


def named_as_a_file(path: Path) -> list[tuple[str, str]]:
    """The rule and message if a scenario written to `path` would be a folder named as a
    file (`out.csv`)."""
    if path.suffix.lower() not in FILE_SUFFIXES:
        return []
    message = f"a scenario is written as a folder or a .xlsx workbook, not as {path.suffix}"
    return [("not-a-scenario-path", message)]


def over_a_scenario(path: Path) -> list[tuple[str, str]]:
    """The rule and message of each reason writing a scenario at `path` would lose or
    leave what is not a scenario's: a file other than a scenario's workbook (a plan.xlsx,
    a planner's budget book), or one with sheets of the planner's own, which writing would
    replace whole; a scenario's folder with files of its own (notes, the script that built
    it, an events file), which writing would leave beside a scenario they are not of, its
    tables replaced; a scenario's files a planner may have edited (`_not_as_written`). A
    folder of other files and no scenario is `foreign_folder`'s to refuse."""
    if path.is_dir():
        if files := files_of_its_own(path):
            message = (
                f"a scenario's folder with files of its own ({', '.join(files)}): writing "
                "would replace its tables and leave those beside a scenario they are not "
                "of; write to a new folder, or move them out first"
            )
            return [("files-of-its-own", message)]
        return _not_as_written(path) if files is not None else []
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return []  # a file where a folder goes is `output_problem`'s
    own = sheets_of_its_own(path)
    if own is None:
        message = (
            "a file other than a scenario's workbook (it has no settings sheet): writing "
            "would replace it; write to a new file, or over a scenario's workbook"
        )
        return [("not-a-scenario-workbook", message)]
    if own:
        message = (
            f"a scenario's workbook with sheets of its own ({', '.join(own)}), which writing "
            "would lose: write to a new file, or move them out first"
        )
        return [("sheets-of-its-own", message)]
    return _not_as_written(path)


def refusal(path: Path) -> str | None:
    """Why a scenario may not be written at `path` from Python, or None: each of
    `named_as_a_file`'s and `over_a_scenario`'s reasons, and, for a folder, one of other
    files than a scenario's (`foreign_folder`)."""
    reasons = [message for _, message in (*named_as_a_file(path), *over_a_scenario(path))]
    if path.suffix.lower() != ".xlsx" and (
        other := foreign_folder(path, (SETTINGS_FILE,), "scenario")
    ):
        reasons.append(other)
    return f"{path}: {'; '.join(reasons)}" if reasons else None


def _not_as_written(path: Path) -> list[tuple[str, str]]:
    """The rule and message for the scenario's files at `path` (its workbook or folder)
    that a planner changed since forcegen wrote them, and for those it has no record of
    writing (`not_as_written`): writing a scenario there would replace them, edits and
    all. What forcegen wrote and nobody changed since is replaced without a word."""
    edited, unrecorded = not_as_written(path)
    folder = path.is_dir()
    where = f"write to a new {'folder' if folder else 'file'}, or move it away first"
    problems = []
    if edited:
        what = _scenario_files_said(path, edited, "changed since forcegen wrote {}")
        message = f"{what} (a planner's edits?), which writing would lose: {where}"
        problems.append(("edited", message))
    if unrecorded:
        what = _scenario_files_said(path, unrecorded, "forcegen has no record of writing")
        message = (
            f"{what} (made by hand, or by a forcegen from before it kept one), which may "
            f"hold a planner's work that writing would lose: {where}"
        )
        problems.append(("not-written-by-forcegen", message))
    return problems


def _scenario_files_said(path: Path, files: list[Path], said: str) -> str:
    """The scenario at `path` said with what is `said` of its `files` (`{}` in it their
    pronoun): a workbook, a folder whose every file they are, or the folder's files named."""
    if not path.is_dir():
        return f"a scenario's workbook {said.format('it')}"
    if len(files) == sum((path / name).is_file() for name in SCENARIO_FILES):
        return f"a scenario's folder {said.format('it')}"
    names = ", ".join(file.name for file in files)
    return f"a scenario's folder whose {names} {said.format('it' if len(files) == 1 else 'them')}"
