"""The scenario format: one pydantic model per input table, described once.

Every column is a field here with its type, unit, default and meaning. The same models
validate the files (`forcegen.scenario.load`) and generate the format document
(`forcegen.formatdoc`), so the two cannot drift apart.

Conventions, the same in every table:
- months are `YYYY-MM` labels; a period's last month is inclusive;
- personnel are heads; money is in the scenario's currency;
- lists inside one cell (caveats) are separated by `;` (or `,`);
- a blank optional cell takes the default shown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from forcegen.months import month_ordinal, parse_month

CORE_TASKS = ("border_control", "aid_escort", "public_order", "constabulary_training")
TRAINING_TASK = "constabulary_training"


def split_list(value: object) -> object:
    if value is None:
        return ()
    # A workbook holds one code typed as 7 as a number, which its CSV file holds as text.
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return (str(int(value)),)
    if isinstance(value, str):
        # `;` as written by forcegen; a `,` as a planner types a list is one too (no code
        # holds one).
        return tuple(part.strip() for part in re.split("[;,]", value) if part.strip())
    return value


Month = Annotated[str, BeforeValidator(parse_month)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_.\-]+$")]
CodeList = Annotated[tuple[Code, ...], BeforeValidator(split_list)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
# Upper bounds far beyond any mission, that keep every number the model and the tables
# derive from the input within int64 and a solver's finite range.
MAX_COUNT = 10**9  # personnel, ceilings, people and other counts
MAX_MONTHS = 600  # spans of months: as long as the longest horizon
MAX_MONEY = 10**15  # costs and budgets
Risk = Annotated[int, Field(ge=1, le=5)]
# The latest start of a horizon: its months, and a tour's past its end (each at most
# MAX_MONTHS), stay YYYY-MM with a four-figure year. A start of 9999-06 was valid, and its
# plan's tours ending in 10000-01 were written where the checker could not read them.
LAST_START = "9899-12"
# The earliest: the report's charts read a month before year 1000 (0001-01) as a date only
# by guessing its format, with a warning each (pandas infers no format for it).
FIRST_START = "1000-01"


def _start_in_reach(label: str) -> str:
    if month_ordinal(label) < month_ordinal(FIRST_START):
        raise PydanticCustomError(
            "greater_than_equal",
            "should be {ge} or later: the report's charts read the months of a year before "
            "1000 as dates only by guessing",
            {"ge": FIRST_START},
        )
    if month_ordinal(label) > month_ordinal(LAST_START):
        raise PydanticCustomError(
            "less_than_equal",
            "should be {le} or earlier: a plan's months, its tours past the horizon's end "
            "too, are written with four-figure years",
            {"le": LAST_START},
        )
    return label


def _unit(unit: str) -> dict[str, Any]:
    return {"unit": unit}


def kinds(annotation: Any) -> set[Any]:
    """The types a field's value may be, its Annotated and Optional (`int | None`) unwrapped."""
    if get_origin(annotation) is Annotated:
        return kinds(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return set().union(*map(kinds, get_args(annotation)))
    return {annotation}


TRUE_OR_FALSE = "expected a number or a word, not true/false"
# As a YAML file says it: a workbook's TRUE cell is no slip of YAML's.
NOT_TRUE_OR_FALSE = f"{TRUE_OR_FALSE} (YAML reads yes/no/on/off as those)"


class Record(BaseModel):
    """A row of an input table: frozen, and unknown columns are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _typed_as_meant(cls, value: object, info: ValidationInfo) -> object:
        # A control character (a line break pasted from a word processor) is no text a
        # workbook can hold; pydantic's lax mode reads `true` (YAML's yes/on, a TRUE cell)
        # as 1 for a number, a slip rather than a figure.
        if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
            raise ValueError("holds a control character (pasted from elsewhere?): type it again")
        annotation = cls.model_fields[info.field_name or ""].annotation
        types = kinds(annotation)
        if isinstance(value, bool) and bool not in types:
            raise ValueError(NOT_TRUE_OR_FALSE)
        # Python reads 1_200 as 1200, a grouping no spreadsheet writes: a slip, refused as
        # any other text that is no number is.
        if isinstance(value, str) and "_" in value and str not in types:
            if float in types:
                raise PydanticCustomError(
                    "float_parsing",
                    "Input should be a valid number, unable to parse string as a number",
                )
            if int in types:
                raise PydanticCustomError(
                    "int_parsing",
                    "Input should be a valid integer, unable to parse string as an integer",
                )
        # A workbook holds a code typed as 101 as a number, which its CSV file holds as text
        # (a name or reason of 12.5 too, as the sheet shows it).
        if str in types and not {int, float} & types:
            if isinstance(value, float) and value.is_integer():
                return str(int(value))
            if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
                return str(value)
        # str_strip_whitespace strips text fields alone: `active ` was refused as no
        # choice, the space unseen in the message, where every other cell is stripped.
        if isinstance(value, str) and any(get_origin(kind) is Literal for kind in types):
            return value.strip()
        return value


# ---------------------------------------------------------------- scenario.yaml


class DomesticForce(Record):
    """The domestic constabulary being trained to take over."""

    initial_strength: int = Field(
        0,
        ge=0,
        le=MAX_COUNT,
        description="Trained domestic personnel at the start.",
        json_schema_extra=_unit("personnel"),
    )
    recruits_per_month: int = Field(
        ...,
        ge=0,
        le=MAX_COUNT,
        description="Most recruits who can enrol in a month.",
        json_schema_extra=_unit("personnel/month"),
    )
    course_months: int = Field(
        ...,
        ge=1,
        le=MAX_MONTHS,
        description="Length of the basic course; graduates join after it.",
        json_schema_extra=_unit("months"),
    )
    academy_capacity: int = Field(
        ...,
        ge=0,
        le=MAX_COUNT,
        description="Most trainees in course at once, all intakes together.",
        json_schema_extra=_unit("personnel"),
    )
    trainees_per_trainer: float = Field(
        ...,
        gt=0,
        le=MAX_COUNT,
        description=(
            "Trainees one international trainer on constabulary_training can teach "
            "(effective personnel)."
        ),
        json_schema_extra=_unit("personnel"),
    )
    attrition_per_month: float = Field(
        0.0,
        ge=0.0,
        lt=1.0,
        description="Share of trained personnel lost each month.",
        json_schema_extra=_unit("share/month"),
    )
    effectiveness: float = Field(
        ...,
        ge=0.0,
        le=1.0,
        description="Effective personnel per domestic officer.",
        json_schema_extra=_unit("0..1"),
    )
    tasks: CodeList = Field(
        ...,
        description="Tasks the domestic force may take over (`;`- or `,`-separated, or a list).",
        json_schema_extra=_unit("task codes"),
    )
    cost_per_person_month: float = Field(
        0.0,
        ge=0.0,
        le=MAX_MONEY,
        description="Cost of one trained or training officer per month.",
        json_schema_extra=_unit("currency"),
    )


class Settings(Record):
    """Scalar settings of a scenario (`scenario.yaml`)."""

    name: str = Field(..., min_length=1, description="Short name of the scenario.")
    description: str = Field("", description="What the scenario represents.")
    start: Annotated[Month, AfterValidator(_start_in_reach)] = Field(
        ...,
        description=f"First month of the horizon, from {FIRST_START} to {LAST_START}.",
        json_schema_extra=_unit("YYYY-MM"),
    )
    months: int = Field(
        ...,
        ge=1,
        le=MAX_MONTHS,
        description="Length of the horizon.",
        json_schema_extra=_unit("months"),
    )
    fiscal_year_start: int = Field(
        1,
        ge=1,
        le=12,
        description=(
            "Calendar month (1-12) in which a fiscal year begins; a fiscal year is named "
            "by the calendar year it begins in (the US government's FY2008, October 2007 "
            "to September 2008, is fiscal year 2007 here: budgets.csv's years too)."
        ),
        json_schema_extra=_unit("month number"),
    )
    currency: str = Field("USD", min_length=1, description="Currency of every cost and budget.")
    domestic: DomesticForce = Field(..., description="The domestic force (section below).")


# ---------------------------------------------------------------- tables


class Task(Record):
    """tasks.csv: the mission's tasks."""

    task: Code = Field(
        ...,
        description="Task code, e.g. `public_order`. Of the four core tasks (border_control, "
        "aid_escort, public_order, constabulary_training), `constabulary_training` is the one "
        "whose tours are the academy's trainers, and trainers go only where demand.csv asks "
        "for it.",
    )
    name: str = Field("", description="Readable name.")
    priority: float = Field(
        1.0,
        gt=0,
        le=MAX_COUNT,
        description="Weight of one month of unmet effective personnel (shortfall).",
        json_schema_extra=_unit("weight"),
    )
    ends_at_handover: bool | None = Field(
        None,
        description="Whether the task's demand in a region ends at the region's handover "
        "(true: a secondary task, such as engineering, that should not decide the "
        "end-state) or the domestic force must hold it from K months before (false: a task "
        "it may not take keeps the region from being handed over while in demand); blank: "
        "true for `constabulary_training` only.",
    )


class Region(Record):
    """regions.csv: the regions (districts, provinces) of the territory."""

    region: Code = Field(..., description="Region code.")
    name: str = Field("", description="Readable name.")
    population: int = Field(
        ...,
        ge=0,
        le=MAX_COUNT,
        description="Inhabitants, for the reader and the summary: no rule uses it.",
        json_schema_extra=_unit("people"),
    )
    area_km2: float | None = Field(
        None,
        ge=0,
        le=MAX_COUNT,
        description="Area, for the reader: no rule uses it.",
        json_schema_extra=_unit("km²"),
    )
    authority: str = Field(
        "",
        description="Authority or sector the region belongs to: regions of one sector (names "
        "matched regardless of case and spacing) count together under "
        "`coalition.max_nations_per_sector`.",
    )
    risk: Risk = Field(
        ...,
        description="Threat level, 1 (calm) to 5 (hostile); compared with caveats.",
        json_schema_extra=_unit("1..5"),
    )
    border: bool = Field(
        False,
        description="Whether the region has a contested land border, for the reader and the "
        "summary: no rule uses it (border_control's demand is demand.csv's).",
    )
    handed_over: Month | None = Field(
        None,
        description="First month the domestic force holds the region by decision, not by the "
        "plan (an early handover): no international tour is there from then on, the region "
        "counts as handed over then, and its demand rows end before it; blank = none.",
        json_schema_extra=_unit("YYYY-MM"),
    )


class Nation(Record):
    """nations.csv: contributors, their rotation policy, reserve rules, caveats and money."""

    nation: Code = Field(..., description="Nation code, e.g. `AUS`.")
    name: str = Field("", description="Readable name.")
    lead: bool = Field(False, description="Whether this nation leads the coalition (exactly one).")
    tour_months: int = Field(
        ...,
        ge=1,
        le=MAX_MONTHS,
        description="Boots-on-ground length of one tour.",
        json_schema_extra=_unit("months"),
    )
    dwell_months: int = Field(
        ...,
        ge=0,
        le=MAX_MONTHS,
        description=(
            "Least time at home after a tour before the unit is mobilized again (a reserve "
            "unit's training before it deploys is mobilized time, not dwell)."
        ),
        json_schema_extra=_unit("months"),
    )
    overlap_months: int = Field(
        0,
        ge=0,
        le=MAX_MONTHS,
        description="Relief-in-place overlap: a tour's first months in theatre, taking over "
        "from the unit it relieves (the first in a slot: reception and integration), in "
        "which it counts for no demand.",
        json_schema_extra=_unit("months"),
    )
    reserve_max_months: int | None = Field(
        None,
        ge=1,
        le=MAX_MONTHS,
        description=(
            "Longest reserve mobilization, post-mobilization training plus tour; blank if "
            "the nation has no reserve rules."
        ),
        json_schema_extra=_unit("months"),
    )
    reserve_mobilizations: int | None = Field(
        None,
        ge=1,
        le=MAX_COUNT,
        description="Most call-ups of one reserve unit per window (each tour of it a call-up).",
        json_schema_extra=_unit("count"),
    )
    reserve_window_months: int | None = Field(
        None,
        ge=1,
        le=MAX_MONTHS,
        description="Length of the window for `reserve_mobilizations` (1:5 = 72).",
        json_schema_extra=_unit("months"),
    )
    reserve_training_months: int = Field(
        0,
        ge=0,
        le=MAX_MONTHS,
        description="Post-mobilization training before a reserve unit counts.",
        json_schema_extra=_unit("months"),
    )
    reserve_max_share: Share | None = Field(
        None,
        description="Largest share of the nation's deployed personnel from reserves.",
        json_schema_extra=_unit("0..1"),
    )
    ceiling: int = Field(
        ...,
        ge=0,
        le=MAX_COUNT,
        description="Most personnel deployed at once (see also ceilings.csv).",
        json_schema_extra=_unit("personnel"),
    )
    join: Month | None = Field(
        None,
        description="First month the nation's units may be mobilized (a reserve unit deploys "
        "after its post-mobilization training); blank = horizon start.",
        json_schema_extra=_unit("YYYY-MM"),
    )
    leave: Month | None = Field(
        None,
        description="Last month the nation may be deployed; blank = no limit (a tour may run "
        "past the horizon).",
        json_schema_extra=_unit("YYYY-MM"),
    )
    cost_per_person_month: float = Field(
        ...,
        ge=0,
        le=MAX_MONEY,
        description="Cost of one deployed person for one month.",
        json_schema_extra=_unit("currency"),
    )
    rotation_cost_per_person: float = Field(
        0.0,
        ge=0,
        le=MAX_MONEY,
        description="Cost of moving one person in and out, charged per tour.",
        json_schema_extra=_unit("currency"),
    )
    budget_per_year: float | None = Field(
        None,
        ge=0,
        le=MAX_MONEY,
        description="Budget per fiscal year; blank = no cap (see also budgets.csv).",
        json_schema_extra=_unit("currency"),
    )
    refused_tasks: CodeList = Field(
        (),
        description="Caveat: tasks the nation will not do (`;`- or `,`-separated).",
        json_schema_extra=_unit("task codes"),
    )
    refused_regions: CodeList = Field(
        (),
        description="Caveat: regions the nation will not enter (`;`- or `,`-separated).",
        json_schema_extra=_unit("region codes"),
    )
    max_risk: Risk = Field(
        5,
        description="Caveat: highest region risk level the nation accepts.",
        json_schema_extra=_unit("1..5"),
    )

    @property
    def has_reserve_rules(self) -> bool:
        return self.reserve_max_months is not None


class UnitType(Record):
    """unit_types.csv: kinds of unit and how well each does each task.

    Besides `type` and `name`, the table has one column per task, named by its task code,
    holding the effective personnel per person (0..1) of that type on that task; a blank
    or missing task column means 0 (cannot do it).
    """

    type: Code = Field(..., description="Unit type code, e.g. `infantry`.")
    name: str = Field("", description="Readable name.")
    effectiveness: dict[Code, Share] = Field(
        default_factory=dict,
        description="One column per task code: effectiveness 0..1; blank = 0.",
        json_schema_extra={"unit": "0..1", "wide": True},
    )


class Unit(Record):
    """units.csv: deployable formations."""

    unit: Code = Field(..., description="Unit code, unique in the scenario.")
    nation: Code = Field(..., description="Contributing nation (nations.csv).")
    type: Code = Field(..., description="Unit type (unit_types.csv).")
    component: Literal["active", "reserve"] = Field("active", description="`active` or `reserve`.")
    personnel: int = Field(
        ...,
        ge=1,
        le=MAX_COUNT,
        description="Deployed strength of the unit.",
        json_schema_extra=_unit("personnel"),
    )
    available_from: Month | None = Field(
        None,
        description="First month the unit can be mobilized (a reserve unit deploys after its "
        "post-mobilization training); blank = horizon start.",
        json_schema_extra=_unit("YYYY-MM"),
    )
    available_until: Month | None = Field(
        None,
        description="Last month the unit can be deployed; blank = no limit (a tour may run past "
        "the horizon).",
        json_schema_extra=_unit("YYYY-MM"),
    )
    tour_months: int | None = Field(
        None,
        ge=1,
        le=MAX_MONTHS,
        description="This unit's tour, where its type's differs from its nation's (US aviation, "
        "military police, transport and signals served 12 months where most units served 9); "
        "blank = the nation's.",
        json_schema_extra=_unit("months"),
    )
    dwell_months: int | None = Field(
        None,
        ge=0,
        le=MAX_MONTHS,
        description="This unit's least time at home after a tour; blank = the nation's.",
        json_schema_extra=_unit("months"),
    )

    def tour_under(self, nation: Nation) -> int:
        """The unit's tour in months: its own where given, else its nation's."""
        return nation.tour_months if self.tour_months is None else self.tour_months

    def dwell_under(self, nation: Nation) -> int:
        """The unit's least months at home between tours: its own, else its nation's."""
        return nation.dwell_months if self.dwell_months is None else self.dwell_months


class Demand(Record):
    """demand.csv: effective personnel a task needs in a region over a period."""

    region: Code = Field(..., description="Region (regions.csv).")
    task: Code = Field(..., description="Task (tasks.csv).")
    first: Month = Field(
        ..., description="First month of the period.", json_schema_extra=_unit("YYYY-MM")
    )
    last: Month = Field(
        ..., description="Last month of the period (inclusive).", json_schema_extra=_unit("YYYY-MM")
    )
    personnel: float = Field(
        ...,
        ge=0,
        le=MAX_COUNT,
        description="Effective personnel required in every month of the period.",
        json_schema_extra=_unit("effective personnel"),
    )


class Ceiling(Record):
    """ceilings.csv (optional): a nation's personnel ceiling changing over time."""

    nation: Code = Field(..., description="Nation (nations.csv).")
    from_month: Month = Field(
        ...,
        alias="from",
        description="Month from which this ceiling holds, until the next row.",
        json_schema_extra=_unit("YYYY-MM"),
    )
    ceiling: int = Field(
        ...,
        ge=0,
        le=MAX_COUNT,
        description="Most personnel deployed at once.",
        json_schema_extra=_unit("personnel"),
    )

    # `from` is a Python keyword, so the field has another name; both are accepted.
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)


