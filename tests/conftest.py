"""Shared fixtures: the tiny scenario and copies of it to break."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

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


def declared_stale(book: Path, stale: Path, declared: dict[str, str]) -> None:
    """Write `book` to `stale` with the sheets `declared` saying they use the range given
    (`{"units": "A1:I3"}`) in place of what they hold, as a program may write a sheet's
    dimension: openpyxl opened read-only reads no cell past it."""
    titles = load_workbook(book, read_only=True).sheetnames
    with zipfile.ZipFile(book) as source:
        entries = {item: source.read(item) for item in source.namelist()}
    for title, used in declared.items():
        name = f"xl/worksheets/sheet{titles.index(title) + 1}.xml"
        entries[name], count = re.subn(
            rb'<dimension ref="[A-Z0-9:]+"', f'<dimension ref="{used}"'.encode(), entries[name]
        )
        assert count == 1, f"no dimension in {name}"
    with zipfile.ZipFile(stale, "w") as target:
        for item, data in entries.items():
            target.writestr(item, data)


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
