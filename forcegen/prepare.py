"""Build the model and make the warm-start plans side by side, in two processes.

Both come before the solver starts. On L the value-first orders (`heuristics.py`) take
about as long as the model's build, two minutes each on this machine, and one after the
other they were a third of the wall time. A second process makes the plans while this
one builds: the two take the orders one at a time from a counter kept here, so whichever
is free takes the next, and each order's plan is the same whoever makes it.

The second process is a fresh interpreter fed over pipes (`forcegen.workers`).
"""

from __future__ import annotations

import pickle
import sys
import threading
from contextlib import suppress

import pyomo.environ as pyo

from forcegen.greedy import GreedyPlan
from forcegen.heuristics import (
    Sectors,
    Valuation,
    best_first,
    keeping_soft_rules,
    order_plan,
    orders,
    value_first_plans,
)
from forcegen.model.build import formulate
from forcegen.model.sets import Commitments, ModelData, build_data
from forcegen.scenario.scenario import Scenario
from forcegen.sectors import sector_nations
from forcegen.spec import ModelSpec
from forcegen.workers import received, send, start_worker

# From this many tours on the orders run beside the build: on M (55,000 tours) they take
# some 12 s, on L two minutes; below it, less than the second process takes to start.
BESIDE = 20_000
# The second process's entry point; it writes nothing else to its standard output.
ENTRY = "from forcegen.prepare import serve; serve()"


def build_planned(
    scenario: Scenario,
    spec: ModelSpec,
    *,
    elastic: bool = False,
    commitments: Commitments | None = None,
) -> tuple[pyo.ConcreteModel, ModelData, list[GreedyPlan]]:
    """`build_model` and `value_first_plans`, the plans made beside the build where
    there are enough tours for that to pay (`BESIDE`)."""
    data = build_data(scenario, spec, elastic=elastic, commitments=commitments)
    if len(data.tours) < BESIDE:
        return formulate(data), data, value_first_plans(data)
    keeping = keeping_soft_rules(data)
    helper = Helper(keeping)
    try:
        sectors = sector_nations(keeping)
        helper.share(sectors)
        m = formulate(data)
        plans: dict[int, tuple[GreedyPlan, float]] = {}
        valuation: Valuation | None = None
        while (n := helper.claim()) is not None:
            valuation = valuation or Valuation(keeping)
            plans[n] = order_plan(keeping, valuation, n, sectors)
        plans |= helper.made()
        # An order the second process took and did not finish (it died) is made here.
        for n in range(orders(sectors)):
            if n not in plans:
                valuation = valuation or Valuation(keeping)
                plans[n] = order_plan(keeping, valuation, n, sectors)
        return m, data, best_first([plans[n] for n in sorted(plans)])
    finally:
        helper.close()


class Helper:
    """The second process, and a thread here that feeds it the data, answers its claims
    for orders and keeps the plans it sends back."""

    def __init__(self, data: ModelData) -> None:
        self.process = start_worker(ENTRY)
        self.lock = threading.Lock()
        self.taken = 0
        self.sectors: Sectors = None
        self.count: int | None = None  # how many orders, once the sector model has chosen
        self.known = threading.Event()
        self.plans: dict[int, tuple[GreedyPlan, float]] = {}
        # Pickled here, not in the thread: the build fills the data's caches meanwhile.
        payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        self.thread = threading.Thread(target=self._serve, args=(payload,), daemon=True)
        self.thread.start()

    def share(self, sectors: Sectors) -> None:
        """The sector model's choice: how many orders there are, and the last four's."""
        self.sectors, self.count = sectors, orders(sectors)
        self.known.set()

    def claim(self) -> int | None:
        """The next order nobody has taken, if any is left."""
        self.known.wait()
        assert self.count is not None
        with self.lock:
            if self.taken >= self.count:
                return None
            self.taken += 1
            return self.taken - 1

    def made(self) -> dict[int, tuple[GreedyPlan, float]]:
        """The plans the second process made, once it has stopped."""
        self.thread.join()
        return self.plans

    def close(self) -> None:
        # Nothing more may be claimed: a claim waiting for the sector model's choice (the
        # caller failed before it) is refused.
        with self.lock:
            self.count = self.taken
        self.known.set()
        self.process.kill()
        self.process.wait()
        # Killing the process ends the thread's reading, if it had not ended.
        self.thread.join()
        for pipe in (self.process.stdin, self.process.stdout):
            # What is left unwritten to a process killed (a SIGTERM reaches both) cannot
            # be: a BrokenPipeError here had turned an interrupt into exit 1.
            with suppress(OSError):
                if pipe is not None:
                    pipe.close()

    def _serve(self, payload: bytes) -> None:
        to, back = self.process.stdin, self.process.stdout
        assert to is not None and back is not None
        try:
            to.write(payload)
            to.flush()
            for message in received(back):
                if message is None:
                    n = self.claim()
                    send(to, None if n is None else (n, self.sectors))
                else:
                    n, plan = message
                    self.plans[n] = plan
        except OSError:
            # It ended, after its last claim was refused or not (its error is on stderr).
            return


def serve() -> None:
    """The second process: read the data, then claim orders one at a time and send back
    each one's plan and objective, until no order is left."""
    sink = sys.stdout.buffer
    messages = received(sys.stdin.buffer)
    # Deaf to Ctrl-C (`start_worker`): the main process says so and kills this one.
    with suppress(BrokenPipeError):
        # No data where the caller ended first: a sweep's worker stopped by a Ctrl-C.
        data: ModelData | None = next(messages, None)
        if data is None:
            return
        valuation = Valuation(data)
        send(sink, None)
        for claimed in messages:
            if claimed is None:
                return
            n, sectors = claimed
            send(sink, (n, order_plan(data, valuation, n, sectors)))
            send(sink, None)
