"""Events applied to a scenario through its own tables, and the plan in motion as commitments.

withdraw          the nation's `leave` becomes its last month (the earlier of the two)
ceiling_cut       a ceilings row from the month; later rows are capped at the cut too
budget_cut        the nation's budgets row for the fiscal year
demand_surge      the demand rows of the region and task, month by month
unit_unavailable  the unit's `available_until` becomes the month before (the earlier);
                  with `to`, an unavailable row from..to instead (it serves again after)
caveat            a caveats row from..to (to blank: on)
academy           the academy rows hold its capacity from..to (to blank: the horizon's end)
handover          the region's `handed_over` becomes the month (the earlier); its demand
                  rows end the month before

Every problem (unknown codes, months outside the horizon, an event that would change the
past, a cut below what is already in theatre) is reported at once, naming the entry.

The one step before the model that reads the checker: the plan in motion is the previous
plan's tables, and what its tours are (a unit's nation, end and months in theatre) and
whether an event leaves one breaking a rule are the checker's to say, so that the re-plan
commits to the tours the checker judges, not to a second reading of them. The checker
imports nothing of the re-planning (tests/test_checker.py, `UPSTREAM_LAYERS`).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Set
from contextlib import suppress
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from forcegen.checker import rules
from forcegen.checker.rules import Violation
from forcegen.fileformat import (
    ASSIGNMENTS,
    COVERAGE,
    DomesticPart,
    parse_assignments,
    read_domestic_part,
    read_replanned,
    read_stood_down,
)
from forcegen.model.sets import Commitments, CommittedTour
from forcegen.months import add_months, month_ordinal
from forcegen.scenario.events import (
    AcademyCapacity,
    BudgetCut,
    CaveatSet,
    CeilingCut,
    DemandSurge,
    Event,
    Events,
    Handover,
    UnitUnavailable,
    Withdraw,
    known_codes,
    unknown_code,
    unknown_codes,
)
from forcegen.scenario.problems import (
    Problem,
    ScenarioError,
    Severity,
    errors,
    in_reading_order,
)
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import (
    REASON,
    Academy,
    Budget,
    Caveat,
    Ceiling,
    Demand,
    Unavailable,
)
from forcegen.scenario.validate import check_scenario
from forcegen.shown import figure
from forcegen.spec import ModelSpec


@dataclasses.dataclass
class Located:
    """Problems about one events file, located by entry, at the line of the entry's key
    the problem is about where the file has one (`key_lines`), else at the entry's."""

    file: str
    lines: list[int | None]
    problems: list[Problem] = dataclasses.field(default_factory=list)
    bad: set[int] = dataclasses.field(default_factory=set)  # entries with an error
    said: set[int] = dataclasses.field(default_factory=set)  # entries with any problem
    key_lines: list[dict[str, int]] = dataclasses.field(default_factory=list)

    @classmethod
    def of(cls, events: Events) -> Located:
        """For the entries of `events`, with the problems found in reading them."""
        return cls(events.file, events.lines, list(events.problems), key_lines=events.key_lines)

    def add(
        self,
        entry: int | None,
        column: str | None,
        rule: str,
        message: str,
        value: Any = None,
        severity: Severity = "error",
    ) -> None:
        row = self.lines[entry] if entry is not None else None
        # A withdrawal made in code (resilience) has no file, so no key's line.
        if entry is not None and entry < len(self.key_lines) and column is not None:
            row = self.key_lines[entry].get(column, row)
        shown = None if value is None else str(value)
        self.problems.append(Problem(self.file, row, column, rule, message, shown, severity))
        if entry is not None:
            self.said.add(entry)
            if severity == "error":
                self.bad.add(entry)


def apply_events(scenario: Scenario, events: Events, replan_month: str) -> Scenario:
    """The scenario as the events leave it; ScenarioError lists every problem, those of
    entries that are not events at all included."""
    found = Located.of(events)
    changed = changed_scenario(scenario, events, replan_month, found)
    if changed is None or errors(found.problems):
        raise ScenarioError(in_reading_order(found.problems))
    return changed


def changed_scenario(
    scenario: Scenario, events: Events, replan_month: str, found: Located
) -> Scenario | None:
    """The scenario as the events without an error leave it, each problem added to
    `found`; None when no re-plan can start from it (the month outside the horizon, or
    the scenario broken by the events), so that a caller can go on to find the rest."""
    in_horizon = 0 <= scenario.month_index(replan_month) < scenario.settings.months
    if not in_horizon:
        message = f"{replan_month} is outside the horizon {scenario.months[0]}..{scenario.end}"
        found.problems.append(Problem("--from", None, None, "outside-horizon", message))
    _check_references(scenario, events, replan_month if in_horizon else None, found)
    if not in_horizon:
        return None
    nations = {n.nation: n for n in scenario.nations}
    units = dict(scenario.unit_by_code)
    ceilings = list(scenario.ceilings)
    budgets = {(b.nation, b.fiscal_year): b for b in scenario.budgets}
    regions = {r.region: r for r in scenario.regions}
    demand = list(scenario.demand)
    unavailable = list(scenario.unavailable)
    caveats = list(scenario.caveats)
    academy = list(scenario.academy)
    for i, event in enumerate(events.events):
        if i in found.bad:
            continue
        if isinstance(event, Withdraw):
            nation = nations[event.nation]
            nations[event.nation] = nation.model_copy(
                update={"leave": _earlier(nation.leave, event.last_month)}
            )
        elif isinstance(event, UnitUnavailable) and event.to is not None:
            unavailable = _away(unavailable, event)
        elif isinstance(event, UnitUnavailable):
            unit = units[event.unit]
            last = add_months(event.from_month, -1)
            units[event.unit] = unit.model_copy(
                update={"available_until": _earlier(unit.available_until, last)}
            )
        elif isinstance(event, CaveatSet) and not any(_refused(row, event) for row in caveats):
            row = Caveat(
                nation=event.nation,
                first=event.from_month,
                last=event.to,
                task=event.task,
                region=event.region,
                reason=_reason(event),
            )
            caveats.append(row)
        elif isinstance(event, AcademyCapacity):
            academy = _academy(scenario, academy, event)
        elif isinstance(event, CeilingCut):
            ceilings = _cut_ceiling(scenario, ceilings, event)
        elif isinstance(event, BudgetCut):
            current = scenario.budget_for(event.nation, event.fiscal_year)
            amount = _cut_to(scenario, event)
            # A cut never raises a budget, as a ceiling_cut never raises a ceiling, nor
            # another cut's: of two of one year the lower holds (`_judge_repeated_cuts`).
            cut = budgets.get((event.nation, event.fiscal_year))
            for before in (current, cut.budget if cut is not None else None):
                amount = amount if before is None else min(amount, before)
            budgets[(event.nation, event.fiscal_year)] = Budget(
                nation=event.nation, fiscal_year=event.fiscal_year, budget=amount
            )
        elif isinstance(event, DemandSurge):
            demand = _surge(scenario, demand, event)
        elif isinstance(event, Handover):
            region = regions[event.region]
            handed = _earlier(region.handed_over, event.from_month)
            regions[event.region] = region.model_copy(update={"handed_over": handed})
            demand = _end_demand(demand, event.region, handed)
    changed = scenario.model_copy(
        update={
            "nations": tuple(nations[n.nation] for n in scenario.nations),
            "regions": tuple(regions[r.region] for r in scenario.regions),
            "units": tuple(units[u.unit] for u in scenario.units),
            "ceilings": tuple(ceilings),
            "budgets": tuple(budgets.values()),
            "demand": tuple(demand),
            "unavailable": tuple(unavailable),
            "caveats": tuple(caveats),
            "academy": tuple(academy),
        }
    )
    broken = errors(check_scenario(changed))
    for problem in broken:
        found.add(
            None, None, problem.rule, f"after the events, {problem.where()}: {problem.message}"
        )
    return None if broken else changed


