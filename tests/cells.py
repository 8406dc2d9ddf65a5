"""What a lookup in a table gives, as the tests compare it.

pandas-stubs type a cell (`frame.loc[row, column]`, `frame.at[...]`) as any scalar pandas
may hold (a string, a date, a Period...), and a lookup that may match several rows as a
Series or a DataFrame: each helper checks that the table holds what the test reads, then
gives it its type.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def number(cell: object) -> float:
    """A cell that holds a number (a blank is NaN, still a number)."""
    assert isinstance(cell, int | float | np.integer | np.floating), repr(cell)
    return float(cell)


def missing(cell: object) -> bool:
    """pd.isna of one cell."""
    # pandas takes any object; the stubs' scalar overload leaves out a Period, an Interval
    # and a numpy bool, all of which a cell's type includes.
    return bool(pd.isna(cell))  # type: ignore[call-overload]


def series(found: object) -> pd.Series:
    """A lookup that gives a Series: one row, or one column of several rows."""
    assert isinstance(found, pd.Series), repr(found)
    return found


def frame(found: object) -> pd.DataFrame:
    """A lookup that gives a DataFrame: the rows under a key, with several columns."""
    assert isinstance(found, pd.DataFrame), repr(found)
    return found
