# The README's commands. Each target first makes sure .venv matches requirements.lock.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Stage commands in dvc.yaml call `python`: make it the environment's.
export PATH := $(abspath $(BIN)):$(PATH)
export VIRTUAL_ENV := $(abspath $(VENV))

.PHONY: repro test check-repro lab validate lint

repro: $(STAMP)
	$(BIN)/dvc repro

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

# After a repro, nothing committed may change: dvc.lock and every git-tracked output are what the pipeline makes.
check-repro: repro
	$(BIN)/dvc status --quiet || { $(BIN)/dvc status; exit 1; }
	@test -z "$$(git status --porcelain)" || { echo "repro changed committed files:"; git status --porcelain; git --no-pager diff --stat; exit 1; }

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
