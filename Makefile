# The two commands: `make run` and `make test`. Both work on a fresh machine with only Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	./scripts/run.sh

chromium:
	@./scripts/chromium.sh

# Its own throwaway database: a separate embedded server under .local/test, stopped afterwards.
test: install chromium
	KOTAKU_LOCAL_DIR=$(CURDIR)/.local/test ./scripts/test.sh $(ARGS)

# mypy's Django plugin loads the settings: give it URLs so it never starts the embedded servers.
lint: install
	$(VENV)/bin/ruff check kotaku ksm pinjaman laporan tests benchmarks
	$(VENV)/bin/ruff format --check kotaku ksm pinjaman laporan tests benchmarks
	DATABASE_URL=postgresql://lint:@localhost/lint REDIS_URL=redis://localhost:6379/15 $(VENV)/bin/mypy --strict kotaku ksm pinjaman laporan

bench: install
	KOTAKU_LOCAL_DIR=$(CURDIR)/.local/bench ./scripts/bench.sh

clean:
	-$(PY) -m kotaku.layanan_lokal stop
	rm -rf .local
