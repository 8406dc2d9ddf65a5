"""Model specifications: the doctrine a plan is optimised under (`models/*.yaml`).

A specification says how the mission ends (end-state or end-date), the coalition rules,
which rule families are hard or soft, the objective weights and the solver defaults. It is
configuration, not code: the optimizer and the independent checker both read it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, Literal, Self

import pandas as pd
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from forcegen.months import add_months, months_between, parse_month
from forcegen.scenario.problems import (
    SHAPES,
    Problem,
    ScenarioError,
    did_you_mean,
    in_reading_order,
    known_keys,
    not_regular,
    parse_yaml,
    read_yaml,
    validation_problem,
    yaml_line,
)
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import MAX_COUNT, MAX_MONEY, MAX_MONTHS, NOT_TRUE_OR_FALSE

Hardness = Literal["hard", "soft"]
# Far beyond any doctrine's weights (the defaults run from 0.001 to 10^6), as the scenario's
# numbers are bounded far beyond any mission's: a weight of 1e300 left the solver no plan.
MAX_WEIGHT = 10**12
# A year: far beyond any solve, and within what a wait on the solver's process can take
# (an infinite limit was an OverflowError at the end of the search).
MAX_SECONDS = 365 * 24 * 3600
# The edition of the rules a plan is made and costed under (docs/rules.md), raised when a
# rule changes what the same inputs give: a sweep's variant solved under another is solved
# again, not resumed. 2: a tour past the horizon's end is paid for to its fiscal year's end.
RULES_EDITION = 2


class Config(BaseModel):
    """A section of a model specification: frozen, and no key it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    # What a key of it is called in a message.
    what: ClassVar[str] = "setting"

    @field_validator("*", mode="before")
    @classmethod
    def _no_truth_values(cls, value: object) -> object:
        # pydantic's lax mode reads `true` as 1 for a number: a slip in YAML, not a
        # setting (no setting of a specification is a yes or no).
        if isinstance(value, bool):
            raise ValueError(NOT_TRUE_OR_FALSE)
        return value

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """This specification with `update`'s values, validated as a new one (pydantic's own
        copy checks nothing: a time limit of -3 or "5" went on to the solver). A mapping
        given for a section (`{"coalition": {"max_nations_per_region": 2}}`) changes only
        the values it names there; `deep` changes nothing, the copy being new."""
        document = self.model_dump()
        if unknown := sorted(set(update or {}) - set(document), key=str):
            # solve_scenario's options said `no ['time_limt'] here`: neither what it is
            # nor what was meant.
            said = "; ".join(
                f"no {self.what} {name!r}{did_you_mean(str(name), document)}" for name in unknown
            )
            raise ValueError(f"{said} (the {self.what}s are {', '.join(sorted(document))})")
        for name, value in (update or {}).items():
            current = getattr(self, name)
            if isinstance(current, Config) and isinstance(value, Mapping):
                value = current.model_copy(update=value).model_dump()
            elif isinstance(value, BaseModel):
                value = value.model_dump()
            document[name] = value
        return self.model_validate(document)


class Mission(Config):
    """When the mission ends, how and in what order a region is handed over, the cover it
    keeps at least, and what it may spend."""

    end: Literal["end-state", "end-date"] = Field(
        "end-state", description="Leave regions when the domestic force holds them, or at a date."
    )
    end_date: str | None = Field(
        None, description="Last month international forces stay (end-date missions), YYYY-MM."
    )
    handover_months: int = Field(
        3,
        ge=0,
        le=MAX_MONTHS,
        description="Months the domestic force must cover a region alone before handover.",
    )
    handover_order: Literal["any", "calm-first"] = Field(
        "any",
        description="`calm-first`: no region handed over before a calmer one (a lower "
        "regions.csv risk), as Iraq's provinces passed from Muthanna to Baghdad; a handover "
        "by decision, or one a re-plan keeps, is not the plan's and is excepted. `any`: "
        "each region when it pays.",
    )
    coverage_floor: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Least share of the demand of each region, task and month that must be "
        "covered: each cell's, not the month's total.",
    )
    total_budget: float | None = Field(
        None,
        ge=0,
        le=MAX_MONEY,
        description="Cap on the mission's international cost in the horizon's fiscal years "
        "(a tour past the horizon's end spends until the last one ends).",
    )

    @model_validator(mode="after")
    def _end_date_given(self) -> Mission:
        if self.end == "end-date" and self.end_date is None:
            raise ValueError("an end-date mission needs mission.end_date (YYYY-MM)")
        return self

    @field_validator("end_date", mode="before")
    @classmethod
    def _end_month(cls, value: object) -> object:
        # kept as written, "2031-06-15" or " 2031-6" would reach the month arithmetic; YAML
        # reads an unquoted 2031-06-15 as a date
        return None if value is None else parse_month(value)


