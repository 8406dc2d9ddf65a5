"""The format document of a scenario and a model specification, generated from their
schemas (`forcegen/scenario/schema.py`, `forcegen/spec.py`) so it always matches validation.
It sits outside the scenario package because the model specification is checked against a
scenario (`forcegen.spec` imports it): the scenario layer does not reach up to the spec."""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from forcegen.scenario.schema import (
    MAX_COUNT,
    MAX_MONEY,
    MAX_MONTHS,
    SETTINGS_FILE,
    TABLES,
    DomesticForce,
    Settings,
    column_name,
    wide_field,
)
from forcegen.spec import ModelSpec

INTRO = f"""# forcegen scenario format

This document is generated from `forcegen/scenario/schema.py` (and its last section, the
model specification's keys, from `forcegen/spec.py`) by `forcegen format-doc`;
do not edit it by hand. The same schema validates every file, so what is written here is
exactly what `forcegen validate` checks.

A scenario is a folder holding `scenario.yaml` and one CSV file per table (UTF-8, header
row first, comma-separated unless a first line `sep=;` as Excel reads it says otherwise:
there, as European Excel writes 1200 shown with its thousands as 1.200, a number with a dot
before three figures is refused, `ambiguous-number`: write 1200 or 1.2), or one Excel
workbook with a `settings` sheet (columns `setting`, `value`,
nested keys dotted as `domestic.course_months`) and one sheet per table with the same
columns (a sheet or column name is matched whatever its case and the spaces around it;
a formula is read as the value a spreadsheet saved for it, so a workbook written by a
program is opened and saved in one first). Months are `YYYY-MM` (`YYYY-M`, an ISO date
`YYYY-MM-DD` and a spreadsheet's date cell are read as their month); a period's last month is
inclusive; lists inside a cell are separated by `;` (or `,`); a blank optional cell takes
its default. Numbers are bounded far beyond
any mission: personnel, people and other counts at most {MAX_COUNT:,}, spans of months
at most {MAX_MONTHS}, money at most {MAX_MONEY:,}.
"""

