# 职称评审管理服务平台. `make run` serves the demo; `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=true

.PHONY: run test check install install-test e2e test-postgres bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	@mkdir -p var
	$(DEV_ENV) $(BIN)/zhicheng migrate --noinput
	$(DEV_ENV) $(BIN)/zhicheng demo
	$(DEV_ENV) $(BIN)/zhicheng serve

check: install-test
	@mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/zhicheng makemigrations --check --dry-run
	$(DEV_ENV) $(BIN)/mypy zhicheng

test: check
	$(BIN)/pytest -m "not e2e"

test-postgres: install-test
	bash .ci/postgres-tests

e2e: install-test
	bash .ci/browser-tests

# Every benchmark on the scale data set in PostgreSQL: zhicheng_scale_$(SCALE) on 127.0.0.1 (generated when
# missing), or BENCH_DATABASE_URL. SCALE=city (default) or `make bench SCALE=province`; figures go to
# bench/results/$(SCALE)/, and bench/report.md holds the last run of each scale.
SCALE ?= city
bench: install-test
	BENCH_SCALE=$(SCALE) $(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
