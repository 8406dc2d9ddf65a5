"""Re-planning a plan in motion: tiny cases whose re-plan is derived by hand.

Unless said otherwise: nations tour 6 months with no dwell, units of 100 at
effectiveness 1, and a plan solved to optimality before the events.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from forcegen.checker import check_plan
from forcegen.evaluate import evaluate_plan
from forcegen.fileformat import forced, record_from_table, record_table
from forcegen.replan.replan import Replan, read_setting, replan
from forcegen.report import redeployments_said
from forcegen.run import solve_scenario
from forcegen.scenario.events import Events, load_events
from forcegen.scenario.problems import ScenarioError, errors
from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import (
    REASON,
    TRAINING_TASK,
    Academy,
    Budget,
    Caveat,
    Ceiling,
    Region,
)
from forcegen.scenario.validate import check_scenario
from forcegen.spec import ModelSpec, load_spec
from forcegen.stats import Results
from forcegen.sweep.spec import load_sweep
from tests.cells import missing, number, series
from tests.factory import (
    calm_and_hot_case,
    handover_case,
    month,
    nation,
    reserve_nation,
    scenario,
    spec,
    unit,
    with_rules,
)

# tiny solved to its warm start alone (no search, branch-and-bound stopping within 50%):
# AAA-inf-1 guards the north 2000-01..06, AAA-mp-1 then BBB-mp-1 train in the south. The
# tests of a re-plan that need those tours take them so, not from the best plan, which
# moves with the objective (it keeps AAA-inf-2 in the south and AAA-inf-1 from 2000-03).
WARM_START_ALONE = ["--search", "0", "--gap", "0.5", "--quiet"]

TWO_REGIONS = [
    Region(region="r1", population=1000, risk=1),
    Region(region="r2", population=1000, risk=1),
]


def _spec(**weights: float) -> ModelSpec:
    # One turbulence point per tour, so the plan has no idle tours to move around.
    base = spec(turbulence=1.0)
    return base.model_copy(update={"weights": base.weights.model_copy(update=weights)})


def _plan(case: Scenario, model: ModelSpec, folder: Path) -> pd.DataFrame:
    run = solve_scenario(case, model)
    run.write(folder)
    return run.plan.assignments


def _replan(
    case: Scenario,
    model: ModelSpec,
    before: Path,
    start: int,
    events: Sequence[Mapping[str, object]],
) -> Replan:
    # None given: a re-plan without events, as `forcegen replan` without --events.
    found = Events("no events")
    if events:
        path = before.parent / "events.yaml"
        path.write_text(yaml.safe_dump({"events": events}))
        found = load_events(path)
    setting = read_setting(case, model, before, month(start), found)
    return replan(setting, model, before, month(start))


def _keys(tours: pd.DataFrame) -> set[tuple[str, str, str, str, str]]:
    return set(tours[["unit", "task", "region", "start", "end"]].itertuples(index=False, name=None))


def _shortfall(result: Replan) -> float:
    return round(float(result.run.plan.coverage["shortfall"].sum()), 6)


def _checked(result: Replan, folder: Path) -> None:
    result.write(folder)
    report = check_plan(result.run.data.scenario, result.run.data.spec, folder)
    assert report.ok, report.violations


def _guarded_by_a(tmp_path: Path) -> tuple[Scenario, ModelSpec, Path]:
    """r guarded (100) all year by a (100), and its plan solved into `before`."""
    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    return case, model, before


def test_withdrawal_without_slack_gives_the_derived_shortfall(tmp_path: Path) -> None:
    # A and B each have one unit; demand 200 for 12 months: each unit tours months 0-5 and
    # 6-11, no shortfall. B announces in month 3 that it leaves with 2 months' notice: its
    # last month is 4. Its tour in progress ends there, its second tour is cancelled, and
    # A's only unit is busy: 100 short in month 5 and months 6-11, 700 in all.
    case = scenario(
        months=12,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 11, 200)],
    )
    model = _spec()
    before = _plan(case, model, tmp_path / "before")
    assert len(before) == 4
    result = _replan(
        case,
        model,
        tmp_path / "before",
        3,
        [{"kind": "withdraw", "nation": "B", "announced": month(3), "notice_months": 2}],
    )
    assert _shortfall(result) == 700
    assert result.changes == {
        "kept": 2,
        "curtailed": 1,
        "stood-down": 0,
        "redeployed": 0,
        "retasked": 0,
        "moved": 0,
        "cancelled": 1,
        "added": 0,
    }
    curtailed = result.diff[result.diff["change"] == "curtailed"].iloc[0]
    assert (curtailed["unit"], curtailed["end_before"], curtailed["end_after"]) == (
        "b",
        month(5),
        month(4),
    )
    _checked(result, tmp_path / "after")
    # Curtailed only at B's last month: a tour cut anywhere else breaks the tour length.
    path = tmp_path / "after" / "assignments.csv"
    path.write_text(path.read_text().replace(f"{month(0)},{month(4)}", f"{month(0)},{month(3)}"))
    report = check_plan(result.run.data.scenario, result.run.data.spec, tmp_path / "after")
    assert [v.rule for v in report.violations if v.rule == "tour-length"] == ["tour-length"]
    # Said with the end it may have: B's last month, not the full tour's end.
    (cut,) = [v for v in report.violations if v.rule == "tour-length"]
    assert cut.message.endswith(f"(B's 6-month tour), or '{month(4)}' cut short where it must end")


def test_the_domestic_lead_time_under_calm_first_holds_every_calmer_region_too() -> None:
    """Patrol in calm (risk 1) needs 100 officers, in hot (risk 3) 50. Each region when it
    pays, hot goes first with 50; calm first, hot needs 150 with calm, so calm is first
    with 100; a calmer region kept for good (build demand to the end) leaves hot none."""
    from forcegen.replan.rolling import handover_lead
    from forcegen.scenario.schema import Region

    def case(kept_for_good: bool, escort_ends: bool = False) -> Scenario:
        regions = [Region(region=r, population=1, risk=k) for r, k in (("calm", 1), ("hot", 3))]
        return scenario(
            months=24,
            regions=regions,
            units=[unit("a")],
            tasks=("patrol", "build", "escort"),
            effectiveness={"patrol": 1.0, "build": 1.0, "escort": 1.0},
            demand=[
                ("calm", "patrol", 0, 23, 100),
                ("hot", "patrol", 0, 23, 50),
                *([("calm", "build", 0, 23, 10)] if kept_for_good else []),
                *([("calm", "escort", 0, 23, 200)] if escort_ends else []),
            ],
            domestic={
                "recruits_per_month": 50,
                "course_months": 2,
                "academy_capacity": 100,
                "tasks": ("patrol", "escort"),
            },
            ending=("escort",),
        )

    def first(order: str, kept_for_good: bool = False) -> tuple[str, int] | None:
        model = with_rules(spec(), mission={"handover_order": order})
        lead = handover_lead(case(kept_for_good), model)
        return None if lead is None else (lead.region, lead.officers)

    assert first("any") == ("hot", 50)
    assert first("calm-first") == ("calm", 100)
    assert first("any", kept_for_good=True) == ("hot", 50)
    assert first("calm-first", kept_for_good=True) is None
    # Escort ends at calm's handover: the force need not hold it, so it asks no officer.
    model = with_rules(spec(), mission={"handover_order": "calm-first"})
    lead = handover_lead(case(False, escort_ends=True), model)
    assert lead is not None and (lead.region, lead.officers) == ("calm", 100)


@pytest.mark.parametrize(("counted", "short"), [("over-the-horizon", 700), ("at-once", 0)])
def test_a_nation_withdrawn_may_be_relieved_where_nations_are_counted_at_once(
    tmp_path: Path, counted: str, short: float
) -> None:
    """r needs 100 all year, one nation at a time: A's unit tours months 0-5 and 6-11. A
    leaves after month 4 (announced in month 3). Counted over the horizon, its tour cut
    short keeps B out: months 5-11 short, 700. Counted at once, B relieves it in month 5."""
    case = scenario(
        months=12,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    # No price on a change: what the counting allows, not what pays, is tested.
    model = with_rules(
        _spec(change=0.0), coalition={"max_nations_per_region": 1, "nations_counted": counted}
    )
    _plan(case, model, tmp_path / "before")
    withdraw = {"kind": "withdraw", "nation": "A", "announced": month(3), "notice_months": 2}
    result = _replan(case, model, tmp_path / "before", 3, [withdraw])
    assert _shortfall(result) == short
    _checked(result, tmp_path / "after")


@pytest.mark.parametrize(("weight", "changes", "short"), [(10.0, 2, 0), (1000.0, 1, 600)])
def test_minimal_change_replaces_a_lost_unit_only_when_it_pays(
    tmp_path: Path, weight: float, changes: int, short: float
) -> None:
    # Three units of A, demand 100 in r1 and in r2 for 12 months: two units tour months
    # 0-5 and 6-11, one in each region; the third stays home. From month 6 the unit of
    # r1 is lost: its second tour is cancelled. Sending the idle unit instead saves 600
    # of shortfall for one change (an added tour): worth it at 10 a change, and then
    # nothing else changes (a swap of regions would be two changes more); not worth it
    # at 1,000, which leaves the 600 short.
    case = scenario(
        months=12,
        units=[unit("a1"), unit("a2"), unit("a3")],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 0, 11, 100), ("r2", "guard", 0, 11, 100)],
    )
    model = _spec(change=weight)
    before = _plan(case, model, tmp_path / "before")
    lost = before[(before["region"] == "r1") & (before["start"] == month(6))]["unit"].iloc[0]
    result = _replan(
        case,
        model,
        tmp_path / "before",
        6,
        [{"kind": "unit_unavailable", "unit": lost, "from": month(6)}],
    )
    counts = result.changes
    assert counts["cancelled"] == 1 and counts["moved"] == 0
    assert counts["moved"] + counts["cancelled"] + counts["added"] == changes
    # The cancelled tour is the one the event broke; the added one was chosen.
    broken = result.diff.set_index("change")["broken_by_events"]
    assert broken["cancelled"] == "availability" and pd.isna(broken.get("added"))
    assert forced(result.diff) == 1
    assert _shortfall(result) == short
    assert result.run.plan.kpis["tours_changed"] == changes
    _checked(result, tmp_path / "after")


def test_a_unit_away_for_a_while_is_cut_short_and_serves_again_after(tmp_path: Path) -> None:
    # One unit guards r (100) all year in two 6-month tours, the other stays home. From
    # month 3 to 9 the first is away: its tour in motion ends in month 2, its second tour
    # (6-11) is cancelled, and the second unit takes months 3-8 and 9-14; the first,
    # back from month 10, would leave month 9 short. A change costs a point, less than a
    # month short.
    case = scenario(months=12, units=[unit("a"), unit("b")], demand=[("r", "guard", 0, 11, 100)])
    model = _spec(change=1.0)
    before = _plan(case, model, tmp_path / "before")
    away = before[before["start"] == month(0)]["unit"].iloc[0]
    other = ({"a", "b"} - {away}).pop()
    event = {"kind": "unit_unavailable", "unit": away, "from": month(3), "to": month(9)}
    result = _replan(case, model, tmp_path / "before", 3, [event])
    assert _shortfall(result) == 0
    tours = result.run.plan.assignments
    assert _keys(tours) == {
        (away, "guard", "r", month(0), month(2)),
        (other, "guard", "r", month(3), month(8)),
        (other, "guard", "r", month(9), month(14)),
    }
    assert result.changes["curtailed"] == 1 and result.changes["cancelled"] == 1
    changed = result.run.data.scenario
    assert changed.unit_by_code[away].available_until is None
    assert changed.unavailable_periods == {away: ((3, 9),)}
    _checked(result, tmp_path / "after")


def test_a_while_away_joins_the_units_periods_and_keeps_its_words_as_a_row_may(
    tmp_path: Path,
) -> None:
    # unavailable.csv has a away in months 4-6. A while within it changes nothing (said);
    # one meeting it, and one adjoining that, become one row 2-9, their reasons joined;
    # a description no row may hold (too long, a control character) is cut and cleaned.
    from forcegen.replan.apply import Located, changed_scenario

    case = scenario(
        months=12,
        units=[unit("a"), unit("b")],
        demand=[("r", "guard", 0, 11, 100)],
        unavailable=[("a", 4, 6)],
    )
    case = case.model_copy(
        update={"unavailable": (case.unavailable[0].model_copy(update={"reason": "refit"}),)}
    )
    lost = {"kind": "unit_unavailable", "unit": "a"}
    entries = [
        {**lost, "from": month(5), "to": month(6)},
        {**lost, "from": month(6), "to": month(8), "description": "x" * 300},
        {**lost, "from": month(9), "to": month(9), "description": "storm\u0007damage "},
        {**lost, "unit": "b", "from": month(3), "to": month(3), "description": "  "},
    ]
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": entries}, sort_keys=False))
    events = load_events(path)
    found = Located(events.file, events.lines)
    changed = changed_scenario(case, events, month(2), found)
    said = [(p.row, p.rule, p.severity, p.message) for p in found.problems]
    assert said == [
        (2, "no-change", "warning", f"a is away {month(4)}..{month(6)} by unavailable.csv "
         "already: this entry changes nothing"),
    ], said  # fmt: skip
    assert changed is not None
    rows = {row.unit: row for row in changed.unavailable}
    assert (rows["a"].first, rows["a"].last) == (month(4), month(9))
    assert rows["a"].reason == "; ".join(["refit", "x" * 300])[:197] + "..."
    assert rows["b"].reason == "unit_unavailable event"
    assert changed.unavailable_periods == {"a": ((4, 9),), "b": ((3, 3),)}
    # The rows it writes do not meet: validation has nothing to say of them.
    assert not [p for p in check_scenario(changed) if p.file == "unavailable.csv"]


def test_a_unit_away_for_no_months_or_within_another_while_is_said(tmp_path: Path) -> None:
    from forcegen.replan.apply import Located, changed_scenario

    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    lost = {"kind": "unit_unavailable", "unit": "a"}
    entries = [
        {**lost, "from": month(6), "to": month(5)},
        {**lost, "from": month(4), "to": month(9)},
        {**lost, "from": month(5), "to": month(8)},
        {**lost, "from": month(8)},
    ]
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": entries}))
    events = load_events(path)
    found = Located(events.file, events.lines)
    assert changed_scenario(case, events, month(3), found) is not None
    said = [(p.row, p.column, p.rule, p.severity, p.message) for p in found.problems]
    assert said == [
        (10, "from", "repeated", "warning", f"a is lost from {month(4)} to {month(9)} by the "
         "entry at line 6: this entry changes nothing"),
        (2, "to", "empty-period", "error", f"{month(5)} is before {month(6)}"),
    ], said  # fmt: skip


def test_a_caveat_for_a_while_cuts_a_tour_short_and_moves_the_nation(tmp_path: Path) -> None:
    # A's two units guard r1 and r2 (100 each) all year in two tours each; B joins in
    # month 3, its b not needed. From month 3 to 9 A refuses r1: the tour there in motion
    # ends in month 2 and its second tour (6-11) is cancelled; b takes r1 3-8 and 9-14 (A,
    # back from month 10, would leave month 9 short). A change costs a point, less than a
    # month short.
    case = scenario(
        months=12,
        nations=[nation("A"), nation("B", join=month(3))],
        units=[unit("a"), unit("a2"), unit("b", nation="B")],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 0, 11, 100), ("r2", "guard", 0, 11, 100)],
    )
    model = _spec(change=1.0, nations_per_region=0.0)
    before = _plan(case, model, tmp_path / "before")
    in_r1 = before[(before["region"] == "r1") & (before["start"] == month(0))]["unit"].iloc[0]
    event = {"kind": "caveat", "nation": "A", "from": month(3), "to": month(9), "region": "r1"}
    result = _replan(case, model, tmp_path / "before", 3, [event])
    assert _shortfall(result) == 0
    tours = result.run.plan.assignments
    r1 = {key for key in _keys(tours) if key[2] == "r1"}
    assert r1 == {
        (in_r1, "guard", "r1", month(0), month(2)),
        ("b", "guard", "r1", month(3), month(8)),
        ("b", "guard", "r1", month(9), month(14)),
    }
    (row,) = result.run.data.scenario.caveats
    assert (row.nation, row.first, row.last, row.task, row.region) == (
        "A",
        month(3),
        month(9),
        None,
        "r1",
    )
    _checked(result, tmp_path / "after")


def _redeployable(
    tmp_path: Path, dwell: int, r2_last: int, budget: float | None = None, cost: float = 0.0
) -> tuple[Scenario, ModelSpec, Replan]:
    """a (100, 6-month tours) guards r1 in months 0-5, its plan solved into `before`; r2
    needs 100 from month 3 to `r2_last`, which a alone cannot also guard. From month 3 A
    refuses r1 (a caveat): the re-plan from month 3, returned. `budget`: A's for 2000;
    `cost`: the objective's weight on cost."""
    case = scenario(
        budgets=[Budget(nation="A", fiscal_year=2000, budget=budget)] if budget is not None else (),
        months=12,
        nations=[
            nation(
                "A", dwell_months=dwell, cost_per_person_month=1.0, rotation_cost_per_person=10.0
            )
        ],
        units=[unit("a")],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 0, 5, 100), ("r2", "guard", 3, r2_last, 100)],
    )
    model = _spec(change=1.0, cost=cost)
    before = _plan(case, model, tmp_path / "before")
    assert ("a", "guard", "r1", month(0), month(5)) in _keys(before)
    event = {"kind": "caveat", "nation": "A", "from": month(3), "region": "r1"}
    return case, model, _replan(case, model, tmp_path / "before", 3, [event])


def test_a_unit_its_region_refused_goes_on_in_theatre_elsewhere(tmp_path: Path) -> None:
    # Cut short at month 2, a goes on in r2 for the rest of its call-up (months 3-5)
    # without going home: r1 is 300 short (months 3-5), r2 not at all, where sent home a
    # would have left r2 300 short too. Its months cost 1 a person, its one rotation 10:
    # 100 x 6 + 100 x 10, the redeployment no rotation of its own.
    _, _, result = _redeployable(tmp_path, dwell=6, r2_last=5)
    tours = result.run.plan.assignments
    assert _keys(tours) == {
        ("a", "guard", "r1", month(0), month(2)),
        ("a", "guard", "r2", month(3), month(5)),
    }
    assert set(tours["mobilized_from"]) == {month(0)}
    assert _shortfall(result) == 300
    assert result.run.plan.costs["cost"].sum() == 1_600
    assert (result.changes["curtailed"], result.changes["redeployed"]) == (1, 1)
    _checked(result, tmp_path / "after")


@pytest.mark.parametrize(("budget", "cost"), [(2_000.0, 0.0), (None, 0.3)])
def test_a_redeployment_pays_no_rotation_in_its_budget_or_the_objective(
    tmp_path: Path, budget: float | None, cost: float
) -> None:
    """As `test_a_unit_its_region_refused_goes_on_in_theatre_elsewhere`: a's months 0-2
    in r1 cost 100 x 3 + its rotation 100 x 10 = 1,300, its months 3-5 in r2 redeployed in
    theatre 300 more, no rotation. Within A's budget of 2,000 (1,600 in all), and worth the
    300 person-months it covers at 0.3 a unit of cost (90): a goes on in r2, only r1 is
    short (300). Charged a rotation, the redeployment would cost 1,300: over the budget
    (2,600), and at 390 dearer than the shortfall it saves: r1 and r2 short (600). (The
    plan before pays: 0.3 x 1,600 = 480 for 600 person-months.)"""
    _, _, result = _redeployable(tmp_path, dwell=6, r2_last=5, budget=budget, cost=cost)
    assert _keys(result.run.plan.assignments) == {
        ("a", "guard", "r1", month(0), month(2)),
        ("a", "guard", "r2", month(3), month(5)),
    }
    assert _shortfall(result) == 300
    assert result.run.plan.costs["cost"].sum() == 1_600
    _checked(result, tmp_path / "after")


def test_a_redeployed_tour_is_judged_as_the_call_up_it_goes_on_with(tmp_path: Path) -> None:
    _, _, result = _redeployable(tmp_path, dwell=6, r2_last=5)
    after = tmp_path / "after"
    result.write(after)
    path = after / "assignments.csv"
    written = path.read_text()

    def rules_broken(text: str) -> list[tuple[str, str]]:
        path.write_text(text)
        report = check_plan(result.run.data.scenario, result.run.data.spec, after)
        return sorted((v.rule, v.column or "") for v in report.violations)

    redeployed = f"r2,{month(3)},{month(5)},100,{month(0)}"
    assert redeployed in written
    # Held past its call-up's last month: the tour's length, not the call-up's.
    longer = f"r2,{month(3)},{month(8)},100,{month(0)}"
    assert rules_broken(written.replace(redeployed, longer)) == [("tour-length", "end")]
    # Mobilized in its own month, it is a call-up of its own: 6 months' dwell short, and
    # a whole tour.
    own = f"r2,{month(3)},{month(5)},100,{month(3)}"
    broken = rules_broken(written.replace(redeployed, own))
    assert ("dwell", "") in broken and ("tour-length", "end") in broken
    # Going on from no tour ended the month before: its mobilized_from is not the scenario's.
    later = f"r2,{month(4)},{month(9)},100,{month(0)}"
    broken = rules_broken(written.replace(redeployed, later))
    assert ("plan-mismatch", "mobilized_from") in broken and ("dwell", "") in broken


def test_a_redeployment_written_wrong_is_told_how_to_write_it(tmp_path: Path) -> None:
    """The checker's words on a redeployed row edited by hand: held past its call-up, its
    end was said against "A's 6-month tour", as if from its own start; its mobilized_from
    blanked (a call-up of its own), the dwell short said nothing of writing it back; moved
    a month later, its earlier mobilized_from was said a mismatch with no word why."""
    _, _, result = _redeployable(tmp_path, dwell=6, r2_last=5)
    after = tmp_path / "after"
    result.write(after)
    path = after / "assignments.csv"
    written = path.read_text()

    def said(text: str) -> dict[str, str]:
        path.write_text(text)
        report = check_plan(result.run.data.scenario, result.run.data.spec, after)
        return {f"{v.rule} {v.column or ''}".strip(): v.message for v in report.violations}

    redeployed = f"r2,{month(3)},{month(5)},100,{month(0)}"
    longer = said(written.replace(redeployed, f"r2,{month(3)},{month(8)},100,{month(0)}"))
    assert longer["tour-length end"].endswith(
        f"(the rest of its call-up of {month(0)}, redeployed in theatre: A's 6-month tour)"
    )
    own = said(written.replace(redeployed, f"r2,{month(3)},{month(5)},100,"))
    assert own["dwell"].endswith(
        f"; to go on in theatre from its tour cut short at {month(2)} (redeployed, "
        f"docs/rules.md), write that tour's mobilized_from, '{month(0)}', on the later row"
    )
    later = said(written.replace(redeployed, f"r2,{month(4)},{month(9)},100,{month(0)}"))
    why = "an earlier mobilized_from is a redeployment in theatre's alone, starting the month"
    assert why in later["plan-mismatch mobilized_from"]
    # A dwell short between two whole tours is told nothing of the kind.
    assert "go on in theatre" not in later["dwell"]


def test_a_redeployed_row_says_where_its_unit_came_from(tmp_path: Path) -> None:
    """assignments.csv told a redeployed row only by its earlier mobilized_from: its
    redeployed_from names the task and region of the tour cut short the month before (a's
    guard in r1, months 0-2, going on in r2 in months 3-5), blank on every other row."""
    _, _, result = _redeployable(tmp_path, dwell=6, r2_last=5)
    tours = result.run.plan.assignments.set_index("region")["redeployed_from"]
    assert tours.to_dict() == {"r1": None, "r2": "guard in r1"}
    result.write(tmp_path / "after")
    written = pd.read_csv(tmp_path / "after" / "assignments.csv", dtype=str)
    assert written["redeployed_from"].fillna("").tolist() == ["", "guard in r1"]


def test_a_redeployed_from_the_rows_do_not_make_so_is_a_mismatch(tmp_path: Path) -> None:
    """The checker derives a redeployment from the rows, never from the marker: a plan
    without the column is judged as before, and a marker at odds with the rows is a
    plan-mismatch saying what to write."""
    _, _, result = _redeployable(tmp_path, dwell=6, r2_last=5)
    after = tmp_path / "after"
    result.write(after)
    path = after / "assignments.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)

    def said(frame: pd.DataFrame) -> dict[str, str]:
        frame.to_csv(path, index=False)
        report = check_plan(result.run.data.scenario, result.run.data.spec, after)
        return {f"{v.rule} {v.column or ''} {v.rows}": v.message for v in report.violations}

    # Without the column, as a hand-made plan has it: the redeployment stands.
    assert said(table.drop(columns="redeployed_from")) == {}
    # On the tour cut short (row 2), which goes on from nothing, and naming another place.
    marked = table.assign(redeployed_from=["guard in r2", "guard in r2"])
    assert said(marked) == {
        "plan-mismatch redeployed_from (2,)": "redeployed_from is 'guard in r2', but the row "
        f"is no redeployment in theatre: no tour of its unit ends cut short in {month(-1)}, "
        "the month before it starts, for it to go on from (docs/rules.md, redeployed): "
        "blank it",
        "plan-mismatch redeployed_from (3,)": "redeployed_from is 'guard in r2', but its "
        "unit's tour cut short the month before, which it goes on from, was guard in r1: "
        "write that, or blank it",
    }
    # The marker kept, the mobilized_from blanked: a call-up of its own, the marker told
    # what makes the row what it says.
    own = table.assign(mobilized_from=[month(0), ""], end=[month(2), ""])
    found = said(own)
    assert found["plan-mismatch redeployed_from (3,)"] == (
        "redeployed_from is 'guard in r1', but the row is no redeployment in theatre; to go "
        f"on in theatre from its tour cut short at {month(2)} (redeployed, docs/rules.md), "
        f"write that tour's mobilized_from, '{month(0)}', on this row, or blank "
        "redeployed_from"
    )
    assert "dwell  (2, 3)" in found


def test_a_redeployment_before_the_re_plan_month_is_a_call_up_of_its_own(tmp_path: Path) -> None:
    """Only a re-plan redeploys a unit in theatre, from its month on: the redeployment in
    r2 (month 3, going on from a's tour in r1 cut short at month 2) under a replan.yaml
    whose `from` is month 4 was accepted, though no re-plan could send a on in month 3.
    It is a call-up of its own from month 3 (months 3-8, 6 months' dwell short), its
    earlier mobilized_from and its marker said why and what to write; the dwell is not
    told to write that mobilized_from. A re-plan of a re-plan from month 4 whose earlier
    re-plan was from month 3 made it, and keeps it."""
    _, _, result = _redeployable(tmp_path, dwell=6, r2_last=5)
    after = tmp_path / "after"
    result.write(after)
    path = after / "replan.yaml"
    record = yaml.safe_load(path.read_text())

    def said(**changed: object) -> dict[str, str]:
        path.write_text(yaml.safe_dump(record | changed))
        report = check_plan(result.run.data.scenario, result.run.data.spec, after)
        return {f"{v.rule} {v.column or ''}".strip(): v.message for v in report.violations}

    found = said(**{"from": month(4)})
    why = (
        f"it starts in {month(3)}, the month after its unit's tour cut short at {month(2)}, "
        "but only a re-plan redeploys a unit in theatre, from its month on, and the first "
        f"re-plan after that tour was mobilized ({month(0)}) is from {month(4)} "
        "(docs/rules.md, redeployed)"
    )
    assert found["plan-mismatch mobilized_from"] == (
        f"mobilized_from is '{month(0)}', the scenario implies '{month(3)}' ({why}; as "
        f"written it is a call-up of its own: write '{month(3)}', or take the row out)"
    )
    assert found["plan-mismatch redeployed_from"] == (
        f"redeployed_from is 'guard in r1', but the row is no redeployment in theatre: {why}: "
        "blank it"
    )
    assert found["dwell"] == "0 month(s) at home between tours, 6 required"
    assert found["tour-length end"] == (
        f"end is '{month(5)}', the scenario implies '{month(8)}' (A's 6-month tour)"
    )
    assert said(**{"from": month(4), "earlier": [month(3)]}) == {}


def test_a_redeployed_tour_moved_by_hand_is_evaluated_as_a_call_up_of_its_own(
    tmp_path: Path,
) -> None:
    """The redeployment in r2 (months 3-5, mobilized with the r1 tour in month 0) moved to
    month 4 in the planner's table: its end, mobilized_from, counts_from and
    redeployed_from were three "blank it" faults, as no tour from one other start gives
    an earlier mobilized_from. They are the redeployment's from month 3, left as the start
    was moved: worked out again as a call-up of its own from month 4 (a whole 6-month
    tour, months 4-9), said with the start that keeps it a redeployment."""
    from forcegen.evaluate import EditedRow

    _, _, result = _redeployable(tmp_path, dwell=6, r2_last=5)
    after = tmp_path / "after"
    result.write(after)
    path = after / "assignments.csv"
    redeployed = f"r2,{month(3)},{month(5)},100,{month(0)},{month(3)},guard in r1"
    moved = f"r2,{month(4)},{month(5)},100,{month(0)},{month(3)},guard in r1"
    assert redeployed in path.read_text()
    path.write_text(path.read_text().replace(redeployed, moved))
    with pytest.warns(EditedRow) as said:
        plan, _ = evaluate_plan(result.run.data.scenario, result.run.data.spec, after)
    assert [str(w.message) for w in said] == [
        "assignments.csv, row 3, column start: [start-moved] end, mobilized_from, counts_from "
        f"and redeployed_from are those of a redeployment in theatre from {month(3)}, going "
        f"on from its tour of guard in r1 cut short at {month(2)}, left as the start was "
        "moved: worked out again as a call-up of its own from the start as written (end "
        f"{month(9)}, mobilized_from {month(4)}, counts_from {month(4)}, redeployed_from "
        "blank); a redeployment starts the month after the tour it goes on from: to keep it "
        f"one, write start {month(3)}"
    ]
    (row,) = plan.assignments.query("region == 'r2'").to_dict("records")
    assert (row["start"], row["end"], row["mobilized_from"]) == (month(4), month(9), month(4))
    assert row["redeployed_from"] is None


def test_a_redeployed_tour_given_another_unit_is_said_whose_it_was(tmp_path: Path) -> None:
    """As the test above, with the redeployment (a, r2, months 3-5) given to b (idle, as
    it may serve only from month 11): its end, mobilized_from and redeployed_from are a's
    redeployment's, worked out again as b's own call-up from month 3 (months 3-8), said
    with the unit that keeps it a redeployment."""
    from forcegen.evaluate import EditedRow

    case = scenario(
        months=12,
        nations=[nation("A", dwell_months=6)],
        units=[unit("a"), unit("b", available_from=month(11))],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 0, 5, 100), ("r2", "guard", 3, 5, 100)],
    )
    model = _spec(change=1.0)
    _plan(case, model, tmp_path / "before")
    event = {"kind": "caveat", "nation": "A", "from": month(3), "region": "r1"}
    result = _replan(case, model, tmp_path / "before", 3, [event])
    after = tmp_path / "after"
    result.write(after)
    path = after / "assignments.csv"
    redeployed = f"a,A,active,inf,guard,r2,{month(3)},"
    assert redeployed in path.read_text()
    path.write_text(path.read_text().replace(redeployed, f"b,A,active,inf,guard,r2,{month(3)},"))
    with pytest.warns(EditedRow) as said:
        plan, _ = evaluate_plan(result.run.data.scenario, result.run.data.spec, after)
    assert [str(w.message) for w in said] == [
        "assignments.csv, row 3, column unit: [unit-changed] end, mobilized_from and "
        f"redeployed_from are those of a's redeployment in theatre from {month(3)}, going on "
        f"from its tour of guard in r1 cut short at {month(2)}, left as the row was changed: "
        f"worked out again as a call-up of b's own from {month(3)} (end {month(8)}, "
        f"mobilized_from {month(3)}, redeployed_from blank); a redeployment goes on with its "
        "own unit's call-up: to keep it one, write unit a"
    ]
    (row,) = plan.assignments.query("unit == 'b'").to_dict("records")
    assert (row["start"], row["end"], row["mobilized_from"]) == (month(3), month(8), month(3))