class Budget(Record):
    """budgets.csv (optional): a nation's budget for one fiscal year."""

    nation: Code = Field(..., description="Nation (nations.csv).")
    fiscal_year: int = Field(
        ...,
        ge=1900,
        le=2300,
        description="Fiscal year, named by the calendar year it begins in.",
        json_schema_extra=_unit("year"),
    )
    budget: float = Field(
        ...,
        ge=0,
        le=MAX_MONEY,
        description="Budget for that fiscal year.",
        json_schema_extra=_unit("currency"),
    )


REASON = 200  # the most characters of a row's reason: a note, not a report


class Unavailable(Record):
    """unavailable.csv (optional): months a unit can neither be mobilized nor deployed,
    then available again (a refit, a training cycle, a tasking at home)."""

    unit: Code = Field(..., description="Unit (units.csv).")
    first: Month = Field(
        ..., description="First month the unit is unavailable.", json_schema_extra=_unit("YYYY-MM")
    )
    last: Month = Field(
        ...,
        description="Last month it is unavailable (inclusive); it may serve again the month after.",
        json_schema_extra=_unit("YYYY-MM"),
    )
    reason: str | None = Field(
        None, max_length=REASON, description="Why, in the planner's words; changes nothing."
    )


class Caveat(Record):
    """caveats.csv (optional): a caveat a nation sets for a while, or from a month on (its
    parliament's, its government's): its units may not serve a task, enter a region, serve
    a task in a region or, both blank, serve at all."""

    nation: Code = Field(..., description="Nation (nations.csv).")
    first: Month = Field(
        ..., description="First month the caveat holds.", json_schema_extra=_unit("YYYY-MM")
    )
    last: Month | None = Field(
        None,
        description="Last month it holds (inclusive); blank = to the end.",
        json_schema_extra=_unit("YYYY-MM"),
    )
    task: Code | None = Field(
        None, description="Task refused (tasks.csv); blank = every task (in `region`)."
    )
    region: Code | None = Field(
        None, description="Region refused (regions.csv); blank = every region (for `task`)."
    )
    reason: str | None = Field(
        None, max_length=REASON, description="Why, in the planner's words; changes nothing."
    )

    def refuses(self, task: str, region: str) -> bool:
        """Whether the caveat covers `task` in `region`."""
        return self.task in (None, task) and self.region in (None, region)

    @property
    def refused(self) -> str:
        """What it refuses, in words: `public_order in north`, `every task in north`."""
        task = self.task or "every task"
        return (
            task
            if self.region is None and self.task
            else f"{task} in {self.region or 'every region'}"
        )


