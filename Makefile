# OTE – the two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test audit advisories lint format lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "OTE needs Python 3.11 or newer: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

## run: set up, create data/ote.db with the demo team if it has no teams, serve on :8501
run: $(STAMP)
	$(BIN)/ote init
	$(BIN)/ote demo --if-empty
	$(BIN)/streamlit run app.py --server.port $(PORT)

## test: set up, then the offline dependency audit, lint and the whole test suite (SQLite,
## PostgreSQL, browser)
test: $(STAMP)
	$(BIN)/python -m ote.dependency_audit
	bash scripts/run-tests.sh

## audit: the release gate (needs network): the offline check, then pip-audit of every locked
## version against PyPI's and OSV's advisories. --strict: a package it cannot audit fails the
## audit (without it, pip-audit skips what it cannot reach and passes).
audit: $(STAMP)
	$(BIN)/python -m ote.dependency_audit
	$(BIN)/pip-audit --strict --no-deps --disable-pip --progress-spinner off -r requirements.lock

## advisories: refresh security/advisories.json from OSV's API for the locked packages (needs
## network), then check the lock against it
advisories: $(STAMP)
	$(BIN)/python scripts/refresh_advisories.py osv
	$(BIN)/python -m ote.dependency_audit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## lock: re-pin requirements.lock from a fresh install of pyproject.toml's dependencies
lock:
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet --disable-pip-version-check '.[dev]'
	( echo "# Exact versions of everything OTE installs (runtime and tests), for reproducible installs."; \
	  echo "# Regenerate with \`make lock\` after changing the dependencies in pyproject.toml."; \
	  build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^ote' ) > requirements.lock
	rm -rf build/lock-venv

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