def test_evaluate_refuses_a_redeployed_from_the_rows_do_not_make_so(tmp_path: Path) -> None:
    """A marker alone at odds with its row is a fault to evaluate, as any column is, said as
    the checker says what to write: not also "blank it to have it worked out from unit and
    start", which it is not worked out from."""
    _, _, result = _redeployable(tmp_path, dwell=6, r2_last=5)
    after = tmp_path / "after"
    result.write(after)
    path = after / "assignments.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.assign(redeployed_from=["guard in r2", "guard in r1"]).to_csv(path, index=False)
    with pytest.raises(ScenarioError) as refused:
        evaluate_plan(result.run.data.scenario, result.run.data.spec, after)
    assert [p.message for p in errors(refused.value.problems)] == [
        "redeployed_from is 'guard in r2', but the row is no redeployment in theatre: no tour "
        f"of its unit ends cut short in {month(-1)}, the month before it starts, for it to go "
        "on from (docs/rules.md, redeployed): blank it"
    ]


def test_dwell_runs_from_a_redeployed_tours_end(tmp_path: Path) -> None:
    # With 2 months' dwell and r2 wanting 100 all year from month 3: redeployed there in
    # months 3-5, a is home in 6-7 and back from month 8 (r2 200 short, r1 300). Sent home
    # in month 3 instead, it would tour 5-10 (r2 3-4 and 11 short: 600 in all).
    _, model, result = _redeployable(tmp_path, dwell=2, r2_last=11)
    assert _keys(result.run.plan.assignments) == {
        ("a", "guard", "r1", month(0), month(2)),
        ("a", "guard", "r2", month(3), month(5)),
        ("a", "guard", "r2", month(8), month(13)),
    }
    assert _shortfall(result) == 500
    _checked(result, tmp_path / "after")
    # Re-planned again from month 4, the redeployment in motion is kept as it is.
    result.write(tmp_path / "after")
    again = _replan(result.run.data.scenario, model, tmp_path / "after", 4, [])
    assert _keys(again.run.plan.assignments) == _keys(result.run.plan.assignments)
    assert again.changes["kept"] == 3
    _checked(again, tmp_path / "again")


def test_a_redeployment_not_begun_is_kept_as_the_plan_before_is(tmp_path: Path) -> None:
    # Re-planned again from month 3, its own month, the redeployment (r2, months 3-5) has
    # not begun: not committed, but the plan before's, which a re-plan keeps unless a
    # change pays. With a change at 10,000 points, over the 3,000 its 300 effective
    # person-months short would cost, it had been priced as a tour added and dropped.
    *_, result = _redeployable(tmp_path, dwell=6, r2_last=5)
    result.write(tmp_path / "after")
    dear = _spec(change=10_000.0)
    again = _replan(result.run.data.scenario, dear, tmp_path / "after", 3, [])
    assert _keys(again.run.plan.assignments) == _keys(result.run.plan.assignments)
    assert again.changes["kept"] == 2 and _shortfall(again) == 300
    _checked(again, tmp_path / "again")


def test_a_unit_goes_on_in_one_place_when_its_dwell_runs_past_the_horizon(
    tmp_path: Path,
) -> None:
    # Over 8 months, a guards r1 from month 0 (6-month tour, 6 months' dwell); r2 and r3
    # each need 100 in months 3-5. Cut short at month 2, a's dwell would run to month 8,
    # past the horizon: no rotation row holds the redeployments, which leave home then.
    # One of r2 and r3 is left short with r1: 600, not 300 with a in both.
    case = scenario(
        months=8,
        nations=[nation("A", dwell_months=6)],
        units=[unit("a")],
        regions=[*TWO_REGIONS, Region(region="r3", population=1000, risk=1)],
        demand=[("r1", "guard", 0, 5, 100), ("r2", "guard", 3, 5, 100), ("r3", "guard", 3, 5, 100)],
    )
    model = _spec(change=1.0)
    _plan(case, model, tmp_path / "before")
    event = {"kind": "caveat", "nation": "A", "from": month(3), "region": "r1"}
    result = _replan(case, model, tmp_path / "before", 3, [event])
    assert result.changes["redeployed"] == 1
    assert _shortfall(result) == 600
    _checked(result, tmp_path / "after")


def test_a_redeployed_tour_cut_short_again_goes_on_once_more(tmp_path: Path) -> None:
    # Over 9 months, a (9-month tours, 6 months' dwell: no second call-up) guards r1; r2
    # needs 100 from month 3, r3 from month 6. A refuses r1 from month 3: a goes on in r2
    # (r1 600 short, r3 300). Re-planned from month 6, A refusing r2 from then, a goes on
    # once more, in r3, to its call-up's end: r1 600 and r2 300 short, where sent home it
    # would leave r3 300 short too (1,200).
    case = scenario(
        months=9,
        nations=[nation("A", tour_months=9, dwell_months=6)],
        units=[unit("a")],
        regions=[*TWO_REGIONS, Region(region="r3", population=1000, risk=1)],
        demand=[("r1", "guard", 0, 8, 100), ("r2", "guard", 3, 8, 100), ("r3", "guard", 6, 8, 100)],
    )
    model = _spec(change=1.0)
    _plan(case, model, tmp_path / "before")
    event = {"kind": "caveat", "nation": "A", "from": month(3), "region": "r1"}
    first = _replan(case, model, tmp_path / "before", 3, [event])
    assert _shortfall(first) == 900
    _checked(first, tmp_path / "after")
    event = {"kind": "caveat", "nation": "A", "from": month(6), "region": "r2"}
    second = _replan(first.run.data.scenario, model, tmp_path / "after", 6, [event])
    assert _keys(second.run.plan.assignments) == {
        ("a", "guard", "r1", month(0), month(2)),
        ("a", "guard", "r2", month(3), month(5)),
        ("a", "guard", "r3", month(6), month(8)),
    }
    assert set(second.run.plan.assignments["mobilized_from"]) == {month(0)}
    assert _shortfall(second) == 900
    assert second.changes["redeployed"] == 1
    _checked(second, tmp_path / "again")


def test_a_redeployment_not_begun_goes_on_from_where_a_new_event_cuts_the_tour_before(
    tmp_path: Path,
) -> None:
    # Over 9 months, a (9-month tours, 6 months' dwell) guards r1; r2 needs 100 from month
    # 3. Re-planned from month 3, A refusing r1 from month 6: a goes on in r2 from month 6
    # (r2 300 short, r1 300). Re-planned from month 4, A refusing r1 from then: the tour
    # in r1 ends in month 3, and a goes on in r2 from month 4, not idle in theatre until
    # the redeployment planned for month 6 (a call-up of its own to the checker, too soon
    # after the last): r2 100 short (month 3, past), r1 500.
    case = scenario(
        months=9,
        nations=[nation("A", tour_months=9, dwell_months=6)],
        units=[unit("a")],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 0, 8, 100), ("r2", "guard", 3, 8, 100)],
    )
    model = _spec(change=1.0)
    _plan(case, model, tmp_path / "before")
    event = {"kind": "caveat", "nation": "A", "from": month(6), "region": "r1"}
    first = _replan(case, model, tmp_path / "before", 3, [event])
    assert ("a", "guard", "r2", month(6), month(8)) in _keys(first.run.plan.assignments)
    _checked(first, tmp_path / "after")
    event = {"kind": "caveat", "nation": "A", "from": month(4), "region": "r1"}
    second = _replan(first.run.data.scenario, model, tmp_path / "after", 4, [event])
    assert _keys(second.run.plan.assignments) == {
        ("a", "guard", "r1", month(0), month(3)),
        ("a", "guard", "r2", month(4), month(8)),
    }
    assert _shortfall(second) == 600
    assert (second.changes["redeployed"], second.changes["cancelled"]) == (1, 1)
    _checked(second, tmp_path / "again")


def _reserve_touring_two_regions() -> Scenario:
    """Reserve u of A (a month's training, 4-month tours, one call-up in 12 months) and
    demand of 100 on guard in r1 in months 1-4 and in r2 in months 3-4 and 13-15."""
    return scenario(
        months=16,
        nations=[reserve_nation("A", training=1, tour_months=4)],
        units=[unit("u", component="reserve")],
        regions=TWO_REGIONS,
        demand=[
            ("r1", "guard", 1, 4, 100),
            ("r2", "guard", 3, 4, 100),
            ("r2", "guard", 13, 15, 100),
        ],
    )


def _reserve_redeployed_to_r2(tmp_path: Path) -> Replan:
    """That reserve's plan (written in tmp_path/before) re-planned from month 2, A
    refusing r1 from month 3: u goes on in r2 in months 3-4."""
    case, model = _reserve_touring_two_regions(), _spec(change=1.0)
    _plan(case, model, tmp_path / "before")
    event = {"kind": "caveat", "nation": "A", "from": month(3), "region": "r1"}
    return _replan(case, model, tmp_path / "before", 2, [event])


def test_a_reserve_redeployed_within_its_window_is_called_up_again_after_it(
    tmp_path: Path,
) -> None:
    # A reserve (a month's training, 4-month tours, one call-up in 12 months) tours r1 in
    # months 1-4 and r2 in 13-16. Re-planned from month 2, A refusing r1 from month 3, it
    # goes on in r2 in months 3-4 (r1 200 short, where sent home r2 would be too): its
    # window keeps it to month 12 whatever, so the redeployment blocks no month of its
    # own, and the call-up of month 12 leaves when it is back. The plan was not written
    # (interval colouring took the call-up first and found the unit busy).
    result = _reserve_redeployed_to_r2(tmp_path)
    assert _keys(result.run.plan.assignments) == {
        ("u", "guard", "r1", month(1), month(2)),
        ("u", "guard", "r2", month(3), month(4)),
        ("u", "guard", "r2", month(13), month(16)),
    }
    assert _shortfall(result) == 200
    _checked(result, tmp_path / "after")


def test_a_reserves_redeployment_is_no_call_up_of_the_two_its_window_allows(
    tmp_path: Path,
) -> None:
    """Reserve u (no training, 3-month tours, a month's dwell, two call-ups in 12 months)
    guards r1 in months 0-2 and r2 in 4-6; r2's months 1-2 (100) it leaves short (200).
    Re-planned from month 1, A refusing r1 from month 1: cut short at month 0, u goes on in
    r2 in months 1-2 on the call-up of month 0 and is called up again for 4-6, two call-ups:
    only r1's months 1-2 are short (200). Counted as a third call-up, the redeployment
    would cost the window one of them: 400 short."""
    case = scenario(
        months=12,
        nations=[reserve_nation("A", training=0, tour_months=3, dwell_months=1, calls=2)],
        units=[unit("u", component="reserve")],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 0, 2, 100), ("r2", "guard", 1, 2, 100), ("r2", "guard", 4, 6, 100)],
    )
    model = _spec(change=1.0)
    before = _plan(case, model, tmp_path / "before")
    assert _keys(before) == {
        ("u", "guard", "r1", month(0), month(2)),
        ("u", "guard", "r2", month(4), month(6)),
    }
    event = {"kind": "caveat", "nation": "A", "from": month(1), "region": "r1"}
    result = _replan(case, model, tmp_path / "before", 1, [event])
    assert _keys(result.run.plan.assignments) == {
        ("u", "guard", "r1", month(0), month(0)),
        ("u", "guard", "r2", month(1), month(2)),
        ("u", "guard", "r2", month(4), month(6)),
    }
    assert _shortfall(result) == 200
    _checked(result, tmp_path / "after")


def test_a_reserves_redeployment_not_begun_and_dropped_is_cancelled_not_stood_down(
    tmp_path: Path,
) -> None:
    # As above: re-planned from month 2, reserve u (a month's training) goes on in r2 in
    # months 3-4 from its tour in r1 cut short at month 2. Re-planned again from month 3,
    # A refusing r2 in months 3-4: the redeployment, not begun, is the re-plan's to drop,
    # and is cancelled; nothing is stood down. The plan before had been read without its
    # re-plan months, where the row is a call-up of its own mobilized in month 2 (its
    # start less its training), before the re-plan month: "stood-down", as a reserve in
    # training the events ended. Row 2 (r1) alone is committed.
    from forcegen.replan.replan import mobilized_before

    first = _reserve_redeployed_to_r2(tmp_path)
    after = tmp_path / "after"
    first.write(after)
    rows = pd.read_csv(after / "assignments.csv", dtype=str)
    assert rows[["region", "start"]].values.tolist() == [
        ["r1", month(1)],
        ["r2", month(3)],
        ["r2", month(13)],
    ]
    assert mobilized_before(first.run.data.scenario, after, 3) == {2}
    event = {"kind": "caveat", "nation": "A", "from": month(3), "to": month(4), "region": "r2"}
    second = _replan(first.run.data.scenario, _spec(change=1.0), after, 3, [event])
    assert _keys(second.run.plan.assignments) == {
        ("u", "guard", "r1", month(1), month(2)),
        ("u", "guard", "r2", month(13), month(16)),
    }
    assert second.changes == {
        "kept": 2,
        "curtailed": 0,
        "stood-down": 0,
        "redeployed": 0,
        "retasked": 0,
        "moved": 0,
        "cancelled": 1,
        "added": 0,
    }
    _checked(second, tmp_path / "again")


def test_a_reserve_stood_down_in_training_deploys_elsewhere_once_trained(
    tmp_path: Path,
) -> None:
    # Reserve u (2 months' training, 4-month tours, one call-up in 12 months) is mobilized
    # in month 0 to guard r1 (100, months 2-5); r2 wants 100 in months 3-5 too, which it
    # left short (r1 covers a month more). Re-planned from month 1, A refusing r1 from
    # month 2: u, still in training, would be stood down, its call-up spent for nothing
    # (r1 400 short, r2 300). Trained by month 2 all the same, it deploys to r2 instead,
    # the same call-up (mobilized in month 0, no second one in its window): r1 400 short
    # alone. It deploys, so it pays its rotation: 100 x 4 months at 1, plus 100 x 10.
    case = scenario(
        months=8,
        nations=[
            reserve_nation(
                "A",
                training=2,
                tour_months=4,
                cost_per_person_month=1.0,
                rotation_cost_per_person=10.0,
            )
        ],
        units=[unit("u", component="reserve")],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 2, 5, 100), ("r2", "guard", 3, 5, 100)],
    )
    model = _spec(change=1.0)
    before = _plan(case, model, tmp_path / "before")
    assert _keys(before) == {("u", "guard", "r1", month(2), month(5))}
    event = {"kind": "caveat", "nation": "A", "from": month(2), "region": "r1"}
    result = _replan(case, model, tmp_path / "before", 1, [event])
    tours = result.run.plan.assignments
    assert _keys(tours) == {("u", "guard", "r2", month(2), month(5))}
    assert tours["mobilized_from"].tolist() == [month(0)]
    assert _shortfall(result) == 400
    assert result.run.plan.costs["cost"].sum() == 1_400
    assert (result.changes["redeployed"], result.changes["stood-down"]) == (1, 0)
    (row,) = result.diff.query("change == 'redeployed'").to_dict("records")
    assert (row["region_before"], row["start_before"], row["region_after"]) == (
        "r1",
        month(2),
        "r2",
    )
    # Said as what it was: its tour before never began, so nothing was cut short.
    assert redeployments_said(result.diff) == [
        f"u stood down in training for guard in r1, deployed to guard in r2, {month(2)} to "
        f"{month(5)}"
    ]
    _checked(result, tmp_path / "after")
    assert "stood_down" not in yaml.safe_load((tmp_path / "after" / "replan.yaml").read_text())


def test_a_redeployment_is_the_re_plans_choice_in_the_reserve_share_it_excuses(
    tmp_path: Path,
) -> None:
    # A (reserves at most half of those in theatre, 6 months' dwell) has a guarding r1 and
    # reserve r patrolling it in months 0-5; r2 wants 200 on patrol in months 3-5. A
    # refuses guard from month 3: a is cut short, r alone is over the share by 50 (100 of
    # 100), which the re-plan may keep and not add to. a goes on patrolling r2, and beside
    # it reserve s: 200 reserves of 300, over by 50 still. Only r1's guard is short (300).
    # The checker had counted the redeployment, mobilized in month 0, among the tours
    # committed, which then excused nothing (100 of 200).
    case = scenario(
        months=6,
        tasks=("guard", "patrol"),
        nations=[
            reserve_nation("A", training=0, max_months=6, reserve_max_share=0.5, dwell_months=6)
        ],
        units=[unit("a"), unit("r", component="reserve"), unit("s", component="reserve")],
        regions=TWO_REGIONS,
        demand=[
            ("r1", "guard", 0, 5, 100),
            ("r1", "patrol", 0, 5, 100),
            ("r2", "patrol", 3, 5, 200),
        ],
    )
    model = _spec(change=1.0)
    _plan(case, model, tmp_path / "before")
    event = {"kind": "caveat", "nation": "A", "from": month(3), "task": "guard"}
    result = _replan(case, model, tmp_path / "before", 3, [event])
    assert _keys(result.run.plan.assignments) == {
        ("a", "guard", "r1", month(0), month(2)),
        ("a", "patrol", "r2", month(3), month(5)),
        ("r", "patrol", "r1", month(0), month(5)),
        ("s", "patrol", "r2", month(3), month(8)),
    }
    assert _shortfall(result) == 300
    _checked(result, tmp_path / "after")


def test_committed_reserves_under_the_share_leave_new_tours_all_of_it(tmp_path: Path) -> None:
    """A (reserves at most half of those in theatre, 6 months' dwell) guards r (300) in
    months 0-5 with a1, a2 and reserve r: 100 reserves of 300, 50 under the share. A surge
    of 100 in months 3-5, re-planned from month 3: reserve s joins, 200 of 400, at the
    share: no shortfall. The committed tours put nothing over the share, so nothing is
    excused; held to their 50 under as well, s would not fit (200 > 200 - 50): 300 short."""
    from forcegen.model.reserves import committed_excess

    case = scenario(
        months=6,
        nations=[
            reserve_nation("A", training=0, max_months=6, reserve_max_share=0.5, dwell_months=6)
        ],
        units=[
            unit("a1"),
            unit("a2"),
            unit("r", component="reserve"),
            unit("s", component="reserve"),
        ],
        demand=[("r", "guard", 0, 5, 300)],
    )
    model = _spec()
    before = _plan(case, model, tmp_path / "before")
    assert set(before["unit"]) == {"a1", "a2", "r"}
    surge = {"kind": "demand_surge", "region": "r", "task": "guard"}
    result = _replan(
        case,
        model,
        tmp_path / "before",
        3,
        [surge | {"from": month(3), "to": month(5), "extra": 100}],
    )
    assert committed_excess(result.run.data) == {}
    assert ("s", "guard", "r", month(3), month(8)) in _keys(result.run.plan.assignments)
    assert _shortfall(result) == 0
    _checked(result, tmp_path / "after")


def test_a_caveat_over_a_reserves_training_alone_keeps_its_tour(tmp_path: Path) -> None:
    # A reserve unit trains 2 months: mobilized in month 0, in theatre 2-7. A caveat in
    # month 1 alone falls in its training, when it is in no region: its tour is kept (it
    # had been stood down, 600 short).
    nations = [reserve_nation(training=2, max_months=8)]
    case = scenario(
        months=8,
        nations=nations,
        units=[unit("a", component="reserve")],
        demand=[("r", "guard", 2, 7, 100)],
    )
    model = _spec()
    _plan(case, model, tmp_path / "before")
    event = {"kind": "caveat", "nation": "A", "from": month(1), "to": month(1), "region": "r"}
    result = _replan(case, model, tmp_path / "before", 1, [event])
    assert result.changes["kept"] == 1 and result.changes["stood-down"] == 0
    assert _shortfall(result) == 0
    _checked(result, tmp_path / "after")


def test_a_caveats_faults_and_one_that_changes_nothing_are_said(tmp_path: Path) -> None:
    from forcegen.replan.apply import Located, changed_scenario

    nations = [nation("A"), nation("B", leave=month(6))]
    case = scenario(
        months=12,
        nations=nations,
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    caveat = {"kind": "caveat", "nation": "A"}
    entries = [
        {**caveat, "from": month(6), "to": month(5), "task": "guard"},
        {**caveat, "from": month(6), "task": "looting"},
        {**caveat, "nation": "B", "from": month(8), "region": "r"},
        # Refused by a caveats.csv row from month 4 on, and given twice: written once.
        {**caveat, "from": month(5), "to": month(7), "task": "guard", "region": "r"},
        {**caveat, "from": month(9), "region": "r"},
        {**caveat, "from": month(9), "region": "r"},
    ]
    case = case.model_copy(update={"caveats": (Caveat(nation="A", first=month(4), task="guard"),)})
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": entries}, sort_keys=False))
    events = load_events(path)
    found = Located(events.file, events.lines)
    changed = changed_scenario(case, events, month(3), found)
    said = sorted((p.row, p.column, p.rule, p.severity) for p in found.problems)
    assert said == [
        (2, "to", "empty-period", "error"),
        (7, "task", "unknown-task", "error"),
        (11, "from", "no-change", "warning"),
        (15, "task", "no-change", "warning"),
        (25, "from", "repeated", "warning"),
    ], said
    assert changed is not None
    rows = [(r.nation, r.first, r.task, r.region) for r in changed.caveats]
    assert rows == [
        ("A", month(4), "guard", None),
        ("B", month(8), None, "r"),
        ("A", month(9), None, "r"),
    ], rows


def _academy_binds(before: Path) -> tuple[Scenario, ModelSpec]:
    """The pipeline's academy-binds case (recruits 30, 0, 30, 0 at an academy of 30, a
    two-month course), planned into `before`."""
    from tests.test_model_families import pipeline

    case = pipeline(academy_capacity=30, trainees_per_trainer=200)
    model = spec()
    _plan(case, model, before)
    return case, model


def test_an_academy_closed_by_an_event_takes_no_one_its_course_would_reach(
    tmp_path: Path,
) -> None:
    # The pipeline's academy-binds case (r = 30, 0, 30, 0 with a two-month course),
    # re-planned from month 2 with the academy closed in month 3: r2 + r3 <= 0, and the
    # trainees of month 1 (none) fit. From month 1, those of month 0 (30) are still in
    # the course then: a closure there is refused at its entry, with when it may start.
    case, model = _academy_binds(tmp_path / "before")
    closed = {"kind": "academy", "from": month(3), "to": month(3), "capacity": 0}
    result = _replan(case, model, tmp_path / "before", 2, [closed])
    recruits = result.run.plan.domestic["recruits"].round(6).tolist()
    assert recruits[:4] == [30, 0, 0, 0]
    (row,) = result.run.data.scenario.academy
    assert (row.first, row.last, row.capacity, row.reason) == (
        month(3),
        month(3),
        0,
        "academy event",
    )
    _checked(result, tmp_path / "after")
    early = {**closed, "from": month(1), "to": month(1)}
    with pytest.raises(ScenarioError) as refused:
        _replan(case, model, tmp_path / "before", 1, [early])
    (problem,) = refused.value.problems
    assert (problem.rule, problem.column) == ("below-committed", "capacity")
    assert problem.message == (
        f"30.0 trainees enrolled before {month(1)} are still in the course in {month(1)}, "
        f"more than the 0 this entry gives: give it from {month(2)} on, to no earlier (it "
        f"ends in {month(1)}), or a capacity of at least 30"
    )


def test_an_academy_event_is_judged_in_the_months_no_later_entry_gives_again(
    tmp_path: Path,
) -> None:
    # The pipeline's academy-binds case (30 recruits in month 0, a two-month course),
    # re-planned from month 1: a closure in month 1 that the next entry opens again (30
    # there and in month 2, as the academy.csv written says) keeps the 30 still in the
    # course; it was refused as below-committed, judged by its own capacity alone. Listed
    # the other way round the closure holds, and is refused at its entry.
    case, model = _academy_binds(tmp_path / "before")
    closed = {"kind": "academy", "from": month(1), "to": month(1), "capacity": 0}
    opened = {"kind": "academy", "from": month(1), "to": month(2), "capacity": 30}
    result = _replan(case, model, tmp_path / "before", 1, [closed, opened])
    (row,) = result.run.data.scenario.academy
    assert (row.first, row.last, row.capacity) == (month(1), month(2), 30)
    _checked(result, tmp_path / "after")
    # The closure, given again by the entry after it, changes nothing; the opening, judged
    # against the academy as the closure leaves it, does (it was warned of as changing
    # nothing, the scenario holding 30 in both months).
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": [closed, opened]}))
    setting = read_setting(case, model, tmp_path / "before", month(1), load_events(path))
    assert [(p.row, p.rule, p.message) for p in setting.warnings] == [
        (2, "no-change", "the academy entries after it give every month of it: it changes nothing")
    ]
    with pytest.raises(ScenarioError) as refused:
        _replan(case, model, tmp_path / "before", 1, [opened, closed])
    (problem,) = errors(refused.value.problems)
    assert (problem.row, problem.rule) == (6, "below-committed")


def test_an_academy_event_is_not_told_to_start_later_where_an_earlier_entry_closes_it(
    tmp_path: Path,
) -> None:
    # The pipeline's academy-binds case (30 recruits in month 0, a two-month course),
    # re-planned from month 1: the academy closed in month 1, then given 10 in months 1-2.
    # The 30 still in the course in month 1 are more than the 10; started in month 2, as
    # it was told to, the entry left month 1 to the closure, refused in its turn.
    case, model = _academy_binds(tmp_path / "before")
    closed = {"kind": "academy", "from": month(1), "to": month(1), "capacity": 0}
    smaller = {"kind": "academy", "from": month(1), "to": month(2), "capacity": 10}
    with pytest.raises(ScenarioError) as refused:
        _replan(case, model, tmp_path / "before", 1, [closed, smaller])
    (problem,) = errors(refused.value.problems)
    assert (problem.row, problem.rule) == (6, "below-committed")
    assert problem.message == (
        f"30.0 trainees enrolled before {month(1)} are still in the course in {month(1)}, "
        f"more than the 10 this entry gives: give it a capacity of at least 30 (without "
        f"it, {month(1)} holds 0)"
    )
    # The advice followed, the re-plan is made.
    _replan(case, model, tmp_path / "before", 1, [closed, {**smaller, "capacity": 30}])


def test_an_academy_event_below_trainees_not_whole_is_told_a_whole_capacity(
    tmp_path: Path,
) -> None:
    # The academy-binds case planned by hand with 29.3 recruits in month 0 (a plan's
    # recruits need not be whole: the model's are continuous). Closed in month 1, where
    # they are still in the course, the entry is told the least capacity that holds them,
    # 30: "at least 29.3" named a capacity no entry can give (it is a whole number), and 29
    # is refused again.
    case, model = _academy_binds(tmp_path / "solved")
    mine = tmp_path / "mine"
    mine.mkdir()
    tours = pd.read_csv(tmp_path / "solved" / "assignments.csv")
    tours[["unit", "task", "region", "start"]].to_csv(mine / "assignments.csv", index=False)
    (mine / "domestic.csv").write_text(f"month,recruits\n{month(0)},29.3\n")
    plan, data = evaluate_plan(case, model, mine)
    plan.write(tmp_path / "before", data)
    closed = {"kind": "academy", "from": month(1), "to": month(1), "capacity": 0}
    with pytest.raises(ScenarioError) as refused:
        _replan(case, model, tmp_path / "before", 1, [closed])
    (problem,) = refused.value.problems
    assert problem.message == (
        f"29.3 trainees enrolled before {month(1)} are still in the course in {month(1)}, "
        f"more than the 0 this entry gives: give it from {month(2)} on, to no earlier (it "
        f"ends in {month(1)}), or a capacity of at least 30"
    )
    with pytest.raises(ScenarioError, match="a capacity of at least 30"):
        _replan(case, model, tmp_path / "before", 1, [{**closed, "capacity": 29}])
    # The advice followed, the re-plan is made.
    _replan(case, model, tmp_path / "before", 1, [{**closed, "capacity": 30}])


def test_frozen_and_running_tours_never_change(tmp_path: Path) -> None:
    # Re-planning from month 4 with changes free: a surge in r2 would pull a unit over
    # from r1 at once if it could, but tours already ended or under way stay exactly as
    # they were; only tours from month 4 on may change.
    case = scenario(
        months=12,
        nations=[nation("A", tour_months=3)],
        units=[unit("a1"), unit("a2")],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 0, 11, 100), ("r2", "guard", 0, 11, 100)],
    )
    model = _spec(change=0.0)
    before = _plan(case, model, tmp_path / "before")
    result = _replan(
        case,
        model,
        tmp_path / "before",
        4,
        [
            {
                "kind": "demand_surge",
                "region": "r2",
                "task": "guard",
                "from": month(4),
                "to": month(11),
                "extra": 100,
            },
        ],
    )
    committed = before[before["start"].map(lambda s: s < month(4))]
    assert len(committed) == 4  # two tours ended (months 0-2), two under way (3-5)
    assert _keys(committed) <= _keys(result.run.plan.assignments)
    _checked(result, tmp_path / "after")


def test_bad_events_are_all_reported_with_their_entry(tmp_path: Path) -> None:
    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    model = _spec()
    _plan(case, model, tmp_path / "before")
    events: list[dict[str, object]] = [
        {"kind": "withdraw", "nation": "ZZZ", "announced": month(6), "notice_months": 1},
        {"kind": "ceiling_cut", "nation": "A", "from": month(2), "personnel": 0},
        {"kind": "withdraw", "nation": "A", "announced": month(1), "notice_months": 1},
        {"kind": "unit_unavailable", "unit": "a", "from_month": month(6)},
        {"kind": "demand_surge", "region": "r", "task": "guard", "from": "2000-13", "to": month(8)},
        {"kind": "budget_cut", "nation": "A", "fiscal_year": 2000, "amount": 1, "factor": 0.5},
        {"kind": "unit_unavailable", "unit": "nope", "from": month(6)},
        # Its budget, of a nation unknown, had been asked for before the code was judged.
        {"kind": "budget_cut", "nation": "ZZZ", "fiscal_year": 2000, "amount": 5},
    ]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, tmp_path / "before", 4, events)
    # Entries start on lines 2, 6, 10, 14, 17, 22, 27 and 30 of the file, their keys sorted:
    # each problem names its key's line (a withdrawal's timing by its announcement, a key
    # that is no event's by itself), or its entry's where no key is to blame.
    assert {(p.row, p.column, p.rule) for p in caught.value.problems} == {
        (4, "nation", "unknown-nation"),
        (6, "from", "before-replan"),
        (10, "announced", "before-replan"),
        (14, "from", "required"),
        (14, "from_month", "unknown-column"),
        (17, "from", "format"),
        (22, None, "format"),
        (29, "unit", "unknown-unit"),
        (33, "nation", "unknown-nation"),
    }


def test_a_withdrawal_gone_before_the_replan_is_said_by_the_month_written(
    tmp_path: Path,
) -> None:
    """The announcement is the key blamed: its value is the month the file writes, not the
    month the nation is gone from, which no key holds (a planner re-planning from 2002-06 read
    `key announced ... (value '2002-05')` of a withdrawal announced in 2002-03)."""
    from forcegen.replan.apply import apply_events

    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    path = tmp_path / "events.yaml"
    gone = {"kind": "withdraw", "nation": "A", "announced": month(1), "notice_months": 2}
    path.write_text(yaml.safe_dump({"events": [gone]}))
    with pytest.raises(ScenarioError) as caught:
        apply_events(case, load_events(path), month(4))
    [problem] = caught.value.problems
    assert (problem.column, problem.rule, problem.value) == ("announced", "before-replan", month(1))
    assert f"announced in {month(1)} to leave after 2 month(s), A is gone from {month(3)}" in str(
        problem
    )


