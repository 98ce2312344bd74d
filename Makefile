# Spend Geography — the two fresh-machine commands are `make run` and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
# An organisation's internal mirror of the source files; defaults to ../shared/data when it exists.
SPENDGEO_MIRROR ?= $(wildcard ../shared/data)
export SPENDGEO_MIRROR
PORT    ?= 8501

.PHONY: run test venv data lint format bench clean-data sysdeps

.venv/.installed: requirements.txt
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

venv: .venv/.installed

# axe-core (npm registry) for the accessibility checks in tests/browser.
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

data: venv
	$(PY) -m geo fetch
	$(PY) -m geo prepare

run: data
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

lint: venv
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .

format: venv
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The suite runs in parallel (pytest-xdist); a test file stays on one worker (module fixtures
# such as a Streamlit server are started once).
TEST_WORKERS ?= 4
test: lint data node_modules/.installed
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

bench: data
	for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

# Debian packages the browser tests and the hosted instance use (run as root).
sysdeps:
	apt-get update -qq
	apt-get install -y -qq chromium nginx curl libreoffice-writer-nogui poppler-utils
	command -v npm >/dev/null || apt-get install -y -qq nodejs npm

clean-data:
	rm -rf data/raw data/store
