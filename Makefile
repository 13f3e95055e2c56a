# The README's commands. Each target first makes sure .venv matches requirements.lock.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Stage commands in dvc.yaml call `python`: make it the environment's.
export PATH := $(abspath $(BIN)):$(PATH)
export VIRTUAL_ENV := $(abspath $(VENV))

.PHONY: repro test lab validate lint

repro: $(STAMP)
	$(BIN)/dvc repro

test: $(STAMP)
	$(BIN)/pytest

lab: $(STAMP)
	$(BIN)/jupyter lab --allow-root

validate: $(STAMP)
	$(BIN)/python -m analysis validate data/raw

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# uv comes from its own hashed lock; everything else is synced exactly to requirements.lock.
$(STAMP): requirements.lock requirements-bootstrap.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-bootstrap.lock
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $@
