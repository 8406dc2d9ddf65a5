"""Primal heuristic for the warm start: the most valuable tour first.

The hand planner (`greedy.py`) fills months in order and so spends large units on early,
small gaps. Here every candidate tour is valued by the priced shortfall it would remove
over all its counting months, less its cost and turbulence, and the best is taken while
it keeps every hard rule; values only fall as gaps fill, so stale values are recomputed
lazily from a heap. The result is a much better first incumbent for HiGHS.
"""

from __future__ import annotations

import heapq

from forcegen.greedy import GreedyPlan, PlanState, fits, pipeline, take
from forcegen.model.sets import ModelData, is_training


def value_first_plan(data: ModelData) -> GreedyPlan:
    """Tours taken in order of value while they keep the hard rules, then the pipeline."""
    weights = data.spec.weights
    priority = {
        t.task: t.priority
        * weights.shortfall
        * (weights.training_priority if is_training(t.task) else 1)
        for t in data.scenario.tasks
    }
    overhead = [
        weights.cost * data.tour_cost(i) + weights.turbulence for i in range(len(data.tours))
    ]
    state = PlanState()
    counts: dict[int, int] = {}
    # A re-plan's committed tours happen whatever; the previous plan's later tours are kept
    # while they still keep the rules, as a re-plan prefers (`model/change.py`).
    for i, count in data.fixed.items():
        for _ in range(count):
            take(data, state, i)
        counts[i] = count
    for i in sorted(data.previous):
        if fits(data, state, i):
            take(data, state, i)
            counts[i] = 1

    def value(i: int) -> float:
        _, task, region, _ = data.tours[i]
        effective = data.effective(i)
        covered = 0.0
        for t in data.counting(i):
            if t >= data.horizon:
                break
            gap = data.demand.get((region, task, t), 0.0) - state.covered[(region, task, t)]
            if gap > 0:
                covered += min(effective, gap)
        return priority[task] * covered - overhead[i]

    heap = [(-value(i), i) for i in range(len(data.tours))]
    heap = [item for item in heap if item[0] < 0]
    heapq.heapify(heap)
    while heap:
        _, i = heapq.heappop(heap)
        current = value(i)
        if current <= 0:
            continue
        if heap and -heap[0][0] > current + 1e-9:
            heapq.heappush(heap, (-current, i))
            continue
        if fits(data, state, i):
            take(data, state, i)
            counts[i] = counts.get(i, 0) + 1
            heapq.heappush(heap, (-value(i), i))
    recruits, domestic = pipeline(data, state)
    return GreedyPlan(counts, recruits, domestic)
