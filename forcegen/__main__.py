"""`python -m forcegen`: the `forcegen` command, where its script is not on the PATH."""

from forcegen.command import main

main()