def _away(rows: list[Unavailable], lost: UnitUnavailable) -> list[Unavailable]:
    """unavailable.csv's rows with the unit's period `lost` gives: one row with those of the
    unit it meets or adjoins, their reasons joined (two rows that meet, a warning of
    validation, would be the re-plan's own copy's to mend)."""
    assert lost.to is not None
    first, last = month_ordinal(lost.from_month), month_ordinal(lost.to)
    joined: list[Unavailable] = []
    kept: list[Unavailable] = []
    for row in rows:
        meets = month_ordinal(row.first) <= last + 1 and first <= month_ordinal(row.last) + 1
        (joined if row.unit == lost.unit and meets else kept).append(row)
    if any(month_ordinal(row.first) <= first and last <= month_ordinal(row.last) for row in joined):
        return rows  # away already: the entry changes nothing (`_judge_while`)
    reasons = [row.reason for row in joined if row.reason] + [_reason(lost)]
    start = min([lost.from_month, *(row.first for row in joined)], key=month_ordinal)
    end = max([lost.to, *(row.last for row in joined)], key=month_ordinal)
    reason = _cut("; ".join(dict.fromkeys(reasons)))
    return [*kept, Unavailable(unit=lost.unit, first=start, last=end, reason=reason)]


def _academy(scenario: Scenario, rows: list[Academy], event: AcademyCapacity) -> list[Academy]:
    """academy.csv's rows with the event's capacity in its months: the horizon's months
    written anew, a row for each run of one capacity and reason (rows outside the horizon,
    which change nothing, dropped)."""
    held: list[tuple[int, str | None] | None] = [None] * scenario.settings.months
    for row in rows:
        lo, hi = scenario.window(row.first, row.last)
        for t in range(lo, hi + 1):
            held[t] = (row.capacity, row.reason)
    lo, hi = scenario.window(event.from_month, event.to)
    for t in range(lo, hi + 1):
        held[t] = (event.capacity, _reason(event))
    written: list[Academy] = []
    for t, value in enumerate(held):
        if value is None:
            continue
        if t and held[t - 1] == value:
            written[-1] = written[-1].model_copy(update={"last": scenario.months[t]})
        else:
            first = scenario.months[t]
            written.append(Academy(first=first, last=first, capacity=value[0], reason=value[1]))
    return written


def _reason(event: Event) -> str:
    """An event's description as a row's reason, else its kind: control characters made
    spaces, and cut to what a row's reason holds."""
    text = ILLEGAL_CHARACTERS_RE.sub(" ", event.description or "").strip()
    return _cut(text or f"{event.kind} event")


def _cut(text: str) -> str:
    return text if len(text) <= REASON else f"{text[: REASON - 3]}..."


def _earlier(current: str | None, month: str) -> str:
    return month if current is None or month_ordinal(month) < month_ordinal(current) else current


def _end_demand(demand: list[Demand], region: str, handed: str) -> list[Demand]:
    """The region's demand rows ended the month before its handover."""
    cut = month_ordinal(handed)
    return [
        d
        if d.region != region or month_ordinal(d.last) < cut
        else d.model_copy(update={"last": add_months(handed, -1)})
        for d in demand
        if d.region != region or month_ordinal(d.first) < cut
    ]


def _check_references(
    scenario: Scenario, events: Events, replan_month: str | None, found: Located
) -> None:
    """Unknown codes, months outside the horizon or (`replan_month` given) before it,
    cuts that are none, surges on nothing."""
    known = known_codes(scenario)
    # A surge is judged against every handover, whichever entry comes first.
    handed = _handovers(scenario, events, found)
    _judge_repeated_cuts(scenario, events, found)
    # The codes of entries that are no valid event, said with their other faults.
    found.problems += unknown_codes(events.file, events.codes, known)
    # The months of entries that are no valid event, said with their other faults: what
    # is set of them is judged, as of a valid one, what is not (AttributeError) is not.
    partial = Located(events.file, events.partial_lines, key_lines=events.partial_key_lines)
    for i, event in enumerate(events.partial):
        with suppress(AttributeError):
            _judge_timing(scenario, event, i, replan_month, partial)
        if isinstance(event, Period):
            with suppress(AttributeError):
                _judge_period(event, i, partial)
    found.problems += partial.problems
    for i, event in enumerate(events.events):
        _judge_codes(event, i, known, found)
        _judge_timing(scenario, event, i, replan_month, found)
        if isinstance(event, UnitUnavailable | CaveatSet | AcademyCapacity) and _judge_period(
            event, i, found
        ):
            continue  # an empty while: nothing else of it to judge
        if isinstance(event, DemandSurge):
            _judge_surge(scenario, event, i, handed, found)
        elif isinstance(event, CeilingCut) and i not in found.bad:
            _judge_ceiling_cut(scenario, event, i, found)
        elif isinstance(event, Withdraw) and i not in found.bad:
            _judge_withdrawal(scenario, events, i, found)
        elif isinstance(event, UnitUnavailable) and i not in found.bad:
            _judge_unit_lost(scenario, event, i, found)
        elif isinstance(event, AcademyCapacity) and i not in found.bad:
            # One outside the horizon holds no month: "holds it already" of none was false.
            _judge_academy(scenario, events, i, found)
        elif isinstance(event, CaveatSet):
            _judge_caveat(scenario, event, i, found)
        elif isinstance(event, BudgetCut):
            # Without a re-plan month (itself a problem), what is relative to it is not judged.
            _judge_budget_cut(scenario, event, i, replan_month or scenario.months[0], found)
    _judge_after_leaving(scenario, events, found)


def _judge_after_leaving(scenario: Scenario, events: Events, found: Located) -> None:
    """A warning at each cut, lost unit or caveat that takes effect only after its nation has left
    (by nations.csv or a withdrawal among the events) or its unit's last month: it
    changes nothing, where it had been taken silently, as though it bore on the plan."""
    last = {n.nation: (n.leave, "nations.csv") for n in scenario.nations if n.leave}
    for i, event in enumerate(events.events):
        if isinstance(event, Withdraw) and i not in found.bad:
            before = last.get(event.nation)
            if before is None or month_ordinal(event.last_month) < month_ordinal(before[0]):
                where = (
                    f"the withdrawal at line {events.lines[i]}" if events.lines[i] else "an event"
                )
                last[event.nation] = (event.last_month, where)
    for i, event in enumerate(events.events):
        # An entry said to change nothing already (another holds over it) once is enough.
        if i in found.said or not isinstance(
            event, CeilingCut | BudgetCut | UnitUnavailable | CaveatSet
        ):
            continue
        if isinstance(event, UnitUnavailable):
            unit = scenario.unit_by_code[event.unit]
            ends = {unit.nation: last.get(unit.nation)}
            if unit.available_until:
                ends[event.unit] = (unit.available_until, "units.csv")
        else:
            ends = {event.nation: last.get(event.nation)}
        if isinstance(event, BudgetCut):
            column = "amount" if event.amount is not None else "factor"
            when, value = f"FY{event.fiscal_year}", getattr(event, column)
        else:
            column, when = "from", event.from_month
            value = when
        for who, end in ends.items():
            if end is None:
                continue
            if isinstance(event, BudgetCut):
                after = scenario.fiscal_year_of(end[0]) < event.fiscal_year
            else:
                after = month_ordinal(event.from_month) > month_ordinal(end[0])
            if after:
                message = (
                    f"{who}'s last month is {end[0]} ({end[1]}), before {when}: this entry "
                    "changes nothing"
                )
                found.add(i, column, "no-change", message, value, "warning")
                break


