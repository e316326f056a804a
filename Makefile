# vnfacts: two commands set everything up on a fresh machine.
#   make run    install into .venv, extract facts from corpus/ and load them into DuckDB
#   make eval   score the seeds (corpus/articles) and the development set (corpus/dev) against their gold
#   make test   install into .venv and run the tests
#   make serve  browse out/facts.duckdb in a web browser (after make run)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
OUT    := out

.PHONY: install run eval test bench expected-records schema screenshots serve clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: eval
	@echo "Facts written to $(OUT)/facts.jsonl (errors, if any: $(OUT)/facts.errors.jsonl)"
	$(BIN)/vnfacts load $(OUT)/facts.jsonl --db $(OUT)/facts.duckdb
	@echo "Facts loaded into $(OUT)/facts.duckdb; the most cited documents:"
	$(BIN)/vnfacts query --preset most_cited --param limit=5 --db $(OUT)/facts.duckdb --format table
	@echo "Browse them in a web browser: make serve  (or $(BIN)/vnfacts serve --db $(OUT)/facts.duckdb), then open http://127.0.0.1:8000/"

serve: install
	@test -f $(OUT)/facts.duckdb || { echo "no $(OUT)/facts.duckdb yet: run make run first" >&2; exit 1; }
	$(BIN)/vnfacts serve --db $(OUT)/facts.duckdb

# The seeds are the articles the rules were written with; the development set (corpus/dev,
# see its SOURCES.md) is scored apart, so that the two figures are never mixed.
eval: install
	mkdir -p $(OUT)
	$(BIN)/vnfacts extract corpus/articles -o $(OUT)/facts.jsonl --overwrite --with-text
	$(BIN)/vnfacts extract corpus/dev/raw -o $(OUT)/dev.jsonl --overwrite
	@echo "== seeds: corpus/articles against corpus/gold"
	$(BIN)/vnfacts eval --gold corpus/gold $(OUT)/facts.jsonl
	@echo "== development set: corpus/dev/raw against corpus/dev/gold"
	$(BIN)/vnfacts eval --gold corpus/dev/gold $(OUT)/dev.jsonl

test: install
	$(PY) -m pytest -q

bench: install
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/web.py

# The records tests/test_same_records.py compares with (seeds, dev, bench corpus): run on
# main when a branch has changed records on purpose, and commit tests/data/expected.
expected-records: install
	$(PY) benchmarks/expected.py --write

# The README's explorer screenshots (docs/explorer-*.png), taken by the browser tests.
screenshots: install
	VNFACTS_SCREENSHOTS=docs $(PY) -m pytest -q tests/test_web_browser.py

schema: install
	$(BIN)/vnfacts schema --dir schemas

clean:
	rm -rf $(OUT) .pytest_cache
