"""Index sets and parameters of the formulation, derived once from scenario and spec.

Notation used in every docstring of `forcegen/model/`:

    g        unit group: identical units (same nation, type, component, size, availability)
    n(g)     its nation;  c_g its number of units;  p_g personnel per unit
    k, r, t  task, region, month (0 .. H-1)
    s        tour start month;  T_g tour, D_g dwell, O_g overlap, P_g reserve training
    e_gk     effective personnel per person of g's type on task k
    x[g,k,r,s]  number of g's units starting a tour on k in r at s   (integer, 0..c_g)
    B_g      months one tour blocks a unit from its mobilization on: P+T+D, or
             max(P+T+D, W) when at most one mobilization per reserve window W is allowed
    W, m_n   a reserve unit's window and most mobilizations in it, of its nation n
             (nations.csv `reserve_window_months`, `reserve_mobilizations`)
    C_n      most months in a row, training and tour, that a reserve unit of nation n
             called up again the month its tour ends (D_g = 0) is mobilized
             (nations.csv `reserve_max_months`)
    F        re-plan month: tours mobilized before it are committed (x fixed), 0 otherwise
    m0       month a reserve unit was mobilized for a tour the events called off before
             it deployed: it counts in the unit's reserve window, not in its dwell
    L_i      months in theatre of tour i: T_g, or fewer for a committed tour curtailed by a
             withdrawal, the unit's unavailability or its region's handover by decision,
             or for a tour mobilized before a surprise withdrawal was announced
    a_i      for a tour redeployed in theatre (one that continues a committed tour cut short,
             on another task or region, to its call-up's end at most), the first month in
             theatre of its call-up: no mobilization of its own, it blocks its unit from
             the cut tour's return to the call-up's
    m_r      month region r is handed over by decision (regions.csv `handed_over`), if any

Sets are sparse from the start: a tour start exists only where the unit is eligible
(capable, not refused, risk accepted), available for the whole mobilization, mobilized
from F on (and, one mobilization per window allowed, from m0 + W on), out of its region
before m_r (or before its handover before F: history), and counts in at least one month
with demand; committed tours exist as given, and so do the tours that may continue one
cut short (`_redeployed_tours`) or deploy a reserve the events stood down in its
training from the start it had (`_remissioned_tours`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from forcegen.scenario.scenario import Scenario
from forcegen.scenario.schema import TRAINING_TASK, Unit
from forcegen.spec import ModelSpec, Rules


@dataclass(frozen=True)
class UnitGroup:
    """Units the model may treat as interchangeable; their rotations are recovered exactly
    after the solve by interval colouring (`forcegen.plan`)."""

    name: str
    nation: str
    type: str
    component: str
    personnel: int
    units: tuple[str, ...]
    first_mobilization: int
    last_end: int | None
    tour: int
    overlap: int
    training: int
    block: int
    window: int | None
    mobilizations_per_window: int | None
    # A reserve unit's most months mobilized in a row, where it may be called up again
    # the month after a tour ends (no dwell, no window between): the two are one.
    mobilized_cap: int | None = None

    @property
    def count(self) -> int:
        return len(self.units)

    @property
    def needs_window_rule(self) -> bool:
        """More than one mobilization per window is not an interval rule: checked per unit."""
        return self.window is not None and (self.mobilizations_per_window or 1) > 1

    def in_theatre(self, start: int, length: int | None = None) -> range:
        return range(start, start + (length or self.tour))

    def counting(self, start: int, length: int | None = None) -> range:
        return range(start + self.overlap, start + (length or self.tour))

    def blocked(self, start: int, length: int | None = None) -> range:
        """Mobilization, tour and dwell; a curtailed tour frees its unit as much earlier."""
        block = self.block - (self.tour - (length or self.tour))
        if self.window is not None and self.mobilizations_per_window == 1:
            block = max(block, self.window)
        return range(start - self.training, start - self.training + block)


@dataclass(frozen=True)
class CommittedTour:
    """A named unit's tour a re-plan may not change; `end` (inclusive) is its last month in
    theatre, earlier than start + T - 1 when an event curtails it. `mobilized`: the month
    its unit was mobilized for a tour it continues (redeployed in theatre), None for a tour
    of a call-up of its own."""

    unit: str
    task: str
    region: str
    start: int
    end: int
    mobilized: int | None = None


@dataclass(frozen=True)
class Commitments:
    """What a re-plan keeps from the plan in motion, in month offsets.

    Tours mobilized before `month` are committed as given; the previous plan's later tours
    are only preferred (`model/change.py`); the domestic pipeline and handovers before
    `month` are history. `excused` are the months of a re-plan (and of the re-plans it
    re-plans) from which what surprise events left of the past is excused: trainees
    enrolled before one need no trainers after it, and the committed tours may keep a
    reserve share over the limit. A rolling horizon's windows follow no surprise and
    excuse nothing. `called_off` are the mobilizations (unit, month mobilized) of reserve
    tours the events stood down before they deployed (this re-plan's and earlier ones'):
    the call-up happened, so it counts in the unit's reserve window.
    """

    month: int
    excused: tuple[int, ...] = ()
    tours: tuple[CommittedTour, ...] = ()
    previous: tuple[tuple[str, str, str, int], ...] = ()  # (unit, task, region, start)
    # The previous plan's redeployments in theatre not begun by `month`, preferred as its
    # later tours are: no longer committed (the events may cut the tour before shorter).
    redeployments: tuple[tuple[str, str, str, int], ...] = ()
    recruits: tuple[float, ...] = ()  # months 0 .. month-1
    domestic: dict[tuple[str, str, int], float] = field(default_factory=dict)
    # region -> month handed over before `month`; None leaves past handovers to decide again
    # (a rolling horizon's windows commit forces, not declarations).
    handover: dict[str, int] | None = field(default_factory=dict)
    called_off: tuple[tuple[str, int], ...] = ()
    # Of them, this re-plan's own (unit, month mobilized): its reserves the events stood
    # down in training, which it may send elsewhere once trained (`_remissioned_tours`).
    stood_down: tuple[tuple[str, int], ...] = ()

    @property
    def units(self) -> set[str]:
        """Units whose history differs from a fresh unit's: never grouped with others."""
        called_off = {unit for unit, _ in self.called_off}
        return {t.unit for t in self.tours} | {unit for unit, _, _, _ in self.previous} | called_off


