# Two commands for a newcomer: `make demo` and `make test`. Each makes its own virtual environment.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,bench,docs]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/asyncclient demo

test: $(STAMP)
	$(BIN)/ruff check asyncclient tests benchmarks
	$(BIN)/ruff format --check asyncclient tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run_all

docs: $(STAMP)
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) site .mypy_cache .pytest_cache .ruff_cache
