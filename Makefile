# integrity-toolkit: `make report` builds the progress report, `make test` runs every test.
# Both create .venv and install what they need; only python3 and make are required.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

.PHONY: help report test lint typecheck bench clean

help:
	@echo "make report   build reports/progress_report.html from the bundled plan"
	@echo "make test     run the whole test suite (notebooks, doctests, lint, types)"
	@echo "make bench    print parse throughput, import times and ledger timings"
	@echo "make clean    remove .venv and built reports"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[dev]'
	touch $@ $(VENV)/.installed

report: $(VENV)/.installed
	$(BIN)/integrity-toolkit report --out reports

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory lint typecheck

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_ledger.py

clean:
	rm -rf $(VENV) reports/*.html
