#!/usr/bin/env bash
# make test: the whole suite on PostgreSQL with a real Celery worker and real Chromium.
# The test database is reused between runs while the migrations are unchanged (their checksum is kept beside the
# embedded server); the suite empties it at the start, so a reused database is as clean as a new one.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
started_local=0
if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  started_local=1
  eval "$($PY -m kotaku.layanan_lokal env)" || exit 1
  export DATABASE_URL REDIS_URL
fi
export DJANGO_ALLOW_ASYNC_UNSAFE=true
jejak="${KOTAKU_LOCAL_DIR:-.local}/migrasi.sha256"
sekarang=$(cat $(find kotaku ksm pinjaman laporan -path '*/migrations/*.py' | sort) pyproject.toml | sha256sum | cut -d' ' -f1)
buat=--create-db
if [ -f "$jejak" ] && [ "$(cat "$jejak")" = "$sekarang" ]; then buat=; fi
$PY -m pytest $buat "$@"
rc=$?
if [ "$rc" = 0 ] || [ "$rc" = 1 ]; then mkdir -p "$(dirname "$jejak")" && echo "$sekarang" > "$jejak"; fi
if [ "$started_local" = 1 ]; then $PY -m kotaku.layanan_lokal stop || true; fi
exit $rc
