"""The `forcegen` command's entry point: the command line (`forcegen.cli`) loads its
libraries (pyomo, pandas, plotly) for a second or more before it can say anything, and a
Ctrl-C then had shown the import's traceback."""

from __future__ import annotations

import sys

# As a shell reports a command ended by Ctrl-C (`forcegen.cli.EXIT_INTERRUPTED`, which
# cannot be imported before the libraries it waits for).
INTERRUPTED = 130


def main() -> None:
    try:
        from forcegen.cli import app
    except KeyboardInterrupt:
        print("Interrupted before anything was run.", file=sys.stderr)
        raise SystemExit(INTERRUPTED) from None
    app(prog_name="forcegen")
