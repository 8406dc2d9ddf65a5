"""`python -m forcegen`: the `forcegen` command, where its script is not on the PATH."""

from forcegen.cli import app

app(prog_name="forcegen")
