"""Rolling horizon: solve a window, commit its first months, slide, until the horizon ends.

Window k covers months [a, a+W) of the horizon with everything mobilized before a
committed (`Commitments`, as a re-plan commits the plan in motion): tours, recruits and
domestic employment. Its tours mobilized before a+C are committed for the next window,
which starts at a+C. The last window reaches the horizon end and is the full model with
every earlier decision fixed, so its objective is the rolling plan's objective on the
same terms as a full-horizon solve's.

A window without a plan (rules in conflict, or its solve stopped first) ends the run, as
does a full-horizon solve without one; the windows finished before it are not thrown
away: `Unfinished` carries their plan, which `write_unfinished` puts in `unfinished/` of
the output folder with a record of where and why the run stopped, and no `rolling.csv`,
so that it is never taken for a rolling run that finished.

A window is myopic about the domestic force: a recruit pays off in a handover only after
its course and the months the force holds the region alone (`HandoverLead`), and a window
that ends sooner commits recruiting without seeing the handovers it buys. It is myopic
about its own tours too: one mobilized late in the months it commits stays in theatre past
its end (`TourReach`), where no rule of the window judges it, and the next window, which
cannot move it, may find it breaking one (a ceiling, a reserve share) with no tour left
to mend it.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from forcegen.fileformat import domestic_part, redeployments
from forcegen.fileio import atomic_folder
from forcegen.model.sets import Commitments, CommittedTour
from forcegen.plan import Plan
from forcegen.replan import unfinished
from forcegen.replan.apply import history
from forcegen.replan.unfinished import UNFINISHED, how_no_plan, why_no_plan
from forcegen.run import Infeasible, NoPlan, Run, solve_scenario
from forcegen.scenario.scenario import Scenario
from forcegen.spec import NOISE, ModelSpec, SolverOptions
from forcegen.sweep.compare import change, counts_whole

RECORD = "unfinished.yaml"  # in it: where and why the run stopped
# What a rolling-horizon folder holds, finished or stopped.
MARKERS = ("rolling.csv", f"{UNFINISHED}/{RECORD}")
COMPARED = ("objective", "bound", "total_shortfall", "cost", "tours", "regions_handed_over", "gap")


def truncated(scenario: Scenario, months: int) -> Scenario:
    """The scenario's first `months` months: later demand, ceiling, budget and academy rows
    dropped, and unavailable and caveat rows no tour from them reaches (a stopped run's
    copy of it is checked without a warning for each)."""
    document = scenario.model_dump(by_alias=True)
    document["settings"]["months"] = months
    last = scenario.months[months - 1]
    document["demand"] = [
        {**row, "last": min(row["last"], last)}
        for row in document["demand"]
        if row["first"] <= last
    ]
    document["ceilings"] = [row for row in document["ceilings"] if row["from"] <= last]
    # A window's tours run past its end, held by the periods and caveats they reach (as
    # validation judges a row that no tour reaches).
    tours = {u.unit: scenario.tour_of(u) for u in scenario.units}
    longest: dict[str, int] = {}
    for u in scenario.units:
        longest[u.nation] = max(longest.get(u.nation, 0), tours[u.unit])
    document["unavailable"] = [
        row
        for row in document["unavailable"]
        if scenario.month_index(row["first"]) <= months + tours[row["unit"]] - 2
    ]
    document["caveats"] = [
        row
        for row in document["caveats"]
        if scenario.month_index(row["first"]) <= months + longest.get(row["nation"], 1) - 2
    ]
    year = scenario.fiscal_year_of(last)
    document["budgets"] = [row for row in document["budgets"] if row["fiscal_year"] <= year]
    document["academy"] = [row for row in document["academy"] if row["first"] <= last]
    return Scenario.model_validate(document)


@dataclass(frozen=True)
class HandoverLead:
    """How long recruiting takes to pay off in a handover (`model/training.py`,
    `model/handover.py`): a recruit enrolled in month s joins the force after the `course`,
    and a region is handed over once the force has held it alone for `hold` months
    (handover_months), in s + course + hold at the earliest. From no trained force, the
    region needing the fewest officers (`region`, `officers` at its least demand, with
    every calmer region's where regions go calm first) needs
    `intake` months of recruits at the academy's full `rate` a month first (None where
    academy.csv changes it in those months: what it admits month by month). `horizon`: the
    scenario's months, which a window never needs to pass."""

    course: int
    hold: int
    region: str
    officers: int
    rate: float | None
    intake: int
    horizon: int

    def window(self, commit: int) -> int:
        """The shortest window in which the recruits of every month it commits, and the
        intake of the first region's force, can show their handover."""
        return min(max(commit, self.intake) + self.course + self.hold, self.horizon)

    def reason(self, window: int, commit: int) -> str:
        """Why a `window` committing `commit` months, shorter than `window(commit)`, cannot
        see what recruiting buys."""
        said = (
            f"a window of {window} month(s) committing {commit} looks {window - commit} "
            f"month(s) past what it commits, and the domestic force's lead time is "
            f"{self.course + self.hold} months (a recruit joins after the {self.course}-month "
            f"course; a region is handed over once the force has held it alone for "
            f"{self.hold} months, handover_months)"
        )
        if self.intake > commit:
            pace = (
                "what the academy admits month by month (academy.csv)"
                if self.rate is None
                else f"the academy's {self.rate:g} a month"
            )
            said += (
                f", after {self.intake} months of recruits at {pace} for the {self.officers} "
                f"officers of {self.region}, the region needing fewest, from no trained force"
            )
        return (
            f"{said}: each window commits recruiting without seeing the handovers it buys, "
            "and the rolling plan may hand over fewer regions than the full-horizon solve"
        )


@dataclass(frozen=True)
class TourReach:
    """The months a tour is committed for from its mobilization: a `nation`'s reserve
    `training` (0 for a nation without reserve units) and tour, `months` in all, the
    longest of the scenario's nations with units."""

    nation: str
    months: int
    training: int
    horizon: int

    def window(self, commit: int) -> int:
        """The shortest window that holds whole every tour mobilized in its first `commit`
        months."""
        return min(commit + self.months - 1, self.horizon)

    def reason(self, window: int, commit: int) -> str:
        """Why a `window` committing `commit` months, shorter than `window(commit)`,
        commits tours it does not judge whole."""
        return (
            f"a window of {window} month(s) commits the tours mobilized in its first {commit}, "
            f"and one of {self.nation}'s stays {self.months} months from its mobilization"
            + (f" ({self.training} of reserve training and its tour)" if self.training else "")
            + ": mobilized late, it runs past the window's end, where no rule of the window "
            "judges it, and the next window, which cannot move it, may find it breaking a "
            "ceiling, budget or reserve share it has no tour left to mend, and stop without a "
            "plan"
        )


def tour_reach(scenario: Scenario) -> TourReach | None:
    """The longest a tour of the scenario's units stays committed from its mobilization;
    None without units."""
    # Each nation's longest: a reserve unit's training and its tour, or an active unit's
    # own longer tour (units.csv `tour_months`).
    reach: dict[str, tuple[int, int]] = {}
    for u in scenario.units:
        training = scenario.training_of(u)
        longest = (scenario.tour_of(u) + training, training)
        reach[u.nation] = max(reach.get(u.nation, (0, 0)), longest)
    # The nations' order, as the scenario gives them, breaks a tie.
    reach = {n.nation: reach[n.nation] for n in scenario.nations if n.nation in reach}
    if not reach:
        return None
    nation = max(reach, key=lambda code: reach[code][0])
    months, training = reach[nation]
    return TourReach(nation, months, training, scenario.settings.months)