def _judge_repeated_cuts(scenario: Scenario, events: Events, found: Located) -> None:
    """A warning at each cut another makes no matter: of two budget cuts of one nation
    and fiscal year the lower holds (a factor is of the budget before the events, not
    compounded); a ceiling cut to no less from no later, or a unit lost from no later,
    holds over this one. Said, where the later in the file had won unsaid (a budget
    raised by it again)."""

    def where(j: int) -> str:
        return f"the entry at line {events.lines[j]}" if events.lines[j] else "another entry"

    budgets = {
        i: ((cut.nation, cut.fiscal_year), _cut_to(scenario, cut))
        for i, cut in enumerate(events.events)
        if isinstance(cut, BudgetCut)
    }
    for i, event in enumerate(events.events):
        if isinstance(event, BudgetCut):
            key, amount = budgets[i]
            lower = [
                j
                for j, (other, less) in budgets.items()
                if other == key and (less, j) < (amount, i)
            ]
            if lower:
                message = (
                    f"{key[0]}'s budget for FY{key[1]} is cut by {where(lower[0])} too, to "
                    f"{budgets[lower[0]][1]:,.0f}: the lower holds (a factor is of the budget "
                    "before the events)"
                )
                column = "amount" if event.amount is not None else "factor"
                found.add(i, column, "repeated", message, getattr(event, column), "warning")
            continue
        if not isinstance(event, CeilingCut | UnitUnavailable | CaveatSet):
            continue
        holding = [
            j
            for j, other in enumerate(events.events)
            if j != i and _holds_over(other, event) and (j < i or not _holds_over(event, other))
        ]
        if not holding:
            continue
        other = events.events[holding[0]]
        if isinstance(other, CeilingCut):
            what = f"{other.nation}'s ceiling is cut to {other.personnel:,} from {other.from_month}"
        elif isinstance(other, CaveatSet):
            what = f"{other.nation} refuses {_refusal(other)} from {other.from_month}"
            if other.to is not None:
                what += f" to {other.to}"
        else:
            assert isinstance(other, UnitUnavailable)
            what = f"{other.unit} is lost from {other.from_month}"
            if other.to is not None:
                what += f" to {other.to}"
        message = f"{what} by {where(holding[0])}: this entry changes nothing"
        found.add(i, "from", "repeated", message, event.from_month, "warning")


def _cut_to(scenario: Scenario, cut: BudgetCut) -> float:
    """The budget `cut` gives: its amount, or its factor of the budget before the events
    (none, of a nation the scenario does not have, which `_judge_codes` says)."""
    if cut.amount is not None:
        return cut.amount
    known = cut.nation in scenario.nation_by_code
    current = scenario.budget_for(cut.nation, cut.fiscal_year) if known else None
    return (current or 0.0) * (cut.factor or 0.0)


def _holds_over(one: object, other: object) -> bool:
    """Whether the event `one` makes `other` no matter: a cut of the same ceiling to no
    more from no later, or the same unit lost from no later and until no earlier."""
    if isinstance(one, CaveatSet) and isinstance(other, CaveatSet):
        return not _no_while(one) and not _no_while(other) and _refused(one, other)
    if isinstance(one, CeilingCut) and isinstance(other, CeilingCut):
        same = one.nation == other.nation and one.personnel <= other.personnel
    elif isinstance(one, UnitUnavailable) and isinstance(other, UnitUnavailable):
        # Lost for good, or for a while no shorter; a while that ends before it starts is
        # bad input (`_judge_unit_lost`), held over by nothing.
        same = (
            one.unit == other.unit
            and not _no_while(one)
            and not _no_while(other)
            and (
                one.to is None
                or (other.to is not None and month_ordinal(one.to) >= month_ordinal(other.to))
            )
        )
    else:
        return False
    return same and month_ordinal(one.from_month) <= month_ordinal(other.from_month)


# The events that hold from a month to another: a surge, or a while a unit is lost, a
# caveat set or an academy's capacity given (`to` blank: on).
Period = DemandSurge | UnitUnavailable | CaveatSet | AcademyCapacity


def _no_while(event: Period) -> bool:
    """Whether the event's period ends before it starts."""
    return event.to is not None and month_ordinal(event.to) < month_ordinal(event.from_month)


# Each handed-over region's month and where it is decided: regions.csv or an event's row.
Handovers = dict[str, tuple[str, str]]


def _handovers(scenario: Scenario, events: Events, found: Located) -> Handovers:
    """Every region's earliest handover, by regions.csv or an event; an event handing
    over a region handed over already is a warning (another event's, or an earlier
    decision's, holds)."""
    handed = {r.region: (r.handed_over, "regions.csv") for r in scenario.regions if r.handed_over}
    for i, event in enumerate(events.events):
        if not isinstance(event, Handover):
            continue
        before = handed.get(event.region)
        where = f"the handover at line {events.lines[i]}" if events.lines[i] else "an event"
        if before is not None and before[1] != "regions.csv":
            found.add(
                i,
                "region",
                "repeated",
                f"{event.region} is handed over by {before[1]} too: the earlier month holds",
                event.region,
                "warning",
            )
        elif before is not None and month_ordinal(before[0]) <= month_ordinal(event.from_month):
            found.add(
                i,
                "from",
                "no-change",
                f"{event.region} is already handed over by decision in {before[0]}: "
                "the handover changes nothing",
                event.from_month,
                "warning",
            )
        if before is None or month_ordinal(event.from_month) < month_ordinal(before[0]):
            handed[event.region] = (event.from_month, where)
    return handed


def _judge_codes(event: Event, i: int, known: dict[str, set[str]], found: Located) -> None:
    """Each nation, unit, region and task the event names is one of the scenario's."""
    for column, codes in known.items():
        code = getattr(event, column, None)
        if code is not None and code not in codes:
            found.add(i, column, f"unknown-{column}", unknown_code(column, code, codes), code)


def _judge_timing(
    scenario: Scenario, event: Event, i: int, replan_month: str | None, found: Located
) -> None:
    """The event takes effect neither before the re-plan month (where one is given) nor
    after the horizon (a withdrawal's announcement is judged with the withdrawal)."""
    effect = event.takes_effect()
    if effect is None:
        return
    if replan_month is not None and month_ordinal(effect) < month_ordinal(replan_month):
        # A withdrawal's timing is its announcement's plus the notice, a month no key
        # holds: said from the month written, the others' `from`.
        if isinstance(event, Withdraw):
            timing, written = "announced", event.announced
            when = (
                f"announced in {event.announced} to leave after {event.notice_months} month(s), "
                f"{event.nation} is gone from {effect}"
            )
        else:
            timing, written = "from", effect
            when = f"{event.kind} takes effect in {effect}"
        found.add(
            i,
            timing,
            "before-replan",
            f"{when}, before the re-plan month {replan_month}: the past cannot change",
            written,
        )
    if month_ordinal(effect) > month_ordinal(scenario.end) and not isinstance(event, Withdraw):
        found.add(
            i,
            "from",
            "outside-horizon",
            f"{effect} is after the horizon end {scenario.end}",
            effect,
        )