RULES = """## Rules across tables

| rule | severity | meaning |
| --- | --- | --- |
| duplicate-key | error | a key (`nation`, `unit`, `type`, `region`, `task`, ...) appears twice, in one spelling or two cases (`AAA`, `aaa`) |
| unknown-nation / -type / -region / -task / -unit | error | a code is used that its own table does not define |
| one-lead | error | exactly one nation has `lead` true |
| overlap-shorter-than-tour | error | relief-in-place overlap is shorter than the tour |
| reserve-rules-incomplete | error | `reserve_max_months`, `reserve_mobilizations` and `reserve_window_months` come together |
| reserve-tour-too-long | error | post-mobilization training plus tour exceeds the longest mobilization |
| reserve-without-rules | error | a reserve unit belongs to a nation with no reserve rules |
| uncoverable-task | error | demand for a task no unit can do (a warning if the domestic force may take it) |
| unreachable-demand | warning | demand in a region no unit able to do the task may enter: each nation able is kept out by its caveats (refused regions or tasks, a `max_risk` below the region's risk) |
| ceiling-below-units, budget-below-units | warning | a nation whose ceiling is below its smallest unit in every month, or whose budget is below a month of that unit in every fiscal year, or one row of ceilings.csv or budgets.csv so (a figure missing its zeros; 0 is taken as meant): a unit deploys whole, so it deploys no one within them (a model that makes the rule soft may break it at its price) |
| unit-above-ceiling | warning | a unit larger than its nation's ceiling in every month it may serve (its availability, its nation's join and leave; its nation having smaller units that fit): a unit deploys whole, so it never deploys within the ceiling (a model that makes the rule soft may break it at its price) |
| trains-no-one | warning | no recruit or no academy place (`recruits_per_month` or `academy_capacity` 0), none trained at the start, beside demand on the domestic force's tasks: the plan hands a region over only where no demand is left |
| outside-horizon | error | a period lies wholly outside the horizon, or a ceiling starts after it |
| never-in-horizon | warning | a unit's availability or a nation's membership (join, leave) lies wholly outside the horizon: it never serves |
| empty-period | error | a period ends before it starts |
| overlapping-demand | error | two demand rows for one region and task share a month |
| overlapping-academy | error | two academy.csv rows share a month (two capacities in it) |
| overlapping-period, changes-nothing | warning | two unavailable.csv periods of one unit that share a month (the unit is unavailable in both: one row says it), or a period outside every month a tour from the horizon may hold its unit (its availability, its nation's join and leave, and a tour's reach past the horizon's end), or a caveats.csv row holding only before the horizon or after its nation's last tour from it could end, or an academy.csv row outside the horizon |
| after-handover | error | demand runs into or past the month its region was already handed over |
| ceiling-unused, budget-unused | warning | a nations.csv ceiling or yearly budget that ceilings.csv or budgets.csv replaces in every month or fiscal year the nation is of the coalition in (its join..leave), so editing it changes nothing; a ceilings.csv row of the same figure is not warned of, its figure being the one that applies |
| region-without-demand | warning | a region (not handed over by decision) with no demand in the horizon: handed over with no one in it as soon as the handover rule allows, and counted among the regions handed over |
| no-training-demand, covers-nothing | warning | recruits beside no `constabulary_training` demand in the horizon (trainers go only where demand.csv asks for them, so no one is trained), or a domestic `effectiveness` of 0 (its officers cover nothing), where demand is on the domestic force's tasks |
| reserve-window-void | warning | a nation's `reserve_window_months` shorter than the call-up of every reserve unit of it (`reserve_training_months` and the unit's tour): `reserve_mobilizations` never binds (the window is in months: 1:5 is 72) |
| window-shorter-than-tour | warning | a nation's join..leave from the horizon's start, or a unit's availability within it, holding fewer months than one call-up (a reserve unit's training and its tour; months past the horizon count, as a tour may run past it), or none (a unit's availability and its nation's join and leave that do not meet): a plan deploys whole tours, so it serves in none but those a re-plan keeps |
| high-attrition, trainer-ratio | warning | a domestic force losing more than 5% of its trained officers a month (46% a year; a percentage written as a share, 0.5 for 0.5%), or fewer than one trainee per trainer (a ratio written upside down, 0.05 for 1:20) |
| core-task, no-units, no-training-task, course-longer-than-horizon, tour-longer-than-horizon | warning | likely mistakes that do not stop a solve |

Reading the files comes first: a file or sheet that is missing, empty, not UTF-8 text, not
CSV or YAML, or a workbook that cannot be opened (`missing-file`, `empty-file`,
`csv-syntax`, `csv-delimiter`, `yaml-syntax`, `unreadable-workbook`, ...), a link to no file
(`broken-link`), or a pipe or a device in place of a file (`not-a-file`); a required table
of its header alone, one problem naming it (`no-rows`: a scenario needs a task, region,
nation, unit type and unit at least; demand.csv of no rows asks for no one, warned of as
each region without demand); a column that is missing, unknown or repeated; a
key given twice in a YAML file or settings sheet (`duplicate-key`), or both as a value and
as a section (`setting-section`); a table whose column names are not in row 1 (`header-row`:
delete the blank or title rows above them); a formula with no saved value (`formula-without-value`),
cells merged across a table's rows or columns (`merged-cell`: give each row its own
value), and, as warnings, a cell beside a table (`outside-table`), a hidden row or column
of a table or a hidden sheet that is read all the same (`hidden-row`, `hidden-column`,
`hidden-sheet`: delete a row or a column to leave it out), and a workbook open in a
spreadsheet, whose unsaved edits are not read (`open-elsewhere`: the lock file Excel or
LibreOffice keeps beside it). Each cell is then checked
against its column's type and bounds above (`format`, `type`, `range`; true/false is no
number, a `bool` cell may be true/false, t/f, yes/no, y/n, on/off, 1/0 or 1.0/0.0, in any
case and with spaces around it, and
text may hold no control characters). Settings at fault in scenario.yaml leave
the tables judged all the same: against the horizon where `start` and `months` are sound;
only the rules on the domestic force's settings wait for them.
"""


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args)
    if origin is typing.Literal:
        return " / ".join(f"`{a}`" for a in typing.get_args(annotation))
    if origin is tuple:
        return "list"
    if origin is dict:
        return "numbers by task"
    return getattr(annotation, "__name__", str(annotation))


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    if info.default_factory is not None or info.default in ((), None, ""):
        return "blank"
    return f"`{info.default}`"