def test_an_events_description_is_kept_in_the_record_as_written(tmp_path: Path) -> None:
    """The README's optional description, in the planner's own letters, not escapes."""
    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    model = _spec()
    _plan(case, model, tmp_path / "before")
    lost = {"kind": "unit_unavailable", "unit": "a", "from": month(6)}
    done = _replan(case, model, tmp_path / "before", 4, [{**lost, "description": "eleições"}])
    assert "description: eleições" in done.replan_record
    done.write(tmp_path / "after")
    assert "description: eleições" in (tmp_path / "after" / "replan.yaml").read_text("utf-8")


def test_a_unit_lost_before_it_is_available_is_bad_input_at_its_entry(tmp_path: Path) -> None:
    """Said as an empty period of units.csv, at no line of the events file, it had hidden
    the file's other faults (a re-plan fuzz's finding)."""
    case = scenario(
        months=12,
        units=[unit("a"), unit("b", available_from=month(3))],
        demand=[("r", "guard", 0, 11, 100)],
    )
    model = _spec()
    _plan(case, model, tmp_path / "before")
    events: list[dict[str, object]] = [
        {"kind": "unit_unavailable", "unit": "b", "from": month(2)},
        {"kind": "withdraw", "nation": "ZZZ", "announced": month(6), "notice_months": 1},
    ]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, tmp_path / "before", 1, events)
    found = {(p.row, p.column, p.rule) for p in caught.value.problems}
    assert found == {(2, "from", "before-available"), (7, "nation", "unknown-nation")}


def test_a_yes_or_no_in_an_events_file_is_named_as_yaml_read_it(tmp_path: Path) -> None:
    # Norway's code, unquoted, is YAML's false; `yes` a notice of 1 month to pydantic.
    path = tmp_path / "events.yaml"
    path.write_text(
        "events:\n"
        "  - {kind: withdraw, nation: NO, announced: 2000-03, notice_months: 2}\n"
        "  - {kind: withdraw, nation: A, announced: 2000-03, notice_months: yes}\n"
    )
    found = load_events(path)
    assert not found.events
    assert [(p.row, p.column, p.rule, p.value) for p in found.problems] == [
        (2, "nation", "type", "False"),
        (3, "notice_months", "type", "True"),
    ]
    assert all("YAML reads yes/no/on/off as those" in p.message for p in found.problems)


def test_a_key_given_twice_in_an_event_is_named_within_its_entry(tmp_path: Path) -> None:
    # Said as `events.1.nation`, given on lines 3 and 3: the planner counted entries from 0
    # and read one line as two.
    path = tmp_path / "events.yaml"
    path.write_text(
        "events:\n"
        "  - {kind: withdraw, nation: A, announced: 2000-03, notice_months: 2}\n"
        "  - {kind: withdraw, nation: A, nation: B, announced: 2000-03, notice_months: 2}\n"
        "  - kind: caveat\n"
        "    nation: A\n"
        "    from: 2000-04\n"
        "    from: 2000-05\n"
    )
    found = load_events(path)
    assert [(p.row, p.column, p.rule, p.message) for p in found.problems] == [
        (3, "nation", "duplicate-key", "given twice on line 3: one value; delete one"),
        (7, "from", "duplicate-key", "given on lines 6 and 7: one value; delete one"),
    ]


def test_an_unknown_key_beside_the_events_is_said_at_its_line_with_the_entries_faults(
    tmp_path: Path,
) -> None:
    # `descripton:` refused the file whole, at no line, as 'unknown keys ['descripton']':
    # the entry's fault was said only once that was mended.
    path = tmp_path / "events.yaml"
    path.write_text(
        "descripton: the spring crisis\n"
        "events:\n"
        "  - {kind: withdraw, nation: A, announced: 2000-03, notice_months: -1}\n"
    )
    found = load_events(path)
    assert not found.events
    assert [(p.row, p.column, p.rule) for p in found.problems] == [
        (1, "descripton", "unknown-column"),
        (3, "notice_months", "range"),
    ]
    assert found.problems[0].message == "not a known key; did you mean description?"
    # No list of events to judge: the file's shape, at the line of its `events:`.
    path.write_text("description: x\nevents: 5\n")
    with pytest.raises(ScenarioError) as caught:
        load_events(path)
    assert [(p.row, p.column, p.rule) for p in caught.value.problems] == [
        (2, "events", "yaml-shape")
    ]
    # The list without its key: told to add it.
    path.write_text("- {kind: withdraw, nation: A, announced: 2000-03, notice_months: 1}\n")
    with pytest.raises(ScenarioError) as caught:
        load_events(path)
    ((problem,),) = [caught.value.problems]
    assert problem.message.endswith("the list alone; write `events:` on a line above it")


def test_a_handover_event_for_a_region_the_plan_handed_over_is_a_warning(tmp_path: Path) -> None:
    # The domestic force (100) holds patrol (100) alone from the start: with K = 3 the plan
    # hands the region over in month 3. A handover event from month 6, re-planned from
    # month 4, only ends the demand the domestic force was holding.
    case = scenario(
        months=12,
        tasks=("patrol",),
        units=[unit("a")],
        demand=[("r", "patrol", 0, 11, 100)],
        domestic={"initial_strength": 100, "tasks": ("patrol",)},
    )
    model = _spec(handover=1.0)
    _plan(case, model, tmp_path / "before")
    path = tmp_path / "events.yaml"
    path.write_text(
        yaml.safe_dump({"events": [{"kind": "handover", "region": "r", "from": month(6)}]})
    )
    setting = read_setting(case, model, tmp_path / "before", month(4), load_events(path))
    assert [(p.rule, p.severity) for p in setting.warnings] == [("no-change", "warning")]
    assert f"handed r over in {month(3)}" in setting.warnings[0].message
    result = replan(setting, model, tmp_path / "before", month(4))
    assert result.run.plan.handover.set_index("region")["month"]["r"] == month(3)
    _checked(result, tmp_path / "after")


def test_withdrawals_and_budget_cuts_that_change_nothing_are_said(tmp_path: Path) -> None:
    """A withdrawal announced after the horizon is an error; one after the nation's own
    last month, or beside another of it leaving first, and a budget cut to more than the
    budget, change nothing and are warnings, where each had been taken silently (the
    budget raised); so is a surge cut at the horizon's end."""
    from forcegen.replan.apply import Located, changed_scenario
    from forcegen.scenario.schema import Budget

    nations = [nation("A"), nation("B", leave=month(6))]
    budget = Budget(nation="A", fiscal_year=int(month(0)[:4]), budget=1000.0)
    case = scenario(
        months=12, nations=nations, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)]
    ).model_copy(update={"budgets": (budget,)})
    withdraw = {"kind": "withdraw", "nation": "A", "notice_months": 1}
    entries = [
        {**withdraw, "announced": "2099-01"},
        {**withdraw, "nation": "B", "announced": month(8)},
        {**withdraw, "announced": month(9)},
        {**withdraw, "announced": month(7)},
        {"kind": "budget_cut", "nation": "A", "fiscal_year": budget.fiscal_year, "amount": 5000},
    ]
    # A surge running past the horizon is cut at its end, and said so.
    entries.append(
        {"kind": "demand_surge", "region": "r", "task": "guard", "from": month(10)}
        | {"to": "2099-01", "extra": 5}
    )
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": entries}))
    events = load_events(path)
    found = Located(events.file, events.lines)
    changed = changed_scenario(case, events, month(4), found)
    assert [(p.column, p.rule, p.severity) for p in found.problems] == [
        ("announced", "outside-horizon", "error"),
        ("announced", "no-change", "warning"),
        ("announced", "repeated", "warning"),
        ("amount", "no-cut", "warning"),
        ("to", "past-horizon", "warning"),
    ]
    # The rest as they were meant: the earlier withdrawal holds, the budget stays.
    assert changed is not None
    assert changed.nation_by_code["A"].leave == month(7)
    assert changed.budget_for("A", budget.fiscal_year) == 1000.0


def test_events_after_their_nation_or_unit_has_gone_are_said_to_change_nothing(
    tmp_path: Path,
) -> None:
    """A cut or a lost unit taking effect after its nation's last month (by nations.csv
    or a withdrawal among the events) or its unit's had been taken silently, as though it
    bore on the plan."""
    from forcegen.replan.apply import Located, changed_scenario

    nations = [nation("A"), nation("B", leave=month(6))]
    units = [unit("a"), unit("b", nation="B"), unit("c", available_until=month(3))]
    case = scenario(months=24, nations=nations, units=units, demand=[("r", "guard", 0, 11, 9)])
    entries = [
        {"kind": "withdraw", "nation": "A", "announced": month(5), "notice_months": 1},
        {"kind": "ceiling_cut", "nation": "A", "from": month(7), "personnel": 50},
        {"kind": "ceiling_cut", "nation": "A", "from": month(5), "personnel": 80},
        {"kind": "unit_unavailable", "unit": "a", "from": month(8)},
        {"kind": "unit_unavailable", "unit": "c", "from": month(5)},
        {"kind": "unit_unavailable", "unit": "b", "from": month(4)},
        {"kind": "budget_cut", "nation": "B", "fiscal_year": case.fiscal_year_of(month(23))}
        | {"amount": 5},
        {"kind": "budget_cut", "nation": "B", "fiscal_year": case.fiscal_year_of(month(6))}
        | {"amount": 5},
        # Lost again after an earlier loss: said once, as repeated, not also as moot.
        {"kind": "unit_unavailable", "unit": "a", "from": month(9)},
    ]
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": entries}, sort_keys=False))
    events = load_events(path)
    found = Located.of(events)
    assert changed_scenario(case, events, month(2), found) is not None
    said = [(p.row, p.column, p.rule, p.severity, p.message) for p in found.problems]
    gone = "this entry changes nothing"
    assert said == [
        (33, "from", "repeated", "warning", f"a is lost from {month(8)} by the entry at line"
         f" 14: {gone}"),
        (8, "from", "no-change", "warning", f"A's last month is {month(5)} (the withdrawal at"
         f" line 2), before {month(7)}: {gone}"),
        (16, "from", "no-change", "warning", f"A's last month is {month(5)} (the withdrawal at"
         f" line 2), before {month(8)}: {gone}"),
        (19, "from", "no-change", "warning", f"c's last month is {month(3)} (units.csv), before"
         f" {month(5)}: {gone}"),
        (26, "amount", "no-change", "warning", f"B's last month is {month(6)} (nations.csv),"
         f" before FY{case.fiscal_year_of(month(23))}: {gone}"),
    ], said  # fmt: skip


def test_a_region_handed_over_twice_is_a_warning_and_the_earlier_month_holds(
    tmp_path: Path,
) -> None:
    from forcegen.replan.apply import Located, changed_scenario

    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    path = tmp_path / "events.yaml"
    later = {"kind": "handover", "region": "r", "from": month(8)}
    path.write_text(yaml.safe_dump({"events": [later, {**later, "from": month(6)}]}))
    events = load_events(path)
    found = Located(events.file, events.lines)
    changed = changed_scenario(case, events, month(4), found)
    assert [(p.row, p.rule, p.severity) for p in found.problems] == [(5, "repeated", "warning")]
    assert changed is not None and changed.region_by_code["r"].handed_over == month(6)
    # Handed over by the scenario already, from month 6: a later event changes nothing.
    found = Located(events.file, events.lines)
    assert changed_scenario(changed, events, month(4), found) is not None
    assert [(p.row, p.rule) for p in found.problems] == [(2, "no-change"), (5, "no-change")]


def test_of_two_cuts_of_one_budget_the_lower_holds_in_either_order(tmp_path: Path) -> None:
    # Halved, then cut by a tenth: the later entry had set the budget back up to 900, a
    # cut raising one. A cut another makes no matter, of a budget, a ceiling or a unit,
    # is said.
    from forcegen.replan.apply import Located, changed_scenario
    from forcegen.scenario.schema import Budget

    budget = Budget(nation="A", fiscal_year=int(month(0)[:4]), budget=1000.0)
    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)]).model_copy(
        update={"budgets": (budget,)}
    )
    cut = {"kind": "budget_cut", "nation": "A", "fiscal_year": budget.fiscal_year}
    ceiling = {"kind": "ceiling_cut", "nation": "A", "from": month(6)}
    lost = {"kind": "unit_unavailable", "unit": "a"}
    entries = [
        {**cut, "factor": 0.5},
        {**cut, "factor": 0.9},
        {**ceiling, "personnel": 50},
        {**ceiling, "personnel": 80},
        {**lost, "from": month(9)},
        {**lost, "from": month(8)},
    ]
    for order in (entries, entries[::-1]):
        path = tmp_path / "events.yaml"
        path.write_text(yaml.safe_dump({"events": order}))
        events = load_events(path)
        found = Located(events.file, events.lines)
        changed = changed_scenario(case, events, month(4), found)
        assert changed is not None and changed.budget_for("A", budget.fiscal_year) == 500.0
        assert changed.unit_by_code["a"].available_until == month(7)
        said = {(p.column, p.value) for p in found.problems if p.rule == "repeated"}
        assert said == {("factor", "0.9"), ("from", month(6)), ("from", month(9))}, said


def test_a_withdrawal_before_the_nation_joins_is_bad_input_at_its_line(tmp_path: Path) -> None:
    # B joins in month 6 and withdraws at once in month 4: its leave before its join, said
    # as the scenario's empty-period at no line of the events file.
    from forcegen.replan.apply import Located, changed_scenario

    case = scenario(
        months=12,
        nations=[nation("A"), nation("B", join=month(6))],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    path = tmp_path / "events.yaml"
    early = {"kind": "withdraw", "nation": "B", "announced": month(4), "notice_months": 0}
    path.write_text(yaml.safe_dump({"events": [early]}))
    events = load_events(path)
    found = Located(events.file, events.lines)
    changed_scenario(case, events, month(3), found)
    assert [(p.file, p.row, p.column, p.rule) for p in found.problems] == [
        (str(path), 2, "announced", "before-joining")
    ]


def test_a_surge_after_a_handover_is_refused_in_either_order(tmp_path: Path) -> None:
    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    model = _spec()
    _plan(case, model, tmp_path / "before")
    handover: dict[str, object] = {"kind": "handover", "region": "r", "from": month(6)}
    surge: dict[str, object] = {"kind": "demand_surge", "region": "r", "task": "guard"}
    surge |= {"from": month(4), "to": month(7), "extra": 50}
    for events in ([handover, surge], [surge, handover]):
        with pytest.raises(ScenarioError) as caught:
            _replan(case, model, tmp_path / "before", 3, events)
        (problem,) = caught.value.problems
        assert (problem.column, problem.rule, problem.value) == ("to", "after-handover", month(7))
        assert problem.row is not None and f"end the surge by {month(5)}" in problem.message
    # A surge wholly after the handover has no end to advise: ending it by month 5 would
    # end it before it starts.
    late = surge | {"from": month(8), "to": month(9)}
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, tmp_path / "before", 3, [handover, late])
    (problem,) = caught.value.problems
    assert (problem.column, problem.rule, problem.value) == ("from", "after-handover", month(8))
    assert "the whole surge comes after it: drop the surge, or hand the region over later" in (
        problem.message
    )
    assert "end the surge by" not in problem.message


def test_an_events_months_are_judged_beside_its_other_faults(tmp_path: Path) -> None:
    # A cut before the re-plan month with a personnel below 0, a surge that ends before it
    # starts with an extra of 0: each month said with the field's fault, where it was said
    # only once the field was mended.
    from forcegen.replan.apply import Located, changed_scenario

    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    cut = {"kind": "ceiling_cut", "nation": "A", "from": month(1), "personnel": -5}
    surge: dict[str, object] = {"kind": "demand_surge", "region": "r", "task": "guard"}
    surge |= {"from": month(8), "to": month(6), "extra": 0}
    lost = {"kind": "unit_unavailable", "unit": "a", "from": "soon"}  # no month: nothing more
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": [cut, surge, lost]}, sort_keys=False))
    events = load_events(path)
    found = Located.of(events)
    changed_scenario(case, events, month(3), found)
    said = sorted((p.row, p.column, p.rule) for p in found.problems)
    assert said == [
        (4, "from", "before-replan"),
        (5, "personnel", "range"),
        (10, "to", "empty-period"),
        (11, "extra", "range"),
        (14, "from", "format"),
    ], said


def test_an_events_file_that_is_no_yaml_is_one_problem_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events:\n  - kind: withdraw\n    nation: [A\n")
    with pytest.raises(ScenarioError) as caught:
        load_events(path)
    ((file, row, column, rule),) = {
        (p.file, p.row, p.column, p.rule) for p in caught.value.problems
    }
    assert (file, row, column, rule) == (str(path), 4, "1", "yaml-syntax")


def test_a_missing_events_or_sweep_file_is_named_by_the_path_given(tmp_path: Path) -> None:
    # The message gives the path, which may be a folder mistyped.
    for load, what in ((load_events, "events"), (load_sweep, "sweep")):
        path = tmp_path / "elsewhere" / f"{what}.yaml"
        with pytest.raises(ScenarioError) as caught:
            load(path)
        ((problem,),) = [caught.value.problems]
        named = str(path) if what == "events" else path.name  # a sweep's by its name
        assert (problem.file, problem.rule) == (named, "missing-file")
        assert problem.message == f"no {what} file at {path}"


def test_a_plan_in_motion_with_unknown_codes_is_refused_by_row_and_column(
    tmp_path: Path,
) -> None:
    case, model, before = _guarded_by_a(tmp_path)
    table = pd.read_csv(before / "assignments.csv", dtype=str)
    # A tour starting after the horizon is no tour of the scenario either, as in `check`.
    late = table.iloc[[0]].assign(start="2099-01")
    table.loc[0, ["unit", "region"]] = ["ghost", "nowhere"]
    pd.concat([table, late], ignore_index=True).to_csv(before / "assignments.csv", index=False)
    # And the domestic part's problems with them, not after they are mended.
    domestic = pd.read_csv(before / "domestic.csv", dtype=str)
    domestic.loc[0, "recruits"] = "-7"
    domestic.to_csv(before / "domestic.csv", index=False)
    with pytest.raises(ScenarioError) as caught:
        _replan(
            case, model, before, 4, [{"kind": "unit_unavailable", "unit": "a", "from": month(6)}]
        )
    assert {(p.file, p.row, p.column, p.rule) for p in caught.value.problems} == {
        ("assignments.csv", 2, "unit", "unknown-unit"),
        ("assignments.csv", 2, "region", "unknown-region"),
        ("assignments.csv", len(table) + 2, "start", "outside-horizon"),
        ("domestic.csv", 2, "recruits", "range"),
    }


def test_a_re_plans_kpi_deltas_give_no_change_of_its_objective(tmp_path: Path) -> None:
    """A re-plan without events is made on its base's scenario under its model, but its
    objective weighs the tours it changed: kpi_deltas.csv, written before its record, gave
    the change compare leaves blank."""
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    runner = CliRunner()
    before, after = tmp_path / "before", tmp_path / "after"
    solved = runner.invoke(app, ["solve", str(TINY), "--quiet", "--out", str(before)])
    assert solved.exit_code == 0, solved.output
    command = ["replan", str(TINY), str(before), "--from", "2000-04", "--out", str(after)]
    done = runner.invoke(app, [*command, "--quiet"])
    assert done.exit_code == 0, done.output
    deltas = pd.read_csv(after / "kpi_deltas.csv").set_index("kpi")
    assert deltas.loc["objective", ["value", "baseline"]].notna().all()
    assert deltas.loc["objective", ["delta", "delta_pct"]].isna().all()
    assert deltas.loc["total_shortfall", "delta"] == pytest.approx(
        number(deltas.loc["total_shortfall", "value"])
        - number(deltas.loc["total_shortfall", "baseline"])
    )


def test_a_re_plans_change_is_not_judged_by_the_gaps_but_said_so(tmp_path: Path) -> None:
    """The plan replaced as a time-limited solve left it: its shortfall 100 above the
    re-plan's, a gap of 50% proven. compare's `*` had marked the change within the gaps, by
    a margin of 50% of the shortfall, which a gap of the objective does not bound. The
    re-plan's objective weighs its changes to the plan replaced, whose own does not, so
    their proven ranges are on two scales and judge nothing: the change is unmarked, and
    said not judged, the plan replaced's search stopped short."""
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    runner = CliRunner()
    before, after = tmp_path / "before", tmp_path / "after"
    solved = runner.invoke(app, ["solve", str(TINY), "--quiet", "--out", str(before)])
    assert solved.exit_code == 0, solved.output
    kpis = json.loads((before / "kpis.json").read_text())
    kpis |= {"gap": 0.5, "total_shortfall": kpis["total_shortfall"] + 100}
    (before / "kpis.json").write_text(json.dumps(kpis))
    command = ["replan", str(TINY), str(before), "--from", "2000-04", "--out", str(after)]
    done = runner.invoke(app, [*command, "--quiet"], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    deltas = pd.read_csv(after / "kpi_deltas.csv").set_index("kpi")
    assert deltas.loc["total_shortfall", "delta"] == pytest.approx(-100)
    assert deltas["within_gap"].isna().all()
    [row] = [line for line in done.output.splitlines() if line.startswith("│ total_shortfall")]
    assert row.split("│")[-2].strip() == "-100"
    said = " ".join(done.output.split())
    assert "* a change within the runs' proven gaps" not in said
    assert (
        "not judged against the proven gaps, so a change may be where a search stopped: after "
        "(it is a re-plan, whose objective weighs its changes to the plan it replaces "
        "(weights.change))"
    ) in said


def test_a_tour_cut_by_a_caveat_written_since_is_not_said_cut_by_events(tmp_path: Path) -> None:
    """Without events the re-plan is judged on the scenario as it stands: a caveat the planner
    wrote there after the plan cuts AAA's tour in the north (2000-01..06) short at 2000-04,
    and the terminal said it was curtailed "by the events" when there were none."""
    import shutil

    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    runner = CliRunner()
    before, edited = tmp_path / "before", tmp_path / "edited"
    solved = runner.invoke(app, ["solve", str(TINY), *WARM_START_ALONE, "--out", str(before)])
    assert solved.exit_code == 0, solved.output
    assert "AAA-inf-1,AAA,active,infantry,border_control,north,2000-01,2000-06" in (
        (before / "assignments.csv").read_text()
    )
    shutil.copytree(TINY, edited)
    # The second row refuses the one place AAA-inf-1 could go on to from the north (aid
    # escort in the south, docs/rules.md, redeployed): no tour changes by choice.
    (edited / "caveats.csv").write_text(
        "nation,first,last,task,region,reason\nAAA,2000-05,,,north,parliament\n"
        "AAA,2000-05,,aid_escort,south,parliament\n"
    )
    command = ["replan", str(edited), str(before), "--from", "2000-04", "--quiet"]
    done = runner.invoke(app, [*command, "--out", str(tmp_path / "after")])
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    assert "1 curtailed and 0 stood down (mobilized, never to deploy) by the scenario as it" in said
    assert "the events" not in said
    # No tour changed by choice: no word of how to change fewer (a planner's review).
    assert "0 changed by the re-plan" in said and "higher weights.change" not in said
    diff = pd.read_csv(tmp_path / "after" / "diff.csv").set_index("unit")
    assert series(diff.loc["AAA-inf-1", ["change", "end_after"]]).tolist() == [
        "curtailed",
        "2000-04",
    ]


def test_how_to_change_fewer_tours_is_said_where_the_re_plan_chose_changes() -> None:
    """Told to raise weights.change after a re-plan that changed no tour by choice, a
    planner would look for changes that are not there (a planner's review)."""
    from forcegen.cli import _tours_said
    from forcegen.fileformat import CHANGES

    counts = dict.fromkeys(CHANGES, 0) | {"kept": 3, "moved": 2, "added": 1}
    proven = {"gap": 0.0}
    said = _tours_said(counts, 1, "the events", proven, 0.01)
    assert "3 changed by the re-plan, 1 of them tours the events broke" in said
    assert said.endswith("A higher weights.change in the model changes fewer of the rest.")
    # Every change forced, or none made: nothing to weigh.
    assert "weights.change" not in _tours_said(counts, 3, "the events", proven, 0.01)
    counts |= {"moved": 0, "added": 0}
    assert _tours_said(counts, 0, "the events", proven, 0.01).endswith(
        "0 curtailed and 0 stood down (mobilized, never to deploy) by the events."
    )
    assert "--time-limit" in _tours_said(counts | {"added": 1}, 0, "the events", {}, 0.01)


def test_a_hand_made_plan_is_re_planned_once_evaluated_and_told_so(tmp_path: Path) -> None:
    """Refused with "a run folder has one" alone, where the README's way is to evaluate it
    first (a re-planner's finding)."""
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "assignments.csv").write_text(
        "unit,task,region,start\nAAA-inf-1,border_control,north,2000-01\n"
    )
    command = ["replan", str(TINY), str(mine), "--from", "2000-04", "--out", str(tmp_path / "x")]
    refused = CliRunner().invoke(app, command)
    assert refused.exit_code == 2 and not (tmp_path / "x").exists()
    said = " ".join(refused.output.split())
    assert (
        f"{mine} has none; it holds tours without the tables a run has: `forcegen evaluate "
        "SCENARIO PLAN --out RUN` works them out into a run"
    ) in said


def test_a_re_plans_copy_is_not_warned_of_its_events_and_its_events_file_is_its_own(
    tmp_path: Path,
) -> None:
    """A unit lost and a partner leaving within one tour are the events' effects in the
    copy, which check had warned of as the scenario's mistakes (a never-serving unit);
    and an events file named replan.yaml was named as the run's (a diff reviewer's)."""
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    runner = CliRunner()
    # A warning of the scenario's own, of a nation no event names: said still.
    base = tmp_path / "base"
    shutil.copytree(TINY, base)
    (base / "ceilings.csv").write_text("nation,from,ceiling\nAAA,2000-06,100\nAAA,2000-09,1000\n")
    before, after = tmp_path / "before", tmp_path / "after"
    assert runner.invoke(app, ["solve", str(base), "--quiet", "--out", str(before)]).exit_code == 0
    events = tmp_path / "replan.yaml"
    lost = {"kind": "unit_unavailable", "unit": "AAA-inf-1", "from": "2000-04"}
    leaves = {"kind": "withdraw", "nation": "BBB", "announced": "2000-03", "notice_months": 1}
    events.write_text(yaml.safe_dump({"events": [lost, leaves]}))
    command = ["replan", str(base), str(before), "--from", "2000-03", "--events", str(events)]
    assert runner.invoke(app, [*command, "--out", str(after), "--quiet"]).exit_code == 0
    warned = runner.invoke(app, ["validate", str(after / "scenario")])
    assert warned.output.count("[window-shorter-than-tour]") == 2, warned.output
    checked = runner.invoke(app, ["check", str(after / "scenario"), str(after)])
    assert checked.exit_code == 0, checked.output
    assert "window-shorter-than-tour" not in checked.output
    assert "[ceiling-below-units] AAA's ceiling of 100" in " ".join(checked.output.split())
    assert (
        "a re-plan's copy; the windows, ceilings and budgets its events cut short for "
        "AAA-inf-1, BBB are not warned of"
    ) in " ".join(checked.output.split())
    # A re-plan's record of the wrong shape is bad input, said, where it had crashed
    # (UnboundLocalError) before naming it (a reviewer's finding).
    broken = tmp_path / "broken"
    shutil.copytree(after, broken)
    with (broken / "replan.yaml").open("a") as record:
        record.write("earlier: 5\n")
    again = ["replan", str(broken / "scenario"), str(broken), "--from", "2000-06"]
    result = runner.invoke(app, [*again, "--out", str(tmp_path / "y")])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert f"error {broken / 'replan.yaml'}, line" in " ".join(result.output.split())
    # So with events of the same name, named by their path since (a reviewer's finding).
    beside = [*again, "--events", str(events), "--out", str(tmp_path / "y")]
    result = runner.invoke(app, beside)
    assert f"error {broken / 'replan.yaml'}, line" in " ".join(result.output.split())
    # The events file's own problem, at its own path, not the run's replan.yaml.
    cut = {"kind": "budget_cut", "nation": "BBB", "fiscal_year": 1990, "amount": 5}
    events.write_text(yaml.safe_dump({"events": [cut]}))
    refused = runner.invoke(app, [*command, "--out", str(tmp_path / "x")])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2 and f"error {events}, line" in said, said
    assert str(before / "replan.yaml") not in said


def test_replan_command_writes_a_checked_run_or_refuses_bad_events(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY, edit

    runner = CliRunner()
    before, after = tmp_path / "before", tmp_path / "after"
    solved = runner.invoke(app, ["solve", str(TINY), "--quiet", "--out", str(before)])
    assert solved.exit_code == 0, solved.output
    events = tmp_path / "events.yaml"
    events.write_text(
        yaml.safe_dump(
            {
                "events": [
                    {
                        "kind": "withdraw",
                        "nation": "BBB",
                        "announced": "2000-06",
                        "notice_months": 1,
                    },
                    {
                        "kind": "demand_surge",
                        "region": "south",
                        "task": "public_order",
                        "from": "2000-07",
                        "to": "2000-09",
                        "extra": 50,
                    },
                ]
            }
        )
    )
    command = ["replan", str(TINY), str(before), "--from", "2000-06", "--events", str(events)]
    done = runner.invoke(app, [*command, "--out", str(after), "--quiet"])
    assert done.exit_code == 0, done.output
    assert "The plan keeps every hard rule." in done.output
    # The shortfall the re-plan decides, from its month on: the summary's peak is the
    # horizon's, most often its first month, long past.
    cover = pd.read_csv(after / "coverage.csv")
    ahead = cover[cover["month"] >= "2000-06"].groupby("month")["shortfall"].sum()
    said = " ".join(done.output.split())
    assert (
        f"From 2000-06 on: shortfall {ahead.sum():,.0f} effective person-months, peak "
        f"{ahead.max():,.0f} in {ahead.idxmax()}"
    ) in said
    # Where the solver stopped short of its gap, a longer time limit may keep more of the
    # plan: the weight of a change alone was said where 46 tours were cancelled so.
    from forcegen.cli import _fewer_changes

    proven = yaml.safe_load((before / "model.yaml").read_text())["solver"]["gap"]
    said = _fewer_changes(json.loads((after / "kpis.json").read_text()), proven)
    assert said.startswith("A higher weights.change") or "a longer --time-limit" in said
    assert "a longer --time-limit" in _fewer_changes({"gap": 0.4}, 0.01)
    assert _fewer_changes({"gap": 0.005}, 0.01).startswith("A higher weights.change")
    assert "no gap proven" in _fewer_changes({"gap": None}, 0.01)
    for name in ("assignments.csv", "diff.csv", "kpi_deltas.csv", "replan.yaml", "scenario"):
        assert (after / name).exists(), name
    # Reported as it is written, its record in the page: it had to be asked for.
    said = " ".join(done.output.split())
    assert f"Report written to {after / 'report.html'}" in said
    assert "A re-plan from 2000-06 after" in (after / "report.html").read_text()
    assert (after / "plan.xlsx").exists()
    # The re-plan's deltas hold no verdict: judged before its record was written, its
    # tours cut short by the withdrawal had read as broken (the command's verdict is above).
    assert "violations" not in pd.read_csv(after / "kpi_deltas.csv").columns
    # The table compare writes, its columns and all, counts whole (not 1.0).
    written = pd.read_csv(after / "kpi_deltas.csv", dtype=str).set_index("kpi")
    assert {"scenario", "baseline_scenario", "delta", "delta_pct"} <= set(written.columns)
    assert written.loc["tours", ["value", "baseline"]].str.fullmatch(r"\d+").all()
    # The record's events as given: the surge by `extra` has no `factor: null` beside it.
    record = yaml.safe_load((after / "replan.yaml").read_text())
    assert record["events"][1] == {
        "kind": "demand_surge",
        "region": "south",
        "task": "public_order",
        "from": "2000-07",
        "to": "2000-09",
        "extra": 50.0,
    }
    left = pd.read_csv(after / "scenario" / "nations.csv").set_index("nation")
    assert left.loc["BBB", "leave"] == "2000-06"
    # Checked against the scenario before the events, the re-plan is refused, naming its
    # own copy (with them) to give; there, no such word.
    original = runner.invoke(app, ["check", str(TINY), str(after)])
    said = " ".join(original.output.split())
    assert original.exit_code == 2 and f"give {after / 'scenario'}" in said, original.output
    assert "violation(s)" not in said
    own = runner.invoke(app, ["check", str(after / "scenario"), str(after)])
    assert own.exit_code == 0 and "own copy" not in own.output, own.output
    # Re-planned again from the scenario before the events, its past cannot be kept: said
    # before any solve, naming the copy to give.
    again = [str(after), "--from", "2000-08", "--events", str(events)]
    refused = runner.invoke(app, ["replan", str(TINY), *again, "--out", str(tmp_path / "never")])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2 and f"give {after / 'scenario'}" in said, refused.output
    assert "Re-planning" not in refused.output and not (tmp_path / "never").exists()

    bad = [
        {"kind": "withdraw", "nation": "BBB", "announced": "2000-06"},
        {"kind": "withdraw", "nation": "CCC", "announced": "2000-06", "notice_months": 1},
    ]
    events.write_text(yaml.safe_dump({"events": bad}))
    refused = runner.invoke(app, [*command, "--out", str(tmp_path / "never")])
    assert refused.exit_code == 2
    assert "events.yaml, line 2" in refused.output and "notice_months" in refused.output
    assert "no nation 'CCC'" in refused.output and "Traceback" not in refused.output
    assert "Re-planning" not in refused.output  # bad events are found before it starts
    assert not (tmp_path / "never").exists()
    # A re-plan month that is none stops the run: the file's own problems come with it.
    command[command.index("2000-06")] = "2000-15"
    refused = runner.invoke(app, [*command, "--out", str(tmp_path / "never")])
    assert refused.exit_code == 2 and "--from" in refused.output
    assert "notice_months" in refused.output and "Traceback" not in refused.output
    # So does a broken scenario.
    broken = tmp_path / "broken"
    shutil.copytree(TINY, broken)
    edit(
        broken / "units.csv",
        "AAA-inf-1,AAA,infantry,active,300",
        "AAA-inf-1,AAA,infantry,active,-3",
    )
    command[1], command[command.index("2000-15")] = str(broken), "2000-06"
    refused = runner.invoke(app, [*command, "--out", str(tmp_path / "never")])
    assert refused.exit_code == 2 and "units.csv, row 2, column personnel" in refused.output
    assert "notice_months" in refused.output and "Traceback" not in refused.output


def test_a_cut_below_what_is_in_motion_is_named_with_the_other_bad_events(
    tmp_path: Path,
) -> None:
    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    model = _spec()
    tours = _plan(case, model, tmp_path / "before")
    assert (tours["start"] == month(0)).any()  # in theatre at the re-plan month
    events = [
        {"kind": "ceiling_cut", "nation": "A", "from": month(4), "personnel": 0},
        {"kind": "withdraw", "nation": "ZZZ", "announced": month(6), "notice_months": 1},
        {"kind": "budget_cut", "nation": "A", "fiscal_year": 2000, "factor": 1.5},
        {"kind": "demand_surge", "region": "r", "task": "guard", "from": month(5), "to": month(6),
         "extra": -100},
    ]  # fmt: skip
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, tmp_path / "before", 4, events)
    assert {(p.row, p.column, p.rule) for p in caught.value.problems} == {
        (5, "personnel", "below-committed"),
        (8, "nation", "unknown-nation"),
        (10, "factor", "range"),
        (14, "extra", "range"),
    }


def test_a_replan_is_not_written_over_the_run_it_replans(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    runner = CliRunner()
    run = tmp_path / "run"
    assert runner.invoke(app, ["solve", str(TINY), "--quiet", "--out", str(run)]).exit_code == 0
    written = {p.name: p.read_bytes() for p in run.iterdir() if p.is_file()}
    events = tmp_path / "events.yaml"
    events.write_text("events: []\n")
    command = ["replan", str(TINY), str(run), "--from", "2000-06", "--events", str(events)]
    refused = runner.invoke(app, [*command, "--out", str(run / "."), "--quiet"])
    assert refused.exit_code == 2, refused.output
    output = " ".join(refused.output.split())
    assert "--out: [overwrites-input] the same as the run re-planned" in output
    assert "Re-planning" not in refused.output
    assert {p.name: p.read_bytes() for p in run.iterdir() if p.is_file()} == written


def test_rolling_horizon_is_myopic_by_the_derived_amount(tmp_path: Path) -> None:
    # One unit, tour 3, dwell 6: it serves once in 9 months. Task `low` needs 100 in
    # months 0-2 (priority 1), `high` 100 in months 5-7 (priority 3). The full-horizon
    # plan keeps the unit for `high`: 300 short on `low`, objective 300. A rolling plan
    # with 4-month windows does not see `high` in its first window, sends the unit to
    # `low` at once and commits it: 300 short on `high`, objective 900.
    from forcegen.replan.rolling import comparison, rolling_plan, write_rolling
    from forcegen.scenario.schema import Task

    case = scenario(
        months=9,
        nations=[nation("A", tour_months=3, dwell_months=6)],
        units=[unit("a")],
        tasks=("low", "high"),
        demand=[("r", "low", 0, 2, 100), ("r", "high", 5, 7, 100)],
    )
    case = case.model_copy(update={"tasks": (Task(task="low"), Task(task="high", priority=3))})
    model = spec()
    rolling = rolling_plan(case, model, window=4, commit=2)
    assert rolling.windows == [(0, 4), (2, 6), (4, 8), (6, 9)]
    full = solve_scenario(case, model)
    table = comparison(rolling, full).set_index("kpi")
    assert table.loc["objective", "full"] == pytest.approx(300)
    assert table.loc["objective", "rolling"] == pytest.approx(900)
    assert table.loc["objective", "delta"] == pytest.approx(600)
    # Its last window is solved to optimality at 900, the earlier windows fixed: that
    # proves nothing about the scenario, whose optimum is 300.
    kpis = rolling.run.plan.kpis
    assert (kpis["termination"], kpis["solution"]) == ("rolling-horizon", "feasible")
    assert missing(table.loc["bound", "rolling"]) and missing(table.loc["gap", "rolling"])
    # Its time and log are every window's, not the last one's.
    assert kpis["wall_seconds"] >= kpis["solve_seconds"] + kpis["build_seconds"] - 2e-3
    assert table.loc["wall_seconds", "rolling"] == kpis["wall_seconds"]
    assert rolling.run.plan.solver_log.count("== window months") == 4
    write_rolling(tmp_path / "out", rolling, full, comparison(rolling, full))
    report = check_plan(case, model, tmp_path / "out" / "rolling")
    assert report.ok, report.violations
    assert (tmp_path / "out" / "rolling.csv").exists()


def test_rolling_windows_keep_the_months_away_their_tours_reach() -> None:
    # Tour 6, no dwell: a is away in months 5-6. A 4-month window from month 0 plans tours
    # that run to month 5 and past: the window had dropped the period that starts after
    # its end, and committed a tour from month 0 that the next windows could not move.
    from forcegen.replan.rolling import rolling_plan

    case = scenario(
        months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)], unavailable=[("a", 5, 6)]
    )
    model = spec(turbulence=1.0)
    rolling = rolling_plan(case, model, window=4, commit=2)
    tours = rolling.run.plan.assignments[["start", "end"]].itertuples(index=False, name=None)
    assert sorted(tours) == [(month(7), month(12))]
    assert check_plan(case, model, rolling.run.plan).ok