@dataclass
class ModelData:
    """Everything the constraint families need, as plain Python: built once, read-only."""

    scenario: Scenario
    spec: ModelSpec
    horizon: int
    groups: dict[str, UnitGroup]
    tours: list[tuple[str, str, str, int]]  # (group, task, region, start)
    demand: dict[tuple[str, str, int], float]  # (region, task, month) -> effective personnel
    coverage_keys: list[tuple[str, str, int]]
    domestic_keys: list[tuple[str, str, int]]  # (region, task, month) the domestic force may take
    elastic: bool = False  # every hard family gets a priced slack (infeasibility diagnosis)
    commitments: Commitments | None = None
    # Committed tours, each one unit's: a tour of its own, fixed at 1.
    fixed: set[int] = field(default_factory=set)
    length: dict[int, int] = field(default_factory=dict)  # curtailed tour -> months in theatre
    # Tour redeployed in theatre -> the first month in theatre of the call-up it continues.
    redeployed: dict[int, int] = field(default_factory=dict)
    # Tours that deploy a reserve stood down in training elsewhere: its call-up, not one more.
    remissioned: set[int] = field(default_factory=set)
    previous: dict[int, int] = field(default_factory=dict)  # previous plan's tour -> count
    by_group: dict[str, list[int]] = field(default_factory=dict)  # group -> tour indices
    counting_at: dict[tuple[str, str, int], list[int]] = field(default_factory=dict)
    in_theatre_at: set[tuple[str, int]] = field(default_factory=set)  # (nation, t) with a tour
    ending_at: dict[tuple[str, int], list[int]] = field(default_factory=dict)  # (region, t)
    # Each tour's cost by fiscal year, worked out once: the value-first heuristic prices
    # every tour about five times in each of its four orders (on L, 5 million calls
    # spent two minutes re-deriving fiscal years from month labels).
    _costs: dict[int, Mapping[int, float]] = field(default_factory=dict, init=False, repr=False)

    def __repr__(self) -> str:
        # The dataclass's writes every tour and index: megabytes in a notebook cell.
        return (
            f"ModelData(scenario {self.scenario.settings.name!r}, model {self.spec.name!r}: "
            f"{len(self.groups):,} unit groups, {len(self.tours):,} possible tours, "
            f"{len(self.demand):,} demand cells, {self.horizon} months)"
        )

    def effective(self, index: int) -> float:
        """Effective personnel one unit of this tour brings to its task."""
        group, task, _, _ = self.tours[index]
        return self.effective_of(group, task)

    def effective_of(self, group: str, task: str) -> float:
        """Effective personnel one unit of a group brings to a task."""
        g = self.groups[group]
        return g.personnel * self.scenario.unit_type_by_code[g.type].effectiveness.get(task, 0.0)

    def in_theatre(self, index: int) -> range:
        group, _, _, start = self.tours[index]
        return self.groups[group].in_theatre(start, self.length.get(index))

    def counting(self, index: int) -> range:
        group, _, _, start = self.tours[index]
        return self.groups[group].counting(start, self.length.get(index))

    def blocked(self, index: int) -> range:
        """The months a tour keeps its unit from another call-up: one redeployed in theatre
        from the month the tour it continues would have let the unit go (its return plus
        dwell) to the month the call-up, continued, does."""
        group, _, _, start = self.tours[index]
        g = self.groups[group]
        first = self.redeployed.get(index)
        if first is None:
            return g.blocked(start, self.length.get(index))
        end = self.in_theatre(index).stop
        return range(g.blocked(first, start - first).stop, g.blocked(first, end - first).stop)

    def mobilized(self, index: int) -> int:
        """The month a tour's unit is mobilized for it (for one redeployed in theatre, for
        the tour it continues)."""
        group, _, _, start = self.tours[index]
        return self.redeployed.get(index, start) - self.groups[group].training

    @property
    def regions(self) -> list[str]:
        return [r.region for r in self.scenario.regions]

    @property
    def nations(self) -> list[str]:
        return [n.nation for n in self.scenario.nations]

    @property
    def months(self) -> range:
        return range(self.horizon)

    @property
    def group_of(self) -> dict[str, str]:
        """Each unit's group, by name."""
        return {unit: g.name for g in self.groups.values() for unit in g.units}

    def tour_cost_by_year(self, index: int) -> Mapping[int, float]:
        """Cost of one unit on a tour, by fiscal year of the horizon's: months in theatre,
        plus rotation charged in the fiscal year the tour starts (none for a tour
        redeployed in theatre)."""
        costs = self._costs.get(index)
        if costs is None:
            costs = self._costs[index] = self._priced(index)
        return costs

    def _priced(self, index: int) -> dict[int, float]:
        group, _, _, start = self.tours[index]
        g = self.groups[group]
        # A unit redeployed in theatre rotated in with the tour it continues: no second rotation.
        rotates = index not in self.redeployed
        return self.scenario.tour_cost_by_year(
            g.nation, g.personnel, start, self.in_theatre(index), rotation=rotates
        )

    def under(self, rules: Rules) -> ModelData:
        """The same data judged under other `rules` (hard or soft), its tours priced once
        for both: the memo of their costs is shared."""
        other = replace(self, spec=self.spec.model_copy(update={"rules": rules}))
        other._costs = self._costs
        return other

    def tour_cost(self, index: int) -> float:
        """Cost of one unit on this tour in the horizon's fiscal years: months in theatre
        plus rotation."""
        return sum(self.tour_cost_by_year(index).values())

    def shortfall_price(self, task: str) -> float:
        """Objective weight of one effective person-month short on `task`: its priority,
        times `training_priority` for constabulary training."""
        weights = self.spec.weights
        factor = weights.training_priority if is_training(task) else 1.0
        return weights.shortfall * self.scenario.task_by_code[task].priority * factor

    @property
    def dearest_shortfall_price(self) -> float:
        """The most a person-month short costs the objective, on any task (0: no task)."""
        return max((self.shortfall_price(t.task) for t in self.scenario.tasks), default=0.0)

    @property
    def decided_handovers(self) -> dict[str, int]:
        """Regions handed over by decision within the horizon: an end-state mission's
        handovers (an end-date mission has none)."""
        if self.spec.mission.end != "end-state":
            return {}
        declared = self.scenario.declared_handovers
        return {r: t for r, t in declared.items() if t < self.horizon}

    def strength(self, recruits: list[float]) -> list[float]:
        """Trained domestic personnel each month: attrition, then the course's graduates."""
        force = self.scenario.settings.domestic
        course = force.course_months
        trained, level = [], float(force.initial_strength)
        for t in self.months:
            graduates = recruits[t - course] if t >= course else 0.0
            level = (1 - force.attrition_per_month) * level + graduates
            trained.append(level)
        return trained


