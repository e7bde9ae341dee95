# The commands people type. `make demo` and `make test` work from a clean clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_BASE := $(VENV)/.installed-base
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest e2e bench lock clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Taskforce needs Python 3.11 or newer (found " + sys.version.split()[0] + ").")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_BASE): $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(STAMP_DEV): $(STAMP_BASE) requirements/dev.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@

## Build the demo task force in var/ and serve it on http://127.0.0.1:8000
demo: $(STAMP_BASE)
	$(BIN)/taskforce demo

## Lint, type-check and run the whole suite (browser tests skip if Chromium is missing)
test: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src
	TASKFORCE_ENV=test $(BIN)/pytest

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP_DEV)
	$(BIN)/mypy src

pytest: $(STAMP_DEV)
	TASKFORCE_ENV=test $(BIN)/pytest $(ARGS)

e2e: $(STAMP_DEV)
	TASKFORCE_ENV=test TASKFORCE_REQUIRE_BROWSER=1 $(BIN)/pytest tests/e2e $(ARGS)

## Benchmarks print figures; they never fail the build on timing.
bench: $(STAMP_DEV)
	$(BIN)/python bench/directory_search.py
	$(BIN)/python bench/meetings.py
	$(BIN)/python bench/decisions.py

## Regenerate the hashed lock files from pyproject.toml
lock: $(STAMP_DEV)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra dev -o requirements/dev.txt pyproject.toml

clean:
	rm -rf $(VENV) var/static