class Academy(Record):
    """academy.csv (optional): the domestic academy's capacity for a while (closed, damaged,
    expanded), in place of scenario.yaml's `academy_capacity`."""

    first: Month = Field(
        ..., description="First month of the capacity.", json_schema_extra=_unit("YYYY-MM")
    )
    last: Month = Field(
        ...,
        description="Last month of the capacity (inclusive).",
        json_schema_extra=_unit("YYYY-MM"),
    )
    capacity: int = Field(
        ...,
        ge=0,
        le=MAX_COUNT,
        description="Most trainees in the course at once in those months; 0 = closed.",
        json_schema_extra=_unit("trainees"),
    )
    reason: str | None = Field(
        None, max_length=REASON, description="Why, in the planner's words; changes nothing."
    )


@dataclass(frozen=True)
class TableSpec:
    """How one table is stored: its file, its row model and its key columns; `named_by`,
    the column a sweep's address names rows by where it is not the key's first."""

    name: str
    row: type[Record]
    key: tuple[str, ...]
    required: bool = True
    named_by: str | None = None

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def selector(self) -> str | None:
        """The column whose value a sweep's address gives to name rows (`budgets.AUS`:
        every AUS row), None where only `*` names them (demand's)."""
        return self.named_by or (self.key[0] if self.key else None)


