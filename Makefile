# ImmunoGuide: `make run` serves the site, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install build validate chromium bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

validate: install
	$(BIN)/immunoguide validate

build: install
	$(BIN)/immunoguide build

## Build the curated content into the embedded SQLite store and serve it on http://$(HOST):$(PORT)
run: build
	$(BIN)/immunoguide serve --host $(HOST) --port $(PORT)

## Debian's chromium for the browser tests (Playwright drives it; no browser download)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium fonts-dejavu-core; }

## Every test: unit, store (SQLite, and PostgreSQL when IMMUNOGUIDE_TEST_DATABASE_URL is set), HTTP, browser
test: install chromium
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; fi; exit $$status

bench: build
	@command -v wrk >/dev/null 2>&1 || echo "note: install Debian's wrk for the HTTP benchmark"
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache
