"""The events YAML: what changed since a plan was made, one entry per event.

    events:
      - {kind: withdraw, nation: NZL, announced: 2001-03, notice_months: 3}
      - {kind: ceiling_cut, nation: AUS, from: 2001-06, personnel: 1500}
      - {kind: budget_cut, nation: AUS, fiscal_year: 2001, factor: 0.8}     # or amount
      - {kind: demand_surge, region: bobonaro, task: border_control,
         from: 2001-04, to: 2001-09, extra: 200}                            # or factor
      - {kind: unit_unavailable, unit: AUS-inf-3, from: 2001-05}
      - {kind: unit_unavailable, unit: AUS-inf-4, from: 2001-05, to: 2001-10}  # back after
      - {kind: caveat, nation: NZL, from: 2001-06, task: public_order}     # to: optional
      - {kind: academy, from: 2001-02, to: 2001-04, capacity: 0}   # closed; to: optional
      - {kind: handover, region: baucau, from: 2001-08}   # the domestic force holds it

Reading checks each entry's shape (pydantic, unknown keys refused); `replan/apply.py`
checks the entries against the scenario and the re-plan month. An input of its own, as the
scenario's tables are: a run's replan.yaml records the events (`fileformat`), which the
checker reads without the re-planning that applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from forcegen.months import add_months, parse_month
from forcegen.scenario.problems import (
    Problem,
    ScenarioError,
    did_you_mean,
    read_yaml,
    validation_problem,
    yaml_line,
)
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import (
    MAX_COUNT,
    MAX_MONEY,
    MAX_MONTHS,
    NOT_TRUE_OR_FALSE,
    Code,
    Month,
)
from forcegen.shown import shortened

# A surge of demand a thousand times over is no planning case; beyond the scenario's own
# bounds it would make a scenario that validation refuses.
MAX_FACTOR = 1000


class Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    description: str | None = None  # the planner's words of it, which change nothing

    def takes_effect(self) -> str | None:
        """First month the event changes anything (None: a fiscal year, checked apart)."""
        raise NotImplementedError


class Withdraw(Event):
    """A nation leaves: its last month in theatre is `announced + notice_months - 1`."""

    kind: Literal["withdraw"]
    nation: Code
    announced: Month
    notice_months: int = Field(..., ge=0, le=MAX_MONTHS)

    @property
    def last_month(self) -> str:
        return add_months(self.announced, self.notice_months - 1)

    def takes_effect(self) -> str:
        return add_months(self.announced, self.notice_months)


class CeilingCut(Event):
    """From a month on, a nation's ceiling is at most `personnel`."""

    kind: Literal["ceiling_cut"]
    nation: Code
    from_month: Month = Field(..., alias="from")
    personnel: int = Field(..., ge=0, le=MAX_COUNT)

    def takes_effect(self) -> str:
        return self.from_month


