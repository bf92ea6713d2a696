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

# Parallel workers (pytest-xdist). One more than the two cores: a Pilot test waits a little for
# the app to go idle and another worker's test fills that time; each extra worker costs one more
# collection. Measured on two cores, whole suite: -n 2 149 s wall, -n 3 111 s, -n 4 144 s (the
# CPU time of -n 4 was 25 s higher). worksteal: a worker that runs out of tests takes some from
# a busy one (the slow Pilot tests come last).
TEST_WORKERS ?= 3

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