def unit_groups(
    scenario: Scenario, aggregate: bool = True, separate: frozenset[str] = frozenset()
) -> dict[str, UnitGroup]:
    """Group identical units; with `aggregate=False` every unit is its own group, and so is
    every unit in `separate` (a history of its own)."""
    members: dict[tuple[object, ...], list[Unit]] = defaultdict(list)
    for unit in scenario.units:
        nation = scenario.nation_by_code[unit.nation]
        # A unit whose rules are its own, not its group's: more than one call-up a window,
        # or call-ups in a row (`_back_to_back_cap`).
        own_group = unit.component == "reserve" and (nation.reserve_mobilizations or 1) > 1
        own_group = own_group or _back_to_back_cap(scenario, unit) is not None
        key: tuple[object, ...] = (
            unit.nation,
            unit.type,
            unit.component,
            unit.personnel,
            scenario.unit_window(unit),
            scenario.unavailable_periods.get(unit.unit, ()),
            scenario.tour_of(unit),
            scenario.dwell_of(unit),
        )
        if not aggregate or own_group or unit.unit in separate:
            key = (*key, unit.unit)
        members[key].append(unit)
    groups: dict[str, UnitGroup] = {}
    for units in members.values():
        first = units[0]
        nation = scenario.nation_by_code[first.nation]
        reserve = first.component == "reserve"
        training = scenario.training_of(first)
        window = nation.reserve_window_months if reserve else None
        per_window = nation.reserve_mobilizations if reserve else None
        tour = scenario.tour_of(first)
        block = training + tour + scenario.dwell_of(first)  # `blocked` adds any window
        first_mob, last_end = scenario.unit_window(first)
        name = first.unit if len(units) == 1 else f"{first.unit}+{len(units) - 1}"
        groups[name] = UnitGroup(
            name=name,
            nation=first.nation,
            type=first.type,
            component=first.component,
            personnel=first.personnel,
            units=tuple(u.unit for u in units),
            first_mobilization=first_mob,
            last_end=last_end,
            tour=tour,
            overlap=nation.overlap_months,
            training=training,
            block=block,
            window=window,
            mobilizations_per_window=per_window,
            mobilized_cap=_back_to_back_cap(scenario, first),
        )
    return groups