class Coalition(Config):
    """The coalition's rules: the lead nation's share, nations per region and sector, and
    how many nations take part."""

    max_nations_per_region: int | None = Field(
        None,
        ge=1,
        le=MAX_COUNT,
        description="Coherence: most nations serving in one region (counted as "
        "`nations_counted` says).",
    )
    max_nations_per_sector: int | None = Field(
        None,
        ge=1,
        le=MAX_COUNT,
        description="Coherence: most nations serving in the regions of one sector (regions.csv "
        "`authority`; a region without one is a sector of its own), counted as "
        "`nations_counted` says.",
    )
    nations_counted: Literal["over-the-horizon", "at-once"] = Field(
        "over-the-horizon",
        description="How the nations per region and per sector are counted: "
        "`over-the-horizon`, every nation with a tour there in the horizon, so a region "
        "keeps its partners for the mission; `at-once`, the nations in theatre there in "
        "any one month, so a nation that leaves may be relieved by another.",
    )
    min_nations: int | None = Field(
        None, ge=1, le=MAX_COUNT, description="Legitimacy: least nations serving at least one tour."
    )
    lead_min_share: float | None = Field(
        None, ge=0, le=1, description="Least share of all person-months the lead nation provides."
    )


class Rules(Config):
    """Which rule families are hard (never broken) or soft (broken at a priced slack)."""

    ceiling: Hardness = Field("hard", description="A nation's personnel in theatre a month.")
    budget: Hardness = Field(
        "hard", description="A nation's cost a fiscal year, and `mission.total_budget`."
    )
    reserve_share: Hardness = Field(
        "hard", description="A nation's reserves in theatre, as a share of its personnel there."
    )
    lead_share: Hardness = Field("hard", description="`coalition.lead_min_share`.")
    nations_per_region: Hardness = Field("hard", description="`coalition.max_nations_per_region`.")
    nations_per_sector: Hardness = Field("hard", description="`coalition.max_nations_per_sector`.")
    min_nations: Hardness = Field("soft", description="`coalition.min_nations`.")
    coverage_floor: Hardness = Field("hard", description="`mission.coverage_floor`.")

    @field_validator("*", mode="before")
    @classmethod
    def _no_truth_values(cls, value: object) -> object:
        # Config's own, said as the choice a family is, not the number or word it names.
        if isinstance(value, bool):
            raise ValueError(NOT_TRUE_OR_FALSE.replace("a number or a word", "'hard' or 'soft'"))
        return value

    @classmethod
    def all_hard(cls, **but: Hardness) -> Rules:
        """Every family hard, but those `but` names."""
        return cls(**(dict.fromkeys(cls.model_fields, "hard") | but))


class Weights(Config):
    """Objective weights; every term is documented in `forcegen/model/objective.py`."""

    shortfall: float = Field(
        10.0,
        ge=0,
        le=MAX_WEIGHT,
        description="Per effective person-month of unmet demand, times task priority.",
    )
    training_priority: float = Field(
        1.0,
        ge=0,
        le=MAX_WEIGHT,
        description="Extra factor on constabulary_training shortfall (trainer priority).",
    )
    cost: float = Field(0.001, ge=0, le=MAX_WEIGHT, description="Per unit of currency spent.")
    turbulence: float = Field(50.0, ge=0, le=MAX_WEIGHT, description="Per tour started.")
    nations_per_region: float = Field(
        500.0, ge=0, le=MAX_WEIGHT, description="Per nation serving in a region."
    )
    handover: float = Field(
        2000.0,
        ge=0,
        le=MAX_WEIGHT,
        description="Per region-month not yet handed over (early, durable end-state).",
    )
    slack: float = Field(
        1.0e6,
        ge=0,
        le=MAX_WEIGHT,
        description="Per unit of a soft rule's breach, in its family's unit: a person a month "
        "(ceiling, reserve share), an effective person a month (coverage floor), a "
        "person-month (lead share), a million of the currency (budget), a nation (a "
        "nation-month where the nations are counted at once).",
    )
    change: float = Field(
        2000.0,
        ge=0,
        le=MAX_WEIGHT,
        description="Re-plan: per future tour of the previous plan cancelled, or tour added.",
    )


