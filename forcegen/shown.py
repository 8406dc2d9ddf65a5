"""How a value is shown in a message, or an object in a notebook: short, whatever it is."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Mapping, Sized
from typing import Any

import pandas as pd

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


def spans(numbers: Iterable[int]) -> str:
    """Row numbers, ascending, as a planner reads them: `3, 7-9`, where 47 rows in a run
    had each been written out."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][-1] == number - 1:
            runs[-1][1:] = [number]
        else:
            runs.append([number])
    return ", ".join("-".join(str(n) for n in run) for run in runs)


def figure(value: float) -> str:
    """A number as a planner reads it: thousands separated, to three decimals where it has
    any (13,613,000; 1,234.5; 0.333), not 1.7316e+06; a sliver as one (2.5e-05), not 0."""
    if 0 < abs(value) < 0.001:
        return f"{value:.3g}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


# The key figures a plan's repr gives, those a planner reads first.
FIRST_READ = ("scenario", "model", "tours", "total_shortfall", "cost", "regions_handed_over", "gap")


def plan_shown(kind: str, tables: Mapping[str, Sized], kpis: Mapping[str, Any]) -> str:
    """A plan's repr: its tables' rows and its first key figures, where a dataclass's own
    wrote every table and log whole (megabytes, in a notebook's cell)."""
    rows = ", ".join(f"{name} {len(table):,} rows" for name, table in tables.items())
    figures = ", ".join(
        f"{key} {kpi_shown(key, value) if isinstance(value, float) else value}"
        for key in FIRST_READ
        if (value := kpis.get(key)) is not None
    )
    return f"{kind}({figures}{'; ' if figures else ''}{rows})"


def is_share(kpi: str) -> bool:
    """Whether a key figure is a fraction (a share, the gap), shown as a percentage."""
    return kpi.endswith("share") or kpi == "gap"


def kpi_shown(kpi: str, value: Any, change: bool = False, places: int | None = None) -> str:
    """A key figure as the terminal, the report and the workbook show it: money in millions
    to a tenth, seconds to a tenth, people and person-months whole, a share a percentage
    to a tenth (the gap to a hundredth, as the solver's line says it: 0.96% is not within
    a gap of 1.0%), its `change` signed (none where it shows as nothing), a share's in
    points; "" for none. `places`: more decimal places, where figures read alike at the
    usual ones must read apart (`places_apart`)."""
    if value is None or pd.isna(value):
        return ""
    scale, usual = shown_scale(kpi)
    places = max(usual, places or 0)
    number = f"{value * scale:,.{places}f}"
    if float(number.replace(",", "")) == 0:
        number = number.lstrip("-")  # -0.0: a sliver below what is shown
    elif change and not number.startswith("-"):
        number = f"+{number}"
    if is_share(kpi):
        return f"{number} pp" if change else f"{number}%"
    return f"{number} M" if kpi.endswith("cost") else number


def shown_scale(kpi: str) -> tuple[float, int]:
    """What a key figure is multiplied by to be shown (a million of money is 1, a share
    is shown in percent), and its decimal places there."""
    if is_share(kpi):
        return 100.0, 2 if kpi == "gap" else 1
    if kpi.endswith("cost"):
        return 1e-6, 1
    return 1.0, 1 if kpi.endswith("_seconds") else 0
