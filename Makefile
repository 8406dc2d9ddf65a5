# Two entry points a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
EXAMPLE := data/timor-leste-1999
# The report's browser test and static figures use Debian's Chromium (Kaleido, Playwright).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint venv notebooks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/forcegen demo $(EXAMPLE)

# JupyterLab on the notebooks, in the same environment as the demo's; as root (a
# container's user) it refuses to start unless told.
notebooks: $(STAMP)
	$(BIN)/pip install --quiet -e ".[notebook]"
	$(BIN)/jupyter lab notebooks $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

lint: $(DEVSTAMP)
	$(BIN)/ruff check forcegen tests notebooks
	$(BIN)/ruff format --check forcegen tests notebooks
	$(BIN)/mypy

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq --no-install-recommends chromium

test: lint $(CHROMIUM)
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