def _back_to_back_cap(scenario: Scenario, unit: Unit) -> int | None:
    """The reserve mobilization limit of a unit that may be called up again the month its
    tour ends (no dwell, and its window, if one call-up is allowed in it, no longer than
    the call-up): months mobilized in a row are then the rule, not each call-up's. None
    for any other unit. Such a unit is a group of its own: the rule is a unit's."""
    nation = scenario.nation_by_code[unit.nation]
    cap, window = nation.reserve_max_months, nation.reserve_window_months
    if unit.component != "reserve" or cap is None or scenario.dwell_of(unit) > 0:
        return None
    call_up = scenario.training_of(unit) + scenario.tour_of(unit)
    if nation.reserve_mobilizations == 1 and window is not None and window > call_up:
        return None
    return cap


def called_off(commitments: Commitments | None, group: UnitGroup) -> list[int]:
    """Months m0 the group's unit was mobilized for tours the events called off before
    they deployed (a unit with such a history is a group of its own)."""
    called = commitments.called_off if commitments else ()
    return [m0 for unit, m0 in called if unit in group.units]


def build_data(
    scenario: Scenario,
    spec: ModelSpec,
    aggregate: bool = True,
    elastic: bool = False,
    commitments: Commitments | None = None,
    withdrawals: dict[str, int] | None = None,
) -> ModelData:
    """Derive the sparse index sets and parameters of the model (of a re-plan, with the
    commitments of the plan in motion). `withdrawals` gives, for a nation whose `leave`
    comes as a surprise, the month it is announced: tours mobilized before then are
    curtailed at `leave` instead of forbidden."""
    horizon = scenario.settings.months
    # An end-date mission's tours end by its end date, which may lie past the horizon.
    last_month = horizon - 1
    if spec.mission.end == "end-date" and spec.mission.end_date is not None:
        last_month = scenario.month_index(spec.mission.end_date)

    demand = scenario.demand_by_cell

    separate = frozenset(commitments.units) if commitments else frozenset()
    groups = unit_groups(scenario, aggregate, separate)
    replan = commitments.month if commitments else 0
    tours: list[tuple[str, str, str, int]] = []
    lengths: dict[int, int] = {}
    warned = withdrawals or {}
    # A region handed over by decision, or before a re-plan's month (history, fixed by
    # `commitments`), sees no tour from its handover month on: the value-first start,
    # blind to a past handover, had put tours there that no completion could keep.
    past = (commitments.handover or {}) if commitments else {}
    declared = scenario.declared_handovers
    declared = {r: min(declared.get(r, t), past.get(r, t)) for r, t in {**declared, **past}.items()}
    for g in groups.values():
        # With no leave or availability limit a tour may run past the horizon end.
        latest_end = horizon - 1 + g.tour if g.last_end is None else g.last_end
        if spec.mission.end == "end-date":
            latest_end = min(latest_end, last_month)
        first = max(g.first_mobilization, replan)
        if g.window is not None and not g.needs_window_rule:
            # One call-up per window: one called off still holds the unit's window.
            first = max([first, *(m0 + g.window for m0 in called_off(commitments, g))])
        for task, region in scenario.eligible_pairs(g.nation, g.type):
            handed = declared.get(region)
            for start in range(first + g.training, horizon):
                length = g.tour
                if handed is not None and start + g.tour > handed:
                    break
                if start + g.tour - 1 > latest_end:
                    # Mobilized before its nation announced it leaves: cut short, not undone
                    # (at its leave: an end-date mission's end curtails nothing).
                    announced = warned.get(g.nation, 0)
                    if start - g.training >= announced or not start <= latest_end == g.last_end:
                        break
                    length = latest_end - start + 1
                # A group's units are away in the same months (`unit_groups`).
                end = start + length - 1
                if scenario.unavailable_in(g.units[0], start - g.training, end):
                    continue
                if scenario.caveats_in(g.nation, task, region, start, end):
                    continue
                counting = g.counting(start, length)
                if any((region, task, t) in demand for t in counting if t < horizon):
                    if length < g.tour:
                        lengths[len(tours)] = length
                    tours.append((g.name, task, region, start))

    data = ModelData(
        scenario=scenario,
        spec=spec,
        horizon=horizon,
        groups=groups,
        tours=tours,
        demand=demand,
        coverage_keys=sorted(demand),
        domestic_keys=_domestic_keys(scenario, demand, commitments),
        elastic=elastic,
        commitments=commitments,
        length=lengths,
    )
    if commitments:
        _commit(data, commitments)
        _redeployed_tours(data, commitments, declared)
        _remissioned_tours(data, commitments, declared)
        _mark_previous(data, commitments)
    _index_tours(data)
    return data


