"""Fresh interpreters running this copy of forcegen, fed and answered over pipes.

A `multiprocessing` spawn would re-import the caller's main script (a user's script
without a main guard would run again), and a fork inherits the threads HiGHS leaves from
earlier solves in the same process: a worker here is `python -c ENTRY`, its stdin and
stdout pipes to the caller.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def start_worker(entry: str, *, own_group: bool = False) -> subprocess.Popen[bytes]:
    """Start `python -c entry` on this copy of forcegen, installed or not; `own_group`:
    in a process group of its own, out of reach of the terminal's Ctrl-C."""
    root = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-c", entry],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": path},
        process_group=0 if own_group else None,
    )
