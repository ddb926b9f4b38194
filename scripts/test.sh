#!/usr/bin/env bash
# make test: the whole suite on PostgreSQL with a real Celery worker and real Chromium.
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
$PY -m pytest --create-db "$@"
rc=$?
if [ "$started_local" = 1 ]; then $PY -m kotaku.layanan_lokal stop || true; fi
exit $rc
