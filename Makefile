# The two commands: `make run` and `make test`. Both work on a fresh machine with only Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install chromium clean backup restore

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

# pg_dump -Fc of the running database (embedded or DATABASE_URL) into backup/kotaku-<time>.dump.
backup: install
	./scripts/cadangan.sh cadangkan

# Replaces the database's data with FILE's, in one transaction; asks nothing. Stop `make run` first.
restore: install
	@if [ -z "$(FILE)" ]; then echo "Pakai: make restore FILE=backup/kotaku-<waktu>.dump (MENGGANTI isi basis data)" >&2; exit 2; fi
	./scripts/cadangan.sh pulihkan "$(FILE)"

clean:
	-$(PY) -m kotaku.layanan_lokal stop
	rm -rf .local