def handover_lead(scenario: Scenario, spec: ModelSpec) -> HandoverLead | None:
    """The domestic force's lead time to a handover; None where no recruit can buy one
    (an end-date mission, no recruits or academy, no region the force may take over, or
    a horizon too short to build the force for any)."""
    force = scenario.settings.domestic
    # Recruits a month at the academy's capacity in force then (academy.csv's, 0 while it
    # is closed), each in the course for its months: a recruit enrolled in month s sits
    # in the academy to s + course - 1, so the least capacity of those months holds it
    # (a closure the month after enrolment admits no one the month before).
    capacities = scenario.academy_capacities
    rates = [
        min(
            force.recruits_per_month,
            min(capacities[s : s + force.course_months]) / force.course_months,
        )
        for s in range(len(capacities))
    ]
    if spec.mission.end != "end-state" or max(rates) <= 0 or force.effectiveness <= 0:
        return None
    need: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    last = scenario.settings.months - 1
    # A region handed over by decision needs no recruit; demand the force may not take
    # keeps one for good when it ends within the months the force must then hold it alone
    # of the horizon's end (handover_coverage).
    hold = spec.mission.handover_months
    kept = set(scenario.declared_handovers)
    for d in scenario.demand:
        first, final = scenario.window(d.first, d.last)
        if scenario.ends_at_handover(d.task):  # the force need not hold it: it ends
            continue
        if d.task in force.tasks:
            for t in range(first, final + 1):
                need[d.region][t] += d.personnel / force.effectiveness
        elif final + hold >= last and d.personnel > 0:
            kept.add(d.region)
    least = {
        region: min(v for v in months.values() if v > 0)
        for region, months in need.items()
        if region not in kept and any(v > 0 for v in months.values())
    }
    if spec.mission.handover_order == "calm-first":
        least = _calm_first(scenario, least, kept)
    if not least:
        return None
    region = min(least, key=least.__getitem__)
    officers = max(0, math.ceil(least[region] - force.initial_strength))
    # The months of recruits from the horizon's start that enrol the officers (rounding
    # apart: a third of a hundred a month enrols them in three).
    enrolled = accumulate(rates, initial=0.0)
    intake = next((n for n, total in enumerate(enrolled) if total + NOISE >= officers), None)
    # Where no solve can build the force and hand a region over, no window misses it.
    if intake is None or intake + force.course_months + hold > len(rates):
        return None
    return HandoverLead(
        course=force.course_months,
        hold=hold,
        region=region,
        officers=officers,
        rate=rates[0] if len(set(rates[: max(intake, 1)])) == 1 else None,
        intake=intake,
        horizon=scenario.settings.months,
    )


def _calm_first(scenario: Scenario, least: dict[str, float], kept: set[str]) -> dict[str, float]:
    """The officers each region's handover needs where no region goes before a calmer one
    (`mission.handover_order: calm-first`): its own and every calmer region's, all held at
    once by then; none for a region behind a calmer one kept for good (a region handed
    over by decision is the plan's to follow, not to wait for)."""
    risk = {r.region: r.risk for r in scenario.regions}
    declared = scenario.declared_handovers
    ceiling = min((risk[r] for r in kept if r not in declared), default=math.inf)
    return {
        region: need + sum(least[q] for q in least if risk[q] < risk[region])
        for region, need in least.items()
        if risk[region] <= ceiling
    }


def myopia(scenario: Scenario, spec: ModelSpec, window: int, commit: int) -> str | None:
    """Why windows of `window` months committing `commit` are myopic (`HandoverLead`,
    `TourReach`), and the shortest window that is not; None where they are not."""
    sights = [s for s in (handover_lead(scenario, spec), tour_reach(scenario)) if s is not None]
    short = [s for s in sights if window < s.window(commit)]
    if not short:
        return None
    wanted = max(s.window(commit) for s in sights)
    cure = (
        f"A window of {wanted} months sees all it commits"
        if wanted < scenario.settings.months
        else "Only the whole horizon sees all it commits: one window, the full-horizon solve"
    )
    return "; and ".join(s.reason(window, commit) for s in short) + f". {cure}: --window {wanted}"


def _committed(scenario: Scenario, row: dict[Any, Any], redeployed: bool) -> CommittedTour:
    """A window's tour in motion as it commits it (one `redeployed` in theatre, with the
    month its call-up was mobilized)."""
    mobilized = scenario.month_index(row["mobilized_from"])
    return CommittedTour(
        row["unit"],
        row["task"],
        row["region"],
        scenario.month_index(row["start"]),
        scenario.month_index(row["end"]),
        mobilized if redeployed else None,
    )


def committed_part(scenario: Scenario, plan: Plan, month: int) -> Commitments:
    """A window's plan, as commitments up to `month`: tours mobilized before it, and the
    pipeline's past. Handovers stay open: a window declares them without seeing the rest."""
    tours = plan.assignments
    early = tours[tours["mobilized_from"].map(scenario.month_index) < month]
    # The window's own plan, as the optimizer wrote it: nothing in it to report.
    part, _ = domestic_part(scenario, {"domestic": plan.domestic, "coverage": plan.coverage})
    recruits, heads, _ = history(part, month)
    rows = early.to_dict("records")
    redeployed = {j for _, j in redeployments(rows)}
    return Commitments(
        month=month,
        tours=tuple(_committed(scenario, row, k in redeployed) for k, row in enumerate(rows)),
        recruits=recruits,
        domestic=heads,
        handover=None,
    )


