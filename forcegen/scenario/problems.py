"""Problems found in a scenario's files, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located where the user can find it.

    `row` is the row as the user sees it in that file (header is row 1; a line number for
    YAML); `column` the column or setting; `rule` a short name of the rule broken.
    """

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str
    value: str | None = None
    severity: Severity = "error"

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        value = f" (value {self.value!r})" if self.value is not None else ""
        return f"{self.where()}: [{self.rule}] {self.message}{value}"


class ScenarioError(Exception):
    """Raised when a scenario has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        found = errors(problems)
        lines = "\n".join(f"  {p}" for p in found)
        super().__init__(f"{len(found)} problem(s) in the scenario:\n{lines}")


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def as_numbers(
    text: pd.Series, file: str, column: str, *, whole: bool = False, blank: float | None = None
) -> tuple[pd.Series, list[Problem]]:
    """A CSV column as read (text or numbers, blank cells NaN) as numbers, and a problem at
    the row of every cell that is not one (row 1 is the header). A blank cell becomes
    `blank`, or is a problem when `blank` is None."""
    numbers = pd.to_numeric(text, errors="coerce")
    wrong = text.notna() & numbers.isna()
    if blank is None:
        wrong |= text.isna()
    else:
        numbers = numbers.where(text.notna(), blank)
    if whole:
        wrong |= numbers.notna() & (numbers.round() != numbers)
    kind = "whole number" if whole else "number"
    rows = range(2, len(text) + 2)
    problems = [
        Problem(file, row, column, "not-a-number", f"must be a {kind}", value)
        for row, value, bad in zip(rows, text.astype("string").fillna(""), wrong, strict=True)
        if bad
    ]
    return numbers, problems
