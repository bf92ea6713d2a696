# The two commands a new user types: `make run` and `make test`.
# Each (re)creates .venv when it is missing or older than pyproject.toml, then runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test bench lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/cyberquiz --decks questions

# Parallel workers (pytest-xdist): one per core (auto). A third worker used to fill the time Pilot
# tests spent asleep between keys; they no longer sleep (tests/support.py: wait_until_quiet), and
# on two cores, whole suite, three runs each side by side, -n 2 took 97-98 s and -n 3 103-112 s
# (each worker also collects the whole suite). worksteal: a worker that runs out of tests takes
# some from a busy one (the slow Pilot tests come last).
TEST_WORKERS ?= auto

# PYTHONDONTWRITEBYTECODE emptied: where the environment sets it, every worker would compile
# our modules and pytest would rewrite every test module's asserts again on every run (about
# half of each worker's collection time); the caches go to the git-ignored __pycache__ folders.
test: $(STAMP_TEST)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal

bench: $(STAMP_TEST)
	$(BIN)/python -m bench

lint: $(STAMP_TEST)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP_TEST)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build dist
