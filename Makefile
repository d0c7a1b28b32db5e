# Overblik: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DB := var/overblik.db

.PHONY: run test install install-test demo lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)
	bash scripts/ensure-system-packages.sh

$(DB): | $(STAMP)
	OVERBLIK_DEMO=1 $(BIN)/overblik demo --if-missing

demo: $(STAMP)
	OVERBLIK_DEMO=1 $(BIN)/overblik demo --force

run: $(STAMP) $(DB)
	$(BIN)/overblik db upgrade
	OVERBLIK_DEMO=1 $(BIN)/overblik serve

lint: $(TEST_STAMP)
	$(BIN)/ruff check dashboard queries tests scripts benchmarks

test: install-test
	$(BIN)/ruff check dashboard queries tests scripts benchmarks
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf var .pytest_cache