MAX_THREADS = 256

# The solver's tolerance, relative to a figure larger than one: HiGHS's own feasibility
# tolerance is 1e-7, and this allows for the rounding of its figures summed. Below it a
# figure of a solve is noise about zero; objectives or a row's sides this close are one.
# The checker's tolerance is its own (`checker/rules.py`): it judges any plan, not a solve.
NOISE = 1e-6


class SolverOptions(Config):
    """How the solver runs: its time limit, gap, threads, seed and the search's share."""

    what: ClassVar[str] = "solver option"

    time_limit: float = Field(
        60.0, gt=0, le=MAX_SECONDS, description="Seconds before the solver stops."
    )
    gap: float = Field(0.01, ge=0, le=1, description="Relative MIP gap at which to stop.")
    # HiGHS takes a seed up to 2**31 - 1 and keeps 0 for a larger one: the run's model.yaml
    # would record a seed its plan was not made with. More threads than a machine of today
    # has only slow the solve (each window's MIP starts them all).
    threads: int = Field(2, ge=1, le=MAX_THREADS, description="Solver threads.")
    seed: int = Field(
        0, ge=0, le=2**31 - 1, description="Solver random seed (same seed, same plan)."
    )
    search: float | Literal["auto"] = Field(
        "auto",
        description="Share of the time limit spent improving the warm start a window of "
        "months at a time, before branch-and-bound on the whole model gets what is left (0: "
        "no search; 1: all of it, branch-and-bound only if the search ends early, or where "
        "the LP relaxation beside the search was solved in 0.05 s or less, a small model "
        "whose proof comes quickly: given a second at least, it may end that much past the "
        "time limit). The search keeps what is left too when branch-and-bound would not "
        "solve its root LP in it (the LP relaxation beside the search unsolved, or slower "
        "than half of it). auto: half, or 1 on a model too large for branch-and-bound to "
        "reach its root (more than 2 million nonzeros).",
    )

    @field_validator("search", mode="plain")
    @classmethod
    def _share_or_auto(cls, value: object) -> float | str:
        # One message for either form, where the union gave one per alternative.
        if value == "auto":
            return "auto"
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
            return float(value)
        raise ValueError("should be a share of the time limit, from 0 to 1, or auto")


