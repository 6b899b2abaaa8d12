# Two entry points (see README "Quick start"): `make build` and `make test`.
# Both create .venv and install the project into it when pyproject.toml changes.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# the bundled samples into their own database, samples.duckdb: events.duckdb (or $EVENTS_DB) is left for the user's
# own imports
build: $(STAMP)
	$(BIN)/events build --db samples.duckdb

lint: $(STAMP)
	$(BIN)/ruff check events schemas gazetteer tests scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest
