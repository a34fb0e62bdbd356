# The front door. `make booklet` and `make test` set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ZINEGEN := $(BIN)/zinegen

.PHONY: booklet trifold card zine all check thumbnails docs test test-fast fuzz bench lint format clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

booklet: $(STAMP)
	$(ZINEGEN) build booklet

trifold: $(STAMP)
	$(ZINEGEN) build trifold

card: $(STAMP)
	$(ZINEGEN) build card

zine: $(STAMP)
	$(ZINEGEN) build zine

all: $(STAMP)
	$(ZINEGEN) build --lang all

check: $(STAMP)
	$(ZINEGEN) check

# Pictures of each product for the README, drawn from real builds.
thumbnails: $(STAMP)
	$(BIN)/python scripts/thumbnails.py --out docs/images

# docs/cli.md: every command's --help.
docs: $(STAMP)
	$(BIN)/python scripts/cli_docs.py

test: $(STAMP)
	$(BIN)/python -m pytest

# The tests that do not build whole products or a wheel: seconds, for while you edit.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# The loaders' property tests with thousands of examples each (make test runs a few dozen):
# minutes, for before a release or after a change to how kits are read.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py --hypothesis-show-statistics

bench: $(STAMP)
	$(BIN)/python bench/bench_build.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/python scripts/cli_docs.py --check

format: $(STAMP)
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

clean:
	rm -rf build