TABLES: tuple[TableSpec, ...] = (
    TableSpec("tasks", Task, ("task",)),
    TableSpec("regions", Region, ("region",)),
    TableSpec("nations", Nation, ("nation",)),
    TableSpec("unit_types", UnitType, ("type",)),
    TableSpec("units", Unit, ("unit",)),
    TableSpec("demand", Demand, ()),
    TableSpec("ceilings", Ceiling, ("nation", "from"), required=False),
    TableSpec("budgets", Budget, ("nation", "fiscal_year"), required=False),
    TableSpec("unavailable", Unavailable, ("unit", "first"), required=False),
    # Rows a nation may hold several of, alike but for their months: no key, but a sweep
    # varies one nation's (`caveats.AUS.last`).
    TableSpec("caveats", Caveat, (), required=False, named_by="nation"),
    TableSpec("academy", Academy, ("first",), required=False),
)
TABLE_BY_NAME = {spec.name: spec for spec in TABLES}
SETTINGS_FILE = "scenario.yaml"


def column_name(spec: TableSpec, field: str) -> str:
    """The column a field is stored in (a field may have an alias, like `from`)."""
    info = spec.row.model_fields[field]
    return info.alias or field


def columns(spec: TableSpec) -> list[str]:
    """The fixed columns of a table, in file order (wide task columns excluded)."""
    return [
        column_name(spec, name)
        for name, info in spec.row.model_fields.items()
        if not _is_wide(info.json_schema_extra)
    ]


def wide_field(spec: TableSpec) -> str | None:
    """The field that spreads over one column per task, if the table has one."""
    for name, info in spec.row.model_fields.items():
        if _is_wide(info.json_schema_extra):
            return name
    return None


def _is_wide(extra: object) -> bool:
    return isinstance(extra, dict) and bool(extra.get("wide"))
