# Two commands for a fresh clone: `make demo` (install + analyse the demo corpus)
# and `make test` (install + run the tests). Everything installs into .venv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check lint bench quality clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first, pinned: 2.13.0 is the CPU build this workplace serves; an open range would pull a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev,ray]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/corroborator analyze examples/demo -o out/demo

test: $(STAMP)  # the quick suite for a developer: everything but the tests marked slow
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

check: lint $(STAMP)  # what CI runs: lint, format, types, then every test (slow ones included)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/ingest_speed.py
	$(BIN)/python bench/story50_speed.py
	$(BIN)/python bench/story50_parser.py
	$(BIN)/python bench/ecbplus_stories.py
	$(BIN)/python bench/ann_crossover.py

quality: $(STAMP)
	$(BIN)/corroborator eval all --write-doc docs/quality.md

clean:
	rm -rf out corroborator-report .pytest_cache