@dataclass
class Rolling:
    """The rolling plan (its last window's run, its times every window's) and the windows."""

    run: Run
    windows: list[tuple[int, int]]

    def months(self, scenario: Scenario) -> str:
        """The months the windows planned, `first..last`."""
        return f"{scenario.months[0]}..{scenario.months[self.windows[-1][1] - 1]}"


class Unfinished(Exception):
    """A solve of a rolling run without a plan: of the window `stopped_at` (its first and
    last month) or, None, of the full horizon. `why`: the diagnosis of the rules in conflict
    or how the solver stopped (`conflict` says which); `reached`: the rolling plan of the
    windows finished before it (None: none had); `interrupted`: stopped by Ctrl-C or
    SIGTERM while it solved, not for want of a plan."""

    def __init__(
        self,
        stopped_at: tuple[str, str] | None,
        why: list[str],
        conflict: bool,
        reached: Rolling | None,
        interrupted: bool = False,
    ) -> None:
        self.stopped_at, self.why, self.conflict, self.reached = stopped_at, why, conflict, reached
        self.interrupted = interrupted
        super().__init__(self.headline())

    @classmethod
    def stopped(cls, stopped_at: tuple[str, str] | None, reached: Rolling | None) -> Unfinished:
        """Interrupted while solving the window `stopped_at` (None: the full horizon)."""
        return cls(stopped_at, ["interrupted (Ctrl-C or SIGTERM)"], False, reached, True)

    @classmethod
    def of(
        cls, exc: Infeasible | NoPlan, stopped_at: tuple[str, str] | None, reached: Rolling | None
    ) -> Unfinished:
        return cls(stopped_at, *why_no_plan(exc), reached)

    def headline(self) -> str:
        what = "the full-horizon solve" if self.stopped_at is None else "the window"
        if self.stopped_at is not None:
            what += f" {self.stopped_at[0]}..{self.stopped_at[1]}"
        if self.interrupted:
            return f"Interrupted in {what}"
        return f"No plan for {what}: {how_no_plan(self.conflict)}"

    def kept(self, scenario: Scenario, folder: Path) -> str:
        """What of the run is kept, and where."""
        if self.reached is None:
            kept = "No window finished; nothing was written"
            if (folder / UNFINISHED / RECORD).exists():
                kept += f" (the {UNFINISHED}/ in {folder} is an earlier stopped run's)"
            return kept
        finished = len(self.reached.windows)
        if self.stopped_at is None:
            what = f"The rolling plan of all {finished} windows is"
        else:
            what = (
                f"The plan of the {finished} window(s) finished "
                f"({self.reached.months(scenario)}) is"
            )
        return f"{what} {unfinished.where_kept(folder, RECORD, 'rolling.csv', 'rolling')}"


def rolling_plan(
    scenario: Scenario,
    spec: ModelSpec,
    window: int,
    commit: int,
    options: SolverOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    log: TextIO | None = None,
) -> Rolling:
    """Solve windows of `window` months, committing the first `commit` months of each,
    each window's solver log to `log` as it goes. `Unfinished`, with the windows finished,
    when one has no plan."""
    if not 0 < commit <= window:
        raise ValueError(f"commit ({commit}) must be between 1 and the window ({window})")
    horizon = scenario.settings.months
    started = time.perf_counter()
    start, commitments = 0, None
    windows: list[tuple[int, int]] = []
    logs: list[str] = []
    solving, building = 0.0, 0.0
    reached = None

    def rolled(run: Run, ended: str) -> Rolling:
        """`run`, the last window's, as the rolling plan of the windows so far (`ended`:
        all of them, or stopped before the last): its bound and gap hold with the earlier
        windows fixed, so nothing proves how far the rolling plan is from the scenario's
        optimum, nor is it optimal. Its times and log are every window's."""
        kpis = run.plan.kpis
        kpis.update(termination=ended, solution="feasible", bound=None, gap=None)
        kpis.update(
            solve_seconds=round(solving, 3),
            build_seconds=round(building, 3),
            wall_seconds=round(time.perf_counter() - started, 3),
        )
        run.plan.solver_log = "\n".join(logs)
        return Rolling(run, list(windows))

    while True:
        end = min(start + window, horizon)
        # Cut from a judged scenario: a window may be shorter than a tour.
        cut = truncated(scenario, end)
        first, last = scenario.months[start], scenario.months[end - 1]
        try:
            # Within the try: a Ctrl-C as the window is said keeps the windows before it.
            if progress:
                progress(start, end)
            run = solve_scenario(cut, spec, options, log=log, commitments=commitments, judged=True)
        except Infeasible as exc:
            # The months the earlier windows committed are fixed here: a conflict may be
            # theirs (a myopic choice), not the scenario's.
            where = f"in the window {first}..{last}"
            if start:
                where += f", with the plan before {first} committed by the earlier windows"
            raise Unfinished((first, last), [f"({where})", *exc.diagnosis], True, reached) from None
        except NoPlan as exc:
            raise Unfinished.of(exc, (first, last), reached) from None
        except KeyboardInterrupt:
            raise Unfinished.stopped((first, last), reached) from None
        windows.append((start, end))
        kpis = run.plan.kpis
        solving += kpis["solve_seconds"]
        building += kpis["build_seconds"]
        logs.append(f"== window months {start}-{end - 1} ==\n{run.plan.solver_log}")
        if end == horizon:
            return rolled(run, "rolling-horizon")
        start += commit
        commitments = committed_part(scenario, run.plan, start)
        # Should the next window have no plan, this is the plan of the windows finished.
        reached = rolled(run, "rolling-stopped")


