"""A plan that holds up if any one non-lead partner withdraws at short notice.

One copy of the model per scenario: the nominal one, and one per partner p in which p
announces in month A that it leaves W months later (its `leave` becomes A+W-1; its tours
under way are curtailed there, `sets.py`). Every decision taken before A (tours
mobilized, recruits, domestic employment, handovers) is shared by all copies, because
no one knows before A who will leave (non-anticipativity); after A each copy has its
own recourse. The objective is the nominal plan's objective plus the worst partner's:

    minimise  f_0 + z + eps sum_p f_p,   z >= f_p  for every partner p   (eps = 1e-4)

Against the plain plan x0 (the nominal optimum alone) the worst case can only improve,
up to eps: f_0(x*) + z(x*) <= f_0(x0) + z(x0) + eps sum_p f_p(x0) and f_0(x0) <= f_0(x*).
That argument needs both plans optimal; so the joint model also caps z at the plain
plan's worst case (which the plain plan and its re-plans, its warm start, meet), and the
worst case never gets worse even when a solve stops at its time limit.

Every partner's withdrawal is re-planned, even after one has no re-plan: which partners
the plain plan cannot lose is the study's finding, and the others' figures compare them.
Without every re-plan there is no resilient plan (its start and its cap are theirs), so
`NoRecourse` carries what finished, which `NoRecourse.write` puts in `unfinished/` of the
output folder with a record of which withdrawals have no re-plan and why, and no
`resilience.csv`, so that it is never taken for a resilience run that finished.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
import pyomo.environ as pyo

from forcegen.diagnose import FAILED
from forcegen.fileio import atomic_folder
from forcegen.greedy import GreedyPlan, warm_start_values
from forcegen.model.build import build_model
from forcegen.model.sets import ModelData, unit_groups
from forcegen.plan import Plan, extract_plan
from forcegen.replan import unfinished
from forcegen.replan.apply import Located, apply_events, commitments_from_run
from forcegen.replan.unfinished import UNFINISHED, how_no_plan, why_no_plan
from forcegen.run import Infeasible, NoPlan, Run, solve_scenario
from forcegen.scenario.events import Events, Withdraw
from forcegen.scenario.problems import ScenarioError, errors
from forcegen.scenario.scenario import Scenario
from forcegen.solve import SolveResult, solve_model
from forcegen.spec import NOISE, ModelSpec, SolverOptions

NOMINAL = "nominal"
SETTLE = 1e-4
RECORD = "partners.yaml"  # in unfinished/: each partner's re-plan, or why it has none
# What a resilience folder holds, finished or stopped (a stopped rolling run's record is
# named otherwise: neither command takes the other's folder for its own).
MARKERS = ("resilience.csv", f"{UNFINISHED}/{RECORD}")


def partners(scenario: Scenario, announced: str, notice: int) -> list[str]:
    """Non-lead nations with units, joined by the last month they would serve (`announced`
    + `notice` - 1) and not gone by then: the ones whose withdrawal is guarded against."""
    return _with_units(scenario, announced, notice)["serving"]


def joining_late(scenario: Scenario, announced: str, notice: int) -> list[str]:
    """Non-lead nations with units that join after the last month they would serve if
    they announced in `announced` that they leave: they have sent nothing to withdraw."""
    return _with_units(scenario, announced, notice)["joining late"]


def gone_before(scenario: Scenario, announced: str, notice: int) -> list[str]:
    """Non-lead nations with units whose own last month (nations.csv's leave) is no later
    than the last they would serve after such an announcement: withdrawing them changes
    nothing, and a re-plan without them would show only the solver's noise."""
    return _with_units(scenario, announced, notice)["gone"]


def _with_units(scenario: Scenario, announced: str, notice: int) -> dict[str, list[str]]:
    """The non-lead nations with units, by whether a withdrawal announced in `announced`
    to take effect after `notice` months would withdraw anything: `serving`, `joining
    late` (not there by its last month) or `gone` (gone by then anyway)."""
    with_units = {u.nation for u in scenario.units}
    last = scenario.month_index(announced) + notice - 1
    found: dict[str, list[str]] = {"serving": [], "joining late": [], "gone": []}
    for n in scenario.nations:
        if n.lead or n.nation not in with_units:
            continue
        if n.join is not None and scenario.month_index(n.join) > last:
            found["joining late"].append(n.nation)
        elif n.leave is not None and scenario.month_index(n.leave) <= last:
            found["gone"].append(n.nation)
        else:
            found["serving"].append(n.nation)
    return found


def withdrawal(nation: str, announced: str, notice: int) -> Events:
    """`nation` announces in `announced` that it leaves after `notice` months."""
    event = Withdraw(kind="withdraw", nation=nation, announced=announced, notice_months=notice)
    return Events("withdrawal", [event], [None])


def without(scenario: Scenario, nation: str, announced: str, notice: int) -> Scenario:
    """The scenario after `nation`'s withdrawal (unless it was leaving earlier anyway)."""
    return apply_events(scenario, withdrawal(nation, announced, notice), announced)


@dataclass
class Resilience:
    """Each scenario's plan and objective, and the worst partner."""

    plans: dict[str, Plan]
    objectives: dict[str, float]
    result: SolveResult
    data: ModelData  # the nominal copy's

    def write(self, folder: Path, plain: Resilience) -> pd.DataFrame:
        """The nominal plan as a run folder `plan/` and `resilience.csv` (each scenario under
        the plain and the resilient plan), atomically, an earlier stopped run's
        `unfinished/` gone; returns the table."""
        table = pd.concat(
            [plain.table().assign(plan="plain"), self.table().assign(plan="resilient")],
            ignore_index=True,
        )[["plan", "scenario", "objective", "total_shortfall", "cost", "tours"]]
        replaced = ("plan", "resilience.csv", UNFINISHED)
        with atomic_folder(folder, replaces=replaced) as staging:
            self.plans[NOMINAL].write(staging / "plan", self.data)
            table.to_csv(staging / "resilience.csv", index=False)
        return table

    @classmethod
    def of_runs(cls, nominal: Run, recourse: dict[str, Run]) -> Resilience:
        """Separate solves (the plain plan and its re-plans) gathered as one report."""
        runs = {NOMINAL: nominal, **recourse}
        return cls(
            plans={name: run.plan for name, run in runs.items()},
            objectives={name: float(run.plan.kpis["objective"]) for name, run in runs.items()},
            result=nominal.result,
            data=nominal.data,
        )

    @property
    def worst(self) -> tuple[str, float]:
        name = max((p for p in self.objectives if p != NOMINAL), key=self.objectives.__getitem__)
        return name, self.objectives[name]

    @property
    def worst_partners(self) -> list[str]:
        """Every partner whose leaving costs the worst case, within the solver's noise: the
        first of several alike is no worse than the others."""
        value = self.worst[1]
        return [p for p, f in self.objectives.items() if p != NOMINAL and alike(f, value)]

    def as_resilient_as(self, other: Resilience) -> bool:
        """Whether this plan's nominal objective and worst case are `other`'s, within the
        solver's noise."""
        return alike(self.objectives[NOMINAL], other.objectives[NOMINAL]) and alike(
            self.worst[1], other.worst[1]
        )

    def decided_before(self, scenario: Scenario, month: str) -> tuple[object, ...]:
        """What of the nominal plan no one can take back when a partner announces it
        leaves in `month`, as the joint model shares it: how many units of each group
        (units alike as the model groups them, `unit_groups`: which of them tours is a
        naming) serve each task, region and start from a mobilization before it, and the
        recruits, officers on tasks and handovers before it (to 6 decimals: the solver's
        noise is no decision)."""
        plan, before = self.plans[NOMINAL], scenario.month_index(month)

        def early(table: pd.DataFrame, column: str = "month") -> pd.DataFrame:
            return table[table[column].map(scenario.month_index) < before]

        tours = early(plan.assignments, "mobilized_from")
        group_of = {u: g.name for g in unit_groups(scenario).values() for u in g.units}
        groups = Counter(
            zip(
                tours["unit"].map(group_of),
                tours["task"],
                tours["region"],
                tours["start"],
                strict=True,
            )
        )
        recruits = tuple(round(float(r), 6) for r in early(plan.domestic)["recruits"])
        cells = early(plan.coverage)
        heads = {
            (row["region"], row["task"], row["month"]): round(float(row["domestic"]), 6)
            for row in cells.to_dict("records")
            if round(float(row["domestic"]), 6)
        }
        handed = {
            row["region"]: row["month"]
            for row in plan.handover.to_dict("records")
            if isinstance(row["month"], str) and scenario.month_index(row["month"]) < before
        }
        return groups, recruits, heads, handed

    def table(self) -> pd.DataFrame:
        rows: list[dict[str, Any]] = []
        for name, plan in self.plans.items():
            rows.append(
                {
                    "scenario": name if name == NOMINAL else f"without {name}",
                    "objective": self.objectives[name],
                    "total_shortfall": plan.kpis["total_shortfall"],
                    "cost": plan.kpis["cost"],
                    "tours": plan.kpis["tours"],
                }
            )
        return pd.DataFrame(rows)


def alike(a: float, b: float) -> bool:
    """Objectives equal but for the solver's noise (a millionth, as `no_worse` allows)."""
    return abs(a - b) <= NOISE * max(1.0, abs(a), abs(b))


def _first_stage(data: ModelData, announced: int) -> dict[tuple[str, str, str, int], int]:
    """Tour keys mobilized before the announcement, by index."""
    return {key: i for i, key in enumerate(data.tours) if data.mobilized(i) < announced}


def _warm_start(m: pyo.ConcreteModel, data: ModelData, run: Run) -> list[tuple[Any, float]]:
    """A solved plan of the same scenario as values of this copy's integer variables."""
    group_of = data.group_of
    position = {key: i for i, key in enumerate(data.tours)}
    counts: dict[int, int] = {}
    for tour in run.plan.assignments.to_dict("records"):
        start = data.scenario.month_index(str(tour["start"]))
        key = (group_of[str(tour["unit"])], str(tour["task"]), str(tour["region"]), start)
        counts[position[key]] = counts.get(position[key], 0) + 1
    values = warm_start_values(m, data, GreedyPlan(counts, []))
    if not hasattr(m, "handover"):
        return values
    # The plan's own handovers: all zero would price every region-month as not yet handed
    # over, and the start would break the cap on the worst case.
    handed = {
        str(row["region"]): data.scenario.month_index(str(row["month"]))
        for row in run.plan.handover.to_dict("records")
        if isinstance(row["month"], str)
    }
    values = [(var, value) for var, value in values if var.parent_component() is not m.handover]
    return values + [
        (m.handover[r, t], float(t >= handed.get(r, data.horizon))) for r, t in m.handover
    ]


def plain_worst_case(
    scenario: Scenario,
    spec: ModelSpec,
    plain: Path,
    announced: str,
    notice: int,
    options: SolverOptions | None = None,
    log: TextIO | None = None,
) -> tuple[dict[str, Run], dict[str, tuple[list[str], bool]]]:
    """Each partner's withdrawal met by re-planning the plain plan (run folder `plain`) from
    the announcement, nothing but the rules holding the recourse back: per partner, the
    plain plan's second stage in the joint model, solved alone. The re-plans, and for each
    partner whose withdrawal has none why (`why_no_plan`, naming the partner, whose
    withdrawal alone it follows); every partner is tried."""
    runs, failed = {}, {}
    for nation in partners(scenario, announced, notice):
        events = withdrawal(nation, announced, notice)
        changed = apply_events(scenario, events, announced)
        found = Located("withdrawal", [None])
        commitments = commitments_from_run(scenario, changed, spec, plain, announced, events, found)
        if errors(found.problems):
            raise ScenarioError(found.problems)
        try:
            runs[nation] = solve_scenario(
                changed, spec, options, log=log, commitments=replace(commitments, previous=())
            )
        except (Infeasible, NoPlan) as exc:
            # Which partner's withdrawal has no re-plan: the plain plan itself had one.
            where = (
                f"re-planning the plain plan for {nation} announcing in {announced} that it "
                f"leaves after {notice} month(s)"
            )
            why, conflict = why_no_plan(exc)
            failed[nation] = (
                [f"({where})", *why] if conflict else [f"{where}, {why[0]}"],
                conflict,
            )
    return runs, failed


class NoRecourse(Exception):
    """The plain plan (`nominal`) solved, re-planning it for some partners' withdrawal found
    no plan: `failed`, partner -> why and whether its rules conflict (`why_no_plan`);
    `recourse`, the re-plans of the others. No resilient plan is solved without them all."""

    def __init__(
        self,
        nominal: Run,
        recourse: dict[str, Run],
        failed: dict[str, tuple[list[str], bool]],
        announced: str,
        notice: int,
    ) -> None:
        self.nominal, self.recourse, self.failed = nominal, recourse, failed
        self.announced, self.notice = announced, notice
        super().__init__(self.headline())

    def headline(self) -> str:
        tried = len(self.recourse) + len(self.failed)
        return (
            f"No re-plan of the plain plan for the withdrawal of {', '.join(self.failed)} "
            f"({len(self.failed)} of {tried} partners, each announcing in {self.announced} "
            f"that it leaves after {self.notice} month(s))"
        )

    def partners(self) -> list[tuple[str, str, list[str]]]:
        """Each partner without a re-plan: its name, how its re-plan ended, and why."""
        return [
            (nation, how_no_plan(conflict), why) for nation, (why, conflict) in self.failed.items()
        ]

    def kept(self, folder: Path) -> str:
        """What of the run is kept, and where."""
        re_planned = ", ".join(self.recourse) or "none"
        note = (
            f" (re-planned: {re_planned}); no resilient plan was solved (it starts from every "
            "re-plan)"
        )
        about = "each partner's re-plan in "
        where = unfinished.where_kept(folder, RECORD, "resilience.csv", "resilience", about, note)
        return f"The plain plan is {where}"

    def write(self, folder: Path) -> None:
        """The plain plan as the run folder `unfinished/`, with `partners.yaml`: each
        scenario's key figures as resilience.csv has them, or why it has no plan;
        atomically, an earlier stopped run's `unfinished/` replaced and a finished run's
        files left as they were."""
        figures = Resilience.of_runs(self.nominal, self.recourse).table()
        solved = {row["scenario"]: row for row in figures.to_dict("records")}
        scenarios = [{**solved[NOMINAL], "re_plan": "the plain plan"}]
        for nation in partners(self.nominal.data.scenario, self.announced, self.notice):
            name = f"without {nation}"
            if nation in self.failed:
                why, conflict = self.failed[nation]
                scenarios.append({"scenario": name, "re_plan": how_no_plan(conflict), "why": why})
            else:
                scenarios.append({**solved[name], "re_plan": "solved"})
        record = {
            "stopped": self.headline(),
            "plan": (
                "the plain plan, hedging no withdrawal: a plan deciding otherwise before "
                f"{self.announced} may leave a re-plan where this one leaves none"
            ),
            "scenarios": scenarios,
            "beside": (
                "resilience.csv and plan/ beside this folder, if there, are of an earlier "
                "resilience run that finished"
            ),
        }
        unfinished.keep(folder, self.nominal, RECORD, record)


def resilient_plan(
    scenario: Scenario,
    spec: ModelSpec,
    announced: str,
    notice: int,
    options: SolverOptions | None = None,
    start_from: dict[str, Run] | None = None,
    log: TextIO | None = None,
) -> Resilience:
    """Solve the scenarios together (see module docstring). `start_from` (the plain plan
    as `nominal` and its re-plan for each partner) is a feasible warm start, and caps the
    worst case at the plain plan's; it is returned as it is if the solve stops without a
    plan."""
    options = options or spec.solver
    month = scenario.month_index(announced)
    master = pyo.ConcreteModel(name=f"{scenario.settings.name}, resilient to a withdrawal")
    copies: dict[str, tuple[pyo.ConcreteModel, ModelData]] = {NOMINAL: build_model(scenario, spec)}
    for nation in partners(scenario, announced, notice):
        copies[nation] = build_model(
            without(scenario, nation, announced, notice), spec, withdrawals={nation: month}
        )
    for name, (m, _) in copies.items():
        master.add_component(f"scenario_{name}", m)
        m.objective.deactivate()
    nominal, nominal_data = copies[NOMINAL]
    shared = _first_stage(nominal_data, month)
    links: list[Any] = []
    for name, (m, data) in copies.items():
        if name == NOMINAL:
            continue
        own = _first_stage(data, month)
        # A tour only the nominal copy has is one the partner's withdrawal calls off
        # before it starts; one only this copy has cannot be decided before A alone.
        links += [
            nominal.tour[shared[key]] == m.tour[own[key]] for key in shared.keys() & own.keys()
        ]
        links += [m.tour[own[key]] == 0 for key in own.keys() - shared.keys()]
        for t in range(month):
            links.append(nominal.recruits[t] == m.recruits[t])
        links += [nominal.domestic[k] == m.domestic[k] for k in nominal.domestic if k[2] < month]
        if hasattr(nominal, "handover"):
            past = [key for key in nominal.handover if key[1] < month]
            links += [nominal.handover[key] == m.handover[key] for key in past]
    master.nonanticipativity = pyo.ConstraintList()
    for link in links:
        master.nonanticipativity.add(link)
    master.worst = pyo.Var(within=pyo.Reals)
    master.worst_case = pyo.Constraint(
        [n for n in copies if n != NOMINAL],
        rule=lambda master, n: master.worst >= copies[n][0].objective.expr,
    )
    # Without the small sum, only the worst partner's recourse is optimised and the others'
    # may be left anywhere below it; with it each is its best, and at SETTLE it cannot
    # outweigh a real difference in the worst case.
    others = pyo.quicksum(copies[n][0].objective.expr for n in master.worst_case)
    master.objective = pyo.Objective(expr=nominal.objective.expr + master.worst + SETTLE * others)
    warm = None
    if start_from is not None:
        # The plain plan with its re-plans keeps this, so it never makes the model
        # infeasible; it makes "never worse than the plain plan" hold after a time-limited
        # solve too, where the objective alone could trade worst case for nominal.
        bound = max(float(start_from[n].plan.kpis["objective"]) for n in master.worst_case)
        master.no_worse = pyo.Constraint(expr=master.worst <= bound + NOISE * max(1.0, abs(bound)))
        warm = [
            value
            for name, (m, data) in copies.items()
            for value in _warm_start(m, data, start_from[name])
        ]
    result = solve_model(master, options, log, warm_start=warm)
    if not result.has_solution and start_from is not None:
        # HiGHS may stop before it has even taken the start (presolve of a dozen copies
        # takes a while): the plain plan and its re-plans are still the best plans known.
        recourse = {name: start_from[name] for name in master.worst_case}
        found = Resilience.of_runs(start_from[NOMINAL], recourse)
        return replace(found, result=result)
    if result.termination == "error":
        raise NoPlan(f"the solver failed (error) without a resilient plan: {FAILED}")
    if not result.has_solution:
        raise NoPlan(
            f"the solver stopped ({result.termination}) without a resilient plan; "
            "give it more time, or fewer partners"
        )
    objectives = {name: float(pyo.value(m.objective.expr)) for name, (m, _) in copies.items()}
    # Each copy's plan with its own objective: the joint model's (the nominal plus the
    # worst partner's, and the rest) and its bound are no figures of one plan.
    plans = {
        name: extract_plan(m, data, replace(result, objective=objectives[name], bound=None))
        for name, (m, data) in copies.items()
    }
    return Resilience(plans, objectives, result, nominal_data)


def plain_and_resilient(
    scenario: Scenario,
    spec: ModelSpec,
    announced: str,
    notice: int,
    options: SolverOptions | None = None,
    log: TextIO | None = None,
) -> tuple[Resilience, Resilience, dict[str, float]]:
    """The plain plan with its worst case, the resilient plan warm-started from it, and
    the seconds each took, every solve's log to `log`; `NoRecourse`, with what finished,
    when a partner's withdrawal has no re-plan."""
    if not partners(scenario, announced, notice):
        raise ValueError(
            f"no partner other than the lead has units by the month it would leave after "
            f"announcing in {announced}: no withdrawal to guard against"
        )
    started = time.perf_counter()
    nominal = solve_scenario(scenario, spec, options, log=log)
    with tempfile.TemporaryDirectory() as folder:
        nominal.write(Path(folder) / "plain")
        recourse, failed = plain_worst_case(
            scenario, spec, Path(folder) / "plain", announced, notice, options, log
        )
    if failed:
        raise NoRecourse(nominal, recourse, failed, announced, notice)
    plain = Resilience.of_runs(nominal, recourse)
    middle = time.perf_counter()
    hedged = resilient_plan(
        scenario, spec, announced, notice, options, {NOMINAL: nominal, **recourse}, log
    )
    seconds = {"plain": middle - started, "resilient": time.perf_counter() - middle}
    return plain, hedged, seconds
