"""Problems found in a scenario's files, reported all at once."""

from __future__ import annotations

import codecs
import difflib
import math
import os
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pandas as pd
import yaml
from pydantic import BaseModel

from forcegen.months import parse_month
from forcegen.scenario.schema import NOT_TRUE_OR_FALSE, TRUE_OR_FALSE, Settings
from forcegen.shown import shortened

Severity = Literal["error", "warning"]
# A workbook's settings sheet as a problem places it (`t.xlsx[settings]`), its title
# spelt as a spreadsheet may leave it (`Settings `), as it is read.
SETTINGS_SHEET = re.compile(r"\.xls[xm]\[\s*settings\s*\]$", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located where the user can find it.

    `row` is the row as the user sees it in that file (header is row 1; a line number for
    YAML); `column` the column or setting (a key's path in YAML, or the character of a
    syntax error); `rule` a short name of the rule broken.
    """

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str
    value: str | None = None
    severity: Severity = "error"

    def where(self) -> str:
        # A YAML or JSON file is read by line and key, as its editor shows it.
        keyed = yaml_file(self.file) or self.file.lower().endswith(".json")
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{'line' if keyed else 'row'} {self.row}")
        if self.column:
            # A YAML syntax error's column is a character's place; a key may be `5`.
            key = keyed and self.rule != "yaml-syntax"
            # A workbook's settings sheet is a row a setting: one is named as its setting
            # column names it, `row 5, setting months`, where there is no column `months`;
            # a key not known is a setting too, the sheet's columns being known.
            setting = SETTINGS_SHEET.search(self.file) and (
                self.column.partition(".")[0] in Settings.model_fields
                or self.rule == "unknown-column"
            )
            kind = "key" if key else "setting" if setting else "column"
            parts.append(f"{kind} {shortened(self.column)}")
        return ", ".join(parts)

    def __str__(self) -> str:
        # Not where the message says it already (`got 'Sep-99'`).
        value = "" if self.value is None else f"{shortened(self.value)!r}"
        value = f" (value {value})" if value and f"got {value}" not in self.message else ""
        return f"{self.where()}: [{self.rule}] {self.message}{value}"


def yaml_file(file: str) -> bool:
    """Whether a problem's `file` is a YAML file; a sweep's problem names the file and
    then the part of it ("sweep.yaml, grid")."""
    return re.search(r"\.ya?ml(, |$)", file, re.IGNORECASE) is not None


def table_given(name: str) -> str:
    """What a problem calls a table given in memory, not read from a file: its rows are
    numbered as its file's would be."""
    return f"the {name} table given (row 1 its header)"


def index_label(index: pd.Index, row: int | None) -> str | None:
    """The label, in a frame's `index`, of the row its file would number `row` (the header
    row 1), as its user reads it; None for no row of the frame."""
    position = (row or 0) - 2
    if not 0 <= position < len(index):
        return None
    return shortened(index[position : position + 1].to_list()[0])


def given_at_index(problem: Problem, name: str, index: pd.Index) -> Problem:
    """A problem of the table `name` given in memory, at its row's label in the frame's
    `index`, which its user reads (a filtered or sorted frame's row 7 may be its index 26);
    one of no row of it (its header, a column missing) at the table (`table_given`)."""
    if (label := index_label(index, problem.row)) is None:
        return replace(problem, file=table_given(name))
    return replace(problem, file=f"the {name} table given, index {label}", row=None)


class ScenarioError(Exception):
    """Raised when a scenario has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        found = errors(problems)
        lines = "\n".join(f"  {p}" for p in found)
        super().__init__(f"{len(found)} problem(s) in the input:\n{lines}")


class ScenarioWarning(UserWarning):
    """A scenario's warning said in Python (`load_scenario`, `Scenario.with_table`), as
    `forcegen validate` prints it: the scenario loads, but something in it is likely not
    what was meant (a ceiling below every unit of its nation, a file left out)."""


def say_warnings(problems: list[Problem], stacklevel: int) -> None:
    """Each warning of `problems` said as a `ScenarioWarning`, at the caller `stacklevel`
    frames up from the one that calls this."""
    for problem in problems:
        if problem.severity == "warning":
            warnings.warn(ScenarioWarning(str(problem)), stacklevel=stacklevel + 1)


def in_reading_order(problems: list[Problem], files_as_found: bool = False) -> list[Problem]:
    """The problems file by file, each file's from its top, as the user goes through them:
    the files by name, or, `files_as_found`, in the order the problems first name them (a
    scenario's as its tables are read, settings first, each table before those naming
    its codes)."""
    files = list(dict.fromkeys(p.file for p in problems))
    order = {file: rank for rank, file in enumerate(files if files_as_found else sorted(files))}
    return sorted(problems, key=lambda p: (order[p.file], p.row or 0))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def as_numbers(
    text: pd.Series,
    file: str,
    column: str,
    *,
    rows: Sequence[int],
    whole: bool = False,
    blank: float | None = None,
) -> tuple[pd.Series, list[Problem]]:
    """A CSV column as read (text or numbers, blank cells NaN) as numbers, and a problem at
    the row of every cell that is not one (`rows`: the file's row of each cell, as a
    spreadsheet numbers it). A blank cell becomes `blank`, or is a problem when `blank` is
    None."""
    numbers = pd.to_numeric(text, errors="coerce")
    # inf and 1e400 parse as numbers, but no table's figure is endless (no column reads inf
    # as "no limit"): refused as no number, not taken to a crash further on.
    numbers = numbers.where(numbers.abs() != float("inf"))
    wrong = text.notna() & numbers.isna()
    if blank is None:
        wrong |= text.isna()
    else:
        numbers = numbers.where(text.notna(), blank)
    if whole:
        wrong |= numbers.notna() & (numbers.round() != numbers)
    kind = "whole number" if whole else "number"
    problems = [
        Problem(file, row, column, "not-a-number", f"must be a {kind}", value)
        for row, value, bad in zip(rows, text.astype("string").fillna(""), wrong, strict=True)
        if bad
    ]
    return numbers, problems


def as_months(
    text: pd.Series,
    file: str,
    column: str,
    *,
    rows: Sequence[int],
    blank: bool = False,
) -> tuple[pd.Series, list[Problem]]:
    """A CSV column as read (text, blank cells NaN) as `YYYY-MM` labels, and a problem at
    the row of every cell that is not a month (`rows`: the file's row of each cell, as a
    spreadsheet numbers it); a blank cell stays blank when `blank` allows it, else it is a
    problem too."""
    labels: list[object] = []
    problems = []
    for row, value in zip(rows, text, strict=True):
        if pd.isna(value):
            labels.append(value)
            if not blank:
                problems.append(Problem(file, row, column, "required", "a month is required"))
            continue
        try:
            labels.append(parse_month(value))
        except ValueError as exc:
            labels.append(value)
            problems.append(Problem(file, row, column, "format", str(exc), str(value)))
    return pd.Series(labels, index=text.index, dtype=text.dtype), problems


def did_you_mean(name: str, known: Iterable[str], n: int = 1) -> str:
    """ "; did you mean X?" (or "X or Y", up to `n`) for what `name` was most likely
    meant as (`likely_meant`), or nothing."""
    close = likely_meant(name, known, n)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def likely_meant(name: str, known: Iterable[str], n: int = 1) -> list[str]:
    """The known names, at most `n`, `name` was most likely meant as: the same but for
    case, spaces or a character typed for one it looks like, else two letters swapped,
    else a close spelling; none if no known name is near."""
    known = sorted(known)
    same = [k for k in known if k.lower() == name.strip().lower()]
    alike = [k for k in known if _as_seen(k) == _as_seen(name)]
    swapped = [k for k in known if _swapped(k.lower(), name.strip().lower())]
    close = same or alike or swapped or difflib.get_close_matches(name, known, n=n, cutoff=0.8)
    return close[:n]


def _swapped(known: str, name: str) -> bool:
    """Whether `name` is `known` with two letters next to each other typed the other way
    round (`JRO` for `JOR`), which a ratio of likeness puts far apart in a short code, and
    no lower cutoff brings near without also `AUS` for `USA`."""
    differ = [i for i, (a, b) in enumerate(zip(known, name, strict=False)) if a != b]
    return (
        len(known) == len(name)
        and len(differ) == 2
        and differ[1] == differ[0] + 1
        and known[differ[0]] == name[differ[1]]
        and known[differ[1]] == name[differ[0]]
    )


# Characters typed for others they look like: a lowercase L for a one, an O for a zero.
LOOKALIKES = str.maketrans({"l": "1", "i": "1", "o": "0"})


def _as_seen(name: str) -> str:
    return name.strip().lower().translate(LOOKALIKES)


def yaml_problem(file: str, error: yaml.YAMLError) -> Problem:
    """A file that is not YAML, as one problem at the line and column PyYAML stopped at,
    in its short words: its own text runs over several lines, quoting the line with a '^'
    under the column and naming a '<unicode string>' the user never wrote."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None)
    if mark is None or problem is None:  # a character YAML refuses: one line already
        return Problem(file, None, None, "yaml-syntax", str(error).splitlines()[0])
    # What PyYAML was reading, when it began on another line: the '{' never closed.
    context, start = getattr(error, "context", None), getattr(error, "context_mark", None)
    sheet = file.endswith("]")  # a workbook's sheet of YAML, a line a row
    if context and start is not None and start.line != mark.line:
        problem += f" ({context} that starts on {'row' if sheet else 'line'} {start.line + 1})"
    if "'\\t'" in problem:  # PyYAML's "found character '\t' that cannot start any token"
        problem += ": YAML indents with spaces, not tabs"
    if problem.startswith(("mapping values are not allowed", "expected ',' or '}', but got ':'")):
        # A planner's text with a colon in it (a description), or a key indented deeper
        # than the one above it: either read as a key inside a value.
        problem += (
            ": a ': ' read inside a value: quote a value holding one ('Phase 2: "
            "stabilisation'), and indent a key as the one above it"
        )
    if sheet:
        # In column A of plan.xlsx[model]: a character's place read as "column 25", cell Y;
        # and a planner typing over a cell leaves out the indent that places the line.
        problem += (
            f" (at character {mark.column + 1} of the cell; a row's leading spaces are its "
            "indent: check this row's and the one's above)"
        )
        return Problem(file, mark.line + 1, "A", "yaml-syntax", problem)
    return Problem(file, mark.line + 1, str(mark.column + 1), "yaml-syntax", problem)


# pydantic's error types, by the names of the rules they break.
RULE_NAMES = {
    "missing": "required",
    "extra_forbidden": "unknown-column",
    "int_parsing": "type",
    "int_from_float": "type",
    "float_parsing": "type",
    "bool_parsing": "type",
    "string_type": "type",
    "int_type": "type",
    "float_type": "type",
    "greater_than_equal": "range",
    "greater_than": "range",
    "less_than_equal": "range",
    "less_than": "range",
    "string_pattern_mismatch": "code-format",
    "string_too_short": "required",
    "literal_error": "choice",
    "value_error": "format",
    "bool_type": "type",
    "model_type": "type",
    "model_attributes_type": "type",
    "dict_type": "type",
    "list_type": "type",
    "tuple_type": "type",
    "union_tag_invalid": "choice",
    "union_tag_not_found": "required",
    # An infinity (YAML's .inf) for a whole number, beyond any bound as it is for a
    # decimal; nan is no number at all (`_nan`).
    "finite_number": "range",
    # A whole number of thousands of digits, or a float as big as 1e40 for one.
    "int_parsing_size": "range",
    "nan": "type",  # not pydantic's: said for any of NAN_KINDS
    "path_type": "type",  # a list, a number or nothing where a path goes
    "enum": "choice",
    "none_required": "type",
    "is_instance_of": "type",
    "multiple_of": "range",
    "too_short": "range",
    "too_long": "range",
    "string_too_long": "range",
    "assertion_error": "format",
}
# Messages in the file's words, where pydantic's name Python's types or its parser.
MESSAGES = {
    "finite_number": "should be a finite number",
    "nan": "should be a number, not nan",
    "int_parsing_size": "is too large a number",
    "path_type": "should be a path, written as text",
}


# What a spreadsheet saves as the value of a formula it cannot work out (a reference to a
# deleted row, a division by 0), in a workbook and in a CSV file saved from one.
FORMULA_ERRORS = {
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
}


def rule_name(kind: str) -> str:
    """The rule a pydantic error type breaks, as this project names its rules (kebab-case,
    never pydantic's own names): one of RULE_NAMES, else by the kind of type it is."""
    if kind in RULE_NAMES:
        return RULE_NAMES[kind]
    if kind.endswith("_type") or "_parsing" in kind:
        return "type"
    if kind.startswith(("greater_", "less_")) or kind.endswith(("_too_long", "_too_short")):
        return "range"
    return "format"


# Errors a nan gives: it is no number, where pydantic finds it out of bounds (it fails
# every comparison: 'should be less than or equal to 600') or no finite number.
NAN_KINDS = {"finite_number", "greater_than", "greater_than_equal", "less_than", "less_than_equal"}


def _nan(value: Any) -> bool:
    """YAML's .nan, or a cell or setting written as nan."""
    if isinstance(value, str):
        return value.strip().lower().lstrip("+-") == "nan"
    return isinstance(value, float) and math.isnan(value)


# pydantic's words for a value of the wrong shape name its classes (`instance of
# DomesticForce`) and Python's types (`a valid tuple`): these are the file's words.
SHAPES = {
    "model_type": "should be a mapping (key: value)",
    "model_attributes_type": "should be a mapping (key: value)",
    "dict_type": "should be a mapping (key: value)",
    "list_type": "should be a list",
    "tuple_type": "should be a list",
    "extra_forbidden": "not a known key",
}


def validation_problem(
    file: str, row: int | None, column: str | None, error: Any, schema: Any = None
) -> Problem:
    """One pydantic validation error as a problem at `file`, `row`, `column`, in the
    words of this project's rules (pydantic's type names and prefixes left out); with the
    `schema` validated (a model or a type), a key it does not know says which it meant."""
    kind = error["type"]
    value = None if kind == "missing" else error.get("input")
    if kind in NAN_KINDS and _nan(value):
        kind = "nan"
    # "Input should be at least 1" is pydantic's voice: the rule's is "should be ...".
    message = MESSAGES.get(kind, error["msg"]).removeprefix("Input ")
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    if kind == "assertion_error":
        message = message.removeprefix("Assertion failed, ")
    if message == NOT_TRUE_OR_FALSE and not yaml_file(file):
        message = TRUE_OR_FALSE
    if kind == "missing":
        message = "a value is required"
    if kind == "string_pattern_mismatch":
        message = "a code may hold only letters, digits, '_', '.' and '-'"
    message = SHAPES.get(kind, message)
    if kind == "extra_forbidden" and schema is not None and error["loc"]:
        *within, key = error["loc"]
        known = known_keys(schema, within)
        head, _, rest = str(key).partition(".")
        # A key of a section written at the top: a workbook's settings sheet dots it.
        section = [k for k in sorted(known) if str(key) in known_keys(schema, [*within, k])]
        if rest and head in known:  # a workbook's settings sheet writes it so, not YAML
            message += f"; in YAML, write {rest}: under {head}:"
        elif section and file.endswith("]"):
            message += f"; did you mean {section[0]}.{key}?"
        elif section:
            message += f"; it belongs under {section[0]}:"
        elif file.endswith("]") and schema is Settings:
            # A workbook's settings sheet names a setting in full (a plan's model sheet is
            # YAML, its keys under their sections).
            prefix = "".join(f"{part}." for part in within)
            message += did_you_mean(f"{prefix}{key}", {prefix + k for k in known}, n=2)
        else:
            message += did_you_mean(str(key), known, n=2)
    if kind == "less_than_equal" and error.get("ctx", {}).get("le") == 1:
        message += _as_a_fraction(value)
    if kind == "less_than" and error.get("ctx", {}).get("lt") == 1:  # 1 is past it too
        message += _as_a_fraction(value, least=1)
    if kind in {"int_parsing", "float_parsing"}:
        message += _as_a_number(value, whole=kind == "int_parsing")
    sheet = ".xls" in file.lower()  # a workbook's sheet, `plan.xlsx[units]`
    if kind == "string_type" and isinstance(value, date):
        if yaml_file(file):
            message += ": YAML reads it unquoted as a date; quote it"
        elif sheet:
            message += (
                ": the spreadsheet took it for a date; format the cell as text and type it again"
            )
        else:  # a table given in memory
            message += ": a date, where text goes; give it as text"
    if kind in {"int_type", "float_type"} and isinstance(value, date | time) and sheet:
        # A number typed in a cell formatted as a date is saved as that date (650 as
        # 1901-10-11), and a ratio typed 1:20 as a time of day: said as what it reads.
        took = "a date" if isinstance(value, date) else "a time of day"
        message += (
            f": the spreadsheet took it for {took}; format the cell as a number and type it again"
        )
    if isinstance(value, str) and value.strip().upper() in FORMULA_ERRORS:
        message += ": a formula's error, saved as its value: mend the formula or type the value"
    if kind in {"union_tag_invalid", "union_tag_not_found"}:
        tag = str(error["ctx"]["discriminator"]).strip("'")
        message = f"{tag} is required"
        if kind == "union_tag_invalid":
            # pydantic gives the tags as one text, each quoted: "'withdraw', 'caveat'".
            expected = str(error["ctx"]["expected_tags"])
            given = str(error["ctx"]["tag"])
            message = f"{tag} must be one of {expected}, not {given!r}" + did_you_mean(
                given, re.findall(r"'([^']*)'", expected)
            )
    return Problem(
        file,
        row,
        column,
        rule_name(kind),
        message,
        None if value is None or isinstance(value, dict | BaseModel) else _as_text(value),
    )


def known_keys(schema: Any, within: Sequence[int | str]) -> set[str]:
    """The keys `schema` takes in the mapping at the path `within` (as a pydantic error's
    location gives it: fields, list positions, a tagged union's tag), as a file writes
    them (a field's alias where it has one); none where the path leads to no model."""
    kinds = [schema]
    for part in within:
        kinds = [inner for kind in kinds for inner in _inside(kind, part)]
    return {
        field.alias or name
        for kind in kinds
        for model in _models(kind)
        for name, field in model.model_fields.items()
    }


def _alternatives(kind: Any) -> tuple[Any, ...] | None:
    """The types a union (Optional) may be, or an Annotated type's own; None for another."""
    if get_origin(kind) is Annotated:
        return get_args(kind)[:1]
    return get_args(kind) if get_origin(kind) in {Union, UnionType} else None


def _models(kind: Any) -> list[type[BaseModel]]:
    """The models a type may be: itself, or those of its union (Optional, Annotated)."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return [kind]
    return [model for argument in _alternatives(kind) or () for model in _models(argument)]


def _inside(kind: Any, part: int | str) -> list[Any]:
    """The types of what `kind` holds at `part`: a model's field, a list's item, a
    mapping's value, or the models of a union that `part` tags."""
    if (arguments := _alternatives(kind)) is not None:
        return [inner for argument in arguments for inner in _inside(argument, part)]
    if isinstance(part, int) and get_origin(kind) in {list, tuple}:
        return list(get_args(kind)[:1])
    if isinstance(part, str) and get_origin(kind) is dict:
        return list(get_args(kind)[1:])
    if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
        return []
    for name, field in kind.model_fields.items():
        if part in {name, field.alias}:
            return [field.annotation]
    tagged = any(part in get_args(field.annotation) for field in kind.model_fields.values())
    return [kind] if tagged else []


def _as_a_fraction(value: Any, least: int = 2) -> str:
    """A hint where a share (at most 1) was written as a whole percentage, 30 for 0.3:
    as a spreadsheet shows a share formatted as a percentage, and as planners say them
    (1.5 or 1.08 are shares scaled past 1, no percentage); from `least`: 1 for a share
    below 1, where 1 is no share either."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    if not (least <= number <= 100 and number.is_integer()):
        return ""
    return f": a share is a fraction, {number / 100:g} for {number:g}%"


# A number as a spreadsheet or a planner writes it, which a file's cell must not.
_SEPARATORS = ",' \u00a0\u202f"  # 8,500; Swiss 8'500; French 8 500 (a space, thin or not)
# Led by 1-999: 0,300 is a decimal comma's.
_THOUSANDS = re.compile(rf"^[+-]?[1-9]\d{{0,2}}([{_SEPARATORS}]\d{{3}})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_PERCENT = re.compile(r"^[+-]?\d+(\.\d+)?\s*%$")
_EXPONENT = re.compile(r"^[+-]?\d+(\.\d*)?[eE][+-]?\d+$")
_FISCAL_YEAR = re.compile(r"^FY\s*-?\s*(\d{4})$", re.IGNORECASE)
_CURRENCY = re.compile(r"^[$€£¥]|\d\s*([$€£¥]|USD|EUR|GBP|AUD)$", re.IGNORECASE)


def _as_a_number(value: Any, *, whole: bool) -> str:
    """A hint where a number was written with a thousands separator, a decimal comma, a
    percent sign or a currency: each reads as no number, and a spreadsheet's formatted
    cell saved as text gives them. `whole`: the column takes whole numbers (a count), so
    a hint giving a fraction or a share would lead to another error."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if _CURRENCY.search(text):
        return ": a number alone, without its currency"
    if _THOUSANDS.match(text) and not (whole and "." in text):
        return f": write it without separators, {re.sub(f'[{_SEPARATORS}]', '', text)} for {text}"
    if whole and (year := _FISCAL_YEAR.match(text)):
        return (
            f": a fiscal year is its number alone, the calendar year it begins in: {year[1]} "
            f"for {text} where years are named by their start, {int(year[1]) - 1} for a US "
            f"or Australian {text}"
        )
    if whole:
        # 1e3 reads as a float to pydantic, and as text to YAML 1.1 (no point, no sign).
        exponent = _EXPONENT.match(text) and float(text)
        if exponent and exponent.is_integer() and abs(exponent) < 1e15:
            return f": write the whole number, {int(exponent)} for {text}"
        return ""
    if _DECIMAL_COMMA.match(text):
        return f": a fraction takes a decimal point, {text.replace(',', '.')} for {text}"
    if _PERCENT.match(text):
        return f": a share is a fraction, {float(text.rstrip('% ')) / 100:g} for {text}"
    return ""


def _as_text(value: Any) -> str:
    """A value pydantic refused, as text: a number as written; a list or the like only as
    far as a problem shows it (`shortened`)."""
    if isinstance(value, datetime) and value.time() == time():
        return str(value.date())  # a workbook's date cell, as the sheet shows it
    if isinstance(value, date | time):  # YAML's reading of 2020-01-01, as written
        return str(value)
    return str(value) if isinstance(value, str | int | float | bool) else shortened(value)


def read_yaml(
    path: Path, label: str, found: list[Problem] | None = None, missing: str = "no file here"
) -> tuple[Any, yaml.Node | None]:
    """A YAML file's document and its composed nodes (for `yaml_line`); ScenarioError,
    as `label`'s one problem, when there is no file (`missing` says what should be there),
    it cannot be read (`read_text`), or it is not YAML. A key given twice in a mapping is
    a problem too: added to `found`, for the caller to say with the document's others, or
    else raised."""
    return parse_yaml(yaml_text(path, label, missing), label, found)


def yaml_text(path: Path, label: str, missing: str = "no file here") -> str:
    """A YAML file's text, for `parse_yaml`; ScenarioError as in `read_yaml`, where there
    is no file or it cannot be read."""
    if not path.exists():
        raise ScenarioError([missing_file(path, label, missing)])
    unread: list[Problem] = []
    if (text := read_text(path, label, unread)) is None:
        raise ScenarioError(unread)
    return text


def parse_yaml(
    text: str, label: str, found: list[Problem] | None = None
) -> tuple[Any, yaml.Node | None]:
    """`read_yaml`'s document and composed nodes of a YAML file's `text`, read already."""
    try:
        tree = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise ScenarioError([yaml_problem(label, exc)]) from None
    except RecursionError:
        raise ScenarioError([Problem(label, None, None, "yaml-syntax", TOO_DEEP)]) from None
    if (aliased := _aliased(label, tree)) is not None:
        raise ScenarioError([aliased])
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:  # a tag of no known type (`!include`), which compose takes
        raise ScenarioError([yaml_problem(label, exc)]) from None
    repeated = duplicate_keys(label, tree)
    if found is not None:
        found += repeated
    elif repeated:
        raise ScenarioError(repeated)
    return document, tree


TOO_DEEP = "lists or mappings nested too deep to read"
# The most values a YAML file's aliases may expand it to: forcegen's files hold thousands.
EXPANDED_LIMIT = 1_000_000


def _aliased(label: str, tree: yaml.Node | None) -> Problem | None:
    """A problem where the YAML file's aliases (`*name`) make a value of no end (one
    inside the mapping or list it names) or expand it past EXPANDED_LIMIT values (nested
    aliases, each repeating the last): every reader of it would recurse or run on."""
    sizes: dict[int, int] = {}
    opened: set[int] = set()
    endless: list[int] = []  # the line of the mapping or list named inside itself

    def size(node: yaml.Node) -> int | None:
        if id(node) in sizes:
            return sizes[id(node)]
        if id(node) in opened:
            endless.append(node.start_mark.line + 1)
            return None
        opened.add(id(node))
        if isinstance(node, yaml.MappingNode):
            inner = [part for pair in node.value for part in pair]
        else:
            inner = node.value if isinstance(node, yaml.SequenceNode) else []
        total: int | None = 1
        for part in inner:
            counted = size(part)
            total = None if total is None or counted is None else total + counted
        opened.discard(id(node))
        if total is not None:
            sizes[id(node)] = total
        return total

    if tree is None:
        return None
    try:
        total = size(tree)
    except RecursionError:
        return Problem(label, None, None, "yaml-syntax", TOO_DEEP)
    if total is None:
        message = "an alias names a mapping or list that holds it: a value of no end"
        return Problem(label, endless[0], None, "yaml-alias", message)
    if total > EXPANDED_LIMIT:
        message = (
            f"its aliases make {total:,} values of it, past the {EXPANDED_LIMIT:,} it may hold"
        )
        return Problem(label, None, None, "yaml-alias", message)
    return None


def read_bytes(file: Path, label: str, problems: list[Problem]) -> bytes | None:
    """The file's bytes, or None and a problem when it is a folder, no regular file (a
    pipe or a device, whose read would wait for a writer) or cannot be read."""
    if refused := not_regular(file, label):
        problems.append(refused)
        return None
    try:
        return file.read_bytes()
    except IsADirectoryError:
        problems.append(Problem(label, None, None, "not-a-file", "a folder, where a file goes"))
    except OSError as exc:
        problems.append(Problem(label, None, None, "unreadable", f"cannot be read: {exc.strerror}"))
    return None


def read_text(file: Path, label: str, problems: list[Problem]) -> str | None:
    """The file's text; None, and a problem, where `read_bytes` cannot read it or it is
    not UTF-8 (saved as UTF-16, or in a code page): read with its bytes replaced, a
    table's header and codes would each be misread as a problem of their own, so it is
    left unread as a file that cannot be."""
    if (data := read_bytes(file, label, problems)) is None:
        return None
    # Without its byte-order mark, so that a bad byte's position is the text's own.
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(not_utf8(label, data, exc))
        return None


def not_utf8(label: str, data: bytes, exc: UnicodeDecodeError) -> Problem:
    """The file's first byte that is not UTF-8, at its line (`data`: as decoded)."""
    line = data[: exc.start].count(b"\n") + 1
    message = f"byte {data[exc.start]:#04x} is not UTF-8 text; save the file as UTF-8"
    return Problem(label, line, None, "encoding", message)


def duplicate_keys(label: str, tree: yaml.Node | None) -> list[Problem]:
    """A problem at each key given a second time in one mapping of a YAML file (its
    composed nodes): YAML keeps the last silently, so an edit above the old line is lost.
    A key in a list's entry (an event, a sweep's variant) is named within the entry, as
    its other problems name it: its line says which entry, where `events.0.nation` had
    the planner count from 0."""
    found = []

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            lines: dict[str, int] = {}
            for key, value in node.value:
                name, line = f"{prefix}{key.value}", key.start_mark.line + 1
                if name in lines:
                    # An entry written on one line, `{nation: A, nation: B}`, gives both.
                    where = (
                        f"twice on line {line}"
                        if lines[name] == line
                        else f"on lines {lines[name]} and {line}"
                    )
                    message = f"given {where}: one value; delete one"
                    found.append(Problem(label, line, name, "duplicate-key", message))
                lines.setdefault(name, line)
                walk(value, f"{name}.")
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, "")

    if tree is not None:
        walk(tree, "")
    return found