def _field_rows(model: type[BaseModel], name_of: Any) -> list[str]:
    return _field_rows_of(model, name_of)


def _field_rows_of(model: type[BaseModel], name_of: Any, only: str | None = None) -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        if only is not None and name != only:
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        unit = str(extra.get("unit", ""))
        description = (info.description or "").replace("|", "\\|")
        rows.append(
            f"| `{name_of(name)}` | {_type_name(info.annotation)} | {unit} | "
            f"{_default(info)} | {description} |"
        )
    return rows


HEADER = ["| column | type | unit | default | meaning |", "| --- | --- | --- | --- | --- |"]

MODEL_INTRO = """## Model specification files (`models/*.yaml`, `--model`)

A model specification (a doctrine: which rules bind and how plans are weighed) is a YAML
file of the keys below, a section a mapping of its own (`weights:` then `cost: 0.001`
indented under it); a key left out, or a section left empty, takes its default. The
bundled models, `models/security-keeping.yaml` and `models/complex-peacekeeping.yaml`, are
commented examples to copy (`forcegen models` lists them); give a copy a `name` of its own,
as runs, the checker's verdict and comparisons show it, and `forcegen models FILE` checks
it and shows its every key. Under `rules:` each family is `hard` (never broken: no plan,
rather than one that breaks it) or `soft` (broken at `weights.slack` a unit of breach);
docs/rules.md states each rule.
"""
KEY_HEADER = ["| key | type | unit | default | meaning |", "| --- | --- | --- | --- | --- |"]


def model_document() -> str:
    """Markdown describing every key of a model specification file."""
    parts = [MODEL_INTRO, *KEY_HEADER]
    sections = []
    for name, info in ModelSpec.model_fields.items():
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            sections.append((name, info.annotation))
        else:
            parts += _field_rows_of(ModelSpec, lambda n: n, only=name)
    for name, section in sections:
        doc = inspect.cleandoc(section.__doc__ or "")
        parts += ["", f"### `{name}:`\n", *([doc, ""] if doc else []), *KEY_HEADER]
        parts += _field_rows(section, lambda n, s=name: f"{s}.{n}")
    return "\n".join(parts)


def format_document() -> str:
    """Markdown describing every setting and column of the scenario format."""
    parts = [INTRO, f"## `{SETTINGS_FILE}`\n", *HEADER]
    parts += _field_rows(Settings, lambda n: n)
    parts += ["", "### `domestic:` (inside `scenario.yaml`)\n", *HEADER]
    parts += _field_rows(DomesticForce, lambda n: f"domestic.{n}")
    for spec in TABLES:
        required = "required" if spec.required else "optional"
        doc = inspect.cleandoc(spec.row.__doc__ or "")
        parts += ["", f"## `{spec.file}` ({required})\n", doc, ""]
        if spec.key:
            parts += [f"Key: {', '.join(f'`{k}`' for k in spec.key)}.", ""]
        wide = wide_field(spec)
        parts += HEADER
        parts += _field_rows(
            spec.row, lambda n, s=spec, w=wide: "<task>" if n == w else column_name(s, n)
        )
    parts += ["", RULES, model_document()]
    return "\n".join(parts)