def test_a_window_shorter_than_the_domestic_forces_lead_time_is_warned_of() -> None:
    # Region r: patrol 100 all year, which the domestic force may take, and build in
    # months 0-4, which it may not: r is handed over in month 8 at the earliest
    # (handover_coverage: no handover within K = 3 months of build demand). The force
    # needs 100 officers, one month of recruits at the academy's 100 a month; with a
    # 2-month course and 3 months holding r alone, recruits of month 3 buy that handover,
    # as in the full solve. Windows of 6 committing 6 see no handover in the first window
    # (months 0-5), nor in the second (6-11: recruits of month 6 would hold r from 8 and
    # hand it over in 11, but a's 6-month tour cannot leave 6-7 covered), and are warned;
    # a window of 11 (6 committed plus the 5 months' lead) is not, and hands r over in 8.
    from forcegen.replan.rolling import handover_lead, myopia, rolling_plan, truncated
    from forcegen.scenario.schema import Academy, Region

    case = scenario(
        months=12,
        regions=[
            Region(region="r", population=1000, risk=1),
            Region(region="academy", population=1000, risk=1),
        ],
        units=[unit("a"), unit("t", personnel=10)],
        tasks=("patrol", "build", "constabulary_training"),
        effectiveness={"patrol": 1.0, "build": 0.01, "constabulary_training": 1.0},
        demand=[
            ("r", "patrol", 0, 11, 100),
            ("r", "build", 0, 4, 10),
            # The academy, with trainers for it, is kept for good by its build demand.
            ("academy", "constabulary_training", 0, 11, 10),
            ("academy", "build", 0, 11, 10),
        ],
        domestic={
            "recruits_per_month": 100,
            "course_months": 2,
            "academy_capacity": 200,
            "trainees_per_trainer": 10,
            "tasks": ("patrol",),
            "cost_per_person_month": 1.0,
        },
    )
    model = spec(handover=10.0, cost=0.001)
    lead = handover_lead(case, model)
    assert lead is not None
    assert (lead.region, lead.officers, lead.intake, lead.course, lead.hold) == ("r", 100, 1, 2, 3)
    assert lead.window(6) == 11
    # A's 6-month tours committed in 6 months reach 11 too: the window both want.
    assert myopia(case, model, 11, 6) is None
    assert myopia(case, model, 6, 6) == (
        "a window of 6 month(s) committing 6 looks 0 month(s) past what it commits, and the "
        "domestic force's lead time is 5 months (a recruit joins after the 2-month course; "
        "a region is handed over once the force has held it alone for 3 months, "
        "handover_months): each window commits recruiting without seeing the handovers it "
        "buys, and the rolling plan may hand over fewer regions than the full-horizon solve; "
        "and a window of 6 month(s) commits the tours mobilized in its first 6, and one of "
        "A's stays 6 months from its mobilization: mobilized late, it runs past the window's "
        "end, where no rule of the window judges it, and the next window, which cannot move "
        "it, may find it breaking a ceiling, budget or reserve share it has no tour left to "
        "mend, and stop without a plan. A window of 11 months sees all it commits: --window 11"
    )

    def handed_over(window: int) -> object:
        plan = rolling_plan(case, model, window=window, commit=6).run.plan
        return plan.handover.set_index("region")["month"]["r"]

    full = solve_scenario(case, model).plan.handover.set_index("region")["month"]["r"]
    assert full == month(8)
    assert missing(handed_over(6))
    assert handed_over(11) == month(8)
    # The intake counts where it outlasts what a window commits; nothing past the horizon.
    assert lead.window(1) == 6 and lead.window(9) == 12
    warned = myopia(case, model, 11, 9) or ""
    assert "intake" not in warned and warned.endswith(
        "Only the whole horizon sees all it commits: one window, the full-horizon solve: "
        "--window 12"
    )
    # The academy closed in months 0-1 (academy.csv): the 100 officers enrol in month 2,
    # three months of intake, where the settings' capacity alone had said one.
    closed = case.model_copy(
        update={"academy": (Academy(first=month(0), last=month(1), capacity=0, reason="x"),)}
    )
    assert closed.academy_capacities[:3] == [0, 0, 200]
    shut = handover_lead(closed, model)
    assert shut is not None and (shut.intake, shut.rate) == (3, None)
    assert shut.window(1) == 8 and lead.window(1) == 6
    assert "after 3 months of recruits at what the academy admits month by month" in (
        myopia(closed, model, 7, 1) or ""
    )
    # Build demand ending within the 3 months' hold of the horizon's end keeps r for good
    # (handover_coverage): no region left for recruits to buy.
    for last_build, kept in ((7, False), (8, True)):
        late = case.model_copy(
            update={
                "demand": tuple(
                    d.model_copy(update={"last": month(last_build)})
                    if (d.region, d.task) == ("r", "build")
                    else d
                    for d in case.demand
                )
            }
        )
        assert (handover_lead(late, model) is None) == kept
    # A force that cannot be built within the horizon buys no handover any window misses.
    assert handover_lead(truncated(case, 5), model) is None


def test_an_academy_closed_the_month_after_enrolment_admits_no_one_the_month_before() -> None:
    """A 2-month course at a capacity of 200 admits 100 recruits a month; closed in month 1
    (academy.csv), a recruit of month 0 would still be in the course then, so the 100
    officers r needs enrol in month 2 at the earliest: three months of intake. Month 0's
    capacity alone was counted, and the intake said one month, the window 2 months short."""
    from forcegen.replan.rolling import handover_lead

    case = scenario(
        months=12,
        units=[unit("a")],
        tasks=("patrol",),
        demand=[("r", "patrol", 0, 11, 100)],
        domestic={
            "recruits_per_month": 100,
            "course_months": 2,
            "academy_capacity": 200,
            "tasks": ("patrol",),
        },
    )
    closed = case.model_copy(
        update={"academy": (Academy(first=month(1), last=month(1), capacity=0),)}
    )
    assert closed.academy_capacities[:3] == [200, 0, 200]
    lead = handover_lead(closed, spec(handover=10.0))
    assert lead is not None and (lead.officers, lead.intake, lead.rate) == (100, 3, None)
    assert lead.window(1) == 8


def test_a_window_of_the_whole_horizon_is_warned_of(tmp_path: Path) -> None:
    """`--window 100` on twelve months had solved the full horizon twice and compared the
    two without a word: one window is no rolling horizon."""
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    for window, warned in (("12", True), ("100", True), ("11", False)):
        command = ["rolling", str(TINY), "--window", window, "--commit", "6"]
        done = CliRunner().invoke(app, [*command, "--out", str(tmp_path / window)])
        said = " ".join(done.output.split())
        assert done.exit_code == 0, said
        assert ("[one-window] covers the whole horizon (12 months, 2000-01..2000-12)" in said) == (
            warned
        ), said
        if warned:
            assert "a rolling horizon needs --window under 12" in said


def test_rolling_windows_may_be_shorter_than_a_tour(tmp_path: Path) -> None:
    # Tiny's tours are 6 months: its first 4-month window is no scenario a planner could
    # load (a tour longer than the horizon), yet a window of one that is.
    from forcegen import load_scenario
    from forcegen.replan.rolling import rolling_plan
    from tests.conftest import TINY

    case, model = load_scenario(TINY), load_spec("security-keeping")
    rolling = rolling_plan(case, model, window=4, commit=2)
    assert rolling.windows[0] == (0, 4) and rolling.windows[-1][1] == 12
    rolling.run.write(tmp_path / "rolling")
    report = check_plan(case, model, tmp_path / "rolling")
    assert report.ok, report.violations