def _judge_surge(
    scenario: Scenario, surge: DemandSurge, i: int, handed: Handovers, found: Located
) -> None:
    """A surge's period: cut at the horizon's end, not empty, over before its region is
    handed over, and (a scaling one) on some demand."""
    last = month_ordinal(scenario.end)
    if month_ordinal(surge.to) > last >= month_ordinal(surge.from_month):
        found.add(
            i,
            "to",
            "past-horizon",
            f"the surge is cut at the horizon end {scenario.end}: the plan has no month after",
            surge.to,
            "warning",
        )
    if _judge_period(surge, i, found):
        return
    if surge.region in handed and month_ordinal(surge.to) >= month_ordinal(handed[surge.region][0]):
        month, where = handed[surge.region]
        owner = (
            f"{surge.region} is handed over in {month} ({where}): its demand is the domestic "
            "force's from then on"
        )
        if month_ordinal(surge.from_month) >= month_ordinal(month):
            # No end of it comes before the handover: ending it earlier is no advice.
            found.add(
                i,
                "from",
                "after-handover",
                f"{owner}; the whole surge comes after it: drop the surge, or hand the region"
                " over later",
                surge.from_month,
            )
        else:
            found.add(
                i,
                "to",
                "after-handover",
                f"{owner}; end the surge by {add_months(month, -1)}",
                surge.to,
            )
    elif surge.factor is not None and i not in found.bad:
        lo, hi = scenario.window(surge.from_month, surge.to)
        if not any(
            scenario.demand_at(surge.region, surge.task, scenario.months[t])
            for t in range(lo, hi + 1)
        ):
            found.add(
                i,
                "factor",
                "no-demand",
                f"{surge.region}/{surge.task} has no demand from {surge.from_month} to "
                f"{surge.to} to scale: the surge changes nothing; give extra",
                surge.factor,
                "warning",
            )


def _judge_period(event: Period, i: int, found: Located) -> bool:
    """Whether the event's period is empty (ends before it starts), said."""
    if not _no_while(event):
        return False
    found.add(i, "to", "empty-period", f"{event.to} is before {event.from_month}", event.to)
    return True


def _judge_ceiling_cut(scenario: Scenario, cut: CeilingCut, i: int, found: Located) -> None:
    """A cut to no less than the nation's ceilings from its month on changes nothing."""
    highest = _highest_ceiling(scenario, cut)
    if cut.personnel >= highest:
        found.add(
            i,
            "personnel",
            "no-cut",
            f"{cut.nation}'s ceiling from {cut.from_month} on is at most {highest:,}: "
            f"a cut to {cut.personnel:,} changes nothing (a ceiling_cut never raises one)",
            cut.personnel,
            "warning",
        )


def _judge_budget_cut(
    scenario: Scenario, cut: BudgetCut, i: int, since: str, found: Located
) -> None:
    """A budget cut: to less than the budget, in a fiscal year with a month from `since`
    on, and (a scaling one) of a budget the nation has."""
    # An unknown nation is said by _judge_codes; its fiscal year is still judged.
    known = cut.nation in scenario.nation_by_code
    budget = scenario.budget_for(cut.nation, cut.fiscal_year) if known else None
    if cut.amount is not None and budget is not None and cut.amount >= budget:
        found.add(
            i,
            "amount",
            "no-cut",
            f"{cut.nation}'s budget for FY{cut.fiscal_year} is {budget:,.0f}: a cut "
            f"to {cut.amount:,.0f} changes nothing (a budget_cut never raises one)",
            cut.amount,
            "warning",
        )
    first = month_ordinal(since)
    years = {scenario.fiscal_year_of(m) for m in scenario.months if month_ordinal(m) >= first}
    past = {scenario.fiscal_year_of(m) for m in scenario.months} - years
    if cut.fiscal_year in past:  # of the horizon, as every event in the past is said
        found.add(
            i,
            "fiscal_year",
            "before-replan",
            f"fiscal year {cut.fiscal_year} ends before the re-plan month {since}: the past "
            "cannot change",
            cut.fiscal_year,
        )
    elif cut.fiscal_year not in years:
        found.add(
            i,
            "fiscal_year",
            "outside-horizon",
            f"fiscal year {cut.fiscal_year} has no month in the horizon "
            f"{scenario.settings.start}..{scenario.end}",
            cut.fiscal_year,
        )
    elif cut.factor is not None and cut.nation in scenario.nation_by_code and budget is None:
        found.add(
            i,
            "factor",
            "no-budget",
            f"{cut.nation} has no budget for FY{cut.fiscal_year} to scale; give amount",
            cut.factor,
        )


def _judge_unit_lost(scenario: Scenario, event: UnitUnavailable, i: int, found: Located) -> None:
    """A unit lost from no later than its first month available is an error at its entry:
    the scenario the events make would give it no month (an empty period said of
    units.csv, at no line of the events file, hiding the file's other faults). A unit lost
    for a while is judged by `_judge_while`."""
    unit = scenario.unit_by_code.get(event.unit)
    if event.to is not None:
        _judge_while(scenario, event, i, found)
        return
    first = None if unit is None else unit.available_from
    if first is not None and month_ordinal(event.from_month) <= month_ordinal(first):
        message = (
            f"{event.unit} is available from {first} on (units.csv), and this entry loses it "
            f"from {event.from_month}, before it could serve, which the scenario cannot say: "
            "to plan without it, leave this entry out and give the unit an available_from "
            f"after the horizon's end ({scenario.end}) in units.csv"
        )
        found.add(i, "from", "before-available", message, event.from_month)


def _judge_while(scenario: Scenario, event: UnitUnavailable, i: int, found: Located) -> None:
    """A while the unit is away already (unavailable.csv) or not yet available is a
    warning: it changes nothing (one that ends before it starts is `_judge_period`'s)."""
    assert event.to is not None
    first, last = scenario.month_index(event.from_month), scenario.month_index(event.to)
    periods = scenario.unavailable_periods.get(event.unit, ())
    within = [(lo, hi) for lo, hi in periods if lo <= first and last <= hi]
    unit = scenario.unit_by_code.get(event.unit)
    start = None if unit is None else unit.available_from
    if within:
        away = "..".join(add_months(scenario.settings.start, m) for m in within[0])
        why = f"{event.unit} is away {away} by unavailable.csv already"
    elif start is not None and month_ordinal(event.to) < month_ordinal(start):
        why = f"{event.unit} is available from {start} on (units.csv)"
    else:
        return
    message = f"{why}: this entry changes nothing"
    found.add(i, "from", "no-change", message, event.from_month, "warning")


def _judge_academy(scenario: Scenario, events: Events, i: int, found: Located) -> None:
    """An academy entry that changes nothing is a warning: the later academy entries give
    every month of it (the later's capacity holds, `_academy`), or the academy holds its
    capacity in each of its other months already, as the earlier entries leave it."""
    event = events.events[i]
    assert isinstance(event, AcademyCapacity)
    held = _academy_before(scenario, events, i, found)
    entries = _academy_entries(scenario, events, found)
    later = {t for j, _, months in entries if j > i for t in months}
    lo, hi = scenario.window(event.from_month, event.to)
    own = [t for t in range(lo, hi + 1) if t not in later]
    if not own and hi >= lo:
        message = "the academy entries after it give every month of it: it changes nothing"
    elif all(held[t] == event.capacity for t in own):
        message = (
            f"the academy holds {event.capacity:,} in every month of it already: this entry "
            "changes nothing"
        )
    else:
        return
    found.add(i, "capacity", "no-change", message, event.capacity, "warning")


def _academy_before(scenario: Scenario, events: Events, i: int, found: Located) -> list[int]:
    """The academy's capacity in each month of `scenario` (before the events) as the
    academy entries before the `i`th leave it: each the later's where they meet
    (`_academy`)."""
    held = list(scenario.academy_capacities)
    for j, entry, months in _academy_entries(scenario, events, found):
        if j < i:
            for t in months:
                held[t] = entry.capacity
    return held


