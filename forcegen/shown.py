"""How a value is shown in a message: short, whatever it is."""

from __future__ import annotations

import reprlib
from typing import Any

# The most of a value a problem shows: a whole file given where a mapping goes, or a list
# YAML's aliases nest a million times over, would be pages of it.
SHOWN = 80


def shortened(value: Any) -> str:
    """A value as a problem shows it, at most `SHOWN` characters; a large list or mapping
    is written no further than that (`reprlib`), not written whole and then cut."""
    text = value if isinstance(value, str) else _brief.repr(value)
    return text if len(text) <= SHOWN else f"{text[: SHOWN - 3]}..."


_brief = reprlib.Repr()  # its limits set one by one: Python 3.11's takes no arguments
_brief.maxlevel, _brief.maxlist, _brief.maxtuple, _brief.maxdict = 3, 6, 6, 6
_brief.maxstring = SHOWN
