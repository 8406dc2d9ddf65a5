"""Shared fixtures: the tiny scenario and copies of it to break."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from forcegen import Scenario, load_scenario

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
TIMOR = Path(__file__).parent.parent / "data" / "timor-leste-1999"


@pytest.fixture
def tiny() -> Scenario:
    return load_scenario(TINY)


@pytest.fixture
def tiny_south_handed_over(tiny: Scenario) -> Scenario:
    """Tiny with south handed over by decision in 2000-07 (month 6), its demand ended
    in 2000-06."""
    return tiny.model_copy(
        update={
            "regions": tuple(
                r.model_copy(update={"handed_over": "2000-07"}) if r.region == "south" else r
                for r in tiny.regions
            ),
            "demand": tuple(
                d.model_copy(update={"last": "2000-06"}) if d.region == "south" else d
                for d in tiny.demand
            ),
        }
    )


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Callable[[], Path]:
    """A fresh editable copy of the tiny scenario folder."""

    def make() -> Path:
        target = tmp_path / "scenario"
        shutil.copytree(TINY, target)
        return target

    return make


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a scenario file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def forcegen_in_its_own_session(*arguments: str) -> subprocess.Popen[str]:
    """The command line in a process group of its own, as a terminal starts a command, for
    a test to signal it and read what it says."""
    command = "import sys; from forcegen.cli import app; sys.exit(app())"
    return subprocess.Popen(
        [sys.executable, "-c", command, *arguments],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