def _domestic_keys(
    scenario: Scenario,
    demand: dict[tuple[str, str, int], float],
    commitments: Commitments | None,
) -> list[tuple[str, str, int]]:
    """(region, task, month) the domestic force may take: its tasks' demand, and a re-plan's
    past officers where the record has them, idle ones on a cell without demand too (the
    past is kept as written, not tidied)."""
    tasks = scenario.settings.domestic.tasks
    keys = {key for key in demand if key[1] in tasks}
    if commitments is not None:
        keys |= {
            key
            for key, heads in commitments.domestic.items()
            if key[2] < commitments.month and key[1] in tasks and heads > 0
        }
    return sorted(keys)


def _commit(data: ModelData, commitments: Commitments) -> None:
    """Committed tours join the tour set, fixed."""
    group_of = data.group_of
    for tour in commitments.tours:
        group = data.groups[group_of[tour.unit]]
        length = tour.end - tour.start + 1
        if length <= 0:  # curtailed before it began: the mobilization is called off
            continue
        index = len(data.tours)
        data.tours.append((group.name, tour.task, tour.region, tour.start))
        data.fixed.add(index)
        if length < group.tour:
            data.length[index] = length
        if tour.mobilized is not None:
            data.redeployed[index] = tour.mobilized + group.training


def _mark_previous(data: ModelData, commitments: Commitments) -> None:
    """The previous plan's later tours, its redeployments not begun among them, marked
    (`ModelData.previous`): a re-plan keeps them unless a change pays (`model/change.py`).
    A redeployment is matched with a tour redeploying its unit, not with a call-up of the
    same unit, task, region and start."""
    group_of = data.group_of
    free = [i for i in range(len(data.tours)) if i not in data.fixed]
    call_ups = {data.tours[i]: i for i in free if i not in data.redeployed}
    going_on = {data.tours[i]: i for i in free if i in data.redeployed}
    for tours, position in (
        (commitments.previous, call_ups),
        (commitments.redeployments, going_on),
    ):
        for unit, task, region, start in tours:
            kept = position.get((group_of[unit], task, region, start))
            if kept is not None:  # else no longer possible: cancelled whatever we do
                data.previous[kept] = data.previous.get(kept, 0) + 1


