"""A scenario at a glance: the figures a planner checks before solving."""

from __future__ import annotations

from collections import Counter

from forcegen.scenario.scenario import Scenario


def scenario_summary(scenario: Scenario) -> list[tuple[str, str]]:
    """(label, value) pairs describing a scenario's size, coalition and demand."""
    s = scenario.settings
    lead = scenario.lead
    components = Counter(u.component for u in scenario.units)
    personnel = sum(u.personnel for u in scenario.units)
    monthly = dict.fromkeys(scenario.months, 0.0)
    for (_, _, t), required in scenario.demand_by_cell.items():
        monthly[scenario.months[t]] += required
    peak_month = max(monthly, key=lambda m: monthly[m])  # a horizon has a month at least
    population = sum(r.population for r in scenario.regions)
    border = [r.region for r in scenario.regions if r.border]
    decided = [f"{r.region} {r.handed_over}" for r in scenario.regions if r.handed_over]
    regions = f"{len(scenario.regions)} ({len(border)} on the border), population {population:,}"
    if decided:
        regions += f"; handed over by decision: {', '.join(decided)}"
    periods = scenario.unavailable_periods
    # The table named as neither file nor sheet: a summary is of a scenario read from either.
    away = f"; {len(periods):,} away for a while (the unavailable table)" if periods else ""
    return [
        ("scenario", s.name),
        ("horizon", f"{s.start} .. {scenario.end} ({s.months} months)"),
        ("regions", regions),
        ("tasks", ", ".join(t.task for t in scenario.tasks)),
        ("nations", f"{len(scenario.nations)}, lead {lead.nation if lead else '-'}"),
        (
            "units",
            f"{len(scenario.units):,} ({components['active']:,} active, "
            f"{components['reserve']:,} reserve), {personnel:,} personnel" + away,
        ),
        ("at the start", _at_the_start(scenario)),
        (
            "demand at peak",
            f"{monthly[peak_month]:,.0f} effective personnel in {peak_month}",
        ),
        (
            "demand at end",
            f"{monthly[scenario.end]:,.0f} effective personnel in {scenario.end}",
        ),
        (
            "domestic force",
            f"{s.domestic.initial_strength:,} at start, up to "
            f"{s.domestic.recruits_per_month:,} recruits/month, "
            f"{s.domestic.course_months}-month course, academy "
            f"{s.domestic.academy_capacity:,}",
        ),
    ]


def _at_the_start(scenario: Scenario) -> str:
    """Who is ready in the horizon's first month, and when their first tours count: the
    months before are short in every plan (`Scenario.arrival`)."""
    ready = scenario.ready_at_start
    if not ready:
        return "no nation has an active unit ready in the first month"
    nations = scenario.nation_by_code
    arriving = [n for n in ready if nations[n].overlap_months == scenario.arrival]
    months = f"{scenario.arrival} month{'s' * (scenario.arrival > 1)}"
    counts = (
        f"{', '.join(arriving)}'s first tours count after {months} of reception (overlap_months)"
        if scenario.arrival
        else f"{'their' if len(ready) > 1 else 'its'} first tours count at once"
    )
    return f"{len(ready)} of {len(nations)} nations ready ({', '.join(ready)}); {counts}"
