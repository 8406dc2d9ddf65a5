"""Commitments of a re-plan: the plan in motion before the re-plan month is history."""

from __future__ import annotations

import pyomo.environ as pyo

from forcegen.model.sets import ModelData

# Past recruits come back from the run's CSV files rounded (runs written before tables
# had 12 significant figures, and a planner's files, to 6 decimals or fewer): an exact
# fix could leave the strength they carry past the re-plan month a rounding error short.
ROUNDING = 1e-6


def add_commitments(m: pyo.ConcreteModel, data: ModelData) -> None:
    """x_i = 1 for a committed tour i (one unit's);
    domestic[r,k,t], handover[r,t] as before, recruits[t] within a rounding of it
    (`_past_recruits`), t<F;
    academy[t], trainers[t], employment[t] dropped for t<F, and handover_coverage[r,k,t]
    where its handover is history too (t < F and (t+K < F or r handed over before F))

    Committed tours are the previous plan's tours mobilized before F, ended early where an
    event curtails them (`sets.py`); every other start before F does not exist. Domestic
    officers before F stay where the record has them, none where it has none. Runs after
    every other family, so no later bound undoes these.
    """
    commitments = data.commitments
    if commitments is None:
        return
    for i in data.fixed:
        m.tour[i].setlb(1)
        m.tour[i].setub(1)

    _past_recruits(m, data)
    # Domestic officers on tasks stay as recorded, none where the record has none, idle
    # ones too (beyond a task's demand, or on a cell without any: `sets.py` gives those a
    # variable): the rows that held them (employment, handover coverage) are the past's,
    # dropped below, so nothing else keeps them where they served, and no row is left
    # that a value read back rounded could miss.
    for key in m.DOMESTIC:
        if key[2] < commitments.month:
            heads = commitments.domestic.get(key, 0.0)
            m.domestic[key].setlb(heads)
            m.domestic[key].setub(heads)
    if hasattr(m, "handover") and commitments.handover is not None:
        for region, t in m.REGION_MONTHS:
            if t < commitments.month:
                handed = int(t >= commitments.handover.get(region, data.horizon))
                m.handover[region, t].setlb(handed)
                m.handover[region, t].setub(handed)
    _drop_the_past(m, data)


def _past_recruits(m: pyo.ConcreteModel, data: ModelData) -> None:
    """recruits[t] = r_t + rounding_up[t] - rounding_down[t],  both in [0, eps], t<F,
    priced at more than any officer is worth to the objective over the horizon

    The allowance is for a record read back rounded, where the past left the force no
    officer to spare (a handover held by exactly the officers its recruits gave): fixed
    exactly, HiGHS found no plan. The monthly limit is the past's rule, judged before the
    solve, not here. Free, the solver spent it wherever a millionth of an officer paid
    (employing officers the record never recruited, which the checker then found), so it
    is priced out of use but where no plan can do without it, or where a soft rule's slack
    makes an officer worth more: `plan.within_strength` keeps the plan written within the
    strength its recorded recruits give."""
    commitments = data.commitments
    assert commitments is not None
    past = commitments.recruits[: commitments.month]
    m.PAST = pyo.RangeSet(0, len(past) - 1) if past else pyo.Set(initialize=[])
    m.rounding_up = pyo.Var(m.PAST, bounds=(0.0, ROUNDING))
    m.rounding_down = pyo.Var(m.PAST, bounds=lambda _, t: (0.0, min(ROUNDING, past[t])))
    m.past_recruits = pyo.Constraint(
        m.PAST,
        rule=lambda m, t: m.recruits[t] == past[t] + m.rounding_up[t] - m.rounding_down[t],
    )
    force = data.scenario.settings.domestic
    # An officer a month: the dearest shortfall it could cover, and its pay on strength
    # and in training.
    month = (
        data.dearest_shortfall_price * force.effectiveness
        + 2 * data.spec.weights.cost * force.cost_per_person_month
    )
    price = 2 * data.horizon * max(month, 1.0)
    m.terms.add(
        "past_rounding", price, pyo.quicksum([*m.rounding_up.values(), *m.rounding_down.values()])
    )


def _drop_the_past(m: pyo.ConcreteModel, data: ModelData) -> None:
    """The pipeline's rows of months before F alone, and the handover-coverage rows of
    handovers made before it, which the record fixes: the past is judged once, as it was
    written (`replan/apply.py`, before the solve). Kept, its values read back rounded
    could miss a row the plan met with nothing to spare (officers on tasks equal to the
    strength its recruits give), and leave no plan."""
    commitments = data.commitments
    assert commitments is not None
    month, shadow = commitments.month, data.spec.mission.handover_months
    for family in ("academy", "trainers", "employment"):
        for t, row in getattr(m, family).items():
            if t < month:
                row.deactivate()
    handed = commitments.handover
    if handed is None or not hasattr(m, "handover_coverage"):
        return  # a rolling window's past handovers are decided again, under their rows
    for (region, _, t), row in m.handover_coverage.items():
        if t < month and (t + shadow < month or region in handed):
            row.deactivate()