def _redeployed_tours(
    data: ModelData, commitments: Commitments, declared: Mapping[str, int]
) -> None:
    """Tours that redeploy a unit in theatre: a committed tour cut short (a caveat, its
    region's handover) from the re-plan month on, whose unit may still serve, may go on
    from the month after its end on any other (task, region) the unit is eligible for, to
    its call-up's last month at most, ended earlier where its unit must leave, is away,
    the region is handed over or a caveat refuses the pair (docs/rules.md, redeployed).
    The call-up's last segment only: one already continued is busy. An end-date mission
    takes none past its end date, where the checker would hold it to the call-up's end."""
    for i in sorted(data.fixed):
        group, task, region, start = data.tours[i]
        g = data.groups[group]
        first = data.redeployed.get(i, start)
        begins = data.in_theatre(i).stop
        later = any(data.tours[j][3] > start for j in data.fixed if data.tours[j][0] == group)
        if later or begins >= first + g.tour or not commitments.month <= begins < data.horizon:
            continue
        for other_task, other_region, end in _going_on(data, g, first, begins, declared):
            if (other_task, other_region) == (task, region):
                continue
            index = len(data.tours)
            data.tours.append((group, other_task, other_region, begins))
            data.length[index] = end - begins + 1
            data.redeployed[index] = first


