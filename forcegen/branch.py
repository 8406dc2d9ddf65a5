"""Branch-and-bound on the whole model in a process of its own, so that its time limit holds.

HiGHS (1.16) starts an analytic-centre interior-point solve beside the root of
branch-and-bound, with no time limit, and after the fifth round of cuts waits for it:
on Timor-Leste a final solve given 30 s sometimes ended after 46-53 s, and no callback
or cancel reaches a solve waiting there. A process can be ended. It sends each better
plan as it finds it and its bound at each log row; `GRACE` seconds after the limit it is
ended, and its last plan and bound are the answer.

The worker (`forcegen.workers`) imports this module alone: it needs only highspy and
numpy, and importing the rest of forcegen (pandas, pydantic, Pyomo) would take longer
than a short solve.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import IO, Any, TextIO

import highspy
import numpy as np

from forcegen.workers import answer_channel, received, send, start_worker

# How long past its time limit the worker may take to stop and report on its own: HiGHS
# stops within a second of it unless it is waiting on the analytic centre.
GRACE = 2.0
ABANDONED = "abandoned"
DIED = "died"
INTERRUPTED = "interrupted"
# The worker's entry point; it writes nothing else to its standard output.
ENTRY = "from forcegen.branch import work; work()"


@dataclass(frozen=True)
class Outcome:
    """How the worker ended (HiGHS's model status name, e.g. "kOptimal"; ABANDONED when
    it was ended at the deadline, DIED when it ended without reporting, INTERRUPTED when
    a Ctrl-C ended the wait for it), its best plan (every column's value), that plan's
    objective and the bound."""

    status: str
    values: np.ndarray | None
    bound: float | None
    objective: float | None = None


def branch_and_bound(
    highs: highspy.Highs,
    options: dict[str, Any],
    seconds: float,
    start: tuple[np.ndarray, np.ndarray] | None = None,
    streams: tuple[TextIO, ...] = (),
) -> Outcome:
    """Solve the model in `highs` (which is not changed) with HiGHS `options` for
    `seconds`, from `start` (columns and their values) if given; its log goes to
    `streams` as it is written."""
    # The worker reads the same clock (the system's monotonic clock), so the deadline is
    # one instant for both and its start-up comes out of its time, not on top of it.
    deadline = time.monotonic() + seconds
    lp = highs.getLp()
    matrix = lp.a_matrix_
    integrality = np.zeros(lp.num_col_, dtype=np.int32)  # empty in a model without integers
    integrality[: len(lp.integrality_)] = [int(kind) for kind in lp.integrality_]
    cost = np.array(lp.col_cost_)
    model = (
        lp.num_col_,
        lp.num_row_,
        len(matrix.value_),
        int(matrix.format_),
        int(lp.sense_),
        lp.offset_,
        cost,
        np.array(lp.col_lower_),
        np.array(lp.col_upper_),
        np.array(lp.row_lower_),
        np.array(lp.row_upper_),
        np.array(matrix.start_, dtype=np.int32),
        np.array(matrix.index_, dtype=np.int32),
        np.array(matrix.value_),
        integrality,
    )
    worker = start_worker(ENTRY)
    assert worker.stdin is not None and worker.stdout is not None
    try:
        send(worker.stdin, (model, options, start, deadline))
        worker.stdin.close()
        outcome = collect(worker, worker.stdout, deadline + GRACE, streams)
    finally:
        worker.kill()
        worker.wait()
        with suppress(OSError):  # unsent to a worker that died: nothing to flush to
            worker.stdin.close()
    if outcome.values is None:
        return outcome
    # The objective of the plan, not HiGHS's report of it (see `forcegen.search`).
    return replace(outcome, objective=lp.offset_ + float(cost @ outcome.values))


def collect(
    worker: subprocess.Popen[bytes], channel: IO[bytes], until: float, streams: tuple[TextIO, ...]
) -> Outcome:
    """Read the worker's messages from `channel` until it reports its end, or until
    `until` (time.monotonic()) passes; then it is ABANDONED with its last plan and bound,
    or INTERRUPTED with them where a Ctrl-C (a KeyboardInterrupt) came first."""
    messages: queue.Queue[tuple[Any, ...]] = queue.Queue()

    def read() -> None:
        # Closed here, at the end the worker's exit makes: Popen leaves its pipes to the
        # garbage collector, which warned of an unclosed file.
        with channel:
            for message in received(channel):
                messages.put(message)
        messages.put(("ended",))

    threading.Thread(target=read, daemon=True).start()
    values: np.ndarray | None = None
    bound: float | None = None
    try:
        while (left := until - time.monotonic()) > 0:
            try:
                kind, *content = messages.get(timeout=left)
            except queue.Empty:
                break
            if kind == "log":
                for stream in streams:
                    stream.write(content[0])
            elif kind == "bound":
                # The best of them: a solve again without its start begins from a weaker one.
                bound = content[0] if bound is None else max(bound, content[0])
            elif kind == "solution":
                values = content[0]
            elif kind == "done":
                status, final, reached = content
                return Outcome(status, final if final is not None else values, reached)
            else:  # the worker died without a word (its error went to stderr)
                for stream in streams:
                    stream.write(f"Branch-and-bound's process ended with code {worker.wait()}\n")
                return Outcome(DIED, values, bound)
    except KeyboardInterrupt:
        # Where the wait was (a queue's get), or a log line's write: either way the
        # last plan and bound told are whole.
        return Outcome(INTERRUPTED, values, bound)
    return Outcome(ABANDONED, values, bound)


def work() -> None:
    """The worker: read the model, options, start and deadline from stdin; solve; send
    log lines, bounds, plans and the end to stdout."""
    channel = answer_channel(others_to_stderr=False)
    given = next(received(sys.stdin.buffer), None)
    if given is None:  # the solve that started it was killed before it sent the model
        return
    model, options, start, deadline = given
    lock = threading.Lock()

    def tell(*message: Any) -> None:
        with lock:  # HiGHS may log from more than one thread
            try:
                send(channel, message)
            except BrokenPipeError:
                # The solve that started it is gone (its process killed, a sweep stopped
                # by Ctrl-C): nothing is left to solve for, nor anyone to tell.
                os._exit(0)

    kinds = highspy.cb.HighsCallbackType
    cost, offset = model[6], model[5]
    best = [np.inf]  # the objective of the last plan told: a second solve's worse are not

    def hear(
        kind: highspy.cb.HighsCallbackType,
        message: str,
        out: highspy.cb.HighsCallbackOutput,
        *_: object,
    ) -> None:
        if kind == kinds.kCallbackLogging:
            tell("log", message)
        elif kind == kinds.kCallbackMipLogging:
            tell("bound", float(out.mip_dual_bound))
        elif kind == kinds.kCallbackMipImprovingSolution:
            plan = np.array(out.mip_solution)
            if (objective := offset + cost @ plan) < best[0]:
                best[0] = objective
                tell("solution", plan)

    def solved(given: Any) -> tuple[str, np.ndarray | None, float, float]:
        """HiGHS's status, plan, its objective as HiGHS claims it, and bound, from `given`."""
        highs = highspy.Highs()
        highs.setOptionValue("log_to_console", False)
        for name, value in options.items():
            highs.setOptionValue(name, value)
        highs.passModel(*model)
        if given is not None:
            index, values = given
            highs.setSolution(len(index), index, values)
        highs.setOptionValue("time_limit", max(0.1, deadline - time.monotonic()))
        highs.setCallback(hear, None)
        for kind in (
            kinds.kCallbackLogging,
            kinds.kCallbackMipLogging,
            kinds.kCallbackMipImprovingSolution,
        ):
            highs.startCallback(kind)
        highs.run()
        info = highs.getInfo()
        feasible = int(highspy.SolutionStatus.kSolutionStatusFeasible)
        found = int(info.primal_solution_status) == feasible
        values = np.array(highs.getSolution().col_value) if found else None
        claimed = float(info.objective_function_value)
        return highs.getModelStatus().name, values, claimed, float(info.mip_dual_bound)

    status, values, claimed, bound = solved(start)
    if start is not None and values is not None and stale(offset + cost @ values, claimed):
        # HiGHS 1.16 hands back its start where it found the start worth less in its
        # presolved model (fixing columns the start had otherwise), and proved that figure
        # optimal, without the plan that has it: solved again without the start, its own,
        # where there is time for it. Its plan is no proven optimum else.
        status = "kTimeLimit"
        if deadline - time.monotonic() > 1.0:
            tell(
                "log",
                f"The plan handed back is the start, not one of {claimed:.10g}: solved again\n",
            )
            again, better, _, proven = solved(None)
            if better is not None and offset + cost @ better < offset + cost @ values:
                values = better
            if again == "kOptimal":  # its bound proves the better of the two plans too
                status = again
            bound = max(bound, proven)
    tell("done", status, values, bound)


def stale(objective: float, claimed: float) -> bool:
    """Whether a plan's own objective is above the one HiGHS claims for it."""
    return objective - claimed > 1e-6 * max(1.0, abs(claimed))
