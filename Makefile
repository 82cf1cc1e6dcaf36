# carecenter: `make demo` runs a live demo, `make test` runs every check CI runs.
# Works on a fresh Debian 12 with Python 3.11+ and Node 20 (as root it installs the Debian packages
# the tests need). Re-running reuses .venv, node_modules and the demo data; pip only runs again when
# pyproject.toml changes, npm only when package-lock.json changes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pytest-xdist workers: each runs its own throw-away PostgreSQL cluster.
JOBS ?= 2
PYTEST_ARGS ?=

RUNTIME_STAMP := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test
NPM_STAMP := node_modules/.installed
VENDOR := src/carecenter/web/ui/static/vendor

.PHONY: help demo test lint assets system-deps clean

help:
	@echo "make demo   - run the demo care centre (PORT, SIP_PORT, CARECENTER_DATA_DIR honoured)"
	@echo "make test   - lint, unit, integration (SQLite + PostgreSQL) and browser tests"
	@echo "make lint   - ruff, ruff format --check, mypy, import-linter only"
	@echo "make clean  - remove .venv, node_modules, vendored assets and caches (keeps demo data)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "carecenter needs Python 3.11+"'
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || bash scripts/install-system-deps.sh venv
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@ $(RUNTIME_STAMP)

# Browser libraries come from the npm registry (package.json + lock) and are copied into the
# git-ignored static/vendor directory; nothing third-party is committed.
assets:
	@if [ ! -f package.json ]; then echo "no package.json: no browser libraries to install"; exit 0; fi; \
	if [ ! -f $(NPM_STAMP) ] || [ package-lock.json -nt $(NPM_STAMP) ] || [ package.json -nt $(NPM_STAMP) ]; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $(NPM_STAMP); \
	fi; \
	if [ -f scripts/vendor-assets.sh ]; then bash scripts/vendor-assets.sh; fi

system-deps:
	bash scripts/install-system-deps.sh test

demo: $(RUNTIME_STAMP) assets
	exec $(BIN)/carecenter demo

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Lint runs inside the suite (tests/unit/test_architecture.py), in parallel with the other tests.
# Exit code 5 (no tests collected) fails like any other failure.
test: $(TEST_STAMP) assets system-deps
	$(BIN)/pytest -n $(JOBS) --durations=15 $(PYTEST_ARGS) tests

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .hypothesis \
		test-artifacts build dist src/*.egg-info
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