class ModelSpec(Config):
    """A model specification (`models/*.yaml`, `load_spec`): a doctrine's mission, coalition
    rules, which rules are hard, the objective's weights and the solver's options."""

    name: str = Field(
        description="The model's name, as runs and comparisons show it: a copy's its own."
    )
    description: str = Field("", description="What the doctrine is, in a planner's words.")
    mission: Mission = Mission()
    coalition: Coalition = Coalition()
    rules: Rules = Rules()
    weights: Weights = Weights()
    solver: SolverOptions = SolverOptions()
    # Where `load_spec` read it: no part of the model (not dumped), kept by model_copy
    # (Config's validates a new model, which pydantic's private attributes do not pass
    # through), so that a run can record it (kpis.json's `model_file`).
    _file: str | None = PrivateAttr(default=None)

    @property
    def file(self) -> str | None:
        """The model file it was read from: a bundled model by its name, another by its
        path as resolved; None for one made in Python."""
        return self._file

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """`Config.model_copy`, read from the same file: a run's options, a sweep's values
        or a frontier's cap change the model, not where it came from."""
        copy = super().model_copy(update=update, deep=deep)
        copy._file = self._file
        return copy

    def __eq__(self, other: object) -> bool:
        # pydantic's compares private attributes too: a doctrine read from its file and
        # the same one made in Python, or read from a copy elsewhere, were unequal.
        if not isinstance(other, ModelSpec):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    # Frozen pydantic models hash their fields; defining __eq__ drops the inherited hash.
    __hash__ = Config.__hash__

    def read_from(self, file: str | None) -> ModelSpec:
        """A copy recorded as read from `file` (`file`): a model remade from another, as a
        sweep's variant is, comes from the other's file."""
        copy = self.model_copy()
        copy._file = file
        return copy

    @field_validator("name", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        # A blank name was a solve "under " nothing, and a run of no model in a comparison.
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError("a value is required: the name runs and comparisons show")
        return value

    @field_validator("mission", "coalition", "rules", "weights", "solver", mode="before")
    @classmethod
    def _section_left_empty(cls, value: object) -> object:
        # Every line under `rules:` commented out leaves it null: its keys left out, each
        # taking its default, not a section of the wrong shape.
        return {} if value is None else value


# An installed copy reads the doctrines shipped in it (`forcegen.models`); a checkout, and
# an editable install of one, its own models/ folder, which is what that folder's users edit.
_SHIPPED = Path(__file__).resolve().parent / "models"
MODELS_DIR = _SHIPPED if _SHIPPED.is_dir() else _SHIPPED.parent.parent / "models"


def resolve_spec_path(name_or_path: str | Path) -> Path:
    """A spec given as a bundled model's bare name (that model, whatever the working folder
    holds), as a path (with or without .yaml), or as the name of a file in `models/`."""
    path = Path(name_or_path)
    bundled = MODELS_DIR / f"{name_or_path}.yaml"
    # A bundled model's bare name is that model, as the README has it: an edited copy left
    # in the working folder as NAME.yaml had been solved under instead, unasked.
    if str(name_or_path) == path.name and bundled.is_file():
        return bundled
    # A folder is no spec: a run written to `--out mine` hid `mine.yaml` beside it (and,
    # before the bare name above, `--out security-keeping` the bundled model).
    if path.exists() and not path.is_dir():
        return path
    with_suffix = path.with_name(f"{path.name}.yaml")
    candidates = (with_suffix, bundled, MODELS_DIR / str(name_or_path))
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return path


def spec_text(spec: ModelSpec) -> str:
    """`spec` as a model file of every key, those its file left out at their defaults: what
    a run's model.yaml records, and `forcegen models` shows."""
    return yaml.safe_dump(spec.model_dump(mode="json"), sort_keys=False)


def model_settings(document: Mapping[str, Any]) -> dict[str, Any]:
    """A model (a model file's document, or a spec dumped as JSON) as its rules, weights and
    settings, each by its address (`mission.total_budget`), less its name (shown apart),
    its description and its `solver` section, whose time limit or seed make no other
    model."""
    kept = {k: v for k, v in document.items() if k not in ("name", "description", "solver")}
    flat = pd.json_normalize(kept).iloc[0].to_dict() if kept else {}
    return {str(key): value for key, value in flat.items()}


def settings_digest(settings: Mapping[str, Any]) -> str:
    """A fingerprint of a model's `model_settings`: a run's kpis.json records its model's
    (`model_sha256`), and compare takes a run's model.yaml's, alike where the two are."""
    text = json.dumps(dict(settings), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def model_names() -> list[str]:
    """The models `--model` takes by name: the files of `models/`, without .yaml."""
    return sorted(path.stem for path in MODELS_DIR.glob("*.yaml"))


def horizon_problems(spec: ModelSpec, scenario: Scenario, file: str) -> list[Problem]:
    """What in `spec` (read from `file`) cannot apply to `scenario`'s horizon: an end-date
    before its first month would leave the model no month to place a tour in (an end-date
    after its last month lets tours run past the horizon up to it)."""
    mission = spec.mission
    if mission.end != "end-date" or mission.end_date is None:
        return []
    start = scenario.settings.start
    if months_between(start, parse_month(mission.end_date)) >= 0:
        return []
    message = f"the mission ends before the scenario's horizon starts ({start})"
    return [Problem(file, None, "mission.end_date", "before-horizon", message, mission.end_date)]


class IdleSetting(UserWarning):
    """`idle_settings`'s warning, as `solve_scenario` gives it in Python: a setting that
    makes every plan empty (which the solver calls optimal, and nothing else says why), or
    that does nothing."""


def idle_settings(spec: ModelSpec, scenario: Scenario, file: str) -> list[Problem]:
    """Warnings for settings of `spec` that make every plan empty or do nothing on
    `scenario` (`_idle_lead`, `_idle_end_date`, `_idle_total_budget`,
    `_counted_for_nothing`, `_unused_by_the_end`, `_reserves_alone`), or that no plan
    keeps (`_short_of_nations`)."""
    return (
        _idle_lead(spec, scenario, file)
        + _idle_end_date(spec, scenario, file)
        + _idle_total_budget(spec, scenario, file)
        + _short_of_nations(spec, scenario, file)
        + _reserves_alone(spec, scenario, file)
        + _counted_for_nothing(spec, file)
        + _unused_by_the_end(spec, file)
    )


def _unused_by_the_end(spec: ModelSpec, file: str) -> list[Problem]:
    """Warnings for a mission setting its kind of end never reads: an end date of an
    end-state mission, or calm regions first in an end-date one, which hands no region
    over (a copy of one bundled model made the other's kind, half-edited)."""
    mission = spec.mission
    if mission.end == "end-state" and mission.end_date is not None:
        message = (
            "the mission ends at its end-state (mission.end: end-state), so its end_date "
            f"does nothing: set mission.end: end-date to end the mission in {mission.end_date}"
        )
        column, rule, value = "mission.end_date", "date-unused", mission.end_date
    elif mission.end == "end-date" and mission.handover_order == "calm-first":
        message = (
            "an end-date mission (mission.end: end-date) hands no region over, so calm "
            "regions first (handover_order: calm-first) does nothing"
        )
        column, rule, value = "mission.handover_order", "order-unused", mission.handover_order
    else:
        return []
    return [Problem(file, None, column, rule, message, value, "warning")]


def _idle_end_date(spec: ModelSpec, scenario: Scenario, file: str) -> list[Problem]:
    """A warning where the mission's end-date comes before any unit can end a whole tour
    (a fresh plan's tours are whole): every plan is empty, 100% short, and had been
    called solved to the gap with no word why."""
    if spec.mission.end != "end-date" or not scenario.units:
        return []
    ends_in = spec.mission.end_date or scenario.end
    end = scenario.month_index(ends_in)
    # The earliest month each unit could end a tour: its first month free to mobilize,
    # its reserve training, then its tour (its last month, caveats and demand ignored).
    ends = {
        unit.unit: scenario.unit_window(unit)[0]
        + scenario.training_of(unit)
        + scenario.tour_of(unit)
        - 1
        for unit in scenario.units
    }
    first, earliest = min(ends.items(), key=lambda item: (item[1], item[0]))
    if earliest <= end:
        return []
    message = (
        f"the mission ends in {ends_in} (mission.end: end-date), before any "
        f"unit can end a whole tour (the earliest, {first}'s, in "
        f"{add_months(scenario.settings.start, earliest)}): no tour fits, every plan is empty"
    )
    column = "mission.end_date"
    return [Problem(file, None, column, "idle-end-date", message, ends_in, "warning")]


def _idle_total_budget(spec: ModelSpec, scenario: Scenario, file: str) -> list[Problem]:
    """A warning where a hard `mission.total_budget` is below the cheapest whole tour any
    unit could make: every plan is empty, 100% short."""
    cap = spec.mission.total_budget
    if cap is None or spec.rules.budget != "hard" or not scenario.units:
        return []
    costs = {}
    # Units alike in what sets a tour's cost are priced once (a large scenario's many).
    alike: dict[tuple[str, int, int, int], str] = {}
    for unit in scenario.units:
        first = scenario.unit_window(unit)[0] + scenario.training_of(unit)
        tour = scenario.tour_of(unit)
        alike.setdefault((unit.nation, unit.personnel, first, tour), unit.unit)
    for (nation, personnel, first, tour), name in alike.items():
        costs[name] = min(
            (
                sum(scenario.tour_cost_by_year(nation, personnel, s, range(s, s + tour)).values())
                for s in range(first, scenario.settings.months)
            ),
            default=None,
        )
    priced = {name: cost for name, cost in costs.items() if cost is not None}
    if not priced:
        return []
    least, cheapest = min(priced.items(), key=lambda item: (item[1], item[0]))
    if cheapest <= cap:
        return []
    currency = scenario.settings.currency
    message = (
        f"the mission's total budget of {cap:,.15g} {currency} is below the cheapest whole "
        f"tour ({least}'s, {cheapest:,.15g} {currency}) and rules.budget is hard: no tour "
        "fits, every plan is empty"
    )
    column = "mission.total_budget"
    value = f"{cap:.15g}"
    return [Problem(file, None, column, "idle-total-budget", message, value, "warning")]


def _short_of_nations(spec: ModelSpec, scenario: Scenario, file: str) -> list[Problem]:
    """A warning where `coalition.min_nations` asks for more nations than `scenario` has:
    hard, no plan keeps it; soft, every plan is that many nations short (the rule counts
    nations over the horizon, however `nations_counted` counts the others), a breach every
    verdict shows and the objective leaves out (`model.coalition.add_min_nations`: priced,
    it was a constant the relative gap was taken of too)."""
    least = spec.coalition.min_nations or 0
    nations = sorted(nation.nation for nation in scenario.nations)
    short = least - len(nations)
    if short <= 0:
        return []
    asked = (
        f"coalition.min_nations asks for {least} nations and the scenario has "
        f"{len(nations)} ({', '.join(nations)})"
    )
    if spec.rules.min_nations == "hard":
        message = f"{asked}, and rules.min_nations is hard: no plan keeps it"
    else:
        message = (
            f"{asked}: every plan is {short} nation{'s' * (short > 1)} short, the scenario's "
            "breach, not a plan's: every verdict says it, and the objective does not price it"
        )
    column = "coalition.min_nations"
    return [Problem(file, None, column, "short-of-nations", message, str(least), "warning")]


def _reserves_alone(spec: ModelSpec, scenario: Scenario, file: str) -> list[Problem]:
    """A warning where a hard reserve share keeps a nation's units home: its units are all
    reserves and its `reserve_max_share` is below 1, a share of its own deployment, which
    its reserves alone are all of: none may deploy (a property test's partners, made all
    reserves, had never deployed, and nothing said why)."""
    if spec.rules.reserve_share != "hard":
        return []
    idle = []
    for nation in scenario.nations:
        components = {u.component for u in scenario.units if u.nation == nation.nation}
        share = nation.reserve_max_share
        if components == {"reserve"} and share is not None and share < 1:
            idle.append(f"{nation.nation} (reserve_max_share {share:g})")
    if not idle:
        return []
    message = (
        f"rules.reserve_share is hard, and {', '.join(idle)} "
        f"{'has' if len(idle) == 1 else 'have'} only reserve units: reserves may be at most "
        "that share of their own nation's deployment, so none of them may deploy. Give the "
        "nation active units, raise or blank its reserve_max_share, or make the rule soft"
    )
    return [
        Problem(file, None, "rules.reserve_share", "reserves-alone", message, "hard", "warning")
    ]


def _counted_for_nothing(spec: ModelSpec, file: str) -> list[Problem]:
    """A warning where the nations are counted at once with no limit on them: the setting
    does nothing (a limit unset, in a copy of the model or a sweep's variant)."""
    coalition = spec.coalition
    limits = (coalition.max_nations_per_region, coalition.max_nations_per_sector)
    if coalition.nations_counted != "at-once" or limits != (None, None):
        return []
    message = (
        "the nations are counted at once, but neither max_nations_per_region nor "
        "max_nations_per_sector is set: nothing is counted"
    )
    column = "coalition.nations_counted"
    return [Problem(file, None, column, "counts-nothing", message, "at-once", "warning")]


def _idle_lead(spec: ModelSpec, scenario: Scenario, file: str) -> list[Problem]:
    """A warning where a hard lead share leaves no plan but the empty one: the lead can
    deploy no one (no unit; none that may serve a task in demand where its caveats let it
    go; none available while it serves; or a ceiling below each unit's personnel whenever
    one is, a unit deploying whole), so no partner may either."""
    lead, share = scenario.lead, spec.coalition.lead_min_share
    if lead is None or not share or spec.rules.lead_share != "hard":
        return []
    first, last = scenario.window(lead.join, lead.leave)
    units = [unit for unit in scenario.units if unit.nation == lead.nation]
    useful = [unit for unit in units if scenario.eligible_pairs(unit.nation, unit.type)]
    present = {
        unit.unit: range(
            max(first, scenario.window(unit.available_from, None)[0]),
            min(last, scenario.window(None, unit.available_until)[1]) + 1,
        )
        for unit in useful
    }
    if any(
        scenario.ceiling_at(lead.nation, scenario.months[m]) >= unit.personnel
        for unit in useful
        for m in present[unit.unit]
    ):
        return []
    demanded = {task for task, _ in scenario.demanded}
    if not units:
        why = "has no unit"
    elif not any(
        scenario.unit_type_by_code[unit.type].effectiveness.get(task, 0.0) > 0
        for unit in units
        for task in demanded
    ):
        why = "has no unit of a type able to do a task in demand"
    elif not useful:
        why = (
            "has no unit that may serve a task in demand where its caveats let it go "
            "(refused tasks and regions, the highest risk it accepts, caveats table rows over "
            "the whole horizon)"
        )
    elif not any(present.values()):
        why = "has no unit available while it serves within the horizon (join, leave, units' dates)"
    else:
        smallest = min(unit.personnel for unit in useful if present[unit.unit])
        why = (
            f"has a ceiling below its smallest unit ({smallest:,} personnel) in every month "
            "its units could serve"
        )
    message = (
        f"the lead {lead.nation} {why}, and a hard lead share of {share:g} then allows no "
        "partner's tour either: every plan is empty"
    )
    return [
        Problem(file, None, "coalition.lead_min_share", "idle-lead", message, severity="warning")
    ]


def spec_label(name_or_path: str | Path) -> str:
    """The name a model's problems go by: one of `models/` given by its name by that
    name, any other file by its path, which may be one of several of one name (a run's
    own model.yaml)."""
    path = resolve_spec_path(name_or_path)
    return path.name if path.parent == MODELS_DIR and not Path(name_or_path).exists() else str(path)


def _at_their_lines(problems: list[Problem], tree: yaml.Node | None) -> list[Problem]:
    """`problems` of a model file's keys, each at its key's line in the file's composed
    nodes (`tree`), or its section's where the file leaves the key out."""
    return [replace(p, row=yaml_line(tree, str(p.column).split("."))) for p in problems]


def model_warnings(
    name_or_path: str | Path, spec: ModelSpec, scenario: Scenario, label: str
) -> list[Problem]:
    """`idle_settings`' warnings of the model `name_or_path` names, read as `spec` (its
    problems named `label`), each at its line, as the file's errors are."""
    found = idle_settings(spec, scenario, label)
    if not found:
        return found
    try:
        tree = parse_yaml(resolve_spec_path(name_or_path).read_text(encoding="utf-8"), label)[1]
    except (OSError, UnicodeDecodeError, ScenarioError):  # changed since it was read: unplaced
        return found
    return _at_their_lines(found, tree)


def _keys_taken(problem: Problem, within: tuple[int | str, ...]) -> Problem:
    """`problem` with the keys its section takes, where it is of a key near none of them
    (`rules: {housing: soft}`): a misspelling is said with the key meant already."""
    if problem.message != SHAPES["extra_forbidden"]:
        return problem
    taken = ", ".join(sorted(known_keys(ModelSpec, within)))
    where = "".join(f"{part}:" for part in within) + " takes" if within else "a model file takes"
    return replace(problem, message=f"{problem.message} ({where} {taken})")


def load_spec(
    name_or_path: str | Path, scenario: Scenario | None = None, *, label: str | None = None
) -> ModelSpec:
    """Load and validate a model specification, for `scenario` if given (its horizon);
    raises ScenarioError listing every problem, of the file named `label` (by default
    `spec_label`'s)."""
    path = resolve_spec_path(name_or_path)
    label = label or spec_label(name_or_path)
    if refused := not_regular(path, str(name_or_path)):
        raise ScenarioError([refused])
    if not path.is_file():
        known = model_names()
        meant = did_you_mean(path.name.removesuffix(".yaml"), known)
        message = (
            f"no model spec at {path}: give one of {', '.join(known)} by name, or a .yaml "
            f"file{meant}"
        )
        raise ScenarioError([Problem(str(name_or_path), None, None, "missing-file", message)])
    problems: list[Problem] = []  # a key given twice, said with the file's other faults
    document, tree = read_yaml(path, label, problems)
    if document is None:  # pydantic's word was "should be a mapping", as if of something else
        message = "the file holds no key: a model needs name: at least"
        raise ScenarioError([Problem(label, None, None, "empty-file", message)])
    try:
        spec = ModelSpec.model_validate(document)
    except ValidationError as exc:
        problems += [
            _keys_taken(
                validation_problem(
                    label,
                    yaml_line(tree, e["loc"]),
                    ".".join(str(p) for p in e["loc"]) or None,
                    e,
                    ModelSpec,
                ),
                e["loc"][:-1],
            )
            for e in exc.errors()
        ]
        raise ScenarioError(in_reading_order(problems)) from None
    if scenario is not None:
        problems += _at_their_lines(horizon_problems(spec, scenario, label), tree)
    if problems:
        raise ScenarioError(in_reading_order(problems))
    bundled = path.resolve().parent == MODELS_DIR.resolve()
    return spec.read_from(path.stem if bundled else str(path.resolve()))