def _academy_entries(
    scenario: Scenario, events: Events, found: Located
) -> list[tuple[int, AcademyCapacity, range]]:
    """The academy events without a fault found, each with its position in the file and
    the horizon's months it gives, in the file's order."""
    return [
        (i, event, range(lo, hi + 1))
        for i, event in enumerate(events.events)
        if isinstance(event, AcademyCapacity) and i not in found.bad
        for lo, hi in [scenario.window(event.from_month, event.to)]
    ]


def _refused(by: Caveat | CaveatSet, event: CaveatSet) -> bool:
    """Whether the caveat `by` (a row, or another event) refuses all `event` does, in every
    month it does."""
    first, last = (by.first, by.last) if isinstance(by, Caveat) else (by.from_month, by.to)
    return (
        by.nation == event.nation
        and by.task in (None, event.task)
        and by.region in (None, event.region)
        and month_ordinal(first) <= month_ordinal(event.from_month)
        and (
            last is None
            or (event.to is not None and month_ordinal(last) >= month_ordinal(event.to))
        )
    )


def _refusal(caveat: CaveatSet) -> str:
    """What a caveat event refuses, in words, as a row says it (`Caveat.refused`)."""
    return Caveat(
        nation=caveat.nation, first=caveat.from_month, task=caveat.task, region=caveat.region
    ).refused


def _judge_caveat(scenario: Scenario, event: CaveatSet, i: int, found: Located) -> None:
    """A caveat refusing what its nation refuses already (nations.csv, or a caveats.csv row
    over its months) is a warning: it changes nothing."""
    nation = scenario.nation_by_code.get(event.nation)
    if nation is None:  # an unknown nation, said already
        return
    if event.task is not None and event.task in nation.refused_tasks:
        why = f"{event.nation} refuses {event.task} all along (nations.csv refused_tasks)"
    elif event.region is not None and event.region in nation.refused_regions:
        why = f"{event.nation} refuses {event.region} all along (nations.csv refused_regions)"
    elif row := next((r for r in scenario.caveats if _refused(r, event)), None):
        until = "on" if row.last is None else f"to {row.last}"
        why = f"caveats.csv has {event.nation} refuse {row.refused} from {row.first} {until}"
    else:
        return
    column = "task" if event.task is not None else "region" if event.region else "from"
    value = getattr(event, column) if column != "from" else event.from_month
    found.add(i, column, "no-change", f"{why}: this entry changes nothing", value, "warning")


def _judge_withdrawal(scenario: Scenario, events: Events, i: int, found: Located) -> None:
    """A withdrawal announced after the horizon is an error; one that changes nothing
    (the nation leaves by then anyway, or an earlier withdrawal of it holds) a warning."""
    event = events.events[i]
    assert isinstance(event, Withdraw)
    if month_ordinal(event.announced) > month_ordinal(scenario.end):
        message = f"{event.announced} is after the horizon end {scenario.end}"
        found.add(i, "announced", "outside-horizon", message, event.announced)
        return
    nation = scenario.nation_by_code.get(event.nation)
    if nation is None:  # an unknown nation, said already
        return
    if nation.join is not None and month_ordinal(event.last_month) < month_ordinal(nation.join):
        # Its leave before its join: the scenario the events make is no scenario.
        message = (
            f"{event.nation} joins in {nation.join} (nations.csv), after {event.last_month}, "
            "its last month by this withdrawal: it has sent nothing to withdraw (to plan "
            "without it, drop its units from units.csv)"
        )
        found.add(i, "announced", "before-joining", message, event.announced)
        return
    # Of two withdrawals of one nation the one leaving first holds (of two alike, the first).
    holding = [
        e
        for j, e in enumerate(events.events)
        if j != i
        and isinstance(e, Withdraw)
        and e.nation == event.nation
        and (month_ordinal(e.last_month), j) < (month_ordinal(event.last_month), i)
    ]
    leaves = nation.leave or scenario.end
    if holding:
        message = (
            f"{event.nation} withdraws by another entry too, its last month "
            f"{holding[0].last_month}: that withdrawal holds"
        )
        found.add(i, "announced", "repeated", message, event.announced, "warning")
    elif month_ordinal(event.last_month) >= month_ordinal(leaves):
        message = (
            f"{event.nation}'s last month is {leaves} already: a withdrawal that leaves after "
            f"{event.last_month} changes nothing"
        )
        found.add(i, "announced", "no-change", message, event.announced, "warning")


def _highest_ceiling(scenario: Scenario, cut: CeilingCut) -> int:
    """The highest ceiling of the nation from the cut's month on: what a cut must be below
    to change anything (`_cut_ceiling` caps the later rows too)."""
    start = month_ordinal(cut.from_month)
    later = [
        c.ceiling
        for c in scenario.ceilings
        if c.nation == cut.nation and month_ordinal(c.from_month) > start
    ]
    return max([scenario.ceiling_at(cut.nation, cut.from_month), *later])


def _cut_ceiling(scenario: Scenario, ceilings: list[Ceiling], cut: CeilingCut) -> list[Ceiling]:
    """From the cut on, every ceiling of the nation is at most the cut."""
    start = month_ordinal(cut.from_month)
    current = scenario.ceiling_at(cut.nation, cut.from_month)
    kept = [
        c
        if c.nation != cut.nation or month_ordinal(c.from_month) < start
        else c.model_copy(update={"ceiling": min(c.ceiling, cut.personnel)})
        for c in ceilings
        if not (c.nation == cut.nation and c.from_month == cut.from_month)
    ]
    kept.append(
        Ceiling(nation=cut.nation, from_month=cut.from_month, ceiling=min(current, cut.personnel))
    )
    return sorted(kept, key=lambda c: (c.nation, month_ordinal(c.from_month)))


def _surge(scenario: Scenario, demand: list[Demand], surge: DemandSurge) -> list[Demand]:
    """The region and task's demand month by month, raised in the surge, as periods again."""
    pair = (surge.region, surge.task)
    monthly = [0.0] * scenario.settings.months
    for d in demand:
        if (d.region, d.task) == pair:
            lo, hi = scenario.window(d.first, d.last)
            for t in range(lo, hi + 1):
                monthly[t] = d.personnel
    lo, hi = scenario.window(surge.from_month, surge.to)
    for t in range(lo, hi + 1):
        monthly[t] = (
            monthly[t] * surge.factor
            if surge.factor is not None
            else monthly[t] + (surge.extra or 0)
        )
    periods: list[Demand] = []
    t = 0
    while t < len(monthly):
        end = t
        while end + 1 < len(monthly) and monthly[end + 1] == monthly[t]:
            end += 1
        if monthly[t] > 0:
            periods.append(
                Demand(
                    region=surge.region,
                    task=surge.task,
                    first=scenario.months[t],
                    last=scenario.months[end],
                    personnel=monthly[t],
                )
            )
        t = end + 1
    return [d for d in demand if (d.region, d.task) != pair] + periods


def is_committed(tour: rules.Tour, month: int) -> bool:
    """Whether a re-plan from `month` commits `tour` of the plan in motion (derived under
    that plan's own re-plan months): mobilized before it, and no redeployment not begun.
    A redeployment not begun is no tour in motion but the re-plan's choice, offered again
    from its tour before's end (`model/sets.py`, `_redeployed_tours`) as the events now
    leave it: committed, a tour before cut shorter left its unit idle in theatre between
    the two, and its reserves excused a share (docs/rules.md, reserve-share) that the
    re-plan had not chosen to break."""
    return tour.mobilized < month and not (tour.continues and tour.start >= month)


