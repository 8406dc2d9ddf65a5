"""What an installed copy of forcegen holds: every subpackage, and the doctrines of
models/ (pyproject.toml lists the packages, since models/ lies outside forcegen/); and
the version it says it is."""

from __future__ import annotations

import tomllib
from pathlib import Path

from typer.testing import CliRunner

import forcegen
from forcegen.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_and_the_models_folder_are_installed() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "forcegen").rglob("__init__.py")
    }
    data = {"forcegen.models": "*.yaml", "forcegen.report.templates": "*.j2"}
    assert set(setuptools["packages"]) == found | set(data)
    assert setuptools["package-dir"] == {"forcegen.models": "models"}
    for package, files in data.items():
        assert setuptools["package-data"][package] == [files]
        folder = ROOT / setuptools["package-dir"].get(package, package.replace(".", "/"))
        assert list(folder.glob(files)), f"nothing to ship in {folder}"


def test_the_version_is_the_packages_and_printed_on_asking() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"forcegen {forcegen.__version__}\n"
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["dynamic"]["version"] == {"attr": "forcegen.__version__"}
