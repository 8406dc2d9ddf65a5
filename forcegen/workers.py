"""Fresh interpreters running this copy of forcegen, fed and answered over pipes.

A `multiprocessing` spawn would re-import the caller's main script (a user's script
without a main guard would run again), and a fork inherits the threads HiGHS leaves from
earlier solves in the same process: a worker here is `python -c ENTRY`, its stdin and
stdout pipes to the caller, each message on them one pickle.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

# Set before the worker imports anything: a Ctrl-C at the terminal reaches the whole
# foreground group, and its caller says so and ends the worker; one reaching a worker
# still importing (pyomo takes seconds) had printed that worker's traceback. (Python's own
# start-up, before its first line, some hundredths of a second, is not covered.)
DEAF_TO_CTRL_C = "import signal; signal.signal(signal.SIGINT, signal.SIG_IGN); "


def start_worker(entry: str, *, own_group: bool = False) -> subprocess.Popen[bytes]:
    """Start `python -c entry` on this copy of forcegen, installed or not, deaf to Ctrl-C
    (its caller ends it); `own_group`: in a process group of its own, out of reach of
    the terminal's signals altogether."""
    root = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    # -P: the current folder stays off the module path, where a folder named forcegen
    # (or numpy) would come before this copy.
    return subprocess.Popen(
        [sys.executable, "-P", "-c", DEAF_TO_CTRL_C + entry],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": path},
        process_group=0 if own_group else None,
    )


@contextmanager
def group_worker(entry: str) -> Iterator[subprocess.Popen[bytes]]:
    """A worker (`start_worker`) in a process group of its own, out of the terminal's
    reach: however the block ends (its answer read, Ctrl-C in this process, an error),
    the worker's whole group (the processes of its solve with it) is ended at once."""
    worker = start_worker(entry, own_group=True)
    try:
        yield worker
    finally:
        with suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        for pipe in (worker.stdin, worker.stdout):
            with suppress(OSError):
                if pipe is not None:
                    pipe.close()


def send(pipe: IO[bytes], message: Any) -> None:
    """Write one message, at once: the other end may be waiting for it."""
    pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.flush()


def received(pipe: IO[bytes]) -> Iterator[Any]:
    """The messages on `pipe` until it ends: closed, or its writer gone, whole or in the
    middle of a message."""
    try:
        while True:
            yield pickle.load(pipe)
    except (EOFError, OSError, pickle.UnpicklingError):
        return


def answer_channel(*, others_to_stderr: bool) -> IO[bytes]:
    """The worker's end of the pipe to its caller, a copy of descriptor 1. HiGHS writes
    its banner to descriptor 1 whatever its options, which would break a message in two:
    descriptor 1 itself goes to stderr (where what is written there is seen) or nowhere."""
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2 if others_to_stderr else os.open(os.devnull, os.O_WRONLY), 1)
    return channel


def end_with_caller() -> None:
    """For a worker in a process group of its own (`start_worker(own_group=True)`), which
    no signal to its caller reaches: end it, with every process of its group, once its
    caller goes (its stdin ends), killed with no chance to end it, where it had solved on
    alone."""

    def wait_for_the_end() -> None:
        sys.stdin.buffer.read()
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=wait_for_the_end, daemon=True).start()
