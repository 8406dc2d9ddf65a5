"""What a re-plan changed, tour by tour, and how its key figures moved.

For each unit, its tours before and after are matched in this order:

    kept        same task, region, start and end
    curtailed   same task, region and start, an earlier end (an event cut the tour short,
                or the scenario as it stands where there are no events)
    stood-down  only before, mobilized before the re-plan month but due to deploy after
                the last month the events leave its unit (a reserve in its
                post-mobilization training whose nation withdraws, whose unit is lost or
                whose region is handed over): it never deploys, and its months of
                training before the re-plan month are history
    redeployed  only after, a tour that goes on with its unit's call-up, elsewhere or on
                another task, the month after another of its tours ends cut short: the
                unit is mobilized for both (docs/rules.md, redeployed). Its before
                columns (`task`, where `task_after` differs) are where the unit was: the
                tour it goes on from, as the re-plan leaves it, cut short (that tour has
                a row of its own, most often curtailed). Or a reserve in its
                post-mobilization training the events would have stood down, sent
                elsewhere from the start it had: its before columns are the tour it
                trained for, which has no row of its own (the same start before and
                after tells the two apart)
    retasked    same region and start, another task: a tour only before and a tour only
                after (`task` is the one before, `task_after` the one after)
    moved       same task, a different region or start, or the same start and a later
                end (a tour the re-plan lengthened: its tours are longer in the
                scenario it was given, or the plan before was made by hand with short
                ones): a tour only before and a tour only after, the unit's nearest pair
                by start first (of pairs as near, one in the same region)
    cancelled   only before, unpaired
    added       only after, unpaired

A tour changed by the re-plan is a redeployed, retasked, moved, cancelled or added one
(`fileformat.CHOSEN`); curtailed and stood-down tours are what the events imposed on tours mobilized
before the re-plan month, which the re-plan commits as the events leave them.
`broken_by_events` names the rules the tour before broke once the events changed the
scenario (the checker's verdict on the plan replaced): a change without one was chosen for
a better plan, not forced.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from forcegen.fileformat import CHANGES, redeployments
from forcegen.months import months_between
from forcegen.sweep.compare import SCORED_OTHERWISE, compare_runs

POSITION = "_position"  # a tour before's label in its table, to find what it broke
DIFF_COLUMNS = [
    "change",
    "unit",
    "nation",
    "task",
    "task_after",
    "region_before",
    "start_before",
    "end_before",
    "region_after",
    "start_after",
    "end_after",
    "broken_by_events",
]


Tour = dict[str, Any]  # a row of a plan's assignments, by column
# A change and the tours it pairs: the tour before (None for an added one) and after (None
# for a stood-down or cancelled one).
Change = tuple[str, Tour | None, Tour | None]


def plan_diff(
    before: pd.DataFrame,
    after: pd.DataFrame,
    broken: Mapping[int, str] | None = None,
    in_motion: Collection[int] = (),
) -> pd.DataFrame:
    """One row per tour before or after (a moved or curtailed pair is one row). `broken`:
    the rules each tour before (by its label in `before`'s index) breaks after the events;
    `in_motion`: the tours before (by label) mobilized before the re-plan month, which the
    re-plan kept, curtailed or, where none of it is left, stood down."""
    old = [
        {str(k): v for k, v in r.items()} | {POSITION: i}
        for i, r in zip(before.index, before.to_dict("records"), strict=True)
    ]
    new = [{str(k): v for k, v in r.items()} for r in after.to_dict("records")]
    changes: list[Change] = []
    for unit in sorted({t["unit"] for t in old} | {t["unit"] for t in new}):
        mine_old = [t for t in old if t["unit"] == unit]
        mine_new = [t for t in new if t["unit"] == unit]
        changes += _unit_changes(mine_old, mine_new, in_motion)
    rows = [_row(change, was, now, broken or {}) for change, was, now in changes]
    frame = pd.DataFrame(rows, columns=DIFF_COLUMNS)
    order = {change: i for i, change in enumerate(CHANGES)}
    return frame.sort_values(
        ["change", "unit"],
        key=lambda c: c.map(order) if c.name == "change" else c,
        ignore_index=True,
    )


def _unit_changes(old: list[Tour], new: list[Tour], in_motion: Collection[int]) -> list[Change]:
    """One unit's tours before (`old`) and after (`new`) matched, in the order the module
    says: each step pairs off only what the steps before it left."""
    every, old, new = new, list(old), list(new)
    changes = _pair_off("kept", old, new, ("task", "region", "start", "end"))
    changes += _pair_off("curtailed", old, new, ("task", "region", "start"), _shorter)
    # A reserve in training the events stood down, sent elsewhere from the start it had:
    # the same call-up, deployed (docs/rules.md, redeployed); else stood down.
    waiting = [t for t in old if t[POSITION] in in_motion]
    changes += _pair_off("redeployed", waiting, new, ("start",))
    changes += [("stood-down", t, None) for t in waiting]
    # Before any pairing: a redeployment is no future tour moved here. Said beside the tour
    # it goes on from, where the unit was, as the terminal and the report say it.
    went_on = {j: every[k] for k, j in redeployments(every) if every[j] in new}
    changes += [("redeployed", was, every[j]) for j, was in sorted(went_on.items())]
    new = [t for t in new if t not in [every[j] for j in went_on]]
    movable = [t for t in old if t[POSITION] not in in_motion]
    # Put on another task where it was to serve: one change, not a cancelled tour and
    # an added one.
    changes += _pair_off("retasked", movable, new, ("region", "start"), _other_task)
    moved = _nearest_pairs(movable, new)
    changes += [("moved", movable[i], new[j]) for i, j in moved]
    paired_old, paired_new = {i for i, _ in moved}, {j for _, j in moved}
    changes += [("cancelled", t, None) for i, t in enumerate(movable) if i not in paired_old]
    changes += [("added", None, t) for j, t in enumerate(new) if j not in paired_new]
    return changes


def _pair_off(
    change: str,
    old: list[Tour],
    new: list[Tour],
    keys: tuple[str, ...],
    fits: Callable[[Tour, Tour], bool] | None = None,
) -> list[Change]:
    """Each tour of `old`, in turn, with the first of `new` alike in `keys` that `fits` it
    (before, after) if given; the pairs taken out of both lists."""
    pairs: list[Change] = []
    for tour in list(old):
        match = next(
            (
                t
                for t in new
                if all(t[k] == tour[k] for k in keys) and (fits is None or fits(tour, t))
            ),
            None,
        )
        if match is not None:
            pairs.append((change, tour, match))
            old.remove(tour)
            new.remove(match)
    return pairs


def _shorter(before: Tour, after: Tour) -> bool:
    """A curtailment ends earlier: a tour the re-plan lengthened is moved, its own choice."""
    return str(after["end"]) < str(before["end"])


def _other_task(before: Tour, after: Tour) -> bool:
    return after["task"] != before["task"]


def _nearest_pairs(old: list[Tour], new: list[Tour]) -> list[tuple[int, int]]:
    """The tours of one task before and after paired as moved, by their positions in `old`
    and `new`: the nearest by start first, of pairs as near one in the same region."""
    # Over all of the unit's tours: taken old tour by old tour, an early one could take
    # the match a later one has in its own month, and be said moved a year.
    candidates = sorted(
        (
            abs(months_between(str(a["start"]), str(b["start"]))),
            a["region"] != b["region"],
            i,
            j,
        )
        for i, a in enumerate(old)
        for j, b in enumerate(new)
        if a["task"] == b["task"]
    )
    pairs: list[tuple[int, int]] = []
    paired_old: set[int] = set()
    paired_new: set[int] = set()
    for *_, i, j in candidates:
        if i not in paired_old and j not in paired_new:
            pairs.append((i, j))
            paired_old.add(i)
            paired_new.add(j)
    return pairs


def _row(
    change: str, before: Tour | None, after: Tour | None, broken: Mapping[int, str]
) -> dict[str, Any]:
    """The diff's row of a change (`DIFF_COLUMNS`); `broken`: as `plan_diff`'s."""
    either = before or after
    assert either is not None
    row = {
        "change": change,
        "unit": either["unit"],
        "nation": either["nation"],
        "task": either["task"],
        "task_after": after["task"]
        if before and after and after["task"] != before["task"]
        else None,
    }
    for side, tour in (("before", before), ("after", after)):
        for column in ("region", "start", "end"):
            row[f"{column}_{side}"] = tour[column] if tour else None
    # A redeployment's tour before is the plan's after (no POSITION): none the events broke.
    row["broken_by_events"] = (
        broken.get(before[POSITION]) if before and POSITION in before else None
    )
    return row


def kpi_deltas(before: Path, after: Path, name: str) -> pd.DataFrame:
    """KPIs of the re-plan beside the plan it replaces (`forcegen compare`'s table): a run
    folder, its kpis.json read before the solve (`read_setting`)."""
    # The re-plan is judged once written whole, with its record (`replan.yaml`).
    table = compare_runs([before, after], baseline=before, judge=False)
    # The re-plan's rows, with compare's columns but the baseline's name, which is always
    # the plan replaced: the same kind of table.
    replan = table["run"].iloc[-1]
    why = table.attrs.get(SCORED_OTHERWISE, {})
    table = table[table["run"] == replan].drop(columns=["run", "baseline_run"])
    table = table.assign(run=name)[["run", *table.columns]].reset_index(drop=True)
    # Why compare does not judge it, under the name it goes by here.
    table.attrs[SCORED_OTHERWISE] = {name: why[replan]} if replan in why else {}
    return table


def handover_moves(
    before: Path, after: Path, decided: Mapping[str, str] | None = None
) -> list[str]:
    """Each region whose handover the re-plan moved, `bobonaro 2003-10 -> 2004-08`
    (`never` for none in the horizon): the count handed over can stay the same while
    regions trade places, and the end-state is the mission's. One moved to the month
    `decided` gives its region (a `handover` event's) is marked `(by decision)`: the
    events moved it, not the re-plan's choice."""

    def handed(run: Path) -> dict[str, str]:
        try:
            frame = pd.read_csv(run / "handover.csv", dtype=str, keep_default_na=False)
        except (OSError, ValueError):
            return {}
        if not {"region", "month"} <= set(frame.columns):
            return {}
        return {r: m or "never" for r, m in zip(frame["region"], frame["month"], strict=True)}

    old, new, decided = handed(before), handed(after), decided or {}
    return [
        f"{region} {old.get(region, 'never')} -> {new.get(region, 'never')}"
        + " (by decision)" * (region in decided and decided[region] == new.get(region))
        for region in sorted(old.keys() | new.keys())
        if old.get(region, "never") != new.get(region, "never")
    ]
