# tanka — the two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := data/demo.duckdb
FAST := -m "not e2e and not browser and not slow" -n auto  # pytest-xdist: one worker per core

.PHONY: setup chromium demo test test-fast lint bench eval constraints clean i18n i18n-extract i18n-update i18n-compile

setup: $(VENV)/.installed chromium i18n-compile

# The exact versions in constraints.txt; pyproject.toml keeps the compatible ranges.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

chromium: $(VENV)/.installed
	@scripts/install_chromium.sh $(BIN)/python

# Crawl the local replay mirror of all three sites, then show the best gigs and a digest preview,
# in English and in Japanese.
demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/tanka crawl --mirror --db $(DEMO_DB)
	$(BIN)/tanka top --db $(DEMO_DB) --limit 10 --beginner --lang en
	$(BIN)/tanka top --db $(DEMO_DB) --limit 5 --beginner --lang ja
	$(BIN)/tanka digest --db $(DEMO_DB) --profile demo --lang en --preview data/demo-digest.html
	$(BIN)/tanka digest --db $(DEMO_DB) --profile demo --lang ja --preview data/demo-digest.ja.html
	$(BIN)/tanka schedule --list --lang ja --db $(DEMO_DB)
	@echo "digest previews: data/demo-digest.html (English), data/demo-digest.ja.html (日本語)"
	@echo "the web view: $(BIN)/tanka web --db $(DEMO_DB) --open   (Ctrl+C stops it)"
	@echo "ブラウザで見る：$(BIN)/tanka web --db $(DEMO_DB) --open   （Ctrl+C で終了）"

# The whole suite: the unit tests one pytest-xdist worker per core (a test file stays on one worker,
# so module fixtures such as the wheel are built once), then the end-to-end crawls and the browser
# tests one at a time (they serve mirrors and start Scrapy and Chromium processes of their own).
test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest -n auto --dist loadfile -m "not e2e and not browser"
	$(BIN)/pytest -m "e2e or browser"

# Everything but the end-to-end crawls, the browser and the slow tests, the fuzzers at 15 examples a
# test instead of 120: the lane to run while working (under two minutes on two cores).
test-fast: $(VENV)/.installed
	$(BIN)/ruff check .
	TANKA_FUZZ_EXAMPLES=15 $(BIN)/pytest $(FAST)

lint: $(VENV)/.installed
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python -m bench.run

# How well the ranking agrees with the reviewed, hand-labelled set (bench/eval_labels.toml): precision
# of the top 10 and 20, avoid labels in the top 20, take-above-avoid pairs. Reads ../shared/fixtures.
eval: $(VENV)/.installed
	$(BIN)/python -m bench.eval

# After changing a dependency in pyproject.toml: pin what pip resolved.
constraints: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	( sed -n '1,2p' constraints.txt; $(BIN)/pip freeze --exclude-editable | grep -v '^#' ) > constraints.new
	mv constraints.new constraints.txt

# Japanese and English (README, "Development"): after adding or changing user-facing strings,
# `make i18n` (extract + update), translate the new entries of tanka/locale/ja/LC_MESSAGES/tanka.po,
# then `make i18n-compile`. tests/test_i18n.py fails while a message is missing, stale or untranslated.
POT := tanka/locale/tanka.pot  # generated, not committed
BABEL_OPTIONS := --no-wrap

i18n: i18n-update

i18n-extract: $(VENV)/.installed

	$(BIN)/pybabel extract -F babel.cfg $(BABEL_OPTIONS) --sort-by-file --add-location=file --project=tanka \
		--copyright-holder=tanka --msgid-bugs-address= -o $(POT) .

i18n-update: i18n-extract
	$(BIN)/pybabel update -i $(POT) -d tanka/locale -D tanka $(BABEL_OPTIONS) --ignore-obsolete
	$(BIN)/python scripts/i18n_english.py

# The .mo files are built, never committed (also by the package build: tanka/build_catalogs.py).
i18n-compile: $(VENV)/.installed
	$(BIN)/python -c "from tanka.i18n import compile_catalogs; compile_catalogs()"

clean:
	rm -rf $(VENV) data bench/out .pytest_cache build
