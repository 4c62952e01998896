# The two commands: `make run` and `make test`. Everything is installed into .venv by these rules.
VENV ?= .venv
PYTHON ?= python3
FLASK = $(VENV)/bin/flask --app helpdesk
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test bench bench-sweep install install-test install-bench translations clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e ".[postgres]"
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e ".[bench]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-bench: $(VENV)/.installed-bench

# The scheduler runs beside the web server and stops with it.
run: install
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	$(FLASK) scheduler & scheduler=$$!; trap 'kill $$scheduler' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

# Pyflakes' checks (unused imports and names, undefined names) first, then the whole suite.
test: install-test
	$(VENV)/bin/ruff check --select F,E9 helpdesk tests migrations
	$(VENV)/bin/pytest

# The benchmark (bench/README.md) on databases filled by `flask bench-data`; it adds its own users, nothing else.
BENCH_SQLITE ?= sqlite:////tmp/helpdesk-bench.sqlite
BENCH_POSTGRES ?= postgresql+psycopg://postgres@127.0.0.1:5432/helpdesk_bench
BENCH_REQUESTS ?= 200
bench: install-bench
	$(VENV)/bin/python bench/run.py --database $(BENCH_SQLITE) --requests $(BENCH_REQUESTS) --json bench/results/sqlite.json
	$(VENV)/bin/python bench/run.py --database $(BENCH_POSTGRES) --requests $(BENCH_REQUESTS) --json bench/results/postgresql.json

# Every GET page of the app on the same data, in-process, slowest first (bench/sweep.py).
bench-sweep: install-bench
	$(VENV)/bin/python bench/sweep.py --database $(BENCH_SQLITE)
	$(VENV)/bin/python bench/sweep.py --database $(BENCH_POSTGRES)

# Danish is the source language: the msgids are the Danish texts. After changing texts, run this, fill in the new
# English msgstrs in translations/en/LC_MESSAGES/messages.po (and clear any "fuzzy" flag), and run it again to
# compile messages.mo, which is committed so an installed app needs no build step.
translations: install
	$(VENV)/bin/pybabel extract --mapping-file babel.cfg --keyword _l --sort-by-file \
		--project helpdesk --output-file translations/messages.pot .
	$(VENV)/bin/pybabel update --input-file translations/messages.pot --output-dir translations \
		--no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile --directory translations --statistics

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
