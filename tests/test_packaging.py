"""What an installed copy of forcegen holds: every module, and the doctrines of models/
(pyproject.toml lists the packages, since models/ lies outside forcegen/); and the
version it says it is."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from typer.testing import CliRunner

import forcegen
from forcegen.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_a_wheel_holds_every_module_the_doctrines_and_the_templates(tmp_path: Path) -> None:
    """What `pip install .` installs: a wheel built from a copy of the checkout holds every
    module of forcegen, models/ as forcegen/models and the report's template, and says the
    package's version."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("forcegen", "models"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    assert wheel.name.startswith(f"forcegen-{forcegen.__version__}-")
    held = set(zipfile.ZipFile(wheel).namelist())
    wanted = {
        *(str(path.relative_to(ROOT)) for path in (ROOT / "forcegen").rglob("*.py")),
        *(f"forcegen/models/{path.name}" for path in (ROOT / "models").glob("*.yaml")),
        *(str(path.relative_to(ROOT)) for path in (ROOT / "forcegen").rglob("*.j2")),
    }
    assert "forcegen/models/security-keeping.yaml" in wanted
    assert wanted <= held, sorted(wanted - held)


def test_the_version_is_the_packages_and_printed_on_asking() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"forcegen {forcegen.__version__}\n"
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["dynamic"]["version"] == {"attr": "forcegen.__version__"}