def commitments_from_run(
    before: Scenario,
    after: Scenario,
    spec: ModelSpec,
    run: Path,
    replan_month: str,
    events: Events,
    found: Located,
) -> Commitments:
    """The plan in `run` (made on `before`) as commitments of a re-plan from `replan_month`
    on `after`: tours mobilized earlier are committed, ended where `after` makes their unit
    or nation leave (a reserve's called off where that is before it deploys); the pipeline,
    handovers and called-off mobilizations before it are history.

    ScenarioError when the run cannot be read. Added to `found`: an event that cuts a
    ceiling or budget below what the committed tours already use, and a rule the kept past
    (its tours, handovers and domestic force) breaks on its own, which no re-plan from
    `replan_month` can keep."""
    planned, problems = parse_assignments(run)
    month = after.month_index(replan_month)
    # A re-plan of a re-plan keeps the excuses of the earlier re-plans it does not undo;
    # none, where its record cannot be read (said with the run's other problems).
    earlier: tuple[int, ...] = ()
    stood_down: dict[str, list[int]] = {}
    try:
        earlier = read_replanned(before, run)
        stood_down = read_stood_down(before, run)
    except ScenarioError as exc:
        problems += exc.problems
    if later := [before.months[f] for f in earlier if f > month]:
        # Its months before them were the past when it was made: a re-plan from earlier
        # would rewrite what that re-plan held fixed, and unsaid.
        # The run to re-plan is the one the earliest of them was made on: the run this one
        # was made on, named where it is the only one, refuses the month in turn.
        before_it = ", ".join(reversed(later[:-1]))
        message = (
            f"the run was re-planned from {later[-1]}"
            + (f", the run{'s' * (len(later) > 2)} before it from {before_it}" if before_it else "")
            + f": re-plan it from {later[-1]} on, or re-plan from {replan_month} the run the "
            f"re-plan from {later[0]} was made on (the base_run of its replan.yaml)"
        )
        problems.append(Problem("--from", None, None, "before-replan", message, replan_month))
    excused = (*(f for f in earlier if f < month), month)
    # Read as its own record has it: a re-plan of a re-plan from that re-plan's own month
    # finds its redeployments not begun too, the tours they go on from cut short by it.
    own = tuple(f for f in earlier if f <= month)
    tours, unreadable = rules.derive_tours(before, planned, own)
    part, at_odds = read_domestic_part(before, run)
    # Every file's problems at once, the domestic part's with the tours', each as `check`
    # refuses it.
    problems += rules.unknown_codes(unreadable) + rules.outside_horizon(before, tours) + at_odds
    if errors(problems):
        raise ScenarioError(in_reading_order(problems))
    committed: list[rules.Tour] = []
    previous: list[tuple[str, str, str, int]] = []
    redeployments: list[tuple[str, str, str, int]] = []
    # The earlier re-plans' called-off mobilizations are history, as this one's are.
    called_off = [(unit, m) for unit, months in stood_down.items() for m in months if m < month]
    stood_down_now: list[tuple[str, int]] = []
    for tour in tours:
        if not is_committed(tour, month):
            preferred = previous if tour.mobilized >= month else redeployments
            preferred.append((tour.unit, tour.task, tour.region, tour.start))
            continue
        unit = after.unit_by_code[tour.unit]
        lasts = rules.last_months(after, unit, tour.region, tour.mobilized, tour.task)
        end = min([tour.end, *lasts])
        if end >= tour.start:
            committed.append(dataclasses.replace(tour, end=end))
        elif tour.component == "reserve" and tour.start >= month:
            # A reserve still in training, stood down: its call-up happened all the same,
            # and the re-plan may send it elsewhere once trained (`Commitments.stood_down`).
            called_off.append((tour.unit, tour.mobilized))
            stood_down_now.append((tour.unit, tour.mobilized))
        else:
            # Deployed before the re-plan month where its unit, nation or region had ended
            # already: the plan in motion broke availability, which `_check_committed`
            # refuses as it was written.
            committed.append(tour)
    recruits, heads, handed = history(part, month)
    given = _judge_academy_past(before, recruits, month, events, found)
    # A re-plan of a re-plan may start no earlier than the month the run was re-planned from.
    floor = max(earlier, default=0)
    kept = Kept(committed, called_off, handed, excused[:-1])
    _check_committed(after, spec, kept, (floor, month), events, found)
    found.problems += domestic_past_problems(after, committed, part, excused, floor, given)
    for i, event in enumerate(events.events):
        # A region the scenario decided already is a warning of `_check_references`.
        if (
            isinstance(event, Handover)
            and event.region in handed
            and before.region_by_code[event.region].handed_over is None
        ):
            found.add(
                i,
                "region",
                "no-change",
                f"the plan in motion handed {event.region} over in "
                f"{after.months[handed[event.region]]}: the handover only ends its demand "
                f"from {event.from_month}, which the domestic force need no longer hold",
                event.region,
                "warning",
            )
    return Commitments(
        month=month,
        excused=excused,
        tours=tuple(
            CommittedTour(
                t.unit, t.task, t.region, t.start, t.end, t.mobilized if t.continues else None
            )
            for t in committed
        ),
        previous=tuple(previous),
        redeployments=tuple(redeployments),
        recruits=recruits,
        domestic=heads,
        handover=handed,
        called_off=tuple(sorted(called_off, key=lambda c: (c[1], c[0]))),
        stood_down=tuple(stood_down_now),
    )


def _judge_academy_past(
    scenario: Scenario, recruits: tuple[float, ...], month: int, events: Events, found: Located
) -> set[str]:
    """An academy event giving less room than the trainees enrolled before the re-plan
    month still take up in a month of their course is an error at its entry: the re-plan
    keeps them. Judged in the months it gives, not those a later entry gives again (as
    `_academy` writes them), on `scenario` before the events. The months the events give a
    capacity, which the past alone (`domestic_past_breaks`) does not judge."""
    course = scenario.settings.domestic.course_months
    months = scenario.months

    def still(t: int) -> float:
        return sum(recruits[max(0, t - course + 1) : month])

    entries = _academy_entries(scenario, events, found)
    # The entry whose capacity holds in each month: the later's where they meet.
    giver = {t: i for i, _, span in entries for t in span}
    for i, event, _ in entries:
        over = [
            t
            for t in range(month, month + course - 1)
            if giver.get(t) == i and rules.over(still(t), event.capacity)
        ]
        if over:
            t, free = over[0], over[-1] + 1
            least = f"a capacity of at least {_least_capacity(max(still(u) for u in over)):,}"
            # Started later, the entry leaves its first months to the capacity the earlier
            # entries or academy.csv give: too little there, and moving it mends nothing.
            held = _academy_before(scenario, events, i, found)
            short = [u for u in range(month, free) if giver.get(u) == i]
            short = [u for u in short if rules.over(still(u), held[u])]
            if short:
                advice = f"{least} (without it, {months[short[0]]} holds {held[short[0]]:,})"
            else:
                since = months[free] if free < len(months) else "later"
                # Moved to that month, an entry ending before it would hold for no month.
                ends = event.to is not None and (free >= len(months) or event.to < months[free])
                advice = (
                    f"from {since} on"
                    + (f", to no earlier (it ends in {event.to})" if ends else "")
                    + f", or {least}"
                )
            message = (
                f"{still(t):,.1f} trainees enrolled before {months[month]} are still in the "
                f"course in {months[t]}, more than the {event.capacity:,} this entry gives: "
                f"give it {advice}"
            )
            found.add(i, "capacity", "below-committed", message, event.capacity)
    return {months[t] for t in giver}


