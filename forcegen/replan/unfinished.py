"""What a stopped run keeps: the plan it reached, as the run folder `unfinished/` beside a
record of where and why it stopped, and no marker of a finished run, so that it is never
taken for one (`rolling`, `resilience`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from forcegen.fileio import atomic_folder
from forcegen.run import Infeasible, NoPlan, Run

UNFINISHED = "unfinished"  # the folder of a stopped run's plan


def why_no_plan(exc: Infeasible | NoPlan) -> tuple[list[str], bool]:
    """Why a solve has no plan, as lines (the diagnosis of the rules in conflict, or how
    the solver stopped), and whether its rules conflict."""
    if isinstance(exc, Infeasible):
        return exc.diagnosis, True
    return [str(exc)], False


def how_no_plan(conflict: bool) -> str:
    return "no plan keeps every hard rule" if conflict else "the solver stopped first"


def keep(folder: Path, run: Run, record: str, said: dict[str, Any]) -> None:
    """`run` as `folder/unfinished/` with `said` in its YAML file `record`, atomically: an
    earlier stopped run's `unfinished/` replaced, a finished run's files left as they were."""
    with atomic_folder(folder, replaces=(UNFINISHED,)) as staging:
        run.write(staging / UNFINISHED)
        (staging / UNFINISHED / record).write_text(
            yaml.safe_dump(said, sort_keys=False, allow_unicode=True)
        )


def where_kept(
    folder: Path, record: str, marker: str, run: str, about: str = "", note: str = ""
) -> str:
    """Where a stopped run's plan is kept in `folder` and how to check it, its `record`
    beside it (what it holds `about`, a `note` after), and that the `run` run is
    unfinished: no `marker` was written, and one there is an earlier finished run's."""
    plan = folder / UNFINISHED
    said = (
        f"kept in {plan} (forcegen check {plan / 'scenario'} {plan}), with {about}"
        f"{plan / record}{note}; no {marker} was written: the {run} run is unfinished"
    )
    if (folder / marker).exists():
        said += f" (the {marker} in {folder} is an earlier run's, left as it was)"
    return said
