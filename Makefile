# integrity-toolkit: `make report` builds the progress report, `make test` runs every test.
# Both create .venv and install what they need; only python3 and make are required.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

.PHONY: help report test lint typecheck docs bench bench-coverage clean

help:
	@echo "make report   build reports/progress_report.html from the bundled plan"
	@echo "make test     run the whole test suite (notebooks, doctests, lint, types)"
	@echo "make docs     build the API reference into docs/_build/html"
	@echo "make bench    print parse throughput, import and report build times, ledger"
	@echo "              timings and graph analytics at scale"
	@echo "make bench-coverage  coverage at 1, 8, 20 million rows beside DuckDB"
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

docs: $(VENV)/.installed-dev
	rm -rf docs/generated
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_network.py
	$(BIN)/python benchmarks/bench_ledger.py
	$(BIN)/python benchmarks/bench_assessment.py

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[bench]'
	touch $@ $(VENV)/.installed

bench-coverage: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/bench_coverage.py

clean:
	rm -rf $(VENV) reports/progress_report* docs/_build docs/generated