def _least_capacity(trainees: float) -> int:
    """The least capacity an academy entry may give (a whole number) that holds
    `trainees`, as the checker judges it (within its tolerance): a plan's recruits need not
    be whole, and 29.3 needs 30, where 29 is refused again."""
    least = math.ceil(trainees)
    return least - 1 if least > 0 and not rules.over(trainees, least - 1) else least


def history(
    part: DomesticPart, month: int
) -> tuple[tuple[float, ...], dict[tuple[str, str, int], float], dict[str, int]]:
    """Recruits, domestic officers on tasks and handovers before `month`, from a plan's
    domestic part (no domestic.csv: no recruits on record)."""
    recruits = tuple(part.recruits[:month]) if part.recruits is not None else ()
    heads = {cell: count for cell, count in part.heads.items() if cell[2] < month}
    handed = {region: t for region, t in part.handed.items() if t < month}
    return recruits, heads, handed


# The coalition's upper limits: later tours cannot undo what the committed tours break.
# (Its lower ones, the lead's share and the least nations, later tours can still meet.)
CROWDING = ("nations-per-region", "nations-per-sector")


@dataclasses.dataclass(frozen=True)
class Kept:
    """What a re-plan keeps of the plan in motion: the committed tours (as the events
    leave them), the called-off mobilizations (unit, month) and the handovers (month by
    region) before its month, and the months of the earlier re-plans whose excuses it
    keeps (`Commitments.excused`)."""

    tours: list[rules.Tour]
    called_off: list[tuple[str, int]]
    handed: dict[str, int]
    earlier: tuple[int, ...]

    def before(self, then: int) -> Kept:
        """What a re-plan from the earlier month `then` would keep."""
        return Kept(
            [t for t in self.tours if t.mobilized < then],
            [(unit, m) for unit, m in self.called_off if m < then],
            {region: t for region, t in self.handed.items() if t < then},
            self.earlier,
        )

    def excused(self, month: int) -> tuple[int, ...]:
        """The months whose excuses a re-plan from `month` of what is kept holds, as the
        checker reads them from its replan.yaml: the earlier re-plans' before it, and its own."""
        return (*(f for f in self.earlier if f < month), month)

    @property
    def months(self) -> set[int]:
        """The months something kept began in: a mobilization or a handover."""
        return (
            {t.mobilized for t in self.tours}
            | {m for _, m in self.called_off}
            | set(self.handed.values())
        )


def committed_breaks(
    scenario: Scenario, spec: ModelSpec, kept: Kept, month: int
) -> list[Violation]:
    """The hard rules the past a re-plan from `month` keeps breaks on its own, in any
    month, so that no such re-plan keeps them: the model would take them as they are (it
    fixes a committed tour whatever its eligibility, and a handover) and the checker
    refuse its plan. The reserve share over its limit from a re-plan month on and a task no
    longer asked for are excused them, as the checker excuses a re-plan's; a tour cut
    short where its unit, nation or region ends keeps its availability."""
    stood_down: dict[str, list[int]] = {}
    for unit, mobilized in kept.called_off:
        stood_down.setdefault(unit, []).append(mobilized)
    committed = kept.tours
    return [
        *rules.eligibility(scenario, committed, kept.excused(month)),
        *rules.availability(scenario, committed),
        *rules.rotation(scenario, committed, stood_down, kept.excused(month)),
        *rules.nations(scenario, spec, committed, kept.excused(month)),
        *rules.budgets(scenario, spec, committed),
        *(v for v in rules.coalition(scenario, spec, committed) if v.rule in CROWDING),
        *rules.end_date(scenario, spec, committed),
        *rules.presence(scenario, committed, kept.handed),
    ]


@dataclasses.dataclass(frozen=True)
class Breach:
    """One rule broken by the same tours, in the same way, over consecutive months (or
    fiscal years): `violation` is the first month's, `last` the last month."""

    violation: Violation
    last: str | None

    @property
    def when(self) -> str:
        first = self.violation.month
        if first is None:
            return ""
        return f" {first}" if self.last == first else f" {first}..{self.last}"


def breaches(violations: list[Violation]) -> list[Breach]:
    """The violations, one per rule, entity, rows and message over consecutive months."""
    merged: list[Breach] = []
    latest: dict[tuple[str, str, tuple[int, ...], str], int] = {}  # the last breach of each
    for v in violations:
        key = (v.rule, v.entity, v.rows, v.message)
        same = latest.get(key)
        last = merged[same].last if same is not None else None
        if same is not None and last is not None and v.month == rules.following(last):
            merged[same] = dataclasses.replace(merged[same], last=v.month)
        else:
            latest[key] = len(merged)
            merged.append(Breach(v, v.month))
    return merged


def _check_committed(
    scenario: Scenario,
    spec: ModelSpec,
    kept: Kept,
    months: tuple[int, int],
    events: Events,
    found: Located,
) -> None:
    """What the kept past breaks on its own: blamed on the event's cut where one put a
    ceiling or budget from the re-plan month on below the committed tours, else bad input
    at the tours (a plan in motion that broke it already, which no re-plan can mend).
    `months`: the earliest month a re-plan of the run may start from, and this re-plan's."""
    month = months[1]
    first_year = scenario.fiscal_year_of(scenario.months[month])

    @functools.cache
    def broken(then: int) -> set[tuple[str, str]]:
        # Shared by the breaches: each walks back over the same earlier months.
        past = committed_breaks(scenario, spec, kept.before(then), then)
        return {(v.rule, v.entity) for v in past}

    blamed: dict[tuple[int, str, str], list[Breach]] = {}
    for breach in breaches(committed_breaks(scenario, spec, kept, month)):
        v = breach.violation
        # Only a ceiling or budget from the re-plan month on is an event's to set.
        settable = v.month is not None and (
            (v.rule == "ceiling" and scenario.month_index(v.month) >= month)
            or (v.rule == "budget" and int(v.month[2:]) >= first_year)
        )
        entry = _cut_to_blame(events, v.rule, v.entity, v.month) if settable else None
        if entry is None:
            found.problems.append(kept_as_it_is(scenario, breach, kept, months, broken))
        else:
            blamed.setdefault((entry, v.rule, v.entity), []).append(breach)
    # One problem a cut, over the months it is broken in, where the tours in theatre
    # change from month to month: the worst month's figures said.
    for (entry, rule, entity), broken_by in blamed.items():
        cut = events.events[entry]
        # The key of the cut's figure: a budget cut gives an amount or a factor.
        key = (
            "personnel"
            if isinstance(cut, CeilingCut)
            else "amount"
            if isinstance(cut, BudgetCut) and cut.amount is not None
            else "factor"
        )
        found.add(
            entry,
            key,
            "below-committed",
            f"{entity}{_when(broken_by)}: tours already in motion break the new {rule} "
            f"({_worst(broken_by)[1]}); take the cut later, or withdraw units with "
            "unit_unavailable",
            getattr(cut, key),
        )


def kept_as_it_is(
    scenario: Scenario,
    breach: Breach,
    kept: Kept,
    months: tuple[int, int],
    broken: Callable[[int], set[tuple[str, str]]],
) -> Problem:
    """A rule the past kept by a re-plan from `month` (the second of `months`) breaks by
    itself, whatever the re-plan does: bad input at the first of its tours' rows of
    assignments.csv, with the latest month a re-plan may start from to free them
    (`freed_from`; `broken`: the rules and entities the past kept from a month breaks), if
    a re-plan of this run may (from the first of `months` on)."""
    floor, month = months
    v = breach.violation
    label = scenario.months[month]
    rows = sorted(set(v.rows))
    if len(rows) == 1:
        which, as_is, them = f"Row {rows[0]} is a tour", "it as it is", "it"
    elif rows:
        which, as_is, them = (
            f"Rows {', '.join(map(str, rows))} are tours",
            "them as they are",
            "them",
        )
    else:  # a total-budget names no rows: every tour's cost counts
        which, as_is, them = "The tours it counts were", "them as they are", "them"
    if v.rule == "handover-presence":
        as_is += ", and the handover"
    advice = _advice(scenario, freed_from(v, kept, month, broken), floor, them)
    message = (
        f"{v.entity}{breach.when}: {v.message}{v.by}. {which} mobilized "
        f"before {label}: a re-plan from {label} keeps {as_is}, so none keeps the rule; {advice}"
    )
    return Problem(ASSIGNMENTS, rows[0] if rows else None, None, v.rule, message)