def test_resilient_plan_hedges_a_partner_withdrawal_at_the_derived_price(tmp_path: Path) -> None:
    # Demand 100 for 6 months. B's unit costs 1 a person-month, A's reserve unit 10 and
    # trains 2 months after mobilization; shortfall costs 1, money 0.01. B may announce
    # in month 2 that it leaves at once (last month 1).
    # Plain plan: B alone, cost 600 -> 6. If B leaves: its tour ends after month 1, A
    # mobilizes in month 2 and counts from month 4: 200 short, cost 200 + 6,000 (its 6
    # months in theatre, 4 of them past the horizon but in its fiscal year) -> 262.
    # Resilient plan: A mobilized in month 0 as well (decided before anyone knows), so it
    # covers months 2-5 either way: nominal 66 (cost 6,600), without B 62 (no shortfall,
    # cost 6,200); 66 + 62 = 128 < 6 + 262.
    from forcegen.replan.resilience import plain_and_resilient

    reserve = {
        "reserve_max_months": 8,
        "reserve_mobilizations": 1,
        "reserve_window_months": 60,
        "reserve_training_months": 2,
        "cost_per_person_month": 10.0,
    }
    case = scenario(
        months=6,
        nations=[nation("A", **reserve), nation("B", cost_per_person_month=1.0)],
        units=[unit("a", component="reserve"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    model = spec(cost=0.01)
    plain, resilient, _ = plain_and_resilient(case, model, month(2), 0)
    assert plain.worst == ("B", pytest.approx(262))
    assert plain.objectives["nominal"] == pytest.approx(6)
    assert resilient.worst == ("B", pytest.approx(62))
    assert resilient.objectives["nominal"] == pytest.approx(66)
    assert resilient.worst[1] <= plain.worst[1]
    assert plain.worst_partners == ["B"] and not resilient.as_resilient_as(plain)
    # Partners whose leaving costs alike but for the solver's noise are all the worst case.
    noisy = replace(plain, objectives={"nominal": 6.0, "B": 262.0, "C": 262.0001, "D": 263.0})
    assert noisy.worst_partners == ["D"]
    noisy = replace(plain, objectives={"nominal": 6.0, "B": 262.0, "C": 262.0001, "D": 261.0})
    assert noisy.worst_partners == ["B", "C"]
    assert replace(resilient, objectives=noisy.objectives).as_resilient_as(noisy)
    # It hedges by mobilizing A's reserve in month 0: a decision the plain plan lacks.
    # Units alike as the model groups them (`unit_groups`): here each unit its own group.
    assert resilient.decided_before(case, month(2))[0] == {
        ("a", "guard", "r", month(2)): 1,
        ("b", "guard", "r", month(0)): 1,
    }
    assert plain.decided_before(case, month(2))[0] == {("b", "guard", "r", month(0)): 1}
    # Recruits before the announcement are decided then too: a plan that differs only in
    # them was said to be the plain plan, "as resilient".
    nominal = resilient.plans["nominal"]
    recruited = nominal.domestic.assign(recruits=nominal.domestic["recruits"] + 1.0)
    other = replace(resilient, plans={"nominal": replace(nominal, domestic=recruited)})
    assert other.decided_before(case, month(2)) != resilient.decided_before(case, month(2))
    table = resilient.write(tmp_path / "out", plain)
    assert len(table) == 4  # nominal and without B, under each plan
    report = check_plan(case, model, tmp_path / "out" / "plan")
    assert report.ok, report.violations
    # plan/ is the nominal plan: its own objective, not the joint model's (66 + 62 + ...),
    # and no gap of the joint model's.
    kpis = json.loads((tmp_path / "out" / "plan" / "kpis.json").read_text())
    assert kpis["objective"] == pytest.approx(66) and kpis["gap"] is None


@pytest.mark.parametrize("stop", ["infeasible", "no-plan"])
def test_a_partners_re_plan_without_a_plan_names_the_partner_and_the_others_are_tried(
    stop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plain plan solved, a re-plan for one partner's withdrawal that has none says
    whose (the bare diagnosis read as if the scenario itself had no plan), and the next
    partner is still re-planned: which partners the plain plan cannot lose is the finding,
    and the others' figures compare them."""
    import forcegen.replan.resilience as resilience
    from forcegen.run import Infeasible, NoPlan

    case = scenario(
        months=6,
        nations=[nation("A"), nation("B"), nation("C")],
        units=[unit("a"), unit("b", nation="B"), unit("c", nation="C")],
        demand=[("r", "guard", 0, 5, 300)],
    )
    solved = resilience.solve_scenario
    calls = []

    def re_plan_fails(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("commitments"))
        if len(calls) == 2:
            if stop == "infeasible":
                raise Infeasible(["ceiling: ..."])
            raise NoPlan("the solver stopped (time-limit) without a plan")
        return solved(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(resilience, "solve_scenario", re_plan_fails)
    where = (
        f"re-planning the plain plan for B announcing in {month(2)} that it leaves after 1 month(s)"
    )
    with pytest.raises(resilience.NoRecourse) as caught:
        resilience.plain_and_resilient(case, spec(), month(2), 1)
    if stop == "infeasible":
        assert caught.value.failed == {"B": ([f"({where})", "ceiling: ..."], True)}
    else:
        why = f"{where}, the solver stopped (time-limit) without a plan"
        assert caught.value.failed == {"B": ([why], False)}
    # C's withdrawal re-planned after B's had none: c leaves after month 2, so 100 of the
    # 300 are short in months 3-5.
    assert list(caught.value.recourse) == ["C"]
    assert caught.value.recourse["C"].plan.kpis["total_shortfall"] == pytest.approx(300)
    assert len(calls) == 3 and calls[0] is None and None not in calls[1:]


def test_a_partner_that_joins_after_it_would_leave_has_no_withdrawal_to_hedge() -> None:
    # B joins in month 3: announcing in month 1 with a month's notice, it would serve to
    # month 1, before it comes. Its withdrawal had ended resilience in a traceback (its
    # leave before its join) after the plain plan's solve.
    from forcegen.replan.resilience import joining_late, partners

    case = scenario(
        months=6,
        nations=[nation("A"), nation("B", join=month(3)), nation("C")],
        units=[unit("a"), unit("b", nation="B"), unit("c", nation="C")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    assert partners(case, month(1), 1) == ["C"] and joining_late(case, month(1), 1) == ["B"]
    assert partners(case, month(2), 2) == ["B", "C"] and joining_late(case, month(2), 2) == []


def test_a_partner_gone_before_its_withdrawal_would_take_effect_is_not_hedged(
    tmp_path: Path,
) -> None:
    """C leaves in month 1 (nations.csv): a withdrawal announced in month 2 changes nothing,
    and its re-plan had shown the solver's noise as what losing it does."""
    from typer.testing import CliRunner

    from forcegen.cli import app
    from forcegen.replan.resilience import gone_before, partners

    case = scenario(
        months=6,
        nations=[nation("A"), nation("B"), nation("C", leave=month(1))],
        units=[unit("a"), unit("b", nation="B"), unit("c", nation="C")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    assert partners(case, month(2), 1) == ["B"] and gone_before(case, month(2), 1) == ["C"]
    assert partners(case, month(0), 1) == ["B", "C"]  # its last month would be month 0
    case.to_folder(tmp_path / "s")
    command = ["resilience", str(tmp_path / "s"), "--announced", month(2), "--notice", "1"]
    result = CliRunner().invoke(app, [*command, "--out", str(tmp_path / "r"), "--time-limit", "5"])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert f"[gone-before] C leave(s) by {month(2)}" in said, said
    # Of the plans written, the verdict says which it judged.
    judged = f"The independent checker's verdict on the resilient plan ({tmp_path / 'r' / 'plan'}):"
    assert judged in said
    assert "without C" not in said


def _resilience_of_a_partner_not_needed(tmp_path: Path) -> list[str]:
    """`forcegen resilience`'s command of a scenario A alone covers, so that B's leaving
    changes nothing, under a model with no least number of nations (for which B counts)."""
    case = scenario(
        months=6,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 100)],
    )
    case.to_folder(tmp_path / "s")
    (tmp_path / "m.yaml").write_text("name: lone\ncoalition: {min_nations: null}\n")
    command = ["resilience", str(tmp_path / "s"), "--announced", month(2), "--notice", "1"]
    return [*command, "--model", str(tmp_path / "m.yaml"), "--out", str(tmp_path / "r"), "--quiet"]


def test_a_partner_whose_leaving_costs_nothing_is_not_named_the_worst(tmp_path: Path) -> None:
    """A alone covers the demand: B's leaving changes nothing, and the terminal named B as
    the worst case by the solver's noise (201,283.389 against 201,283.382 nominal)."""
    from typer.testing import CliRunner

    from forcegen.cli import app

    result = CliRunner().invoke(app, _resilience_of_a_partner_not_needed(tmp_path))
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    for label in ("plain", "resilient"):
        assert f"{label}: no partner's leaving costs more than none leaving: objective" in said
    assert "if B leaves" not in said


def test_a_re_plan_scoring_below_its_plan_is_said_to_be_the_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partner with no tour in the plain plan "saved" 277 M by leaving (gen S at 5 s): its
    re-plan had only searched further than the plan it replans. A leaving takes units
    away, so a re-plan scoring below its plan is said to be the search's. Here B's re-plan
    is made to score 50,000 below."""
    from typer.testing import CliRunner

    import forcegen.cli
    from forcegen.cli import app
    from forcegen.replan.resilience import plain_and_resilient

    def lower(*arguments: Any, **options: Any) -> object:
        plain, hedged, seconds = plain_and_resilient(*arguments, **options)
        plain.objectives["B"] = plain.objectives["nominal"] - 50_000
        return plain, hedged, seconds

    monkeypatch.setattr(forcegen.cli, "plain_and_resilient", lower)
    result = CliRunner().invoke(app, _resilience_of_a_partner_not_needed(tmp_path))
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert (
        "plain without B scores below the plan it re-plans: a withdrawal takes units away, "
        "so the difference is likely where the plan's own search stopped, not the "
        "withdrawal's; a longer --time-limit narrows it"
    ) in said
    assert "resilient without B scores below" not in said


def test_a_failed_joint_solve_is_said_failed_not_to_give_it_more_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HiGHS's error (or its process killed) in the joint solve: the terminal, and a bare
    `resilient_plan`, had advised more time, which does not help a failed solver."""
    from typer.testing import CliRunner

    import forcegen.replan.resilience as resilience
    from forcegen.cli import app
    from forcegen.run import NoPlan
    from forcegen.solve import SolveResult

    case = scenario(
        months=6,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    failed = SolveResult("error", "none", None, None, 0.0, 1.0, "")
    monkeypatch.setattr(resilience, "solve_model", lambda *args, **kwargs: failed)
    with pytest.raises(NoPlan, match="failed") as caught:
        resilience.resilient_plan(case, spec(), month(2), 1)
    assert "a longer time limit will not help" in str(caught.value)
    assert "more time" not in str(caught.value)
    case.to_folder(tmp_path / "s")
    command = ["resilience", str(tmp_path / "s"), "--announced", month(2), "--notice", "1"]
    result = CliRunner().invoke(app, [*command, "--out", str(tmp_path / "r"), "--quiet"])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert "the resilient plan is the plain plan. HiGHS reported an error" in said, said
    assert "a longer time limit will not help" in said and "--time-limit" not in said


def test_a_stopped_resilience_run_keeps_the_plain_plan_and_re_plans_apart_from_a_finished_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partner's withdrawal without a re-plan exits 3 naming the partner and why, after
    every partner was tried; the plain plan goes to `unfinished/` (a run folder the checker
    passes) with each partner's re-plan or why it has none in partners.yaml, never as
    resilience.csv, and never over a resilience run that finished."""
    from typer.testing import CliRunner

    import forcegen.replan.resilience as resilience
    from forcegen.cli import app
    from forcegen.run import Infeasible, NoPlan
    from tests.conftest import TINY

    copy = tmp_path / "scenario"
    shutil.copytree(TINY, copy)
    # A second partner, as Betaland but there from the start.
    with (copy / "nations.csv").open("a") as nations:
        nations.write("CCC,Gammaland,false,4,8,0,,,,0,,300,,,1200,400,,,,5\n")
    with (copy / "units.csv").open("a") as units:
        units.write("CCC-mp-1,CCC,military_police,active,150,,\n")
    solved = resilience.solve_scenario
    # The solve that fails (1 the first, 0 none), and how.
    failing_call = 0
    failure: Exception = NoPlan("the solver stopped (time-limit) without a plan")
    calls = []

    def failing(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == failing_call:
            raise failure
        return solved(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(resilience, "solve_scenario", failing)
    runner = CliRunner()
    out = tmp_path / "out"
    kept = out / "unfinished"
    command = ["resilience", str(copy), "--announced", "2000-06", "--notice", "1"]

    def run(call: int) -> tuple[int, str]:
        nonlocal failing_call
        calls.clear()
        failing_call = call
        done = runner.invoke(app, [*command, "--out", str(out), "--time-limit", "5"])
        return done.exit_code, " ".join(done.output.split())

    # The solves: the plain plan, then BBB's re-plan, then CCC's; BBB's stops.
    code, said = run(2)
    assert code == 3, said
    assert len(calls) == 3
    assert (
        "No re-plan of the plain plan for the withdrawal of BBB (1 of 2 partners, each "
        "announcing in 2000-06 that it leaves after 1 month(s))." in said
    )
    where = (
        "re-planning the plain plan for BBB announcing in 2000-06 that it leaves after 1 month(s)"
    )
    assert f"BBB: the solver stopped first {where}, the solver stopped (time-limit)" in said
    assert f"The plain plan is kept in {kept} (forcegen check {kept / 'scenario'} {kept})" in said
    assert "(re-planned: CCC); no resilient plan was solved" in said
    assert "no resilience.csv was written: the resilience run is unfinished" in said
    assert sorted(p.name for p in out.iterdir()) == ["unfinished"]
    record = yaml.safe_load((kept / "partners.yaml").read_text())
    assert record["stopped"].startswith("No re-plan of the plain plan for the withdrawal of BBB")
    scenarios = {row["scenario"]: row for row in record["scenarios"]}
    assert list(scenarios) == ["nominal", "without BBB", "without CCC"]
    assert scenarios["without BBB"]["re_plan"] == "the solver stopped first"
    assert scenarios["without BBB"]["why"] == [
        f"{where}, the solver stopped (time-limit) without a plan"
    ]
    assert scenarios["without CCC"]["re_plan"] == "solved"
    plain = yaml.safe_load((kept / "kpis.json").read_text())
    assert scenarios["nominal"]["objective"] == pytest.approx(plain["objective"])
    assert runner.invoke(app, ["check", str(kept / "scenario"), str(kept)]).exit_code == 0
    # Nor is it taken for a stopped rolling run's, whose unfinished/ a rolling run replaces.
    rolling = runner.invoke(app, ["rolling", str(copy), "--out", str(out)])
    assert rolling.exit_code == 2 and "not-a-rolling-horizon-folder" in rolling.output
    # Run again to the end over it: its folder, replaced by the finished run.
    code, said = run(0)
    assert code == 0, said
    assert sorted(p.name for p in out.iterdir()) == ["plan", "resilience.csv"]
    table = (out / "resilience.csv").read_text()
    # CCC's rules in conflict: named with their diagnosis, the finished run left as it was.
    failure = Infeasible(["ceiling: ..."])
    code, said = run(3)
    assert code == 3 and "the withdrawal of CCC (1 of 2 partners" in said, said
    assert "CCC: no plan keeps every hard rule (re-planning the plain plan for CCC" in said
    assert "ceiling: ..." in said
    assert f"(the resilience.csv in {out} is an earlier run's, left as it was)" in said
    assert (out / "resilience.csv").read_text() == table
    assert sorted(p.name for p in out.iterdir()) == ["plan", "resilience.csv", "unfinished"]


def test_events_change_the_scenario_through_its_own_tables(tmp_path: Path) -> None:
    from forcegen.replan.apply import apply_events
    from forcegen.scenario.schema import Budget, Ceiling

    case = scenario(
        months=12,
        nations=[nation("A", budget_per_year=1000.0), nation("B", ceiling=500)],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 11, 100)],
        ceilings=[Ceiling(nation="B", from_month=month(8), ceiling=400)],
        budgets=[Budget(nation="A", fiscal_year=2000, budget=800.0)],
    )
    path = tmp_path / "events.yaml"
    events = [
        {"kind": "withdraw", "nation": "B", "announced": month(6), "notice_months": 2},
        {"kind": "ceiling_cut", "nation": "B", "from": month(4), "personnel": 300},
        {"kind": "budget_cut", "nation": "A", "fiscal_year": 2000, "factor": 0.5},
        {
            "kind": "demand_surge",
            "region": "r",
            "task": "guard",
            "from": month(5),
            "to": month(6),
            "factor": 1.5,
        },
        {"kind": "unit_unavailable", "unit": "a", "from": month(10)},
    ]
    path.write_text(yaml.safe_dump({"events": events}))
    changed = apply_events(case, load_events(path), month(3))
    assert changed.nation_by_code["B"].leave == month(7)  # announced 6, 2 months' notice
    # The cut holds from month 4 and caps the later, higher row too.
    assert [changed.ceiling_at("B", month(t)) for t in (3, 4, 8)] == [500, 300, 300]
    assert changed.budget_for("A", 2000) == 400.0
    assert [changed.demand_at("r", "guard", month(t)) for t in (4, 5, 6, 7)] == [100, 150, 150, 100]
    assert next(u for u in changed.units if u.unit == "a").available_until == month(9)


@pytest.mark.parametrize(("start", "handed"), [(3, 4), (1, 1)])
def test_a_handover_event_curtails_the_tours_there_and_ends_its_demand(
    tmp_path: Path, start: int, handed: int
) -> None:
    # Two units of A cover 200 for 12 months: a and b tour months 0-5 and 6-11. In month 3
    # the domestic force is to take the region over from month 4: the tours in theatre
    # end in month 3 (no shortfall: the demand ends there too), the later ones are
    # cancelled, and the region is handed over in month 4 with nothing asked of the
    # domestic force (there is none). From month 1 on, the tours end in month 0.
    case = scenario(months=12, units=[unit("a"), unit("b")], demand=[("r", "guard", 0, 11, 200)])
    model = _spec()
    _plan(case, model, tmp_path / "before")
    result = _replan(
        case,
        model,
        tmp_path / "before",
        start,
        [{"kind": "handover", "region": "r", "from": month(handed)}],
    )
    changed = result.run.data.scenario
    assert changed.region_by_code["r"].handed_over == month(handed)
    assert changed.demand_at("r", "guard", month(handed - 1)) == 200
    assert changed.demand_at("r", "guard", month(handed)) == 0
    assert result.changes == {
        "kept": 0,
        "curtailed": 2,
        "stood-down": 0,
        "redeployed": 0,
        "retasked": 0,
        "moved": 0,
        "cancelled": 2,
        "added": 0,
    }
    assert set(result.run.plan.assignments["end"]) == {month(handed - 1)}
    assert _shortfall(result) == 0
    assert result.run.plan.handover.set_index("region")["month"]["r"] == month(handed)
    # Every old tour stays past month 3, and those from month 6 meet no demand: the
    # event, not a choice, changed them.
    broken = result.diff.set_index("start_before")["broken_by_events"]
    assert broken.to_dict() == {month(0): "handed-over", month(6): "handed-over, no-demand"}
    _checked(result, tmp_path / "after")


def test_a_region_handed_over_before_a_calmer_one_in_the_past_stays_so_under_calm_first(
    tmp_path: Path,
) -> None:
    """factory.calm_and_hot_case planned with each region handed over when it pays: hot in
    month 2, calm in month 6. Re-planned from month 4 under calm-first, hot's handover is
    history, out of order but not the re-plan's to keep in order: kept, calm still in 6, no
    shortfall. Held to the order, hot's past (handed over in months 2-3) would ask calm,
    not handed over then (history too), to be: no plan."""
    mission = {"end": "end-state", "handover_months": 2}
    anyhow, calm_first = (
        with_rules(spec(handover=1.0), mission={**mission, "handover_order": order})
        for order in ("any", "calm-first")
    )
    case = calm_and_hot_case()
    _plan(case, anyhow, tmp_path / "before")
    result = _replan(case, calm_first, tmp_path / "before", 4, [])
    handed = result.run.plan.handover.set_index("region")["month"]
    assert handed.to_dict() == {"calm": month(6), "hot": month(2)}
    assert _shortfall(result) == 0
    _checked(result, tmp_path / "after")


def test_a_moved_tour_is_paired_with_the_nearest_tour_after_not_the_first_one_found() -> None:
    # Unit u guarded r2 from month 3 and r1 from month 21; the re-plan sends it to r2 in
    # month 21 only. The tour of month 21 moved region; the tour of month 3 is cancelled,
    # not moved 18 months (the earlier tour took the nearer pair when taken first).
    from forcegen.replan.diff import plan_diff

    def tours(*rows: tuple[str, int]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"unit": "u", "nation": "A", "task": "guard", "region": region}
                | {"start": month(start), "end": month(start + 5), "mobilized_from": month(start)}
                for region, start in rows
            ]
        )

    diff = plan_diff(tours(("r2", 3), ("r1", 21)), tours(("r2", 21)))
    shown = diff[["change", "region_before", "start_before", "region_after", "start_after"]]
    assert shown.astype(object).where(shown.notna(), None).values.tolist() == [
        ["moved", "r1", month(21), "r2", month(21)],
        ["cancelled", "r2", month(3), None, None],
    ]


def test_a_tour_put_on_another_task_is_one_change() -> None:
    """NZL's tour of public order in bobonaro from 2001-03 re-planned as border control
    there then read as a cancelled tour and an added one: two changes for one."""
    from forcegen.fileformat import change_counts, chosen
    from forcegen.replan.diff import plan_diff

    def tours(*rows: tuple[str, str, int]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"unit": "u", "nation": "A", "task": task, "region": region}
                | {"start": month(start), "end": month(start + 5), "mobilized_from": month(start)}
                for task, region, start in rows
            ]
        )

    before = tours(("public_order", "r", 3), ("guard", "r", 12))
    after = tours(("border_control", "r", 3), ("guard", "q", 12))
    diff = plan_diff(before, after)
    shown = diff[["change", "task", "task_after", "region_before", "region_after"]]
    assert shown.astype(object).where(shown.notna(), None).values.tolist() == [
        ["retasked", "public_order", "border_control", "r", "r"],
        ["moved", "guard", None, "r", "q"],
    ]
    assert chosen(change_counts(diff)) == 2


def test_a_redeployment_is_its_own_change_not_a_later_tour_moved() -> None:
    """u guarded r1 from month 0 and was to guard r2 from month 9; the re-plan cuts the r1
    tour at month 2 and sends u on to r2 in months 3-5, mobilized in month 0 with it, its
    month-9 tour cancelled. The tour in r2 is a redeployment, not that tour moved."""
    from forcegen.fileformat import change_counts, chosen
    from forcegen.replan.diff import plan_diff

    def tours(*rows: tuple[str, int, int, int]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"unit": "u", "nation": "A", "task": "guard", "region": region}
                | {"start": month(start), "end": month(end), "mobilized_from": month(mobilized)}
                for region, start, end, mobilized in rows
            ]
        )

    diff = plan_diff(
        tours(("r1", 0, 5, 0), ("r2", 9, 14, 9)), tours(("r1", 0, 2, 0), ("r2", 3, 5, 0))
    )
    shown = diff[["change", "region_before", "start_before", "region_after", "start_after"]]
    assert shown.astype(object).where(shown.notna(), None).values.tolist() == [
        ["curtailed", "r1", month(0), "r1", month(0)],
        ["redeployed", "r1", month(0), "r2", month(3)],
        ["cancelled", "r2", month(9), None, None],
    ]
    assert chosen(change_counts(diff)) == 2


def test_a_redeployed_rows_before_columns_are_the_tour_it_goes_on_from() -> None:
    """diff.csv's redeployed row had its before columns blank, where the terminal named the
    tour it came from: u guarded r1 in months 0-5, cut short at month 2, and goes on to
    escort in r2 in months 3-5. Its before columns are that tour as cut (guard, r1, months
    0-2), the task it went to `task_after`; the curtailed row is the same tour, whole
    before, so the count of tours before stays the rows less those after alone."""
    from forcegen.replan.diff import DIFF_COLUMNS, plan_diff

    def tours(*rows: tuple[str, str, int, int]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"unit": "u", "nation": "A", "task": task, "region": region}
                | {"start": month(start), "end": month(end), "mobilized_from": month(0)}
                for task, region, start, end in rows
            ]
        )

    diff = plan_diff(
        tours(("guard", "r1", 0, 5)), tours(("guard", "r1", 0, 2), ("escort", "r2", 3, 5))
    )
    rows = diff.astype(object).where(diff.notna(), None)[DIFF_COLUMNS].values.tolist()
    assert rows == [
        ["curtailed", "u", "A", "guard", None, "r1", month(0), month(5), "r1", month(0),
         month(2), None],
        ["redeployed", "u", "A", "guard", "escort", "r1", month(0), month(2), "r2", month(3),
         month(5), None],
    ]  # fmt: skip
    assert redeployments_said(diff) == [
        f"u from guard in r1, cut short at {month(2)}, to escort in r2, {month(3)} to {month(5)}"
    ]


@pytest.mark.parametrize("blank_line", [False, True])
def test_a_reserve_in_training_whose_nation_leaves_before_it_deploys_is_stood_down(
    tmp_path: Path, blank_line: bool
) -> None:
    # Demand 200 from month 2: A's active unit a and B's reserve unit b (2 months'
    # post-mobilization training) both tour months 2-7, b mobilized in month 0. Re-planned
    # from month 1, B leaving at once (its last month 0): b's tour was mobilized before the
    # re-plan, so it is committed, but no month of it is left: it never deploys. The
    # events did that, not the re-plan, which could not keep it: stood down, no change.
    case = scenario(
        months=8,
        nations=[
            nation("A"),
            reserve_nation("B", training=2),
        ],
        units=[unit("a"), unit("b", nation="B", component="reserve")],
        demand=[("r", "guard", 2, 7, 200)],
    )
    model = _spec()
    before = _plan(case, model, tmp_path / "before")
    assert before.set_index("unit")[["start", "mobilized_from"]].to_dict("index") == {
        "a": {"start": month(2), "mobilized_from": month(2)},
        "b": {"start": month(2), "mobilized_from": month(0)},
    }
    if blank_line:
        # A planner's blank line below the header: a row as the checker counts, which
        # the tours it names must keep, not the position of the tour below it.
        tours = tmp_path / "before" / "assignments.csv"
        header, rest = tours.read_text().split("\n", 1)
        tours.write_text(f"{header}\n\n{rest}")
    result = _replan(
        case,
        model,
        tmp_path / "before",
        1,
        [{"kind": "withdraw", "nation": "B", "announced": month(1), "notice_months": 0}],
    )
    assert result.changes == {
        "kept": 1,
        "curtailed": 0,
        "stood-down": 1,
        "redeployed": 0,
        "retasked": 0,
        "moved": 0,
        "cancelled": 0,
        "added": 0,
    }
    assert result.run.plan.kpis["tours_changed"] == 0
    assert forced(result.diff) == 0
    row = result.diff.set_index("change").loc["stood-down"]
    assert (row["unit"], row["start_before"], row["end_before"]) == ("b", month(2), month(7))
    assert row["broken_by_events"] == "availability"
    assert pd.isna(row["start_after"])
    assert _shortfall(result) == 600
    _checked(result, tmp_path / "after")


@pytest.mark.parametrize(("per_window", "short"), [(1, 700), (2, 100)])
def test_a_reserve_stood_down_by_a_handover_is_not_called_up_again_within_its_window(
    tmp_path: Path, per_window: int, short: float
) -> None:
    # B's reserve unit b (2 months' training, tour 6, no dwell) was mobilized in month 0
    # to guard r1 from month 2. Re-planned from month 1, r1 is handed over from month 2 and
    # r2 asks 100 in months 3-8 and 11: b is stood down before it deploys, but its call-up
    # of month 0 counts in its 12-month window. One call-up per window: b may not mobilize
    # again before month 12, the horizon's end, and r2 is 7 months short (700). Two: one
    # is left in the window [0, 12): b mobilizes in month 1 for months 3-8, and once more
    # (in month 9, for month 11) would be a third; r2 is short in month 11 (100).
    # Uncounted, b had served months 3-8 either way; not month 11, which its 8 months in a
    # row (no dwell: reserve_max_months) refuse too (see
    # test_a_reserve_call_up_stood_down_leaves_one_of_two_in_its_window). B refuses
    # r2 in month 2, so b cannot deploy there from the start it had instead (as in
    # test_a_reserve_stood_down_in_training_deploys_elsewhere_once_trained).
    case = scenario(
        months=12,
        regions=TWO_REGIONS,
        nations=[reserve_nation("B", training=2, calls=per_window, lead=True)],
        units=[unit("b", nation="B", component="reserve")],
        demand=[("r1", "guard", 2, 7, 100)],
    )
    model = _spec()
    before = _plan(case, model, tmp_path / "before")
    assert before[["unit", "region", "mobilized_from"]].values.tolist() == [["b", "r1", month(0)]]
    events: list[dict[str, object]] = [
        {"kind": "handover", "region": "r1", "from": month(2)},
        {"kind": "demand_surge", "region": "r2", "task": "guard"}
        | {"from": month(3), "to": month(8), "extra": 100},
        {"kind": "demand_surge", "region": "r2", "task": "guard"}
        | {"from": month(11), "to": month(11), "extra": 100},
        {"kind": "caveat", "nation": "B", "from": month(2), "to": month(2), "region": "r2"},
    ]
    result = _replan(case, model, tmp_path / "before", 1, events)
    assert result.changes["stood-down"] == 1
    assert result.run.data.commitments is not None
    assert result.run.data.commitments.called_off == (("b", 0),)
    served = [] if per_window == 1 else [["b", "r2", month(3), month(8), month(1)]]
    columns = ["unit", "region", "start", "end", "mobilized_from"]
    assert result.run.plan.assignments[columns].values.tolist() == served
    assert _shortfall(result) == short
    _checked(result, tmp_path / "after")
    record = yaml.safe_load((tmp_path / "after" / "replan.yaml").read_text())
    assert record["stood_down"] == [{"unit": "b", "mobilized": month(0)}]
    # Judged in memory, the re-plan (or its Results) is excused as its folder is: without
    # its record the stood-down call-up went uncounted and unsaid.
    after = result.run.data.scenario
    on_disk = check_plan(after, model, tmp_path / "after")
    results = Results.from_folder(tmp_path / "after")
    # Worked out again in memory, as a notebook edits one, it keeps its record too.
    mine, _ = evaluate_plan(after, model, results)
    tables = {
        name: getattr(results, name) for name in ("assignments", "domestic", "coverage", "handover")
    }
    mapping = tables | {"replan_record": results.replan_record}
    for held in (result, results, mine, mapping):
        judged = check_plan(after, model, held)
        assert (judged.violations, judged.assumed) == (on_disk.violations, on_disk.assumed)
    assert any("stood down before they deployed" in line for line in on_disk.assumed)
    # A record that cannot be read is said as the run is read, not when it is judged.
    shutil.copytree(tmp_path / "after", tmp_path / "bad")
    (tmp_path / "bad" / "replan.yaml").write_text("from: 2000-13\nbase_run: after\n")
    with pytest.raises(ScenarioError) as unread:
        Results.from_folder(tmp_path / "bad")
    assert [(p.file, p.column, p.rule) for p in unread.value.problems] == [
        ("replan.yaml", "from", "format")
    ]
    # The handover the event imposed, in the record as at the terminal: not handed over
    # before, r1 is from month 2, by decision, not the re-plan's choice.
    assert record["handovers_moved"] == [f"r1 never -> {month(2)} (by decision)"]
    # A workbook keeps it, for evaluate to judge the plan without the folder.
    table = record_table(record)
    assert ["handover_moved", f"r1 never -> {month(2)} (by decision)"] in table.values.tolist()
    assert record_from_table([list(table.columns), *table.values.tolist()])[0]["stood_down"] == [
        {"unit": "b", "mobilized": month(0)}
    ]
    # An event a planner's edit left no mapping comes back as written, on every round trip
    # (YAML had added its end-of-document mark each time).
    odd = {"from": month(2), "events": ["not: [closed", None, "yes", "[a, b]", *record["events"]]}
    rows = record_table(odd).values.tolist()
    assert rows[1:5] == [
        ["event", "not: [closed"],
        ["event", ""],
        ["event", "yes"],
        ["event", "[a, b]"],
    ]
    again = record_from_table([["field", "value"], *rows])[0]
    assert record_table(again).values.tolist() == rows
    # A re-plan of the re-plan carries it; the checker refuses b called up again inside it.
    surge = {"kind": "demand_surge", "region": "r2", "task": "guard"}
    more = [surge | {"from": month(11), "to": month(11), "extra": 100}]
    twice = _replan(case, model, tmp_path / "after", 2, more)
    assert twice.stood_down == (("b", month(0)),)
    assert len(twice.run.plan.assignments) == len(served)
    if per_window == 1:
        # (Its coverage and costs no longer match the tours: other violations.)
        tours = tmp_path / "after" / "assignments.csv"
        tours.write_text(f"unit,task,region,start\nb,guard,r2,{month(3)}\n")
        report = check_plan(result.run.data.scenario, model, tmp_path / "after")
        (violation,) = [v for v in report.violations if v.rule.startswith("reserve")]
        assert (violation.rule, violation.entity, violation.month) == (
            "reserve-frequency",
            "b",
            month(0),
        )
        assert "counting 1 stood down before deploying, mobilized 2000-01" in violation.message


def test_a_reserve_call_up_stood_down_leaves_one_of_two_in_its_window(tmp_path: Path) -> None:
    """Reserve u (a month's training, 2-month tours, a month's dwell, two call-ups in 12
    months) is mobilized in month 0 to guard r1 in months 1-2. Re-planned from month 1, A
    refusing r1 from month 1: u is stood down before it deploys, its call-up of month 0
    counted, and r2 asks 100 in months 4-5 and 8-9 (surges). One call-up is left in the
    window [0, 12): u serves one of r2's runs, 200 short there and 200 in r1 (400).
    Uncounted, u had served both (mobilized in months 3 and 7): 200 short."""
    case = scenario(
        months=12,
        nations=[reserve_nation("A", training=1, tour_months=2, dwell_months=1, calls=2)],
        units=[unit("u", component="reserve")],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 1, 2, 100)],
    )
    model = _spec()
    before = _plan(case, model, tmp_path / "before")
    assert before[["unit", "region", "mobilized_from"]].values.tolist() == [["u", "r1", month(0)]]
    surge = {"kind": "demand_surge", "region": "r2", "task": "guard"}
    events: list[dict[str, object]] = [
        {"kind": "caveat", "nation": "A", "from": month(1), "region": "r1"},
        surge | {"from": month(4), "to": month(5), "extra": 100},
        surge | {"from": month(8), "to": month(9), "extra": 100},
    ]
    result = _replan(case, model, tmp_path / "before", 1, events)
    assert result.stood_down == (("u", month(0)),)
    assert result.run.plan.assignments[["unit", "region"]].values.tolist() == [["u", "r2"]]
    assert _shortfall(result) == 400
    _checked(result, tmp_path / "after")


def test_a_reserve_cut_short_is_home_for_the_months_in_a_row_it_is_not_mobilized(
    tmp_path: Path,
) -> None:
    """Reserve u of A (a month's training, 3-month tours, no dwell, one call-up in any 4
    months, at most 4 months mobilized in a row) guards r1 in months 1-3, mobilized in
    month 0. Re-planned from month 2, A refusing r1 from month 2 and r2 asking 100 in
    months 5-7: u's tour ends at month 1, u is home in months 2-3, and may be mobilized
    again in month 4 (its window [0, 4) holds one call-up; 0-1 then 4-7 are stretches of 2
    and 4 months): r1 200 short, r2 none. The model had counted months 2-3 as mobilized
    (the window kept u from `home` there) and waited to month 5: r2 100 short more."""
    case = scenario(
        months=12,
        nations=[
            nation(
                "A",
                tour_months=3,
                reserve_training_months=1,
                reserve_max_months=4,
                reserve_mobilizations=1,
                reserve_window_months=4,
            )
        ],
        units=[unit("u", component="reserve")],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 1, 3, 100)],
    )
    model = _spec()
    _plan(case, model, tmp_path / "before")
    surge = {"kind": "demand_surge", "region": "r2", "task": "guard"}
    events: list[dict[str, object]] = [
        {"kind": "caveat", "nation": "A", "from": month(2), "region": "r1"},
        surge | {"from": month(5), "to": month(7), "extra": 100},
    ]
    result = _replan(case, model, tmp_path / "before", 2, events)
    tours = result.run.plan.assignments
    assert tours[["region", "mobilized_from"]].values.tolist() == [
        ["r1", month(0)],
        ["r2", month(4)],
    ]
    assert _shortfall(result) == 200
    _checked(result, tmp_path / "after")


def test_trainees_enrolled_before_a_trainer_withdrawal_finish_their_course(
    tmp_path: Path,
) -> None:
    # B's only unit trains 10 recruits at a time for the domestic force, which A's unit (100)
    # needs beside it to guard (150); B announces in month 4 that it leaves with 1 month's
    # notice. Recruits already in the 3-month course stay enrolled (history) though nobody
    # trains them from month 5: the re-plan must exist, enrol nobody without trainers, and
    # pass the checker.
    case = scenario(
        months=9,
        tasks=("guard", "constabulary_training"),
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B", personnel=10)],
        demand=[("r", "guard", 0, 8, 150), ("r", "constabulary_training", 0, 8, 10)],
        domestic={
            "recruits_per_month": 10,
            "course_months": 3,
            "academy_capacity": 30,
            "trainees_per_trainer": 1,
            "tasks": ("guard",),
        },
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    recruits = pd.read_csv(before / "domestic.csv")["recruits"]
    assert recruits.iloc[2:4].sum() > 0  # trainees in the course when B leaves
    result = _replan(
        case,
        model,
        before,
        4,
        [{"kind": "withdraw", "nation": "B", "announced": month(4), "notice_months": 1}],
    )
    assert result.run.plan.domestic["recruits"].iloc[5:].sum() == pytest.approx(0, abs=1e-6)
    # The past's recruits as recorded, not a rounding below them (99.999999 for 100).
    assert result.run.plan.domestic["recruits"].iloc[:4].tolist() == recruits.iloc[:4].tolist()
    _checked(result, tmp_path / "after")
    # Re-planned again from month 6 (an event that changes nothing): months 4-5 are now
    # history, which the first re-plan's excuse made lawful; it still holds.
    again = _replan(
        result.run.data.scenario,
        model,
        tmp_path / "after",
        6,
        [{"kind": "ceiling_cut", "nation": "A", "from": month(6), "personnel": 100_000}],
    )
    assert again.earlier == (month(4),)
    _checked(again, tmp_path / "again")
    assert yaml.safe_load((tmp_path / "again" / "replan.yaml").read_text())["earlier"] == [month(4)]
    # From before its own re-plan month, a re-plan of it would rewrite what that re-plan
    # held fixed: refused at --from, where its month had been dropped unsaid.
    with pytest.raises(ScenarioError) as caught:
        _replan(
            result.run.data.scenario,
            model,
            tmp_path / "again",
            5,
            [{"kind": "ceiling_cut", "nation": "A", "from": month(7), "personnel": 100_000}],
        )
    assert [(p.file, p.rule) for p in errors(caught.value.problems)] == [
        ("--from", "before-replan")
    ]
    assert f"re-planned from {month(6)}" in caught.value.problems[0].message
    # From its own re-plan month, a re-plan of it rewrites nothing that re-plan held fixed.
    once_more = _replan(
        result.run.data.scenario,
        model,
        tmp_path / "again",
        6,
        [{"kind": "ceiling_cut", "nation": "A", "from": month(7), "personnel": 100_000}],
    )
    assert once_more.earlier == (month(4),)
    # From before both re-plans, the run to re-plan is the one the first was made on: the
    # run before the last re-plan had been named, which refuses the month in turn.
    with pytest.raises(ScenarioError) as caught:
        _replan(
            result.run.data.scenario,
            model,
            tmp_path / "again",
            3,
            [{"kind": "ceiling_cut", "nation": "A", "from": month(7), "personnel": 100_000}],
        )
    [refused] = errors(caught.value.problems)
    assert refused.message == (
        f"the run was re-planned from {month(6)}, the run before it from {month(4)}: re-plan "
        f"it from {month(6)} on, or re-plan from {month(3)} the run the re-plan from "
        f"{month(4)} was made on (the base_run of its replan.yaml)"
    )


def test_reserves_left_alone_by_a_lost_active_unit_do_not_make_the_replan_infeasible(
    tmp_path: Path,
) -> None:
    # A keeps reserves at most half its deployment. Its active unit a and reserve unit r
    # (100 each) both tour months 0-5 against demand 200. From month 3 a is lost: its tour
    # ends in month 2, and r, mobilized in month 0, stays alone: 100% reserves in months
    # 3-5, which nothing decided from month 3 can change. The re-plan must exist, with 100
    # short in each of months 3-5, and pass the checker; a plan that sent r again would
    # not, and neither would one adding reserves to the excess (the second reserve unit).
    case = scenario(
        months=6,
        nations=[
            nation(
                reserve_max_share=0.5,
                reserve_max_months=6,
                reserve_mobilizations=1,
                reserve_window_months=12,
            )
        ],
        units=[unit("a"), unit("r", component="reserve"), unit("r2", component="reserve")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    model = _spec()
    before = _plan(case, model, tmp_path / "before")
    assert len(before) == 2
    result = _replan(
        case,
        model,
        tmp_path / "before",
        3,
        [{"kind": "unit_unavailable", "unit": "a", "from": month(3)}],
    )
    assert _shortfall(result) == 300
    _checked(result, tmp_path / "after")
    excused = check_plan(result.run.data.scenario, result.run.data.spec, tmp_path / "after")
    assert [a.startswith(f"a re-plan from {month(3)}") for a in excused.assumed] == [True]
    # The checker excuses only what the committed tours force: the idle reserve unit sent
    # in month 3 adds to the excess in months 3-5.
    path = tmp_path / "after" / "assignments.csv"
    idle = ({"r", "r2"} - set(result.run.plan.assignments["unit"])).pop()
    sent = pd.DataFrame([{"unit": idle, "task": "guard", "region": "r", "start": month(3)}])
    pd.concat([pd.read_csv(path, dtype=str), sent]).to_csv(path, index=False)
    report = check_plan(result.run.data.scenario, result.run.data.spec, tmp_path / "after")
    assert sorted(str(v.month) for v in report.violations if v.rule == "reserve-share") == [
        month(3),
        month(4),
        month(5),
    ]
    # No event acts before the re-plan month: a plan in motion with r alone from month 0
    # broke the share then, which the re-plan, excused it in every month, had kept unsaid.
    _tours_by_hand(tmp_path / "before", f"r,guard,r,{month(0)}")
    with pytest.raises(ScenarioError) as caught:
        surge = {"kind": "demand_surge", "region": "r", "task": "guard", "extra": 10}
        _replan(case, model, tmp_path / "before", 3, [surge | {"from": month(4), "to": month(5)}])
    assert [(p.row, p.rule) for p in caught.value.problems] == [(2, "reserve-share")]
    assert caught.value.problems[0].message.startswith(f"A {month(0)}..{month(2)}: reserves")


def test_resilience_keeps_the_plain_plan_when_the_joint_solve_finds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The joint model of a real theatre can reach its time limit before HiGHS has taken
    # its start; the plain plan and its re-plans are then the answer, not an error.
    import forcegen.replan.resilience as resilience
    from forcegen.solve import SolveResult

    case = scenario(
        months=6,
        nations=[nation("A"), nation("B", cost_per_person_month=1.0)],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 5, 200)],
    )
    model = spec(cost=0.01)
    stopped = SolveResult("time_limit", "none", None, None, 0.0, 1.0, "")
    monkeypatch.setattr(resilience, "solve_model", lambda *args, **kwargs: stopped)
    plain, resilient, _ = resilience.plain_and_resilient(case, model, month(2), 1)
    assert resilient.objectives == plain.objectives
    assert resilient.result.termination == "time_limit"
    resilient.write(tmp_path / "out", plain)
    assert check_plan(case, model, tmp_path / "out" / "plan").ok


def test_a_surge_scaling_no_demand_is_a_warning(tmp_path: Path) -> None:
    from forcegen.replan.apply import Located, changed_scenario

    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 3, 100)])
    path = tmp_path / "events.yaml"
    surge = {"kind": "demand_surge", "region": "r", "task": "guard", "from": month(5)}
    path.write_text(yaml.safe_dump({"events": [{**surge, "to": month(6), "factor": 2}]}))
    events = load_events(path)
    found = Located(events.file, events.lines)
    changed = changed_scenario(case, events, month(4), found)
    assert changed is not None and changed.demand == case.demand
    assert [(p.rule, p.severity) for p in found.problems] == [("no-demand", "warning")]
    # A surge on no region is that, not also a surge on no demand; without a re-plan
    # month, a fiscal year is judged from the horizon's start.
    cut = {"kind": "budget_cut", "nation": "A", "fiscal_year": 1990, "amount": 5}
    nowhere = {**surge, "region": "atlantis", "to": month(6), "factor": 2}
    path.write_text(yaml.safe_dump({"events": [nowhere, cut]}))
    events = load_events(path)
    found = Located(events.file, events.lines)
    assert changed_scenario(case, events, "2100-01", found) is None
    assert [p.rule for p in found.problems] == [
        "outside-horizon",
        "unknown-region",
        "outside-horizon",
    ]
    assert "has no month in the horizon 2000-01..2000-12" in found.problems[-1].message
    # A year of the horizon before the re-plan month is the past, as any event's there is,
    # not outside the horizon (a re-planner's finding).
    path.write_text(yaml.safe_dump({"events": [{**cut, "fiscal_year": 2000}]}))
    events = load_events(path)
    found = Located(events.file, events.lines)
    longer = scenario(months=24, units=[unit("a")], demand=[("r", "guard", 0, 3, 100)])
    changed_scenario(longer, events, month(13), found)
    (past,) = found.problems
    assert (past.column, past.rule) == ("fiscal_year", "before-replan")
    assert "ends before the re-plan month 2001-02: the past cannot change" in past.message
    # A cut to more than the ceiling in force, meant as a raise, is said to change nothing.
    raise_ = {"kind": "ceiling_cut", "nation": "A", "from": month(5), "personnel": 10**6}
    path.write_text(yaml.safe_dump({"events": [raise_]}))
    events = load_events(path)
    found = Located(events.file, events.lines)
    assert changed_scenario(case, events, month(4), found) is not None
    assert [(p.rule, p.severity) for p in found.problems] == [("no-cut", "warning")]
    # Above the ceiling in force but below a later one, it cuts that one: no warning.
    rows: tuple[Ceiling, ...] = (Ceiling(nation="A", from_month=month(0), ceiling=500),)
    rows += (Ceiling(nation="A", from_month=month(8), ceiling=1000),)
    case = case.model_copy(update={"ceilings": rows})
    path.write_text(yaml.safe_dump({"events": [{**raise_, "personnel": 800}]}))
    events = load_events(path)
    found = Located(events.file, events.lines)
    changed = changed_scenario(case, events, month(4), found)
    assert found.problems == [] and changed is not None
    assert changed.ceiling_at("A", month(9)) == 800


def test_an_entrys_bad_field_is_named_at_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        "events:\n"
        "  - kind: withdraw\n"
        "    nation: A\n"
        "    announced: 2000-06\n"
        "    notice_months: -1\n"
        "  - kind: unit_unavailable\n"
        "    unit: a\n"
    )
    events = load_events(path)
    located = {(p.row, p.column, p.rule) for p in events.problems}
    # A key given wrong, at its line; one missing, at its entry's.
    assert located == {(5, "notice_months", "range"), (6, "from", "required")}


def test_what_the_old_plan_broke_before_the_events_is_not_laid_on_them(tmp_path: Path) -> None:
    # a1 and a2 tour r1 (demand 100 each for 12 months); a hand-added tour of a3 in r2,
    # where nothing is asked, broke no-demand before any event. From month 6 a1 is lost:
    # its tour from month 6 is broken by the event; a3's tour is changed by choice.
    case = scenario(
        months=12,
        units=[unit("a1"), unit("a2"), unit("a3")],
        regions=TWO_REGIONS,
        demand=[("r1", "guard", 0, 11, 200)],
    )
    model = _spec()
    before = _plan(case, model, tmp_path / "before")
    extra = before[before["unit"] == "a1"].iloc[[-1]].assign(unit="a3", region="r2")
    pd.concat([before, extra]).to_csv(tmp_path / "before" / "assignments.csv", index=False)
    result = _replan(
        case,
        model,
        tmp_path / "before",
        6,
        [{"kind": "unit_unavailable", "unit": "a1", "from": month(6)}],
    )
    diff = result.diff.set_index(["unit", "region_before"])
    assert series(diff.loc[("a1", "r1"), "broken_by_events"]).tolist()[-1] == "availability"
    assert missing(diff.loc[("a3", "r2"), "broken_by_events"])
    # It is broken all the same: the checker says so of the old plan, events or none.
    rules = {v.rule for v in check_plan(case, model, tmp_path / "before").violations}
    assert "no-demand" in rules


def test_the_domestic_officers_of_the_past_stay_where_they_served(tmp_path: Path) -> None:
    # The domestic force (100) holds one of two regions of equal demand: where the plan put
    # it before the re-plan month is history, so no officer may go where none served, and
    # none beyond the record where some did.
    case = scenario(
        months=12,
        tasks=("patrol",),
        units=[unit("a")],
        regions=TWO_REGIONS,
        demand=[("r1", "patrol", 0, 11, 100), ("r2", "patrol", 0, 11, 100)],
        domestic={"initial_strength": 100, "tasks": ("patrol",)},
    )
    model = _spec()
    _plan(case, model, tmp_path / "before")
    path = tmp_path / "events.yaml"
    surge = {"kind": "demand_surge", "region": "r2", "task": "patrol", "from": month(6)}
    path.write_text(yaml.safe_dump({"events": [{**surge, "to": month(11), "extra": 50}]}))
    setting = read_setting(case, model, tmp_path / "before", month(4), load_events(path))
    recorded = setting.commitments.domestic
    assert recorded and all(t < 12 for _, _, t in recorded)
    from forcegen.model.build import build_model

    m, _ = build_model(setting.scenario, model, commitments=setting.commitments)
    past = [key for key in m.DOMESTIC if key[2] < 4]
    assert past
    for key in past:
        heads = recorded.get(key, 0.0)
        assert m.domestic[key].ub == pytest.approx(heads, abs=1e-5), key


def test_idle_domestic_officers_of_the_past_are_kept_as_recorded(tmp_path: Path) -> None:
    # A planner's record puts 20 officers beyond r1's demand in months 0-3 and 10 on r2,
    # which asks for nothing, in month 2: idle, but the past. The re-plan held the first at
    # the demand and had no variable for the second, so its past showed 30 fewer employed.
    case = scenario(
        months=12,
        tasks=("patrol",),
        units=[unit("a")],
        regions=TWO_REGIONS,
        demand=[("r1", "patrol", 0, 11, 100)],
        domestic={"initial_strength": 200, "tasks": ("patrol",)},
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    table = pd.read_csv(before / "coverage.csv")
    early = table["month"].isin([month(t) for t in range(4)])
    table.loc[early, "domestic"] = 120.0
    idle = table[table["month"] == month(2)].assign(region="r2", domestic=10.0, demand=0.0)
    pd.concat([table, idle]).to_csv(before / "coverage.csv", index=False)
    surge = {"kind": "demand_surge", "region": "r1", "task": "patrol", "from": month(6)}
    result = _replan(case, model, before, 4, [{**surge, "to": month(11), "extra": 50}])
    heads = result.run.plan.coverage.set_index(["region", "month"])["domestic"]
    assert [heads[("r1", month(t))] for t in range(4)] == pytest.approx([120.0] * 4)
    assert heads[("r2", month(2))] == pytest.approx(10.0)
    _checked(result, tmp_path / "after")


def test_a_re_plan_employs_no_officer_its_past_never_recruited(tmp_path: Path) -> None:
    # No one recruited, nor allowed to be: with the past's rounding allowance free, the
    # solver's windows left recruits a millionth of an officer a month above the record
    # before the re-plan month, and employed them, and the plan, written with the recorded
    # recruits, employed officers of a strength of 0 (the checker's employment rule;
    # Timor-Leste's rolling horizon failed its own check so).
    from forcegen.scenario.generate import generate_scenario

    generated = generate_scenario("S", 0, units=12, regions=2, months=24)
    force = generated.settings.domestic.model_copy(update={"recruits_per_month": 0})
    case = generated.model_copy(
        update={"settings": generated.settings.model_copy(update={"domestic": force})}
    )
    model = load_spec("security-keeping")
    model = model.model_copy(update={"solver": model.solver.model_copy(update={"time_limit": 5.0})})
    _plan(case, model, tmp_path / "before")
    surge = {"kind": "demand_surge", "region": "R01", "task": "public_order"}
    events = [{**surge, "from": "2031-09", "to": "2031-12", "extra": 50}]
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": events}))
    setting = read_setting(case, model, tmp_path / "before", "2031-08", load_events(path))
    result = replan(setting, model, tmp_path / "before", "2031-08")
    assert result.run.plan.coverage["domestic"].max() == 0.0
    _checked(result, tmp_path / "after")


def test_officers_a_tolerance_beyond_the_strength_are_kept_within_it(tiny: Scenario) -> None:
    # Where a soft coverage floor made an officer worth more than the past's rounding
    # allowance costs, the solver spent it: a few millionths of an officer beyond the
    # strength the recorded recruits give, which the checker's employment rule refused.
    from forcegen.model.sets import build_data
    from forcegen.plan import within_strength

    data = build_data(tiny, load_spec("security-keeping"))
    recruits = [0.0] * data.horizon
    recruits[0] = 10.0
    trained = data.strength(recruits)
    heads = {
        ("north", "border_control", 3): trained[3] / 2 + 4e-6,
        ("south", "aid_escort", 3): trained[3] / 2 + 4e-6,
        ("south", "aid_escort", 5): trained[5] + 1.0,  # no tolerance: left for the checker
    }
    kept = within_strength(data, recruits, heads, [0.0] * data.horizon, handed={})
    month3 = kept[("north", "border_control", 3)] + kept[("south", "aid_escort", 3)]
    assert month3 == pytest.approx(trained[3], abs=1e-12)
    assert kept[("south", "aid_escort", 5)] == heads[("south", "aid_escort", 5)]


def test_officers_beyond_the_strength_are_taken_first_from_no_handed_over_region(
    tiny: Scenario,
) -> None:
    # Recruits enrolled under a training tour HiGHS held at a millionth, counted as none,
    # are dropped, and the officers they would have made with them: scaled down alike,
    # the officers holding a region alone at exactly its demand fell a thousandth short
    # of it (the checker's handover-coverage, seed 348 of the property test).
    from forcegen.model.sets import build_data
    from forcegen.plan import within_strength

    data = build_data(tiny, load_spec("security-keeping"))
    effectiveness = tiny.settings.domestic.effectiveness
    recruits = [0.0] * data.horizon
    recruits[0] = 400.0
    trained = data.strength(recruits)
    alone = data.demand[("south", "aid_escort", 6)] / effectiveness  # 90 at 0.5: 180
    heads = {
        ("south", "aid_escort", 6): alone,
        ("north", "border_control", 6): trained[6] - alone + 0.003,
    }
    lost = [0.0] * data.horizon
    lost[6] = 0.003
    kept = within_strength(data, recruits, heads, lost, handed={"south": 8})
    assert kept[("south", "aid_escort", 6)] == alone
    assert sum(kept.values()) == pytest.approx(trained[6], abs=1e-9)
    # With no officer to spare, the region's own give: the checker then names it.
    recruits[0] *= (alone - 0.003) / trained[6]
    only = {("south", "aid_escort", 6): alone}
    kept = within_strength(data, recruits, only, lost, handed={"south": 8})
    assert kept[("south", "aid_escort", 6)] == pytest.approx(alone - 0.003, abs=1e-9)
    # Too few to spare: they give all they have, and the region's own only the rest.
    few = {**only, ("north", "border_control", 6): 0.001}
    recruits[0] *= (alone - 0.002) / (alone - 0.003)
    kept = within_strength(data, recruits, few, lost, handed={"south": 8})
    assert kept[("north", "border_control", 6)] == 0.0
    assert kept[("south", "aid_escort", 6)] == pytest.approx(alone - 0.002, abs=1e-9)


def test_officers_of_a_region_handed_over_by_decision_are_spare(tiny: Scenario) -> None:
    # South handed over by decision in 2000-07: neither the model nor the checker asks the
    # domestic force to hold it, so its officers give first, and north, handed over by the
    # plan and held alone at exactly its demand, keeps them all (a reviewer's finding).
    from forcegen.model.sets import build_data
    from forcegen.plan import within_strength

    regions = tuple(
        r.model_copy(update={"handed_over": "2000-07"}) if r.region == "south" else r
        for r in tiny.regions
    )
    demand = tuple(
        d.model_copy(update={"last": "2000-06"}) if d.region == "south" else d for d in tiny.demand
    )
    decided = tiny.model_copy(update={"regions": regions, "demand": demand})
    data = build_data(decided, load_spec("security-keeping"))
    effectiveness = decided.settings.domestic.effectiveness
    north = data.demand[("north", "border_control", 5)] / effectiveness
    south = data.demand[("south", "aid_escort", 5)] / effectiveness
    recruits = [0.0] * data.horizon
    recruits[0] = 1.0
    recruits[0] = (north + south - 0.005) / data.strength(recruits)[5]
    heads = {("north", "border_control", 5): north, ("south", "aid_escort", 5): south}
    lost = [0.0] * data.horizon
    lost[5] = 0.01
    kept = within_strength(data, recruits, heads, lost, handed={"north": 8, "south": 6})
    assert kept[("north", "border_control", 5)] == north
    assert kept[("south", "aid_escort", 5)] == pytest.approx(south - 0.005, abs=1e-9)


def test_officers_of_a_region_decided_after_the_horizon_are_spare(tiny: Scenario) -> None:
    # South handed over by decision in 2001-06, after the horizon's end, and not by the
    # plan: its officers hold it with the coalition, alone in no month. Every solve with
    # officers there ended in a KeyError, the handover looked up among the plan's.
    from forcegen.model.sets import build_data
    from forcegen.plan import within_strength

    regions = tuple(
        r.model_copy(update={"handed_over": "2001-06"}) if r.region == "south" else r
        for r in tiny.regions
    )
    data = build_data(tiny.model_copy(update={"regions": regions}), load_spec("security-keeping"))
    recruits = [0.0] * data.horizon
    recruits[0] = 100.0
    heads = {("south", "aid_escort", 5): data.strength(recruits)[5] + 0.001}
    lost = [0.0] * data.horizon
    lost[5] = 0.001
    kept = within_strength(data, recruits, heads, lost, handed={})
    assert kept[("south", "aid_escort", 5)] == pytest.approx(data.strength(recruits)[5], abs=1e-9)


def test_officers_held_alone_give_only_what_the_spare_cannot() -> None:
    # A (patrol 50) and B (patrol 40, and guard 10, which ends at handover) are handed over
    # by the plan in month 1, C (33.1) in month 2: with K = 1, A and B are held alone from
    # month 0, C from month 1. Strength 85 in month 0, 96 in month 1 (11 recruits
    # graduate), 106 in month 2; 20 officers a month may go with recruits dropped.
    from forcegen.model.sets import build_data
    from forcegen.plan import within_strength

    model = with_rules(spec(), mission={"handover_months": 1})
    data = {
        effectiveness: build_data(
            scenario(
                months=3,
                tasks=("patrol", "guard"),
                ending=("guard",),
                regions=[Region(region=r, population=1, risk=1) for r in ("a", "b", "c")],
                units=[unit("u")],
                demand=[
                    *((r, "patrol", 0, 2, p) for r, p in (("a", 50), ("b", 40), ("c", 33.1))),
                    ("b", "guard", 0, 2, 10),
                ],
                domestic={
                    "initial_strength": 85,
                    "tasks": ("patrol", "guard"),
                    "effectiveness": effectiveness,
                },
            ),
            model,
        )
        for effectiveness in (1.0, 0.0)
    }
    recruits, lost, handed = [11.0, 10.0, 0.0], [20.0] * 3, {"a": 1, "b": 1, "c": 2}
    heads = {
        # 99 employed, 14 too many, 9 spare (C's 5 not yet held alone): those go, and 5 of
        # the 90 held alone.
        ("a", "patrol", 0): 52.0,
        ("b", "patrol", 0): 42.0,
        ("c", "patrol", 0): 5.0,
        # 105 employed, 9 too many: from the 20 spare (B's 15 on patrol, its 5 on guard),
        # none from A's 45, short of its 50.
        ("a", "patrol", 1): 45.0,
        ("b", "patrol", 1): 55.0,
        ("b", "guard", 1): 5.0,
        # Within the strength: C's officers as solved, not 33.1 held alone plus 67.6 more.
        ("c", "patrol", 2): 100.7,
    }
    kept = within_strength(data[1.0], recruits, heads, lost, handed)
    assert kept[("a", "patrol", 0)] == pytest.approx(50 * 85 / 90)
    assert kept[("b", "patrol", 0)] == pytest.approx(40 * 85 / 90)
    assert kept[("c", "patrol", 0)] == 0.0
    assert kept[("a", "patrol", 1)] == 45.0
    assert kept[("b", "patrol", 1)] == pytest.approx(40 + 15 * 11 / 20)
    assert kept[("b", "guard", 1)] == pytest.approx(5 * 11 / 20)
    assert kept[("c", "patrol", 2)] == 100.7
    # A domestic force of no effect holds no region alone: every officer is spare.
    kept = within_strength(data[0.0], recruits, heads, lost, handed)
    assert kept[("a", "patrol", 0)] == pytest.approx(52 * 85 / 99)


def test_a_rolling_window_without_a_plan_is_named_with_what_it_inherits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A window's conflict may be the earlier windows' commitments, not the scenario's: the
    diagnosis says which window, and that its past was committed."""
    import forcegen.replan.rolling as rolling
    from forcegen.run import Infeasible

    case = scenario(months=9, units=[unit("a")], demand=[("r", "guard", 0, 8, 100)])
    solved = rolling.solve_scenario
    calls = []

    def second_window_fails(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("commitments"))
        if len(calls) == 2:
            raise Infeasible(["ceiling: ..."])
        return solved(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rolling, "solve_scenario", second_window_fails)
    with pytest.raises(rolling.Unfinished) as caught:
        rolling.rolling_plan(case, spec(), window=4, commit=2)
    assert caught.value.why == [
        f"(in the window {month(2)}..{month(5)}, with the plan before {month(2)} committed "
        "by the earlier windows)",
        "ceiling: ...",
    ]
    assert caught.value.stopped_at == (month(2), month(5)) and caught.value.conflict
    reached = caught.value.reached
    assert reached is not None and reached.windows == [(0, 4)]
    assert calls[0] is None and calls[1] is not None


def test_a_rolling_run_interrupted_keeps_the_windows_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (or SIGTERM) in the second window had lost the first, with no word said:
    it is kept as a run stopped for want of a plan is, and the command exits 130."""
    from typer.testing import CliRunner

    import forcegen.replan.rolling as rolling
    from forcegen.cli import app
    from tests.conftest import TINY

    solved = rolling.solve_scenario
    calls: list[object] = []

    def interrupted_in_the_second(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("commitments"))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return solved(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rolling, "solve_scenario", interrupted_in_the_second)
    case = scenario(months=9, units=[unit("a")], demand=[("r", "guard", 0, 8, 100)])
    with pytest.raises(rolling.Unfinished) as caught:
        rolling.rolling_plan(case, spec(), window=4, commit=2)
    assert caught.value.interrupted and caught.value.headline() == (
        f"Interrupted in the window {month(2)}..{month(5)}"
    )
    reached = caught.value.reached
    assert reached is not None and reached.windows == [(0, 4)]
    calls.clear()
    out = tmp_path / "out"
    command = ["rolling", str(TINY), "--window", "6", "--commit", "3", "--out", str(out)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 130, result.output
    assert (out / "unfinished" / "unfinished.yaml").is_file()
    assert not (out / "rolling.csv").exists()


def test_a_rolling_run_into_a_closed_pipe_keeps_the_windows_finished(tmp_path: Path) -> None:
    """`forcegen rolling ... | head -1` lost the windows finished with no word: the second
    window's line found the pipe closed and the console exited 141 out of the run. It
    stops as at a Ctrl-C, the first window kept, says so where the terminal still reads,
    and ends 141."""
    from tests.conftest import TINY, forcegen_in_its_own_session

    out = tmp_path / "out"
    options = ["--window", "6", "--commit", "3", "--time-limit", "3", "--quiet"]
    rolling = forcegen_in_its_own_session("rolling", str(TINY), *options, "--out", str(out))
    assert rolling.stdout is not None and rolling.stderr is not None
    first = rolling.stdout.readline()  # as `head -1` reads, then goes
    assert first == "window 2000-01 .. 2000-06\n", first
    rolling.stdout.close()
    assert rolling.wait(timeout=300) == 141
    said = " ".join(rolling.stderr.read().split())
    assert "Traceback" not in said
    assert "The output's reader went away: the rolling run stopped as at a Ctrl-C." in said
    assert f"The plan of the 1 window(s) finished (2000-01..2000-06) is kept in {out}" in said
    record = yaml.safe_load((out / "unfinished" / "unfinished.yaml").read_text())
    assert record["windows_finished"] == ["2000-01..2000-06"], record
    assert record["why"] == ["the output's reader went away (a pipe closed: `| head`)"]
    assert not (out / "rolling.csv").exists()


def test_a_stopped_rolling_run_keeps_the_windows_finished_apart_from_a_finished_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window, or the full-horizon solve, without a plan exits 3 naming it and why; the
    windows finished before it are written to `unfinished/` (a run folder the checker
    passes, and where and why in unfinished.yaml), never as rolling.csv, and never over a
    rolling run that finished."""
    from typer.testing import CliRunner

    import forcegen.replan.rolling as rolling
    from forcegen.cli import app
    from forcegen.run import NoPlan
    from forcegen.stats import how_solved, read_kpis
    from tests.conftest import TINY

    solved = rolling.solve_scenario
    fail_at = {"call": 0}
    calls = []

    def failing(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == fail_at["call"]:
            raise NoPlan("the solver stopped (time-limit) without a plan")
        return solved(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rolling, "solve_scenario", failing)
    runner = CliRunner()
    out = tmp_path / "out"
    command = ["rolling", str(TINY), "--window", "6", "--commit", "3", "--out", str(out)]

    def run(call: int) -> tuple[int, str]:
        calls.clear()
        fail_at["call"] = call
        done = runner.invoke(app, [*command, "--time-limit", "5"])
        return done.exit_code, " ".join(done.output.split())

    # Windows 2000-01..06, 04..09 and 07..12; the third stops.
    code, said = run(3)
    assert code == 3, said
    assert "No plan for the window 2000-07..2000-12: the solver stopped first." in said
    assert "the solver stopped (time-limit) without a plan" in said
    assert (
        f"The plan of the 2 window(s) finished (2000-01..2000-09) is kept in {out / 'unfinished'}"
        in said
    )
    assert "no rolling.csv was written: the rolling run is unfinished" in said
    assert sorted(p.name for p in out.iterdir()) == ["unfinished"]
    record = yaml.safe_load((out / "unfinished" / "unfinished.yaml").read_text())
    assert record["stopped"] == "No plan for the window 2000-07..2000-12: the solver stopped first"
    assert record["windows_finished"] == ["2000-01..2000-06", "2000-04..2000-09"]
    assert "mobilized before 2000-07 committed" in record["plan"]
    kept = out / "unfinished"
    assert runner.invoke(app, ["check", str(kept / "scenario"), str(kept)]).exit_code == 0
    # Its months end with the windows finished: it says so wherever a plan says how it was made.
    assert read_kpis(kept)["termination"] == "rolling-stopped"
    assert how_solved(read_kpis(kept)).startswith("a rolling horizon stopped before its last")
    # Judged against the whole scenario, its shorter horizon is named.
    against = " ".join(runner.invoke(app, ["check", str(TINY), str(kept)]).output.split())
    assert (
        "the plan's horizon is 2000-01..2000-09 (9 months), the scenario's 2000-01..2000-12"
        " (12 months)" in against
    ), against
    # Run again to the end over it: its folder, replaced by the finished run.
    code, said = run(0)
    assert code == 0, said
    assert sorted(p.name for p in out.iterdir()) == ["full", "rolling", "rolling.csv"]
    # Of the two plans written, the verdict says which it judged.
    assert f"The independent checker's verdict on the rolling plan ({out / 'rolling'}):" in said
    table = (out / "rolling.csv").read_text()
    # The first window stopping leaves nothing to keep, and the finished run as it was.
    code, said = run(1)
    assert code == 3 and "No window finished; nothing was written." in said, said
    assert sorted(p.name for p in out.iterdir()) == ["full", "rolling", "rolling.csv"]
    # The full-horizon solve stopping keeps the whole rolling plan, beside the earlier run.
    code, said = run(4)
    assert code == 3 and "No plan for the full-horizon solve" in said, said
    assert "The rolling plan of all 3 windows is kept" in said
    assert f"(the rolling.csv in {out} is an earlier run's, left as it was)" in said
    assert (out / "rolling.csv").read_text() == table
    assert yaml.safe_load((kept / "unfinished.yaml").read_text())["windows_finished"][-1] == (
        "2000-07..2000-12"
    )
    assert read_kpis(kept)["termination"] == "rolling-horizon"
    # A folder that cannot take what finished is bad output (exit 2), said after why the
    # run stopped, which it had hidden.
    import forcegen.replan.unfinished as unfinished

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(unfinished, "keep", full_disk)
    code, said = run(3)
    assert code == 2 and "No plan for the window 2000-07..2000-12" in said, said
    assert said.index("No plan for the window") < said.index("No space left on device")


def test_a_window_keeps_the_budgets_of_its_fiscal_years_only() -> None:
    """A window's scenario (a stopped run's copy of it) holds no budget of a fiscal year
    after it, which validation would warn of row by row."""
    from forcegen.replan.rolling import truncated
    from forcegen.scenario.schema import Budget
    from forcegen.scenario.validate import check_scenario

    years = (2000, 2001, 2002)
    case = scenario(
        months=36,
        units=[unit("a")],
        demand=[("r", "guard", 0, 35, 100)],
        budgets=[Budget(nation="A", fiscal_year=y, budget=1e6) for y in years],
    )
    assert [case.fiscal_year_of(month(t)) for t in (0, 11, 12)] == [2000, 2000, 2001]
    window = truncated(case, 13)
    assert [b.fiscal_year for b in window.budgets] == [2000, 2001]
    assert [p.rule for p in check_scenario(window) if p.file == "budgets.csv"] == []


def test_a_window_whose_committed_tours_break_the_lead_share_is_still_planned(
    tmp_path: Path,
) -> None:
    """The heuristics dropped partner tours they took until the lead's share held, and
    found none to drop where the tours committed by the earlier window broke it alone
    (StopIteration, a traceback from `forcegen rolling`): the solver mends it."""
    from forcegen.replan.rolling import rolling_plan
    from forcegen.scenario.generate import generate_scenario

    case = generate_scenario("S", 0, units=8, regions=2, months=12)
    model = load_spec("security-keeping")
    options = model.solver.model_copy(update={"time_limit": 5})
    rolling = rolling_plan(case, model, window=8, commit=4, options=options)
    assert rolling.windows == [(0, 8), (4, 12)]
    rolling.run.write(tmp_path / "rolling")
    report = check_plan(case, model, tmp_path / "rolling")
    assert report.ok, report.violations


def test_event_values_past_any_scenario_are_bad_input_at_their_key(tmp_path: Path) -> None:
    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    model = _spec()
    _plan(case, model, tmp_path / "before")
    surge = {"kind": "demand_surge", "region": "r", "task": "guard", "from": month(6)}
    events = [
        {**surge, "to": month(8), "extra": float("inf")},
        {**surge, "to": month(8), "factor": 1e300},
        {"kind": "withdraw", "nation": "A", "announced": month(6), "notice_months": 100_000},
    ]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, tmp_path / "before", 4, events)
    assert {(p.column, p.rule) for p in caught.value.problems} == {
        ("extra", "range"),
        ("factor", "range"),
        ("notice_months", "range"),
    }


def test_a_cut_below_what_is_in_motion_is_named_at_the_cut_that_sets_it(tmp_path: Path) -> None:
    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    model = _spec()
    _plan(case, model, tmp_path / "before")
    events = [  # the first cut is later and leaves room: the second one breaks the tours
        {"kind": "ceiling_cut", "nation": "A", "from": month(8), "personnel": 10**6},
        {"kind": "ceiling_cut", "nation": "A", "from": month(4), "personnel": 0},
    ]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, tmp_path / "before", 4, events)
    assert {(p.row, p.rule) for p in caught.value.problems if p.severity == "error"} == {
        (9, "below-committed")
    }


def test_a_cut_below_what_is_in_motion_is_one_problem_over_its_months(tmp_path: Path) -> None:
    # a1 tours 2000-01..06 and a2 2000-03..08: a cut to 0 from 2000-05 has 200 in theatre
    # in 2000-05..06 and 100 in 2000-07..08. One problem, at its worst month, where the
    # changing figures made it one a run of months.
    case = scenario(months=12, units=[unit("a1"), unit("a2")], demand=[("r", "guard", 0, 11, 100)])
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(before, f"a1,guard,r,{month(0)}", f"a2,guard,r,{month(2)}")
    cut = [{"kind": "ceiling_cut", "nation": "A", "from": month(4), "personnel": 0}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 4, cut)
    assert [(p.row, p.column, p.value, p.rule, p.message) for p in caught.value.problems] == [
        (
            5,
            "personnel",
            "0",
            "below-committed",
            f"A {month(4)}..{month(7)}: tours already in motion break the new ceiling (at "
            f"worst {month(4)}: 200 in theatre, ceiling 0); take the cut later, or withdraw "
            "units with unit_unavailable",
        )
    ]


def test_a_budget_cut_below_what_is_in_motion_is_named_at_its_figure(tmp_path: Path) -> None:
    """At the cut's own figure, `amount` or `factor`: the problem had named no key."""
    from forcegen.scenario.schema import Budget

    case = scenario(
        months=12,
        nations=[nation("A", cost_per_person_month=1.0)],
        units=[unit("a")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    year = case.fiscal_year_of(month(4))
    case = case.model_copy(
        update={"budgets": (Budget(nation="A", fiscal_year=year, budget=10.0**9),)}
    )
    model = _spec()
    _plan(case, model, tmp_path / "before")
    cut = {"kind": "budget_cut", "nation": "A", "fiscal_year": year}
    for figure, value in (("amount", 1), ("factor", 0)):
        with pytest.raises(ScenarioError) as caught:
            _replan(case, model, tmp_path / "before", 4, [cut | {figure: value}])
        # The entry written with its keys sorted: the figure on its second line.
        (problem,) = caught.value.problems
        assert (problem.row, problem.column, problem.rule) == (2, figure, "below-committed")
        assert float(str(problem.value)) == value


def test_a_cut_broken_in_two_runs_of_months_names_both(tmp_path: Path) -> None:
    # a1 and a2 tour 2000-01..06; reserves r1 and r2, mobilized in 2000-04 (5 months'
    # training), 2000-09..2001-02: a cut to 150 from 2000-05 is broken in 2000-05..06 and
    # 2000-09..12, not in 2000-07..08, which one span over the gap claimed.
    case = scenario(
        months=12,
        nations=[reserve_nation(training=5, max_months=12, calls=2)],
        units=[
            unit("a1"),
            unit("a2"),
            unit("r1", component="reserve"),
            unit("r2", component="reserve"),
        ],
        demand=[("r", "guard", 0, 11, 100)],
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(
        before,
        *(f"{u},guard,r,{month(0)}" for u in ("a1", "a2")),
        *(f"{u},guard,r,{month(8)}" for u in ("r1", "r2")),
    )
    cut = [{"kind": "ceiling_cut", "nation": "A", "from": month(4), "personnel": 150}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 4, cut)
    ((message,),) = {(p.message,) for p in caught.value.problems}
    assert message.startswith(
        f"A {month(4)}..{month(5)}, {month(8)}..{month(11)}: tours already in motion break "
        f"the new ceiling (at worst {month(4)}: 200 in theatre, ceiling 150)"
    )


def test_a_window_that_commits_tours_it_does_not_judge_whole_is_warned_of() -> None:
    # A's 6-month tours cover r's patrol until A's ceiling drops to 50 in month 4. Windows
    # of 3 committing 3 put a tour in months 0-5, judged only in 0-2 (the ceiling's drop
    # is past the first window), and the second window finds it over the ceiling in month
    # 4, unable to move it: no plan. A window of 8 (3 committed plus 6 months, less one)
    # judges that tour whole, keeps A home until month 5, and plans as the full solve.
    from forcegen.replan.rolling import Unfinished, myopia, rolling_plan, tour_reach

    case = scenario(
        months=12,
        units=[unit("a1"), unit("a2")],
        demand=[("r", "guard", 0, 11, 100)],
        ceilings=[
            Ceiling(nation="A", from_month=month(0), ceiling=100),
            Ceiling(nation="A", from_month=month(4), ceiling=50),
            Ceiling(nation="A", from_month=month(6), ceiling=100),
        ],
    )
    reach = tour_reach(case)
    assert reach is not None and (reach.nation, reach.months, reach.window(3)) == ("A", 6, 8)
    assert myopia(case, spec(), 8, 3) is None
    warned = myopia(case, spec(), 7, 3) or ""
    assert "one of A's stays 6 months" in warned and warned.endswith("--window 8")
    assert "domestic force" not in warned  # no recruits, no lead time
    model = spec()
    with pytest.raises(Unfinished) as caught:
        rolling_plan(case, model, window=3, commit=3)
    assert caught.value.stopped_at == (month(3), month(5)) and caught.value.conflict
    rolling = rolling_plan(case, model, window=8, commit=3).run.plan
    full = solve_scenario(case, model).plan
    assert rolling.kpis["total_shortfall"] == full.kpis["total_shortfall"] == 100 * 6
    # A reserve's post-mobilization training is committed with its tour.
    reserves = scenario(
        months=12,
        nations=[reserve_nation(training=2)],
        units=[unit("a1"), unit("r1", component="reserve")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    reach = tour_reach(reserves)
    assert reach is not None and (reach.months, reach.window(3)) == (8, 10)
    assert "(2 of reserve training and its tour)" in (myopia(reserves, spec(), 9, 3) or "")
    # Without units, no tour reaches past a window.
    assert tour_reach(reserves.model_copy(update={"units": ()})) is None


def _tours_by_hand(folder: Path, *rows: str) -> None:
    """The plan's tours as a planner wrote them (its other tables then disagree with them,
    which the checker says of coverage.csv and costs.csv, not of the tours)."""
    (folder / "assignments.csv").write_text("unit,task,region,start\n" + "\n".join(rows) + "\n")


def test_a_plan_written_by_hand_without_nations_or_ends_is_re_planned(tmp_path: Path) -> None:
    # a's tours as a planner may write them, by unit, task, region and start alone: their
    # nation and end are the ones the scenario implies, as the checker takes them, where
    # the diff looked for the columns and stopped.
    case, model, before = _guarded_by_a(tmp_path)
    _tours_by_hand(before, f"a,guard,r,{month(0)}", f"a,guard,r,{month(6)}")
    lost = [{"kind": "unit_unavailable", "unit": "a", "from": month(6)}]
    result = _replan(case, model, before, 3, lost)
    columns = ["change", "unit", "nation", "start_before", "end_before", "broken_by_events"]
    assert result.diff[columns].fillna("-").values.tolist() == [
        ["kept", "a", "A", month(0), month(5), "-"],
        ["cancelled", "a", "A", month(6), month(11), "availability"],
    ]


def test_a_past_that_calls_a_reserve_up_twice_in_its_window_is_bad_input(tmp_path: Path) -> None:
    # b (reserve, 1 month's training, one call-up per 12 months) was written up for two
    # tours, mobilized 2000-02 and 2000-09: the window from 2000-02 holds both. Re-planned
    # from 2000-11, both are kept as they are: no re-plan keeps the rules, said before any
    # solve (the model had no plan, and its diagnosis named no cause).
    case = scenario(
        months=12,
        nations=[reserve_nation(training=1)],
        units=[unit("a"), unit("b", component="reserve")],
        demand=[("r", "guard", 0, 11, 200)],
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(
        before, f"a,guard,r,{month(0)}", f"b,guard,r,{month(2)}", f"b,guard,r,{month(9)}"
    )
    lost = [{"kind": "unit_unavailable", "unit": "a", "from": month(11)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 10, lost)
    assert [(p.file, p.row, p.column, p.rule, p.message) for p in caught.value.problems] == [
        (
            "assignments.csv",
            3,
            None,
            "reserve-frequency",
            "b 2000-02: 2 call-ups within 12 months, 1 allowed (by 1). Rows 3, 4 are "
            "tours mobilized before 2000-11: a re-plan from 2000-11 keeps them as they are, so "
            "none keeps the rule; re-plan from 2000-09 or earlier, or mend the plan",
        ),
        # With no month at home between them, the two call-ups are one of 14 months.
        (
            "assignments.csv",
            3,
            None,
            "reserve-mobilization-length",
            "b 2000-02: mobilized 14 months in a row, at most 8 (2 call-ups, no month at home "
            "between) (by 6). Rows 3, 4 are tours mobilized before 2000-11: a re-plan from "
            "2000-11 keeps them as they are, so none keeps the rule; re-plan from 2000-09 or "
            "earlier, or mend the plan",
        ),
    ]
    # From then, the second call-up is the re-plan's to change: it has a plan that keeps
    # the rule.
    result = _replan(case, model, before, 8, lost)
    mobilized = result.run.plan.assignments.set_index("unit")["mobilized_from"]
    assert mobilized.loc[["b"]].tolist() == [month(1)]
    _checked(result, tmp_path / "after")


def test_what_the_kept_tours_break_whatever_the_replan_does_is_bad_input(
    tmp_path: Path,
) -> None:
    # a1 tours 2000-01..06 and 2000-08..2001-01 (1 month at home, 2 required); a2 tours
    # 2000-06..11; the ceiling of 100 holds one of them: 200 in theatre in 2000-06 and in
    # 2000-08..11. Re-planned from 2000-10, all three are kept as they are, but a2 lost
    # from 2000-11: its tour ends in 2000-10, and the ceiling of 2000-11 holds.
    case = scenario(
        months=12,
        nations=[nation(dwell_months=2)],
        units=[unit("a1"), unit("a2")],
        demand=[("r", "guard", 0, 11, 100)],
        ceilings=[Ceiling(nation="A", from_month=month(0), ceiling=100)],
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(
        before, f"a1,guard,r,{month(0)}", f"a2,guard,r,{month(5)}", f"a1,guard,r,{month(7)}"
    )
    lost = [{"kind": "unit_unavailable", "unit": "a2", "from": month(10)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 9, lost)
    kept = "are tours mobilized before 2000-10: a re-plan from 2000-10 keeps them as they are"
    over = "200 in theatre, ceiling 100 (by 100)"
    # The ceiling's advice frees both months: from 2000-08, a1's and a2's tours still
    # break it in 2000-06.
    advice = "so none keeps the rule; re-plan from 2000-06 or earlier, or mend the plan"
    assert [(p.file, p.row, p.rule, p.message) for p in caught.value.problems] == [
        (
            "assignments.csv",
            2,
            "dwell",
            "a1 2000-08: 1 month(s) at home between tours, 2 required (by 1). Rows 2, 4 "
            f"{kept}, so none keeps the rule; re-plan from 2000-08 or earlier, or mend the plan",
        ),
        ("assignments.csv", 2, "ceiling", f"A 2000-06: {over}. Rows 2, 3 {kept}, {advice}"),
        # Once, over its months, the last as the event leaves it: said, where it was
        # blamed on a cut there is none of.
        (
            "assignments.csv",
            3,
            "ceiling",
            f"A 2000-08..2000-10: {over}. Rows 3, 4 {kept}, {advice}",
        ),
    ]


def test_a_past_tour_mistyped_is_re_planned_as_the_scenario_implies_it(tmp_path: Path) -> None:
    # a's tour in motion, its personnel written 155 where the scenario implies 100: the
    # checker's plan-mismatch, of a column a re-plan does not keep (it commits unit, task,
    # region, start and end), where the re-plan was refused as a past that breaks a rule.
    case, model, before = _guarded_by_a(tmp_path)
    (before / "assignments.csv").write_text(
        f"unit,task,region,start,personnel\na,guard,r,{month(0)},155\na,guard,r,{month(6)},100\n"
    )
    lost = [{"kind": "unit_unavailable", "unit": "a", "from": month(6)}]
    result = _replan(case, model, before, 3, lost)
    assert result.diff[["change", "start_before"]].values.tolist() == [
        ["kept", month(0)],
        ["cancelled", month(6)],
    ]
    _checked(result, tmp_path / "after")


@pytest.mark.parametrize(
    ("ended", "rule"),
    [({"leave": month(3)}, "availability"), ({"handed_over": month(4)}, "handed-over")],
)
def test_a_past_tour_running_past_its_last_month_is_cut_short_not_refused(
    tmp_path: Path, ended: dict[str, str], rule: str
) -> None:
    # a's tour runs to 2000-06, past its nation's leave (2000-04) or its region's handover
    # (2000-05): the plan breaks the rule, but a re-plan from 2000-07 ends the tour in
    # 2000-04, where it was refused as a past that breaks it.
    on_nation = "leave" in ended
    case = scenario(
        months=12,
        nations=[nation(**ended)] if on_nation else None,
        regions=None if on_nation else [Region(region="r", population=1000, risk=1, **ended)],
        units=[unit("a")],
        demand=[("r", "guard", 0, 2 if on_nation else 3, 100)],
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(before, f"a,guard,r,{month(0)}")
    assert rule in {v.rule for v in check_plan(case, model, before).violations}
    lost = [{"kind": "unit_unavailable", "unit": "a", "from": month(7)}]
    result = _replan(case, model, before, 6, lost)
    assert result.diff[["change", "end_before", "end_after"]].values.tolist() == [
        ["curtailed", month(5), month(3)]
    ]
    _checked(result, tmp_path / "after")


def test_a_reserve_call_up_stood_down_counts_in_the_kept_past(tmp_path: Path) -> None:
    # b (reserve, 1 month's training, one call-up per 12 months) tours from 2000-03,
    # mobilized 2000-02, and is called up again in 2000-09 to deploy in 2000-10; lost from
    # then, that tour is stood down, its call-up counted all the same: the kept past breaks
    # reserve-frequency. The re-plan was written, and the checker failed it. From 2000-09
    # the second call-up is the re-plan's: no call-up, and the checker passes.
    case = scenario(
        months=12,
        nations=[reserve_nation(training=1)],
        units=[unit("a"), unit("b", component="reserve")],
        demand=[("r", "guard", 0, 11, 200)],
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(
        before, f"a,guard,r,{month(0)}", f"b,guard,r,{month(2)}", f"b,guard,r,{month(9)}"
    )
    lost = [{"kind": "unit_unavailable", "unit": "b", "from": month(9)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 9, lost)
    assert [(p.file, p.row, p.rule, p.message) for p in caught.value.problems] == [
        (
            "assignments.csv",
            3,
            "reserve-frequency",
            "b 2000-02: 2 call-ups within 12 months, 1 allowed (counting 1 stood down "
            "before deploying, mobilized 2000-09) (by 1). Row 3 is a tour "
            "mobilized before 2000-10: a re-plan from 2000-10 keeps it as it is, so none keeps "
            "the rule; re-plan from 2000-09 or earlier, or mend the plan",
        )
    ]
    result = _replan(case, model, before, 8, lost)
    assert result.stood_down == ()
    assert (result.run.plan.assignments["unit"] == "b").sum() == 1
    _checked(result, tmp_path / "after")


def test_a_ceiling_the_past_exceeds_by_two_tours_is_freed_from_where_one_is_left(
    tmp_path: Path,
) -> None:
    # a1, a2, a3 tour from 2000-02, -03 and -04 under a ceiling of one: 2 in theatre in
    # 2000-03, 3 in 2000-04..07, 2 in 2000-08. Re-planned from 2000-07, all three are kept
    # as they are. Said once per same tours over their months, each with the month that
    # frees them all: from 2000-04 a1 and a2 still break the ceiling in 2000-03; from
    # 2000-03 only a1 is kept, and the re-plan has a plan the checker passes.
    case = scenario(
        months=12,
        units=[unit("a1"), unit("a2"), unit("a3")],
        demand=[("r", "guard", 0, 11, 100)],
        ceilings=[Ceiling(nation="A", from_month=month(0), ceiling=100)],
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(
        before, f"a1,guard,r,{month(1)}", f"a2,guard,r,{month(2)}", f"a3,guard,r,{month(3)}"
    )
    lost = [{"kind": "unit_unavailable", "unit": "a3", "from": month(10)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 6, lost)
    kept = "are tours mobilized before 2000-07: a re-plan from 2000-07 keeps them as they are"
    advice = "so none keeps the rule; re-plan from 2000-03 or earlier, or mend the plan"
    assert [(p.row, p.rule, p.message) for p in caught.value.problems] == [
        (
            2,
            "ceiling",
            f"A 2000-03: 200 in theatre, ceiling 100 (by 100). Rows 2, 3 {kept}, {advice}",
        ),
        (
            2,
            "ceiling",
            f"A 2000-04..2000-07: 300 in theatre, ceiling 100 (by 200). Rows 2, 3, 4 {kept}, "
            f"{advice}",
        ),
        (
            3,
            "ceiling",
            f"A 2000-08: 200 in theatre, ceiling 100 (by 100). Rows 3, 4 {kept}, {advice}",
        ),
    ]
    _checked(_replan(case, model, before, 2, lost), tmp_path / "after")
    # Tours mobilized in the horizon's first month: only a fresh solve frees them.
    _tours_by_hand(before, f"a1,guard,r,{month(0)}", f"a2,guard,r,{month(0)}")
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 6, lost)
    assert [p.message for p in caught.value.problems] == [
        "A 2000-01..2000-06: 200 in theatre, ceiling 100 (by 100). Rows 2, 3 are tours "
        "mobilized before 2000-07: a re-plan from 2000-07 keeps them as they are, so none "
        "keeps the rule; mend the plan, or solve afresh (only a re-plan from 2000-01, the "
        "horizon's first month, frees them)"
    ]


def test_too_many_nations_in_a_region_in_the_kept_past_is_bad_input(tmp_path: Path) -> None:
    # A's and B's tours in motion share r, at most one nation to a region (over the whole
    # horizon, no month to it): the re-plan ended in "no plan" with no reason given.
    case = scenario(
        months=12,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 11, 200)],
    )
    model = with_rules(_spec(), coalition={"max_nations_per_region": 1})
    before = tmp_path / "before"
    _plan(case, with_rules(_spec(), coalition={"max_nations_per_region": 2}), before)
    _tours_by_hand(before, f"a,guard,r,{month(0)}", f"b,guard,r,{month(3)}")
    lost = [{"kind": "unit_unavailable", "unit": "a", "from": month(8)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 6, lost)
    assert [(p.row, p.rule, p.message) for p in caught.value.problems] == [
        (
            3,
            "nations-per-region",
            "r: 2 nations ['A', 'B'], at most 1: the fewest tours to move are those of B "
            "(by 1). Row 3 is a tour mobilized before 2000-07: a re-plan from 2000-07 keeps it "
            "as it is, so none keeps the rule; re-plan from 2000-04 or earlier, or mend the plan",
        )
    ]


def test_a_plan_whose_months_are_written_short_keeps_its_tours(tmp_path: Path) -> None:
    # a's tours written as a planner may type them, 2000-1 and 2000-7, as `check` reads
    # them: the tour in motion the re-plan keeps was said stood down and added again.
    case, model, before = _guarded_by_a(tmp_path)
    _tours_by_hand(before, "a,guard,r,2000-1", "a,guard,r,2000-7")
    assert check_plan(case, model, before).ok
    lost = [{"kind": "unit_unavailable", "unit": "a", "from": month(9)}]
    result = _replan(case, model, before, 3, lost)
    columns = ["change", "start_before", "end_before", "start_after", "end_after"]
    assert result.diff[columns].fillna("-").values.tolist() == [
        ["kept", month(0), month(5), month(0), month(5)],
        ["cancelled", month(6), month(11), "-", "-"],
    ]


def test_replan_command_says_the_past_breaks_a_rule_and_exits_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    runner = CliRunner()
    before, after = tmp_path / "before", tmp_path / "after"
    solved = runner.invoke(app, ["solve", str(TINY), *WARM_START_ALONE, "--out", str(before)])
    assert solved.exit_code == 0, solved.output
    # AAA-inf-1 (row 2, mobilized 2000-01) given a second tour by hand on the same months.
    lines = (before / "assignments.csv").read_text().splitlines()
    assert lines[1].startswith("AAA-inf-1,AAA,active,") and lines[1].endswith(",2000-01,2000-01,")
    second = lines[1].replace(",border_control,north,", ",public_order,north,")
    (before / "assignments.csv").write_text("\n".join([*lines[:2], second, *lines[2:]]) + "\n")
    events = tmp_path / "events.yaml"
    leaves = {"kind": "withdraw", "nation": "BBB", "announced": "2000-08", "notice_months": 1}
    events.write_text(yaml.safe_dump({"events": [leaves]}))
    command = ["replan", str(TINY), str(before), "--from", "2000-08", "--events", str(events)]
    refused = runner.invoke(app, [*command, "--out", str(after), "--quiet"])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, refused.output
    assert (
        f"error {before / 'assignments.csv'}, row 2: [dwell] AAA-inf-1 2000-01: on two tours "
        "at once: "
        "mobilized before its tour ending 2000-06 ends, then 6 month(s) at home required (by "
        "12). Rows 2, 3 are tours mobilized before "
        "2000-08: a re-plan from 2000-08 keeps them as they are, so none keeps the rule; mend "
        "the plan, or solve afresh (only a re-plan from 2000-01, the horizon's first month, "
        "frees them)"
    ) in said
    assert "error(s); nothing was run and nothing written." in said
    assert "Re-planning" not in said and "Traceback" not in said and not after.exists()


def test_a_refused_replan_says_every_problem_in_one_list_errors_first(tmp_path: Path) -> None:
    """The model's warning, the run's and the events' error came in three lists, each
    under a header of its own, the warnings before the error: two read "1 warning(s):"."""
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    runner = CliRunner()
    before, after = tmp_path / "before", tmp_path / "after"
    solved = runner.invoke(app, ["solve", str(TINY), "--quiet", "--out", str(before)])
    assert solved.exit_code == 0, solved.output
    # The same tours in another order: an edit, warned of, that breaks no rule.
    lines = (before / "assignments.csv").read_text().splitlines()
    (before / "assignments.csv").write_text("\n".join([lines[0], *lines[2:], lines[1]]) + "\n")
    events = tmp_path / "events.yaml"
    leaves = {"kind": "withdraw", "nation": "ZZZ", "announced": "2000-08", "notice_months": 1}
    events.write_text(yaml.safe_dump({"events": [leaves]}))
    command = ["replan", str(TINY), str(before), "--from", "2000-08", "--events", str(events)]
    refused = runner.invoke(app, [*command, "--out", str(after), "--quiet"])
    assert refused.exit_code == 2, refused.output
    # TINY has two nations, the bundled model's min_nations three.
    assert [line.split(": [")[0] for line in refused.output.splitlines()] == [
        "1 error(s), 2 warning(s):",
        f"  error {events}, line 4, key nation",
        f"  warning {before / 'model.yaml'}, line 18, key coalition.min_nations",
        f"  warning {before / 'assignments.csv'}",
        "1 error(s); nothing was run and nothing written.",
    ]
    assert not after.exists()


def test_a_plan_in_motion_whose_coverage_cannot_be_read_is_refused_before_the_solve(
    tmp_path: Path,
) -> None:
    # The checker judges the plan in motion before the solve: a table it cannot read is bad
    # input then, where the re-plan was solved and stopped with a traceback after.
    case, model, before = _guarded_by_a(tmp_path)
    coverage = pd.read_csv(before / "coverage.csv", dtype=str)
    coverage.loc[0, "international"] = "lots"
    coverage.to_csv(before / "coverage.csv", index=False)
    path = tmp_path / "events.yaml"
    lost = {"kind": "unit_unavailable", "unit": "a", "from": month(6)}
    path.write_text(yaml.safe_dump({"events": [lost]}))
    with pytest.raises(ScenarioError) as caught:
        read_setting(case, model, before, month(3), load_events(path))
    assert [(p.file, p.row, p.column, p.rule) for p in caught.value.problems] == [
        ("coverage.csv", 2, "international", "not-a-number")
    ]
    # As are its key figures, which the re-plan's are set against after the solve.
    (before / "kpis.json").unlink()
    (before / "kpis.json").mkdir()
    with pytest.raises(ScenarioError) as caught:
        read_setting(case, model, before, month(3), load_events(path))
    assert {(p.file, p.rule) for p in caught.value.problems} == {
        ("coverage.csv", "not-a-number"),
        (str(before / "kpis.json"), "not-a-file"),
    }


def test_a_past_tour_its_nation_refuses_is_bad_input(tmp_path: Path) -> None:
    # a (nation A, which refuses region s) tours s from 2000-03 by a planner's hand: the
    # model fixes a committed tour whatever its eligibility, and the checker then refused
    # the re-plan on that tour. A re-plan from 2000-03 frees it.
    case = scenario(
        months=12,
        nations=[nation(refused_regions=("s",))],
        regions=[Region(region=r, population=1000, risk=1) for r in ("r", "s")],
        units=[unit("a"), unit("b")],
        demand=[("r", "guard", 0, 11, 100), ("s", "guard", 0, 11, 100)],
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(before, f"b,guard,r,{month(0)}", f"a,guard,s,{month(2)}")
    lost = [{"kind": "unit_unavailable", "unit": "b", "from": month(8)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 6, lost)
    assert [(p.row, p.rule, p.message) for p in caught.value.problems] == [
        (
            3,
            "caveat-region",
            f"a {month(2)}: A refuses s. Row 3 is a tour mobilized before "
            f"{month(6)}: a re-plan from {month(6)} keeps it as it is, so none keeps the "
            f"rule; re-plan from {month(2)} or earlier, or mend the plan",
        )
    ]
    _checked(_replan(case, model, before, 2, lost), tmp_path / "after")


def test_a_re_plans_past_is_freed_only_by_re_planning_the_run_before_it(tmp_path: Path) -> None:
    # As above, a's tour of s from 2000-03 written by hand, now into a re-plan from
    # 2000-07: a re-plan of it may not start before 2000-07, so the advice is to re-plan
    # the run it was re-planned from, where it was a --from this run refuses.
    case = scenario(
        months=12,
        nations=[nation(refused_regions=("s",))],
        regions=[Region(region=r, population=1000, risk=1) for r in ("r", "s")],
        units=[unit("a"), unit("b")],
        demand=[("r", "guard", 0, 11, 100), ("s", "guard", 0, 11, 100)],
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    first = tmp_path / "first"
    earlier = _replan(
        case, model, before, 6, [{"kind": "unit_unavailable", "unit": "b", "from": month(8)}]
    )
    earlier.write(first)
    with (first / "assignments.csv").open("a") as tours:
        tours.write(f"a,A,active,inf,guard,s,{month(2)},{month(7)},100,{month(2)},{month(2)}\n")
    row = len((first / "assignments.csv").read_text().splitlines())
    lost = [{"kind": "unit_unavailable", "unit": "a", "from": month(10)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(earlier.run.data.scenario, model, first, 9, lost)
    ((rule, message),) = {(p.rule, p.message) for p in caught.value.problems if p.row == row}
    assert rule == "caveat-region"
    assert message.endswith(
        f"re-plan the run it was re-planned from (this one was, from {month(6)}) from "
        f"{month(2)} or earlier"
    )


@pytest.mark.parametrize("component", ["active", "reserve"])
def test_a_past_tour_deployed_after_its_unit_had_left_is_bad_input_not_stood_down(
    tmp_path: Path, component: str
) -> None:
    # a (available until 2000-02) tours from 2000-04 by a planner's hand: deployed before
    # the re-plan month, it is no reserve in training to stand down (its stand-down, written
    # to replan.yaml, made the re-plan's own run unreadable, an active unit's above all):
    # the plan in motion broke availability, which no re-plan from 2000-07 mends.
    case = scenario(
        months=12,
        nations=[reserve_nation(training=1)],
        units=[unit("a", component=component, available_until=month(1)), unit("b")],
        demand=[("r", "guard", 0, 11, 100)],
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(before, f"b,guard,r,{month(0)}", f"a,guard,r,{month(3)}")
    lost = [{"kind": "unit_unavailable", "unit": "b", "from": month(8)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 6, lost)
    assert [(p.row, p.rule) for p in caught.value.problems] == [(3, "availability")]
    mobilized = month(2) if component == "reserve" else month(3)
    assert caught.value.problems[0].message.endswith(
        f"re-plan from {mobilized} or earlier, or mend the plan"
    )


def test_a_past_tour_in_a_region_the_plan_had_handed_over_is_bad_input(tmp_path: Path) -> None:
    # u guards r 2000-01..04 (tours of 4 months); the plan in motion, by a planner's hand,
    # hands r over in 2000-03 while u is there: a re-plan from 2000-06 keeps both, the
    # model then had no plan (exit 3, no cause named); bad input at u's row, freed by a
    # re-plan from 2000-03.
    case = handover_case()
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(before, f"u,guard,r,{month(0)}")
    (before / "handover.csv").write_text(f"region,month\nr,{month(2)}\n")
    with pytest.raises(ScenarioError) as caught:
        _replan(
            case, model, before, 5, [{"kind": "unit_unavailable", "unit": "u", "from": month(7)}]
        )
    assert [(p.row, p.rule, p.message) for p in caught.value.problems] == [
        (
            2,
            "handover-presence",
            f"r {month(2)}: u stays after the handover (by 2). Row 2 is a tour mobilized "
            f"before {month(5)}: a re-plan from {month(5)} keeps it as it is, and the "
            f"handover, so none keeps the rule; re-plan from {month(2)} or earlier, or mend "
            "the plan",
        )
    ]


def test_a_past_tour_past_the_end_date_is_bad_input(tmp_path: Path) -> None:
    # a tours 2000-01..06 and the mission ends in 2000-04 (a model the plan was not made
    # under): a re-plan from 2000-05 keeps the tour whole, where the model then had no plan.
    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    made, dated = _spec(), with_rules(_spec(), mission={"end": "end-date", "end_date": month(3)})
    before = tmp_path / "before"
    _plan(case, made, before)
    _tours_by_hand(before, f"a,guard,r,{month(0)}")
    with pytest.raises(ScenarioError) as caught:
        _replan(
            case, dated, before, 4, [{"kind": "unit_unavailable", "unit": "a", "from": month(9)}]
        )
    assert [(p.row, p.rule, p.message) for p in caught.value.problems] == [
        (
            2,
            "end-date",
            f"a {month(4)}: in theatre 2 month(s) after the end-date {month(3)}, to "
            f"{month(5)} (by 2). Row 2 is a tour "
            f"mobilized before {month(4)}: a re-plan from {month(4)} keeps it as it is, so "
            "none keeps the rule; mend the plan, or solve afresh (only a re-plan from "
            f"{month(0)}, the horizon's first month, frees it)",
        )
    ]


def test_a_domestic_past_that_breaks_a_rule_is_bad_input_at_its_row(tmp_path: Path) -> None:
    # The plan in motion takes 5 recruits in 2000-02, 2000-03 and 2000-05, where none may
    # be taken (nor trained, nor taught): a re-plan from 2000-07 keeps them, where the
    # model had no plan (exit 3, no cause named). Bad input, each rule once over its
    # months at domestic.csv's first row of them, freed by a re-plan from 2000-02.
    case, model, before = _guarded_by_a(tmp_path)
    table = pd.read_csv(before / "domestic.csv")
    table.loc[table["month"].isin([month(1), month(2), month(4)]), "recruits"] = 5
    table.to_csv(before / "domestic.csv", index=False)
    lost = [{"kind": "unit_unavailable", "unit": "a", "from": month(9)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 6, lost)
    found = caught.value.problems
    assert [(p.file, p.row, p.column, p.rule) for p in found] == [
        ("domestic.csv", 3, "recruits", "recruits"),
        ("domestic.csv", 3, "in_training", "academy"),
        ("domestic.csv", 3, "in_training", "trainers"),
    ]
    assert found[0].message == (
        f"domestic {month(1)}..{month(2)}, {month(4)}: at worst {month(1)}: 5 recruits, "
        f"from 0 to 0 a month (by 5). It is the domestic force's past before {month(6)}, "
        f"which a re-plan from {month(6)} keeps as it is, so none keeps the rule; re-plan "
        f"from {month(1)} or earlier, or mend the plan"
    )
    # Each says the limit it breaks: 'trainees over academy capacity' named neither.
    assert f"at worst {month(1)}: 5.0 trainees in an academy that holds 0.0 (by 5)" in (
        found[1].message
    )
    assert "5.0 trainees for 0.0 effective trainers, who teach 0.0 at " in found[2].message
    _checked(_replan(case, model, before, 1, lost), tmp_path / "after")
    # Its figures worked out anew (in training, strength) may be left out or unreadable:
    # said as ever, where the judgement of its past raised a traceback.
    table[["month", "recruits"]].to_csv(before / "domestic.csv", index=False)
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 6, lost)
    assert {(p.row, p.column, p.rule) for p in caught.value.problems if p.rule != "recruits"} >= {
        (1, "in_training", "missing-column"),
        (1, "strength", "missing-column"),
    }


def test_past_recruits_that_overfill_the_academy_are_said_in_their_own_month(
    tmp_path: Path,
) -> None:
    # 6 recruits in 2000-06 for an academy of 5 (a 3-month course): still in it in
    # 2000-07..08, after the re-plan month, where each was said again at no row of
    # assignments.csv.
    case = scenario(
        months=12,
        units=[unit("a")],
        demand=[("r", "guard", 0, 11, 100)],
        domestic={
            "recruits_per_month": 10,
            "course_months": 3,
            "academy_capacity": 5,
            "trainees_per_trainer": 1000,
        },
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    table = pd.read_csv(before / "domestic.csv")
    table.loc[table["month"] == month(5), "recruits"] = 6
    table.to_csv(before / "domestic.csv", index=False)
    lost = [{"kind": "unit_unavailable", "unit": "a", "from": month(9)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 6, lost)
    assert [(p.file, p.row, p.rule) for p in caught.value.problems] == [
        ("domestic.csv", 7, "academy"),
        ("domestic.csv", 7, "trainers"),
    ]


def test_past_recruits_that_overfill_a_later_closure_of_the_academy_are_bad_input(
    tmp_path: Path,
) -> None:
    # academy.csv closes the academy (5, a 3-month course) in 2000-08; the plan in motion
    # takes 5 recruits in 2000-06, in the course until 2000-08. Re-planned from 2000-07,
    # every past month keeps the rule, and the model, bound by the closure, had no plan
    # (exit 3, no cause named): the past before the re-plan month broke the academy in a
    # month after it, which academy.csv, unlike scenario.yaml, may make smaller. Bad input
    # at 2000-08's row, freed by a re-plan from 2000-06, where those recruits are its own.
    case = scenario(
        months=12,
        units=[unit("a")],
        tasks=("guard", TRAINING_TASK),
        demand=[("r", "guard", 0, 11, 100), ("r", TRAINING_TASK, 0, 11, 100)],
        domestic={
            "recruits_per_month": 10,
            "course_months": 3,
            "academy_capacity": 5,
            "trainees_per_trainer": 1000,
        },
    )
    case = case.model_copy(
        update={"academy": (Academy(first=month(7), last=month(7), capacity=0),)}
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    table = pd.read_csv(before / "domestic.csv")
    table["recruits"] = 0.0
    table.loc[table["month"] == month(5), "recruits"] = 5
    table.to_csv(before / "domestic.csv", index=False)
    lost = [{"kind": "unit_unavailable", "unit": "a", "from": month(9)}]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 6, lost)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.rule) == (
        "domestic.csv",
        9,
        "in_training",
        "academy",
    )
    assert problem.message == (
        f"domestic {month(7)}: 5.0 trainees in an academy that holds 0.0 by academy.csv "
        f"(by 5). It is the domestic force's past before {month(6)}, which a re-plan from "
        f"{month(6)} keeps as it is, so none keeps the rule; re-plan from {month(5)} or "
        "earlier, or mend the plan"
    )
    _checked(_replan(case, model, before, 5, lost), tmp_path / "after")
    # An event that opens the academy then is the re-plan's to judge, and frees it.
    opened = {"kind": "academy", "from": month(7), "to": month(7), "capacity": 5}
    _checked(_replan(case, model, before, 6, [*lost, opened]), tmp_path / "opened")


def test_the_handovers_a_re_plan_moves_are_named(tmp_path: Path) -> None:
    """Twelve regions handed over before and after, but not the same twelve: the count's
    delta of +0 hid that bobonaro was no longer handed over and dili now was."""
    from forcegen.replan.diff import handover_moves

    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    (before / "handover.csv").write_text("region,month\nbobonaro,2003-10\ndili,\naileu,2003-10\n")
    (after / "handover.csv").write_text("region,month\nbobonaro,\ndili,2003-11\naileu,2003-10\n")
    assert handover_moves(before, after) == [
        "bobonaro 2003-10 -> never",
        "dili never -> 2003-11",
    ]
    assert handover_moves(before, before) == []
    # Dili handed over by an event in 2003-11: the events moved it, not the re-plan.
    assert handover_moves(before, after, {"dili": "2003-11", "aileu": "2003-10"}) == [
        "bobonaro 2003-10 -> never",
        "dili never -> 2003-11 (by decision)",
    ]
    # A region the re-plan's table leaves out is moved to never, by no decision.
    (after / "handover.csv").write_text("region,month\ndili,2003-11\naileu,2003-10\n")
    assert handover_moves(before, after, {"dili": "2003-11"}) == [
        "bobonaro 2003-10 -> never",
        "dili never -> 2003-11 (by decision)",
    ]


def test_an_entry_with_a_fault_of_its_shape_has_its_codes_judged_too(tmp_path: Path) -> None:
    """A withdrawal of an unknown nation announced in a month 13 was said to have a bad
    month only: its nation was said after the month was mended."""
    from forcegen.replan.apply import apply_events

    case = scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)])
    path = tmp_path / "events.yaml"
    path.write_text(
        "events:\n"
        "  - {kind: withdraw, nation: ZZZ, announced: 2000-13, notice_months: 1}\n"
        "  - {kind: handover, region: q, from: 2000-1x}\n"
        "  - {kind: withdraw, nation: A, announced: 2000-13, notice_months: 1}\n"
        "  - {kind: budget_cut, nation: ZZZ, fiscal_year: 2000, amount: 5, factor: no}\n"
        "  - {kind: withdraw, nation: 'A ', announced: 2000-13, notice_months: 1}\n"
    )
    with pytest.raises(ScenarioError) as caught:
        apply_events(case, load_events(path), month(2))
    # A code is read as the event reads it, padding stripped: 'A ' is A.
    assert sorted((p.row, p.column, p.rule) for p in caught.value.problems) == [
        (2, "announced", "format"),
        (2, "nation", "unknown-nation"),
        (3, "from", "format"),
        (3, "region", "unknown-region"),
        (4, "announced", "format"),
        (5, "factor", "type"),
        (5, "nation", "unknown-nation"),
        (6, "announced", "format"),
    ]


def test_a_plan_whose_past_was_written_by_hand_is_re_solved_from_a_month_without_events(
    tmp_path: Path,
) -> None:
    # A mission in motion: the planner writes what is under way (AAA-inf-1 in the north
    # since 2000-01), evaluates it into a run, and asks for the rest from 2000-04. The
    # command had required an events file, and refused one with no events.
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    runner = CliRunner()
    past = tmp_path / "past"
    past.mkdir()
    (past / "assignments.csv").write_text(
        "unit,task,region,start\nAAA-inf-1,border_control,north,2000-01\n"
    )
    motion = tmp_path / "motion"
    evaluated = runner.invoke(app, ["evaluate", str(TINY), str(past), "--out", str(motion)])
    assert evaluated.exit_code == 0, evaluated.output
    after = tmp_path / "after"
    command = ["replan", str(TINY), str(motion), "--from", "2000-04", "--out", str(after)]
    done = runner.invoke(app, [*command, "--quiet"])
    assert done.exit_code == 0, done.output
    assert "from 2000-04 with no events" in done.output
    assert "The plan keeps every hard rule." in done.output
    tours = pd.read_csv(after / "assignments.csv")
    kept = tours[tours["unit"] == "AAA-inf-1"].iloc[0]
    assert (kept["region"], kept["start"], kept["end"]) == ("north", "2000-01", "2000-06")
    assert len(tours) > 1  # the future planned
    before = json.loads((motion / "kpis.json").read_text())["total_shortfall"]
    assert json.loads((after / "kpis.json").read_text())["total_shortfall"] < before
    assert yaml.safe_load((after / "replan.yaml").read_text())["events"] == []


def test_a_re_plan_of_an_edited_run_says_its_figures_are_of_the_plan_before(
    tmp_path: Path,
) -> None:
    """A re-plan of a run whose tables a planner changed compared its new figures with the
    run's kpis.json, of the plan before the edits, without a word."""
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    runner = CliRunner()
    before, after = tmp_path / "before", tmp_path / "after"
    assert runner.invoke(app, ["solve", str(TINY), "--quiet", "--out", str(before)]).exit_code == 0
    lines = (before / "assignments.csv").read_text().splitlines()
    (before / "assignments.csv").write_text("\n".join(lines[:-1]) + "\n")  # a tour deleted
    command = ["replan", str(TINY), str(before), "--from", "2000-01", "--out", str(after)]
    result = runner.invoke(app, [*command, "--quiet"])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert (
        f"warning {before / 'assignments.csv'}: [edited] changed since forcegen wrote it: the "
        "run's figures (kpis.json) are of the plan before the edits"
    ) in said


def test_the_terminal_and_report_say_where_a_redeployed_unit_came_from(tmp_path: Path) -> None:
    """AAA-inf-1 guards the north 2000-01..06; AAA refusing the north from 2000-05, the
    re-plan from 2000-04 sends it on to aid escort in the south. The terminal and
    report.html gave only a count: which unit went where, from what, the planner had to
    work out from the curtailed rows; diff.csv's redeployed row says it in its before
    columns, as they do."""
    from typer.testing import CliRunner

    from forcegen.cli import app
    from tests.conftest import TINY

    runner = CliRunner()
    before, after = tmp_path / "before", tmp_path / "after"
    solved = runner.invoke(app, ["solve", str(TINY), *WARM_START_ALONE, "--out", str(before)])
    assert solved.exit_code == 0, solved.output
    events = tmp_path / "events.yaml"
    caveat = {"kind": "caveat", "nation": "AAA", "from": "2000-05", "region": "north"}
    events.write_text(yaml.safe_dump({"events": [caveat]}))
    command = ["replan", str(TINY), str(before), "--from", "2000-04", "--events", str(events)]
    done = runner.invoke(app, [*command, "--out", str(after), "--quiet"])
    assert done.exit_code == 0, done.output
    assert pd.read_csv(after / "diff.csv")["change"].tolist().count("redeployed") == 1
    went = (
        "AAA-inf-1 from border_control in north, cut short at 2000-04, to aid_escort in "
        "south, 2000-05 to 2000-06"
    )
    said = " ".join(done.output.split())
    why = "the unit's call-up going on: no trip home, no rotation cost"
    assert f"Redeployed in theatre ({why}): {went}" in said
    page = " ".join((after / "report.html").read_text().split())
    columns = "The before columns of a redeployed row are the tour it goes on from, cut short"
    assert f"{went}. {columns}, which has a row of its own." in page
    (row,) = pd.read_csv(after / "diff.csv").query("change == 'redeployed'").to_dict("records")
    assert (row["task"], row["region_before"], row["end_before"]) == (
        "border_control",
        "north",
        "2000-04",
    )
    assert (row["task_after"], row["region_after"]) == ("aid_escort", "south")


def _a_year(**tables: Any) -> Scenario:
    """A year of guard duty in one region for one unit, with `tables`: the scenario the
    events' own tests edit."""
    return scenario(months=12, units=[unit("a")], demand=[("r", "guard", 0, 11, 100)], **tables)


def _applied(
    tmp_path: Path, case: Scenario, entries: Sequence[Mapping[str, object]], start: int
) -> tuple[Scenario | None, list[tuple[int | None, str | None, str, str]]]:
    """The scenario the events file of `entries` leaves for a re-plan from month `start`,
    and each problem found, as (row, column, rule, severity), in the order found."""
    from forcegen.replan.apply import Located, changed_scenario

    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": list(entries)}, sort_keys=False))
    events = load_events(path)
    found = Located.of(events)
    changed = changed_scenario(case, events, month(start), found)
    return changed, [(p.row, p.column, p.rule, p.severity) for p in found.problems]


def test_a_re_plan_month_is_any_of_the_horizons_and_none_outside_it(tmp_path: Path) -> None:
    # A 12-month horizon: months 0 and 11 may be re-planned from, the months either side
    # of it not, whatever the events (a cut in the last month, the past from month 12).
    case = _a_year()
    cut = {"kind": "ceiling_cut", "nation": "A", "from": month(11), "personnel": 50}
    for start in (0, 11):
        changed, said = _applied(tmp_path, case, [cut], start)
        assert said == [] and changed is not None, (start, said)
        assert changed.ceiling_at("A", month(11)) == 50
    for start in (-1, 12):
        changed, said = _applied(tmp_path, case, [cut], start)
        assert said == [(None, None, "outside-horizon", "error")] and changed is None, said


def test_a_while_away_joins_the_row_it_adjoins_after_it_and_no_row_a_month_apart(
    tmp_path: Path,
) -> None:
    # unavailable.csv has a away in months 1-2 and 8-9. Away 4-7 adjoins 8-9 (one row 4-9,
    # with its words), not 1-2 (month 3 between them). Away 8 alone, within 8-9 from its
    # first month, changes nothing, said, and its words join no row.
    case = _a_year(
        unavailable=[("a", 1, 2), ("a", 8, 9)],
    )
    lost = {"kind": "unit_unavailable", "unit": "a"}
    entries = [
        {**lost, "from": month(8), "to": month(8), "description": "leave"},
        {**lost, "from": month(4), "to": month(7), "description": "storm"},
    ]
    changed, said = _applied(tmp_path, case, entries, 3)
    assert said == [(4, "from", "no-change", "warning")], said  # at its `from`
    assert changed is not None
    rows = sorted((row.first, row.last, row.reason) for row in changed.unavailable)
    assert rows == [(month(1), month(2), None), (month(4), month(9), "storm")], rows


def test_academy_events_write_academy_rows_a_run_of_one_capacity_and_reason_each(
    tmp_path: Path,
) -> None:
    # academy.csv holds 10 in months 0-5 ("school"); 5 in months 3-4 ("strike") leaves it
    # 10 on either side, and 8 from month 9 on (no words: the kind's) runs to the horizon's
    # end. Months 6-8 no row gives stay without one.
    school = Academy(first=month(0), last=month(5), capacity=10, reason="school")
    case = _a_year()
    case = case.model_copy(update={"academy": (school,)})
    strike = {"kind": "academy", "from": month(3), "to": month(4), "capacity": 5}
    expanded = {"kind": "academy", "from": month(9), "capacity": 8}
    changed, said = _applied(tmp_path, case, [strike | {"description": "strike"}, expanded], 2)
    assert said == [] and changed is not None, said
    assert [(row.first, row.last, row.capacity, row.reason) for row in changed.academy] == [
        (month(0), month(2), 10, "school"),
        (month(3), month(4), 5, "strike"),
        (month(5), month(5), 10, "school"),
        (month(9), month(11), 8, "academy event"),
    ]


def test_a_handover_ends_its_regions_demand_rows_the_month_before_and_no_others(
    tmp_path: Path,
) -> None:
    # r1 handed over from month 6: its row 0-3 ends before and stays, its row 4-6 ends in
    # month 5, its patrol from month 6 is dropped; r2's row over the month is not its.
    demand = [
        ("r1", "guard", 0, 3, 100),
        ("r1", "guard", 4, 6, 80),
        ("r1", "patrol", 6, 11, 50),
        ("r2", "guard", 0, 11, 100),
    ]
    case = scenario(
        months=12, units=[unit("a")], demand=demand, regions=TWO_REGIONS, tasks=("guard", "patrol")
    )
    handover = {"kind": "handover", "region": "r1", "from": month(6)}
    changed, said = _applied(tmp_path, case, [handover], 4)
    assert said == [] and changed is not None, said
    assert changed.region_by_code["r1"].handed_over == month(6)
    rows = [(d.region, d.task, d.first, d.last, d.personnel) for d in changed.demand]
    assert rows == [
        ("r1", "guard", month(0), month(3), 100),
        ("r1", "guard", month(4), month(5), 80),
        ("r2", "guard", month(0), month(11), 100),
    ], rows


def test_surges_write_the_demand_of_their_region_and_task_a_row_a_run_of_one_figure(
    tmp_path: Path,
) -> None:
    # r/guard asks 100 in months 2-5 and 60 in 6-11, r/patrol 30 all year. Half as much
    # again in months 4-7, 10 more in 10-11 and 10 in month 0, which asked nothing: a row
    # for each run of one figure, month 1 asking nothing still without one, patrol as it was.
    demand = [("r", "guard", 2, 5, 100), ("r", "guard", 6, 11, 60), ("r", "patrol", 0, 11, 30)]
    case = scenario(months=12, units=[unit("a")], demand=demand, tasks=("guard", "patrol"))
    surge = {"kind": "demand_surge", "region": "r", "task": "guard"}
    entries = [
        surge | {"from": month(4), "to": month(7), "factor": 1.5},
        surge | {"from": month(10), "to": month(11), "extra": 10},
        surge | {"from": month(0), "to": month(0), "extra": 10},
    ]
    changed, said = _applied(tmp_path, case, entries, 0)
    assert said == [] and changed is not None, said
    rows = [(d.task, d.first, d.last, d.personnel) for d in changed.demand]
    assert rows == [
        ("patrol", month(0), month(11), 30),
        ("guard", month(0), month(0), 10),
        ("guard", month(2), month(3), 100),
        ("guard", month(4), month(5), 150),
        ("guard", month(6), month(7), 90),
        ("guard", month(8), month(9), 60),
        ("guard", month(10), month(11), 70),
    ], rows


def test_a_ceiling_cut_caps_its_nations_ceilings_from_its_month_and_no_others(
    tmp_path: Path,
) -> None:
    # A's ceiling is 500 from month 0, 300 from 4, 900 from 8; B's 400 from 6. A cut to 350
    # from month 4 leaves 300 there (a cut never raises one), caps 900 to 350 and leaves
    # the months before as they were; B cut to 450 from month 7, above the 400 it has from
    # then on, changes nothing, said (A's 900 is not B's).
    rows = [("A", 0, 500), ("A", 4, 300), ("A", 8, 900), ("B", 6, 400)]
    case = scenario(
        months=12,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 11, 100)],
        ceilings=[Ceiling(nation=n, from_month=month(t), ceiling=c) for n, t, c in rows],
    )
    cut = {"kind": "ceiling_cut"}
    entries = [
        cut | {"nation": "A", "from": month(4), "personnel": 350},
        cut | {"nation": "B", "from": month(7), "personnel": 450},
    ]
    changed, said = _applied(tmp_path, case, entries, 2)
    assert said == [(9, "personnel", "no-cut", "warning")] and changed is not None, said
    ceilings = [(c.nation, c.from_month, c.ceiling) for c in changed.ceilings]
    assert ceilings == [
        ("A", month(0), 500),
        ("A", month(4), 300),
        ("A", month(8), 350),
        ("B", month(6), 400),
        ("B", month(7), 400),
    ], ceilings


def test_academy_events_that_change_nothing_are_said_whichever_entry_holds(
    tmp_path: Path,
) -> None:
    # academy.csv holds 10 in months 0-5, the settings 0 after. 10 in months 2-3 is held
    # already; 4 in 6-7 is given again by 6 in 5-8 after it; 3 in 10-11 twice: the first
    # is given again by the second, which the first holds already. 0 in 9-10 last holds
    # in month 9 already, not in 10; a ceiling cut among them is no academy entry.
    school = Academy(first=month(0), last=month(5), capacity=10)
    case = _a_year()
    case = case.model_copy(update={"academy": (school,)})
    spans = [(2, 3, 10), (6, 7, 4), (5, 8, 6), (10, 11, 3), (10, 11, 3), (9, 10, 0)]
    entries = [
        {"kind": "academy", "from": month(a), "to": month(b), "capacity": c} for a, b, c in spans
    ]
    entries.append({"kind": "ceiling_cut", "nation": "A", "from": month(3), "personnel": 50})
    changed, said = _applied(tmp_path, case, entries, 1)
    # At each entry's capacity, its fourth line.
    assert said == [(5 + 4 * i, "capacity", "no-change", "warning") for i in (0, 1, 3, 4)], said
    assert changed is not None
    assert changed.academy_capacities == [10] * 5 + [6] * 4 + [0, 0, 3]


def test_an_academy_entry_outside_the_horizon_is_refused_and_not_said_held_already(
    tmp_path: Path,
) -> None:
    # The academy takes 0 a month in the 12; an entry of 5 from the month after the
    # horizon's last is refused there, and was also said to change nothing, the academy
    # "holding 5 in every month of it already": it holds no month, and 0 in each.
    case = _a_year()
    entry = {"kind": "academy", "from": month(12), "capacity": 5}
    _, said = _applied(tmp_path, case, [entry], 1)
    assert said == [(3, "from", "outside-horizon", "error")], said


def test_a_cut_or_a_while_away_no_less_than_another_from_no_later_is_said_repeated(
    tmp_path: Path,
) -> None:
    # A's ceiling cut to 50 from month 6 holds over the cut to 50 from month 8; a away
    # in months 4-8 over a away in 5-8: equal figures and ends hold over too.
    case = _a_year()
    cut = {"kind": "ceiling_cut", "nation": "A", "personnel": 50}
    lost: dict[str, object] = {"kind": "unit_unavailable", "unit": "a", "to": month(8)}
    entries = [
        cut | {"from": month(6)},
        cut | {"from": month(8)},
        lost | {"from": month(4)},
        lost | {"from": month(5)},
    ]
    changed, said = _applied(tmp_path, case, entries, 3)
    # At the later entries' `from`, each the last line of its entry.
    assert said == [(9, "from", "repeated", "warning"), (17, "from", "repeated", "warning")]
    assert changed is not None and changed.unavailable_periods == {"a": ((4, 8),)}


def test_a_handover_the_scenario_decided_in_its_month_leaves_the_decision_holding(
    tmp_path: Path,
) -> None:
    # regions.csv hands r over in month 6: an event handing it over in month 6, then one in
    # month 8, change nothing; the second is not said repeated of the first.
    decided = [Region(region="r", population=1000, risk=1, handed_over=month(6))]
    case = scenario(
        months=12, units=[unit("a")], demand=[("r", "guard", 0, 5, 100)], regions=decided
    )
    handover = {"kind": "handover", "region": "r"}
    entries = [handover | {"from": month(6)}, handover | {"from": month(8)}]
    changed, said = _applied(tmp_path, case, entries, 3)
    assert said == [(4, "from", "no-change", "warning"), (7, "from", "no-change", "warning")]
    assert changed is not None and changed.region_by_code["r"].handed_over == month(6)


def test_surges_are_judged_at_the_horizons_end_the_handover_and_their_last_month(
    tmp_path: Path,
) -> None:
    # r1 handed over from month 6: a surge ending then is refused at its `to`, one from
    # then at its `from`. r2 asks 100 in month 4 alone: doubled in months 2-4 it is scaled
    # (no warning); 5 more to month 11, the horizon's end, is not cut; from month 11 to
    # month 17 is, said.
    demand = [("r1", "guard", 0, 11, 100), ("r2", "guard", 4, 4, 100)]
    case = scenario(months=12, units=[unit("a")], demand=demand, regions=TWO_REGIONS)
    on_r1 = {"kind": "demand_surge", "region": "r1", "task": "guard"}
    on_r2 = on_r1 | {"region": "r2"}
    entries: list[dict[str, object]] = [
        {"kind": "handover", "region": "r1", "from": month(6)},
        on_r1 | {"from": month(4), "to": month(6), "extra": 10},
        on_r1 | {"from": month(6), "to": month(7), "extra": 10},
        on_r2 | {"from": month(2), "to": month(4), "factor": 2},
        on_r2 | {"from": month(10), "to": month(11), "extra": 5},
        on_r2 | {"from": month(11), "to": month(17), "extra": 5},
    ]
    _, said = _applied(tmp_path, case, entries, 1)
    assert said == [
        (9, "to", "after-handover", "error"),
        (14, "from", "after-handover", "error"),
        (33, "to", "past-horizon", "warning"),
    ], said


def test_cuts_and_a_unit_lost_are_judged_at_their_bounds(tmp_path: Path) -> None:
    # Re-planned from month 11, the last of FY2000: A's ceiling cut to its 100,000 and
    # budget cut to its 1,000 change nothing; FY2000 is not past. B has no budget to scale;
    # a cut from month 24 is after the horizon; b, available from month 11, lost from then
    # would have no month.
    case = scenario(
        months=24,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", available_from=month(11)), unit("c", nation="B")],
        demand=[("r", "guard", 0, 23, 100)],
        budgets=[Budget(nation="A", fiscal_year=2000, budget=1000.0)],
    )
    ceiling = {"kind": "ceiling_cut", "nation": "A"}
    budget = {"kind": "budget_cut", "nation": "A", "fiscal_year": 2000}
    entries: list[dict[str, object]] = [
        ceiling | {"from": month(11), "personnel": 100_000},
        budget | {"amount": 1000},
        budget | {"nation": "B", "fiscal_year": 2001, "factor": 0.5},
        ceiling | {"from": month(24), "personnel": 5},
        {"kind": "unit_unavailable", "unit": "b", "from": month(11)},
    ]
    _, said = _applied(tmp_path, case, entries, 11)
    assert said == [
        (5, "personnel", "no-cut", "warning"),
        (9, "amount", "no-cut", "warning"),
        (13, "factor", "no-budget", "error"),
        (16, "from", "outside-horizon", "error"),
        (20, "from", "before-available", "error"),
    ], said


def test_withdrawals_are_judged_at_the_horizons_end_the_join_and_the_leave(
    tmp_path: Path,
) -> None:
    # A announcing in month 11, the horizon's last, leaves after month 10; B, joining in
    # month 4, may leave after month 4 itself; C's last month is 8 already: a withdrawal
    # leaving after month 8 changes nothing, said.
    nations = [nation("A"), nation("B", join=month(4)), nation("C", leave=month(8))]
    units = [unit("a"), unit("b", nation="B"), unit("c", nation="C")]
    case = scenario(months=12, nations=nations, units=units, demand=[("r", "guard", 0, 11, 100)])
    withdraw = {"kind": "withdraw", "notice_months": 1}
    entries = [
        withdraw | {"nation": "A", "announced": month(11), "notice_months": 0},
        withdraw | {"nation": "B", "announced": month(4)},
        withdraw | {"nation": "C", "announced": month(8)},
    ]
    changed, said = _applied(tmp_path, case, entries, 1)
    assert said == [(13, "announced", "no-change", "warning")], said
    assert changed is not None
    assert [n.leave for n in changed.nations] == [month(10), month(4), month(8)]


def test_caveats_and_whiles_away_are_judged_at_the_ends_of_what_holds_them(
    tmp_path: Path,
) -> None:
    # caveats.csv has A refuse r in months 2-8: a caveat over 3-8 changes nothing, one over
    # 9-10 is new. d1 and d2 are available from month 5: away in 3-5, d1 misses month 5;
    # away in 3-4, d2 misses nothing, said.
    case = scenario(
        months=12,
        units=[unit("a"), unit("d1", available_from=month(5)), unit("d2", available_from=month(5))],
        demand=[("r", "guard", 0, 11, 100)],
        caveats=[Caveat(nation="A", first=month(2), last=month(8), region="r")],
    )
    caveat = {"kind": "caveat", "nation": "A", "region": "r"}
    lost = {"kind": "unit_unavailable", "from": month(3)}
    entries = [
        caveat | {"from": month(3), "to": month(8)},
        caveat | {"from": month(9), "to": month(10)},
        lost | {"unit": "d1", "to": month(5)},
        lost | {"unit": "d2", "to": month(4)},
    ]
    changed, said = _applied(tmp_path, case, entries, 1)
    assert said == [(4, "region", "no-change", "warning"), (17, "from", "no-change", "warning")]
    assert changed is not None
    assert [(c.first, c.last) for c in changed.caveats] == [
        (month(2), month(8)),
        (month(9), month(10)),
    ]
    assert changed.unavailable_periods == {"d1": ((3, 5),), "d2": ((3, 4),)}


def test_a_re_plan_commits_tours_mobilized_before_its_month_and_redeployments_begun() -> None:
    # a mobilized in month 3 is the re-plan's from month 3 still, committed from month 4;
    # a redeployment from month 5 is not begun in a re-plan from month 5, begun from 6.
    from forcegen.checker.rules import Tour
    from forcegen.fileformat import PlannedTour
    from forcegen.replan.apply import is_committed

    row = PlannedTour(row=2, unit="a", task="guard", region="r", start=month(3), given={})
    tour = Tour(row, "a", "A", "inf", "active", "guard", "r", 100, 3, 8, 3, 3, 1.0)
    assert [is_committed(tour, then) for then in (3, 4)] == [False, True]
    redeployed = replace(tour, start=5, mobilized=1, continues=True)
    assert [is_committed(redeployed, then) for then in (5, 6)] == [False, True]


def test_an_events_description_as_long_as_a_reason_holds_is_kept_whole(tmp_path: Path) -> None:
    # A caveat's description of as many characters as a row's reason holds is its reason
    # as written; one character more is cut, "..." saying so.
    case = _a_year()
    caveat = {"kind": "caveat", "nation": "A", "from": month(2)}
    entries = [
        caveat | {"region": "r", "description": "x" * REASON},
        caveat | {"task": "guard", "description": "y" * (REASON + 1)},
    ]
    changed, said = _applied(tmp_path, case, entries, 1)
    assert said == [] and changed is not None, said
    assert [c.reason for c in changed.caveats] == ["x" * REASON, "y" * (REASON - 3) + "..."]


def test_a_cut_below_what_is_in_motion_is_named_at_its_nations_lowest_cut_then(
    tmp_path: Path,
) -> None:
    # a (A) and b (B) tour months 0-5. From month 4 A's ceiling is cut to 50, from month 5
    # to 20, B's to 5 from month 4: A's tours break the first in month 4 (the second not
    # yet in effect), the second in month 5 (the lower of the two then); B's break B's cut
    # alone, though it is the lowest of all.
    case = scenario(
        months=12,
        nations=[nation("A"), nation("B")],
        units=[unit("a"), unit("b", nation="B")],
        demand=[("r", "guard", 0, 11, 200)],
    )
    model = _spec()
    before = tmp_path / "before"
    _plan(case, model, before)
    _tours_by_hand(before, f"a,guard,r,{month(0)}", f"b,guard,r,{month(0)}")
    cut = {"kind": "ceiling_cut", "from": month(4)}
    events = [
        cut | {"nation": "A", "personnel": 50},
        cut | {"nation": "A", "from": month(5), "personnel": 20},
        cut | {"nation": "B", "personnel": 5},
    ]
    with pytest.raises(ScenarioError) as caught:
        _replan(case, model, before, 4, events)
    # Each at its personnel, the fourth of its entry's sorted keys.
    assert sorted((p.row, p.rule) for p in errors(caught.value.problems)) == [
        (5, "below-committed"),
        (9, "below-committed"),
        (13, "below-committed"),
    ]


# What a re-plan changed, tour by tour (forcegen.replan.diff), on tours written by hand:
# the pairings a mutation tester found no test of.


def _diff_tours(*rows: tuple[str, str, str, int]) -> pd.DataFrame:
    """Assignments of (unit, task, region, start) tours of 6 months, each its own call-up."""
    return pd.DataFrame(
        [
            {"unit": unit, "nation": "A", "task": task, "region": region}
            | {"start": month(start), "end": month(start + 5), "mobilized_from": month(start)}
            for unit, task, region, start in rows
        ]
    )


def test_a_moved_tour_is_paired_with_the_nearest_tour_after_in_either_direction() -> None:
    """u guarded from months 12 and 20, re-planned to guard from month 10: the tour of month
    12 moved 2 months earlier, that of month 20 cancelled, not moved 10 months earlier
    (taken by the signed distance, the earliest had come first). v guarded r1 from month
    12; the re-plan has it guard r2 from month 10 and r1 from month 14, both 2 months off:
    the one in its own region is the tour moved, the other added; one tour is moved once."""
    from forcegen.replan.diff import plan_diff

    before = _diff_tours(("u", "guard", "r", 12), ("u", "guard", "r", 20), ("v", "guard", "r1", 12))
    after = _diff_tours(("u", "guard", "r", 10), ("v", "guard", "r2", 10), ("v", "guard", "r1", 14))
    diff = plan_diff(before, after)
    shown = diff[["change", "unit", "region_before", "start_before", "region_after", "start_after"]]
    assert shown.astype(object).where(shown.notna(), None).values.tolist() == [
        ["moved", "u", "r", month(12), "r", month(10)],
        ["moved", "v", "r1", month(12), "r1", month(14)],
        ["cancelled", "u", "r", month(20), None, None],
        ["added", "v", None, None, "r2", month(10)],
    ]


def test_a_tour_on_another_task_is_retasked_only_in_its_region_and_month() -> None:
    """u kept public order in r from month 3; the re-plan has it on border control in r from
    month 9: another task at another start is no tour retasked but one cancelled and one
    added, as the model prices them."""
    from forcegen.fileformat import change_counts, chosen
    from forcegen.replan.diff import plan_diff

    diff = plan_diff(
        _diff_tours(("u", "public_order", "r", 3)), _diff_tours(("u", "border_control", "r", 9))
    )
    shown = diff[["change", "task", "task_after", "start_before", "start_after"]]
    assert shown.astype(object).where(shown.notna(), None).values.tolist() == [
        ["cancelled", "public_order", None, month(3), None],
        ["added", "border_control", None, None, month(9)],
    ]
    assert chosen(change_counts(diff)) == 2


def test_a_handover_moved_to_another_month_than_decided_is_the_re_plans(tmp_path: Path) -> None:
    """dili handed over in 2003-11 by the re-plan where a decision gave 2003-12: the re-plan
    moved it, not the decision. aileu, baucau and ermera, which the table before leaves
    out, are handed over after: moved from never, named in order. The table after, edited by
    hand, has a column of notes beside the region and month it is read by; one without them
    names none."""
    from forcegen.replan.diff import handover_moves

    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    (before / "handover.csv").write_text("region,month\ndili,\n")
    (after / "handover.csv").write_text(
        "region,month,note\nermera,2003-09,\ndili,2003-11,\nbaucau,2003-10,\naileu,2003-10,early\n"
    )
    assert handover_moves(before, after, {"dili": "2003-12"}) == [
        "aileu never -> 2003-10",
        "baucau never -> 2003-10",
        "dili never -> 2003-11",
        "ermera never -> 2003-09",
    ]
    (after / "handover.csv").write_text("area,when\ndili,2003-11\n")
    assert handover_moves(before, after, {"dili": "2003-12"}) == []


def test_a_re_plans_kpi_deltas_are_its_own_rows_under_its_name(tmp_path: Path) -> None:
    """kpi_deltas of run folders written by hand: the plan replaced 500 short at 100, the
    re-plan (its replan.yaml) 450 short at 120. A row per key figure of the re-plan's, named
    as given, compare's columns but the baseline's name; the objective's change left
    blank, why kept under that name."""
    from forcegen.replan.diff import kpi_deltas
    from forcegen.sweep.compare import COMPARED_KPIS, SCORED_OTHERWISE

    figures = {"before": (500.0, 100.0, 900.0), "after": (450.0, 120.0, 950.0)}
    for name, (short, cost, objective) in figures.items():
        (tmp_path / name).mkdir()
        kpis = {"total_shortfall": short, "cost": cost, "objective": objective}
        (tmp_path / name / "kpis.json").write_text(json.dumps(kpis))
    (tmp_path / "after" / "replan.yaml").write_text(yaml.safe_dump({"from": month(3)}))
    table = kpi_deltas(tmp_path / "before", tmp_path / "after", "re-plan")
    assert list(table.columns) == [
        "run", "scenario", "baseline_scenario", "model", "baseline_model", "model_file",
        "baseline_model_file", "replan", "scenario_as_baseline", "model_as_baseline",
        "model_changes", "kpi", "unit", "value", "baseline", "baseline_unit", "delta",
        "delta_pct", "within_gap",
    ]  # fmt: skip
    assert list(table.index) == list(range(len(COMPARED_KPIS)))
    assert table["kpi"].tolist() == list(COMPARED_KPIS)
    assert set(table["run"]) == {"re-plan"} and table["replan"].all()
    shown = table.set_index("kpi")[["value", "baseline", "delta", "delta_pct"]]
    shown = shown.astype(object).where(shown.notna(), None)
    assert shown.loc[["total_shortfall", "cost", "objective"]].values.tolist() == [
        [450.0, 500.0, -50.0, -0.1],
        [120.0, 100.0, 20.0, 0.2],
        [950.0, 900.0, None, None],
    ]
    assert table.attrs[SCORED_OTHERWISE] == {
        "re-plan": "it is a re-plan, whose objective weighs its changes to the plan it "
        "replaces (weights.change)"
    }


def test_each_of_a_units_redeployments_is_a_row_in_the_order_they_go_on() -> None:
    """u guarded r1 from month 0 and again from month 12, each tour cut short after 3
    months and u sent on to escort in r2 for the rest of its call-up: two redeployments, a
    row each, the earlier first, each beside the tour it goes on from."""
    from forcegen.replan.diff import plan_diff

    def tours(*rows: tuple[str, str, int, int, int]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"unit": "u", "nation": "A", "task": task, "region": region}
                | {"start": month(start), "end": month(end), "mobilized_from": month(mobilized)}
                for task, region, start, end, mobilized in rows
            ]
        )

    before = tours(("guard", "r1", 0, 5, 0), ("guard", "r1", 12, 17, 12))
    after = tours(
        ("guard", "r1", 0, 2, 0),
        ("escort", "r2", 3, 5, 0),
        ("guard", "r1", 12, 14, 12),
        ("escort", "r2", 15, 17, 12),
    )
    diff = plan_diff(before, after)
    shown = diff[["change", "task_after", "start_before", "end_before", "start_after"]]
    assert shown.astype(object).where(shown.notna(), None).values.tolist() == [
        ["curtailed", None, month(0), month(5), month(0)],
        ["curtailed", None, month(12), month(17), month(12)],
        ["redeployed", "escort", month(0), month(2), month(3)],
        ["redeployed", "escort", month(12), month(14), month(15)],
    ]


def test_a_tour_the_re_plan_lengthens_is_moved_not_curtailed() -> None:
    """A curtailment ends earlier: u's tour of months 3-5 (a plan made by hand with short
    tours) re-planned as months 3-8 is the re-plan's own change, moved, where it had been
    said curtailed, imposed by the events and left out of the changes counted; v's
    shortened stays curtailed, and w's on another task from the same start is retasked
    however long either is."""
    from forcegen.replan.diff import plan_diff

    def tours(*rows: tuple[str, str, int, int]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"unit": unit, "nation": "A", "task": task, "region": "r"}
                | {"start": month(start), "end": month(end), "mobilized_from": month(start)}
                for unit, task, start, end in rows
            ]
        )

    before = tours(("u", "guard", 3, 5), ("v", "guard", 3, 8), ("w", "guard", 3, 5))
    after = tours(("u", "guard", 3, 8), ("v", "guard", 3, 5), ("w", "patrol", 3, 8))
    diff = plan_diff(before, after)
    assert diff[["change", "unit", "end_before", "end_after"]].values.tolist() == [
        ["curtailed", "v", month(8), month(5)],
        ["retasked", "w", month(5), month(8)],
        ["moved", "u", month(5), month(8)],
    ]
