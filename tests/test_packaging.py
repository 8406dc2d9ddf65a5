"""What an installed copy of forcegen holds: every module, and the doctrines of models/
(pyproject.toml lists the packages, since models/ lies outside forcegen/); and the
version it says it is."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from typer.testing import CliRunner

import forcegen
from forcegen.cli import app
from forcegen.workers import start_worker

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


def test_the_entry_points_a_notebook_needs_are_the_packages_own() -> None:
    from forcegen.checker import check_plan
    from forcegen.evaluate import evaluate_plan
    from forcegen.run import solve_scenario
    from forcegen.scenario import (
        Scenario,
        ScenarioError,
        ScenarioWarning,
        load_scenario,
        read_scenario,
    )
    from forcegen.spec import load_spec
    from forcegen.stats import Results

    defined = [Scenario, ScenarioError, ScenarioWarning, load_scenario, read_scenario, load_spec]
    defined += [solve_scenario, Results, check_plan, evaluate_plan]
    assert [getattr(forcegen, name) for name in forcegen.__all__] == defined
    assert set(forcegen.__all__) <= set(dir(forcegen))
    assert all(f"`{name}(" in (forcegen.__doc__ or "") for name in ("solve_scenario", "check_plan"))


def test_a_ctrl_c_while_the_command_loads_ends_it_without_a_traceback() -> None:
    """The command's libraries take a second or more to load: a Ctrl-C then (here, the
    loading of forcegen.cli interrupted) is said in a line, exit 130, as one later is."""
    interrupted = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'forcegen.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from forcegen.command import main\n"
        "main()\n"
    )
    ended = subprocess.run(
        [sys.executable, "-c", interrupted], capture_output=True, text=True, check=False
    )
    assert ended.returncode == 130, ended.stderr
    assert ended.stderr == "Interrupted before anything was run.\n"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"forcegen": "forcegen.command:main"}


def test_a_worker_is_deaf_to_the_terminals_ctrl_c() -> None:
    """A Ctrl-C reaches every process of the terminal's group: a worker still loading its
    libraries had printed its traceback beside its caller's one line. Its caller ends it."""
    # Its first word says its entry runs (Python's own start-up is not covered: a Ctrl-C
    # there still ends it); the signal then comes while it works.
    entry = "import sys, time; print('up', flush=True); time.sleep(1); sys.stdout.write('slept')"
    worker = start_worker(entry)
    assert worker.stdout is not None and worker.stdin is not None
    assert worker.stdout.readline() == b"up\n"
    worker.send_signal(signal.SIGINT)
    assert worker.stdout.read() == b"slept"
    assert worker.wait() == 0
    worker.stdin.close()