class OneOf(Event):
    """Exactly one of an absolute value and a factor."""

    choices: ClassVar[tuple[str, str]]

    @model_validator(mode="after")
    def _one(self) -> OneOf:
        given = [name for name in self.choices if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {' or '.join(self.choices)}")
        return self


class BudgetCut(OneOf):
    """A nation's budget for one fiscal year becomes `amount`, or `factor` times what it was."""

    kind: Literal["budget_cut"]
    nation: Code
    fiscal_year: int = Field(..., ge=1900, le=2300)
    amount: float | None = Field(None, ge=0, le=MAX_MONEY)
    factor: float | None = Field(None, ge=0, le=1)  # a cut: at most what it was

    choices = ("amount", "factor")

    def takes_effect(self) -> None:
        return None


class DemandSurge(OneOf):
    """Demand for a task in a region grows by `extra` effective personnel, or by `factor`,
    in every month from `from` to `to` (inclusive)."""

    kind: Literal["demand_surge"]
    region: Code
    task: Code
    from_month: Month = Field(..., alias="from")
    to: Month
    # A surge adds demand; a factor below 1 is the way to lower it.
    extra: float | None = Field(None, gt=0, le=MAX_COUNT)
    factor: float | None = Field(None, ge=0, le=MAX_FACTOR)

    choices = ("extra", "factor")

    def takes_effect(self) -> str:
        return self.from_month


class UnitUnavailable(Event):
    """A unit cannot be mobilized or deployed from a month on (lost, needed at home) or,
    `to` given, until that month (inclusive: a refit, a tasking at home), then again."""

    kind: Literal["unit_unavailable"]
    unit: Code
    from_month: Month = Field(..., alias="from")
    to: Month | None = None

    def takes_effect(self) -> str:
        return self.from_month


class CaveatSet(Event):
    """From a month on, or `to` a month (inclusive), a nation refuses a task (`task`), a
    region (`region`), a task in a region (both) or, neither given, any service: its tours
    there end the month before (a caveats.csv row)."""

    kind: Literal["caveat"]
    nation: Code
    from_month: Month = Field(..., alias="from")
    to: Month | None = None
    task: Code | None = None
    region: Code | None = None

    def takes_effect(self) -> str:
        return self.from_month


class AcademyCapacity(Event):
    """From a month on, or `to` a month (inclusive), the domestic academy holds at most
    `capacity` trainees (0: closed), as an academy.csv row says."""

    kind: Literal["academy"]
    from_month: Month = Field(..., alias="from")
    to: Month | None = None
    capacity: int = Field(..., ge=0, le=MAX_COUNT)

    def takes_effect(self) -> str:
        return self.from_month


class Handover(Event):
    """The domestic force holds a region from a month on by decision, whatever the plan:
    international forces leave it, its demand from then on is the domestic force's."""

    kind: Literal["handover"]
    region: Code
    from_month: Month = Field(..., alias="from")

    def takes_effect(self) -> str:
        return self.from_month


AnyEvent = Annotated[
    Withdraw
    | CeilingCut
    | BudgetCut
    | DemandSurge
    | UnitUnavailable
    | CaveatSet
    | AcademyCapacity
    | Handover,
    Field(discriminator="kind"),
]


@dataclass
class Events:
    """The valid entries of an events file, the line of each and of each of its keys, and
    what is wrong with the others (reported together with what `apply.py` finds)."""

    file: str
    events: list[Event] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    key_lines: list[dict[str, int]] = field(default_factory=list)
    # Of each entry that is no valid event, the codes it names (column: code, line), so
    # that an unknown one is said with its other faults, not after they are mended.
    codes: list[dict[str, tuple[str, int | None]]] = field(default_factory=list)
    # ... and, where its kind is known, the event its sound fields make (the others left
    # unset), with the line of it and of each key: its months are judged with its faults
    # too (a surge that ends before it starts, a cut before the re-plan month).
    partial: list[Event] = field(default_factory=list)
    partial_lines: list[int | None] = field(default_factory=list)
    partial_key_lines: list[dict[str, int]] = field(default_factory=list)


CODES = ("nation", "unit", "region", "task")  # the columns of an entry that name a code
# An event read from an entry of an events file, or of a re-plan's record of them.
EVENT: TypeAdapter[Event] = TypeAdapter(AnyEvent)


def load_events(path: Path) -> Events:
    """Every entry of an events file checked on its own; ScenarioError if the file itself
    cannot be read as a mapping with an `events:` list."""
    label = str(path)  # as given: a re-plan's folder may hold several of one name
    # A key given twice or unknown, said with the entries' faults.
    problems: list[Problem] = []
    document, tree = read_yaml(path, label, problems, missing=f"no events file at {path}")
    keys = document if isinstance(document, dict) else {}
    # A key misspelt beside the list (`descripton:`) is said at its line, and the entries
    # are judged all the same: refusing the file whole had hidden their faults till then.
    problems += [
        Problem(
            label,
            yaml_line(tree, (key,)),
            str(key),
            "unknown-column",
            f"not a known key{did_you_mean(str(key), FILE_KEYS)}",
        )
        for key in keys
        if key not in FILE_KEYS
    ]
    entries = keys.get("events")
    if not isinstance(entries, list) or not entries:
        message = (
            "expected a mapping with a non-empty `events:` list (and an optional `description:`)"
        )
        if isinstance(document, list):
            # The entries written without the key that holds them.
            message += ": this file is the list alone; write `events:` on a line above it"
        line = yaml_line(tree, ("events",)) if "events" in keys else None
        raise ScenarioError([*problems, Problem(label, line, "events", "yaml-shape", message)])
    return read_entries(label, entries, tree, problems)


# The keys of an events file beside its entries.
FILE_KEYS = ("events", "description")


def read_entries(
    label: str, entries: list[Any], tree: Any, problems: list[Problem] | None = None
) -> Events:
    """Every entry of the `events:` list of the YAML file `label` (an events file, or a
    re-plan's record of the events it followed), `tree` its composed nodes, checked on
    its own, after `problems` found in reading the file."""
    found = Events(label, problems=list(problems or []))
    for i, entry in enumerate(entries):
        # No field of an event is a yes or no: YAML reads a nation coded NO as false, and
        # `notice_months: yes` as a number of 1. Said, and the rest of the entry judged.
        truths = (
            [k for k, v in entry.items() if isinstance(v, bool)] if isinstance(entry, dict) else []
        )
        found.problems += [
            Problem(
                label,
                yaml_line(tree, ("events", i, k)),
                str(k),
                "type",
                NOT_TRUE_OR_FALSE,
                str(entry[k]),
            )
            for k in truths
        ]
        wrong: set[str] = set(truths)
        try:
            event = EVENT.validate_python(
                {k: v for k, v in entry.items() if k not in truths} if truths else entry
            )
        except ValidationError as exc:
            event = None
            for error in exc.errors():
                # The union's tag is noise: the row already says which entry.
                loc = [str(part) for part in error["loc"] if part not in KINDS]
                wrong.update(loc[:1])
                if loc and loc[0] in truths:
                    continue  # said above: left out of the entry, it reads as missing
                # At the line of the key that is wrong (of the entry, for one missing).
                line = yaml_line(tree, ("events", i, *loc))
                where = ".".join(loc) or None
                found.problems.append(validation_problem(label, line, where, error, AnyEvent))
        if event is None or truths:
            # No event: its codes are judged apart, with its other faults.
            if isinstance(entry, dict):
                found.codes.append(
                    {
                        column: (entry[column].strip(), yaml_line(tree, ("events", i, column)))
                        for column in CODES
                        if isinstance(entry.get(column), str)
                        and entry[column].strip()
                        and column not in wrong
                    }
                )
                if (made := _partial(entry, wrong)) is not None:
                    found.partial.append(made)
                    found.partial_lines.append(yaml_line(tree, ("events", i)))
                    found.partial_key_lines.append(_key_lines(tree, i, entry))
            continue
        found.events.append(event)
        found.lines.append(yaml_line(tree, ("events", i)))
        found.key_lines.append(_key_lines(tree, i, entry))
    return found


def known_codes(scenario: Scenario) -> dict[str, set[str]]:
    """The codes an event may name, by the column that names them."""
    return {
        "nation": set(scenario.nation_by_code),
        "unit": {u.unit for u in scenario.units},
        "region": set(scenario.region_by_code),
        "task": set(scenario.task_by_code),
    }


def unknown_code(column: str, code: str, codes: set[str]) -> str:
    return f"no {column} {shortened(code)!r} in the scenario{did_you_mean(code, codes)}"


def unknown_codes(
    file: str, named: list[dict[str, tuple[str, int | None]]], known: dict[str, set[str]]
) -> list[Problem]:
    """A problem at each code `named` (by entry: column -> code and its line) that is
    not among those `known`."""
    return [
        Problem(file, line, column, f"unknown-{column}", unknown_code(column, code, codes), code)
        for entry in named
        for column, (code, line) in entry.items()
        if code not in (codes := known[column])
    ]


def _key_lines(tree: Any, i: int, entry: dict[str, Any]) -> dict[str, int]:
    """The line of each key of the events file's entry `i`."""
    return {str(key): line for key in entry if (line := yaml_line(tree, ("events", i, key)))}


# Each event's class by its `kind`, read from the union `AnyEvent` (its one list of them).
_BY_KIND: dict[str, type[Event]] = {
    get_args(kind.model_fields["kind"].annotation)[0]: kind
    for kind in get_args(get_args(AnyEvent)[0])
}


def _partial(entry: dict[str, Any], wrong: set[str]) -> Event | None:
    """The event of a known kind an entry's sound fields make, the `wrong` ones unset (no
    validation: only what is set is judged), its months as a valid event holds them."""
    kind = _BY_KIND.get(str(entry.get("kind")))
    if kind is None:
        return None
    sound: dict[str, Any] = {}
    for key, value in entry.items():
        if key in wrong:
            continue
        if key in ("from", "to", "announced"):
            try:
                value = parse_month(value)
            except ValueError:
                continue
        sound[str(key)] = value
    return kind.model_construct(**sound)


KINDS = tuple(_BY_KIND)