def _advice(scenario: Scenario, freed: int, floor: int, them: str) -> str:
    """How to free what a re-plan keeps as it is: a re-plan from month `freed` (0: none
    but a fresh solve) or earlier, if a re-plan of the run may start then (`floor` on)."""
    if freed > 0 and freed >= floor:
        return f"re-plan from {scenario.months[freed]} or earlier, or mend the plan"
    if freed > 0:
        return (
            f"mend the plan, or re-plan the run it was re-planned from (this one was, from "
            f"{scenario.months[floor]}) from {scenario.months[freed]} or earlier"
        )
    return (
        f"mend the plan, or solve afresh (only a re-plan from {scenario.months[0]}, the "
        f"horizon's first month, frees {them})"
    )


# The domestic force's rules its past can break on its own; the table's other figures
# (in training, strength) a re-plan works out anew.
DOMESTIC_PAST = ("recruits", "academy", "trainers", "employment", "domestic-task")


def domestic_past_breaks(
    scenario: Scenario,
    committed: list[rules.Tour],
    part: DomesticPart,
    excused: tuple[int, ...],
    given: Set[str] = frozenset(),
) -> list[Violation]:
    """The domestic force's rules its past before the re-plan month (the last of `excused`,
    the run's re-plan months before it) breaks whatever the re-plan does: the recruits
    taken, the academy and trainers they fill, the officers on tasks (the model fixes them
    and had no plan). The trainers are the committed tours'; trainees enrolled before the
    re-plan month need none after it. Those still in the academy then fill it in the months
    of their course after it too, where academy.csv may give less room than before (a
    closure): those months are judged as well, but for the months an academy event gives
    (`given`), which is judged at its entry (`_judge_academy_past`)."""
    past = set(scenario.months[: excused[-1]])

    def before(name: str) -> pd.DataFrame | None:
        table = part.tables.get(name)
        return None if table is None else table[table["month"].astype(str).isin(past)]

    domestic = part.tables.get("domestic")
    if domestic is not None:
        # Read for its recruits before the re-plan month alone, the later months' rows kept
        # as none for a breach in them to name: the figures worked out anew may be left out.
        kept = domestic["month"].astype(str).isin(past)
        domestic = domestic[["month"]].assign(
            recruits=domestic["recruits"].where(kept, 0), in_training=0.0, strength=0.0
        )
    coverage = rules.coverage_rows(scenario, before("coverage"))
    found = rules.domestic(scenario, committed, domestic, coverage, excused)
    return [
        v
        for v in found
        if v.rule in DOMESTIC_PAST
        and (v.month in past or (v.rule == "academy" and v.month not in given))
    ]


def domestic_past_problems(
    scenario: Scenario,
    committed: list[rules.Tour],
    part: DomesticPart,
    excused: tuple[int, ...],
    floor: int,
    given: Set[str] = frozenset(),
) -> list[Problem]:
    """Each rule the domestic force's past breaks (`domestic_past_breaks`) as bad input,
    once over its months, at its first row (of coverage.csv for officers employed in a
    month domestic.csv has no row of), with the latest month a re-plan (of this run, from
    `floor` on) may start from to free every month of it."""
    label = scenario.months[excused[-1]]
    by_rule: dict[str, list[Breach]] = {}
    for breach in breaches(domestic_past_breaks(scenario, committed, part, excused, given)):
        by_rule.setdefault(breach.violation.rule, []).append(breach)
    # The recruits a re-plan keeps: those after its month are its own.
    recruits = (part.recruits or [])[: excused[-1]]
    problems = []
    for rule, group in by_rule.items():
        first = group[0].violation
        freed = min(_freeing(scenario, b.violation, recruits) for b in group)
        worst, figures = _worst(group)
        message = (
            f"domestic{_when(group)}: {figures} (by {figure(worst.amount)}). It is the "
            f"domestic force's past before {label}, which a re-plan from {label} keeps as it "
            f"is, so none keeps the rule; {_advice(scenario, freed, floor, 'it')}"
        )
        file, row = (first.file, first.rows[0]) if first.rows else (COVERAGE, None)
        problems.append(Problem(file, row, first.column, rule, message))
    return problems


def _freeing(scenario: Scenario, v: Violation, recruits: list[float]) -> int:
    """The latest month a re-plan frees the domestic force's past of `v` from: the month
    itself, whose recruits and officers are then the re-plan's, or for the academy the
    latest month before which those still in the course then (`recruits`, by month) fit
    in it."""
    t = scenario.month_index(v.month) if v.month is not None else 0
    if v.rule != "academy":
        return t
    first = max(0, t - scenario.settings.domestic.course_months + 1)
    capacity = scenario.academy_capacities[t]
    return next(
        s for s in range(t, first - 1, -1) if not rules.over(sum(recruits[first:s]), capacity)
    )


def _when(group: list[Breach]) -> str:
    """The months (or fiscal years) of breaches in order, a run each: ` 2000-05..2000-06,
    2000-09`."""
    runs: list[Breach] = []
    for b in group:
        last = runs[-1].last if runs else None
        if last is not None and b.violation.month == rules.following(last):
            runs[-1] = dataclasses.replace(runs[-1], last=b.last)
        else:
            runs.append(b)
    return ",".join(run.when for run in runs)


def _worst(group: list[Breach]) -> tuple[Violation, str]:
    """The worst month's violation of a rule broken over months, and its figures, the
    month named where it is one of many."""
    worst = max(group, key=lambda b: b.violation.amount).violation
    one = len(group) == 1 and group[0].last == worst.month
    return worst, worst.message if one else f"at worst {worst.month}: {worst.message}"


def freed_from(
    violation: Violation,
    kept: Kept,
    month: int,
    broken: Callable[[int], set[tuple[str, str]]],
) -> int:
    """The latest month before `month` such that the past kept from it no longer breaks
    the violation's rule for its entity (`broken`): a re-plan from then (or earlier)
    keeps no more than that."""
    for then in sorted((m for m in kept.months if m < month), reverse=True):
        if (violation.rule, violation.entity) not in broken(then):
            return then
    return 0


def _cut_to_blame(events: Events, rule: str, nation: str, when: str | None) -> int | None:
    """The entry of the cut that sets `nation`'s ceiling (the lowest of the cuts in effect
    at month `when`) or budget (of fiscal year `when`, `FY2001`) that tours in motion break;
    None if no entry is one (the rule was broken before the events)."""
    cuts = [
        (i, e)
        for i, e in enumerate(events.events)
        if isinstance(e, CeilingCut | BudgetCut) and e.nation == nation
    ]
    if rule == "ceiling":
        ceilings = [
            (e.personnel, i)
            for i, e in cuts
            if isinstance(e, CeilingCut) and when is not None and e.from_month <= when
        ]
        return min(ceilings)[1] if ceilings else None
    years = [i for i, e in cuts if isinstance(e, BudgetCut) and f"FY{e.fiscal_year}" == when]
    return years[0] if years else None
