"""Training pipeline: recruits through a limited academy, taught by mission trainers,
graduating into a domestic force that takes tasks over."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData, is_training


def add_academy(m: pyo.ConcreteModel, data: ModelData) -> None:
    """academy[t]:  in_training[t] = sum_{u=t-L+1..t} recruits[u]  <=  academy capacity[t]
    (academy.csv's in its months, else the settings'), with recruits[t] <= the most
    recruits a month"""
    domestic = data.scenario.settings.domestic
    course = domestic.course_months
    for t in data.months:
        m.recruits[t].setub(domestic.recruits_per_month)

    def in_training(m: pyo.ConcreteModel, t: int) -> object:
        return pyo.quicksum(m.recruits[u] for u in range(max(0, t - course + 1), t + 1))

    m.in_training = pyo.Expression(m.MONTHS, rule=in_training)
    capacity = data.scenario.academy_capacities
    m.academy = pyo.Constraint(m.MONTHS, rule=lambda m, t: m.in_training[t] <= capacity[t])


def add_trainers(m: pyo.ConcreteModel, data: ModelData) -> None:
    """trainers[t]:  sum_{u=max(t-L+1, F_t)..t} recruits[u]
    <= ratio sum_{training tours counting at t} e p x
    (F_t: the latest excused re-plan month <= t, `Commitments.excused`; 0 if none, as in a
    rolling horizon's window)"""
    ratio = data.scenario.settings.domestic.trainees_per_trainer
    teaching = training_tours(data)

    def trainer_capacity(m: pyo.ConcreteModel, t: int) -> object:
        return pyo.quicksum(data.effective(i) * m.tour[i] for i in teaching[t])

    m.trainer_capacity = pyo.Expression(m.MONTHS, rule=trainer_capacity)

    def taught(m: pyo.ConcreteModel, t: int) -> object:
        enrolled = pyo.quicksum(m.recruits[u] for u in taught_months(data, t))
        return enrolled <= ratio * m.trainer_capacity[t]

    m.trainers = pyo.Constraint(m.MONTHS, rule=taught)


def training_tours(data: ModelData) -> dict[int, list[int]]:
    """The tours on constabulary training counting in each month: its trainers."""
    teaching: dict[int, list[int]] = {t: [] for t in data.months}
    for (_, task, t), tours in data.counting_at.items():
        if is_training(task):
            teaching[t] += tours
    return teaching


def taught_months(data: ModelData, t: int) -> range:
    """The months whose recruits the trainers of month `t` teach: the course's, from the
    latest excused re-plan month on (none in a rolling horizon's window, which excuses
    nothing). Trainees enrolled before it finish their course whatever befalls their
    trainers after it: the trainers a re-plan must find are for its own."""
    replanned = data.commitments.excused if data.commitments is not None else ()
    since = max((f for f in replanned if f <= t), default=0)
    return range(max(0, t - data.scenario.settings.domestic.course_months + 1, since), t + 1)


def add_strength(m: pyo.ConcreteModel, data: ModelData) -> None:
    """strength_balance[t]:  strength[t] = (1-a) strength[t-1] + recruits[t-L],
    strength[-1] = initial strength; the force's cost enters the objective"""
    domestic = data.scenario.settings.domestic
    course = domestic.course_months

    def strength(m: pyo.ConcreteModel, t: int) -> object:
        before = m.strength[t - 1] if t > 0 else domestic.initial_strength
        graduates = m.recruits[t - course] if t >= course else 0
        return m.strength[t] == (1 - domestic.attrition_per_month) * before + graduates

    m.strength_balance = pyo.Constraint(m.MONTHS, rule=strength)
    m.domestic_cost = pyo.Expression(
        expr=domestic.cost_per_person_month
        * pyo.quicksum(m.strength[t] + m.in_training[t] for t in data.months)
    )
    m.terms.add("cost", data.spec.weights.cost, m.domestic_cost)


def add_employment(m: pyo.ConcreteModel, data: ModelData) -> None:
    """employment[t]:  sum_{r,k} domestic[r,k,t]  <=  strength[t]"""
    employed_at: dict[int, list[tuple[str, str, int]]] = {t: [] for t in data.months}
    for key in data.domestic_keys:
        employed_at[key[2]].append(key)

    def employment(m: pyo.ConcreteModel, t: int) -> object:
        employed = [m.domestic[key] for key in employed_at[t]]
        if not employed:
            return pyo.Constraint.Skip
        return pyo.quicksum(employed) <= m.strength[t]

    m.employment = pyo.Constraint(m.MONTHS, rule=employment)
