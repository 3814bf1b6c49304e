# tanka — the two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := data/demo.duckdb

.PHONY: setup chromium demo test lint bench eval clean

setup: $(VENV)/.installed chromium

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

chromium: $(VENV)/.installed
	@scripts/install_chromium.sh $(BIN)/python

# Crawl the local replay mirror of all three sites, then show the best gigs and a digest preview.
demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/tanka crawl --mirror --db $(DEMO_DB)
	$(BIN)/tanka top --db $(DEMO_DB) --limit 15 --beginner
	$(BIN)/tanka digest --db $(DEMO_DB) --profile demo --preview data/demo-digest.html
	@echo "digest preview: data/demo-digest.html"

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python -m bench.run

# How well the ranking agrees with the reviewed, hand-labelled set (bench/eval_labels.toml): precision
# of the top 10 and 20, avoid labels in the top 20, take-above-avoid pairs. Reads ../shared/fixtures.
eval: setup
	$(BIN)/python -m bench.eval

clean:
	rm -rf $(VENV) data bench/out .pytest_cache
