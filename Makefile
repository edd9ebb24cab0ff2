# Khibra — the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
# The embedded default runs in development mode over plain http; production sets DEBUG=0.
export DEBUG ?= 1

.PHONY: run test lint setup migrate demo messages translations lock clean browser-deps
# Test processes (pytest-xdist): one per core by default; TEST_PROCESSES=0 runs in this process.
TEST_PROCESSES ?= auto

$(VENV)/.runtime: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

messages: $(VENV)/.runtime
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

# The one Arabic catalogue, locale/ar/LC_MESSAGES/django.po: this adds the sources' new strings to
# it (and drops the ones no longer used); write their Arabic there, then `make messages`.
translations: $(VENV)/.runtime
	$(MANAGE) makemessages -l ar --add-location=file --no-obsolete \
	  --ignore=.venv/* --ignore=.cache/* --ignore=node_modules/* --ignore=var/* -v 0

setup: $(VENV)/.runtime messages
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) load_demo

run: setup
	PORT=$(PORT) bin/run

# The visual identity's fonts (IBM Plex Sans Arabic, OFL) and icons (Lucide, ISC) from the npm
# registry, copied into static/vendor/ by bin/vendor-identity. The copies are committed: neither
# running the site nor its tests needs npm (no build step); run this only to update them.
.PHONY: identity-assets
identity-assets:
	mkdir -p .cache/identity && cd .cache/identity && npm pack --silent @fontsource/ibm-plex-sans-arabic@5.3.0 lucide-static@1.87.0 >/dev/null
	cd .cache/identity && mkdir -p fonts icons && tar xzf fontsource-ibm-plex-sans-arabic-5.3.0.tgz -C fonts && tar xzf lucide-static-1.87.0.tgz -C icons
	$(PYTHON) bin/vendor-identity .cache/identity/fonts/package .cache/identity/icons/package

# axe-core for the accessibility checks of the browser tests (from the npm registry).
browser-deps:
	@if command -v npm >/dev/null 2>&1; then \
	  test -f .cache/node/node_modules/axe-core/axe.min.js || npm install --silent --no-audit --no-fund --prefix .cache/node axe-core@4 >/dev/null; \
	else echo "npm is missing: browser tests will skip the accessibility checks" >&2; fi

test: $(VENV)/.dev messages browser-deps
	@if [ -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then echo "Browser tests: on (Chromium at $${CHROMIUM:-/usr/bin/chromium})"; \
	else echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	     echo "!!! Chromium is NOT installed: the browser tests will be SKIPPED.                  !!!"; \
	     echo "!!! Install it with: apt-get install chromium                                      !!!"; \
	     echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; fi
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)
	@# SQLite's in-memory test database cannot be shared by threads: the last-seat race runs
	@# again on a database file, so it is proven on SQLite as well as on PostgreSQL.
	@if [ -z "$$DATABASE_URL" ] && [ -z "$(PYTEST_ARGS)" ]; then rm -f var/test-race.sqlite3*; \
	  TEST_SQLITE_FILE=var/test-race.sqlite3 $(BIN)/python -m pytest -q khibra/recruitment/tests/test_selection_race.py khibra/hours/tests/test_review_race.py; fi
	@# The API end to end on a live server: the curl walkthrough of docs/api.md, then schemathesis.
	@if [ -z "$$DATABASE_URL" ] && [ -z "$(PYTEST_ARGS)" ]; then bin/api-check; fi

# Screenshots of the 20 most used pages of each role, Arabic and English, 390 and 1280 px, into
# screens/ with an index.html (bin/screens: a throwaway server with the demo world).
.PHONY: screens
screens: $(VENV)/.dev messages browser-deps
	bin/screens

# The layers of docs/architecture.md (import-linter) and ruff's checks.
lint: $(VENV)/.dev
	$(BIN)/lint-imports
	$(BIN)/ruff check khibra tests bench loadtest

# Regenerate the pinned lock files after editing requirements*.in.
lock:
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o requirements.lock requirements.in
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o requirements-dev.lock requirements-dev.in

clean:
	rm -rf $(VENV) var/static .pytest_cache .cache

# --- Reliability (issue 9): backups, the load test and the fault tests --------------------------
.PHONY: backup restore loadtest faulttest

# A folder under var/backups (or BACKUP_DIR): database, uploaded files, exports, manifest.
backup: $(VENV)/.runtime
	$(BIN)/python bin/backup

# make restore BACKUP=var/backups/khibra-... [FORCE=1]: refuses a database with tables unless FORCE.
restore: $(VENV)/.runtime
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/khibra-<time> [FORCE=1]"; exit 2; }
	$(BIN)/python bin/restore "$(BACKUP)" $(if $(FORCE),--force)

# 10 minutes of mixed browsing, searching, applying and hour logging (LOADTEST_MINUTES, LOADTEST_USERS).
loadtest: $(VENV)/.dev messages
	bin/loadtest

# The worker killed mid fan-out, the database stopped under load (the latter on PostgreSQL only).
faulttest: $(VENV)/.dev messages
	FAULT_TESTS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/reliability -m fault

# --- Benchmarks (issue 8): a national-size data set in PostgreSQL, then the figures ----------------
.PHONY: bench-data bench match-quality
# Matching quality on the labelled set of bench/match_eval (a test database, SQLite unless
# DATABASE_URL is set): prints precision@3, nDCG@10 and the hard-limit violations of suggestions,
# recommendations, invitations and alerts; fails on any violation or precision@3 below 0.9.
match-quality: $(VENV)/.dev messages
	$(BIN)/python -m pytest -q -s -p no:cacheprovider khibra/matching/tests/test_quality.py

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/khibra_bench
BENCH_SIZES ?= --volunteers 1000000 --opportunities 100000

# Creates the database when missing, migrates it and loads the data set (COPY; about 9 minutes).
bench-data: $(VENV)/.dev
	@psql "$(BENCH_DATABASE_URL)" -c "SELECT 1" >/dev/null 2>&1 || createdb -h 127.0.0.1 -U postgres "$(notdir $(BENCH_DATABASE_URL))"
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(MANAGE) migrate --noinput -v 0
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.data $(BENCH_SIZES)

# Loads the data set first when the database has none; checks the query plans (no sequential scan of
# the volunteer or opportunity tables); writes bench/results.json and docs/benchmarks.md.
bench: $(VENV)/.dev messages
	@DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -c "import bench.data as d; raise SystemExit(0 if d.has_data() else 1)" || $(MAKE) bench-data
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m pytest -q -p no:cacheprovider bench/test_plans.py
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.run $(BENCH_ARGS)

# --- Scale-out drill (issue 21): primary + replica, Redis, two nodes behind HAProxy, two workers ---
.PHONY: scale-drill
# Everything under .drill/ on loopback ports 8120-8129, 55432-55433 and 6390 (DRILL_PORT, DRILL_PG_PORT,
# DRILL_REDIS_PORT); at most 5 minutes of load; figures in bench/drill/results.json (docs/scaling.md).
scale-drill: $(VENV)/.dev messages
	bin/scale-drill