def yaml_line(tree: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The line of a YAML file (its composed nodes) that `loc`, keys and list positions
    from the top, is written on; the line of as much of it as is there (the mapping a
    required key is missing from), None for none of it."""
    line, node = None, tree
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            entry = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if entry is None:
                break
            line, node = entry[0].start_mark.line + 1, entry[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


# A pipe or a device where a file goes: reading it would wait for a writer that never
# comes (a FIFO) or never end (/dev/zero), so it is refused before it is opened.
NOT_REGULAR = "is not a regular file but a pipe or a device; give a file saved on disk"


def neither_folder_nor_workbook(path: Path) -> str | None:
    """What keeps `path` from being a scenario or plan (a folder, or a workbook saved as
    .xlsx or .xlsm), as words that follow its name; None where it is one."""
    if path.is_dir() or (path.is_file() and path.suffix.lower() in {".xlsx", ".xlsm"}):
        return None
    if not path.exists():
        return "does not exist"
    if not path.is_file():
        return NOT_REGULAR
    said = "is neither a folder nor an .xlsx workbook"
    if path.suffix.lower() in {".ods", ".xls", ".numbers"}:
        return f"{said} (save it as .xlsx, Excel Workbook, in the spreadsheet it opens in)"
    if path.suffix.lower() == ".csv":
        return f"{said} (give the folder its .csv is in)"
    return said


def missing_file(file: Path, label: str, message: str) -> Problem:
    """The problem of a file that is not there (`message` says what should be); a link
    to nothing (a file moved, a link to itself) is said as a link, which a listing of the
    folder shows where the file should be."""
    if file.is_symlink():
        message = (
            f"a link to {os.readlink(file)!r}, which leads to no file (moved, or a link to "
            "itself): link it to the file, or put the file here"
        )
        return Problem(label, None, None, "broken-link", message)
    return Problem(label, None, None, "missing-file", message)


def not_regular(file: Path, label: str) -> Problem | None:
    """The problem of a pipe or a device at `file`, else None."""
    if file.exists() and not file.is_dir() and not file.is_file():
        return Problem(label, None, None, "not-a-file", f"the file {NOT_REGULAR}")
    return None
