# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := TRACKER_ENV=development $(VENV)/bin/flask --app wsgi
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# The browser tests' Node packages (axe-core, which checks WCAG 2.1 AA), pinned by package-lock.json.
NODE_STAMP := node_modules/.package-lock.json
export TRACKER_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-sqlite test-postgres lint clean install translations bench loadtest node_modules

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[test]'
	touch $@ $(STAMP)

install: $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node_modules: $(NODE_STAMP)

## make run: serve the app on http://127.0.0.1:5000 with the embedded SQLite database and demo data.
run: $(STAMP)
	$(FLASK) db upgrade
	$(FLASK) tracker demo-data --print-logins
	$(FLASK) run --host 127.0.0.1 --port 5000

## make test: the whole suite on SQLite, then on PostgreSQL when it answers.
test: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(MAKE) --no-print-directory test-sqlite
	@if $(PY) -c "import sys; from tests.dbs import postgres_available; sys.exit(0 if postgres_available() else 1)"; then \
		$(MAKE) --no-print-directory test-postgres; \
	elif [ "$$TRACKER_REQUIRE_POSTGRES" = "1" ]; then \
		echo "PostgreSQL is required (TRACKER_REQUIRE_POSTGRES=1) but does not answer on $$TRACKER_TEST_POSTGRES_URL"; exit 1; \
	else \
		echo "PostgreSQL half skipped: no server answers on $$TRACKER_TEST_POSTGRES_URL"; \
	fi

test-sqlite: $(TEST_STAMP) $(NODE_STAMP)
	TRACKER_TEST_DB=sqlite $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(TEST_STAMP) $(NODE_STAMP)
	TRACKER_TEST_DB=postgresql $(PY) -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .

## make translations: extract the Vietnamese msgids, merge them into the English catalogue, compile it.
## Translate the new empty msgstr entries in tracker/translations/en/LC_MESSAGES/messages.po, then run it again.
TRANSLATIONS := tracker/translations
PYBABEL := $(VENV)/bin/pybabel
translations: | $(STAMP)
	$(PYBABEL) extract -F $(TRANSLATIONS)/babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --no-location --sort-output \
		--project tracker -o $(TRANSLATIONS)/messages.pot tracker templates
	@if [ -f $(TRANSLATIONS)/en/LC_MESSAGES/messages.po ]; then \
		echo "$(PYBABEL) update -l en"; \
		$(PYBABEL) update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l en --no-fuzzy-matching --ignore-obsolete; \
	else \
		echo "$(PYBABEL) init -l en"; \
		$(PYBABEL) init -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l en; \
	fi
	$(PYBABEL) compile -d $(TRANSLATIONS) --statistics

## make bench: a district and a province (150 units) of 100,000 tasks each, and an everyday unit of 10,000 tasks,
## in fresh PostgreSQL databases, timed; writes BENCHMARKS.md and docs/plans.md (a few minutes on a quiet machine).
## `.venv/bin/python -m bench --help` for sizes and sets.
bench: $(STAMP)
	TRACKER_ENV=development $(PY) -m bench

## make loadtest: locust against gunicorn (4 workers) on PostgreSQL + Redis, two instances, and a PostgreSQL
## outage mid-load; writes the figures into BENCHMARKS.md (about 8 minutes, as root). Not part of make test.
LOAD_STAMP := $(VENV)/.installed-load
$(LOAD_STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[load]'
	touch $@ $(STAMP)

loadtest: $(LOAD_STAMP)
	$(PY) -m loadtest $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache node_modules