def _remissioned_tours(
    data: ModelData, commitments: Commitments, declared: Mapping[str, int]
) -> None:
    """Tours that send a reserve the events stood down in its post-mobilization training
    (its tour ended before it deploys: `Commitments.stood_down`) to any (task, region) its
    unit is eligible for, from the month its training ends, the start it had: the same
    call-up, mobilized in m0 before F, deployed as any tour (its rotation paid), ended at
    the call-up's last month or earlier as a redeployment is (docs/rules.md, redeployed).
    Its call-up is counted once, as the stood-down one (`ModelData.remissioned`)."""
    group_of = data.group_of
    for unit, m0 in commitments.stood_down:
        g = data.groups[group_of[unit]]
        begins = m0 + g.training
        # Away in its training (a refit, a tasking at home): stood down by that, not trained.
        if data.scenario.unavailable_in(unit, m0, begins - 1):
            continue
        for task, region, end in _going_on(data, g, begins, begins, declared):
            index = len(data.tours)
            data.tours.append((g.name, task, region, begins))
            if end < begins + g.tour - 1:
                data.length[index] = end - begins + 1
            data.remissioned.add(index)


def _going_on(
    data: ModelData, g: UnitGroup, first: int, begins: int, declared: Mapping[str, int]
) -> Iterable[tuple[str, str, int]]:
    """The (task, region) a unit of `g`, its call-up first in theatre in `first`, may serve
    from `begins` to that call-up's end, and the month each ends: earlier where its unit
    must leave, is away, the region is handed over or a caveat refuses the pair; none that
    counts in no month with demand, nor, in an end-date mission, past its end date (where
    the checker would hold it to the call-up's end)."""
    scenario, mission = data.scenario, data.spec.mission
    last_month = None
    if mission.end == "end-date" and mission.end_date is not None:
        last_month = scenario.month_index(mission.end_date)
    unit = g.units[0]
    latest = first + g.tour - 1 if g.last_end is None else min(first + g.tour - 1, g.last_end)
    for task, region in scenario.eligible_pairs(g.nation, g.type):
        end = latest
        if (handed := declared.get(region)) is not None:
            end = min(end, handed - 1)
        for lo, _ in scenario.unavailable_in(unit, begins, end):
            end = min(end, lo - 1)
        for _, lo, _ in scenario.caveats_in(g.nation, task, region, begins, end):
            end = min(end, lo - 1)
        if last_month is not None and end > last_month:
            continue
        counting = g.counting(begins, end - begins + 1)
        if end < begins or not any(
            (region, task, t) in data.demand for t in counting if t < data.horizon
        ):
            continue
        yield task, region, end


def _index_tours(data: ModelData) -> None:
    """Which tours count, are in theatre or end in each month."""
    by_group: dict[str, list[int]] = defaultdict(list)
    counting: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    present: set[tuple[str, int]] = set()
    ending: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, (group, task, region, _) in enumerate(data.tours):
        g = data.groups[group]
        by_group[group].append(i)
        for t in data.counting(i):
            if t < data.horizon:
                counting[(region, task, t)].append(i)
        for t in data.in_theatre(i):
            if t < data.horizon:
                present.add((g.nation, t))
        ending[(region, min(data.in_theatre(i)[-1], data.horizon - 1))].append(i)
    data.by_group = dict(by_group)
    data.counting_at = dict(counting)
    data.in_theatre_at = present
    data.ending_at = dict(ending)


def is_training(task: str) -> bool:
    return task == TRAINING_TASK