def full_horizon(
    rolling: Rolling,
    scenario: Scenario,
    spec: ModelSpec,
    options: SolverOptions | None = None,
    log: TextIO | None = None,
) -> Run:
    """The full-horizon solve the rolling plan is compared with, its solver log to `log`;
    `Unfinished`, with the rolling plan, when it has no plan."""
    try:
        return solve_scenario(scenario, spec, options, log=log)
    except (Infeasible, NoPlan) as exc:
        raise Unfinished.of(exc, None, rolling) from None
    except KeyboardInterrupt:
        raise Unfinished.stopped(None, rolling) from None


def comparison(rolling: Rolling, full: Run) -> pd.DataFrame:
    """Rolling against full-horizon plan: one row per KPI, with the gap between them.

    The full solve's `bound` bounds every plan of the scenario, the rolling one included;
    the rolling plan has none of its own (`rolling_plan`)."""

    def kpis(run: Run) -> dict[str, Any]:
        return {k: run.plan.kpis.get(k) for k in (*COMPARED, "wall_seconds")}

    rows = []
    a, b = kpis(rolling.run), kpis(full)
    # Named as compare's and kpi_deltas.csv's columns and figures are.
    for kpi in (*COMPARED, "wall_seconds"):
        delta, relative = change(kpi, a[kpi], b[kpi])
        rows.append(
            {
                "kpi": kpi,
                "rolling": a[kpi],
                "full": b[kpi],
                "delta": delta,
                "delta_pct": relative,
            }
        )
    return pd.DataFrame(rows)


def write_rolling(folder: Path, rolling: Rolling, full: Run, table: pd.DataFrame) -> None:
    """`rolling/` and `full/` run folders and `rolling.csv`, atomically; an earlier
    stopped run's `unfinished/` goes."""
    with atomic_folder(folder, replaces=("rolling", "full", "rolling.csv", UNFINISHED)) as staging:
        rolling.run.write(staging / "rolling")
        full.write(staging / "full")
        counts_whole(table, ("rolling", "full", "delta")).to_csv(
            staging / "rolling.csv", index=False
        )


def write_unfinished(folder: Path, scenario: Scenario, stopped: Unfinished) -> None:
    """The plan of the windows finished before `stopped` as the run folder `unfinished/`,
    with `unfinished.yaml`: where and why the run stopped, the windows finished and what of
    the plan they committed; atomically, an earlier stopped run's `unfinished/` replaced
    and a finished run's files left as they were. Nothing when no window finished."""
    reached = stopped.reached
    if reached is None:
        return
    if stopped.stopped_at is None:
        plan = (
            f"the rolling plan of every window, {reached.months(scenario)}, whole but not "
            "compared with a full-horizon plan"
        )
    else:
        plan = (
            f"the last finished window's plan, {reached.months(scenario)}: its tours "
            f"mobilized before {stopped.stopped_at[0]} committed, the later ones its "
            "look-ahead, which the stopped window was to plan again"
        )
    record = {
        "stopped": stopped.headline(),
        "why": stopped.why,
        "windows_finished": [
            f"{scenario.months[a]}..{scenario.months[b - 1]}" for a, b in reached.windows
        ],
        "plan": plan,
        "beside": (
            "rolling.csv, rolling/ and full/ beside this folder, if there, are of an earlier "
            "rolling run that finished"
        ),
    }
    unfinished.keep(folder, reached.run, RECORD, record)
